//! HR extracts (CSV, XLSX, ODS) and the report built from them: whatever the bytes, reading
//! either refuses with problems or gives a workforce that analyses without panicking. The first
//! byte picks the file name, so every reader is reached.
#![no_main]
use dueregard_formats::workforce::extract::{ExtractOptions, read_extract};
use dueregard_formats::workforce::funnel::read_funnel;
use dueregard_formats::workforce::pseudonym::Pseudonymiser;
use dueregard_stats::disclosure::Preset;
use dueregard_stats::workforce::{ReportSettings, SexBasis, analyse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let name = ["hr.csv", "hr.xlsx", "hr.ods", "hr.txt"][usize::from(pick % 4)];
    let options = ExtractOptions {
        snapshot_date: jiff::civil::date(2026, 3, 31),
        columns: Vec::new(),
        pseudonymiser: Pseudonymiser::new(b"fuzzing"),
        progress: None,
    };
    if let Ok(extract) = read_extract(body, name, &options) {
        let settings = ReportSettings {
            policy: Preset::Threshold10.policy(),
            sex_basis: SexBasis::RecordedSex,
        };
        let report = analyse(&extract.workforce, &settings, None);
        assert_eq!(report.employees as usize, extract.workforce.len());
    }
    let _ = read_funnel(body, name, None);
});
