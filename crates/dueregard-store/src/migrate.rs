//! Append-only migrations, applied in order at start, each in its own transaction.

use crate::backend_error;
use dueregard_core::store::StoreError;
use sqlx::{AnyPool, Row};

pub(crate) struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Both backends' migrations, from one list: they are numbered and named identically, and
/// differ only in DDL spelling.
macro_rules! migrations {
    ($($version:literal $name:literal),* $(,)?) => {
        pub(crate) const SQLITE: &[Migration] = &[$(Migration {
            version: $version,
            name: $name,
            sql: include_str!(concat!("../migrations/sqlite/", $name, ".sql")),
        }),*];
        pub(crate) const POSTGRES: &[Migration] = &[$(Migration {
            version: $version,
            name: $name,
            sql: include_str!(concat!("../migrations/postgres/", $name, ".sql")),
        }),*];
    };
}

migrations! {
    1 "0001_foundation",
    2 "0002_imports",
    3 "0003_workforce",
    4 "0004_assessments",
    5 "0005_workforce_reports",
    6 "0006_audit_versions",
    7 "0007_archive_and_roll_forward",
    8 "0008_keys_apart",
    9 "0009_sign_in_attempts",
    10 "0010_accounts",
    11 "0011_publications",
    12 "0012_revised_dates",
    13 "0013_the_cycle",
    14 "0014_consultations",
    15 "0015_coding",
    16 "0016_engagement",
    17 "0017_response_drafts",
    18 "0018_indicators",
    19 "0019_budget_rounds",
    20 "0020_incidents",
    21 "0021_training",
    22 "0022_self_assessments",
    23 "0023_partnerships",
}

/// Applies what has not been applied yet and returns the schema version.
pub(crate) async fn run(pool: &AnyPool, migrations: &[Migration]) -> Result<i64, StoreError> {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )
    .execute(pool)
    .await
    .map_err(backend_error)?;
    let applied: Vec<i64> = sqlx::query("SELECT version FROM schema_migrations ORDER BY version")
        .fetch_all(pool)
        .await
        .map_err(backend_error)?
        .iter()
        .map(|r| r.try_get::<i64, _>(0))
        .collect::<Result<_, _>>()
        .map_err(backend_error)?;
    for m in migrations.iter().filter(|m| !applied.contains(&m.version)) {
        let mut tx = pool.begin().await.map_err(backend_error)?;
        sqlx::raw_sql(m.sql)
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::Backend(format!("migration {}: {e}", m.name)))?;
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(m.version)
        .bind(m.name)
        .bind(jiff::Timestamp::now().to_string())
        .execute(&mut *tx)
        .await
        .map_err(backend_error)?;
        tx.commit().await.map_err(backend_error)?;
    }
    Ok(migrations.iter().map(|m| m.version).max().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_migrations_in_the_same_order() {
        let names = |ms: &[Migration]| ms.iter().map(|m| (m.version, m.name)).collect::<Vec<_>>();
        assert_eq!(names(SQLITE), names(POSTGRES));
        let dir = |b: &str| {
            let mut v: Vec<String> =
                std::fs::read_dir(format!("{}/migrations/{b}", env!("CARGO_MANIFEST_DIR")))
                    .map(|rd| {
                        rd.filter_map(|e| e.ok())
                            .map(|e| {
                                e.file_name()
                                    .to_string_lossy()
                                    .trim_end_matches(".sql")
                                    .to_string()
                            })
                            .collect()
                    })
                    .unwrap_or_default();
            v.sort();
            v
        };
        assert_eq!(dir("sqlite"), dir("postgres"));
        assert_eq!(
            dir("sqlite"),
            SQLITE
                .iter()
                .map(|m| m.name.to_string())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_two_schemas_have_the_same_tables_and_columns() {
        // Compare the column names of every CREATE TABLE, ignoring the type spelling.
        let shape = |sql: &str| -> Vec<String> {
            sql.lines()
                .map(str::trim)
                .filter(|l| !l.starts_with("--") && !l.is_empty())
                .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
                .map(|l| {
                    l.replace("BIGINT", "INTEGER")
                        .replace("BIGSERIAL", "INTEGER")
                })
                .collect()
        };
        for (a, b) in SQLITE.iter().zip(POSTGRES) {
            assert_eq!(shape(a.sql), shape(b.sql), "{}", a.name);
        }
    }
}
