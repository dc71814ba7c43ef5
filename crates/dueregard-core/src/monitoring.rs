//! The monitoring cycle (seeds 000 and 004): a plan's year is cut into monitoring periods;
//! at the start of each, every lead officer with open actions is asked for updates; before the
//! due date those who have not updated are reminded; once it has passed, what is still missing
//! goes to the director. The rules here say who is owed which message on a given day; each
//! message has a key, so asking twice on one day, or on two instances, sends it once.

use crate::org::{Person, lead_initials};
use crate::period::{Period, long_date};
use crate::plan::{Action, PlanTree};
use crate::progress::{ProgressStatus, ProgressUpdate};
use crate::report::{Block, Report, Section, Table};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Reminders go this many days before updates are due.
pub const REMINDER_DAYS: i32 = 14;

/// Missing updates are escalated for this many days after they were due; after that the
/// next period's request has gone out and the summary shows what is still missing.
pub const ESCALATION_DAYS: i32 = 92;

/// One monitoring period of a plan: its days, and when its updates are due (its last day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MonitoringPeriod {
    /// 1 for the first period of the plan.
    pub number: usize,
    pub period: Period,
}

impl MonitoringPeriod {
    pub fn due(&self) -> Date {
        self.period.end
    }

    /// "Period 1: April 2026 to September 2026".
    pub fn describe(&self) -> String {
        format!("Period {}: {}", self.number, self.period.describe())
    }

    /// An action counts as updated for this period when its latest update was reported on or
    /// after the period began (an update written just after the due date still counts).
    pub fn updated(&self, action: &Action) -> bool {
        action
            .progress
            .latest_update_on
            .is_some_and(|d| d >= self.period.start)
    }
}

/// The plan's monitoring periods, `months` long from its start; the last may be shorter.
pub fn periods(plan: Period, months: i8) -> Vec<MonitoringPeriod> {
    let mut out = Vec::new();
    let mut day = plan.start;
    while let Some(period) = plan.reporting_period(day, months) {
        out.push(MonitoringPeriod {
            number: out.len() + 1,
            period,
        });
        match period.end.checked_add(1.day()) {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    out
}

/// The period holding `today`, if the plan is running.
pub fn current(plan: Period, months: i8, today: Date) -> Option<MonitoringPeriod> {
    periods(plan, months)
        .into_iter()
        .find(|p| p.period.contains(today))
}

/// What kind of message a notice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// At the start of a period: please update these actions by the due date.
    Request,
    /// Before the due date, to those who have not updated yet. People may turn these off.
    Reminder,
    /// After the due date, to the officer's director: these updates are missing.
    Escalation,
}

impl NoticeKind {
    pub fn key(self) -> &'static str {
        match self {
            NoticeKind::Request => "request",
            NoticeKind::Reminder => "reminder",
            NoticeKind::Escalation => "escalation",
        }
    }
}

/// Someone is owed a message about some of a plan's actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub plan_id: i64,
    pub period: MonitoringPeriod,
    /// The lead officer whose actions these are (for an escalation, whose updates are missing).
    pub officer: i64,
    /// The actions, in plan order.
    pub actions: Vec<i64>,
}

impl Notice {
    /// Names the message once and for all: the same notice worked out again has the same key.
    pub fn key(&self) -> String {
        format!(
            "{}:plan{}:{}:person{}",
            self.kind.key(),
            self.plan_id,
            self.period.period.start,
            self.officer
        )
    }
}

/// Everything owed today for one plan's actions. Actions that are complete are never asked
/// about; an officer already up to date is not reminded or escalated.
pub fn notices(
    plan_id: i64,
    plan: Period,
    months: i8,
    actions: &[Action],
    today: Date,
) -> Vec<Notice> {
    let all = periods(plan, months);
    let open: Vec<&Action> = actions
        .iter()
        .filter(|a| a.status() != ProgressStatus::Complete)
        .collect();
    let mut out = Vec::new();
    let mut owed = |kind, period: MonitoringPeriod, wanted: &dyn Fn(&Action) -> bool| {
        let mut by_officer: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for a in open.iter().filter(|a| wanted(a)) {
            for lead in &a.fields.lead_ids {
                by_officer.entry(*lead).or_default().push(a.id);
            }
        }
        for (officer, actions) in by_officer {
            out.push(Notice {
                kind,
                plan_id,
                period,
                officer,
                actions,
            });
        }
    };
    if let Some(now) = all.iter().find(|p| p.period.contains(today)).copied() {
        owed(NoticeKind::Request, now, &|a| !now.updated(a));
        let remind_from = now
            .due()
            .checked_sub(REMINDER_DAYS.days())
            .unwrap_or(now.due());
        if today >= remind_from {
            owed(NoticeKind::Reminder, now, &|a| !now.updated(a));
        }
    }
    if let Some(ended) = all.iter().rev().find(|p| p.due() < today).copied() {
        let within = ended
            .due()
            .checked_add(ESCALATION_DAYS.days())
            .is_ok_and(|last| today <= last);
        if within {
            owed(NoticeKind::Escalation, ended, &|a| !ended.updated(a));
        }
    }
    out
}

/// What the monitoring summary is made from.
pub struct SummaryInput<'a> {
    pub organisation: &'a str,
    pub tree: &'a PlanTree,
    pub people: &'a [Person],
    /// Each action's latest progress update, by the action's id.
    pub latest: &'a HashMap<i64, ProgressUpdate>,
    pub period: MonitoringPeriod,
    /// Where the summary goes, e.g. "Scrutiny Committee, 14 January 2027".
    pub meeting: Option<String>,
    pub today: Date,
}

/// The summary for the meeting that receives a period's monitoring: who updated, what is off
/// track, and what has slipped.
pub fn summary(input: &SummaryInput) -> Report {
    let tree = input.tree;
    let period = input.period;
    let reference = |a: &Action| tree.reference(a);
    let name = |id: i64| {
        input
            .people
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.fields.name.clone())
            .unwrap_or_else(|| "Unknown".into())
    };
    let open: Vec<&Action> = tree
        .actions
        .iter()
        .filter(|a| a.status() != ProgressStatus::Complete || period.updated(a))
        .collect();

    // Who updated: one row an officer.
    let mut officers: BTreeMap<String, (usize, usize, Vec<String>)> = BTreeMap::new();
    for a in &open {
        for lead in &a.fields.lead_ids {
            let row = officers.entry(name(*lead)).or_default();
            row.0 += 1;
            if period.updated(a) {
                row.1 += 1;
            } else {
                row.2.push(reference(a));
            }
        }
    }
    let updated = open.iter().filter(|a| period.updated(a)).count();
    let due_words = if input.today > period.due() {
        format!("were due on {}", long_date(period.due()))
    } else {
        format!("are due by {}", long_date(period.due()))
    };
    let mut about = vec![Block::Paragraph(format!(
        "{} of {} actions have an update for this period. Updates {due_words}.",
        updated,
        open.len()
    ))];
    if let Some(meeting) = &input.meeting {
        about.push(Block::Paragraph(format!("For {meeting}.")));
    }
    let who = Table {
        caption: "Updates by lead officer".into(),
        header: vec![
            "Lead officer".into(),
            "Actions".into(),
            "Updated".into(),
            "Still to update".into(),
        ],
        numeric: vec![false, true, true, false],
        rows: officers
            .into_iter()
            .map(|(name, (all, done, missing))| {
                vec![name, all.to_string(), done.to_string(), missing.join(", ")]
            })
            .collect(),
    };

    let row = |a: &Action, last: String| {
        vec![
            reference(a),
            a.fields.text.clone(),
            lead_initials(input.people, &a.fields.lead_ids),
            a.status().label().to_string(),
            last,
        ]
    };
    let latest_words = |a: &Action| {
        input
            .latest
            .get(&a.id)
            .map(|u| {
                format!(
                    "{}: {}",
                    long_date(u.fields.reported_on),
                    u.fields.narrative
                )
            })
            .unwrap_or_else(|| "No update yet".into())
    };
    let off_track: Vec<Vec<String>> = open
        .iter()
        .filter(|a| {
            matches!(
                a.status(),
                ProgressStatus::OffTrack | ProgressStatus::AtRisk
            )
        })
        .map(|a| row(a, latest_words(a)))
        .collect();
    let slipped: Vec<Vec<String>> = open
        .iter()
        .filter(|a| a.status() != ProgressStatus::Complete)
        .filter_map(|a| {
            let revised = a.progress.revised_due?;
            let why = input
                .latest
                .get(&a.id)
                .and_then(|u| u.fields.why_late.clone())
                .unwrap_or_default();
            Some(vec![
                reference(a),
                a.fields.text.clone(),
                a.fields.target_text.clone(),
                long_date(revised),
                why,
            ])
        })
        .collect();
    let action_header = |last: &str| {
        vec![
            "Action".into(),
            "What".into(),
            "Lead".into(),
            "Status".into(),
            last.into(),
        ]
    };
    let mut sections = vec![
        Section {
            heading: "This period".into(),
            blocks: about,
        },
        Section {
            heading: "Who has updated".into(),
            blocks: vec![Block::Table(who)],
        },
    ];
    sections.push(Section {
        heading: "Off track or at risk".into(),
        blocks: if off_track.is_empty() {
            vec![Block::Paragraph(
                "No action is off track or at risk.".into(),
            )]
        } else {
            vec![Block::Table(Table {
                caption: "Actions off track or at risk".into(),
                header: action_header("Latest update"),
                numeric: vec![false; 5],
                rows: off_track,
            })]
        },
    });
    sections.push(Section {
        heading: "What has slipped".into(),
        blocks: if slipped.is_empty() {
            vec![Block::Paragraph("No action has a revised date.".into())]
        } else {
            vec![Block::Table(Table {
                caption: "Actions with a revised date".into(),
                header: vec![
                    "Action".into(),
                    "What".into(),
                    "Target in the plan".into(),
                    "Revised date".into(),
                    "Why it is late".into(),
                ],
                numeric: vec![false; 5],
                rows: slipped,
            })]
        },
    });
    Report {
        title: format!("{}: monitoring summary", tree.plan.fields.title),
        organisation: input.organisation.to_string(),
        covering: period.describe(),
        data_date: input.today,
        sections,
        sources: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
