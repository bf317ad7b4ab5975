/* tester.h: the unit-test harness.  Each test/unit/test_X.c defines
** `void test_X(void)` and lists it in test/unit/main.c.  Case names start
** with the requirement or rule id, e.g. "a2-idcard-1.3". */
#ifndef ZHIBU_TESTER_H
#define ZHIBU_TESTER_H
#include <stdio.h>
#include <string.h>

void tester_check(const char *zName, int bOk, const char *zFile, int iLine);
void tester_check_str(const char *zName, const char *zGot, const char *zWant,
                      const char *zFile, int iLine);
void tester_check_int(const char *zName, long long got, long long want,
                      const char *zFile, int iLine);
/* Path of the shared/ folder beside the project (for data files). */
const char *tester_shared_dir(void);

#define T_CHECK(name, cond)                                                    \
    tester_check((name), (cond) != 0, __FILE__, __LINE__)
#define T_STR(name, got, want)                                                 \
    tester_check_str((name), (got), (want), __FILE__, __LINE__)
#define T_INT(name, got, want)                                                 \
    tester_check_int((name), (long long)(got), (long long)(want), __FILE__,    \
                     __LINE__)
#endif
