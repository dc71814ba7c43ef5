//! Self-assessments against an equality framework: start one, rate each criterion with its
//! evidence and gap through the one edit flow, record the peer review, and start a plan action
//! from any gap.

use super::FormSpec;
use crate::web::auth::SignedIn;
use crate::web::edit::{self, AddPage, EditPage};
use crate::web::error::{AppError, PageResult};
use crate::web::form::{Choice, Field, FormData};
use crate::web::templates::{Chrome, HtmlPage};
use crate::web::{AppState, render};
use axum::extract::{Path, State};
use dueregard_core::framework::{
    Framework, SelfAssessment, SelfAssessmentFields, SelfAssessmentForm, field,
};
use dueregard_core::period::long_date;
use dueregard_core::store::{Actor, StoreError};
use dueregard_formats::export::xml;

fn form_of(form: &FormData, framework: Framework) -> SelfAssessmentForm {
    SelfAssessmentForm {
        framework: framework.key().into(),
        title: form.text("title"),
        assessed_on: form.date("assessed_on"),
        ratings: framework
            .criteria()
            .iter()
            .map(|c| {
                (
                    c.key.to_string(),
                    form.text(&field("level", c.key)),
                    form.text(&field("evidence", c.key)),
                    form.text(&field("gap", c.key)),
                )
            })
            .collect(),
        peer_on: form.date("peer_on"),
        peer_reviewers: form.text("peer_reviewers"),
        peer_outcome: form.text("peer_outcome"),
        peer_summary: form.text("peer_summary"),
    }
}

fn rating_fields(framework: Framework, f: &SelfAssessmentForm) -> Vec<Field> {
    let mut out = vec![
        Field::text("title", "Title", f.title.clone()),
        Field::date("assessed_on", "Day of the self-assessment", &f.assessed_on),
    ];
    for c in framework.criteria() {
        let (level, evidence, gap) = f
            .ratings
            .iter()
            .find(|r| r.0 == c.key)
            .map(|r| (r.1.clone(), r.2.clone(), r.3.clone()))
            .unwrap_or_default();
        let mut levels = vec![Choice::new("", "Not rated yet", level.is_empty())];
        levels.extend(
            framework
                .levels()
                .iter()
                .map(|(k, l)| Choice::new(k, *l, level == *k)),
        );
        out.push(
            Field::select(
                &field("level", c.key),
                &format!("{} {}: level", c.key, c.name),
                levels,
            )
            .hint(c.module),
        );
        out.push(
            Field::textarea(
                &field("evidence", c.key),
                &format!("{}: evidence (optional)", c.key),
                evidence,
            )
            .hint("One a line: a Due Regard address like /assessments/3, or a web address"),
        );
        out.push(Field::textarea(
            &field("gap", c.key),
            &format!(
                "{}: what is missing to reach the next level (optional)",
                c.key
            ),
            gap,
        ));
    }
    out.push(Field::date(
        "peer_on",
        "Peer review: the day (optional)",
        &f.peer_on,
    ));
    out.push(Field::text(
        "peer_reviewers",
        "Peer review: who carried it out",
        f.peer_reviewers.clone(),
    ));
    out.push(Field::text(
        "peer_outcome",
        "Peer review: the level it gave",
        f.peer_outcome.clone(),
    ));
    out.push(Field::textarea(
        "peer_summary",
        "Peer review: what it said (optional)",
        f.peer_summary.clone(),
    ));
    out
}

fn read(form: &FormData, framework: Framework) -> Result<SelfAssessmentFields, StoreError> {
    SelfAssessmentFields::validate(&form_of(form, framework)).map_err(StoreError::Invalid)
}

/// Starting a self-assessment: the framework, a title and the day.
pub struct SelfAssessmentAdd;

impl AddPage for SelfAssessmentAdd {
    const SECTION: &'static str = "compliance";
    async fn locate(_: &AppState, _: i64, _: &[i64]) -> Result<Self, AppError> {
        Ok(SelfAssessmentAdd)
    }
    fn spec(&self) -> FormSpec {
        FormSpec::new(
            "Start a self-assessment",
            "/frameworks/new".into(),
            "/frameworks",
            None,
        )
    }
    fn blank(&self) -> Vec<Field> {
        self.fields_from(&FormData::default())
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        let chosen = form.text("framework");
        vec![
            Field::radios(
                "framework",
                "Which framework?",
                Framework::ALL
                    .iter()
                    .map(|f| Choice::new(f.key(), f.label(), chosen == f.key()))
                    .collect(),
            ),
            Field::text("title", "Title", form.text("title"))
                .hint("For example: Self-assessment for the 2027 peer challenge"),
            Field::date(
                "assessed_on",
                "Day of the self-assessment",
                &form.date("assessed_on"),
            ),
        ]
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        // The framework chosen decides the criteria; one not chosen, or not ours, is refused by
        // the rules like any other field.
        let chosen = form.text("framework");
        let framework = Framework::from_key(chosen.trim()).unwrap_or(Framework::Eflg2021);
        let fields = SelfAssessmentFields::validate(&SelfAssessmentForm {
            framework: chosen,
            ..form_of(form, framework)
        })
        .map_err(StoreError::Invalid)?;
        let made = state
            .store
            .create_self_assessment(&Actor::user(&session.user), session.org.id, fields)
            .await?;
        Ok(format!("/frameworks/{}", made.id))
    }
}

/// Rating the criteria and recording the peer review.
pub struct SelfAssessmentEdit {
    org: i64,
    id: i64,
    framework: Framework,
}

impl EditPage for SelfAssessmentEdit {
    type Record = SelfAssessment;
    const ENTITY: &'static str = "framework self-assessment";
    const SECTION: &'static str = "compliance";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, a: &SelfAssessment) -> FormSpec {
        FormSpec::new(
            "Rate each criterion",
            format!("/frameworks/{}/edit", a.id),
            &format!("/frameworks/{}", a.id),
            Some(a.version),
        )
    }
    fn fields_of(&self, a: &SelfAssessment) -> Vec<Field> {
        rating_fields(self.framework, &a.fields.to_form())
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        rating_fields(self.framework, &form_of(form, self.framework))
    }
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        let id = edit::record_id(ids)?;
        let framework = state.store.self_assessment(org, id).await?.fields.framework;
        Ok(SelfAssessmentEdit { org, id, framework })
    }
    async fn load(&self, state: &AppState) -> Result<SelfAssessment, StoreError> {
        state.store.self_assessment(self.org, self.id).await
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        state
            .store
            .update_self_assessment(
                &Actor::user(&session.user),
                self.org,
                self.id,
                version,
                read(form, self.framework)?,
            )
            .await?;
        Ok(format!("/frameworks/{}", self.id))
    }
}

/// GET /frameworks
pub async fn list(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let all = state.store.self_assessments(session.org.id).await?;
    let items: String = all
        .iter()
        .map(|a| format!(
            "<li><a class=\"govuk-link\" href=\"/frameworks/{}\">{}</a><br><span class=\"govuk-body-s\">{} · {} · {}</span></li>",
            a.id, xml(&a.fields.title), a.fields.framework.label(), long_date(a.fields.assessed_on), xml(&a.fields.overall())
        ))
        .collect();
    super::record_list(
        &session,
        "compliance",
        "Equality frameworks",
        "Self-assessments against the Equality Framework for Local Government, the Equality Standard for Local Government or the NHS Equality Delivery System: a level for each criterion with its evidence, the gaps, and the peer review.",
        ("/frameworks/new", "Start a self-assessment"),
        &items,
    )
}

fn evidence_link(l: &str) -> String {
    format!("<a class=\"govuk-link\" href=\"{0}\">{0}</a>", xml(l))
}

/// GET /frameworks/{id}
pub async fn show(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let org = session.org.id;
    let a = state.store.self_assessment(org, id).await?;
    let f = &a.fields;
    let plans = if session.user.role.can_edit_everything() {
        state.store.plans(org).await?
    } else {
        Vec::new()
    };
    let mut body = format!(
        "<span class=\"govuk-caption-l\">{}</span><h1 class=\"govuk-heading-l\">{}</h1><p class=\"govuk-body\">Self-assessment of {}. <strong>{}</strong>.</p>",
        f.framework.label(),
        xml(&f.title),
        long_date(f.assessed_on),
        xml(&f.overall())
    );
    if session.user.role.can_edit_everything() {
        body.push_str(&format!("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/frameworks/{id}/edit\">Rate the criteria or record the peer review</a></p>"));
    }
    let mut module = "";
    for c in f.framework.criteria() {
        if c.module != module {
            if !module.is_empty() {
                body.push_str("</dl>");
            }
            module = c.module;
            body.push_str(&format!(
                "<h2 class=\"govuk-heading-m\">{}</h2><dl class=\"govuk-summary-list\">",
                xml(module)
            ));
        }
        let r = f.ratings.iter().find(|r| r.criterion == c.key);
        let level = r
            .and_then(|r| f.framework.level_label(&r.level))
            .unwrap_or("Not rated yet");
        let mut value = format!("<strong>{level}</strong>");
        if let Some(r) = r {
            if !r.evidence.is_empty() {
                value.push_str(&format!(
                    "<p class=\"govuk-body-s\">Evidence: {}</p>",
                    r.evidence
                        .iter()
                        .map(|l| evidence_link(l))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if !r.gap.is_empty() {
                value.push_str(&format!(
                    "<p class=\"govuk-body-s\">Gap: {}</p>",
                    xml(&r.gap)
                ));
                for p in &plans {
                    let mut q = form_urlencoded::Serializer::new(String::new());
                    q.append_pair(
                        "text",
                        &format!("{} ({} {}): {}", f.framework.label(), c.key, c.name, r.gap),
                    );
                    value.push_str(&format!(
                        "<p class=\"govuk-body-s\"><a class=\"govuk-link\" href=\"/plans/{}/actions/new?{}\">Start an action for this gap in {}<span class=\"govuk-visually-hidden\"> ({})</span></a></p>",
                        p.id, xml(&q.finish()), xml(&p.fields.title), c.key
                    ));
                }
            }
        }
        body.push_str(&format!("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">{} {}</dt><dd class=\"govuk-summary-list__value\">{value}</dd></div>", c.key, xml(c.name)));
    }
    body.push_str("</dl><h2 class=\"govuk-heading-m\">Peer review</h2>");
    match &f.peer_review {
        Some(p) => body.push_str(&format!(
            "<p class=\"govuk-body\">On {}, by {}: <strong>{}</strong>.</p><p class=\"govuk-body dr-pre\">{}</p>",
            long_date(p.on), xml(&p.reviewers), xml(&p.outcome), xml(&p.summary)
        )),
        None => body.push_str("<p class=\"govuk-body\">No peer review is recorded yet.</p>"),
    }
    Ok(render(&HtmlPage {
        chrome: Chrome::new(&session, "compliance"),
        title: f.title.clone(),
        body,
    }))
}

/// A self-assessment as the API gives it: the record, where it stands overall, and its gaps.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct SelfAssessmentView {
    #[serde(flatten)]
    pub record: SelfAssessment,
    pub overall: String,
    /// (criterion, gap)
    pub gaps: Vec<(String, String)>,
}

fn view(a: SelfAssessment) -> SelfAssessmentView {
    let overall = a.fields.overall();
    let gaps = a
        .fields
        .gaps()
        .into_iter()
        .map(|(c, g)| (c.key.to_string(), g.to_string()))
        .collect();
    SelfAssessmentView {
        record: a,
        overall,
        gaps,
    }
}

/// GET /api/v1/frameworks
pub async fn api_list(
    State(state): State<AppState>,
    caller: crate::web::auth::ApiCaller,
) -> crate::web::error::ApiResult {
    let all: Vec<SelfAssessmentView> = state
        .store
        .self_assessments(caller.org.id)
        .await?
        .into_iter()
        .map(view)
        .collect();
    Ok(super::ok_json(&all))
}

/// GET /api/v1/frameworks/{id}
pub async fn api_show(
    State(state): State<AppState>,
    caller: crate::web::auth::ApiCaller,
    Path(id): Path<i64>,
) -> crate::web::error::ApiResult {
    Ok(super::ok_json(&view(
        state.store.self_assessment(caller.org.id, id).await?,
    )))
}
