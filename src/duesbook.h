/* duesbook.h: the dues book (党费收缴) of a member: which months are due
** and how much (F9, F11, F8 reliefs, on the dues.c calculation), what the
** payments cover (payments are never overwritten; a correction is a new
** entry that references the one it corrects), arrears and the six-month
** 自行脱党 review flag (F14, F18).  Pure logic: no SQL, no JSON; the
** storage is ledger_dues.c, the HTTP handlers api_dues.c.
**
** Months are numbers: year * 12 + (month - 1), so 2026-01 is 24312. */
#ifndef ZHIBU_DUESBOOK_H
#define ZHIBU_DUESBOOK_H
#include <stdint.h>
#include "dues.h"

/* Consecutive months with nothing paid that raise the 自行脱党 review flag
** (党费规定 第十三条, 党章 第九条: F14, F18). */
#define DUESBOOK_LAPSE_MONTHS 6
/* Most months one payment may cover (a year in advance, or 补交). */
#define DUESBOOK_SPAN_MAX 24
/* How far back arrears are looked for (months). */
#define DUESBOOK_LOOKBACK 120

/* One confirmed base, in force from iMonth until the next one (F11). */
typedef struct DuesBase {
    int iMonth;       /* effective month */
    DuesKind eKind;   /* category */
    int64_t nBaseFen; /* monthly base (0 for the fixed amounts of F7) */
} DuesBase;

/* An approved reduction or exemption (F8) for months iFrom..iTo. */
typedef struct DuesRelief {
    int iFrom, iTo; /* months covered, inclusive */
    int bExempt;    /* 免交: nothing due */
    int64_t nFen;   /* 少交: the monthly amount still due */
} DuesRelief;

/* One payment entry.  A correction has iCorrects = the id of the entry it
** corrects and nFen = the signed change; it covers that entry's months. */
typedef struct DuesPay {
    int64_t iId;       /* dues_payment.id */
    int64_t iCorrects; /* entry corrected, 0 for an ordinary payment */
    int iFrom, iTo;    /* months covered, inclusive */
    int64_t nFen;      /* amount, fen (signed for a correction) */
} DuesPay;

/* Everything the book of one member is computed from (all borrowed).
** aBase is sorted by iMonth (ties: later entries win); aPay by iId. */
typedef struct DuesBook {
    int iStart;            /* first month due: the congress (F9); 0 none */
    const DuesBase *aBase; /* base history */
    int nBase;
    const DuesRelief *aRelief; /* approved reliefs */
    int nRelief;
    const DuesPay *aPay; /* payments and corrections */
    int nPay;
    const DuesRules *pRules; /* local settings */
} DuesBook;

/* State of one month. */
enum {
    DUESM_NONE = 0, /* not due: before the start, or no base confirmed */
    DUESM_PAID,     /* paid in full (perhaps more) */
    DUESM_PARTIAL,  /* something paid, less than due */
    DUESM_UNPAID,   /* due, nothing paid */
    DUESM_RELIEF    /* covered by an approved exemption (nothing due) */
};

/* One month of the book. */
typedef struct DuesMonth {
    int iMonth;    /* the month */
    int iState;    /* DUESM_* */
    int bBase;     /* a base is in force (a category is known) */
    int bStarted;  /* on or after the start month (F9) */
    int iRelief;   /* 0 none, 1 reduction, 2 exemption (F8) */
    DuesCalc calc; /* base -> band -> rate -> amount (when bBase) */
    int64_t nDue;  /* due this month, after any relief */
    int64_t nPaid; /* allocated from the payments */
} DuesMonth;

/* Arrears at a month. */
typedef struct DuesArrears {
    int nMonths;     /* months due before iAsOf with paid < due */
    int64_t nFen;    /* sum of due - paid over those months */
    int nStreak;     /* consecutive unpaid months ending just before iAsOf */
    int iStreakFrom; /* first month of that streak (0 when none) */
    int bFlag;       /* nStreak >= DUESBOOK_LAPSE_MONTHS (F14/F18) */
} DuesArrears;

/* Month number of "YYYY-MM" into *piMonth; 0, or nonzero when malformed
** (strict: 4 digits, '-', 2 digits 01..12, year 2000..2100). */
int duesbook_month_parse(const char *z, int *piMonth);
/* Month number of year y and month m (1..12). */
int duesbook_month(int y, int m);
/* Month number of a day number (calendar.h). */
int duesbook_month_of_day(int iDay);
/* "YYYY-MM" of iMonth into z[8]. */
void duesbook_month_format(int iMonth, char z[8]);

/* The due of month iMonth alone (payments ignored): fills *p with
** nPaid = 0 and iState DUESM_NONE, DUESM_RELIEF or DUESM_UNPAID. */
void duesbook_due(const DuesBook *b, int iMonth, DuesMonth *p);
/*
** The n months from iFirst: due (duesbook_due) and paid.  Each payment
** and its corrections count as one net amount over its months, which
** fills each month's due in order and puts any excess on the last month,
** so an overpayment shows on that month.  aOut[n] is the caller's.
*/
void duesbook_months(const DuesBook *b, int iFirst, int n, DuesMonth *aOut);
/*
** Arrears before month iAsOf (the month of iAsOf is still being collected,
** so it never counts): months due with paid < due, their shortfall, and
** the run of consecutive unpaid months (nothing paid, due > 0) ending with
** the month before iAsOf.  A relief month, a month fully or partly paid,
** and a month not due end the run (F14/F18: "没有正当理由").
*/
void duesbook_arrears(const DuesBook *b, int iAsOf, DuesArrears *p);
/* Net amount of payment entry iId after its corrections (the entry with
** its corrections), or 0 when there is no such entry. */
int64_t duesbook_net(const DuesBook *b, int64_t iId);
/* Chinese label of a month state (static). */
const char *duesbook_state_label(int iState);
/* Stable name of a month state: "none", "paid", "partial", "unpaid",
** "relief" (static). */
const char *duesbook_state_name(int iState);

#endif
