/* jx.c: jansson helpers. */
#include "jx.h"
#include "log.h"
#include <stdio.h>
#include <string.h>

json_t *jx_str(const char *z)
{
    if (!z) return json_null();
    json_t *p = json_string(z);
    if (!p) {
        log_msg(LOG_WARN, "jx_str: invalid UTF-8 dropped");
        return json_null();
    }
    return p;
}

void jx_set_str(json_t *o, const char *k, const char *z)
{
    json_object_set_new(o, k, jx_str(z));
}

void jx_set_int(json_t *o, const char *k, int64_t v)
{
    json_object_set_new(o, k, json_integer((json_int_t)v));
}

void jx_set_bool(json_t *o, const char *k, int b)
{
    json_object_set_new(o, k, json_boolean(b));
}

void jx_set_id(json_t *o, const char *k, int64_t v)
{
    json_object_set_new(o, k, v > 0 ? json_integer(v) : json_null());
}

const char *jx_get_str(json_t *o, const char *k, int *pbBad)
{
    json_t *v = o ? json_object_get(o, k) : 0;
    if (!v || json_is_null(v)) return 0;
    if (!json_is_string(v)) {
        if (pbBad) *pbBad = 1;
        return 0;
    }
    return json_string_value(v);
}

int jx_get_int(json_t *o, const char *k, int64_t *pv)
{
    json_t *v = o ? json_object_get(o, k) : 0;
    if (!v || json_is_null(v)) return 1;
    if (!json_is_integer(v)) return 2;
    *pv = (int64_t)json_integer_value(v);
    return 0;
}

char *jx_dump(json_t *p)
{
    return json_dumps(p, JSON_COMPACT);
}

/* ---- JxOut ---- */

/* Length of the valid UTF-8 sequence at z (1..4), or 0 if invalid: no
** overlong forms, no surrogates, nothing above U+10FFFF (as jansson). */
static inline int utf8_len(const unsigned char *z)
{
    unsigned c = z[0];
    if (c < 0x80) return 1;
    if (c < 0xc2 || c > 0xf4) return 0;
    int n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    for (int i = 1; i < n; i++)
        if ((z[i] & 0xc0) != 0x80) return 0;
    if (c == 0xe0 && z[1] < 0xa0) return 0; /* overlong */
    if (c == 0xed && z[1] > 0x9f) return 0; /* surrogates */
    if (c == 0xf0 && z[1] < 0x90) return 0; /* overlong */
    if (c == 0xf4 && z[1] > 0x8f) return 0; /* above U+10FFFF */
    return n;
}

/* Append z[0..n) to the text (buf_append() only when it must grow). */
static inline void put(JxOut *p, const void *z, size_t n)
{
    Buf *b = &p->b;
    if (b->n + n + 1 > b->a) {
        buf_append(b, z, n);
        return;
    }
    memcpy(b->z + b->n, z, n);
    b->n += n;
    b->z[b->n] = 0;
}

/* A comma when a value precedes at this level. */
static void out_sep(JxOut *p)
{
    if (p->bComma) put(p, ",", 1);
    p->bComma = 1;
}

void jx_out_reserve(JxOut *p, size_t n)
{
    Buf *b = &p->b;
    if (b->a >= n + 1) return;
    b->z = xrealloc(b->z, n + 1);
    b->a = n + 1;
    b->z[b->n] = 0;
}

void jx_out_open(JxOut *p, char cOpen)
{
    out_sep(p);
    put(p, &cOpen, 1);
    p->bComma = 0;
}

void jx_out_close(JxOut *p, char cClose)
{
    put(p, &cClose, 1);
    p->bComma = 1;
}

void jx_out_key(JxOut *p, const char *zKey)
{
    size_t nKey = strlen(zKey);
    Buf *b = &p->b;
    if (b->n + nKey + 5 > b->a) jx_out_reserve(p, 2 * (b->n + nKey + 5));
    char *z = b->z + b->n; /* ,"key": written in place */
    if (p->bComma) *z++ = ',';
    *z++ = '"';
    memcpy(z, zKey, nKey);
    z += nKey;
    *z++ = '"';
    *z++ = ':';
    *z = 0;
    b->n = (size_t)(z - b->z);
    p->bComma = 0;
}

/* Append the escaped form of z (valid UTF-8 needing escapes), quoted. */
static void put_escaped(JxOut *p, const unsigned char *s)
{
    static const char zHex[] = "0123456789ABCDEF"; /* as jansson */
    put(p, "\"", 1);
    while (*s) {
        const unsigned char *zRun = s;
        while (*s >= 0x20 && *s != '"' && *s != '\\')
            s++;
        put(p, zRun, (size_t)(s - zRun));
        if (!*s) break;
        char zEsc[7] = {'\\', 0, 0, 0, 0, 0, 0};
        size_t nEsc = 2;
        switch (*s) {
        case '"':
            zEsc[1] = '"';
            break;
        case '\\':
            zEsc[1] = '\\';
            break;
        case '\b':
            zEsc[1] = 'b';
            break;
        case '\f':
            zEsc[1] = 'f';
            break;
        case '\n':
            zEsc[1] = 'n';
            break;
        case '\r':
            zEsc[1] = 'r';
            break;
        case '\t':
            zEsc[1] = 't';
            break;
        default:
            memcpy(zEsc + 1, "u00", 3);
            zEsc[4] = zHex[*s >> 4];
            zEsc[5] = zHex[*s & 15];
            nEsc = 6;
        }
        put(p, zEsc, nEsc);
        s++;
    }
    put(p, "\"", 1);
}

/* Scan the string z: 1 when it is valid UTF-8 that needs no escaping, 2
** when valid but some byte must be escaped, 0 when invalid (logged).
** *pn gets its length. */
static int str_scan(const char *z, size_t *pn)
{
    const unsigned char *s = (const unsigned char *)z;
    int bEsc = 0;
    while (*s) {
        unsigned c = *s;
        if (c < 0x80) {
            bEsc |= c < 0x20 || c == '"' || c == '\\';
            s++;
        } else if (c >= 0xe1 && c <= 0xef && c != 0xed &&
                   (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
            s += 3; /* the usual 3-byte character (CJK), no special case */
        } else {
            int n = utf8_len(s);
            if (!n) {
                log_msg(LOG_WARN, "jx_str: invalid UTF-8 dropped");
                return 0;
            }
            s += n;
        }
    }
    *pn = (size_t)(s - (const unsigned char *)z);
    return bEsc ? 2 : 1;
}

/* Write z as a value, given k = str_scan(z, &n) (0 when z is NULL). */
static void put_str(JxOut *p, const char *z, int k, size_t n)
{
    out_sep(p);
    if (k == 0) {
        put(p, "null", 4);
        return;
    }
    if (k == 2) {
        put_escaped(p, (const unsigned char *)z);
        return;
    }
    Buf *b = &p->b; /* the usual case: nothing to escape */
    if (b->n + n + 3 > b->a) jx_out_reserve(p, 2 * (b->n + n + 3));
    b->z[b->n] = '"';
    memcpy(b->z + b->n + 1, z, n);
    b->z[b->n + n + 1] = '"';
    b->n += n + 2;
    b->z[b->n] = 0;
}

void jx_out_str(JxOut *p, const char *z)
{
    size_t n = 0;
    int k = z ? str_scan(z, &n) : 0; /* before n is passed on */
    put_str(p, z, k, n);
}

void jx_out_int(JxOut *p, int64_t v)
{
    char z[24];
    int i = (int)sizeof z;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        z[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) z[--i] = '-';
    out_sep(p);
    put(p, z + i, sizeof z - (size_t)i);
}

void jx_out_bool(JxOut *p, int b)
{
    out_sep(p);
    if (b)
        put(p, "true", 4);
    else
        put(p, "false", 5);
}

void jx_out_kstr(JxOut *p, const char *zKey, const char *z)
{
    size_t n = 0, nKey = strlen(zKey);
    int k = z ? str_scan(z, &n) : 0;
    if (k != 1) { /* null or escapes: the long way */
        jx_out_key(p, zKey);
        put_str(p, z, k, n);
        return;
    }
    Buf *b = &p->b; /* ,"key":"value" in one go */
    if (b->n + nKey + n + 7 > b->a)
        jx_out_reserve(p, 2 * (b->n + nKey + n + 7));
    char *o = b->z + b->n;
    if (p->bComma) *o++ = ',';
    *o++ = '"';
    memcpy(o, zKey, nKey);
    o += nKey;
    *o++ = '"';
    *o++ = ':';
    *o++ = '"';
    memcpy(o, z, n);
    o += n;
    *o++ = '"';
    *o = 0;
    b->n = (size_t)(o - b->z);
    p->bComma = 1;
}

void jx_out_kint(JxOut *p, const char *zKey, int64_t v)
{
    jx_out_key(p, zKey);
    jx_out_int(p, v);
}

void jx_out_kbool(JxOut *p, const char *zKey, int b)
{
    jx_out_key(p, zKey);
    jx_out_bool(p, b);
}
