//! Excel and OpenDocument spreadsheets: the archive checks, the workbook reader, header
//! recognition and the rows' conversion to plan lines.
#![no_main]
use dueregard_formats::import::document::{PlanOptions, read_plan};
use dueregard_formats::import::sheet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(sheets) = sheet::read_xlsx(data) {
        let _ = sheet::plan_lines(&sheets, &[]);
    }
    if let Ok(sheets) = sheet::read_ods(data) {
        let _ = sheet::plan_lines(&sheets, &[]);
    }
    let _ = read_plan(data, "plan.xlsx", &PlanOptions::default());
});
