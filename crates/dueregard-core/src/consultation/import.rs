//! Responses exported from another survey tool (a CSV file): which column holds what, guessed
//! from the headings and then set by a person, and every row read as the response form would
//! read it. Monitoring answers are read with the same classification as HR extracts, so "Asian
//! or Asian British: Indian", "WBRI" and "Indian" are one census category.

use super::ConsultationFields;
use super::response::{self, MONITORED, ResponseInput, answer_field, monitoring_field};
use crate::validate::ValidationErrors;
use dueregard_stats::classify::{self, Characteristic};
use std::collections::HashMap;

/// The most rows one file brings in.
pub const MAX_ROWS: usize = 20_000;

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Ignore,
    /// The answer to the question with this key.
    Answer(String),
    Name,
    Email,
    Organisation,
    Monitoring(Characteristic),
}

impl Target {
    /// As a form value: `ignore`, `answer:q3`, `name`, `email`, `organisation`,
    /// `monitoring:ethnicity`.
    pub fn key(&self) -> String {
        match self {
            Target::Ignore => "ignore".into(),
            Target::Answer(k) => format!("answer:{k}"),
            Target::Name => "name".into(),
            Target::Email => "email".into(),
            Target::Organisation => "organisation".into(),
            Target::Monitoring(c) => format!("monitoring:{}", c.key()),
        }
    }

    pub fn from_key(key: &str, c: &ConsultationFields) -> Option<Target> {
        match key {
            "ignore" => Some(Target::Ignore),
            "name" => Some(Target::Name),
            "email" => Some(Target::Email),
            "organisation" => Some(Target::Organisation),
            _ => {
                if let Some(q) = key.strip_prefix("answer:") {
                    c.question(q).map(|q| Target::Answer(q.key.clone()))
                } else {
                    key.strip_prefix("monitoring:")
                        .and_then(response::characteristic_from_key)
                        .map(Target::Monitoring)
                }
            }
        }
    }

    /// Every target a column may have, with its words, for the mapping form.
    pub fn choices(c: &ConsultationFields) -> Vec<(String, String)> {
        let mut out = vec![("ignore".to_string(), "Not used".to_string())];
        for (n, q) in c.questions.iter().enumerate() {
            out.push((
                Target::Answer(q.key.clone()).key(),
                format!("Question {}: {}", n + 1, q.text),
            ));
        }
        out.push(("name".into(), "The respondent's name".into()));
        out.push(("email".into(), "Their email address".into()));
        out.push((
            "organisation".into(),
            "The organisation they respond for".into(),
        ));
        for ch in MONITORED {
            out.push((
                Target::Monitoring(ch).key(),
                format!("Equality monitoring: {}", ch.label().to_lowercase()),
            ));
        }
        out
    }
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .map(str::to_lowercase)
        .collect()
}

/// A first guess at each column's target from its heading: a question whose words the heading
/// mostly shares, or "Q3"/"Question 3"; the contact fields; the monitoring questions.
pub fn guess(headings: &[String], c: &ConsultationFields) -> Vec<Target> {
    let mut used: Vec<Target> = Vec::new();
    headings
        .iter()
        .map(|h| {
            let lower = h.trim().to_lowercase();
            let number = lower
                .trim_start_matches("question")
                .trim_start_matches('q')
                .trim()
                .trim_end_matches(['.', ':'])
                .parse::<usize>()
                .ok()
                .filter(|_| lower.starts_with('q'));
            let has = |w: &str| words(&lower).iter().any(|x| x.starts_with(w));
            let target = if let Some(q) = number.and_then(|n| c.questions.get(n.wrapping_sub(1))) {
                Target::Answer(q.key.clone())
            } else if has("email") || lower.contains("e-mail") {
                Target::Email
            } else if has("organisation") || has("organization") || has("behalf") {
                Target::Organisation
            } else if lower == "name"
                || has("fullname")
                || lower.ends_with(" name") && !has("organ")
            {
                Target::Name
            } else if let Some(ch) = monitoring_heading(&lower) {
                Target::Monitoring(ch)
            } else {
                best_question(&lower, c).unwrap_or(Target::Ignore)
            };
            if target != Target::Ignore && used.contains(&target) {
                return Target::Ignore;
            }
            used.push(target.clone());
            target
        })
        .collect()
}

fn monitoring_heading(lower: &str) -> Option<Characteristic> {
    let has = |w: &str| lower.contains(w);
    if has("sexual orientation") || has("sexuality") {
        Some(Characteristic::SexualOrientation)
    } else if has("ethnic") {
        Some(Characteristic::Ethnicity)
    } else if has("disab") || has("day-to-day") || has("health condition") {
        Some(Characteristic::Disability)
    } else if has("religion") || has("faith") || has("belief") {
        Some(Characteristic::Religion)
    } else if lower == "sex" || has("your sex") || has("gender") && !has("identity") {
        Some(Characteristic::Sex)
    } else if lower == "age" || has("your age") || has("age group") || has("age band") {
        Some(Characteristic::Age)
    } else {
        None
    }
}

fn best_question(lower: &str, c: &ConsultationFields) -> Option<Target> {
    let heading = words(lower);
    if heading.is_empty() {
        return None;
    }
    c.questions
        .iter()
        .map(|q| {
            let of_q = words(&q.text);
            let shared = heading.iter().filter(|w| of_q.contains(w)).count();
            (shared as f64 / heading.len().max(1) as f64, q)
        })
        .filter(|(share, _)| *share >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, q)| Target::Answer(q.key.clone()))
}

/// A monitoring cell as a census code: the HR classification, with ages as numbers or bands.
fn monitoring_code(c: Characteristic, raw: &str) -> Option<u8> {
    let v = raw.trim();
    if c != Characteristic::Age {
        let code = c.parse(v)?;
        return Some(code);
    }
    if v.is_empty() || v.to_lowercase().contains("prefer") {
        return Some(c.not_known());
    }
    if let Ok(years) = v.parse::<i32>() {
        return classify::age_band(years);
    }
    let normal = v
        .to_lowercase()
        .replace(['-', '–'], " to ")
        .replace('+', " and over");
    let normal = normal.split_whitespace().collect::<Vec<_>>().join(" ");
    c.categories()
        .iter()
        .position(|label| label.to_lowercase() == normal)
        .map(|p| p as u8)
}

/// Reads every row with the mapping. Any problem refuses the whole file, naming each row and
/// column (up to 20 of them).
pub fn read_rows(
    headings: &[String],
    rows: &[Vec<String>],
    mapping: &[Target],
    c: &ConsultationFields,
) -> Result<Vec<ResponseInput>, ValidationErrors> {
    let mut e = ValidationErrors::new();
    if rows.len() > MAX_ROWS {
        e.add(
            "file",
            format!(
                "The file has {} rows: bring in {MAX_ROWS} at most at once",
                rows.len()
            ),
        );
        return Err(e);
    }
    if mapping.iter().all(|t| !matches!(t, Target::Answer(_))) {
        e.add(
            "mapping",
            "Choose at least one column that holds answers to a question",
        );
        return Err(e);
    }
    // Monitoring columns are read whether or not the form asks them.
    let mut asked = c.clone();
    asked.ask_monitoring = true;
    let mut out = Vec::new();
    for (n, row) in rows.iter().enumerate() {
        let line = n + 2;
        if row.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let mut fields: HashMap<String, Vec<String>> = HashMap::new();
        let mut problems = ValidationErrors::new();
        for (col, target) in mapping.iter().enumerate() {
            let raw = row.get(col).map(String::as_str).unwrap_or("").trim();
            let heading = headings.get(col).map(String::as_str).unwrap_or("");
            match target {
                Target::Ignore => {}
                Target::Answer(key) => {
                    let Some(q) = c.question(key) else { continue };
                    let values: Vec<String> = if q.kind.is_closed() {
                        closed_values(raw, &q.choices(), q.kind == super::QuestionKind::Checkboxes)
                    } else {
                        vec![raw.to_string()]
                    };
                    fields.entry(answer_field(key)).or_default().extend(values);
                }
                Target::Name => fields.entry("name".into()).or_default().push(raw.into()),
                Target::Email => fields.entry("email".into()).or_default().push(raw.into()),
                Target::Organisation => {
                    fields.entry("organisation".into()).or_default().push(raw.into())
                }
                Target::Monitoring(ch) => match monitoring_code(*ch, raw) {
                    // "Not known" is no answer: only the answers the form offers are kept.
                    Some(code) => {
                        if response::monitoring_choices(*ch).iter().any(|(k, _)| *k == code) {
                            fields
                                .entry(monitoring_field(*ch))
                                .or_default()
                                .push(code.to_string());
                        }
                    }
                    None => problems.add(
                        "file",
                        format!(
                            "Row {line}, column '{heading}': '{raw}' is not a category we recognise for {}",
                            ch.label().to_lowercase()
                        ),
                    ),
                },
            }
        }
        let one = |k: &str| {
            fields
                .get(k)
                .and_then(|v| v.first().cloned())
                .unwrap_or_default()
        };
        let all = |k: &str| fields.get(k).cloned().unwrap_or_default();
        match response::read(&asked, &one, &all) {
            Ok(input) if problems.is_empty() => out.push(input),
            Ok(_) => {}
            Err(found) => {
                for p in found.0 {
                    // Nothing answered is about the row, not a column.
                    let whole_row = p.message.starts_with("Answer at least one");
                    let column = mapping
                        .iter()
                        .position(|t| match t {
                            Target::Answer(k) => answer_field(k) == p.field,
                            Target::Monitoring(ch) => monitoring_field(*ch) == p.field,
                            other => other.key() == p.field,
                        })
                        .and_then(|i| headings.get(i))
                        .filter(|_| !whole_row)
                        .map(|h| format!(", column '{h}'"))
                        .unwrap_or_default();
                    problems.add("file", format!("Row {line}{column}: {}", p.message));
                }
            }
        }
        for p in problems.0 {
            if e.0.len() < 20 {
                e.0.push(p);
            }
        }
    }
    e.finish(out)
}

/// A closed question's cell as its choices: matched without regard to case; several choices in
/// one cell are separated by ";" (or "," where no choice holds one).
fn closed_values(raw: &str, choices: &[&str], many: bool) -> Vec<String> {
    if raw.is_empty() {
        return Vec::new();
    }
    let find = |v: &str| {
        choices
            .iter()
            .find(|c| c.eq_ignore_ascii_case(v.trim()))
            .map(|c| c.to_string())
            .unwrap_or_else(|| v.trim().to_string())
    };
    if !many || choices.iter().any(|c| c.eq_ignore_ascii_case(raw)) {
        return vec![find(raw)];
    }
    let parts: Vec<&str> = if raw.contains(';') || choices.iter().any(|c| c.contains(',')) {
        raw.split(';').collect()
    } else {
        raw.split(',').collect()
    };
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .map(find)
        .collect()
}
