//! What every kind of record shares: the audit trail, archiving and deleting, search, and
//! whole-database backups.

use crate::backend_error;
use crate::backup_check::{self, Column, ColumnType};
use crate::records;
use crate::records::{dynamic, get};
use crate::sql_store::SqlStore;
use async_trait::async_trait;
use dueregard_core::backup::{
    BACKUP_FORMAT, BACKUP_FORMAT_VERSION, Backup, BackupTable, BackupValue, Manifest,
};
use dueregard_core::objective::ObjectiveFields;
use dueregard_core::org::{
    CommitteeFields, DirectorateFields, LocalCharacteristicFields, PersonFields,
};
use dueregard_core::plan::{
    ActionFields, GlossaryFields, OutcomeFields, PlanFields, PlanObjectiveFields, PriorityFields,
};
use dueregard_core::record::RecordKind;
use dueregard_core::store::{
    Actor, ArchivedRecord, AuditEntry, OrganisationStore, RecordStore, SearchHit, StoreError,
    StoreResult,
};
use dueregard_core::validate::ValidationErrors;
use sqlx::Row;
use sqlx::any::AnyRow;

/// Tables in the order a restore must fill them (parents first). Sessions and sign-in failures
/// are left out of backups: they are short-lived secrets. So are the pseudonymisation secrets
/// of earlier versions (`workforce_secrets`): a backup names its keys (`workforce_keys`) but
/// never holds them. The cycle's machinery is left out too: jobs and their runs, the outbox
/// (mail sent, or to be worked out again), and the tokens behind unsubscribe links and calendar
/// feeds, which people make again after a restore. Consultation responses saved to come back
/// to are left out as well: each is held under a secret link's hash, for a few weeks.
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
    "workforce_keys",
    "workforce_snapshots",
    "workforce_records",
    "publications",
    "meetings",
    "civic_dates",
    "consultations",
    "engagement_events",
    "indicators",
    "indicator_values",
    "budget_rounds",
    "incident_counts",
    "training_courses",
    "training_sessions",
    "self_assessments",
    "partnerships",
    "partnership_members",
    "partnership_contributions",
    "consultation_responses",
    "consultation_monitoring",
    "response_codings",
    "audit",
];

/// Calls `$op::<Fields>` for the kind of record named at run time.
macro_rules! for_kind {
    ($kind:expr, $self:ident . $op:ident ( $($arg:expr),* )) => {
        match $kind {
            RecordKind::Objective => $self.$op::<ObjectiveFields>($($arg),*).await,
            RecordKind::Plan => $self.$op::<PlanFields>($($arg),*).await,
            RecordKind::Priority => $self.$op::<PriorityFields>($($arg),*).await,
            RecordKind::PlanObjective => $self.$op::<PlanObjectiveFields>($($arg),*).await,
            RecordKind::Outcome => $self.$op::<OutcomeFields>($($arg),*).await,
            RecordKind::GlossaryEntry => $self.$op::<GlossaryFields>($($arg),*).await,
            RecordKind::Action => $self.$op::<ActionFields>($($arg),*).await,
            RecordKind::Person => $self.$op::<PersonFields>($($arg),*).await,
            RecordKind::Directorate => $self.$op::<DirectorateFields>($($arg),*).await,
            RecordKind::Committee => $self.$op::<CommitteeFields>($($arg),*).await,
            RecordKind::LocalCharacteristic => {
                $self.$op::<LocalCharacteristicFields>($($arg),*).await
            }
            RecordKind::Meeting => {
                $self.$op::<dueregard_core::meeting::MeetingFields>($($arg),*).await
            }
            RecordKind::CivicDate => {
                $self.$op::<dueregard_core::civic::CivicDateFields>($($arg),*).await
            }
            RecordKind::Consultation => {
                $self.$op::<dueregard_core::consultation::ConsultationFields>($($arg),*).await
            }
            RecordKind::EngagementEvent => {
                $self
                    .$op::<dueregard_core::consultation::engagement::EngagementFields>($($arg),*)
                    .await
            }
            RecordKind::Indicator => {
                $self.$op::<dueregard_core::indicator::IndicatorFields>($($arg),*).await
            }
            RecordKind::BudgetRound => {
                $self.$op::<dueregard_core::budget::BudgetRoundFields>($($arg),*).await
            }
            RecordKind::Course => {
                $self.$op::<dueregard_core::training::CourseFields>($($arg),*).await
            }
            RecordKind::TrainingSession => {
                $self.$op::<dueregard_core::training::TrainingSessionFields>($($arg),*).await
            }
            RecordKind::SelfAssessment => {
                $self.$op::<dueregard_core::framework::SelfAssessmentFields>($($arg),*).await
            }
            RecordKind::Partnership => {
                $self.$op::<dueregard_core::partnership::PartnershipFields>($($arg),*).await
            }
        }
    };
}

#[async_trait]
impl RecordStore for SqlStore {
    fn local_changes(&self) -> u64 {
        self.changes.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn backend(&self) -> &'static str {
        if self.postgres { "postgres" } else { "sqlite" }
    }

    async fn ready(&self) -> StoreResult<()> {
        let row = sqlx::query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")
            .fetch_one(&self.pool)
            .await
            .map_err(backend_error)?;
        let applied: i64 = get(&row, "v")?;
        if applied == self.schema_version {
            Ok(())
        } else {
            Err(StoreError::Backend(format!(
                "the database is at schema version {applied}; this version of Due Regard needs {}",
                self.schema_version
            )))
        }
    }

    async fn archive(
        &self,
        actor: &Actor,
        org: i64,
        kind: RecordKind,
        id: i64,
        version: i64,
    ) -> StoreResult<()> {
        for_kind!(kind, self.set_archived(actor, org, id, version, true))
    }

    async fn unarchive(
        &self,
        actor: &Actor,
        org: i64,
        kind: RecordKind,
        id: i64,
        version: i64,
    ) -> StoreResult<()> {
        for_kind!(kind, self.set_archived(actor, org, id, version, false))
    }

    async fn delete(&self, actor: &Actor, org: i64, kind: RecordKind, id: i64) -> StoreResult<()> {
        for_kind!(kind, self.remove(actor, org, id))
    }

    async fn record_label(
        &self,
        org: i64,
        kind: RecordKind,
        id: i64,
    ) -> StoreResult<(String, i64)> {
        for_kind!(kind, self.label_of(org, id))
    }

    async fn archived(&self, org: i64, kind: RecordKind) -> StoreResult<Vec<ArchivedRecord>> {
        for_kind!(kind, self.archived_of(org))
    }

    async fn search(&self, org: i64, query: &str) -> StoreResult<Vec<SearchHit>> {
        let pattern = like_pattern(query.trim());
        let mut hits = Vec::new();
        let searches: [(&str, &str); 4] = [
            (
                "objective",
                "SELECT o.id, o.label, '' AS context FROM objectives o WHERE o.org_id = $1 AND o.archived_at IS NULL AND o.search_text LIKE $2 ESCAPE '\\' ORDER BY o.id LIMIT 50",
            ),
            (
                "plan",
                "SELECT p.id, p.label, '' AS context FROM plans p WHERE p.org_id = $1 AND p.archived_at IS NULL AND p.search_text LIKE $2 ESCAPE '\\' ORDER BY p.id LIMIT 50",
            ),
            (
                "plan_objective",
                "SELECT x.plan_id AS id, x.label, p.label AS context FROM plan_objectives x JOIN plans p ON p.id = x.plan_id WHERE x.org_id = $1 AND x.archived_at IS NULL AND p.archived_at IS NULL AND x.search_text LIKE $2 ESCAPE '\\' ORDER BY x.id LIMIT 50",
            ),
            (
                "action",
                "SELECT a.id, a.reference || ' ' || a.label AS label, p.label AS context FROM actions a JOIN plans p ON p.id = a.plan_id WHERE a.org_id = $1 AND a.archived_at IS NULL AND p.archived_at IS NULL AND a.search_text LIKE $2 ESCAPE '\\' ORDER BY a.id LIMIT 50",
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

    async fn installation_audit_log(&self, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        let rows =
            sqlx::query("SELECT * FROM audit WHERE org_id IS NULL ORDER BY id DESC LIMIT $1")
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

    async fn export(&self, actor: &Actor) -> StoreResult<Backup> {
        let mut tx = self.begin_read().await?;
        let mut tables = Vec::new();
        for name in BACKUP_TABLES {
            let order = match *name {
                "action_leads" => "action_id, person_id",
                "action_objectives" => "action_id, objective_id",
                "workforce_keys" => "org_id",
                "workforce_records" => "snapshot_id, pseudonym",
                _ => "id",
            };
            // Entries about backups stay with the database they happened to.
            let only = if *name == "audit" {
                "WHERE entity <> 'backup'"
            } else {
                ""
            };
            let rows = dynamic(format!("SELECT * FROM {name} {only} ORDER BY {order}"))
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
        let backup = Backup {
            format: BACKUP_FORMAT.to_string(),
            format_version: BACKUP_FORMAT_VERSION,
            schema_version: self.schema_version,
            manifest: Manifest {
                counts: Backup::counts(&tables),
                sha256: backup_check::checksum(&tables),
            },
            tables,
        };
        self.audit_backup(actor, "exported", &backup).await?;
        Ok(backup)
    }

    async fn restore(&self, actor: &Actor, backup: &Backup) -> StoreResult<()> {
        let refuse = |m: String| Err(StoreError::Invalid(ValidationErrors::single("backup", m)));
        if backup.format != BACKUP_FORMAT {
            return refuse(format!(
                "This is not a Due Regard backup (format is '{}')",
                backup.format
            ));
        }
        if backup.format_version != BACKUP_FORMAT_VERSION {
            return refuse(format!(
                "The backup's layout is version {}; this version of Due Regard reads version {BACKUP_FORMAT_VERSION}",
                backup.format_version
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
        let schema = self.backup_schema().await?;
        let problems = backup_check::check(backup, &schema);
        if !problems.is_empty() {
            let mut errors = ValidationErrors::new();
            for m in problems {
                errors.add("backup", m);
            }
            return Err(StoreError::Invalid(errors));
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
                    "action_leads" | "action_objectives" | "workforce_keys" | "workforce_records"
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
        let counts = serde_json::to_string(&backup.manifest.counts).unwrap_or_default();
        records::audit(
            &mut tx,
            None,
            actor,
            "backup",
            0,
            "restored",
            None,
            Some(&counts),
        )
        .await?;
        self.commit(tx).await?;
        Ok(())
    }
}

impl SqlStore {
    /// Records an export in the audit trail: who, when, and how many rows of each table.
    async fn audit_backup(&self, actor: &Actor, change: &str, backup: &Backup) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let counts = serde_json::to_string(&backup.manifest.counts).unwrap_or_default();
        records::audit(
            &mut tx,
            None,
            actor,
            "backup",
            0,
            change,
            None,
            Some(&counts),
        )
        .await?;
        self.commit(tx).await
    }

    /// The tables a backup holds, with this database's columns for each.
    async fn backup_schema(&self) -> StoreResult<Vec<(&'static str, Vec<Column>)>> {
        let mut schema = Vec::new();
        for name in BACKUP_TABLES {
            let sql = if self.postgres {
                "SELECT column_name::text AS name, data_type::text AS kind, (CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END)::bigint AS required FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema() ORDER BY ordinal_position"
            } else {
                "SELECT name, type AS kind, \"notnull\" AS required FROM pragma_table_info($1) ORDER BY cid"
            };
            let rows = sqlx::query(sql)
                .bind(name.to_string())
                .fetch_all(&self.pool)
                .await
                .map_err(backend_error)?;
            let mut columns = Vec::new();
            for r in &rows {
                let kind: String = get(r, "kind")?;
                let required: i64 = get(r, "required")?;
                columns.push(Column {
                    name: get(r, "name")?,
                    kind: if kind.to_lowercase().contains("int") {
                        ColumnType::Int
                    } else {
                        ColumnType::Text
                    },
                    required: required != 0,
                });
            }
            schema.push((*name, columns));
        }
        Ok(schema)
    }
}

impl SqlStore {
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
