//! The consultation check, beside the due-regard check on each decision a consultation informs:
//! one line per Gunning principle (R v Brent LBC ex p Gunning (1985), approved in R (Moseley) v
//! Haringey LBC [2014] UKSC 56), each pass, warning or missing with the reason.

use super::{ConsultationFields, DEFAULT_WEEKS};
use crate::assessment::Finding;
use crate::period::long_date;
use crate::vocab::vocabulary;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// The Gunning principles.
    Gunning {
        Formative => ("formative", "Consulted while the proposal could still change"),
        Reasons => ("reasons", "Enough reasons given for an intelligent response"),
        Time => ("time", "Adequate time to respond"),
        Considered => ("considered", "The responses were conscientiously taken into account"),
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct GunningLine {
    pub principle: Gunning,
    pub finding: Finding,
    pub reasons: Vec<String>,
}

/// What the check knows of the responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Heard {
    /// Responses counted (held ones are left out).
    pub responses: usize,
    /// Counted responses with free text that nobody has coded yet.
    pub uncoded: usize,
}

/// The check for a decision taken on `decided_on`, informed by `c`.
pub fn consultation_check(
    c: &ConsultationFields,
    decided_on: Date,
    heard: Heard,
) -> Vec<GunningLine> {
    let line = |principle, finding, reason: String| GunningLine {
        principle,
        finding,
        reasons: vec![reason],
    };
    let mut lines = Vec::new();
    lines.push(if !c.published {
        line(
            Gunning::Formative,
            Finding::Missing,
            "The consultation was never published for responses".into(),
        )
    } else if c.opens > decided_on {
        line(
            Gunning::Formative,
            Finding::Missing,
            format!(
                "It opened on {}, after the decision on {}",
                long_date(c.opens),
                long_date(decided_on)
            ),
        )
    } else if c.closes >= decided_on {
        line(
            Gunning::Formative,
            Finding::Missing,
            format!(
                "The decision on {} was taken before the consultation closed on {}",
                long_date(decided_on),
                long_date(c.closes)
            ),
        )
    } else {
        line(
            Gunning::Formative,
            Finding::Pass,
            format!(
                "It closed on {}, before the decision on {}",
                long_date(c.closes),
                long_date(decided_on)
            ),
        )
    });
    lines.push(if c.documents.is_empty() {
        line(
            Gunning::Reasons,
            Finding::Warning,
            "No proposal documents were published with it; only its summary of what is proposed"
                .into(),
        )
    } else {
        line(
            Gunning::Reasons,
            Finding::Pass,
            format!(
                "{} proposal document{} published with it",
                c.documents.len(),
                if c.documents.len() == 1 {
                    " was"
                } else {
                    "s were"
                }
            ),
        )
    });
    let days = c.days_open();
    lines.push(match (&c.short_period_reason, c.is_short()) {
        (_, false) => line(
            Gunning::Time,
            Finding::Pass,
            format!("It ran for {days} days, at least the usual {DEFAULT_WEEKS} weeks"),
        ),
        (Some(reason), true) => line(
            Gunning::Time,
            Finding::Warning,
            format!("It ran for {days} days, less than {DEFAULT_WEEKS} weeks, because: {reason}"),
        ),
        (None, true) => line(
            Gunning::Time,
            Finding::Missing,
            format!(
                "It ran for {days} days, less than {DEFAULT_WEEKS} weeks, with no reason recorded"
            ),
        ),
    });
    let mut reasons = Vec::new();
    let mut finding = Finding::Pass;
    if heard.uncoded > 0 {
        finding = Finding::Missing;
        reasons.push(format!(
            "{} of {} responses with written answers are not yet coded",
            heard.uncoded, heard.responses
        ));
    }
    match &c.summary_approved {
        Some(s) if s.on <= decided_on => reasons.push(format!(
            "The summary of what was heard was approved by {} on {}",
            s.by,
            long_date(s.on)
        )),
        Some(s) => {
            finding = Finding::Missing;
            reasons.push(format!(
                "The summary of what was heard was approved on {}, after the decision",
                long_date(s.on)
            ));
        }
        None => {
            finding = Finding::Missing;
            reasons.push("The summary of what was heard has not been approved".into());
        }
    }
    if !c.changes.is_empty() {
        reasons.push(format!(
            "{} change{} made because of what was heard",
            c.changes.len(),
            if c.changes.len() == 1 {
                " was"
            } else {
                "s were"
            }
        ));
    }
    lines.push(GunningLine {
        principle: Gunning::Considered,
        finding,
        reasons,
    });
    lines
}
