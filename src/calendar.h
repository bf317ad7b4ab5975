/* calendar.h: dates as day numbers, month arithmetic (rules §9), periods,
** and the official working-day calendar with holidays and make-up workdays
** (B2).  A day is an int counting days since 1970-01-01 in the proleptic
** Gregorian calendar, so date arithmetic is plain integer math. */
#ifndef ZHIBU_CALENDAR_H
#define ZHIBU_CALENDAR_H

#define CAL_YEAR_MIN 1800 /* Earliest year cal_ymd()/cal_parse() accept */
#define CAL_YEAR_MAX 9999 /* Latest year cal_ymd()/cal_parse() accept */

/*
** Store in *pDay (may be NULL) the day number of y-m-d.  Returns 0 if y-m-d
** is a real date with y in CAL_YEAR_MIN..CAL_YEAR_MAX, else nonzero and
** *pDay is untouched.
*/
int cal_ymd(int y, int m, int d, int *pDay);
/* Split day number iDay into year, month (1..12) and day (1..31). */
void cal_split(int iDay, int *py, int *pm, int *pd);
/*
** Parse a strict "YYYY-MM-DD" (exactly 10 characters, a real date, year in
** CAL_YEAR_MIN..CAL_YEAR_MAX) into *pDay.  Returns 0 on success, nonzero
** otherwise (z may be NULL).
*/
int cal_parse(const char *z, int *pDay);
/* Parse month "YYYY-MM" with the year in yLo..yHi into *piMonth =
** year * 12 + month - 1 (a month number that orders and subtracts).
** Returns 0, or nonzero (and leaves *piMonth) when z is anything else. */
int cal_month_parse(const char *z, int yLo, int yHi, int *piMonth);
/* Write iDay as "YYYY-MM-DD" into zOut (years 0..9999). */
void cal_format(int iDay, char zOut[11]);
/* Today's date in the server's local time zone. */
int cal_today(void);
/* Day of the week of iDay: 1 = Monday .. 7 = Sunday. */
int cal_weekday(int iDay);
/* Number of days in month m (1..12) of year y; 0 if m is out of range. */
int cal_days_in_month(int y, int m);
/* iDay + n. */
int cal_add_days(int iDay, int n);
/*
** The same day of the month n months after iDay (n may be negative).  When
** that day does not exist, the last day of that month (rules §9): 01-31 plus
** one month is 02-28 or 02-29.
*/
int cal_add_months(int iDay, int n);
/* cal_add_months(iDay, 12 * n): 2024-02-29 plus one year is 2025-02-28. */
int cal_add_years(int iDay, int n);
/*
** Whole years completed from birth date iBirth to date iOn: the largest k
** with cal_add_years(iBirth, k) <= iOn, so a person born on 02-29 turns a
** year older on 02-28 in common years (rules §9).  When iOn is before
** iBirth: cal_months_between(iBirth, iOn) / 12, zero or negative.
*/
int cal_age_on(int iBirth, int iOn);
/*
** Whole months completed from iFrom to iTo in the §9 sense: the largest
** k >= 0 with cal_add_months(iFrom, k) <= iTo (2024-01-31 to 2024-02-29
** is 1, to 2024-02-28 is 0).  When iTo is before iFrom the result is
** negative: the smallest k <= 0 with cal_add_months(iFrom, k) >= iTo.
*/
int cal_months_between(int iFrom, int iTo);
/*
** Parse a period: "2026-05" (a month), "2026-Q2" (a quarter, capital Q,
** Q1..Q4) or "2026" (a year), with the year in CAL_YEAR_MIN..CAL_YEAR_MAX.
** Returns 0 and stores the first and last day (inclusive) in *pFirst and
** *pLast, else nonzero and leaves them untouched.
*/
int cal_period(const char *zPeriod, int *pFirst, int *pLast);

/* Official holidays and make-up workdays.  Immutable after loading, so
** threads may share one; cal_load_year() must not run while others read.
** The lookup functions below accept NULL as an empty calendar (weekends
** only). */
typedef struct Calendar Calendar;

/*
** Load the embedded data/holidays.tsv into a new Calendar stored in *pp.
** The caller frees it with cal_free().  Returns 0 on success; on failure
** *pp is NULL and *pzErr (caller frees with free()) says why.
*/
int cal_load_builtin(Calendar **pp, char **pzErr);
/*
** Add or replace the arrangement of year y from TSV text in the format of
** data/holidays.tsv: "YYYY-MM-DD<TAB>off|work<TAB>name" lines in any order,
** "#" comments and blank lines allowed, CRLF and a UTF-8 BOM tolerated.
** Every date must be a real date in year y, listed once; a "work" day must
** be a Saturday or Sunday; the name must be non-empty UTF-8.  Every existing
** entry dated in year y is replaced, and year y then counts as loaded.
** On error returns nonzero, stores in *pzErr (caller frees with free()) a
** Chinese message naming the line ("第3行：日期无效"), and leaves p
** unchanged.
*/
int cal_load_year(Calendar *p, int y, const char *zTsv, char **pzErr);
/* 1 if the official arrangement for year y is loaded, else 0. */
int cal_has_year(const Calendar *p, int y);
/*
** 1 if iDay is a working day: Monday..Friday and not a statutory holiday,
** or a make-up workday; else 0.  Years without data count weekends only.
*/
int cal_is_workday(const Calendar *p, int iDay);
/*
** Name of the holiday whose arrangement lists iDay ("国庆节"), for days off
** and for make-up workdays alike (cal_is_workday() tells them apart).
** Borrowed, valid until the calendar is changed or freed; NULL if iDay is
** not listed.
*/
const char *cal_holiday_name(const Calendar *p, int iDay);
/*
** Store in *pDay the n-th working day (n >= 1) of month m of year y.
** Returns 0 on success, nonzero if the month has fewer than n working days
** or the arguments are out of range.
*/
int cal_nth_workday(const Calendar *p, int y, int m, int n, int *pDay);
/* The n-th working day of month m of year y, or the month's last working
** day when it has fewer (the 1st of the month when it has none). */
int cal_workday_near(const Calendar *p, int y, int m, int n);
/* The last working day on or before iDay. */
int cal_workday_on_or_before(const Calendar *p, int iDay);
/* Free a Calendar.  NULL-safe. */
void cal_free(Calendar *p);

#endif
