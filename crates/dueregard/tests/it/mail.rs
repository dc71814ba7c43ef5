//! Mail through a real SMTP server on loopback (aiosmtpd, from PyPI), sent by the real binary's
//! background jobs: the monitoring cycle's requests, reminders and escalations reach the right
//! people with absolute links; an unsubscribed person gets no optional mail; and an instance
//! killed in the middle of sending, then another started, sends each message exactly once.

use dueregard_core::account::NewUser;
use dueregard_core::org::PersonInput;
use dueregard_core::plan::{ActionFields, PlanInput, PlanObjectiveFields, PriorityFields};
use dueregard_core::store::{Actor, NewOrganisation, Store};
use dueregard_core::vocab::{Nation, Role};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

const PUBLIC_URL: &str = "https://equality.council.example";

/// The SMTP server: a Python process writing each message it takes to a file.
struct Sink {
    child: Child,
    port: u16,
    file: PathBuf,
}

impl Sink {
    fn start(slow_ms: u64) -> Sink {
        let file = std::env::temp_dir().join(format!(
            "dueregard_mail_{}_{}.jsonl",
            std::process::id(),
            unique()
        ));
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_sink.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(&file)
            .env("SLOW_MS", slow_ms.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().unwrap_or_else(|_| {
            panic!(
                "the SMTP server did not start: is aiosmtpd installed (pip install aiosmtpd)? It said {line:?}"
            )
        });
        Sink { child, port, file }
    }

    fn messages(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.file)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.file);
    }
}

fn unique() -> u32 {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// `dueregard jobs run` against `database`, sending to the sink.
fn jobs(database: &str, sink: &Sink, as_of: &str, once: bool) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dueregard"));
    c.args(["--database-url", database, "jobs", "run", "--as-of", as_of])
        .args([
            "--smtp-host",
            "127.0.0.1",
            "--smtp-port",
            &sink.port.to_string(),
        ])
        .args([
            "--smtp-security",
            "none",
            "--mail-from",
            "Due Regard <equality@council.example>",
        ])
        .args([
            "--public-url",
            PUBLIC_URL,
            "--lease-seconds",
            "3",
            "--jobs-every",
            "1",
        ])
        .env(
            "DUEREGARD_KEY_FILE",
            std::env::temp_dir().join(format!("dr_mail_keys_{}", unique())),
        )
        .stdout(Stdio::null());
    if once {
        c.arg("--once");
    }
    c
}

fn run_once(database: &str, sink: &Sink, as_of: &str) {
    let out = jobs(database, sink, as_of, true).output().unwrap();
    assert!(
        out.status.success(),
        "jobs run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

struct Council {
    org: i64,
    officer: i64,
    plan: i64,
    actions: Vec<i64>,
}

/// A council with a directorate, a director and two officers (one with no account), and an
/// approved 2026/27 plan monitored six-monthly with an action for each officer.
async fn council(store: &dyn Store, officers_with_accounts: usize) -> Council {
    let actor = Actor::command_line();
    let org = store
        .create_organisation(
            &actor,
            NewOrganisation {
                slug: format!("mail{}", unique()),
                name: "Mailtown Council".into(),
                nation: Nation::England,
                headcount: Some(3000),
            },
        )
        .await
        .unwrap()
        .id;
    let directorate = store
        .create_directorate(
            &actor,
            org,
            dueregard_core::org::DirectorateFields::validate("Place", "").unwrap(),
        )
        .await
        .unwrap()
        .id;
    let person = async |name: &str, initials: &str| {
        let f = PersonInput {
            name: name.into(),
            initials: initials.into(),
            directorate_id: Some(directorate),
            ..Default::default()
        }
        .validate()
        .unwrap();
        store.create_person(&actor, org, f).await.unwrap().id
    };
    let director = person("Dana Director", "DD").await;
    let mut officers = Vec::new();
    for i in 0..officers_with_accounts.max(1) {
        officers.push(
            person(
                &format!("Officer {i}"),
                &format!(
                    "O{}{}",
                    (b'A' + (i / 26) as u8) as char,
                    (b'A' + (i % 26) as u8) as char
                ),
            )
            .await,
        );
    }
    let no_account = person("Nadia Noaccount", "NN").await;
    let user = async |email: String, role: Role, person_id: Option<i64>| {
        store
            .create_user(
                &actor,
                org,
                NewUser {
                    name: email.split('@').next().unwrap().to_string(),
                    email,
                    role,
                    person_id,
                    password_hash: "x".into(),
                },
            )
            .await
            .unwrap();
    };
    user(
        "director@mailtown.example".into(),
        Role::Director,
        Some(director),
    )
    .await;
    user("lead@mailtown.example".into(), Role::EqualityLead, None).await;
    for (i, o) in officers.iter().enumerate() {
        user(
            format!("officer{i}@mailtown.example"),
            Role::LeadOfficer,
            Some(*o),
        )
        .await;
    }
    let plan = store
        .create_plan(
            &actor,
            org,
            PlanInput {
                title: "Place equality action plan 2026/27".into(),
                period_start: "2026-04-01".into(),
                period_end: "2027-03-31".into(),
                status: "approved".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap()
        .id;
    let priority = store
        .create_priority(
            &actor,
            org,
            plan,
            PriorityFields {
                number: 1,
                title: "Access to services".into(),
            },
        )
        .await
        .unwrap()
        .id;
    let objective = store
        .create_plan_objective(
            &actor,
            org,
            plan,
            PlanObjectiveFields {
                priority_id: priority,
                code: "PL1".into(),
                title: "Make services accessible".into(),
                lead_ids: vec![],
            },
        )
        .await
        .unwrap()
        .id;
    let mut actions = Vec::new();
    for (n, lead) in officers.iter().chain([&no_account]).enumerate() {
        let a = store
            .create_action(
                &actor,
                org,
                plan,
                ActionFields {
                    objective_id: objective,
                    number: Some(n as i64 + 1),
                    text: format!("Action number {}", n + 1),
                    lead_ids: vec![*lead],
                    target_text: "March 2027".into(),
                    outcome_id: None,
                    equality_objective_ids: vec![],
                    aims: vec![],
                    characteristics: vec![],
                    local_characteristics: vec![],
                },
                None,
            )
            .await
            .unwrap();
        actions.push(a.id);
    }
    Council {
        org,
        officer: officers[0],
        plan,
        actions,
    }
}

fn header<'a>(m: &'a Value, name: &str) -> &'a str {
    m["headers"][name].as_str().unwrap_or("")
}

fn to(m: &Value) -> String {
    m["to"][0].as_str().unwrap().to_string()
}

async fn sqlite_db() -> (String, Arc<dyn Store>, PathBuf) {
    let path = std::env::temp_dir().join(format!(
        "dueregard_mail_{}_{}.db",
        std::process::id(),
        unique()
    ));
    let url = dueregard_store::sqlite_url(&path);
    let store: Arc<dyn Store> = Arc::new(dueregard_store::connect(&url).await.unwrap());
    (url, store, path)
}

#[tokio::test]
async fn the_monitoring_cycle_mails_the_right_people_once() {
    let sink = Sink::start(0);
    let (url, store, path) = sqlite_db().await;
    let c = council(store.as_ref(), 1).await;

    // 20 September 2026: ten days before period 1's updates are due.
    run_once(&url, &sink, "2026-09-20");
    let got = sink.messages();
    let subjects: Vec<(String, &str)> = got.iter().map(|m| (to(m), header(m, "subject"))).collect();
    assert_eq!(
        subjects,
        [
            (
                "officer0@mailtown.example".to_string(),
                "Progress updates due by 30 September 2026: Place equality action plan 2026/27"
            ),
            (
                "officer0@mailtown.example".to_string(),
                "Reminder: progress updates due by 30 September 2026: Place equality action plan 2026/27"
            ),
        ],
        "the officer with an account gets a request and a reminder; nobody else is mailed"
    );
    let request = &got[0];
    let link = format!("{PUBLIC_URL}/actions/{}/updates/new", c.actions[0]);
    assert!(
        request["text"].as_str().unwrap().contains(&link),
        "{}",
        request["text"]
    );
    assert!(
        request["html"]
            .as_str()
            .unwrap()
            .contains(&format!("href=\"{link}\""))
    );
    assert_eq!(request["from"], "equality@council.example");
    // Requests are part of the job: no unsubscribe. Reminders carry the one-click kind.
    assert_eq!(header(request, "list-unsubscribe"), "");
    let reminder = &got[1];
    let unsubscribe = header(reminder, "list-unsubscribe");
    assert!(
        unsubscribe.starts_with(&format!("<{PUBLIC_URL}/mail/unsubscribe/")),
        "{unsubscribe}"
    );
    assert!(unsubscribe.ends_with("/reminder>"));
    assert_eq!(
        header(reminder, "list-unsubscribe-post"),
        "List-Unsubscribe=One-Click"
    );
    assert!(
        reminder["text"]
            .as_str()
            .unwrap()
            .contains(&unsubscribe[1..unsubscribe.len() - 1])
    );
    // Every link in every message is absolute.
    for m in &got {
        let html = m["html"].as_str().unwrap();
        for href in html.split("href=\"").skip(1) {
            assert!(href.starts_with(PUBLIC_URL), "a relative link: {href}");
        }
    }
    let jobs_log = store.job_runs("monitoring", 5).await.unwrap();
    assert!(
        jobs_log[0]
            .summary
            .contains("No account to mail for: Nadia Noaccount (Mailtown Council)"),
        "{}",
        jobs_log[0].summary
    );

    // Scrutiny meets on 8 October 2026 to receive the plan's monitoring.
    let committee = store
        .create_committee(
            &Actor::command_line(),
            c.org,
            dueregard_core::org::CommitteeFields::validate("Scrutiny Committee", "scrutiny")
                .unwrap(),
        )
        .await
        .unwrap();
    let meeting = dueregard_core::meeting::MeetingFields::validate(
        &committee.id.to_string(),
        "2026-10-08",
        "",
        &[c.plan.to_string()],
        &[],
    )
    .unwrap();
    store
        .create_meeting(&Actor::command_line(), c.org, meeting)
        .await
        .unwrap();

    // The same day again: nothing is sent twice.
    run_once(&url, &sink, "2026-09-20");
    assert_eq!(sink.messages().len(), 2);

    // The officer unsubscribes from reminders by the link (the one-click POST a mail program
    // makes), then updates one action; the no-account officer's action is never updated.
    let token = unsubscribe
        .trim_start_matches(&format!("<{PUBLIC_URL}/mail/unsubscribe/"))
        .trim_end_matches("/reminder>");
    let app = dueregard::web::router::app(dueregard::web::AppState::new(
        store.clone(),
        false,
        dueregard::app::keys::KeyFile::new(path.with_extension("keys")),
    ));
    let reply = tower::ServiceExt::oneshot(
        app,
        axum::http::Request::post(format!("/mail/unsubscribe/{token}/reminder"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from("List-Unsubscribe=One-Click"))
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(reply.status(), 200);

    // 2 October: period 1's updates were due on 30 September. The officer's missing update goes
    // to their director; the no-account officer's to the director of their directorate too.
    // Period 2's request goes out.
    run_once(&url, &sink, "2026-10-02");
    let got = sink.messages();
    let new: Vec<(String, &str)> = got[2..]
        .iter()
        .map(|m| (to(m), header(m, "subject")))
        .collect();
    assert_eq!(
        new,
        [
            (
                "officer0@mailtown.example".to_string(),
                "Progress updates due by 31 March 2027: Place equality action plan 2026/27"
            ),
            (
                "director@mailtown.example".to_string(),
                "Missing progress updates: Officer 0, Place equality action plan 2026/27"
            ),
            (
                "director@mailtown.example".to_string(),
                "Missing progress updates: Nadia Noaccount, Place equality action plan 2026/27"
            ),
            (
                "lead@mailtown.example".to_string(),
                "Scrutiny Committee meets on 8 October 2026"
            ),
        ]
    );
    let reminder = &got[5];
    assert!(
        reminder["text"]
            .as_str()
            .unwrap()
            .contains(&format!("{PUBLIC_URL}/plans/{}/monitoring", c.plan))
    );
    assert!(header(reminder, "list-unsubscribe").ends_with("/meeting_reminder>"));
    // 25 March 2027: a reminder is owed for period 2, but the officer unsubscribed from
    // reminders: it is worked out, and not sent.
    run_once(&url, &sink, "2027-03-25");
    assert_eq!(sink.messages().len(), 6);
    let outbox = store.outbox(Some(c.org), 10).await.unwrap();
    let skipped: Vec<(&str, dueregard_core::mail::MailKind)> = outbox
        .iter()
        .filter(|m| m.state == dueregard_core::mail::MailState::Skipped)
        .map(|m| (m.to.as_str(), m.kind))
        .collect();
    assert_eq!(
        skipped,
        [(
            "officer0@mailtown.example",
            dueregard_core::mail::MailKind::Reminder
        )]
    );
    assert!(c.officer > 0);

    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// A throw-away database on the test PostgreSQL server, which is required.
async fn postgres_db() -> (
    String,
    Arc<dyn Store>,
    impl std::future::Future<Output = ()>,
) {
    let server = std::env::var("DUEREGARD_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_string());
    let name = format!("dueregard_mail_{}_{}", std::process::id(), unique());
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(&format!("{server}/postgres"))
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL must be running at {server}: {e}"));
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .unwrap();
    let url = format!("{server}/{name}");
    let store: Arc<dyn Store> = Arc::new(dueregard_store::connect(&url).await.unwrap());
    let drop_sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    let cleanup = async move {
        let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(drop_sql))
            .execute(&admin)
            .await;
    };
    (url, store, cleanup)
}

async fn wait_for(sink: &Sink, count: usize, seconds: u64) -> usize {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    loop {
        let n = sink.messages().len();
        if n >= count || std::time::Instant::now() > until {
            return n;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn an_instance_killed_mid_run_sends_nothing_twice_and_skips_no_one() {
    // The server waits 150 ms before taking each recipient, so a run of 30 takes seconds.
    let t0 = std::time::Instant::now();
    let sink = Sink::start(150);
    let (url, store, cleanup) = postgres_db().await;
    eprintln!("db after {:?}", t0.elapsed());
    council(store.as_ref(), 30).await;
    eprintln!("council after {:?}", t0.elapsed());
    // Two instances on one PostgreSQL database, both running the jobs on 1 May 2026, when
    // period 1's requests are owed to 30 officers.
    let mut a = jobs(&url, &sink, "2026-05-01", false).spawn().unwrap();
    let mut b = jobs(&url, &sink, "2026-05-01", false).spawn().unwrap();
    let started = std::time::Instant::now();
    // Kill between messages' acceptance, not inside it: once the server has taken at least 8
    // and every one it took is marked sent, the next is still waiting on its recipient (150 ms).
    // Dying between the server's acceptance and the commit is the one duplicate SMTP itself
    // cannot rule out; the Message-ID, made from the key, lets a receiver drop it.
    let before_kill = loop {
        let taken = wait_for(&sink, 8, 60).await;
        let sent = store
            .outbox(None, 100)
            .await
            .unwrap()
            .iter()
            .filter(|m| m.state == dueregard_core::mail::MailState::Sent)
            .count();
        if taken == sent || started.elapsed() > std::time::Duration::from_secs(60) {
            break taken;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    };
    eprintln!("{before_kill} sent after {:?}", started.elapsed());
    assert!(before_kill >= 8, "sending had not started: {before_kill}");
    // Kill the instance that is sending: its lease names it by its process id.
    let jobs_now = store.jobs().await.unwrap();
    let sender = jobs_now
        .iter()
        .find(|j| j.name == "mail")
        .and_then(|j| j.lease_owner.clone())
        .expect("the mail job is held while it sends");
    let holds = |pid: u32| sender.contains(&format!("-{pid}-"));
    assert!(holds(a.id()) || holds(b.id()), "{sender}");
    if holds(b.id()) {
        std::mem::swap(&mut a, &mut b);
    }
    a.kill().unwrap();
    a.wait().unwrap();
    let at_kill = sink.messages().len();
    assert!(at_kill < 30, "the run finished before the kill: {at_kill}");
    let mut c = jobs(&url, &sink, "2026-05-01", false).spawn().unwrap();
    let sent = wait_for(&sink, 30, 90).await;
    eprintln!("{sent} sent after {:?}", started.elapsed());
    // Long enough for any lease left by the killed instance to run out and be taken again.
    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    for p in [&mut b, &mut c] {
        p.kill().unwrap();
        p.wait().unwrap();
    }
    let got = sink.messages();
    assert_eq!(sent, 30);
    assert_eq!(got.len(), 30, "a message was sent twice");
    let mut recipients: Vec<String> = got.iter().map(to).collect();
    recipients.sort();
    recipients.dedup();
    assert_eq!(recipients.len(), 30, "someone was skipped or mailed twice");
    let mut keys: Vec<&str> = got
        .iter()
        .map(|m| header(m, "x-due-regard-message"))
        .collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 30);
    // The monitoring job ran once, though three instances looked for it.
    let runs = store.job_runs("monitoring", 10).await.unwrap();
    assert_eq!(runs.len(), 1, "{runs:?}");
    let outbox = store.outbox(None, 100).await.unwrap();
    assert!(
        outbox
            .iter()
            .all(|m| m.state == dueregard_core::mail::MailState::Sent)
    );
    drop(store);
    eprintln!("checked after {:?}", t0.elapsed());
    cleanup.await;
    eprintln!("cleaned after {:?}", t0.elapsed());
}
