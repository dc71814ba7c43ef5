-- Archived records leave lists and the dashboard but stay in the audit trail and backups.
-- An action carried over into next year's plan names the action it continues.

ALTER TABLE directorates ADD COLUMN archived_at TEXT;
ALTER TABLE people ADD COLUMN archived_at TEXT;
ALTER TABLE committees ADD COLUMN archived_at TEXT;
ALTER TABLE local_characteristics ADD COLUMN archived_at TEXT;
ALTER TABLE objectives ADD COLUMN archived_at TEXT;
ALTER TABLE plans ADD COLUMN archived_at TEXT;
ALTER TABLE priorities ADD COLUMN archived_at TEXT;
ALTER TABLE plan_objectives ADD COLUMN archived_at TEXT;
ALTER TABLE outcomes ADD COLUMN archived_at TEXT;
ALTER TABLE glossary ADD COLUMN archived_at TEXT;
ALTER TABLE actions ADD COLUMN archived_at TEXT;
ALTER TABLE actions ADD COLUMN continues_id BIGINT REFERENCES actions(id);
