/* cmd_recruit.c: `zhibu recruit audit FILE.json`, the dossier audit
** (发展党员时间审核, issue 4 item 4) from the command line: the same
** recruit.c code and JSON as POST /api/v1/recruitment/audit.
**
** Entry point: cmd_recruit. */
#include "cmd.h"
#include "calendar.h"
#include "errcode.h"
#include "recruit.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Print the usage to stderr and return 2. */
static int usage(void)
{
    fprintf(stderr, "用法：zhibu recruit audit FILE.json [--db URL]\n"
                    "      FILE 为 - 时从标准输入读取；"
                    "--db 给出时按该库的设置"
                    "（本地做法 P1、P3、P5 等）审核，否则按默认设置\n");
    return 2;
}

/* The local rules: from the settings of database zDb, or the defaults.
** Returns 0, or 2 after a message when zDb cannot be opened. */
static int load_rules(const char *zDb, RecruitRules *p)
{
    Db *pDb = 0;
    char *zErr = 0;
    if (!zDb) {
        recruit_rules_default(p);
        return 0;
    }
    if (db_open(zDb, &pDb, &zErr)) {
        fprintf(stderr, "无法打开数据库 %s：%s\n", zDb, zErr ? zErr : "");
        free(zErr);
        return 2;
    }
    recruit_rules_load(pDb, p);
    db_close(pDb);
    return 0;
}

/* Read and parse FILE (or stdin for "-") into *pp.  Returns 0, or 2
** after a Chinese message. */
static int load_json(const char *zFile, json_t **pp)
{
    json_error_t je;
    size_t n = 0;
    *pp = 0;
    if (strcmp(zFile, "-") == 0) {
        *pp = json_loadf(stdin, JSON_REJECT_DUPLICATES, &je);
    } else {
        char *z = util_read_file(zFile, &n);
        if (!z) {
            fprintf(stderr, "无法读取文件：%s\n", zFile);
            return 2;
        }
        *pp = json_loadb(z, n, JSON_REJECT_DUPLICATES, &je);
        free(z);
    }
    if (!*pp) {
        fprintf(stderr, "%s 不是有效的 JSON（第%d行第%d列）\n", zFile, je.line,
                je.column);
        return 2;
    }
    if (!json_is_object(*pp)) {
        fprintf(stderr, "%s 的内容应为一个 JSON 对象\n", zFile);
        json_decref(*pp);
        *pp = 0;
        return 2;
    }
    return 0;
}

/* recruit audit FILE [--db URL] */
static int do_audit(const char *zFile, const char *zDb)
{
    RecruitRules rules;
    RecruitDossier d;
    RecruitInputErr e;
    RecruitAudit a;
    json_t *pIn = 0;
    int rc = load_json(zFile, &pIn);
    if (rc) return rc;
    if (recruit_dossier_from_json(pIn, cal_today(), &d, &e)) {
        fprintf(stderr, "输入无效：%s（字段 %s）\n",
                e.zMsg ? e.zMsg : errcode_get(e.iCode)->zMsg, e.zField);
        json_decref(pIn);
        return 2;
    }
    json_decref(pIn);
    if ((rc = load_rules(zDb, &rules))) return rc;
    recruit_audit(&d, &rules, &a);
    json_t *pOut = recruit_audit_json(&a);
    char *z = json_dumps(pOut, JSON_INDENT(2));
    printf("%s\n", z);
    free(z);
    json_decref(pOut);
    rc = a.nError ? 1 : 0;
    recruit_audit_free(&a);
    return rc;
}

int cmd_recruit(int argc, char **argv)
{
    const char *zDb = cmd_option(&argc, argv, "--db");
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], "--", 2) == 0) {
            fprintf(stderr, "未知选项 %s\n", argv[i]);
            return usage();
        }
    if (argc == 3 && strcmp(argv[1], "audit") == 0)
        return do_audit(argv[2], zDb);
    return usage();
}
