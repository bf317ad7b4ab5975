/* meeting.h: meeting records of organisational life (B1, B4, B5): the
** record, attendance, votes (M2, M3), attachments, the expected attendee
** list, the 三会一课 register and the T13 inactive list.  Every write keeps
** the roll-up counters (compliance.h) and the audit row in its own
** transaction.  No HTTP here. */
#ifndef ZHIBU_MEETING_H
#define ZHIBU_MEETING_H
#include <stddef.h>
#include <stdint.h>
#include "compliance.h"
#include "ctx.h"
#include "errcode.h"

/* Text fields of a meeting, in JSON-name order of meeting_text_name(). */
enum {
    MT_PLANNED_ON,
    MT_HELD_ON,
    MT_START_TIME,
    MT_PLACE,
    MT_TOPIC,
    MT_AGENDA,
    MT_MINUTES,
    MT_DECISIONS,
    MT_BUSINESS,
    MT_NTEXT
};
/* Integer fields (member ids and study hours). */
enum { MI_HOST, MI_RECORDER, MI_LIAISON, MI_SPEAKER, MI_HOURS, MI_NINT };

const char *meeting_text_name(int i); /* "planned_on" ... "business_items" */
const char *meeting_int_name(int i);  /* "host_id" ... "study_hours" */

#define MEETING_MAX_JOINT 16

/* A meeting as entered.  For updates only fields with ab*[i] set change; a
** set field with NULL (text) or 0 (id) clears it.  Strings are borrowed;
** az[MT_BUSINESS] is a JSON array of strings as text. */
typedef struct MeetingRec {
    int64_t iOrg;      /* create only */
    const char *zKind; /* create only */
    const char *az[MT_NTEXT];
    int abText[MT_NTEXT];
    int64_t ai[MI_NINT];
    int abInt[MI_NINT];
    int64_t aJoint[MEETING_MAX_JOINT];
    int nJoint;
    int bJoint; /* joint_org_ids given */
} MeetingRec;

/* Create (iMeeting 0) or update a meeting; *piMeeting gets its id.  Status
** is derived: planned without held_on, completed with held_on, attendance
** and minutes, else held.  Edits after completion are audited as
** "meeting.edit_after_complete" with the changed fields and old values.
** The caller checks scope on the org and every joint org. */
int meeting_save(Ctx *c, int64_t iMeeting, const MeetingRec *m,
                 int64_t *piMeeting, Err *pErr);
/* Delete a planned meeting (ZE_MEETING_NOT_PLANNED otherwise). */
int meeting_delete(Ctx *c, int64_t iMeeting, Err *pErr);
/* The orgs meeting iMeeting counts for (host first, then joint), for scope
** checks.  Returns DB_OK, DB_NOTFOUND or an error. */
int meeting_orgs(Db *pDb, int64_t iMeeting, int64_t *aOrg, int *pnOrg);

/* One attendance row. */
typedef struct MeetingAtt {
    int64_t iMember;
    char *zName;         /* owned (read back) */
    int64_t iOrg;        /* member's org (read back) */
    char zStatus[8];     /* present|leave|absent */
    const char *zReason; /* borrowed on input */
    char *zReasonOwned;  /* owned (read back) */
    int bGuest;          /* not on the expected list */
    int bLeader; /* holds a post in a committee above (双重组织生活) */
} MeetingAtt;
/* Replace the attendance of iMeeting.  Members must be expected or guests
** (the meeting's liaison or speaker, a leader linked to a counted org, or
** a leader holding a committee post). */
int meeting_attendance_set(Ctx *c, int64_t iMeeting, const MeetingAtt *a, int n,
                           Err *pErr);
/* meeting_save() and, when nAtt >= 0, meeting_attendance_set() with
** aAtt[0..nAtt) in the same transaction: either both are stored or
** nothing is.  Attendance goes with a new meeting only (iMeeting 0). */
int meeting_record(Ctx *c, int64_t iMeeting, const MeetingRec *m,
                   const MeetingAtt *aAtt, int nAtt, int64_t *piMeeting,
                   Err *pErr);

/* One vote at a meeting (M2): recorded numbers and the verdict. */
typedef struct MeetingVote {
    int64_t iId;
    const char *zSubject; /* borrowed on input */
    char *zSubjectOwned;  /* owned (read back) */
    int nEntitled, nPresent, nYes, nNo, nAbstain, nWrittenYes;
    int nExcluded; /* taken out of 应到会 under rule M6 (0 = none) */
    const char *zExcludedReason; /* why (M6 category, approvals); borrowed */
    char *zExcludedReasonOwned;  /* owned (read back) */
    /* computed on read */
    int nEntitledRoster;  /* voting members expected, -1 without attendance */
    int nPresentEntitled; /* of them present, -1 without attendance */
    int bQuorum, bPassed;
} MeetingVote;
/* M2 on the numbers: quorum when present*2 > entitled; passed when
** (yes + written_yes)*2 > entitled (counted against 应到, not 实到). */
void meeting_m2(int nEntitled, int nPresent, int nYes, int nWrittenYes,
                int *pbQuorum, int *pbPassed);
/* M3: 1 when more than half of nCommittee committee members are present. */
int meeting_m3(int nCommittee, int nPresent);
/* Replace the votes of iMeeting (ZE_MEETING_VOTE for negative or
** inconsistent numbers). */
int meeting_votes_set(Ctx *c, int64_t iMeeting, const MeetingVote *a, int n,
                      Err *pErr);

/* An attachment. */
typedef struct MeetingFile {
    int64_t iId, iMeeting;
    char *zName;    /* owned */
    char zType[32]; /* image/jpeg | image/png | application/pdf */
    int64_t nSize;
    int64_t tCreated;
} MeetingFile;
/* The MIME type of p by its magic bytes, or NULL if not jpg/png/pdf. */
const char *meeting_file_type(const void *p, size_t n);
int meeting_file_add(Ctx *c, int64_t iMeeting, const char *zName, const void *p,
                     size_t n, int64_t *piFile, Err *pErr);
/* The meeting of file iFile. */
int meeting_file_meeting(Db *pDb, int64_t iFile, int64_t *piMeeting);
/* File iFile's metadata and bytes (*ppData, caller frees). */
int meeting_file_get(Db *pDb, int64_t iFile, MeetingFile *pOut, void **ppData);
int meeting_file_delete(Ctx *c, int64_t iFile, Err *pErr);

/* A meeting as read back. */
typedef struct Meeting {
    int64_t iId, iOrg;
    char *zOrgName;
    char zKind[24];
    char zStatus[12];
    char *az[MT_NTEXT];
    int64_t ai[MI_NINT];
    char *zHostName, *zRecorderName;
    int64_t aJoint[MEETING_MAX_JOINT];
    int nJoint;
    int nExpected, nPresent, nLeave, nAbsent;
    int64_t tCreated, tUpdated;
    MeetingAtt *aAtt;
    int nAtt;
    MeetingVote *aVote;
    int nVote;
    MeetingFile *aFile;
    int nFile;
    int nCommittee, nCommitteePresent; /* committee_meeting: M3 */
} Meeting;
int meeting_get(Db *pDb, int64_t iMeeting, Meeting *pOut);
void meeting_clear(Meeting *p); /* NULL-safe */

/* The expected attendee list of orgs aOrg (their subtrees). */
typedef struct Attendee {
    int64_t iMember;
    char *zName, *zOrgName; /* owned */
    int64_t iOrg;
    char zStatus[16];
    int bVoting, bCommittee, bLeader, bExempt;
    char zJoined[11]; /* joined_on, "" when unknown */
} Attendee;
int meeting_expected(Db *pDb, const int64_t *aOrg, int nOrg, Attendee **pa,
                     int *pn);
/*
** The expected list of a meeting of kind zKind held on zOn (YYYY-MM-DD;
** NULL while planned): meeting_expected() without members who joined
** after zOn, and for a committee_meeting only the members holding a
** committee post (secretary, deputy, committee members) in aOrg[0] --
** all members when the org has none recorded (rules M3, 支部条例 第十二条).
** *pa as meeting_expected().
*/
int meeting_expected_for(Db *pDb, const int64_t *aOrg, int nOrg,
                         const char *zKind, const char *zOn, Attendee **pa,
                         int *pn);
/* Leaders linked (B4) to any of aOrg: guests, not expected. */
int meeting_guests(Db *pDb, const int64_t *aOrg, int nOrg, Attendee **pa,
                   int *pn);
void attendees_free(Attendee *a, int n);

/* A meeting in a list. */
typedef struct MeetingSum {
    int64_t iId, iOrg;
    char zKind[24], zStatus[12], zHeldOn[11], zPlannedOn[11];
    char *zTopic;
    int nExpected, nPresent;
} MeetingSum;
/* Meetings counting for iOrg, newest first, filtered by kind, status and
** days iFirst..iLast (0,0 = any); *pnTotal gets the unpaged count. */
int meeting_list(Db *pDb, int64_t iOrg, const char *zKind, const char *zStatus,
                 int iFirst, int iLast, int64_t nLimit, int64_t nOffset,
                 MeetingSum **pa, int *pn, int64_t *pnTotal);
void meeting_sums_free(MeetingSum *a, int n);

/* The 三会一课 register of org iOrg for year iYear as .xlsx (audited
** "export.meetings"). */
int meeting_ledger(Ctx *c, int64_t iOrg, int iYear, int *pFd, long long *pnSize,
                   Err *pErr);

/* T13: members of iOrg's subtree without presence at a completed meeting
** for nMonths months by iAsOf (exempt members skipped). */
typedef struct Inactive {
    int64_t iMember, iOrg;
    char *zName;
    char zLast[11]; /* last present, "" if never */
    int nMonths;    /* whole months without */
} Inactive;
int meeting_inactive(Db *pDb, int64_t iOrg, int iAsOf, int nMonths,
                     Inactive **pa, int *pn);
void inactive_free(Inactive *a, int n);

/* B6/T7: study hours of member iMember in year iYear from completed
** meetings where present. */
typedef struct StudyRow {
    int64_t iMeeting;
    char zKind[24], zHeldOn[11];
    char zStatus[8]; /* present|leave|absent */
    char *zTopic;
    int nHours; /* study hours earned: present at a study kind (T7) */
} StudyRow;
int meeting_study(Db *pDb, int64_t iMember, int iYear, StudyRow **pa, int *pn,
                  int *pnHours, int *pbExempt);
void study_free(StudyRow *a, int n);
/* Mark member iMember exempt (T8) or not. */
int meeting_exempt_set(Ctx *c, int64_t iMember, int bExempt,
                       const char *zReason, Err *pErr);

#endif
