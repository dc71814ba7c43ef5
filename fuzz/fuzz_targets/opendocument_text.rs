//! OpenDocument text files: content.xml's tables, covered and repeated cells, lists.
#![no_main]
use dueregard_formats::import::document::{PlanOptions, read_plan};
use dueregard_formats::import::word;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = word::read_odt(data);
    let _ = read_plan(data, "plan.odt", &PlanOptions::default());
});
