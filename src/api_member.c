/* api_member.c: HTTP handlers for the roster (A2): list, add, read, edit,
** import (raw upload with a dry run and job progress), export, the import
** template, and the member's own record (GET /me, /me/record.xlsx).
** Each handler checks org scope with auth_require_org(), calls member.c
** and queues exactly one reply. */
#include "api.h"
#include "audit.h"
#include "auth.h"
#include "calendar.h"
#include "cap.h"
#include "jx.h"
#include "member.h"
#include "membership.h"
#include "setting.h"
#include "sheet.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XLSX_MIME                                                              \
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define IMPORT_MAX_ERRORS 1000 /* row errors listed in one reply */

/* Write member JSON (docs/api-contract.md "Members") to w.  The one
** definition of its fields: lists write it directly, member_json() parses
** it back for replies that embed it. */
static void member_out(JxOut *w, const Member *m)
{
    jx_out_open(w, '{');
    jx_out_kint(w, "id", m->iId);
    jx_out_kint(w, "person_id", m->iPerson);
    jx_out_kint(w, "org_id", m->iOrg);
    jx_out_kstr(w, "org_name", m->zOrgName);
    jx_out_kstr(w, "name", m->zName);
    jx_out_kstr(w, "gender", m->zGender);
    jx_out_kstr(w, "ethnicity", m->zEthnicity);
    jx_out_kstr(w, "birth_date", m->zBirth);
    jx_out_kint(w, "age", m->nAge);
    jx_out_kstr(w, "id_number", m->zIdNumber);
    jx_out_kstr(w, "phone", m->zPhone);
    jx_out_kstr(w, "education", m->zEducation);
    jx_out_kstr(w, "job", m->zJob);
    jx_out_kstr(w, "status", m->zStatus);
    jx_out_kbool(w, "voting_right", m->bVotingRight);
    jx_out_kstr(w, "membership", m->zShip);
    jx_out_kstr(w, "joined_on", m->zJoinedOn);
    jx_out_kstr(w, "full_on", m->zFullOn);
    jx_out_kbool(w, "masked", m->bMasked);
    jx_out_key(w, "posts");
    jx_out_open(w, '[');
    for (int i = 0; i < m->nPost; i++) {
        jx_out_open(w, '{');
        jx_out_kint(w, "id", m->aPost[i].iId);
        jx_out_kint(w, "org_id", m->aPost[i].iOrg);
        jx_out_kstr(w, "role", m->aPost[i].zRole);
        jx_out_close(w, '}');
    }
    jx_out_close(w, ']');
    jx_out_close(w, '}');
}

/* Member JSON as a tree, for replies that embed it.  New reference. */
static json_t *member_json(const Member *m)
{
    JxOut w = JX_OUT_INIT;
    member_out(&w, m);
    json_t *o = json_loadb(w.b.z, w.b.n, 0, 0);
    buf_free(&w.b);
    return o ? o : json_null();
}

/* Reply iStatus with member iMember (masked unless bUnmask). */
static void reply_member(Req *r, int iStatus, int64_t iMember, int bUnmask)
{
    Member m;
    JxOut w = JX_OUT_INIT;
    Ctx c = req_ctx(r);
    int rc = member_get(&c, iMember, bUnmask, &m);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    member_out(&w, &m);
    member_clear(&m);
    size_t n = w.b.n;
    reply_json_text(r, iStatus, buf_take(&w.b), n);
}

/* The org of member iMember; replies 404 (or 500) and returns nonzero
** when it cannot be read. */
static int member_org_or_reply(Req *r, int64_t iMember, int64_t *piOrg)
{
    int rc = member_org(req_db(r), iMember, piOrg);
    if (rc == DB_NOTFOUND)
        reply_error(r, ZE_NOT_FOUND, 0, 0);
    else if (rc)
        reply_db_error(r, rc);
    return rc;
}

/* 1 when the user may see unmasked values in org iOrg; otherwise replies
** 403 member.unmask_denied and returns 0. */
static int unmask_allowed(Req *r, int64_t iOrg)
{
    int bOk = 0;
    int rc =
        auth_org_allowed(req_db(r), r->pUser, iOrg, CAP_MEMBER_UNMASK, &bOk);
    if (rc) {
        reply_db_error(r, rc);
        return 0;
    }
    if (!bOk) reply_error(r, ZE_UNMASK_DENIED, "unmask", 0);
    return bOk;
}

/* Read the roster filters shared by the list and the export.  Returns
** nonzero after replying 400. */
static int query_filter(Req *r, MemberFilter *f)
{
    int64_t nMin, nMax;
    memset(f, 0, sizeof *f);
    f->zName = req_query(r, "name");
    f->zStatus = req_query(r, "status");
    f->zGender = req_query(r, "gender");
    f->zEducation = req_query(r, "education");
    f->zShip = req_query(r, "membership");
    f->zSort = req_query(r, "sort");
    if (f->zSort && !*f->zSort) f->zSort = 0;
    if (f->zStatus && *f->zStatus && strcmp(f->zStatus, "full") != 0 &&
        strcmp(f->zStatus, "probationary") != 0) {
        reply_error(r, ZE_BAD_QUERY, "status",
                    "status 应为 full 或 probationary");
        return 1;
    }
    if (f->zShip && *f->zShip && strcmp(f->zShip, "all") != 0 &&
        !membership_state_valid(f->zShip)) {
        reply_error(r, ZE_BAD_QUERY, "membership",
                    "membership 应为 active、suspended、removed、deceased 或 "
                    "all");
        return 1;
    }
    if (f->zGender && *f->zGender && strcmp(f->zGender, "male") != 0 &&
        strcmp(f->zGender, "female") != 0) {
        reply_error(r, ZE_BAD_QUERY, "gender", "gender 应为 male 或 female");
        return 1;
    }
    if (f->zSort && !member_sort_ok(f->zSort)) {
        reply_error(
            r, ZE_BAD_QUERY, "sort",
            "sort 应为 name、birth_date 或 joined_on（可加 - 表示倒序）");
        return 1;
    }
    if (req_query_int(r, "age_min", 0, 150, -1, &nMin) ||
        req_query_int(r, "age_max", 0, 150, -1, &nMax))
        return 1;
    f->nAgeMin = (int)nMin;
    f->nAgeMax = (int)nMax;
    return 0;
}

/* Append m's JSON to the JxOut pArg (a MemberRowFn). */
static int add_json(void *pArg, const Member *m)
{
    member_out((JxOut *)pArg, m);
    return 0;
}

/*
** GET /api/v1/orgs/{id}/members?name&status&gender&education&age_min
**     &age_max&sort&limit&offset
**
** The masked roster of org {id} and its subtree.  Needs member.read on
** that org.  Replies {"items":[Member],"total","limit","offset"}.
*/
void api_member_list(Req *r)
{
    int64_t iOrg, nLimit, nOffset, nTotal = 0;
    MemberFilter f;
    char zPath[256];
    if (req_arg_id(r, 0, &iOrg)) return;
    if (!auth_require_org_path(r, iOrg, CAP_MEMBER_READ, zPath)) return;
    if (query_filter(r, &f) || req_query_int(r, "limit", 1, 500, 50, &nLimit) ||
        req_query_int(r, "offset", 0, INT32_MAX, 0, &nOffset))
        return;
    f.nLimit = nLimit;
    f.nOffset = nOffset;
    f.zPath = zPath;
    Ctx c = req_ctx(r);
    /* The same page under the same database stamp on the same day (ages)
    ** is the same bytes: kept per connection (db_memo_*).  The checks of
    ** the session, the grants and the scope above run every time. */
    uint64_t iStamp = 0;
    char *zKey = 0;
    if (db_stamp(c.pDb, &iStamp) == DB_OK) {
        size_t nHit = 0;
        char *zArgs = req_query_all(r); /* every filter, present or future */
        zKey = xprintf("members\x1f%lld\x1f%d\x1f%s", (long long)iOrg,
                       cal_today(), zArgs);
        free(zArgs);
        const char *zHit = db_memo_get(c.pDb, zKey, iStamp, &nHit);
        if (zHit) {
            char *z = xmalloc(nHit + 1);
            memcpy(z, zHit, nHit);
            z[nHit] = 0;
            free(zKey);
            reply_json_text(r, 200, z, nHit);
            return;
        }
    }
    JxOut w = JX_OUT_INIT; /* a page is written as text, not as a tree */
    jx_out_reserve(&w, 16384);
    jx_out_open(&w, '{');
    jx_out_key(&w, "items");
    jx_out_open(&w, '[');
    db_read_begin(c.pDb); /* one snapshot for the count and the page */
    int rc = member_page(&c, iOrg, &f, add_json, &w, &nTotal);
    db_read_end(c.pDb);
    if (rc) {
        free(zKey);
        buf_free(&w.b);
        reply_db_error(r, rc);
        return;
    }
    jx_out_close(&w, ']');
    jx_out_kint(&w, "total", nTotal);
    jx_out_kint(&w, "limit", nLimit);
    jx_out_kint(&w, "offset", nOffset);
    jx_out_close(&w, '}');
    size_t n = w.b.n;
    if (zKey) db_memo_put(c.pDb, zKey, iStamp, w.b.z, n);
    free(zKey);
    reply_json_text(r, 200, buf_take(&w.b), n);
}

/* The string fields of a member body and where they go in a MemberRec. */
/* clang-format off */
static const struct {
    const char *zField; /* JSON name */
    size_t iOffset;     /* offsetof(MemberRec, ...) */
} aField[] = {
  { "name",       offsetof(MemberRec, zName) },
  { "gender",     offsetof(MemberRec, zGender) },
  { "ethnicity",  offsetof(MemberRec, zEthnicity) },
  { "birth_date", offsetof(MemberRec, zBirth) },
  { "id_number",  offsetof(MemberRec, zIdNumber) },
  { "phone",      offsetof(MemberRec, zPhone) },
  { "education",  offsetof(MemberRec, zEducation) },
  { "job",        offsetof(MemberRec, zJob) },
  { "status",     offsetof(MemberRec, zStatus) },
  { "joined_on",  offsetof(MemberRec, zJoinedOn) },
  { "full_on",    offsetof(MemberRec, zFullOn) },
};
/* clang-format on */

/*
** Read a member body into *m (strings borrowed from r->pBody).  An absent
** field stays NULL; JSON null is "" in a patch (clears the field) and NULL
** otherwise.  Returns nonzero after replying 400 field.type.
*/
static int body_rec(Req *r, MemberRec *m, int bPatch)
{
    memset(m, 0, sizeof *m);
    for (int i = 0; i < (int)(sizeof aField / sizeof aField[0]); i++) {
        json_t *v = json_object_get(r->pBody, aField[i].zField);
        const char **pz = (const char **)((char *)m + aField[i].iOffset);
        if (!v) continue;
        if (json_is_null(v)) {
            *pz = bPatch ? "" : 0;
        } else if (json_is_string(v)) {
            *pz = json_string_value(v);
        } else {
            reply_error(r, ZE_FIELD_TYPE, aField[i].zField, 0);
            return 1;
        }
    }
    int k = jx_get_int(r->pBody, "org_id", &m->iOrg);
    if (k == 2 || (k == 0 && m->iOrg <= 0)) {
        reply_error(r, k == 2 ? ZE_FIELD_TYPE : ZE_FIELD_INVALID, "org_id", 0);
        return 1;
    }
    return 0;
}

/* POST /api/v1/members {org_id, name, ...}: add a member (member.edit on
** org_id).  Replies 201 Member (masked). */
void api_member_create(Req *r)
{
    MemberRec m;
    Err e = {0};
    int64_t iMember = 0;
    if (body_rec(r, &m, 0)) return;
    if (!m.iOrg) {
        reply_error(r, ZE_FIELD_REQUIRED, "org_id", 0);
        return;
    }
    if (!auth_require_org(r, m.iOrg, CAP_MEMBER_EDIT)) return;
    Ctx c = req_ctx(r);
    if (member_create(&c, &m, &iMember, &e)) {
        reply_err(r, &e);
        return;
    }
    reply_member(r, 201, iMember, 0);
}

/* GET /api/v1/members/{id}?unmask=1: one member, masked unless unmask=1
** (member.unmask on its org; the view is audited "member.unmask"). */
void api_member_get(Req *r)
{
    int64_t iMember, iOrg, bUnmask;
    if (req_arg_id(r, 0, &iMember)) return;
    if (req_query_int(r, "unmask", 0, 1, 0, &bUnmask)) return;
    if (member_org_or_reply(r, iMember, &iOrg)) return;
    if (!auth_require_org(r, iOrg, CAP_MEMBER_READ)) return;
    if (bUnmask) {
        if (!unmask_allowed(r, iOrg)) return;
        Ctx c = req_ctx(r);
        int rc = audit_log_tx(&c, "member.unmask", "member", iMember, 0);
        if (rc) {
            reply_db_error(r, rc);
            return;
        }
    }
    reply_member(r, 200, iMember, (int)bUnmask);
}

/* PATCH /api/v1/members/{id} {any subset of the POST fields}: member.edit
** on its org, and on the new org when org_id moves it.  Replies Member. */
void api_member_patch(Req *r)
{
    int64_t iMember, iOrg;
    MemberRec m;
    Err e = {0};
    if (req_arg_id(r, 0, &iMember)) return;
    if (member_org_or_reply(r, iMember, &iOrg)) return;
    if (!auth_require_org(r, iOrg, CAP_MEMBER_EDIT)) return;
    if (body_rec(r, &m, 1)) return;
    if (m.iOrg && m.iOrg != iOrg &&
        !auth_require_org(r, m.iOrg, CAP_MEMBER_EDIT))
        return;
    Ctx c = req_ctx(r);
    if (member_update(&c, iMember, &m, &e)) {
        reply_err(r, &e);
        return;
    }
    reply_member(r, 200, iMember, 0);
}

/* Where import progress goes (a MemberProgressFn argument). */
typedef struct JobProgress {
    App *pApp;        /* borrowed */
    const char *zKey; /* job key, or NULL for none */
    int64_t iUser;    /* owner */
    int nDone;        /* last reported */
    int nTotal;       /* last reported */
} JobProgress;

static void job_progress(void *pArg, int nDone, int nTotal)
{
    JobProgress *p = pArg;
    p->nDone = nDone;
    p->nTotal = nTotal;
    if (p->zKey) app_job_update(p->pApp, p->zKey, p->iUser, nDone, nTotal, 0);
}

/* 1 when z is a job key: 8 to 64 characters of [A-Za-z0-9_-]. */
static int job_key_ok(const char *z)
{
    size_t n = strlen(z);
    if (n < 8 || n > 64) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = z[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

/* The upload's file name (only its extension is used): ?filename=, the
** X-Filename header, or by content (PK\3\4 is a zip). */
static const char *upload_name(Req *r)
{
    const char *z = req_query(r, "filename");
    if (!z || !*z) z = req_header(r, "X-Filename");
    if (z && *z) return z;
    if (r->body.n >= 4 && memcmp(r->body.z, "PK\003\004", 4) == 0)
        return "upload.xlsx";
    return "upload.csv";
}

/* Reply to an import with result rc (member_import()). */
static void reply_import(Req *r, int rc, const MemberImport *p, int bDry)
{
    if (rc && rc != ZE_IMPORT_ROWS) {
        reply_error(r, rc, 0, p->zMsg);
        return;
    }
    json_t *o = json_object(), *a = json_array(), *u = json_array();
    for (int i = 0; i < p->nErr && i < IMPORT_MAX_ERRORS; i++) {
        const MemberImportError *e = &p->aErr[i];
        json_t *x = json_object();
        jx_set_int(x, "row", e->iRow);
        jx_set_str(x, "column", e->zColumn);
        jx_set_str(x, "field", e->zField);
        jx_set_str(x, "code", errcode_get(e->iCode)->zCode);
        jx_set_str(x, "message", e->zMsg);
        json_array_append_new(a, x);
    }
    for (int i = 0; i < p->nUnknown; i++)
        json_array_append_new(u, jx_str(p->azUnknown[i]));
    jx_set_bool(o, "ok", rc == ZE_OK);
    jx_set_int(o, "rows", p->nRows);
    jx_set_int(o, "valid", p->nValid);
    if (rc == ZE_OK && !bDry) jx_set_int(o, "imported", p->nImported);
    json_object_set_new(o, "errors", a);
    jx_set_int(o, "error_count", p->nErr);
    json_object_set_new(o, "unknown_columns", u);
    reply_json(r, rc == ZE_OK || bDry ? 200 : 422, o);
}

/*
** POST /api/v1/orgs/{id}/members/import?dry_run=1&filename=F&job=KEY
**
** Raw body = an .xlsx or .csv file.  Validates every row; without dry_run
** and with no errors imports all rows in one transaction.  Progress is
** published under job KEY (GET /jobs/KEY).  Replies 200 {"ok",...}, or 422
** with the errors and nothing imported.
*/
void api_member_import(Req *r)
{
    int64_t iOrg, bDry;
    Sheet *s = 0;
    const char *zCode = 0;
    char *zMsg = 0;
    MemberImport res;
    if (req_arg_id(r, 0, &iOrg)) return;
    if (!auth_require_org(r, iOrg, CAP_MEMBER_EDIT)) return;
    if (req_query_int(r, "dry_run", 0, 1, 0, &bDry)) return;
    JobProgress job = {r->pApp, req_query(r, "job"), r->pUser->iId, 0, 0};
    if (job.zKey && !job_key_ok(job.zKey)) {
        reply_error(r, ZE_JOB_KEY, "job", 0);
        return;
    }
    job_progress(&job, 0, 0);
    int nMax = (int)setting_int(req_db(r), "import-max-rows");
    if (sheet_read(upload_name(r), r->body.z, r->body.n, nMax, &s, &zCode,
                   &zMsg)) {
        const ErrCode *pCode = errcode_find(zCode ? zCode : "");
        reply_error(r, pCode ? pCode->iCode : ZE_IMPORT_CORRUPT, 0, zMsg);
        free(zMsg);
        if (job.zKey) app_job_update(r->pApp, job.zKey, job.iUser, 0, 0, 1);
        return;
    }
    Ctx c = req_ctx(r);
    int rc = member_import(&c, iOrg, s, (int)bDry, job_progress, &job, &res);
    sheet_free(s);
    if (job.zKey)
        app_job_update(r->pApp, job.zKey, job.iUser, job.nDone, job.nTotal, 1);
    reply_import(r, rc, &res, (int)bDry);
    member_import_free(&res);
}

/*
** GET /api/v1/orgs/{id}/members.xlsx?unmask=1&<list filters>
**
** The roster as .xlsx (member.export on the org; unmask=1 also needs
** member.unmask there).  Audited "export.members" by member_export().
*/
void api_member_export(Req *r)
{
    int64_t iOrg, bUnmask;
    MemberFilter f;
    int fd = -1, nRows = 0;
    long long nSize = 0;
    if (req_arg_id(r, 0, &iOrg)) return;
    if (!auth_require_org(r, iOrg, CAP_MEMBER_EXPORT)) return;
    if (query_filter(r, &f)) return;
    if (req_query_int(r, "unmask", 0, 1, 0, &bUnmask)) return;
    if (bUnmask && !unmask_allowed(r, iOrg)) return;
    Ctx c = req_ctx(r);
    int rc = member_export(&c, iOrg, &f, (int)bUnmask, &fd, &nSize, &nRows);
    if (rc) {
        reply_error(r, rc, 0, 0);
        return;
    }
    reply_fd(r, XLSX_MIME, fd, nSize, "党员名册.xlsx");
}

/* GET /api/v1/import-template.xlsx: the import template with its headers
** and one 示例 row (skipped on import). */
void api_import_template(Req *r)
{
    int fd = -1;
    long long nSize = 0;
    int rc = member_template(&fd, &nSize);
    if (rc) {
        reply_error(r, rc, 0, 0);
        return;
    }
    reply_fd(r, XLSX_MIME, fd, nSize, "党员导入模板.xlsx");
}

/* The caller's own member id, or 0 when the account has none. */
static int64_t own_member(Req *r)
{
    int64_t iMember = 0;
    if (!r->pUser->iPerson ||
        member_of_person(req_db(r), r->pUser->iPerson, &iMember) != DB_OK)
        return 0;
    return iMember;
}

/* GET /api/v1/me: {"user":User,"member":Member|null}; the member record
** is the caller's own, so it is unmasked. */
void api_me_get(Req *r)
{
    json_t *o = json_object();
    Member m;
    json_object_set_new(o, "user", api_user_json(r, r->pUser));
    int64_t iMember = own_member(r);
    Ctx c = req_ctx(r);
    int rc = iMember ? member_get(&c, iMember, 1, &m) : DB_NOTFOUND;
    if (rc && rc != DB_NOTFOUND) {
        json_decref(o);
        reply_db_error(r, rc);
        return;
    }
    json_object_set_new(o, "member", rc ? json_null() : member_json(&m));
    if (!rc) member_clear(&m);
    reply_json(r, 200, o);
}

/* GET /api/v1/me/record.xlsx: the caller's own record (audited
** "export.self"). */
void api_me_export(Req *r)
{
    int fd = -1;
    long long nSize = 0;
    int64_t iMember = own_member(r);
    if (!iMember) {
        reply_error(r, ZE_NOT_FOUND, 0, "当前账户没有关联的党员档案");
        return;
    }
    Ctx c = req_ctx(r);
    int rc = member_export_one(&c, iMember, &fd, &nSize);
    if (rc) {
        reply_error(r, rc, 0, 0);
        return;
    }
    reply_fd(r, XLSX_MIME, fd, nSize, "本人档案.xlsx");
}
