/* req.c: the request object, query/header access, and replies. */
#include "req.h"
#include "calendar.h"
#include "db.h"
#include "jx.h"
#include "log.h"
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static int64_t now_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, 0);
    return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

Req *req_new(App *pApp, struct MHD_Connection *pConn, const char *zMethod,
             const char *zUrl)
{
    Req *r = xcalloc(1, sizeof(*r));
    r->pApp = pApp;
    r->pConn = pConn;
    r->zMethod = xstrdup(zMethod);
    const char *q = strchr(zUrl, '?');
    r->zPath = q ? xstrndup(zUrl, (size_t)(q - zUrl)) : xstrdup(zUrl);
    r->iFd = -1;
    r->bNoStore = 1;
    r->tStart = now_ms();
    return r;
}

void req_user_free(User *u)
{
    if (!u) return;
    free(u->zLogin);
    free(u->zDisplay);
    free(u->zAdminRole);
    free(u->zCsrf);
    free(u->aGrant);
    free(u);
}

void req_db_release(Req *r)
{
    if (!r || !r->pDb) return;
    db_rollback(r->pDb); /* no transaction outlives its handler */
    dbpool_put(r->pApp->pPool, r->pDb);
    r->pDb = 0;
}

void req_free(Req *r)
{
    if (!r) return;
    req_db_release(r);
    req_user_free(r->pUser);
    json_decref(r->pBody);
    buf_free(&r->body);
    free(r->zMethod);
    free(r->zPath);
    free(r->zPathCopy);
    free(r->zReply);
    if (r->iFd >= 0) close(r->iFd);
    for (int i = 0; i < r->nHdr; i++) {
        free(r->azHdr[i][0]);
        free(r->azHdr[i][1]);
    }
    free(r);
}

Db *req_db(Req *r)
{
    if (!r->pDb) r->pDb = dbpool_get(r->pApp->pPool);
    return r->pDb;
}

const char *req_query(Req *r, const char *zName)
{
    if (!r->pConn) return 0;
    return MHD_lookup_connection_value(r->pConn, MHD_GET_ARGUMENT_KIND, zName);
}

/* Append "key=value" and a 0x1f separator for one query argument. */
static enum MHD_Result query_append(void *pArg, enum MHD_ValueKind kind,
                                    const char *zKey, const char *zValue)
{
    (void)kind;
    buf_appendf((Buf *)pArg, "%s=%s\x1f", zKey, zValue ? zValue : "");
    return MHD_YES;
}

char *req_query_all(Req *r)
{
    Buf b = BUF_INIT;
    buf_appends(&b, "");
    if (r->pConn)
        MHD_get_connection_values(r->pConn, MHD_GET_ARGUMENT_KIND, query_append,
                                  &b);
    return buf_take(&b);
}

const char *req_header(Req *r, const char *zName)
{
    if (!r->pConn) return 0;
    return MHD_lookup_connection_value(r->pConn, MHD_HEADER_KIND, zName);
}

int req_query_int(Req *r, const char *zName, int64_t lo, int64_t hi,
                  int64_t iDefault, int64_t *pv)
{
    const char *z = req_query(r, zName);
    if (!z || !*z) {
        *pv = iDefault;
        return 0;
    }
    if (util_parse_int64(z, pv) || *pv < lo || *pv > hi) {
        char *zMsg = xprintf("查询参数 %s 应为 %lld 到 %lld 之间的整数", zName,
                             (long long)lo, (long long)hi);
        reply_error(r, ZE_BAD_QUERY, zName, zMsg);
        free(zMsg);
        return 1;
    }
    return 0;
}

Ctx req_ctx(Req *r)
{
    Ctx c = {req_db(r), &r->pApp->keys, r->pUser ? r->pUser->iId : 0,
             r->pUser ? r->pUser->zLogin : "anonymous"};
    return c;
}

int req_query_day(Req *r, const char *zName, int *piDay)
{
    const char *z = req_query(r, zName);
    *piDay = cal_today();
    if (z && cal_parse(z, piDay)) {
        reply_error(r, ZE_BAD_QUERY, zName, 0);
        return 1;
    }
    return 0;
}

int req_arg_id(Req *r, int i, int64_t *pv)
{
    if (i >= r->nArg || util_parse_int64(r->azArg[i], pv) || *pv <= 0) {
        reply_error(r, ZE_BAD_ID, "id", 0);
        return 1;
    }
    return 0;
}

/* Returns 1 if the reply may be set now; logs a second reply. */
static int may_reply(Req *r)
{
    if (r->bReplied) {
        log_msg(LOG_ERROR, "BUG: second reply for %s %s", r->zMethod, r->zPath);
        return 0;
    }
    r->bReplied = 1;
    return 1;
}

void reply_json(Req *r, int iStatus, json_t *p)
{
    if (!may_reply(r)) {
        json_decref(p);
        return;
    }
    r->iStatus = iStatus;
    r->zType = "application/json; charset=utf-8";
    r->zReply = jx_dump(p);
    r->nReply = r->zReply ? (long long)strlen(r->zReply) : 0;
    json_decref(p);
}

void reply_json_text(Req *r, int iStatus, char *zJson, size_t nJson)
{
    if (!may_reply(r)) {
        free(zJson);
        return;
    }
    r->iStatus = iStatus;
    r->zType = "application/json; charset=utf-8";
    r->zReply = zJson;
    r->nReply = (long long)nJson;
}

void reply_error(Req *r, int iCode, const char *zField, const char *zMsg)
{
    const ErrCode *e = errcode_get(iCode);
    json_t *pErr = json_object();
    jx_set_str(pErr, "code", e->zCode);
    jx_set_str(pErr, "message", zMsg ? zMsg : e->zMsg);
    jx_set_str(pErr, "field", zField);
    json_t *p = json_object();
    json_object_set_new(p, "error", pErr);
    reply_json(r, e->iStatus, p);
}

void reply_err(Req *r, const Err *pErr)
{
    reply_error(r, pErr->iCode ? pErr->iCode : ZE_INTERNAL, pErr->zField,
                pErr->zMsg);
}

void reply_db_error(Req *r, int rc)
{
    if (r->pDb)
        log_msg(LOG_ERROR, "db error %d on %s %s: %s", rc, r->zMethod, r->zPath,
                db_errmsg(r->pDb));
    if (rc == DB_BUSY)
        reply_error(r, ZE_DB_BUSY, 0, 0);
    else if (rc == DB_NOTFOUND)
        reply_error(r, ZE_NOT_FOUND, 0, 0);
    else
        reply_error(r, ZE_INTERNAL, 0, 0);
}

void reply_list(Req *r, int rc, json_t *a, int64_t nTotal, int64_t nLimit,
                int64_t nOffset)
{
    if (rc != DB_OK && rc != DB_DONE) {
        json_decref(a);
        reply_db_error(r, rc);
        return;
    }
    json_t *o = json_object();
    json_object_set_new(o, "items", a);
    jx_set_int(o, "total", nTotal < 0 ? (int64_t)json_array_size(a) : nTotal);
    if (nLimit > 0) {
        jx_set_int(o, "limit", nLimit);
        jx_set_int(o, "offset", nOffset);
    }
    reply_json(r, 200, o);
}

void reply_empty(Req *r, int iStatus)
{
    if (!may_reply(r)) return;
    r->iStatus = iStatus;
}

void reply_static(Req *r, int iStatus, const char *zType,
                  const unsigned char *p, long long n)
{
    if (!may_reply(r)) return;
    r->iStatus = iStatus;
    r->zType = zType;
    r->pStatic = p;
    r->nReply = n;
}

/* RFC 5987 percent-encoding of a UTF-8 file name. */
static char *disposition(const char *zName)
{
    Buf b = BUF_INIT;
    buf_appends(&b, "attachment; filename=\"export.xlsx\"; filename*=UTF-8''");
    for (const unsigned char *z = (const unsigned char *)zName; *z; z++) {
        if ((*z >= 'a' && *z <= 'z') || (*z >= 'A' && *z <= 'Z') ||
            (*z >= '0' && *z <= '9') || *z == '.' || *z == '-' || *z == '_')
            buf_append(&b, z, 1);
        else
            buf_appendf(&b, "%%%02X", *z);
    }
    return buf_take(&b);
}

void reply_fd(Req *r, const char *zType, int fd, long long n,
              const char *zFilename)
{
    if (!may_reply(r)) {
        close(fd);
        return;
    }
    r->iStatus = 200;
    r->zType = zType;
    r->iFd = fd;
    r->nReply = n;
    if (zFilename) {
        char *z = disposition(zFilename);
        req_add_header(r, "Content-Disposition", z);
        free(z);
    }
}

void req_add_header(Req *r, const char *zName, const char *zValue)
{
    if (r->nHdr >= REQ_MAX_HEADERS) {
        log_msg(LOG_ERROR, "BUG: too many headers");
        return;
    }
    r->azHdr[r->nHdr][0] = xstrdup(zName);
    r->azHdr[r->nHdr][1] = xstrdup(zValue);
    r->nHdr++;
}

void app_job_update(App *p, const char *zKey, int64_t iUser, int nDone,
                    int nTotal, int bDone)
{
    int iFree = -1, iOld = 0;
    if (!zKey || !*zKey) return;
    pthread_mutex_lock(&p->muJob);
    for (int i = 0; i < APP_MAX_JOBS; i++) {
        Job *j = &p->aJob[i];
        if (j->zKey[0] && strcmp(j->zKey, zKey) == 0 && j->iUser == iUser) {
            iFree = i;
            break;
        }
        if (!j->zKey[0] && iFree < 0) iFree = i;
        if (j->tUpdate < p->aJob[iOld].tUpdate) iOld = i;
    }
    if (iFree < 0) iFree = iOld; /* reuse the stalest slot */
    Job *j = &p->aJob[iFree];
    snprintf(j->zKey, sizeof j->zKey, "%s", zKey);
    j->iUser = iUser;
    j->nDone = nDone;
    j->nTotal = nTotal;
    j->bDone = bDone;
    j->tUpdate = util_now();
    pthread_mutex_unlock(&p->muJob);
}

int app_job_get(App *p, const char *zKey, int64_t iUser, Job *pJob)
{
    int rc = 1;
    pthread_mutex_lock(&p->muJob);
    for (int i = 0; i < APP_MAX_JOBS; i++) {
        if (p->aJob[i].zKey[0] && strcmp(p->aJob[i].zKey, zKey) == 0 &&
            p->aJob[i].iUser == iUser) {
            *pJob = p->aJob[i];
            rc = 0;
            break;
        }
    }
    pthread_mutex_unlock(&p->muJob);
    return rc;
}
