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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CharacteristicRef {
    Protected(ProtectedCharacteristic),
    Local(i64),
}

/// One screening question: is the proposal relevant to this aim for this characteristic?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningAnswer {
    pub characteristic: CharacteristicRef,
    pub aim: Aim,
    pub relevant: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Screening {
    pub answers: Vec<ScreeningAnswer>,
    /// `None` until someone decides.
    pub full_assessment_needed: Option<bool>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AimStatement {
    pub aim: Aim,
    pub how: String,
}

/// The three sign-off steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub user_id: i64,
    pub name: String,
    pub at: String,
    /// The calendar day of signing, for comparing with decision dates.
    pub on: Date,
}

/// Everything an assessment records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// A decision an assessment informs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionFields {
    pub title: String,
    /// The person or committee deciding.
    pub decision_maker: String,
    pub decided_on: Date,
    #[serde(default)]
    pub key_decision: bool,
    #[serde(default)]
    pub forward_plan: bool,
    /// The report it came with.
    #[serde(default)]
    pub report: String,
    #[serde(default)]
    pub assessment_ids: Vec<i64>,
    /// The decision-maker is recorded as having read the assessments before deciding.
    #[serde(default)]
    pub assessment_seen: bool,
}

vocabulary!(
    /// The Brown principles (R (Brown) v SSWP [2008] EWHC 3158), one line each in the check.
    Principle {
        Aware => ("aware", "The decision-maker knew of the duty"),
        BeforeAndAtTheTime => ("before_and_at_the_time", "Regard was had before and at the time of deciding"),
        Rigour => ("rigour", "In substance, with rigour and an open mind"),
        NonDelegable => ("non_delegable", "The authority itself took responsibility"),
        Continuing => ("continuing", "The duty continues: the decision is kept under review"),
        Record => ("record", "An adequate record was kept"),
    }
);

vocabulary!(
    /// How a principle stands.
    Finding {
        Pass => ("pass", "Pass"),
        Warning => ("warning", "Warning"),
        Missing => ("missing", "Missing"),
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckLine {
    pub principle: Principle,
    pub finding: Finding,
    pub reasons: Vec<String>,
}

/// An assessment as the check sees it.
pub struct Assessed<'a> {
    pub title: &'a str,
    pub fields: &'a AssessmentFields,
}

/// One line per Brown principle for `decision`, given its assessments, today's date and how old
/// evidence may be (in months) before it is called out.
pub fn due_regard_check(
    decision: &DecisionFields,
    assessments: &[Assessed<'_>],
    today: Date,
    max_evidence_months: i32,
) -> Vec<CheckLine> {
    let mut lines = Vec::new();
    let line = |principle, finding, reasons: Vec<String>| CheckLine {
        principle,
        finding,
        reasons,
    };
    let none = assessments.is_empty();

    // 1. Aware: the decision-maker is recorded as having seen the assessment.
    lines.push(if none {
        line(
            Principle::Aware,
            Finding::Missing,
            vec!["No assessment or screening is attached to the decision".into()],
        )
    } else if !decision.assessment_seen {
        line(
            Principle::Aware,
            Finding::Missing,
            vec![format!(
                "{} is not recorded as having seen the assessment before deciding",
                decision.decision_maker
            )],
        )
    } else {
        line(
            Principle::Aware,
            Finding::Pass,
            vec![format!(
                "{} saw the assessment before deciding",
                decision.decision_maker
            )],
        )
    });

    // 2. Before and at the time: approved on or before the decision date.
    let mut timing = Vec::new();
    let mut finding = if none {
        Finding::Missing
    } else {
        Finding::Pass
    };
    for a in assessments {
        match &a.fields.approved {
            None => {
                finding = Finding::Missing;
                timing.push(format!("‘{}’ is not approved", a.title));
            }
            Some(s) if s.on > decision.decided_on => {
                finding = Finding::Missing;
                timing.push(format!(
                    "‘{}’ was approved on {}, after the decision on {}",
                    a.title, s.on, decision.decided_on
                ));
            }
            Some(s) => timing.push(format!(
                "‘{}’ was approved on {}, before the decision",
                a.title, s.on
            )),
        }
    }
    if none {
        timing.push("There is nothing to show regard was had before deciding".into());
    }
    lines.push(line(Principle::BeforeAndAtTheTime, finding, timing));

    // 3. Rigour: negative impacts evidenced and mitigated or justified; evidence current;
    // unknown impacts call for inquiry.
    let mut rigour = Vec::new();
    let mut finding = if none {
        Finding::Missing
    } else {
        Finding::Pass
    };
    let worse = |f: Finding, g: Finding| match (f, g) {
        (Finding::Missing, _) | (_, Finding::Missing) => Finding::Missing,
        (Finding::Warning, _) | (_, Finding::Warning) => Finding::Warning,
        _ => Finding::Pass,
    };
    for a in assessments {
        let f = a.fields;
        let screened_out = f.screening.full_assessment_needed == Some(false);
        for imp in f.impacts.iter().filter(|i| i.impact == Impact::Negative) {
            let name = characteristic_name(&imp.characteristic);
            if imp.evidence.is_empty() {
                finding = worse(finding, Finding::Warning);
                rigour.push(format!(
                    "‘{}’: the negative impact on {name} has no evidence",
                    a.title
                ));
            }
            if imp.mitigation.trim().is_empty() && f.justification.trim().is_empty() {
                finding = worse(finding, Finding::Missing);
                rigour.push(format!(
                    "‘{}’: the negative impact on {name} has no mitigation and no justification",
                    a.title
                ));
            }
        }
        let unknown = f
            .impacts
            .iter()
            .filter(|i| i.impact == Impact::NotKnown)
            .count();
        if unknown > 0 && f.information_gaps.trim().is_empty() {
            finding = worse(finding, Finding::Warning);
            rigour.push(format!(
                "‘{}’: the impact on {unknown} group{} is not known, and it does not say how that will be found out",
                a.title,
                if unknown == 1 { "" } else { "s" }
            ));
        }
        if let Some(oldest) = f.evidence.iter().map(|e| e.dated).min() {
            let limit = decision
                .decided_on
                .checked_sub(jiff::Span::new().months(max_evidence_months))
                .unwrap_or(decision.decided_on);
            if oldest < limit {
                finding = worse(finding, Finding::Warning);
                rigour.push(format!(
                    "‘{}’: some evidence is from {oldest}, more than {max_evidence_months} months before the decision",
                    a.title
                ));
            }
        } else if !screened_out {
            finding = worse(finding, Finding::Missing);
            rigour.push(format!("‘{}’ lists no evidence", a.title));
        }
    }
    if rigour.is_empty() && !none {
        rigour.push("Every negative impact is evidenced and mitigated or justified".into());
    }
    lines.push(line(Principle::Rigour, finding, rigour));

    // 4. Non-delegable: someone senior in the authority approved it, and the decision-maker is named.
    let mut owned = Vec::new();
    let mut finding = if none {
        Finding::Missing
    } else {
        Finding::Pass
    };
    if decision.decision_maker.trim().is_empty() {
        finding = Finding::Missing;
        owned.push("The decision-maker is not recorded".into());
    }
    for a in assessments {
        match &a.fields.approved {
            Some(s) => owned.push(format!("‘{}’ was approved by {}", a.title, s.name)),
            None => {
                finding = Finding::Missing;
                owned.push(format!(
                    "Nobody in the authority has approved ‘{}’",
                    a.title
                ));
            }
        }
    }
    lines.push(line(Principle::NonDelegable, finding, owned));

    // 5. Continuing: a review date, not passed.
    let mut review = Vec::new();
    let mut finding = if none {
        Finding::Missing
    } else {
        Finding::Pass
    };
    for a in assessments {
        match a.fields.review_date {
            None => {
                finding = worse(finding, Finding::Missing);
                review.push(format!("‘{}’ has no review date", a.title));
            }
            Some(d) if d < today => {
                finding = worse(finding, Finding::Warning);
                review.push(format!("‘{}’ was due for review on {d}", a.title));
            }
            Some(d) => review.push(format!("‘{}’ will be reviewed by {d}", a.title)),
        }
    }
    lines.push(line(Principle::Continuing, finding, review));

    // 6. Record: every section there, signed.
    let mut record = Vec::new();
    let mut finding = if none {
        Finding::Missing
    } else {
        Finding::Pass
    };
    for a in assessments {
        let missing = a.fields.missing_for_sign_off();
        if !missing.is_empty() {
            finding = Finding::Missing;
            record.push(format!("‘{}’ is incomplete: {}", a.title, missing.0.len()));
        } else if a.fields.assessed.is_none() {
            finding = worse(finding, Finding::Warning);
            record.push(format!("‘{}’ is complete but not signed", a.title));
        } else {
            record.push(format!("‘{}’ is complete and signed", a.title));
        }
    }
    if none {
        record.push("No record of regard to the duty is attached".into());
    }
    lines.push(line(Principle::Record, finding, record));
    lines
}

fn characteristic_name(c: &CharacteristicRef) -> String {
    match c {
        CharacteristicRef::Protected(p) => p.label().to_lowercase(),
        CharacteristicRef::Local(id) => format!("local characteristic {id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn signed(user_id: i64, name: &str, on: Date) -> Signature {
        Signature {
            user_id,
            name: name.into(),
            at: format!("{on}T10:00:00Z"),
            on,
        }
    }

    /// A complete, approved assessment of Dudley's drug and alcohol services tender.
    fn complete() -> AssessmentFields {
        let evidence = vec![Evidence {
            kind: EvidenceKind::CommunityData,
            title: "Treatment population by age and sex".into(),
            source: "Public health intelligence, 2013".into(),
            dated: date(2013, 4, 1),
            summary: String::new(),
        }];
        let impacts = ProtectedCharacteristic::ALL
            .iter()
            .map(|p| ImpactEntry {
                characteristic: CharacteristicRef::Protected(*p),
                impact: if *p == ProtectedCharacteristic::Age {
                    Impact::Negative
                } else {
                    Impact::Neutral
                },
                severity: None,
                who_is_affected: String::new(),
                evidence: vec![0],
                mitigation: if *p == ProtectedCharacteristic::Age {
                    "Keep a young people's service in the specification".into()
                } else {
                    String::new()
                },
            })
            .collect();
        AssessmentFields {
            title: "Drug and alcohol services tender".into(),
            subject: Subject::Procurement,
            owner_id: Some(1),
            directorate_id: None,
            screening: Screening {
                answers: vec![],
                full_assessment_needed: Some(true),
                reason: "A service used by people of every protected group".into(),
            },
            scope: "Recommissioning of adult and young people's services".into(),
            purpose: "Better recovery outcomes".into(),
            evidence,
            information_gaps: String::new(),
            impacts,
            aims: Aim::ALL
                .iter()
                .map(|a| AimStatement {
                    aim: *a,
                    how: "Through the service specification".into(),
                })
                .collect(),
            outcome: Some(Outcome::AdjustProposal),
            justification: String::new(),
            review_date: Some(date(2015, 4, 1)),
            public: true,
            assessed: Some(signed(1, "Officer", date(2013, 9, 1))),
            reviewed: Some(signed(2, "Equality lead", date(2013, 9, 5))),
            approved: Some(signed(3, "Director", date(2013, 9, 10))),
        }
    }

    fn decision() -> DecisionFields {
        DecisionFields {
            title: "Award the drug and alcohol services contract".into(),
            decision_maker: "Cabinet".into(),
            decided_on: date(2013, 10, 1),
            key_decision: true,
            forward_plan: true,
            report: "Cabinet report, 1 October 2013".into(),
            assessment_ids: vec![1],
            assessment_seen: true,
        }
    }

    fn check(d: &DecisionFields, a: &AssessmentFields) -> Vec<CheckLine> {
        due_regard_check(
            d,
            &[Assessed {
                title: "Tender",
                fields: a,
            }],
            date(2014, 1, 1),
            36,
        )
    }

    fn finding(lines: &[CheckLine], p: Principle) -> Finding {
        lines
            .iter()
            .find(|l| l.principle == p)
            .map_or(Finding::Missing, |l| l.finding)
    }

    #[test]
    fn a_sound_record_passes_every_principle() {
        let lines = check(&decision(), &complete());
        assert_eq!(lines.len(), 6, "one line per Brown principle");
        for l in &lines {
            assert_eq!(
                l.finding,
                Finding::Pass,
                "{:?}: {:?}",
                l.principle,
                l.reasons
            );
        }
    }

    #[test]
    fn each_check_fires_on_its_own_failing() {
        // Not seen by the decision-maker.
        let mut d = decision();
        d.assessment_seen = false;
        assert_eq!(
            finding(&check(&d, &complete()), Principle::Aware),
            Finding::Missing
        );

        // Approved after the decision date.
        let mut a = complete();
        a.approved = Some(signed(3, "Director", date(2013, 10, 2)));
        let lines = check(&decision(), &a);
        assert_eq!(
            finding(&lines, Principle::BeforeAndAtTheTime),
            Finding::Missing
        );
        assert!(lines[1].reasons[0].contains("after the decision"));

        // A negative impact with no evidence: a warning.
        let mut a = complete();
        a.impacts[0].evidence.clear();
        assert_eq!(
            finding(&check(&decision(), &a), Principle::Rigour),
            Finding::Warning
        );

        // A negative impact with no mitigation and no justification: missing.
        let mut a = complete();
        a.impacts[0].mitigation.clear();
        assert_eq!(
            finding(&check(&decision(), &a), Principle::Rigour),
            Finding::Missing
        );
        // ...but a justification for continuing answers it.
        a.justification = "No alternative provider exists for young people".into();
        assert_eq!(
            finding(&check(&decision(), &a), Principle::Rigour),
            Finding::Pass
        );

        // Evidence older than the configured age.
        let mut a = complete();
        a.evidence[0].dated = date(2009, 1, 1);
        let lines = check(&decision(), &a);
        assert_eq!(finding(&lines, Principle::Rigour), Finding::Warning);
        assert!(lines[2].reasons.iter().any(|r| r.contains("2009-01-01")));

        // Unknown impacts with no plan to find out: the duty of inquiry.
        let mut a = complete();
        a.impacts[3].impact = Impact::NotKnown;
        assert_eq!(
            finding(&check(&decision(), &a), Principle::Rigour),
            Finding::Warning
        );
        a.information_gaps = "Ask the recovery forum in the consultation".into();
        assert_eq!(
            finding(&check(&decision(), &a), Principle::Rigour),
            Finding::Pass
        );

        // Nobody approved it, and no decision-maker is named.
        let mut a = complete();
        a.approved = None;
        assert_eq!(
            finding(&check(&decision(), &a), Principle::NonDelegable),
            Finding::Missing
        );
        let mut d = decision();
        d.decision_maker = " ".into();
        assert_eq!(
            finding(&check(&d, &complete()), Principle::NonDelegable),
            Finding::Missing
        );

        // No review date; a review date passed.
        let mut a = complete();
        a.review_date = None;
        assert_eq!(
            finding(&check(&decision(), &a), Principle::Continuing),
            Finding::Missing
        );
        let lines = due_regard_check(
            &decision(),
            &[Assessed {
                title: "Tender",
                fields: &complete(),
            }],
            date(2016, 1, 1),
            36,
        );
        assert_eq!(finding(&lines, Principle::Continuing), Finding::Warning);

        // Incomplete or unsigned record.
        let mut a = complete();
        a.purpose.clear();
        assert_eq!(
            finding(&check(&decision(), &a), Principle::Record),
            Finding::Missing
        );
        let mut a = complete();
        a.assessed = None;
        assert_eq!(
            finding(&check(&decision(), &a), Principle::Record),
            Finding::Warning
        );
    }

    #[test]
    fn no_assessment_and_no_screening_is_missing_everywhere() {
        let lines = due_regard_check(&decision(), &[], date(2014, 1, 1), 36);
        assert!(lines.iter().all(|l| l.finding == Finding::Missing));
        // A screening that found no full assessment needed is enough for rigour and record.
        let mut a = complete();
        a.screening.full_assessment_needed = Some(false);
        a.evidence.clear();
        a.impacts.clear();
        a.aims.clear();
        a.outcome = None;
        let lines = check(&decision(), &a);
        assert_eq!(finding(&lines, Principle::Rigour), Finding::Pass);
        assert_eq!(finding(&lines, Principle::Record), Finding::Pass);
    }

    #[test]
    fn sign_off_goes_in_order_by_role_and_not_to_the_assessor() {
        let mut a = complete();
        a.assessed = None;
        a.reviewed = None;
        a.approved = None;
        assert_eq!(
            a.may_sign(Step::Reviewed, Role::EqualityLead, 2),
            Err(SignRefusal::OutOfOrder(
                "It must be signed as assessed first"
            ))
        );
        assert!(matches!(
            a.may_sign(Step::Assessed, Role::Viewer, 9),
            Err(SignRefusal::WrongRole(_))
        ));
        assert!(a.may_sign(Step::Assessed, Role::LeadOfficer, 1).is_ok());
        a.assessed = Some(signed(1, "Officer", date(2013, 9, 1)));
        assert!(matches!(
            a.may_sign(Step::Reviewed, Role::LeadOfficer, 1),
            Err(SignRefusal::WrongRole(_))
        ));
        assert!(a.may_sign(Step::Reviewed, Role::EqualityLead, 2).is_ok());
        a.reviewed = Some(signed(2, "Lead", date(2013, 9, 5)));
        assert!(matches!(
            a.may_sign(Step::Approved, Role::LeadOfficer, 1),
            Err(SignRefusal::WrongRole(_))
        ));
        assert_eq!(
            a.may_sign(Step::Approved, Role::Administrator, 1),
            Err(SignRefusal::OwnWork)
        );
        assert_eq!(
            a.may_sign(Step::Approved, Role::Director, 2),
            Err(SignRefusal::OwnWork),
            "nor the reviewer"
        );
        assert!(
            matches!(
                a.may_sign(Step::Approved, Role::EqualityLead, 4),
                Err(SignRefusal::WrongRole(_))
            ),
            "the equality lead reviews; a director approves"
        );
        assert!(a.may_sign(Step::Approved, Role::Director, 3).is_ok());
        assert!(a.may_sign(Step::Approved, Role::Administrator, 3).is_ok());
        a.approved = Some(signed(3, "Director", date(2013, 9, 10)));
        assert!(a.is_frozen());
        assert_eq!(
            a.may_sign(Step::Approved, Role::Administrator, 3),
            Err(SignRefusal::AlreadySigned)
        );
    }

    #[test]
    fn missing_sections_are_named_at_sign_off() {
        let mut a = complete();
        a.assessed = None;
        a.impacts.retain(|i| {
            i.characteristic != CharacteristicRef::Protected(ProtectedCharacteristic::Race)
        });
        a.outcome = Some(Outcome::ContinueDespiteAdverse);
        a.review_date = None;
        let Err(SignRefusal::Incomplete(e)) = a.may_sign(Step::Assessed, Role::LeadOfficer, 1)
        else {
            panic!("an incomplete assessment cannot be signed");
        };
        assert!(e.for_field("impacts").is_some_and(|m| m.contains("race")));
        assert!(e.for_field("justification").is_some());
        assert!(e.for_field("review_date").is_some());
    }

    #[test]
    fn mitigations_become_actions_led_by_the_owner() {
        let a = complete();
        let actions = mitigation_actions(&a, 5, 3, &Default::default());
        assert_eq!(
            actions.len(),
            2,
            "one impact has a mitigation, then the review"
        );
        assert!(actions[1].text.starts_with("Review the impact assessment"));
        assert_eq!(actions[1].number, Some(4));
        let x = &actions[0];
        assert_eq!((x.objective_id, x.number), (5, Some(3)));
        assert_eq!(x.lead_ids, vec![1]);
        assert_eq!(x.target_text, "By April 2015");
        assert_eq!(x.characteristics, vec![ProtectedCharacteristic::Age]);
        assert!(x.text.starts_with("Keep a young people's service"));
        assert!(
            crate::target_date::TargetDate::parse(&x.target_text, None)
                .due_by()
                .is_some()
        );
    }

    #[test]
    fn report_implications_come_from_the_assessment() {
        let a = complete();
        let (text, table) = report_implications(&[Assessed {
            title: "Tender",
            fields: &a,
        }]);
        assert!(text.contains("a likely negative impact on age"), "{text}");
        assert!(text.contains("1 of 1 have a mitigation"), "{text}");
        assert!(text.contains("adjust the proposal"), "{text}");
        let row = |name: &str| table.iter().find(|r| r.0 == name).map(|r| r.1.clone());
        assert_eq!(row("Equal opportunities").as_deref(), Some("Yes"));
        assert_eq!(row("Policy").as_deref(), Some("No"), "a procurement");
        assert_eq!(row("Elderly people on low income").as_deref(), Some("Yes"));
        assert_eq!(row("Human rights").as_deref(), Some("Not assessed here"));
        let (none, _) = report_implications(&[]);
        assert!(none.contains("No equality impact assessment"));
    }

    #[test]
    fn bad_input_is_refused_with_its_field() {
        let mut a = complete();
        a.impacts.push(ImpactEntry {
            characteristic: CharacteristicRef::Local(99),
            impact: Impact::Negative,
            severity: Some(Severity::High),
            who_is_affected: "Rural residents".into(),
            evidence: vec![5],
            mitigation: "Outreach".into(),
        });
        a.review_date = Some(date(2013, 8, 1));
        a.evidence.push(Evidence {
            kind: EvidenceKind::Document,
            title: "Big".into(),
            source: String::new(),
            dated: date(2013, 1, 1),
            summary: "x".repeat(LONG_TEXT + 1),
        });
        let e = a.validate(&[7]).expect_err("refused");
        assert!(
            e.for_field("impact_10")
                .is_some_and(|m| m.contains("does not have"))
        );
        assert!(
            e.for_field("review_date").is_some(),
            "review before it was assessed"
        );
        assert!(e.for_field("evidence_2").is_some(), "oversized evidence");
        assert!(complete().validate(&[]).is_ok());
        let mut out_of_order = complete();
        out_of_order.approved = Some(signed(3, "Director", date(2013, 8, 1)));
        assert!(
            out_of_order
                .validate(&[])
                .expect_err("refused")
                .for_field("approved")
                .is_some()
        );
    }
}

/// A stored assessment. Each approved edition is kept; a change to an approved one is a new
/// edition in the same series, and the old one names the edition that replaced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// A stored decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub id: i64,
    pub org_id: i64,
    pub version: i64,
    pub fields: DecisionFields,
}

impl DecisionFields {
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        if self.title.trim().is_empty() {
            e.add("title", "Enter what was decided");
        }
        if self.decision_maker.trim().is_empty() {
            e.add(
                "decision_maker",
                "Say who made the decision: a person or a committee",
            );
        }
        for (field, text) in [
            ("title", &self.title),
            ("decision_maker", &self.decision_maker),
            ("report", &self.report),
        ] {
            if text.chars().count() > SHORT_TEXT {
                e.add(
                    field,
                    format!("This must be {SHORT_TEXT} characters or fewer"),
                );
            }
        }
        e.finish(())
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

/// The "equalities implications" paragraph and the "other implications" table of a committee
/// report (as in Leicester's 2003 cabinet report, seed 001), written from the assessments.
/// The table's rows are (implication, "Yes", "No" or "Not assessed here", where to read more).
pub fn report_implications(
    assessments: &[Assessed<'_>],
) -> (String, Vec<(String, String, String)>) {
    if assessments.is_empty() {
        return (
            "No equality impact assessment or screening is attached to this decision.".into(),
            vec![(
                "Equal opportunities".into(),
                "Not assessed here".into(),
                String::new(),
            )],
        );
    }
    let mut text = Vec::new();
    for a in assessments {
        let f = a.fields;
        let negative: Vec<String> = f
            .impacts
            .iter()
            .filter(|i| i.impact == Impact::Negative)
            .map(|i| match i.characteristic {
                CharacteristicRef::Protected(p) => p.label().to_lowercase(),
                CharacteristicRef::Local(_) => "a local characteristic".into(),
            })
            .collect();
        let mut s = format!(
            "The equality impact assessment ‘{}’ ({}) informs this decision.",
            a.title,
            f.status().label().to_lowercase()
        );
        if negative.is_empty() {
            s.push_str(" It found no negative impact on any protected group.");
        } else {
            s.push_str(&format!(
                " It found a likely negative impact on {}.",
                negative.join(", ")
            ));
            let mitigated = f
                .impacts
                .iter()
                .filter(|i| i.impact == Impact::Negative && !i.mitigation.trim().is_empty())
                .count();
            s.push_str(&format!(
                " {mitigated} of {} have a mitigation.",
                negative.len()
            ));
        }
        if let Some(o) = f.outcome {
            s.push_str(&format!(" Its conclusion: {}.", o.label().to_lowercase()));
        }
        if !f.justification.trim().is_empty() {
            s.push_str(&format!(" Justification: {}", f.justification.trim()));
        }
        text.push(s);
    }
    let yes = |b: bool| if b { "Yes" } else { "No" }.to_string();
    let any = |p: &dyn Fn(&AssessmentFields) -> bool| assessments.iter().any(|a| p(a.fields));
    let older = any(&|f| {
        f.impacts.iter().any(|i| {
            i.characteristic == CharacteristicRef::Protected(ProtectedCharacteristic::Age)
                && !matches!(i.impact, Impact::Neutral)
        })
    });
    let not_here = || "Not assessed here".to_string();
    let table = vec![
        (
            "Equal opportunities".into(),
            yes(true),
            "The equality impact assessment, all sections".into(),
        ),
        (
            "Policy".into(),
            yes(any(&|f| {
                matches!(f.subject, Subject::Policy | Subject::Strategy)
            })),
            String::new(),
        ),
        (
            "Sustainable and environmental".into(),
            not_here(),
            String::new(),
        ),
        (
            "Legal".into(),
            yes(true),
            "The public sector equality duty, Equality Act 2010 section 149".into(),
        ),
        ("Crime and disorder".into(), not_here(), String::new()),
        ("Human rights".into(), not_here(), String::new()),
        (
            "Elderly people on low income".into(),
            yes(older),
            if older {
                "Likely impact on each group: age".into()
            } else {
                String::new()
            },
        ),
    ];
    (text.join("\n\n"), table)
}
