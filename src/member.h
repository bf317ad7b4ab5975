/* member.h: the roster of party members (党员名册, A2): validation, add,
** edit, read (masked or unmasked), list with filters, import from a
** Sheet and export to .xlsx.  No HTTP here; api_member.c, cmd_member.c,
** the demo generator and the unit tests call these functions. */
#ifndef ZHIBU_MEMBER_H
#define ZHIBU_MEMBER_H
#include <stdint.h>
#include "ctx.h"
#include "errcode.h"
#include "sheet.h"

/* A member as entered (form, JSON body or import row).  Strings are
** borrowed.  For member_update() a NULL field means "unchanged" and ""
** clears an optional field. */
typedef struct MemberRec {
    int64_t iOrg;           /* branch or group (0 = unchanged in updates) */
    const char *zName;      /* 姓名, required */
    const char *zGender;    /* "male"|"female"; NULL/"" = from the ID */
    const char *zEthnicity; /* 民族 */
    const char *zBirth;     /* 出生日期; NULL/"" = from the ID */
    const char *zIdNumber;  /* 公民身份号码, required */
    const char *zPhone;     /* 手机号码, optional */
    const char *zEducation; /* 学历, text as given */
    const char *zJob;       /* 工作岗位 */
    const char *zStatus;    /* "full"|"probationary", required */
    const char *zJoinedOn;  /* 入党日期, required */
    const char *zFullOn;    /* 转正日期, required when status is full */
} MemberRec;

/* What member_validate() derives and normalises. */
typedef struct MemberNorm {
    char zIdNumber[19];  /* 18 characters, uppercase X */
    char zBirth[11];     /* YYYY-MM-DD, from the ID number */
    const char *zGender; /* "male"|"female" from the ID number; static */
    char zPhone[12];     /* 11 digits, or "" when none */
    char zJoinedOn[11];  /* YYYY-MM-DD */
    char zFullOn[11];    /* YYYY-MM-DD, or "" for probationary members */
} MemberNorm;

/* Maximum lengths in bytes of the free-text fields. */
#define MEMBER_MAX_NAME 96
#define MEMBER_MAX_TEXT 128

/*
** Parse a date written as YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYYMMDD or
** YYYY年M月D日 (surrounding ASCII blanks allowed) into zOut[11] as
** YYYY-MM-DD.  Returns 0 when it is a real date, else nonzero.
*/
int member_date_parse(const char *z, char zOut[11]);

/*
** Check m against the A2 rules, in this order: name present (field name),
** ID number valid per GB 11643 (id_number: ZE_ID_LENGTH, ZE_ID_FORMAT
** also for a masked number with '*',
** ZE_ID_PROVINCE, ZE_ID_DATE with zToday as the latest birth date,
** ZE_ID_CHECK), gender when given agrees with the ID (gender:
** ZE_GENDER_INVALID, ZE_ID_GENDER_MISMATCH), birth date when given is a date
** equal to the ID's (birth_date: ZE_DATE_INVALID, ZE_ID_BIRTH_MISMATCH),
** phone when given is a mainland mobile number (phone: ZE_PHONE_INVALID),
** status is full or probationary (status: ZE_FIELD_REQUIRED,
** ZE_STATUS_INVALID), joined_on is a date after the birth date and not
** after zToday (joined_on: ZE_FIELD_REQUIRED, ZE_DATE_INVALID,
** ZE_DATE_ORDER, ZE_DATE_FUTURE), full_on is given exactly when the status
** is full, is a date not before joined_on and not after zToday (full_on:
** ZE_FULL_ON_REQUIRED, ZE_FIELD_INVALID, ZE_DATE_INVALID, ZE_DATE_ORDER,
** ZE_DATE_FUTURE), and the free-text fields are not too long and hold no
** control characters (ZE_FIELD_TOO_LONG, ZE_FIELD_INVALID).  The org is not
** checked here (no database).
**
** zToday  "YYYY-MM-DD"
** pNorm   receives the normalised and derived values (may be NULL)
** pErr    receives the code, the JSON field and maybe a static message
**
** Returns ZE_OK or the ZE_* code.
*/
int member_validate(const MemberRec *m, const char *zToday, MemberNorm *pNorm,
                    Err *pErr);

/*
** Validate m, check that m->iOrg is an open branch or group
** (org_id: ZE_NOT_FOUND, ZE_MEMBER_ORG_KIND, ZE_ORG_CLOSED) and that the ID
** number is new (id_number: ZE_ID_EXISTS), then insert the person, the
** member and the audit row "member.create" in one transaction.  *piMember
** gets the new member id.  Returns ZE_OK or a ZE_* code in pErr (database
** failures are ZE_INTERNAL or ZE_DB_BUSY).  The caller checks org scope.
*/
int member_create(Ctx *c, const MemberRec *m, int64_t *piMember, Err *pErr);

/*
** Recruitment (pipeline.c): validate the person fields of m (name, ID
** number, gender, birth date, phone, free texts; org, status and dates are
** ignored) as member_validate() does, check that the ID number is new
** (ZE_ID_EXISTS), and insert the person row (sealed ID number, blind index,
** mask) inside the caller's open transaction.  No audit row: the caller
** writes its own.  *piPerson gets the new person id.  Returns ZE_OK or a
** ZE_* code in pErr.
*/
int member_person_insert(Ctx *c, const MemberRec *m, int64_t *piPerson,
                         Err *pErr);
/*
** Recruitment: make existing person iPerson a probationary member of org
** iOrg (an open branch or group) with joined_on zJoinedOn ("YYYY-MM-DD", the
** admission vote), inside the caller's transaction, no audit row.
** *piMember gets the member id.  ZE_MEMBER_EXISTS when the person already
** is a member.
*/
int member_admit(Ctx *c, int64_t iPerson, int64_t iOrg, const char *zJoinedOn,
                 int64_t *piMember, Err *pErr);
/* Recruitment: probationary member iMember becomes full on zFullOn (the
** end of probation, D21), inside the caller's transaction, no audit row. */
int member_make_full(Ctx *c, int64_t iMember, const char *zFullOn, Err *pErr);

/*
** Change the fields of member iMember that are not NULL in pPatch (iOrg 0 =
** unchanged).  An ID number or phone equal to the masked form of the
** current value counts as unchanged.  A new ID number re-derives birth date
** and gender unless the patch gives them; a change to probationary clears
** full_on unless the patch gives it.  The merged record is validated as by
** member_create(); the update and the audit row "member.update" (listing
** the changed fields) run in one transaction.  Returns ZE_OK, ZE_NOT_FOUND,
** or a ZE_* code in pErr.  The caller checks scope on both orgs.
*/
int member_update(Ctx *c, int64_t iMember, const MemberRec *pPatch, Err *pErr);

/* The org of member iMember into *piOrg.  Returns DB_OK, DB_NOTFOUND or a
** DB error. */
int member_org(Db *pDb, int64_t iMember, int64_t *piOrg);
/* The member id of person iPerson into *piMember.  Returns DB_OK,
** DB_NOTFOUND or a DB error. */
int member_of_person(Db *pDb, int64_t iPerson, int64_t *piMember);

/* A party post held by a member. */
typedef struct MemberPost {
    int64_t iId;    /* post.id */
    int64_t iOrg;   /* post.org_id */
    char zRole[32]; /* "secretary", ... */
} MemberPost;

/* A member as read back.  Strings live in zStore (member_clear() frees it)
** and may be NULL for absent optional values. */
typedef struct Member {
    int64_t iId;       /* member.id */
    int64_t iPerson;   /* person.id */
    int64_t iOrg;      /* member.org_id */
    char *zOrgName;    /* org.name */
    char *zName;       /* person.name */
    char *zGender;     /* "male"|"female" */
    char *zEthnicity;  /* 民族 */
    char *zBirth;      /* YYYY-MM-DD */
    int nAge;          /* whole years today */
    char *zIdNumber;   /* masked "110105********002X" unless unmasked */
    char *zPhone;      /* masked "138****8000" unless unmasked */
    char *zEducation;  /* 学历 */
    char *zJob;        /* 工作岗位 */
    char *zStatus;     /* "full"|"probationary" */
    int bVotingRight;  /* full and rights not suspended */
    char *zJoinedOn;   /* 入党日期 */
    char *zFullOn;     /* 转正日期 */
    char zShip[12];    /* 党籍 (membership) */
    char *zStore;      /* the block holding all the strings above; owned */
    int bMasked;       /* id and phone are masked */
    MemberPost *aPost; /* current posts; owned */
    int nPost;         /* entries in aPost */
} Member;

/* Free what a Member holds and zero it.  NULL-safe. */
void member_clear(Member *p);

/*
** Read member iMember into *pOut (release with member_clear()), with the
** ID number and phone unmasked when bUnmask.  Returns DB_OK, DB_NOTFOUND
** or a DB error.  The caller checks scope and audits an unmasked read.
*/
int member_get(Ctx *c, int64_t iMember, int bUnmask, Member *pOut);

/* Roster filters.  Strings are borrowed; NULL or "" = no filter. */
typedef struct MemberFilter {
    const char *zName;      /* substring of the name (ASCII case ignored) */
    const char *zStatus;    /* "full"|"probationary" */
    const char *zGender;    /* "male"|"female" */
    const char *zEducation; /* exact 学历 */
    const char *zShip;      /* 党籍 state; "all" = any; NULL = active */
    int nAgeMin;            /* age >= this, -1 = none */
    int nAgeMax;            /* age <= this, -1 = none */
    const char *zSort;      /* member_sort_ok() value; NULL = "name" */
    int64_t nLimit;         /* rows, 0 = all */
    int64_t nOffset;        /* rows skipped */
    const char *zPath;      /* org's materialised path if the caller has it
                            ** (auth_require_org_path), else NULL */
} MemberFilter;

/* 1 when zSort is one of name, birth_date, joined_on, each optionally
** preceded by '-' (descending). */
int member_sort_ok(const char *zSort);

/* Called by member_list() for each row; p is valid only during the call.
** A nonzero return stops the listing (member_list() then returns it). */
typedef int (*MemberRowFn)(void *pArg, const Member *p);

/*
** Call xRow for each member in the subtree of org iOrg that passes f, in
** the order f->zSort with ties broken by member id (the same order on
** SQLite and PostgreSQL: names compare bytewise).  Posts are loaded when
** bPosts.  Returns DB_OK, a DB error, or the nonzero value of xRow.
*/
int member_list(Ctx *c, int64_t iOrg, const MemberFilter *f, int bUnmask,
                int bPosts, MemberRowFn xRow, void *pArg);
/* One page of the masked roster for the API, with posts: the rows
** member_list() would give, and *pnTotal, the number of members that pass
** f (as member_count()).  A small subtree is counted, sorted and paged
** from one unsorted read.  Returns DB_OK, a DB error, or xRow's value. */
int member_page(Ctx *c, int64_t iOrg, const MemberFilter *f, MemberRowFn xRow,
                void *pArg, int64_t *pnTotal);
/* Number of members member_list() would visit without limit and offset. */
int member_count(Db *pDb, int64_t iOrg, const MemberFilter *f,
                 int64_t *pnTotal);

/* One error found by member_import(). */
typedef struct MemberImportError {
    int iRow;            /* 1-based file row; the header is row 1 */
    const char *zColumn; /* Chinese column header; static */
    const char *zField;  /* JSON field name; static */
    int iCode;           /* ZE_* */
    char *zMsg;          /* Chinese message; owned */
} MemberImportError;

/* The outcome of member_import().  Release with member_import_free(). */
typedef struct MemberImport {
    int nRows;               /* non-empty data rows */
    int nValid;              /* rows without errors */
    int nImported;           /* rows inserted (0 on a dry run) */
    MemberImportError *aErr; /* row errors in row order; owned */
    int nErr;                /* entries in aErr */
    char **azUnknown;        /* unknown column headers; owned */
    int nUnknown;            /* entries in azUnknown */
    char *zMsg;              /* file-level error message or NULL; owned */
} MemberImport;

/* Progress callback: nDone of nTotal steps finished. */
typedef void (*MemberProgressFn)(void *pArg, int nDone, int nTotal);

/*
** Import the roster in s (header row first; columns matched by the
** template's Chinese headers, in any order) into org iOrg and its subtree.
** Every row is validated first (member_validate(), the 所在党组织 column,
** duplicates within the file and against the database by blind index).
** When no row has an error and bDryRun is false, all rows are inserted in
** one transaction with one audit row "member.import"; otherwise nothing is
** written.  xProgress (may be NULL) is called about every 1000 rows.
**
** Returns ZE_OK (pRes->nImported set unless bDryRun), ZE_IMPORT_ROWS (row
** errors in pRes->aErr), a file-level code with pRes->zMsg
** (ZE_IMPORT_HEADER, ZE_IMPORT_EMPTY, ZE_NOT_FOUND, ZE_ORG_CLOSED), or
** ZE_ID_EXISTS / ZE_INTERNAL / ZE_DB_BUSY when the insert fails.  pRes is
** filled in every case; release it with member_import_free().
*/
int member_import(Ctx *c, int64_t iOrg, const Sheet *s, int bDryRun,
                  MemberProgressFn xProgress, void *pArg, MemberImport *pRes);
void member_import_free(MemberImport *p);

/* The template's column headers (static), NULL past the end. */
const char *member_template_column(int i);

/*
** Write the roster of org iOrg's subtree (filters f, limit ignored) as an
** .xlsx, unmasked when bUnmask, and record "export.members" with the
** filter, the row count, whether unmasked and the file's SM3 hash.  On
** success returns ZE_OK with *pFd (caller owns; read-only, at offset 0),
** *pnSize and *pnRows.  Returns ZE_EXPORT_FAILED or ZE_INTERNAL/ZE_DB_BUSY
** otherwise.  The caller checks scope and the unmask capability.
*/
int member_export(Ctx *c, int64_t iOrg, const MemberFilter *f, int bUnmask,
                  int *pFd, long long *pnSize, int *pnRows);

/* The same for one member (own record, "export.self"), always unmasked. */
int member_export_one(Ctx *c, int64_t iMember, int *pFd, long long *pnSize);

/* Write the import template (headers and one 示例 row) to *pFd. */
int member_template(int *pFd, long long *pnSize);

#endif
