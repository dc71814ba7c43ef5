//! Workforce data in and out: HR snapshot extracts, pseudonyms, the synthetic extract generator,
//! and the reference data shipped with the product (Census 2021, national gender pay gap returns).

mod bytemap;
pub mod extract;
pub mod funnel;
pub mod pseudonym;
mod records;
pub mod reference;
mod source;
pub mod synth;
