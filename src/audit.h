/* audit.h: the append-only, hash-chained audit log (等保 8.1.4.3). */
#ifndef ZHIBU_AUDIT_H
#define ZHIBU_AUDIT_H
#include "ctx.h"

/* Append one row inside the caller's transaction.  zAction is a stable verb
** ("member.create", "member.unmask", "export.members"); zObject the table,
** iObject its id (0 = none), zDetail free text without secrets.  Returns
** DB_OK or a DB error (the caller rolls back). */
int audit_log(Ctx *c, const char *zAction, const char *zObject, int64_t iObject,
              const char *zDetail);
/* Same, in its own transaction (for reads: unmask, export, login). */
int audit_log_tx(Ctx *c, const char *zAction, const char *zObject,
                 int64_t iObject, const char *zDetail);
/* Recompute every lane's chain.  *pnRows gets the number of rows checked
** and *piBad the id of the first row whose hash does not match (a changed
** row, or the one after a deleted row of its lane), or, for a deleted
** newest row, the id its lane's head recorded for it (0 if intact).
** Returns DB_OK or a DB error. */
int audit_verify(Db *pDb, const VaultKeys *pKeys, int64_t *pnRows,
                 int64_t *piBad);
/* Create the chain head (schema setup). */
int audit_init(Db *pDb);

#endif
