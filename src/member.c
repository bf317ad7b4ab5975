/* member.c: the roster of party members (党员名册, A2).
**
** Validation (GB 11643 ID numbers with birth date and gender derived from
** them, mobile numbers, date order, status), add and edit with the audit
** row in the same transaction, reading back masked or unmasked, the
** filtered and sorted list, the all-or-nothing import from a Sheet
** (validate every row, then insert everything in one transaction with
** statements prepared once), and the .xlsx export and import template.
**
** ID numbers and phones are stored sealed (vault_seal_raw) with a blind index
** (vault_blind_raw, 32 bytes) for the UNIQUE constraint and duplicate checks;
** a masked copy of each (id_number_mask, phone_mask) serves every masked
** read without decrypting.  They are never logged.
**
** Entry points: member_validate(), member_create(), member_update(),
** member_get(), member_list(), member_count(), member_import(),
** member_export(), member_export_one(), member_template().
*/
#include "member.h"
#include "audit.h"
#include "auth.h"
#include "buf.h"
#include "calendar.h"
#include "idcard.h"
#include "log.h"
#include "util.h"
#include "vault.h"
#include "xlsx.h"
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define IMPORT_BATCH     60   /* blind indexes looked up per query */
#define IMPORT_PROGRESS  1000 /* rows between progress reports */
#define IMPORT_CELL      260  /* bytes kept of a trimmed import cell */
#define INSERT_ROWS      64   /* rows per INSERT: 833 parameters (PG: 1024) */
#define IMPORT_ROW_BYTES 1024 /* page cache per imported row (db_bulk) */
#define IMP_THREAD_ROWS  512  /* fewer rows: an import uses one thread */

/* The sample ID number of the template's example row (GB 11643). */
#define SAMPLE_ID "11010519491231002X"

/* ---- validation ---- */

/* Parse 1..nMax ASCII digits at *pz into *pv; advances *pz.  Returns the
** number of digits read (0 when none or too many). */
static int take_digits(const char **pz, int nMax, int *pv)
{
    const char *z = *pz;
    int n = 0, v = 0;
    while (z[n] >= '0' && z[n] <= '9') {
        if (n >= nMax) return 0;
        v = v * 10 + (z[n] - '0');
        n++;
    }
    *pv = v;
    *pz = z + n;
    return n;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int member_date_parse(const char *z, char zOut[11])
{
    char zBuf[40];
    int y = 0, m = 0, d = 0, iDay;
    if (!z) return 1;
    while (is_blank(*z))
        z++;
    size_t n = strlen(z);
    while (n > 0 && is_blank(z[n - 1]))
        n--;
    if (n == 0 || n >= sizeof zBuf) return 1;
    memcpy(zBuf, z, n);
    zBuf[n] = 0;
    const char *p = zBuf;
    if (n == 8 && strspn(zBuf, "0123456789") == 8) { /* YYYYMMDD */
        y = (zBuf[0] - '0') * 1000 + (zBuf[1] - '0') * 100 +
            (zBuf[2] - '0') * 10 + (zBuf[3] - '0');
        m = (zBuf[4] - '0') * 10 + (zBuf[5] - '0');
        d = (zBuf[6] - '0') * 10 + (zBuf[7] - '0');
    } else if (take_digits(&p, 4, &y) == 4) {
        if (strncmp(p, "年", 3) == 0) { /* YYYY年M月D日 */
            p += 3;
            if (!take_digits(&p, 2, &m) || strncmp(p, "月", 3) != 0) return 1;
            p += 3;
            if (!take_digits(&p, 2, &d)) return 1;
            if (strncmp(p, "日", 3) == 0) p += 3;
        } else if (*p == '-' || *p == '/' || *p == '.') {
            char cSep = *p++;
            if (!take_digits(&p, 2, &m) || *p++ != cSep) return 1;
            if (!take_digits(&p, 2, &d)) return 1;
        } else {
            return 1;
        }
        if (*p) return 1;
    } else {
        return 1;
    }
    if (cal_ymd(y, m, d, &iDay)) return 1;
    cal_format(iDay, zOut);
    return 0;
}

/* Check a free-text field: length and no control characters. */
static int text_check(const char *z, size_t nMax, const char *zField, Err *pErr)
{
    if (!z) return 0;
    if (strlen(z) > nMax) return err_set(pErr, ZE_FIELD_TOO_LONG, zField, 0);
    for (const unsigned char *p = (const unsigned char *)z; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return err_set(pErr, ZE_FIELD_INVALID, zField,
                           "不能包含控制字符或换行");
    return 0;
}

static int is_empty(const char *z)
{
    if (!z) return 1;
    while (is_blank(*z))
        z++;
    return *z == 0;
}

/* Map an idcard_parse() reason code to a ZE_* code. */
static int id_code(const char *zReason)
{
    if (!zReason) return ZE_ID_FORMAT;
    if (strcmp(zReason, "length") == 0) return ZE_ID_LENGTH;
    if (strcmp(zReason, "province") == 0) return ZE_ID_PROVINCE;
    if (strcmp(zReason, "date") == 0) return ZE_ID_DATE;
    if (strcmp(zReason, "check") == 0) return ZE_ID_CHECK;
    return ZE_ID_FORMAT;
}

/* Validate a required or optional date field into zOut[11] ("" when
** absent and optional).  Not after zToday. */
static int date_field(const char *z, int bRequired, int iReqCode,
                      const char *zToday, const char *zField, char zOut[11],
                      Err *pErr)
{
    zOut[0] = 0;
    if (is_empty(z)) {
        if (bRequired) return err_set(pErr, iReqCode, zField, 0);
        return 0;
    }
    if (member_date_parse(z, zOut)) {
        zOut[0] = 0;
        return err_set(pErr, ZE_DATE_INVALID, zField,
                       "日期无效，应为 YYYY-MM-DD、YYYY/M/D、YYYY.M.D 或 "
                       "YYYYMMDD");
    }
    if (strcmp(zOut, zToday) > 0)
        return err_set(pErr, ZE_DATE_FUTURE, zField, 0);
    return 0;
}

/* The person fields of m as member_validate() checks them, in its order:
** name, ID number, gender, birth date, phone (into *n). */
static int person_validate(const MemberRec *m, const char *zToday,
                           MemberNorm *n, Err *pErr)
{
    IdCard card;
    const char *zReason = 0, *zMsg = 0;
    char zBirth[11];
    int rc;

    memset(n, 0, sizeof *n);
    err_set(pErr, ZE_OK, 0, 0);
    if (is_empty(m->zName)) return err_set(pErr, ZE_FIELD_REQUIRED, "name", 0);
    if ((rc = text_check(m->zName, MEMBER_MAX_NAME, "name", pErr))) return rc;
    if (is_empty(m->zIdNumber))
        return err_set(pErr, ZE_FIELD_REQUIRED, "id_number", 0);
    if (strchr(m->zIdNumber, '*'))
        return err_set(pErr, ZE_ID_FORMAT, "id_number",
                       "公民身份号码是脱敏后的形式（含*），请填写完整号码");
    if (idcard_parse(m->zIdNumber, zToday, &card, &zReason, &zMsg))
        return err_set(pErr, id_code(zReason), "id_number", zMsg);
    memcpy(n->zIdNumber, card.zNorm, sizeof n->zIdNumber);
    memcpy(n->zBirth, card.zBirth, sizeof n->zBirth);
    n->zGender = card.bMale ? "male" : "female";
    if (!is_empty(m->zGender)) {
        if (strcmp(m->zGender, "male") != 0 && strcmp(m->zGender, "female"))
            return err_set(pErr, ZE_GENDER_INVALID, "gender", 0);
        if (strcmp(m->zGender, n->zGender) != 0)
            return err_set(pErr, ZE_ID_GENDER_MISMATCH, "gender", 0);
    }
    if (!is_empty(m->zBirth)) {
        if (member_date_parse(m->zBirth, zBirth))
            return err_set(pErr, ZE_DATE_INVALID, "birth_date", 0);
        if (strcmp(zBirth, n->zBirth) != 0)
            return err_set(pErr, ZE_ID_BIRTH_MISMATCH, "birth_date", 0);
    }
    if (!is_empty(m->zPhone) && phone_normalize(m->zPhone, n->zPhone))
        return err_set(pErr, ZE_PHONE_INVALID, "phone", 0);
    return ZE_OK;
}

/* The free-text fields of a person. */
static int person_texts(const MemberRec *m, Err *pErr)
{
    int rc;
    if ((rc = text_check(m->zEthnicity, 32, "ethnicity", pErr)) ||
        (rc = text_check(m->zEducation, 32, "education", pErr)) ||
        (rc = text_check(m->zJob, MEMBER_MAX_TEXT, "job", pErr)))
        return rc;
    return ZE_OK;
}

int member_validate(const MemberRec *m, const char *zToday, MemberNorm *pNorm,
                    Err *pErr)
{
    MemberNorm nTmp;
    MemberNorm *n = pNorm ? pNorm : &nTmp;
    int rc;

    if ((rc = person_validate(m, zToday, n, pErr))) return rc;
    if (is_empty(m->zStatus))
        return err_set(pErr, ZE_FIELD_REQUIRED, "status", 0);
    int bFull = strcmp(m->zStatus, "full") == 0;
    if (!bFull && strcmp(m->zStatus, "probationary") != 0)
        return err_set(pErr, ZE_STATUS_INVALID, "status", 0);
    if ((rc = date_field(m->zJoinedOn, 1, ZE_FIELD_REQUIRED, zToday,
                         "joined_on", n->zJoinedOn, pErr)))
        return rc;
    if (strcmp(n->zJoinedOn, n->zBirth) <= 0)
        return err_set(pErr, ZE_DATE_ORDER, "joined_on",
                       "入党日期应晚于出生日期");
    if (!bFull && !is_empty(m->zFullOn))
        return err_set(pErr, ZE_FIELD_INVALID, "full_on",
                       "预备党员不应填写转正日期");
    if ((rc = date_field(m->zFullOn, bFull, ZE_FULL_ON_REQUIRED, zToday,
                         "full_on", n->zFullOn, pErr)))
        return rc;
    if (bFull && strcmp(n->zFullOn, n->zJoinedOn) < 0)
        return err_set(pErr, ZE_DATE_ORDER, "full_on", 0);
    return person_texts(m, pErr);
}

/* ---- shared database helpers ---- */

/* Record a database failure rc in pErr: busy, a UNIQUE race on the ID
** number, or internal.  Logs the detail.  Returns the ZE_* code. */
static int member_err_db(Db *pDb, Err *pErr, int rc)
{
    if (rc == DB_BUSY) return err_set(pErr, ZE_DB_BUSY, 0, 0);
    if (rc == DB_NOTFOUND) return err_set(pErr, ZE_NOT_FOUND, 0, 0);
    if (rc == DB_CONSTRAINT) return err_set(pErr, ZE_ID_EXISTS, "id_number", 0);
    log_msg(LOG_ERROR, "member: db error %d: %s", rc, db_errmsg(pDb));
    return err_set(pErr, ZE_INTERNAL, 0, 0);
}

/* Bind z, or NULL when z is NULL or empty. */
static void bind_opt(DbStmt *p, int i, const char *z)
{
    if (z && *z)
        db_bind_text(p, i, z);
    else
        db_bind_null(p, i);
}

/* Check that iOrg is an open branch or group (field org_id). */
static int check_org(Db *pDb, int64_t iOrg, Err *pErr)
{
    DbStmt *p = 0;
    int rc = db_prepare_bind(
        pDb, &p, "SELECT kind, closed FROM org WHERE id=$1", "i", iOrg);
    if (rc) return member_err_db(pDb, pErr, rc);
    rc = db_step(p);
    if (rc == DB_ROW) {
        const char *zKind = db_col_text(p, 0);
        int bClosed = (int)db_col_int64(p, 1);
        if (strcmp(zKind, "branch") != 0 && strcmp(zKind, "group") != 0)
            rc = err_set(pErr, ZE_MEMBER_ORG_KIND, "org_id", 0);
        else if (bClosed)
            rc = err_set(pErr, ZE_ORG_CLOSED, "org_id", 0);
        else
            rc = ZE_OK;
    } else if (rc == DB_DONE) {
        rc = err_set(pErr, ZE_NOT_FOUND, "org_id", "所在党组织不存在");
    } else {
        rc = member_err_db(pDb, pErr, rc);
    }
    db_finalize(p);
    return rc;
}

/* Check that no person other than iExcept has blind index aIdx. */
static int check_new_id(Db *pDb, const unsigned char aIdx[VAULT_IDX_LEN],
                        int64_t iExcept, Err *pErr)
{
    DbStmt *p = 0;
    int64_t iPerson = 0;
    int rc =
        db_prepare(pDb, &p, "SELECT id FROM person WHERE id_number_idx=$1");
    if (!rc) rc = db_bind_blob(p, 1, aIdx, VAULT_IDX_LEN);
    if (!rc) {
        rc = db_step(p);
        if (rc == DB_ROW) {
            iPerson = db_col_int64(p, 0);
            rc = DB_OK;
        } else if (rc == DB_DONE) {
            rc = DB_NOTFOUND;
        }
    }
    db_finalize(p);
    if (rc == DB_NOTFOUND || (rc == DB_OK && iPerson == iExcept)) return 0;
    if (rc) return member_err_db(pDb, pErr, rc);
    return err_set(pErr, ZE_ID_EXISTS, "id_number", 0);
}

/* The sealed, indexed and masked forms of a normalised ID number and phone
** (phone fields NULL/absent when there is no phone). */
typedef struct Sealed {
    unsigned char aIdEnc[VAULT_SEALED_RAW_LEN(18)]; /* vault_seal_raw() */
    size_t nIdEnc;                       /* bytes in aIdEnc, 0 if not made */
    unsigned char aIdIdx[VAULT_IDX_LEN]; /* blind index */
    char zIdMask[19];                    /* idcard_mask() */
    unsigned char aPhoneEnc[VAULT_SEALED_RAW_LEN(11)]; /* vault_seal_raw() */
    size_t nPhoneEnc; /* bytes in aPhoneEnc, 0 if no phone */
    unsigned char aPhoneIdx[VAULT_IDX_LEN]; /* blind index, if a phone */
    char zPhoneMask[12];                    /* phone_mask(), "" if none */
} Sealed;

/* Seal n's ID number (unless bNoId: then only the phone) and phone into
** *p, with the bulk contexts pCtx when not NULL, else with c's keys.  The
** ID's blind index is left to the caller.  A normalised ID number has 18
** characters and a phone 11, which the buffers of Sealed hold. */
static void sealed_make(const Ctx *c, VaultCtx *pCtx, const MemberNorm *n,
                        int bNoId, Sealed *p)
{
    const VaultKeys *pK = pCtx ? 0 : c->pKeys;
    p->nIdEnc = p->nPhoneEnc = 0;
    p->zIdMask[0] = p->zPhoneMask[0] = 0;
    if (!bNoId) {
        if (vault_seal_raw(pK, pCtx, n->zIdNumber, p->aIdEnc, sizeof p->aIdEnc,
                           &p->nIdEnc))
            abort(); /* member_validate() guarantees the length */
        idcard_mask(n->zIdNumber, p->zIdMask);
    }
    if (n->zPhone[0]) {
        if (vault_seal_raw(pK, pCtx, n->zPhone, p->aPhoneEnc,
                           sizeof p->aPhoneEnc, &p->nPhoneEnc))
            abort();
        if (pCtx)
            vault_ctx_blind(pCtx, "phone", n->zPhone, p->aPhoneIdx);
        else
            vault_blind_raw(c->pKeys, "phone", n->zPhone, p->aPhoneIdx);
        phone_mask(n->zPhone, p->zPhoneMask);
    }
}

static const char zInsPerson[] =
    "INSERT INTO person(name,gender,ethnicity,birth_date,id_number_enc,"
    "id_number_idx,phone_enc,phone_idx,education,job,created_at,updated_at,"
    "id_number_mask,phone_mask)"
    " VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$11,$12,$13) RETURNING id";
static const char zInsMember[] =
    "INSERT INTO member(person_id,org_id,status,joined_on,full_on,"
    "created_at,updated_at) VALUES($1,$2,$3,$4,$5,$6,$6) RETURNING id";

/* Bind the person columns $1..$10 and $12..$13 of zInsPerson (also the
** batch statements, at offset i) from m, n and the sealed forms s. */
/* Bind z as text (not copied when bRef: see db_bind_text_ref()), or NULL
** when z is NULL or empty with bOpt. */
static void bind_str(DbStmt *p, int i, const char *z, int bOpt, int bRef)
{
    if (!z || (bOpt && !*z))
        db_bind_null(p, i);
    else if (bRef)
        db_bind_text_ref(p, i, z);
    else
        db_bind_text(p, i, z);
}

/* Bind a[0..n) as a blob (not copied when bRef), or NULL when n is 0. */
static void bind_bytes(DbStmt *p, int i, const void *a, size_t n, int bRef)
{
    if (!n)
        db_bind_null(p, i);
    else if (bRef)
        db_bind_blob_ref(p, i, a, (int)n);
    else
        db_bind_blob(p, i, a, (int)n);
}

static void bind_person(DbStmt *p, int i, const MemberRec *m,
                        const MemberNorm *n, const Sealed *s, int bRef)
{
    bind_str(p, i + 1, m->zName, 0, bRef);
    bind_str(p, i + 2, n->zGender, 0, bRef);
    bind_str(p, i + 3, m->zEthnicity, 1, bRef);
    bind_str(p, i + 4, n->zBirth, 0, bRef);
    bind_bytes(p, i + 5, s->aIdEnc, s->nIdEnc, bRef);
    bind_bytes(p, i + 6, s->aIdIdx, VAULT_IDX_LEN, bRef);
    bind_bytes(p, i + 7, s->aPhoneEnc, s->nPhoneEnc, bRef);
    bind_bytes(p, i + 8, s->aPhoneIdx, s->nPhoneEnc ? VAULT_IDX_LEN : 0, bRef);
    bind_str(p, i + 9, m->zEducation, 1, bRef);
    bind_str(p, i + 10, m->zJob, 1, bRef);
}

/*
** Insert one person and member with the prepared statements pPerson
** (zInsPerson) and pMember (zInsMember), which are reset first.  aIdx is
** the ID number's blind index.  *piMember gets the member id.  Returns
** DB_OK or a DB error.
*/
static int insert_one(Ctx *c, DbStmt *pPerson, DbStmt *pMember,
                      const MemberRec *m, const MemberNorm *n,
                      const unsigned char aIdx[VAULT_IDX_LEN], int64_t tNow,
                      int64_t *piMember)
{
    Sealed s;
    int rc;
    sealed_make(c, 0, n, 0, &s);
    memcpy(s.aIdIdx, aIdx, VAULT_IDX_LEN);
    db_reset(pPerson);
    bind_person(pPerson, 0, m, n, &s, 0);
    db_bind_int64(pPerson, 11, tNow);
    db_bind_text(pPerson, 12, s.zIdMask);
    bind_opt(pPerson, 13, s.zPhoneMask);
    rc = db_step(pPerson);
    if (rc != DB_ROW) return rc == DB_DONE ? DB_ERROR : rc;
    int64_t iPerson = db_col_int64(pPerson, 0);
    db_reset(pMember);
    db_bind_int64(pMember, 1, iPerson);
    db_bind_int64(pMember, 2, m->iOrg);
    db_bind_text(pMember, 3, m->zStatus);
    db_bind_text(pMember, 4, n->zJoinedOn);
    bind_opt(pMember, 5, n->zFullOn);
    db_bind_int64(pMember, 6, tNow);
    rc = db_step(pMember);
    if (rc != DB_ROW) return rc == DB_DONE ? DB_ERROR : rc;
    if (piMember) *piMember = db_col_int64(pMember, 0);
    return DB_OK;
}

/* ---- add and edit ---- */

int member_create(Ctx *c, const MemberRec *m, int64_t *piMember, Err *pErr)
{
    MemberNorm n;
    DbStmt *pPerson = 0, *pMember = 0;
    char zToday[11], zDetail[64];
    int64_t iMember = 0;
    int rc;

    unsigned char aIdx[VAULT_IDX_LEN];
    util_today(zToday);
    if (member_validate(m, zToday, &n, pErr)) return pErr->iCode;
    vault_blind_raw(c->pKeys, "id_number", n.zIdNumber, aIdx);
    rc = db_begin(c->pDb);
    if (rc) return member_err_db(c->pDb, pErr, rc);
    if ((rc = check_org(c->pDb, m->iOrg, pErr)) ||
        (rc = check_new_id(c->pDb, aIdx, 0, pErr)))
        goto cleanup;
    if ((rc = db_prepare(c->pDb, &pPerson, zInsPerson)) ||
        (rc = db_prepare(c->pDb, &pMember, zInsMember)) ||
        (rc = insert_one(c, pPerson, pMember, m, &n, aIdx, util_now(),
                         &iMember))) {
        rc = member_err_db(c->pDb, pErr, rc);
        goto cleanup;
    }
    snprintf(zDetail, sizeof zDetail, "org=%lld", (long long)m->iOrg);
    if ((rc = audit_log(c, "member.create", "member", iMember, zDetail)))
        rc = member_err_db(c->pDb, pErr, rc);
cleanup:
    db_finalize(pPerson);
    db_finalize(pMember);
    if (rc) {
        db_rollback(c->pDb);
        return rc;
    }
    if ((rc = db_commit(c->pDb))) {
        db_rollback(c->pDb);
        return member_err_db(c->pDb, pErr, rc);
    }
    if (piMember) *piMember = iMember;
    return ZE_OK;
}

int member_person_insert(Ctx *c, const MemberRec *m, int64_t *piPerson,
                         Err *pErr)
{
    MemberNorm n;
    Sealed s;
    DbStmt *p = 0;
    char zToday[11];
    unsigned char aIdx[VAULT_IDX_LEN];
    int rc;

    util_today(zToday);
    if ((rc = person_validate(m, zToday, &n, pErr)) ||
        (rc = person_texts(m, pErr)))
        return rc;
    vault_blind_raw(c->pKeys, "id_number", n.zIdNumber, aIdx);
    if ((rc = check_new_id(c->pDb, aIdx, 0, pErr))) return rc;
    sealed_make(c, 0, &n, 0, &s);
    memcpy(s.aIdIdx, aIdx, VAULT_IDX_LEN);
    rc = db_prepare(c->pDb, &p, zInsPerson);
    if (!rc) {
        bind_person(p, 0, m, &n, &s, 0);
        db_bind_int64(p, 11, util_now());
        db_bind_text(p, 12, s.zIdMask);
        bind_opt(p, 13, s.zPhoneMask);
        rc = db_step_id(p, piPerson);
    }
    db_finalize(p);
    return rc ? member_err_db(c->pDb, pErr, rc) : ZE_OK;
}

int member_admit(Ctx *c, int64_t iPerson, int64_t iOrg, const char *zJoinedOn,
                 int64_t *piMember, Err *pErr)
{
    DbStmt *p = 0;
    int64_t iOld = 0;
    int rc;
    if ((rc = check_org(c->pDb, iOrg, pErr))) return rc;
    rc = member_of_person(c->pDb, iPerson, &iOld);
    if (rc == DB_OK) return err_set(pErr, ZE_MEMBER_EXISTS, 0, 0);
    if (rc != DB_NOTFOUND) return member_err_db(c->pDb, pErr, rc);
    rc = db_prepare(c->pDb, &p, zInsMember);
    if (!rc) {
        db_bind_int64(p, 1, iPerson);
        db_bind_int64(p, 2, iOrg);
        db_bind_text(p, 3, "probationary");
        db_bind_text(p, 4, zJoinedOn);
        db_bind_null(p, 5);
        db_bind_int64(p, 6, util_now());
        rc = db_step_id(p, piMember);
    }
    db_finalize(p);
    return rc ? member_err_db(c->pDb, pErr, rc) : ZE_OK;
}

int member_make_full(Ctx *c, int64_t iMember, const char *zFullOn, Err *pErr)
{
    int rc = db_run(c->pDb,
                    "UPDATE member SET status='full', full_on=$1, "
                    "updated_at=$2 WHERE id=$3 AND status='probationary'",
                    "tii", zFullOn, util_now(), iMember);
    return rc ? member_err_db(c->pDb, pErr, rc) : ZE_OK;
}

/* Columns of the stored state loaded by cur_load(), after the ids. */
enum {
    CUR_NAME,
    CUR_GENDER,
    CUR_ETHNICITY,
    CUR_BIRTH,
    CUR_IDENC,
    CUR_PHONEENC,
    CUR_EDUCATION,
    CUR_JOB,
    CUR_STATUS,
    CUR_JOINED,
    CUR_FULL,
    CUR_COUNT
};

/* The stored state of one member, for member_update(). */
typedef struct Cur {
    int64_t iPerson;     /* person.id */
    int64_t iOrg;        /* member.org_id */
    char *az[CUR_COUNT]; /* text columns (CUR_*), NULL for SQL NULL; owned
                         ** (CUR_IDENC and CUR_PHONEENC are binary: NULL) */
    char *zIdPlain;      /* decrypted ID number; owned */
    char *zPhonePlain;   /* decrypted phone or NULL; owned */
} Cur;

static void cur_free(Cur *p)
{
    for (int i = 0; i < CUR_COUNT; i++)
        free(p->az[i]);
    free(p->zIdPlain);
    free(p->zPhonePlain);
}

/* Load member iMember into *p.  Returns DB_OK, DB_NOTFOUND or an error. */
static int cur_load(Ctx *c, int64_t iMember, Cur *p)
{
    DbStmt *s = 0;
    memset(p, 0, sizeof *p);
    int rc = db_prepare_bind(
        c->pDb, &s,
        "SELECT m.person_id, m.org_id, p.name, p.gender, p.ethnicity,"
        " p.birth_date, p.id_number_enc, p.phone_enc,"
        " p.education, p.job, m.status, m.joined_on, m.full_on"
        " FROM member m JOIN person p ON p.id=m.person_id WHERE m.id=$1",
        "i", iMember);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        p->iPerson = db_col_int64(s, 0);
        p->iOrg = db_col_int64(s, 1);
        for (int i = 0; i < CUR_COUNT; i++)
            if (i != CUR_IDENC && i != CUR_PHONEENC)
                p->az[i] = xstrdup(db_col_text(s, i + 2));
        int nId = 0, nPhone = 0;
        const void *aId = db_col_blob(s, CUR_IDENC + 2, &nId);
        if (vault_open_raw(c->pKeys, aId, (size_t)nId, &p->zIdPlain))
            log_msg(LOG_ERROR, "member %lld: id_number does not open",
                    (long long)iMember);
        const void *aPhone = db_col_is_null(s, CUR_PHONEENC + 2)
                                 ? 0
                                 : db_col_blob(s, CUR_PHONEENC + 2, &nPhone);
        if (aPhone &&
            vault_open_raw(c->pKeys, aPhone, (size_t)nPhone, &p->zPhonePlain))
            log_msg(LOG_ERROR, "member %lld: phone does not open",
                    (long long)iMember);
        rc = DB_OK;
    } else if (rc == DB_DONE) {
        rc = DB_NOTFOUND;
    }
    db_finalize(s);
    return rc;
}

/* True when zNew is the masked form of zPlain (the UI echoing a mask). */
static int is_mask_of(const char *zNew, const char *zPlain, int bPhone)
{
    char zMask[19];
    if (!zNew || !zPlain || !strchr(zNew, '*')) return 0;
    if (bPhone)
        phone_mask(zPlain, zMask);
    else
        idcard_mask(zPlain, zMask);
    return strcmp(zNew, zMask) == 0;
}

static int same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Append zField to the comma list in b when a and b differ. */
static void note_change(Buf *pList, const char *zField, const char *a,
                        const char *b)
{
    if (same(a, b)) return;
    buf_appendf(pList, "%s%s", pList->n ? "," : "fields=", zField);
}

/* Merge the patch into the current state (pointers borrowed from both). */
static void merge(const Cur *k, const MemberRec *pPatch, MemberRec *m)
{
    const MemberRec *q = pPatch;
    int bNewId = q->zIdNumber && !is_mask_of(q->zIdNumber, k->zIdPlain, 0);
    m->iOrg = q->iOrg ? q->iOrg : k->iOrg;
    m->zName = q->zName ? q->zName : k->az[CUR_NAME];
    m->zIdNumber = bNewId ? q->zIdNumber : k->zIdPlain;
    m->zGender = q->zGender ? q->zGender : bNewId ? 0 : k->az[CUR_GENDER];
    m->zBirth = q->zBirth ? q->zBirth : bNewId ? 0 : k->az[CUR_BIRTH];
    m->zPhone = q->zPhone && !is_mask_of(q->zPhone, k->zPhonePlain, 1)
                    ? q->zPhone
                    : k->zPhonePlain;
    m->zEthnicity = q->zEthnicity ? q->zEthnicity : k->az[CUR_ETHNICITY];
    m->zEducation = q->zEducation ? q->zEducation : k->az[CUR_EDUCATION];
    m->zJob = q->zJob ? q->zJob : k->az[CUR_JOB];
    m->zStatus = q->zStatus ? q->zStatus : k->az[CUR_STATUS];
    m->zJoinedOn = q->zJoinedOn ? q->zJoinedOn : k->az[CUR_JOINED];
    if (q->zFullOn)
        m->zFullOn = q->zFullOn;
    else if (m->zStatus && strcmp(m->zStatus, "probationary") == 0)
        m->zFullOn = 0;
    else
        m->zFullOn = k->az[CUR_FULL];
}

/* Run zSql (UPDATE person ... WHERE id=$1) with the sealed value aEnc[0..n)
** in $2, the blind index aIdx in $3 (both NULL when n is 0). */
static int write_secret(Db *pDb, const char *zSql, int64_t iPerson,
                        const unsigned char *aEnc, size_t n,
                        const unsigned char *aIdx)
{
    DbStmt *p = 0;
    int rc = db_prepare(pDb, &p, zSql);
    if (rc) return rc;
    db_bind_int64(p, 1, iPerson);
    bind_bytes(p, 2, aEnc, n, 0);
    bind_bytes(p, 3, aIdx, n ? VAULT_IDX_LEN : 0, 0);
    rc = db_step(p) == DB_DONE ? DB_OK : db_errcode(pDb);
    db_finalize(p);
    return rc;
}

/* Write the merged record.  New seals only for a changed ID (aIdx not
** NULL: its new blind index) and phone; the masks always follow the
** current values. */
static int write_update(Ctx *c, int64_t iMember, const Cur *k,
                        const MemberRec *m, const MemberNorm *n,
                        const unsigned char *aIdx)
{
    Sealed sl;
    int64_t tNow = util_now();
    int bPhone = !same(n->zPhone, k->zPhonePlain);
    char zIdMask[19], zPhoneMask[12] = "";
    int rc;
    idcard_mask(n->zIdNumber, zIdMask);
    if (n->zPhone[0]) phone_mask(n->zPhone, zPhoneMask);
    DbStmt *p = 0;
    rc = db_prepare(c->pDb, &p,
                    "UPDATE person SET name=$2, gender=$3, ethnicity=$4,"
                    " birth_date=$5, id_number_mask=$6, phone_mask=$7,"
                    " education=$8, job=$9, updated_at=$10 WHERE id=$1");
    if (!rc) {
        db_bind_int64(p, 1, k->iPerson);
        db_bind_text(p, 2, m->zName);
        db_bind_text(p, 3, n->zGender);
        bind_opt(p, 4, m->zEthnicity);
        db_bind_text(p, 5, n->zBirth);
        db_bind_text(p, 6, zIdMask);
        bind_opt(p, 7, zPhoneMask);
        bind_opt(p, 8, m->zEducation);
        bind_opt(p, 9, m->zJob);
        db_bind_int64(p, 10, tNow);
        rc = db_step(p) == DB_DONE ? DB_OK : db_errcode(c->pDb);
    }
    db_finalize(p);
    if (rc) return rc;
    if (aIdx || bPhone) {
        sealed_make(c, 0, n, !aIdx, &sl);
        if (aIdx)
            rc = write_secret(c->pDb,
                              "UPDATE person SET id_number_enc=$2,"
                              " id_number_idx=$3 WHERE id=$1",
                              k->iPerson, sl.aIdEnc, sl.nIdEnc, aIdx);
        if (!rc && bPhone)
            rc = write_secret(c->pDb,
                              "UPDATE person SET phone_enc=$2, phone_idx=$3"
                              " WHERE id=$1",
                              k->iPerson, sl.aPhoneEnc, sl.nPhoneEnc,
                              sl.aPhoneIdx);
        if (rc) return rc;
    }
    rc = db_prepare(c->pDb, &p,
                    "UPDATE member SET org_id=$2, status=$3, joined_on=$4,"
                    " full_on=$5, updated_at=$6 WHERE id=$1");
    if (rc) return rc;
    db_bind_int64(p, 1, iMember);
    db_bind_int64(p, 2, m->iOrg);
    db_bind_text(p, 3, m->zStatus);
    db_bind_text(p, 4, n->zJoinedOn);
    bind_opt(p, 5, n->zFullOn);
    db_bind_int64(p, 6, tNow);
    rc = db_step(p) == DB_DONE ? DB_OK : db_errcode(c->pDb);
    db_finalize(p);
    return rc;
}

/* The audit detail of an update: "fields=a,b" (no values), "" if none. */
static void change_list(const Cur *k, const MemberRec *m, const MemberNorm *n,
                        Buf *b)
{
    char zOrg[2][24];
    snprintf(zOrg[0], sizeof zOrg[0], "%lld", (long long)k->iOrg);
    snprintf(zOrg[1], sizeof zOrg[1], "%lld", (long long)m->iOrg);
    note_change(b, "org_id", zOrg[0], zOrg[1]);
    note_change(b, "name", k->az[CUR_NAME], m->zName);
    note_change(b, "id_number", k->zIdPlain, n->zIdNumber);
    note_change(b, "gender", k->az[CUR_GENDER], n->zGender);
    note_change(b, "birth_date", k->az[CUR_BIRTH], n->zBirth);
    note_change(b, "phone", k->zPhonePlain, n->zPhone);
    note_change(b, "ethnicity", k->az[CUR_ETHNICITY], m->zEthnicity);
    note_change(b, "education", k->az[CUR_EDUCATION], m->zEducation);
    note_change(b, "job", k->az[CUR_JOB], m->zJob);
    note_change(b, "status", k->az[CUR_STATUS], m->zStatus);
    note_change(b, "joined_on", k->az[CUR_JOINED], n->zJoinedOn);
    note_change(b, "full_on", k->az[CUR_FULL], n->zFullOn);
}

int member_update(Ctx *c, int64_t iMember, const MemberRec *pPatch, Err *pErr)
{
    Cur k;
    MemberRec m;
    MemberNorm n;
    Buf list = BUF_INIT;
    char zToday[11];
    unsigned char aIdx[VAULT_IDX_LEN];
    const unsigned char *pIdx = 0; /* aIdx when the ID number changes */
    int rc = db_begin(c->pDb);
    if (rc) return member_err_db(c->pDb, pErr, rc);
    rc = cur_load(c, iMember, &k);
    if (rc) {
        db_rollback(c->pDb);
        cur_free(&k);
        return rc == DB_NOTFOUND ? err_set(pErr, ZE_NOT_FOUND, 0, 0)
                                 : member_err_db(c->pDb, pErr, rc);
    }
    memset(&m, 0, sizeof m);
    merge(&k, pPatch, &m);
    util_today(zToday);
    if ((rc = member_validate(&m, zToday, &n, pErr))) goto cleanup;
    if (m.iOrg != k.iOrg && (rc = check_org(c->pDb, m.iOrg, pErr)))
        goto cleanup;
    if (!same(n.zIdNumber, k.zIdPlain)) {
        vault_blind_raw(c->pKeys, "id_number", n.zIdNumber, aIdx);
        pIdx = aIdx;
        if ((rc = check_new_id(c->pDb, aIdx, k.iPerson, pErr))) goto cleanup;
    }
    change_list(&k, &m, &n, &list);
    if (list.n == 0) goto cleanup; /* nothing to write */
    if ((rc = write_update(c, iMember, &k, &m, &n, pIdx)) ||
        (rc = audit_log(c, "member.update", "member", iMember, buf_str(&list))))
        rc = member_err_db(c->pDb, pErr, rc);
cleanup:
    buf_free(&list);
    cur_free(&k);
    if (rc) {
        db_rollback(c->pDb);
        return rc;
    }
    if ((rc = db_commit(c->pDb))) {
        db_rollback(c->pDb);
        return member_err_db(c->pDb, pErr, rc);
    }
    return ZE_OK;
}

int member_org(Db *pDb, int64_t iMember, int64_t *piOrg)
{
    return db_one_int64(pDb, piOrg, "SELECT org_id FROM member WHERE id=$1",
                        "i", iMember);
}

int member_of_person(Db *pDb, int64_t iPerson, int64_t *piMember)
{
    return db_one_int64(pDb, piMember,
                        "SELECT id FROM member WHERE person_id=$1", "i",
                        iPerson);
}

/* ---- reading ---- */

/* The columns row_read() reads.  Masked reads fetch the sealed values only
** for rows without a stored mask (sorting a page then moves fewer bytes). */
#define MEMBER_SELECT_A                                                        \
    "SELECT m.id, m.person_id, m.org_id, o.name, p.name, p.gender,"            \
    " p.ethnicity, p.birth_date,"
#define MEMBER_SELECT_B                                                        \
    " p.education,"                                                            \
    " p.job, m.status, m.joined_on, m.full_on, m.rights_suspended,"            \
    " p.id_number_mask, p.phone_mask, m.membership"                            \
    " FROM member m JOIN person p ON p.id=m.person_id"                         \
    " JOIN org o ON o.id=m.org_id"
#define MEMBER_SELECT_UNMASKED                                                 \
    MEMBER_SELECT_A " p.id_number_enc, p.phone_enc," MEMBER_SELECT_B
#define MEMBER_SELECT_MASKED                                                   \
    MEMBER_SELECT_A                                                            \
    " CASE WHEN p.id_number_mask IS NULL THEN p.id_number_enc END,"            \
    " CASE WHEN p.phone_mask IS NULL THEN p.phone_enc END," MEMBER_SELECT_B
#define MEMBER_SELECT(bUnmask)                                                 \
    ((bUnmask) ? MEMBER_SELECT_UNMASKED : MEMBER_SELECT_MASKED)

void member_clear(Member *p)
{
    if (!p) return;
    free(p->zStore); /* every string of the row */
    free(p->aPost);
    /* Field by field: a memset of the struct compiles to "rep stosq",
    ** slow for its size, and this runs for every row of a roster. */
    p->zOrgName = p->zName = p->zGender = p->zEthnicity = p->zBirth = 0;
    p->zIdNumber = p->zPhone = p->zEducation = p->zJob = p->zStatus = 0;
    p->zJoinedOn = p->zFullOn = p->zStore = 0;
    p->aPost = 0;
    p->iId = p->iPerson = p->iOrg = 0;
    p->nAge = p->bVotingRight = p->bMasked = p->nPost = 0;
}

/* Decrypt the sealed column iSealed of p (binary, vault_seal_raw(); NULL
** gives NULL) and mask it unless bUnmask, into
** zOut[32] (ID numbers and phones are shorter), or point *pz at the stored
** masked form zStored when there is one, so masked reads decrypt nothing.
** *pz gets NULL, zOut or zStored (borrowed).  A value that does not open is
** logged and shown as stars. */
static void reveal(Ctx *c, DbStmt *p, int iSealed, const char *zStored,
                   int bUnmask, int bPhone, char zOut[32], const char **pz)
{
    char *zPlain = 0;
    int nSealed = 0;
    *pz = 0;
    if (!bUnmask && zStored) {
        *pz = zStored;
        return;
    }
    if (db_col_is_null(p, iSealed)) return;
    const void *aSealed = db_col_blob(p, iSealed, &nSealed);
    if (vault_open_raw(c->pKeys, aSealed, (size_t)nSealed, &zPlain)) {
        log_msg(LOG_ERROR, "member: sealed %s does not open",
                bPhone ? "phone" : "id_number");
        zPlain = 0;
    }
    if (bUnmask && zPlain && strlen(zPlain) < 32)
        snprintf(zOut, 32, "%s", zPlain);
    else if (bPhone)
        phone_mask(zPlain ? zPlain : "", zOut);
    else
        idcard_mask(zPlain ? zPlain : "", zOut);
    free(zPlain);
    *pz = zOut;
}

/* Copy the strings az[0..n) (NULL stays NULL) into one block *pzStore
** (caller frees), pointing *apOut[i] at each copy. */
static void pack_strings(const char *const *az, char **apOut[], int n,
                         char **pzStore)
{
    size_t nAll = 0, an[16];
    assert(n <= 16);
    for (int i = 0; i < n; i++) {
        an[i] = az[i] ? strlen(az[i]) + 1 : 0;
        nAll += an[i];
    }
    char *z = *pzStore = xmalloc(nAll ? nAll : 1);
    for (int i = 0; i < n; i++) {
        *apOut[i] = az[i] ? memcpy(z, az[i], an[i]) : 0;
        z += an[i];
    }
}

/* Fill *m from the current row of p (MEMBER_SELECT(bUnmask)).  The strings are
** copied into one block, m->zStore. */
static void row_read(Ctx *c, DbStmt *p, int bUnmask, int iToday, Member *m)
{
    int iBirth = 0;
    char zId[32], zPhone[32];
    const char *az[12];
    m->aPost = 0; /* every other field is set below */
    m->nPost = m->nAge = 0;
    m->iId = db_col_int64(p, 0);
    m->iPerson = db_col_int64(p, 1);
    m->iOrg = db_col_int64(p, 2);
    reveal(c, p, 8, db_col_text(p, 16), bUnmask, 0, zId, &az[5]);
    reveal(c, p, 9, db_col_text(p, 17), bUnmask, 1, zPhone, &az[6]);
    az[0] = db_col_text(p, 3);
    az[1] = db_col_text(p, 4);
    az[2] = db_col_text(p, 5);
    az[3] = db_col_text(p, 6);
    az[4] = db_col_text(p, 7);
    for (int i = 7; i < 12; i++)
        az[i] = db_col_text(p, i + 3);
    char **apOut[12] = {&m->zOrgName,   &m->zName,      &m->zGender,
                        &m->zEthnicity, &m->zBirth,     &m->zIdNumber,
                        &m->zPhone,     &m->zEducation, &m->zJob,
                        &m->zStatus,    &m->zJoinedOn,  &m->zFullOn};
    pack_strings(az, apOut, 12, &m->zStore);
    snprintf(m->zShip, sizeof m->zShip, "%s",
             db_col_text(p, 18) ? db_col_text(p, 18) : "active");
    m->bVotingRight = m->zStatus && strcmp(m->zStatus, "full") == 0 &&
                      db_col_int64(p, 15) == 0 &&
                      strcmp(m->zShip, "active") == 0;
    m->bMasked = !bUnmask;
    if (m->zBirth && cal_parse(m->zBirth, &iBirth) == 0)
        m->nAge = cal_age_on(iBirth, iToday);
}

static int posts_batch(Db *pDb, Member *aM, int n);

int member_get(Ctx *c, int64_t iMember, int bUnmask, Member *pOut)
{
    DbStmt *p = 0;
    memset(pOut, 0, sizeof *pOut);
    Buf sql = BUF_INIT;
    buf_appends(&sql, MEMBER_SELECT(bUnmask));
    buf_appends(&sql, " WHERE m.id=$1");
    int rc = db_prepare_bind(c->pDb, &p, buf_str(&sql), "i", iMember);
    buf_free(&sql);
    if (rc) return rc;
    rc = db_step(p);
    if (rc == DB_ROW) {
        row_read(c, p, bUnmask, cal_today(), pOut);
        rc = posts_batch(c->pDb, pOut, 1);
    } else if (rc == DB_DONE) {
        rc = DB_NOTFOUND;
    }
    db_finalize(p);
    if (rc) member_clear(pOut);
    return rc;
}

int member_sort_ok(const char *zSort)
{
    if (!zSort) return 0;
    if (*zSort == '-') zSort++;
    return strcmp(zSort, "name") == 0 || strcmp(zSort, "birth_date") == 0 ||
           strcmp(zSort, "joined_on") == 0;
}

/* Query parameters collected while building SQL. */
typedef struct Params {
    int n;              /* parameters so far */
    char aType[16];     /* 't' or 'i' */
    const char *az[16]; /* text values, borrowed */
    int64_t ai[16];     /* integer values */
} Params;

/* Add a text parameter; returns its $ number. */
static int param_text(Params *p, const char *z)
{
    p->aType[p->n] = 't';
    p->az[p->n] = z;
    return ++p->n;
}

static int param_int(Params *p, int64_t v)
{
    p->aType[p->n] = 'i';
    p->ai[p->n] = v;
    return ++p->n;
}

static void params_bind(const Params *p, DbStmt *s)
{
    for (int i = 0; i < p->n; i++) {
        if (p->aType[i] == 'i')
            db_bind_int64(s, i + 1, p->ai[i]);
        else
            db_bind_text(s, i + 1, p->az[i]);
    }
}

/* The latest birth date (day number) of someone at least nAge years old
** on iToday (rules §9: a 02-29 birthday counts on 02-28). */
static int birth_bound(int iToday, int nAge)
{
    int x = cal_add_years(iToday, -nAge);
    while (cal_age_on(x, iToday) < nAge)
        x = cal_add_days(x, -1);
    while (cal_age_on(cal_add_days(x, 1), iToday) >= nAge)
        x = cal_add_days(x, 1);
    return x;
}

/* Strings a filter's SQL refers to, kept alive while it runs. */
typedef struct FilterBuf {
    char zLo[256], zHi[256]; /* subtree bounds */
    Buf like;                /* the name pattern */
    char zMin[11], zMax[11]; /* birth date bounds */
} FilterBuf;

/* Append the WHERE clause for org iOrg and f to pSql, collecting the
** parameters in pPar.  Returns DB_OK or DB_NOTFOUND/error for the org. */
static int filter_sql(Db *pDb, int64_t iOrg, const MemberFilter *f,
                      FilterBuf *fb, Buf *pSql, Params *pPar)
{
    if (f->zPath) {
        snprintf(fb->zLo, sizeof fb->zLo, "%s", f->zPath);
    } else {
        int rc = auth_org_path(pDb, iOrg, fb->zLo);
        if (rc) return rc;
    }
    auth_path_upper(fb->zLo, fb->zHi);
    buf_appendf(pSql, " WHERE o.path >= $%d", param_text(pPar, fb->zLo));
    buf_appendf(pSql, " AND o.path < $%d", param_text(pPar, fb->zHi));
    if (f->zStatus && *f->zStatus)
        buf_appendf(pSql, " AND m.status = $%d", param_text(pPar, f->zStatus));
    /* 党籍: members not active are shown only when asked for (T10) */
    if (!f->zShip || !*f->zShip)
        buf_appends(pSql, " AND m.membership = 'active'");
    else if (strcmp(f->zShip, "all") != 0)
        buf_appendf(pSql, " AND m.membership = $%d",
                    param_text(pPar, f->zShip));
    if (f->zGender && *f->zGender)
        buf_appendf(pSql, " AND p.gender = $%d", param_text(pPar, f->zGender));
    if (f->zEducation && *f->zEducation)
        buf_appendf(pSql, " AND p.education = $%d",
                    param_text(pPar, f->zEducation));
    if (f->zName && *f->zName) {
        buf_append(&fb->like, "%", 1);
        for (const char *z = f->zName; *z; z++) {
            char ch = *z >= 'A' && *z <= 'Z' ? (char)(*z + 32) : *z;
            if (ch == '%' || ch == '_' || ch == '\\')
                buf_append(&fb->like, "\\", 1);
            buf_append(&fb->like, &ch, 1);
        }
        buf_append(&fb->like, "%", 1);
        buf_appendf(pSql, " AND lower(p.name) LIKE $%d ESCAPE '\\'",
                    param_text(pPar, buf_str(&fb->like)));
    }
    int iToday = cal_today();
    if (f->nAgeMin >= 0) {
        cal_format(birth_bound(iToday, f->nAgeMin), fb->zMin);
        buf_appendf(pSql, " AND p.birth_date <= $%d",
                    param_text(pPar, fb->zMin));
    }
    if (f->nAgeMax >= 0) {
        cal_format(birth_bound(iToday, f->nAgeMax + 1), fb->zMax);
        buf_appendf(pSql, " AND p.birth_date > $%d",
                    param_text(pPar, fb->zMax));
    }
    return DB_OK;
}

/* ORDER BY for a member_sort_ok() value (NULL = name); ties by id. */
static const char *order_sql(const char *zSort)
{
    static const char *const az[][2] = {
        {"name", " ORDER BY p.name, m.id"},
        {"-name", " ORDER BY p.name DESC, m.id"},
        {"birth_date", " ORDER BY p.birth_date, m.id"},
        {"-birth_date", " ORDER BY p.birth_date DESC, m.id"},
        {"joined_on", " ORDER BY coalesce(m.joined_on,''), m.id"},
        {"-joined_on", " ORDER BY coalesce(m.joined_on,'') DESC, m.id"},
    };
    for (int i = 0; zSort && i < COUNT(az); i++)
        if (strcmp(zSort, az[i][0]) == 0) return az[i][1];
    return az[0][1];
}

#define POSTS_BATCH 50 /* people whose posts one query loads */

/* The posts query for POSTS_BATCH people; posts_batch() cuts the list
** short after $n. */
static const char zPostsSql[] =
    "SELECT person_id, id, org_id, role FROM post"
    " WHERE ended=0 AND person_id IN ("
    "$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,"
    "$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31,$32,$33,$34,"
    "$35,$36,$37,$38,$39,$40,$41,$42,$43,$44,$45,$46,$47,$48,$49,$50";

/* People whose ids span less than this many times their number have their
** posts read with one range scan (people added together have close ids). */
#define POSTS_RANGE 4

/*
** Load the current posts of the members aM[0..n) (1..POSTS_BATCH) with one
** query: a range scan "person_id BETWEEN lo AND hi" when their ids are
** close together (rows of other people in the range are skipped here),
** else "person_id IN ($1..$n)" (one cached statement per n: a page is
** usually the same size), which costs an index seek per person.  Each
** member's list is kept in post id order.  Returns DB_OK or an error.
*/
static int posts_batch(Db *pDb, Member *aM, int n)
{
    DbStmt *p = 0;
    char zSql[sizeof zPostsSql + 1];
    int64_t iLo = aM[0].iPerson, iHi = aM[0].iPerson;
    int rc;
    assert(n >= 1 && n <= POSTS_BATCH);
    for (int i = 1; i < n; i++) {
        if (aM[i].iPerson < iLo) iLo = aM[i].iPerson;
        if (aM[i].iPerson > iHi) iHi = aM[i].iPerson;
    }
    if (n > 1 && iHi - iLo < (int64_t)POSTS_RANGE * n) {
        rc = db_prepare(pDb, &p,
                        "SELECT person_id, id, org_id, role FROM post"
                        " WHERE ended=0 AND person_id BETWEEN $1 AND $2");
        if (rc) return rc;
        db_bind_int64(p, 1, iLo);
        db_bind_int64(p, 2, iHi);
    } else {
        const char *z = strchr(zPostsSql, '('); /* cut at the n-th comma */
        for (int k = 0; *++z;)
            if (*z == ',' && ++k == n) break;
        size_t nHead = (size_t)(z - zPostsSql);
        memcpy(zSql, zPostsSql, nHead);
        memcpy(zSql + nHead, ")", 2);
        if ((rc = db_prepare(pDb, &p, zSql))) return rc;
        for (int i = 0; i < n; i++)
            db_bind_int64(p, i + 1, aM[i].iPerson);
    }
    while ((rc = db_step(p)) == DB_ROW) {
        int64_t iPerson = db_col_int64(p, 0), iPost = db_col_int64(p, 1);
        for (int i = 0; i < n; i++) {
            Member *m = &aM[i];
            if (m->iPerson != iPerson) continue;
            m->aPost = xrealloc(m->aPost, sizeof(MemberPost) * (m->nPost + 1));
            int j = m->nPost++;
            for (; j > 0 && m->aPost[j - 1].iId > iPost; j--) /* by id */
                m->aPost[j] = m->aPost[j - 1];
            MemberPost *q = &m->aPost[j];
            q->iId = iPost;
            q->iOrg = db_col_int64(p, 2);
            snprintf(q->zRole, sizeof q->zRole, "%s", db_col_text(p, 3));
        }
    }
    db_finalize(p);
    return rc == DB_DONE ? DB_OK : rc;
}

/* Hand aM[0..n) to xRow after loading their posts when bPosts, and clear
** them.  Returns DB_OK, a DB error or xRow's nonzero value. */
static int rows_flush(Db *pDb, Member *aM, int n, int bPosts, MemberRowFn xRow,
                      void *pArg)
{
    int rc = bPosts && n > 0 ? posts_batch(pDb, aM, n) : DB_OK;
    for (int i = 0; i < n; i++) {
        if (!rc) rc = xRow(pArg, &aM[i]);
        member_clear(&aM[i]);
    }
    return rc;
}

/* member_page(): subtrees of up to this many (matching) members are read
** unsorted, counted and sorted here: SQLite's ORDER BY ... LIMIT builds a
** temporary b-tree of whole rows, which cost as much as the rest of the
** query, and the count query is not needed. */
#define MEMBER_SORT_IN_C 500

/* The sort key of m for order_sql() value zSort (NULL = name). */
static const char *sort_key(const Member *m, const char *zSort)
{
    if (zSort && *zSort == '-') zSort++;
    if (zSort && strcmp(zSort, "birth_date") == 0) return m->zBirth;
    if (zSort && strcmp(zSort, "joined_on") == 0)
        return m->zJoinedOn ? m->zJoinedOn : ""; /* coalesce(...,'') */
    return m->zName;
}

/* qsort_r() comparison in the order order_sql() gives in SQL: the key
** compared bytewise (SQLite's BINARY collation; PostgreSQL's "C", which
** person.name uses, and dates are ASCII), descending for a '-' sort, then
** member id ascending. */
static int row_cmp(const void *pA, const void *pB, void *pArg)
{
    const char *zSort = pArg;
    const Member *a = pA, *b = pB;
    const char *x = sort_key(a, zSort), *y = sort_key(b, zSort);
    int c = strcmp(x ? x : "", y ? y : "");
    if (c) return zSort && *zSort == '-' ? -c : c;
    return a->iId < b->iId ? -1 : a->iId > b->iId;
}

/* Hand aM[iFrom..iTo) to xRow in groups of POSTS_BATCH (posts loaded per
** group when bPosts).  Clears every row of aM[0..n).  Returns DB_OK, a DB
** error or xRow's nonzero value. */
static int rows_page(Db *pDb, Member *aM, int n, int iFrom, int iTo, int bPosts,
                     MemberRowFn xRow, void *pArg)
{
    int rc = DB_OK;
    for (int i = iFrom; i < iTo && !rc; i += POSTS_BATCH) {
        int k = iTo - i < POSTS_BATCH ? iTo - i : POSTS_BATCH;
        rc = rows_flush(pDb, aM + i, k, bPosts, xRow, pArg);
    }
    for (int i = 0; i < n; i++)
        member_clear(&aM[i]);
    return rc;
}

/*
** member_page() for a small subtree: every matching row is read without
** ORDER BY (at most MEMBER_SORT_IN_C), counted into *pnTotal, sorted with
** row_cmp() and paged here.  *pbDone is 0 (nothing sent) when there are
** more rows: the caller then counts and lets SQL sort.
*/
static int list_sorted_here(Ctx *c, const MemberFilter *f, int bUnmask,
                            int bPosts, MemberRowFn xRow, void *pArg,
                            const char *zWhere, Params *pPar, int *pbDone,
                            int64_t *pnTotal)
{
    Buf sql = BUF_INIT;
    DbStmt *p = 0;
    int nMax = MEMBER_SORT_IN_C, n = 0;
    Member *aM = xmalloc(sizeof(Member) * (size_t)nMax);
    *pbDone = 0;
    buf_appends(&sql, MEMBER_SELECT(bUnmask));
    buf_appends(&sql, zWhere);
    buf_appendf(&sql, " LIMIT %d", nMax + 1);
    int rc = db_prepare(c->pDb, &p, buf_str(&sql));
    buf_free(&sql);
    if (!rc) {
        int iToday = cal_today();
        params_bind(pPar, p);
        while ((rc = db_step(p)) == DB_ROW && n < nMax)
            row_read(c, p, bUnmask, iToday, &aM[n++]);
        if (rc == DB_ROW) { /* too many now: leave it to SQL */
            db_finalize(p);
            rows_page(c->pDb, aM, n, 0, 0, 0, xRow, pArg);
            free(aM);
            return DB_OK;
        }
        db_finalize(p);
    }
    if (rc != DB_DONE) {
        rows_page(c->pDb, aM, n, 0, 0, 0, xRow, pArg);
        free(aM);
        return rc ? rc : DB_ERROR;
    }
    *pbDone = 1;
    *pnTotal = n;
    qsort_r(aM, (size_t)n, sizeof(Member), row_cmp, (void *)f->zSort);
    int64_t iFrom = f->nOffset < n ? f->nOffset : n;
    int64_t iTo =
        f->nLimit > 0 && f->nLimit < n - iFrom ? iFrom + f->nLimit : n;
    rc = rows_page(c->pDb, aM, n, (int)iFrom, (int)iTo, bPosts, xRow, pArg);
    free(aM);
    return rc;
}

/* member_list(), and member_page() when pnTotal is not NULL. */
static int list_rows(Ctx *c, int64_t iOrg, const MemberFilter *f, int bUnmask,
                     int bPosts, MemberRowFn xRow, void *pArg, int64_t *pnTotal)
{
    Buf sql = BUF_INIT, where = BUF_INIT;
    FilterBuf fb;
    Params par;
    DbStmt *p = 0;
    Member aM[POSTS_BATCH];
    int nM = 0;
    fb.like = (Buf)BUF_INIT; /* the rest is set before use */
    par.n = 0;
    int rc = filter_sql(c->pDb, iOrg, f, &fb, &where, &par);
    if (rc) goto cleanup;
    if (pnTotal) {
        int bDone = 0;
        rc = list_sorted_here(c, f, bUnmask, bPosts, xRow, pArg,
                              buf_str(&where), &par, &bDone, pnTotal);
        if (rc || bDone) goto cleanup;
        if ((rc = member_count(c->pDb, iOrg, f, pnTotal))) goto cleanup;
    }
    buf_appends(&sql, MEMBER_SELECT(bUnmask));
    buf_appends(&sql, buf_str(&where));
    buf_appends(&sql, order_sql(f->zSort));
    if (f->nLimit > 0) {
        buf_appendf(&sql, " LIMIT $%d", param_int(&par, f->nLimit));
        buf_appendf(&sql, " OFFSET $%d", param_int(&par, f->nOffset));
    }
    if ((rc = db_prepare(c->pDb, &p, buf_str(&sql)))) goto cleanup;
    params_bind(&par, p);
    int iToday = cal_today();
    /* Rows go out in groups of POSTS_BATCH, so that one query loads the
    ** posts of a group (the posts statement runs once the rows are read:
    ** PostgreSQL results are complete, SQLite's cursor stays valid). */
    while ((rc = db_step(p)) == DB_ROW) {
        row_read(c, p, bUnmask, iToday, &aM[nM++]);
        if (nM < POSTS_BATCH) continue;
        rc = rows_flush(c->pDb, aM, nM, bPosts, xRow, pArg);
        nM = 0;
        if (rc) break;
    }
    if (rc == DB_DONE)
        rc = rows_flush(c->pDb, aM, nM, bPosts, xRow, pArg);
    else
        for (int i = 0; i < nM; i++)
            member_clear(&aM[i]);
cleanup:
    db_finalize(p);
    buf_free(&sql);
    buf_free(&where);
    buf_free(&fb.like);
    return rc;
}

int member_list(Ctx *c, int64_t iOrg, const MemberFilter *f, int bUnmask,
                int bPosts, MemberRowFn xRow, void *pArg)
{
    return list_rows(c, iOrg, f, bUnmask, bPosts, xRow, pArg, 0);
}

int member_page(Ctx *c, int64_t iOrg, const MemberFilter *f, MemberRowFn xRow,
                void *pArg, int64_t *pnTotal)
{
    *pnTotal = 0;
    return list_rows(c, iOrg, f, 0, 1, xRow, pArg, pnTotal);
}

int member_count(Db *pDb, int64_t iOrg, const MemberFilter *f, int64_t *pnTotal)
{
    Buf sql = BUF_INIT;
    FilterBuf fb;
    Params par;
    DbStmt *p = 0;
    fb.like = (Buf)BUF_INIT; /* the rest is set before use */
    par.n = 0;
    /* person joins only for filters on it (each member has its person) */
    int bPerson = (f->zGender && *f->zGender) ||
                  (f->zEducation && *f->zEducation) ||
                  (f->zName && *f->zName) || f->nAgeMin >= 0 || f->nAgeMax >= 0;
    buf_appends(&sql, bPerson ? "SELECT count(*) FROM member m JOIN person p"
                                " ON p.id=m.person_id JOIN org o"
                                " ON o.id=m.org_id"
                              : "SELECT count(*) FROM member m JOIN org o"
                                " ON o.id=m.org_id");
    int rc = filter_sql(pDb, iOrg, f, &fb, &sql, &par);
    if (!rc) rc = db_prepare(pDb, &p, buf_str(&sql));
    if (!rc) {
        params_bind(&par, p);
        rc = db_step(p);
        if (rc == DB_ROW) {
            *pnTotal = db_col_int64(p, 0);
            rc = DB_OK;
        }
    }
    db_finalize(p);
    buf_free(&sql);
    buf_free(&fb.like);
    return rc;
}

/* ---- import ---- */

/* Columns of the import file. */
enum {
    F_NAME,
    F_ID,
    F_GENDER,
    F_ETHNICITY,
    F_BIRTH,
    F_EDUCATION,
    F_PHONE,
    F_STATUS,
    F_JOINED,
    F_FULL,
    F_ORG,
    F_JOB,
    F_COUNT
};

/* clang-format off */
static const struct {
    const char *zHead;  /* Chinese header */
    const char *zField; /* JSON field */
    int bRequired;      /* the column must be present */
    double rWidth;      /* export column width */
} aCol[F_COUNT] = {
  { "姓名",         "name",       1, 10 },
  { "公民身份号码", "id_number",  1, 22 },
  { "性别",         "gender",     0, 6 },
  { "民族",         "ethnicity",  0, 8 },
  { "出生日期",     "birth_date", 0, 12 },
  { "学历",         "education",  0, 12 },
  { "手机号码",     "phone",      0, 14 },
  { "人员类别",     "status",     1, 10 },
  { "入党日期",     "joined_on",  1, 12 },
  { "转正日期",     "full_on",    0, 12 },
  { "所在党组织",   "org_id",     0, 24 },
  { "工作岗位",     "job",        0, 16 },
};
/* clang-format on */

/* The template has every column but 工作岗位 (job). */
#define TEMPLATE_COLUMNS 11

const char *member_template_column(int i)
{
    return i >= 0 && i < TEMPLATE_COLUMNS ? aCol[i].zHead : 0;
}

/* An org of the target subtree, for the 所在党组织 column. */
typedef struct ImpOrg {
    int64_t iId; /* org.id */
    char *zName; /* org.name; owned */
    int bLeaf;   /* branch or group */
    int bClosed; /* closed */
} ImpOrg;

/* State of one import. */
typedef struct Imp {
    Ctx *c;                /* borrowed */
    const Sheet *s;        /* borrowed */
    MemberImport *pRes;    /* borrowed */
    int aiCol[F_COUNT];    /* sheet column of each field, -1 if absent */
    int64_t iOrg;          /* target org */
    int bTargetLeaf;       /* target is a branch or group */
    ImpOrg *aOrg;          /* subtree orgs sorted by name; owned */
    const ImpOrg **apById; /* the same sorted by id; owned */
    int nOrg;              /* entries in aOrg and apById */
    char zToday[11];       /* YYYY-MM-DD */
    VaultCtx *pVault;      /* keyed crypto contexts; owned */
    int64_t iNextPerson;   /* next person id to assign, 0 = RETURNING */
    int nStepPerRow;       /* progress steps per row in this pass */
    unsigned char (*aIdx)[VAULT_IDX_LEN]; /* ID blind index per sheet row */
    unsigned char *aState;      /* per row: 0 skipped, 1 valid, 2 error */
    int *aHash;                 /* open addressing: row+1, 0 = empty */
    unsigned nHash;             /* slots, a power of two */
    MemberProgressFn xProgress; /* may be NULL */
    void *pArg;                 /* for xProgress */
    int nStep, nTotal;          /* progress */
    int nErrAlloc;              /* slots allocated in pRes->aErr */
} Imp;

/* A row's trimmed cells. */
typedef struct ImpRow ImpRow;
struct ImpRow {
    char az[F_COUNT][IMPORT_CELL]; /* trimmed text */
    int bLong[F_COUNT];            /* cell was longer than the buffer */
};

/* Copy z without leading and trailing blanks (ASCII, U+3000 ideographic
** space, U+00A0) into zOut[IMPORT_CELL].  Returns 1 when it did not fit. */
static int trim_copy(const char *z, char *zOut)
{
    size_t n = strlen(z);
    for (;;) {
        if (n && is_blank(*z)) {
            z++, n--;
        } else if (n >= 3 && memcmp(z, "\xe3\x80\x80", 3) == 0) {
            z += 3, n -= 3;
        } else if (n >= 2 && memcmp(z, "\xc2\xa0", 2) == 0) {
            z += 2, n -= 2;
        } else {
            break;
        }
    }
    for (;;) {
        if (n && is_blank(z[n - 1])) {
            n--;
        } else if (n >= 3 && memcmp(z + n - 3, "\xe3\x80\x80", 3) == 0) {
            n -= 3;
        } else if (n >= 2 && memcmp(z + n - 2, "\xc2\xa0", 2) == 0) {
            n -= 2;
        } else {
            break;
        }
    }
    if (n >= IMPORT_CELL) {
        memcpy(zOut, z, IMPORT_CELL - 1);
        zOut[IMPORT_CELL - 1] = 0;
        return 1;
    }
    memmove(zOut, z, n); /* memcpy of a bounded size became "rep movsq" */
    zOut[n] = 0;
    return 0;
}

/* Record an error for sheet row iRow (0-based) on field iField. */
static void imp_error(Imp *p, int iRow, int iField, int iCode, const char *zMsg)
{
    MemberImport *r = p->pRes;
    if (iField < 0 || iField >= F_COUNT) iField = F_NAME;
    if (r->nErr >= p->nErrAlloc) {
        p->nErrAlloc = p->nErrAlloc ? p->nErrAlloc * 2 : 64;
        r->aErr = xrealloc(r->aErr, sizeof(MemberImportError) * p->nErrAlloc);
    }
    MemberImportError *e = &r->aErr[r->nErr++];
    e->iRow = iRow + 1;
    e->zColumn = aCol[iField].zHead;
    e->zField = aCol[iField].zField;
    e->iCode = iCode;
    e->zMsg = xstrdup(zMsg ? zMsg : errcode_get(iCode)->zMsg);
    p->aState[iRow] = 2;
}

/* The column index of a JSON field name (F_NAME when unknown). */
static int field_index(const char *zField)
{
    for (int i = 0; zField && i < F_COUNT; i++)
        if (strcmp(aCol[i].zField, zField) == 0) return i;
    return F_NAME;
}

/* Match the header row.  Returns ZE_OK or ZE_IMPORT_HEADER (message in
** pRes->zMsg). */
static int imp_header(Imp *p)
{
    MemberImport *r = p->pRes;
    char zCell[IMPORT_CELL];
    Buf missing = BUF_INIT;
    for (int f = 0; f < F_COUNT; f++)
        p->aiCol[f] = -1;
    for (int i = 0; i < p->s->anCol[0]; i++) {
        trim_copy(sheet_cell(p->s, 0, i), zCell);
        if (!zCell[0]) continue;
        int f = 0;
        while (f < F_COUNT && strcmp(aCol[f].zHead, zCell) != 0)
            f++;
        if (f == F_COUNT) {
            r->azUnknown =
                xrealloc(r->azUnknown, sizeof(char *) * (r->nUnknown + 1));
            r->azUnknown[r->nUnknown++] = xstrdup(zCell);
        } else if (p->aiCol[f] >= 0) {
            r->zMsg = xprintf("列“%s”重复出现", zCell);
            return ZE_IMPORT_HEADER;
        } else {
            p->aiCol[f] = i;
        }
    }
    for (int f = 0; f < F_COUNT; f++)
        if (aCol[f].bRequired && p->aiCol[f] < 0)
            buf_appendf(&missing, "%s%s", missing.n ? "、" : "", aCol[f].zHead);
    if (!p->bTargetLeaf && p->aiCol[F_ORG] < 0)
        buf_appendf(&missing, "%s所在党组织", missing.n ? "、" : "");
    if (missing.n) {
        r->zMsg = xprintf("缺少必需的列：%s", buf_str(&missing));
        buf_free(&missing);
        return ZE_IMPORT_HEADER;
    }
    return ZE_OK;
}

static int org_cmp(const void *a, const void *b)
{
    const ImpOrg *x = a, *y = b;
    int c = strcmp(x->zName, y->zName);
    if (c) return c;
    return x->iId < y->iId ? -1 : x->iId > y->iId;
}

static int org_id_cmp(const void *a, const void *b)
{
    const ImpOrg *x = *(const ImpOrg *const *)a;
    const ImpOrg *y = *(const ImpOrg *const *)b;
    return x->iId < y->iId ? -1 : x->iId > y->iId;
}

/* Load the target org and its subtree.  Returns ZE_OK, ZE_NOT_FOUND,
** ZE_ORG_CLOSED, or a DB error as ZE_INTERNAL/ZE_DB_BUSY. */
static int imp_orgs(Imp *p, Err *pErr)
{
    char zPath[256], zHi[256];
    DbStmt *s = 0;
    Db *pDb = p->c->pDb;
    int rc = auth_org_path(pDb, p->iOrg, zPath);
    if (rc == DB_NOTFOUND) return err_set(pErr, ZE_NOT_FOUND, 0, 0);
    if (rc) return member_err_db(pDb, pErr, rc);
    auth_path_upper(zPath, zHi);
    rc = db_prepare_bind(pDb, &s,
                         "SELECT id, name, kind, closed FROM org"
                         " WHERE path >= $1 AND path < $2",
                         "tt", zPath, zHi);
    int bClosed = 0;
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        const char *zKind = db_col_text(s, 2);
        p->aOrg = xrealloc(p->aOrg, sizeof(ImpOrg) * (p->nOrg + 1));
        ImpOrg *o = &p->aOrg[p->nOrg++];
        o->iId = db_col_int64(s, 0);
        o->zName = xstrdup(db_col_text(s, 1));
        o->bLeaf = strcmp(zKind, "branch") == 0 || strcmp(zKind, "group") == 0;
        o->bClosed = (int)db_col_int64(s, 3);
        if (o->iId == p->iOrg) {
            p->bTargetLeaf = o->bLeaf;
            bClosed = o->bClosed;
        }
        rc = DB_OK;
    }
    db_finalize(s);
    if (rc != DB_DONE) return member_err_db(pDb, pErr, rc);
    if (bClosed) return err_set(pErr, ZE_ORG_CLOSED, 0, 0);
    if (p->nOrg) qsort(p->aOrg, (size_t)p->nOrg, sizeof(ImpOrg), org_cmp);
    p->apById = xcalloc((size_t)p->nOrg + 1, sizeof(ImpOrg *));
    for (int i = 0; i < p->nOrg; i++)
        p->apById[i] = &p->aOrg[i];
    if (p->nOrg)
        qsort(p->apById, (size_t)p->nOrg, sizeof(ImpOrg *), org_id_cmp);
    return ZE_OK;
}

/* Resolve the 所在党组织 cell z (org id or exact name) into *piOrg. */
static int imp_org_cell(Imp *p, const char *z, int64_t *piOrg, Err *pErr)
{
    int64_t iId = 0;
    const ImpOrg *o = 0;
    if (!*z) {
        if (!p->bTargetLeaf)
            return err_set(pErr, ZE_FIELD_REQUIRED, "org_id",
                           "请填写所在党组织（党支部或党小组的名称或编号）");
        *piOrg = p->iOrg;
        return 0;
    }
    if (util_parse_int64(z, &iId) == 0) {
        int lo = 0, hi = p->nOrg;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (p->apById[mid]->iId < iId)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < p->nOrg && p->apById[lo]->iId == iId) o = p->apById[lo];
    }
    if (!o) {
        int lo = 0, hi = p->nOrg;
        while (lo < hi) { /* first entry with name >= z */
            int mid = (lo + hi) / 2;
            if (strcmp(p->aOrg[mid].zName, z) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < p->nOrg && strcmp(p->aOrg[lo].zName, z) == 0) {
            o = &p->aOrg[lo];
            if (lo + 1 < p->nOrg && strcmp(p->aOrg[lo + 1].zName, z) == 0)
                return err_set(pErr, ZE_FIELD_INVALID, "org_id",
                               "有多个同名党组织，请填写组织编号");
        }
    }
    if (!o)
        return err_set(pErr, ZE_FIELD_INVALID, "org_id",
                       "所在党组织不存在或不在本次导入的组织范围内");
    if (!o->bLeaf) return err_set(pErr, ZE_MEMBER_ORG_KIND, "org_id", 0);
    if (o->bClosed) return err_set(pErr, ZE_ORG_CLOSED, "org_id", 0);
    *piOrg = o->iId;
    return 0;
}

/* Turn sheet row iRow into *m (pointing into b).  Returns 1 for an empty
** or template example row (skip), 0 otherwise; a cell problem is left in
** pErr (iCode nonzero). */
static int imp_row(Imp *p, int iRow, ImpRow *b, MemberRec *m, Err *pErr)
{
    int bAny = 0;
    memset(m, 0, sizeof *m);
    err_set(pErr, ZE_OK, 0, 0);
    for (int f = 0; f < F_COUNT; f++) {
        b->az[f][0] = 0;
        b->bLong[f] = 0;
        if (p->aiCol[f] < 0) continue;
        b->bLong[f] = trim_copy(sheet_cell(p->s, iRow, p->aiCol[f]), b->az[f]);
        if (b->az[f][0]) bAny = 1;
    }
    if (!bAny) return 1;
    if (strncmp(b->az[F_NAME], "示例", 6) == 0 &&
        strcmp(b->az[F_ID], SAMPLE_ID) == 0)
        return 1;
    for (int f = 0; f < F_COUNT; f++)
        if (b->bLong[f]) {
            err_set(pErr, ZE_FIELD_TOO_LONG, aCol[f].zField, 0);
            return 0;
        }
    const char *zG = b->az[F_GENDER], *zS = b->az[F_STATUS];
    m->zName = b->az[F_NAME];
    m->zIdNumber = b->az[F_ID];
    m->zGender = strcmp(zG, "男") == 0   ? "male"
                 : strcmp(zG, "女") == 0 ? "female"
                                         : zG;
    m->zEthnicity = b->az[F_ETHNICITY];
    m->zBirth = b->az[F_BIRTH];
    m->zEducation = b->az[F_EDUCATION];
    m->zPhone = b->az[F_PHONE];
    m->zStatus = strcmp(zS, "正式党员") == 0   ? "full"
                 : strcmp(zS, "预备党员") == 0 ? "probationary"
                                               : zS;
    m->zJoinedOn = b->az[F_JOINED];
    m->zFullOn = b->az[F_FULL];
    m->zJob = b->az[F_JOB];
    imp_org_cell(p, b->az[F_ORG], &m->iOrg, pErr);
    return 0;
}

/* Hash of a blind index (an HMAC, so any 4 bytes are uniform). */
static unsigned idx_hash(const unsigned char *a)
{
    return (unsigned)a[0] | (unsigned)a[1] << 8 | (unsigned)a[2] << 16 |
           (unsigned)a[3] << 24;
}

/* Insert row iRow's index into the hash set, or return the earlier row
** (0-based) holding the same index; -1 when new. */
static int idx_add(Imp *p, int iRow)
{
    unsigned i = idx_hash(p->aIdx[iRow]) & (p->nHash - 1);
    while (p->aHash[i]) {
        int j = p->aHash[i] - 1;
        if (memcmp(p->aIdx[j], p->aIdx[iRow], VAULT_IDX_LEN) == 0) return j;
        i = (i + 1) & (p->nHash - 1);
    }
    p->aHash[i] = iRow + 1;
    return -1;
}

/* The row holding blind index a (n bytes), or -1. */
static int idx_find(const Imp *p, const void *a, int n)
{
    if (!a || n != VAULT_IDX_LEN) return -1;
    unsigned i = idx_hash(a) & (p->nHash - 1);
    while (p->aHash[i]) {
        int j = p->aHash[i] - 1;
        if (memcmp(p->aIdx[j], a, VAULT_IDX_LEN) == 0) return j;
        i = (i + 1) & (p->nHash - 1);
    }
    return -1;
}

static void imp_step(Imp *p)
{
    p->nStep++;
    if (p->xProgress && (p->nStep % IMPORT_PROGRESS == 0))
        p->xProgress(p->pArg, p->nStep, p->nTotal);
}

/* What pass 1 found in one row, before duplicates are looked for. */
enum {
    ROW_SKIP,    /* empty or the template's example row */
    ROW_VALID,   /* valid; aIdx set */
    ROW_BAD_IDX, /* invalid, but its ID number is valid; aIdx set */
    ROW_BAD      /* invalid */
};

/* Rows [iFrom, iTo) of pass 1 for one thread: each row checked into
** aKind[i] and aErr[i], with its ID number's blind index in p->aIdx[i]. */
typedef struct ImpCheck {
    Imp *p;               /* read-only here, except p->aIdx[iFrom..iTo) */
    VaultCtx *pVault;     /* this thread's crypto contexts */
    int iFrom, iTo;       /* sheet rows */
    unsigned char *aKind; /* ROW_* per sheet row */
    Err *aErr;            /* the problem per sheet row */
    int bProgress;        /* report progress (the calling thread only) */
} ImpCheck;

static void *check_rows(void *pArg)
{
    ImpCheck *q = pArg;
    Imp *p = q->p;
    ImpRow *b = xmalloc(sizeof *b);
    MemberRec m;
    MemberNorm n;
    IdCard card;
    for (int i = q->iFrom; i < q->iTo; i++) {
        Err *e = &q->aErr[i];
        if (q->bProgress) imp_step(p);
        if (imp_row(p, i, b, &m, e)) {
            q->aKind[i] = ROW_SKIP;
            continue;
        }
        if (!e->iCode) member_validate(&m, p->zToday, &n, e);
        /* Register every valid ID number, even on a row with another
        ** error, so that a later duplicate is still reported. */
        if (e->iCode && (!m.zIdNumber ||
                         idcard_parse(m.zIdNumber, p->zToday, &card, 0, 0))) {
            q->aKind[i] = ROW_BAD;
            continue;
        }
        vault_ctx_blind(q->pVault, "id_number",
                        e->iCode ? card.zNorm : n.zIdNumber, p->aIdx[i]);
        q->aKind[i] = e->iCode ? ROW_BAD_IDX : ROW_VALID;
    }
    free(b);
    return 0;
}

/* Pass 1: validate every row and compute blind indexes (large files on two
** threads, each with half the rows), then, in row order, record the errors
** and find duplicate ID numbers within the file. */
static void imp_validate(Imp *p)
{
    int nRow = p->s->nRow, iMid = nRow;
    unsigned char *aKind = xcalloc((size_t)nRow, 1);
    Err *aErr = xcalloc((size_t)nRow, sizeof(Err));
    ImpCheck aQ[2] = {{p, p->pVault, 1, nRow, aKind, aErr, 1},
                      {p, 0, 0, 0, aKind, aErr, 0}};
    pthread_t th;
    int bThread = 0;
    if (nRow > 2 * IMP_THREAD_ROWS && sysconf(_SC_NPROCESSORS_ONLN) > 1) {
        iMid = nRow / 2;
        aQ[0].iFrom = iMid;
        aQ[1].iFrom = 1;
        aQ[1].iTo = iMid;
        aQ[1].pVault = vault_ctx_new(p->c->pKeys);
        bThread = pthread_create(&th, 0, check_rows, &aQ[1]) == 0;
        if (!bThread) { /* do it all here */
            vault_ctx_free(aQ[1].pVault);
            aQ[0].iFrom = 1;
        }
    }
    check_rows(&aQ[0]);
    if (bThread) {
        pthread_join(th, 0);
        vault_ctx_free(aQ[1].pVault);
        for (int i = 1; i < iMid; i++) /* progress for the other half */
            imp_step(p);
    }
    for (int i = 1; i < nRow; i++) {
        if (aKind[i] == ROW_SKIP) continue;
        p->pRes->nRows++;
        const Err *e = &aErr[i];
        if (e->iCode)
            imp_error(p, i, field_index(e->zField), e->iCode, e->zMsg);
        if (aKind[i] == ROW_BAD) continue;
        int j = idx_add(p, i);
        if (aKind[i] == ROW_BAD_IDX) continue;
        if (j >= 0) {
            char *zMsg = xprintf("与第%d行的公民身份号码重复", j + 1);
            imp_error(p, i, F_ID, ZE_ID_EXISTS, zMsg);
            free(zMsg);
            continue;
        }
        p->aState[i] = 1;
    }
    free(aKind);
    free(aErr);
}

/* Report valid rows whose ID number is already in the database, looking
** up IMPORT_BATCH blind indexes per query with one prepared statement. */
static int imp_check_db(Imp *p, Err *pErr)
{
    Buf sql = BUF_INIT;
    DbStmt *s = 0;
    int aRow[IMPORT_BATCH], nBatch = 0, rc;
    buf_appends(&sql, "SELECT id_number_idx FROM person WHERE id_number_idx"
                      " IN (");
    for (int i = 1; i <= IMPORT_BATCH; i++)
        buf_appendf(&sql, "%s$%d", i > 1 ? "," : "", i);
    buf_appends(&sql, ")");
    rc = db_prepare(p->c->pDb, &s, buf_str(&sql));
    buf_free(&sql);
    if (rc) return member_err_db(p->c->pDb, pErr, rc);
    for (int i = 1; i <= p->s->nRow && !rc; i++) {
        if (i < p->s->nRow && p->aState[i] == 1) aRow[nBatch++] = i;
        if (nBatch < IMPORT_BATCH && (i < p->s->nRow || nBatch == 0)) continue;
        db_reset(s);
        for (int k = 0; k < IMPORT_BATCH; k++) {
            if (k < nBatch)
                db_bind_blob(s, k + 1, p->aIdx[aRow[k]], VAULT_IDX_LEN);
            else
                db_bind_null(s, k + 1);
        }
        while ((rc = db_step(s)) == DB_ROW) {
            int n = 0;
            const void *a = db_col_blob(s, 0, &n);
            int j = idx_find(p, a, n);
            if (j >= 0 && p->aState[j] == 1)
                imp_error(p, j, F_ID, ZE_ID_EXISTS, 0);
        }
        rc = rc == DB_DONE ? DB_OK : rc;
        nBatch = 0;
    }
    db_finalize(s);
    return rc ? member_err_db(p->c->pDb, pErr, rc) : ZE_OK;
}

/* Multi-row INSERT statements for n rows (1..INSERT_ROWS): person rows
** take parameters $w*k+1..$w*k+w and share $w*n+1 (the time), where w is
** 12, or 13 with bOwnIds (the id first); member rows take $5k+1..$5k+5 and
** share $5n+1.  Without bOwnIds the person statement returns the new ids
** with their blind indexes.  Returns DB_OK or an error. */
static int batch_prepare(Db *pDb, int n, int bOwnIds, DbStmt **ppPerson,
                         DbStmt **ppMember)
{
    Buf a = BUF_INIT, b = BUF_INIT;
    int w = bOwnIds ? 13 : 12;
    buf_appends(&a, bOwnIds ? "INSERT INTO person(id," : "INSERT INTO person(");
    buf_appends(&a, "name,gender,ethnicity,birth_date,"
                    "id_number_enc,id_number_idx,phone_enc,phone_idx,"
                    "education,job,id_number_mask,phone_mask,"
                    "created_at,updated_at) VALUES");
    buf_appends(&b, "INSERT INTO member(person_id,org_id,status,joined_on,"
                    "full_on,created_at,updated_at) VALUES");
    for (int k = 0; k < n; k++) {
        buf_appends(&a, k ? ",(" : "(");
        for (int i = 1; i <= w; i++)
            buf_appendf(&a, "$%d,", w * k + i);
        buf_appendf(&a, "$%d,$%d)", w * n + 1, w * n + 1);
        buf_appends(&b, k ? ",(" : "(");
        for (int i = 1; i <= 5; i++)
            buf_appendf(&b, "$%d,", 5 * k + i);
        buf_appendf(&b, "$%d,$%d)", 5 * n + 1, 5 * n + 1);
    }
    if (!bOwnIds) buf_appends(&a, " RETURNING id, id_number_idx");
    int rc = db_prepare(pDb, ppPerson, buf_str(&a));
    if (!rc) rc = db_prepare(pDb, ppMember, buf_str(&b));
    buf_free(&a);
    buf_free(&b);
    return rc;
}

/* One batch of pass 2: up to INSERT_ROWS valid rows, parsed, validated
** and sealed, ready to bind. */
typedef struct ImpBatch {
    int n;                      /* rows in the batch; 0 = end of rows */
    int aRow[INSERT_ROWS];      /* their sheet rows, ascending */
    ImpRow aBuf[INSERT_ROWS];   /* trimmed cells, which am[] points into */
    MemberRec am[INSERT_ROWS];  /* the rows as entered */
    MemberNorm an[INSERT_ROWS]; /* normalised */
    Sealed as[INSERT_ROWS];     /* sealed forms */
} ImpBatch;

#define IMP_NBUF 4 /* batches in flight between the two threads */

/* The hand-over of batches from the sealing thread to the inserting one:
** a ring of IMP_NBUF batches, filled and emptied in order. */
typedef struct ImpPipe {
    Imp *p;             /* the import (read-only while sealing) */
    pthread_mutex_t mu; /* guards the fields below */
    pthread_cond_t cv;  /* signalled on every change */
    ImpBatch *aBuf;     /* IMP_NBUF batches; owned */
    int nFilled;        /* batches filled so far */
    int nTaken;         /* batches consumed so far */
    int bStop;          /* the consumer gave up: stop filling */
    int bInvalid;       /* the filler found an invalid row */
    int iNext;          /* next sheet row the filler looks at */
} ImpPipe;

static void batch_clear(ImpBatch *b)
{
    b->n = 0;
}

/* Parse, validate and seal the next non-empty rows, from sheet row
** *piNext on, into b (b->n == 0 when there are none left).  The first
** invalid row ends the attempt: returns 1 (with b->n == 0), else 0. */
static int batch_fill(Imp *p, int *piNext, ImpBatch *b)
{
    Err e;
    b->n = 0;
    while (*piNext < p->s->nRow && b->n < INSERT_ROWS) {
        int i = (*piNext)++, k = b->n;
        if (imp_row(p, i, &b->aBuf[k], &b->am[k], &e)) continue; /* empty */
        if (!e.iCode) member_validate(&b->am[k], p->zToday, &b->an[k], &e);
        if (e.iCode) {
            batch_clear(b);
            return 1;
        }
        b->n++;
        b->aRow[k] = i;
        sealed_make(p->c, p->pVault, &b->an[k], 0, &b->as[k]);
        vault_ctx_blind(p->pVault, "id_number", b->an[k].zIdNumber,
                        b->as[k].aIdIdx);
    }
    return 0;
}

/* The sealing thread: fill batches in order until the rows run out (a
** last batch with n == 0 says so) or the consumer stops. */
static void *pipe_main(void *pArg)
{
    ImpPipe *q = pArg;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        while (!q->bStop && q->nFilled - q->nTaken >= IMP_NBUF)
            pthread_cond_wait(&q->cv, &q->mu);
        if (q->bStop) break;
        ImpBatch *b = &q->aBuf[q->nFilled % IMP_NBUF];
        pthread_mutex_unlock(&q->mu);
        int bInvalid = batch_fill(q->p, &q->iNext, b);
        pthread_mutex_lock(&q->mu);
        q->bInvalid |= bInvalid;
        q->nFilled++;
        pthread_cond_broadcast(&q->cv);
        if (b->n == 0) break;
    }
    pthread_mutex_unlock(&q->mu);
    return 0;
}

/* Insert batch b with the statements of batch_prepare() for b->n rows.
** Person ids come back with their blind index, which maps them to rows.
** Returns DB_OK or an error. */
static int batch_insert(Imp *p, DbStmt *pPerson, DbStmt *pMember,
                        const ImpBatch *b, int64_t tNow)
{
    int64_t aPerson[INSERT_ROWS];
    int rc, n = b->n, w = p->iNextPerson ? 13 : 12;
    db_reset(pPerson);
    for (int k = 0; k < n; k++) {
        const Sealed *sl = &b->as[k];
        int i = w * k;
        aPerson[k] = 0;
        if (p->iNextPerson) {
            aPerson[k] = p->iNextPerson++;
            db_bind_int64(pPerson, ++i, aPerson[k]);
        }
        bind_person(pPerson, i, &b->am[k], &b->an[k], sl, 1);
        bind_str(pPerson, i + 11, sl->zIdMask, 0, 1);
        bind_str(pPerson, i + 12, sl->zPhoneMask, 1, 1);
    }
    db_bind_int64(pPerson, w * n + 1, tNow);
    while ((rc = db_step(pPerson)) == DB_ROW) {
        int nIdx = 0;
        const void *a = db_col_blob(pPerson, 1, &nIdx);
        for (int k = 0; a && nIdx == VAULT_IDX_LEN && k < n; k++)
            if (memcmp(b->as[k].aIdIdx, a, VAULT_IDX_LEN) == 0) {
                aPerson[k] = db_col_int64(pPerson, 0);
                break;
            }
    }
    if (rc != DB_DONE) goto done;
    db_reset(pMember);
    for (int k = 0; k < n; k++) {
        int i = 5 * k;
        if (!aPerson[k]) {
            rc = DB_ERROR;
            goto done;
        }
        db_bind_int64(pMember, i + 1, aPerson[k]);
        db_bind_int64(pMember, i + 2, b->am[k].iOrg);
        bind_str(pMember, i + 3, b->am[k].zStatus, 0, 1);
        bind_str(pMember, i + 4, b->an[k].zJoinedOn, 0, 1);
        bind_str(pMember, i + 5, b->an[k].zFullOn, 1, 1);
    }
    db_bind_int64(pMember, 5 * n + 1, tNow);
    rc = db_step(pMember);
done:
    db_reset(pPerson); /* drop the references into b before it is reused */
    db_reset(pMember);
    return rc == DB_DONE ? DB_OK : rc;
}

/* Insert one batch, preparing statements for a short last batch; advances
** progress to the batch's last row.  *pnDone counts inserted rows. */
static int batch_run(Imp *p, const ImpBatch *b, DbStmt **apStmt, int64_t tNow,
                     int *piStep, int *pnDone)
{
    int rc = DB_OK;
    if (b->n == INSERT_ROWS) {
        rc = batch_insert(p, apStmt[0], apStmt[1], b, tNow);
    } else {
        rc = batch_prepare(p->c->pDb, b->n, p->iNextPerson != 0, &apStmt[2],
                           &apStmt[3]);
        if (!rc) rc = batch_insert(p, apStmt[2], apStmt[3], b, tNow);
    }
    for (; *piStep <= b->aRow[b->n - 1]; (*piStep)++)
        for (int k = 0; k < p->nStepPerRow; k++)
            imp_step(p);
    *pnDone += b->n;
    return rc;
}

/* Insert every valid row.  With many rows a second thread parses, checks
** and seals batches (the crypto) while this one inserts them (SQL), so the
** two overlap; otherwise this thread does both.  Returns DB_OK or an
** error. */
static int imp_rows(Imp *p, DbStmt **apStmt, int64_t tNow, int *pnDone,
                    int *pbInvalid)
{
    int rc = DB_OK, iStep = 1, nValid = p->s->nRow - 1;
    ImpPipe q;
    pthread_t th;
    memset(&q, 0, sizeof q);
    q.p = p;
    q.iNext = 1;
    q.aBuf = xcalloc(IMP_NBUF, sizeof(ImpBatch));
    int bThread =
        nValid >= IMP_THREAD_ROWS && sysconf(_SC_NPROCESSORS_ONLN) > 1;
    if (bThread) {
        pthread_mutex_init(&q.mu, 0);
        pthread_cond_init(&q.cv, 0);
        if (pthread_create(&th, 0, pipe_main, &q)) {
            pthread_mutex_destroy(&q.mu);
            pthread_cond_destroy(&q.cv);
            bThread = 0;
        }
    }
    for (;;) {
        ImpBatch *b = &q.aBuf[q.nTaken % IMP_NBUF];
        if (bThread) {
            pthread_mutex_lock(&q.mu);
            while (q.nFilled == q.nTaken)
                pthread_cond_wait(&q.cv, &q.mu);
            pthread_mutex_unlock(&q.mu);
        } else {
            q.bInvalid |= batch_fill(p, &q.iNext, b);
        }
        if (b->n == 0) break;
        rc = batch_run(p, b, apStmt, tNow, &iStep, pnDone);
        batch_clear(b);
        if (bThread) {
            pthread_mutex_lock(&q.mu);
            q.nTaken++;
            if (rc) q.bStop = 1;
            pthread_cond_broadcast(&q.cv);
            pthread_mutex_unlock(&q.mu);
        } else {
            q.nTaken++;
        }
        if (rc) break;
    }
    if (bThread) {
        pthread_join(th, 0);
        pthread_mutex_destroy(&q.mu);
        pthread_cond_destroy(&q.cv);
    }
    for (int i = 0; i < IMP_NBUF; i++) /* batches left after a failure */
        batch_clear(&q.aBuf[i]);
    free(q.aBuf);
    *pbInvalid = q.bInvalid;
    for (; !rc && !q.bInvalid && iStep < p->s->nRow; iStep++)
        for (int k = 0; k < p->nStepPerRow; k++)
            imp_step(p);
    return rc;
}

/*
** The import proper, optimistic: one transaction that checks, seals and
** inserts every non-empty row (INSERT_ROWS per statement, statements
** prepared once; large files on two threads), then the audit row.  The
** UNIQUE index on the blind index catches an ID number that is in the file
** twice or already in the database.  Any invalid row or database failure
** rolls everything back, for the caller to report the rows to blame as a
** dry run does.  Returns ZE_OK (committed), ZE_IMPORT_EMPTY (no rows;
** nothing written), ZE_IMPORT_ROWS (an invalid row), or the ZE_* code of a
** database failure (in *pErr).
*/
static int imp_insert(Imp *p, Err *pErr)
{
    DbStmt *apStmt[4] = {0, 0, 0, 0}; /* full batch; short last batch */
    int nDone = 0, bInvalid = 0;
    char zDetail[64];
    int64_t tNow = util_now();
    int rc = db_begin(p->c->pDb);
    if (rc) return member_err_db(p->c->pDb, pErr, rc);
    /* SQLite: this write transaction excludes every other writer, so the
    ** new person ids can be assigned here, after the largest, and the
    ** inserts need not return them.  PostgreSQL returns them. */
    if (db_kind(p->c->pDb) == DB_KIND_SQLITE) {
        rc = db_one_int64(p->c->pDb, &p->iNextPerson,
                          "SELECT coalesce(max(id),0) FROM person", "");
        p->iNextPerson++;
    }
    if (!rc)
        rc = batch_prepare(p->c->pDb, INSERT_ROWS, p->iNextPerson != 0,
                           &apStmt[0], &apStmt[1]);
    if (!rc) rc = imp_rows(p, apStmt, tNow, &nDone, &bInvalid);
    if (!rc && !bInvalid && nDone) {
        snprintf(zDetail, sizeof zDetail, "rows=%d", nDone);
        rc = audit_log(p->c, "member.import", "org", p->iOrg, zDetail);
    }
    for (int i = 0; i < 4; i++)
        db_finalize(apStmt[i]);
    if (!rc && (bInvalid || !nDone)) {
        db_rollback(p->c->pDb);
        return bInvalid ? ZE_IMPORT_ROWS : ZE_IMPORT_EMPTY;
    }
    if (!rc) rc = db_commit(p->c->pDb);
    if (rc) {
        int iCode = member_err_db(p->c->pDb, pErr, rc);
        db_rollback(p->c->pDb);
        return iCode;
    }
    p->pRes->nRows = p->pRes->nValid = p->pRes->nImported = nDone;
    return ZE_OK;
}

static int err_row_cmp(const void *a, const void *b)
{
    const MemberImportError *x = a, *y = b;
    return x->iRow - y->iRow;
}

int member_import(Ctx *c, int64_t iOrg, const Sheet *s, int bDryRun,
                  MemberProgressFn xProgress, void *pArg, MemberImport *pRes)
{
    Imp imp;
    Err e = {0}, eFail = {0};
    int rc, bBulk = 0, rcFail = 0;
    memset(pRes, 0, sizeof *pRes);
    memset(&imp, 0, sizeof imp);
    imp.c = c;
    imp.s = s;
    imp.pRes = pRes;
    imp.iOrg = iOrg;
    imp.xProgress = xProgress;
    imp.pArg = pArg;
    util_today(imp.zToday);
    if (!s || s->nRow < 1) {
        pRes->zMsg = xstrdup(errcode_get(ZE_IMPORT_EMPTY)->zMsg);
        return ZE_IMPORT_EMPTY;
    }
    imp.nTotal = (s->nRow - 1) * (bDryRun ? 1 : 2);
    if ((rc = imp_orgs(&imp, &e)) || (rc = imp_header(&imp))) goto done;
    /* A page cache that holds the whole import, for this connection and
    ** this import only (restored below). */
    db_bulk(c->pDb, (int64_t)s->nRow * IMPORT_ROW_BYTES);
    bBulk = 1;
    imp.pVault = vault_ctx_new(c->pKeys);
    if (!bDryRun) { /* expect a good file: check and insert in one pass */
        imp.nStepPerRow = 2;
        rc = imp_insert(&imp, &e);
        if (rc == ZE_IMPORT_EMPTY) e.iCode = rc;
        if (rc == ZE_OK || rc == ZE_IMPORT_EMPTY) goto done;
        /* Nothing was written.  Find the rows to blame as a dry run does
        ** (a row someone else inserted meanwhile is found too); if none,
        ** report the failure itself. */
        rcFail = rc;
        eFail = e;
        err_set(&e, ZE_OK, 0, 0);
        imp.nStep = 0;
    }
    imp.nStepPerRow = 1;
    imp.aIdx = xcalloc((size_t)s->nRow, sizeof imp.aIdx[0]);
    imp.aState = xcalloc((size_t)s->nRow, 1);
    imp.nHash = 1024;
    while (imp.nHash < (unsigned)s->nRow * 2)
        imp.nHash *= 2;
    imp.aHash = xcalloc(imp.nHash, sizeof(int));
    imp_validate(&imp);
    if ((rc = imp_check_db(&imp, &e))) goto done;
    if (pRes->nErr) {
        qsort(pRes->aErr, (size_t)pRes->nErr, sizeof(MemberImportError),
              err_row_cmp);
        pRes->nValid = pRes->nRows - pRes->nErr;
        rc = ZE_IMPORT_ROWS;
        goto done;
    }
    if (rcFail) {
        if (rcFail == ZE_IMPORT_ROWS) { /* cannot be: a row was invalid */
            log_msg(LOG_ERROR, "BUG: import row invalid, then valid");
            rcFail = ZE_INTERNAL;
        }
        rc = rcFail;
        e = eFail;
        goto done;
    }
    pRes->nValid = pRes->nRows;
    if (pRes->nRows == 0) {
        rc = e.iCode = ZE_IMPORT_EMPTY;
        goto done;
    }
    rc = ZE_OK; /* a dry run without errors */
done:
    if (bBulk) db_bulk(c->pDb, 0);
    if (rc && rc != ZE_IMPORT_ROWS && !pRes->zMsg)
        pRes->zMsg = xstrdup(e.zMsg ? e.zMsg : errcode_get(rc)->zMsg);
    if (xProgress) xProgress(pArg, imp.nTotal, imp.nTotal);
    for (int i = 0; i < imp.nOrg; i++)
        free(imp.aOrg[i].zName);
    free(imp.aOrg);
    free(imp.apById);
    free(imp.aIdx);
    free(imp.aState);
    free(imp.aHash);
    vault_ctx_free(imp.pVault);
    return rc;
}

void member_import_free(MemberImport *p)
{
    if (!p) return;
    for (int i = 0; i < p->nErr; i++)
        free(p->aErr[i].zMsg);
    free(p->aErr);
    for (int i = 0; i < p->nUnknown; i++)
        free(p->azUnknown[i]);
    free(p->azUnknown);
    free(p->zMsg);
    memset(p, 0, sizeof *p);
}

/* ---- export ---- */

/* A new workbook with one sheet zSheet and the roster header row. */
static int sheet_start(Xlsx **pp, const char *zSheet, int nCol)
{
    const char *azHead[F_COUNT];
    double aWidth[F_COUNT];
    char *zErr = 0;
    if (xlsx_new(pp, &zErr)) {
        log_msg(LOG_ERROR, "xlsx: %s", zErr ? zErr : "?");
        free(zErr);
        return ZE_EXPORT_FAILED;
    }
    if (xlsx_sheet(*pp, zSheet)) {
        xlsx_free(*pp);
        *pp = 0;
        return ZE_EXPORT_FAILED;
    }
    for (int i = 0; i < nCol; i++) {
        azHead[i] = aCol[i].zHead;
        aWidth[i] = aCol[i].rWidth;
    }
    xlsx_widths(*pp, aWidth, nCol);
    xlsx_header(*pp, azHead, nCol);
    return ZE_OK;
}

/* Where member_list() writes export rows. */
typedef struct SheetOut {
    Xlsx *x; /* workbook; borrowed */
    int n;   /* rows written */
} SheetOut;

/* Write m as one roster row of the current sheet (a MemberRowFn; pArg is
** a SheetOut). */
static int sheet_member(void *pArg, const Member *m)
{
    SheetOut *pOut = pArg;
    const char *az[F_COUNT];
    az[F_NAME] = m->zName;
    az[F_ID] = m->zIdNumber;
    az[F_GENDER] = !m->zGender                       ? 0
                   : strcmp(m->zGender, "male") == 0 ? "男"
                                                     : "女";
    az[F_ETHNICITY] = m->zEthnicity;
    az[F_BIRTH] = m->zBirth;
    az[F_EDUCATION] = m->zEducation;
    az[F_PHONE] = m->zPhone;
    az[F_STATUS] =
        m->zStatus && strcmp(m->zStatus, "full") == 0 ? "正式党员" : "预备党员";
    az[F_JOINED] = m->zJoinedOn;
    az[F_FULL] = m->zFullOn;
    az[F_ORG] = m->zOrgName;
    az[F_JOB] = m->zJob;
    xlsx_row(pOut->x, az, F_COUNT);
    pOut->n++;
    return 0;
}

/* Finish x into *pFd and *pnSize and put the file's SM3 (hex) in zHash[65]. */
static int sheet_finish(Xlsx *x, int *pFd, long long *pnSize, char zHash[65])
{
    char *zErr = 0;
    unsigned char aHash[32];
    if (xlsx_finish(x, pFd, pnSize, &zErr)) {
        log_msg(LOG_ERROR, "xlsx: %s", zErr ? zErr : "?");
        free(zErr);
        return ZE_EXPORT_FAILED;
    }
    void *pMap = *pnSize > 0
                     ? mmap(0, (size_t)*pnSize, PROT_READ, MAP_PRIVATE, *pFd, 0)
                     : MAP_FAILED;
    if (pMap == MAP_FAILED) {
        close(*pFd);
        *pFd = -1;
        return ZE_EXPORT_FAILED;
    }
    vault_sm3(pMap, (size_t)*pnSize, aHash);
    munmap(pMap, (size_t)*pnSize);
    vault_hex(aHash, 32, zHash);
    return ZE_OK;
}

/* Audit an export in its own transaction; closes *pFd on failure. */
static int export_audit(Ctx *c, const char *zAction, const char *zObject,
                        int64_t iObject, const char *zDetail, int *pFd)
{
    int rc = audit_log_tx(c, zAction, zObject, iObject, zDetail);
    if (!rc) return ZE_OK;
    log_msg(LOG_ERROR, "export audit: %s", db_errmsg(c->pDb));
    close(*pFd);
    *pFd = -1;
    return rc == DB_BUSY ? ZE_DB_BUSY : ZE_INTERNAL;
}

int member_export(Ctx *c, int64_t iOrg, const MemberFilter *f, int bUnmask,
                  int *pFd, long long *pnSize, int *pnRows)
{
    SheetOut out = {0, 0};
    MemberFilter all = *f;
    char zHash[65];
    int rc = sheet_start(&out.x, "党员名册", F_COUNT);
    if (rc) return rc;
    all.nLimit = all.nOffset = 0;
    rc = member_list(c, iOrg, &all, bUnmask, 0, sheet_member, &out);
    if (rc) {
        log_msg(LOG_ERROR, "export: db error %d: %s", rc, db_errmsg(c->pDb));
        xlsx_free(out.x);
        return rc == DB_BUSY ? ZE_DB_BUSY : ZE_INTERNAL;
    }
    if ((rc = sheet_finish(out.x, pFd, pnSize, zHash))) return rc;
    int nRows = out.n;
    char *zDetail =
        xprintf("rows=%d unmasked=%d sm3=%s status=%s gender=%s education=%s "
                "name=%s age_min=%d age_max=%d sort=%s",
                nRows, bUnmask ? 1 : 0, zHash, f->zStatus ? f->zStatus : "",
                f->zGender ? f->zGender : "",
                f->zEducation ? f->zEducation : "", f->zName ? f->zName : "",
                f->nAgeMin, f->nAgeMax, f->zSort ? f->zSort : "");
    rc = export_audit(c, "export.members", "org", iOrg, zDetail, pFd);
    free(zDetail);
    if (!rc && pnRows) *pnRows = nRows;
    return rc;
}

int member_export_one(Ctx *c, int64_t iMember, int *pFd, long long *pnSize)
{
    SheetOut out = {0, 0};
    Member m;
    char zHash[65], zDetail[96];
    int rc = member_get(c, iMember, 1, &m);
    if (rc) return rc == DB_NOTFOUND ? ZE_NOT_FOUND : ZE_INTERNAL;
    if ((rc = sheet_start(&out.x, "本人档案", F_COUNT))) {
        member_clear(&m);
        return rc;
    }
    sheet_member(&out, &m);
    member_clear(&m);
    if ((rc = sheet_finish(out.x, pFd, pnSize, zHash))) return rc;
    snprintf(zDetail, sizeof zDetail, "sm3=%s", zHash);
    return export_audit(c, "export.self", "member", iMember, zDetail, pFd);
}

int member_template(int *pFd, long long *pnSize)
{
    static const char *const azSample[TEMPLATE_COLUMNS] = {
        "示例：张三（导入时自动跳过此行）",
        SAMPLE_ID,
        "女",
        "汉族",
        "1949-12-31",
        "大学本科",
        "13800138000",
        "正式党员",
        "1975-07-01",
        "1976-07-01",
        "",
    };
    static const char *const azHelp[][2] = {
        {"列名", "填写说明"},
        {"姓名", "必填"},
        {"公民身份号码", "必填，18位，最后一位可以是X；同一号码只能导入一次"},
        {"性别", "男或女；可不填，按公民身份号码自动识别，填写时须与之一致"},
        {"民族", "如：汉族"},
        {"出生日期", "可不填，按公民身份号码自动识别，填写时须与之一致"},
        {"学历", "研究生、大学本科、大学专科、中专、高中、初中及以下"},
        {"手机号码", "11位手机号码"},
        {"人员类别", "必填：正式党员或预备党员"},
        {"入党日期", "必填；日期可写作 2020-07-01、2020/7/1、2020.7.1 或 "
                     "20200701"},
        {"转正日期", "正式党员必填，不早于入党日期；预备党员不填"},
        {"所在党组织", "党支部或党小组的名称或编号；导入到党委或党总支时必填"},
    };
    Xlsx *x = 0;
    char zHash[65];
    int rc = sheet_start(&x, "党员名册", TEMPLATE_COLUMNS);
    if (rc) return rc;
    xlsx_row(x, azSample, TEMPLATE_COLUMNS);
    if (xlsx_sheet(x, "填写说明") == 0) {
        static const double aWidth[2] = {14, 70};
        xlsx_widths(x, aWidth, 2);
        xlsx_header(x, azHelp[0], 2);
        for (int i = 1; i < COUNT(azHelp); i++)
            xlsx_row(x, azHelp[i], 2);
    }
    return sheet_finish(x, pFd, pnSize, zHash);
}
