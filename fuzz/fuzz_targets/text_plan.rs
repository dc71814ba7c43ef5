//! Plan text as extracted from a PDF or Word file, or a plan written as paragraphs: any bytes,
//! through decoding, the layout reader (tables, prose plans, the key) and the plan rules.
#![no_main]
use dueregard_formats::import::document::{PlanOptions, read_plan};
use dueregard_formats::import::{decode::decode_text, text_plan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = decode_text(data) {
        let _ = text_plan::parse(&text);
    }
    let _ = read_plan(data, "plan.txt", &PlanOptions::default());
});
