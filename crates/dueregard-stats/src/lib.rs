//! Workforce and community equality statistics, with no I/O.
//!
//! - [`paygap`]: the six statutory pay gap measures (SI 2017/353 Sch 1), for any "group A against
//!   group B" comparison, so the same engine serves sex, ethnicity and disability.
//! - [`classify`]: the 2021 Census categories and the mapping from other coding schemes.
//! - [`disclosure`]: the one suppression step every published table passes through.
//! - [`representation`]: workforce shares against the local population, with 95% intervals.
//! - [`reach`]: who a consultation has heard from, against the area's population.
//! - [`fairness`]: the four-fifths rule and Fisher's exact test for recruitment and leavers.
//! - [`benchmark`]: where a figure sits among other employers' published figures.
#![forbid(unsafe_code)]

pub mod benchmark;
pub mod classify;
pub mod disclosure;
pub mod fairness;
pub mod funnel;
pub mod paygap;
pub mod reach;
pub mod representation;
pub mod rounding;
pub mod workforce;
