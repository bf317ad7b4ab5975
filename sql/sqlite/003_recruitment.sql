-- 003_recruitment.sql (SQLite): the recruitment pipeline (发展党员, A5,
-- rules §2.1 D1-D25).  An applicant is a person row (ID number sealed as
-- for members) with one recruitment record; each of the 25 steps recorded
-- is a recruitment_step row, with the members involved (mentors, sponsors)
-- in recruitment_party.  Keep in step with sql/pg/003_recruitment.sql.
CREATE TABLE recruitment (
  id         INTEGER PRIMARY KEY,
  person_id  INTEGER NOT NULL UNIQUE REFERENCES person(id),
  org_id     INTEGER NOT NULL REFERENCES org(id),  -- the branch
  step       INTEGER NOT NULL,                     -- last step recorded, 1..25
  stage      INTEGER NOT NULL,                     -- 1..5 (rules §2.1)
  member_id  INTEGER REFERENCES member(id),        -- from step 17 on
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX recruitment_by_org ON recruitment(org_id);

CREATE TABLE recruitment_step (
  id              INTEGER PRIMARY KEY,
  recruitment_id  INTEGER NOT NULL REFERENCES recruitment(id),
  step            INTEGER NOT NULL CHECK (step BETWEEN 1 AND 25),
  done_on         TEXT NOT NULL,                   -- YYYY-MM-DD
  people          TEXT,     -- 谈话人、经办人等 (names as text)
  documents       TEXT,     -- 材料名称、文号
  note            TEXT,
  meeting_id      INTEGER REFERENCES meeting(id),  -- steps 15 and 23
  entitled        INTEGER,  -- 应到会有表决权的正式党员 (M2)
  present         INTEGER,
  yes             INTEGER,
  written_yes     INTEGER,  -- D13 书面意见
  approver_org_id INTEGER REFERENCES org(id),      -- steps 17 and 24
  approver_kind   TEXT,     -- committee|general_branch|branch|temporary
  train_days      INTEGER,  -- step 11 (D10)
  train_hours     INTEGER,
  ext_months      INTEGER,  -- step 23: 延长预备期 (D18) instead of 转正
  delay_reason    TEXT,     -- step 17: special reason for approval > 3 months
  override_reason TEXT,     -- a refused step recorded anyway, with the reason
  findings        TEXT,     -- JSON array of the findings flagged on this step
  recorded_by     INTEGER REFERENCES app_user(id),
  recorded_login  TEXT,
  created_at      INTEGER NOT NULL
);
CREATE INDEX recruitment_step_by_rec ON recruitment_step(recruitment_id, step);

-- Members named on a step: mentors (培养联系人, step 5) and sponsors
-- (入党介绍人, step 9).
CREATE TABLE recruitment_party (
  step_id   INTEGER NOT NULL REFERENCES recruitment_step(id),
  role      TEXT NOT NULL CHECK (role IN ('mentor','sponsor')),
  member_id INTEGER NOT NULL REFERENCES member(id),
  PRIMARY KEY (step_id, role, member_id)
);
