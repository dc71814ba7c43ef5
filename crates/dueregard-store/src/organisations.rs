//! Organisations and, within each, its directorates, people, committees and local
//! characteristics.

use crate::backend_error;
use crate::records::{
    self, Columns, DIRECTORATE_MESSAGE, Kind, Referrer, Refs, Table, Tx, get, search_text, to_json,
};
use crate::sql_store::SqlStore;
use async_trait::async_trait;
use dueregard_core::org::*;
use dueregard_core::store::{Actor, NewOrganisation, OrganisationStore, StoreError, StoreResult};
use dueregard_core::validate::ValidationErrors;
use dueregard_core::vocab::Nation;
use sqlx::any::AnyRow;

#[async_trait]
impl OrganisationStore for SqlStore {
    async fn create_organisation(
        &self,
        actor: &Actor,
        new: NewOrganisation,
    ) -> StoreResult<Organisation> {
        let mut e = ValidationErrors::new();
        if !valid_slug(&new.slug) {
            e.add(
                "slug",
                "The short name must be lower-case letters, numbers and hyphens, like dudley",
            );
        }
        let name = dueregard_core::validate::required(
            &mut e,
            "name",
            "the organisation's name",
            &new.name,
            300,
        );
        if new.headcount.is_some_and(|h| h < 0) {
            e.add("headcount", "The number of employees cannot be negative");
        }
        if !e.is_empty() {
            return Err(StoreError::Invalid(e));
        }
        if self.organisation_by_slug(&new.slug).await?.is_some() {
            return Err(StoreError::Invalid(ValidationErrors::single(
                "slug",
                format!("An organisation called '{}' already exists", new.slug),
            )));
        }
        let mut tx = self.begin().await?;
        let row = sqlx::query("INSERT INTO organisations (slug, name, nation, headcount, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(new.slug.clone())
            .bind(name.clone())
            .bind(new.nation.key())
            .bind(new.headcount)
            .bind(records::now())
            .fetch_one(&mut **tx)
            .await
            .map_err(backend_error)?;
        let id: i64 = get(&row, "id")?;
        let org = Organisation {
            id,
            slug: new.slug,
            name,
            nation: new.nation,
            headcount: new.headcount,
        };
        records::audit(
            &mut tx,
            Some(id),
            actor,
            "organisation",
            id,
            "create",
            None,
            Some(&to_json(&org)?),
        )
        .await?;
        self.commit(tx).await?;
        Ok(org)
    }

    async fn organisations(&self) -> StoreResult<Vec<Organisation>> {
        let rows = sqlx::query("SELECT * FROM organisations ORDER BY name")
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?;
        rows.iter().map(organisation).collect()
    }

    async fn organisation(&self, id: i64) -> StoreResult<Organisation> {
        let row = sqlx::query("SELECT * FROM organisations WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?;
        organisation(&row.ok_or(StoreError::NotFound("organisation"))?)
    }

    async fn organisation_by_slug(&self, slug: &str) -> StoreResult<Option<Organisation>> {
        let row = sqlx::query("SELECT * FROM organisations WHERE slug = $1")
            .bind(slug.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?;
        row.as_ref().map(organisation).transpose()
    }

    async fn directorates(&self, org: i64) -> StoreResult<Vec<Directorate>> {
        self.records::<DirectorateFields>(org).await
    }

    async fn create_directorate(
        &self,
        actor: &Actor,
        org: i64,
        fields: DirectorateFields,
    ) -> StoreResult<Directorate> {
        let id = self.create(actor, org, None, &fields).await?;
        self.record::<DirectorateFields>(org, id).await
    }

    async fn update_directorate(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: DirectorateFields,
    ) -> StoreResult<Directorate> {
        self.put(actor, org, id, version, fields).await
    }

    async fn people(&self, org: i64) -> StoreResult<Vec<Person>> {
        self.records::<PersonFields>(org).await
    }

    async fn person(&self, org: i64, id: i64) -> StoreResult<Person> {
        self.record::<PersonFields>(org, id).await
    }

    async fn create_person(
        &self,
        actor: &Actor,
        org: i64,
        fields: PersonFields,
    ) -> StoreResult<Person> {
        self.add(actor, org, fields).await
    }

    async fn update_person(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: PersonFields,
    ) -> StoreResult<Person> {
        self.put(actor, org, id, version, fields).await
    }

    async fn committees(&self, org: i64) -> StoreResult<Vec<Committee>> {
        self.records::<CommitteeFields>(org).await
    }

    async fn create_committee(
        &self,
        actor: &Actor,
        org: i64,
        fields: CommitteeFields,
    ) -> StoreResult<Committee> {
        self.add(actor, org, fields).await
    }

    async fn committee(&self, org: i64, id: i64) -> StoreResult<Committee> {
        self.record::<CommitteeFields>(org, id).await
    }

    async fn update_committee(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: CommitteeFields,
    ) -> StoreResult<Committee> {
        self.put(actor, org, id, version, fields).await
    }

    async fn local_characteristics(&self, org: i64) -> StoreResult<Vec<LocalCharacteristic>> {
        self.records::<LocalCharacteristicFields>(org).await
    }

    async fn create_local_characteristic(
        &self,
        actor: &Actor,
        org: i64,
        fields: LocalCharacteristicFields,
    ) -> StoreResult<LocalCharacteristic> {
        self.add(actor, org, fields).await
    }

    async fn local_characteristic(&self, org: i64, id: i64) -> StoreResult<LocalCharacteristic> {
        self.record::<LocalCharacteristicFields>(org, id).await
    }

    async fn update_local_characteristic(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: LocalCharacteristicFields,
    ) -> StoreResult<LocalCharacteristic> {
        self.put(actor, org, id, version, fields).await
    }
}

pub(crate) fn nation(key: &str) -> StoreResult<Nation> {
    Nation::from_key(key).ok_or_else(|| StoreError::Backend(format!("unknown nation '{key}'")))
}

pub(crate) fn organisation(r: &AnyRow) -> StoreResult<Organisation> {
    Ok(Organisation {
        id: get(r, "id")?,
        slug: get(r, "slug")?,
        name: get(r, "name")?,
        nation: nation(&get::<String>(r, "nation")?)?,
        headcount: get(r, "headcount")?,
    })
}

// The kinds of record about the organisation: their tables, and what they refer to.

pub(crate) const DIRECTORATES: Table = Table::new("directorates", "directorate");
pub(crate) const PEOPLE: Table = Table::new("people", "person");
pub(crate) const COMMITTEES: Table = Table::new("committees", "committee");
pub(crate) const LOCAL: Table = Table::new("local_characteristics", "local characteristic");

impl Kind for DirectorateFields {
    const TABLE: Table = DIRECTORATES;
    const REFERRERS: &'static [Referrer] = &[
        Referrer::field("people", "directorate_id", ("person", "people")),
        Referrer::field("plans", "directorate_id", ("action plan", "action plans")),
        Referrer::field(
            "training_courses",
            "directorate_ids",
            ("training course", "training courses"),
        ),
    ];
    fn label(&self) -> String {
        self.name.clone()
    }
}

impl Kind for PersonFields {
    const TABLE: Table = PEOPLE;
    const REFERRERS: &'static [Referrer] = &[
        Referrer::column("action_leads", "person_id", ("action", "actions")),
        Referrer::column("users", "person_id", ("user account", "user accounts")),
        Referrer::field(
            "plan_objectives",
            "lead_ids",
            ("plan objective", "plan objectives"),
        ),
        Referrer::field(
            "training_sessions",
            "attendee_ids",
            ("training session", "training sessions"),
        ),
    ];
    fn label(&self) -> String {
        self.name.clone()
    }
    fn search(&self) -> String {
        search_text(&[
            &self.name,
            self.initials.as_deref().unwrap_or(""),
            self.job_title.as_deref().unwrap_or(""),
        ])
    }
    async fn prepare(&self, tx: &mut Tx<'_>, org: i64, _: Option<i64>) -> StoreResult<Columns> {
        let mut refs = Refs::new(tx, org);
        let ids = self.directorate_id.as_slice();
        refs.check(
            "directorates",
            ids,
            None,
            "directorate_id",
            DIRECTORATE_MESSAGE,
        )
        .await?;
        refs.finish()?;
        Ok(Columns::default())
    }
}

impl Kind for CommitteeFields {
    const TABLE: Table = COMMITTEES;
    const REFERRERS: &'static [Referrer] = &[
        Referrer::field("plans", "committee_id", ("action plan", "action plans")),
        Referrer::field("meetings", "committee_id", ("meeting", "meetings")),
    ];
    fn label(&self) -> String {
        self.name.clone()
    }
}

impl Kind for LocalCharacteristicFields {
    const TABLE: Table = LOCAL;
    fn label(&self) -> String {
        self.name.clone()
    }
}
