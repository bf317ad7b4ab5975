/* buf.c: growable byte buffer. */
/* GCC 12 with -fsanitize=undefined misreports "null format string" for
** the length-probing vsnprintf below. */
#pragma GCC diagnostic ignored "-Wformat-truncation"
#include "buf.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void grow(Buf *p, size_t n)
{
    if (p->n + n + 1 <= p->a) return;
    size_t a = p->a ? p->a : 64;
    while (a < p->n + n + 1)
        a *= 2;
    p->z = xrealloc(p->z, a);
    p->a = a;
}

void buf_append(Buf *p, const void *z, size_t n)
{
    grow(p, n);
    if (n) memcpy(p->z + p->n, z, n);
    p->n += n;
    p->z[p->n] = 0;
}

void buf_appends(Buf *p, const char *z)
{
    if (z) buf_append(p, z, strlen(z));
}

void buf_appendf(Buf *p, const char *zFmt, ...)
{
    va_list ap;
    char c;
    va_start(ap, zFmt);
    int n = vsnprintf(&c, 1, zFmt, ap);
    va_end(ap);
    if (n < 0) return;
    grow(p, (size_t)n);
    va_start(ap, zFmt);
    vsnprintf(p->z + p->n, (size_t)n + 1, zFmt, ap);
    va_end(ap);
    p->n += (size_t)n;
}

void buf_append_html(Buf *p, const char *z)
{
    for (; z && *z; z++) {
        switch (*z) {
        case '<':
            buf_appends(p, "&lt;");
            break;
        case '>':
            buf_appends(p, "&gt;");
            break;
        case '&':
            buf_appends(p, "&amp;");
            break;
        case '"':
            buf_appends(p, "&quot;");
            break;
        case '\'':
            buf_appends(p, "&#39;");
            break;
        default:
            buf_append(p, z, 1);
        }
    }
}

const char *buf_str(const Buf *p)
{
    return p->z ? p->z : "";
}

char *buf_take(Buf *p)
{
    char *z = p->z ? p->z : xstrdup("");
    p->z = 0;
    p->n = p->a = 0;
    return z;
}

void buf_reset(Buf *p)
{
    p->n = 0;
    if (p->z) p->z[0] = 0;
}

void buf_free(Buf *p)
{
    free(p->z);
    p->z = 0;
    p->n = p->a = 0;
}
