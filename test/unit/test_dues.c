/* test_dues.c: unit tests for dues.c, named by rule id: the bands of
** 党费规定 at every edge (F3, F6), the whole-base rule, half-up rounding to
** the fen (F20, §9), the categories (F4, F5, F7), the local settings (F7
** farmer amount, F19 cap), and exact parsing of amounts in 元. */
#include "dues.h"
#include "tester.h"

void test_dues(void);

/* One calculation case: category, base in fen, expected amount and rate. */
typedef struct DuesCase {
    const char *zName; /* rule-id case name */
    DuesKind eKind;    /* category */
    int64_t nBase;     /* base, fen */
    int64_t nWant;     /* expected monthly dues, fen */
    int iRateBp;       /* expected rate, basis points (0 = fixed) */
} DuesCase;

/* clang-format off */
static const DuesCase aCase[] = {
  /* F3: salaried bands, edges inclusive at the top of each band. */
  { "f3-band-0.00",              DUES_SALARIED, 0,        0,     50 },
  { "f3-band-0.01",              DUES_SALARIED, 1,        0,     50 },
  { "f3-band-2999.99",           DUES_SALARIED, 299999,   1500,  50 },
  { "f3-band-3000.00",           DUES_SALARIED, 300000,   1500,  50 },
  { "f3-band-3000.01",           DUES_SALARIED, 300001,   3000,  100 },
  { "f3-band-4999.99",           DUES_SALARIED, 499999,   5000,  100 },
  { "f3-band-5000.00",           DUES_SALARIED, 500000,   5000,  100 },
  { "f3-band-5000.01",           DUES_SALARIED, 500001,   7500,  150 },
  { "f3-band-6000.00",           DUES_SALARIED, 600000,   9000,  150 },
  { "f3-band-6500.00",           DUES_SALARIED, 650000,   9750,  150 },
  { "f3-band-9999.99",           DUES_SALARIED, 999999,   15000, 150 },
  { "f3-band-10000.00",          DUES_SALARIED, 1000000,  15000, 150 },
  { "f3-band-10000.01",          DUES_SALARIED, 1000001,  20000, 200 },
  { "f3-band-25000.00",          DUES_SALARIED, 2500000,  50000, 200 },
  /* F3 whole base: 10000.01 pays 2% of all of it (200.00), not the
  ** progressive 15 + 20 + 75 + 0.0002 = 110.00. */
  { "f3-whole-base-10000.01",    DUES_SALARIED, 1000001,  20000, 200 },
  { "f3-whole-base-3000.01",     DUES_SALARIED, 300001,   3000,  100 },
  /* F20/§9 rounding half-up to the fen. */
  { "f20-round-half-up-1001.00", DUES_SALARIED, 100100,   501,   50 },
  { "f20-round-down-1000.99",    DUES_SALARIED, 100099,   500,   50 },
  { "f20-round-half-up-3000.50", DUES_SALARIED, 300050,   3001,  100 },
  { "f20-round-down-3000.49",    DUES_SALARIED, 300049,   3000,  100 },
  { "f20-round-half-up-5001.00", DUES_SALARIED, 500100,   7502,  150 },
  { "f20-round-down-5000.99",    DUES_SALARIED, 500099,   7501,  150 },
  { "f20-round-half-up-10000.25",DUES_SALARIED, 1000025,  20001, 200 },
  { "f20-round-down-10000.24",   DUES_SALARIED, 1000024,  20000, 200 },
  /* F4 annual salary, F5 self-employed: the same bands. */
  { "f4-band-3000.00",           DUES_ANNUAL_SALARY, 300000,  1500,  50 },
  { "f4-band-3000.01",           DUES_ANNUAL_SALARY, 300001,  3000,  100 },
  { "f4-band-10000.01",          DUES_ANNUAL_SALARY, 1000001, 20000, 200 },
  { "f5-band-5000.00",           DUES_SELF_EMPLOYED, 500000,  5000,  100 },
  { "f5-band-5000.01",           DUES_SELF_EMPLOYED, 500001,  7500,  150 },
  /* F6 retired: their own two bands. */
  { "f6-band-3000.01",           DUES_RETIRED, 300001,  1500,  50 },
  { "f6-band-4999.99",           DUES_RETIRED, 499999,  2500,  50 },
  { "f6-band-5000.00",           DUES_RETIRED, 500000,  2500,  50 },
  { "f6-band-5000.01",           DUES_RETIRED, 500001,  5000,  100 },
  { "f6-band-10000.01",          DUES_RETIRED, 1000001, 10000, 100 },
  { "f6-round-half-up-1001.00",  DUES_RETIRED, 100100,  501,   50 },
  { "f6-round-half-up-5000.50",  DUES_RETIRED, 500050,  5001,  100 },
  /* F7 fixed amounts, whatever the base. */
  { "f7-student-0.20",           DUES_STUDENT,    0,       20, 0 },
  { "f7-student-base-ignored",   DUES_STUDENT,    900000,  20, 0 },
  { "f7-unemployed-0.20",        DUES_UNEMPLOYED, 0,       20, 0 },
  { "f7-farmer-default-0.20",    DUES_FARMER,     500000,  20, 0 },
};
/* clang-format on */

static void test_cases(void)
{
    DuesRules rules;
    DuesCalc c;
    dues_rules_default(&rules);
    for (int i = 0; i < (int)(sizeof aCase / sizeof aCase[0]); i++) {
        const DuesCase *t = &aCase[i];
        char zName[96];
        int rc = dues_monthly_fen(t->eKind, t->nBase, &rules, &c);
        snprintf(zName, sizeof zName, "%s amount", t->zName);
        T_INT(zName, rc ? -1 : c.nAmountFen, t->nWant);
        snprintf(zName, sizeof zName, "%s rate", t->zName);
        T_INT(zName, c.iRateBp, t->iRateBp);
        snprintf(zName, sizeof zName, "%s fixed", t->zName);
        T_INT(zName, c.bFixed, t->iRateBp == 0);
    }
}

static void test_working(void)
{
    DuesRules rules;
    DuesCalc c;
    char z[32], zRate[16];
    dues_rules_default(&rules);

    /* The working a member sees: base -> band -> rate -> amount. */
    dues_monthly_fen(DUES_SALARIED, 300000, &rules, &c);
    T_INT("f3-working-3000.00-band-hi", c.nBandHiFen, 300000);
    T_INT("f3-working-3000.00-band-lo", c.nBandLoFen, -1);
    T_STR("f3-working-3000.00-band", c.zBand, "3000元以下（含3000元）");
    T_STR("f3-working-article", c.zArticle, "党费规定 第二条");
    T_STR("f3-working-rule", c.zRule, "F3");
    T_INT("f3-working-base", c.nBaseFen, 300000);
    dues_monthly_fen(DUES_SALARIED, 300001, &rules, &c);
    T_INT("f3-working-3000.01-band-lo", c.nBandLoFen, 300000);
    T_INT("f3-working-3000.01-band-hi", c.nBandHiFen, 500000);
    T_STR("f3-working-3000.01-band", c.zBand, "3000元以上至5000元（含5000元）");
    dues_monthly_fen(DUES_SALARIED, 1000001, &rules, &c);
    T_INT("f3-working-10000.01-open-band", c.nBandHiFen, -1);
    T_STR("f3-working-10000.01-band", c.zBand, "10000元以上");
    dues_monthly_fen(DUES_RETIRED, 500001, &rules, &c);
    T_STR("f6-working-article", c.zArticle, "党费规定 第五条");
    T_STR("f6-working-band", c.zBand, "5000元以上");
    dues_monthly_fen(DUES_ANNUAL_SALARY, 1, &rules, &c);
    T_STR("f4-working-rule", c.zRule, "F4");
    dues_monthly_fen(DUES_SELF_EMPLOYED, 1, &rules, &c);
    T_STR("f5-working-rule", c.zRule, "F5");
    dues_monthly_fen(DUES_FARMER, 0, &rules, &c);
    T_STR("f7-working-article", c.zArticle, "党费规定 第六条");
    T_INT("f7-working-no-base", c.nBaseFen, 0);

    /* Local settings: the farmers' amount (F7) and the cap (F19). */
    rules.nFarmerFen = 50;
    dues_monthly_fen(DUES_FARMER, 0, &rules, &c);
    T_INT("f7-farmer-setting-0.50", c.nAmountFen, 50);
    dues_monthly_fen(DUES_STUDENT, 0, &rules, &c);
    T_INT("f7-student-not-farmer-setting", c.nAmountFen, 20);
    dues_rules_default(&rules);
    dues_monthly_fen(DUES_SALARIED, 6000000, &rules, &c);
    T_INT("f19-cap-off-by-default", c.nAmountFen, 120000);
    T_INT("f19-cap-off-not-capped", c.bCapped, 0);
    rules.nCapFen = 100000;
    dues_monthly_fen(DUES_SALARIED, 6000000, &rules, &c);
    T_INT("f19-cap-1000-applied", c.nAmountFen, 100000);
    T_INT("f19-cap-1000-flagged", c.bCapped, 1);
    dues_monthly_fen(DUES_SALARIED, 5000000, &rules, &c);
    T_INT("f19-cap-at-edge-not-flagged", c.bCapped, 0);
    T_INT("f19-cap-at-edge-amount", c.nAmountFen, 100000);
    dues_rules_default(&rules);

    /* Bad input. */
    T_CHECK("f3-base-negative-refused",
            dues_monthly_fen(DUES_SALARIED, -1, &rules, &c) != 0);
    T_CHECK("f3-base-too-large-refused",
            dues_monthly_fen(DUES_SALARIED, DUES_BASE_MAX_FEN + 1, &rules,
                             &c) != 0);
    T_CHECK("f3-base-max-accepted",
            dues_monthly_fen(DUES_SALARIED, DUES_BASE_MAX_FEN, &rules, &c) ==
                    0 &&
                c.nAmountFen == DUES_BASE_MAX_FEN / 50);
    T_CHECK("f1-kind-unknown-refused",
            dues_monthly_fen((DuesKind)0, 100, &rules, &c) != 0);

    dues_format_fen(0, z);
    T_STR("f20-format-0", z, "0.00");
    dues_format_fen(5, z);
    T_STR("f20-format-5-fen", z, "0.05");
    dues_format_fen(123456, z);
    T_STR("f20-format-1234.56", z, "1234.56");
    dues_format_rate(50, zRate);
    T_STR("f3-rate-0.5", zRate, "0.5%");
    dues_format_rate(100, zRate);
    T_STR("f3-rate-1", zRate, "1%");
    dues_format_rate(150, zRate);
    T_STR("f3-rate-1.5", zRate, "1.5%");
    dues_format_rate(200, zRate);
    T_STR("f3-rate-2", zRate, "2%");
}

/* Exact parsing of amounts in 元 into fen. */
typedef struct ParseCase {
    const char *zName;
    const char *zIn;
    int64_t nWant; /* -1: refused */
} ParseCase;

/* clang-format off */
static const ParseCase aParse[] = {
  { "f20-parse-integer",      "3000",          300000 },
  { "f20-parse-one-decimal",  "3000.5",        300050 },
  { "f20-parse-two-decimals", "3000.01",       300001 },
  { "f20-parse-trailing-0",   "3000.0",        300000 },
  { "f20-parse-zero",         "0",             0 },
  { "f20-parse-fen",          "0.01",          1 },
  { "f20-parse-leading-0",    "007.10",        710 },
  { "f20-parse-max",          "1000000000.00", 100000000000LL },
  { "f20-parse-above-max",    "1000000000.01", -1 },
  { "f20-parse-huge",         "99999999999999999999", -1 },
  { "f20-parse-three-dec",    "1.234",         -1 },
  { "f20-parse-empty",        "",              -1 },
  { "f20-parse-dot-only",     ".",             -1 },
  { "f20-parse-leading-dot",  ".5",            -1 },
  { "f20-parse-trailing-dot", "5.",            -1 },
  { "f20-parse-negative",     "-1",            -1 },
  { "f20-parse-plus",         "+1",            -1 },
  { "f20-parse-exponent",     "1e3",           -1 },
  { "f20-parse-space-before", " 1",            -1 },
  { "f20-parse-space-after",  "1 ",            -1 },
  { "f20-parse-comma",        "1,000",         -1 },
  { "f20-parse-two-dots",     "1.0.0",         -1 },
  { "f20-parse-fullwidth",    "\xef\xbc\x91",  -1 },
};
/* clang-format on */

static void test_parse(void)
{
    int64_t n;
    DuesKind e;
    for (int i = 0; i < (int)(sizeof aParse / sizeof aParse[0]); i++) {
        n = -12345;
        int rc = dues_parse_yuan(aParse[i].zIn, &n);
        T_INT(aParse[i].zName, rc ? -1 : n, aParse[i].nWant);
    }
    T_CHECK("f20-parse-null", dues_parse_yuan(0, &n) != 0);

    static const char *const azKind[] = {
        "salaried", "annual_salary", "self_employed", "retired",
        "student",  "unemployed",    "farmer"};
    for (int i = 0; i < 7; i++) {
        char zName[64];
        snprintf(zName, sizeof zName, "f1-kind-roundtrip-%s", azKind[i]);
        T_CHECK(zName, dues_kind_parse(azKind[i], &e) == 0 &&
                           strcmp(dues_kind_name(e), azKind[i]) == 0 &&
                           dues_kind_label(e)[0] != 0);
    }
    T_CHECK("f1-kind-case-sensitive", dues_kind_parse("Salaried", &e) != 0);
    T_CHECK("f1-kind-null", dues_kind_parse(0, &e) != 0);
}

void test_dues(void)
{
    test_cases();
    test_working();
    test_parse();
}
