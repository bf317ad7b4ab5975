/* db.c: backend-agnostic database interface; forwards to the driver chosen
** by the URL scheme, and a fixed connection pool for the server. */
#include "db_int.h"
#include "util.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

int db_set_error(Db *pDb, int rc, const char *zMsg)
{
    pDb->errcode = rc;
    free(pDb->zErr);
    pDb->zErr = xstrdup(zMsg ? zMsg : "");
    return rc;
}

int db_open(const char *zUrl, Db **ppDb, char **pzErr)
{
    *ppDb = 0;
    if (strncmp(zUrl, "postgresql://", 13) == 0 ||
        strncmp(zUrl, "postgres://", 11) == 0) {
#ifdef HAVE_LIBPQ
        return dbPgDriver.xOpen(zUrl, ppDb, pzErr);
#else
        *pzErr = xstrdup("built without PostgreSQL support");
        return DB_ERROR;
#endif
    }
    if (strncmp(zUrl, "sqlite:", 7) == 0) zUrl += 7;
    return dbSqliteDriver.xOpen(zUrl, ppDb, pzErr);
}

int db_lane(Db *pDb)
{
    return pDb->iLane > 0 ? pDb->iLane : 1;
}

int db_step_id(DbStmt *p, int64_t *piId)
{
    int rc = db_step(p);
    if (rc == DB_ROW) {
        *piId = db_col_int64(p, 0);
        return DB_OK;
    }
    return rc == DB_DONE ? DB_ERROR : rc;
}

int db_stamp(Db *pDb, uint64_t *pStamp)
{
    if (!pDb->pDrv->xStamp) return DB_ERROR;
    return pDb->pDrv->xStamp(pDb, pStamp);
}

const char *db_memo_get(Db *pDb, const char *zKey, uint64_t iStamp, size_t *pn)
{
    for (int i = 0; i < DB_MEMO_SLOTS; i++) {
        DbMemo *m = &pDb->aMemo[i];
        if (!m->zKey || m->iStamp != iStamp || strcmp(m->zKey, zKey)) continue;
        m->tUse = ++pDb->iClock;
        *pn = m->n;
        return m->z;
    }
    return 0;
}

void db_memo_put(Db *pDb, const char *zKey, uint64_t iStamp, const char *z,
                 size_t n)
{
    DbMemo *pOld = 0;
    if (n > DB_MEMO_MAX) return;
    for (int i = 0; i < DB_MEMO_SLOTS; i++) {
        DbMemo *m = &pDb->aMemo[i];
        if (m->zKey && strcmp(m->zKey, zKey) == 0) {
            pOld = m; /* the same key under an older stamp */
            break;
        }
        if (!pOld || !m->zKey || (pOld->zKey && m->tUse < pOld->tUse)) pOld = m;
    }
    free(pOld->zKey);
    free(pOld->z);
    pOld->zKey = xstrdup(zKey);
    pOld->z = xmalloc(n ? n : 1);
    memcpy(pOld->z, z, n);
    pOld->n = n;
    pOld->iStamp = iStamp;
    pOld->tUse = ++pDb->iClock;
}

void db_attach(Db *pDb, int iSlot, void *p, void (*xFree)(void *))
{
    if (iSlot < 0 || iSlot >= DB_ATTACH_SLOTS) return;
    if (pDb->apAttach[iSlot] && pDb->axAttachFree[iSlot])
        pDb->axAttachFree[iSlot](pDb->apAttach[iSlot]);
    pDb->apAttach[iSlot] = p;
    pDb->axAttachFree[iSlot] = xFree;
}

void *db_attached(Db *pDb, int iSlot)
{
    return iSlot >= 0 && iSlot < DB_ATTACH_SLOTS ? pDb->apAttach[iSlot] : 0;
}

void db_close(Db *pDb)
{
    if (!pDb) return;
    pDb->bClosing = 1;
    for (int i = 0; i < DB_ATTACH_SLOTS; i++)
        db_attach(pDb, i, 0, 0);
    for (int i = 0; i < DB_MEMO_SLOTS; i++) {
        free(pDb->aMemo[i].zKey);
        free(pDb->aMemo[i].z);
    }
    for (int i = 0; i < DB_CACHE_SLOTS; i++) {
        DbCacheSlot *c = &pDb->aCache[i];
        if (!c->zSql) continue;
        c->pStmt->iSlot = 0;
        pDb->pDrv->xFinalize(c->pStmt);
        free(c->zSql);
        memset(c, 0, sizeof *c);
    }
    pDb->pDrv->xClose(pDb);
}

int db_kind(Db *pDb)
{
    return pDb->pDrv->iKind;
}

int db_exec(Db *pDb, const char *zSql)
{
    return pDb->pDrv->xExec(pDb, zSql);
}

/* FNV-1a of z; *pn gets strlen(z). */
static unsigned sql_hash(const char *z, size_t *pn)
{
    unsigned h = 2166136261u;
    const char *z0 = z;
    for (; *z; z++)
        h = (h ^ (unsigned char)*z) * 16777619u;
    *pn = (size_t)(z - z0);
    return h;
}

/*
** Prepared statements are cached per connection, keyed by the SQL text
** (Fossil's db_static_prepare, done for every statement).  A cached
** statement is handed out reset and with no bindings; db_finalize() resets
** it and returns it to the cache instead of destroying it.  A statement
** whose text is already handed out (the same SQL prepared twice before the
** first is finalized) gets a fresh uncached copy.  When every slot is full,
** the least recently used idle one is replaced; if none is idle the new
** statement is simply not cached.  db_close() destroys the cache.
*/
int db_prepare(Db *pDb, DbStmt **ppStmt, const char *zSql)
{
    size_t n;
    unsigned h = sql_hash(zSql, &n);
    int iFree = -1;
    *ppStmt = 0;
    for (int i = 0; i < DB_CACHE_SLOTS; i++) {
        DbCacheSlot *c = &pDb->aCache[i];
        if (!c->zSql) {
            if (iFree < 0 || pDb->aCache[iFree].zSql) iFree = i;
            continue;
        }
        if (c->h == h && strcmp(c->zSql, zSql) == 0) {
            if (c->bBusy) return pDb->pDrv->xPrepare(pDb, ppStmt, zSql);
            c->bBusy = 1;
            c->tUse = ++pDb->iClock;
            *ppStmt = c->pStmt;
            return DB_OK;
        }
        if (!c->bBusy && (iFree < 0 || (pDb->aCache[iFree].zSql &&
                                        c->tUse < pDb->aCache[iFree].tUse)))
            iFree = i;
    }
    int rc = pDb->pDrv->xPrepare(pDb, ppStmt, zSql);
    if (rc || iFree < 0) return rc;
    DbCacheSlot *c = &pDb->aCache[iFree];
    if (c->zSql) { /* evict the least recently used idle statement */
        c->pStmt->iSlot = 0;
        pDb->pDrv->xFinalize(c->pStmt);
        free(c->zSql);
    }
    c->zSql = xmalloc(n + 1);
    memcpy(c->zSql, zSql, n + 1);
    c->h = h;
    c->pStmt = *ppStmt;
    c->bBusy = 1;
    c->tUse = ++pDb->iClock;
    (*ppStmt)->iSlot = iFree + 1;
    return DB_OK;
}

int db_bind_int64(DbStmt *p, int i, int64_t v)
{
    return p->pDb->pDrv->xBindInt64(p, i, v);
}

int db_bind_text(DbStmt *p, int i, const char *z)
{
    return p->pDb->pDrv->xBindText(p, i, z);
}

int db_bind_text_ref(DbStmt *p, int i, const char *z)
{
    if (p->pDb->pDrv->xBindTextRef) return p->pDb->pDrv->xBindTextRef(p, i, z);
    return p->pDb->pDrv->xBindText(p, i, z);
}

int db_bind_blob_ref(DbStmt *p, int i, const void *z, int n)
{
    if (p->pDb->pDrv->xBindBlobRef)
        return p->pDb->pDrv->xBindBlobRef(p, i, z, n);
    return p->pDb->pDrv->xBindBlob(p, i, z, n);
}

int db_bind_blob(DbStmt *p, int i, const void *z, int n)
{
    return p->pDb->pDrv->xBindBlob(p, i, z, n);
}

int db_bind_null(DbStmt *p, int i)
{
    return p->pDb->pDrv->xBindNull(p, i);
}

int db_step(DbStmt *p)
{
    return p->pDb->pDrv->xStep(p);
}

int db_reset(DbStmt *p)
{
    return p->pDb->pDrv->xReset(p);
}

int db_col_count(DbStmt *p)
{
    return p->pDb->pDrv->xColCount(p);
}

int db_col_is_null(DbStmt *p, int iCol)
{
    return p->pDb->pDrv->xColIsNull(p, iCol);
}

int64_t db_col_int64(DbStmt *p, int iCol)
{
    return p->pDb->pDrv->xColInt64(p, iCol);
}

const char *db_col_text(DbStmt *p, int iCol)
{
    return p->pDb->pDrv->xColText(p, iCol);
}

const void *db_col_blob(DbStmt *p, int iCol, int *pn)
{
    return p->pDb->pDrv->xColBlob(p, iCol, pn);
}

const char *db_col_name(DbStmt *p, int iCol)
{
    return p->pDb->pDrv->xColName(p, iCol);
}

int db_finalize(DbStmt *p)
{
    if (!p) return DB_OK;
    if (p->iSlot) { /* back to the cache, reset and unbound */
        p->pDb->pDrv->xReset(p);
        p->pDb->aCache[p->iSlot - 1].bBusy = 0;
        return DB_OK;
    }
    return p->pDb->pDrv->xFinalize(p);
}

/* The writers of one pool (SQLite) take turns in arrival order: a ticket
** each, served one after another.  SQLite lets one writer in at a time and
** the others poll for the lock; who wins a poll is chance, so under load a
** writer could lose many times in a row (a p99 several times the queue
** length times one write).  The queue makes the wait at most the writers
** ahead of it.  Connections outside a pool (CLI, gen, the checkpointer)
** have no gate and poll as before. */
typedef struct DbGate {
    pthread_mutex_t mu;     /* guards the counters */
    pthread_cond_t cv;      /* broadcast when a turn ends */
    unsigned long nNext;    /* next ticket to hand out */
    unsigned long nServing; /* ticket whose turn it is */
} DbGate;

/* Wait for pDb's turn unless it has none to take (no gate) or already
** holds it; returns 1 when it took one. */
static int gate_enter(Db *pDb)
{
    DbGate *g = pDb->pGate;
    if (!g || pDb->bGated) return 0;
    pthread_mutex_lock(&g->mu);
    unsigned long t = g->nNext++;
    while (g->nServing != t)
        pthread_cond_wait(&g->cv, &g->mu);
    pthread_mutex_unlock(&g->mu);
    pDb->bGated = 1;
    return 1;
}

static void gate_leave(Db *pDb)
{
    DbGate *g = pDb->pGate;
    if (!g || !pDb->bGated) return;
    pthread_mutex_lock(&g->mu);
    g->nServing++;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
    pDb->bGated = 0;
}

int db_begin(Db *pDb)
{
    int bEnter = gate_enter(pDb); /* not when inside a transaction */
    int rc = pDb->pDrv->xBegin(pDb);
    if (rc && bEnter) gate_leave(pDb);
    return rc;
}

int db_commit(Db *pDb)
{
    int rc = pDb->pDrv->xCommit(pDb); /* ends the transaction either way */
    gate_leave(pDb);
    return rc;
}

int db_rollback(Db *pDb)
{
    int rc = pDb->pDrv->xRollback(pDb);
    gate_leave(pDb);
    return rc;
}

int db_errcode(Db *pDb)
{
    return pDb->errcode ? pDb->errcode : DB_ERROR;
}

const char *db_errmsg(Db *pDb)
{
    return pDb->zErr ? pDb->zErr : "";
}

int db_backup(Db *pDb, const char *zPath, char **pzErr)
{
    if (!pDb->pDrv->xBackup) {
        *pzErr = xstrdup("PostgreSQL 数据库请使用 pg_dump 或流复制备份");
        return DB_ERROR;
    }
    return pDb->pDrv->xBackup(pDb, zPath, pzErr);
}

int db_read_begin(Db *pDb)
{
    return pDb->pDrv->xReadBegin ? pDb->pDrv->xReadBegin(pDb) : DB_OK;
}

void db_read_end(Db *pDb)
{
    if (pDb->pDrv->xReadEnd) pDb->pDrv->xReadEnd(pDb);
}

void db_bulk(Db *pDb, int64_t nBytes)
{
    if (pDb->pDrv->xBulk) pDb->pDrv->xBulk(pDb, nBytes);
}

/* Bind parameters described by zTypes from ap. */
static int bind_va(DbStmt *p, const char *zTypes, va_list ap)
{
    int rc = DB_OK;
    for (int i = 0; zTypes && zTypes[i] && rc == DB_OK; i++) {
        if (zTypes[i] == 'i')
            rc = db_bind_int64(p, i + 1, va_arg(ap, int64_t));
        else
            rc = db_bind_text(p, i + 1, va_arg(ap, const char *));
    }
    return rc;
}

int db_prepare_bind(Db *pDb, DbStmt **ppStmt, const char *zSql,
                    const char *zTypes, ...)
{
    va_list ap;
    int rc = db_prepare(pDb, ppStmt, zSql);
    if (rc) return rc;
    va_start(ap, zTypes);
    rc = bind_va(*ppStmt, zTypes, ap);
    va_end(ap);
    if (rc) {
        db_finalize(*ppStmt);
        *ppStmt = 0;
    }
    return rc;
}

int db_one_int64(Db *pDb, int64_t *pv, const char *zSql, const char *zTypes,
                 ...)
{
    DbStmt *p = 0;
    va_list ap;
    int rc = db_prepare(pDb, &p, zSql);
    if (rc) return rc;
    va_start(ap, zTypes);
    rc = bind_va(p, zTypes, ap);
    va_end(ap);
    if (rc == DB_OK) {
        rc = db_step(p);
        if (rc == DB_ROW) {
            *pv = db_col_int64(p, 0);
            rc = DB_OK;
        } else if (rc == DB_DONE) {
            rc = DB_NOTFOUND;
        }
    }
    db_finalize(p);
    return rc;
}

int db_run(Db *pDb, const char *zSql, const char *zTypes, ...)
{
    DbStmt *p = 0;
    va_list ap;
    int rc = db_prepare(pDb, &p, zSql);
    if (rc) return rc;
    va_start(ap, zTypes);
    rc = bind_va(p, zTypes, ap);
    va_end(ap);
    if (rc == DB_OK) {
        do {
            rc = db_step(p);
        } while (rc == DB_ROW);
        if (rc == DB_DONE) rc = DB_OK;
    }
    db_finalize(p);
    return rc;
}

/* The pool: a stack of free connections under a mutex. */
struct DbPool {
    pthread_mutex_t mu; /* guards aFree/nFree */
    pthread_cond_t cv;  /* signalled on put */
    DbGate gate;        /* the writers' queue (SQLite connections) */
    Db **aAll;          /* every connection; owned */
    Db **aFree;         /* free ones */
    int nAll;           /* size of aAll */
    int nFree;          /* entries in aFree */
};

int dbpool_new(const char *zUrl, int n, DbPool **ppPool, char **pzErr)
{
    DbPool *p = xcalloc(1, sizeof(*p));
    pthread_mutex_init(&p->mu, 0);
    pthread_cond_init(&p->cv, 0);
    pthread_mutex_init(&p->gate.mu, 0);
    pthread_cond_init(&p->gate.cv, 0);
    p->aAll = xcalloc((size_t)n, sizeof(Db *));
    p->aFree = xcalloc((size_t)n, sizeof(Db *));
    for (int i = 0; i < n; i++) {
        int rc = db_open(zUrl, &p->aAll[i], pzErr);
        if (rc) {
            p->nAll = i;
            dbpool_free(p);
            return rc;
        }
        if (db_kind(p->aAll[i]) == DB_KIND_SQLITE)
            p->aAll[i]->pGate = &p->gate;
        else
            p->aAll[i]->iLane = 1 + i % DB_LANES;
        p->aFree[p->nFree++] = p->aAll[i];
        p->nAll = i + 1;
    }
    *ppPool = p;
    return DB_OK;
}

Db *dbpool_get(DbPool *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->nFree == 0)
        pthread_cond_wait(&p->cv, &p->mu);
    Db *pDb = p->aFree[--p->nFree];
    pthread_mutex_unlock(&p->mu);
    return pDb;
}

void dbpool_put(DbPool *p, Db *pDb)
{
    if (!pDb) return;
    pthread_mutex_lock(&p->mu);
    p->aFree[p->nFree++] = pDb;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

void dbpool_free(DbPool *p)
{
    if (!p) return;
    for (int i = 0; i < p->nAll; i++)
        db_close(p->aAll[i]);
    free(p->aAll);
    free(p->aFree);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->gate.mu);
    pthread_cond_destroy(&p->gate.cv);
    free(p);
}

int dbpool_autocheckpoint(DbPool *p, int nPages)
{
    char zSql[64];
    if (p->nAll == 0 || db_kind(p->aAll[0]) != DB_KIND_SQLITE) return 0;
    snprintf(zSql, sizeof zSql, "PRAGMA wal_autocheckpoint=%d", nPages);
    for (int i = 0; i < p->nAll; i++)
        db_exec(p->aAll[i], zSql);
    return 1;
}

int db_checkpoint(Db *pDb)
{
    if (db_kind(pDb) != DB_KIND_SQLITE) return DB_OK;
    return db_exec(pDb, "PRAGMA wal_checkpoint(PASSIVE)");
}
