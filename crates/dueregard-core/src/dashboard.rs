//! The state of everything at a glance: counts by status, overdue actions, updates due and
//! objectives due for refresh. Built from plain rows so the rules stay here, not in SQL.

use crate::objective::{EqualityObjective, ObjectiveStatus, RefreshState};
use crate::period::Period;
use crate::plan::PlanStatus;
use crate::progress::{self, ActionProgress, ProgressStatus};
use crate::target_date::TargetDate;
use crate::vocab::Nation;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// What the dashboard needs to know about a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PlanRow {
    pub id: i64,
    pub title: String,
    pub period: Period,
    pub status: PlanStatus,
    pub monitoring_months: i8,
}

/// What lists and the dashboard need to know about an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ActionRow {
    pub id: i64,
    pub plan_id: i64,
    /// "CE2 (3)".
    pub reference: String,
    pub text: String,
    pub target_text: String,
    /// When the last milestone is due, worked out when the action was saved.
    pub due_by: Option<Date>,
    pub progress: ActionProgress,
}

impl ActionRow {
    pub fn status(&self) -> ProgressStatus {
        self.progress
            .latest_status
            .unwrap_or(ProgressStatus::NotStarted)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PlanSummary {
    pub plan: PlanRow,
    pub actions: usize,
    /// Count of actions by their latest status, in `ProgressStatus::ALL` order.
    pub by_status: Vec<(ProgressStatus, usize)>,
    pub overdue: usize,
    pub updates_due: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Dashboard {
    pub today: Date,
    pub objectives_by_status: Vec<(ObjectiveStatus, usize)>,
    pub objectives_due_for_refresh: Vec<(i64, String, RefreshState, Option<Date>)>,
    pub plans: Vec<PlanSummary>,
    pub overdue: Vec<ActionRow>,
    pub updates_due: Vec<ActionRow>,
}

impl Dashboard {
    pub fn build(
        nation: Nation,
        today: Date,
        objectives: &[EqualityObjective],
        plans: &[PlanRow],
        actions: &[ActionRow],
    ) -> Dashboard {
        let objectives_by_status = ObjectiveStatus::ALL
            .iter()
            .map(|s| {
                (
                    *s,
                    objectives.iter().filter(|o| o.fields.status == *s).count(),
                )
            })
            .collect();
        let objectives_due_for_refresh = objectives
            .iter()
            .filter_map(|o| match o.refresh_state(nation, today) {
                RefreshState::NotDue => None,
                state => Some((
                    o.id,
                    o.fields.title.clone(),
                    state,
                    o.refresh_deadline(nation),
                )),
            })
            .collect();
        let mut overdue = Vec::new();
        let mut updates_due = Vec::new();
        let mut summaries = Vec::new();
        for plan in plans {
            let mut by_status: Vec<(ProgressStatus, usize)> =
                ProgressStatus::ALL.iter().map(|s| (*s, 0)).collect();
            let (mut count, mut plan_overdue, mut plan_due) = (0, 0, 0);
            for a in actions.iter().filter(|a| a.plan_id == plan.id) {
                count += 1;
                if let Some(slot) = by_status.iter_mut().find(|(s, _)| *s == a.status()) {
                    slot.1 += 1;
                }
                if a.is_overdue(today) {
                    plan_overdue += 1;
                    overdue.push(a.clone());
                }
                if plan.status == PlanStatus::Approved
                    && progress::update_due(plan.period, plan.monitoring_months, a.progress, today)
                {
                    plan_due += 1;
                    updates_due.push(a.clone());
                }
            }
            summaries.push(PlanSummary {
                plan: plan.clone(),
                actions: count,
                by_status,
                overdue: plan_overdue,
                updates_due: plan_due,
            });
        }
        overdue.sort_by_key(|a| (a.due_by, a.id));
        Dashboard {
            today,
            objectives_by_status,
            objectives_due_for_refresh,
            plans: summaries,
            overdue,
            updates_due,
        }
    }
}

impl ActionRow {
    /// Uses the due date saved with the action, or the revised date an update gave; the same
    /// rule as `progress::is_overdue`.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.progress.latest_status != Some(ProgressStatus::Complete)
            && self.due().is_some_and(|d| d < today)
    }

    /// The day it is due: the revised date if an update gave one, else the target's.
    pub fn due(&self) -> Option<Date> {
        self.progress.revised_due.or(self.due_by)
    }

    /// Reads the target again against the plan's period, for showing its milestones.
    pub fn target(&self, period: Period) -> TargetDate {
        TargetDate::parse(&self.target_text, Some(period))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::FinancialYear;
    use jiff::civil::date;

    fn row(id: i64, target: &str, status: Option<ProgressStatus>, on: Option<Date>) -> ActionRow {
        let period = FinancialYear::parse("2013/14").map(|f| f.period());
        let due_by = TargetDate::parse(target, period).due_by();
        ActionRow {
            id,
            plan_id: 1,
            reference: format!("CE1 ({id})"),
            text: "x".into(),
            target_text: target.into(),
            due_by,
            progress: ActionProgress {
                latest_status: status,
                latest_update_on: on,
                revised_due: None,
            },
        }
    }

    #[test]
    fn dashboard_counts_and_flags() {
        let Some(period) = FinancialYear::parse("2013/14").map(|f| f.period()) else {
            return;
        };
        let plan = PlanRow {
            id: 1,
            title: "P".into(),
            period,
            status: PlanStatus::Approved,
            monitoring_months: 6,
        };
        let actions = vec![
            row(1, "By June 2013", None, None),
            row(
                2,
                "By June 2013",
                Some(ProgressStatus::Complete),
                Some(date(2013, 6, 1)),
            ),
            row(
                3,
                "March 2014",
                Some(ProgressStatus::AtRisk),
                Some(date(2013, 10, 5)),
            ),
            row(
                4,
                "Throughout year",
                Some(ProgressStatus::OnTrack),
                Some(date(2013, 5, 1)),
            ),
        ];
        let d = Dashboard::build(Nation::England, date(2013, 11, 1), &[], &[plan], &actions);
        let s = &d.plans[0];
        assert_eq!(s.actions, 4);
        assert_eq!(
            s.by_status,
            vec![
                (ProgressStatus::NotStarted, 1),
                (ProgressStatus::OnTrack, 1),
                (ProgressStatus::AtRisk, 1),
                (ProgressStatus::OffTrack, 0),
                (ProgressStatus::Complete, 1),
            ]
        );
        assert_eq!(d.overdue.iter().map(|a| a.id).collect::<Vec<_>>(), vec![1]);
        // 1 has no update and 4's last update was in the first half-year; 3 reported in October.
        assert_eq!(
            d.updates_due.iter().map(|a| a.id).collect::<Vec<_>>(),
            vec![1, 4]
        );
    }
}
