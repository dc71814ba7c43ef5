-- Budget rounds, kept by the one record mechanism: the proposals (decisions) one budget gathers,
-- for their cumulative equality impact.

CREATE TABLE budget_rounds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    version INTEGER NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
);

CREATE INDEX budget_rounds_by_org ON budget_rounds (org_id, label);
