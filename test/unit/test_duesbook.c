/* test_duesbook.c: unit tests for duesbook.c, named by rule id: the month
** a probationary member starts paying (F9), the base in force after a
** salary change (F11), the whole-base amount of each month (F3, F6),
** reductions and exemptions (F8), payments filling the months they cover,
** corrections that add to an entry and never overwrite it, arrears sums,
** and the six-month 自行脱党 review flag at 5 and 6 months and across an
** exemption month (F14, F18). */
#include "calendar.h"
#include "duesbook.h"
#include "tester.h"

void test_duesbook(void);

#define M(y, m) duesbook_month((y), (m))

/* A salaried member from 2026-01 with base 6000.00 (90.00 a month). */
static const DuesBase aBase6000[] = {{0, DUES_SALARIED, 600000}};

static void book_init(DuesBook *b, const DuesRules *pRules)
{
    static DuesBase aB[1];
    aB[0] = aBase6000[0];
    aB[0].iMonth = M(2026, 1);
    *b = (DuesBook){0, aB, 1, 0, 0, 0, 0, pRules};
}

static void test_months(void)
{
    int i = 0;
    char z[8];
    T_CHECK("month-parse-2026-03",
            duesbook_month_parse("2026-03", &i) == 0 && i == M(2026, 3));
    duesbook_month_format(M(2026, 12), z);
    T_STR("month-format-2026-12", z, "2026-12");
    T_CHECK("month-parse-13-refused", duesbook_month_parse("2026-13", &i));
    T_CHECK("month-parse-00-refused", duesbook_month_parse("2026-00", &i));
    T_CHECK("month-parse-day-refused", duesbook_month_parse("2026-03-01", &i));
    T_CHECK("month-parse-short-refused", duesbook_month_parse("2026-3", &i));
    T_CHECK("month-parse-null-refused", duesbook_month_parse(0, &i));
    T_CHECK("month-parse-1999-refused", duesbook_month_parse("1999-12", &i));
    int iDay;
    cal_ymd(2026, 3, 15, &iDay);
    T_INT("month-of-day-2026-03-15", duesbook_month_of_day(iDay), M(2026, 3));
}

static void test_due(void)
{
    DuesRules rules;
    DuesBook b;
    DuesMonth m;
    int iDay;
    dues_rules_default(&rules);
    book_init(&b, &rules);

    /* F3 whole base: 6000.00 pays 1.5% of all of it, 90.00 a month. */
    duesbook_due(&b, M(2026, 2), &m);
    T_INT("f3-whole-base-6000-month-due", m.nDue, 9000);
    T_INT("f3-whole-base-6000-rate", m.calc.iRateBp, 150);
    T_INT("f3-whole-base-6000-state", m.iState, DUESM_UNPAID);
    duesbook_due(&b, M(2025, 12), &m);
    T_INT("f11-before-first-base-not-due", m.iState, DUESM_NONE);
    T_INT("f11-before-first-base-zero", m.nDue, 0);

    /* F9: a probationary member admitted by the congress on 2026-03-15
    ** pays from March (the month of the congress), not February. */
    cal_ymd(2026, 3, 15, &iDay);
    b.iStart = duesbook_month_of_day(iDay);
    duesbook_due(&b, M(2026, 2), &m);
    T_INT("f9-joined-mid-march-february-not-due", m.iState, DUESM_NONE);
    T_INT("f9-joined-mid-march-february-zero", m.nDue, 0);
    duesbook_due(&b, M(2026, 3), &m);
    T_INT("f9-joined-mid-march-march-due", m.nDue, 9000);
    T_INT("f9-joined-mid-march-march-started", m.bStarted, 1);

    /* F11: a salary change takes effect from the month it is first
    ** received; the earlier months keep the old base. */
    DuesBase aB2[] = {{M(2026, 1), DUES_SALARIED, 500000},
                      {M(2026, 7), DUES_SALARIED, 500001}};
    DuesBook b2 = {0, aB2, 2, 0, 0, 0, 0, &rules};
    duesbook_due(&b2, M(2026, 6), &m);
    T_INT("f11-old-base-june-5000.00", m.nDue, 5000);
    duesbook_due(&b2, M(2026, 7), &m);
    T_INT("f11-new-base-july-5000.01-whole-base", m.nDue, 7500);
    /* Two confirmations for the same month: the later one applies. */
    DuesBase aB3[] = {{M(2026, 1), DUES_SALARIED, 300000},
                      {M(2026, 1), DUES_RETIRED, 500000}};
    DuesBook b3 = {0, aB3, 2, 0, 0, 0, 0, &rules};
    duesbook_due(&b3, M(2026, 4), &m);
    T_INT("f11-later-entry-same-month-wins", m.nDue, 2500);
    T_STR("f6-retired-5000-article", m.calc.zArticle, "党费规定 第五条");

    /* F8: an exemption makes nothing due; a reduction lowers the amount. */
    DuesRelief aR[] = {{M(2026, 4), M(2026, 4), 1, 0},
                       {M(2026, 5), M(2026, 6), 0, 1000}};
    b.iStart = 0;
    b.aRelief = aR;
    b.nRelief = 2;
    duesbook_due(&b, M(2026, 4), &m);
    T_INT("f8-exemption-nothing-due", m.nDue, 0);
    T_INT("f8-exemption-state", m.iState, DUESM_RELIEF);
    duesbook_due(&b, M(2026, 5), &m);
    T_INT("f8-reduction-amount", m.nDue, 1000);
    T_INT("f8-reduction-flagged", m.iRelief, 1);
    duesbook_due(&b, M(2026, 7), &m);
    T_INT("f8-relief-ends-after-to-month", m.nDue, 9000);
}

static void test_payments(void)
{
    DuesRules rules;
    DuesBook b;
    DuesMonth a[12];
    dues_rules_default(&rules);
    book_init(&b, &rules);

    /* One payment for January-March of 270.00 fills the three months. */
    DuesPay aP[] = {{1, 0, M(2026, 1), M(2026, 3), 27000},
                    {2, 0, M(2026, 4), M(2026, 4), 10000},
                    {3, 0, M(2026, 5), M(2026, 6), 9000}};
    b.aPay = aP;
    b.nPay = 3;
    duesbook_months(&b, M(2026, 1), 12, a);
    T_INT("pay-jan-mar-jan-paid", a[0].nPaid, 9000);
    T_INT("pay-jan-mar-mar-paid", a[2].nPaid, 9000);
    T_INT("pay-jan-mar-mar-state", a[2].iState, DUESM_PAID);
    /* Overpayment is visible on the month: 100.00 for 90.00 due. */
    T_INT("pay-overpaid-april-paid", a[3].nPaid, 10000);
    T_INT("pay-overpaid-april-state", a[3].iState, DUESM_PAID);
    /* Underpayment: 90.00 for May-June fills May and leaves June unpaid. */
    T_INT("pay-short-may-paid", a[4].nPaid, 9000);
    T_INT("pay-short-june-unpaid", a[5].nPaid, 0);
    T_INT("pay-short-june-state", a[5].iState, DUESM_UNPAID);
    T_INT("pay-july-unpaid", a[6].iState, DUESM_UNPAID);

    /* A correction is a new entry: entry 1 stays 270.00, entry 4 adds
    ** -15.00, and the book counts the net 255.00. */
    DuesPay aC[] = {{1, 0, M(2026, 1), M(2026, 3), 27000},
                    {4, 1, M(2026, 1), M(2026, 3), -1500}};
    b.aPay = aC;
    b.nPay = 2;
    T_INT("correction-original-entry-kept", aC[0].nFen, 27000);
    T_INT("correction-net-of-entry", duesbook_net(&b, 1), 25500);
    T_INT("correction-entry-itself-no-net", duesbook_net(&b, 4), 0);
    duesbook_months(&b, M(2026, 1), 3, a);
    T_INT("correction-jan-still-full", a[0].nPaid, 9000);
    T_INT("correction-mar-short", a[2].nPaid, 7500);
    T_INT("correction-mar-partial", a[2].iState, DUESM_PARTIAL);
    /* A second correction adds again: back to 270.00 in all. */
    DuesPay aC2[] = {{1, 0, M(2026, 1), M(2026, 3), 27000},
                     {4, 1, M(2026, 1), M(2026, 3), -1500},
                     {5, 1, M(2026, 1), M(2026, 3), 1500}};
    b.aPay = aC2;
    b.nPay = 3;
    T_INT("correction-twice-net", duesbook_net(&b, 1), 27000);
    duesbook_months(&b, M(2026, 1), 3, a);
    T_INT("correction-twice-mar-paid", a[2].nPaid, 9000);
}

static void test_arrears(void)
{
    DuesRules rules;
    DuesBook b;
    DuesArrears r;
    dues_rules_default(&rules);
    book_init(&b, &rules);

    /* Nothing paid from January: at 2026-06 (June still being collected)
    ** five months are closed and unpaid: no flag. */
    duesbook_arrears(&b, M(2026, 6), &r);
    T_INT("f14-five-months-unpaid-streak", r.nStreak, 5);
    T_INT("f14-five-months-no-flag", r.bFlag, 0);
    T_INT("arrears-five-months-count", r.nMonths, 5);
    T_INT("arrears-five-months-sum", r.nFen, 45000);
    /* At 2026-07 six months are closed and unpaid: flag (F14/F18). */
    duesbook_arrears(&b, M(2026, 7), &r);
    T_INT("f14-six-months-unpaid-streak", r.nStreak, 6);
    T_INT("f14-six-months-flag", r.bFlag, 1);
    T_INT("f14-six-months-streak-from", r.iStreakFrom, M(2026, 1));
    T_INT("arrears-six-months-sum", r.nFen, 54000);

    /* An approved exemption in April breaks the run: 3 + exempt + 2. */
    DuesRelief aR[] = {{M(2026, 4), M(2026, 4), 1, 0}};
    b.aRelief = aR;
    b.nRelief = 1;
    duesbook_arrears(&b, M(2026, 7), &r);
    T_INT("f14-exemption-month-between-no-flag", r.bFlag, 0);
    T_INT("f14-exemption-month-between-streak", r.nStreak, 2);
    T_INT("f8-exemption-month-not-in-arrears", r.nMonths, 5);
    T_INT("f8-exemption-month-arrears-sum", r.nFen, 45000);
    /* ... and 6 unpaid months after the exemption flag again. */
    duesbook_arrears(&b, M(2026, 11), &r);
    T_INT("f14-six-after-exemption-flag", r.bFlag, 1);
    T_INT("f14-six-after-exemption-from", r.iStreakFrom, M(2026, 5));
    /* A reduction month is an approved reason too. */
    DuesRelief aR2[] = {{M(2026, 4), M(2026, 4), 0, 1000}};
    b.aRelief = aR2;
    duesbook_arrears(&b, M(2026, 7), &r);
    T_INT("f14-reduction-month-between-no-flag", r.bFlag, 0);
    T_INT("f8-reduction-month-arrears-sum", r.nFen, 45000 + 1000);

    /* Payments: paying March ends the run there; a partial payment is
    ** arrears but not an unpaid month. */
    b.aRelief = 0;
    b.nRelief = 0;
    DuesPay aP[] = {{1, 0, M(2026, 3), M(2026, 3), 9000},
                    {2, 0, M(2026, 5), M(2026, 5), 4000}};
    b.aPay = aP;
    b.nPay = 2;
    duesbook_arrears(&b, M(2026, 7), &r);
    T_INT("arrears-with-payments-months", r.nMonths, 5);
    T_INT("arrears-with-payments-sum", r.nFen, 4 * 9000 + 5000);
    T_INT("f14-partial-month-ends-run", r.nStreak, 1);
    T_INT("f14-partial-month-no-flag", r.bFlag, 0);

    /* Paid in full: no arrears. */
    DuesPay aAll[] = {{1, 0, M(2026, 1), M(2026, 12), 12 * 9000}};
    b.aPay = aAll;
    b.nPay = 1;
    duesbook_arrears(&b, M(2026, 12), &r);
    T_INT("arrears-paid-in-advance-none", r.nMonths, 0);
    T_INT("arrears-paid-in-advance-fen", r.nFen, 0);

    /* F9: a member admitted in May owes nothing for January to April. */
    b.aPay = 0;
    b.nPay = 0;
    b.iStart = M(2026, 5);
    duesbook_arrears(&b, M(2026, 7), &r);
    T_INT("f9-arrears-from-start-month", r.nMonths, 2);
    T_INT("f9-arrears-from-start-no-flag", r.bFlag, 0);
    /* No base confirmed at all: nothing is due, no flag. */
    DuesBook empty = {0, 0, 0, 0, 0, 0, 0, &rules};
    duesbook_arrears(&empty, M(2026, 12), &r);
    T_INT("f11-no-base-no-arrears", r.nMonths, 0);
    T_INT("f11-no-base-no-flag", r.bFlag, 0);
}

void test_duesbook(void)
{
    test_months();
    test_due();
    test_payments();
    test_arrears();
}
