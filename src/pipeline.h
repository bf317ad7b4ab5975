/* pipeline.h: the recruitment pipeline (发展党员, issue 4 items 1-3 and 5;
** requirement A5): each applicant from application to full member through
** the five stages and 25 steps of rules §2.1, every step checked by the
** dossier audit of recruit.h (D1-D21) plus D5, refused or flagged with the
** rule and its article, the admission and 转正 votes at a congress, the
** person made a probationary member on approval (step 17) and a full
** member on 转正 approval (step 24), what is due next per person, and the
** 发展党员工作台账 ledger.
**
** The pure part (step names, order, dossier, findings, due-next) knows no
** database and is what the unit tests drive; the rest reads and writes the
** tables of sql/NNN_recruitment.sql.  No HTTP here (api_pipeline.c). */
#ifndef ZHIBU_PIPELINE_H
#define ZHIBU_PIPELINE_H
#include <stdint.h>
#include "ctx.h"
#include "errcode.h"
#include "member.h"
#include "recruit.h"

#define PIPE_NSTEP     25  /* steps of rules §2.1 */
#define PIPE_MAX_STEPS 96  /* recorded steps per person accepted */
#define PIPE_MAX_PARTY 4   /* mentors or sponsors named on one step */
#define PIPE_MAX_DUE   4   /* due items per person */
#define PIPE_MAX_TEXT  500 /* characters of people, documents, notes */

/* One recorded step as the rules see it. */
typedef struct PipeStep {
    int iStep;                        /* 1..25 */
    int iOn;                          /* its date (calendar.h day) */
    int nParty;                       /* mentors (5) or sponsors (9) */
    int aPartyStatus[PIPE_MAX_PARTY]; /* RECRUIT_SPONSOR_* of each */
    int64_t nTrainDays, nTrainHours;  /* step 11 (D10) */
    int bVote;                        /* steps 15, 23: a congress vote */
    int64_t nEntitled, nPresent, nYes, nWrittenYes; /* the vote (M2, D13) */
    int eApprover;    /* step 17: RECRUIT_APPROVER_* (D16) */
    int bDelayReason; /* step 17: special reason for > 3 months (D15) */
    int nExtMonths; /* step 23: > 0 = 延长预备期 instead of 转正 (D18) */
} PipeStep;

/* Name of step i (1..25) in Chinese (static), or NULL. */
const char *pipeline_step_name(int iStep);
/* Stage 1..5 of step i (rules §2.1), 0 when out of range. */
int pipeline_stage(int iStep);
/* Name of stage 1..5 (static), or NULL. */
const char *pipeline_stage_name(int iStage);

/*
** The steps that may be recorded after the history a[0..n) (in order of
** recording) into aNext (at most 2); returns how many.  Steps go one after
** another; step 6 (考察) repeats every half year; after an extension
** (step 23 with nExtMonths) the next is 22 again; nothing after 25.
*/
int pipeline_next(const PipeStep *a, int n, int aNext[2]);
/*
** Check that step pNew may follow a[0..n): the step is one pipeline_next()
** allows and its date is not before the last recorded step's.  Returns
** ZE_OK or ZE_RECRUIT_STEP with *pzField ("step" or "done_on").
*/
int pipeline_order(const PipeStep *a, int n, const PipeStep *pNew,
                   const char **pzField);
/* The dossier of the history a[0..n) for birth date iBirth, as of iAsOf. */
void pipeline_dossier(const PipeStep *a, int n, int iBirth, int iAsOf,
                      RecruitDossier *d);
/*
** The findings that recording pNew after a[0..n) brings: the dossier audit
** (recruit_audit, as of pNew's date) with and without pNew, keeping those
** only the new dossier has, plus D5 (1-2 full members as mentors) and the
** extension vote (D18, M2).  *pOut is freed with recruit_audit_free();
** pOut->nError counts the errors (a step the rules forbid).
*/
void pipeline_check(const PipeStep *a, int n, const PipeStep *pNew, int iBirth,
                    const RecruitRules *pRules, RecruitAudit *pOut);

/* What is due next for one person. */
enum {
    PIPE_WAITING = 1, /* not yet possible (earliest date ahead) */
    PIPE_READY,       /* may be done now (earliest date reached) */
    PIPE_DUE,         /* a deadline not yet passed */
    PIPE_OVERDUE      /* the deadline has passed */
};
typedef struct PipeDue {
    const char *zRule;    /* "D3" (static) */
    const char *zArticle; /* its article (static) */
    int iStep;            /* the step due */
    const char *zWhat;    /* Chinese description (static) */
    int iDue;             /* the date */
    int eStatus;          /* PIPE_* */
} PipeDue;
/* "waiting", "ready", "due" or "overdue" (static). */
const char *pipeline_status_name(int eStatus);
/*
** What is due after the history a[0..n) on iAsOf: the talk within one month
** of the application (D3, deadline), the activist review every half year
** (D6, deadline) and the end of the activist year (D7, earliest), approval
** within three months of the admission vote (D15, deadline), the end of
** probation or extension (D17/D18: waiting, due on the day, overdue after)
** and 转正 approval within three months of the vote (D20).  A deadline is
** overdue the day after it.  Fills aOut (PIPE_MAX_DUE) and returns the
** count.
*/
int pipeline_due(const PipeStep *a, int n, int iAsOf,
                 const RecruitRules *pRules, PipeDue *aOut);

/* The key dates of a history (NO_DATE = RECRUIT_NO_DATE when absent). */
typedef struct PipeDates {
    int iApplied, iActivist, iCandidate, iVote, iApproved;
    int iProbationEnd; /* one year after the admission vote (D17) */
    int iFullOn;       /* end of probation or extension (D21) */
    int iFullApproved; /* step 24 */
    int nExtension;    /* extensions recorded */
} PipeDates;
void pipeline_dates(const PipeStep *a, int n, PipeDates *p);

/* ------------------------------------------------------------ stored */

/* A member named on a step. */
typedef struct PipeParty {
    int64_t iMember;
    char *zName;   /* owned */
    char zRole[8]; /* "mentor" | "sponsor" */
} PipeParty;

/* One stored step.  Strings owned (pipeline_case_clear()). */
typedef struct PipeRow {
    int64_t iId;
    PipeStep s;
    char zOn[11];
    char *zPeople, *zDocuments, *zNote, *zDelay, *zOverride;
    char *zFindings; /* JSON array text */
    char *zLogin;    /* who recorded it */
    int64_t iMeeting, iApproverOrg;
    char *zApproverName;
    int64_t tCreated;
    PipeParty aParty[PIPE_MAX_PARTY];
    int nParty;
} PipeRow;

/* One person's recruitment as stored. */
typedef struct PipeCase {
    int64_t iId, iPerson, iOrg, iMember;
    int iStep, iStage;
    char *zOrgName, *zOrgPath;
    char *zName, *zGender, *zBirth, *zIdMask, *zPhoneMask;
    char *zEthnicity, *zEducation, *zJob;
    int iBirth;
    char *zMemberStatus; /* "probationary" | "full" | NULL */
    char *zJoinedOn, *zFullOn;
    PipeRow *aRow; /* in order of recording; owned */
    int nRow;
} PipeCase;

/* Load recruitment iRec.  DB_OK, DB_NOTFOUND or a DB error. */
int pipeline_load(Db *pDb, int64_t iRec, PipeCase *p);
/* The PipeStep array of p (caller frees with free()), n = p->nRow. */
PipeStep *pipeline_steps(const PipeCase *p);
void pipeline_case_clear(PipeCase *p); /* NULL-safe */

/* A step as entered (form or JSON).  Strings borrowed; -1 = not given. */
typedef struct PipeStepIn {
    int iStep;
    const char *zOn; /* YYYY-MM-DD; for 15/23 defaults to the congress */
    const char *zPeople, *zDocuments, *zNote;
    int64_t aMentor[PIPE_MAX_PARTY];
    int nMentor; /* -1 not given */
    int64_t aSponsor[PIPE_MAX_PARTY];
    int nSponsor; /* -1 not given */
    int64_t iMeeting;
    int64_t nEntitled, nPresent, nYes, nWrittenYes; /* -1 not given */
    int64_t iApproverOrg;
    int bTemporary; /* the approving org is a 临时党组织 */
    const char *zDelayReason;
    int64_t nTrainDays, nTrainHours; /* -1 not given */
    int64_t nExtMonths;              /* 0 = not an extension */
    const char *zOverride;           /* reason to record despite errors */
} PipeStepIn;
void pipeline_step_in_init(PipeStepIn *p);

/*
** Record step in for recruitment iRec in one transaction with its audit
** row "recruitment.step" (with the override reason, when one was used):
** the step, its mentors or sponsors, the congress vote row
** (meeting_vote), at step 17 the probationary member (joined_on = the
** admission vote), at step 24 the full member (full_on = end of probation
** or extension, never the approval date).  A step whose findings include an
** error is refused with ZE_RECRUIT_RULE unless in->zOverride is not blank;
** *pFind (always filled; recruit_audit_free()) holds the step's findings.
** *piStep gets the new step id.  The caller checks scope on the org.
*/
int pipeline_record(Ctx *c, int64_t iRec, const PipeStepIn *in,
                    RecruitAudit *pFind, int64_t *piStep, Err *pErr);
/*
** A new applicant: person pPerson (validated as a member's person fields)
** in branch iOrg, with step 1 from in (in->iStep is set to 1), in one
** transaction with the audit row "recruitment.create".  *piRec gets the
** recruitment id.  ZE_RECRUIT_ORG_KIND unless iOrg is an open branch.
*/
int pipeline_create(Ctx *c, int64_t iOrg, const MemberRec *pPerson,
                    const PipeStepIn *in, RecruitAudit *pFind, int64_t *piRec,
                    Err *pErr);

/* One person in a pipeline list or the ledger. */
typedef struct PipeSum {
    int64_t iId, iOrg, iMember;
    char *zOrgName, *zName, *zGender, *zBirth, *zIdMask; /* owned */
    char *zSponsors; /* names, "、"-joined; owned, may be NULL */
    int iStep, iStage;
    PipeStep *aStep; /* owned */
    int nStep;
} PipeSum;
/* The recruitments of the subtree of path zPath, oldest first.  *pa
** (pipeline_sums_free()) and *pn. */
int pipeline_list(Db *pDb, const char *zPath, PipeSum **pa, int *pn);
void pipeline_sums_free(PipeSum *a, int n);

/*
** The 发展党员工作台账 of org iOrg's subtree for year iYear as .xlsx: one
** row per person whose recruitment was open during the year; audited
** "export.recruitment".  *pFd (caller owns) and *pnSize.
*/
int pipeline_ledger(Ctx *c, int64_t iOrg, int iYear, int *pFd,
                    long long *pnSize, Err *pErr);

/*
** Demo data (demo_recruit.c, called once by `zhibu demo`): eighteen people
** at every stage in the branch iLoginBranch and two other branches, dated
** back from iToday, some overdue.  Dies on failure.  Returns how many.
*/
int demo_recruit(Ctx *c, int iToday, int64_t iLoginBranch);

#endif
