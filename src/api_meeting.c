/* api_meeting.c: HTTP handlers for organisational life (B1-B6) as
** docs/api-meetings.md says: meetings, attendance, votes, attachments,
** compliance, cadence, to-do, inactive members, the member's study hours,
** the register and the holiday calendar.  Each handler parses, checks the
** scope of every org it touches with auth_require_org() (404 outside the
** caller's grants), calls meeting.c or compliance.c and queues one reply.
*/
#include "api.h"
#include "auth.h"
#include "cap.h"
#include "compliance.h"
#include "jx.h"
#include "meeting.h"
#include "member.h"
#include "setting.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define M_READ_BIT CAP_MEMBER_READ
#define M_EDIT_BIT CAP_MEMBER_EDIT

/* Check mCap on every org meeting iMeeting counts for (404 otherwise). */
static int require_meeting(Req *r, int64_t iMeeting, unsigned mCap)
{
    int64_t aOrg[MEETING_MAX_JOINT + 1];
    int nOrg = 0, rc = meeting_orgs(req_db(r), iMeeting, aOrg, &nOrg);
    if (rc == DB_NOTFOUND) {
        reply_error(r, ZE_NOT_FOUND, 0, 0);
        return 0;
    }
    if (rc) {
        reply_db_error(r, rc);
        return 0;
    }
    /* Reading needs one of the orgs; writing needs the host. */
    if (mCap & M_EDIT_BIT) return auth_require_org(r, aOrg[0], mCap);
    for (int i = 0; i < nOrg; i++) {
        int bOk = 0;
        if (auth_org_allowed(req_db(r), r->pUser, aOrg[i], mCap, &bOk) ==
                DB_OK &&
            bOk)
            return 1;
    }
    return auth_require_org(r, aOrg[0], mCap);
}

static json_t *item_json(const LifeItem *it, int bBranch)
{
    json_t *o = json_object();
    char zDay[11];
    jx_set_str(o, "kind", it->pKind->zKind);
    jx_set_str(o, "label", it->pKind->zLabel);
    jx_set_str(o, "period", it->per.zName);
    jx_set_str(o, "status", life_status_name(it->iStatus));
    cal_format(it->iDue, zDay);
    jx_set_str(o, "due_on", zDay);
    if (it->iDone) cal_format(it->iDone, zDay);
    jx_set_str(o, "done_on", it->iDone ? zDay : 0);
    jx_set_id(o, "meeting_id", it->iMeeting);
    jx_set_str(o, "rule", it->pKind->zRule);
    jx_set_str(o, "article", it->pKind->zArticle);
    if (it->iStatus == LIFE_OVERDUE) {
        char *z = xprintf("%s：%s %s 未按期完成", it->pKind->zArticle,
                          it->per.zName, it->pKind->zLabel);
        jx_set_str(o, "message", z);
        free(z);
    } else {
        jx_set_str(o, "message", 0);
    }
    if (!bBranch) {
        jx_set_int(o, "required", it->nRequired);
        jx_set_int(o, "done", it->nDone);
        jx_set_int(o, "due", it->nDueN);
        jx_set_int(o, "overdue", it->nOverdue);
    }
    return o;
}

static int child_cmp(const void *a, const void *b)
{
    const LifeChild *x = a, *y = b;
    if (x->nOverdue != y->nOverdue) return y->nOverdue - x->nOverdue;
    return x->iOrg < y->iOrg ? -1 : x->iOrg > y->iOrg;
}

/* The compliance JSON of report p. */
static json_t *report_json(LifeReport *p, const char *zPeriod)
{
    json_t *o = json_object(), *a = json_array();
    char zDay[11];
    jx_set_int(o, "org_id", p->iOrg);
    jx_set_str(o, "period", zPeriod);
    cal_format(p->iAsOf, zDay);
    jx_set_str(o, "as_of", zDay);
    for (int i = 0; i < p->n; i++)
        json_array_append_new(a, item_json(&p->a[i], p->bBranch));
    json_object_set_new(o, "items", a);
    jx_set_int(o, "branches", p->nBranches);
    jx_set_int(o, "compliant", p->nCompliant);
    json_t *k = json_object();
    for (int i = 0; life_kind_at(i); i++)
        if (life_kind_at(i)->iEvery != LIFE_NONE)
            jx_set_int(k, life_kind_at(i)->zKind, p->aOverdue[i]);
    json_object_set_new(o, "overdue_by_kind", k);
    json_t *l = json_array();
    if (p->nChild > 1)
        qsort(p->aChild, (size_t)p->nChild, sizeof *p->aChild, child_cmp);
    for (int i = 0; i < p->nChild; i++) {
        if (!p->aChild[i].nOverdue) continue;
        json_t *e = json_object();
        jx_set_int(e, "org_id", p->aChild[i].iOrg);
        jx_set_str(e, "name", p->aChild[i].zName);
        jx_set_str(e, "kind", p->aChild[i].bBranch ? "branch" : "committee");
        jx_set_int(e, "branches", p->aChild[i].nBranches);
        jx_set_int(e, "overdue", p->aChild[i].nOverdue);
        jx_set_int(e, "compliant", p->aChild[i].nCompliant);
        json_array_append_new(l, e);
    }
    json_object_set_new(o, "lagging", l);
    return o;
}

/* GET /api/v1/orgs/:id/compliance?period=&as_of= */
void api_compliance_get(Req *r)
{
    int64_t iOrg;
    int iAsOf;
    LifeReport rep;
    const char *zPeriod = req_query(r, "period");
    if (req_arg_id(r, 0, &iOrg) || req_query_day(r, "as_of", &iAsOf)) return;
    if (!auth_require_org(r, iOrg, M_READ_BIT)) return;
    int rc = life_eval(req_db(r), iOrg, zPeriod, iAsOf, &rep);
    if (rc) {
        life_report_free(&rep);
        reply_error(r, rc, rc == ZE_BAD_QUERY ? "period" : 0, 0);
        return;
    }
    reply_json(r, 200, report_json(&rep, zPeriod));
    life_report_free(&rep);
}

/* ---------------------------------------------------------------------
** Meetings
*/

/* Meeting JSON.  New reference. */
static json_t *meeting_json(const Meeting *m)
{
    json_t *o = json_object(), *a;
    const LifeKind *k = life_kind(m->zKind);
    jx_set_int(o, "id", m->iId);
    jx_set_int(o, "org_id", m->iOrg);
    jx_set_str(o, "org_name", m->zOrgName);
    jx_set_str(o, "kind", m->zKind);
    jx_set_str(o, "kind_label", k ? k->zLabel : 0);
    jx_set_str(o, "status", m->zStatus);
    for (int i = 0; i < MT_NTEXT; i++) {
        if (i != MT_BUSINESS) {
            jx_set_str(o, meeting_text_name(i), m->az[i]);
            continue;
        }
        json_t *b = m->az[i] ? json_loads(m->az[i], 0, 0) : 0;
        json_object_set_new(o, "business_items", b ? b : json_array());
    }
    for (int i = 0; i < MI_NINT; i++) {
        if (i == MI_HOURS)
            jx_set_int(o, meeting_int_name(i), m->ai[i]);
        else
            jx_set_id(o, meeting_int_name(i), m->ai[i]);
    }
    jx_set_str(o, "host_name", m->zHostName);
    jx_set_str(o, "recorder_name", m->zRecorderName);
    a = json_array();
    for (int i = 0; i < m->nJoint; i++)
        json_array_append_new(a, json_integer(m->aJoint[i]));
    json_object_set_new(o, "joint_org_ids", a);
    int bComplete = strcmp(m->zStatus, "completed") == 0;
    jx_set_bool(o, "complete", bComplete);
    a = json_array();
    if (!m->az[MT_HELD_ON]) json_array_append_new(a, json_string("held_on"));
    if (!m->nAtt) json_array_append_new(a, json_string("attendance"));
    if (!m->az[MT_MINUTES]) json_array_append_new(a, json_string("minutes"));
    json_object_set_new(o, "missing", a);
    json_t *att = json_object();
    jx_set_int(att, "expected", m->nExpected);
    jx_set_int(att, "present", m->nPresent);
    jx_set_int(att, "leave", m->nLeave);
    jx_set_int(att, "absent", m->nAbsent);
    a = json_array();
    for (int i = 0; i < m->nAtt; i++) {
        json_t *e = json_object();
        jx_set_int(e, "member_id", m->aAtt[i].iMember);
        jx_set_str(e, "name", m->aAtt[i].zName);
        jx_set_int(e, "org_id", m->aAtt[i].iOrg);
        jx_set_str(e, "status", m->aAtt[i].zStatus);
        jx_set_str(e, "reason", m->aAtt[i].zReasonOwned);
        jx_set_bool(e, "leader", m->aAtt[i].bLeader);
        jx_set_bool(e, "guest", m->aAtt[i].bGuest);
        json_array_append_new(a, e);
    }
    json_object_set_new(att, "items", a);
    json_object_set_new(o, "attendance", att);
    a = json_array();
    for (int i = 0; i < m->nVote; i++) {
        const MeetingVote *v = &m->aVote[i];
        json_t *e = json_object(), *f = json_array();
        jx_set_int(e, "id", v->iId);
        jx_set_str(e, "subject", v->zSubject);
        jx_set_int(e, "entitled", v->nEntitled);
        jx_set_int(e, "present", v->nPresent);
        jx_set_int(e, "yes", v->nYes);
        jx_set_int(e, "no", v->nNo);
        jx_set_int(e, "abstain", v->nAbstain);
        jx_set_int(e, "written_yes", v->nWrittenYes);
        jx_set_int(e, "excluded", v->nExcluded);
        jx_set_str(e, "excluded_reason", v->zExcludedReason);
        if (v->nEntitledRoster >= 0)
            jx_set_int(e, "entitled_roster", v->nEntitledRoster);
        else
            jx_set_str(e, "entitled_roster", 0);
        if (v->nPresentEntitled >= 0)
            jx_set_int(e, "present_entitled", v->nPresentEntitled);
        else
            jx_set_str(e, "present_entitled", 0);
        jx_set_bool(e, "quorum_ok", v->bQuorum);
        jx_set_bool(e, "passed", v->bPassed);
        if (!v->bQuorum || !v->bPassed) {
            json_t *x = json_object();
            jx_set_str(x, "rule", "M2");
            jx_set_str(x, "article",
                       "《中国共产党支部工作条例（试行）》第十一条");
            jx_set_str(x, "message",
                       !v->bQuorum
                           ? "到会有表决权的党员未超过应到会有表决权党员的半数"
                             "，不能表决"
                           : "赞成票未超过应到会有表决权党员的半数，未通过");
            json_array_append_new(f, x);
        }
        if (v->nExcluded > 0) {
            json_t *x = json_object();
            char *z = xprintf("应到会有表决权的党员中有%d人不计入（%s），须经"
                              "上级党组织同意并经党员大会通过",
                              v->nExcluded,
                              v->zExcludedReason ? v->zExcludedReason : "");
            jx_set_str(x, "rule", "M6");
            jx_set_str(x, "article", "中组部关于党员大会应到会人数的解释");
            jx_set_str(x, "severity", "warning");
            jx_set_str(x, "message", z);
            free(z);
            json_array_append_new(f, x);
        }
        json_object_set_new(e, "findings", f);
        json_array_append_new(a, e);
    }
    json_object_set_new(o, "votes", a);
    a = json_array();
    if (strcmp(m->zKind, "committee_meeting") == 0 && m->nAtt &&
        !meeting_m3(m->nCommittee, m->nCommitteePresent)) {
        json_t *x = json_object();
        jx_set_str(x, "rule", "M3");
        jx_set_str(x, "article", "《中国共产党支部工作条例（试行）》第十二条");
        jx_set_str(x, "message", "到会支部委员未超过半数，支委会不能召开");
        json_array_append_new(a, x);
    }
    json_object_set_new(o, "findings", a);
    a = json_array();
    for (int i = 0; i < m->nFile; i++) {
        json_t *e = json_object();
        jx_set_int(e, "id", m->aFile[i].iId);
        jx_set_int(e, "meeting_id", m->iId);
        jx_set_str(e, "name", m->aFile[i].zName);
        jx_set_str(e, "type", m->aFile[i].zType);
        jx_set_int(e, "size", m->aFile[i].nSize);
        jx_set_int(e, "created_at", m->aFile[i].tCreated);
        json_array_append_new(a, e);
    }
    json_object_set_new(o, "files", a);
    jx_set_int(o, "created_at", m->tCreated);
    jx_set_int(o, "updated_at", m->tUpdated);
    return o;
}

static void reply_meeting(Req *r, int64_t iMeeting, int iStatus)
{
    Meeting m;
    int rc = meeting_get(req_db(r), iMeeting, &m);
    if (rc) {
        meeting_clear(&m);
        reply_db_error(r, rc);
        return;
    }
    reply_json(r, iStatus, meeting_json(&m));
    meeting_clear(&m);
}

/* Parse the meeting fields of the body into *m.  Replies 400 on a wrong
** type.  *pzBiz gets the business items as JSON text (caller frees). */
static int meeting_body(Req *r, MeetingRec *m, char **pzBiz)
{
    json_t *b = r->pBody, *v;
    memset(m, 0, sizeof *m);
    *pzBiz = 0;
    for (int i = 0; i < MT_NTEXT; i++) {
        const char *k = meeting_text_name(i);
        if (!(v = json_object_get(b, k))) continue;
        m->abText[i] = 1;
        if (i == MT_BUSINESS && json_is_array(v)) {
            size_t j;
            json_t *e;
            json_array_foreach(v, j, e) if (!json_is_string(e))
            {
                reply_error(r, ZE_FIELD_TYPE, k, 0);
                return 1;
            }
            m->az[i] = *pzBiz = json_array_size(v) ? jx_dump(v) : 0;
        } else if (json_is_string(v) && i != MT_BUSINESS) {
            m->az[i] = json_string_value(v);
        } else if (!json_is_null(v)) {
            reply_error(r, ZE_FIELD_TYPE, k, 0);
            return 1;
        }
    }
    for (int i = 0; i < MI_NINT; i++) {
        int e = jx_get_int(b, meeting_int_name(i), &m->ai[i]);
        if (e == 2) {
            reply_error(r, ZE_FIELD_TYPE, meeting_int_name(i), 0);
            return 1;
        }
        m->abInt[i] = json_object_get(b, meeting_int_name(i)) != 0;
        if (e == 1) m->ai[i] = 0;
    }
    if ((v = json_object_get(b, "joint_org_ids")) && !json_is_null(v)) {
        size_t j;
        json_t *e;
        if (!json_is_array(v) || json_array_size(v) > MEETING_MAX_JOINT) {
            reply_error(r, ZE_FIELD_TYPE, "joint_org_ids", 0);
            return 1;
        }
        json_array_foreach(v, j, e)
        {
            if (!json_is_integer(e) || json_integer_value(e) <= 0) {
                reply_error(r, ZE_FIELD_TYPE, "joint_org_ids", 0);
                return 1;
            }
            m->aJoint[m->nJoint++] = json_integer_value(e);
        }
    }
    m->bJoint = json_object_get(b, "joint_org_ids") != 0;
    return 0;
}

/* Check edit rights on every joint org of m. */
static int require_joint(Req *r, const MeetingRec *m)
{
    for (int i = 0; i < m->nJoint; i++)
        if (!auth_require_org(r, m->aJoint[i], M_EDIT_BIT)) return 0;
    return 1;
}

/*
** The attendance list {"items":[{member_id,status,reason}]} in pObj into
** *pa (caller frees; reasons borrowed from pObj) and *pn.  zField names
** the list in error replies.  Returns 0, or 1 after replying 400/413.
*/
static int att_parse(Req *r, json_t *pObj, const char *zField, MeetingAtt **pa,
                     int *pn)
{
    json_t *a = json_object_get(pObj, "items"), *v;
    size_t i;
    *pa = 0;
    *pn = 0;
    if (!json_is_array(a) || json_array_size(a) > 5000) {
        reply_error(r, json_is_array(a) ? ZE_TOO_LARGE : ZE_FIELD_REQUIRED,
                    zField, 0);
        return 1;
    }
    MeetingAtt *aAtt = xcalloc(json_array_size(a) + 1, sizeof *aAtt);
    json_array_foreach(a, i, v)
    {
        int bBad = 0;
        const char *zS = jx_get_str(v, "status", &bBad);
        aAtt[i].zReason = jx_get_str(v, "reason", &bBad);
        if (!json_is_object(v) ||
            jx_get_int(v, "member_id", &aAtt[i].iMember) || bBad || !zS) {
            free(aAtt);
            reply_error(r, ZE_FIELD_TYPE, zField, 0);
            return 1;
        }
        snprintf(aAtt[i].zStatus, sizeof aAtt[i].zStatus, "%s", zS);
    }
    *pa = aAtt;
    *pn = (int)i;
    return 0;
}

/* POST /api/v1/meetings -> 201 Meeting; with "attendance":{"items":[...]}
** the attendance is stored with it, in one transaction. */
void api_meeting_create(Req *r)
{
    MeetingRec m;
    MeetingAtt *aAtt = 0;
    char *zBiz = 0;
    int bBad = 0, nAtt = -1;
    int64_t iMeeting = 0;
    Err e = {0};
    json_t *pAtt = json_object_get(r->pBody, "attendance");
    if (pAtt && !json_is_null(pAtt)) {
        if (!json_is_object(pAtt)) {
            reply_error(r, ZE_FIELD_TYPE, "attendance", 0);
            return;
        }
        if (att_parse(r, pAtt, "attendance.items", &aAtt, &nAtt)) return;
    }
    if (meeting_body(r, &m, &zBiz)) {
        free(aAtt);
        return;
    }
    if (jx_get_int(r->pBody, "org_id", &m.iOrg) || m.iOrg <= 0) {
        free(zBiz);
        free(aAtt);
        reply_error(r, ZE_FIELD_REQUIRED, "org_id", 0);
        return;
    }
    m.zKind = jx_get_str(r->pBody, "kind", &bBad);
    if (bBad || !auth_require_org(r, m.iOrg, M_EDIT_BIT) ||
        !require_joint(r, &m)) {
        if (bBad) reply_error(r, ZE_FIELD_TYPE, "kind", 0);
        free(zBiz);
        free(aAtt);
        return;
    }
    Ctx c = req_ctx(r);
    int rc = meeting_record(&c, 0, &m, aAtt, nAtt, &iMeeting, &e);
    free(zBiz);
    free(aAtt);
    if (rc) {
        reply_err(r, &e);
        return;
    }
    reply_meeting(r, iMeeting, 201);
}

/* GET /api/v1/meetings/:id -> Meeting */
void api_meeting_get(Req *r)
{
    int64_t iMeeting;
    if (req_arg_id(r, 0, &iMeeting)) return;
    if (!require_meeting(r, iMeeting, M_READ_BIT)) return;
    reply_meeting(r, iMeeting, 200);
}

/* PATCH /api/v1/meetings/:id -> Meeting */
void api_meeting_patch(Req *r)
{
    int64_t iMeeting;
    MeetingRec m;
    char *zBiz = 0;
    Err e = {0};
    if (req_arg_id(r, 0, &iMeeting)) return;
    if (!require_meeting(r, iMeeting, M_EDIT_BIT)) return;
    if (meeting_body(r, &m, &zBiz)) return;
    if (!require_joint(r, &m)) {
        free(zBiz);
        return;
    }
    Ctx c = req_ctx(r);
    int rc = meeting_save(&c, iMeeting, &m, &iMeeting, &e);
    free(zBiz);
    if (rc) {
        reply_err(r, &e);
        return;
    }
    reply_meeting(r, iMeeting, 200);
}

/* DELETE /api/v1/meetings/:id -> 204 (planned only) */
void api_meeting_delete(Req *r)
{
    int64_t iMeeting;
    Err e = {0};
    if (req_arg_id(r, 0, &iMeeting)) return;
    if (!require_meeting(r, iMeeting, M_EDIT_BIT)) return;
    Ctx c = req_ctx(r);
    if (meeting_delete(&c, iMeeting, &e)) {
        reply_err(r, &e);
        return;
    }
    reply_empty(r, 204);
}

/* PUT /api/v1/meetings/:id/attendance {"items":[{member_id,status,reason}]} */
void api_meeting_attendance(Req *r)
{
    int64_t iMeeting;
    Err e = {0};
    MeetingAtt *aAtt = 0;
    int nAtt = 0;
    if (req_arg_id(r, 0, &iMeeting)) return;
    if (!json_is_array(json_object_get(r->pBody, "items"))) {
        reply_error(r, ZE_FIELD_REQUIRED, "items", 0);
        return;
    }
    if (!require_meeting(r, iMeeting, M_EDIT_BIT)) return;
    if (att_parse(r, r->pBody, "items", &aAtt, &nAtt)) return;
    Ctx c = req_ctx(r);
    int rc = meeting_attendance_set(&c, iMeeting, aAtt, nAtt, &e);
    free(aAtt);
    if (rc) {
        reply_err(r, &e);
        return;
    }
    reply_meeting(r, iMeeting, 200);
}

/* PUT /api/v1/meetings/:id/votes {"items":[Vote]} -> Meeting */
void api_meeting_votes(Req *r)
{
    int64_t iMeeting;
    Err e = {0};
    json_t *a = json_object_get(r->pBody, "items"), *v;
    size_t i;
    static const char *const azN[] = {"entitled", "present", "yes",
                                      "no",       "abstain", "written_yes",
                                      "excluded"};
    if (req_arg_id(r, 0, &iMeeting)) return;
    if (!json_is_array(a) || json_array_size(a) > 50) {
        reply_error(r, ZE_FIELD_REQUIRED, "items", 0);
        return;
    }
    if (!require_meeting(r, iMeeting, M_EDIT_BIT)) return;
    MeetingVote *aV = xcalloc(json_array_size(a) + 1, sizeof *aV);
    json_array_foreach(a, i, v)
    {
        int bBad = 0;
        int64_t x[7] = {0};
        aV[i].zSubject = jx_get_str(v, "subject", &bBad);
        aV[i].zExcludedReason = jx_get_str(v, "excluded_reason", &bBad);
        for (int j = 0; j < 7 && !bBad; j++)
            bBad = jx_get_int(v, azN[j], &x[j]) == 2 || x[j] > 100000;
        if (bBad || !json_is_object(v)) {
            free(aV);
            reply_error(r, ZE_MEETING_VOTE, "items", 0);
            return;
        }
        aV[i].nEntitled = (int)x[0], aV[i].nPresent = (int)x[1];
        aV[i].nYes = (int)x[2], aV[i].nNo = (int)x[3];
        aV[i].nAbstain = (int)x[4], aV[i].nWrittenYes = (int)x[5];
        aV[i].nExcluded = (int)x[6];
    }
    Ctx c = req_ctx(r);
    int rc = meeting_votes_set(&c, iMeeting, aV, (int)i, &e);
    free(aV);
    if (rc) {
        reply_err(r, &e);
        return;
    }
    reply_meeting(r, iMeeting, 200);
}

/* GET /api/v1/meetings/:id/record -> printable record data */
void api_meeting_record(Req *r)
{
    int64_t iMeeting;
    Meeting m;
    if (req_arg_id(r, 0, &iMeeting)) return;
    if (!require_meeting(r, iMeeting, M_READ_BIT)) return;
    int rc = meeting_get(req_db(r), iMeeting, &m);
    if (rc) {
        meeting_clear(&m);
        reply_db_error(r, rc);
        return;
    }
    json_t *o = json_object(), *n = json_object();
    json_t *aP = json_array(), *aL = json_array(), *aA = json_array();
    for (int i = 0; i < m.nAtt; i++) {
        const MeetingAtt *x = &m.aAtt[i];
        if (x->zStatus[0] == 'p') json_array_append_new(aP, jx_str(x->zName));
        if (x->zStatus[0] == 'a') json_array_append_new(aA, jx_str(x->zName));
        if (x->zStatus[0] != 'l') continue;
        json_t *e = json_object();
        jx_set_str(e, "name", x->zName);
        jx_set_str(e, "reason", x->zReasonOwned);
        json_array_append_new(aL, e);
    }
    json_object_set_new(n, "present", aP);
    json_object_set_new(n, "leave", aL);
    json_object_set_new(n, "absent", aA);
    json_object_set_new(o, "attendance_names", n);
    json_object_set_new(o, "meeting", meeting_json(&m));
    meeting_clear(&m);
    reply_json(r, 200, o);
}

/* POST /api/v1/meetings/:id/files?filename= (raw body) -> 201 File */
void api_meeting_file_add(Req *r)
{
    int64_t iMeeting, iFile = 0;
    Err e = {0};
    MeetingFile f;
    if (req_arg_id(r, 0, &iMeeting)) return;
    if (!require_meeting(r, iMeeting, M_EDIT_BIT)) return;
    Ctx c = req_ctx(r);
    if (meeting_file_add(&c, iMeeting, req_query(r, "filename"), r->body.z,
                         r->body.n, &iFile, &e)) {
        reply_err(r, &e);
        return;
    }
    int rc = meeting_file_get(req_db(r), iFile, &f, 0);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    json_t *o = json_object();
    jx_set_int(o, "id", f.iId);
    jx_set_int(o, "meeting_id", f.iMeeting);
    jx_set_str(o, "name", f.zName);
    jx_set_str(o, "type", f.zType);
    jx_set_int(o, "size", f.nSize);
    jx_set_int(o, "created_at", f.tCreated);
    free(f.zName);
    reply_json(r, 201, o);
}

/* GET /api/v1/meetings/:id/files -> {"items":[File]} */
void api_meeting_file_list(Req *r)
{
    int64_t iMeeting;
    Meeting m;
    if (req_arg_id(r, 0, &iMeeting)) return;
    if (!require_meeting(r, iMeeting, M_READ_BIT)) return;
    int rc = meeting_get(req_db(r), iMeeting, &m);
    if (rc) {
        meeting_clear(&m);
        reply_db_error(r, rc);
        return;
    }
    json_t *o = meeting_json(&m), *out = json_object();
    json_object_set(out, "items", json_object_get(o, "files"));
    json_decref(o);
    meeting_clear(&m);
    reply_json(r, 200, out);
}

/* GET /api/v1/meeting-files/:id -> the bytes */
void api_meeting_file_get(Req *r)
{
    int64_t iFile, iMeeting = 0;
    MeetingFile f;
    void *p = 0;
    char zTmp[] = "/tmp/zhibu-fileXXXXXX";
    if (req_arg_id(r, 0, &iFile)) return;
    int rc = meeting_file_meeting(req_db(r), iFile, &iMeeting);
    if (rc) {
        reply_error(r, rc == DB_NOTFOUND ? ZE_NOT_FOUND : ZE_INTERNAL, 0, 0);
        return;
    }
    if (!require_meeting(r, iMeeting, M_READ_BIT)) return;
    rc = meeting_file_get(req_db(r), iFile, &f, &p);
    int fd = rc ? -1 : mkstemp(zTmp);
    if (fd >= 0) {
        unlink(zTmp);
        if (write(fd, p, (size_t)f.nSize) != f.nSize ||
            lseek(fd, 0, SEEK_SET) != 0) {
            close(fd);
            fd = -1;
        }
    }
    free(p);
    if (fd < 0) {
        if (!rc) free(f.zName);
        reply_error(r, ZE_INTERNAL, 0, 0);
        return;
    }
    reply_fd(r, f.zType, fd, f.nSize, f.zName);
    free(f.zName);
}

/* DELETE /api/v1/meeting-files/:id -> 204 */
void api_meeting_file_delete(Req *r)
{
    int64_t iFile, iMeeting = 0;
    Err e = {0};
    if (req_arg_id(r, 0, &iFile)) return;
    if (meeting_file_meeting(req_db(r), iFile, &iMeeting)) {
        reply_error(r, ZE_NOT_FOUND, 0, 0);
        return;
    }
    if (!require_meeting(r, iMeeting, M_EDIT_BIT)) return;
    Ctx c = req_ctx(r);
    if (meeting_file_delete(&c, iFile, &e)) {
        reply_err(r, &e);
        return;
    }
    reply_empty(r, 204);
}
