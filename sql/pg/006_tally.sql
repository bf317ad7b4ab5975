-- 006_tally.sql: open branches per subtree (B3).  For every org, the open
-- branches in its subtree (itself included) and how many of them have an
-- open party group.  Kept by org.c (org_tally_refresh) on every create,
-- move and close, in the same transaction, so a committee's compliance
-- reads its children's figures instead of counting the tree.  Keep in step
-- with the other dialect.
CREATE TABLE org_tally (
  org_id    BIGINT PRIMARY KEY REFERENCES org(id),
  n_branch  INTEGER NOT NULL,
  n_grouped INTEGER NOT NULL
);
INSERT INTO org_tally(org_id, n_branch, n_grouped)
SELECT o.id,
       (SELECT count(*) FROM org b WHERE b.path >= o.path
          AND b.path < substr(o.path, 1, length(o.path) - 1) || '0'
          AND b.kind = 'branch' AND b.closed = 0),
       (SELECT count(DISTINCT g.parent_id) FROM org g WHERE g.path >= o.path
          AND g.path < substr(o.path, 1, length(o.path) - 1) || '0'
          AND g.kind = 'group' AND g.closed = 0)
  FROM org o;
