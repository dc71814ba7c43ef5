//! Shared handling of editable records: insert, versioned update, audit, reference checks.
//! Every table of editable records has `id, org_id, version, label, search_text, data,
//! created_at, updated_at`, plus the parent and query columns named by the caller.

use crate::backend_error;
use dueregard_core::store::{Actor, StoreError, StoreResult};
use dueregard_core::validate::ValidationErrors;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

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
pub(crate) async fn insert(
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
pub(crate) async fn update(
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
