//! Field-level validation. Every input path (form, JSON, import) turns raw values into domain
//! values here, so a bad value is refused with the field it came from and a reason a person can
//! act on, in the GOV.UK error-message style ("Enter a title").

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FieldError {
    /// The field's name as the form or API knows it, e.g. `title` or `actions[3].target_text`.
    pub field: String,
    pub message: String,
}

/// Every problem found in one request. Empty means valid.
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    thiserror::Error,
    schemars::JsonSchema,
)]
#[error("{}", self.summary())]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut e = Self::new();
        e.add(field, message);
        e
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// Joins errors found while reading raw input (an id that is not a number, say) with the
    /// result of validating what was read, so a person sees every problem at once.
    pub fn and<T>(mut self, result: Result<T, ValidationErrors>) -> Result<T, ValidationErrors> {
        match result {
            Ok(v) if self.is_empty() => Ok(v),
            Ok(_) => Err(self),
            Err(mut more) => {
                self.0.append(&mut more.0);
                Err(self)
            }
        }
    }

    /// `Ok(value)` when nothing was found wrong.
    pub fn finish<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    fn summary(&self) -> String {
        self.0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Limits on free text, so one field cannot fill the database or a page.
pub const SHORT_TEXT: usize = 300;
pub const LONG_TEXT: usize = 20_000;

/// Characters that show nothing: spaces, and format characters such as the zero-width space,
/// joiners, the soft hyphen, the byte order mark and the direction marks. A title made only of
/// these would look empty on every page.
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFF8}'
        )
}

/// Characters that reorder the text around them (embeddings, overrides, isolates): in a name or
/// title they can make what is shown differ from what is stored.
fn reorders(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether the text shows at least one character.
pub fn visible(v: &str) -> bool {
    v.chars().any(|c| !invisible(c))
}

/// A required piece of text: trimmed, with a visible character, not too long, no control
/// characters.
pub fn required(
    errors: &mut ValidationErrors,
    field: &str,
    what: &str,
    value: &str,
    max: usize,
) -> String {
    let v = value.trim();
    if !visible(v) {
        errors.add(field, format!("Enter {what}"));
    } else {
        check_text(errors, field, what, v, max);
    }
    v.to_string()
}

/// Optional text: trimmed; empty (or nothing visible) becomes `None`.
pub fn optional(
    errors: &mut ValidationErrors,
    field: &str,
    what: &str,
    value: &str,
    max: usize,
) -> Option<String> {
    let v = value.trim();
    if !visible(v) {
        return None;
    }
    check_text(errors, field, what, v, max);
    Some(v.to_string())
}

fn check_text(errors: &mut ValidationErrors, field: &str, what: &str, v: &str, max: usize) {
    let len = v.chars().count();
    if len > max {
        let what = capitalise(
            what.trim_start_matches("a ")
                .trim_start_matches("an ")
                .trim_start_matches("the "),
        );
        errors.add(
            field,
            format!("{what} must be {max} characters or fewer (it has {len})"),
        );
    } else if v
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        errors.add(field, format!("Remove control characters from {what}"));
    } else if max <= SHORT_TEXT && v.chars().any(reorders) {
        errors.add(
            field,
            format!("Remove the characters that change the direction of text from {what}"),
        );
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A date written as `YYYY-MM-DD` (the HTML date input and the API both send this form).
pub fn optional_date(
    errors: &mut ValidationErrors,
    field: &str,
    what: &str,
    value: &str,
) -> Option<Date> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse::<Date>() {
        Ok(d) if (1900..=2200).contains(&d.year()) => Some(d),
        _ => {
            errors.add(field, format!("{} must be a real date", capitalise(what)));
            None
        }
    }
}

pub fn required_date(
    errors: &mut ValidationErrors,
    field: &str,
    what: &str,
    value: &str,
) -> Option<Date> {
    if value.trim().is_empty() {
        errors.add(field, format!("Enter {what}"));
        return None;
    }
    optional_date(errors, field, what, value)
}

/// Reads id lists as sent by a form's checkboxes, once each.
pub fn ids(errors: &mut ValidationErrors, field: &str, values: &[String]) -> Vec<i64> {
    let mut out = Vec::new();
    for v in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        match v.parse::<i64>() {
            Ok(id) if !out.contains(&id) => out.push(id),
            Ok(_) => {}
            Err(_) => errors.add(field, "Choose from the list"),
        }
    }
    out
}

/// Reads a list of vocabulary keys, refusing any we do not know.
pub fn keys<T>(
    errors: &mut ValidationErrors,
    field: &str,
    values: &[String],
    parse: fn(&str) -> Option<T>,
) -> Vec<T>
where
    T: PartialEq,
{
    let mut out = Vec::new();
    for v in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        match parse(v) {
            Some(k) if !out.contains(&k) => out.push(k),
            Some(_) => {}
            None => errors.add(field, format!("'{v}' is not one of the choices")),
        }
    }
    out
}

/// A day in a cell of a table of figures: `2025-03-31`, or `31/03/2025` as UK spreadsheets write
/// it.
pub fn table_day(raw: &str) -> Option<Date> {
    let r = raw.trim();
    r.parse::<Date>()
        .ok()
        .or_else(|| Date::strptime("%d/%m/%Y", r).ok())
}

/// The column of a table's heading row that any of `names` heads (a heading may add words after
/// the name: "Count of people"), case aside.
pub fn table_column(header: &[String], names: &[&str]) -> Option<usize> {
    header.iter().position(|h| {
        let h = h.trim().to_lowercase();
        names
            .iter()
            .any(|n| h == *n || h.starts_with(&format!("{n} ")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_must_show_something_and_not_reorder_itself() {
        let mut e = ValidationErrors::new();
        required(
            &mut e,
            "title",
            "a title",
            "\u{200B}\u{200D}\u{FEFF}\u{2060}",
            50,
        );
        required(&mut e, "name", "a name", "Adult \u{202E}secivreS", 50);
        required(
            &mut e,
            "other",
            "a name",
            "Adult \u{2067}Services\u{2069}",
            50,
        );
        assert_eq!(e.for_field("title"), Some("Enter a title"));
        assert_eq!(
            e.for_field("name"),
            Some("Remove the characters that change the direction of text from a name")
        );
        assert!(e.for_field("other").is_some());
        let mut e = ValidationErrors::new();
        assert_eq!(
            optional(&mut e, "note", "a note", "\u{00AD}\u{200C}", 50),
            None
        );
        // Right-to-left text with its marks is fine, as are accents and emoji.
        required(
            &mut e,
            "name",
            "a name",
            "\u{0645}\u{0631}\u{062D}\u{0628}\u{0627}\u{200F}",
            50,
        );
        required(&mut e, "title", "a title", "Café ☕", 50);
        assert!(e.is_empty(), "{e:?}");
    }

    #[test]
    fn required_text_is_trimmed_and_checked() {
        let mut e = ValidationErrors::new();
        assert_eq!(
            required(&mut e, "title", "a title", "  Hello ", 10),
            "Hello"
        );
        assert!(e.is_empty());
        required(&mut e, "title", "a title", "   ", 10);
        required(&mut e, "code", "a code", "far too long here", 5);
        required(&mut e, "name", "a name", "bell\u{7}", 50);
        assert_eq!(e.for_field("title"), Some("Enter a title"));
        assert_eq!(
            e.for_field("code"),
            Some("Code must be 5 characters or fewer (it has 17)")
        );
        assert_eq!(
            e.for_field("name"),
            Some("Remove control characters from a name")
        );
    }

    #[test]
    fn reading_and_validation_errors_are_reported_together() {
        let read = ValidationErrors::single("lead_ids", "Select lead officers from the list");
        let both = read
            .clone()
            .and::<()>(Err(ValidationErrors::single("title", "Enter a title")));
        assert_eq!(both.err().map(|e| e.0.len()), Some(2));
        assert_eq!(read.and(Ok(1)).err().map(|e| e.0.len()), Some(1));
        assert_eq!(ValidationErrors::new().and(Ok(1)), Ok(1));
    }

    #[test]
    fn dates_must_be_real() {
        let mut e = ValidationErrors::new();
        assert!(optional_date(&mut e, "d", "the date", "2013-02-30").is_none());
        assert!(optional_date(&mut e, "d", "the date", "").is_none());
        assert_eq!(e.0.len(), 1);
        assert!(required_date(&mut e, "x", "the approval date", "").is_none());
        assert_eq!(e.for_field("x"), Some("Enter the approval date"));
    }
}
