-- Equality impact assessments and the decisions they inform. Approved editions are never
-- changed: a change makes a new edition in the same series, and the old one is kept.

CREATE TABLE assessments (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    series_id BIGINT,
    edition BIGINT NOT NULL,
    superseded_by BIGINT,
    status TEXT NOT NULL,
    public BIGINT NOT NULL,
    review_date TEXT
);

CREATE INDEX assessments_by_org ON assessments(org_id, series_id);

CREATE TABLE decisions (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    decided_on TEXT NOT NULL
);
