/* demo.c: `zhibu demo`, a ready-to-use demonstration database and server.
**
**   zhibu demo --db PATH [--listen 127.0.0.1:8080] [--no-serve]
**
** When PATH does not exist yet, builds a county-level 机关工委 with two
** general branches (党总支), 26 branches, party groups (党小组) in the large
** branches, about 500 members and their posts, entirely through the domain
** functions (org_create, member_create, post_create, auth_*), so every row
** is validated and audited exactly like one entered by hand.  The data is
** deterministic (fake.c with a fixed seed); only dates that must be
** relative to today (terms, probation) move with the calendar.
**
** It also records a year of organisational life (meeting_save and
** meeting_attendance_set): from January to the end of last month, never in
** the current month, completed monthly 支委会, 党小组会 and 主题党日 and
** quarterly 党员大会 and 党课 with attendance.  B1 and B13 skip 支委会 and the
** overdue-term branch skipped two 主题党日, so the roll-up shows laggards.
**
** The organisation deliberately breaks four structure rules, so the checks
** page has something to show: a branch of 2 full members (B1), one of 55
** members (B2), one of 8 full members with only a secretary (B13), one
** whose term ends within 6 months and one already overdue (B17).
**
** Demo accounts get FIXED passwords (printed, no forced change): these are
** demo credentials and must never be used on real data.
*/
#include "auth.h"
#include "calendar.h"
#include "cap.h"
#include "cmd.h"
#include "cmd_data.h"
#include "compliance.h"
#include "demo_dues.h"
#include "fake.h"
#include "meeting.h"
#include "member.h"
#include "org.h"
#include "pipeline.h"
#include "schema.h"
#include "server.h"
#include "transfer.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEMO_SEED      20181028 /* 支部工作条例 date; any constant works */
#define DEMO_ROOT_NAME "中共某某县直属机关工作委员会"
#define DEMO_MAX_IDS   1024 /* people in the demo, upper bound */

/* Special cases of a demo branch. */
#define DF_TWO_FULL     0x01 /* exactly 2 full members (B1) */
#define DF_NO_COMMITTEE 0x02 /* only full members, only a secretary (B13) */
#define DF_TERM_SOON    0x04 /* term ends within 6 months (B17) */
#define DF_TERM_OVER    0x08 /* term already over (B17) */
#define DF_LOGIN        0x10 /* the branch of the secretary/member logins */
#define DF_TECH         0x20 /* many engineers */
#define DF_LAG_THEME    0x40 /* skipped the September and October theme days */

/* A general branch: name and business unit. */
typedef struct DemoGeneral {
    const char *zName; /* org name */
    const char *zUnit; /* business unit */
} DemoGeneral;

/* One branch of the demo. */
typedef struct DemoBranch {
    int iGeneral;      /* index into aGeneral, -1 = directly under the root */
    const char *zName; /* org name */
    const char *zUnit; /* business unit */
    int iKind;         /* FAKE_UNIT_* */
    int nMembers;      /* members in all */
    int nGroups;       /* party groups (0 = none) */
    unsigned mFlags;   /* DF_* */
} DemoBranch;

/* clang-format off */
static const DemoGeneral aGeneral[] = {
  { "县教育局党总支",     "县教育局" },
  { "县人民医院党总支",   "县人民医院" },
};

static const DemoBranch aBranch[] = {
  { 0, "县教育局机关党支部",       "县教育局 办公室",     FAKE_UNIT_OFFICE,   14, 0, 0 },
  { 0, "县实验小学党支部",         "县实验小学",          FAKE_UNIT_SCHOOL,   36, 3, 0 },
  { 0, "县第一中学党支部",         "县第一中学",          FAKE_UNIT_SCHOOL,   45, 3, 0 },
  { 1, "县人民医院内科党支部",     "县人民医院 内科",     FAKE_UNIT_HOSPITAL, 24, 0, 0 },
  { 1, "县人民医院外科党支部",     "县人民医院 外科",     FAKE_UNIT_HOSPITAL, 22, 0, 0 },
  { 1, "县人民医院护理党支部",     "县人民医院 护理部",   FAKE_UNIT_HOSPITAL, 30, 2, 0 },
  { 1, "县人民医院行政后勤党支部", "县人民医院 行政后勤", FAKE_UNIT_OFFICE,   12, 0, 0 },
  { -1, "县委办公室党支部",        "县委办公室",          FAKE_UNIT_OFFICE,   20, 0, 0 },
  { -1, "县政府办公室党支部",      "县人民政府办公室",    FAKE_UNIT_OFFICE,   16, 0, 0 },
  { -1, "县财政局党支部",          "县财政局",            FAKE_UNIT_OFFICE,   23, 0, DF_LOGIN },
  { -1, "县发展和改革委员会党支部", "县发展和改革委员会", FAKE_UNIT_OFFICE,   13, 0, 0 },
  { -1, "县自然资源局党支部",      "县自然资源局",        FAKE_UNIT_OFFICE,   19, 0, DF_TECH },
  { -1, "县住房和城乡建设局党支部", "县住房和城乡建设局", FAKE_UNIT_OFFICE,   17, 0, DF_TECH },
  { -1, "县交通运输局党支部",      "县交通运输局",        FAKE_UNIT_OFFICE,   15, 0, DF_TECH },
  { -1, "县农业农村局党支部",      "县农业农村局",        FAKE_UNIT_OFFICE,   26, 0, 0 },
  { -1, "县水利局党支部",          "县水利局",            FAKE_UNIT_OFFICE,   12, 0, DF_TECH | DF_TERM_SOON },
  { -1, "县市场监督管理局党支部",  "县市场监督管理局",    FAKE_UNIT_OFFICE,   24, 0, 0 },
  { -1, "县人力资源和社会保障局党支部", "县人力资源和社会保障局", FAKE_UNIT_OFFICE, 14, 0, 0 },
  { -1, "县民政局党支部",          "县民政局",            FAKE_UNIT_OFFICE,   10, 0, DF_TERM_OVER | DF_LAG_THEME },
  { -1, "县审计局党支部",          "县审计局",            FAKE_UNIT_OFFICE,    8, 0, DF_NO_COMMITTEE },
  { -1, "县统计局党支部",          "县统计局",            FAKE_UNIT_OFFICE,    3, 0, DF_TWO_FULL },
  { -1, "县文化广电和旅游局党支部", "县文化广电和旅游局", FAKE_UNIT_OFFICE,   11, 0, 0 },
  { -1, "县卫生健康委员会党支部",  "县卫生健康委员会",    FAKE_UNIT_OFFICE,   16, 0, 0 },
  { -1, "县司法局党支部",          "县司法局",            FAKE_UNIT_OFFICE,    9, 0, 0 },
  { -1, "县机关事务管理局党支部",  "县机关事务管理局",    FAKE_UNIT_OFFICE,    6, 0, 0 },
  { -1, "县直机关离退休干部党支部", "县直机关老干部活动中心", FAKE_UNIT_RETIRED, 55, 4, 0 },
};

/* 射阳县 and its neighbours (GB/T 2260): most people were born locally. */
static const char *const azArea[] = {
  "320924", "320923", "320925", "320902", "320903", "320981",
};
static const int aAreaW[] = { 80, 4, 4, 4, 4, 4 };

/* The demo logins.  FIXED, PUBLISHED passwords: demo databases only. */
static const struct {
    const char *zLogin;   /* login */
    const char *zRole;    /* admin role, or business role granted */
    const char *zPw;      /* demo password (policy: 12+, 3 classes) */
    const char *zWhere;   /* what it is bound to, for the table */
} aLogin[] = {
  { "sysadmin",  "sysadmin",         "Xitong#Demo2026",   "系统管理员（不能查看党员信息）" },
  { "secadmin",  "secadmin",         "Anquan#Demo2026",   "安全管理员（授权与安全设置）" },
  { "auditor",   "auditor",          "Shenji#Demo2026",   "审计管理员（审计日志）" },
  { "committee", "committee_staff",  "Gongwei#Demo2026",  "党委工作人员（全县直机关）" },
  { "secretary", "branch_secretary", "Shuji#Demo2026",    "支部书记（县财政局党支部）" },
  { "member",    "member",           "Dangyuan#Demo2026", "党员（县财政局党支部）" },
};
/* clang-format on */

static const char *const azGroupName[] = {"第一党小组", "第二党小组",
                                          "第三党小组", "第四党小组"};

/* What the build remembers of a branch for its meetings. */
typedef struct DemoLife {
    const DemoBranch *b;
    int64_t iBranch;
    int64_t iSecretary;   /* member id of the secretary */
    int64_t iRecorder;    /* a committee member, else the secretary */
    int bCommittee;       /* has a 支委会 */
    int64_t aGroup[4];    /* party groups */
    int64_t aLeader[4];   /* their leaders */
    int64_t aGroupRec[4]; /* a recorder in each group */
} DemoLife;

/* What the build remembers for the accounts. */
typedef struct Demo {
    Ctx c;                          /* database, keys, actor "cli" */
    App *pApp;                      /* for password hashing */
    Rng rng;                        /* seeded PRNG */
    int iToday;                     /* today, day number */
    char aId[DEMO_MAX_IDS][19];     /* ID numbers used so far */
    int nId;                        /* entries in aId */
    int nOrgs;                      /* orgs created */
    int nMembers;                   /* members created */
    int nPosts;                     /* posts created */
    int64_t iLoginBranch;           /* branch of the secretary/member logins */
    int64_t iSecretaryPerson;       /* its secretary's person id */
    char zSecretaryName[32];        /* and name */
    int64_t iMemberPerson;          /* an ordinary member's person id */
    char zMemberName[32];           /* and name */
    DemoLife aLife[COUNT(aBranch)]; /* branches, for their meetings */
    int nLife;                      /* entries in aLife */
    int nMeetings;                  /* meetings created */
} Demo;

/* Die with the message of a failed domain call. */
static _Noreturn void fail(const char *zWhat, const Err *e)
{
    die("生成演示数据失败（%s）: %s", zWhat,
        e->zMsg ? e->zMsg : errcode_get(e->iCode)->zMsg);
}

/* Create an org or die; returns its id. */
static int64_t demo_org(Demo *d, int64_t iParent, const char *zKind,
                        const char *zName, const char *zUnit, int iTermStart,
                        int nYears)
{
    Err e = {0};
    int64_t iOrg = 0;
    char zTerm[11];
    if (iTermStart) cal_format(iTermStart, zTerm);
    if (org_create(&d->c, iParent, zKind, zName, zUnit, iTermStart ? zTerm : 0,
                   iTermStart ? nYears : 0, &iOrg, &e))
        fail(zName, &e);
    d->nOrgs++;
    return iOrg;
}

/* A fresh, unused ID number for a person of sex bMale born on iBirth. */
static void demo_id(Demo *d, int bMale, int iBirth, char zId[19])
{
    int y, m, dd;
    cal_split(iBirth, &y, &m, &dd);
    for (;;) {
        const char *zArea =
            azArea[fake_weighted(&d->rng, aAreaW, COUNT(aAreaW))];
        int iSeq = fake_range(&d->rng, 0, 498) * 2 + (bMale ? 1 : 2);
        int bUsed = 0;
        fake_id_number(zArea, y, m, dd, iSeq, zId);
        for (int i = 0; i < d->nId && !bUsed; i++)
            bUsed = strcmp(d->aId[i], zId) == 0;
        if (bUsed) continue;
        if (d->nId < DEMO_MAX_IDS) memcpy(d->aId[d->nId++], zId, 19);
        return;
    }
}

/* The job of member i of branch b, born in year y. */
static const char *demo_job(Demo *d, const DemoBranch *b, int i, int y,
                            int bMale)
{
    static const char *const azTech[] = {"助理工程师", "工程师", "高级工程师"};
    if (i == 0) {
        switch (b->iKind) {
        case FAKE_UNIT_SCHOOL:
            return "副校长";
        case FAKE_UNIT_HOSPITAL:
            return "科主任";
        case FAKE_UNIT_RETIRED:
            return "退休干部";
        default:
            return "副局长";
        }
    }
    if ((b->mFlags & DF_TECH) && fake_chance(&d->rng, 40))
        return azTech[fake_range(&d->rng, 0, 2)];
    return fake_job(&d->rng, b->iKind, y, bMale);
}

/*
** Create member i of branch b in org iOrg (the branch or one of its
** groups); bProb makes a probationary member.  Returns the member id and
** stores the person id and name.
*/
static int64_t demo_member(Demo *d, const DemoBranch *b, int i, int64_t iOrg,
                           int bProb, int64_t *piPerson, char zName[32])
{
    MemberRec m;
    Err e = {0};
    char zId[19], zPhone[12], zJoined[11], zFull[11];
    int bMale = fake_chance(&d->rng, b->iKind == FAKE_UNIT_HOSPITAL ? 35
                                     : b->iKind == FAKE_UNIT_SCHOOL ? 40
                                                                    : 62);
    int y0 = 1966, y1 = 2000;
    if (b->iKind == FAKE_UNIT_RETIRED) {
        y0 = 1950;
        y1 = 1963;
    } else if (i < 5) { /* secretary and committee: experienced */
        y0 = 1968;
        y1 = 1988;
    } else if (bProb) {
        y0 = 1992;
        y1 = 2003;
    }
    int y = fake_range(&d->rng, y0, y1), iBirth = 0;
    cal_ymd(y, 1, 1, &iBirth);
    iBirth += fake_range(&d->rng, 0, 364);
    fake_name(&d->rng, bMale, y, zName);
    demo_id(d, bMale, iBirth, zId);
    fake_phone(&d->rng, zPhone);
    int i18 = cal_add_years(iBirth, 18);
    if (bProb) {
        int iLo = d->iToday - 350;
        cal_format(fake_range(&d->rng, iLo < i18 ? i18 : iLo, d->iToday - 7),
                   zJoined);
        zFull[0] = 0;
    } else {
        int iLo = cal_add_years(iBirth, fake_range(&d->rng, 19, 24));
        int iHi = cal_add_years(iBirth, fake_range(&d->rng, 26, 40));
        int iMax = cal_add_years(d->iToday, -1) - 30;
        if (iHi > iMax) iHi = iMax;
        if (iLo > iHi) iLo = iHi;
        if (iLo < i18) iLo = i18;
        int iJoined = fake_range(&d->rng, iLo, iHi < iLo ? iLo : iHi);
        cal_format(iJoined, zJoined);
        cal_format(cal_add_years(iJoined, 1), zFull);
    }
    memset(&m, 0, sizeof m);
    m.iOrg = iOrg;
    m.zName = zName;
    m.zGender = bMale ? "male" : "female";
    m.zEthnicity = fake_ethnicity(&d->rng);
    m.zIdNumber = zId;
    m.zPhone = zPhone;
    m.zEducation = fake_education(&d->rng, y, b->iKind);
    m.zJob = demo_job(d, b, i, y, bMale);
    m.zStatus = bProb ? "probationary" : "full";
    m.zJoinedOn = zJoined;
    m.zFullOn = bProb ? 0 : zFull;
    int64_t iMember = 0, iPerson = 0;
    if (member_create(&d->c, &m, &iMember, &e)) fail(zName, &e);
    if (db_one_int64(d->c.pDb, &iPerson,
                     "SELECT person_id FROM member WHERE id=$1", "i", iMember))
        die("%s", db_errmsg(d->c.pDb));
    *piPerson = iPerson;
    d->nMembers++;
    return iMember;
}

/* Appoint member iMember to zRole on iOrg from zFrom, or die. */
static void demo_post(Demo *d, int64_t iOrg, int64_t iMember, const char *zRole,
                      const char *zFrom)
{
    Err e = {0};
    int64_t iPost = 0;
    char *zWarn = 0;
    if (post_create(&d->c, iOrg, iMember, zRole, zFrom, &iPost, &zWarn, &e))
        fail(zRole, &e);
    free(zWarn);
    d->nPosts++;
}

/* The term start of branch b: normally 6 to 26 months ago (3-year term),
** except for the B17 cases. */
static int demo_term(Demo *d, const DemoBranch *b)
{
    int iThreeAgo = cal_add_years(d->iToday, -3);
    if (b->mFlags & DF_TERM_SOON) return iThreeAgo + 100;
    if (b->mFlags & DF_TERM_OVER) return iThreeAgo - 120;
    return d->iToday - fake_range(&d->rng, 180, 800);
}

/*
** Create branch b under iParent with its groups, members and posts.
** aSpare receives up to two ordinary members (member ids) for the general
** branch committee; returns how many were stored.
*/
static int demo_branch(Demo *d, const DemoBranch *b, int64_t iParent,
                       int64_t aSpare[2])
{
    int iTerm = demo_term(d, b);
    char zFrom[11];
    cal_format(iTerm, zFrom);
    int64_t iBranch =
        demo_org(d, iParent, "branch", b->zName, b->zUnit, iTerm, 3);
    int64_t aGroup[4] = {0};
    for (int g = 0; g < b->nGroups && g < 4; g++)
        aGroup[g] = demo_org(d, iBranch, "group", azGroupName[g], 0, 0, 0);
    int64_t aMember[64] = {0}, aPerson[64] = {0};
    int aGroupOf[64] = {0}, nFull = 0, nSpare = 0;
    for (int i = 0; i < b->nMembers && i < 64; i++) {
        char zName[32];
        int bProb = 0;
        if (b->mFlags & DF_TWO_FULL)
            bProb = i >= 2;
        else if (!(b->mFlags & DF_NO_COMMITTEE) &&
                 b->iKind != FAKE_UNIT_RETIRED && i >= 5)
            bProb = fake_chance(&d->rng, 7);
        aGroupOf[i] = b->nGroups ? i % b->nGroups : -1;
        int64_t iOrg = b->nGroups ? aGroup[aGroupOf[i]] : iBranch;
        aMember[i] = demo_member(d, b, i, iOrg, bProb, &aPerson[i], zName);
        if (!bProb) nFull++;
        if (i == 0 && (b->mFlags & DF_LOGIN)) {
            d->iSecretaryPerson = aPerson[i];
            snprintf(d->zSecretaryName, sizeof d->zSecretaryName, "%s", zName);
        }
        if (i == 7 && (b->mFlags & DF_LOGIN)) {
            d->iMemberPerson = aPerson[i];
            snprintf(d->zMemberName, sizeof d->zMemberName, "%s", zName);
        }
        /* Ordinary full members past the group leaders, for the 总支. */
        if (i >= 5 + b->nGroups + 2 && !bProb && nSpare < 2)
            aSpare[nSpare++] = aMember[i];
    }
    if (b->mFlags & DF_LOGIN) d->iLoginBranch = iBranch;
    DemoLife *pLife = &d->aLife[d->nLife++];
    pLife->b = b;
    pLife->iBranch = iBranch;
    pLife->iSecretary = pLife->iRecorder = aMember[0];
    /* 书记 always; 支委会 of 3-5 with 7 or more full members (B13). */
    demo_post(d, iBranch, aMember[0], "secretary", zFrom);
    if (nFull >= 7 && !(b->mFlags & DF_NO_COMMITTEE)) {
        pLife->bCommittee = 1;
        pLife->iRecorder = aMember[1];
        static const char *const azRole[] = {
            "organization_member", "propaganda_member", "discipline_member",
            "deputy_secretary"};
        int nCom = nFull >= 30 ? 4 : nFull >= 15 ? 3 : 2;
        for (int i = 0; i < nCom; i++)
            demo_post(d, iBranch, aMember[i + 1], azRole[i], zFrom);
    }
    /* 党小组长: the first member of each group who holds no post. */
    for (int g = 0; g < b->nGroups; g++) {
        for (int i = 5; i < b->nMembers; i++) {
            if (aGroupOf[i] == g) {
                demo_post(d, aGroup[g], aMember[i], "group_leader", zFrom);
                pLife->aGroup[g] = aGroup[g];
                pLife->aLeader[g] = aMember[i];
                pLife->aGroupRec[g] = aMember[i];
                for (int j = i + 1; j < b->nMembers && j < 64; j++)
                    if (aGroupOf[j] == g) {
                        pLife->aGroupRec[g] = aMember[j];
                        break;
                    }
                break;
            }
        }
    }
    return nSpare;
}

/* Build the whole demo organisation below the root (id 1). */
static void demo_build(Demo *d)
{
    int64_t aGen[COUNT(aGeneral)];
    int64_t aSpare[COUNT(aGeneral)][8];
    int nSpare[COUNT(aGeneral)] = {0};
    char zRootFrom[11];
    Err e = {0};
    int iRootTerm = cal_add_years(d->iToday, -2) - 40;
    cal_format(iRootTerm, zRootFrom);
    if (org_update(&d->c, 1, 0, 0, zRootFrom, 5, &e)) fail(DEMO_ROOT_NAME, &e);
    for (int i = 0; i < COUNT(aGeneral); i++)
        aGen[i] = demo_org(d, 1, "general_branch", aGeneral[i].zName,
                           aGeneral[i].zUnit,
                           d->iToday - fake_range(&d->rng, 200, 700), 3);
    for (int i = 0; i < COUNT(aBranch); i++) {
        const DemoBranch *b = &aBranch[i];
        int64_t a[2];
        int n = demo_branch(d, b, b->iGeneral < 0 ? 1 : aGen[b->iGeneral], a);
        for (int k = 0; b->iGeneral >= 0 && k < n; k++)
            if (nSpare[b->iGeneral] < 8)
                aSpare[b->iGeneral][nSpare[b->iGeneral]++] = a[k];
    }
    /* 总支委员会: 书记, 组织委员, 宣传委员 drawn from different branches. */
    static const char *const azGenRole[] = {"secretary", "organization_member",
                                            "propaganda_member"};
    for (int i = 0; i < COUNT(aGeneral); i++)
        for (int k = 0; k < 3 && 2 * k < nSpare[i]; k++)
            demo_post(d, aGen[i], aSpare[i][2 * k], azGenRole[k], 0);
}

/* ---------------------------------------------------------------------
** Organisational life: a history of completed meetings from January to
** the end of last month (never the current month, whose items stay due).
*/

/* clang-format off */
static const char *const azComTopic[] = {
  "研究%s%d月份重点工作推进情况",
  "研究%s发展党员和党员教育管理工作",
  "研究%s党风廉政建设和意识形态工作",
  "研究%s主题党日活动安排",
  "研究%s党费收缴使用和党务公开事项",
  "研究%s基层党建述职评议整改措施",
};
static const char *const azComUnitTopic[][2] = {
  /* FAKE_UNIT_OFFICE, SCHOOL, HOSPITAL, RETIRED by kind below */
  { "研究%s年度目标任务完成进度", "研究%s优化营商环境和服务群众举措" },
  { "研究%s教育教学质量提升措施", "研究%s师德师风建设工作" },
  { "研究%s医疗质量安全和行风建设", "研究%s党建与业务融合工作" },
  { "研究%s老干部走访慰问安排", "研究%s离退休党员学习活动安排" },
};
static const struct { const char *zTopic, *zPlace; } aTheme[] = {
  { "主题党日：学习《中国共产党支部工作条例（试行）》", "%s党员活动室" },
  { "主题党日：走进社区开展志愿服务",                   "城东社区党群服务中心" },
  { "主题党日：植树护绿志愿服务活动",                   "县城北生态林" },
  { "主题党日：赴革命烈士陵园缅怀先烈",                 "县革命烈士陵园" },
  { "主题党日：重温入党誓词、过政治生日",               "%s党员活动室" },
  { "主题党日：参观县党性教育基地",                     "县党性教育基地" },
  { "主题党日：庆祝建党纪念日，开展“党员先锋岗”评比", "%s会议室" },
  { "主题党日：到联系村开展结对帮扶",                   "新洋港村党群服务中心" },
  { "主题党日：观看廉政警示教育片",                     "%s会议室" },
  { "主题党日：学习党的创新理论，开展交流研讨",         "%s党员活动室" },
  { "主题党日：走访慰问困难党员和群众",                 "城南社区" },
  { "主题党日：开展年度党员承诺践诺回头看",             "%s党员活动室" },
};
static const char *const azCongress[] = {
  "党员大会：通报年度党建工作计划，讨论党建工作要点",
  "党员大会：讨论确定入党积极分子，通报上半年党费收缴情况",
  "党员大会：通报前三季度支部工作情况，部署第四季度工作",
  "党员大会：总结全年工作，讨论下一年度工作思路",
};
static const char *const azLecture[] = {
  "党课：学习《中国共产党章程》，做合格党员",
  "党课：弘扬伟大建党精神，立足岗位作贡献",
  "党课：加强作风建设，提升服务群众能力",
  "党课：坚守廉洁底线，筑牢思想防线",
};
static const char *const azGroupTopic[] = {
  "党小组会：学习%d月份理论学习内容，交流心得体会",
  "党小组会：开展批评与自我批评，查找工作不足",
  "党小组会：讨论本组党员联系服务群众情况",
};
static const char *const azLeave[] = {
  "出差", "病假", "外出培训", "公务外出", "家中有事",
};
/* clang-format on */

/* The unit kind index of branch b for azComUnitTopic. */
static int demo_unit_index(const DemoBranch *b)
{
    switch (b->iKind) {
    case FAKE_UNIT_SCHOOL:
        return 1;
    case FAKE_UNIT_HOSPITAL:
        return 2;
    case FAKE_UNIT_RETIRED:
        return 3;
    default:
        return 0;
    }
}

/* The business unit of b without spaces ("县教育局 办公室" -> "县教育局办公室"). */
static void demo_unit(const DemoBranch *b, char *z, size_t n)
{
    size_t j = 0;
    for (const char *p = b->zUnit; *p && j + 1 < n; p++)
        if (*p != ' ') z[j++] = *p;
    z[j] = 0;
}

/* One completed meeting of kind zKind in iOrg on iDay: the record, then
** the attendance of every expected member (about 90% present). */
static void demo_meeting(Demo *d, int64_t iOrg, const char *zKind, int iDay,
                         const char *zStart, const char *zPlace,
                         const char *zTopic, const char *zDecisions,
                         int64_t iHost, int64_t iRecorder, int64_t iSpeaker)
{
    Err e = {0};
    Attendee *aExp = 0;
    int nExp = 0, nPresent = 0;
    char zOn[11];
    cal_format(iDay, zOn);
    if (meeting_expected_for(d->c.pDb, &iOrg, 1, zKind, zOn, &aExp, &nExp))
        die("%s", db_errmsg(d->c.pDb));
    MeetingAtt *aAtt = xcalloc((size_t)(nExp ? nExp : 1), sizeof *aAtt);
    const char *zHost = "";
    for (int i = 0; i < nExp; i++) {
        int64_t iMember = aExp[i].iMember;
        int r = fake_range(&d->rng, 0, 99);
        aAtt[i].iMember = iMember;
        if (iMember == iHost) zHost = aExp[i].zName;
        if (iMember == iHost || iMember == iRecorder || iMember == iSpeaker ||
            r < 90) {
            snprintf(aAtt[i].zStatus, sizeof aAtt[i].zStatus, "present");
            nPresent++;
        } else if (r < 97) {
            snprintf(aAtt[i].zStatus, sizeof aAtt[i].zStatus, "leave");
            aAtt[i].zReason =
                azLeave[fake_range(&d->rng, 0, COUNT(azLeave) - 1)];
        } else {
            snprintf(aAtt[i].zStatus, sizeof aAtt[i].zStatus, "absent");
        }
    }
    char zDay[11];
    cal_format(iDay, zDay);
    char *zAgenda = xprintf("1. %s；2. 其他事项。", zTopic);
    char *zMinutes =
        xprintf("%s主持会议，应到%d人，实到%d人。会议围绕“%s”进行学习讨论，"
                "与会党员结合本职工作逐一发言，提出意见建议。",
                zHost, nExp, nPresent, zTopic);
    MeetingRec m;
    memset(&m, 0, sizeof m);
    m.iOrg = iOrg;
    m.zKind = zKind;
    const char *az[MT_NTEXT] = {zDay,    zDay,     zStart,     zPlace, zTopic,
                                zAgenda, zMinutes, zDecisions, 0};
    for (int i = 0; i < MT_NTEXT; i++) {
        m.az[i] = az[i];
        m.abText[i] = az[i] != 0;
    }
    m.ai[MI_HOST] = iHost;
    m.ai[MI_RECORDER] = iRecorder;
    m.ai[MI_SPEAKER] = iSpeaker;
    m.abInt[MI_HOST] = m.abInt[MI_RECORDER] = 1;
    m.abInt[MI_SPEAKER] = iSpeaker != 0;
    int64_t iMeeting = 0;
    if (meeting_save(&d->c, 0, &m, &iMeeting, &e)) fail(zTopic, &e);
    if (meeting_attendance_set(&d->c, iMeeting, aAtt, nExp, &e))
        fail(zTopic, &e);
    d->nMeetings++;
    free(zAgenda);
    free(zMinutes);
    free(aAtt);
    attendees_free(aExp, nExp);
}

/* Expand template zTpl into z: "%s" becomes zUnit, "%d" becomes n (the
** templates are data, so no printf with a non-literal format). */
static void demo_fill(char *z, size_t nz, const char *zTpl, const char *zUnit,
                      int n)
{
    size_t j = 0;
    for (const char *p = zTpl; *p && j + 1 < nz; p++) {
        char zNum[12];
        const char *zIns = 0;
        if (p[0] == '%' && p[1] == 's') zIns = zUnit;
        if (p[0] == '%' && p[1] == 'd') {
            snprintf(zNum, sizeof zNum, "%d", n);
            zIns = zNum;
        }
        if (!zIns) {
            z[j++] = *p;
            continue;
        }
        for (; *zIns && j + 1 < nz; zIns++)
            z[j++] = *zIns;
        p++;
    }
    z[j] = 0;
}

/* The meetings of one branch for months 1..nMonths of year y. */
static void demo_branch_life(Demo *d, const Calendar *pCal, const DemoLife *l,
                             int y, int nMonths)
{
    const DemoBranch *b = l->b;
    char zUnit[96], zRoom[128], zTopic[256], zPlace[128];
    demo_unit(b, zUnit, sizeof zUnit);
    snprintf(zRoom, sizeof zRoom, "%s三楼会议室", zUnit);
    int iUnit = demo_unit_index(b);
    for (int mo = 1; mo <= nMonths; mo++) {
        /* 支委会: monthly where there is a committee; the B13 branch (a
        ** secretary only) meets most months but not all. */
        int bCom = l->bCommittee;
        if (b->mFlags & DF_NO_COMMITTEE) bCom = mo != 4 && mo != 7 && mo != 8;
        if (bCom) {
            int k = fake_range(&d->rng, 0, COUNT(azComTopic) + 1);
            if (k < COUNT(azComTopic))
                demo_fill(zTopic, sizeof zTopic, azComTopic[k], zUnit, mo);
            else
                demo_fill(zTopic, sizeof zTopic,
                          azComUnitTopic[iUnit][k - COUNT(azComTopic)], zUnit,
                          mo);
            demo_meeting(
                d, l->iBranch, "committee_meeting",
                cal_workday_near(pCal, y, mo, fake_range(&d->rng, 2, 6)),
                "16:30", zRoom, zTopic,
                "1. 同意会议议题所提工作安排；2. 明确责任分工，"
                "下次支委会报告进展。",
                l->iSecretary, l->iRecorder, 0);
        }
        /* 党小组会 in every group. */
        for (int g = 0; g < 4 && l->aGroup[g]; g++) {
            demo_fill(zTopic, sizeof zTopic,
                      azGroupTopic[(mo + g) % COUNT(azGroupTopic)], zUnit, mo);
            snprintf(zPlace, sizeof zPlace, "%s党员活动室", zUnit);
            demo_meeting(
                d, l->aGroup[g], "group_meeting",
                cal_workday_near(pCal, y, mo, fake_range(&d->rng, 7, 10)),
                "15:00", zPlace, zTopic,
                "1. 组员按时完成学习任务；2. 下月继续开展交流。", l->aLeader[g],
                l->aGroupRec[g], 0);
        }
        /* 主题党日, around the 15th working day; the overdue-term branch
        ** skipped September and October. */
        if (!((b->mFlags & DF_LAG_THEME) && (mo == 9 || mo == 10))) {
            demo_fill(zPlace, sizeof zPlace, aTheme[mo - 1].zPlace, zUnit, mo);
            demo_meeting(
                d, l->iBranch, "theme_day",
                cal_workday_near(pCal, y, mo, fake_range(&d->rng, 12, 15)),
                "14:30", zPlace, aTheme[mo - 1].zTopic,
                "1. 活动按计划完成；2. 党员撰写心得体会，"
                "在下次组织生活中交流。",
                l->iSecretary, l->iRecorder, 0);
        }
        /* 党员大会 and 党课 in completed quarters. */
        if (mo % 3 == 0) {
            int q = mo / 3 - 1;
            snprintf(zPlace, sizeof zPlace, "%s党员活动室", zUnit);
            demo_meeting(
                d, l->iBranch, "lecture",
                cal_workday_near(pCal, y, mo - 1, fake_range(&d->rng, 16, 18)),
                "15:00", zPlace, azLecture[q],
                "要求党员结合学习撰写心得体会，对照检查，"
                "立足岗位践行承诺。",
                l->iSecretary, l->iRecorder, l->iSecretary);
            demo_meeting(
                d, l->iBranch, "congress",
                cal_workday_near(pCal, y, mo, fake_range(&d->rng, 16, 19)),
                "15:30", zRoom, azCongress[q], "经举手表决，同意会议各项议题。",
                l->iSecretary, l->iRecorder, 0);
        }
    }
}

/* Meetings of every branch from January up to the end of last month. */
static void demo_life(Demo *d)
{
    int y, mo, dd;
    cal_split(d->iToday, &y, &mo, &dd);
    const Calendar *pCal = life_calendar(d->c.pDb);
    fake_seed(&d->rng, DEMO_SEED + 1); /* independent of the org data */
    for (int i = 0; i < d->nLife; i++)
        demo_branch_life(d, pCal, &d->aLife[i], y, mo - 1);
}

/* Create the six demo accounts with their fixed passwords. */
static void demo_accounts(Demo *d)
{
    for (int i = 0; i < COUNT(aLogin); i++) {
        Err e = {0};
        int64_t iUser = 0;
        const Role *pRole = cap_role(aLogin[i].zRole);
        if (pRole->bAdmin) {
            /* Created by cmd_do_init() with a one-time password. */
            if (db_one_int64(d->c.pDb, &iUser,
                             "SELECT id FROM app_user WHERE login=$1", "t",
                             aLogin[i].zLogin))
                die("找不到账户 %s", aLogin[i].zLogin);
            if (auth_set_password(&d->c, d->pApp, iUser, aLogin[i].zPw, 0, 0,
                                  &e))
                fail(aLogin[i].zLogin, &e);
            continue;
        }
        int64_t iPerson = 0, iOrg = 1;
        const char *zDisplay = "县直机关工委组织部";
        if (strcmp(aLogin[i].zRole, "branch_secretary") == 0) {
            iPerson = d->iSecretaryPerson;
            zDisplay = d->zSecretaryName;
            iOrg = d->iLoginBranch;
        } else if (strcmp(aLogin[i].zRole, "member") == 0) {
            iPerson = d->iMemberPerson;
            zDisplay = d->zMemberName;
            iOrg = d->iLoginBranch;
        }
        if (auth_user_create(&d->c, d->pApp, aLogin[i].zLogin, zDisplay, 0,
                             iPerson, aLogin[i].zPw, 0, &iUser, 0, &e) ||
            auth_grant(&d->c, iUser, aLogin[i].zRole, iOrg, 0, &e))
            fail(aLogin[i].zLogin, &e);
    }
}

/* Display width of UTF-8 text: CJK (3-byte) characters count 2. */
static int text_width(const char *z)
{
    int n = 0;
    for (; *z; z++) {
        unsigned char ch = (unsigned char)*z;
        if (ch < 0x80)
            n++;
        else if (ch >= 0xe0 && ch < 0xf0)
            n += 2;
    }
    return n;
}

/* Print z padded with spaces to display width nWidth. */
static void print_cell(const char *z, int nWidth)
{
    int n = text_width(z);
    fputs(z, stdout);
    for (; n < nWidth; n++)
        putchar(' ');
}

/* Print the table of demo logins and the URL. */
static void demo_print_logins(const char *zListen, int bServe)
{
    printf("\n*** 警告：以下是演示账号和公开的固定密码，仅用于演示数据库。"
           "切勿在真实数据上使用！***\n\n");
    print_cell("角色", 34);
    print_cell("用户名", 12);
    printf("密码\n");
    for (int i = 0; i < 62; i++)
        putchar('-');
    putchar('\n');
    for (int i = 0; i < COUNT(aLogin); i++) {
        print_cell(aLogin[i].zWhere, 34);
        print_cell(aLogin[i].zLogin, 12);
        printf("%s\n", aLogin[i].zPw);
    }
    size_t n = strlen(zListen);
    if (bServe && !(n >= 2 && strcmp(zListen + n - 2, ":0") == 0))
        printf("\n地址: http://%s/\n", zListen);
    fflush(stdout);
}

/* 1 when zDb names a database that is already there (a SQLite file, or a
** PostgreSQL database with organisations). */
static int demo_exists(const char *zDb)
{
    if (strncmp(zDb, "postgres", 8) != 0) {
        const char *zPath = strncmp(zDb, "sqlite:", 7) == 0 ? zDb + 7 : zDb;
        return access(zPath, F_OK) == 0;
    }
    int64_t n = 0;
    Db *pDb = cmd_open(zDb, 0, 0, 0);
    int rc = db_one_int64(pDb, &n, "SELECT count(*) FROM org", "");
    db_close(pDb);
    return rc == DB_OK && n > 0;
}

/* Create the demo database zDb with keys in zKey. */
static void demo_create(const char *zDb, const char *zKey)
{
    App app;
    Demo *d = xcalloc(1, sizeof *d);
    memset(&app, 0, sizeof app);
    sem_init(&app.semHash, 0, 1);
    pthread_mutex_init(&app.muJob, 0);
    Db *pDb = cmd_open(zDb, zKey, 1, &app.keys);
    printf("正在生成演示数据库 %s …\n", zDb);
    fflush(stdout);
    cmd_do_init(pDb, &app, DEMO_ROOT_NAME, 0);
    d->c = (Ctx){pDb, &app.keys, 0, "demo"};
    d->pApp = &app;
    d->iToday = cal_today();
    fake_seed(&d->rng, DEMO_SEED);
    demo_build(d);
    demo_life(d);
    demo_recruit(&d->c, d->iToday, d->iLoginBranch);
    demo_dues(&d->c, d->iToday);
    demo_transfer(&d->c, d->iLoginBranch, d->iToday);
    demo_accounts(d);
    printf("已创建 %d 个组织、%d 名党员、%d 个党务岗位、%d 次组织生活会议"
           "（密钥文件 %s）\n",
           d->nOrgs + 1, d->nMembers, d->nPosts, d->nMeetings, zKey);
    db_close(pDb);
    free(d);
}

int cmd_demo(int argc, char **argv)
{
    const char *zDb = cmd_db_url(&argc, argv);
    const char *zListen = cmd_option(&argc, argv, "--listen");
    int bNoServe = cmd_flag(&argc, argv, "--no-serve");
    char *zKey = cmd_key_path(&argc, argv, zDb);
    cmd_verify_options(argc, argv);
    if (!zListen) zListen = "127.0.0.1:8080";
    if (!demo_exists(zDb)) demo_create(zDb, zKey);
    demo_print_logins(zListen, !bNoServe);
    if (bNoServe) {
        free(zKey);
        return 0;
    }
    App app;
    memset(&app, 0, sizeof app);
    cmd_app_init(&app, zDb, zKey, 4);
    int rc = server_run(&app, zListen, 4);
    dbpool_free(app.pPool);
    free(app.zDummyHash);
    free(zKey);
    return rc;
}
