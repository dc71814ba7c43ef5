//! Workforce snapshots for the command line and the web app: read an extract with the
//! organisation's secret, store it, and turn stored people back into a report.

use crate::app::secrets::random_token;
use dueregard_core::store::{Actor, Store, StoreError};
use dueregard_core::workforce::{
    EmployeeRecord, Headline, SnapshotFields, WorkforceSnapshot, natural_order,
};
use dueregard_formats::workforce::extract::{
    Extract, ExtractError, ExtractOptions, read_extract, read_extract_file,
};
use dueregard_formats::workforce::pseudonym::{Pseudonymiser, pseudonym_text};
use dueregard_formats::workforce::reference;
use dueregard_stats::classify::Characteristic;
use dueregard_stats::disclosure::Preset;
use dueregard_stats::disclosure::SUPPRESSED;
use dueregard_stats::paygap::HourlyRate;
use dueregard_stats::rounding::one_decimal_place;
use dueregard_stats::workforce::{
    PublishedCell, ReportSettings, SexBasis, Workforce, WorkforceReport, analyse,
};
use std::collections::HashMap;

/// A one-off secret, for analyses that are not stored: pseudonyms then link nothing.
pub fn throwaway_secret() -> anyhow::Result<Pseudonymiser> {
    let secret = random_token().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Pseudonymiser::new(secret.as_bytes()))
}

/// How a report is worked out.
pub fn settings(disclosure: Preset, sex_basis: SexBasis) -> ReportSettings {
    ReportSettings {
        policy: disclosure.policy(),
        sex_basis,
    }
}

/// The settings from the names people type (`threshold-10`, `nhs`; `recorded-sex`,
/// `gender-identity`).
pub fn parse_settings(disclosure: &str, sex_basis: &str) -> Result<(Preset, SexBasis), String> {
    let preset = Preset::parse(disclosure).ok_or_else(|| {
        format!("'{disclosure}' is not a disclosure rule: use threshold-10 or nhs")
    })?;
    let basis = SexBasis::parse(sex_basis).ok_or_else(|| {
        format!("'{sex_basis}' is not a basis for sex: use recorded-sex or gender-identity")
    })?;
    Ok((preset, basis))
}

/// Where an extract comes from.
pub enum ExtractFrom<'a> {
    /// An uploaded file, in memory.
    Upload { bytes: &'a [u8], file_name: &'a str },
    /// A file on disk: a large CSV file is read a chunk at a time.
    File(&'a std::path::Path),
}

/// Reads an extract.
pub fn read(
    from: ExtractFrom,
    snapshot_date: jiff::civil::Date,
    columns: &[String],
    pseudonymiser: Pseudonymiser,
    progress: Option<dueregard_formats::workforce::extract::Progress>,
) -> Result<Extract, ExtractError> {
    let columns = columns
        .iter()
        .map(|c| dueregard_formats::workforce::extract::parse_column_choice(c))
        .collect::<Result<Vec<_>, String>>()
        .map_err(ExtractError::one)?;
    let options = ExtractOptions {
        snapshot_date,
        columns,
        pseudonymiser,
        progress,
    };
    match from {
        ExtractFrom::Upload { bytes, file_name } => read_extract(bytes, file_name, &options),
        ExtractFrom::File(path) => read_extract_file(path, &options),
    }
}

/// The people of an extract as they are stored.
pub fn records(extract: &Extract) -> Vec<EmployeeRecord> {
    let w = &extract.workforce;
    (0..w.len())
        .map(|i| EmployeeRecord {
            pseudonym: pseudonym_text(extract.pseudonyms[i]),
            codes: std::array::from_fn(|c| w.characteristics[c][i]),
            directorate: w.directorates[usize::from(w.directorate[i])].clone(),
            grade: w.grades[usize::from(w.grade[i])].clone(),
            rate: w.rate[i].map(HourlyRate::parts),
            bonus_pence: w.bonus_pence[i],
        })
        .collect()
}

/// Stored people back into a workforce ready to analyse. Directorates and grades are numbered
/// in their natural order, so a report lists them the same way however the people were read.
pub fn workforce(people: &[EmployeeRecord]) -> Workforce {
    let mut w = Workforce::default();
    let numbered = |name: fn(&EmployeeRecord) -> &str, names: &mut Vec<String>| {
        let mut distinct: Vec<&str> = people
            .iter()
            .map(name)
            .collect::<std::collections::HashSet<_>>()
            .into_iter()
            .collect();
        distinct.sort_unstable_by(|a, b| natural_order(a, b));
        names.extend(distinct.iter().map(|n| n.to_string()));
        distinct
            .into_iter()
            .enumerate()
            .map(|(i, n)| (n, i as u16))
            .collect::<HashMap<&str, u16>>()
    };
    let directorates = numbered(|p| &p.directorate, &mut w.directorates);
    let grades = numbered(|p| &p.grade, &mut w.grades);
    for p in people {
        for (c, code) in p.codes.iter().enumerate() {
            // A code from a later version is read as "not known" rather than mis-counted.
            let limit = Characteristic::ALL[c].categories().len() as u8;
            let code = if *code < limit {
                *code
            } else {
                Characteristic::ALL[c].not_known()
            };
            w.characteristics[c].push(code);
        }
        w.directorate.push(
            directorates
                .get(p.directorate.as_str())
                .copied()
                .unwrap_or(0),
        );
        w.grade
            .push(grades.get(p.grade.as_str()).copied().unwrap_or(0));
        w.rate
            .push(p.rate.and_then(|(n, d)| HourlyRate::from_parts(n, d)));
        w.bonus_pence.push(p.bonus_pence);
    }
    w.rank_by_pay();
    w
}

/// The report a snapshot's settings give for these people.
pub fn report_for(workforce: &Workforce, fields: &SnapshotFields) -> WorkforceReport {
    let settings = settings(fields.disclosure, fields.sex_basis);
    let population = fields
        .area_code
        .as_deref()
        .and_then(|a| reference::find_area(a).ok())
        .map(|a| reference::population(&a));
    analyse(workforce, &settings, population.as_ref())
}

/// The report for a stored snapshot, as `actor` sees it (the read is audited).
pub async fn stored_report(
    store: &dyn Store,
    actor: &Actor,
    org: i64,
    snapshot: &WorkforceSnapshot,
) -> Result<WorkforceReport, StoreError> {
    // The kept report, if this version can read it; otherwise work it out from the people
    // (an audited read) and keep it for next time.
    let kept = store.snapshot_report(org, snapshot.id).await?;
    if let Some(report) = kept.and_then(|json| serde_json::from_str(&json).ok()) {
        return Ok(report);
    }
    let people = store.snapshot_people(actor, org, snapshot.id).await?;
    let report = report_for(&workforce(&people), &snapshot.fields);
    keep_report(store, org, snapshot.id, &report).await?;
    Ok(report)
}

async fn keep_report(
    store: &dyn Store,
    org: i64,
    id: i64,
    report: &WorkforceReport,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(report)
        .map_err(|e| StoreError::Backend(format!("the report could not be written: {e}")))?;
    store.keep_snapshot_report(org, id, &json).await
}

/// The figures the year-on-year view shows, from a report (so after disclosure control).
pub fn headline(report: &WorkforceReport) -> Headline {
    let gender = report.pay_gaps.first().and_then(|g| g.measures.as_ref());
    let policy = &report.settings.policy;
    // A share of those who answered, from a table's published totals only: the part's own
    // rows, or else those who answered less the rest. Shown only when both counts it rests on
    // pass the disclosure rule.
    let share = |c: Characteristic, part: &dyn Fn(usize) -> bool| -> Option<f64> {
        let table = report.tables.iter().find(|t| t.characteristic == c)?;
        let sum = |which: &dyn Fn(usize) -> bool| -> Option<u64> {
            let mut total = 0;
            for (code, cell) in table.row_totals.iter().enumerate() {
                if which(code) {
                    total += cell.count?;
                }
            }
            Some(total)
        };
        let disclosed = |code: usize| c.is_disclosed(code as u8);
        let unanswered = sum(&|code| !disclosed(code))?;
        let answered = table.grand_total.count?.checked_sub(unanswered)?;
        let yes = sum(&|code| disclosed(code) && part(code))
            .or_else(|| answered.checked_sub(sum(&|code| disclosed(code) && !part(code))?))?;
        let safe = answered > 0 && !policy.is_small(yes) && !policy.is_small(answered);
        safe.then(|| one_decimal_place(yes as f64 * 100.0 / answered as f64))
    };
    Headline {
        mean_hourly_gap: gender.and_then(|m| m.mean_hourly),
        median_hourly_gap: gender.and_then(|m| m.median_hourly),
        mean_bonus_gap: gender.and_then(|m| m.mean_bonus),
        median_bonus_gap: gender.and_then(|m| m.median_bonus),
        women_in_upper_quartile: gender.and_then(|m| m.quartiles.get(3).and_then(|q| q.1)),
        disabled: share(Characteristic::Disability, &|code| {
            code == usize::from(dueregard_stats::classify::DISABLED)
        }),
        ethnic_minority: share(Characteristic::Ethnicity, &|code| {
            code != usize::from(dueregard_stats::classify::WHITE_BRITISH)
        }),
    }
}

/// Stores an extract as a snapshot, with its headline figures.
pub async fn store_snapshot(
    store: &dyn Store,
    actor: &Actor,
    org: i64,
    extract: &Extract,
    mut fields: SnapshotFields,
) -> Result<WorkforceSnapshot, StoreError> {
    // The report is worked out from the people as stored, exactly as a later reading of them
    // would give it, and kept with the snapshot.
    let people = records(extract);
    let report = report_for(&workforce(&people), &fields);
    fields.headline = Some(headline(&report));
    fields.columns_not_read.clone_from(&extract.unused);
    let snapshot = store.create_snapshot(actor, org, fields, &people).await?;
    keep_report(store, org, snapshot.id, &report).await?;
    Ok(snapshot)
}

/// "Sex ← Gender, Ethnicity ← Ethnic origin, …": which heading was read as what.
pub fn column_summary(extract: &Extract) -> String {
    extract
        .columns
        .iter()
        .map(|(f, h)| format!("{} ← '{h}'", f.key()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A published percentage as people read it, or "not applicable".
pub fn percent_text(v: Option<f64>) -> String {
    v.map_or_else(|| "not applicable".to_string(), |v| format!("{v:.1}%"))
}

/// A share that may be hidden: the percentage, or the mark of a hidden count.
pub fn share_text(v: Option<f64>) -> String {
    v.map_or_else(|| SUPPRESSED.to_string(), |v| format!("{v:.1}%"))
}

/// A published count, or the mark of a hidden one.
pub fn count_text(c: &PublishedCell) -> String {
    c.count
        .map_or_else(|| SUPPRESSED.to_string(), |n| n.to_string())
}

/// A whole number as pages show it, with commas between thousands: 1,500,000.
pub fn with_commas(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A published count as pages show it: with commas, or `[c]` where it is hidden. (Files for
/// spreadsheets take [`count_text`], without commas.)
pub fn count_shown(c: &PublishedCell) -> String {
    c.count.map_or_else(|| SUPPRESSED.to_string(), with_commas)
}

/// Every published table as one, a row per cell: table, row, column, count (`[c]` where
/// hidden), and the count's share of its column.
pub fn tables(r: &WorkforceReport) -> dueregard_formats::tabular::Table {
    use dueregard_formats::tabular::{Cell, Table};
    let mut out = Table {
        header: ["table", "row", "column", "count", "percent of column"]
            .map(String::from)
            .to_vec(),
        rows: Vec::new(),
    };
    for t in &r.tables {
        let columns = t.columns.iter().map(String::as_str).chain(["Total"]);
        let everyone: Vec<PublishedCell> = t
            .column_totals
            .iter()
            .chain([&t.grand_total])
            .cloned()
            .collect();
        let rows =
            t.rows
                .iter()
                .map(String::as_str)
                .zip(
                    t.cells.iter().zip(&t.row_totals).map(|(cells, total)| {
                        cells.iter().chain([total]).cloned().collect::<Vec<_>>()
                    }),
                )
                .chain([("Everyone", everyone)]);
        for (row, cells) in rows {
            for (column, cell) in columns.clone().zip(&cells) {
                out.rows.push(vec![
                    Cell::text(&t.title),
                    Cell::text(row),
                    Cell::text(column),
                    cell.count.map_or_else(
                        || Cell::text(SUPPRESSED),
                        |n| Cell::whole(i64::try_from(n).unwrap_or(i64::MAX)),
                    ),
                    cell.percent.map_or(Cell::Empty, |p| Cell::decimal(p, 1)),
                ]);
            }
        }
    }
    out
}

/// The published tables as CSV.
pub fn tables_csv(r: &WorkforceReport) -> String {
    String::from_utf8(dueregard_formats::tabular::csv(&tables(r))).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_have_commas_between_thousands() {
        for (n, shown) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1000, "1,000"),
            (12_345, "12,345"),
            (999_999, "999,999"),
            (1_500_000, "1,500,000"),
            (u64::MAX, "18,446,744,073,709,551,615"),
        ] {
            assert_eq!(with_commas(n), shown);
        }
        let hidden = PublishedCell {
            count: None,
            percent: None,
        };
        assert_eq!(count_shown(&hidden), SUPPRESSED);
    }
}
