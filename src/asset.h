/* asset.h: files embedded at build time (SQL migrations, holiday data, the
** web UI).  Generated table in build/assets_data.h. */
#ifndef ZHIBU_ASSET_H
#define ZHIBU_ASSET_H
#include <stddef.h>

typedef struct Asset {
    const char *zPath; /* "sql/sqlite/001_init.sql", "web/index.html" */
    const char *zMime; /* Content-Type */
    const unsigned char *pData; /* bytes, followed by a NUL; static */
    long long nData;            /* length in bytes */
} Asset;

/* Find an embedded file by path; static, or NULL when absent. */
const Asset *asset_find(const char *zPath);
/* The i-th asset in path order, or NULL past the end; static. */
const Asset *asset_at(int i);

#endif
