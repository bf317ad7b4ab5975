/* db.h: the one database interface; drivers in db_sqlite.c and db_pg.c.
**
** SQL is written once with $1..$n parameters and runs on both engines.
** A Db is one connection and is used by one thread at a time; the server
** keeps a pool (dbpool_*).
*/
#ifndef ZHIBU_DB_H
#define ZHIBU_DB_H
#include <stddef.h>
#include <stdint.h>

typedef struct Db Db;
typedef struct DbStmt DbStmt;

#define DB_OK         0   /* Success */
#define DB_ERROR      1   /* Generic failure; see db_errmsg() */
#define DB_CONSTRAINT 2   /* UNIQUE/FK/CHECK violation */
#define DB_BUSY       3   /* Lock or serialization failure; retry */
#define DB_NOTFOUND   4   /* Domain helper: no such row */
#define DB_ROW        100 /* db_step(): a row is ready */
#define DB_DONE       101 /* db_step(): statement finished */

#define DB_KIND_SQLITE 1
#define DB_KIND_PG     2

/* Open "sqlite:PATH", a plain PATH, or "postgresql://...".  On failure
** returns DB_ERROR and *pzErr gets a message the caller frees with free(). */
int db_open(const char *zUrl, Db **ppDb, char **pzErr);
void db_close(Db *pDb); /* NULL-safe */
int db_kind(Db *pDb);   /* DB_KIND_SQLITE or DB_KIND_PG */
/* Run one or more statements with no parameters and no result (DDL). */
int db_exec(Db *pDb, const char *zSql);
/* Prepare one statement.  Statements are cached per connection by their
** SQL text: db_finalize() resets a cached one and keeps it for the next
** db_prepare() of the same text, so hot paths do not parse SQL again. */
int db_prepare(Db *pDb, DbStmt **ppStmt, const char *zSql);
int db_bind_int64(DbStmt *p, int i, int64_t v);    /* i is 1-based ($i) */
int db_bind_text(DbStmt *p, int i, const char *z); /* copied; NULL binds NULL */
/* Bind z without copying it (where the driver can): z must stay valid and
** unchanged until p is next reset, rebound or finalized.  For bulk inserts. */
int db_bind_text_ref(DbStmt *p, int i, const char *z);
int db_bind_blob(DbStmt *p, int i, const void *z, int n); /* copied */
/* db_bind_blob() without the copy, as db_bind_text_ref(). */
int db_bind_blob_ref(DbStmt *p, int i, const void *z, int n);
int db_bind_null(DbStmt *p, int i);
int db_step(DbStmt *p);  /* DB_ROW | DB_DONE | error code */
int db_reset(DbStmt *p); /* rebind and run again */
int db_col_count(DbStmt *p);
int db_col_is_null(DbStmt *p, int iCol); /* iCol is 0-based */
int64_t db_col_int64(DbStmt *p, int iCol);
/* Text of a column, NULL for SQL NULL.  Borrowed: valid until the next
** db_step/db_reset/db_finalize on p. */
const char *db_col_text(DbStmt *p, int iCol);
/* Bytes of a blob column; *pn gets its length.  Borrowed, as db_col_text. */
const void *db_col_blob(DbStmt *p, int iCol, int *pn);
const char *db_col_name(DbStmt *p, int iCol); /* borrowed, as db_col_text */
/* Done with p (NULL-safe): destroys it, or resets, unbinds and returns it
** to the connection's statement cache.  Either way p is invalid after. */
int db_finalize(DbStmt *p);
int db_begin(Db *pDb); /* write transaction: BEGIN IMMEDIATE on SQLite */
int db_commit(Db *pDb);
int db_rollback(Db *pDb);
int db_errcode(Db *pDb);        /* DB_* code of the last failure */
const char *db_errmsg(Db *pDb); /* for logs only; borrowed until next call */

/* Convenience: run zSql with text/int parameters given as a printf-free
** list and return the first column of the first row as int64 in *pv.
** Returns DB_OK, DB_NOTFOUND, or an error. zTypes has one char per
** parameter: 'i' (int64_t) or 't' (const char *). */
int db_one_int64(Db *pDb, int64_t *pv, const char *zSql, const char *zTypes,
                 ...);
/* Same as db_one_int64 but runs a statement with no result rows. */
int db_run(Db *pDb, const char *zSql, const char *zTypes, ...);
/* Bind parameters from a va_list by zTypes, as above. */
int db_prepare_bind(Db *pDb, DbStmt **ppStmt, const char *zSql,
                    const char *zTypes, ...);

/* Consistent copy of a SQLite database into zPath while others write.
** Returns DB_ERROR for PostgreSQL (use pg_dump). */
int db_backup(Db *pDb, const char *zPath, char **pzErr);

/* A read-only stretch of several statements: on SQLite one snapshot for
** all of them (BEGIN DEFERRED), which also saves taking and releasing the
** WAL read lock around each; nothing on PostgreSQL (a transaction there
** costs two round trips).  db_read_end() ends it (COMMIT).  A write in
** between joins it and is committed by db_read_end() (the session touch of
** an RF_SNAP route); one that needs its own transaction (db_begin) must
** call db_read_end() first, as auth_audit_denied() does. */
int db_read_begin(Db *pDb);
void db_read_end(Db *pDb);

/* Step an INSERT ... RETURNING id: DB_OK with the id in *piId, DB_ERROR
** when it returned no row, or the step's error. */
int db_step_id(DbStmt *p, int64_t *piId);

/*
** A stamp of the database content as this connection can see it: it
** changes whenever anything may have been written since, by this
** connection (rows changed) or by any other connection or process (a
** commit).  SQLite only (PRAGMA data_version and sqlite3_total_changes64);
** DB_ERROR on PostgreSQL, where nothing is memoised.
*/
int db_stamp(Db *pDb, uint64_t *pStamp);
/*
** The per-connection response memo.  db_memo_get() returns the bytes kept
** under zKey when they were made under stamp iStamp (borrowed, valid until
** the next db_memo_put() on pDb), else NULL.  db_memo_put() keeps a copy of
** z[0..n) under zKey and iStamp (responses over 64 KiB are not kept).
** Take the stamp before reading what the response is made from: a write
** in between then only costs a miss.
*/
const char *db_memo_get(Db *pDb, const char *zKey, uint64_t iStamp, size_t *pn);
void db_memo_put(Db *pDb, const char *zKey, uint64_t iStamp, const char *z,
                 size_t n);

/*
** Per-connection state of a module, kept with the connection instead of
** in a global (e.g. the calendar of compliance.c in DB_ATTACH_CALENDAR).
** db_attach() hands p to the connection, which frees it with xFree at the
** next db_attach() on the slot or at db_close().  db_attached() returns it
** (borrowed; NULL when none).
*/
#define DB_ATTACH_CALENDAR 0
#define DB_ATTACH_SLOTS    1
void db_attach(Db *pDb, int iSlot, void *p, void (*xFree)(void *));
void *db_attached(Db *pDb, int iSlot);

/* Tune this connection for one bulk write of about nBytes of new rows (an
** import), or with nBytes 0 restore what it was.  On SQLite: a page cache
** big enough to keep the whole transaction in memory (no spilling and
** re-reading pages; at most 256 MiB) and statement journals in memory.
** Nothing on PostgreSQL.  Other connections are not affected. */
void db_bulk(Db *pDb, int64_t nBytes);

/* A fixed pool of connections for the server threads. */
/*
** Write lanes.  The audit chain has one head row per lane (audit.c), so
** writers on different lanes do not queue on one row until they commit.
** A connection's lane is 1 unless its pool gave it another: PostgreSQL
** pool connections get 1 + slot % DB_LANES; SQLite has one writer at a
** time anyway and stays on lane 1.
*/
#define DB_LANES 16
int db_lane(Db *pDb); /* 1..DB_LANES */

typedef struct DbPool DbPool;
/* Open n connections to zUrl.  Caller frees with dbpool_free(). */
int dbpool_new(const char *zUrl, int n, DbPool **ppPool, char **pzErr);
/* Borrow a connection, blocking until one is free.  Give it back with
** dbpool_put(). */
Db *dbpool_get(DbPool *p);
void dbpool_put(DbPool *p, Db *pDb);
void dbpool_free(DbPool *p);
/*
** SQLite: PRAGMA wal_autocheckpoint=nPages on every pooled connection; 0
** stops them from checkpointing the WAL themselves, so that no request
** pays for a checkpoint (the server's checkpointer thread runs
** db_checkpoint() instead).  Returns 1 when done, 0 for PostgreSQL
** (nothing to do).
*/
int dbpool_autocheckpoint(DbPool *p, int nPages);
/* SQLite: PRAGMA wal_checkpoint(PASSIVE) (copies what it can without
** waiting for anyone).  DB_OK on PostgreSQL. */
int db_checkpoint(Db *pDb);

#endif
