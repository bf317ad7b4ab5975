/* cmd.c: option parsing, start-up, and the commands init, migrate, serve,
** backup, audit verify, user add, idcard, test-route. */
#include "cmd.h"
#include "audit.h"
#include "auth.h"
#include "cap.h"
#include "idcard.h"
#include "passwd.h"
#include "route.h"
#include "schema.h"
#include "server.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *cmd_option(int *pArgc, char **argv, const char *zName)
{
    size_t n = strlen(zName);
    for (int i = 1; i < *pArgc; i++) {
        const char *zVal = 0;
        int nTake = 0;
        if (strcmp(argv[i], zName) == 0 && i + 1 < *pArgc) {
            zVal = argv[i + 1];
            nTake = 2;
        } else if (strncmp(argv[i], zName, n) == 0 && argv[i][n] == '=') {
            zVal = argv[i] + n + 1;
            nTake = 1;
        }
        if (nTake) {
            for (int j = i; j + nTake <= *pArgc; j++)
                argv[j] = argv[j + nTake];
            *pArgc -= nTake;
            return zVal;
        }
    }
    return 0;
}

int cmd_flag(int *pArgc, char **argv, const char *zName)
{
    for (int i = 1; i < *pArgc; i++) {
        if (strcmp(argv[i], zName) == 0) {
            for (int j = i; j + 1 <= *pArgc; j++)
                argv[j] = argv[j + 1];
            (*pArgc)--;
            return 1;
        }
    }
    return 0;
}

void cmd_verify_options(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], "--", 2) == 0) die("未知选项 %s", argv[i]);
}

const char *cmd_db_url(int *pArgc, char **argv)
{
    const char *z = cmd_option(pArgc, argv, "--db");
    if (!z) z = getenv("ZHIBU_DB");
    if (!z) die("需要 --db 数据库（SQLite 文件路径或 postgresql://…）");
    return z;
}

char *cmd_key_path(int *pArgc, char **argv, const char *zDbUrl)
{
    const char *z = cmd_option(pArgc, argv, "--key");
    if (!z) z = getenv("ZHIBU_KEY");
    if (z) return xstrdup(z);
    if (strncmp(zDbUrl, "postgres", 8) == 0) return xstrdup("zhibu.key");
    if (strncmp(zDbUrl, "sqlite:", 7) == 0) zDbUrl += 7;
    return xprintf("%s.key", zDbUrl);
}

Db *cmd_open(const char *zDbUrl, const char *zKeyPath, int bCreateKeys,
             VaultKeys *pKeys)
{
    Db *pDb = 0;
    char *zErr = 0;
    if (vault_selftest()) die("国密算法自检失败 (SM3/SM4 known-answer tests)");
    if (db_open(zDbUrl, &pDb, &zErr)) die("%s", zErr);
    if (pKeys && vault_keys_load(zKeyPath, bCreateKeys, pKeys, &zErr))
        die("%s", zErr);
    return pDb;
}

void cmd_app_init(App *pApp, const char *zDbUrl, const char *zKeyPath,
                  int nConn)
{
    char *zErr = 0;
    Db *pDb = cmd_open(zDbUrl, zKeyPath, 0, &pApp->keys);
    if (schema_check(pDb, &zErr)) die("%s", zErr);
    db_close(pDb);
    if (dbpool_new(zDbUrl, nConn, &pApp->pPool, &zErr)) die("%s", zErr);
    pApp->zDbUrl = zDbUrl;
    sem_init(&pApp->semHash, 0, 2);
    pthread_mutex_init(&pApp->muJob, 0);
    pApp->zDummyHash = passwd_hash("dummy-password-for-timing");
}

int cmd_do_init(Db *pDb, App *pApp, const char *zRootName, int bPrint)
{
    static const char *const azAdmin[] = {"sysadmin", "secadmin", "auditor"};
    int nApplied = 0;
    char *zErr = 0;
    int64_t n = 0;
    if (schema_migrate(pDb, &nApplied, &zErr)) die("%s", zErr);
    if (db_one_int64(pDb, &n, "SELECT count(*) FROM org", "") == DB_OK && n)
        die("数据库不是空的：已有组织");
    int rc = db_begin(pDb);
    if (!rc) rc = audit_init(pDb);
    if (!rc)
        rc = db_run(pDb,
                    "INSERT INTO org(id,parent_id,kind,name,path,depth,"
                    "created_at) VALUES(1,NULL,'committee',$1,'/1/',0,$2)",
                    "ti", zRootName, util_now());
    if (!rc && db_kind(pDb) == DB_KIND_PG)
        rc = db_exec(pDb, "SELECT setval(pg_get_serial_sequence('org','id'),"
                          " (SELECT max(id) FROM org))");
    if (!rc) rc = db_commit(pDb);
    if (rc) die("初始化失败: %s", db_errmsg(pDb));
    Ctx c = {pDb, &pApp->keys, 0, "cli"};
    for (int i = 0; i < 3; i++) {
        Err e = {0};
        int64_t iUser = 0;
        char *zPw = 0;
        if (auth_user_create(&c, pApp, azAdmin[i], cap_role(azAdmin[i])->zLabel,
                             azAdmin[i], 0, 0, 1, &iUser, &zPw, &e))
            die("创建管理员 %s 失败: %s", azAdmin[i],
                e.zMsg ? e.zMsg : errcode_get(e.iCode)->zMsg);
        if (bPrint)
            printf("%-9s 一次性密码: %s  （首次登录须修改）\n", azAdmin[i],
                   zPw);
        free(zPw);
    }
    return 0;
}

/* A minimal App for CLI commands that create accounts. */
static void cli_app(App *pApp)
{
    memset(pApp, 0, sizeof *pApp);
    sem_init(&pApp->semHash, 0, 1);
    pthread_mutex_init(&pApp->muJob, 0);
}

int cmd_init(int argc, char **argv)
{
    App app;
    const char *zDb = cmd_db_url(&argc, argv);
    const char *zRoot = cmd_option(&argc, argv, "--root-name");
    char *zKey = cmd_key_path(&argc, argv, zDb);
    cmd_verify_options(argc, argv);
    if (!zRoot || !*zRoot) die("需要 --root-name 根党组织名称");
    cli_app(&app);
    Db *pDb = cmd_open(zDb, zKey, 1, &app.keys);
    cmd_do_init(pDb, &app, zRoot, 1);
    printf("已初始化 %s（密钥文件 %s，请妥善备份）\n", zDb, zKey);
    db_close(pDb);
    free(zKey);
    return 0;
}

int cmd_migrate(int argc, char **argv)
{
    int n = 0;
    char *zErr = 0;
    const char *zDb = cmd_db_url(&argc, argv);
    cmd_verify_options(argc, argv);
    Db *pDb = cmd_open(zDb, 0, 0, 0);
    if (schema_migrate(pDb, &n, &zErr)) die("%s", zErr);
    printf("已应用 %d 个迁移\n", n);
    db_close(pDb);
    return 0;
}

/* The default number of worker threads (and pooled connections): two per
** online CPU, at least 4 and at most 32.  Part of a request's time is spent
** waiting on the database (a round trip per statement on PostgreSQL, a
** commit's fsync); measured on two cores, 4 threads served the roster
** faster than 2 (38,000 against 27,000-36,000 requests/s), and for
** recording meetings on PostgreSQL neither was consistently better
** (docs/performance.md). */
static int default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 2 ? 4 : n > 16 ? 32 : 2 * (int)n;
}

int cmd_serve(int argc, char **argv)
{
    App app;
    const char *zDb = cmd_db_url(&argc, argv);
    const char *zListen = cmd_option(&argc, argv, "--listen");
    const char *zAssets = cmd_option(&argc, argv, "--assets-dir");
    const char *zThreads = cmd_option(&argc, argv, "--threads");
    char *zKey = cmd_key_path(&argc, argv, zDb);
    cmd_verify_options(argc, argv);
    int nThreads = zThreads ? atoi(zThreads) : default_threads();
    if (nThreads < 1 || nThreads > 64) die("--threads 应为 1 到 64");
    memset(&app, 0, sizeof app);
    cmd_app_init(&app, zDb, zKey, nThreads);
    app.zAssetsDir = zAssets;
    int rc = server_run(&app, zListen ? zListen : "127.0.0.1:8080", nThreads);
    dbpool_free(app.pPool);
    free(app.zDummyHash);
    free(zKey);
    return rc;
}

int cmd_backup(int argc, char **argv)
{
    char *zErr = 0;
    const char *zDb = cmd_db_url(&argc, argv);
    free(cmd_key_path(&argc, argv, zDb)); /* accepted; the copy is encrypted */
    cmd_verify_options(argc, argv);
    if (argc != 2) die("用法: zhibu backup --db URL FILE");
    Db *pDb = cmd_open(zDb, 0, 0, 0);
    if (db_backup(pDb, argv[1], &zErr)) die("%s", zErr);
    printf("已备份到 %s\n", argv[1]);
    db_close(pDb);
    return 0;
}

int cmd_audit(int argc, char **argv)
{
    VaultKeys k;
    int64_t nRows = 0, iBad = 0;
    const char *zDb = cmd_db_url(&argc, argv);
    char *zKey = cmd_key_path(&argc, argv, zDb);
    cmd_verify_options(argc, argv);
    if (argc != 2 || strcmp(argv[1], "verify") != 0)
        die("用法: zhibu audit verify --db URL");
    Db *pDb = cmd_open(zDb, zKey, 0, &k);
    if (audit_verify(pDb, &k, &nRows, &iBad)) die("%s", db_errmsg(pDb));
    db_close(pDb);
    free(zKey);
    if (iBad) {
        printf("审计日志被篡改：第 %lld 条记录校验失败（已检查 %lld 条）\n",
               (long long)iBad, (long long)nRows);
        printf("bad %lld\n", (long long)iBad);
        return 1;
    }
    printf("审计日志完整：%lld 条记录\nok %lld\n", (long long)nRows,
           (long long)nRows);
    return 0;
}

int cmd_user(int argc, char **argv)
{
    App app;
    char zPw[512];
    const char *zDb = cmd_db_url(&argc, argv);
    const char *zLogin = cmd_option(&argc, argv, "--login");
    const char *zRole = cmd_option(&argc, argv, "--role");
    const char *zOrg = cmd_option(&argc, argv, "--org");
    const char *zName = cmd_option(&argc, argv, "--name");
    const char *zPerson = cmd_option(&argc, argv, "--person");
    int bStdin = cmd_flag(&argc, argv, "--password-stdin");
    char *zKey = cmd_key_path(&argc, argv, zDb);
    cmd_verify_options(argc, argv);
    if (argc != 2 || strcmp(argv[1], "add") != 0 || !zLogin || !zRole)
        die("用法: zhibu user add --db URL --login L --role ROLE [--org ID] "
            "--password-stdin");
    const Role *pRole = cap_role(zRole);
    if (!pRole) die("未知角色 %s", zRole);
    if (!bStdin) die("需要 --password-stdin（密码由账户本人给出）");
    if (!fgets(zPw, sizeof zPw, stdin)) die("没有从标准输入读到密码");
    zPw[strcspn(zPw, "\r\n")] = 0;
    int64_t iOrg = 0, iPerson = 0;
    if (!pRole->bAdmin && (!zOrg || util_parse_int64(zOrg, &iOrg)))
        die("业务角色需要 --org 组织编号");
    if (zPerson && util_parse_int64(zPerson, &iPerson)) die("--person 无效");
    cli_app(&app);
    Db *pDb = cmd_open(zDb, zKey, 0, &app.keys);
    char *zErr = 0;
    if (schema_check(pDb, &zErr)) die("%s", zErr);
    Ctx c = {pDb, &app.keys, 0, "cli"};
    Err e = {0};
    int64_t iUser = 0;
    if (auth_user_create(&c, &app, zLogin, zName, pRole->bAdmin ? zRole : 0,
                         iPerson, zPw, 0, &iUser, 0, &e) ||
        (!pRole->bAdmin && auth_grant(&c, iUser, zRole, iOrg, 0, &e)))
        die("%s", e.zMsg ? e.zMsg : errcode_get(e.iCode)->zMsg);
    printf("已创建账户 %s（编号 %lld，角色 %s）\n", zLogin, (long long)iUser,
           pRole->zLabel);
    memset(zPw, 0, sizeof zPw);
    db_close(pDb);
    free(zKey);
    return 0;
}

int cmd_idcard(int argc, char **argv)
{
    IdCard card;
    const char *zCode = 0, *zMsg = 0;
    if (argc != 2) die("用法: zhibu idcard ID");
    if (idcard_parse(argv[1], 0, &card, &zCode, &zMsg)) {
        printf("invalid: %s (%s)\n", zCode, zMsg);
        return 1;
    }
    printf("valid %s %s\n", card.zBirth, card.bMale ? "male" : "female");
    return 0;
}

int cmd_test_route(int argc, char **argv)
{
    if (argc == 3) {
        const char *azArg[REQ_MAX_ARGS];
        int nArg = 0, bMethod = 0;
        char *zCopy = 0;
        const Route *p =
            route_match(argv[1], argv[2], azArg, &nArg, &zCopy, &bMethod);
        if (!p) {
            printf("%s\n", bMethod ? "405" : "404");
            return 1;
        }
        printf("%s %s", p->zMethod, p->zPattern);
        for (int i = 0; i < nArg; i++)
            printf(" %s", azArg[i]);
        printf("\n");
        free(zCopy);
        return 0;
    }
    for (int i = 0; route_at(i); i++)
        printf("| `%s` | `%s` | %s |\n", route_at(i)->zMethod,
               route_at(i)->zPattern, route_at(i)->zSummary);
    return 0;
}
