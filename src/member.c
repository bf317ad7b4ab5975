/* member.c: the roster of party members (党员名册, A2).
**
** Validation (GB 11643 ID numbers with birth date and gender derived from
** them, mobile numbers, date order, status), add and edit with the audit
** row in the same transaction, reading back masked or unmasked, the
** filtered and sorted list, the all-or-nothing import from a Sheet
** (validate every row, then insert everything in one transaction with
** statements prepared once), and the .xlsx export and import template.
**
** ID numbers and phones are stored sealed (vault_seal) with a blind index
** (vault_blind_index) for the UNIQUE constraint and duplicate checks; they
** are never logged.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define IMPORT_BATCH    60   /* blind indexes looked up per query */
#define IMPORT_PROGRESS 1000 /* rows between progress reports */
#define IMPORT_CELL     260  /* bytes kept of a trimmed import cell */
#define INSERT_ROWS     5    /* rows per INSERT: 51 parameters (PG: 64) */

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

int member_validate(const MemberRec *m, const char *zToday, MemberNorm *pNorm,
                    Err *pErr)
{
    MemberNorm nTmp;
    MemberNorm *n = pNorm ? pNorm : &nTmp;
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
    if ((rc = text_check(m->zEthnicity, 32, "ethnicity", pErr)) ||
        (rc = text_check(m->zEducation, 32, "education", pErr)) ||
        (rc = text_check(m->zJob, MEMBER_MAX_TEXT, "job", pErr)))
        return rc;
    return ZE_OK;
}

/* ---- shared database helpers ---- */

/* Record a database failure rc in pErr: busy, a UNIQUE race on the ID
** number, or internal.  Logs the detail.  Returns the ZE_* code. */
static int err_db(Db *pDb, Err *pErr, int rc)
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
    if (rc) return err_db(pDb, pErr, rc);
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
        rc = err_db(pDb, pErr, rc);
    }
    db_finalize(p);
    return rc;
}

/* Check that no person other than iExcept has blind index zIdx. */
static int check_new_id(Db *pDb, const char *zIdx, int64_t iExcept, Err *pErr)
{
    int64_t iPerson = 0;
    int rc =
        db_one_int64(pDb, &iPerson,
                     "SELECT id FROM person WHERE id_number_idx=$1", "t", zIdx);
    if (rc == DB_NOTFOUND || (rc == DB_OK && iPerson == iExcept)) return 0;
    if (rc) return err_db(pDb, pErr, rc);
    return err_set(pErr, ZE_ID_EXISTS, "id_number", 0);
}

static const char zInsPerson[] =
    "INSERT INTO person(name,gender,ethnicity,birth_date,id_number_enc,"
    "id_number_idx,phone_enc,phone_idx,education,job,created_at,updated_at)"
    " VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$11) RETURNING id";
static const char zInsMember[] =
    "INSERT INTO member(person_id,org_id,status,joined_on,full_on,"
    "created_at,updated_at) VALUES($1,$2,$3,$4,$5,$6,$6) RETURNING id";

/*
** Insert one person and member with the prepared statements pPerson
** (zInsPerson) and pMember (zInsMember), which are reset first.  zIdx is
** the ID number's blind index.  *piMember gets the member id.  Returns
** DB_OK or a DB error.
*/
static int insert_one(Ctx *c, DbStmt *pPerson, DbStmt *pMember,
                      const MemberRec *m, const MemberNorm *n, const char *zIdx,
                      int64_t tNow, int64_t *piMember)
{
    char *zIdEnc = vault_seal(c->pKeys, n->zIdNumber);
    char *zPhoneEnc = 0, *zPhoneIdx = 0;
    int rc;
    if (n->zPhone[0]) {
        zPhoneEnc = vault_seal(c->pKeys, n->zPhone);
        zPhoneIdx = vault_blind_index(c->pKeys, "phone", n->zPhone);
    }
    db_reset(pPerson);
    db_bind_text(pPerson, 1, m->zName);
    db_bind_text(pPerson, 2, n->zGender);
    bind_opt(pPerson, 3, m->zEthnicity);
    db_bind_text(pPerson, 4, n->zBirth);
    db_bind_text(pPerson, 5, zIdEnc);
    db_bind_text(pPerson, 6, zIdx);
    bind_opt(pPerson, 7, zPhoneEnc);
    bind_opt(pPerson, 8, zPhoneIdx);
    bind_opt(pPerson, 9, m->zEducation);
    bind_opt(pPerson, 10, m->zJob);
    db_bind_int64(pPerson, 11, tNow);
    free(zIdEnc);
    free(zPhoneEnc);
    free(zPhoneIdx);
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

    util_today(zToday);
    if (member_validate(m, zToday, &n, pErr)) return pErr->iCode;
    char *zIdx = vault_blind_index(c->pKeys, "id_number", n.zIdNumber);
    rc = db_begin(c->pDb);
    if (rc) {
        free(zIdx);
        return err_db(c->pDb, pErr, rc);
    }
    if ((rc = check_org(c->pDb, m->iOrg, pErr)) ||
        (rc = check_new_id(c->pDb, zIdx, 0, pErr)))
        goto cleanup;
    if ((rc = db_prepare(c->pDb, &pPerson, zInsPerson)) ||
        (rc = db_prepare(c->pDb, &pMember, zInsMember)) ||
        (rc = insert_one(c, pPerson, pMember, m, &n, zIdx, util_now(),
                         &iMember))) {
        rc = err_db(c->pDb, pErr, rc);
        goto cleanup;
    }
    snprintf(zDetail, sizeof zDetail, "org=%lld", (long long)m->iOrg);
    if ((rc = audit_log(c, "member.create", "member", iMember, zDetail)))
        rc = err_db(c->pDb, pErr, rc);
cleanup:
    db_finalize(pPerson);
    db_finalize(pMember);
    free(zIdx);
    if (rc) {
        db_rollback(c->pDb);
        return rc;
    }
    if ((rc = db_commit(c->pDb))) {
        db_rollback(c->pDb);
        return err_db(c->pDb, pErr, rc);
    }
    if (piMember) *piMember = iMember;
    return ZE_OK;
}

/* Columns of the stored state loaded by cur_load(), after the ids. */
enum {
    CUR_NAME,
    CUR_GENDER,
    CUR_ETHNICITY,
    CUR_BIRTH,
    CUR_IDENC,
    CUR_IDIDX,
    CUR_PHONEENC,
    CUR_PHONEIDX,
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
    char *az[CUR_COUNT]; /* text columns (CUR_*), NULL for SQL NULL; owned */
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
        " p.birth_date, p.id_number_enc, p.id_number_idx, p.phone_enc,"
        " p.phone_idx, p.education, p.job, m.status, m.joined_on, m.full_on"
        " FROM member m JOIN person p ON p.id=m.person_id WHERE m.id=$1",
        "i", iMember);
    if (rc) return rc;
    rc = db_step(s);
    if (rc == DB_ROW) {
        p->iPerson = db_col_int64(s, 0);
        p->iOrg = db_col_int64(s, 1);
        for (int i = 0; i < CUR_COUNT; i++)
            p->az[i] = xstrdup(db_col_text(s, i + 2));
        if (vault_open(c->pKeys, p->az[CUR_IDENC], &p->zIdPlain))
            log_msg(LOG_ERROR, "member %lld: id_number does not open",
                    (long long)iMember);
        if (p->az[CUR_PHONEENC] &&
            vault_open(c->pKeys, p->az[CUR_PHONEENC], &p->zPhonePlain))
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

/* Write the merged record.  New seals only for changed ID and phone. */
static int write_update(Ctx *c, int64_t iMember, const Cur *k,
                        const MemberRec *m, const MemberNorm *n,
                        const char *zIdx)
{
    char *zIdEnc = 0, *zPhoneEnc = 0, *zPhoneIdx = 0;
    int64_t tNow = util_now();
    int rc;
    if (zIdx) zIdEnc = vault_seal(c->pKeys, n->zIdNumber);
    int bPhone = !same(n->zPhone, k->zPhonePlain);
    if (bPhone && n->zPhone[0]) {
        zPhoneEnc = vault_seal(c->pKeys, n->zPhone);
        zPhoneIdx = vault_blind_index(c->pKeys, "phone", n->zPhone);
    }
    DbStmt *p = 0;
    rc = db_prepare(c->pDb, &p,
                    "UPDATE person SET name=$2, gender=$3, ethnicity=$4,"
                    " birth_date=$5, id_number_enc=$6, id_number_idx=$7,"
                    " phone_enc=$8, phone_idx=$9, education=$10, job=$11,"
                    " updated_at=$12 WHERE id=$1");
    if (!rc) {
        db_bind_int64(p, 1, k->iPerson);
        db_bind_text(p, 2, m->zName);
        db_bind_text(p, 3, n->zGender);
        bind_opt(p, 4, m->zEthnicity);
        db_bind_text(p, 5, n->zBirth);
        db_bind_text(p, 6, zIdx ? zIdEnc : k->az[CUR_IDENC]);
        db_bind_text(p, 7, zIdx ? zIdx : k->az[CUR_IDIDX]);
        bind_opt(p, 8, bPhone ? zPhoneEnc : k->az[CUR_PHONEENC]);
        bind_opt(p, 9, bPhone ? zPhoneIdx : k->az[CUR_PHONEIDX]);
        bind_opt(p, 10, m->zEducation);
        bind_opt(p, 11, m->zJob);
        db_bind_int64(p, 12, tNow);
        rc = db_step(p) == DB_DONE ? DB_OK : db_errcode(c->pDb);
    }
    db_finalize(p);
    free(zIdEnc);
    free(zPhoneEnc);
    free(zPhoneIdx);
    if (rc) return rc;
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
    char *zIdx = 0;
    int rc = db_begin(c->pDb);
    if (rc) return err_db(c->pDb, pErr, rc);
    rc = cur_load(c, iMember, &k);
    if (rc) {
        db_rollback(c->pDb);
        cur_free(&k);
        return rc == DB_NOTFOUND ? err_set(pErr, ZE_NOT_FOUND, 0, 0)
                                 : err_db(c->pDb, pErr, rc);
    }
    memset(&m, 0, sizeof m);
    merge(&k, pPatch, &m);
    util_today(zToday);
    if ((rc = member_validate(&m, zToday, &n, pErr))) goto cleanup;
    if (m.iOrg != k.iOrg && (rc = check_org(c->pDb, m.iOrg, pErr)))
        goto cleanup;
    if (!same(n.zIdNumber, k.zIdPlain)) {
        zIdx = vault_blind_index(c->pKeys, "id_number", n.zIdNumber);
        if ((rc = check_new_id(c->pDb, zIdx, k.iPerson, pErr))) goto cleanup;
    }
    change_list(&k, &m, &n, &list);
    if (list.n == 0) goto cleanup; /* nothing to write */
    if ((rc = write_update(c, iMember, &k, &m, &n, zIdx)) ||
        (rc = audit_log(c, "member.update", "member", iMember, buf_str(&list))))
        rc = err_db(c->pDb, pErr, rc);
cleanup:
    free(zIdx);
    buf_free(&list);
    cur_free(&k);
    if (rc) {
        db_rollback(c->pDb);
        return rc;
    }
    if ((rc = db_commit(c->pDb))) {
        db_rollback(c->pDb);
        return err_db(c->pDb, pErr, rc);
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

#define MEMBER_SELECT                                                          \
    "SELECT m.id, m.person_id, m.org_id, o.name, p.name, p.gender,"            \
    " p.ethnicity, p.birth_date, p.id_number_enc, p.phone_enc, p.education,"   \
    " p.job, m.status, m.joined_on, m.full_on, m.rights_suspended"             \
    " FROM member m JOIN person p ON p.id=m.person_id"                         \
    " JOIN org o ON o.id=m.org_id"

void member_clear(Member *p)
{
    if (!p) return;
    free(p->zOrgName);
    free(p->zName);
    free(p->zGender);
    free(p->zEthnicity);
    free(p->zBirth);
    free(p->zIdNumber);
    free(p->zPhone);
    free(p->zEducation);
    free(p->zJob);
    free(p->zStatus);
    free(p->zJoinedOn);
    free(p->zFullOn);
    free(p->aPost);
    memset(p, 0, sizeof *p);
}

/* Decrypt zSealed (NULL gives NULL) and mask it unless bUnmask.  Caller
** frees.  A value that does not open is logged and shown as stars. */
static char *reveal(Ctx *c, const char *zSealed, int bUnmask, int bPhone)
{
    char *zPlain = 0;
    char zMask[19];
    if (!zSealed) return 0;
    if (vault_open(c->pKeys, zSealed, &zPlain)) {
        log_msg(LOG_ERROR, "member: sealed %s does not open",
                bPhone ? "phone" : "id_number");
        zPlain = 0;
    }
    if (bUnmask && zPlain) return zPlain;
    if (bPhone)
        phone_mask(zPlain ? zPlain : "", zMask);
    else
        idcard_mask(zPlain ? zPlain : "", zMask);
    free(zPlain);
    return xstrdup(zMask);
}

/* Fill *m from the current row of p (MEMBER_SELECT). */
static void row_read(Ctx *c, DbStmt *p, int bUnmask, int iToday, Member *m)
{
    int iBirth = 0;
    memset(m, 0, sizeof *m);
    m->iId = db_col_int64(p, 0);
    m->iPerson = db_col_int64(p, 1);
    m->iOrg = db_col_int64(p, 2);
    m->zOrgName = xstrdup(db_col_text(p, 3));
    m->zName = xstrdup(db_col_text(p, 4));
    m->zGender = xstrdup(db_col_text(p, 5));
    m->zEthnicity = xstrdup(db_col_text(p, 6));
    m->zBirth = xstrdup(db_col_text(p, 7));
    m->zIdNumber = reveal(c, db_col_text(p, 8), bUnmask, 0);
    m->zPhone = reveal(c, db_col_text(p, 9), bUnmask, 1);
    m->zEducation = xstrdup(db_col_text(p, 10));
    m->zJob = xstrdup(db_col_text(p, 11));
    m->zStatus = xstrdup(db_col_text(p, 12));
    m->zJoinedOn = xstrdup(db_col_text(p, 13));
    m->zFullOn = xstrdup(db_col_text(p, 14));
    m->bVotingRight = m->zStatus && strcmp(m->zStatus, "full") == 0 &&
                      db_col_int64(p, 15) == 0;
    m->bMasked = !bUnmask;
    if (m->zBirth && cal_parse(m->zBirth, &iBirth) == 0)
        m->nAge = cal_age_on(iBirth, iToday);
}

/* Load the current posts of m->iPerson with pPost (reset first). */
static int posts_read(DbStmt *pPost, Member *m)
{
    int rc;
    db_reset(pPost);
    db_bind_int64(pPost, 1, m->iPerson);
    while ((rc = db_step(pPost)) == DB_ROW) {
        m->aPost = xrealloc(m->aPost, sizeof(MemberPost) * (m->nPost + 1));
        MemberPost *q = &m->aPost[m->nPost++];
        q->iId = db_col_int64(pPost, 0);
        q->iOrg = db_col_int64(pPost, 1);
        snprintf(q->zRole, sizeof q->zRole, "%s", db_col_text(pPost, 2));
    }
    return rc == DB_DONE ? DB_OK : rc;
}

static const char zPostSql[] = "SELECT id, org_id, role FROM post"
                               " WHERE person_id=$1 AND ended=0 ORDER BY id";

int member_get(Ctx *c, int64_t iMember, int bUnmask, Member *pOut)
{
    DbStmt *p = 0, *pPost = 0;
    memset(pOut, 0, sizeof *pOut);
    int rc = db_prepare_bind(c->pDb, &p, MEMBER_SELECT " WHERE m.id=$1", "i",
                             iMember);
    if (rc) return rc;
    rc = db_step(p);
    if (rc == DB_ROW) {
        row_read(c, p, bUnmask, cal_today(), pOut);
        rc = db_prepare(c->pDb, &pPost, zPostSql);
        if (!rc) rc = posts_read(pPost, pOut);
    } else if (rc == DB_DONE) {
        rc = DB_NOTFOUND;
    }
    db_finalize(p);
    db_finalize(pPost);
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
    char zPath[256];
    int rc = auth_org_path(pDb, iOrg, zPath);
    if (rc) return rc;
    snprintf(fb->zLo, sizeof fb->zLo, "%s", zPath);
    auth_path_upper(zPath, fb->zHi);
    buf_appendf(pSql, " WHERE o.path >= $%d", param_text(pPar, fb->zLo));
    buf_appendf(pSql, " AND o.path < $%d", param_text(pPar, fb->zHi));
    if (f->zStatus && *f->zStatus)
        buf_appendf(pSql, " AND m.status = $%d", param_text(pPar, f->zStatus));
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

int member_list(Ctx *c, int64_t iOrg, const MemberFilter *f, int bUnmask,
                int bPosts, MemberRowFn xRow, void *pArg)
{
    Buf sql = BUF_INIT;
    FilterBuf fb;
    Params par;
    DbStmt *p = 0, *pPost = 0;
    memset(&fb, 0, sizeof fb);
    memset(&par, 0, sizeof par);
    buf_appends(&sql, MEMBER_SELECT);
    int rc = filter_sql(c->pDb, iOrg, f, &fb, &sql, &par);
    if (rc) goto cleanup;
    buf_appends(&sql, order_sql(f->zSort));
    if (f->nLimit > 0) {
        buf_appendf(&sql, " LIMIT $%d", param_int(&par, f->nLimit));
        buf_appendf(&sql, " OFFSET $%d", param_int(&par, f->nOffset));
    }
    if ((rc = db_prepare(c->pDb, &p, buf_str(&sql)))) goto cleanup;
    if (bPosts && (rc = db_prepare(c->pDb, &pPost, zPostSql))) goto cleanup;
    params_bind(&par, p);
    int iToday = cal_today();
    while ((rc = db_step(p)) == DB_ROW) {
        Member m;
        row_read(c, p, bUnmask, iToday, &m);
        rc = bPosts ? posts_read(pPost, &m) : DB_OK;
        if (!rc) rc = xRow(pArg, &m);
        member_clear(&m);
        if (rc) break;
    }
    if (rc == DB_DONE) rc = DB_OK;
cleanup:
    db_finalize(p);
    db_finalize(pPost);
    buf_free(&sql);
    buf_free(&fb.like);
    return rc;
}

int member_count(Db *pDb, int64_t iOrg, const MemberFilter *f, int64_t *pnTotal)
{
    Buf sql = BUF_INIT;
    FilterBuf fb;
    Params par;
    DbStmt *p = 0;
    memset(&fb, 0, sizeof fb);
    memset(&par, 0, sizeof par);
    buf_appends(&sql, "SELECT count(*) FROM member m JOIN person p ON "
                      "p.id=m.person_id JOIN org o ON o.id=m.org_id");
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
    Ctx *c;                     /* borrowed */
    const Sheet *s;             /* borrowed */
    MemberImport *pRes;         /* borrowed */
    int aiCol[F_COUNT];         /* sheet column of each field, -1 if absent */
    int64_t iOrg;               /* target org */
    int bTargetLeaf;            /* target is a branch or group */
    ImpOrg *aOrg;               /* subtree orgs sorted by name; owned */
    const ImpOrg **apById;      /* the same sorted by id; owned */
    int nOrg;                   /* entries in aOrg and apById */
    char zToday[11];            /* YYYY-MM-DD */
    char (*aIdx)[65];           /* blind index per sheet row ("" = none) */
    unsigned char *aState;      /* per row: 0 skipped, 1 valid, 2 error */
    int *aHash;                 /* open addressing: row+1, 0 = empty */
    unsigned nHash;             /* slots, a power of two */
    struct ImpRow *aRow;        /* INSERT_ROWS row buffers for pass 2; owned */
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
    memcpy(zOut, z, n);
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
    if (rc) return err_db(pDb, pErr, rc);
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
    if (rc != DB_DONE) return err_db(pDb, pErr, rc);
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

/* Hash of a blind index (hex): its first 16 hex digits. */
static unsigned long long idx_hash(const char *z)
{
    unsigned long long h = 0;
    for (int i = 0; i < 16 && z[i]; i++) {
        char ch = z[i];
        h = h * 16 + (unsigned)(ch <= '9' ? ch - '0' : ch - 'a' + 10);
    }
    return h;
}

/* Insert row iRow's index into the hash set, or return the earlier row
** (0-based) holding the same index; -1 when new. */
static int idx_add(Imp *p, int iRow)
{
    unsigned i = (unsigned)idx_hash(p->aIdx[iRow]) & (p->nHash - 1);
    while (p->aHash[i]) {
        int j = p->aHash[i] - 1;
        if (strcmp(p->aIdx[j], p->aIdx[iRow]) == 0) return j;
        i = (i + 1) & (p->nHash - 1);
    }
    p->aHash[i] = iRow + 1;
    return -1;
}

/* The row holding blind index z, or -1. */
static int idx_find(const Imp *p, const char *z)
{
    unsigned i = (unsigned)idx_hash(z) & (p->nHash - 1);
    while (p->aHash[i]) {
        int j = p->aHash[i] - 1;
        if (strcmp(p->aIdx[j], z) == 0) return j;
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

/* Pass 1: validate every row, compute blind indexes, find duplicates in
** the file. */
static void imp_validate(Imp *p)
{
    ImpRow *b = xmalloc(sizeof *b);
    MemberRec m;
    MemberNorm n;
    IdCard card;
    Err e;
    for (int i = 1; i < p->s->nRow; i++) {
        imp_step(p);
        if (imp_row(p, i, b, &m, &e)) continue;
        p->pRes->nRows++;
        if (!e.iCode) member_validate(&m, p->zToday, &n, &e);
        if (e.iCode) imp_error(p, i, field_index(e.zField), e.iCode, e.zMsg);
        /* Register every valid ID number, even on a row with another
        ** error, so that a later duplicate is still reported. */
        if (e.iCode &&
            (!m.zIdNumber || idcard_parse(m.zIdNumber, p->zToday, &card, 0, 0)))
            continue;
        char *zIdx = vault_blind_index(p->c->pKeys, "id_number",
                                       e.iCode ? card.zNorm : n.zIdNumber);
        memcpy(p->aIdx[i], zIdx, 65);
        free(zIdx);
        int j = idx_add(p, i);
        if (e.iCode) continue;
        if (j >= 0) {
            char *zMsg = xprintf("与第%d行的公民身份号码重复", j + 1);
            imp_error(p, i, F_ID, ZE_ID_EXISTS, zMsg);
            free(zMsg);
            continue;
        }
        p->aState[i] = 1;
    }
    free(b);
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
    if (rc) return err_db(p->c->pDb, pErr, rc);
    for (int i = 1; i <= p->s->nRow && !rc; i++) {
        if (i < p->s->nRow && p->aState[i] == 1) aRow[nBatch++] = i;
        if (nBatch < IMPORT_BATCH && (i < p->s->nRow || nBatch == 0)) continue;
        db_reset(s);
        for (int k = 0; k < IMPORT_BATCH; k++) {
            if (k < nBatch)
                db_bind_text(s, k + 1, p->aIdx[aRow[k]]);
            else
                db_bind_null(s, k + 1);
        }
        while ((rc = db_step(s)) == DB_ROW) {
            int j = idx_find(p, db_col_text(s, 0));
            if (j >= 0 && p->aState[j] == 1)
                imp_error(p, j, F_ID, ZE_ID_EXISTS, 0);
        }
        rc = rc == DB_DONE ? DB_OK : rc;
        nBatch = 0;
    }
    db_finalize(s);
    return rc ? err_db(p->c->pDb, pErr, rc) : ZE_OK;
}

/* Multi-row INSERT statements for n rows (1..INSERT_ROWS): person rows
** take parameters $10k+1..$10k+10 and share $10n+1 (the time); member rows
** take $5k+1..$5k+5 and share $5n+1.  Returns DB_OK or an error. */
static int batch_prepare(Db *pDb, int n, DbStmt **ppPerson, DbStmt **ppMember)
{
    Buf a = BUF_INIT, b = BUF_INIT;
    buf_appends(&a, "INSERT INTO person(name,gender,ethnicity,birth_date,"
                    "id_number_enc,id_number_idx,phone_enc,phone_idx,"
                    "education,job,created_at,updated_at) VALUES");
    buf_appends(&b, "INSERT INTO member(person_id,org_id,status,joined_on,"
                    "full_on,created_at,updated_at) VALUES");
    for (int k = 0; k < n; k++) {
        buf_appends(&a, k ? ",(" : "(");
        for (int i = 1; i <= 10; i++)
            buf_appendf(&a, "$%d,", 10 * k + i);
        buf_appendf(&a, "$%d,$%d)", 10 * n + 1, 10 * n + 1);
        buf_appends(&b, k ? ",(" : "(");
        for (int i = 1; i <= 5; i++)
            buf_appendf(&b, "$%d,", 5 * k + i);
        buf_appendf(&b, "$%d,$%d)", 5 * n + 1, 5 * n + 1);
    }
    buf_appends(&a, " RETURNING id, id_number_idx");
    int rc = db_prepare(pDb, ppPerson, buf_str(&a));
    if (!rc) rc = db_prepare(pDb, ppMember, buf_str(&b));
    buf_free(&a);
    buf_free(&b);
    return rc;
}

/* Insert the valid rows aRow[0..n) with the statements of batch_prepare()
** for n rows, sealing each ID number and phone once.  Person ids come back
** with their blind index, which maps them to rows.  Returns DB_OK or an
** error. */
static int batch_insert(Imp *p, DbStmt *pPerson, DbStmt *pMember,
                        const int *aRow, int n, int64_t tNow)
{
    MemberRec am[INSERT_ROWS];
    MemberNorm an[INSERT_ROWS];
    Err e;
    int64_t aPerson[INSERT_ROWS];
    int rc;
    db_reset(pPerson);
    for (int k = 0; k < n; k++) {
        const MemberRec *m = &am[k];
        const MemberNorm *nm = &an[k];
        int i = 10 * k;
        imp_row(p, aRow[k], &p->aRow[k], &am[k], &e);
        member_validate(&am[k], p->zToday, &an[k], &e);
        char *zIdEnc = vault_seal(p->c->pKeys, nm->zIdNumber);
        char *zPhEnc = 0, *zPhIdx = 0;
        if (nm->zPhone[0]) {
            zPhEnc = vault_seal(p->c->pKeys, nm->zPhone);
            zPhIdx = vault_blind_index(p->c->pKeys, "phone", nm->zPhone);
        }
        db_bind_text(pPerson, i + 1, m->zName);
        db_bind_text(pPerson, i + 2, nm->zGender);
        bind_opt(pPerson, i + 3, m->zEthnicity);
        db_bind_text(pPerson, i + 4, nm->zBirth);
        db_bind_text(pPerson, i + 5, zIdEnc);
        db_bind_text(pPerson, i + 6, p->aIdx[aRow[k]]);
        bind_opt(pPerson, i + 7, zPhEnc);
        bind_opt(pPerson, i + 8, zPhIdx);
        bind_opt(pPerson, i + 9, m->zEducation);
        bind_opt(pPerson, i + 10, m->zJob);
        free(zIdEnc);
        free(zPhEnc);
        free(zPhIdx);
        aPerson[k] = 0;
    }
    db_bind_int64(pPerson, 10 * n + 1, tNow);
    while ((rc = db_step(pPerson)) == DB_ROW) {
        int j = idx_find(p, db_col_text(pPerson, 1));
        for (int k = 0; k < n; k++)
            if (aRow[k] == j) aPerson[k] = db_col_int64(pPerson, 0);
    }
    if (rc != DB_DONE) return rc;
    db_reset(pMember);
    for (int k = 0; k < n; k++) {
        int i = 5 * k;
        if (!aPerson[k]) return DB_ERROR;
        db_bind_int64(pMember, i + 1, aPerson[k]);
        db_bind_int64(pMember, i + 2, am[k].iOrg);
        db_bind_text(pMember, i + 3, am[k].zStatus);
        db_bind_text(pMember, i + 4, an[k].zJoinedOn);
        bind_opt(pMember, i + 5, an[k].zFullOn);
    }
    db_bind_int64(pMember, 5 * n + 1, tNow);
    rc = db_step(pMember);
    return rc == DB_DONE ? DB_OK : rc;
}

/* Pass 2: insert every valid row in one transaction, INSERT_ROWS rows per
** statement, with statements prepared once; then the audit row. */
static int imp_insert(Imp *p, Err *pErr)
{
    DbStmt *pPerson = 0, *pMember = 0, *pTailP = 0, *pTailM = 0;
    int aRow[INSERT_ROWS], nBatch = 0, nDone = 0;
    char zDetail[64];
    int64_t tNow = util_now();
    int rc = db_begin(p->c->pDb);
    if (rc) return err_db(p->c->pDb, pErr, rc);
    p->aRow = xmalloc(sizeof(ImpRow) * INSERT_ROWS);
    rc = batch_prepare(p->c->pDb, INSERT_ROWS, &pPerson, &pMember);
    for (int i = 1; i < p->s->nRow && !rc; i++) {
        imp_step(p);
        if (p->aState[i] != 1) continue;
        aRow[nBatch++] = i;
        if (nBatch < INSERT_ROWS) continue;
        rc = batch_insert(p, pPerson, pMember, aRow, nBatch, tNow);
        nDone += nBatch;
        nBatch = 0;
    }
    if (!rc && nBatch) {
        rc = batch_prepare(p->c->pDb, nBatch, &pTailP, &pTailM);
        if (!rc) rc = batch_insert(p, pTailP, pTailM, aRow, nBatch, tNow);
        nDone += nBatch;
    }
    if (!rc) {
        snprintf(zDetail, sizeof zDetail, "rows=%d", nDone);
        rc = audit_log(p->c, "member.import", "org", p->iOrg, zDetail);
    }
    db_finalize(pPerson);
    db_finalize(pMember);
    db_finalize(pTailP);
    db_finalize(pTailM);
    if (!rc) rc = db_commit(p->c->pDb);
    if (rc) {
        int iCode = err_db(p->c->pDb, pErr, rc);
        db_rollback(p->c->pDb);
        return iCode;
    }
    p->pRes->nImported = nDone;
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
    Err e = {0};
    int rc;
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
    pRes->nValid = pRes->nRows;
    if (pRes->nRows == 0) {
        rc = e.iCode = ZE_IMPORT_EMPTY;
        goto done;
    }
    if (!bDryRun) rc = imp_insert(&imp, &e);
done:
    if (rc && rc != ZE_IMPORT_ROWS && !pRes->zMsg)
        pRes->zMsg = xstrdup(e.zMsg ? e.zMsg : errcode_get(rc)->zMsg);
    if (xProgress) xProgress(pArg, imp.nTotal, imp.nTotal);
    for (int i = 0; i < imp.nOrg; i++)
        free(imp.aOrg[i].zName);
    free(imp.aOrg);
    free(imp.apById);
    free(imp.aRow);
    free(imp.aIdx);
    free(imp.aState);
    free(imp.aHash);
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
