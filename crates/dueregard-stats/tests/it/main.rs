//! The statistics against the official worked examples (gov.uk "Making your calculations", the
//! Acme Ltd examples) and hand-checked cases, then property tests.
// Amounts are written as pounds_pence (500_00 is £500.00), which reads better than 50_000.
#![allow(clippy::inconsistent_digit_grouping)]

mod disclosure;
mod paygap;
mod workforce;
