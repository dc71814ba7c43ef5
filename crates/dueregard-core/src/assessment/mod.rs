//! Equality impact assessments, the decisions they inform, and the due-regard check: the record
//! a court looks for when it asks whether the decision-maker had the equality effects in front of
//! them, before deciding, with rigour and an open mind (the Brown principles; Bracking para 26).
//!
//! Pure rules only: what an assessment holds, what must be there before each sign-off, who may
//! sign each step, and what the check says about a decision.

use crate::validate::{LONG_TEXT, SHORT_TEXT, ValidationErrors};
use crate::vocab::{Aim, ProtectedCharacteristic, Role, vocabulary};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// What is being assessed.
    Subject {
        Policy => ("policy", "Policy"),
        Strategy => ("strategy", "Strategy"),
        ServiceChange => ("service_change", "Service change"),
        BudgetProposal => ("budget_proposal", "Budget proposal"),
        Procurement => ("procurement", "Procurement or contract"),
        Project => ("project", "Project"),
    }
);

vocabulary!(
    /// The likely effect on a group.
    Impact {
        Positive => ("positive", "Positive"),
        Neutral => ("neutral", "Neutral"),
        Negative => ("negative", "Negative"),
        NotKnown => ("not_known", "Not known"),
    }
);

vocabulary!(
    /// How serious a negative effect would be.
    Severity {
        Low => ("low", "Low"),
        Medium => ("medium", "Medium"),
        High => ("high", "High"),
    }
);

vocabulary!(
    /// What the assessment concludes.
    Outcome {
        NoMajorChange => ("no_major_change", "No major change needed"),
        AdjustProposal => ("adjust_proposal", "Adjust the proposal"),
        ContinueDespiteAdverse => ("continue_despite_adverse", "Continue despite an adverse impact"),
        StopAndRethink => ("stop_and_rethink", "Stop and rethink"),
    }
);

vocabulary!(
    /// Where a piece of evidence comes from.
    EvidenceKind {
        Document => ("document", "Document or research"),
        WorkforceData => ("workforce_data", "Workforce data"),
        CommunityData => ("community_data", "Community data"),
        Consultation => ("consultation", "Consultation results"),
        Other => ("other", "Other"),
    }
);

/// A characteristic an impact is recorded against: one of the nine, or one the organisation
/// defines for itself (rurality, carers…), by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CharacteristicRef {
    Protected(ProtectedCharacteristic),
    Local(i64),
}

/// One screening question: is the proposal relevant to this aim for this characteristic?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScreeningAnswer {
    pub characteristic: CharacteristicRef,
    pub aim: Aim,
    pub relevant: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, schemars::JsonSchema)]
pub struct Screening {
    pub answers: Vec<ScreeningAnswer>,
    /// `None` until someone decides.
    pub full_assessment_needed: Option<bool>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub title: String,
    /// Where to find it: a link, a reference, or a Due Regard page.
    pub source: String,
    /// When the evidence is from, so its age can be judged.
    pub dated: Date,
    #[serde(default)]
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImpactEntry {
    pub characteristic: CharacteristicRef,
    pub impact: Impact,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub who_is_affected: String,
    /// Indexes into the assessment's evidence.
    #[serde(default)]
    pub evidence: Vec<usize>,
    #[serde(default)]
    pub mitigation: String,
}

/// How the proposal serves one aim of the general duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AimStatement {
    pub aim: Aim,
    pub how: String,
}

/// The three sign-off steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The assessor (usually the owner) says the assessment is complete.
    Assessed,
    /// The equality lead has reviewed it.
    Reviewed,
    /// The director approves it. Approved assessments are frozen.
    Approved,
}

/// Who signed a step and when (RFC 3339 instant).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Signature {
    pub user_id: i64,
    pub name: String,
    pub at: String,
    /// The calendar day of signing, for comparing with decision dates.
    pub on: Date,
}

/// Everything an assessment records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AssessmentFields {
    pub title: String,
    pub subject: Subject,
    /// The person responsible for it (a person record).
    pub owner_id: Option<i64>,
    pub directorate_id: Option<i64>,
    #[serde(default)]
    pub screening: Screening,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Where information is missing and how it will be found (the duty of inquiry).
    #[serde(default)]
    pub information_gaps: String,
    #[serde(default)]
    pub impacts: Vec<ImpactEntry>,
    #[serde(default)]
    pub aims: Vec<AimStatement>,
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// Why the proposal goes ahead despite an adverse impact.
    #[serde(default)]
    pub justification: String,
    #[serde(default)]
    pub review_date: Option<Date>,
    /// Published on the public register once approved.
    #[serde(default)]
    pub public: bool,
    #[serde(default)]
    pub assessed: Option<Signature>,
    #[serde(default)]
    pub reviewed: Option<Signature>,
    #[serde(default)]
    pub approved: Option<Signature>,
}

/// Largest number of evidence items, and of characters in one evidence summary.
pub const MAX_EVIDENCE: usize = 100;

/// Why someone may not sign a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignRefusal {
    /// The step before has not been signed.
    OutOfOrder(&'static str),
    /// The role may not sign this step.
    WrongRole(&'static str),
    /// The person who assessed or reviewed it may not also approve it.
    OwnWork,
    AlreadySigned,
    /// Sections are missing; each problem names its field.
    Incomplete(ValidationErrors),
}

impl std::fmt::Display for SignRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignRefusal::OutOfOrder(m) | SignRefusal::WrongRole(m) => f.write_str(m),
            SignRefusal::OwnWork => {
                f.write_str("You assessed this yourself, so someone else must approve it")
            }
            SignRefusal::AlreadySigned => f.write_str("This step has already been signed"),
            SignRefusal::Incomplete(e) => write!(f, "Some sections are not complete: {e}"),
        }
    }
}

impl AssessmentFields {
    /// Approved assessments are frozen: a change makes a new version.
    pub fn is_frozen(&self) -> bool {
        self.approved.is_some()
    }

    /// Whether screening found a full assessment needed (so the full sections are required).
    fn full(&self) -> bool {
        self.screening.full_assessment_needed != Some(false)
    }

    /// Checks the fields themselves: lengths, dates in order, characteristics the organisation
    /// has, evidence that exists. `local` lists the organisation's own characteristics' ids.
    pub fn validate(&self, local: &[i64]) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        if self.title.trim().is_empty() {
            e.add("title", "Enter a title");
        }
        if self.title.chars().count() > SHORT_TEXT {
            e.add(
                "title",
                format!("The title must be {SHORT_TEXT} characters or fewer"),
            );
        }
        for (field, text) in [
            ("scope", &self.scope),
            ("purpose", &self.purpose),
            ("information_gaps", &self.information_gaps),
            ("justification", &self.justification),
            ("screening_reason", &self.screening.reason),
        ] {
            if text.chars().count() > LONG_TEXT {
                e.add(
                    field,
                    format!("This must be {LONG_TEXT} characters or fewer"),
                );
            }
        }
        if self.evidence.len() > MAX_EVIDENCE {
            e.add(
                "evidence",
                format!("An assessment can list up to {MAX_EVIDENCE} pieces of evidence"),
            );
        }
        for (i, ev) in self.evidence.iter().enumerate() {
            if ev.title.trim().is_empty() {
                e.add(&format!("evidence_{}", i + 1), "Give the evidence a title");
            }
            if ev.summary.chars().count() > LONG_TEXT || ev.source.chars().count() > SHORT_TEXT {
                e.add(
                    &format!("evidence_{}", i + 1),
                    format!("The summary must be {LONG_TEXT} characters or fewer, and the source {SHORT_TEXT}"),
                );
            }
        }
        let known = |c: &CharacteristicRef| match c {
            CharacteristicRef::Protected(_) => true,
            CharacteristicRef::Local(id) => local.contains(id),
        };
        for a in &self.screening.answers {
            if !known(&a.characteristic) {
                e.add(
                    "screening",
                    "A screening answer names a characteristic this organisation does not have",
                );
            }
        }
        for (i, imp) in self.impacts.iter().enumerate() {
            let field = format!("impact_{}", i + 1);
            if !known(&imp.characteristic) {
                e.add(
                    &field,
                    "This names a characteristic this organisation does not have",
                );
            }
            if let Some(bad) = imp.evidence.iter().find(|&&x| x >= self.evidence.len()) {
                e.add(
                    &field,
                    format!("Evidence {} is not in the list of evidence", bad + 1),
                );
            }
        }
        let mut seen = std::collections::HashSet::new();
        for imp in &self.impacts {
            if !seen.insert(imp.characteristic) {
                e.add("impacts", "Each characteristic can have one impact entry");
                break;
            }
        }
        if let (Some(review), Some(a)) = (self.review_date, &self.assessed)
            && review <= a.on
        {
            e.add(
                "review_date",
                "The review date must be after the date it was assessed",
            );
        }
        for (earlier, later, field) in [
            (&self.assessed, &self.reviewed, "reviewed"),
            (&self.reviewed, &self.approved, "approved"),
        ] {
            if let (Some(a), Some(b)) = (earlier, later)
                && b.at < a.at
            {
                e.add(
                    field,
                    "Sign-offs must be in order: assessed, reviewed, then approved",
                );
            }
        }
        e.finish(())
    }

    /// What is missing before the assessment can be signed as complete.
    pub fn missing_for_sign_off(&self) -> ValidationErrors {
        let mut e = ValidationErrors::new();
        if self.owner_id.is_none() {
            e.add("owner_id", "Say who owns this assessment");
        }
        match self.screening.full_assessment_needed {
            None => e.add("screening", "Record whether a full assessment is needed"),
            Some(_) if self.screening.reason.trim().is_empty() => e.add(
                "screening_reason",
                "Give the reason for the screening decision",
            ),
            _ => {}
        }
        if self.full() {
            if self.scope.trim().is_empty() {
                e.add("scope", "Describe the scope of what is assessed");
            }
            if self.purpose.trim().is_empty() {
                e.add("purpose", "Describe its purpose");
            }
            if self.evidence.is_empty() {
                e.add("evidence", "List the evidence the assessment rests on");
            }
            for p in ProtectedCharacteristic::ALL {
                if !self
                    .impacts
                    .iter()
                    .any(|i| i.characteristic == CharacteristicRef::Protected(*p))
                {
                    e.add(
                        "impacts",
                        format!("Record the likely impact on {}", p.label().to_lowercase()),
                    );
                }
            }
            for aim in Aim::ALL {
                if !self
                    .aims
                    .iter()
                    .any(|a| a.aim == *aim && !a.how.trim().is_empty())
                {
                    e.add(
                        "aims",
                        format!("Say how the proposal serves the aim: {}", aim.label()),
                    );
                }
            }
            match self.outcome {
                None => e.add("outcome", "Choose the outcome of the assessment"),
                Some(Outcome::ContinueDespiteAdverse) if self.justification.trim().is_empty() => e
                    .add(
                        "justification",
                        "Explain why the proposal continues despite an adverse impact",
                    ),
                _ => {}
            }
            for (i, imp) in self.impacts.iter().enumerate() {
                if imp.impact == Impact::Negative
                    && imp.mitigation.trim().is_empty()
                    && self.justification.trim().is_empty()
                {
                    e.add(
                        &format!("impact_{}", i + 1),
                        "A negative impact needs a mitigation, or a justification for continuing",
                    );
                }
            }
        }
        if self.review_date.is_none() {
            e.add("review_date", "Set a date to review the assessment");
        }
        e
    }

    /// Checks that `role` may sign `step` now. `signer` is the person signing; `assessor` who
    /// signed the first step. The assessor may not approve their own assessment.
    pub fn may_sign(&self, step: Step, role: Role, signer: i64) -> Result<(), SignRefusal> {
        match step {
            Step::Assessed => {
                if self.assessed.is_some() {
                    return Err(SignRefusal::AlreadySigned);
                }
                if !role.can_assess() {
                    return Err(SignRefusal::WrongRole("Viewers cannot sign assessments"));
                }
                let missing = self.missing_for_sign_off();
                if !missing.is_empty() {
                    return Err(SignRefusal::Incomplete(missing));
                }
            }
            Step::Reviewed => {
                if self.assessed.is_none() {
                    return Err(SignRefusal::OutOfOrder(
                        "It must be signed as assessed first",
                    ));
                }
                if self.reviewed.is_some() {
                    return Err(SignRefusal::AlreadySigned);
                }
                if role != Role::EqualityLead {
                    return Err(SignRefusal::WrongRole(
                        "Only an equality lead reviews assessments",
                    ));
                }
            }
            Step::Approved => {
                if self.reviewed.is_none() {
                    return Err(SignRefusal::OutOfOrder(
                        "It must be reviewed by the equality lead first",
                    ));
                }
                if self.approved.is_some() {
                    return Err(SignRefusal::AlreadySigned);
                }
                if role != Role::Director && role != Role::Administrator {
                    return Err(SignRefusal::WrongRole(
                        "Only a director (or an administrator) approves assessments",
                    ));
                }
                // Separation of duties: the approver is neither the assessor nor the reviewer.
                if self.assessed.as_ref().is_some_and(|a| a.user_id == signer)
                    || self.reviewed.as_ref().is_some_and(|r| r.user_id == signer)
                {
                    return Err(SignRefusal::OwnWork);
                }
            }
        }
        Ok(())
    }
}

/// A stored assessment. Each approved edition is kept; a change to an approved one is a new
/// edition in the same series, and the old one names the edition that replaced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImpactAssessment {
    pub id: i64,
    pub org_id: i64,
    /// Increases with every saved change (for refusing stale edits).
    pub version: i64,
    /// The id of the series' first edition.
    pub series_id: i64,
    /// 1 for the first edition, then 2, 3…
    pub edition: i64,
    pub superseded_by: Option<i64>,
    pub fields: AssessmentFields,
    pub created_at: String,
    pub updated_at: String,
}

vocabulary!(
    /// Where an assessment is in its life.
    Status {
        Draft => ("draft", "Draft"),
        Assessed => ("assessed", "Waiting for review"),
        Reviewed => ("reviewed", "Waiting for approval"),
        Approved => ("approved", "Approved"),
    }
);

impl AssessmentFields {
    pub fn status(&self) -> Status {
        match (&self.assessed, &self.reviewed, &self.approved) {
            (_, _, Some(_)) => Status::Approved,
            (_, Some(_), None) => Status::Reviewed,
            (Some(_), None, None) => Status::Assessed,
            _ => Status::Draft,
        }
    }
}

/// One action for each impact with a mitigation, to be tracked in an action plan like any
/// other: led by the assessment's owner, due by its review date, tagged with the characteristic;
/// then one to review the assessment by its review date (the duty continues).
/// `local_names` names the organisation's own characteristics; `first_number` numbers them.
pub fn mitigation_actions(
    f: &AssessmentFields,
    objective_id: i64,
    first_number: i64,
    local_names: &std::collections::HashMap<i64, String>,
) -> Vec<crate::plan::ActionFields> {
    let target = f.review_date.map_or_else(
        || "By the assessment's review".to_string(),
        |d| format!("By {}", crate::period::month_year(d)),
    );
    let mitigated = f
        .impacts
        .iter()
        .filter(|i| !i.mitigation.trim().is_empty())
        .count();
    f.impacts
        .iter()
        .filter(|i| !i.mitigation.trim().is_empty())
        .enumerate()
        .map(|(n, i)| {
            let (characteristics, local_characteristics) = match i.characteristic {
                CharacteristicRef::Protected(p) => (vec![p], Vec::new()),
                CharacteristicRef::Local(id) => (
                    Vec::new(),
                    local_names.get(&id).cloned().into_iter().collect(),
                ),
            };
            crate::plan::ActionFields {
                objective_id,
                number: Some(first_number + n as i64),
                text: format!(
                    "{} (mitigation from the impact assessment ‘{}’)",
                    i.mitigation.trim(),
                    f.title
                ),
                lead_ids: f.owner_id.into_iter().collect(),
                target_text: target.clone(),
                outcome_id: None,
                equality_objective_ids: Vec::new(),
                aims: Vec::new(),
                characteristics,
                local_characteristics,
            }
        })
        .chain(std::iter::once(crate::plan::ActionFields {
            objective_id,
            number: Some(first_number + mitigated as i64),
            text: format!("Review the impact assessment ‘{}’", f.title),
            lead_ids: f.owner_id.into_iter().collect(),
            target_text: target.clone(),
            outcome_id: None,
            equality_objective_ids: Vec::new(),
            aims: Vec::new(),
            characteristics: Vec::new(),
            local_characteristics: Vec::new(),
        }))
        .collect()
}

mod decision;
pub use decision::*;

#[cfg(test)]
mod tests;
