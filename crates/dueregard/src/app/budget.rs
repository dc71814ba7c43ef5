//! Budget rounds read from the store: each round's matrix of impacts, its report for the
//! budget-setting meeting, and the line each decision's due-regard check gets from them.

use dueregard_core::assessment::{CheckLine, Decision, DecisionFields, ImpactAssessment};
use dueregard_core::budget::{self, BudgetRound, Matrix, Proposal};
use dueregard_core::report::Report;
use dueregard_core::store::{Store, StoreResult};
use jiff::civil::Date;

/// The round's matrix, from its decisions and the assessments each rests on.
pub async fn matrix(store: &dyn Store, org: i64, round: &BudgetRound) -> StoreResult<Matrix> {
    let decisions: Vec<Decision> = store
        .decisions(org)
        .await?
        .into_iter()
        .filter(|d| round.fields.decision_ids.contains(&d.id))
        .collect();
    // In the round's order, as the proposals were put to it.
    let ordered: Vec<&Decision> = round
        .fields
        .decision_ids
        .iter()
        .filter_map(|id| decisions.iter().find(|d| d.id == *id))
        .collect();
    let assessments = store.assessments(org).await?;
    let local: Vec<(i64, String)> = store
        .local_characteristics(org)
        .await?
        .into_iter()
        .map(|l| (l.id, l.fields.name))
        .collect();
    let proposals: Vec<Proposal<'_>> = ordered
        .into_iter()
        .map(|d| Proposal {
            decision: d,
            assessments: assessments
                .iter()
                .filter(|a| d.fields.assessment_ids.contains(&a.id))
                .collect(),
        })
        .collect();
    Ok(budget::matrix(&round.fields, &proposals, &local))
}

/// The report for the budget-setting meeting.
pub async fn report(store: &dyn Store, org: i64, id: i64, today: Date) -> StoreResult<Report> {
    let round = store.budget_round(org, id).await?;
    let m = matrix(store, org, &round).await?;
    let name = store.organisation(org).await?.name;
    Ok(budget::report(&round, &m, &name, today))
}

/// The cumulative line of a decision's due-regard check, if one applies.
pub async fn check_line(
    store: &dyn Store,
    org: i64,
    id: i64,
    decision: &DecisionFields,
    assessments: &[ImpactAssessment],
) -> StoreResult<Option<CheckLine>> {
    let rounds = store.budget_rounds(org).await?;
    let refs: Vec<&ImpactAssessment> = assessments.iter().collect();
    Ok(budget::cumulative_line(id, decision, &refs, &rounds))
}
