-- Documents imported into plans and objectives. The fingerprint (SHA-256 of the file) finds the
-- same document imported twice, so it can be offered as a new version rather than a duplicate.

CREATE TABLE imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    plan_id INTEGER REFERENCES plans(id),
    replaces_plan_id INTEGER REFERENCES plans(id),
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);

CREATE INDEX imports_by_fingerprint ON imports(org_id, fingerprint);
