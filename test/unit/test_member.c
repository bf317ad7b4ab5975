/* test_member.c: the roster (A2).  member_validate() rules (GB 11643 check
** character, birth date and gender against the ID number, mobile numbers,
** date order, status, full_on for full members), the date formats of the
** import, and a database-backed run on a temporary SQLite file: add, read
** masked and unmasked, edit, list, and the all-or-nothing import (a bad
** row imports nothing, duplicates in the file and against the database,
** GB18030 CSV, unknown and missing columns, the 所在党组织 column). */
#include "tester.h"
#include "../../src/audit.h"
#include "../../src/buf.h"
#include "../../src/member.h"
#include "../../src/schema.h"
#include "../../src/sheet.h"
#include "../../src/util.h"
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void test_member(void); /* called from main.c */

#define TODAY "2026-05-20"

/* A valid full member: 11010519491231002X is female, born 1949-12-31. */
static MemberRec base(void)
{
    MemberRec m;
    memset(&m, 0, sizeof m);
    m.iOrg = 2;
    m.zName = "张三";
    m.zIdNumber = "11010519491231002X";
    m.zStatus = "full";
    m.zJoinedOn = "1975-07-01";
    m.zFullOn = "1976-07-01";
    return m;
}

/* Validate m; check the code and (when zField) the field. */
static void expect(const char *zName, const MemberRec *m, int iCode,
                   const char *zField)
{
    Err e = {0};
    char zBuf[128];
    int rc = member_validate(m, TODAY, 0, &e);
    T_INT(zName, rc, iCode);
    snprintf(zBuf, sizeof zBuf, "%s (field)", zName);
    if (zField) T_STR(zBuf, e.zField ? e.zField : "", zField);
}

static void test_validate(void)
{
    MemberRec m = base();
    MemberNorm n;
    Err e = {0};
    T_INT("a2-member-1.1 valid", member_validate(&m, TODAY, &n, &e), ZE_OK);
    T_STR("a2-member-1.2 birth derived", n.zBirth, "1949-12-31");
    T_STR("a2-member-1.3 gender derived", n.zGender, "female");
    T_STR("a2-member-1.4 phone empty", n.zPhone, "");
    m.zIdNumber = "11010519491231002x";
    m.zGender = "female";
    m.zBirth = "1949/12/31";
    member_validate(&m, TODAY, &n, &e);
    T_STR("a2-member-1.5 lowercase x normalised", n.zIdNumber,
          "11010519491231002X");

    m = base();
    m.zIdNumber = "110105194912310021";
    expect("a2-member-check-1 wrong check character", &m, ZE_ID_CHECK,
           "id_number");
    m.zIdNumber = "11010519491231002";
    expect("a2-member-check-2 17 characters", &m, ZE_ID_LENGTH, "id_number");
    m.zIdNumber = "990101199001010019";
    expect("a2-member-check-3 province", &m, ZE_ID_PROVINCE, "id_number");
    m.zIdNumber = "110105194913310029";
    expect("a2-member-check-4 month 13", &m, ZE_ID_DATE, "id_number");
    m.zIdNumber = "";
    expect("a2-member-check-5 missing", &m, ZE_FIELD_REQUIRED, "id_number");

    m = base();
    m.zBirth = "1949-12-30";
    expect("a2-member-birth-1 birth date mismatch", &m, ZE_ID_BIRTH_MISMATCH,
           "birth_date");
    m.zBirth = "19491231";
    expect("a2-member-birth-2 same date as YYYYMMDD", &m, ZE_OK, 0);
    m.zBirth = "1949-02-30";
    expect("a2-member-birth-3 not a date", &m, ZE_DATE_INVALID, "birth_date");
    m = base();
    m.zGender = "male";
    expect("a2-member-gender-1 gender mismatch", &m, ZE_ID_GENDER_MISMATCH,
           "gender");
    m.zGender = "x";
    expect("a2-member-gender-2 invalid", &m, ZE_GENDER_INVALID, "gender");

    m = base();
    m.zPhone = "12345678901";
    expect("a2-member-phone-1 bad prefix", &m, ZE_PHONE_INVALID, "phone");
    m.zPhone = "1381234567";
    expect("a2-member-phone-2 ten digits", &m, ZE_PHONE_INVALID, "phone");
    m.zPhone = "+86 138-0013-8000";
    T_INT("a2-member-phone-3 +86 and hyphens",
          member_validate(&m, TODAY, &n, &e), ZE_OK);
    T_STR("a2-member-phone-4 normalised", n.zPhone, "13800138000");

    m = base();
    m.zFullOn = "1975-06-30";
    expect("a2-member-order-1 full_on before joined_on", &m, ZE_DATE_ORDER,
           "full_on");
    m.zFullOn = "1975-07-01";
    expect("a2-member-order-2 same day allowed", &m, ZE_OK, 0);
    m.zJoinedOn = "1940-01-01";
    expect("a2-member-order-3 joined before birth", &m, ZE_DATE_ORDER,
           "joined_on");
    m = base();
    m.zJoinedOn = "2026-05-21";
    m.zFullOn = 0;
    m.zStatus = "probationary";
    expect("a2-member-order-4 joined in the future", &m, ZE_DATE_FUTURE,
           "joined_on");
    m.zJoinedOn = "";
    expect("a2-member-order-5 joined_on required", &m, ZE_FIELD_REQUIRED,
           "joined_on");
    m.zJoinedOn = "2025-13-01";
    expect("a2-member-order-6 joined_on not a date", &m, ZE_DATE_INVALID,
           "joined_on");

    m = base();
    m.zStatus = "member";
    expect("a2-member-status-1 invalid", &m, ZE_STATUS_INVALID, "status");
    m.zStatus = 0;
    expect("a2-member-status-2 missing", &m, ZE_FIELD_REQUIRED, "status");
    m.zStatus = "probationary";
    expect("a2-member-status-3 probationary with full_on", &m, ZE_FIELD_INVALID,
           "full_on");
    m.zFullOn = "";
    expect("a2-member-status-4 probationary", &m, ZE_OK, 0);

    m = base();
    m.zFullOn = 0;
    expect("a2-member-full-on-1 required for full members", &m,
           ZE_FULL_ON_REQUIRED, "full_on");
    m.zFullOn = "2099-01-01";
    expect("a2-member-full-on-2 future", &m, ZE_DATE_FUTURE, "full_on");

    m = base();
    m.zName = "  ";
    expect("a2-member-name-1 blank", &m, ZE_FIELD_REQUIRED, "name");
    m.zName = "a\nb";
    expect("a2-member-name-2 control character", &m, ZE_FIELD_INVALID, "name");
}

static void test_dates(void)
{
    static const struct {
        const char *zIn;   /* input */
        const char *zWant; /* expected, NULL = invalid */
    } a[] = {
        {"2020-07-01", "2020-07-01"},
        {"2020/7/1", "2020-07-01"},
        {"2020.7.1", "2020-07-01"},
        {"20200701", "2020-07-01"},
        {" 2020-7-01 ", "2020-07-01"},
        {"2020年7月1日", "2020-07-01"},
        {"2000/2/29", "2000-02-29"},
        {"1900/2/29", 0},
        {"2020-07/01", 0},
        {"2020-7", 0},
        {"20201301", 0},
        {"202007011", 0},
        {"", 0},
        {"七月", 0},
    };
    for (int i = 0; i < (int)(sizeof a / sizeof a[0]); i++) {
        char zName[64], zOut[11] = "";
        snprintf(zName, sizeof zName, "a2-member-date-%d %s", i + 1, a[i].zIn);
        int rc = member_date_parse(a[i].zIn, zOut);
        if (a[i].zWant)
            T_STR(zName, rc ? "(invalid)" : zOut, a[i].zWant);
        else
            T_CHECK(zName, rc != 0);
    }
}

/* ---- database ---- */

/* " (pg)" while the database cases run on PostgreSQL, so that case names
** stay unique. */
static const char *zEngine = "";
static char zCaseName[160];
#define NM(z)                                                                  \
    (snprintf(zCaseName, sizeof zCaseName, "%s%s", (z), zEngine), zCaseName)

/* The number of rows of zSql (a count). */
static int64_t count(Db *pDb, const char *zSql)
{
    int64_t n = -1;
    db_one_int64(pDb, &n, zSql, "");
    return n;
}

/* Parse CSV text z and import it into iOrg.  Returns the result code. */
static int import_csv(Ctx *c, int64_t iOrg, const char *z, size_t n, int bDry,
                      MemberImport *pRes)
{
    Sheet *s = 0;
    const char *zCode = 0;
    char *zMsg = 0;
    memset(pRes, 0, sizeof *pRes);
    if (sheet_read("t.csv", z, n, 1000, &s, &zCode, &zMsg)) {
        printf("  sheet_read: %s\n", zMsg ? zMsg : "?");
        free(zMsg);
        return -1;
    }
    int rc = member_import(c, iOrg, s, bDry, 0, 0, pRes);
    sheet_free(s);
    return rc;
}

/* Convert UTF-8 text to GB18030.  Caller frees. */
static char *to_gb18030(const char *z, size_t *pn)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    size_t nIn = strlen(z), nOut = nIn * 2 + 8;
    char *zOut = xmalloc(nOut), *pIn = (char *)z, *pOut = zOut;
    *pn = 0;
    if (cd == (iconv_t)-1) return zOut;
    iconv(cd, &pIn, &nIn, &pOut, &nOut);
    iconv_close(cd);
    *pn = (size_t)(pOut - zOut);
    return zOut;
}

#define HEAD                                                                   \
    "姓名,公民身份号码,性别,出生日期,手机号码,人员类别,入党日期,转正日期\n"

static void db_import(Ctx *c)
{
    MemberImport r;
    static const char zBad[] =
        HEAD "李四,440524188001010014,男,1880-01-01,13800138001,正式党员,"
             "1901-01-01,1902-01-01\n"
             "王五,110101200001010011,,,,预备党员,2024-06-01,\n"
             "赵六,370101190102039973,,,,正式党员,1925/3/1,1926.3.1\n";
    static const char zGood[] =
        HEAD "李四,440524188001010014,男,1880-01-01,13800138001,正式党员,"
             "1901-01-01,1902-01-01\n"
             "王五,110101200001010010,,,,预备党员,2024-06-01,\n"
             ",,,,,,,\n"
             "赵六,370101190102039973,,,,正式党员,1925/3/1,1926.3.1\n";
    int rc = import_csv(c, 2, zBad, strlen(zBad), 0, &r);
    T_INT(NM("a2-import-1.1 a bad row: rows invalid"), rc, ZE_IMPORT_ROWS);
    T_INT(NM("a2-import-1.2 one error"), r.nErr, 1);
    T_INT(NM("a2-import-1.3 error row (header = 1)"),
          r.nErr ? r.aErr[0].iRow : 0, 3);
    T_STR(NM("a2-import-1.4 error column"), r.nErr ? r.aErr[0].zColumn : "",
          "公民身份号码");
    T_STR(NM("a2-import-1.5 error field"), r.nErr ? r.aErr[0].zField : "",
          "id_number");
    T_INT(NM("a2-import-1.6 counts"), r.nRows * 10 + r.nValid, 32);
    T_INT(NM("a2-import-1.7 nothing imported"),
          count(c->pDb, "SELECT count(*) FROM member"), 0);
    member_import_free(&r);

    rc = import_csv(c, 2, zGood, strlen(zGood), 1, &r);
    T_INT(NM("a2-import-2.1 dry run of the fixed file"), rc, ZE_OK);
    T_INT(NM("a2-import-2.2 blank row skipped"), r.nRows, 3);
    T_INT(NM("a2-import-2.3 dry run writes nothing"),
          count(c->pDb, "SELECT count(*) FROM member"), 0);
    member_import_free(&r);
    rc = import_csv(c, 2, zGood, strlen(zGood), 0, &r);
    T_INT(NM("a2-import-2.4 fixed file imports"), rc, ZE_OK);
    T_INT(NM("a2-import-2.5 imported"), r.nImported, 3);
    T_INT(NM("a2-import-2.6 members"),
          count(c->pDb, "SELECT count(*) FROM member WHERE org_id=2"), 3);
    T_INT(NM("a2-import-2.7 derived gender and birth"),
          count(c->pDb, "SELECT count(*) FROM person WHERE name='赵六' AND "
                        "gender='male' AND birth_date='1901-02-03'"),
          1);
    T_INT(NM("a2-import-2.8 dates normalised"),
          count(c->pDb, "SELECT count(*) FROM member WHERE "
                        "joined_on='1925-03-01' AND full_on='1926-03-01'"),
          1);
    T_INT(NM("a2-import-2.9 one audit row"),
          count(c->pDb, "SELECT count(*) FROM audit WHERE "
                        "action='member.import' AND detail='rows=3'"),
          1);
    member_import_free(&r);

    rc = import_csv(c, 2, zGood, strlen(zGood), 0, &r);
    T_INT(NM("a2-import-3.1 again: every ID exists"), rc, ZE_IMPORT_ROWS);
    T_INT(NM("a2-import-3.2 three errors"), r.nErr, 3);
    T_STR(NM("a2-import-3.3 code"),
          r.nErr ? errcode_get(r.aErr[0].iCode)->zCode : "",
          "member.id_number_exists");
    member_import_free(&r);

    static const char zDup[] =
        HEAD "甲,34052419800101001X,,,,正式党员,2000-01-01,2001-01-01\n"
             "乙,810000199001010019,,,,正式党员,2010-01-01,2011-01-01\n"
             "丙,34052419800101001x,,,,正式党员,2000-01-01,2001-01-01\n";
    rc = import_csv(c, 2, zDup, strlen(zDup), 1, &r);
    T_INT(NM("a2-import-4.1 duplicate in the file"), rc, ZE_IMPORT_ROWS);
    T_INT(NM("a2-import-4.2 reported once, on the later row"),
          r.nErr == 1 ? r.aErr[0].iRow : -1, 4);
    T_CHECK(NM("a2-import-4.3 names the first row"),
            r.nErr && strstr(r.aErr[0].zMsg, "第2行") != 0);
    member_import_free(&r);

    static const char zGb[] =
        "姓名,公民身份号码,人员类别,入党日期,转正日期,备注\n"
        "欧阳娜娜,830000198503150029,正式党员,2008-01-01,2009-01-01,测试\n";
    size_t nGb = 0;
    char *zGbText = to_gb18030(zGb, &nGb);
    rc = import_csv(c, 2, zGbText, nGb, 0, &r);
    free(zGbText);
    T_INT(NM("a2-import-5.1 GB18030 CSV"), rc, ZE_OK);
    T_INT(NM("a2-import-5.2 name decoded"),
          count(c->pDb, "SELECT count(*) FROM person WHERE name='欧阳娜娜'"),
          1);
    T_INT(NM("a2-import-5.3 unknown column reported"), r.nUnknown, 1);
    T_STR(NM("a2-import-5.4 its header"), r.nUnknown ? r.azUnknown[0] : "",
          "备注");
    member_import_free(&r);

    static const char zNoStatus[] = "姓名,公民身份号码,入党日期\n"
                                    "丁,110105200002290013,2020-01-01\n";
    rc = import_csv(c, 2, zNoStatus, strlen(zNoStatus), 1, &r);
    T_INT(NM("a2-import-6.1 missing required column"), rc, ZE_IMPORT_HEADER);
    T_CHECK(NM("a2-import-6.2 message names it"),
            r.zMsg && strstr(r.zMsg, "人员类别") != 0);
    member_import_free(&r);
    rc = import_csv(c, 1, zDup, strlen(zDup), 1, &r);
    T_INT(NM("a2-import-6.3 committee target needs 所在党组织"), rc,
          ZE_IMPORT_HEADER);
    member_import_free(&r);

    static const char zOrg[] =
        "姓名,公民身份号码,人员类别,入党日期,转正日期,所在党组织\n"
        "戊,110105200002290013,预备党员,2024-01-01,,第二党支部\n"
        "己,110105200002290021,预备党员,2024-01-01,,机关党总支\n"
        "庚,11010520000229003X,预备党员,2024-01-01,,5\n"
        "辛,110105200002290056,预备党员,2024-01-01,,\n"
        "壬,110105200002290072,预备党员,2024-01-01,,别处\n";
    rc = import_csv(c, 1, zOrg, strlen(zOrg), 1, &r);
    T_INT(NM("a2-import-7.1 org column errors"), rc, ZE_IMPORT_ROWS);
    T_INT(NM("a2-import-7.2 errors"), r.nErr, 3);
    T_INT(NM("a2-import-7.3 general branch refused"),
          r.nErr > 0 ? r.aErr[0].iCode : 0, ZE_MEMBER_ORG_KIND);
    T_STR(NM("a2-import-7.4 column"), r.nErr > 0 ? r.aErr[0].zColumn : "",
          "所在党组织");
    T_INT(NM("a2-import-7.5 blank org under a committee"),
          r.nErr > 1 ? r.aErr[1].iRow : 0, 5);
    T_INT(NM("a2-import-7.6 unknown org"), r.nErr > 2 ? r.aErr[2].iRow : 0, 6);
    member_import_free(&r);
}

/* A MemberRowFn collecting names into a Buf. */
static int collect(void *pArg, const Member *m)
{
    buf_appendf((Buf *)pArg, "%s;", m->zName);
    return 0;
}

static void db_member(Ctx *c)
{
    MemberRec m = base();
    Err e = {0};
    Member g;
    int64_t iMember = 0, n = 0;
    m.zPhone = "138 0013 8000";
    T_INT(NM("a2-member-db-1.1 create"), member_create(c, &m, &iMember, &e),
          ZE_OK);
    T_INT(NM("a2-member-db-1.2 duplicate ID"), member_create(c, &m, 0, &e),
          ZE_ID_EXISTS);
    m.iOrg = 3;
    m.zIdNumber = "110105200002290013";
    m.zJoinedOn = "2020-01-01";
    m.zFullOn = "2021-01-01";
    T_INT(NM("a2-member-db-1.3 general branch refused"),
          member_create(c, &m, 0, &e), ZE_MEMBER_ORG_KIND);
    T_STR(NM("a2-member-db-1.4 field"), e.zField ? e.zField : "", "org_id");
    T_INT(NM("a2-member-db-2.1 get masked"), member_get(c, iMember, 0, &g),
          DB_OK);
    T_STR(NM("a2-member-db-2.2 masked ID"), g.zIdNumber, "110105********002X");
    T_STR(NM("a2-member-db-2.3 masked phone"), g.zPhone, "138****8000");
    T_INT(NM("a2-member-db-2.4 voting right"), g.bVotingRight, 1);
    member_clear(&g);
    member_get(c, iMember, 1, &g);
    T_STR(NM("a2-member-db-2.5 unmasked ID"), g.zIdNumber,
          "11010519491231002X");
    member_clear(&g);

    MemberRec p;
    memset(&p, 0, sizeof p);
    p.zStatus = "probationary";
    p.zPhone = "138****8000"; /* the mask echoed back: unchanged */
    T_INT(NM("a2-member-db-3.1 to probationary"),
          member_update(c, iMember, &p, &e), ZE_OK);
    member_get(c, iMember, 1, &g);
    T_CHECK(NM("a2-member-db-3.2 full_on cleared"), g.zFullOn == 0);
    T_INT(NM("a2-member-db-3.3 no voting right"), g.bVotingRight, 0);
    T_STR(NM("a2-member-db-3.4 phone kept"), g.zPhone, "13800138000");
    member_clear(&g);
    memset(&p, 0, sizeof p);
    p.zIdNumber = "440524188001010014"; /* imported above */
    T_INT(NM("a2-member-db-3.5 ID taken"), member_update(c, iMember, &p, &e),
          ZE_ID_EXISTS);
    p.zIdNumber = "110105200002290013";
    p.zJoinedOn = "2020-01-01";
    T_INT(NM("a2-member-db-3.6 new ID re-derives birth and gender"),
          member_update(c, iMember, &p, &e), ZE_OK);
    member_get(c, iMember, 0, &g);
    T_STR(NM("a2-member-db-3.7 birth"), g.zBirth, "2000-02-29");
    T_STR(NM("a2-member-db-3.8 gender"), g.zGender, "male");
    member_clear(&g);
    memset(&p, 0, sizeof p);
    p.zGender = "female";
    T_INT(NM("a2-member-db-3.9 gender against the ID"),
          member_update(c, iMember, &p, &e), ZE_ID_GENDER_MISMATCH);
    T_INT(NM("a2-member-db-3.10 missing member"), member_update(c, 999, &p, &e),
          ZE_NOT_FOUND);

    MemberFilter f;
    Buf b = BUF_INIT;
    memset(&f, 0, sizeof f);
    f.nAgeMin = f.nAgeMax = -1;
    f.zSort = "-birth_date";
    member_list(c, 1, &f, 0, 1, collect, &b);
    T_STR(NM("a2-member-db-4.1 list sorted by birth date, newest first"),
          buf_str(&b), "张三;王五;欧阳娜娜;赵六;李四;");
    buf_reset(&b);
    f.zStatus = "full";
    f.nAgeMin = 100;
    f.zSort = 0;
    member_list(c, 1, &f, 0, 0, collect, &b);
    T_STR(NM("a2-member-db-4.2 full and at least 100"), buf_str(&b),
          "李四;赵六;");
    member_count(c->pDb, 1, &f, &n);
    T_INT(NM("a2-member-db-4.3 count"), n, 2);
    buf_free(&b);

    int64_t nRows = 0, iBad = 0;
    T_INT(NM("a2-member-db-5.1 audit chain"),
          audit_verify(c->pDb, c->pKeys, &nRows, &iBad), DB_OK);
    T_INT(NM("a2-member-db-5.2 intact"), iBad, 0);
}

/* Schema, the org tree 1 committee > 2 branch, 3 general branch > 4 branch
** > 5 group. */
static int db_setup(Db *pDb)
{
    char *zErr = 0;
    int nApplied = 0;
    int rc = schema_migrate(pDb, &nApplied, &zErr);
    free(zErr);
    if (!rc) rc = db_begin(pDb);
    if (!rc) rc = audit_init(pDb);
    if (!rc)
        rc = db_exec(pDb, "INSERT INTO org(id,parent_id,kind,name,path,depth,"
                          "created_at) VALUES"
                          "(1,NULL,'committee','工委','/1/',0,0),"
                          "(2,1,'branch','第一党支部','/1/2/',1,0),"
                          "(3,1,'general_branch','机关党总支','/1/3/',1,0),"
                          "(4,3,'branch','第二党支部','/1/3/4/',2,0),"
                          "(5,4,'group','第一党小组','/1/3/4/5/',3,0)");
    if (!rc) rc = db_commit(pDb);
    return rc;
}

static void test_db(void)
{
    char zPath[] = "/tmp/zhibu-test-member-XXXXXX";
    char zUrl[64], *zErr = 0;
    Db *pDb = 0;
    VaultKeys k;
    int fd = mkstemp(zPath);
    if (fd < 0) return;
    close(fd);
    memset(&k, 7, sizeof k);
    snprintf(zUrl, sizeof zUrl, "sqlite:%s", zPath);
    T_INT(NM("a2-member-db-0.1 open"), db_open(zUrl, &pDb, &zErr), DB_OK);
    free(zErr);
    if (pDb) {
        Ctx c = {pDb, &k, 0, "test"};
        T_INT(NM("a2-member-db-0.2 setup"), db_setup(pDb), DB_OK);
        db_import(&c);
        db_member(&c);
    }
    db_close(pDb);
    unlink(zPath);
    snprintf(zUrl, sizeof zUrl, "%s-wal", zPath);
    unlink(zUrl);
    snprintf(zUrl, sizeof zUrl, "%s-shm", zPath);
    unlink(zUrl);
}

/* The same cases on PostgreSQL when ZHIBU_TEST_PG holds a URL (see
** test/pg.sh), in a schema of their own. */
static void test_db_pg(void)
{
    const char *zUrl = getenv("ZHIBU_TEST_PG");
    char zSql[128], *zErr = 0;
    Db *pDb = 0;
    VaultKeys k;
    if (!zUrl || !zUrl[0]) return;
    zEngine = " (pg)";
    memset(&k, 7, sizeof k);
    T_INT(NM("a2-member-db-0.1 open"), db_open(zUrl, &pDb, &zErr), DB_OK);
    free(zErr);
    if (!pDb) return;
    long lPid = (long)getpid();
    snprintf(zSql, sizeof zSql,
             "CREATE SCHEMA zt_member_%ld; SET search_path TO zt_member_%ld",
             lPid, lPid);
    T_INT(NM("a2-member-db-0.2 schema"), db_exec(pDb, zSql), DB_OK);
    Ctx c = {pDb, &k, 0, "test"};
    T_INT(NM("a2-member-db-0.3 setup"), db_setup(pDb), DB_OK);
    db_import(&c);
    db_member(&c);
    snprintf(zSql, sizeof zSql,
             "SET search_path TO public; DROP SCHEMA zt_member_%ld CASCADE",
             lPid);
    db_exec(pDb, zSql);
    db_close(pDb);
    zEngine = "";
}

void test_member(void)
{
    test_validate();
    test_dates();
    test_db();
    test_db_pg();
}
