-- Publications: a report going through draft, review, approval and publication. Each edition
-- is a record of its own; an approved edition holds the report as approved, inside its data.

CREATE TABLE publications (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
);

CREATE INDEX publications_org ON publications (org_id, status);
