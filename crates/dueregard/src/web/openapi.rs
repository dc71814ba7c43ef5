//! The OpenAPI 3.1 document, built from the route table so the two cannot drift.

use crate::web::AppState;
use crate::web::access::{Access, Route};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The schemas of every body the API takes, generated from the Rust types its handlers read
/// (those of the bodies it answers are added to `g` route by route)
/// (JSON Schema 2020-12, as OpenAPI 3.1 uses), with the two that are not one type: the error
/// body, and the record-shaped body of PUT and PATCH.
fn schemas(mut g: schemars::SchemaGenerator) -> Value {
    use dueregard_core::assessment::{AssessmentFields, DecisionFields};
    use dueregard_core::objective::ObjectiveInput;
    use dueregard_core::org::{CommitteeFields, LocalCharacteristicFields, PersonInput};
    use dueregard_core::plan::{ActionInput, PlanInput, PlanObjectiveInput, PriorityInput};
    use dueregard_core::progress::UpdateInput;
    g.subschema_for::<ObjectiveInput>();
    g.subschema_for::<PlanInput>();
    g.subschema_for::<PriorityInput>();
    g.subschema_for::<PlanObjectiveInput>();
    g.subschema_for::<ActionInput>();
    g.subschema_for::<UpdateInput>();
    g.subschema_for::<PersonInput>();
    g.subschema_for::<CommitteeFields>();
    g.subschema_for::<LocalCharacteristicFields>();
    g.subschema_for::<AssessmentFields>();
    g.subschema_for::<DecisionFields>();
    g.subschema_for::<dueregard_core::indicator::IndicatorFields>();
    g.subschema_for::<crate::web::features::people::DirectorateInput>();
    g.subschema_for::<crate::web::features::plan_parts::GlossaryInput>();
    g.subschema_for::<crate::web::features::assessments::SignBody>();
    g.subschema_for::<crate::web::features::records::VersionOnly>();
    g.subschema_for::<dueregard_core::indicator::values::Observation>();
    g.subschema_for::<dueregard_core::incident::IncidentCount>();
    let mut all = g.take_definitions(true);
    all.insert("Problem".into(), json!({
        "type": "object",
        "description": "An error (RFC 9457). `errors` lists each field's problem; `current` is the saved record when an edit was refused as stale.",
        "properties": {
            "title": { "type": "string" }, "status": { "type": "integer" }, "detail": { "type": "string" },
            "errors": { "type": "array", "items": { "type": "object", "properties": { "field": { "type": "string" }, "message": { "type": "string" } } } },
            "current": { "type": "object" }
        }
    }));
    all.insert("IncidentCounts".into(), json!({
        "type": "array",
        "description": "Counts for one or more periods: each the day its period ended, the kind, the motivation, the area (empty for the whole area) and how many. Every count of each period named is replaced.",
        "items": { "$ref": "#/components/schemas/IncidentCount" }
    }));
    all.insert("Observations".into(), json!({
        "type": "array",
        "description": "Values for one or more periods: each the day its period ended, the group (none for everyone), the count and, for a rate, the base it is out of. Every group of each period named is replaced.",
        "items": { "$ref": "#/components/schemas/Observation" }
    }));
    all.insert("RecordEdit".into(), json!({
        "type": "object", "required": ["version"],
        "description": "The record in the shape GET returns it, with the version you edited. PUT replaces it and must carry every field; PATCH (a JSON merge patch) carries only the fields to change. A field the record does not have is refused by name; read-only fields (the id) may be sent back only as they are.",
        "properties": { "version": { "type": "integer", "description": "The version you edited" } },
        "additionalProperties": true
    }));
    Value::Object(all)
}

/// The document for these routes (the route table's).
pub fn build(routes: &[Route]) -> Value {
    let mut settings = schemars::generate::SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    settings.meta_schema = None;
    let mut g = settings.into_generator();
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
        if let Some((status, schema)) = doc.returns {
            let schema = schema(&mut g).to_value();
            op["responses"].as_object_mut().map(|m| m.remove("200"));
            op["responses"][status.to_string()] = json!({
                "description": if status == 201 { "Created" } else { "Done" },
                "content": { "application/json": { "schema": schema } }
            });
        } else if r.method == "POST" {
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
            "schemas": schemas(g)
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
