-- 008_life_hist.sql: exact compliant counts for committees (B3).  For every
-- org, period ("2026-05", "2026-Q2", "2026") and key, how many open
-- branches of its subtree (the org itself included) have that key: per
-- kind, the first month and the first quarter of the period the branch did
-- not do the kind in and whether it did it in the year, and whether it has
-- an open party group (compliance.c, life_hist_key).  A branch whose key
-- says nothing was done has no row.  Kept with life_count in the meeting's
-- transaction; its rows are built from life_count by life_hist_rebuild()
-- right after this file, in the same transaction.  Keep in step with the
-- other dialect.
CREATE TABLE life_hist (
  org_id INTEGER NOT NULL,
  period TEXT NOT NULL,
  hkey   TEXT NOT NULL,
  n      INTEGER NOT NULL,
  PRIMARY KEY (org_id, period, hkey)
);
