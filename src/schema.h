/* schema.h: embedded migrations (sql/sqlite, sql/pg), applied in order. */
#ifndef ZHIBU_SCHEMA_H
#define ZHIBU_SCHEMA_H
#include "db.h"

/* Apply every migration newer than the database's version, each in a
** transaction.  *pnApplied gets how many ran.  Returns DB_OK or an error;
** *pzErr (caller frees) explains. */
int schema_migrate(Db *pDb, int *pnApplied, char **pzErr);
/* 0 when the database is at the newest version; 1 when it is behind (or
** empty), with *pzErr saying so (caller frees). */
int schema_check(Db *pDb, char **pzErr);

#endif
