/* cmdtab.c: the CLI command table, help generated from it, and dispatch
** (c-style §7.5). */
#include "cmd.h"
#include "cmd_calendar.h"
#include "cmd_data.h"
#include "compliance.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

typedef struct Command {
    const char *zName;                  /* exact name */
    int (*xRun)(int argc, char **argv); /* argv[0] is the name */
    int bTest;                          /* hidden from help */
    const char *zUsage;                 /* usage line */
    const char *zHelp;                  /* one line in Chinese */
} Command;

static int cmd_help(int argc, char **argv);

/* Sorted by name (a unit test checks). */
/* clang-format off */
static const Command aCommand[] = {
  { "audit",      cmd_audit,      0, "audit verify --db URL", "校验审计日志哈希链，发现被篡改的记录时退出码非零" },
  { "backup",     cmd_backup,     0, "backup --db URL FILE", "在服务运行时生成一致的数据库备份" },
  { "calendar",   cmd_calendar,   0, "calendar workday YYYY-MM N | is-workday YYYY-MM-DD", "工作日历：第N个工作日、是否工作日" },
  { "check",      cmd_check,      0, "check --db URL --org ID --period 2026-05|2026-Q2|2026 [--as-of YYYY-MM-DD]", "按周期检查组织生活（三会一课等）完成情况，打印表格" },
  { "demo",       cmd_demo,       0, "demo --db PATH [--listen ADDR:PORT] [--no-serve]", "生成演示组织并启动服务，打印演示账号" },
  { "dues",       cmd_dues,       0, "dues calc --kind salaried|annual_salary|self_employed|retired|student|unemployed|farmer --base AMOUNT [--db URL] [--explain]", "按类别和基数计算每月应交党费（按全部基数所在档次的比例计算，四舍五入到分）" },
  { "export",     cmd_export,     0, "export members --db URL --org ID --out FILE.xlsx [--unmask]", "导出党员名册" },
  { "gen",        cmd_gen,        0, "gen --db URL --scale county|city|province", "生成大规模测试数据（基准测试用）" },
  { "help",       cmd_help,       0, "help [COMMAND|routes]", "帮助" },
  { "idcard",     cmd_idcard,     0, "idcard ID", "校验公民身份号码：valid 出生日期 性别 或 invalid: 原因" },
  { "import",     cmd_import,     0, "import members --db URL --org ID FILE [--dry-run]", "导入党员名册（xlsx 或 csv）" },
  { "init",       cmd_init,       0, "init --db URL --root-name NAME", "初始化空数据库：表结构、根党组织（编号1）和三员账户" },
  { "migrate",    cmd_migrate,    0, "migrate --db URL", "应用数据库迁移" },
  { "recruit",    cmd_recruit,    0, "recruit audit FILE.json [--db URL]", "发展党员时间审核：核对纸质档案的日期、介绍人、培训和表决，有错误时退出码为1" },
  { "serve",      cmd_serve,      0, "serve --db URL [--listen ADDR:PORT] [--assets-dir DIR] [--threads N]", "启动 Web 服务" },
  { "test-route", cmd_test_route, 1, "test-route METHOD PATH", "打印匹配的路由" },
  { "user",       cmd_user,       0, "user add --db URL --login L --role ROLE [--org ID] --password-stdin", "创建账户（密码由本人从标准输入给出）" },
};
/* clang-format on */

/* Exposed for the table test. */
int main_command_count(void)
{
    return COUNT(aCommand);
}
const char *main_command_name(int i)
{
    return aCommand[i].zName;
}

static int cmd_help(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "routes") == 0) {
        return cmd_test_route(0, 0);
    }
    printf("zhibu (支部) 电子党务系统\n\n用法: zhibu COMMAND [选项]\n\n");
    for (int i = 0; i < COUNT(aCommand); i++) {
        if (aCommand[i].bTest) continue;
        if (argc >= 2 && strcmp(argv[1], aCommand[i].zName) != 0) continue;
        printf("  %-10s %s\n             zhibu %s\n", aCommand[i].zName,
               aCommand[i].zHelp, aCommand[i].zUsage);
    }
    return 0;
}

int cmd_dispatch(int argc, char **argv)
{
    if (argc < 2) return cmd_help(1, argv);
    for (int i = 0; i < COUNT(aCommand); i++) {
        if (strcmp(argv[1], aCommand[i].zName) == 0)
            return aCommand[i].xRun(argc - 1, argv + 1);
    }
    fprintf(stderr, "zhibu: 未知命令 %s（运行 zhibu help 查看全部命令）\n",
            argv[1]);
    return 2;
}
