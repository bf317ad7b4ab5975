/* membership.c: changes of party membership (党籍变更: 停止党籍, 除名,
** death, 恢复党籍), issue #4 item 10, with the rules of T10, T13 and F18.
** membership_rule() is pure and unit-tested by rule id;
** membership_change() stores a change with its audit row in one
** transaction; nothing is ever deleted. */
#include "membership.h"
#include "audit.h"
#include "calendar.h"
#include "jx.h"
#include "log.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ART_T10 "《中国共产党党员教育管理工作条例》第二十四条"
#define ART_F18 "《中国共产党章程》第九条"

/* One kind of change: allowed from which states, to which state, whether
** approval is required. */
typedef struct Kind {
    const char *zKind;  /* suspend|remove|death|restore */
    const char *zFrom1; /* allowed current state */
    const char *zFrom2; /* second allowed state, or NULL */
    const char *zTo;    /* new state */
    int bApproval;      /* approved_by and approving_body required */
    const char *zState; /* message when the state does not allow it */
} Kind;

/* clang-format off */
static const Kind aKind[] = {
  { "suspend", "active",    0,           "suspended", 1, "只能对党籍正常的党员停止党籍" },
  { "remove",  "active",    "suspended", "removed",   1, "只能对党籍正常或已停止党籍的党员除名" },
  { "death",   "active",    "suspended", "deceased",  0, "该党员已除名或已登记去世" },
  { "restore", "suspended", 0,           "active",    1, "只能对已停止党籍的党员恢复党籍" },
};
/* clang-format on */

int membership_state_valid(const char *zState)
{
    return zState &&
           (strcmp(zState, "active") == 0 || strcmp(zState, "suspended") == 0 ||
            strcmp(zState, "removed") == 0 || strcmp(zState, "deceased") == 0);
}

/* Text field check: required, length, control characters. */
static int text_ok(const char *z, int nMax, int bRequired, const char *zField,
                   Err *pErr)
{
    return err_check_text(z, nMax, bRequired, 1, zField, pErr);
}

/* The ground rules of suspend and remove (see membership.h). */
static int ground_rule(const Kind *k, const MembershipChange *p,
                       const MembershipFacts *f, int iOn, Err *pErr)
{
    const char *g = p->zGround ? p->zGround : "";
    int iBasis = 0, bBasis = p->zBasisOn && *p->zBasisOn;
    if (bBasis && cal_parse(p->zBasisOn, &iBasis))
        return err_set(pErr, ZE_DATE_INVALID, "basis_on", 0);
    if (bBasis && iBasis > iOn)
        return err_set(pErr, ZE_FIELD_INVALID, "basis_on",
                       "依据日期不能晚于生效日期");
    if (strcmp(k->zKind, "suspend") == 0) {
        if (strcmp(g, "settled_abroad") == 0) return 0;
        if (strcmp(g, "abroad_study") == 0) {
            if (!bBasis) return err_set(pErr, ZE_FIELD_REQUIRED, "basis_on", 0);
            if (iOn <= cal_add_years(iBasis, 5))
                return err_set(pErr, ZE_MEMBERSHIP_RULE, "effective_on",
                               ART_T10 "（T10）：出国学习研究超过五年方可"
                                       "停止党籍");
            return 0;
        }
        if (strcmp(g, "lost_contact") == 0) {
            if (!bBasis) return err_set(pErr, ZE_FIELD_REQUIRED, "basis_on", 0);
            if (iOn < cal_add_months(iBasis, 6))
                return err_set(pErr, ZE_MEMBERSHIP_RULE, "effective_on",
                               ART_T10 "（T10）：失去联系六个月以上方可"
                                       "停止党籍");
            return 0;
        }
        return err_set(pErr, g[0] ? ZE_FIELD_INVALID : ZE_FIELD_REQUIRED,
                       "ground",
                       "停止党籍的情形应为出国（境）定居、出国学习研究超过五"
                       "年或失去联系六个月以上（T10）");
    }
    if (strcmp(k->zKind, "remove") == 0) {
        if (strcmp(g, "self_lapse") == 0) {
            if (!bBasis) return err_set(pErr, ZE_FIELD_REQUIRED, "basis_on", 0);
            if (iOn < cal_add_months(iBasis, 6))
                return err_set(pErr, ZE_MEMBERSHIP_RULE, "effective_on",
                               ART_F18 "（F18/T13）：连续六个月不参加组织"
                                       "生活、不交纳党费或不做分配的工作，"
                                       "方可按自行脱党除名");
            return 0;
        }
        if (strcmp(g, "suspension_lapsed") == 0) {
            if (strcmp(f->zState, "suspended") != 0 || !f->iSuspendedOn)
                return err_set(pErr, ZE_MEMBERSHIP_STATE, "ground",
                               "该党员未被停止党籍");
            if (iOn < cal_add_years(f->iSuspendedOn, 2))
                return err_set(pErr, ZE_MEMBERSHIP_RULE, "effective_on",
                               ART_T10 "（T10）：停止党籍满二年仍无法取得"
                                       "联系的，方可按自行脱党除名");
            return 0;
        }
        return err_set(pErr, g[0] ? ZE_FIELD_INVALID : ZE_FIELD_REQUIRED,
                       "ground",
                       "除名的情形应为自行脱党（F18/T13）或停止党籍满二年"
                       "（T10）");
    }
    return 0;
}

int membership_rule(const MembershipChange *p, const MembershipFacts *f,
                    const char **pzNew, Err *pErr)
{
    const Kind *k = 0;
    int iOn = 0;
    for (int i = 0; p->zKind && i < COUNT(aKind); i++)
        if (strcmp(aKind[i].zKind, p->zKind) == 0) k = &aKind[i];
    if (!p->zKind || !*p->zKind)
        return err_set(pErr, ZE_FIELD_REQUIRED, "kind", 0);
    if (!k) return err_set(pErr, ZE_MEMBERSHIP_KIND, "kind", 0);
    if (!p->zEffectiveOn || !*p->zEffectiveOn)
        return err_set(pErr, ZE_FIELD_REQUIRED, "effective_on", 0);
    if (cal_parse(p->zEffectiveOn, &iOn))
        return err_set(pErr, ZE_DATE_INVALID, "effective_on", 0);
    if (iOn > f->iToday)
        return err_set(pErr, ZE_DATE_FUTURE, "effective_on", 0);
    if (text_ok(p->zReason, 500, 1, "reason", pErr) ||
        text_ok(p->zGround, 32, 0, "ground", pErr) ||
        text_ok(p->zApprovedBy, 64, k->bApproval, "approved_by", pErr) ||
        text_ok(p->zApprovingBody, 64, k->bApproval, "approving_body", pErr) ||
        text_ok(p->zDocumentNo, 64, 0, "document_no", pErr))
        return pErr->iCode;
    if (strcmp(f->zState, k->zFrom1) != 0 &&
        !(k->zFrom2 && strcmp(f->zState, k->zFrom2) == 0))
        return err_set(pErr, ZE_MEMBERSHIP_STATE, "kind", k->zState);
    if (ground_rule(k, p, f, iOn, pErr)) return pErr->iCode;
    *pzNew = k->zTo;
    return ZE_OK;
}

/* Facts about member iMember: state, org, branch (the org, or the
** branch above a group), the current suspension date. */
static int facts_load(Db *pDb, int64_t iMember, char zState[16],
                      int64_t *piBranch, int *piSuspendedOn)
{
    DbStmt *s = 0;
    int rc = db_prepare_bind(pDb, &s,
                             "SELECT m.membership, CASE WHEN o.kind='group'"
                             " THEN o.parent_id ELSE o.id END,"
                             " (SELECT c.effective_on FROM membership_change c"
                             "  WHERE c.member_id=m.id AND c.kind='suspend'"
                             "  ORDER BY c.id DESC LIMIT 1)"
                             " FROM member m JOIN org o ON o.id=m.org_id"
                             " WHERE m.id=$1",
                             "i", iMember);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        snprintf(zState, 16, "%s", db_col_text(s, 0));
        *piBranch = db_col_int64(s, 1);
        *piSuspendedOn = 0;
        if (!db_col_is_null(s, 2)) cal_parse(db_col_text(s, 2), piSuspendedOn);
        rc = DB_OK;
    } else if (rc == DB_DONE) {
        rc = DB_NOTFOUND;
    }
    db_finalize(s);
    return rc;
}

/* Checks against other records: no open transfer; the meeting, when
** given, is a congress of iBranch held on or before zOn. */
static int record_checks(Db *pDb, int64_t iMember, int64_t iBranch,
                         const MembershipChange *p, int *pRc, Err *pErr)
{
    int64_t n = 0;
    int rc = db_one_int64(pDb, &n,
                          "SELECT count(*) FROM transfer WHERE member_id=$1"
                          " AND status IN ('submitted','pending')",
                          "i", iMember);
    if (!rc && n)
        err_set(pErr, ZE_MEMBERSHIP_STATE, "kind",
                "该党员有未办结的组织关系转接，请先撤回或办结");
    if (!rc && !pErr->iCode && p->iMeeting > 0) {
        n = 0;
        rc = db_one_int64(pDb, &n,
                          "SELECT count(*) FROM meeting WHERE id=$1 AND"
                          " kind='congress' AND org_id=$2 AND held_on IS NOT"
                          " NULL AND held_on <= $3",
                          "iit", p->iMeeting, iBranch, p->zEffectiveOn);
        if (!rc && !n) err_set(pErr, ZE_MEMBERSHIP_MEETING, "meeting_id", 0);
    }
    *pRc = rc;
    return pErr->iCode;
}

/* Insert the history row; *piId gets its id. */
static int insert_change(Ctx *c, int64_t iMember, const MembershipChange *p,
                         const char *zFrom, const char *zTo, int64_t *piId)
{
    DbStmt *s = 0;
    int rc = db_prepare(
        c->pDb, &s,
        "INSERT INTO membership_change(member_id,kind,ground,effective_on,"
        "basis_on,reason,approved_by,approving_body,document_no,meeting_id,"
        "from_state,to_state,created_uid,created_at) VALUES"
        "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) RETURNING id");
    if (rc) return rc;
    const char *az[8] = {p->zKind,          p->zGround,    p->zEffectiveOn,
                         p->zBasisOn,       p->zReason,    p->zApprovedBy,
                         p->zApprovingBody, p->zDocumentNo};
    db_bind_int64(s, 1, iMember);
    for (int i = 0; i < 8; i++)
        db_bind_text(s, i + 2, az[i] && *az[i] ? az[i] : 0);
    if (p->iMeeting > 0)
        db_bind_int64(s, 10, p->iMeeting);
    else
        db_bind_null(s, 10);
    db_bind_text(s, 11, zFrom);
    db_bind_text(s, 12, zTo);
    if (c->iUser)
        db_bind_int64(s, 13, c->iUser);
    else
        db_bind_null(s, 13);
    db_bind_int64(s, 14, util_now());
    rc = db_step(s);
    if (rc == DB_ROW) {
        *piId = db_col_int64(s, 0);
        rc = DB_OK;
    }
    db_finalize(s);
    return rc;
}

int membership_change(Ctx *c, int64_t iMember, const MembershipChange *p,
                      int iToday, int64_t *piChange, Err *pErr)
{
    char zState[16] = "", zDetail[160];
    int64_t iBranch = 0;
    const char *zNew = 0;
    MembershipFacts f = {zState, 0, iToday};
    *piChange = 0;
    int rc = db_begin(c->pDb);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "membership begin"), 0, 0);
    rc = facts_load(c->pDb, iMember, zState, &iBranch, &f.iSuspendedOn);
    if (!rc && !membership_rule(p, &f, &zNew, pErr))
        record_checks(c->pDb, iMember, iBranch, p, &rc, pErr);
    if (!rc && !pErr->iCode)
        rc = insert_change(c, iMember, p, zState, zNew, piChange);
    if (!rc && !pErr->iCode)
        rc = db_run(c->pDb,
                    "UPDATE member SET membership=$2, updated_at=$3"
                    " WHERE id=$1",
                    "iti", iMember, zNew, util_now());
    if (!rc && !pErr->iCode && strcmp(zNew, "active") != 0) {
        /* out of the roster: party posts and a mobile period end */
        rc = db_run(c->pDb,
                    "UPDATE post SET ended=1, to_on=$2 WHERE ended=0 AND"
                    " person_id=(SELECT person_id FROM member WHERE id=$1)",
                    "it", iMember, p->zEffectiveOn);
        if (!rc)
            rc = db_run(c->pDb,
                        "UPDATE mobile_member SET ended=1, ended_on=$2,"
                        " end_note='党籍变更', updated_at=$3"
                        " WHERE member_id=$1 AND ended=0",
                        "iti", iMember, p->zEffectiveOn, util_now());
    }
    if (!rc && !pErr->iCode) {
        char zAction[32];
        snprintf(zAction, sizeof zAction, "membership.%s", p->zKind);
        snprintf(zDetail, sizeof zDetail, "member=%lld %s->%s on %s",
                 (long long)iMember, zState, zNew, p->zEffectiveOn);
        rc = audit_log(c, zAction, "membership_change", *piChange, zDetail);
    }
    if (!rc && !pErr->iCode) rc = db_commit(c->pDb);
    if (!rc && !pErr->iCode) return ZE_OK;
    db_rollback(c->pDb);
    if (pErr->iCode) return pErr->iCode;
    return err_set(pErr, err_db(c->pDb, rc, "membership_change"), 0, 0);
}

int membership_history(Db *pDb, int64_t iMember, json_t **ppOut)
{
    DbStmt *s = 0;
    char zState[16] = "";
    int64_t iBranch = 0;
    int iSusp = 0;
    *ppOut = 0;
    int rc = facts_load(pDb, iMember, zState, &iBranch, &iSusp);
    if (rc) return rc;
    json_t *a = json_array();
    rc = db_prepare_bind(pDb, &s,
                         "SELECT id, kind, ground, effective_on, basis_on,"
                         " reason, approved_by, approving_body, document_no,"
                         " meeting_id, from_state, to_state, created_at"
                         " FROM membership_change WHERE member_id=$1"
                         " ORDER BY id DESC",
                         "i", iMember);
    static const char *const azKey[] = {
        "kind",   "ground",      "effective_on",   "basis_on",
        "reason", "approved_by", "approving_body", "document_no"};
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        json_t *o = json_object();
        jx_set_int(o, "id", db_col_int64(s, 0));
        for (int i = 0; i < COUNT(azKey); i++)
            jx_set_str(o, azKey[i], db_col_text(s, i + 1));
        jx_set_id(o, "meeting_id",
                  db_col_is_null(s, 9) ? 0 : db_col_int64(s, 9));
        jx_set_str(o, "from_state", db_col_text(s, 10));
        jx_set_str(o, "to_state", db_col_text(s, 11));
        jx_set_int(o, "created_at", db_col_int64(s, 12));
        json_array_append_new(a, o);
        rc = DB_OK;
    }
    db_finalize(s);
    if (rc != DB_DONE) {
        json_decref(a);
        return rc ? rc : DB_ERROR;
    }
    json_t *pOut = json_object();
    jx_set_str(pOut, "membership", zState);
    json_object_set_new(pOut, "items", a);
    *ppOut = pOut;
    return DB_OK;
}
