//! Action plans in the shape councils write them (seed 004): numbered priorities, objectives with
//! a code (CE1 …) and lead officers, numbered actions with a target date and a planned outcome.

use crate::period::Period;
use crate::progress::{ActionProgress, ProgressStatus};
use crate::target_date::TargetDate;
use crate::validate::{self, LONG_TEXT, SHORT_TEXT, ValidationErrors};
use crate::vocab::{Aim, ProtectedCharacteristic};
use serde::{Deserialize, Serialize};

/// Whether the plan is still being written, in force, or finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Draft,
    Approved,
    Closed,
}

impl PlanStatus {
    pub const ALL: [PlanStatus; 3] = [PlanStatus::Draft, PlanStatus::Approved, PlanStatus::Closed];
    pub fn key(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::Approved => "approved",
            PlanStatus::Closed => "closed",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::Draft => "Draft",
            PlanStatus::Approved => "Approved",
            PlanStatus::Closed => "Closed",
        }
    }
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// What an action plan says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PlanFields {
    pub title: String,
    pub directorate_id: Option<i64>,
    pub period: Period,
    pub status: PlanStatus,
    /// Who approves it, e.g. "Leader of the Council".
    pub approver: Option<String>,
    /// The committee it goes to, e.g. a scrutiny committee.
    pub committee_id: Option<i64>,
    /// How often lead officers report progress, in months (six-monthly by default).
    pub monitoring_months: i8,
    pub introduction: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct PlanInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub directorate_id: Option<i64>,
    #[serde(default)]
    pub period_start: String,
    #[serde(default)]
    pub period_end: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub approver: String,
    #[serde(default)]
    pub committee_id: Option<i64>,
    #[serde(default)]
    pub monitoring_months: Option<i64>,
    #[serde(default)]
    pub introduction: String,
}

impl PlanInput {
    pub fn validate(&self) -> Result<PlanFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let title = validate::required(&mut e, "title", "a title", &self.title, SHORT_TEXT);
        let start = validate::required_date(
            &mut e,
            "period_start",
            "the date the plan starts",
            &self.period_start,
        );
        let end = validate::required_date(
            &mut e,
            "period_end",
            "the date the plan ends",
            &self.period_end,
        );
        let period = match (start, end) {
            (Some(s), Some(en)) => Period::new(s, en).or_else(|| {
                e.add("period_end", "The end date must be after the start date");
                None
            }),
            _ => None,
        };
        let status = match self.status.trim() {
            "" => PlanStatus::Draft,
            s => PlanStatus::from_key(s).unwrap_or_else(|| {
                e.add("status", "Select a status");
                PlanStatus::Draft
            }),
        };
        let approver = validate::optional(
            &mut e,
            "approver",
            "who approves the plan",
            &self.approver,
            SHORT_TEXT,
        );
        let monitoring_months = match self.monitoring_months.unwrap_or(6) {
            m @ (1 | 3 | 4 | 6 | 12) => m as i8,
            _ => {
                e.add("monitoring_months", "Select how often progress is reported: monthly, quarterly, four-monthly, six-monthly or yearly");
                6
            }
        };
        let introduction = validate::optional(
            &mut e,
            "introduction",
            "an introduction",
            &self.introduction,
            LONG_TEXT,
        );
        let fields = period.map(|period| PlanFields {
            title,
            directorate_id: self.directorate_id,
            period,
            status,
            approver,
            committee_id: self.committee_id,
            monitoring_months,
            introduction,
        });
        match fields {
            Some(f) => e.finish(f),
            None => Err(e),
        }
    }
}

pub type ActionPlan = crate::record::Record<PlanFields>;

/// "Priority 3. Communicating and promoting equality".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PriorityFields {
    pub number: i64,
    pub title: String,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct PriorityInput {
    #[serde(default)]
    pub number: Option<i64>,
    #[serde(default)]
    pub title: String,
}

impl PriorityInput {
    pub fn validate(&self) -> Result<PriorityFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let title = validate::required(
            &mut e,
            "title",
            "the priority's title",
            &self.title,
            SHORT_TEXT,
        );
        let number = match self.number {
            Some(n) if (1..=999).contains(&n) => n,
            Some(_) => {
                e.add("number", "The priority number must be between 1 and 999");
                1
            }
            None => {
                e.add("number", "Enter the priority number");
                1
            }
        };
        e.finish(PriorityFields { number, title })
    }
}

pub type Priority = crate::record::PlanPart<PriorityFields>;

/// "CE6. Ensure that the actions of the council … (AW)".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PlanObjectiveFields {
    pub priority_id: i64,
    pub code: String,
    pub title: String,
    pub lead_ids: Vec<i64>,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct PlanObjectiveInput {
    #[serde(default)]
    pub priority_id: Option<i64>,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub lead_ids: Vec<i64>,
}

impl PlanObjectiveInput {
    pub fn validate(&self) -> Result<PlanObjectiveFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let code = validate::required(&mut e, "code", "a code, like CE1", &self.code, 20);
        if !code.is_empty()
            && !code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        {
            e.add(
                "code",
                "The code must be letters and numbers only, like CE1",
            );
        }
        let title = validate::required(&mut e, "title", "the objective", &self.title, LONG_TEXT);
        let priority_id = self.priority_id.unwrap_or_else(|| {
            e.add("priority_id", "Select the priority this objective is under");
            0
        });
        e.finish(PlanObjectiveFields {
            priority_id,
            code,
            title,
            lead_ids: dedup(&self.lead_ids),
        })
    }
}

pub type PlanObjective = crate::record::PlanPart<PlanObjectiveFields>;

/// A planned outcome or performance indicator. One outcome may cover several actions, as in
/// seed 004 where an outcome cell spans the rows of the actions it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OutcomeFields {
    pub text: String,
}

pub type Outcome = crate::record::PlanPart<OutcomeFields>;

/// "(2) Publish updated information to meet the requirements of the specific duties (JW/SM)".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ActionFields {
    pub objective_id: i64,
    /// The number in brackets; `None` where the objective has a single unnumbered action.
    pub number: Option<i64>,
    pub text: String,
    pub lead_ids: Vec<i64>,
    /// The target date cell exactly as written; its parsed form comes from `TargetDate::parse`.
    pub target_text: String,
    pub outcome_id: Option<i64>,
    pub equality_objective_ids: Vec<i64>,
    pub aims: Vec<Aim>,
    pub characteristics: Vec<ProtectedCharacteristic>,
    #[serde(default)]
    pub local_characteristics: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct ActionInput {
    #[serde(default)]
    pub objective_id: Option<i64>,
    #[serde(default)]
    pub number: Option<i64>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub lead_ids: Vec<i64>,
    #[serde(default)]
    pub target_text: String,
    #[serde(default)]
    pub outcome_id: Option<i64>,
    /// A new planned outcome to create and link, when `outcome_id` is not given.
    #[serde(default)]
    pub new_outcome: String,
    #[serde(default)]
    pub equality_objective_ids: Vec<i64>,
    #[serde(default)]
    pub aims: Vec<String>,
    #[serde(default)]
    pub characteristics: Vec<String>,
    #[serde(default)]
    pub local_characteristics: Vec<String>,
}

impl ActionInput {
    /// Checks the fields. A new outcome's text, if any, comes back beside the fields.
    pub fn validate(&self) -> Result<(ActionFields, Option<String>), ValidationErrors> {
        let mut e = ValidationErrors::new();
        let objective_id = self.objective_id.unwrap_or_else(|| {
            e.add("objective_id", "Select the objective this action serves");
            0
        });
        if self.number.is_some_and(|n| !(1..=999).contains(&n)) {
            e.add("number", "The action number must be between 1 and 999");
        }
        let text = validate::required(&mut e, "text", "what the action is", &self.text, LONG_TEXT);
        let target_text = validate::optional(
            &mut e,
            "target_text",
            "the target date",
            &self.target_text,
            SHORT_TEXT,
        )
        .unwrap_or_default();
        let new_outcome = validate::optional(
            &mut e,
            "new_outcome",
            "the planned outcome",
            &self.new_outcome,
            LONG_TEXT,
        );
        if new_outcome.is_some() && self.outcome_id.is_some() {
            e.add(
                "new_outcome",
                "Choose an existing outcome or write a new one, not both",
            );
        }
        let aims = validate::keys(&mut e, "aims", &self.aims, Aim::from_key);
        let characteristics = validate::keys(
            &mut e,
            "characteristics",
            &self.characteristics,
            ProtectedCharacteristic::from_key,
        );
        let local_characteristics: Vec<String> = self
            .local_characteristics
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let fields = ActionFields {
            objective_id,
            number: self.number,
            text,
            lead_ids: dedup(&self.lead_ids),
            target_text,
            outcome_id: self.outcome_id,
            equality_objective_ids: dedup(&self.equality_objective_ids),
            aims,
            characteristics,
            local_characteristics,
        };
        e.finish((fields, new_outcome))
    }
}

fn dedup(ids: &[i64]) -> Vec<i64> {
    let mut out: Vec<i64> = Vec::new();
    for id in ids {
        if !out.contains(id) {
            out.push(*id);
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Action {
    pub id: i64,
    pub version: i64,
    pub plan_id: i64,
    #[serde(flatten)]
    pub fields: ActionFields,
    /// The latest progress reported, kept beside the action so lists need no extra query.
    pub progress: ActionProgress,
    /// The action in last year's plan that this one carries on, when a plan was rolled forward.
    #[serde(default)]
    pub continues: Option<i64>,
}

impl crate::record::Versioned for Action {
    type Fields = ActionFields;
    fn version(&self) -> i64 {
        self.version
    }
    fn with_fields(&self, fields: ActionFields) -> Self {
        Action {
            fields,
            ..self.clone()
        }
    }
}

impl Action {
    pub fn target(&self, plan_period: Period) -> TargetDate {
        TargetDate::parse(&self.fields.target_text, Some(plan_period))
    }

    /// "CE2 (3)": how officers refer to an action.
    pub fn reference(&self, objective_code: &str) -> String {
        match self.fields.number {
            Some(n) => format!("{objective_code} ({n})"),
            None => objective_code.to_string(),
        }
    }

    pub fn status(&self) -> ProgressStatus {
        self.progress
            .latest_status
            .unwrap_or(ProgressStatus::NotStarted)
    }
}

/// An abbreviation the plan uses, e.g. "PSED – public sector equality duty".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GlossaryFields {
    pub term: String,
    pub meaning: String,
}

impl GlossaryFields {
    pub fn validate(term: &str, meaning: &str) -> Result<Self, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let term = validate::required(&mut e, "term", "the abbreviation", term, 60);
        let meaning = validate::required(&mut e, "meaning", "what it means", meaning, SHORT_TEXT);
        e.finish(GlossaryFields { term, meaning })
    }
}

pub type GlossaryEntry = crate::record::PlanPart<GlossaryFields>;

/// One priority with its objectives, each with its actions, in reading order.
pub type PriorityBranch<'a> = (&'a Priority, Vec<(&'a PlanObjective, Vec<&'a Action>)>);

/// A whole plan as people read it: priority → objective → actions, with outcomes and glossary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PlanTree {
    pub plan: ActionPlan,
    pub priorities: Vec<Priority>,
    pub objectives: Vec<PlanObjective>,
    pub actions: Vec<Action>,
    pub outcomes: Vec<Outcome>,
    pub glossary: Vec<GlossaryEntry>,
}

impl PlanTree {
    /// An action's reference in this plan, with its objective's code ("CE6 (2)").
    pub fn reference(&self, action: &Action) -> String {
        let code = self
            .objectives
            .iter()
            .find(|o| o.id == action.fields.objective_id)
            .map_or("", |o| o.fields.code.as_str());
        action.reference(code)
    }

    /// Priorities in number order, each with its objectives in code order and their actions in
    /// number order.
    pub fn ordered(&self) -> Vec<PriorityBranch<'_>> {
        let mut priorities: Vec<&Priority> = self.priorities.iter().collect();
        priorities.sort_by_key(|p| (p.fields.number, p.id));
        priorities
            .into_iter()
            .map(|p| {
                let mut objectives: Vec<&PlanObjective> = self
                    .objectives
                    .iter()
                    .filter(|o| o.fields.priority_id == p.id)
                    .collect();
                objectives.sort_by(|a, b| {
                    code_order(&a.fields.code)
                        .cmp(&code_order(&b.fields.code))
                        .then(a.id.cmp(&b.id))
                });
                let with_actions = objectives
                    .into_iter()
                    .map(|o| {
                        let mut actions: Vec<&Action> = self
                            .actions
                            .iter()
                            .filter(|a| a.fields.objective_id == o.id)
                            .collect();
                        actions.sort_by_key(|a| (a.fields.number.unwrap_or(0), a.id));
                        (o, actions)
                    })
                    .collect();
                (p, with_actions)
            })
            .collect()
    }

    pub fn outcome(&self, id: Option<i64>) -> Option<&Outcome> {
        id.and_then(|id| self.outcomes.iter().find(|o| o.id == id))
    }

    pub fn objective(&self, id: i64) -> Option<&PlanObjective> {
        self.objectives.iter().find(|o| o.id == id)
    }
}

/// Sorts "CE2" before "CE10": the letters, then the number.
pub fn code_order(code: &str) -> (String, u64, String) {
    let letters: String = code.chars().take_while(|c| !c.is_ascii_digit()).collect();
    let rest = &code[letters.len()..];
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let number = digits.parse().unwrap_or(0);
    (letters, number, rest[digits.len()..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_sort_by_number_not_text() {
        let mut codes = vec!["CE10", "CE2", "CE1", "CE18", "CE9"];
        codes.sort_by_key(|c| code_order(c));
        assert_eq!(codes, ["CE1", "CE2", "CE9", "CE10", "CE18"]);
    }

    #[test]
    fn plans_need_a_real_period() {
        let input = PlanInput {
            title: "Plan".into(),
            period_start: "2014-04-01".into(),
            period_end: "2013-03-31".into(),
            ..Default::default()
        };
        let e = input.validate().err().unwrap_or_default();
        assert_eq!(
            e.for_field("period_end"),
            Some("The end date must be after the start date")
        );
        let input = PlanInput {
            title: "Plan".into(),
            period_start: "2013-04-01".into(),
            period_end: "2014-03-31".into(),
            monitoring_months: Some(5),
            ..Default::default()
        };
        assert!(
            input
                .validate()
                .err()
                .unwrap_or_default()
                .for_field("monitoring_months")
                .is_some()
        );
    }

    #[test]
    fn actions_refuse_both_an_outcome_and_a_new_one() {
        let input = ActionInput {
            objective_id: Some(1),
            text: "Do it".into(),
            outcome_id: Some(3),
            new_outcome: "Done".into(),
            ..Default::default()
        };
        assert!(
            input
                .validate()
                .err()
                .unwrap_or_default()
                .for_field("new_outcome")
                .is_some()
        );
        let input = ActionInput {
            objective_id: Some(1),
            text: "Do it".into(),
            lead_ids: vec![2, 2, 3],
            ..Default::default()
        };
        assert_eq!(
            input.validate().map(|(f, _)| f.lead_ids).ok(),
            Some(vec![2, 3])
        );
    }
}
