/* auth.c: sessions (random token, only its hash stored; idle and absolute
** timeouts), login with lockout that answers unknown logins the same way,
** CSRF, the one org-scope check, accounts and grants (三员分立). */
#include "auth.h"
#include "audit.h"
#include "cap.h"
#include "log.h"
#include "passwd.h"
#include "setting.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Random 32 bytes as base64url; caller frees. */
static char *random_token(void)
{
    unsigned char a[32];
    char z[64];
    randombytes_buf(a, sizeof a);
    sodium_bin2base64(z, sizeof z, a, sizeof a,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return xstrdup(z);
}

/* Hex of BLAKE2b(token) into zOut[65]. */
static void token_hash(const char *zToken, char zOut[65])
{
    unsigned char a[32];
    crypto_generichash(a, sizeof a, (const unsigned char *)zToken,
                       strlen(zToken), 0, 0);
    sodium_bin2hex(zOut, 65, a, sizeof a);
}

/* The session token from the Cookie header, copied into zOut[128]. */
static int cookie_token(Req *r, char zOut[128])
{
    const char *z = req_header(r, "Cookie");
    size_t n = strlen(AUTH_COOKIE);
    while (z && *z) {
        while (*z == ' ' || *z == ';')
            z++;
        if (strncmp(z, AUTH_COOKIE, n) == 0 && z[n] == '=') {
            z += n + 1;
            size_t k = strcspn(z, "; ");
            if (k == 0 || k >= 128) return 0;
            memcpy(zOut, z, k);
            zOut[k] = 0;
            return 1;
        }
        z = strchr(z, ';');
    }
    return 0;
}

static int load_grants(Db *pDb, User *u)
{
    DbStmt *p = 0;
    int rc = db_prepare_bind(pDb, &p,
                             "SELECT g.id, g.role, g.org_id, o.path "
                             "FROM user_grant g JOIN org o ON o.id=g.org_id "
                             "WHERE g.user_id=$1 ORDER BY o.depth, g.id",
                             "i", u->iId);
    if (rc) return rc;
    while ((rc = db_step(p)) == DB_ROW) {
        const Role *pRole = cap_role(db_col_text(p, 1));
        if (!pRole || pRole->bAdmin) continue;
        u->aGrant = xrealloc(u->aGrant, sizeof(UserGrant) * (u->nGrant + 1));
        UserGrant *g = &u->aGrant[u->nGrant++];
        g->iId = db_col_int64(p, 0);
        snprintf(g->zRole, sizeof g->zRole, "%s", pRole->zName);
        g->iOrg = db_col_int64(p, 2);
        snprintf(g->zPath, sizeof g->zPath, "%s", db_col_text(p, 3));
        g->mCap = pRole->mCap;
        u->mCap |= pRole->mCap;
    }
    db_finalize(p);
    return rc == DB_DONE ? DB_OK : rc;
}

int auth_session_load(Req *r)
{
    char zTok[128];
    if (!cookie_token(r, zTok)) return 0;
    return auth_session_load_token(r, zTok);
}

int auth_session_load_token(Req *r, const char *zTok)
{
    char zHash[65];
    DbStmt *p = 0;
    req_user_free(r->pUser); /* a login on top of an existing session */
    r->pUser = 0;
    token_hash(zTok, zHash);
    Db *pDb = req_db(r);
    /* One statement per request reads the session, its account and the
    ** three settings that judge it (read fresh every time, so a change
    ** applies to the next request). */
    int rc = db_prepare_bind(
        pDb, &p,
        "SELECT s.id, s.created_at, s.last_seen, s.csrf_token, u.id, u.login,"
        " u.display_name, u.admin_role, u.person_id, u.must_change,"
        " u.pw_changed_at,"
        " (SELECT value FROM setting WHERE name='session-idle-minutes'),"
        " (SELECT value FROM setting WHERE name='session-max-hours'),"
        " (SELECT value FROM setting WHERE name='password-max-age-days')"
        " FROM session s JOIN app_user u ON u.id=s.user_id "
        "WHERE s.token_hash=$1 AND u.disabled=0",
        "t", zHash);
    if (rc) {
        reply_db_error(r, rc);
        return 1;
    }
    rc = db_step(p);
    if (rc != DB_ROW) {
        db_finalize(p);
        if (rc == DB_DONE) return 0;
        reply_db_error(r, rc);
        return 1;
    }
    int64_t tNow = util_now();
    int64_t iSession = db_col_int64(p, 0);
    int64_t tCreated = db_col_int64(p, 1), tSeen = db_col_int64(p, 2);
    int64_t nIdle =
        setting_int_value("session-idle-minutes", db_col_text(p, 11)) * 60;
    int64_t nMax =
        setting_int_value("session-max-hours", db_col_text(p, 12)) * 3600;
    int64_t nAge =
        setting_int_value("password-max-age-days", db_col_text(p, 13));
    if (tSeen + nIdle < tNow || tCreated + nMax < tNow) {
        db_finalize(p);
        db_run(pDb, "DELETE FROM session WHERE id=$1", "i", iSession);
        return 0;
    }
    User *u = xcalloc(1, sizeof(*u));
    u->iSession = iSession;
    u->zCsrf = xstrdup(db_col_text(p, 3));
    u->iId = db_col_int64(p, 4);
    u->zLogin = xstrdup(db_col_text(p, 5));
    u->zDisplay = xstrdup(db_col_text(p, 6));
    u->zAdminRole = xstrdup(db_col_text(p, 7));
    u->iPerson = db_col_int64(p, 8);
    u->bMustChange = (int)db_col_int64(p, 9);
    int64_t tPw = db_col_int64(p, 10);
    db_finalize(p);
    if (nAge > 0 && tPw + nAge * 86400 < tNow) u->bMustChange = 1;
    if (u->zAdminRole) {
        const Role *pRole = cap_role(u->zAdminRole);
        u->mCap = pRole ? pRole->mCap : 0;
    } else {
        rc = load_grants(pDb, u);
        if (rc) {
            r->pUser = u;
            reply_db_error(r, rc);
            return 1;
        }
    }
    r->pUser = u;
    if (tSeen + 30 < tNow) /* keep writes rare on busy sessions */
        db_run(pDb, "UPDATE session SET last_seen=$1 WHERE id=$2", "ii", tNow,
               iSession);
    return 0;
}

void auth_audit_denied(Req *r, const char *zWhy)
{
    Ctx c = {req_db(r), &r->pApp->keys, r->pUser ? r->pUser->iId : 0,
             r->pUser ? r->pUser->zLogin : "anonymous"};
    db_read_end(c.pDb); /* leave an RF_SNAP read snapshot: this writes */
    char *zDetail = xprintf("%s %s: %s", r->zMethod, r->zPath, zWhy);
    if (audit_log_tx(&c, "access.denied", 0, 0, zDetail))
        log_msg(LOG_ERROR, "cannot audit a refusal: %s", db_errmsg(c.pDb));
    free(zDetail);
}

int auth_csrf_ok(Req *r)
{
    const char *z = req_header(r, "X-CSRF-Token");
    if (!r->pUser || !z || !r->pUser->zCsrf) return 0;
    size_t n = strlen(r->pUser->zCsrf);
    return strlen(z) == n && sodium_memcmp(z, r->pUser->zCsrf, n) == 0;
}

int auth_org_path(Db *pDb, int64_t iOrg, char zPath[256])
{
    DbStmt *p = 0;
    int rc =
        db_prepare_bind(pDb, &p, "SELECT path FROM org WHERE id=$1", "i", iOrg);
    if (rc) return rc;
    rc = db_step(p);
    if (rc == DB_ROW) {
        snprintf(zPath, 256, "%s", db_col_text(p, 0));
        rc = DB_OK;
    } else if (rc == DB_DONE) {
        rc = DB_NOTFOUND;
    }
    db_finalize(p);
    return rc;
}

void auth_path_upper(const char *zPath, char zHi[256])
{
    /* Paths end in '/'; '0' sorts right after '/', so "/1/7/" .. "/1/70"
    ** covers exactly the subtree. */
    snprintf(zHi, 256, "%s", zPath);
    size_t n = strlen(zHi);
    if (n > 0) zHi[n - 1] = '0';
}

int auth_org_allowed(Db *pDb, const User *u, int64_t iOrg, unsigned mCap,
                     int *pbOk)
{
    char zPath[256];
    return auth_org_allowed_path(pDb, u, iOrg, mCap, pbOk, zPath);
}

int auth_org_allowed_path(Db *pDb, const User *u, int64_t iOrg, unsigned mCap,
                          int *pbOk, char zPath[256])
{
    *pbOk = 0;
    int rc = auth_org_path(pDb, iOrg, zPath);
    if (rc) return rc;
    /* The security administrator browses the whole tree (names and
    ** structure only, never members) to grant roles on it. */
    if (u && u->zAdminRole && mCap == CAP_ORG_READ &&
        (u->mCap & CAP_ORG_READ)) {
        *pbOk = 1;
        return DB_OK;
    }
    for (int i = 0; u && i < u->nGrant; i++) {
        const UserGrant *g = &u->aGrant[i];
        if ((g->mCap & mCap) == mCap &&
            strncmp(zPath, g->zPath, strlen(g->zPath)) == 0) {
            *pbOk = 1;
            break;
        }
    }
    return DB_OK;
}

int auth_require_org(Req *r, int64_t iOrg, unsigned mCap)
{
    char zPath[256];
    return auth_require_org_path(r, iOrg, mCap, zPath);
}

int auth_require_org_path(Req *r, int64_t iOrg, unsigned mCap, char zPath[256])
{
    int bOk = 0;
    int rc =
        auth_org_allowed_path(req_db(r), r->pUser, iOrg, mCap, &bOk, zPath);
    if (rc == DB_OK && !bOk) auth_audit_denied(r, "org_scope");
    if (rc == DB_NOTFOUND || (rc == DB_OK && !bOk)) {
        reply_error(r, ZE_NOT_FOUND, 0, 0);
        return 0;
    }
    if (rc) {
        reply_db_error(r, rc);
        return 0;
    }
    return 1;
}

char *auth_hash(App *pApp, const char *zPw)
{
    sem_wait(&pApp->semHash);
    char *z = passwd_hash(zPw);
    sem_post(&pApp->semHash);
    return z;
}

static int verify(App *pApp, const char *zHash, const char *zPw)
{
    sem_wait(&pApp->semHash);
    int b = passwd_verify(zHash, zPw);
    sem_post(&pApp->semHash);
    return b;
}

/* Count a failure for zLogin; lock when the threshold is reached.  Returns
** ZE_AUTH_LOCKED when this failure locked it, else ZE_AUTH_BAD_LOGIN. */
static int note_failure(App *pApp, Db *pDb, const char *zLogin)
{
    Ctx c = {pDb, &pApp->keys, 0, zLogin};
    int64_t n = 0, tNow = util_now();
    int64_t nMax = setting_int(pDb, "lockout-threshold");
    int64_t nLock = setting_int(pDb, "lockout-minutes") * 60;
    if (db_begin(pDb)) return ZE_DB_BUSY;
    int rc = db_run(pDb,
                    "INSERT INTO login_fail(login,count,locked_until) "
                    "VALUES($1,1,0) ON CONFLICT (login) DO UPDATE SET "
                    "count=login_fail.count+1",
                    "t", zLogin);
    if (!rc)
        rc =
            db_one_int64(pDb, &n, "SELECT count FROM login_fail WHERE login=$1",
                         "t", zLogin);
    if (!rc && n >= nMax)
        rc = db_run(pDb,
                    "UPDATE login_fail SET count=0, locked_until=$2 "
                    "WHERE login=$1",
                    "ti", zLogin, tNow + nLock);
    /* Failed logins and lockouts are security events (等保 8.1.4.3). */
    if (!rc)
        rc =
            audit_log(&c, n >= nMax ? "session.locked" : "session.login_failed",
                      "login_fail", 0, 0);
    if (rc || db_commit(pDb)) {
        db_rollback(pDb);
        return ZE_DB_BUSY;
    }
    return n >= nMax ? ZE_AUTH_LOCKED : ZE_AUTH_BAD_LOGIN;
}

int auth_login(App *pApp, Db *pDb, const char *zLogin, const char *zPassword,
               char **pzToken, char **pzCsrf, int64_t *piUser)
{
    int64_t tLocked = 0, iUser = 0;
    char *zHash = 0;
    DbStmt *p = 0;
    int rc = db_one_int64(pDb, &tLocked,
                          "SELECT locked_until FROM login_fail WHERE login=$1",
                          "t", zLogin);
    if (rc && rc != DB_NOTFOUND) return ZE_DB_BUSY;
    if (tLocked > util_now()) return ZE_AUTH_LOCKED;
    rc = db_prepare_bind(pDb, &p,
                         "SELECT id, pw_hash FROM app_user "
                         "WHERE login=$1 AND disabled=0",
                         "t", zLogin);
    if (rc) return ZE_DB_BUSY;
    if (db_step(p) == DB_ROW) {
        iUser = db_col_int64(p, 0);
        zHash = xstrdup(db_col_text(p, 1));
    }
    db_finalize(p);
    /* Unknown logins cost the same Argon2id work as known ones. */
    int bOk = verify(pApp, zHash ? zHash : pApp->zDummyHash, zPassword);
    if (!zHash) bOk = 0;
    if (!bOk) {
        free(zHash);
        return note_failure(pApp, pDb, zLogin);
    }
    if (passwd_needs_rehash(zHash)) {
        char *zNew = auth_hash(pApp, zPassword);
        if (zNew)
            db_run(pDb, "UPDATE app_user SET pw_hash=$1 WHERE id=$2", "ti",
                   zNew, iUser);
        free(zNew);
    }
    free(zHash);
    char zTokHash[65];
    char *zToken = random_token(), *zCsrf = random_token();
    int64_t tNow = util_now();
    token_hash(zToken, zTokHash);
    Ctx c = {pDb, &pApp->keys, iUser, zLogin};
    rc = db_begin(pDb);
    if (!rc)
        rc = db_run(pDb, "DELETE FROM login_fail WHERE login=$1", "t", zLogin);
    if (!rc)
        rc = db_run(pDb,
                    "INSERT INTO session(token_hash,user_id,csrf_token,"
                    "created_at,last_seen) VALUES($1,$2,$3,$4,$4)",
                    "titi", zTokHash, iUser, zCsrf, tNow);
    if (!rc) rc = audit_log(&c, "session.login", "app_user", iUser, 0);
    if (!rc) rc = db_commit(pDb);
    if (rc) {
        db_rollback(pDb);
        free(zToken);
        free(zCsrf);
        return ZE_DB_BUSY;
    }
    *pzToken = zToken;
    *pzCsrf = zCsrf;
    *piUser = iUser;
    return ZE_OK;
}

int auth_logout(Ctx *c, int64_t iSession)
{
    int rc = db_begin(c->pDb);
    if (!rc)
        rc = db_run(c->pDb, "DELETE FROM session WHERE id=$1", "i", iSession);
    if (!rc) rc = audit_log(c, "session.logout", "session", iSession, 0);
    if (!rc) rc = db_commit(c->pDb);
    if (rc) db_rollback(c->pDb);
    return rc;
}

/* Map a DB error to an Err. */
static int db_err(Err *pErr, int rc)
{
    return err_set(pErr, rc == DB_BUSY ? ZE_DB_BUSY : ZE_INTERNAL, 0, 0);
}

int auth_user_create(Ctx *c, App *pApp, const char *zLogin,
                     const char *zDisplay, const char *zAdminRole,
                     int64_t iPerson, const char *zPassword, int bMustChange,
                     int64_t *piUser, char **pzOneTime, Err *pErr)
{
    char *zGen = 0;
    const char *zCode = 0, *zMsg = 0;
    size_t nLogin = zLogin ? strlen(zLogin) : 0;
    if (nLogin < 2 || nLogin > 64)
        return err_set(pErr, ZE_FIELD_INVALID, "login",
                       "用户名应为2至64个字符");
    for (size_t i = 0; i < nLogin; i++) {
        char ch = zLogin[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-'))
            return err_set(pErr, ZE_FIELD_INVALID, "login",
                           "用户名只能包含字母、数字、下划线、点和连字符");
    }
    if (zAdminRole && (!cap_role(zAdminRole) || !cap_role(zAdminRole)->bAdmin))
        return err_set(pErr, ZE_ROLE_INVALID, "role", 0);
    if (!zPassword) {
        zGen = passwd_generate();
        zPassword = zGen;
        bMustChange = 1;
    } else if (passwd_check_policy(
                   zPassword, zLogin,
                   (int)setting_int(c->pDb, "password-min-length"), &zCode,
                   &zMsg)) {
        return err_set(pErr, ZE_PW_POLICY, "password", zMsg);
    }
    char *zHash = auth_hash(pApp, zPassword);
    if (!zHash) {
        free(zGen);
        return err_set(pErr, ZE_INTERNAL, 0, 0);
    }
    int64_t tNow = util_now(), iUser = 0;
    DbStmt *p = 0;
    int rc = db_begin(c->pDb);
    if (!rc)
        rc = db_prepare(c->pDb, &p,
                        "INSERT INTO app_user(login,display_name,pw_hash,"
                        "admin_role,person_id,must_change,pw_changed_at,"
                        "created_at) VALUES($1,$2,$3,$4,$5,$6,$7,$7) "
                        "RETURNING id");
    if (!rc) {
        db_bind_text(p, 1, zLogin);
        db_bind_text(p, 2, zDisplay);
        db_bind_text(p, 3, zHash);
        db_bind_text(p, 4, zAdminRole);
        if (iPerson > 0)
            db_bind_int64(p, 5, iPerson);
        else
            db_bind_null(p, 5);
        db_bind_int64(p, 6, bMustChange ? 1 : 0);
        db_bind_int64(p, 7, tNow);
        rc = db_step(p);
        if (rc == DB_ROW) {
            iUser = db_col_int64(p, 0);
            rc = DB_OK;
        }
    }
    db_finalize(p);
    free(zHash);
    if (!rc) {
        char *zDetail = xprintf("login=%s admin_role=%s", zLogin,
                                zAdminRole ? zAdminRole : "-");
        rc = audit_log(c, "user.create", "app_user", iUser, zDetail);
        free(zDetail);
    }
    if (!rc) rc = db_commit(c->pDb);
    if (rc) {
        db_rollback(c->pDb);
        free(zGen);
        if (rc == DB_CONSTRAINT)
            return err_set(pErr, ZE_USER_EXISTS, "login", 0);
        return db_err(pErr, rc);
    }
    *piUser = iUser;
    if (pzOneTime)
        *pzOneTime = zGen;
    else
        free(zGen);
    return ZE_OK;
}

int auth_set_password(Ctx *c, App *pApp, int64_t iUser, const char *zPw,
                      int bMustChange, int64_t iKeepSession, Err *pErr)
{
    const char *zCode = 0, *zMsg = 0;
    char zLogin[128] = "";
    DbStmt *p = 0;
    if (db_prepare_bind(c->pDb, &p, "SELECT login FROM app_user WHERE id=$1",
                        "i", iUser) == DB_OK &&
        db_step(p) == DB_ROW)
        snprintf(zLogin, sizeof zLogin, "%s", db_col_text(p, 0));
    db_finalize(p);
    if (!zLogin[0]) return err_set(pErr, ZE_NOT_FOUND, 0, 0);
    if (passwd_check_policy(zPw, zLogin,
                            (int)setting_int(c->pDb, "password-min-length"),
                            &zCode, &zMsg))
        return err_set(pErr, ZE_PW_POLICY, "new_password", zMsg);
    char *zHash = auth_hash(pApp, zPw);
    if (!zHash) return err_set(pErr, ZE_INTERNAL, 0, 0);
    int rc = db_begin(c->pDb);
    if (!rc)
        rc = db_run(c->pDb,
                    "UPDATE app_user SET pw_hash=$1, must_change=$2, "
                    "pw_changed_at=$3 WHERE id=$4",
                    "tiii", zHash, (int64_t)(bMustChange ? 1 : 0), util_now(),
                    iUser);
    if (!rc)
        rc = db_run(c->pDb, "DELETE FROM session WHERE user_id=$1 AND id<>$2",
                    "ii", iUser, iKeepSession);
    if (!rc)
        rc = audit_log(c, bMustChange ? "user.reset_password" : "user.password",
                       "app_user", iUser, 0);
    if (!rc) rc = db_commit(c->pDb);
    free(zHash);
    if (rc) {
        db_rollback(c->pDb);
        return db_err(pErr, rc);
    }
    return ZE_OK;
}

int auth_user_disable(Ctx *c, int64_t iUser, int bDisabled, Err *pErr)
{
    int64_t n = 0;
    int rc = db_begin(c->pDb);
    if (!rc)
        rc = db_one_int64(c->pDb, &n,
                          "UPDATE app_user SET disabled=$1 WHERE id=$2 "
                          "RETURNING id",
                          "ii", (int64_t)(bDisabled ? 1 : 0), iUser);
    if (!rc && bDisabled)
        rc = db_run(c->pDb, "DELETE FROM session WHERE user_id=$1", "i", iUser);
    if (!rc)
        rc = audit_log(c, bDisabled ? "user.disable" : "user.enable",
                       "app_user", iUser, 0);
    if (!rc) rc = db_commit(c->pDb);
    if (rc) {
        db_rollback(c->pDb);
        if (rc == DB_NOTFOUND) return err_set(pErr, ZE_NOT_FOUND, 0, 0);
        return db_err(pErr, rc);
    }
    return ZE_OK;
}

int auth_grant(Ctx *c, int64_t iUser, const char *zRole, int64_t iOrg,
               int64_t *piGrant, Err *pErr)
{
    const Role *pRole = cap_role(zRole);
    DbStmt *p = 0;
    if (!pRole || pRole->bAdmin)
        return err_set(pErr, ZE_ROLE_INVALID, "role", 0);
    int rc = db_prepare_bind(
        c->pDb, &p, "SELECT admin_role FROM app_user WHERE id=$1", "i", iUser);
    if (rc) return db_err(pErr, rc);
    rc = db_step(p);
    int bAdmin = rc == DB_ROW && !db_col_is_null(p, 0);
    db_finalize(p);
    if (rc == DB_DONE)
        return err_set(pErr, ZE_NOT_FOUND, "user_id", "账户不存在");
    if (rc != DB_ROW) return db_err(pErr, rc);
    if (bAdmin) return err_set(pErr, ZE_GRANT_SEPARATION, "user_id", 0);
    int64_t iGrant = 0;
    rc = db_begin(c->pDb);
    if (!rc)
        rc = db_one_int64(c->pDb, &iGrant,
                          "INSERT INTO user_grant(user_id,role,org_id,"
                          "created_at) VALUES($1,$2,$3,$4) RETURNING id",
                          "itii", iUser, zRole, iOrg, util_now());
    if (!rc) {
        char *zDetail = xprintf("user=%lld role=%s org=%lld", (long long)iUser,
                                zRole, (long long)iOrg);
        rc = audit_log(c, "grant.create", "user_grant", iGrant, zDetail);
        free(zDetail);
    }
    if (!rc) rc = db_commit(c->pDb);
    if (rc) {
        db_rollback(c->pDb);
        if (rc == DB_CONSTRAINT) {
            /* Either the same grant exists or the org does not. */
            int64_t n = 0;
            if (db_one_int64(c->pDb, &n, "SELECT id FROM org WHERE id=$1", "i",
                             iOrg) == DB_NOTFOUND)
                return err_set(pErr, ZE_NOT_FOUND, "org_id", "组织不存在");
            return err_set(pErr, ZE_GRANT_EXISTS, "role", 0);
        }
        return db_err(pErr, rc);
    }
    if (piGrant) *piGrant = iGrant;
    return ZE_OK;
}

int auth_revoke(Ctx *c, int64_t iGrant, Err *pErr)
{
    int64_t iUser = 0;
    int rc = db_begin(c->pDb);
    if (!rc)
        rc =
            db_one_int64(c->pDb, &iUser,
                         "DELETE FROM user_grant WHERE id=$1 RETURNING user_id",
                         "i", iGrant);
    if (!rc) rc = audit_log(c, "grant.delete", "user_grant", iGrant, 0);
    if (!rc) rc = db_commit(c->pDb);
    if (rc) {
        db_rollback(c->pDb);
        if (rc == DB_NOTFOUND) return err_set(pErr, ZE_NOT_FOUND, 0, 0);
        return db_err(pErr, rc);
    }
    return ZE_OK;
}
