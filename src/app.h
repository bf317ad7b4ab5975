/* app.h: the server's state, created before the daemon starts and passed to
** every request (no mutable globals).  Only the pool, the job table and the
** hashing semaphore change after start-up, each under its own lock. */
#ifndef ZHIBU_APP_H
#define ZHIBU_APP_H
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include "db.h"
#include "vault.h"

#define APP_MAX_JOBS 64

/* Progress of one long request (an import), polled by the UI. */
typedef struct Job {
    char zKey[65];   /* client-chosen key, "" when the slot is free */
    int64_t iUser;   /* owner */
    int nDone;       /* rows processed */
    int nTotal;      /* rows in all */
    int bDone;       /* finished */
    int64_t tUpdate; /* last update, unix seconds */
} Job;

typedef struct App {
    DbPool *pPool;          /* connections; owned */
    VaultKeys keys;         /* field-encryption and audit keys */
    const char *zAssetsDir; /* serve the UI from disk instead, or NULL */
    const char *zDbUrl;     /* for logs */
    int bSecureCookie;      /* add Secure to cookies (behind TLS) */
    sem_t semHash;          /* caps concurrent Argon2id hashing */
    char *zDummyHash;       /* hash verified for unknown logins; owned */
    pthread_mutex_t muJob;  /* guards aJob */
    Job aJob[APP_MAX_JOBS]; /* import progress */
} App;

/* Start or update the job zKey for iUser. */
void app_job_update(App *p, const char *zKey, int64_t iUser, int nDone,
                    int nTotal, int bDone);
/* Copy job zKey of iUser into *pJob; returns 0 when found. */
int app_job_get(App *p, const char *zKey, int64_t iUser, Job *pJob);

#endif
