//! The one way a versioned record is kept: list, get, create, change with its version, archive
//! and restore, and delete where nothing refers to it. Every write and its audit entry share a
//! transaction. A kind of record says only what is its own (`Kind`): its table, its label and
//! search text, what it refers to, and what may refer to it.

use crate::backend_error;
use crate::sql_store::SqlStore;
use dueregard_core::record::{PlanPart, Record};
use dueregard_core::store::{Actor, ArchivedRecord, StoreError, StoreResult};
use dueregard_core::validate::ValidationErrors;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
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
    let id = insert_row(
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
    let now = update_row(
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
            (Some(now()), "archive")
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
            return Err(not_written(&mut tx, F::TABLE, org, id, version).await);
        };
        let data: String = get(&row, "data")?;
        audit_version(
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
        audit(
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

// Rows, statements and the audit trail, shared by every kind.

pub(crate) type Tx<'a> = Transaction<'a, Any>;

/// A value for one extra column. Nulls carry their type so PostgreSQL accepts them.
#[derive(Debug, Clone)]
pub(crate) enum Val {
    Int(Option<i64>),
    Text(Option<String>),
}

impl Val {
    pub fn int(v: i64) -> Val {
        Val::Int(Some(v))
    }
    pub fn text(v: impl Into<String>) -> Val {
        Val::Text(Some(v.into()))
    }
}

pub(crate) type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>;

/// A statement whose text we build at run time. Only our own table and column names (constants,
/// or names checked by `valid_identifier`) go into the text; every value is a parameter.
pub(crate) fn dynamic<'q>(sql: String) -> AnyQuery<'q> {
    sqlx::query(sqlx::AssertSqlSafe(sql))
}

pub(crate) fn bind<'q>(q: AnyQuery<'q>, v: &Val) -> AnyQuery<'q> {
    match v {
        Val::Int(i) => q.bind(*i),
        Val::Text(t) => q.bind(t.clone()),
    }
}

/// A table of editable records and the word people use for one of them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Table {
    pub name: &'static str,
    pub entity: &'static str,
    /// The column naming the plan a part of a plan belongs to.
    pub parent: Option<&'static str>,
    /// Rows of other tables that belong to a record and go when it is deleted: (table, column).
    pub owns: &'static [(&'static str, &'static str)],
}

impl Table {
    pub const fn new(name: &'static str, entity: &'static str) -> Table {
        Table {
            name,
            entity,
            parent: None,
            owns: &[],
        }
    }
    pub const fn in_plan(name: &'static str, entity: &'static str) -> Table {
        Table {
            name,
            entity,
            parent: Some("plan_id"),
            owns: &[],
        }
    }
}

pub(crate) fn now() -> String {
    jiff::Timestamp::now().to_string()
}

pub(crate) fn to_json<T: Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v)
        .map_err(|e| StoreError::Backend(format!("could not encode a record: {e}")))
}

pub(crate) fn from_json<T: DeserializeOwned>(table: &Table, text: &str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(|e| {
        StoreError::Backend(format!("a stored {} could not be read: {e}", table.entity))
    })
}

/// What is searched: lower-case, so `LIKE` matches regardless of case on both databases.
pub(crate) fn search_text(parts: &[&str]) -> String {
    parts.join(" ").to_lowercase()
}

/// Inserts a record at version 1 and writes its audit entry. Returns the new id.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_row(
    tx: &mut Tx<'_>,
    actor: &Actor,
    table: Table,
    org: i64,
    label: &str,
    search: &str,
    data: &str,
    extra: &[(&str, Val)],
) -> StoreResult<i64> {
    let at = now();
    let mut cols =
        String::from("org_id, version, label, search_text, data, created_at, updated_at");
    let mut params = String::from("$1, 1, $2, $3, $4, $5, $5");
    for (i, (c, _)) in extra.iter().enumerate() {
        cols.push_str(", ");
        cols.push_str(c);
        params.push_str(&format!(", ${}", i + 6));
    }
    let sql = format!(
        "INSERT INTO {} ({cols}) VALUES ({params}) RETURNING id",
        table.name
    );
    let mut q = dynamic(sql)
        .bind(org)
        .bind(label.to_string())
        .bind(search.to_string())
        .bind(data.to_string())
        .bind(at.clone());
    for (_, v) in extra {
        q = bind(q, v);
    }
    let id: i64 = q
        .fetch_one(&mut **tx)
        .await
        .map_err(backend_error)?
        .try_get(0)
        .map_err(backend_error)?;
    audit_version(
        tx,
        Some(org),
        actor,
        table.entity,
        id,
        "create",
        None,
        Some(data),
        Some(1),
    )
    .await?;
    Ok(id)
}

/// Replaces a record's data if it is still at `version`; otherwise refuses with the version it
/// is at now. Writes the audit entry with the record before and after. Returns the new version.
///
/// The version is checked by the `UPDATE … WHERE version`: the record before is read for the
/// audit trail (and to see that nothing changed), and only when nothing is written is it asked
/// why.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn update_row(
    tx: &mut Tx<'_>,
    actor: &Actor,
    table: Table,
    org: i64,
    id: i64,
    version: i64,
    label: &str,
    search: &str,
    data: &str,
    extra: &[(&str, Val)],
) -> StoreResult<i64> {
    let before = dynamic(format!(
        "SELECT version, data FROM {} WHERE id = $1 AND org_id = $2",
        table.name
    ))
    .bind(id)
    .bind(org)
    .fetch_optional(&mut **tx)
    .await
    .map_err(backend_error)?
    .ok_or(StoreError::NotFound(table.entity))?;
    let (at, before): (i64, String) = (
        before.try_get(0).map_err(backend_error)?,
        before.try_get(1).map_err(backend_error)?,
    );
    // Saving what is already saved is no change: no new version, nothing in the audit trail.
    if at == version && before == data {
        return Ok(version);
    }
    let mut sets = String::from(
        "version = version + 1, label = $1, search_text = $2, data = $3, updated_at = $4",
    );
    for (i, (c, _)) in extra.iter().enumerate() {
        sets.push_str(&format!(", {c} = ${}", i + 8));
    }
    let sql = format!(
        "UPDATE {} SET {sets} WHERE id = $5 AND org_id = $6 AND version = $7",
        table.name
    );
    let mut q = dynamic(sql)
        .bind(label.to_string())
        .bind(search.to_string())
        .bind(data.to_string())
        .bind(now())
        .bind(id)
        .bind(org)
        .bind(version);
    for (_, v) in extra {
        q = bind(q, v);
    }
    let done = q.execute(&mut **tx).await.map_err(backend_error)?;
    if done.rows_affected() != 1 {
        return Err(not_written(tx, table, org, id, version).await);
    }
    audit_version(
        tx,
        Some(org),
        actor,
        table.entity,
        id,
        "update",
        Some(&before),
        Some(data),
        Some(version + 1),
    )
    .await?;
    Ok(version + 1)
}

/// Why a versioned write changed nothing: the record is gone, or another edit landed first.
pub(crate) async fn not_written(
    tx: &mut Tx<'_>,
    table: Table,
    org: i64,
    id: i64,
    yours: i64,
) -> StoreError {
    let sql = format!(
        "SELECT version FROM {} WHERE id = $1 AND org_id = $2",
        table.name
    );
    let row = dynamic(sql)
        .bind(id)
        .bind(org)
        .fetch_optional(&mut **tx)
        .await;
    match row {
        Ok(Some(r)) => match r.try_get::<i64, _>(0) {
            Ok(current) => StoreError::Conflict {
                entity: table.entity,
                id,
                yours,
                current,
            },
            Err(e) => backend_error(e),
        },
        Ok(None) => StoreError::NotFound(table.entity),
        Err(e) => backend_error(e),
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn audit(
    tx: &mut Tx<'_>,
    org: Option<i64>,
    actor: &Actor,
    entity: &str,
    entity_id: i64,
    change: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> StoreResult<()> {
    audit_version(
        tx, org, actor, entity, entity_id, change, before, after, None,
    )
    .await
}

/// An audit entry that also says which version of the record the change made, so an edit that
/// started from an older version can be told who changed what since.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn audit_version(
    tx: &mut Tx<'_>,
    org: Option<i64>,
    actor: &Actor,
    entity: &str,
    entity_id: i64,
    change: &str,
    before: Option<&str>,
    after: Option<&str>,
    version: Option<i64>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit (org_id, at, actor, actor_user_id, entity, entity_id, change, before_data, after_data, entity_version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(org)
    .bind(now())
    .bind(actor.name.clone())
    .bind(actor.user_id)
    .bind(entity.to_string())
    .bind(entity_id)
    .bind(change.to_string())
    .bind(before.map(str::to_string))
    .bind(after.map(str::to_string))
    .bind(version)
    .execute(&mut **tx)
    .await
    .map_err(backend_error)?;
    Ok(())
}

/// Checks that every id names a record of `table` in this organisation (and, where given, with
/// `column = value`), adding a field error for the first that does not.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn check_ids(
    tx: &mut Tx<'_>,
    errors: &mut ValidationErrors,
    table: &str,
    org: i64,
    ids: &[i64],
    scope: Option<(&str, i64)>,
    field: &str,
    message: &str,
) -> StoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let placeholders: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 3)).collect();
    let scope_sql = scope
        .map(|(c, _)| format!(" AND {c} = $2"))
        .unwrap_or_else(|| " AND $2 = $2".to_string());
    let sql = format!(
        "SELECT id FROM {table} WHERE org_id = $1{scope_sql} AND id IN ({})",
        placeholders.join(", ")
    );
    let mut q = dynamic(sql).bind(org).bind(scope.map_or(0, |(_, v)| v));
    for id in ids {
        q = q.bind(*id);
    }
    let found: Vec<i64> = q
        .fetch_all(&mut **tx)
        .await
        .map_err(backend_error)?
        .iter()
        .filter_map(|r| r.try_get(0).ok())
        .collect();
    if let Some(missing) = ids.iter().find(|id| !found.contains(id)) {
        errors.add(field, format!("{message} (no record {missing} here)"));
    }
    Ok(())
}

pub(crate) fn get<'r, T>(row: &'r AnyRow, col: &str) -> StoreResult<T>
where
    T: sqlx::Decode<'r, Any> + sqlx::Type<Any>,
{
    row.try_get(col).map_err(backend_error)
}

/// Reads `YYYY-MM-DD` text columns.
pub(crate) fn get_date(row: &AnyRow, col: &str) -> StoreResult<Option<jiff::civil::Date>> {
    let v: Option<String> = get(row, col)?;
    v.map(|s| {
        s.parse()
            .map_err(|e| StoreError::Backend(format!("bad date in {col}: {e}")))
    })
    .transpose()
}

/// Adds a field error unless every id is a record of `table` here (and, with `plan`, of it).
pub(crate) struct Refs<'t, 'c> {
    tx: &'t mut Tx<'c>,
    org: i64,
    errors: ValidationErrors,
}

impl<'t, 'c> Refs<'t, 'c> {
    pub(crate) fn new(tx: &'t mut Tx<'c>, org: i64) -> Self {
        Refs {
            tx,
            org,
            errors: ValidationErrors::new(),
        }
    }

    pub(crate) async fn check(
        &mut self,
        table: &str,
        ids: &[i64],
        plan: Option<i64>,
        field: &str,
        message: &str,
    ) -> StoreResult<()> {
        let scope = plan.map(|p| ("plan_id", p));
        check_ids(
            self.tx,
            &mut self.errors,
            table,
            self.org,
            ids,
            scope,
            field,
            message,
        )
        .await
    }

    pub(crate) fn finish(self) -> StoreResult<()> {
        self.errors.finish(()).map_err(StoreError::Invalid)
    }
}

pub(crate) const DIRECTORATE_MESSAGE: &str = "Select a directorate of this organisation";
pub(crate) const PEOPLE_MESSAGE: &str = "Select lead officers from this organisation's people";
