//! Excel and OpenDocument spreadsheets: any bytes, through the sheet readers (merged ranges,
//! covered cells) and the layout reader.
#![no_main]
use dueregard_formats::import::document::{PlanOptions, read_plan};
use dueregard_formats::import::layout::{self, Source};
use dueregard_formats::import::{sheet, word};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(sheets) = sheet::read_xlsx(data) {
        let _ = layout::normalise(&sheet::to_lines(&sheets), Source::Document, &[]);
    }
    if let Ok(lines) = word::read_ods(data) {
        let _ = layout::normalise(&lines, Source::Document, &[]);
    }
    let _ = read_plan(data, "plan.xlsx", &PlanOptions::default());
    let _ = read_plan(data, "plan.ods", &PlanOptions::default());
});
