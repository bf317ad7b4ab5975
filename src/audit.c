/* audit.c: audit rows chained by HMAC-SM3: hash(n) = HMAC(key, hash(n-1) ||
** the row's fields).  The head row (audit_head) is updated in the same
** transaction, which also serialises writers on PostgreSQL. */
#include "audit.h"
#include "buf.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GENESIS                                                                \
    "0000000000000000000000000000000000000000000000000000000000000000"

/* hex HMAC over prev and the fields, into zOut[65]. */
static void row_hash(const VaultKeys *k, const char *zPrev, int64_t iId,
                     int64_t tAt, int64_t iActor, const char *zLogin,
                     const char *zAction, const char *zObject, int64_t iObject,
                     const char *zDetail, char zOut[65])
{
    Buf b = BUF_INIT;
    unsigned char a[32];
    buf_appendf(&b, "%s\n%lld\n%lld\n%lld\n%s\n%s\n%s\n%lld\n%s", zPrev,
                (long long)iId, (long long)tAt, (long long)iActor,
                zLogin ? zLogin : "", zAction ? zAction : "",
                zObject ? zObject : "", (long long)iObject,
                zDetail ? zDetail : "");
    vault_hmac_sm3(k->aAudit, sizeof k->aAudit, b.z, b.n, a);
    vault_hex(a, 32, zOut);
    buf_free(&b);
}

int audit_init(Db *pDb)
{
    return db_run(pDb, "INSERT INTO audit_head(id,n,hash) VALUES(1,0,$1)", "t",
                  GENESIS);
}

int audit_log(Ctx *c, const char *zAction, const char *zObject, int64_t iObject,
              const char *zDetail)
{
    DbStmt *p = 0;
    char zPrev[65], zHash[65];
    int64_t iId, tAt = util_now();
    int rc = db_prepare(c->pDb, &p,
                        "UPDATE audit_head SET n=n+1 WHERE id=1 "
                        "RETURNING n, hash");
    if (rc) return rc;
    rc = db_step(p);
    if (rc != DB_ROW) {
        db_finalize(p);
        return rc == DB_DONE ? DB_ERROR : rc;
    }
    iId = db_col_int64(p, 0);
    snprintf(zPrev, sizeof zPrev, "%s", db_col_text(p, 1));
    db_finalize(p);
    row_hash(c->pKeys, zPrev, iId, tAt, c->iUser, c->zLogin, zAction, zObject,
             iObject, zDetail, zHash);
    /* The row and the head's new hash: one statement on PostgreSQL (a
    ** round trip less while the head is locked), two on SQLite. */
    int bPg = db_kind(c->pDb) == DB_KIND_PG;
    rc = db_run(c->pDb,
                bPg ? "WITH h AS (UPDATE audit_head SET hash=$9 WHERE id=1) "
                      "INSERT INTO audit(id,at,actor_id,actor_login,action,"
                      "object,object_id,detail,hash) VALUES($1,$2,$3,$4,$5,$6,"
                      "$7,$8,$9)"
                    : "INSERT INTO audit(id,at,actor_id,actor_login,action,"
                      "object,object_id,detail,hash) VALUES($1,$2,$3,$4,$5,$6,"
                      "$7,$8,$9)",
                "iiitttits", iId, tAt, c->iUser, c->zLogin, zAction, zObject,
                iObject, zDetail, zHash);
    if (rc || bPg) return rc;
    return db_run(c->pDb, "UPDATE audit_head SET hash=$1 WHERE id=1", "t",
                  zHash);
}

int audit_log_tx(Ctx *c, const char *zAction, const char *zObject,
                 int64_t iObject, const char *zDetail)
{
    int rc = db_begin(c->pDb);
    if (rc) return rc;
    rc = audit_log(c, zAction, zObject, iObject, zDetail);
    if (rc) {
        db_rollback(c->pDb);
        return rc;
    }
    return db_commit(c->pDb);
}

int audit_verify(Db *pDb, const VaultKeys *pKeys, int64_t *pnRows,
                 int64_t *piBad)
{
    DbStmt *p = 0;
    char zPrev[65] = GENESIS, zHash[65];
    int64_t iExpect = 1;
    *pnRows = 0;
    *piBad = 0;
    int rc = db_prepare(pDb, &p,
                        "SELECT id,at,actor_id,actor_login,action,object,"
                        "object_id,detail,hash FROM audit ORDER BY id");
    if (rc) return rc;
    while ((rc = db_step(p)) == DB_ROW) {
        int64_t iId = db_col_int64(p, 0);
        row_hash(pKeys, zPrev, iId, db_col_int64(p, 1), db_col_int64(p, 2),
                 db_col_text(p, 3), db_col_text(p, 4), db_col_text(p, 5),
                 db_col_int64(p, 6), db_col_text(p, 7), zHash);
        const char *zStored = db_col_text(p, 8);
        (*pnRows)++;
        if (iId != iExpect || !zStored || strcmp(zStored, zHash) != 0) {
            *piBad = iId != iExpect && iId > iExpect ? iExpect : iId;
            break;
        }
        snprintf(zPrev, sizeof zPrev, "%s", zStored);
        iExpect++;
    }
    db_finalize(p);
    if (rc != DB_ROW && rc != DB_DONE) return rc;
    if (!*piBad) {
        /* A deleted tail shows as a head that runs ahead of the rows. */
        int64_t n = 0;
        rc = db_one_int64(pDb, &n, "SELECT n FROM audit_head WHERE id=1", "");
        if (rc == DB_OK && n != iExpect - 1) *piBad = iExpect;
        if (rc == DB_NOTFOUND) rc = DB_OK;
    }
    return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}
