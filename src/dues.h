/* dues.h: monthly party dues (党费) by member category, computed on the
** whole base in integer fen (分) and rounded half-up (F1-F7, F19, F20 and
** rules §9).  Pure logic: no HTTP, no JSON; the settings that the texts
** leave to local rules come in through DuesRules. */
#ifndef ZHIBU_DUES_H
#define ZHIBU_DUES_H
#include <stdint.h>
#include "db.h"

/* Member categories with the base each one uses (F1-F7). */
typedef enum DuesKind {
    DUES_SALARIED = 1,  /* 工资收入: monthly after-tax fixed pay (F1-F3) */
    DUES_ANNUAL_SALARY, /* 年薪制: pay actually received that month (F4) */
    DUES_SELF_EMPLOYED, /* 个体经营者等: last quarter's monthly average (F5) */
    DUES_RETIRED,       /* 离退休: basic pension, own bands (F6) */
    DUES_STUDENT,       /* 学生: fixed 0.20 元 (F7) */
    DUES_UNEMPLOYED, /* 下岗失业、低保、抚恤救济: fixed 0.20 元 (F7) */
    DUES_FARMER      /* 农民: fixed local amount 0.20-1.00 元 (F7) */
} DuesKind;

/* Largest base accepted: 1 000 000 000.00 元, so base x rate fits easily. */
#define DUES_BASE_MAX_FEN ((int64_t)100000000000)
/* Fixed amount for students and the unemployed (党费规定第六条): 0.20 元. */
#define DUES_STUDENT_FEN 20

/* What local rules decide (settings, see dues_rules_load()). */
typedef struct DuesRules {
    int64_t nFarmerFen; /* farmers' monthly amount, 20..100 fen (F7) */
    int64_t nCapFen;    /* local monthly cap (F19, LOCAL); 0 = no cap */
} DuesRules;

/* One calculation with its working: base -> band -> rate -> amount. */
typedef struct DuesCalc {
    DuesKind eKind;       /* category */
    int64_t nBaseFen;     /* base used, fen (0 for a fixed amount) */
    int bFixed;           /* a fixed amount, no base or rate (F7) */
    int iRateBp;          /* rate in basis points: 50 = 0.5%; 0 if fixed */
    int64_t nBandLoFen;   /* band holds base > lo; -1: from 0 inclusive */
    int64_t nBandHiFen;   /* band holds base <= hi; -1: no upper bound */
    const char *zBand;    /* Chinese label of the band (static) */
    int64_t nAmountFen;   /* monthly dues in fen, after any cap */
    int bCapped;          /* the local cap (F19) lowered the amount */
    const char *zRule;    /* rule id in rules.md, "F3" (static) */
    const char *zArticle; /* "党费规定 第二条" (static) */
} DuesCalc;

/* The defaults of the settings: farmer 0.20 元, no cap. */
void dues_rules_default(DuesRules *p);
/* DuesRules from the settings "dues-farmer-fen" and "dues-monthly-cap-fen"
** of pDb (defaults when pDb is NULL or a value is missing). */
void dues_rules_load(Db *pDb, DuesRules *p);
/*
** Parse a category name ("salaried", "annual_salary", "self_employed",
** "retired", "student", "unemployed", "farmer") into *pe.  Returns 0, or
** nonzero for NULL or an unknown name.
*/
int dues_kind_parse(const char *z, DuesKind *pe);
/* The category's name as dues_kind_parse() takes it (static). */
const char *dues_kind_name(DuesKind e);
/* The category's Chinese label, "工资收入党员" (static). */
const char *dues_kind_label(DuesKind e);
/*
** Monthly dues of a member of category eKind with monthly base nBaseFen
** (ignored for the fixed amounts of F7).  The rate of the band the whole
** base falls in applies to the whole base (not progressively); a band
** includes its upper edge (3000.00 元 is in the 0.5% band, 3000.01 元 in
** the 1% band); the result is rounded half-up to the fen.  Fills *pOut
** and returns 0, or returns nonzero (and leaves *pOut zeroed) for an
** unknown category or a base outside 0..DUES_BASE_MAX_FEN.
*/
int dues_monthly_fen(DuesKind eKind, int64_t nBaseFen, const DuesRules *pRules,
                     DuesCalc *pOut);
/*
** Parse an amount in 元 written "1234", "1234.5" or "1234.56" (digits, at
** most one point, at most two decimals, no sign, no spaces) exactly into
** fen, never through floating point.  Returns 0 and *pFen, or nonzero when
** malformed or above DUES_BASE_MAX_FEN.
*/
int dues_parse_yuan(const char *z, int64_t *pFen);
/* Write nFen (>= 0) as 元 with two decimals, "30.00", into z. */
void dues_format_fen(int64_t nFen, char z[32]);
/* Write a rate in basis points as a percentage, "0.5%" or "2%", into z. */
void dues_format_rate(int iRateBp, char z[16]);

#endif
