/* auth.h: sessions, login with lockout, CSRF, org scope, accounts and
** grants.  Only this file writes app_user, user_grant and session. */
#ifndef ZHIBU_AUTH_H
#define ZHIBU_AUTH_H
#include "ctx.h"
#include "errcode.h"
#include "req.h"

#define AUTH_COOKIE "zhibu_sid"

/* Resolve the session cookie into r->pUser (NULL when absent, expired or
** disabled).  Returns nonzero after replying on a database failure. */
int auth_session_load(Req *r);
/* Same, for the session token zTok (just after login). */
int auth_session_load_token(Req *r, const char *zTok);
/* Record a refused request (403, or an org outside the caller's scope) in
** the audit log, in its own transaction. */
void auth_audit_denied(Req *r, const char *zWhy);
/* 1 when the X-CSRF-Token header matches the session's token. */
int auth_csrf_ok(Req *r);
/* 1 when the user holds mCap on iOrg (a grant on it or an ancestor).  *pbOk
** gets the answer; returns a DB error code or DB_OK.  A missing org gives
** DB_NOTFOUND. */
int auth_org_allowed(Db *pDb, const User *u, int64_t iOrg, unsigned mCap,
                     int *pbOk);
/* Same, and zPath[256] gets the org's materialised path (when found). */
int auth_org_allowed_path(Db *pDb, const User *u, int64_t iOrg, unsigned mCap,
                          int *pbOk, char zPath[256]);
/* Handler helper: 1 when allowed; otherwise replies (404 for orgs outside
** the user's scope, so their existence does not leak) and returns 0. */
int auth_require_org(Req *r, int64_t iOrg, unsigned mCap);
/* Same, and zPath[256] gets the org's path when allowed (saves the
** handler looking it up again). */
int auth_require_org_path(Req *r, int64_t iOrg, unsigned mCap, char zPath[256]);
/* The path of org iOrg into zPath[256]; DB_NOTFOUND when absent. */
int auth_org_path(Db *pDb, int64_t iOrg, char zPath[256]);
/* Subtree bounds for a materialised path: rows with path >= zLo and < zHi.
** zHi[256] gets the upper bound. */
void auth_path_upper(const char *zPath, char zHi[256]);

/* Log in: checks lockout, verifies the password, creates a session.  On
** success *pzToken and *pzCsrf (caller frees) and *piUser are set.  Returns
** ZE_OK, ZE_AUTH_BAD_LOGIN, ZE_AUTH_LOCKED, or ZE_INTERNAL/ZE_DB_BUSY. */
int auth_login(App *pApp, Db *pDb, const char *zLogin, const char *zPassword,
               char **pzToken, char **pzCsrf, int64_t *piUser);
/* End the session iSession. */
int auth_logout(Ctx *c, int64_t iSession);

/* Create an account.  zAdminRole is "sysadmin", "secadmin", "auditor" or
** NULL.  zPassword NULL generates a one-time password returned in
** *pzOneTime (caller frees) and forces a change at first login; a given
** password is checked against the policy.  Writes the audit row. */
int auth_user_create(Ctx *c, App *pApp, const char *zLogin,
                     const char *zDisplay, const char *zAdminRole,
                     int64_t iPerson, const char *zPassword, int bMustChange,
                     int64_t *piUser, char **pzOneTime, Err *pErr);
/* Set a password after checking the policy; bMustChange forces another
** change; ends all sessions of the user except iKeepSession (0 = all). */
int auth_set_password(Ctx *c, App *pApp, int64_t iUser, const char *zPw,
                      int bMustChange, int64_t iKeepSession, Err *pErr);
/* Disable or enable an account; disabling ends its sessions at once. */
int auth_user_disable(Ctx *c, int64_t iUser, int bDisabled, Err *pErr);
/* Grant zRole on iOrg to iUser (三员分立: never to an administrator). */
int auth_grant(Ctx *c, int64_t iUser, const char *zRole, int64_t iOrg,
               int64_t *piGrant, Err *pErr);
int auth_revoke(Ctx *c, int64_t iGrant, Err *pErr);
/* Hash with the App's semaphore held; caller frees. */
char *auth_hash(App *pApp, const char *zPw);

#endif
