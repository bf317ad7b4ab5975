/* tester.c: unit-test harness; prints failures and the summary line. */
#include "tester.h"
#include <stdlib.h>

int tester_nPass;
int tester_nFail;

void tester_check(const char *zName, int bOk, const char *zFile, int iLine)
{
    if (bOk) {
        tester_nPass++;
        return;
    }
    tester_nFail++;
    printf("FAIL %s (%s:%d)\n", zName, zFile, iLine);
}

void tester_check_str(const char *zName, const char *zGot, const char *zWant,
                      const char *zFile, int iLine)
{
    int bOk = (zGot == 0 && zWant == 0) ||
              (zGot && zWant && strcmp(zGot, zWant) == 0);
    if (!bOk)
        printf("  got [%s] want [%s]\n", zGot ? zGot : "(null)",
               zWant ? zWant : "(null)");
    tester_check(zName, bOk, zFile, iLine);
}

void tester_check_int(const char *zName, long long got, long long want,
                      const char *zFile, int iLine)
{
    if (got != want) printf("  got %lld want %lld\n", got, want);
    tester_check(zName, got == want, zFile, iLine);
}

const char *tester_shared_dir(void)
{
    const char *z = getenv("ZHIBU_SHARED");
    return z ? z : "../shared";
}
