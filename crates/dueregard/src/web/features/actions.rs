//! Actions: detail with the history of updates, create, edit, and progress updates.

use super::{
    ApiJson, FormSpec, created, lead_names, may_update, ok_json, people_choices, see_other,
    show_form,
};
use crate::web::auth::{ApiCaller, SignedIn, require_update};
use crate::web::edit::{self, EditPage};
use crate::web::error::{ApiResult, AppError, PageResult};
use crate::web::form::{Choice, Field, FormData};
use crate::web::json_edit;
use crate::web::templates::{ActionPage, Chrome, RecordControls, UpdateView, progress_tag};
use crate::web::{AppState, render, today};
use axum::extract::{Path, State};
use dueregard_core::objective::EqualityObjective;
use dueregard_core::org::Person;
use dueregard_core::period::long_date;
use dueregard_core::plan::*;
use dueregard_core::progress::{self, ProgressStatus, UpdateInput};
use dueregard_core::store::{Actor, StoreError};
use dueregard_core::validate::ValidationErrors;
use dueregard_core::vocab::{Aim, ProtectedCharacteristic};

struct Context {
    tree: PlanTree,
    people: Vec<Person>,
    objectives: Vec<EqualityObjective>,
}

async fn context(state: &AppState, org: i64, plan_id: i64) -> Result<Context, AppError> {
    Ok(Context {
        tree: state.store.plan_tree(org, plan_id).await?,
        people: state.store.people(org).await?,
        objectives: state.store.objectives(org).await?,
    })
}

fn fields(cx: &Context, input: &ActionInput) -> Vec<Field> {
    let mut objectives: Vec<&PlanObjective> = cx.tree.objectives.iter().collect();
    objectives.sort_by_key(|o| code_order(&o.fields.code));
    let mut objective_choices = vec![Choice::new(
        "",
        "Select an objective",
        input.objective_id.is_none(),
    )];
    objective_choices.extend(objectives.iter().map(|o| {
        Choice::new(
            o.id,
            format!("{}. {}", o.fields.code, truncate(&o.fields.title, 90)),
            input.objective_id == Some(o.id),
        )
    }));
    let mut outcomes = vec![Choice::new(
        "",
        "None, or a new one below",
        input.outcome_id.is_none(),
    )];
    outcomes.extend(cx.tree.outcomes.iter().map(|o| {
        Choice::new(
            o.id,
            truncate(&o.fields.text, 100),
            input.outcome_id == Some(o.id),
        )
    }));
    vec![
        Field::select("objective_id", "Objective", objective_choices),
        Field::number("number", "Action number", input.number.map(|n| n.to_string()).unwrap_or_default()).hint("Optional. The number in brackets, for example 2 for (2)"),
        Field::textarea("text", "Detailed action or target", input.text.clone()),
        Field::checkboxes("lead_ids", "Lead officers", people_choices(&cx.people, &input.lead_ids)),
        Field::text("target_text", "Target date or milestones", input.target_text.clone()).hint("Write it as the plan does, for example By June 2013, Throughout year, or July 2013 to March 2014"),
        Field::select("outcome_id", "Planned outcome or performance indicator", outcomes).hint("One outcome can cover several actions"),
        Field::textarea("new_outcome", "New planned outcome", input.new_outcome.clone()).hint("Only if none of the outcomes above fits"),
        Field::checkboxes("equality_objective_ids", "Equality objectives it serves", cx.objectives.iter().map(|o| Choice::new(o.id, o.fields.title.clone(), input.equality_objective_ids.contains(&o.id))).collect()),
        Field::checkboxes("aims", "Aims of the general duty", Aim::ALL.iter().map(|a| Choice::new(a.key(), a.label(), input.aims.iter().any(|x| x == a.key()))).collect()),
        Field::checkboxes("characteristics", "Protected characteristics", ProtectedCharacteristic::ALL.iter().map(|c| Choice::new(c.key(), c.label(), input.characteristics.iter().any(|x| x == c.key()))).collect()),
        Field::textarea("local_characteristics", "Local characteristics", input.local_characteristics.join("\n")).hint("Put each one on a new line, for example rurality"),
    ]
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

fn from_form(form: &FormData, read: &mut ValidationErrors) -> ActionInput {
    ActionInput {
        objective_id: form.id(read, "objective_id", "an objective"),
        number: form.number(read, "number", "The action number"),
        text: form.text("text"),
        lead_ids: form.ids(read, "lead_ids", "lead officers"),
        target_text: form.text("target_text"),
        outcome_id: form.id(read, "outcome_id", "an outcome"),
        new_outcome: form.text("new_outcome"),
        equality_objective_ids: form.ids(read, "equality_objective_ids", "equality objectives"),
        aims: form.all("aims"),
        characteristics: form.all("characteristics"),
        local_characteristics: form
            .text("local_characteristics")
            .lines()
            .map(str::to_string)
            .collect(),
    }
}

fn from_record(a: &Action) -> ActionInput {
    let f = &a.fields;
    ActionInput {
        objective_id: Some(f.objective_id),
        number: f.number,
        text: f.text.clone(),
        lead_ids: f.lead_ids.clone(),
        target_text: f.target_text.clone(),
        outcome_id: f.outcome_id,
        new_outcome: String::new(),
        equality_objective_ids: f.equality_objective_ids.clone(),
        aims: f.aims.iter().map(|a| a.key().to_string()).collect(),
        characteristics: f
            .characteristics
            .iter()
            .map(|c| c.key().to_string())
            .collect(),
        local_characteristics: f.local_characteristics.clone(),
    }
}

pub async fn show(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let org = session.org.id;
    let action = state.store.action(org, id).await?;
    let cx = context(&state, org, action.plan_id).await?;
    let updates = state.store.updates(org, id).await?;
    let plan = &cx.tree.plan.fields;
    let objective = cx.tree.objective(action.fields.objective_id);
    let code = objective.map(|o| o.fields.code.as_str()).unwrap_or("");
    let target = action.target(plan.period);
    let f = &action.fields;
    let list = |v: Vec<String>| {
        if v.is_empty() {
            "None chosen".to_string()
        } else {
            v.join("\n")
        }
    };
    let summary = vec![
        ("Action".into(), f.text.clone()),
        (
            "Objective".into(),
            objective
                .map(|o| format!("{}. {}", o.fields.code, o.fields.title))
                .unwrap_or_default(),
        ),
        ("Lead officers".into(), lead_names(&cx.people, &f.lead_ids)),
        (
            "Target date as written".into(),
            if f.target_text.is_empty() {
                "None".into()
            } else {
                f.target_text.clone()
            },
        ),
        (
            "Milestones".into(),
            list(target.milestones.iter().map(|m| m.describe()).collect()),
        ),
        (
            "Revised date".into(),
            action.progress.revised_due.map_or_else(
                || "None: the target above stands".to_string(),
                |d| {
                    format!(
                        "{} (given in a progress update; the target above is unchanged)",
                        long_date(d)
                    )
                },
            ),
        ),
        (
            "Planned outcome".into(),
            cx.tree
                .outcome(f.outcome_id)
                .map(|o| o.fields.text.clone())
                .unwrap_or_else(|| "None".into()),
        ),
        (
            "Equality objectives it serves".into(),
            list(
                cx.objectives
                    .iter()
                    .filter(|o| f.equality_objective_ids.contains(&o.id))
                    .map(|o| o.fields.title.clone())
                    .collect(),
            ),
        ),
        (
            "Aims of the general duty".into(),
            list(f.aims.iter().map(|a| a.label().to_string()).collect()),
        ),
        (
            "Protected characteristics".into(),
            list(
                f.characteristics
                    .iter()
                    .map(|c| c.label().to_string())
                    .collect(),
            ),
        ),
        (
            "Local characteristics".into(),
            list(f.local_characteristics.clone()),
        ),
    ];
    let page = ActionPage {
        record: RecordControls {
            kind: "actions",
            noun: "action",
            id,
            version: action.version,
            back: format!("/plans/{}", action.plan_id),
        },
        chrome: Chrome::new(&session, "plans"),
        id,
        plan_id: action.plan_id,
        plan_title: plan.title.clone(),
        reference: action.reference(code),
        status: progress_tag(action.status()),
        overdue: progress::is_overdue(&target, action.progress, today()),
        can_update: may_update(&session.user, &action),
        summary,
        updates: updates
            .into_iter()
            .map(|u| UpdateView {
                date: long_date(u.fields.reported_on),
                status: progress_tag(u.fields.status),
                narrative: u.fields.narrative,
                evidence: u.fields.evidence,
                author: u.author,
                illustrative: u.fields.illustrative,
                revised: u.fields.revised_date.map(long_date),
                why_late: u.fields.why_late,
            })
            .collect(),
    };
    Ok(render(&page))
}

fn new_spec(plan: &ActionPlan) -> FormSpec {
    FormSpec {
        title: "Add an action".into(),
        caption: Some(plan.fields.title.clone()),
        action: format!("/plans/{}/actions/new", plan.id),
        submit: "Save action",
        cancel: format!("/plans/{}", plan.id),
        version: None,
    }
}

fn edit_spec(a: &Action, version: i64) -> FormSpec {
    FormSpec {
        title: "Edit action".into(),
        caption: Some(truncate(&a.fields.text, 80)),
        action: format!("/actions/{}/edit", a.id),
        submit: "Save changes",
        cancel: format!("/actions/{}", a.id),
        version: Some(version),
    }
}

/// Adding an action to a plan.
pub struct ActionAdd(Context);

impl edit::AddPage for ActionAdd {
    const SECTION: &'static str = "plans";
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        let [plan] = ids else {
            return Err(AppError::NotFound);
        };
        Ok(ActionAdd(context(state, org, *plan).await?))
    }
    fn spec(&self) -> FormSpec {
        new_spec(&self.0.tree.plan)
    }
    fn blank(&self) -> Vec<Field> {
        fields(&self.0, &ActionInput::default())
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        fields(&self.0, &from_form(form, &mut ValidationErrors::new()))
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let mut read = ValidationErrors::new();
        let input = from_form(form, &mut read);
        let (f, outcome) = read.and(input.validate()).map_err(StoreError::Invalid)?;
        let (org, plan) = (session.org.id, self.0.tree.plan.id);
        let actor = Actor::user(&session.user);
        let a = state
            .store
            .create_action(&actor, org, plan, f, outcome)
            .await?;
        Ok(format!("/actions/{}", a.id))
    }
}

/// Editing one action, with the plan it sits in for the form's choices.
pub struct ActionEdit {
    org: i64,
    id: i64,
    cx: Context,
}

impl ActionEdit {
    async fn new(state: &AppState, org: i64, id: i64) -> Result<ActionEdit, AppError> {
        let action = state.store.action(org, id).await?;
        let cx = context(state, org, action.plan_id).await?;
        Ok(ActionEdit { org, id, cx })
    }
}

impl EditPage for ActionEdit {
    type Record = Action;
    const ENTITY: &'static str = "action";
    const SECTION: &'static str = "plans";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, a: &Action) -> FormSpec {
        edit_spec(a, a.version)
    }
    fn fields_of(&self, a: &Action) -> Vec<Field> {
        fields(&self.cx, &from_record(a))
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        fields(&self.cx, &from_form(form, &mut ValidationErrors::new()))
    }
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        ActionEdit::new(state, org, edit::record_id(ids)?).await
    }
    async fn load(&self, state: &AppState) -> Result<Action, StoreError> {
        state.store.action(self.org, self.id).await
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        let mut read = ValidationErrors::new();
        let input = from_form(form, &mut read);
        let (f, outcome) = read.and(input.validate()).map_err(StoreError::Invalid)?;
        state
            .store
            .update_action(
                &Actor::user(&session.user),
                self.org,
                self.id,
                version,
                f,
                outcome,
            )
            .await?;
        Ok(format!("/actions/{}", self.id))
    }
}

fn update_fields(input: &UpdateInput) -> Vec<Field> {
    vec![
        Field::radios("status", "How is the action going?", ProgressStatus::ALL.iter().map(|s| Choice::new(s.key(), progress_tag(*s).label, input.status == s.key())).collect()),
        Field::textarea("narrative", "What has happened since the last update?", input.narrative.clone()).hint("Say what was done, what it achieved and, if it is at risk or off track, why and what will be done"),
        Field::date("reported_on", "Date of the update", &input.reported_on).hint("Leave empty for today. For example, 30 9 2026"),
        Field::textarea("evidence", "Evidence", input.evidence.clone()).hint("Optional. Links or references to reports, minutes or web pages. Put each one on a new line"),
        Field::date("revised_date", "Revised date (if the action will be late)", &input.revised_date).hint("Optional. The date it will now be done by. The target in the plan stays as it is, beside this one. For example, 31 3 2027"),
        Field::textarea("why_late", "Why it is late, or why the date has moved", input.why_late.clone()).hint("Needed with a revised date"),
    ]
}

fn update_spec(a: &Action, reference: &str) -> FormSpec {
    FormSpec {
        title: format!("Report progress on {reference}"),
        caption: Some(truncate(&a.fields.text, 80)),
        action: format!("/actions/{}/updates/new", a.id),
        submit: "Save update",
        cancel: format!("/actions/{}", a.id),
        version: None,
    }
}

async fn reference(state: &AppState, org: i64, a: &Action) -> Result<String, AppError> {
    let tree = state.store.plan_tree(org, a.plan_id).await?;
    Ok(a.reference(
        tree.objective(a.fields.objective_id)
            .map(|o| o.fields.code.as_str())
            .unwrap_or(""),
    ))
}

pub async fn new_update_form(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let action = state.store.action(session.org.id, id).await?;
    require_update(&session.user, &action)?;
    let r = reference(&state, session.org.id, &action).await?;
    Ok(show_form(
        &session,
        "plans",
        update_spec(&action, &r),
        update_fields(&UpdateInput::default()),
        &ValidationErrors::new(),
    ))
}

pub async fn create_update(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let action = state.store.action(session.org.id, id).await?;
    require_update(&session.user, &action)?;
    let input = UpdateInput {
        reported_on: form.date("reported_on"),
        status: form.text("status"),
        narrative: form.text("narrative"),
        evidence: form.text("evidence"),
        why_late: form.text("why_late"),
        revised_date: form.date("revised_date"),
    };
    match input.validate(today()) {
        Ok(f) => {
            state
                .store
                .add_update(&Actor::user(&session.user), session.org.id, id, f)
                .await?;
            see_other(format!("/actions/{id}"))
        }
        Err(e) => {
            let r = reference(&state, session.org.id, &action).await?;
            Ok(show_form(
                &session,
                "plans",
                update_spec(&action, &r),
                update_fields(&input),
                &e,
            ))
        }
    }
}

/// POST /api/v1/plans/{id}/actions
pub async fn api_create(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(plan_id): Path<i64>,
    ApiJson(input): ApiJson<ActionInput>,
) -> ApiResult {
    let (f, outcome) = input.validate().map_err(AppError::Invalid)?;
    Ok(created(
        &state
            .store
            .create_action(
                &Actor::user(&caller.user),
                caller.org.id,
                plan_id,
                f,
                outcome,
            )
            .await?,
    ))
}

/// An action, as the API reads and changes it.
pub struct ActionApi;

impl json_edit::ApiRecord for ActionApi {
    type Shown = Action;
    type Fields = ActionFields;
    type Saved = Action;
    async fn load(state: &AppState, org: i64, id: i64) -> Result<Action, StoreError> {
        state.store.action(org, id).await
    }
    fn editable(r: &Action) -> (i64, &ActionFields) {
        (r.version, &r.fields)
    }
    async fn save(
        state: &AppState,
        actor: &Actor,
        org: i64,
        r: &Action,
        version: i64,
        fields: ActionFields,
    ) -> Result<Action, StoreError> {
        let (f, _) = from_record(&Action {
            fields,
            ..r.clone()
        })
        .validate()
        .map_err(StoreError::Invalid)?;
        state
            .store
            .update_action(actor, org, r.id, version, f, None)
            .await
    }
}

/// GET /api/v1/actions/{id}/updates
pub async fn api_updates(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult {
    state.store.action(caller.org.id, id).await?;
    Ok(ok_json(&state.store.updates(caller.org.id, id).await?))
}

/// POST /api/v1/actions/{id}/updates
pub async fn api_create_update(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<UpdateInput>,
) -> ApiResult {
    let action = state.store.action(caller.org.id, id).await?;
    require_update(&caller.user, &action)?;
    let f = input.validate(today()).map_err(AppError::Invalid)?;
    Ok(created(
        &state
            .store
            .add_update(&Actor::user(&caller.user), caller.org.id, id, f)
            .await?,
    ))
}
