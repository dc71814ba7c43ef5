//! What every handler answers with: a form page (fresh, with errors, or with a merge), a
//! redirect, JSON, a created record, a file, or the answer to an API edit; and the JSON body
//! reader. Shared by the features, the edit flow and the API's edit flow.

use crate::web::error::{AppError, PageResult};
use crate::web::fields::{Field, attach_errors};
use crate::web::merge::MergeView;
use crate::web::render;
use crate::web::session::SignedIn;
use crate::web::templates::{Chrome, FormPage};
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dueregard_core::validate::ValidationErrors;
use serde::de::DeserializeOwned;

/// Forms and JSON bodies above this size are refused whole (413).
pub const BODY_LIMIT: usize = 256 * 1024;

/// A JSON request body. Malformed JSON or a wrong type is refused as problem+json naming where.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = crate::web::error::ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Err(AppError::BadRequest(
                "Send the body as JSON with 'Content-Type: application/json'.".into(),
            )
            .into());
        }
        let body = Bytes::from_request(req, state).await.map_err(|e| {
            AppError::unreadable_body(&e, BODY_LIMIT, "The body could not be read.")
        })?;
        serde_json::from_slice(&body).map(ApiJson).map_err(|e| {
            AppError::BadRequest(format!("The JSON body could not be read: {e}")).into()
        })
    }
}

/// Everything a form page needs apart from its fields.
pub struct FormSpec {
    pub title: String,
    pub caption: Option<String>,
    pub action: String,
    pub submit: &'static str,
    pub cancel: String,
    pub version: Option<i64>,
}

impl FormSpec {
    /// A form with no caption, saved with "Save", whose cancel link goes back to `cancel`.
    pub fn new(title: &str, action: String, cancel: &str, version: Option<i64>) -> FormSpec {
        FormSpec {
            title: title.into(),
            caption: None,
            action,
            submit: "Save",
            cancel: cancel.into(),
            version,
        }
    }
}

/// Shows a form, fresh or with errors (422).
pub fn show_form(
    session: &SignedIn,
    active: &'static str,
    spec: FormSpec,
    fields: Vec<Field>,
    errors: &ValidationErrors,
) -> Response {
    show_form_with(session, active, spec, fields, errors, None, None)
}

/// Shows a form with what an edit needs: the values it started from (`base`) and, after a
/// refused stale edit (409), the merge with what was saved since.
pub fn show_form_with(
    session: &SignedIn,
    active: &'static str,
    spec: FormSpec,
    mut fields: Vec<Field>,
    errors: &ValidationErrors,
    base: Option<&str>,
    merge: Option<MergeView>,
) -> Response {
    let summary = attach_errors(&mut fields, errors);
    let status = if merge.is_some() {
        StatusCode::CONFLICT
    } else if summary.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut hidden: Vec<(String, String)> = Vec::new();
    if let Some(v) = spec.version {
        hidden.push(("version".into(), v.to_string()));
    }
    if let Some(b) = base {
        hidden.push(("base".into(), b.to_string()));
    }
    for c in merge.iter().flat_map(|m| &m.clashes) {
        hidden.push(("clash".into(), c.name.clone()));
    }
    let page = FormPage {
        chrome: Chrome::new(session, active),
        title: spec.title,
        caption: spec.caption,
        action: spec.action,
        submit: spec.submit.to_string(),
        cancel: spec.cancel,
        hidden,
        fields,
        errors: summary,
        merge,
    };
    (status, render(&page)).into_response()
}

pub fn see_other(to: String) -> PageResult {
    Ok(Redirect::to(&to).into_response())
}

/// The version a form was based on.
pub fn form_version(form: &crate::web::form::FormData) -> Result<i64, AppError> {
    form.text("version").trim().parse().map_err(|_| {
        AppError::BadRequest(
            "The form is missing the version it was based on. Reload the page and try again."
                .into(),
        )
    })
}

/// The answer to an API edit: the saved record; or, when the edit was based on an older version,
/// 409 with the record as it is now (`latest` is only awaited then).
pub async fn saved_or_conflict<T, L>(
    result: Result<T, dueregard_core::store::StoreError>,
    latest: impl std::future::Future<Output = Result<L, dueregard_core::store::StoreError>>,
) -> crate::web::error::ApiResult
where
    T: serde::Serialize,
    L: serde::Serialize,
{
    match result {
        Err(e @ dueregard_core::store::StoreError::Conflict { .. }) => Err(AppError::Conflict {
            message: e.to_string(),
            current: serde_json::to_value(latest.await?).ok(),
        }
        .into()),
        other => Ok(ok_json(&other?)),
    }
}

/// The JSON answer for a created record: 201 with the record.
pub fn created<T: serde::Serialize>(value: &T) -> Response {
    (StatusCode::CREATED, axum::Json(value)).into_response()
}

/// A file to save: its type, the name to save it under, and its contents.
pub fn download(
    content_type: &str,
    file_name: &str,
    body: impl Into<axum::body::Body>,
) -> Response {
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_string()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        body.into(),
    )
        .into_response()
}

pub fn ok_json<T: serde::Serialize>(value: &T) -> Response {
    axum::Json(value).into_response()
}

/// Where people reach this service, for links that leave the page (in mail, calendar feeds,
/// password links): the public URL when one is set, else the address this request came to.
pub fn site_address(state: &crate::web::AppState, headers: &axum::http::HeaderMap) -> String {
    if let Some(url) = &state.public_url {
        return url.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let scheme = if state.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}
