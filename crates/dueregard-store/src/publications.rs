//! Publications, kept by the one record mechanism. An edition once published is kept exactly as
//! it was: the store refuses to change it, and refuses to change an approved report, whatever
//! asks (the web, the API, the command line).

use crate::records::{Columns, Kind, Refs, Table, Tx, Val};
use crate::sql_store::SqlStore;
use async_trait::async_trait;
use dueregard_core::publication::{Publication, PublicationFields, PublicationStatus};
use dueregard_core::store::{Actor, PublicationStore, StoreError, StoreResult};
use dueregard_core::validate::ValidationErrors;

pub(crate) const PUBLICATIONS: Table = Table::new("publications", "publication");

impl Kind for PublicationFields {
    const TABLE: Table = PUBLICATIONS;
    const ORDER: &'static str = "id DESC";
    fn label(&self) -> String {
        format!("{} (edition {})", self.title, self.edition)
    }
    async fn prepare(&self, tx: &mut Tx<'_>, org: i64, _: Option<i64>) -> StoreResult<Columns> {
        let mut refs = Refs::new(tx, org);
        let message = "Select an action plan of this organisation";
        refs.check("plans", self.plan_id.as_slice(), None, "plan_id", message)
            .await?;
        let corrected = self.corrects.as_slice();
        let message = "The edition corrected must be one of this organisation's publications";
        refs.check("publications", corrected, None, "corrects", message)
            .await?;
        refs.finish()?;
        Ok(Columns::with(vec![(
            "status",
            Val::text(self.status.key()),
        )]))
    }
}

#[async_trait]
impl PublicationStore for SqlStore {
    async fn publications(&self, org: i64) -> StoreResult<Vec<Publication>> {
        self.records::<PublicationFields>(org).await
    }

    async fn publication(&self, org: i64, id: i64) -> StoreResult<Publication> {
        self.record::<PublicationFields>(org, id).await
    }

    async fn create_publication(
        &self,
        actor: &Actor,
        org: i64,
        fields: PublicationFields,
    ) -> StoreResult<Publication> {
        self.add(actor, org, fields).await
    }

    async fn update_publication(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: PublicationFields,
    ) -> StoreResult<Publication> {
        // Read at the version being changed: if another change comes first, the save below
        // finds the version moved on and refuses, so this check always sees what is replaced.
        let now = self.publication(org, id).await?;
        if now.version == version {
            let kept = |why: &str| {
                StoreError::Invalid(ValidationErrors::single(
                    "status",
                    format!("{why}. To change what was published, make a correction"),
                ))
            };
            if now.fields.status == PublicationStatus::Published {
                return Err(kept("A published edition is kept as it was published"));
            }
            if now.fields.report.is_some() && now.fields.report != fields.report {
                return Err(kept("An approved report is kept as it was approved"));
            }
        }
        self.put(actor, org, id, version, fields).await
    }
}
