/* test_passwd.c: password policy boundaries and Argon2id hashing
** (等保 8.1.4.1 a; checklist §0.1).  Keeps interactive hashes to three. */
#include "tester.h"
#include "../../src/passwd.h"
#include <sodium.h>
#include <stdlib.h>

/* One policy case; zCode NULL means accepted. */
typedef struct PwCase {
    const char *zName;  /* test id */
    const char *zPw;    /* candidate password */
    const char *zLogin; /* login name or NULL */
    int nMin;           /* minimum length */
    const char *zCode;  /* expected code, NULL when accepted */
} PwCase;

/* clang-format off */
static const PwCase aPw[] = {
  { "sec-passwd-1.1 11 chars",              "Abcdefgh123",   0, 12, "too_short" },
  { "sec-passwd-1.2 12 chars",              "Abcdefgh1234",  0, 12, 0 },
  { "sec-passwd-1.3 min 8 at 8",            "Abcdef1!",      0, 8,  0 },
  { "sec-passwd-1.4 min 8 at 7",            "Abcde1!",       0, 8,  "too_short" },
  { "sec-passwd-1.5 empty",                 "",              0, 12, "too_short" },
  { "sec-passwd-2.1 2 classes lower+digit", "abcdefgh1234",  0, 12, "classes" },
  { "sec-passwd-2.2 2 classes upper+digit", "ABCDEFGH1234",  0, 12, "classes" },
  { "sec-passwd-2.3 1 class",               "abcdefghijkl",  0, 12, "classes" },
  { "sec-passwd-2.4 3 classes +other",      "abcdefgh123!",  0, 12, 0 },
  { "sec-passwd-2.5 3 classes no digit",    "abcdefgH!xyz",  0, 12, 0 },
  { "sec-passwd-2.6 space is other",        "abcd efgh 123", 0, 12, 0 },
  /* CJK: one character per code point, and it counts as "other" */
  { "sec-passwd-3.1 CJK 12 code points",    "党支部工作密码很安全Ab", 0, 12, 0 },
  { "sec-passwd-3.2 CJK 11 code points",    "党支部工作密码很安Ab",   0, 12, "too_short" },
  { "sec-passwd-3.3 CJK is a class",        "abcdefghij党1", 0, 12, 0 },
  { "sec-passwd-3.4 CJK only",              "中华人民共和国共产党员党支部", 0, 12, "classes" },
  /* blocklist, case-insensitive */
  { "sec-passwd-4.1 password1234",          "password1234",  0, 12, "common" },
  { "sec-passwd-4.2 Password1234",          "Password1234",  0, 12, "common" },
  { "sec-passwd-4.3 Aa123456789!",          "Aa123456789!",  0, 12, "common" },
  { "sec-passwd-4.4 AA123456789!",          "AA123456789!",  0, 12, "common" },
  { "sec-passwd-4.5 qwertyuiop12",          "qwertyuiop12",  0, 12, "common" },
  { "sec-passwd-4.6 1qaz2wsx3edc",          "1qaz2wsx3edc",  0, 12, "common" },
  { "sec-passwd-4.7 P@ssw0rd1234",          "P@ssw0rd1234",  0, 12, "common" },
  { "sec-passwd-4.8 zhibu1234567",          "zhibu1234567",  0, 12, "common" },
  { "sec-passwd-4.9 Zhibu@123456",          "Zhibu@123456",  0, 12, "common" },
  { "sec-passwd-4.10 near miss accepted",   "P@ssw0rd12345x", 0, 12, 0 },
  /* login name */
  { "sec-passwd-5.1 contains login",        "ZhangSan@2024x", "zhangsan", 12, "contains_login" },
  { "sec-passwd-5.2 login at end",          "Xy9!Qw7#WANGWU", "wangwu",   12, "contains_login" },
  { "sec-passwd-5.3 short login ignored",   "Lixyz@2024abc", "li",       12, 0 },
  { "sec-passwd-5.4 3-char login",          "Abc9!Qw7#Lee2", "lee",      12, "contains_login" },
  { "sec-passwd-5.5 other login",           "ZhangSan@2024x", "lisi",    12, 0 },
};
/* clang-format on */

static void check_policy(void)
{
    const char *zCode, *zMsg;
    for (int i = 0; i < (int)(sizeof(aPw) / sizeof(aPw[0])); i++) {
        const PwCase *c = &aPw[i];
        zCode = zMsg = 0;
        int rc = passwd_check_policy(c->zPw, c->zLogin, c->nMin, &zCode, &zMsg);
        if (c->zCode) {
            T_CHECK(c->zName, rc != 0 && zMsg && zMsg[0]);
            T_STR(c->zName, zCode, c->zCode);
        } else {
            T_INT(c->zName, rc, 0);
            if (rc) printf("  code %s\n", zCode);
        }
    }
    passwd_check_policy("Abc1", 0, 12, &zCode, &zMsg);
    T_STR("sec-passwd-6.1 message 12", zMsg, "密码至少需要12个字符");
    passwd_check_policy("Abc1", 0, 8, &zCode, &zMsg);
    T_STR("sec-passwd-6.2 message 8", zMsg, "密码至少需要8个字符");
    passwd_check_policy("Abc1", 0, 40, &zCode, &zMsg);
    T_STR("sec-passwd-6.3 message beyond table", zMsg, "密码长度不足");
    T_CHECK("sec-passwd-6.4 NULL password",
            passwd_check_policy(0, 0, 12, &zCode, 0) != 0 &&
                strcmp(zCode, "too_short") == 0);
    T_INT("sec-passwd-6.5 NULL outputs",
          passwd_check_policy("abc", 0, 12, 0, 0) != 0, 1);
}

static void check_hash(void)
{
    char *zHash = passwd_hash("Correct-Horse-9");
    T_CHECK("sec-passwd-7.1 hash", zHash != 0);
    if (!zHash) return;
    T_CHECK("sec-passwd-7.2 argon2id", strncmp(zHash, "$argon2id$", 10) == 0);
    T_INT("sec-passwd-7.3 verify ok", passwd_verify(zHash, "Correct-Horse-9"),
          1);
    T_INT("sec-passwd-7.4 verify wrong",
          passwd_verify(zHash, "correct-Horse-9"), 0);
    T_INT("sec-passwd-7.5 current needs no rehash", passwd_needs_rehash(zHash),
          0);
    free(zHash);

    char zWeak[crypto_pwhash_STRBYTES];
    int rc = crypto_pwhash_str_alg(zWeak, "weak", 4, crypto_pwhash_OPSLIMIT_MIN,
                                   crypto_pwhash_MEMLIMIT_MIN,
                                   crypto_pwhash_ALG_ARGON2ID13);
    T_INT("sec-passwd-7.6 weak hash made", rc, 0);
    T_INT("sec-passwd-7.6 weak verifies", passwd_verify(zWeak, "weak"), 1);
    T_INT("sec-passwd-7.6 weak needs rehash", passwd_needs_rehash(zWeak), 1);
    rc = crypto_pwhash_str_alg(zWeak, "old", 3, crypto_pwhash_OPSLIMIT_MIN + 2,
                               crypto_pwhash_MEMLIMIT_MIN,
                               crypto_pwhash_ALG_ARGON2I13);
    T_INT("sec-passwd-7.7 argon2i made", rc, 0);
    T_INT("sec-passwd-7.7 argon2i needs rehash", passwd_needs_rehash(zWeak), 1);
    T_INT("sec-passwd-7.8 garbage verify", passwd_verify("$argon2id$x", "x"),
          0);
    T_INT("sec-passwd-7.8 garbage rehash", passwd_needs_rehash("nonsense"), 1);
    T_INT("sec-passwd-7.9 NULL verify", passwd_verify(0, "x"), 0);
    T_INT("sec-passwd-7.9 NULL rehash", passwd_needs_rehash(0), 1);
    T_CHECK("sec-passwd-7.10 NULL hash", passwd_hash(0) == 0);
}

static void check_generate(void)
{
    static const char zAmbiguous[] = "0Oo1lI";
    int bOk = 1;
    char *zA = passwd_generate();
    char *zB = passwd_generate();
    T_INT("sec-passwd-8.1 16 chars", strlen(zA), 16);
    T_CHECK("sec-passwd-8.2 differ", strcmp(zA, zB) != 0);
    free(zA);
    free(zB);
    for (int i = 0; i < 300 && bOk; i++) {
        char *z = passwd_generate();
        bOk = strlen(z) == 16 && passwd_check_policy(z, 0, 16, 0, 0) == 0 &&
              strpbrk(z, zAmbiguous) == 0;
        for (const char *c = z; *c; c++) {
            if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                  (*c >= '2' && *c <= '9')))
                bOk = 0;
        }
        if (!bOk) printf("  bad generated password %s\n", z);
        free(z);
    }
    T_CHECK("sec-passwd-8.3 300 pass the policy, no look-alikes", bOk);
}

/* Entry point listed in unit_groups.h. */
void test_passwd(void);
void test_passwd(void)
{
    if (sodium_init() < 0) {
        T_CHECK("sec-passwd-0 sodium_init", 0);
        return;
    }
    check_policy();
    check_hash();
    check_generate();
}
