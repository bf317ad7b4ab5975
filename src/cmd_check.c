/* cmd_check.c: `zhibu check --db URL --org ID --period P [--as-of D]`
** prints the compliance of an org (B3) as a table, using the same code as
** the server (life_eval), and exits 0.  Entry point: cmd_check(). */
#include "cmd.h"
#include "compliance.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Print the rows of a branch report. */
static void print_branch(const LifeReport *r)
{
    printf("%-14s %-8s %-8s %-10s %-10s %-8s %s\n", "类型", "周期", "状态",
           "截止日期", "完成日期", "会议", "依据");
    for (int i = 0; i < r->n; i++) {
        const LifeItem *it = &r->a[i];
        char zDue[11], zDone[11] = "-";
        cal_format(it->iDue, zDue);
        if (it->iDone) cal_format(it->iDone, zDone);
        printf("%-14s %-8s %-8s %-10s %-10s %-8lld %s %s\n", it->pKind->zKind,
               it->per.zName, life_status_name(it->iStatus), zDue, zDone,
               (long long)it->iMeeting, it->pKind->zRule, it->pKind->zArticle);
    }
}

/* Print the rows of a committee report. */
static void print_committee(const LifeReport *r)
{
    printf("支部 %d 个，达标 %d 个\n", r->nBranches, r->nCompliant);
    printf("%-18s %-8s %-10s %6s %6s %6s %6s\n", "类型", "周期", "截止日期",
           "应完成", "已完成", "待完成", "逾期");
    for (int i = 0; i < r->n; i++) {
        const LifeItem *it = &r->a[i];
        char zDue[11];
        cal_format(it->iDue, zDue);
        printf("%-18s %-8s %-10s %6d %6d %6d %6d\n", it->pKind->zKind,
               it->per.zName, zDue, it->nRequired, it->nDone, it->nDueN,
               it->nOverdue);
    }
    for (int i = 0; i < r->nChild; i++)
        if (r->aChild[i].nOverdue)
            printf("落后: %lld %s 逾期 %d 项\n", (long long)r->aChild[i].iOrg,
                   r->aChild[i].zName, r->aChild[i].nOverdue);
}

int cmd_check(int argc, char **argv)
{
    VaultKeys k;
    LifeReport r;
    int64_t iOrg = 0;
    int iAsOf = cal_today();
    const char *zDb = cmd_db_url(&argc, argv);
    const char *zOrg = cmd_option(&argc, argv, "--org");
    const char *zPeriod = cmd_option(&argc, argv, "--period");
    const char *zAsOf = cmd_option(&argc, argv, "--as-of");
    char *zKey = cmd_key_path(&argc, argv, zDb);
    cmd_verify_options(argc, argv);
    if (argc != 1 || !zOrg || !zPeriod || util_parse_int64(zOrg, &iOrg) ||
        iOrg <= 0 || (zAsOf && cal_parse(zAsOf, &iAsOf)))
        die("用法: zhibu check --db URL --org ID --period 2026-05|2026-Q2|2026"
            " [--as-of YYYY-MM-DD]");
    Db *pDb = cmd_open(zDb, zKey, 0, &k);
    int rc = life_eval(pDb, iOrg, zPeriod, iAsOf, &r);
    if (rc) die("检查失败：%s", errcode_get(rc)->zMsg);
    if (r.bBranch)
        print_branch(&r);
    else
        print_committee(&r);
    life_report_free(&r);
    db_close(pDb);
    free(zKey);
    return 0;
}
