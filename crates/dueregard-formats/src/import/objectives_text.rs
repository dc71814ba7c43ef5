//! Equality objectives listed in report text: "The proposed equality priorities are:" followed
//! by bullets (seed 000), "The proposed new Equality Objectives are :" (seed 003), and each
//! objective's "Action will include:" bullets further on (seed 003). Bullets broken across lines
//! or pages are joined; the trailing ";", "; and" or "." of a list item is dropped.

use super::Warning;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedObjectives {
    pub objectives: Vec<ImportedEqualityObjective>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedEqualityObjective {
    pub title: String,
    pub line: usize,
    /// The heading over its actions, where the report words the objective again.
    pub heading: Option<String>,
    pub actions: Vec<String>,
}

const BULLETS: [char; 6] = ['•', '·', '●', '▪', '-', '*'];

fn bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let first = t.chars().next()?;
    BULLETS
        .contains(&first)
        .then(|| t[first.len_utf8()..].trim())
}

/// A new numbered paragraph ("2.5 It is envisaged", "8 These three") ends a list.
fn numbered_paragraph(line: &str) -> bool {
    let t = line.trim_start();
    let head: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    !head.is_empty()
        && head.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t[head.len()..].starts_with([' ', '\t'])
}

fn is_list_intro(line: &str) -> bool {
    let l = line.to_lowercase();
    (l.contains("objectives are") || l.contains("priorities are")) && l.trim_end().ends_with(':')
        || l.contains("objectives are :")
        || l.contains("priorities are :")
}

fn is_actions_intro(line: &str) -> bool {
    let l = line.trim().to_lowercase();
    l.starts_with("action will include")
        || l.starts_with("actions will include")
        || l.starts_with("to achieve this, we will")
}

fn tidy(item: &str) -> String {
    let mut s = item.split_whitespace().collect::<Vec<_>>().join(" ");
    for end in ["; and", ";", "."] {
        if let Some(stripped) = s.strip_suffix(end) {
            s = stripped.trim_end().to_string();
            break;
        }
    }
    s
}

/// Collects the bullets that start at `from`, joining lines that continue an item.
/// Returns the items with their line numbers, and the line after the list.
fn bullets_from(lines: &[&str], from: usize) -> (Vec<(String, usize)>, usize) {
    let mut items: Vec<(String, usize)> = Vec::new();
    let mut i = from;
    while i < lines.len() {
        let line = lines[i];
        if let Some(text) = bullet(line) {
            items.push((text.to_string(), i + 1));
        } else if line.trim().is_empty() {
            // Blank lines and page breaks happen inside lists.
        } else if numbered_paragraph(line) || is_actions_intro(line) || items.is_empty() {
            break;
        } else if let Some((last, _)) = items.last_mut() {
            // Only lower-case or continuing words carry on an item; a capitalised line after a
            // finished item is a new heading.
            let finished =
                last.trim_end().ends_with(['.', ';']) || last.trim_end().ends_with("; and");
            if finished && line.trim_start().starts_with(|c: char| c.is_uppercase()) {
                break;
            }
            last.push(' ');
            last.push_str(line.trim());
        }
        i += 1;
    }
    (items.into_iter().map(|(t, l)| (tidy(&t), l)).collect(), i)
}

pub fn parse(text: &str) -> ImportedObjectives {
    let lines: Vec<&str> = text.lines().collect();
    parse_lines(&lines)
}

/// As `parse`, on the paragraphs a document reader made.
pub fn parse_lines(lines: &[&str]) -> ImportedObjectives {
    let mut warnings = Vec::new();
    let mut objectives: Vec<ImportedEqualityObjective> = Vec::new();
    let Some(intro) = lines.iter().position(|l| is_list_intro(l)) else {
        warnings.push(Warning::new(1, "No list of objectives was found: look for a line like 'The proposed equality objectives are:' followed by bullets"));
        return ImportedObjectives {
            objectives,
            warnings,
        };
    };
    let (items, mut i) = bullets_from(lines, intro + 1);
    if items.is_empty() {
        warnings.push(Warning::new(
            intro + 1,
            "The list of objectives has no bullets under it",
        ));
    }
    objectives.extend(
        items
            .into_iter()
            .map(|(title, line)| ImportedEqualityObjective {
                title,
                line,
                heading: None,
                actions: Vec::new(),
            }),
    );

    // "Action will include:" blocks follow, in the same order as the objectives.
    let mut next = 0;
    while i < lines.len() {
        if is_actions_intro(lines[i]) {
            let heading = lines[..i]
                .iter()
                .rev()
                .map(|l| l.trim())
                .find(|l| !l.is_empty())
                .map(str::to_string);
            let (actions, after) = bullets_from(lines, i + 1);
            match objectives.get_mut(next) {
                Some(o) => {
                    o.heading = heading;
                    o.actions = actions.into_iter().map(|(a, _)| a).collect();
                }
                None => warnings.push(Warning::new(i + 1, "There are more 'Action will include' lists than objectives; this one was not placed")),
            }
            next += 1;
            i = after.max(i + 1);
        } else {
            i += 1;
        }
    }
    ImportedObjectives {
        objectives,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_join_across_lines_and_lose_their_list_punctuation() {
        let text = "2.4 The proposed equality priorities are:\n\n• Respect and value staff so that they are\n\ntreated with dignity; \n• Engage effectively; and\n\n2.5 Next paragraph\n";
        let got = parse(text);
        let titles: Vec<&str> = got.objectives.iter().map(|o| o.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Respect and value staff so that they are treated with dignity",
                "Engage effectively"
            ]
        );
        assert_eq!(got.objectives[0].line, 3);
        assert!(
            parse("Dear resident,\nthanks.").warnings[0]
                .message
                .contains("No list of objectives")
        );
    }
}
