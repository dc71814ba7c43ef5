//! What an importer understood from a document, before anything is stored.

pub mod decode;
pub mod objectives_text;
pub mod text_plan;
pub mod to_store;

use serde::Serialize;

/// Something the importer could not place or read, and where it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// 1-based line number in the document.
    pub line: usize,
    pub message: String,
}

/// An action plan as read from a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedPlan {
    pub title: Option<String>,
    /// The financial year named in the document, like "2013/14".
    pub period: Option<String>,
    pub priorities: Vec<ImportedPriority>,
    /// Initials and the names they stand for, from the plan's key.
    pub leads: Vec<(String, String)>,
    pub glossary: Vec<(String, String)>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedPriority {
    pub number: i64,
    pub title: String,
    pub line: usize,
    pub objectives: Vec<ImportedObjective>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedObjective {
    pub code: String,
    pub title: String,
    /// Initials of its lead officers.
    pub leads: Vec<String>,
    pub line: usize,
    pub actions: Vec<ImportedAction>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedAction {
    pub number: Option<i64>,
    pub text: String,
    /// Initials named on the action itself; empty means the objective's leads.
    pub leads: Vec<String>,
    /// The target date cell as written (a merged cell repeats the one above).
    pub target: String,
    pub outcome: OutcomeCell,
    /// The target read against the plan's period.
    pub milestones: Vec<dueregard_core::target_date::Milestone>,
    pub line: usize,
}

/// The planned outcome cell of an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "text")]
pub enum OutcomeCell {
    /// An outcome written in this row.
    New(String),
    /// A merged cell: the same outcome as the action above.
    SameAsAbove,
    None,
}
