/* log.c: levelled logging to stderr, one line per call.  Each line is
** formatted in a local buffer and written with one write(2) on fd 2: no
** stdio lock shared by the server threads (it was a measurable part of a
** cheap request), and a line of up to PIPE_BUF bytes is never interleaved
** with another thread's. */
#include "log.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void log_msg(int iLevel, const char *zFmt, ...)
{
    static const char *const azLevel[] = {"ERROR", "WARN", "INFO", "DEBUG"};
    char zLine[1100];
    va_list ap;
    time_t t = time(0);
    struct tm tm;
    gmtime_r(&t, &tm);
    int n = snprintf(zLine, 40, "%04d-%02d-%02dT%02d:%02d:%02dZ %s ",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec, azLevel[iLevel & 3]);
    if (n < 0 || n >= 40) n = 0;
    va_start(ap, zFmt);
    int m = vsnprintf(zLine + n, 1024, zFmt, ap);
    va_end(ap);
    if (m < 0) m = 0;
    if (m > 1023) m = 1023; /* truncated, as before */
    n += m;
    zLine[n++] = '\n';
    for (size_t off = 0; off < (size_t)n;) {
        ssize_t w = write(2, zLine + off, (size_t)n - off);
        if (w <= 0) break; /* nothing sensible to do about a lost log line */
        off += (size_t)w;
    }
}
