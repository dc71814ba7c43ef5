//! Workforce snapshots as they are stored: pseudonymised people on a snapshot date, with the
//! settings their reports are published under. The statistics live in `dueregard-stats`.

use crate::validate::{SHORT_TEXT, ValidationErrors};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// What a snapshot is, apart from its people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotFields {
    pub snapshot_date: Date,
    /// The local authority area (GSS code) the workforce is compared with, if any.
    #[serde(default)]
    pub area_code: Option<String>,
    /// "recorded-sex" or "gender-identity": what "sex" means in the gender pay gap.
    pub sex_basis: String,
    /// "threshold-10" or "nhs": the disclosure control preset.
    pub disclosure: String,
    /// A made-up extract for demonstration, labelled as such wherever it shows.
    #[serde(default)]
    pub synthetic: bool,
    pub file_name: String,
    pub fingerprint: String,
    /// The headline figures, as published (after disclosure control), for the year-on-year view.
    #[serde(default)]
    pub headline: Option<Headline>,
}

/// A snapshot's headline figures in percent, each `None` where it does not apply or is hidden.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
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
        if !matches!(self.sex_basis.as_str(), "recorded-sex" | "gender-identity") {
            e.add(
                "sex_basis",
                "Choose how sex is recorded: recorded-sex or gender-identity",
            );
        }
        if !matches!(self.disclosure.as_str(), "threshold-10" | "nhs") {
            e.add(
                "disclosure",
                "Choose a disclosure rule: threshold-10 or nhs",
            );
        }
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// A stored snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkforceSnapshot {
    pub id: i64,
    pub org_id: i64,
    pub employees: i64,
    pub fields: SnapshotFields,
    pub created_at: String,
    pub created_by: String,
}
