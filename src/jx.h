/* jx.h: jansson helpers that never lose a key (c-style §7.4). */
#ifndef ZHIBU_JX_H
#define ZHIBU_JX_H
#include <jansson.h>
#include <stdint.h>
#include "buf.h"

/* A new JSON string for z, or json null for NULL or invalid UTF-8.  New
** reference. */
json_t *jx_str(const char *z);
/* Set key k of object o to a string (NULL → null). */
void jx_set_str(json_t *o, const char *k, const char *z);
void jx_set_int(json_t *o, const char *k, int64_t v);
void jx_set_bool(json_t *o, const char *k, int b);
/* Set k to v when v > 0, else null (for optional ids). */
void jx_set_id(json_t *o, const char *k, int64_t v);
/* Borrowed string member, or NULL if absent or null. *pbBad is set to 1
** when present with a non-string type. */
const char *jx_get_str(json_t *o, const char *k, int *pbBad);
/* Integer member: returns 0 and *pv when present and integral; 1 when
** absent/null; 2 when of another type. */
int jx_get_int(json_t *o, const char *k, int64_t *pv);
/* Compact UTF-8 dump; caller frees with free(). */
char *jx_dump(json_t *p);

/*
** JSON written straight into a Buf, for large replies (a roster page):
** no tree of json_t, no hash table per object.  The text is the same as
** jx_dump() of the equivalent tree (keys in the order written, compact,
** UTF-8 as is): strings go through the same escaping, and a string that
** is not valid UTF-8 becomes null and is logged, as jx_str() does.
** Keys are the caller's constant ASCII names.
*/
typedef struct JxOut {
    Buf b;      /* the text so far; take it with buf_take(&p->b) */
    int bComma; /* a value precedes at this level */
} JxOut;
#define JX_OUT_INIT                                                            \
    {                                                                          \
        BUF_INIT, 0                                                            \
    }
/* Make room for n bytes of text in all (saves regrowing). */
void jx_out_reserve(JxOut *p, size_t n);
void jx_out_open(JxOut *p, char cOpen);   /* '{' or '[' */
void jx_out_close(JxOut *p, char cClose); /* '}' or ']' */
void jx_out_key(JxOut *p, const char *zKey);
void jx_out_str(JxOut *p, const char *z); /* NULL gives null */
void jx_out_int(JxOut *p, int64_t v);
void jx_out_bool(JxOut *p, int b);
/* Key and value together. */
void jx_out_kstr(JxOut *p, const char *zKey, const char *z);
void jx_out_kint(JxOut *p, const char *zKey, int64_t v);
void jx_out_kbool(JxOut *p, const char *zKey, int b);
#endif
