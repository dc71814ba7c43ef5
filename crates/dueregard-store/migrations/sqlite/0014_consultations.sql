-- Consultations (kept by the one record mechanism), their responses, and the respondents'
-- equality monitoring answers, kept in a table of their own and only ever counted.

CREATE TABLE consultations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    version INTEGER NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
);

CREATE INDEX consultations_by_date ON consultations (org_id, closes_on);

-- One row a response. The answers are JSON keyed by question; `personal` (name, email,
-- organisation) is set to NULL by the keeping job once `personal_until` has passed.
CREATE TABLE consultation_responses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    consultation_id INTEGER NOT NULL REFERENCES consultations(id),
    submission_key TEXT NOT NULL,
    channel TEXT NOT NULL,
    answers TEXT NOT NULL,
    personal TEXT,
    personal_until INTEGER NOT NULL,
    address_hash TEXT,
    content_hash TEXT NOT NULL,
    held TEXT,
    keyed_by INTEGER REFERENCES users(id),
    received_at INTEGER NOT NULL,
    UNIQUE (consultation_id, submission_key)
);

CREATE INDEX responses_by_consultation ON consultation_responses (consultation_id, id);
CREATE INDEX responses_by_address ON consultation_responses (consultation_id, address_hash, received_at);
CREATE INDEX responses_by_content ON consultation_responses (consultation_id, content_hash);
CREATE INDEX responses_by_keeping ON consultation_responses (personal_until);

CREATE TABLE consultation_monitoring (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    response_id INTEGER NOT NULL REFERENCES consultation_responses(id),
    consultation_id INTEGER NOT NULL REFERENCES consultations(id),
    characteristic TEXT NOT NULL,
    code INTEGER NOT NULL,
    UNIQUE (response_id, characteristic)
);

CREATE INDEX monitoring_by_consultation ON consultation_monitoring (consultation_id, characteristic);
