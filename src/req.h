/* req.h: one HTTP request and its one reply.  The Req owns everything for
** the request: parsed body, path arguments, the user, the borrowed Db and
** the reply.  Handlers queue exactly one reply with a reply_* function. */
#ifndef ZHIBU_REQ_H
#define ZHIBU_REQ_H
#include <jansson.h>
#include <stdint.h>
#include "app.h"
#include "ctx.h"
#include "buf.h"
#include "errcode.h"

struct MHD_Connection;

#define REQ_MAX_ARGS    4
#define REQ_MAX_HEADERS 6

/* One role granted on an org (covers its subtree). */
typedef struct UserGrant {
    int64_t iId;     /* user_grant.id */
    char zRole[32];  /* role name */
    int64_t iOrg;    /* org id */
    char zPath[256]; /* that org's materialised path */
    unsigned mCap;   /* the role's capabilities */
} UserGrant;

/* The logged-in user, loaded from the session for each request. */
typedef struct User {
    int64_t iId;       /* app_user.id */
    char *zLogin;      /* owned */
    char *zDisplay;    /* owned, may be NULL */
    char *zAdminRole;  /* "sysadmin"|"secadmin"|"auditor" or NULL; owned */
    int64_t iPerson;   /* linked person, 0 if none */
    int64_t iSession;  /* session.id */
    char *zCsrf;       /* the session's CSRF token; owned */
    int bMustChange;   /* must change password before anything else */
    unsigned mCap;     /* union of capabilities over all grants */
    UserGrant *aGrant; /* grants; owned */
    int nGrant;
} User;

typedef struct Req {
    App *pApp;                       /* borrowed */
    struct MHD_Connection *pConn;    /* borrowed */
    char *zMethod;                   /* owned */
    char *zPath;                     /* URL path without query; owned */
    Buf body;                        /* raw request body */
    int bTooLarge;                   /* body exceeded the limit */
    json_t *pBody;                   /* parsed JSON body, or NULL; owned */
    const char *azArg[REQ_MAX_ARGS]; /* ":id" captures, into zPathCopy */
    char *zPathCopy;                 /* owned; azArg point into it */
    int nArg;
    Db *pDb;        /* borrowed from the pool on first use */
    User *pUser;    /* owned; NULL when not logged in */
    int64_t tStart; /* start, ms */
    /* The reply */
    int bReplied;                    /* a reply has been queued */
    int iStatus;                     /* HTTP status */
    const char *zType;               /* Content-Type, static */
    char *zReply;                    /* body bytes, owned (unless bStatic) */
    const unsigned char *pStatic;    /* static body bytes */
    long long nReply;                /* body length */
    int iFd;                         /* file body (>= 0), closed by MHD */
    int bNoStore;                    /* Cache-Control: no-store */
    char *azHdr[REQ_MAX_HEADERS][2]; /* extra headers; owned */
    int nHdr;
} Req;

Req *req_new(App *pApp, struct MHD_Connection *pConn, const char *zMethod,
             const char *zUrl);
/* Free a User (NULL-safe). */
void req_user_free(User *u);
/* Release everything the request holds, returning its Db to the pool. */
void req_free(Req *r);
/* The database handle for this request, taken from the pool on first use
** (borrowed until req_db_release or req_free). */
Db *req_db(Req *r);
/* Roll back whatever the handler left open and return the handle to the
** pool; server.c calls it once the reply is built.  A later req_db takes
** another. */
void req_db_release(Req *r);
/* Query-string value, borrowed from MHD until the request ends; or NULL. */
const char *req_query(Req *r, const char *zName);
/* Every query argument as "k=v" followed by 0x1f, in request order (a memo
** key that no filter can be left out of).  Caller frees. */
char *req_query_all(Req *r);
/* Request header, borrowed as req_query; or NULL. */
const char *req_header(Req *r, const char *zName);
/* Parse query parameter zName as an integer in [lo,hi]; absent gives
** iDefault.  Returns 0 on success, nonzero (and replies 400) when bad. */
int req_query_int(Req *r, const char *zName, int64_t lo, int64_t hi,
                  int64_t iDefault, int64_t *pv);
/* The domain context of this request: its Db, the keys and the acting
** user (borrowed; valid until req_free). */
Ctx req_ctx(Req *r);
/* ?NAME=YYYY-MM-DD as a day number, or today when absent; replies 400 and
** returns nonzero when malformed. */
int req_query_day(Req *r, const char *zName, int *piDay);
/* Path argument i as a positive id; replies 400 and returns nonzero when
** bad. */
int req_arg_id(Req *r, int i, int64_t *pv);

/* Replies.  Each sets the reply once; a second call is logged and ignored. */
void reply_json(Req *r, int iStatus, json_t *p); /* takes ownership of p */
/* JSON text zJson[0..nJson) already written (JxOut); takes ownership of
** zJson (freed with free()). */
void reply_json_text(Req *r, int iStatus, char *zJson, size_t nJson);
void reply_error(Req *r, int iCode, const char *zField, const char *zMsg);
void reply_err(Req *r, const Err *pErr);
void reply_db_error(Req *r, int rc); /* DB_* → 409/503/500, logs detail */
void reply_empty(Req *r, int iStatus);
/* Reply a list {"items":a,"total":n[,"limit","offset"]} (limit/offset when
** nLimit > 0), or the database error rc (rc is a DB_* code, DB_DONE and
** DB_OK meaning success).  Takes ownership of a. */
void reply_list(Req *r, int rc, json_t *a, int64_t nTotal, int64_t nLimit,
                int64_t nOffset);
/* Static bytes (an asset): not copied. */
void reply_static(Req *r, int iStatus, const char *zType,
                  const unsigned char *p, long long n);
/* Body from a file descriptor (takes ownership of fd). */
void reply_fd(Req *r, const char *zType, int fd, long long n,
              const char *zFilename);
/* Add a response header (copied). */
void req_add_header(Req *r, const char *zName, const char *zValue);

#endif
