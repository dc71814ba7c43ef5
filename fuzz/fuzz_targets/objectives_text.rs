//! Lists of equality objectives in report text.
#![no_main]
use dueregard_formats::import::{decode::decode_text, objectives_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = decode_text(data) {
        let _ = objectives_text::parse(&text);
    }
});
