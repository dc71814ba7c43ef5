-- Hate incidents, harassment and community tension as aggregated counts only: one row a period,
-- kind, motivation and area. Nothing here names or describes a person or an incident.

CREATE TABLE incident_counts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    period_end TEXT NOT NULL,
    kind TEXT NOT NULL,
    motivation TEXT NOT NULL,
    area TEXT NOT NULL,
    count INTEGER NOT NULL,
    entered_at TEXT NOT NULL
);

CREATE UNIQUE INDEX incident_counts_once ON incident_counts (org_id, period_end, kind, motivation, area);
