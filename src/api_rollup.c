/* api_rollup.c: HTTP handlers of the committee views of organisational
** life as docs/api-meetings.md says: the trend, the heat map, the
** compliance table export, the liaisons (B4) and reading the holiday
** calendar (B2).  Scope as api_meeting.c: auth_require_org() on every org
** touched (404 outside the caller's grants), one reply each. */
#include "api.h"
#include "auth.h"
#include "cap.h"
#include "compliance.h"
#include "jx.h"
#include "member.h"
#include "rollup.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The kinds with a cadence, as a JSON array of names. */
static json_t *kinds_json(void)
{
    json_t *a = json_array();
    for (int i = 0; life_kind_at(i); i++)
        if (life_kind_at(i)->iEvery != LIFE_NONE)
            json_array_append_new(a, jx_str(life_kind_at(i)->zKind));
    return a;
}

/* One trend row: period zP of org iOrg.  NULL with *pRc set on failure. */
static json_t *trend_row(Req *r, int64_t iOrg, const char *zP, int iAsOf,
                         int *pRc)
{
    LifeReport rep;
    int aDone[LIFE_MAX_KINDS];
    *pRc = life_eval(req_db(r), iOrg, zP, iAsOf, &rep);
    if (!*pRc && life_count_get(req_db(r), iOrg, zP, aDone)) *pRc = ZE_INTERNAL;
    if (*pRc) {
        life_report_free(&rep);
        return 0;
    }
    json_t *e = json_object(), *d = json_object(), *o = json_object();
    jx_set_str(e, "period", zP);
    jx_set_int(e, "branches", rep.nBranches);
    jx_set_int(e, "compliant", rep.nCompliant);
    for (int i = 0; life_kind_at(i); i++) {
        if (life_kind_at(i)->iEvery == LIFE_NONE) continue;
        jx_set_int(d, life_kind_at(i)->zKind, aDone[i]);
        jx_set_int(o, life_kind_at(i)->zKind, rep.aOverdue[i]);
    }
    json_object_set_new(e, "done_by_kind", d);
    json_object_set_new(e, "overdue_by_kind", o);
    life_report_free(&rep);
    return e;
}

/* GET /api/v1/orgs/:id/trend?year=&by=month|quarter&as_of= */
void api_org_trend(Req *r)
{
    int64_t iOrg, iYear;
    int iAsOf, rc = 0, y, m, d;
    const char *zBy = req_query(r, "by");
    if (req_arg_id(r, 0, &iOrg) || req_query_day(r, "as_of", &iAsOf)) return;
    cal_split(iAsOf, &y, &m, &d);
    if (req_query_int(r, "year", 2000, 2100, y, &iYear)) return;
    int bQ = zBy && strcmp(zBy, "quarter") == 0;
    if (zBy && !bQ && strcmp(zBy, "month")) {
        reply_error(r, ZE_BAD_QUERY, "by", 0);
        return;
    }
    if (!auth_require_org(r, iOrg, CAP_MEMBER_READ)) return;
    json_t *o = json_object(), *a = json_array();
    for (int i = 1; i <= (bQ ? 4 : 12) && !rc; i++) {
        char zP[16];
        snprintf(zP, sizeof zP, bQ ? "%04d-Q%d" : "%04d-%02d", (int)iYear, i);
        json_t *e = trend_row(r, iOrg, zP, iAsOf, &rc);
        if (e) json_array_append_new(a, e);
    }
    jx_set_int(o, "year", iYear);
    jx_set_str(o, "by", bQ ? "quarter" : "month");
    json_object_set_new(o, "kinds", kinds_json());
    json_object_set_new(o, "items", a);
    if (rc) {
        json_decref(o);
        reply_error(r, rc, 0, 0);
        return;
    }
    reply_json(r, 200, o);
}

/* The heat-map cell of child ch for kind i; NULL (no cell) when nothing of
** the kind is asked of it: no open branch, or a party-group meeting (M4)
** where none of its branches has a group. */
static const char *heat_cell(const LifeChild *ch, int i)
{
    int bGroup = strcmp(life_kind_at(i)->zKind, "group_meeting") == 0;
    if ((bGroup ? ch->nGrouped : ch->nBranches) == 0) return 0;
    if (ch->aOverdue[i]) return ch->bBranch ? "overdue" : "partial";
    return ch->aDue[i] ? "due" : "done";
}

/* GET /api/v1/orgs/:id/heatmap?period=&as_of= */
void api_org_heatmap(Req *r)
{
    int64_t iOrg;
    int iAsOf;
    LifeReport rep;
    const char *zPeriod = req_query(r, "period");
    if (req_arg_id(r, 0, &iOrg) || req_query_day(r, "as_of", &iAsOf)) return;
    if (!auth_require_org(r, iOrg, CAP_MEMBER_READ)) return;
    int rc = life_eval(req_db(r), iOrg, zPeriod, iAsOf, &rep);
    if (rc) {
        life_report_free(&rep);
        reply_error(r, rc, rc == ZE_BAD_QUERY ? "period" : 0, 0);
        return;
    }
    json_t *o = json_object(), *a = json_array();
    for (int c = 0; c < rep.nChild; c++) {
        const LifeChild *ch = &rep.aChild[c];
        json_t *e = json_object(), *cells = json_object();
        jx_set_int(e, "org_id", ch->iOrg);
        jx_set_str(e, "name", ch->zName);
        for (int i = 0; life_kind_at(i); i++)
            if (life_kind_at(i)->iEvery != LIFE_NONE && heat_cell(ch, i))
                jx_set_str(cells, life_kind_at(i)->zKind, heat_cell(ch, i));
        json_object_set_new(e, "cells", cells);
        jx_set_int(e, "overdue", ch->nOverdue);
        json_array_append_new(a, e);
    }
    life_report_free(&rep);
    jx_set_str(o, "period", zPeriod);
    json_object_set_new(o, "kinds", kinds_json());
    json_object_set_new(o, "rows", a);
    reply_json(r, 200, o);
}

/* GET /api/v1/orgs/:id/compliance.xlsx?period=&as_of= */
void api_compliance_export(Req *r)
{
    int64_t iOrg;
    int iAsOf, fd = -1;
    long long nSize = 0;
    LifeReport rep;
    Err e = {0};
    const char *zPeriod = req_query(r, "period");
    if (req_arg_id(r, 0, &iOrg) || req_query_day(r, "as_of", &iAsOf)) return;
    if (!auth_require_org(r, iOrg, CAP_MEMBER_READ)) return;
    int rc = life_eval(req_db(r), iOrg, zPeriod, iAsOf, &rep);
    Ctx c = req_ctx(r);
    if (!rc) rc = life_export(&c, &rep, zPeriod, &fd, &nSize, &e);
    life_report_free(&rep);
    if (rc) {
        if (e.iCode)
            reply_err(r, &e);
        else
            reply_error(r, rc, rc == ZE_BAD_QUERY ? "period" : 0, 0);
        return;
    }
    char *zName = xprintf("组织生活达标情况-%s.xlsx", zPeriod);
    reply_fd(r,
             "application/"
             "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             fd, nSize, zName);
    free(zName);
}

/* ---------------------------------------------------------------------
** Liaison (B4)
*/

static json_t *liaison_json(const Liaison *l)
{
    json_t *e = json_object();
    jx_set_int(e, "id", l->iId);
    jx_set_int(e, "member_id", l->iMember);
    jx_set_str(e, "name", l->zName);
    jx_set_int(e, "org_id", l->iOrg);
    jx_set_str(e, "from_on", l->zFrom);
    jx_set_str(e, "status", life_status_name(l->iStatus));
    jx_set_id(e, "meeting_id", l->iMeeting);
    return e;
}

/* The quarter of ?period= (default the quarter of iAsOf); 400 if bad. */
static int quarter_of(Req *r, int iAsOf, LifePeriod *p)
{
    const char *z = req_query(r, "period");
    life_period_of(LIFE_QUARTER, iAsOf, p);
    if (!z) return 0;
    if (!strstr(z, "-Q") || cal_period(z, &p->iFirst, &p->iLast)) {
        reply_error(r, ZE_BAD_QUERY, "period", 0);
        return 1;
    }
    snprintf(p->zName, sizeof p->zName, "%s", z);
    return 0;
}

/* GET /api/v1/orgs/:id/liaisons?period=&as_of= */
void api_org_liaisons(Req *r)
{
    int64_t iOrg;
    int iAsOf, n = 0;
    LifePeriod per;
    Liaison *a = 0;
    if (req_arg_id(r, 0, &iOrg) || req_query_day(r, "as_of", &iAsOf) ||
        quarter_of(r, iAsOf, &per))
        return;
    if (!auth_require_org(r, iOrg, CAP_MEMBER_READ)) return;
    int rc =
        liaison_list(req_db(r), iOrg, 0, per.iFirst, per.iLast, iAsOf, &a, &n);
    if (rc) {
        free(a);
        reply_db_error(r, rc);
        return;
    }
    json_t *o = json_object(), *aOut = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(aOut, liaison_json(&a[i]));
    free(a);
    jx_set_str(o, "period", per.zName);
    jx_set_str(o, "rule", "B4");
    json_object_set_new(o, "items", aOut);
    reply_json(r, 200, o);
}

/* POST /api/v1/orgs/:id/liaisons {member_id} -> 201 liaison */
void api_org_liaison_add(Req *r)
{
    int64_t iOrg, iMember = 0, iMOrg = 0, iId = 0;
    int n = 0;
    LifePeriod per;
    Liaison *a = 0;
    Err e = {0};
    if (req_arg_id(r, 0, &iOrg)) return;
    if (jx_get_int(r->pBody, "member_id", &iMember) || iMember <= 0) {
        reply_error(r, ZE_FIELD_REQUIRED, "member_id", 0);
        return;
    }
    if (!auth_require_org(r, iOrg, CAP_MEMBER_EDIT)) return;
    if (member_org(req_db(r), iMember, &iMOrg)) {
        reply_error(r, ZE_NOT_FOUND, 0, 0);
        return;
    }
    if (!auth_require_org(r, iMOrg, CAP_MEMBER_READ)) return;
    Ctx c = req_ctx(r);
    if (liaison_add(&c, iOrg, iMember, &iId, &e)) {
        reply_err(r, &e);
        return;
    }
    life_period_of(LIFE_QUARTER, cal_today(), &per);
    int rc = liaison_list(req_db(r), iOrg, iId, per.iFirst, per.iLast,
                          cal_today(), &a, &n);
    if (rc || n != 1) {
        free(a);
        reply_db_error(r, rc ? rc : DB_ERROR);
        return;
    }
    reply_json(r, 201, liaison_json(&a[0]));
    free(a);
}

/* DELETE /api/v1/liaisons/:id -> 204 */
void api_liaison_delete(Req *r)
{
    int64_t iId, iOrg = 0;
    Err e = {0};
    if (req_arg_id(r, 0, &iId)) return;
    if (liaison_org(req_db(r), iId, &iOrg)) {
        reply_error(r, ZE_NOT_FOUND, 0, 0);
        return;
    }
    if (!auth_require_org(r, iOrg, CAP_MEMBER_EDIT)) return;
    Ctx c = req_ctx(r);
    if (liaison_delete(&c, iId, &e)) {
        reply_err(r, &e);
        return;
    }
    reply_empty(r, 204);
}

/* GET /api/v1/calendar/:year (anyone logged in) */
void api_calendar_get(Req *r)
{
    int64_t iYear, nLoaded = 0;
    int iFirst, iLast;
    char zY[8], zDay[11];
    if (req_arg_id(r, 0, &iYear)) return;
    snprintf(zY, sizeof zY, "%04d", (int)(iYear % 10000));
    if (iYear < 2000 || iYear > 2100 || cal_period(zY, &iFirst, &iLast)) {
        reply_error(r, ZE_BAD_ID, 0, 0);
        return;
    }
    const Calendar *pCal = life_calendar(req_db(r));
    int rc = db_one_int64(req_db(r), &nLoaded,
                          "SELECT count(*) FROM holiday_year WHERE year=$1",
                          "i", iYear);
    if (rc || !pCal) {
        reply_db_error(r, rc ? rc : DB_ERROR);
        return;
    }
    json_t *o = json_object(), *a = json_array();
    for (int d = iFirst; d <= iLast; d++) {
        const char *zName = cal_holiday_name(pCal, d);
        if (!zName) continue;
        json_t *e = json_object();
        cal_format(d, zDay);
        jx_set_str(e, "date", zDay);
        jx_set_str(e, "type", cal_is_workday(pCal, d) ? "work" : "off");
        jx_set_str(e, "name", zName);
        json_array_append_new(a, e);
    }
    jx_set_int(o, "year", iYear);
    jx_set_str(o, "source",
               nLoaded                          ? "loaded"
               : cal_has_year(pCal, (int)iYear) ? "builtin"
                                                : "none");
    json_object_set_new(o, "days", a);
    reply_json(r, 200, o);
}
