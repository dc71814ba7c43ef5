//! The one edit flow for every kind of record on the web: show the form, save it, show what was
//! wrong, and, when someone else saved first, merge.
//!
//! The form carries the version the user started from and, in `base`, the values it showed
//! then. On a conflict three versions are compared field by field: the one the user started
//! from, the one saved since, and the user's. A field only the other person changed takes their
//! value; a field only this user changed keeps theirs; a field both changed is shown side by
//! side, saying who changed it and when, and the user chooses. So saving again can never undo a
//! change the user did not make.
//!
//! Adding a record is the same flow without a version: `AddPage` says what is each kind's own,
//! and `add_form` and `add` serve them all.

use crate::web::AppState;
use crate::web::auth::SignedIn;
use crate::web::error::{AppError, PageResult};
use crate::web::fields::Field;
use crate::web::form::FormData;
pub use crate::web::merge::{ChangedBy, Clash, MergeRow, MergeView, Outcome};
use crate::web::merge::{base_of, keys, merge, pairs, parse_base, values, when};
use crate::web::respond::{FormSpec, form_version, see_other, show_form, show_form_with};
use axum::extract::{Path, RawPathParams, RawQuery, State};
use dueregard_core::record::Versioned;
use dueregard_core::store::{AuditEntry, StoreError};
use dueregard_core::validate::ValidationErrors;
use std::collections::BTreeMap;

/// One kind of record as its edit page sees it.
pub trait EditPage {
    type Record: Versioned<Fields: serde::de::DeserializeOwned>;
    /// The record's name in the audit trail ("action", "equality objective" …).
    const ENTITY: &'static str;
    /// The navigation section the page belongs to.
    const SECTION: &'static str;
    fn id(&self) -> i64;
    fn spec(&self, record: &Self::Record) -> FormSpec;
    /// The form showing a saved record.
    fn fields_of(&self, record: &Self::Record) -> Vec<Field>;
    /// The form showing what was submitted.
    fn fields_from(&self, form: &FormData) -> Vec<Field>;
    /// The record as it was at an older version, from the audit trail's copy of its data.
    fn as_of(&self, record: &Self::Record, data: &str) -> Option<Self::Record> {
        serde_json::from_str(data)
            .ok()
            .map(|fields| record.with_fields(fields))
    }
    fn load(
        &self,
        state: &AppState,
    ) -> impl std::future::Future<Output = Result<Self::Record, StoreError>> + Send;
    /// What the page needs, from the ids in its address (a plan's, then the record's).
    fn locate(
        state: &AppState,
        org: i64,
        ids: &[i64],
    ) -> impl std::future::Future<Output = Result<Self, AppError>> + Send
    where
        Self: Sized;
    /// Reads, checks and saves the form as an edit of `version`; answers where to go next.
    fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> impl std::future::Future<Output = Result<String, StoreError>> + Send;
}

/// Who last changed each field between the user's version and now, from the audit trail.
fn attribute<E: EditPage>(
    page: &E,
    latest: &E::Record,
    base: Option<&BTreeMap<String, Vec<String>>>,
    changes: &[AuditEntry],
) -> BTreeMap<String, ChangedBy> {
    let mut by = BTreeMap::new();
    let mut before: Option<BTreeMap<String, Vec<String>>> = base.cloned();
    for c in changes {
        let Some(after) = c.after.as_deref().and_then(|d| page.as_of(latest, d)) else {
            continue;
        };
        let now: BTreeMap<String, Vec<String>> = page
            .fields_of(&after)
            .iter()
            .map(|f| (f.name.clone(), values(f)))
            .collect();
        for (name, v) in &now {
            if before.as_ref().and_then(|b| b.get(name)) != Some(v) {
                by.insert(
                    name.clone(),
                    ChangedBy {
                        who: c.actor.clone(),
                        when: when(&c.at),
                    },
                );
            }
        }
        before = Some(now);
    }
    by
}

fn form_page<E: EditPage>(
    session: &SignedIn,
    page: &E,
    record: &E::Record,
    fields: Vec<Field>,
    base: &str,
    errors: &ValidationErrors,
    merge: Option<MergeView>,
) -> axum::response::Response {
    let mut spec = page.spec(record);
    spec.version = Some(record.version());
    show_form_with(session, E::SECTION, spec, fields, errors, Some(base), merge)
}

/// The record's id: the last in the address.
pub fn record_id(ids: &[i64]) -> Result<i64, AppError> {
    ids.last().copied().ok_or(AppError::NotFound)
}

/// The plan's id and the record's, for the parts of a plan.
pub fn plan_and_record(ids: &[i64]) -> Result<(i64, i64), AppError> {
    match ids {
        [plan, id] => Ok((*plan, *id)),
        _ => Err(AppError::NotFound),
    }
}

/// GET …/edit, for every kind: the form showing the saved record.
pub async fn form<E: EditPage + Send>(
    State(state): State<AppState>,
    session: SignedIn,
    Path(ids): Path<Vec<i64>>,
) -> PageResult {
    let page = E::locate(&state, session.org.id, &ids).await?;
    show(&state, &session, page).await
}

/// POST …/edit, for every kind: save, merge or show what was wrong.
pub async fn post<E: EditPage + Send>(
    State(state): State<AppState>,
    session: SignedIn,
    Path(ids): Path<Vec<i64>>,
    form: FormData,
) -> PageResult {
    let page = E::locate(&state, session.org.id, &ids).await?;
    submit(&state, &session, page, form).await
}

/// GET: the form showing the saved record.
pub async fn show<E: EditPage>(state: &AppState, session: &SignedIn, page: E) -> PageResult {
    let record = page.load(state).await?;
    let fields = page.fields_of(&record);
    let base = base_of(&fields);
    Ok(form_page(
        session,
        &page,
        &record,
        fields,
        &base,
        &ValidationErrors::new(),
        None,
    ))
}

/// POST: save, or show why not.
pub async fn submit<E: EditPage>(
    state: &AppState,
    session: &SignedIn,
    page: E,
    form: FormData,
) -> PageResult {
    form.check_csrf(session)?;
    let version = form_version(&form)?;
    let base = parse_base(&form.text("base"));
    // After a merge, each field both people changed comes back with the user's choice.
    let mut form = form;
    let mut unresolved = Vec::new();
    for name in form.all("clash") {
        match form.text(&format!("keep-{name}")).as_str() {
            "yours" => {}
            "saved" => {
                let shown = page.fields_from(&form);
                if let (Some(f), Some(saved)) = (
                    shown.iter().find(|f| f.name == name),
                    base.as_ref().and_then(|b| b.get(&name)),
                ) {
                    form.replace(&keys(f), pairs(f, saved));
                }
            }
            _ => unresolved.push(name),
        }
    }
    if !unresolved.is_empty() {
        let latest = page.load(state).await?;
        let mut merged = merge(
            None,
            &page.fields_from(&form),
            &page.fields_of(&latest),
            &BTreeMap::new(),
        );
        let mut errors = ValidationErrors::new();
        for c in merged.view.clashes.iter_mut() {
            if unresolved.contains(&c.name) {
                let message = format!("Choose which version of {} to keep", c.label.to_lowercase());
                c.error = Some(message.clone());
                errors.add(&format!("keep-{}", c.name), message);
            }
        }
        merged.view.clashes.retain(|c| unresolved.contains(&c.name));
        let fields = page.fields_from(&form);
        return Ok(form_page(
            session,
            &page,
            &latest,
            fields,
            &form.text("base"),
            &errors,
            Some(merged.view),
        ));
    }
    match page.save(state, session, &form, version).await {
        Ok(next) => see_other(next),
        Err(StoreError::Conflict { .. }) => {
            let latest = page.load(state).await?;
            let changes = state
                .store
                .changes_since(session.org.id, E::ENTITY, page.id(), version)
                .await?;
            let theirs = page.fields_of(&latest);
            let changed_by = attribute(&page, &latest, base.as_ref(), &changes);
            let merged = merge(
                base.as_ref(),
                &page.fields_from(&form),
                &theirs,
                &changed_by,
            );
            // Their values go into the form where only they changed a field.
            let mut form = form;
            for (keys, pairs) in merged.taken {
                form.replace(&keys, pairs);
            }
            let fields = page.fields_from(&form);
            Ok(form_page(
                session,
                &page,
                &latest,
                fields,
                &base_of(&theirs),
                &ValidationErrors::new(),
                Some(merged.view),
            ))
        }
        Err(StoreError::Invalid(e)) => {
            // Shown again as it was sent, still based on the version the user started from.
            let record = page.load(state).await?;
            let mut spec = page.spec(&record);
            spec.version = Some(version);
            Ok(show_form_with(
                session,
                E::SECTION,
                spec,
                page.fields_from(&form),
                &e,
                Some(&form.text("base")),
                None,
            ))
        }
        Err(e) => Err(AppError::from(e).into()),
    }
}

/// One kind of record as the page that adds it sees it.
pub trait AddPage: Sized {
    /// The navigation section the page belongs to.
    const SECTION: &'static str;
    /// What the page needs, from the ids in its address (a plan's, or none).
    fn locate(
        state: &AppState,
        org: i64,
        ids: &[i64],
    ) -> impl std::future::Future<Output = Result<Self, AppError>> + Send;
    fn spec(&self) -> FormSpec;
    /// The form before anything is typed: blank, or with what can be suggested.
    fn blank(&self) -> Vec<Field>;
    /// The form showing what was submitted.
    fn fields_from(&self, form: &FormData) -> Vec<Field>;
    /// Reads, checks and saves the form; answers where to go next.
    fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> impl std::future::Future<Output = Result<String, StoreError>> + Send;
}

/// The ids in an address, in order; an id that is not a number is no page.
fn ids(params: &RawPathParams) -> Result<Vec<i64>, AppError> {
    params
        .iter()
        .map(|(_, v)| v.parse().map_err(|_| AppError::NotFound))
        .collect()
}

/// GET …/new, for every kind: the blank form, or a form started with the values its address
/// gives (an action started from the catalogue), which are only shown, never saved.
pub async fn add_form<A: AddPage + Send>(
    State(state): State<AppState>,
    session: SignedIn,
    params: RawPathParams,
    RawQuery(query): RawQuery,
) -> PageResult {
    let page = A::locate(&state, session.org.id, &ids(&params)?).await?;
    let fields = match query.filter(|q| !q.is_empty()) {
        Some(q) => page.fields_from(&FormData::parse(q.as_bytes())),
        None => page.blank(),
    };
    Ok(show_form(
        &session,
        A::SECTION,
        page.spec(),
        fields,
        &ValidationErrors::new(),
    ))
}

/// POST …/new, for every kind: save, or show what was wrong (422).
pub async fn add<A: AddPage + Send + Sync>(
    State(state): State<AppState>,
    session: SignedIn,
    params: RawPathParams,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let page = A::locate(&state, session.org.id, &ids(&params)?).await?;
    match page.add(&state, &session, &form).await {
        Ok(next) => see_other(next),
        Err(StoreError::Invalid(e)) => Ok(show_form(
            &session,
            A::SECTION,
            page.spec(),
            page.fields_from(&form),
            &e,
        )),
        Err(e) => Err(e.into()),
    }
}
