//! The parts of an action plan: priorities, objectives (CE1 …) and glossary entries.

use super::{ApiJson, FormSpec, created, people_choices};
use crate::web::AppState;
use crate::web::auth::{ApiCaller, SignedIn};
use crate::web::edit::{self, EditPage};
use crate::web::error::{ApiResult, AppError};
use crate::web::form::{Choice, Field, FormData};
use crate::web::json_edit;
use axum::extract::{Path, State};
use dueregard_core::org::Person;
use dueregard_core::plan::*;
use dueregard_core::record::Versioned;
use dueregard_core::store::{Actor, StoreError};
use dueregard_core::validate::ValidationErrors;

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

/// Adding a priority to a plan.
pub struct PriorityAdd {
    tree: PlanTree,
}

impl edit::AddPage for PriorityAdd {
    const SECTION: &'static str = "plans";
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        let [plan] = ids else {
            return Err(AppError::NotFound);
        };
        Ok(PriorityAdd {
            tree: state.store.plan_tree(org, *plan).await?,
        })
    }
    fn spec(&self) -> FormSpec {
        priority_spec(&self.tree.plan)
    }
    /// Suggests the number after the highest there is.
    fn blank(&self) -> Vec<Field> {
        let priorities = self.tree.priorities.iter();
        let next = priorities.map(|p| p.fields.number).max().unwrap_or(0) + 1;
        priority_fields(&next.to_string(), "")
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        priority_fields(&form.text("number"), &form.text("title"))
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let mut read = ValidationErrors::new();
        let input = PriorityInput {
            number: form.number(&mut read, "number", "The priority number"),
            title: form.text("title"),
        };
        let f = read.and(input.validate()).map_err(StoreError::Invalid)?;
        let (org, plan) = (session.org.id, self.tree.plan.id);
        let actor = Actor::user(&session.user);
        state.store.create_priority(&actor, org, plan, f).await?;
        Ok(format!("/plans/{plan}"))
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
    fn spec(&self, p: &Priority) -> FormSpec {
        edit_priority_spec(&self.plan, p, p.version)
    }
    fn fields_of(&self, p: &Priority) -> Vec<Field> {
        priority_fields(&p.fields.number.to_string(), &p.fields.title)
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        priority_fields(&form.text("number"), &form.text("title"))
    }
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        let (plan, id) = edit::plan_and_record(ids)?;
        priority_edit(state, org, plan, id).await
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
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        let (plan, id) = edit::plan_and_record(ids)?;
        plan_objective_edit(state, org, plan, id).await
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

/// Adding an objective (CE1 …) to a plan, with its priorities and the people who may lead it.
pub struct PlanObjectiveAdd {
    tree: PlanTree,
    people: Vec<Person>,
}

fn plan_objective_from_form(form: &FormData, read: &mut ValidationErrors) -> PlanObjectiveInput {
    PlanObjectiveInput {
        priority_id: form.id(read, "priority_id", "a priority"),
        code: form.text("code"),
        title: form.text("title"),
        lead_ids: form.ids(read, "lead_ids", "lead officers"),
    }
}

impl edit::AddPage for PlanObjectiveAdd {
    const SECTION: &'static str = "plans";
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        let [plan] = ids else {
            return Err(AppError::NotFound);
        };
        Ok(PlanObjectiveAdd {
            tree: state.store.plan_tree(org, *plan).await?,
            people: state.store.people(org).await?,
        })
    }
    fn spec(&self) -> FormSpec {
        objective_spec(&self.tree.plan)
    }
    /// Suggests the next code in the plan's series (CE3 after CE2).
    fn blank(&self) -> Vec<Field> {
        let next = self.tree.objectives.len() + 1;
        let input = PlanObjectiveInput {
            code: format!("{}{next}", prefix(&self.tree)),
            ..Default::default()
        };
        objective_fields(&self.tree, &self.people, &input)
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        let input = plan_objective_from_form(form, &mut ValidationErrors::new());
        objective_fields(&self.tree, &self.people, &input)
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let mut read = ValidationErrors::new();
        let input = plan_objective_from_form(form, &mut read);
        let f = read.and(input.validate()).map_err(StoreError::Invalid)?;
        let (org, plan) = (session.org.id, self.tree.plan.id);
        let actor = Actor::user(&session.user);
        state
            .store
            .create_plan_objective(&actor, org, plan, f)
            .await?;
        Ok(format!("/plans/{plan}"))
    }
}

/// The letters the plan's codes start with ("CE"), to suggest the next code.
fn prefix(tree: &PlanTree) -> String {
    tree.objectives
        .first()
        .map(|o| code_order(&o.fields.code).0)
        .unwrap_or_default()
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

/// Adding an abbreviation to a plan's glossary.
pub struct GlossaryAdd {
    plan: ActionPlan,
}

impl edit::AddPage for GlossaryAdd {
    const SECTION: &'static str = "plans";
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        let [plan] = ids else {
            return Err(AppError::NotFound);
        };
        Ok(GlossaryAdd {
            plan: state.store.plan_tree(org, *plan).await?.plan,
        })
    }
    fn spec(&self) -> FormSpec {
        glossary_spec(&self.plan)
    }
    fn blank(&self) -> Vec<Field> {
        glossary_fields("", "")
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        glossary_fields(&form.text("term"), &form.text("meaning"))
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let f = GlossaryFields::validate(&form.text("term"), &form.text("meaning"))
            .map_err(StoreError::Invalid)?;
        let (org, plan) = (session.org.id, self.plan.id);
        let actor = Actor::user(&session.user);
        state
            .store
            .create_glossary_entry(&actor, org, plan, f)
            .await?;
        Ok(format!("/plans/{plan}"))
    }
}

/// Changing one glossary entry of a plan.
pub struct GlossaryEdit {
    org: i64,
    id: i64,
    plan: ActionPlan,
}

impl EditPage for GlossaryEdit {
    type Record = GlossaryEntry;
    const ENTITY: &'static str = "glossary entry";
    const SECTION: &'static str = "plans";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, g: &GlossaryEntry) -> FormSpec {
        FormSpec {
            title: format!("Change {}", g.fields.term),
            caption: Some(self.plan.fields.title.clone()),
            action: format!("/plans/{}/glossary/{}/edit", self.plan.id, g.id),
            submit: "Save changes",
            cancel: format!("/plans/{}", self.plan.id),
            version: Some(g.version),
        }
    }
    fn fields_of(&self, g: &GlossaryEntry) -> Vec<Field> {
        glossary_fields(&g.fields.term, &g.fields.meaning)
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        glossary_fields(&form.text("term"), &form.text("meaning"))
    }
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        let (plan, id) = edit::plan_and_record(ids)?;
        glossary_edit(state, org, plan, id).await
    }
    async fn load(&self, state: &AppState) -> Result<GlossaryEntry, StoreError> {
        let g = state.store.glossary_entry(self.org, self.id).await?;
        if g.plan_id == self.plan.id {
            Ok(g)
        } else {
            Err(StoreError::NotFound("glossary entry"))
        }
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        let f = GlossaryFields::validate(&form.text("term"), &form.text("meaning"))
            .map_err(StoreError::Invalid)?;
        let actor = Actor::user(&session.user);
        state
            .store
            .update_glossary_entry(&actor, self.org, self.id, version, f)
            .await?;
        Ok(format!("/plans/{}#glossary", self.plan.id))
    }
}

async fn glossary_edit(
    state: &AppState,
    org: i64,
    plan_id: i64,
    id: i64,
) -> Result<GlossaryEdit, AppError> {
    let plan = state.store.plan_tree(org, plan_id).await?.plan;
    Ok(GlossaryEdit { org, id, plan })
}

/// A glossary entry, as the API reads and changes it.
pub struct GlossaryApi;

impl json_edit::ApiRecord for GlossaryApi {
    type Shown = GlossaryEntry;
    type Fields = GlossaryFields;
    type Saved = GlossaryEntry;
    async fn load(state: &AppState, org: i64, id: i64) -> Result<GlossaryEntry, StoreError> {
        state.store.glossary_entry(org, id).await
    }
    fn editable(r: &GlossaryEntry) -> (i64, &GlossaryFields) {
        (r.version, &r.fields)
    }
    async fn save(
        state: &AppState,
        actor: &Actor,
        org: i64,
        r: &GlossaryEntry,
        version: i64,
        fields: GlossaryFields,
    ) -> Result<GlossaryEntry, StoreError> {
        let f =
            GlossaryFields::validate(&fields.term, &fields.meaning).map_err(StoreError::Invalid)?;
        state
            .store
            .update_glossary_entry(actor, org, r.id, version, f)
            .await
    }
}

/// A priority, as the API reads and changes it.
pub struct PriorityApi;

impl json_edit::ApiRecord for PriorityApi {
    type Shown = Priority;
    type Fields = PriorityFields;
    type Saved = Priority;
    async fn load(state: &AppState, org: i64, id: i64) -> Result<Priority, StoreError> {
        state.store.priority(org, id).await
    }
    fn editable(r: &Priority) -> (i64, &PriorityFields) {
        (r.version, &r.fields)
    }
    async fn save(
        state: &AppState,
        actor: &Actor,
        org: i64,
        r: &Priority,
        version: i64,
        fields: PriorityFields,
    ) -> Result<Priority, StoreError> {
        let f = PriorityInput {
            number: Some(fields.number),
            title: fields.title,
        }
        .validate()
        .map_err(StoreError::Invalid)?;
        state
            .store
            .update_priority(actor, org, r.id, version, f)
            .await
    }
}

/// An objective in a plan, as the API reads and changes it.
pub struct PlanObjectiveApi;

impl json_edit::ApiRecord for PlanObjectiveApi {
    type Shown = PlanObjective;
    type Fields = PlanObjectiveFields;
    type Saved = PlanObjective;
    async fn load(state: &AppState, org: i64, id: i64) -> Result<PlanObjective, StoreError> {
        state.store.plan_objective(org, id).await
    }
    fn editable(r: &PlanObjective) -> (i64, &PlanObjectiveFields) {
        (r.version, &r.fields)
    }
    async fn save(
        state: &AppState,
        actor: &Actor,
        org: i64,
        r: &PlanObjective,
        version: i64,
        fields: PlanObjectiveFields,
    ) -> Result<PlanObjective, StoreError> {
        let f = objective_input(&r.with_fields(fields))
            .validate()
            .map_err(StoreError::Invalid)?;
        state
            .store
            .update_plan_objective(actor, org, r.id, version, f)
            .await
    }
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

#[derive(serde::Deserialize, schemars::JsonSchema)]
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
