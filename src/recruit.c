/* recruit.c: the recruitment dossier audit (发展党员时间审核, issue 4
** item 4; requirement A5).  A paper dossier's dates, sponsors, training and
** votes are checked against 《中国共产党发展党员工作细则》 (细则) and 党章,
** rules D1-D21 and the local practices P1, P3 and P5 (off by default) of
** shared/domain/rules.md §2, with the date conventions of rules §9: "N
** months after D" is cal_add_months(), 以上/以下/以内 include the number,
** probation runs from the admission vote, and the 转正 date and 党龄 follow
** the end of probation or extension, never the approval date.
**
** A step the rules forbid is an error finding; a late step (accepted and
** flagged) or a record the dossier lacks is a warning.  Every finding
** names its rule id, its step (1-25 of rules §2.1) and its article.
**
** Entry points: recruit_audit, recruit_dossier_from_json,
** recruit_audit_json, recruit_rules_load. */
#include "recruit.h"
#include "calendar.h"
#include "errcode.h"
#include "jx.h"
#include "setting.h"
#include "util.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The article each rule cites.  Article numbers rules.md marks as
** unconfirmed say so in the text the user sees. */
typedef struct RuleRef {
    const char *zId;      /* rules.md id */
    const char *zArticle; /* citation shown with the finding */
} RuleRef;

/* clang-format off */
static const RuleRef aRule[] = {
  { "D1",  "细则 第五条" },
  { "D3",  "细则 第七条" },
  { "D4",  "细则 第八条" },
  { "D5",  "细则 第九条" },
  { "D6",  "细则 第十一条" },
  { "D7",  "细则 第十三条" },
  { "D8",  "细则 第十四条" },
  { "D9",  "细则 第十六条" },
  { "D10", "细则 第十七条" },
  { "D11", "细则 第十九条" },
  { "D12", "细则 第二十条" },
  { "D13", "细则 第二十一条" },
  { "D15", "细则 第二十五条（条号待核实）" },
  { "D16", "细则 关于预备党员审批权限的规定（条号待核实）" },
  { "D17", "细则 第三十二条；党章 第七条" },
  { "D18", "细则 第三十二条" },
  { "D19", "细则 第三十三条" },
  { "D20", "细则 第三十四条（条号待核实）" },
  { "D21", "党章 第七条；细则 第三十二条" },
  { "P1",  "地方做法（非中央规定，可在设置中关闭）" },
  { "P3",  "地方做法（非中央规定，可在设置中关闭）" },
  { "P5",  "地方做法（非中央规定，可在设置中关闭）" },
};
/* clang-format on */

static const char *article_of(const char *zId);

const char *recruit_article(const char *zId)
{
    const char *z = article_of(zId);
    return z[0] ? z : 0;
}

/* The article of rule zId (static), "" when unknown. */
static const char *article_of(const char *zId)
{
    for (int i = 0; i < COUNT(aRule); i++)
        if (strcmp(aRule[i].zId, zId) == 0) return aRule[i].zArticle;
    return "";
}

void recruit_rules_default(RecruitRules *p)
{
    p->nActivistMonths = 12;
    p->nP1Months = 0;
    p->nP3Months = 0;
    p->nP5Months = 0;
}

void recruit_rules_load(Db *pDb, RecruitRules *p)
{
    p->nActivistMonths = (int)setting_int(pDb, "recruit-activist-min-months");
    p->nP1Months = (int)setting_int(pDb, "recruit-p1-activist-wait-months");
    p->nP3Months = (int)setting_int(pDb, "recruit-p3-vote-months");
    p->nP5Months = (int)setting_int(pDb, "recruit-p5-review-valid-months");
}

/* A vote that the dossier does not give. */
static void vote_init(RecruitVote *v)
{
    memset(v, 0, sizeof *v);
    v->iOn = RECRUIT_NO_DATE;
    v->nEntitled = v->nPresent = v->nYes = -1;
}

void recruit_dossier_init(RecruitDossier *d)
{
    memset(d, 0, sizeof *d);
    d->iBirth = d->iApplied = d->iTalked = d->iActivist = RECRUIT_NO_DATE;
    d->iCandidate = d->iPoliticalReview = d->iPreReview = RECRUIT_NO_DATE;
    d->iLeavesUnit = d->iApproved = d->iFullApproved = RECRUIT_NO_DATE;
    d->iAsOf = RECRUIT_NO_DATE;
    d->nSponsor = -1;
    d->nExtension = -1;
    vote_init(&d->admission);
    vote_init(&d->full);
}

/* ------------------------------------------------------------ the audit */

/* State of one audit run. */
typedef struct Audit {
    const RecruitDossier *d;    /* the dossier */
    const RecruitRules *pRules; /* settings */
    RecruitAudit *p;            /* the result being filled */
    char az[8][32];             /* rotating buffers for ds() and months() */
    int iBuf;                   /* next buffer */
} Audit;

/* iDay as "YYYY-MM-DD" in one of c's rotating buffers (eight per
** message). */
static const char *ds(Audit *c, int iDay)
{
    char *z = c->az[c->iBuf++ % 8];
    cal_format(iDay, z);
    return z;
}

/* A period of n months in words: "一年", "半年", "三个月" or "9个月". */
static const char *months(Audit *c, int n)
{
    static const char *const azWord[] = {"", "一个月", "两个月", "三个月"};
    char *z = c->az[c->iBuf++ % 8];
    if (n == 12) return "一年";
    if (n == 6) return "半年";
    if (n >= 1 && n <= 3) return azWord[n];
    snprintf(z, 32, "%d个月", n);
    return z;
}

/* "第2次" in one of c's rotating buffers. */
static const char *ordinal(Audit *c, int n)
{
    char *z = c->az[c->iBuf++ % 8];
    snprintf(z, 32, "第%d次", n);
    return z;
}

static int has(int iDay)
{
    return iDay != RECRUIT_NO_DATE;
}

/* Record a finding of rule zRule at step iStep. */
static void add(Audit *c, const char *zRule, int bError, int iStep,
                const char *zFmt, ...) ZB_FMT(5, 6);
static void add(Audit *c, const char *zRule, int bError, int iStep,
                const char *zFmt, ...)
{
    RecruitAudit *p = c->p;
    char zMsg[1024]; /* the longest message is about 300 bytes */
    va_list ap;
    va_start(ap, zFmt);
    vsnprintf(zMsg, sizeof zMsg, zFmt, ap);
    va_end(ap);
    if (p->n == p->nAlloc) {
        p->nAlloc = p->nAlloc ? 2 * p->nAlloc : 16;
        p->a = xrealloc(p->a, (size_t)p->nAlloc * sizeof p->a[0]);
    }
    RecruitFinding *f = &p->a[p->n++];
    f->zRule = zRule;
    f->bError = bError;
    f->iStep = iStep;
    f->zMsg = xstrdup(zMsg);
    f->zArticle = article_of(zRule);
    if (bError) p->nError++;
}

/* D1 (step 1): 年满十八岁 on the day of application. */
static void check_age(Audit *c)
{
    const RecruitDossier *d = c->d;
    if (!has(d->iApplied)) return;
    if (cal_age_on(d->iBirth, d->iApplied) >= 18) return;
    add(c, "D1", 1, 1,
        "递交入党申请书时（%s）未满十八周岁：出生日期%s，"
        "年满十八周岁之日为%s",
        ds(c, d->iApplied), ds(c, d->iBirth),
        ds(c, cal_add_years(d->iBirth, 18)));
}

/* Does the dossier record anything after the application stage? */
static int past_application(const RecruitDossier *d)
{
    return has(d->iActivist) || d->nReview > 0 || has(d->iCandidate) ||
           has(d->iPoliticalReview) || has(d->iPreReview) ||
           d->admission.bSet || has(d->iApproved) || d->full.bSet ||
           has(d->iFullApproved);
}

/* D3 (step 2): the talk within one month of the application. */
static void check_talk(Audit *c)
{
    const RecruitDossier *d = c->d;
    if (!has(d->iApplied)) return;
    int iDue = cal_add_months(d->iApplied, 1);
    if (has(d->iTalked) && d->iTalked < d->iApplied) {
        add(c, "D3", 1, 2, "谈话日期（%s）早于递交入党申请书日期（%s）",
            ds(c, d->iTalked), ds(c, d->iApplied));
    } else if (has(d->iTalked) && d->iTalked > iDue) {
        add(c, "D3", 0, 2,
            "谈话逾期%d天：收到入党申请书（%s）后应在一个月内（%s前）"
            "派人谈话，实际谈话日期为%s",
            d->iTalked - iDue, ds(c, d->iApplied), ds(c, iDue),
            ds(c, d->iTalked));
    } else if (!has(d->iTalked) && !past_application(d) && d->iAsOf > iDue) {
        add(c, "D3", 0, 2,
            "收到入党申请书（%s）已超过一个月（应于%s前谈话），"
            "截至%s档案中没有谈话记录",
            ds(c, d->iApplied), ds(c, iDue), ds(c, d->iAsOf));
    }
}

/* D4 and P1 (step 3): activists come from applicants; P1 (LOCAL) wants
** the application to have been in for some months first. */
static void check_activist(Audit *c)
{
    const RecruitDossier *d = c->d;
    if (!has(d->iApplied) || !has(d->iActivist)) return;
    if (d->iActivist < d->iApplied) {
        add(c, "D4", 1, 3,
            "确定为入党积极分子的日期（%s）早于递交入党申请书日期（%s）："
            "入党积极分子应从入党申请人中确定",
            ds(c, d->iActivist), ds(c, d->iApplied));
        return;
    }
    int n = c->pRules->nP1Months;
    if (n > 0 && d->iActivist < cal_add_months(d->iApplied, n)) {
        add(c, "P1", 0, 3,
            "按本地做法，递交入党申请书%d个月以上方可确定为入党积极分子："
            "申请日期%s，最早可确定日期%s，实际确定日期%s",
            n, ds(c, d->iApplied), ds(c, cal_add_months(d->iApplied, n)),
            ds(c, d->iActivist));
    }
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

/* The earliest of the dates after the activist stage, or NO_DATE. */
static int first_after_activist(const RecruitDossier *d)
{
    int a[] = {d->iPoliticalReview, d->iPreReview, d->admission.iOn,
               d->iApproved,        d->full.iOn,   d->iFullApproved};
    int iMin = RECRUIT_NO_DATE;
    for (int i = 0; i < COUNT(a); i++)
        if (has(a[i]) && (!has(iMin) || a[i] < iMin)) iMin = a[i];
    return iMin;
}

/* D6 (step 6): an activist is assessed every half year, from the day he
** became one until he becomes a candidate (or, still an activist, until
** as_of).  Each gap of more than six months is a warning. */
static void check_reviews(Audit *c)
{
    const RecruitDossier *d = c->d;
    int a[RECRUIT_MAX_REVIEWS];
    int n = d->nReview, iPrev, iEnd, bPending = 0;
    if (!has(d->iActivist)) return;
    memcpy(a, d->aReview, (size_t)n * sizeof a[0]);
    if (n > 1) qsort(a, (size_t)n, sizeof a[0], cmp_int);
    iEnd = has(d->iCandidate) ? d->iCandidate : first_after_activist(d);
    if (!has(iEnd)) {
        iEnd = d->iAsOf;
        bPending = 1;
    }
    iPrev = d->iActivist;
    for (int i = 0; i < n; i++) {
        if (a[i] < d->iActivist) {
            add(c, "D6", 1, 6,
                "考察日期（%s）早于确定为入党积极分子的日期（%s）", ds(c, a[i]),
                ds(c, d->iActivist));
            continue;
        }
        if (a[i] > iEnd) break;
        if (a[i] > cal_add_months(iPrev, 6)) {
            add(c, "D6", 0, 6,
                "入党积极分子考察间隔超过半年：%s至%s之间没有考察（应于%s"
                "前考察）",
                ds(c, iPrev), ds(c, a[i]), ds(c, cal_add_months(iPrev, 6)));
        }
        iPrev = a[i];
    }
    if (iEnd <= cal_add_months(iPrev, 6)) return;
    if (bPending)
        add(c, "D6", 0, 6,
            "入党积极分子考察逾期：上次考察（或确定为积极分子）为%s，"
            "应于%s前再次考察，截至%s没有考察记录",
            ds(c, iPrev), ds(c, cal_add_months(iPrev, 6)), ds(c, iEnd));
    else
        add(c, "D6", 0, 6,
            "入党积极分子考察间隔超过半年：%s至列为发展对象（%s）"
            "之间没有考察（应于%s前考察）",
            ds(c, iPrev), ds(c, iEnd), ds(c, cal_add_months(iPrev, 6)));
}

/* D7 (step 7): a candidate only after one year (a setting) as activist. */
static void check_candidate(Audit *c)
{
    const RecruitDossier *d = c->d;
    int n = c->pRules->nActivistMonths;
    if (!has(d->iCandidate)) return;
    if (!has(d->iActivist)) {
        add(c, "D7", 0, 7,
            "档案有列为发展对象的日期（%s），"
            "但没有确定为入党积极分子的日期，无法核对%s以上的培养考察",
            ds(c, d->iCandidate), months(c, n));
        return;
    }
    int iEarliest = cal_add_months(d->iActivist, n);
    if (d->iCandidate >= iEarliest) return;
    add(c, "D7", 1, 7,
        "入党积极分子须经过%s以上培养教育和考察方可列为发展对象："
        "确定为积极分子%s，最早可列为发展对象%s，实际列为发展对象%s",
        months(c, n), ds(c, d->iActivist), ds(c, iEarliest),
        ds(c, d->iCandidate));
}

/* D8 (step 9): two sponsors, both full members, neither under 留党察看. */
static void check_sponsors(Audit *c)
{
    const RecruitDossier *d = c->d;
    if (d->nSponsor < 0) {
        if (d->admission.bSet)
            add(c, "D8", 0, 9,
                "档案没有载明入党介绍人，无法核对须有两名正式党员作入党介绍人");
        return;
    }
    if (d->nSponsor != 2)
        add(c, "D8", 1, 9, "发展对象应有两名正式党员作入党介绍人，档案中有%d名",
            d->nSponsor);
    for (int i = 0; i < d->nSponsor; i++) {
        if (d->aSponsor[i] == RECRUIT_SPONSOR_PROBATIONARY)
            add(c, "D8", 1, 9,
                "第%d名入党介绍人是预备党员：入党介绍人须为正式党员", i + 1);
        else if (d->aSponsor[i] == RECRUIT_SPONSOR_DISCIPLINE)
            add(c, "D8", 1, 9,
                "第%d名入党介绍人受留党察看处分、尚未恢复党员权利，"
                "不能作入党介绍人",
                i + 1);
    }
}

/* D9 and P5 (step 10): a political review, after becoming a candidate and
** before the admission vote. */
static void check_political(Audit *c)
{
    const RecruitDossier *d = c->d;
    int iVote = d->admission.iOn, iPol = d->iPoliticalReview;
    if (has(iPol) && has(d->iCandidate) && iPol < d->iCandidate)
        add(c, "D9", 0, 10, "政治审查日期（%s）早于列为发展对象的日期（%s）",
            ds(c, iPol), ds(c, d->iCandidate));
    if (!d->admission.bSet) return;
    if (!has(iPol)) {
        add(c, "D9", 0, 10,
            "档案没有政治审查的日期：未经政治审查的，不能发展入党");
        return;
    }
    if (!has(iVote)) return;
    if (iPol > iVote) {
        add(c, "D9", 1, 10,
            "政治审查（%s）晚于讨论接收预备党员的支部大会（%s）："
            "未经政治审查的，不能发展入党",
            ds(c, iPol), ds(c, iVote));
        return;
    }
    int n = c->pRules->nP5Months;
    if (n > 0 && iVote > cal_add_months(iPol, n))
        add(c, "P5", 0, 10,
            "按本地做法，政治审查结论有效期为%d个月：政治审查%s，"
            "有效至%s，支部大会%s已超过有效期",
            n, ds(c, iPol), ds(c, cal_add_months(iPol, n)), ds(c, iVote));
}

/* D10 (step 11): training of at least 3 days or at least 24 hours. */
static void check_training(Audit *c)
{
    const RecruitDossier *d = c->d;
    if (!d->bTraining) {
        if (d->admission.bSet)
            add(c, "D10", 0, 11,
                "档案没有载明集中培训情况：未经培训的，除个别特殊情况外，"
                "不能发"
                "展入党");
        return;
    }
    if (d->nTrainDays >= 3 || d->nTrainHours >= 24) return;
    add(c, "D10", 1, 11,
        "集中培训时间不足：实际%lld天、%lld学时，"
        "应不少于3天（或不少于24学时）",
        (long long)d->nTrainDays, (long long)d->nTrainHours);
}

/* D11 and P3 (step 13): the pre-review (预审) after becoming a candidate
** and before the vote; no admission for someone leaving the unit within
** three months; P3 (LOCAL): the vote soon after the pre-review. */
static void check_pre_review(Audit *c)
{
    const RecruitDossier *d = c->d;
    int iPre = d->iPreReview, iVote = d->admission.iOn;
    if (has(iPre) && has(d->iCandidate) && iPre < d->iCandidate)
        add(c, "D11", 1, 13,
            "基层党委预审日期（%s）早于列为发展对象的日期（%s）", ds(c, iPre),
            ds(c, d->iCandidate));
    if (d->admission.bSet && !has(iPre))
        add(c, "D11", 0, 13,
            "档案没有基层党委预审的日期：支部大会讨论前须报具有审批权限的"
            "基层党"
            "委预审");
    if (has(iPre) && has(iVote) && iPre > iVote)
        add(c, "D11", 1, 13,
            "基层党委预审（%s）晚于讨论接收预备党员的支部大会（%s）："
            "须预审合格后方可提交支部大会",
            ds(c, iPre), ds(c, iVote));
    int iRef = has(iPre) ? iPre : iVote;
    if (has(d->iLeavesUnit) && has(iRef) &&
        d->iLeavesUnit <= cal_add_months(iRef, 3))
        add(c, "D11", 0, 13,
            "发展对象离开工作、学习单位的日期（%s）在%s（%s）后三个月内："
            "一般不办理接收预备党员的手续",
            ds(c, d->iLeavesUnit), has(iPre) ? "预审" : "支部大会",
            ds(c, iRef));
    int n = c->pRules->nP3Months;
    if (n > 0 && has(iPre) && has(iVote) && iVote > cal_add_months(iPre, n))
        add(c, "P3", 0, 15,
            "按本地做法，预审后%d个月内应提交支部大会讨论：预审%s，"
            "应于%s前讨论，实际%s",
            n, ds(c, iPre), ds(c, cal_add_months(iPre, n)), ds(c, iVote));
}

/*
** D12/D13 (admission, step 15) and D19 (转正, step 23): more than half of
** the entitled voters present, and yes votes (written opinions of absent
** voters included) more than half of the entitled voters, not of those
** present.  zWhat names the vote in messages.
*/
static void check_vote(Audit *c, const RecruitVote *v, const char *zWhat,
                       const char *zQuorum, const char *zPass, int iStep)
{
    if (!v->bSet) return;
    if (!has(v->iOn))
        add(c, zQuorum, 0, iStep, "讨论%s的支部大会没有填写日期", zWhat);
    if (v->nEntitled < 0 || v->nPresent < 0 || v->nYes < 0) {
        add(c, zQuorum, 0, iStep,
            "讨论%s的支部大会没有填全应到会、实到会和赞成人数，"
            "无法核对表决结果",
            zWhat);
        return;
    }
    long long nE = v->nEntitled, nP = v->nPresent, nY = v->nYes;
    long long nW = v->nWrittenYes, nNeed = nE / 2 + 1;
    if (nE == 0) {
        add(c, zQuorum, 1, iStep,
            "讨论%s的支部大会应到会有表决权的正式党员人数为0", zWhat);
        return;
    }
    if (nP > nE)
        add(c, zQuorum, 1, iStep,
            "讨论%s的支部大会实到会人数（%lld人）"
            "超过应到会有表决权人数（%lld人）",
            zWhat, nP, nE);
    if (nY > nP)
        add(c, zPass, 1, iStep,
            "讨论%s的支部大会到会赞成人数（%lld人）"
            "超过实到会人数（%lld人）",
            zWhat, nY, nP);
    if (nP <= nE && nW > nE - nP)
        add(c, zPass, 1, iStep,
            "讨论%s的支部大会书面赞成意见（%lld份）"
            "超过未到会的有表决权党员人数（%lld人）",
            zWhat, nW, nE - nP);
    if (nP * 2 <= nE)
        add(c, zQuorum, 1, iStep,
            "讨论%s的支部大会有表决权的到会人数须超过应到会有表决权人数的"
            "半数：应到%lld人，实到%lld人，至少须到会%lld人",
            zWhat, nE, nP, nNeed);
    if ((nY + nW) * 2 <= nE)
        add(c, zPass, 1, iStep,
            "%s须经赞成人数超过应到会有表决权正式党员的半数方为通过："
            "应到%lld人，赞成%lld人（其中书面意见%lld人），"
            "至少须%lld人赞成",
            zWhat, nE, nY + nW, nW, nNeed);
}

/* D15 and D16 (step 17): approval by a 基层党委, within three months of
** the vote; up to six months with a recorded special reason. */
static void check_approval(Audit *c)
{
    const RecruitDossier *d = c->d;
    int iVote = d->admission.iOn, iApp = d->iApproved;
    switch (d->eApprover) {
    case RECRUIT_APPROVER_GENERAL_BRANCH:
        add(c, "D16", 1, 17,
            "党总支不能审批预备党员（只能审议），"
            "须由具有审批权限的基层党委审"
            "批");
        break;
    case RECRUIT_APPROVER_BRANCH:
        add(c, "D16", 1, 17,
            "党支部不能审批预备党员，须报具有审批权限的基层党委审批");
        break;
    case RECRUIT_APPROVER_TEMPORARY:
        add(c, "D16", 1, 17, "临时党组织不能接收和审批预备党员");
        break;
    }
    if (!has(iVote)) return;
    int i3 = cal_add_months(iVote, 3), i6 = cal_add_months(iVote, 6);
    if (has(iApp)) {
        if (iApp < iVote)
            add(c, "D15", 1, 17, "上级党委审批日期（%s）早于支部大会日期（%s）",
                ds(c, iApp), ds(c, iVote));
        else if (iApp > i6)
            add(c, "D15", 1, 17,
                "上级党委审批超过六个月：支部大会%s，最迟应于%s前审批，"
                "实际审批日期%s",
                ds(c, iVote), ds(c, i6), ds(c, iApp));
        else if (iApp > i3 && d->bDelayReason)
            add(c, "D15", 0, 17,
                "上级党委审批超过三个月（支部大会%s，应于%s前审批，"
                "实际%s）；已注明特殊情况，延长后不得超过六个月（%s前）",
                ds(c, iVote), ds(c, i3), ds(c, iApp), ds(c, i6));
        else if (iApp > i3)
            add(c, "D15", 1, 17,
                "上级党委审批超过三个月且未注明特殊情况：支部大会%s，"
                "应于%s前审批，实际审批日期%s",
                ds(c, iVote), ds(c, i3), ds(c, iApp));
        return;
    }
    if (!d->full.bSet && !has(d->iFullApproved) && d->nExtension <= 0 &&
        d->iAsOf > i3)
        add(c, "D15", 0, 17,
            "支部大会（%s）通过接收已超过三个月（应于%s前审批），"
            "截至%s没有上级党委审批的日期",
            ds(c, iVote), ds(c, i3), ds(c, d->iAsOf));
}

/* D17, D18 and D21: probation of one year from the admission vote, one
** extension of 6-12 months at most, and the 转正 date at the end of it. */
static void check_probation(Audit *c)
{
    const RecruitDossier *d = c->d;
    RecruitAudit *p = c->p;
    if (!has(d->admission.iOn)) {
        if (has(d->iApproved) || d->full.bSet || has(d->iFullApproved) ||
            d->nExtension > 0)
            add(c, "D17", 0, 15,
                "档案没有讨论接收预备党员的支部大会日期，"
                "无法计算预备期和转正日"
                "期");
        return;
    }
    p->iProbationEnd = cal_add_years(d->admission.iOn, 1);
    p->iFullMember = p->iProbationEnd;
    if (d->nExtension > 1)
        add(c, "D18", 1, 23, "预备期只能延长一次，档案中延长了%d次",
            d->nExtension);
    for (int i = 0; i < d->nExtension; i++) {
        int m = d->aExtMonths[i];
        if (m < 6 || m > 12)
            add(c, "D18", 1, 23,
                "%s延长预备期%d个月：延长时间不能少于半年（6个月），"
                "最长不超过一年（12个月）",
                d->nExtension > 1 ? ordinal(c, i + 1) : "", m);
        p->iFullMember = cal_add_months(p->iFullMember, m);
    }
}

/* D18-D21 (steps 22-24): the 转正 vote and approval, never before the end
** of probation (or extension); approval within three months. */
static void check_full(Audit *c)
{
    const RecruitDossier *d = c->d;
    RecruitAudit *p = c->p;
    int iEnd = p->iFullMember, iVote = d->full.iOn, iApp = d->iFullApproved;
    const char *zEnd =
        d->nExtension > 0 ? "延长的预备期满之日" : "预备期满之日";
    check_vote(c, &d->full, "预备党员转正", "D19", "D19", 23);
    if (has(iEnd)) {
        int bEarlyVote = has(iVote) && iVote < iEnd;
        if (bEarlyVote)
            add(c, "D21", 1, 23,
                "讨论转正的支部大会（%s）早于%s（%s）：预备期未满不能转正",
                ds(c, iVote), zEnd, ds(c, iEnd));
        if (has(iApp) && iApp < iEnd && !bEarlyVote)
            add(c, "D21", 1, 24,
                "转正审批日期（%s）早于%s（%s）：预备期未满不能转正",
                ds(c, iApp), zEnd, ds(c, iEnd));
        if (!d->full.bSet && !has(iApp) && d->iAsOf > iEnd)
            add(c, "D18", 0, 22,
                "预备期已于%s期满，截至%s档案中没有讨论转正的支部大会："
                "预备期满应及时讨论",
                ds(c, iEnd), ds(c, d->iAsOf));
    }
    if (!has(iVote)) return;
    int i3 = cal_add_months(iVote, 3);
    if (has(iApp) && iApp < iVote)
        add(c, "D20", 1, 24, "转正审批日期（%s）早于讨论转正的支部大会（%s）",
            ds(c, iApp), ds(c, iVote));
    else if (has(iApp) && iApp > i3)
        add(c, "D20", 0, 24,
            "上级党委审批转正超过三个月：支部大会%s，应于%s前审批，"
            "实际审批日期%s",
            ds(c, iVote), ds(c, i3), ds(c, iApp));
    else if (!has(iApp) && d->iAsOf > i3)
        add(c, "D20", 0, 24,
            "讨论转正的支部大会（%s）已超过三个月（应于%s前审批），"
            "截至%s没有上级党委审批的日期",
            ds(c, iVote), ds(c, i3), ds(c, d->iAsOf));
}

/* Stable insertion sort of the findings by step. */
static void sort_findings(RecruitAudit *p)
{
    for (int i = 1; i < p->n; i++) {
        RecruitFinding f = p->a[i];
        int j = i;
        for (; j > 0 && p->a[j - 1].iStep > f.iStep; j--)
            p->a[j] = p->a[j - 1];
        p->a[j] = f;
    }
}

void recruit_audit(const RecruitDossier *d, const RecruitRules *pRules,
                   RecruitAudit *pOut)
{
    Audit c;
    memset(pOut, 0, sizeof *pOut);
    memset(&c, 0, sizeof c);
    c.d = d;
    c.pRules = pRules;
    c.p = pOut;
    pOut->iProbationEnd = pOut->iFullMember = RECRUIT_NO_DATE;
    pOut->nStandingYears = -1;
    pOut->iAsOf = d->iAsOf;

    check_age(&c);
    check_talk(&c);
    check_activist(&c);
    check_reviews(&c);
    check_candidate(&c);
    check_sponsors(&c);
    check_political(&c);
    check_training(&c);
    check_pre_review(&c);
    check_vote(&c, &d->admission, "接收预备党员", "D12", "D13", 15);
    check_approval(&c);
    check_probation(&c);
    check_full(&c);
    sort_findings(pOut);

    /* 党龄 counts from the 转正 date, for a member whose 转正 is approved. */
    if (has(pOut->iFullMember) && has(d->iFullApproved) &&
        d->iAsOf >= pOut->iFullMember)
        pOut->nStandingYears = cal_age_on(pOut->iFullMember, d->iAsOf);
}

void recruit_audit_free(RecruitAudit *p)
{
    if (!p) return;
    for (int i = 0; i < p->n; i++)
        free(p->a[i].zMsg);
    free(p->a);
    p->a = 0;
    p->n = p->nAlloc = 0;
}

/* ------------------------------------------------------------ JSON form */

/* Fill *e (field from zFmt) and return iCode. */
static int fail(RecruitInputErr *e, int iCode, const char *zMsg,
                const char *zFmt, ...) ZB_FMT(4, 5);
static int fail(RecruitInputErr *e, int iCode, const char *zMsg,
                const char *zFmt, ...)
{
    va_list ap;
    va_start(ap, zFmt);
    vsnprintf(e->zField, sizeof e->zField, zFmt, ap);
    va_end(ap);
    e->iCode = iCode;
    e->zMsg = zMsg;
    return iCode;
}

/* Refuse a key of object o that is not in the NULL-terminated azKey. */
static int check_keys(json_t *o, const char *const *azKey, const char *zPre,
                      RecruitInputErr *e)
{
    const char *zKey;
    json_t *v;
    json_object_foreach(o, zKey, v)
    {
        int bOk = 0;
        for (int i = 0; azKey[i] && !bOk; i++)
            bOk = strcmp(azKey[i], zKey) == 0;
        if (!bOk)
            return fail(e, ZE_FIELD_INVALID, "未知字段（请检查拼写）",
                        "%s%.40s", zPre, zKey);
    }
    return 0;
}

/* A date value v (field zPre + zKey) into *pDay: absent or null leaves
** NO_DATE. */
static int get_date_v(json_t *v, int *pDay, RecruitInputErr *e,
                      const char *zField)
{
    *pDay = RECRUIT_NO_DATE;
    if (!v || json_is_null(v)) return 0;
    if (!json_is_string(v)) return fail(e, ZE_FIELD_TYPE, 0, "%s", zField);
    if (cal_parse(json_string_value(v), pDay)) {
        *pDay = RECRUIT_NO_DATE;
        return fail(e, ZE_DATE_INVALID, 0, "%s", zField);
    }
    return 0;
}

static int get_date(json_t *o, const char *zKey, int *pDay, RecruitInputErr *e)
{
    return get_date_v(json_object_get(o, zKey), pDay, e, zKey);
}

/* An integer member zKey of o in lo..hi into *pv (untouched when absent
** or null); *pbSet (may be NULL) says whether it was given. */
static int get_int(json_t *o, const char *zKey, const char *zPre, int64_t lo,
                   int64_t hi, int64_t *pv, int *pbSet, RecruitInputErr *e)
{
    int64_t v;
    int rc = jx_get_int(o, zKey, &v);
    if (pbSet) *pbSet = rc == 0;
    if (rc == 1) return 0;
    if (rc == 2) return fail(e, ZE_FIELD_TYPE, 0, "%s%s", zPre, zKey);
    if (v < lo || v > hi)
        return fail(e, ZE_FIELD_INVALID, 0, "%s%s", zPre, zKey);
    *pv = v;
    return 0;
}

/* Member zKey of o as an array (NULL when absent or null); a non-array is
** an error. */
static int get_array(json_t *o, const char *zKey, size_t nMax, json_t **pp,
                     RecruitInputErr *e)
{
    json_t *v = json_object_get(o, zKey);
    *pp = 0;
    if (!v || json_is_null(v)) return 0;
    if (!json_is_array(v)) return fail(e, ZE_FIELD_TYPE, 0, "%s", zKey);
    if (json_array_size(v) > nMax)
        return fail(e, ZE_FIELD_INVALID, "条目过多", "%s", zKey);
    *pp = v;
    return 0;
}

/* admission_vote / full_vote. */
static int get_vote(json_t *o, const char *zKey, RecruitVote *pv,
                    RecruitInputErr *e)
{
    static const char *const azKey[] = {"on",  "entitled",    "present",
                                        "yes", "written_yes", 0};
    json_t *v = json_object_get(o, zKey);
    char zPre[32];
    int b, rc;
    if (!v || json_is_null(v)) return 0;
    if (!json_is_object(v)) return fail(e, ZE_FIELD_TYPE, 0, "%s", zKey);
    snprintf(zPre, sizeof zPre, "%s.", zKey);
    pv->bSet = 1;
    char zOn[40];
    snprintf(zOn, sizeof zOn, "%son", zPre);
    if ((rc = check_keys(v, azKey, zPre, e)) ||
        (rc = get_date_v(json_object_get(v, "on"), &pv->iOn, e, zOn)) ||
        (rc = get_int(v, "entitled", zPre, 0, 100000, &pv->nEntitled, &b, e)) ||
        (rc = get_int(v, "present", zPre, 0, 100000, &pv->nPresent, &b, e)) ||
        (rc = get_int(v, "yes", zPre, 0, 100000, &pv->nYes, &b, e)) ||
        (rc = get_int(v, "written_yes", zPre, 0, 100000, &pv->nWrittenYes, &b,
                      e)))
        return rc;
    return 0;
}

/* The three lists: activist_reviews, sponsors, extension. */
static int get_lists(json_t *pIn, RecruitDossier *d, RecruitInputErr *e)
{
    static const char *const azSponsorKey[] = {"status", 0};
    static const char *const azExtKey[] = {"months", 0};
    json_t *a, *v;
    size_t i;
    char zField[40];
    int rc;

    if ((rc = get_array(pIn, "activist_reviews", RECRUIT_MAX_REVIEWS, &a, e)))
        return rc;
    json_array_foreach(a, i, v)
    {
        snprintf(zField, sizeof zField, "activist_reviews[%d]", (int)i);
        if (json_is_null(v)) return fail(e, ZE_FIELD_TYPE, 0, "%s", zField);
        if ((rc = get_date_v(v, &d->aReview[d->nReview], e, zField))) return rc;
        d->nReview++;
    }
    if (d->nReview > 1)
        qsort(d->aReview, (size_t)d->nReview, sizeof d->aReview[0], cmp_int);

    if ((rc = get_array(pIn, "sponsors", RECRUIT_MAX_SPONSORS, &a, e)))
        return rc;
    if (a) d->nSponsor = 0;
    json_array_foreach(a, i, v)
    {
        snprintf(zField, sizeof zField, "sponsors[%d].", (int)i);
        if (!json_is_object(v))
            return fail(e, ZE_FIELD_TYPE, 0, "sponsors[%d]", (int)i);
        if ((rc = check_keys(v, azSponsorKey, zField, e))) return rc;
        int bBad = 0;
        const char *z = jx_get_str(v, "status", &bBad);
        if (bBad) return fail(e, ZE_FIELD_TYPE, 0, "%sstatus", zField);
        if (!z) return fail(e, ZE_FIELD_REQUIRED, 0, "%sstatus", zField);
        int s = strcmp(z, "full") == 0           ? RECRUIT_SPONSOR_FULL
                : strcmp(z, "probationary") == 0 ? RECRUIT_SPONSOR_PROBATIONARY
                : strcmp(z, "probation_discipline") == 0
                    ? RECRUIT_SPONSOR_DISCIPLINE
                    : 0;
        if (!s)
            return fail(e, ZE_FIELD_INVALID,
                        "应为 full、probationary 或 probation_discipline",
                        "%sstatus", zField);
        d->aSponsor[d->nSponsor++] = s;
    }

    if ((rc = get_array(pIn, "extension", RECRUIT_MAX_EXTENSIONS, &a, e)))
        return rc;
    if (a) d->nExtension = 0;
    json_array_foreach(a, i, v)
    {
        int64_t m = 0;
        int bSet = 0;
        snprintf(zField, sizeof zField, "extension[%d].", (int)i);
        if (!json_is_object(v))
            return fail(e, ZE_FIELD_TYPE, 0, "extension[%d]", (int)i);
        if ((rc = check_keys(v, azExtKey, zField, e)) ||
            (rc = get_int(v, "months", zField, 0, 120, &m, &bSet, e)))
            return rc;
        if (!bSet) return fail(e, ZE_FIELD_REQUIRED, 0, "%smonths", zField);
        d->aExtMonths[d->nExtension++] = (int)m;
    }
    return 0;
}

/* training, approver_kind and approval_delay_reason. */
static int get_misc(json_t *pIn, RecruitDossier *d, RecruitInputErr *e)
{
    static const char *const azTrainKey[] = {"days", "hours", 0};
    json_t *v = json_object_get(pIn, "training");
    int rc, b, bBad = 0;
    if (v && !json_is_null(v)) {
        if (!json_is_object(v)) return fail(e, ZE_FIELD_TYPE, 0, "training");
        d->bTraining = 1;
        if ((rc = check_keys(v, azTrainKey, "training.", e)) ||
            (rc = get_int(v, "days", "training.", 0, 3650, &d->nTrainDays, &b,
                          e)) ||
            (rc = get_int(v, "hours", "training.", 0, 100000, &d->nTrainHours,
                          &b, e)))
            return rc;
    }
    const char *z = jx_get_str(pIn, "approver_kind", &bBad);
    if (bBad) return fail(e, ZE_FIELD_TYPE, 0, "approver_kind");
    if (z) {
        d->eApprover =
            strcmp(z, "committee") == 0        ? RECRUIT_APPROVER_COMMITTEE
            : strcmp(z, "general_branch") == 0 ? RECRUIT_APPROVER_GENERAL_BRANCH
            : strcmp(z, "branch") == 0         ? RECRUIT_APPROVER_BRANCH
            : strcmp(z, "temporary") == 0      ? RECRUIT_APPROVER_TEMPORARY
                                               : 0;
        if (!d->eApprover)
            return fail(e, ZE_FIELD_INVALID,
                        "应为 committee、general_branch、"
                        "branch 或 temporary",
                        "approver_kind");
    }
    z = jx_get_str(pIn, "approval_delay_reason", &bBad);
    if (bBad) return fail(e, ZE_FIELD_TYPE, 0, "approval_delay_reason");
    d->bDelayReason = z && !util_blank(z);
    return 0;
}

int recruit_dossier_from_json(json_t *pIn, int iToday, RecruitDossier *d,
                              RecruitInputErr *pErr)
{
    static const char *const azKey[] = {"birth_date",
                                        "applied_on",
                                        "talked_on",
                                        "activist_on",
                                        "activist_reviews",
                                        "candidate_on",
                                        "political_review_on",
                                        "pre_review_on",
                                        "leaves_unit_on",
                                        "approved_on",
                                        "full_approved_on",
                                        "as_of",
                                        "sponsors",
                                        "training",
                                        "admission_vote",
                                        "full_vote",
                                        "approver_kind",
                                        "approval_delay_reason",
                                        "extension",
                                        0};
    struct {
        const char *zKey;
        int *pDay;
    } aDate[] = {
        {"birth_date", &d->iBirth},
        {"applied_on", &d->iApplied},
        {"talked_on", &d->iTalked},
        {"activist_on", &d->iActivist},
        {"candidate_on", &d->iCandidate},
        {"political_review_on", &d->iPoliticalReview},
        {"pre_review_on", &d->iPreReview},
        {"leaves_unit_on", &d->iLeavesUnit},
        {"approved_on", &d->iApproved},
        {"full_approved_on", &d->iFullApproved},
        {"as_of", &d->iAsOf},
    };
    int rc;
    RecruitInputErr eLocal;
    RecruitInputErr *e = pErr ? pErr : &eLocal;
    memset(e, 0, sizeof *e);
    recruit_dossier_init(d);
    if (!json_is_object(pIn)) return fail(e, ZE_BAD_JSON, 0, "%s", "");
    if ((rc = check_keys(pIn, azKey, "", e))) return rc;
    for (int i = 0; i < COUNT(aDate); i++)
        if ((rc = get_date(pIn, aDate[i].zKey, aDate[i].pDay, e))) return rc;
    if (!has(d->iBirth)) return fail(e, ZE_FIELD_REQUIRED, 0, "birth_date");
    if (!has(d->iAsOf)) d->iAsOf = iToday;
    if ((rc = get_lists(pIn, d, e)) || (rc = get_misc(pIn, d, e)) ||
        (rc = get_vote(pIn, "admission_vote", &d->admission, e)) ||
        (rc = get_vote(pIn, "full_vote", &d->full, e)))
        return rc;
    return 0;
}

/* A date or null. */
static json_t *date_json(int iDay)
{
    char z[11];
    if (!has(iDay)) return json_null();
    cal_format(iDay, z);
    return json_string(z);
}

json_t *recruit_audit_json(const RecruitAudit *a)
{
    json_t *o = json_object(), *aF = json_array();
    for (int i = 0; i < a->n; i++) {
        const RecruitFinding *f = &a->a[i];
        json_t *x = json_object();
        jx_set_str(x, "rule", f->zRule);
        jx_set_str(x, "severity", f->bError ? "error" : "warning");
        jx_set_int(x, "step", f->iStep);
        jx_set_str(x, "message", f->zMsg);
        jx_set_str(x, "article", f->zArticle);
        json_array_append_new(aF, x);
    }
    json_object_set_new(o, "findings", aF);
    json_object_set_new(o, "probation_end", date_json(a->iProbationEnd));
    json_object_set_new(o, "full_member_on", date_json(a->iFullMember));
    json_object_set_new(o, "party_standing_years",
                        a->nStandingYears >= 0 ? json_integer(a->nStandingYears)
                                               : json_null());
    json_object_set_new(o, "as_of", date_json(a->iAsOf));
    return o;
}
