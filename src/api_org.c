/* api_org.c: HTTP handlers for the organisation tree (A1), its structure
** checks (A4) and party posts (A3), as docs/api-contract.md "Orgs" says.
** Each handler parses and type-checks the request, checks org scope with
** auth_require_org() (404 outside the user's grants), calls org.c and
** queues exactly one reply.
**
** Entry points: api_org_get, api_org_children, api_org_create,
** api_org_patch, api_org_checks, api_post_list, api_post_create,
** api_post_delete. */
#include "api.h"
#include "auth.h"
#include "calendar.h"
#include "cap.h"
#include "jx.h"
#include "org.h"
#include <stdlib.h>
#include <string.h>

/* Org JSON (contract "Org") for f.  New reference. */
static json_t *org_json(const OrgFacts *f)
{
    json_t *o = json_object();
    int iEnd;
    char zDate[11];
    jx_set_int(o, "id", f->iId);
    jx_set_id(o, "parent_id", f->iParent);
    jx_set_str(o, "kind", f->zKind);
    jx_set_str(o, "name", f->zName);
    jx_set_str(o, "business_unit", f->zBusinessUnit);
    if (f->bTerm) cal_format(f->iTermStart, zDate);
    jx_set_str(o, "term_start", f->bTerm ? zDate : 0);
    jx_set_id(o, "term_years", f->nTermYears);
    if (!org_term_end(f, &iEnd)) cal_format(iEnd, zDate);
    jx_set_str(o, "term_end", org_term_end(f, &iEnd) ? 0 : zDate);
    jx_set_str(o, "path", f->zPath);
    jx_set_int(o, "depth", f->iDepth);
    jx_set_bool(o, "closed", f->bClosed);
    jx_set_bool(o, "has_children", f->nChildren > 0);
    jx_set_int(o, "member_count", f->nMembers);
    jx_set_int(o, "full_count", f->nFull);
    jx_set_int(o, "probationary_count", f->nProbationary);
    jx_set_int(o, "committee_size", f->nCommittee);
    return o;
}

/* Ancestors of f that the user may read, root first, for breadcrumbs.
** New reference, or NULL on a database error. */
static json_t *ancestors_json(Req *r, const OrgFacts *f)
{
    OrgRef *a = 0;
    int n = 0;
    if (org_ancestors(req_db(r), f->zPath, &a, &n)) return 0;
    json_t *aOut = json_array();
    for (int i = 0; i < n; i++) {
        int bOk = 0;
        if (auth_org_allowed(req_db(r), r->pUser, a[i].iId, CAP_ORG_READ,
                             &bOk) ||
            !bOk)
            continue;
        json_t *e = json_object();
        jx_set_int(e, "id", a[i].iId);
        jx_set_str(e, "name", a[i].zName);
        json_array_append_new(aOut, e);
    }
    org_refs_free(a, n);
    return aOut;
}

/* Reply with Org iOrg (status iStatus), plus ancestors when bAncestors. */
static void reply_org(Req *r, int64_t iOrg, int iStatus, int bAncestors)
{
    OrgTree t;
    int rc = org_tree_load(req_db(r), iOrg, &t);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    json_t *o = org_json(&t.a[0]);
    json_t *aAnc = bAncestors ? ancestors_json(r, &t.a[0]) : 0;
    org_tree_free(&t);
    if (bAncestors && !aAnc) {
        json_decref(o);
        reply_db_error(r, DB_ERROR);
        return;
    }
    if (aAnc) json_object_set_new(o, "ancestors", aAnc);
    reply_json(r, iStatus, o);
}

/* GET /api/v1/orgs/:id -> Org with "ancestors". */
void api_org_get(Req *r)
{
    int64_t iOrg;
    if (req_arg_id(r, 0, &iOrg)) return;
    if (!auth_require_org(r, iOrg, CAP_ORG_READ)) return;
    reply_org(r, iOrg, 200, 1);
}

static int facts_cmp_id(const void *a, const void *b)
{
    int64_t x = (*(const OrgFacts *const *)a)->iId;
    int64_t y = (*(const OrgFacts *const *)b)->iId;
    return x < y ? -1 : x > y;
}

/* GET /api/v1/orgs/:id/children -> {"items":[Org]}, closed ones included,
** in order of id. */
void api_org_children(Req *r)
{
    int64_t iOrg;
    OrgTree t;
    if (req_arg_id(r, 0, &iOrg)) return;
    if (!auth_require_org(r, iOrg, CAP_ORG_READ)) return;
    int rc = org_tree_load(req_db(r), iOrg, &t);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    const OrgFacts **ap = xmalloc((size_t)t.n * sizeof *ap);
    int n = 0;
    for (int i = 1; i < t.n; i++)
        if (t.a[i].iParent == iOrg) ap[n++] = &t.a[i];
    if (n > 1) qsort(ap, (size_t)n, sizeof *ap, facts_cmp_id);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, org_json(ap[i]));
    free(ap);
    org_tree_free(&t);
    json_t *o = json_object();
    json_object_set_new(o, "items", a);
    reply_json(r, 200, o);
}

/* Optional string field k into *pz (NULL when absent or null); *pbSet says
** whether the key is present.  Replies 400 and returns nonzero on a wrong
** type. */
static int opt_str(Req *r, const char *k, const char **pz, int *pbSet)
{
    int bBad = 0;
    *pz = jx_get_str(r->pBody, k, &bBad);
    if (pbSet) *pbSet = json_object_get(r->pBody, k) != 0;
    if (bBad) reply_error(r, ZE_FIELD_TYPE, k, 0);
    return bBad;
}

/* Optional integer field k into *pv (0 when absent or null), *pbSet as in
** opt_str(); a present integer outside lo..hi gives iRange (with field k).
** Replies and returns nonzero when bad. */
static int opt_int(Req *r, const char *k, int64_t lo, int64_t hi, int iRange,
                   int64_t *pv, int *pbSet)
{
    int e = jx_get_int(r->pBody, k, pv);
    if (pbSet) *pbSet = json_object_get(r->pBody, k) != 0;
    if (e == 2) {
        reply_error(r, ZE_FIELD_TYPE, k, 0);
        return 1;
    }
    if (e == 1) *pv = 0;
    if (e == 0 && (*pv < lo || *pv > hi)) {
        reply_error(r, iRange, k, 0);
        return 1;
    }
    return 0;
}

/* The fields of POST /orgs and PATCH /orgs/:id. */
typedef struct OrgBody {
    const char *zKind; /* kind, or NULL */
    const char *zName; /* name, or NULL */
    const char *zUnit; /* business_unit, or NULL */
    const char *zTerm; /* term_start, or NULL */
    int64_t nYears;    /* term_years, 0 when absent or null */
    int64_t iParent;   /* parent_id, 0 when absent or null */
    int bName, bUnit, bTerm, bYears, bParent; /* keys present */
} OrgBody;

/* Parse and type-check the org fields.  Replies and returns nonzero when a
** field has the wrong type or term_years is out of range. */
static int org_body(Req *r, OrgBody *b)
{
    memset(b, 0, sizeof *b);
    return opt_int(r, "parent_id", 1, INT64_MAX, ZE_BAD_ID, &b->iParent,
                   &b->bParent) ||
           opt_str(r, "kind", &b->zKind, 0) ||
           opt_str(r, "name", &b->zName, &b->bName) ||
           opt_str(r, "business_unit", &b->zUnit, &b->bUnit) ||
           opt_str(r, "term_start", &b->zTerm, &b->bTerm) ||
           opt_int(r, "term_years", 0, ORG_TERM_YEARS_MAX, ZE_ORG_TERM,
                   &b->nYears, &b->bYears);
}

/* POST /api/v1/orgs {parent_id,kind,name,business_unit?,term_start?,
** term_years?} -> 201 Org.  Needs org.edit on the parent. */
void api_org_create(Req *r)
{
    OrgBody b;
    Err e = {0};
    int64_t iOrg = 0;
    if (org_body(r, &b)) return;
    if (!b.iParent) {
        reply_error(r, ZE_FIELD_REQUIRED, "parent_id", 0);
        return;
    }
    if (!auth_require_org(r, b.iParent, CAP_ORG_EDIT)) return;
    Ctx c = req_ctx(r);
    if (org_create(&c, b.iParent, b.zKind, b.zName, b.zUnit, b.zTerm,
                   (int)b.nYears, &iOrg, &e)) {
        reply_err(r, &e);
        return;
    }
    reply_org(r, iOrg, 201, 0);
}

/* PATCH /api/v1/orgs/:id {name?,business_unit?,term_start?,term_years?,
** parent_id? (move),closed? (true closes)} -> Org.  A key with null clears
** business_unit, term_start or term_years; name cannot be cleared; kind
** cannot change.  Needs org.edit on the org and, for a move, on the new
** parent.  All changes apply in one transaction. */
void api_org_patch(Req *r)
{
    int64_t iOrg;
    OrgBody b;
    OrgEdit ed = {0};
    Err e = {0};
    json_t *pClosed = json_object_get(r->pBody, "closed");
    if (req_arg_id(r, 0, &iOrg) || org_body(r, &b)) return;
    if (pClosed && !json_is_boolean(pClosed) && !json_is_null(pClosed)) {
        reply_error(r, ZE_FIELD_TYPE, "closed", 0);
        return;
    }
    if (b.bName && !b.zName) {
        reply_error(r, ZE_FIELD_REQUIRED, "name", 0);
        return;
    }
    if (!auth_require_org(r, iOrg, CAP_ORG_EDIT)) return;
    if (b.iParent && !auth_require_org(r, b.iParent, CAP_ORG_EDIT)) return;
    if (json_is_true(pClosed)) {
        /* Closing an org is decided above it: edit rights on the parent. */
        int64_t iUp = 0;
        if (db_one_int64(req_db(r), &iUp,
                         "SELECT parent_id FROM org WHERE id=$1 AND "
                         "parent_id IS NOT NULL",
                         "i", iOrg) == DB_OK &&
            !auth_require_org(r, iUp, CAP_ORG_EDIT))
            return;
    }
    ed.zName = b.zName;
    ed.zKind = b.zKind;
    ed.bBusinessUnit = b.bUnit;
    ed.zBusinessUnit = b.zUnit;
    ed.bTermStart = b.bTerm;
    ed.zTermStart = b.zTerm;
    ed.bTermYears = b.bYears;
    ed.nTermYears = (int)b.nYears;
    ed.iParent = b.iParent;
    ed.bClose = json_is_true(pClosed);
    Ctx c = req_ctx(r);
    if (org_edit(&c, iOrg, &ed, &e)) {
        reply_err(r, &e);
        return;
    }
    reply_org(r, iOrg, 200, 0);
}

/* GET /api/v1/orgs/:id/checks -> {"items":[{rule,article,severity,message,
** org_id,org_name}]} for the org and its subtree, as of today. */
void api_org_checks(Req *r)
{
    int64_t iOrg;
    OrgFindings f;
    if (req_arg_id(r, 0, &iOrg)) return;
    if (!auth_require_org(r, iOrg, CAP_ORG_READ)) return;
    int rc = org_checks(req_db(r), iOrg, cal_today(), &f);
    if (rc) {
        org_findings_free(&f);
        reply_db_error(r, rc);
        return;
    }
    json_t *a = json_array();
    for (int i = 0; i < f.n; i++) {
        json_t *o = json_object();
        jx_set_str(o, "rule", f.a[i].zRule);
        jx_set_str(o, "article", f.a[i].zArticle);
        jx_set_str(o, "severity",
                   f.a[i].iSeverity == ORG_SEV_ERROR ? "error" : "warning");
        jx_set_str(o, "message", f.a[i].zMessage);
        jx_set_int(o, "org_id", f.a[i].iOrg);
        jx_set_str(o, "org_name", f.a[i].zOrgName);
        json_array_append_new(a, o);
    }
    org_findings_free(&f);
    json_t *o = json_object();
    json_object_set_new(o, "items", a);
    reply_json(r, 200, o);
}

/* Post JSON (contract) for p.  New reference. */
static json_t *post_json(const PostRow *p)
{
    json_t *o = json_object();
    jx_set_int(o, "id", p->iId);
    jx_set_int(o, "org_id", p->iOrg);
    jx_set_int(o, "person_id", p->iPerson);
    jx_set_id(o, "member_id", p->iMember);
    jx_set_str(o, "name", p->zName);
    jx_set_str(o, "role", p->zRole);
    jx_set_str(o, "from_on", p->zFromOn);
    jx_set_str(o, "warning", p->zWarning);
    return o;
}

/* GET /api/v1/orgs/:id/posts -> {"items":[post]}: active posts of the org,
** secretary first, each with its 一人一岗 warning. */
void api_post_list(Req *r)
{
    int64_t iOrg;
    PostRow *a = 0;
    int n = 0;
    if (req_arg_id(r, 0, &iOrg)) return;
    if (!auth_require_org(r, iOrg, CAP_ORG_READ)) return;
    int rc = post_list(req_db(r), iOrg, &a, &n);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    json_t *aOut = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(aOut, post_json(&a[i]));
    post_rows_free(a, n);
    json_t *o = json_object();
    json_object_set_new(o, "items", aOut);
    reply_json(r, 200, o);
}

/* POST /api/v1/orgs/:id/posts {member_id,role,from_on?} -> 201 post, with
** "warning" when the person already holds another post (一人一岗). */
void api_post_create(Req *r)
{
    int64_t iOrg, iMember = 0, iPost = 0;
    const char *zRole, *zFromOn;
    char *zWarning = 0;
    PostRow *p = 0;
    Err e = {0};
    if (req_arg_id(r, 0, &iOrg) ||
        opt_int(r, "member_id", 1, INT64_MAX, ZE_POST_NOT_MEMBER, &iMember,
                0) ||
        opt_str(r, "role", &zRole, 0) || opt_str(r, "from_on", &zFromOn, 0))
        return;
    if (!iMember) {
        reply_error(r, ZE_FIELD_REQUIRED, "member_id", 0);
        return;
    }
    if (!auth_require_org(r, iOrg, CAP_ORG_EDIT)) return;
    Ctx c = req_ctx(r);
    if (post_create(&c, iOrg, iMember, zRole, zFromOn, &iPost, &zWarning, &e)) {
        reply_err(r, &e);
        return;
    }
    free(zWarning); /* post_get() recomputes it */
    int rc = post_get(req_db(r), iPost, &p);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    reply_json(r, 201, post_json(p));
    post_rows_free(p, 1);
}

/* DELETE /api/v1/posts/:id -> 204: ends the post today.  Needs org.edit on
** the post's org; an unknown or already ended post is 404. */
void api_post_delete(Req *r)
{
    int64_t iPost, iOrg = 0;
    Err e = {0};
    if (req_arg_id(r, 0, &iPost)) return;
    int rc = post_org(req_db(r), iPost, &iOrg);
    if (rc) {
        reply_db_error(r, rc);
        return;
    }
    if (!auth_require_org(r, iOrg, CAP_ORG_EDIT)) return;
    Ctx c = req_ctx(r);
    if (post_end(&c, iPost, &e)) {
        reply_err(r, &e);
        return;
    }
    reply_empty(r, 204);
}
