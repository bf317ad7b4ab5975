/* test_recruit.c: unit tests for recruit.c, the dossier audit (issue 4
** item 4).  Each case changes one thing in a clean dossier and names the
** rule it tests (d7-candidate-...); every interval is tested at its
** boundary: the day before, the day, the day after.  Also the probation
** end, the 转正 date and 党龄 after extensions, month-end arithmetic
** (rules §9), the local practices P1/P3/P5 (off by default) and the input
** errors of the JSON form. */
#include <stdlib.h>
#include "calendar.h"
#include "errcode.h"
#include "recruit.h"
#include "tester.h"
#include "util.h"

void test_recruit(void);

/* A clean dossier: every step in time, as_of 2026-06-01.  The admission
** vote is 2023-09-15, so probation ends 2024-09-15. */
static const char zBase[] =
    "{'birth_date':'2000-05-10','applied_on':'2022-03-01',"
    "'talked_on':'2022-03-20','activist_on':'2022-06-01',"
    "'activist_reviews':['2022-12-01','2023-06-01'],"
    "'candidate_on':'2023-06-01','political_review_on':'2023-08-01',"
    "'training':{'days':3,'hours':24},'pre_review_on':'2023-09-01',"
    "'admission_vote':{'on':'2023-09-15','entitled':20,'present':15,"
    "'yes':14,'written_yes':2},"
    "'sponsors':[{'status':'full'},{'status':'full'}],"
    "'approver_kind':'committee','approved_on':'2023-11-01',"
    "'full_vote':{'on':'2024-09-20','entitled':21,'present':18,'yes':18},"
    "'full_approved_on':'2024-10-15','as_of':'2026-06-01'}";

/* A JSON value from text written with ' for " (for readable tables).
** New reference, or NULL (and a message) when the text is bad. */
static json_t *jq(const char *z)
{
    char *zCopy = xstrdup(z);
    json_error_t e;
    for (char *p = zCopy; *p; p++)
        if (*p == '\'') *p = '"';
    json_t *v = json_loads(zCopy, JSON_REJECT_DUPLICATES, &e);
    if (!v) printf("  test bug: bad JSON %s: %s\n", z, e.text);
    free(zCopy);
    return v;
}

/* The dossier: zOverlay's keys laid over the clean one (null removes a
** key), or, when zOverlay starts with '!', zOverlay alone. */
static json_t *dossier(const char *zOverlay)
{
    if (zOverlay[0] == '!') return jq(zOverlay + 1);
    json_t *o = jq(zBase), *v = jq(zOverlay);
    if (o && v) json_object_update(o, v);
    json_decref(v);
    return o;
}

/* The settings a case asks for in its "_rules" key ({'activist':18,
** 'p1':6,'p3':1,'p5':1}), which is then removed; defaults otherwise. */
static void take_rules(json_t *o, RecruitRules *p)
{
    json_t *r = json_object_get(o, "_rules");
    recruit_rules_default(p);
    if (!r) return;
    if (json_object_get(r, "activist"))
        p->nActivistMonths =
            (int)json_integer_value(json_object_get(r, "activist"));
    p->nP1Months = (int)json_integer_value(json_object_get(r, "p1"));
    p->nP3Months = (int)json_integer_value(json_object_get(r, "p3"));
    p->nP5Months = (int)json_integer_value(json_object_get(r, "p5"));
    json_object_del(o, "_rules");
}

/* Audit zOverlay (see dossier() and take_rules()) into *pa.  Returns 0,
** or the input error code. */
static int run(const char *zOverlay, RecruitAudit *pa)
{
    RecruitDossier d;
    RecruitInputErr e;
    RecruitRules rules;
    json_t *o = dossier(zOverlay);
    if (o) take_rules(o, &rules);
    int rc = o ? recruit_dossier_from_json(o, 20000, &d, &e) : -1;
    json_decref(o);
    if (rc) {
        printf("  input error %d field %s\n", rc, e.zField);
        memset(pa, 0, sizeof *pa);
        return rc;
    }
    recruit_audit(&d, &rules, pa);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The findings as sorted "RULE:E|W" joined by ",", into z. */
static void signature(const RecruitAudit *a, char *z, size_t n)
{
    char az[64][16];
    const char *ap[64];
    int k = 0;
    z[0] = 0;
    for (int i = 0; i < a->n && k < 64; i++, k++) {
        snprintf(az[k], sizeof az[k], "%s:%c", a->a[i].zRule,
                 a->a[i].bError ? 'E' : 'W');
        ap[k] = az[k];
    }
    qsort(ap, (size_t)k, sizeof ap[0], cmp_str);
    for (int i = 0; i < k; i++) {
        if (i) strncat(z, ",", n - strlen(z) - 1);
        strncat(z, ap[i], n - strlen(z) - 1);
    }
}

/* One case: a change to the clean dossier and the findings it must give
** (sorted "RULE:E|W", "" for none). */
typedef struct AuditCase {
    const char *zName;
    const char *zOverlay;
    const char *zWant;
} AuditCase;

/* Dossiers built from scratch for the pending (as_of) and leap cases. */
#define ACTIVIST_ONLY                                                          \
    "!{'birth_date':'2000-01-01','applied_on':'2025-01-01',"                   \
    "'talked_on':'2025-01-10','activist_on':'2025-03-01',"                     \
    "'activist_reviews':['2025-09-01'],"
#define LEAP_ACTIVIST                                                          \
    "!{'birth_date':'2000-01-01','applied_on':'2024-01-10',"                   \
    "'talked_on':'2024-01-20','activist_on':'2024-02-29',"                     \
    "'activist_reviews':['2024-08-29','2025-02-28'],'as_of':'2025-03-01',"

/* clang-format off */
static const AuditCase aCase[] = {
  { "d0-clean-dossier", "{}", "" },

  /* D1 年满十八岁 (细则第五条) on the day of application. */
  { "d1-applicant-18th-birthday-tomorrow", "{'birth_date':'2004-03-02'}", "D1:E" },
  { "d1-applicant-18-on-the-day",          "{'birth_date':'2004-03-01'}", "" },
  { "d1-applicant-18-since-yesterday",     "{'birth_date':'2004-02-28'}", "" },
  { "d1-leap-born-18-on-feb-28",
    "{'birth_date':'2004-02-29','applied_on':'2022-02-28'}", "" },
  { "d1-leap-born-17-on-feb-27",
    "{'birth_date':'2004-02-29','applied_on':'2022-02-27'}", "D1:E" },
  { "d1-born-after-application", "{'birth_date':'2023-01-01'}", "D1:E" },

  /* D3 talk within one month (细则第七条): applied 2022-03-01, due 04-01. */
  { "d3-talk-day-before-deadline", "{'talked_on':'2022-03-31'}", "" },
  { "d3-talk-on-deadline",         "{'talked_on':'2022-04-01'}", "" },
  { "d3-talk-day-after-deadline",  "{'talked_on':'2022-04-02'}", "D3:W" },
  { "d3-talk-before-application",  "{'talked_on':'2022-02-28'}", "D3:E" },
  { "d3-month-end-jan31-feb28",
    "{'applied_on':'2022-01-31','talked_on':'2022-02-28'}", "" },
  { "d3-month-end-jan31-mar01",
    "{'applied_on':'2022-01-31','talked_on':'2022-03-01'}", "D3:W" },
  { "d3-no-talk-pending-on-deadline",
    "!{'birth_date':'2000-01-01','applied_on':'2026-04-01','as_of':'2026-05-01'}", "" },
  { "d3-no-talk-pending-day-after",
    "!{'birth_date':'2000-01-01','applied_on':'2026-04-01','as_of':'2026-05-02'}", "D3:W" },

  /* D4 activists come from applicants (细则第八条). */
  { "d4-activist-before-application",
    "{'activist_on':'2022-02-28','activist_reviews':['2022-08-01','2022-12-01','2023-06-01']}",
    "D4:E" },
  { "d4-activist-on-application-day",
    "{'activist_on':'2022-03-01','activist_reviews':['2022-09-01','2023-03-01'],"
    "'candidate_on':'2023-03-01'}", "" },

  /* P1 (LOCAL): application 6 months before activist; off by default. */
  { "p1-off-by-default",
    "{'applied_on':'2021-12-02','talked_on':'2021-12-10'}", "" },
  { "p1-six-months-day-short",
    "{'_rules':{'p1':6},'applied_on':'2021-12-02','talked_on':'2021-12-10'}", "P1:W" },
  { "p1-six-months-on-the-day",
    "{'_rules':{'p1':6},'applied_on':'2021-12-01','talked_on':'2021-12-10'}", "" },

  /* D6 assessment every half year (细则第十一条). */
  { "d6-review-on-six-months", "{'activist_reviews':['2022-12-01','2023-06-01']}", "" },
  { "d6-review-day-late", "{'activist_reviews':['2022-12-02','2023-06-01']}", "D6:W" },
  { "d6-review-day-early", "{'activist_reviews':['2022-11-30','2023-05-30']}", "" },
  { "d6-no-reviews-in-a-year", "{'activist_reviews':[]}", "D6:W" },
  { "d6-review-list-unsorted", "{'activist_reviews':['2023-06-01','2022-12-01']}", "" },
  { "d6-review-before-activist",
    "{'activist_reviews':['2022-05-01','2022-12-01','2023-06-01']}", "D6:E" },
  { "d6-gap-to-candidate",
    "{'activist_reviews':['2022-12-01'],'candidate_on':'2023-06-02'}", "D6:W" },
  { "d6-pending-on-six-months", ACTIVIST_ONLY "'as_of':'2026-03-01'}", "" },
  { "d6-pending-day-after", ACTIVIST_ONLY "'as_of':'2026-03-02'}", "D6:W" },

  /* D7 one year as activist before candidate (细则第十三条). */
  { "d7-candidate-day-before-one-year",
    "{'candidate_on':'2023-05-31','activist_reviews':['2022-12-01']}", "D7:E" },
  { "d7-candidate-on-one-year", "{'candidate_on':'2023-06-01'}", "" },
  { "d7-candidate-day-after-one-year", "{'candidate_on':'2023-06-02'}", "" },
  { "d7-candidate-before-activist",
    "{'candidate_on':'2022-05-01','activist_reviews':[]}", "D7:E" },
  { "d7-leap-activist-feb28-next-year", LEAP_ACTIVIST "'candidate_on':'2025-02-28'}", "" },
  { "d7-leap-activist-feb27-next-year", LEAP_ACTIVIST "'candidate_on':'2025-02-27'}", "D7:E" },
  { "d7-setting-18-months", "{'_rules':{'activist':18}}", "D7:E" },
  { "d7-setting-12-months-explicit", "{'_rules':{'activist':12}}", "" },
  { "d7-missing-activist-date", "{'activist_on':null}", "D7:W" },

  /* D8 two full members as sponsors (细则第十四条). */
  { "d8-one-sponsor", "{'sponsors':[{'status':'full'}]}", "D8:E" },
  { "d8-three-sponsors",
    "{'sponsors':[{'status':'full'},{'status':'full'},{'status':'full'}]}", "D8:E" },
  { "d8-no-sponsor", "{'sponsors':[]}", "D8:E" },
  { "d8-probationary-sponsor",
    "{'sponsors':[{'status':'full'},{'status':'probationary'}]}", "D8:E" },
  { "d8-sponsor-under-probation-discipline",
    "{'sponsors':[{'status':'probation_discipline'},{'status':'full'}]}", "D8:E" },
  { "d8-both-sponsors-bad",
    "{'sponsors':[{'status':'probationary'},{'status':'probation_discipline'}]}", "D8:E,D8:E" },
  { "d8-sponsors-not-recorded", "{'sponsors':null}", "D8:W" },

  /* D9 political review before the vote (细则第十六条). */
  { "d9-political-review-not-recorded", "{'political_review_on':null}", "D9:W" },
  { "d9-political-review-day-before-vote", "{'political_review_on':'2023-09-14'}", "" },
  { "d9-political-review-on-vote-day", "{'political_review_on':'2023-09-15'}", "" },
  { "d9-political-review-day-after-vote", "{'political_review_on':'2023-09-16'}", "D9:E" },
  { "d9-political-review-before-candidate", "{'political_review_on':'2023-05-31'}", "D9:W" },
  { "d9-political-review-on-candidate-day", "{'political_review_on':'2023-06-01'}", "" },

  /* P5 (LOCAL): the political review valid N months; off by default. */
  { "p5-off-by-default", "{'political_review_on':'2022-06-01','pre_review_on':'2023-09-01'}", "D9:W" },
  { "p5-one-month-day-before", "{'_rules':{'p5':1},'political_review_on':'2023-08-14'}", "P5:W" },
  { "p5-one-month-on-the-day", "{'_rules':{'p5':1},'political_review_on':'2023-08-15'}", "" },

  /* D10 training not under 3 days AND under 24 hours (细则第十七条). */
  { "d10-training-2-days-23-hours", "{'training':{'days':2,'hours':23}}", "D10:E" },
  { "d10-training-3-days-0-hours",  "{'training':{'days':3,'hours':0}}", "" },
  { "d10-training-0-days-24-hours", "{'training':{'days':0,'hours':24}}", "" },
  { "d10-training-2-days-24-hours", "{'training':{'days':2,'hours':24}}", "" },
  { "d10-training-3-days-23-hours", "{'training':{'days':3,'hours':23}}", "" },
  { "d10-training-hours-only-23",   "{'training':{'hours':23}}", "D10:E" },
  { "d10-training-days-only-3",     "{'training':{'days':3}}", "" },
  { "d10-training-not-recorded",    "{'training':null}", "D10:W" },

  /* D11 pre-review before the vote; leaving the unit (细则第十九条). */
  { "d11-pre-review-day-before-vote", "{'pre_review_on':'2023-09-14'}", "" },
  { "d11-pre-review-on-vote-day",     "{'pre_review_on':'2023-09-15'}", "" },
  { "d11-pre-review-day-after-vote",  "{'pre_review_on':'2023-09-16'}", "D11:E" },
  { "d11-pre-review-before-candidate",
    "{'pre_review_on':'2023-05-31','political_review_on':'2023-05-31'}", "D11:E,D9:W" },
  { "d11-pre-review-missing", "{'pre_review_on':null}", "D11:W" },
  { "d11-leaves-unit-on-three-months", "{'leaves_unit_on':'2023-12-01'}", "D11:W" },
  { "d11-leaves-unit-day-after-three-months", "{'leaves_unit_on':'2023-12-02'}", "" },
  { "d11-leaves-unit-from-vote-without-pre-review",
    "{'pre_review_on':null,'leaves_unit_on':'2023-12-15'}", "D11:W,D11:W" },

  /* P3 (LOCAL): vote within N months of the pre-review; off by default. */
  { "p3-off-by-default", "{'pre_review_on':'2023-06-01'}", "" },
  { "p3-one-month-day-late", "{'_rules':{'p3':1},'pre_review_on':'2023-08-14'}", "P3:W" },
  { "p3-one-month-on-the-day", "{'_rules':{'p3':1},'pre_review_on':'2023-08-15'}", "" },

  /* D12 quorum, D13 pass (细则第二十、二十一条): of the entitled. */
  { "d12-quorum-exactly-half",
    "{'admission_vote':{'on':'2023-09-15','entitled':20,'present':10,'yes':9,'written_yes':2}}", "D12:E" },
  { "d12-quorum-half-plus-one",
    "{'admission_vote':{'on':'2023-09-15','entitled':20,'present':11,'yes':9,'written_yes':2}}", "" },
  { "d12-quorum-odd-21-present-10",
    "{'admission_vote':{'on':'2023-09-15','entitled':21,'present':10,'yes':10,'written_yes':1}}", "D12:E" },
  { "d12-quorum-odd-21-present-11",
    "{'admission_vote':{'on':'2023-09-15','entitled':21,'present':11,'yes':11}}", "" },
  { "d12-present-exceeds-entitled",
    "{'admission_vote':{'on':'2023-09-15','entitled':20,'present':21,'yes':15}}", "D12:E" },
  { "d12-entitled-zero",
    "{'admission_vote':{'on':'2023-09-15','entitled':0,'present':0,'yes':0}}", "D12:E" },
  { "d12-counts-not-recorded", "{'admission_vote':{'on':'2023-09-15'}}", "D12:W" },
  { "d13-yes-exactly-half",
    "{'admission_vote':{'on':'2023-09-15','entitled':20,'present':15,'yes':10}}", "D13:E" },
  { "d13-yes-half-plus-one",
    "{'admission_vote':{'on':'2023-09-15','entitled':20,'present':15,'yes':11}}", "" },
  { "d13-written-opinions-count",
    "{'admission_vote':{'on':'2023-09-15','entitled':20,'present':15,'yes':9,'written_yes':2}}", "" },
  { "d13-denominator-is-entitled-not-present",
    "{'admission_vote':{'on':'2023-09-15','entitled':20,'present':12,'yes':7}}", "D13:E" },
  { "d13-yes-exceeds-present",
    "{'admission_vote':{'on':'2023-09-15','entitled':20,'present':11,'yes':12}}", "D13:E" },
  { "d13-written-exceeds-absent",
    "{'admission_vote':{'on':'2023-09-15','entitled':20,'present':18,'yes':10,'written_yes':3}}", "D13:E" },
  { "d13-written-equals-absent",
    "{'admission_vote':{'on':'2023-09-15','entitled':20,'present':18,'yes':10,'written_yes':2}}", "" },

  /* D15 approval within 3 months, 6 with a reason (细则第二十五条). */
  { "d15-approved-day-before-3-months", "{'approved_on':'2023-12-14'}", "" },
  { "d15-approved-on-3-months", "{'approved_on':'2023-12-15'}", "" },
  { "d15-approved-day-after-3-months-no-reason", "{'approved_on':'2023-12-16'}", "D15:E" },
  { "d15-approved-day-after-3-months-with-reason",
    "{'approved_on':'2023-12-16','approval_delay_reason':'党委换届'}", "D15:W" },
  { "d15-approved-on-6-months-with-reason",
    "{'approved_on':'2024-03-15','approval_delay_reason':'党委换届'}", "D15:W" },
  { "d15-approved-day-after-6-months-with-reason",
    "{'approved_on':'2024-03-16','approval_delay_reason':'党委换届'}", "D15:E" },
  { "d15-blank-reason-is-no-reason",
    "{'approved_on':'2023-12-16','approval_delay_reason':' \xe3\x80\x80 '}", "D15:E" },
  { "d15-approved-before-vote", "{'approved_on':'2023-09-14'}", "D15:E" },
  { "d15-approved-on-vote-day", "{'approved_on':'2023-09-15'}", "" },
  { "d15-month-end-nov30-feb29",
    "{'admission_vote':{'on':'2023-11-30','entitled':20,'present':15,'yes':14},"
    "'approved_on':'2024-02-29','full_vote':{'on':'2024-12-02','entitled':21,"
    "'present':18,'yes':18},'full_approved_on':'2024-12-20'}", "" },
  { "d15-month-end-nov30-mar01",
    "{'admission_vote':{'on':'2023-11-30','entitled':20,'present':15,'yes':14},"
    "'approved_on':'2024-03-01','full_vote':{'on':'2024-12-02','entitled':21,"
    "'present':18,'yes':18},'full_approved_on':'2024-12-20'}", "D15:E" },
  { "d15-pending-on-3-months",
    "{'approved_on':null,'full_vote':null,'full_approved_on':null,'as_of':'2023-12-15'}", "" },
  { "d15-pending-day-after-3-months",
    "{'approved_on':null,'full_vote':null,'full_approved_on':null,'as_of':'2023-12-16'}", "D15:W" },

  /* D16 who may approve. */
  { "d16-general-branch-may-not-approve", "{'approver_kind':'general_branch'}", "D16:E" },
  { "d16-branch-may-not-approve", "{'approver_kind':'branch'}", "D16:E" },
  { "d16-temporary-org-may-not-approve", "{'approver_kind':'temporary'}", "D16:E" },
  { "d16-committee-approves", "{'approver_kind':'committee'}", "" },
  { "d16-approver-not-recorded", "{'approver_kind':null}", "" },

  /* D17 no admission vote date: nothing to count probation from. */
  { "d17-no-admission-vote", "{'admission_vote':null}", "D17:W" },

  /* D18 one extension of 6-12 months (细则第三十二条). */
  { "d18-extension-5-months",
    "{'extension':[{'months':5}],'full_vote':{'on':'2025-03-15','entitled':21,"
    "'present':18,'yes':18},'full_approved_on':'2025-04-01'}", "D18:E" },
  { "d18-extension-6-months",
    "{'extension':[{'months':6}],'full_vote':{'on':'2025-03-15','entitled':21,"
    "'present':18,'yes':18},'full_approved_on':'2025-04-01'}", "" },
  { "d18-extension-12-months",
    "{'extension':[{'months':12}],'full_vote':{'on':'2025-09-15','entitled':21,"
    "'present':18,'yes':18},'full_approved_on':'2025-10-01'}", "" },
  { "d18-extension-13-months",
    "{'extension':[{'months':13}],'full_vote':{'on':'2025-10-15','entitled':21,"
    "'present':18,'yes':18},'full_approved_on':'2025-11-01'}", "D18:E" },
  { "d18-second-extension",
    "{'extension':[{'months':6},{'months':6}],'full_vote':{'on':'2025-09-15',"
    "'entitled':21,'present':18,'yes':18},'full_approved_on':'2025-10-01'}", "D18:E" },
  { "d18-no-extension-empty-list", "{'extension':[]}", "" },
  { "d18-pending-on-probation-end",
    "{'full_vote':null,'full_approved_on':null,'as_of':'2024-09-15'}", "" },
  { "d18-pending-day-after-probation-end",
    "{'full_vote':null,'full_approved_on':null,'as_of':'2024-09-16'}", "D18:W" },

  /* D19 the 转正 vote: the same quorum and threshold. */
  { "d19-full-vote-quorum-half",
    "{'full_vote':{'on':'2024-09-20','entitled':21,'present':10,'yes':10,'written_yes':1}}", "D19:E" },
  { "d19-full-vote-yes-half-of-entitled",
    "{'full_vote':{'on':'2024-09-20','entitled':21,'present':18,'yes':10}}", "D19:E" },
  { "d19-full-vote-yes-half-plus-one",
    "{'full_vote':{'on':'2024-09-20','entitled':21,'present':18,'yes':11}}", "" },

  /* D21 no early 转正 (党章第七条). */
  { "d21-full-vote-day-before-probation-end",
    "{'full_vote':{'on':'2024-09-14','entitled':21,'present':18,'yes':18}}", "D21:E" },
  { "d21-full-vote-on-probation-end",
    "{'full_vote':{'on':'2024-09-15','entitled':21,'present':18,'yes':18}}", "" },
  { "d21-approval-before-end-without-vote",
    "{'full_vote':null,'full_approved_on':'2024-09-14'}", "D21:E" },
  { "d21-approval-on-end-without-vote",
    "{'full_vote':null,'full_approved_on':'2024-09-15'}", "" },
  { "d21-full-vote-day-before-extension-end",
    "{'extension':[{'months':6}],'full_vote':{'on':'2025-03-14','entitled':21,"
    "'present':18,'yes':18},'full_approved_on':'2025-04-01'}", "D21:E" },

  /* D20 转正 approval within 3 months of the vote. */
  { "d20-full-approval-on-3-months", "{'full_approved_on':'2024-12-20'}", "" },
  { "d20-full-approval-day-after-3-months", "{'full_approved_on':'2024-12-21'}", "D20:W" },
  { "d20-full-approval-before-vote", "{'full_approved_on':'2024-09-19'}", "D20:E" },
  { "d20-pending-day-after-3-months",
    "{'full_approved_on':null,'as_of':'2024-12-21'}", "D20:W" },
  { "d20-pending-on-3-months",
    "{'full_approved_on':null,'as_of':'2024-12-20'}", "" },
};
/* clang-format on */

static void test_cases(void)
{
    for (int i = 0; i < (int)(sizeof aCase / sizeof aCase[0]); i++) {
        const AuditCase *t = &aCase[i];
        RecruitAudit a;
        char z[512];
        if (run(t->zOverlay, &a)) {
            T_CHECK(t->zName, 0);
            continue;
        }
        signature(&a, z, sizeof z);
        if (strcmp(z, t->zWant) != 0)
            for (int j = 0; j < a.n; j++)
                printf("  %s %s\n", a.a[j].zRule, a.a[j].zMsg);
        T_STR(t->zName, z, t->zWant);
        recruit_audit_free(&a);
    }
}

/* Dates: probation end, 转正 date and 党龄. */
typedef struct DateCase {
    const char *zName;
    const char *zOverlay;
    const char *zProbationEnd; /* NULL: none */
    const char *zFullMember;   /* NULL: none */
    int nYears;                /* -1: none */
} DateCase;

#define VOTE_ONLY(on, rest)                                                    \
    "!{'birth_date':'1990-01-01','admission_vote':{'on':'" on "'}," rest       \
    "'as_of':'2030-01-01'}"

/* clang-format off */
static const DateCase aDate[] = {
  { "d17-probation-one-year", "{}", "2024-09-15", "2024-09-15", 1 },
  { "d17-month-end-jan31", VOTE_ONLY("2025-01-31", ""), "2026-01-31", "2026-01-31", -1 },
  { "d17-leap-feb29-plus-one-year", VOTE_ONLY("2024-02-29", ""), "2025-02-28", "2025-02-28", -1 },
  { "d17-month-end-aug31-ext-6", VOTE_ONLY("2024-08-31", "'extension':[{'months':6}],"),
    "2025-08-31", "2026-02-28", -1 },
  { "d17-leap-feb29-ext-12", VOTE_ONLY("2024-02-29", "'extension':[{'months':12}],"),
    "2025-02-28", "2026-02-28", -1 },
  { "d21-standing-day-before-anniversary", "{'as_of':'2025-09-14'}",
    "2024-09-15", "2024-09-15", 0 },
  { "d21-standing-on-anniversary", "{'as_of':'2025-09-15'}", "2024-09-15", "2024-09-15", 1 },
  { "d21-standing-before-full-member-on", "{'as_of':'2024-09-14'}",
    "2024-09-15", "2024-09-15", -1 },
  { "d21-standing-from-probation-end-not-approval",
    "{'full_approved_on':'2024-12-01','as_of':'2025-09-15'}", "2024-09-15", "2024-09-15", 1 },
  { "d21-no-standing-without-approval", "{'full_approved_on':null}",
    "2024-09-15", "2024-09-15", -1 },
  { "d21-extension-6-full-member-on",
    "{'extension':[{'months':6}],'full_vote':{'on':'2025-03-15','entitled':21,"
    "'present':18,'yes':18},'full_approved_on':'2025-04-01','as_of':'2026-03-14'}",
    "2024-09-15", "2025-03-15", 0 },
  { "d21-extension-6-standing-on-anniversary",
    "{'extension':[{'months':6}],'full_vote':{'on':'2025-03-15','entitled':21,"
    "'present':18,'yes':18},'full_approved_on':'2025-04-01','as_of':'2026-03-15'}",
    "2024-09-15", "2025-03-15", 1 },
  { "d21-extension-12-standing",
    "{'extension':[{'months':12}],'full_vote':{'on':'2025-09-15','entitled':21,"
    "'present':18,'yes':18},'full_approved_on':'2025-10-01','as_of':'2030-09-15'}",
    "2024-09-15", "2025-09-15", 5 },
  { "d17-no-vote-no-dates", "{'admission_vote':null}", 0, 0, -1 },
};
/* clang-format on */

static void test_dates(void)
{
    for (int i = 0; i < (int)(sizeof aDate / sizeof aDate[0]); i++) {
        const DateCase *t = &aDate[i];
        RecruitAudit a;
        char zName[128], z1[11], z2[11];
        if (run(t->zOverlay, &a)) {
            T_CHECK(t->zName, 0);
            continue;
        }
        if (a.iProbationEnd != RECRUIT_NO_DATE) cal_format(a.iProbationEnd, z1);
        if (a.iFullMember != RECRUIT_NO_DATE) cal_format(a.iFullMember, z2);
        snprintf(zName, sizeof zName, "%s probation_end", t->zName);
        T_STR(zName, a.iProbationEnd != RECRUIT_NO_DATE ? z1 : 0,
              t->zProbationEnd);
        snprintf(zName, sizeof zName, "%s full_member_on", t->zName);
        T_STR(zName, a.iFullMember != RECRUIT_NO_DATE ? z2 : 0, t->zFullMember);
        snprintf(zName, sizeof zName, "%s party_standing_years", t->zName);
        T_INT(zName, a.nStandingYears, t->nYears);
        recruit_audit_free(&a);
    }
}

/* Input errors of the JSON form: code and field. */
typedef struct InputCase {
    const char *zName;
    const char *zOverlay;
    int iCode;
    const char *zField;
} InputCase;

/* clang-format off */
static const InputCase aInput[] = {
  { "a5-input-birth-date-required", "{'birth_date':null}", ZE_FIELD_REQUIRED, "birth_date" },
  { "a5-input-birth-date-format", "{'birth_date':'20000510'}", ZE_DATE_INVALID, "birth_date" },
  { "a5-input-birth-date-feb29-2023", "{'birth_date':'2023-02-29'}", ZE_DATE_INVALID, "birth_date" },
  { "a5-input-date-type", "{'applied_on':5}", ZE_FIELD_TYPE, "applied_on" },
  { "a5-input-as-of-invalid", "{'as_of':'2026-13-01'}", ZE_DATE_INVALID, "as_of" },
  { "a5-input-reviews-not-list", "{'activist_reviews':'2022-12-01'}", ZE_FIELD_TYPE, "activist_reviews" },
  { "a5-input-review-type", "{'activist_reviews':[1]}", ZE_FIELD_TYPE, "activist_reviews[0]" },
  { "a5-input-review-null", "{'activist_reviews':[null]}", ZE_FIELD_TYPE, "activist_reviews[0]" },
  { "a5-input-review-date", "{'activist_reviews':['2022-12-01','x']}", ZE_DATE_INVALID, "activist_reviews[1]" },
  { "a5-input-sponsors-not-list", "{'sponsors':{'status':'full'}}", ZE_FIELD_TYPE, "sponsors" },
  { "a5-input-sponsor-not-object", "{'sponsors':['full']}", ZE_FIELD_TYPE, "sponsors[0]" },
  { "a5-input-sponsor-status-missing", "{'sponsors':[{'status':'full'},{}]}", ZE_FIELD_REQUIRED, "sponsors[1].status" },
  { "a5-input-sponsor-status-value", "{'sponsors':[{'status':'member'}]}", ZE_FIELD_INVALID, "sponsors[0].status" },
  { "a5-input-sponsor-status-type", "{'sponsors':[{'status':1}]}", ZE_FIELD_TYPE, "sponsors[0].status" },
  { "a5-input-training-type", "{'training':3}", ZE_FIELD_TYPE, "training" },
  { "a5-input-training-days-string", "{'training':{'days':'3'}}", ZE_FIELD_TYPE, "training.days" },
  { "a5-input-training-days-real", "{'training':{'days':2.5}}", ZE_FIELD_TYPE, "training.days" },
  { "a5-input-training-days-negative", "{'training':{'days':-1}}", ZE_FIELD_INVALID, "training.days" },
  { "a5-input-training-unknown-key", "{'training':{'weeks':1}}", ZE_FIELD_INVALID, "training.weeks" },
  { "a5-input-vote-type", "{'admission_vote':[]}", ZE_FIELD_TYPE, "admission_vote" },
  { "a5-input-vote-date", "{'admission_vote':{'on':'2023-09-31'}}", ZE_DATE_INVALID, "admission_vote.on" },
  { "a5-input-vote-negative", "{'full_vote':{'yes':-1}}", ZE_FIELD_INVALID, "full_vote.yes" },
  { "a5-input-vote-count-type", "{'full_vote':{'entitled':'21'}}", ZE_FIELD_TYPE, "full_vote.entitled" },
  { "a5-input-vote-unknown-key", "{'admission_vote':{'date':'2023-09-15'}}", ZE_FIELD_INVALID, "admission_vote.date" },
  { "a5-input-approver-kind", "{'approver_kind':'party'}", ZE_FIELD_INVALID, "approver_kind" },
  { "a5-input-approver-kind-type", "{'approver_kind':1}", ZE_FIELD_TYPE, "approver_kind" },
  { "a5-input-delay-reason-type", "{'approval_delay_reason':true}", ZE_FIELD_TYPE, "approval_delay_reason" },
  { "a5-input-extension-not-list", "{'extension':{'months':6}}", ZE_FIELD_TYPE, "extension" },
  { "a5-input-extension-months-missing", "{'extension':[{}]}", ZE_FIELD_REQUIRED, "extension[0].months" },
  { "a5-input-extension-months-type", "{'extension':[{'months':'6'}]}", ZE_FIELD_TYPE, "extension[0].months" },
  { "a5-input-extension-months-negative", "{'extension':[{'months':-6}]}", ZE_FIELD_INVALID, "extension[0].months" },
  { "a5-input-unknown-key", "{'applied':'2022-03-01'}", ZE_FIELD_INVALID, "applied" },
};
/* clang-format on */

static void test_input(void)
{
    for (int i = 0; i < (int)(sizeof aInput / sizeof aInput[0]); i++) {
        const InputCase *t = &aInput[i];
        RecruitDossier d;
        RecruitInputErr e;
        char zName[128];
        json_t *o = dossier(t->zOverlay);
        int rc = o ? recruit_dossier_from_json(o, 20000, &d, &e) : -1;
        json_decref(o);
        snprintf(zName, sizeof zName, "%s code", t->zName);
        T_INT(zName, rc, t->iCode);
        snprintf(zName, sizeof zName, "%s field", t->zName);
        T_STR(zName, rc > 0 ? e.zField : 0, t->zField);
    }

    /* Too many list entries. */
    RecruitDossier d;
    RecruitInputErr e;
    json_t *o = jq("{'birth_date':'2000-01-01'}"), *a = json_array();
    for (int i = 0; i <= RECRUIT_MAX_REVIEWS; i++)
        json_array_append_new(a, json_string("2022-01-01"));
    json_object_set_new(o, "activist_reviews", a);
    T_INT("a5-input-too-many-reviews",
          recruit_dossier_from_json(o, 20000, &d, &e), ZE_FIELD_INVALID);
    json_decref(o);

    /* Only birth_date: as_of defaults to the given today; no findings. */
    o = jq("{'birth_date':'2000-01-01'}");
    T_INT("a5-input-birth-date-only",
          recruit_dossier_from_json(o, 20000, &d, &e), 0);
    T_INT("a5-input-as-of-defaults-to-today", d.iAsOf, 20000);
    T_INT("a5-input-sponsors-absent", d.nSponsor, -1);
    T_INT("a5-input-extension-absent", d.nExtension, -1);
    json_decref(o);
    T_CHECK("a5-input-not-object",
            recruit_dossier_from_json(0, 1, &d, &e) != 0);
}

/* The JSON output: shape, severities, articles, nulls. */
static void test_output(void)
{
    RecruitAudit a;
    run("{'approver_kind':'general_branch','talked_on':'2022-04-02'}", &a);
    json_t *o = recruit_audit_json(&a);
    json_t *f = json_object_get(o, "findings");
    T_INT("a5-output-two-findings", json_array_size(f), 2);
    json_t *f0 = json_array_get(f, 0), *f1 = json_array_get(f, 1);
    T_STR("a5-output-step-order-first",
          json_string_value(json_object_get(f0, "rule")), "D3");
    T_STR("a5-output-warning",
          json_string_value(json_object_get(f0, "severity")), "warning");
    T_INT("a5-output-step", json_integer_value(json_object_get(f0, "step")), 2);
    T_STR("a5-output-article",
          json_string_value(json_object_get(f0, "article")), "细则 第七条");
    T_CHECK("a5-output-message-has-dates",
            strstr(json_string_value(json_object_get(f0, "message")),
                   "2022-04-02") != 0);
    T_STR("a5-output-error", json_string_value(json_object_get(f1, "severity")),
          "error");
    T_STR("a5-output-d16", json_string_value(json_object_get(f1, "rule")),
          "D16");
    T_STR("a5-output-probation-end",
          json_string_value(json_object_get(o, "probation_end")), "2024-09-15");
    T_STR("a5-output-full-member-on",
          json_string_value(json_object_get(o, "full_member_on")),
          "2024-09-15");
    T_INT("a5-output-standing",
          json_integer_value(json_object_get(o, "party_standing_years")), 1);
    T_STR("a5-output-as-of", json_string_value(json_object_get(o, "as_of")),
          "2026-06-01");
    T_INT("a5-output-error-count", a.nError, 1);
    json_decref(o);
    recruit_audit_free(&a);

    run("!{'birth_date':'2000-01-01','as_of':'2026-01-01'}", &a);
    o = recruit_audit_json(&a);
    T_CHECK("a5-output-null-dates",
            json_is_null(json_object_get(o, "probation_end")) &&
                json_is_null(json_object_get(o, "full_member_on")) &&
                json_is_null(json_object_get(o, "party_standing_years")));
    T_INT("a5-output-no-findings",
          json_array_size(json_object_get(o, "findings")), 0);
    json_decref(o);
    recruit_audit_free(&a);

    /* Every finding cites an article and has a Chinese message. */
    int bOk = 1;
    for (int i = 0; i < (int)(sizeof aCase / sizeof aCase[0]); i++) {
        if (run(aCase[i].zOverlay, &a)) continue;
        for (int j = 0; j < a.n; j++)
            if (!a.a[j].zArticle[0] || (unsigned char)a.a[j].zMsg[0] < 0x80 ||
                a.a[j].iStep < 1 || a.a[j].iStep > 25)
                bOk = 0;
        for (int j = 1; j < a.n; j++)
            if (a.a[j - 1].iStep > a.a[j].iStep) bOk = 0;
        recruit_audit_free(&a);
    }
    T_CHECK("a5-output-every-finding-cites-article-in-step-order", bOk);
    recruit_audit_free(0);
}

void test_recruit(void)
{
    test_cases();
    test_dates();
    test_input();
    test_output();
}
