//! Importing a plan or a list of objectives from a document: upload, a preview of what was
//! understood with every warning, then confirm. Nothing is stored until the person confirms;
//! until then the file is held in memory for an hour, for the person who uploaded it.

use crate::app::import::{Confirmed, plan_options, store_objectives, store_plan};
use crate::web::AppState;
use crate::web::auth::SignedIn;
use crate::web::cache::{ImportKind, Waiting};
use crate::web::error::{AppError, PageResult};
use crate::web::render_form;
use crate::web::templates::{
    Chrome, ImportPreviewPage, ImportUploadPage, PreviewAction, PreviewObjective, PreviewPriority,
};
use crate::web::upload::read_upload;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect};
use dueregard_core::store::{Actor, StoreError};
use dueregard_core::validate::ValidationErrors;
use dueregard_formats::import::document::{self, PlanOptions, fingerprint};
use dueregard_formats::import::to_store::LeadMatch;
use dueregard_formats::import::{ImportedPlan, MAX_DOCUMENT_BYTES, OutcomeCell, to_store};
use std::sync::Arc;
use std::time::Instant;

/// The upload's body: the largest document plus the form's other fields.
pub const UPLOAD_LIMIT: usize = MAX_DOCUMENT_BYTES as usize + 64 * 1024;

fn upload_page(session: &SignedIn, errors: Vec<(String, String)>, kind: ImportKind) -> PageResult {
    let refused = !errors.is_empty();
    Ok(render_form(
        &ImportUploadPage {
            chrome: Chrome::new(session, "plans"),
            errors,
            plan_chosen: kind == ImportKind::Plan,
            max_mb: MAX_DOCUMENT_BYTES / (1024 * 1024),
        },
        refused,
    ))
}

/// GET /import
pub async fn upload_form(session: SignedIn) -> PageResult {
    upload_page(&session, Vec::new(), ImportKind::Plan)
}

/// POST /import (multipart): keeps the file for its preview.
pub async fn upload(
    State(state): State<AppState>,
    session: SignedIn,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> PageResult {
    // Who may upload is checked before the body is read.
    let form = read_upload(
        &session,
        form,
        "Upload the file with the form on the import page.",
        usize::try_from(MAX_DOCUMENT_BYTES).unwrap_or(usize::MAX),
        &state.upload_dir,
    )
    .await?;
    let kind = if form.text("kind") == "objectives" {
        ImportKind::Objectives
    } else {
        ImportKind::Plan
    };
    let error = |m: String| upload_page(&session, vec![("#file".to_string(), m)], kind);
    let Some(upload) = form.file else {
        return error("Choose the file to import".into());
    };
    let (file_name, bytes) = (upload.name.clone(), upload.bytes()?);
    // A file we cannot read at all is refused here, before any preview.
    let read = match kind {
        ImportKind::Plan => {
            document::read_plan(&bytes, &file_name, &Default::default()).map(|_| ())
        }
        ImportKind::Objectives => document::read_objectives(&bytes, &file_name).map(|_| ()),
    };
    if let Err(e) = read {
        return error(format!("{file_name}: {e}"));
    }
    let id = state.imports.put(Waiting {
        user_id: session.user.id,
        org_id: session.org.id,
        kind,
        file_name,
        bytes: Arc::new(bytes),
        at: Instant::now(),
    })?;
    Ok(Redirect::to(&format!("/import/{id}")).into_response())
}

/// What the person chose on the preview page.
#[derive(Default, Clone)]
struct Choices {
    title: String,
    period: String,
    columns: String,
    /// "same", "empty", or "" for the reader's own rule.
    empty_cells: String,
    /// Objectives, by position as read, whose actions belong to the objective above.
    join: Vec<String>,
    new_version_of: Option<i64>,
    again: bool,
}

impl Choices {
    fn options(&self) -> Result<PlanOptions, String> {
        let columns: Vec<String> = self.columns.lines().map(str::to_string).collect();
        plan_options(
            Some(&self.period),
            &columns,
            Some(&self.empty_cells),
            &self.join,
        )
    }
}

/// GET /import/{id}
pub async fn preview(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    show_preview(&state, &session, &id, Choices::default(), Vec::new()).await
}

async fn show_preview(
    state: &AppState,
    session: &SignedIn,
    id: &str,
    choices: Choices,
    mut errors: Vec<(String, String)>,
) -> PageResult {
    let (kind, file_name, bytes) = state.imports.get(id, session)?;
    let org = session.org.id;
    let print = fingerprint(&bytes);
    let earlier = state.store.imports(org).await?.into_iter().find(|r| {
        r.fingerprint == print
            && r.kind
                == if kind == ImportKind::Plan {
                    "plan"
                } else {
                    "objectives"
                }
    });
    let earlier_plan = match earlier.as_ref().and_then(|r| r.plan_id) {
        Some(p) => state
            .store
            .plans(org)
            .await?
            .into_iter()
            .find(|x| x.id == p),
        None => None,
    };
    let mut page = ImportPreviewPage {
        chrome: Chrome::new(session, "plans"),
        id: id.to_string(),
        file_name: file_name.clone(),
        is_plan: kind == ImportKind::Plan,
        errors: Vec::new(),
        title: choices.title.clone(),
        period: choices.period.clone(),
        columns_text: choices.columns.clone(),
        columns: Vec::new(),
        decisions: Vec::new(),
        empty_is_merged: false,
        joined: Vec::new(),
        summary: String::new(),
        priorities: Vec::new(),
        objectives: Vec::new(),
        warnings: Vec::new(),
        earlier: earlier.map(|r| {
            (
                r.imported_at.get(..10).unwrap_or("").to_string(),
                r.imported_by,
            )
        }),
        earlier_plan: earlier_plan.map(|p| (p.id, p.fields.title)),
        new_version: choices.new_version_of.is_some(),
        again: choices.again,
    };
    match kind {
        ImportKind::Plan => {
            let plan = choices.options().and_then(|options| {
                document::read_plan(&bytes, &file_name, &options).map_err(|e| e.to_string())
            });
            match plan {
                Ok(plan) => {
                    page.joined = choices
                        .join
                        .iter()
                        .filter_map(|j| j.trim().parse().ok())
                        .collect();
                    page.joined.sort_unstable();
                    page.joined.dedup();
                    if page.title.is_empty() {
                        page.title = plan.title.clone().unwrap_or_default();
                    }
                    if page.period.is_empty() {
                        page.period = plan.period.clone().unwrap_or_default();
                    }
                    let people = state.store.people(org).await?;
                    describe(&mut page, &plan, &people);
                }
                Err(e) => errors.push(("#columns".into(), e)),
            }
        }
        ImportKind::Objectives => {
            let found = document::read_objectives(&bytes, &file_name)
                .map_err(|e| AppError::BadRequest(e.to_string()))?;
            page.summary = format!(
                "{} equality objectives. They will be stored as drafts.",
                found.objectives.len()
            );
            page.objectives = found
                .objectives
                .iter()
                .map(|o| (o.title.clone(), o.actions.clone()))
                .collect();
            page.decisions = found
                .found_by
                .iter()
                .map(|w| {
                    (
                        w.at.clone(),
                        format!("{} objectives were found", found.objectives.len()),
                        w.message.clone(),
                    )
                })
                .collect();
            page.warnings = found
                .warnings
                .iter()
                .map(|w| (w.at.clone(), w.message.clone()))
                .collect();
        }
    }
    let refused = !errors.is_empty();
    page.errors = errors;
    Ok(render_form(&page, refused))
}

fn describe(
    page: &mut ImportPreviewPage,
    plan: &ImportedPlan,
    people: &[dueregard_core::org::Person],
) {
    let matches = to_store::lead_matches(plan, people);
    let name = |i: &String| match matches.iter().find(|m| &m.initials == i) {
        Some(LeadMatch {
            name: Some(n),
            existing: true,
            ..
        }) => format!("{n} ({i})"),
        Some(LeadMatch {
            name: Some(n),
            existing: false,
            ..
        }) => format!("{n} ({i}, new)"),
        _ => format!("{i} (not in the key)"),
    };
    let (mut objectives, mut actions) = (0, 0);
    // Each objective's position in the plan as first read, which a join choice names: those
    // already joined are gone from the plan shown.
    let mut positions = (1..).filter(|p| !page.joined.contains(p));
    for p in &plan.priorities {
        let mut view = PreviewPriority {
            title: format!("Priority {}. {}", p.number, p.title),
            objectives: Vec::new(),
        };
        for o in &p.objectives {
            objectives += 1;
            let mut ov = PreviewObjective {
                position: positions.next().unwrap_or_default(),
                title: format!("{}. {}", o.code, o.title),
                leads: o.leads.iter().map(name).collect::<Vec<_>>().join(", "),
                actions: Vec::new(),
            };
            for a in &o.actions {
                actions += 1;
                ov.actions.push(PreviewAction {
                    number: a.number.map(|n| format!("({n})")).unwrap_or_default(),
                    text: a.text.clone(),
                    leads: a.leads.iter().map(name).collect::<Vec<_>>().join(", "),
                    target: a.target.clone(),
                    read_as: a
                        .milestones
                        .iter()
                        .map(|m| m.describe())
                        .collect::<Vec<_>>()
                        .join("; "),
                    outcome: match &a.outcome {
                        OutcomeCell::New(t) => t.clone(),
                        OutcomeCell::SameAsAbove => "The same as the action above".into(),
                        OutcomeCell::None => String::new(),
                    },
                });
            }
            view.objectives.push(ov);
        }
        page.priorities.push(view);
    }
    page.summary = format!(
        "{} priorities, {objectives} objectives and {actions} actions. {} lead officers in the key and {} glossary entries.",
        plan.priorities.len(),
        plan.leads.len(),
        plan.glossary.len()
    );
    page.columns = plan
        .columns
        .iter()
        .map(|c| {
            (
                c.column.clone(),
                c.heading.clone(),
                c.holds.clone(),
                c.evidence.clone(),
            )
        })
        .collect();
    page.empty_is_merged = plan.empty_is_merged;
    page.decisions = plan
        .decisions
        .iter()
        .map(|d| (d.at.clone(), d.what.clone(), d.why.clone()))
        .collect();
    page.warnings = plan
        .warnings
        .iter()
        .map(|w| (w.at.clone(), w.message.clone()))
        .collect();
}

/// POST /import/{id}: read again with the person's choices, or confirm and store.
pub async fn confirm(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<String>,
    form: crate::web::form::FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let (kind, file_name, bytes) = state.imports.get(&id, &session)?;
    let choices = Choices {
        title: form.text("title"),
        period: form.text("period"),
        columns: form.text("columns"),
        empty_cells: form.text("empty_cells"),
        join: form.all("join"),
        new_version_of: form.text("new_version_of").trim().parse().ok(),
        again: form.text("again") == "yes",
    };
    if form.text("action") != "confirm" {
        return show_preview(&state, &session, &id, choices, Vec::new()).await;
    }
    let stored = save(&state, &session, kind, &file_name, &bytes, &choices).await;
    match stored {
        Ok(to) => {
            state.imports.remove(&id);
            Ok(Redirect::to(&to).into_response())
        }
        Err(StoreError::Invalid(e)) => {
            let errors =
                e.0.iter()
                    .map(|f| (format!("#{}", anchor(&f.field)), f.message.clone()))
                    .collect();
            show_preview(&state, &session, &id, choices, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

/// Reads the file with the person's choices and stores it; answers where to go next.
async fn save(
    state: &AppState,
    session: &SignedIn,
    kind: ImportKind,
    file_name: &str,
    bytes: &[u8],
    choices: &Choices,
) -> Result<String, StoreError> {
    let invalid = |field: &str, m: String| StoreError::Invalid(ValidationErrors::single(field, m));
    let actor = Actor::user(&session.user);
    let org = session.org.id;
    let source = crate::app::import::source(bytes, file_name);
    match kind {
        ImportKind::Plan => {
            let options = choices.options().map_err(|e| invalid("columns", e))?;
            let plan = document::read_plan(bytes, file_name, &options)
                .map_err(|e| invalid("file", e.to_string()))?;
            let confirmed = Confirmed {
                source,
                title: Some(choices.title.clone()),
                period: Some(choices.period.clone()),
                directorate_id: None,
                new_version_of: choices.new_version_of,
            };
            let receipt = store_plan(state.store.as_ref(), &actor, org, &plan, confirmed).await?;
            Ok(format!("/plans/{}", receipt.plan.id))
        }
        ImportKind::Objectives => {
            let found = document::read_objectives(bytes, file_name)
                .map_err(|e| invalid("file", e.to_string()))?;
            store_objectives(
                state.store.as_ref(),
                &actor,
                org,
                &found,
                source,
                choices.again,
            )
            .await?;
            Ok("/objectives".to_string())
        }
    }
}

/// Where on the preview an error points: its field, or the file for everything found in it.
fn anchor(field: &str) -> &str {
    match field {
        "title" | "period" | "columns" => field,
        "file" => "confirm",
        _ => "warnings",
    }
}
