-- Which version of a record each change made. An edit that started from an older version is
-- told who changed the record since, and when; entries from before this migration have none.

ALTER TABLE audit ADD COLUMN entity_version INTEGER;
CREATE INDEX audit_by_record ON audit(entity, entity_id, entity_version);
