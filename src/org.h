/* org.h: the organisation tree (A1), its structure rules (A4: B1, B2,
** B13-B15, B17) and party posts (A3, 一人一岗).  Domain code: no HTTP. */
#ifndef ZHIBU_ORG_H
#define ZHIBU_ORG_H
#include <stdint.h>
#include "ctx.h"
#include "errcode.h"

#define ORG_NAME_MAX       100 /* characters in an org's name */
#define ORG_UNIT_MAX       100 /* characters in business_unit */
#define ORG_TERM_YEARS_MAX 5 /* 党章第三十一条: a term is 3-5 years at most */
#define ORG_PATH_MAX       200 /* bytes of a materialised path (auth uses 256) */

/* One org with the counts the API and the rules need.  Counts of members
** cover the org's whole subtree (a branch's groups count for the branch);
** counts of posts cover the org itself. */
typedef struct OrgFacts {
    int64_t iId;         /* org.id */
    int64_t iParent;     /* parent id, 0 for the root */
    char zKind[16];      /* committee|general_branch|branch|group */
    char *zName;         /* owned */
    char *zBusinessUnit; /* owned, may be NULL */
    char *zPath;         /* owned: "/1/7/42/" */
    int iDepth;          /* 0 for the root */
    int bTerm;           /* term_start is recorded */
    int iTermStart;      /* day number of term_start (calendar.h) */
    int nTermYears;      /* term_years, 0 when not recorded */
    int bClosed;         /* closed (撤销) */
    int nChildren;       /* direct children, closed ones included */
    int nMembers;        /* members in the subtree */
    int nFull;           /* status 'full' in the subtree */
    int nProbationary;   /* status 'probationary' in the subtree */
    int nVoting;         /* full and rights not suspended (rules §9) */
    int nCommittee;      /* distinct people in committee posts here */
    int nCommitteeOther; /* organization/propaganda/discipline posts */
    int nSecretary;      /* active secretary posts */
    int nDeputy;         /* active deputy_secretary posts */
} OrgFacts;

/* An org and its subtree in path order: a[0] is the org asked for. */
typedef struct OrgTree {
    OrgFacts *a; /* owned */
    int n;       /* entries in a */
} OrgTree;

/* Load org iOrg and every org below it, with rolled-up counts, using a
** fixed number of grouped queries whatever the subtree's size.  Returns
** DB_OK, DB_NOTFOUND or a DB error.  Free with org_tree_free(). */
int org_tree_load(Db *pDb, int64_t iOrg, OrgTree *pTree);
void org_tree_free(OrgTree *pTree); /* NULL-safe; leaves it empty */
/* term_end of f as a day number into *pEnd; returns 0 when the org has a
** term recorded (term_start and term_years), else nonzero. */
int org_term_end(const OrgFacts *f, int *pEnd);

/*
** Recount org_tally (open branches, and those with an open party group, in
** each subtree) for every org on zPath ("/1/7/42/": orgs 1, 7 and 42), in
** the caller's transaction.  org.c calls it on create, move (old and new
** path: the last one recounted wins) and close.  Returns DB_OK or an error.
*/
int org_tally_refresh(Db *pDb, const char *zPath);

/* An ancestor for breadcrumbs. */
typedef struct OrgRef {
    int64_t iId; /* org.id */
    char *zName; /* owned */
} OrgRef;
/* The proper ancestors of the org at zPath, root first, into *paRef and
** *pnRef (caller frees with org_refs_free()).  Returns DB_OK or an error. */
int org_ancestors(Db *pDb, const char *zPath, OrgRef **paRef, int *pnRef);
void org_refs_free(OrgRef *aRef, int nRef); /* NULL-safe */

/* 1 when an org of kind zKind may sit directly under an org of kind
** zParentKind (A1): committee under committee; general_branch under
** committee; branch under committee or general_branch; group under
** branch. */
int org_kind_allowed(const char *zParentKind, const char *zKind);
/* 1 when zKind names an org kind. */
int org_kind_valid(const char *zKind);

/* Create an org under iParent.  zBusinessUnit and zTermStart may be NULL;
** nTermYears 0 means not recorded, else 1..ORG_TERM_YEARS_MAX.  Checks the
** fields (name 1..ORG_NAME_MAX characters, kind under the parent's kind,
** parent exists and is open, a real date), inserts, sets the path
** parent.path || id || '/', audits "org.create", all in one transaction.
** Returns 0 and *piOrg, or a ZE_* code with *pErr set. */
int org_create(Ctx *c, int64_t iParent, const char *zKind, const char *zName,
               const char *zBusinessUnit, const char *zTermStart,
               int nTermYears, int64_t *piOrg, Err *pErr);

/* The changes of one PATCH; fields not flagged stay as they are. */
typedef struct OrgEdit {
    const char *zName;         /* new name, or NULL to keep it */
    const char *zKind;         /* NULL, or must equal the org's kind */
    int bBusinessUnit;         /* set business_unit to zBusinessUnit */
    const char *zBusinessUnit; /* may be NULL (clears) */
    int bTermStart;            /* set term_start to zTermStart */
    const char *zTermStart;    /* YYYY-MM-DD, or NULL (clears) */
    int bTermYears;            /* set term_years to nTermYears */
    int nTermYears;            /* 0 clears, else 1..ORG_TERM_YEARS_MAX */
    int64_t iParent;           /* move under this org; 0 = stay */
    int bClose;                /* close (撤销) the org */
} OrgEdit;

/* Apply *pEdit to org iOrg in one transaction: the update (audit
** "org.update"), then the move (audit "org.move"), then the close (audit
** "org.close").  An edit with nothing to do changes nothing.  The kind
** cannot change (ZE_ORG_KIND).  A closed org cannot be changed
** (ZE_ORG_CLOSED); the root
** cannot be moved or closed (ZE_ORG_ROOT).  A move goes under an open org
** outside the org's own subtree (ZE_ORG_PARENT) whose kind accepts it
** (ZE_ORG_KIND) and rewrites the path and depth of the whole subtree in one
** statement.  A close is refused with ZE_ORG_NOT_EMPTY while the org has
** open children or members.  Returns 0 or a ZE_* code with *pErr set. */
int org_edit(Ctx *c, int64_t iOrg, const OrgEdit *pEdit, Err *pErr);
/* org_edit() with only the name, business unit and term (NULL name keeps
** it; the other three are always set). */
int org_update(Ctx *c, int64_t iOrg, const char *zName,
               const char *zBusinessUnit, const char *zTermStart,
               int nTermYears, Err *pErr);
/* org_edit() with only a move under iParent. */
int org_move(Ctx *c, int64_t iOrg, int64_t iParent, Err *pErr);
/* org_edit() with only a close. */
int org_close(Ctx *c, int64_t iOrg, Err *pErr);

/* ---- Structure rules (A4) ---- */

/* The thresholds, from the settings table (setting.h). */
typedef struct OrgRuleSettings {
    int nBranchMinFull;    /* branch-min-full (B1) */
    int nBranchMaxMembers; /* branch-max-members (B2) */
    int nCommitteeMinFull; /* branch-committee-min-full (B13, B14) */
    int nCommitteeMinSize; /* committee-min-size (B13) */
    int nCommitteeMaxSize; /* committee-max-size (B13) */
    int nTermWarnMonths;   /* term-warn-months (B17) */
} OrgRuleSettings;
void org_rule_settings_load(Db *pDb, OrgRuleSettings *s);

#define ORG_SEV_WARNING 0
#define ORG_SEV_ERROR   1

/* One breach of a structure rule. */
typedef struct OrgFinding {
    const char *zRule; /* "B1"; static */
    const char
        *zArticle; /* "《中国共产党支部工作条例（试行）》第四条"; static */
    int iSeverity;  /* ORG_SEV_ERROR or ORG_SEV_WARNING */
    char *zMessage; /* Chinese, with the numbers; owned */
    int64_t iOrg;   /* org concerned */
    char *zOrgName; /* owned */
} OrgFinding;

typedef struct OrgFindings {
    OrgFinding *a; /* owned */
    int n;         /* entries used */
    int nAlloc;    /* entries allocated */
} OrgFindings;
void org_findings_free(OrgFindings *p); /* NULL-safe; leaves it empty */

/* Pure rule evaluation for one org (no database): appends to *pOut the
** findings of rules B1, B2, B13, B14 (branches), B15 and B17 (branches,
** general branches and committees) given the facts *f, today's date iToday
** (a day number) and the thresholds *s.  Closed orgs and groups give
** nothing. */
void org_rules_eval(const OrgFacts *f, int iToday, const OrgRuleSettings *s,
                    OrgFindings *pOut);
/* Load the subtree of iOrg and evaluate every org in it on day iToday
** (pass cal_today() outside tests).  Findings follow the path order.
** Returns DB_OK, DB_NOTFOUND or a DB error; free *pOut with
** org_findings_free() either way. */
int org_checks(Db *pDb, int64_t iOrg, int iToday, OrgFindings *pOut);

/* ---- Posts (A3) ---- */

/* Chinese label of post role zRole ("书记"), or NULL when unknown
** (static). */
const char *post_role_label(const char *zRole);

/* An active post, for the list. */
typedef struct PostRow {
    int64_t iId;     /* post.id */
    int64_t iOrg;    /* post.org_id */
    int64_t iPerson; /* post.person_id */
    int64_t iMember; /* member.id of that person, 0 if none */
    char *zName;     /* person's name; owned */
    char zRole[24];  /* post role */
    char *zFromOn;   /* YYYY-MM-DD or NULL; owned */
    char *zWarning;  /* 一人一岗 warning or NULL; owned */
} PostRow;

/* Appoint member iMember to role zRole on org iOrg from zFromOn (NULL =
** today).  The member must be in iOrg or its subtree (ZE_POST_NOT_MEMBER);
** group_leader only on a group, and a group has no secretary or committee
** posts (ZE_POST_ROLE).  When the person already holds another active post,
** *pzWarning gets "一人一岗：该党员已担任XX（组织名）" (caller frees with
** free()), else NULL.  Audits "post.create".  Returns 0 and *piPost, or a
** ZE_* code with *pErr set. */
int post_create(Ctx *c, int64_t iOrg, int64_t iMember, const char *zRole,
                const char *zFromOn, int64_t *piPost, char **pzWarning,
                Err *pErr);
/* The active posts of org iOrg (not its subtree), secretary first, each
** with its 一人一岗 warning.  *paRow is freed by the caller with
** post_rows_free().  Returns DB_OK or a DB error. */
int post_list(Db *pDb, int64_t iOrg, PostRow **paRow, int *pnRow);
void post_rows_free(PostRow *aRow, int nRow); /* NULL-safe */
/* Active post iPost into *ppRow (caller frees with post_rows_free(p, 1));
** DB_NOTFOUND when absent or ended. */
int post_get(Db *pDb, int64_t iPost, PostRow **ppRow);
/* Org of post iPost into *piOrg (for the scope check); DB_NOTFOUND when
** there is no such post. */
int post_org(Db *pDb, int64_t iPost, int64_t *piOrg);
/* End active post iPost today: ended = 1, to_on = today; audits
** "post.end".  Returns 0, or ZE_NOT_FOUND when it does not exist or has
** already ended, or another ZE_* code with *pErr set. */
int post_end(Ctx *c, int64_t iPost, Err *pErr);

#endif
