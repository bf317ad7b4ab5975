-- 009_audit_lanes.sql: the audit chain in lanes (DB-AU-03; see the
-- PostgreSQL file).  SQLite's writers take turns, so it keeps one lane
-- (lane 1, ids 1..n as before); the columns are here so that both dialects
-- verify the same way.  last_id is the id of the lane's newest row.
ALTER TABLE audit ADD COLUMN lane INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_head ADD COLUMN last_id INTEGER NOT NULL DEFAULT 0;
UPDATE audit_head SET last_id = n;
