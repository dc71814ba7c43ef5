//! `TargetDate`: the "target date / milestones" cell of an action plan, read as the plan means it.
//!
//! Officers write target dates as free text ("By June 2013", "Throughout year", "Board to be
//! established during 2013/14"). We keep that text exactly and add its parsed form: one or more
//! milestones, each a date or window resolved against the plan's period, with a certainty.

use crate::period::{FinancialYear, Period};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// How firm a milestone is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// A date the plan commits to.
    Firm,
    /// A date given but marked "tbc" or similar.
    ToBeConfirmed,
    /// Waiting on someone else, with no date yet ("guidance awaited").
    Awaited,
    /// Ongoing work across a window ("Throughout year", "From April 2013").
    Continuous,
    /// Tied to an event outside the plan ("in line with new legislation", "local elections").
    EventLinked,
}

impl Certainty {
    pub fn label(self) -> &'static str {
        match self {
            Certainty::Firm => "Firm",
            Certainty::ToBeConfirmed => "To be confirmed",
            Certainty::Awaited => "Awaited",
            Certainty::Continuous => "Continuous",
            Certainty::EventLinked => "Linked to an event",
        }
    }
}

/// One point the work must reach. `end` is the day by which it is due; `start` is set for windows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Milestone {
    /// What is due, when the text names it ("Base system in place").
    pub label: Option<String>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub certainty: Certainty,
}

impl Milestone {
    /// A short plain-English reading, e.g. "by 30 June 2013" or "1 July 2013 to 31 March 2014".
    pub fn describe(&self) -> String {
        use crate::period::long_date;
        let when = match (self.start, self.end) {
            (Some(s), Some(e)) => format!("{} to {}", long_date(s), long_date(e)),
            (None, Some(e)) => format!("by {}", long_date(e)),
            (Some(s), None) => format!("from {}", long_date(s)),
            (None, None) => "no date yet".to_string(),
        };
        match &self.label {
            Some(label) => format!(
                "{label}: {when} ({})",
                self.certainty.label().to_lowercase()
            ),
            None => format!("{when} ({})", self.certainty.label().to_lowercase()),
        }
    }
}

/// A target date cell: the words as written and the milestones read from them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TargetDate {
    pub text: String,
    pub milestones: Vec<Milestone>,
}

impl TargetDate {
    /// Reads `text` against the plan's `period` (used for "Throughout year" and months written
    /// without a year). Never fails: words it cannot date become an undated milestone.
    pub fn parse(text: &str, period: Option<Period>) -> TargetDate {
        TargetDate {
            text: text.to_string(),
            milestones: parse_milestones(text, period),
        }
    }

    /// The dates read from the words, for a hint beside them: "30 June 2013; 30 September 2013".
    /// The words already say what each milestone is, so only the dates are given; `None` when
    /// nothing could be dated.
    pub fn dates_hint(&self) -> Option<String> {
        use crate::period::long_date;
        let dates: Vec<String> = self
            .milestones
            .iter()
            .filter_map(|m| match (m.start, m.end) {
                (Some(s), Some(e)) => Some(format!("{} to {}", long_date(s), long_date(e))),
                (None, Some(e)) => Some(long_date(e)),
                (Some(s), None) => Some(format!("from {}", long_date(s))),
                (None, None) => None,
            })
            .collect();
        (!dates.is_empty()).then(|| dates.join("; "))
    }

    /// The day the last milestone is due, if any milestone has a date.
    pub fn due_by(&self) -> Option<Date> {
        self.milestones.iter().filter_map(|m| m.end).max()
    }

    /// True once the last milestone's day has gone by.
    pub fn has_passed(&self, today: Date) -> bool {
        self.due_by().is_some_and(|due| due < today)
    }

    /// The least firm certainty among the milestones, for a one-word summary.
    pub fn certainty(&self) -> Option<Certainty> {
        let rank = |c: &Certainty| match c {
            Certainty::Firm => 0,
            Certainty::Continuous => 1,
            Certainty::ToBeConfirmed => 2,
            Certainty::EventLinked => 3,
            Certainty::Awaited => 4,
        };
        self.milestones.iter().map(|m| m.certainty).max_by_key(rank)
    }
}

#[derive(Debug, Clone)]
struct Token {
    lower: String,
    start: usize,
    end: usize,
}

fn tokenise(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let is_word = |k: usize| -> bool {
            let (_, ch) = chars[k];
            if ch.is_alphanumeric() || ch == '/' || ch == '\'' || ch == '’' {
                return true;
            }
            // Keep "2013-14" and "2013-06-30" whole; a dash between words is a separator.
            (ch == '-' || ch == '–')
                && k > 0
                && k + 1 < chars.len()
                && chars[k - 1].1.is_ascii_digit()
                && chars[k + 1].1.is_ascii_digit()
        };
        if is_word(i) {
            let mut j = i;
            while j < chars.len() && is_word(j) {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |(p, _)| *p);
            tokens.push(Token {
                lower: text[at..end].to_lowercase(),
                start: at,
                end,
            });
            i = j;
        } else {
            tokens.push(Token {
                lower: c.to_string(),
                start: at,
                end: at + c.len_utf8(),
            });
            i += 1;
        }
    }
    tokens
}

/// The number of a month from its name or usual short name, in lower case ("sept" is 9).
pub fn month_number(word: &str) -> Option<i8> {
    const NAMES: [(&str, i8); 23] = [
        ("january", 1),
        ("jan", 1),
        ("february", 2),
        ("feb", 2),
        ("march", 3),
        ("mar", 3),
        ("april", 4),
        ("apr", 4),
        ("may", 5),
        ("june", 6),
        ("jun", 6),
        ("july", 7),
        ("jul", 7),
        ("august", 8),
        ("aug", 8),
        ("september", 9),
        ("sept", 9),
        ("sep", 9),
        ("october", 10),
        ("oct", 10),
        ("november", 11),
        ("nov", 11),
        ("december", 12),
    ];
    if word == "dec" {
        return Some(12);
    }
    NAMES.iter().find(|(n, _)| *n == word).map(|(_, m)| *m)
}

fn year_number(word: &str) -> Option<i16> {
    let y: i16 = word.parse().ok()?;
    (word.len() == 4 && (1990..=2199).contains(&y)).then_some(y)
}

fn day_number(word: &str) -> Option<i8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !suffix.is_empty() && !["st", "nd", "rd", "th"].contains(&suffix) {
        return None;
    }
    let d: i8 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// Words that, just before a date, say how the date is meant.
const PREFIXES: &[&str] = &[
    "by",
    "before",
    "from",
    "since",
    "during",
    "within",
    "throughout",
    "in",
    "for",
    "until",
    "end",
];

/// A date expression found in the text: the span of tokens and the window it names.
#[derive(Debug, Clone, Copy)]
struct DateExpr {
    first: usize,
    last: usize,
    start: Option<Date>,
    end: Option<Date>,
}

fn month_window(year: i16, month: i8) -> Option<(Date, Date)> {
    let start = Date::new(year, month, 1).ok()?;
    Some((start, start.last_of_month()))
}

/// The year in which `month` falls inside the plan's period (its first occurrence).
fn year_in_period(month: i8, period: Option<Period>) -> Option<i16> {
    let p = period?;
    let mut y = p.start.year();
    while y <= p.end.year() {
        let first = Date::new(y, month, 1).ok()?;
        if first.last_of_month() >= p.start && first <= p.end {
            return Some(y);
        }
        y += 1;
    }
    None
}

fn date_expr_at(tokens: &[Token], i: usize, period: Option<Period>) -> Option<DateExpr> {
    let word = tokens[i].lower.as_str();
    let next = tokens.get(i + 1).map(|t| t.lower.as_str());
    let prev = i.checked_sub(1).map(|k| tokens[k].lower.as_str());

    // Financial year: "2013/14".
    if word.len() >= 7 && word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        if let Some(fy) = FinancialYear::parse(word) {
            let p = fy.period();
            return Some(DateExpr {
                first: i,
                last: i,
                start: Some(p.start),
                end: Some(p.end),
            });
        }
        // ISO "2013-06-30" or "30/06/2013".
        let parts: Vec<&str> = word.split(['-', '/']).collect();
        if parts.len() == 3 {
            let day = if parts[0].len() == 4 {
                Date::new(
                    parts[0].parse().ok()?,
                    parts[1].parse().ok()?,
                    parts[2].parse().ok()?,
                )
            } else {
                Date::new(
                    parts[2].parse().ok()?,
                    parts[1].parse().ok()?,
                    parts[0].parse().ok()?,
                )
            };
            if let Ok(day) = day {
                return Some(DateExpr {
                    first: i,
                    last: i,
                    start: None,
                    end: Some(day),
                });
            }
        }
    }
    // Quarter of the financial year: "Q3" or "Q3 2013/14".
    if let Some(q) = word
        .strip_prefix('q')
        .and_then(|q| q.parse::<i8>().ok())
        .filter(|q| (1..=4).contains(q))
    {
        let (fy, last) = match next.and_then(FinancialYear::parse) {
            Some(fy) => (Some(fy), i + 1),
            None => (period.map(|p| FinancialYear::containing(p.start)), i),
        };
        let fy = fy?;
        let start = fy
            .period()
            .start
            .checked_add((3 * (q as i32 - 1)).months())
            .ok()?;
        let end = start
            .checked_add(3.months())
            .ok()?
            .checked_sub(1.day())
            .ok()?;
        return Some(DateExpr {
            first: i,
            last,
            start: Some(start),
            end: Some(end),
        });
    }
    // "30 June 2013" or "30th June".
    if let (Some(d), Some(m)) = (day_number(word), next.and_then(month_number)) {
        let year_tok = tokens.get(i + 2).and_then(|t| year_number(&t.lower));
        let year = year_tok.or_else(|| year_in_period(m, period));
        let last = if year_tok.is_some() { i + 2 } else { i + 1 };
        let day = year.and_then(|y| Date::new(y, m, d).ok());
        return Some(DateExpr {
            first: i,
            last,
            start: None,
            end: day,
        });
    }
    // "June 2013", or "November" resolved against the plan period.
    if let Some(m) = month_number(word) {
        let year_tok = next.and_then(year_number);
        // "may" and "march" are also ordinary words: take them as months only when a year
        // follows or a dating word comes before.
        let ambiguous = matches!(word, "may" | "march" | "mar" | "jan" | "sept");
        if ambiguous
            && year_tok.is_none()
            && !prev.is_some_and(|p| PREFIXES.contains(&p) || p == "of")
        {
            return None;
        }
        let year = year_tok.or_else(|| year_in_period(m, period));
        let last = if year_tok.is_some() { i + 1 } else { i };
        let (start, end) = match year.and_then(|y| month_window(y, m)) {
            Some((s, e)) => (Some(s), Some(e)),
            None => (None, None),
        };
        return Some(DateExpr {
            first: i,
            last,
            start,
            end,
        });
    }
    // Seasons: "spring 2014".
    let season = match word {
        "spring" => Some((3, 5)),
        "summer" => Some((6, 8)),
        "autumn" => Some((9, 11)),
        "winter" => Some((12, 2)),
        _ => None,
    };
    if let (Some((from, to)), Some(y)) = (season, next.and_then(year_number)) {
        let (start, _) = month_window(y, from)?;
        let end_year = if to < from { y + 1 } else { y };
        let (_, end) = month_window(end_year, to)?;
        return Some(DateExpr {
            first: i,
            last: i + 1,
            start: Some(start),
            end: Some(end),
        });
    }
    // A bare calendar year: "during 2014".
    if let Some(y) = year_number(word) {
        let start = Date::new(y, 1, 1).ok()?;
        let end = Date::new(y, 12, 31).ok()?;
        return Some(DateExpr {
            first: i,
            last: i,
            start: Some(start),
            end: Some(end),
        });
    }
    None
}

fn contains_phrase(tokens: &[Token], phrase: &[&str]) -> bool {
    tokens
        .windows(phrase.len())
        .any(|w| w.iter().zip(phrase).all(|(t, p)| t.lower == *p))
}

fn has_tbc(tokens: &[Token]) -> bool {
    tokens
        .iter()
        .any(|t| matches!(t.lower.as_str(), "tbc" | "tba" | "provisional"))
        || contains_phrase(tokens, &["to", "be", "confirmed"])
}

fn is_event_linked(tokens: &[Token]) -> bool {
    const PHRASES: &[&[&str]] = &[
        &["due", "to"],
        &["in", "line", "with"],
        &["in", "preparation", "for"],
        &["following"],
        &["subject", "to"],
        &["once"],
        &["when"],
        &["after"],
        &["ahead", "of"],
        &["same", "time"],
    ];
    PHRASES.iter().any(|p| contains_phrase(tokens, p))
}

const CONTINUOUS_WORDS: &[&str] = &[
    "throughout",
    "ongoing",
    "continuous",
    "continuing",
    "monthly",
    "quarterly",
    "annually",
    "weekly",
];

/// Words and marks that join phrases but carry no meaning of their own in a label.
fn clean_label(text: &str) -> Option<String> {
    const DROP_END: &[&str] = &[
        "planned",
        "scheduled",
        "expected",
        "due",
        "with",
        "and",
        "in",
        "for",
        "by",
        "at",
        "the",
        "of",
        "from",
        "during",
    ];
    const DROP_START: &[&str] = &["with", "and", "then"];
    let mut words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| {
            !matches!(
                w.to_lowercase()
                    .trim_matches(|c: char| !c.is_alphanumeric()),
                "tbc" | "tba"
            )
        })
        .collect();
    let punct = |w: &str| w.chars().all(|c| !c.is_alphanumeric());
    while let Some(w) = words.last() {
        let bare = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if punct(w) || DROP_END.contains(&bare.as_str()) {
            words.pop();
        } else {
            break;
        }
    }
    while let Some(w) = words.first() {
        let bare = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if punct(w) || DROP_START.contains(&bare.as_str()) {
            words.remove(0);
        } else {
            break;
        }
    }
    let label = words.join(" ");
    let label =
        label.trim_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '\'' && c != '’');
    (!label.is_empty()).then(|| label.to_string())
}

fn slice(text: &str, tokens: &[Token], from: usize, to: usize) -> String {
    if from >= to || from >= tokens.len() {
        return String::new();
    }
    text[tokens[from].start..tokens[to - 1].end].to_string()
}

fn parse_milestones(text: &str, period: Option<Period>) -> Vec<Milestone> {
    let tokens = tokenise(text);
    if tokens.is_empty() {
        return Vec::new();
    }
    let mut exprs = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match date_expr_at(&tokens, i, period) {
            Some(e) => {
                i = e.last + 1;
                exprs.push(e);
            }
            None => i += 1,
        }
    }

    if exprs.is_empty() {
        return vec![undated(text, &tokens, period)];
    }

    let mut milestones: Vec<Milestone> = Vec::new();
    let mut cursor = 0;
    let mut k = 0;
    while k < exprs.len() {
        let e = exprs[k];
        // A range: "July 2013 to March 2014".
        let mut last = e.last;
        let mut end = e.end;
        let mut is_range = false;
        if let Some(next) = exprs.get(k + 1) {
            let between: Vec<&str> = tokens[e.last + 1..next.first]
                .iter()
                .map(|t| t.lower.as_str())
                .collect();
            if matches!(
                between.as_slice(),
                ["to"] | ["until"] | ["till"] | ["-"] | ["–"] | ["and"]
            ) {
                last = next.last;
                end = next.end;
                is_range = true;
                k += 1;
            }
        }
        let prefix_at = e.first.checked_sub(1).filter(|p| *p >= cursor);
        let prefix = prefix_at.map(|p| tokens[p].lower.as_str()).unwrap_or("");
        let label_end = if PREFIXES.contains(&prefix) {
            e.first - 1
        } else {
            e.first
        };
        let segment_end = exprs.get(k + 1).map_or(tokens.len(), |n| n.first);
        let after = &tokens[last + 1..segment_end];
        let before = &tokens[cursor..e.first];
        let preparing = contains_phrase(before, &["in", "preparation", "for"])
            || contains_phrase(before, &["ahead", "of"])
            || prefix == "before";

        let mut start = e.start;
        if preparing {
            // Preparation must be finished before the event's month begins.
            end = e
                .start
                .or(e.end)
                .and_then(|d| d.first_of_month().checked_sub(1.day()).ok());
            start = None;
        } else if matches!(prefix, "by" | "until") && !is_range {
            start = None;
        }
        let mut certainty = Certainty::Firm;
        if matches!(prefix, "from" | "since" | "throughout") {
            certainty = Certainty::Continuous;
            if prefix != "throughout" {
                end = period
                    .map(|p| p.end)
                    .filter(|pe| start.is_none_or(|s| *pe >= s));
            }
        }
        if is_event_linked(before) || preparing {
            certainty = Certainty::EventLinked;
        }
        if has_tbc(after) || has_tbc(before) {
            certainty = Certainty::ToBeConfirmed;
        }

        let mut label = clean_label(&slice(text, &tokens, cursor, label_end));
        if preparing {
            // "In preparation for May 2014 local elections": the event is named after the date.
            let event = clean_label(&slice(text, &tokens, last + 1, segment_end));
            label = event
                .map(|ev| format!("Before {ev}"))
                .or(label.map(|l| l.replace("In preparation for", "").trim().to_string()));
        }
        milestones.push(Milestone {
            label,
            start,
            end,
            certainty,
        });

        // "…, with agile working introduced at same time": a second milestone in the same window.
        if contains_phrase(after, &["same", "time"]) {
            let from = last + 1;
            let to = after
                .iter()
                .position(|t| t.lower == "same")
                .map_or(segment_end, |p| from + p);
            let words = clean_label(&slice(text, &tokens, from, to));
            milestones.push(Milestone {
                label: words,
                start,
                end,
                certainty: Certainty::EventLinked,
            });
        }
        cursor = last + 1;
        k += 1;
    }
    milestones
}

/// A cell with no date in it: ongoing work, something awaited, or an event.
fn undated(text: &str, tokens: &[Token], period: Option<Period>) -> Milestone {
    let continuous = tokens
        .iter()
        .any(|t| CONTINUOUS_WORDS.contains(&t.lower.as_str()))
        || contains_phrase(tokens, &["all", "year"]);
    if continuous {
        return Milestone {
            label: None,
            start: period.map(|p| p.start),
            end: period.map(|p| p.end),
            certainty: Certainty::Continuous,
        };
    }
    let awaited = tokens
        .iter()
        .any(|t| matches!(t.lower.as_str(), "awaited" | "await" | "awaiting"));
    let certainty = if awaited {
        Certainty::Awaited
    } else if has_tbc(tokens) {
        Certainty::ToBeConfirmed
    } else {
        Certainty::EventLinked
    };
    Milestone {
        label: clean_label(text),
        start: None,
        end: None,
        certainty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn plan() -> Option<Period> {
        FinancialYear::parse("2013/14").map(|f| f.period())
    }

    fn one(text: &str) -> Milestone {
        let t = TargetDate::parse(text, plan());
        assert_eq!(t.milestones.len(), 1, "{text}: {:?}", t.milestones);
        t.milestones[0].clone()
    }

    fn m(
        label: Option<&str>,
        start: Option<Date>,
        end: Option<Date>,
        certainty: Certainty,
    ) -> Milestone {
        Milestone {
            label: label.map(str::to_string),
            start,
            end,
            certainty,
        }
    }

    #[test]
    fn month_and_year_is_due_at_the_end_of_that_month() {
        for (text, s, e) in [
            ("November 2013", date(2013, 11, 1), date(2013, 11, 30)),
            ("January 2014", date(2014, 1, 1), date(2014, 1, 31)),
            ("March 2014", date(2014, 3, 1), date(2014, 3, 31)),
            ("April 2013", date(2013, 4, 1), date(2013, 4, 30)),
        ] {
            assert_eq!(
                one(text),
                m(None, Some(s), Some(e), Certainty::Firm),
                "{text}"
            );
        }
    }

    #[test]
    fn every_seed_004_phrase_reads_as_the_plan_means_it() {
        let p = plan();
        let cases: Vec<(&str, Vec<Milestone>)> = vec![
            (
                "Review due to report in April 2013",
                vec![m(
                    Some("Review due to report"),
                    Some(date(2013, 4, 1)),
                    Some(date(2013, 4, 30)),
                    Certainty::EventLinked,
                )],
            ),
            (
                "New guidance to be in place in line with implementation date of any new legislation",
                vec![m(
                    Some(
                        "New guidance to be in place in line with implementation date of any new legislation",
                    ),
                    None,
                    None,
                    Certainty::EventLinked,
                )],
            ),
            (
                "Date for publishing of guidance awaited",
                vec![m(
                    Some("Date for publishing of guidance awaited"),
                    None,
                    None,
                    Certainty::Awaited,
                )],
            ),
            (
                "July 2013 to March 2014",
                vec![m(
                    None,
                    Some(date(2013, 7, 1)),
                    Some(date(2014, 3, 31)),
                    Certainty::Firm,
                )],
            ),
            (
                "Base system in place by June 2013 Training by September 2013",
                vec![
                    m(
                        Some("Base system in place"),
                        None,
                        Some(date(2013, 6, 30)),
                        Certainty::Firm,
                    ),
                    m(
                        Some("Training"),
                        None,
                        Some(date(2013, 9, 30)),
                        Certainty::Firm,
                    ),
                ],
            ),
            (
                "Throughout year",
                vec![m(
                    None,
                    Some(date(2013, 4, 1)),
                    Some(date(2014, 3, 31)),
                    Certainty::Continuous,
                )],
            ),
            (
                "Future bidding rounds (tbc)",
                vec![m(
                    Some("Future bidding rounds"),
                    None,
                    None,
                    Certainty::ToBeConfirmed,
                )],
            ),
            (
                "September 2013 (tbc)",
                vec![m(
                    None,
                    Some(date(2013, 9, 1)),
                    Some(date(2013, 9, 30)),
                    Certainty::ToBeConfirmed,
                )],
            ),
            (
                "From April 2013",
                vec![m(
                    None,
                    Some(date(2013, 4, 1)),
                    Some(date(2014, 3, 31)),
                    Certainty::Continuous,
                )],
            ),
            (
                "Workplace changes planned for November, with agile working introduced at same time",
                vec![
                    m(
                        Some("Workplace changes"),
                        Some(date(2013, 11, 1)),
                        Some(date(2013, 11, 30)),
                        Certainty::Firm,
                    ),
                    m(
                        Some("agile working introduced"),
                        Some(date(2013, 11, 1)),
                        Some(date(2013, 11, 30)),
                        Certainty::EventLinked,
                    ),
                ],
            ),
            (
                "Board to be established during 2013/14",
                vec![m(
                    Some("Board to be established"),
                    Some(date(2013, 4, 1)),
                    Some(date(2014, 3, 31)),
                    Certainty::Firm,
                )],
            ),
            (
                "By June 2013",
                vec![m(None, None, Some(date(2013, 6, 30)), Certainty::Firm)],
            ),
            (
                "BME community consultation event – September 2013 (tbc)",
                vec![m(
                    Some("BME community consultation event"),
                    Some(date(2013, 9, 1)),
                    Some(date(2013, 9, 30)),
                    Certainty::ToBeConfirmed,
                )],
            ),
            (
                "In preparation for May 2014 local elections",
                vec![m(
                    Some("Before local elections"),
                    None,
                    Some(date(2014, 4, 30)),
                    Certainty::EventLinked,
                )],
            ),
        ];
        for (text, want) in cases {
            let got = TargetDate::parse(text, p);
            assert_eq!(got.text, text, "the words are kept exactly");
            assert_eq!(got.milestones, want, "{text}");
        }
    }

    #[test]
    fn other_common_phrases() {
        assert_eq!(one("30 June 2013").end, Some(date(2013, 6, 30)));
        assert_eq!(one("30/06/2013").end, Some(date(2013, 6, 30)));
        assert_eq!(one("2013-06-30").end, Some(date(2013, 6, 30)));
        assert_eq!(one("Q3").end, Some(date(2013, 12, 31)));
        assert_eq!(one("Q4 2014/15").start, Some(date(2015, 1, 1)));
        assert_eq!(one("Spring 2014").end, Some(date(2014, 5, 31)));
        assert_eq!(one("during 2014").end, Some(date(2014, 12, 31)));
        assert_eq!(one("Ongoing").certainty, Certainty::Continuous);
        assert_eq!(one("Quarterly").end, Some(date(2014, 3, 31)));
        assert_eq!(one("end of March 2014").end, Some(date(2014, 3, 31)));
        // "may" as a verb is not May.
        assert_eq!(one("Guidance may change").certainty, Certainty::EventLinked);
        assert_eq!(one("by March").end, Some(date(2014, 3, 31)));
        assert!(TargetDate::parse("", plan()).milestones.is_empty());
        assert!(TargetDate::parse("   ", plan()).milestones.is_empty());
    }

    #[test]
    fn months_without_a_year_need_a_plan_period() {
        let t = TargetDate::parse("November", None);
        assert_eq!(t.milestones[0].end, None);
        assert_eq!(t.due_by(), None);
    }

    #[test]
    fn due_by_is_the_last_milestone_and_passes_the_day_after() {
        let t = TargetDate::parse(
            "Base system in place by June 2013 Training by September 2013",
            plan(),
        );
        assert_eq!(t.due_by(), Some(date(2013, 9, 30)));
        assert!(!t.has_passed(date(2013, 9, 30)));
        assert!(t.has_passed(date(2013, 10, 1)));
        assert_eq!(
            t.dates_hint().as_deref(),
            Some("30 June 2013; 30 September 2013")
        );
        assert_eq!(
            TargetDate::parse("Throughout year", plan()).dates_hint(),
            Some("1 April 2013 to 31 March 2014".to_string())
        );
        assert_eq!(
            TargetDate::parse("When funding allows", plan()).dates_hint(),
            None
        );
        assert!(
            !TargetDate::parse("Date for publishing of guidance awaited", plan())
                .has_passed(date(2030, 1, 1))
        );
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "—",
            "(",
            "31 February 2013",
            "Q9",
            "2013/",
            "/",
            "1st",
            "mayday",
            "é é é",
            "2013-",
            "-2013",
            "0/0/0",
            "99999999/1",
        ] {
            let _ = TargetDate::parse(text, plan());
            let _ = TargetDate::parse(text, None);
        }
    }
}
