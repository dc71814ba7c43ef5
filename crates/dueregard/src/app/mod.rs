//! The application layer: what the web pages, the JSON API and the command line all do, written
//! once. It calls the core and the store, and knows nothing of HTTP or the terminal.

pub mod compliance;
pub mod files;
pub mod import;
pub mod keys;
pub mod publications;
pub mod reports;
pub mod secrets;
pub mod workforce;
