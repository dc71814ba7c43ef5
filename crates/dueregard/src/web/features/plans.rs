//! Action plans: the list, the plan in the seed-004 table shape, and the forms that build one
//! (plan details, priorities, objectives, glossary). Actions have their own module.

use super::{ApiJson, FormSpec, created, lead_initials, ok_json, see_other, show_form};
use crate::web::auth::{ApiCaller, SignedIn};
use crate::web::cache::CachedPage;
use crate::web::edit::{self, EditPage};
use crate::web::error::{ApiResult, AppError, PageResult};
use crate::web::form::{Choice, Field, FormData};
use crate::web::json_edit;
use crate::web::templates::{
    Chrome, PlanActionView, PlanBody, PlanObjectiveView, PlanPage, PlansPage, PriorityView,
    RecordControls, progress_tag,
};
use crate::web::{AppState, render, today};
use askama::Template;
use axum::extract::{Path, State};
use dueregard_core::org::{Committee, Directorate};
use dueregard_core::plan::*;
use dueregard_core::progress;
use dueregard_core::record::Versioned;
use dueregard_core::store::{Actor, StoreError};
use dueregard_core::validate::ValidationErrors;

fn plan_period_words(p: &PlanFields) -> String {
    let fy = dueregard_core::period::FinancialYear::containing(p.period.start);
    if fy.period() == p.period {
        fy.label()
    } else {
        p.period.describe()
    }
}

fn plan_fields(
    input: &PlanInput,
    directorates: &[Directorate],
    committees: &[Committee],
) -> Vec<Field> {
    let status = if input.status.is_empty() {
        "draft"
    } else {
        input.status.as_str()
    };
    let months = input.monitoring_months.unwrap_or(6);
    let mut dir = vec![Choice::new("", "None", input.directorate_id.is_none())];
    dir.extend(directorates.iter().map(|d| {
        Choice::new(
            d.id,
            d.fields.name.clone(),
            input.directorate_id == Some(d.id),
        )
    }));
    let mut com = vec![Choice::new("", "None", input.committee_id.is_none())];
    com.extend(committees.iter().map(|c| {
        Choice::new(
            c.id,
            c.fields.name.clone(),
            input.committee_id == Some(c.id),
        )
    }));
    vec![
        Field::text("title", "Title", input.title.clone())
            .hint("For example, Chief Executive's Directorate equality action plan 2013/14"),
        Field::select("directorate_id", "Directorate", dir),
        Field::date("period_start", "Start of the plan", &input.period_start)
            .hint("Plans usually run for a financial year, from 1 April. For example, 1 4 2026"),
        Field::date("period_end", "End of the plan", &input.period_end)
            .hint("For example, 31 3 2027"),
        Field::radios(
            "status",
            "Status",
            PlanStatus::ALL
                .iter()
                .map(|s| Choice::new(s.key(), s.label(), s.key() == status))
                .collect(),
        ),
        Field::text("approver", "Who approves the plan", input.approver.clone())
            .hint("For example, Leader of the Council"),
        Field::select("committee_id", "Committee it goes to", com),
        Field::select(
            "monitoring_months",
            "How often lead officers report progress",
            [
                (1, "Monthly"),
                (3, "Quarterly"),
                (4, "Every four months"),
                (6, "Every six months"),
                (12, "Yearly"),
            ]
            .iter()
            .map(|(m, l)| Choice::new(m, *l, months == *m))
            .collect(),
        ),
        Field::textarea("introduction", "Introduction", input.introduction.clone())
            .hint("Optional. How the plan relates to other plans, and who is responsible"),
    ]
}

fn plan_from_form(form: &FormData, errors: &mut ValidationErrors) -> PlanInput {
    PlanInput {
        title: form.text("title"),
        directorate_id: form.id(errors, "directorate_id", "a directorate"),
        period_start: form.date("period_start"),
        period_end: form.date("period_end"),
        status: form.text("status"),
        approver: form.text("approver"),
        committee_id: form.id(errors, "committee_id", "a committee"),
        monitoring_months: form.number(
            errors,
            "monitoring_months",
            "How often progress is reported",
        ),
        introduction: form.text("introduction"),
    }
}

fn plan_from_record(p: &ActionPlan) -> PlanInput {
    let f = &p.fields;
    PlanInput {
        title: f.title.clone(),
        directorate_id: f.directorate_id,
        period_start: f.period.start.to_string(),
        period_end: f.period.end.to_string(),
        status: f.status.key().into(),
        approver: f.approver.clone().unwrap_or_default(),
        committee_id: f.committee_id,
        monitoring_months: Some(f.monitoring_months as i64),
        introduction: f.introduction.clone().unwrap_or_default(),
    }
}

pub async fn list(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let plans = state.store.plans(session.org.id).await?;
    let rows = plans
        .iter()
        .map(|p| {
            (
                p.id,
                p.fields.title.clone(),
                plan_period_words(&p.fields),
                p.fields.status.label().to_string(),
            )
        })
        .collect();
    Ok(render(&PlansPage {
        chrome: Chrome::new(&session, "plans"),
        plans: rows,
    }))
}

pub async fn show(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let org = session.org.id;
    let editor = session.user.role.can_edit_everything();
    // The plan reads the same to every viewer who may (or may not) edit it, so it is rendered
    // once per change and kept; only the page around it is the viewer's own.
    let key = format!("plan:{id}:{editor}");
    let kept = state
        .pages
        .get(state.store.as_ref(), org, (org, key), today(), async || {
            plan_body(&state, org, id, editor).await
        })
        .await?;
    Ok(render(&PlanPage {
        record: RecordControls {
            kind: "plans",
            noun: "action plan",
            id,
            version: kept.version,
            back: "/plans".into(),
        },
        chrome: Chrome::new(&session, "plans"),
        title: kept.title.clone(),
        body: kept.body.clone(),
    }))
}

/// The plan as a viewer who may (or may not) edit sees it: its title, version and body.
async fn plan_body(
    state: &AppState,
    org: i64,
    id: i64,
    editor: bool,
) -> Result<CachedPage, AppError> {
    let tree = state.store.plan_tree(org, id).await?;
    let people = state.store.people(org).await?;
    let directorates = state.store.directorates(org).await?;
    let committees = state.store.committees(org).await?;
    let f = &tree.plan.fields;
    let today = today();
    let mut used: Vec<i64> = Vec::new();
    let priorities = tree
        .ordered()
        .into_iter()
        .map(|(p, objectives)| PriorityView {
            id: p.id,
            number: p.fields.number,
            title: p.fields.title.clone(),
            objectives: objectives
                .into_iter()
                .map(|(o, actions)| {
                    used.extend(&o.fields.lead_ids);
                    let mut views: Vec<PlanActionView> = Vec::new();
                    for (i, a) in actions.iter().enumerate() {
                        used.extend(&a.fields.lead_ids);
                        let target = a.target(f.period);
                        // An outcome shared by the actions that follow shows once, spanning them.
                        let continues = i > 0
                            && a.fields.outcome_id.is_some()
                            && actions[i - 1].fields.outcome_id == a.fields.outcome_id;
                        let span = if continues {
                            None
                        } else {
                            Some(
                                actions[i..]
                                    .iter()
                                    .take_while(|b| {
                                        a.fields.outcome_id.is_some()
                                            && b.fields.outcome_id == a.fields.outcome_id
                                    })
                                    .count()
                                    .max(1),
                            )
                        };
                        // Actions with no lead of their own are led by the objective's leads.
                        let own_leads = a.fields.lead_ids != o.fields.lead_ids;
                        views.push(PlanActionView {
                            id: a.id,
                            number: a.fields.number,
                            text: a.fields.text.clone(),
                            leads: if own_leads {
                                lead_initials(&people, &a.fields.lead_ids)
                            } else {
                                String::new()
                            },
                            target: if a.fields.target_text.is_empty() {
                                "No target date".into()
                            } else {
                                a.fields.target_text.clone()
                            },
                            dates: match a.progress.revised_due {
                                Some(d) => Some(format!(
                                    "{}; revised to {}",
                                    target.dates_hint().unwrap_or_else(|| "no date".into()),
                                    dueregard_core::period::long_date(d)
                                )),
                                None => target.dates_hint(),
                            },
                            outcome: tree
                                .outcome(a.fields.outcome_id)
                                .map(|o| o.fields.text.clone())
                                .unwrap_or_default(),
                            outcome_rows: span,
                            status: progress_tag(a.status()),
                            overdue: progress::is_overdue(&target, a.progress, today),
                        });
                    }
                    PlanObjectiveView {
                        id: o.id,
                        code: o.fields.code.clone(),
                        title: o.fields.title.clone(),
                        leads: lead_initials(&people, &o.fields.lead_ids),
                        actions: views,
                    }
                })
                .collect(),
        })
        .collect();
    let mut leads: Vec<(String, String)> = people
        .iter()
        .filter(|p| used.contains(&p.id))
        .map(|p| {
            (
                p.fields.initials.clone().unwrap_or_default(),
                p.fields.name.clone(),
            )
        })
        .collect();
    leads.sort_by_key(|(_, name)| name.split_whitespace().last().unwrap_or("").to_string());
    let summary = vec![
        (
            "Directorate".into(),
            f.directorate_id
                .and_then(|d| directorates.iter().find(|x| x.id == d))
                .map(|d| d.fields.name.clone())
                .unwrap_or_else(|| "Whole organisation".into()),
        ),
        ("Period".into(), f.period.describe()),
        ("Status".into(), f.status.label().into()),
        (
            "Approved by".into(),
            f.approver.clone().unwrap_or_else(|| "Not recorded".into()),
        ),
        (
            "Goes to".into(),
            f.committee_id
                .and_then(|c| committees.iter().find(|x| x.id == c))
                .map(|c| c.fields.name.clone())
                .unwrap_or_else(|| "Not recorded".into()),
        ),
        (
            "Progress reported".into(),
            match f.monitoring_months {
                1 => "Monthly",
                3 => "Quarterly",
                4 => "Every four months",
                12 => "Yearly",
                _ => "Every six months",
            }
            .into(),
        ),
    ];
    let body = PlanBody {
        editor,
        id,
        title: f.title.clone(),
        period: plan_period_words(f),
        summary,
        introduction: f.introduction.clone(),
        priorities,
        leads,
        glossary: tree
            .glossary
            .iter()
            .map(|g| (g.id, g.fields.term.clone(), g.fields.meaning.clone()))
            .collect(),
    };
    let html = body
        .render()
        .map_err(|e| AppError::Internal(format!("the plan could not be rendered: {e}")))?;
    Ok(CachedPage {
        title: f.title.clone(),
        version: tree.plan.version,
        body: html.into(),
    })
}

fn new_plan_spec() -> FormSpec {
    FormSpec {
        title: "Add an action plan".into(),
        caption: None,
        action: "/plans/new".into(),
        submit: "Save plan",
        cancel: "/plans".into(),
        version: None,
    }
}

fn edit_plan_spec(p: &ActionPlan, version: i64) -> FormSpec {
    FormSpec {
        title: "Edit plan details".into(),
        caption: Some(p.fields.title.clone()),
        action: format!("/plans/{}/edit", p.id),
        submit: "Save changes",
        cancel: format!("/plans/{}", p.id),
        version: Some(version),
    }
}

/// Adding a plan, with the directorates and committees to choose from.
pub struct PlanAdd {
    directorates: Vec<Directorate>,
    committees: Vec<Committee>,
}

impl edit::AddPage for PlanAdd {
    const SECTION: &'static str = "plans";
    async fn locate(state: &AppState, org: i64, _: &[i64]) -> Result<Self, AppError> {
        Ok(PlanAdd {
            directorates: state.store.directorates(org).await?,
            committees: state.store.committees(org).await?,
        })
    }
    fn spec(&self) -> FormSpec {
        new_plan_spec()
    }
    /// Suggests this financial year.
    fn blank(&self) -> Vec<Field> {
        let fy = dueregard_core::period::FinancialYear::containing(today()).period();
        let input = PlanInput {
            period_start: fy.start.to_string(),
            period_end: fy.end.to_string(),
            ..Default::default()
        };
        plan_fields(&input, &self.directorates, &self.committees)
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        let input = plan_from_form(form, &mut ValidationErrors::new());
        plan_fields(&input, &self.directorates, &self.committees)
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let mut read = ValidationErrors::new();
        let input = plan_from_form(form, &mut read);
        let f = read.and(input.validate()).map_err(StoreError::Invalid)?;
        let p = state
            .store
            .create_plan(&Actor::user(&session.user), session.org.id, f)
            .await?;
        Ok(format!("/plans/{}", p.id))
    }
}

fn roll_forward_spec(p: &ActionPlan) -> FormSpec {
    FormSpec {
        title: "Roll forward into next year".into(),
        caption: Some(p.fields.title.clone()),
        action: format!("/plans/{}/roll-forward", p.id),
        submit: "Create next year's plan",
        cancel: format!("/plans/{}", p.id),
        version: None,
    }
}

/// The details of next year's plan: a year on, as a draft.
fn next_year(p: &ActionPlan) -> PlanInput {
    let year = |d: jiff::civil::Date| {
        d.checked_add(jiff::Span::new().years(1))
            .map(|n| n.to_string())
            .unwrap_or_default()
    };
    PlanInput {
        period_start: year(p.fields.period.start),
        period_end: year(p.fields.period.end),
        status: PlanStatus::Draft.key().into(),
        ..plan_from_record(p)
    }
}

/// GET /plans/{id}/roll-forward: next year's plan, filled in from this one.
pub async fn roll_forward_form(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let org = session.org.id;
    let plan = state.store.plan_tree(org, id).await?.plan;
    let (d, c) = (
        state.store.directorates(org).await?,
        state.store.committees(org).await?,
    );
    let fields = plan_fields(&next_year(&plan), &d, &c);
    let spec = roll_forward_spec(&plan);
    Ok(show_form(
        &session,
        "plans",
        spec,
        fields,
        &ValidationErrors::new(),
    ))
}

/// POST /plans/{id}/roll-forward: creates next year's plan with this one's structure and every
/// open action carried over.
pub async fn roll_forward(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let org = session.org.id;
    let plan = state.store.plan_tree(org, id).await?.plan;
    let mut read = ValidationErrors::new();
    let input = plan_from_form(&form, &mut read);
    match read.and(input.validate()) {
        Ok(f) => {
            let actor = Actor::user(&session.user);
            let new = state.store.roll_forward(&actor, org, id, f).await?;
            see_other(format!("/plans/{}", new.id))
        }
        Err(e) => {
            let (d, c) = (
                state.store.directorates(org).await?,
                state.store.committees(org).await?,
            );
            let fields = plan_fields(&input, &d, &c);
            Ok(show_form(
                &session,
                "plans",
                roll_forward_spec(&plan),
                fields,
                &e,
            ))
        }
    }
}

/// Editing a plan's details, with the directorates and committees to choose from.
pub struct PlanEdit {
    org: i64,
    id: i64,
    directorates: Vec<Directorate>,
    committees: Vec<Committee>,
}

impl EditPage for PlanEdit {
    type Record = ActionPlan;
    const ENTITY: &'static str = "action plan";
    const SECTION: &'static str = "plans";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, p: &ActionPlan) -> FormSpec {
        edit_plan_spec(p, p.version)
    }
    fn fields_of(&self, p: &ActionPlan) -> Vec<Field> {
        plan_fields(&plan_from_record(p), &self.directorates, &self.committees)
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        plan_fields(
            &plan_from_form(form, &mut ValidationErrors::new()),
            &self.directorates,
            &self.committees,
        )
    }
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        plan_edit(state, org, edit::record_id(ids)?).await
    }
    async fn load(&self, state: &AppState) -> Result<ActionPlan, StoreError> {
        Ok(state.store.plan_tree(self.org, self.id).await?.plan)
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        let mut read = ValidationErrors::new();
        let input = plan_from_form(form, &mut read);
        let f = read.and(input.validate()).map_err(StoreError::Invalid)?;
        state
            .store
            .update_plan(&Actor::user(&session.user), self.org, self.id, version, f)
            .await?;
        Ok(format!("/plans/{}", self.id))
    }
}

async fn plan_edit(state: &AppState, org: i64, id: i64) -> Result<PlanEdit, AppError> {
    Ok(PlanEdit {
        org,
        id,
        directorates: state.store.directorates(org).await?,
        committees: state.store.committees(org).await?,
    })
}

/// GET /api/v1/plans
pub async fn api_list(State(state): State<AppState>, caller: ApiCaller) -> ApiResult {
    Ok(ok_json(&state.store.plans(caller.org.id).await?))
}

/// A plan, as the API reads it (the whole tree) and changes it (its details).
pub struct PlanApi;

impl json_edit::ApiRecord for PlanApi {
    type Shown = PlanTree;
    type Fields = PlanFields;
    type Saved = ActionPlan;
    async fn load(state: &AppState, org: i64, id: i64) -> Result<PlanTree, StoreError> {
        state.store.plan_tree(org, id).await
    }
    fn editable(r: &PlanTree) -> (i64, &PlanFields) {
        (r.plan.version, &r.plan.fields)
    }
    async fn save(
        state: &AppState,
        actor: &Actor,
        org: i64,
        r: &PlanTree,
        version: i64,
        fields: PlanFields,
    ) -> Result<ActionPlan, StoreError> {
        let f = plan_from_record(&r.plan.with_fields(fields))
            .validate()
            .map_err(StoreError::Invalid)?;
        state
            .store
            .update_plan(actor, org, r.plan.id, version, f)
            .await
    }
}

/// POST /api/v1/plans
pub async fn api_create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<PlanInput>,
) -> ApiResult {
    let f = input.validate().map_err(AppError::Invalid)?;
    Ok(created(
        &state
            .store
            .create_plan(&Actor::user(&caller.user), caller.org.id, f)
            .await?,
    ))
}
