//! Due Regard's store on SQLite (the embedded default) and PostgreSQL.
//!
//! One SQL surface serves both through sqlx's `Any` driver: the statements use only what both
//! databases share (`$N` parameters, `RETURNING`, `LIKE … ESCAPE`, integers and text), and the
//! contract suite in `tests/it` runs every scenario on both. The migrations differ only in DDL
//! spelling and are numbered and named identically (checked by a test).
#![forbid(unsafe_code)]

mod accounts;
mod assessments;
mod backup;
mod backup_check;
mod consultations;
mod cycle;
mod imports;
mod measures;
mod meetings;
mod migrate;
mod organisations;
mod partnerships;
mod plans;
mod publications;
mod records;
mod sql_store;
mod training;
mod users;
mod workforce;

pub use sql_store::SqlStore;

use dueregard_core::store::StoreError;

/// Opens the database at `url` (`sqlite://PATH` or `postgres://…`), creating a SQLite file if
/// needed, and brings its schema up to date.
pub async fn connect(url: &str) -> Result<SqlStore, StoreError> {
    SqlStore::connect(url).await
}

/// The SHA-256 a backup's manifest states for these tables: for tools (and tests) that write
/// a backup by hand.
pub fn backup_checksum(tables: &[dueregard_core::backup::BackupTable]) -> String {
    backup_check::checksum(tables)
}

/// The URL for a SQLite database file.
pub fn sqlite_url(path: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

pub(crate) fn backend_error(e: sqlx::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}
