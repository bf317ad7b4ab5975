/* transfer.h: transfers of the organisational relation between orgs in the
** system (组织关系转接, T11) and mobile members (流动党员, T14, T15, T21).
**
** A transfer is started by the sending side (member.edit on the member's
** org), approved by the committee above it (基层党委, T11: 教育管理条例
** 第二十五条), and accepted or refused by the receiving org.  The member's
** org changes only on acceptance, in the same transaction as its audit row.
** At most one open (submitted or pending) transfer per member: a unique
** index, answered with ZE_TRANSFER_OPEN.  No HTTP here; api_transfer.c,
** the demo and the unit tests call these functions. */
#ifndef ZHIBU_TRANSFER_H
#define ZHIBU_TRANSFER_H
#include <jansson.h>
#include <stdint.h>
#include "ctx.h"
#include "errcode.h"

/* Actions on a transfer, for transfer_step(). */
#define TRANSFER_APPROVE 1 /* sending side's committee approves */
#define TRANSFER_ACCEPT  2 /* receiving org accepts */
#define TRANSFER_REFUSE  3 /* receiving org refuses */
#define TRANSFER_CANCEL  4 /* sending side withdraws */

/* ---- Pure rules (no database; unit-tested) ---- */

/*
** The default last valid day of an introduction letter (介绍信) issued on
** iIssued: nMonths later in the rules §9 sense (2026-01-31 + 3 months is
** 2026-04-30).  The period is a setting (transfer-letter-months, default
** 3): rules.md gives no central number.
*/
int transfer_valid_until(int iIssued, int nMonths);

/* 1 when a letter whose last valid day is iValidUntil may still be used on
** iOn (the last day included), else 0. */
int transfer_letter_valid(int iValidUntil, int iOn);

/*
** Check the validity period: iValidUntil not before iIssued and not later
** than transfer_valid_until(iIssued, nMaxMonths).  Returns ZE_OK or
** ZE_TRANSFER_VALIDITY.
*/
int transfer_validity_check(int iIssued, int iValidUntil, int nMaxMonths);

/*
** Parse "YYYY-MM" (dues paid up to, 党费交至) into *piMonth, a month number
** (year * 12 + month - 1).  Returns 0 on success, nonzero otherwise.
*/
int transfer_month_parse(const char *z, int *piMonth);

/*
** Months of dues still owed on day iOn when dues are paid up to month
** iPaidMonth (transfer_month_parse()): the months after iPaidMonth and
** before the month of iOn (the current month is not yet owed, F13: 按月交
** 纳).  Zero when paid up or paid ahead.
*/
int transfer_dues_gap(int iPaidMonth, int iOn);

/*
** The state machine.  zStatus is the stored status; bExpired says the
** letter is past its validity (transfer_letter_valid() is 0 today).
** submitted --approve--> pending --accept--> accepted
** submitted|pending --cancel--> cancelled;  pending --refuse--> refused.
** An expired letter cannot be approved or accepted (ZE_TRANSFER_EXPIRED)
** but can still be refused or cancelled.  Any other pair, and every action
** on accepted, refused, cancelled or expired, is ZE_TRANSFER_STATE.  On
** ZE_OK *pzNew gets the new status (static).
*/
int transfer_step(const char *zStatus, int iAction, int bExpired,
                  const char **pzNew);

/* The status shown for stored status zStatus: "expired" for an open
** transfer whose letter is past iValidUntil on iToday, else zStatus
** (static or zStatus itself). */
const char *transfer_status_shown(const char *zStatus, int iValidUntil,
                                  int iToday);

/* 1 when days since iLast (the last report, or the start of the mobile
** period) exceed the allowed nMonths on iToday, i.e. iToday is after
** cal_add_months(iLast, nMonths). */
int transfer_mobile_overdue(int iLast, int nMonths, int iToday);

/* ---- Transfers ---- */

/* A new transfer as entered.  Strings are borrowed; NULL = absent. */
typedef struct TransferNew {
    int64_t iMember;         /* member to transfer */
    int64_t iToOrg;          /* receiving branch or group */
    const char *zLetterNo;   /* 介绍信编号, required */
    const char *zIssuedOn;   /* YYYY-MM-DD, default today */
    const char *zValidUntil; /* YYYY-MM-DD, default from the setting */
    const char *zDuesPaidTo; /* YYYY-MM, required */
    const char *zReason;     /* required */
} TransferNew;

/*
** Start a transfer of p->iMember (caller checked member.edit on its org).
** Checks, in order: letter_no, reason (ZE_FIELD_REQUIRED, too long,
** control characters), issued_on and valid_until (ZE_DATE_INVALID,
** ZE_DATE_FUTURE for issued_on, ZE_TRANSFER_VALIDITY), dues_paid_to
** (ZE_FIELD_REQUIRED, ZE_TRANSFER_MONTH), to_org_id (ZE_TRANSFER_TARGET:
** not an open branch or group, or the member's own org), the member is
** active (ZE_MEMBERSHIP_STATE) and has no open transfer (ZE_TRANSFER_OPEN;
** an open one whose letter expired is first closed as "expired").  Inserts
** the row "submitted" and the audit row "transfer.create" in one
** transaction; *piId gets its id.  Returns ZE_OK or a code in pErr.
*/
int transfer_create(Ctx *c, const TransferNew *p, int iToday, int64_t *piId,
                    Err *pErr);

/* The orgs a transfer concerns: from, to, and the approving committee
** (nearest committee above the sending org, or the root).  Returns DB_OK,
** DB_NOTFOUND or a DB error. */
int transfer_orgs(Db *pDb, int64_t iId, int64_t *piFrom, int64_t *piTo,
                  int64_t *piApprover);

/*
** Approve transfer iId for the sending side: zBy (who approved) and zBody
** (approving committee) required, zDocNo optional.  Caller checked
** member.edit on the approving committee.  Audit "transfer.approve".
*/
int transfer_approve(Ctx *c, int64_t iId, const char *zBy, const char *zBody,
                     const char *zDocNo, int iToday, Err *pErr);

/*
** Accept transfer iId (caller checked member.edit on the receiving org):
** the member moves to the receiving org, posts held in the sending org's
** subtree end, an open mobile-member period ends, the transfer becomes
** "accepted"; one transaction with the audit row "transfer.accept".
** An expired letter is refused with ZE_TRANSFER_EXPIRED.
*/
int transfer_accept(Ctx *c, int64_t iId, int iToday, Err *pErr);

/* Refuse (receiving side, zReason required) or cancel (sending side,
** zReason optional) transfer iId; audit "transfer.refuse" or
** "transfer.cancel".  The member stays where they are. */
int transfer_refuse(Ctx *c, int64_t iId, const char *zReason, int iToday,
                    Err *pErr);
int transfer_cancel(Ctx *c, int64_t iId, const char *zReason, int iToday,
                    Err *pErr);

/*
** Transfer iId as JSON (new reference in *ppOut): only what both sides may
** see — the member's name and masked ID number, the orgs, the letter, the
** approval and the decision.  Returns DB_OK, DB_NOTFOUND or a DB error.
*/
int transfer_get(Ctx *c, int64_t iId, int iToday, json_t **ppOut);

/*
** Transfers into (bIn) or out of org iOrg's subtree, newest first,
** optionally only those shown with status zStatus, as a JSON array (new
** reference in *ppItems).  Returns DB_OK or a DB error.
*/
int transfer_list(Ctx *c, int64_t iOrg, int bIn, const char *zStatus,
                  int iToday, json_t **ppItems);

/* Every transfer of member iMember, newest first (new reference). */
int transfer_member_list(Ctx *c, int64_t iMember, int iToday, json_t **ppItems);

/*
** Open branches and groups whose name contains zQ (at least one
** character), at most nLimit, as [{"id","name","path":"上级 / … / 名称"}]
** (new reference).  Nothing else about them.  Returns DB_OK or an error.
*/
int transfer_branch_search(Db *pDb, const char *zQ, int nLimit,
                           json_t **ppItems);

/* ---- Mobile members (流动党员) ---- */

/* A mobile-member period as entered; strings borrowed, NULL = absent. */
typedef struct MobileRec {
    const char *zPlace;      /* 流入地, required */
    const char *zUnit;       /* 工作单位 */
    const char *zContactOrg; /* 流入地联系党组织 */
    const char *zFromOn;     /* YYYY-MM-DD, required */
} MobileRec;

/*
** Flag member iMember as mobile, or update the open period.  The member
** must be active.  Audit "mobile.start" or "mobile.update".
*/
int transfer_mobile_set(Ctx *c, int64_t iMember, const MobileRec *p, int iToday,
                        Err *pErr);
/* End the open period on zEndedOn (default today); ZE_MOBILE_NONE when
** there is none.  Audit "mobile.end". */
int transfer_mobile_end(Ctx *c, int64_t iMember, const char *zEndedOn,
                        int iToday, Err *pErr);
/* Record a report (汇报) of the open period: date not before its start and
** not in the future, note required.  Audit "mobile.report". */
int transfer_mobile_report(Ctx *c, int64_t iMember, const char *zOn,
                           const char *zNote, int iToday, Err *pErr);
/* The member's periods, newest first, each with its reports (new
** reference): {"current":Period|null,"items":[Period]}. */
int transfer_mobile_get(Ctx *c, int64_t iMember, int iToday, json_t **ppOut);
/* Open mobile periods in org iOrg's subtree with days since the last
** report and the overdue flag (setting mobile-report-months), as an
** array (new reference). */
int transfer_mobile_list(Ctx *c, int64_t iOrg, int iToday, json_t **ppItems);

/* Demo data for the demo secretary's branch iBranch (demo_transfer.c): a
** few transfers out and in, mobile members, a death and a 停止党籍.  CLI
** only: dies on failure. */
void demo_transfer(Ctx *c, int64_t iBranch, int iToday);

#endif
