//! Changing a record through the API, the same way for every kind: the body has the shape `GET`
//! returns. `PATCH` changes only the fields it names (JSON merge patch, RFC 7396); `PUT`
//! replaces the record and so must name every field. Both carry the version they edited. A field
//! the record does not have is refused by name, and fields the caller cannot change (the id,
//! the plan an action is in) may be sent back only as they are.

use crate::web::AppState;
use crate::web::auth::ApiCaller;
use crate::web::error::{ApiResult, AppError};
use crate::web::respond::{ApiJson, ok_json};
use axum::extract::{Path, State};
use axum::http::Method;
use dueregard_core::store::{Actor, StoreError};
use dueregard_core::validate::ValidationErrors;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::future::Future;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditMode {
    /// `PUT`: the body is the whole record.
    Replace,
    /// `PATCH`: absent fields are left as they are.
    Patch,
}

impl EditMode {
    pub fn of(method: &Method) -> EditMode {
        if method == Method::PATCH {
            EditMode::Patch
        } else {
            EditMode::Replace
        }
    }
}

/// A change read from a request body: the version it was made on and the record's new fields.
#[derive(Debug)]
struct JsonEdit<F> {
    version: i64,
    fields: F,
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// RFC 7396: objects merge key by key, `null` clears, anything else replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

/// What GET gives may hold the record inside another object (a plan inside its tree, an
/// assessment's fields under `fields`). Such objects, in the record and the body alike, are
/// lifted to the top so that what GET gave can be sent back as it is.
fn lift(
    record: &mut Map<String, Value>,
    body: &mut Map<String, Value>,
    editable: &Map<String, Value>,
) {
    loop {
        let wrapper = record.iter().find_map(|(k, v)| match v {
            Value::Object(inner)
                if !editable.contains_key(k)
                    && (k == "fields" || inner.contains_key("version")) =>
            {
                Some(k.clone())
            }
            _ => None,
        });
        let Some(k) = wrapper else { return };
        if let Some(Value::Object(inner)) = record.remove(&k) {
            for (ik, iv) in inner {
                record.entry(ik).or_insert(iv);
            }
        }
        match body.remove(&k) {
            Some(Value::Object(inner)) => {
                for (ik, iv) in inner {
                    body.entry(ik).or_insert(iv);
                }
            }
            Some(other) => {
                body.insert(k, other);
                return;
            }
            None => {}
        }
    }
}

/// Reads `body` as an edit of `record`, whose editable part is `fields` at `version`. An edit of
/// an older version is answered 409 with the record as it is, before anything else is checked.
fn read<R: Serialize, F: Serialize + DeserializeOwned>(
    record: &R,
    version: i64,
    fields: &F,
    body: &Value,
    mode: EditMode,
) -> Result<JsonEdit<F>, AppError> {
    let invalid =
        |field: &str, message: String| AppError::Invalid(ValidationErrors::single(field, message));
    let Value::Object(body) = body else {
        return Err(AppError::BadRequest(
            "Send the record as a JSON object.".into(),
        ));
    };
    let current = serde_json::to_value(fields).map_err(encode)?;
    let editable = object(current.clone());
    let as_got = serde_json::to_value(record).map_err(encode)?;
    let mut record_json = object(as_got.clone());
    let mut body = body.clone();
    lift(&mut record_json, &mut body, &editable);
    let yours = match body.get("version") {
        Some(v) => v
            .as_i64()
            .ok_or_else(|| invalid("version", "The version must be a whole number".into()))?,
        None => {
            return Err(invalid(
                "version",
                "Send the version you edited, as GET gave it".into(),
            ));
        }
    };
    if yours != version {
        return Err(AppError::Conflict {
            message: format!(
                "Someone else changed this after you read it (you edited version {yours}, it is now version {version})"
            ),
            current: Some(as_got),
        });
    }
    let body = &body;
    let mut problems = ValidationErrors::new();
    for (k, v) in body {
        if k == "version" || editable.contains_key(k) {
            continue;
        }
        match record_json.get(k) {
            Some(same) if same == v => {}
            Some(_) => problems.add(k, format!("'{k}' cannot be changed")),
            None => problems.add(k, format!("'{k}' is not a field of this record")),
        }
    }
    if mode == EditMode::Replace {
        for k in editable.keys() {
            if !body.contains_key(k) {
                problems.add(
                    k,
                    format!("'{k}' is missing. PUT replaces the whole record: send every field, or use PATCH to change some"),
                );
            }
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let mut next = current.clone();
    for (k, v) in body.iter().filter(|(k, _)| editable.contains_key(*k)) {
        match mode {
            EditMode::Patch => {
                if let Value::Object(m) = &mut next {
                    let slot = m.entry(k.clone()).or_insert(Value::Null);
                    if v.is_null() {
                        *slot = Value::Null;
                    } else {
                        merge_patch(slot, v);
                    }
                }
            }
            EditMode::Replace => {
                if let Value::Object(m) = &mut next {
                    m.insert(k.clone(), v.clone());
                }
            }
        }
    }
    match serde_json::from_value::<F>(next.clone()) {
        Ok(fields) => Ok(JsonEdit {
            version: yours,
            fields,
        }),
        // Name the field: put each changed one alone on the saved record until one fails.
        Err(whole) => {
            for (k, v) in object(next) {
                if editable.get(&k) == Some(&v) {
                    continue;
                }
                let mut one = current.clone();
                if let Value::Object(m) = &mut one {
                    m.insert(k.clone(), v);
                }
                if let Err(e) = serde_json::from_value::<F>(one) {
                    return Err(invalid(&k, format!("'{k}' could not be read: {e}")));
                }
            }
            Err(AppError::Invalid(ValidationErrors::single(
                "body",
                format!("The record could not be read: {whole}"),
            )))
        }
    }
}

/// A kind of record the API reads and changes: how to load it as GET shows it, which part of
/// that is editable, and how to check and save new fields. `get` and `update` below serve every
/// such kind, so a new kind costs this impl and two rows in the route table.
pub trait ApiRecord: Send + Sync + 'static {
    /// The record as GET answers it.
    type Shown: Serialize + Send + Sync;
    type Fields: Serialize + DeserializeOwned + Send;
    type Saved: Serialize + Send;
    fn load(
        state: &AppState,
        org: i64,
        id: i64,
    ) -> impl Future<Output = Result<Self::Shown, StoreError>> + Send;
    /// The version shown and the fields a change may name.
    fn editable(shown: &Self::Shown) -> (i64, &Self::Fields);
    /// Checks `fields` (the shown record with the change applied) and saves them as an edit of
    /// `version`.
    fn save(
        state: &AppState,
        actor: &Actor,
        org: i64,
        shown: &Self::Shown,
        version: i64,
        fields: Self::Fields,
    ) -> impl Future<Output = Result<Self::Saved, StoreError>> + Send;
}

/// GET one record of kind `K`.
pub async fn get<K: ApiRecord>(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult {
    Ok(ok_json(&K::load(&state, caller.org.id, id).await?))
}

/// PUT or PATCH one record of kind `K`.
pub async fn update<K: ApiRecord>(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    method: Method,
    ApiJson(body): ApiJson<Value>,
) -> ApiResult {
    let (org, actor) = (caller.org.id, Actor::user(&caller.user));
    let current = K::load(&state, org, id).await?;
    let (version, fields) = K::editable(&current);
    let edit = read(&current, version, fields, &body, EditMode::of(&method))?;
    let result = K::save(&state, &actor, org, &current, edit.version, edit.fields).await;
    crate::web::respond::saved_or_conflict(result, K::load(&state, org, id)).await
}

/// The whole of an API edit: reads the body as a change to `record` (see `read`), lets `save`
/// check and store the new fields at the version the caller named, and answers with what was
/// saved; or 409 with the record as it is now (`latest`, only awaited then).
#[allow(clippy::too_many_arguments)]
pub async fn apply<R, F, T, L>(
    record: &R,
    version: i64,
    fields: &F,
    body: &Value,
    method: &Method,
    save: impl AsyncFnOnce(i64, F) -> Result<T, StoreError>,
    latest: impl Future<Output = Result<L, StoreError>>,
) -> ApiResult
where
    R: Serialize,
    F: Serialize + DeserializeOwned,
    T: Serialize,
    L: Serialize,
{
    let edit = read(record, version, fields, body, EditMode::of(method))?;
    let result = save(edit.version, edit.fields).await;
    crate::web::respond::saved_or_conflict(result, latest).await
}

fn encode(e: serde_json::Error) -> AppError {
    AppError::Internal(format!("could not encode a record: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Fields {
        title: String,
        note: Option<String>,
        tags: Vec<String>,
    }

    #[derive(Serialize)]
    struct Record<'a> {
        id: i64,
        version: i64,
        #[serde(flatten)]
        fields: &'a Fields,
    }

    fn saved() -> Fields {
        Fields {
            title: "Old".into(),
            note: Some("kept".into()),
            tags: vec!["a".into()],
        }
    }

    fn edit(body: Value, mode: EditMode) -> Result<JsonEdit<Fields>, AppError> {
        let f = saved();
        let r = Record {
            id: 7,
            version: 3,
            fields: &f,
        };
        read(&r, 3, &f, &body, mode)
    }

    fn fields_named(e: AppError) -> Vec<String> {
        match e {
            AppError::Invalid(v) => v.0.into_iter().map(|e| e.field).collect(),
            other => panic!("not a field error: {other:?}"),
        }
    }

    #[test]
    fn patch_keeps_what_it_is_not_told_and_null_clears() {
        let e = edit(json!({"version": 3, "title": "New"}), EditMode::Patch).unwrap();
        assert_eq!(e.fields.title, "New");
        assert_eq!(e.fields.note.as_deref(), Some("kept"));
        assert_eq!(e.fields.tags, ["a"]);
        let e = edit(json!({"version": 3, "note": null}), EditMode::Patch).unwrap();
        assert_eq!(e.fields.note, None);
        assert_eq!(e.fields.title, "Old");
    }

    #[test]
    fn put_of_what_get_gave_changes_nothing() {
        let e = edit(
            json!({"id": 7, "version": 3, "title": "Old", "note": "kept", "tags": ["a"]}),
            EditMode::Replace,
        )
        .unwrap();
        assert_eq!(e.fields, saved());
        assert_eq!(e.version, 3);
    }

    #[test]
    fn put_must_name_every_field() {
        let err = edit(json!({"version": 3, "title": "New"}), EditMode::Replace).unwrap_err();
        assert_eq!(fields_named(err), ["note", "tags"]);
    }

    #[test]
    fn unknown_and_read_only_fields_are_refused_by_name() {
        let err = edit(
            json!({"version": 3, "titel": "x", "id": 8}),
            EditMode::Patch,
        )
        .unwrap_err();
        let mut named = fields_named(err);
        named.sort();
        assert_eq!(named, ["id", "titel"]);
    }

    #[test]
    fn a_wrong_type_names_its_field() {
        let err = edit(json!({"version": 3, "tags": "a, b"}), EditMode::Patch).unwrap_err();
        assert_eq!(fields_named(err), ["tags"]);
        let err = edit(json!({"title": "x"}), EditMode::Patch).unwrap_err();
        assert_eq!(fields_named(err), ["version"]);
    }

    #[test]
    fn a_stale_version_is_a_conflict_with_the_saved_record() {
        match edit(json!({"version": 2, "titel": "x"}), EditMode::Patch) {
            Err(AppError::Conflict { current, .. }) => {
                assert_eq!(current.unwrap()["title"], "Old")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_record_inside_what_get_gives_can_be_sent_back() {
        let f = saved();
        #[derive(Serialize)]
        struct Nested<'a> {
            id: i64,
            version: i64,
            fields: &'a Fields,
        }
        #[derive(Serialize)]
        struct Tree<'a> {
            plan: Nested<'a>,
            children: Vec<i64>,
        }
        let tree = Tree {
            plan: Nested {
                id: 7,
                version: 3,
                fields: &f,
            },
            children: vec![1, 2],
        };
        let got = serde_json::to_value(&tree).unwrap();
        let e = read(&tree, 3, &f, &got, EditMode::Replace).unwrap();
        assert_eq!(e.fields, saved());
        let mut changed = got.clone();
        changed["plan"]["fields"]["title"] = "New".into();
        let e = read(&tree, 3, &f, &changed, EditMode::Replace).unwrap();
        assert_eq!(e.fields.title, "New");
        changed["children"] = json!([1]);
        let err = read(&tree, 3, &f, &changed, EditMode::Replace).unwrap_err();
        assert_eq!(fields_named(err), ["children"]);
        // A flat PATCH still works on a nested record.
        let e = read(
            &tree,
            3,
            &f,
            &json!({"version": 3, "note": "n"}),
            EditMode::Patch,
        )
        .unwrap();
        assert_eq!(e.fields.note.as_deref(), Some("n"));
    }

    #[test]
    fn merge_patch_follows_rfc_7396() {
        let mut t = json!({"a": "b", "c": {"d": "e", "f": "g"}});
        merge_patch(&mut t, &json!({"a": "z", "c": {"f": null}}));
        assert_eq!(t, json!({"a": "z", "c": {"d": "e"}}));
    }
}
