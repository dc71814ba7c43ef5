-- Performance indicators, kept by the one record mechanism, and their values: one row a period
-- and group (characteristic '' for everyone), holding the counts behind each value so that
-- disclosure control can judge it. The values are read back only through that control.

CREATE TABLE indicators (
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

CREATE INDEX indicators_by_org ON indicators (org_id, label);

CREATE TABLE indicator_values (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    period_end TEXT NOT NULL,
    characteristic TEXT NOT NULL,
    code INTEGER NOT NULL,
    count INTEGER NOT NULL,
    base INTEGER,
    entered_at TEXT NOT NULL
);

CREATE UNIQUE INDEX indicator_values_once ON indicator_values (indicator_id, period_end, characteristic, code);
