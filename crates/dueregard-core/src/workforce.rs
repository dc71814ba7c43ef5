//! Workforce snapshots as they are stored: pseudonymised people on a snapshot date, with the
//! settings their reports are published under. The statistics live in `dueregard-stats`.

use crate::validate::{SHORT_TEXT, ValidationErrors};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub use dueregard_stats::disclosure::Preset;
pub use dueregard_stats::workforce::SexBasis;

/// What a snapshot is, apart from its people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SnapshotFields {
    pub snapshot_date: Date,
    /// The local authority area (GSS code) the workforce is compared with, if any.
    #[serde(default)]
    pub area_code: Option<String>,
    /// What "sex" means in the gender pay gap (stored as `recorded-sex` or `gender-identity`).
    pub sex_basis: SexBasis,
    /// The disclosure control preset (stored as `threshold-10` or `nhs`).
    pub disclosure: Preset,
    /// A made-up extract for demonstration, labelled as such wherever it shows.
    #[serde(default)]
    pub synthetic: bool,
    pub file_name: String,
    pub fingerprint: String,
    /// The headline figures, as published (after disclosure control), for the year-on-year view.
    #[serde(default)]
    pub headline: Option<Headline>,
    /// The headings of the extract's columns that were not read, so nothing is left out unsaid.
    #[serde(default)]
    pub columns_not_read: Vec<String>,
}

/// A snapshot's headline figures in percent, each `None` where it does not apply or is hidden.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, schemars::JsonSchema)]
pub struct Headline {
    pub mean_hourly_gap: Option<f64>,
    pub median_hourly_gap: Option<f64>,
    pub mean_bonus_gap: Option<f64>,
    pub median_bonus_gap: Option<f64>,
    pub women_in_upper_quartile: Option<f64>,
    /// Of staff who answered.
    pub disabled: Option<f64>,
    pub ethnic_minority: Option<f64>,
}

impl Eq for Headline {}

impl SnapshotFields {
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        if self.file_name.chars().count() > SHORT_TEXT {
            e.add("file_name", "The file name is too long");
        }
        if let Some(a) = &self.area_code
            && !(a.len() == 9 && a.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            e.add(
                "area_code",
                "An area code is nine letters and digits, like E08000027",
            );
        }
        e.finish(())
    }
}

/// One pseudonymised person. Codes are the census categories of `dueregard-stats::classify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EmployeeRecord {
    /// 32 hexadecimal digits: a keyed hash of the employee reference.
    pub pseudonym: String,
    /// Sex, ethnicity, disability, religion, sexual orientation, age band.
    pub codes: [u8; 6],
    pub directorate: String,
    pub grade: String,
    /// The hourly rate in pence as an exact fraction, for full-pay relevant employees.
    pub rate: Option<(i64, i64)>,
    pub bonus_pence: i64,
}

impl EmployeeRecord {
    /// Each characteristic's code is one of its categories.
    pub fn check_codes(&self) -> Result<(), String> {
        for (code, c) in self
            .codes
            .iter()
            .zip(dueregard_stats::classify::Characteristic::ALL)
        {
            if usize::from(*code) >= c.categories().len() {
                return Err(format!("{} has no category numbered {code}", c.label()));
            }
        }
        Ok(())
    }
}

/// A stored snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WorkforceSnapshot {
    pub id: i64,
    pub org_id: i64,
    pub employees: i64,
    pub fields: SnapshotFields,
    pub created_at: String,
    pub created_by: String,
}

/// The order directorates and grades are listed in: by name, with numbers in names compared as
/// numbers, so "Grade 2" comes before "Grade 10", and "Band 8a" before "Band 8b".
pub fn natural_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(s: &str) -> impl Iterator<Item = (bool, &str)> {
        let mut rest = s;
        std::iter::from_fn(move || {
            let first = rest.chars().next()?;
            let digits = first.is_ascii_digit();
            let end = rest
                .find(|c: char| c.is_ascii_digit() != digits)
                .unwrap_or(rest.len());
            let (chunk, tail) = rest.split_at(end);
            rest = tail;
            Some((digits, chunk))
        })
    }
    let mut left = chunks(a);
    let mut right = chunks(b);
    loop {
        let order = match (left.next(), right.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some((true, x)), Some((true, y))) => {
                let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
                x.len().cmp(&y.len()).then_with(|| x.cmp(y))
            }
            (Some((_, x)), Some((_, y))) => x.to_lowercase().cmp(&y.to_lowercase()),
        };
        if order.is_ne() {
            return order;
        }
    }
}

#[cfg(test)]
mod natural_order_tests {
    use super::natural_order;

    #[test]
    fn numbers_in_names_sort_as_numbers() {
        let mut names = vec![
            "Grade 10",
            "Grade 2",
            "band 8b",
            "Band 8a",
            "Grade 1",
            "Adult Social Care",
            "Grade 02",
            "",
        ];
        names.sort_by(|a, b| natural_order(a, b));
        assert_eq!(
            names,
            [
                "",
                "Adult Social Care",
                "Band 8a",
                "band 8b",
                "Grade 1",
                "Grade 02",
                "Grade 2",
                "Grade 10"
            ]
        );
    }
}
