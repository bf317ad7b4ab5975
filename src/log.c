/* log.c: levelled logging to stderr, one line per call. */
#include "log.h"
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

void log_msg(int iLevel, const char *zFmt, ...)
{
    static const char *const azLevel[] = {"ERROR", "WARN", "INFO", "DEBUG"};
    char zBuf[1024];
    va_list ap;
    time_t t = time(0);
    struct tm tm;
    char zTime[32];
    gmtime_r(&t, &tm);
    strftime(zTime, sizeof zTime, "%Y-%m-%dT%H:%M:%SZ", &tm);
    va_start(ap, zFmt);
    vsnprintf(zBuf, sizeof zBuf, zFmt, ap);
    va_end(ap);
    fprintf(stderr, "%s %s %s\n", zTime, azLevel[iLevel & 3], zBuf);
}
