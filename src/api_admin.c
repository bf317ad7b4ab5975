/* api_admin.c: session (log in/out, password), the three administrators'
** routes (accounts, grants, settings, audit log) and job progress. */
#include "api.h"
#include "audit.h"
#include "auth.h"
#include "cap.h"
#include "jx.h"
#include "setting.h"
#include "passwd.h"
#include "xlsx.h"
#include <stdint.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *api_user_json(Req *r, const User *u)
{
    json_t *o = json_object(), *a = json_array(), *aCap = json_array();
    Db *pDb = req_db(r);
    int64_t iHome = 0, iMember = 0;
    jx_set_int(o, "id", u->iId);
    jx_set_str(o, "login", u->zLogin);
    jx_set_str(o, "display_name", u->zDisplay ? u->zDisplay : u->zLogin);
    jx_set_bool(o, "must_change_password", u->bMustChange);
    jx_set_id(o, "person_id", u->iPerson);
    if (u->iPerson &&
        db_one_int64(pDb, &iMember, "SELECT id FROM member WHERE person_id=$1",
                     "i", u->iPerson) != DB_OK)
        iMember = 0;
    jx_set_id(o, "member_id", iMember);
    for (int i = 0; i < u->nGrant; i++) {
        const UserGrant *g = &u->aGrant[i];
        DbStmt *p = 0;
        json_t *e = json_object();
        jx_set_int(e, "grant_id", g->iId);
        jx_set_str(e, "role", g->zRole);
        jx_set_str(e, "role_label", cap_role(g->zRole)->zLabel);
        jx_set_int(e, "org_id", g->iOrg);
        if (db_prepare_bind(pDb, &p, "SELECT name FROM org WHERE id=$1", "i",
                            g->iOrg) == DB_OK &&
            db_step(p) == DB_ROW)
            jx_set_str(e, "org_name", db_col_text(p, 0));
        db_finalize(p);
        json_array_append_new(a, e);
        if (!iHome && g->mCap != CAP_SELF) iHome = g->iOrg;
    }
    if (!iHome && u->nGrant) iHome = u->aGrant[0].iOrg;
    if (!iHome && (u->mCap & CAP_ORG_READ) &&
        db_one_int64(pDb, &iHome, "SELECT id FROM org WHERE parent_id IS NULL",
                     "") != DB_OK)
        iHome = 0;
    json_object_set_new(o, "roles", a);
    jx_set_str(o, "admin_role", u->zAdminRole);
    for (int i = 0; cap_at(i); i++)
        if (u->mCap & cap_at(i)->mCap)
            json_array_append_new(aCap, jx_str(cap_at(i)->zName));
    json_object_set_new(o, "caps", aCap);
    jx_set_id(o, "home_org_id", iHome);
    return o;
}

/* Required string field; replies 400 and returns NULL when missing. */
static const char *need_str(Req *r, const char *zField)
{
    int bBad = 0;
    const char *z = jx_get_str(r->pBody, zField, &bBad);
    if (bBad) {
        reply_error(r, ZE_FIELD_TYPE, zField, 0);
        return 0;
    }
    if (!z || !*z) {
        reply_error(r, ZE_FIELD_REQUIRED, zField, 0);
        return 0;
    }
    return z;
}

/* POST /api/v1/session {"login","password"}. */
void api_session_login(Req *r)
{
    const char *zLogin = need_str(r, "login");
    if (!zLogin) return;
    const char *zPw = need_str(r, "password");
    if (!zPw) return;
    char *zToken = 0, *zCsrf = 0;
    int64_t iUser = 0;
    int rc =
        auth_login(r->pApp, req_db(r), zLogin, zPw, &zToken, &zCsrf, &iUser);
    if (rc) {
        reply_error(r, rc, rc == ZE_AUTH_BAD_LOGIN ? "password" : 0, 0);
        return;
    }
    char *zCookie =
        xprintf("%s=%s; Path=/; HttpOnly; SameSite=Strict%s", AUTH_COOKIE,
                zToken, r->pApp->bSecureCookie ? "; Secure" : "");
    req_add_header(r, "Set-Cookie", zCookie);
    free(zCookie);
    free(zCsrf);
    rc = auth_session_load_token(r, zToken);
    free(zToken);
    if (rc) return; /* replied */
    if (!r->pUser) {
        reply_error(r, ZE_INTERNAL, 0, 0);
        return;
    }
    json_t *o = json_object();
    json_object_set_new(o, "user", api_user_json(r, r->pUser));
    jx_set_str(o, "csrf_token", r->pUser->zCsrf);
    reply_json(r, 200, o);
}

/* GET /api/v1/session. */
void api_session_get(Req *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "user", api_user_json(r, r->pUser));
    jx_set_str(o, "csrf_token", r->pUser->zCsrf);
    reply_json(r, 200, o);
}

/* DELETE /api/v1/session. */
void api_session_logout(Req *r)
{
    Ctx c = req_ctx(r);
    int rc = auth_logout(&c, r->pUser->iSession);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    req_add_header(r, "Set-Cookie",
                   AUTH_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; "
                               "Max-Age=0");
    reply_empty(r, 204);
}

/* POST /api/v1/session/password {"old_password","new_password"}. */
void api_session_password(Req *r)
{
    const char *zOld = need_str(r, "old_password");
    if (!zOld) return;
    const char *zNew = need_str(r, "new_password");
    if (!zNew) return;
    DbStmt *p = 0;
    char *zHash = 0;
    if (db_prepare_bind(req_db(r), &p,
                        "SELECT pw_hash FROM app_user WHERE id=$1", "i",
                        r->pUser->iId) == DB_OK &&
        db_step(p) == DB_ROW)
        zHash = xstrdup(db_col_text(p, 0));
    db_finalize(p);
    sem_wait(&r->pApp->semHash);
    int bOk = zHash && passwd_verify(zHash, zOld);
    sem_post(&r->pApp->semHash);
    free(zHash);
    if (!bOk) {
        reply_error(r, ZE_PW_WRONG, "old_password", 0);
        return;
    }
    if (strcmp(zOld, zNew) == 0) {
        reply_error(r, ZE_PW_POLICY, "new_password", "新密码不能与原密码相同");
        return;
    }
    Ctx c = req_ctx(r);
    Err e = {0};
    if (auth_set_password(&c, r->pApp, r->pUser->iId, zNew, 0,
                          r->pUser->iSession, &e)) {
        reply_err(r, &e);
        return;
    }
    r->pUser->bMustChange = 0;
    json_t *o = json_object();
    json_object_set_new(o, "user", api_user_json(r, r->pUser));
    reply_json(r, 200, o);
}

/* Account row as JSON.  New reference. */
static json_t *account_json(DbStmt *p)
{
    json_t *o = json_object();
    jx_set_int(o, "id", db_col_int64(p, 0));
    jx_set_str(o, "login", db_col_text(p, 1));
    jx_set_str(o, "display_name", db_col_text(p, 2));
    jx_set_str(o, "admin_role", db_col_text(p, 3));
    jx_set_bool(o, "disabled", (int)db_col_int64(p, 4));
    jx_set_bool(o, "must_change_password", (int)db_col_int64(p, 5));
    jx_set_id(o, "person_id", db_col_int64(p, 6));
    int64_t tLock = db_col_int64(p, 7);
    if (tLock > util_now())
        jx_set_int(o, "locked_until", tLock);
    else
        json_object_set_new(o, "locked_until", json_null());
    return o;
}

/* GET /api/v1/users (sysadmin; the security administrator too, to choose
** whom to grant a role). */
void api_user_list(Req *r)
{
    DbStmt *p = 0;
    if (!(r->pUser->mCap & (CAP_USER_ADMIN | CAP_GRANT_ADMIN))) {
        reply_error(r, ZE_FORBIDDEN, 0, 0);
        return;
    }
    json_t *a = json_array();
    int rc = db_prepare(req_db(r), &p,
                        "SELECT u.id, u.login, u.display_name, u.admin_role,"
                        " u.disabled, u.must_change, u.person_id,"
                        " coalesce(f.locked_until,0) FROM app_user u"
                        " LEFT JOIN login_fail f ON f.login=u.login"
                        " ORDER BY u.id");
    while (!rc && (rc = db_step(p)) == DB_ROW) {
        json_t *o = account_json(p);
        json_t *aRole = json_array();
        DbStmt *q = 0;
        if (db_prepare_bind(req_db(r), &q,
                            "SELECT g.id, g.role, g.org_id, o.name FROM "
                            "user_grant g JOIN org o ON o.id=g.org_id "
                            "WHERE g.user_id=$1 ORDER BY g.id",
                            "i", db_col_int64(p, 0)) == DB_OK) {
            while (db_step(q) == DB_ROW) {
                json_t *e = json_object();
                jx_set_int(e, "grant_id", db_col_int64(q, 0));
                jx_set_str(e, "role", db_col_text(q, 1));
                jx_set_int(e, "org_id", db_col_int64(q, 2));
                jx_set_str(e, "org_name", db_col_text(q, 3));
                json_array_append_new(aRole, e);
            }
        }
        db_finalize(q);
        json_object_set_new(o, "roles", aRole);
        json_array_append_new(a, o);
        rc = 0;
    }
    db_finalize(p);
    reply_list(r, rc, a, -1, 0, 0);
}

/* POST /api/v1/users {"login","display_name","person_id"?} (sysadmin).
** The account gets a one-time password; the security administrator grants
** its roles. */
void api_user_create(Req *r)
{
    const char *zLogin = need_str(r, "login");
    if (!zLogin) return;
    int bBad = 0;
    const char *zName = jx_get_str(r->pBody, "display_name", &bBad);
    int64_t iPerson = 0;
    if (bBad || jx_get_int(r->pBody, "person_id", &iPerson) == 2) {
        reply_error(r, ZE_FIELD_TYPE, bBad ? "display_name" : "person_id", 0);
        return;
    }
    Ctx c = req_ctx(r);
    Err e = {0};
    int64_t iUser = 0;
    char *zPw = 0;
    if (auth_user_create(&c, r->pApp, zLogin, zName, 0, iPerson, 0, 1, &iUser,
                         &zPw, &e)) {
        reply_err(r, &e);
        return;
    }
    json_t *o = json_object(), *u = json_object();
    jx_set_int(u, "id", iUser);
    jx_set_str(u, "login", zLogin);
    jx_set_str(u, "display_name", zName);
    json_object_set_new(o, "user", u);
    jx_set_str(o, "one_time_password", zPw);
    free(zPw);
    reply_json(r, 201, o);
}

/* PATCH /api/v1/users/{id} {"disabled":bool} (sysadmin). */
void api_user_patch(Req *r)
{
    int64_t iUser;
    if (req_arg_id(r, 0, &iUser)) return;
    json_t *v = json_object_get(r->pBody, "disabled");
    if (!v || !json_is_boolean(v)) {
        reply_error(r, v ? ZE_FIELD_TYPE : ZE_FIELD_REQUIRED, "disabled", 0);
        return;
    }
    if (iUser == r->pUser->iId) {
        reply_error(r, ZE_FIELD_INVALID, "disabled", "不能停用自己的账户");
        return;
    }
    Ctx c = req_ctx(r);
    Err e = {0};
    if (auth_user_disable(&c, iUser, json_is_true(v), &e)) {
        reply_err(r, &e);
        return;
    }
    json_t *o = json_object();
    jx_set_int(o, "id", iUser);
    jx_set_bool(o, "disabled", json_is_true(v));
    reply_json(r, 200, o);
}

/* POST /api/v1/users/{id}/reset-password (sysadmin): a new one-time
** password; all sessions of that account end. */
void api_user_reset(Req *r)
{
    int64_t iUser;
    if (req_arg_id(r, 0, &iUser)) return;
    char *zPw = passwd_generate();
    Ctx c = req_ctx(r);
    Err e = {0};
    if (auth_set_password(&c, r->pApp, iUser, zPw, 1, 0, &e)) {
        free(zPw);
        reply_err(r, &e);
        return;
    }
    db_run(req_db(r),
           "DELETE FROM login_fail WHERE login="
           "(SELECT login FROM app_user WHERE id=$1)",
           "i", iUser);
    json_t *o = json_object();
    jx_set_str(o, "one_time_password", zPw);
    free(zPw);
    reply_json(r, 200, o);
}

/* GET /api/v1/grants (secadmin). */
void api_grant_list(Req *r)
{
    DbStmt *p = 0;
    json_t *a = json_array();
    int rc = db_prepare(req_db(r), &p,
                        "SELECT g.id, g.user_id, u.login, g.role, g.org_id,"
                        " o.name FROM user_grant g JOIN app_user u ON "
                        "u.id=g.user_id JOIN org o ON o.id=g.org_id "
                        "ORDER BY g.id");
    while (!rc && (rc = db_step(p)) == DB_ROW) {
        json_t *o = json_object();
        const Role *pRole = cap_role(db_col_text(p, 3));
        jx_set_int(o, "id", db_col_int64(p, 0));
        jx_set_int(o, "user_id", db_col_int64(p, 1));
        jx_set_str(o, "login", db_col_text(p, 2));
        jx_set_str(o, "role", db_col_text(p, 3));
        jx_set_str(o, "role_label", pRole ? pRole->zLabel : 0);
        jx_set_int(o, "org_id", db_col_int64(p, 4));
        jx_set_str(o, "org_name", db_col_text(p, 5));
        json_array_append_new(a, o);
        rc = 0;
    }
    db_finalize(p);
    reply_list(r, rc, a, -1, 0, 0);
}

/* POST /api/v1/grants {"user_id","role","org_id"} (secadmin). */
void api_grant_create(Req *r)
{
    int64_t iUser = 0, iOrg = 0;
    int k1 = jx_get_int(r->pBody, "user_id", &iUser);
    int k2 = jx_get_int(r->pBody, "org_id", &iOrg);
    if (k1 || k2) {
        int k = k1 ? k1 : k2;
        reply_error(r, k == 1 ? ZE_FIELD_REQUIRED : ZE_FIELD_TYPE,
                    k1 ? "user_id" : "org_id", 0);
        return;
    }
    const char *zRole = need_str(r, "role");
    if (!zRole) return;
    Ctx c = req_ctx(r);
    Err e = {0};
    int64_t iGrant = 0;
    if (auth_grant(&c, iUser, zRole, iOrg, &iGrant, &e)) {
        reply_err(r, &e);
        return;
    }
    json_t *o = json_object();
    jx_set_int(o, "id", iGrant);
    jx_set_int(o, "user_id", iUser);
    jx_set_str(o, "role", zRole);
    jx_set_int(o, "org_id", iOrg);
    reply_json(r, 201, o);
}

/* DELETE /api/v1/grants/{id} (secadmin). */
void api_grant_delete(Req *r)
{
    int64_t iGrant;
    if (req_arg_id(r, 0, &iGrant)) return;
    Ctx c = req_ctx(r);
    Err e = {0};
    if (auth_revoke(&c, iGrant, &e)) {
        reply_err(r, &e);
        return;
    }
    reply_empty(r, 204);
}

/* GET /api/v1/settings (secadmin). */
void api_setting_list(Req *r)
{
    json_t *a = json_array();
    for (int i = 0; setting_at(i); i++) {
        const Setting *s = setting_at(i);
        json_t *o = json_object();
        char zVal[32];
        snprintf(zVal, sizeof zVal, "%lld",
                 (long long)setting_int(req_db(r), s->zName));
        jx_set_str(o, "name", s->zName);
        jx_set_str(o, "value", zVal);
        jx_set_str(o, "default", s->zDefault);
        jx_set_int(o, "min", s->iMin);
        jx_set_int(o, "max", s->iMax);
        jx_set_str(o, "help", s->zHelp);
        json_array_append_new(a, o);
    }
    json_t *o = json_object();
    json_object_set_new(o, "items", a);
    reply_json(r, 200, o);
}

/* PATCH /api/v1/settings {"name":"value",...} (secadmin): all or none. */
void api_setting_patch(Req *r)
{
    const char *zKey;
    json_t *v;
    Ctx c = req_ctx(r);
    int rc = db_begin(c.pDb);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    json_object_foreach(r->pBody, zKey, v)
    {
        char zVal[32];
        if (json_is_integer(v))
            snprintf(zVal, sizeof zVal, "%lld",
                     (long long)json_integer_value(v));
        else if (json_is_string(v))
            snprintf(zVal, sizeof zVal, "%s", json_string_value(v));
        else
            zVal[0] = 0;
        int e = setting_set(c.pDb, zKey, zVal);
        if (e == 0) {
            char *zDetail = xprintf("%s=%s", zKey, zVal);
            e = audit_log(&c, "setting.set", "setting", 0, zDetail);
            free(zDetail);
            if (e) e = -e;
        }
        if (e) {
            db_rollback(c.pDb);
            if (e < 0)
                reply_db_error(r, -e);
            else
                reply_error(r, e, zKey, 0);
            return;
        }
    }
    rc = db_commit(c.pDb);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    api_setting_list(r);
}

/* GET /api/v1/audit?limit&offset&actor&action (auditor). */
void api_audit_list(Req *r)
{
    int64_t nLimit, nOffset, nTotal = 0;
    if (req_query_int(r, "limit", 1, 500, 50, &nLimit)) return;
    if (req_query_int(r, "offset", 0, INT32_MAX, 0, &nOffset)) return;
    const char *zActor = req_query(r, "actor");
    const char *zAction = req_query(r, "action");
    if (zActor && !*zActor) zActor = 0;
    if (zAction && !*zAction) zAction = 0;
    Db *pDb = req_db(r);
    const char *zWhere = " WHERE ($1 = '' OR actor_login = $1)"
                         " AND ($2 = '' OR action LIKE $2 || '%')";
    char *zSql = xprintf("SELECT count(*) FROM audit%s", zWhere);
    int rc = db_one_int64(pDb, &nTotal, zSql, "tt", zActor ? zActor : "",
                          zAction ? zAction : "");
    free(zSql);
    DbStmt *p = 0;
    json_t *a = json_array();
    zSql = xprintf("SELECT id, at, actor_login, action, object, object_id, "
                   "detail FROM audit%s ORDER BY id DESC LIMIT $3 OFFSET $4",
                   zWhere);
    if (!rc)
        rc = db_prepare_bind(pDb, &p, zSql, "ttii", zActor ? zActor : "",
                             zAction ? zAction : "", nLimit, nOffset);
    free(zSql);
    while (!rc && (rc = db_step(p)) == DB_ROW) {
        json_t *o = json_object();
        jx_set_int(o, "id", db_col_int64(p, 0));
        jx_set_int(o, "at", db_col_int64(p, 1));
        jx_set_str(o, "actor_login", db_col_text(p, 2));
        jx_set_str(o, "action", db_col_text(p, 3));
        jx_set_str(o, "object", db_col_text(p, 4));
        jx_set_id(o, "object_id", db_col_int64(p, 5));
        jx_set_str(o, "detail", db_col_text(p, 6));
        json_array_append_new(a, o);
        rc = 0;
    }
    db_finalize(p);
    reply_list(r, rc, a, nTotal, nLimit, nOffset);
}

/* POST /api/v1/audit/verify (auditor). */
void api_audit_verify(Req *r)
{
    int64_t nRows = 0, iBad = 0;
    int rc = audit_verify(req_db(r), &r->pApp->keys, &nRows, &iBad);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    json_t *o = json_object();
    jx_set_bool(o, "ok", iBad == 0);
    jx_set_int(o, "rows", nRows);
    jx_set_id(o, "bad_id", iBad);
    reply_json(r, 200, o);
}

/* GET /api/v1/audit.xlsx (auditor): the whole log; the export itself is
** logged. */
void api_audit_export(Req *r)
{
    static const char *const azHead[] = {"编号", "时间(UTC)", "操作人", "操作",
                                         "对象", "对象编号",  "说明"};
    Xlsx *x = 0;
    char *zErr = 0;
    DbStmt *p = 0;
    Ctx c = req_ctx(r);
    int rc = audit_log_tx(&c, "export.audit", "audit", 0, 0);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    if (xlsx_new(&x, &zErr) || xlsx_sheet(x, "审计日志")) {
        free(zErr);
        xlsx_free(x);
        reply_error(r, ZE_EXPORT_FAILED, 0, 0);
        return;
    }
    xlsx_header(x, azHead, 7);
    rc = db_prepare(c.pDb, &p,
                    "SELECT id, at, actor_login, action, object, object_id, "
                    "detail FROM audit ORDER BY id");
    while (!rc && db_step(p) == DB_ROW) {
        char zId[24], zAt[32], zObj[24];
        time_t t = (time_t)db_col_int64(p, 1);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(zAt, sizeof zAt, "%Y-%m-%d %H:%M:%S", &tm);
        snprintf(zId, sizeof zId, "%lld", (long long)db_col_int64(p, 0));
        snprintf(zObj, sizeof zObj, "%lld", (long long)db_col_int64(p, 5));
        const char *az[7] = {zId,
                             zAt,
                             db_col_text(p, 2),
                             db_col_text(p, 3),
                             db_col_text(p, 4),
                             zObj,
                             db_col_text(p, 6)};
        xlsx_row(x, az, 7);
    }
    db_finalize(p);
    int fd = -1;
    long long n = 0;
    if (xlsx_finish(x, &fd, &n, &zErr)) {
        free(zErr);
        reply_error(r, ZE_EXPORT_FAILED, 0, 0);
        return;
    }
    reply_fd(
        r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        fd, n, "审计日志.xlsx");
}

/* GET /api/v1/jobs/{key}: progress of the caller's long request. */
void api_job_get(Req *r)
{
    Job j;
    const char *zKey = r->nArg ? r->azArg[0] : "";
    if (app_job_get(r->pApp, zKey, r->pUser->iId, &j)) {
        reply_error(r, ZE_NOT_FOUND, 0, 0);
        return;
    }
    json_t *o = json_object();
    jx_set_str(o, "key", j.zKey);
    jx_set_str(o, "state", j.bDone ? "done" : "running");
    jx_set_int(o, "done", j.nDone);
    jx_set_int(o, "total", j.nTotal);
    reply_json(r, 200, o);
}
