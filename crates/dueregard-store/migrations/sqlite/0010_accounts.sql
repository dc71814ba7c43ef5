-- Accounts run from the web: users can be disabled, sessions say when they began, and a
-- password is set through a single-use link whose hash alone is kept.

ALTER TABLE users ADD COLUMN disabled_at TEXT;
ALTER TABLE sessions ADD COLUMN started_at INTEGER;

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
