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
} DbDriver;

/* Every driver's connection struct embeds this first. */
struct Db {
    const DbDriver *pDrv; /* The driver */
    int errcode;          /* DB_* code of the last failure */
    char *zErr;           /* Last error text, owned; for logs only */
};
/* Every driver's statement struct embeds this first. */
struct DbStmt {
    Db *pDb; /* Owning connection */
};

/* Record an error on pDb (copies zMsg); returns rc. */
int db_set_error(Db *pDb, int rc, const char *zMsg);

extern const DbDriver dbSqliteDriver;
#ifdef HAVE_LIBPQ
extern const DbDriver dbPgDriver;
#endif

#endif
