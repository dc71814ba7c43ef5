//! Due Regard's domain: the public sector equality duty as types and rules.
//!
//! Pure: no I/O, no async runtime. The `Store` trait is declared here and implemented at the edge.
#![forbid(unsafe_code)]

pub mod account;
pub mod assessment;
pub mod backup;
pub mod budget;
pub mod catalogue;
pub mod civic;
pub mod consultation;
pub mod dashboard;
pub mod duties;
pub mod framework;
pub mod import;
pub mod incident;
pub mod indicator;
pub mod mail;
pub mod meeting;
pub mod monitoring;
pub mod objective;
pub mod org;
pub mod partnership;
pub mod period;
pub mod plan;
pub mod progress;
pub mod publication;
pub mod record;
pub mod report;
pub mod report_equality;
pub mod report_indicators;
pub mod report_plan;
pub mod store;
pub mod target_date;
pub mod training;
pub mod validate;
pub mod vocab;
pub mod workforce;

pub use jiff::civil::Date;
