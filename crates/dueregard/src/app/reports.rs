//! Reports built from stored records, for the web pages and the command line: the annual
//! progress report on equality objectives, for the organisation or one plan.

use dueregard_core::dashboard::ActionRow;
use dueregard_core::period::Period;
use dueregard_core::report::{ProgressInput, Report, annual_progress};
use dueregard_core::store::{Store, StoreError};
use std::collections::HashMap;

/// The annual progress report for `period`, over every plan or `plan` alone.
pub async fn progress_report(
    store: &dyn Store,
    org: i64,
    period: Period,
    plan: Option<i64>,
    today: jiff::civil::Date,
) -> Result<Report, StoreError> {
    let organisation = store.organisation(org).await?.name;
    let objectives = store.objectives(org).await?;
    let mut actions: Vec<ActionRow> = store.action_rows(org).await?;
    let scope = match plan {
        Some(p) => {
            let tree = store.plan_tree(org, p).await?;
            actions.retain(|a| a.plan_id == p);
            format!("the plan \"{}\"", tree.plan.fields.title)
        }
        None => "the organisation's plans".to_string(),
    };
    let mut serving = HashMap::new();
    for o in &objectives {
        serving.insert(o.id, store.actions_for_objective(org, o.id).await?);
    }
    let mut latest = HashMap::new();
    for a in &actions {
        if let Some(u) = store.updates(org, a.id).await?.into_iter().next() {
            latest.insert(a.id, u);
        }
    }
    Ok(annual_progress(&ProgressInput {
        organisation: &organisation,
        period,
        today,
        objectives: &objectives,
        serving: &serving,
        actions: &actions,
        latest: &latest,
        scope: &scope,
    }))
}
