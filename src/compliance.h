/* compliance.h: the kinds of organisational life and their rules, cadence
** per org (B2), compliance of an org for a period (B3), the roll-up
** counters kept in the same transaction as meeting writes, the inactive-
** member flag (T13) and the server's official calendar (built-in data
** merged with years loaded by the administrator).  No HTTP here. */
#ifndef ZHIBU_COMPLIANCE_H
#define ZHIBU_COMPLIANCE_H
#include <stdint.h>
#include "calendar.h"
#include "ctx.h"
#include "errcode.h"

/* Cadence granularities. */
#define LIFE_NONE    0
#define LIFE_MONTH   1
#define LIFE_QUARTER 2
#define LIFE_YEAR    3

/* Item statuses. */
#define LIFE_DONE    0
#define LIFE_DUE     1
#define LIFE_OVERDUE 2

#define LIFE_MAX_KINDS 10

/* One kind of organisational life and the rule behind its cadence. */
typedef struct LifeKind {
    const char *zKind;  /* "committee_meeting" */
    const char *zLabel; /* "支委会" */
    int iEvery;         /* default LIFE_* cadence */
    const char *zRule;  /* "M3" */
    const char *zArticle; /* "《中国共产党支部工作条例（试行）》第十二条" */
    int bStudy; /* present members earn study hours (T7) */
} LifeKind;

/* The kind named zKind (static) or NULL; the i-th kind, NULL past the
** end. */
const LifeKind *life_kind(const char *zKind);
const LifeKind *life_kind_at(int i);
/* "month"|"quarter"|"year"|"none" for LIFE_*, and back (-1 unknown). */
const char *life_every_name(int iEvery);
int life_every_parse(const char *z);
/* Chinese label of a status (LIFE_DONE ...), and its API name. */
const char *life_status_name(int iStatus);

/* One cadence period: "2026-05", "2026-Q2" or "2026", and its days. */
typedef struct LifePeriod {
    char zName[24];
    int iFirst, iLast;
} LifePeriod;

/* The periods of granularity iEvery that overlap days iFirst..iLast, in
** order, into a[] (at most nMax).  Returns how many. */
int life_periods(int iEvery, int iFirst, int iLast, LifePeriod *a, int nMax);
/* The period of granularity iEvery containing iDay. */
void life_period_of(int iEvery, int iDay, LifePeriod *p);
/* Due date of period p: its last day, or with nNth > 0 the nNth working
** day of its first month on calendar pCal (the last day when the month has
** fewer working days). */
int life_due_on(const Calendar *pCal, int nNth, const LifePeriod *p);
/* Status of an item: done, else overdue when iAsOf is after iDue, else
** due. */
int life_status(int bDone, int iDue, int iAsOf);
/* T13: 1 when a member last present on iLast (or, never present, since
** iLast = the day they joined) has gone nMonths whole months without
** organisational life by iAsOf (rules §9 month arithmetic). */
int life_inactive(int iLast, int iAsOf, int nMonths);

/* The effective cadence of one kind for an org. */
typedef struct LifeCadence {
    int iEvery;    /* LIFE_* */
    int nNth;      /* anchor: N-th working day, 0 = end of period */
    int64_t iFrom; /* org whose override applies, 0 = default */
} LifeCadence;
/* Effective cadence of every kind (indexed as life_kind_at) for the org
** with materialised path zPath: its own override, else the nearest
** ancestor's, else the default. */
int life_cadence(Db *pDb, const char *zPath, LifeCadence *a);
/* Set (or with iEvery < 0 remove) org iOrg's override for zKind; audited. */
int life_cadence_set(Ctx *c, int64_t iOrg, const char *zKind, int iEvery,
                     int nNth, Err *pErr);

/* One compliance item.  For a branch n* are 0/1; for a committee they sum
** the branches of its subtree. */
typedef struct LifeItem {
    const LifeKind *pKind;
    LifePeriod per;
    int iDue;         /* due date */
    int iStatus;      /* LIFE_* status (branch) or worst (committee) */
    int iDone;        /* day done, 0 if not (branch) */
    int64_t iMeeting; /* meeting that satisfied it (branch) */
    int nRequired, nDone, nDueN, nOverdue;
} LifeItem;

/* A direct child in a committee's roll-up. */
typedef struct LifeChild {
    int64_t iOrg;
    char *zName;                  /* owned */
    int bBranch;                  /* a branch (else a committee) */
    int nBranches;                /* open branches in its subtree */
    int nGrouped;                 /* of those, with an open party group */
    int nCompliant;               /* of those, with no overdue item */
    int nOverdue;                 /* overdue items */
    int aOverdue[LIFE_MAX_KINDS]; /* overdue branches per kind */
    int aDone[LIFE_MAX_KINDS];    /* done items per kind */
    int aDue[LIFE_MAX_KINDS];     /* due (not overdue) items per kind */
} LifeChild;

typedef struct LifeReport {
    int64_t iOrg;
    int bBranch; /* branch-style report (branch or group) */
    int iAsOf;
    LifeItem *a; /* owned */
    int n;
    int nBranches, nCompliant;    /* branches; with no overdue item */
    int aOverdue[LIFE_MAX_KINDS]; /* overdue items by kind */
    LifeChild *aChild;            /* owned; committees only */
    int nChild;
} LifeReport;

/* Compliance of org iOrg for period zPeriod as of iAsOf.  Returns ZE_OK,
** ZE_BAD_QUERY (bad period), ZE_NOT_FOUND or a DB failure code. */
int life_eval(Db *pDb, int64_t iOrg, const char *zPeriod, int iAsOf,
              LifeReport *pOut);
void life_report_free(LifeReport *p); /* NULL-safe */

/* What a meeting contributes to compliance: its kind, day, whether it is
** complete and the branches it counts for.  Used to keep the counters. */
#define LIFE_MAX_ORGS 32
typedef struct LifeFoot {
    char zKind[24];
    int iDay; /* held_on, 0 when none */
    int bCompleted;
    int nOrg;
    int64_t aOrg[LIFE_MAX_ORGS]; /* branches counted */
} LifeFoot;
/* Keys touched by old and new footprints, with done-states before. */
typedef struct LifeDelta {
    int n;
    struct LifeKey {
        int64_t iOrg;
        char zKind[24];
        char zPeriod[24];
        int iFirst, iLast;
        int bBefore; /* done before the write */
        int bSure;   /* done after it: the new meeting is complete and
                     ** counts for it (not for the L7 talks of a year) */
    } a[LIFE_MAX_ORGS * 6];
} LifeDelta;
/* Inside the write transaction, before the write: record the done-state of
** every (branch, kind, period) that pOld or pNew touch. */
int life_delta_begin(Db *pDb, const LifeFoot *pOld, const LifeFoot *pNew,
                     LifeDelta *d);
/* After the write: compare, and add +1/-1 to life_count for the branch and
** every ancestor where a done-state flipped. */
int life_delta_apply(Db *pDb, const LifeDelta *d);

/* Inside an org move or close: take the counters of org iOrg's subtree
** (its own life_count rows) off the ancestors on path zFrom and add them to
** those on path zTo (either may be NULL; iOrg itself is left alone). */
int life_count_move(Db *pDb, int64_t iOrg, const char *zFrom, const char *zTo);

/* Exact compliant counts (life_hist, migration 008).  Period j of year y
** (0..11 the months, 12..15 the quarters, 16 the year) into *p. */
void life_period_at(int y, int j, LifePeriod *p);
/* A branch's key for period j of a year, from its done bits aBits[kind]
** (bit j set when it did the kind in period j, as life_count's rows of the
** branch) and whether it has an open party group: per kind the first
** month and first quarter of the period not done and whether the year is
** done, then 'g' or '-'.  Enough to tell, for any cadence and day, whether
** the branch has an overdue item in the period. */
#define LIFE_HIST_KEY 24
void life_hist_key(const uint32_t *aBits, int bGroups, int j,
                   char z[LIFE_HIST_KEY]);
/* After a change of branch iBranch's open party groups (group created,
** closed or moved), inside that transaction: its keys follow. */
int life_hist_groups(Db *pDb, int64_t iBranch);
/* Rebuild life_hist from the branches' own life_count rows (migration 008,
** `zhibu gen`), inside the caller's transaction. */
int life_hist_rebuild(Db *pDb);

/* The official calendar: the built-in data with every year in holiday_year
** loaded over it.  Kept on the connection (db_attach) and rebuilt when the
** table changes.  Borrowed from pDb: valid until the next life_calendar()
** or life_eval() on pDb.  NULL on failure. */
const Calendar *life_calendar(Db *pDb);
/* Load next year's arrangement (TSV as data/holidays.tsv) into the
** database; audited.  *pnDays gets the number of listed days. */
int life_calendar_load(Ctx *c, int iYear, const char *zTsv, int *pnDays,
                       char **pzErr);

/* `zhibu check --db URL --org ID --period P [--as-of D]`. */
int cmd_check(int argc, char **argv);

#endif
