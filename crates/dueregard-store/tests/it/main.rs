#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The store contract: every scenario runs on SQLite and on PostgreSQL. PostgreSQL is required;
//! a missing server fails the suite rather than skipping it.

mod backups;
mod consultations;
mod cycle;
mod measures;
mod scenarios;
mod users;

use dueregard_core::store::Store;
use dueregard_store::SqlStore;
use std::sync::atomic::{AtomicU32, Ordering};

/// The PostgreSQL server the suite creates its throw-away databases on.
fn postgres_server() -> String {
    std::env::var("DUEREGARD_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_string())
}

pub struct TestDb {
    pub store: SqlStore,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Database(String),
}

fn unique(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        nanos,
        N.fetch_add(1, Ordering::Relaxed)
    )
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let path = std::env::temp_dir().join(format!("{}.db", unique("dueregard_it")));
        let store = dueregard_store::connect(&dueregard_store::sqlite_url(&path))
            .await
            .expect("open a SQLite file");
        TestDb {
            store,
            cleanup: Cleanup::File(path),
        }
    }

    pub async fn postgres() -> TestDb {
        let name = unique("dueregard_it");
        let admin = format!("{}/postgres", postgres_server());
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&admin)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL must be running at {admin}: {e}"));
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&pool)
            .await
            .expect("create a test database");
        pool.close().await;
        let store = dueregard_store::connect(&format!("{}/{name}", postgres_server()))
            .await
            .expect("open the test database");
        TestDb {
            store,
            cleanup: Cleanup::Database(name),
        }
    }

    pub async fn finish(self) {
        drop(self.store);
        match self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Database(name) => {
                if let Ok(pool) =
                    sqlx::AnyPool::connect(&format!("{}/postgres", postgres_server())).await
                {
                    let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                    )))
                    .execute(&pool)
                    .await;
                }
            }
        }
    }
}

/// Runs each named scenario once per backend, as `sqlite::NAME` and `postgres::NAME`.
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $name() {
                let db = super::TestDb::sqlite().await;
                assert_eq!(dueregard_core::store::RecordStore::backend(&db.store), "sqlite");
                super::scenarios::$name(&db.store).await;
                db.finish().await;
            })+
        }
        mod postgres {
            $(#[tokio::test] async fn $name() {
                let db = super::TestDb::postgres().await;
                assert_eq!(dueregard_core::store::RecordStore::backend(&db.store), "postgres");
                super::scenarios::$name(&db.store).await;
                db.finish().await;
            })+
        }
    };
}

on_both_backends!(
    organisations_are_isolated,
    stale_edits_are_refused_and_audited,
    plans_keep_their_shape_and_references,
    progress_updates_drive_the_latest_status,
    accounts_sessions_and_tokens,
    export_and_restore_round_trip,
    search_finds_objectives_and_actions,
    changing_a_plan_period_moves_due_dates,
    imports_are_whole_and_not_repeated,
    workforce_snapshots_are_whole_private_and_audited,
    assessments_are_signed_in_order_frozen_and_versioned,
    archive_restore_and_delete_every_kind,
    committees_glossary_and_local_characteristics_are_edited,
    a_plan_rolls_forward_with_its_open_actions,
    tampered_backups_are_refused_whole,
    accounts_are_run_with_an_administrator_always_left,
    jobs_are_leased_to_one_instance_at_a_time,
    mail_is_queued_once_and_claimed_by_one_instance,
    people_choose_their_optional_mail,
    meetings_dates_and_feeds_are_kept_and_checked,
    consultation_responses_are_kept_once_and_counted_apart,
    indicators_keep_their_values_by_period_and_group,
    budget_rounds_gather_only_the_bodys_own_decisions,
    incident_counts_are_replaced_by_period_and_kept_apart,
    training_keeps_courses_sessions_and_who_came,
    self_assessments_are_kept_per_body,
    partners_see_the_shared_objective_and_only_their_own_actions_go_in,
);

/// A second store on the same backend, for restore tests.
pub async fn fresh_like(store: &dyn Store) -> TestDb {
    if store.backend() == "postgres" {
        TestDb::postgres().await
    } else {
        TestDb::sqlite().await
    }
}
