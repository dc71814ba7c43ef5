//! The OpenAPI 3.1 document, built from the route table so the two cannot drift.

use crate::web::AppState;
use crate::web::access::{Access, Route};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

fn string(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn ids(description: &str) -> Value {
    json!({ "type": "array", "items": { "type": "integer" }, "description": description })
}

fn keys(description: &str) -> Value {
    json!({ "type": "array", "items": { "type": "string" }, "description": description })
}

fn schemas() -> Value {
    let date = "A date as YYYY-MM-DD";
    json!({
        "Problem": {
            "type": "object",
            "description": "An error (RFC 9457). `errors` lists each field's problem; `current` is the saved record when an edit was refused as stale.",
            "properties": {
                "title": { "type": "string" }, "status": { "type": "integer" }, "detail": { "type": "string" },
                "errors": { "type": "array", "items": { "type": "object", "properties": { "field": { "type": "string" }, "message": { "type": "string" } } } },
                "current": { "type": "object" }
            }
        },
        "ObjectiveInput": { "type": "object", "required": ["title"], "properties": {
            "version": { "type": "integer", "description": "With PUT: the version you edited" },
            "title": string("The objective"), "description": string("What it means"),
            "period_start": string(date), "period_end": string(date),
            "status": { "type": "string", "enum": ["draft", "consulting", "approved", "retired"] },
            "approved_by": string("The decision that approved it"), "approved_on": string(date),
            "aims": keys("eliminate_discrimination, advance_equality, foster_good_relations"),
            "characteristics": keys("age, disability, gender_reassignment, marriage_civil_partnership, pregnancy_maternity, race, religion_belief, sex, sexual_orientation"),
            "local_characteristics": keys("The organisation's own characteristics, e.g. rurality")
        }},
        "PlanInput": { "type": "object", "required": ["title", "period_start", "period_end"], "properties": {
            "version": { "type": "integer" }, "title": string("The plan's title"), "directorate_id": { "type": "integer" },
            "period_start": string(date), "period_end": string(date),
            "status": { "type": "string", "enum": ["draft", "approved", "closed"] },
            "approver": string("Who approves it"), "committee_id": { "type": "integer" },
            "monitoring_months": { "type": "integer", "enum": [1, 3, 4, 6, 12] }, "introduction": string("Introduction")
        }},
        "PriorityInput": { "type": "object", "required": ["number", "title"], "properties": {
            "version": { "type": "integer" }, "number": { "type": "integer" }, "title": string("The priority") } },
        "PlanObjectiveInput": { "type": "object", "required": ["priority_id", "code", "title"], "properties": {
            "version": { "type": "integer" }, "priority_id": { "type": "integer" }, "code": string("e.g. CE6"), "title": string("The objective"), "lead_ids": ids("People who lead it") } },
        "ActionInput": { "type": "object", "required": ["objective_id", "text"], "properties": {
            "version": { "type": "integer" }, "objective_id": { "type": "integer" }, "number": { "type": "integer" }, "text": string("The action"),
            "lead_ids": ids("Lead officers"), "target_text": string("The target date as written, e.g. 'By June 2013'"),
            "outcome_id": { "type": "integer" }, "new_outcome": string("A new planned outcome to create and link"),
            "equality_objective_ids": ids("Equality objectives it serves"), "aims": keys("Aims"), "characteristics": keys("Characteristics"),
            "local_characteristics": keys("Local characteristics") } },
        "UpdateInput": { "type": "object", "required": ["status", "narrative"], "properties": {
            "status": { "type": "string", "enum": ["not_started", "on_track", "at_risk", "off_track", "complete"] },
            "narrative": string("What has happened"), "reported_on": string(date), "evidence": string("Evidence: put each link or reference on a new line") } },
        "PersonInput": { "type": "object", "required": ["name"], "properties": {
            "version": { "type": "integer" }, "name": string("Full name"), "initials": string("e.g. SM"), "job_title": string("Job title"),
            "directorate_id": { "type": "integer" }, "kind": { "type": "string", "enum": ["officer", "member"] }, "portfolio": string("An elected member's portfolio") } },
        "DirectorateInput": { "type": "object", "required": ["name"], "properties": { "name": string("Name"), "services": keys("Services within it") } },
        "GlossaryInput": { "type": "object", "required": ["term", "meaning"], "properties": { "term": string("The abbreviation"), "meaning": string("What it means") } },
        "RecordEdit": { "type": "object", "required": ["version"],
            "description": "The record in the shape GET returns it, with the version you edited. PUT replaces it and must carry every field; PATCH (a JSON merge patch) carries only the fields to change. A field the record does not have is refused by name; read-only fields (the id) may be sent back only as they are.",
            "properties": { "version": { "type": "integer", "description": "The version you edited" } },
            "additionalProperties": true },
        "AssessmentFields": { "type": "object", "required": ["title"],
            "description": "An impact assessment's fields, in the shape the `fields` of GET /api/v1/assessments/{id} has",
            "properties": { "title": string("What is being assessed") }, "additionalProperties": true },
        "DecisionFields": { "type": "object", "required": ["title", "decision_maker", "decided_on"],
            "description": "A decision's record, in the shape the `fields` of a decision has",
            "properties": { "title": string("The decision"), "decision_maker": string("Who decided"), "decided_on": string(date),
                "key_decision": { "type": "boolean" }, "forward_plan": { "type": "boolean" }, "report": string("The report's title or reference"),
                "assessment_ids": ids("Impact assessments it rests on"), "assessment_seen": { "type": "boolean", "description": "The decision-maker read the assessments" } },
            "additionalProperties": true },
        "SignOff": { "type": "object", "required": ["version", "step"], "properties": {
            "version": { "type": "integer", "description": "The version you signed" },
            "step": { "type": "string", "enum": ["assessed", "reviewed", "approved"] } } },
        "CommitteeFields": { "type": "object", "required": ["name", "kind"], "properties": { "name": string("Name"),
            "kind": { "type": "string", "description": "What kind of committee or group it is" } } },
        "VersionOnly": { "type": "object", "required": ["version"], "properties": { "version": { "type": "integer", "description": "The version you saw" } } }
    })
}

/// The document for these routes (the route table's).
pub fn build(routes: &[Route]) -> Value {
    let mut paths = serde_json::Map::new();
    for r in routes {
        let Some(doc) = &r.api else { continue };
        let mut op = json!({
            "summary": doc.summary,
            "tags": [doc.tag],
            "security": [{ "token": [] }],
            "responses": {
                "200": { "description": "Done" },
                "401": { "description": "No valid token", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
                "404": { "description": "Not found in your organisation", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
            }
        });
        if r.access != Access::Read {
            op["responses"]["403"] = json!({ "description": "Your role cannot do this", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } });
        }
        if let Some(body) = doc.body {
            op["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{body}") } } } });
            op["responses"]["422"] = json!({ "description": "A field is wrong: each problem is listed", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } });
            op["responses"]["400"] = json!({ "description": "The body is not JSON of the right shape", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } });
        }
        if r.method == "POST" {
            op["responses"]["201"] = json!({ "description": "Created" });
        }
        if r.method == "PUT"
            || r.method == "PATCH"
            || r.path.ends_with("/archive")
            || r.path.ends_with("/restore")
        {
            op["responses"]["409"] = json!({ "description": "Someone else changed it since your version; `current` holds theirs", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } });
        }
        let mut parameters = Vec::new();
        if r.path.contains("{kind}") {
            parameters.push(json!({ "name": "kind", "in": "path", "required": true, "schema": { "type": "string", "enum": dueregard_core::record::RecordKind::ALL.iter().map(|k| k.slug()).collect::<Vec<_>>() } }));
        }
        if r.path.contains("{id}") {
            parameters.push(json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }));
        }
        if !parameters.is_empty() {
            op["parameters"] = Value::Array(parameters);
        }
        if r.path.ends_with("/search") {
            op["parameters"] = json!([{ "name": "q", "in": "query", "required": true, "schema": { "type": "string", "maxLength": 200 } }]);
        }
        let entry = paths.entry(r.path.to_string()).or_insert_with(|| json!({}));
        entry[r.method.to_lowercase()] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Due Regard API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Equality objectives, action plans and their monitoring. Every call acts within the organisation of the token's user, with that user's role."
        },
        "paths": paths,
        "components": {
            "securitySchemes": { "token": { "type": "http", "scheme": "bearer", "description": "A personal access token from `dueregard token create`" } },
            "schemas": schemas()
        }
    })
}

/// GET /api/openapi.json: the document, built once when the app was.
pub async fn document(State(state): State<AppState>) -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        state.openapi.to_string(),
    )
        .into_response()
}
