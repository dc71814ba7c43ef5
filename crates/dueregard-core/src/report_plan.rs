//! An action plan as a report, in the shape councils publish it (seed 004's table: objective,
//! detailed action and lead, target date, planned outcome) with a column for progress: the latest
//! status and what was last reported. Each priority is a section with one table.

use crate::org::{Person, lead_initials};
use crate::period::long_date;
use crate::plan::PlanTree;
use crate::progress::ProgressUpdate;
use crate::report::{Block, Report, Section, Table};
use jiff::civil::Date;
use std::collections::HashMap;

/// What the plan report is made from.
pub struct PlanReportInput<'a> {
    pub organisation: &'a str,
    pub tree: &'a PlanTree,
    /// The organisation's people, to name lead officers by their initials.
    pub people: &'a [Person],
    /// Each action's latest progress update, by the action's id.
    pub latest: &'a HashMap<i64, ProgressUpdate>,
    pub today: Date,
}

pub const PLAN_COLUMNS: [&str; 5] = [
    "Objective",
    "Detailed action/target (and lead officer)",
    "Target date/ milestones",
    "Planned outcome/ performance indicator",
    "Progress",
];

/// The plan, priority by priority, with the lead officers' key and the glossary.
pub fn action_plan(input: &PlanReportInput) -> Report {
    let tree = input.tree;
    let plan = &tree.plan.fields;
    let mut sections = Vec::new();
    let mut intro = vec![Block::Paragraph(format!(
        "Status: {}. Progress is as last reported by each action's lead officer, as at {}.",
        plan.status.label(),
        long_date(input.today)
    ))];
    if let Some(text) = plan.introduction.as_ref().filter(|t| !t.trim().is_empty()) {
        intro.push(Block::Paragraph(text.clone()));
    }
    sections.push(Section {
        heading: "About this plan".into(),
        blocks: intro,
    });
    let mut led: Vec<i64> = Vec::new();
    for (priority, objectives) in tree.ordered() {
        let mut rows = Vec::new();
        for (objective, actions) in &objectives {
            led.extend(&objective.fields.lead_ids);
            let leads = lead_initials(input.people, &objective.fields.lead_ids);
            let heading = if leads.is_empty() {
                format!("{}. {}", objective.fields.code, objective.fields.title)
            } else {
                format!(
                    "{}. {} ({leads})",
                    objective.fields.code, objective.fields.title
                )
            };
            if actions.is_empty() {
                rows.push(vec![
                    heading.clone(),
                    "No actions yet".into(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
            }
            for (i, a) in actions.iter().enumerate() {
                led.extend(&a.fields.lead_ids);
                let mut action = match a.fields.number {
                    Some(n) => format!("({n}) {}", a.fields.text),
                    None => a.fields.text.clone(),
                };
                if a.fields.lead_ids != objective.fields.lead_ids {
                    let own = lead_initials(input.people, &a.fields.lead_ids);
                    if !own.is_empty() {
                        action.push_str(&format!(" ({own})"));
                    }
                }
                let target = if a.fields.target_text.trim().is_empty() {
                    "No target date".to_string()
                } else {
                    a.fields.target_text.clone()
                };
                let mut progress = a.status().label().to_string();
                if let Some(u) = input.latest.get(&a.id) {
                    progress.push_str(&format!(
                        ": {} ({})",
                        u.fields.narrative,
                        long_date(u.fields.reported_on)
                    ));
                }
                rows.push(vec![
                    // The objective is written in full on its first row; later rows give its
                    // code, so a row read alone (in a spreadsheet, say) still says where it sits.
                    if i == 0 {
                        heading.clone()
                    } else {
                        objective.fields.code.clone()
                    },
                    action,
                    target,
                    tree.outcome(a.fields.outcome_id)
                        .map(|o| o.fields.text.clone())
                        .unwrap_or_default(),
                    progress,
                ]);
            }
        }
        let title = format!(
            "Priority {}. {}",
            priority.fields.number, priority.fields.title
        );
        let blocks = if rows.is_empty() {
            vec![Block::Paragraph(
                "No objectives under this priority yet.".into(),
            )]
        } else {
            vec![Block::Table(Table {
                caption: format!(
                    "Objectives and actions under priority {}",
                    priority.fields.number
                ),
                header: PLAN_COLUMNS.map(String::from).to_vec(),
                numeric: vec![false; 5],
                rows,
            })]
        };
        sections.push(Section {
            heading: title,
            blocks,
        });
    }
    let mut key: Vec<&Person> = input
        .people
        .iter()
        .filter(|p| led.contains(&p.id))
        .collect();
    key.sort_by_key(|p| {
        p.fields
            .name
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_string()
    });
    if !key.is_empty() {
        sections.push(Section {
            heading: "Lead officers for actions".into(),
            blocks: vec![Block::Table(Table {
                caption: "Lead officers, by their initials".into(),
                header: vec!["Initials".into(), "Name".into()],
                numeric: vec![false, false],
                rows: key
                    .iter()
                    .map(|p| {
                        vec![
                            p.fields.initials.clone().unwrap_or_default(),
                            p.fields.name.clone(),
                        ]
                    })
                    .collect(),
            })],
        });
    }
    if !tree.glossary.is_empty() {
        sections.push(Section {
            heading: "Glossary".into(),
            blocks: vec![Block::Table(Table {
                caption: "Terms used in the plan".into(),
                header: vec!["Term".into(), "Meaning".into()],
                numeric: vec![false, false],
                rows: tree
                    .glossary
                    .iter()
                    .map(|g| vec![g.fields.term.clone(), g.fields.meaning.clone()])
                    .collect(),
            })],
        });
    }
    Report {
        title: plan.title.clone(),
        organisation: input.organisation.to_string(),
        covering: format!("Action plan, {}", plan.period.describe()),
        data_date: input.today,
        sections,
        sources: Vec::new(),
    }
}
