-- Pseudonymisation keys leave the database: it records only which keys (by id) made an
-- organisation's pseudonyms. The secrets an earlier version kept in workforce_secrets are moved
-- to the key file by the app when it opens the database, and deleted here.

CREATE TABLE workforce_keys (
    org_id BIGINT PRIMARY KEY REFERENCES organisations(id),
    key_ids TEXT NOT NULL
);
