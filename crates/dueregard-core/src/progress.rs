//! Progress updates that lead officers write each monitoring period, and the rules that say
//! what is overdue and what needs an update.

use crate::period::Period;
use crate::target_date::TargetDate;
use crate::validate::{self, LONG_TEXT, ValidationErrors};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// How an action is going. Shown as a RAG rating *with words*: never colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProgressStatus {
    NotStarted,
    OnTrack,
    AtRisk,
    OffTrack,
    Complete,
}

impl ProgressStatus {
    pub const ALL: [ProgressStatus; 5] = [
        ProgressStatus::NotStarted,
        ProgressStatus::OnTrack,
        ProgressStatus::AtRisk,
        ProgressStatus::OffTrack,
        ProgressStatus::Complete,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ProgressStatus::NotStarted => "not_started",
            ProgressStatus::OnTrack => "on_track",
            ProgressStatus::AtRisk => "at_risk",
            ProgressStatus::OffTrack => "off_track",
            ProgressStatus::Complete => "complete",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProgressStatus::NotStarted => "Not started",
            ProgressStatus::OnTrack => "On track",
            ProgressStatus::AtRisk => "At risk",
            ProgressStatus::OffTrack => "Off track",
            ProgressStatus::Complete => "Complete",
        }
    }

    /// The RAG word that goes beside the label.
    pub fn rag(self) -> &'static str {
        match self {
            ProgressStatus::NotStarted => "Grey",
            ProgressStatus::OnTrack => "Green",
            ProgressStatus::AtRisk => "Amber",
            ProgressStatus::OffTrack => "Red",
            ProgressStatus::Complete => "Blue",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// One progress report on one action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UpdateFields {
    pub reported_on: Date,
    pub status: ProgressStatus,
    pub narrative: String,
    /// Links or references to evidence (reports, web pages, minutes).
    pub evidence: Vec<String>,
    /// Added to show a feature, not reported by the organisation.
    #[serde(default)]
    pub illustrative: bool,
    /// Why the action is late, or its date has moved.
    #[serde(default)]
    pub why_late: Option<String>,
    /// A new date the action will be done by. The target in the plan is never changed: this is
    /// kept beside it, and the action is judged late against it from now on.
    #[serde(default)]
    pub revised_date: Option<Date>,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct UpdateInput {
    #[serde(default)]
    pub reported_on: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub narrative: String,
    /// One piece of evidence a line.
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub why_late: String,
    /// As year-month-day.
    #[serde(default)]
    pub revised_date: String,
}

impl UpdateInput {
    pub fn validate(&self, today: Date) -> Result<UpdateFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let reported_on = if self.reported_on.trim().is_empty() {
            Some(today)
        } else {
            validate::optional_date(
                &mut e,
                "reported_on",
                "the date of the update",
                &self.reported_on,
            )
        };
        if reported_on.is_some_and(|d| d > today) {
            e.add(
                "reported_on",
                "The date of the update must be today or in the past",
            );
        }
        let status = ProgressStatus::from_key(self.status.trim());
        if status.is_none() {
            e.add("status", "Select how the action is going");
        }
        let narrative = validate::required(
            &mut e,
            "narrative",
            "what has happened since the last update",
            &self.narrative,
            LONG_TEXT,
        );
        let evidence: Vec<String> = self
            .evidence
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if evidence.len() > 50 || evidence.iter().any(|l| l.chars().count() > 2000) {
            e.add(
                "evidence",
                "Give at most 50 pieces of evidence, each 2000 characters or fewer",
            );
        }
        let why_late = validate::optional(
            &mut e,
            "why_late",
            "why the action is late",
            &self.why_late,
            LONG_TEXT,
        );
        let revised_date = validate::optional_date(
            &mut e,
            "revised_date",
            "the revised date",
            &self.revised_date,
        );
        if let (Some(revised), Some(on)) = (revised_date, reported_on)
            && revised < on
        {
            e.add(
                "revised_date",
                "The revised date must be on or after the date of the update",
            );
        }
        if revised_date.is_some() && why_late.is_none() {
            e.add(
                "why_late",
                "Say why the date has moved: the original target stays in the plan beside the new one",
            );
        }
        match (reported_on, status) {
            (Some(reported_on), Some(status)) => e.finish(UpdateFields {
                reported_on,
                status,
                narrative,
                evidence,
                illustrative: false,
                why_late,
                revised_date,
            }),
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProgressUpdate {
    pub id: i64,
    pub action_id: i64,
    pub author: String,
    #[serde(flatten)]
    pub fields: UpdateFields,
}

/// The latest progress on an action, kept on the action itself.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct ActionProgress {
    pub latest_status: Option<ProgressStatus>,
    pub latest_update_on: Option<Date>,
    /// The latest revised date an update gave, if any.
    #[serde(default)]
    pub revised_due: Option<Date>,
}

/// An action is overdue when it is not complete and its last milestone has passed, or, once an
/// update has given a revised date, that date has.
pub fn is_overdue(target: &TargetDate, progress: ActionProgress, today: Date) -> bool {
    progress.latest_status != Some(ProgressStatus::Complete)
        && match progress.revised_due {
            Some(revised) => revised < today,
            None => target.has_passed(today),
        }
}

/// An update is due when the current monitoring period of a live plan has none, and the action
/// is not complete.
pub fn update_due(
    plan_period: Period,
    monitoring_months: i8,
    progress: ActionProgress,
    today: Date,
) -> bool {
    if progress.latest_status == Some(ProgressStatus::Complete) {
        return false;
    }
    let Some(current) = plan_period.reporting_period(today, monitoring_months) else {
        return false;
    };
    !progress
        .latest_update_on
        .is_some_and(|d| current.contains(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::FinancialYear;
    use jiff::civil::date;

    fn fy() -> Period {
        FinancialYear::parse("2013/14")
            .map(|f| f.period())
            .unwrap_or(Period {
                start: Date::MIN,
                end: Date::MAX,
            })
    }

    #[test]
    fn overdue_needs_a_passed_milestone_and_no_completion() {
        let t = TargetDate::parse("By June 2013", Some(fy()));
        let none = ActionProgress::default();
        assert!(!is_overdue(&t, none, date(2013, 6, 30)));
        assert!(is_overdue(&t, none, date(2013, 7, 1)));
        let done = ActionProgress {
            latest_status: Some(ProgressStatus::Complete),
            latest_update_on: Some(date(2013, 6, 1)),
            revised_due: None,
        };
        assert!(!is_overdue(&t, done, date(2013, 7, 1)));
        let at_risk = ActionProgress {
            latest_status: Some(ProgressStatus::AtRisk),
            ..done
        };
        assert!(is_overdue(&t, at_risk, date(2013, 7, 1)));
    }

    #[test]
    fn an_update_is_due_each_six_months() {
        let p = ActionProgress {
            latest_status: Some(ProgressStatus::OnTrack),
            latest_update_on: Some(date(2013, 9, 1)),
            revised_due: None,
        };
        assert!(!update_due(fy(), 6, p, date(2013, 9, 30)));
        assert!(update_due(fy(), 6, p, date(2013, 10, 1)));
        assert!(update_due(
            fy(),
            6,
            ActionProgress::default(),
            date(2013, 4, 1)
        ));
        // Outside the plan's period nothing is due.
        assert!(!update_due(
            fy(),
            6,
            ActionProgress::default(),
            date(2015, 1, 1)
        ));
        let done = ActionProgress {
            latest_status: Some(ProgressStatus::Complete),
            ..p
        };
        assert!(!update_due(fy(), 6, done, date(2013, 10, 1)));
    }

    #[test]
    fn updates_need_a_status_and_narrative_and_no_future_date() {
        let today = date(2013, 10, 1);
        let bad = UpdateInput {
            reported_on: "2013-10-02".into(),
            status: "fine".into(),
            ..Default::default()
        };
        let e = bad.validate(today).err().unwrap_or_default();
        assert!(e.for_field("reported_on").is_some());
        assert_eq!(
            e.for_field("status"),
            Some("Select how the action is going")
        );
        assert!(e.for_field("narrative").is_some());
        let ok = UpdateInput {
            status: "at_risk".into(),
            narrative: "Slipping".into(),
            evidence: "a\n\nb".into(),
            ..Default::default()
        };
        let f = ok.validate(today).ok();
        assert_eq!(f.as_ref().map(|f| f.reported_on), Some(today));
        assert_eq!(f.map(|f| f.evidence.len()), Some(2));
    }
}
