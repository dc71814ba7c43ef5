-- Partnerships: an objective one body shares with others in the installation (kept by the one
-- record mechanism under the sharing body), who its partners are, and the actions each member
-- adds to it. A member reads only the shared objective and the actions added to it.

CREATE TABLE partnerships (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    objective_id BIGINT NOT NULL REFERENCES objectives(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
);

CREATE TABLE partnership_members (
    id BIGSERIAL PRIMARY KEY,
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
    org_id BIGINT NOT NULL REFERENCES organisations(id)
);

CREATE UNIQUE INDEX partnership_members_once ON partnership_members (partnership_id, org_id);

CREATE TABLE partnership_contributions (
    id BIGSERIAL PRIMARY KEY,
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    action_id BIGINT NOT NULL REFERENCES actions(id)
);

CREATE UNIQUE INDEX partnership_contributions_once ON partnership_contributions (partnership_id, action_id);
