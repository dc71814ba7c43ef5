//! Action plans as text extracted from a PDF or Word file (seed 004's shape): tab-separated rows
//! under a header row, "Priority N." rows, objective cells with a code and lead initials
//! ("CE6. Ensure … (AW)"), numbered actions "(1) … (SM/JW)", cells broken across page breaks,
//! merged target and outcome cells, a "Lead officers for actions" key and a glossary.

use super::cells::{self, MERGED};
use super::{
    ImportedAction, ImportedObjective, ImportedPlan, ImportedPriority, OutcomeCell, Warning,
};
use dueregard_core::period::FinancialYear;
use dueregard_core::target_date::{Certainty, TargetDate};

/// The priority a plan's objectives are kept under when the plan has no priorities or themes.
pub const IMPLICIT_PRIORITY: &str = "Equality objectives";

/// Reads a plan from text. Never fails: what it cannot place becomes a warning with its line.
pub fn parse(text: &str) -> ImportedPlan {
    parse_for_period(text, None)
}

/// As `parse`, with the plan's financial year given rather than looked for in the document.
pub fn parse_for_period(text: &str, given: Option<FinancialYear>) -> ImportedPlan {
    let lines: Vec<&str> = text.lines().collect();
    parse_lines(&lines, given)
}

/// As `parse_for_period`, on lines a document reader made: table rows with their cells joined by
/// tabs, paragraphs as lines.
pub fn parse_lines(lines: &[&str], given: Option<FinancialYear>) -> ImportedPlan {
    parse_normal_form(lines, given, true)
}

/// As `parse_lines`. Where `empty_is_merged`, an empty target or outcome cell is read as merged
/// with the one above, as text extracted from a PDF cannot say; otherwise only cells marked
/// `cells::MERGED` are.
pub fn parse_normal_form(
    lines: &[&str],
    given: Option<FinancialYear>,
    empty_is_merged: bool,
) -> ImportedPlan {
    let mut warnings = Vec::new();
    let header = lines.iter().position(|l| is_header(l));
    let key_at = lines.iter().position(|l| {
        l.trim()
            .to_lowercase()
            .starts_with("lead officers for actions")
    });
    let glossary_at = lines
        .iter()
        .position(|l| l.trim().eq_ignore_ascii_case("glossary"));
    let table_end = [key_at, glossary_at]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(lines.len());
    let table_start = match header {
        Some(h) => h + 1,
        None => match lines.iter().position(|l| priority_row(l).is_some()) {
            Some(p) => p,
            None => {
                warnings.push(Warning::new(1, "No action plan table was found: there is no header row (Objective, Detailed action …) and no 'Priority 1' row"));
                lines.len()
            }
        },
    };
    let title = header.and_then(|h| {
        lines[..h]
            .iter()
            .rev()
            .map(|l| l.trim())
            .find(|l| !l.is_empty() && !l.eq_ignore_ascii_case("appendix"))
            .map(str::to_string)
    });
    let period = given.map(FinancialYear::label).or_else(|| {
        title
            .as_deref()
            .and_then(find_financial_year)
            .or_else(|| lines.iter().find_map(|l| find_financial_year(l)))
    });
    let leads = key_at
        .map(|k| parse_key(&lines[k + 1..glossary_at.filter(|g| *g > k).unwrap_or(lines.len())]))
        .unwrap_or_default();
    let glossary = glossary_at
        .map(|g| parse_glossary(&lines[g + 1..]))
        .unwrap_or_default();

    let mut priorities: Vec<ImportedPriority> = Vec::new();
    let mut after_break = false;
    // A fifth column of lead initials, as spreadsheets keep them; then the action's words are
    // never searched for leads.
    let lead_column = header.is_some_and(|h| lines[h].split('\t').count() >= 5);
    for (i, raw) in lines.iter().enumerate().take(table_end).skip(table_start) {
        let line = i + 1;
        if raw.trim().is_empty() {
            after_break = true;
            continue;
        }
        if let Some((number, title)) = priority_row(raw) {
            priorities.push(ImportedPriority {
                number,
                title,
                line,
                objectives: Vec::new(),
            });
            after_break = false;
            continue;
        }
        let marked: Vec<&str> = raw.split('\t').map(str::trim).collect();
        let merged = |n: usize| marked.get(n).is_some_and(|c| *c == MERGED);
        let (target_merged, outcome_merged) = (merged(2), merged(3));
        let cells: Vec<&str> = marked
            .iter()
            .map(|c| if *c == MERGED { "" } else { c })
            .collect();
        let width = if lead_column { 5 } else { 4 };
        if cells.len() > width && cells[width..].iter().any(|c| !c.is_empty()) {
            warnings.push(Warning::new(
                line,
                format!(
                    "This row has {} cells; the plan table has {width}, so the extra cells were ignored",
                    cells.len()
                ),
            ));
        }
        let cell = |n: usize| cells.get(n).copied().unwrap_or("");
        let (first, action, target, outcome) = (cell(0), cell(1), cell(2), cell(3));
        if priorities.is_empty() {
            // A plan with no priorities or themes: its objectives are kept under one.
            priorities.push(ImportedPriority {
                number: 1,
                title: IMPLICIT_PRIORITY.to_string(),
                line,
                objectives: Vec::new(),
            });
        }
        let Some(priority) = priorities.last_mut() else {
            continue;
        };
        let mut new_objective = false;
        let started = cells::objective_code(first)
            .filter(|(code, _)| priority.objectives.last().is_none_or(|o| o.code != *code));
        if let Some((code, title)) = started {
            priority.objectives.push(ImportedObjective {
                code,
                title,
                leads: Vec::new(),
                line,
                actions: Vec::new(),
            });
            new_objective = true;
        } else if !first.is_empty() && cells::objective_code(first).is_none() {
            match priority.objectives.last_mut() {
                // A cell broken across a page: the words continue the objective above.
                Some(o) => join(&mut o.title, first),
                None => {
                    warnings.push(Warning::new(line, format!("'{}' is not an objective code like CE1, and there is no objective above it to continue", short(first))));
                    continue;
                }
            }
        }
        let Some(objective) = priority.objectives.last_mut() else {
            warnings.push(Warning::new(
                line,
                format!(
                    "This row has no objective to belong to: '{}'",
                    short(raw.trim())
                ),
            ));
            continue;
        };
        if action.is_empty() && target.is_empty() && outcome.is_empty() {
            after_break = false;
            continue;
        }
        let numbered = cells::numbering(action);
        // Text from a PDF wraps a long cell onto the next line: words in lower case, no
        // number, nothing in the lead column.
        let wrapped = empty_is_merged
            && (action.is_empty() || action.starts_with(|c: char| c.is_lowercase()))
            && cell(4).is_empty();
        let continues = !new_objective
            && numbered.is_none()
            && (after_break || wrapped)
            && !objective.actions.is_empty();
        if continues {
            // The rest of the row above, pushed onto a new page.
            if let Some(a) = objective.actions.last_mut() {
                join(&mut a.text, action);
                join(&mut a.target, target);
                if !outcome.is_empty() {
                    match &mut a.outcome {
                        OutcomeCell::New(text) => join(text, outcome),
                        other => *other = OutcomeCell::New(outcome.to_string()),
                    }
                }
            }
        } else if !action.is_empty() || !target.is_empty() || !outcome.is_empty() {
            let previous = objective.actions.last();
            let (number, text) = match numbered {
                Some((n, rest)) => (n, rest.to_string()),
                None => (None, action.to_string()),
            };
            if text.is_empty() {
                warnings.push(Warning::new(
                    line,
                    "This row has a target or outcome but no action",
                ));
            }
            // A target or outcome cell merged with the one above it in the source.
            let target = if target.is_empty() && (target_merged || empty_is_merged) {
                previous.map(|p| p.target.clone()).unwrap_or_default()
            } else {
                target.to_string()
            };
            let outcome = match (outcome.is_empty(), previous) {
                (false, _) => OutcomeCell::New(outcome.to_string()),
                (true, Some(_)) if outcome_merged || empty_is_merged => OutcomeCell::SameAsAbove,
                (true, _) => OutcomeCell::None,
            };
            let leads: Vec<String> = if lead_column {
                cell(4)
                    .split('/')
                    .map(str::trim)
                    .filter(|i| !i.is_empty())
                    .map(str::to_string)
                    .collect()
            } else {
                Vec::new()
            };
            objective.actions.push(ImportedAction {
                number,
                text,
                leads,
                target,
                outcome,
                milestones: Vec::new(),
                line,
            });
        }
        after_break = false;
    }

    // Lead initials come last in a cell, after any page break, so they are read once the cells
    // are whole. Only initials in the key count: "(PSED)" is part of the words.
    let known: Vec<&str> = leads.iter().map(|(i, _)| i.as_str()).collect();
    let abbreviations: Vec<&str> = glossary.iter().map(|(t, _)| t.as_str()).collect();
    let fy = period
        .as_deref()
        .and_then(FinancialYear::parse)
        .map(|f| f.period());
    for p in &mut priorities {
        for o in &mut p.objectives {
            o.leads = take_leads(&mut o.title, &known, &abbreviations, o.line, &mut warnings);
            for a in &mut o.actions {
                if lead_column {
                    warn_unknown(&a.leads, &known, a.line, &mut warnings);
                } else {
                    a.leads =
                        take_leads(&mut a.text, &known, &abbreviations, a.line, &mut warnings);
                }
                let parsed = TargetDate::parse(&a.target, fy);
                a.milestones = parsed.milestones.clone();
                let undated = parsed
                    .milestones
                    .iter()
                    .all(|m| m.end.is_none() && m.certainty == Certainty::EventLinked);
                if !a.target.is_empty() && undated {
                    warnings.push(Warning::new(
                        a.line,
                        format!(
                            "The target '{}' has no date; it was read as linked to an event",
                            a.target
                        ),
                    ));
                }
            }
        }
    }
    ImportedPlan {
        title,
        period,
        priorities,
        leads,
        glossary,
        warnings,
        columns: Vec::new(),
        decisions: Vec::new(),
        empty_is_merged,
    }
}

fn is_header(line: &str) -> bool {
    let l = line.to_lowercase();
    l.starts_with("objective\t") && l.contains("action")
}

/// "Priority 3. Communicating and promoting equality" (the full stop is sometimes missing).
fn priority_row(line: &str) -> Option<(i64, String)> {
    let mut cells = line.split('\t');
    let first = cells.next()?.trim();
    if cells.any(|c| !c.trim().is_empty()) {
        return None;
    }
    let rest = first
        .strip_prefix("Priority ")
        .or_else(|| first.strip_prefix("priority "))?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let number = digits.parse().ok()?;
    let title = rest[digits.len()..]
        .trim_start_matches(['.', ':', ' '])
        .trim();
    (!title.is_empty()).then(|| (number, title.to_string()))
}

fn join(into: &mut String, more: &str) {
    if more.is_empty() {
        return;
    }
    if !into.is_empty() {
        into.push(' ');
    }
    into.push_str(more);
}

fn short(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Takes "(SM/JW)" off the end of a cell when every initial is in the key.
fn take_leads(
    text: &mut String,
    known: &[&str],
    abbreviations: &[&str],
    line: usize,
    warnings: &mut Vec<Warning>,
) -> Vec<String> {
    let trimmed = text.trim_end();
    let Some(inner) = trimmed
        .strip_suffix(')')
        .and_then(|t| t.rfind('(').map(|at| (at, &t[at + 1..])))
    else {
        return Vec::new();
    };
    let (at, inner) = inner;
    let initials: Vec<&str> = inner.split('/').map(str::trim).collect();
    let shaped = initials
        .iter()
        .all(|i| (1..=4).contains(&i.len()) && i.chars().all(|c| c.is_ascii_uppercase()));
    if !shaped || initials.iter().any(|i| abbreviations.contains(i)) {
        return Vec::new();
    }
    let leads: Vec<String> = initials.iter().map(|i| i.to_string()).collect();
    warn_unknown(&leads, known, line, warnings);
    *text = trimmed[..at].trim_end().to_string();
    leads
}

fn warn_unknown(leads: &[String], known: &[&str], line: usize, warnings: &mut Vec<Warning>) {
    if let Some(unknown) = leads.iter().find(|i| !known.contains(&i.as_str())) {
        warnings.push(Warning::new(
            line,
            format!("The initials {unknown} are not in the lead officers key"),
        ));
    }
}

/// "AB – Anne Boden; BD – Bob Dimmock; GT- Geoff Thomas".
fn parse_key(lines: &[&str]) -> Vec<(String, String)> {
    lines
        .iter()
        .flat_map(|l| l.split(';'))
        .filter_map(|entry| split_dash(entry.trim()))
        .filter(|(i, _)| (1..=4).contains(&i.len()) && i.chars().all(|c| c.is_ascii_uppercase()))
        .collect()
}

/// "PSED – public sector equality duty".
fn parse_glossary(lines: &[&str]) -> Vec<(String, String)> {
    lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .filter_map(split_dash)
        .collect()
}

fn split_dash(entry: &str) -> Option<(String, String)> {
    let at = entry.find(['–', '—', '-'])?;
    let dash_len = entry[at..].chars().next().map_or(1, char::len_utf8);
    let (term, meaning) = (entry[..at].trim(), entry[at + dash_len..].trim());
    (!term.is_empty() && !meaning.is_empty()).then(|| (term.to_string(), meaning.to_string()))
}

fn find_financial_year(text: &str) -> Option<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '/'))
        .find_map(|w| FinancialYear::parse(w).map(|f| f.label()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Plan for 2013/14\n\nObjective\tDetailed action/target (and lead officer)\tTarget date/ milestones\tPlanned outcome/performance indicator\nPriority 1 Policy\t\t\t\nCE1. Keep guidance up to date (SM)\t(1) Assess the review of the public sector equality duty (PSED)\tApril 2013\tGuidance amended\n\t(2) Update impact assessment guidance (SM/XY)\t\t\nCE2. Comply with the duties (subject\t(1) Review information (JW)\tNovember 2013\tInformation\n\nto any changes)\t(2) Publish it\tJanuary 2014\t\n\n\tfor everyone (JW)\t\tupdated\n\nLead officers for actions\n\nSM – Simon Manson; JW - Jason Whyley\n\nGlossary\n\nPSED – public sector equality duty\n";

    #[test]
    fn reads_rows_breaks_merged_cells_and_leads() {
        let plan = parse(SAMPLE);
        assert_eq!(plan.title.as_deref(), Some("Plan for 2013/14"));
        assert_eq!(plan.period.as_deref(), Some("2013/14"));
        assert_eq!(
            plan.leads,
            vec![
                ("SM".into(), "Simon Manson".into()),
                ("JW".into(), "Jason Whyley".into())
            ]
        );
        let p = &plan.priorities[0];
        assert_eq!((p.number, p.title.as_str()), (1, "Policy"));
        let ce1 = &p.objectives[0];
        assert_eq!(ce1.leads, ["SM"]);
        assert_eq!(
            ce1.actions[0].text, "Assess the review of the public sector equality duty (PSED)",
            "a glossary term is not a lead"
        );
        assert_eq!(
            ce1.actions[1].target, "April 2013",
            "an empty target cell is merged with the one above"
        );
        assert_eq!(ce1.actions[1].outcome, OutcomeCell::SameAsAbove);
        assert!(
            plan.warnings
                .iter()
                .any(|w| w.line == 6 && w.message.contains("XY")),
            "{:?}",
            plan.warnings
        );
        let ce2 = &p.objectives[1];
        assert_eq!(ce2.title, "Comply with the duties (subject to any changes)");
        assert_eq!(ce2.actions[1].text, "Publish it for everyone");
        assert_eq!(ce2.actions[1].leads, ["JW"]);
        assert_eq!(ce2.actions[1].outcome, OutcomeCell::New("updated".into()));
    }

    #[test]
    fn text_that_is_not_a_plan_says_so() {
        let plan = parse("Just a letter.\nNothing else.");
        assert!(plan.priorities.is_empty());
        assert_eq!(plan.warnings[0].line, 1);
        let unprioritised =
            parse("Objective\tDetailed action\tTarget\tOutcome\nCE1. Orphan\t(1) x\t\t\n");
        assert_eq!(unprioritised.priorities[0].title, IMPLICIT_PRIORITY);
        assert_eq!(unprioritised.priorities[0].objectives[0].code, "CE1");
    }
}
