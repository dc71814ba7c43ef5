//! The demo's budget round for Dudley. Seed 004's CE2 (4) asks for "an effective process for
//! assessing and taking into account equality impact of relevant budget proposals"; the seed
//! names no proposals, so these four are illustrative (and say so), drawn so that older and
//! disabled people are each affected by more than one, as happens in a real round.

use dueregard_core::assessment::{
    AssessmentFields, CharacteristicRef, DecisionFields, Impact, ImpactEntry, Screening, Severity,
    Subject,
};
use dueregard_core::budget::{BudgetRoundFields, BudgetRoundForm};
use dueregard_core::store::{Actor, Store};
use dueregard_core::vocab::ProtectedCharacteristic as P;
use jiff::civil::Date;

const ROUND: &str = "Budget proposals for next year (illustrative round under CE2)";

/// (proposal, [(characteristic, impact, severity, mitigation)])
type Proposal = (
    &'static str,
    &'static [(P, Impact, Option<Severity>, &'static str)],
);

const PROPOSALS: [Proposal; 4] = [
    (
        "Close two of the five day centres (illustrative)",
        &[
            (
                P::Age,
                Impact::Negative,
                Some(Severity::High),
                "Transport to the nearest remaining centre for everyone who uses a closing one",
            ),
            (
                P::Disability,
                Impact::Negative,
                Some(Severity::High),
                "Each person's care and support plan reviewed before any move",
            ),
            (
                P::Sex,
                Impact::Negative,
                Some(Severity::Low),
                "Carers' breaks kept at the remaining centres",
            ),
            (P::Race, Impact::Neutral, None, ""),
        ],
    ),
    (
        "Reduce library opening hours (illustrative)",
        &[
            (
                P::Age,
                Impact::Negative,
                Some(Severity::Medium),
                "The home library service extended",
            ),
            (P::Disability, Impact::Negative, Some(Severity::Low), ""),
            (
                P::Race,
                Impact::Positive,
                None,
                "Community languages stock moved to the busiest libraries",
            ),
        ],
    ),
    (
        "Raise car parking charges (illustrative)",
        &[
            (
                P::Disability,
                Impact::Neutral,
                None,
                "Blue badge holders keep free parking",
            ),
            (P::Age, Impact::NotKnown, None, ""),
        ],
    ),
    (
        "Stop the youth service's evening sessions (illustrative)",
        &[
            (
                P::Age,
                Impact::Negative,
                Some(Severity::Medium),
                "Voluntary sector grants for evening provision",
            ),
            (
                P::SexualOrientation,
                Impact::Negative,
                Some(Severity::Medium),
                "The LGBT youth group kept as the one evening session",
            ),
        ],
    ),
];

fn assessment(title: &str, impacts: &[(P, Impact, Option<Severity>, &str)]) -> AssessmentFields {
    AssessmentFields {
        title: format!("Equality impact assessment: {title}"),
        subject: Subject::BudgetProposal,
        owner_id: None,
        directorate_id: None,
        screening: Screening {
            answers: Vec::new(),
            full_assessment_needed: Some(true),
            reason: "A reduction in a service people with protected characteristics rely on".into(),
        },
        scope: String::new(),
        purpose: "A saving in next year's budget".into(),
        evidence: Vec::new(),
        information_gaps: String::new(),
        impacts: impacts
            .iter()
            .map(|(c, impact, severity, mitigation)| ImpactEntry {
                characteristic: CharacteristicRef::Protected(*c),
                impact: *impact,
                severity: *severity,
                who_is_affected: String::new(),
                evidence: Vec::new(),
                mitigation: mitigation.to_string(),
            })
            .collect(),
        aims: Vec::new(),
        outcome: None,
        justification: String::new(),
        review_date: None,
        public: false,
        assessed: None,
        reviewed: None,
        approved: None,
    }
}

/// Adds the round once: four proposals, each a decision due at next month's budget meeting
/// with its draft assessment, gathered into a round whose cumulative impact is yet to be
/// considered.
pub async fn load(store: &dyn Store, actor: &Actor, org: i64, today: Date) -> anyhow::Result<()> {
    if store
        .budget_rounds(org)
        .await?
        .iter()
        .any(|r| r.fields.title == ROUND)
    {
        return Ok(());
    }
    let decided_on = today.checked_add(jiff::Span::new().days(30))?;
    let mut ids = Vec::new();
    for (title, impacts) in PROPOSALS {
        let a = store
            .create_assessment(actor, org, assessment(title, impacts))
            .await?;
        let d = store
            .create_decision(
                actor,
                org,
                DecisionFields {
                    title: title.to_string(),
                    decision_maker: "Council (budget meeting)".into(),
                    decided_on,
                    key_decision: true,
                    forward_plan: true,
                    report: "Budget report (illustrative)".into(),
                    assessment_ids: vec![a.id],
                    assessment_seen: false,
                },
            )
            .await?;
        ids.push(d.id.to_string());
    }
    let round = BudgetRoundFields::validate(&BudgetRoundForm {
        title: ROUND.into(),
        decision_ids: ids,
        several: "2".into(),
        ..Default::default()
    })
    .map_err(|e| anyhow::anyhow!("demo budget round: {e}"))?;
    store.create_budget_round(actor, org, round).await?;
    Ok(())
}
