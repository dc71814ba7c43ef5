//! Every route in the route table, for every role: allowed where the table says, refused
//! everywhere else. The table drives this test, so a new route cannot be left out.

use crate::{Browser, TestApp, demo_app};
use axum::http::StatusCode;
use dueregard::web::router::{Access, routes};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Administrator,
    EqualityLead,
    LeadOfficer,
    Director,
    Viewer,
    Anonymous,
}

const EVERYONE: [Who; 6] = [
    Who::Administrator,
    Who::EqualityLead,
    Who::LeadOfficer,
    Who::Director,
    Who::Viewer,
    Who::Anonymous,
];

fn email(who: Who) -> Option<&'static str> {
    match who {
        Who::Administrator => Some("admin@dudley.example"),
        Who::EqualityLead => Some("lead@dudley.example"),
        Who::LeadOfficer => Some("officer@dudley.example"),
        Who::Director => Some("director@dudley.example"),
        Who::Viewer => Some("councillor@dudley.example"),
        Who::Anonymous => None,
    }
}

fn allowed(access: Access, who: Who) -> bool {
    match access {
        Access::Public => true,
        Access::Read => who != Who::Anonymous,
        Access::Edit => matches!(who, Who::Administrator | Who::EqualityLead),
        // The id used below is an action the lead officer leads.
        Access::Update => matches!(
            who,
            Who::Administrator | Who::EqualityLead | Who::LeadOfficer
        ),
        Access::Assess => !matches!(who, Who::Viewer | Who::Anonymous),
        Access::Admin => who == Who::Administrator,
        Access::Approve => matches!(who, Who::Administrator | Who::Director),
    }
}

/// Real ids from the Dudley demo for each kind of path.
pub(crate) struct Ids {
    objective: i64,
    plan: i64,
    own_action: i64,
    person: i64,
    directorate: i64,
    priority: i64,
    plan_objective: i64,
    snapshot: i64,
    /// A draft, so every role that may change it can.
    assessment: i64,
    /// The demo's approved, public one.
    published: i64,
    decision: i64,
    committee: i64,
    local: i64,
    glossary: i64,
    /// An outcome that actions refer to, so it can be archived but never deleted.
    outcome: i64,
    /// An account nobody in this test signs in with, for the accounts pages to change.
    user: i64,
    /// The demo's published progress report.
    publication: i64,
    /// The demo's open consultation, one of its responses, and its closed one (whose summary
    /// is approved and public).
    consultation: i64,
    response: i64,
    closed_consultation: i64,
    /// One of the demo's engagement events.
    engagement: i64,
    /// The demo's indicator with values entered by hand.
    indicator: i64,
    /// The demo's budget round.
    budget_round: i64,
    /// The demo's framework self-assessment.
    self_assessment: i64,
    /// The demo's objective shared with a partner.
    pub(crate) partnership: i64,
    /// A training course and session of Dudley's (the demo's are Worcester's).
    course: i64,
    session: i64,
}

pub(crate) async fn ids(app: &TestApp) -> Ids {
    let org = app.org("dudley").await;
    let tree = app
        .store
        .plan_tree(org, app.store.plans(org).await.unwrap()[0].id)
        .await
        .unwrap();
    let (officer, _) = app
        .store
        .user_credentials("officer@dudley.example")
        .await
        .unwrap()
        .unwrap();
    let own = app
        .store
        .actions_led_by(org, officer.person_id.unwrap())
        .await
        .unwrap();
    let approved = crate::demo_assessment(app.store.as_ref(), org)
        .await
        .clone();
    let mut fields = approved.fields.clone();
    fields.title = "A draft for the role checks".into();
    let draft = app
        .store
        .create_assessment(&dueregard_core::store::Actor::command_line(), org, fields)
        .await
        .unwrap();
    let course = app
        .store
        .create_course(
            &dueregard_core::store::Actor::command_line(),
            org,
            dueregard_core::training::CourseFields::validate(
                &dueregard_core::training::CourseForm {
                    title: "Equality induction".into(),
                    kind: "induction".into(),
                    audience: "everyone".into(),
                    ..Default::default()
                },
            )
            .unwrap(),
        )
        .await
        .unwrap();
    let session = app
        .store
        .create_training_session(
            &dueregard_core::store::Actor::command_line(),
            org,
            dueregard_core::training::TrainingSessionFields {
                course_id: course.id,
                date: jiff::civil::date(2026, 1, 5),
                trainer: String::new(),
                attendee_ids: vec![],
            },
        )
        .await
        .unwrap();
    let consultations = app.store.consultations(org).await.unwrap();
    let open = consultations[0].id;
    let closed = consultations
        .iter()
        .find(|c| c.fields.summary_approved.is_some())
        .expect("the demo has a consultation with an approved summary")
        .id;
    Ids {
        consultation: open,
        response: app.store.responses(org, open).await.unwrap()[0].id,
        closed_consultation: closed,
        engagement: app.store.engagement_events(org).await.unwrap()[0].id,
        indicator: app
            .store
            .indicators(org)
            .await
            .unwrap()
            .iter()
            .find(|i| i.fields.source == dueregard_core::indicator::Source::Entered)
            .unwrap()
            .id,
        budget_round: app.store.budget_rounds(org).await.unwrap()[0].id,
        self_assessment: app.store.self_assessments(org).await.unwrap()[0].id,
        partnership: app.store.partnerships(org).await.unwrap()[0].id,
        course: course.id,
        session: session.id,
        publication: app
            .store
            .publications(org)
            .await
            .unwrap()
            .iter()
            .find(|p| p.fields.published.is_some())
            .expect("the demo publishes its progress report")
            .id,
        objective: app.store.objectives(org).await.unwrap()[0].id,
        plan: tree.plan.id,
        own_action: own[0].id,
        person: app.store.people(org).await.unwrap()[0].id,
        directorate: app.store.directorates(org).await.unwrap()[0].id,
        priority: tree.priorities[0].id,
        plan_objective: tree.objectives[0].id,
        snapshot: app.store.snapshots(org).await.unwrap()[0].id,
        assessment: draft.id,
        published: approved.id,
        decision: crate::demo_decision(app.store.as_ref(), org).await.id,
        committee: app.store.committees(org).await.unwrap()[0].id,
        local: app
            .store
            .create_local_characteristic(
                &dueregard_core::store::Actor::command_line(),
                org,
                dueregard_core::org::LocalCharacteristicFields {
                    name: "Rurality".into(),
                    description: None,
                },
            )
            .await
            .unwrap()
            .id,
        glossary: app
            .store
            .create_glossary_entry(
                &dueregard_core::store::Actor::command_line(),
                org,
                tree.plan.id,
                dueregard_core::plan::GlossaryFields {
                    term: "EIA".into(),
                    meaning: "Equality impact assessment".into(),
                },
            )
            .await
            .unwrap()
            .id,
        outcome: tree
            .actions
            .iter()
            .find_map(|a| a.fields.outcome_id)
            .expect("an outcome that actions share"),
        user: app
            .store
            .create_user(
                &dueregard_core::store::Actor::command_line(),
                org,
                dueregard_core::account::NewUser {
                    email: "spare@dudley.example".into(),
                    name: "Spare".into(),
                    role: dueregard_core::vocab::Role::Viewer,
                    person_id: None,
                    password_hash: "not a hash".into(),
                },
            )
            .await
            .unwrap()
            .id,
    }
}

/// A snapshot made for one request to delete, so every role that may delete has one.
async fn spare_snapshot(app: &TestApp, n: i16) -> i64 {
    let org = app.org("dudley").await;
    let fields = dueregard_core::workforce::SnapshotFields {
        snapshot_date: jiff::civil::date(2000 + n, 3, 31),
        area_code: None,
        sex_basis: dueregard_core::workforce::SexBasis::RecordedSex,
        disclosure: dueregard_core::workforce::Preset::Threshold10,
        synthetic: true,
        file_name: "spare.csv".into(),
        fingerprint: "0".repeat(64),
        headline: None,
        columns_not_read: Vec::new(),
    };
    app.store
        .create_snapshot(
            &dueregard_core::store::Actor::command_line(),
            org,
            fields,
            &[],
        )
        .await
        .unwrap()
        .id
}

pub(crate) fn concrete(path: &str, ids: &Ids) -> String {
    let id = if path.starts_with("/admin/users/") {
        ids.user
    } else if path.contains("/records/{kind}/") {
        ids.outcome
    } else if path.contains("/committees/") {
        ids.committee
    } else if path.contains("/local-characteristics/") {
        ids.local
    } else if path.starts_with("/api/v1/glossary/") {
        ids.glossary
    } else if path.starts_with("/objectives/") || path.starts_with("/api/v1/objectives/") {
        ids.objective
    } else if path.contains("/workforce/") {
        ids.snapshot
    } else if path.contains("/publications/") {
        ids.publication
    } else if path.contains("/partnerships/") {
        ids.partnership
    } else if path.contains("/frameworks/") {
        ids.self_assessment
    } else if path.contains("/training/courses/") {
        ids.course
    } else if path.contains("/training/sessions/") {
        ids.session
    } else if path.contains("/budget-rounds/") {
        ids.budget_round
    } else if path.contains("/indicators/") {
        ids.indicator
    } else if path.starts_with("/engagement/") {
        ids.engagement
    } else if path.contains("/consultations/") && path.contains("/summary") {
        ids.closed_consultation
    } else if path.contains("/consultations/") {
        ids.consultation
    } else if path.starts_with("/public/") {
        ids.published
    } else if path.contains("/assessments/") {
        ids.assessment
    } else if path.contains("/decisions/") {
        ids.decision
    } else if path.contains("/plans/") {
        ids.plan
    } else if path.contains("/actions/") {
        ids.own_action
    } else if path.contains("/people/") {
        ids.person
    } else if path.contains("/directorates/") {
        ids.directorate
    } else if path.contains("/priorities/") {
        ids.priority
    } else {
        ids.plan_objective
    };
    let path = path
        .replace("{id}", &id.to_string())
        .replace("{priority_id}", &ids.priority.to_string())
        .replace("{objective_id}", &ids.plan_objective.to_string())
        .replace("{glossary_id}", &ids.glossary.to_string())
        .replace("{kind}", "outcomes")
        .replace("{*path}", "govuk/govuk-frontend.min.css")
        .replace("{slug}", "dudley")
        .replace("{session}", "0123456789abcdef")
        .replace("{file}", "datapackage.json")
        .replace("{format}", "pdf")
        .replace("{token}", &"0".repeat(64))
        .replace("{key}", &"0".repeat(32))
        .replace("{n}", "1")
        .replace("{response}", &ids.response.to_string());
    if path.ends_with("/search") {
        format!("{path}?q=equality")
    } else {
        path
    }
}

#[tokio::test]
async fn every_route_for_every_role() {
    let app = demo_app().await;
    let ids = ids(&app).await;
    let mut browsers: Vec<(Who, Option<Browser>, Option<String>)> = Vec::new();
    for who in EVERYONE {
        match email(who) {
            Some(e) => browsers.push((who, Some(app.sign_in(e).await), Some(app.token(e).await))),
            None => browsers.push((who, None, None)),
        }
    }
    let mut checked = 0;
    let mut failures = Vec::new();
    for route in routes() {
        // Signing in and out change the session itself; they have their own tests.
        if route.path == "/sign-in" && route.method == "POST" || route.path == "/sign-out" {
            continue;
        }
        let path = concrete(route.path, &ids);
        for (n, (who, browser, token)) in browsers.iter().enumerate() {
            let ok = allowed(route.access, *who);
            let path = if route.path == "/workforce/{id}/delete" {
                format!("/workforce/{}/delete", spare_snapshot(&app, n as i16).await)
            } else {
                path.clone()
            };
            let reply = match (route.api.is_some(), route.method) {
                (true, "GET") => app.api("GET", &path, token.as_deref(), None).await,
                (true, m) => app.api(m, &path, token.as_deref(), Some("{}")).await,
                (false, "GET") => app.get(&path, browser.as_ref()).await,
                (false, _) => app.post(&path, browser.as_ref(), &[]).await,
            };
            let s = reply.status;
            let good = match (ok, route.api.is_some(), *who == Who::Anonymous) {
                // No upload is waiting under this made-up id, for anyone allowed to ask.
                (true, _, _) if route.path.starts_with("/import/") => s == StatusCode::NOT_FOUND,
                // Nor is there a session, a password link or a calendar feed under these
                // made-up names, nor a feed of each person's own to revoke.
                (true, _, _)
                    if route.path.contains("{session}")
                        || route.path.contains("{token}")
                        || route.path.contains("{feed}")
                        || route.path.contains("{key}")
                        || route.path == "/account/calendars/{id}/revoke" =>
                {
                    s == StatusCode::NOT_FOUND
                }
                (true, _, _) if route.method == "GET" => s == StatusCode::OK,
                // Allowed writes with empty input get past the role check and are refused for
                // what they carry, not for who sent them.
                (true, _, _) => {
                    matches!(s.as_u16(), 400 | 409 | 422)
                        || (s == StatusCode::SEE_OTHER && reply.location() != "/sign-in")
                }
                (false, true, true) => s == StatusCode::UNAUTHORIZED,
                (false, false, true) => {
                    s == StatusCode::SEE_OTHER
                        && reply.location() == crate::signed_out_location(route.method, &path)
                }
                (false, _, false) => s == StatusCode::FORBIDDEN,
            };
            if !good {
                failures.push(format!(
                    "{} {} as {who:?}: got {s} (allowed: {ok}) {}",
                    route.method,
                    path,
                    &reply.body.chars().take(200).collect::<String>()
                ));
            }
            checked += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 300, "the table drove {checked} checks");
}

#[tokio::test]
async fn lead_officers_only_report_on_actions_they_lead() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let officer = app.sign_in("officer@dudley.example").await;
    let (user, _) = app
        .store
        .user_credentials("officer@dudley.example")
        .await
        .unwrap()
        .unwrap();
    let mine: Vec<i64> = app
        .store
        .actions_led_by(org, user.person_id.unwrap())
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    let other = app
        .store
        .action_rows(org)
        .await
        .unwrap()
        .into_iter()
        .find(|r| !mine.contains(&r.id))
        .unwrap();
    let fields = [
        ("status", "at_risk"),
        ("narrative", "Held up by staff absence"),
    ];
    let refused = app
        .post(
            &format!("/actions/{}/updates/new", other.id),
            Some(&officer),
            &fields,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        app.store.updates(org, other.id).await.unwrap().is_empty(),
        "nothing was stored"
    );
    let token = app.token("officer@dudley.example").await;
    let api = app
        .api(
            "POST",
            &format!("/api/v1/actions/{}/updates", other.id),
            Some(&token),
            Some(r#"{"status":"at_risk","narrative":"x"}"#),
        )
        .await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    assert_eq!(
        api.headers.get("content-type").unwrap(),
        "application/problem+json"
    );
    // Their own action's page offers the update; the other's does not.
    assert!(
        app.get(&format!("/actions/{}", mine[0]), Some(&officer))
            .await
            .body
            .contains("Report progress")
    );
    let theirs = app
        .get(&format!("/actions/{}", other.id), Some(&officer))
        .await;
    assert_eq!(theirs.status, StatusCode::OK, "the page itself is shown");
    assert!(!theirs.body.contains("Report progress"));
}

#[tokio::test]
async fn viewers_see_no_edit_controls() {
    let app = demo_app().await;
    let viewer = app.sign_in("councillor@dudley.example").await;
    let org = app.org("dudley").await;
    let plan = app.store.plans(org).await.unwrap()[0].id;
    for page in [
        "/objectives".to_string(),
        format!("/plans/{plan}"),
        "/people".into(),
        "/plans".into(),
    ] {
        let reply = app.get(&page, Some(&viewer)).await;
        assert_eq!(reply.status, StatusCode::OK, "{page} is shown to a viewer");
        let body = reply.body;
        for control in ["/edit\"", "/new\"", "Report progress"] {
            assert!(
                !body.contains(control),
                "{page} shows {control} to a viewer"
            );
        }
    }
    let lead = app.sign_in("lead@dudley.example").await;
    assert!(
        app.get(&format!("/plans/{plan}"), Some(&lead))
            .await
            .body
            .contains(&format!("/plans/{plan}/actions/new"))
    );
}

/// The page that does what an API route does, if there is one: the same operation must be
/// open to the same roles on both.
fn page_for(method: &str, api_path: &str) -> Option<(&'static str, String)> {
    let path = api_path.strip_prefix("/api/v1")?;
    let ends_in_id = path.ends_with('}');
    match method {
        "GET" => Some(("GET", path.to_string())),
        "PUT" | "PATCH" if ends_in_id => Some(("POST", format!("{path}/edit"))),
        "POST" if ends_in_id => Some(("POST", format!("{path}/new"))),
        "POST" => Some(("POST", format!("{path}/new"))),
        _ => None,
    }
}

fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn the_web_and_the_api_allow_the_same_roles_for_the_same_operation() {
    let table = routes();
    let mut compared = Vec::new();
    let mut differ = Vec::new();
    for api in table.iter().filter(|r| r.api.is_some()) {
        let Some((method, page_path)) = page_for(api.method, api.path) else {
            continue;
        };
        let Some(page) = table
            .iter()
            .find(|r| r.api.is_none() && r.method == method && shape(r.path) == shape(&page_path))
        else {
            continue;
        };
        compared.push(format!("{} {}", api.method, api.path));
        if page.access != api.access {
            differ.push(format!(
                "{} {} is {:?} but {} {} is {:?}",
                api.method, api.path, api.access, page.method, page.path, page.access
            ));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    // Objectives, plans, priorities, actions, updates, people, directorates, assessments,
    // decisions: reading, creating and changing each.
    assert!(
        compared.len() >= 20,
        "only {} pairs compared: {compared:?}",
        compared.len()
    );
}
