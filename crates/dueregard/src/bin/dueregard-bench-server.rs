//! Benchmark server: builds one organisation with many actions and updates, then serves the real
//! app and, beside it, a trivial axum handler as the ceiling. `benches/dashboard.sh` drives both.
//! Usage: dueregard-bench-server DB_PATH APP_PORT TRIVIAL_PORT [ACTIONS] [UPDATES] [PLANS]
#![forbid(unsafe_code)]

use dueregard::web::{AppState, auth, router};
use dueregard_core::account::{NewUser, SessionRecord};
use dueregard_core::org::PersonInput;
use dueregard_core::period::FinancialYear;
use dueregard_core::plan::{ActionFields, PlanInput, PlanObjectiveFields, PriorityFields};
use dueregard_core::progress::{ProgressStatus, UpdateFields};
use dueregard_core::store::{Actor, NewOrganisation, Store};
use dueregard_core::vocab::{Nation, Role};
use jiff::ToSpan;
use std::sync::Arc;

const TARGETS: [&str; 6] = [
    "By June",
    "Throughout year",
    "September (tbc)",
    "From April",
    "July to March",
    "Date for publishing of guidance awaited",
];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize, d: &str| args.get(i).cloned().unwrap_or_else(|| d.to_string());
    let path = std::path::PathBuf::from(arg(1, "/tmp/dueregard-bench.db"));
    let (app_port, trivial_port): (u16, u16) = (arg(2, "18181").parse()?, arg(3, "18182").parse()?);
    let (actions, updates, plans): (usize, usize, usize) = (
        arg(4, "2000").parse()?,
        arg(5, "10000").parse()?,
        arg(6, "10").parse()?,
    );
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let store: Arc<dyn Store> =
        Arc::new(dueregard_store::connect(&dueregard_store::sqlite_url(&path)).await?);
    let started = std::time::Instant::now();
    let secret = build(store.as_ref(), actions, updates, plans).await?;
    eprintln!(
        "built {actions} actions and {updates} updates in {plans} plans in {:.1?}",
        started.elapsed()
    );

    let keys = dueregard::app::keys::KeyFile::new(path.with_extension("keys"));
    let app = router::app(AppState::new(store, false, keys));
    let trivial = axum::Router::new().route("/", axum::routing::get(|| async { "ok" }));
    let a = tokio::net::TcpListener::bind(("127.0.0.1", app_port)).await?;
    let t = tokio::net::TcpListener::bind(("127.0.0.1", trivial_port)).await?;
    println!("ready cookie=dueregard_session={secret}");
    tokio::try_join!(
        axum::serve(a, app).into_future(),
        axum::serve(t, trivial).into_future()
    )?;
    Ok(())
}

async fn build(
    store: &dyn Store,
    actions: usize,
    updates: usize,
    plans: usize,
) -> anyhow::Result<String> {
    let cli = Actor::command_line();
    let org = store
        .create_organisation(
            &cli,
            NewOrganisation {
                slug: "bench".into(),
                name: "Benchmark Borough Council".into(),
                nation: Nation::England,
                headcount: Some(5000),
            },
        )
        .await?;
    let mut people = Vec::new();
    for i in 0..40 {
        let letters: String = [
            (b'A' + (i % 26) as u8) as char,
            (b'A' + (i / 26) as u8) as char,
        ]
        .iter()
        .collect();
        let p = PersonInput {
            name: format!("Officer {letters}"),
            initials: letters,
            ..Default::default()
        }
        .validate()
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        people.push(store.create_person(&cli, org.id, p).await?.id);
    }
    // Plans run over the current financial year, so the dashboard has live periods to judge.
    let today = jiff::Zoned::now().date();
    let year = FinancialYear::containing(today).period();
    // Eight equality objectives, each served by an eighth of the actions.
    let mut objectives = Vec::new();
    for o in 0..8 {
        let input = dueregard_core::objective::ObjectiveInput {
            title: format!("Equality objective {}", o + 1),
            description: "Close the gaps the equality information shows".into(),
            period_start: year.start.to_string(),
            period_end: year.end.to_string(),
            status: "approved".into(),
            approved_by: "Cabinet".into(),
            approved_on: year.start.to_string(),
            ..Default::default()
        };
        let fields = input.validate(None).map_err(|e| anyhow::anyhow!("{e}"))?;
        objectives.push(store.create_objective(&cli, org.id, fields).await?.id);
    }
    let per_plan = actions.div_ceil(plans);
    let mut action_ids = Vec::new();
    for p in 0..plans {
        let input = PlanInput {
            title: format!("Directorate {p} equality action plan"),
            period_start: year.start.to_string(),
            period_end: year.end.to_string(),
            status: "approved".into(),
            ..Default::default()
        };
        let plan = store
            .create_plan(
                &cli,
                org.id,
                input.validate().map_err(|e| anyhow::anyhow!("{e}"))?,
            )
            .await?;
        let mut objective = 0;
        for a in 0..per_plan.min(actions - action_ids.len()) {
            if a % 4 == 0 {
                let priority = store
                    .create_priority(
                        &cli,
                        org.id,
                        plan.id,
                        PriorityFields {
                            number: (a / 4 + 1) as i64,
                            title: format!("Priority {}", a / 4 + 1),
                        },
                    )
                    .await?;
                let f = PlanObjectiveFields {
                    priority_id: priority.id,
                    code: format!("D{p}O{}", a / 4 + 1),
                    title: "Improve access to services for disabled residents".into(),
                    lead_ids: vec![people[a % people.len()]],
                };
                objective = store
                    .create_plan_objective(&cli, org.id, plan.id, f)
                    .await?
                    .id;
            }
            let fields = ActionFields {
                objective_id: objective,
                number: Some((a % 4 + 1) as i64),
                text: format!(
                    "Review how the service meets the needs of protected groups, step {a}"
                ),
                lead_ids: vec![people[(a * 7) % people.len()]],
                target_text: TARGETS[a % TARGETS.len()].to_string(),
                outcome_id: None,
                equality_objective_ids: vec![objectives[a % objectives.len()]],
                aims: vec![],
                characteristics: vec![],
                local_characteristics: vec![],
            };
            action_ids.push(
                store
                    .create_action(&cli, org.id, plan.id, fields, None)
                    .await?
                    .id,
            );
        }
    }
    let statuses = [
        ProgressStatus::OnTrack,
        ProgressStatus::AtRisk,
        ProgressStatus::OffTrack,
        ProgressStatus::Complete,
        ProgressStatus::OnTrack,
    ];
    for u in 0..updates {
        let action = action_ids[u % action_ids.len()];
        let days_ago = (u * 13) % 300;
        let fields = UpdateFields {
            reported_on: today.checked_sub((days_ago as i64).days())?,
            status: statuses[u % statuses.len()],
            narrative: "Work continues with partners; the next step is agreed.".into(),
            evidence: vec![],
            illustrative: true,
            why_late: None,
            revised_date: None,
        };
        store.add_update(&cli, org.id, action, fields).await?;
    }
    // Fifty impact assessments, as the benchmark organisation has.
    for n in 0..50 {
        let fields: dueregard_core::assessment::AssessmentFields =
            serde_json::from_value(serde_json::json!({
                "title": format!("Budget proposal {n}: changes to a service"),
                "subject": "budget_proposal",
                "owner_id": null,
                "directorate_id": null,
                "scope": "Who the change affects and how.",
                "purpose": "To set a balanced budget.",
            }))?;
        store.create_assessment(&cli, org.id, fields).await?;
    }
    let hash = auth::hash_password("benchmark password")?;
    let user = store
        .create_user(
            &cli,
            org.id,
            NewUser {
                email: "lead@bench.example".into(),
                name: "Bench Lead".into(),
                role: Role::EqualityLead,
                person_id: None,
                password_hash: hash,
            },
        )
        .await?;
    let secret = auth::random_token()?;
    let expires = auth::now_seconds() + 24 * 3600;
    store
        .create_session(SessionRecord {
            token_hash: auth::token_hash(&secret),
            user_id: user.id,
            csrf_token: "bench".into(),
            expires_at: expires,
        })
        .await?;
    Ok(secret)
}
