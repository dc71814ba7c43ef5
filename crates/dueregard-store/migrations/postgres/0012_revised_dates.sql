-- A progress update may give a revised date (with why the action is late). The plan's target is
-- never changed; the latest revised date is kept on the action beside it.

ALTER TABLE actions ADD COLUMN revised_due TEXT;
