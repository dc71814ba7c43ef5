//! One model for every report Due Regard gives out: sections of headings, paragraphs, tables
//! (with captions and header rows), figures (a chart with its words and the table it is drawn
//! from), notes, the sources used and the date of the data. The formats crate renders it to
//! HTML, OpenDocument, Word and spreadsheets, and the PDF crate to tagged PDF; nothing here knows
//! a file format.
//!
//! The annual progress report for cabinet or scrutiny is built here from stored records: each
//! equality objective with the actions that serve it, their latest status and what was reported,
//! what completed in the period and what slipped.

use crate::dashboard::ActionRow;
use crate::objective::{EqualityObjective, ObjectiveStatus};
use crate::period::{Period, long_date};
use crate::progress::{ProgressStatus, ProgressUpdate};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::HashMap;

/// A report: its title, who it is about, and its sections.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Report {
    pub title: String,
    pub organisation: String,
    /// The period it covers, in words.
    pub covering: String,
    /// The day the data was read.
    pub data_date: Date,
    pub sections: Vec<Section>,
    /// Where the figures come from, beyond the organisation's own records.
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub enum Block {
    Paragraph(String),
    Table(Table),
    /// A note in smaller type: how a figure was worked out, or where it came from.
    Note(String),
    Figure(Figure),
}

/// A chart, said in words for those who cannot see it (`alt`), with the table it is drawn from
/// as its twin: every format that cannot draw the chart gives the table.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Figure {
    pub caption: String,
    pub alt: String,
    /// What follows each value: "%" for percentages, "" for counts.
    pub unit: String,
    /// One bar a category, one colour or pattern a series: `(series name, value per category)`.
    pub categories: Vec<String>,
    pub series: Vec<(String, Vec<Option<f64>>)>,
    pub table: Table,
}

/// A table with a caption and a header row. `numeric` says which columns hold numbers, so they
/// are aligned and written as numbers in spreadsheets.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Table {
    pub caption: String,
    pub header: Vec<String>,
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

impl Report {
    /// Every table in the report, in order, with each figure's twin table.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.sections.iter().flat_map(|s| {
            s.blocks.iter().filter_map(|b| match b {
                Block::Table(t) => Some(t),
                Block::Figure(f) => Some(&f.table),
                _ => None,
            })
        })
    }
}

/// What the annual progress report is made from.
pub struct ProgressInput<'a> {
    pub organisation: &'a str,
    pub period: Period,
    pub today: Date,
    pub objectives: &'a [EqualityObjective],
    /// The actions serving each objective, by the objective's id.
    pub serving: &'a HashMap<i64, Vec<ActionRow>>,
    /// Every action in scope (the organisation's, or one plan's).
    pub actions: &'a [ActionRow],
    /// Each action's latest progress update, by the action's id.
    pub latest: &'a HashMap<i64, ProgressUpdate>,
    /// Whose actions these are: "the organisation" or a plan's title.
    pub scope: &'a str,
}

fn status_of(a: &ActionRow) -> ProgressStatus {
    a.status()
}

/// What was reported on an action within the period, if anything.
fn reported<'a>(input: &'a ProgressInput, a: &ActionRow) -> Option<&'a ProgressUpdate> {
    input
        .latest
        .get(&a.id)
        .filter(|u| input.period.contains(u.fields.reported_on))
}

fn action_rows(input: &ProgressInput, actions: &[&ActionRow]) -> Vec<Vec<String>> {
    actions
        .iter()
        .map(|a| {
            let update = reported(input, a);
            vec![
                a.reference.clone(),
                a.text.clone(),
                a.target_text.clone(),
                status_of(a).label().to_string(),
                update.map_or_else(
                    || "Nothing reported in the period".to_string(),
                    |u| {
                        format!(
                            "{} ({})",
                            u.fields.narrative,
                            long_date(u.fields.reported_on)
                        )
                    },
                ),
            ]
        })
        .collect()
}

fn action_table(caption: String, rows: Vec<Vec<String>>) -> Table {
    Table {
        caption,
        header: [
            "Reference",
            "Action",
            "Target",
            "Latest status",
            "What was reported",
        ]
        .map(String::from)
        .to_vec(),
        numeric: vec![false; 5],
        rows,
    }
}

/// The annual progress report for cabinet or scrutiny.
pub fn annual_progress(input: &ProgressInput) -> Report {
    let period = input.period;
    let covering = format!("{} to {}", long_date(period.start), long_date(period.end));
    let mut sections = Vec::new();

    // The summary: counts by status.
    let counts: Vec<(ProgressStatus, usize)> = ProgressStatus::ALL
        .iter()
        .map(|s| {
            (
                *s,
                input.actions.iter().filter(|a| status_of(a) == *s).count(),
            )
        })
        .collect();
    let live: Vec<&EqualityObjective> = input
        .objectives
        .iter()
        .filter(|o| {
            matches!(
                o.fields.status,
                ObjectiveStatus::Approved | ObjectiveStatus::Retired
            )
        })
        .collect();
    let reported_count = input
        .actions
        .iter()
        .filter(|a| reported(input, a).is_some())
        .count();
    sections.push(Section {
        heading: "Summary".into(),
        blocks: vec![
            Block::Paragraph(format!(
                "This report covers {covering}. {} actions of {} serve {} equality objectives; progress was reported on {reported_count} of them in the period.",
                input.actions.len(),
                input.scope,
                live.len()
            )),
            Block::Table(Table {
                caption: "Actions by their latest status".into(),
                header: vec!["Status".into(), "Actions".into()],
                numeric: vec![false, true],
                rows: counts
                    .iter()
                    .map(|(s, n)| vec![s.label().to_string(), n.to_string()])
                    .chain([vec!["All actions".to_string(), input.actions.len().to_string()]])
                    .collect(),
            }),
        ],
    });

    // Each objective, with the actions in scope that serve it.
    let in_scope: std::collections::HashSet<i64> = input.actions.iter().map(|a| a.id).collect();
    for o in &live {
        let serving: Vec<&ActionRow> = input
            .serving
            .get(&o.id)
            .map(|v| v.iter().filter(|a| in_scope.contains(&a.id)).collect())
            .unwrap_or_default();
        let mut blocks = Vec::new();
        if let Some(d) = &o.fields.description {
            blocks.push(Block::Paragraph(d.clone()));
        }
        if serving.is_empty() {
            blocks.push(Block::Paragraph(
                "No actions serve this objective yet.".into(),
            ));
        } else {
            let done = serving
                .iter()
                .filter(|a| status_of(a) == ProgressStatus::Complete)
                .count();
            blocks.push(Block::Paragraph(format!(
                "{} actions serve this objective; {done} are complete.",
                serving.len()
            )));
            blocks.push(Block::Table(action_table(
                format!("Actions serving: {}", o.fields.title),
                action_rows(input, &serving),
            )));
        }
        sections.push(Section {
            heading: o.fields.title.clone(),
            blocks,
        });
    }

    // What completed in the period, and what slipped.
    let completed: Vec<&ActionRow> = input
        .actions
        .iter()
        .filter(|a| {
            status_of(a) == ProgressStatus::Complete
                && a.progress
                    .latest_update_on
                    .is_some_and(|d| period.contains(d))
        })
        .collect();
    sections.push(Section {
        heading: "Completed in the period".into(),
        blocks: if completed.is_empty() {
            vec![Block::Paragraph(
                "No actions were completed in the period.".into(),
            )]
        } else {
            vec![Block::Table(action_table(
                "Actions completed in the period".into(),
                action_rows(input, &completed),
            ))]
        },
    });
    let slipped: Vec<&ActionRow> = input
        .actions
        .iter()
        .filter(|a| {
            let s = status_of(a);
            matches!(s, ProgressStatus::AtRisk | ProgressStatus::OffTrack)
                || (s != ProgressStatus::Complete
                    && a.due().is_some_and(|d| d < period.end.min(input.today)))
        })
        .collect();
    sections.push(Section {
        heading: "Actions that slipped".into(),
        blocks: if slipped.is_empty() {
            vec![Block::Paragraph("No actions are at risk, off track or overdue.".into())]
        } else {
            vec![
                Block::Paragraph(
                    "Actions at risk or off track, and those past their target date and not complete, with what was reported about why.".into(),
                ),
                Block::Table(action_table(
                    "Actions that slipped".into(),
                    action_rows(input, &slipped),
                )),
            ]
        },
    });
    sections.push(Section {
        heading: "About this report".into(),
        blocks: vec![Block::Note(format!(
            "Made by Due Regard from the records of {} on {}. An action's latest status is the one given in its most recent progress update.",
            input.organisation,
            long_date(input.today)
        ))],
    });
    Report {
        title: "Equality objectives: annual progress report".into(),
        organisation: input.organisation.to_string(),
        covering,
        data_date: input.today,
        sections,
        sources: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::{ActionProgress, UpdateFields};
    use jiff::civil::date;

    fn action(
        id: i64,
        status: Option<ProgressStatus>,
        on: Option<Date>,
        due: Option<Date>,
    ) -> ActionRow {
        ActionRow {
            id,
            plan_id: 1,
            reference: format!("CE1 ({id})"),
            text: format!("Action {id}"),
            target_text: "March 2026".into(),
            due_by: due,
            progress: ActionProgress {
                latest_status: status,
                latest_update_on: on,
                revised_due: None,
            },
        }
    }

    #[test]
    fn the_report_counts_lists_and_explains() {
        let objective: EqualityObjective = crate::record::Record {
            id: 7,
            version: 1,
            fields: crate::objective::ObjectiveFields {
                title: "Close the disability employment gap".into(),
                description: Some("Why it matters".into()),
                period: None,
                status: ObjectiveStatus::Approved,
                approved_by: None,
                approved_on: None,
                aims: vec![],
                characteristics: vec![],
                local_characteristics: vec![],
            },
        };
        let (in_year, before) = (date(2025, 9, 1), date(2024, 9, 1));
        let actions = vec![
            action(1, Some(ProgressStatus::Complete), Some(in_year), None),
            action(2, Some(ProgressStatus::OffTrack), Some(in_year), None),
            action(3, None, None, Some(date(2025, 6, 30))),
            action(4, Some(ProgressStatus::Complete), Some(before), None),
        ];
        let serving = HashMap::from([(7, actions[..3].to_vec())]);
        let update = |id: i64, on: Date, text: &str| ProgressUpdate {
            id,
            action_id: id,
            author: "JW".into(),
            fields: UpdateFields {
                reported_on: on,
                status: ProgressStatus::OffTrack,
                narrative: text.into(),
                evidence: vec![],
                illustrative: false,
                why_late: None,
                revised_date: None,
            },
        };
        let latest = HashMap::from([
            (2, update(2, in_year, "Recruitment was paused")),
            (4, update(4, before, "Finished last year")),
        ]);
        let report = annual_progress(&ProgressInput {
            organisation: "Test Council",
            period: Period::new(date(2025, 4, 1), date(2026, 3, 31)).unwrap(),
            today: date(2026, 4, 2),
            objectives: std::slice::from_ref(&objective),
            serving: &serving,
            actions: &actions,
            latest: &latest,
            scope: "the organisation",
        });
        let headings: Vec<&str> = report.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(
            headings,
            [
                "Summary",
                "Close the disability employment gap",
                "Completed in the period",
                "Actions that slipped",
                "About this report"
            ]
        );
        let counts = report.tables().next().unwrap();
        assert_eq!(counts.rows[0], ["Not started", "1"]);
        assert_eq!(counts.rows[4], ["Complete", "2"]);
        assert_eq!(counts.rows[5], ["All actions", "4"]);
        let tables: Vec<&Table> = report.tables().collect();
        // Completed in the period: action 1 only (4 completed the year before).
        assert_eq!(tables[2].rows.len(), 1);
        assert_eq!(tables[2].rows[0][0], "CE1 (1)");
        // Slipped: off track (2) and overdue (3), with what was said about why.
        let slipped: Vec<&str> = tables[3].rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(slipped, ["CE1 (2)", "CE1 (3)"]);
        assert!(tables[3].rows[0][4].starts_with("Recruitment was paused"));
        assert_eq!(tables[3].rows[1][4], "Nothing reported in the period");
    }
}
