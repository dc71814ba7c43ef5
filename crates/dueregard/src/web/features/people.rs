//! People (officers and elected members), directorates, committees and local characteristics.

use super::{ApiJson, FormSpec, created, ok_json};
use crate::web::auth::{ApiCaller, SignedIn};
use crate::web::edit::{self, EditPage};
use crate::web::error::{ApiResult, AppError, PageResult};
use crate::web::form::{Choice, Field, FormData};
use crate::web::json_edit;
use crate::web::templates::{Chrome, PeoplePage, PersonLine};
use crate::web::{AppState, render};
use axum::extract::State;
use dueregard_core::org::*;
use dueregard_core::record::Versioned;
use dueregard_core::store::{Actor, StoreError};
use dueregard_core::validate::ValidationErrors;
use dueregard_core::vocab::PersonKind;

pub async fn page(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let org = session.org.id;
    let directorates = state.store.directorates(org).await?;
    let people = state.store.people(org).await?;
    let lines = people
        .iter()
        .map(|p| {
            let f = &p.fields;
            let role = match (f.kind, &f.portfolio, &f.job_title) {
                (PersonKind::Member, Some(portfolio), _) => format!("Elected member, {portfolio}"),
                (PersonKind::Member, None, _) => "Elected member".into(),
                (PersonKind::Officer, _, Some(job)) => job.clone(),
                (PersonKind::Officer, _, None) => "Officer".into(),
            };
            PersonLine {
                id: p.id,
                name: f.name.clone(),
                initials: f.initials.clone().unwrap_or_default(),
                role,
                directorate: f
                    .directorate_id
                    .and_then(|d| directorates.iter().find(|x| x.id == d))
                    .map(|d| d.fields.name.clone())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let page = PeoplePage {
        chrome: Chrome::new(&session, "people"),
        people: lines,
        directorates: directorates
            .iter()
            .map(|d| {
                (
                    d.id,
                    d.fields.name.clone(),
                    if d.fields.services.is_empty() {
                        "No services listed".into()
                    } else {
                        d.fields.services.join(", ")
                    },
                )
            })
            .collect(),
        committees: state
            .store
            .committees(org)
            .await?
            .into_iter()
            .map(|c| (c.id, c.fields.name, c.fields.kind.label().to_string()))
            .collect(),
        local: state
            .store
            .local_characteristics(org)
            .await?
            .into_iter()
            .map(|l| {
                (
                    l.id,
                    l.fields.name,
                    l.fields.description.unwrap_or_default(),
                )
            })
            .collect(),
    };
    Ok(render(&page))
}

fn person_fields(input: &PersonInput, directorates: &[Directorate]) -> Vec<Field> {
    let kind = if input.kind.is_empty() {
        "officer"
    } else {
        input.kind.as_str()
    };
    let mut dir = vec![Choice::new("", "None", input.directorate_id.is_none())];
    dir.extend(directorates.iter().map(|d| {
        Choice::new(
            d.id,
            d.fields.name.clone(),
            input.directorate_id == Some(d.id),
        )
    }));
    vec![
        Field::text("name", "Full name", input.name.clone()),
        Field::short("initials", "Initials", input.initials.clone())
            .hint("As used in action plans, for example SM"),
        Field::radios(
            "kind",
            "Officer or elected member",
            PersonKind::ALL
                .iter()
                .map(|k| Choice::new(k.key(), k.label(), k.key() == kind))
                .collect(),
        ),
        Field::text("job_title", "Job title", input.job_title.clone()),
        Field::select("directorate_id", "Directorate", dir),
        Field::text("portfolio", "Portfolio", input.portfolio.clone())
            .hint("Elected members only, for example Customer Services and Communications"),
    ]
}

fn person_from_form(form: &FormData, read: &mut ValidationErrors) -> PersonInput {
    PersonInput {
        name: form.text("name"),
        initials: form.text("initials"),
        job_title: form.text("job_title"),
        directorate_id: form.id(read, "directorate_id", "a directorate"),
        kind: form.text("kind"),
        portfolio: form.text("portfolio"),
    }
}

fn person_from_record(p: &Person) -> PersonInput {
    let f = &p.fields;
    PersonInput {
        name: f.name.clone(),
        initials: f.initials.clone().unwrap_or_default(),
        job_title: f.job_title.clone().unwrap_or_default(),
        directorate_id: f.directorate_id,
        kind: f.kind.key().into(),
        portfolio: f.portfolio.clone().unwrap_or_default(),
    }
}

fn new_person_spec() -> FormSpec {
    FormSpec {
        title: "Add a person".into(),
        caption: None,
        action: "/people/new".into(),
        submit: "Save person",
        cancel: "/people".into(),
        version: None,
    }
}

fn edit_person_spec(p: &Person, version: i64) -> FormSpec {
    FormSpec {
        title: "Edit person".into(),
        caption: Some(p.fields.name.clone()),
        action: format!("/people/{}/edit", p.id),
        submit: "Save changes",
        cancel: "/people".into(),
        version: Some(version),
    }
}

/// Adding a person, with the directorates to choose from.
pub struct PersonAdd {
    directorates: Vec<Directorate>,
}

impl edit::AddPage for PersonAdd {
    const SECTION: &'static str = "people";
    async fn locate(state: &AppState, org: i64, _: &[i64]) -> Result<Self, AppError> {
        Ok(PersonAdd {
            directorates: state.store.directorates(org).await?,
        })
    }
    fn spec(&self) -> FormSpec {
        new_person_spec()
    }
    fn blank(&self) -> Vec<Field> {
        person_fields(&PersonInput::default(), &self.directorates)
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        person_fields(
            &person_from_form(form, &mut ValidationErrors::new()),
            &self.directorates,
        )
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let mut read = ValidationErrors::new();
        let input = person_from_form(form, &mut read);
        let f = read.and(input.validate()).map_err(StoreError::Invalid)?;
        state
            .store
            .create_person(&Actor::user(&session.user), session.org.id, f)
            .await?;
        Ok("/people".into())
    }
}

/// Editing one person, with the directorates to choose from.
pub struct PersonEdit {
    org: i64,
    id: i64,
    directorates: Vec<Directorate>,
}

impl EditPage for PersonEdit {
    type Record = Person;
    const ENTITY: &'static str = "person";
    const SECTION: &'static str = "people";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, p: &Person) -> FormSpec {
        edit_person_spec(p, p.version)
    }
    fn fields_of(&self, p: &Person) -> Vec<Field> {
        person_fields(&person_from_record(p), &self.directorates)
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        person_fields(
            &person_from_form(form, &mut ValidationErrors::new()),
            &self.directorates,
        )
    }
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        person_edit(state, org, edit::record_id(ids)?).await
    }
    async fn load(&self, state: &AppState) -> Result<Person, StoreError> {
        state.store.person(self.org, self.id).await
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        let mut read = ValidationErrors::new();
        let input = person_from_form(form, &mut read);
        let f = read.and(input.validate()).map_err(StoreError::Invalid)?;
        state
            .store
            .update_person(&Actor::user(&session.user), self.org, self.id, version, f)
            .await?;
        Ok("/people".into())
    }
}

async fn person_edit(state: &AppState, org: i64, id: i64) -> Result<PersonEdit, AppError> {
    Ok(PersonEdit {
        org,
        id,
        directorates: state.store.directorates(org).await?,
    })
}

fn directorate_fields(name: &str, services: &str) -> Vec<Field> {
    vec![
        Field::text("name", "Name", name),
        Field::textarea("services", "Services", services)
            .hint("Put each one on a new line, for example Community safety"),
    ]
}

fn new_directorate_spec() -> FormSpec {
    FormSpec {
        title: "Add a directorate".into(),
        caption: None,
        action: "/directorates/new".into(),
        submit: "Save directorate",
        cancel: "/people".into(),
        version: None,
    }
}

fn edit_directorate_spec(d: &Directorate, version: i64) -> FormSpec {
    FormSpec {
        title: "Edit directorate".into(),
        caption: Some(d.fields.name.clone()),
        action: format!("/directorates/{}/edit", d.id),
        submit: "Save changes",
        cancel: "/people".into(),
        version: Some(version),
    }
}

/// Adding a directorate.
pub struct DirectorateAdd;

impl edit::AddPage for DirectorateAdd {
    const SECTION: &'static str = "people";
    async fn locate(_: &AppState, _: i64, _: &[i64]) -> Result<Self, AppError> {
        Ok(DirectorateAdd)
    }
    fn spec(&self) -> FormSpec {
        new_directorate_spec()
    }
    fn blank(&self) -> Vec<Field> {
        directorate_fields("", "")
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        directorate_fields(&form.text("name"), &form.text("services"))
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let f = DirectorateFields::validate(&form.text("name"), &form.text("services"))
            .map_err(StoreError::Invalid)?;
        state
            .store
            .create_directorate(&Actor::user(&session.user), session.org.id, f)
            .await?;
        Ok("/people".into())
    }
}

/// Editing one directorate.
pub struct DirectorateEdit {
    org: i64,
    id: i64,
}

impl EditPage for DirectorateEdit {
    type Record = Directorate;
    const ENTITY: &'static str = "directorate";
    const SECTION: &'static str = "people";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, d: &Directorate) -> FormSpec {
        edit_directorate_spec(d, d.version)
    }
    fn fields_of(&self, d: &Directorate) -> Vec<Field> {
        directorate_fields(&d.fields.name, &d.fields.services.join("\n"))
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        directorate_fields(&form.text("name"), &form.text("services"))
    }
    async fn locate(_: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        Ok(DirectorateEdit {
            org,
            id: edit::record_id(ids)?,
        })
    }
    async fn load(&self, state: &AppState) -> Result<Directorate, StoreError> {
        state
            .store
            .directorates(self.org)
            .await?
            .into_iter()
            .find(|d| d.id == self.id)
            .ok_or(StoreError::NotFound("directorate"))
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        let f = DirectorateFields::validate(&form.text("name"), &form.text("services"))
            .map_err(StoreError::Invalid)?;
        state
            .store
            .update_directorate(&Actor::user(&session.user), self.org, self.id, version, f)
            .await?;
        Ok("/people".into())
    }
}

/// GET /api/v1/people
pub async fn api_list(State(state): State<AppState>, caller: ApiCaller) -> ApiResult {
    Ok(ok_json(&state.store.people(caller.org.id).await?))
}

/// POST /api/v1/people
pub async fn api_create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<PersonInput>,
) -> ApiResult {
    let f = input.validate().map_err(AppError::Invalid)?;
    Ok(created(
        &state
            .store
            .create_person(&Actor::user(&caller.user), caller.org.id, f)
            .await?,
    ))
}

/// A person, as the API reads and changes them.
pub struct PersonApi;

impl json_edit::ApiRecord for PersonApi {
    type Shown = Person;
    type Fields = PersonFields;
    type Saved = Person;
    async fn load(state: &AppState, org: i64, id: i64) -> Result<Person, StoreError> {
        state.store.person(org, id).await
    }
    fn editable(r: &Person) -> (i64, &PersonFields) {
        (r.version, &r.fields)
    }
    async fn save(
        state: &AppState,
        actor: &Actor,
        org: i64,
        r: &Person,
        version: i64,
        fields: PersonFields,
    ) -> Result<Person, StoreError> {
        let f = person_from_record(&r.with_fields(fields))
            .validate()
            .map_err(StoreError::Invalid)?;
        state
            .store
            .update_person(actor, org, r.id, version, f)
            .await
    }
}

/// GET /api/v1/directorates
pub async fn api_directorates(State(state): State<AppState>, caller: ApiCaller) -> ApiResult {
    Ok(ok_json(&state.store.directorates(caller.org.id).await?))
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
pub struct DirectorateInput {
    #[serde(default)]
    name: String,
    #[serde(default)]
    services: Vec<String>,
}

/// POST /api/v1/directorates
pub async fn api_create_directorate(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<DirectorateInput>,
) -> ApiResult {
    let f = DirectorateFields::validate(&input.name, &input.services.join("\n"))
        .map_err(AppError::Invalid)?;
    Ok(created(
        &state
            .store
            .create_directorate(&Actor::user(&caller.user), caller.org.id, f)
            .await?,
    ))
}
