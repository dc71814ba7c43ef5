//! Committees' meetings, kept by the one record mechanism; the date is a column so the forward
//! plan reads them in order.

use crate::records::{Columns, Kind, Refs, Table, Tx, Val};
use crate::sql_store::SqlStore;
use async_trait::async_trait;
use dueregard_core::meeting::{Meeting, MeetingFields};
use dueregard_core::store::{Actor, CalendarStore, StoreResult};

pub(crate) const MEETINGS: Table = Table::new("meetings", "meeting");

impl Kind for MeetingFields {
    const TABLE: Table = MEETINGS;
    const ORDER: &'static str = "meets_on, id";
    fn label(&self) -> String {
        format!("Meeting on {}", self.date)
    }
    async fn prepare(&self, tx: &mut Tx<'_>, org: i64, _: Option<i64>) -> StoreResult<Columns> {
        let mut refs = Refs::new(tx, org);
        let message = "Select a committee of this organisation";
        refs.check(
            "committees",
            &[self.committee_id],
            None,
            "committee_id",
            message,
        )
        .await?;
        let message = "Select action plans of this organisation";
        refs.check("plans", &self.plan_ids, None, "plan_ids", message)
            .await?;
        let message = "Select reports of this organisation";
        refs.check(
            "publications",
            &self.publication_ids,
            None,
            "publication_ids",
            message,
        )
        .await?;
        refs.finish()?;
        Ok(Columns::with(vec![(
            "meets_on",
            Val::text(self.date.to_string()),
        )]))
    }
}

#[async_trait]
impl CalendarStore for SqlStore {
    async fn meetings(&self, org: i64) -> StoreResult<Vec<Meeting>> {
        self.records::<MeetingFields>(org).await
    }

    async fn meeting(&self, org: i64, id: i64) -> StoreResult<Meeting> {
        self.record::<MeetingFields>(org, id).await
    }

    async fn create_meeting(
        &self,
        actor: &Actor,
        org: i64,
        fields: MeetingFields,
    ) -> StoreResult<Meeting> {
        self.add(actor, org, fields).await
    }

    async fn update_meeting(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: MeetingFields,
    ) -> StoreResult<Meeting> {
        self.put(actor, org, id, version, fields).await
    }
}
