-- 005_transfer.sql (SQLite): transfers of the organisational relation
-- (组织关系转接, T11), mobile members (流动党员, T14/T15/T21) and changes of
-- membership (党籍: 停止党籍 T10, 除名 T10/T13/F18, death, 恢复党籍).
-- Nothing here is ever deleted: every row is history.  Keep in step with
-- sql/pg/005_transfer.sql.

-- 党籍 of a member: active, suspended (停止党籍), removed (除名), deceased.
-- Members not active keep their row and org; they leave the default roster,
-- the expected attendee lists and the counts of entitled voters.
-- No CHECK constraint: membership.c is the one writer and checks the value;
-- on SQLite a CHECK here cost about 8% of a 100,000-row import (measured).
ALTER TABLE member ADD COLUMN membership TEXT NOT NULL DEFAULT 'active';

CREATE TABLE transfer (
  id             INTEGER PRIMARY KEY,
  member_id      INTEGER NOT NULL REFERENCES member(id),
  from_org_id    INTEGER NOT NULL REFERENCES org(id),
  to_org_id      INTEGER NOT NULL REFERENCES org(id),
  letter_no      TEXT NOT NULL,         -- 介绍信编号
  issued_on      TEXT NOT NULL,         -- YYYY-MM-DD
  valid_until    TEXT NOT NULL,         -- last day the letter is valid
  dues_paid_to   TEXT NOT NULL,         -- 党费交至 YYYY-MM
  reason         TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN
                   ('submitted','pending','accepted','refused','cancelled',
                    'expired')),
  approved_by    TEXT,                  -- sending side: who approved
  approving_body TEXT,                  -- 审批机关 (the committee above)
  document_no    TEXT,                  -- its document number, if any
  approved_on    TEXT,
  approved_uid   INTEGER REFERENCES app_user(id),
  decided_on     TEXT,                  -- accepted / refused / cancelled on
  decided_uid    INTEGER REFERENCES app_user(id),
  decision_note  TEXT,                  -- refusal or cancellation reason
  created_uid    INTEGER REFERENCES app_user(id),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
-- At most one open transfer per member (issue #4 item 9).
CREATE UNIQUE INDEX transfer_open ON transfer(member_id)
  WHERE status IN ('submitted','pending');
CREATE INDEX transfer_from ON transfer(from_org_id, id);
CREATE INDEX transfer_to ON transfer(to_org_id, id);

-- One row per period a member is away as a mobile member (流动党员).
CREATE TABLE mobile_member (
  id          INTEGER PRIMARY KEY,
  member_id   INTEGER NOT NULL REFERENCES member(id),
  place       TEXT NOT NULL,            -- 流入地 (where they are)
  unit        TEXT,                     -- 工作单位 there
  contact_org TEXT,                     -- 流入地联系党组织, if any
  from_on     TEXT NOT NULL,
  ended       INTEGER NOT NULL DEFAULT 0,
  ended_on    TEXT,
  end_note    TEXT,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX mobile_member_open ON mobile_member(member_id)
  WHERE ended = 0;

-- Reports of a mobile member to the home branch (T21).
CREATE TABLE mobile_report (
  id          INTEGER PRIMARY KEY,
  mobile_id   INTEGER NOT NULL REFERENCES mobile_member(id),
  reported_on TEXT NOT NULL,
  note        TEXT NOT NULL,
  created_uid INTEGER REFERENCES app_user(id),
  created_at  INTEGER NOT NULL
);
CREATE INDEX mobile_report_by ON mobile_report(mobile_id, reported_on);

-- Changes of membership (党籍变更), never deleted.
CREATE TABLE membership_change (
  id             INTEGER PRIMARY KEY,
  member_id      INTEGER NOT NULL REFERENCES member(id),
  kind           TEXT NOT NULL CHECK (kind IN
                   ('suspend','remove','death','restore')),
  ground         TEXT,                  -- which case of the rule
  effective_on   TEXT NOT NULL,
  basis_on       TEXT,                  -- date the ground runs from
  reason         TEXT NOT NULL,
  approved_by    TEXT,
  approving_body TEXT,
  document_no    TEXT,
  meeting_id     INTEGER REFERENCES meeting(id), -- congress decision (除名)
  from_state     TEXT NOT NULL,
  to_state       TEXT NOT NULL,
  created_uid    INTEGER REFERENCES app_user(id),
  created_at     INTEGER NOT NULL
);
CREATE INDEX membership_change_by ON membership_change(member_id, id);
