/* test_compliance.c: cadence periods and due dates at period boundaries on
** the official calendar (B2), item status (B3) and the T13 six-month flag,
** named by rule id. */
#include "tester.h"
#include "compliance.h"
#include <stdlib.h>

void test_compliance(void);

static int day(const char *z)
{
    int d = 0;
    cal_parse(z, &d);
    return d;
}

static const char *fmt(int iDay, char z[11])
{
    cal_format(iDay, z);
    return z;
}

static void periods(void)
{
    LifePeriod a[16];
    char z[11];
    int n =
        life_periods(LIFE_MONTH, day("2026-04-01"), day("2026-06-30"), a, 16);
    T_INT("b2-cadence-month-quarter-count", n, 3);
    T_STR("b2-cadence-month-first", a[0].zName, "2026-04");
    T_STR("b2-cadence-month-last", a[2].zName, "2026-06");
    T_STR("b2-cadence-month-end", fmt(a[1].iLast, z), "2026-05-31");
    n = life_periods(LIFE_QUARTER, day("2026-05-01"), day("2026-05-31"), a, 16);
    T_INT("b2-cadence-quarter-of-month", n, 1);
    T_STR("b2-cadence-quarter-name", a[0].zName, "2026-Q2");
    T_STR("b2-cadence-quarter-end", fmt(a[0].iLast, z), "2026-06-30");
    n = life_periods(LIFE_YEAR, day("2026-12-01"), day("2027-01-31"), a, 16);
    T_INT("b2-cadence-year-spans-two", n, 2);
    T_STR("b2-cadence-year-2027", a[1].zName, "2027");
    T_INT("b2-cadence-none", life_periods(LIFE_NONE, 0, 400, a, 16), 0);
    LifePeriod p;
    life_period_of(LIFE_QUARTER, day("2026-12-31"), &p);
    T_STR("b2-cadence-q4-last-day", p.zName, "2026-Q4");
    life_period_of(LIFE_QUARTER, day("2027-01-01"), &p);
    T_STR("b2-cadence-q1-first-day", p.zName, "2027-Q1");
    life_period_of(LIFE_MONTH, day("2024-02-29"), &p);
    T_STR("b2-cadence-leap-feb", fmt(p.iLast, z), "2024-02-29");
}

static void anchors(void)
{
    Calendar *pCal = 0;
    char *zErr = 0, z[11];
    LifePeriod p;
    if (cal_load_builtin(&pCal, &zErr)) {
        T_CHECK("b2-cadence-calendar-load", 0);
        free(zErr);
        return;
    }
    /* October 2026: National Day 10-01..07 off, Saturday 10-10 a make-up
    ** workday; the 15th working day is 10-27. */
    life_period_of(LIFE_MONTH, day("2026-10-05"), &p);
    T_STR("b2-cadence-nth15-oct-2026", fmt(life_due_on(pCal, 15, &p), z),
          "2026-10-27");
    T_STR("b2-cadence-nth1-oct-2026", fmt(life_due_on(pCal, 1, &p), z),
          "2026-10-08");
    T_STR("b2-cadence-nth0-end", fmt(life_due_on(pCal, 0, &p), z),
          "2026-10-31");
    /* More working days than the month has: the period end. */
    T_STR("b2-cadence-nth23-oct-falls-back", fmt(life_due_on(pCal, 23, &p), z),
          "2026-10-31");
    /* A quarter anchors on its first month. */
    life_period_of(LIFE_QUARTER, day("2026-05-05"), &p);
    T_STR("b2-cadence-quarter-nth1", fmt(life_due_on(pCal, 1, &p), z),
          "2026-04-01");
    cal_free(pCal);
    /* Status around the due date. */
    int iDue = day("2026-05-31");
    T_INT("b3-status-due-on-day", life_status(0, iDue, iDue), LIFE_DUE);
    T_INT("b3-status-overdue-day-after", life_status(0, iDue, iDue + 1),
          LIFE_OVERDUE);
    T_INT("b3-status-done-late", life_status(1, iDue, iDue + 30), LIFE_DONE);
}

static void t13(void)
{
    T_CHECK("t13-six-months-day-before",
            !life_inactive(day("2026-01-31"), day("2026-07-30"), 6));
    T_CHECK("t13-six-months-on-boundary",
            life_inactive(day("2026-01-31"), day("2026-07-31"), 6));
    T_CHECK("t13-six-months-aug-31-to-feb",
            life_inactive(day("2025-08-31"), day("2026-02-28"), 6));
    T_CHECK("t13-six-months-aug-31-to-feb-27",
            !life_inactive(day("2025-08-31"), day("2026-02-27"), 6));
    T_CHECK("t13-six-months-setting-3",
            life_inactive(day("2026-01-15"), day("2026-04-15"), 3));
}

static void kinds(void)
{
    const LifeKind *k = life_kind("committee_meeting");
    T_CHECK("m3-kind-exists", k != 0);
    if (k) {
        T_STR("m3-kind-rule", k->zRule, "M3");
        T_STR("m3-kind-article", k->zArticle,
              "《中国共产党支部工作条例（试行）》第十二条");
        T_INT("m3-kind-monthly", k->iEvery, LIFE_MONTH);
    }
    T_INT("m1-congress-quarterly", life_kind("congress")->iEvery, LIFE_QUARTER);
    T_INT("l2-lecture-quarterly", life_kind("lecture")->iEvery, LIFE_QUARTER);
    T_INT("l4-theme-day-monthly", life_kind("theme_day")->iEvery, LIFE_MONTH);
    T_INT("l5-life-meeting-yearly", life_kind("life_meeting")->iEvery,
          LIFE_YEAR);
    T_INT("l7-talk-yearly", life_kind("talk")->iEvery, LIFE_YEAR);
    T_CHECK("b1-kind-unknown", life_kind("party") == 0);
    T_INT("b2-every-parse", life_every_parse("quarter"), LIFE_QUARTER);
    T_INT("b2-every-parse-bad", life_every_parse("weekly"), -1);
}

void test_compliance(void)
{
    periods();
    anchors();
    t13();
    kinds();
}
