/* test_pipeline.c: unit tests for the pure part of pipeline.c (issue 4
** items 1-3): what is due next and when it is overdue, at each boundary
** (the day before, the day, the day after); the order in which steps may
** be recorded; the findings a new step brings (refused or flagged); the
** probation end and 转正 date after an extension, with month-end edges
** (rules §9).  Case names start with the rule id. */
#include <stdlib.h>
#include "calendar.h"
#include "pipeline.h"
#include "tester.h"
#include "util.h"

void test_pipeline(void);

/* One recorded step of a test history. */
typedef struct H {
    int iStep;
    const char *zOn;
    int nExt; /* step 23: extension months */
} H;

#define MAXH 32

/* The PipeStep history of a[0..n) into aOut. */
static int history(const H *a, int n, PipeStep *aOut)
{
    for (int i = 0; i < n; i++) {
        memset(&aOut[i], 0, sizeof aOut[i]);
        aOut[i].iStep = a[i].iStep;
        if (cal_parse(a[i].zOn, &aOut[i].iOn)) {
            printf("  test bug: bad date %s\n", a[i].zOn);
            aOut[i].iOn = 0;
        }
        aOut[i].nExtMonths = a[i].nExt;
        aOut[i].nEntitled = aOut[i].nPresent = aOut[i].nYes = -1;
        aOut[i].nTrainDays = aOut[i].nTrainHours = -1;
    }
    return n;
}

static int day(const char *z)
{
    int d = 0;
    if (cal_parse(z, &d)) printf("  test bug: bad date %s\n", z);
    return d;
}

/* ---------------------------------------------------------------- due */

typedef struct DueCase {
    const char *zName;
    H aH[MAXH];
    int nH;
    const char *zAsOf;
    const char *zRule;   /* the first due item's rule, NULL = none */
    const char *zDue;    /* its date */
    const char *zStatus; /* its status */
} DueCase;

/* clang-format off */
static const DueCase aDue[] = {
  /* D3: the talk within one month of the application (细则第七条). */
  { "d3-talk-due-day-before", {{1, "2026-01-31", 0}}, 1, "2026-02-27",
    "D3", "2026-02-28", "due" },
  { "d3-talk-due-on-the-day-month-end", {{1, "2026-01-31", 0}}, 1,
    "2026-02-28", "D3", "2026-02-28", "due" },
  { "d3-talk-overdue-day-after", {{1, "2026-01-31", 0}}, 1, "2026-03-01",
    "D3", "2026-02-28", "overdue" },
  { "d3-no-talk-due-once-talked", {{1, "2026-01-10", 0}, {2, "2026-01-20", 0}},
    2, "2026-06-01", 0, 0, 0 },
  /* D6: an activist is reviewed every half year (细则第十一条). */
  { "d6-review-due-day-before",
    {{1, "2025-01-01", 0}, {2, "2025-01-10", 0}, {3, "2025-03-31", 0}}, 3,
    "2025-09-29", "D6", "2025-09-30", "due" },
  { "d6-review-due-on-the-day",
    {{1, "2025-01-01", 0}, {2, "2025-01-10", 0}, {3, "2025-03-31", 0}}, 3,
    "2025-09-30", "D6", "2025-09-30", "due" },
  { "d6-review-overdue-day-after",
    {{1, "2025-01-01", 0}, {2, "2025-01-10", 0}, {3, "2025-03-31", 0}}, 3,
    "2025-10-01", "D6", "2025-09-30", "overdue" },
  { "d6-review-counts-from-last-review",
    {{1, "2025-01-01", 0}, {2, "2025-01-10", 0}, {3, "2025-03-01", 0},
     {4, "2025-03-02", 0}, {5, "2025-03-03", 0}, {6, "2025-08-15", 0}}, 6,
    "2026-02-15", "D6", "2026-02-15", "due" },
  /* D15: approval within three months of the admission vote. */
  { "d15-approval-due-day-before",
    {{14, "2025-11-20", 0}, {15, "2025-11-30", 0}}, 2, "2026-02-27",
    "D15", "2026-02-28", "due" },
  { "d15-approval-due-on-the-day",
    {{14, "2025-11-20", 0}, {15, "2025-11-30", 0}}, 2, "2026-02-28",
    "D15", "2026-02-28", "due" },
  { "d15-approval-overdue-day-after",
    {{14, "2025-11-20", 0}, {15, "2025-11-30", 0}, {16, "2025-12-05", 0}}, 3,
    "2026-03-01", "D15", "2026-02-28", "overdue" },
  /* D17: probation ends one year after the vote (leap day to 02-28). */
  { "d17-probation-end-waiting-day-before",
    {{15, "2024-02-29", 0}, {16, "2024-03-01", 0}, {17, "2024-03-10", 0}}, 3,
    "2025-02-27", "D17", "2025-02-28", "waiting" },
  { "d17-probation-end-due-on-the-day",
    {{15, "2024-02-29", 0}, {16, "2024-03-01", 0}, {17, "2024-03-10", 0}}, 3,
    "2025-02-28", "D17", "2025-02-28", "due" },
  { "d17-probation-end-overdue-day-after",
    {{15, "2024-02-29", 0}, {16, "2024-03-01", 0}, {17, "2024-03-10", 0},
     {22, "2025-02-01", 0}}, 4, "2025-03-01", "D17", "2025-02-28",
    "overdue" },
  /* D18: after an extension, due at the end of the extension. */
  { "d18-extension-end-month-end",
    {{15, "2024-08-31", 0}, {17, "2024-09-10", 0}, {22, "2025-08-31", 0},
     {23, "2025-09-01", 6}}, 4, "2026-02-27", "D18", "2026-02-28",
    "waiting" },
  /* D20: 转正 approval within three months of the vote. */
  { "d20-full-approval-overdue-day-after",
    {{15, "2024-01-10", 0}, {17, "2024-02-01", 0}, {22, "2025-01-05", 0},
     {23, "2025-01-15", 0}}, 4, "2025-04-16", "D20", "2025-04-15",
    "overdue" },
  { "d20-full-approval-due-on-the-day",
    {{15, "2024-01-10", 0}, {17, "2024-02-01", 0}, {22, "2025-01-05", 0},
     {23, "2025-01-15", 0}}, 4, "2025-04-15", "D20", "2025-04-15", "due" },
  { "d21-nothing-due-after-full-approval",
    {{15, "2024-01-10", 0}, {23, "2025-01-15", 0}, {24, "2025-02-01", 0}}, 3,
    "2026-01-01", 0, 0, 0 },
};
/* clang-format on */

static void due_cases(void)
{
    RecruitRules rules;
    recruit_rules_default(&rules);
    for (int i = 0; i < COUNT(aDue); i++) {
        const DueCase *c = &aDue[i];
        PipeStep a[MAXH];
        PipeDue d[PIPE_MAX_DUE];
        int n = history(c->aH, c->nH, a);
        int nDue = pipeline_due(a, n, day(c->zAsOf), &rules, d);
        if (!c->zRule) {
            T_INT(c->zName, nDue, 0);
            continue;
        }
        T_CHECK(c->zName, nDue >= 1);
        if (nDue < 1) continue;
        char zDue[11];
        cal_format(d[0].iDue, zDue);
        T_STR(c->zName, d[0].zRule, c->zRule);
        T_STR(c->zName, zDue, c->zDue);
        T_STR(c->zName, pipeline_status_name(d[0].eStatus), c->zStatus);
        T_CHECK(c->zName, d[0].zArticle && d[0].zArticle[0]);
    }
}

/* D7: the end of the activist year, the second due item of an activist. */
static void d7_cases(void)
{
    static const struct {
        const char *zName, *zAsOf, *zStatus;
    } a[] = {
        {"d7-candidate-eligible-waiting-day-before", "2026-02-27", "waiting"},
        {"d7-candidate-eligible-ready-on-the-day", "2026-02-28", "ready"},
        {"d7-candidate-eligible-ready-day-after", "2026-03-01", "ready"},
    };
    static const H h[] = {{1, "2024-10-01", 0},
                          {2, "2024-10-10", 0},
                          {3, "2025-02-28", 0},
                          {6, "2025-08-20", 0}};
    RecruitRules rules;
    recruit_rules_default(&rules);
    for (int i = 0; i < COUNT(a); i++) {
        PipeStep s[MAXH];
        PipeDue d[PIPE_MAX_DUE];
        int n = history(h, COUNT(h), s);
        int nDue = pipeline_due(s, n, day(a[i].zAsOf), &rules, d);
        T_INT(a[i].zName, nDue, 2);
        if (nDue < 2) continue;
        char z[11];
        cal_format(d[1].iDue, z);
        T_STR(a[i].zName, d[1].zRule, "D7");
        T_STR(a[i].zName, z, "2026-02-28");
        T_STR(a[i].zName, pipeline_status_name(d[1].eStatus), a[i].zStatus);
    }
}

/* -------------------------------------------------------------- order */

typedef struct OrderCase {
    const char *zName;
    H aH[MAXH];
    int nH;
    int iStep;
    const char *zOn;
    int iWant;          /* ZE_OK or ZE_RECRUIT_STEP */
    const char *zField; /* field when refused */
} OrderCase;

/* clang-format off */
static const OrderCase aOrder[] = {
  { "s21-first-step-is-application", {{0, "2026-01-01", 0}}, 0, 1,
    "2026-01-01", ZE_OK, 0 },
  { "s21-first-step-cannot-be-talk", {{0, "2026-01-01", 0}}, 0, 2,
    "2026-01-01", ZE_RECRUIT_STEP, "step" },
  { "s21-next-step-in-order", {{1, "2026-01-01", 0}}, 1, 2, "2026-01-01",
    ZE_OK, 0 },
  { "s21-skipping-a-step-refused", {{1, "2026-01-01", 0}}, 1, 3,
    "2026-02-01", ZE_RECRUIT_STEP, "step" },
  { "s21-same-step-twice-refused", {{1, "2026-01-01", 0}}, 1, 1,
    "2026-02-01", ZE_RECRUIT_STEP, "step" },
  { "s21-date-day-before-previous-refused", {{1, "2026-01-10", 0}}, 1, 2,
    "2026-01-09", ZE_RECRUIT_STEP, "done_on" },
  { "s21-date-same-day-as-previous-ok", {{1, "2026-01-10", 0}}, 1, 2,
    "2026-01-10", ZE_OK, 0 },
  { "d6-review-may-repeat", {{5, "2025-01-01", 0}, {6, "2025-06-01", 0}}, 2,
    6, "2025-12-01", ZE_OK, 0 },
  { "d6-candidate-needs-a-review-first", {{5, "2025-01-01", 0}}, 1, 7,
    "2026-01-01", ZE_RECRUIT_STEP, "step" },
  { "d18-after-extension-apply-again", {{22, "2025-01-01", 0},
    {23, "2025-01-10", 6}}, 2, 22, "2025-07-10", ZE_OK, 0 },
  { "d18-after-extension-no-approval", {{22, "2025-01-01", 0},
    {23, "2025-01-10", 6}}, 2, 24, "2025-07-10", ZE_RECRUIT_STEP, "step" },
  { "s21-nothing-after-archiving", {{25, "2025-01-01", 0}}, 1, 25,
    "2025-02-01", ZE_RECRUIT_STEP, "step" },
};
/* clang-format on */

static void order_cases(void)
{
    for (int i = 0; i < COUNT(aOrder); i++) {
        const OrderCase *c = &aOrder[i];
        PipeStep a[MAXH], s;
        const char *zField = 0;
        int n = history(c->aH, c->nH, a);
        memset(&s, 0, sizeof s);
        s.iStep = c->iStep;
        s.iOn = day(c->zOn);
        int rc = pipeline_order(a, n, &s, &zField);
        T_INT(c->zName, rc, c->iWant);
        if (c->zField) T_STR(c->zName, zField ? zField : "", c->zField);
    }
}

/* ------------------------------------------------------------ findings */

/* The findings of recording pNew after h[0..n), as "RULE:E|W,...". */
static void findings(const H *h, int n, const PipeStep *pNew, char *z,
                     size_t nz)
{
    PipeStep a[MAXH];
    RecruitRules rules;
    RecruitAudit f;
    recruit_rules_default(&rules);
    history(h, n, a);
    pipeline_check(a, n, pNew, day("2000-05-10"), &rules, &f);
    z[0] = 0;
    for (int i = 0; i < f.n; i++)
        snprintf(z + strlen(z), nz - strlen(z), "%s%s:%c", i ? "," : "",
                 f.a[i].zRule, f.a[i].bError ? 'E' : 'W');
    recruit_audit_free(&f);
}

static PipeStep mk(int iStep, const char *zOn)
{
    PipeStep s;
    memset(&s, 0, sizeof s);
    s.iStep = iStep;
    s.iOn = day(zOn);
    s.nEntitled = s.nPresent = s.nYes = -1;
    s.nTrainDays = s.nTrainHours = -1;
    return s;
}

static void finding_cases(void)
{
    static const H hAct[] = {{1, "2024-01-10", 0}, {2, "2024-01-20", 0},
                             {3, "2024-06-01", 0}, {4, "2024-06-02", 0},
                             {5, "2024-06-03", 0}, {6, "2024-12-01", 0}};
    char z[256];
    PipeStep s = mk(7, "2025-05-31");
    findings(hAct, COUNT(hAct), &s, z, sizeof z);
    T_STR("d7-candidate-day-before-one-year-refused", z, "D7:E");
    s = mk(7, "2025-06-01");
    findings(hAct, COUNT(hAct), &s, z, sizeof z);
    T_STR("d7-candidate-on-the-day-one-year-accepted", z, "");

    s = mk(1, "2018-05-09");
    findings(0, 0, &s, z, sizeof z);
    T_STR("d1-applicant-day-before-18th-birthday-refused", z, "D1:E");
    s = mk(1, "2018-05-10");
    findings(0, 0, &s, z, sizeof z);
    T_STR("d1-applicant-on-18th-birthday-accepted", z, "");

    static const H hApp[] = {{1, "2026-01-31", 0}};
    s = mk(2, "2026-02-28");
    findings(hApp, 1, &s, z, sizeof z);
    T_STR("d3-talk-on-the-last-day-no-finding", z, "");
    s = mk(2, "2026-03-01");
    findings(hApp, 1, &s, z, sizeof z);
    T_STR("d3-talk-day-after-month-flagged-not-refused", z, "D3:W");

    static const H hMent[] = {{1, "2024-01-10", 0},
                              {2, "2024-01-20", 0},
                              {3, "2024-06-01", 0},
                              {4, "2024-06-02", 0}};
    s = mk(5, "2024-06-03");
    s.nParty = 3;
    s.aPartyStatus[0] = s.aPartyStatus[1] = s.aPartyStatus[2] =
        RECRUIT_SPONSOR_FULL;
    findings(hMent, COUNT(hMent), &s, z, sizeof z);
    T_STR("d5-three-mentors-refused", z, "D5:E");
    s.nParty = 1;
    s.aPartyStatus[0] = RECRUIT_SPONSOR_PROBATIONARY;
    findings(hMent, COUNT(hMent), &s, z, sizeof z);
    T_STR("d5-probationary-mentor-refused", z, "D5:E");
    s.aPartyStatus[0] = RECRUIT_SPONSOR_FULL;
    findings(hMent, COUNT(hMent), &s, z, sizeof z);
    T_STR("d5-one-full-mentor-accepted", z, "");

    /* D15 (step 17): approval three months after the vote, then the day
    ** after without and with a special reason, and after six months. */
    static const H hVote[] = {{15, "2025-11-30", 0}, {16, "2025-12-01", 0}};
    s = mk(17, "2026-02-28");
    s.eApprover = RECRUIT_APPROVER_COMMITTEE;
    findings(hVote, 2, &s, z, sizeof z);
    T_STR("d15-approval-on-the-three-month-day-accepted", z, "");
    s.iOn = day("2026-03-01");
    findings(hVote, 2, &s, z, sizeof z);
    T_STR("d15-approval-day-after-three-months-no-reason-refused", z, "D15:E");
    s.bDelayReason = 1;
    findings(hVote, 2, &s, z, sizeof z);
    T_STR("d15-approval-day-after-three-months-with-reason-flagged", z,
          "D15:W");
    s.iOn = day("2026-05-30"); /* 11-30 plus six months */
    findings(hVote, 2, &s, z, sizeof z);
    T_STR("d15-approval-on-six-month-day-with-reason-flagged", z, "D15:W");
    s.iOn = day("2026-05-31");
    findings(hVote, 2, &s, z, sizeof z);
    T_STR("d15-approval-day-after-six-months-refused", z, "D15:E");
    s.iOn = day("2026-01-10");
    s.eApprover = RECRUIT_APPROVER_GENERAL_BRANCH;
    findings(hVote, 2, &s, z, sizeof z);
    T_STR("d16-approval-by-general-branch-refused", z, "D16:E");

    /* D18 (step 23): an extension of 6-12 months, once. */
    static const H hProb[] = {
        {15, "2024-08-31", 0}, {17, "2024-09-10", 0}, {22, "2025-08-31", 0}};
    s = mk(23, "2025-09-01");
    s.nExtMonths = 5;
    findings(hProb, 3, &s, z, sizeof z);
    T_STR("d18-extension-5-months-refused", z, "D18:E");
    s.nExtMonths = 13;
    findings(hProb, 3, &s, z, sizeof z);
    T_STR("d18-extension-13-months-refused", z, "D18:E");
    s.nExtMonths = 12;
    findings(hProb, 3, &s, z, sizeof z);
    T_STR("d18-extension-12-months-accepted", z, "");
    static const H hExt[] = {{15, "2024-08-31", 0},
                             {17, "2024-09-10", 0},
                             {22, "2025-08-31", 0},
                             {23, "2025-09-01", 6},
                             {22, "2026-02-28", 0}};
    s.nExtMonths = 6;
    findings(hExt, COUNT(hExt), &s, z, sizeof z);
    T_STR("d18-second-extension-refused", z, "D18:E");
    /* D21: the 转正 vote not before the end of the extension. */
    s = mk(23, "2026-02-27");
    s.bVote = 1;
    s.nEntitled = 10;
    s.nPresent = 8;
    s.nYes = 8;
    s.nWrittenYes = 0;
    findings(hExt, 4, &s, z, sizeof z);
    T_STR("d21-full-vote-day-before-extension-end-refused", z, "D21:E");
    s.iOn = day("2026-02-28");
    findings(hExt, COUNT(hExt), &s, z, sizeof z);
    T_STR("d21-full-vote-on-extension-end-accepted", z, "");
}

/* ---------------------------------------------------------- dates */

static void date_cases(void)
{
    static const struct {
        const char *zName;
        H aH[8];
        int nH;
        const char *zProbEnd, *zFullOn;
    } a[] = {
        {"d17-probation-one-year-from-vote",
         {{15, "2024-09-15", 0}, {17, "2024-10-20", 0}},
         2,
         "2025-09-15",
         "2025-09-15"},
        {"d17-leap-day-vote-ends-feb-28",
         {{15, "2024-02-29", 0}},
         1,
         "2025-02-28",
         "2025-02-28"},
        {"d21-full-on-after-6-month-extension-month-end",
         {{15, "2024-08-31", 0}, {23, "2025-09-01", 6}},
         2,
         "2025-08-31",
         "2026-02-28"},
        {"d21-full-on-after-12-month-extension",
         {{15, "2023-05-31", 0}, {23, "2024-06-01", 12}},
         2,
         "2024-05-31",
         "2025-05-31"},
        {"d21-full-on-never-the-approval-date",
         {{15, "2023-09-15", 0},
          {17, "2023-10-20", 0},
          {23, "2024-09-20", 0},
          {24, "2024-10-15", 0}},
         4,
         "2024-09-15",
         "2024-09-15"},
    };
    for (int i = 0; i < COUNT(a); i++) {
        PipeStep s[8];
        PipeDates dt;
        char z1[11], z2[11];
        int n = history(a[i].aH, a[i].nH, s);
        pipeline_dates(s, n, &dt);
        cal_format(dt.iProbationEnd, z1);
        cal_format(dt.iFullOn, z2);
        T_STR(a[i].zName, z1, a[i].zProbEnd);
        T_STR(a[i].zName, z2, a[i].zFullOn);
    }
    /* §2.1: the stages of the 25 steps. */
    T_INT("s21-step-2-is-stage-1", pipeline_stage(2), 1);
    T_INT("s21-step-6-is-stage-2", pipeline_stage(6), 2);
    T_INT("s21-step-11-is-stage-3", pipeline_stage(11), 3);
    T_INT("s21-step-18-is-stage-4", pipeline_stage(18), 4);
    T_INT("s21-step-25-is-stage-5", pipeline_stage(25), 5);
    T_CHECK("s21-no-step-26", pipeline_step_name(26) == 0);
}

void test_pipeline(void)
{
    due_cases();
    d7_cases();
    order_cases();
    finding_cases();
    date_cases();
}
