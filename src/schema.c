/* schema.c: migrations are the embedded files sql/<dialect>/NNN_*.sql; the
** database records each applied NNN in schema_version. */
#include "schema.h"
#include "asset.h"
#include "compliance.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

static const char *dialect_prefix(Db *pDb)
{
    return db_kind(pDb) == DB_KIND_PG ? "sql/pg/" : "sql/sqlite/";
}

#define SCHEMA_MAX 1000 /* migration numbers are NNN */

/* What a migration's SQL cannot do, run after it in its transaction: the
** rows of a new table that C computes from the old ones. */
static int after_sql(Db *pDb, int iVer)
{
    return iVer == 8 ? life_hist_rebuild(pDb) : DB_OK;
}

/* The applied migrations: abHave[v] is set for each version v recorded in
** schema_version.  Migrations are applied by number, not "above the
** highest": one merged from a branch with a lower number than one already
** applied is still applied. */
static int applied(Db *pDb, unsigned char abHave[SCHEMA_MAX])
{
    DbStmt *s = 0;
    memset(abHave, 0, SCHEMA_MAX);
    int rc = db_exec(pDb, "CREATE TABLE IF NOT EXISTS schema_version "
                          "(version INTEGER NOT NULL)");
    if (!rc) rc = db_prepare(pDb, &s, "SELECT version FROM schema_version");
    while (!rc && db_step(s) == DB_ROW) {
        int64_t v = db_col_int64(s, 0);
        if (v > 0 && v < SCHEMA_MAX) abHave[v] = 1;
    }
    db_finalize(s);
    return rc;
}

int schema_migrate(Db *pDb, int *pnApplied, char **pzErr)
{
    const char *zPre = dialect_prefix(pDb);
    unsigned char abHave[SCHEMA_MAX];
    int rc;
    *pnApplied = 0;
    rc = applied(pDb, abHave);
    if (rc) {
        *pzErr = xprintf("cannot read schema version: %s", db_errmsg(pDb));
        return rc;
    }
    for (int i = 0; asset_at(i); i++) {
        const Asset *a = asset_at(i);
        if (strncmp(a->zPath, zPre, strlen(zPre)) != 0) continue;
        int iVer = atoi(a->zPath + strlen(zPre));
        if (iVer <= 0 || iVer >= SCHEMA_MAX || abHave[iVer]) continue;
        rc = db_begin(pDb);
        if (!rc) rc = db_exec(pDb, (const char *)a->pData);
        if (!rc) rc = after_sql(pDb, iVer);
        if (!rc)
            rc = db_run(pDb, "INSERT INTO schema_version(version) VALUES($1)",
                        "i", (int64_t)iVer);
        if (!rc) rc = db_commit(pDb);
        if (rc) {
            *pzErr =
                xprintf("migration %s failed: %s", a->zPath, db_errmsg(pDb));
            db_rollback(pDb);
            return rc;
        }
        (*pnApplied)++;
    }
    return DB_OK;
}

int schema_check(Db *pDb, char **pzErr)
{
    const char *zPre = dialect_prefix(pDb);
    unsigned char abHave[SCHEMA_MAX];
    if (applied(pDb, abHave)) {
        *pzErr = xprintf("cannot read schema version: %s", db_errmsg(pDb));
        return 1;
    }
    for (int i = 0; asset_at(i); i++) {
        const Asset *a = asset_at(i);
        if (strncmp(a->zPath, zPre, strlen(zPre)) != 0) continue;
        int iVer = atoi(a->zPath + strlen(zPre));
        if (iVer > 0 && iVer < SCHEMA_MAX && !abHave[iVer]) {
            *pzErr = xprintf("database schema lacks migration %s: "
                             "run `zhibu migrate`",
                             a->zPath);
            return 1;
        }
    }
    return 0;
}
