-- 001_init.sql (SQLite): organisation tree, people, members, posts, accounts,
-- grants, sessions, audit log, settings (A1-A4).  Keep in step with sql/pg.
CREATE TABLE org (
  id            INTEGER PRIMARY KEY,
  parent_id     INTEGER REFERENCES org(id),
  kind          TEXT NOT NULL CHECK (kind IN ('committee','general_branch','branch','group')),
  name          TEXT NOT NULL,
  business_unit TEXT,
  path          TEXT NOT NULL,          -- materialised path '/1/7/42/'
  depth         INTEGER NOT NULL,
  term_start    TEXT,                   -- YYYY-MM-DD
  term_years    INTEGER,
  closed        INTEGER NOT NULL DEFAULT 0,
  closed_on     TEXT,
  created_at    INTEGER NOT NULL
);
CREATE INDEX org_parent ON org(parent_id);
CREATE UNIQUE INDEX org_path ON org(path);

CREATE TABLE person (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  gender        TEXT NOT NULL CHECK (gender IN ('male','female')),
  ethnicity     TEXT,
  birth_date    TEXT NOT NULL,
  id_number_enc BLOB NOT NULL,          -- vault_seal_raw(): "v1:" iv ct mac
  id_number_idx BLOB NOT NULL UNIQUE,   -- blind index, 32 bytes (vault_blind_raw)
  id_number_mask TEXT,                  -- masked form shown in lists, 110105********002X
  phone_enc     BLOB,                   -- vault_seal_raw()
  phone_idx     BLOB,                   -- blind index; not indexed until a lookup needs it
  phone_mask    TEXT,                   -- masked form, 138****8000
  education     TEXT,
  job           TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);

CREATE TABLE member (
  id               INTEGER PRIMARY KEY,
  person_id        INTEGER NOT NULL UNIQUE REFERENCES person(id),
  org_id           INTEGER NOT NULL REFERENCES org(id),
  status           TEXT NOT NULL CHECK (status IN ('probationary','full')),
  joined_on        TEXT,
  full_on          TEXT,
  rights_suspended INTEGER NOT NULL DEFAULT 0,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);
CREATE INDEX member_org ON member(org_id);

CREATE TABLE post (
  id        INTEGER PRIMARY KEY,
  org_id    INTEGER NOT NULL REFERENCES org(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  role      TEXT NOT NULL,
  from_on   TEXT,
  to_on     TEXT,
  ended     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX post_org ON post(org_id);
CREATE INDEX post_person ON post(person_id);

CREATE TABLE app_user (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE,
  display_name  TEXT,
  pw_hash       TEXT NOT NULL,
  admin_role    TEXT CHECK (admin_role IN ('sysadmin','secadmin','auditor')),
  person_id     INTEGER REFERENCES person(id),
  must_change   INTEGER NOT NULL DEFAULT 1,
  disabled      INTEGER NOT NULL DEFAULT 0,
  pw_changed_at INTEGER NOT NULL,
  created_at    INTEGER NOT NULL
);

CREATE TABLE login_fail (
  login        TEXT PRIMARY KEY,
  count        INTEGER NOT NULL,
  locked_until INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE user_grant (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES app_user(id),
  role       TEXT NOT NULL,
  org_id     INTEGER NOT NULL REFERENCES org(id),
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, role, org_id)
);

CREATE TABLE session (
  id         INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id    INTEGER NOT NULL REFERENCES app_user(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL
);
CREATE INDEX session_by_user ON session(user_id);

CREATE TABLE audit (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  actor_id    INTEGER,
  actor_login TEXT,
  action      TEXT NOT NULL,
  object      TEXT,
  object_id   INTEGER,
  detail      TEXT,
  hash        TEXT NOT NULL
);
CREATE TABLE audit_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  n    INTEGER NOT NULL,
  hash TEXT NOT NULL
);

CREATE TABLE setting (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
