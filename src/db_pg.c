/* db_pg.c: the PostgreSQL driver (libpq, blocking).  Compiled only with
** HAVE_LIBPQ.  Entry point: the dbPgDriver vtable, reached from db_open()
** for postgresql:// URLs (c-style §7.6).
**
** A statement keeps its SQL text and up to PG_MAX_PARAM text parameters;
** the first db_step() sends them with PQexecParams (server-inferred types,
** text results) and the following steps walk the rows of the PGresult.
** Errors are mapped from the SQLSTATE: class 23 is DB_CONSTRAINT,
** serialization failure, deadlock and lock-not-available are DB_BUSY.
** Every session runs in UTF8, UTC and READ COMMITTED.  A lost connection is
** re-established once before the next statement, unless it was lost inside
** a transaction: that transaction is gone, so statements fail until the
** caller calls db_rollback(). */
#ifdef HAVE_LIBPQ
#include "db_int.h"
#include "util.h"
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_MAX_PARAM 1024 /* Highest $N a statement may use */
#define PG_BYTEA_OID 17   /* pg_type.oid of bytea */

typedef struct PgDb {
    Db base;            /* must be first */
    PGconn *h;          /* connection */
    int bTxn;           /* db_begin() succeeded and no commit/rollback yet */
    unsigned iGen;      /* bumped when the session is re-established */
    unsigned iNextName; /* for the names of server-side prepared statements */
} PgDb;

typedef struct PgStmt {
    DbStmt base;            /* must be first */
    char *zSql;             /* SQL text; owned */
    int nParam;             /* highest $N in zSql */
    char **azParam;         /* text of $1..$nParam, NULL = SQL NULL;
                                 ** nParam entries, owned */
    int bRan;               /* the statement has been sent */
    int bByValue;           /* planned for its values each run (path range) */
    char zName[24];         /* server-side prepared name, "" when none */
    unsigned iGen;          /* PgDb.iGen when zName was prepared */
    int rcEnd;              /* what db_step returns after the rows */
    PGresult *pRes;         /* rows of the run, or NULL */
    int iRow;               /* current row, -1 before the first */
    unsigned char **apBlob; /* decoded bytea per column, this row */
} PgStmt;

/* Map a SQLSTATE (may be NULL) to a DB_* code. */
static int map_state(const char *zState)
{
    if (!zState) return DB_ERROR;
    if (strncmp(zState, "23", 2) == 0) return DB_CONSTRAINT;
    if (strcmp(zState, "40001") == 0 || strcmp(zState, "40P01") == 0 ||
        strcmp(zState, "55P03") == 0)
        return DB_BUSY;
    return DB_ERROR;
}

/* Record the failure described by pRes (may be NULL: then the connection's
** message) on p, with trailing newlines trimmed.  Returns the DB_* code. */
static int fail_result(PgDb *p, const PGresult *pRes)
{
    const char *zMsg = pRes ? PQresultErrorMessage(pRes) : "";
    int rc = DB_ERROR;
    if (pRes) rc = map_state(PQresultErrorField(pRes, PG_DIAG_SQLSTATE));
    if (!zMsg[0]) zMsg = PQerrorMessage(p->h);
    if (!zMsg[0]) zMsg = "unknown PostgreSQL error";
    size_t n = strlen(zMsg);
    while (n > 0 && (zMsg[n - 1] == '\n' || zMsg[n - 1] == '\r'))
        n--;
    char *z = xstrndup(zMsg, n);
    db_set_error(&p->base, rc, z);
    free(z);
    return rc;
}

/* Server notices (e.g. "relation already exists, skipping") are dropped:
** libpq would print them on stderr. */
static void quiet_notice(void *pArg, const char *zMsg)
{
    (void)pArg;
    (void)zMsg;
}

/* Per-session settings; run after connecting and after every PQreset(),
** which starts a new session.  Returns DB_OK or an error recorded on p. */
static int session_setup(PgDb *p)
{
    if (PQsetClientEncoding(p->h, "UTF8") != 0) return fail_result(p, 0);
    PGresult *r = PQexec(p->h, "SET TIME ZONE 'UTC';"
                               "SET default_transaction_isolation"
                               " TO 'read committed';"
                               /* PostgreSQL's default: a prepared
                               ** statement gets a generic plan once that is
                               ** no costlier than planning each run */
                               "SET plan_cache_mode TO auto");
    int rc = DB_OK;
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) rc = fail_result(p, r);
    PQclear(r);
    return rc;
}

/*
** Make sure p has a live connection before a statement is sent.  A broken
** connection is reset once (and the session set up again).  Inside a
** transaction the connection is not reset: the server has rolled the
** transaction back, so running further statements in autocommit would be
** wrong; the caller must call db_rollback() first.
*/
static int ensure_conn(PgDb *p)
{
    if (PQstatus(p->h) == CONNECTION_OK) return DB_OK;
    if (p->bTxn) {
        return db_set_error(&p->base, DB_ERROR,
                            "connection to PostgreSQL lost inside a "
                            "transaction; roll back");
    }
    PQreset(p->h);
    p->iGen++; /* prepared statements died with the old session */
    if (PQstatus(p->h) != CONNECTION_OK) return fail_result(p, 0);
    return session_setup(p);
}

/* Run zSql with PQexec (several statements allowed); any status other than
** command-ok, tuples-ok or empty is an error.  If pzStatus is not NULL it
** gets a copy of PQcmdStatus (caller frees with free()). */
static int pg_exec_status(PgDb *p, const char *zSql, char **pzStatus)
{
    int rc = ensure_conn(p);
    if (rc) return rc;
    PGresult *r = PQexec(p->h, zSql);
    ExecStatusType e = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (e != PGRES_COMMAND_OK && e != PGRES_TUPLES_OK &&
        e != PGRES_EMPTY_QUERY) {
        rc = fail_result(p, r);
    } else if (pzStatus) {
        *pzStatus = xstrdup(PQcmdStatus(r));
    }
    PQclear(r);
    return rc;
}

static int pg_exec(Db *pDb, const char *zSql)
{
    return pg_exec_status((PgDb *)pDb, zSql, 0);
}

static void pg_close(Db *pDb)
{
    PgDb *p = (PgDb *)pDb;
    PQfinish(p->h);
    free(p->base.zErr);
    free(p);
}

/* Connect to zUrl (postgresql://...).  On failure *pzErr gets the libpq
** message (never the URL, which may hold a password). */
static int pg_open(const char *zUrl, Db **ppDb, char **pzErr)
{
    PgDb *p = xcalloc(1, sizeof(*p));
    p->base.pDrv = &dbPgDriver;
    p->h = PQconnectdb(zUrl);
    if (!p->h) abort(); /* libpq returns NULL only when out of memory */
    if (PQstatus(p->h) != CONNECTION_OK) {
        *pzErr =
            xprintf("cannot connect to PostgreSQL: %s", PQerrorMessage(p->h));
        pg_close(&p->base);
        return DB_ERROR;
    }
    PQsetNoticeProcessor(p->h, quiet_notice, 0);
    if (session_setup(p)) {
        *pzErr = xprintf("PostgreSQL session setup failed: %s",
                         p->base.zErr ? p->base.zErr : "");
        pg_close(&p->base);
        return DB_ERROR;
    }
    *ppDb = &p->base;
    return DB_OK;
}

/* True if c can continue an SQL identifier or keyword. */
static int ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '$' ||
           (unsigned char)c >= 0x80;
}

/* z[i] is an opening quote q; return the index just past the closing one.
** A doubled quote stands for itself; bEsc also allows backslash escapes
** (E'...' strings). */
static size_t skip_quoted(const char *z, size_t i, char q, int bEsc)
{
    for (i++; z[i]; i++) {
        if (bEsc && z[i] == '\\' && z[i + 1]) {
            i++;
        } else if (z[i] == q) {
            if (z[i + 1] != q) return i + 1;
            i++;
        }
    }
    return i;
}

/* z[i] is '$' not starting a parameter.  If it opens a dollar-quoted string
** ($$...$$ or $tag$...$tag$), return the index past its end; otherwise
** i + 1. */
static size_t skip_dollar(const char *z, size_t i)
{
    size_t j = i + 1;
    while (z[j] && z[j] != '$' && ident_char(z[j]))
        j++;
    if (z[j] != '$') return i + 1;
    size_t nTag = j + 1 - i;
    const char *zEnd = z + j + 1;
    while ((zEnd = strchr(zEnd, '$')) != 0) {
        if (strncmp(zEnd, z + i, nTag) == 0) return (size_t)(zEnd - z) + nTag;
        zEnd++;
    }
    return strlen(z);
}

/*
** Return the highest parameter number $N used in zSql, skipping string
** literals, quoted identifiers, dollar-quoted strings and comments, or -1
** if it exceeds PG_MAX_PARAM.  PQexecParams must be given exactly that many
** values; unbound ones are sent as NULL, as SQLite would bind them.
*/
static int count_params(const char *z)
{
    int nMax = 0;
    size_t i = 0;
    while (z[i]) {
        char c = z[i];
        if (c == '\'' || c == '"') {
            i = skip_quoted(z, i, c, 0);
        } else if (c == '-' && z[i + 1] == '-') {
            while (z[i] && z[i] != '\n')
                i++;
        } else if (c == '/' && z[i + 1] == '*') {
            int nDepth = 1; /* PostgreSQL block comments nest */
            for (i += 2; z[i] && nDepth > 0; i++) {
                if (z[i] == '/' && z[i + 1] == '*') {
                    nDepth++;
                    i++;
                } else if (z[i] == '*' && z[i + 1] == '/') {
                    nDepth--;
                    i++;
                }
            }
        } else if (c == '$' && z[i + 1] >= '0' && z[i + 1] <= '9') {
            int n = 0;
            for (i++; z[i] >= '0' && z[i] <= '9'; i++) {
                if (n <= PG_MAX_PARAM) n = n * 10 + (z[i] - '0');
            }
            if (n > nMax) nMax = n;
        } else if (c == '$') {
            i = skip_dollar(z, i);
        } else if (ident_char(c)) {
            /* A whole word, so "a$1" is an identifier, not a parameter. */
            size_t j = i;
            while (ident_char(z[j]))
                j++;
            if (j == i + 1 && (c == 'E' || c == 'e') && z[j] == '\'')
                j = skip_quoted(z, j, '\'', 1);
            i = j;
        } else {
            i++;
        }
    }
    return nMax > PG_MAX_PARAM ? -1 : nMax;
}

/* No server round trip: syntax errors are reported by the first db_step. */
static int pg_prepare(Db *pDb, DbStmt **ppStmt, const char *zSql)
{
    *ppStmt = 0;
    int nParam = count_params(zSql);
    if (nParam < 0) {
        return db_set_error(pDb, DB_ERROR,
                            "too many parameters (more than $1024)");
    }
    PgStmt *s = xcalloc(1, sizeof(*s));
    s->base.pDb = pDb;
    s->zSql = xstrdup(zSql);
    s->nParam = nParam;
    /* A materialised-path range ("o.path >= $1 AND o.path < $2") matches
    ** one org or a province: its plan depends on the values (see stmt_run). */
    s->bByValue = strstr(zSql, "path >= $") != 0;
    s->azParam = xcalloc(nParam ? (size_t)nParam : 1, sizeof(char *));
    s->iRow = -1;
    *ppStmt = &s->base;
    return DB_OK;
}

/* Free the decoded blobs of the current row. */
static void clear_blobs(PgStmt *s)
{
    if (!s->apBlob) return;
    int n = s->pRes ? PQnfields(s->pRes) : 0;
    for (int i = 0; i < n; i++)
        PQfreemem(s->apBlob[i]);
    free(s->apBlob);
    s->apBlob = 0;
}

/* Forget the result and every bound value. */
static void clear_run(PgStmt *s)
{
    clear_blobs(s);
    PQclear(s->pRes);
    s->pRes = 0;
    for (int i = 0; i < s->nParam; i++) {
        free(s->azParam[i]);
        s->azParam[i] = 0;
    }
    s->bRan = 0;
    s->rcEnd = DB_DONE;
    s->iRow = -1;
}

/* Store zVal (owned, NULL for SQL NULL) as parameter $i.  Indexes the SQL
** does not use are ignored, as on SQLite; binding after db_step without
** db_reset is an error, as on SQLite. */
static int set_param(DbStmt *pStmt, int i, char *zVal)
{
    PgStmt *s = (PgStmt *)pStmt;
    if (s->bRan) {
        free(zVal);
        return db_set_error(s->base.pDb, DB_ERROR,
                            "bind after db_step without db_reset");
    }
    if (i < 1 || i > s->nParam) {
        free(zVal);
        return DB_OK;
    }
    free(s->azParam[i - 1]);
    s->azParam[i - 1] = zVal;
    return DB_OK;
}

static int pg_bind_int64(DbStmt *pStmt, int i, int64_t v)
{
    return set_param(pStmt, i, xprintf("%" PRId64, v));
}

static int pg_bind_text(DbStmt *pStmt, int i, const char *z)
{
    return set_param(pStmt, i, xstrdup(z));
}

/* Blobs travel as bytea hex text: \x followed by two digits a byte. */
static int pg_bind_blob(DbStmt *pStmt, int i, const void *z, int n)
{
    static const char zHex[] = "0123456789abcdef";
    if (!z) return set_param(pStmt, i, 0);
    if (n < 0) {
        return db_set_error(pStmt->pDb, DB_ERROR, "negative blob length");
    }
    const unsigned char *a = z;
    char *zOut = xmalloc((size_t)n * 2 + 3);
    zOut[0] = '\\';
    zOut[1] = 'x';
    for (int k = 0; k < n; k++) {
        zOut[2 + 2 * k] = zHex[a[k] >> 4];
        zOut[3 + 2 * k] = zHex[a[k] & 15];
    }
    zOut[2 + 2 * (size_t)n] = 0;
    return set_param(pStmt, i, zOut);
}

static int pg_bind_null(DbStmt *pStmt, int i)
{
    return set_param(pStmt, i, 0);
}

/* Send the statement and its parameters; keep the rows in s->pRes. */
static int stmt_run(PgStmt *s)
{
    PgDb *p = (PgDb *)s->base.pDb;
    int rc = ensure_conn(p);
    if (rc) return rc;
    PGresult *r;
    /* A statement kept in db.c's per-connection cache is prepared on the
    ** server once, then executed by name (parsed once; planned once when
    ** the server's generic plan is as cheap as planning each run).  Others,
    ** and path ranges, go with PQexecParams: planned for their values every
    ** time (a generic plan for a path range was far slower, measured). */
    int bNamed = s->base.iSlot && !s->bByValue;
    if (bNamed && (!s->zName[0] || s->iGen != p->iGen)) {
        char zName[24];
        snprintf(zName, sizeof zName, "zs%u", ++p->iNextName);
        PGresult *q = PQprepare(p->h, zName, s->zSql, s->nParam, 0);
        if (q && PQresultStatus(q) == PGRES_COMMAND_OK) {
            memcpy(s->zName, zName, sizeof zName);
            s->iGen = p->iGen;
        } else {
            s->zName[0] = 0; /* fall back to PQexecParams, which reports */
        }
        PQclear(q);
    }
    if (bNamed && s->zName[0])
        r = PQexecPrepared(p->h, s->zName, s->nParam,
                           (const char *const *)s->azParam, 0, 0, 0);
    else
        r = PQexecParams(p->h, s->zSql, s->nParam, 0,
                         (const char *const *)s->azParam, 0, 0, 0);
    ExecStatusType e = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (e != PGRES_TUPLES_OK && e != PGRES_COMMAND_OK &&
        e != PGRES_EMPTY_QUERY) {
        rc = fail_result(p, r);
        PQclear(r);
        return rc;
    }
    s->pRes = r;
    return DB_OK;
}

/* The first call runs the statement; each call then moves to the next row.
** After the last row (or a failure) it keeps returning DB_DONE (or the
** error) until db_reset. */
static int pg_step(DbStmt *pStmt)
{
    PgStmt *s = (PgStmt *)pStmt;
    clear_blobs(s);
    if (!s->bRan) {
        s->bRan = 1;
        s->iRow = -1;
        int rc = stmt_run(s);
        s->rcEnd = rc ? rc : DB_DONE;
    }
    int nRow = s->pRes ? PQntuples(s->pRes) : 0;
    if (s->iRow + 1 < nRow) {
        s->iRow++;
        return DB_ROW;
    }
    s->iRow = nRow;
    return s->rcEnd;
}

static int pg_reset(DbStmt *pStmt)
{
    clear_run((PgStmt *)pStmt);
    return DB_OK;
}

/* Column count is known only once the statement has run: 0 before. */
static int pg_col_count(DbStmt *pStmt)
{
    PgStmt *s = (PgStmt *)pStmt;
    return s->pRes ? PQnfields(s->pRes) : 0;
}

/* True if there is a current row and iCol is one of its columns. */
static int have_cell(PgStmt *s, int iCol)
{
    return s->pRes && s->iRow >= 0 && s->iRow < PQntuples(s->pRes) &&
           iCol >= 0 && iCol < PQnfields(s->pRes);
}

static int pg_col_is_null(DbStmt *pStmt, int iCol)
{
    PgStmt *s = (PgStmt *)pStmt;
    return !have_cell(s, iCol) || PQgetisnull(s->pRes, s->iRow, iCol);
}

static const char *pg_col_text(DbStmt *pStmt, int iCol)
{
    PgStmt *s = (PgStmt *)pStmt;
    if (pg_col_is_null(pStmt, iCol)) return 0;
    return PQgetvalue(s->pRes, s->iRow, iCol);
}

/* Integers arrive as decimal text; booleans as "t"/"f".  NULL gives 0. */
static int64_t pg_col_int64(DbStmt *pStmt, int iCol)
{
    const char *z = pg_col_text(pStmt, iCol);
    if (!z) return 0;
    if (strcmp(z, "t") == 0) return 1;
    if (strcmp(z, "f") == 0) return 0;
    return (int64_t)strtoll(z, 0, 10);
}

/* A bytea column is decoded (hex or escape output) into a buffer owned by
** the statement until the next step; other columns give their text bytes. */
static const void *pg_col_blob(DbStmt *pStmt, int iCol, int *pn)
{
    PgStmt *s = (PgStmt *)pStmt;
    *pn = 0;
    const char *z = pg_col_text(pStmt, iCol);
    if (!z) return 0;
    if (PQftype(s->pRes, iCol) != PG_BYTEA_OID) {
        *pn = PQgetlength(s->pRes, s->iRow, iCol);
        return z;
    }
    if (!s->apBlob) {
        s->apBlob = xcalloc((size_t)PQnfields(s->pRes), sizeof(char *));
    }
    size_t n = 0;
    PQfreemem(s->apBlob[iCol]);
    s->apBlob[iCol] = PQunescapeBytea((const unsigned char *)z, &n);
    if (!s->apBlob[iCol]) abort(); /* out of memory */
    *pn = (int)n;
    return s->apBlob[iCol];
}

static const char *pg_col_name(DbStmt *pStmt, int iCol)
{
    PgStmt *s = (PgStmt *)pStmt;
    if (!s->pRes || iCol < 0 || iCol >= PQnfields(s->pRes)) return 0;
    return PQfname(s->pRes, iCol);
}

static int pg_finalize(DbStmt *pStmt)
{
    PgStmt *s = (PgStmt *)pStmt;
    PgDb *p = (PgDb *)s->base.pDb;
    clear_run(s);
    if (s->zName[0] && s->iGen == p->iGen && !p->bTxn && !p->base.bClosing &&
        PQstatus(p->h) == CONNECTION_OK) {
        /* evicted from the cache: free the server's copy (outside a
        ** transaction only, where a failure cannot abort anything) */
        char zSql[40];
        snprintf(zSql, sizeof zSql, "DEALLOCATE %s", s->zName);
        PQclear(PQexec(p->h, zSql));
    }
    free(s->azParam);
    free(s->zSql);
    free(s);
    return DB_OK;
}

/* BEGIN inside an open transaction is an error, as on SQLite (PostgreSQL
** would only warn). */
static int pg_begin(Db *pDb)
{
    PgDb *p = (PgDb *)pDb;
    if (p->bTxn || PQtransactionStatus(p->h) == PQTRANS_INTRANS ||
        PQtransactionStatus(p->h) == PQTRANS_INERROR) {
        return db_set_error(pDb, DB_ERROR, "transaction already open");
    }
    int rc = pg_exec_status(p, "BEGIN", 0);
    if (rc == DB_OK) p->bTxn = 1;
    return rc;
}

/*
** COMMIT.  In a transaction aborted by an earlier error PostgreSQL answers
** COMMIT with command status "ROLLBACK"; that is reported as DB_ERROR.
** COMMIT with no transaction open is an error, as on SQLite.  Either way
** the transaction is over afterwards.
*/
static int pg_commit(Db *pDb)
{
    PgDb *p = (PgDb *)pDb;
    char *zStatus = 0;
    p->bTxn = 0;
    if (PQstatus(p->h) != CONNECTION_OK) {
        return db_set_error(pDb, DB_ERROR,
                            "connection to PostgreSQL lost before COMMIT");
    }
    if (PQtransactionStatus(p->h) == PQTRANS_IDLE) {
        return db_set_error(pDb, DB_ERROR, "COMMIT with no transaction open");
    }
    int rc = pg_exec_status(p, "COMMIT", &zStatus);
    if (rc == DB_OK && zStatus && strcmp(zStatus, "ROLLBACK") == 0) {
        rc = db_set_error(pDb, DB_ERROR,
                          "transaction aborted by an earlier error; "
                          "COMMIT rolled it back");
    }
    free(zStatus);
    return rc;
}

/* ROLLBACK; harmless when no transaction is open or the connection is
** gone (the server has then rolled back already). */
static int pg_rollback(Db *pDb)
{
    PgDb *p = (PgDb *)pDb;
    p->bTxn = 0;
    if (PQstatus(p->h) != CONNECTION_OK) return DB_OK;
    if (PQtransactionStatus(p->h) == PQTRANS_IDLE) return DB_OK;
    return pg_exec_status(p, "ROLLBACK", 0);
}

const DbDriver dbPgDriver = {
    .zName = "postgresql",
    .iKind = DB_KIND_PG,
    .xOpen = pg_open,
    .xClose = pg_close,
    .xExec = pg_exec,
    .xPrepare = pg_prepare,
    .xBindInt64 = pg_bind_int64,
    .xBindText = pg_bind_text,
    .xBindBlob = pg_bind_blob,
    .xBindNull = pg_bind_null,
    .xStep = pg_step,
    .xReset = pg_reset,
    .xColCount = pg_col_count,
    .xColIsNull = pg_col_is_null,
    .xColInt64 = pg_col_int64,
    .xColText = pg_col_text,
    .xColBlob = pg_col_blob,
    .xColName = pg_col_name,
    .xFinalize = pg_finalize,
    .xBegin = pg_begin,
    .xCommit = pg_commit,
    .xRollback = pg_rollback,
    .xBackup = 0,
};
#else
typedef int db_pg_disabled; /* keeps the translation unit non-empty */
#endif /* HAVE_LIBPQ */
