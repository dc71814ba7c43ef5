//! Consultation exercises: what is proposed, who is asked, for how long, and the questions.
//! Courts judge a consultation by the Gunning principles (formative stage, enough reasons,
//! adequate time, conscientious consideration); the period rule here is the third of them.
//! Seed 000 consulted for 12 weeks on five questions; its questions are the template.

pub mod analysis;
pub mod check;
pub mod engagement;
pub mod import;
pub mod response;
pub mod suggest;
pub mod summary;

use crate::validate::{self, LONG_TEXT, SHORT_TEXT, ValidationErrors};
use crate::vocab::vocabulary;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The usual length of a consultation (seed 000, and common practice).
pub const DEFAULT_WEEKS: i32 = 12;
/// The most questions one consultation asks, and options one question offers.
pub const MAX_QUESTIONS: usize = 60;
pub const MAX_OPTIONS: usize = 30;

vocabulary!(
    /// How a question is answered, in the GOV.UK question patterns.
    QuestionKind {
        Radios => ("radios", "Choose one answer"),
        Checkboxes => ("checkboxes", "Choose any answers that apply"),
        Text => ("text", "A short answer"),
        LongText => ("long_text", "A longer answer in their own words"),
        Likert => ("likert", "How far they agree (from strongly agree to strongly disagree)"),
    }
);

/// The five points of a Likert question, in the order they are offered.
pub const LIKERT: &[&str] = &[
    "Strongly agree",
    "Agree",
    "Neither agree nor disagree",
    "Disagree",
    "Strongly disagree",
];

impl QuestionKind {
    /// Whether people choose from a list (and the answers can be counted).
    pub fn is_closed(self) -> bool {
        !matches!(self, QuestionKind::Text | QuestionKind::LongText)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Question {
    /// Stable within the consultation (`q1`, `q2`, …), so answers keep pointing at their
    /// question when others are added or reordered.
    pub key: String,
    pub kind: QuestionKind,
    pub text: String,
    #[serde(default)]
    pub hint: Option<String>,
    /// The choices, for radios and checkboxes (Likert's are fixed).
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub required: bool,
}

impl Question {
    /// The choices a person picks from: the question's own, or the Likert scale.
    pub fn choices(&self) -> Vec<&str> {
        match self.kind {
            QuestionKind::Likert => LIKERT.to_vec(),
            _ => self.options.iter().map(String::as_str).collect(),
        }
    }

    /// Reads a question as typed into the question builder. `options` is one choice a line.
    pub fn validate(
        key: String,
        kind: &str,
        text: &str,
        hint: &str,
        options: &str,
        required: bool,
    ) -> Result<Question, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let kind = QuestionKind::from_key(kind.trim());
        if kind.is_none() {
            e.add("kind", "Select how the question is answered");
        }
        let text = validate::required(&mut e, "text", "the question", text, SHORT_TEXT);
        let hint = validate::optional(&mut e, "hint", "the hint", hint, SHORT_TEXT);
        let mut list: Vec<String> = Vec::new();
        for line in options.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let o = validate::required(&mut e, "options", "each choice", line, SHORT_TEXT);
            if list.iter().any(|x| x.eq_ignore_ascii_case(&o)) {
                e.add("options", format!("'{o}' is listed twice"));
            } else {
                list.push(o);
            }
        }
        let lists = matches!(kind, Some(QuestionKind::Radios | QuestionKind::Checkboxes));
        if !lists {
            list.clear();
        } else if list.len() < 2 {
            e.add("options", "Give at least two choices, one a line");
        } else if list.len() > MAX_OPTIONS {
            e.add(
                "options",
                format!(
                    "Give {MAX_OPTIONS} choices or fewer (there are {})",
                    list.len()
                ),
            );
        }
        let kind = kind.unwrap_or(QuestionKind::Text);
        e.finish(Question {
            key,
            kind,
            text,
            hint,
            options: list,
            required,
        })
    }
}

/// A document the proposal is set out in, published with the consultation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProposalDocument {
    pub title: String,
    /// Where it is published: a web address, or a path on this site.
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ConsultationFields {
    pub title: String,
    /// What is proposed and why: the reasons people need to respond intelligently.
    pub purpose: String,
    #[serde(default)]
    pub documents: Vec<ProposalDocument>,
    pub opens: Date,
    pub closes: Date,
    /// Why the period is shorter than the usual 12 weeks, where it is.
    #[serde(default)]
    pub short_period_reason: Option<String>,
    /// Who is asked: organisations, staff networks, forums, the public.
    #[serde(default)]
    pub consultees: Vec<String>,
    #[serde(default)]
    pub questions: Vec<Question>,
    /// What it informs.
    #[serde(default)]
    pub objective_ids: Vec<i64>,
    #[serde(default)]
    pub assessment_ids: Vec<i64>,
    /// The area whose Census 2021 population respondents are compared with (a GSS code).
    #[serde(default)]
    pub area_code: Option<String>,
    /// Whether the public form asks the optional equality monitoring questions.
    #[serde(default)]
    pub ask_monitoring: bool,
    /// Whether the public form shows one question a page (with a check of the answers before
    /// sending) rather than all on one page.
    #[serde(default)]
    pub one_question_per_page: bool,
    /// Whether the public can see and answer it (between its dates).
    #[serde(default)]
    pub published: bool,
    /// How many days after it closes respondents' names and contact details are kept.
    #[serde(default = "default_keep_days")]
    pub keep_personal_days: u32,
    /// Decisions it informs directly (others through the assessments it informs).
    #[serde(default)]
    pub decision_ids: Vec<i64>,
    /// The code frame free-text answers are coded with.
    #[serde(default)]
    pub codes: Vec<analysis::Code>,
    /// "You said, we did".
    #[serde(default)]
    pub changes: Vec<analysis::Change>,
    /// The approval of the summary of what was heard; the public sees it once approved.
    #[serde(default)]
    pub summary_approved: Option<analysis::SummaryApproval>,
}

fn default_keep_days() -> u32 {
    365
}

pub type Consultation = crate::record::Record<ConsultationFields>;

/// Where a consultation stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Stage {
    /// Not yet published to the public.
    Draft,
    /// Published, opening later.
    Upcoming,
    Open,
    Closed,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Draft => "Draft",
            Stage::Upcoming => "Opens soon",
            Stage::Open => "Open",
            Stage::Closed => "Closed",
        }
    }
}

/// The raw values of a consultation's own form (its questions have a builder of their own).
#[derive(Debug, Clone, Default)]
pub struct ConsultationForm {
    pub title: String,
    pub purpose: String,
    /// One document a line: "Title | address".
    pub documents: String,
    pub opens: String,
    pub closes: String,
    pub short_period_reason: String,
    /// One consultee a line.
    pub consultees: String,
    pub objective_ids: Vec<String>,
    pub assessment_ids: Vec<String>,
    pub decision_ids: Vec<String>,
    pub area_code: String,
    pub ask_monitoring: bool,
    pub one_question_per_page: bool,
    pub keep_personal_days: String,
}

impl ConsultationFields {
    /// The day after the usual period, from the day it opens.
    pub fn usual_close(opens: Date) -> Option<Date> {
        opens.checked_add((DEFAULT_WEEKS * 7).days()).ok()
    }

    /// How long it runs, in days (both ends included in the count people use: from the
    /// opening day to the closing day).
    pub fn days_open(&self) -> i32 {
        (self.closes - self.opens).get_days()
    }

    /// Whether it runs for less than the usual 12 weeks.
    pub fn is_short(&self) -> bool {
        self.days_open() < DEFAULT_WEEKS * 7
    }

    pub fn stage(&self, today: Date) -> Stage {
        if !self.published {
            Stage::Draft
        } else if today < self.opens {
            Stage::Upcoming
        } else if today <= self.closes {
            Stage::Open
        } else {
            Stage::Closed
        }
    }

    /// The question with this key.
    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.key == key)
    }

    /// A key no question has had: one more than the highest `qN` used.
    pub fn next_question_key(&self) -> String {
        let top = self
            .questions
            .iter()
            .filter_map(|q| q.key.strip_prefix('q')?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        format!("q{}", top + 1)
    }

    /// Reads the consultation's form; the questions, and whether it is published, are kept
    /// from `keep` (the record as it was), since they have their own pages.
    pub fn validate(
        form: &ConsultationForm,
        keep: Option<&ConsultationFields>,
    ) -> Result<ConsultationFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let title = validate::required(&mut e, "title", "a title", &form.title, SHORT_TEXT);
        let purpose = validate::required(
            &mut e,
            "purpose",
            "what is proposed and why",
            &form.purpose,
            LONG_TEXT,
        );
        let documents = documents(&mut e, &form.documents);
        let opens = validate::required_date(&mut e, "opens", "the day it opens", &form.opens);
        let closes = validate::required_date(&mut e, "closes", "the day it closes", &form.closes);
        let reason = validate::optional(
            &mut e,
            "short_period_reason",
            "the reason",
            &form.short_period_reason,
            LONG_TEXT,
        );
        let mut consultees = Vec::new();
        for line in form
            .consultees
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            let c = validate::required(&mut e, "consultees", "each consultee", line, SHORT_TEXT);
            if !consultees.contains(&c) {
                consultees.push(c);
            }
        }
        let objective_ids = validate::ids(&mut e, "objective_ids", &form.objective_ids);
        let assessment_ids = validate::ids(&mut e, "assessment_ids", &form.assessment_ids);
        let decision_ids = validate::ids(&mut e, "decision_ids", &form.decision_ids);
        let area_code = validate::optional(&mut e, "area_code", "the area", &form.area_code, 20)
            .map(|a| a.to_ascii_uppercase());
        let keep_days = match form.keep_personal_days.trim() {
            "" => default_keep_days(),
            v => match v.parse::<u32>() {
                Ok(d) if d <= 3650 => d,
                _ => {
                    e.add(
                        "keep_personal_days",
                        "Enter how many days to keep contact details, from 0 to 3650",
                    );
                    0
                }
            },
        };
        if let (Some(o), Some(c)) = (opens, closes) {
            if c <= o {
                e.add("closes", "The day it closes must be after the day it opens");
            } else if (c - o).get_days() < DEFAULT_WEEKS * 7 && reason.is_none() {
                e.add(
                    "short_period_reason",
                    format!(
                        "Say why it runs for less than {DEFAULT_WEEKS} weeks (it runs for {} days)",
                        (c - o).get_days()
                    ),
                );
            }
        }
        match (opens, closes) {
            (Some(opens), Some(closes)) if e.is_empty() => Ok(ConsultationFields {
                title,
                purpose,
                documents,
                opens,
                closes,
                short_period_reason: reason
                    .filter(|_| (closes - opens).get_days() < DEFAULT_WEEKS * 7),
                consultees,
                questions: keep.map(|k| k.questions.clone()).unwrap_or_default(),
                objective_ids,
                assessment_ids,
                area_code,
                ask_monitoring: form.ask_monitoring,
                one_question_per_page: form.one_question_per_page,
                published: keep.is_some_and(|k| k.published),
                keep_personal_days: keep_days,
                decision_ids,
                codes: keep.map(|k| k.codes.clone()).unwrap_or_default(),
                changes: keep.map(|k| k.changes.clone()).unwrap_or_default(),
                summary_approved: keep.and_then(|k| k.summary_approved.clone()),
            }),
            _ => Err(e),
        }
    }

    /// The form's values for this record, for showing it to be changed.
    pub fn to_form(&self) -> ConsultationForm {
        let ids = |v: &[i64]| v.iter().map(|i| i.to_string()).collect();
        ConsultationForm {
            title: self.title.clone(),
            purpose: self.purpose.clone(),
            documents: self
                .documents
                .iter()
                .map(|d| format!("{} | {}", d.title, d.address))
                .collect::<Vec<_>>()
                .join("\n"),
            opens: self.opens.to_string(),
            closes: self.closes.to_string(),
            short_period_reason: self.short_period_reason.clone().unwrap_or_default(),
            consultees: self.consultees.join("\n"),
            objective_ids: ids(&self.objective_ids),
            assessment_ids: ids(&self.assessment_ids),
            decision_ids: ids(&self.decision_ids),
            area_code: self.area_code.clone().unwrap_or_default(),
            ask_monitoring: self.ask_monitoring,
            one_question_per_page: self.one_question_per_page,
            keep_personal_days: self.keep_personal_days.to_string(),
        }
    }

    /// Checks what must hold before the public can see it: questions to answer.
    pub fn ready_to_publish(&self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        if self.questions.is_empty() {
            e.add("questions", "Add at least one question before publishing");
        }
        e.finish(())
    }
}

/// "Title | address" a line; an address is a web address (https:// or http://) or a path on
/// this site (starting with /).
fn documents(e: &mut ValidationErrors, raw: &str) -> Vec<ProposalDocument> {
    let mut out = Vec::new();
    for (n, line) in raw.lines().map(str::trim).enumerate() {
        if line.is_empty() {
            continue;
        }
        let (title, address) = match line.rsplit_once('|') {
            Some((t, a)) => (t.trim(), a.trim()),
            None => (line, ""),
        };
        let web = address.starts_with("https://") || address.starts_with("http://");
        let path = address.starts_with('/') && !address.starts_with("//");
        if address.is_empty() || !(web || path) || address.chars().any(char::is_whitespace) {
            e.add(
                "documents",
                format!(
                    "Line {}: give the document's title, then |, then its web address (starting https://)",
                    n + 1
                ),
            );
            continue;
        }
        let title = validate::required(e, "documents", "each document's title", title, SHORT_TEXT);
        out.push(ProposalDocument {
            title,
            address: address.to_string(),
        });
    }
    out
}

/// Seed 000's five questions, as a consultation on equality priorities and an action plan
/// starts from.
pub fn seed_questions() -> Vec<Question> {
    let q = |n: usize, kind, text: &str| Question {
        key: format!("q{n}"),
        kind,
        text: text.to_string(),
        hint: None,
        options: Vec::new(),
        required: false,
    };
    vec![
        q(
            1,
            QuestionKind::LongText,
            "What do you think of the proposed equality priorities?",
        ),
        q(
            2,
            QuestionKind::LongText,
            "Has anything been missed from the priorities?",
        ),
        q(
            3,
            QuestionKind::LongText,
            "What action would you expect us to take over the next 3 years to meet the priorities?",
        ),
        q(
            4,
            QuestionKind::Likert,
            "The actions in the action plan are enough to deliver the priorities.",
        ),
        q(
            5,
            QuestionKind::LongText,
            "Is there anything we could do in addition, or differently?",
        ),
    ]
}

#[cfg(test)]
mod tests;
