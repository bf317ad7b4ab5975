/* ledger_dues.c: storage of the dues book (党费收缴): base history (F11),
** approved reductions and exemptions (F8) and payments, all append-only and
** audited in their transaction; the loaded books of one member or of a
** subtree; the yearly disclosure (F13) and the .xlsx ledger.
**
** Entry points: ledger_dues_roll, ledger_dues_history, ledger_dues_base_add,
** ledger_dues_relief_add, ledger_dues_pay, ledger_dues_pay_bulk,
** ledger_dues_report, ledger_dues_xlsx, ledger_dues_report_xlsx. */
#include "ledger_dues.h"
#include "audit.h"
#include "auth.h"
#include "calendar.h"
#include "jx.h"
#include "log.h"
#include "util.h"
#include "xlsx.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
static const struct { const char *zName, *zLabel; } aMethod[] = {
  { "alipay",   "支付宝" },
  { "cash",     "现金" },
  { "payroll",  "工资代扣（本人书面同意）" },
  { "transfer", "银行转账" },
  { "wechat",   "微信" },
};
/* clang-format on */

int ledger_dues_method_ok(const char *zMethod)
{
    return ledger_dues_method_label(zMethod)[0] != 0;
}

const char *ledger_dues_method_label(const char *zMethod)
{
    for (int i = 0; zMethod && i < COUNT(aMethod); i++)
        if (strcmp(aMethod[i].zName, zMethod) == 0) return aMethod[i].zLabel;
    return "";
}

/* A text field: at most nMax characters, no control characters; bReq
** makes it required (NULL or empty refused). */
static int check_text(const char *z, int nMax, const char *zField, int bReq,
                      Err *pErr)
{
    return err_check_text(z, nMax, bReq, 0, zField, pErr);
}

/* A date field (NULL: today, when bDefault) into z[11]; not in the future. */
static int check_day(const char *z, const char *zField, char zOut[11],
                     Err *pErr)
{
    int iDay;
    if (!z) {
        util_today(zOut);
        return 0;
    }
    if (cal_parse(z, &iDay)) return err_set(pErr, ZE_DATE_INVALID, zField, 0);
    if (iDay > cal_today()) return err_set(pErr, ZE_DATE_FUTURE, zField, 0);
    cal_format(iDay, zOut);
    return 0;
}

/* Months zFrom..zTo: required, well formed, in order, at most nSpan. */
static int check_months(const char *zFrom, const char *zTo, int nSpan,
                        int *piFrom, int *piTo, Err *pErr)
{
    if (!zFrom) return err_set(pErr, ZE_FIELD_REQUIRED, "from_month", 0);
    if (!zTo) return err_set(pErr, ZE_FIELD_REQUIRED, "to_month", 0);
    if (duesbook_month_parse(zFrom, piFrom))
        return err_set(pErr, ZE_DUES_MONTH, "from_month", 0);
    if (duesbook_month_parse(zTo, piTo))
        return err_set(pErr, ZE_DUES_MONTH, "to_month", 0);
    if (*piTo < *piFrom)
        return err_set(pErr, ZE_DUES_MONTH_ORDER, "to_month", 0);
    if (nSpan && *piTo - *piFrom + 1 > nSpan)
        return err_set(pErr, ZE_DUES_SPAN, "to_month", 0);
    return 0;
}

/* ---- loading ---- */

/* Member columns; the WHERE clause picks a subtree or one member. */
#define MEMBER_COLS                                                            \
    "SELECT m.id, m.org_id, p.name, o.name, m.status, m.joined_on FROM "       \
    "member m JOIN person p ON p.id=m.person_id JOIN org o ON o.id=m.org_id "
#define IN_TREE "o.path >= $1 AND o.path < $2"
#define DATA_JOIN                                                              \
    " JOIN member m ON m.id=x.member_id JOIN org o ON o.id=m.org_id WHERE "

static const char *const azMemberSql[2] = {
    MEMBER_COLS "WHERE " IN_TREE " ORDER BY o.path, p.name, m.id",
    MEMBER_COLS "WHERE m.id=$1",
};
static const char *const azBaseSql[2] = {
    "SELECT x.member_id, x.effective_month, x.kind, x.base_fen, "
    "x.confirmed_on FROM dues_base x" DATA_JOIN IN_TREE
    " ORDER BY x.member_id, x.effective_month, x.id",
    "SELECT x.member_id, x.effective_month, x.kind, x.base_fen, "
    "x.confirmed_on FROM dues_base x WHERE x.member_id=$1 "
    "ORDER BY x.member_id, x.effective_month, x.id",
};
static const char *const azReliefSql[2] = {
    "SELECT x.member_id, x.from_month, x.to_month, x.kind, x.amount_fen "
    "FROM dues_relief x" DATA_JOIN IN_TREE " ORDER BY x.member_id, x.id",
    "SELECT x.member_id, x.from_month, x.to_month, x.kind, x.amount_fen "
    "FROM dues_relief x WHERE x.member_id=$1 ORDER BY x.member_id, x.id",
};
static const char *const azPaySql[2] = {
    "SELECT x.member_id, x.id, x.corrects_id, x.from_month, x.to_month, "
    "x.amount_fen FROM dues_payment x" DATA_JOIN IN_TREE
    " ORDER BY x.member_id, x.id",
    "SELECT x.member_id, x.id, x.corrects_id, x.from_month, x.to_month, "
    "x.amount_fen FROM dues_payment x WHERE x.member_id=$1 "
    "ORDER BY x.member_id, x.id",
};

/* Member ids sorted, for the lookup of each data row's member. */
typedef struct IdIx {
    int64_t iId;
    int i;
} IdIx;

static int idix_cmp(const void *a, const void *b)
{
    int64_t x = ((const IdIx *)a)->iId, y = ((const IdIx *)b)->iId;
    return x < y ? -1 : x > y;
}

/* The roll index of member iId, or -1. */
static int find_member(const IdIx *a, int n, int64_t iId)
{
    IdIx key = {iId, 0};
    const IdIx *p = n ? bsearch(&key, a, (size_t)n, sizeof *a, idix_cmp) : 0;
    return p ? p->i : -1;
}

/* Prepare azSql[bOne] bound for the subtree zLo..zHi or member iMember. */
static int prep(Db *pDb, DbStmt **ps, const char *const azSql[2], int bOne,
                const char *zLo, const char *zHi, int64_t iMember)
{
    if (bOne) return db_prepare_bind(pDb, ps, azSql[1], "i", iMember);
    return db_prepare_bind(pDb, ps, azSql[0], "tt", zLo, zHi);
}

/* Grow *pa (of element size sz) to hold n + 1 elements. */
static void *grow(void *a, int n, size_t sz)
{
    if ((n & (n - 1)) == 0) /* 0, 1, 2, 4, ...: double */
        a = xrealloc(a, (size_t)(n ? 2 * n : 1) * sz);
    return a;
}

int ledger_dues_roll(Db *pDb, int64_t iOrg, int64_t iMember, DuesRoll *p)
{
    char zLo[256], zHi[256];
    DbStmt *s = 0;
    int bOne = iMember > 0, rc, nAlloc = 0;
    IdIx *aIx = 0;
    memset(p, 0, sizeof *p);
    dues_rules_load(pDb, &p->rules);
    zLo[0] = zHi[0] = 0;
    if (!bOne) {
        rc = auth_org_path(pDb, iOrg, zLo);
        if (rc) return rc;
        auth_path_upper(zLo, zHi);
    }
    db_read_begin(pDb);
    rc = prep(pDb, &s, azMemberSql, bOne, zLo, zHi, iMember);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        rc = 0;
        if (p->n == nAlloc) {
            nAlloc = nAlloc ? 2 * nAlloc : 16;
            p->a = xrealloc(p->a, (size_t)nAlloc * sizeof *p->a);
        }
        DuesMember *m = &p->a[p->n++];
        memset(m, 0, sizeof *m);
        m->iMember = db_col_int64(s, 0);
        m->iOrg = db_col_int64(s, 1);
        m->zName = xstrdup(db_col_text(s, 2));
        m->zOrgName = xstrdup(db_col_text(s, 3));
        snprintf(m->zStatus, sizeof m->zStatus, "%s",
                 db_col_text(s, 4) ? db_col_text(s, 4) : "");
        snprintf(m->zJoinedOn, sizeof m->zJoinedOn, "%s",
                 db_col_text(s, 5) ? db_col_text(s, 5) : "");
    }
    db_finalize(s);
    if (rc == DB_DONE) rc = DB_OK;
    if (!rc && bOne && p->n == 0) rc = DB_NOTFOUND;
    if (!rc) {
        aIx = xmalloc((size_t)(p->n ? p->n : 1) * sizeof *aIx);
        for (int i = 0; i < p->n; i++)
            aIx[i] = (IdIx){p->a[i].iMember, i};
        qsort(aIx, (size_t)p->n, sizeof *aIx, idix_cmp);
    }
    /* Bases (F11). */
    if (!rc) rc = prep(pDb, &s, azBaseSql, bOne, zLo, zHi, iMember);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        rc = 0;
        int i = find_member(aIx, p->n, db_col_int64(s, 0));
        DuesBase b = {0, 0, db_col_int64(s, 3)};
        if (i < 0 || duesbook_month_parse(db_col_text(s, 1), &b.iMonth) ||
            dues_kind_parse(db_col_text(s, 2), &b.eKind))
            continue;
        DuesMember *m = &p->a[i];
        m->aBase = grow(m->aBase, m->nBase, sizeof *m->aBase);
        m->aBase[m->nBase++] = b;
        const char *z = db_col_text(s, 4);
        if (z && strcmp(z, m->zConfirmedOn) > 0)
            snprintf(m->zConfirmedOn, sizeof m->zConfirmedOn, "%s", z);
    }
    db_finalize(s);
    if (rc == DB_DONE) rc = DB_OK;
    /* Reliefs (F8). */
    if (!rc) rc = prep(pDb, &s, azReliefSql, bOne, zLo, zHi, iMember);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        rc = 0;
        int i = find_member(aIx, p->n, db_col_int64(s, 0));
        const char *zKind = db_col_text(s, 3);
        DuesRelief r = {0, 0, zKind && strcmp(zKind, "exemption") == 0,
                        db_col_int64(s, 4)};
        if (i < 0 || duesbook_month_parse(db_col_text(s, 1), &r.iFrom) ||
            duesbook_month_parse(db_col_text(s, 2), &r.iTo))
            continue;
        DuesMember *m = &p->a[i];
        m->aRelief = grow(m->aRelief, m->nRelief, sizeof *m->aRelief);
        m->aRelief[m->nRelief++] = r;
    }
    db_finalize(s);
    if (rc == DB_DONE) rc = DB_OK;
    /* Payments and corrections. */
    if (!rc) rc = prep(pDb, &s, azPaySql, bOne, zLo, zHi, iMember);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        rc = 0;
        int i = find_member(aIx, p->n, db_col_int64(s, 0));
        DuesPay y = {db_col_int64(s, 1),
                     db_col_is_null(s, 2) ? 0 : db_col_int64(s, 2), 0, 0,
                     db_col_int64(s, 5)};
        if (i < 0 || duesbook_month_parse(db_col_text(s, 3), &y.iFrom) ||
            duesbook_month_parse(db_col_text(s, 4), &y.iTo))
            continue;
        DuesMember *m = &p->a[i];
        m->aPay = grow(m->aPay, m->nPay, sizeof *m->aPay);
        m->aPay[m->nPay++] = y;
    }
    db_finalize(s);
    if (rc == DB_DONE) rc = DB_OK;
    db_read_end(pDb);
    free(aIx);
    for (int i = 0; i < p->n; i++) {
        DuesMember *m = &p->a[i];
        int iDay;
        m->book = (DuesBook){0,          m->aBase, m->nBase, m->aRelief,
                             m->nRelief, m->aPay,  m->nPay,  &p->rules};
        /* F9: 预备党员 pay from the congress date (member.joined_on). */
        if (m->zJoinedOn[0] && !cal_parse(m->zJoinedOn, &iDay))
            m->book.iStart = duesbook_month_of_day(iDay);
    }
    if (rc) ledger_dues_roll_free(p);
    return rc;
}

void ledger_dues_roll_free(DuesRoll *p)
{
    for (int i = 0; i < p->n; i++) {
        free(p->a[i].zName);
        free(p->a[i].zOrgName);
        free(p->a[i].aBase);
        free(p->a[i].aRelief);
        free(p->a[i].aPay);
    }
    free(p->a);
    p->a = 0;
    p->n = 0;
}

/* Money as 元 text ("30.00", "-5.00") into z[32]. */
static void yuan(int64_t nFen, char z[32])
{
    dues_format_fen(nFen, z);
}

int ledger_dues_history(Db *pDb, int64_t iMember, json_t **ppBases,
                        json_t **ppReliefs, json_t **ppPays)
{
    DbStmt *s = 0;
    json_t *aB = json_array(), *aR = json_array(), *aP = json_array();
    int rc = db_prepare_bind(
        pDb, &s,
        "SELECT id, kind, base_fen, effective_month, confirmed_on, note, "
        "recorded_by, created_at FROM dues_base WHERE member_id=$1 "
        "ORDER BY effective_month DESC, id DESC",
        "i", iMember);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        rc = 0;
        json_t *e = json_object();
        DuesKind k = 0;
        dues_kind_parse(db_col_text(s, 1), &k);
        jx_set_int(e, "id", db_col_int64(s, 0));
        jx_set_str(e, "kind", db_col_text(s, 1));
        jx_set_str(e, "kind_label", dues_kind_label(k));
        jx_set_int(e, "base_fen", db_col_int64(s, 2));
        jx_set_str(e, "effective_month", db_col_text(s, 3));
        jx_set_str(e, "confirmed_on", db_col_text(s, 4));
        jx_set_str(e, "note", db_col_text(s, 5));
        jx_set_str(e, "recorded_by", db_col_text(s, 6));
        jx_set_int(e, "recorded_at", db_col_int64(s, 7));
        json_array_append_new(aB, e);
    }
    db_finalize(s);
    if (rc == DB_DONE) rc = DB_OK;
    if (!rc)
        rc = db_prepare_bind(
            pDb, &s,
            "SELECT id, kind, from_month, to_month, amount_fen, approved_by, "
            "approving_body, approved_on, reason, recorded_by, created_at "
            "FROM dues_relief WHERE member_id=$1 ORDER BY id",
            "i", iMember);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        rc = 0;
        json_t *e = json_object();
        int bEx = strcmp(db_col_text(s, 1), "exemption") == 0;
        jx_set_int(e, "id", db_col_int64(s, 0));
        jx_set_str(e, "kind", db_col_text(s, 1));
        jx_set_str(e, "kind_label", bEx ? "免交" : "少交");
        jx_set_str(e, "from_month", db_col_text(s, 2));
        jx_set_str(e, "to_month", db_col_text(s, 3));
        jx_set_int(e, "amount_fen", db_col_int64(s, 4));
        jx_set_str(e, "approved_by", db_col_text(s, 5));
        jx_set_str(e, "approving_body", db_col_text(s, 6));
        jx_set_str(e, "approved_on", db_col_text(s, 7));
        jx_set_str(e, "reason", db_col_text(s, 8));
        jx_set_str(e, "recorded_by", db_col_text(s, 9));
        jx_set_int(e, "recorded_at", db_col_int64(s, 10));
        jx_set_str(e, "rule", "F8");
        jx_set_str(e, "article", "党费规定 第七条");
        json_array_append_new(aR, e);
    }
    db_finalize(s);
    if (rc == DB_DONE) rc = DB_OK;
    if (!rc)
        rc = db_prepare_bind(
            pDb, &s,
            "SELECT id, from_month, to_month, amount_fen, paid_on, method, "
            "receipt_no, corrects_id, corrected_to_fen, note, recorded_by, "
            "created_at, (SELECT count(*) FROM dues_payment c WHERE "
            "c.corrects_id=dues_payment.id) FROM dues_payment WHERE "
            "member_id=$1 ORDER BY id",
            "i", iMember);
    while (!rc && (rc = db_step(s)) == DB_ROW) {
        rc = 0;
        json_t *e = json_object();
        const char *zMethod = db_col_text(s, 5);
        jx_set_int(e, "id", db_col_int64(s, 0));
        jx_set_str(e, "from_month", db_col_text(s, 1));
        jx_set_str(e, "to_month", db_col_text(s, 2));
        jx_set_int(e, "amount_fen", db_col_int64(s, 3));
        jx_set_str(e, "paid_on", db_col_text(s, 4));
        jx_set_str(e, "method", zMethod);
        jx_set_str(e, "method_label", ledger_dues_method_label(zMethod));
        jx_set_str(e, "receipt_no", db_col_text(s, 6));
        jx_set_id(e, "corrects_id",
                  db_col_is_null(s, 7) ? 0 : db_col_int64(s, 7));
        if (db_col_is_null(s, 8))
            json_object_set_new(e, "corrected_to_fen", json_null());
        else
            jx_set_int(e, "corrected_to_fen", db_col_int64(s, 8));
        jx_set_str(e, "note", db_col_text(s, 9));
        jx_set_str(e, "recorded_by", db_col_text(s, 10));
        jx_set_int(e, "recorded_at", db_col_int64(s, 11));
        jx_set_bool(e, "corrected", db_col_int64(s, 12) > 0);
        json_array_append_new(aP, e);
    }
    db_finalize(s);
    if (rc == DB_DONE) rc = DB_OK;
    if (rc) {
        json_decref(aB);
        json_decref(aR);
        json_decref(aP);
        return rc;
    }
    *ppBases = aB;
    *ppReliefs = aR;
    *ppPays = aP;
    return DB_OK;
}

/* ---- writing ---- */

/* The org of member iMember; ZE_NOT_FOUND when there is none. */
static int member_org_of(Ctx *c, int64_t iMember, int64_t *piOrg, Err *pErr)
{
    int rc = db_one_int64(
        c->pDb, piOrg, "SELECT org_id FROM member WHERE id=$1", "i", iMember);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "dues member"), 0, 0);
    return 0;
}

int ledger_dues_base_add(Ctx *c, int64_t iMember, const DuesBaseIn *in,
                         int64_t *piId, Err *pErr)
{
    DuesKind eKind;
    DuesRules rules;
    DuesCalc calc;
    int iMonth, iErr;
    int64_t iOrg, nBase = in->bBase ? in->nBaseFen : 0;
    char zOn[11], zDetail[160];
    if (!in->zKind) return err_set(pErr, ZE_FIELD_REQUIRED, "kind", 0);
    if (dues_kind_parse(in->zKind, &eKind))
        return err_set(pErr, ZE_DUES_KIND, "kind", 0);
    int bFixed = eKind == DUES_STUDENT || eKind == DUES_UNEMPLOYED ||
                 eKind == DUES_FARMER;
    if (!bFixed && !in->bBase)
        return err_set(pErr, ZE_FIELD_REQUIRED, "base_fen", 0);
    if (bFixed) nBase = 0;
    dues_rules_default(&rules);
    if (nBase < 0 || dues_monthly_fen(eKind, nBase, &rules, &calc))
        return err_set(pErr, ZE_DUES_BASE, "base_fen", 0);
    if (!in->zMonth)
        return err_set(pErr, ZE_FIELD_REQUIRED, "effective_month", 0);
    if (duesbook_month_parse(in->zMonth, &iMonth))
        return err_set(pErr, ZE_DUES_MONTH, "effective_month", 0);
    if ((iErr = check_day(in->zConfirmedOn, "confirmed_on", zOn, pErr)) ||
        (iErr = check_text(in->zNote, 200, "note", 0, pErr)) ||
        (iErr = member_org_of(c, iMember, &iOrg, pErr)))
        return iErr;
    int rc = db_begin(c->pDb);
    if (!rc)
        rc = db_one_int64(
            c->pDb, piId,
            "INSERT INTO dues_base(member_id,kind,base_fen,effective_month,"
            "confirmed_on,note,recorded_by,created_at) VALUES($1,$2,$3,$4,$5,"
            "$6,$7,$8) RETURNING id",
            "ititttti", iMember, dues_kind_name(eKind), nBase, in->zMonth, zOn,
            in->zNote, c->zLogin, util_now());
    snprintf(zDetail, sizeof zDetail, "kind=%s base_fen=%lld from=%s",
             dues_kind_name(eKind), (long long)nBase, in->zMonth);
    if (!rc) rc = audit_log(c, "dues.base", "member", iMember, zDetail);
    return err_finish(c, rc, pErr, "dues base");
}

int ledger_dues_relief_add(Ctx *c, int64_t iMember, const DuesReliefIn *in,
                           int64_t *piId, Err *pErr)
{
    int iFrom, iTo, iErr;
    int64_t iOrg, nFen = 0;
    char zOn[11], zDetail[160];
    if (!in->zKind) return err_set(pErr, ZE_FIELD_REQUIRED, "kind", 0);
    int bEx = strcmp(in->zKind, "exemption") == 0;
    if (!bEx && strcmp(in->zKind, "reduction"))
        return err_set(pErr, ZE_DUES_RELIEF_KIND, "kind", 0);
    if ((iErr = check_months(in->zFrom, in->zTo, 0, &iFrom, &iTo, pErr)))
        return iErr;
    if (!bEx) {
        if (!in->bFen) return err_set(pErr, ZE_FIELD_REQUIRED, "amount_fen", 0);
        if (in->nFen < 0 || in->nFen > DUES_BASE_MAX_FEN)
            return err_set(pErr, ZE_DUES_AMOUNT, "amount_fen", 0);
        nFen = in->nFen;
    }
    if ((iErr = check_text(in->zApprovedBy, 50, "approved_by", 1, pErr)) ||
        (iErr = check_text(in->zBody, 100, "approving_body", 1, pErr)))
        return iErr;
    if (!in->zApprovedOn)
        return err_set(pErr, ZE_FIELD_REQUIRED, "approved_on", 0);
    if ((iErr = check_day(in->zApprovedOn, "approved_on", zOn, pErr)) ||
        (iErr = check_text(in->zReason, 500, "reason", 1, pErr)) ||
        (iErr = member_org_of(c, iMember, &iOrg, pErr)))
        return iErr;
    int rc = db_begin(c->pDb);
    if (!rc)
        rc = db_one_int64(
            c->pDb, piId,
            "INSERT INTO dues_relief(member_id,kind,from_month,to_month,"
            "amount_fen,approved_by,approving_body,approved_on,reason,"
            "recorded_by,created_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,"
            "$11) RETURNING id",
            "itttittttti", iMember, bEx ? "exemption" : "reduction", in->zFrom,
            in->zTo, nFen, in->zApprovedBy, in->zBody, zOn, in->zReason,
            c->zLogin, util_now());
    snprintf(zDetail, sizeof zDetail, "%s %s..%s amount_fen=%lld",
             bEx ? "exemption" : "reduction", in->zFrom, in->zTo,
             (long long)nFen);
    if (!rc) rc = audit_log(c, "dues.relief", "member", iMember, zDetail);
    return err_finish(c, rc, pErr, "dues relief");
}

/* Insert one payment row (inside the caller's transaction) and its audit
** row.  iCorrects 0 for an ordinary payment; nTo < 0 for no
** corrected_to_fen. */
static int pay_insert(Ctx *c, int64_t iMember, int64_t iOrg, const char *zFrom,
                      const char *zTo, int64_t nFen, const char *zPaidOn,
                      const char *zMethod, const char *zReceipt,
                      int64_t iCorrects, int64_t nTo, const char *zNote,
                      int64_t *piId)
{
    char zDetail[200];
    DbStmt *s = 0;
    int rc = db_prepare(
        c->pDb, &s,
        "INSERT INTO dues_payment(member_id,org_id,from_month,to_month,"
        "amount_fen,paid_on,method,receipt_no,corrects_id,corrected_to_fen,"
        "note,recorded_by,created_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,"
        "$11,$12,$13) RETURNING id");
    if (rc) return rc;
    db_bind_int64(s, 1, iMember);
    db_bind_int64(s, 2, iOrg);
    db_bind_text(s, 3, zFrom);
    db_bind_text(s, 4, zTo);
    db_bind_int64(s, 5, nFen);
    db_bind_text(s, 6, zPaidOn);
    db_bind_text(s, 7, zMethod);
    db_bind_text(s, 8, zReceipt && *zReceipt ? zReceipt : 0);
    if (iCorrects)
        db_bind_int64(s, 9, iCorrects);
    else
        db_bind_null(s, 9);
    if (nTo >= 0)
        db_bind_int64(s, 10, nTo);
    else
        db_bind_null(s, 10);
    db_bind_text(s, 11, zNote && *zNote ? zNote : 0);
    db_bind_text(s, 12, c->zLogin);
    db_bind_int64(s, 13, util_now());
    rc = db_step(s);
    if (rc == DB_ROW) {
        *piId = db_col_int64(s, 0);
        rc = DB_OK;
    }
    db_finalize(s);
    if (iCorrects)
        snprintf(zDetail, sizeof zDetail,
                 "correction of #%lld: %lld fen (now %lld) %s..%s",
                 (long long)iCorrects, (long long)nFen, (long long)nTo, zFrom,
                 zTo);
    else
        snprintf(zDetail, sizeof zDetail, "%s..%s %lld fen %s receipt=%s",
                 zFrom, zTo, (long long)nFen, zMethod,
                 zReceipt ? zReceipt : "");
    if (!rc)
        rc = audit_log(c, iCorrects ? "dues.correct" : "dues.pay", "member",
                       iMember, zDetail);
    return rc;
}

int ledger_dues_pay(Ctx *c, int64_t iMember, const DuesPayIn *in, int64_t *piId,
                    Err *pErr)
{
    int iFrom, iTo, iErr;
    int64_t iOrg;
    char zOn[11], zFrom[8], zTo[8], zMethod[16];
    if ((iErr = member_org_of(c, iMember, &iOrg, pErr))) return iErr;
    if (in->iCorrects) {
        /* A correction: a new entry referencing an ordinary payment of this
        ** member, carrying the change to its total; nothing is overwritten. */
        DbStmt *s = 0;
        int64_t nOld = 0;
        int bFound = 0;
        if (!in->bFen) return err_set(pErr, ZE_FIELD_REQUIRED, "amount_fen", 0);
        if (in->nFen < 0 || in->nFen > DUES_BASE_MAX_FEN)
            return err_set(pErr, ZE_DUES_AMOUNT, "amount_fen", 0);
        if ((iErr = check_text(in->zNote, 200, "note", 1, pErr)) ||
            (iErr = check_text(in->zReceipt, 64, "receipt_no", 0, pErr)) ||
            (iErr = check_day(in->zPaidOn, "paid_on", zOn, pErr)))
            return iErr;
        if (in->zMethod && !ledger_dues_method_ok(in->zMethod))
            return err_set(pErr, ZE_DUES_METHOD, "method", 0);
        int rc = db_prepare_bind(
            c->pDb, &s,
            "SELECT from_month, to_month, method, amount_fen + COALESCE(("
            "SELECT sum(x.amount_fen) FROM dues_payment x WHERE "
            "x.corrects_id=p.id), 0) FROM dues_payment p WHERE p.id=$1 AND "
            "p.member_id=$2 AND p.corrects_id IS NULL",
            "ii", in->iCorrects, iMember);
        if (!rc && db_step(s) == DB_ROW) {
            snprintf(zFrom, sizeof zFrom, "%s", db_col_text(s, 0));
            snprintf(zTo, sizeof zTo, "%s", db_col_text(s, 1));
            snprintf(zMethod, sizeof zMethod, "%s", db_col_text(s, 2));
            nOld = db_col_int64(s, 3);
            bFound = 1;
        }
        db_finalize(s);
        if (rc) return err_set(pErr, err_db(c->pDb, rc, "dues correct"), 0, 0);
        if (!bFound) return err_set(pErr, ZE_DUES_CORRECTS, "corrects_id", 0);
        if (in->nFen == nOld)
            return err_set(pErr, ZE_DUES_AMOUNT, "amount_fen",
                           "更正后的金额与原金额相同，无需更正");
        rc = db_begin(c->pDb);
        if (!rc)
            rc = pay_insert(c, iMember, iOrg, zFrom, zTo, in->nFen - nOld, zOn,
                            in->zMethod ? in->zMethod : zMethod, in->zReceipt,
                            in->iCorrects, in->nFen, in->zNote, piId);
        return err_finish(c, rc, pErr, "dues correct");
    }
    if ((iErr = check_months(in->zFrom, in->zTo, DUESBOOK_SPAN_MAX, &iFrom,
                             &iTo, pErr)))
        return iErr;
    if (!in->bFen) return err_set(pErr, ZE_FIELD_REQUIRED, "amount_fen", 0);
    if (in->nFen <= 0 || in->nFen > DUES_BASE_MAX_FEN)
        return err_set(pErr, ZE_DUES_AMOUNT, "amount_fen", 0);
    if (!in->zMethod) return err_set(pErr, ZE_FIELD_REQUIRED, "method", 0);
    if (!ledger_dues_method_ok(in->zMethod))
        return err_set(pErr, ZE_DUES_METHOD, "method", 0);
    if ((iErr = check_day(in->zPaidOn, "paid_on", zOn, pErr)) ||
        (iErr = check_text(in->zReceipt, 64, "receipt_no", 0, pErr)) ||
        (iErr = check_text(in->zNote, 200, "note", 0, pErr)))
        return iErr;
    int rc = db_begin(c->pDb);
    if (!rc)
        rc = pay_insert(c, iMember, iOrg, in->zFrom, in->zTo, in->nFen, zOn,
                        in->zMethod, in->zReceipt, 0, -1, in->zNote, piId);
    return err_finish(c, rc, pErr, "dues pay");
}

int ledger_dues_pay_bulk(Ctx *c, int64_t iOrg, const char *zMonth,
                         const char *zPaidOn, const char *zMethod,
                         const DuesBulkRow *a, int n, int *piRow,
                         int64_t *pnFen, Err *pErr)
{
    int iMonth, iErr;
    char zOn[11];
    DuesRoll roll;
    *piRow = -1;
    *pnFen = 0;
    if (!zMonth) return err_set(pErr, ZE_FIELD_REQUIRED, "month", 0);
    if (duesbook_month_parse(zMonth, &iMonth))
        return err_set(pErr, ZE_DUES_MONTH, "month", 0);
    if (!zMethod) return err_set(pErr, ZE_FIELD_REQUIRED, "method", 0);
    if (!ledger_dues_method_ok(zMethod))
        return err_set(pErr, ZE_DUES_METHOD, "method", 0);
    if ((iErr = check_day(zPaidOn, "paid_on", zOn, pErr))) return iErr;
    if (n <= 0) return err_set(pErr, ZE_FIELD_REQUIRED, "items", 0);
    int rc = ledger_dues_roll(c->pDb, iOrg, 0, &roll);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "dues bulk"), 0, 0);
    int64_t *aFen = xcalloc((size_t)n, sizeof *aFen);
    int64_t *aOrg = xcalloc((size_t)n, sizeof *aOrg);
    /* Check every row first, so a bad row stores nothing. */
    for (int i = 0; i < n && !iErr; i++) {
        int k = -1;
        for (int j = 0; j < roll.n && k < 0; j++)
            if (roll.a[j].iMember == a[i].iMember) k = j;
        for (int j = 0; j < i && !iErr; j++)
            if (a[j].iMember == a[i].iMember)
                iErr = err_set(pErr, ZE_FIELD_INVALID, "member_id",
                               "同一党员在一次登记中出现两次");
        if (iErr) {
            *piRow = i;
            break;
        }
        if (k < 0) {
            *piRow = i;
            iErr =
                err_set(pErr, ZE_NOT_FOUND, "member_id", "该党员不在本组织内");
            break;
        }
        if (a[i].bFen) {
            aFen[i] = a[i].nFen;
        } else {
            DuesMonth m;
            duesbook_due(&roll.a[k].book, iMonth, &m);
            aFen[i] = m.nDue;
        }
        aOrg[i] = roll.a[k].iOrg;
        if (aFen[i] <= 0 || aFen[i] > DUES_BASE_MAX_FEN) {
            *piRow = i;
            iErr = err_set(pErr, ZE_DUES_AMOUNT, "amount_fen",
                           a[i].bFen ? 0
                                     : "该党员本月没有应交党费（未核定基数、"
                                       "尚未入党或已批准免交），请填写金额");
        } else if ((iErr =
                        check_text(a[i].zReceipt, 64, "receipt_no", 0, pErr))) {
            *piRow = i;
        }
    }
    ledger_dues_roll_free(&roll);
    if (!iErr) {
        rc = db_begin(c->pDb);
        for (int i = 0; i < n && !rc; i++) {
            int64_t iId;
            rc = pay_insert(c, a[i].iMember, aOrg[i], zMonth, zMonth, aFen[i],
                            zOn, zMethod, a[i].zReceipt, 0, -1, 0, &iId);
            *pnFen += aFen[i];
        }
        iErr = err_finish(c, rc, pErr, "dues bulk");
    }
    free(aFen);
    free(aOrg);
    return iErr;
}

/* ---- reports ---- */

void ledger_dues_report(const DuesRoll *p, int iYear, int iAsOf,
                        DuesReport *pOut)
{
    int iFirst = duesbook_month(iYear, 1), iAs = duesbook_month_of_day(iAsOf);
    DuesMonth a[12];
    memset(pOut, 0, sizeof *pOut);
    pOut->iYear = iYear;
    pOut->nMonths = iAs < iFirst            ? 0
                    : iAs - iFirst + 1 > 12 ? 12
                                            : iAs - iFirst + 1;
    for (int k = 0; k < 12; k++)
        pOut->aMonth[k].iMonth = iFirst + k;
    for (int i = 0; i < p->n; i++) {
        const DuesMember *m = &p->a[i];
        DuesReportOrg *o = 0;
        for (int j = 0; j < pOut->nOrg && !o; j++)
            if (pOut->aOrg[j].iOrg == m->iOrg) o = &pOut->aOrg[j];
        if (!o) {
            pOut->aOrg = grow(pOut->aOrg, pOut->nOrg, sizeof *pOut->aOrg);
            o = &pOut->aOrg[pOut->nOrg++];
            memset(o, 0, sizeof *o);
            o->iOrg = m->iOrg;
            o->zName = m->zOrgName;
        }
        o->nMembers++;
        duesbook_months(&m->book, iFirst, 12, a);
        for (int k = 0; k < pOut->nMonths; k++) {
            DuesReportMonth *r = &pOut->aMonth[k];
            r->nDue += a[k].nDue;
            r->nPaid += a[k].nPaid;
            if (a[k].nDue > 0) {
                r->nMembersDue++;
                if (a[k].nPaid >= a[k].nDue) r->nMembersPaid++;
            }
            o->nDue += a[k].nDue;
            o->nPaid += a[k].nPaid;
            pOut->nDue += a[k].nDue;
            pOut->nPaid += a[k].nPaid;
        }
    }
}

void ledger_dues_report_free(DuesReport *p)
{
    free(p->aOrg);
    p->aOrg = 0;
    p->nOrg = 0;
}

/* Finish workbook x into *pFd, audit the export; 0 or ZE_EXPORT_FAILED. */
static int xlsx_done(Ctx *c, Xlsx *x, const char *zAction, int64_t iOrg,
                     int iYear, int nRows, int *pFd, long long *pnSize,
                     Err *pErr)
{
    char *zErr = 0, zDetail[64];
    if (xlsx_finish(x, pFd, pnSize, &zErr)) {
        log_msg(LOG_ERROR, "%s: %s", zAction, zErr);
        free(zErr);
        return err_set(pErr, ZE_EXPORT_FAILED, 0, 0);
    }
    snprintf(zDetail, sizeof zDetail, "year=%d rows=%d", iYear, nRows);
    audit_log_tx(c, zAction, "org", iOrg, zDetail);
    return 0;
}

int ledger_dues_xlsx(Ctx *c, int64_t iOrg, int iYear, int iAsOf, int *pFd,
                     long long *pnSize, Err *pErr)
{
    static const char *const azMon[12] = {"1月", "2月",  "3月",  "4月",
                                          "5月", "6月",  "7月",  "8月",
                                          "9月", "10月", "11月", "12月"};
    const char *azHead[23];
    double aWidth[23];
    DuesRoll roll;
    Xlsx *x = 0;
    char *zErr = 0;
    int iFirst = duesbook_month(iYear, 1), iAs = duesbook_month_of_day(iAsOf);
    int rc = ledger_dues_roll(c->pDb, iOrg, 0, &roll);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "dues ledger"), 0, 0);
    if (xlsx_new(&x, &zErr)) {
        log_msg(LOG_ERROR, "dues ledger: %s", zErr);
        free(zErr);
        ledger_dues_roll_free(&roll);
        return err_set(pErr, ZE_EXPORT_FAILED, 0, 0);
    }
    int k = 0;
    azHead[k++] = "姓名";
    azHead[k++] = "所在党组织";
    azHead[k++] = "党员类别";
    azHead[k++] = "基数（元）";
    azHead[k++] = "月交党费（元）";
    for (int i = 0; i < 12; i++)
        azHead[k++] = azMon[i];
    azHead[k++] = "应交合计（元）";
    azHead[k++] = "实交合计（元）";
    azHead[k++] = "欠交（元）";
    for (int i = 0; i < k; i++)
        aWidth[i] = i < 2 ? 16 : i < 5 ? 14 : i < 17 ? 9 : 14;
    char zSheet[32];
    snprintf(zSheet, sizeof zSheet, "%d年党费收缴台账", iYear);
    xlsx_sheet(x, zSheet);
    xlsx_widths(x, aWidth, k);
    xlsx_header(x, azHead, k);
    char az[23][32];
    for (int i = 0; i < roll.n; i++) {
        const DuesMember *m = &roll.a[i];
        DuesMonth a[12];
        int64_t nDue = 0, nPaid = 0, nOwed = 0;
        const char *azRow[23];
        duesbook_months(&m->book, iFirst, 12, a);
        /* The base and amount in force at the as-of month (or December of
        ** a past year). */
        int iRef = iAs < iFirst ? 0 : iAs - iFirst > 11 ? 11 : iAs - iFirst;
        for (int j = 0; j < 12; j++) {
            if (iFirst + j > iAs) {
                az[5 + j][0] = 0;
                continue;
            }
            nDue += a[j].nDue;
            nPaid += a[j].nPaid;
            if (iFirst + j < iAs && a[j].iState != DUESM_NONE &&
                a[j].nPaid < a[j].nDue)
                nOwed += a[j].nDue - a[j].nPaid;
            yuan(a[j].nPaid, az[5 + j]);
        }
        azRow[0] = m->zName;
        azRow[1] = m->zOrgName;
        azRow[2] =
            a[iRef].bBase ? dues_kind_label(a[iRef].calc.eKind) : "未核定";
        az[3][0] = az[4][0] = 0;
        if (a[iRef].bBase) {
            if (!a[iRef].calc.bFixed) yuan(a[iRef].calc.nBaseFen, az[3]);
            yuan(a[iRef].calc.nAmountFen, az[4]);
        }
        azRow[3] = az[3];
        azRow[4] = az[4];
        for (int j = 0; j < 12; j++)
            azRow[5 + j] = az[5 + j];
        yuan(nDue, az[17]);
        yuan(nPaid, az[18]);
        yuan(nOwed, az[19]);
        azRow[17] = az[17];
        azRow[18] = az[18];
        azRow[19] = az[19];
        xlsx_row(x, azRow, 20);
    }
    int n = roll.n;
    ledger_dues_roll_free(&roll);
    return xlsx_done(c, x, "export.dues_ledger", iOrg, iYear, n, pFd, pnSize,
                     pErr);
}

int ledger_dues_report_xlsx(Ctx *c, int64_t iOrg, int iYear, int iAsOf,
                            int *pFd, long long *pnSize, Err *pErr)
{
    static const char *const azHead[] = {"月份", "应交（元）", "实交（元）",
                                         "应交人数", "交齐人数"};
    static const char *const azOrgHead[] = {"党组织", "党员人数", "应交（元）",
                                            "实交（元）"};
    static const double aWidth[] = {24, 14, 14, 10, 10};
    DuesRoll roll;
    DuesReport rep;
    Xlsx *x = 0;
    char *zErr = 0, z[5][32];
    int rc = ledger_dues_roll(c->pDb, iOrg, 0, &roll);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "dues report"), 0, 0);
    ledger_dues_report(&roll, iYear, iAsOf, &rep);
    if (xlsx_new(&x, &zErr)) {
        log_msg(LOG_ERROR, "dues report: %s", zErr);
        free(zErr);
        ledger_dues_report_free(&rep);
        ledger_dues_roll_free(&roll);
        return err_set(pErr, ZE_EXPORT_FAILED, 0, 0);
    }
    xlsx_sheet(x, "按月收缴情况");
    xlsx_widths(x, aWidth, COUNT(aWidth));
    xlsx_header(x, azHead, COUNT(azHead));
    for (int k = 0; k < rep.nMonths; k++) {
        const DuesReportMonth *r = &rep.aMonth[k];
        duesbook_month_format(r->iMonth, z[0]);
        yuan(r->nDue, z[1]);
        yuan(r->nPaid, z[2]);
        snprintf(z[3], 32, "%d", r->nMembersDue);
        snprintf(z[4], 32, "%d", r->nMembersPaid);
        const char *az[] = {z[0], z[1], z[2], z[3], z[4]};
        xlsx_row(x, az, 5);
    }
    yuan(rep.nDue, z[1]);
    yuan(rep.nPaid, z[2]);
    const char *azTot[] = {"合计", z[1], z[2], "", ""};
    xlsx_row(x, azTot, 5);
    xlsx_sheet(x, "按党组织收缴情况");
    xlsx_widths(x, aWidth, COUNT(azOrgHead));
    xlsx_header(x, azOrgHead, COUNT(azOrgHead));
    for (int j = 0; j < rep.nOrg; j++) {
        snprintf(z[1], 32, "%d", rep.aOrg[j].nMembers);
        yuan(rep.aOrg[j].nDue, z[2]);
        yuan(rep.aOrg[j].nPaid, z[3]);
        const char *az[] = {rep.aOrg[j].zName, z[1], z[2], z[3]};
        xlsx_row(x, az, 4);
    }
    ledger_dues_report_free(&rep);
    ledger_dues_roll_free(&roll);
    return xlsx_done(c, x, "export.dues_report", iOrg, iYear, rep.nMonths, pFd,
                     pnSize, pErr);
}
