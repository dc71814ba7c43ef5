//! What a single cell or line of a plan looks like: a code, a number or letter, a date, people,
//! a RAG rating, a page footer. The plan reader decides from these; none of them knows a layout.

use dueregard_core::target_date::month_number;

/// A table cell merged into the one above it. Readers write it where a document says a cell is
/// covered by the one above (Word's vMerge, OpenDocument's covered cells, a spreadsheet's merged
/// range); a control character, so no text a person wrote can be mistaken for it.
pub const MERGED: &str = "\u{1}";

/// "CE6", "HC1", "EO3", "1.2", "A", "O2.1": a short code of capitals and digits.
pub fn is_code(s: &str) -> bool {
    let s = s.trim().trim_end_matches(['.', ':', ')']);
    if s.is_empty() || s.len() > 8 || s.contains(' ') {
        return false;
    }
    let letters = s.chars().take_while(char::is_ascii_uppercase).count();
    let rest = &s[letters..];
    let digits_and_dots = !rest.is_empty()
        && rest.starts_with(|c: char| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_digit() || c == '.');
    letters <= 4 && digits_and_dots
}

/// The rest of `text` after `prefix` (written in lower-case ASCII), in any case. Slicing the
/// original by a lower-cased copy's lengths is wrong wherever lower-casing changes a character's
/// length (the Kelvin sign becomes "k"), and can cut a character in two.
pub fn after_prefix<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    text.get(..prefix.len())
        .filter(|head| head.eq_ignore_ascii_case(prefix))
        .map(|_| &text[prefix.len()..])
}

/// The code at the start of an objective's cell or heading, and the words after it:
/// "CE6. Ensure …", "HC1 – Improve …", "1. Improve …", "Objective 2: …", "Goal 1 – …",
/// "Equality objective 3 …", "Outcome 1:".
pub fn objective_code(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    for word in [
        "equality objective",
        "objective",
        "equality outcome",
        "outcome",
        "goal",
        "aim",
        "priority",
        "theme",
    ] {
        if let Some(rest) = after_prefix(t, word) {
            let rest_trim = rest.trim_start();
            let code: String = rest_trim
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
                .collect();
            let code = code.trim_end_matches('.');
            // "Objective 2", "Objective HS1", or lettered: "Objective A".
            let numbered = code.chars().any(|c| c.is_ascii_digit()) && code.len() <= 8;
            let lettered = code.len() == 1 && code.chars().all(|c| c.is_ascii_uppercase());
            if numbered || lettered {
                let after =
                    rest_trim[code.len()..].trim_start_matches(['.', ':', ')', '-', '–', '—', ' ']);
                return Some((code.to_string(), after.trim().to_string()));
            }
            return None;
        }
    }
    let first: String = t
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ':' | '–' | '—'))
        .collect();
    let code = first.trim_end_matches(['.', ')', ':']);
    // A lettered objective ("A. Make meetings accessible") is a code only when marked.
    let lettered =
        code.len() == 1 && code.chars().all(|c| c.is_ascii_uppercase()) && first.len() > code.len();
    if !is_code(code) && !lettered {
        return None;
    }
    let after = t[first.len()..].trim_start_matches(['.', ':', ')', '-', '–', '—', ' ']);
    // A bare number is a code only when it is marked as one: "1." or "1)" or "1:".
    let marked = first.len() > code.len() || code.chars().any(|c| c.is_ascii_uppercase());
    (marked || code.contains('.')).then(|| (code.to_string(), after.trim().to_string()))
}

/// The number of an action written before its words: "(3)", "3.", "3)", "a)", "(b)", "(iv)",
/// "1.2" (the last part), "•" (no number). Returns the number, if any, and the words after.
pub fn numbering(text: &str) -> Option<(Option<i64>, &str)> {
    let t = text.trim_start();
    for bullet in ['•', '●', '▪', '◦', '-', '*', '–'] {
        if let Some(rest) = t.strip_prefix(bullet)
            && (rest.starts_with(' ') || rest.is_empty())
        {
            return Some((None, rest.trim_start()));
        }
    }
    let (inner, rest, bracketed) = if let Some(r) = t.strip_prefix('(') {
        let (inner, rest) = r.split_once(')')?;
        (inner, rest, true)
    } else {
        let end = t.find(|c: char| c.is_whitespace()).unwrap_or(t.len());
        let token = &t[..end];
        let inner = token.strip_suffix([')', '.', ':'])?;
        (inner, &t[end..], false)
    };
    if inner.is_empty() || inner.len() > 6 {
        return None;
    }
    let number = if inner.chars().all(|c| c.is_ascii_digit() || c == '.') {
        inner.rsplit('.').find(|p| !p.is_empty())?.parse().ok()?
    } else if let Some(n) = roman(inner) {
        n
    } else if inner.len() == 1 && inner.chars().all(|c| c.is_ascii_lowercase()) {
        i64::from(inner.as_bytes()[0] - b'a' + 1)
    } else if bracketed && inner.len() == 1 && inner.chars().all(|c| c.is_ascii_uppercase()) {
        i64::from(inner.as_bytes()[0] - b'A' + 1)
    } else {
        return None;
    };
    Some((Some(number), rest.trim_start()))
}

fn roman(s: &str) -> Option<i64> {
    const NUMERALS: [&str; 12] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    // "i" alone is a letter too, but lists lettered a) b) c) never reach "i" as their first.
    NUMERALS
        .iter()
        .position(|n| *n == s)
        .filter(|_| s.len() > 1 || s == "i")
        .map(|p| p as i64 + 1)
}

/// A date or a phrase people write target dates with.
pub fn looks_like_date(s: &str) -> bool {
    let l = s.trim().to_lowercase();
    if l.is_empty() {
        return false;
    }
    let words: Vec<&str> = l
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .filter(|w| !w.is_empty())
        .collect();
    let dated = words.iter().any(|w| {
        month_number(w).is_some()
            || matches!(
                *w,
                "spring"
                    | "summer"
                    | "autumn"
                    | "winter"
                    | "ongoing"
                    | "annually"
                    | "quarterly"
                    | "monthly"
                    | "q1"
                    | "q2"
                    | "q3"
                    | "q4"
                    | "annual"
                    | "continuous"
            )
            || is_slash_date(w)
            || (w.len() == 4
                && (w.starts_with("19") || w.starts_with("20"))
                && w.chars().all(|c| c.is_ascii_digit()))
    });
    dated && words.len() <= 8
}

fn is_slash_date(w: &str) -> bool {
    let parts: Vec<&str> = w.split('/').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// Initials ("JB", "SM/JW") or people's names ("Jane Bloggs", "Head of HR – Jane Bloggs").
pub fn looks_like_people(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || s.split_whitespace().count() > 8 || looks_like_date(s) {
        return false;
    }
    s.split(['/', ',', ';', '&'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .all(|p| {
            is_initials(p)
                || p.split_whitespace()
                    .all(|w| w.starts_with(|c: char| c.is_uppercase()) || is_joining_word(w))
        })
}

fn is_joining_word(w: &str) -> bool {
    matches!(w, "of" | "and" | "for" | "the" | "–" | "-" | "&")
}

/// "JB", "SMA": one to four capital letters.
pub fn is_initials(s: &str) -> bool {
    (1..=4).contains(&s.len()) && s.chars().all(|c| c.is_ascii_uppercase())
}

/// "Red", "Amber", "Green", "R", "A/G", "Complete".
pub fn is_rag(s: &str) -> bool {
    let l = s.trim().to_lowercase();
    matches!(
        l.as_str(),
        "red"
            | "amber"
            | "green"
            | "r"
            | "a"
            | "g"
            | "rag"
            | "blue"
            | "complete"
            | "completed"
            | "on track"
            | "off track"
            | "at risk"
            | "not started"
            | "in progress"
            | "red/amber"
            | "amber/green"
            | "a/g"
            | "r/a"
    )
}

/// What a "Type" cell says a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowType {
    Priority,
    Objective,
    Action,
}

pub fn row_type(s: &str) -> Option<RowType> {
    match s.trim().to_lowercase().as_str() {
        "priority" | "theme" | "strategic priority" | "goal" => Some(RowType::Priority),
        "objective" | "equality objective" | "outcome" | "equality outcome" | "aim" => {
            Some(RowType::Objective)
        }
        "action" | "task" | "activity" | "milestone" | "deliverable" | "sub-action" => {
            Some(RowType::Action)
        }
        _ => None,
    }
}

/// "Page 3 of 7", "Page 3", "- 3 -", "3 | Page": what a PDF puts at the top or foot of a page.
pub fn is_page_furniture(s: &str) -> bool {
    let l = s.trim().to_lowercase();
    let words: Vec<&str> = l.split_whitespace().collect();
    let numbers = words
        .iter()
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
        .count();
    match words.as_slice() {
        ["page", n] | ["page", n, "of", _] | [n, "|", "page"] => {
            n.chars().all(|c| c.is_ascii_digit())
        }
        ["-", n, "-"] => n.chars().all(|c| c.is_ascii_digit()),
        _ => numbers == words.len() && numbers == 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_numbering() {
        for code in ["CE6", "HC1", "EO3", "1.2", "O2.1"] {
            assert!(is_code(code), "{code}");
        }
        for not in ["Ensure", "2013/14", "PSED", "A B"] {
            assert!(!is_code(not), "{not}");
        }
        assert_eq!(
            objective_code("CE6. Ensure that …"),
            Some(("CE6".into(), "Ensure that …".into()))
        );
        assert_eq!(
            objective_code("Objective HS1: Improve safety"),
            Some(("HS1".into(), "Improve safety".into()))
        );
        assert_eq!(
            objective_code("Objective 2 – Fair pay"),
            Some(("2".into(), "Fair pay".into()))
        );
        assert_eq!(
            objective_code("1. Improve access"),
            Some(("1".into(), "Improve access".into()))
        );
        assert_eq!(
            objective_code("Objective A – Access"),
            Some(("A".into(), "Access".into()))
        );
        assert_eq!(objective_code("Objective Achieve more"), None);
        assert_eq!(
            objective_code("B. Involve young people"),
            Some(("B".into(), "Involve young people".into()))
        );
        assert_eq!(objective_code("A new approach"), None);
        assert_eq!(objective_code("2013 was a good year"), None);
        assert_eq!(
            objective_code("Objective \u{212A}1"),
            None,
            "no panic on case folding"
        );
        assert_eq!(objective_code("Ensure that all staff"), None);
        assert_eq!(numbering("(3) Produce"), Some((Some(3), "Produce")));
        assert_eq!(numbering("b) Train"), Some((Some(2), "Train")));
        assert_eq!(numbering("(iv) Train"), Some((Some(4), "Train")));
        assert_eq!(numbering("1.2 Train"), None, "no mark after the number");
        assert_eq!(numbering("1.2. Train"), Some((Some(2), "Train")));
        assert_eq!(numbering("• Train"), Some((None, "Train")));
        assert_eq!(numbering("Train"), None);
    }

    #[test]
    fn dates_people_and_furniture() {
        for d in [
            "March 2025",
            "31/12/2019",
            "by 31/12/2019",
            "Q3 2024/25",
            "End of March 2020",
            "Ongoing",
            "Spring 2025",
        ] {
            assert!(looks_like_date(d), "{d}");
        }
        assert!(!looks_like_date("Review the policy"));
        for p in [
            "JB",
            "SM/JW",
            "Jane Bloggs",
            "Head of HR",
            "Jane Bloggs, Sam Ali",
        ] {
            assert!(looks_like_people(p), "{p}");
        }
        assert!(!looks_like_people("review the policy"));
        assert!(is_page_furniture("Page 3 of 7"));
        assert!(is_page_furniture("12"));
        assert!(!is_page_furniture("Page turner"));
    }
}
