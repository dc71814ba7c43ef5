//! Lead officers: the initials, names and job titles written in a plan's lead cells, and the key
//! that says who each set of initials is ("JB – Jane Bloggs; KP – …", "AB = Alice Brown", a
//! table or a "Key" sheet), and the glossary beside it.

use super::cells::{MERGED, after_prefix, is_initials};
use super::{Lines, Warning};

/// Words of a job title rather than a name.
const TITLE_WORDS: [&str; 34] = [
    "clerk",
    "head",
    "director",
    "manager",
    "officer",
    "lead",
    "chief",
    "coordinator",
    "co-ordinator",
    "adviser",
    "advisor",
    "team",
    "service",
    "services",
    "assistant",
    "executive",
    "hr",
    "policy",
    "equality",
    "board",
    "group",
    "partnership",
    "unit",
    "commissioner",
    "superintendent",
    "chancellor",
    "vice-chancellor",
    "dean",
    "registrar",
    "professor",
    "education",
    "estates",
    "midwifery",
    "nursing",
];

/// A person's name: two to four capitalised words, none of them a job title's.
fn is_name(part: &str) -> bool {
    let words: Vec<&str> = part.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && !is_title(part)
        && words
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_uppercase()))
}

/// "Group Manager Kay Hill": the name after a post written before it.
fn without_post(part: &str) -> String {
    let words: Vec<&str> = part.split_whitespace().collect();
    let name = words
        .iter()
        .rposition(|w| is_title(w))
        .map(|last| words[last + 1..].join(" "))
        .filter(|rest| is_name(rest));
    name.unwrap_or_else(|| part.to_string())
}

/// "Priya Shah, Head of Midwifery" or "Head of HR – Jane Bloggs": the name, where one is given.
pub fn name_in(text: &str) -> &str {
    let text = text.trim();
    let parts: Vec<&str> = text
        .split([',', '–', '—'])
        .flat_map(|p| p.split(" - "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() > 1
        && let Some(name) = parts.iter().find(|p| is_name(p))
    {
        return name;
    }
    text
}

fn is_title(part: &str) -> bool {
    part.split_whitespace()
        .any(|w| TITLE_WORDS.contains(&w.to_lowercase().trim_matches(',')))
}

/// Lead officers named in a lead column: initials as they are, names (and posts) given initials
/// so the plan's key can name them.
#[derive(Default)]
pub struct Key {
    pub derived: Vec<(String, String)>,
}

impl Key {
    /// The initials for each person a lead cell names.
    pub fn initials_for(
        &mut self,
        cell: &str,
        place: &str,
        notes: &mut Vec<Warning>,
    ) -> Vec<String> {
        if cell == MERGED {
            return Vec::new();
        }
        let mut people: Vec<String> = Vec::new();
        for part in cell
            .split(['/', ',', ';', '&', '\n'])
            .flat_map(|p| p.split(" and "))
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            // "Jane Bloggs (Head of HR)" and "Head of HR – Jane Bloggs": the name, not the post.
            let part = match part.split_once('(') {
                Some((name, _)) if !name.trim().is_empty() => name.trim(),
                _ => part,
            };
            let part = without_post(name_in(part));
            let part = part.as_str();
            // "Jane Bloggs, Head of HR": a post after a name belongs to it.
            if is_title(part) && !people.is_empty() && !is_initials(part) {
                continue;
            }
            // "Town Clerk, Pat Moss": a name after a post is the post's holder.
            if let Some(last) = people.last_mut()
                && is_title(last)
                && is_name(part)
            {
                *last = part.to_string();
                continue;
            }
            people.push(part.to_string());
        }
        people
            .iter()
            .filter_map(|part| self.initials(part, place, notes))
            .collect()
    }

    fn initials(&mut self, part: &str, place: &str, notes: &mut Vec<Warning>) -> Option<String> {
        if is_initials(part) {
            return Some(part.to_string());
        }
        if let Some((i, _)) = self.derived.iter().find(|(_, n)| n == part) {
            return Some(i.clone());
        }
        let words: Vec<&str> = part
            .split_whitespace()
            .filter(|w| !matches!(*w, "of" | "and" | "for" | "the"))
            .collect();
        let base: String = words
            .iter()
            .filter_map(|w| w.chars().find(char::is_ascii_alphabetic))
            .map(|c| c.to_ascii_uppercase())
            .take(4)
            .collect();
        let surname: Vec<char> = words
            .last()
            .map(|w| {
                w.chars()
                    .filter(char::is_ascii_alphabetic)
                    .skip(1)
                    .collect()
            })
            .unwrap_or_default();
        let free = |i: &str| !self.derived.iter().any(|(d, _)| d == i);
        let mut candidate = base.clone();
        let mut extra = surname.iter();
        while !candidate.is_empty() && !free(&candidate) && candidate.len() < 4 {
            match extra.next() {
                Some(c) => candidate.push(c.to_ascii_uppercase()),
                None => break,
            }
        }
        if candidate.is_empty() || !free(&candidate) {
            notes.push(Warning {
                line: 0,
                at: place.to_string(),
                message: format!(
                    "The lead officer '{part}' could not be told apart from another with the same initials; check the leads of this row"
                ),
            });
            return None;
        }
        self.derived.push((candidate.clone(), part.to_string()));
        Some(candidate)
    }
}

/// "JB – Jane Bloggs", "AB = Alice Brown", "KP: Kim Patel".
pub fn split_entry(entry: &str) -> Option<(String, String)> {
    let at = entry.find(['–', '—', '-', '=', ':'])?;
    let len = entry[at..].chars().next().map_or(1, char::len_utf8);
    let (term, meaning) = (entry[..at].trim(), entry[at + len..].trim());
    (!term.is_empty() && !meaning.is_empty()).then(|| (term.to_string(), meaning.to_string()))
}

#[derive(Clone, Copy, PartialEq)]
enum Section {
    None,
    Key,
    Glossary,
}

fn section_of(text: &str) -> Option<(Section, &str)> {
    let t = text.trim();
    let (section, rest) = [
        ("lead officers for actions", Section::Key),
        ("lead officers key", Section::Key),
        ("lead officer key", Section::Key),
        ("key to lead officers", Section::Key),
        ("key to leads", Section::Key),
        ("lead officers", Section::Key),
        ("key to initials", Section::Key),
        ("key", Section::Key),
        ("glossary of terms", Section::Glossary),
        ("glossary", Section::Glossary),
        ("abbreviations", Section::Glossary),
        ("acronyms", Section::Glossary),
    ]
    .iter()
    .find_map(|(w, s)| {
        let rest = after_prefix(t, w)?;
        rest.trim_start()
            .chars()
            .next()
            .is_none_or(|c| matches!(c, ':' | '\t' | '–' | '-' | '('))
            .then_some((*s, rest))
    })?;
    Some((section, rest.trim_start_matches([':', '\t', '–', '-', ' '])))
}

/// The key (initials and names), the glossary (terms and meanings), and where the key was.
pub type KeyAndGlossary = (Vec<(String, String)>, Vec<(String, String)>, Option<String>);

/// Reads the key and glossary from the lines outside the plan's tables. Lines under a "Key" or
/// "Lead officers" heading, or on a sheet so named, are the key; under "Glossary" or
/// "Abbreviations", the glossary. Elsewhere a line is taken as key entries only when each entry's
/// initials are those of its name ("JB – Jane Bloggs").
pub fn key_and_glossary(input: &Lines, rest: &[usize], derived: &Key) -> KeyAndGlossary {
    let mut key: Vec<(String, String)> = Vec::new();
    let mut glossary = Vec::new();
    let mut source = None;
    let mut section = Section::None;
    let mut last_sheet = String::new();
    for &i in rest {
        let place = input.places.get(i).map_or("", String::as_str);
        let sheet = place.split(", row").next().unwrap_or("").to_lowercase();
        if sheet != last_sheet {
            last_sheet.clone_from(&sheet);
            if sheet.starts_with("sheet ") {
                section = if sheet.contains("glossary") || sheet.contains("abbreviation") {
                    Section::Glossary
                } else if ["key", "lead", "officer"].iter().any(|w| sheet.contains(w)) {
                    Section::Key
                } else {
                    Section::None
                };
            }
        }
        let raw = &input.lines[i];
        let cells: Vec<&str> = raw
            .split('\t')
            .map(str::trim)
            .filter(|c| !c.is_empty() && *c != MERGED)
            .collect();
        let line = cells.join(" – ");
        let mut text = line.as_str();
        if let Some((s, after)) = section_of(&line) {
            section = s;
            text = after;
            if text.is_empty() {
                continue;
            }
        }
        let entries: Vec<(String, String)> = text
            .split(';')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .filter_map(split_entry)
            .collect();
        match section {
            Section::Glossary => glossary.extend(entries),
            Section::Key | Section::None => {
                let people: Vec<(String, String)> = entries
                    .into_iter()
                    .filter(|(i, _)| is_initials(i))
                    .collect();
                let own = |(i, n): &(String, String)| {
                    let first: String = n
                        .split_whitespace()
                        .filter_map(|w| w.chars().next())
                        .filter(char::is_ascii_uppercase)
                        .collect();
                    first.starts_with(&i[..1]) && i.chars().all(|c| first.contains(c))
                };
                if section == Section::Key || (!people.is_empty() && people.iter().all(own)) {
                    if !people.is_empty() {
                        source.get_or_insert_with(|| place.to_string());
                    }
                    for (i, n) in people {
                        let p = (i, name_in(&n).to_string());
                        if !key.iter().any(|(k, _)| *k == p.0) {
                            key.push(p);
                        }
                    }
                }
            }
        }
    }
    for (i, n) in &derived.derived {
        if !key.iter().any(|(k, _)| k == i) {
            key.push((i.clone(), n.clone()));
        }
    }
    (key, glossary, source)
}
