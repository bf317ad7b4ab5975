/* test_idcard.c: GB 11643-1999 ID numbers (checklist §6.3, every §6.4
** example) and mainland mobile numbers (§6.6 table), A2. */
#include "tester.h"
#include "../../src/idcard.h"

/* One ID-number case; zCode NULL means valid. */
typedef struct IdCase {
    const char *zName;  /* test id */
    const char *zIn;    /* input as typed */
    const char *zCode;  /* expected reason code, NULL when valid */
    const char *zNorm;  /* expected normalised form when valid */
    const char *zBirth; /* expected birth date when valid */
    int bMale;          /* expected sex when valid */
} IdCase;

/* clang-format off */
static const IdCase aId[] = {
  /* §6.4 worked examples, in table order */
  { "a2-idcard-1.1 GB example 朝阳 female",  "11010519491231002X", 0, "11010519491231002X", "1949-12-31", 0 },
  { "a2-idcard-1.2 GB example 440524",      "440524188001010014", 0, "440524188001010014", "1880-01-01", 1 },
  { "a2-idcard-1.3 seq 997 check 3",        "370101190102039973", 0, "370101190102039973", "1901-02-03", 1 },
  { "a2-idcard-1.4 check X male",           "34052419800101001X", 0, "34052419800101001X", "1980-01-01", 1 },
  { "a2-idcard-1.5 check 0",                "110101200001010010", 0, "110101200001010010", "2000-01-01", 1 },
  { "a2-idcard-1.6 leap day 2000",          "110105200002290013", 0, "110105200002290013", "2000-02-29", 1 },
  { "a2-idcard-1.7 Hong Kong 810000",       "810000199001010019", 0, "810000199001010019", "1990-01-01", 1 },
  { "a2-idcard-1.8 Taiwan 830000 female",   "830000198503150029", 0, "830000198503150029", "1985-03-15", 0 },
  { "a2-idcard-1.9 check want X",           "110105194912310021", "check", 0, 0, 0 },
  { "a2-idcard-1.10 check want 4",          "440524188001010015", "check", 0, 0, 0 },
  { "a2-idcard-1.11 check want 0",          "110101200001010011", "check", 0, 0, 0 },
  { "a2-idcard-1.12 check X want 0",        "11010120000101001X", "check", 0, 0, 0 },
  { "a2-idcard-1.13 month 13",              "110105194913310029", "date", 0, 0, 0 },
  { "a2-idcard-1.14 1900-02-29",            "110105190002290011", "date", 0, 0, 0 },
  { "a2-idcard-1.15 February 30",           "110105202602300010", "date", 0, 0, 0 },
  /* §6.4 labels this "date"; by the §6.3 order the province 00 fails first */
  { "a2-idcard-1.16 all zeros",             "000000000000000000", "province", 0, 0, 0 },
  { "a2-idcard-1.17 province 99, sum ok",   "990101199001010019", "province", 0, 0, 0 },
  { "a2-idcard-1.18 17 characters",         "11010519491231002", "length", 0, 0, 0 },
  { "a2-idcard-1.19 19 characters",         "1101051949123100212", "length", 0, 0, 0 },
  { "a2-idcard-1.20 last char Y",           "11010120000101001Y", "format", 0, 0, 0 },
  { "a2-idcard-1.21 lowercase x",           "11010519491231002x", 0, "11010519491231002X", "1949-12-31", 0 },
  { "a2-idcard-1.22 full-width digit",      "1101012000010100\xef\xbc\x91" "0", "format", 0, 0, 0 },
  { "a2-idcard-1.23 trailing space",        "440524188001010014 ", 0, "440524188001010014", "1880-01-01", 1 },
  /* §6.3 steps at their edges */
  { "a2-idcard-2.1 leading spaces",         "  11010519491231002X", 0, "11010519491231002X", "1949-12-31", 0 },
  { "a2-idcard-2.2 empty",                  "", "length", 0, 0, 0 },
  { "a2-idcard-2.3 only spaces",            "   ", "length", 0, 0, 0 },
  { "a2-idcard-2.4 inner space",            "110105 19491231002X", "length", 0, 0, 0 },
  { "a2-idcard-2.5 X not last",             "1101051949123100X2", "format", 0, 0, 0 },
  { "a2-idcard-2.6 letter inside",          "11010519491231O02X", "format", 0, 0, 0 },
  { "a2-idcard-2.7 full-width X",           "11010519491231002\xef\xbc\xb8", "format", 0, 0, 0 },
  { "a2-idcard-2.8 province 16",            "160101199001010014", "province", 0, 0, 0 },
  { "a2-idcard-2.9 province 84",            "840000199001010014", "province", 0, 0, 0 },
  { "a2-idcard-2.10 province 10",           "100101199001010013", "province", 0, 0, 0 },
  { "a2-idcard-2.11 province 71",           "710000199001010023", 0, "710000199001010023", "1990-01-01", 0 },
  { "a2-idcard-2.12 province 65",           "650101199001010010", 0, "650101199001010010", "1990-01-01", 1 },
  { "a2-idcard-2.13 1800-01-01 lowest",     "110101180001010015", 0, "110101180001010015", "1800-01-01", 1 },
  { "a2-idcard-2.14 1799-12-31",            "110101179912310010", "date", 0, 0, 0 },
  { "a2-idcard-2.15 born today",            "110101202506300012", 0, "110101202506300012", "2025-06-30", 1 },
  { "a2-idcard-2.16 born tomorrow",         "110101202507010017", "date", 0, 0, 0 },
  { "a2-idcard-2.17 1900-02-28",            "110101190002280016", 0, "110101190002280016", "1900-02-28", 1 },
  { "a2-idcard-2.18 2024-02-29 leap",       "110101202402290024", 0, "110101202402290024", "2024-02-29", 0 },
  { "a2-idcard-2.19 2023-02-29",            "110101202302290019", "date", 0, 0, 0 },
};
/* clang-format on */

/* One phone case; zWant NULL means rejected. */
typedef struct PhoneCase {
    const char *zName; /* test id */
    const char *zIn;   /* input as typed */
    const char *zWant; /* normalised form, NULL when invalid */
} PhoneCase;

/* clang-format off */
static const PhoneCase aPhone[] = {
  /* §6.6 table: every row is valid under the loose rule unless marked */
  { "a2-phone-1.1 plain",              "13800138000",     "13800138000" },
  { "a2-phone-1.2 +86",                "+8613800138000",  "13800138000" },
  { "a2-phone-1.3 0086",               "008613800138000", "13800138000" },
  { "a2-phone-1.4 hyphens",            "138-0013-8000",   "13800138000" },
  { "a2-phone-1.5 159",                "15912345678",     "15912345678" },
  { "a2-phone-1.6 186",                "18612345678",     "18612345678" },
  { "a2-phone-1.7 199",                "19912345678",     "19912345678" },
  { "a2-phone-1.8 166",                "16612345678",     "16612345678" },
  { "a2-phone-1.9 170 virtual",        "17012345678",     "17012345678" },
  { "a2-phone-1.10 145",               "14512345678",     "14512345678" },
  { "a2-phone-1.11 17400 satellite",   "17400123456",     "17400123456" },
  { "a2-phone-1.12 154 warn only",     "15412345678",     "15412345678" },
  { "a2-phone-1.13 194 warn only",     "19412345678",     "19412345678" },
  { "a2-phone-1.14 140 IoT warn only", "14012345678",     "14012345678" },
  { "a2-phone-1.15 17406 warn only",   "17406123456",     "17406123456" },
  { "a2-phone-1.16 12x",               "12345678901",     0 },
  { "a2-phone-1.17 11x",               "11012345678",     0 },
  { "a2-phone-1.18 10 digits",         "1381234567",      0 },
  { "a2-phone-1.19 12 digits",         "138001380001",    0 },
  { "a2-phone-1.20 10086",             "10086",           0 },
  /* prefixes and separators */
  { "a2-phone-2.1 86 prefix",          "8613800138000",   "13800138000" },
  { "a2-phone-2.2 +86 with spaces",    "+86 138 0013 8000", "13800138000" },
  { "a2-phone-2.3 0086 with hyphen",   "0086-138-0013-8000", "13800138000" },
  { "a2-phone-2.4 +85 prefix",         "+8513800138000",  0 },
  { "a2-phone-2.5 +86 then 12 digits", "+86138001380001", 0 },
  { "a2-phone-2.6 + without 86",       "+13800138000",    0 },
  { "a2-phone-2.7 letter",             "1380013800a",     0 },
  { "a2-phone-2.8 full-width 1",       "\xef\xbc\x91" "3800138000", 0 },
  { "a2-phone-2.9 empty",              "",                0 },
  { "a2-phone-2.10 landline",          "01012345678",     0 },
  { "a2-phone-2.11 parentheses",       "(138)00138000",   0 },
  { "a2-phone-2.12 very long",         "1380013800013800138000138000", 0 },
};
/* clang-format on */

/* Entry point listed in unit_groups.h. */
void test_idcard(void);
void test_idcard(void)
{
    for (int i = 0; i < (int)(sizeof(aId) / sizeof(aId[0])); i++) {
        const IdCase *c = &aId[i];
        IdCard card;
        const char *zCode = 0, *zMsg = 0;
        int rc = idcard_parse(c->zIn, "2025-06-30", &card, &zCode, &zMsg);
        if (c->zCode) {
            T_CHECK(c->zName, rc != 0);
            T_STR(c->zName, zCode, c->zCode);
            T_CHECK(c->zName, zMsg != 0 && zMsg[0] != 0);
        } else {
            T_INT(c->zName, rc, 0);
            if (rc) continue;
            T_STR(c->zName, card.zNorm, c->zNorm);
            T_STR(c->zName, card.zBirth, c->zBirth);
            T_INT(c->zName, card.bMale, c->bMale);
        }
    }

    IdCard card;
    const char *zCode = 0, *zMsg = 0;
    idcard_parse("110105194912310021", 0, 0, &zCode, &zMsg);
    T_STR("a2-idcard-3.1 check message", zMsg, "公民身份号码校验位错误");
    T_INT("a2-idcard-3.2 NULL today is today",
          idcard_parse("11010519491231002X", 0, &card, 0, 0), 0);
    T_STR("a2-idcard-3.3 future date with NULL today",
          (idcard_parse("110101203001010014", 0, 0, &zCode, 0), zCode), "date");
    T_CHECK("a2-idcard-3.4 NULL input", idcard_parse(0, 0, 0, &zCode, 0) != 0 &&
                                            strcmp(zCode, "length") == 0);
    T_INT("a2-idcard-3.5 NULL out pointers",
          idcard_parse("440524188001010015", "2025-06-30", 0, 0, 0) != 0, 1);

    char zMask[19];
    idcard_mask("11010519491231002X", zMask);
    T_STR("a2-idcard-4.1 mask", zMask, "110105********002X");
    idcard_mask("123", zMask);
    T_STR("a2-idcard-4.2 mask bad input", zMask, "******************");
    idcard_mask(0, zMask);
    T_STR("a2-idcard-4.3 mask NULL", zMask, "******************");

    for (int i = 0; i < (int)(sizeof(aPhone) / sizeof(aPhone[0])); i++) {
        const PhoneCase *c = &aPhone[i];
        char zOut[12];
        int rc = phone_normalize(c->zIn, zOut);
        if (c->zWant) {
            T_INT(c->zName, rc, 0);
            T_STR(c->zName, zOut, c->zWant);
        } else {
            T_CHECK(c->zName, rc != 0 && zOut[0] == 0);
        }
    }
    char zPhone[12];
    T_CHECK("a2-phone-2.13 NULL", phone_normalize(0, zPhone) != 0);
    phone_mask("13800138000", zPhone);
    T_STR("a2-phone-3.1 mask", zPhone, "138****8000");
    phone_mask("1380", zPhone);
    T_STR("a2-phone-3.2 mask bad input", zPhone, "***********");
}
