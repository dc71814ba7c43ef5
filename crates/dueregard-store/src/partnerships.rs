//! Partnerships: kept by the one record mechanism under the sharing body, with their members and
//! each member's contributed actions in tables of their own. Every read checks that the body
//! asking is the owner or a member, and gives a member only the shared objective's words and the
//! actions added to it.

use crate::backend_error;
use crate::records::{self, Columns, Kind, Table, Tx, Val, get};
use crate::sql_store::SqlStore;
use async_trait::async_trait;
use dueregard_core::objective::ObjectiveFields;
use dueregard_core::partnership::{Contribution, Partnership, PartnershipFields, SharedObjective};
use dueregard_core::store::{Actor, PartnershipStore, PlanStore, StoreError, StoreResult};
use dueregard_core::validate::ValidationErrors;

pub(crate) const PARTNERSHIPS: Table = Table {
    owns: &[
        ("partnership_members", "partnership_id"),
        ("partnership_contributions", "partnership_id"),
    ],
    ..Table::new("partnerships", "partnership")
};

impl Kind for PartnershipFields {
    const TABLE: Table = PARTNERSHIPS;
    const ORDER: &'static str = "id DESC";
    fn label(&self) -> String {
        format!("Shared objective {}", self.objective_id)
    }
    async fn prepare(&self, tx: &mut Tx<'_>, org: i64, _: Option<i64>) -> StoreResult<Columns> {
        let mut refs = records::Refs::new(tx, org);
        let message = "Select an equality objective of this organisation";
        refs.check(
            "objectives",
            &[self.objective_id],
            None,
            "objective_id",
            message,
        )
        .await?;
        refs.finish()?;
        for p in &self.partner_ids {
            let found = sqlx::query("SELECT id FROM organisations WHERE id = $1")
                .bind(*p)
                .fetch_optional(&mut **tx)
                .await
                .map_err(backend_error)?;
            if found.is_none() || *p == org {
                return Err(StoreError::Invalid(ValidationErrors::single(
                    "partners",
                    "Name partners that are other bodies in this installation",
                )));
            }
        }
        Ok(Columns::with(vec![(
            "objective_id",
            Val::int(self.objective_id),
        )]))
    }
    async fn written(&self, tx: &mut Tx<'_>, id: i64) -> StoreResult<()> {
        sqlx::query("DELETE FROM partnership_members WHERE partnership_id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        for p in &self.partner_ids {
            sqlx::query("INSERT INTO partnership_members (partnership_id, org_id) VALUES ($1, $2)")
                .bind(id)
                .bind(*p)
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        // A partner taken out takes its contributions with it.
        sqlx::query(
            "DELETE FROM partnership_contributions WHERE partnership_id = $1 AND org_id <> (SELECT org_id FROM partnerships WHERE id = $1) AND org_id NOT IN (SELECT org_id FROM partnership_members WHERE partnership_id = $1)",
        )
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
        Ok(())
    }
}

impl SqlStore {
    /// The partnership and its owner, if `org` is its owner or a member.
    async fn membership(&self, org: i64, id: i64) -> StoreResult<(Partnership, i64)> {
        let row = sqlx::query(
            "SELECT p.id, p.version, p.data, p.org_id FROM partnerships p WHERE p.id = $1 AND p.archived_at IS NULL AND (p.org_id = $2 OR EXISTS (SELECT 1 FROM partnership_members m WHERE m.partnership_id = p.id AND m.org_id = $2))",
        )
        .bind(id)
        .bind(org)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend_error)?
        .ok_or(StoreError::NotFound("partnership"))?;
        Ok((records::record(&row)?, get(&row, "org_id")?))
    }
}

#[async_trait]
impl PartnershipStore for SqlStore {
    async fn partnerships(&self, org: i64) -> StoreResult<Vec<Partnership>> {
        let rows = sqlx::query(
            "SELECT p.id, p.version, p.data FROM partnerships p WHERE p.archived_at IS NULL AND (p.org_id = $1 OR EXISTS (SELECT 1 FROM partnership_members m WHERE m.partnership_id = p.id AND m.org_id = $1)) ORDER BY p.id DESC",
        )
        .bind(org)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        rows.iter().map(records::record).collect()
    }

    async fn partnership(&self, org: i64, id: i64) -> StoreResult<Partnership> {
        self.record::<PartnershipFields>(org, id).await
    }

    async fn create_partnership(
        &self,
        actor: &Actor,
        org: i64,
        fields: PartnershipFields,
    ) -> StoreResult<Partnership> {
        self.add(actor, org, fields).await
    }

    async fn update_partnership(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: PartnershipFields,
    ) -> StoreResult<Partnership> {
        self.put(actor, org, id, version, fields).await
    }

    async fn shared_objective(&self, org: i64, id: i64) -> StoreResult<SharedObjective> {
        let (p, owner) = self.membership(org, id).await?;
        let row = sqlx::query("SELECT data FROM objectives WHERE id = $1 AND org_id = $2")
            .bind(p.fields.objective_id)
            .bind(owner)
            .fetch_one(&self.pool)
            .await
            .map_err(backend_error)?;
        let objective: ObjectiveFields =
            records::from_json(&crate::plans::OBJECTIVES, &get::<String>(&row, "data")?)?;
        let mut contributions = Vec::new();
        let mut members = vec![owner];
        members.extend(p.fields.partner_ids.iter().copied());
        for m in members {
            let name: String = get(
                &sqlx::query("SELECT name FROM organisations WHERE id = $1")
                    .bind(m)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(backend_error)?,
                "name",
            )?;
            let ids: Vec<i64> = sqlx::query(
                "SELECT action_id FROM partnership_contributions WHERE partnership_id = $1 AND org_id = $2",
            )
            .bind(id)
            .bind(m)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?
            .iter()
            .map(|r| get(r, "action_id"))
            .collect::<StoreResult<_>>()?;
            let actions = self
                .action_rows(m)
                .await?
                .into_iter()
                .filter(|a| ids.contains(&a.id))
                .collect();
            contributions.push(Contribution {
                org_id: m,
                organisation: name,
                actions,
            });
        }
        Ok(SharedObjective {
            owner: contributions
                .first()
                .map(|c| c.organisation.clone())
                .unwrap_or_default(),
            owner_id: owner,
            title: objective.title,
            description: objective.description,
            partnership: p,
            contributions,
        })
    }

    async fn contribute(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        action_ids: &[i64],
    ) -> StoreResult<()> {
        self.membership(org, id).await?;
        let mut tx = self.begin().await?;
        let mut errors = ValidationErrors::new();
        records::check_ids(
            &mut tx,
            &mut errors,
            "actions",
            org,
            action_ids,
            None,
            "action_ids",
            "Select actions of your own organisation's plans",
        )
        .await?;
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        sqlx::query(
            "DELETE FROM partnership_contributions WHERE partnership_id = $1 AND org_id = $2",
        )
        .bind(id)
        .bind(org)
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
        for a in action_ids {
            sqlx::query(
                "INSERT INTO partnership_contributions (partnership_id, org_id, action_id) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(org)
            .bind(*a)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        }
        records::audit(
            &mut tx,
            Some(org),
            actor,
            "partnership contributions",
            id,
            "update",
            None,
            Some(&format!("{} actions", action_ids.len())),
        )
        .await?;
        self.commit(tx).await
    }
}
