-- 002_meetings.sql (SQLite): organisational life (B1-B6): meetings, the orgs
-- each counts for, attendance, votes, attachments, cadence overrides, the
-- roll-up counters, liaisons, exemptions and loaded holiday years.  Keep in
-- step with sql/pg/002_meetings.sql.
CREATE TABLE meeting (
  id             INTEGER PRIMARY KEY,
  org_id         INTEGER NOT NULL REFERENCES org(id),
  kind           TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('planned','held','completed')),
  planned_on     TEXT,
  held_on        TEXT,
  start_time     TEXT,
  place          TEXT,
  host_id        INTEGER REFERENCES member(id),
  recorder_id    INTEGER REFERENCES member(id),
  liaison_id     INTEGER REFERENCES member(id),
  speaker_id     INTEGER REFERENCES member(id),
  topic          TEXT,
  agenda         TEXT,
  minutes        TEXT,
  decisions      TEXT,
  business_items TEXT,                 -- JSON array of strings
  study_hours    INTEGER NOT NULL DEFAULT 0,
  n_expected     INTEGER NOT NULL DEFAULT 0,
  n_present      INTEGER NOT NULL DEFAULT 0,
  n_leave        INTEGER NOT NULL DEFAULT 0,
  n_absent       INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX meeting_by_org ON meeting(org_id, held_on);

-- Every org a meeting counts for: the host and each joint org (B5).
-- kind/held_on/completed are copied from meeting so a branch's compliance
-- is one range scan of this index.
CREATE TABLE meeting_org (
  meeting_id INTEGER NOT NULL REFERENCES meeting(id),
  org_id     INTEGER NOT NULL REFERENCES org(id),
  is_host    INTEGER NOT NULL DEFAULT 0,
  kind       TEXT NOT NULL,
  held_on    TEXT,
  completed  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (meeting_id, org_id)
);
CREATE INDEX meeting_org_by_org ON meeting_org(org_id, held_on, meeting_id);

CREATE TABLE attendance (
  meeting_id INTEGER NOT NULL REFERENCES meeting(id),
  member_id  INTEGER NOT NULL REFERENCES member(id),
  status     TEXT NOT NULL CHECK (status IN ('present','leave','absent')),
  reason     TEXT,
  guest      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX attendance_by_member ON attendance(member_id, meeting_id);

CREATE TABLE meeting_vote (
  id          INTEGER PRIMARY KEY,
  meeting_id  INTEGER NOT NULL REFERENCES meeting(id),
  seq         INTEGER NOT NULL,
  subject     TEXT NOT NULL,
  entitled    INTEGER NOT NULL,
  present     INTEGER NOT NULL,
  yes         INTEGER NOT NULL,
  no          INTEGER NOT NULL,
  abstain     INTEGER NOT NULL,
  written_yes INTEGER NOT NULL
);
CREATE INDEX meeting_vote_by_meeting ON meeting_vote(meeting_id, seq);

CREATE TABLE meeting_file (
  id         INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meeting(id),
  name       TEXT NOT NULL,
  type       TEXT NOT NULL,
  size       INTEGER NOT NULL,
  data       BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX meeting_file_by_meeting ON meeting_file(meeting_id);

-- Per-org cadence overrides (B2); inherited by the subtree.
CREATE TABLE cadence (
  org_id      INTEGER NOT NULL REFERENCES org(id),
  kind        TEXT NOT NULL,
  every       TEXT NOT NULL CHECK (every IN ('month','quarter','year','none')),
  nth_workday INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, kind)
);

-- Roll-up counters (B3): for every org and each of its ancestors, per kind
-- and period ("2026-05", "2026-Q2", "2026"), the number of branches in its
-- subtree that have done the kind in that period.  Written in the same
-- transaction as the meeting.
CREATE TABLE life_count (
  org_id INTEGER NOT NULL,
  kind   TEXT NOT NULL,
  period TEXT NOT NULL,
  n_done INTEGER NOT NULL,
  PRIMARY KEY (org_id, period, kind)
);

-- Leaders linked to branches (班子成员联系支部, B4).
CREATE TABLE liaison (
  id         INTEGER PRIMARY KEY,
  org_id     INTEGER NOT NULL REFERENCES org(id),
  member_id  INTEGER NOT NULL REFERENCES member(id),
  from_on    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (org_id, member_id)
);
CREATE INDEX liaison_by_member ON liaison(member_id);

-- Members exempt from study-hour and attendance checks (T8).
CREATE TABLE member_exempt (
  member_id INTEGER PRIMARY KEY REFERENCES member(id),
  reason    TEXT,
  from_on   TEXT NOT NULL
);

-- Holiday arrangements loaded by the administrator (B2), merged over the
-- built-in calendar.
CREATE TABLE holiday_year (
  year      INTEGER PRIMARY KEY,
  tsv       TEXT NOT NULL,
  loaded_at INTEGER NOT NULL
);
