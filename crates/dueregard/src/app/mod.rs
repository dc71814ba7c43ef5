//! The application layer: what the web pages, the JSON API and the command line all do, written
//! once. It calls the core and the store, and knows nothing of HTTP or the terminal.

pub mod budget;
pub mod calendars;
pub mod compliance;
pub mod consultations;
pub mod cycle;
pub mod files;
pub mod import;
pub mod indicators;
pub mod keys;
pub mod letters;
pub mod mailer;
pub mod publications;
pub mod reports;
pub mod secrets;
pub mod workforce;

/// Today in the UK, which is what "overdue" and "due" mean to the people using the service.
pub fn today() -> jiff::civil::Date {
    static LONDON: std::sync::OnceLock<Option<jiff::tz::TimeZone>> = std::sync::OnceLock::new();
    let now = jiff::Timestamp::now();
    match LONDON.get_or_init(|| jiff::tz::TimeZone::get("Europe/London").ok()) {
        Some(tz) => now.to_zoned(tz.clone()).date(),
        None => now.to_zoned(jiff::tz::TimeZone::UTC).date(),
    }
}
