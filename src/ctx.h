/* ctx.h: what every domain function needs: the database, the keys, and who
** is acting (for the audit log).  Domain functions never see HTTP. */
#ifndef ZHIBU_CTX_H
#define ZHIBU_CTX_H
#include <stdint.h>
#include "db.h"
#include "vault.h"

typedef struct Ctx {
    Db *pDb;                /* borrowed */
    const VaultKeys *pKeys; /* borrowed */
    int64_t iUser;          /* acting account, 0 for the CLI */
    const char *zLogin;     /* acting login ("cli" for the CLI); borrowed */
} Ctx;

#endif
