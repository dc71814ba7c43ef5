-- Engagement events and forums, kept by the one record mechanism; the consultation each feeds,
-- if any, is a column so a consultation's page reads its events.

CREATE TABLE engagement_events (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    held_on TEXT NOT NULL,
    consultation_id BIGINT REFERENCES consultations(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
);

CREATE INDEX engagement_by_date ON engagement_events (org_id, held_on);
