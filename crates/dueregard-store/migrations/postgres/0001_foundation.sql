-- Foundation: organisations, people, objectives, action plans, progress, accounts and audit.
-- Each editable record keeps its fields as JSON in `data`, with the columns the queries need
-- (parents, status, due date, search text) beside it. Same tables and columns as sqlite/.

CREATE TABLE organisations (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    nation TEXT NOT NULL,
    headcount BIGINT,
    created_at TEXT NOT NULL
);

CREATE TABLE directorates (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE people (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE committees (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE local_characteristics (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE objectives (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE plans (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE priorities (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE plan_objectives (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE outcomes (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE glossary (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE actions (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    objective_id BIGINT NOT NULL REFERENCES plan_objectives(id),
    version BIGINT NOT NULL,
    label TEXT NOT NULL,
    search_text TEXT NOT NULL,
    reference TEXT NOT NULL,
    target_text TEXT NOT NULL,
    due_by TEXT,
    latest_status TEXT,
    latest_update_on TEXT,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE action_leads (
    action_id BIGINT NOT NULL REFERENCES actions(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    PRIMARY KEY (action_id, person_id)
);

CREATE TABLE action_objectives (
    action_id BIGINT NOT NULL REFERENCES actions(id),
    objective_id BIGINT NOT NULL REFERENCES objectives(id),
    PRIMARY KEY (action_id, objective_id)
);

CREATE TABLE updates (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    action_id BIGINT NOT NULL REFERENCES actions(id),
    author TEXT NOT NULL,
    reported_on TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    person_id BIGINT REFERENCES people(id),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE login_failures (
    id BIGSERIAL PRIMARY KEY,
    login_key TEXT NOT NULL,
    at BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE audit (
    id BIGSERIAL PRIMARY KEY,
    org_id BIGINT REFERENCES organisations(id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_user_id BIGINT,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    change TEXT NOT NULL,
    before_data TEXT,
    after_data TEXT
);

CREATE INDEX actions_by_org ON actions(org_id, plan_id);
CREATE INDEX actions_by_objective ON actions(objective_id);
CREATE INDEX updates_by_action ON updates(action_id, reported_on);
CREATE INDEX action_leads_by_person ON action_leads(person_id);
CREATE INDEX action_objectives_by_objective ON action_objectives(objective_id);
CREATE INDEX audit_by_org ON audit(org_id, id);
CREATE INDEX login_failures_by_key ON login_failures(login_key, at);
CREATE INDEX priorities_by_plan ON priorities(plan_id);
CREATE INDEX plan_objectives_by_plan ON plan_objectives(plan_id);
CREATE INDEX outcomes_by_plan ON outcomes(plan_id);
CREATE INDEX glossary_by_plan ON glossary(plan_id);
