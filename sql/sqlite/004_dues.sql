-- 004_dues.sql (SQLite): party dues (党费, F1-F20): the dated base history
-- of each member (category and base, confirmed yearly and on a salary
-- change, F11), approved reductions and exemptions (F8), and payments.
-- Nothing here is ever updated or deleted: a new base is a new row, and a
-- correction of a payment is a new payment row referencing the one it
-- corrects.  Keep in step with sql/pg/004_dues.sql.
CREATE TABLE dues_base (
  id              INTEGER PRIMARY KEY,
  member_id       INTEGER NOT NULL REFERENCES member(id),
  kind            TEXT NOT NULL CHECK (kind IN ('salaried','annual_salary',
                    'self_employed','retired','student','unemployed','farmer')),
  base_fen        INTEGER NOT NULL CHECK (base_fen >= 0),
  effective_month TEXT NOT NULL,        -- YYYY-MM: first month it applies
  confirmed_on    TEXT NOT NULL,        -- YYYY-MM-DD: the yearly check (F11)
  note            TEXT,
  recorded_by     TEXT NOT NULL,        -- login of who confirmed it
  created_at      INTEGER NOT NULL
);
CREATE INDEX dues_base_member ON dues_base(member_id, effective_month);

-- F8: 经党支部研究，报上一级党委批准，可以少交或者免交.
CREATE TABLE dues_relief (
  id             INTEGER PRIMARY KEY,
  member_id      INTEGER NOT NULL REFERENCES member(id),
  kind           TEXT NOT NULL CHECK (kind IN ('reduction','exemption')),
  from_month     TEXT NOT NULL,         -- YYYY-MM
  to_month       TEXT NOT NULL,         -- YYYY-MM, inclusive
  amount_fen     INTEGER NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
  approved_by    TEXT NOT NULL,         -- who approved (person)
  approving_body TEXT NOT NULL,         -- the approving org (上一级党委)
  approved_on    TEXT NOT NULL,
  reason         TEXT NOT NULL,
  recorded_by    TEXT NOT NULL,
  created_at     INTEGER NOT NULL
);
CREATE INDEX dues_relief_member ON dues_relief(member_id);

CREATE TABLE dues_payment (
  id               INTEGER PRIMARY KEY,
  member_id        INTEGER NOT NULL REFERENCES member(id),
  org_id           INTEGER NOT NULL REFERENCES org(id), -- branch paid to
  from_month       TEXT NOT NULL,       -- YYYY-MM
  to_month         TEXT NOT NULL,       -- YYYY-MM, inclusive
  amount_fen       INTEGER NOT NULL,    -- signed only for a correction
  paid_on          TEXT NOT NULL,
  method           TEXT NOT NULL CHECK (method IN ('cash','transfer',
                     'wechat','alipay','payroll')),
  receipt_no       TEXT,
  corrects_id      INTEGER REFERENCES dues_payment(id),
  corrected_to_fen INTEGER,             -- a correction: the entry's new total
  note             TEXT,
  recorded_by      TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  CHECK (corrects_id IS NOT NULL OR amount_fen > 0)
);
CREATE INDEX dues_payment_member ON dues_payment(member_id, from_month);
