/* main.c: runs every unit-test group and prints "unit: N passed, N failed". */
#include "tester.h"

extern int tester_nPass, tester_nFail;
#define GROUP(x) void test_##x(void);
#include "unit_groups.h"
#undef GROUP

int main(void)
{
#define GROUP(x) test_##x();
#include "unit_groups.h"
#undef GROUP
    printf("unit: %d passed, %d failed\n", tester_nPass, tester_nFail);
    return tester_nFail ? 1 : 0;
}
