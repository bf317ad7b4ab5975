/* cmd_calendar.c: `zhibu calendar`, working days on the official calendar
** from the command line (B2), e.g. to check the theme day (主题党日) anchor
** "the 15th working day of the month".  Entry point: cmd_calendar(). */
#include "cmd_calendar.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "calendar.h"
#include "util.h"

/* Print the usage line to stderr and return 2. */
static int usage(void)
{
    fprintf(stderr, "用法：zhibu calendar workday YYYY-MM N\n"
                    "      zhibu calendar is-workday YYYY-MM-DD\n");
    return 2;
}

/* Load the built-in calendar into *pp; returns 0, or 1 after a message. */
static int load(Calendar **pp)
{
    char *zErr = 0;
    if (cal_load_builtin(pp, &zErr)) {
        fprintf(stderr, "无法载入节假日数据：%s\n", zErr);
        free(zErr);
        return 1;
    }
    return 0;
}

/* Warn on stderr when year y has no official arrangement loaded. */
static void warn_year(const Calendar *p, int y)
{
    if (cal_has_year(p, y)) return;
    fprintf(stderr,
            "警告：未载入%d年的国务院节假日安排，仅按周末计算"
            "（结果可能与实际不符）\n",
            y);
}

/* calendar workday YYYY-MM N */
static int do_workday(const char *zMonth, const char *zN)
{
    Calendar *p = 0;
    int iFirst, iLast, iDay, y, m, d, nWork = 0, rc;
    int64_t n;
    char zDate[11];

    if (strlen(zMonth) != 7 || zMonth[5] == 'Q' ||
        cal_period(zMonth, &iFirst, &iLast)) {
        fprintf(stderr, "月份无效：%s（应为 YYYY-MM）\n", zMonth);
        return 2;
    }
    if (util_parse_int64(zN, &n) || n < 1 || n > 31) {
        fprintf(stderr, "序号无效：%s（应为 1 到 31 的整数）\n", zN);
        return 2;
    }
    if (load(&p)) return 1;
    cal_split(iFirst, &y, &m, &d);
    warn_year(p, y);
    rc = cal_nth_workday(p, y, m, (int)n, &iDay);
    if (rc == 0) {
        cal_format(iDay, zDate);
        printf("%s\n", zDate);
    } else {
        for (iDay = iFirst; iDay <= iLast; iDay++)
            nWork += cal_is_workday(p, iDay);
        fprintf(stderr, "%d年%d月只有%d个工作日，没有第%d个\n", y, m, nWork,
                (int)n);
        rc = 1;
    }
    cal_free(p);
    return rc;
}

/* calendar is-workday YYYY-MM-DD */
static int do_is_workday(const char *zDate)
{
    Calendar *p = 0;
    int iDay, y, m, d;

    if (cal_parse(zDate, &iDay)) {
        fprintf(stderr, "日期无效：%s（应为 YYYY-MM-DD）\n", zDate);
        return 2;
    }
    if (load(&p)) return 1;
    cal_split(iDay, &y, &m, &d);
    warn_year(p, y);
    printf("%s\n", cal_is_workday(p, iDay) ? "yes" : "no");
    cal_free(p);
    return 0;
}

int cmd_calendar(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "workday") == 0)
        return do_workday(argv[2], argv[3]);
    if (argc == 3 && strcmp(argv[1], "is-workday") == 0)
        return do_is_workday(argv[2]);
    return usage();
}
