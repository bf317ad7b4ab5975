/* idcard.c: 公民身份号码 (GB 11643-1999) validation and masking, and
** mainland mobile numbers (A2; security checklist §6.3-§6.6).
**
**   idcard_parse()     normalise and validate, derive birth date and sex
**   idcard_mask()      110105********002X
**   phone_normalize()  +86 138-0013-8000 -> 13800138000
**   phone_mask()       138****8000
**
** Pure ASCII byte checks; no locale, no Unicode-aware classes, so a
** full-width digit can never pass as a digit.
*/
#include "idcard.h"
#include "util.h"
#include <assert.h>
#include <string.h>

/* Reason codes and their messages, in validation order. */
/* clang-format off */
static const struct {
    const char *zCode; /* stable machine code */
    const char *zMsg;  /* message for the user */
} aReason[] = {
  { "length",   "公民身份号码应为18位" },
  { "format",   "公民身份号码格式错误：前17位应为数字，第18位应为数字或X" },
  { "format",   "公民身份号码含有全角或非ASCII字符" },
  { "province", "公民身份号码的省级行政区划代码无效" },
  { "date",     "公民身份号码中的出生日期无效" },
  { "check",    "公民身份号码校验位错误" },
};
/* clang-format on */
enum { R_LENGTH, R_FORMAT, R_NONASCII, R_PROVINCE, R_DATE, R_CHECK };

/* 1 if n is a province code allowed in positions 1-2 (§6.3):
** 11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82, 83. */
static int province_ok(int n)
{
    return (n >= 11 && n <= 15) || (n >= 21 && n <= 23) ||
           (n >= 31 && n <= 37) || (n >= 41 && n <= 46) ||
           (n >= 50 && n <= 54) || (n >= 61 && n <= 65) || n == 71 || n == 81 ||
           n == 82 || n == 83;
}

/* Integer value of the n ASCII digits at z (already checked). */
static int digits_value(const char *z, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (z[i] - '0');
    return v;
}

/* 1 if year y, month m, day d is a real Gregorian date. */
static int date_real(int y, int m, int d)
{
    static const int aDays[12] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    int bLeap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m < 1 || m > 12 || d < 1) return 0;
    return d <= aDays[m - 1] + (m == 2 && bLeap);
}

/* GB 11643 check character for the 17 digits at z (ISO 7064 MOD 11-2). */
static char check_char(const char *z)
{
    static const int aW[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                               3, 7, 9,  10, 5, 8, 4, 2};
    static const char zMap[] = "10X98765432";
    int s = 0;
    for (int i = 0; i < 17; i++)
        s += (z[i] - '0') * aW[i];
    return zMap[s % 11];
}

/* 1 if z is "YYYY-MM-DD" with ASCII digits in the digit positions. */
static int iso_date_shape(const char *z)
{
    for (int i = 0; i < 10; i++) {
        int bDash = i == 4 || i == 7;
        if (bDash ? z[i] != '-' : (z[i] < '0' || z[i] > '9')) return 0;
    }
    return z[10] == 0;
}

/* Store reason iReason in the optional outputs and return 1. */
static int fail(int iReason, const char **pzCode, const char **pzMsg)
{
    if (pzCode) *pzCode = aReason[iReason].zCode;
    if (pzMsg) *pzMsg = aReason[iReason].zMsg;
    return 1;
}

/* 1 for the ASCII blanks trimmed from both ends of input. */
static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int idcard_parse(const char *zIn, const char *zToday, IdCard *p,
                 const char **pzCode, const char **pzMsg)
{
    char z[19];
    char zNow[11];
    char zBirth8[9], zToday8[9];
    size_t n;

    if (!zIn) zIn = "";
    while (is_blank(*zIn))
        zIn++;
    n = strlen(zIn);
    while (n > 0 && is_blank(zIn[n - 1]))
        n--;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)zIn[i] >= 0x80)
            return fail(R_NONASCII, pzCode, pzMsg);
    }
    if (n != 18) return fail(R_LENGTH, pzCode, pzMsg);
    memcpy(z, zIn, 18);
    z[18] = 0;
    if (z[17] == 'x') z[17] = 'X';
    for (int i = 0; i < 18; i++) {
        int bDigit = z[i] >= '0' && z[i] <= '9';
        if (!bDigit && !(i == 17 && z[i] == 'X')) {
            return fail(R_FORMAT, pzCode, pzMsg);
        }
    }
    if (!province_ok(digits_value(z, 2))) {
        return fail(R_PROVINCE, pzCode, pzMsg);
    }
    assert(zToday == 0 || iso_date_shape(zToday));
    if (!zToday || !iso_date_shape(zToday)) {
        util_today(zNow);
        zToday = zNow;
    }
    memcpy(zBirth8, z + 6, 8);
    zBirth8[8] = 0;
    /* zToday is YYYY-MM-DD; compare as YYYYMMDD strings. */
    memcpy(zToday8, zToday, 4);
    memcpy(zToday8 + 4, zToday + 5, 2);
    memcpy(zToday8 + 6, zToday + 8, 2);
    zToday8[8] = 0;
    if (!date_real(digits_value(z + 6, 4), digits_value(z + 10, 2),
                   digits_value(z + 12, 2)) ||
        strcmp(zBirth8, "18000101") < 0 || strcmp(zBirth8, zToday8) > 0) {
        return fail(R_DATE, pzCode, pzMsg);
    }
    if (check_char(z) != z[17]) return fail(R_CHECK, pzCode, pzMsg);
    if (p) {
        memcpy(p->zNorm, z, 19);
        memcpy(p->zBirth, z + 6, 4);
        p->zBirth[4] = '-';
        memcpy(p->zBirth + 5, z + 10, 2);
        p->zBirth[7] = '-';
        memcpy(p->zBirth + 8, z + 12, 2);
        p->zBirth[10] = 0;
        p->bMale = (z[16] - '0') % 2;
    }
    if (pzCode) *pzCode = 0;
    if (pzMsg) *pzMsg = 0;
    return 0;
}

void idcard_mask(const char *zNorm, char zOut[19])
{
    memset(zOut, '*', 18);
    zOut[18] = 0;
    if (zNorm && strlen(zNorm) == 18) {
        memcpy(zOut, zNorm, 6);
        memcpy(zOut + 14, zNorm + 14, 4);
    }
}

int phone_normalize(const char *zIn, char zOut[12])
{
    char z[24];
    const char *zNum = z;
    size_t n = 0;

    zOut[0] = 0;
    if (!zIn) return 1;
    for (; *zIn; zIn++) {
        if (*zIn == ' ' || *zIn == '-') continue;
        if (n == sizeof(z) - 1) return 1; /* far too long */
        z[n++] = *zIn;
    }
    z[n] = 0;
    if (n == 14 && memcmp(z, "+86", 3) == 0) {
        zNum = z + 3;
    } else if (n == 15 && memcmp(z, "0086", 4) == 0) {
        zNum = z + 4;
    } else if (n == 13 && memcmp(z, "86", 2) == 0) {
        zNum = z + 2;
    }
    if (strlen(zNum) != 11 || zNum[0] != '1' || zNum[1] < '3' ||
        zNum[1] > '9') {
        return 1;
    }
    for (int i = 2; i < 11; i++) {
        if (zNum[i] < '0' || zNum[i] > '9') return 1;
    }
    memcpy(zOut, zNum, 12);
    return 0;
}

void phone_mask(const char *zNorm, char zOut[12])
{
    memset(zOut, '*', 11);
    zOut[11] = 0;
    if (zNorm && strlen(zNorm) == 11) {
        memcpy(zOut, zNorm, 3);
        memcpy(zOut + 7, zNorm + 7, 4);
    }
}
