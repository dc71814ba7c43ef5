//! The OpenAPI document: every reference resolves, every path parameter is declared, and an
//! independent validator (run by the test command on `dueregard openapi`) accepts it.

use dueregard::web::openapi;
use serde_json::Value;

fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => refs(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[test]
fn every_reference_resolves_and_every_path_parameter_is_declared() {
    let doc = openapi::build(&dueregard::web::router::routes());
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(all.len() > 50, "only {} references", all.len());
    let dangling: Vec<&String> = all
        .iter()
        .filter(|r| {
            let name = r.trim_start_matches("#/components/schemas/");
            doc["components"]["schemas"].get(name).is_none()
        })
        .collect();
    assert!(dangling.is_empty(), "references to nothing: {dangling:?}");
    let paths = doc["paths"].as_object().unwrap();
    for (path, ops) in paths {
        let wanted: Vec<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect();
        for (method, op) in ops.as_object().unwrap() {
            let declared: Vec<&str> = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .filter(|p| p["in"] == "path")
                        .filter_map(|p| p["name"].as_str())
                        .collect()
                })
                .unwrap_or_default();
            for w in &wanted {
                assert!(
                    declared.contains(w),
                    "{method} {path} does not declare {{{w}}}"
                );
            }
        }
    }
}

/// Every API answer with a body is described by the schema of the type its handler returns; the
/// few without one (the caller's own details, a decision's report view, archive and delete, which
/// answer 204) are named here so that a new route cannot leave its answer undocumented unnoticed.
#[test]
fn every_answer_with_a_body_has_its_schema() {
    let routes = dueregard::web::router::routes();
    let doc = openapi::build(&routes);
    let without = [
        ("GET", "/api/v1/me"),
        ("GET", "/api/v1/decisions/{id}"),
        ("GET", "/api/v1/workforce/{id}"),
        ("POST", "/api/v1/records/{kind}/{id}/archive"),
        ("POST", "/api/v1/records/{kind}/{id}/restore"),
        ("DELETE", "/api/v1/records/{kind}/{id}"),
    ];
    let mut described = 0;
    for r in routes.iter().filter(|r| r.api.is_some()) {
        let op = &doc["paths"][r.path][r.method.to_lowercase()];
        let schemas: Vec<&Value> = op["responses"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(status, _)| status.starts_with('2'))
            .filter_map(|(_, answer)| answer.pointer("/content/application~1json/schema"))
            .collect();
        if without.contains(&(r.method, r.path)) {
            assert!(
                schemas.is_empty(),
                "{} {} now has a schema: take it off the list",
                r.method,
                r.path
            );
            continue;
        }
        assert_eq!(
            schemas.len(),
            1,
            "{} {} has no answer schema",
            r.method,
            r.path
        );
        described += 1;
    }
    assert!(described >= 50, "only {described} answers described");
    // A list answers an array of records, a create answers 201 with the record.
    let list = &doc["paths"]["/api/v1/objectives"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    assert_eq!(list["type"], "array", "{list}");
    let created = &doc["paths"]["/api/v1/plans/{id}/actions"]["post"]["responses"];
    assert!(
        created.get("201").is_some() && created.get("200").is_none(),
        "{created}"
    );
}
