/* membership.h: changes of party membership (党籍变更), issue #4 item 10:
** 停止党籍 (T10), 除名 (T10, T13, F18), death and 恢复党籍, each with its
** date, reason and approval, kept in membership_change and never deleted.
** member.membership holds the current state: active, suspended, removed,
** deceased.  Members not active leave the default roster, the expected
** attendee lists and the counts of entitled voters.  No HTTP here. */
#ifndef ZHIBU_MEMBERSHIP_H
#define ZHIBU_MEMBERSHIP_H
#include <jansson.h>
#include <stdint.h>
#include "ctx.h"
#include "errcode.h"

/* A change as entered.  Strings borrowed; NULL = absent. */
typedef struct MembershipChange {
    const char *zKind;          /* suspend|remove|death|restore */
    const char *zGround;        /* which case of the rule, see below */
    const char *zEffectiveOn;   /* YYYY-MM-DD, required, not in the future */
    const char *zBasisOn;       /* YYYY-MM-DD the ground runs from */
    const char *zReason;        /* required */
    const char *zApprovedBy;    /* who approved */
    const char *zApprovingBody; /* approving body (上级党委) */
    const char *zDocumentNo;    /* document number */
    int64_t iMeeting;           /* congress that decided a removal, 0 = none */
} MembershipChange;

/* What membership_rule() needs besides the change. */
typedef struct MembershipFacts {
    const char *zState; /* current state of the member */
    int iSuspendedOn;   /* effective date of the current suspension, or 0 */
    int iToday;         /* today */
} MembershipFacts;

/*
** The pure rules, no database.  Grounds and conditions:
**   suspend (停止党籍, T10, 教育管理条例第二十四条), from active only:
**     settled_abroad  出国（境）定居 — no waiting time;
**     abroad_study    出国学习研究超过五年: effective_on after basis_on
**                     (departure) + 5 years;
**     lost_contact    失去联系六个月以上: effective_on on or after
**                     basis_on (last contact) + 6 months.
**   remove (除名), from active or suspended; approval of the committee
**   above (党章第九条, F18):
**     self_lapse         自行脱党: 连续六个月不参加组织生活、不交纳党费或
**                        不做分配的工作 (T13, F18): effective_on on or after
**                        basis_on + 6 months;
**     suspension_lapsed  停止党籍满二年仍无法取得联系 (T10): the member is
**                        suspended and effective_on is on or after the
**                        suspension + 2 years.
**   death: from active or suspended; approval optional.
**   restore (恢复党籍): from suspended only.
** suspend, remove and restore need approved_by and approving_body.
** Returns ZE_OK, or the code with field and a static message citing the
** article in pErr (ZE_MEMBERSHIP_KIND, ZE_MEMBERSHIP_STATE,
** ZE_MEMBERSHIP_RULE, ZE_FIELD_REQUIRED, ZE_FIELD_INVALID, ZE_DATE_INVALID,
** ZE_DATE_FUTURE, ZE_FIELD_TOO_LONG).  *pzNew gets the new state.
*/
int membership_rule(const MembershipChange *p, const MembershipFacts *f,
                    const char **pzNew, Err *pErr);

/*
** Record change p for member iMember (caller checked member.edit on its
** org): membership_rule(), no open transfer (ZE_MEMBERSHIP_STATE), a given
** meeting must be a congress of the member's branch held on or before the
** effective date (ZE_MEMBERSHIP_MEETING); then, in one transaction, the
** history row, the new member.membership, the end of party posts and of
** an open mobile period when the member leaves "active" (removal, death,
** suspension), and the audit row "membership.<kind>".  *piChange gets the
** new row id.  Returns ZE_OK or a code in pErr.
*/
int membership_change(Ctx *c, int64_t iMember, const MembershipChange *p,
                      int iToday, int64_t *piChange, Err *pErr);

/* The current state and the history of member iMember, newest first, as
** {"membership":"active","items":[...]} (new reference).  Returns DB_OK,
** DB_NOTFOUND or a DB error. */
int membership_history(Db *pDb, int64_t iMember, json_t **ppOut);

/* 1 when zState is one of active, suspended, removed, deceased. */
int membership_state_valid(const char *zState);

#endif
