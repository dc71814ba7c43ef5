-- Responses saved to come back to: the form's fields as typed, under the hash of the secret in
-- the link the respondent keeps. Deleted when sent, or by the keeping job once the
-- consultation has closed.

CREATE TABLE response_drafts (
    id BIGSERIAL PRIMARY KEY,
    consultation_id BIGINT NOT NULL REFERENCES consultations(id),
    token_hash TEXT NOT NULL UNIQUE,
    fields TEXT NOT NULL,
    saved_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX drafts_by_expiry ON response_drafts (expires_at);
