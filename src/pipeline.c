/* pipeline.c: the recruitment pipeline (发展党员, issue 4 items 1-3 and 5;
** requirement A5; rules §2.1, D1-D25, §9).
**
** An applicant is a person row (sealed ID number, blind index and mask by
** member_person_insert(), as for members) with one recruitment row; each
** step recorded is a recruitment_step row.  Before a step is stored, the
** stored steps and the new one are turned into a RecruitDossier and run
** through recruit_audit() (recruit.c): a finding only the new dossier has
** belongs to the new step.  An error refuses the step (ZE_RECRUIT_RULE)
** unless an override reason is given (kept on the step and in the audit
** log); warnings are accepted and kept on the step.  Step 17 makes the
** person a probationary member from the admission vote (D17, D23); step 24
** makes him a full member from the end of probation or of the extension,
** never the approval date (D21).
**
** Entry points: pipeline_step_name, pipeline_stage, pipeline_next,
** pipeline_order, pipeline_dossier, pipeline_check, pipeline_due,
** pipeline_dates, pipeline_load, pipeline_record, pipeline_create,
** pipeline_list, pipeline_ledger. */
#include "pipeline.h"
#include "audit.h"
#include "auth.h"
#include "buf.h"
#include "calendar.h"
#include "jx.h"
#include "log.h"
#include "util.h"
#include "xlsx.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_DATE RECRUIT_NO_DATE

/* The 25 steps of rules §2.1 with their stage. */
static const struct {
    int iStage;
    const char *zName;
} aStepInfo[PIPE_NSTEP] = {
    {1, "递交入党申请书"},
    {1, "党组织派人谈话"},
    {2, "推荐和确定入党积极分子"},
    {2, "上级党委备案"},
    {2, "指定培养联系人"},
    {2, "培养教育考察"},
    {3, "确定发展对象"},
    {3, "报上级党委备案"},
    {3, "确定入党介绍人"},
    {3, "进行政治审查"},
    {3, "开展集中培训"},
    {4, "支部委员会审查"},
    {4, "上级党委预审"},
    {4, "填写入党志愿书"},
    {4, "支部大会讨论接收预备党员"},
    {4, "上级党委派人谈话"},
    {4, "上级党委审批"},
    {4, "再上一级党委组织部门备案"},
    {5, "编入党支部和党小组"},
    {5, "入党宣誓"},
    {5, "继续教育考察"},
    {5, "提出转正申请"},
    {5, "支部大会讨论转正"},
    {5, "上级党委审批转正"},
    {5, "材料归档"},
};

static const char *const azStage[] = {"入党申请人", "入党积极分子", "发展对象",
                                      "预备党员的接收",
                                      "预备党员的教育考察和转正"};

const char *pipeline_step_name(int iStep)
{
    return iStep >= 1 && iStep <= PIPE_NSTEP ? aStepInfo[iStep - 1].zName : 0;
}

int pipeline_stage(int iStep)
{
    return iStep >= 1 && iStep <= PIPE_NSTEP ? aStepInfo[iStep - 1].iStage : 0;
}

const char *pipeline_stage_name(int iStage)
{
    return iStage >= 1 && iStage <= 5 ? azStage[iStage - 1] : 0;
}

const char *pipeline_status_name(int eStatus)
{
    switch (eStatus) {
    case PIPE_WAITING:
        return "waiting";
    case PIPE_READY:
        return "ready";
    case PIPE_DUE:
        return "due";
    case PIPE_OVERDUE:
        return "overdue";
    }
    return "";
}

/* ------------------------------------------------------------ pure part */

int pipeline_next(const PipeStep *a, int n, int aNext[2])
{
    if (n == 0) {
        aNext[0] = 1;
        return 1;
    }
    const PipeStep *pLast = &a[n - 1];
    switch (pLast->iStep) {
    case 5:
        aNext[0] = 6;
        return 1;
    case 6:
        aNext[0] = 6;
        aNext[1] = 7;
        return 2;
    case 23:
        aNext[0] = pLast->nExtMonths > 0 ? 22 : 24;
        return 1;
    case 25:
        return 0;
    }
    aNext[0] = pLast->iStep + 1;
    return 1;
}

int pipeline_order(const PipeStep *a, int n, const PipeStep *pNew,
                   const char **pzField)
{
    int aNext[2], nNext = pipeline_next(a, n, aNext), bOk = 0;
    for (int i = 0; i < nNext; i++)
        bOk |= aNext[i] == pNew->iStep;
    if (!bOk) {
        *pzField = "step";
        return ZE_RECRUIT_STEP;
    }
    if (n > 0 && pNew->iOn < a[n - 1].iOn) {
        *pzField = "done_on";
        return ZE_RECRUIT_STEP;
    }
    return ZE_OK;
}

/* Fill a dossier vote from step s. */
static void vote_of(const PipeStep *s, RecruitVote *v)
{
    v->bSet = 1;
    v->iOn = s->iOn;
    v->nEntitled = s->nEntitled;
    v->nPresent = s->nPresent;
    v->nYes = s->nYes;
    v->nWrittenYes = s->nWrittenYes < 0 ? 0 : s->nWrittenYes;
}

void pipeline_dossier(const PipeStep *a, int n, int iBirth, int iAsOf,
                      RecruitDossier *d)
{
    recruit_dossier_init(d);
    d->iBirth = iBirth;
    d->iAsOf = iAsOf;
    for (int i = 0; i < n; i++) {
        const PipeStep *s = &a[i];
        switch (s->iStep) {
        case 1:
            d->iApplied = s->iOn;
            break;
        case 2:
            d->iTalked = s->iOn;
            break;
        case 3:
            d->iActivist = s->iOn;
            break;
        case 6:
            if (d->nReview < RECRUIT_MAX_REVIEWS)
                d->aReview[d->nReview++] = s->iOn;
            break;
        case 7:
            d->iCandidate = s->iOn;
            break;
        case 9:
            d->nSponsor = 0;
            for (int k = 0; k < s->nParty && k < RECRUIT_MAX_SPONSORS; k++)
                d->aSponsor[d->nSponsor++] = s->aPartyStatus[k];
            break;
        case 10:
            d->iPoliticalReview = s->iOn;
            break;
        case 11:
            d->bTraining = 1;
            d->nTrainDays = s->nTrainDays < 0 ? 0 : s->nTrainDays;
            d->nTrainHours = s->nTrainHours < 0 ? 0 : s->nTrainHours;
            break;
        case 13:
            d->iPreReview = s->iOn;
            break;
        case 15:
            vote_of(s, &d->admission);
            break;
        case 17:
            d->iApproved = s->iOn;
            d->eApprover = s->eApprover;
            d->bDelayReason = s->bDelayReason;
            break;
        case 23:
            if (s->nExtMonths > 0) {
                if (d->nExtension < 0) d->nExtension = 0;
                if (d->nExtension < RECRUIT_MAX_EXTENSIONS)
                    d->aExtMonths[d->nExtension++] = s->nExtMonths;
            } else {
                vote_of(s, &d->full);
            }
            break;
        case 24:
            d->iFullApproved = s->iOn;
            break;
        }
    }
}

/* Append a finding to p (as recruit.c's add()). */
static void find_add(RecruitAudit *p, const char *zRule, int bError, int iStep,
                     char *zMsg)
{
    if (p->n == p->nAlloc) {
        p->nAlloc = p->nAlloc ? 2 * p->nAlloc : 8;
        p->a = xrealloc(p->a, (size_t)p->nAlloc * sizeof p->a[0]);
    }
    RecruitFinding *f = &p->a[p->n++];
    f->zRule = zRule;
    f->bError = bError;
    f->iStep = iStep;
    f->zMsg = zMsg;
    f->zArticle = recruit_article(zRule);
    if (!f->zArticle) f->zArticle = "";
    if (bError) p->nError++;
}

/* Does audit p hold a finding equal to f? */
static int has_finding(const RecruitAudit *p, const RecruitFinding *f)
{
    for (int i = 0; i < p->n; i++)
        if (p->a[i].iStep == f->iStep && p->a[i].bError == f->bError &&
            strcmp(p->a[i].zRule, f->zRule) == 0 &&
            strcmp(p->a[i].zMsg, f->zMsg) == 0)
            return 1;
    return 0;
}

void pipeline_check(const PipeStep *a, int n, const PipeStep *pNew, int iBirth,
                    const RecruitRules *pRules, RecruitAudit *pOut)
{
    PipeStep *aAll = xmalloc((size_t)(n + 1) * sizeof *aAll);
    RecruitDossier *pD = xmalloc(sizeof *pD);
    RecruitAudit before, after;
    memset(pOut, 0, sizeof *pOut);
    pOut->iProbationEnd = pOut->iFullMember = NO_DATE;
    pOut->nStandingYears = -1;
    pOut->iAsOf = pNew->iOn;
    if (n) memcpy(aAll, a, (size_t)n * sizeof *aAll);
    aAll[n] = *pNew;

    pipeline_dossier(a, n, iBirth, pNew->iOn, pD);
    recruit_audit(pD, pRules, &before);
    pipeline_dossier(aAll, n + 1, iBirth, pNew->iOn, pD);
    recruit_audit(pD, pRules, &after);
    for (int i = 0; i < after.n; i++) {
        if (has_finding(&before, &after.a[i])) continue;
        find_add(pOut, after.a[i].zRule, after.a[i].bError, after.a[i].iStep,
                 xstrdup(after.a[i].zMsg));
    }
    pOut->iProbationEnd = after.iProbationEnd;
    pOut->iFullMember = after.iFullMember;
    recruit_audit_free(&before);
    recruit_audit_free(&after);
    free(pD);
    free(aAll);

    /* D5 (step 5): one or two full members as mentors (培养联系人). */
    if (pNew->iStep == 5) {
        if (pNew->nParty < 1 || pNew->nParty > 2)
            find_add(pOut, "D5", 1, 5,
                     xprintf("应指定1至2名正式党员作培养联系人，实际%d名",
                             pNew->nParty));
        for (int k = 0; k < pNew->nParty; k++)
            if (pNew->aPartyStatus[k] != RECRUIT_SPONSOR_FULL)
                find_add(pOut, "D5", 1, 5,
                         xprintf("第%d名培养联系人不是享有表决权的正式党员："
                                 "培养联系人须为正式党员",
                                 k + 1));
    }
    /* D18 (step 23): an extension, like 转正, needs the congress (M2). */
    if (pNew->iStep == 23 && pNew->nExtMonths > 0 && pNew->bVote &&
        pNew->nEntitled >= 0 && pNew->nPresent >= 0 && pNew->nYes >= 0) {
        int64_t nE = pNew->nEntitled, nW = pNew->nWrittenYes;
        if (nW < 0) nW = 0;
        if (pNew->nPresent * 2 <= nE || (pNew->nYes + nW) * 2 <= nE)
            find_add(pOut, "D18", 1, 23,
                     xprintf("延长预备期须经支部大会表决通过：应到会有表决权"
                             "%lld人，实到%lld人，赞成%lld人（含书面意见%lld"
                             "人），须到会且赞成均超过半数",
                             (long long)nE, (long long)pNew->nPresent,
                             (long long)(pNew->nYes + nW), (long long)nW));
    }
}

void pipeline_dates(const PipeStep *a, int n, PipeDates *p)
{
    p->iApplied = p->iActivist = p->iCandidate = p->iVote = NO_DATE;
    p->iApproved = p->iProbationEnd = p->iFullOn = p->iFullApproved = NO_DATE;
    p->nExtension = 0;
    for (int i = 0; i < n; i++) {
        int d = a[i].iOn;
        switch (a[i].iStep) {
        case 1:
            p->iApplied = d;
            break;
        case 3:
            p->iActivist = d;
            break;
        case 7:
            p->iCandidate = d;
            break;
        case 15:
            p->iVote = d;
            break;
        case 17:
            p->iApproved = d;
            break;
        case 24:
            p->iFullApproved = d;
            break;
        }
    }
    if (p->iVote == NO_DATE) return;
    /* D17: one year from the admission vote; D21: plus each extension. */
    p->iProbationEnd = cal_add_years(p->iVote, 1);
    p->iFullOn = p->iProbationEnd;
    for (int i = 0; i < n; i++)
        if (a[i].iStep == 23 && a[i].nExtMonths > 0) {
            p->iFullOn = cal_add_months(p->iFullOn, a[i].nExtMonths);
            p->nExtension++;
        }
}

/* Status of a deadline iDue on iAsOf: overdue the day after. */
static int deadline(int iDue, int iAsOf)
{
    return iAsOf > iDue ? PIPE_OVERDUE : PIPE_DUE;
}

static void due_add(PipeDue *aOut, int *pn, const char *zRule, int iStep,
                    const char *zWhat, int iDue, int eStatus)
{
    if (*pn >= PIPE_MAX_DUE) return;
    PipeDue *p = &aOut[(*pn)++];
    p->zRule = zRule;
    p->zArticle = recruit_article(zRule);
    p->iStep = iStep;
    p->zWhat = zWhat;
    p->iDue = iDue;
    p->eStatus = eStatus;
}

int pipeline_due(const PipeStep *a, int n, int iAsOf,
                 const RecruitRules *pRules, PipeDue *aOut)
{
    int nOut = 0;
    PipeDates dt;
    if (n == 0) return 0;
    pipeline_dates(a, n, &dt);
    const PipeStep *pLast = &a[n - 1];
    int iLast = pLast->iStep;
    if (iLast == 1 && dt.iApplied != NO_DATE) {
        /* D3: the talk within one month of the application. */
        int iDue = cal_add_months(dt.iApplied, 1);
        due_add(aOut, &nOut, "D3", 2, "派人谈话（收到申请后一个月内）", iDue,
                deadline(iDue, iAsOf));
    } else if (iLast >= 3 && iLast <= 6 && dt.iActivist != NO_DATE) {
        /* D6: a review every half year since the last (or the start). */
        int iPrev = dt.iActivist;
        for (int i = 0; i < n; i++)
            if (a[i].iStep == 6 && a[i].iOn > iPrev) iPrev = a[i].iOn;
        int iDue = cal_add_months(iPrev, 6);
        due_add(aOut, &nOut, "D6", 6, "培养教育考察（每半年一次）", iDue,
                deadline(iDue, iAsOf));
        /* D7: a candidate only after a year (a setting) as activist. */
        int iEarliest = cal_add_months(dt.iActivist, pRules->nActivistMonths);
        due_add(aOut, &nOut, "D7", 7, "培养考察满一年，可确定为发展对象",
                iEarliest, iAsOf >= iEarliest ? PIPE_READY : PIPE_WAITING);
    } else if ((iLast == 15 || iLast == 16) && dt.iVote != NO_DATE) {
        /* D15: approval within three months of the admission vote. */
        int iDue = cal_add_months(dt.iVote, 3);
        due_add(aOut, &nOut, "D15", 17, "上级党委审批（支部大会后三个月内）",
                iDue, deadline(iDue, iAsOf));
    } else if (iLast >= 17 && iLast <= 23 && dt.iFullOn != NO_DATE &&
               !(iLast == 23 && pLast->nExtMonths == 0)) {
        /* D17/D18: at the end of probation (or extension) the branch
        ** discusses 转正 promptly. */
        int e = iAsOf < dt.iFullOn    ? PIPE_WAITING
                : iAsOf == dt.iFullOn ? PIPE_DUE
                                      : PIPE_OVERDUE;
        due_add(aOut, &nOut, dt.nExtension ? "D18" : "D17", 23,
                dt.nExtension ? "延长的预备期满，支部大会讨论转正"
                              : "预备期满，支部大会讨论转正",
                dt.iFullOn, e);
    } else if (iLast == 23) {
        /* D20: 转正 approval within three months of the vote. */
        int iDue = cal_add_months(pLast->iOn, 3);
        due_add(aOut, &nOut, "D20", 24, "上级党委审批转正（三个月内）", iDue,
                deadline(iDue, iAsOf));
    }
    return nOut;
}

/* ------------------------------------------------------------ stored */

static char *dup_col(DbStmt *p, int i)
{
    const char *z = db_col_text(p, i);
    return z ? xstrdup(z) : 0;
}

static int64_t int_col(DbStmt *p, int i, int64_t iNull)
{
    return db_col_is_null(p, i) ? iNull : db_col_int64(p, i);
}

/* RECRUIT_SPONSOR_* of a member's status and suspended rights. */
static int party_status(const char *zStatus, int bSuspended)
{
    if (bSuspended) return RECRUIT_SPONSOR_DISCIPLINE;
    return zStatus && strcmp(zStatus, "full") == 0
               ? RECRUIT_SPONSOR_FULL
               : RECRUIT_SPONSOR_PROBATIONARY;
}

static const char zStepCols[] =
    "s.id, s.step, s.done_on, s.people, s.documents, s.note, s.meeting_id,"
    " s.entitled, s.present, s.yes, s.written_yes, s.approver_org_id,"
    " s.approver_kind, s.train_days, s.train_hours, s.ext_months,"
    " s.delay_reason, s.override_reason, s.findings, s.recorded_login,"
    " s.created_at, o.name";

static int approver_kind(const char *z)
{
    if (!z) return RECRUIT_APPROVER_NONE;
    if (strcmp(z, "committee") == 0) return RECRUIT_APPROVER_COMMITTEE;
    if (strcmp(z, "general_branch") == 0)
        return RECRUIT_APPROVER_GENERAL_BRANCH;
    if (strcmp(z, "branch") == 0) return RECRUIT_APPROVER_BRANCH;
    if (strcmp(z, "temporary") == 0) return RECRUIT_APPROVER_TEMPORARY;
    return RECRUIT_APPROVER_NONE;
}

static const char *approver_kind_name(int e)
{
    switch (e) {
    case RECRUIT_APPROVER_COMMITTEE:
        return "committee";
    case RECRUIT_APPROVER_GENERAL_BRANCH:
        return "general_branch";
    case RECRUIT_APPROVER_BRANCH:
        return "branch";
    case RECRUIT_APPROVER_TEMPORARY:
        return "temporary";
    }
    return 0;
}

/* Read one step row (zStepCols) into *r. */
static void row_read(DbStmt *p, PipeRow *r)
{
    memset(r, 0, sizeof *r);
    r->iId = db_col_int64(p, 0);
    r->s.iStep = (int)db_col_int64(p, 1);
    const char *zOn = db_col_text(p, 2);
    snprintf(r->zOn, sizeof r->zOn, "%s", zOn ? zOn : "");
    if (cal_parse(r->zOn, &r->s.iOn)) r->s.iOn = 0;
    r->zPeople = dup_col(p, 3);
    r->zDocuments = dup_col(p, 4);
    r->zNote = dup_col(p, 5);
    r->iMeeting = int_col(p, 6, 0);
    r->s.nEntitled = int_col(p, 7, -1);
    r->s.nPresent = int_col(p, 8, -1);
    r->s.nYes = int_col(p, 9, -1);
    r->s.nWrittenYes = int_col(p, 10, 0);
    r->s.bVote = r->iMeeting > 0;
    r->iApproverOrg = int_col(p, 11, 0);
    r->s.eApprover = approver_kind(db_col_text(p, 12));
    r->s.nTrainDays = int_col(p, 13, -1);
    r->s.nTrainHours = int_col(p, 14, -1);
    r->s.nExtMonths = (int)int_col(p, 15, 0);
    r->zDelay = dup_col(p, 16);
    r->s.bDelayReason = r->zDelay != 0;
    r->zOverride = dup_col(p, 17);
    r->zFindings = dup_col(p, 18);
    r->zLogin = dup_col(p, 19);
    r->tCreated = db_col_int64(p, 20);
    r->zApproverName = dup_col(p, 21);
}

/* The mentors and sponsors of the steps of p. */
static int parties_load(Db *pDb, PipeCase *p)
{
    DbStmt *s = 0;
    int rc = db_prepare_bind(
        pDb, &s,
        "SELECT x.step_id, x.role, x.member_id, pe.name, m.status,"
        " m.rights_suspended FROM recruitment_party x"
        " JOIN recruitment_step st ON st.id=x.step_id"
        " JOIN member m ON m.id=x.member_id"
        " JOIN person pe ON pe.id=m.person_id"
        " WHERE st.recruitment_id=$1 ORDER BY x.step_id, x.member_id",
        "i", p->iId);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        int64_t iStep = db_col_int64(s, 0);
        for (int i = 0; i < p->nRow; i++) {
            PipeRow *r = &p->aRow[i];
            if (r->iId != iStep || r->nParty >= PIPE_MAX_PARTY) continue;
            PipeParty *x = &r->aParty[r->nParty];
            snprintf(x->zRole, sizeof x->zRole, "%s", db_col_text(s, 1));
            x->iMember = db_col_int64(s, 2);
            x->zName = dup_col(s, 3);
            r->s.aPartyStatus[r->nParty] =
                party_status(db_col_text(s, 4), (int)db_col_int64(s, 5));
            r->nParty++;
            r->s.nParty = r->nParty;
        }
        rc = 0;
    }
    db_finalize(s);
    return rc == DB_DONE ? DB_OK : rc;
}

int pipeline_load(Db *pDb, int64_t iRec, PipeCase *p)
{
    DbStmt *s = 0;
    memset(p, 0, sizeof *p);
    int rc = db_prepare_bind(
        pDb, &s,
        "SELECT r.id, r.person_id, r.org_id, r.member_id, r.step, r.stage,"
        " o.name, o.path, pe.name, pe.gender, pe.birth_date,"
        " pe.id_number_mask, pe.phone_mask, pe.ethnicity, pe.education,"
        " pe.job, m.status, m.joined_on, m.full_on"
        " FROM recruitment r JOIN org o ON o.id=r.org_id"
        " JOIN person pe ON pe.id=r.person_id"
        " LEFT JOIN member m ON m.id=r.member_id WHERE r.id=$1",
        "i", iRec);
    if (!rc) {
        rc = db_step(s);
        if (rc == DB_ROW) {
            p->iId = db_col_int64(s, 0);
            p->iPerson = db_col_int64(s, 1);
            p->iOrg = db_col_int64(s, 2);
            p->iMember = int_col(s, 3, 0);
            p->iStep = (int)db_col_int64(s, 4);
            p->iStage = (int)db_col_int64(s, 5);
            p->zOrgName = dup_col(s, 6);
            p->zOrgPath = dup_col(s, 7);
            p->zName = dup_col(s, 8);
            p->zGender = dup_col(s, 9);
            p->zBirth = dup_col(s, 10);
            p->zIdMask = dup_col(s, 11);
            p->zPhoneMask = dup_col(s, 12);
            p->zEthnicity = dup_col(s, 13);
            p->zEducation = dup_col(s, 14);
            p->zJob = dup_col(s, 15);
            p->zMemberStatus = dup_col(s, 16);
            p->zJoinedOn = dup_col(s, 17);
            p->zFullOn = dup_col(s, 18);
            if (cal_parse(p->zBirth, &p->iBirth)) p->iBirth = 0;
            rc = DB_OK;
        } else if (rc == DB_DONE) {
            rc = DB_NOTFOUND;
        }
    }
    db_finalize(s);
    s = 0;
    if (rc) return rc;
    char *zSql = xprintf("SELECT %s FROM recruitment_step s"
                         " LEFT JOIN org o ON o.id=s.approver_org_id"
                         " WHERE s.recruitment_id=$1 ORDER BY s.id",
                         zStepCols);
    rc = db_prepare_bind(pDb, &s, zSql, "i", iRec);
    free(zSql);
    int nAlloc = 0;
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        if (p->nRow == nAlloc) {
            nAlloc = nAlloc ? nAlloc * 2 : 16;
            p->aRow = xrealloc(p->aRow, (size_t)nAlloc * sizeof *p->aRow);
        }
        row_read(s, &p->aRow[p->nRow++]);
        rc = 0;
    }
    db_finalize(s);
    if (rc == DB_DONE) rc = DB_OK;
    if (!rc) rc = parties_load(pDb, p);
    return rc;
}

PipeStep *pipeline_steps(const PipeCase *p)
{
    PipeStep *a = xmalloc((size_t)(p->nRow + 1) * sizeof *a);
    for (int i = 0; i < p->nRow; i++)
        a[i] = p->aRow[i].s;
    return a;
}

void pipeline_case_clear(PipeCase *p)
{
    if (!p) return;
    for (int i = 0; i < p->nRow; i++) {
        PipeRow *r = &p->aRow[i];
        free(r->zPeople);
        free(r->zDocuments);
        free(r->zNote);
        free(r->zDelay);
        free(r->zOverride);
        free(r->zFindings);
        free(r->zLogin);
        free(r->zApproverName);
        for (int k = 0; k < r->nParty; k++)
            free(r->aParty[k].zName);
    }
    free(p->aRow);
    char *az[] = {p->zOrgName,   p->zOrgPath, p->zName,         p->zGender,
                  p->zBirth,     p->zIdMask,  p->zPhoneMask,    p->zEthnicity,
                  p->zEducation, p->zJob,     p->zMemberStatus, p->zJoinedOn,
                  p->zFullOn};
    for (int i = 0; i < COUNT(az); i++)
        free(az[i]);
    memset(p, 0, sizeof *p);
}

void pipeline_step_in_init(PipeStepIn *p)
{
    memset(p, 0, sizeof *p);
    p->nMentor = p->nSponsor = -1;
    p->nEntitled = p->nPresent = p->nYes = p->nWrittenYes = -1;
    p->nTrainDays = p->nTrainHours = -1;
}

/* A free-text field: at most PIPE_MAX_TEXT characters, no control
** characters but newlines and tabs. */
static int text_ok(const char *z, const char *zField, Err *pErr)
{
    if (!z) return 0;
    if (util_utf8_chars(z) > PIPE_MAX_TEXT)
        return err_set(pErr, ZE_FIELD_TOO_LONG, zField, 0);
    for (const unsigned char *p = (const unsigned char *)z; *p; p++)
        if ((*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r') || *p == 0x7f)
            return err_set(pErr, ZE_FIELD_INVALID, zField, "不能包含控制字符");
    return 0;
}

/* Members aId[0..n) named as zRole: each a member of the subtree of
** zPath; their statuses into s->aPartyStatus. */
static int parties_check(Db *pDb, const char *zPath, const int64_t *aId, int n,
                         const char *zField, PipeStep *s, Err *pErr)
{
    char zHi[256];
    auth_path_upper(zPath, zHi);
    s->nParty = 0;
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < i; k++)
            if (aId[k] == aId[i])
                return err_set(pErr, ZE_FIELD_INVALID, zField,
                               "同一名党员不能重复填写");
        DbStmt *p = 0;
        int rc = db_prepare_bind(pDb, &p,
                                 "SELECT m.status, m.rights_suspended FROM "
                                 "member m JOIN org o ON o.id=m.org_id"
                                 " WHERE m.id=$1 AND o.path>=$2 AND o.path<$3",
                                 "itt", aId[i], zPath, zHi);
        if (!rc) rc = db_step(p);
        if (rc == DB_ROW)
            s->aPartyStatus[s->nParty++] =
                party_status(db_col_text(p, 0), (int)db_col_int64(p, 1));
        db_finalize(p);
        if (rc == DB_DONE)
            return err_set(pErr, ZE_FIELD_INVALID, zField,
                           "须为本支部名册中的党员");
        if (rc != DB_ROW)
            return err_set(pErr, err_db(pDb, rc, "pipeline"), 0, 0);
    }
    return 0;
}

/* 正式党员 with voting rights in the subtree of zPath (M2, rules §9). */
static int entitled_count(Db *pDb, const char *zPath, int64_t *pn)
{
    char zHi[256];
    auth_path_upper(zPath, zHi);
    return db_one_int64(pDb, pn,
                        "SELECT count(*) FROM member m JOIN org o ON "
                        "o.id=m.org_id WHERE o.path>=$1 AND o.path<$2 AND "
                        "m.status='full' AND m.rights_suspended=0",
                        "tt", zPath, zHi);
}

/* The congress of step 15/23: a held congress of the recruitment's org. */
static int meeting_check(Db *pDb, const PipeCase *pc, const PipeStepIn *in,
                         PipeStep *s, Err *pErr)
{
    DbStmt *p = 0;
    int rc = db_prepare_bind(pDb, &p,
                             "SELECT org_id, kind, held_on FROM meeting "
                             "WHERE id=$1",
                             "i", in->iMeeting);
    int bOk = 0, iHeld = 0;
    if (!rc) rc = db_step(p);
    if (rc == DB_ROW) {
        const char *zHeld = db_col_text(p, 2);
        bOk = db_col_int64(p, 0) == pc->iOrg &&
              strcmp(db_col_text(p, 1), "congress") == 0 && zHeld &&
              !cal_parse(zHeld, &iHeld);
        rc = DB_OK;
    }
    db_finalize(p);
    if (rc && rc != DB_DONE)
        return err_set(pErr, err_db(pDb, rc, "pipeline"), 0, 0);
    if (!bOk)
        return err_set(pErr, ZE_RECRUIT_MEETING, "meeting_id",
                       "须选择本支部已召开的支部党员大会（M1：接收预备党员、"
                       "预备党员转正须经支部党员大会讨论表决）");
    if (in->zOn && s->iOn != iHeld)
        return err_set(pErr, ZE_RECRUIT_MEETING, "done_on",
                       "登记日期须与支部党员大会召开日期一致");
    s->iOn = iHeld;
    return 0;
}

/* The approving org: the recruitment's org or one above it (D16). */
static int approver_check(Db *pDb, const PipeCase *pc, const PipeStepIn *in,
                          PipeStep *s, Err *pErr)
{
    DbStmt *p = 0;
    char zPath[256] = "", zKind[24] = "";
    int rc = db_prepare_bind(pDb, &p, "SELECT path, kind FROM org WHERE id=$1",
                             "i", in->iApproverOrg);
    if (!rc) rc = db_step(p);
    if (rc == DB_ROW) {
        snprintf(zPath, sizeof zPath, "%s", db_col_text(p, 0));
        snprintf(zKind, sizeof zKind, "%s", db_col_text(p, 1));
        rc = DB_OK;
    }
    db_finalize(p);
    if (rc && rc != DB_DONE)
        return err_set(pErr, err_db(pDb, rc, "pipeline"), 0, 0);
    if (rc == DB_DONE || strncmp(pc->zOrgPath, zPath, strlen(zPath)) != 0)
        return err_set(pErr, ZE_FIELD_INVALID, "approver_org_id",
                       "审批组织须为本支部或其上级党组织");
    s->eApprover =
        in->bTemporary ? RECRUIT_APPROVER_TEMPORARY : approver_kind(zKind);
    if (!s->eApprover) s->eApprover = RECRUIT_APPROVER_BRANCH; /* a group */
    return 0;
}

/* Validate in against case pc into the PipeStep *s (no rule checks). */
static int step_validate(Db *pDb, const PipeCase *pc, const PipeStepIn *in,
                         PipeStep *s, Err *pErr)
{
    int rc, iToday = cal_today();
    memset(s, 0, sizeof *s);
    s->iStep = in->iStep;
    s->nEntitled = s->nPresent = s->nYes = -1;
    s->nTrainDays = s->nTrainHours = -1;
    if (in->iStep < 1 || in->iStep > PIPE_NSTEP)
        return err_set(pErr, ZE_FIELD_INVALID, "step", "步骤应为1至25");
    if ((rc = text_ok(in->zPeople, "people", pErr)) ||
        (rc = text_ok(in->zDocuments, "documents", pErr)) ||
        (rc = text_ok(in->zNote, "note", pErr)) ||
        (rc = text_ok(in->zDelayReason, "delay_reason", pErr)) ||
        (rc = text_ok(in->zOverride, "override_reason", pErr)))
        return rc;
    int bVote = in->iStep == 15 || in->iStep == 23;
    if (in->zOn) {
        if (cal_parse(in->zOn, &s->iOn))
            return err_set(pErr, ZE_DATE_INVALID, "done_on", 0);
        if (s->iOn > iToday) return err_set(pErr, ZE_DATE_FUTURE, "done_on", 0);
    } else if (!bVote) {
        return err_set(pErr, ZE_FIELD_REQUIRED, "done_on", 0);
    }
    if (in->iStep == 5 && in->nMentor <= 0)
        return err_set(pErr, ZE_FIELD_REQUIRED, "mentor_ids",
                       "请选择培养联系人（1至2名正式党员，D5）");
    if (in->iStep == 9 && in->nSponsor <= 0)
        return err_set(pErr, ZE_FIELD_REQUIRED, "sponsor_ids",
                       "请选择入党介绍人（2名正式党员，D8）");
    if (in->iStep == 5 &&
        (rc = parties_check(pDb, pc->zOrgPath, in->aMentor, in->nMentor,
                            "mentor_ids", s, pErr)))
        return rc;
    if (in->iStep == 9 &&
        (rc = parties_check(pDb, pc->zOrgPath, in->aSponsor, in->nSponsor,
                            "sponsor_ids", s, pErr)))
        return rc;
    if (in->iStep == 11) {
        if (in->nTrainDays < 0 && in->nTrainHours < 0)
            return err_set(pErr, ZE_FIELD_REQUIRED, "training_days",
                           "请填写集中培训天数或学时（D10）");
        s->nTrainDays = in->nTrainDays < 0 ? 0 : in->nTrainDays;
        s->nTrainHours = in->nTrainHours < 0 ? 0 : in->nTrainHours;
    }
    if (bVote) {
        if (!in->iMeeting)
            return err_set(pErr, ZE_FIELD_REQUIRED, "meeting_id",
                           "请选择召开表决的支部党员大会");
        if ((rc = meeting_check(pDb, pc, in, s, pErr))) return rc;
        if (s->iOn > iToday) return err_set(pErr, ZE_DATE_FUTURE, "done_on", 0);
        if (in->nPresent < 0)
            return err_set(pErr, ZE_FIELD_REQUIRED, "present", 0);
        if (in->nYes < 0) return err_set(pErr, ZE_FIELD_REQUIRED, "yes", 0);
        s->bVote = 1;
        s->nEntitled = in->nEntitled;
        if (s->nEntitled < 0 &&
            (rc = entitled_count(pDb, pc->zOrgPath, &s->nEntitled)))
            return err_set(pErr, err_db(pDb, rc, "pipeline"), 0, 0);
        s->nPresent = in->nPresent;
        s->nYes = in->nYes;
        s->nWrittenYes = in->nWrittenYes < 0 ? 0 : in->nWrittenYes;
    }
    if (in->iStep == 17 && !in->iApproverOrg)
        return err_set(pErr, ZE_FIELD_REQUIRED, "approver_org_id",
                       "请选择审批的上级党委（D16）");
    if ((in->iStep == 17 || in->iStep == 24) && in->iApproverOrg &&
        (rc = approver_check(pDb, pc, in, s, pErr)))
        return rc;
    if (in->iStep == 17) s->bDelayReason = !util_blank(in->zDelayReason);
    if (in->nExtMonths > 0) {
        if (in->iStep != 23)
            return err_set(pErr, ZE_FIELD_INVALID, "extension_months",
                           "延长预备期只能在第23步（支部大会讨论）登记");
        s->nExtMonths = (int)in->nExtMonths;
    }
    return 0;
}

/* The findings f as a JSON array; overridden errors marked.  New ref. */
static json_t *findings_json(const RecruitAudit *f, int bOverride)
{
    json_t *a = json_array();
    for (int i = 0; i < f->n; i++) {
        json_t *o = json_object();
        jx_set_str(o, "rule", f->a[i].zRule);
        jx_set_str(o, "severity", f->a[i].bError ? "error" : "warning");
        jx_set_int(o, "step", f->a[i].iStep);
        jx_set_str(o, "message", f->a[i].zMsg);
        jx_set_str(o, "article", f->a[i].zArticle);
        jx_set_bool(o, "overridden", f->a[i].bError && bOverride);
        json_array_append_new(a, o);
    }
    return a;
}

/* Insert the step row and its parties; *piStep gets the id. */
static int step_insert(Ctx *c, const PipeCase *pc, const PipeStepIn *in,
                       const PipeStep *s, const RecruitAudit *pFind,
                       int bOverride, int64_t *piStep)
{
    DbStmt *p = 0;
    char zOn[11];
    cal_format(s->iOn, zOn);
    json_t *aF = findings_json(pFind, bOverride);
    char *zFind = jx_dump(aF);
    json_decref(aF);
    int rc = db_prepare(
        c->pDb, &p,
        "INSERT INTO recruitment_step(recruitment_id,step,done_on,people,"
        "documents,note,meeting_id,entitled,present,yes,written_yes,"
        "approver_org_id,approver_kind,train_days,train_hours,ext_months,"
        "delay_reason,override_reason,findings,recorded_by,recorded_login,"
        "created_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,"
        "$15,$16,$17,$18,$19,$20,$21,$22) RETURNING id");
    if (!rc) {
        db_bind_int64(p, 1, pc->iId);
        db_bind_int64(p, 2, s->iStep);
        db_bind_text(p, 3, zOn);
        db_bind_text(p, 4, util_blank(in->zPeople) ? 0 : in->zPeople);
        db_bind_text(p, 5, util_blank(in->zDocuments) ? 0 : in->zDocuments);
        db_bind_text(p, 6, util_blank(in->zNote) ? 0 : in->zNote);
        if (s->bVote) {
            db_bind_int64(p, 7, in->iMeeting);
            db_bind_int64(p, 8, s->nEntitled);
            db_bind_int64(p, 9, s->nPresent);
            db_bind_int64(p, 10, s->nYes);
            db_bind_int64(p, 11, s->nWrittenYes);
        } else {
            for (int i = 7; i <= 11; i++)
                db_bind_null(p, i);
        }
        if (s->eApprover) {
            db_bind_int64(p, 12, in->iApproverOrg);
            db_bind_text(p, 13, approver_kind_name(s->eApprover));
        } else {
            db_bind_null(p, 12);
            db_bind_null(p, 13);
        }
        if (s->iStep == 11) {
            db_bind_int64(p, 14, s->nTrainDays);
            db_bind_int64(p, 15, s->nTrainHours);
        } else {
            db_bind_null(p, 14);
            db_bind_null(p, 15);
        }
        if (s->nExtMonths > 0)
            db_bind_int64(p, 16, s->nExtMonths);
        else
            db_bind_null(p, 16);
        db_bind_text(p, 17, s->bDelayReason ? in->zDelayReason : 0);
        db_bind_text(p, 18, bOverride ? in->zOverride : 0);
        db_bind_text(p, 19, zFind);
        if (c->iUser > 0)
            db_bind_int64(p, 20, c->iUser);
        else
            db_bind_null(p, 20);
        db_bind_text(p, 21, c->zLogin);
        db_bind_int64(p, 22, util_now());
        rc = db_step_id(p, piStep);
    }
    db_finalize(p);
    free(zFind);
    const int64_t *aId = s->iStep == 5 ? in->aMentor : in->aSponsor;
    int n = s->iStep == 5 || s->iStep == 9 ? s->nParty : 0;
    for (int i = 0; i < n && !rc; i++)
        rc = db_run(c->pDb,
                    "INSERT INTO recruitment_party(step_id,role,member_id) "
                    "VALUES($1,$2,$3)",
                    "iti", *piStep, s->iStep == 5 ? "mentor" : "sponsor",
                    aId[i]);
    return rc;
}

/* The vote row on the congress (one per candidate and step). */
static int vote_insert(Ctx *c, const PipeCase *pc, const PipeStepIn *in,
                       const PipeStep *s)
{
    int64_t nSeq = 0;
    const char *zWhat = s->iStep == 15      ? "接收预备党员"
                        : s->nExtMonths > 0 ? "延长预备期"
                                            : "预备党员转正";
    char *zSubject = xprintf("%s：%s", zWhat, pc->zName);
    int rc = db_one_int64(c->pDb, &nSeq,
                          "SELECT count(*) FROM meeting_vote WHERE "
                          "meeting_id=$1 AND subject=$2",
                          "it", in->iMeeting, zSubject);
    if (!rc && nSeq > 0) rc = DB_CONSTRAINT;
    if (!rc)
        rc = db_one_int64(c->pDb, &nSeq,
                          "SELECT coalesce(max(seq)+1,0) FROM meeting_vote "
                          "WHERE meeting_id=$1",
                          "i", in->iMeeting);
    if (!rc) {
        int64_t nNo = s->nPresent - s->nYes;
        DbStmt *p = 0;
        rc = db_prepare(c->pDb, &p,
                        "INSERT INTO meeting_vote(meeting_id,seq,subject,"
                        "entitled,present,yes,no,abstain,written_yes) "
                        "VALUES($1,$2,$3,$4,$5,$6,$7,0,$8)");
        if (!rc) {
            db_bind_int64(p, 1, in->iMeeting);
            db_bind_int64(p, 2, nSeq);
            db_bind_text(p, 3, zSubject);
            db_bind_int64(p, 4, s->nEntitled);
            db_bind_int64(p, 5, s->nPresent);
            db_bind_int64(p, 6, s->nYes);
            db_bind_int64(p, 7, nNo < 0 ? 0 : nNo);
            db_bind_int64(p, 8, s->nWrittenYes);
            rc = db_step(p);
            if (rc == DB_DONE) rc = DB_OK;
        }
        db_finalize(p);
    }
    free(zSubject);
    return rc;
}

/* The side effects of step s on the member record: step 17 makes the
** person a probationary member from the admission vote (D17, D23); step 24
** makes him full from the end of probation or extension (D21).  *piMember
** gets the member id. */
static int member_effect(Ctx *c, const PipeCase *pc, const PipeStep *a, int n,
                         const PipeStep *s, const RecruitAudit *pFind,
                         int64_t *piMember, Err *pErr)
{
    char zDay[11];
    if (s->iStep == 17) {
        PipeDates dt;
        pipeline_dates(a, n, &dt);
        cal_format(dt.iVote, zDay);
        return member_admit(c, pc->iPerson, pc->iOrg, zDay, piMember, pErr);
    }
    if (s->iStep == 24 && *piMember) {
        cal_format(pFind->iFullMember, zDay);
        return member_make_full(c, *piMember, zDay, pErr);
    }
    return ZE_OK;
}

/* Record in for the loaded case pc inside an open transaction. */
static int record_tx(Ctx *c, PipeCase *pc, const PipeStepIn *in,
                     RecruitAudit *pFind, int64_t *piStep, Err *pErr)
{
    PipeStep s;
    RecruitRules rules;
    const char *zField = 0;
    int64_t iMember = pc->iMember;
    int rc;
    if ((rc = step_validate(c->pDb, pc, in, &s, pErr))) return rc;
    PipeStep *a = pipeline_steps(pc);
    if (pipeline_order(a, pc->nRow, &s, &zField)) {
        free(a);
        return err_set(pErr, ZE_RECRUIT_STEP, zField,
                       strcmp(zField, "step") == 0
                           ? "发展党员步骤须按顺序登记：该步骤不是下一步"
                           : "日期不得早于上一步骤的日期");
    }
    recruit_rules_load(c->pDb, &rules);
    recruit_audit_free(pFind);
    pipeline_check(a, pc->nRow, &s, pc->iBirth, &rules, pFind);
    int bOverride = pFind->nError > 0 && !util_blank(in->zOverride);
    if (pFind->nError > 0 && !bOverride) {
        free(a);
        return err_set(pErr, ZE_RECRUIT_RULE, 0, 0);
    }
    rc = step_insert(c, pc, in, &s, pFind, bOverride, piStep);
    if (!rc && s.bVote) {
        rc = vote_insert(c, pc, in, &s);
        if (rc == DB_CONSTRAINT) {
            free(a);
            return err_set(pErr, ZE_RECRUIT_MEETING, "meeting_id",
                           "该发展对象在这次支部党员大会上已有表决记录"
                           "（一人一表决）");
        }
    }
    if (rc) {
        free(a);
        return err_set(pErr, err_db(c->pDb, rc, "pipeline"), 0, 0);
    }
    a[pc->nRow] = s;
    rc = member_effect(c, pc, a, pc->nRow + 1, &s, pFind, &iMember, pErr);
    free(a);
    if (rc) return rc;
    rc = db_run(c->pDb,
                "UPDATE recruitment SET step=$1, stage=$2, updated_at=$3 "
                "WHERE id=$4",
                "iiii", (int64_t)s.iStep, (int64_t)pipeline_stage(s.iStep),
                util_now(), pc->iId);
    if (!rc && iMember)
        rc = db_run(c->pDb, "UPDATE recruitment SET member_id=$1 WHERE id=$2",
                    "ii", iMember, pc->iId);
    if (!rc) {
        char zOn[11];
        cal_format(s.iOn, zOn);
        char *zDetail =
            bOverride
                ? xprintf("step=%d on=%s override=%s rules=%s", s.iStep, zOn,
                          in->zOverride, pFind->a[0].zRule)
                : xprintf("step=%d on=%s warnings=%d", s.iStep, zOn, pFind->n);
        rc = audit_log(c, "recruitment.step", "recruitment", pc->iId, zDetail);
        free(zDetail);
    }
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "pipeline"), 0, 0);
    return ZE_OK;
}

/* Commit, or roll back on rc. */
static int finish(Ctx *c, int rc, Err *pErr)
{
    if (!rc && (rc = db_commit(c->pDb)))
        rc = err_set(pErr, err_db(c->pDb, rc, "pipeline"), 0, 0);
    if (rc) db_rollback(c->pDb);
    return rc;
}

int pipeline_record(Ctx *c, int64_t iRec, const PipeStepIn *in,
                    RecruitAudit *pFind, int64_t *piStep, Err *pErr)
{
    PipeCase pc;
    memset(pFind, 0, sizeof *pFind);
    int rc = db_begin(c->pDb);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "pipeline"), 0, 0);
    rc = pipeline_load(c->pDb, iRec, &pc);
    if (rc)
        rc = err_set(pErr, err_db(c->pDb, rc, "pipeline"), 0, 0);
    else
        rc = record_tx(c, &pc, in, pFind, piStep, pErr);
    pipeline_case_clear(&pc);
    return finish(c, rc, pErr);
}

int pipeline_create(Ctx *c, int64_t iOrg, const MemberRec *pPerson,
                    const PipeStepIn *in, RecruitAudit *pFind, int64_t *piRec,
                    Err *pErr)
{
    PipeCase pc;
    PipeStepIn one = *in;
    int64_t iPerson = 0, iStep = 0;
    char zKind[24] = "";
    int bClosed = 0;
    memset(pFind, 0, sizeof *pFind);
    memset(&pc, 0, sizeof pc);
    one.iStep = 1;
    int rc = db_begin(c->pDb);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "pipeline"), 0, 0);
    DbStmt *p = 0;
    rc = db_prepare_bind(c->pDb, &p, "SELECT kind, closed FROM org WHERE id=$1",
                         "i", iOrg);
    if (!rc) rc = db_step(p);
    if (rc == DB_ROW) {
        snprintf(zKind, sizeof zKind, "%s", db_col_text(p, 0));
        bClosed = (int)db_col_int64(p, 1);
        rc = DB_OK;
    }
    db_finalize(p);
    if (rc == DB_DONE)
        rc = err_set(pErr, ZE_NOT_FOUND, "org_id", 0);
    else if (rc)
        rc = err_set(pErr, err_db(c->pDb, rc, "pipeline"), 0, 0);
    else if (strcmp(zKind, "branch") != 0)
        rc = err_set(pErr, ZE_RECRUIT_ORG_KIND, "org_id", 0);
    else if (bClosed)
        rc = err_set(pErr, ZE_ORG_CLOSED, "org_id", 0);
    if (!rc) rc = member_person_insert(c, pPerson, &iPerson, pErr);
    if (!rc) {
        int64_t tNow = util_now();
        rc = db_one_int64(c->pDb, piRec,
                          "INSERT INTO recruitment(person_id,org_id,step,"
                          "stage,created_at,updated_at) "
                          "VALUES($1,$2,0,1,$3,$3) RETURNING id",
                          "iii", iPerson, iOrg, tNow);
        if (!rc)
            rc = audit_log(c, "recruitment.create", "recruitment", *piRec,
                           "step=1");
        if (!rc) rc = pipeline_load(c->pDb, *piRec, &pc);
        if (rc) rc = err_set(pErr, err_db(c->pDb, rc, "pipeline"), 0, 0);
    }
    if (!rc) rc = record_tx(c, &pc, &one, pFind, &iStep, pErr);
    pipeline_case_clear(&pc);
    return finish(c, rc, pErr);
}

/* ------------------------------------------------------------ lists */

void pipeline_sums_free(PipeSum *a, int n)
{
    for (int i = 0; i < n; i++) {
        free(a[i].zOrgName);
        free(a[i].zName);
        free(a[i].zGender);
        free(a[i].zBirth);
        free(a[i].zIdMask);
        free(a[i].zSponsors);
        free(a[i].aStep);
    }
    free(a);
}

/* The PipeSum with id iId in a[0..n) (sorted by id), or NULL. */
static PipeSum *sum_find(PipeSum *a, int n, int64_t iId)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (a[mid].iId == iId) return &a[mid];
        if (a[mid].iId < iId)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return 0;
}

int pipeline_list(Db *pDb, const char *zPath, PipeSum **pa, int *pn)
{
    DbStmt *s = 0;
    char zHi[256];
    PipeSum *a = 0;
    int n = 0, nAlloc = 0;
    auth_path_upper(zPath, zHi);
    *pa = 0;
    *pn = 0;
    int rc = db_prepare_bind(
        pDb, &s,
        "SELECT r.id, r.org_id, r.member_id, o.name, pe.name, pe.gender,"
        " pe.birth_date, pe.id_number_mask, r.step, r.stage"
        " FROM recruitment r JOIN org o ON o.id=r.org_id"
        " JOIN person pe ON pe.id=r.person_id"
        " WHERE o.path>=$1 AND o.path<$2 ORDER BY r.id",
        "tt", zPath, zHi);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        if (n == nAlloc) {
            nAlloc = nAlloc ? 2 * nAlloc : 32;
            a = xrealloc(a, (size_t)nAlloc * sizeof *a);
        }
        PipeSum *p = &a[n++];
        memset(p, 0, sizeof *p);
        p->iId = db_col_int64(s, 0);
        p->iOrg = db_col_int64(s, 1);
        p->iMember = int_col(s, 2, 0);
        p->zOrgName = dup_col(s, 3);
        p->zName = dup_col(s, 4);
        p->zGender = dup_col(s, 5);
        p->zBirth = dup_col(s, 6);
        p->zIdMask = dup_col(s, 7);
        p->iStep = (int)db_col_int64(s, 8);
        p->iStage = (int)db_col_int64(s, 9);
        rc = 0;
    }
    db_finalize(s);
    s = 0;
    if (rc == DB_DONE) rc = DB_OK;
    if (!rc)
        rc = db_prepare_bind(
            pDb, &s,
            "SELECT s.recruitment_id, s.step, s.done_on, s.ext_months"
            " FROM recruitment_step s JOIN recruitment r"
            " ON r.id=s.recruitment_id JOIN org o ON o.id=r.org_id"
            " WHERE o.path>=$1 AND o.path<$2 ORDER BY s.recruitment_id, s.id",
            "tt", zPath, zHi);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        PipeSum *p = sum_find(a, n, db_col_int64(s, 0));
        rc = 0;
        if (!p || p->nStep >= PIPE_MAX_STEPS) continue;
        if (!p->aStep) p->aStep = xcalloc(PIPE_MAX_STEPS, sizeof *p->aStep);
        PipeStep *x = &p->aStep[p->nStep++];
        x->iStep = (int)db_col_int64(s, 1);
        if (cal_parse(db_col_text(s, 2), &x->iOn)) x->iOn = 0;
        x->nExtMonths = (int)int_col(s, 3, 0);
    }
    db_finalize(s);
    s = 0;
    if (rc == DB_DONE) rc = DB_OK;
    if (!rc)
        rc = db_prepare_bind(
            pDb, &s,
            "SELECT st.recruitment_id, pe.name FROM recruitment_party x"
            " JOIN recruitment_step st ON st.id=x.step_id"
            " JOIN recruitment r ON r.id=st.recruitment_id"
            " JOIN org o ON o.id=r.org_id"
            " JOIN member m ON m.id=x.member_id"
            " JOIN person pe ON pe.id=m.person_id"
            " WHERE x.role='sponsor' AND o.path>=$1 AND o.path<$2"
            " ORDER BY st.recruitment_id, st.id, x.member_id",
            "tt", zPath, zHi);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        PipeSum *p = sum_find(a, n, db_col_int64(s, 0));
        rc = 0;
        if (!p) continue;
        const char *zName = db_col_text(s, 1);
        char *z = p->zSponsors ? xprintf("%s、%s", p->zSponsors, zName)
                               : xstrdup(zName);
        free(p->zSponsors);
        p->zSponsors = z;
    }
    db_finalize(s);
    if (rc == DB_DONE) rc = DB_OK;
    if (rc) {
        pipeline_sums_free(a, n);
        return rc;
    }
    *pa = a;
    *pn = n;
    return DB_OK;
}

/* A date or "" into z[11]. */
static const char *day_or_blank(int iDay, char z[11])
{
    if (iDay == NO_DATE || iDay == 0)
        z[0] = 0;
    else
        cal_format(iDay, z);
    return z;
}

int pipeline_ledger(Ctx *c, int64_t iOrg, int iYear, int *pFd,
                    long long *pnSize, Err *pErr)
{
    static const char *const azHead[] = {"姓名",
                                         "性别",
                                         "出生日期",
                                         "公民身份号码",
                                         "所在党支部",
                                         "申请入党日期",
                                         "确定积极分子日期",
                                         "确定发展对象日期",
                                         "支部大会接收日期",
                                         "上级党委审批日期",
                                         "预备期满日期",
                                         "转正日期",
                                         "入党介绍人",
                                         "当前阶段",
                                         "当前步骤",
                                         "逾期事项"};
    static const double aWidth[] = {10, 6,  12, 20, 20, 12, 14, 14,
                                    14, 14, 12, 12, 18, 20, 24, 40};
    char zPath[256], zYear[8], *zErr = 0;
    int iFirst, iLast, n = 0, nRows = 0, rc;
    PipeSum *a = 0;
    Xlsx *x = 0;
    RecruitRules rules;
    snprintf(zYear, sizeof zYear, "%04d", iYear);
    if (cal_period(zYear, &iFirst, &iLast))
        return err_set(pErr, ZE_BAD_QUERY, "year", 0);
    if ((rc = auth_org_path(c->pDb, iOrg, zPath)) ||
        (rc = pipeline_list(c->pDb, zPath, &a, &n)))
        return err_set(pErr, err_db(c->pDb, rc, "pipeline"), 0, 0);
    recruit_rules_load(c->pDb, &rules);
    int iAsOf = cal_today() < iLast ? cal_today() : iLast;
    if (xlsx_new(&x, &zErr)) {
        log_msg(LOG_ERROR, "recruitment ledger: %s", zErr);
        free(zErr);
        pipeline_sums_free(a, n);
        return err_set(pErr, ZE_EXPORT_FAILED, 0, 0);
    }
    xlsx_sheet(x, "发展党员工作台账");
    xlsx_widths(x, aWidth, COUNT(aWidth));
    xlsx_header(x, azHead, COUNT(azHead));
    for (int i = 0; i < n; i++) {
        PipeSum *p = &a[i];
        PipeDates dt;
        PipeDue aDue[PIPE_MAX_DUE];
        if (!p->nStep) continue;
        pipeline_dates(p->aStep, p->nStep, &dt);
        int iStart = p->aStep[0].iOn, iEnd = p->aStep[p->nStep - 1].iOn;
        int bDone = p->iStep >= 24;
        if (iStart > iLast || (bDone && iEnd < iFirst)) continue;
        int nDue = pipeline_due(p->aStep, p->nStep, iAsOf, &rules, aDue);
        Buf b = BUF_INIT;
        for (int k = 0; k < nDue; k++) {
            char zDue[11];
            if (aDue[k].eStatus != PIPE_OVERDUE) continue;
            cal_format(aDue[k].iDue, zDue);
            buf_appendf(&b, "%s%s（%s，应于%s前）", b.n ? "；" : "",
                        aDue[k].zWhat, aDue[k].zRule, zDue);
        }
        char az[8][11];
        const char *zStep = pipeline_step_name(p->iStep);
        char *zStepText = xprintf("第%d步 %s", p->iStep, zStep ? zStep : "");
        const char *azRow[] = {
            p->zName,
            p->zGender && strcmp(p->zGender, "male") == 0 ? "男" : "女",
            p->zBirth,
            p->zIdMask,
            p->zOrgName,
            day_or_blank(dt.iApplied, az[0]),
            day_or_blank(dt.iActivist, az[1]),
            day_or_blank(dt.iCandidate, az[2]),
            day_or_blank(dt.iVote, az[3]),
            day_or_blank(dt.iApproved, az[4]),
            day_or_blank(dt.iProbationEnd, az[5]),
            day_or_blank(dt.iFullApproved != NO_DATE ? dt.iFullOn : NO_DATE,
                         az[6]),
            p->zSponsors,
            bDone ? "已转正" : pipeline_stage_name(p->iStage),
            zStepText,
            buf_str(&b)};
        xlsx_row(x, azRow, COUNT(azRow));
        free(zStepText);
        buf_free(&b);
        nRows++;
    }
    pipeline_sums_free(a, n);
    if (xlsx_finish(x, pFd, pnSize, &zErr)) {
        log_msg(LOG_ERROR, "recruitment ledger: %s", zErr);
        free(zErr);
        return err_set(pErr, ZE_EXPORT_FAILED, 0, 0);
    }
    char zDetail[64];
    snprintf(zDetail, sizeof zDetail, "year=%d rows=%d", iYear, nRows);
    audit_log_tx(c, "export.recruitment", "org", iOrg, zDetail);
    return 0;
}
