-- Workforce snapshots: the pseudonymised people of an HR extract on its snapshot date. Raw
-- employee references are never stored; the pseudonym is a keyed hash with the organisation's
-- secret, so the same person links across years.

CREATE TABLE workforce_secrets (
    org_id INTEGER PRIMARY KEY REFERENCES organisations(id),
    secret TEXT NOT NULL
);

CREATE TABLE workforce_snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    snapshot_date TEXT NOT NULL,
    employees INTEGER NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (org_id, snapshot_date)
);

CREATE TABLE workforce_records (
    snapshot_id INTEGER NOT NULL REFERENCES workforce_snapshots(id) ON DELETE CASCADE,
    pseudonym TEXT NOT NULL,
    sex INTEGER NOT NULL,
    ethnicity INTEGER NOT NULL,
    disability INTEGER NOT NULL,
    religion INTEGER NOT NULL,
    sexual_orientation INTEGER NOT NULL,
    age_band INTEGER NOT NULL,
    directorate TEXT NOT NULL,
    grade TEXT NOT NULL,
    rate_num INTEGER,
    rate_den INTEGER,
    bonus_pence INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, pseudonym)
);
