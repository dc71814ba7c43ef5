//! Archiving, restoring and deleting any kind of record, the same way for each.

use super::{ApiJson, form_version, see_other};
use crate::web::AppState;
use crate::web::auth::{ApiCaller, SignedIn};
use crate::web::error::{ApiResult, AppError, PageResult};
use crate::web::form::FormData;
use crate::web::render;
use crate::web::templates::{ArchivePage, Chrome, DeletePage};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use dueregard_core::record::RecordKind;
use dueregard_core::store::{Actor, StoreError};

fn kind(slug: &str) -> Result<RecordKind, AppError> {
    RecordKind::from_slug(slug).ok_or(AppError::NotFound)
}

/// Where a list of this kind of record is.
fn list_of(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Objective => "/objectives",
        RecordKind::Person
        | RecordKind::Directorate
        | RecordKind::Committee
        | RecordKind::LocalCharacteristic => "/people",
        RecordKind::Meeting => "/meetings",
        RecordKind::CivicDate => "/civic-dates",
        RecordKind::Consultation => "/consultations",
        RecordKind::EngagementEvent => "/engagement",
        RecordKind::Indicator => "/indicators",
        RecordKind::BudgetRound => "/budget-rounds",
        RecordKind::Course | RecordKind::TrainingSession => "/training",
        RecordKind::SelfAssessment => "/frameworks",
        RecordKind::Partnership => "/partnerships",
        _ => "/plans",
    }
}

/// A page of ours to go back to: a path on this site, never another site's address.
fn back_to(form: &FormData, kind: RecordKind) -> String {
    let asked = form.text("return_to");
    let ours = asked.starts_with('/') && !asked.starts_with("//") && !asked.contains('\\');
    if ours {
        asked
    } else {
        list_of(kind).to_string()
    }
}

/// POST /records/{kind}/{id}/archive
pub async fn archive(
    State(state): State<AppState>,
    session: SignedIn,
    Path((slug, id)): Path<(String, i64)>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let kind = kind(&slug)?;
    let version = form_version(&form)?;
    let actor = Actor::user(&session.user);
    state
        .store
        .archive(&actor, session.org.id, kind, id, version)
        .await?;
    see_other(back_to(&form, kind))
}

/// POST /records/{kind}/{id}/restore
pub async fn restore(
    State(state): State<AppState>,
    session: SignedIn,
    Path((slug, id)): Path<(String, i64)>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let kind = kind(&slug)?;
    let version = form_version(&form)?;
    let actor = Actor::user(&session.user);
    state
        .store
        .unarchive(&actor, session.org.id, kind, id, version)
        .await?;
    see_other("/archive".into())
}

async fn delete_page(
    state: &AppState,
    session: &SignedIn,
    kind: RecordKind,
    id: i64,
    errors: Vec<(String, String)>,
) -> Result<DeletePage, AppError> {
    let (label, version) = state.store.record_label(session.org.id, kind, id).await?;
    Ok(DeletePage {
        chrome: Chrome::new(session, "plans"),
        kind: kind.slug(),
        noun: kind.noun(),
        id,
        version,
        label,
        back: list_of(kind).to_string(),
        errors,
    })
}

/// GET /records/{kind}/{id}/delete: asks first.
pub async fn delete_form(
    State(state): State<AppState>,
    session: SignedIn,
    Path((slug, id)): Path<(String, i64)>,
) -> PageResult {
    let kind = kind(&slug)?;
    Ok(render(
        &delete_page(&state, &session, kind, id, Vec::new()).await?,
    ))
}

/// POST /records/{kind}/{id}/delete
pub async fn delete(
    State(state): State<AppState>,
    session: SignedIn,
    Path((slug, id)): Path<(String, i64)>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let kind = kind(&slug)?;
    let actor = Actor::user(&session.user);
    match state.store.delete(&actor, session.org.id, kind, id).await {
        Ok(()) => see_other(list_of(kind).to_string()),
        Err(StoreError::Invalid(e)) => {
            let errors =
                e.0.iter()
                    .map(|f| ("#main-content".to_string(), f.message.clone()));
            let page = delete_page(&state, &session, kind, id, errors.collect()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// GET /archive: every archived record, to restore.
pub async fn archived(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let mut groups = Vec::new();
    for kind in RecordKind::ALL {
        let records = state.store.archived(session.org.id, kind).await?;
        if !records.is_empty() {
            let mut heading = kind.noun().to_string();
            heading[..1].make_ascii_uppercase();
            groups.push((format!("{heading} records"), kind.slug(), records));
        }
    }
    Ok(render(&ArchivePage {
        chrome: Chrome::new(&session, "plans"),
        groups,
    }))
}

/// The body of an archive or restore: the version it was asked on.
#[derive(serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionOnly {
    pub version: i64,
}

/// POST /api/v1/records/{kind}/{id}/archive
pub async fn api_archive(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((slug, id)): Path<(String, i64)>,
    ApiJson(body): ApiJson<VersionOnly>,
) -> ApiResult {
    let actor = Actor::user(&caller.user);
    let (org, kind) = (caller.org.id, kind(&slug)?);
    let result = state
        .store
        .archive(&actor, org, kind, id, body.version)
        .await;
    no_content_or_conflict(result)
}

/// POST /api/v1/records/{kind}/{id}/restore
pub async fn api_restore(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((slug, id)): Path<(String, i64)>,
    ApiJson(body): ApiJson<VersionOnly>,
) -> ApiResult {
    let actor = Actor::user(&caller.user);
    let (org, kind) = (caller.org.id, kind(&slug)?);
    let result = state
        .store
        .unarchive(&actor, org, kind, id, body.version)
        .await;
    no_content_or_conflict(result)
}

fn no_content_or_conflict(result: Result<(), StoreError>) -> ApiResult {
    result?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// DELETE /api/v1/records/{kind}/{id}
pub async fn api_delete(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((slug, id)): Path<(String, i64)>,
) -> ApiResult {
    let actor = Actor::user(&caller.user);
    state
        .store
        .delete(&actor, caller.org.id, kind(&slug)?, id)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
