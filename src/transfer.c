/* transfer.c: transfers of the organisational relation (组织关系转接, T11)
** and mobile members (流动党员, T14/T15/T21), issue #4 item 9.
**
** Transfers: transfer_create → transfer_approve (the committee above the
** sending org) → transfer_accept | transfer_refuse, or transfer_cancel by
** the sending side.  The member's org changes only in transfer_accept, in
** the same transaction as its audit row.  The pure rules (letter validity,
** the state machine, dues month arithmetic) are at the top and are
** unit-tested by rule id.  Mobile members: transfer_mobile_*.
*/
#include "transfer.h"
#include "audit.h"
#include "auth.h"
#include "calendar.h"
#include "idcard.h"
#include "jx.h"
#include "log.h"
#include "setting.h"
#include "util.h"
#include "vault.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX_SHORT 64  /* letter number, document number, names */
#define TEXT_MAX_LONG  500 /* reasons and notes */

/* ------------------------------------------------------------------
** Pure rules
*/

int transfer_valid_until(int iIssued, int nMonths)
{
    return cal_add_months(iIssued, nMonths);
}

int transfer_letter_valid(int iValidUntil, int iOn)
{
    return iOn <= iValidUntil;
}

int transfer_validity_check(int iIssued, int iValidUntil, int nMaxMonths)
{
    if (iValidUntil < iIssued) return ZE_TRANSFER_VALIDITY;
    if (iValidUntil > transfer_valid_until(iIssued, nMaxMonths))
        return ZE_TRANSFER_VALIDITY;
    return ZE_OK;
}

int transfer_month_parse(const char *z, int *piMonth)
{
    return cal_month_parse(z, CAL_YEAR_MIN, CAL_YEAR_MAX, piMonth);
}

int transfer_dues_gap(int iPaidMonth, int iOn)
{
    int y, m, d;
    cal_split(iOn, &y, &m, &d);
    int iCur = y * 12 + m - 1;
    int n = iCur - 1 - iPaidMonth; /* months after paid, before current */
    return n > 0 ? n : 0;
}

int transfer_step(const char *zStatus, int iAction, int bExpired,
                  const char **pzNew)
{
    int bSubmitted = strcmp(zStatus, "submitted") == 0;
    int bPending = strcmp(zStatus, "pending") == 0;
    switch (iAction) {
    case TRANSFER_APPROVE:
        if (!bSubmitted) return ZE_TRANSFER_STATE;
        if (bExpired) return ZE_TRANSFER_EXPIRED;
        *pzNew = "pending";
        return ZE_OK;
    case TRANSFER_ACCEPT:
        if (!bPending) return ZE_TRANSFER_STATE;
        if (bExpired) return ZE_TRANSFER_EXPIRED;
        *pzNew = "accepted";
        return ZE_OK;
    case TRANSFER_REFUSE:
        if (!bPending) return ZE_TRANSFER_STATE;
        *pzNew = "refused";
        return ZE_OK;
    case TRANSFER_CANCEL:
        if (!bSubmitted && !bPending) return ZE_TRANSFER_STATE;
        *pzNew = "cancelled";
        return ZE_OK;
    }
    return ZE_TRANSFER_STATE;
}

const char *transfer_status_shown(const char *zStatus, int iValidUntil,
                                  int iToday)
{
    if ((strcmp(zStatus, "submitted") == 0 ||
         strcmp(zStatus, "pending") == 0) &&
        !transfer_letter_valid(iValidUntil, iToday))
        return "expired";
    return zStatus;
}

int transfer_mobile_overdue(int iLast, int nMonths, int iToday)
{
    return iToday > cal_add_months(iLast, nMonths);
}

/* ------------------------------------------------------------------
** Helpers
*/

/* Commit when nothing failed; otherwise roll back and return the error
** already in *pErr, a second open transfer (the partial unique index), or
** the database error. */
static int finish(Ctx *c, int rc, Err *pErr, const char *zWhat)
{
    if (!rc && !pErr->iCode) rc = db_commit(c->pDb);
    if (!rc && !pErr->iCode) return ZE_OK;
    db_rollback(c->pDb);
    if (pErr->iCode) return pErr->iCode;
    if (rc == DB_CONSTRAINT)
        return err_set(pErr, ZE_TRANSFER_OPEN, "member_id", 0);
    return err_set(pErr, err_db(c->pDb, rc, zWhat), 0, 0);
}

/* Check text z for field zField: required when bRequired (NULL or blank is
** ZE_FIELD_REQUIRED), at most nMax characters (ZE_FIELD_TOO_LONG), no
** control characters except newlines and tabs in long texts. */
static int text_ok(const char *z, int nMax, int bRequired, const char *zField,
                   Err *pErr)
{
    /* Reasons and notes may have line breaks; short fields may not. */
    return err_check_text(z, nMax, bRequired, nMax >= TEXT_MAX_LONG, zField,
                          pErr);
}

/* z when it has a non-blank character, else NULL (for optional fields). */
static const char *nz(const char *z)
{
    const char *p = z;
    while (p && (*p == ' ' || *p == '\t'))
        p++;
    return p && *p ? z : 0;
}

/* Parse an optional date field: absent gives iDefault; a future date is
** refused when bNoFuture.  Returns 0 or the code set in pErr. */
static int date_field(const char *z, int iDefault, int bNoFuture, int iToday,
                      const char *zField, int *piDay, Err *pErr)
{
    if (!nz(z)) {
        *piDay = iDefault;
        return 0;
    }
    if (cal_parse(z, piDay)) return err_set(pErr, ZE_DATE_INVALID, zField, 0);
    if (bNoFuture && *piDay > iToday)
        return err_set(pErr, ZE_DATE_FUTURE, zField, 0);
    return 0;
}

/* The member's org and membership state (zState[16]).  DB_NOTFOUND when
** there is no such member. */
static int member_state(Db *pDb, int64_t iMember, int64_t *piOrg,
                        char zState[16])
{
    DbStmt *s = 0;
    int rc = db_prepare_bind(pDb, &s,
                             "SELECT org_id, membership FROM member"
                             " WHERE id=$1",
                             "i", iMember);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        *piOrg = db_col_int64(s, 0);
        snprintf(zState, 16, "%s", db_col_text(s, 1));
        rc = DB_OK;
    } else if (rc == DB_DONE) {
        rc = DB_NOTFOUND;
    }
    db_finalize(s);
    return rc;
}

/* The masked ID number of person row columns (mask, sealed) of s into
** zOut[19]: the stored mask, or the sealed value opened and masked. */
static void masked_id(Ctx *c, DbStmt *s, int iMask, int iSealed, char zOut[19])
{
    const char *zMask = db_col_text(s, iMask);
    char *zPlain = 0;
    int n = 0;
    if (zMask) {
        snprintf(zOut, 19, "%s", zMask);
        return;
    }
    zOut[0] = 0;
    if (db_col_is_null(s, iSealed)) return;
    const void *p = db_col_blob(s, iSealed, &n);
    if (vault_open_raw(c->pKeys, p, (size_t)n, &zPlain)) zPlain = 0;
    idcard_mask(zPlain ? zPlain : "", zOut);
    free(zPlain);
}

/* ------------------------------------------------------------------
** Transfers
*/

/* Columns of one transfer for row_json(). */
#define TRANSFER_COLS                                                          \
    "SELECT t.id, t.member_id, pe.name, pe.id_number_mask,"                    \
    " pe.id_number_enc, t.from_org_id, fo.name, t.to_org_id, tor.name,"        \
    " t.letter_no, t.issued_on, t.valid_until, t.dues_paid_to, t.reason,"      \
    " t.status, t.approved_by, t.approving_body, t.document_no,"               \
    " t.approved_on, t.decided_on, t.decision_note, t.created_at"              \
    " FROM transfer t JOIN member m ON m.id=t.member_id"                       \
    " JOIN person pe ON pe.id=m.person_id"                                     \
    " JOIN org fo ON fo.id=t.from_org_id JOIN org tor ON tor.id=t.to_org_id"

/* One transfer row (TRANSFER_COLS) as JSON; new reference. */
static json_t *row_json(Ctx *c, DbStmt *s, int iToday)
{
    json_t *o = json_object();
    char zId[19];
    int iUntil = 0, iIssued = 0, iPaid = 0;
    jx_set_int(o, "id", db_col_int64(s, 0));
    jx_set_int(o, "member_id", db_col_int64(s, 1));
    jx_set_str(o, "name", db_col_text(s, 2));
    masked_id(c, s, 3, 4, zId);
    jx_set_str(o, "id_number", zId);
    jx_set_int(o, "from_org_id", db_col_int64(s, 5));
    jx_set_str(o, "from_org_name", db_col_text(s, 6));
    jx_set_int(o, "to_org_id", db_col_int64(s, 7));
    jx_set_str(o, "to_org_name", db_col_text(s, 8));
    jx_set_str(o, "letter_no", db_col_text(s, 9));
    jx_set_str(o, "issued_on", db_col_text(s, 10));
    jx_set_str(o, "valid_until", db_col_text(s, 11));
    jx_set_str(o, "dues_paid_to", db_col_text(s, 12));
    cal_parse(db_col_text(s, 10), &iIssued);
    cal_parse(db_col_text(s, 11), &iUntil);
    if (transfer_month_parse(db_col_text(s, 12), &iPaid) == 0)
        jx_set_int(o, "dues_months_owed", transfer_dues_gap(iPaid, iIssued));
    else
        jx_set_str(o, "dues_months_owed", 0);
    jx_set_str(o, "reason", db_col_text(s, 13));
    jx_set_str(o, "status",
               transfer_status_shown(db_col_text(s, 14), iUntil, iToday));
    jx_set_str(o, "approved_by", db_col_text(s, 15));
    jx_set_str(o, "approving_body", db_col_text(s, 16));
    jx_set_str(o, "document_no", db_col_text(s, 17));
    jx_set_str(o, "approved_on", db_col_text(s, 18));
    jx_set_str(o, "decided_on", db_col_text(s, 19));
    jx_set_str(o, "decision_note", db_col_text(s, 20));
    jx_set_int(o, "created_at", db_col_int64(s, 21));
    return o;
}

/* Rows of statement s as a JSON array in *ppItems (new reference). */
static int rows_json(Ctx *c, DbStmt *s, int iToday, json_t **ppItems)
{
    int rc;
    json_t *a = json_array();
    while ((rc = db_step(s)) == DB_ROW)
        json_array_append_new(a, row_json(c, s, iToday));
    db_finalize(s);
    if (rc != DB_DONE) {
        json_decref(a);
        *ppItems = 0;
        return rc;
    }
    *ppItems = a;
    return DB_OK;
}

int transfer_get(Ctx *c, int64_t iId, int iToday, json_t **ppOut)
{
    DbStmt *s = 0;
    *ppOut = 0;
    int rc =
        db_prepare_bind(c->pDb, &s, TRANSFER_COLS " WHERE t.id=$1", "i", iId);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        *ppOut = row_json(c, s, iToday);
        rc = DB_OK;
    } else if (rc == DB_DONE) {
        rc = DB_NOTFOUND;
    }
    db_finalize(s);
    return rc;
}

int transfer_list(Ctx *c, int64_t iOrg, int bIn, const char *zStatus,
                  int iToday, json_t **ppItems)
{
    char zLo[256], zHi[256], zToday[11];
    DbStmt *s = 0;
    *ppItems = 0;
    int rc = auth_org_path(c->pDb, iOrg, zLo);
    if (rc) return rc;
    auth_path_upper(zLo, zHi);
    cal_format(iToday, zToday);
    /* "expired" is shown for open transfers past validity, so the status
    ** filter compares the shown status. */
    const char *zSql =
        bIn ? TRANSFER_COLS
            " WHERE tor.path >= $1 AND tor.path < $2 AND ($3 = '' OR"
            " (CASE WHEN t.status IN ('submitted','pending') AND t.valid_until "
            "< $4"
            " THEN 'expired' ELSE t.status END) = $3) ORDER BY t.id DESC"
            : TRANSFER_COLS
            " WHERE fo.path >= $1 AND fo.path < $2 AND ($3 = '' OR"
            " (CASE WHEN t.status IN ('submitted','pending') AND t.valid_until "
            "< $4"
            " THEN 'expired' ELSE t.status END) = $3) ORDER BY t.id DESC";
    rc = db_prepare_bind(c->pDb, &s, zSql, "tttt", zLo, zHi,
                         zStatus ? zStatus : "", zToday);
    if (rc) return rc;
    return rows_json(c, s, iToday, ppItems);
}

int transfer_member_list(Ctx *c, int64_t iMember, int iToday, json_t **ppItems)
{
    DbStmt *s = 0;
    *ppItems = 0;
    int rc = db_prepare_bind(c->pDb, &s,
                             TRANSFER_COLS " WHERE t.member_id=$1"
                                           " ORDER BY t.id DESC",
                             "i", iMember);
    if (rc) return rc;
    return rows_json(c, s, iToday, ppItems);
}

/* The nearest committee above org zPath (its own id excluded), or the
** root when there is none, into *piOrg. */
static int approver_org(Db *pDb, const char *zPath, int64_t *piOrg)
{
    int64_t aId[64];
    int n = 0;
    const char *p = zPath;
    while (*p && n < 64) {
        while (*p == '/')
            p++;
        if (!*p) break;
        aId[n++] = strtoll(p, 0, 10);
        while (*p && *p != '/')
            p++;
    }
    if (n == 0) return DB_NOTFOUND;
    *piOrg = aId[0];
    for (int i = n - 2; i >= 0; i--) {
        int64_t nHit = 0;
        int rc = db_one_int64(pDb, &nHit,
                              "SELECT count(*) FROM org WHERE id=$1"
                              " AND kind='committee'",
                              "i", aId[i]);
        if (rc) return rc;
        if (nHit) {
            *piOrg = aId[i];
            break;
        }
    }
    return DB_OK;
}

int transfer_orgs(Db *pDb, int64_t iId, int64_t *piFrom, int64_t *piTo,
                  int64_t *piApprover)
{
    DbStmt *s = 0;
    char zPath[256];
    int rc = db_prepare_bind(pDb, &s,
                             "SELECT t.from_org_id, t.to_org_id, o.path"
                             " FROM transfer t JOIN org o ON o.id=t.from_org_id"
                             " WHERE t.id=$1",
                             "i", iId);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        *piFrom = db_col_int64(s, 0);
        *piTo = db_col_int64(s, 1);
        snprintf(zPath, sizeof zPath, "%s", db_col_text(s, 2));
        rc = DB_OK;
    } else if (rc == DB_DONE) {
        rc = DB_NOTFOUND;
    }
    db_finalize(s);
    if (!rc) rc = approver_org(pDb, zPath, piApprover);
    return rc;
}

/* Validate the fields of p into the day numbers and month; returns 0 or
** the code set in pErr. */
static int new_check(Db *pDb, const TransferNew *p, int iToday, int *piIssued,
                     int *piUntil, Err *pErr)
{
    int iMonth = 0;
    if (text_ok(p->zLetterNo, TEXT_MAX_SHORT, 1, "letter_no", pErr) ||
        text_ok(p->zReason, TEXT_MAX_LONG, 1, "reason", pErr) ||
        date_field(p->zIssuedOn, iToday, 1, iToday, "issued_on", piIssued,
                   pErr))
        return pErr->iCode;
    int nMonths = (int)setting_int(pDb, "transfer-letter-months");
    if (date_field(p->zValidUntil, transfer_valid_until(*piIssued, nMonths), 0,
                   iToday, "valid_until", piUntil, pErr))
        return pErr->iCode;
    if (transfer_validity_check(*piIssued, *piUntil, nMonths))
        return err_set(pErr, ZE_TRANSFER_VALIDITY, "valid_until", 0);
    if (!nz(p->zDuesPaidTo))
        return err_set(pErr, ZE_FIELD_REQUIRED, "dues_paid_to", 0);
    int y, m, d;
    cal_split(*piIssued, &y, &m, &d);
    if (transfer_month_parse(p->zDuesPaidTo, &iMonth) ||
        iMonth > y * 12 + m - 1 + 12)
        return err_set(pErr, ZE_TRANSFER_MONTH, "dues_paid_to", 0);
    if (p->iToOrg <= 0) return err_set(pErr, ZE_FIELD_REQUIRED, "to_org_id", 0);
    return 0;
}

/* The receiving org must be an open branch or group other than iFrom. */
static int target_check(Db *pDb, int64_t iTo, int64_t iFrom, Err *pErr)
{
    DbStmt *s = 0;
    int bOk = 0;
    int rc = db_prepare_bind(
        pDb, &s, "SELECT kind, closed FROM org WHERE id=$1", "i", iTo);
    if (rc) return err_set(pErr, err_db(pDb, rc, "transfer target"), 0, 0);
    if (db_step(s) == DB_ROW) {
        const char *zKind = db_col_text(s, 0);
        bOk = (strcmp(zKind, "branch") == 0 || strcmp(zKind, "group") == 0) &&
              db_col_int64(s, 1) == 0;
    }
    db_finalize(s);
    if (!bOk || iTo == iFrom)
        return err_set(pErr, ZE_TRANSFER_TARGET, "to_org_id", 0);
    return 0;
}

/* Close as "expired" the open transfer of iMember whose letter ran out
** (so a new one may start); audited.  Inside the caller's transaction. */
static int expire_open(Ctx *c, int64_t iMember, int iToday)
{
    char zToday[11];
    int64_t iOld = 0;
    cal_format(iToday, zToday);
    int rc = db_one_int64(c->pDb, &iOld,
                          "SELECT id FROM transfer WHERE member_id=$1 AND"
                          " status IN ('submitted','pending') AND"
                          " valid_until < $2",
                          "it", iMember, zToday);
    if (rc == DB_NOTFOUND) return DB_OK;
    if (rc) return rc;
    rc = db_run(c->pDb,
                "UPDATE transfer SET status='expired', decided_on=$2,"
                " decision_note='介绍信已过有效期', updated_at=$3 WHERE id=$1",
                "iti", iOld, zToday, util_now());
    if (!rc) rc = audit_log(c, "transfer.expire", "transfer", iOld, 0);
    return rc;
}

int transfer_create(Ctx *c, const TransferNew *p, int iToday, int64_t *piId,
                    Err *pErr)
{
    int iIssued = 0, iUntil = 0;
    int64_t iFrom = 0, nOpen = 0;
    char zState[16], zIssued[11], zUntil[11], zDetail[160];
    *piId = 0;
    if (new_check(c->pDb, p, iToday, &iIssued, &iUntil, pErr))
        return pErr->iCode;
    int rc = db_begin(c->pDb);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "transfer begin"), 0, 0);
    rc = member_state(c->pDb, p->iMember, &iFrom, zState);
    if (rc == DB_NOTFOUND) {
        err_set(pErr, ZE_NOT_FOUND, "member_id", 0);
        rc = 0;
    }
    if (!rc && !pErr->iCode) target_check(c->pDb, p->iToOrg, iFrom, pErr);
    if (!rc && !pErr->iCode && strcmp(zState, "active") != 0)
        err_set(pErr, ZE_MEMBERSHIP_STATE, "member_id",
                "该党员党籍状态不是正常，不能办理组织关系转接");
    if (!rc && !pErr->iCode) rc = expire_open(c, p->iMember, iToday);
    if (!rc && !pErr->iCode)
        rc = db_one_int64(c->pDb, &nOpen,
                          "SELECT count(*) FROM transfer WHERE member_id=$1"
                          " AND status IN ('submitted','pending')",
                          "i", p->iMember);
    if (!rc && !pErr->iCode && nOpen)
        err_set(pErr, ZE_TRANSFER_OPEN, "member_id", 0);
    if (!rc && !pErr->iCode) {
        int64_t tNow = util_now();
        DbStmt *s = 0;
        cal_format(iIssued, zIssued);
        cal_format(iUntil, zUntil);
        rc = db_prepare(c->pDb, &s,
                        "INSERT INTO transfer(member_id,from_org_id,to_org_id,"
                        "letter_no,issued_on,valid_until,dues_paid_to,reason,"
                        "status,created_uid,created_at,updated_at) VALUES"
                        "($1,$2,$3,$4,$5,$6,$7,$8,'submitted',$9,$10,$10)"
                        " RETURNING id");
        if (!rc) {
            db_bind_int64(s, 1, p->iMember);
            db_bind_int64(s, 2, iFrom);
            db_bind_int64(s, 3, p->iToOrg);
            db_bind_text(s, 4, p->zLetterNo);
            db_bind_text(s, 5, zIssued);
            db_bind_text(s, 6, zUntil);
            db_bind_text(s, 7, p->zDuesPaidTo);
            db_bind_text(s, 8, p->zReason);
            if (c->iUser)
                db_bind_int64(s, 9, c->iUser);
            else
                db_bind_null(s, 9);
            db_bind_int64(s, 10, tNow);
            rc = db_step(s);
            if (rc == DB_ROW) {
                *piId = db_col_int64(s, 0);
                rc = DB_OK;
            }
            db_finalize(s);
        }
    }
    if (!rc && !pErr->iCode) {
        snprintf(zDetail, sizeof zDetail,
                 "member=%lld from=%lld to=%lld valid_until=%s",
                 (long long)p->iMember, (long long)iFrom, (long long)p->iToOrg,
                 zUntil);
        rc = audit_log(c, "transfer.create", "transfer", *piId, zDetail);
    }
    return finish(c, rc, pErr, "transfer_create");
}

/* Load status and validity of transfer iId and apply action iAction:
** *pzNew gets the new status; inside the caller's transaction.  Returns 0
** or a code set in pErr; *pRc gets a DB error. */
static int step_load(Ctx *c, int64_t iId, int iAction, int iToday,
                     const char **pzNew, int64_t *piMember, int64_t *piTo,
                     int64_t *piFrom, int *pRc, Err *pErr)
{
    DbStmt *s = 0;
    char zStatus[16] = "";
    int iUntil = 0;
    int rc = db_prepare_bind(c->pDb, &s,
                             "SELECT status, valid_until, member_id,"
                             " to_org_id, from_org_id FROM transfer"
                             " WHERE id=$1",
                             "i", iId);
    if (!rc) {
        rc = db_step(s);
        if (rc == DB_ROW) {
            snprintf(zStatus, sizeof zStatus, "%s", db_col_text(s, 0));
            cal_parse(db_col_text(s, 1), &iUntil);
            *piMember = db_col_int64(s, 2);
            *piTo = db_col_int64(s, 3);
            *piFrom = db_col_int64(s, 4);
            rc = DB_OK;
        } else if (rc == DB_DONE) {
            rc = DB_OK;
            err_set(pErr, ZE_NOT_FOUND, 0, 0);
        }
        db_finalize(s);
    }
    *pRc = rc;
    if (rc || pErr->iCode) return pErr->iCode;
    int k = transfer_step(zStatus, iAction,
                          !transfer_letter_valid(iUntil, iToday), pzNew);
    if (k) return err_set(pErr, k, 0, 0);
    return 0;
}

int transfer_approve(Ctx *c, int64_t iId, const char *zBy, const char *zBody,
                     const char *zDocNo, int iToday, Err *pErr)
{
    const char *zNew = 0;
    int64_t iMember = 0, iTo = 0, iFrom = 0;
    char zToday[11];
    int rc = 0;
    if (text_ok(zBy, TEXT_MAX_SHORT, 1, "approved_by", pErr) ||
        text_ok(zBody, TEXT_MAX_SHORT, 1, "approving_body", pErr) ||
        text_ok(zDocNo, TEXT_MAX_SHORT, 0, "document_no", pErr))
        return pErr->iCode;
    if ((rc = db_begin(c->pDb)))
        return err_set(pErr, err_db(c->pDb, rc, "approve begin"), 0, 0);
    step_load(c, iId, TRANSFER_APPROVE, iToday, &zNew, &iMember, &iTo, &iFrom,
              &rc, pErr);
    cal_format(iToday, zToday);
    if (!rc && !pErr->iCode) {
        DbStmt *s = 0;
        rc = db_prepare(c->pDb, &s,
                        "UPDATE transfer SET status=$2, approved_by=$3,"
                        " approving_body=$4, document_no=$5, approved_on=$6,"
                        " approved_uid=$7, updated_at=$8 WHERE id=$1");
        if (!rc) {
            db_bind_int64(s, 1, iId);
            db_bind_text(s, 2, zNew);
            db_bind_text(s, 3, zBy);
            db_bind_text(s, 4, zBody);
            db_bind_text(s, 5, nz(zDocNo));
            db_bind_text(s, 6, zToday);
            if (c->iUser)
                db_bind_int64(s, 7, c->iUser);
            else
                db_bind_null(s, 7);
            db_bind_int64(s, 8, util_now());
            rc = db_step(s) == DB_DONE ? DB_OK : db_errcode(c->pDb);
            db_finalize(s);
        }
    }
    if (!rc && !pErr->iCode)
        rc = audit_log(c, "transfer.approve", "transfer", iId, zBody);
    return finish(c, rc, pErr, "transfer_approve");
}

/* Set the decision of transfer iId (status zNew, note zNote). */
static int decide(Ctx *c, int64_t iId, const char *zNew, const char *zNote,
                  const char *zToday)
{
    DbStmt *s = 0;
    int rc = db_prepare(c->pDb, &s,
                        "UPDATE transfer SET status=$2, decided_on=$3,"
                        " decided_uid=$4, decision_note=$5, updated_at=$6"
                        " WHERE id=$1");
    if (rc) return rc;
    db_bind_int64(s, 1, iId);
    db_bind_text(s, 2, zNew);
    db_bind_text(s, 3, zToday);
    if (c->iUser)
        db_bind_int64(s, 4, c->iUser);
    else
        db_bind_null(s, 4);
    db_bind_text(s, 5, nz(zNote));
    db_bind_int64(s, 6, util_now());
    rc = db_step(s) == DB_DONE ? DB_OK : db_errcode(c->pDb);
    db_finalize(s);
    return rc;
}

/* Move member iMember from iFrom to iTo on zToday: end the posts the
** person holds in iFrom's subtree and an open mobile period. */
static int move_member(Ctx *c, int64_t iMember, int64_t iFrom, int64_t iTo,
                       const char *zToday, int64_t *pnPosts)
{
    char zLo[256], zHi[256];
    int64_t tNow = util_now();
    int rc = auth_org_path(c->pDb, iFrom, zLo);
    if (rc) return rc;
    auth_path_upper(zLo, zHi);
    rc = db_one_int64(c->pDb, pnPosts,
                      "SELECT count(*) FROM post WHERE ended=0 AND person_id="
                      "(SELECT person_id FROM member WHERE id=$1) AND org_id IN"
                      " (SELECT id FROM org WHERE path >= $2 AND path < $3)",
                      "itt", iMember, zLo, zHi);
    if (!rc && *pnPosts)
        rc = db_run(c->pDb,
                    "UPDATE post SET ended=1, to_on=$4 WHERE ended=0 AND"
                    " person_id=(SELECT person_id FROM member WHERE id=$1)"
                    " AND org_id IN (SELECT id FROM org WHERE path >= $2 AND"
                    " path < $3)",
                    "ittt", iMember, zLo, zHi, zToday);
    if (!rc)
        rc = db_run(c->pDb,
                    "UPDATE mobile_member SET ended=1, ended_on=$2,"
                    " end_note='组织关系已转接', updated_at=$3"
                    " WHERE member_id=$1 AND ended=0",
                    "iti", iMember, zToday, tNow);
    if (!rc)
        rc = db_run(c->pDb,
                    "UPDATE member SET org_id=$2, updated_at=$3 WHERE id=$1",
                    "iii", iMember, iTo, tNow);
    return rc;
}

int transfer_accept(Ctx *c, int64_t iId, int iToday, Err *pErr)
{
    const char *zNew = 0;
    int64_t iMember = 0, iTo = 0, iFrom = 0, nPosts = 0, iCur = 0;
    char zToday[11], zState[16], zDetail[160];
    int rc = db_begin(c->pDb);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "accept begin"), 0, 0);
    step_load(c, iId, TRANSFER_ACCEPT, iToday, &zNew, &iMember, &iTo, &iFrom,
              &rc, pErr);
    cal_format(iToday, zToday);
    if (!rc && !pErr->iCode) rc = member_state(c->pDb, iMember, &iCur, zState);
    if (!rc && !pErr->iCode && strcmp(zState, "active") != 0)
        err_set(pErr, ZE_MEMBERSHIP_STATE, 0,
                "该党员党籍状态已变更，不能接收组织关系");
    if (!rc && !pErr->iCode) rc = decide(c, iId, zNew, 0, zToday);
    if (!rc && !pErr->iCode)
        rc = move_member(c, iMember, iCur, iTo, zToday, &nPosts);
    if (!rc && !pErr->iCode) {
        snprintf(zDetail, sizeof zDetail,
                 "member=%lld from=%lld to=%lld posts_ended=%lld",
                 (long long)iMember, (long long)iCur, (long long)iTo,
                 (long long)nPosts);
        rc = audit_log(c, "transfer.accept", "transfer", iId, zDetail);
    }
    return finish(c, rc, pErr, "transfer_accept");
}

/* Refuse or cancel (iAction) with zReason; bRequired makes it required. */
static int close_with(Ctx *c, int64_t iId, int iAction, const char *zReason,
                      int bRequired, int iToday, Err *pErr)
{
    const char *zNew = 0;
    int64_t iMember = 0, iTo = 0, iFrom = 0;
    char zToday[11];
    if (text_ok(zReason, TEXT_MAX_LONG, bRequired, "reason", pErr))
        return pErr->iCode;
    int rc = db_begin(c->pDb);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "close begin"), 0, 0);
    step_load(c, iId, iAction, iToday, &zNew, &iMember, &iTo, &iFrom, &rc,
              pErr);
    cal_format(iToday, zToday);
    if (!rc && !pErr->iCode) rc = decide(c, iId, zNew, zReason, zToday);
    if (!rc && !pErr->iCode)
        rc = audit_log(c,
                       iAction == TRANSFER_REFUSE ? "transfer.refuse"
                                                  : "transfer.cancel",
                       "transfer", iId, nz(zReason));
    return finish(c, rc, pErr, "transfer_close");
}

int transfer_refuse(Ctx *c, int64_t iId, const char *zReason, int iToday,
                    Err *pErr)
{
    return close_with(c, iId, TRANSFER_REFUSE, zReason, 1, iToday, pErr);
}

int transfer_cancel(Ctx *c, int64_t iId, const char *zReason, int iToday,
                    Err *pErr)
{
    return close_with(c, iId, TRANSFER_CANCEL, zReason, 0, iToday, pErr);
}

int transfer_branch_search(Db *pDb, const char *zQ, int nLimit,
                           json_t **ppItems)
{
    DbStmt *s = 0;
    Buf like = BUF_INIT;
    json_t *a = json_array();
    *ppItems = 0;
    buf_append(&like, "%", 1);
    for (const char *z = zQ; *z; z++) {
        if (*z == '%' || *z == '_' || *z == '\\') buf_append(&like, "\\", 1);
        buf_append(&like, z, 1);
    }
    buf_append(&like, "%", 1);
    int rc = db_prepare_bind(pDb, &s,
                             "SELECT o.id, o.name, o.path FROM org o WHERE"
                             " o.kind IN ('branch','group') AND o.closed=0 AND"
                             " o.name LIKE $1 ESCAPE '\\' ORDER BY o.path"
                             " LIMIT $2",
                             "ti", buf_str(&like), (int64_t)nLimit);
    buf_free(&like);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        json_t *o = json_object();
        char zPath[256];
        snprintf(zPath, sizeof zPath, "%s", db_col_text(s, 2));
        jx_set_int(o, "id", db_col_int64(s, 0));
        jx_set_str(o, "name", db_col_text(s, 1));
        /* the names of the ancestors, root first, for telling namesakes
        ** apart */
        Buf b = BUF_INIT;
        const char *p = zPath;
        while (*p) {
            while (*p == '/')
                p++;
            if (!*p) break;
            int64_t iAnc = strtoll(p, 0, 10);
            while (*p && *p != '/')
                p++;
            DbStmt *q = 0;
            if (db_prepare_bind(pDb, &q, "SELECT name FROM org WHERE id=$1",
                                "i", iAnc) == DB_OK &&
                db_step(q) == DB_ROW) {
                if (b.n) buf_appends(&b, " / ");
                buf_appends(&b, db_col_text(q, 0));
            }
            db_finalize(q);
        }
        jx_set_str(o, "path", buf_str(&b));
        buf_free(&b);
        json_array_append_new(a, o);
        rc = DB_OK;
    }
    db_finalize(s);
    if (rc != DB_DONE) {
        json_decref(a);
        return rc;
    }
    *ppItems = a;
    return DB_OK;
}

/* ------------------------------------------------------------------
** Mobile members (流动党员, T14/T15/T21)
*/

/* The open period of iMember into *piMobile and its start *piFrom;
** DB_NOTFOUND when the member is not mobile. */
static int mobile_open(Db *pDb, int64_t iMember, int64_t *piMobile, int *piFrom)
{
    DbStmt *s = 0;
    int rc = db_prepare_bind(pDb, &s,
                             "SELECT id, from_on FROM mobile_member"
                             " WHERE member_id=$1 AND ended=0",
                             "i", iMember);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        *piMobile = db_col_int64(s, 0);
        cal_parse(db_col_text(s, 1), piFrom);
        rc = DB_OK;
    } else if (rc == DB_DONE) {
        rc = DB_NOTFOUND;
    }
    db_finalize(s);
    return rc;
}

int transfer_mobile_set(Ctx *c, int64_t iMember, const MobileRec *p, int iToday,
                        Err *pErr)
{
    int iFrom = 0, iOldFrom = 0;
    int64_t iMobile = 0, iOrg = 0, iLast = 0;
    char zState[16], zFrom[11];
    if (text_ok(p->zPlace, TEXT_MAX_SHORT * 2, 1, "place", pErr) ||
        text_ok(p->zUnit, TEXT_MAX_SHORT * 2, 0, "unit", pErr) ||
        text_ok(p->zContactOrg, TEXT_MAX_SHORT * 2, 0, "contact_org", pErr))
        return pErr->iCode;
    if (!nz(p->zFromOn)) return err_set(pErr, ZE_FIELD_REQUIRED, "from_on", 0);
    if (date_field(p->zFromOn, 0, 1, iToday, "from_on", &iFrom, pErr))
        return pErr->iCode;
    cal_format(iFrom, zFrom);
    int rc = db_begin(c->pDb);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "mobile begin"), 0, 0);
    rc = member_state(c->pDb, iMember, &iOrg, zState);
    if (!rc && strcmp(zState, "active") != 0)
        err_set(pErr, ZE_MEMBERSHIP_STATE, 0,
                "该党员党籍状态不是正常，不能登记为流动党员");
    if (!rc && !pErr->iCode) {
        rc = mobile_open(c->pDb, iMember, &iMobile, &iOldFrom);
        if (rc == DB_NOTFOUND) {
            iMobile = 0;
            rc = DB_OK;
        }
    }
    /* reports already made must not come before a moved start */
    if (!rc && !pErr->iCode && iMobile) {
        char zMin[11] = "";
        DbStmt *s = 0;
        rc = db_prepare_bind(c->pDb, &s,
                             "SELECT min(reported_on) FROM mobile_report"
                             " WHERE mobile_id=$1",
                             "i", iMobile);
        if (!rc && db_step(s) == DB_ROW && !db_col_is_null(s, 0))
            snprintf(zMin, sizeof zMin, "%s", db_col_text(s, 0));
        db_finalize(s);
        if (zMin[0] && strcmp(zFrom, zMin) > 0)
            err_set(pErr, ZE_DATE_ORDER, "from_on",
                    "外出日期不能晚于已登记的汇报日期");
    }
    int64_t tNow = util_now();
    if (!rc && !pErr->iCode && iMobile) {
        DbStmt *s = 0;
        rc = db_prepare(c->pDb, &s,
                        "UPDATE mobile_member SET place=$2, unit=$3,"
                        " contact_org=$4, from_on=$5, updated_at=$6"
                        " WHERE id=$1");
        if (!rc) {
            db_bind_int64(s, 1, iMobile);
            db_bind_text(s, 2, p->zPlace);
            db_bind_text(s, 3, nz(p->zUnit));
            db_bind_text(s, 4, nz(p->zContactOrg));
            db_bind_text(s, 5, zFrom);
            db_bind_int64(s, 6, tNow);
            rc = db_step(s) == DB_DONE ? DB_OK : db_errcode(c->pDb);
            db_finalize(s);
        }
        if (!rc)
            rc = audit_log(c, "mobile.update", "mobile_member", iMobile,
                           p->zPlace);
    } else if (!rc && !pErr->iCode) {
        DbStmt *s = 0;
        rc = db_prepare(c->pDb, &s,
                        "INSERT INTO mobile_member(member_id,place,unit,"
                        "contact_org,from_on,created_at,updated_at) VALUES"
                        "($1,$2,$3,$4,$5,$6,$6) RETURNING id");
        if (!rc) {
            db_bind_int64(s, 1, iMember);
            db_bind_text(s, 2, p->zPlace);
            db_bind_text(s, 3, nz(p->zUnit));
            db_bind_text(s, 4, nz(p->zContactOrg));
            db_bind_text(s, 5, zFrom);
            db_bind_int64(s, 6, tNow);
            rc = db_step(s);
            if (rc == DB_ROW) {
                iLast = db_col_int64(s, 0);
                rc = DB_OK;
            }
            db_finalize(s);
        }
        if (!rc)
            rc =
                audit_log(c, "mobile.start", "mobile_member", iLast, p->zPlace);
    }
    if (rc == DB_NOTFOUND) {
        rc = 0;
        err_set(pErr, ZE_NOT_FOUND, 0, 0);
    }
    return finish(c, rc, pErr, "transfer_mobile_set");
}

int transfer_mobile_end(Ctx *c, int64_t iMember, const char *zEndedOn,
                        int iToday, Err *pErr)
{
    int iEnd = 0, iFrom = 0;
    int64_t iMobile = 0;
    char zEnd[11];
    if (date_field(zEndedOn, iToday, 1, iToday, "ended_on", &iEnd, pErr))
        return pErr->iCode;
    cal_format(iEnd, zEnd);
    int rc = db_begin(c->pDb);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "mobile begin"), 0, 0);
    rc = mobile_open(c->pDb, iMember, &iMobile, &iFrom);
    if (rc == DB_NOTFOUND) {
        rc = 0;
        err_set(pErr, ZE_MOBILE_NONE, 0, 0);
    }
    if (!rc && !pErr->iCode && iEnd < iFrom)
        err_set(pErr, ZE_DATE_ORDER, "ended_on", "结束日期不能早于外出日期");
    if (!rc && !pErr->iCode)
        rc = db_run(c->pDb,
                    "UPDATE mobile_member SET ended=1, ended_on=$2,"
                    " end_note='返回', updated_at=$3 WHERE id=$1",
                    "iti", iMobile, zEnd, util_now());
    if (!rc && !pErr->iCode)
        rc = audit_log(c, "mobile.end", "mobile_member", iMobile, zEnd);
    return finish(c, rc, pErr, "transfer_mobile_end");
}

int transfer_mobile_report(Ctx *c, int64_t iMember, const char *zOn,
                           const char *zNote, int iToday, Err *pErr)
{
    int iOn = 0, iFrom = 0;
    int64_t iMobile = 0;
    char zDay[11];
    if (!nz(zOn)) return err_set(pErr, ZE_FIELD_REQUIRED, "reported_on", 0);
    if (date_field(zOn, 0, 1, iToday, "reported_on", &iOn, pErr) ||
        text_ok(zNote, TEXT_MAX_LONG, 1, "note", pErr))
        return pErr->iCode;
    cal_format(iOn, zDay);
    int rc = db_begin(c->pDb);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "report begin"), 0, 0);
    rc = mobile_open(c->pDb, iMember, &iMobile, &iFrom);
    if (rc == DB_NOTFOUND) {
        rc = 0;
        err_set(pErr, ZE_MOBILE_NONE, 0, 0);
    }
    if (!rc && !pErr->iCode && iOn < iFrom)
        err_set(pErr, ZE_DATE_ORDER, "reported_on", "汇报日期不能早于外出日期");
    if (!rc && !pErr->iCode) {
        DbStmt *s = 0;
        rc = db_prepare(c->pDb, &s,
                        "INSERT INTO mobile_report(mobile_id,reported_on,note,"
                        "created_uid,created_at) VALUES($1,$2,$3,$4,$5)");
        if (!rc) {
            db_bind_int64(s, 1, iMobile);
            db_bind_text(s, 2, zDay);
            db_bind_text(s, 3, zNote);
            if (c->iUser)
                db_bind_int64(s, 4, c->iUser);
            else
                db_bind_null(s, 4);
            db_bind_int64(s, 5, util_now());
            rc = db_step(s) == DB_DONE ? DB_OK : db_errcode(c->pDb);
            db_finalize(s);
        }
    }
    if (!rc && !pErr->iCode)
        rc = audit_log(c, "mobile.report", "mobile_member", iMobile, zDay);
    return finish(c, rc, pErr, "transfer_mobile_report");
}

/* Columns of a mobile period for period_json(); the last report's date
** and note come last. */
#define MOBILE_COLS                                                            \
    "SELECT mm.id, mm.member_id, pe.name, m.org_id, o.name, mm.place,"         \
    " mm.unit, mm.contact_org, mm.from_on, mm.ended, mm.ended_on,"             \
    " mm.end_note,"                                                            \
    " (SELECT max(r.reported_on) FROM mobile_report r"                         \
    "  WHERE r.mobile_id=mm.id),"                                              \
    " (SELECT r.note FROM mobile_report r WHERE r.mobile_id=mm.id"             \
    "  ORDER BY r.reported_on DESC, r.id DESC LIMIT 1)"                        \
    " FROM mobile_member mm JOIN member m ON m.id=mm.member_id"                \
    " JOIN person pe ON pe.id=m.person_id JOIN org o ON o.id=m.org_id"

/* One period (MOBILE_COLS) as JSON with days since the last report (or
** the start) and the overdue flag after nMonths (open periods only). */
static json_t *period_json(DbStmt *s, int nMonths, int iToday)
{
    json_t *o = json_object();
    int iFrom = 0, iLast = 0, iDue;
    int bOpen = db_col_int64(s, 9) == 0;
    jx_set_int(o, "id", db_col_int64(s, 0));
    jx_set_int(o, "member_id", db_col_int64(s, 1));
    jx_set_str(o, "name", db_col_text(s, 2));
    jx_set_int(o, "org_id", db_col_int64(s, 3));
    jx_set_str(o, "org_name", db_col_text(s, 4));
    jx_set_str(o, "place", db_col_text(s, 5));
    jx_set_str(o, "unit", db_col_text(s, 6));
    jx_set_str(o, "contact_org", db_col_text(s, 7));
    jx_set_str(o, "from_on", db_col_text(s, 8));
    jx_set_bool(o, "ended", !bOpen);
    jx_set_str(o, "ended_on", db_col_text(s, 10));
    jx_set_str(o, "end_note", db_col_text(s, 11));
    jx_set_str(o, "last_report_on", db_col_text(s, 12));
    jx_set_str(o, "last_report_note", db_col_text(s, 13));
    cal_parse(db_col_text(s, 8), &iFrom);
    if (db_col_is_null(s, 12) || cal_parse(db_col_text(s, 12), &iLast))
        iLast = iFrom;
    if (bOpen) {
        char zDue[11];
        iDue = cal_add_months(iLast, nMonths);
        cal_format(iDue, zDue);
        jx_set_int(o, "days_since_report", iToday - iLast);
        jx_set_str(o, "report_due_on", zDue);
        jx_set_bool(o, "overdue",
                    transfer_mobile_overdue(iLast, nMonths, iToday));
    } else {
        jx_set_str(o, "days_since_report", 0);
        jx_set_str(o, "report_due_on", 0);
        jx_set_bool(o, "overdue", 0);
    }
    return o;
}

/* The reports of period iMobile, newest first (new reference). */
static int reports_json(Db *pDb, int64_t iMobile, json_t **ppA)
{
    DbStmt *s = 0;
    json_t *a = json_array();
    int rc = db_prepare_bind(pDb, &s,
                             "SELECT id, reported_on, note FROM mobile_report"
                             " WHERE mobile_id=$1"
                             " ORDER BY reported_on DESC, id DESC",
                             "i", iMobile);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        json_t *o = json_object();
        jx_set_int(o, "id", db_col_int64(s, 0));
        jx_set_str(o, "reported_on", db_col_text(s, 1));
        jx_set_str(o, "note", db_col_text(s, 2));
        json_array_append_new(a, o);
        rc = DB_OK;
    }
    db_finalize(s);
    *ppA = a;
    return rc == DB_DONE ? DB_OK : rc;
}

int transfer_mobile_get(Ctx *c, int64_t iMember, int iToday, json_t **ppOut)
{
    DbStmt *s = 0;
    json_t *a = json_array(), *pCur = json_null();
    int nMonths = (int)setting_int(c->pDb, "mobile-report-months");
    *ppOut = 0;
    int rc = db_prepare_bind(c->pDb, &s,
                             MOBILE_COLS " WHERE mm.member_id=$1"
                                         " ORDER BY mm.id DESC",
                             "i", iMember);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        json_t *o = period_json(s, nMonths, iToday);
        if (db_col_int64(s, 9) == 0) {
            json_decref(pCur);
            pCur = json_incref(o);
        }
        json_object_set_new(o, "reports", json_array()); /* filled below */
        json_array_append_new(a, o);
        rc = DB_OK;
    }
    db_finalize(s);
    if (rc == DB_DONE) rc = DB_OK;
    for (size_t i = 0; !rc && i < json_array_size(a); i++) {
        json_t *o = json_array_get(a, i), *r = 0;
        json_int_t iId = json_integer_value(json_object_get(o, "id"));
        rc = reports_json(c->pDb, iId, &r);
        json_object_set_new(o, "reports", r);
    }
    if (rc) {
        json_decref(a);
        json_decref(pCur);
        return rc;
    }
    json_t *pOut = json_object();
    json_object_set_new(pOut, "current", pCur);
    json_object_set_new(pOut, "items", a);
    jx_set_int(pOut, "report_months", nMonths);
    *ppOut = pOut;
    return DB_OK;
}

int transfer_mobile_list(Ctx *c, int64_t iOrg, int iToday, json_t **ppItems)
{
    char zLo[256], zHi[256];
    DbStmt *s = 0;
    json_t *a = json_array();
    int nMonths = (int)setting_int(c->pDb, "mobile-report-months");
    *ppItems = 0;
    int rc = auth_org_path(c->pDb, iOrg, zLo);
    if (!rc) {
        auth_path_upper(zLo, zHi);
        rc = db_prepare_bind(c->pDb, &s,
                             MOBILE_COLS " WHERE mm.ended=0 AND o.path >= $1"
                                         " AND o.path < $2"
                                         " ORDER BY m.org_id, pe.name, mm.id",
                             "tt", zLo, zHi);
    }
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        json_array_append_new(a, period_json(s, nMonths, iToday));
        rc = DB_OK;
    }
    db_finalize(s);
    if (rc != DB_DONE) {
        json_decref(a);
        return rc ? rc : DB_ERROR;
    }
    *ppItems = a;
    return DB_OK;
}
