/* test_calendar.c: unit tests for calendar.c (B2 working days, rules §9
** month arithmetic, periods).  The holiday data is cross-checked, date by
** date, against the original holiday-cn JSON files in shared/data. */
#include <stdlib.h>
#include "calendar.h"
#include "tester.h"
#include "util.h"

void test_calendar(void);

/* Day number of a date the test knows is valid ("2026-10-01"). */
static int day_of(const char *z)
{
    int iDay = -999999;
    if (cal_parse(z, &iDay)) printf("  test bug: bad date %s\n", z);
    return iDay;
}

/* Format iDay into the caller's buffer z and return z. */
static const char *fmt(int iDay, char z[11])
{
    cal_format(iDay, z);
    return z;
}

/* ---------------------------------------------------------------------- */

static void test_leap_and_convert(void)
{
    int iDay, y, m, d, bOk = 1, iPrev;

    T_INT("b2-calendar-leap-1900", cal_days_in_month(1900, 2), 28);
    T_INT("b2-calendar-leap-2000", cal_days_in_month(2000, 2), 29);
    T_INT("b2-calendar-leap-2024", cal_days_in_month(2024, 2), 29);
    T_INT("b2-calendar-leap-2023", cal_days_in_month(2023, 2), 28);
    T_INT("b2-calendar-leap-2100", cal_days_in_month(2100, 2), 28);
    T_INT("b2-calendar-dim-april", cal_days_in_month(2026, 4), 30);
    T_INT("b2-calendar-dim-bad-month", cal_days_in_month(2026, 13), 0);
    T_CHECK("b2-calendar-ymd-1900-02-29", cal_ymd(1900, 2, 29, &iDay) != 0);
    T_CHECK("b2-calendar-ymd-2000-02-29", cal_ymd(2000, 2, 29, &iDay) == 0);
    T_CHECK("b2-calendar-ymd-2024-02-29", cal_ymd(2024, 2, 29, &iDay) == 0);
    T_CHECK("b2-calendar-ymd-2023-02-29", cal_ymd(2023, 2, 29, 0) != 0);
    T_CHECK("b2-calendar-ymd-04-31", cal_ymd(2026, 4, 31, 0) != 0);
    T_CHECK("b2-calendar-ymd-day-0", cal_ymd(2026, 4, 0, 0) != 0);
    T_CHECK("b2-calendar-ymd-month-0", cal_ymd(2026, 0, 1, 0) != 0);
    T_CHECK("b2-calendar-ymd-1799", cal_ymd(1799, 12, 31, 0) != 0);
    T_CHECK("b2-calendar-ymd-1800", cal_ymd(1800, 1, 1, 0) == 0);
    T_CHECK("b2-calendar-ymd-9999", cal_ymd(9999, 12, 31, 0) == 0);
    T_CHECK("b2-calendar-ymd-10000", cal_ymd(10000, 1, 1, 0) != 0);

    cal_ymd(1970, 1, 1, &iDay);
    T_INT("b2-calendar-epoch", iDay, 0);
    cal_ymd(2000, 1, 1, &iDay);
    T_INT("b2-calendar-2000-01-01", iDay, 10957);
    cal_ymd(2024, 2, 29, &iDay);
    T_INT("b2-calendar-2024-02-29", iDay, 19782);
    cal_ymd(1949, 10, 1, &iDay);
    T_INT("b2-calendar-1949-10-01", iDay, -7397);
    cal_ymd(1800, 1, 1, &iDay);
    T_INT("b2-calendar-1800-01-01", iDay, -62091);
    cal_ymd(9999, 12, 31, &iDay);
    T_INT("b2-calendar-9999-12-31", iDay, 2932896);

    /* Every day 1800..9999 splits back to itself and follows its
    ** predecessor. */
    cal_ymd(1800, 1, 1, &iPrev);
    iPrev--;
    for (y = 1800; y <= 9999 && bOk; y++) {
        for (m = 1; m <= 12 && bOk; m++) {
            for (d = 1; d <= cal_days_in_month(y, m) && bOk; d++) {
                int y2, m2, d2;
                if (cal_ymd(y, m, d, &iDay) || iDay != iPrev + 1) bOk = 0;
                cal_split(iDay, &y2, &m2, &d2);
                if (y2 != y || m2 != m || d2 != d) bOk = 0;
                iPrev = iDay;
            }
        }
    }
    T_CHECK("b2-calendar-roundtrip-1800-9999", bOk);
}

static void test_parse_format(void)
{
    static const char *azBad[] = {
        "",           "2026-1-01",   "2026-01-1",   "2026-02-30",
        "2026/01/01", " 2026-01-01", "2026-01-01 ", "2026-01-011",
        "+026-01-01", "2026-13-01",  "2026-00-10",  "2026-01-00",
        "1799-12-31", "abcd-ef-gh",  "2026-0a-01",
    };
    char z[11];
    int i, iDay;

    T_CHECK("b2-calendar-parse-ok", cal_parse("2026-10-01", &iDay) == 0);
    T_STR("b2-calendar-format", fmt(iDay, z), "2026-10-01");
    T_STR("b2-calendar-format-1800", fmt(-62091, z), "1800-01-01");
    T_STR("b2-calendar-format-9999", fmt(2932896, z), "9999-12-31");
    T_STR("b2-calendar-format-epoch", fmt(0, z), "1970-01-01");
    T_CHECK("b2-calendar-parse-null", cal_parse(0, &iDay) != 0);
    for (i = 0; i < COUNT(azBad); i++) {
        char zName[80];
        snprintf(zName, sizeof zName, "b2-calendar-parse-bad-[%s]", azBad[i]);
        T_CHECK(zName, cal_parse(azBad[i], &iDay) != 0);
    }
    iDay = cal_today();
    T_CHECK("b2-calendar-today-sane",
            iDay > day_of("2025-01-01") && iDay < day_of("2200-01-01"));
}

static void test_weekday(void)
{
    T_INT("b2-calendar-weekday-epoch-thu", cal_weekday(0), 4);
    T_INT("b2-calendar-weekday-1969-12-31-wed", cal_weekday(-1), 3);
    T_INT("b2-calendar-weekday-1949-10-01-sat",
          cal_weekday(day_of("1949-10-01")), 6);
    T_INT("b2-calendar-weekday-1900-01-01-mon",
          cal_weekday(day_of("1900-01-01")), 1);
    T_INT("b2-calendar-weekday-2000-01-01-sat",
          cal_weekday(day_of("2000-01-01")), 6);
    T_INT("b2-calendar-weekday-2021-07-01-thu",
          cal_weekday(day_of("2021-07-01")), 4);
    T_INT("b2-calendar-weekday-2024-02-29-thu",
          cal_weekday(day_of("2024-02-29")), 4);
    T_INT("b2-calendar-weekday-2026-10-01-thu",
          cal_weekday(day_of("2026-10-01")), 4);
    T_INT("b2-calendar-weekday-2026-10-11-sun",
          cal_weekday(day_of("2026-10-11")), 7);
    T_INT("b2-calendar-weekday-1800-01-01-wed",
          cal_weekday(day_of("1800-01-01")), 3);
}

static void test_add_months(void)
{
    /* clang-format off */
    static const struct { const char *zFrom; int n; const char *zWant; } a[] = {
        {"2023-01-31",   1, "2023-02-28"},
        {"2024-01-31",   1, "2024-02-29"},
        {"2024-02-29",  12, "2025-02-28"},
        {"2024-02-29",  48, "2028-02-29"},
        {"2024-03-31",  -1, "2024-02-29"},
        {"2023-03-31",  -1, "2023-02-28"},
        {"2024-01-15",  -1, "2023-12-15"},
        {"2024-12-31", -13, "2023-11-30"},
        {"2024-05-31",   1, "2024-06-30"},
        {"2025-10-31",   4, "2026-02-28"},
        {"2024-12-15",   1, "2025-01-15"},
        {"2024-01-10",   0, "2024-01-10"},
        {"2000-02-29", -12, "1999-02-28"},
        {"1900-01-29",   1, "1900-02-28"},
    };
    /* clang-format on */
    char z[11], zName[80];
    int i;

    for (i = 0; i < COUNT(a); i++) {
        snprintf(zName, sizeof zName, "b2-calendar-add-months-%s%+d",
                 a[i].zFrom, a[i].n);
        T_STR(zName, fmt(cal_add_months(day_of(a[i].zFrom), a[i].n), z),
              a[i].zWant);
    }
    T_STR("b2-calendar-add-years-leap",
          fmt(cal_add_years(day_of("2024-02-29"), 1), z), "2025-02-28");
    T_STR("b2-calendar-add-years-neg",
          fmt(cal_add_years(day_of("2024-02-29"), -4), z), "2020-02-29");
    T_STR("b2-calendar-add-days", fmt(cal_add_days(day_of("2024-02-28"), 2), z),
          "2024-03-01");
    T_STR("b2-calendar-add-days-neg",
          fmt(cal_add_days(day_of("2025-01-01"), -1), z), "2024-12-31");

    T_INT("b2-calendar-months-between-leap-end",
          cal_months_between(day_of("2024-01-31"), day_of("2024-02-29")), 1);
    T_INT("b2-calendar-months-between-short",
          cal_months_between(day_of("2024-01-31"), day_of("2024-02-28")), 0);
    T_INT("b2-calendar-months-between-same",
          cal_months_between(day_of("2024-01-31"), day_of("2024-01-31")), 0);
    T_INT("b2-calendar-months-between-year",
          cal_months_between(day_of("2025-06-30"), day_of("2026-06-30")), 12);
    T_INT("b2-calendar-months-between-day-short",
          cal_months_between(day_of("2025-06-30"), day_of("2026-06-29")), 11);
    T_INT("b2-calendar-months-between-neg",
          cal_months_between(day_of("2024-03-15"), day_of("2024-01-15")), -2);
    T_INT("b2-calendar-months-between-neg-partial",
          cal_months_between(day_of("2024-03-15"), day_of("2024-01-16")), -1);

    T_INT("b2-calendar-age-leap-birthday",
          cal_age_on(day_of("2008-02-29"), day_of("2026-02-28")), 18);
    T_INT("b2-calendar-age-leap-day-before",
          cal_age_on(day_of("2008-02-29"), day_of("2026-02-27")), 17);
    T_INT("b2-calendar-age-day-before",
          cal_age_on(day_of("2000-05-10"), day_of("2018-05-09")), 17);
    T_INT("b2-calendar-age-birthday",
          cal_age_on(day_of("2000-05-10"), day_of("2018-05-10")), 18);
    T_INT("b2-calendar-age-same-day",
          cal_age_on(day_of("2000-05-10"), day_of("2000-05-10")), 0);
}

static void test_period(void)
{
    static const char *azBad[] = {
        "",           "26",       "2026-13", "2026-00",  "2026-Q0",
        "2026-Q5",    "2026-q2",  "2026-5",  "2026-Q",   "2026Q2",
        "2026-05-01", "1799",     "abcd",    "2026 ",    "2026-1Q",
        "2026/05",    "2026-Q12", "10000",   "2026-Q2 ", "-2026",
    };
    char z1[11], z2[11];
    int i, iFirst = 7, iLast = 7;

    T_CHECK("b2-calendar-period-month",
            cal_period("2026-05", &iFirst, &iLast) == 0);
    T_STR("b2-calendar-period-month-first", fmt(iFirst, z1), "2026-05-01");
    T_STR("b2-calendar-period-month-last", fmt(iLast, z2), "2026-05-31");
    T_CHECK("b2-calendar-period-feb-leap",
            cal_period("2024-02", &iFirst, &iLast) == 0);
    T_STR("b2-calendar-period-feb-leap-last", fmt(iLast, z2), "2024-02-29");
    T_CHECK("b2-calendar-period-feb-1900",
            cal_period("1900-02", &iFirst, &iLast) == 0);
    T_STR("b2-calendar-period-feb-1900-last", fmt(iLast, z2), "1900-02-28");
    T_CHECK("b2-calendar-period-q1",
            cal_period("2026-Q1", &iFirst, &iLast) == 0);
    T_STR("b2-calendar-period-q1-first", fmt(iFirst, z1), "2026-01-01");
    T_STR("b2-calendar-period-q1-last", fmt(iLast, z2), "2026-03-31");
    T_CHECK("b2-calendar-period-q2",
            cal_period("2026-Q2", &iFirst, &iLast) == 0);
    T_STR("b2-calendar-period-q2-first", fmt(iFirst, z1), "2026-04-01");
    T_STR("b2-calendar-period-q2-last", fmt(iLast, z2), "2026-06-30");
    T_CHECK("b2-calendar-period-q4",
            cal_period("2026-Q4", &iFirst, &iLast) == 0);
    T_STR("b2-calendar-period-q4-first", fmt(iFirst, z1), "2026-10-01");
    T_STR("b2-calendar-period-q4-last", fmt(iLast, z2), "2026-12-31");
    T_CHECK("b2-calendar-period-year",
            cal_period("2026", &iFirst, &iLast) == 0);
    T_STR("b2-calendar-period-year-first", fmt(iFirst, z1), "2026-01-01");
    T_STR("b2-calendar-period-year-last", fmt(iLast, z2), "2026-12-31");
    T_INT("b2-calendar-period-leap-year-days",
          cal_period("2024", &iFirst, &iLast) == 0 ? iLast - iFirst + 1 : -1,
          366);
    T_CHECK("b2-calendar-period-null", cal_period(0, &iFirst, &iLast) != 0);
    iFirst = iLast = 7;
    for (i = 0; i < COUNT(azBad); i++) {
        char zName[80];
        snprintf(zName, sizeof zName, "b2-calendar-period-bad-[%s]", azBad[i]);
        T_CHECK(zName, cal_period(azBad[i], &iFirst, &iLast) != 0);
    }
    T_CHECK("b2-calendar-period-bad-untouched", iFirst == 7 && iLast == 7);
}

/* ---------------------------------------------------------------------- */
/* Cross-check against the holiday-cn JSON files                          */

/* One entry of a holiday-cn file. */
typedef struct JsonDay {
    int iDay;        /* the date */
    int bOff;        /* isOffDay */
    char zName[128]; /* name */
} JsonDay;

/*
** Copy the string value of "zKey" inside [z, zEnd) into zOut (nOut bytes).
** Returns 0 on success.  The files have no escapes in these values.
*/
static int json_str_field(const char *z, const char *zEnd, const char *zKey,
                          char *zOut, size_t nOut)
{
    const char *zK = strstr(z, zKey), *zV, *zQ;
    if (!zK || zK >= zEnd) return 1;
    zV = strchr(zK + strlen(zKey), ':');
    if (!zV || zV >= zEnd) return 1;
    zV = strchr(zV, '"');
    if (!zV || zV >= zEnd) return 1;
    zV++;
    zQ = strchr(zV, '"');
    if (!zQ || zQ >= zEnd || (size_t)(zQ - zV) >= nOut) return 1;
    if (memchr(zV, '\\', (size_t)(zQ - zV))) return 1;
    memcpy(zOut, zV, (size_t)(zQ - zV));
    zOut[zQ - zV] = 0;
    return 0;
}

/*
** Read shared/data/holiday-cn/Y.json and append its days to *paDay.
** Returns the number of days read, or -1 if the file is missing or not
** understood.
*/
static int read_json_year(int y, JsonDay **paDay, int *pnDay, int *pnAlloc)
{
    char zPath[512];
    char *zText, *z, *zEnd;
    size_t n;
    int nRead = 0;

    snprintf(zPath, sizeof zPath, "%s/data/holiday-cn/%d.json",
             tester_shared_dir(), y);
    zText = util_read_file(zPath, &n);
    if (!zText) return -1;
    z = strstr(zText, "\"days\"");
    if (!z || !(z = strchr(z, '['))) {
        free(zText);
        return -1;
    }
    for (;;) {
        char zDate[16], *zOff;
        JsonDay *e;
        while (*z && *z != '{' && *z != ']')
            z++;
        if (*z != '{') break;
        zEnd = strchr(z, '}');
        if (!zEnd) break;
        if (*pnDay == *pnAlloc) {
            *pnAlloc = *pnAlloc ? *pnAlloc * 2 : 256;
            *paDay = xrealloc(*paDay, sizeof(JsonDay) * (size_t)*pnAlloc);
        }
        e = &(*paDay)[*pnDay];
        zOff = strstr(z, "\"isOffDay\"");
        if (json_str_field(z, zEnd, "\"name\"", e->zName, sizeof e->zName) ||
            json_str_field(z, zEnd, "\"date\"", zDate, sizeof zDate) ||
            cal_parse(zDate, &e->iDay) || !zOff || zOff > zEnd) {
            nRead = -1;
            break;
        }
        zOff = strchr(zOff + 10, ':') + 1;
        while (*zOff == ' ')
            zOff++;
        if (strncmp(zOff, "true", 4) == 0)
            e->bOff = 1;
        else if (strncmp(zOff, "false", 5) == 0)
            e->bOff = 0;
        else {
            nRead = -1;
            break;
        }
        (*pnDay)++;
        nRead++;
        z = zEnd + 1;
    }
    free(zText);
    return nRead;
}

static int jsonday_cmp(const void *pA, const void *pB)
{
    const JsonDay *a = pA, *b = pB;
    return (a->iDay > b->iDay) - (a->iDay < b->iDay);
}

static void test_against_json(const Calendar *p)
{
    JsonDay *aDay = 0;
    int nDay = 0, nAlloc = 0, y, i, iDay, iFirst, iLast;
    int nBadWork = 0, nBadName = 0, nExtra = 0, nYearBad = 0;
    char zName[80];

    for (y = 2007; y <= 2027; y++) {
        int nRead = read_json_year(y, &aDay, &nDay, &nAlloc);
        snprintf(zName, sizeof zName, "b2-calendar-json-read-%d", y);
        T_CHECK(zName, nRead >= 0);
        /* A year counts as loaded exactly when its file lists days. */
        snprintf(zName, sizeof zName, "b2-calendar-has-year-%d", y);
        T_INT(zName, cal_has_year(p, y), nRead > 0);
    }
    T_CHECK("b2-calendar-json-many-days", nDay > 600);
    T_INT("b2-calendar-has-year-2006", cal_has_year(p, 2006), 0);
    T_INT("b2-calendar-has-year-2028", cal_has_year(p, 2028), 0);
    qsort(aDay, (size_t)nDay, sizeof(JsonDay), jsonday_cmp);
    for (i = 1; i < nDay; i++)
        if (aDay[i].iDay == aDay[i - 1].iDay) nExtra++;
    T_INT("b2-calendar-json-no-duplicates", nExtra, 0);

    /* Every JSON date: working-day status and name. */
    for (i = 0; i < nDay; i++) {
        char zDate[11];
        const char *zGot = cal_holiday_name(p, aDay[i].iDay);
        cal_format(aDay[i].iDay, zDate);
        if (cal_is_workday(p, aDay[i].iDay) != !aDay[i].bOff) {
            printf("  %s: workday %d, JSON isOffDay %d\n", zDate,
                   cal_is_workday(p, aDay[i].iDay), aDay[i].bOff);
            nBadWork++;
        }
        /* A weekday marked workday (2020-02-03) is left out of the TSV. */
        if (!aDay[i].bOff && cal_weekday(aDay[i].iDay) <= 5) {
            if (zGot) nBadName++;
        } else if (!zGot || strcmp(zGot, aDay[i].zName) != 0) {
            printf("  %s: name [%s], JSON [%s]\n", zDate, zGot ? zGot : "",
                   aDay[i].zName);
            nBadName++;
        }
    }
    T_INT("b2-calendar-json-workday-status", nBadWork, 0);
    T_INT("b2-calendar-json-names", nBadName, 0);

    /* Every day 2006-12-01 .. 2027-12-31: listed in the calendar only if in
    ** the JSON; unlisted days follow the weekend rule. */
    nExtra = 0;
    nBadWork = 0;
    cal_ymd(2006, 12, 1, &iFirst);
    cal_ymd(2027, 12, 31, &iLast);
    for (iDay = iFirst; iDay <= iLast; iDay++) {
        JsonDay key;
        const JsonDay *e;
        key.iDay = iDay;
        e = bsearch(&key, aDay, (size_t)nDay, sizeof(JsonDay), jsonday_cmp);
        if (cal_holiday_name(p, iDay) && !e) nExtra++;
        if (!e && cal_is_workday(p, iDay) != (cal_weekday(iDay) <= 5))
            nBadWork++;
    }
    T_INT("b2-calendar-json-no-extra-dates", nExtra, 0);
    T_INT("b2-calendar-json-unlisted-weekend-rule", nBadWork, 0);

    /* The 2027 file is empty: weekends only, no names. */
    for (iDay = iFirst; iDay <= iLast; iDay++) {
        int yy, mm, dd;
        cal_split(iDay, &yy, &mm, &dd);
        if (yy == 2027 && cal_holiday_name(p, iDay)) nYearBad++;
    }
    T_INT("b2-calendar-2027-unlisted", nYearBad, 0);
    free(aDay);
}

/* ---------------------------------------------------------------------- */

static void test_workdays(const Calendar *p)
{
    /* clang-format off */
    static const struct { int y, m, n; const char *zWant; } a[] = {
        {2026, 10, 15, "2026-10-27"}, /* 国庆 1-7, make-up Sat 10-10 */
        {2026, 10,  1, "2026-10-08"},
        {2026,  2, 15, "2026-02-27"}, /* 春节 15-23, make-up 02-14, 02-28 */
        {2026,  2,  1, "2026-02-02"},
        {2026,  5, 15, "2026-05-25"}, /* 劳动节 1-5, make-up Sat 05-09 */
        {2026,  3, 15, "2026-03-20"}, /* no holiday */
        {2026,  1,  1, "2026-01-04"}, /* make-up Sunday after 元旦 */
        {2026,  1, 15, "2026-01-22"},
        {2024, 10, 15, "2024-10-25"},
        {2025,  1, 15, "2025-01-22"},
        {2025, 10, 15, "2025-10-28"},
        {2020,  2,  1, "2020-02-03"}, /* extended 春节 (2020) */
        {2026, 12, 23, "2026-12-31"}, /* a 23-workday month */
    };
    /* clang-format on */
    char z[11], zName[80];
    int i, iDay, iSat;

    for (i = 0; i < COUNT(a); i++) {
        iDay = -1;
        snprintf(zName, sizeof zName, "b2-calendar-nth-workday-%d-%02d-%d",
                 a[i].y, a[i].m, a[i].n);
        T_CHECK(zName, cal_nth_workday(p, a[i].y, a[i].m, a[i].n, &iDay) == 0);
        T_STR(zName, fmt(iDay, z), a[i].zWant);
    }
    iDay = 12345;
    T_CHECK("b2-calendar-nth-workday-2026-02-23-short",
            cal_nth_workday(p, 2026, 2, 23, &iDay) != 0);
    T_CHECK("b2-calendar-nth-workday-2026-10-23-short",
            cal_nth_workday(p, 2026, 10, 23, &iDay) != 0);
    T_CHECK("b2-calendar-nth-workday-2026-10-18-last",
            cal_nth_workday(p, 2026, 10, 18, &iDay) == 0 &&
                iDay == day_of("2026-10-30"));
    T_CHECK("b2-calendar-nth-workday-2026-10-19-short",
            cal_nth_workday(p, 2026, 10, 19, &iDay) != 0);
    T_CHECK("b2-calendar-nth-workday-n0",
            cal_nth_workday(p, 2026, 3, 0, &iDay) != 0);
    T_CHECK("b2-calendar-nth-workday-m13",
            cal_nth_workday(p, 2026, 13, 1, &iDay) != 0);
    T_CHECK("b2-calendar-nth-workday-untouched", iDay == day_of("2026-10-30"));
    /* cal_workday_near: the n-th, or the month's last when it has fewer. */
    T_CHECK("b2-calendar-workday-near-18",
            cal_workday_near(p, 2026, 10, 18) == day_of("2026-10-30"));
    T_CHECK("b2-calendar-workday-near-19-last",
            cal_workday_near(p, 2026, 10, 19) == day_of("2026-10-30"));
    T_CHECK("b2-calendar-workday-near-1",
            cal_workday_near(p, 2026, 10, 1) == day_of("2026-10-08"));
    /* Without a calendar: weekends only, so 国庆 2026-10-01 is a workday. */
    T_CHECK("b2-calendar-nth-workday-null-cal",
            cal_nth_workday(0, 2026, 10, 1, &iDay) == 0 &&
                iDay == day_of("2026-10-01"));

    /* Make-up Saturdays and Sundays of 2026 are workdays. */
    iSat = day_of("2026-10-10");
    T_INT("b2-calendar-makeup-2026-10-10-saturday", cal_weekday(iSat), 6);
    T_INT("b2-calendar-makeup-2026-10-10-workday", cal_is_workday(p, iSat), 1);
    T_STR("b2-calendar-makeup-2026-10-10-name", cal_holiday_name(p, iSat),
          "国庆节");
    iSat = day_of("2026-02-14");
    T_INT("b2-calendar-makeup-2026-02-14-saturday", cal_weekday(iSat), 6);
    T_INT("b2-calendar-makeup-2026-02-14-workday", cal_is_workday(p, iSat), 1);
    iSat = day_of("2026-02-28");
    T_INT("b2-calendar-makeup-2026-02-28-saturday", cal_weekday(iSat), 6);
    T_INT("b2-calendar-makeup-2026-02-28-workday", cal_is_workday(p, iSat), 1);
    iSat = day_of("2026-05-09");
    T_INT("b2-calendar-makeup-2026-05-09-saturday", cal_weekday(iSat), 6);
    T_INT("b2-calendar-makeup-2026-05-09-workday", cal_is_workday(p, iSat), 1);
    iDay = day_of("2026-09-20");
    T_INT("b2-calendar-makeup-2026-09-20-sunday", cal_weekday(iDay), 7);
    T_INT("b2-calendar-makeup-2026-09-20-workday", cal_is_workday(p, iDay), 1);
    T_INT("b2-calendar-plain-saturday", cal_is_workday(p, day_of("2026-10-17")),
          0);
    T_INT("b2-calendar-plain-monday", cal_is_workday(p, day_of("2026-10-19")),
          1);
    T_INT("b2-calendar-holiday-thursday",
          cal_is_workday(p, day_of("2026-10-01")), 0);
    T_STR("b2-calendar-holiday-name", cal_holiday_name(p, day_of("2026-10-01")),
          "国庆节");
    T_STR("b2-calendar-no-name", cal_holiday_name(p, day_of("2026-10-19")), 0);
    T_INT("b2-calendar-null-cal-saturday",
          cal_is_workday(0, day_of("2026-10-10")), 0);

    T_STR("b2-calendar-on-or-before-holiday",
          fmt(cal_workday_on_or_before(p, day_of("2026-10-07")), z),
          "2026-09-30");
    T_STR("b2-calendar-on-or-before-makeup",
          fmt(cal_workday_on_or_before(p, day_of("2026-10-11")), z),
          "2026-10-10");
    T_STR("b2-calendar-on-or-before-self",
          fmt(cal_workday_on_or_before(p, day_of("2026-10-12")), z),
          "2026-10-12");
    T_STR("b2-calendar-on-or-before-weekend",
          fmt(cal_workday_on_or_before(p, day_of("2026-10-18")), z),
          "2026-10-16");
}

/* Snapshot of what cal_load_year must not change on error. */
static unsigned fingerprint(const Calendar *p)
{
    int iDay, iFirst, iLast;
    unsigned h = 0;
    cal_ymd(2025, 1, 1, &iFirst);
    cal_ymd(2027, 12, 31, &iLast);
    for (iDay = iFirst; iDay <= iLast; iDay++) {
        const char *zName = cal_holiday_name(p, iDay);
        h = h * 31u + (unsigned)cal_is_workday(p, iDay) * 2u + (zName != 0);
        if (zName) h += (unsigned)strlen(zName);
    }
    return h * 3u + (unsigned)cal_has_year(p, 2026) * 2u +
           (unsigned)cal_has_year(p, 2027);
}

static void test_load_year(void)
{
    /* clang-format off */
    static const struct { const char *zTsv; const char *zWant; } aBad[] = {
        {"2026-01-01\toff\t元旦\n2026-13-01\toff\tX\n", "第2行：日期无效"},
        {"# c\n\n2026-02-30\toff\tX\n", "第3行：日期无效"},
        {"2025-12-31\toff\t元旦\n", "第1行：日期不在2026年内"},
        {"2026-10-09\twork\t国庆节\n", "第1行：调休上班日（work）必须是星期六或星期日"},
        {"2026-10-01\tholiday\t国庆节\n", "第1行：类型应为 off（放假）或 work（调休上班）"},
        {"2026-10-01\toff\t\n", "第1行：缺少名称"},
        {"2026-10-01 off 国庆节\n", "第1行：格式应为“日期<TAB>off|work<TAB>名称”"},
        {"2026-10-01\toff\t国庆\t节\n", "第1行：格式应为“日期<TAB>off|work<TAB>名称”"},
        {"2026-10-01\toff\t国庆节\n2026-10-02\toff\tx\n2026-10-01\toff\ty\n",
         "第3行：日期重复（与第1行相同）"},
        {"2026-10-01\toff\t\xff\xfe\n", "第1行：名称不是有效的UTF-8文本"},
        {"# only a comment\n", "没有任何日期行（每行：日期<TAB>off|work<TAB>名称）"},
        {"", "没有任何日期行（每行：日期<TAB>off|work<TAB>名称）"},
    };
    /* clang-format on */
    Calendar *p = 0;
    char *zErr = 0, zName[80], z[11];
    unsigned h;
    int i, iDay;

    if (cal_load_builtin(&p, &zErr)) {
        T_STR("b2-calendar-load-builtin-2", zErr, 0);
        free(zErr);
        return;
    }
    h = fingerprint(p);
    for (i = 0; i < COUNT(aBad); i++) {
        snprintf(zName, sizeof zName, "b2-calendar-load-year-bad-%d", i + 1);
        zErr = 0;
        T_CHECK(zName, cal_load_year(p, 2026, aBad[i].zTsv, &zErr) != 0);
        T_STR(zName, zErr, aBad[i].zWant);
        free(zErr);
        T_INT(zName, fingerprint(p), h);
    }
    T_INT("b2-calendar-load-year-bad-keeps-makeup",
          cal_is_workday(p, day_of("2026-10-10")), 1);
    T_STR("b2-calendar-load-year-bad-keeps-name",
          cal_holiday_name(p, day_of("2026-01-01")), "元旦");
    zErr = 0;
    T_CHECK("b2-calendar-load-year-bad-year",
            cal_load_year(p, 1799, "1799-01-01\toff\tx\n", &zErr) != 0);
    free(zErr);

    /* Load next year's arrangement (CRLF, BOM, comments, any order). */
    zErr = 0;
    T_INT("b2-calendar-load-year-2027-before", cal_has_year(p, 2027), 0);
    T_CHECK("b2-calendar-load-year-2027",
            cal_load_year(p, 2027,
                          "\xef\xbb\xbf# 2027\r\n"
                          "2027-10-09\twork\t国庆节\r\n"
                          "2027-10-01\toff\t国庆节\r\n"
                          "\r\n"
                          "2027-10-04\toff\t国庆节\r\n",
                          &zErr) == 0);
    T_STR("b2-calendar-load-year-2027-no-error", zErr, 0);
    free(zErr);
    T_INT("b2-calendar-load-year-2027-after", cal_has_year(p, 2027), 1);
    T_INT("b2-calendar-load-year-2027-off",
          cal_is_workday(p, day_of("2027-10-04")), 0);
    T_INT("b2-calendar-load-year-2027-work",
          cal_is_workday(p, day_of("2027-10-09")), 1);
    T_STR("b2-calendar-load-year-2027-name",
          cal_holiday_name(p, day_of("2027-10-01")), "国庆节");
    T_CHECK("b2-calendar-load-year-2027-nth",
            cal_nth_workday(p, 2027, 10, 1, &iDay) == 0);
    T_STR("b2-calendar-load-year-2027-nth", fmt(iDay, z), "2027-10-05");

    /* Replacing a year drops its old dates and leaves neighbours alone. */
    zErr = 0;
    T_CHECK("b2-calendar-load-year-replace",
            cal_load_year(p, 2026, "2026-10-01\toff\t国庆\n", &zErr) == 0);
    free(zErr);
    T_INT("b2-calendar-load-year-replace-makeup-gone",
          cal_is_workday(p, day_of("2026-10-10")), 0);
    T_STR("b2-calendar-load-year-replace-name",
          cal_holiday_name(p, day_of("2026-10-01")), "国庆");
    T_STR("b2-calendar-load-year-replace-old-gone",
          cal_holiday_name(p, day_of("2026-10-02")), 0);
    T_STR("b2-calendar-load-year-replace-2025-kept",
          cal_holiday_name(p, day_of("2025-10-01")), "国庆节、中秋节");
    T_INT("b2-calendar-load-year-replace-2027-kept",
          cal_is_workday(p, day_of("2027-10-09")), 1);
    cal_free(p);
    cal_free(0);
}

void test_calendar(void)
{
    Calendar *p = 0;
    char *zErr = 0;

    test_leap_and_convert();
    test_parse_format();
    test_weekday();
    test_add_months();
    test_period();
    if (cal_load_builtin(&p, &zErr)) {
        T_STR("b2-calendar-load-builtin", zErr, 0);
        free(zErr);
        return;
    }
    T_CHECK("b2-calendar-load-builtin", p != 0);
    test_against_json(p);
    test_workdays(p);
    cal_free(p);
    test_load_year();
}
