-- Every sign-in attempt is recorded before its password is checked, against its account from
-- its address, its address, and its account; a successful attempt is then deleted by its id.

ALTER TABLE login_failures ADD COLUMN attempt TEXT;
CREATE INDEX login_failures_by_attempt ON login_failures(attempt);
