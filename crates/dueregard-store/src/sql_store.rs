//! The store's handle on SQLite or PostgreSQL: the pool, and one writer at a time on SQLite.
//! Each area of the `Store` interface is implemented in a file of its own beside this one.

use crate::records::Tx;
use crate::{backend_error, migrate};
use dueregard_core::store::{StoreError, StoreResult};
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

/// A write transaction, holding this process's turn to write on SQLite until it ends.
pub(crate) struct WriteTx {
    tx: Tx<'static>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTx {
    /// Commits without counting a change: for transactions that may have written nothing.
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = Tx<'static>;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

pub struct SqlStore {
    pub(crate) pool: AnyPool,
    /// SQLite allows one writer at a time. Writers in this process queue here for their turn
    /// instead of holding a pooled connection while SQLite's busy handler polls.
    writer: Option<std::sync::Arc<tokio::sync::Mutex<()>>>,
    /// Commits made through this handle; see `Store::local_changes`.
    pub(crate) changes: std::sync::atomic::AtomicU64,
    pub(crate) postgres: bool,
    pub(crate) schema_version: i64,
}

impl SqlStore {
    pub async fn connect(url: &str) -> StoreResult<SqlStore> {
        sqlx::any::install_default_drivers();
        let postgres = url.starts_with("postgres://") || url.starts_with("postgresql://");
        if !postgres && !url.starts_with("sqlite:") {
            return Err(StoreError::Backend(format!(
                "unsupported database URL '{url}': use sqlite://PATH or postgres://…"
            )));
        }
        let pool = AnyPoolOptions::new()
            .max_connections(if postgres { 10 } else { 4 })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if !postgres {
                        // Foreign keys are off by default in SQLite; WAL lets readers and a
                        // writer work at once; the busy timeout queues writers instead of failing.
                        sqlx::raw_sql("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await
            .map_err(|e| StoreError::Backend(format!("could not open the database: {e}")))?;
        if !postgres {
            sqlx::raw_sql("PRAGMA journal_mode = WAL;")
                .execute(&pool)
                .await
                .map_err(backend_error)?;
        }
        let schema_version = migrate::run(
            &pool,
            if postgres {
                migrate::POSTGRES
            } else {
                migrate::SQLITE
            },
        )
        .await?;
        Ok(SqlStore {
            pool,
            writer: (!postgres).then(|| std::sync::Arc::new(tokio::sync::Mutex::new(()))),
            changes: std::sync::atomic::AtomicU64::new(0),
            postgres,
            schema_version,
        })
    }

    /// Commits, then counts the change for this process's readers (after, so nobody caches the
    /// state from before the commit under the new count).
    pub(crate) async fn commit(&self, tx: WriteTx) -> StoreResult<()> {
        tx.tx.commit().await.map_err(backend_error)?;
        self.changes
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    /// Starts a write transaction. On SQLite it takes the write lock at its start (`BEGIN
    /// IMMEDIATE`): a deferred transaction that reads and then writes cannot wait for the lock
    /// and fails with "database is locked" when another writer got there first. Waiting here,
    /// in this process's queue and then SQLite's busy timeout for other processes, replaces
    /// failing.
    pub(crate) async fn begin(&self) -> StoreResult<WriteTx> {
        let turn = match &self.writer {
            Some(w) => Some(w.clone().lock_owned().await),
            None => None,
        };
        let tx = if self.postgres {
            self.pool.begin().await
        } else {
            self.pool.begin_with("BEGIN IMMEDIATE").await
        }
        .map_err(backend_error)?;
        Ok(WriteTx { tx, _turn: turn })
    }

    /// A transaction that only reads: one consistent view, without waiting for or holding up
    /// the writer.
    pub(crate) async fn begin_read(&self) -> StoreResult<Tx<'static>> {
        self.pool.begin().await.map_err(backend_error)
    }

    /// Counts a change committed outside `commit` (a single statement), for this process's
    /// readers.
    pub(crate) fn count_change(&self) {
        self.changes
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}
