/* test_schema.c: migrations (schema.c) on a temporary SQLite file.  Each
** embedded migration is applied once by its number: one missing from
** schema_version (as when a branch's lower-numbered migration is merged
** after a higher one was applied) is named by schema_check() and applied
** by schema_migrate(), whatever the highest number applied. */
#include "tester.h"
#include "../../src/db.h"
#include "../../src/schema.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void test_schema(void); /* called from main.c */

void test_schema(void)
{
    char zPath[] = "/tmp/zhibu-test-schema-XXXXXX";
    Db *pDb = 0;
    char *zErr = 0;
    int nApplied = 0;
    int64_t n = 0;
    int fd = mkstemp(zPath);
    T_CHECK("schema-1.0 temp file", fd >= 0);
    if (fd < 0) return;
    close(fd);
    T_INT("schema-1.1 open", db_open(zPath, &pDb, &zErr), DB_OK);
    if (!pDb) goto done;
    T_CHECK("schema-1.2 empty needs migrate", schema_check(pDb, &zErr) != 0);
    free(zErr);
    zErr = 0;
    T_INT("schema-1.3 migrate", schema_migrate(pDb, &nApplied, &zErr), DB_OK);
    T_CHECK("schema-1.4 applied several", nApplied >= 2);
    T_INT("schema-1.5 check ok", schema_check(pDb, &zErr), 0);
    /* Forget migration 006 (org_tally) as if it came from a later merge. */
    T_INT("schema-2.1 drop",
          db_exec(pDb, "DROP TABLE org_tally; DELETE FROM schema_version "
                       "WHERE version=6"),
          DB_OK);
    T_CHECK("schema-2.2 check names it",
            schema_check(pDb, &zErr) != 0 && zErr && strstr(zErr, "006_"));
    free(zErr);
    zErr = 0;
    T_INT("schema-2.3 migrate", schema_migrate(pDb, &nApplied, &zErr), DB_OK);
    T_INT("schema-2.4 one applied", nApplied, 1);
    T_INT("schema-2.5 table back",
          db_one_int64(pDb, &n, "SELECT count(*) FROM org_tally", ""), DB_OK);
    T_INT("schema-2.6 check ok", schema_check(pDb, &zErr), 0);
    T_INT("schema-2.7 again applies nothing",
          schema_migrate(pDb, &nApplied, &zErr), DB_OK);
    T_INT("schema-2.8 none", nApplied, 0);
done:
    free(zErr);
    db_close(pDb);
    unlink(zPath);
    for (int i = 0; i < 2; i++) {
        char zSide[sizeof zPath + 8];
        snprintf(zSide, sizeof zSide, "%s%s", zPath, i ? "-shm" : "-wal");
        unlink(zSide);
    }
}
