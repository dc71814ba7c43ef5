//! Decisions, the due-regard check on each, and the text of its report.

use super::*;

/// A decision an assessment informs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DecisionFields {
    pub title: String,
    /// The person or committee deciding.
    pub decision_maker: String,
    pub decided_on: Date,
    #[serde(default)]
    pub key_decision: bool,
    #[serde(default)]
    pub forward_plan: bool,
    /// The report it came with.
    #[serde(default)]
    pub report: String,
    #[serde(default)]
    pub assessment_ids: Vec<i64>,
    /// The decision-maker is recorded as having read the assessments before deciding.
    #[serde(default)]
    pub assessment_seen: bool,
}

vocabulary!(
    /// The Brown principles (R (Brown) v SSWP [2008] EWHC 3158), one line each in the check.
    Principle {
        Aware => ("aware", "The decision-maker knew of the duty"),
        BeforeAndAtTheTime => ("before_and_at_the_time", "Regard was had before and at the time of deciding"),
        Rigour => ("rigour", "In substance, with rigour and an open mind"),
        NonDelegable => ("non_delegable", "The authority itself took responsibility"),
        Continuing => ("continuing", "The duty continues: the decision is kept under review"),
        Record => ("record", "An adequate record was kept"),
        Cumulative => ("cumulative", "The cumulative impact of related proposals was considered"),
    }
);

vocabulary!(
    /// How a principle stands.
    Finding {
        Pass => ("pass", "Pass"),
        Warning => ("warning", "Warning"),
        Missing => ("missing", "Missing"),
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CheckLine {
    pub principle: Principle,
    pub finding: Finding,
    pub reasons: Vec<String>,
}

/// An assessment as the check sees it.
pub struct Assessed<'a> {
    pub title: &'a str,
    pub fields: &'a AssessmentFields,
}

/// One line per Brown principle for `decision`, given its assessments, today's date and how old
/// evidence may be (in months) before it is called out.
pub fn due_regard_check(
    decision: &DecisionFields,
    assessments: &[Assessed<'_>],
    today: Date,
    max_evidence_months: i32,
) -> Vec<CheckLine> {
    let mut lines = Vec::new();
    let line = |principle, finding, reasons: Vec<String>| CheckLine {
        principle,
        finding,
        reasons,
    };
    let none = assessments.is_empty();

    // 1. Aware: the decision-maker is recorded as having seen the assessment.
    lines.push(if none {
        line(
            Principle::Aware,
            Finding::Missing,
            vec!["No assessment or screening is attached to the decision".into()],
        )
    } else if !decision.assessment_seen {
        line(
            Principle::Aware,
            Finding::Missing,
            vec![format!(
                "{} is not recorded as having seen the assessment before deciding",
                decision.decision_maker
            )],
        )
    } else {
        line(
            Principle::Aware,
            Finding::Pass,
            vec![format!(
                "{} saw the assessment before deciding",
                decision.decision_maker
            )],
        )
    });

    // 2. Before and at the time: approved on or before the decision date.
    let mut timing = Vec::new();
    let mut finding = if none {
        Finding::Missing
    } else {
        Finding::Pass
    };
    for a in assessments {
        match &a.fields.approved {
            None => {
                finding = Finding::Missing;
                timing.push(format!("‘{}’ is not approved", a.title));
            }
            Some(s) if s.on > decision.decided_on => {
                finding = Finding::Missing;
                timing.push(format!(
                    "‘{}’ was approved on {}, after the decision on {}",
                    a.title, s.on, decision.decided_on
                ));
            }
            Some(s) => timing.push(format!(
                "‘{}’ was approved on {}, before the decision",
                a.title, s.on
            )),
        }
    }
    if none {
        timing.push("There is nothing to show regard was had before deciding".into());
    }
    lines.push(line(Principle::BeforeAndAtTheTime, finding, timing));

    // 3. Rigour: negative impacts evidenced and mitigated or justified; evidence current;
    // unknown impacts call for inquiry.
    let mut rigour = Vec::new();
    let mut finding = if none {
        Finding::Missing
    } else {
        Finding::Pass
    };
    let worse = |f: Finding, g: Finding| match (f, g) {
        (Finding::Missing, _) | (_, Finding::Missing) => Finding::Missing,
        (Finding::Warning, _) | (_, Finding::Warning) => Finding::Warning,
        _ => Finding::Pass,
    };
    for a in assessments {
        let f = a.fields;
        let screened_out = f.screening.full_assessment_needed == Some(false);
        for imp in f.impacts.iter().filter(|i| i.impact == Impact::Negative) {
            let name = characteristic_name(&imp.characteristic);
            if imp.evidence.is_empty() {
                finding = worse(finding, Finding::Warning);
                rigour.push(format!(
                    "‘{}’: the negative impact on {name} has no evidence",
                    a.title
                ));
            }
            if imp.mitigation.trim().is_empty() && f.justification.trim().is_empty() {
                finding = worse(finding, Finding::Missing);
                rigour.push(format!(
                    "‘{}’: the negative impact on {name} has no mitigation and no justification",
                    a.title
                ));
            }
        }
        let unknown = f
            .impacts
            .iter()
            .filter(|i| i.impact == Impact::NotKnown)
            .count();
        if unknown > 0 && f.information_gaps.trim().is_empty() {
            finding = worse(finding, Finding::Warning);
            rigour.push(format!(
                "‘{}’: the impact on {unknown} group{} is not known, and it does not say how that will be found out",
                a.title,
                if unknown == 1 { "" } else { "s" }
            ));
        }
        if let Some(oldest) = f.evidence.iter().map(|e| e.dated).min() {
            let limit = decision
                .decided_on
                .checked_sub(jiff::Span::new().months(max_evidence_months))
                .unwrap_or(decision.decided_on);
            if oldest < limit {
                finding = worse(finding, Finding::Warning);
                rigour.push(format!(
                    "‘{}’: some evidence is from {oldest}, more than {max_evidence_months} months before the decision",
                    a.title
                ));
            }
        } else if !screened_out {
            finding = worse(finding, Finding::Missing);
            rigour.push(format!("‘{}’ lists no evidence", a.title));
        }
    }
    if rigour.is_empty() && !none {
        rigour.push("Every negative impact is evidenced and mitigated or justified".into());
    }
    lines.push(line(Principle::Rigour, finding, rigour));

    // 4. Non-delegable: someone senior in the authority approved it, and the decision-maker is named.
    let mut owned = Vec::new();
    let mut finding = if none {
        Finding::Missing
    } else {
        Finding::Pass
    };
    if decision.decision_maker.trim().is_empty() {
        finding = Finding::Missing;
        owned.push("The decision-maker is not recorded".into());
    }
    for a in assessments {
        match &a.fields.approved {
            Some(s) => owned.push(format!("‘{}’ was approved by {}", a.title, s.name)),
            None => {
                finding = Finding::Missing;
                owned.push(format!(
                    "Nobody in the authority has approved ‘{}’",
                    a.title
                ));
            }
        }
    }
    lines.push(line(Principle::NonDelegable, finding, owned));

    // 5. Continuing: a review date, not passed.
    let mut review = Vec::new();
    let mut finding = if none {
        Finding::Missing
    } else {
        Finding::Pass
    };
    for a in assessments {
        match a.fields.review_date {
            None => {
                finding = worse(finding, Finding::Missing);
                review.push(format!("‘{}’ has no review date", a.title));
            }
            Some(d) if d < today => {
                finding = worse(finding, Finding::Warning);
                review.push(format!("‘{}’ was due for review on {d}", a.title));
            }
            Some(d) => review.push(format!("‘{}’ will be reviewed by {d}", a.title)),
        }
    }
    lines.push(line(Principle::Continuing, finding, review));

    // 6. Record: every section there, signed.
    let mut record = Vec::new();
    let mut finding = if none {
        Finding::Missing
    } else {
        Finding::Pass
    };
    for a in assessments {
        let missing = a.fields.missing_for_sign_off();
        if !missing.is_empty() {
            finding = Finding::Missing;
            record.push(format!("‘{}’ is incomplete: {}", a.title, missing.0.len()));
        } else if a.fields.assessed.is_none() {
            finding = worse(finding, Finding::Warning);
            record.push(format!("‘{}’ is complete but not signed", a.title));
        } else {
            record.push(format!("‘{}’ is complete and signed", a.title));
        }
    }
    if none {
        record.push("No record of regard to the duty is attached".into());
    }
    lines.push(line(Principle::Record, finding, record));
    lines
}

fn characteristic_name(c: &CharacteristicRef) -> String {
    match c {
        CharacteristicRef::Protected(p) => p.label().to_lowercase(),
        CharacteristicRef::Local(id) => format!("local characteristic {id}"),
    }
}

/// A stored decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Decision {
    pub id: i64,
    pub org_id: i64,
    pub version: i64,
    pub fields: DecisionFields,
}

impl DecisionFields {
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        if self.title.trim().is_empty() {
            e.add("title", "Enter what was decided");
        }
        if self.decision_maker.trim().is_empty() {
            e.add(
                "decision_maker",
                "Say who made the decision: a person or a committee",
            );
        }
        for (field, text) in [
            ("title", &self.title),
            ("decision_maker", &self.decision_maker),
            ("report", &self.report),
        ] {
            if text.chars().count() > SHORT_TEXT {
                e.add(
                    field,
                    format!("This must be {SHORT_TEXT} characters or fewer"),
                );
            }
        }
        e.finish(())
    }
}

/// A decision's implications as a report, ready to paste into the committee report: the
/// equalities implications in words, then the "other implications" table.
pub fn implications_report(
    organisation: &str,
    decision: &DecisionFields,
    text: &str,
    other: &[(String, String, String)],
    today: Date,
) -> crate::report::Report {
    use crate::report::{Block, Report, Section, Table};
    Report {
        title: format!("Equalities implications: {}", decision.title),
        organisation: organisation.to_string(),
        covering: format!(
            "For the decision of {} on {}",
            decision.decision_maker,
            crate::period::long_date(decision.decided_on)
        ),
        data_date: today,
        sections: vec![
            Section {
                heading: "Equalities implications".into(),
                blocks: text
                    .split("\n\n")
                    .map(|p| Block::Paragraph(p.trim().to_string()))
                    .filter(|b| !matches!(b, Block::Paragraph(p) if p.is_empty()))
                    .collect(),
            },
            Section {
                heading: "Other implications".into(),
                blocks: vec![Block::Table(Table {
                    caption: "Other implications".into(),
                    header: vec![
                        "Other implications".into(),
                        "Yes/no".into(),
                        "Section references within supporting information".into(),
                    ],
                    numeric: vec![false; 3],
                    rows: other
                        .iter()
                        .map(|(a, b, c)| vec![a.clone(), b.clone(), c.clone()])
                        .collect(),
                })],
            },
        ],
        sources: Vec::new(),
    }
}

/// The "equalities implications" paragraph and the "other implications" table of a committee
/// report (as in Leicester's 2003 cabinet report, seed 001), written from the assessments.
/// The table's rows are (implication, "Yes", "No" or "Not assessed here", where to read more).
pub fn report_implications(
    assessments: &[Assessed<'_>],
) -> (String, Vec<(String, String, String)>) {
    if assessments.is_empty() {
        return (
            "No equality impact assessment or screening is attached to this decision.".into(),
            vec![(
                "Equal opportunities".into(),
                "Not assessed here".into(),
                String::new(),
            )],
        );
    }
    let mut text = Vec::new();
    for a in assessments {
        let f = a.fields;
        let negative: Vec<String> = f
            .impacts
            .iter()
            .filter(|i| i.impact == Impact::Negative)
            .map(|i| match i.characteristic {
                CharacteristicRef::Protected(p) => p.label().to_lowercase(),
                CharacteristicRef::Local(_) => "a local characteristic".into(),
            })
            .collect();
        let mut s = format!(
            "The equality impact assessment ‘{}’ ({}) informs this decision.",
            a.title,
            f.status().label().to_lowercase()
        );
        if negative.is_empty() {
            s.push_str(" It found no negative impact on any protected group.");
        } else {
            s.push_str(&format!(
                " It found a likely negative impact on {}.",
                negative.join(", ")
            ));
            let mitigated = f
                .impacts
                .iter()
                .filter(|i| i.impact == Impact::Negative && !i.mitigation.trim().is_empty())
                .count();
            s.push_str(&format!(
                " {mitigated} of {} have a mitigation.",
                negative.len()
            ));
        }
        if let Some(o) = f.outcome {
            s.push_str(&format!(" Its conclusion: {}.", o.label().to_lowercase()));
        }
        if !f.justification.trim().is_empty() {
            s.push_str(&format!(" Justification: {}", f.justification.trim()));
        }
        text.push(s);
    }
    let yes = |b: bool| if b { "Yes" } else { "No" }.to_string();
    let any = |p: &dyn Fn(&AssessmentFields) -> bool| assessments.iter().any(|a| p(a.fields));
    let older = any(&|f| {
        f.impacts.iter().any(|i| {
            i.characteristic == CharacteristicRef::Protected(ProtectedCharacteristic::Age)
                && !matches!(i.impact, Impact::Neutral)
        })
    });
    let not_here = || "Not assessed here".to_string();
    let table = vec![
        (
            "Equal opportunities".into(),
            yes(true),
            "The equality impact assessment, all sections".into(),
        ),
        (
            "Policy".into(),
            yes(any(&|f| {
                matches!(f.subject, Subject::Policy | Subject::Strategy)
            })),
            String::new(),
        ),
        (
            "Sustainable and environmental".into(),
            not_here(),
            String::new(),
        ),
        (
            "Legal".into(),
            yes(true),
            "The public sector equality duty, Equality Act 2010 section 149".into(),
        ),
        ("Crime and disorder".into(), not_here(), String::new()),
        ("Human rights".into(), not_here(), String::new()),
        (
            "Elderly people on low income".into(),
            yes(older),
            if older {
                "Likely impact on each group: age".into()
            } else {
                String::new()
            },
        ),
    ];
    (text.join("\n\n"), table)
}
