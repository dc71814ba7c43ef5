//! The cumulative impact of a budget round. Each proposal is a decision with its own impact
//! assessment; read one at a time, nobody sees that the same group is hit by six of them. The
//! round gathers its proposals into one matrix (characteristic against proposal, each impact
//! with its severity), flags the groups that several proposals affect negatively with the
//! mitigations offered, and records the body's consideration of the whole, which each
//! decision's due-regard check then looks for.

use crate::assessment::{
    CharacteristicRef, CheckLine, Decision, Finding, Impact, ImpactAssessment, Principle, Severity,
};
use crate::period::long_date;
use crate::report::{Block, Report, Section, Table};
use crate::validate::{self, LONG_TEXT, SHORT_TEXT, ValidationErrors};
use crate::vocab::ProtectedCharacteristic;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// How many proposals with a negative impact on one group make it a cumulative concern, unless a
/// round says otherwise.
pub const SEVERAL: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BudgetRoundFields {
    /// "Budget 2026/27".
    pub title: String,
    /// The meeting that sets the budget, if it is in the forward plan.
    #[serde(default)]
    pub meeting_id: Option<i64>,
    /// The proposals: each a decision with its impact assessments.
    #[serde(default)]
    pub decision_ids: Vec<i64>,
    /// How many negative proposals flag a group.
    #[serde(default = "several")]
    pub several: u32,
    /// The body's consideration of the cumulative impact: what it concluded and why.
    #[serde(default)]
    pub conclusion: String,
    /// The day that consideration was completed; until then the cumulative assessment is not done.
    #[serde(default)]
    pub considered_on: Option<Date>,
}

fn several() -> u32 {
    SEVERAL
}

pub type BudgetRound = crate::record::Record<BudgetRoundFields>;

#[derive(Debug, Clone, Default)]
pub struct BudgetRoundForm {
    pub title: String,
    pub meeting_id: String,
    pub decision_ids: Vec<String>,
    pub several: String,
    pub conclusion: String,
    pub considered_on: String,
}

impl BudgetRoundFields {
    pub fn validate(form: &BudgetRoundForm) -> Result<BudgetRoundFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let title = validate::required(&mut e, "title", "a title", &form.title, SHORT_TEXT);
        let meeting_id = match form.meeting_id.trim() {
            "" => None,
            v => match v.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    e.add("meeting_id", "Choose a meeting from the list");
                    None
                }
            },
        };
        let decision_ids = validate::ids(&mut e, "decision_ids", &form.decision_ids);
        let several = match form.several.trim() {
            "" => SEVERAL,
            v => match v.parse::<u32>() {
                Ok(n) if (2..=50).contains(&n) => n,
                _ => {
                    e.add(
                        "several",
                        "Enter how many proposals flag a group as a whole number from 2 to 50",
                    );
                    SEVERAL
                }
            },
        };
        let conclusion = validate::optional(
            &mut e,
            "conclusion",
            "the conclusion",
            &form.conclusion,
            LONG_TEXT,
        )
        .unwrap_or_default();
        let considered_on = validate::optional_date(
            &mut e,
            "considered_on",
            "the day it was considered",
            &form.considered_on,
        );
        if considered_on.is_some() && conclusion.is_empty() {
            e.add(
                "conclusion",
                "Write what was concluded about the cumulative impact before giving the day it was considered",
            );
        }
        e.finish(BudgetRoundFields {
            title,
            meeting_id,
            decision_ids,
            several,
            conclusion,
            considered_on,
        })
    }

    pub fn to_form(&self) -> BudgetRoundForm {
        BudgetRoundForm {
            title: self.title.clone(),
            meeting_id: self.meeting_id.map(|m| m.to_string()).unwrap_or_default(),
            decision_ids: self.decision_ids.iter().map(i64::to_string).collect(),
            several: self.several.to_string(),
            conclusion: self.conclusion.clone(),
            considered_on: self
                .considered_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
        }
    }
}

/// One proposal's impact on one group: the worst its assessments record, with its mitigation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct MatrixCell {
    pub impact: Impact,
    pub severity: Option<Severity>,
    #[serde(default)]
    pub mitigation: String,
}

impl MatrixCell {
    /// Worse first: negative (high before low), not known, neutral, positive.
    fn rank(&self) -> (u8, u8) {
        let i = match self.impact {
            Impact::Negative => 3,
            Impact::NotKnown => 2,
            Impact::Neutral => 1,
            Impact::Positive => 0,
        };
        let s = match self.severity {
            Some(Severity::High) => 3,
            Some(Severity::Medium) => 2,
            Some(Severity::Low) => 1,
            None => 0,
        };
        (i, s)
    }

    /// In words: "Negative (high)".
    pub fn words(&self) -> String {
        match (self.impact, self.severity) {
            (Impact::Negative, Some(s)) => format!("Negative ({})", s.label().to_lowercase()),
            (i, _) => i.label().to_string(),
        }
    }
}

/// One group's line across the proposals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct MatrixRow {
    pub characteristic: CharacteristicRef,
    pub label: String,
    /// One a proposal, in the round's order: `None` where its assessments say nothing of the group.
    pub cells: Vec<Option<MatrixCell>>,
    pub negative: u32,
    pub high: u32,
    pub not_known: u32,
    /// Several proposals affect the group negatively.
    pub flagged: bool,
    /// The mitigations offered for its negative impacts: (proposal, mitigation).
    pub mitigations: Vec<(String, String)>,
}

/// The round's matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Matrix {
    /// The proposals: (decision id, title).
    pub proposals: Vec<(i64, String)>,
    pub rows: Vec<MatrixRow>,
    /// Proposals with no assessment attached: their impact is not known at all.
    pub unassessed: Vec<String>,
}

/// A proposal as the matrix reads it: the decision and its assessments.
pub struct Proposal<'a> {
    pub decision: &'a Decision,
    pub assessments: Vec<&'a ImpactAssessment>,
}

/// Builds the matrix: the nine protected characteristics always, then each local characteristic
/// any proposal's assessment names (`local` gives their names).
pub fn matrix(
    round: &BudgetRoundFields,
    proposals: &[Proposal<'_>],
    local: &[(i64, String)],
) -> Matrix {
    let mut characteristics: Vec<(CharacteristicRef, String)> = ProtectedCharacteristic::ALL
        .iter()
        .map(|c| (CharacteristicRef::Protected(*c), c.label().to_string()))
        .collect();
    for p in proposals {
        for a in &p.assessments {
            for i in &a.fields.impacts {
                if let CharacteristicRef::Local(id) = i.characteristic
                    && !characteristics.iter().any(|(c, _)| *c == i.characteristic)
                {
                    let name = local
                        .iter()
                        .find(|(l, _)| *l == id)
                        .map_or_else(|| format!("Local characteristic {id}"), |(_, n)| n.clone());
                    characteristics.push((i.characteristic, name));
                }
            }
        }
    }
    let rows = characteristics
        .into_iter()
        .map(|(characteristic, label)| {
            let cells: Vec<Option<MatrixCell>> = proposals
                .iter()
                .map(|p| {
                    p.assessments
                        .iter()
                        .flat_map(|a| a.fields.impacts.iter())
                        .filter(|i| i.characteristic == characteristic)
                        .map(|i| MatrixCell {
                            impact: i.impact,
                            severity: if i.impact == Impact::Negative {
                                i.severity
                            } else {
                                None
                            },
                            mitigation: i.mitigation.trim().to_string(),
                        })
                        .max_by_key(MatrixCell::rank)
                })
                .collect();
            let count = |f: &dyn Fn(&MatrixCell) -> bool| {
                cells.iter().flatten().filter(|c| f(c)).count() as u32
            };
            let negative = count(&|c| c.impact == Impact::Negative);
            let high =
                count(&|c| c.impact == Impact::Negative && c.severity == Some(Severity::High));
            let not_known = count(&|c| c.impact == Impact::NotKnown);
            let mitigations = proposals
                .iter()
                .zip(&cells)
                .filter_map(|(p, c)| {
                    let c = c.as_ref()?;
                    (c.impact == Impact::Negative).then(|| {
                        (
                            p.decision.fields.title.clone(),
                            if c.mitigation.is_empty() {
                                "None offered".to_string()
                            } else {
                                c.mitigation.clone()
                            },
                        )
                    })
                })
                .collect();
            MatrixRow {
                characteristic,
                label,
                cells,
                negative,
                high,
                not_known,
                flagged: negative >= round.several,
                mitigations,
            }
        })
        .collect();
    Matrix {
        proposals: proposals
            .iter()
            .map(|p| (p.decision.id, p.decision.fields.title.clone()))
            .collect(),
        rows,
        unassessed: proposals
            .iter()
            .filter(|p| p.assessments.is_empty())
            .map(|p| p.decision.fields.title.clone())
            .collect(),
    }
}

/// The line a decision's due-regard check gets from the budget rounds: where a round holds the
/// decision, whether its cumulative impact was considered before the decision; where none does
/// but the decision rests on a budget proposal's assessment, that no cumulative assessment
/// exists. `None` when neither applies.
pub fn cumulative_line(
    decision_id: i64,
    decision: &crate::assessment::DecisionFields,
    assessments: &[&ImpactAssessment],
    rounds: &[BudgetRound],
) -> Option<CheckLine> {
    let line = |finding, reasons| CheckLine {
        principle: Principle::Cumulative,
        finding,
        reasons,
    };
    let holding: Vec<&BudgetRound> = rounds
        .iter()
        .filter(|r| r.fields.decision_ids.contains(&decision_id))
        .collect();
    if holding.is_empty() {
        let budget = assessments
            .iter()
            .any(|a| a.fields.subject == crate::assessment::Subject::BudgetProposal);
        return budget.then(|| {
            line(
                Finding::Missing,
                vec!["It is a budget proposal, but no cumulative assessment of a budget round includes it".into()],
            )
        });
    }
    let mut reasons = Vec::new();
    let mut finding = Finding::Pass;
    for r in holding {
        match r.fields.considered_on {
            Some(on) if on <= decision.decided_on => reasons.push(format!(
                "The cumulative impact of ‘{}’ was considered on {}, before the decision",
                r.fields.title,
                long_date(on)
            )),
            Some(on) => {
                finding = Finding::Missing;
                reasons.push(format!(
                    "The cumulative impact of ‘{}’ was considered on {}, after the decision on {}",
                    r.fields.title,
                    long_date(on),
                    long_date(decision.decided_on)
                ));
            }
            None => {
                finding = Finding::Missing;
                reasons.push(format!(
                    "The cumulative impact of ‘{}’ has not been considered yet",
                    r.fields.title
                ));
            }
        }
    }
    Some(line(finding, reasons))
}

/// The report for the budget-setting meeting: the matrix, the groups several proposals affect
/// with the mitigations offered, and the body's conclusion.
pub fn report(round: &BudgetRound, m: &Matrix, organisation: &str, today: Date) -> Report {
    let f = &round.fields;
    let flagged: Vec<&MatrixRow> = m.rows.iter().filter(|r| r.flagged).collect();
    let mut summary = vec![Block::Paragraph(format!(
        "This report brings together the equality impact assessments of the {} proposals in {}, so that the budget-setting meeting can see where the same group is affected by more than one of them. A group is flagged where {} or more proposals affect it negatively.",
        m.proposals.len(),
        f.title,
        f.several
    ))];
    summary.push(Block::Paragraph(if flagged.is_empty() {
        "No group is affected negatively by several proposals.".to_string()
    } else {
        format!(
            "{} {} affected negatively by several proposals: {}.",
            flagged.len(),
            if flagged.len() == 1 {
                "group is"
            } else {
                "groups are"
            },
            flagged
                .iter()
                .map(|r| format!("{} ({} proposals)", r.label, r.negative))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }));
    if !m.unassessed.is_empty() {
        summary.push(Block::Paragraph(format!(
            "These proposals have no impact assessment, so their effect on every group is not known: {}.",
            m.unassessed.join("; ")
        )));
    }
    let mut header = vec!["Characteristic".to_string()];
    header.extend(m.proposals.iter().map(|(_, t)| t.clone()));
    header.push("Negative impacts".into());
    let mut numeric = vec![false; m.proposals.len() + 1];
    numeric.push(true);
    let matrix_table = Table {
        caption: format!("Impacts of each proposal in {}, by characteristic", f.title),
        header,
        numeric,
        rows: m
            .rows
            .iter()
            .map(|r| {
                let mut row = vec![if r.flagged {
                    format!("{} (flagged)", r.label)
                } else {
                    r.label.clone()
                }];
                row.extend(r.cells.iter().map(|c| {
                    c.as_ref()
                        .map_or("Not assessed".to_string(), MatrixCell::words)
                }));
                row.push(r.negative.to_string());
                row
            })
            .collect(),
    };
    let mut groups = Vec::new();
    for r in &flagged {
        groups.push(Block::Table(Table {
            caption: format!(
                "{}: {} proposals with a negative impact ({} high)",
                r.label, r.negative, r.high
            ),
            header: vec!["Proposal".into(), "Mitigation offered".into()],
            numeric: vec![false, false],
            rows: r
                .mitigations
                .iter()
                .map(|(p, m)| vec![p.clone(), m.clone()])
                .collect(),
        }));
    }
    if groups.is_empty() {
        groups.push(Block::Paragraph("None.".into()));
    }
    let conclusion = match f.considered_on {
        Some(on) => vec![
            Block::Paragraph(f.conclusion.clone()),
            Block::Note(format!("Considered on {}.", long_date(on))),
        ],
        None => vec![Block::Paragraph(
            "The cumulative impact has not yet been considered. The meeting should consider it before setting the budget.".into(),
        )],
    };
    Report {
        title: format!("Cumulative equality impact: {}", f.title),
        organisation: organisation.to_string(),
        covering: f.title.clone(),
        data_date: today,
        sections: vec![
            Section {
                heading: "Summary".into(),
                blocks: summary,
            },
            Section {
                heading: "Each proposal's impact on each group".into(),
                blocks: vec![
                    Block::Table(matrix_table),
                    Block::Note("Where a proposal has several assessments, or an assessment records several impacts on one group, the worst is shown: negative before not known, neutral and positive, and a high severity before a lower one.".into()),
                ],
            },
            Section {
                heading: "Groups affected by several proposals".into(),
                blocks: groups,
            },
            Section {
                heading: "Conclusion".into(),
                blocks: conclusion,
            },
        ],
        sources: vec!["The equality impact assessments of each proposal, as approved or in draft on the day of this report".into()],
    }
}

#[cfg(test)]
mod tests;
