//! The one way a versioned record is kept: list, get, create, change with its version, archive
//! and restore, and delete where nothing refers to it. Every write and its audit entry share a
//! transaction. A kind of record says only what is its own (`Kind`): its table, its label and
//! search text, what it refers to, and what may refer to it.

use crate::backend_error;
use crate::docs::{self, Table, Tx, Val, dynamic, from_json, get, search_text, to_json};
use crate::sql_store::SqlStore;
use dueregard_core::record::{PlanPart, Record};
use dueregard_core::store::{Actor, ArchivedRecord, StoreError, StoreResult};
use dueregard_core::validate::ValidationErrors;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::future::Future;

/// Something that may refer to a record, by a column or inside its fields.
pub(crate) struct Referrer {
    pub table: &'static str,
    /// An id column, or a field of the JSON data holding an id or a list of ids.
    pub column: &'static str,
    pub in_data: bool,
    /// What people call one of them and several: ("action", "actions").
    pub what: (&'static str, &'static str),
}

impl Referrer {
    pub const fn column(
        table: &'static str,
        column: &'static str,
        what: (&'static str, &'static str),
    ) -> Self {
        Referrer {
            table,
            column,
            in_data: false,
            what,
        }
    }
    pub const fn field(
        table: &'static str,
        field: &'static str,
        what: (&'static str, &'static str),
    ) -> Self {
        Referrer {
            table,
            column: field,
            in_data: true,
            what,
        }
    }
}

/// What a record's checks work out for the columns beside its data.
#[derive(Debug, Default)]
pub(crate) struct Columns {
    /// Columns the queries read (a parent, a status, a due date).
    pub extra: Vec<(&'static str, Val)>,
    /// The search text, where it needs more than the fields (an action's reference).
    pub search: Option<String>,
}

impl Columns {
    pub fn with(extra: Vec<(&'static str, Val)>) -> Columns {
        Columns {
            extra,
            search: None,
        }
    }
}

/// A kind of editable record.
pub(crate) trait Kind: Serialize + DeserializeOwned + Send + Sync {
    const TABLE: Table;
    /// How lists of them are ordered.
    const ORDER: &'static str = "label";
    /// What may refer to one of them.
    const REFERRERS: &'static [Referrer] = &[];

    /// How it is named in lists and the audit trail.
    fn label(&self) -> String;

    fn search(&self) -> String {
        search_text(&[&self.label()])
    }

    /// Checks what the fields refer to and works out the columns queries read, inside the
    /// write's transaction. `parent` is the plan, for the parts of a plan.
    fn prepare(
        &self,
        _tx: &mut Tx<'_>,
        _org: i64,
        _parent: Option<i64>,
    ) -> impl Future<Output = StoreResult<Columns>> + Send {
        async { Ok(Columns::default()) }
    }

    /// What is written beside the record (join tables), once it has its id.
    fn written(&self, _tx: &mut Tx<'_>, _id: i64) -> impl Future<Output = StoreResult<()>> + Send {
        async { Ok(()) }
    }
}

pub(crate) fn record<F: Kind>(row: &AnyRow) -> StoreResult<Record<F>> {
    Ok(Record {
        id: get(row, "id")?,
        version: get(row, "version")?,
        fields: from_json(&F::TABLE, &get::<String>(row, "data")?)?,
    })
}

pub(crate) fn plan_part<F: Kind>(row: &AnyRow) -> StoreResult<PlanPart<F>> {
    Ok(PlanPart {
        id: get(row, "id")?,
        version: get(row, "version")?,
        plan_id: get(row, "plan_id")?,
        fields: from_json(&F::TABLE, &get::<String>(row, "data")?)?,
    })
}

/// Inserts a record in the caller's transaction: its checks, its row, what is written beside
/// it, and its audit entry. Returns the new id.
pub(crate) async fn insert<F: Kind>(
    tx: &mut Tx<'_>,
    actor: &Actor,
    org: i64,
    parent: Option<i64>,
    fields: &F,
) -> StoreResult<i64> {
    if let Some(plan) = parent {
        let found = dynamic("SELECT id FROM plans WHERE id = $1 AND org_id = $2".into())
            .bind(plan)
            .bind(org)
            .fetch_optional(&mut **tx)
            .await
            .map_err(backend_error)?;
        found.ok_or(StoreError::NotFound("action plan"))?;
    }
    let mut columns = fields.prepare(tx, org, parent).await?;
    if let Some(plan) = parent {
        columns.extra.insert(0, ("plan_id", Val::int(plan)));
    }
    let search = columns.search.unwrap_or_else(|| fields.search());
    let id = docs::insert(
        tx,
        actor,
        F::TABLE,
        org,
        &fields.label(),
        &search,
        &to_json(fields)?,
        &columns.extra,
    )
    .await?;
    fields.written(tx, id).await?;
    Ok(id)
}

/// Saves `fields` as the record's next version if it is still at `version`, in the caller's
/// transaction. Returns the version it is at now, and its plan for the parts of a plan.
pub(crate) async fn change<F: Kind>(
    tx: &mut Tx<'_>,
    actor: &Actor,
    org: i64,
    id: i64,
    version: i64,
    fields: &F,
) -> StoreResult<(i64, Option<i64>)> {
    let parent: Option<i64> = match F::TABLE.parent {
        Some(col) => {
            let row = dynamic(format!(
                "SELECT {col} FROM {} WHERE id = $1 AND org_id = $2",
                F::TABLE.name
            ))
            .bind(id)
            .bind(org)
            .fetch_optional(&mut **tx)
            .await
            .map_err(backend_error)?
            .ok_or(StoreError::NotFound(F::TABLE.entity))?;
            Some(row.try_get(0).map_err(backend_error)?)
        }
        None => None,
    };
    let columns = fields.prepare(tx, org, parent).await?;
    let search = columns.search.unwrap_or_else(|| fields.search());
    let now = docs::update(
        tx,
        actor,
        F::TABLE,
        org,
        id,
        version,
        &fields.label(),
        &search,
        &to_json(fields)?,
        &columns.extra,
    )
    .await?;
    fields.written(tx, id).await?;
    Ok((now, parent))
}

impl SqlStore {
    /// The records of a kind that are not archived, optionally only those of one plan.
    pub(crate) async fn list<F: Kind>(
        &self,
        org: i64,
        plan: Option<i64>,
    ) -> StoreResult<Vec<AnyRow>> {
        let table = F::TABLE.name;
        let sql = match (plan, F::TABLE.parent) {
            (Some(_), Some(col)) => format!(
                "SELECT * FROM {table} WHERE org_id = $1 AND {col} = $2 AND archived_at IS NULL ORDER BY {}",
                F::ORDER
            ),
            _ => format!(
                "SELECT * FROM {table} WHERE org_id = $1 AND $2 = $2 AND archived_at IS NULL ORDER BY {}",
                F::ORDER
            ),
        };
        dynamic(sql)
            .bind(org)
            .bind(plan.unwrap_or(0))
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)
    }

    /// One record, archived or not.
    pub(crate) async fn one<F: Kind>(&self, org: i64, id: i64) -> StoreResult<AnyRow> {
        dynamic(format!(
            "SELECT * FROM {} WHERE org_id = $1 AND id = $2",
            F::TABLE.name
        ))
        .bind(org)
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend_error)?
        .ok_or(StoreError::NotFound(F::TABLE.entity))
    }

    /// How a record is named in lists.
    pub(crate) async fn label_of<F: Kind>(&self, org: i64, id: i64) -> StoreResult<(String, i64)> {
        let row = self.one::<F>(org, id).await?;
        Ok((get(&row, "label")?, get(&row, "version")?))
    }

    /// Every record of a kind not archived, as the core's `Record`.
    pub(crate) async fn records<F: Kind>(&self, org: i64) -> StoreResult<Vec<Record<F>>> {
        self.list::<F>(org, None)
            .await?
            .iter()
            .map(record)
            .collect()
    }

    /// One record, archived or not.
    pub(crate) async fn record<F: Kind>(&self, org: i64, id: i64) -> StoreResult<Record<F>> {
        record(&self.one::<F>(org, id).await?)
    }

    /// Creates a record and answers it as saved (version 1).
    pub(crate) async fn add<F: Kind>(
        &self,
        actor: &Actor,
        org: i64,
        fields: F,
    ) -> StoreResult<Record<F>> {
        let id = self.create(actor, org, None, &fields).await?;
        Ok(Record {
            id,
            version: 1,
            fields,
        })
    }

    /// Saves a record's next version and answers it as saved.
    pub(crate) async fn put<F: Kind>(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: F,
    ) -> StoreResult<Record<F>> {
        let version = self.save(actor, org, id, version, &fields).await?;
        Ok(Record {
            id,
            version,
            fields,
        })
    }

    /// Creates a record in a transaction of its own.
    pub(crate) async fn create<F: Kind>(
        &self,
        actor: &Actor,
        org: i64,
        parent: Option<i64>,
        fields: &F,
    ) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let id = insert(&mut tx, actor, org, parent, fields).await?;
        self.commit(tx).await?;
        Ok(id)
    }

    /// Changes a record in a transaction of its own.
    pub(crate) async fn save<F: Kind>(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: &F,
    ) -> StoreResult<i64> {
        Ok(self.save_part(actor, org, id, version, fields).await?.0)
    }

    /// Changes a record in a transaction of its own; answers its version and its plan.
    pub(crate) async fn save_part<F: Kind>(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: &F,
    ) -> StoreResult<(i64, Option<i64>)> {
        let mut tx = self.begin().await?;
        let now = change(&mut tx, actor, org, id, version, fields).await?;
        self.commit(tx).await?;
        Ok(now)
    }

    /// Archives or restores a record: archived records leave lists and the dashboard, and stay
    /// in the audit trail and backups. Either is a change, so it makes a new version.
    pub(crate) async fn set_archived<F: Kind>(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        archive: bool,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let (at, change) = if archive {
            (Some(docs::now()), "archive")
        } else {
            (None, "restore")
        };
        let row = dynamic(format!(
            "UPDATE {} SET archived_at = $1, version = version + 1 WHERE id = $2 AND org_id = $3 AND version = $4 RETURNING version, data",
            F::TABLE.name
        ))
        .bind(at)
        .bind(id)
        .bind(org)
        .bind(version)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend_error)?;
        let Some(row) = row else {
            return Err(docs::not_written(&mut tx, F::TABLE, org, id, version).await);
        };
        let data: String = get(&row, "data")?;
        docs::audit_version(
            &mut tx,
            Some(org),
            actor,
            F::TABLE.entity,
            id,
            change,
            Some(&data),
            Some(&data),
            Some(get(&row, "version")?),
        )
        .await?;
        self.commit(tx).await
    }

    /// Deletes a record that nothing refers to; otherwise refuses, saying what refers to it.
    pub(crate) async fn remove<F: Kind>(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let row = dynamic(format!(
            "SELECT data FROM {} WHERE id = $1 AND org_id = $2",
            F::TABLE.name
        ))
        .bind(id)
        .bind(org)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend_error)?
        .ok_or(StoreError::NotFound(F::TABLE.entity))?;
        let data: String = get(&row, "data")?;
        let mut uses = Vec::new();
        let mut total = 0;
        for r in F::REFERRERS {
            let n = referring(&mut tx, org, r, id).await?;
            total += n;
            match n {
                0 => {}
                1 => uses.push(format!("1 {}", r.what.0)),
                n => uses.push(format!("{n} {}", r.what.1)),
            }
        }
        if !uses.is_empty() {
            let verb = if total == 1 { "refers" } else { "refer" };
            return Err(StoreError::Invalid(ValidationErrors::single(
                "delete",
                format!(
                    "This {} cannot be deleted because {} {verb} to it. Change or delete those first, or archive it instead",
                    F::TABLE.entity,
                    join_words(&uses)
                ),
            )));
        }
        for (table, column) in F::TABLE.owns {
            dynamic(format!("DELETE FROM {table} WHERE {column} = $1"))
                .bind(id)
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        dynamic(format!(
            "DELETE FROM {} WHERE id = $1 AND org_id = $2",
            F::TABLE.name
        ))
        .bind(id)
        .bind(org)
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
        docs::audit(
            &mut tx,
            Some(org),
            actor,
            F::TABLE.entity,
            id,
            "delete",
            Some(&data),
            None,
        )
        .await?;
        self.commit(tx).await
    }

    /// The archived records of a kind, newest first.
    pub(crate) async fn archived_of<F: Kind>(&self, org: i64) -> StoreResult<Vec<ArchivedRecord>> {
        let rows = dynamic(format!(
            "SELECT id, version, label FROM {} WHERE org_id = $1 AND archived_at IS NOT NULL ORDER BY archived_at DESC",
            F::TABLE.name
        ))
        .bind(org)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        rows.iter()
            .map(|r| {
                Ok(ArchivedRecord {
                    id: get(r, "id")?,
                    version: get(r, "version")?,
                    label: get(r, "label")?,
                })
            })
            .collect()
    }
}

/// How many records of this organisation refer to `id` in this way.
async fn referring(tx: &mut Tx<'_>, org: i64, r: &Referrer, id: i64) -> StoreResult<usize> {
    if !r.in_data {
        // Join tables have no organisation of their own: their ids are all this organisation's.
        let sql = format!("SELECT COUNT(*) FROM {} WHERE {} = $1", r.table, r.column);
        let n: i64 = dynamic(sql)
            .bind(id)
            .fetch_one(&mut **tx)
            .await
            .map_err(backend_error)?
            .try_get(0)
            .map_err(backend_error)?;
        return Ok(usize::try_from(n).unwrap_or(0));
    }
    let rows = dynamic(format!("SELECT data FROM {} WHERE org_id = $1", r.table))
        .bind(org)
        .fetch_all(&mut **tx)
        .await
        .map_err(backend_error)?;
    let mut n = 0;
    for row in rows {
        let data: String = get(&row, "data")?;
        let value: serde_json::Value = serde_json::from_str(&data).unwrap_or_default();
        let refers = match value.get(r.column) {
            Some(serde_json::Value::Array(ids)) => ids.iter().any(|v| v.as_i64() == Some(id)),
            Some(v) => v.as_i64() == Some(id),
            None => false,
        };
        n += usize::from(refers);
    }
    Ok(n)
}

/// "3 actions, 2 people and 1 user account"
fn join_words(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
