/* org.c: the organisation tree (A1), the structure rules (A4) and party
** posts (A3).
**
** The tree is a materialised path: org.path is "/1/7/42/" (the ids from
** the root down, each followed by '/') and org.depth counts the slashes
** minus one.  A subtree is the range path >= P AND path < P' where P' is P
** with its last '/' replaced by '0' (auth_path_upper()), so every subtree
** query uses the unique index on path and works the same on SQLite and
** PostgreSQL (path is COLLATE "C" there).
**
** Rules evaluated (shared/domain/rules.md §1.1, §1.2, §9), thresholds from
** the settings table:
**   B1  branch with fewer than branch-min-full full members (error)
**   B2  branch with more than branch-max-members members (warning)
**   B13 branch with >= branch-committee-min-full full members and fewer
**       than committee-min-size committee members (error); committee larger
**       than committee-max-size, or more than one secretary or deputy
**       (warning)
**   B14 branch below branch-committee-min-full with more than two
**       organisation/propaganda/discipline posts (warning)
**   B15 branch, general branch or committee with no term recorded (warning)
**   B17 term over (error) or ending within term-warn-months (warning)
** "Full members" are status 'full' with rights not suspended (rules §9).
**
** Entry points: org_create, org_edit, org_tree_load, org_checks,
** org_rules_eval, post_create, post_list, post_end. */
#include "org.h"
#include "compliance.h"
#include "audit.h"
#include "auth.h"
#include "buf.h"
#include "calendar.h"
#include "log.h"
#include "setting.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ART_4  "《中国共产党支部工作条例（试行）》第四条"
#define ART_20 "《中国共产党支部工作条例（试行）》第二十条"
#define ART_21 "《中国共产党支部工作条例（试行）》第二十一条"

/* The roles that make up a branch committee (支部委员会). */
#define COMMITTEE_ROLES                                                        \
    "('secretary','deputy_secretary','organization_member',"                   \
    "'propaganda_member','discipline_member')"

/* clang-format off */
/* Org kinds and the kinds they may sit under (A1). */
static const struct {
    const char *zKind;    /* org kind */
    const char *zLabel;   /* Chinese */
    const char *azUnder[3]; /* allowed parent kinds, 0-terminated */
} aKind[] = {
  { "committee",      "党委",   { "committee", 0 } },
  { "general_branch", "党总支", { "committee", 0 } },
  { "branch",         "党支部", { "committee", "general_branch", 0 } },
  { "group",          "党小组", { "branch", 0 } },
};

/* Post roles in display order (A3).  bCommittee: a branch committee post
** (B13). */
static const struct {
    const char *zRole;  /* post role */
    const char *zLabel; /* Chinese */
    int bCommittee;     /* counts toward the committee (B13) */
} aRole[] = {
  { "secretary",           "书记",       1 },
  { "deputy_secretary",    "副书记",     1 },
  { "organization_member", "组织委员",   1 },
  { "propaganda_member",   "宣传委员",   1 },
  { "discipline_member",   "纪检委员",   1 },
  { "group_leader",        "党小组长",   0 },
  { "research_post",       "调研工作岗", 0 },
  { "info_post",           "信息工作岗", 0 },
};
/* clang-format on */

/* ---------------------------------------------------------------------
** Small helpers
*/

/* Map a database failure to a ZE_* code, logging the detail (never sent to
** the client).  Returns the code. */
static int db_fail(Db *pDb, Err *pErr, int rc, const char *zWhat)
{
    if (rc == DB_BUSY) return err_set(pErr, ZE_DB_BUSY, 0, 0);
    if (rc == DB_NOTFOUND) return err_set(pErr, ZE_NOT_FOUND, 0, 0);
    log_msg(LOG_ERROR, "%s: db error %d: %s", zWhat, rc, db_errmsg(pDb));
    return err_set(pErr, ZE_INTERNAL, 0, 0);
}

/* Check a text field: required (not NULL, not all spaces) when bRequired,
** no control characters, at most nMax characters after trimming spaces.
** On success *pzOut gets a trimmed copy (caller frees with free(); NULL
** for an absent or empty optional field) and 0 is returned; otherwise a
** ZE_* code with *pErr set. */
static int check_text(const char *z, int nMax, int bRequired,
                      const char *zField, char **pzOut, Err *pErr)
{
    size_t n;
    *pzOut = 0;
    while (z && *z == ' ')
        z++;
    n = z ? strlen(z) : 0;
    while (n > 0 && z[n - 1] == ' ')
        n--;
    if (n == 0)
        return bRequired ? err_set(pErr, ZE_FIELD_REQUIRED, zField, 0) : 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)z[i] < 0x20 || z[i] == 0x7f)
            return err_set(pErr, ZE_FIELD_INVALID, zField, "不能包含控制字符");
    *pzOut = xstrndup(z, n);
    if (util_utf8_chars(*pzOut) > nMax) {
        free(*pzOut);
        *pzOut = 0;
        return err_set(pErr, ZE_FIELD_TOO_LONG, zField, 0);
    }
    return 0;
}

/* Check an optional term: zTermStart NULL or a real date, nTermYears 0 or
** 1..ORG_TERM_YEARS_MAX.  Returns 0 or a ZE_* code with *pErr set. */
static int check_term(const char *zTermStart, int nTermYears, Err *pErr)
{
    int iDay;
    if (zTermStart && cal_parse(zTermStart, &iDay))
        return err_set(pErr, ZE_DATE_INVALID, "term_start", 0);
    if (nTermYears < 0 || nTermYears > ORG_TERM_YEARS_MAX)
        return err_set(pErr, ZE_ORG_TERM, "term_years", 0);
    return 0;
}

int org_kind_valid(const char *zKind)
{
    for (int i = 0; zKind && i < COUNT(aKind); i++)
        if (strcmp(aKind[i].zKind, zKind) == 0) return 1;
    return 0;
}

int org_kind_allowed(const char *zParentKind, const char *zKind)
{
    for (int i = 0; zKind && zParentKind && i < COUNT(aKind); i++) {
        if (strcmp(aKind[i].zKind, zKind) != 0) continue;
        for (int j = 0; aKind[i].azUnder[j]; j++)
            if (strcmp(aKind[i].azUnder[j], zParentKind) == 0) return 1;
    }
    return 0;
}

/* Index of role zRole in aRole[], or -1. */
static int role_index(const char *zRole)
{
    for (int i = 0; zRole && i < COUNT(aRole); i++)
        if (strcmp(aRole[i].zRole, zRole) == 0) return i;
    return -1;
}

/* 1 for a committee role other than secretary and deputy (B14). */
static int role_is_other_committee(const char *zRole)
{
    int i = role_index(zRole);
    return i >= 0 && aRole[i].bCommittee && strcmp(zRole, "secretary") != 0 &&
           strcmp(zRole, "deputy_secretary") != 0;
}

const char *post_role_label(const char *zRole)
{
    int i = role_index(zRole);
    return i < 0 ? 0 : aRole[i].zLabel;
}

/* The columns of one org row that the write paths need. */
typedef struct OrgRow {
    int64_t iId;     /* org.id */
    int64_t iParent; /* 0 for the root */
    char zKind[16];  /* kind */
    char zPath[256]; /* materialised path */
    int iDepth;      /* depth */
    int bClosed;     /* closed */
} OrgRow;

/* Load org iOrg into *p.  Returns DB_OK, DB_NOTFOUND or a DB error. */
static int row_load(Db *pDb, int64_t iOrg, OrgRow *p)
{
    DbStmt *s = 0;
    int rc = db_prepare_bind(pDb, &s,
                             "SELECT id, coalesce(parent_id,0), kind, path,"
                             " depth, closed FROM org WHERE id=$1",
                             "i", iOrg);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        p->iId = db_col_int64(s, 0);
        p->iParent = db_col_int64(s, 1);
        snprintf(p->zKind, sizeof p->zKind, "%s", db_col_text(s, 2));
        snprintf(p->zPath, sizeof p->zPath, "%s", db_col_text(s, 3));
        p->iDepth = (int)db_col_int64(s, 4);
        p->bClosed = db_col_int64(s, 5) != 0;
        rc = DB_OK;
    } else if (rc == DB_DONE) {
        rc = DB_NOTFOUND;
    }
    db_finalize(s);
    return rc;
}

/* Serialise writers of the tree.  Moves rewrite paths of whole subtrees
** and creates derive a path from the parent's, so on PostgreSQL (READ
** COMMITTED) two of them must never interleave: every tree writer first
** locks the root row with a no-op update and re-reads what it needs after
** that.  On SQLite BEGIN IMMEDIATE already serialises writers. */
static int tree_lock(Db *pDb)
{
    return db_run(pDb, "UPDATE org SET depth=depth WHERE parent_id IS NULL",
                  "");
}

/* Commit when ze is 0, else roll back.  Returns ze, or the commit's
** failure as a ZE_* code. */
static int tx_end(Ctx *c, int ze, Err *pErr, const char *zWhat)
{
    if (ze) {
        db_rollback(c->pDb);
        return ze;
    }
    int rc = db_commit(c->pDb);
    if (rc) {
        db_rollback(c->pDb);
        return db_fail(c->pDb, pErr, rc, zWhat);
    }
    return 0;
}

/* ---------------------------------------------------------------------
** Create, update, move, close
*/

/* The body of org_create() inside its transaction (zName etc. already
** checked). */
int org_tally_refresh(Db *pDb, const char *zPath)
{
    int rc = DB_OK;
    size_t n = strlen(zPath);
    for (size_t i = 1; i < n && !rc; i++) {
        if (zPath[i] != '/') continue;
        char zPre[256], zHi[256];
        int64_t iId = 0;
        if (i + 1 >= sizeof zPre) break;
        memcpy(zPre, zPath, i + 1);
        zPre[i + 1] = 0;
        const char *zId = zPre + i;
        while (zId > zPre && zId[-1] != '/')
            zId--;
        iId = strtoll(zId, 0, 10);
        auth_path_upper(zPre, zHi);
        rc = db_run(pDb,
                    "INSERT INTO org_tally(org_id,n_branch,n_grouped) "
                    "VALUES($1,(SELECT count(*) FROM org WHERE path >= $2 "
                    "AND path < $3 AND kind='branch' AND closed=0),"
                    "(SELECT count(DISTINCT parent_id) FROM org WHERE "
                    "path >= $2 AND path < $3 AND kind='group' AND closed=0))"
                    " ON CONFLICT(org_id) DO UPDATE SET "
                    "n_branch=excluded.n_branch, n_grouped=excluded.n_grouped",
                    "itt", iId, zPre, zHi);
    }
    return rc;
}

static int create_tx(Ctx *c, int64_t iParent, const char *zKind,
                     const char *zName, const char *zUnit,
                     const char *zTermStart, int nTermYears, int64_t *piOrg,
                     Err *pErr)
{
    OrgRow par;
    DbStmt *s = 0;
    char zPath[300], zDetail[160];
    int rc = tree_lock(c->pDb);
    if (rc) return db_fail(c->pDb, pErr, rc, "org_create lock");
    rc = row_load(c->pDb, iParent, &par);
    if (rc == DB_NOTFOUND)
        return err_set(pErr, ZE_ORG_PARENT, "parent_id", "上级组织不存在");
    if (rc) return db_fail(c->pDb, pErr, rc, "org_create");
    if (par.bClosed) return err_set(pErr, ZE_ORG_CLOSED, "parent_id", 0);
    if (!org_kind_allowed(par.zKind, zKind))
        return err_set(pErr, ZE_ORG_KIND, "kind", 0);
    if (strlen(par.zPath) + 21 > ORG_PATH_MAX)
        return err_set(pErr, ZE_ORG_TOO_DEEP, "parent_id", 0);
    /* The id is known only after the insert, so the row starts with a
    ** placeholder path and gets its real one below, in the same
    ** transaction.  Writers are serialised on SQLite (BEGIN IMMEDIATE); on
    ** PostgreSQL a concurrent insert of the same placeholder waits for this
    ** transaction, whose placeholder is gone by the time it commits. */
    snprintf(zPath, sizeof zPath, "%s+new", par.zPath);
    rc = db_prepare(c->pDb, &s,
                    "INSERT INTO org(parent_id,kind,name,business_unit,path,"
                    "depth,term_start,term_years,closed,created_at) "
                    "VALUES($1,$2,$3,$4,$5,$6,$7,$8,0,$9) RETURNING id");
    if (!rc) {
        db_bind_int64(s, 1, iParent);
        db_bind_text(s, 2, zKind);
        db_bind_text(s, 3, zName);
        db_bind_text(s, 4, zUnit);
        db_bind_text(s, 5, zPath);
        db_bind_int64(s, 6, par.iDepth + 1);
        db_bind_text(s, 7, zTermStart);
        if (nTermYears > 0)
            db_bind_int64(s, 8, nTermYears);
        else
            db_bind_null(s, 8);
        db_bind_int64(s, 9, util_now());
        rc = db_step_id(s, piOrg);
    }
    db_finalize(s);
    if (rc) return db_fail(c->pDb, pErr, rc, "org_create insert");
    snprintf(zPath, sizeof zPath, "%s%lld/", par.zPath, (long long)*piOrg);
    rc = db_run(c->pDb, "UPDATE org SET path=$1 WHERE id=$2", "ti", zPath,
                *piOrg);
    snprintf(zDetail, sizeof zDetail, "parent=%lld kind=%s", (long long)iParent,
             zKind);
    if (!rc) rc = org_tally_refresh(c->pDb, zPath);
    /* a branch's first party group makes its group meetings due (M4) */
    if (!rc && strcmp(zKind, "group") == 0)
        rc = life_hist_groups(c->pDb, iParent);
    if (!rc) rc = audit_log(c, "org.create", "org", *piOrg, zDetail);
    if (rc) return db_fail(c->pDb, pErr, rc, "org_create path");
    return 0;
}

int org_create(Ctx *c, int64_t iParent, const char *zKind, const char *zName,
               const char *zBusinessUnit, const char *zTermStart,
               int nTermYears, int64_t *piOrg, Err *pErr)
{
    char *zN = 0, *zU = 0;
    int ze;
    *piOrg = 0;
    if (!zKind || !*zKind) return err_set(pErr, ZE_FIELD_REQUIRED, "kind", 0);
    if (!org_kind_valid(zKind)) return err_set(pErr, ZE_ORG_KIND, "kind", 0);
    ze = check_text(zName, ORG_NAME_MAX, 1, "name", &zN, pErr);
    if (!ze)
        ze = check_text(zBusinessUnit, ORG_UNIT_MAX, 0, "business_unit", &zU,
                        pErr);
    if (!ze) ze = check_term(zTermStart, nTermYears, pErr);
    if (!ze) {
        int rc = db_begin(c->pDb);
        if (rc)
            ze = db_fail(c->pDb, pErr, rc, "org_create begin");
        else
            ze = tx_end(c,
                        create_tx(c, iParent, zKind, zN, zU, zTermStart,
                                  nTermYears, piOrg, pErr),
                        pErr, "org_create commit");
    }
    free(zN);
    free(zU);
    if (ze) *piOrg = 0;
    return ze;
}

/* Update name, business unit and term of org o (checked values; NULL zName
** keeps the name). */
static int update_tx(Ctx *c, const OrgRow *o, const OrgEdit *e,
                     const char *zName, const char *zUnit, Err *pErr)
{
    Buf b = BUF_INIT;
    int rc = DB_OK;
    if (zName)
        rc = db_run(c->pDb, "UPDATE org SET name=$1 WHERE id=$2", "ti", zName,
                    o->iId);
    if (!rc && e->bBusinessUnit)
        rc = db_run(c->pDb, "UPDATE org SET business_unit=$1 WHERE id=$2", "ti",
                    zUnit, o->iId);
    if (!rc && e->bTermStart)
        rc = db_run(c->pDb, "UPDATE org SET term_start=$1 WHERE id=$2", "ti",
                    e->zTermStart, o->iId);
    if (!rc && e->bTermYears && e->nTermYears > 0)
        rc = db_run(c->pDb, "UPDATE org SET term_years=$1 WHERE id=$2", "ii",
                    (int64_t)e->nTermYears, o->iId);
    if (!rc && e->bTermYears && e->nTermYears <= 0)
        rc = db_run(c->pDb, "UPDATE org SET term_years=NULL WHERE id=$1", "i",
                    o->iId);
    if (rc) return db_fail(c->pDb, pErr, rc, "org_update");
    if (zName) buf_appends(&b, " name");
    if (e->bBusinessUnit) buf_appends(&b, " business_unit");
    if (e->bTermStart)
        buf_appendf(&b, " term_start=%s",
                    e->zTermStart ? e->zTermStart : "null");
    if (e->bTermYears) buf_appendf(&b, " term_years=%d", e->nTermYears);
    rc = audit_log(c, "org.update", "org", o->iId, b.n ? b.z + 1 : "");
    buf_free(&b);
    return rc ? db_fail(c->pDb, pErr, rc, "org_update audit") : 0;
}

/* Move org o (its whole subtree) under iParent. */
static int move_tx(Ctx *c, const OrgRow *o, int64_t iParent, Err *pErr)
{
    OrgRow par;
    char zHi[256], zNew[300], zDetail[96];
    int64_t nMaxLen = 0;
    if (o->iParent == 0) return err_set(pErr, ZE_ORG_ROOT, "parent_id", 0);
    int rc = row_load(c->pDb, iParent, &par);
    if (rc == DB_NOTFOUND)
        return err_set(pErr, ZE_ORG_PARENT, "parent_id", "上级组织不存在");
    if (rc) return db_fail(c->pDb, pErr, rc, "org_move");
    if (strncmp(par.zPath, o->zPath, strlen(o->zPath)) == 0)
        return err_set(pErr, ZE_ORG_PARENT, "parent_id", 0);
    if (par.bClosed) return err_set(pErr, ZE_ORG_CLOSED, "parent_id", 0);
    if (!org_kind_allowed(par.zKind, o->zKind))
        return err_set(pErr, ZE_ORG_KIND, "parent_id", 0);
    auth_path_upper(o->zPath, zHi);
    snprintf(zNew, sizeof zNew, "%s%lld/", par.zPath, (long long)o->iId);
    rc = db_one_int64(c->pDb, &nMaxLen,
                      "SELECT max(length(path)) FROM org"
                      " WHERE path >= $1 AND path < $2",
                      "tt", o->zPath, zHi);
    if (rc) return db_fail(c->pDb, pErr, rc, "org_move depth");
    if (nMaxLen - (int64_t)strlen(o->zPath) + (int64_t)strlen(zNew) >
        ORG_PATH_MAX)
        return err_set(pErr, ZE_ORG_TOO_DEEP, "parent_id", 0);
    rc = db_run(c->pDb, "UPDATE org SET parent_id=$1 WHERE id=$2", "ii",
                iParent, o->iId);
    /* One statement rewrites the subtree: the new prefix, then what
    ** followed the old prefix (substr is 1-based on both engines). */
    if (!rc)
        rc = db_run(c->pDb,
                    "UPDATE org SET path = $1 || substr(path, $2),"
                    " depth = depth + $3 WHERE path >= $4 AND path < $5",
                    "tiitt", zNew, (int64_t)strlen(o->zPath) + 1,
                    (int64_t)(par.iDepth + 1 - o->iDepth), o->zPath, zHi);
    snprintf(zDetail, sizeof zDetail, "parent %lld -> %lld",
             (long long)o->iParent, (long long)iParent);
    /* The old ancestors (the old path still names them) and the new. */
    if (!rc) rc = org_tally_refresh(c->pDb, o->zPath);
    if (!rc) rc = org_tally_refresh(c->pDb, zNew);
    /* its meetings' counters go with it */
    if (!rc) rc = life_count_move(c->pDb, o->iId, o->zPath, zNew);
    if (!rc && strcmp(o->zKind, "group") == 0)
        rc = life_hist_groups(c->pDb, o->iParent);
    if (!rc && strcmp(o->zKind, "group") == 0)
        rc = life_hist_groups(c->pDb, iParent);
    if (!rc) rc = audit_log(c, "org.move", "org", o->iId, zDetail);
    return rc ? db_fail(c->pDb, pErr, rc, "org_move update") : 0;
}

/* Close org o: refused while it has open children or members; its active
** posts end with it. */
static int close_tx(Ctx *c, const OrgRow *o, Err *pErr)
{
    int64_t nChild = 0, nMember = 0;
    char zToday[11];
    if (o->iParent == 0) return err_set(pErr, ZE_ORG_ROOT, "closed", 0);
    int rc = db_one_int64(c->pDb, &nChild,
                          "SELECT count(*) FROM org"
                          " WHERE parent_id=$1 AND closed=0",
                          "i", o->iId);
    if (!rc)
        rc = db_one_int64(c->pDb, &nMember,
                          "SELECT count(*) FROM member WHERE org_id=$1", "i",
                          o->iId);
    if (rc) return db_fail(c->pDb, pErr, rc, "org_close");
    if (nChild || nMember) {
        return err_set(pErr, ZE_ORG_NOT_EMPTY, "closed",
                       nChild && nMember
                           ? "该组织仍有未撤销的下级组织和党员，不能撤销"
                       : nChild ? "该组织仍有未撤销的下级组织，不能撤销"
                                : "该组织仍有党员，不能撤销");
    }
    util_today(zToday);
    rc = db_run(c->pDb, "UPDATE org SET closed=1, closed_on=$1 WHERE id=$2",
                "ti", zToday, o->iId);
    if (!rc)
        rc = db_run(c->pDb,
                    "UPDATE post SET ended=1, to_on=$1"
                    " WHERE org_id=$2 AND ended=0",
                    "ti", zToday, o->iId);
    if (!rc) rc = org_tally_refresh(c->pDb, o->zPath);
    /* a closed org's meetings no longer count above it */
    if (!rc) rc = life_count_move(c->pDb, o->iId, o->zPath, 0);
    if (!rc && strcmp(o->zKind, "group") == 0)
        rc = life_hist_groups(c->pDb, o->iParent);
    if (!rc) rc = audit_log(c, "org.close", "org", o->iId, zToday);
    return rc ? db_fail(c->pDb, pErr, rc, "org_close update") : 0;
}

/* The body of org_edit() inside its transaction. */
static int edit_tx(Ctx *c, int64_t iOrg, const OrgEdit *e, const char *zName,
                   const char *zUnit, Err *pErr)
{
    OrgRow o;
    int ze = 0;
    int rc = tree_lock(c->pDb);
    if (!rc) rc = row_load(c->pDb, iOrg, &o);
    if (rc) return db_fail(c->pDb, pErr, rc, "org_edit");
    int bUpdate = zName || e->bBusinessUnit || e->bTermStart || e->bTermYears;
    int bMove = e->iParent && e->iParent != o.iParent;
    if (e->zKind && strcmp(e->zKind, o.zKind) != 0)
        return err_set(pErr, ZE_ORG_KIND, "kind", "组织类型不能修改");
    if (!bUpdate && !bMove && !e->bClose) return 0;
    if (o.bClosed) return err_set(pErr, ZE_ORG_CLOSED, 0, 0);
    if (bUpdate) ze = update_tx(c, &o, e, zName, zUnit, pErr);
    if (!ze && bMove) ze = move_tx(c, &o, e->iParent, pErr);
    if (!ze && e->bClose) ze = close_tx(c, &o, pErr);
    return ze;
}

int org_edit(Ctx *c, int64_t iOrg, const OrgEdit *e, Err *pErr)
{
    char *zN = 0, *zU = 0;
    int ze = 0;
    if (e->zName) ze = check_text(e->zName, ORG_NAME_MAX, 1, "name", &zN, pErr);
    if (!ze && e->bBusinessUnit)
        ze = check_text(e->zBusinessUnit, ORG_UNIT_MAX, 0, "business_unit", &zU,
                        pErr);
    if (!ze)
        ze = check_term(e->bTermStart ? e->zTermStart : 0,
                        e->bTermYears ? e->nTermYears : 0, pErr);
    if (!ze) {
        int rc = db_begin(c->pDb);
        if (rc)
            ze = db_fail(c->pDb, pErr, rc, "org_edit begin");
        else
            ze = tx_end(c, edit_tx(c, iOrg, e, zN, zU, pErr), pErr,
                        "org_edit commit");
    }
    free(zN);
    free(zU);
    return ze;
}

int org_update(Ctx *c, int64_t iOrg, const char *zName,
               const char *zBusinessUnit, const char *zTermStart,
               int nTermYears, Err *pErr)
{
    OrgEdit e = {0};
    e.zName = zName;
    e.bBusinessUnit = e.bTermStart = e.bTermYears = 1;
    e.zBusinessUnit = zBusinessUnit;
    e.zTermStart = zTermStart;
    e.nTermYears = nTermYears;
    return org_edit(c, iOrg, &e, pErr);
}

int org_move(Ctx *c, int64_t iOrg, int64_t iParent, Err *pErr)
{
    OrgEdit e = {0};
    if (iParent <= 0) return err_set(pErr, ZE_ORG_PARENT, "parent_id", 0);
    e.iParent = iParent;
    return org_edit(c, iOrg, &e, pErr);
}

int org_close(Ctx *c, int64_t iOrg, Err *pErr)
{
    OrgEdit e = {0};
    e.bClose = 1;
    return org_edit(c, iOrg, &e, pErr);
}

/* ---------------------------------------------------------------------
** Reading the tree
*/

void org_tree_free(OrgTree *t)
{
    if (!t) return;
    for (int i = 0; i < t->n; i++) {
        free(t->a[i].zName);
        free(t->a[i].zBusinessUnit);
        free(t->a[i].zPath);
    }
    free(t->a);
    t->a = 0;
    t->n = 0;
}

/* (id, index) pairs sorted by id, to find an org of the tree by id. */
typedef struct IdIdx {
    int64_t iId; /* org id */
    int i;       /* index in OrgTree.a */
} IdIdx;

static int ididx_cmp(const void *a, const void *b)
{
    int64_t x = ((const IdIdx *)a)->iId, y = ((const IdIdx *)b)->iId;
    return x < y ? -1 : x > y;
}

/* Index in the tree of org iId, or -1. */
static int tree_find(const IdIdx *aIdx, int n, int64_t iId)
{
    IdIdx k = {iId, 0};
    const IdIdx *p = bsearch(&k, aIdx, (size_t)n, sizeof k, ididx_cmp);
    return p ? p->i : -1;
}

/* Query 1: the orgs of the range, in path order. */
static int tree_rows(Db *pDb, const char *zLo, const char *zHi, OrgTree *t)
{
    DbStmt *s = 0;
    int nAlloc = 0;
    int rc = db_prepare_bind(
        pDb, &s,
        "SELECT id, coalesce(parent_id,0), kind, name, business_unit, path,"
        " depth, term_start, coalesce(term_years,0), closed FROM org"
        " WHERE path >= $1 AND path < $2 ORDER BY path",
        "tt", zLo, zHi);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        if (t->n == nAlloc) {
            nAlloc = nAlloc ? 2 * nAlloc : 16;
            t->a = xrealloc(t->a, (size_t)nAlloc * sizeof *t->a);
        }
        OrgFacts *f = &t->a[t->n++];
        memset(f, 0, sizeof *f);
        f->iId = db_col_int64(s, 0);
        f->iParent = db_col_int64(s, 1);
        snprintf(f->zKind, sizeof f->zKind, "%s", db_col_text(s, 2));
        f->zName = xstrdup(db_col_text(s, 3));
        f->zBusinessUnit = xstrdup(db_col_text(s, 4));
        f->zPath = xstrdup(db_col_text(s, 5));
        f->iDepth = (int)db_col_int64(s, 6);
        f->bTerm = !cal_parse(db_col_text(s, 7), &f->iTermStart);
        f->nTermYears = (int)db_col_int64(s, 8);
        f->bClosed = db_col_int64(s, 9) != 0;
        rc = DB_OK;
    }
    db_finalize(s);
    return rc == DB_DONE ? DB_OK : rc;
}

/* Query 2: member counts per org of the range, added to the orgs. */
static int tree_members(Db *pDb, const char *zLo, const char *zHi, OrgTree *t,
                        const IdIdx *aIdx)
{
    DbStmt *s = 0;
    int rc = db_prepare_bind(
        pDb, &s,
        "SELECT m.org_id, count(*),"
        " sum(CASE WHEN m.status='full' THEN 1 ELSE 0 END),"
        " sum(CASE WHEN m.status='probationary' THEN 1 ELSE 0 END),"
        " sum(CASE WHEN m.status='full' AND m.rights_suspended=0"
        "  THEN 1 ELSE 0 END)"
        " FROM member m JOIN org o ON o.id=m.org_id"
        " WHERE o.path >= $1 AND o.path < $2 AND m.membership='active'"
        " GROUP BY m.org_id",
        "tt", zLo, zHi);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        int i = tree_find(aIdx, t->n, db_col_int64(s, 0));
        if (i >= 0) {
            t->a[i].nMembers = (int)db_col_int64(s, 1);
            t->a[i].nFull = (int)db_col_int64(s, 2);
            t->a[i].nProbationary = (int)db_col_int64(s, 3);
            t->a[i].nVoting = (int)db_col_int64(s, 4);
        }
        rc = DB_OK;
    }
    db_finalize(s);
    return rc == DB_DONE ? DB_OK : rc;
}

/* Queries 3 and 4: active posts per org and role, and distinct committee
** members per org. */
static int tree_posts(Db *pDb, const char *zLo, const char *zHi, OrgTree *t,
                      const IdIdx *aIdx)
{
    DbStmt *s = 0;
    int rc = db_prepare_bind(pDb, &s,
                             "SELECT p.org_id, p.role, count(*) FROM post p"
                             " JOIN org o ON o.id=p.org_id WHERE p.ended=0"
                             " AND o.path >= $1 AND o.path < $2"
                             " GROUP BY p.org_id, p.role",
                             "tt", zLo, zHi);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        int i = tree_find(aIdx, t->n, db_col_int64(s, 0));
        const char *zRole = db_col_text(s, 1);
        int n = (int)db_col_int64(s, 2);
        rc = DB_OK;
        if (i < 0 || !zRole) continue;
        if (strcmp(zRole, "secretary") == 0) t->a[i].nSecretary = n;
        if (strcmp(zRole, "deputy_secretary") == 0) t->a[i].nDeputy = n;
        if (role_is_other_committee(zRole)) t->a[i].nCommitteeOther += n;
    }
    db_finalize(s);
    if (rc != DB_DONE) return rc;
    s = 0;
    rc = db_prepare_bind(pDb, &s,
                         "SELECT p.org_id, count(DISTINCT p.person_id)"
                         " FROM post p JOIN org o ON o.id=p.org_id"
                         " WHERE p.ended=0 AND p.role IN " COMMITTEE_ROLES
                         " AND o.path >= $1 AND o.path < $2"
                         " GROUP BY p.org_id",
                         "tt", zLo, zHi);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        int i = tree_find(aIdx, t->n, db_col_int64(s, 0));
        if (i >= 0) t->a[i].nCommittee = (int)db_col_int64(s, 1);
        rc = DB_OK;
    }
    db_finalize(s);
    return rc == DB_DONE ? DB_OK : rc;
}

int org_tree_load(Db *pDb, int64_t iOrg, OrgTree *t)
{
    char zLo[256], zHi[256];
    IdIdx *aIdx = 0;
    t->a = 0;
    t->n = 0;
    int rc = auth_org_path(pDb, iOrg, zLo);
    if (rc) return rc;
    auth_path_upper(zLo, zHi);
    rc = tree_rows(pDb, zLo, zHi, t);
    if (!rc && t->n == 0) rc = DB_NOTFOUND;
    if (!rc) {
        aIdx = xmalloc((size_t)t->n * sizeof *aIdx);
        for (int i = 0; i < t->n; i++) {
            aIdx[i].iId = t->a[i].iId;
            aIdx[i].i = i;
        }
        qsort(aIdx, (size_t)t->n, sizeof *aIdx, ididx_cmp);
        rc = tree_members(pDb, zLo, zHi, t, aIdx);
    }
    if (!rc) rc = tree_posts(pDb, zLo, zHi, t, aIdx);
    /* Descendants sort after their ancestors, so walking backwards adds
    ** each org's complete subtree counts to its parent. */
    for (int i = t->n - 1; !rc && i > 0; i--) {
        int j = tree_find(aIdx, t->n, t->a[i].iParent);
        if (j < 0) continue;
        t->a[j].nChildren++;
        t->a[j].nMembers += t->a[i].nMembers;
        t->a[j].nFull += t->a[i].nFull;
        t->a[j].nProbationary += t->a[i].nProbationary;
        t->a[j].nVoting += t->a[i].nVoting;
    }
    free(aIdx);
    if (rc) org_tree_free(t);
    return rc;
}

int org_term_end(const OrgFacts *f, int *pEnd)
{
    if (!f->bTerm || f->nTermYears <= 0) return 1;
    *pEnd = cal_add_years(f->iTermStart, f->nTermYears);
    return 0;
}

void org_refs_free(OrgRef *aRef, int nRef)
{
    for (int i = 0; aRef && i < nRef; i++)
        free(aRef[i].zName);
    free(aRef);
}

int org_ancestors(Db *pDb, const char *zPath, OrgRef **paRef, int *pnRef)
{
    OrgRef *a = 0;
    int n = 0, rc = DB_OK;
    const char *z = zPath;
    *paRef = 0;
    *pnRef = 0;
    /* "/1/7/42/": every id but the last is an ancestor. */
    while (z && *z == '/' && z[1]) {
        char *zEnd = 0;
        int64_t iId = strtoll(z + 1, &zEnd, 10);
        if (!zEnd || *zEnd != '/' || zEnd[1] == 0) break;
        DbStmt *s = 0;
        rc = db_prepare_bind(pDb, &s, "SELECT name FROM org WHERE id=$1", "i",
                             iId);
        if (!rc && (rc = db_step(s)) == DB_ROW) {
            a = xrealloc(a, (size_t)(n + 1) * sizeof *a);
            a[n].iId = iId;
            a[n++].zName = xstrdup(db_col_text(s, 0));
        }
        db_finalize(s);
        if (rc != DB_ROW && rc != DB_DONE) break;
        rc = DB_OK;
        z = zEnd;
    }
    if (rc) {
        org_refs_free(a, n);
        return rc;
    }
    *paRef = a;
    *pnRef = n;
    return DB_OK;
}

/* ---------------------------------------------------------------------
** Structure rules
*/

void org_rule_settings_load(Db *pDb, OrgRuleSettings *s)
{
    s->nBranchMinFull = (int)setting_int(pDb, "branch-min-full");
    s->nBranchMaxMembers = (int)setting_int(pDb, "branch-max-members");
    s->nCommitteeMinFull = (int)setting_int(pDb, "branch-committee-min-full");
    s->nCommitteeMinSize = (int)setting_int(pDb, "committee-min-size");
    s->nCommitteeMaxSize = (int)setting_int(pDb, "committee-max-size");
    s->nTermWarnMonths = (int)setting_int(pDb, "term-warn-months");
}

void org_findings_free(OrgFindings *p)
{
    if (!p) return;
    for (int i = 0; i < p->n; i++) {
        free(p->a[i].zMessage);
        free(p->a[i].zOrgName);
    }
    free(p->a);
    p->a = 0;
    p->n = p->nAlloc = 0;
}

/* Append a finding; takes ownership of zMsg (from xprintf()). */
static void add(OrgFindings *p, const OrgFacts *f, const char *zRule,
                const char *zArticle, int iSeverity, char *zMsg)
{
    if (p->n == p->nAlloc) {
        p->nAlloc = p->nAlloc ? 2 * p->nAlloc : 8;
        p->a = xrealloc(p->a, (size_t)p->nAlloc * sizeof *p->a);
    }
    OrgFinding *x = &p->a[p->n++];
    x->zRule = zRule;
    x->zArticle = zArticle;
    x->iSeverity = iSeverity;
    x->zMessage = zMsg;
    x->iOrg = f->iId;
    x->zOrgName = xstrdup(f->zName);
}

/* "(N suspended not counted)" note for full-member counts, or "".  Caller
** frees with free(). */
static char *full_note(const OrgFacts *f)
{
    int nSusp = f->nFull - f->nVoting;
    return nSusp > 0
               ? xprintf("（另有%d名停止党员权利的正式党员不计入）", nSusp)
               : xstrdup("");
}

/* B1, B2, B13, B14 for a branch. */
static void eval_branch(const OrgFacts *f, const OrgRuleSettings *s,
                        OrgFindings *p)
{
    char *zNote = full_note(f);
    if (f->nVoting < s->nBranchMinFull)
        add(p, f, "B1", ART_4, ORG_SEV_ERROR,
            xprintf("党支部正式党员%d名%s，少于%d名，不符合单独成立党支部的条件"
                    "（预备党员不计入），应调整组织设置或成立联合党支部",
                    f->nVoting, zNote, s->nBranchMinFull));
    if (f->nMembers > s->nBranchMaxMembers)
        add(p, f, "B2", ART_4, ORG_SEV_WARNING,
            xprintf("党支部党员%d名，超过%d名（党支部党员人数一般不超过%d名），"
                    "宜分设党支部或成立党总支",
                    f->nMembers, s->nBranchMaxMembers, s->nBranchMaxMembers));
    if (f->nVoting >= s->nCommitteeMinFull &&
        f->nCommittee < s->nCommitteeMinSize)
        add(p, f, "B13", ART_20, ORG_SEV_ERROR,
            xprintf("正式党员%d名%s，达到%d名以上，应设立支部委员会（委员%d至%"
                    "d名），"
                    "现有委员%d名",
                    f->nVoting, zNote, s->nCommitteeMinFull,
                    s->nCommitteeMinSize, s->nCommitteeMaxSize, f->nCommittee));
    if (f->nCommittee > s->nCommitteeMaxSize)
        add(p, f, "B13", ART_20, ORG_SEV_WARNING,
            xprintf("支部委员会委员%d名，超过%d名（支部委员会一般不超过%d人）",
                    f->nCommittee, s->nCommitteeMaxSize, s->nCommitteeMaxSize));
    if (f->nSecretary > 1 || f->nDeputy > 1)
        add(p, f, "B13", ART_20, ORG_SEV_WARNING,
            xprintf("现有书记%d名、副书记%d名；党支部设书记1名，"
                    "副书记一般不超过1名",
                    f->nSecretary, f->nDeputy));
    if (f->nVoting < s->nCommitteeMinFull && f->nCommitteeOther > 2)
        add(p, f, "B14", ART_20, ORG_SEV_WARNING,
            xprintf("正式党员%d名，不足%d名，不设支部委员会（设书记1名，"
                    "必要时设副书记1名），现有组织、宣传、纪检委员岗位%d个",
                    f->nVoting, s->nCommitteeMinFull, f->nCommitteeOther));
    free(zNote);
}

/* B15 and B17: term recorded, over, or ending soon. */
static void eval_term(const OrgFacts *f, int iToday, const OrgRuleSettings *s,
                      OrgFindings *p)
{
    int iEnd;
    char zEnd[11];
    if (org_term_end(f, &iEnd)) {
        add(p, f, "B15", ART_21, ORG_SEV_WARNING,
            xprintf("未录入任期（本届任期开始日期和任期年限），无法提示换届"));
        return;
    }
    cal_format(iEnd, zEnd);
    if (iToday >= iEnd)
        add(p, f, "B17", ART_21, ORG_SEV_ERROR,
            xprintf("任期已于%s届满，应及时换届", zEnd));
    else if (iToday >= cal_add_months(iEnd, -s->nTermWarnMonths))
        add(p, f, "B17", ART_21, ORG_SEV_WARNING,
            xprintf("任期将于%s届满（%d个月内），%s前应换届", zEnd,
                    s->nTermWarnMonths, zEnd));
}

void org_rules_eval(const OrgFacts *f, int iToday, const OrgRuleSettings *s,
                    OrgFindings *pOut)
{
    if (f->bClosed || strcmp(f->zKind, "group") == 0) return;
    if (strcmp(f->zKind, "branch") == 0) eval_branch(f, s, pOut);
    eval_term(f, iToday, s, pOut);
}

int org_checks(Db *pDb, int64_t iOrg, int iToday, OrgFindings *pOut)
{
    OrgTree t;
    OrgRuleSettings s;
    memset(pOut, 0, sizeof *pOut);
    int rc = org_tree_load(pDb, iOrg, &t);
    if (rc) return rc;
    org_rule_settings_load(pDb, &s);
    for (int i = 0; i < t.n; i++)
        org_rules_eval(&t.a[i], iToday, &s, pOut);
    org_tree_free(&t);
    return DB_OK;
}

/* ---------------------------------------------------------------------
** Posts
*/

/* The 一人一岗 warning for person iPerson: the active posts other than
** iExcept, or NULL when there are none.  Caller frees with free(). */
static int post_warning(Db *pDb, int64_t iPerson, int64_t iExcept,
                        char **pzWarning)
{
    DbStmt *s = 0;
    Buf b = BUF_INIT;
    *pzWarning = 0;
    int rc = db_prepare_bind(pDb, &s,
                             "SELECT p.role, o.name FROM post p"
                             " JOIN org o ON o.id=p.org_id"
                             " WHERE p.person_id=$1 AND p.ended=0"
                             " AND p.id <> $2 ORDER BY p.id",
                             "ii", iPerson, iExcept);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        const char *zLabel = post_role_label(db_col_text(s, 0));
        buf_appendf(&b, "%s%s（%s）", b.n ? "、" : "一人一岗：该党员已担任",
                    zLabel ? zLabel : db_col_text(s, 0), db_col_text(s, 1));
        rc = DB_OK;
    }
    db_finalize(s);
    if (rc != DB_DONE) {
        buf_free(&b);
        return rc;
    }
    if (b.n) *pzWarning = buf_take(&b);
    return DB_OK;
}

/* The body of post_create() inside its transaction. */
static int post_create_tx(Ctx *c, int64_t iOrg, int64_t iMember,
                          const char *zRole, const char *zFromOn,
                          int64_t *piPost, char **pzWarning, Err *pErr)
{
    OrgRow o;
    DbStmt *s = 0;
    char zHi[256], zDetail[128];
    int64_t iPerson = 0, nSame = 0;
    int bIn = 0;
    int rc = row_load(c->pDb, iOrg, &o);
    if (rc) return db_fail(c->pDb, pErr, rc, "post_create");
    if (o.bClosed) return err_set(pErr, ZE_ORG_CLOSED, 0, 0);
    int bGroup = strcmp(o.zKind, "group") == 0;
    if (strcmp(zRole, "group_leader") == 0 && !bGroup)
        return err_set(pErr, ZE_POST_ROLE, "role",
                       "党小组长岗位只能设在党小组");
    if (aRole[role_index(zRole)].bCommittee && bGroup)
        return err_set(pErr, ZE_POST_ROLE, "role",
                       "党小组不设书记、副书记和委员岗位");
    auth_path_upper(o.zPath, zHi);
    rc = db_prepare_bind(c->pDb, &s,
                         "SELECT m.person_id, CASE WHEN o.path >= $2"
                         " AND o.path < $3 THEN 1 ELSE 0 END"
                         " FROM member m JOIN org o ON o.id=m.org_id"
                         " WHERE m.id=$1",
                         "itt", iMember, o.zPath, zHi);
    if (!rc && (rc = db_step(s)) == DB_ROW) {
        iPerson = db_col_int64(s, 0);
        bIn = db_col_int64(s, 1) != 0;
    }
    db_finalize(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return db_fail(c->pDb, pErr, rc, "post_create member");
    if (!bIn) return err_set(pErr, ZE_POST_NOT_MEMBER, "member_id", 0);
    rc = db_one_int64(c->pDb, &nSame,
                      "SELECT count(*) FROM post WHERE org_id=$1"
                      " AND person_id=$2 AND role=$3 AND ended=0",
                      "iit", iOrg, iPerson, zRole);
    if (rc) return db_fail(c->pDb, pErr, rc, "post_create same");
    if (nSame) return err_set(pErr, ZE_POST_EXISTS, "role", 0);
    rc = post_warning(c->pDb, iPerson, 0, pzWarning);
    if (!rc)
        rc = db_one_int64(c->pDb, piPost,
                          "INSERT INTO post(org_id,person_id,role,from_on,"
                          "ended) VALUES($1,$2,$3,$4,0) RETURNING id",
                          "iitt", iOrg, iPerson, zRole, zFromOn);
    snprintf(zDetail, sizeof zDetail, "org=%lld member=%lld role=%s",
             (long long)iOrg, (long long)iMember, zRole);
    if (!rc) rc = audit_log(c, "post.create", "post", *piPost, zDetail);
    return rc ? db_fail(c->pDb, pErr, rc, "post_create insert") : 0;
}

int post_create(Ctx *c, int64_t iOrg, int64_t iMember, const char *zRole,
                const char *zFromOn, int64_t *piPost, char **pzWarning,
                Err *pErr)
{
    char zToday[11];
    int iDay, ze;
    *piPost = 0;
    *pzWarning = 0;
    if (!zRole || !*zRole) return err_set(pErr, ZE_FIELD_REQUIRED, "role", 0);
    if (role_index(zRole) < 0) return err_set(pErr, ZE_POST_ROLE, "role", 0);
    if (zFromOn && cal_parse(zFromOn, &iDay))
        return err_set(pErr, ZE_DATE_INVALID, "from_on", 0);
    if (!zFromOn) {
        util_today(zToday);
        zFromOn = zToday;
    }
    int rc = db_begin(c->pDb);
    if (rc) return db_fail(c->pDb, pErr, rc, "post_create begin");
    ze = tx_end(c,
                post_create_tx(c, iOrg, iMember, zRole, zFromOn, piPost,
                               pzWarning, pErr),
                pErr, "post_create commit");
    if (ze) {
        free(*pzWarning);
        *pzWarning = 0;
        *piPost = 0;
    }
    return ze;
}

void post_rows_free(PostRow *aRow, int nRow)
{
    for (int i = 0; aRow && i < nRow; i++) {
        free(aRow[i].zName);
        free(aRow[i].zFromOn);
        free(aRow[i].zWarning);
    }
    free(aRow);
}

/* Active posts matching "p.org_id=$1" (bById 0) or "p.id=$1" (bById 1). */
static int post_rows(Db *pDb, int bById, int64_t iKey, PostRow **paRow,
                     int *pnRow)
{
    DbStmt *s = 0;
    PostRow *a = 0;
    int n = 0;
    *paRow = 0;
    *pnRow = 0;
    int rc = db_prepare_bind(
        pDb, &s,
        bById ? "SELECT p.id, p.org_id, p.person_id, coalesce(m.id,0),"
                " pe.name, p.role, p.from_on FROM post p"
                " JOIN person pe ON pe.id=p.person_id"
                " LEFT JOIN member m ON m.person_id=p.person_id"
                " WHERE p.id=$1 AND p.ended=0"
              : "SELECT p.id, p.org_id, p.person_id, coalesce(m.id,0),"
                " pe.name, p.role, p.from_on FROM post p"
                " JOIN person pe ON pe.id=p.person_id"
                " LEFT JOIN member m ON m.person_id=p.person_id"
                " WHERE p.org_id=$1 AND p.ended=0 ORDER BY CASE p.role"
                " WHEN 'secretary' THEN 1 WHEN 'deputy_secretary' THEN 2"
                " WHEN 'organization_member' THEN 3"
                " WHEN 'propaganda_member' THEN 4"
                " WHEN 'discipline_member' THEN 5"
                " WHEN 'group_leader' THEN 6 WHEN 'research_post' THEN 7"
                " WHEN 'info_post' THEN 8 ELSE 9 END, p.id",
        "i", iKey);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        a = xrealloc(a, (size_t)(n + 1) * sizeof *a);
        PostRow *p = &a[n++];
        memset(p, 0, sizeof *p);
        p->iId = db_col_int64(s, 0);
        p->iOrg = db_col_int64(s, 1);
        p->iPerson = db_col_int64(s, 2);
        p->iMember = db_col_int64(s, 3);
        p->zName = xstrdup(db_col_text(s, 4));
        snprintf(p->zRole, sizeof p->zRole, "%s", db_col_text(s, 5));
        p->zFromOn = xstrdup(db_col_text(s, 6));
        rc = DB_OK;
    }
    db_finalize(s);
    if (rc == DB_DONE) rc = DB_OK;
    for (int i = 0; !rc && i < n; i++)
        rc = post_warning(pDb, a[i].iPerson, a[i].iId, &a[i].zWarning);
    if (rc) {
        post_rows_free(a, n);
        return rc;
    }
    *paRow = a;
    *pnRow = n;
    return DB_OK;
}

int post_list(Db *pDb, int64_t iOrg, PostRow **paRow, int *pnRow)
{
    return post_rows(pDb, 0, iOrg, paRow, pnRow);
}

int post_get(Db *pDb, int64_t iPost, PostRow **ppRow)
{
    int n = 0;
    int rc = post_rows(pDb, 1, iPost, ppRow, &n);
    if (!rc && n == 0) rc = DB_NOTFOUND;
    return rc;
}

int post_org(Db *pDb, int64_t iPost, int64_t *piOrg)
{
    return db_one_int64(pDb, piOrg, "SELECT org_id FROM post WHERE id=$1", "i",
                        iPost);
}

int post_end(Ctx *c, int64_t iPost, Err *pErr)
{
    DbStmt *s = 0;
    char zToday[11], zDetail[96];
    int ze = 0;
    util_today(zToday);
    int rc = db_begin(c->pDb);
    if (rc) return db_fail(c->pDb, pErr, rc, "post_end begin");
    rc = db_prepare_bind(c->pDb, &s,
                         "UPDATE post SET ended=1, to_on=$1"
                         " WHERE id=$2 AND ended=0 RETURNING org_id, role",
                         "ti", zToday, iPost);
    if (!rc && (rc = db_step(s)) == DB_ROW)
        snprintf(zDetail, sizeof zDetail, "org=%lld role=%s",
                 (long long)db_col_int64(s, 0), db_col_text(s, 1));
    db_finalize(s);
    if (rc == DB_DONE)
        ze = err_set(pErr, ZE_NOT_FOUND, 0, 0);
    else if (rc != DB_ROW)
        ze = db_fail(c->pDb, pErr, rc, "post_end");
    else if ((rc = audit_log(c, "post.end", "post", iPost, zDetail)) != 0)
        ze = db_fail(c->pDb, pErr, rc, "post_end audit");
    return tx_end(c, ze, pErr, "post_end commit");
}
