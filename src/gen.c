/* gen.c: `zhibu gen`, bulk benchmark data (county, city, province scale).
**
**   zhibu gen --db URL --scale county|city|province [--seed N] [--out FILE]
**
** Builds root -> committees (one to three levels) -> general branches ->
** branches -> members with direct INSERTs through prepared statements that
** are reused (db_reset), committed every GEN_BATCH rows.  ID numbers and
** phones are sealed with vault_seal_raw() and indexed with vault_ctx_blind()
** exactly as member.c stores them, so the rows look like real ones; every
** ID number is valid (GB 11643-1999) and unique.  Posts (secretary, and a
** committee in most branches with 7 or more full members) are filled.  One
** audit row "gen.bulk" records the run.
**
** This bypasses the per-row validation of member_create() on purpose (it is
** benchmark data); the generator only produces values that validation
** accepts.  The demo (demo.c) goes through the domain functions instead.
*/
#include "audit.h"
#include "buf.h"
#include "calendar.h"
#include "compliance.h"
#include "setting.h"
#include "cmd.h"
#include "cmd_data.h"
#include "fake.h"
#include "idcard.h"
#include "schema.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define GEN_BATCH      50000 /* rows per transaction */
#define GEN_YEAR_MIN   1950  /* earliest birth year */
#define GEN_YEAR_MAX   2004  /* latest birth year */
#define GEN_SIZE_MIN   3     /* members in the smallest branch */
#define GEN_SIZE_MAX   60    /* members in the largest branch */
#define GEN_BENCH_SIZE 20    /* members of the branch the bench reads */

/* The generated data's version: bump it whenever a change to this file
** changes what gen writes (bench/life.sh regenerates its datasets then). */
#define GEN_FORMAT 3

/* One scale: the committee fan-out per level, branches and members. */
typedef struct GenScale {
    const char *zName;     /* "county" */
    const char *zRootName; /* root name when the database is empty */
    int aFan[3];           /* committees per parent at levels 1..3, 0 ends */
    int nBranches;         /* branches in all */
    int nMembers;          /* members in all */
} GenScale;

/* clang-format off */
static const GenScale aScale[] = {
  { "county",   "中共某某县委员会", {20, 0, 0},   2500,   50000 },
  { "city",     "中共某某市委员会", {12, 20, 0},  25000,  500000 },
  { "province", "中共某某省委员会", {17, 10, 15}, 100000, 2000000 },
};

/* Area codes (GB/T 2260) of 濮阳市 and further 河南省 counties. */
static const char *const azArea[] = {
  "410922", "410923", "410926", "410927", "410928", "410902",
  "410102", "410103", "410104", "410105", "410122", "410181", "410182",
  "410183", "410184", "410185", "410221", "410222", "410223", "410225",
  "410322", "410323", "410324", "410325", "410326", "410327", "410328",
  "410329", "410381", "410421", "410422", "410423", "410425", "410481",
  "410482", "410522", "410523", "410526", "410527", "410581", "410621",
  "410622", "410721", "410724", "410725", "410726", "410727", "410781",
  "410782", "410821", "410822", "410823", "410825", "410882", "410883",
};
/* clang-format on */

/* Characters for made-up place names (two of them, then 镇/乡/县...). */
static const char zPlaceChar[] = "安宁平阳清河东西南新华兴丰泰和永长临城山"
                                 "水柳集庄楼桥湾岗店营寨屯铺坡洼口台头";

#define GEN_MAX_PARAM 1000 /* parameters per statement (PostgreSQL: 65535) */

typedef struct GenVal {
    int bText; /* 1 text, 0 integer */
    int bNull; /* NULL */
    int64_t i; /* integer value, or offset of the text in the arena */
} GenVal;

typedef struct GenBatch {
    const char *zPrefix; /* "INSERT INTO t(a,b)" (static) */
    const char *zSuffix; /* after the VALUES, or NULL (static) */
    const char *zWhat;   /* Chinese name for errors (static) */
    int nCol;            /* columns per row */
    int nRows;           /* rows per full statement */
    int n;               /* values so far */
    GenVal *a;           /* nCol * nRows values; owned */
    Buf arena;           /* texts */
    DbStmt *pFull;       /* statement for nRows rows; owned */
    int64_t nDone;       /* rows written */
} GenBatch;

/* A branch whose year of meetings gen_branch_life() writes. */
typedef struct GenBranch {
    int64_t iOrg;      /* the branch */
    const char *zPath; /* its path (borrowed) */
    int n;             /* members */
    int nCommittee;    /* the first nCommittee members sit on the committee */
    int64_t aMember[GEN_SIZE_MAX]; /* member ids */
    int aJoined[GEN_SIZE_MAX];     /* joined_on day numbers */
} GenBranch;

/* The generator's state for one run. */
typedef struct Gen {
    Ctx c;                    /* database, keys, actor */
    Rng rng;                  /* seeded PRNG */
    Rng rngLife;              /* seeded PRNG of the meetings */
    uint64_t iSeedMix;        /* from the seed: where sequence numbers start */
    const GenScale *pSc;      /* scale */
    int iToday;               /* day number of today */
    int iDay0;                /* day number of GEN_YEAR_MIN-01-01 */
    int nDays;                /* days from GEN_YEAR_MIN to GEN_YEAR_MAX */
    int nArea;                /* areas in use (azArea prefix) */
    unsigned short *aSeqUsed; /* [area][day][sex] sequence numbers used */
    int64_t iNextOrg;         /* next org id */
    int64_t tCreated;         /* created_at for every row */
    DbStmt *pOrg;             /* INSERT INTO org */
    DbStmt *pPerson;          /* INSERT INTO person ... RETURNING id */
    VaultCtx *pVault;         /* keyed crypto contexts; owned */
    DbStmt *pMember;          /* INSERT INTO member */
    DbStmt *pPost;            /* INSERT INTO post */
    int *aSize;               /* members of each branch, in creation order */
    int iBranch;              /* branches created so far */
    int64_t nOrgs;            /* org rows inserted */
    int64_t nPersons;         /* person and member pairs inserted */
    int64_t nPosts;           /* post rows inserted */
    int64_t nRows;            /* all rows inserted */
    int nInBatch;             /* rows in the open transaction */
    int64_t iBenchOrg;        /* a branch with GEN_BENCH_SIZE members */
    int64_t iImportOrg;       /* an empty branch to import into */
    double tStart;            /* start, seconds */
    int bTty;                 /* stderr is a terminal */
    int iLastTenth;           /* last 10% step reported (not a terminal) */
    double tLastDraw;         /* last progress redraw */
    int64_t iNextMember;      /* next member id */
    int64_t iNextMeeting;     /* next meeting id */
    GenBatch bMeeting;        /* INSERT INTO meeting */
    GenBatch bMeetingOrg;     /* INSERT INTO meeting_org */
    GenBatch bAttendance;     /* INSERT INTO attendance */
    GenBatch bLifeCount;      /* INSERT INTO life_count */
    int **aSlot;              /* [org id] ancestor counters, or NULL; owned */
    int64_t nSlot;            /* entries of aSlot */
    int64_t nMeetings;        /* meetings inserted */
    int64_t nAttendance;      /* attendance rows inserted */
    const Calendar *pCal;     /* official working days */
    int nStudyHours;          /* study hours of a lecture or theme day */
} Gen;

/* Wall-clock seconds. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Report progress on stderr: a redrawn bar on a terminal, else one line
** per 10%.  bFinal forces the last report. */
static void progress(Gen *g, int bFinal)
{
    double t = now_s(), dt = t - g->tStart;
    int nPct = (int)(100.0 * (double)g->nPersons / g->pSc->nMembers);
    double fRate = dt > 0 ? (double)g->nRows / dt : 0;
    if (nPct > 100) nPct = 100;
    if (g->bTty) {
        if (!bFinal && t - g->tLastDraw < 0.2) return;
        g->tLastDraw = t;
        char zBar[41];
        int nFill = nPct * 40 / 100;
        for (int i = 0; i < 40; i++)
            zBar[i] = i < nFill ? '#' : '.';
        zBar[40] = 0;
        fprintf(stderr, "\r[%s] %3d%%  %lld/%d 党员  %.0f 行/秒 ", zBar, nPct,
                (long long)g->nPersons, g->pSc->nMembers, fRate);
        if (bFinal) fputc('\n', stderr);
    } else if (nPct / 10 > g->iLastTenth) {
        g->iLastTenth = nPct / 10;
        fprintf(stderr, "gen: %3d%%  %lld/%d 党员  %.0f 行/秒  %.1f 秒\n", nPct,
                (long long)g->nPersons, g->pSc->nMembers, fRate, dt);
    }
}

static void flush_all(Gen *g);

/* Count one inserted row; commit and begin again every GEN_BATCH rows. */
static void row_done(Gen *g)
{
    g->nRows++;
    if (++g->nInBatch < GEN_BATCH) return;
    flush_all(g);
    if (db_commit(g->c.pDb) || db_begin(g->c.pDb))
        die("提交失败: %s", db_errmsg(g->c.pDb));
    g->nInBatch = 0;
    progress(g, 0);
}

/* Step a reused INSERT without result rows and reset it; dies on error. */
static void step_done(Gen *g, DbStmt *p, const char *zWhat)
{
    int rc = db_step(p);
    if (rc != DB_DONE) die("写入%s失败: %s", zWhat, db_errmsg(g->c.pDb));
    db_reset(p);
    row_done(g);
}

/* ---------------------------------------------------------------------
** Multi-row INSERTs.  One statement inserts GenBatch.nRows rows at once
** (the last, shorter, batch gets its own statement), which is what makes
** tens of millions of attendance rows affordable on PostgreSQL, where
** every statement is a round trip.  Values are kept until the flush:
** integers as they are, texts in an arena (NULL stays NULL).
*/

/* SQL of an INSERT of nRow rows for batch b.  Caller frees. */
static char *batch_sql(const GenBatch *b, int nRow)
{
    Buf s = BUF_INIT;
    buf_appends(&s, b->zPrefix);
    buf_appends(&s, " VALUES");
    for (int r = 0, k = 1; r < nRow; r++) {
        buf_appends(&s, r ? ",(" : "(");
        for (int c = 0; c < b->nCol; c++, k++)
            buf_appendf(&s, c ? ",$%d" : "$%d", k);
        buf_appends(&s, ")");
    }
    if (b->zSuffix) buf_appends(&s, b->zSuffix);
    return buf_take(&s);
}

static void batch_init(GenBatch *b, const char *zPrefix, const char *zSuffix,
                       const char *zWhat, int nCol)
{
    memset(b, 0, sizeof *b);
    b->zPrefix = zPrefix;
    b->zSuffix = zSuffix;
    b->zWhat = zWhat;
    b->nCol = nCol;
    b->nRows = GEN_MAX_PARAM / nCol;
    b->a = xcalloc((size_t)(nCol * b->nRows), sizeof *b->a);
}

/* Write the rows held by b (any number up to nRows). */
static void batch_flush(Gen *g, GenBatch *b)
{
    if (b->n == 0) return;
    int nRow = b->n / b->nCol;
    DbStmt *p = 0;
    if (nRow == b->nRows && b->pFull) {
        p = b->pFull;
    } else {
        char *zSql = batch_sql(b, nRow);
        if (db_prepare(g->c.pDb, &p, zSql))
            die("准备语句失败: %s", db_errmsg(g->c.pDb));
        free(zSql);
        if (nRow == b->nRows) b->pFull = p;
    }
    for (int i = 0; i < b->n; i++) {
        const GenVal *v = &b->a[i];
        if (v->bNull)
            db_bind_null(p, i + 1);
        else if (v->bText)
            db_bind_text_ref(p, i + 1, b->arena.z + v->i);
        else
            db_bind_int64(p, i + 1, v->i);
    }
    if (db_step(p) != DB_DONE)
        die("写入%s失败: %s", b->zWhat, db_errmsg(g->c.pDb));
    if (p == b->pFull)
        db_reset(p);
    else
        db_finalize(p);
    b->nDone += nRow;
    b->n = 0;
    b->arena.n = 0;
}

static void batch_free(GenBatch *b)
{
    db_finalize(b->pFull);
    free(b->a);
    buf_free(&b->arena);
}

/* Append one value; a full batch is written when the row is complete. */
static void batch_int(GenBatch *b, int64_t v)
{
    GenVal *p = &b->a[b->n++];
    p->bText = 0;
    p->bNull = 0;
    p->i = v;
}

static void batch_text(GenBatch *b, const char *z)
{
    GenVal *p = &b->a[b->n++];
    p->bText = 1;
    p->bNull = z == 0;
    p->i = (int64_t)b->arena.n;
    if (z) buf_append(&b->arena, z, strlen(z) + 1);
}

/* Every batch in foreign-key order (meetings before what refers to them). */
static void flush_all(Gen *g)
{
    batch_flush(g, &g->bMeeting);
    batch_flush(g, &g->bMeetingOrg);
    batch_flush(g, &g->bAttendance);
    batch_flush(g, &g->bLifeCount);
}

/* A row was added to batch b: write it when full, count it. */
static void batch_row(Gen *g, GenBatch *b)
{
    if (b->n == b->nCol * b->nRows) {
        if (b != &g->bMeeting) batch_flush(g, &g->bMeeting);
        if (b == &g->bAttendance) batch_flush(g, &g->bMeetingOrg);
        batch_flush(g, b);
    }
    row_done(g);
}

/* ---------------------------------------------------------------------
** One year of organisational life for every branch: the meetings the
** default cadence asks for (支委会 and 主题党日 monthly, 党员大会 and 党课
** quarterly, 组织生活会 and 民主评议 once), held on working days of the
** official calendar up to today, completed, with attendance, plus the
** roll-up counters (life_count) the server keeps for them.  A few
** branches lag: a missed theme day or committee meeting, a missed
** quarter's congress, or nothing for the last three months.
*/

#define GEN_NPER 17 /* periods of a year: 12 months, 4 quarters, the year */

/* The kinds gen records, in this order. */
static const char *const azGenKind[] = {"committee_meeting", "theme_day",
                                        "congress",          "lecture",
                                        "life_meeting",      "appraisal"};
#define GEN_NKIND 6

/* clang-format off */
static const char *const azGenTheme[12] = {
  "学习贯彻党的二十届四中全会精神", "重温入党誓词，学习党章", "学雷锋志愿服务",
  "清明祭扫革命烈士墓", "学习《中国共产党支部工作条例（试行）》", "“七一”前走访慰问困难党员",
  "纪念建党105周年，重温入党誓词", "党风廉政警示教育", "为群众办实事，走访服务对象",
  "国庆主题党日：学习党史", "学习贯彻全会精神交流研讨", "年度述职与民主评议准备",
};
static const char *const azGenLeave[] = {"出差", "病假", "外出培训", "值班", "事假"};
/* clang-format on */

/* The roll-up counters of org iOrg (a committee or general branch). */
static int *acc_of(Gen *g, int64_t iOrg)
{
    if (iOrg >= g->nSlot) {
        int64_t n = g->nSlot ? g->nSlot : 1024;
        while (n <= iOrg)
            n *= 2;
        g->aSlot = xrealloc(g->aSlot, (size_t)n * sizeof *g->aSlot);
        memset(g->aSlot + g->nSlot, 0,
               (size_t)(n - g->nSlot) * sizeof *g->aSlot);
        g->nSlot = n;
    }
    if (!g->aSlot[iOrg])
        g->aSlot[iOrg] = xcalloc(GEN_NKIND * GEN_NPER, sizeof(int));
    return g->aSlot[iOrg];
}

/* Name of period j (0..16: months, quarters, the year) of year y, as the
** server names it (life_period_of), into z[32]. */
static void period_name(int y, int j, char z[32])
{
    LifePeriod p;
    life_period_at(y, j, &p);
    snprintf(z, 32, "%s", p.zName);
}

static void life_count_row(Gen *g, int64_t iOrg, int k, int y, int j, int n)
{
    char zP[32];
    period_name(y, j, zP);
    GenBatch *b = &g->bLifeCount;
    batch_int(b, iOrg);
    batch_text(b, azGenKind[k]);
    batch_text(b, zP);
    batch_int(b, n);
    batch_row(g, b);
}

/* One completed meeting of kind azGenKind[k] of branch br on iDay, with
** the attendance of its members (the committee only when bCommittee) who
** had joined by then. */
static void gen_meeting(Gen *g, const GenBranch *br, int k, int iDay,
                        const char *zTopic, int bCommittee)
{
    char zDay[11], zMin[512], zAgenda[320];
    int nExp = 0, anCount[3] = {0, 0, 0}, aS[GEN_SIZE_MAX], aW[GEN_SIZE_MAX];
    int64_t iMeeting = g->iNextMeeting++;
    int n = bCommittee ? br->nCommittee : br->n;
    const LifeKind *lk = life_kind(azGenKind[k]);
    cal_format(iDay, zDay);
    /* Who attended: the host (member 0) always, 90% present, 7% on leave. */
    for (int i = 0; i < n; i++) {
        aS[i] = -1;
        if (br->aJoined[i] > iDay) continue;
        int r = fake_range(&g->rngLife, 0, 99);
        aS[i] = i == 0 || r < 90 ? 0 : r < 97 ? 1 : 2;
        aW[i] = fake_range(&g->rngLife, 0, COUNT(azGenLeave) - 1);
        anCount[aS[i]]++;
        nExp++;
    }
    snprintf(zAgenda, sizeof zAgenda, "1. %s；2. 其他事项。", zTopic);
    snprintf(zMin, sizeof zMin,
             "书记主持会议，应到%d人，实到%d人。会议围绕“%s”进行学习讨论，"
             "与会党员结合本职工作发言，提出意见建议。",
             nExp, anCount[0], zTopic);
    GenBatch *b = &g->bMeeting;
    batch_int(b, iMeeting);
    batch_int(b, br->iOrg);
    batch_text(b, azGenKind[k]);
    batch_text(b, "completed");
    batch_text(b, zDay);
    batch_text(b, zDay);
    batch_text(b, k == 0 ? "16:30" : "15:00");
    batch_text(b, "党员活动室");
    batch_int(b, br->aMember[0]);
    batch_int(b, br->aMember[br->n > 1 ? 1 : 0]);
    if (k == 3)
        batch_int(b, br->aMember[0]);
    else
        batch_text(b, 0);
    batch_text(b, zTopic);
    batch_text(b, zAgenda);
    batch_text(b, zMin);
    batch_text(b, "同意会议议题所提工作安排，明确责任分工。");
    batch_int(b, lk && lk->bStudy ? g->nStudyHours : 0);
    batch_int(b, nExp);
    batch_int(b, anCount[0]);
    batch_int(b, anCount[1]);
    batch_int(b, anCount[2]);
    batch_int(b, g->tCreated);
    batch_int(b, g->tCreated);
    batch_row(g, b);
    b = &g->bMeetingOrg;
    batch_int(b, iMeeting);
    batch_int(b, br->iOrg);
    batch_text(b, azGenKind[k]);
    batch_text(b, zDay);
    batch_int(b, 1);
    batch_int(b, 1);
    batch_row(g, b);
    for (int i = 0; i < n; i++) {
        if (aS[i] < 0) continue;
        b = &g->bAttendance;
        batch_int(b, iMeeting);
        batch_int(b, br->aMember[i]);
        batch_text(b, aS[i] == 0 ? "present" : aS[i] == 1 ? "leave" : "absent");
        batch_text(b, aS[i] == 1 ? azGenLeave[aW[i]] : 0);
        batch_row(g, b);
        g->nAttendance++;
    }
    g->nMeetings++;
}

/* The year of meetings of one branch, its counters, and its ancestors'. */
static void gen_branch_life(Gen *g, const GenBranch *br)
{
    const Calendar *pCal = g->pCal;
    int y, mNow, dNow, aDone[GEN_NKIND][GEN_NPER];
    char zTopic[200];
    cal_split(g->iToday, &y, &mNow, &dNow);
    memset(aDone, 0, sizeof aDone);
    if (br->n == 0) return;
    /* Lagging branches (the same draws every run). */
    int r = fake_range(&g->rngLife, 0, 999),
        mSkip = fake_range(&g->rngLife, 1, 12);
    int qSkip = fake_range(&g->rngLife, 1, 4);
    int bSkipTheme = r < 40, bSkipCom = r >= 40 && r < 70;
    int bSkipCongress = r >= 70 && r < 90, mStop = r >= 990 ? mNow - 3 : 99;
    for (int m = 1; m <= mNow; m++) {
        if (m > mStop) break;
        struct {
            int k, iDay;
        } aPlan[6];
        int nPlan = 0;
        if (!(bSkipCom && m == mSkip))
            aPlan[nPlan].k = 0,
            aPlan[nPlan++].iDay =
                cal_workday_near(pCal, y, m, fake_range(&g->rngLife, 2, 6));
        if (!(bSkipTheme && m == mSkip))
            aPlan[nPlan].k = 1,
            aPlan[nPlan++].iDay =
                cal_workday_near(pCal, y, m, fake_range(&g->rngLife, 12, 15));
        if (m % 3 == 0 && !(bSkipCongress && m / 3 == qSkip))
            aPlan[nPlan].k = 2,
            aPlan[nPlan++].iDay =
                cal_workday_near(pCal, y, m, fake_range(&g->rngLife, 16, 19));
        if (m % 3 == 2)
            aPlan[nPlan].k = 3,
            aPlan[nPlan++].iDay =
                cal_workday_near(pCal, y, m, fake_range(&g->rngLife, 16, 18));
        if (m == 1)
            aPlan[nPlan].k = 4,
            aPlan[nPlan++].iDay =
                cal_workday_near(pCal, y, m, fake_range(&g->rngLife, 8, 12));
        if (m == 2)
            aPlan[nPlan].k = 5,
            aPlan[nPlan++].iDay =
                cal_workday_near(pCal, y, m, fake_range(&g->rngLife, 6, 10));
        for (int i = 0; i < nPlan; i++) {
            int k = aPlan[i].k, iDay = aPlan[i].iDay;
            if (iDay > g->iToday) continue;
            switch (k) {
            case 0:
                snprintf(zTopic, sizeof zTopic, "研究部署%d月份党建和业务工作",
                         m);
                break;
            case 1:
                snprintf(zTopic, sizeof zTopic, "%d月主题党日：%s", m,
                         azGenTheme[m - 1]);
                break;
            case 2:
                snprintf(zTopic, sizeof zTopic,
                         "第%d季度党员大会：通报支部工作，研究重点任务",
                         (m + 2) / 3);
                break;
            case 3:
                snprintf(zTopic, sizeof zTopic,
                         "第%d季度党课：立足岗位践行初心使命", (m + 2) / 3);
                break;
            case 4:
                snprintf(zTopic, sizeof zTopic, "%d年度组织生活会", y - 1);
                break;
            default:
                snprintf(zTopic, sizeof zTopic, "%d年度民主评议党员", y - 1);
                break;
            }
            gen_meeting(g, br, k, iDay, zTopic, k == 0);
            aDone[k][m - 1] = aDone[k][12 + (m - 1) / 3] = aDone[k][16] = 1;
        }
    }
    /* Counters: the branch's own rows, and the sums of its ancestors. */
    int64_t aAnc[16];
    int nAnc = 0;
    for (const char *p = br->zPath; *p && nAnc < 16;) {
        int64_t v = 0;
        if (*p == '/') p++;
        if (!*p) break;
        while (*p >= '0' && *p <= '9')
            v = v * 10 + (*p++ - '0');
        if (v != br->iOrg) aAnc[nAnc++] = v;
    }
    for (int k = 0; k < GEN_NKIND; k++)
        for (int j = 0; j < GEN_NPER; j++) {
            if (!aDone[k][j]) continue;
            life_count_row(g, br->iOrg, k, y, j, 1);
            for (int a = 0; a < nAnc; a++)
                acc_of(g, aAnc[a])[k * GEN_NPER + j]++;
        }
}

/* The ancestors' counters, once every branch is done. */
static void gen_life_counts(Gen *g)
{
    int y, m, d;
    cal_split(g->iToday, &y, &m, &d);
    for (int64_t i = 0; i < g->nSlot; i++) {
        if (!g->aSlot[i]) continue;
        for (int k = 0; k < GEN_NKIND; k++)
            for (int j = 0; j < GEN_NPER; j++)
                if (g->aSlot[i][k * GEN_NPER + j])
                    life_count_row(g, i, k, y, j,
                                   g->aSlot[i][k * GEN_NPER + j]);
        free(g->aSlot[i]);
    }
    free(g->aSlot);
    g->aSlot = 0;
    g->nSlot = 0;
}

/* A made-up two-character place name into z[16]. */
static void place_name(Gen *g, char z[16])
{
    int n = (int)(sizeof zPlaceChar - 1) / 3;
    int a = fake_range(&g->rng, 0, n - 1), b = fake_range(&g->rng, 0, n - 2);
    if (b >= a) b++;
    memcpy(z, zPlaceChar + 3 * a, 3);
    memcpy(z + 3, zPlaceChar + 3 * b, 3);
    z[6] = 0;
}

/* A term start within the last three years, into z[11]. */
static void term_start(Gen *g, char z[11])
{
    cal_format(g->iToday - fake_range(&g->rng, 30, 3 * 365 + 60), z);
}

/*
** Insert one org under the org with id iParent and path zParentPath.
** zUnit and zTerm may be NULL.  The new path goes into zPath[64]; returns
** the new id.
*/
static int64_t org_insert(Gen *g, int64_t iParent, const char *zParentPath,
                          int iDepth, const char *zKind, const char *zName,
                          const char *zUnit, const char *zTerm, char zPath[64])
{
    int64_t iId = g->iNextOrg++;
    snprintf(zPath, 64, "%s%lld/", zParentPath, (long long)iId);
    DbStmt *p = g->pOrg;
    db_bind_int64(p, 1, iId);
    db_bind_int64(p, 2, iParent);
    db_bind_text(p, 3, zKind);
    db_bind_text(p, 4, zName);
    db_bind_text(p, 5, zUnit);
    db_bind_text(p, 6, zPath);
    db_bind_int64(p, 7, iDepth);
    db_bind_text(p, 8, zTerm);
    if (zTerm)
        db_bind_int64(p, 9, 3);
    else
        db_bind_null(p, 9);
    db_bind_int64(p, 10, g->tCreated);
    step_done(g, p, "组织");
    g->nOrgs++;
    return iId;
}

/* Birth year for a member of a unit of kind iKind. */
static int birth_year(Gen *g, int iKind)
{
    int y0 = 1966, y1 = 2002;
    if (iKind == FAKE_UNIT_RETIRED) {
        y0 = GEN_YEAR_MIN;
        y1 = 1966;
    } else if (iKind == FAKE_UNIT_VILLAGE) {
        y0 = GEN_YEAR_MIN;
        y1 = GEN_YEAR_MAX;
    }
    return fake_range(&g->rng, y0, y1);
}

/*
** A fresh sequence number for area iArea, birth day iDay (offset from
** iDay0) and sex bMale: odd for men, even for women, 001..999, never the
** same twice in one run.  Returns -1 when the cell is full.
*/
static int next_seq(Gen *g, int iArea, int iDay, int bMale)
{
    size_t k = ((size_t)iArea * (size_t)g->nDays + (size_t)iDay) * 2 + bMale;
    unsigned n = g->aSeqUsed[k]++;
    if (n >= 499) return -1;
    /* A start that varies per cell, so numbers do not all begin at 001. */
    uint64_t h = ((uint64_t)k ^ g->iSeedMix) * 0x9e3779b97f4a7c15ULL;
    int iStart = (int)((h >> 40) % 500);
    int iSeq = (int)((iStart + n) % 499) * 2 + 1 + (bMale ? 0 : 1);
    return iSeq; /* 1..998 */
}

/* Joined and full dates for a person born on iBirth: full members joined
** between their 18th birthday and a year ago; probationary members within
** the last year.  zFull is "" for probationary members. */
static void party_dates(Gen *g, int iBirth, int bProb, char zJoined[11],
                        char zFull[11])
{
    int i18 = cal_add_years(iBirth, 18);
    if (bProb) {
        int iLo = g->iToday - 360;
        if (iLo < i18) iLo = i18;
        int iJoined = fake_range(&g->rng, iLo, g->iToday - 2);
        cal_format(iJoined, zJoined);
        zFull[0] = 0;
        return;
    }
    int iHi = cal_add_years(g->iToday, -1) - 1;
    /* Most people join between 20 and 40. */
    int iLo = cal_add_years(iBirth, fake_range(&g->rng, 18, 22));
    int iTo = cal_add_years(iBirth, fake_range(&g->rng, 28, 45));
    if (iTo > iHi) iTo = iHi;
    if (iLo > iTo) iLo = iTo;
    if (iLo < i18) iLo = i18;
    int iJoined = fake_range(&g->rng, iLo, iTo < iLo ? iLo : iTo);
    cal_format(iJoined, zJoined);
    cal_format(cal_add_years(iJoined, 1), zFull);
}

/*
** Insert one person and their membership in branch iOrg.  Returns the
** person id; the member id goes to *piMember and the joined day to
** *piJoined.  A person whose ID number already exists (a previous run) is
** retried with the next sequence number.
*/
static int64_t person_insert(Gen *g, int64_t iOrg, int iKind, int iHomeArea,
                             int bProb, int64_t *piMember, int *piJoined)
{
    char zName[32], zId[19], zPhone[12], zBirth[11], zJoined[11], zFull[11];
    int bMale = fake_chance(&g->rng, iKind == FAKE_UNIT_HOSPITAL  ? 35
                                     : iKind == FAKE_UNIT_SCHOOL  ? 42
                                     : iKind == FAKE_UNIT_VILLAGE ? 75
                                                                  : 64);
    int y = birth_year(g, iKind);
    if (bProb && y < 1980) y = fake_range(&g->rng, 1985, GEN_YEAR_MAX);
    int iBirth = 0;
    cal_ymd(y, 1, 1, &iBirth);
    iBirth += fake_range(&g->rng, 0, 364);
    int iArea = fake_chance(&g->rng, 85) ? iHomeArea
                                         : fake_range(&g->rng, 0, g->nArea - 1);
    fake_name(&g->rng, bMale, y, zName);
    fake_phone(&g->rng, zPhone);
    party_dates(g, iBirth, bProb, zJoined, zFull);
    cal_format(iBirth, zBirth);
    const char *zEthnic = fake_ethnicity(&g->rng);
    const char *zEdu = fake_education(&g->rng, y, iKind);
    const char *zJob = fake_job(&g->rng, iKind, y, bMale);
    int64_t iPerson = 0;
    while (!iPerson) {
        int yy, mm, dd;
        int iSeq = next_seq(g, iArea, iBirth - g->iDay0, bMale);
        if (iSeq < 0) { /* cell full: move to another area */
            iArea = (iArea + 1) % g->nArea;
            continue;
        }
        cal_split(iBirth, &yy, &mm, &dd);
        fake_id_number(azArea[iArea], yy, mm, dd, iSeq, zId);
        unsigned char aIdIdx[VAULT_IDX_LEN], aPhIdx[VAULT_IDX_LEN];
        char zIdMask[19], zPhMask[12];
        unsigned char aIdEnc[VAULT_SEALED_RAW_LEN(18)];
        unsigned char aPhEnc[VAULT_SEALED_RAW_LEN(11)];
        size_t nIdEnc = 0, nPhEnc = 0;
        if (vault_seal_raw(0, g->pVault, zId, aIdEnc, sizeof aIdEnc, &nIdEnc) ||
            vault_seal_raw(0, g->pVault, zPhone, aPhEnc, sizeof aPhEnc,
                           &nPhEnc))
            die("内部错误：身份证号或手机号长度");
        vault_ctx_blind(g->pVault, "id_number", zId, aIdIdx);
        vault_ctx_blind(g->pVault, "phone", zPhone, aPhIdx);
        idcard_mask(zId, zIdMask);
        phone_mask(zPhone, zPhMask);
        DbStmt *p = g->pPerson;
        db_bind_text(p, 1, zName);
        db_bind_text(p, 2, bMale ? "male" : "female");
        db_bind_text(p, 3, zEthnic);
        db_bind_text(p, 4, zBirth);
        db_bind_blob(p, 5, aIdEnc, (int)nIdEnc);
        db_bind_blob(p, 6, aIdIdx, VAULT_IDX_LEN);
        db_bind_blob(p, 7, aPhEnc, (int)nPhEnc);
        db_bind_blob(p, 8, aPhIdx, VAULT_IDX_LEN);
        db_bind_text(p, 9, zEdu);
        db_bind_text(p, 10, zJob);
        db_bind_int64(p, 11, g->tCreated);
        db_bind_text(p, 12, zIdMask);
        db_bind_text(p, 13, zPhMask);
        int rc = db_step(p);
        if (rc == DB_ROW)
            iPerson = db_col_int64(p, 0);
        else if (rc != DB_DONE)
            die("写入人员失败: %s", db_errmsg(g->c.pDb));
        db_reset(p);
    }
    row_done(g);
    DbStmt *p = g->pMember;
    *piMember = g->iNextMember++;
    if (cal_parse(zJoined, piJoined)) *piJoined = g->iToday;
    db_bind_int64(p, 1, iPerson);
    db_bind_int64(p, 2, iOrg);
    db_bind_text(p, 3, bProb ? "probationary" : "full");
    db_bind_text(p, 4, zJoined);
    db_bind_text(p, 5, bProb ? 0 : zFull);
    db_bind_int64(p, 6, g->tCreated);
    db_bind_int64(p, 7, *piMember);
    step_done(g, p, "党员");
    g->nPersons++;
    return iPerson;
}

/* Insert an active post. */
static void post_insert(Gen *g, int64_t iOrg, int64_t iPerson,
                        const char *zRole, const char *zFrom)
{
    DbStmt *p = g->pPost;
    db_bind_int64(p, 1, iOrg);
    db_bind_int64(p, 2, iPerson);
    db_bind_text(p, 3, zRole);
    db_bind_text(p, 4, zFrom);
    step_done(g, p, "岗位");
    g->nPosts++;
}

/* Name and business unit of a branch of kind iKind in place zPlace, the
** n-th of its kind there, into zName[256] and zUnit[160]. */
static void branch_names(Gen *g, int iKind, const char *zPlace, int n,
                         char zName[256], char zUnit[160])
{
    char zVillage[16];
    switch (iKind) {
    case FAKE_UNIT_VILLAGE:
        place_name(g, zVillage);
        snprintf(zUnit, 160, "%s村民委员会", zVillage);
        snprintf(zName, 256, "中共%s村支部委员会", zVillage);
        break;
    case FAKE_UNIT_SCHOOL:
        snprintf(zUnit, 160, "%s第%d%s", zPlace, n,
                 fake_chance(&g->rng, 70) ? "小学" : "初级中学");
        snprintf(zName, 256, "%s党支部", zUnit);
        break;
    case FAKE_UNIT_HOSPITAL:
        snprintf(zUnit, 160, "%s卫生院", zPlace);
        snprintf(zName, 256, "%s第%d党支部", zUnit, n);
        break;
    case FAKE_UNIT_FIRM:
        place_name(g, zVillage);
        snprintf(zUnit, 160, "%s%s有限公司", zPlace, zVillage);
        snprintf(zName, 256, "%s党支部", zUnit);
        break;
    case FAKE_UNIT_RETIRED:
        snprintf(zUnit, 160, "%s老干部活动中心", zPlace);
        snprintf(zName, 256, "%s退休干部第%d党支部", zPlace, n);
        break;
    default:
        snprintf(zUnit, 160, "%s人民政府", zPlace);
        snprintf(zName, 256, "%s机关第%d党支部", zPlace, n);
        break;
    }
}

/*
** Create the next branch (its size is g->aSize[g->iBranch]) under iParent
** with its members and posts.  n numbers branches of the same place.
*/
static void branch_create(Gen *g, int64_t iParent, const char *zParentPath,
                          int iDepth, const char *zPlace, int iHomeArea, int n)
{
    /* clang-format off */
    static const int aKindW[FAKE_UNIT_COUNT] = {20, 15, 5, 15, 38, 7};
    static const char *const azCommittee[] = {"organization_member", "propaganda_member", "discipline_member", "deputy_secretary"};
    /* clang-format on */
    char zName[256], zUnit[160], zPath[64], zTerm[11];
    int iKind = fake_weighted(&g->rng, aKindW, FAKE_UNIT_COUNT);
    int nSize = g->aSize[g->iBranch++];
    branch_names(g, iKind, zPlace, n, zName, zUnit);
    term_start(g, zTerm);
    int64_t iOrg = org_insert(g, iParent, zParentPath, iDepth, "branch", zName,
                              zUnit, zTerm, zPath);
    if (nSize == GEN_BENCH_SIZE && !g->iBenchOrg) g->iBenchOrg = iOrg;
    int64_t aPerson[5];
    int nFull = 0;
    GenBranch br;
    br.iOrg = iOrg;
    br.zPath = zPath;
    br.n = nSize;
    br.nCommittee = 1;
    for (int i = 0; i < nSize; i++) {
        /* The first members are full (the secretary and committee). */
        int bProb = i >= 5 && fake_chance(&g->rng, 5);
        int64_t iPerson = person_insert(g, iOrg, iKind, iHomeArea, bProb,
                                        &br.aMember[i], &br.aJoined[i]);
        if (i < 5) aPerson[i] = iPerson;
        if (!bProb) nFull++;
    }
    if (nSize == 0) return;
    /* 书记 in nearly every branch; 支委会 in most with 7+ full members. */
    if (fake_chance(&g->rng, 98))
        post_insert(g, iOrg, aPerson[0], "secretary", zTerm);
    if (nFull >= 7 && fake_chance(&g->rng, 93)) {
        int nCom = fake_range(&g->rng, 2, 4);
        for (int i = 0; i < nCom && i + 1 < 5; i++)
            post_insert(g, iOrg, aPerson[i + 1], azCommittee[i], zTerm);
        br.nCommittee = 1 + (nCom < 4 ? nCom : 4);
    }
    gen_branch_life(g, &br);
}

/*
** Fill a leaf committee with nBranch branches: about a third grouped under
** general branches of 3..7 branches, the rest directly below.
*/
static void leaf_fill(Gen *g, int64_t iOrg, const char *zPath, int iDepth,
                      const char *zPlace, int nBranch)
{
    int iHome = fake_range(&g->rng, 0, g->nArea - 1);
    int nDone = 0, nGb = 0;
    if (g->pSc->aFan[1] == 0) iHome = 0; /* county: one home county */
    while (nDone < nBranch) {
        int nLeft = nBranch - nDone;
        if (nLeft >= 3 && fake_chance(&g->rng, 12)) {
            char zName[160], zUnit[160], zGbPath[64], zTerm[11];
            int k = fake_range(&g->rng, 3, 7);
            if (k > nLeft) k = nLeft;
            snprintf(zUnit, 160, "%s第%d片区", zPlace, ++nGb);
            snprintf(zName, 256, "中共%s第%d总支部委员会", zPlace, nGb);
            term_start(g, zTerm);
            int64_t iGb =
                org_insert(g, iOrg, zPath, iDepth + 1, "general_branch", zName,
                           zUnit, zTerm, zGbPath);
            for (int i = 0; i < k; i++)
                branch_create(g, iGb, zGbPath, iDepth + 2, zPlace, iHome,
                              nDone + i + 1);
            nDone += k;
        } else {
            branch_create(g, iOrg, zPath, iDepth + 1, zPlace, iHome, ++nDone);
        }
        progress(g, 0);
    }
}

/* Number of leaf committees of the scale. */
static int leaf_count(const GenScale *s)
{
    int n = 1;
    for (int i = 0; i < 3 && s->aFan[i]; i++)
        n *= s->aFan[i];
    return n;
}

/*
** Create the committees below iOrg at level iLevel (0-based into aFan) and,
** at the last level, their branches.  *piLeaf counts leaves so far; the
** branches are spread evenly over the leaves.
*/
static void committee_fill(Gen *g, int64_t iOrg, const char *zPath, int iDepth,
                           int iLevel, int *piLeaf)
{
    static const char *const azSuffix[3][2] = {
        {"市", "县"}, {"县", "区"}, {"镇", "乡"}};
    const GenScale *s = g->pSc;
    int nLevels = 0, nLeaves = leaf_count(s);
    while (nLevels < 3 && s->aFan[nLevels])
        nLevels++;
    for (int i = 0; i < s->aFan[iLevel]; i++) {
        char zPlace[32], zName[160], zSub[64], zTerm[11];
        int iSuf = 3 - nLevels + iLevel; /* last level is always 镇/乡 */
        place_name(g, zPlace);
        strcat(zPlace, azSuffix[iSuf][fake_chance(&g->rng, 80) ? 0 : 1]);
        snprintf(zName, sizeof zName, "中共%s委员会", zPlace);
        cal_format(g->iToday - fake_range(&g->rng, 100, 4 * 365), zTerm);
        int64_t iSub = org_insert(g, iOrg, zPath, iDepth + 1, "committee",
                                  zName, 0, zTerm, zSub);
        if (iLevel + 1 < nLevels) {
            committee_fill(g, iSub, zSub, iDepth + 1, iLevel + 1, piLeaf);
        } else {
            int iLeaf = (*piLeaf)++;
            int nBranch = (int)((int64_t)s->nBranches * (iLeaf + 1) / nLeaves -
                                (int64_t)s->nBranches * iLeaf / nLeaves);
            leaf_fill(g, iSub, zSub, iDepth + 1, zPlace, nBranch);
        }
    }
}

/* Branch sizes: mostly 8..30, some small (3..6) and some large (36..60),
** adjusted to sum to the scale's member count, with branch nBranches/3 of
** exactly GEN_BENCH_SIZE members. */
static void plan_sizes(Gen *g)
{
    const GenScale *s = g->pSc;
    int64_t nSum = 0;
    int iBench = s->nBranches / 3;
    g->aSize = xcalloc((size_t)s->nBranches, sizeof(int));
    for (int i = 0; i < s->nBranches; i++) {
        int k = fake_range(&g->rng, 0, 99);
        g->aSize[i] = k < 10   ? fake_range(&g->rng, GEN_SIZE_MIN, 6)
                      : k < 90 ? fake_range(&g->rng, 8, 30)
                               : fake_range(&g->rng, 36, GEN_SIZE_MAX);
        if (i == iBench) g->aSize[i] = GEN_BENCH_SIZE;
        nSum += g->aSize[i];
    }
    while (nSum != s->nMembers) {
        int i = fake_range(&g->rng, 0, s->nBranches - 1);
        if (i == iBench) continue;
        if (nSum < s->nMembers && g->aSize[i] < GEN_SIZE_MAX - 1) {
            g->aSize[i]++;
            nSum++;
        } else if (nSum > s->nMembers && g->aSize[i] > 8) {
            g->aSize[i]--;
            nSum--;
        }
    }
}

/* Prepare the reused INSERT statements. */
static void prepare_all(Gen *g)
{
    Db *pDb = g->c.pDb;
    if (db_prepare(pDb, &g->pOrg,
                   "INSERT INTO org(id,parent_id,kind,name,business_unit,"
                   "path,depth,term_start,term_years,created_at) "
                   "VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)") ||
        db_prepare(pDb, &g->pPerson,
                   "INSERT INTO person(name,gender,ethnicity,birth_date,"
                   "id_number_enc,id_number_idx,phone_enc,phone_idx,"
                   "education,job,created_at,updated_at,id_number_mask,"
                   "phone_mask) "
                   "VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$11,$12,$13) "
                   "ON CONFLICT (id_number_idx) DO NOTHING RETURNING id") ||
        db_prepare(pDb, &g->pMember,
                   "INSERT INTO member(person_id,org_id,status,joined_on,"
                   "full_on,created_at,updated_at,id) "
                   "VALUES($1,$2,$3,$4,$5,$6,$6,$7)") ||
        db_prepare(pDb, &g->pPost,
                   "INSERT INTO post(org_id,person_id,role,from_on) "
                   "VALUES($1,$2,$3,$4)"))
        die("准备语句失败: %s", db_errmsg(pDb));
}

/* Open zDb, initialising it (schema, root, administrators) when it has no
** organisation yet.  Loads the keys into *pKeys. */
static Db *open_or_init(const char *zDb, const char *zKey, const GenScale *s,
                        VaultKeys *pKeys)
{
    int64_t n = 0;
    char *zErr = 0;
    Db *pDb = cmd_open(zDb, 0, 0, 0);
    int bEmpty =
        db_one_int64(pDb, &n, "SELECT count(*) FROM org", "") || n == 0;
    db_close(pDb);
    pDb = cmd_open(zDb, zKey, bEmpty, pKeys);
    if (bEmpty) {
        App app;
        memset(&app, 0, sizeof app);
        sem_init(&app.semHash, 0, 1);
        pthread_mutex_init(&app.muJob, 0);
        app.keys = *pKeys;
        cmd_do_init(pDb, &app, s->zRootName, 1);
        fflush(stdout);
        printf("已初始化 %s（密钥文件 %s）\n", zDb, zKey);
    } else if (schema_check(pDb, &zErr)) {
        die("%s", zErr);
    }
    return pDb;
}

/* Write the benchmark facts to zOut (key=value lines). */
static void write_facts(Gen *g, const char *zOut, int64_t iSeed, double dt)
{
    FILE *f = fopen(zOut, "w");
    if (!f) die("无法写入 %s", zOut);
    fprintf(f,
            "scale=%s\nseed=%lld\norgs=%lld\nbranches=%d\nmembers=%lld\n"
            "posts=%lld\nrows=%lld\nseconds=%.2f\nbench_branch=%lld\n"
            "bench_branch_members=%d\nimport_branch=%lld\nmeetings=%lld\n"
            "attendance=%lld\n",
            g->pSc->zName, (long long)iSeed, (long long)g->nOrgs,
            g->pSc->nBranches, (long long)g->nPersons, (long long)g->nPosts,
            (long long)g->nRows, dt, (long long)g->iBenchOrg, GEN_BENCH_SIZE,
            (long long)g->iImportOrg, (long long)g->nMeetings,
            (long long)g->nAttendance);
    fclose(f);
}

int cmd_gen(int argc, char **argv)
{
    Gen g;
    VaultKeys keys;
    const GenScale *s = 0;
    const char *zDb = cmd_db_url(&argc, argv);
    const char *zScale = cmd_option(&argc, argv, "--scale");
    const char *zSeed = cmd_option(&argc, argv, "--seed");
    const char *zOut = cmd_option(&argc, argv, "--out");
    char *zKey = cmd_key_path(&argc, argv, zDb);
    int64_t iSeed = 1;
    cmd_verify_options(argc, argv);
    for (int i = 0; zScale && i < COUNT(aScale); i++)
        if (strcmp(zScale, aScale[i].zName) == 0) s = &aScale[i];
    if (!s)
        die("用法: zhibu gen --db URL --scale county|city|province "
            "[--seed N] [--out FILE]");
    if (zSeed && util_parse_int64(zSeed, &iSeed)) die("--seed 应为整数");

    memset(&g, 0, sizeof g);
    Db *pDb = open_or_init(zDb, zKey, s, &keys);
    g.c = (Ctx){pDb, &keys, 0, "cli"};
    g.pSc = s;
    fake_seed(&g.rng, (uint64_t)iSeed * 1000003u + (uint64_t)(s - aScale));
    fake_seed(&g.rngLife, (uint64_t)iSeed * 7919u + 17u);
    g.iToday = cal_today();
    cal_ymd(GEN_YEAR_MIN, 1, 1, &g.iDay0);
    int iEnd = 0;
    cal_ymd(GEN_YEAR_MAX, 12, 31, &iEnd);
    g.nDays = iEnd - g.iDay0 + 1;
    g.nArea = s->aFan[1] == 0 ? 6 : s->aFan[2] == 0 ? 6 : COUNT(azArea);
    g.aSeqUsed =
        xcalloc((size_t)g.nArea * (size_t)g.nDays * 2, sizeof(unsigned short));
    g.tCreated = util_now();
    g.bTty = isatty(2);
    g.iLastTenth = -1;
    plan_sizes(&g);
    g.iSeedMix = (uint64_t)iSeed * 0xd1b54a32d192ed03ULL;

    int64_t iMax = 0;
    char zRootPath[64] = "/1/";
    if (db_one_int64(pDb, &iMax, "SELECT max(id) FROM org", ""))
        die("%s", db_errmsg(pDb));
    g.iNextOrg = iMax + 1;
    if (db_one_int64(pDb, &iMax, "SELECT coalesce(max(id),0) FROM member", ""))
        die("%s", db_errmsg(pDb));
    g.iNextMember = iMax + 1;
    if (db_one_int64(pDb, &iMax, "SELECT coalesce(max(id),0) FROM meeting", ""))
        die("%s", db_errmsg(pDb));
    g.iNextMeeting = iMax + 1;
    g.pCal = life_calendar(pDb);
    if (!g.pCal) die("无法读取节假日安排");
    g.nStudyHours = (int)setting_int(pDb, "meeting-study-hours");
    batch_init(&g.bMeeting,
               "INSERT INTO meeting(id,org_id,kind,status,planned_on,held_on,"
               "start_time,place,host_id,recorder_id,speaker_id,topic,agenda,"
               "minutes,decisions,study_hours,n_expected,n_present,n_leave,"
               "n_absent,created_at,updated_at)",
               0, "会议", 22);
    batch_init(&g.bMeetingOrg,
               "INSERT INTO meeting_org(meeting_id,org_id,kind,held_on,"
               "is_host,completed)",
               0, "会议组织", 6);
    batch_init(&g.bAttendance,
               "INSERT INTO attendance(meeting_id,member_id,status,reason)", 0,
               "出席", 4);
    batch_init(&g.bLifeCount,
               "INSERT INTO life_count(org_id,kind,period,n_done)",
               " ON CONFLICT(org_id,period,kind) DO UPDATE SET "
               "n_done=life_count.n_done+excluded.n_done",
               "达标计数", 4);
    if (db_kind(pDb) == DB_KIND_SQLITE)
        db_exec(pDb, "PRAGMA cache_size=-262144"); /* 256 MiB page cache */
    prepare_all(&g);
    g.pVault = vault_ctx_new(g.c.pKeys);
    g.tStart = now_s();
    if (db_begin(pDb)) die("%s", db_errmsg(pDb));
    int iLeaf = 0;
    committee_fill(&g, 1, zRootPath, 0, 0, &iLeaf);
    /* An empty branch for import benchmarks (bench/run.sh). */
    char zImpPath[64], zImpTerm[11];
    term_start(&g, zImpTerm);
    g.iImportOrg = org_insert(&g, 1, zRootPath, 1, "branch", "基准测试导入支部",
                              "基准测试", zImpTerm, zImpPath);
    gen_life_counts(&g);
    flush_all(&g);
    /* Open-branch counts per subtree (org_tally, migration 006), as
    ** org_tally_refresh() keeps them, for every org at once. */
    if (db_exec(pDb, "DELETE FROM org_tally") ||
        db_exec(pDb,
                "INSERT INTO org_tally(org_id,n_branch,n_grouped) SELECT o.id,"
                "(SELECT count(*) FROM org b WHERE b.path >= o.path AND "
                "b.path < substr(o.path,1,length(o.path)-1) || '0' AND "
                "b.kind='branch' AND b.closed=0),"
                "(SELECT count(DISTINCT x.parent_id) FROM org x WHERE "
                "x.path >= o.path AND x.path < substr(o.path,1,"
                "length(o.path)-1) || '0' AND x.kind='group' AND x.closed=0)"
                " FROM org o"))
        die("统计支部数失败: %s", db_errmsg(pDb));
    /* The exact compliant counts (life_hist, migration 008) from the
    ** branches' counters, as the server keeps them. */
    if (life_hist_rebuild(pDb)) die("统计达标支部失败: %s", db_errmsg(pDb));
    char *zDetail = xprintf("scale=%s seed=%lld orgs=%lld members=%lld "
                            "posts=%lld meetings=%lld attendance=%lld",
                            s->zName, (long long)iSeed, (long long)g.nOrgs,
                            (long long)g.nPersons, (long long)g.nPosts,
                            (long long)g.nMeetings, (long long)g.nAttendance);
    if (audit_log(&g.c, "gen.bulk", "org", 1, zDetail) ||
        (db_kind(pDb) == DB_KIND_PG &&
         (db_exec(pDb, "SELECT setval(pg_get_serial_sequence('org','id'),"
                       " (SELECT max(id) FROM org))") ||
          db_exec(pDb, "SELECT setval(pg_get_serial_sequence('member','id'),"
                       " (SELECT max(id) FROM member))") ||
          (g.nMeetings &&
           db_exec(pDb, "SELECT setval(pg_get_serial_sequence('meeting',"
                        "'id'), (SELECT max(id) FROM meeting))")))) ||
        db_commit(pDb))
        die("提交失败: %s", db_errmsg(pDb));
    free(zDetail);
    double dt = now_s() - g.tStart;
    progress(&g, 1);
    db_finalize(g.pOrg);
    db_finalize(g.pPerson);
    db_finalize(g.pMember);
    db_finalize(g.pPost);
    batch_free(&g.bMeeting);
    batch_free(&g.bMeetingOrg);
    batch_free(&g.bAttendance);
    batch_free(&g.bLifeCount);
    vault_ctx_free(g.pVault);

    printf("规模 %s：组织 %lld 个（支部 %d 个），党员 %lld 名，岗位 %lld 个，"
           "会议 %lld 次，出席记录 %lld 条，共 %lld 行，用时 %.1f 秒"
           "（%.0f 行/秒）\n",
           s->zName, (long long)g.nOrgs, s->nBranches, (long long)g.nPersons,
           (long long)g.nPosts, (long long)g.nMeetings,
           (long long)g.nAttendance, (long long)g.nRows, dt,
           dt > 0 ? (double)g.nRows / dt : 0.0);
    printf("bench_branch=%lld\nimport_branch=%lld\n", (long long)g.iBenchOrg,
           (long long)g.iImportOrg);
    char *zFacts = 0;
    if (!zOut && db_kind(pDb) == DB_KIND_SQLITE) {
        const char *zPath = strncmp(zDb, "sqlite:", 7) == 0 ? zDb + 7 : zDb;
        zOut = zFacts = xprintf("%s.gen", zPath);
    }
    if (zOut) {
        write_facts(&g, zOut, iSeed, dt);
        printf("基准数据说明已写入 %s\n", zOut);
    }
    free(zFacts);
    free(g.aSize);
    free(g.aSeqUsed);
    free(zKey);
    db_close(pDb);
    return 0;
}
