//! Reads an HR snapshot extract (CSV, XLSX or ODS) into a [`Workforce`].
//!
//! Columns are found by their headings, which HR systems spell many ways; the person importing
//! can say which column holds what. Every problem is reported with its row and column, unknown
//! codes are counted, and if anything is wrong the whole file is refused: a snapshot is used
//! whole or not at all. References are pseudonymised here, so raw ones never leave this module.

use super::bytemap::ByteMap;
use super::pseudonym::Pseudonymiser;
use super::source::{FileSource, Source};
use crate::import::document::{self, Kind};
use crate::import::sheet::{self, ColumnRef};
use crate::import::{ImportError, decode};
use dueregard_stats::classify::{self, Characteristic};
use dueregard_stats::paygap::{HourlyRate, RateError};
use dueregard_stats::workforce::Workforce;
use jiff::civil::Date;
use std::collections::HashMap;

/// What a column of an HR extract can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HrField {
    Reference,
    Sex,
    Ethnicity,
    Disability,
    Religion,
    SexualOrientation,
    DateOfBirth,
    Age,
    Directorate,
    Grade,
    WeeklyHours,
    PeriodHours,
    OrdinaryPay,
    PeriodBonus,
    PeriodDays,
    Bonus,
    OnLeave,
    FullPayRelevant,
    StartDate,
}

impl HrField {
    pub const ALL: [HrField; 19] = [
        HrField::Reference,
        HrField::Sex,
        HrField::Ethnicity,
        HrField::Disability,
        HrField::Religion,
        HrField::SexualOrientation,
        HrField::DateOfBirth,
        HrField::Age,
        HrField::Directorate,
        HrField::Grade,
        HrField::WeeklyHours,
        HrField::PeriodHours,
        HrField::OrdinaryPay,
        HrField::PeriodBonus,
        HrField::PeriodDays,
        HrField::Bonus,
        HrField::OnLeave,
        HrField::FullPayRelevant,
        HrField::StartDate,
    ];

    /// The name used in `--column name=C`.
    pub fn key(self) -> &'static str {
        match self {
            HrField::Reference => "reference",
            HrField::Sex => "sex",
            HrField::Ethnicity => "ethnicity",
            HrField::Disability => "disability",
            HrField::Religion => "religion",
            HrField::SexualOrientation => "sexual-orientation",
            HrField::DateOfBirth => "date-of-birth",
            HrField::Age => "age",
            HrField::Directorate => "directorate",
            HrField::Grade => "grade",
            HrField::WeeklyHours => "weekly-hours",
            HrField::PeriodHours => "period-hours",
            HrField::OrdinaryPay => "ordinary-pay",
            HrField::PeriodBonus => "period-bonus",
            HrField::PeriodDays => "period-days",
            HrField::Bonus => "bonus",
            HrField::OnLeave => "on-leave",
            HrField::FullPayRelevant => "full-pay-relevant",
            HrField::StartDate => "start-date",
        }
    }

    /// Headings that mean this field, normalised (lower case, single spaces). The first is the
    /// one our own synthetic extracts use.
    fn headings(self) -> &'static [&'static str] {
        match self {
            HrField::Reference => &[
                "employee reference",
                "employee id",
                "employee number",
                "staff number",
                "payroll number",
                "assignment number",
                "person id",
                "emp no",
                "reference",
            ],
            HrField::Sex => &["sex", "gender", "legal sex"],
            HrField::Ethnicity => &["ethnic group", "ethnicity", "ethnic origin"],
            HrField::Disability => &["disability", "disabled", "disability status"],
            HrField::Religion => &["religion or belief", "religion", "belief"],
            HrField::SexualOrientation => &["sexual orientation", "sexuality"],
            HrField::DateOfBirth => &["date of birth", "dob", "birth date"],
            HrField::Age => &["age", "age at snapshot"],
            HrField::Directorate => &["directorate", "department", "division", "service area"],
            HrField::Grade => &["grade", "pay band", "band", "pay grade", "grade band"],
            HrField::WeeklyHours => &[
                "contracted weekly hours",
                "weekly hours",
                "contracted hours",
                "hours per week",
            ],
            HrField::PeriodHours => &["hours in pay period", "hours in period", "period hours"],
            HrField::OrdinaryPay => &[
                "ordinary pay in pay period",
                "ordinary pay",
                "gross ordinary pay",
                "ordinary pay in period",
            ],
            HrField::PeriodBonus => &[
                "bonus pay in pay period",
                "bonus in pay period",
                "period bonus",
            ],
            HrField::PeriodDays => &[
                "pay period days",
                "days in pay period",
                "pay period length",
                "pay period",
                "pay frequency",
            ],
            HrField::Bonus => &[
                "bonus pay in 12 months",
                "bonus pay",
                "bonus in 12 months",
                "bonus",
                "annual bonus",
            ],
            HrField::OnLeave => &[
                "on leave with reduced pay",
                "on reduced pay leave",
                "on leave with reduced or no pay",
                "on leave",
            ],
            HrField::FullPayRelevant => {
                &["full pay relevant", "full pay relevant employee", "fpre"]
            }
            HrField::StartDate => &["start date", "date started", "continuous service date"],
        }
    }
}

/// "ethnicity=C" or "reference=Staff No".
pub fn parse_column_choice(text: &str) -> Result<(HrField, ColumnRef), String> {
    let (field, column) = text.split_once('=').ok_or_else(|| {
        format!("'{text}' should say which column holds what, like ethnicity=C or \"reference=Staff No\"")
    })?;
    let key = field.trim().to_lowercase().replace(['_', ' '], "-");
    let field = HrField::ALL
        .into_iter()
        .find(|f| f.key() == key)
        .ok_or_else(|| {
            let keys: Vec<&str> = HrField::ALL.iter().map(|f| f.key()).collect();
            format!(
                "'{}' is not a column of an HR extract. Use one of: {}",
                field.trim(),
                keys.join(", ")
            )
        })?;
    let column = column.trim();
    if column.is_empty() {
        return Err(format!("Say which column holds the {}", field.key()));
    }
    let letters = column.len() <= 2 && column.chars().all(|c| c.is_ascii_alphabetic());
    Ok((
        field,
        if letters {
            ColumnRef::Index(sheet::column_index(column))
        } else {
            ColumnRef::Heading(column.to_string())
        },
    ))
}

/// How to read an extract.
#[derive(Clone)]
pub struct ExtractOptions {
    pub snapshot_date: Date,
    pub columns: Vec<(HrField, ColumnRef)>,
    pub pseudonymiser: Pseudonymiser,
    /// Told (bytes read, bytes in all) as a large CSV file is read, for a progress bar.
    pub progress: Option<Progress>,
}

/// A progress callback.
pub type Progress = std::sync::Arc<dyn Fn(u64, u64) + Send + Sync>;

/// An extract read in full.
pub struct Extract {
    pub workforce: Workforce,
    /// One per person, in the same order as the workforce.
    pub pseudonyms: Vec<u128>,
    /// Which heading was read as what.
    pub columns: Vec<(HrField, String)>,
    /// The headings of the columns that were not read, so nothing is left out unsaid.
    pub unused: Vec<String>,
    /// Things worth knowing that are not errors.
    pub notes: Vec<String>,
}

/// One thing wrong with the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The row as a spreadsheet shows it, from 1 (the header row included).
    pub row: Option<usize>,
    pub column: Option<String>,
    pub message: String,
}

/// Why an extract was refused. Nothing is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractError {
    pub problems: Vec<Problem>,
    /// How many problems there were, including those not listed.
    pub total: usize,
}

/// The most problems listed; the rest are counted.
const MAX_LISTED: usize = 50;
/// More rows than any employer has staff.
const MAX_ROWS: usize = 5_000_000;

impl ExtractError {
    /// A refusal with one problem that belongs to no row.
    pub fn one(message: impl Into<String>) -> Self {
        ExtractError {
            problems: vec![Problem {
                row: None,
                column: None,
                message: message.into(),
            }],
            total: 1,
        }
    }
}

impl ExtractError {
    /// "The extract was not imported: 3 problems found. Nothing was stored."
    pub fn summary(&self) -> String {
        format!(
            "The extract was not imported: {} problem{} found. Nothing was stored.",
            self.total,
            if self.total == 1 { "" } else { "s" }
        )
    }

    /// Each problem as a sentence that says where it is, then how many more there were.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self.problems.iter().map(Problem::to_string).collect();
        if self.total > self.problems.len() {
            out.push(format!("and {} more", self.total - self.problems.len()));
        }
        out
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.row, &self.column) {
            (Some(r), Some(c)) => write!(f, "Row {r}, column '{c}': {}", self.message),
            (Some(r), None) => write!(f, "Row {r}: {}", self.message),
            (None, Some(c)) => write!(f, "Column '{c}': {}", self.message),
            (None, None) => write!(f, "{}", self.message),
        }
    }
}

impl std::fmt::Display for ExtractError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}", self.summary())?;
        for line in self.lines() {
            writeln!(f, "- {line}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ExtractError {}

impl From<ImportError> for ExtractError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::TooLong => ExtractError::one(
                "The spreadsheet has more than 200,000 rows. Save it as CSV, which has no such limit, and try again",
            ),
            ImportError::TooLarge { .. } => ExtractError::one("The file is too large to read"),
            other => ExtractError::one(other.to_string()),
        }
    }
}

/// Reads an extract of any supported kind.
pub fn read_extract(
    bytes: &[u8],
    file_name: &str,
    options: &ExtractOptions,
) -> Result<Extract, ExtractError> {
    let kind = document::table_kind(bytes, file_name)?;
    match kind {
        Kind::Xlsx | Kind::Ods => {
            let sheets = if kind == Kind::Xlsx {
                sheet::read_xlsx(bytes)?
            } else {
                sheet::read_ods(bytes)?
            };
            let rows = sheets
                .into_iter()
                .map(|s| s.rows)
                .find(|rows| header_at(rows).is_some())
                .unwrap_or_default();
            let Some(h) = header_at(&rows) else {
                return Err(no_header(rows.first().map(|r| r.1.join(" | "))));
            };
            let mut reader = Reader::new(&rows[h].1, options)?;
            for (row_no, cells) in &rows[h + 1..] {
                reader.row(*row_no, |i| cells.get(i).map_or(&b""[..], |c| c.as_bytes()));
            }
            reader.finish()
        }
        _ => read_csv(bytes, options, HEAD),
    }
}

/// A header row names three or more columns we know.
fn names_columns(cells: &[String]) -> bool {
    cells
        .iter()
        .filter(|c| field_for_heading(c).is_some())
        .count()
        >= 3
}

/// The header is the first row (of the first ten) where three or more headings are known.
fn header_at(rows: &[(usize, Vec<String>)]) -> Option<usize> {
    rows.iter()
        .take(10)
        .position(|(_, cells)| names_columns(cells))
}

fn no_header(found: Option<String>) -> ExtractError {
    ExtractError::one(format!(
        "This is not an HR extract: no row names its columns. Add a header row with headings such as Employee reference, Sex, Ethnic group, Ordinary pay and Weekly hours. The first row reads: {}",
        found.unwrap_or_else(|| "(nothing)".into())
    ))
}

pub(crate) fn normalise_heading(h: &str) -> String {
    h.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A heading's words with the abbreviations HR and payroll systems use written out:
/// "employee_ref" → "employee reference", "bonus_12m" → "bonus 12 months", "EmpNo" →
/// "employee number", "DOB" → "date of birth".
pub(crate) fn heading_words(h: &str) -> Vec<String> {
    // camelCase and digits against letters ("EmpNo", "bonus12m") split into words.
    let mut spaced = String::new();
    let mut previous: Option<char> = None;
    for c in h.chars() {
        if let Some(p) = previous
            && ((p.is_lowercase() && c.is_uppercase()) || (p.is_alphabetic() && c.is_ascii_digit()))
        {
            spaced.push(' ');
        }
        spaced.push(c);
        previous = Some(c);
    }
    let mut words = Vec::new();
    for w in normalise_heading(&spaced)
        .split(' ')
        .filter(|w| !w.is_empty())
    {
        let expanded: &[&str] = match w {
            "ref" | "refno" => &["reference"],
            "no" | "num" | "nbr" | "number" | "id" => &["number"],
            "emp" | "ee" | "empl" => &["employee"],
            "12m" | "12mths" | "12months" | "12mth" => &["12", "months"],
            "mths" | "mth" => &["months"],
            "dob" => &["date", "of", "birth"],
            "hrs" => &["hours"],
            "wk" | "wkly" => &["weekly"],
            "pw" => &["per", "week"],
            "dept" => &["department"],
            "org" => &["organisation"],
            "contr" | "cont" => &["contracted"],
            "yn" | "flag" | "amount" | "amt" | "value" | "gbp" | "desc" | "description" => &[],
            other => {
                words.push(other.to_string());
                continue;
            }
        };
        words.extend(expanded.iter().map(|s| s.to_string()));
    }
    words
}

pub(crate) fn field_for_heading(h: &str) -> Option<HrField> {
    let plain = normalise_heading(h);
    if let Some(f) = HrField::ALL
        .into_iter()
        .find(|f| f.headings().contains(&plain.as_str()))
    {
        return Some(f);
    }
    let words = heading_words(h);
    let joined = words.join(" ");
    if let Some(f) = HrField::ALL
        .into_iter()
        .find(|f| f.headings().contains(&joined.as_str()))
    {
        return Some(f);
    }
    let has = |w: &str| words.iter().any(|x| x == w);
    let starts = |w: &str| words.iter().any(|x| x.starts_with(w));
    // Only words that say which bonus amount it is; "bonus eligible" is not an amount.
    let bonus_words = [
        "bonus", "pay", "paid", "12", "months", "annual", "total", "in", "the", "last", "year",
        "gross", "period", "received",
    ];
    Some(if has("bonus") {
        if !words.iter().all(|w| bonus_words.contains(&w.as_str())) {
            return None;
        }
        if has("period") && !has("months") {
            HrField::PeriodBonus
        } else {
            HrField::Bonus
        }
    } else if (has("employee")
        || has("staff")
        || has("person")
        || has("assignment")
        || has("payroll")
        || has("worker"))
        && (has("number") || has("reference"))
    {
        HrField::Reference
    } else if starts("ethnic") {
        HrField::Ethnicity
    } else if starts("disab") {
        HrField::Disability
    } else if starts("religio") || has("belief") {
        HrField::Religion
    } else if has("sexual") || has("orientation") {
        HrField::SexualOrientation
    } else if has("sex") || has("gender") {
        HrField::Sex
    } else if has("birth") {
        HrField::DateOfBirth
    } else if has("age") && words.len() <= 3 {
        HrField::Age
    } else if has("directorate") || has("department") || has("division") || has("organisation") {
        HrField::Directorate
    } else if has("grade") || has("band") {
        HrField::Grade
    } else if has("hours") && (has("weekly") || has("week") || has("contracted")) {
        HrField::WeeklyHours
    } else if has("hours") && has("period") {
        HrField::PeriodHours
    } else if has("ordinary") && (has("pay") || has("earnings")) {
        HrField::OrdinaryPay
    } else if has("fpre") || joined.contains("full pay relevant") {
        HrField::FullPayRelevant
    } else if has("leave") && (has("reduced") || has("unpaid") || has("no")) {
        HrField::OnLeave
    } else {
        return None;
    })
}

/// Whether an unread column's heading says it holds bonus pay, which, left unread, would count
/// as no bonus for everyone.
pub(crate) fn looks_like_bonus(h: &str) -> bool {
    heading_words(h).iter().any(|w| w == "bonus")
}

mod parts;
mod reader;

use parts::{HEAD, read_csv};
pub use parts::{MAX_WHOLE_FILE, read_extract_file};
pub(crate) use reader::CODED;
use reader::Reader;
pub use reader::{parse_date, parse_decimal};
