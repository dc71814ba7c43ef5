//! CSV plans, with the person's column choices taken from the first line of the input.
#![no_main]
use dueregard_formats::import::document::{PlanOptions, read_plan};
use dueregard_formats::import::sheet::parse_column_choice;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (choices, body) = match data.iter().position(|b| *b == b'\n') {
        Some(n) => (&data[..n], &data[n + 1..]),
        None => (&[][..], data),
    };
    let columns = String::from_utf8_lossy(choices)
        .split(' ')
        .filter_map(|c| parse_column_choice(c).ok())
        .collect();
    let options = PlanOptions {
        columns,
        ..PlanOptions::default()
    };
    let _ = read_plan(body, "plan.csv", &options);
});
