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
    /// Where the objectives were found and how they were recognised, as a `Warning` is placed
    /// (its message says how).
    pub found_by: Option<Warning>,
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

/// A list item: a bullet, or a number or letter marked as one ("1.", "2)", "(b)").
fn bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let first = t.chars().next()?;
    if BULLETS.contains(&first) {
        return Some(t[first.len_utf8()..].trim());
    }
    match super::cells::numbering(t) {
        Some((Some(_), rest)) if !rest.is_empty() => Some(rest.trim()),
        _ => None,
    }
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

/// A sentence that introduces the list: "The proposed equality priorities are:", "the council's
/// equality objectives for 2020–2024 are:", "We are committed to:"; or a short heading such as
/// "Our equality objectives" over the list.
fn is_list_intro(line: &str) -> bool {
    let l = line.trim().to_lowercase();
    if is_actions_intro(&l) || l.contains("measure") {
        return false;
    }
    let names = [
        "objectives",
        "priorities",
        "outcomes",
        "committed to",
        "our aims",
        "goals",
    ]
    .iter()
    .any(|w| l.contains(w));
    names && (l.trim_end().ends_with(':') || is_list_heading(&l))
}

/// A short heading over a list ("Our equality objectives"), as Word's numbered lists sit.
fn is_list_heading(l: &str) -> bool {
    l.split_whitespace().count() <= 8
        && !l.ends_with('.')
        && !l.contains(':')
        && bullet(l).is_none()
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
    // The introduction is followed by the list's first item (blank lines apart).
    // Under a heading rather than a sentence, only bullets (Word's numbered lists are read as
    // bullets): "1. Decision required" under a subject line is the report's next section.
    let first_item = |i: usize| {
        let heading = is_list_heading(&lines[i].trim().to_lowercase());
        lines[i + 1..]
            .iter()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| {
                let bulleted = l.trim_start().starts_with(BULLETS);
                bullet(l).is_some() && (bulleted || !heading)
            })
    };
    let Some(intro) = (0..lines.len()).find(|&i| is_list_intro(lines[i]) && first_item(i)) else {
        let headed = objective_paragraphs(lines);
        if let Some(first) = headed.first() {
            let found_by = Warning::new(
                first.line,
                "Each objective was read from a paragraph headed like 'Objective 1' or 'Outcome 2', with the bullets under its 'What we will do' as its actions",
            );
            return ImportedObjectives {
                objectives: headed,
                warnings,
                found_by: Some(found_by),
            };
        }
        warnings.push(Warning::new(1, "No list of objectives was found: look for a line like 'The proposed equality objectives are:' followed by bullets or numbers, or paragraphs headed 'Objective 1'"));
        return ImportedObjectives {
            objectives,
            warnings,
            found_by: None,
        };
    };
    let found_by = Warning::new(
        intro + 1,
        format!(
            "The objectives are the items of the list under '{}'",
            lines[intro].trim()
        ),
    );
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

    // "Action will include:" blocks follow, in the same order as the objectives. One block
    // under several objectives serves them all, so it is not placed under any one of them.
    let mut blocks = Vec::new();
    while i < lines.len() {
        if is_actions_intro(lines[i]) {
            let heading = lines[..i]
                .iter()
                .rev()
                .map(|l| l.trim())
                .find(|l| !l.is_empty())
                .map(str::to_string);
            let (actions, after) = bullets_from(lines, i + 1);
            blocks.push((i + 1, heading, actions));
            i = after.max(i + 1);
        } else {
            i += 1;
        }
    }
    if blocks.len() == 1 && objectives.len() > 1 {
        warnings.push(Warning::new(
            blocks[0].0,
            "This list of actions serves all the objectives above it, so its actions were not placed under any one of them; add them to the action plan",
        ));
        blocks.clear();
    }
    for (n, (line, heading, actions)) in blocks.into_iter().enumerate() {
        match objectives.get_mut(n) {
            Some(o) => {
                o.heading = heading;
                o.actions = actions.into_iter().map(|(a, _)| a).collect();
            }
            None => warnings.push(Warning::new(line, "There are more 'Action will include' lists than objectives; this one was not placed")),
        }
    }
    ImportedObjectives {
        objectives,
        warnings,
        found_by: Some(found_by),
    }
}

/// Objectives each under a heading of their own: "Objective 1 – Fair pay" or "Outcome 2:" with
/// the title on the next line, followed by supporting text; bullets under a "What we will do" or
/// "Actions" line are its actions.
fn objective_paragraphs(lines: &[&str]) -> Vec<ImportedEqualityObjective> {
    let mut out: Vec<ImportedEqualityObjective> = Vec::new();
    let mut in_actions = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        let lower = line.to_lowercase();
        let worded = [
            "objective",
            "equality objective",
            "outcome",
            "equality outcome",
        ]
        .iter()
        .any(|w| lower.starts_with(w));
        match super::cells::objective_code(line).filter(|_| worded) {
            Some((_, title)) => {
                let (title, line_no) = if title.is_empty() {
                    match (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty()) {
                        Some(j) => {
                            i = j;
                            (lines[j].trim().to_string(), j + 1)
                        }
                        None => break,
                    }
                } else {
                    (title, i + 1)
                };
                out.push(ImportedEqualityObjective {
                    title: tidy(&title),
                    line: line_no,
                    heading: None,
                    actions: Vec::new(),
                });
                in_actions = false;
            }
            None => {
                let starts = ["what we will do", "actions", "how we will", "we will:"];
                if starts.iter().any(|s| lower.starts_with(s)) {
                    in_actions = true;
                } else if let (true, Some(item), Some(o)) =
                    (in_actions, bullet(line), out.last_mut())
                {
                    o.actions.push(tidy(item));
                } else if !line.is_empty() && bullet(line).is_none() {
                    in_actions = false;
                }
            }
        }
        i += 1;
    }
    out
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

    #[test]
    fn numbered_lists_headed_lists_and_objective_paragraphs() {
        let numbered = "The council's equality objectives for 2020–2024 are:\n1. Close the pay gap\n2. Make every service accessible.\n\n3.1 Next we describe…\n";
        let titles =
            |t: &str| -> Vec<String> { parse(t).objectives.into_iter().map(|o| o.title).collect() };
        assert_eq!(
            titles(numbered),
            ["Close the pay gap", "Make every service accessible"]
        );
        let headed = "Introduction\nWe set out our work below.\nOur equality objectives\n• Know our communities\n• Listen to residents\n";
        assert_eq!(
            titles(headed),
            ["Know our communities", "Listen to residents"]
        );
        let paragraphs = "Objective 1 – Fair pay for everyone\nWhy this matters\nThe gap is 9%.\nWhat we will do\n• Publish the gap\n• Review grades\nProtected characteristics: sex\nOutcome 2:\nSafer streets\nWhat we will do\n• Open reporting centres\n";
        let got = parse(paragraphs);
        let titles: Vec<&str> = got.objectives.iter().map(|o| o.title.as_str()).collect();
        assert_eq!(titles, ["Fair pay for everyone", "Safer streets"]);
        assert_eq!(
            got.objectives[0].actions,
            ["Publish the gap", "Review grades"]
        );
        assert_eq!(got.objectives[1].actions, ["Open reporting centres"]);
        assert_eq!(got.found_by.map(|w| w.line), Some(1));
        // A list of other things is not a list of objectives.
        assert!(
            parse("Things we bought:\n• Chairs\n• Tables\n")
                .objectives
                .is_empty()
        );
    }
}
