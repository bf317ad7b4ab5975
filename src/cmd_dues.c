/* cmd_dues.c: `zhibu dues calc`, the monthly dues of one member category
** and base (issue 4 item 8, F1-F7) from the same dues.c code as the
** server, with the working on request (--explain).
**
** Entry point: cmd_dues. */
#include "cmd.h"
#include "dues.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Print the usage to stderr and return 2. */
static int usage(void)
{
    fprintf(stderr,
            "用法：zhibu dues calc --kind KIND --base AMOUNT [--db URL] [-"
            "-explain]\n      KIND：salaried（工资收入）、"
            "annual_salary（年薪制）、self_employed（个体经营等）、"
            "retired（离退休）、student（学生）、unemployed（下岗失业等）"
            "、farmer（农民）\n      AMOUNT：月交纳党费基数，单位元，"
            "最多两位小数，如 3000.01；student、unemployed、"
            "farmer 为固定数额，可不填\n"
            "      --db 给出时农民党员的数额等按该库的设置，否则按默认设置\n");
    return 2;
}

/* The local rules: from the settings of database zDb, or the defaults.
** Returns 0, or 2 after a message when zDb cannot be opened. */
static int load_rules(const char *zDb, DuesRules *p)
{
    Db *pDb = 0;
    char *zErr = 0;
    if (!zDb) {
        dues_rules_default(p);
        return 0;
    }
    if (db_open(zDb, &pDb, &zErr)) {
        fprintf(stderr, "无法打开数据库 %s：%s\n", zDb, zErr ? zErr : "");
        free(zErr);
        return 2;
    }
    dues_rules_load(pDb, p);
    db_close(pDb);
    return 0;
}

/* The working of c, one step a line: base -> band -> rate -> amount. */
static void explain(const DuesCalc *c)
{
    char zBase[32], zAmount[32], zRate[16];
    dues_format_fen(c->nBaseFen, zBase);
    dues_format_fen(c->nAmountFen, zAmount);
    dues_format_rate(c->iRateBp, zRate);
    printf("类别：%s（%s）\n", dues_kind_label(c->eKind),
           dues_kind_name(c->eKind));
    if (c->bFixed) {
        printf("标准：%s\n", c->zBand);
    } else {
        printf("基数：%s元\n档次：%s\n比例：%s（按全部基数计算）\n", zBase,
               c->zBand, zRate);
    }
    printf("月交党费：%s元%s\n", zAmount, c->bFixed ? "" : "（四舍五入到分）");
    if (c->bCapped) printf("已按本地规定的每月上限（F19）封顶\n");
    printf("依据：%s（%s）\n", c->zArticle, c->zRule);
}

/* dues calc --kind KIND [--base AMOUNT] [--db URL] [--explain] */
static int do_calc(const char *zKind, const char *zBase, const char *zDb,
                   int bExplain)
{
    DuesKind eKind;
    DuesRules rules;
    DuesCalc c;
    int64_t nBase = 0;
    char zAmount[32];
    int rc;
    if (!zKind) {
        fprintf(stderr, "缺少 --kind（党员类别）\n");
        return usage();
    }
    if (dues_kind_parse(zKind, &eKind)) {
        fprintf(stderr,
                "类别无效：%s（应为 salaried、annual_salary、"
                "self_employed、retired、student、unemployed 或 farmer）\n",
                zKind);
        return 2;
    }
    if (zBase && dues_parse_yuan(zBase, &nBase)) {
        fprintf(stderr,
                "基数无效：%s（应为以元为单位的非负金额，最多两位小数，"
                "如 3000.01）\n",
                zBase);
        return 2;
    }
    int bFixed = eKind == DUES_STUDENT || eKind == DUES_UNEMPLOYED ||
                 eKind == DUES_FARMER;
    if (!zBase && !bFixed) {
        fprintf(stderr,
                "缺少 --base（月交纳党费基数，单位元，最多两位小数）\n");
        return 2;
    }
    if ((rc = load_rules(zDb, &rules))) return rc;
    if (dues_monthly_fen(eKind, nBase, &rules, &c)) {
        fprintf(stderr, "无法计算：基数超出范围\n");
        return 2;
    }
    dues_format_fen(c.nAmountFen, zAmount);
    printf("%s\n", zAmount);
    if (bExplain) explain(&c);
    return 0;
}

int cmd_dues(int argc, char **argv)
{
    const char *zKind = cmd_option(&argc, argv, "--kind");
    const char *zBase = cmd_option(&argc, argv, "--base");
    const char *zDb = cmd_option(&argc, argv, "--db");
    int bExplain = cmd_flag(&argc, argv, "--explain");
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], "--", 2) == 0) {
            fprintf(stderr, "未知选项 %s\n", argv[i]);
            return usage();
        }
    if (argc == 2 && strcmp(argv[1], "calc") == 0)
        return do_calc(zKind, zBase, zDb, bExplain);
    return usage();
}
