-- Accounts run from the web: users can be disabled, sessions say when they began, and a
-- password is set through a single-use link whose hash alone is kept.

ALTER TABLE users ADD COLUMN disabled_at TEXT;
ALTER TABLE sessions ADD COLUMN started_at BIGINT;

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
