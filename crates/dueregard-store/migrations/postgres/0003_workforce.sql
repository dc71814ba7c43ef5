-- Workforce snapshots: the pseudonymised people of an HR extract on its snapshot date. Raw
-- employee references are never stored; the pseudonym is a keyed hash with the organisation's
-- secret, so the same person links across years.

CREATE TABLE workforce_secrets (
    org_id BIGINT PRIMARY KEY REFERENCES organisations(id),
    secret TEXT NOT NULL
);

CREATE TABLE workforce_snapshots (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    snapshot_date TEXT NOT NULL,
    employees BIGINT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (org_id, snapshot_date)
);

CREATE TABLE workforce_records (
    snapshot_id BIGINT NOT NULL REFERENCES workforce_snapshots(id) ON DELETE CASCADE,
    pseudonym TEXT NOT NULL,
    sex BIGINT NOT NULL,
    ethnicity BIGINT NOT NULL,
    disability BIGINT NOT NULL,
    religion BIGINT NOT NULL,
    sexual_orientation BIGINT NOT NULL,
    age_band BIGINT NOT NULL,
    directorate TEXT NOT NULL,
    grade TEXT NOT NULL,
    rate_num BIGINT,
    rate_den BIGINT,
    bonus_pence BIGINT NOT NULL,
    PRIMARY KEY (snapshot_id, pseudonym)
);
