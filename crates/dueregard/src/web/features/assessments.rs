//! Equality impact assessments and decisions: the register, each assessment with its sign-off
//! steps and exports, decisions with their due-regard check, the public register, and the API.

use crate::web::auth::{ApiCaller, SignedIn};
use crate::web::error::{ApiResult, AppError, PageResult};
use crate::web::features::{ApiJson, created, download, ok_json};
use crate::web::form::FormData;
use crate::web::json_edit;
use crate::web::templates::{
    AssessmentPage, AssessmentRow, AssessmentsPage, CheckRow, Chrome, DecisionPage, DecisionsPage,
    PublicAssessmentsPage,
};
use crate::web::{AppState, render};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect};
use dueregard_core::assessment::{
    Assessed, AssessmentFields, CharacteristicRef, DecisionFields, Impact, ImpactAssessment,
    Outcome, Status, Step, due_regard_check, mitigation_actions, report_implications,
};
use dueregard_core::period::long_date;
use dueregard_core::store::{Actor, Store, StoreError};
use dueregard_core::vocab::ProtectedCharacteristic;
use dueregard_formats::assessment_export::{Names, assessment_document};
use dueregard_formats::export::{docx, odt};
use serde::Deserialize;
use std::collections::HashMap;

/// Evidence older than this many months is called out by the due-regard check: 36 unless
/// `DUEREGARD_evidence_max_age_months()` says otherwise.
pub fn evidence_max_age_months() -> i32 {
    static MONTHS: std::sync::OnceLock<i32> = std::sync::OnceLock::new();
    *MONTHS.get_or_init(|| {
        std::env::var("DUEREGARD_evidence_max_age_months()")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .filter(|m| (1..=240).contains(m))
            .unwrap_or(36)
    })
}

/// The register's filters, from the query string.
#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    #[serde(default)]
    pub directorate: Option<i64>,
    #[serde(default)]
    pub characteristic: Option<String>,
    #[serde(default)]
    pub impact: Option<String>,
    #[serde(default)]
    pub outcome: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    /// "yes": only those whose review date has passed.
    #[serde(default)]
    pub review_due: Option<String>,
}

impl Filters {
    fn keeps(&self, a: &ImpactAssessment, today: jiff::civil::Date) -> bool {
        let f = &a.fields;
        let characteristic = self
            .characteristic
            .as_deref()
            .filter(|c| !c.is_empty())
            .and_then(ProtectedCharacteristic::from_key);
        let impact = self
            .impact
            .as_deref()
            .filter(|c| !c.is_empty())
            .and_then(Impact::from_key);
        let matches_impact = f.impacts.iter().any(|i| {
            characteristic.is_none_or(|c| i.characteristic == CharacteristicRef::Protected(c))
                && impact.is_none_or(|x| i.impact == x)
        });
        self.directorate.is_none_or(|d| f.directorate_id == Some(d))
            && ((characteristic.is_none() && impact.is_none()) || matches_impact)
            && self
                .outcome
                .as_deref()
                .filter(|o| !o.is_empty())
                .is_none_or(|o| f.outcome.is_some_and(|x| x.key() == o))
            && self
                .status
                .as_deref()
                .filter(|s| !s.is_empty())
                .is_none_or(|s| f.status().key() == s)
            && (self.review_due.as_deref() != Some("yes")
                || f.review_date.is_some_and(|d| d <= today))
    }
}

fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

fn row(a: &ImpactAssessment) -> AssessmentRow {
    let f = &a.fields;
    AssessmentRow {
        id: a.id,
        title: f.title.clone(),
        subject: f.subject.label().into(),
        status: f.status().label().into(),
        outcome: f.outcome.map_or("Not decided", |o| o.label()).into(),
        review: f.review_date.map_or_else(|| "Not set".into(), long_date),
        edition: a.edition,
        negative: f
            .impacts
            .iter()
            .filter(|i| i.impact == Impact::Negative)
            .count(),
    }
}

/// The latest edition of each series: older editions are reached from it.
fn latest(all: &[ImpactAssessment]) -> Vec<&ImpactAssessment> {
    all.iter().filter(|a| a.superseded_by.is_none()).collect()
}

/// GET /assessments
pub async fn register(
    State(state): State<AppState>,
    session: SignedIn,
    Query(filters): Query<Filters>,
) -> PageResult {
    let all = state.store.assessments(session.org.id).await?;
    let day = today();
    let rows = latest(&all)
        .into_iter()
        .filter(|a| filters.keeps(a, day))
        .map(row)
        .collect();
    let directorates = state.store.directorates(session.org.id).await?;
    Ok(render(&AssessmentsPage {
        chrome: Chrome::new(&session, "assessments"),
        rows,
        directorates: directorates
            .iter()
            .map(|d| {
                (
                    d.id,
                    d.fields.name.clone(),
                    filters.directorate == Some(d.id),
                )
            })
            .collect(),
        characteristics: ProtectedCharacteristic::ALL
            .iter()
            .map(|c| {
                (
                    c.key(),
                    c.label(),
                    filters.characteristic.as_deref() == Some(c.key()),
                )
            })
            .collect(),
        impacts: Impact::ALL
            .iter()
            .map(|i| {
                (
                    i.key(),
                    i.label(),
                    filters.impact.as_deref() == Some(i.key()),
                )
            })
            .collect(),
        outcomes: Outcome::ALL
            .iter()
            .map(|o| {
                (
                    o.key(),
                    o.label(),
                    filters.outcome.as_deref() == Some(o.key()),
                )
            })
            .collect(),
        statuses: Status::ALL
            .iter()
            .map(|s| {
                (
                    s.key(),
                    s.label(),
                    filters.status.as_deref() == Some(s.key()),
                )
            })
            .collect(),
        review_due: filters.review_due.as_deref() == Some("yes"),
    }))
}

async fn names(store: &dyn Store, org: i64, a: &AssessmentFields) -> Result<Names, AppError> {
    let people = store.people(org).await?;
    let directorates = store.directorates(org).await?;
    let organisation = store.organisation(org).await?;
    Ok(Names {
        organisation: organisation.name,
        owner: people
            .iter()
            .find(|p| Some(p.id) == a.owner_id)
            .map(|p| p.fields.name.clone())
            .unwrap_or_default(),
        directorate: directorates
            .iter()
            .find(|d| Some(d.id) == a.directorate_id)
            .map(|d| d.fields.name.clone())
            .unwrap_or_default(),
        local: store
            .local_characteristics(org)
            .await?
            .into_iter()
            .map(|l| (l.id, l.fields.name))
            .collect::<HashMap<_, _>>(),
    })
}

async fn assessment_page(
    state: &AppState,
    chrome: Chrome,
    org: i64,
    a: &ImpactAssessment,
    signable: Vec<(&'static str, &'static str)>,
) -> PageResult {
    let names = names(state.store.as_ref(), org, &a.fields).await?;
    let doc = assessment_document(a, &names);
    let editions = state
        .store
        .assessments(org)
        .await?
        .into_iter()
        .filter(|x| x.series_id == a.series_id)
        .map(|x| (x.id, x.edition, x.fields.status().label().to_string()))
        .collect();
    let mut objectives = Vec::new();
    if chrome.is_editor && a.fields.is_frozen() {
        for plan in state.store.plans(org).await? {
            let tree = state.store.plan_tree(org, plan.id).await?;
            for o in tree.objectives {
                objectives.push((
                    o.id,
                    format!(
                        "{}: {} {}",
                        plan.fields.title, o.fields.code, o.fields.title
                    ),
                ));
            }
        }
    }
    Ok(render(&AssessmentPage {
        objectives,
        chrome,
        id: a.id,
        version: a.version,
        title: a.fields.title.clone(),
        status: a.fields.status().label().into(),
        frozen: a.fields.is_frozen(),
        superseded_by: a.superseded_by,
        document: doc.blocks,
        signable,
        editions,
    }))
}

/// GET /assessments/{id}
pub async fn show(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let org = session.org.id;
    let a = state.store.assessment(org, id).await?;
    let mut signable = Vec::new();
    if a.superseded_by.is_none() {
        for (step, key, label) in [
            (Step::Assessed, "assessed", "Sign as assessed"),
            (Step::Reviewed, "reviewed", "Sign as reviewed"),
            (Step::Approved, "approved", "Approve"),
        ] {
            if a.fields
                .may_sign(step, session.user.role, session.user.id)
                .is_ok()
            {
                signable.push((key, label));
            }
        }
    }
    assessment_page(
        &state,
        Chrome::new(&session, "assessments"),
        org,
        &a,
        signable,
    )
    .await
}

fn step_from(key: &str) -> Option<Step> {
    match key {
        "assessed" => Some(Step::Assessed),
        "reviewed" => Some(Step::Reviewed),
        "approved" => Some(Step::Approved),
        _ => None,
    }
}

/// POST /assessments/{id}/sign: the step and the version it was signed from.
pub async fn sign(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    body: Bytes,
) -> PageResult {
    let form = FormData::parse(&body);
    form.check_csrf(&session)?;
    let step = step_from(&form.text("step"))
        .ok_or_else(|| AppError::BadRequest("Say which step to sign.".into()))?;
    let version: i64 = form.text("version").parse().map_err(|_| {
        AppError::BadRequest("The form is missing the assessment's version.".into())
    })?;
    state
        .store
        .sign_assessment(
            &Actor::user(&session.user),
            session.org.id,
            id,
            version,
            step,
            (session.user.id, session.user.role),
        )
        .await?;
    Ok(Redirect::to(&format!("/assessments/{id}")).into_response())
}

/// POST /assessments/{id}/new-version: a draft copy of an approved assessment.
pub async fn new_version(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    body: Bytes,
) -> PageResult {
    FormData::parse(&body).check_csrf(&session)?;
    let next = state
        .store
        .new_assessment_edition(&Actor::user(&session.user), session.org.id, id)
        .await?;
    Ok(Redirect::to(&format!("/assessments/{}", next.id)).into_response())
}

async fn export(
    state: &AppState,
    org: i64,
    id: i64,
    as_docx: bool,
) -> Result<axum::response::Response, AppError> {
    let a = state.store.assessment(org, id).await?;
    let names = names(state.store.as_ref(), org, &a.fields).await?;
    let doc = assessment_document(&a, &names);
    let (bytes, kind, ext) = if as_docx {
        (
            docx(&doc),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        )
    } else {
        (odt(&doc), "application/vnd.oasis.opendocument.text", "odt")
    };
    let bytes = bytes.map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download(
        kind,
        &format!("impact-assessment-{id}.{ext}"),
        bytes,
    ))
}

/// POST /assessments/{id}/mitigations: each mitigation becomes an action under the chosen plan
/// objective, led by the assessment's owner and due by its review date. Mitigations already in
/// that objective are not added twice.
pub async fn add_mitigations(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    body: Bytes,
) -> PageResult {
    let form = FormData::parse(&body);
    form.check_csrf(&session)?;
    let org = session.org.id;
    let a = state.store.assessment(org, id).await?;
    if !a.fields.is_frozen() {
        return Err(AppError::BadRequest(
            "Approve the assessment before its mitigations become actions.".into(),
        )
        .into());
    }
    let objective_id: i64 = form.text("objective_id").parse().map_err(|_| {
        AppError::BadRequest("Choose the plan objective the actions belong to.".into())
    })?;
    let objective = state.store.plan_objective(org, objective_id).await?;
    let tree = state.store.plan_tree(org, objective.plan_id).await?;
    let existing: Vec<&dueregard_core::plan::Action> = tree
        .actions
        .iter()
        .filter(|x| x.fields.objective_id == objective_id)
        .collect();
    let next = existing
        .iter()
        .filter_map(|x| x.fields.number)
        .max()
        .unwrap_or(0)
        + 1;
    let local = state
        .store
        .local_characteristics(org)
        .await?
        .into_iter()
        .map(|l| (l.id, l.fields.name))
        .collect();
    let actor = Actor::user(&session.user);
    let mut number = next;
    for mut action in mitigation_actions(&a.fields, objective_id, next, &local) {
        if existing.iter().any(|x| x.fields.text == action.text) {
            continue;
        }
        action.number = Some(number);
        number += 1;
        state
            .store
            .create_action(&actor, org, objective.plan_id, action, None)
            .await?;
    }
    Ok(Redirect::to(&format!("/plans/{}", objective.plan_id)).into_response())
}

/// GET /assessments/{id}/assessment.odt
pub async fn export_odt(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    Ok(export(&state, session.org.id, id, false).await?)
}

/// GET /assessments/{id}/assessment.docx
pub async fn export_docx(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    Ok(export(&state, session.org.id, id, true).await?)
}

/// The decision's assessments, each loaded once.
async fn attached(
    store: &dyn Store,
    org: i64,
    d: &DecisionFields,
) -> Result<Vec<ImpactAssessment>, AppError> {
    let mut out = Vec::with_capacity(d.assessment_ids.len());
    for id in &d.assessment_ids {
        out.push(store.assessment(org, *id).await?);
    }
    Ok(out)
}

/// The assessments as the check and the report text read them.
fn assessed(list: &[ImpactAssessment]) -> Vec<Assessed<'_>> {
    list.iter()
        .map(|a| Assessed {
            title: &a.fields.title,
            fields: &a.fields,
        })
        .collect()
}

/// A finding's tag colour: the words say it, the colour repeats them.
fn colour(finding: &str) -> &'static str {
    match finding {
        "pass" => "green",
        "warning" => "yellow",
        _ => "red",
    }
}

/// The check for a decision: one line a Brown principle, and the cumulative line where a budget
/// round holds the decision or it is a budget proposal.
async fn check(
    state: &AppState,
    org: i64,
    id: i64,
    d: &DecisionFields,
    records: &[ImpactAssessment],
) -> Result<Vec<dueregard_core::assessment::CheckLine>, AppError> {
    let mut lines = due_regard_check(d, &assessed(records), today(), evidence_max_age_months());
    lines.extend(crate::app::budget::check_line(state.store.as_ref(), org, id, d, records).await?);
    Ok(lines)
}

/// The check for a decision, as table rows.
fn check_rows(lines: Vec<dueregard_core::assessment::CheckLine>) -> Vec<CheckRow> {
    lines
        .into_iter()
        .map(|l| CheckRow {
            principle: l.principle.label().into(),
            finding: l.finding.label().into(),
            colour: colour(l.finding.key()),
            reasons: l.reasons,
        })
        .collect()
}

/// GET /decisions
pub async fn decisions(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let list = state.store.decisions(session.org.id).await?;
    Ok(render(&DecisionsPage {
        chrome: Chrome::new(&session, "assessments"),
        rows: list
            .iter()
            .map(|d| {
                (
                    d.id,
                    d.fields.title.clone(),
                    d.fields.decision_maker.clone(),
                    long_date(d.fields.decided_on),
                )
            })
            .collect(),
    }))
}

/// GET /decisions/{id}
pub async fn decision(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let org = session.org.id;
    let d = state.store.decision(org, id).await?;
    let records = attached(state.store.as_ref(), org, &d.fields).await?;
    let assessments = assessed(&records);
    let (implications, other_implications) = report_implications(&assessments);
    let consultations =
        crate::app::consultations::checks_for_decision(state.store.as_ref(), org, &d.fields, id)
            .await
            .map_err(|e| AppError::Internal(format!("{e:#}")))?
            .into_iter()
            .map(|(c, lines)| {
                let rows = lines
                    .into_iter()
                    .map(|l| CheckRow {
                        principle: l.principle.label().into(),
                        finding: l.finding.label().into(),
                        colour: colour(l.finding.key()),
                        reasons: l.reasons,
                    })
                    .collect();
                (c.id, c.fields.title, rows)
            })
            .collect();
    Ok(render(&DecisionPage {
        chrome: Chrome::new(&session, "assessments"),
        consultations,
        id,
        implications,
        other_implications,
        title: d.fields.title.clone(),
        decision_maker: d.fields.decision_maker.clone(),
        date: long_date(d.fields.decided_on),
        key_decision: d.fields.key_decision,
        forward_plan: d.fields.forward_plan,
        report: d.fields.report.clone(),
        attached: records
            .iter()
            .map(|a| {
                (
                    a.id,
                    a.fields.title.clone(),
                    a.fields.status().label().to_string(),
                )
            })
            .collect(),
        checks: check_rows(check(&state, org, id, &d.fields, &records).await?),
    }))
}

async fn public_org(
    state: &AppState,
    slug: &str,
) -> Result<dueregard_core::org::Organisation, AppError> {
    state
        .store
        .organisation_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// Approved, public and current: what the public register shows.
fn published(a: &ImpactAssessment) -> bool {
    a.fields.public && a.fields.is_frozen()
}

/// GET /public/{slug}/assessments: no sign-in needed.
pub async fn public_register(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> PageResult {
    let org = public_org(&state, &slug).await?;
    let all = state.store.assessments(org.id).await?;
    // The latest approved edition of each series.
    let mut rows: Vec<AssessmentRow> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for a in all.iter().filter(|a| published(a)) {
        if seen.insert(a.series_id) {
            rows.push(row(a));
        }
    }
    Ok(render(&PublicAssessmentsPage {
        chrome: Chrome::anonymous(),
        organisation: org.name,
        slug,
        rows,
    }))
}

/// GET /public/{slug}/assessments/{id}
pub async fn public_assessment(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
) -> PageResult {
    let org = public_org(&state, &slug).await?;
    let a = state.store.assessment(org.id, id).await?;
    if !published(&a) {
        return Err(AppError::NotFound.into());
    }
    assessment_page(&state, Chrome::anonymous(), org.id, &a, Vec::new()).await
}

/// GET /api/v1/assessments
pub async fn api_list(State(state): State<AppState>, caller: ApiCaller) -> ApiResult {
    Ok(ok_json(&state.store.assessments(caller.org.id).await?))
}

/// An impact assessment, as the API reads and changes it.
pub struct AssessmentApi;

impl json_edit::ApiRecord for AssessmentApi {
    type Shown = ImpactAssessment;
    type Fields = AssessmentFields;
    type Saved = ImpactAssessment;
    async fn load(state: &AppState, org: i64, id: i64) -> Result<ImpactAssessment, StoreError> {
        state.store.assessment(org, id).await
    }
    fn editable(r: &ImpactAssessment) -> (i64, &AssessmentFields) {
        (r.version, &r.fields)
    }
    async fn save(
        state: &AppState,
        actor: &Actor,
        org: i64,
        r: &ImpactAssessment,
        version: i64,
        fields: AssessmentFields,
    ) -> Result<ImpactAssessment, StoreError> {
        state
            .store
            .update_assessment(actor, org, r.id, version, fields)
            .await
    }
}

/// POST /api/v1/assessments
pub async fn api_create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(fields): ApiJson<AssessmentFields>,
) -> ApiResult {
    Ok(created(
        &state
            .store
            .create_assessment(&Actor::user(&caller.user), caller.org.id, fields)
            .await?,
    ))
}

#[derive(Deserialize, schemars::JsonSchema)]
#[schemars(rename = "SignOff")]
pub struct SignBody {
    pub version: i64,
    pub step: Step,
}

/// POST /api/v1/assessments/{id}/sign
pub async fn api_sign(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    let body: SignBody = serde_json::from_slice(&body)
        .map_err(|e| AppError::BadRequest(format!("The JSON body could not be read: {e}")))?;
    Ok(ok_json(
        &state
            .store
            .sign_assessment(
                &Actor::user(&caller.user),
                caller.org.id,
                id,
                body.version,
                body.step,
                (caller.user.id, caller.user.role),
            )
            .await?,
    ))
}

/// POST /api/v1/decisions
pub async fn api_create_decision(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(fields): ApiJson<DecisionFields>,
) -> ApiResult {
    Ok(created(
        &state
            .store
            .create_decision(&Actor::user(&caller.user), caller.org.id, fields)
            .await?,
    ))
}

/// PUT or PATCH /api/v1/decisions/{id}: the body has the shape GET gives (the decision with its
/// check); only the decision's fields change.
pub async fn api_update_decision(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    method: Method,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> ApiResult {
    let (org, actor) = (caller.org.id, Actor::user(&caller.user));
    let current = state.store.decision(org, id).await?;
    let (version, fields) = (current.version, current.fields.clone());
    let view = decision_view(&state, org, current).await?;
    json_edit::apply(
        &view,
        version,
        &fields,
        &body,
        &method,
        async |version, fields| {
            state
                .store
                .update_decision(&actor, org, id, version, fields)
                .await
        },
        state.store.decision(org, id),
    )
    .await
}

/// GET /decisions/{id}/implications/{format}: the decision's implications as ODT, DOCX or PDF,
/// to paste into the committee report.
pub async fn decision_implications(
    State(state): State<AppState>,
    session: SignedIn,
    Path((id, format)): Path<(i64, String)>,
) -> PageResult {
    if !["odt", "docx", "pdf"].contains(&format.as_str()) {
        return Err(AppError::NotFound.into());
    }
    let org = session.org.id;
    let d = state.store.decision(org, id).await?;
    let records = attached(state.store.as_ref(), org, &d.fields).await?;
    let (text, other) = report_implications(&assessed(&records));
    let report = dueregard_core::assessment::implications_report(
        &session.org.name,
        &d.fields,
        &text,
        &other,
        today(),
    );
    super::reports::report_file(report, &format).await
}

/// GET /api/v1/decisions/{id}: the decision and its due-regard check.
pub async fn api_decision(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult {
    let d = state.store.decision(caller.org.id, id).await?;
    Ok(ok_json(&decision_view(&state, caller.org.id, d).await?))
}

/// A decision as the API shows it: the record, its due-regard check and its report text.
async fn decision_view(
    state: &AppState,
    org: i64,
    d: dueregard_core::assessment::Decision,
) -> Result<serde_json::Value, AppError> {
    let records = attached(state.store.as_ref(), org, &d.fields).await?;
    let assessments = assessed(&records);
    let check = check(state, org, d.id, &d.fields, &records).await?;
    let (implications, other) = report_implications(&assessments);
    let other: Vec<serde_json::Value> = other
        .into_iter()
        .map(|(name, answer, see)| {
            serde_json::json!({ "implication": name, "answer": answer, "see": see })
        })
        .collect();
    let consultation_checks: Vec<serde_json::Value> =
        crate::app::consultations::checks_for_decision(state.store.as_ref(), org, &d.fields, d.id)
            .await
            .map_err(|e| AppError::Internal(format!("{e:#}")))?
            .into_iter()
            .map(|(c, lines)| serde_json::json!({ "consultation_id": c.id, "title": c.fields.title, "check": lines }))
            .collect();
    Ok(serde_json::json!({
        "decision": d,
        "check": check,
        "consultation_checks": consultation_checks,
        "equalities_implications": implications,
        "other_implications": other,
    }))
}
