/* api_dues.c: HTTP handlers of party dues (党费, issue 4 items 6-7) as
** docs/dues.md says: a member's book (base -> band -> rate -> amount,
** months, payments, arrears), base history (F11), reliefs (F8), payments
** and corrections, the monthly collection sheet with bulk recording, the
** arrears list with the 自行脱党 review flag (F14/F18), the base
** confirmation list, the yearly disclosure (F13) and the .xlsx ledger.
** Scope: reads need member.read on the member's org, writes member.edit;
** a member reads only their own book (/me/dues); outside the scope: 404. */
#include "api.h"
#include "auth.h"
#include "calendar.h"
#include "cap.h"
#include "jx.h"
#include "ledger_dues.h"
#include "member.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XLSX_TYPE                                                              \
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define F14_ARTICLE "党费规定 第十三条；党章 第九条"
#define F14_NOTE                                                                                                \
    "连续六个月不交纳党费的提示，供支部研究；是否按自行脱党处理须经支部大会" \
    "讨论并报上级党组织批准，系统不会自动除名"

/* ?as_of= (default today) and ?year= (default the as-of year); replies
** and returns nonzero when malformed. */
static int query_year(Req *r, int *piAsOf, int *piYear)
{
    int64_t iYear;
    int y, m, d;
    if (req_query_day(r, "as_of", piAsOf)) return 1;
    cal_split(*piAsOf, &y, &m, &d);
    if (req_query_int(r, "year", 2000, 2100, y, &iYear)) return 1;
    *piYear = (int)iYear;
    return 0;
}

/* "YYYY-MM" of iMonth as a new JSON string. */
static json_t *month_json(int iMonth)
{
    char z[8];
    duesbook_month_format(iMonth, z);
    return json_string(z);
}

/* The working of one month: base -> band -> rate -> amount (new ref). */
static json_t *calc_json(const DuesMonth *m)
{
    char zRate[16];
    if (!m->bBase) return json_null();
    json_t *o = json_object();
    const DuesCalc *c = &m->calc;
    json_object_set_new(o, "month", month_json(m->iMonth));
    jx_set_str(o, "kind", dues_kind_name(c->eKind));
    jx_set_str(o, "kind_label", dues_kind_label(c->eKind));
    jx_set_bool(o, "fixed", c->bFixed);
    jx_set_int(o, "base_fen", c->nBaseFen);
    jx_set_str(o, "band", c->zBand);
    jx_set_int(o, "rate_bp", c->iRateBp);
    dues_format_rate(c->iRateBp, zRate);
    jx_set_str(o, "rate", c->bFixed ? 0 : zRate);
    jx_set_int(o, "amount_fen", c->nAmountFen);
    jx_set_bool(o, "capped", c->bCapped);
    jx_set_int(o, "due_fen", m->nDue);
    jx_set_str(o, "relief",
               m->iRelief == 2   ? "exemption"
               : m->iRelief == 1 ? "reduction"
                                 : 0);
    jx_set_str(o, "rule", c->zRule);
    jx_set_str(o, "article", c->zArticle);
    return o;
}

static json_t *month_row_json(const DuesMonth *m)
{
    json_t *e = json_object();
    json_object_set_new(e, "month", month_json(m->iMonth));
    jx_set_str(e, "state", duesbook_state_name(m->iState));
    jx_set_str(e, "state_label", duesbook_state_label(m->iState));
    jx_set_int(e, "due_fen", m->nDue);
    jx_set_int(e, "paid_fen", m->nPaid);
    jx_set_int(e, "diff_fen", m->nPaid - m->nDue);
    jx_set_str(e, "relief",
               m->iRelief == 2   ? "exemption"
               : m->iRelief == 1 ? "reduction"
                                 : 0);
    return e;
}

static json_t *arrears_json(const DuesArrears *a)
{
    json_t *o = json_object();
    jx_set_int(o, "months", a->nMonths);
    jx_set_int(o, "fen", a->nFen);
    jx_set_int(o, "streak", a->nStreak);
    if (a->nStreak)
        json_object_set_new(o, "streak_from", month_json(a->iStreakFrom));
    else
        json_object_set_new(o, "streak_from", json_null());
    jx_set_bool(o, "flag", a->bFlag);
    jx_set_int(o, "flag_months", DUESBOOK_LAPSE_MONTHS);
    jx_set_str(o, "rule", "F14");
    jx_set_str(o, "article", F14_ARTICLE);
    jx_set_str(o, "note", F14_NOTE);
    return o;
}

/* The reply of GET /me/dues and /members/:id/dues for member iMember. */
static void reply_book(Req *r, int64_t iMember)
{
    int iAsOf, iYear;
    DuesRoll roll;
    json_t *aB = 0, *aR = 0, *aP = 0;
    if (query_year(r, &iAsOf, &iYear)) return;
    int rc = ledger_dues_roll(req_db(r), 0, iMember, &roll);
    if (!rc) rc = ledger_dues_history(req_db(r), iMember, &aB, &aR, &aP);
    if (rc) {
        ledger_dues_roll_free(&roll);
        reply_db_error(r, rc);
        return;
    }
    const DuesMember *m = &roll.a[0];
    int iFirst = duesbook_month(iYear, 1);
    int iAs = duesbook_month_of_day(iAsOf);
    int iRef = iAs < iFirst ? 0 : iAs - iFirst > 11 ? 11 : iAs - iFirst;
    DuesMonth a[12];
    DuesArrears arr;
    int64_t nDue = 0, nPaid = 0;
    char zDay[11], zYearStart[11];
    duesbook_months(&m->book, iFirst, 12, a);
    duesbook_arrears(&m->book, iAs, &arr);
    json_t *o = json_object(), *aM = json_array();
    for (int i = 0; i < 12; i++) {
        json_array_append_new(aM, month_row_json(&a[i]));
        if (iFirst + i <= iAs) {
            nDue += a[i].nDue;
            nPaid += a[i].nPaid;
        }
    }
    jx_set_int(o, "member_id", m->iMember);
    jx_set_str(o, "name", m->zName);
    jx_set_int(o, "org_id", m->iOrg);
    jx_set_str(o, "org_name", m->zOrgName);
    jx_set_str(o, "status", m->zStatus);
    jx_set_str(o, "joined_on", m->zJoinedOn[0] ? m->zJoinedOn : 0);
    if (m->book.iStart)
        json_object_set_new(o, "start_month", month_json(m->book.iStart));
    else
        json_object_set_new(o, "start_month", json_null());
    jx_set_int(o, "year", iYear);
    cal_format(iAsOf, zDay);
    jx_set_str(o, "as_of", zDay);
    json_object_set_new(o, "calc", calc_json(&a[iRef]));
    json_object_set_new(o, "months", aM);
    json_t *t = json_object();
    jx_set_int(t, "due_fen", nDue);
    jx_set_int(t, "paid_fen", nPaid);
    json_object_set_new(o, "totals", t);
    json_object_set_new(o, "arrears", arrears_json(&arr));
    snprintf(zYearStart, sizeof zYearStart, "%04d-01-01", iYear);
    jx_set_str(o, "confirmed_on", m->zConfirmedOn[0] ? m->zConfirmedOn : 0);
    jx_set_bool(o, "confirm_due", strcmp(m->zConfirmedOn, zYearStart) < 0);
    json_object_set_new(o, "bases", aB);
    json_object_set_new(o, "reliefs", aR);
    json_object_set_new(o, "payments", aP);
    ledger_dues_roll_free(&roll);
    reply_json(r, 200, o);
}

/* GET /api/v1/me/dues?year=&as_of= */
void api_me_dues(Req *r)
{
    int64_t iMember = 0;
    if (!r->pUser->iPerson ||
        member_of_person(req_db(r), r->pUser->iPerson, &iMember)) {
        reply_error(r, ZE_NOT_FOUND, 0, 0);
        return;
    }
    reply_book(r, iMember);
}

/* Member iMember's org within the caller's scope for mCap; replies 404
** and returns nonzero otherwise. */
static int member_scope(Req *r, int64_t *piMember, unsigned mCap)
{
    int64_t iOrg = 0;
    if (req_arg_id(r, 0, piMember)) return 1;
    if (member_org(req_db(r), *piMember, &iOrg)) {
        reply_error(r, ZE_NOT_FOUND, 0, 0);
        return 1;
    }
    return !auth_require_org(r, iOrg, mCap);
}

/* GET /api/v1/members/:id/dues?year=&as_of= */
void api_member_dues(Req *r)
{
    int64_t iMember;
    if (member_scope(r, &iMember, CAP_MEMBER_READ)) return;
    reply_book(r, iMember);
}

/* String field k of the body into *pz; replies 400 field.type when it is
** not a string. */
static int body_str(Req *r, const char *k, const char **pz)
{
    int bBad = 0;
    *pz = jx_get_str(r->pBody, k, &bBad);
    if (bBad) reply_error(r, ZE_FIELD_TYPE, k, 0);
    return bBad;
}

/* Integer field k into *pv and *pb (given); replies field.type when it is
** not an integer. */
static int body_int(Req *r, const char *k, int64_t *pv, int *pb)
{
    int rc = jx_get_int(r->pBody, k, pv);
    *pb = rc == 0;
    if (rc == 2) reply_error(r, ZE_FIELD_TYPE, k, 0);
    return rc == 2;
}

/* Reply {"id":N} with 201 after a write, or the error. */
static void reply_created(Req *r, int iErr, const Err *e, int64_t iId)
{
    if (iErr) {
        reply_err(r, e);
        return;
    }
    json_t *o = json_object();
    jx_set_int(o, "id", iId);
    reply_json(r, 201, o);
}

/* POST /api/v1/members/:id/dues/bases */
void api_member_dues_base(Req *r)
{
    int64_t iMember, iId = 0;
    DuesBaseIn in = {0};
    Err e = {0};
    if (req_arg_id(r, 0, &iMember)) return;
    if (body_str(r, "kind", &in.zKind) ||
        body_int(r, "base_fen", &in.nBaseFen, &in.bBase) ||
        body_str(r, "effective_month", &in.zMonth) ||
        body_str(r, "confirmed_on", &in.zConfirmedOn) ||
        body_str(r, "note", &in.zNote))
        return;
    if (member_scope(r, &iMember, CAP_MEMBER_EDIT)) return;
    Ctx c = req_ctx(r);
    int iErr = ledger_dues_base_add(&c, iMember, &in, &iId, &e);
    reply_created(r, iErr, &e, iId);
}

/* POST /api/v1/members/:id/dues/reliefs (F8) */
void api_member_dues_relief(Req *r)
{
    int64_t iMember, iId = 0;
    DuesReliefIn in = {0};
    Err e = {0};
    if (req_arg_id(r, 0, &iMember)) return;
    if (body_str(r, "kind", &in.zKind) ||
        body_str(r, "from_month", &in.zFrom) ||
        body_str(r, "to_month", &in.zTo) ||
        body_int(r, "amount_fen", &in.nFen, &in.bFen) ||
        body_str(r, "approved_by", &in.zApprovedBy) ||
        body_str(r, "approving_body", &in.zBody) ||
        body_str(r, "approved_on", &in.zApprovedOn) ||
        body_str(r, "reason", &in.zReason))
        return;
    if (member_scope(r, &iMember, CAP_MEMBER_EDIT)) return;
    Ctx c = req_ctx(r);
    int iErr = ledger_dues_relief_add(&c, iMember, &in, &iId, &e);
    reply_created(r, iErr, &e, iId);
}

/* POST /api/v1/members/:id/dues/payments: a payment, or with corrects_id
** a correction entry. */
void api_member_dues_pay(Req *r)
{
    int64_t iMember, iId = 0, iCorr = 0;
    int bCorr = 0;
    DuesPayIn in = {0};
    Err e = {0};
    if (req_arg_id(r, 0, &iMember)) return;
    if (body_str(r, "from_month", &in.zFrom) ||
        body_str(r, "to_month", &in.zTo) ||
        body_int(r, "amount_fen", &in.nFen, &in.bFen) ||
        body_str(r, "paid_on", &in.zPaidOn) ||
        body_str(r, "method", &in.zMethod) ||
        body_str(r, "receipt_no", &in.zReceipt) ||
        body_str(r, "note", &in.zNote) ||
        body_int(r, "corrects_id", &iCorr, &bCorr))
        return;
    if (bCorr && iCorr <= 0) {
        reply_error(r, ZE_DUES_CORRECTS, "corrects_id", 0);
        return;
    }
    in.iCorrects = bCorr ? iCorr : 0;
    if (member_scope(r, &iMember, CAP_MEMBER_EDIT)) return;
    Ctx c = req_ctx(r);
    int iErr = ledger_dues_pay(&c, iMember, &in, &iId, &e);
    reply_created(r, iErr, &e, iId);
}

/* POST /api/v1/orgs/:id/dues/payments {month,paid_on,method,items:[{
** member_id,amount_fen?,receipt_no?}]}: all or nothing. */
void api_org_dues_pay(Req *r)
{
    int64_t iOrg, nFen = 0;
    const char *zMonth, *zPaidOn, *zMethod;
    json_t *aItems = json_object_get(r->pBody, "items"), *v;
    size_t i;
    int iRow = -1;
    Err e = {0};
    if (req_arg_id(r, 0, &iOrg)) return;
    if (body_str(r, "month", &zMonth) || body_str(r, "paid_on", &zPaidOn) ||
        body_str(r, "method", &zMethod))
        return;
    if (!zMonth) {
        reply_error(r, ZE_FIELD_REQUIRED, "month", 0);
        return;
    }
    if (!aItems || json_is_null(aItems)) {
        reply_error(r, ZE_FIELD_REQUIRED, "items", 0);
        return;
    }
    if (!json_is_array(aItems) || json_array_size(aItems) > 1000) {
        reply_error(r, ZE_FIELD_TYPE, "items", 0);
        return;
    }
    int n = (int)json_array_size(aItems);
    DuesBulkRow *a = xcalloc((size_t)(n ? n : 1), sizeof *a);
    json_array_foreach(aItems, i, v)
    {
        int bBad = 0, iCode = ZE_FIELD_TYPE, rcId;
        char zField[48];
        const char *zKey = 0;
        if (!json_is_object(v)) zKey = "";
        if (!zKey && (rcId = jx_get_int(v, "member_id", &a[i].iMember))) {
            zKey = ".member_id";
            if (rcId == 1) iCode = ZE_FIELD_REQUIRED;
        }
        if (!zKey && jx_get_int(v, "amount_fen", &a[i].nFen) == 2)
            zKey = ".amount_fen";
        a[i].bFen = json_is_integer(json_object_get(v, "amount_fen"));
        if (!zKey) a[i].zReceipt = jx_get_str(v, "receipt_no", &bBad);
        if (!zKey && bBad) zKey = ".receipt_no";
        if (!zKey && a[i].iMember <= 0) zKey = ".member_id";
        if (zKey) {
            snprintf(zField, sizeof zField, "items[%d]%s", (int)i, zKey);
            free(a);
            reply_error(r, iCode, zField, 0);
            return;
        }
    }
    if (!auth_require_org(r, iOrg, CAP_MEMBER_EDIT)) {
        free(a);
        return;
    }
    Ctx c = req_ctx(r);
    int iErr = ledger_dues_pay_bulk(&c, iOrg, zMonth, zPaidOn, zMethod, a, n,
                                    &iRow, &nFen, &e);
    free(a);
    if (iErr) {
        if (iRow >= 0) {
            char zField[64];
            snprintf(zField, sizeof zField, "items[%d].%s", iRow,
                     e.zField ? e.zField : "member_id");
            reply_error(r, iErr, zField, e.zMsg);
        } else {
            reply_err(r, &e);
        }
        return;
    }
    json_t *o = json_object();
    jx_set_int(o, "recorded", n);
    jx_set_int(o, "amount_fen", nFen);
    reply_json(r, 201, o);
}

/* Load the roll of org :id for a read with member.read; replies on error. */
static int org_roll(Req *r, int64_t *piOrg, DuesRoll *p)
{
    memset(p, 0, sizeof *p);
    if (req_arg_id(r, 0, piOrg)) return 1;
    if (!auth_require_org(r, *piOrg, CAP_MEMBER_READ)) return 1;
    int rc = ledger_dues_roll(req_db(r), *piOrg, 0, p);
    if (rc) {
        reply_db_error(r, rc);
        return 1;
    }
    return 0;
}

/* GET /api/v1/orgs/:id/dues/sheet?month=YYYY-MM : 收缴表 */
void api_org_dues_sheet(Req *r)
{
    int64_t iOrg;
    int iMonth, iAsOf = cal_today();
    const char *zMonth = req_query(r, "month");
    DuesRoll roll;
    if (zMonth ? duesbook_month_parse(zMonth, &iMonth)
               : (iMonth = duesbook_month_of_day(iAsOf), 0)) {
        reply_error(r, ZE_BAD_QUERY, "month", "月份格式应为YYYY-MM");
        return;
    }
    if (org_roll(r, &iOrg, &roll)) return;
    json_t *o = json_object(), *a = json_array();
    int64_t nDue = 0, nPaid = 0, nUnpaid = 0;
    int nPaidM = 0, nUnpaidM = 0;
    for (int i = 0; i < roll.n; i++) {
        const DuesMember *m = &roll.a[i];
        DuesMonth mo;
        duesbook_months(&m->book, iMonth, 1, &mo);
        json_t *e = month_row_json(&mo);
        int64_t nLeft = mo.nDue > mo.nPaid ? mo.nDue - mo.nPaid : 0;
        jx_set_int(e, "member_id", m->iMember);
        jx_set_str(e, "name", m->zName);
        jx_set_int(e, "org_id", m->iOrg);
        jx_set_str(e, "org_name", m->zOrgName);
        jx_set_str(e, "status", m->zStatus);
        json_object_set_new(e, "calc", calc_json(&mo));
        jx_set_int(e, "unpaid_fen", nLeft);
        json_array_append_new(a, e);
        nDue += mo.nDue;
        nPaid += mo.nPaid;
        nUnpaid += nLeft;
        if (mo.nDue > 0 && nLeft == 0) nPaidM++;
        if (nLeft > 0) nUnpaidM++;
    }
    json_object_set_new(o, "month", month_json(iMonth));
    json_object_set_new(o, "items", a);
    json_t *t = json_object();
    jx_set_int(t, "members", roll.n);
    jx_set_int(t, "due_fen", nDue);
    jx_set_int(t, "paid_fen", nPaid);
    jx_set_int(t, "unpaid_fen", nUnpaid);
    jx_set_int(t, "paid_members", nPaidM);
    jx_set_int(t, "unpaid_members", nUnpaidM);
    json_object_set_new(o, "totals", t);
    ledger_dues_roll_free(&roll);
    reply_json(r, 200, o);
}

/* GET /api/v1/orgs/:id/dues/arrears?as_of= (F14/F18 flag) */
void api_org_dues_arrears(Req *r)
{
    int64_t iOrg;
    int iAsOf;
    DuesRoll roll;
    char zDay[11];
    if (req_query_day(r, "as_of", &iAsOf)) return;
    if (org_roll(r, &iOrg, &roll)) return;
    int iAs = duesbook_month_of_day(iAsOf), nFlag = 0;
    int64_t nFen = 0;
    json_t *o = json_object(), *a = json_array();
    for (int i = 0; i < roll.n; i++) {
        const DuesMember *m = &roll.a[i];
        DuesArrears arr;
        duesbook_arrears(&m->book, iAs, &arr);
        if (!arr.nMonths && !arr.bFlag) continue;
        json_t *e = arrears_json(&arr);
        jx_set_int(e, "member_id", m->iMember);
        jx_set_str(e, "name", m->zName);
        jx_set_int(e, "org_id", m->iOrg);
        jx_set_str(e, "org_name", m->zOrgName);
        json_array_append_new(a, e);
        nFlag += arr.bFlag;
        nFen += arr.nFen;
    }
    cal_format(iAsOf, zDay);
    jx_set_str(o, "as_of", zDay);
    json_object_set_new(o, "items", a);
    jx_set_int(o, "flagged", nFlag);
    jx_set_int(o, "fen", nFen);
    jx_set_int(o, "flag_months", DUESBOOK_LAPSE_MONTHS);
    jx_set_str(o, "rule", "F14");
    jx_set_str(o, "article", F14_ARTICLE);
    jx_set_str(o, "note", F14_NOTE);
    ledger_dues_roll_free(&roll);
    reply_json(r, 200, o);
}

/* GET /api/v1/orgs/:id/dues/confirm?year= : bases not confirmed this year
** (F11: 每年核定一次). */
void api_org_dues_confirm(Req *r)
{
    int64_t iOrg;
    int iAsOf, iYear;
    DuesRoll roll;
    char zStart[11];
    if (query_year(r, &iAsOf, &iYear)) return;
    if (org_roll(r, &iOrg, &roll)) return;
    snprintf(zStart, sizeof zStart, "%04d-01-01", iYear);
    int iAs = duesbook_month_of_day(iAsOf);
    json_t *o = json_object(), *a = json_array();
    for (int i = 0; i < roll.n; i++) {
        const DuesMember *m = &roll.a[i];
        if (strcmp(m->zConfirmedOn, zStart) >= 0) continue;
        DuesMonth mo;
        duesbook_due(&m->book, iAs, &mo);
        json_t *e = json_object();
        jx_set_int(e, "member_id", m->iMember);
        jx_set_str(e, "name", m->zName);
        jx_set_int(e, "org_id", m->iOrg);
        jx_set_str(e, "org_name", m->zOrgName);
        jx_set_str(e, "confirmed_on", m->zConfirmedOn[0] ? m->zConfirmedOn : 0);
        json_object_set_new(e, "calc", calc_json(&mo));
        json_array_append_new(a, e);
    }
    jx_set_int(o, "year", iYear);
    json_object_set_new(o, "items", a);
    jx_set_str(o, "rule", "F11");
    jx_set_str(o, "article", "党费规定 第十条；中组电明字〔2017〕5号");
    ledger_dues_roll_free(&roll);
    reply_json(r, 200, o);
}

/* GET /api/v1/orgs/:id/dues/report?year=&as_of= (F13) */
void api_org_dues_report(Req *r)
{
    int64_t iOrg;
    int iAsOf, iYear;
    DuesRoll roll;
    DuesReport rep;
    char zDay[11];
    if (query_year(r, &iAsOf, &iYear)) return;
    if (org_roll(r, &iOrg, &roll)) return;
    ledger_dues_report(&roll, iYear, iAsOf, &rep);
    json_t *o = json_object(), *aM = json_array(), *aO = json_array();
    for (int k = 0; k < rep.nMonths; k++) {
        const DuesReportMonth *x = &rep.aMonth[k];
        json_t *e = json_object();
        json_object_set_new(e, "month", month_json(x->iMonth));
        jx_set_int(e, "due_fen", x->nDue);
        jx_set_int(e, "paid_fen", x->nPaid);
        jx_set_int(e, "members_due", x->nMembersDue);
        jx_set_int(e, "members_paid", x->nMembersPaid);
        json_array_append_new(aM, e);
    }
    for (int j = 0; j < rep.nOrg; j++) {
        json_t *e = json_object();
        jx_set_int(e, "org_id", rep.aOrg[j].iOrg);
        jx_set_str(e, "org_name", rep.aOrg[j].zName);
        jx_set_int(e, "members", rep.aOrg[j].nMembers);
        jx_set_int(e, "due_fen", rep.aOrg[j].nDue);
        jx_set_int(e, "paid_fen", rep.aOrg[j].nPaid);
        json_array_append_new(aO, e);
    }
    jx_set_int(o, "year", iYear);
    cal_format(iAsOf, zDay);
    jx_set_str(o, "as_of", zDay);
    json_object_set_new(o, "months", aM);
    json_object_set_new(o, "orgs", aO);
    json_t *t = json_object();
    jx_set_int(t, "members", roll.n);
    jx_set_int(t, "due_fen", rep.nDue);
    jx_set_int(t, "paid_fen", rep.nPaid);
    json_object_set_new(o, "totals", t);
    jx_set_str(o, "rule", "F13");
    jx_set_str(o, "article", "党费规定 第十二条；中组电明字〔2017〕5号");
    ledger_dues_report_free(&rep);
    ledger_dues_roll_free(&roll);
    reply_json(r, 200, o);
}

/* The two .xlsx downloads: ledger (bReport 0) or disclosure report. */
static void reply_xlsx(Req *r, int bReport)
{
    int64_t iOrg;
    int iAsOf, iYear, fd = -1;
    long long nSize = 0;
    Err e = {0};
    if (req_arg_id(r, 0, &iOrg) || query_year(r, &iAsOf, &iYear)) return;
    if (!auth_require_org(r, iOrg, CAP_MEMBER_READ)) return;
    Ctx c = req_ctx(r);
    int iErr =
        bReport
            ? ledger_dues_report_xlsx(&c, iOrg, iYear, iAsOf, &fd, &nSize, &e)
            : ledger_dues_xlsx(&c, iOrg, iYear, iAsOf, &fd, &nSize, &e);
    if (iErr) {
        reply_err(r, &e);
        return;
    }
    char *zName = xprintf(
        "%s-%d.xlsx", bReport ? "党费收缴情况公布表" : "党费收缴台账", iYear);
    reply_fd(r, XLSX_TYPE, fd, nSize, zName);
    free(zName);
}

/* GET /api/v1/orgs/:id/dues/ledger.xlsx?year=&as_of= */
void api_org_dues_ledger(Req *r)
{
    reply_xlsx(r, 0);
}

/* GET /api/v1/orgs/:id/dues/report.xlsx?year=&as_of= */
void api_org_dues_report_export(Req *r)
{
    reply_xlsx(r, 1);
}
