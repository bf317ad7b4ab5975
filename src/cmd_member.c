/* cmd_member.c: the roster on the command line (A2):
**
**   zhibu import members --db URL --org ID FILE [--dry-run]
**   zhibu export members --db URL --org ID --out FILE.xlsx [--unmask]
**
** Both run the same member_import() / member_export() as the HTTP API, as
** the actor "cli", and are audited the same way. */
#include "cmd.h"
#include "cmd_data.h"
#include "member.h"
#include "schema.h"
#include "setting.h"
#include "sheet.h"
#include "util.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Open the database named by the options, check its schema and load the
** keys into *pKeys.  Dies on failure. */
static Db *open_db(const char *zDb, const char *zKey, VaultKeys *pKeys)
{
    char *zErr = 0;
    Db *pDb = cmd_open(zDb, zKey, 0, pKeys);
    if (schema_check(pDb, &zErr)) die("%s", zErr);
    return pDb;
}

/* A progress bar on stderr (a MemberProgressFn). */
static void cli_progress(void *pArg, int nDone, int nTotal)
{
    char zBar[31];
    int nPct = nTotal > 0 ? (int)((long long)nDone * 100 / nTotal) : 100;
    int nFill = nPct * 30 / 100;
    (void)pArg;
    memset(zBar, '#', (size_t)nFill);
    memset(zBar + nFill, ' ', (size_t)(30 - nFill));
    zBar[30] = 0;
    fprintf(stderr, "\r处理中 [%s] %3d%% %d/%d", zBar, nPct, nDone, nTotal);
    fflush(stderr);
}

/* Print the errors, unknown columns and a summary of an import. */
static void print_import(int rc, const MemberImport *p, int bDry)
{
    for (int i = 0; i < p->nErr; i++)
        printf("行 %d 列 %s：%s\n", p->aErr[i].iRow, p->aErr[i].zColumn,
               p->aErr[i].zMsg);
    if (p->nUnknown) {
        printf("未识别的列（已忽略）：");
        for (int i = 0; i < p->nUnknown; i++)
            printf("%s%s", i ? "、" : "", p->azUnknown[i]);
        printf("\n");
    }
    if (rc == ZE_OK && bDry)
        printf(
            "预检通过：共 %d 行，全部有效（未导入；去掉 --dry-run 即导入）\n",
            p->nRows);
    else if (rc == ZE_OK)
        printf("已导入 %d 人\n", p->nImported);
    else if (rc == ZE_IMPORT_ROWS)
        printf("共 %d 行，有效 %d 行，%d 处错误；未导入任何数据\n", p->nRows,
               p->nValid, p->nErr);
    else
        printf("导入失败：%s\n", p->zMsg ? p->zMsg : errcode_get(rc)->zMsg);
}

int cmd_import(int argc, char **argv)
{
    VaultKeys k;
    MemberImport res;
    Sheet *s = 0;
    const char *zCode = 0;
    char *zMsg = 0;
    int64_t iOrg = 0;
    size_t nData = 0;
    const char *zDb = cmd_db_url(&argc, argv);
    const char *zOrg = cmd_option(&argc, argv, "--org");
    int bDry = cmd_flag(&argc, argv, "--dry-run");
    char *zKey = cmd_key_path(&argc, argv, zDb);
    cmd_verify_options(argc, argv);
    if (argc != 3 || strcmp(argv[1], "members") != 0 || !zOrg ||
        util_parse_int64(zOrg, &iOrg) || iOrg <= 0)
        die("用法: zhibu import members --db URL --org ID FILE [--dry-run]");
    char *zData = util_read_file(argv[2], &nData);
    if (!zData) die("无法读取文件 %s", argv[2]);
    Db *pDb = open_db(zDb, zKey, &k);
    int nMax = (int)setting_int(pDb, "import-max-rows");
    if (sheet_read(argv[2], zData, nData, nMax, &s, &zCode, &zMsg))
        die("%s", zMsg ? zMsg : "无法读取文件");
    free(zData);
    Ctx c = {pDb, &k, 0, "cli"};
    int bTty = isatty(2);
    int rc = member_import(&c, iOrg, s, bDry, bTty ? cli_progress : 0, 0, &res);
    if (bTty) fprintf(stderr, "\n");
    print_import(rc, &res, bDry);
    member_import_free(&res);
    sheet_free(s);
    db_close(pDb);
    free(zKey);
    return rc ? 1 : 0;
}

/* Copy the whole of fd (from offset 0) to a new file zPath (mode 0600: it
** holds personal data).  Returns 0 or -1. */
static int copy_to(int fd, const char *zPath)
{
    char a[65536];
    ssize_t n;
    int out = open(zPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out < 0) return -1;
    while ((n = read(fd, a, sizeof a)) > 0) {
        if (write(out, a, (size_t)n) != n) {
            close(out);
            return -1;
        }
    }
    if (n < 0 || fsync(out) || close(out)) return -1;
    return 0;
}

int cmd_export(int argc, char **argv)
{
    VaultKeys k;
    MemberFilter f;
    int64_t iOrg = 0;
    int fd = -1, nRows = 0;
    long long nSize = 0;
    const char *zDb = cmd_db_url(&argc, argv);
    const char *zOrg = cmd_option(&argc, argv, "--org");
    const char *zOut = cmd_option(&argc, argv, "--out");
    int bUnmask = cmd_flag(&argc, argv, "--unmask");
    char *zKey = cmd_key_path(&argc, argv, zDb);
    cmd_verify_options(argc, argv);
    if (argc != 2 || strcmp(argv[1], "members") != 0 || !zOrg || !zOut ||
        util_parse_int64(zOrg, &iOrg) || iOrg <= 0)
        die("用法: zhibu export members --db URL --org ID --out FILE.xlsx "
            "[--unmask]");
    Db *pDb = open_db(zDb, zKey, &k);
    Ctx c = {pDb, &k, 0, "cli"};
    memset(&f, 0, sizeof f);
    f.nAgeMin = f.nAgeMax = -1;
    int rc = member_export(&c, iOrg, &f, bUnmask, &fd, &nSize, &nRows);
    if (rc) die("导出失败：%s", errcode_get(rc)->zMsg);
    if (copy_to(fd, zOut)) die("无法写入 %s", zOut);
    close(fd);
    printf("已导出 %d 人到 %s%s\n", nRows, zOut,
           bUnmask ? "（明文身份证号，已记入审计日志）" : "");
    db_close(pDb);
    free(zKey);
    return 0;
}
