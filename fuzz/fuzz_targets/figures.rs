//! Tables of figures sent as a file: indicator values and incident counts. The first byte picks
//! the indicator's unit; the rest is read as CSV, XLSX or ODS by its bytes, then by both readers,
//! and what they accept goes through disclosure control.
#![no_main]
use dueregard_core::incident;
use dueregard_core::indicator::values::{read_rows, shown};
use dueregard_core::indicator::{IndicatorFields, IndicatorForm, Unit};
use dueregard_formats::import::sheet::table_rows;
use dueregard_stats::disclosure::Preset;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let unit = Unit::ALL[usize::from(first) % Unit::ALL.len()];
    let Ok(rows) = table_rows(rest, "figures.csv") else {
        return;
    };
    let _ = incident::read_rows(&rows);
    let Ok(values) = read_rows(unit, &rows) else {
        return;
    };
    let form = IndicatorForm {
        title: "Fuzzing".into(),
        definition: "Fuzzing".into(),
        unit: unit.key().into(),
        polarity: "higher_is_better".into(),
        frequency: "yearly".into(),
        targets: "2025-03-31: 60".into(),
        amber_within: "5".into(),
        ..Default::default()
    };
    if let Ok(fields) = IndicatorFields::validate(&form) {
        let _ = shown(&fields, &values, &Preset::Threshold10.policy());
    }
});
