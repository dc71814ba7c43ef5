//! Plans and objectives read from documents: each import is stored whole in one transaction,
//! with a record of the file, through the same inserts as a form.

use crate::backend_error;
use crate::records::{self, Tx, get, record, to_json};
use crate::sql_store::SqlStore;
use async_trait::async_trait;
use dueregard_core::import::*;
use dueregard_core::objective::ObjectiveFields;
use dueregard_core::plan::*;
use dueregard_core::store::{Actor, ImportStore, StoreError, StoreResult};
use dueregard_core::validate::ValidationErrors;
use sqlx::any::AnyRow;

#[async_trait]
impl ImportStore for SqlStore {
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
            self.one::<PlanFields>(org, old).await?;
        }
        let mut people = Vec::with_capacity(import.new_people.len());
        for p in &import.new_people {
            people.push(records::insert(&mut tx, actor, org, None, p).await?);
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
        let plan_id = records::insert(&mut tx, actor, org, None, &import.plan).await?;
        let mut actions = 0;
        for p in &import.priorities {
            let fields = PriorityFields {
                number: p.number,
                title: p.title.clone(),
            };
            let priority_id = records::insert(&mut tx, actor, org, Some(plan_id), &fields).await?;
            for o in &p.objectives {
                let fields = PlanObjectiveFields {
                    priority_id,
                    code: o.code.clone(),
                    title: o.title.clone(),
                    lead_ids: lead_ids(&o.leads)?,
                };
                let objective_id =
                    records::insert(&mut tx, actor, org, Some(plan_id), &fields).await?;
                // A merged outcome cell serves the rows under it within the objective.
                let mut last_outcome = None;
                for a in &o.actions {
                    let outcome_id = match &a.outcome {
                        Some(OutcomeRef::New(text)) => Some(
                            records::insert(
                                &mut tx,
                                actor,
                                org,
                                Some(plan_id),
                                &OutcomeFields { text: text.clone() },
                            )
                            .await?,
                        ),
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
                    records::insert(&mut tx, actor, org, Some(plan_id), &fields).await?;
                    actions += 1;
                }
            }
        }
        for g in &import.glossary {
            records::insert(&mut tx, actor, org, Some(plan_id), g).await?;
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
            plan: record(&self.one::<PlanFields>(org, plan_id).await?)?,
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
            ids.push(records::insert(&mut tx, actor, org, None, o).await?);
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
            objectives.push(record::<ObjectiveFields>(
                &self.one::<ObjectiveFields>(org, id).await?,
            )?);
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
}

impl SqlStore {
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
        .bind(records::now())
        .bind(actor.name.clone())
        .fetch_one(&mut **tx)
        .await
        .map_err(backend_error)?;
        let record = import_record(&row)?;
        records::audit(
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
