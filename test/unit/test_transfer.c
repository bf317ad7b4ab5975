/* test_transfer.c: transfers (T11), mobile members (T14/T21) and changes
** of membership (T10, T13/F18): letter validity at its boundaries, the
** state machine, month arithmetic of dues paid up, the membership rules at
** their boundaries, and one open transfer per member on a real database. */
#include "tester.h"
#include "audit.h"
#include "calendar.h"
#include "membership.h"
#include "schema.h"
#include "transfer.h"
#include <stdlib.h>
#include <unistd.h>

void test_transfer(void);

static int D(const char *z)
{
    int d = 0;
    cal_parse(z, &d);
    return d;
}

static void letter(void)
{
    char z[11];
    /* Default validity: 3 months in the §9 sense. */
    cal_format(transfer_valid_until(D("2026-01-15"), 3), z);
    T_STR("t11-letter-default-3-months", z, "2026-04-15");
    cal_format(transfer_valid_until(D("2025-11-30"), 3), z);
    T_STR("t11-letter-default-month-end", z, "2026-02-28");
    /* Valid through its last day, not the day after. */
    T_CHECK("t11-letter-valid-day-before",
            transfer_letter_valid(D("2026-04-15"), D("2026-04-14")));
    T_CHECK("t11-letter-valid-last-day",
            transfer_letter_valid(D("2026-04-15"), D("2026-04-15")));
    T_CHECK("t11-letter-expired-day-after",
            !transfer_letter_valid(D("2026-04-15"), D("2026-04-16")));
    /* The period: not before issue, not beyond the setting. */
    T_INT("t11-validity-same-day",
          transfer_validity_check(D("2026-01-15"), D("2026-01-15"), 3), ZE_OK);
    T_INT("t11-validity-at-max",
          transfer_validity_check(D("2026-01-15"), D("2026-04-15"), 3), ZE_OK);
    T_INT("t11-validity-max-plus-one",
          transfer_validity_check(D("2026-01-15"), D("2026-04-16"), 3),
          ZE_TRANSFER_VALIDITY);
    T_INT("t11-validity-before-issue",
          transfer_validity_check(D("2026-01-15"), D("2026-01-14"), 3),
          ZE_TRANSFER_VALIDITY);
    T_STR("t11-shown-expired",
          transfer_status_shown("pending", D("2026-04-15"), D("2026-04-16")),
          "expired");
    T_STR("t11-shown-pending-last-day",
          transfer_status_shown("pending", D("2026-04-15"), D("2026-04-15")),
          "pending");
    T_STR("t11-shown-accepted-stays",
          transfer_status_shown("accepted", D("2026-04-15"), D("2027-01-01")),
          "accepted");
}

static void states(void)
{
    const char *z = 0;
    T_INT("t11-step-approve",
          transfer_step("submitted", TRANSFER_APPROVE, 0, &z), ZE_OK);
    T_STR("t11-step-approve-to-pending", z, "pending");
    T_INT("t11-step-accept", transfer_step("pending", TRANSFER_ACCEPT, 0, &z),
          ZE_OK);
    T_STR("t11-step-accept-to-accepted", z, "accepted");
    T_INT("t11-step-accept-before-approval",
          transfer_step("submitted", TRANSFER_ACCEPT, 0, &z),
          ZE_TRANSFER_STATE);
    T_INT("t11-step-accept-expired",
          transfer_step("pending", TRANSFER_ACCEPT, 1, &z),
          ZE_TRANSFER_EXPIRED);
    T_INT("t11-step-approve-expired",
          transfer_step("submitted", TRANSFER_APPROVE, 1, &z),
          ZE_TRANSFER_EXPIRED);
    T_INT("t11-step-refuse-expired-allowed",
          transfer_step("pending", TRANSFER_REFUSE, 1, &z), ZE_OK);
    T_INT("t11-step-cancel-expired-allowed",
          transfer_step("submitted", TRANSFER_CANCEL, 1, &z), ZE_OK);
    static const char *const azFinal[] = {"accepted", "refused", "cancelled",
                                          "expired"};
    for (int i = 0; i < 4; i++)
        for (int a = TRANSFER_APPROVE; a <= TRANSFER_CANCEL; a++) {
            char zName[64];
            snprintf(zName, sizeof zName, "t11-step-none-after-%s-%d",
                     azFinal[i], a);
            T_INT(zName, transfer_step(azFinal[i], a, 0, &z),
                  ZE_TRANSFER_STATE);
        }
}

static void dues(void)
{
    int m = 0;
    T_INT("f13-month-parse-ok", transfer_month_parse("2026-03", &m), 0);
    T_INT("f13-month-parse-value", m, 2026 * 12 + 2);
    T_CHECK("f13-month-parse-13", transfer_month_parse("2026-13", &m) != 0);
    T_CHECK("f13-month-parse-00", transfer_month_parse("2026-00", &m) != 0);
    T_CHECK("f13-month-parse-day", transfer_month_parse("2026-03-01", &m) != 0);
    T_CHECK("f13-month-parse-null", transfer_month_parse(0, &m) != 0);
    transfer_month_parse("2026-03", &m);
    /* Paid to March: in April nothing is owed yet, in May one month. */
    T_INT("f13-gap-next-month", transfer_dues_gap(m, D("2026-04-30")), 0);
    T_INT("f13-gap-one", transfer_dues_gap(m, D("2026-05-01")), 1);
    T_INT("f13-gap-paid-ahead", transfer_dues_gap(m, D("2026-02-10")), 0);
    transfer_month_parse("2025-11", &m);
    T_INT("f13-gap-across-year", transfer_dues_gap(m, D("2026-02-15")), 2);
    /* Mobile reports: overdue only after the months have passed. */
    T_CHECK("t21-mobile-on-due-day",
            !transfer_mobile_overdue(D("2026-01-31"), 6, D("2026-07-31")));
    T_CHECK("t21-mobile-day-after",
            transfer_mobile_overdue(D("2026-01-31"), 6, D("2026-08-01")));
}

/* One membership_rule() case. */
static void rule(const char *zName, const char *zKind, const char *zGround,
                 const char *zOn, const char *zBasis, const char *zState,
                 const char *zSuspended, int iWant)
{
    MembershipChange p = {zKind,  zGround,        zOn, zBasis, "原因",
                          "张三", "中共某某工委", 0,   0};
    MembershipFacts f = {zState, zSuspended ? D(zSuspended) : 0,
                         D("2035-12-31")};
    const char *zNew = 0;
    Err e = {0};
    T_INT(zName, membership_rule(&p, &f, &zNew, &e), iWant);
}

static void ship(void)
{
    /* T10: lost contact six months or more (the day itself counts). */
    rule("t10-lost-contact-day-before", "suspend", "lost_contact", "2026-07-14",
         "2026-01-15", "active", 0, ZE_MEMBERSHIP_RULE);
    rule("t10-lost-contact-six-months", "suspend", "lost_contact", "2026-07-15",
         "2026-01-15", "active", 0, ZE_OK);
    /* T10: abroad for study more than five years. */
    rule("t10-abroad-study-five-years", "suspend", "abroad_study", "2031-03-01",
         "2026-03-01", "active", 0, ZE_MEMBERSHIP_RULE);
    rule("t10-abroad-study-day-after", "suspend", "abroad_study", "2030-03-02",
         "2025-03-01", "active", 0, ZE_OK);
    rule("t10-settled-abroad", "suspend", "settled_abroad", "2026-05-01", 0,
         "active", 0, ZE_OK);
    rule("t10-suspend-needs-ground", "suspend", 0, "2026-05-01", 0, "active", 0,
         ZE_FIELD_REQUIRED);
    rule("t10-suspend-twice", "suspend", "settled_abroad", "2026-05-01", 0,
         "suspended", 0, ZE_MEMBERSHIP_STATE);
    /* T10: removal two years after the suspension. */
    rule("t10-remove-suspended-day-before", "remove", "suspension_lapsed",
         "2028-05-31", 0, "suspended", "2026-06-01", ZE_MEMBERSHIP_RULE);
    rule("t10-remove-suspended-two-years", "remove", "suspension_lapsed",
         "2028-06-01", 0, "suspended", "2026-06-01", ZE_OK);
    rule("t10-remove-lapsed-not-suspended", "remove", "suspension_lapsed",
         "2028-06-01", 0, "active", 0, ZE_MEMBERSHIP_STATE);
    /* F18/T13: six consecutive months → 自行脱党, removal. */
    rule("f18-self-lapse-day-before", "remove", "self_lapse", "2026-06-30",
         "2026-01-01", "active", 0, ZE_MEMBERSHIP_RULE);
    rule("f18-self-lapse-six-months", "remove", "self_lapse", "2026-07-01",
         "2026-01-01", "active", 0, ZE_OK);
    /* Death and restoration. */
    rule("ship-death-active", "death", 0, "2026-05-01", 0, "active", 0, ZE_OK);
    rule("ship-death-removed", "death", 0, "2026-05-01", 0, "removed", 0,
         ZE_MEMBERSHIP_STATE);
    rule("ship-restore-suspended", "restore", 0, "2026-05-01", 0, "suspended",
         0, ZE_OK);
    rule("ship-restore-active", "restore", 0, "2026-05-01", 0, "active", 0,
         ZE_MEMBERSHIP_STATE);
    rule("ship-restore-deceased", "restore", 0, "2026-05-01", 0, "deceased", 0,
         ZE_MEMBERSHIP_STATE);
    rule("ship-kind-unknown", "expel", 0, "2026-05-01", 0, "active", 0,
         ZE_MEMBERSHIP_KIND);
    rule("ship-future-date", "death", 0, "2036-01-01", 0, "active", 0,
         ZE_DATE_FUTURE);
    /* Approval is required for suspension. */
    MembershipChange p = {
        "suspend", "settled_abroad", "2026-05-01", 0, "原因", 0, 0, 0, 0};
    MembershipFacts f = {"active", 0, D("2026-12-31")};
    const char *zNew = 0;
    Err e = {0};
    T_INT("t10-suspend-needs-approval", membership_rule(&p, &f, &zNew, &e),
          ZE_FIELD_REQUIRED);
    T_STR("t10-suspend-needs-approval-field", e.zField, "approved_by");
}

/* One open transfer per member, on SQLite: the second start is refused
** with ZE_TRANSFER_OPEN and leaves no row. */
static void one_open(void)
{
    char zPath[] = "/tmp/zhibu-test-transfer-XXXXXX";
    char zUrl[64], *zErr = 0;
    Db *pDb = 0;
    VaultKeys k;
    int nApplied = 0, fd = mkstemp(zPath);
    if (fd < 0) return;
    close(fd);
    memset(&k, 7, sizeof k);
    snprintf(zUrl, sizeof zUrl, "sqlite:%s", zPath);
    T_INT("t11-db-open", db_open(zUrl, &pDb, &zErr), DB_OK);
    free(zErr);
    zErr = 0;
    if (!pDb) return;
    Ctx c = {pDb, &k, 0, "test"};
    int rc = schema_migrate(pDb, &nApplied, &zErr);
    free(zErr);
    if (!rc) rc = db_begin(pDb);
    if (!rc) rc = audit_init(pDb);
    if (!rc)
        rc = db_exec(pDb,
                     "INSERT INTO org(id,parent_id,kind,name,path,depth,"
                     "created_at) VALUES"
                     "(1,NULL,'committee','工委','/1/',0,0),"
                     "(2,1,'branch','甲支部','/1/2/',1,0),"
                     "(3,1,'branch','乙支部','/1/3/',1,0);"
                     "INSERT INTO person(id,name,gender,birth_date,"
                     "id_number_enc,id_number_idx,id_number_mask,created_at,"
                     "updated_at) VALUES(1,'张三','male','1980-01-01',x'00',"
                     "x'01','110105********0010',0,0);"
                     "INSERT INTO member(id,person_id,org_id,status,joined_on,"
                     "full_on,created_at,updated_at) VALUES(1,1,2,'full',"
                     "'2000-01-01','2001-01-01',0,0)");
    if (!rc) rc = db_commit(pDb);
    T_INT("t11-db-setup", rc, DB_OK);
    TransferNew t = {1, 3, "JX-001", "2026-05-01", 0, "2026-04", "工作调动"};
    int64_t iId = 0, iId2 = 0, n = 0;
    Err e = {0};
    T_INT("t11-one-open-first",
          transfer_create(&c, &t, D("2026-05-02"), &iId, &e), ZE_OK);
    Err e2 = {0};
    t.zLetterNo = "JX-002";
    T_INT("t11-one-open-second-refused",
          transfer_create(&c, &t, D("2026-05-02"), &iId2, &e2),
          ZE_TRANSFER_OPEN);
    db_one_int64(pDb, &n, "SELECT count(*) FROM transfer", "");
    T_INT("t11-one-open-one-row", n, 1);
    /* The index itself refuses a second open row. */
    T_INT("t11-one-open-index",
          db_run(pDb,
                 "INSERT INTO transfer(member_id,from_org_id,to_org_id,"
                 "letter_no,issued_on,valid_until,dues_paid_to,reason,status,"
                 "created_at,updated_at) VALUES(1,2,3,'x','2026-05-01',"
                 "'2026-06-01','2026-04','r','pending',0,0)",
                 ""),
          DB_CONSTRAINT);
    /* After the letter expired, a new transfer closes the old as expired. */
    Err e3 = {0};
    t.zIssuedOn = "2026-09-01";
    T_INT("t11-one-open-after-expiry",
          transfer_create(&c, &t, D("2026-09-01"), &iId2, &e3), ZE_OK);
    db_one_int64(pDb, &n,
                 "SELECT count(*) FROM transfer WHERE status='expired'", "");
    T_INT("t11-one-open-old-expired", n, 1);
    db_close(pDb);
    unlink(zPath);
    snprintf(zUrl, sizeof zUrl, "%s-wal", zPath);
    unlink(zUrl);
    snprintf(zUrl, sizeof zUrl, "%s-shm", zPath);
    unlink(zUrl);
}

void test_transfer(void)
{
    letter();
    states();
    dues();
    ship();
    one_open();
}
