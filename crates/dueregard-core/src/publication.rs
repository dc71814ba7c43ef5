//! Publications: a report the organisation puts before the public, through a workflow. A draft
//! (which report, the period, an introduction in the organisation's words) goes for review, is
//! approved by a director or an administrator, and is then published. On approval the report
//! is worked out once and kept inside the publication, so what the public reads is exactly what
//! was approved and never changes. A correction is a new edition, with a note of what changed.
//!
//! The organisation's published editions are its publication record: the evidence that equality
//! information was published, and when.

use crate::period::{Period, long_date};
use crate::report::{Block, Report, Section};
use crate::validate::{self, LONG_TEXT, SHORT_TEXT, ValidationErrors};
use crate::vocab::{Role, vocabulary};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// Which report a publication gives.
    PublicationKind {
        ProgressReport => ("progress_report", "Annual progress report on equality objectives"),
        ActionPlan => ("action_plan", "Action plan with progress"),
        EqualityInformation => ("equality_information", "Annual equality information"),
        GenderPayGap => ("gender_pay_gap", "Gender pay gap report"),
    }
);

vocabulary!(
    /// Where a publication is in its workflow.
    PublicationStatus {
        Draft => ("draft", "Draft"),
        InReview => ("in_review", "In review"),
        Approved => ("approved", "Approved"),
        Published => ("published", "Published"),
    }
);

vocabulary!(
    /// A step of the workflow.
    PublicationStep {
        SubmitForReview => ("submit", "Send for review"),
        SendBack => ("send_back", "Send back to draft"),
        Approve => ("approve", "Approve"),
        Publish => ("publish", "Publish"),
    }
);

/// Who did a step, and on which day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signed {
    pub by: String,
    pub on: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicationFields {
    pub kind: PublicationKind,
    pub title: String,
    pub period: Period,
    /// The plan, for an action plan.
    pub plan_id: Option<i64>,
    /// The organisation's own words, printed before the report.
    pub introduction: Option<String>,
    pub status: PublicationStatus,
    /// 1 for a first edition; each correction is the next number.
    pub edition: i64,
    /// The published edition this one corrects, and what changed.
    pub corrects: Option<i64>,
    pub correction_note: Option<String>,
    pub reviewed: Option<Signed>,
    pub approved: Option<Signed>,
    pub published: Option<Signed>,
    /// The report as approved: set once, on approval, and never changed after.
    pub report: Option<Report>,
}

pub type Publication = crate::record::Record<PublicationFields>;

impl PublicationFields {
    /// A new first edition, checked as typed on the form.
    pub fn draft(
        kind: &str,
        title: &str,
        start: &str,
        end: &str,
        plan: &str,
        introduction: &str,
    ) -> Result<PublicationFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let kind = PublicationKind::from_key(kind);
        if kind.is_none() {
            e.add("kind", "Select which report to publish");
        }
        let title = validate::required(&mut e, "title", "a title", title, SHORT_TEXT);
        let start =
            validate::required_date(&mut e, "period_start", "the start of the period", start);
        let end = validate::required_date(&mut e, "period_end", "the end of the period", end);
        let period = match (start, end) {
            (Some(s), Some(t)) => {
                let p = Period::new(s, t);
                if p.is_none() {
                    e.add(
                        "period_end",
                        "The end of the period must be on or after its start",
                    );
                }
                p
            }
            _ => None,
        };
        let plan_id = plan.trim().parse::<i64>().ok();
        if kind == Some(PublicationKind::ActionPlan) && plan_id.is_none() {
            e.add("plan_id", "Select the action plan to publish");
        }
        let introduction = validate::optional(
            &mut e,
            "introduction",
            "the introduction",
            introduction,
            LONG_TEXT,
        );
        match (kind, period) {
            (Some(kind), Some(period)) if e.is_empty() => Ok(PublicationFields {
                kind,
                title,
                period,
                plan_id: plan_id.filter(|_| kind == PublicationKind::ActionPlan),
                introduction,
                status: PublicationStatus::Draft,
                edition: 1,
                corrects: None,
                correction_note: None,
                reviewed: None,
                approved: None,
                published: None,
                report: None,
            }),
            _ => Err(e),
        }
    }

    /// The draft with its words changed as typed; only a draft may change.
    pub fn redraft(
        &self,
        title: &str,
        start: &str,
        end: &str,
        plan: &str,
        introduction: &str,
    ) -> Result<PublicationFields, ValidationErrors> {
        if self.status != PublicationStatus::Draft {
            return Err(ValidationErrors::single(
                "title",
                format!(
                    "This publication is {} and cannot be changed. To change what was published, make a correction",
                    self.status.label().to_lowercase()
                ),
            ));
        }
        let changed = Self::draft(self.kind.key(), title, start, end, plan, introduction)?;
        Ok(PublicationFields {
            edition: self.edition,
            corrects: self.corrects,
            correction_note: self.correction_note.clone(),
            ..changed
        })
    }

    /// The steps open to someone in `role` now.
    pub fn steps(&self, role: Role) -> Vec<PublicationStep> {
        use PublicationStatus as S;
        use PublicationStep as P;
        let edits = role.can_edit_everything();
        let approves = role.can_approve();
        match self.status {
            S::Draft if edits => vec![P::SubmitForReview],
            S::InReview => {
                let mut steps = Vec::new();
                if approves {
                    steps.push(P::Approve);
                }
                if edits || approves {
                    steps.push(P::SendBack);
                }
                steps
            }
            S::Approved if edits => vec![P::Publish],
            _ => Vec::new(),
        }
    }

    /// Takes `step` as `who` (in `role`) on `today`. Approving needs the report as it stands
    /// (`report`), which is kept from then on; other steps ignore it.
    pub fn take(
        &self,
        step: PublicationStep,
        who: &str,
        role: Role,
        today: Date,
        report: Option<Report>,
    ) -> Result<PublicationFields, ValidationErrors> {
        if !self.steps(role).contains(&step) {
            return Err(ValidationErrors::single(
                "step",
                format!(
                    "You cannot {} a publication that is {} as {}",
                    step.label().to_lowercase(),
                    self.status.label().to_lowercase(),
                    role.label().to_lowercase()
                ),
            ));
        }
        let signed = Some(Signed {
            by: who.to_string(),
            on: today,
        });
        let mut next = self.clone();
        match step {
            PublicationStep::SubmitForReview => next.status = PublicationStatus::InReview,
            PublicationStep::SendBack => {
                next.status = PublicationStatus::Draft;
                next.reviewed = None;
            }
            PublicationStep::Approve => {
                let Some(report) = report else {
                    return Err(ValidationErrors::single(
                        "step",
                        "The report must be worked out before it is approved",
                    ));
                };
                let mut report = report;
                if self.kind == PublicationKind::GenderPayGap {
                    // The regulations ask for a written statement confirming the figures are
                    // accurate, signed by someone senior: the person who approves it.
                    report.sections.push(Section {
                        heading: "Supporting statement".into(),
                        blocks: vec![Block::Paragraph(format!(
                            "I confirm that the information in this report is accurate. {who}, {}.",
                            long_date(today)
                        ))],
                    });
                }
                next.status = PublicationStatus::Approved;
                next.reviewed = signed.clone();
                next.approved = signed;
                next.report = Some(report);
            }
            PublicationStep::Publish => {
                next.status = PublicationStatus::Published;
                next.published = signed;
            }
        }
        Ok(next)
    }

    /// A correction of this published edition: the next edition, as a draft, saying what
    /// changed. The edition corrected stays as it was.
    pub fn correction(&self, id: i64, note: &str) -> Result<PublicationFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        if self.status != PublicationStatus::Published {
            e.add("note", "Only a published edition can be corrected");
        }
        let note = validate::required(
            &mut e,
            "note",
            "what the correction changes",
            note,
            LONG_TEXT,
        );
        e.finish(PublicationFields {
            status: PublicationStatus::Draft,
            edition: self.edition + 1,
            corrects: Some(id),
            correction_note: Some(note),
            reviewed: None,
            approved: None,
            published: None,
            report: None,
            ..self.clone()
        })
    }

    /// The report with the organisation's introduction first, and for a correction, what the
    /// correction changed.
    pub fn with_introduction(&self, mut report: Report) -> Report {
        let mut blocks = Vec::new();
        if let Some(note) = &self.correction_note {
            blocks.push(Block::Paragraph(format!(
                "This is edition {} and corrects the edition before it: {note}",
                self.edition
            )));
        }
        if let Some(intro) = &self.introduction {
            blocks.extend(
                intro
                    .split("\n\n")
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(|p| Block::Paragraph(p.to_string())),
            );
        }
        if !blocks.is_empty() {
            report.sections.insert(
                0,
                Section {
                    heading: "Introduction".into(),
                    blocks,
                },
            );
        }
        report.title = self.title.clone();
        report
    }

    /// "Published on 3 June 2026 (approved by Jo Bloggs on 1 June 2026)", or the status.
    pub fn describe(&self) -> String {
        match (&self.published, &self.approved) {
            (Some(p), Some(a)) => format!(
                "Published on {} (approved by {} on {})",
                long_date(p.on),
                a.by,
                long_date(a.on)
            ),
            _ => self.status.label().to_string(),
        }
    }
}

/// The organisation's publication record: the date each kind of report was last published.
pub fn last_published(publications: &[Publication], kind: PublicationKind) -> Option<Date> {
    publications
        .iter()
        .filter(|p| p.fields.kind == kind)
        .filter_map(|p| p.fields.published.as_ref().map(|s| s.on))
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn draft() -> PublicationFields {
        PublicationFields::draft(
            "progress_report",
            "Equality progress 2025 to 2026",
            "2025-04-01",
            "2026-03-31",
            "",
            "Our first paragraph.\n\nOur second.",
        )
        .unwrap()
    }

    fn report() -> Report {
        Report {
            title: "Built".into(),
            organisation: "Testborough".into(),
            covering: "a year".into(),
            data_date: date(2026, 4, 2),
            sections: vec![],
            sources: vec![],
        }
    }

    #[test]
    fn a_draft_is_reviewed_approved_by_a_director_and_published() {
        let d = draft();
        assert_eq!(d.steps(Role::LeadOfficer), []);
        assert_eq!(d.steps(Role::Director), []);
        let review = d
            .take(
                PublicationStep::SubmitForReview,
                "Lead",
                Role::EqualityLead,
                date(2026, 4, 3),
                None,
            )
            .unwrap();
        // An equality lead cannot approve what they sent; a director can.
        let built = || Some(d.with_introduction(report()));
        assert!(
            review
                .take(
                    PublicationStep::Approve,
                    "Lead",
                    Role::EqualityLead,
                    date(2026, 4, 4),
                    built()
                )
                .is_err()
        );
        assert!(
            review
                .take(
                    PublicationStep::Approve,
                    "Dee Rector",
                    Role::Director,
                    date(2026, 4, 5),
                    None
                )
                .is_err(),
            "nothing is approved without its report"
        );
        let approved = review
            .take(
                PublicationStep::Approve,
                "Dee Rector",
                Role::Director,
                date(2026, 4, 5),
                built(),
            )
            .unwrap();
        let kept = approved.report.clone().unwrap();
        assert_eq!(kept.title, "Equality progress 2025 to 2026");
        assert_eq!(kept.sections[0].heading, "Introduction");
        assert_eq!(kept.sections[0].blocks.len(), 2);
        // Approved work cannot be redrafted.
        assert!(
            approved
                .redraft("x", "2025-04-01", "2026-03-31", "", "")
                .is_err()
        );
        let published = approved
            .take(
                PublicationStep::Publish,
                "Lead",
                Role::EqualityLead,
                date(2026, 4, 6),
                built(),
            )
            .unwrap();
        assert_eq!(
            published.report.as_ref(),
            Some(&kept),
            "publishing keeps the approved report"
        );
        assert_eq!(
            published.describe(),
            "Published on 6 April 2026 (approved by Dee Rector on 5 April 2026)"
        );
        assert!(published.steps(Role::Administrator).is_empty());
        let list = [crate::record::Record {
            id: 4,
            version: 3,
            fields: published.clone(),
        }];
        assert_eq!(
            last_published(&list, PublicationKind::ProgressReport),
            Some(date(2026, 4, 6))
        );
        assert_eq!(last_published(&list, PublicationKind::ActionPlan), None);

        // A gender pay gap report carries the approver's supporting statement.
        let mut gap = draft();
        gap.kind = PublicationKind::GenderPayGap;
        gap.status = PublicationStatus::InReview;
        let signed = gap
            .take(
                PublicationStep::Approve,
                "Dee Rector",
                Role::Director,
                date(2026, 4, 5),
                Some(report()),
            )
            .unwrap()
            .report
            .unwrap();
        let last = signed.sections.last().unwrap();
        assert_eq!(last.heading, "Supporting statement");
        assert_eq!(
            last.blocks,
            [Block::Paragraph(
                "I confirm that the information in this report is accurate. Dee Rector, 5 April 2026."
                    .into()
            )]
        );

        let fix = published
            .correction(4, "A completed action was shown as on track")
            .unwrap();
        assert_eq!(
            (fix.edition, fix.corrects, fix.status),
            (2, Some(4), PublicationStatus::Draft)
        );
        assert!(fix.report.is_none() && fix.approved.is_none());
        assert!(
            draft().correction(1, "x").is_err(),
            "only what was published is corrected"
        );
        assert!(
            published.correction(4, "  ").is_err(),
            "a correction says what changed"
        );
    }

    #[test]
    fn a_draft_says_what_is_missing() {
        let e = PublicationFields::draft("nonsense", "", "2026-04-01", "2025-04-01", "", "")
            .unwrap_err();
        for field in ["kind", "title", "period_end"] {
            assert!(e.for_field(field).is_some(), "{field}: {e:?}");
        }
        let e = PublicationFields::draft("action_plan", "Plan", "2025-04-01", "2026-03-31", "", "")
            .unwrap_err();
        assert_eq!(
            e.for_field("plan_id"),
            Some("Select the action plan to publish")
        );
    }
}
