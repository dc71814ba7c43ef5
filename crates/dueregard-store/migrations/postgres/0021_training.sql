-- Equality training: courses and their sessions, kept by the one record mechanism; a session's
-- course is a column so a course's page reads its sessions.

CREATE TABLE training_courses (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
);

CREATE TABLE training_sessions (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    course_id BIGINT NOT NULL REFERENCES training_courses(id),
    held_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
);

CREATE INDEX training_sessions_by_course ON training_sessions (org_id, course_id, held_on);
