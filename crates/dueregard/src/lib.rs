//! Due Regard: the web app, JSON API and command line over the domain core and the store.
#![forbid(unsafe_code)]

pub mod cli;
pub mod demo;
pub mod import;
pub mod web;
pub mod workforce;
pub mod workforce_cli;
