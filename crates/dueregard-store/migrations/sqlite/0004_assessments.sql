-- Equality impact assessments and the decisions they inform. Approved editions are never
-- changed: a change makes a new edition in the same series, and the old one is kept.

CREATE TABLE assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    version INTEGER NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    series_id INTEGER,
    edition INTEGER NOT NULL,
    superseded_by INTEGER,
    status TEXT NOT NULL,
    public INTEGER NOT NULL,
    review_date TEXT
);

CREATE INDEX assessments_by_org ON assessments(org_id, series_id);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    version INTEGER NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    decided_on TEXT NOT NULL
);
