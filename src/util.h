/* util.h: allocation that never returns NULL, die() for startup, small helpers. */
#ifndef ZHIBU_UTIL_H
#define ZHIBU_UTIL_H
#include <stddef.h>
#include <stdint.h>

#define ZB_FMT(a, b) __attribute__((format(printf, a, b)))
#define COUNT(a)     ((int)(sizeof(a) / sizeof((a)[0])))

/* Allocate n bytes; aborts on out-of-memory.  Caller frees with free(). */
void *xmalloc(size_t n);
/* Allocate n zeroed bytes; aborts on out-of-memory.  Caller frees with free(). */
void *xcalloc(size_t n, size_t sz);
/* Resize p to n bytes; aborts on out-of-memory.  Caller frees with free(). */
void *xrealloc(void *p, size_t n);
/* Copy of z (NULL gives NULL).  Caller frees with free(). */
char *xstrdup(const char *z);
/* Copy of the first n bytes of z, NUL-terminated.  Caller frees with free(). */
char *xstrndup(const char *z, size_t n);
/* printf into a fresh string.  Caller frees with free(). */
char *xprintf(const char *zFmt, ...) ZB_FMT(1, 2);
/* Print a message to stderr and exit(1).  CLI and startup only, never on a
** request path. */
_Noreturn void die(const char *zFmt, ...) ZB_FMT(1, 2);
/* Current UTC time in unix seconds. */
int64_t util_now(void);
/* Today's date as YYYY-MM-DD (local time of the server) into z[11]. */
void util_today(char z[11]);
/* Read a whole file; *pn gets the length.  Returns NULL on failure.  Caller
** frees with free(); the buffer is NUL-terminated. */
char *util_read_file(const char *zPath, size_t *pn);
/* Number of UTF-8 characters in z (continuation bytes not counted). */
int util_utf8_chars(const char *z);
/* Parse a decimal int64 from z (whole string).  Returns 0 on success. */
int util_parse_int64(const char *z, int64_t *pv);

/* 1 when z is NULL or holds only ASCII spaces, tabs, CR/LF or the
** ideographic space U+3000 (what a user sees as an empty field). */
int util_blank(const char *z);

#endif
