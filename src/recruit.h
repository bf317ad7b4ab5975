/* recruit.h: the recruitment dossier audit (发展党员时间审核): the dates,
** sponsors, training and votes of a dossier checked against rules D1-D21
** of 《中国共产党发展党员工作细则》 and 党章, with the probation end, the
** 转正 date and 党龄 worked out by rules §9.  Nothing is stored.
**
** The audit itself (recruit_audit) works on a RecruitDossier and knows no
** JSON; recruit_dossier_from_json() and recruit_audit_json() are the one
** JSON form shared by `zhibu recruit audit` and POST
** /api/v1/recruitment/audit. */
#ifndef ZHIBU_RECRUIT_H
#define ZHIBU_RECRUIT_H
#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include "db.h"

#define RECRUIT_NO_DATE        INT_MIN /* a date the dossier does not give */
#define RECRUIT_MAX_REVIEWS    64      /* activist_reviews entries accepted */
#define RECRUIT_MAX_SPONSORS   8       /* sponsors entries accepted */
#define RECRUIT_MAX_EXTENSIONS 8       /* extension entries accepted */

/* A sponsor's (入党介绍人) standing. */
enum {
    RECRUIT_SPONSOR_FULL = 1,     /* 正式党员 */
    RECRUIT_SPONSOR_PROBATIONARY, /* 预备党员 */
    RECRUIT_SPONSOR_DISCIPLINE /* 受留党察看处分、尚未恢复党员权利 */
};

/* The kind of org that approved the admission (D16). */
enum {
    RECRUIT_APPROVER_NONE = 0,       /* not given */
    RECRUIT_APPROVER_COMMITTEE,      /* 基层党委: may approve */
    RECRUIT_APPROVER_GENERAL_BRANCH, /* 党总支: may not */
    RECRUIT_APPROVER_BRANCH,         /* 党支部: may not */
    RECRUIT_APPROVER_TEMPORARY       /* 临时党组织: may not */
};

/* A 支部大会 vote (admission or 转正). */
typedef struct RecruitVote {
    int bSet;          /* the dossier records this vote */
    int iOn;           /* meeting date, or RECRUIT_NO_DATE */
    int64_t nEntitled; /* 应到会有表决权的正式党员; -1 when not given */
    int64_t nPresent;    /* 有表决权的到会人数; -1 when not given */
    int64_t nYes;        /* 到会赞成人数; -1 when not given */
    int64_t nWrittenYes; /* absentees' 书面意见 in favour (D13); 0 default */
} RecruitVote;

/* One paper dossier.  Dates are calendar.h day numbers or
** RECRUIT_NO_DATE. */
typedef struct RecruitDossier {
    int iBirth;    /* birth_date (required) */
    int iApplied;  /* applied_on: 递交入党申请书 (step 1) */
    int iTalked;   /* talked_on: 谈话 (step 2) */
    int iActivist; /* activist_on: 积极分子 (step 3) */
    int nReview;   /* activist_reviews count */
    int aReview[RECRUIT_MAX_REVIEWS]; /* 考察 dates, sorted (step 6) */
    int iCandidate;                   /* candidate_on: 发展对象 (step 7) */
    int nSponsor;                     /* sponsors count; -1 when not given */
    int aSponsor[RECRUIT_MAX_SPONSORS]; /* RECRUIT_SPONSOR_* (step 9) */
    int iPoliticalReview;               /* political_review_on (step 10) */
    int bTraining;                      /* training given (step 11) */
    int64_t nTrainDays;                 /* training.days, 0 when not given */
    int64_t nTrainHours;                /* training.hours, 0 when not given */
    int iPreReview;                     /* pre_review_on: 预审 (step 13) */
    int iLeavesUnit;                    /* leaves_unit_on (D11) */
    RecruitVote admission;              /* admission_vote (step 15) */
    int eApprover;                      /* approver_kind, RECRUIT_APPROVER_* */
    int bDelayReason;                   /* approval_delay_reason not blank */
    int iApproved;                      /* approved_on (step 17) */
    int nExtension;                     /* extension count; -1 not given */
    int aExtMonths[RECRUIT_MAX_EXTENSIONS]; /* months of each extension */
    RecruitVote full;                       /* full_vote: 转正 (step 23) */
    int iFullApproved;                      /* full_approved_on (step 24) */
    int iAsOf; /* as_of: the day the audit speaks of */
} RecruitDossier;

/* Rules the texts leave open: settings (see recruit_rules_load()). */
typedef struct RecruitRules {
    int nActivistMonths; /* "一年以上" as months, default 12 (D7) */
    int nP1Months;       /* LOCAL P1: application -> activist; 0 = off */
    int nP3Months;       /* LOCAL P3: pre-review -> vote; 0 = off */
    int nP5Months;       /* LOCAL P5: political review validity; 0 = off */
} RecruitRules;

/* One finding. */
typedef struct RecruitFinding {
    const char *zRule;    /* "D7" (static) */
    int bError;           /* 1 error, 0 warning */
    int iStep;            /* step 1..25 of rules §2.1 */
    char *zMsg;           /* Chinese, with the dates and numbers; owned */
    const char *zArticle; /* "细则 第十三条" (static) */
} RecruitFinding;

/* The result of recruit_audit().  Free with recruit_audit_free(). */
typedef struct RecruitAudit {
    RecruitFinding *a;  /* findings in step order; owned */
    int n, nAlloc;      /* count, capacity */
    int nError;         /* findings with bError */
    int iProbationEnd;  /* one year after the admission vote, or NO_DATE */
    int iFullMember;    /* 转正 date: end of probation or extension */
    int nStandingYears; /* whole years of 党龄 on iAsOf; -1 = none yet */
    int iAsOf;          /* the dossier's as_of */
} RecruitAudit;

/* An input error: a stable ZE_* code and the field, e.g. "sponsors[1].status". */
typedef struct RecruitInputErr {
    int iCode;        /* ZE_FIELD_REQUIRED, ZE_FIELD_TYPE, ... */
    char zField[64];  /* JSON path of the field */
    const char *zMsg; /* static message override, or NULL */
} RecruitInputErr;

/* The article rule zId ("D7") cites (static), or NULL when unknown. */
const char *recruit_article(const char *zId);
/* The defaults of the settings (12 months; P1, P3, P5 off). */
void recruit_rules_default(RecruitRules *p);
/* RecruitRules from the settings of pDb (defaults when pDb is NULL). */
void recruit_rules_load(Db *pDb, RecruitRules *p);
/* An empty dossier: every date RECRUIT_NO_DATE, lists not given. */
void recruit_dossier_init(RecruitDossier *d);
/*
** Audit dossier d (d->iBirth and d->iAsOf must be dates) under pRules and
** fill *pOut, which the caller frees with recruit_audit_free().  Dossier
** breaches are findings, never failures: this cannot fail.
*/
void recruit_audit(const RecruitDossier *d, const RecruitRules *pRules,
                   RecruitAudit *pOut);
/* Free what recruit_audit() put in p (NULL-safe). */
void recruit_audit_free(RecruitAudit *p);

/*
** Fill *d from the JSON object pIn of the audit input (see
** docs/api.md).  Every field is optional except birth_date; null counts
** as absent; unknown keys are refused (a misspelt date would silently
** skip its check).  as_of defaults to iToday.  Returns 0, or a ZE_* code
** with *pErr filled: ZE_FIELD_REQUIRED, ZE_FIELD_TYPE, ZE_DATE_INVALID or
** ZE_FIELD_INVALID.
*/
int recruit_dossier_from_json(json_t *pIn, int iToday, RecruitDossier *d,
                              RecruitInputErr *pErr);
/*
** The audit output {"findings":[{rule,severity,step,message,article}],
** "probation_end","full_member_on","party_standing_years","as_of"}.  New
** reference.
*/
json_t *recruit_audit_json(const RecruitAudit *a);

#endif
