-- The yearly cycle: background jobs with leases, the mail outbox, what mail each person wants,
-- secret calendar feeds, and committees' meetings (kept by the one record mechanism).

-- One row a job. An instance runs a job only while it holds the lease; a lease that runs out
-- (its instance died) may be taken by another.
CREATE TABLE jobs (
    name TEXT PRIMARY KEY,
    due_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    attempts BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE job_runs (
    id BIGSERIAL PRIMARY KEY,
    job TEXT NOT NULL,
    instance TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    outcome TEXT NOT NULL,
    summary TEXT NOT NULL
);

CREATE INDEX job_runs_by_job ON job_runs (job, id);

-- Each message once: its key names what it is about, so queueing it again does nothing.
CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    message_key TEXT NOT NULL UNIQUE,
    org_id BIGINT REFERENCES organisations(id),
    user_id BIGINT REFERENCES users(id),
    recipient TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_try BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    last_error TEXT
);

CREATE INDEX outbox_waiting ON outbox (state, next_try);

-- The optional mail a person has turned off, and the token in their unsubscribe links.
CREATE TABLE mail_settings (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    unsubscribe_token TEXT NOT NULL UNIQUE,
    turned_off TEXT NOT NULL
);

-- Calendar feeds at secret addresses: only the token's hash is kept.
CREATE TABLE calendar_feeds (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE meetings (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    meets_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
);

CREATE INDEX meetings_by_date ON meetings (org_id, meets_on);

-- The cultural and civic dates calendar (seed 004, CE4), edited by the equality lead.
CREATE TABLE civic_dates (
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
