/* demo_recruit.c: demo data of the recruitment pipeline (发展党员, A5):
** eighteen people in three demo branches (the login branch first) at every
** stage from a fresh application to full member, some of them overdue (a
** talk not held within a month, an activist review more than half a year
** ago, an approval more than three months after the vote, a probation
** ended without a 转正 discussion).  Dates count back from today, so the
** pipeline looks the same whenever the demo is made; the steps go through
** pipeline_create() and pipeline_record(), so every one is checked by the
** rules.  Admission and 转正 votes use a congress the branch held this
** year (demo.c's meetings) or, for earlier years, one created here.
**
** Entry point: demo_recruit(), called once from demo.c. */
#include "auth.h"
#include "calendar.h"
#include "fake.h"
#include "meeting.h"
#include "pipeline.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One demo person: applied nAgo days before today, steps up to nUpTo. */
typedef struct DemoPerson {
    const char *zName;
    int bMale;
    int iBirthYear;
    int iBranch; /* 0 = the login branch, 1 and 2 others */
    int nAgo;
    int nUpTo;
} DemoPerson;

/* clang-format off */
static const DemoPerson aPerson[] = {
  { "张晓雯", 0, 2001, 0,   12,  1 },  /* talk due within the month */
  { "李浩然", 1, 1999, 0,   45,  1 },  /* talk overdue (D3) */
  { "郭晨",   1, 2000, 1,   70,  2 },
  { "胡斌",   1, 1997, 2,  150,  3 },
  { "王思远", 1, 1998, 0,  200,  5 },
  { "赵雅琪", 0, 1997, 1,  330,  5 },  /* review overdue (D6) */
  { "何欣",   0, 1996, 0,  400,  6 },
  { "陈志强", 1, 1996, 0,  520,  6 },  /* one year done: may be candidate */
  { "刘佳",   0, 1995, 2,  560, 10 },
  { "杨帆",   1, 1994, 0,  590, 14 },  /* awaits the vote (browser test) */
  { "高峰",   1, 1993, 2,  650, 16 },  /* approval due (D15) */
  { "黄丽娟", 0, 1993, 0,  760, 16 },  /* approval overdue (D15) */
  { "周明",   1, 1992, 0,  720, 17 },  /* probationary */
  { "吴婷",   0, 1994, 2,  900, 21 },
  { "徐磊",   1, 1990, 1,  990, 22 },  /* probation ended, no vote (D17) */
  { "朱琳",   0, 1992, 1, 1150, 24 },
  { "孙悦",   0, 1991, 0, 1100, 25 },  /* full member */
  { "马骏",   1, 1989, 2, 1300, 25 },
};
/* Days after the application (steps 1-15) or after the admission vote
** (16-22) of each step; the 转正 vote and approval come after the end of
** probation. */
static const struct { int iStep, nDays; } aPlan[] = {
  {1, 0}, {2, 15}, {3, 100}, {4, 105}, {5, 110}, {6, 280}, {6, 460},
  {7, 470}, {8, 475}, {9, 480}, {10, 520}, {11, 540}, {12, 560},
  {13, 575}, {14, 580}, {15, 600},
  {16, 10}, {17, 40}, {18, 50}, {19, 55}, {20, 60}, {21, 200}, {22, 350},
};
/* clang-format on */

static _Noreturn void demo_fail(const char *zName, int iStep, const Err *e,
                                const RecruitAudit *f)
{
    die("生成发展党员演示数据失败（%s 第%d步）: %s%s%s", zName, iStep,
        e->zMsg ? e->zMsg : errcode_get(e->iCode)->zMsg, f && f->n ? " " : "",
        f && f->n ? f->a[0].zMsg : "");
}

/* The first congress branch iBranch held on or after iLo, within a quarter
** after iTarget and not after iToday (demo.c's quarterly congresses), or
** else a new one on iTarget.  *piDay gets its date. */
static int64_t demo_congress(Ctx *c, int64_t iBranch, int iLo, int iTarget,
                             int iToday, int *piDay)
{
    char zLo[11], zHi[11], zDay[11];
    int64_t iMeeting = 0;
    DbStmt *p = 0;
    int iHi = iTarget + 92 < iToday ? iTarget + 92 : iToday;
    cal_format(iLo, zLo);
    cal_format(iHi, zHi);
    cal_format(iTarget, zDay);
    int rc = db_prepare_bind(c->pDb, &p,
                             "SELECT id, held_on FROM meeting WHERE org_id=$1"
                             " AND kind='congress' AND held_on>=$2 AND "
                             "held_on<=$3 ORDER BY held_on, id LIMIT 1",
                             "itt", iBranch, zLo, zHi);
    if (!rc && db_step(p) == DB_ROW) {
        iMeeting = db_col_int64(p, 0);
        if (cal_parse(db_col_text(p, 1), piDay)) *piDay = iTarget;
    }
    db_finalize(p);
    if (iMeeting) return iMeeting;
    MeetingRec m;
    Err e = {0};
    memset(&m, 0, sizeof m);
    m.iOrg = iBranch;
    m.zKind = "congress";
    const char *az[MT_NTEXT] = {zDay,
                                zDay,
                                "15:00",
                                "党员活动室",
                                "支部党员大会：讨论发展党员",
                                "1. 讨论发展党员；2. 其他事项。",
                                0,
                                "经无记名投票表决，同意有关发展党员事项。",
                                0};
    for (int i = 0; i < MT_NTEXT; i++) {
        m.az[i] = az[i];
        m.abText[i] = az[i] != 0;
    }
    if (meeting_save(c, 0, &m, &iMeeting, &e)) die("生成支部党员大会失败");
    *piDay = iTarget;
    return iMeeting;
}

/* The first two full members with voting rights of the branch subtree
** into a, and their number (M2) into *pnEntitled. */
static void demo_parties(Ctx *c, int64_t iBranch, int64_t a[2],
                         int64_t *pnEntitled)
{
    char zPath[256], zHi[256];
    DbStmt *p = 0;
    int n = 0;
    a[0] = a[1] = 0;
    *pnEntitled = 0;
    if (auth_org_path(c->pDb, iBranch, zPath)) die("找不到演示党支部");
    auth_path_upper(zPath, zHi);
    if (!db_prepare_bind(c->pDb, &p,
                         "SELECT m.id FROM member m JOIN org o ON "
                         "o.id=m.org_id WHERE o.path>=$1 AND o.path<$2 AND "
                         "m.status='full' AND m.rights_suspended=0 "
                         "ORDER BY m.id",
                         "tt", zPath, zHi))
        while (db_step(p) == DB_ROW) {
            if (n < 2) a[n] = db_col_int64(p, 0);
            n++;
        }
    db_finalize(p);
    *pnEntitled = n;
}

/* Record one step (or die). */
static void demo_step(Ctx *c, const DemoPerson *pp, int64_t iRec,
                      const PipeStepIn *in)
{
    RecruitAudit f;
    Err e = {0};
    int64_t iStep = 0;
    if (pipeline_record(c, iRec, in, &f, &iStep, &e))
        demo_fail(pp->zName, in->iStep, &e, &f);
    recruit_audit_free(&f);
}

/* One person through the steps of aPlan up to pp->nUpTo, none after
** today. */
static void demo_one(Ctx *c, int iToday, const DemoPerson *pp, int64_t iBranch,
                     int iSeq)
{
    int64_t aParty[2], iRec = 0, nEntitled = 0;
    int iApplied = iToday - pp->nAgo, iVote = 0, iPrev = iApplied;
    char zId[19], zOn[11];
    RecruitAudit f;
    Err e = {0};
    MemberRec m;
    PipeStepIn in;
    demo_parties(c, iBranch, aParty, &nEntitled);
    fake_id_number("110108", pp->iBirthYear, 1 + iSeq % 12, 1 + iSeq % 27,
                   700 + 2 * iSeq + (pp->bMale ? 1 : 0), zId);
    memset(&m, 0, sizeof m);
    m.iOrg = iBranch;
    m.zName = pp->zName;
    m.zIdNumber = zId;
    m.zEthnicity = "汉族";
    m.zEducation = "大学本科";
    m.zJob = pp->bMale ? "技术员" : "科员";
    pipeline_step_in_init(&in);
    cal_format(iApplied, zOn);
    in.zOn = zOn;
    in.zDocuments = "入党申请书";
    if (pipeline_create(c, iBranch, &m, &in, &f, &iRec, &e))
        demo_fail(pp->zName, 1, &e, &f);
    recruit_audit_free(&f);
    for (int i = 1; i < COUNT(aPlan) && aPlan[i].iStep <= pp->nUpTo; i++) {
        int iStep = aPlan[i].iStep;
        int iDay =
            iStep <= 15 ? iApplied + aPlan[i].nDays : iVote + aPlan[i].nDays;
        if (iDay > iToday) return;
        pipeline_step_in_init(&in);
        in.iStep = iStep;
        cal_format(iDay, zOn);
        in.zOn = zOn;
        switch (iStep) {
        case 2:
            in.zPeople = "支部书记";
            break;
        case 5:
            in.aMentor[0] = aParty[0];
            in.nMentor = 1;
            break;
        case 9:
            in.aSponsor[0] = aParty[0];
            in.aSponsor[1] = aParty[1];
            in.nSponsor = 2;
            break;
        case 10:
            in.zDocuments = "政治审查综合报告";
            break;
        case 11:
            in.nTrainDays = 3;
            in.nTrainHours = 24;
            in.zDocuments = "发展对象培训班结业证书";
            break;
        case 14:
            in.zDocuments = "《中国共产党入党志愿书》";
            break;
        case 15:
            in.zOn = 0;
            in.iMeeting =
                demo_congress(c, iBranch, iPrev, iDay, iToday, &iVote);
            in.nEntitled = nEntitled;
            in.nPresent = nEntitled - nEntitled / 8;
            in.nYes = in.nPresent;
            iDay = iVote;
            break;
        case 16:
            in.zPeople = "党委组织员";
            break;
        case 17:
            in.iApproverOrg = 1;
            in.zDocuments = "党委审批意见";
            break;
        }
        demo_step(c, pp, iRec, &in);
        iPrev = iDay;
    }
    if (pp->nUpTo < 23 || !iVote) return;
    /* 转正: the congress on or after the end of probation (D21). */
    int iEnd = cal_add_years(iVote, 1), iFullVote = 0;
    if (iEnd + 10 > iToday || pp->nUpTo < 23) return;
    pipeline_step_in_init(&in);
    in.iStep = 23;
    in.iMeeting = demo_congress(c, iBranch, iEnd > iPrev ? iEnd : iPrev,
                                iEnd + 10, iToday, &iFullVote);
    in.nEntitled = nEntitled;
    in.nPresent = nEntitled - nEntitled / 8;
    in.nYes = in.nPresent;
    demo_step(c, pp, iRec, &in);
    static const struct {
        int iStep, nDays;
        const char *zDoc;
    } aEnd[] = {{24, 30, "党委关于预备党员转正的批复"},
                {25, 40, "入党材料归档"}};
    for (int i = 0; i < COUNT(aEnd) && aEnd[i].iStep <= pp->nUpTo; i++) {
        int iDay = iFullVote + aEnd[i].nDays;
        if (iDay > iToday) return;
        pipeline_step_in_init(&in);
        in.iStep = aEnd[i].iStep;
        cal_format(iDay, zOn);
        in.zOn = zOn;
        in.zDocuments = aEnd[i].zDoc;
        if (in.iStep == 24) in.iApproverOrg = 1;
        demo_step(c, pp, iRec, &in);
    }
}

int demo_recruit(Ctx *c, int iToday, int64_t iLoginBranch)
{
    int64_t aBranch[3] = {iLoginBranch, 0, 0};
    DbStmt *p = 0;
    int n = 1;
    if (!db_prepare_bind(c->pDb, &p,
                         "SELECT id FROM org WHERE kind='branch' AND id<>$1"
                         " AND closed=0 ORDER BY id LIMIT 2",
                         "i", iLoginBranch))
        while (n < 3 && db_step(p) == DB_ROW)
            aBranch[n++] = db_col_int64(p, 0);
    db_finalize(p);
    for (int i = 0; i < COUNT(aPerson); i++) {
        int k = aPerson[i].iBranch < n ? aPerson[i].iBranch : 0;
        demo_one(c, iToday, &aPerson[i], aBranch[k], i);
    }
    return COUNT(aPerson);
}
