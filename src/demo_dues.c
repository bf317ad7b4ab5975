/* demo_dues.c: party dues in the demo database (issue 4 items 6-7).
**
** Every demo member gets a category and a base confirmed in January
** (retired members of the 离退休 branch: retired, on a pension; a few
** annual-salary cadres; everyone else salaried, with a plausible after-tax
** wage), one a salary change from July (F11), and payments from January
** to the end of last month through the same domain functions as the UI
** (ledger_dues_pay, ledger_dues_pay_bulk), so every row is validated and
** audited.  Most members pay monthly from the collection sheet, every
** third one quarterly in advance; a few are two or three months behind;
** one member of the 县财政局 branch (the demo secretary's) stopped paying in
** April, so the six-month 自行脱党 review flag shows (F14/F18), another
** is behind by two months; one retired member has an approved exemption
** for March-June (F8).  Deterministic: everything follows from the member
** order and today's month.
**
** Entry point: demo_dues. */
#include "demo_dues.h"
#include "calendar.h"
#include "ledger_dues.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How a demo member pays. */
enum { PAY_MONTHLY, PAY_QUARTERLY, PAY_BEHIND2, PAY_BEHIND3, PAY_STOPPED };

/* One demo member and the plan of their dues. */
typedef struct DemoDues {
    int64_t iMember, iOrg; /* ids */
    int iStart;            /* first month of the year they pay (F9) */
    int iPlan;             /* PAY_* */
    int bExempt;           /* approved exemption March-June (F8) */
} DemoDues;

/* Stop the demo build with the message of a failed call (CLI only). */
static _Noreturn void demo_fail(const char *zWhat, const Err *e)
{
    die("演示党费数据 %s 失败：%s", zWhat, errcode_get(e->iCode)->zMsg);
}

/* Record a base for member m: category and base by job and branch. */
static void demo_base(Ctx *c, const DemoDues *m, int k, const char *zOrg,
                      const char *zJob, int iFirst)
{
    DuesBaseIn in = {0};
    char zMonth[8], zOn[11];
    int64_t iId;
    Err e = {0};
    int bRetired = strstr(zOrg, "离退休") || (zJob && strstr(zJob, "退休"));
    unsigned h = (unsigned)(m->iMember * 2654435761u);
    duesbook_month_format(m->iStart > iFirst ? m->iStart : iFirst, zMonth);
    snprintf(zOn, sizeof zOn, "%.4s-01-%02d", zMonth, 8 + k % 15);
    in.zMonth = zMonth;
    in.zConfirmedOn = zOn;
    in.bBase = 1;
    if (bRetired) {
        /* F6: basic pension, 3,200-7,800 元. */
        in.zKind = "retired";
        in.nBaseFen = 320000 + (int64_t)(h % 4600) * 100;
        in.zNote = "年初核定（基本养老金）";
    } else if (zJob && (strstr(zJob, "局长") || strstr(zJob, "主任")) &&
               k % 4 == 0) {
        /* F4: 年薪制 cadres, monthly pay actually received. */
        in.zKind = "annual_salary";
        in.nBaseFen = 1200000 + (int64_t)(h % 800) * 1000;
        in.zNote = "年初核定（年薪制，按当月实发）";
    } else {
        /* F1-F3: after-tax fixed pay, 3,600-11,800 元, to 0.50 元. */
        in.zKind = "salaried";
        in.nBaseFen = 360000 + (int64_t)(h % 16400) * 50;
        in.zNote = "年初核定（税后工资收入）";
    }
    if (ledger_dues_base_add(c, m->iMember, &in, &iId, &e))
        demo_fail("核定基数", &e);
    if (!bRetired && k % 29 == 0) {
        /* F11: a salary change from July, from the month first received. */
        char zJul[8];
        duesbook_month_format(iFirst + 6, zJul);
        snprintf(zOn, sizeof zOn, "%.4s-07-05", zJul);
        in.zMonth = zJul;
        in.zConfirmedOn = zOn;
        in.nBaseFen += 60000;
        in.zNote = "工资调整，自首次领取新工资当月起按新基数交纳";
        if (m->iStart <= iFirst + 6 &&
            iFirst + 6 < duesbook_month_of_day(cal_today()) &&
            ledger_dues_base_add(c, m->iMember, &in, &iId, &e))
            demo_fail("调整基数", &e);
    }
}

/* Does member m pay month iMonth (iLast: the last closed month)? */
static int pays(const DemoDues *m, int iMonth, int iLast)
{
    if (iMonth < m->iStart) return 0;
    if (m->bExempt && iMonth % 12 >= 2 && iMonth % 12 <= 5) return 0;
    switch (m->iPlan) {
    case PAY_STOPPED:
        return iMonth % 12 < 3; /* January-March only */
    case PAY_BEHIND2:
        return iMonth <= iLast - 2;
    case PAY_BEHIND3:
        return iMonth <= iLast - 3;
    default:
        return 1;
    }
}

void demo_dues(Ctx *c, int iToday)
{
    DbStmt *s = 0;
    DemoDues *a = 0;
    int n = 0, nAlloc = 0, iFirstRetired = -1, iLogin = 0;
    int iLast = duesbook_month_of_day(iToday) - 1; /* last closed month */
    int iFirst = iLast - iLast % 12;               /* its January */
    Err e = {0};
    int rc = db_prepare(
        c->pDb, &s,
        "SELECT m.id, m.org_id, o.name, p.job, m.joined_on FROM member m "
        "JOIN person p ON p.id=m.person_id JOIN org o ON o.id=m.org_id "
        "ORDER BY o.path, m.id");
    while (!rc && db_step(s) == DB_ROW) {
        int iDay = 0, k = n;
        if (n == nAlloc) {
            nAlloc = nAlloc ? 2 * nAlloc : 64;
            a = xrealloc(a, (size_t)nAlloc * sizeof *a);
        }
        DemoDues *m = &a[n++];
        const char *zOrg = db_col_text(s, 2);
        memset(m, 0, sizeof *m);
        m->iMember = db_col_int64(s, 0);
        m->iOrg = db_col_int64(s, 1);
        m->iStart = iFirst;
        /* F9: a member admitted this year pays from the congress month. */
        if (db_col_text(s, 4) && !cal_parse(db_col_text(s, 4), &iDay) &&
            duesbook_month_of_day(iDay) > iFirst)
            m->iStart = duesbook_month_of_day(iDay);
        m->iPlan = k % 3 == 0     ? PAY_QUARTERLY
                   : k % 41 == 7  ? PAY_BEHIND2
                   : k % 53 == 11 ? PAY_BEHIND3
                                  : PAY_MONTHLY;
        if (strcmp(zOrg, "县财政局党支部") == 0 && ++iLogin >= 5 && iLogin <= 6)
            m->iPlan = iLogin == 5 ? PAY_STOPPED : PAY_BEHIND2;
        const char *zJob = db_col_text(s, 3);
        if (zJob && strstr(zJob, "退休") && iFirstRetired < 0 && k % 3 != 0 &&
            iFirst + 5 <= iLast) {
            iFirstRetired = k;
            m->bExempt = 1;
        }
        demo_base(c, m, k, zOrg, db_col_text(s, 3), iFirst);
    }
    db_finalize(s);
    for (int i = 0; i < n; i++) {
        if (!a[i].bExempt) continue;
        /* F8: 交纳党费确有困难，经党支部研究，报上一级党委批准，免交. */
        DuesReliefIn r = {0};
        char zFrom[8], zTo[8], zOn[11];
        int64_t iId;
        duesbook_month_format(iFirst + 2, zFrom);
        duesbook_month_format(iFirst + 5, zTo);
        snprintf(zOn, sizeof zOn, "%.4s-02-26", zFrom);
        r = (DuesReliefIn){"exemption",
                           zFrom,
                           zTo,
                           0,
                           0,
                           "王建国",
                           "中共某某县直属机关工作委员会",
                           zOn,
                           "因病住院治疗，医疗费用负担重，家庭生活困难；"
                           "经支部委员会研究，报县直机关工委批准免交"};
        if (iFirst + 5 <= iLast &&
            ledger_dues_relief_add(c, a[i].iMember, &r, &iId, &e))
            demo_fail("免交", &e);
    }
    /* Quarterly payers: each quarter in advance, on the 15th of its first
    ** month, by bank transfer. */
    for (int i = 0; i < n; i++) {
        if (a[i].iPlan != PAY_QUARTERLY) continue;
        for (int q = iFirst; q <= iLast; q += 3) {
            int iFrom = q < a[i].iStart ? a[i].iStart : q;
            if (iFrom > q + 2 || (a[i].bExempt && q % 12 < 6 && q % 12 >= 2))
                continue;
            DuesRoll roll;
            DuesMonth mo[3];
            char zFrom[8], zTo[8], zOn[11], zReceipt[24];
            int64_t nFen = 0, iId;
            if (ledger_dues_roll(c->pDb, 0, a[i].iMember, &roll)) continue;
            duesbook_months(&roll.a[0].book, iFrom, q + 3 - iFrom, mo);
            for (int j = 0; j < q + 3 - iFrom; j++)
                nFen += mo[j].nDue;
            ledger_dues_roll_free(&roll);
            if (nFen <= 0) continue;
            duesbook_month_format(iFrom, zFrom);
            duesbook_month_format(q + 2, zTo);
            snprintf(zOn, sizeof zOn, "%s-15", zFrom);
            snprintf(zReceipt, sizeof zReceipt, "DF%.4s%04d%02d", zFrom,
                     (int)(a[i].iMember % 10000), q % 12 + 1);
            DuesPayIn p = {zFrom,      zTo,      nFen,         1, zOn,
                           "transfer", zReceipt, "按季度预交", 0};
            if (ledger_dues_pay(c, a[i].iMember, &p, &iId, &e))
                demo_fail("按季交纳", &e);
        }
    }
    /* Monthly payers: the secretary records each org's month from the
    ** collection sheet in one go (all or nothing). */
    DuesBulkRow *aRow = xcalloc((size_t)(n ? n : 1), sizeof *aRow);
    for (int iMonth = iFirst; iMonth <= iLast; iMonth++) {
        for (int i = 0; i < n;) {
            int j = i, nRow = 0, iRow;
            int64_t nFen;
            char zMonth[8], zOn[11];
            for (; j < n && a[j].iOrg == a[i].iOrg; j++) {
                if (a[j].iPlan == PAY_QUARTERLY || !pays(&a[j], iMonth, iLast))
                    continue;
                aRow[nRow++] = (DuesBulkRow){a[j].iMember, 0, 0, 0};
            }
            duesbook_month_format(iMonth, zMonth);
            snprintf(zOn, sizeof zOn, "%s-%02d", zMonth, 10 + (i % 9));
            if (nRow && ledger_dues_pay_bulk(c, a[i].iOrg, zMonth, zOn,
                                             i % 2 ? "wechat" : "cash", aRow,
                                             nRow, &iRow, &nFen, &e))
                demo_fail("按月交纳", &e);
            i = j;
        }
    }
    free(aRow);
    free(a);
    printf("已生成党费数据：%d 名党员的基数与 %d 个月的交纳记录\n", n,
           iLast - iFirst + 1);
}
