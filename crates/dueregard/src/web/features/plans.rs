//! Action plans: the list, the plan in the seed-004 table shape, and the forms that build one
//! (plan details, priorities, objectives, glossary). Actions have their own module.

use super::{
    ApiJson, FormSpec, created, lead_initials, ok_json, people_choices, see_other, show_form,
};
use crate::web::auth::{ApiCaller, SignedIn};
use crate::web::edit::{self, EditPage};
use crate::web::error::{ApiResult, AppError, PageResult};
use crate::web::form::{Choice, Field, FormData};
use crate::web::json_edit::{self, EditMode};
use crate::web::templates::{
    Chrome, PlanActionView, PlanObjectiveView, PlanPage, PlansPage, PriorityView, progress_tag,
};
use crate::web::{AppState, render, today};
use axum::extract::{Path, State};
use axum::http::Method;
use dueregard_core::org::{Committee, Directorate, Person};
use dueregard_core::plan::*;
use dueregard_core::progress;
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
                            milestones: target.milestones.iter().map(|m| m.describe()).collect(),
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
    let page = PlanPage {
        chrome: Chrome::new(&session, "plans"),
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
            .map(|g| (g.fields.term.clone(), g.fields.meaning.clone()))
            .collect(),
    };
    Ok(render(&page))
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

pub async fn new_form(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let (d, c) = (
        state.store.directorates(session.org.id).await?,
        state.store.committees(session.org.id).await?,
    );
    let fy = dueregard_core::period::FinancialYear::containing(today()).period();
    let input = PlanInput {
        period_start: fy.start.to_string(),
        period_end: fy.end.to_string(),
        ..Default::default()
    };
    Ok(show_form(
        &session,
        "plans",
        new_plan_spec(),
        plan_fields(&input, &d, &c),
        &ValidationErrors::new(),
    ))
}

pub async fn create(
    State(state): State<AppState>,
    session: SignedIn,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let (d, c) = (
        state.store.directorates(session.org.id).await?,
        state.store.committees(session.org.id).await?,
    );
    let mut read = ValidationErrors::new();
    let input = plan_from_form(&form, &mut read);
    let result = match read.and(input.validate()) {
        Ok(f) => {
            state
                .store
                .create_plan(&Actor::user(&session.user), session.org.id, f)
                .await
        }
        Err(e) => Err(StoreError::Invalid(e)),
    };
    match result {
        Ok(p) => see_other(format!("/plans/{}", p.id)),
        Err(StoreError::Invalid(e)) => Ok(show_form(
            &session,
            "plans",
            new_plan_spec(),
            plan_fields(&input, &d, &c),
            &e,
        )),
        Err(e) => Err(e.into()),
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
    fn version(p: &ActionPlan) -> i64 {
        p.version
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
    fn as_of(&self, p: &ActionPlan, data: &str) -> Option<ActionPlan> {
        Some(ActionPlan {
            fields: serde_json::from_str(data).ok()?,
            ..p.clone()
        })
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

pub async fn edit_form(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let page = plan_edit(&state, session.org.id, id).await?;
    edit::show(&state, &session, page).await
}

pub async fn update(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: FormData,
) -> PageResult {
    let page = plan_edit(&state, session.org.id, id).await?;
    edit::submit(&state, &session, page, form).await
}

fn priority_spec(plan: &ActionPlan) -> FormSpec {
    FormSpec {
        title: "Add a priority".into(),
        caption: Some(plan.fields.title.clone()),
        action: format!("/plans/{}/priorities/new", plan.id),
        submit: "Save priority",
        cancel: format!("/plans/{}", plan.id),
        version: None,
    }
}

fn priority_fields(number: &str, title: &str) -> Vec<Field> {
    vec![
        Field::number("number", "Priority number", number),
        Field::text("title", "Priority", title)
            .hint("For example, Communicating and promoting equality"),
    ]
}

pub async fn new_priority_form(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let tree = state.store.plan_tree(session.org.id, id).await?;
    let next = tree
        .priorities
        .iter()
        .map(|p| p.fields.number)
        .max()
        .unwrap_or(0)
        + 1;
    Ok(show_form(
        &session,
        "plans",
        priority_spec(&tree.plan),
        priority_fields(&next.to_string(), ""),
        &ValidationErrors::new(),
    ))
}

pub async fn create_priority(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let plan = state.store.plan_tree(session.org.id, id).await?.plan;
    let mut read = ValidationErrors::new();
    let input = PriorityInput {
        number: form.number(&mut read, "number", "The priority number"),
        title: form.text("title"),
    };
    let result = match read.and(input.validate()) {
        Ok(f) => {
            state
                .store
                .create_priority(&Actor::user(&session.user), session.org.id, id, f)
                .await
        }
        Err(e) => Err(StoreError::Invalid(e)),
    };
    match result {
        Ok(_) => see_other(format!("/plans/{id}")),
        Err(StoreError::Invalid(e)) => Ok(show_form(
            &session,
            "plans",
            priority_spec(&plan),
            priority_fields(&form.text("number"), &input.title),
            &e,
        )),
        Err(e) => Err(e.into()),
    }
}

fn edit_priority_spec(plan: &ActionPlan, p: &Priority, version: i64) -> FormSpec {
    FormSpec {
        title: "Edit priority".into(),
        caption: Some(plan.fields.title.clone()),
        action: format!("/plans/{}/priorities/{}/edit", plan.id, p.id),
        submit: "Save changes",
        cancel: format!("/plans/{}", plan.id),
        version: Some(version),
    }
}

fn find_priority(tree: &PlanTree, id: i64) -> Result<Priority, AppError> {
    tree.priorities
        .iter()
        .find(|p| p.id == id)
        .cloned()
        .ok_or(AppError::NotFound)
}

/// Editing one priority of a plan.
pub struct PriorityEdit {
    org: i64,
    id: i64,
    plan: ActionPlan,
}

impl EditPage for PriorityEdit {
    type Record = Priority;
    const ENTITY: &'static str = "priority";
    const SECTION: &'static str = "plans";
    fn id(&self) -> i64 {
        self.id
    }
    fn version(p: &Priority) -> i64 {
        p.version
    }
    fn spec(&self, p: &Priority) -> FormSpec {
        edit_priority_spec(&self.plan, p, p.version)
    }
    fn fields_of(&self, p: &Priority) -> Vec<Field> {
        priority_fields(&p.fields.number.to_string(), &p.fields.title)
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        priority_fields(&form.text("number"), &form.text("title"))
    }
    fn as_of(&self, p: &Priority, data: &str) -> Option<Priority> {
        Some(Priority {
            fields: serde_json::from_str(data).ok()?,
            ..p.clone()
        })
    }
    async fn load(&self, state: &AppState) -> Result<Priority, StoreError> {
        let p = state.store.priority(self.org, self.id).await?;
        if p.plan_id == self.plan.id {
            Ok(p)
        } else {
            Err(StoreError::NotFound("priority"))
        }
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        let mut read = ValidationErrors::new();
        let input = PriorityInput {
            number: form.number(&mut read, "number", "The priority number"),
            title: form.text("title"),
        };
        let f = read.and(input.validate()).map_err(StoreError::Invalid)?;
        let number = f.number;
        state
            .store
            .update_priority(&Actor::user(&session.user), self.org, self.id, version, f)
            .await?;
        Ok(format!("/plans/{}#priority-{number}", self.plan.id))
    }
}

async fn priority_edit(
    state: &AppState,
    org: i64,
    plan_id: i64,
    id: i64,
) -> Result<PriorityEdit, AppError> {
    let tree = state.store.plan_tree(org, plan_id).await?;
    find_priority(&tree, id)?;
    Ok(PriorityEdit {
        org,
        id,
        plan: tree.plan,
    })
}

pub async fn edit_priority_form(
    State(state): State<AppState>,
    session: SignedIn,
    Path((plan_id, id)): Path<(i64, i64)>,
) -> PageResult {
    let page = priority_edit(&state, session.org.id, plan_id, id).await?;
    edit::show(&state, &session, page).await
}

pub async fn update_priority(
    State(state): State<AppState>,
    session: SignedIn,
    Path((plan_id, id)): Path<(i64, i64)>,
    form: FormData,
) -> PageResult {
    let page = priority_edit(&state, session.org.id, plan_id, id).await?;
    edit::submit(&state, &session, page, form).await
}

fn edit_objective_spec(plan: &ActionPlan, o: &PlanObjective, version: i64) -> FormSpec {
    FormSpec {
        title: format!("Edit objective {}", o.fields.code),
        caption: Some(plan.fields.title.clone()),
        action: format!("/plans/{}/objectives/{}/edit", plan.id, o.id),
        submit: "Save changes",
        cancel: format!("/plans/{}", plan.id),
        version: Some(version),
    }
}

fn objective_input(o: &PlanObjective) -> PlanObjectiveInput {
    PlanObjectiveInput {
        priority_id: Some(o.fields.priority_id),
        code: o.fields.code.clone(),
        title: o.fields.title.clone(),
        lead_ids: o.fields.lead_ids.clone(),
    }
}

/// Editing one objective (CE1 …) of a plan, with its priorities and people to choose from.
pub struct PlanObjectiveEdit {
    org: i64,
    id: i64,
    tree: PlanTree,
    people: Vec<Person>,
}

impl EditPage for PlanObjectiveEdit {
    type Record = PlanObjective;
    const ENTITY: &'static str = "plan objective";
    const SECTION: &'static str = "plans";
    fn id(&self) -> i64 {
        self.id
    }
    fn version(o: &PlanObjective) -> i64 {
        o.version
    }
    fn spec(&self, o: &PlanObjective) -> FormSpec {
        edit_objective_spec(&self.tree.plan, o, o.version)
    }
    fn fields_of(&self, o: &PlanObjective) -> Vec<Field> {
        objective_fields(&self.tree, &self.people, &objective_input(o))
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        objective_fields(
            &self.tree,
            &self.people,
            &objective_from_form(form, &mut ValidationErrors::new()),
        )
    }
    fn as_of(&self, o: &PlanObjective, data: &str) -> Option<PlanObjective> {
        Some(PlanObjective {
            fields: serde_json::from_str(data).ok()?,
            ..o.clone()
        })
    }
    async fn load(&self, state: &AppState) -> Result<PlanObjective, StoreError> {
        let o = state.store.plan_objective(self.org, self.id).await?;
        if o.plan_id == self.tree.plan.id {
            Ok(o)
        } else {
            Err(StoreError::NotFound("plan objective"))
        }
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        let mut read = ValidationErrors::new();
        let input = objective_from_form(form, &mut read);
        let f = read.and(input.validate()).map_err(StoreError::Invalid)?;
        let o = state
            .store
            .update_plan_objective(&Actor::user(&session.user), self.org, self.id, version, f)
            .await?;
        Ok(format!(
            "/plans/{}#objective-{}",
            self.tree.plan.id, o.fields.code
        ))
    }
}

fn objective_from_form(form: &FormData, read: &mut ValidationErrors) -> PlanObjectiveInput {
    PlanObjectiveInput {
        priority_id: form.id(read, "priority_id", "a priority"),
        code: form.text("code"),
        title: form.text("title"),
        lead_ids: form.ids(read, "lead_ids", "lead officers"),
    }
}

async fn plan_objective_edit(
    state: &AppState,
    org: i64,
    plan_id: i64,
    id: i64,
) -> Result<PlanObjectiveEdit, AppError> {
    let tree = state.store.plan_tree(org, plan_id).await?;
    tree.objective(id).ok_or(AppError::NotFound)?;
    Ok(PlanObjectiveEdit {
        org,
        id,
        tree,
        people: state.store.people(org).await?,
    })
}

pub async fn edit_objective_form(
    State(state): State<AppState>,
    session: SignedIn,
    Path((plan_id, id)): Path<(i64, i64)>,
) -> PageResult {
    let page = plan_objective_edit(&state, session.org.id, plan_id, id).await?;
    edit::show(&state, &session, page).await
}

pub async fn update_objective(
    State(state): State<AppState>,
    session: SignedIn,
    Path((plan_id, id)): Path<(i64, i64)>,
    form: FormData,
) -> PageResult {
    let page = plan_objective_edit(&state, session.org.id, plan_id, id).await?;
    edit::submit(&state, &session, page, form).await
}

fn objective_spec(plan: &ActionPlan) -> FormSpec {
    FormSpec {
        title: "Add an objective".into(),
        caption: Some(plan.fields.title.clone()),
        action: format!("/plans/{}/objectives/new", plan.id),
        submit: "Save objective",
        cancel: format!("/plans/{}", plan.id),
        version: None,
    }
}

fn objective_fields(
    tree: &PlanTree,
    people: &[dueregard_core::org::Person],
    input: &PlanObjectiveInput,
) -> Vec<Field> {
    let mut priorities: Vec<&Priority> = tree.priorities.iter().collect();
    priorities.sort_by_key(|p| p.fields.number);
    let mut choices = vec![Choice::new(
        "",
        "Select a priority",
        input.priority_id.is_none(),
    )];
    choices.extend(priorities.iter().map(|p| {
        Choice::new(
            p.id,
            format!("Priority {}. {}", p.fields.number, p.fields.title),
            input.priority_id == Some(p.id),
        )
    }));
    vec![
        Field::select("priority_id", "Priority", choices),
        Field::short("code", "Code", input.code.clone()).hint("For example, CE6"),
        Field::textarea("title", "Objective", input.title.clone()),
        Field::checkboxes(
            "lead_ids",
            "Lead officers",
            people_choices(people, &input.lead_ids),
        ),
    ]
}

pub async fn new_objective_form(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let tree = state.store.plan_tree(session.org.id, id).await?;
    let people = state.store.people(session.org.id).await?;
    let next = tree.objectives.len() + 1;
    let input = PlanObjectiveInput {
        code: format!("{}{next}", prefix(&tree)),
        ..Default::default()
    };
    Ok(show_form(
        &session,
        "plans",
        objective_spec(&tree.plan),
        objective_fields(&tree, &people, &input),
        &ValidationErrors::new(),
    ))
}

/// The letters the plan's codes start with ("CE"), to suggest the next code.
fn prefix(tree: &PlanTree) -> String {
    tree.objectives
        .first()
        .map(|o| code_order(&o.fields.code).0)
        .unwrap_or_default()
}

pub async fn create_objective(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let tree = state.store.plan_tree(session.org.id, id).await?;
    let people = state.store.people(session.org.id).await?;
    let mut read = ValidationErrors::new();
    let input = PlanObjectiveInput {
        priority_id: form.id(&mut read, "priority_id", "a priority"),
        code: form.text("code"),
        title: form.text("title"),
        lead_ids: form.ids(&mut read, "lead_ids", "lead officers"),
    };
    let result = match read.and(input.validate()) {
        Ok(f) => {
            state
                .store
                .create_plan_objective(&Actor::user(&session.user), session.org.id, id, f)
                .await
        }
        Err(e) => Err(StoreError::Invalid(e)),
    };
    match result {
        Ok(_) => see_other(format!("/plans/{id}")),
        Err(StoreError::Invalid(e)) => Ok(show_form(
            &session,
            "plans",
            objective_spec(&tree.plan),
            objective_fields(&tree, &people, &input),
            &e,
        )),
        Err(e) => Err(e.into()),
    }
}

fn glossary_spec(plan: &ActionPlan) -> FormSpec {
    FormSpec {
        title: "Add to the glossary".into(),
        caption: Some(plan.fields.title.clone()),
        action: format!("/plans/{}/glossary/new", plan.id),
        submit: "Save",
        cancel: format!("/plans/{}", plan.id),
        version: None,
    }
}

fn glossary_fields(term: &str, meaning: &str) -> Vec<Field> {
    vec![
        Field::short("term", "Abbreviation", term).hint("For example, PSED"),
        Field::text("meaning", "What it means", meaning),
    ]
}

pub async fn new_glossary_form(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let plan = state.store.plan_tree(session.org.id, id).await?.plan;
    Ok(show_form(
        &session,
        "plans",
        glossary_spec(&plan),
        glossary_fields("", ""),
        &ValidationErrors::new(),
    ))
}

pub async fn create_glossary(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let plan = state.store.plan_tree(session.org.id, id).await?.plan;
    let (term, meaning) = (form.text("term"), form.text("meaning"));
    let result = match GlossaryFields::validate(&term, &meaning) {
        Ok(f) => {
            state
                .store
                .create_glossary_entry(&Actor::user(&session.user), session.org.id, id, f)
                .await
        }
        Err(e) => Err(StoreError::Invalid(e)),
    };
    match result {
        Ok(_) => see_other(format!("/plans/{id}")),
        Err(StoreError::Invalid(e)) => Ok(show_form(
            &session,
            "plans",
            glossary_spec(&plan),
            glossary_fields(&term, &meaning),
            &e,
        )),
        Err(e) => Err(e.into()),
    }
}

/// GET /api/v1/plans
pub async fn api_list(State(state): State<AppState>, caller: ApiCaller) -> ApiResult {
    Ok(ok_json(&state.store.plans(caller.org.id).await?))
}

/// GET /api/v1/plans/{id}: the whole plan, priorities to actions.
pub async fn api_get(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult {
    Ok(ok_json(&state.store.plan_tree(caller.org.id, id).await?))
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

/// PUT or PATCH /api/v1/plans/{id}
pub async fn api_update(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    method: Method,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> ApiResult {
    let tree = state.store.plan_tree(caller.org.id, id).await?;
    let current = tree.plan.clone();
    let edit = json_edit::read(
        &tree,
        current.version,
        &current.fields,
        &body,
        EditMode::of(&method),
    )?;
    let f = plan_from_record(&ActionPlan {
        fields: edit.fields,
        ..current.clone()
    })
    .validate()
    .map_err(AppError::Invalid)?;
    let result = state
        .store
        .update_plan(
            &Actor::user(&caller.user),
            caller.org.id,
            id,
            edit.version,
            f,
        )
        .await;
    super::saved_or_conflict(result, async {
        Ok(state.store.plan_tree(caller.org.id, id).await?.plan)
    })
    .await
}

/// GET /api/v1/priorities/{id}
pub async fn api_get_priority(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult {
    Ok(ok_json(&state.store.priority(caller.org.id, id).await?))
}

/// GET /api/v1/plan-objectives/{id}
pub async fn api_get_objective(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult {
    Ok(ok_json(
        &state.store.plan_objective(caller.org.id, id).await?,
    ))
}

/// POST /api/v1/plans/{id}/priorities
pub async fn api_create_priority(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<PriorityInput>,
) -> ApiResult {
    let f = input.validate().map_err(AppError::Invalid)?;
    Ok(created(
        &state
            .store
            .create_priority(&Actor::user(&caller.user), caller.org.id, id, f)
            .await?,
    ))
}

/// PUT or PATCH /api/v1/priorities/{id}
pub async fn api_update_priority(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    method: Method,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> ApiResult {
    let current = state.store.priority(caller.org.id, id).await?;
    let edit = json_edit::read(
        &current,
        current.version,
        &current.fields,
        &body,
        EditMode::of(&method),
    )?;
    let f = PriorityInput {
        number: Some(edit.fields.number),
        title: edit.fields.title,
    }
    .validate()
    .map_err(AppError::Invalid)?;
    let result = state
        .store
        .update_priority(
            &Actor::user(&caller.user),
            caller.org.id,
            id,
            edit.version,
            f,
        )
        .await;
    super::saved_or_conflict(result, state.store.priority(caller.org.id, id)).await
}

/// POST /api/v1/plans/{id}/objectives
pub async fn api_create_objective(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<PlanObjectiveInput>,
) -> ApiResult {
    let f = input.validate().map_err(AppError::Invalid)?;
    Ok(created(
        &state
            .store
            .create_plan_objective(&Actor::user(&caller.user), caller.org.id, id, f)
            .await?,
    ))
}

/// PUT or PATCH /api/v1/plan-objectives/{id}
pub async fn api_update_objective(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    method: Method,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> ApiResult {
    let current = state.store.plan_objective(caller.org.id, id).await?;
    let edit = json_edit::read(
        &current,
        current.version,
        &current.fields,
        &body,
        EditMode::of(&method),
    )?;
    let f = objective_input(&PlanObjective {
        fields: edit.fields,
        ..current.clone()
    })
    .validate()
    .map_err(AppError::Invalid)?;
    let result = state
        .store
        .update_plan_objective(
            &Actor::user(&caller.user),
            caller.org.id,
            id,
            edit.version,
            f,
        )
        .await;
    super::saved_or_conflict(result, state.store.plan_objective(caller.org.id, id)).await
}

#[derive(serde::Deserialize)]
pub struct GlossaryInput {
    #[serde(default)]
    term: String,
    #[serde(default)]
    meaning: String,
}

/// POST /api/v1/plans/{id}/glossary
pub async fn api_create_glossary(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<GlossaryInput>,
) -> ApiResult {
    let f = GlossaryFields::validate(&input.term, &input.meaning).map_err(AppError::Invalid)?;
    Ok(created(
        &state
            .store
            .create_glossary_entry(&Actor::user(&caller.user), caller.org.id, id, f)
            .await?,
    ))
}
