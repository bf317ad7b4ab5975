/* test_org.c: the organisation structure rules (A4: B1, B2, B13-B15, B17)
** as a pure function, and the tree and posts on a real database (A1, A3):
** a temporary SQLite file, and PostgreSQL too when ZHIBU_TEST_PG holds a
** postgresql:// URL (run in a private schema that is dropped afterwards). */
#include "tester.h"
#include "audit.h"
#include "calendar.h"
#include "org.h"
#include "schema.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void test_org(void); /* called from main.c */

/* The default thresholds (setting.c). */
static const OrgRuleSettings defaults = {3, 50, 7, 3, 7, 6};

/* A branch with nFull full members (none suspended), no term trouble. */
static OrgFacts branch(int nFull, int nProbationary)
{
    OrgFacts f;
    memset(&f, 0, sizeof f);
    f.iId = 42;
    f.iParent = 7;
    strcpy(f.zKind, "branch");
    f.zName = "第一党支部";
    f.nFull = f.nVoting = nFull;
    f.nProbationary = nProbationary;
    f.nMembers = nFull + nProbationary;
    f.bTerm = 1;
    cal_parse("2025-01-01", &f.iTermStart);
    f.nTermYears = 3;
    f.nCommittee = nFull >= 7 ? 3 : 1;
    f.nSecretary = 1;
    return f;
}

/* Findings of f on day zToday. */
static OrgFindings eval(const OrgFacts *f, const char *zToday)
{
    OrgFindings o;
    int iDay = 0;
    memset(&o, 0, sizeof o);
    cal_parse(zToday, &iDay);
    org_rules_eval(f, iDay, &defaults, &o);
    return o;
}

/* Number of findings of rule zRule with severity iSev (-1: any). */
static int count(const OrgFindings *o, const char *zRule, int iSev)
{
    int n = 0;
    for (int i = 0; i < o->n; i++)
        if (strcmp(o->a[i].zRule, zRule) == 0 &&
            (iSev < 0 || o->a[i].iSeverity == iSev))
            n++;
    return n;
}

/* The message of the first finding of zRule, or "". */
static const char *msg(const OrgFindings *o, const char *zRule)
{
    for (int i = 0; i < o->n; i++)
        if (strcmp(o->a[i].zRule, zRule) == 0) return o->a[i].zMessage;
    return "";
}

/* Evaluate f on zToday and check how many findings of zRule/iSev. */
static void expect(const char *zName, const OrgFacts *f, const char *zToday,
                   const char *zRule, int iSev, int nWant)
{
    OrgFindings o = eval(f, zToday);
    T_INT(zName, count(&o, zRule, iSev), nWant);
    org_findings_free(&o);
}

#define ERR   ORG_SEV_ERROR
#define WARN  ORG_SEV_WARNING
#define TODAY "2025-06-01"

static void test_b1_b2(void)
{
    OrgFacts f = branch(2, 0);
    OrgFindings o = eval(&f, TODAY);
    T_INT("b1-min-full-1.1 two full members: error", count(&o, "B1", ERR), 1);
    T_CHECK("b1-min-full-1.2 message has the numbers",
            strstr(msg(&o, "B1"), "正式党员2名") &&
                strstr(msg(&o, "B1"), "少于3名"));
    T_STR("b1-min-full-1.3 article", o.n ? o.a[0].zArticle : "",
          "《中国共产党支部工作条例（试行）》第四条");
    T_INT("b1-min-full-1.4 org id", o.n ? o.a[0].iOrg : 0, 42);
    org_findings_free(&o);
    f = branch(3, 0);
    expect("b1-min-full-2 three full members: none", &f, TODAY, "B1", -1, 0);
    f = branch(2, 5);
    expect("b1-min-full-3 probationary not counted", &f, TODAY, "B1", ERR, 1);
    f = branch(3, 0);
    f.nVoting = 2; /* one full member with rights suspended */
    o = eval(&f, TODAY);
    T_INT("b1-min-full-4.1 suspended not counted", count(&o, "B1", ERR), 1);
    T_CHECK("b1-min-full-4.2 message notes the suspended",
            strstr(msg(&o, "B1"), "停止党员权利") != 0);
    org_findings_free(&o);
    f = branch(0, 0);
    expect("b1-min-full-5 empty branch", &f, TODAY, "B1", ERR, 1);

    f = branch(10, 40);
    expect("b2-max-members-1 fifty members: none", &f, TODAY, "B2", -1, 0);
    f = branch(10, 41);
    o = eval(&f, TODAY);
    T_INT("b2-max-members-2.1 fifty-one members: warning",
          count(&o, "B2", WARN), 1);
    T_CHECK("b2-max-members-2.2 message", strstr(msg(&o, "B2"), "51名") != 0);
    org_findings_free(&o);
    f = branch(45, 10);
    f.bClosed = 1;
    o = eval(&f, TODAY);
    T_INT("b2-max-members-3 closed org: no findings", o.n, 0);
    org_findings_free(&o);
    OrgRuleSettings s = defaults;
    s.nBranchMaxMembers = 60;
    f = branch(10, 41);
    memset(&o, 0, sizeof o);
    org_rules_eval(&f, 20000, &s, &o);
    T_INT("b2-max-members-4 threshold from the setting", count(&o, "B2", -1),
          0);
    org_findings_free(&o);
}

static void test_b13_b14(void)
{
    OrgFacts f = branch(6, 3);
    f.nCommittee = 0;
    expect("b13-committee-1 six full, no committee: none", &f, TODAY, "B13", -1,
           0);
    f = branch(7, 0);
    f.nCommittee = 0;
    OrgFindings o = eval(&f, TODAY);
    T_INT("b13-committee-2.1 seven full, no committee: error",
          count(&o, "B13", ERR), 1);
    T_STR("b13-committee-2.2 article", o.n ? o.a[0].zArticle : "",
          "《中国共产党支部工作条例（试行）》第二十条");
    T_CHECK("b13-committee-2.3 message",
            strstr(msg(&o, "B13"), "正式党员7名") &&
                strstr(msg(&o, "B13"), "现有委员0名"));
    org_findings_free(&o);
    f = branch(7, 0);
    f.nCommittee = 2;
    expect("b13-committee-3 committee of two: error", &f, TODAY, "B13", ERR, 1);
    f.nCommittee = 3;
    expect("b13-committee-4 committee of three: none", &f, TODAY, "B13", -1, 0);
    f = branch(6, 1);
    f.nCommittee = 0;
    f.nVoting = 6;
    expect("b13-committee-5 probationary not counted", &f, TODAY, "B13", -1, 0);
    f = branch(20, 0);
    f.nCommittee = 7;
    expect("b13-committee-6 committee of seven: none", &f, TODAY, "B13", -1, 0);
    f.nCommittee = 8;
    expect("b13-committee-7 committee of eight: warning", &f, TODAY, "B13",
           WARN, 1);
    f = branch(20, 0);
    f.nDeputy = 2;
    expect("b13-committee-8 two deputies: warning", &f, TODAY, "B13", WARN, 1);

    f = branch(6, 0);
    f.nCommitteeOther = 3;
    expect("b14-no-committee-1 six full, three committee posts: warning", &f,
           TODAY, "B14", WARN, 1);
    f.nCommitteeOther = 2;
    expect("b14-no-committee-2 two committee posts: none", &f, TODAY, "B14", -1,
           0);
    f = branch(7, 0);
    f.nCommitteeOther = 3;
    expect("b14-no-committee-3 seven full: none", &f, TODAY, "B14", -1, 0);
    f = branch(7, 0);
    strcpy(f.zKind, "general_branch");
    f.nCommittee = 0;
    f.nVoting = 1;
    o = eval(&f, TODAY);
    T_INT("b13-committee-9 branch rules only for branches",
          count(&o, "B1", -1) + count(&o, "B13", -1), 0);
    org_findings_free(&o);
}

static void test_b15_b17(void)
{
    OrgFacts f = branch(5, 0);
    cal_parse("2021-07-15", &f.iTermStart);
    f.nTermYears = 3; /* term_end 2024-07-15 */
    expect("b17-term-1 long before: none", &f, "2023-07-15", "B17", -1, 0);
    expect("b17-term-2 six months and a day ahead: none", &f, "2024-01-14",
           "B17", -1, 0);
    expect("b17-term-3 exactly six months ahead: warning", &f, "2024-01-15",
           "B17", WARN, 1);
    OrgFindings o = eval(&f, "2024-07-14");
    T_INT("b17-term-4.1 day before the end: warning", count(&o, "B17", WARN),
          1);
    T_CHECK("b17-term-4.2 message", strstr(msg(&o, "B17"), "2024-07-15") &&
                                        strstr(msg(&o, "B17"), "前应换届"));
    org_findings_free(&o);
    o = eval(&f, "2024-07-15");
    T_INT("b17-term-5.1 on the end day: error", count(&o, "B17", ERR), 1);
    T_CHECK("b17-term-5.2 message",
            strstr(msg(&o, "B17"), "任期已于2024-07-15届满") != 0);
    org_findings_free(&o);
    expect("b17-term-6 day after the end: error", &f, "2024-07-16", "B17", ERR,
           1);
    cal_parse("2021-08-31", &f.iTermStart);
    f.nTermYears = 3; /* term_end 2024-08-31; warn from 2024-02-29 */
    expect("b17-term-7 month end, window opens: warning", &f, "2024-02-29",
           "B17", WARN, 1);
    expect("b17-term-8 month end, day before the window: none", &f,
           "2024-02-28", "B17", -1, 0);
    f.bTerm = 0;
    f.nTermYears = 0;
    expect("b15-term-1 no term recorded: warning", &f, TODAY, "B15", WARN, 1);
    f.bTerm = 1;
    expect("b15-term-2 start without years: warning", &f, TODAY, "B15", WARN,
           1);
    strcpy(f.zKind, "committee");
    expect("b15-term-3 committee without term: warning", &f, TODAY, "B15", WARN,
           1);
    strcpy(f.zKind, "group");
    o = eval(&f, TODAY);
    T_INT("b15-term-4 group: nothing", o.n, 0);
    org_findings_free(&o);
}

static void test_kinds(void)
{
    T_CHECK("a1-kind-1 committee under committee",
            org_kind_allowed("committee", "committee"));
    T_CHECK("a1-kind-2 general_branch under committee",
            org_kind_allowed("committee", "general_branch"));
    T_CHECK("a1-kind-3 branch under general_branch",
            org_kind_allowed("general_branch", "branch"));
    T_CHECK("a1-kind-4 group under branch",
            org_kind_allowed("branch", "group"));
    T_CHECK("a1-kind-5 no group under committee",
            !org_kind_allowed("committee", "group"));
    T_CHECK("a1-kind-6 no branch under branch",
            !org_kind_allowed("branch", "branch"));
    T_CHECK("a1-kind-7 no committee under general_branch",
            !org_kind_allowed("general_branch", "committee"));
    T_CHECK("a1-kind-8 unknown kind", !org_kind_valid("team"));
    T_STR("a3-post-1 role label", post_role_label("propaganda_member"),
          "宣传委员");
}

/* ---- Database-backed cases ---- */

/* Path of org iOrg, into z[256] ("" when absent). */
static const char *path_of(Db *pDb, int64_t iOrg, char z[256])
{
    DbStmt *p = 0;
    z[0] = 0;
    if (!db_prepare_bind(pDb, &p, "SELECT path FROM org WHERE id=$1", "i",
                         iOrg) &&
        db_step(p) == DB_ROW)
        snprintf(z, 256, "%s", db_col_text(p, 0));
    db_finalize(p);
    return z;
}

static int64_t depth_of(Db *pDb, int64_t iOrg)
{
    int64_t v = -1;
    db_one_int64(pDb, &v, "SELECT depth FROM org WHERE id=$1", "i", iOrg);
    return v;
}

/* Insert a person and a member of iOrg; returns the member id. */
static int64_t add_member(Db *pDb, int64_t iOrg, const char *zStatus, int i)
{
    char zIdx[32];
    int64_t iPerson = 0, iMember = 0;
    snprintf(zIdx, sizeof zIdx, "idx-%d", i);
    db_one_int64(pDb, &iPerson,
                 "INSERT INTO person(name,gender,birth_date,id_number_enc,"
                 "id_number_idx,created_at,updated_at) VALUES($1,'male',"
                 "'1990-01-01','x',$2,0,0) RETURNING id",
                 "tt", "张三", zIdx);
    db_one_int64(pDb, &iMember,
                 "INSERT INTO member(person_id,org_id,status,created_at,"
                 "updated_at) VALUES($1,$2,$3,0,0) RETURNING id",
                 "iit", iPerson, iOrg, zStatus);
    return iMember;
}

/* Shorthand for the create calls below. */
static int mk(Ctx *c, int64_t iParent, const char *zKind, const char *zName,
              int64_t *piOrg)
{
    Err e = {0};
    return org_create(c, iParent, zKind, zName, 0, "2024-03-01", 3, piOrg, &e);
}

/* "org-<iGroup>.<zCase>" */
static const char *nm(char *zBuf, int iGroup, const char *zCase)
{
    snprintf(zBuf, 128, "org-db%d.%s", iGroup, zCase);
    return zBuf;
}
#define N(z) nm(zN, iGroup, (z))

/* Create, validate, move, close. */
static void db_tree(Ctx *c, int iGroup, int64_t *aId)
{
    char zN[128], zP[256], zWant[256], zLong[400];
    Err e = {0};
    int64_t g = 0, b1 = 0, grp = 0, b2 = 0, g2 = 0, x = 0;
    Db *pDb = c->pDb;
    T_INT(N("1.1 create general branch"),
          mk(c, 1, "general_branch", "机关总支", &g), 0);
    T_INT(N("1.2 create branch"), mk(c, g, "branch", "第一党支部", &b1), 0);
    T_INT(N("1.3 create group"), mk(c, b1, "group", "第一党小组", &grp), 0);
    T_INT(N("1.4 create branch under root"),
          mk(c, 1, "branch", "第二党支部", &b2), 0);
    snprintf(zWant, sizeof zWant, "/1/%lld/%lld/", (long long)g, (long long)b1);
    T_STR(N("1.5 branch path"), path_of(pDb, b1, zP), zWant);
    T_INT(N("1.6 group depth"), depth_of(pDb, grp), 3);
    T_INT(N("2.1 group under committee"), mk(c, 1, "group", "小组", &x),
          ZE_ORG_KIND);
    T_INT(N("2.2 branch under branch"), mk(c, b1, "branch", "支部", &x),
          ZE_ORG_KIND);
    T_INT(N("2.3 unknown kind"), mk(c, 1, "team", "队", &x), ZE_ORG_KIND);
    T_INT(N("2.4 empty name"), mk(c, 1, "branch", "  ", &x), ZE_FIELD_REQUIRED);
    zLong[0] = 0;
    for (int i = 0; i < 100; i++)
        strcat(zLong, "党");
    T_INT(N("2.5 100 characters"), mk(c, 1, "branch", zLong, &x), 0);
    strcat(zLong, "党");
    T_INT(N("2.6 101 characters"), mk(c, 1, "branch", zLong, &x),
          ZE_FIELD_TOO_LONG);
    T_INT(N("2.7 term 6 years"),
          org_create(c, 1, "branch", "支部", 0, "2024-01-01", 6, &x, &e),
          ZE_ORG_TERM);
    T_INT(N("2.8 bad date"),
          org_create(c, 1, "branch", "支部", 0, "2024-02-30", 3, &x, &e),
          ZE_DATE_INVALID);
    T_STR(N("2.9 field"), e.zField, "term_start");
    T_INT(N("2.10 no parent"), mk(c, 999999, "branch", "支部", &x),
          ZE_ORG_PARENT);

    T_INT(N("3.1 move root"), org_move(c, 1, b2, &e), ZE_ORG_ROOT);
    T_INT(N("3.2 move under own descendant"), org_move(c, g, b1, &e),
          ZE_ORG_PARENT);
    T_INT(N("3.3 move under itself"), org_move(c, g, g, &e), ZE_ORG_PARENT);
    T_INT(N("3.4 branch under branch"), org_move(c, b1, b2, &e), ZE_ORG_KIND);
    T_INT(N("3.5 move branch to root"), org_move(c, b1, 1, &e), 0);
    snprintf(zWant, sizeof zWant, "/1/%lld/%lld/", (long long)b1,
             (long long)grp);
    T_STR(N("3.6 group path after move"), path_of(pDb, grp, zP), zWant);
    T_INT(N("3.7 group depth after move"), depth_of(pDb, grp), 2);
    T_INT(N("3.8 new general branch"),
          mk(c, 1, "general_branch", "第二总支", &g2), 0);
    T_INT(N("3.9 move down a level"), org_move(c, b1, g2, &e), 0);
    snprintf(zWant, sizeof zWant, "/1/%lld/%lld/%lld/", (long long)g2,
             (long long)b1, (long long)grp);
    T_STR(N("3.10 group path"), path_of(pDb, grp, zP), zWant);
    T_INT(N("3.11 group depth"), depth_of(pDb, grp), 3);
    int64_t iPar = 0;
    db_one_int64(pDb, &iPar, "SELECT parent_id FROM org WHERE id=$1", "i", b1);
    T_INT(N("3.12 parent_id"), iPar, g2);
    aId[0] = g;
    aId[1] = b1;
    aId[2] = grp;
    aId[3] = b2;
    aId[4] = g2;
}

/* Counts, posts, checks, close. */
static void db_posts(Ctx *c, int iGroup, const int64_t *aId)
{
    char zN[128];
    Err e = {0};
    int64_t g = aId[0], b1 = aId[1], grp = aId[2], b2 = aId[3], g2 = aId[4];
    int64_t m1 = add_member(c->pDb, grp, "full", iGroup * 100 + 1);
    int64_t m2 = add_member(c->pDb, b1, "full", iGroup * 100 + 2);
    int64_t m3 = add_member(c->pDb, b1, "probationary", iGroup * 100 + 3);
    int64_t m4 = add_member(c->pDb, b2, "full", iGroup * 100 + 4);
    int64_t iPost = 0, iPost2 = 0;
    char *zWarn = 0;
    OrgTree t;
    T_INT(N("4.1 load root"), org_tree_load(c->pDb, 1, &t), DB_OK);
    T_INT(N("4.2 root counts subtree"), t.n ? t.a[0].nMembers : -1, 4);
    for (int i = 0; i < t.n; i++) {
        if (t.a[i].iId == g2) {
            T_INT(N("4.3 general branch members"), t.a[i].nMembers, 3);
            T_INT(N("4.4 general branch full"), t.a[i].nFull, 2);
            T_INT(N("4.5 general branch probationary"), t.a[i].nProbationary,
                  1);
            T_INT(N("4.6 children"), t.a[i].nChildren, 1);
        }
        if (t.a[i].iId == g)
            T_INT(N("4.7 emptied general branch"),
                  t.a[i].nMembers + t.a[i].nChildren, 0);
    }
    org_tree_free(&t);
    T_INT(N("5.1 secretary"),
          post_create(c, b1, m1, "secretary", "2024-03-01", &iPost, &zWarn, &e),
          0);
    T_CHECK(N("5.2 no warning"), zWarn == 0);
    T_INT(N("5.3 second post"),
          post_create(c, b1, m1, "propaganda_member", 0, &iPost2, &zWarn, &e),
          0);
    T_CHECK(N("5.4 a3 warning"),
            zWarn && strstr(zWarn, "一人一岗：该党员已担任书记（第一党支部）"));
    free(zWarn);
    T_INT(N("5.5 same post twice"),
          post_create(c, b1, m1, "propaganda_member", 0, &iPost2, &zWarn, &e),
          ZE_POST_EXISTS);
    T_INT(N("5.6 not a member of the subtree"),
          post_create(c, b1, m4, "secretary", 0, &iPost2, &zWarn, &e),
          ZE_POST_NOT_MEMBER);
    T_INT(N("5.7 group leader on a branch"),
          post_create(c, b1, m2, "group_leader", 0, &iPost2, &zWarn, &e),
          ZE_POST_ROLE);
    T_INT(N("5.8 secretary on a group"),
          post_create(c, grp, m1, "secretary", 0, &iPost2, &zWarn, &e),
          ZE_POST_ROLE);
    T_INT(N("5.9 unknown role"),
          post_create(c, b1, m2, "chairman", 0, &iPost2, &zWarn, &e),
          ZE_POST_ROLE);
    PostRow *a = 0;
    int n = 0;
    T_INT(N("6.1 list"), post_list(c->pDb, b1, &a, &n), DB_OK);
    T_INT(N("6.2 two posts"), n, 2);
    T_STR(N("6.3 secretary first"), n ? a[0].zRole : "", "secretary");
    T_CHECK(N("6.4 each with its warning"),
            n == 2 && a[0].zWarning && strstr(a[0].zWarning, "宣传委员") &&
                a[1].zWarning && strstr(a[1].zWarning, "书记"));
    post_rows_free(a, n);
    T_INT(N("6.5 end post"), post_end(c, iPost, &e), 0);
    T_INT(N("6.6 end again"), post_end(c, iPost, &e), ZE_NOT_FOUND);

    OrgFindings f;
    int iDay = 0;
    cal_parse("2027-02-01", &iDay);
    T_INT(N("7.1 checks"), org_checks(c->pDb, 1, iDay, &f), DB_OK);
    int nB1 = 0, nB17 = 0;
    for (int i = 0; i < f.n; i++) {
        if (strcmp(f.a[i].zRule, "B1") == 0 && f.a[i].iOrg == b1) nB1++;
        if (strcmp(f.a[i].zRule, "B17") == 0 && f.a[i].iOrg == b1) nB17++;
    }
    T_INT(N("7.2 b1 on the branch (2 full)"), nB1, 1);
    T_INT(N("7.3 b17 on the branch"), nB17, 1);
    org_findings_free(&f);

    T_INT(N("8.1 close root"), org_close(c, 1, &e), ZE_ORG_ROOT);
    T_INT(N("8.2 close with open child"), org_close(c, b1, &e),
          ZE_ORG_NOT_EMPTY);
    T_INT(N("8.3 close with members"), org_close(c, grp, &e), ZE_ORG_NOT_EMPTY);
    db_run(c->pDb, "DELETE FROM member WHERE id IN ($1,$2,$3)", "iii", m1, m2,
           m3);
    T_INT(N("8.4 close group"), org_close(c, grp, &e), 0);
    T_INT(N("8.5 close branch"), org_close(c, b1, &e), 0);
    T_INT(N("8.6 edit closed"), org_update(c, b1, "新名", 0, 0, 0, &e),
          ZE_ORG_CLOSED);
    int64_t x = 0;
    T_INT(N("8.7 create under closed"), mk(c, b1, "group", "小组", &x),
          ZE_ORG_CLOSED);
    T_INT(N("8.8 post on closed"),
          post_create(c, b1, m4, "secretary", 0, &iPost2, &zWarn, &e),
          ZE_ORG_CLOSED);
    int64_t nOpen = -1;
    db_one_int64(c->pDb, &nOpen,
                 "SELECT count(*) FROM post WHERE org_id=$1 AND ended=0", "i",
                 b1);
    T_INT(N("8.9 posts end with the org"), nOpen, 0);
    T_INT(N("9.1 update"),
          org_update(c, b2, "第二支部", "财务处", "2023-05-01", 5, &e), 0);
    int64_t nAudit = 0, iBad = -1;
    db_one_int64(
        c->pDb, &nAudit,
        "SELECT count(*) FROM audit WHERE action IN ('org.create',"
        "'org.move','org.close','org.update','post.create','post.end')",
        "");
    T_INT(N("9.2 audit rows"), nAudit, 14);
    T_INT(N("9.3 audit chain"), audit_verify(c->pDb, c->pKeys, &nAudit, &iBad),
          DB_OK);
    T_INT(N("9.4 chain intact"), iBad, 0);
}

/* Schema, root org, then the cases. */
static void db_cases(Db *pDb, int iGroup)
{
    char zN[128], *zErr = 0;
    int nApplied = 0;
    VaultKeys k;
    int64_t aId[5] = {0};
    memset(&k, 0, sizeof k);
    Ctx c = {pDb, &k, 0, "test"};
    T_INT(N("0.1 migrate"), schema_migrate(pDb, &nApplied, &zErr), DB_OK);
    if (zErr) printf("  %s\n", zErr);
    free(zErr);
    int rc = db_begin(pDb);
    if (!rc) rc = audit_init(pDb);
    if (!rc)
        rc = db_run(pDb,
                    "INSERT INTO org(id,parent_id,kind,name,path,depth,"
                    "created_at) VALUES(1,NULL,'committee','工委','/1/',0,0)",
                    "");
    if (!rc && db_kind(pDb) == DB_KIND_PG)
        rc = db_exec(pDb, "SELECT setval(pg_get_serial_sequence('org','id'),"
                          " (SELECT max(id) FROM org))");
    if (!rc) rc = db_commit(pDb);
    T_INT(N("0.2 root"), rc, DB_OK);
    if (rc) return;
    db_tree(&c, iGroup, aId);
    db_posts(&c, iGroup, aId);
}

static void test_db_sqlite(void)
{
    char zPath[] = "/tmp/zhibu-test-org-XXXXXX";
    char zUrl[64], *zErr = 0;
    Db *pDb = 0;
    int fd = mkstemp(zPath);
    if (fd < 0) return;
    close(fd);
    snprintf(zUrl, sizeof zUrl, "sqlite:%s", zPath);
    T_INT("org-db1.0 open", db_open(zUrl, &pDb, &zErr), DB_OK);
    free(zErr);
    if (pDb) db_cases(pDb, 1);
    db_close(pDb);
    unlink(zPath);
    snprintf(zUrl, sizeof zUrl, "%s-wal", zPath);
    unlink(zUrl);
    snprintf(zUrl, sizeof zUrl, "%s-shm", zPath);
    unlink(zUrl);
}

static void test_db_pg(void)
{
    const char *zUrl = getenv("ZHIBU_TEST_PG");
    char zSql[128], *zErr = 0;
    Db *pDb = 0;
    if (!zUrl || !zUrl[0]) return;
    T_INT("org-db2.0 open", db_open(zUrl, &pDb, &zErr), DB_OK);
    free(zErr);
    if (!pDb) return;
    long lPid = (long)getpid();
    snprintf(zSql, sizeof zSql,
             "CREATE SCHEMA zt_org_%ld; SET search_path TO zt_org_%ld", lPid,
             lPid);
    T_INT("org-db2.0 schema", db_exec(pDb, zSql), DB_OK);
    db_cases(pDb, 2);
    snprintf(zSql, sizeof zSql,
             "SET search_path TO public; DROP SCHEMA zt_org_%ld CASCADE", lPid);
    db_exec(pDb, zSql);
    db_close(pDb);
}

void test_org(void)
{
    test_kinds();
    test_b1_b2();
    test_b13_b14();
    test_b15_b17();
    test_db_sqlite();
    test_db_pg();
}
