//! What an import stores: a whole plan, or a list of equality objectives, checked and confirmed
//! by a person and written in one transaction. The parsers that produce these live in the
//! formats crate; this is only what the store needs.

use crate::objective::{EqualityObjective, ObjectiveFields};
use crate::org::PersonFields;
use crate::plan::{ActionPlan, GlossaryFields, PlanFields};
use serde::{Deserialize, Serialize};

/// Which document an import came from. The fingerprint finds the same document imported twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportSource {
    pub file_name: String,
    /// SHA-256 of the file's bytes, as lower-case hex.
    pub fingerprint: String,
}

/// A lead officer of an imported objective or action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum LeadRef {
    /// Someone already among the organisation's people.
    Existing(i64),
    /// The n-th entry of `PlanImport::new_people`, created by the import.
    New(usize),
}

/// The planned outcome of an imported action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum OutcomeRef {
    New(String),
    /// The outcome of the action before it, as in a merged table cell.
    SameAsPrevious,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PlanImport {
    pub source: ImportSource,
    pub plan: PlanFields,
    /// The plan this import replaces, when the person chose to import it as a new version.
    pub replaces_plan_id: Option<i64>,
    pub new_people: Vec<PersonFields>,
    pub priorities: Vec<ImportedPriorityTree>,
    pub glossary: Vec<GlossaryFields>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportedPriorityTree {
    pub number: i64,
    pub title: String,
    pub objectives: Vec<ImportedObjectiveTree>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportedObjectiveTree {
    pub code: String,
    pub title: String,
    pub leads: Vec<LeadRef>,
    pub actions: Vec<ImportedActionRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportedActionRecord {
    pub number: Option<i64>,
    pub text: String,
    /// Empty means the objective's leads, as in the source documents.
    pub leads: Vec<LeadRef>,
    pub target_text: String,
    pub outcome: Option<OutcomeRef>,
}

/// Equality objectives read from a report, stored as drafts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ObjectivesImport {
    pub source: ImportSource,
    pub objectives: Vec<ObjectiveFields>,
    /// Import again even though this document was imported before.
    pub again: bool,
}

/// A document imported earlier, found by its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportRecord {
    pub id: i64,
    /// "plan" or "objectives".
    pub kind: String,
    pub file_name: String,
    pub fingerprint: String,
    /// The plan it created, for a plan import.
    pub plan_id: Option<i64>,
    pub replaces_plan_id: Option<i64>,
    pub imported_at: String,
    pub imported_by: String,
}

/// What a plan import stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanImportReceipt {
    pub plan: ActionPlan,
    pub people_created: usize,
    pub actions: usize,
}

/// What an objectives import stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectivesImportReceipt {
    pub objectives: Vec<EqualityObjective>,
}
