-- 007_vote_exclusion.sql: members excluded from 应到会 for a vote under rule M6
-- (with the higher org's consent and the congress's approval), and why.
-- Keep in step with the other dialect.
ALTER TABLE meeting_vote ADD COLUMN excluded INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meeting_vote ADD COLUMN excluded_reason TEXT;
