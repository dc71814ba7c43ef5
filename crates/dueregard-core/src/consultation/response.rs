//! A response to a consultation: the answers, who sent it and how, and the optional equality
//! monitoring answers, which are kept apart from the answers and only ever counted.

use super::{Consultation, ConsultationFields, QuestionKind};
use crate::validate::{self, SHORT_TEXT, ValidationErrors};
use crate::vocab::vocabulary;
use dueregard_stats::classify;
/// The characteristics monitoring answers are about (from the statistics crate).
pub use dueregard_stats::classify::Characteristic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest answer to a long-text question, in characters (about four pages).
pub const LONG_ANSWER: usize = 10_000;
/// The longest answer to a short-text question.
pub const SHORT_ANSWER: usize = 500;

vocabulary!(
    /// How a response reached us.
    Channel {
        Online => ("online", "Online form"),
        Paper => ("paper", "Paper form, keyed in by an officer"),
        Email => ("email", "Email, keyed in by an officer"),
        Imported => ("imported", "Imported from another survey tool"),
    }
);

/// Each question's answer, by the question's key: the chosen options, or the words written
/// (one string). A question left unanswered has no entry.
pub type Answers = BTreeMap<String, Vec<String>>;

/// Who responded, where they said: personal data, deleted when the consultation's keeping
/// period ends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Respondent {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// The organisation they respond for, if they respond for one.
    #[serde(default)]
    pub organisation: Option<String>,
}

impl Respondent {
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.email.is_none() && self.organisation.is_none()
    }
}

/// One respondent's equality monitoring answer: a census category code of a characteristic.
pub type MonitoringAnswer = (Characteristic, u8);

/// The characteristics the monitoring questions ask about, in the order they are asked.
pub const MONITORED: [Characteristic; 6] = [
    Characteristic::Age,
    Characteristic::Sex,
    Characteristic::Ethnicity,
    Characteristic::Disability,
    Characteristic::Religion,
    Characteristic::SexualOrientation,
];

/// The question asked for each characteristic.
pub fn monitoring_question(c: Characteristic) -> &'static str {
    match c {
        Characteristic::Age => "What is your age?",
        Characteristic::Sex => "What is your sex?",
        Characteristic::Ethnicity => "What is your ethnic group?",
        Characteristic::Disability => {
            "Do you have a physical or mental health condition or illness that reduces your ability to carry out day-to-day activities?"
        }
        Characteristic::Religion => "What is your religion?",
        Characteristic::SexualOrientation => {
            "Which of the following best describes your sexual orientation?"
        }
    }
}

/// The answers offered for a characteristic, as (code, words): the Census 2021 categories,
/// with "Prefer not to say". "Not known" is what no answer means, so it is not offered.
pub fn monitoring_choices(c: Characteristic) -> Vec<(u8, &'static str)> {
    let labels = c.categories();
    let mut out: Vec<(u8, &'static str)> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (i as u8, *l))
        .filter(|&(code, _)| code != c.not_known())
        .filter(|&(code, _)| {
            !(c == Characteristic::Sex && code > classify::MALE && c.is_disclosed(code))
        })
        .map(|(code, l)| match (c, code) {
            (Characteristic::Disability, classify::DISABLED) => (code, "Yes, a lot or a little"),
            (Characteristic::Disability, classify::NOT_DISABLED) => (code, "No"),
            _ => (code, l),
        })
        .collect();
    if c.prefer_not_to_say().is_none() {
        // Age has no "Prefer not to say" of its own: declining is counted as not known.
        out.push((c.not_known(), classify::PREFER_NOT_TO_SAY));
    }
    out
}

/// The name of a characteristic's field on the response form.
pub fn monitoring_field(c: Characteristic) -> String {
    format!("monitoring_{}", c.key())
}

/// The name of a question's field on the response form.
pub fn answer_field(key: &str) -> String {
    format!("answer_{key}")
}

/// A response as it arrives, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseInput {
    pub answers: Answers,
    pub respondent: Respondent,
    pub monitoring: Vec<MonitoringAnswer>,
}

/// Reads a response form: `one(field)` gives a field's value, `all(field)` every value sent
/// under it (checkboxes). Every problem is reported at once, with the question it is about.
pub fn read(
    consultation: &ConsultationFields,
    one: &dyn Fn(&str) -> String,
    all: &dyn Fn(&str) -> Vec<String>,
) -> Result<ResponseInput, ValidationErrors> {
    let mut e = ValidationErrors::new();
    let mut answers = Answers::new();
    for (n, q) in consultation.questions.iter().enumerate() {
        if let Some(answer) = read_answer(q, n, one, all, &mut e) {
            answers.insert(q.key.clone(), answer);
        }
    }
    let respondent = Respondent {
        name: validate::optional(&mut e, "name", "your name", &one("name"), SHORT_TEXT),
        email: email(&mut e, &one("email")),
        organisation: validate::optional(
            &mut e,
            "organisation",
            "the organisation's name",
            &one("organisation"),
            SHORT_TEXT,
        ),
    };
    let mut monitoring = Vec::new();
    if consultation.ask_monitoring {
        for c in MONITORED {
            let field = monitoring_field(c);
            let v = one(&field);
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match v.parse::<u8>() {
                Ok(code) if monitoring_choices(c).iter().any(|&(k, _)| k == code) => {
                    monitoring.push((c, code))
                }
                _ => e.add(&field, "Select an answer from the list, or leave it"),
            }
        }
    }
    if answers.is_empty() && e.is_empty() {
        e.add(
            consultation
                .questions
                .first()
                .map(|q| answer_field(&q.key))
                .as_deref()
                .unwrap_or("answers"),
            "Answer at least one question",
        );
    }
    e.finish(ResponseInput {
        answers,
        respondent,
        monitoring,
    })
}

/// Reads one question's answer (the `n`th, counted from 0), adding any problem to `e`.
fn read_answer(
    q: &super::Question,
    n: usize,
    one: &dyn Fn(&str) -> String,
    all: &dyn Fn(&str) -> Vec<String>,
    e: &mut ValidationErrors,
) -> Option<Vec<String>> {
    let field = answer_field(&q.key);
    let what = format!("question {}", n + 1);
    // Every value sent is read, so two answers to a one-answer question are refused rather
    // than one of them kept silently.
    let given: Vec<String> = match q.kind {
        k if k.is_closed() => all(&field)
            .into_iter()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect(),
        _ => {
            let v = one(&field);
            let v = v.trim();
            if validate::visible(v) {
                vec![v.to_string()]
            } else {
                Vec::new()
            }
        }
    };
    if given.is_empty() {
        if q.required {
            let verb = if q.kind.is_closed() {
                "Select"
            } else {
                "Enter"
            };
            e.add(&field, format!("{verb} an answer to {what}"));
        }
        return None;
    }
    if q.kind.is_closed() {
        let choices = q.choices();
        let mut chosen = Vec::new();
        for v in given {
            if !choices.contains(&v.as_str()) {
                e.add(&field, format!("Select an answer to {what} from the list"));
                break;
            }
            if !chosen.contains(&v) {
                chosen.push(v);
            }
        }
        if chosen.len() > 1 && q.kind != QuestionKind::Checkboxes {
            e.add(&field, format!("Select one answer to {what}"));
        }
        Some(chosen)
    } else {
        let max = if q.kind == QuestionKind::LongText {
            LONG_ANSWER
        } else {
            SHORT_ANSWER
        };
        let text = validate::required(e, &field, &format!("your answer to {what}"), &given[0], max);
        Some(vec![text])
    }
}

/// Checks the answer to one question alone (the `n`th, from 0), as a form with one question a
/// page does before moving on.
pub fn check_question(
    consultation: &ConsultationFields,
    n: usize,
    one: &dyn Fn(&str) -> String,
    all: &dyn Fn(&str) -> Vec<String>,
) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    if let Some(q) = consultation.questions.get(n) {
        read_answer(q, n, one, all, &mut e);
    }
    e.finish(())
}

fn email(e: &mut ValidationErrors, raw: &str) -> Option<String> {
    let v = validate::optional(e, "email", "your email address", raw, 254)?;
    let ok = v
        .split_once('@')
        .is_some_and(|(a, d)| !a.is_empty() && d.contains('.') && !d.starts_with('.'))
        && !v.chars().any(char::is_whitespace);
    if !ok {
        e.add(
            "email",
            "Enter an email address in the correct format, like name@example.com",
        );
        return None;
    }
    Some(v)
}

/// A stored response. Its monitoring answers are not here: they are kept apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ConsultationResponse {
    pub id: i64,
    pub consultation_id: i64,
    /// What the respondent is given to quote: `R` and the id's letters.
    pub reference: String,
    pub channel: Channel,
    pub answers: Answers,
    /// Seconds since 1970, UTC.
    pub received_at: i64,
    /// Who keyed it in, for paper, email and imported responses.
    #[serde(default)]
    pub keyed_by: Option<String>,
    /// Why it is held back from the counts (a likely robot, the same answers sent again),
    /// or `None` when it counts. Held responses are kept, so nothing genuine is lost.
    #[serde(default)]
    pub held: Option<String>,
}

/// What the store is asked to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewResponse {
    pub input: ResponseInput,
    pub channel: Channel,
    /// The form's one-time key: the same form sent twice is one response.
    pub submission_key: String,
    /// A keyed hash of the sender's address, for the rate limit (never the address itself).
    pub address_hash: Option<String>,
    /// A hash of the answers, to spot the same answers sent again.
    pub content_hash: String,
    /// The hidden field people never see was filled in: most likely a robot.
    pub honeypot: bool,
    pub keyed_by_user: Option<i64>,
    pub received_at: i64,
    /// When the respondent's contact details are deleted (seconds since 1970).
    pub personal_until: i64,
}

/// Whether `consultation` takes responses from the public today.
pub fn takes_public_responses(c: &Consultation, today: jiff::civil::Date) -> bool {
    c.fields.stage(today) == super::Stage::Open
}

/// The words a receipt shows for each answer, in question order.
pub fn receipt_lines(c: &ConsultationFields, answers: &Answers) -> Vec<(String, String)> {
    c.questions
        .iter()
        .map(|q| {
            let a = answers
                .get(&q.key)
                .map(|v| v.join("; "))
                .unwrap_or_else(|| "Not answered".to_string());
            (q.text.clone(), a)
        })
        .collect()
}

/// A response's reference from its id: letters and digits people can read out, without the
/// ones that look alike.
pub fn reference(id: i64) -> String {
    const LETTERS: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    // Multiplying by an odd number is one-to-one on 40 bits, so no two ids share a reference,
    // and consecutive ids do not look like a count of responses.
    let mut n = (id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) & ((1 << 40) - 1);
    let mut out = String::from("R");
    for _ in 0..8 {
        out.push(LETTERS[(n % 32) as usize] as char);
        n /= 32;
    }
    out
}

/// How many responses one connection may send to one consultation in an hour. A household or
/// a library shares a connection, so this is generous; past it, the form is shown again with
/// the answers kept, and the person is asked to send it later.
pub const PER_ADDRESS_PER_HOUR: u64 = 20;

/// What became of a response sent to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// Kept (counted, or held with the reason).
    Kept(ConsultationResponse),
    /// The same form was sent before: this is the response it made.
    Again(ConsultationResponse),
    /// Too many from this connection in the last hour; nothing was kept.
    TooMany,
}

/// The equality monitoring answers of a consultation's counted responses, only ever counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonitoringCounts {
    /// Counted responses (held ones are left out).
    pub respondents: u64,
    /// (characteristic, census code, how many).
    pub counts: Vec<(Characteristic, u8, u64)>,
}

impl MonitoringCounts {
    /// Each counted respondent's code for `c` (`None` for no answer), in no order: the shape
    /// the reach comparison takes.
    pub fn codes(&self, c: Characteristic) -> Vec<Option<u8>> {
        let mut out: Vec<Option<u8>> = Vec::new();
        for &(_, code, n) in self.counts.iter().filter(|(k, _, _)| *k == c) {
            out.extend(std::iter::repeat_n(Some(code), n as usize));
        }
        let missing = (self.respondents as usize).saturating_sub(out.len());
        out.extend(std::iter::repeat_n(None, missing));
        out
    }
}

pub fn characteristic_from_key(key: &str) -> Option<Characteristic> {
    MONITORED.into_iter().find(|c| c.key() == key)
}
