-- 009_audit_lanes.sql: the audit chain in lanes (DB-AU-03).  Each lane has
-- its own head row (audit_head.id = lane, 1..16) and its rows chain
-- hash(i) = HMAC-SM3(k, hash of the lane's previous row || row i) in id
-- order, so writers on different lanes (the server's pooled connections,
-- audit.c) no longer queue on one row until they commit.  A row's id comes
-- from the table's sequence; last_id is the id of the lane's newest row
-- (a deleted tail is reported by it).  The rows written so far were one
-- chain with ids 1..n: they are lane 1.  Keep in step with the other
-- dialect (SQLite keeps one lane: its writers take turns anyway).
ALTER TABLE audit ADD COLUMN lane INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_head DROP CONSTRAINT audit_head_id_check;
ALTER TABLE audit_head ADD CONSTRAINT audit_head_lane CHECK (id BETWEEN 1 AND 16);
ALTER TABLE audit_head ADD COLUMN last_id BIGINT NOT NULL DEFAULT 0;
UPDATE audit_head SET last_id = n;
INSERT INTO audit_head(id, n, hash, last_id)
  SELECT g, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0
  FROM generate_series(2, 16) g;
SELECT setval(pg_get_serial_sequence('audit', 'id'),
              (SELECT coalesce(max(id), 0) + 1 FROM audit), false);
