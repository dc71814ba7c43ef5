//! Consultation responses exported from another survey tool: the CSV reader, the guessed
//! column mapping and every row read as the response form reads it.
#![no_main]
use dueregard_core::consultation::import::{guess, read_rows};
use dueregard_core::consultation::{ConsultationFields, ConsultationForm, Question, seed_questions};
use dueregard_formats::responses_csv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(table) = responses_csv::read(data) else {
        return;
    };
    let form = ConsultationForm {
        title: "Fuzzing".into(),
        purpose: "Fuzzing".into(),
        opens: "2027-01-04".into(),
        closes: "2027-03-29".into(),
        ..Default::default()
    };
    let Ok(mut c) = ConsultationFields::validate(&form, None) else {
        return;
    };
    c.questions = seed_questions();
    if let Ok(q) = Question::validate("q6".into(), "checkboxes", "Where?", "", "A, B\nC\nD", false) {
        c.questions.push(q);
    }
    let mapping = guess(&table.headings, &c);
    let _ = read_rows(&table.headings, &table.rows, &mapping, &c);
});
