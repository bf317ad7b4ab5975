/* api_pipeline.c: HTTP handlers of the recruitment pipeline (发展党员, issue
** 4 items 1-3 and 5) as docs/recruitment.md says: the pipeline of an org's
** subtree with what is due next, the ledger .xlsx, a new applicant, one
** person's 25-step record and recording the next step.  Each handler
** parses, checks the org's scope with auth_require_org() (404 outside the
** caller's grants), calls pipeline.c and queues one reply.  A step the
** rules forbid is refused 422 with the rule, its article and the field.
**
** Entry points: api_pipeline_list, api_pipeline_ledger,
** api_pipeline_create, api_pipeline_get, api_pipeline_step. */
#include "api.h"
#include "auth.h"
#include "calendar.h"
#include "cap.h"
#include "jx.h"
#include "pipeline.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A date or null. */
static void set_day(json_t *o, const char *zKey, int iDay)
{
    char z[11];
    if (iDay == RECRUIT_NO_DATE || iDay == 0) {
        json_object_set_new(o, zKey, json_null());
        return;
    }
    cal_format(iDay, z);
    jx_set_str(o, zKey, z);
}

static json_t *due_json(const PipeDue *a, int n)
{
    json_t *aOut = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = json_object();
        jx_set_str(o, "rule", a[i].zRule);
        jx_set_str(o, "article", a[i].zArticle);
        jx_set_int(o, "step", a[i].iStep);
        jx_set_str(o, "step_name", pipeline_step_name(a[i].iStep));
        jx_set_str(o, "what", a[i].zWhat);
        set_day(o, "due_on", a[i].iDue);
        jx_set_str(o, "status", pipeline_status_name(a[i].eStatus));
        json_array_append_new(aOut, o);
    }
    return aOut;
}

static json_t *dates_json(const PipeDates *d)
{
    json_t *o = json_object();
    set_day(o, "applied_on", d->iApplied);
    set_day(o, "activist_on", d->iActivist);
    set_day(o, "candidate_on", d->iCandidate);
    set_day(o, "admission_vote_on", d->iVote);
    set_day(o, "approved_on", d->iApproved);
    set_day(o, "probation_end", d->iProbationEnd);
    set_day(o, "full_member_on", d->iFullOn);
    set_day(o, "full_approved_on", d->iFullApproved);
    jx_set_int(o, "extensions", d->nExtension);
    return o;
}

/* The field a finding of rule zRule concerns. */
static const char *rule_field(const char *zRule)
{
    static const struct {
        const char *zRule, *zField;
    } a[] = {{"D1", "applied_on"},
             {"D5", "mentor_ids"},
             {"D8", "sponsor_ids"},
             {"D10", "training_days"},
             {"D12", "present"},
             {"D13", "yes"},
             {"D19", "yes"},
             {"D16", "approver_org_id"},
             {"D18", "extension_months"}};
    for (int i = 0; i < COUNT(a); i++)
        if (strcmp(a[i].zRule, zRule) == 0) return a[i].zField;
    return "done_on";
}

/* Reply to a failed record or create: 422 with the first error's rule,
** article and field plus every finding, or the plain error. */
static void reply_refusal(Req *r, const Err *e, const RecruitAudit *f)
{
    if (e->iCode != ZE_RECRUIT_RULE) {
        reply_err(r, e);
        return;
    }
    const RecruitFinding *pErr = 0;
    for (int i = 0; i < f->n && !pErr; i++)
        if (f->a[i].bError) pErr = &f->a[i];
    json_t *o = json_object(), *pE = json_object();
    const ErrCode *ec = errcode_get(ZE_RECRUIT_RULE);
    jx_set_str(pE, "code", ec->zCode);
    char *zMsg = pErr ? xprintf("%s（%s %s）。%s", pErr->zMsg, pErr->zRule,
                                pErr->zArticle, ec->zMsg)
                      : xstrdup(ec->zMsg);
    jx_set_str(pE, "message", zMsg);
    free(zMsg);
    jx_set_str(pE, "field", pErr ? rule_field(pErr->zRule) : 0);
    jx_set_str(pE, "rule", pErr ? pErr->zRule : 0);
    jx_set_str(pE, "article", pErr ? pErr->zArticle : 0);
    jx_set_int(pE, "step", pErr ? pErr->iStep : 0);
    json_object_set_new(o, "error", pE);
    json_t *aF = recruit_audit_json(f);
    json_object_set(o, "findings", json_object_get(aF, "findings"));
    json_decref(aF);
    reply_json(r, ec->iStatus, o);
}

/* ---------------------------------------------------------- body input */

/* Refuse keys of o not in azKey (NULL-terminated). */
static int keys_ok(Req *r, json_t *o, const char *const *azKey)
{
    const char *zKey;
    json_t *v;
    json_object_foreach(o, zKey, v)
    {
        int bOk = 0;
        for (int i = 0; azKey[i] && !bOk; i++)
            bOk = strcmp(azKey[i], zKey) == 0;
        if (!bOk) {
            char zField[48];
            snprintf(zField, sizeof zField, "%.40s", zKey);
            reply_error(r, ZE_FIELD_INVALID, zField, "未知字段（请检查拼写）");
            return 0;
        }
    }
    return 1;
}

/* String member zKey (NULL when absent); replies on a wrong type. */
static int get_str(Req *r, const char *zKey, const char **pz)
{
    int bBad = 0;
    *pz = jx_get_str(r->pBody, zKey, &bBad);
    if (bBad) reply_error(r, ZE_FIELD_TYPE, zKey, 0);
    return !bBad;
}

/* Integer member zKey in lo..hi into *pv (untouched when absent). */
static int get_int(Req *r, const char *zKey, int64_t lo, int64_t hi,
                   int64_t *pv)
{
    int64_t v;
    int rc = jx_get_int(r->pBody, zKey, &v);
    if (rc == 1) return 1;
    if (rc == 2) {
        reply_error(r, ZE_FIELD_TYPE, zKey, 0);
        return 0;
    }
    if (v < lo || v > hi) {
        reply_error(r, ZE_FIELD_INVALID, zKey, 0);
        return 0;
    }
    *pv = v;
    return 1;
}

/* Array of member ids zKey into a (PIPE_MAX_PARTY), *pn (-1 absent). */
static int get_ids(Req *r, const char *zKey, int64_t *a, int *pn)
{
    json_t *v = json_object_get(r->pBody, zKey), *x;
    size_t i;
    *pn = -1;
    if (!v || json_is_null(v)) return 1;
    if (!json_is_array(v)) {
        reply_error(r, ZE_FIELD_TYPE, zKey, 0);
        return 0;
    }
    if (json_array_size(v) > PIPE_MAX_PARTY) {
        reply_error(r, ZE_FIELD_INVALID, zKey, "人数过多");
        return 0;
    }
    *pn = 0;
    json_array_foreach(v, i, x)
    {
        if (!json_is_integer(x) || json_integer_value(x) <= 0) {
            reply_error(r, ZE_FIELD_TYPE, zKey, "应为党员编号（正整数）");
            return 0;
        }
        a[(*pn)++] = json_integer_value(x);
    }
    return 1;
}

/* The step fields of the body into *in; replies and returns 0 when bad. */
static int step_in(Req *r, PipeStepIn *in, int bStep)
{
    int64_t v = 0, bTemp = 0;
    pipeline_step_in_init(in);
    if (bStep) {
        int rc = jx_get_int(r->pBody, "step", &v);
        if (rc == 1) {
            reply_error(r, ZE_FIELD_REQUIRED, "step", 0);
            return 0;
        }
        if (!get_int(r, "step", 1, PIPE_NSTEP, &v)) return 0;
        in->iStep = (int)v;
    }
    if (!get_str(r, "done_on", &in->zOn) ||
        !get_str(r, "people", &in->zPeople) ||
        !get_str(r, "documents", &in->zDocuments) ||
        !get_str(r, "note", &in->zNote) ||
        !get_str(r, "delay_reason", &in->zDelayReason) ||
        !get_str(r, "override_reason", &in->zOverride) ||
        !get_ids(r, "mentor_ids", in->aMentor, &in->nMentor) ||
        !get_ids(r, "sponsor_ids", in->aSponsor, &in->nSponsor) ||
        !get_int(r, "meeting_id", 1, INT64_MAX, &in->iMeeting) ||
        !get_int(r, "entitled", 0, 100000, &in->nEntitled) ||
        !get_int(r, "present", 0, 100000, &in->nPresent) ||
        !get_int(r, "yes", 0, 100000, &in->nYes) ||
        !get_int(r, "written_yes", 0, 100000, &in->nWrittenYes) ||
        !get_int(r, "approver_org_id", 1, INT64_MAX, &in->iApproverOrg) ||
        !get_int(r, "training_days", 0, 3650, &in->nTrainDays) ||
        !get_int(r, "training_hours", 0, 100000, &in->nTrainHours) ||
        !get_int(r, "extension_months", 0, 120, &in->nExtMonths))
        return 0;
    json_t *t = json_object_get(r->pBody, "approver_temporary");
    if (t && !json_is_null(t)) {
        if (!json_is_boolean(t)) {
            reply_error(r, ZE_FIELD_TYPE, "approver_temporary", 0);
            return 0;
        }
        bTemp = json_is_true(t);
    }
    in->bTemporary = (int)bTemp;
    return 1;
}

#define STEP_KEYS                                                              \
    "done_on", "people", "documents", "note", "delay_reason",                  \
        "override_reason", "mentor_ids", "sponsor_ids", "meeting_id",          \
        "entitled", "present", "yes", "written_yes", "approver_org_id",        \
        "approver_temporary", "training_days", "training_hours",               \
        "extension_months"

/* ------------------------------------------------------------ handlers */

/* GET /api/v1/orgs/:id/recruitment?as_of= -> the pipeline of the subtree:
** {"stages":[{"stage","name","count"}],"completed","overdue","items":[
** {"id","org_id","org_name","name","gender","stage","stage_name","step",
** "step_name","last_on","member_id","completed","overdue","due":[...],
** "next_step","next_step_name"}]} */
void api_pipeline_list(Req *r)
{
    int64_t iOrg;
    int iAsOf, n = 0;
    char zPath[256];
    PipeSum *a = 0;
    RecruitRules rules;
    if (req_arg_id(r, 0, &iOrg) || req_query_day(r, "as_of", &iAsOf)) return;
    if (!auth_require_org_path(r, iOrg, CAP_MEMBER_READ, zPath)) return;
    int rc = pipeline_list(req_db(r), zPath, &a, &n);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    recruit_rules_load(req_db(r), &rules);
    int anStage[6] = {0}, nDone = 0, nOverdue = 0;
    json_t *aItem = json_array();
    for (int i = 0; i < n; i++) {
        PipeSum *p = &a[i];
        PipeDue aDue[PIPE_MAX_DUE];
        int nDue = pipeline_due(p->aStep, p->nStep, iAsOf, &rules, aDue);
        int bDone = p->iStep >= 24, bOver = 0;
        for (int k = 0; k < nDue; k++)
            bOver |= aDue[k].eStatus == PIPE_OVERDUE;
        if (bDone)
            nDone++;
        else if (p->iStage >= 1 && p->iStage <= 5)
            anStage[p->iStage]++;
        nOverdue += bOver;
        json_t *o = json_object();
        jx_set_int(o, "id", p->iId);
        jx_set_int(o, "org_id", p->iOrg);
        jx_set_str(o, "org_name", p->zOrgName);
        jx_set_str(o, "name", p->zName);
        jx_set_str(o, "gender", p->zGender);
        jx_set_int(o, "stage", p->iStage);
        jx_set_str(o, "stage_name",
                   bDone ? "已转正" : pipeline_stage_name(p->iStage));
        jx_set_int(o, "step", p->iStep);
        jx_set_str(o, "step_name", pipeline_step_name(p->iStep));
        set_day(o, "last_on", p->nStep ? p->aStep[p->nStep - 1].iOn : 0);
        jx_set_id(o, "member_id", p->iMember);
        jx_set_bool(o, "completed", bDone);
        jx_set_bool(o, "overdue", bOver);
        json_object_set_new(o, "due", due_json(aDue, nDue));
        int aNext[2], nNext = pipeline_next(p->aStep, p->nStep, aNext);
        if (nNext) {
            jx_set_int(o, "next_step", aNext[nNext - 1]);
            jx_set_str(o, "next_step_name",
                       pipeline_step_name(aNext[nNext - 1]));
        } else {
            json_object_set_new(o, "next_step", json_null());
            json_object_set_new(o, "next_step_name", json_null());
        }
        json_array_append_new(aItem, o);
    }
    pipeline_sums_free(a, n);
    json_t *aStage = json_array();
    for (int s = 1; s <= 5; s++) {
        json_t *o = json_object();
        jx_set_int(o, "stage", s);
        jx_set_str(o, "name", pipeline_stage_name(s));
        jx_set_int(o, "count", anStage[s]);
        json_array_append_new(aStage, o);
    }
    json_t *pOut = json_object();
    jx_set_int(pOut, "org_id", iOrg);
    set_day(pOut, "as_of", iAsOf);
    json_object_set_new(pOut, "stages", aStage);
    jx_set_int(pOut, "completed", nDone);
    jx_set_int(pOut, "overdue", nOverdue);
    jx_set_int(pOut, "total", n);
    json_object_set_new(pOut, "items", aItem);
    reply_json(r, 200, pOut);
}

/* GET /api/v1/orgs/:id/recruitment.xlsx?year= -> 发展党员工作台账 */
void api_pipeline_ledger(Req *r)
{
    int64_t iOrg, iYear;
    int fd = -1;
    long long nSize = 0;
    Err e = {0};
    int y, m, d;
    cal_split(cal_today(), &y, &m, &d);
    if (req_arg_id(r, 0, &iOrg) ||
        req_query_int(r, "year", 2000, 2100, y, &iYear))
        return;
    if (!auth_require_org(r, iOrg, CAP_MEMBER_READ)) return;
    Ctx c = req_ctx(r);
    if (pipeline_ledger(&c, iOrg, (int)iYear, &fd, &nSize, &e)) {
        reply_err(r, &e);
        return;
    }
    char *zName = xprintf("发展党员工作台账-%lld.xlsx", (long long)iYear);
    reply_fd(r,
             "application/"
             "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             fd, nSize, zName);
    free(zName);
}

/* The orgs from the root down to org zPath ("/1/7/42/") as
** [{"id","name","kind"}], for the approver choice (D16). */
static int ancestors_json(Db *pDb, const char *zPath, json_t **ppOut)
{
    json_t *a = json_array();
    const char *z = zPath;
    int rc = DB_OK;
    while (*z && !rc) {
        if (*z == '/') {
            z++;
            continue;
        }
        int64_t iId = 0;
        while (*z >= '0' && *z <= '9')
            iId = iId * 10 + (*z++ - '0');
        DbStmt *p = 0;
        rc = db_prepare_bind(pDb, &p, "SELECT name, kind FROM org WHERE id=$1",
                             "i", iId);
        if (!rc && (rc = db_step(p)) == DB_ROW) {
            json_t *o = json_object();
            jx_set_int(o, "id", iId);
            jx_set_str(o, "name", db_col_text(p, 0));
            jx_set_str(o, "kind", db_col_text(p, 1));
            json_array_append_new(a, o);
            rc = DB_OK;
        } else if (rc == DB_DONE) {
            rc = DB_OK;
        }
        db_finalize(p);
        if (*z && *z != '/') break;
    }
    *ppOut = a;
    return rc;
}

/* The JSON of one stored step. */
static json_t *row_json(const PipeRow *p)
{
    json_t *o = json_object();
    jx_set_int(o, "id", p->iId);
    jx_set_int(o, "step", p->s.iStep);
    jx_set_str(o, "step_name", pipeline_step_name(p->s.iStep));
    jx_set_int(o, "stage", pipeline_stage(p->s.iStep));
    jx_set_str(o, "done_on", p->zOn);
    jx_set_str(o, "people", p->zPeople);
    jx_set_str(o, "documents", p->zDocuments);
    jx_set_str(o, "note", p->zNote);
    json_t *aM = json_array(), *aS = json_array();
    for (int k = 0; k < p->nParty; k++) {
        json_t *x = json_object();
        jx_set_int(x, "member_id", p->aParty[k].iMember);
        jx_set_str(x, "name", p->aParty[k].zName);
        json_array_append_new(
            strcmp(p->aParty[k].zRole, "mentor") == 0 ? aM : aS, x);
    }
    json_object_set_new(o, "mentors", aM);
    json_object_set_new(o, "sponsors", aS);
    if (p->iMeeting) {
        json_t *v = json_object();
        jx_set_int(v, "meeting_id", p->iMeeting);
        jx_set_int(v, "entitled", p->s.nEntitled);
        jx_set_int(v, "present", p->s.nPresent);
        jx_set_int(v, "yes", p->s.nYes);
        jx_set_int(v, "written_yes", p->s.nWrittenYes);
        json_object_set_new(o, "vote", v);
    } else {
        json_object_set_new(o, "vote", json_null());
    }
    jx_set_id(o, "approver_org_id", p->iApproverOrg);
    jx_set_str(o, "approver_name", p->zApproverName);
    if (p->s.iStep == 11) {
        jx_set_int(o, "training_days", p->s.nTrainDays);
        jx_set_int(o, "training_hours", p->s.nTrainHours);
    }
    if (p->s.nExtMonths > 0) jx_set_int(o, "extension_months", p->s.nExtMonths);
    jx_set_str(o, "delay_reason", p->zDelay);
    jx_set_str(o, "override_reason", p->zOverride);
    json_t *aF = p->zFindings ? json_loads(p->zFindings, 0, 0) : 0;
    json_object_set_new(o, "findings", aF ? aF : json_array());
    jx_set_str(o, "recorded_by", p->zLogin);
    jx_set_int(o, "recorded_at", p->tCreated);
    return o;
}

/* The person page JSON of pc as of iAsOf.  New reference via *ppOut. */
static int case_json(Db *pDb, const PipeCase *pc, int iAsOf, json_t **ppOut)
{
    RecruitRules rules;
    RecruitDossier dos;
    RecruitAudit aud;
    PipeDates dt;
    PipeDue aDue[PIPE_MAX_DUE];
    int aNext[2];
    PipeStep *a = pipeline_steps(pc);
    recruit_rules_load(pDb, &rules);
    pipeline_dates(a, pc->nRow, &dt);
    int nDue = pipeline_due(a, pc->nRow, iAsOf, &rules, aDue);
    int nNext = pipeline_next(a, pc->nRow, aNext);
    pipeline_dossier(a, pc->nRow, pc->iBirth, iAsOf, &dos);
    free(a);

    json_t *o = json_object(), *pP = json_object();
    jx_set_int(o, "id", pc->iId);
    jx_set_int(o, "org_id", pc->iOrg);
    jx_set_str(o, "org_name", pc->zOrgName);
    jx_set_int(pP, "id", pc->iPerson);
    jx_set_str(pP, "name", pc->zName);
    jx_set_str(pP, "gender", pc->zGender);
    jx_set_str(pP, "birth_date", pc->zBirth);
    jx_set_str(pP, "id_number", pc->zIdMask);
    jx_set_str(pP, "phone", pc->zPhoneMask);
    jx_set_str(pP, "ethnicity", pc->zEthnicity);
    jx_set_str(pP, "education", pc->zEducation);
    jx_set_str(pP, "job", pc->zJob);
    json_object_set_new(o, "person", pP);
    int bDone = pc->iStep >= 24;
    jx_set_int(o, "stage", pc->iStage);
    jx_set_str(o, "stage_name",
               bDone ? "已转正" : pipeline_stage_name(pc->iStage));
    jx_set_int(o, "step", pc->iStep);
    jx_set_str(o, "step_name", pipeline_step_name(pc->iStep));
    jx_set_bool(o, "completed", bDone);
    if (pc->iMember) {
        json_t *m = json_object();
        jx_set_int(m, "id", pc->iMember);
        jx_set_str(m, "status", pc->zMemberStatus);
        jx_set_str(m, "joined_on", pc->zJoinedOn);
        jx_set_str(m, "full_on", pc->zFullOn);
        json_object_set_new(o, "member", m);
    } else {
        json_object_set_new(o, "member", json_null());
    }
    json_object_set_new(o, "dates", dates_json(&dt));
    set_day(o, "as_of", iAsOf);
    json_object_set_new(o, "due", due_json(aDue, nDue));
    json_t *aN = json_array();
    for (int i = 0; i < nNext; i++) {
        json_t *x = json_object();
        jx_set_int(x, "step", aNext[i]);
        jx_set_str(x, "name", pipeline_step_name(aNext[i]));
        json_array_append_new(aN, x);
    }
    json_object_set_new(o, "next_steps", aN);
    json_t *aS = json_array();
    for (int i = 0; i < pc->nRow; i++)
        json_array_append_new(aS, row_json(&pc->aRow[i]));
    json_object_set_new(o, "steps", aS);
    recruit_audit(&dos, &rules, &aud);
    json_object_set_new(o, "audit", recruit_audit_json(&aud));
    recruit_audit_free(&aud);
    json_t *aAnc = 0;
    int rc = ancestors_json(pDb, pc->zOrgPath, &aAnc);
    json_object_set_new(o, "approver_choices", aAnc);
    if (rc) {
        json_decref(o);
        return rc;
    }
    *ppOut = o;
    return DB_OK;
}

/* Reply the person page of recruitment iRec with iStatus. */
static void reply_case(Req *r, int64_t iRec, int iAsOf, int iStatus)
{
    PipeCase pc;
    json_t *o = 0;
    int rc = pipeline_load(req_db(r), iRec, &pc);
    if (!rc) rc = case_json(req_db(r), &pc, iAsOf, &o);
    pipeline_case_clear(&pc);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    reply_json(r, iStatus, o);
}

/* GET /api/v1/recruitment/:id?as_of= -> one person's record (25 steps) */
void api_pipeline_get(Req *r)
{
    int64_t iRec, iOrg = 0;
    int iAsOf;
    if (req_arg_id(r, 0, &iRec) || req_query_day(r, "as_of", &iAsOf)) return;
    int rc =
        db_one_int64(req_db(r), &iOrg,
                     "SELECT org_id FROM recruitment WHERE id=$1", "i", iRec);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    if (!auth_require_org(r, iOrg, CAP_MEMBER_READ)) return;
    reply_case(r, iRec, iAsOf, 200);
}

/* POST /api/v1/recruitment/:id/steps {step, done_on, ...} -> 201 with the
** person's record; 422 recruitment.rule with rule, article and field. */
void api_pipeline_step(Req *r)
{
    static const char *const azKey[] = {"step", STEP_KEYS, 0};
    int64_t iRec, iOrg = 0, iStep = 0;
    PipeStepIn in;
    RecruitAudit f;
    Err e = {0};
    if (req_arg_id(r, 0, &iRec)) return;
    int rc =
        db_one_int64(req_db(r), &iOrg,
                     "SELECT org_id FROM recruitment WHERE id=$1", "i", iRec);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    if (!auth_require_org(r, iOrg, CAP_MEMBER_EDIT)) return;
    if (!keys_ok(r, r->pBody, azKey) || !step_in(r, &in, 1)) return;
    Ctx c = req_ctx(r);
    if (pipeline_record(&c, iRec, &in, &f, &iStep, &e)) {
        reply_refusal(r, &e, &f);
        recruit_audit_free(&f);
        return;
    }
    recruit_audit_free(&f);
    reply_case(r, iRec, cal_today(), 201);
}

/* POST /api/v1/recruitment {org_id, name, id_number, ..., applied_on}
** -> 201 with the new person's record (step 1 recorded). */
void api_pipeline_create(Req *r)
{
    static const char *const azKey[] = {"org_id",
                                        "name",
                                        "id_number",
                                        "gender",
                                        "birth_date",
                                        "phone",
                                        "ethnicity",
                                        "education",
                                        "job",
                                        "applied_on",
                                        "people",
                                        "documents",
                                        "note",
                                        "override_reason",
                                        0};
    int64_t iOrg = 0, iRec = 0;
    MemberRec m;
    PipeStepIn in;
    RecruitAudit f;
    Err e = {0};
    memset(&m, 0, sizeof m);
    if (!keys_ok(r, r->pBody, azKey)) return;
    int rc = jx_get_int(r->pBody, "org_id", &iOrg);
    if (rc == 1) {
        reply_error(r, ZE_FIELD_REQUIRED, "org_id", 0);
        return;
    }
    if (rc == 2 || iOrg <= 0) {
        reply_error(r, rc == 2 ? ZE_FIELD_TYPE : ZE_FIELD_INVALID, "org_id", 0);
        return;
    }
    pipeline_step_in_init(&in);
    if (!get_str(r, "name", &m.zName) ||
        !get_str(r, "id_number", &m.zIdNumber) ||
        !get_str(r, "gender", &m.zGender) ||
        !get_str(r, "birth_date", &m.zBirth) ||
        !get_str(r, "phone", &m.zPhone) ||
        !get_str(r, "ethnicity", &m.zEthnicity) ||
        !get_str(r, "education", &m.zEducation) ||
        !get_str(r, "job", &m.zJob) || !get_str(r, "applied_on", &in.zOn) ||
        !get_str(r, "people", &in.zPeople) ||
        !get_str(r, "documents", &in.zDocuments) ||
        !get_str(r, "note", &in.zNote) ||
        !get_str(r, "override_reason", &in.zOverride))
        return;
    if (!auth_require_org(r, iOrg, CAP_MEMBER_EDIT)) return;
    if (!m.zName || !m.zName[0]) {
        reply_error(r, ZE_FIELD_REQUIRED, "name", 0);
        return;
    }
    if (!in.zOn) {
        reply_error(r, ZE_FIELD_REQUIRED, "applied_on", 0);
        return;
    }
    m.iOrg = iOrg;
    in.iStep = 1;
    Ctx c = req_ctx(r);
    if (pipeline_create(&c, iOrg, &m, &in, &f, &iRec, &e)) {
        /* step 1's date is the application date */
        if (e.zField && strcmp(e.zField, "done_on") == 0)
            e.zField = "applied_on";
        reply_refusal(r, &e, &f);
        recruit_audit_free(&f);
        return;
    }
    recruit_audit_free(&f);
    reply_case(r, iRec, cal_today(), 201);
}
