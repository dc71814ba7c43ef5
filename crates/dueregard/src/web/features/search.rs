//! The search box over objectives, plans and actions, and the audit trail.

use super::ok_json;
use crate::web::auth::{ApiCaller, SignedIn};
use crate::web::error::{ApiResult, AppError, PageResult};
use crate::web::templates::{AuditPage, Chrome, SearchPage};
use crate::web::{AppState, render};
use axum::extract::{Query, State};
use std::collections::HashMap;

fn query(params: &HashMap<String, String>) -> Result<String, AppError> {
    let q = params
        .get("q")
        .map(|q| q.trim().to_string())
        .unwrap_or_default();
    if q.chars().count() > 200 {
        return Err(AppError::BadRequest(
            "Search for 200 characters or fewer.".into(),
        ));
    }
    Ok(q)
}

pub async fn page(
    State(state): State<AppState>,
    session: SignedIn,
    Query(params): Query<HashMap<String, String>>,
) -> PageResult {
    let q = query(&params)?;
    let hits = if q.is_empty() {
        Vec::new()
    } else {
        state.store.search(session.org.id, &q).await?
    };
    let hits = hits
        .into_iter()
        .map(|h| {
            let (href, kind) = match h.kind.as_str() {
                "objective" => (format!("/objectives/{}", h.id), "Equality objective"),
                "plan" => (format!("/plans/{}", h.id), "Action plan"),
                "plan_objective" => (format!("/plans/{}", h.id), "Plan objective"),
                _ => (format!("/actions/{}", h.id), "Action"),
            };
            (href, kind.to_string(), h.title, h.context)
        })
        .collect();
    Ok(render(&SearchPage {
        chrome: Chrome::new(&session, "search"),
        query: q,
        hits,
    }))
}

/// GET /api/v1/search?q=
pub async fn api(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult {
    let q = query(&params)?;
    if q.is_empty() {
        return Err(AppError::BadRequest("Give a search term as ?q=…".into()).into());
    }
    Ok(ok_json(&state.store.search(caller.org.id, &q).await?))
}

/// The audit trail holds records before and after each change, so only editors see it.
pub async fn audit(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let entries = state.store.audit_log(session.org.id, 200).await?;
    Ok(render(&AuditPage {
        chrome: Chrome::new(&session, "audit"),
        entries,
    }))
}
