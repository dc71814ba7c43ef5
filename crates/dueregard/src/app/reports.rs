//! Reports built from stored records, for the web pages and the command line: the annual
//! progress report on equality objectives, for the organisation or one plan.

use dueregard_core::dashboard::ActionRow;
use dueregard_core::monitoring::MonitoringPeriod;
use dueregard_core::period::Period;
use dueregard_core::report::{ProgressInput, Report, annual_progress};
use dueregard_core::store::{Store, StoreError};
use std::collections::HashMap;

/// Whose actions a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every plan of the organisation.
    Organisation,
    /// One plan.
    Plan(i64),
    /// What the public may read: plans that are approved or closed, never drafts.
    Published,
}

/// The annual progress report for `period`, over the actions in `scope`.
pub async fn progress_report(
    store: &dyn Store,
    org: i64,
    period: Period,
    scope: Scope,
    today: jiff::civil::Date,
) -> Result<Report, StoreError> {
    let organisation = store.organisation(org).await?.name;
    let only_public = matches!(scope, Scope::Published);
    let objectives = store.objectives(org).await?;
    let mut actions: Vec<ActionRow> = store.action_rows(org).await?;
    let scope = match scope {
        Scope::Plan(p) => {
            let tree = store.plan_tree(org, p).await?;
            actions.retain(|a| a.plan_id == p);
            format!("the plan \"{}\"", tree.plan.fields.title)
        }
        Scope::Organisation => "the organisation's plans".to_string(),
        Scope::Published => {
            let published: std::collections::HashSet<i64> = published_plans(store, org)
                .await?
                .into_iter()
                .map(|p| p.id)
                .collect();
            actions.retain(|a| published.contains(&a.plan_id));
            "the organisation's published plans".to_string()
        }
    };
    let mut serving = HashMap::new();
    for o in &objectives {
        serving.insert(o.id, store.actions_for_objective(org, o.id).await?);
    }
    let latest = {
        let ids: Vec<i64> = actions.iter().map(|a| a.id).collect();
        latest_updates(store, org, &ids).await?
    };
    let mut report = annual_progress(&ProgressInput {
        organisation: &organisation,
        period,
        today,
        objectives: &objectives,
        serving: &serving,
        actions: &actions,
        latest: &latest,
        scope: &scope,
    });
    // The indicators close it: the published report shows only those the body publishes.
    if let Some(section) = super::indicators::summary_section(store, org, only_public).await? {
        report.sections.push(section);
    }
    Ok(report)
}

/// Plans the public may read: approved or closed, not drafts (archived plans are in no list).
pub async fn published_plans(
    store: &dyn Store,
    org: i64,
) -> Result<Vec<dueregard_core::dashboard::PlanRow>, StoreError> {
    use dueregard_core::plan::PlanStatus;
    let mut plans = store.plan_rows(org).await?;
    plans.retain(|p| p.status != PlanStatus::Draft);
    Ok(plans)
}

/// One action plan in the published table shape, with each action's progress.
pub async fn plan_report(
    store: &dyn Store,
    org: i64,
    plan: i64,
    today: jiff::civil::Date,
) -> Result<Report, StoreError> {
    use dueregard_core::report_plan::{PlanReportInput, action_plan};
    let organisation = store.organisation(org).await?.name;
    let tree = store.plan_tree(org, plan).await?;
    let people = store.people(org).await?;
    let latest = {
        let ids: Vec<i64> = tree.actions.iter().map(|a| a.id).collect();
        latest_updates(store, org, &ids).await?
    };
    Ok(action_plan(&PlanReportInput {
        organisation: &organisation,
        tree: &tree,
        people: &people,
        latest: &latest,
        today,
    }))
}

/// Each action's latest update, by the action's id.
async fn latest_updates(
    store: &dyn Store,
    org: i64,
    actions: &[i64],
) -> Result<HashMap<i64, dueregard_core::progress::ProgressUpdate>, StoreError> {
    let mut latest = HashMap::new();
    for &id in actions {
        if let Some(u) = store.updates(org, id).await?.into_iter().next() {
            latest.insert(id, u);
        }
    }
    Ok(latest)
}

/// A plan's monitoring periods, and the summary of one of them (by number; the current one, or
/// the last, when none is chosen).
pub async fn monitoring_summary(
    store: &dyn Store,
    org: i64,
    plan: i64,
    number: Option<usize>,
    today: jiff::civil::Date,
) -> Result<(Vec<MonitoringPeriod>, MonitoringPeriod, Report), StoreError> {
    use dueregard_core::monitoring::{SummaryInput, periods, summary};
    let tree = store.plan_tree(org, plan).await?;
    let fields = &tree.plan.fields;
    let all = periods(fields.period, fields.monitoring_months);
    let chosen = match number {
        Some(n) => all.iter().find(|p| p.number == n),
        None => all
            .iter()
            .find(|p| p.period.contains(today))
            .or_else(|| all.iter().rev().find(|p| p.period.start <= today))
            .or(all.first()),
    }
    .copied()
    .ok_or(StoreError::NotFound("monitoring period"))?;
    let organisation = store.organisation(org).await?.name;
    let people = store.people(org).await?;
    let latest = {
        let ids: Vec<i64> = tree.actions.iter().map(|a| a.id).collect();
        latest_updates(store, org, &ids).await?
    };
    // The summary is for the first meeting that receives the plan once the updates are due.
    let meetings = store.meetings(org).await?;
    let meeting = match dueregard_core::meeting::next_for_plan(&meetings, plan, chosen.due()) {
        Some(m) => {
            let committee = store.committee(org, m.fields.committee_id).await?;
            Some(format!(
                "{}, {}",
                committee.fields.name,
                dueregard_core::period::long_date(m.fields.date)
            ))
        }
        None => None,
    };
    let report = summary(&SummaryInput {
        organisation: &organisation,
        tree: &tree,
        people: &people,
        latest: &latest,
        period: chosen,
        meeting,
        today,
    });
    Ok((all, chosen, report))
}
