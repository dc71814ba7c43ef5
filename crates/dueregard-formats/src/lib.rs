//! Due Regard's file formats. Importers turn the documents councils already have into
//! structured plans and objectives, with every warning tied to the line it came from. Pure: no
//! database, no network; the callers decide what to store.
#![forbid(unsafe_code)]

pub mod assessment_export;
pub mod chart;
pub mod export;
pub mod ical;
pub mod import;
pub mod report_render;
pub mod responses_csv;
pub mod tabular;
pub mod workforce;
