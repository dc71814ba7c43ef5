//! Many people saving at once, against the real server over real HTTP on each backend: no write
//! fails, none that was acknowledged is lost, and the loser of two simultaneous edits is always
//! told of the conflict (409), never given a server error.
//!
//! `benches/writes.sh` runs `write_throughput` (ignored here) in a release build for the numbers.

use dueregard::web::{AppState, router};
use dueregard_core::store::{Actor, Store};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A database for one run, removed when dropped.
pub struct Backend {
    pub name: &'static str,
    pub store: Arc<dyn Store>,
    cleanup: Option<Box<dyn FnOnce() + Send>>,
}

impl Drop for Backend {
    fn drop(&mut self) {
        if let Some(c) = self.cleanup.take() {
            c();
        }
    }
}

fn unique(prefix: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

pub async fn sqlite() -> Backend {
    let path = std::env::temp_dir().join(format!("{}.db", unique("dueregard_conc")));
    let store: Arc<dyn Store> = Arc::new(
        dueregard_store::connect(&dueregard_store::sqlite_url(&path))
            .await
            .unwrap(),
    );
    Backend {
        name: "SQLite",
        store,
        cleanup: Some(Box::new(move || {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        })),
    }
}

/// A throw-away database on the test PostgreSQL server. PostgreSQL is required: a missing
/// server fails the test rather than skipping it.
pub async fn postgres() -> Backend {
    let server = std::env::var("DUEREGARD_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_string());
    let name = unique("dueregard_conc");
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(&format!("{server}/postgres"))
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL must be running at {server}: {e}"));
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .unwrap();
    let store: Arc<dyn Store> = Arc::new(
        dueregard_store::connect(&format!("{server}/{name}"))
            .await
            .unwrap(),
    );
    let drop_sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    Backend {
        name: "PostgreSQL",
        store,
        cleanup: Some(Box::new(move || {
            // The test's runtime may be shutting down: drop the database from a thread of its own.
            let _ = std::thread::spawn(move || {
                if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    rt.block_on(async {
                        let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(drop_sql))
                            .execute(&admin)
                            .await;
                    });
                }
            })
            .join();
        })),
    }
}

/// Serves the real app on a loopback port, with the demo loaded and a token for the equality lead.
pub async fn serve(backend: &Backend) -> (SocketAddr, String) {
    let keys = dueregard::app::keys::KeyFile::new(
        std::env::temp_dir().join(unique("dueregard_conc_keys")),
    );
    dueregard::demo::load(backend.store.as_ref(), &keys)
        .await
        .unwrap();
    let (user, _) = backend
        .store
        .user_credentials("lead@dudley.example")
        .await
        .unwrap()
        .unwrap();
    let secret = unique("dr_conc");
    backend
        .store
        .create_token(
            &Actor::command_line(),
            user.id,
            "concurrency",
            &dueregard::web::auth::token_hash(&secret),
        )
        .await
        .unwrap();
    let uploads = std::env::temp_dir().join(unique("dueregard_conc_uploads"));
    std::fs::create_dir_all(&uploads).unwrap();
    let mut state = AppState::new(backend.store.clone(), true, keys).with_upload_dir(uploads);
    // As behind a proxy, so a burst can come from many addresses (the response benchmark).
    state.client_address_header = Some(axum::http::HeaderName::from_static("x-forwarded-for"));
    let app = router::app(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, secret)
}

/// One HTTP/1.1 request on its own connection: the status and the body.
pub async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: &str,
    body: Option<&str>,
) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let body = body.unwrap_or("");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).await.unwrap();
    let reply = String::from_utf8_lossy(&reply).to_string();
    let status = reply
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = reply
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

async fn dudley_actions(store: &dyn Store) -> (i64, Vec<i64>) {
    let org = store
        .organisation_by_slug("dudley")
        .await
        .unwrap()
        .unwrap()
        .id;
    let ids = store
        .action_rows(org)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    (org, ids)
}

async fn update_count(store: &dyn Store, org: i64, actions: &[i64]) -> usize {
    let mut n = 0;
    for a in actions {
        n += store.updates(org, *a).await.unwrap().len();
    }
    n
}

/// What a run of concurrent writers did.
pub struct WriteRun {
    pub acknowledged: u64,
    pub failed: u64,
    pub lost: i64,
    pub seconds: f64,
    pub failures: Vec<String>,
}

/// `writers` clients post progress updates for `seconds`, each waiting for its answer before the
/// next; then the stored updates are counted against those acknowledged.
pub async fn write_load(
    addr: SocketAddr,
    token: &str,
    store: &dyn Store,
    writers: usize,
    seconds: f64,
) -> WriteRun {
    let (org, actions) = dudley_actions(store).await;
    let before = update_count(store, org, &actions).await;
    let acknowledged = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let failures = Arc::new(std::sync::Mutex::new(Vec::new()));
    let started = Instant::now();
    let until = started + Duration::from_secs_f64(seconds);
    let mut tasks = Vec::new();
    for w in 0..writers {
        let (acknowledged, failed, failures) =
            (acknowledged.clone(), failed.clone(), failures.clone());
        let token = token.to_string();
        let actions = actions.clone();
        tasks.push(tokio::spawn(async move {
            let mut i = w;
            while Instant::now() < until {
                let action = actions[i % actions.len()];
                i += writers;
                let body = format!(
                    r#"{{"status":"on_track","narrative":"Writer {w}, update {i}","reported_on":"2026-11-30"}}"#
                );
                let (status, reply) = request(
                    addr,
                    "POST",
                    &format!("/api/v1/actions/{action}/updates"),
                    &token,
                    Some(&body),
                )
                .await;
                if status == 201 {
                    acknowledged.fetch_add(1, Ordering::Relaxed);
                } else {
                    failed.fetch_add(1, Ordering::Relaxed);
                    if let Ok(mut f) = failures.lock()
                        && f.len() < 5
                    {
                        f.push(format!("{status} {reply}"));
                    }
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let seconds = started.elapsed().as_secs_f64();
    let after = update_count(store, org, &actions).await;
    let acknowledged = acknowledged.load(Ordering::Relaxed);
    let failures = failures.lock().map(|f| f.clone()).unwrap_or_default();
    WriteRun {
        acknowledged,
        failed: failed.load(Ordering::Relaxed),
        lost: acknowledged as i64 - (after - before) as i64,
        seconds,
        failures,
    }
}

/// Two editors send a change to the same action from the same version at the same moment, for
/// `rounds` rounds: the answers to each round.
async fn edit_race(
    addr: SocketAddr,
    token: &str,
    store: &dyn Store,
    rounds: usize,
) -> Vec<[u16; 2]> {
    let (org, actions) = dudley_actions(store).await;
    let mut answers = Vec::new();
    for round in 0..rounds {
        let id = actions[round % actions.len()];
        let version = store.action(org, id).await.unwrap().version;
        let barrier = Arc::new(tokio::sync::Barrier::new(2));
        let mut pair = Vec::new();
        for who in 0..2 {
            let barrier = barrier.clone();
            let token = token.to_string();
            pair.push(tokio::spawn(async move {
                let body =
                    format!(r#"{{"version":{version},"text":"Round {round}, editor {who}"}}"#);
                barrier.wait().await;
                request(
                    addr,
                    "PATCH",
                    &format!("/api/v1/actions/{id}"),
                    &token,
                    Some(&body),
                )
                .await
            }));
        }
        let mut statuses = [0u16; 2];
        for (i, p) in pair.into_iter().enumerate() {
            statuses[i] = p.await.unwrap().0;
        }
        statuses.sort_unstable();
        answers.push(statuses);
    }
    answers
}

async fn no_failed_or_lost_writes(backend: Backend) {
    let (addr, token) = serve(&backend).await;
    let run = write_load(addr, &token, backend.store.as_ref(), 8, 2.0).await;
    assert!(
        run.acknowledged > 0,
        "{}: nothing was written",
        backend.name
    );
    assert_eq!(
        run.failed,
        0,
        "{}: {} of {} writes failed: {:?}",
        backend.name,
        run.failed,
        run.failed + run.acknowledged,
        run.failures
    );
    assert_eq!(
        run.lost, 0,
        "{}: acknowledged writes were lost",
        backend.name
    );
    let races = edit_race(addr, &token, backend.store.as_ref(), 20).await;
    let conflicted = races.iter().filter(|r| **r == [200, 409]).count();
    assert_eq!(
        conflicted,
        races.len(),
        "{}: every simultaneous edit should save one and refuse the other with 409: {races:?}",
        backend.name
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_writers_on_sqlite_lose_nothing_and_stale_edits_conflict() {
    no_failed_or_lost_writes(sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_writers_on_postgres_lose_nothing_and_stale_edits_conflict() {
    no_failed_or_lost_writes(postgres().await).await;
}

/// The benchmark behind `benches/writes.sh`: acknowledged writes a second with 1, 4 and 8
/// writers on each backend. `WRITE_SECONDS` sets each run's length (default 10).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run by benches/writes.sh"]
async fn write_throughput() {
    let seconds: f64 = std::env::var("WRITE_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10.0);
    println!("| backend | writers | acknowledged writes/s | failed | lost |");
    println!("|---|---:|---:|---:|---:|");
    for make in [0, 1] {
        for writers in [1, 4, 8] {
            let backend = if make == 0 {
                sqlite().await
            } else {
                postgres().await
            };
            let (addr, token) = serve(&backend).await;
            let run = write_load(addr, &token, backend.store.as_ref(), writers, seconds).await;
            println!(
                "| {} | {writers} | {:.0} | {} | {} |",
                backend.name,
                run.acknowledged as f64 / run.seconds,
                run.failed,
                run.lost
            );
        }
    }
}
