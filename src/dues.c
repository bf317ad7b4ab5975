/* dues.c: monthly party dues (党费) by category (F1-F7), on the whole
** base, in integer fen, rounded half-up (F20, rules §9), with the working
** a member sees: base -> band -> rate -> amount.  The farmers' amount and
** the optional local cap are settings (F7, F19).
**
** Entry points: dues_monthly_fen, dues_parse_yuan, dues_format_fen,
** dues_kind_parse, dues_rules_load. */
#include "dues.h"
#include "setting.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

/* One band: base > nLo (nLo < 0: from 0) and base <= nHi (nHi < 0: no
** upper bound) pays iRateBp basis points of the whole base. */
typedef struct DuesBand {
    int64_t nLo;       /* exclusive lower edge, fen; -1 for the first band */
    int64_t nHi;       /* inclusive upper edge, fen; -1 for the last band */
    int iRateBp;       /* basis points of the whole base */
    const char *zBand; /* label in the regulation's words */
} DuesBand;

/* 党费规定第二条 (F3): salaried members; also 年薪制 (F4) and 个体 (F5). */
/* clang-format off */
static const DuesBand aWage[] = {
  { -1,      300000,  50,  "3000元以下（含3000元）" },
  { 300000,  500000,  100, "3000元以上至5000元（含5000元）" },
  { 500000,  1000000, 150, "5000元以上至10000元（含10000元）" },
  { 1000000, -1,      200, "10000元以上" },
};
/* 党费规定第五条 (F6): retired members. */
static const DuesBand aRetired[] = {
  { -1,     500000, 50,  "5000元以下（含5000元）" },
  { 500000, -1,     100, "5000元以上" },
};
/* clang-format on */

/* One category: its name, label, rule and bands (NULL: a fixed amount). */
typedef struct DuesCat {
    DuesKind eKind;
    const char *zName;     /* CLI and JSON name */
    const char *zLabel;    /* Chinese label */
    const char *zRule;     /* rules.md id */
    const char *zArticle;  /* article of 党费规定 */
    const DuesBand *aBand; /* bands, or NULL for a fixed amount */
    int nBand;
} DuesCat;

/* clang-format off */
static const DuesCat aCat[] = {
  { DUES_SALARIED,      "salaried",      "工资收入党员",     "F3", "党费规定 第二条", aWage,    4 },
  { DUES_ANNUAL_SALARY, "annual_salary", "实行年薪制的党员", "F4", "党费规定 第三条", aWage,    4 },
  { DUES_SELF_EMPLOYED, "self_employed", "个体经营者等党员", "F5", "党费规定 第四条", aWage,    4 },
  { DUES_RETIRED,       "retired",       "离退休党员",       "F6", "党费规定 第五条", aRetired, 2 },
  { DUES_STUDENT,       "student",       "学生党员",         "F7", "党费规定 第六条", 0,        0 },
  { DUES_UNEMPLOYED,    "unemployed",    "下岗失业、领取最低生活保障金等党员", "F7", "党费规定 第六条", 0, 0 },
  { DUES_FARMER,        "farmer",        "农民党员",         "F7", "党费规定 第六条", 0,        0 },
};
/* clang-format on */

/* The row of eKind, or NULL. */
static const DuesCat *cat_of(DuesKind eKind)
{
    for (int i = 0; i < COUNT(aCat); i++)
        if (aCat[i].eKind == eKind) return &aCat[i];
    return 0;
}

void dues_rules_default(DuesRules *p)
{
    p->nFarmerFen = 20;
    p->nCapFen = 0;
}

void dues_rules_load(Db *pDb, DuesRules *p)
{
    p->nFarmerFen = setting_int(pDb, "dues-farmer-fen");
    p->nCapFen = setting_int(pDb, "dues-monthly-cap-fen");
}

int dues_kind_parse(const char *z, DuesKind *pe)
{
    for (int i = 0; z && i < COUNT(aCat); i++) {
        if (strcmp(aCat[i].zName, z) == 0) {
            *pe = aCat[i].eKind;
            return 0;
        }
    }
    return 1;
}

const char *dues_kind_name(DuesKind e)
{
    const DuesCat *c = cat_of(e);
    return c ? c->zName : "";
}

const char *dues_kind_label(DuesKind e)
{
    const DuesCat *c = cat_of(e);
    return c ? c->zLabel : "";
}

int dues_monthly_fen(DuesKind eKind, int64_t nBaseFen, const DuesRules *pRules,
                     DuesCalc *pOut)
{
    const DuesCat *c = cat_of(eKind);
    memset(pOut, 0, sizeof *pOut);
    if (!c) return 1;
    if (c->aBand && (nBaseFen < 0 || nBaseFen > DUES_BASE_MAX_FEN)) return 1;
    pOut->eKind = eKind;
    pOut->zRule = c->zRule;
    pOut->zArticle = c->zArticle;
    if (!c->aBand) {
        /* F7: a fixed monthly amount, whatever the income. */
        pOut->bFixed = 1;
        pOut->nBandLoFen = pOut->nBandHiFen = -1;
        if (eKind == DUES_FARMER) {
            pOut->nAmountFen = pRules->nFarmerFen;
            pOut->zBand = "按当地规定的固定数额（每月0.2元至1.0元）";
        } else {
            pOut->nAmountFen = DUES_STUDENT_FEN;
            pOut->zBand = "固定数额（每月0.2元）";
        }
    } else {
        const DuesBand *b = &c->aBand[c->nBand - 1];
        for (int i = 0; i < c->nBand; i++) {
            if (c->aBand[i].nHi < 0 || nBaseFen <= c->aBand[i].nHi) {
                b = &c->aBand[i];
                break;
            }
        }
        pOut->nBaseFen = nBaseFen;
        pOut->iRateBp = b->iRateBp;
        pOut->nBandLoFen = b->nLo;
        pOut->nBandHiFen = b->nHi;
        pOut->zBand = b->zBand;
        /* Whole base x rate, half-up to the fen: bp/10000 of the base. */
        pOut->nAmountFen = (nBaseFen * b->iRateBp + 5000) / 10000;
    }
    if (pRules->nCapFen > 0 && pOut->nAmountFen > pRules->nCapFen) {
        pOut->nAmountFen = pRules->nCapFen; /* F19, LOCAL, off by default */
        pOut->bCapped = 1;
    }
    return 0;
}

int dues_parse_yuan(const char *z, int64_t *pFen)
{
    int64_t nYuan = 0, nFen = 0;
    int nInt = 0, nDec = 0;
    if (!z) return 1;
    for (; *z >= '0' && *z <= '9'; z++, nInt++) {
        if (nYuan > DUES_BASE_MAX_FEN / 100) return 1;
        nYuan = nYuan * 10 + (*z - '0');
    }
    if (nInt == 0) return 1;
    if (*z == '.') {
        z++;
        for (; *z >= '0' && *z <= '9'; z++, nDec++) {
            if (nDec >= 2) return 1;
            nFen = nFen * 10 + (*z - '0');
        }
        if (nDec == 0) return 1;
        if (nDec == 1) nFen *= 10;
    }
    if (*z) return 1;
    if (nYuan > DUES_BASE_MAX_FEN / 100) return 1;
    *pFen = nYuan * 100 + nFen;
    return *pFen > DUES_BASE_MAX_FEN;
}

void dues_format_fen(int64_t nFen, char z[32])
{
    snprintf(z, 32, "%s%lld.%02lld", nFen < 0 ? "-" : "",
             (long long)((nFen < 0 ? -nFen : nFen) / 100),
             (long long)((nFen < 0 ? -nFen : nFen) % 100));
}

void dues_format_rate(int iRateBp, char z[16])
{
    if (iRateBp % 100 == 0)
        snprintf(z, 16, "%d%%", iRateBp / 100);
    else if (iRateBp % 10 == 0)
        snprintf(z, 16, "%d.%d%%", iRateBp / 100, iRateBp / 10 % 10);
    else
        snprintf(z, 16, "%d.%02d%%", iRateBp / 100, iRateBp % 100);
}
