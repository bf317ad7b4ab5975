/* errcode.h: the API error-code table.  Released codes never change. */
#ifndef ZHIBU_ERRCODE_H
#define ZHIBU_ERRCODE_H
#include "ctx.h"

/* clang-format off */
enum {
    ZE_OK = 0,
    ZE_INTERNAL, ZE_DB_BUSY, ZE_NOT_FOUND, ZE_ROUTE_NOT_FOUND, ZE_METHOD,
    ZE_AUTH_REQUIRED, ZE_AUTH_BAD_LOGIN, ZE_AUTH_LOCKED, ZE_AUTH_MUST_CHANGE,
    ZE_FORBIDDEN, ZE_CSRF, ZE_BAD_JSON, ZE_TOO_LARGE, ZE_CONTENT_TYPE,
    ZE_FIELD_REQUIRED, ZE_FIELD_TYPE, ZE_FIELD_INVALID, ZE_FIELD_TOO_LONG,
    ZE_BAD_ID, ZE_BAD_QUERY, ZE_DATE_INVALID, ZE_DATE_ORDER, ZE_DATE_FUTURE,
    ZE_ID_LENGTH, ZE_ID_FORMAT, ZE_ID_PROVINCE, ZE_ID_DATE, ZE_ID_CHECK,
    ZE_ID_BIRTH_MISMATCH, ZE_ID_GENDER_MISMATCH, ZE_ID_EXISTS,
    ZE_PHONE_INVALID, ZE_GENDER_INVALID, ZE_STATUS_INVALID,
    ZE_FULL_ON_REQUIRED, ZE_MEMBER_ORG_KIND, ZE_MEMBER_EXISTS,
    ZE_ORG_KIND, ZE_ORG_PARENT, ZE_ORG_NOT_EMPTY, ZE_ORG_CLOSED, ZE_ORG_ROOT,
    ZE_ORG_TERM, ZE_POST_ROLE, ZE_POST_NOT_MEMBER,
    ZE_PW_POLICY, ZE_PW_WRONG, ZE_USER_EXISTS, ZE_ROLE_INVALID,
    ZE_GRANT_SEPARATION, ZE_GRANT_EXISTS, ZE_ADMIN_NO_DATA,
    ZE_IMPORT_FORMAT, ZE_IMPORT_ENCODING, ZE_IMPORT_TOO_LARGE,
    ZE_IMPORT_EMPTY, ZE_IMPORT_CORRUPT, ZE_IMPORT_ROWS, ZE_IMPORT_HEADER,
    ZE_SETTING_UNKNOWN, ZE_SETTING_VALUE, ZE_JOB_KEY, ZE_EXPORT_FAILED,
    ZE_UNMASK_DENIED, ZE_POST_EXISTS, ZE_ORG_TOO_DEEP,
    ZE_MEETING_KIND, ZE_MEETING_ORG_KIND, ZE_MEETING_NOT_PLANNED,
    ZE_MEETING_ATTENDEE, ZE_MEETING_ATT_DUP, ZE_MEETING_ATT_STATUS,
    ZE_MEETING_LEAVE_REASON, ZE_MEETING_TIME, ZE_MEETING_VOTE,
    ZE_FILE_TYPE, ZE_FILE_TOO_LARGE, ZE_FILE_EMPTY,
    ZE_CADENCE_KIND, ZE_CADENCE_EVERY, ZE_CADENCE_NTH, ZE_LIAISON_EXISTS,
    ZE_CALENDAR_DATA,
    ZE_DUES_MONTH, ZE_DUES_MONTH_ORDER, ZE_DUES_SPAN, ZE_DUES_AMOUNT,
    ZE_DUES_METHOD, ZE_DUES_KIND, ZE_DUES_BASE, ZE_DUES_CORRECTS,
    ZE_DUES_RELIEF_KIND,
    ZE_TRANSFER_OPEN, ZE_TRANSFER_STATE, ZE_TRANSFER_EXPIRED,
    ZE_TRANSFER_VALIDITY, ZE_TRANSFER_TARGET, ZE_TRANSFER_MONTH,
    ZE_TRANSFER_APPROVER, ZE_MEMBERSHIP_KIND, ZE_MEMBERSHIP_STATE,
    ZE_MEMBERSHIP_RULE, ZE_MEMBERSHIP_MEETING, ZE_MOBILE_NONE,
    ZE_RECRUIT_RULE, ZE_RECRUIT_STEP, ZE_RECRUIT_ORG_KIND, ZE_RECRUIT_MEETING,
    ZE_COUNT
};
/* clang-format on */

typedef struct ErrCode {
    int iCode;         /* ZE_* */
    int iStatus;       /* HTTP status */
    const char *zCode; /* stable string code, "member.id_number_check" */
    const char *zMsg;  /* default Chinese message */
} ErrCode;

/* The table row for iCode (static); ZE_INTERNAL's row for unknown codes. */
const ErrCode *errcode_get(int iCode);
/* Map a stable string code back to its row, or NULL (static). */
const ErrCode *errcode_find(const char *zCode);

/* What a domain function reports on failure. */
typedef struct Err {
    int iCode;          /* ZE_* (0 = no error) */
    const char *zField; /* JSON field concerned, static or NULL */
    const char *zMsg;   /* static override of the message, or NULL */
} Err;

/* Set *pErr and return iCode (for "return err_set(...)"). */
int err_set(Err *pErr, int iCode, const char *zField, const char *zMsg);

/* The ZE_* code of a failed database call rc (DB_BUSY, DB_NOTFOUND, else
** ZE_INTERNAL, logged with zWhat and the driver's message); ZE_OK for
** DB_OK.  The one mapping every domain module uses. */
int err_db(Db *pDb, int rc, const char *zWhat);
/* End a write transaction: commit when rc is DB_OK, else (or when the
** commit fails) roll back and set *pErr from err_db().  Returns 0 or the
** ZE_* code. */
int err_finish(Ctx *c, int rc, Err *pErr, const char *zWhat);

/* Check a text field: blank (spaces and tabs only) is ZE_FIELD_REQUIRED
** when bRequired, else fine; over nMax characters ZE_FIELD_TOO_LONG;
** control characters ZE_FIELD_INVALID (newlines and tabs allowed when
** bLines).  Returns 0 or the code set in *pErr for zField. */
int err_check_text(const char *z, int nMax, int bRequired, int bLines,
                   const char *zField, Err *pErr);

#endif
