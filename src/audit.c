/* audit.c: audit rows chained by HMAC-SM3: hash(i) = HMAC(key, hash of the
** previous row of the same lane || the row's fields).  A lane's head row
** (audit_head, id = lane) is updated in the same transaction, which makes
** the writers of one lane take turns; on PostgreSQL each pooled connection
** writes its own lane (db_lane()), so the server's writers do not queue on
** one row through their commits.  SQLite has one lane. */
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
    int64_t iId, iN, tAt = util_now();
    int64_t iLane = db_lane(c->pDb);
    /* PostgreSQL: the lane's head is locked (FOR UPDATE) and written once,
    ** with the row; the row's id comes from the table's sequence.  SQLite:
    ** one lane, ids 1..n (the transaction holds the write lock). */
    int bPg = db_kind(c->pDb) == DB_KIND_PG;
    int rc = bPg ? db_prepare_bind(
                       c->pDb, &p,
                       "SELECT n+1, hash, nextval(pg_get_serial_sequence("
                       "'audit','id')) FROM audit_head WHERE id=$1 FOR UPDATE",
                       "i", iLane)
                 : db_prepare(c->pDb, &p,
                              "UPDATE audit_head SET n=n+1 WHERE id=1 "
                              "RETURNING n, hash, n");
    if (rc) return rc;
    rc = db_step(p);
    if (rc != DB_ROW) {
        db_finalize(p);
        return rc == DB_DONE ? DB_ERROR : rc;
    }
    iN = db_col_int64(p, 0);
    snprintf(zPrev, sizeof zPrev, "%s", db_col_text(p, 1));
    iId = db_col_int64(p, 2);
    db_finalize(p);
    row_hash(c->pKeys, zPrev, iId, tAt, c->iUser, c->zLogin, zAction, zObject,
             iObject, zDetail, zHash);
    /* The row and the head's new count, hash and last id: one statement on
    ** PostgreSQL (a round trip less while the head is locked), two on
    ** SQLite. */
    rc =
        db_run(c->pDb,
               bPg ? "WITH h AS (UPDATE audit_head SET n=$10, hash=$9, "
                     "last_id=$1 WHERE id=$11) "
                     "INSERT INTO audit(id,at,actor_id,actor_login,action,"
                     "object,object_id,detail,hash,lane) VALUES($1,$2,$3,$4,"
                     "$5,$6,$7,$8,$9,$11)"
                   : "INSERT INTO audit(id,at,actor_id,actor_login,action,"
                     "object,object_id,detail,hash) VALUES($1,$2,$3,$4,$5,$6,"
                     "$7,$8,$9)",
               bPg ? "iiitttitsii" : "iiitttits", iId, tAt, c->iUser, c->zLogin,
               zAction, zObject, iObject, zDetail, zHash, iN, iLane);
    if (rc || bPg) return rc;
    return db_run(c->pDb,
                  "UPDATE audit_head SET hash=$1, last_id=$2 WHERE id=1", "ti",
                  zHash, iId);
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

/* One lane's head and where its rows have got to in audit_verify(). */
typedef struct Lane {
    int64_t n, iLast; /* head: rows and the newest row's id */
    char zHead[65];   /* head: the newest row's hash */
    int64_t nSeen;    /* rows read so far */
    char zPrev[65];   /* hash of the last row read */
} Lane;

int audit_verify(Db *pDb, const VaultKeys *pKeys, int64_t *pnRows,
                 int64_t *piBad)
{
    DbStmt *p = 0;
    Lane a[DB_LANES + 1];
    char zHash[65];
    *pnRows = 0;
    *piBad = 0;
    memset(a, 0, sizeof a);
    for (int i = 0; i <= DB_LANES; i++)
        snprintf(a[i].zPrev, sizeof a[i].zPrev, "%s", GENESIS);
    int rc = db_prepare(pDb, &p, "SELECT id, n, hash, last_id FROM audit_head");
    if (rc) return rc;
    while ((rc = db_step(p)) == DB_ROW) {
        int64_t l = db_col_int64(p, 0);
        if (l < 1 || l > DB_LANES) continue;
        a[l].n = db_col_int64(p, 1);
        snprintf(a[l].zHead, sizeof a[l].zHead, "%s", db_col_text(p, 2));
        a[l].iLast = db_col_int64(p, 3);
    }
    db_finalize(p);
    if (rc != DB_DONE) return rc;
    /* Within a lane ids rise in chain order (a lane's writers take turns),
    ** so one pass in id order checks every lane. */
    rc = db_prepare(pDb, &p,
                    "SELECT id,at,actor_id,actor_login,action,object,"
                    "object_id,detail,hash,lane FROM audit ORDER BY id");
    if (rc) return rc;
    while ((rc = db_step(p)) == DB_ROW) {
        int64_t iId = db_col_int64(p, 0), l = db_col_int64(p, 9);
        const char *zStored = db_col_text(p, 8);
        (*pnRows)++;
        if (l < 1 || l > DB_LANES || a[l].nSeen >= a[l].n) {
            *piBad = iId; /* a lane that has no head, or past its head */
            break;
        }
        row_hash(pKeys, a[l].zPrev, iId, db_col_int64(p, 1), db_col_int64(p, 2),
                 db_col_text(p, 3), db_col_text(p, 4), db_col_text(p, 5),
                 db_col_int64(p, 6), db_col_text(p, 7), zHash);
        if (!zStored || strcmp(zStored, zHash) != 0) {
            *piBad = iId; /* changed, or the row before it in its lane gone */
            break;
        }
        snprintf(a[l].zPrev, sizeof a[l].zPrev, "%s", zStored);
        a[l].nSeen++;
    }
    db_finalize(p);
    if (rc != DB_ROW && rc != DB_DONE) return rc;
    /* A deleted tail shows as a head that runs ahead of its lane's rows (or
    ** whose hash is not the last row's): reported as the head's last id. */
    for (int l = 1; l <= DB_LANES && !*piBad; l++)
        if (a[l].nSeen != a[l].n ||
            (a[l].n > 0 && strcmp(a[l].zPrev, a[l].zHead) != 0))
            *piBad = a[l].iLast;
    return DB_OK;
}
