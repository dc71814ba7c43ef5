//! Due Regard: the web app, JSON API and command line over the domain core and the store.
#![forbid(unsafe_code)]

pub mod app;
pub mod cli;
pub mod demo;
pub mod demo_budget;
pub mod demo_consultation;
pub mod demo_live;
pub mod demo_measures;
pub mod demo_partners;
pub mod demo_training;
pub mod telemetry;
pub mod web;
