/* rollup.c: the trend counters, the compliance export, a member's yearly
** attendance tally and the liaison links (B4).  See rollup.h. */
#include "rollup.h"
#include "audit.h"
#include "log.h"
#include "util.h"
#include "xlsx.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int kind_index(const char *zKind)
{
    for (int i = 0; life_kind_at(i); i++)
        if (strcmp(life_kind_at(i)->zKind, zKind) == 0) return i;
    return -1;
}

int life_count_get(Db *pDb, int64_t iOrg, const char *zPeriod, int *a)
{
    DbStmt *s = 0;
    memset(a, 0, LIFE_MAX_KINDS * sizeof *a);
    int rc = db_prepare_bind(pDb, &s,
                             "SELECT kind, n_done FROM life_count WHERE "
                             "org_id=$1 AND period=$2",
                             "it", iOrg, zPeriod);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        int i = kind_index(db_col_text(s, 0));
        if (i >= 0) a[i] = (int)db_col_int64(s, 1);
        rc = DB_OK;
    }
    db_finalize(s);
    return rc == DB_DONE ? DB_OK : rc;
}

/* Kinds with a cadence (the columns of the committee table). */
static int kinds_required(const LifeKind **a)
{
    int n = 0;
    for (int i = 0; life_kind_at(i); i++)
        if (life_kind_at(i)->iEvery != LIFE_NONE) a[n++] = life_kind_at(i);
    return n;
}

static void export_committee(Xlsx *x, const LifeReport *p)
{
    const LifeKind *aK[LIFE_MAX_KINDS];
    const char *az[LIFE_MAX_KINDS + 4];
    char azBuf[LIFE_MAX_KINDS + 4][24];
    int nK = kinds_required(aK);
    az[0] = "组织", az[1] = "支部数", az[2] = "达标", az[3] = "逾期合计";
    for (int k = 0; k < nK; k++)
        az[4 + k] = aK[k]->zLabel;
    xlsx_header(x, az, nK + 4);
    for (int i = 0; i < p->nChild; i++) {
        const LifeChild *ch = &p->aChild[i];
        az[0] = ch->zName;
        snprintf(azBuf[1], 24, "%d", ch->nBranches);
        snprintf(azBuf[2], 24, "%d", ch->nCompliant);
        snprintf(azBuf[3], 24, "%d", ch->nOverdue);
        for (int k = 0; k < nK; k++)
            snprintf(azBuf[4 + k], 24, "%d",
                     ch->aOverdue[kind_index(aK[k]->zKind)]);
        for (int j = 1; j < nK + 4; j++)
            az[j] = azBuf[j];
        xlsx_row(x, az, nK + 4);
    }
}

static void export_branch(Xlsx *x, const LifeReport *p)
{
    static const char *const azHead[] = {"类型", "周期",     "截止日期",
                                         "状态", "完成日期", "依据"};
    static const char *const azStatus[] = {"已完成", "待完成", "逾期"};
    xlsx_header(x, azHead, 6);
    for (int i = 0; i < p->n; i++) {
        const LifeItem *it = &p->a[i];
        char zDue[11], zDone[11];
        cal_format(it->iDue, zDue);
        if (it->iDone) cal_format(it->iDone, zDone);
        const char *az[] = {it->pKind->zLabel,
                            it->per.zName,
                            zDue,
                            azStatus[it->iStatus % 3],
                            it->iDone ? zDone : 0,
                            it->pKind->zArticle};
        xlsx_row(x, az, 6);
    }
}

int life_export(Ctx *c, const LifeReport *p, const char *zPeriod, int *pFd,
                long long *pnSize, Err *pErr)
{
    static const double aWidth[] = {24, 12, 12, 12, 12, 40, 12, 12, 12, 12};
    Xlsx *x = 0;
    char *zErr = 0, zDetail[64];
    if (xlsx_new(&x, &zErr)) {
        log_msg(LOG_ERROR, "compliance export: %s", zErr);
        free(zErr);
        return err_set(pErr, ZE_EXPORT_FAILED, 0, 0);
    }
    xlsx_sheet(x, "组织生活达标情况");
    xlsx_widths(x, aWidth, 10);
    if (p->bBranch)
        export_branch(x, p);
    else
        export_committee(x, p);
    if (xlsx_finish(x, pFd, pnSize, &zErr)) {
        log_msg(LOG_ERROR, "compliance export: %s", zErr);
        free(zErr);
        return err_set(pErr, ZE_EXPORT_FAILED, 0, 0);
    }
    snprintf(zDetail, sizeof zDetail, "period=%s rows=%d", zPeriod,
             p->bBranch ? p->n : p->nChild);
    audit_log_tx(c, "export.compliance", "org", p->iOrg, zDetail);
    return 0;
}

int life_attendance_year(Db *pDb, int64_t iMember, int iYear, int a[4])
{
    char zLo[11], zHi[11];
    DbStmt *s = 0;
    memset(a, 0, 4 * sizeof *a);
    snprintf(zLo, sizeof zLo, "%04d-01-01", iYear);
    snprintf(zHi, sizeof zHi, "%04d-12-31", iYear);
    int rc = db_prepare_bind(pDb, &s,
                             "SELECT a.status, count(*) FROM attendance a "
                             "JOIN meeting m ON m.id=a.meeting_id WHERE "
                             "a.member_id=$1 AND m.status='completed' AND "
                             "m.held_on >= $2 AND m.held_on <= $3 "
                             "GROUP BY a.status",
                             "itt", iMember, zLo, zHi);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        const char *z = db_col_text(s, 0);
        int n = (int)db_col_int64(s, 1);
        a[0] += n;
        a[z[0] == 'p' ? 1 : z[0] == 'l' ? 2 : 3] += n;
        rc = DB_OK;
    }
    db_finalize(s);
    return rc == DB_DONE ? DB_OK : rc;
}

/* The first completed meeting of branch iOrg in iFirst..iLast at which
** iMember was present, into *piMeeting (0 if none). */
static int liaison_met(Db *pDb, int64_t iOrg, int64_t iMember, int iFirst,
                       int iLast, int64_t *piMeeting)
{
    char zLo[11], zHi[11];
    cal_format(iFirst, zLo);
    cal_format(iLast, zHi);
    *piMeeting = 0;
    int rc = db_one_int64(pDb, piMeeting,
                          "SELECT mo.meeting_id FROM meeting_org mo JOIN "
                          "attendance a ON a.meeting_id=mo.meeting_id WHERE "
                          "mo.org_id=$1 AND mo.completed=1 AND mo.held_on >= "
                          "$2 AND mo.held_on <= $3 AND a.member_id=$4 AND "
                          "a.status='present' ORDER BY mo.held_on, "
                          "mo.meeting_id LIMIT 1",
                          "itti", iOrg, zLo, zHi, iMember);
    return rc == DB_NOTFOUND ? DB_OK : rc;
}

int liaison_list(Db *pDb, int64_t iOrg, int64_t iOnly, int iFirst, int iLast,
                 int iAsOf, Liaison **pa, int *pn)
{
    DbStmt *s = 0;
    int nAlloc = 0;
    *pa = 0;
    *pn = 0;
    int rc = db_prepare_bind(pDb, &s,
                             "SELECT l.id, l.member_id, p.name, m.org_id, "
                             "l.from_on FROM liaison l JOIN member m ON "
                             "m.id=l.member_id JOIN person p ON "
                             "p.id=m.person_id WHERE l.org_id=$1 ORDER BY "
                             "l.id",
                             "i", iOrg);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        rc = DB_OK;
        if (iOnly > 0 && db_col_int64(s, 0) != iOnly) continue;
        if (*pn == nAlloc) {
            nAlloc = nAlloc ? 2 * nAlloc : 8;
            *pa = xrealloc(*pa, (size_t)nAlloc * sizeof **pa);
        }
        Liaison *l = &(*pa)[(*pn)++];
        memset(l, 0, sizeof *l);
        l->iId = db_col_int64(s, 0);
        l->iMember = db_col_int64(s, 1);
        snprintf(l->zName, sizeof l->zName, "%s", db_col_text(s, 2));
        l->iOrg = db_col_int64(s, 3);
        snprintf(l->zFrom, sizeof l->zFrom, "%s", db_col_text(s, 4));
    }
    db_finalize(s);
    if (rc == DB_DONE) rc = DB_OK;
    for (int i = 0; !rc && i < *pn; i++) {
        Liaison *l = &(*pa)[i];
        rc = liaison_met(pDb, iOrg, l->iMember, iFirst, iLast, &l->iMeeting);
        l->iStatus = life_status(l->iMeeting != 0, iLast, iAsOf);
    }
    return rc;
}

int liaison_org(Db *pDb, int64_t iId, int64_t *piOrg)
{
    return db_one_int64(pDb, piOrg, "SELECT org_id FROM liaison WHERE id=$1",
                        "i", iId);
}

int liaison_add(Ctx *c, int64_t iOrg, int64_t iMember, int64_t *piId, Err *pErr)
{
    char zToday[11], zDetail[48];
    int64_t n = 0;
    util_today(zToday);
    int rc = db_begin(c->pDb);
    if (!rc)
        rc = db_one_int64(c->pDb, &n,
                          "SELECT count(*) FROM liaison WHERE org_id=$1 AND "
                          "member_id=$2",
                          "ii", iOrg, iMember);
    if (!rc && n) {
        db_rollback(c->pDb);
        return err_set(pErr, ZE_LIAISON_EXISTS, "member_id", 0);
    }
    if (!rc)
        rc = db_one_int64(c->pDb, piId,
                          "INSERT INTO liaison(org_id,member_id,from_on,"
                          "created_at) VALUES($1,$2,$3,$4) RETURNING id",
                          "iiti", iOrg, iMember, zToday, (int64_t)time(0));
    snprintf(zDetail, sizeof zDetail, "org=%lld member=%lld", (long long)iOrg,
             (long long)iMember);
    if (!rc) rc = audit_log(c, "liaison.create", "liaison", *piId, zDetail);
    if (!rc) rc = db_commit(c->pDb);
    if (rc) {
        db_rollback(c->pDb);
        return err_set(pErr,
                       rc == DB_CONSTRAINT ? ZE_LIAISON_EXISTS
                                           : err_db(c->pDb, rc, "liaison"),
                       rc == DB_CONSTRAINT ? "member_id" : 0, 0);
    }
    return 0;
}

int liaison_delete(Ctx *c, int64_t iId, Err *pErr)
{
    int rc = db_begin(c->pDb);
    if (!rc) rc = db_run(c->pDb, "DELETE FROM liaison WHERE id=$1", "i", iId);
    if (!rc) rc = audit_log(c, "liaison.delete", "liaison", iId, 0);
    if (!rc) rc = db_commit(c->pDb);
    if (rc) {
        db_rollback(c->pDb);
        return err_set(pErr, err_db(c->pDb, rc, "liaison"), 0, 0);
    }
    return 0;
}
