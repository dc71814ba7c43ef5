//! `Store` on SQLite and PostgreSQL through one set of statements.

use crate::docs::{
    self, Table, Tx, Val, check_ids, dynamic, from_json, get, get_date, search_text, to_json,
};
use crate::{backend_error, migrate};
use async_trait::async_trait;
use dueregard_core::account::{ApiToken, NewUser, SessionRecord, User};
use dueregard_core::assessment::{
    AssessmentFields, Decision, DecisionFields, ImpactAssessment, Step,
};
use dueregard_core::backup::{BACKUP_FORMAT, Backup, BackupTable, BackupValue};
use dueregard_core::dashboard::{ActionRow, PlanRow};
use dueregard_core::import::*;
use dueregard_core::objective::{EqualityObjective, ObjectiveFields};
use dueregard_core::org::*;
use dueregard_core::plan::*;
use dueregard_core::progress::{ActionProgress, ProgressStatus, ProgressUpdate, UpdateFields};
use dueregard_core::store::*;
use dueregard_core::target_date::TargetDate;
use dueregard_core::validate::ValidationErrors;
use dueregard_core::vocab::{Nation, Role};
use dueregard_core::workforce::{EmployeeRecord, SnapshotFields, WorkforceSnapshot};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};

/// A write transaction, holding this process's turn to write on SQLite until it ends.
pub(crate) struct WriteTx {
    tx: Tx<'static>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTx {
    /// Commits without counting a change: for transactions that may have written nothing.
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = Tx<'static>;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

const DIRECTORATES: Table = Table {
    name: "directorates",
    entity: "directorate",
};
const PEOPLE: Table = Table {
    name: "people",
    entity: "person",
};
const COMMITTEES: Table = Table {
    name: "committees",
    entity: "committee",
};
const LOCAL: Table = Table {
    name: "local_characteristics",
    entity: "local characteristic",
};
const OBJECTIVES: Table = Table {
    name: "objectives",
    entity: "equality objective",
};
const PLANS: Table = Table {
    name: "plans",
    entity: "action plan",
};
const PRIORITIES: Table = Table {
    name: "priorities",
    entity: "priority",
};
const PLAN_OBJECTIVES: Table = Table {
    name: "plan_objectives",
    entity: "plan objective",
};
const OUTCOMES: Table = Table {
    name: "outcomes",
    entity: "outcome",
};
const GLOSSARY: Table = Table {
    name: "glossary",
    entity: "glossary entry",
};
const ACTIONS: Table = Table {
    name: "actions",
    entity: "action",
};

/// Tables in the order a restore must fill them (parents first). Sessions and sign-in failures
/// are left out of backups: they are short-lived secrets.
const BACKUP_TABLES: &[&str] = &[
    "organisations",
    "directorates",
    "people",
    "committees",
    "local_characteristics",
    "objectives",
    "plans",
    "priorities",
    "plan_objectives",
    "outcomes",
    "glossary",
    "actions",
    "action_leads",
    "action_objectives",
    "updates",
    "users",
    "api_tokens",
    "imports",
    "assessments",
    "decisions",
    "workforce_secrets",
    "workforce_snapshots",
    "workforce_records",
    "audit",
];

pub struct SqlStore {
    pub(crate) pool: AnyPool,
    /// SQLite allows one writer at a time. Writers in this process queue here for their turn
    /// instead of holding a pooled connection while SQLite's busy handler polls.
    writer: Option<std::sync::Arc<tokio::sync::Mutex<()>>>,
    /// Commits made through this handle; see `Store::local_changes`.
    changes: std::sync::atomic::AtomicU64,
    pub(crate) postgres: bool,
    schema_version: i64,
}

impl SqlStore {
    pub async fn connect(url: &str) -> StoreResult<SqlStore> {
        sqlx::any::install_default_drivers();
        let postgres = url.starts_with("postgres://") || url.starts_with("postgresql://");
        if !postgres && !url.starts_with("sqlite:") {
            return Err(StoreError::Backend(format!(
                "unsupported database URL '{url}': use sqlite://PATH or postgres://…"
            )));
        }
        let pool = AnyPoolOptions::new()
            .max_connections(if postgres { 10 } else { 4 })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if !postgres {
                        // Foreign keys are off by default in SQLite; WAL lets readers and a
                        // writer work at once; the busy timeout queues writers instead of failing.
                        sqlx::raw_sql("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await
            .map_err(|e| StoreError::Backend(format!("could not open the database: {e}")))?;
        if !postgres {
            sqlx::raw_sql("PRAGMA journal_mode = WAL;")
                .execute(&pool)
                .await
                .map_err(backend_error)?;
        }
        let schema_version = migrate::run(
            &pool,
            if postgres {
                migrate::POSTGRES
            } else {
                migrate::SQLITE
            },
        )
        .await?;
        Ok(SqlStore {
            pool,
            writer: (!postgres).then(|| std::sync::Arc::new(tokio::sync::Mutex::new(()))),
            changes: std::sync::atomic::AtomicU64::new(0),
            postgres,
            schema_version,
        })
    }

    /// Commits, then counts the change for this process's readers (after, so nobody caches the
    /// state from before the commit under the new count).
    pub(crate) async fn commit(&self, tx: WriteTx) -> StoreResult<()> {
        tx.tx.commit().await.map_err(backend_error)?;
        self.changes
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    /// Starts a write transaction. On SQLite it takes the write lock at its start (`BEGIN
    /// IMMEDIATE`): a deferred transaction that reads and then writes cannot wait for the lock
    /// and fails with "database is locked" when another writer got there first. Waiting here,
    /// in this process's queue and then SQLite's busy timeout for other processes, replaces
    /// failing.
    pub(crate) async fn begin(&self) -> StoreResult<WriteTx> {
        let turn = match &self.writer {
            Some(w) => Some(w.clone().lock_owned().await),
            None => None,
        };
        let tx = if self.postgres {
            self.pool.begin().await
        } else {
            self.pool.begin_with("BEGIN IMMEDIATE").await
        }
        .map_err(backend_error)?;
        Ok(WriteTx { tx, _turn: turn })
    }

    /// Rows of a record table for one organisation, optionally under one parent.
    async fn rows(
        &self,
        table: Table,
        org: i64,
        parent: Option<(&str, i64)>,
        order: &str,
    ) -> StoreResult<Vec<AnyRow>> {
        let sql = match parent {
            Some((col, _)) => format!(
                "SELECT * FROM {} WHERE org_id = $1 AND {col} = $2 ORDER BY {order}",
                table.name
            ),
            None => format!(
                "SELECT * FROM {} WHERE org_id = $1 AND $2 = $2 ORDER BY {order}",
                table.name
            ),
        };
        dynamic(sql)
            .bind(org)
            .bind(parent.map_or(0, |p| p.1))
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)
    }

    async fn row(&self, table: Table, org: i64, id: i64) -> StoreResult<AnyRow> {
        let sql = format!("SELECT * FROM {} WHERE org_id = $1 AND id = $2", table.name);
        dynamic(sql)
            .bind(org)
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?
            .ok_or(StoreError::NotFound(table.entity))
    }

    async fn row_tx(tx: &mut Tx<'_>, table: Table, org: i64, id: i64) -> StoreResult<AnyRow> {
        let sql = format!("SELECT * FROM {} WHERE org_id = $1 AND id = $2", table.name);
        dynamic(sql)
            .bind(org)
            .bind(id)
            .fetch_optional(&mut **tx)
            .await
            .map_err(backend_error)?
            .ok_or(StoreError::NotFound(table.entity))
    }

    /// Creates a simple record (no parent) and reads it back.
    async fn create_simple<F: Serialize>(
        &self,
        actor: &Actor,
        table: Table,
        org: i64,
        label: &str,
        search: &str,
        fields: &F,
    ) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let id = docs::insert(
            &mut tx,
            actor,
            table,
            org,
            label,
            search,
            &to_json(fields)?,
            &[],
        )
        .await?;
        self.commit(tx).await?;
        Ok(id)
    }

    // Each kind of record checks what it refers to in one place, for creating and editing alike.

    async fn check_person_refs(
        tx: &mut Tx<'_>,
        org: i64,
        fields: &PersonFields,
    ) -> StoreResult<()> {
        let mut e = ValidationErrors::new();
        check_ids(
            tx,
            &mut e,
            "directorates",
            org,
            fields.directorate_id.as_slice(),
            None,
            "directorate_id",
            "Select a directorate of this organisation",
        )
        .await?;
        e.finish(()).map_err(StoreError::Invalid)
    }

    async fn check_plan_refs(tx: &mut Tx<'_>, org: i64, fields: &PlanFields) -> StoreResult<()> {
        let mut e = ValidationErrors::new();
        check_ids(
            tx,
            &mut e,
            "directorates",
            org,
            fields.directorate_id.as_slice(),
            None,
            "directorate_id",
            "Select a directorate of this organisation",
        )
        .await?;
        check_ids(
            tx,
            &mut e,
            "committees",
            org,
            fields.committee_id.as_slice(),
            None,
            "committee_id",
            "Select a committee of this organisation",
        )
        .await?;
        e.finish(()).map_err(StoreError::Invalid)
    }

    async fn check_plan_objective_refs(
        tx: &mut Tx<'_>,
        org: i64,
        plan_id: i64,
        fields: &PlanObjectiveFields,
    ) -> StoreResult<()> {
        let mut e = ValidationErrors::new();
        check_ids(
            tx,
            &mut e,
            "priorities",
            org,
            &[fields.priority_id],
            Some(("plan_id", plan_id)),
            "priority_id",
            "Select a priority of this plan",
        )
        .await?;
        check_ids(
            tx,
            &mut e,
            "people",
            org,
            &fields.lead_ids,
            None,
            "lead_ids",
            "Select lead officers from this organisation's people",
        )
        .await?;
        e.finish(()).map_err(StoreError::Invalid)
    }

    // The inserts below check their references and write their audit entries inside the caller's
    // transaction, so one change (a form) and a whole import share the same rules.

    async fn insert_person(
        tx: &mut Tx<'_>,
        actor: &Actor,
        org: i64,
        fields: &PersonFields,
    ) -> StoreResult<i64> {
        Self::check_person_refs(tx, org, fields).await?;
        let search = search_text(&[
            &fields.name,
            fields.initials.as_deref().unwrap_or(""),
            fields.job_title.as_deref().unwrap_or(""),
        ]);
        docs::insert(
            tx,
            actor,
            PEOPLE,
            org,
            &fields.name,
            &search,
            &to_json(fields)?,
            &[],
        )
        .await
    }

    async fn insert_plan(
        tx: &mut Tx<'_>,
        actor: &Actor,
        org: i64,
        fields: &PlanFields,
    ) -> StoreResult<i64> {
        Self::check_plan_refs(tx, org, fields).await?;
        let search = search_text(&[&fields.title]);
        docs::insert(
            tx,
            actor,
            PLANS,
            org,
            &fields.title,
            &search,
            &to_json(fields)?,
            &[],
        )
        .await
    }

    async fn insert_priority(
        tx: &mut Tx<'_>,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: &PriorityFields,
    ) -> StoreResult<i64> {
        let label = format!("Priority {}. {}", fields.number, fields.title);
        docs::insert(
            tx,
            actor,
            PRIORITIES,
            org,
            &label,
            &search_text(&[&label]),
            &to_json(fields)?,
            &[("plan_id", Val::int(plan_id))],
        )
        .await
    }

    async fn insert_plan_objective(
        tx: &mut Tx<'_>,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: &PlanObjectiveFields,
    ) -> StoreResult<i64> {
        Self::check_plan_objective_refs(tx, org, plan_id, fields).await?;
        let label = format!("{}. {}", fields.code, fields.title);
        docs::insert(
            tx,
            actor,
            PLAN_OBJECTIVES,
            org,
            &label,
            &search_text(&[&label]),
            &to_json(fields)?,
            &[("plan_id", Val::int(plan_id))],
        )
        .await
    }

    async fn insert_glossary(
        tx: &mut Tx<'_>,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: &GlossaryFields,
    ) -> StoreResult<i64> {
        let search = search_text(&[&fields.term, &fields.meaning]);
        docs::insert(
            tx,
            actor,
            GLOSSARY,
            org,
            &fields.term,
            &search,
            &to_json(fields)?,
            &[("plan_id", Val::int(plan_id))],
        )
        .await
    }

    async fn insert_action(
        tx: &mut Tx<'_>,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: &ActionFields,
    ) -> StoreResult<i64> {
        let (reference, due) = Self::prepare_action(tx, org, plan_id, fields).await?;
        let extra = [
            ("plan_id", Val::int(plan_id)),
            ("objective_id", Val::int(fields.objective_id)),
            ("reference", Val::text(reference.clone())),
            ("target_text", Val::text(fields.target_text.clone())),
            ("due_by", Val::Text(due)),
        ];
        let search = search_text(&[&reference, &fields.text]);
        let id = docs::insert(
            tx,
            actor,
            ACTIONS,
            org,
            &fields.text,
            &search,
            &to_json(fields)?,
            &extra,
        )
        .await?;
        Self::write_action_links(tx, id, fields).await?;
        Ok(id)
    }

    async fn insert_objective(
        tx: &mut Tx<'_>,
        actor: &Actor,
        org: i64,
        fields: &ObjectiveFields,
    ) -> StoreResult<i64> {
        let search = search_text(&[&fields.title, fields.description.as_deref().unwrap_or("")]);
        docs::insert(
            tx,
            actor,
            OBJECTIVES,
            org,
            &fields.title,
            &search,
            &to_json(fields)?,
            &[("status", Val::text(fields.status.key()))],
        )
        .await
    }

    /// The same document again is refused unless the person chose to import it again (for a
    /// plan: as a new version of the plan it made before).
    async fn refuse_repeat_import(
        tx: &mut Tx<'_>,
        org: i64,
        kind: &str,
        source: &ImportSource,
        again: bool,
    ) -> StoreResult<()> {
        if again {
            return Ok(());
        }
        let earlier = sqlx::query(
            "SELECT * FROM imports WHERE org_id = $1 AND kind = $2 AND fingerprint = $3 ORDER BY id DESC",
        )
        .bind(org)
        .bind(kind.to_string())
        .bind(source.fingerprint.clone())
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend_error)?;
        match earlier {
            None => Ok(()),
            Some(row) => {
                let earlier = import_record(&row)?;
                let what = if kind == "plan" {
                    "Import it as a new version of the plan it made, or choose another file"
                } else {
                    "Confirm that you want its objectives added again, or choose another file"
                };
                Err(StoreError::Invalid(ValidationErrors::single(
                    "file",
                    format!(
                        "This document ({}) was imported before, on {}. {what}",
                        earlier.file_name,
                        earlier
                            .imported_at
                            .get(..10)
                            .unwrap_or(&earlier.imported_at)
                    ),
                )))
            }
        }
    }

    async fn record_import(
        tx: &mut Tx<'_>,
        actor: &Actor,
        org: i64,
        kind: &str,
        source: &ImportSource,
        plan_id: Option<i64>,
        replaces_plan_id: Option<i64>,
    ) -> StoreResult<()> {
        let row = sqlx::query(
            "INSERT INTO imports (org_id, kind, file_name, fingerprint, plan_id, replaces_plan_id, imported_at, imported_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *",
        )
        .bind(org)
        .bind(kind.to_string())
        .bind(source.file_name.clone())
        .bind(source.fingerprint.clone())
        .bind(plan_id)
        .bind(replaces_plan_id)
        .bind(docs::now())
        .bind(actor.name.clone())
        .fetch_one(&mut **tx)
        .await
        .map_err(backend_error)?;
        let record = import_record(&row)?;
        docs::audit(
            tx,
            Some(org),
            actor,
            "import",
            record.id,
            "create",
            None,
            Some(&to_json(&record)?),
        )
        .await
    }

    async fn plan_period(tx: &mut Tx<'_>, org: i64, plan_id: i64) -> StoreResult<PlanFields> {
        let row = Self::row_tx(tx, PLANS, org, plan_id).await?;
        from_json(&PLANS, &get::<String>(&row, "data")?)
    }

    /// Checks an action's references and works out its reference ("CE2 (3)") and due date.
    async fn prepare_action(
        tx: &mut Tx<'_>,
        org: i64,
        plan_id: i64,
        fields: &ActionFields,
    ) -> StoreResult<(String, Option<String>)> {
        let plan = Self::plan_period(tx, org, plan_id).await?;
        let mut e = ValidationErrors::new();
        check_ids(
            tx,
            &mut e,
            "plan_objectives",
            org,
            &[fields.objective_id],
            Some(("plan_id", plan_id)),
            "objective_id",
            "Select an objective of this plan",
        )
        .await?;
        check_ids(
            tx,
            &mut e,
            "people",
            org,
            &fields.lead_ids,
            None,
            "lead_ids",
            "Select lead officers from this organisation's people",
        )
        .await?;
        check_ids(
            tx,
            &mut e,
            "objectives",
            org,
            &fields.equality_objective_ids,
            None,
            "equality_objective_ids",
            "Select equality objectives of this organisation",
        )
        .await?;
        if let Some(o) = fields.outcome_id {
            check_ids(
                tx,
                &mut e,
                "outcomes",
                org,
                &[o],
                Some(("plan_id", plan_id)),
                "outcome_id",
                "Select an outcome of this plan",
            )
            .await?;
        }
        if !e.is_empty() {
            return Err(StoreError::Invalid(e));
        }
        let objective = Self::row_tx(tx, PLAN_OBJECTIVES, org, fields.objective_id).await?;
        let objective: PlanObjectiveFields =
            from_json(&PLAN_OBJECTIVES, &get::<String>(&objective, "data")?)?;
        let reference = match fields.number {
            Some(n) => format!("{} ({n})", objective.code),
            None => objective.code.clone(),
        };
        let due = TargetDate::parse(&fields.target_text, Some(plan.period))
            .due_by()
            .map(|d| d.to_string());
        Ok((reference, due))
    }

    async fn write_action_links(
        tx: &mut Tx<'_>,
        id: i64,
        fields: &ActionFields,
    ) -> StoreResult<()> {
        for table in ["action_leads", "action_objectives"] {
            dynamic(format!("DELETE FROM {table} WHERE action_id = $1"))
                .bind(id)
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        for p in &fields.lead_ids {
            sqlx::query("INSERT INTO action_leads (action_id, person_id) VALUES ($1, $2)")
                .bind(id)
                .bind(*p)
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        for o in &fields.equality_objective_ids {
            sqlx::query("INSERT INTO action_objectives (action_id, objective_id) VALUES ($1, $2)")
                .bind(id)
                .bind(*o)
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        Ok(())
    }

    async fn new_outcome(
        tx: &mut Tx<'_>,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        text: &str,
    ) -> StoreResult<i64> {
        let fields = OutcomeFields {
            text: text.to_string(),
        };
        docs::insert(
            tx,
            actor,
            OUTCOMES,
            org,
            text,
            &search_text(&[text]),
            &to_json(&fields)?,
            &[("plan_id", Val::int(plan_id))],
        )
        .await
    }

    async fn action_rows_where(
        &self,
        sql_filter: &str,
        org: i64,
        arg: i64,
    ) -> StoreResult<Vec<ActionRow>> {
        let sql = format!(
            "SELECT a.id, a.plan_id, a.reference, a.label, a.target_text, a.due_by, a.latest_status, a.latest_update_on \
             FROM actions a WHERE a.org_id = $1 AND {sql_filter} ORDER BY a.plan_id, a.id"
        );
        let rows = dynamic(sql)
            .bind(org)
            .bind(arg)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?;
        rows.iter().map(action_row).collect()
    }

    /// Values of one column of a row, read as whatever it holds.
    fn backup_value(row: &AnyRow, i: usize) -> BackupValue {
        if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
            return v.map_or(BackupValue::Null, BackupValue::Int);
        }
        match row.try_get::<Option<String>, _>(i) {
            Ok(Some(s)) => BackupValue::Text(s),
            _ => BackupValue::Null,
        }
    }
}

fn audit_entry(r: &AnyRow) -> StoreResult<AuditEntry> {
    Ok(AuditEntry {
        id: get(r, "id")?,
        at: get(r, "at")?,
        actor: get(r, "actor")?,
        entity: get(r, "entity")?,
        entity_id: get(r, "entity_id")?,
        change: get(r, "change")?,
        before: get(r, "before_data")?,
        after: get(r, "after_data")?,
    })
}

fn action_row(r: &AnyRow) -> StoreResult<ActionRow> {
    let status: Option<String> = get(r, "latest_status")?;
    Ok(ActionRow {
        id: get(r, "id")?,
        plan_id: get(r, "plan_id")?,
        reference: get(r, "reference")?,
        text: get(r, "label")?,
        target_text: get(r, "target_text")?,
        due_by: get_date(r, "due_by")?,
        progress: ActionProgress {
            latest_status: status.as_deref().and_then(ProgressStatus::from_key),
            latest_update_on: get_date(r, "latest_update_on")?,
        },
    })
}

fn data<F: DeserializeOwned>(table: Table, row: &AnyRow) -> StoreResult<F> {
    from_json(&table, &get::<String>(row, "data")?)
}

fn id_version(row: &AnyRow) -> StoreResult<(i64, i64)> {
    Ok((get(row, "id")?, get(row, "version")?))
}

fn organisation(r: &AnyRow) -> StoreResult<Organisation> {
    let nation: String = get(r, "nation")?;
    Ok(Organisation {
        id: get(r, "id")?,
        slug: get(r, "slug")?,
        name: get(r, "name")?,
        nation: Nation::from_key(&nation)
            .ok_or_else(|| StoreError::Backend(format!("unknown nation '{nation}'")))?,
        headcount: get(r, "headcount")?,
    })
}

fn user(r: &AnyRow) -> StoreResult<User> {
    let role: String = get(r, "role")?;
    Ok(User {
        id: get(r, "id")?,
        org_id: get(r, "org_id")?,
        email: get(r, "email")?,
        name: get(r, "name")?,
        role: Role::from_key(&role)
            .ok_or_else(|| StoreError::Backend(format!("unknown role '{role}'")))?,
        person_id: get(r, "person_id")?,
    })
}

fn token(r: &AnyRow) -> StoreResult<ApiToken> {
    Ok(ApiToken {
        id: get(r, "id")?,
        user_id: get(r, "user_id")?,
        name: get(r, "name")?,
        created_at: get(r, "created_at")?,
        revoked_at: get(r, "revoked_at")?,
    })
}

fn directorate(r: &AnyRow) -> StoreResult<Directorate> {
    let (id, version) = id_version(r)?;
    Ok(Directorate {
        id,
        version,
        fields: data(DIRECTORATES, r)?,
    })
}
fn person(r: &AnyRow) -> StoreResult<Person> {
    let (id, version) = id_version(r)?;
    Ok(Person {
        id,
        version,
        fields: data(PEOPLE, r)?,
    })
}
fn objective(r: &AnyRow) -> StoreResult<EqualityObjective> {
    let (id, version) = id_version(r)?;
    Ok(EqualityObjective {
        id,
        version,
        fields: data(OBJECTIVES, r)?,
    })
}
fn plan(r: &AnyRow) -> StoreResult<ActionPlan> {
    let (id, version) = id_version(r)?;
    Ok(ActionPlan {
        id,
        version,
        fields: data(PLANS, r)?,
    })
}
fn priority(r: &AnyRow) -> StoreResult<Priority> {
    let (id, version) = id_version(r)?;
    Ok(Priority {
        id,
        version,
        plan_id: get(r, "plan_id")?,
        fields: data(PRIORITIES, r)?,
    })
}
fn plan_objective(r: &AnyRow) -> StoreResult<PlanObjective> {
    let (id, version) = id_version(r)?;
    Ok(PlanObjective {
        id,
        version,
        plan_id: get(r, "plan_id")?,
        fields: data(PLAN_OBJECTIVES, r)?,
    })
}
fn outcome(r: &AnyRow) -> StoreResult<Outcome> {
    let (id, version) = id_version(r)?;
    Ok(Outcome {
        id,
        version,
        plan_id: get(r, "plan_id")?,
        fields: data(OUTCOMES, r)?,
    })
}
fn glossary(r: &AnyRow) -> StoreResult<GlossaryEntry> {
    let (id, version) = id_version(r)?;
    Ok(GlossaryEntry {
        id,
        version,
        plan_id: get(r, "plan_id")?,
        fields: data(GLOSSARY, r)?,
    })
}
fn action(r: &AnyRow) -> StoreResult<Action> {
    let (id, version) = id_version(r)?;
    let status: Option<String> = get(r, "latest_status")?;
    Ok(Action {
        id,
        version,
        plan_id: get(r, "plan_id")?,
        fields: data(ACTIONS, r)?,
        progress: ActionProgress {
            latest_status: status.as_deref().and_then(ProgressStatus::from_key),
            latest_update_on: get_date(r, "latest_update_on")?,
        },
    })
}

fn import_record(r: &AnyRow) -> StoreResult<ImportRecord> {
    Ok(ImportRecord {
        id: get(r, "id")?,
        kind: get(r, "kind")?,
        file_name: get(r, "file_name")?,
        fingerprint: get(r, "fingerprint")?,
        plan_id: get(r, "plan_id")?,
        replaces_plan_id: get(r, "replaces_plan_id")?,
        imported_at: get(r, "imported_at")?,
        imported_by: get(r, "imported_by")?,
    })
}

fn like_pattern(query: &str) -> String {
    let escaped: String = query
        .to_lowercase()
        .chars()
        .flat_map(|c| {
            if matches!(c, '%' | '_' | '\\') {
                vec!['\\', c]
            } else {
                vec![c]
            }
        })
        .collect();
    format!("%{escaped}%")
}

fn valid_identifier(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

#[async_trait]
impl Store for SqlStore {
    fn local_changes(&self) -> u64 {
        self.changes.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn backend(&self) -> &'static str {
        if self.postgres { "postgres" } else { "sqlite" }
    }

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
            .bind(docs::now())
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
        docs::audit(
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
        self.rows(DIRECTORATES, org, None, "label")
            .await?
            .iter()
            .map(directorate)
            .collect()
    }

    async fn create_directorate(
        &self,
        actor: &Actor,
        org: i64,
        fields: DirectorateFields,
    ) -> StoreResult<Directorate> {
        let id = self
            .create_simple(
                actor,
                DIRECTORATES,
                org,
                &fields.name,
                &search_text(&[&fields.name]),
                &fields,
            )
            .await?;
        directorate(&self.row(DIRECTORATES, org, id).await?)
    }

    async fn update_directorate(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: DirectorateFields,
    ) -> StoreResult<Directorate> {
        let mut tx = self.begin().await?;
        docs::update(
            &mut tx,
            actor,
            DIRECTORATES,
            org,
            id,
            version,
            &fields.name,
            &search_text(&[&fields.name]),
            &to_json(&fields)?,
            &[],
        )
        .await?;
        self.commit(tx).await?;
        directorate(&self.row(DIRECTORATES, org, id).await?)
    }

    async fn people(&self, org: i64) -> StoreResult<Vec<Person>> {
        self.rows(PEOPLE, org, None, "label")
            .await?
            .iter()
            .map(person)
            .collect()
    }

    async fn person(&self, org: i64, id: i64) -> StoreResult<Person> {
        person(&self.row(PEOPLE, org, id).await?)
    }

    async fn create_person(
        &self,
        actor: &Actor,
        org: i64,
        fields: PersonFields,
    ) -> StoreResult<Person> {
        let mut tx = self.begin().await?;
        let id = Self::insert_person(&mut tx, actor, org, &fields).await?;
        self.commit(tx).await?;
        self.person(org, id).await
    }

    async fn update_person(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: PersonFields,
    ) -> StoreResult<Person> {
        let mut tx = self.begin().await?;
        Self::check_person_refs(&mut tx, org, &fields).await?;
        let search = search_text(&[
            &fields.name,
            fields.initials.as_deref().unwrap_or(""),
            fields.job_title.as_deref().unwrap_or(""),
        ]);
        docs::update(
            &mut tx,
            actor,
            PEOPLE,
            org,
            id,
            version,
            &fields.name,
            &search,
            &to_json(&fields)?,
            &[],
        )
        .await?;
        self.commit(tx).await?;
        self.person(org, id).await
    }

    async fn committees(&self, org: i64) -> StoreResult<Vec<Committee>> {
        self.rows(COMMITTEES, org, None, "label")
            .await?
            .iter()
            .map(|r| {
                Ok(Committee {
                    id: get(r, "id")?,
                    version: get(r, "version")?,
                    fields: data(COMMITTEES, r)?,
                })
            })
            .collect()
    }

    async fn create_committee(
        &self,
        actor: &Actor,
        org: i64,
        fields: CommitteeFields,
    ) -> StoreResult<Committee> {
        let id = self
            .create_simple(
                actor,
                COMMITTEES,
                org,
                &fields.name,
                &search_text(&[&fields.name]),
                &fields,
            )
            .await?;
        Ok(Committee {
            id,
            version: 1,
            fields,
        })
    }

    async fn local_characteristics(&self, org: i64) -> StoreResult<Vec<LocalCharacteristic>> {
        self.rows(LOCAL, org, None, "label")
            .await?
            .iter()
            .map(|r| {
                Ok(LocalCharacteristic {
                    id: get(r, "id")?,
                    version: get(r, "version")?,
                    fields: data(LOCAL, r)?,
                })
            })
            .collect()
    }

    async fn create_local_characteristic(
        &self,
        actor: &Actor,
        org: i64,
        fields: LocalCharacteristicFields,
    ) -> StoreResult<LocalCharacteristic> {
        let id = self
            .create_simple(
                actor,
                LOCAL,
                org,
                &fields.name,
                &search_text(&[&fields.name]),
                &fields,
            )
            .await?;
        Ok(LocalCharacteristic {
            id,
            version: 1,
            fields,
        })
    }

    async fn create_user(&self, actor: &Actor, org: i64, new: NewUser) -> StoreResult<User> {
        let mut tx = self.begin().await?;
        let mut e = ValidationErrors::new();
        check_ids(
            &mut tx,
            &mut e,
            "people",
            org,
            new.person_id.as_slice(),
            None,
            "person_id",
            "Select a person of this organisation",
        )
        .await?;
        let taken = sqlx::query("SELECT id FROM users WHERE email = $1")
            .bind(new.email.clone())
            .fetch_optional(&mut **tx)
            .await
            .map_err(backend_error)?;
        if taken.is_some() {
            e.add("email", "A user with this email address already exists");
        }
        if !e.is_empty() {
            return Err(StoreError::Invalid(e));
        }
        let row = sqlx::query("INSERT INTO users (org_id, email, name, role, person_id, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(org)
            .bind(new.email.clone())
            .bind(new.name.clone())
            .bind(new.role.key())
            .bind(new.person_id)
            .bind(new.password_hash.clone())
            .bind(docs::now())
            .fetch_one(&mut **tx)
            .await
            .map_err(backend_error)?;
        let id: i64 = get(&row, "id")?;
        let created = User {
            id,
            org_id: org,
            email: new.email,
            name: new.name,
            role: new.role,
            person_id: new.person_id,
        };
        // The password hash stays out of the audit trail.
        docs::audit(
            &mut tx,
            Some(org),
            actor,
            "user",
            id,
            "create",
            None,
            Some(&to_json(&created)?),
        )
        .await?;
        self.commit(tx).await?;
        Ok(created)
    }

    async fn users(&self, org: i64) -> StoreResult<Vec<User>> {
        let rows = sqlx::query("SELECT * FROM users WHERE org_id = $1 ORDER BY name")
            .bind(org)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?;
        rows.iter().map(user).collect()
    }

    async fn user(&self, id: i64) -> StoreResult<User> {
        let row = sqlx::query("SELECT * FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?;
        user(&row.ok_or(StoreError::NotFound("user"))?)
    }

    async fn user_credentials(&self, email: &str) -> StoreResult<Option<(User, String)>> {
        let row = sqlx::query("SELECT * FROM users WHERE email = $1")
            .bind(email.to_lowercase())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?;
        match row {
            Some(r) => Ok(Some((user(&r)?, get(&r, "password_hash")?))),
            None => Ok(None),
        }
    }

    async fn create_session(&self, s: SessionRecord) -> StoreResult<()> {
        sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(s.token_hash)
            .bind(s.user_id)
            .bind(s.csrf_token)
            .bind(s.expires_at)
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        self.changes
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn session(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<(User, Organisation, String)>> {
        let row = sqlx::query(
            "SELECT u.*, s.csrf_token, o.slug AS org_slug, o.name AS org_name, o.nation AS org_nation, o.headcount AS org_headcount \
             FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.org_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
            .bind(token_hash.to_string())
            .bind(now)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?;
        let Some(r) = row else { return Ok(None) };
        let user = user(&r)?;
        let nation: String = get(&r, "org_nation")?;
        let org = Organisation {
            id: user.org_id,
            slug: get(&r, "org_slug")?,
            name: get(&r, "org_name")?,
            nation: Nation::from_key(&nation)
                .ok_or_else(|| StoreError::Backend(format!("unknown nation '{nation}'")))?,
            headcount: get(&r, "org_headcount")?,
        };
        Ok(Some((user, org, get(&r, "csrf_token")?)))
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash.to_string())
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        self.changes
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn record_login_failure(&self, key: &str, now: i64, since: i64) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM login_failures WHERE at < $1")
            .bind(since)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        sqlx::query("INSERT INTO login_failures (login_key, at) VALUES ($1, $2)")
            .bind(key.to_lowercase())
            .bind(now)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        let row =
            sqlx::query("SELECT COUNT(*) FROM login_failures WHERE login_key = $1 AND at >= $2")
                .bind(key.to_lowercase())
                .bind(since)
                .fetch_one(&mut **tx)
                .await
                .map_err(backend_error)?;
        self.commit(tx).await?;
        row.try_get(0).map_err(backend_error)
    }

    async fn login_failures(&self, key: &str, since: i64) -> StoreResult<i64> {
        let row =
            sqlx::query("SELECT COUNT(*) FROM login_failures WHERE login_key = $1 AND at >= $2")
                .bind(key.to_lowercase())
                .bind(since)
                .fetch_one(&self.pool)
                .await
                .map_err(backend_error)?;
        row.try_get(0).map_err(backend_error)
    }

    async fn clear_login_failures(&self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE login_key = $1")
            .bind(key.to_lowercase())
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    async fn create_token(
        &self,
        actor: &Actor,
        user_id: i64,
        name: &str,
        token_hash: &str,
    ) -> StoreResult<ApiToken> {
        let owner = self.user(user_id).await?;
        let mut tx = self.begin().await?;
        let row = sqlx::query("INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(user_id)
            .bind(name.to_string())
            .bind(token_hash.to_string())
            .bind(docs::now())
            .fetch_one(&mut **tx)
            .await
            .map_err(backend_error)?;
        let id: i64 = get(&row, "id")?;
        let created = token(
            &sqlx::query("SELECT * FROM api_tokens WHERE id = $1")
                .bind(id)
                .fetch_one(&mut **tx)
                .await
                .map_err(backend_error)?,
        )?;
        docs::audit(
            &mut tx,
            Some(owner.org_id),
            actor,
            "api token",
            id,
            "create",
            None,
            Some(&to_json(&created)?),
        )
        .await?;
        self.commit(tx).await?;
        Ok(created)
    }

    async fn tokens(&self, user_id: i64) -> StoreResult<Vec<ApiToken>> {
        let rows = sqlx::query("SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY id")
            .bind(user_id)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?;
        rows.iter().map(token).collect()
    }

    async fn revoke_token(&self, actor: &Actor, user_id: i64, token_id: i64) -> StoreResult<()> {
        let owner = self.user(user_id).await?;
        let mut tx = self.begin().await?;
        let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
            .bind(docs::now())
            .bind(token_id)
            .bind(user_id)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound("API token"));
        }
        docs::audit(
            &mut tx,
            Some(owner.org_id),
            actor,
            "api token",
            token_id,
            "revoke",
            None,
            None,
        )
        .await?;
        self.commit(tx).await?;
        Ok(())
    }

    async fn token_user(&self, token_hash: &str) -> StoreResult<Option<User>> {
        let row = sqlx::query("SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL")
            .bind(token_hash.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?;
        row.as_ref().map(user).transpose()
    }

    async fn objectives(&self, org: i64) -> StoreResult<Vec<EqualityObjective>> {
        self.rows(OBJECTIVES, org, None, "id")
            .await?
            .iter()
            .map(objective)
            .collect()
    }

    async fn objective(&self, org: i64, id: i64) -> StoreResult<EqualityObjective> {
        objective(&self.row(OBJECTIVES, org, id).await?)
    }

    async fn create_objective(
        &self,
        actor: &Actor,
        org: i64,
        fields: ObjectiveFields,
    ) -> StoreResult<EqualityObjective> {
        let mut tx = self.begin().await?;
        let id = Self::insert_objective(&mut tx, actor, org, &fields).await?;
        self.commit(tx).await?;
        self.objective(org, id).await
    }

    async fn update_objective(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: ObjectiveFields,
    ) -> StoreResult<EqualityObjective> {
        let mut tx = self.begin().await?;
        let search = search_text(&[&fields.title, fields.description.as_deref().unwrap_or("")]);
        docs::update(
            &mut tx,
            actor,
            OBJECTIVES,
            org,
            id,
            version,
            &fields.title,
            &search,
            &to_json(&fields)?,
            &[("status", Val::text(fields.status.key()))],
        )
        .await?;
        self.commit(tx).await?;
        self.objective(org, id).await
    }

    async fn plans(&self, org: i64) -> StoreResult<Vec<ActionPlan>> {
        self.rows(PLANS, org, None, "id")
            .await?
            .iter()
            .map(plan)
            .collect()
    }

    async fn plan_tree(&self, org: i64, id: i64) -> StoreResult<PlanTree> {
        let plan = plan(&self.row(PLANS, org, id).await?)?;
        let under = Some(("plan_id", id));
        Ok(PlanTree {
            priorities: self
                .rows(PRIORITIES, org, under, "id")
                .await?
                .iter()
                .map(priority)
                .collect::<StoreResult<_>>()?,
            objectives: self
                .rows(PLAN_OBJECTIVES, org, under, "id")
                .await?
                .iter()
                .map(plan_objective)
                .collect::<StoreResult<_>>()?,
            actions: self
                .rows(ACTIONS, org, under, "id")
                .await?
                .iter()
                .map(action)
                .collect::<StoreResult<_>>()?,
            outcomes: self
                .rows(OUTCOMES, org, under, "id")
                .await?
                .iter()
                .map(outcome)
                .collect::<StoreResult<_>>()?,
            glossary: self
                .rows(GLOSSARY, org, under, "label")
                .await?
                .iter()
                .map(glossary)
                .collect::<StoreResult<_>>()?,
            plan,
        })
    }

    async fn create_plan(
        &self,
        actor: &Actor,
        org: i64,
        fields: PlanFields,
    ) -> StoreResult<ActionPlan> {
        let mut tx = self.begin().await?;
        let id = Self::insert_plan(&mut tx, actor, org, &fields).await?;
        self.commit(tx).await?;
        plan(&self.row(PLANS, org, id).await?)
    }

    async fn update_plan(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: PlanFields,
    ) -> StoreResult<ActionPlan> {
        let mut tx = self.begin().await?;
        Self::check_plan_refs(&mut tx, org, &fields).await?;
        docs::update(
            &mut tx,
            actor,
            PLANS,
            org,
            id,
            version,
            &fields.title,
            &search_text(&[&fields.title]),
            &to_json(&fields)?,
            &[],
        )
        .await?;
        // A new period moves every month written without a year, so due dates are worked out again.
        let rows = sqlx::query("SELECT id, target_text FROM actions WHERE plan_id = $1")
            .bind(id)
            .fetch_all(&mut **tx)
            .await
            .map_err(backend_error)?;
        for r in rows {
            let due = TargetDate::parse(&get::<String>(&r, "target_text")?, Some(fields.period))
                .due_by()
                .map(|d| d.to_string());
            sqlx::query("UPDATE actions SET due_by = $1 WHERE id = $2")
                .bind(due)
                .bind(get::<i64>(&r, "id")?)
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        self.commit(tx).await?;
        plan(&self.row(PLANS, org, id).await?)
    }

    async fn priority(&self, org: i64, id: i64) -> StoreResult<Priority> {
        priority(&self.row(PRIORITIES, org, id).await?)
    }

    async fn plan_objective(&self, org: i64, id: i64) -> StoreResult<PlanObjective> {
        plan_objective(&self.row(PLAN_OBJECTIVES, org, id).await?)
    }

    async fn create_priority(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: PriorityFields,
    ) -> StoreResult<Priority> {
        let mut tx = self.begin().await?;
        Self::row_tx(&mut tx, PLANS, org, plan_id).await?;
        let id = Self::insert_priority(&mut tx, actor, org, plan_id, &fields).await?;
        self.commit(tx).await?;
        priority(&self.row(PRIORITIES, org, id).await?)
    }

    async fn update_priority(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: PriorityFields,
    ) -> StoreResult<Priority> {
        let mut tx = self.begin().await?;
        let label = format!("Priority {}. {}", fields.number, fields.title);
        docs::update(
            &mut tx,
            actor,
            PRIORITIES,
            org,
            id,
            version,
            &label,
            &search_text(&[&label]),
            &to_json(&fields)?,
            &[],
        )
        .await?;
        self.commit(tx).await?;
        priority(&self.row(PRIORITIES, org, id).await?)
    }

    async fn create_plan_objective(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: PlanObjectiveFields,
    ) -> StoreResult<PlanObjective> {
        let mut tx = self.begin().await?;
        Self::row_tx(&mut tx, PLANS, org, plan_id).await?;
        let id = Self::insert_plan_objective(&mut tx, actor, org, plan_id, &fields).await?;
        self.commit(tx).await?;
        plan_objective(&self.row(PLAN_OBJECTIVES, org, id).await?)
    }

    async fn update_plan_objective(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: PlanObjectiveFields,
    ) -> StoreResult<PlanObjective> {
        let mut tx = self.begin().await?;
        let existing = Self::row_tx(&mut tx, PLAN_OBJECTIVES, org, id).await?;
        let plan_id: i64 = get(&existing, "plan_id")?;
        Self::check_plan_objective_refs(&mut tx, org, plan_id, &fields).await?;
        let label = format!("{}. {}", fields.code, fields.title);
        docs::update(
            &mut tx,
            actor,
            PLAN_OBJECTIVES,
            org,
            id,
            version,
            &label,
            &search_text(&[&label]),
            &to_json(&fields)?,
            &[],
        )
        .await?;
        // Actions show the objective's code in their reference.
        let rows = sqlx::query("SELECT id, data FROM actions WHERE objective_id = $1")
            .bind(id)
            .fetch_all(&mut **tx)
            .await
            .map_err(backend_error)?;
        for r in rows {
            let a: ActionFields = data(ACTIONS, &r)?;
            let reference = a
                .number
                .map_or(fields.code.clone(), |n| format!("{} ({n})", fields.code));
            sqlx::query("UPDATE actions SET reference = $1 WHERE id = $2")
                .bind(reference)
                .bind(get::<i64>(&r, "id")?)
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        self.commit(tx).await?;
        plan_objective(&self.row(PLAN_OBJECTIVES, org, id).await?)
    }

    async fn create_outcome(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: OutcomeFields,
    ) -> StoreResult<Outcome> {
        let mut tx = self.begin().await?;
        Self::row_tx(&mut tx, PLANS, org, plan_id).await?;
        let id = Self::new_outcome(&mut tx, actor, org, plan_id, &fields.text).await?;
        self.commit(tx).await?;
        outcome(&self.row(OUTCOMES, org, id).await?)
    }

    async fn create_glossary_entry(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: GlossaryFields,
    ) -> StoreResult<GlossaryEntry> {
        let mut tx = self.begin().await?;
        Self::row_tx(&mut tx, PLANS, org, plan_id).await?;
        let id = Self::insert_glossary(&mut tx, actor, org, plan_id, &fields).await?;
        self.commit(tx).await?;
        glossary(&self.row(GLOSSARY, org, id).await?)
    }

    async fn action(&self, org: i64, id: i64) -> StoreResult<Action> {
        action(&self.row(ACTIONS, org, id).await?)
    }

    async fn create_action(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        mut fields: ActionFields,
        new_outcome: Option<String>,
    ) -> StoreResult<Action> {
        let mut tx = self.begin().await?;
        if let Some(text) = new_outcome.as_deref() {
            Self::row_tx(&mut tx, PLANS, org, plan_id).await?;
            fields.outcome_id = Some(Self::new_outcome(&mut tx, actor, org, plan_id, text).await?);
        }
        let id = Self::insert_action(&mut tx, actor, org, plan_id, &fields).await?;
        self.commit(tx).await?;
        self.action(org, id).await
    }

    async fn update_action(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        mut fields: ActionFields,
        new_outcome: Option<String>,
    ) -> StoreResult<Action> {
        let mut tx = self.begin().await?;
        let existing = Self::row_tx(&mut tx, ACTIONS, org, id).await?;
        let plan_id: i64 = get(&existing, "plan_id")?;
        let current: i64 = get(&existing, "version")?;
        if current != version {
            return Err(StoreError::Conflict {
                entity: ACTIONS.entity,
                id,
                yours: version,
                current,
            });
        }
        if let Some(text) = new_outcome.as_deref() {
            fields.outcome_id = Some(Self::new_outcome(&mut tx, actor, org, plan_id, text).await?);
        }
        let (reference, due) = Self::prepare_action(&mut tx, org, plan_id, &fields).await?;
        let extra = [
            ("objective_id", Val::int(fields.objective_id)),
            ("reference", Val::text(reference.clone())),
            ("target_text", Val::text(fields.target_text.clone())),
            ("due_by", Val::Text(due)),
        ];
        let search = search_text(&[&reference, &fields.text]);
        docs::update(
            &mut tx,
            actor,
            ACTIONS,
            org,
            id,
            version,
            &fields.text,
            &search,
            &to_json(&fields)?,
            &extra,
        )
        .await?;
        Self::write_action_links(&mut tx, id, &fields).await?;
        self.commit(tx).await?;
        self.action(org, id).await
    }

    async fn add_update(
        &self,
        actor: &Actor,
        org: i64,
        action_id: i64,
        fields: UpdateFields,
    ) -> StoreResult<ProgressUpdate> {
        let mut tx = self.begin().await?;
        let existing = Self::row_tx(&mut tx, ACTIONS, org, action_id).await?;
        let latest = get_date(&existing, "latest_update_on")?;
        let body = to_json(&fields)?;
        let row = sqlx::query("INSERT INTO updates (org_id, action_id, author, reported_on, data, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(org)
            .bind(action_id)
            .bind(actor.name.clone())
            .bind(fields.reported_on.to_string())
            .bind(body.clone())
            .bind(docs::now())
            .fetch_one(&mut **tx)
            .await
            .map_err(backend_error)?;
        let id: i64 = get(&row, "id")?;
        // An update back-dated before the latest one goes into the history without changing
        // the action's current status.
        if latest.is_none_or(|l| fields.reported_on >= l) {
            sqlx::query(
                "UPDATE actions SET latest_status = $1, latest_update_on = $2 WHERE id = $3",
            )
            .bind(fields.status.key())
            .bind(fields.reported_on.to_string())
            .bind(action_id)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        }
        docs::audit(
            &mut tx,
            Some(org),
            actor,
            "progress update",
            id,
            "create",
            None,
            Some(&body),
        )
        .await?;
        self.commit(tx).await?;
        Ok(ProgressUpdate {
            id,
            action_id,
            author: actor.name.clone(),
            fields,
        })
    }

    async fn updates(&self, org: i64, action_id: i64) -> StoreResult<Vec<ProgressUpdate>> {
        let rows = sqlx::query("SELECT * FROM updates WHERE org_id = $1 AND action_id = $2 ORDER BY reported_on DESC, id DESC")
            .bind(org)
            .bind(action_id)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?;
        let table = Table {
            name: "updates",
            entity: "progress update",
        };
        rows.iter()
            .map(|r| {
                Ok(ProgressUpdate {
                    id: get(r, "id")?,
                    action_id: get(r, "action_id")?,
                    author: get(r, "author")?,
                    fields: data(table, r)?,
                })
            })
            .collect()
    }

    async fn import_plan(
        &self,
        actor: &Actor,
        org: i64,
        import: PlanImport,
    ) -> StoreResult<PlanImportReceipt> {
        let mut tx = self.begin().await?;
        Self::refuse_repeat_import(
            &mut tx,
            org,
            "plan",
            &import.source,
            import.replaces_plan_id.is_some(),
        )
        .await?;
        if let Some(old) = import.replaces_plan_id {
            Self::row_tx(&mut tx, PLANS, org, old).await?;
        }
        let mut people = Vec::with_capacity(import.new_people.len());
        for p in &import.new_people {
            people.push(Self::insert_person(&mut tx, actor, org, p).await?);
        }
        let lead_ids = |refs: &[LeadRef]| -> StoreResult<Vec<i64>> {
            refs.iter()
                .map(|r| match r {
                    LeadRef::Existing(id) => Ok(*id),
                    LeadRef::New(n) => people.get(*n).copied().ok_or_else(|| {
                        StoreError::Invalid(ValidationErrors::single(
                            "leads",
                            format!(
                                "Lead officer {} of the import is not in its list of people",
                                n + 1
                            ),
                        ))
                    }),
                })
                .collect()
        };
        let plan_id = Self::insert_plan(&mut tx, actor, org, &import.plan).await?;
        let mut actions = 0;
        for p in &import.priorities {
            let fields = PriorityFields {
                number: p.number,
                title: p.title.clone(),
            };
            let priority_id = Self::insert_priority(&mut tx, actor, org, plan_id, &fields).await?;
            for o in &p.objectives {
                let fields = PlanObjectiveFields {
                    priority_id,
                    code: o.code.clone(),
                    title: o.title.clone(),
                    lead_ids: lead_ids(&o.leads)?,
                };
                let objective_id =
                    Self::insert_plan_objective(&mut tx, actor, org, plan_id, &fields).await?;
                // A merged outcome cell serves the rows under it within the objective.
                let mut last_outcome = None;
                for a in &o.actions {
                    let outcome_id = match &a.outcome {
                        Some(OutcomeRef::New(text)) => {
                            Some(Self::new_outcome(&mut tx, actor, org, plan_id, text).await?)
                        }
                        Some(OutcomeRef::SameAsPrevious) => last_outcome,
                        None => None,
                    };
                    last_outcome = outcome_id;
                    let fields = ActionFields {
                        objective_id,
                        number: a.number,
                        text: a.text.clone(),
                        lead_ids: lead_ids(&a.leads)?,
                        target_text: a.target_text.clone(),
                        outcome_id,
                        equality_objective_ids: Vec::new(),
                        aims: Vec::new(),
                        characteristics: Vec::new(),
                        local_characteristics: Vec::new(),
                    };
                    Self::insert_action(&mut tx, actor, org, plan_id, &fields).await?;
                    actions += 1;
                }
            }
        }
        for g in &import.glossary {
            Self::insert_glossary(&mut tx, actor, org, plan_id, g).await?;
        }
        Self::record_import(
            &mut tx,
            actor,
            org,
            "plan",
            &import.source,
            Some(plan_id),
            import.replaces_plan_id,
        )
        .await?;
        self.commit(tx).await?;
        Ok(PlanImportReceipt {
            plan: plan(&self.row(PLANS, org, plan_id).await?)?,
            people_created: people.len(),
            actions,
        })
    }

    async fn import_objectives(
        &self,
        actor: &Actor,
        org: i64,
        import: ObjectivesImport,
    ) -> StoreResult<ObjectivesImportReceipt> {
        let mut tx = self.begin().await?;
        Self::refuse_repeat_import(&mut tx, org, "objectives", &import.source, import.again)
            .await?;
        let mut ids = Vec::with_capacity(import.objectives.len());
        for o in &import.objectives {
            ids.push(Self::insert_objective(&mut tx, actor, org, o).await?);
        }
        Self::record_import(
            &mut tx,
            actor,
            org,
            "objectives",
            &import.source,
            None,
            None,
        )
        .await?;
        self.commit(tx).await?;
        let mut objectives = Vec::with_capacity(ids.len());
        for id in ids {
            objectives.push(self.objective(org, id).await?);
        }
        Ok(ObjectivesImportReceipt { objectives })
    }

    async fn imports(&self, org: i64) -> StoreResult<Vec<ImportRecord>> {
        sqlx::query("SELECT * FROM imports WHERE org_id = $1 ORDER BY id DESC")
            .bind(org)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?
            .iter()
            .map(import_record)
            .collect()
    }

    async fn workforce_secret(&self, org: i64, candidate: &str) -> StoreResult<String> {
        self.secret(org, candidate).await
    }

    async fn create_snapshot(
        &self,
        actor: &Actor,
        org: i64,
        fields: SnapshotFields,
        people: &[EmployeeRecord],
    ) -> StoreResult<WorkforceSnapshot> {
        self.insert_snapshot(actor, org, fields, people).await
    }

    async fn snapshots(&self, org: i64) -> StoreResult<Vec<WorkforceSnapshot>> {
        self.list_snapshots(org).await
    }

    async fn snapshot(&self, org: i64, id: i64) -> StoreResult<WorkforceSnapshot> {
        self.one_snapshot(org, id).await
    }

    async fn snapshot_people(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
    ) -> StoreResult<Vec<EmployeeRecord>> {
        self.read_people(actor, org, id).await
    }

    async fn delete_snapshot(&self, actor: &Actor, org: i64, id: i64) -> StoreResult<()> {
        self.remove_snapshot(actor, org, id).await
    }

    async fn snapshot_report(&self, org: i64, id: i64) -> StoreResult<Option<String>> {
        self.kept_report(org, id).await
    }

    async fn keep_snapshot_report(&self, org: i64, id: i64, report: &str) -> StoreResult<()> {
        self.keep_report(org, id, report).await
    }

    async fn create_assessment(
        &self,
        actor: &Actor,
        org: i64,
        fields: AssessmentFields,
    ) -> StoreResult<ImpactAssessment> {
        self.add_assessment(actor, org, fields).await
    }

    async fn update_assessment(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: AssessmentFields,
    ) -> StoreResult<ImpactAssessment> {
        self.change_assessment(actor, org, id, version, fields)
            .await
    }

    async fn sign_assessment(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        step: Step,
        signer: (i64, Role),
    ) -> StoreResult<ImpactAssessment> {
        self.sign(actor, org, id, version, step, signer).await
    }

    async fn new_assessment_edition(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
    ) -> StoreResult<ImpactAssessment> {
        self.next_edition(actor, org, id).await
    }

    async fn assessment(&self, org: i64, id: i64) -> StoreResult<ImpactAssessment> {
        self.one_assessment(org, id).await
    }

    async fn assessments(&self, org: i64) -> StoreResult<Vec<ImpactAssessment>> {
        self.all_assessments(org).await
    }

    async fn create_decision(
        &self,
        actor: &Actor,
        org: i64,
        fields: DecisionFields,
    ) -> StoreResult<Decision> {
        self.add_decision(actor, org, fields).await
    }

    async fn update_decision(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: DecisionFields,
    ) -> StoreResult<Decision> {
        self.change_decision(actor, org, id, version, fields).await
    }

    async fn decision(&self, org: i64, id: i64) -> StoreResult<Decision> {
        self.one_decision(org, id).await
    }

    async fn decisions(&self, org: i64) -> StoreResult<Vec<Decision>> {
        self.all_decisions(org).await
    }

    async fn plan_rows(&self, org: i64) -> StoreResult<Vec<PlanRow>> {
        Ok(self
            .plans(org)
            .await?
            .into_iter()
            .map(|p| PlanRow {
                id: p.id,
                title: p.fields.title,
                period: p.fields.period,
                status: p.fields.status,
                monitoring_months: p.fields.monitoring_months,
            })
            .collect())
    }

    async fn action_rows(&self, org: i64) -> StoreResult<Vec<ActionRow>> {
        self.action_rows_where("$2 = $2", org, 0).await
    }

    async fn actions_led_by(&self, org: i64, person_id: i64) -> StoreResult<Vec<ActionRow>> {
        self.action_rows_where(
            "a.id IN (SELECT action_id FROM action_leads WHERE person_id = $2)",
            org,
            person_id,
        )
        .await
    }

    async fn actions_for_objective(
        &self,
        org: i64,
        objective_id: i64,
    ) -> StoreResult<Vec<ActionRow>> {
        self.action_rows_where(
            "a.id IN (SELECT action_id FROM action_objectives WHERE objective_id = $2)",
            org,
            objective_id,
        )
        .await
    }

    async fn search(&self, org: i64, query: &str) -> StoreResult<Vec<SearchHit>> {
        let pattern = like_pattern(query.trim());
        let mut hits = Vec::new();
        let searches: [(&str, &str); 4] = [
            (
                "objective",
                "SELECT o.id, o.label, '' AS context FROM objectives o WHERE o.org_id = $1 AND o.search_text LIKE $2 ESCAPE '\\' ORDER BY o.id LIMIT 50",
            ),
            (
                "plan",
                "SELECT p.id, p.label, '' AS context FROM plans p WHERE p.org_id = $1 AND p.search_text LIKE $2 ESCAPE '\\' ORDER BY p.id LIMIT 50",
            ),
            (
                "plan_objective",
                "SELECT x.plan_id AS id, x.label, p.label AS context FROM plan_objectives x JOIN plans p ON p.id = x.plan_id WHERE x.org_id = $1 AND x.search_text LIKE $2 ESCAPE '\\' ORDER BY x.id LIMIT 50",
            ),
            (
                "action",
                "SELECT a.id, a.reference || ' ' || a.label AS label, p.label AS context FROM actions a JOIN plans p ON p.id = a.plan_id WHERE a.org_id = $1 AND a.search_text LIKE $2 ESCAPE '\\' ORDER BY a.id LIMIT 50",
            ),
        ];
        for (kind, sql) in searches {
            let rows = sqlx::query(sql)
                .bind(org)
                .bind(pattern.clone())
                .fetch_all(&self.pool)
                .await
                .map_err(backend_error)?;
            for r in rows {
                hits.push(SearchHit {
                    kind: kind.to_string(),
                    id: get(&r, "id")?,
                    title: get(&r, "label")?,
                    context: get::<Option<String>>(&r, "context")?.unwrap_or_default(),
                });
            }
        }
        Ok(hits)
    }

    async fn change_marker(&self, org: i64) -> StoreResult<i64> {
        let row = sqlx::query("SELECT COALESCE(MAX(id), 0) AS marker FROM audit WHERE org_id = $1")
            .bind(org)
            .fetch_one(&self.pool)
            .await
            .map_err(backend_error)?;
        get(&row, "marker")
    }

    async fn audit_log(&self, org: i64, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        let rows = sqlx::query("SELECT * FROM audit WHERE org_id = $1 ORDER BY id DESC LIMIT $2")
            .bind(org)
            .bind(limit)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?;
        rows.iter().map(audit_entry).collect()
    }

    async fn changes_since(
        &self,
        org: i64,
        entity: &str,
        id: i64,
        version: i64,
    ) -> StoreResult<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT * FROM audit WHERE org_id = $1 AND entity = $2 AND entity_id = $3 \
             AND entity_version > $4 ORDER BY entity_version",
        )
        .bind(org)
        .bind(entity.to_string())
        .bind(id)
        .bind(version)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        rows.iter().map(audit_entry).collect()
    }

    async fn export(&self) -> StoreResult<Backup> {
        // A read-only transaction: one consistent view, without holding up writers on SQLite.
        let mut tx = self.pool.begin().await.map_err(backend_error)?;
        let mut tables = Vec::new();
        for name in BACKUP_TABLES {
            let order = match *name {
                "action_leads" => "action_id, person_id",
                "action_objectives" => "action_id, objective_id",
                "workforce_secrets" => "org_id",
                "workforce_records" => "snapshot_id, pseudonym",
                _ => "id",
            };
            let rows = dynamic(format!("SELECT * FROM {name} ORDER BY {order}"))
                .fetch_all(&mut *tx)
                .await
                .map_err(backend_error)?;
            let columns: Vec<String> = match rows.first() {
                Some(r) => r
                    .columns()
                    .iter()
                    .map(|c| sqlx::Column::name(c).to_string())
                    .collect(),
                None => Vec::new(),
            };
            let rows = rows
                .iter()
                .map(|r| {
                    (0..columns.len())
                        .map(|i| Self::backup_value(r, i))
                        .collect()
                })
                .collect();
            tables.push(BackupTable {
                name: name.to_string(),
                columns,
                rows,
            });
        }
        // Only read: not a change for anyone's cache.
        tx.commit().await.map_err(backend_error)?;
        Ok(Backup {
            format: BACKUP_FORMAT.to_string(),
            schema_version: self.schema_version,
            tables,
        })
    }

    async fn restore(&self, backup: &Backup) -> StoreResult<()> {
        let refuse = |m: String| Err(StoreError::Invalid(ValidationErrors::single("backup", m)));
        if backup.format != BACKUP_FORMAT {
            return refuse(format!(
                "This is not a Due Regard backup (format is '{}')",
                backup.format
            ));
        }
        if backup.schema_version != self.schema_version {
            return refuse(format!(
                "The backup is from schema version {}; this database is at {}",
                backup.schema_version, self.schema_version
            ));
        }
        if !self.organisations().await?.is_empty() {
            return refuse(
                "The database already holds data. Restore into a new, empty database".to_string(),
            );
        }
        let mut tx = self.begin().await?;
        for name in BACKUP_TABLES {
            let Some(table) = backup.tables.iter().find(|t| t.name == *name) else {
                continue;
            };
            if !table.columns.iter().all(|c| valid_identifier(c)) {
                return refuse(format!(
                    "Table {name} has a column name that is not allowed"
                ));
            }
            // PostgreSQL wants a NULL typed as its column's type.
            let integer_columns: Vec<String> = if self.postgres {
                sqlx::query("SELECT column_name::text AS c FROM information_schema.columns WHERE table_name = $1 AND data_type::text = 'bigint'")
                    .bind(name.to_string())
                    .fetch_all(&mut **tx)
                    .await
                    .map_err(backend_error)?
                    .iter()
                    .map(|r| get::<String>(r, "c"))
                    .collect::<StoreResult<_>>()?
            } else {
                Vec::new()
            };
            let params: Vec<String> = (1..=table.columns.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "INSERT INTO {name} ({}) VALUES ({})",
                table.columns.join(", "),
                params.join(", ")
            );
            for (n, row) in table.rows.iter().enumerate() {
                if row.len() != table.columns.len() {
                    return refuse(format!(
                        "Table {name}, row {}: has {} values for {} columns",
                        n + 1,
                        row.len(),
                        table.columns.len()
                    ));
                }
                let mut q = dynamic(sql.clone());
                for (v, column) in row.iter().zip(&table.columns) {
                    q = match v {
                        BackupValue::Null if integer_columns.contains(column) => {
                            q.bind(Option::<i64>::None)
                        }
                        BackupValue::Null => q.bind(Option::<String>::None),
                        BackupValue::Int(i) => q.bind(*i),
                        BackupValue::Text(t) => q.bind(t.clone()),
                    };
                }
                q.execute(&mut **tx).await.map_err(|e| {
                    StoreError::Invalid(ValidationErrors::single(
                        "backup",
                        format!("Table {name}, row {}: {e}", n + 1),
                    ))
                })?;
            }
        }
        if let Some(t) = backup
            .tables
            .iter()
            .find(|t| !BACKUP_TABLES.contains(&t.name.as_str()))
        {
            return refuse(format!(
                "The backup has a table this version does not know: {}",
                t.name
            ));
        }
        if self.postgres {
            // Explicit ids leave the sequences behind; move them past the restored rows.
            for name in BACKUP_TABLES.iter().filter(|n| {
                !matches!(
                    **n,
                    "action_leads"
                        | "action_objectives"
                        | "workforce_secrets"
                        | "workforce_records"
                )
            }) {
                let sql = format!(
                    "SELECT setval(pg_get_serial_sequence('{name}', 'id'), COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
                );
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                    .execute(&mut **tx)
                    .await
                    .map_err(backend_error)?;
            }
        }
        self.commit(tx).await?;
        Ok(())
    }
}
