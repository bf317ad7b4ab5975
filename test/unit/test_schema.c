/* test_schema.c: migrations (schema.c) on a temporary SQLite file.  Each
** embedded migration is applied once by its number: one missing from
** schema_version (as when a branch's lower-numbered migration is merged
** after a higher one was applied) is named by schema_check() and applied
** by schema_migrate(), whatever the highest number applied. */
#include "tester.h"
#include "../../src/db.h"
#include "../../src/compliance.h"
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
    /* Migration 008 builds life_hist from life_count (compliance.c): a
    ** committee with two branches, one of which held May's committee
    ** meeting; the other has no row (nothing done). */
    T_INT("schema-3.1 tree",
          db_exec(pDb,
                  "INSERT INTO org(id,parent_id,kind,name,path,depth,"
                  "created_at) VALUES (901,NULL,'committee','c','/901/',0,0),"
                  "(902,901,'branch','a','/901/902/',1,0),(903,901,'branch',"
                  "'b','/901/903/',1,0);INSERT INTO life_count VALUES "
                  "(902,'committee_meeting','2026-05',1),(902,"
                  "'committee_meeting','2026-Q2',1),(902,'committee_meeting',"
                  "'2026',1);DROP TABLE life_hist;DELETE FROM schema_version"
                  " WHERE version=8"),
          DB_OK);
    T_INT("schema-3.2 migrate", schema_migrate(pDb, &nApplied, &zErr), DB_OK);
    T_INT("schema-3.3 one applied", nApplied, 1);
    {
        uint32_t aBits[LIFE_MAX_KINDS] = {0};
        char zKey[LIFE_HIST_KEY];
        int i = 0;
        while (strcmp(life_kind_at(i)->zKind, "committee_meeting") != 0)
            i++;
        aBits[i] = 1u << 4 | 1u << 13 | 1u << 16; /* May, Q2, 2026 */
        life_hist_key(aBits, 0, 4, zKey);
        T_INT("schema-3.4 the branch's key on both",
              db_one_int64(pDb, &n,
                           "SELECT count(*) FROM life_hist WHERE period="
                           "'2026-05' AND hkey=$1 AND n=1 AND org_id IN "
                           "(901,902)",
                           "t", zKey),
              DB_OK);
        T_INT("schema-3.5 two rows", n, 2);
        T_INT("schema-3.6 a row per period",
              db_one_int64(pDb, &n,
                           "SELECT count(*) FROM life_hist WHERE org_id=901",
                           ""),
              DB_OK);
        /* May, Q2 and 2026 say something was done; so do June and April
        ** (the quarter and the year were), and every other month and
        ** quarter of 2026 (the year was) */
        T_INT("schema-3.7 all 17", n, 17);
        T_INT("schema-3.8 none for the other branch",
              db_one_int64(pDb, &n,
                           "SELECT count(*) FROM life_hist WHERE org_id=903",
                           ""),
              DB_OK);
        T_INT("schema-3.9 none", n, 0);
    }
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
