/* rollup.h: read-side helpers of organisational life over the roll-up
** counters (trend), the compliance export, a member's attendance tally,
** and the leaders' liaison links to branches (B4).  No HTTP here. */
#ifndef ZHIBU_ROLLUP_H
#define ZHIBU_ROLLUP_H
#include "compliance.h"

/* Done counters of org iOrg for period zPeriod ("2026-05", "2026-Q2"),
** indexed as life_kind_at, into a[] (zeroed first).  DB_* code. */
int life_count_get(Db *pDb, int64_t iOrg, const char *zPeriod, int *a);

/* Write report p (period zPeriod) as the compliance table: one row per
** direct child for a committee, one row per item for a branch.  Audited
** "export.compliance".  On success *pFd and *pnSize as xlsx_finish(). */
int life_export(Ctx *c, const LifeReport *p, const char *zPeriod, int *pFd,
                long long *pnSize, Err *pErr);

/* Attendance of member iMember at completed meetings held in year iYear:
** a[0] expected (rows), a[1] present, a[2] leave, a[3] absent.  DB_*. */
int life_attendance_year(Db *pDb, int64_t iMember, int iYear, int a[4]);

/* A leader linked to a branch, with the quarter's status. */
typedef struct Liaison {
    int64_t iId, iMember, iOrg; /* iOrg: the leader's own org */
    char zName[64];
    char zFrom[11];
    int iStatus;      /* LIFE_* */
    int64_t iMeeting; /* meeting attended in the quarter, 0 = none */
} Liaison;

/* The liaisons of branch iOrg (or only liaison iOnly when > 0) with their
** status for days iFirst..iLast as of iAsOf.  *pa freed with free(). */
int liaison_list(Db *pDb, int64_t iOrg, int64_t iOnly, int iFirst, int iLast,
                 int iAsOf, Liaison **pa, int *pn);
/* The branch liaison iId links to (DB_NOTFOUND if none). */
int liaison_org(Db *pDb, int64_t iId, int64_t *piOrg);
/* Link member iMember to branch iOrg; audited.  ZE_LIAISON_EXISTS when
** already linked. */
int liaison_add(Ctx *c, int64_t iOrg, int64_t iMember, int64_t *piId,
                Err *pErr);
/* Remove liaison iId; audited. */
int liaison_delete(Ctx *c, int64_t iId, Err *pErr);

#endif
