//! An impact assessment as a document, section by section, for ODT and DOCX export.

use crate::export::{Block, Document};
use dueregard_core::assessment::{
    AssessmentFields, CharacteristicRef, ImpactAssessment, Signature,
};
use dueregard_core::period::long_date;
use dueregard_core::vocab::Aim;
use std::collections::HashMap;

/// Names the document shows in place of ids.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub organisation: String,
    pub owner: String,
    pub directorate: String,
    /// The organisation's own characteristics, by id.
    pub local: HashMap<i64, String>,
}

fn characteristic(c: &CharacteristicRef, names: &Names) -> String {
    match c {
        CharacteristicRef::Protected(p) => p.label().to_string(),
        CharacteristicRef::Local(id) => names
            .local
            .get(id)
            .cloned()
            .unwrap_or_else(|| format!("Local characteristic {id}")),
    }
}

fn or_none(text: &str) -> String {
    if text.trim().is_empty() {
        "None recorded.".to_string()
    } else {
        text.to_string()
    }
}

fn signature(s: &Option<Signature>) -> String {
    s.as_ref().map_or_else(
        || "Not signed".to_string(),
        |s| format!("{} on {}", s.name, long_date(s.on)),
    )
}

/// Every section of the assessment, in the order the web page shows them.
pub fn assessment_document(a: &ImpactAssessment, names: &Names) -> Document {
    let f: &AssessmentFields = &a.fields;
    let mut blocks = vec![
        Block::Heading(1, f.title.clone()),
        Block::Paragraph(format!(
            "Equality impact assessment by {}. Version {}. Status: {}.",
            names.organisation,
            a.edition,
            f.status().label()
        )),
        Block::Table(
            vec!["About this assessment".into(), String::new()],
            vec![
                vec!["What is assessed".into(), f.subject.label().into()],
                vec!["Owner".into(), or_none(&names.owner)],
                vec!["Directorate".into(), or_none(&names.directorate)],
                vec![
                    "Review date".into(),
                    f.review_date.map_or_else(|| "Not set".into(), long_date),
                ],
            ],
        ),
        Block::Heading(2, "Screening".into()),
        Block::Paragraph(match f.screening.full_assessment_needed {
            Some(true) => "A full assessment is needed.".into(),
            Some(false) => "A full assessment is not needed.".into(),
            None => "Screening is not finished.".into(),
        }),
        Block::Paragraph(format!("Reason: {}", or_none(&f.screening.reason))),
    ];
    if !f.screening.answers.is_empty() {
        let mut groups: Vec<CharacteristicRef> = Vec::new();
        for a in &f.screening.answers {
            if !groups.contains(&a.characteristic) {
                groups.push(a.characteristic);
            }
        }
        blocks.push(Block::Table(
            std::iter::once("Relevant to".to_string())
                .chain(Aim::ALL.iter().map(|a| a.label().to_string()))
                .collect(),
            groups
                .iter()
                .map(|c| {
                    std::iter::once(characteristic(c, names))
                        .chain(Aim::ALL.iter().map(|aim| {
                            match f
                                .screening
                                .answers
                                .iter()
                                .find(|x| x.characteristic == *c && x.aim == *aim)
                            {
                                Some(x) if x.relevant => "Yes".to_string(),
                                Some(_) => "No".to_string(),
                                None => "Does not apply".to_string(),
                            }
                        }))
                        .collect()
                })
                .collect(),
        ));
    }
    blocks.extend([
        Block::Heading(2, "Scope and purpose".into()),
        Block::Paragraph(format!("Scope: {}", or_none(&f.scope))),
        Block::Paragraph(format!("Purpose: {}", or_none(&f.purpose))),
        Block::Heading(2, "Evidence".into()),
    ]);
    if f.evidence.is_empty() {
        blocks.push(Block::Paragraph("No evidence is listed.".into()));
    } else {
        blocks.push(Block::Table(
            vec![
                "Number".into(),
                "Evidence".into(),
                "Kind".into(),
                "Source".into(),
                "Dated".into(),
            ],
            f.evidence
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    vec![
                        (i + 1).to_string(),
                        if e.summary.is_empty() {
                            e.title.clone()
                        } else {
                            format!("{}\n{}", e.title, e.summary)
                        },
                        e.kind.label().into(),
                        e.source.clone(),
                        long_date(e.dated),
                    ]
                })
                .collect(),
        ));
    }
    blocks.push(Block::Paragraph(format!(
        "Gaps in the information, and how they will be filled: {}",
        or_none(&f.information_gaps)
    )));
    blocks.push(Block::Heading(2, "Likely impact on each group".into()));
    blocks.push(Block::Table(
        vec![
            "Group".into(),
            "Impact".into(),
            "Severity".into(),
            "Who is affected".into(),
            "Evidence".into(),
            "Mitigation".into(),
        ],
        f.impacts
            .iter()
            .map(|i| {
                vec![
                    characteristic(&i.characteristic, names),
                    i.impact.label().into(),
                    i.severity.map_or(String::new(), |s| s.label().into()),
                    i.who_is_affected.clone(),
                    i.evidence
                        .iter()
                        .map(|e| (e + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    i.mitigation.clone(),
                ]
            })
            .collect(),
    ));
    blocks.push(Block::Heading(2, "The general equality duty".into()));
    for a in &f.aims {
        blocks.push(Block::Heading(3, a.aim.label().into()));
        blocks.push(Block::Paragraph(or_none(&a.how)));
    }
    blocks.push(Block::Heading(2, "Outcome".into()));
    blocks.push(Block::Paragraph(f.outcome.map_or_else(
        || "No outcome is recorded yet.".into(),
        |o| o.label().to_string(),
    )));
    if !f.justification.trim().is_empty() {
        blocks.push(Block::Paragraph(format!(
            "Justification: {}",
            f.justification
        )));
    }
    blocks.push(Block::Heading(2, "Sign-off".into()));
    blocks.push(Block::Table(
        vec!["Step".into(), "Signed".into()],
        vec![
            vec!["Assessed".into(), signature(&f.assessed)],
            vec![
                "Reviewed by the equality lead".into(),
                signature(&f.reviewed),
            ],
            vec!["Approved by the director".into(), signature(&f.approved)],
        ],
    ));
    Document {
        title: f.title.clone(),
        blocks,
    }
}
