/* db_int.h: driver vtable.  Included only by db*.c. */
#ifndef ZHIBU_DB_INT_H
#define ZHIBU_DB_INT_H
#include "db.h"

typedef struct DbDriver {
    const char *zName;
    int iKind;
    int (*xOpen)(const char *zUrl, Db **ppDb, char **pzErr);
    void (*xClose)(Db *);
    int (*xExec)(Db *, const char *zSql);
    int (*xPrepare)(Db *, DbStmt **, const char *zSql);
    int (*xBindInt64)(DbStmt *, int, int64_t);
    int (*xBindText)(DbStmt *, int, const char *);
    int (*xBindBlob)(DbStmt *, int, const void *, int);
    int (*xBindNull)(DbStmt *, int);
    int (*xStep)(DbStmt *);
    int (*xReset)(DbStmt *);
    int (*xColCount)(DbStmt *);
    int (*xColIsNull)(DbStmt *, int);
    int64_t (*xColInt64)(DbStmt *, int);
    const char *(*xColText)(DbStmt *, int);
    const void *(*xColBlob)(DbStmt *, int, int *);
    const char *(*xColName)(DbStmt *, int);
    int (*xFinalize)(DbStmt *);
    int (*xBegin)(Db *);
    int (*xCommit)(Db *);
    int (*xRollback)(Db *);
    int (*xBackup)(Db *, const char *zPath, char **pzErr);
    void (*xBulk)(Db *, int64_t nBytes);                   /* may be NULL */
    int (*xReadBegin)(Db *);                               /* may be NULL */
    int (*xBindTextRef)(DbStmt *, int, const char *);      /* may be NULL */
    int (*xBindBlobRef)(DbStmt *, int, const void *, int); /* may be NULL */
    void (*xReadEnd)(Db *);                                /* may be NULL */
    int (*xStamp)(Db *, uint64_t *);                       /* may be NULL */
} DbDriver;

/* Responses kept per connection by db_memo_put() (db.c). */
#define DB_MEMO_SLOTS 16
#define DB_MEMO_MAX   (64 * 1024) /* larger responses are not kept */

/* One kept response: its key, the stamp it was made under, the bytes. */
typedef struct DbMemo {
    char *zKey;      /* owned; NULL = empty slot */
    uint64_t iStamp; /* db_stamp() before the response was made */
    char *z;         /* the bytes; owned */
    size_t n;        /* their length */
    unsigned tUse;   /* iClock at the last use, for eviction */
} DbMemo;

/* Prepared statements kept per connection by db_prepare() (db.c). */
#define DB_CACHE_SLOTS 128

/* One cached statement: its SQL text and whether a caller holds it. */
typedef struct DbCacheSlot {
    char *zSql;    /* SQL text (the key); owned; NULL = empty slot */
    unsigned h;    /* hash of zSql */
    DbStmt *pStmt; /* the driver statement; owned by the cache */
    int bBusy;     /* handed out and not yet db_finalize()d */
    unsigned tUse; /* iClock at the last hand-out, for eviction */
} DbCacheSlot;

/* Every driver's connection struct embeds this first. */
struct Db {
    const DbDriver *pDrv; /* The driver */
    int errcode;          /* DB_* code of the last failure */
    char *zErr;           /* Last error text, owned; for logs only */
    unsigned iClock;      /* hand-out counter for aCache[].tUse */
    DbCacheSlot aCache[DB_CACHE_SLOTS]; /* statement cache (db.c) */
    DbMemo aMemo[DB_MEMO_SLOTS];        /* response memo (db.c) */
    void *apAttach[DB_ATTACH_SLOTS];    /* db_attach(); owned */
    void (*axAttachFree[DB_ATTACH_SLOTS])(void *);
    int bClosing;         /* db_close() is finalizing */
    struct DbGate *pGate; /* the pool's writer queue (SQLite), or NULL */
    int bGated;           /* this connection holds its turn in pGate */
    int iLane;            /* write lane (db_lane()); 0 means 1 */
};
/* Every driver's statement struct embeds this first. */
struct DbStmt {
    Db *pDb;   /* Owning connection */
    int iSlot; /* 1 + index in pDb->aCache when cached, else 0 */
};

/* Record an error on pDb (copies zMsg); returns rc. */
int db_set_error(Db *pDb, int rc, const char *zMsg);

extern const DbDriver dbSqliteDriver;
#ifdef HAVE_LIBPQ
extern const DbDriver dbPgDriver;
#endif

#endif
