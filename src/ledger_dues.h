/* ledger_dues.h: storage of the dues book (党费收缴, issue 4 items 6-7):
** base history (F11), reliefs (F8) and payments, never updated or
** deleted; the loaded books of one member or of an org's subtree for the
** collection sheet, arrears (F14/F18), the yearly disclosure (F13) and the
** .xlsx ledger (党费收缴台账).  Every write is audited in its transaction.
** The arithmetic is duesbook.c and dues.c. */
#ifndef ZHIBU_LEDGER_DUES_H
#define ZHIBU_LEDGER_DUES_H
#include <jansson.h>
#include <stdint.h>
#include "ctx.h"
#include "duesbook.h"
#include "errcode.h"

/* One member with the data of their book. */
typedef struct DuesMember {
    int64_t iMember;       /* member.id */
    int64_t iOrg;          /* member.org_id */
    char *zName;           /* owned */
    char *zOrgName;        /* owned */
    char zStatus[16];      /* probationary | full */
    char zJoinedOn[11];    /* congress date (F9), "" when unknown */
    char zConfirmedOn[11]; /* latest base confirmation, "" when none */
    DuesBase *aBase;       /* owned, by effective month */
    int nBase;
    DuesRelief *aRelief; /* owned */
    int nRelief;
    DuesPay *aPay; /* owned, by id */
    int nPay;
    DuesBook book; /* points into the arrays above and at the rules */
} DuesMember;

/* The members of an org's subtree (or one member) with their books. */
typedef struct DuesRoll {
    DuesRules rules; /* settings, loaded once */
    DuesMember *a;   /* owned; ordered by org path, name, id */
    int n;
} DuesRoll;

/* A payment to record (ledger_dues_pay). */
typedef struct DuesPayIn {
    const char *zFrom, *zTo; /* months "YYYY-MM" (a correction: unused) */
    int64_t nFen;            /* amount; a correction: the entry's new total */
    int bFen;                /* nFen given */
    const char *zPaidOn;     /* YYYY-MM-DD; NULL = today */
    const char *zMethod;     /* cash|transfer|wechat|alipay|payroll */
    const char *zReceipt;    /* receipt number, may be NULL */
    const char *zNote;       /* note; a correction's reason (required) */
    int64_t iCorrects;       /* entry corrected, 0 = an ordinary payment */
} DuesPayIn;

/* A base to record (ledger_dues_base_add). */
typedef struct DuesBaseIn {
    const char *zKind;        /* dues_kind_parse() name */
    int64_t nBaseFen;         /* base, fen (ignored for fixed amounts) */
    int bBase;                /* nBaseFen given */
    const char *zMonth;       /* effective month "YYYY-MM" */
    const char *zConfirmedOn; /* YYYY-MM-DD; NULL = today */
    const char *zNote; /* e.g. "2026年度核定" or "调资"; may be NULL */
} DuesBaseIn;

/* A relief to record (ledger_dues_relief_add, F8). */
typedef struct DuesReliefIn {
    const char *zKind;       /* reduction | exemption */
    const char *zFrom, *zTo; /* months */
    int64_t nFen;            /* reduction: monthly amount still due */
    int bFen;                /* nFen given */
    const char *zApprovedBy; /* who approved */
    const char *zBody;       /* approving body (上一级党委) */
    const char *zApprovedOn; /* YYYY-MM-DD */
    const char *zReason;     /* reason */
} DuesReliefIn;

/* One row of a bulk payment (ledger_dues_pay_bulk). */
typedef struct DuesBulkRow {
    int64_t iMember;      /* member in the org's subtree */
    int64_t nFen;         /* amount; when !bFen, the month's due */
    int bFen;             /* nFen given */
    const char *zReceipt; /* may be NULL */
} DuesBulkRow;

/* 1 when zMethod is a payment method name. */
int ledger_dues_method_ok(const char *zMethod);
/* Chinese label of a payment method ("现金"), "" when unknown (static). */
const char *ledger_dues_method_label(const char *zMethod);

/* Load the members of org iOrg's subtree (iMember 0) or the one member
** iMember (iOrg ignored) with their books into *p (free with
** ledger_dues_roll_free).  Returns DB_OK, DB_NOTFOUND or a DB error. */
int ledger_dues_roll(Db *pDb, int64_t iOrg, int64_t iMember, DuesRoll *p);
/* Free what a DuesRoll owns (not p itself).  Safe on a zeroed roll. */
void ledger_dues_roll_free(DuesRoll *p);

/* The history of member iMember as JSON arrays (new references, caller
** decrefs): bases (newest first), reliefs and payments (in entry order,
** corrections with what they correct).  Returns DB_OK or a DB error. */
int ledger_dues_history(Db *pDb, int64_t iMember, json_t **ppBases,
                        json_t **ppReliefs, json_t **ppPays);

/* Record a base for member iMember (F11); *piId gets the new row.  Returns
** 0 or a ZE_* code with *pErr (field named). */
int ledger_dues_base_add(Ctx *c, int64_t iMember, const DuesBaseIn *in,
                         int64_t *piId, Err *pErr);
/* Record an approved reduction or exemption (F8). */
int ledger_dues_relief_add(Ctx *c, int64_t iMember, const DuesReliefIn *in,
                           int64_t *piId, Err *pErr);
/* Record a payment, or a correction of an earlier entry (a new row that
** references it; nothing is overwritten). */
int ledger_dues_pay(Ctx *c, int64_t iMember, const DuesPayIn *in, int64_t *piId,
                    Err *pErr);
/*
** Record the payment of month zMonth for the n members of a[] (all in org
** iOrg's subtree), all or nothing.  On failure *piRow gets the index of
** the row concerned (-1 when no row is) and *pErr the field within it.
** *pnFen gets the total recorded.
*/
int ledger_dues_pay_bulk(Ctx *c, int64_t iOrg, const char *zMonth,
                         const char *zPaidOn, const char *zMethod,
                         const DuesBulkRow *a, int n, int *piRow,
                         int64_t *pnFen, Err *pErr);

/* The .xlsx ledger (党费收缴台账) of org iOrg's subtree for year iYear as
** of day iAsOf: one row per member.  On success *pFd (caller closes, or
** hands to reply_fd) and *pnSize; the export is audited. */
int ledger_dues_xlsx(Ctx *c, int64_t iOrg, int iYear, int iAsOf, int *pFd,
                     long long *pnSize, Err *pErr);
/* The yearly disclosure (F13) of org iOrg's subtree as .xlsx. */
int ledger_dues_report_xlsx(Ctx *c, int64_t iOrg, int iYear, int iAsOf,
                            int *pFd, long long *pnSize, Err *pErr);

/* Yearly disclosure numbers (F13). */
typedef struct DuesReportMonth {
    int iMonth;       /* the month */
    int64_t nDue;     /* due over the subtree */
    int64_t nPaid;    /* paid (allocated to the month) */
    int nMembersDue;  /* members with something due */
    int nMembersPaid; /* of those, paid in full */
} DuesReportMonth;
typedef struct DuesReportOrg {
    int64_t iOrg;  /* a member's org */
    char *zName;   /* borrowed from the roll */
    int nMembers;  /* members */
    int64_t nDue;  /* due in the months counted */
    int64_t nPaid; /* paid */
} DuesReportOrg;
typedef struct DuesReport {
    int iYear;
    int nMonths; /* months counted (to the as-of month) */
    DuesReportMonth aMonth[12];
    DuesReportOrg *aOrg; /* owned (names borrowed from the roll) */
    int nOrg;
    int64_t nDue, nPaid; /* totals over the months counted */
} DuesReport;
/* Compute the report of a loaded roll; the months of iYear up to and
** including the month of iAsOf count.  Free with ledger_dues_report_free
** (before the roll it borrows names from). */
void ledger_dues_report(const DuesRoll *p, int iYear, int iAsOf,
                        DuesReport *pOut);
void ledger_dues_report_free(DuesReport *p);

#endif
