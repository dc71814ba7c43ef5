-- A snapshot's report, kept when it is first worked out, so that showing it again does not read
-- every person back. It holds only published, disclosure-controlled figures, as JSON; a report
-- this version cannot read is worked out again from the people.

ALTER TABLE workforce_snapshots ADD COLUMN report TEXT;
