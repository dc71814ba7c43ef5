//! Equality objectives: list, detail (with every action that serves them), create, edit.

use super::{ApiJson, FormSpec, action_row_view, created, ok_json};
use crate::web::auth::{ApiCaller, SignedIn};
use crate::web::edit::{self, EditPage};
use crate::web::error::{ApiResult, AppError, PageResult};
use crate::web::form::{Choice, Field, FormData};
use crate::web::json_edit;
use crate::web::templates::{Chrome, ObjectiveLine, ObjectivePage, ObjectivesPage, RecordControls};
use crate::web::{AppState, render};
use axum::extract::{Path, State};
use dueregard_core::objective::{
    EqualityObjective, ObjectiveFields, ObjectiveInput, ObjectiveStatus,
};
use dueregard_core::period::long_date;
use dueregard_core::record::Versioned;
use dueregard_core::store::{Actor, StoreError};
use dueregard_core::vocab::{Aim, ProtectedCharacteristic};

fn fields(input: &ObjectiveInput) -> Vec<Field> {
    let status = if input.status.is_empty() {
        "draft"
    } else {
        input.status.as_str()
    };
    vec![
        Field::text("title", "Title", input.title.clone()),
        Field::textarea("description", "Description", input.description.clone()),
        Field::radios(
            "status",
            "Status",
            ObjectiveStatus::ALL
                .iter()
                .map(|s| Choice::new(s.key(), s.label(), s.key() == status))
                .collect(),
        ),
        Field::date(
            "period_start",
            "Start of the period it covers",
            &input.period_start,
        ),
        Field::date(
            "period_end",
            "End of the period it covers",
            &input.period_end,
        ),
        Field::text("approved_by", "Approved by", input.approved_by.clone())
            .hint("The decision that approved it, for example Cabinet, 12 February 2013"),
        Field::date("approved_on", "Date approved", &input.approved_on),
        Field::checkboxes(
            "aims",
            "Aims of the general duty it serves",
            Aim::ALL
                .iter()
                .map(|a| Choice::new(a.key(), a.label(), input.aims.iter().any(|x| x == a.key())))
                .collect(),
        ),
        Field::checkboxes(
            "characteristics",
            "Protected characteristics it serves",
            ProtectedCharacteristic::ALL
                .iter()
                .map(|c| {
                    Choice::new(
                        c.key(),
                        c.label(),
                        input.characteristics.iter().any(|x| x == c.key()),
                    )
                })
                .collect(),
        ),
        Field::textarea(
            "local_characteristics",
            "Local characteristics it serves",
            input.local_characteristics.join("\n"),
        )
        .hint("Put each one on a new line, for example rurality or carers"),
    ]
}

fn from_form(form: &FormData) -> ObjectiveInput {
    ObjectiveInput {
        title: form.text("title"),
        description: form.text("description"),
        period_start: form.date("period_start"),
        period_end: form.date("period_end"),
        status: form.text("status"),
        approved_by: form.text("approved_by"),
        approved_on: form.date("approved_on"),
        aims: form.all("aims"),
        characteristics: form.all("characteristics"),
        local_characteristics: form
            .text("local_characteristics")
            .lines()
            .map(str::to_string)
            .collect(),
    }
}

fn from_record(o: &EqualityObjective) -> ObjectiveInput {
    let f = &o.fields;
    ObjectiveInput {
        title: f.title.clone(),
        description: f.description.clone().unwrap_or_default(),
        period_start: f.period.map(|p| p.start.to_string()).unwrap_or_default(),
        period_end: f.period.map(|p| p.end.to_string()).unwrap_or_default(),
        status: f.status.key().into(),
        approved_by: f.approved_by.clone().unwrap_or_default(),
        approved_on: f.approved_on.map(|d| d.to_string()).unwrap_or_default(),
        aims: f.aims.iter().map(|a| a.key().to_string()).collect(),
        characteristics: f
            .characteristics
            .iter()
            .map(|c| c.key().to_string())
            .collect(),
        local_characteristics: f.local_characteristics.clone(),
    }
}

pub async fn list(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let objectives = state.store.objectives(session.org.id).await?;
    let lines = objectives
        .iter()
        .map(|o| ObjectiveLine {
            id: o.id,
            title: o.fields.title.clone(),
            status: o.fields.status.label().into(),
            refresh: o
                .refresh_deadline(session.org.nation)
                .map(long_date)
                .unwrap_or_else(|| "Not approved yet".into()),
        })
        .collect();
    Ok(render(&ObjectivesPage {
        chrome: Chrome::new(&session, "objectives"),
        objectives: lines,
    }))
}

pub async fn show(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let o = state.store.objective(session.org.id, id).await?;
    let plans = state.store.plan_rows(session.org.id).await?;
    let rows = state
        .store
        .actions_for_objective(session.org.id, id)
        .await?
        .iter()
        .map(|r| action_row_view(r, &plans, &session.user, None))
        .collect();
    let f = &o.fields;
    let list = |v: Vec<&str>| {
        if v.is_empty() {
            "None chosen".to_string()
        } else {
            v.join("\n")
        }
    };
    let summary = vec![
        ("Status".into(), f.status.label().into()),
        (
            "Description".into(),
            f.description.clone().unwrap_or_else(|| "None".into()),
        ),
        (
            "Period".into(),
            f.period
                .map(|p| format!("{} to {}", long_date(p.start), long_date(p.end)))
                .unwrap_or_else(|| "Not set".into()),
        ),
        (
            "Approved by".into(),
            f.approved_by
                .clone()
                .unwrap_or_else(|| "Not recorded".into()),
        ),
        (
            "Date approved".into(),
            f.approved_on
                .map(long_date)
                .unwrap_or_else(|| "Not approved".into()),
        ),
        (
            "Must be refreshed by".into(),
            o.refresh_deadline(session.org.nation)
                .map(long_date)
                .unwrap_or_else(|| "Set when approved".into()),
        ),
        (
            "Aims of the general duty".into(),
            list(f.aims.iter().map(|a| a.label()).collect()),
        ),
        (
            "Protected characteristics".into(),
            list(f.characteristics.iter().map(|c| c.label()).collect()),
        ),
        (
            "Local characteristics".into(),
            list(f.local_characteristics.iter().map(String::as_str).collect()),
        ),
    ];
    Ok(render(&ObjectivePage {
        record: RecordControls {
            kind: "objectives",
            noun: "equality objective",
            id,
            version: o.version,
            back: "/objectives".into(),
        },
        chrome: Chrome::new(&session, "objectives"),
        id,
        title: f.title.clone(),
        summary,
        rows,
    }))
}

fn new_spec() -> FormSpec {
    FormSpec {
        title: "Add an equality objective".into(),
        caption: None,
        action: "/objectives/new".into(),
        submit: "Save objective",
        cancel: "/objectives".into(),
        version: None,
    }
}

fn edit_spec(o: &EqualityObjective, version: i64) -> FormSpec {
    FormSpec {
        title: "Edit equality objective".into(),
        caption: Some(o.fields.title.clone()),
        action: format!("/objectives/{}/edit", o.id),
        submit: "Save changes",
        cancel: format!("/objectives/{}", o.id),
        version: Some(version),
    }
}

/// Adding an equality objective.
pub struct ObjectiveAdd;

impl edit::AddPage for ObjectiveAdd {
    const SECTION: &'static str = "objectives";
    async fn locate(_: &AppState, _: i64, _: &[i64]) -> Result<Self, AppError> {
        Ok(ObjectiveAdd)
    }
    fn spec(&self) -> FormSpec {
        new_spec()
    }
    fn blank(&self) -> Vec<Field> {
        fields(&ObjectiveInput::default())
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        fields(&from_form(form))
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let f = from_form(form)
            .validate(None)
            .map_err(StoreError::Invalid)?;
        let o = state
            .store
            .create_objective(&Actor::user(&session.user), session.org.id, f)
            .await?;
        Ok(format!("/objectives/{}", o.id))
    }
}

/// Editing one equality objective.
pub struct ObjectiveEdit {
    org: i64,
    id: i64,
}

impl EditPage for ObjectiveEdit {
    type Record = EqualityObjective;
    const ENTITY: &'static str = "equality objective";
    const SECTION: &'static str = "objectives";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, o: &EqualityObjective) -> FormSpec {
        edit_spec(o, o.version)
    }
    fn fields_of(&self, o: &EqualityObjective) -> Vec<Field> {
        fields(&from_record(o))
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        fields(&from_form(form))
    }
    async fn locate(_: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        Ok(ObjectiveEdit {
            org,
            id: edit::record_id(ids)?,
        })
    }
    async fn load(&self, state: &AppState) -> Result<EqualityObjective, StoreError> {
        state.store.objective(self.org, self.id).await
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        let current = self.load(state).await?;
        let valid = from_form(form)
            .validate(Some(current.fields.status))
            .map_err(StoreError::Invalid)?;
        state
            .store
            .update_objective(
                &Actor::user(&session.user),
                session.org.id,
                self.id,
                version,
                valid,
            )
            .await?;
        Ok(format!("/objectives/{}", self.id))
    }
}

/// GET /api/v1/objectives
pub async fn api_list(State(state): State<AppState>, caller: ApiCaller) -> ApiResult {
    Ok(ok_json(&state.store.objectives(caller.org.id).await?))
}

/// An equality objective, as the API reads and changes it.
pub struct ObjectiveApi;

impl json_edit::ApiRecord for ObjectiveApi {
    type Shown = EqualityObjective;
    type Fields = ObjectiveFields;
    type Saved = EqualityObjective;
    async fn load(state: &AppState, org: i64, id: i64) -> Result<EqualityObjective, StoreError> {
        state.store.objective(org, id).await
    }
    fn editable(r: &EqualityObjective) -> (i64, &ObjectiveFields) {
        (r.version, &r.fields)
    }
    async fn save(
        state: &AppState,
        actor: &Actor,
        org: i64,
        r: &EqualityObjective,
        version: i64,
        fields: ObjectiveFields,
    ) -> Result<EqualityObjective, StoreError> {
        let f = from_record(&r.with_fields(fields))
            .validate(Some(r.fields.status))
            .map_err(StoreError::Invalid)?;
        state
            .store
            .update_objective(actor, org, r.id, version, f)
            .await
    }
}

/// POST /api/v1/objectives
pub async fn api_create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<ObjectiveInput>,
) -> ApiResult {
    let f = input.validate(None).map_err(AppError::Invalid)?;
    Ok(created(
        &state
            .store
            .create_objective(&Actor::user(&caller.user), caller.org.id, f)
            .await?,
    ))
}
