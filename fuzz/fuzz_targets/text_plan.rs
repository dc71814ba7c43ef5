//! Plan text as extracted from a PDF or Word file: any bytes, through decoding and parsing.
#![no_main]
use dueregard_formats::import::{decode::decode_text, text_plan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = decode_text(data) {
        let _ = text_plan::parse(&text);
    }
});
