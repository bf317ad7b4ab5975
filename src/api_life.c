/* api_life.c: org-level handlers of organisational life (B1-B6) as
** docs/api-meetings.md says: meeting lists and the register, the expected
** attendee list, cadence, to-do, inactive members (T13), study hours
** (T7, T8) and the holiday calendar (B2).  Scope as api_meeting.c. */
#include "api.h"
#include "auth.h"
#include "cap.h"
#include "compliance.h"
#include "jx.h"
#include "meeting.h"
#include "member.h"
#include "rollup.h"
#include "setting.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Comma-separated positive ids of query zName into a[] (max nMax). */
static int query_ids(Req *r, const char *zName, int64_t *a, int nMax, int *pn)
{
    const char *z = req_query(r, zName);
    *pn = 0;
    while (z && *z) {
        char *zEnd;
        long long v = strtoll(z, &zEnd, 10);
        if (zEnd == z || v <= 0 || *pn >= nMax || (*zEnd && *zEnd != ',')) {
            reply_error(r, ZE_BAD_QUERY, zName, 0);
            return 1;
        }
        a[(*pn)++] = v;
        z = *zEnd ? zEnd + 1 : zEnd;
    }
    return 0;
}

static json_t *attendee_json(const Attendee *p)
{
    json_t *e = json_object();
    jx_set_int(e, "member_id", p->iMember);
    jx_set_str(e, "name", p->zName);
    jx_set_int(e, "org_id", p->iOrg);
    jx_set_str(e, "org_name", p->zOrgName);
    jx_set_str(e, "status", p->zStatus);
    jx_set_bool(e, "voting_right", p->bVoting);
    jx_set_bool(e, "committee", p->bCommittee);
    jx_set_bool(e, "leader", p->bLeader);
    jx_set_bool(e, "exempt", p->bExempt);
    return e;
}

/* GET /api/v1/orgs/:id/attendees?joint_org_ids=&kind=&on= -> expected
** list (of a meeting of that kind held on that day, when given) */
void api_org_attendees(Req *r)
{
    int64_t aOrg[MEETING_MAX_JOINT + 1];
    int n = 0, nE = 0, nG = 0, iOn = 0;
    Attendee *aE = 0, *aG = 0;
    const char *zKind = req_query(r, "kind"), *zOn = req_query(r, "on");
    if (req_arg_id(r, 0, &aOrg[0]) ||
        query_ids(r, "joint_org_ids", aOrg + 1, MEETING_MAX_JOINT, &n))
        return;
    if (zKind && *zKind && !life_kind(zKind)) {
        reply_error(r, ZE_BAD_QUERY, "kind", 0);
        return;
    }
    if (zOn && *zOn && cal_parse(zOn, &iOn)) {
        reply_error(r, ZE_BAD_QUERY, "on", 0);
        return;
    }
    for (int i = 0; i <= n; i++)
        if (!auth_require_org(r, aOrg[i], CAP_MEMBER_READ)) return;
    int rc = meeting_expected_for(req_db(r), aOrg, n + 1,
                                  zKind && *zKind ? zKind : 0,
                                  zOn && *zOn ? zOn : 0, &aE, &nE);
    if (!rc) rc = meeting_guests(req_db(r), aOrg, n + 1, &aG, &nG);
    json_t *o = json_object(), *a = json_array(), *g = json_array();
    for (int i = 0; i < nE; i++)
        json_array_append_new(a, attendee_json(&aE[i]));
    for (int i = 0; i < nG; i++)
        json_array_append_new(g, attendee_json(&aG[i]));
    json_object_set_new(o, "items", a);
    json_object_set_new(o, "guests", g);
    attendees_free(aE, nE);
    attendees_free(aG, nG);
    if (rc) {
        json_decref(o);
        reply_db_error(r, rc);
        return;
    }
    reply_json(r, 200, o);
}

/* GET /api/v1/orgs/:id/meetings?kind=&period=&status=&limit=&offset= */
void api_org_meetings(Req *r)
{
    int64_t iOrg, nLimit, nOffset, nTotal = 0;
    int iFirst = 0, iLast = 0, n = 0;
    MeetingSum *a = 0;
    const char *zPeriod = req_query(r, "period");
    const char *zKind = req_query(r, "kind"), *zStatus = req_query(r, "status");
    if (req_arg_id(r, 0, &iOrg) ||
        req_query_int(r, "limit", 1, 500, 50, &nLimit) ||
        req_query_int(r, "offset", 0, INT32_MAX, 0, &nOffset))
        return;
    if ((zPeriod && cal_period(zPeriod, &iFirst, &iLast)) ||
        (zKind && !life_kind(zKind)) ||
        (zStatus && strcmp(zStatus, "planned") && strcmp(zStatus, "held") &&
         strcmp(zStatus, "completed"))) {
        reply_error(r, ZE_BAD_QUERY, 0, 0);
        return;
    }
    if (!auth_require_org(r, iOrg, CAP_MEMBER_READ)) return;
    int rc = meeting_list(req_db(r), iOrg, zKind, zStatus, iFirst, iLast,
                          nLimit, nOffset, &a, &n, &nTotal);
    if (rc) {
        meeting_sums_free(a, n);
        reply_db_error(r, rc);
        return;
    }
    json_t *o = json_object(), *aOut = json_array();
    for (int i = 0; i < n; i++) {
        json_t *e = json_object();
        jx_set_int(e, "id", a[i].iId);
        jx_set_int(e, "org_id", a[i].iOrg);
        jx_set_str(e, "kind", a[i].zKind);
        jx_set_str(e, "status", a[i].zStatus);
        jx_set_str(e, "held_on", a[i].zHeldOn[0] ? a[i].zHeldOn : 0);
        jx_set_str(e, "planned_on", a[i].zPlannedOn[0] ? a[i].zPlannedOn : 0);
        jx_set_str(e, "topic", a[i].zTopic);
        jx_set_bool(e, "complete", strcmp(a[i].zStatus, "completed") == 0);
        jx_set_int(e, "expected", a[i].nExpected);
        jx_set_int(e, "present", a[i].nPresent);
        json_array_append_new(aOut, e);
    }
    meeting_sums_free(a, n);
    json_object_set_new(o, "items", aOut);
    jx_set_int(o, "total", nTotal);
    jx_set_int(o, "limit", nLimit);
    jx_set_int(o, "offset", nOffset);
    reply_json(r, 200, o);
}

/* GET /api/v1/orgs/:id/meetings.xlsx?year= -> 三会一课 register */
void api_org_meetings_export(Req *r)
{
    int64_t iOrg, iYear;
    int fd = -1;
    long long nSize = 0;
    Err e = {0};
    if (req_arg_id(r, 0, &iOrg) ||
        req_query_int(r, "year", 2000, 2100, cal_today() / 366 + 1970, &iYear))
        return;
    if (!auth_require_org(r, iOrg, CAP_MEMBER_READ)) return;
    Ctx c = req_ctx(r);
    if (meeting_ledger(&c, iOrg, (int)iYear, &fd, &nSize, &e)) {
        reply_err(r, &e);
        return;
    }
    char *zName = xprintf("三会一课台账-%lld.xlsx", (long long)iYear);
    reply_fd(r,
             "application/"
             "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             fd, nSize, zName);
    free(zName);
}

/* The effective cadence JSON of org iOrg. */
static int cadence_json(Req *r, int64_t iOrg, json_t **ppOut)
{
    char zPath[256];
    LifeCadence a[LIFE_MAX_KINDS];
    int rc = auth_org_path(req_db(r), iOrg, zPath);
    if (!rc) rc = life_cadence(req_db(r), zPath, a);
    if (rc) return rc;
    json_t *o = json_object(), *aOut = json_array();
    for (int i = 0; life_kind_at(i); i++) {
        json_t *e = json_object();
        jx_set_str(e, "kind", life_kind_at(i)->zKind);
        jx_set_str(e, "label", life_kind_at(i)->zLabel);
        jx_set_str(e, "every", life_every_name(a[i].iEvery));
        jx_set_int(e, "nth_workday", a[i].nNth);
        jx_set_id(e, "inherited_from", a[i].iFrom == iOrg ? 0 : a[i].iFrom);
        jx_set_bool(e, "own", a[i].iFrom == iOrg);
        jx_set_str(e, "rule", life_kind_at(i)->zRule);
        jx_set_str(e, "article", life_kind_at(i)->zArticle);
        json_array_append_new(aOut, e);
    }
    json_object_set_new(o, "items", aOut);
    *ppOut = o;
    return DB_OK;
}

/* GET /api/v1/orgs/:id/cadence */
void api_org_cadence_get(Req *r)
{
    int64_t iOrg;
    json_t *o = 0;
    if (req_arg_id(r, 0, &iOrg)) return;
    if (!auth_require_org(r, iOrg, CAP_MEMBER_READ)) return;
    int rc = cadence_json(r, iOrg, &o);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    reply_json(r, 200, o);
}

/* PUT /api/v1/orgs/:id/cadence {"items":[{kind,every,nth_workday}]} */
void api_org_cadence_put(Req *r)
{
    int64_t iOrg;
    json_t *a = json_object_get(r->pBody, "items"), *v, *o = 0;
    size_t i;
    Err e = {0};
    if (req_arg_id(r, 0, &iOrg)) return;
    if (!json_is_array(a) || json_array_size(a) > 20) {
        reply_error(r, ZE_FIELD_REQUIRED, "items", 0);
        return;
    }
    if (!auth_require_org(r, iOrg, CAP_ORG_EDIT)) return;
    Ctx c = req_ctx(r);
    json_array_foreach(a, i, v)
    {
        int bBad = 0;
        int64_t nNth = 0;
        const char *zKind = jx_get_str(v, "kind", &bBad);
        const char *zEvery = jx_get_str(v, "every", &bBad);
        int iEvery = zEvery && strcmp(zEvery, "default") == 0
                         ? -1
                         : life_every_parse(zEvery);
        if (jx_get_int(v, "nth_workday", &nNth) == 2) bBad = 1;
        if (bBad || !zKind || !life_kind(zKind)) {
            reply_error(r, ZE_CADENCE_KIND, "items", 0);
            return;
        }
        if (!zEvery || (iEvery < 0 && strcmp(zEvery, "default"))) {
            reply_error(r, ZE_CADENCE_EVERY, "items", 0);
            return;
        }
        if (life_cadence_set(&c, iOrg, zKind, iEvery,
                             nNth > 100 ? 100 : (int)nNth, &e)) {
            reply_err(r, &e);
            return;
        }
    }
    int rc = cadence_json(r, iOrg, &o);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    reply_json(r, 200, o);
}

/* Append the to-do rows of org iOrg (items of the year of iAsOf that are
** overdue or due within nDays). */
static int todo_rows(Req *r, int64_t iOrg, int iAsOf, int nDays, json_t *a)
{
    LifeReport rep;
    char zYear[8], zDay[11];
    int y, m, d;
    cal_split(iAsOf, &y, &m, &d);
    snprintf(zYear, sizeof zYear, "%04d", y);
    int rc = life_eval(req_db(r), iOrg, zYear, iAsOf, &rep);
    for (int i = 0; !rc && i < rep.n; i++) {
        const LifeItem *it = &rep.a[i];
        int bOver = it->nOverdue > 0;
        if (!bOver && !(it->nDueN > 0 && it->iDue - iAsOf <= nDays)) continue;
        json_t *e = json_object();
        jx_set_int(e, "org_id", iOrg);
        jx_set_str(e, "kind", it->pKind->zKind);
        jx_set_str(e, "label", it->pKind->zLabel);
        jx_set_str(e, "period", it->per.zName);
        cal_format(it->iDue, zDay);
        jx_set_str(e, "due_on", zDay);
        jx_set_str(e, "status", bOver ? "overdue" : "due");
        jx_set_int(e, "days_left", it->iDue - iAsOf);
        jx_set_int(e, "count", bOver ? it->nOverdue : it->nDueN);
        jx_set_str(e, "rule", it->pKind->zRule);
        jx_set_str(e, "article", it->pKind->zArticle);
        json_array_append_new(a, e);
    }
    life_report_free(&rep);
    return rc;
}

/* GET /api/v1/orgs/:id/todo?as_of= */
void api_org_todo(Req *r)
{
    int64_t iOrg;
    int iAsOf = cal_today();
    const char *z = req_query(r, "as_of");
    if (req_arg_id(r, 0, &iOrg)) return;
    if (z && cal_parse(z, &iAsOf)) {
        reply_error(r, ZE_BAD_QUERY, "as_of", 0);
        return;
    }
    if (!auth_require_org(r, iOrg, CAP_MEMBER_READ)) return;
    json_t *a = json_array(), *o = json_object();
    int rc = todo_rows(r, iOrg, iAsOf,
                       (int)setting_int(req_db(r), "reminder-days"), a);
    json_object_set_new(o, "items", a);
    if (rc) {
        json_decref(o);
        reply_error(r, rc, 0, 0);
        return;
    }
    reply_json(r, 200, o);
}

/* GET /api/v1/todo?as_of= : every org the user holds member.read on. */
void api_todo(Req *r)
{
    int iAsOf = cal_today(), rc = 0;
    const char *z = req_query(r, "as_of");
    if (z && cal_parse(z, &iAsOf)) {
        reply_error(r, ZE_BAD_QUERY, "as_of", 0);
        return;
    }
    json_t *a = json_array(), *o = json_object();
    int nDays = (int)setting_int(req_db(r), "reminder-days");
    for (int i = 0; r->pUser && i < r->pUser->nGrant && !rc; i++)
        if (r->pUser->aGrant[i].mCap & CAP_MEMBER_READ)
            rc = todo_rows(r, r->pUser->aGrant[i].iOrg, iAsOf, nDays, a);
    json_object_set_new(o, "items", a);
    if (rc) {
        json_decref(o);
        reply_error(r, rc, 0, 0);
        return;
    }
    reply_json(r, 200, o);
}

/* GET /api/v1/orgs/:id/inactive?as_of= (T13) */
void api_org_inactive(Req *r)
{
    int64_t iOrg;
    int iAsOf = cal_today(), n = 0;
    Inactive *a = 0;
    const char *z = req_query(r, "as_of");
    if (req_arg_id(r, 0, &iOrg)) return;
    if (z && cal_parse(z, &iAsOf)) {
        reply_error(r, ZE_BAD_QUERY, "as_of", 0);
        return;
    }
    if (!auth_require_org(r, iOrg, CAP_MEMBER_READ)) return;
    int nMonths = (int)setting_int(req_db(r), "inactive-months");
    int rc = meeting_inactive(req_db(r), iOrg, iAsOf, nMonths, &a, &n);
    if (rc) {
        inactive_free(a, n);
        reply_db_error(r, rc);
        return;
    }
    json_t *o = json_object(), *aOut = json_array();
    for (int i = 0; i < n; i++) {
        json_t *e = json_object();
        jx_set_int(e, "member_id", a[i].iMember);
        jx_set_str(e, "name", a[i].zName);
        jx_set_int(e, "org_id", a[i].iOrg);
        jx_set_str(e, "last_present_on", a[i].zLast[0] ? a[i].zLast : 0);
        jx_set_int(e, "months_without", a[i].nMonths);
        json_array_append_new(aOut, e);
    }
    inactive_free(a, n);
    jx_set_int(o, "months", nMonths);
    jx_set_str(o, "rule", "T13");
    jx_set_str(o, "article", "《中国共产党党员教育管理工作条例》第三十一条");
    json_object_set_new(o, "items", aOut);
    reply_json(r, 200, o);
}

/* The study-hours JSON of member iMember for ?year=. */
static void reply_life(Req *r, int64_t iMember)
{
    int64_t iYear;
    int n = 0, nHours = 0, bExempt = 0;
    StudyRow *a = 0;
    if (req_query_int(r, "year", 2000, 2100, cal_today() / 366 + 1970, &iYear))
        return;
    int aAtt[4];
    int rc = meeting_study(req_db(r), iMember, (int)iYear, &a, &n, &nHours,
                           &bExempt);
    if (!rc) rc = life_attendance_year(req_db(r), iMember, (int)iYear, aAtt);
    if (rc) {
        study_free(a, n);
        reply_db_error(r, rc);
        return;
    }
    json_t *o = json_object(), *aOut = json_array();
    for (int i = 0; i < n; i++) {
        json_t *e = json_object();
        jx_set_int(e, "meeting_id", a[i].iMeeting);
        jx_set_str(e, "kind", a[i].zKind);
        jx_set_str(e, "held_on", a[i].zHeldOn);
        jx_set_str(e, "topic", a[i].zTopic);
        jx_set_str(e, "status", a[i].zStatus);
        jx_set_int(e, "study_hours", a[i].nHours);
        json_array_append_new(aOut, e);
    }
    study_free(a, n);
    jx_set_int(o, "member_id", iMember);
    jx_set_int(o, "year", iYear);
    jx_set_int(o, "study_hours", nHours);
    jx_set_int(o, "required_hours", setting_int(req_db(r), "study-hours-year"));
    jx_set_bool(o, "exempt", bExempt);
    json_t *att = json_object();
    jx_set_int(att, "expected", aAtt[0]);
    jx_set_int(att, "present", aAtt[1]);
    jx_set_int(att, "leave", aAtt[2]);
    jx_set_int(att, "absent", aAtt[3]);
    json_object_set_new(o, "attendance", att);
    json_object_set_new(o, "items", aOut);
    reply_json(r, 200, o);
}

/* GET /api/v1/me/life?year= */
void api_me_life(Req *r)
{
    int64_t iMember = 0;
    if (!r->pUser->iPerson ||
        member_of_person(req_db(r), r->pUser->iPerson, &iMember)) {
        reply_error(r, ZE_NOT_FOUND, 0, 0);
        return;
    }
    reply_life(r, iMember);
}

/* GET /api/v1/members/:id/life?year= */
void api_member_life(Req *r)
{
    int64_t iMember, iOrg = 0;
    if (req_arg_id(r, 0, &iMember)) return;
    if (member_org(req_db(r), iMember, &iOrg)) {
        reply_error(r, ZE_NOT_FOUND, 0, 0);
        return;
    }
    if (!auth_require_org(r, iOrg, CAP_MEMBER_READ)) return;
    reply_life(r, iMember);
}

/* PUT /api/v1/members/:id/exempt {exempt,reason} (T8) */
void api_member_exempt(Req *r)
{
    int64_t iMember, iOrg = 0;
    int bBad = 0;
    Err e = {0};
    json_t *b = json_object_get(r->pBody, "exempt");
    const char *zReason = jx_get_str(r->pBody, "reason", &bBad);
    if (req_arg_id(r, 0, &iMember)) return;
    if (!json_is_boolean(b) || bBad) {
        reply_error(r, ZE_FIELD_TYPE, bBad ? "reason" : "exempt", 0);
        return;
    }
    if (member_org(req_db(r), iMember, &iOrg)) {
        reply_error(r, ZE_NOT_FOUND, 0, 0);
        return;
    }
    if (!auth_require_org(r, iOrg, CAP_MEMBER_EDIT)) return;
    Ctx c = req_ctx(r);
    if (meeting_exempt_set(&c, iMember, json_is_true(b), zReason, &e)) {
        reply_err(r, &e);
        return;
    }
    json_t *o = json_object();
    jx_set_int(o, "member_id", iMember);
    jx_set_bool(o, "exempt", json_is_true(b));
    jx_set_str(o, "reason", json_is_true(b) ? zReason : 0);
    reply_json(r, 200, o);
}

/* PUT /api/v1/calendar/:year {"tsv":"..."} (sysadmin) */
void api_calendar_put(Req *r)
{
    int64_t iYear;
    int nDays = 0;
    char *zErr = 0;
    if (req_arg_id(r, 0, &iYear)) return;
    if (iYear < 2000 || iYear > 2100) {
        reply_error(r, ZE_BAD_ID, 0, 0);
        return;
    }
    int bBad = 0;
    const char *zIn = jx_get_str(r->pBody, "tsv", &bBad);
    if (!zIn || bBad) {
        reply_error(r, bBad ? ZE_FIELD_TYPE : ZE_FIELD_REQUIRED, "tsv", 0);
        return;
    }
    char *zTsv = xstrdup(zIn);
    Ctx c = req_ctx(r);
    int rc = life_calendar_load(&c, (int)iYear, zTsv, &nDays, &zErr);
    free(zTsv);
    if (rc) {
        reply_error(r, rc, 0, rc == ZE_CALENDAR_DATA ? zErr : 0);
        free(zErr);
        return;
    }
    json_t *o = json_object();
    jx_set_int(o, "year", iYear);
    jx_set_int(o, "days", nDays);
    reply_json(r, 200, o);
}
