/* buf.h: the one growable byte buffer (Fossil Blob, Redis sds). */
#ifndef ZHIBU_BUF_H
#define ZHIBU_BUF_H
#include <stddef.h>
#include "util.h"

typedef struct Buf {
    char *z;  /* Content, NUL-terminated when non-NULL; owned */
    size_t n; /* Bytes used, excluding the NUL */
    size_t a; /* Bytes allocated */
} Buf;
#define BUF_INIT                                                               \
    {                                                                          \
        0, 0, 0                                                                \
    }

void buf_append(Buf *p, const void *z, size_t n);
void buf_appends(Buf *p, const char *z);
void buf_appendf(Buf *p, const char *zFmt, ...) ZB_FMT(2, 3);
/* Append z with <>&"' escaped for HTML. */
void buf_append_html(Buf *p, const char *z);
/* View of the content ("" when empty); borrowed, valid until the next append. */
const char *buf_str(const Buf *p);
/* Take the content; the caller frees it with free().  The Buf is reset. */
char *buf_take(Buf *p);
void buf_reset(Buf *p);
void buf_free(Buf *p);

#endif
