//! Plans written as paragraphs rather than a table: "Objective HS1: …" headings, actions under
//! them as "a) …", "1. …" or bullets, and each action's details on a line of labelled parts
//! ("Lead: PS - By September 2025 - Outcome: …"). Read into the same normal form as a table.

use super::cells;
use super::layout::Normalised;
use super::leads::Key;
use super::{Decision, Lines};

#[derive(Default)]
struct Action {
    number: Option<i64>,
    text: String,
    lead: String,
    target: String,
    outcome: String,
    at: usize,
}

struct Objective {
    code: String,
    title: String,
    lead: String,
    at: usize,
    actions: Vec<Action>,
}

/// A labelled part: "Lead: PS", "By September 2025", "Target date: …", "Outcome: …".
fn labelled(part: &str) -> Option<(&'static str, String)> {
    let p = part.trim();
    const LABELS: [(&str, &str); 16] = [
        ("lead officers", "lead"),
        ("lead officer", "lead"),
        ("leads", "lead"),
        ("lead", "lead"),
        ("responsible", "lead"),
        ("owner", "lead"),
        ("target date", "target"),
        ("target", "target"),
        ("timescale", "target"),
        ("deadline", "target"),
        ("when", "target"),
        ("outcome", "outcome"),
        ("success measure", "outcome"),
        ("measure", "outcome"),
        ("indicator", "outcome"),
        ("by", "target"),
    ];
    for (label, field) in LABELS {
        let Some(rest) = cells::after_prefix(p, label) else {
            continue;
        };
        let value = rest.trim_start();
        if label == "by" {
            // "By September 2025" is itself the target, as people write it.
            return (rest.starts_with(' ') && cells::looks_like_date(p))
                .then(|| (field, p.to_string()));
        }
        if let Some(v) = value.strip_prefix([':', '=']) {
            return Some((field, v.trim().trim_end_matches('.').to_string()));
        }
    }
    None
}

/// The labelled parts of a details line, if it is one.
fn details(line: &str) -> Option<Vec<(&'static str, String)>> {
    let mut parts: Vec<String> = Vec::new();
    for part in line
        .split([';', '|'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" – "))
    {
        // "Lead officer: Pat Moss. Target: April 2024.": a sentence ends before a label, but
        // not inside a name such as "J. Smith".
        for (n, sentence) in part.split(". ").enumerate() {
            match parts.last_mut() {
                Some(last) if n > 0 && labelled(sentence).is_none() => {
                    last.push_str(". ");
                    last.push_str(sentence);
                }
                _ => parts.push(sentence.to_string()),
            }
        }
    }
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    let read: Vec<(&'static str, String)> = parts.iter().filter_map(|p| labelled(p)).collect();
    (!read.is_empty() && read.len() == parts.len()).then_some(read)
}

fn objective_heading(line: &str) -> Option<(String, String)> {
    let lower = line.trim().to_lowercase();
    let worded = [
        "objective",
        "equality objective",
        "outcome",
        "equality outcome",
        "goal",
    ]
    .iter()
    .any(|w| lower.starts_with(w));
    let (code, title) = cells::objective_code(line)?;
    let lettered = code.chars().any(|c| c.is_ascii_uppercase());
    (worded || lettered).then_some((code, title))
}

pub fn read(input: &Lines, paragraphs: &[usize]) -> Option<Normalised> {
    let mut objectives: Vec<Objective> = Vec::new();
    let mut priorities: Vec<(usize, String, usize)> = Vec::new();
    let mut used = vec![false; input.lines.len()];
    let mut first = None;
    for &i in paragraphs {
        let line = input.lines[i].trim();
        if let Some((code, title)) = cells::objective_code(line).filter(|_| {
            let l = line.to_lowercase();
            l.starts_with("priority") || l.starts_with("theme")
        }) {
            priorities.push((objectives.len(), format!("Priority {code}. {title}"), i));
            first.get_or_insert(i);
            used[i] = true;
            continue;
        }
        if let Some((code, title)) = objective_heading(line) {
            objectives.push(Objective {
                code,
                title,
                lead: String::new(),
                at: i,
                actions: Vec::new(),
            });
            first.get_or_insert(i);
            used[i] = true;
            continue;
        }
        let Some(objective) = objectives.last_mut() else {
            continue;
        };
        if let Some(parts) = details(line) {
            used[i] = true;
            match objective.actions.last_mut() {
                // Details before any action are the objective's: its lead.
                None => {
                    if let Some((_, lead)) = parts.into_iter().find(|(f, _)| *f == "lead") {
                        objective.lead = lead;
                    }
                }
                Some(action) => {
                    for (field, value) in parts {
                        let slot = match field {
                            "lead" => &mut action.lead,
                            "target" => &mut action.target,
                            _ => &mut action.outcome,
                        };
                        if !slot.is_empty() {
                            slot.push_str("; ");
                        }
                        slot.push_str(&value);
                    }
                }
            }
            continue;
        }
        if let Some((number, rest)) = cells::numbering(line) {
            used[i] = true;
            objective.actions.push(Action {
                number,
                text: rest.to_string(),
                at: i,
                ..Action::default()
            });
            continue;
        }
        // Words that carry on an action over a line.
        if let Some(action) = objective.actions.last_mut()
            && line.starts_with(|c: char| c.is_lowercase())
        {
            used[i] = true;
            action.text.push(' ');
            action.text.push_str(line);
        }
    }
    if !objectives.iter().any(|o| !o.actions.is_empty()) {
        return None;
    }
    let first = first?;
    let mut out = Normalised::default();

    for &p in paragraphs.iter().filter(|p| **p < first) {
        out.push(input.lines[p].clone(), input, p);
    }
    out.push(
        "Objective\tDetailed action\tTarget date\tPlanned outcome\tLead officer".into(),
        input,
        first,
    );
    let mut key = Key::default();
    let mut notes = Vec::new();
    for (n, o) in objectives.iter().enumerate() {
        for (_, line, at) in priorities.iter().filter(|(before, _, _)| *before == n) {
            out.push(line.clone(), input, *at);
        }
        let place = input.places.get(o.at).cloned().unwrap_or_default();
        out.objective_reasons.push((
            out.lines.lines.len(),
            format!("the heading '{} …' (code {})", o.code, o.code),
        ));
        let objective_leads = key.initials_for(&o.lead, &place, &mut notes).join("/");
        if o.actions.is_empty() {
            out.push(
                format!("{}. {}\t\t\t\t{objective_leads}", o.code, o.title),
                input,
                o.at,
            );
        }
        for (k, a) in o.actions.iter().enumerate() {
            let cell = if k == 0 {
                format!("{}. {}", o.code, o.title)
            } else {
                String::new()
            };
            let text = match a.number {
                Some(n) => format!("({n}) {}", a.text),
                None => a.text.clone(),
            };
            let place = input.places.get(a.at).cloned().unwrap_or_default();
            let lead = if a.lead.is_empty() {
                objective_leads.clone()
            } else {
                key.initials_for(&a.lead, &place, &mut notes).join("/")
            };
            out.push(
                format!("{cell}\t{text}\t{}\t{}\t{lead}", a.target, a.outcome),
                input,
                a.at,
            );
        }
    }
    let rest: Vec<usize> = (0..input.lines.len())
        .filter(|i| !used[*i] && *i > first)
        .collect();
    out.push_key_and_glossary(input, &rest, &key, first);
    out.lines.notes = input.notes.clone();
    out.lines.notes.extend(notes);
    out.decisions.push(Decision {
        at: input.places.get(first).cloned().unwrap_or_default(),
        what: format!(
            "The plan was read from its paragraphs: {} objectives",
            objectives.len()
        ),
        why: "the document has no plan table; objectives are headings with a code, actions are numbered, lettered or bulleted lines under them, and their details are lines of labelled parts such as 'Lead:' and 'Outcome:'".into(),
    });
    Some(out)
}
