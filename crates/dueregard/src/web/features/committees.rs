//! Committees and groups, and the organisation's own local characteristics: add and change.

use super::{ApiJson, FormSpec, created, ok_json};
use crate::web::AppState;
use crate::web::auth::{ApiCaller, SignedIn};
use crate::web::edit::{self, EditPage};
use crate::web::error::{ApiResult, AppError};
use crate::web::form::{Choice, Field, FormData};
use crate::web::json_edit;
use axum::extract::State;
use dueregard_core::org::{
    Committee, CommitteeFields, LocalCharacteristic, LocalCharacteristicFields,
};
use dueregard_core::store::{Actor, StoreError};
use dueregard_core::vocab::CommitteeKind;

fn committee_fields(name: &str, kind: &str) -> Vec<Field> {
    let kind = if kind.is_empty() { "scrutiny" } else { kind };
    vec![
        Field::text("name", "Name", name)
            .hint("For example, Regeneration, Culture and Adult Education Scrutiny Committee"),
        Field::radios(
            "kind",
            "Kind",
            CommitteeKind::ALL
                .iter()
                .map(|k| Choice::new(k.key(), k.label(), k.key() == kind))
                .collect(),
        ),
    ]
}

/// Adding a committee or group.
pub struct CommitteeAdd;

impl edit::AddPage for CommitteeAdd {
    const SECTION: &'static str = "people";
    async fn locate(_: &AppState, _: i64, _: &[i64]) -> Result<Self, AppError> {
        Ok(CommitteeAdd)
    }
    fn spec(&self) -> FormSpec {
        FormSpec::new(
            "Add a committee or group",
            "/committees/new".into(),
            "/people",
            None,
        )
    }
    fn blank(&self) -> Vec<Field> {
        committee_fields("", "")
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        committee_fields(&form.text("name"), &form.text("kind"))
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let fields = CommitteeFields::validate(&form.text("name"), &form.text("kind"))
            .map_err(StoreError::Invalid)?;
        let actor = Actor::user(&session.user);
        state
            .store
            .create_committee(&actor, session.org.id, fields)
            .await?;
        Ok("/people".into())
    }
}

/// Changing a committee or group.
pub struct CommitteeEdit {
    org: i64,
    id: i64,
}

impl EditPage for CommitteeEdit {
    type Record = Committee;
    const ENTITY: &'static str = "committee";
    const SECTION: &'static str = "people";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, c: &Committee) -> FormSpec {
        let action = format!("/committees/{}/edit", c.id);
        FormSpec::new(
            "Change a committee or group",
            action,
            "/people",
            Some(c.version),
        )
    }
    fn fields_of(&self, c: &Committee) -> Vec<Field> {
        committee_fields(&c.fields.name, c.fields.kind.key())
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        committee_fields(&form.text("name"), &form.text("kind"))
    }
    async fn locate(_: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        Ok(CommitteeEdit {
            org,
            id: edit::record_id(ids)?,
        })
    }
    async fn load(&self, state: &AppState) -> Result<Committee, StoreError> {
        state.store.committee(self.org, self.id).await
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        let fields = CommitteeFields::validate(&form.text("name"), &form.text("kind"))
            .map_err(StoreError::Invalid)?;
        let actor = Actor::user(&session.user);
        state
            .store
            .update_committee(&actor, self.org, self.id, version, fields)
            .await?;
        Ok("/people".into())
    }
}

fn local_fields(name: &str, description: &str) -> Vec<Field> {
    vec![
        Field::text("name", "Name", name).hint(
            "For example, rurality, carers, armed forces community or socio-economic disadvantage",
        ),
        Field::textarea(
            "description",
            "Why the organisation considers it",
            description,
        ),
    ]
}

/// Adding a local characteristic.
pub struct LocalAdd;

impl edit::AddPage for LocalAdd {
    const SECTION: &'static str = "people";
    async fn locate(_: &AppState, _: i64, _: &[i64]) -> Result<Self, AppError> {
        Ok(LocalAdd)
    }
    fn spec(&self) -> FormSpec {
        FormSpec::new(
            "Add a local characteristic",
            "/local-characteristics/new".into(),
            "/people",
            None,
        )
    }
    fn blank(&self) -> Vec<Field> {
        local_fields("", "")
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        local_fields(&form.text("name"), &form.text("description"))
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let fields =
            LocalCharacteristicFields::validate(&form.text("name"), &form.text("description"))
                .map_err(StoreError::Invalid)?;
        let actor = Actor::user(&session.user);
        state
            .store
            .create_local_characteristic(&actor, session.org.id, fields)
            .await?;
        Ok("/people".into())
    }
}

/// Changing a local characteristic.
pub struct LocalEdit {
    org: i64,
    id: i64,
}

impl EditPage for LocalEdit {
    type Record = LocalCharacteristic;
    const ENTITY: &'static str = "local characteristic";
    const SECTION: &'static str = "people";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, l: &LocalCharacteristic) -> FormSpec {
        let action = format!("/local-characteristics/{}/edit", l.id);
        FormSpec::new(
            "Change a local characteristic",
            action,
            "/people",
            Some(l.version),
        )
    }
    fn fields_of(&self, l: &LocalCharacteristic) -> Vec<Field> {
        local_fields(
            &l.fields.name,
            l.fields.description.as_deref().unwrap_or(""),
        )
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        local_fields(&form.text("name"), &form.text("description"))
    }
    async fn locate(_: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        Ok(LocalEdit {
            org,
            id: edit::record_id(ids)?,
        })
    }
    async fn load(&self, state: &AppState) -> Result<LocalCharacteristic, StoreError> {
        state.store.local_characteristic(self.org, self.id).await
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        let fields =
            LocalCharacteristicFields::validate(&form.text("name"), &form.text("description"))
                .map_err(StoreError::Invalid)?;
        let actor = Actor::user(&session.user);
        state
            .store
            .update_local_characteristic(&actor, self.org, self.id, version, fields)
            .await?;
        Ok("/people".into())
    }
}

/// GET /api/v1/committees
pub async fn api_list(State(state): State<AppState>, caller: ApiCaller) -> ApiResult {
    Ok(ok_json(&state.store.committees(caller.org.id).await?))
}

/// A committee or group, as the API reads and changes it.
pub struct CommitteeApi;

impl json_edit::ApiRecord for CommitteeApi {
    type Shown = Committee;
    type Fields = CommitteeFields;
    type Saved = Committee;
    async fn load(state: &AppState, org: i64, id: i64) -> Result<Committee, StoreError> {
        state.store.committee(org, id).await
    }
    fn editable(r: &Committee) -> (i64, &CommitteeFields) {
        (r.version, &r.fields)
    }
    async fn save(
        state: &AppState,
        actor: &Actor,
        org: i64,
        r: &Committee,
        version: i64,
        fields: CommitteeFields,
    ) -> Result<Committee, StoreError> {
        let f = CommitteeFields::validate(&fields.name, fields.kind.key())
            .map_err(StoreError::Invalid)?;
        state
            .store
            .update_committee(actor, org, r.id, version, f)
            .await
    }
}

/// POST /api/v1/committees
pub async fn api_create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(fields): ApiJson<CommitteeFields>,
) -> ApiResult {
    let fields =
        CommitteeFields::validate(&fields.name, fields.kind.key()).map_err(AppError::Invalid)?;
    let actor = Actor::user(&caller.user);
    Ok(created(
        &state
            .store
            .create_committee(&actor, caller.org.id, fields)
            .await?,
    ))
}

/// GET /api/v1/local-characteristics
pub async fn api_list_local(State(state): State<AppState>, caller: ApiCaller) -> ApiResult {
    Ok(ok_json(
        &state.store.local_characteristics(caller.org.id).await?,
    ))
}

/// A local characteristic, as the API reads and changes it.
pub struct LocalCharacteristicApi;

impl json_edit::ApiRecord for LocalCharacteristicApi {
    type Shown = LocalCharacteristic;
    type Fields = LocalCharacteristicFields;
    type Saved = LocalCharacteristic;
    async fn load(state: &AppState, org: i64, id: i64) -> Result<LocalCharacteristic, StoreError> {
        state.store.local_characteristic(org, id).await
    }
    fn editable(r: &LocalCharacteristic) -> (i64, &LocalCharacteristicFields) {
        (r.version, &r.fields)
    }
    async fn save(
        state: &AppState,
        actor: &Actor,
        org: i64,
        r: &LocalCharacteristic,
        version: i64,
        fields: LocalCharacteristicFields,
    ) -> Result<LocalCharacteristic, StoreError> {
        let why = fields.description.as_deref().unwrap_or("");
        let f =
            LocalCharacteristicFields::validate(&fields.name, why).map_err(StoreError::Invalid)?;
        state
            .store
            .update_local_characteristic(actor, org, r.id, version, f)
            .await
    }
}
