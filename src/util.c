/* util.c: allocation wrappers, die(), time and file helpers. */
/* GCC 12 with -fsanitize=undefined misreports "null format string" for
** the length-probing vsnprintf below. */
#pragma GCC diagnostic ignored "-Wformat-truncation"
#include "util.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) abort();
    return p;
}

void *xcalloc(size_t n, size_t sz)
{
    void *p = calloc(n ? n : 1, sz ? sz : 1);
    if (!p) abort();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) abort();
    return p;
}

char *xstrdup(const char *z)
{
    if (!z) return 0;
    return xstrndup(z, strlen(z));
}

char *xstrndup(const char *z, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, z, n);
    p[n] = 0;
    return p;
}

char *xprintf(const char *zFmt, ...)
{
    va_list ap;
    char c;
    va_start(ap, zFmt);
    int n = vsnprintf(&c, 1, zFmt, ap);
    va_end(ap);
    if (n < 0) abort();
    char *z = xmalloc((size_t)n + 1);
    va_start(ap, zFmt);
    vsnprintf(z, (size_t)n + 1, zFmt, ap);
    va_end(ap);
    return z;
}

void die(const char *zFmt, ...)
{
    va_list ap;
    va_start(ap, zFmt);
    fputs("zhibu: ", stderr);
    vfprintf(stderr, zFmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

int64_t util_now(void)
{
    return (int64_t)time(0);
}

void util_today(char z[11])
{
    time_t t = time(0);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(z, 11, "%Y-%m-%d", &tm);
}

char *util_read_file(const char *zPath, size_t *pn)
{
    FILE *f = fopen(zPath, "rb");
    if (!f) return 0;
    size_t a = 65536, n = 0;
    char *z = xmalloc(a + 1);
    size_t k;
    while ((k = fread(z + n, 1, a - n, f)) > 0) {
        n += k;
        if (n == a) {
            a *= 2;
            z = xrealloc(z, a + 1);
        }
    }
    int bErr = ferror(f);
    fclose(f);
    if (bErr) {
        free(z);
        return 0;
    }
    z[n] = 0;
    if (pn) *pn = n;
    return z;
}

int util_parse_int64(const char *z, int64_t *pv)
{
    if (!z || !*z) return 1;
    char *zEnd = 0;
    errno = 0;
    long long v = strtoll(z, &zEnd, 10);
    if (errno || *zEnd || zEnd == z) return 1;
    *pv = (int64_t)v;
    return 0;
}

int util_utf8_chars(const char *z)
{
    int n = 0;
    for (; *z; z++)
        if (((unsigned char)*z & 0xC0) != 0x80) n++;
    return n;
}

int util_blank(const char *z)
{
    if (!z) return 1;
    while (*z) {
        if (*z == ' ' || *z == '\t' || *z == '\r' || *z == '\n') {
            z++;
        } else if ((unsigned char)z[0] == 0xE3 && (unsigned char)z[1] == 0x80 &&
                   (unsigned char)z[2] == 0x80) {
            z += 3;
        } else {
            return 0;
        }
    }
    return 1;
}
