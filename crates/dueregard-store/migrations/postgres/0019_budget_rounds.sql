-- Budget rounds, kept by the one record mechanism: the proposals (decisions) one budget gathers,
-- for their cumulative equality impact.

CREATE TABLE budget_rounds (
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

CREATE INDEX budget_rounds_by_org ON budget_rounds (org_id, label);
