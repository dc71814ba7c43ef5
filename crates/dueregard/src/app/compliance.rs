//! Where an organisation stands against the specific duties of its nation, read from its
//! publication record and its approved objectives.

use crate::app::publications::published;
use dueregard_core::duties::{self, DutyStatus, Evidence};
use dueregard_core::objective::ObjectiveStatus;
use dueregard_core::org::Organisation;
use dueregard_core::publication::PublicationKind;
use dueregard_core::store::{Store, StoreError};
use jiff::civil::Date;

/// Each duty of the organisation's nation: met, due soon, overdue or not applicable.
pub async fn compliance(
    store: &dyn Store,
    org: &Organisation,
    today: Date,
) -> Result<Vec<DutyStatus>, StoreError> {
    let editions = published(store, org.id).await?;
    let approved: Vec<Date> = store
        .objectives(org.id)
        .await?
        .into_iter()
        .filter(|o| o.fields.status == ObjectiveStatus::Approved)
        .filter_map(|o| o.fields.approved_on)
        .collect();
    let of = |kind: PublicationKind| -> Vec<Date> {
        editions
            .iter()
            .filter(|p| p.fields.kind == kind)
            .filter_map(|p| p.fields.published.as_ref().map(|s| s.on))
            .collect()
    };
    let evidence = |e: Evidence| match e {
        Evidence::EqualityInformation => of(PublicationKind::EqualityInformation),
        Evidence::GenderPayGap => of(PublicationKind::GenderPayGap),
        Evidence::ProgressReport => of(PublicationKind::ProgressReport),
        Evidence::Objectives => approved.clone(),
    };
    Ok(duties::compliance(
        org.nation,
        org.headcount,
        &evidence,
        today,
    ))
}
