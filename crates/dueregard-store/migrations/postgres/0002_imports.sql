-- Documents imported into plans and objectives. The fingerprint (SHA-256 of the file) finds the
-- same document imported twice, so it can be offered as a new version rather than a duplicate.

CREATE TABLE imports (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    plan_id BIGINT REFERENCES plans(id),
    replaces_plan_id BIGINT REFERENCES plans(id),
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);

CREATE INDEX imports_by_fingerprint ON imports(org_id, fingerprint);
