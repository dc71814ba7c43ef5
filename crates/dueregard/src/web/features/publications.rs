//! Publications: drafting a report for the public site, sending it for review, approving it
//! (directors and administrators), publishing it, and correcting a published edition.

use super::{FormSpec, form_version, see_other};
use crate::app::publications::{self, corrected_by, report_of, take_step};
use crate::web::auth::SignedIn;
use crate::web::edit::{self, EditPage};
use crate::web::error::{AppError, PageResult};
use crate::web::form::{Choice, Field, FormData};
use crate::web::templates::{Chrome, PublicationPage, PublicationsPage, Tag};
use crate::web::{AppState, render, render_form, today};
use axum::extract::{Path, State};
use dueregard_core::dashboard::PlanRow;
use dueregard_core::period::{FinancialYear, long_date};
use dueregard_core::publication::{
    Publication, PublicationKind, PublicationStatus, PublicationStep,
};
use dueregard_core::store::{Actor, StoreError};
use dueregard_core::validate::ValidationErrors;
use dueregard_formats::report_render;

pub fn status_tag(s: PublicationStatus) -> Tag {
    let class = match s {
        PublicationStatus::Draft => "govuk-tag--grey",
        PublicationStatus::InReview => "govuk-tag--yellow",
        PublicationStatus::Approved => "govuk-tag--blue",
        PublicationStatus::Published => "govuk-tag--green",
    };
    Tag {
        label: s.label().to_string(),
        class,
    }
}

/// What the draft form holds, as typed.
struct Draft {
    kind: String,
    title: String,
    start: String,
    end: String,
    plan: String,
    introduction: String,
}

impl Draft {
    fn from_form(form: &FormData) -> Draft {
        Draft {
            kind: form.text("kind"),
            title: form.text("title"),
            start: form.date("period_start"),
            end: form.date("period_end"),
            plan: form.text("plan_id"),
            introduction: form.text("introduction"),
        }
    }

    fn fields(&self, plans: &[PlanRow], with_kind: bool) -> Vec<Field> {
        let mut fields = Vec::new();
        if with_kind {
            fields.push(Field::radios(
                "kind",
                "Which report",
                PublicationKind::ALL
                    .iter()
                    .map(|k| Choice::new(k.key(), k.label(), k.key() == self.kind))
                    .collect(),
            ));
        }
        let mut choices = vec![Choice::new("", "Not an action plan", self.plan.is_empty())];
        choices.extend(
            plans
                .iter()
                .map(|p| Choice::new(p.id, p.title.clone(), p.id.to_string() == self.plan)),
        );
        fields.extend([
            Field::text("title", "Title", self.title.clone())
                .hint("As the public will see it, for example Equality objectives: progress in 2025 to 2026"),
            Field::date("period_start", "Start of the period it covers", &self.start),
            Field::date("period_end", "End of the period it covers", &self.end),
            Field::select("plan_id", "Action plan (for an action plan only)", choices),
            Field::textarea("introduction", "Introduction (optional)", self.introduction.clone())
                .hint("Printed before the report, in your own words. Leave a blank line between paragraphs."),
        ]);
        fields
    }
}

fn spec(title: &str, action: String, version: Option<i64>) -> FormSpec {
    FormSpec {
        title: title.into(),
        caption: None,
        action,
        submit: "Save draft",
        cancel: "/publications".into(),
        version,
    }
}

/// Only plans the public may read can be published.
async fn publishable_plans(state: &AppState, org: i64) -> Result<Vec<PlanRow>, AppError> {
    Ok(crate::app::reports::published_plans(state.store.as_ref(), org).await?)
}

/// Starting a publication.
pub struct PublicationAdd {
    plans: Vec<PlanRow>,
}

impl edit::AddPage for PublicationAdd {
    const SECTION: &'static str = "reports";
    async fn locate(state: &AppState, org: i64, _: &[i64]) -> Result<Self, AppError> {
        Ok(PublicationAdd {
            plans: publishable_plans(state, org).await?,
        })
    }
    fn spec(&self) -> FormSpec {
        spec("Start a publication", "/publications/new".into(), None)
    }
    /// Suggests last financial year's progress report.
    fn blank(&self) -> Vec<Field> {
        let last = FinancialYear::containing(today() - jiff::ToSpan::years(1)).period();
        Draft {
            kind: PublicationKind::ProgressReport.key().into(),
            title: String::new(),
            start: last.start.to_string(),
            end: last.end.to_string(),
            plan: String::new(),
            introduction: String::new(),
        }
        .fields(&self.plans, true)
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        Draft::from_form(form).fields(&self.plans, true)
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let d = Draft::from_form(form);
        let fields = dueregard_core::publication::PublicationFields::draft(
            &d.kind,
            &d.title,
            &d.start,
            &d.end,
            &d.plan,
            &d.introduction,
        )
        .map_err(StoreError::Invalid)?;
        let p = state
            .store
            .create_publication(&Actor::user(&session.user), session.org.id, fields)
            .await?;
        Ok(format!("/publications/{}", p.id))
    }
}

/// Changing a draft.
pub struct PublicationEdit {
    org: i64,
    id: i64,
    plans: Vec<PlanRow>,
}

fn draft_of(p: &Publication) -> Draft {
    let f = &p.fields;
    Draft {
        kind: f.kind.key().into(),
        title: f.title.clone(),
        start: f.period.start.to_string(),
        end: f.period.end.to_string(),
        plan: f.plan_id.map(|p| p.to_string()).unwrap_or_default(),
        introduction: f.introduction.clone().unwrap_or_default(),
    }
}

impl EditPage for PublicationEdit {
    type Record = Publication;
    const ENTITY: &'static str = "publication";
    const SECTION: &'static str = "reports";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, p: &Publication) -> FormSpec {
        let action = format!("/publications/{}/edit", p.id);
        spec("Change the draft", action, Some(p.version))
    }
    fn fields_of(&self, p: &Publication) -> Vec<Field> {
        draft_of(p).fields(&self.plans, false)
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        Draft::from_form(form).fields(&self.plans, false)
    }
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        Ok(PublicationEdit {
            org,
            id: edit::record_id(ids)?,
            plans: publishable_plans(state, org).await?,
        })
    }
    async fn load(&self, state: &AppState) -> Result<Publication, StoreError> {
        state.store.publication(self.org, self.id).await
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        let now = self.load(state).await?;
        let d = Draft::from_form(form);
        let fields = now
            .fields
            .redraft(&d.title, &d.start, &d.end, &d.plan, &d.introduction)
            .map_err(StoreError::Invalid)?;
        state
            .store
            .update_publication(
                &Actor::user(&session.user),
                self.org,
                self.id,
                version,
                fields,
            )
            .await?;
        Ok(format!("/publications/{}", self.id))
    }
}

/// GET /publications
pub async fn list(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let all = state.store.publications(session.org.id).await?;
    let rows = all
        .iter()
        .map(|p| {
            (
                p.id,
                p.fields.title.clone(),
                p.fields.edition,
                status_tag(p.fields.status),
                p.fields.describe(),
            )
        })
        .collect();
    Ok(render(&PublicationsPage {
        chrome: Chrome::new(&session, "reports"),
        rows,
        editor: session.user.role.can_edit_everything(),
    }))
}

async fn page(
    state: &AppState,
    session: &SignedIn,
    id: i64,
    errors: ValidationErrors,
) -> PageResult {
    let org = session.org.id;
    let p = state.store.publication(org, id).await?;
    let actor = Actor::user(&session.user);
    let report = report_of(state.store.as_ref(), &actor, org, &p, today()).await?;
    let f = &p.fields;
    let mut summary = vec![
        ("Report".to_string(), f.kind.label().to_string()),
        ("Period".to_string(), f.period.describe()),
        ("Edition".to_string(), f.edition.to_string()),
    ];
    if let Some(note) = &f.correction_note {
        summary.push(("What this correction changes".into(), note.clone()));
    }
    for (what, signed) in [("Approved by", &f.approved), ("Published by", &f.published)] {
        if let Some(s) = signed {
            summary.push((what.into(), format!("{} on {}", s.by, long_date(s.on))));
        }
    }
    let published = publications::published(state.store.as_ref(), org).await?;
    if let Some(next) = corrected_by(&published, id) {
        summary.push((
            "Corrected by".into(),
            format!(
                "Edition {}: {}",
                next.fields.edition,
                next.fields.describe()
            ),
        ));
    }
    summary.push((
        "The report".into(),
        if f.report.is_some() {
            "As approved: it will not change".into()
        } else {
            format!(
                "As it would be if approved today ({}); it is kept once approved",
                long_date(today())
            )
        },
    ));
    let role = session.user.role;
    let steps = f
        .steps(role)
        .into_iter()
        .map(|s| {
            let action = if matches!(s, PublicationStep::Approve)
                || (s == PublicationStep::SendBack && !role.can_edit_everything())
            {
                format!("/publications/{id}/approve")
            } else {
                format!("/publications/{id}/step")
            };
            (action, s.key(), s.label())
        })
        .collect();
    let errors: Vec<(String, String)> = errors
        .0
        .iter()
        .map(|e| {
            let anchor = if e.field == "note" { "#note" } else { "#steps" };
            (anchor.to_string(), e.message.clone())
        })
        .collect();
    let failed = !errors.is_empty();
    let page = PublicationPage {
        chrome: Chrome::new(session, "reports"),
        id,
        version: p.version,
        title: f.title.clone(),
        status: status_tag(f.status),
        summary,
        steps,
        can_redraft: f.status == PublicationStatus::Draft && role.can_edit_everything(),
        can_correct: f.status == PublicationStatus::Published && role.can_edit_everything(),
        public_address: (f.status == PublicationStatus::Published)
            .then(|| format!("/public/{}/publications/{id}", session.org.slug)),
        body: report_render::html_at(&report, 2),
        errors,
    };
    Ok(render_form(&page, failed))
}

/// GET /publications/{id}
pub async fn show(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    page(&state, &session, id, ValidationErrors::new()).await
}

async fn step(state: AppState, session: SignedIn, id: i64, form: FormData) -> PageResult {
    form.check_csrf(&session)?;
    let version = form_version(&form)?;
    let Some(step) = PublicationStep::from_key(&form.text("step")) else {
        return Err(AppError::BadRequest(
            "The form does not say which step to take. Reload the page and try again.".into(),
        )
        .into());
    };
    match take_step(
        state.store.as_ref(),
        &session.user,
        id,
        version,
        step,
        today(),
    )
    .await
    {
        Ok(_) => see_other(format!("/publications/{id}")),
        Err(StoreError::Invalid(errors)) => page(&state, &session, id, errors).await,
        Err(e) => Err(e.into()),
    }
}

/// POST /publications/{id}/step (editors: send for review, send back, publish) and
/// POST /publications/{id}/approve (directors and administrators: approve, send back). The
/// route table says who may use each; the workflow says which step may be taken now.
pub async fn take(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: FormData,
) -> PageResult {
    step(state, session, id, form).await
}

/// POST /publications/{id}/correct: start the next edition of a published one.
pub async fn correct(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    match publications::correct(state.store.as_ref(), &session.user, id, &form.text("note")).await {
        Ok(next) => see_other(format!("/publications/{}", next.id)),
        Err(StoreError::Invalid(errors)) => page(&state, &session, id, errors).await,
        Err(e) => Err(e.into()),
    }
}
