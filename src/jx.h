/* jx.h: jansson helpers that never lose a key (c-style §7.4). */
#ifndef ZHIBU_JX_H
#define ZHIBU_JX_H
#include <jansson.h>
#include <stdint.h>

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
#endif
