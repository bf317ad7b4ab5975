/* passwd.c: password policy and Argon2id hashing (等保 8.1.4.1 a;
** checklist §0.1: length >= 12, 3 of 4 classes, common-password blocklist).
**
**   passwd_check_policy()  reason code + Chinese message for the form
**   passwd_hash()          crypto_pwhash_str_alg, Argon2id13, INTERACTIVE
**   passwd_verify()        1 on match
**   passwd_needs_rehash()  upgrade old hashes after login (c-style §7.9)
**   passwd_generate()      one-time password for new accounts
*/
#include "passwd.h"
#include "util.h"
#include <sodium.h>
#include <string.h>

/* Common passwords that pass the length and class rules, or nearly do.
** Compared ASCII case-insensitively, so list each once in lowercase. */
/* clang-format off */
static const char *const azCommon[] = {
  "password", "password1", "password12", "password123", "password1234",
  "password12345", "password123!", "password@123", "p@ssw0rd", "p@ssw0rd1",
  "p@ssw0rd12", "p@ssw0rd123", "p@ssw0rd1234", "passw0rd!234", "passw0rd1234",
  "aa123456", "aa123456789", "aa123456789!", "aa1234567890", "aa12345678!",
  "abc123456", "abc123456789", "abc@123456", "abc@12345678", "abcd1234",
  "abcd@1234", "abcd12345678", "admin123", "admin@123", "admin@123456",
  "admin123456", "admin1234567", "administrator", "1qaz2wsx", "1qaz2wsx3edc",
  "1qaz@wsx", "1qaz@wsx3edc", "1qaz!qaz2wsx@wsx", "1q2w3e4r", "1q2w3e4r5t6y",
  "q1w2e3r4t5y6", "qwer1234", "qwer1234!@#$", "qwerty123456", "qwertyuiop",
  "qwertyuiop12", "qwertyuiop123", "qweasdzxc123", "zaq12wsx", "zaq1@wsx",
  "woaini1314", "woaini520", "a123456789", "a1234567890", "qq123456789",
  "iloveyou", "iloveyou1234", "welcome123", "welcome@123", "changeme123",
  "123456789", "1234567890", "12345678910", "123456789012", "1234567890ab",
  "11111111", "111111111111", "000000000000", "88888888", "888888888888",
  "zhibu123", "zhibu1234", "zhibu123456", "zhibu1234567", "zhibu@123456",
  "dangjian123", "dangjian@123", "dangjian1234", "dangyuan123", "dangzhibu123",
};
/* clang-format on */

/* Static messages for "too_short", indexed by nMinLen - 8. */
/* clang-format off */
static const char *const azTooShort[] = {
  "密码至少需要8个字符",  "密码至少需要9个字符",  "密码至少需要10个字符",
  "密码至少需要11个字符", "密码至少需要12个字符", "密码至少需要13个字符",
  "密码至少需要14个字符", "密码至少需要15个字符", "密码至少需要16个字符",
  "密码至少需要17个字符", "密码至少需要18个字符", "密码至少需要19个字符",
  "密码至少需要20个字符", "密码至少需要21个字符", "密码至少需要22个字符",
  "密码至少需要23个字符", "密码至少需要24个字符", "密码至少需要25个字符",
  "密码至少需要26个字符", "密码至少需要27个字符", "密码至少需要28个字符",
  "密码至少需要29个字符", "密码至少需要30个字符", "密码至少需要31个字符",
  "密码至少需要32个字符",
};
/* clang-format on */

/* ASCII lowercase of c; other bytes unchanged (no locale). */
static int ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* 1 if a and b are equal ignoring ASCII case. */
static int eq_nocase(const char *a, const char *b)
{
    while (*a &&
           ascii_lower((unsigned char)*a) == ascii_lower((unsigned char)*b)) {
        a++;
        b++;
    }
    return *a == 0 && *b == 0;
}

/* 1 if zNeedle (non-empty) occurs in zHay ignoring ASCII case. */
static int contains_nocase(const char *zHay, const char *zNeedle)
{
    size_t nNeedle = strlen(zNeedle);
    for (; *zHay; zHay++) {
        size_t i = 0;
        while (i < nNeedle && zHay[i] &&
               ascii_lower((unsigned char)zHay[i]) ==
                   ascii_lower((unsigned char)zNeedle[i])) {
            i++;
        }
        if (i == nNeedle) return 1;
    }
    return 0;
}

/* Store a failure in the optional outputs and return 1. */
static int reject(const char *zCode, const char *zMsg, const char **pzCode,
                  const char **pzMsg)
{
    if (pzCode) *pzCode = zCode;
    if (pzMsg) *pzMsg = zMsg;
    return 1;
}

int passwd_check_policy(const char *zPw, const char *zLogin, int nMinLen,
                        const char **pzCode, const char **pzMsg)
{
    int nChar = 0;
    int mClass = 0; /* 1 lower, 2 upper, 4 digit, 8 other */
    int nClass;

    if (!zPw) zPw = "";
    for (const unsigned char *z = (const unsigned char *)zPw; *z; z++) {
        if ((*z & 0xc0) != 0x80) nChar++; /* count lead bytes only */
        if (*z >= 'a' && *z <= 'z')
            mClass |= 1;
        else if (*z >= 'A' && *z <= 'Z')
            mClass |= 2;
        else if (*z >= '0' && *z <= '9')
            mClass |= 4;
        else
            mClass |= 8;
    }
    if (nChar < nMinLen) {
        int i = nMinLen - 8;
        return reject("too_short",
                      (i >= 0 && i < COUNT(azTooShort)) ? azTooShort[i]
                                                        : "密码长度不足",
                      pzCode, pzMsg);
    }
    for (int i = 0; i < COUNT(azCommon); i++) {
        if (eq_nocase(zPw, azCommon[i])) {
            return reject("common", "密码过于常见，请换一个不易猜测的密码",
                          pzCode, pzMsg);
        }
    }
    nClass = (mClass & 1) + (mClass >> 1 & 1) + (mClass >> 2 & 1) +
             (mClass >> 3 & 1);
    if (nClass < 3) {
        return reject(
            "classes",
            "密码需包含小写字母、大写字母、数字和其他字符中的至少三类", pzCode,
            pzMsg);
    }
    if (zLogin && strlen(zLogin) >= 3 && contains_nocase(zPw, zLogin)) {
        return reject("contains_login", "密码不能包含登录名", pzCode, pzMsg);
    }
    if (pzCode) *pzCode = 0;
    if (pzMsg) *pzMsg = 0;
    return 0;
}

char *passwd_hash(const char *zPw)
{
    char zOut[crypto_pwhash_STRBYTES];
    if (!zPw) return 0;
    if (crypto_pwhash_str_alg(zOut, zPw, strlen(zPw),
                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return 0;
    }
    return xstrdup(zOut);
}

/*
** Copy zHash into a[crypto_pwhash_STRBYTES], zero-padded, because libsodium
** declares its hash argument as an array of that size.  Returns 0, or 1 if
** zHash is NULL or too long to be a hash.
*/
static int hash_copy(const char *zHash, char a[crypto_pwhash_STRBYTES])
{
    size_t n;
    if (!zHash) return 1;
    n = strlen(zHash);
    if (n >= crypto_pwhash_STRBYTES) return 1;
    memset(a, 0, crypto_pwhash_STRBYTES);
    memcpy(a, zHash, n);
    return 0;
}

int passwd_verify(const char *zHash, const char *zPw)
{
    char a[crypto_pwhash_STRBYTES];
    if (!zPw || hash_copy(zHash, a)) return 0;
    return crypto_pwhash_str_verify(a, zPw, strlen(zPw)) == 0;
}

int passwd_needs_rehash(const char *zHash)
{
    char a[crypto_pwhash_STRBYTES];
    if (hash_copy(zHash, a)) return 1;
    if (strncmp(a, crypto_pwhash_argon2id_STRPREFIX,
                strlen(crypto_pwhash_argon2id_STRPREFIX)) != 0) {
        return 1;
    }
    return crypto_pwhash_argon2id_str_needs_rehash(
               a, crypto_pwhash_OPSLIMIT_INTERACTIVE,
               crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

char *passwd_generate(void)
{
    static const char zAlpha[] = "abcdefghijkmnpqrstuvwxyz"
                                 "ABCDEFGHJKLMNPQRSTUVWXYZ"
                                 "23456789";
    char *z = xmalloc(17);
    /* Rejection sampling keeps the result uniform over passing strings;
    ** about 1 draw in 12 lacks a digit, so extra rounds are rare. */
    do {
        for (int i = 0; i < 16; i++) {
            z[i] = zAlpha[randombytes_uniform(sizeof(zAlpha) - 1)];
        }
        z[16] = 0;
    } while (passwd_check_policy(z, 0, 16, 0, 0) != 0);
    return z;
}
