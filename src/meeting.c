/* meeting.c: meeting records (B1), joint meetings (B5), attendance, votes
** (M2, M3), attachments, the expected list (双重组织生活, L8), the 三会一课
** register and the T13 inactive list.
**
** Each write runs in one transaction: the rows, the roll-up counters
** (life_delta_begin/apply around the change) and the audit row.  A meeting
** counts for its host org and each joint org (meeting_org); a group's
** meeting also counts for its branch (is_host 2: counted, not expected).
**
** Entry points: meeting_save, meeting_delete, meeting_attendance_set,
** meeting_votes_set, meeting_file_*, meeting_get, meeting_expected,
** meeting_guests, meeting_list, meeting_ledger, meeting_inactive,
** meeting_study, meeting_exempt_set, meeting_m2, meeting_m3. */
#include "auth.h"
#include "meeting.h"
#include "audit.h"
#include "buf.h"
#include "log.h"
#include "setting.h"
#include "util.h"
#include "xlsx.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const azText[MT_NTEXT] = {
    "planned_on", "held_on", "start_time", "place",         "topic",
    "agenda",     "minutes", "decisions",  "business_items"};
static const int anTextMax[MT_NTEXT] = {10,   10,    5,     200,  200,
                                        5000, 50000, 10000, 20000};
static const char *const azInt[MI_NINT] = {
    "host_id", "recorder_id", "liaison_id", "speaker_id", "study_hours"};

#define COMMITTEE_ROLES                                                        \
    "('secretary','deputy_secretary','organization_member',"                   \
    "'propaganda_member','discipline_member')"

const char *meeting_text_name(int i)
{
    return i >= 0 && i < MT_NTEXT ? azText[i] : 0;
}

const char *meeting_int_name(int i)
{
    return i >= 0 && i < MI_NINT ? azInt[i] : 0;
}

void meeting_m2(int nEntitled, int nPresent, int nYes, int nWrittenYes,
                int *pbQuorum, int *pbPassed)
{
    *pbQuorum = nEntitled > 0 && nPresent * 2 > nEntitled;
    *pbPassed = *pbQuorum && (nYes + nWrittenYes) * 2 > nEntitled;
}

int meeting_m3(int nCommittee, int nPresent)
{
    return nCommittee > 0 && nPresent * 2 > nCommittee;
}

/* Check text field i: length and control characters (newlines and tabs
** allowed in long texts), dates and HH:MM. */
static int check_text(int i, const char *z, Err *pErr)
{
    int iDay;
    if (!z) return 0;
    if (util_utf8_chars(z) > anTextMax[i])
        return err_set(pErr, ZE_FIELD_TOO_LONG, azText[i], 0);
    for (const char *p = z; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if ((ch < 0x20 && (anTextMax[i] <= 200 ||
                           (ch != '\n' && ch != '\r' && ch != '\t'))) ||
            ch == 0x7f)
            return err_set(pErr, ZE_FIELD_INVALID, azText[i],
                           "不能包含控制字符");
    }
    if ((i == MT_PLANNED_ON || i == MT_HELD_ON) && cal_parse(z, &iDay))
        return err_set(pErr, ZE_DATE_INVALID, azText[i], 0);
    if (i == MT_START_TIME &&
        (strlen(z) != 5 || z[2] != ':' || z[0] < '0' || z[0] > '2' ||
         z[1] < '0' || z[1] > '9' || z[3] < '0' || z[3] > '5' || z[4] < '0' ||
         z[4] > '9' || (z[0] == '2' && z[1] > '3')))
        return err_set(pErr, ZE_MEETING_TIME, azText[i], 0);
    return 0;
}

/* The state a meeting write compares: footprint for the counters, plus the
** values audited on an edit after completion. */
typedef struct State {
    int64_t iOrg;
    char zKind[24];
    char zStatus[12];
    char *az[MT_NTEXT];
    int64_t ai[MI_NINT];
    int64_t aJoint[MEETING_MAX_JOINT];
    int nJoint;
    int nAtt;
    int anN[4]; /* on create: expected, present, leave, absent */
} State;

static void state_clear(State *s)
{
    for (int i = 0; i < MT_NTEXT; i++)
        free(s->az[i]);
    memset(s, 0, sizeof *s);
}

/* Load the stored state of meeting iMeeting. */
static int state_load(Db *pDb, int64_t iMeeting, State *st)
{
    DbStmt *s = 0;
    memset(st, 0, sizeof *st);
    int rc = db_prepare_bind(
        pDb, &s,
        "SELECT org_id, kind, status, planned_on, held_on, start_time, place,"
        " topic, agenda, minutes, decisions, business_items, "
        "coalesce(host_id,0), coalesce(recorder_id,0), coalesce(liaison_id,0),"
        " coalesce(speaker_id,0), study_hours, "
        "(SELECT count(*) FROM attendance WHERE meeting_id=$1) "
        "FROM meeting WHERE id=$1",
        "i", iMeeting);
    if (rc) return rc;
    if (db_step(s) != DB_ROW) {
        db_finalize(s);
        return DB_NOTFOUND;
    }
    st->iOrg = db_col_int64(s, 0);
    snprintf(st->zKind, sizeof st->zKind, "%s", db_col_text(s, 1));
    snprintf(st->zStatus, sizeof st->zStatus, "%s", db_col_text(s, 2));
    for (int i = 0; i < MT_NTEXT; i++) {
        const char *z = db_col_text(s, 3 + i);
        st->az[i] = z ? xstrdup(z) : 0;
    }
    for (int i = 0; i < MI_NINT; i++)
        st->ai[i] = db_col_int64(s, 3 + MT_NTEXT + i);
    st->nAtt = (int)db_col_int64(s, 3 + MT_NTEXT + MI_NINT);
    db_finalize(s);
    rc = db_prepare_bind(pDb, &s,
                         "SELECT org_id FROM meeting_org WHERE meeting_id=$1 "
                         "AND is_host=0 ORDER BY org_id",
                         "i", iMeeting);
    while (!rc && db_step(s) == DB_ROW && st->nJoint < MEETING_MAX_JOINT)
        st->aJoint[st->nJoint++] = db_col_int64(s, 0);
    db_finalize(s);
    return rc;
}

static const char *derive_status(const State *st)
{
    if (!st->az[MT_HELD_ON]) return "planned";
    if (st->nAtt > 0 && st->az[MT_MINUTES] && st->az[MT_MINUTES][0])
        return "completed";
    return "held";
}

/* Kind and path of org iOrg; DB_NOTFOUND when absent or closed. */
static int org_info(Db *pDb, int64_t iOrg, char zKind[16], int64_t *piParent)
{
    DbStmt *s = 0;
    int rc = db_prepare_bind(pDb, &s,
                             "SELECT kind, coalesce(parent_id,0) FROM org "
                             "WHERE id=$1 AND closed=0",
                             "i", iOrg);
    if (rc) return rc;
    rc = db_step(s) == DB_ROW ? DB_OK : DB_NOTFOUND;
    if (!rc) {
        snprintf(zKind, 16, "%s", db_col_text(s, 0));
        if (piParent) *piParent = db_col_int64(s, 1);
    }
    db_finalize(s);
    return rc;
}

/* Footprint of state st for the counters: the branches it counts for. */
static int state_foot(Db *pDb, const State *st, LifeFoot *f)
{
    char zKind[16];
    int64_t iParent = 0;
    memset(f, 0, sizeof *f);
    snprintf(f->zKind, sizeof f->zKind, "%s", st->zKind);
    f->bCompleted = strcmp(derive_status(st), "completed") == 0;
    if (!f->bCompleted || !st->az[MT_HELD_ON]) return DB_OK;
    cal_parse(st->az[MT_HELD_ON], &f->iDay);
    for (int i = -1; i < st->nJoint; i++) {
        int64_t iOrg = i < 0 ? st->iOrg : st->aJoint[i];
        int rc = org_info(pDb, iOrg, zKind, &iParent);
        if (rc == DB_NOTFOUND) continue;
        if (rc) return rc;
        if (strcmp(zKind, "group") == 0)
            iOrg = iParent;
        else if (strcmp(zKind, "branch") != 0)
            continue;
        int j;
        for (j = 0; j < f->nOrg; j++)
            if (f->aOrg[j] == iOrg) break;
        if (j == f->nOrg && f->nOrg < LIFE_MAX_ORGS) f->aOrg[f->nOrg++] = iOrg;
    }
    return DB_OK;
}

/* Rewrite meeting_org for st (host, joint orgs, a group's branch). */
static int write_orgs(Db *pDb, int64_t iMeeting, int bFresh, const State *st)
{
    char zKind[16];
    int64_t iParent = 0;
    int bDone = strcmp(st->zStatus, "completed") == 0;
    const char *zSql = "INSERT INTO meeting_org(meeting_id,org_id,is_host,"
                       "kind,held_on,completed) VALUES($1,$2,$3,$4,$5,$6) "
                       "ON CONFLICT(meeting_id,org_id) DO NOTHING";
    int rc = bFresh ? DB_OK
                    : db_run(pDb, "DELETE FROM meeting_org WHERE meeting_id=$1",
                             "i", iMeeting);
    for (int i = -1; i < st->nJoint && !rc; i++) {
        int64_t iOrg = i < 0 ? st->iOrg : st->aJoint[i];
        rc = db_run(pDb, zSql, "iiitti", iMeeting, iOrg, (int64_t)(i < 0),
                    st->zKind, st->az[MT_HELD_ON], (int64_t)bDone);
        if (!rc && org_info(pDb, iOrg, zKind, &iParent) == DB_OK &&
            strcmp(zKind, "group") == 0)
            rc = db_run(pDb, zSql, "iiitti", iMeeting, iParent, (int64_t)2,
                        st->zKind, st->az[MT_HELD_ON], (int64_t)bDone);
    }
    return rc;
}

/* Write the meeting row of st (insert when *piMeeting is 0). */
static int write_row(Db *pDb, int64_t *piMeeting, const State *st)
{
    int64_t t = util_now();
    DbStmt *s = 0;
    int rc;
    if (*piMeeting == 0) {
        rc =
            db_prepare(pDb, &s,
                       "INSERT INTO meeting(org_id,kind,status,planned_on,"
                       "held_on,start_time,place,topic,agenda,minutes,"
                       "decisions,business_items,host_id,recorder_id,"
                       "liaison_id,speaker_id,study_hours,created_at,"
                       "updated_at,n_expected,n_present,n_leave,n_absent) "
                       "VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,"
                       "$14,$15,$16,$17,$18,$18,$19,$20,$21,$22) RETURNING id");
    } else {
        rc = db_prepare(pDb, &s,
                        "UPDATE meeting SET org_id=$1,kind=$2,status=$3,"
                        "planned_on=$4,held_on=$5,start_time=$6,place=$7,"
                        "topic=$8,agenda=$9,minutes=$10,decisions=$11,"
                        "business_items=$12,host_id=$13,recorder_id=$14,"
                        "liaison_id=$15,speaker_id=$16,study_hours=$17,"
                        "updated_at=$18 WHERE id=$19");
    }
    if (rc) return rc;
    db_bind_int64(s, 1, st->iOrg);
    db_bind_text(s, 2, st->zKind);
    db_bind_text(s, 3, st->zStatus);
    for (int i = 0; i < MT_NTEXT; i++)
        db_bind_text(s, 4 + i, st->az[i]);
    for (int i = 0; i < MI_NINT - 1; i++) {
        if (st->ai[i])
            db_bind_int64(s, 4 + MT_NTEXT + i, st->ai[i]);
        else
            db_bind_null(s, 4 + MT_NTEXT + i);
    }
    db_bind_int64(s, 17, st->ai[MI_HOURS]);
    db_bind_int64(s, 18, t);
    if (*piMeeting)
        db_bind_int64(s, 19, *piMeeting);
    else
        for (int i = 0; i < 4; i++)
            db_bind_int64(s, 19 + i, st->anN[i]);
    rc = db_step(s);
    if (rc == DB_ROW && *piMeeting == 0) *piMeeting = db_col_int64(s, 0);
    if (rc == DB_ROW || rc == DB_DONE) rc = DB_OK;
    db_finalize(s);
    return rc;
}

/* Write st (derived status), meeting_org and the counters, in the caller's
** transaction.  pOld is the stored state (NULL on create). */
static int write_state(Db *pDb, int64_t *piMeeting, const State *pOld,
                       State *st)
{
    LifeFoot fOld, fNew;
    LifeDelta *d = xmalloc(sizeof *d);
    snprintf(st->zStatus, sizeof st->zStatus, "%s", derive_status(st));
    int rc = pOld ? state_foot(pDb, pOld, &fOld) : DB_OK;
    if (!rc) rc = state_foot(pDb, st, &fNew);
    if (!rc) rc = life_delta_begin(pDb, pOld ? &fOld : 0, &fNew, d);
    if (!rc) rc = write_row(pDb, piMeeting, st);
    if (!rc) rc = write_orgs(pDb, *piMeeting, !pOld, st);
    if (!rc) rc = life_delta_apply(pDb, d);
    free(d);
    return rc;
}

/* Does member iMember exist?  DB_NOTFOUND when not. */
static int member_exists(Db *pDb, int64_t iMember)
{
    int64_t v = 0;
    return db_one_int64(pDb, &v, "SELECT id FROM member WHERE id=$1", "i",
                        iMember);
}

/* Do all the members m names (host, recorder, liaison, speaker) exist?  One
** statement; when not, merge() asks per field to name the missing one. */
static int members_exist(Db *pDb, const MeetingRec *m)
{
    int64_t a[4] = {0, 0, 0, 0}, n = 0; /* distinct ids; no member has id 0 */
    int nId = 0;
    for (int i = 0; i < MI_NINT; i++) {
        if (!m->abInt[i] || i == MI_HOURS || m->ai[i] <= 0) continue;
        int j = 0;
        while (j < nId && a[j] != m->ai[i])
            j++;
        if (j == nId) a[nId++] = m->ai[i];
    }
    if (nId == 0) return 1;
    if (db_one_int64(pDb, &n,
                     "SELECT count(*) FROM member WHERE id IN ($1,$2,$3,$4)",
                     "iiii", a[0], a[1], a[2], a[3]))
        return 0;
    return n == nId;
}

/* Audit detail for an edit: the changed fields and their old values. */
static char *changes(const State *a, const State *b)
{
    Buf x = BUF_INIT;
    for (int i = 0; i < MT_NTEXT; i++) {
        const char *u = a->az[i] ? a->az[i] : "", *v = b->az[i] ? b->az[i] : "";
        if (strcmp(u, v) == 0) continue;
        buf_appendf(&x, "%s%s(旧值: %.200s)", x.n ? "; " : "", azText[i], u);
    }
    for (int i = 0; i < MI_NINT; i++)
        if (a->ai[i] != b->ai[i])
            buf_appendf(&x, "%s%s(旧值: %lld)", x.n ? "; " : "", azInt[i],
                        (long long)a->ai[i]);
    if (a->nJoint != b->nJoint ||
        memcmp(a->aJoint, b->aJoint, sizeof(int64_t) * (size_t)a->nJoint))
        buf_appendf(&x, "%sjoint_org_ids", x.n ? "; " : "");
    return buf_take(&x);
}

/* Validate m against the org and members; fill st from it. */
static int merge(Db *pDb, const MeetingRec *m, State *st, Err *pErr)
{
    char zKind[16];
    for (int i = 0; i < MT_NTEXT; i++) {
        if (!m->abText[i]) continue;
        if (check_text(i, m->az[i], pErr)) return pErr->iCode;
        free(st->az[i]);
        st->az[i] = m->az[i] && m->az[i][0] ? xstrdup(m->az[i]) : 0;
    }
    int bAll = members_exist(pDb, m);
    for (int i = 0; i < MI_NINT; i++) {
        if (!m->abInt[i]) continue;
        if (i == MI_HOURS ? (m->ai[i] < 0 || m->ai[i] > 100) : m->ai[i] < 0)
            return err_set(pErr, ZE_FIELD_INVALID, azInt[i], 0);
        if (!bAll && i != MI_HOURS && m->ai[i] && member_exists(pDb, m->ai[i]))
            return err_set(pErr, ZE_NOT_FOUND, azInt[i], 0);
        st->ai[i] = m->ai[i];
    }
    if (m->bJoint) {
        st->nJoint = 0;
        for (int i = 0; i < m->nJoint; i++) {
            int j;
            if (m->aJoint[i] == st->iOrg) continue;
            for (j = 0; j < st->nJoint; j++)
                if (st->aJoint[j] == m->aJoint[i]) break;
            if (j < st->nJoint) continue;
            if (org_info(pDb, m->aJoint[i], zKind, 0))
                return err_set(pErr, ZE_NOT_FOUND, "joint_org_ids", 0);
            if (strcmp(zKind, "branch") != 0 && strcmp(zKind, "group") != 0)
                return err_set(pErr, ZE_MEETING_ORG_KIND, "joint_org_ids", 0);
            st->aJoint[st->nJoint++] = m->aJoint[i];
        }
    }
    return 0;
}

static int att_check(Db *pDb, const int64_t *aOrg, int nOrg, const State *st,
                     const MeetingAtt *a, int n, Attendee **paExp, int *pnExp,
                     int anCount[3], const char *zField, Err *pErr);
static int att_write(Db *pDb, int64_t iMeeting, int bFresh, const MeetingAtt *a,
                     int n, const Attendee *aExp, int nExp,
                     const int anCount[3]);

int meeting_save(Ctx *c, int64_t iMeeting, const MeetingRec *m,
                 int64_t *piMeeting, Err *pErr)
{
    return meeting_record(c, iMeeting, m, 0, -1, piMeeting, pErr);
}

int meeting_record(Ctx *c, int64_t iMeeting, const MeetingRec *m,
                   const MeetingAtt *aAtt, int nAtt, int64_t *piMeeting,
                   Err *pErr)
{
    State old, st;
    char zKind[16], zDetail[160];
    int rc, nExp = 0, anCount[3] = {0, 0, 0};
    Attendee *aExp = 0;
    memset(&old, 0, sizeof old);
    memset(&st, 0, sizeof st);
    if (iMeeting == 0) {
        const LifeKind *k = life_kind(m->zKind);
        if (!m->zKind) return err_set(pErr, ZE_FIELD_REQUIRED, "kind", 0);
        if (!k) return err_set(pErr, ZE_MEETING_KIND, "kind", 0);
        rc = org_info(c->pDb, m->iOrg, zKind, 0);
        if (rc)
            return err_set(pErr, err_db(c->pDb, rc, "meeting"), "org_id", 0);
        if (strcmp(zKind, "group") == 0 && strcmp(k->zKind, "group_meeting") &&
            strcmp(k->zKind, "talk") && strcmp(k->zKind, "study"))
            return err_set(pErr, ZE_MEETING_ORG_KIND, "kind", 0);
        if (strcmp(zKind, "branch") && strcmp(zKind, "group") &&
            strcmp(k->zKind, "congress") == 0)
            return err_set(pErr, ZE_MEETING_ORG_KIND, "kind", 0);
        st.iOrg = m->iOrg;
        snprintf(st.zKind, sizeof st.zKind, "%s", k->zKind);
        st.ai[MI_HOURS] =
            k->bStudy ? setting_int(c->pDb, "meeting-study-hours") : 0;
    } else {
        rc = state_load(c->pDb, iMeeting, &old);
        if (rc) {
            state_clear(&old);
            return err_set(pErr, err_db(c->pDb, rc, "meeting"), 0, 0);
        }
        st = old;
        for (int i = 0; i < MT_NTEXT; i++)
            st.az[i] = old.az[i] ? xstrdup(old.az[i]) : 0;
    }
    if (merge(c->pDb, m, &st, pErr)) {
        state_clear(&old);
        state_clear(&st);
        return pErr->iCode;
    }
    if (nAtt >= 0) { /* attendance recorded with the meeting (create only) */
        int64_t aOrg[MEETING_MAX_JOINT + 1];
        int nOrg = 0;
        aOrg[nOrg++] = st.iOrg;
        for (int i = 0; i < st.nJoint; i++)
            aOrg[nOrg++] = st.aJoint[i];
        if (att_check(c->pDb, aOrg, nOrg, &st, aAtt, nAtt, &aExp, &nExp,
                      anCount, "attendance.items", pErr)) {
            state_clear(&old);
            state_clear(&st);
            return pErr->iCode;
        }
        st.nAtt = nAtt;
        st.anN[0] = nExp;
        memcpy(&st.anN[1], anCount, sizeof anCount);
    }
    rc = db_begin(c->pDb);
    *piMeeting = iMeeting;
    if (!rc) rc = write_state(c->pDb, piMeeting, iMeeting ? &old : 0, &st);
    if (!rc && nAtt >= 0)
        rc = att_write(c->pDb, *piMeeting, iMeeting == 0, aAtt, nAtt, aExp,
                       nExp, anCount);
    attendees_free(aExp, nExp);
    if (!rc && iMeeting == 0) {
        if (nAtt >= 0)
            snprintf(zDetail, sizeof zDetail,
                     "kind=%s org=%lld expected=%d present=%d leave=%d "
                     "absent=%d",
                     st.zKind, (long long)st.iOrg, nExp, anCount[0], anCount[1],
                     anCount[2]);
        else
            snprintf(zDetail, sizeof zDetail, "kind=%s org=%lld", st.zKind,
                     (long long)st.iOrg);
        rc = audit_log(c, "meeting.create", "meeting", *piMeeting, zDetail);
    } else if (!rc) {
        char *z = changes(&old, &st);
        rc = audit_log(c,
                       strcmp(old.zStatus, "completed") == 0
                           ? "meeting.edit_after_complete"
                           : "meeting.update",
                       "meeting", iMeeting, z);
        free(z);
    }
    state_clear(&old);
    state_clear(&st);
    return err_finish(c, rc, pErr, "meeting_save");
}

int meeting_delete(Ctx *c, int64_t iMeeting, Err *pErr)
{
    State st;
    int rc = state_load(c->pDb, iMeeting, &st);
    if (rc) {
        state_clear(&st);
        return err_set(pErr, err_db(c->pDb, rc, "meeting"), 0, 0);
    }
    int bPlanned = strcmp(st.zStatus, "planned") == 0;
    state_clear(&st);
    if (!bPlanned) return err_set(pErr, ZE_MEETING_NOT_PLANNED, 0, 0);
    rc = db_begin(c->pDb);
    static const char *const azDel[] = {
        "DELETE FROM meeting_org WHERE meeting_id=$1",
        "DELETE FROM attendance WHERE meeting_id=$1",
        "DELETE FROM meeting_vote WHERE meeting_id=$1",
        "DELETE FROM meeting_file WHERE meeting_id=$1",
        "DELETE FROM meeting WHERE id=$1"};
    for (int i = 0; i < COUNT(azDel) && !rc; i++)
        rc = db_run(c->pDb, azDel[i], "i", iMeeting);
    if (!rc) rc = audit_log(c, "meeting.delete", "meeting", iMeeting, 0);
    return err_finish(c, rc, pErr, "meeting_delete");
}

int meeting_orgs(Db *pDb, int64_t iMeeting, int64_t *aOrg, int *pnOrg)
{
    DbStmt *s = 0;
    int n = 0;
    int rc = db_prepare_bind(pDb, &s,
                             "SELECT org_id FROM meeting_org WHERE "
                             "meeting_id=$1 AND is_host<2 ORDER BY "
                             "is_host DESC, org_id",
                             "i", iMeeting);
    while (!rc && db_step(s) == DB_ROW && n < MEETING_MAX_JOINT + 1)
        aOrg[n++] = db_col_int64(s, 0);
    db_finalize(s);
    *pnOrg = n;
    return rc ? rc : n ? DB_OK : DB_NOTFOUND;
}

/* ---------------------------------------------------------------------
** Expected list and attendance
*/

void attendees_free(Attendee *a, int n)
{
    for (int i = 0; i < n; i++) {
        free(a[i].zName);
        free(a[i].zOrgName);
    }
    free(a);
}

/* Append the rows of s (member id, name, org id, org name, status,
** rights_suspended, committee, leader, exempt) to *pa. */
static int append_attendees(DbStmt *s, Attendee **pa, int *pn, int *pnAlloc)
{
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        int64_t iMember = db_col_int64(s, 0);
        int j;
        for (j = 0; j < *pn; j++)
            if ((*pa)[j].iMember == iMember) break;
        if (j < *pn) continue;
        if (*pn == *pnAlloc) {
            *pnAlloc = *pnAlloc ? 2 * *pnAlloc : 32;
            *pa = xrealloc(*pa, (size_t)*pnAlloc * sizeof **pa);
        }
        Attendee *p = &(*pa)[(*pn)++];
        memset(p, 0, sizeof *p);
        p->iMember = iMember;
        p->zName = xstrdup(db_col_text(s, 1));
        p->iOrg = db_col_int64(s, 2);
        p->zOrgName = xstrdup(db_col_text(s, 3));
        snprintf(p->zStatus, sizeof p->zStatus, "%s", db_col_text(s, 4));
        p->bVoting = strcmp(p->zStatus, "full") == 0 && !db_col_int64(s, 5);
        p->bCommittee = db_col_int64(s, 6) > 0;
        p->bLeader = db_col_int64(s, 7) > 0;
        p->bExempt = db_col_int64(s, 8) > 0;
        snprintf(p->zJoined, sizeof p->zJoined, "%s",
                 db_col_is_null(s, 9) ? "" : db_col_text(s, 9));
    }
    db_finalize(s);
    return rc == DB_DONE ? DB_OK : rc;
}

#define ATTENDEE_COLS                                                          \
    "SELECT m.id, p.name, m.org_id, o.name, m.status, m.rights_suspended, "    \
    "(SELECT count(*) FROM post q JOIN org qo ON qo.id=q.org_id WHERE "        \
    " q.person_id=m.person_id AND q.ended=0 AND qo.kind='branch' AND "         \
    " q.role IN " COMMITTEE_ROLES "), "                                        \
    "(SELECT count(*) FROM post q JOIN org qo ON qo.id=q.org_id WHERE "        \
    " q.person_id=m.person_id AND q.ended=0 AND qo.kind IN "                   \
    " ('committee','general_branch')), "                                       \
    "(SELECT count(*) FROM member_exempt e WHERE e.member_id=m.id), "          \
    "m.joined_on "                                                             \
    "FROM member m JOIN person p ON p.id=m.person_id JOIN org o ON "           \
    "o.id=m.org_id "

int meeting_expected(Db *pDb, const int64_t *aOrg, int nOrg, Attendee **pa,
                     int *pn)
{
    int nAlloc = 0, rc = DB_OK;
    *pa = 0;
    *pn = 0;
    for (int i = 0; i < nOrg && !rc; i++) {
        char zPath[256], zHi[256], zKind[16];
        DbStmt *s = 0;
        rc = db_prepare_bind(pDb, &s, "SELECT path, kind FROM org WHERE id=$1",
                             "i", aOrg[i]);
        if (rc) break;
        zPath[0] = 0;
        if (db_step(s) == DB_ROW) {
            snprintf(zPath, sizeof zPath, "%s", db_col_text(s, 0));
            snprintf(zKind, sizeof zKind, "%s", db_col_text(s, 1));
        }
        db_finalize(s);
        if (!zPath[0]) continue;
        /* A branch's subtree is itself and its groups: read by id, not by
        ** a path range (planned once; see db_pg.c). */
        if (strcmp(zKind, "branch") == 0 || strcmp(zKind, "group") == 0) {
            rc = db_prepare_bind(
                pDb, &s,
                ATTENDEE_COLS "WHERE m.org_id IN (SELECT g.id FROM org g WHERE "
                              "g.id=$1 OR (g.parent_id=$1 AND g.kind='group'))"
                              " AND m.membership='active'"
                              " ORDER BY m.org_id, p.name, m.id",
                "i", aOrg[i]);
        } else {
            auth_path_upper(zPath, zHi);
            rc = db_prepare_bind(pDb, &s,
                                 ATTENDEE_COLS
                                 "WHERE o.path >= $1 AND o.path < $2"
                                 " AND m.membership='active'"
                                 " ORDER BY m.org_id, p.name, m.id",
                                 "tt", zPath, zHi);
        }
        if (!rc) rc = append_attendees(s, pa, pn, &nAlloc);
    }
    return rc;
}

int meeting_expected_for(Db *pDb, const int64_t *aOrg, int nOrg,
                         const char *zKind, const char *zOn, Attendee **pa,
                         int *pn)
{
    int64_t *aCom = 0;
    int nCom = 0, nComAlloc = 0, n = 0;
    int rc = meeting_expected(pDb, aOrg, nOrg, pa, pn);
    if (!rc && zKind && strcmp(zKind, "committee_meeting") == 0 && nOrg > 0) {
        DbStmt *s = 0;
        rc = db_prepare_bind(pDb, &s,
                             "SELECT m.id FROM post q JOIN member m ON "
                             "m.person_id=q.person_id WHERE q.org_id=$1 AND "
                             "q.ended=0 AND q.role IN " COMMITTEE_ROLES,
                             "i", aOrg[0]);
        while (!rc && db_step(s) == DB_ROW) {
            if (nCom == nComAlloc) {
                nComAlloc = nComAlloc ? 2 * nComAlloc : 8;
                aCom = xrealloc(aCom, (size_t)nComAlloc * sizeof *aCom);
            }
            aCom[nCom++] = db_col_int64(s, 0);
        }
        db_finalize(s);
    }
    for (int i = 0; !rc && i < *pn; i++) {
        Attendee *p = &(*pa)[i];
        int bKeep = !zOn || !p->zJoined[0] || strcmp(p->zJoined, zOn) <= 0;
        if (bKeep && nCom) {
            int j = 0;
            while (j < nCom && aCom[j] != p->iMember)
                j++;
            bKeep = j < nCom;
        }
        if (bKeep) {
            (*pa)[n++] = *p;
        } else {
            free(p->zName);
            free(p->zOrgName);
        }
    }
    if (!rc) *pn = n;
    free(aCom);
    return rc;
}

int meeting_guests(Db *pDb, const int64_t *aOrg, int nOrg, Attendee **pa,
                   int *pn)
{
    int nAlloc = 0, rc = DB_OK;
    *pa = 0;
    *pn = 0;
    for (int i = 0; i < nOrg && !rc; i++) {
        DbStmt *s = 0;
        rc = db_prepare_bind(pDb, &s,
                             ATTENDEE_COLS "JOIN liaison l ON l.member_id=m.id"
                                           " WHERE l.org_id=$1 ORDER BY m.id",
                             "i", aOrg[i]);
        if (!rc) rc = append_attendees(s, pa, pn, &nAlloc);
    }
    return rc;
}

/* Index of iMember in a[], or -1. */
static int att_find(const Attendee *a, int n, int64_t iMember)
{
    for (int i = 0; i < n; i++)
        if (a[i].iMember == iMember) return i;
    return -1;
}

/* The attendance a[0..n) checked against the expected list of orgs
** aOrg[0..nOrg) and the guests of state st (liaison, speaker, members of
** other orgs of a joint activity).  On success *paExp (caller frees with
** attendees_free) holds the expected list and anCount the expected
** members present, on leave and absent. */
static int att_check(Db *pDb, const int64_t *aOrg, int nOrg, const State *st,
                     const MeetingAtt *a, int n, Attendee **paExp, int *pnExp,
                     int anCount[3], const char *zField, Err *pErr)
{
    int nExp = 0, nGuest = 0;
    Attendee *aExp = 0, *aGuest = 0;
    int rc = meeting_expected_for(pDb, aOrg, nOrg, st->zKind,
                                  st->az[MT_HELD_ON], &aExp, &nExp);
    if (!rc) rc = meeting_guests(pDb, aOrg, nOrg, &aGuest, &nGuest);
    if (rc) {
        attendees_free(aExp, nExp);
        attendees_free(aGuest, nGuest);
        return err_set(pErr, err_db(pDb, rc, "attendance"), 0, 0);
    }
    anCount[0] = anCount[1] = anCount[2] = 0;
    for (int i = 0; i < n && !pErr->iCode; i++) {
        const char *z = a[i].zStatus;
        int bExp = att_find(aExp, nExp, a[i].iMember) >= 0;
        int bGuest = att_find(aGuest, nGuest, a[i].iMember) >= 0 ||
                     a[i].iMember == st->ai[MI_LIAISON] ||
                     a[i].iMember == st->ai[MI_SPEAKER];
        for (int j = 0; j < i; j++)
            if (a[j].iMember == a[i].iMember)
                err_set(pErr, ZE_MEETING_ATT_DUP, zField, 0);
        if (strcmp(z, "present") && strcmp(z, "leave") && strcmp(z, "absent"))
            err_set(pErr, ZE_MEETING_ATT_STATUS, zField, 0);
        else if (strcmp(z, "leave") == 0 && (!a[i].zReason || !a[i].zReason[0]))
            err_set(pErr, ZE_MEETING_LEAVE_REASON, zField, 0);
        else if (a[i].zReason && util_utf8_chars(a[i].zReason) > 200)
            err_set(pErr, ZE_FIELD_TOO_LONG, zField, 0);
        else if (!bExp && !bGuest && !pErr->iCode)
            err_set(pErr, ZE_MEETING_ATTENDEE, zField, 0);
        if (bExp) anCount[z[0] == 'p' ? 0 : z[0] == 'l' ? 1 : 2]++;
    }
    attendees_free(aGuest, nGuest);
    if (pErr->iCode) {
        attendees_free(aExp, nExp);
        return pErr->iCode;
    }
    *paExp = aExp;
    *pnExp = nExp;
    return 0;
}

/* Replace the attendance of meeting iMeeting (bFresh: just created, so
** none yet, and its counts inserted with the row) with a[0..n) (checked by
** att_check()), in the caller's transaction. */
static int att_write(Db *pDb, int64_t iMeeting, int bFresh, const MeetingAtt *a,
                     int n, const Attendee *aExp, int nExp,
                     const int anCount[3])
{
    /* Rows go in batches of 64, 16, 4 and 1 per INSERT: a few statements
    ** (and round trips on PostgreSQL) per meeting, each of the four SQL
    ** texts prepared once per connection. */
    static const int aChunk[] = {64, 16, 4, 1};
    int rc = bFresh ? DB_OK
                    : db_run(pDb, "DELETE FROM attendance WHERE meeting_id=$1",
                             "i", iMeeting);
    for (int i = 0; i < n && !rc;) {
        int k = 0;
        while (aChunk[k] > n - i)
            k++;
        int nRow = aChunk[k];
        Buf sql = BUF_INIT;
        DbStmt *s = 0;
        buf_appends(&sql, "INSERT INTO attendance(meeting_id,member_id,"
                          "status,reason,guest) VALUES");
        for (int j = 0; j < nRow; j++)
            buf_appendf(&sql, "%s($%d,$%d,$%d,$%d,$%d)", j ? "," : "",
                        5 * j + 1, 5 * j + 2, 5 * j + 3, 5 * j + 4, 5 * j + 5);
        rc = db_prepare(pDb, &s, buf_str(&sql));
        buf_free(&sql);
        for (int j = 0; j < nRow && !rc; j++, i++) {
            db_bind_int64(s, 5 * j + 1, iMeeting);
            db_bind_int64(s, 5 * j + 2, a[i].iMember);
            db_bind_text(s, 5 * j + 3, a[i].zStatus);
            db_bind_text(s, 5 * j + 4,
                         a[i].zReason && a[i].zReason[0] ? a[i].zReason : 0);
            db_bind_int64(s, 5 * j + 5, att_find(aExp, nExp, a[i].iMember) < 0);
        }
        if (!rc) {
            rc = db_step(s);
            rc = rc == DB_DONE ? DB_OK : rc;
        }
        db_finalize(s);
    }
    if (!rc && !bFresh) /* a fresh meeting's counts went in with its row */
        rc = db_run(pDb,
                    "UPDATE meeting SET n_expected=$1,n_present=$2,"
                    "n_leave=$3,n_absent=$4 WHERE id=$5",
                    "iiiii", (int64_t)nExp, (int64_t)anCount[0],
                    (int64_t)anCount[1], (int64_t)anCount[2], iMeeting);
    return rc;
}

int meeting_attendance_set(Ctx *c, int64_t iMeeting, const MeetingAtt *a, int n,
                           Err *pErr)
{
    int64_t aOrg[MEETING_MAX_JOINT + 1];
    int nOrg = 0, nExp = 0, rc;
    Attendee *aExp = 0;
    State old, st;
    char zDetail[96];
    int anCount[3] = {0, 0, 0};
    rc = meeting_orgs(c->pDb, iMeeting, aOrg, &nOrg);
    if (!rc)
        rc = state_load(c->pDb, iMeeting, &old);
    else
        memset(&old, 0, sizeof old);
    if (rc) {
        state_clear(&old);
        return err_set(pErr, err_db(c->pDb, rc, "attendance"), 0, 0);
    }
    if (att_check(c->pDb, aOrg, nOrg, &old, a, n, &aExp, &nExp, anCount,
                  "items", pErr)) {
        state_clear(&old);
        return pErr->iCode;
    }
    st = old;
    for (int i = 0; i < MT_NTEXT; i++)
        st.az[i] = old.az[i] ? xstrdup(old.az[i]) : 0;
    st.nAtt = n;
    rc = db_begin(c->pDb);
    if (!rc) rc = att_write(c->pDb, iMeeting, 0, a, n, aExp, nExp, anCount);
    int64_t iId = iMeeting;
    if (!rc) rc = write_state(c->pDb, &iId, &old, &st);
    snprintf(zDetail, sizeof zDetail,
             "expected=%d present=%d leave=%d absent=%d", nExp, anCount[0],
             anCount[1], anCount[2]);
    if (!rc)
        rc = audit_log(c,
                       strcmp(old.zStatus, "completed") == 0
                           ? "meeting.edit_after_complete"
                           : "meeting.attendance",
                       "meeting", iMeeting, zDetail);
    attendees_free(aExp, nExp);
    state_clear(&old);
    state_clear(&st);
    return err_finish(c, rc, pErr, "attendance");
}

/* ---------------------------------------------------------------------
** Votes
*/

int meeting_votes_set(Ctx *c, int64_t iMeeting, const MeetingVote *a, int n,
                      Err *pErr)
{
    int64_t v = 0;
    int rc = db_one_int64(c->pDb, &v, "SELECT id FROM meeting WHERE id=$1", "i",
                          iMeeting);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "votes"), 0, 0);
    for (int i = 0; i < n; i++) {
        const MeetingVote *p = &a[i];
        if (!p->zSubject || !p->zSubject[0] ||
            util_utf8_chars(p->zSubject) > 200)
            return err_set(pErr, ZE_MEETING_VOTE, "items", 0);
        if (p->nEntitled < 0 || p->nPresent < 0 || p->nYes < 0 || p->nNo < 0 ||
            p->nAbstain < 0 || p->nWrittenYes < 0 || p->nExcluded < 0 ||
            p->nExcluded > p->nEntitled ||
            p->nPresent > p->nEntitled - p->nExcluded ||
            p->nYes + p->nNo + p->nAbstain > p->nPresent ||
            p->nPresent + p->nWrittenYes > p->nEntitled - p->nExcluded)
            return err_set(pErr, ZE_MEETING_VOTE, "items", 0);
        /* M6: an exclusion needs its reason (category and approvals). */
        if (p->nExcluded > 0 && (util_blank(p->zExcludedReason) ||
                                 util_utf8_chars(p->zExcludedReason) > 200))
            return err_set(pErr, ZE_MEETING_VOTE, "items",
                           "不计入应到会人数（M6）须写明原因，200字以内");
    }
    rc = db_begin(c->pDb);
    if (!rc)
        rc = db_run(c->pDb, "DELETE FROM meeting_vote WHERE meeting_id=$1", "i",
                    iMeeting);
    for (int i = 0; i < n && !rc; i++) {
        DbStmt *s = 0;
        rc = db_prepare(c->pDb, &s,
                        "INSERT INTO meeting_vote(meeting_id,seq,subject,"
                        "entitled,present,yes,no,abstain,written_yes,"
                        "excluded,excluded_reason) "
                        "VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)");
        if (rc) break;
        db_bind_int64(s, 1, iMeeting);
        db_bind_int64(s, 2, i);
        db_bind_text(s, 3, a[i].zSubject);
        db_bind_int64(s, 4, a[i].nEntitled);
        db_bind_int64(s, 5, a[i].nPresent);
        db_bind_int64(s, 6, a[i].nYes);
        db_bind_int64(s, 7, a[i].nNo);
        db_bind_int64(s, 8, a[i].nAbstain);
        db_bind_int64(s, 9, a[i].nWrittenYes);
        db_bind_int64(s, 10, a[i].nExcluded);
        db_bind_text(s, 11,
                     a[i].nExcluded > 0 ? a[i].zExcludedReason : (char *)0);
        rc = db_step(s);
        rc = rc == DB_DONE ? DB_OK : rc;
        db_finalize(s);
    }
    if (!rc) rc = audit_log(c, "meeting.votes", "meeting", iMeeting, 0);
    return err_finish(c, rc, pErr, "votes");
}

/* ---------------------------------------------------------------------
** Attachments
*/

const char *meeting_file_type(const void *pv, size_t n)
{
    const unsigned char *p = pv;
    if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
        return "image/jpeg";
    if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) return "image/png";
    if (n >= 5 && memcmp(p, "%PDF-", 5) == 0) return "application/pdf";
    return 0;
}

int meeting_file_add(Ctx *c, int64_t iMeeting, const char *zName, const void *p,
                     size_t n, int64_t *piFile, Err *pErr)
{
    int64_t v = 0, nMax = setting_int(c->pDb, "attachment-max-mb") << 20;
    const char *zType;
    int rc = db_one_int64(c->pDb, &v, "SELECT id FROM meeting WHERE id=$1", "i",
                          iMeeting);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "file"), 0, 0);
    if (!zName || !zName[0])
        return err_set(pErr, ZE_FIELD_REQUIRED, "filename", 0);
    if (util_utf8_chars(zName) > 200 || strchr(zName, '/') ||
        strchr(zName, '\\'))
        return err_set(pErr, ZE_FIELD_INVALID, "filename", 0);
    if (n == 0) return err_set(pErr, ZE_FILE_EMPTY, 0, 0);
    if ((int64_t)n > nMax) return err_set(pErr, ZE_FILE_TOO_LARGE, 0, 0);
    if (!(zType = meeting_file_type(p, n)))
        return err_set(pErr, ZE_FILE_TYPE, 0, 0);
    DbStmt *s = 0;
    rc = db_begin(c->pDb);
    if (!rc)
        rc = db_prepare(c->pDb, &s,
                        "INSERT INTO meeting_file(meeting_id,name,type,size,"
                        "data,created_at) VALUES($1,$2,$3,$4,$5,$6) "
                        "RETURNING id");
    if (!rc) {
        db_bind_int64(s, 1, iMeeting);
        db_bind_text(s, 2, zName);
        db_bind_text(s, 3, zType);
        db_bind_int64(s, 4, (int64_t)n);
        db_bind_blob(s, 5, p, (int)n);
        db_bind_int64(s, 6, util_now());
        rc = db_step(s);
        if (rc == DB_ROW) {
            *piFile = db_col_int64(s, 0);
            rc = DB_OK;
        }
        db_finalize(s);
    }
    if (!rc) rc = audit_log(c, "meeting.file_add", "meeting", iMeeting, zName);
    return err_finish(c, rc, pErr, "file_add");
}

int meeting_file_meeting(Db *pDb, int64_t iFile, int64_t *piMeeting)
{
    return db_one_int64(pDb, piMeeting,
                        "SELECT meeting_id FROM meeting_file WHERE id=$1", "i",
                        iFile);
}

int meeting_file_get(Db *pDb, int64_t iFile, MeetingFile *f, void **ppData)
{
    DbStmt *s = 0;
    int rc = db_prepare_bind(pDb, &s,
                             "SELECT meeting_id, name, type, size, created_at,"
                             " data FROM meeting_file WHERE id=$1",
                             "i", iFile);
    if (rc) return rc;
    memset(f, 0, sizeof *f);
    if (db_step(s) != DB_ROW) {
        db_finalize(s);
        return DB_NOTFOUND;
    }
    f->iId = iFile;
    f->iMeeting = db_col_int64(s, 0);
    f->zName = xstrdup(db_col_text(s, 1));
    snprintf(f->zType, sizeof f->zType, "%s", db_col_text(s, 2));
    f->nSize = db_col_int64(s, 3);
    f->tCreated = db_col_int64(s, 4);
    if (ppData) {
        int n = 0;
        const void *p = db_col_blob(s, 5, &n);
        *ppData = xmalloc((size_t)n + 1);
        if (n) memcpy(*ppData, p, (size_t)n);
        f->nSize = n;
    }
    db_finalize(s);
    return DB_OK;
}

int meeting_file_delete(Ctx *c, int64_t iFile, Err *pErr)
{
    int64_t iMeeting = 0;
    int rc = meeting_file_meeting(c->pDb, iFile, &iMeeting);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "file"), 0, 0);
    rc = db_begin(c->pDb);
    if (!rc)
        rc = db_run(c->pDb, "DELETE FROM meeting_file WHERE id=$1", "i", iFile);
    if (!rc) rc = audit_log(c, "meeting.file_delete", "meeting_file", iFile, 0);
    return err_finish(c, rc, pErr, "file_delete");
}

/* ---------------------------------------------------------------------
** Reading
*/

void meeting_clear(Meeting *p)
{
    if (!p) return;
    free(p->zOrgName);
    for (int i = 0; i < MT_NTEXT; i++)
        free(p->az[i]);
    free(p->zHostName);
    free(p->zRecorderName);
    for (int i = 0; i < p->nAtt; i++) {
        free(p->aAtt[i].zName);
        free(p->aAtt[i].zReasonOwned);
    }
    free(p->aAtt);
    for (int i = 0; i < p->nVote; i++) {
        free(p->aVote[i].zSubjectOwned);
        free(p->aVote[i].zExcludedReasonOwned);
    }
    free(p->aVote);
    for (int i = 0; i < p->nFile; i++)
        free(p->aFile[i].zName);
    free(p->aFile);
    memset(p, 0, sizeof *p);
}

static char *dup_or_null(const char *z)
{
    return z ? xstrdup(z) : 0;
}

/* Attendance rows of p, with M3 and vote roster numbers. */
static int load_attendance(Db *pDb, Meeting *p, int *pnVoting,
                           int *pnVotingPresent)
{
    DbStmt *s = 0;
    int nAlloc = 0;
    int rc = db_prepare_bind(
        pDb, &s,
        "SELECT a.member_id, pe.name, m.org_id, a.status, a.reason, a.guest, "
        "m.status, m.rights_suspended, "
        "(SELECT count(*) FROM post q JOIN org qo ON qo.id=q.org_id WHERE "
        " q.person_id=m.person_id AND q.ended=0 AND qo.kind IN "
        " ('committee','general_branch')), "
        "(SELECT count(*) FROM post q WHERE q.person_id=m.person_id AND "
        " q.ended=0 AND q.org_id=$2 AND q.role IN " COMMITTEE_ROLES ") "
        "FROM attendance a JOIN member m ON m.id=a.member_id JOIN person pe "
        "ON pe.id=m.person_id WHERE a.meeting_id=$1 ORDER BY a.guest, "
        "m.org_id, pe.name, a.member_id",
        "ii", p->iId, p->iOrg);
    *pnVoting = *pnVotingPresent = 0;
    while (!rc && db_step(s) == DB_ROW) {
        if (p->nAtt == nAlloc) {
            nAlloc = nAlloc ? 2 * nAlloc : 32;
            p->aAtt = xrealloc(p->aAtt, (size_t)nAlloc * sizeof *p->aAtt);
        }
        MeetingAtt *a = &p->aAtt[p->nAtt++];
        memset(a, 0, sizeof *a);
        a->iMember = db_col_int64(s, 0);
        a->zName = xstrdup(db_col_text(s, 1));
        a->iOrg = db_col_int64(s, 2);
        snprintf(a->zStatus, sizeof a->zStatus, "%s", db_col_text(s, 3));
        a->zReasonOwned = dup_or_null(db_col_text(s, 4));
        a->bGuest = (int)db_col_int64(s, 5);
        a->bLeader = db_col_int64(s, 8) > 0;
        int bVoting = strcmp(db_col_text(s, 6), "full") == 0 &&
                      !db_col_int64(s, 7) && !a->bGuest;
        int bPresent = strcmp(a->zStatus, "present") == 0;
        *pnVoting += bVoting;
        *pnVotingPresent += bVoting && bPresent;
        if (db_col_int64(s, 9) > 0) p->nCommitteePresent += bPresent;
    }
    db_finalize(s);
    return rc;
}

int meeting_get(Db *pDb, int64_t iMeeting, Meeting *p)
{
    State st;
    DbStmt *s = 0;
    int nVoting = 0, nVotingPresent = 0;
    memset(p, 0, sizeof *p);
    int rc = state_load(pDb, iMeeting, &st);
    if (rc) {
        state_clear(&st);
        return rc;
    }
    p->iId = iMeeting;
    p->iOrg = st.iOrg;
    snprintf(p->zKind, sizeof p->zKind, "%s", st.zKind);
    snprintf(p->zStatus, sizeof p->zStatus, "%s", st.zStatus);
    memcpy(p->az, st.az, sizeof p->az);
    memset(st.az, 0, sizeof st.az);
    memcpy(p->ai, st.ai, sizeof p->ai);
    memcpy(p->aJoint, st.aJoint, sizeof p->aJoint);
    p->nJoint = st.nJoint;
    state_clear(&st);
    rc = db_prepare_bind(
        pDb, &s,
        "SELECT o.name, (SELECT pe.name FROM member m JOIN person pe ON "
        "pe.id=m.person_id WHERE m.id=mt.host_id), (SELECT pe.name FROM "
        "member m JOIN person pe ON pe.id=m.person_id WHERE "
        "m.id=mt.recorder_id), n_expected, n_present, n_leave, n_absent, "
        "mt.created_at, mt.updated_at, (SELECT count(DISTINCT person_id) "
        "FROM post WHERE org_id=mt.org_id AND ended=0 AND role "
        "IN " COMMITTEE_ROLES ") FROM meeting mt JOIN org o ON o.id=mt.org_id "
        "WHERE mt.id=$1",
        "i", iMeeting);
    if (!rc && db_step(s) == DB_ROW) {
        p->zOrgName = dup_or_null(db_col_text(s, 0));
        p->zHostName = dup_or_null(db_col_text(s, 1));
        p->zRecorderName = dup_or_null(db_col_text(s, 2));
        p->nExpected = (int)db_col_int64(s, 3);
        p->nPresent = (int)db_col_int64(s, 4);
        p->nLeave = (int)db_col_int64(s, 5);
        p->nAbsent = (int)db_col_int64(s, 6);
        p->tCreated = db_col_int64(s, 7);
        p->tUpdated = db_col_int64(s, 8);
        p->nCommittee = (int)db_col_int64(s, 9);
    }
    db_finalize(s);
    if (!rc) rc = load_attendance(pDb, p, &nVoting, &nVotingPresent);
    /* Votes, judged against the roster when there is attendance. */
    int nAlloc = 0;
    if (!rc)
        rc = db_prepare_bind(pDb, &s,
                             "SELECT id, subject, entitled, present, yes, no,"
                             " abstain, written_yes, excluded, "
                             "excluded_reason FROM meeting_vote WHERE "
                             "meeting_id=$1 ORDER BY seq",
                             "i", iMeeting);
    while (!rc && db_step(s) == DB_ROW) {
        if (p->nVote == nAlloc) {
            nAlloc = nAlloc ? 2 * nAlloc : 4;
            p->aVote = xrealloc(p->aVote, (size_t)nAlloc * sizeof *p->aVote);
        }
        MeetingVote *v = &p->aVote[p->nVote++];
        memset(v, 0, sizeof *v);
        v->iId = db_col_int64(s, 0);
        v->zSubjectOwned = xstrdup(db_col_text(s, 1));
        v->zSubject = v->zSubjectOwned;
        v->nEntitled = (int)db_col_int64(s, 2);
        v->nPresent = (int)db_col_int64(s, 3);
        v->nYes = (int)db_col_int64(s, 4);
        v->nNo = (int)db_col_int64(s, 5);
        v->nAbstain = (int)db_col_int64(s, 6);
        v->nWrittenYes = (int)db_col_int64(s, 7);
        v->nExcluded = (int)db_col_int64(s, 8);
        v->zExcludedReasonOwned = dup_or_null(db_col_text(s, 9));
        v->zExcludedReason = v->zExcludedReasonOwned;
        v->nEntitledRoster = p->nAtt ? nVoting : -1;
        v->nPresentEntitled = p->nAtt ? nVotingPresent : -1;
        int nE = p->nAtt ? (nVoting > v->nEntitled ? nVoting : v->nEntitled)
                         : v->nEntitled;
        nE -= v->nExcluded; /* M6 */
        if (nE < 0) nE = 0;
        int nP = p->nAtt ? nVotingPresent : v->nPresent;
        meeting_m2(nE, nP, v->nYes, v->nWrittenYes, &v->bQuorum, &v->bPassed);
    }
    db_finalize(s);
    nAlloc = 0;
    if (!rc)
        rc = db_prepare_bind(pDb, &s,
                             "SELECT id, name, type, size, created_at FROM "
                             "meeting_file WHERE meeting_id=$1 ORDER BY id",
                             "i", iMeeting);
    while (!rc && db_step(s) == DB_ROW) {
        if (p->nFile == nAlloc) {
            nAlloc = nAlloc ? 2 * nAlloc : 4;
            p->aFile = xrealloc(p->aFile, (size_t)nAlloc * sizeof *p->aFile);
        }
        MeetingFile *f = &p->aFile[p->nFile++];
        memset(f, 0, sizeof *f);
        f->iId = db_col_int64(s, 0);
        f->iMeeting = iMeeting;
        f->zName = xstrdup(db_col_text(s, 1));
        snprintf(f->zType, sizeof f->zType, "%s", db_col_text(s, 2));
        f->nSize = db_col_int64(s, 3);
        f->tCreated = db_col_int64(s, 4);
    }
    db_finalize(s);
    return rc;
}

/* ---------------------------------------------------------------------
** Lists, register, inactive, study
*/

void meeting_sums_free(MeetingSum *a, int n)
{
    for (int i = 0; i < n; i++)
        free(a[i].zTopic);
    free(a);
}

int meeting_list(Db *pDb, int64_t iOrg, const char *zKind, const char *zStatus,
                 int iFirst, int iLast, int64_t nLimit, int64_t nOffset,
                 MeetingSum **pa, int *pn, int64_t *pnTotal)
{
    char zA[11] = "", zB[11] = "";
    DbStmt *s = 0;
    int nAlloc = 0;
    *pa = 0;
    *pn = 0;
    if (iFirst) {
        cal_format(iFirst, zA);
        cal_format(iLast, zB);
    }
    static const char zWhere[] =
        " FROM meeting_org mo JOIN meeting m ON m.id=mo.meeting_id WHERE "
        "mo.org_id=$1 AND mo.is_host<2 AND ($2='' OR m.kind=$2) AND "
        "($3='' OR m.status=$3) AND ($4='' OR coalesce(m.held_on,"
        "m.planned_on) >= $4) AND ($5='' OR coalesce(m.held_on,m.planned_on)"
        " <= $5)";
    char *zSql = xprintf("SELECT count(*)%s", zWhere);
    int rc = db_one_int64(pDb, pnTotal, zSql, "itttt", iOrg, zKind ? zKind : "",
                          zStatus ? zStatus : "", zA, zB);
    free(zSql);
    if (rc == DB_NOTFOUND) rc = DB_OK;
    zSql = xprintf("SELECT m.id, m.org_id, m.kind, m.status, "
                   "coalesce(m.held_on,''), coalesce(m.planned_on,''), "
                   "m.topic, m.n_expected, m.n_present%s ORDER BY "
                   "coalesce(m.held_on,m.planned_on,'') DESC, m.id DESC "
                   "LIMIT $6 OFFSET $7",
                   zWhere);
    if (!rc)
        rc = db_prepare_bind(pDb, &s, zSql, "ittttii", iOrg, zKind ? zKind : "",
                             zStatus ? zStatus : "", zA, zB, nLimit, nOffset);
    free(zSql);
    while (!rc && db_step(s) == DB_ROW) {
        if (*pn == nAlloc) {
            nAlloc = nAlloc ? 2 * nAlloc : 32;
            *pa = xrealloc(*pa, (size_t)nAlloc * sizeof **pa);
        }
        MeetingSum *m = &(*pa)[(*pn)++];
        memset(m, 0, sizeof *m);
        m->iId = db_col_int64(s, 0);
        m->iOrg = db_col_int64(s, 1);
        snprintf(m->zKind, sizeof m->zKind, "%s", db_col_text(s, 2));
        snprintf(m->zStatus, sizeof m->zStatus, "%s", db_col_text(s, 3));
        snprintf(m->zHeldOn, sizeof m->zHeldOn, "%s", db_col_text(s, 4));
        snprintf(m->zPlannedOn, sizeof m->zPlannedOn, "%s", db_col_text(s, 5));
        m->zTopic = dup_or_null(db_col_text(s, 6));
        m->nExpected = (int)db_col_int64(s, 7);
        m->nPresent = (int)db_col_int64(s, 8);
    }
    db_finalize(s);
    return rc;
}

/* Names of the attendance rows of p with status zStatus, joined by "、";
** with reasons for leave.  Caller frees. */
static char *names_of(const Meeting *p, const char *zStatus)
{
    Buf b = BUF_INIT;
    for (int i = 0; i < p->nAtt; i++) {
        if (strcmp(p->aAtt[i].zStatus, zStatus) != 0) continue;
        buf_appendf(&b, "%s%s", b.n ? "、" : "", p->aAtt[i].zName);
        if (p->aAtt[i].zReasonOwned)
            buf_appendf(&b, "（%s）", p->aAtt[i].zReasonOwned);
    }
    return buf_take(&b);
}

static const char *status_label(const char *z)
{
    return strcmp(z, "completed") == 0 ? "已完成"
           : strcmp(z, "held") == 0    ? "已召开（待补全）"
                                       : "计划";
}

int meeting_ledger(Ctx *c, int64_t iOrg, int iYear, int *pFd, long long *pnSize,
                   Err *pErr)
{
    static const char *const azHead[] = {"类型", "日期", "主持人", "记录人",
                                         "应到", "实到", "请假",   "缺席",
                                         "议题", "决议", "状态"};
    static const double aWidth[] = {12, 12, 10, 10, 6, 6, 24, 24, 30, 40, 14};
    MeetingSum *a = 0;
    int n = 0, iFirst, iLast, rc;
    int64_t nTotal = 0;
    char zYear[8], *zErr = 0;
    Xlsx *x = 0;
    snprintf(zYear, sizeof zYear, "%04d", iYear);
    if (cal_period(zYear, &iFirst, &iLast))
        return err_set(pErr, ZE_BAD_QUERY, "year", 0);
    rc = meeting_list(c->pDb, iOrg, 0, 0, iFirst, iLast, 100000, 0, &a, &n,
                      &nTotal);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "ledger"), 0, 0);
    if (xlsx_new(&x, &zErr)) {
        log_msg(LOG_ERROR, "ledger: %s", zErr);
        free(zErr);
        meeting_sums_free(a, n);
        return err_set(pErr, ZE_EXPORT_FAILED, 0, 0);
    }
    xlsx_sheet(x, "三会一课台账");
    xlsx_widths(x, aWidth, COUNT(aWidth));
    xlsx_header(x, azHead, COUNT(azHead));
    for (int i = n - 1; i >= 0 && !rc; i--) {
        Meeting m;
        char zE[16], zP[16];
        rc = meeting_get(c->pDb, a[i].iId, &m);
        if (rc) break;
        const LifeKind *k = life_kind(m.zKind);
        char *zLeave = names_of(&m, "leave"), *zAbsent = names_of(&m, "absent");
        snprintf(zE, sizeof zE, "%d", m.nExpected);
        snprintf(zP, sizeof zP, "%d", m.nPresent);
        const char *az[] = {k ? k->zLabel : m.zKind,
                            m.az[MT_HELD_ON] ? m.az[MT_HELD_ON]
                                             : m.az[MT_PLANNED_ON],
                            m.zHostName,
                            m.zRecorderName,
                            zE,
                            zP,
                            zLeave,
                            zAbsent,
                            m.az[MT_TOPIC],
                            m.az[MT_DECISIONS],
                            status_label(m.zStatus)};
        xlsx_row(x, az, COUNT(az));
        free(zLeave);
        free(zAbsent);
        meeting_clear(&m);
    }
    meeting_sums_free(a, n);
    if (rc) {
        xlsx_free(x);
        return err_set(pErr, err_db(c->pDb, rc, "ledger"), 0, 0);
    }
    if (xlsx_finish(x, pFd, pnSize, &zErr)) {
        log_msg(LOG_ERROR, "ledger: %s", zErr);
        free(zErr);
        return err_set(pErr, ZE_EXPORT_FAILED, 0, 0);
    }
    char zDetail[64];
    snprintf(zDetail, sizeof zDetail, "year=%d rows=%d", iYear, n);
    audit_log_tx(c, "export.meetings", "org", iOrg, zDetail);
    return 0;
}

void inactive_free(Inactive *a, int n)
{
    for (int i = 0; i < n; i++)
        free(a[i].zName);
    free(a);
}

int meeting_inactive(Db *pDb, int64_t iOrg, int iAsOf, int nMonths,
                     Inactive **pa, int *pn)
{
    char zPath[256], zHi[256], zAsOf[11];
    DbStmt *s = 0;
    int nAlloc = 0;
    *pa = 0;
    *pn = 0;
    int rc =
        db_prepare_bind(pDb, &s, "SELECT path FROM org WHERE id=$1", "i", iOrg);
    if (rc) return rc;
    zPath[0] = 0;
    if (db_step(s) == DB_ROW)
        snprintf(zPath, sizeof zPath, "%s", db_col_text(s, 0));
    db_finalize(s);
    if (!zPath[0]) return DB_NOTFOUND;
    auth_path_upper(zPath, zHi);
    cal_format(iAsOf, zAsOf);
    rc = db_prepare_bind(
        pDb, &s,
        "SELECT m.id, m.org_id, p.name, m.joined_on, (SELECT max(mt.held_on) "
        "FROM attendance a JOIN meeting mt ON mt.id=a.meeting_id WHERE "
        "a.member_id=m.id AND a.status='present' AND mt.status='completed' "
        "AND mt.held_on <= $3) FROM member m JOIN person p ON "
        "p.id=m.person_id JOIN org o ON o.id=m.org_id WHERE o.path >= $1 AND "
        "o.path < $2 AND m.membership='active' AND NOT EXISTS (SELECT 1 FROM "
        "member_exempt e WHERE e.member_id=m.id) ORDER BY m.org_id, p.name, "
        "m.id",
        "ttt", zPath, zHi, zAsOf);
    while (!rc && db_step(s) == DB_ROW) {
        const char *zLast = db_col_text(s, 4);
        const char *zJoined = db_col_text(s, 3);
        int iLast = 0;
        if (!(zLast && !cal_parse(zLast, &iLast)) &&
            !(zJoined && !cal_parse(zJoined, &iLast)))
            continue;
        if (!life_inactive(iLast, iAsOf, nMonths)) continue;
        if (*pn == nAlloc) {
            nAlloc = nAlloc ? 2 * nAlloc : 16;
            *pa = xrealloc(*pa, (size_t)nAlloc * sizeof **pa);
        }
        Inactive *x = &(*pa)[(*pn)++];
        memset(x, 0, sizeof *x);
        x->iMember = db_col_int64(s, 0);
        x->iOrg = db_col_int64(s, 1);
        x->zName = xstrdup(db_col_text(s, 2));
        snprintf(x->zLast, sizeof x->zLast, "%s", zLast ? zLast : "");
        x->nMonths = cal_months_between(iLast, iAsOf);
    }
    db_finalize(s);
    return rc;
}

void study_free(StudyRow *a, int n)
{
    for (int i = 0; i < n; i++)
        free(a[i].zTopic);
    free(a);
}

int meeting_study(Db *pDb, int64_t iMember, int iYear, StudyRow **pa, int *pn,
                  int *pnHours, int *pbExempt)
{
    char zA[11], zB[11];
    DbStmt *s = 0;
    int nAlloc = 0, iFirst, iLast;
    int64_t v = 0;
    *pa = 0;
    *pn = *pnHours = 0;
    snprintf(zA, sizeof zA, "%04d", iYear);
    if (cal_period(zA, &iFirst, &iLast)) return DB_ERROR;
    cal_format(iFirst, zA);
    cal_format(iLast, zB);
    int rc = db_one_int64(pDb, &v,
                          "SELECT count(*) FROM member_exempt WHERE "
                          "member_id=$1",
                          "i", iMember);
    *pbExempt = v > 0;
    rc = db_prepare_bind(pDb, &s,
                         "SELECT mt.id, mt.kind, mt.held_on, mt.topic, "
                         "mt.study_hours, a.status FROM attendance a JOIN "
                         "meeting mt ON "
                         "mt.id=a.meeting_id WHERE a.member_id=$1 AND "
                         "mt.status='completed' AND "
                         "mt.held_on >= $2 AND mt.held_on <= $3 ORDER BY "
                         "mt.held_on, mt.id",
                         "itt", iMember, zA, zB);
    while (!rc && db_step(s) == DB_ROW) {
        const LifeKind *k = life_kind(db_col_text(s, 1));
        if (*pn == nAlloc) {
            nAlloc = nAlloc ? 2 * nAlloc : 16;
            *pa = xrealloc(*pa, (size_t)nAlloc * sizeof **pa);
        }
        StudyRow *r = &(*pa)[(*pn)++];
        memset(r, 0, sizeof *r);
        r->iMeeting = db_col_int64(s, 0);
        snprintf(r->zKind, sizeof r->zKind, "%s", db_col_text(s, 1));
        snprintf(r->zHeldOn, sizeof r->zHeldOn, "%s", db_col_text(s, 2));
        r->zTopic = dup_or_null(db_col_text(s, 3));
        snprintf(r->zStatus, sizeof r->zStatus, "%s", db_col_text(s, 5));
        r->nHours = k && k->bStudy && strcmp(r->zStatus, "present") == 0
                        ? (int)db_col_int64(s, 4)
                        : 0;
        *pnHours += r->nHours;
    }
    db_finalize(s);
    return rc;
}

int meeting_exempt_set(Ctx *c, int64_t iMember, int bExempt,
                       const char *zReason, Err *pErr)
{
    char zToday[11];
    int rc = member_exists(c->pDb, iMember);
    if (rc) return err_set(pErr, err_db(c->pDb, rc, "exempt"), 0, 0);
    util_today(zToday);
    rc = db_begin(c->pDb);
    if (!rc)
        rc = db_run(c->pDb, "DELETE FROM member_exempt WHERE member_id=$1", "i",
                    iMember);
    if (!rc && bExempt)
        rc = db_run(c->pDb,
                    "INSERT INTO member_exempt(member_id,reason,from_on) "
                    "VALUES($1,$2,$3)",
                    "itt", iMember, zReason, zToday);
    if (!rc)
        rc = audit_log(c, bExempt ? "member.exempt" : "member.unexempt",
                       "member", iMember, zReason);
    return err_finish(c, rc, pErr, "exempt");
}
