/* compliance.c: cadence and compliance of organisational life (B2, B3),
** the roll-up counters, the T13 inactive flag and the server calendar.
**
** A branch's compliance for a period reads its cadence (one row per
** ancestor at most) and the completed meetings that count for it in the
** year (one range scan of meeting_org by (org_id, held_on)): O(kinds).
**
** The roll-up: life_count holds, for every org and each ancestor, per kind
** and period at all three granularities ("2026-05", "2026-Q2", "2026"), the
** number of branches of its subtree that have done the kind in the period.
** Meeting writes call life_delta_begin() and life_delta_apply() inside
** their transaction: a (branch, kind, period) whose done-state flips adds
** +1 or -1 to the branch and each ancestor (depth rows).  A committee's
** view reads the counter rows of its direct children for the year (about
** 17 periods x kinds rows each) plus their branch counts; it never visits
** the meetings or the branches below.  Every branch is judged by the
** committee's effective cadence in the roll-up; a branch's own anchors show
** in its own view.  How many branches are compliant (no overdue item at
** all) comes from life_hist, the branches' keys per period (see "Exact
** compliant counts" below), kept in the same transactions.
**
** Entry points: life_kind*, life_periods, life_due_on, life_status,
** life_inactive, life_cadence(_set), life_eval, life_delta_*,
** life_count_move, life_hist_*, life_calendar(_load), cmd_check. */
#include "auth.h"
#include "compliance.h"
#include "audit.h"
#include "log.h"
#include "org.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ART_BRANCH "《中国共产党支部工作条例（试行）》"
#define ART_EDU    "《中国共产党党员教育管理工作条例》"

/* clang-format off */
static const LifeKind aKind[] = {
  { "congress",          "党员大会",       LIFE_QUARTER, "M1", ART_BRANCH "第十一条", 0 },
  { "committee_meeting", "支委会",         LIFE_MONTH,   "M3", ART_BRANCH "第十二条", 0 },
  { "group_meeting",     "党小组会",       LIFE_MONTH,   "M4", ART_BRANCH "第十三条", 0 },
  { "lecture",           "党课",           LIFE_QUARTER, "L2", "地方通行做法：党课每季度1次（可设置）", 1 },
  { "micro_lecture",     "微党课",         LIFE_NONE,    "B6", ART_EDU "第二十条", 1 },
  { "theme_day",         "主题党日",       LIFE_MONTH,   "L4", ART_EDU "第十六条", 1 },
  { "life_meeting",      "组织生活会",     LIFE_YEAR,    "L5", ART_EDU "第十七条", 0 },
  { "appraisal",         "民主评议党员",   LIFE_YEAR,    "L6", ART_EDU "第十八条", 0 },
  { "talk",              "谈心谈话",       LIFE_YEAR,    "L7", ART_BRANCH "第十九条", 0 },
  { "study",             "集中学习",       LIFE_NONE,    "T7", ART_EDU "第二十条", 1 },
};
/* clang-format on */

const LifeKind *life_kind(const char *zKind)
{
    for (int i = 0; zKind && i < COUNT(aKind); i++)
        if (strcmp(aKind[i].zKind, zKind) == 0) return &aKind[i];
    return 0;
}

const LifeKind *life_kind_at(int i)
{
    return i >= 0 && i < COUNT(aKind) ? &aKind[i] : 0;
}

static int kind_index(const LifeKind *k)
{
    return (int)(k - aKind);
}

static const char *const azEvery[] = {"none", "month", "quarter", "year"};

const char *life_every_name(int iEvery)
{
    return iEvery >= 0 && iEvery <= LIFE_YEAR ? azEvery[iEvery] : "none";
}

int life_every_parse(const char *z)
{
    for (int i = 0; z && i <= LIFE_YEAR; i++)
        if (strcmp(azEvery[i], z) == 0) return i;
    return -1;
}

const char *life_status_name(int iStatus)
{
    return iStatus == LIFE_DONE  ? "done"
           : iStatus == LIFE_DUE ? "due"
                                 : "overdue";
}

void life_period_of(int iEvery, int iDay, LifePeriod *p)
{
    int y, m, d;
    cal_split(iDay, &y, &m, &d);
    if (iEvery == LIFE_MONTH) {
        snprintf(p->zName, sizeof p->zName, "%04d-%02d", y, m);
    } else if (iEvery == LIFE_QUARTER) {
        snprintf(p->zName, sizeof p->zName, "%04d-Q%d", y, (m - 1) / 3 + 1);
    } else {
        snprintf(p->zName, sizeof p->zName, "%04d", y);
    }
    cal_period(p->zName, &p->iFirst, &p->iLast);
}

int life_periods(int iEvery, int iFirst, int iLast, LifePeriod *a, int nMax)
{
    int n = 0;
    if (iEvery == LIFE_NONE) return 0;
    for (int iDay = iFirst; iDay <= iLast && n < nMax;) {
        life_period_of(iEvery, iDay, &a[n]);
        iDay = a[n].iLast + 1;
        n++;
    }
    return n;
}

int life_due_on(const Calendar *pCal, int nNth, const LifePeriod *p)
{
    int y, m, d, iDay;
    if (nNth <= 0) return p->iLast;
    cal_split(p->iFirst, &y, &m, &d);
    if (cal_nth_workday(pCal, y, m, nNth, &iDay)) return p->iLast;
    return iDay;
}

int life_status(int bDone, int iDue, int iAsOf)
{
    if (bDone) return LIFE_DONE;
    return iAsOf > iDue ? LIFE_OVERDUE : LIFE_DUE;
}

int life_inactive(int iLast, int iAsOf, int nMonths)
{
    return cal_add_months(iLast, nMonths) <= iAsOf;
}

/* The ids in a materialised path "/1/7/42/", root first, into a[] (at most
** nMax).  Returns how many. */
static int path_ids(const char *zPath, int64_t *a, int nMax)
{
    int n = 0;
    for (const char *p = zPath; p && *p && n < nMax;) {
        if (*p == '/') {
            p++;
            continue;
        }
        a[n++] = strtoll(p, (char **)&p, 10);
    }
    return n;
}

/* a[j0..j0+8) into b[], 0 past n (no org has id 0): the parameters of an
** "id IN ($1,...,$8)" statement, which takes a path eight orgs at a time. */
static void ids_eight(const int64_t *a, int n, int j0, int64_t b[8])
{
    for (int j = 0; j < 8; j++)
        b[j] = j0 + j < n ? a[j0 + j] : 0;
}

int life_cadence(Db *pDb, const char *zPath, LifeCadence *a)
{
    int64_t aId[64];
    int nId = path_ids(zPath, aId, 64), rc = DB_OK, aDepth[LIFE_MAX_KINDS];
    for (int i = 0; i < COUNT(aKind); i++) {
        a[i].iEvery = aKind[i].iEvery;
        a[i].nNth = 0;
        a[i].iFrom = 0;
        aDepth[i] = -1;
    }
    /* The overrides of every org on the path, eight ids a statement; a
    ** deeper override replaces a higher one. */
    for (int j0 = 0; j0 < nId && rc == DB_OK; j0 += 8) {
        int64_t b[8];
        ids_eight(aId, nId, j0, b);
        DbStmt *s = 0;
        rc = db_prepare_bind(pDb, &s,
                             "SELECT org_id, kind, every, nth_workday FROM "
                             "cadence WHERE org_id IN ($1,$2,$3,$4,$5,$6,$7,"
                             "$8)",
                             "iiiiiiii", b[0], b[1], b[2], b[3], b[4], b[5],
                             b[6], b[7]);
        while (rc == DB_OK && db_step(s) == DB_ROW) {
            const LifeKind *k = life_kind(db_col_text(s, 1));
            int e = life_every_parse(db_col_text(s, 2)), j = 0;
            int64_t iFrom = db_col_int64(s, 0);
            while (j < nId && aId[j] != iFrom)
                j++;
            if (!k || e < 0 || j >= nId || j < aDepth[kind_index(k)]) continue;
            aDepth[kind_index(k)] = j;
            a[kind_index(k)].iEvery = e;
            a[kind_index(k)].nNth = (int)db_col_int64(s, 3);
            a[kind_index(k)].iFrom = iFrom;
        }
        db_finalize(s);
    }
    return rc;
}

int life_cadence_set(Ctx *c, int64_t iOrg, const char *zKind, int iEvery,
                     int nNth, Err *pErr)
{
    int rc;
    char zDetail[96];
    if (!life_kind(zKind)) return err_set(pErr, ZE_CADENCE_KIND, "items", 0);
    if (nNth < 0 || nNth > 23) return err_set(pErr, ZE_CADENCE_NTH, "items", 0);
    snprintf(zDetail, sizeof zDetail, "%s=%s nth=%d", zKind,
             iEvery < 0 ? "default" : life_every_name(iEvery), nNth);
    rc = db_begin(c->pDb);
    if (!rc)
        rc = db_run(c->pDb, "DELETE FROM cadence WHERE org_id=$1 AND kind=$2",
                    "it", iOrg, zKind);
    if (!rc && iEvery >= 0)
        rc =
            db_run(c->pDb,
                   "INSERT INTO cadence(org_id,kind,every,nth_workday) "
                   "VALUES($1,$2,$3,$4)",
                   "itti", iOrg, zKind, life_every_name(iEvery), (int64_t)nNth);
    if (!rc) rc = audit_log(c, "cadence.set", "org", iOrg, zDetail);
    if (!rc) rc = db_commit(c->pDb);
    if (rc) {
        db_rollback(c->pDb);
        return err_set(pErr, err_db(c->pDb, rc, "cadence"), 0, 0);
    }
    return 0;
}

/* ---------------------------------------------------------------------
** Done-state of one (branch, kind, period)
*/

/* The committee roles whose holders must talk with every member (L7). */
#define TALK_ROLES                                                             \
    "('secretary','deputy_secretary','organization_member',"                   \
    "'propaganda_member','discipline_member')"

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static int find_id(const int64_t *a, int n, int64_t v)
{
    if (n == 0) return -1; /* bsearch wants an array, even of none */
    const int64_t *p = bsearch(&v, a, (size_t)n, sizeof v, cmp_i64);
    return p ? (int)(p - a) : -1;
}

/* Append v to the array *pa of *pn ids (its room doubles whenever *pn
** reaches a power of two). */
static void ids_push(int64_t **pa, int *pn, int64_t v)
{
    if ((*pn & (*pn - 1)) == 0)
        *pa = xrealloc(*pa, (size_t)(*pn ? 2 * *pn : 1) * sizeof **pa);
    (*pa)[(*pn)++] = v;
}

/* L7 for branch iOrg and days iFirst..iLast: *pbReq gets whether any pair
** is required (the branch has committee posts) and *pbDone whether every
** committee member has talked (both present at a completed talk) with
** every other member of the branch.  One statement: the members of the
** branch and its groups (tag 0), the committee (tag 1) and who was present
** at each talk (tag 2), sorted. */
static int talk_covered(Db *pDb, int64_t iOrg, int iFirst, int iLast,
                        int *pbReq, int *pbDone)
{
    char zA[11], zB[11];
    int64_t *aM = 0, *aK = 0, *aT = 0;
    int nM = 0, nK = 0, nT = 0, rc = DB_OK;
    DbStmt *s = 0;
    *pbReq = *pbDone = 0;
    cal_format(iFirst, zA);
    cal_format(iLast, zB);
    rc = db_prepare_bind(
        pDb, &s,
        "SELECT 0, m.id, 0 FROM member m WHERE m.org_id IN (SELECT o.id "
        "FROM org o WHERE o.id=$1 OR (o.parent_id=$1 AND o.kind='group')) "
        "UNION ALL SELECT DISTINCT 1, m.id, 0 FROM post p JOIN member m "
        "ON m.person_id=p.person_id WHERE p.org_id=$1 AND p.ended=0 AND "
        "p.role IN " TALK_ROLES " "
        "UNION ALL SELECT 2, a.meeting_id, a.member_id FROM meeting_org mo "
        "JOIN attendance a ON a.meeting_id=mo.meeting_id WHERE mo.org_id=$1 "
        "AND mo.kind='talk' AND mo.completed=1 AND mo.held_on >= $2 AND "
        "mo.held_on <= $3 AND a.status='present' ORDER BY 1, 2, 3",
        "itt", iOrg, zA, zB);
    int iStep = rc ? rc : DB_ROW;
    while (iStep == DB_ROW && (iStep = db_step(s)) == DB_ROW) {
        int64_t iTag = db_col_int64(s, 0), v = db_col_int64(s, 1);
        if (iTag == 0) ids_push(&aM, &nM, v);
        if (iTag == 1) ids_push(&aK, &nK, v);
        if (iTag == 2) {
            ids_push(&aT, &nT, v);
            ids_push(&aT, &nT, db_col_int64(s, 2));
        }
    }
    if (!rc && iStep != DB_DONE) rc = iStep;
    db_finalize(s);
    if (rc || nK == 0 || nM < 2) {
        *pbDone = 1;
        goto out;
    }
    *pbReq = 1;
    /* done[k * nM + m]: committee member k has talked with member m.
    ** aT holds (meeting, member) pairs by meeting. */
    unsigned char *done = xcalloc((size_t)nK * (size_t)nM, 1);
    for (int x0 = 0; x0 < nT;) {
        int x1 = x0;
        while (x1 < nT && aT[x1] == aT[x0])
            x1 += 2;
        for (int i = x0; i < x1; i += 2) {
            int k = find_id(aK, nK, aT[i + 1]);
            if (k < 0) continue;
            for (int j = x0; j < x1; j += 2) {
                int m = find_id(aM, nM, aT[j + 1]);
                if (m >= 0 && j != i) done[(size_t)k * nM + m] = 1;
            }
        }
        x0 = x1;
    }
    int bAll = 1;
    for (int k = 0; k < nK && bAll; k++)
        for (int m = 0; m < nM; m++)
            if (aM[m] != aK[k] && !done[(size_t)k * nM + m]) {
                bAll = 0;
                break;
            }
    *pbDone = bAll;
    free(done);
out:
    free(aM);
    free(aK);
    free(aT);
    return rc;
}

/* Whether key k is the L7 talk coverage of a whole year. */
static int key_is_talk_year(const struct LifeKey *k)
{
    int y1, y2, m1, m2, d1, d2;
    cal_split(k->iFirst, &y1, &m1, &d1);
    cal_split(k->iLast, &y2, &m2, &d2);
    return strcmp(k->zKind, "talk") == 0 && m1 == 1 && m2 == 12;
}

/* Add the keys of footprint f to d (no duplicates); bNew marks the keys a
** completed new footprint is sure to satisfy. */
static void delta_add(LifeDelta *d, const LifeFoot *f, int bNew)
{
    if (!f || !f->iDay || !life_kind(f->zKind)) return;
    for (int i = 0; i < f->nOrg; i++)
        for (int e = LIFE_MONTH; e <= LIFE_YEAR; e++) {
            LifePeriod p;
            int j;
            life_period_of(e, f->iDay, &p);
            for (j = 0; j < d->n; j++)
                if (d->a[j].iOrg == f->aOrg[i] &&
                    strcmp(d->a[j].zKind, f->zKind) == 0 &&
                    strcmp(d->a[j].zPeriod, p.zName) == 0)
                    break;
            if (j == d->n && d->n >= COUNT(d->a)) continue;
            struct LifeKey *k = &d->a[j];
            if (j == d->n) {
                memset(k, 0, sizeof *k);
                k->iOrg = f->aOrg[i];
                snprintf(k->zKind, sizeof k->zKind, "%s", f->zKind);
                memcpy(k->zPeriod, p.zName, sizeof p.zName);
                k->iFirst = p.iFirst;
                k->iLast = p.iLast;
                d->n++;
            }
            if (bNew && f->bCompleted && !key_is_talk_year(k)) k->bSure = 1;
        }
}

/* The done-state of every key of d into aOut[] (after the write when
** bAfter: keys marked bSure are done).  A branch's keys of one kind (its
** month, quarter and year) are read with one statement; the L7 talk
** coverage of a year with talk_covered(). */
static int keys_done(Db *pDb, const LifeDelta *d, int bAfter, int *aOut)
{
    int rc = DB_OK;
    for (int i = 0; i < d->n; i++)
        aOut[i] = bAfter && d->a[i].bSure ? 1 : -1;
    for (int i = 0; i < d->n && !rc; i++) {
        const struct LifeKey *k = &d->a[i];
        if (aOut[i] >= 0) continue;
        if (key_is_talk_year(k)) {
            int bReq = 0;
            rc = talk_covered(pDb, k->iOrg, k->iFirst, k->iLast, &bReq,
                              &aOut[i]);
            continue;
        }
        /* Up to three open keys of this branch and kind; an unused range
        ** is empty. */
        int aj[3], nj = 0;
        char az[3][2][11];
        for (int j = i; j < d->n && nj < 3; j++)
            if (aOut[j] < 0 && d->a[j].iOrg == k->iOrg &&
                strcmp(d->a[j].zKind, k->zKind) == 0 &&
                !key_is_talk_year(&d->a[j]))
                aj[nj++] = j;
        for (int x = 0; x < 3; x++) {
            cal_format(x < nj ? d->a[aj[x]].iFirst : 2, az[x][0]);
            cal_format(x < nj ? d->a[aj[x]].iLast : 1, az[x][1]);
        }
        DbStmt *s = 0;
#define KEY_EXISTS(A, B)                                                       \
    "CASE WHEN EXISTS(SELECT 1 FROM meeting_org WHERE org_id=$1 AND kind=$2 "  \
    "AND completed=1 AND held_on >= " A " AND held_on <= " B ") THEN 1 ELSE "  \
    "0 END"
        rc = db_prepare_bind(pDb, &s,
                             "SELECT " KEY_EXISTS("$3", "$4") ", " KEY_EXISTS(
                                 "$5", "$6") ", " KEY_EXISTS("$7", "$8"),
                             "ittttttt", k->iOrg, k->zKind, az[0][0], az[0][1],
                             az[1][0], az[1][1], az[2][0], az[2][1]);
#undef KEY_EXISTS
        if (!rc && (rc = db_step(s)) == DB_ROW) {
            rc = DB_OK;
            for (int x = 0; x < nj; x++)
                aOut[aj[x]] = db_col_int64(s, x) != 0;
        } else if (!rc) {
            rc = DB_ERROR;
        }
        db_finalize(s);
    }
    return rc;
}

int life_delta_begin(Db *pDb, const LifeFoot *pOld, const LifeFoot *pNew,
                     LifeDelta *d)
{
    int aDone[COUNT(d->a)];
    d->n = 0;
    delta_add(d, pOld, 0);
    delta_add(d, pNew, 1);
    int rc = keys_done(pDb, d, 0, aDone);
    for (int i = 0; i < d->n; i++)
        d->a[i].bBefore = aDone[i] > 0;
    return rc;
}

static int hist_apply(Db *pDb, const LifeDelta *d, const int *aDone);
static int org_path_ids(Db *pDb, int64_t iOrg, int64_t *a, int *pn);

int life_delta_apply(Db *pDb, const LifeDelta *d)
{
    int aDone[COUNT(d->a)];
    int64_t iPathOrg = 0, aId[64];
    int nId = 0;
    int rc = keys_done(pDb, d, 1, aDone);
    for (int i = 0; i < d->n && !rc; i++) {
        const struct LifeKey *k = &d->a[i];
        if ((aDone[i] > 0) == k->bBefore) continue;
        if (k->iOrg != iPathOrg) { /* the branch's ancestors, itself last */
            rc = org_path_ids(pDb, k->iOrg, aId, &nId);
            if (rc) break;
            iPathOrg = k->iOrg;
        }
        /* +1 or -1 on the counter of every org on the path, eight orgs a
        ** statement. */
        for (int j0 = 0; j0 < nId && !rc; j0 += 8) {
            int64_t b[8];
            ids_eight(aId, nId, j0, b);
            rc = db_run(pDb,
                        "INSERT INTO life_count(org_id,kind,period,n_done) "
                        "SELECT id, $9, $10, $11 FROM org WHERE id IN ($1,$2,"
                        "$3,$4,$5,$6,$7,$8) ON CONFLICT(org_id,period,kind) DO"
                        " UPDATE SET n_done=life_count.n_done+excluded.n_done",
                        "iiiiiiiitti", b[0], b[1], b[2], b[3], b[4], b[5], b[6],
                        b[7], k->zKind, k->zPeriod,
                        (int64_t)(aDone[i] > 0 ? 1 : -1));
        }
    }
    if (!rc) rc = hist_apply(pDb, d, aDone);
    return rc;
}

int life_count_move(Db *pDb, int64_t iOrg, const char *zFrom, const char *zTo)
{
    int rc = DB_OK;
    for (int x = 0; x < 2 && !rc; x++) {
        const char *zPath = x == 0 ? zFrom : zTo;
        int64_t aId[64];
        int nId = zPath ? path_ids(zPath, aId, 64) : 0;
        if (nId > 0 && aId[nId - 1] == iOrg) nId--; /* ancestors only */
        for (int j0 = 0; j0 < nId && !rc; j0 += 8) {
            int64_t b[8];
            ids_eight(aId, nId, j0, b);
            rc = db_run(pDb,
                        "INSERT INTO life_count(org_id,kind,period,n_done) "
                        "SELECT a.id, c.kind, c.period, $10 * c.n_done FROM "
                        "life_count c, org a WHERE c.org_id=$9 AND a.id IN "
                        "($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT(org_id,period,"
                        "kind) DO UPDATE SET n_done=life_count.n_done+"
                        "excluded.n_done",
                        "iiiiiiiiii", b[0], b[1], b[2], b[3], b[4], b[5], b[6],
                        b[7], iOrg, (int64_t)(x == 0 ? -1 : 1));
            if (!rc)
                rc = db_run(pDb,
                            "INSERT INTO life_hist(org_id,period,hkey,n) "
                            "SELECT a.id, h.period, h.hkey, $10 * h.n FROM "
                            "life_hist h, org a WHERE h.org_id=$9 AND h.n <> 0"
                            " AND a.id IN ($1,$2,$3,$4,$5,$6,$7,$8) ON "
                            "CONFLICT(org_id,period,hkey) DO UPDATE SET "
                            "n=life_hist.n+excluded.n",
                            "iiiiiiiiii", b[0], b[1], b[2], b[3], b[4], b[5],
                            b[6], b[7], iOrg, (int64_t)(x == 0 ? -1 : 1));
        }
    }
    return rc;
}

/* ---------------------------------------------------------------------
** Evaluation
*/

void life_report_free(LifeReport *p)
{
    if (!p) return;
    free(p->a);
    for (int i = 0; i < p->nChild; i++)
        free(p->aChild[i].zName);
    free(p->aChild);
    memset(p, 0, sizeof *p);
}

static void item_push(LifeReport *r, int *pnAlloc, const LifeItem *it)
{
    if (r->n == *pnAlloc) {
        *pnAlloc = *pnAlloc ? 2 * *pnAlloc : 32;
        r->a = xrealloc(r->a, (size_t)*pnAlloc * sizeof *r->a);
    }
    r->a[r->n++] = *it;
}

/* Completed meetings counting for one org: kind, day, id. */
typedef struct Done {
    const LifeKind *k;
    int iDay;
    int64_t iMeeting;
} Done;

/* Branch-style evaluation of org iOrg (path zPath, nGroups open groups). */
static int eval_branch(Db *pDb, const Calendar *pCal, int64_t iOrg,
                       const char *zPath, int bGroup, int64_t nGroups,
                       int iFirst, int iLast, int iAsOf, LifeReport *r)
{
    LifeCadence aCad[LIFE_MAX_KINDS];
    Done *aDone = 0;
    int nDone = 0, nAlloc = 0, nItemAlloc = 0, y, m, d, rc;
    char zA[11], zB[11];
    DbStmt *s = 0;
    rc = life_cadence(pDb, zPath, aCad);
    if (rc) return rc;
    /* Completed meetings of the years the period touches. */
    cal_split(iFirst, &y, &m, &d);
    cal_ymd(y, 1, 1, &d);
    cal_format(d, zA);
    cal_split(iLast, &y, &m, &d);
    cal_ymd(y, 12, 31, &d);
    cal_format(d, zB);
    rc = db_prepare_bind(pDb, &s,
                         "SELECT kind, held_on, meeting_id FROM meeting_org "
                         "WHERE org_id=$1 AND held_on >= $2 AND held_on <= $3"
                         " AND completed=1 ORDER BY held_on, meeting_id",
                         "itt", iOrg, zA, zB);
    while (!rc && db_step(s) == DB_ROW) {
        const LifeKind *k = life_kind(db_col_text(s, 0));
        int iDay;
        if (!k || cal_parse(db_col_text(s, 1), &iDay)) continue;
        if (nDone == nAlloc) {
            nAlloc = nAlloc ? 2 * nAlloc : 64;
            aDone = xrealloc(aDone, (size_t)nAlloc * sizeof *aDone);
        }
        aDone[nDone].k = k;
        aDone[nDone].iDay = iDay;
        aDone[nDone++].iMeeting = db_col_int64(s, 2);
    }
    db_finalize(s);
    for (int i = 0; i < COUNT(aKind) && !rc; i++) {
        const LifeKind *k = &aKind[i];
        LifePeriod aP[16];
        if (aCad[i].iEvery == LIFE_NONE) continue;
        if (bGroup && strcmp(k->zKind, "group_meeting") != 0) continue;
        if (!bGroup && strcmp(k->zKind, "group_meeting") == 0 && nGroups == 0)
            continue;
        int nP = life_periods(aCad[i].iEvery, iFirst, iLast, aP, 16);
        for (int j = 0; j < nP && !rc; j++) {
            LifeItem it;
            memset(&it, 0, sizeof it);
            it.pKind = k;
            it.per = aP[j];
            it.iDue = life_due_on(pCal, aCad[i].nNth, &aP[j]);
            for (int x = 0; x < nDone; x++)
                if (aDone[x].k == k && aDone[x].iDay >= aP[j].iFirst &&
                    aDone[x].iDay <= aP[j].iLast) {
                    it.iDone = aDone[x].iDay;
                    it.iMeeting = aDone[x].iMeeting;
                    break;
                }
            if (strcmp(k->zKind, "talk") == 0 && aCad[i].iEvery == LIFE_YEAR) {
                int bReq = 0, bOk = 0;
                rc = talk_covered(pDb, iOrg, aP[j].iFirst, aP[j].iLast, &bReq,
                                  &bOk);
                if (!bReq) continue;
                if (!bOk) it.iDone = 0, it.iMeeting = 0;
            }
            it.iStatus = life_status(it.iDone != 0, it.iDue, iAsOf);
            it.nRequired = 1;
            it.nDone = it.iStatus == LIFE_DONE;
            it.nDueN = it.iStatus == LIFE_DUE;
            it.nOverdue = it.iStatus == LIFE_OVERDUE;
            if (it.nOverdue) r->aOverdue[i]++;
            item_push(r, &nItemAlloc, &it);
        }
    }
    free(aDone);
    r->nBranches = bGroup ? 0 : 1;
    int nOver = 0;
    for (int i = 0; i < r->n; i++)
        nOver += r->a[i].nOverdue;
    r->nCompliant = !bGroup && nOver == 0;
    return rc;
}

static int hist_count(Db *pDb, LifeReport *r, int64_t iOrg, int iFirst,
                      int iLast, const LifeCadence *aCad, const int *anP,
                      int aDue[][16], int iAsOf);
static int child_index(const LifeReport *r, int64_t iOrg);

/* Committee evaluation: the direct children's counters. */
static int eval_committee(Db *pDb, const Calendar *pCal, int64_t iOrg,
                          const char *zPath, const char *zPeriod, int iFirst,
                          int iLast, int iAsOf, LifeReport *r)
{
    LifeCadence aCad[LIFE_MAX_KINDS];
    int nAlloc = 0, nItemAlloc = 0, rc;
    DbStmt *s = 0;
    char zLo[8], zUp[8];
    char **azPath = 0; /* owned: a child's path when it has no tally */
    snprintf(zLo, sizeof zLo, "%.4s", zPeriod);
    snprintf(zUp, sizeof zUp, "%.4s-~", zPeriod);
    rc = life_cadence(pDb, zPath, aCad);
    /* The children with their open-branch counts kept by org.c. */
    if (!rc)
        rc = db_prepare_bind(pDb, &s,
                             "SELECT o.id, o.name, o.kind, o.path, t.n_branch,"
                             " t.n_grouped FROM org o LEFT JOIN org_tally t ON"
                             " t.org_id=o.id WHERE o.parent_id=$1 AND "
                             "o.closed=0 AND o.kind IN ('committee',"
                             "'general_branch','branch') ORDER BY o.id",
                             "i", iOrg);
    while (!rc && db_step(s) == DB_ROW) {
        if (r->nChild == nAlloc) {
            nAlloc = nAlloc ? 2 * nAlloc : 16;
            r->aChild = xrealloc(r->aChild, (size_t)nAlloc * sizeof *r->aChild);
            azPath = xrealloc(azPath, (size_t)nAlloc * sizeof *azPath);
        }
        azPath[r->nChild] = 0;
        LifeChild *ch = &r->aChild[r->nChild++];
        memset(ch, 0, sizeof *ch);
        ch->iOrg = db_col_int64(s, 0);
        ch->zName = xstrdup(db_col_text(s, 1));
        ch->bBranch = strcmp(db_col_text(s, 2), "branch") == 0;
        if (db_col_is_null(s, 4)) {
            azPath[r->nChild - 1] = xstrdup(db_col_text(s, 3));
        } else {
            ch->nBranches = (int)db_col_int64(s, 4);
            ch->nGrouped = (int)db_col_int64(s, 5);
        }
    }
    db_finalize(s);
    /* Without a tally row (none before migration 006 filled it): count. */
    for (int c = 0; c < r->nChild && !rc; c++) {
        LifeChild *ch = &r->aChild[c];
        char zHi[256];
        int64_t nBr = 0, nGr = 0;
        if (!azPath[c]) continue;
        auth_path_upper(azPath[c], zHi);
        if (ch->bBranch) {
            nBr = 1;
            rc = db_one_int64(pDb, &nGr,
                              "SELECT count(*) FROM org WHERE parent_id=$1 "
                              "AND kind='group' AND closed=0",
                              "i", ch->iOrg);
            nGr = nGr > 0;
        } else {
            rc = db_one_int64(pDb, &nBr,
                              "SELECT count(*) FROM org WHERE path >= $1 AND "
                              "path < $2 AND kind='branch' AND closed=0",
                              "tt", azPath[c], zHi);
            if (!rc)
                rc = db_one_int64(pDb, &nGr,
                                  "SELECT count(DISTINCT parent_id) FROM org "
                                  "WHERE path >= $1 AND path < $2 AND "
                                  "kind='group' AND closed=0",
                                  "tt", azPath[c], zHi);
        }
        if (rc == DB_NOTFOUND) rc = DB_OK;
        ch->nBranches = (int)nBr;
        ch->nGrouped = (int)nGr;
    }
    for (int c = 0; c < r->nChild; c++)
        free(azPath[c]);
    free(azPath);
    /* The period list per kind, the same for every child. */
    LifePeriod aP[LIFE_MAX_KINDS][16];
    int anP[LIFE_MAX_KINDS], aDue[LIFE_MAX_KINDS][16];
    for (int i = 0; i < COUNT(aKind); i++) {
        anP[i] = life_periods(aCad[i].iEvery, iFirst, iLast, aP[i], 16);
        for (int j = 0; j < anP[i]; j++)
            aDue[i][j] = life_due_on(pCal, aCad[i].nNth, &aP[i][j]);
    }
    /* The counters of every child for the year, in one statement. */
    int(*aCnt)[LIFE_MAX_KINDS][16] =
        xcalloc((size_t)(r->nChild ? r->nChild : 1), sizeof *aCnt);
    if (!rc)
        rc = db_prepare_bind(pDb, &s,
                             "SELECT c.org_id, c.kind, c.period, c.n_done FROM"
                             " life_count c JOIN org o ON o.id=c.org_id WHERE "
                             "o.parent_id=$1 AND c.period >= $2 AND c.period "
                             "<= $3",
                             "itt", iOrg, zLo, zUp);
    while (!rc && db_step(s) == DB_ROW) {
        int c = child_index(r, db_col_int64(s, 0));
        const LifeKind *k = life_kind(db_col_text(s, 1));
        const char *zP = db_col_text(s, 2);
        if (c < 0 || !k) continue;
        int i = kind_index(k);
        for (int j = 0; j < anP[i]; j++)
            if (strcmp(aP[i][j].zName, zP) == 0)
                aCnt[c][i][j] = (int)db_col_int64(s, 3);
    }
    db_finalize(s);
    /* Per-(kind, period) sums over children. */
    int aSumReq[LIFE_MAX_KINDS][16], aSumDone[LIFE_MAX_KINDS][16];
    memset(aSumReq, 0, sizeof aSumReq);
    memset(aSumDone, 0, sizeof aSumDone);
    for (int c = 0; c < r->nChild && !rc; c++) {
        LifeChild *ch = &r->aChild[c];
        for (int i = 0; i < COUNT(aKind); i++) {
            int nReq = strcmp(aKind[i].zKind, "group_meeting") == 0
                           ? ch->nGrouped
                           : ch->nBranches;
            for (int j = 0; j < anP[i]; j++) {
                int nD = aCnt[c][i][j] > nReq ? nReq : aCnt[c][i][j];
                int nMiss = nReq - nD;
                aSumReq[i][j] += nReq;
                aSumDone[i][j] += nD;
                ch->aDone[i] += nD;
                if (iAsOf > aDue[i][j]) {
                    ch->aOverdue[i] += nMiss;
                    ch->nOverdue += nMiss;
                } else {
                    ch->aDue[i] += nMiss;
                }
            }
        }
        r->nBranches += ch->nBranches;
        for (int i = 0; i < COUNT(aKind); i++)
            r->aOverdue[i] += ch->aOverdue[i];
    }
    free(aCnt);
    if (!rc)
        rc = hist_count(pDb, r, iOrg, iFirst, iLast, aCad, anP, aDue, iAsOf);
    for (int i = 0; i < COUNT(aKind) && !rc; i++)
        for (int j = 0; j < anP[i]; j++) {
            LifeItem it;
            memset(&it, 0, sizeof it);
            it.pKind = &aKind[i];
            it.per = aP[i][j];
            it.iDue = aDue[i][j];
            it.nRequired = aSumReq[i][j];
            it.nDone = aSumDone[i][j];
            if (iAsOf > it.iDue)
                it.nOverdue = it.nRequired - it.nDone;
            else
                it.nDueN = it.nRequired - it.nDone;
            it.iStatus = it.nOverdue ? LIFE_OVERDUE
                         : it.nDueN  ? LIFE_DUE
                                     : LIFE_DONE;
            item_push(r, &nItemAlloc, &it);
        }
    return rc;
}

/* The holiday_year fingerprint columns: rows and the sum of load stamps.
** life_calendar_load() makes every stamp larger than any before, so each
** load changes the sum (length(tsv) would decompress the rows). */
#define CAL_FP_COLS                                                            \
    "(SELECT count(*) FROM holiday_year), (SELECT coalesce(sum(loaded_at),0)"  \
    " FROM holiday_year)"

/* The calendar kept on a connection and the fingerprint it was built at. */
typedef struct CalMemo {
    Calendar *p;  /* owned */
    int64_t iGen; /* fingerprint */
} CalMemo;

static void calmemo_free(void *p)
{
    CalMemo *m = p;
    cal_free(m->p);
    free(m);
}

/* The calendar of connection pDb where s's columns i and i+1 hold the
** fingerprint: the kept one, or one rebuilt from the built-in data and
** holiday_year when the fingerprint changed.  Borrowed from pDb (valid
** until the next life_calendar() or life_eval() on it); NULL on failure. */
static const Calendar *calendar_at(Db *pDb, DbStmt *s, int i)
{
    int64_t n = db_col_int64(s, i);
    int64_t iGen = db_col_int64(s, i + 1) * 31 + n * 7;
    CalMemo *m = db_attached(pDb, DB_ATTACH_CALENDAR);
    if (m && m->iGen == iGen) return m->p;
    Calendar *p = 0;
    char *zErr = 0;
    DbStmt *t = 0;
    if (cal_load_builtin(&p, &zErr)) {
        log_msg(LOG_ERROR, "calendar: %s", zErr);
        free(zErr);
        return 0;
    }
    if (n > 0 && db_prepare(pDb, &t,
                            "SELECT year, tsv FROM holiday_year ORDER BY "
                            "year") == DB_OK) {
        while (db_step(t) == DB_ROW) {
            if (cal_load_year(p, (int)db_col_int64(t, 0), db_col_text(t, 1),
                              &zErr)) {
                log_msg(LOG_ERROR, "calendar year: %s", zErr);
                free(zErr);
                zErr = 0;
            }
        }
        db_finalize(t);
    }
    m = xmalloc(sizeof *m);
    m->p = p;
    m->iGen = iGen;
    db_attach(pDb, DB_ATTACH_CALENDAR, m, calmemo_free);
    return p;
}

int life_eval(Db *pDb, int64_t iOrg, const char *zPeriod, int iAsOf,
              LifeReport *pOut)
{
    int iFirst, iLast, rc;
    char zPath[256], zKind[16];
    int64_t nGroups;
    const Calendar *pCal;
    DbStmt *s = 0;
    memset(pOut, 0, sizeof *pOut);
    pOut->iOrg = iOrg;
    pOut->iAsOf = iAsOf;
    if (!zPeriod || cal_period(zPeriod, &iFirst, &iLast)) return ZE_BAD_QUERY;
    /* The org, its open groups and the calendar's fingerprint at once. */
    rc =
        db_prepare_bind(pDb, &s,
                        "SELECT o.path, o.kind, (SELECT count(*) FROM org g "
                        "WHERE g.parent_id=o.id AND g.kind='group' AND "
                        "g.closed=0), " CAL_FP_COLS " FROM org o WHERE o.id=$1",
                        "i", iOrg);
    if (rc) return err_db(pDb, rc, "life_eval");
    if (db_step(s) != DB_ROW) {
        db_finalize(s);
        return ZE_NOT_FOUND;
    }
    snprintf(zPath, sizeof zPath, "%s", db_col_text(s, 0));
    snprintf(zKind, sizeof zKind, "%s", db_col_text(s, 1));
    nGroups = db_col_int64(s, 2);
    pCal = calendar_at(pDb, s, 3);
    db_finalize(s);
    if (!pCal) return ZE_INTERNAL;
    if (strcmp(zKind, "branch") == 0 || strcmp(zKind, "group") == 0) {
        pOut->bBranch = 1;
        rc = eval_branch(pDb, pCal, iOrg, zPath, zKind[0] == 'g', nGroups,
                         iFirst, iLast, iAsOf, pOut);
    } else {
        rc = eval_committee(pDb, pCal, iOrg, zPath, zPeriod, iFirst, iLast,
                            iAsOf, pOut);
    }
    return err_db(pDb, rc, "life_eval");
}

/* ---------------------------------------------------------------------
** The server calendar
*/

const Calendar *life_calendar(Db *pDb)
{
    DbStmt *s = 0;
    const Calendar *p = 0;
    if (db_prepare(pDb, &s, "SELECT " CAL_FP_COLS) == DB_OK &&
        db_step(s) == DB_ROW)
        p = calendar_at(pDb, s, 0);
    db_finalize(s);
    return p;
}

int life_calendar_load(Ctx *c, int iYear, const char *zTsv, int *pnDays,
                       char **pzErr)
{
    Calendar *p = 0;
    int rc, n = 0;
    char zDetail[64];
    *pzErr = 0;
    if (cal_load_builtin(&p, pzErr)) return ZE_INTERNAL;
    if (cal_load_year(p, iYear, zTsv, pzErr)) {
        cal_free(p);
        return ZE_CALENDAR_DATA;
    }
    for (int d = 0; d < 366; d++) {
        int iDay;
        if (cal_ymd(iYear, 1, 1, &iDay)) break;
        if (cal_holiday_name(p, iDay + d)) n++;
    }
    cal_free(p);
    *pnDays = n;
    snprintf(zDetail, sizeof zDetail, "year=%d days=%d", iYear, n);
    int64_t iStamp = 0, iNow = util_now();
    rc = db_begin(c->pDb);
    /* loaded_at: the time, or one more than any stamp before it (see
    ** CAL_FP_COLS). */
    if (!rc)
        rc = db_one_int64(c->pDb, &iStamp,
                          "SELECT coalesce(max(loaded_at),0) FROM holiday_year",
                          "");
    if (!rc) iStamp = iStamp >= iNow ? iStamp + 1 : iNow;
    if (!rc)
        rc = db_run(c->pDb, "DELETE FROM holiday_year WHERE year=$1", "i",
                    (int64_t)iYear);
    if (!rc)
        rc = db_run(c->pDb,
                    "INSERT INTO holiday_year(year,tsv,loaded_at) "
                    "VALUES($1,$2,$3)",
                    "iti", (int64_t)iYear, zTsv, iStamp);
    if (!rc) rc = audit_log(c, "calendar.load", "holiday_year", iYear, zDetail);
    if (!rc) rc = db_commit(c->pDb);
    if (rc) db_rollback(c->pDb);
    return err_db(c->pDb, rc, "calendar load");
}

/* ---------------------------------------------------------------------
** Exact compliant counts: life_hist (migration 008)
**
** A branch's done-states of one year are 17 bits per kind (the bits of
** its own life_count rows): months 0..11, quarters 12..15, the year 16.
** For one period of the year (index j, as bits) what decides whether the
** branch has an overdue item, for any cadence a committee may use and any
** day, is per kind: the first month of the period it did not do the kind
** in, the first quarter, and whether it did the kind in the year (the due
** dates of a kind's periods rise with the periods).  That, with whether
** the branch has an open party group (group_meeting, M4), is its key.
** life_hist counts, for every org, period and key, the open branches of
** its subtree (the org itself included) with that key; a branch whose key
** is the nothing-done key has no row, so a committee's branches without a
** row are "nothing done".  Kept in the same transaction as life_count.
*/

#define HIST_NKEY (2 * COUNT(aKind) + 1)

void life_period_at(int y, int j, LifePeriod *p)
{
    int iDay = 0;
    int m = j < 12 ? j + 1 : j < 16 ? 3 * (j - 12) + 1 : 1;
    cal_ymd(y, m, 1, &iDay);
    life_period_of(j < 12   ? LIFE_MONTH
                   : j < 16 ? LIFE_QUARTER
                            : LIFE_YEAR,
                   iDay, p);
}

/* Index (0..16) and year of period name zP ("2026-05", "2026-Q2",
** "2026"); -1 when it is none of these. */
static int period_index(const char *zP, int *py)
{
    size_t n = strlen(zP);
    if (n < 4) return -1;
    *py = atoi(zP);
    if (n == 4) return 16;
    if (n == 7 && zP[5] == 'Q' && zP[6] >= '1' && zP[6] <= '4')
        return 12 + zP[6] - '1';
    if (n == 7) {
        int m = atoi(zP + 5);
        return m >= 1 && m <= 12 ? m - 1 : -1;
    }
    return -1;
}

void life_hist_key(const uint32_t *aBits, int bGroups, int j,
                   char z[LIFE_HIST_KEY])
{
    static const char zHex[] = "0123456789abcdef";
    int m0 = j < 12 ? j : j < 16 ? 3 * (j - 12) : 0;
    int nm = j < 12 ? 1 : j < 16 ? 3 : 12;
    int q0 = j < 12 ? j / 3 : j < 16 ? j - 12 : 0, nq = j < 16 ? 1 : 4;
    for (int k = 0; k < COUNT(aKind); k++) {
        int fm = 0, fq = 0, fy = !(aBits[k] >> 16 & 1);
        while (fm < nm && (aBits[k] >> (m0 + fm) & 1))
            fm++;
        while (fq < nq && (aBits[k] >> (12 + q0 + fq) & 1))
            fq++;
        z[2 * k] = zHex[fm];
        z[2 * k + 1] = (char)('0' + (fq << 1 | fy));
    }
    z[HIST_NKEY - 1] = bGroups ? 'g' : '-';
    z[HIST_NKEY] = 0;
}

/* The nothing-done key of a branch with or without a party group. */
static void hist_key_nothing(int bGroups, char z[LIFE_HIST_KEY])
{
    uint32_t a[LIFE_MAX_KINDS] = {0};
    life_hist_key(a, bGroups, 0, z);
}

/* 1 when a branch with key z has no overdue item of the period whose
** periods per kind (by the viewer's cadence aCad) are anP[i] with due
** dates aDue[i][], as of iAsOf. */
static int hist_compliant(const char *z, const LifeCadence *aCad,
                          const int *anP, int aDue[][16], int iAsOf)
{
    if (strlen(z) != HIST_NKEY) return 0;
    for (int i = 0; i < COUNT(aKind); i++) {
        int f, c = z[2 * i], q = z[2 * i + 1] - '0';
        if (aCad[i].iEvery == LIFE_NONE) continue;
        if (strcmp(aKind[i].zKind, "group_meeting") == 0 &&
            z[HIST_NKEY - 1] != 'g')
            continue;
        if (aCad[i].iEvery == LIFE_MONTH)
            f = c >= 'a' ? c - 'a' + 10 : c - '0';
        else if (aCad[i].iEvery == LIFE_QUARTER)
            f = q >> 1;
        else
            f = !(q & 1);
        if (f < anP[i] && iAsOf > aDue[i][f]) return 0;
    }
    return 1;
}

/* The ids of org iOrg's path into a[] (itself last); *pn = 0 when it has
** none. */
static int org_path_ids(Db *pDb, int64_t iOrg, int64_t *a, int *pn)
{
    DbStmt *s = 0;
    int rc =
        db_prepare_bind(pDb, &s, "SELECT path FROM org WHERE id=$1", "i", iOrg);
    *pn = 0;
    if (!rc && db_step(s) == DB_ROW) *pn = path_ids(db_col_text(s, 0), a, 64);
    db_finalize(s);
    return rc;
}

/* Move n branches from key zOld to key zNew of period zP on every org of
** the path aId[0..nId); "" for a key that has no row (nothing done). */
static int hist_shift(Db *pDb, const int64_t *aId, int nId, const char *zP,
                      const char *zOld, const char *zNew, int n)
{
    int rc = DB_OK;
    for (int j0 = 0; j0 < nId && !rc; j0 += 8) {
        int64_t b[8];
        ids_eight(aId, nId, j0, b);
        rc = db_run(pDb,
                    "INSERT INTO life_hist(org_id,period,hkey,n) SELECT o.id,"
                    " $9, v.k, v.d FROM org o, (SELECT CAST($10 AS TEXT) AS "
                    "k, CAST($11 AS INTEGER) AS d UNION ALL SELECT CAST($12 "
                    "AS TEXT), CAST($13 AS INTEGER)) v WHERE o.id IN ($1,$2,"
                    "$3,$4,$5,$6,$7,$8) AND v.k <> '' ON CONFLICT(org_id,"
                    "period,hkey) DO UPDATE SET n=life_hist.n+excluded.n",
                    "iiiiiiiittiti", b[0], b[1], b[2], b[3], b[4], b[5], b[6],
                    b[7], zP, zOld, (int64_t)-n, zNew, (int64_t)n);
    }
    return rc;
}

/* Whether branch iBranch has an open party group. */
static int has_groups(Db *pDb, int64_t iBranch, int *pb)
{
    int64_t n = 0;
    int rc = db_one_int64(pDb, &n,
                          "SELECT count(*) FROM org WHERE parent_id=$1 AND "
                          "kind='group' AND closed=0",
                          "i", iBranch);
    *pb = n > 0;
    return rc == DB_NOTFOUND ? DB_OK : rc;
}

/* After life_count rows of branch iBranch in year y changed by the bits
** aFlip[] (per kind): move its keys on itself and its ancestors. */
static int hist_branch_year(Db *pDb, int64_t iBranch, int y,
                            const uint32_t *aFlip)
{
    uint32_t aNew[LIFE_MAX_KINDS] = {0}, aOld[LIFE_MAX_KINDS];
    int64_t aId[64];
    int nId = 0, bGroups = 0, yy;
    char zLo[8], zHi[8];
    DbStmt *s = 0;
    snprintf(zLo, sizeof zLo, "%04d", y);
    snprintf(zHi, sizeof zHi, "%04d-~", y);
    int rc = db_prepare_bind(pDb, &s,
                             "SELECT kind, period FROM life_count WHERE "
                             "org_id=$1 AND period >= $2 AND period <= $3 AND "
                             "n_done > 0",
                             "itt", iBranch, zLo, zHi);
    while (!rc && db_step(s) == DB_ROW) {
        const LifeKind *k = life_kind(db_col_text(s, 0));
        int j = period_index(db_col_text(s, 1), &yy);
        if (k && j >= 0 && yy == y) aNew[kind_index(k)] |= 1u << j;
    }
    db_finalize(s);
    if (!rc) rc = has_groups(pDb, iBranch, &bGroups);
    if (!rc) rc = org_path_ids(pDb, iBranch, aId, &nId);
    for (int k = 0; k < COUNT(aKind); k++)
        aOld[k] = aNew[k] ^ aFlip[k];
    char zNothing[LIFE_HIST_KEY];
    hist_key_nothing(bGroups, zNothing);
    for (int j = 0; j < 17 && !rc; j++) {
        char zO[LIFE_HIST_KEY], zN[LIFE_HIST_KEY];
        LifePeriod p;
        life_hist_key(aOld, bGroups, j, zO);
        life_hist_key(aNew, bGroups, j, zN);
        if (strcmp(zO, zN) == 0) continue;
        life_period_at(y, j, &p);
        rc = hist_shift(pDb, aId, nId, p.zName, strcmp(zO, zNothing) ? zO : "",
                        strcmp(zN, zNothing) ? zN : "", 1);
    }
    return rc;
}

/* life_delta_apply()'s second half: the keys of every (branch, year) whose
** done-states flipped (aDone[i] the state after). */
static int hist_apply(Db *pDb, const LifeDelta *d, const int *aDone)
{
    int rc = DB_OK;
    char abSeen[COUNT(d->a)];
    memset(abSeen, 0, sizeof abSeen);
    for (int i = 0; i < d->n && !rc; i++) {
        uint32_t aFlip[LIFE_MAX_KINDS] = {0};
        int y = 0, bAny = 0;
        if (abSeen[i]) continue;
        if (period_index(d->a[i].zPeriod, &y) < 0) continue;
        for (int x = i; x < d->n; x++) {
            const struct LifeKey *k = &d->a[x];
            int yy = 0, j = period_index(k->zPeriod, &yy);
            const LifeKind *lk = life_kind(k->zKind);
            if (abSeen[x] || k->iOrg != d->a[i].iOrg || yy != y) continue;
            abSeen[x] = 1;
            if (j < 0 || !lk || (aDone[x] > 0) == k->bBefore) continue;
            aFlip[kind_index(lk)] |= 1u << j;
            bAny = 1;
        }
        if (bAny) rc = hist_branch_year(pDb, d->a[i].iOrg, y, aFlip);
    }
    return rc;
}

int life_hist_groups(Db *pDb, int64_t iBranch)
{
    int bGroups = 0, nId = 0, n = 0, nAlloc = 0;
    int64_t aId[64];
    struct HistRow {
        char zP[24], zK[LIFE_HIST_KEY];
    } *a = 0;
    DbStmt *s = 0;
    int rc = has_groups(pDb, iBranch, &bGroups);
    if (!rc)
        rc = db_prepare_bind(pDb, &s,
                             "SELECT period, hkey FROM life_hist WHERE "
                             "org_id=$1 AND n > 0",
                             "i", iBranch);
    while (!rc && db_step(s) == DB_ROW) {
        const char *zK = db_col_text(s, 1);
        if (strlen(zK) != HIST_NKEY || (zK[HIST_NKEY - 1] == 'g') == bGroups)
            continue;
        if (n == nAlloc) {
            nAlloc = nAlloc ? 2 * nAlloc : 32;
            a = xrealloc(a, (size_t)nAlloc * sizeof *a);
        }
        snprintf(a[n].zP, sizeof a[n].zP, "%s", db_col_text(s, 0));
        snprintf(a[n].zK, sizeof a[n].zK, "%s", zK);
        n++;
    }
    db_finalize(s);
    if (!rc && n) rc = org_path_ids(pDb, iBranch, aId, &nId);
    for (int i = 0; i < n && !rc; i++) {
        char zNew[LIFE_HIST_KEY];
        memcpy(zNew, a[i].zK, sizeof zNew);
        zNew[HIST_NKEY - 1] = bGroups ? 'g' : '-';
        rc = hist_shift(pDb, aId, nId, a[i].zP, a[i].zK, zNew, 1);
    }
    free(a);
    return rc;
}

/* An accumulator of (org, year, period, key) -> count for
** life_hist_rebuild(): open addressing. */
typedef struct HistCell {
    int64_t iOrg; /* 0 = empty */
    int y, j, n;
    char zK[LIFE_HIST_KEY];
} HistCell;
typedef struct LifeHistAcc {
    HistCell *a;
    size_t nSlot, nUsed;
} LifeHistAcc;

static LifeHistAcc *life_hist_acc_new(void)
{
    LifeHistAcc *p = xcalloc(1, sizeof *p);
    p->nSlot = 1024;
    p->a = xcalloc(p->nSlot, sizeof *p->a);
    return p;
}

static size_t acc_hash(int64_t iOrg, int y, int j, const char *zK)
{
    uint64_t h =
        (uint64_t)iOrg * 0x9E3779B97F4A7C15ull ^ (uint64_t)(y * 31 + j);
    for (const char *p = zK; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001B3ull;
    return (size_t)(h ^ h >> 29);
}

static HistCell *acc_slot(HistCell *a, size_t nSlot, int64_t iOrg, int y, int j,
                          const char *zK)
{
    size_t i = acc_hash(iOrg, y, j, zK) & (nSlot - 1);
    while (a[i].iOrg && !(a[i].iOrg == iOrg && a[i].y == y && a[i].j == j &&
                          strcmp(a[i].zK, zK) == 0))
        i = (i + 1) & (nSlot - 1);
    return &a[i];
}

static void life_hist_acc_add(LifeHistAcc *p, int64_t iOrg, int y, int j,
                              const char *zK, int n)
{
    if (2 * (p->nUsed + 1) > p->nSlot) {
        size_t nNew = 2 * p->nSlot;
        HistCell *aNew = xcalloc(nNew, sizeof *aNew);
        for (size_t i = 0; i < p->nSlot; i++)
            if (p->a[i].iOrg)
                *acc_slot(aNew, nNew, p->a[i].iOrg, p->a[i].y, p->a[i].j,
                          p->a[i].zK) = p->a[i];
        free(p->a);
        p->a = aNew;
        p->nSlot = nNew;
    }
    HistCell *c = acc_slot(p->a, p->nSlot, iOrg, y, j, zK);
    if (!c->iOrg) {
        c->iOrg = iOrg, c->y = y, c->j = j;
        snprintf(c->zK, sizeof c->zK, "%s", zK);
        p->nUsed++;
    }
    c->n += n;
}

static void life_hist_acc_free(LifeHistAcc *p)
{
    if (!p) return;
    free(p->a);
    free(p);
}

static void life_hist_acc_branch(LifeHistAcc *p, const char *zPath, int y,
                                 const uint32_t *aBits, int bGroups, int bOpen)
{
    int64_t aId[64];
    int nId = path_ids(zPath, aId, 64);
    char zNothing[LIFE_HIST_KEY];
    hist_key_nothing(bGroups, zNothing);
    for (int j = 0; j < 17; j++) {
        char zK[LIFE_HIST_KEY];
        life_hist_key(aBits, bGroups, j, zK);
        if (strcmp(zK, zNothing) == 0) continue;
        /* a closed branch keeps its own rows; its ancestors do not count it */
        for (int a = bOpen ? 0 : nId - 1; a < nId; a++)
            life_hist_acc_add(p, aId[a], y, j, zK, 1);
    }
}

static int life_hist_acc_write(Db *pDb, const LifeHistAcc *p)
{
    enum { NROW = 64 };
    DbStmt *sMany = 0, *sOne = 0;
    Buf b = BUF_INIT;
    size_t nCell = 0, r = 0;
    int rc;
    for (size_t i = 0; i < p->nSlot; i++)
        nCell += p->a[i].iOrg && p->a[i].n;
    buf_appends(&b, "INSERT INTO life_hist(org_id,period,hkey,n) VALUES ");
    for (int i = 0; i < NROW; i++)
        buf_appendf(&b, "%s($%d,$%d,$%d,$%d)", i ? "," : "", 4 * i + 1,
                    4 * i + 2, 4 * i + 3, 4 * i + 4);
    rc = db_prepare(pDb, &sMany, b.z);
    buf_free(&b);
    if (!rc)
        rc = db_prepare(pDb, &sOne,
                        "INSERT INTO life_hist(org_id,period,hkey,n) "
                        "VALUES($1,$2,$3,$4)");
    /* NROW rows a statement, the last nCell % NROW one by one */
    for (size_t i = 0; i < p->nSlot && !rc; i++) {
        const HistCell *c = &p->a[i];
        LifePeriod per;
        if (!c->iOrg || !c->n) continue;
        int bMany = r < nCell - nCell % NROW;
        DbStmt *s = bMany ? sMany : sOne;
        int o = bMany ? 4 * (int)(r % NROW) : 0;
        life_period_at(c->y, c->j, &per);
        db_bind_int64(s, o + 1, c->iOrg);
        db_bind_text(s, o + 2, per.zName);
        db_bind_text(s, o + 3, c->zK);
        db_bind_int64(s, o + 4, c->n);
        r++;
        if (!bMany || r % NROW == 0) {
            rc = db_step(s);
            rc = rc == DB_DONE ? db_reset(s) : rc ? rc : DB_ERROR;
        }
    }
    db_finalize(sMany);
    db_finalize(sOne);
    return rc;
}

int life_hist_rebuild(Db *pDb)
{
    LifeHistAcc *acc = life_hist_acc_new();
    int64_t *aGrouped = 0, iCur = 0;
    int nGrouped = 0, nAlloc = 0, yCur = 0, bOpen = 0, rc;
    uint32_t aBits[LIFE_MAX_KINDS];
    char zPath[256];
    DbStmt *s = 0;
    /* branches with an open party group, ascending */
    rc = db_prepare(pDb, &s,
                    "SELECT DISTINCT parent_id FROM org WHERE kind='group' "
                    "AND closed=0 ORDER BY parent_id");
    while (!rc && db_step(s) == DB_ROW) {
        if (nGrouped == nAlloc) {
            nAlloc = nAlloc ? 2 * nAlloc : 256;
            aGrouped = xrealloc(aGrouped, (size_t)nAlloc * sizeof *aGrouped);
        }
        aGrouped[nGrouped++] = db_col_int64(s, 0);
    }
    db_finalize(s);
    if (!rc) rc = db_exec(pDb, "DELETE FROM life_hist");
    /* every branch's own counter rows, a branch and year at a time */
    if (!rc)
        rc = db_prepare(pDb, &s,
                        "SELECT o.id, o.path, o.closed, c.kind, c.period FROM "
                        "org o JOIN life_count c ON c.org_id=o.id WHERE "
                        "o.kind='branch' AND c.n_done > 0 ORDER BY o.id, "
                        "c.period");
    memset(aBits, 0, sizeof aBits);
    zPath[0] = 0;
    for (int bMore = !rc; bMore;) {
        int st = db_step(s);
        bMore = st == DB_ROW;
        if (st != DB_ROW && st != DB_DONE) rc = st;
        int64_t iOrg = bMore ? db_col_int64(s, 0) : 0;
        int y = 0, j = bMore ? period_index(db_col_text(s, 4), &y) : -1;
        if (bMore && j < 0) continue;
        if (iCur && (!bMore || iOrg != iCur || y != yCur)) {
            life_hist_acc_branch(acc, zPath, yCur, aBits,
                                 find_id(aGrouped, nGrouped, iCur) >= 0, bOpen);
            memset(aBits, 0, sizeof aBits);
        }
        if (!bMore) break;
        if (iOrg != iCur) {
            snprintf(zPath, sizeof zPath, "%s", db_col_text(s, 1));
            bOpen = db_col_int64(s, 2) == 0;
        }
        iCur = iOrg, yCur = y;
        const LifeKind *k = life_kind(db_col_text(s, 3));
        if (k) aBits[kind_index(k)] |= 1u << j;
    }
    db_finalize(s);
    if (!rc) rc = life_hist_acc_write(pDb, acc);
    life_hist_acc_free(acc);
    free(aGrouped);
    return rc;
}

static int cmp_child(const void *a, const void *b)
{
    int64_t x = ((const LifeChild *)a)->iOrg, y = ((const LifeChild *)b)->iOrg;
    return x < y ? -1 : x > y;
}

/* Index of child iOrg in r->aChild (sorted by id), or -1. */
static int child_index(const LifeReport *r, int64_t iOrg)
{
    LifeChild key = {.iOrg = iOrg};
    if (r->nChild == 0) return -1; /* bsearch wants an array, even of none */
    const LifeChild *p =
        bsearch(&key, r->aChild, (size_t)r->nChild, sizeof key, cmp_child);
    return p ? (int)(p - r->aChild) : -1;
}

/* The exact compliant count of each child of committee iOrg (children
** sorted by id) and their sum, from the life_hist keys of the period
** iFirst..iLast judged by cadence aCad, due dates aDue and day iAsOf; the
** children's branches without a key row have done nothing in it. */
static int hist_count(Db *pDb, LifeReport *r, int64_t iOrg, int iFirst,
                      int iLast, const LifeCadence *aCad, const int *anP,
                      int aDue[][16], int iAsOf)
{
    LifePeriod p;
    int y, m, d, m2, d2, rc;
    char azNothing[2][LIFE_HIST_KEY];
    DbStmt *s = 0;
    cal_split(iFirst, &y, &m, &d);
    cal_split(iLast, &y, &m2, &d2);
    life_period_of(m2 == m       ? LIFE_MONTH
                   : m2 - m == 2 ? LIFE_QUARTER
                                 : LIFE_YEAR,
                   iFirst, &p);
    hist_key_nothing(0, azNothing[0]);
    hist_key_nothing(1, azNothing[1]);
    int abNothing[2] = {hist_compliant(azNothing[0], aCad, anP, aDue, iAsOf),
                        hist_compliant(azNothing[1], aCad, anP, aDue, iAsOf)};
    rc = db_prepare_bind(pDb, &s,
                         "SELECT h.org_id, h.hkey, h.n FROM life_hist h JOIN "
                         "org o ON o.id=h.org_id WHERE o.parent_id=$1 AND "
                         "h.period=$2 AND h.n > 0",
                         "it", iOrg, p.zName);
    /* per child: branches with a row, [has a group][compliant] */
    int(*aSt)[2][2] = xcalloc((size_t)(r->nChild ? r->nChild : 1), sizeof *aSt);
    while (!rc && db_step(s) == DB_ROW) {
        int c = child_index(r, db_col_int64(s, 0));
        const char *zK = db_col_text(s, 1);
        if (c < 0) continue;
        int g = strlen(zK) == HIST_NKEY && zK[HIST_NKEY - 1] == 'g';
        aSt[c][g][hist_compliant(zK, aCad, anP, aDue, iAsOf)] +=
            (int)db_col_int64(s, 2);
    }
    db_finalize(s);
    r->nCompliant = 0;
    for (int c = 0; c < r->nChild; c++) {
        LifeChild *ch = &r->aChild[c];
        /* the branches without a row: nothing done */
        int nG = ch->nGrouped - aSt[c][1][0] - aSt[c][1][1];
        int nN = ch->nBranches - ch->nGrouped - aSt[c][0][0] - aSt[c][0][1];
        ch->nCompliant = aSt[c][0][1] + aSt[c][1][1] +
                         (nG > 0 ? nG * abNothing[1] : 0) +
                         (nN > 0 ? nN * abNothing[0] : 0);
        if (ch->nCompliant > ch->nBranches) ch->nCompliant = ch->nBranches;
        r->nCompliant += ch->nCompliant;
    }
    free(aSt);
    return rc;
}
