/* schema.c: migrations are the embedded files sql/<dialect>/NNN_*.sql; the
** database records the highest applied NNN in schema_version. */
#include "schema.h"
#include "asset.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

static const char *dialect_prefix(Db *pDb)
{
    return db_kind(pDb) == DB_KIND_PG ? "sql/pg/" : "sql/sqlite/";
}

/* Version number of the newest embedded migration for this dialect. */
static int newest(Db *pDb)
{
    const char *zPre = dialect_prefix(pDb);
    int n = 0;
    for (int i = 0; asset_at(i); i++) {
        const Asset *a = asset_at(i);
        if (strncmp(a->zPath, zPre, strlen(zPre)) == 0)
            n = atoi(a->zPath + strlen(zPre));
    }
    return n;
}

static int current(Db *pDb, int *pn)
{
    int64_t v = 0;
    *pn = 0;
    int rc = db_exec(pDb, "CREATE TABLE IF NOT EXISTS schema_version "
                          "(version INTEGER NOT NULL)");
    if (rc) return rc;
    rc = db_one_int64(pDb, &v, "SELECT max(version) FROM schema_version", "");
    if (rc == DB_OK) *pn = (int)v;
    return rc == DB_NOTFOUND ? DB_OK : rc;
}

int schema_migrate(Db *pDb, int *pnApplied, char **pzErr)
{
    const char *zPre = dialect_prefix(pDb);
    int iHave, rc;
    *pnApplied = 0;
    rc = current(pDb, &iHave);
    if (rc) {
        *pzErr = xprintf("cannot read schema version: %s", db_errmsg(pDb));
        return rc;
    }
    for (int i = 0; asset_at(i); i++) {
        const Asset *a = asset_at(i);
        if (strncmp(a->zPath, zPre, strlen(zPre)) != 0) continue;
        int iVer = atoi(a->zPath + strlen(zPre));
        if (iVer <= iHave) continue;
        rc = db_begin(pDb);
        if (!rc) rc = db_exec(pDb, (const char *)a->pData);
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
    int iHave = 0;
    if (current(pDb, &iHave)) {
        *pzErr = xprintf("cannot read schema version: %s", db_errmsg(pDb));
        return 1;
    }
    if (iHave < newest(pDb)) {
        *pzErr = xprintf("database schema is version %d, this zhibu needs %d: "
                         "run `zhibu migrate`",
                         iHave, newest(pDb));
        return 1;
    }
    return 0;
}
