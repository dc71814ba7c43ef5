-- Each coder's codes for each consultation response: a row a coder a response, the codes as a
-- JSON list of the frame's keys (an empty list: none of the codes applies).

CREATE TABLE response_codings (
    id BIGSERIAL PRIMARY KEY,
    response_id BIGINT NOT NULL REFERENCES consultation_responses(id),
    consultation_id BIGINT NOT NULL REFERENCES consultations(id),
    coder_id BIGINT NOT NULL REFERENCES users(id),
    codes TEXT NOT NULL,
    coded_at BIGINT NOT NULL,
    UNIQUE (response_id, coder_id)
);

CREATE INDEX codings_by_consultation ON response_codings (consultation_id, response_id);
