//! The two shapes every editable record takes: its fields with the version an edit must name,
//! and, for the parts of an action plan, the plan it belongs to as well.

use serde::{Deserialize, Serialize};

/// A record people edit. Its fields are the record's kind; the version goes up with every
/// saved change, and an edit names the version it started from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "Record_{F}")]
pub struct Record<F> {
    pub id: i64,
    pub version: i64,
    #[serde(flatten)]
    pub fields: F,
}

/// A part of one action plan: a priority, an objective, an outcome, a glossary entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "PlanPart_{F}")]
pub struct PlanPart<F> {
    pub id: i64,
    pub version: i64,
    pub plan_id: i64,
    #[serde(flatten)]
    pub fields: F,
}

/// What every stored, versioned record shares: its version, and the same record with other
/// fields (an older version's, read from the audit trail).
pub trait Versioned: Clone {
    type Fields;
    fn version(&self) -> i64;
    fn with_fields(&self, fields: Self::Fields) -> Self;
}

impl<F: Clone> Versioned for Record<F> {
    type Fields = F;
    fn version(&self) -> i64 {
        self.version
    }
    fn with_fields(&self, fields: F) -> Self {
        Record {
            fields,
            ..self.clone()
        }
    }
}

impl<F: Clone> Versioned for PlanPart<F> {
    type Fields = F;
    fn version(&self) -> i64 {
        self.version
    }
    fn with_fields(&self, fields: F) -> Self {
        PlanPart {
            fields,
            ..self.clone()
        }
    }
}

/// The kinds of record that can be archived, restored and deleted in the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Objective,
    Plan,
    Priority,
    PlanObjective,
    Outcome,
    GlossaryEntry,
    Action,
    Person,
    Directorate,
    Committee,
    LocalCharacteristic,
    Meeting,
    CivicDate,
    Consultation,
    EngagementEvent,
    Indicator,
    BudgetRound,
    Course,
    TrainingSession,
    SelfAssessment,
    Partnership,
}

impl RecordKind {
    pub const ALL: [RecordKind; 21] = [
        RecordKind::Objective,
        RecordKind::Plan,
        RecordKind::Priority,
        RecordKind::PlanObjective,
        RecordKind::Outcome,
        RecordKind::GlossaryEntry,
        RecordKind::Action,
        RecordKind::Person,
        RecordKind::Directorate,
        RecordKind::Committee,
        RecordKind::LocalCharacteristic,
        RecordKind::Meeting,
        RecordKind::CivicDate,
        RecordKind::Consultation,
        RecordKind::EngagementEvent,
        RecordKind::Indicator,
        RecordKind::BudgetRound,
        RecordKind::Course,
        RecordKind::TrainingSession,
        RecordKind::SelfAssessment,
        RecordKind::Partnership,
    ];

    /// How it is written in addresses: `objectives`, `plan-objectives` …
    pub fn slug(self) -> &'static str {
        match self {
            RecordKind::Objective => "objectives",
            RecordKind::Plan => "plans",
            RecordKind::Priority => "priorities",
            RecordKind::PlanObjective => "plan-objectives",
            RecordKind::Outcome => "outcomes",
            RecordKind::GlossaryEntry => "glossary",
            RecordKind::Action => "actions",
            RecordKind::Person => "people",
            RecordKind::Directorate => "directorates",
            RecordKind::Committee => "committees",
            RecordKind::LocalCharacteristic => "local-characteristics",
            RecordKind::Meeting => "meetings",
            RecordKind::CivicDate => "civic-dates",
            RecordKind::Consultation => "consultations",
            RecordKind::EngagementEvent => "engagement",
            RecordKind::Indicator => "indicators",
            RecordKind::BudgetRound => "budget-rounds",
            RecordKind::Course => "courses",
            RecordKind::TrainingSession => "training-sessions",
            RecordKind::SelfAssessment => "self-assessments",
            RecordKind::Partnership => "partnerships",
        }
    }

    pub fn from_slug(slug: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// What one is called, in a sentence: "equality objective".
    pub fn noun(self) -> &'static str {
        match self {
            RecordKind::Objective => "equality objective",
            RecordKind::Plan => "action plan",
            RecordKind::Priority => "priority",
            RecordKind::PlanObjective => "plan objective",
            RecordKind::Outcome => "planned outcome",
            RecordKind::GlossaryEntry => "glossary entry",
            RecordKind::Action => "action",
            RecordKind::Person => "person",
            RecordKind::Directorate => "directorate",
            RecordKind::Committee => "committee",
            RecordKind::LocalCharacteristic => "local characteristic",
            RecordKind::Meeting => "meeting",
            RecordKind::CivicDate => "cultural or civic date",
            RecordKind::Consultation => "consultation",
            RecordKind::EngagementEvent => "engagement event",
            RecordKind::Indicator => "indicator",
            RecordKind::BudgetRound => "budget round",
            RecordKind::Course => "training course",
            RecordKind::TrainingSession => "training session",
            RecordKind::SelfAssessment => "framework self-assessment",
            RecordKind::Partnership => "partnership",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_slug() {
        for k in RecordKind::ALL {
            assert_eq!(RecordKind::from_slug(k.slug()), Some(k));
        }
        assert_eq!(RecordKind::from_slug("users"), None);
    }
}
