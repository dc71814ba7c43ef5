//! Word files: the ZIP archive, document.xml's tables and merged cells, then the plan reader.
#![no_main]
use dueregard_formats::import::document::{PlanOptions, read_objectives, read_plan};
use dueregard_formats::import::word;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = word::read_docx(data);
    let _ = read_plan(data, "plan.docx", &PlanOptions::default());
    let _ = read_objectives(data, "report.docx");
});
