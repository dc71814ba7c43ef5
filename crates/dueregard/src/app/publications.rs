//! The publication workflow, for the web pages and the command line: the report a publication
//! gives as it stands today, each step of draft, review, approval and publication, and
//! corrections as new editions.

use crate::app::reports::{Scope, plan_report, progress_report};
use crate::app::workforce::stored_report;
use dueregard_core::account::User;
use dueregard_core::period::{Period, long_date};
use dueregard_core::publication::{
    Publication, PublicationFields, PublicationKind, PublicationStatus, PublicationStep,
};
use dueregard_core::report::Report;
use dueregard_core::report_equality::{
    AssessmentLine, EqualityInformationInput, WorkforceFigures, equality_information,
    gender_pay_gap,
};
use dueregard_core::store::{Actor, Store, StoreError};
use dueregard_core::workforce::WorkforceSnapshot;
use dueregard_stats::workforce::WorkforceReport;
use jiff::civil::Date;

/// The report a publication gives, worked out from the records as they are now. What the
/// public may read only: a progress report counts the actions of published plans alone, and
/// workforce figures are those a snapshot's report may publish. `actor` is who is asking, for
/// the audit of any read of staff records.
pub async fn current_report(
    store: &dyn Store,
    actor: &Actor,
    org: i64,
    fields: &PublicationFields,
    today: Date,
) -> Result<Report, StoreError> {
    let report = match (fields.kind, fields.plan_id) {
        (PublicationKind::ActionPlan, Some(plan)) => {
            let mut r = plan_report(store, org, plan, today).await?;
            r.covering = format!("{}, as at {}", r.covering, long_date(today));
            r
        }
        (PublicationKind::EqualityInformation, _) => {
            equality_information_report(store, actor, org, fields.period, today).await?
        }
        (PublicationKind::GenderPayGap, _) => {
            gender_pay_gap_report(store, actor, org, fields.period, today).await?
        }
        _ => progress_report(store, org, fields.period, Scope::Published, today).await?,
    };
    Ok(fields.with_introduction(report))
}

/// The latest workforce snapshot taken on or before the period's end, with its published
/// report.
async fn snapshot_for(
    store: &dyn Store,
    actor: &Actor,
    org: i64,
    period: Period,
) -> Result<Option<(WorkforceSnapshot, WorkforceReport)>, StoreError> {
    let snapshot = store
        .snapshots(org)
        .await?
        .into_iter()
        .filter(|s| s.fields.snapshot_date <= period.end)
        .max_by_key(|s| s.fields.snapshot_date);
    let Some(snapshot) = snapshot else {
        return Ok(None);
    };
    let report = stored_report(store, actor, org, &snapshot).await?;
    Ok(Some((snapshot, report)))
}

fn figures<'a>(s: &WorkforceSnapshot, report: &'a WorkforceReport) -> WorkforceFigures<'a> {
    WorkforceFigures {
        snapshot_date: s.fields.snapshot_date,
        synthetic: s.fields.synthetic,
        report,
    }
}

/// The year's equality information: workforce, pay gaps, community, assessments, progress.
pub async fn equality_information_report(
    store: &dyn Store,
    actor: &Actor,
    org: i64,
    period: Period,
    today: Date,
) -> Result<Report, StoreError> {
    let organisation = store.organisation(org).await?.name;
    let workforce = snapshot_for(store, actor, org, period).await?;
    let assessments: Vec<AssessmentLine> = store
        .assessments(org)
        .await?
        .into_iter()
        .filter(|a| a.fields.public)
        .filter_map(|a| {
            let on = a.fields.approved.as_ref()?.on;
            period.contains(on).then(|| AssessmentLine {
                title: a.fields.title.clone(),
                subject: a.fields.subject.label().to_string(),
                outcome: a
                    .fields
                    .outcome
                    .map_or_else(|| "Not recorded".to_string(), |o| o.label().to_string()),
                approved_on: on,
            })
        })
        .collect();
    let progress = progress_report(store, org, period, Scope::Published, today)
        .await?
        .tables()
        .next()
        .cloned();
    Ok(equality_information(&EqualityInformationInput {
        organisation: &organisation,
        period,
        today,
        workforce: workforce.as_ref().map(|(s, r)| figures(s, r)),
        assessments: &assessments,
        progress,
        attribution: dueregard_formats::workforce::reference::ATTRIBUTION,
    }))
}

/// The gender pay gap report: the latest snapshot's measures, and the actions in published
/// plans that serve an equality objective about sex.
pub async fn gender_pay_gap_report(
    store: &dyn Store,
    actor: &Actor,
    org: i64,
    period: Period,
    today: Date,
) -> Result<Report, StoreError> {
    use dueregard_core::objective::ObjectiveStatus;
    use dueregard_core::vocab::ProtectedCharacteristic;
    let organisation = store.organisation(org).await?.name;
    let workforce = snapshot_for(store, actor, org, period).await?;
    let published: std::collections::HashSet<i64> =
        crate::app::reports::published_plans(store, org)
            .await?
            .into_iter()
            .map(|p| p.id)
            .collect();
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for o in store.objectives(org).await? {
        let about_sex = o
            .fields
            .characteristics
            .contains(&ProtectedCharacteristic::Sex);
        if !about_sex || o.fields.status != ObjectiveStatus::Approved {
            continue;
        }
        for a in store.actions_for_objective(org, o.id).await? {
            if published.contains(&a.plan_id) && seen.insert(a.id) {
                rows.push(vec![
                    a.reference.clone(),
                    a.text.clone(),
                    a.target_text.clone(),
                    a.status().label().to_string(),
                ]);
            }
        }
    }
    Ok(gender_pay_gap(
        &organisation,
        workforce.as_ref().map(|(s, r)| figures(s, r)).as_ref(),
        rows,
        today,
    ))
}

/// What a publication shows: the report kept on approval, or for a draft the report as it
/// would be if approved today.
pub async fn report_of(
    store: &dyn Store,
    actor: &Actor,
    org: i64,
    publication: &Publication,
    today: Date,
) -> Result<Report, StoreError> {
    match &publication.fields.report {
        Some(kept) => Ok(kept.clone()),
        None => current_report(store, actor, org, &publication.fields, today).await,
    }
}

/// Takes a step of the workflow as `user`, at the version they saw.
pub async fn take_step(
    store: &dyn Store,
    user: &User,
    id: i64,
    version: i64,
    step: PublicationStep,
    today: Date,
) -> Result<Publication, StoreError> {
    let org = user.org_id;
    let now = store.publication(org, id).await?;
    // Approval keeps the report as it stands, so it is worked out first.
    let report = if step == PublicationStep::Approve {
        Some(current_report(store, &Actor::user(user), org, &now.fields, today).await?)
    } else {
        None
    };
    let next = now
        .fields
        .take(step, &user.name, user.role, today, report)
        .map_err(StoreError::Invalid)?;
    store
        .update_publication(&Actor::user(user), org, id, version, next)
        .await
}

/// Starts a correction of a published edition: the next edition, as a draft.
pub async fn correct(
    store: &dyn Store,
    user: &User,
    id: i64,
    note: &str,
) -> Result<Publication, StoreError> {
    let org = user.org_id;
    let published = store.publication(org, id).await?;
    let next = published
        .fields
        .correction(id, note)
        .map_err(StoreError::Invalid)?;
    store
        .create_publication(&Actor::user(user), org, next)
        .await
}

/// The published editions, newest first: the organisation's publication record.
pub async fn published(store: &dyn Store, org: i64) -> Result<Vec<Publication>, StoreError> {
    let mut all = store.publications(org).await?;
    all.retain(|p| p.fields.status == PublicationStatus::Published);
    Ok(all)
}

/// The edition that corrects `id`, if one has been published.
pub fn corrected_by(published: &[Publication], id: i64) -> Option<&Publication> {
    published.iter().find(|p| p.fields.corrects == Some(id))
}
