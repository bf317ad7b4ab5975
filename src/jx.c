/* jx.c: jansson helpers. */
#include "jx.h"
#include "log.h"

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
