//! Workforce snapshots: stored whole or not at all, read with an audit record of who read them.

use crate::backend_error;
use crate::records::{self, Table, Tx, dynamic, from_json, get, to_json};
use crate::sql_store::SqlStore;
use async_trait::async_trait;
use dueregard_core::store::{Actor, StoreError, StoreResult, WorkforceStore};
use dueregard_core::validate::ValidationErrors;
use dueregard_core::workforce::{EmployeeRecord, SnapshotFields, WorkforceSnapshot};
use sqlx::any::AnyRow;

const SNAPSHOTS: Table = Table::new("workforce_snapshots", "workforce snapshot");

/// A snapshot's own columns, without its kept report, which lists and checks do not need.
const SNAPSHOT_COLUMNS: &str = "id, org_id, snapshot_date, employees, data, created_at, created_by";
const COLUMNS: &str = "snapshot_id, pseudonym, sex, ethnicity, disability, religion, sexual_orientation, age_band, directorate, grade, rate_num, rate_den, bonus_pence";
const PER_ROW: usize = 13;
/// Rows per INSERT: within SQLite's and PostgreSQL's limits on parameters per statement.
const BATCH: usize = 400;

fn snapshot_from(r: &AnyRow) -> StoreResult<WorkforceSnapshot> {
    Ok(WorkforceSnapshot {
        id: get(r, "id")?,
        org_id: get(r, "org_id")?,
        employees: get(r, "employees")?,
        fields: from_json(&SNAPSHOTS, &get::<String>(r, "data")?)?,
        created_at: get(r, "created_at")?,
        created_by: get(r, "created_by")?,
    })
}

/// The ids of the keys the organisation's pseudonyms were made with, if any were made.
async fn key_ids(tx: &mut Tx<'_>, org: i64) -> StoreResult<Option<String>> {
    sqlx::query("SELECT key_ids FROM workforce_keys WHERE org_id = $1")
        .bind(org)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend_error)?
        .map(|r| get(&r, "key_ids"))
        .transpose()
}

fn invalid(field: &str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid(ValidationErrors::single(field, message))
}

#[async_trait]
impl WorkforceStore for SqlStore {
    async fn workforce_keys(&self, org: i64, candidate: &str) -> StoreResult<String> {
        let mut tx = self.begin().await?;
        if let Some(ids) = key_ids(&mut tx, org).await? {
            tx.commit().await.map_err(backend_error)?;
            return Ok(ids);
        }
        if candidate.trim().is_empty() {
            tx.commit().await.map_err(backend_error)?;
            return Ok(String::new());
        }
        sqlx::query("INSERT INTO workforce_keys (org_id, key_ids) VALUES ($1, $2)")
            .bind(org)
            .bind(candidate.to_string())
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        self.commit(tx).await?;
        Ok(candidate.to_string())
    }

    async fn rekey_workforce(
        &self,
        actor: &Actor,
        org: i64,
        from: &str,
        to: &str,
        rekey: &(dyn for<'a> Fn(&'a str) -> Option<String> + Send + Sync),
    ) -> StoreResult<u64> {
        let mut tx = self.begin().await?;
        if key_ids(&mut tx, org).await?.as_deref() != Some(from) {
            return Err(invalid(
                "key",
                "The organisation's keys changed while this was starting: nothing was changed, try again",
            ));
        }
        let rows = sqlx::query(
            "SELECT r.snapshot_id, r.pseudonym FROM workforce_records r \
             JOIN workforce_snapshots s ON s.id = r.snapshot_id WHERE s.org_id = $1",
        )
        .bind(org)
        .fetch_all(&mut **tx)
        .await
        .map_err(backend_error)?;
        for r in &rows {
            let (snapshot, old): (i64, String) = (get(r, "snapshot_id")?, get(r, "pseudonym")?);
            let new = rekey(&old).ok_or_else(|| {
                StoreError::Backend(format!("a stored pseudonym is not a pseudonym: {old}"))
            })?;
            sqlx::query(
                "UPDATE workforce_records SET pseudonym = $1 WHERE snapshot_id = $2 AND pseudonym = $3",
            )
            .bind(new)
            .bind(snapshot)
            .bind(old)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        }
        sqlx::query("UPDATE workforce_keys SET key_ids = $1 WHERE org_id = $2")
            .bind(to.to_string())
            .bind(org)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        let note = format!("{{\"pseudonyms\":{},\"keys\":\"{to}\"}}", rows.len());
        records::audit(
            &mut tx,
            Some(org),
            actor,
            "workforce key",
            org,
            "rotated",
            None,
            Some(&note),
        )
        .await?;
        self.commit(tx).await?;
        Ok(rows.len() as u64)
    }

    async fn legacy_workforce_secrets(&self) -> StoreResult<Vec<(i64, String)>> {
        sqlx::query("SELECT org_id, secret FROM workforce_secrets ORDER BY org_id")
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?
            .iter()
            .map(|r| Ok((get(r, "org_id")?, get(r, "secret")?)))
            .collect()
    }

    async fn forget_workforce_secret(&self, org: i64, key_id: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        if key_ids(&mut tx, org).await?.is_none() {
            sqlx::query("INSERT INTO workforce_keys (org_id, key_ids) VALUES ($1, $2)")
                .bind(org)
                .bind(key_id.to_string())
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        sqlx::query("DELETE FROM workforce_secrets WHERE org_id = $1")
            .bind(org)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        self.commit(tx).await
    }

    async fn create_snapshot(
        &self,
        actor: &Actor,
        org: i64,
        fields: SnapshotFields,
        people: &[EmployeeRecord],
    ) -> StoreResult<WorkforceSnapshot> {
        fields.validate().map_err(StoreError::Invalid)?;
        check_people(people)?;
        let mut tx = self.begin().await?;
        let date = fields.snapshot_date.to_string();
        let taken = sqlx::query(
            "SELECT id FROM workforce_snapshots WHERE org_id = $1 AND snapshot_date = $2",
        )
        .bind(org)
        .bind(date.clone())
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend_error)?;
        if taken.is_some() {
            return Err(invalid(
                "snapshot_date",
                format!(
                    "There is already a workforce snapshot for {date}. Delete it first if this one replaces it"
                ),
            ));
        }
        let row = dynamic(format!(
            "INSERT INTO workforce_snapshots (org_id, snapshot_date, employees, data, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING {SNAPSHOT_COLUMNS}"
        ))
        .bind(org)
        .bind(date)
        .bind(people.len() as i64)
        .bind(to_json(&fields)?)
        .bind(records::now())
        .bind(actor.name.clone())
        .fetch_one(&mut **tx)
        .await
        .map_err(backend_error)?;
        let snapshot = snapshot_from(&row)?;
        for chunk in people.chunks(BATCH) {
            insert_people(&mut tx, snapshot.id, chunk, self.postgres).await?;
        }
        records::audit(
            &mut tx,
            Some(org),
            actor,
            SNAPSHOTS.entity,
            snapshot.id,
            "create",
            None,
            Some(&to_json(&snapshot)?),
        )
        .await?;
        self.commit(tx).await?;
        Ok(snapshot)
    }

    async fn snapshots(&self, org: i64) -> StoreResult<Vec<WorkforceSnapshot>> {
        dynamic(format!(
            "SELECT {SNAPSHOT_COLUMNS} FROM workforce_snapshots WHERE org_id = $1 ORDER BY snapshot_date DESC"
        ))
        .bind(org)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?
        .iter()
        .map(snapshot_from)
        .collect()
    }

    async fn snapshot(&self, org: i64, id: i64) -> StoreResult<WorkforceSnapshot> {
        let mut tx = self.begin_read().await?;
        let found = Self::snapshot_tx(&mut tx, org, id).await;
        tx.commit().await.map_err(backend_error)?;
        found
    }

    async fn snapshot_people(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
    ) -> StoreResult<Vec<EmployeeRecord>> {
        let mut tx = self.begin().await?;
        Self::snapshot_tx(&mut tx, org, id).await?;
        let rows = dynamic(format!(
            "SELECT {COLUMNS} FROM workforce_records WHERE snapshot_id = $1 ORDER BY pseudonym"
        ))
        .bind(id)
        .fetch_all(&mut **tx)
        .await
        .map_err(backend_error)?;
        let people = rows
            .iter()
            .map(person_from)
            .collect::<StoreResult<Vec<_>>>()?;
        records::audit(
            &mut tx,
            Some(org),
            actor,
            SNAPSHOTS.entity,
            id,
            "viewed",
            None,
            None,
        )
        .await?;
        self.commit(tx).await?;
        Ok(people)
    }

    async fn snapshot_report(&self, org: i64, id: i64) -> StoreResult<Option<String>> {
        let row =
            sqlx::query("SELECT report FROM workforce_snapshots WHERE org_id = $1 AND id = $2")
                .bind(org)
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend_error)?
                .ok_or(StoreError::NotFound(SNAPSHOTS.entity))?;
        get(&row, "report")
    }

    async fn keep_snapshot_report(&self, org: i64, id: i64, report: &str) -> StoreResult<()> {
        // Derived figures, not a change anyone made: no audit record, no change marker.
        let done =
            sqlx::query("UPDATE workforce_snapshots SET report = $1 WHERE org_id = $2 AND id = $3")
                .bind(report.to_string())
                .bind(org)
                .bind(id)
                .execute(&self.pool)
                .await
                .map_err(backend_error)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(SNAPSHOTS.entity));
        }
        Ok(())
    }

    async fn delete_snapshot(&self, actor: &Actor, org: i64, id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let snapshot = Self::snapshot_tx(&mut tx, org, id).await?;
        sqlx::query("DELETE FROM workforce_records WHERE snapshot_id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        sqlx::query("DELETE FROM workforce_snapshots WHERE org_id = $1 AND id = $2")
            .bind(org)
            .bind(id)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        records::audit(
            &mut tx,
            Some(org),
            actor,
            SNAPSHOTS.entity,
            id,
            "delete",
            Some(&to_json(&snapshot)?),
            None,
        )
        .await?;
        self.commit(tx).await
    }
}

impl SqlStore {
    /// A snapshot of this organisation, read inside `tx`.
    async fn snapshot_tx(tx: &mut Tx<'_>, org: i64, id: i64) -> StoreResult<WorkforceSnapshot> {
        let row = dynamic(format!(
            "SELECT {SNAPSHOT_COLUMNS} FROM workforce_snapshots WHERE org_id = $1 AND id = $2"
        ))
        .bind(org)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend_error)?
        .ok_or(StoreError::NotFound(SNAPSHOTS.entity))?;
        snapshot_from(&row)
    }
}

/// The checks the database cannot make itself, so a bad record is refused before anything is
/// written.
pub(crate) fn check_people(people: &[EmployeeRecord]) -> StoreResult<()> {
    let mut seen = std::collections::HashSet::with_capacity(people.len());
    for (i, p) in people.iter().enumerate() {
        let at = |m: &str| invalid("people", format!("Person {}: {m}", i + 1));
        if p.pseudonym.len() != 32 || !p.pseudonym.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(at("the pseudonym is not 32 hexadecimal digits"));
        }
        if !seen.insert(p.pseudonym.as_str()) {
            return Err(at("appears twice"));
        }
        if let Some((num, den)) = p.rate
            && (num <= 0 || den <= 0)
        {
            return Err(at("the hourly rate must be more than zero"));
        }
        if p.bonus_pence < 0 {
            return Err(at("bonus pay cannot be less than zero"));
        }
        p.check_codes().map_err(|m| at(&m))?;
    }
    Ok(())
}

async fn insert_people(
    tx: &mut Tx<'_>,
    snapshot: i64,
    people: &[EmployeeRecord],
    postgres: bool,
) -> StoreResult<()> {
    // SQLite looks up each numbered parameter by walking a list of all of them, which makes a
    // statement with thousands of them slow: there, plain `?` parameters are bound in order.
    let rows: Vec<String> = (0..people.len())
        .map(|r| {
            let params: Vec<String> = (1..=PER_ROW)
                .map(|c| {
                    if postgres {
                        format!("${}", r * PER_ROW + c)
                    } else {
                        "?".to_string()
                    }
                })
                .collect();
            format!("({})", params.join(", "))
        })
        .collect();
    let mut q = dynamic(format!(
        "INSERT INTO workforce_records ({COLUMNS}) VALUES {}",
        rows.join(", ")
    ));
    for p in people {
        q = q.bind(snapshot).bind(p.pseudonym.clone());
        for code in p.codes {
            q = q.bind(i64::from(code));
        }
        q = q
            .bind(p.directorate.clone())
            .bind(p.grade.clone())
            .bind(p.rate.map(|r| r.0))
            .bind(p.rate.map(|r| r.1))
            .bind(p.bonus_pence);
    }
    q.execute(&mut **tx).await.map_err(backend_error)?;
    Ok(())
}

fn person_from(r: &AnyRow) -> StoreResult<EmployeeRecord> {
    let code = |c: &str| -> StoreResult<u8> {
        u8::try_from(get::<i64>(r, c)?)
            .map_err(|_| StoreError::Backend(format!("a stored {c} code is out of range")))
    };
    let num: Option<i64> = get(r, "rate_num")?;
    let den: Option<i64> = get(r, "rate_den")?;
    Ok(EmployeeRecord {
        pseudonym: get(r, "pseudonym")?,
        codes: [
            code("sex")?,
            code("ethnicity")?,
            code("disability")?,
            code("religion")?,
            code("sexual_orientation")?,
            code("age_band")?,
        ],
        directorate: get(r, "directorate")?,
        grade: get(r, "grade")?,
        rate: num.zip(den),
        bonus_pence: get(r, "bonus_pence")?,
    })
}
