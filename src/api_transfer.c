/* api_transfer.c: HTTP handlers for transfers of the organisational
** relation (组织关系转接, T11), mobile members (流动党员, T14/T21) and
** changes of membership (党籍变更, T10/T13/F18), issue #4 items 9 and 10.
**
** Scope: the sending side acts within its subtree (auth_require_org, 404
** outside); the approval needs member.edit on the committee above the
** sending org; the receiving org sees and decides an incoming transfer
** although the member is not yet in its subtree — it sees only what
** transfer_get() returns (name, masked ID number, orgs, letter), never the
** member record.  Each handler queues exactly one reply. */
#include "api.h"
#include "auth.h"
#include "calendar.h"
#include "cap.h"
#include "jx.h"
#include "member.h"
#include "membership.h"
#include "transfer.h"
#include "util.h"
#include <string.h>

/* Read string field k of the body into *pz (NULL when absent or null).
** Returns nonzero after replying 400 field.type. */
static int body_str(Req *r, const char *k, const char **pz)
{
    int bBad = 0;
    *pz = jx_get_str(r->pBody, k, &bBad);
    if (bBad) reply_error(r, ZE_FIELD_TYPE, k, 0);
    return bBad;
}

/* Read id field k (positive integer or absent → 0).  Returns nonzero after
** replying 400. */
static int body_id(Req *r, const char *k, int64_t *pv)
{
    *pv = 0;
    int rc = jx_get_int(r->pBody, k, pv);
    if (rc == 2) {
        reply_error(r, ZE_FIELD_TYPE, k, 0);
        return 1;
    }
    if (rc == 0 && *pv <= 0) {
        reply_error(r, ZE_FIELD_INVALID, k, 0);
        return 1;
    }
    if (rc == 1) *pv = 0;
    return 0;
}

/* The member's org, after checking mCap on it (404 outside the scope or
** when missing).  Returns 1 when allowed. */
static int require_member(Req *r, int64_t iMember, unsigned mCap)
{
    int64_t iOrg = 0;
    int rc = member_org(req_db(r), iMember, &iOrg);
    if (rc == DB_NOTFOUND) {
        reply_error(r, ZE_NOT_FOUND, 0, 0);
        return 0;
    }
    if (rc) {
        reply_db_error(r, rc);
        return 0;
    }
    return auth_require_org(r, iOrg, mCap);
}

/* 1 when the user holds mCap on org iOrg (no reply). */
static int allowed(Req *r, int64_t iOrg, unsigned mCap)
{
    int bOk = 0;
    if (auth_org_allowed(req_db(r), r->pUser, iOrg, mCap, &bOk)) return 0;
    return bOk;
}

/* Reply transfer iId with status iStatus, or the error of pErr. */
static void reply_transfer(Req *r, int iStatus, int64_t iId)
{
    json_t *o = 0;
    Ctx c = req_ctx(r);
    int rc = transfer_get(&c, iId, cal_today(), &o);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    reply_json(r, iStatus, o);
}

/* The orgs of transfer :id; replies 404 and returns nonzero when it does
** not exist or the caller is on neither side. */
static int transfer_sides(Req *r, int64_t *piId, int64_t *piFrom, int64_t *piTo,
                          int64_t *piApprover)
{
    if (req_arg_id(r, 0, piId)) return 1;
    int rc = transfer_orgs(req_db(r), *piId, piFrom, piTo, piApprover);
    if (rc == DB_NOTFOUND) {
        reply_error(r, ZE_NOT_FOUND, 0, 0);
        return 1;
    }
    if (rc) {
        reply_db_error(r, rc);
        return 1;
    }
    if (!allowed(r, *piFrom, CAP_MEMBER_READ) &&
        !allowed(r, *piTo, CAP_MEMBER_READ) &&
        !allowed(r, *piApprover, CAP_MEMBER_READ)) {
        auth_audit_denied(r, "transfer outside scope");
        reply_error(r, ZE_NOT_FOUND, 0, 0);
        return 1;
    }
    return 0;
}

/*
** GET /api/v1/branches?q=NAME&limit=N
**
** Open branches and groups whose name contains q, for choosing the
** receiving org of a transfer: [{"id","name","path"}] only.  Any user with
** member.read may search the whole tree (nothing else is shown).
*/
void api_transfer_branches(Req *r)
{
    int64_t nLimit;
    json_t *a = 0;
    const char *zQ = req_query(r, "q");
    if (req_query_int(r, "limit", 1, 50, 20, &nLimit)) return;
    if (!zQ || !*zQ) {
        reply_error(r, ZE_BAD_QUERY, "q", "请输入党组织名称中的文字");
        return;
    }
    if (util_utf8_chars(zQ) > 64) {
        reply_error(r, ZE_BAD_QUERY, "q", "查询文字过长");
        return;
    }
    int rc = transfer_branch_search(req_db(r), zQ, (int)nLimit, &a);
    reply_list(r, rc, a, a ? (int64_t)json_array_size(a) : 0, 0, 0);
}

/* POST /api/v1/transfers {member_id, to_org_id, letter_no, issued_on?,
** valid_until?, dues_paid_to, reason}: start a transfer (member.edit on
** the member's org).  Replies 201 Transfer. */
void api_transfer_create(Req *r)
{
    TransferNew t;
    Err e = {0};
    int64_t iId = 0;
    memset(&t, 0, sizeof t);
    if (body_id(r, "member_id", &t.iMember) ||
        body_id(r, "to_org_id", &t.iToOrg) ||
        body_str(r, "letter_no", &t.zLetterNo) ||
        body_str(r, "issued_on", &t.zIssuedOn) ||
        body_str(r, "valid_until", &t.zValidUntil) ||
        body_str(r, "dues_paid_to", &t.zDuesPaidTo) ||
        body_str(r, "reason", &t.zReason))
        return;
    if (!t.iMember) {
        reply_error(r, ZE_FIELD_REQUIRED, "member_id", 0);
        return;
    }
    if (!require_member(r, t.iMember, CAP_MEMBER_EDIT)) return;
    Ctx c = req_ctx(r);
    if (transfer_create(&c, &t, cal_today(), &iId, &e)) {
        reply_err(r, &e);
        return;
    }
    reply_transfer(r, 201, iId);
}

/* GET /api/v1/transfers/{id}: either side, or the approving committee. */
void api_transfer_get(Req *r)
{
    int64_t iId, iFrom, iTo, iApp;
    if (transfer_sides(r, &iId, &iFrom, &iTo, &iApp)) return;
    reply_transfer(r, 200, iId);
}

/* POST /api/v1/transfers/{id}/approve {approved_by, approving_body,
** document_no?}: the committee above the sending org (T11). */
void api_transfer_approve(Req *r)
{
    int64_t iId, iFrom, iTo, iApp;
    const char *zBy, *zBody, *zDoc;
    Err e = {0};
    if (transfer_sides(r, &iId, &iFrom, &iTo, &iApp)) return;
    if (!allowed(r, iApp, CAP_MEMBER_EDIT)) {
        reply_error(r, ZE_TRANSFER_APPROVER, 0, 0);
        return;
    }
    if (body_str(r, "approved_by", &zBy) ||
        body_str(r, "approving_body", &zBody) ||
        body_str(r, "document_no", &zDoc))
        return;
    Ctx c = req_ctx(r);
    if (transfer_approve(&c, iId, zBy, zBody, zDoc, cal_today(), &e)) {
        reply_err(r, &e);
        return;
    }
    reply_transfer(r, 200, iId);
}

/* POST /api/v1/transfers/{id}/accept: the receiving org (member.edit on
** it; 404 for everyone else). */
void api_transfer_accept(Req *r)
{
    int64_t iId, iFrom, iTo, iApp;
    Err e = {0};
    if (transfer_sides(r, &iId, &iFrom, &iTo, &iApp)) return;
    if (!auth_require_org(r, iTo, CAP_MEMBER_EDIT)) return;
    Ctx c = req_ctx(r);
    if (transfer_accept(&c, iId, cal_today(), &e)) {
        reply_err(r, &e);
        return;
    }
    reply_transfer(r, 200, iId);
}

/* POST /api/v1/transfers/{id}/refuse {reason}: the receiving org. */
void api_transfer_refuse(Req *r)
{
    int64_t iId, iFrom, iTo, iApp;
    const char *zReason;
    Err e = {0};
    if (transfer_sides(r, &iId, &iFrom, &iTo, &iApp)) return;
    if (!auth_require_org(r, iTo, CAP_MEMBER_EDIT)) return;
    if (body_str(r, "reason", &zReason)) return;
    Ctx c = req_ctx(r);
    if (transfer_refuse(&c, iId, zReason, cal_today(), &e)) {
        reply_err(r, &e);
        return;
    }
    reply_transfer(r, 200, iId);
}

/* POST /api/v1/transfers/{id}/cancel {reason?}: the sending org. */
void api_transfer_cancel(Req *r)
{
    int64_t iId, iFrom, iTo, iApp;
    const char *zReason;
    Err e = {0};
    if (transfer_sides(r, &iId, &iFrom, &iTo, &iApp)) return;
    if (!auth_require_org(r, iFrom, CAP_MEMBER_EDIT)) return;
    if (body_str(r, "reason", &zReason)) return;
    Ctx c = req_ctx(r);
    if (transfer_cancel(&c, iId, zReason, cal_today(), &e)) {
        reply_err(r, &e);
        return;
    }
    reply_transfer(r, 200, iId);
}

/* GET /api/v1/orgs/{id}/transfers?direction=in|out&status=: transfers
** into or out of the org's subtree, newest first. */
void api_transfer_org_list(Req *r)
{
    int64_t iOrg;
    json_t *a = 0;
    const char *zDir = req_query(r, "direction");
    const char *zStatus = req_query(r, "status");
    if (req_arg_id(r, 0, &iOrg)) return;
    if (zDir && *zDir && strcmp(zDir, "in") != 0 && strcmp(zDir, "out") != 0) {
        reply_error(r, ZE_BAD_QUERY, "direction", "direction 应为 in 或 out");
        return;
    }
    static const char *const azStatus[] = {"submitted", "pending",   "accepted",
                                           "refused",   "cancelled", "expired"};
    int bOk = !zStatus || !*zStatus;
    for (int i = 0; !bOk && i < 6; i++)
        bOk = strcmp(zStatus, azStatus[i]) == 0;
    if (!bOk) {
        reply_error(r, ZE_BAD_QUERY, "status", "status 取值无效");
        return;
    }
    if (!auth_require_org(r, iOrg, CAP_MEMBER_READ)) return;
    Ctx c = req_ctx(r);
    int rc = transfer_list(&c, iOrg, zDir && strcmp(zDir, "in") == 0, zStatus,
                           cal_today(), &a);
    reply_list(r, rc, a, a ? (int64_t)json_array_size(a) : 0, 0, 0);
}

/* GET /api/v1/members/{id}/transfers: the member's transfer history. */
void api_transfer_member_list(Req *r)
{
    int64_t iMember;
    json_t *a = 0;
    if (req_arg_id(r, 0, &iMember)) return;
    if (!require_member(r, iMember, CAP_MEMBER_READ)) return;
    Ctx c = req_ctx(r);
    int rc = transfer_member_list(&c, iMember, cal_today(), &a);
    reply_list(r, rc, a, a ? (int64_t)json_array_size(a) : 0, 0, 0);
}

/* GET /api/v1/members/{id}/mobile: mobile periods with reports. */
void api_transfer_mobile_get(Req *r)
{
    int64_t iMember;
    json_t *o = 0;
    if (req_arg_id(r, 0, &iMember)) return;
    if (!require_member(r, iMember, CAP_MEMBER_READ)) return;
    Ctx c = req_ctx(r);
    int rc = transfer_mobile_get(&c, iMember, cal_today(), &o);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    reply_json(r, 200, o);
}

/* Reply the mobile record of iMember after a write. */
static void reply_mobile(Req *r, int iStatus, int64_t iMember)
{
    json_t *o = 0;
    Ctx c = req_ctx(r);
    int rc = transfer_mobile_get(&c, iMember, cal_today(), &o);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    reply_json(r, iStatus, o);
}

/* PUT /api/v1/members/{id}/mobile {place, unit?, contact_org?, from_on}:
** flag as a mobile member or update the open period. */
void api_transfer_mobile_put(Req *r)
{
    int64_t iMember;
    MobileRec m;
    Err e = {0};
    if (req_arg_id(r, 0, &iMember)) return;
    if (!require_member(r, iMember, CAP_MEMBER_EDIT)) return;
    if (body_str(r, "place", &m.zPlace) || body_str(r, "unit", &m.zUnit) ||
        body_str(r, "contact_org", &m.zContactOrg) ||
        body_str(r, "from_on", &m.zFromOn))
        return;
    Ctx c = req_ctx(r);
    if (transfer_mobile_set(&c, iMember, &m, cal_today(), &e)) {
        reply_err(r, &e);
        return;
    }
    reply_mobile(r, 200, iMember);
}

/* DELETE /api/v1/members/{id}/mobile?ended_on=: end the open period (the
** row is kept). */
void api_transfer_mobile_end(Req *r)
{
    int64_t iMember;
    Err e = {0};
    if (req_arg_id(r, 0, &iMember)) return;
    if (!require_member(r, iMember, CAP_MEMBER_EDIT)) return;
    Ctx c = req_ctx(r);
    if (transfer_mobile_end(&c, iMember, req_query(r, "ended_on"), cal_today(),
                            &e)) {
        reply_err(r, &e);
        return;
    }
    reply_mobile(r, 200, iMember);
}

/* POST /api/v1/members/{id}/mobile/reports {reported_on, note}. */
void api_transfer_mobile_report(Req *r)
{
    int64_t iMember;
    const char *zOn, *zNote;
    Err e = {0};
    if (req_arg_id(r, 0, &iMember)) return;
    if (!require_member(r, iMember, CAP_MEMBER_EDIT)) return;
    if (body_str(r, "reported_on", &zOn) || body_str(r, "note", &zNote)) return;
    Ctx c = req_ctx(r);
    if (transfer_mobile_report(&c, iMember, zOn, zNote, cal_today(), &e)) {
        reply_err(r, &e);
        return;
    }
    reply_mobile(r, 201, iMember);
}

/* GET /api/v1/orgs/{id}/mobile?as_of=: open mobile periods in the subtree
** with days since the last report and the overdue flag. */
void api_transfer_org_mobile(Req *r)
{
    int64_t iOrg;
    int iAsOf;
    json_t *a = 0;
    if (req_arg_id(r, 0, &iOrg) || req_query_day(r, "as_of", &iAsOf)) return;
    if (!auth_require_org(r, iOrg, CAP_MEMBER_READ)) return;
    Ctx c = req_ctx(r);
    int rc = transfer_mobile_list(&c, iOrg, iAsOf, &a);
    reply_list(r, rc, a, a ? (int64_t)json_array_size(a) : 0, 0, 0);
}

/* GET /api/v1/members/{id}/membership: state and history of changes. */
void api_transfer_membership_get(Req *r)
{
    int64_t iMember;
    json_t *o = 0;
    if (req_arg_id(r, 0, &iMember)) return;
    if (!require_member(r, iMember, CAP_MEMBER_READ)) return;
    int rc = membership_history(req_db(r), iMember, &o);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    reply_json(r, 200, o);
}

/* POST /api/v1/members/{id}/membership {kind, effective_on, reason,
** ground?, basis_on?, approved_by?, approving_body?, document_no?,
** meeting_id?}: record a change of membership.  Replies 201 with the
** state and history. */
void api_transfer_membership_post(Req *r)
{
    int64_t iMember, iChange = 0;
    MembershipChange m;
    Err e = {0};
    json_t *o = 0;
    memset(&m, 0, sizeof m);
    if (req_arg_id(r, 0, &iMember)) return;
    if (!require_member(r, iMember, CAP_MEMBER_EDIT)) return;
    if (body_str(r, "kind", &m.zKind) || body_str(r, "ground", &m.zGround) ||
        body_str(r, "effective_on", &m.zEffectiveOn) ||
        body_str(r, "basis_on", &m.zBasisOn) ||
        body_str(r, "reason", &m.zReason) ||
        body_str(r, "approved_by", &m.zApprovedBy) ||
        body_str(r, "approving_body", &m.zApprovingBody) ||
        body_str(r, "document_no", &m.zDocumentNo) ||
        body_id(r, "meeting_id", &m.iMeeting))
        return;
    Ctx c = req_ctx(r);
    if (membership_change(&c, iMember, &m, cal_today(), &iChange, &e)) {
        reply_err(r, &e);
        return;
    }
    int rc = membership_history(req_db(r), iMember, &o);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    reply_json(r, 201, o);
}
