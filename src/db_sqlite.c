/* db_sqlite.c: the SQLite driver.  WAL, synchronous=FULL, foreign keys,
** busy timeout, BEGIN IMMEDIATE for writes, named $N parameters, and backups
** through the online-backup API. */
#include "db_int.h"
#include "util.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <pthread.h>
#include <time.h>

typedef struct SqDb {
    Db base;           /* must be first */
    sqlite3 *h;        /* connection */
    int bBulk;         /* db_bulk() is in effect */
    int bRead;         /* db_read_begin() opened a transaction */
    int64_t nOldCache; /* PRAGMA cache_size before db_bulk() */
    int64_t nOldTemp;  /* PRAGMA temp_store before db_bulk() */
} SqDb;

#define SQ_BULK_MAX_KIB (256 * 1024) /* largest db_bulk() page cache */

typedef struct SqStmt {
    DbStmt base;     /* must be first */
    sqlite3_stmt *h; /* prepared statement */
    int nMap;        /* entries in aMap */
    int *aMap;       /* aMap[N] = SQLite index of $N (0 = unused); owned */
} SqStmt;

static int map_rc(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
        return DB_OK;
    case SQLITE_ROW:
        return DB_ROW;
    case SQLITE_DONE:
        return DB_DONE;
    case SQLITE_CONSTRAINT:
        return DB_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return DB_BUSY;
    default:
        return DB_ERROR;
    }
}

static int fail(SqDb *p, int rc)
{
    return db_set_error(&p->base, map_rc(rc), sqlite3_errmsg(p->h));
}

static int sq_exec(Db *pDb, const char *zSql)
{
    SqDb *p = (SqDb *)pDb;
    char *zErr = 0;
    int rc = sqlite3_exec(p->h, zSql, 0, 0, &zErr);
    if (rc != SQLITE_OK) {
        db_set_error(pDb, map_rc(rc), zErr ? zErr : sqlite3_errmsg(p->h));
        sqlite3_free(zErr);
        return map_rc(rc);
    }
    return DB_OK;
}

static void sq_close(Db *pDb)
{
    SqDb *p = (SqDb *)pDb;
    sqlite3_close_v2(p->h);
    free(p->base.zErr);
    free(p);
}

/* Process-wide library configuration, before SQLite initialises: no
** memory-statistics mutex on every allocation (we never read them). */
static void sq_config(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/*
** Busy handler: wait for another writer in short steps (0.1 ms for the
** first 20 ms, then 1 ms) for up to about 10 s.  SQLite's own
** sqlite3_busy_timeout() sleeps up to 100 ms a step, which made writes
** queued behind one another wait far longer than the writer ahead of them
** took (a p99 of about 1 s for meeting records under 8 concurrent writers).
*/
static int sq_busy(void *pArg, int nPrior)
{
    (void)pArg;
    struct timespec ts = {0, nPrior < 200 ? 100000 : 1000000};
    if (nPrior >= 200 + 9980) return 0; /* give up: SQLITE_BUSY */
    nanosleep(&ts, 0);
    return 1;
}

static int sq_open(const char *zPath, Db **ppDb, char **pzErr)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sq_config);
    SqDb *p = xcalloc(1, sizeof(*p));
    p->base.pDrv = &dbSqliteDriver;
    int rc = sqlite3_open_v2(
        zPath, &p->h,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, 0);
    if (rc != SQLITE_OK) {
        *pzErr = xprintf("cannot open %s: %s", zPath,
                         p->h ? sqlite3_errmsg(p->h) : "out of memory");
        sqlite3_close_v2(p->h);
        free(p);
        return DB_ERROR;
    }
    sqlite3_busy_handler(p->h, sq_busy, 0);
    sqlite3_extended_result_codes(p->h, 1);
    rc = sq_exec(&p->base, "PRAGMA journal_mode=WAL;"
                           "PRAGMA synchronous=FULL;"
                           "PRAGMA foreign_keys=ON;"
                           "PRAGMA secure_delete=ON;");
    if (rc) {
        *pzErr = xstrdup(p->base.zErr ? p->base.zErr : "pragma failed");
        sq_close(&p->base);
        return DB_ERROR;
    }
    *ppDb = &p->base;
    return DB_OK;
}

static int sq_prepare(Db *pDb, DbStmt **ppStmt, const char *zSql)
{
    SqDb *p = (SqDb *)pDb;
    sqlite3_stmt *h = 0;
    int rc = sqlite3_prepare_v2(p->h, zSql, -1, &h, 0);
    *ppStmt = 0;
    if (rc != SQLITE_OK) return fail(p, rc);
    SqStmt *s = xcalloc(1, sizeof(*s));
    s->base.pDb = pDb;
    s->h = h;
    /* SQLite treats $1 as a named parameter; bind by name (c-style §7.6).
    ** Map each $N to its index once, here, rather than on every bind. */
    int nParam = sqlite3_bind_parameter_count(h);
    for (int k = 1; k <= nParam; k++) {
        const char *zName = sqlite3_bind_parameter_name(h, k);
        int64_t iN = 0;
        if (!zName || zName[0] != '$' || util_parse_int64(zName + 1, &iN) ||
            iN < 1 || iN > 100000)
            continue;
        if (iN >= s->nMap) {
            int nNew = (int)iN + 1;
            s->aMap = xrealloc(s->aMap, sizeof(int) * (size_t)nNew);
            memset(s->aMap + s->nMap, 0,
                   sizeof(int) * (size_t)(nNew - s->nMap));
            s->nMap = nNew;
        }
        s->aMap[iN] = k;
    }
    *ppStmt = &s->base;
    return DB_OK;
}

/* The SQLite index of parameter $i, or 0 when the statement has none. */
static int param_index(SqStmt *s, int i)
{
    return i > 0 && i < s->nMap ? s->aMap[i] : 0;
}

static int bind_done(SqStmt *s, int rc)
{
    if (rc == SQLITE_OK || rc == SQLITE_RANGE) return DB_OK;
    return fail((SqDb *)s->base.pDb, rc);
}

static int sq_bind_int64(DbStmt *pStmt, int i, int64_t v)
{
    SqStmt *s = (SqStmt *)pStmt;
    int k = param_index(s, i);
    return k ? bind_done(s, sqlite3_bind_int64(s->h, k, v)) : DB_OK;
}

static int sq_bind_text(DbStmt *pStmt, int i, const char *z)
{
    SqStmt *s = (SqStmt *)pStmt;
    int k = param_index(s, i);
    if (!k) return DB_OK;
    if (!z) return bind_done(s, sqlite3_bind_null(s->h, k));
    return bind_done(s, sqlite3_bind_text(s->h, k, z, -1, SQLITE_TRANSIENT));
}

static int sq_bind_text_ref(DbStmt *pStmt, int i, const char *z)
{
    SqStmt *s = (SqStmt *)pStmt;
    int k = param_index(s, i);
    if (!k) return DB_OK;
    if (!z) return bind_done(s, sqlite3_bind_null(s->h, k));
    return bind_done(s, sqlite3_bind_text(s->h, k, z, -1, SQLITE_STATIC));
}

static int sq_bind_blob_ref(DbStmt *pStmt, int i, const void *z, int n)
{
    SqStmt *s = (SqStmt *)pStmt;
    int k = param_index(s, i);
    return k ? bind_done(s, sqlite3_bind_blob(s->h, k, z, n, SQLITE_STATIC))
             : DB_OK;
}

static int sq_bind_blob(DbStmt *pStmt, int i, const void *z, int n)
{
    SqStmt *s = (SqStmt *)pStmt;
    int k = param_index(s, i);
    return k ? bind_done(s, sqlite3_bind_blob(s->h, k, z, n, SQLITE_TRANSIENT))
             : DB_OK;
}

static int sq_bind_null(DbStmt *pStmt, int i)
{
    SqStmt *s = (SqStmt *)pStmt;
    int k = param_index(s, i);
    return k ? bind_done(s, sqlite3_bind_null(s->h, k)) : DB_OK;
}

static int sq_step(DbStmt *pStmt)
{
    SqStmt *s = (SqStmt *)pStmt;
    int rc = sqlite3_step(s->h);
    if (rc == SQLITE_ROW) return DB_ROW;
    if (rc == SQLITE_DONE) return DB_DONE;
    return fail((SqDb *)s->base.pDb, rc);
}

static int sq_reset(DbStmt *pStmt)
{
    SqStmt *s = (SqStmt *)pStmt;
    sqlite3_reset(s->h);
    sqlite3_clear_bindings(s->h);
    return DB_OK;
}

static int sq_col_count(DbStmt *pStmt)
{
    return sqlite3_column_count(((SqStmt *)pStmt)->h);
}

static int sq_col_is_null(DbStmt *pStmt, int i)
{
    return sqlite3_column_type(((SqStmt *)pStmt)->h, i) == SQLITE_NULL;
}

static int64_t sq_col_int64(DbStmt *pStmt, int i)
{
    return sqlite3_column_int64(((SqStmt *)pStmt)->h, i);
}

static const char *sq_col_text(DbStmt *pStmt, int i)
{
    return (const char *)sqlite3_column_text(((SqStmt *)pStmt)->h, i);
}

static const void *sq_col_blob(DbStmt *pStmt, int i, int *pn)
{
    SqStmt *s = (SqStmt *)pStmt;
    const void *z = sqlite3_column_blob(s->h, i);
    *pn = sqlite3_column_bytes(s->h, i);
    return z;
}

static const char *sq_col_name(DbStmt *pStmt, int i)
{
    return sqlite3_column_name(((SqStmt *)pStmt)->h, i);
}

static int sq_finalize(DbStmt *pStmt)
{
    SqStmt *s = (SqStmt *)pStmt;
    sqlite3_finalize(s->h);
    free(s->aMap);
    free(s);
    return DB_OK;
}

static int sq_begin(Db *pDb)
{
    return sq_exec(pDb, "BEGIN IMMEDIATE");
}

static int sq_commit(Db *pDb)
{
    int rc = sq_exec(pDb, "COMMIT");
    /* A failed COMMIT leaves the transaction open: end it, as PostgreSQL
    ** does, so no connection returns to the pool mid-transaction. */
    if (rc && !sqlite3_get_autocommit(((SqDb *)pDb)->h)) {
        int saved = pDb->errcode;
        sqlite3_exec(((SqDb *)pDb)->h, "ROLLBACK", 0, 0, 0);
        pDb->errcode = saved;
    }
    return rc;
}

static int sq_rollback(Db *pDb)
{
    SqDb *p = (SqDb *)pDb;
    if (sqlite3_get_autocommit(p->h)) return DB_OK;
    return sq_exec(pDb, "ROLLBACK");
}

/* Run the statement zSql (no rows) through the statement cache. */
static int run_cached(Db *pDb, const char *zSql)
{
    DbStmt *p = 0;
    int rc = db_prepare(pDb, &p, zSql);
    if (rc) return rc;
    rc = db_step(p);
    db_finalize(p);
    return rc == DB_DONE ? DB_OK : rc;
}

static int sq_read_begin(Db *pDb)
{
    SqDb *p = (SqDb *)pDb;
    if (!sqlite3_get_autocommit(p->h)) return DB_OK; /* already in one */
    int rc = run_cached(pDb, "BEGIN");
    p->bRead = rc == DB_OK;
    return rc;
}

static void sq_read_end(Db *pDb)
{
    SqDb *p = (SqDb *)pDb;
    if (!p->bRead) return;
    p->bRead = 0;
    if (!sqlite3_get_autocommit(p->h) && run_cached(pDb, "COMMIT"))
        sqlite3_exec(p->h, "ROLLBACK", 0, 0, 0);
}

/* db_stamp(): PRAGMA data_version moves on commits by other connections
** and processes, sqlite3_total_changes64() on rows changed by this one;
** both only grow, so dv * 2^32 + changes grows whenever either does. */
static int sq_stamp(Db *pDb, uint64_t *pStamp)
{
    SqDb *p = (SqDb *)pDb;
    DbStmt *s = 0;
    int rc = db_prepare(pDb, &s, "PRAGMA data_version");
    if (rc) return rc;
    rc = db_step(s);
    uint64_t dv = rc == DB_ROW ? (uint64_t)db_col_int64(s, 0) : 0;
    db_finalize(s);
    if (rc != DB_ROW) return rc == DB_DONE ? DB_ERROR : rc;
    *pStamp = (dv << 32) + (uint64_t)sqlite3_total_changes64(p->h);
    return DB_OK;
}

/* The integer result of a one-row PRAGMA, or -1. */
static int64_t pragma_int(SqDb *p, const char *zSql)
{
    sqlite3_stmt *h = 0;
    int64_t v = -1;
    if (sqlite3_prepare_v2(p->h, zSql, -1, &h, 0) == SQLITE_OK &&
        sqlite3_step(h) == SQLITE_ROW)
        v = sqlite3_column_int64(h, 0);
    sqlite3_finalize(h);
    return v;
}

static void sq_bulk(Db *pDb, int64_t nBytes)
{
    SqDb *p = (SqDb *)pDb;
    char zSql[80];
    if (nBytes > 0 && !p->bBulk) {
        int64_t nKiB = nBytes / 1024;
        if (nKiB > SQ_BULK_MAX_KIB) nKiB = SQ_BULK_MAX_KIB;
        p->nOldCache = pragma_int(p, "PRAGMA cache_size");
        p->nOldTemp = pragma_int(p, "PRAGMA temp_store");
        if (-p->nOldCache >= nKiB || p->nOldCache == -1) return;
        p->bBulk = 1;
        snprintf(zSql, sizeof zSql,
                 "PRAGMA cache_size=-%lld; PRAGMA temp_store=MEMORY",
                 (long long)nKiB);
        sqlite3_exec(p->h, zSql, 0, 0, 0);
    } else if (nBytes == 0 && p->bBulk) {
        p->bBulk = 0;
        snprintf(zSql, sizeof zSql,
                 "PRAGMA cache_size=%lld; PRAGMA temp_store=%lld",
                 (long long)p->nOldCache, (long long)p->nOldTemp);
        sqlite3_exec(p->h, zSql, 0, 0, 0);
        sqlite3_db_release_memory(p->h); /* give the big cache back */
    }
}

/* Online backup into zPath: copy to a temp file beside it, fsync, rename,
** fsync the directory (security checklist 0.6). */
static int sq_backup(Db *pDb, const char *zPath, char **pzErr)
{
    SqDb *p = (SqDb *)pDb;
    char *zTmp = xprintf("%s.tmp-%d", zPath, (int)getpid());
    sqlite3 *pTo = 0;
    int rc = sqlite3_open(zTmp, &pTo);
    if (rc == SQLITE_OK) {
        sqlite3_backup *b = sqlite3_backup_init(pTo, "main", p->h, "main");
        if (b) {
            do {
                rc = sqlite3_backup_step(b, 256);
                if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
            } while (rc == SQLITE_OK || rc == SQLITE_BUSY ||
                     rc == SQLITE_LOCKED);
            sqlite3_backup_finish(b);
        }
        rc = sqlite3_errcode(pTo);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(pTo, "PRAGMA journal_mode=DELETE", 0, 0, 0);
    if (rc != SQLITE_OK) {
        *pzErr = xprintf("backup failed: %s",
                         pTo ? sqlite3_errmsg(pTo) : "open failed");
        sqlite3_close(pTo);
        unlink(zTmp);
        free(zTmp);
        return DB_ERROR;
    }
    sqlite3_close(pTo);
    int fd = open(zTmp, O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    if (rename(zTmp, zPath)) {
        *pzErr = xprintf("cannot rename backup into %s", zPath);
        unlink(zTmp);
        free(zTmp);
        return DB_ERROR;
    }
    free(zTmp);
    char *zDir = xstrdup(zPath);
    char *zSlash = strrchr(zDir, '/');
    if (zSlash)
        *zSlash = 0;
    else
        strcpy(zDir, ".");
    fd = open(zDir, O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(zDir);
    return DB_OK;
}

const DbDriver dbSqliteDriver = {
    .zName = "sqlite",
    .iKind = DB_KIND_SQLITE,
    .xOpen = sq_open,
    .xClose = sq_close,
    .xExec = sq_exec,
    .xPrepare = sq_prepare,
    .xBindInt64 = sq_bind_int64,
    .xBindText = sq_bind_text,
    .xBindBlob = sq_bind_blob,
    .xBindNull = sq_bind_null,
    .xStep = sq_step,
    .xReset = sq_reset,
    .xColCount = sq_col_count,
    .xColIsNull = sq_col_is_null,
    .xColInt64 = sq_col_int64,
    .xColText = sq_col_text,
    .xColBlob = sq_col_blob,
    .xColName = sq_col_name,
    .xFinalize = sq_finalize,
    .xBegin = sq_begin,
    .xCommit = sq_commit,
    .xRollback = sq_rollback,
    .xBackup = sq_backup,
    .xBulk = sq_bulk,
    .xReadBegin = sq_read_begin,
    .xReadEnd = sq_read_end,
    .xStamp = sq_stamp,
    .xBindTextRef = sq_bind_text_ref,
    .xBindBlobRef = sq_bind_blob_ref,
};
