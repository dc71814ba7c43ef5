use crate::{between, demo_app};
use axum::http::StatusCode;
use dueregard::web::router::routes;

#[tokio::test]
async fn the_dudley_plan_lists_ce1_to_ce18_in_order_with_every_action() {
    let app = demo_app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let org = app.org("dudley").await;
    let plan = app.store.plans(org).await.unwrap()[0].id;
    let page = app.get(&format!("/plans/{plan}"), Some(&lead)).await;
    assert_eq!(page.status, StatusCode::OK);
    let mut at = 0;
    for n in 1..=18 {
        let found = page.body[at..]
            .find(&format!("id=\"objective-CE{n}\""))
            .unwrap_or_else(|| panic!("CE{n} missing or out of order"));
        at += found;
    }
    for priority in 1..=9 {
        assert!(
            page.body.contains(&format!("Priority {priority}.")),
            "priority {priority}"
        );
    }
    assert_eq!(
        page.body.matches("href=\"/actions/").count(),
        40,
        "every action of seed 004 links to its page"
    );
    assert!(
        page.body.contains("SM – Simon Manson") && page.body.contains("AW – Andy Wright"),
        "the lead officer key"
    );
    assert!(
        page.body.contains("public sector equality duty"),
        "the glossary"
    );
    // Each target shows once, in its words, with the dates read from them as a hint.
    let words = "Base system in place by June 2013 Training by September 2013";
    assert_eq!(page.body.matches(words).count(), 1, "the words once");
    assert!(
        page.body.contains(&format!(
            "{words}<br><span class=\"govuk-hint govuk-body-s dr-date-hint\">30 June 2013; 30 September 2013</span>"
        )),
        "the parsed dates as a hint"
    );
    assert!(
        !page.body.contains("Base system in place: by 30 June 2013"),
        "the milestones are not written out a second time"
    );
    // The CE1 outcome spans its four actions, as in the source.
    assert!(
        page.body
            .contains("rowspan=\"4\">Approach and guidance documents amended")
    );
}

#[tokio::test]
async fn organisations_cannot_see_each_other() {
    let app = demo_app().await;
    let worcester = app.org("worcester").await;
    let theirs = app.store.objectives(worcester).await.unwrap()[0].clone();
    let lead = app.sign_in("lead@dudley.example").await;
    assert_eq!(
        app.get(&format!("/objectives/{}", theirs.id), Some(&lead))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let edit = app
        .post(
            &format!("/objectives/{}/edit", theirs.id),
            Some(&lead),
            &[("title", "Taken"), ("version", "1")],
        )
        .await;
    assert_eq!(edit.status, StatusCode::NOT_FOUND);
    let token = app.token("lead@dudley.example").await;
    assert_eq!(
        app.api(
            "GET",
            &format!("/api/v1/objectives/{}", theirs.id),
            Some(&token),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let list = app
        .api("GET", "/api/v1/objectives", Some(&token), None)
        .await
        .json();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|o| o["id"] != theirs.id)
    );
    let search = app.get("/search?q=dignity", Some(&lead)).await;
    assert_eq!(search.status, StatusCode::OK, "the search ran");
    assert!(!search.body.contains(&theirs.fields.title));
    assert_eq!(
        app.store.objective(worcester, theirs.id).await.unwrap(),
        theirs,
        "unchanged"
    );
}

#[tokio::test]
async fn forms_without_the_session_token_are_refused() {
    let app = demo_app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let org = app.org("dudley").await;
    let before = app.store.objectives(org).await.unwrap().len();
    let forged = app
        .post(
            "/objectives/new",
            Some(&lead),
            &[("csrf_token", "not-the-token"), ("title", "Forged")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let missing = app
        .post(
            "/objectives/new",
            Some(&lead),
            &[("csrf_token", ""), ("title", "Forged")],
        )
        .await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.objectives(org).await.unwrap().len(), before);
    // The sign-in form needs its own token too.
    let page = app
        .post(
            "/sign-in",
            None,
            &[
                ("email", "lead@dudley.example"),
                ("password", dueregard::demo::DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_stale_edit_is_refused_showing_both_versions() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let objective = app.store.objectives(org).await.unwrap()[0].clone();
    let lead = app.sign_in("lead@dudley.example").await;
    let admin = app.sign_in("admin@dudley.example").await;
    let path = format!("/objectives/{}/edit", objective.id);
    let form = app.get(&path, Some(&lead)).await;
    let version = between(&form.body, "name=\"version\" value=\"", "\"").unwrap();
    let fields = |title: &'static str| {
        vec![
            ("title", title),
            ("status", "approved"),
            ("approved_on-day", "1"),
            ("approved_on-month", "3"),
            ("approved_on-year", "2012"),
            ("version", ""),
        ]
    };
    let mut first = fields("Financial inclusion strategy (first edit)");
    first[5].1 = &version;
    let saved = app.post(&path, Some(&admin), &first).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let mut second = fields("Financial inclusion strategy (second edit)");
    second[5].1 = &version;
    let refused = app.post(&path, Some(&lead), &second).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("Your changes were not saved"));
    assert!(
        refused.body.contains("(first edit)") && refused.body.contains("(second edit)"),
        "both versions shown"
    );
    assert!(
        refused.body.contains(&format!(
            "name=\"version\" value=\"{}\"",
            objective.version + 1
        )),
        "the form now carries the saved version"
    );
    let now = app.store.objective(org, objective.id).await.unwrap();
    assert_eq!(
        now.fields.title,
        "Financial inclusion strategy (first edit)"
    );
    // The API refuses the same way, with the saved record.
    let token = app.token("lead@dudley.example").await;
    let body = format!(
        r#"{{"version": {}, "title": "API edit", "status": "approved", "approved_on": "2012-03-01"}}"#,
        objective.version
    );
    let api = app
        .api(
            "PUT",
            &format!("/api/v1/objectives/{}", objective.id),
            Some(&token),
            Some(&body),
        )
        .await;
    assert_eq!(api.status, StatusCode::CONFLICT);
    assert_eq!(
        api.json()["current"]["title"],
        "Financial inclusion strategy (first edit)"
    );
}

#[tokio::test]
async fn changes_are_audited_with_who_and_before_and_after() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let lead = app.sign_in("lead@dudley.example").await;
    let created = app
        .post(
            "/objectives/new",
            Some(&lead),
            &[
                ("title", "Close the disability pay gap"),
                ("status", "draft"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let log = app.store.audit_log(org, 5).await.unwrap();
    let entry = log
        .iter()
        .find(|e| e.change == "create" && e.entity == "equality objective")
        .unwrap();
    assert_eq!(entry.actor, "Simon Manson <lead@dudley.example>");
    assert!(
        entry
            .after
            .as_deref()
            .unwrap()
            .contains("Close the disability pay gap")
    );
    let page = app.get("/audit", Some(&lead)).await;
    assert!(page.body.contains("Close the disability pay gap"));
}

#[tokio::test]
async fn a_lead_officer_update_changes_the_dashboard() {
    let app = demo_app().await;
    let officer = app.sign_in("officer@dudley.example").await;
    let mine = app.get("/my-actions", Some(&officer)).await;
    assert_eq!(
        mine.body.matches("href=\"/actions/").count() / 2,
        8,
        "Jason Whyley leads five actions in 2013/14 and three in this year's illustrative plan (each links twice)"
    );
    let action = between(&mine.body, "href=\"/actions/", "\"").unwrap();
    let at_risk = |body: &str| {
        between(body, "At risk (amber)</th>", "</tr>")
            .map(|_| ())
            .and(Some(body.matches("At risk (amber)").count()))
    };
    let lead = app.sign_in("lead@dudley.example").await;
    let before = app.get("/", Some(&lead)).await.body;
    let reply = app
        .post(
            &format!("/actions/{action}/updates/new"),
            Some(&officer),
            &[
                ("status", "at_risk"),
                ("narrative", "The venue fell through."),
                ("evidence", "https://example.org/minutes"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let token = app.token("lead@dudley.example").await;
    let d = app
        .api("GET", "/api/v1/dashboard", Some(&token), None)
        .await
        .json();
    let plan = &d["plans"][0];
    let count = plan["by_status"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p[0] == "at_risk")
        .unwrap()[1]
        .as_u64()
        .unwrap();
    assert_eq!(count, 2, "the demo's one at-risk action and this one");
    let after = app.get("/", Some(&lead)).await.body;
    assert_ne!(at_risk(&before), None);
    assert_ne!(before, after);
    let page = app
        .get(&format!("/actions/{action}"), Some(&lead))
        .await
        .body;
    assert!(page.contains("The venue fell through.") && page.contains("Reported by Jason Whyley"));
}

#[tokio::test]
async fn a_late_action_gets_a_revised_date_beside_its_target_with_the_reason() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let officer = app.sign_in("officer@dudley.example").await;
    let mine = app.get("/my-actions", Some(&officer)).await;
    let id: i64 = between(&mine.body, "href=\"/actions/", "\"")
        .unwrap()
        .parse()
        .unwrap();
    let rows = app.store.action_rows(org).await.unwrap();
    let row = rows.iter().find(|a| a.id == id).unwrap();
    let today = dueregard::web::today();
    assert!(
        row.is_overdue(today),
        "the demo's 2013 actions are all past their targets"
    );
    let target = row.target_text.clone();
    let update = |fields: Vec<(&'static str, String)>| {
        let mut all: Vec<(&'static str, String)> = vec![
            ("status", "at_risk".into()),
            ("narrative", "Delayed by the venue.".into()),
        ];
        all.extend(fields);
        let path = format!("/actions/{id}/updates/new");
        let officer = officer.clone();
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post(&path, Some(&officer), &pairs).await
        }
    };
    let year = (today.year() + 1).to_string();
    // A revised date needs a reason, and cannot be before the update.
    let no_reason = update(vec![
        ("revised_date-day", "31".into()),
        ("revised_date-month", "3".into()),
        ("revised_date-year", year.clone()),
    ])
    .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.body.contains("Say why the date has moved"));
    let past = update(vec![
        ("revised_date-day", "1".into()),
        ("revised_date-month", "1".into()),
        ("revised_date-year", "2001".into()),
        ("why_late", "x".into()),
    ])
    .await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        past.body
            .contains("The revised date must be on or after the date of the update")
    );
    assert_eq!(
        app.store.updates(org, id).await.unwrap().len(),
        0,
        "nothing saved"
    );

    let saved = update(vec![
        ("revised_date-day", "31".into()),
        ("revised_date-month", "3".into()),
        ("revised_date-year", year.clone()),
        (
            "why_late",
            "The venue was not available until the spring.".into(),
        ),
    ])
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let rows = app.store.action_rows(org).await.unwrap();
    let row = rows.iter().find(|a| a.id == id).unwrap();
    let revised = jiff::civil::date(today.year() + 1, 3, 31);
    assert_eq!(row.progress.revised_due, Some(revised));
    assert_eq!(
        row.target_text, target,
        "the plan's target is never overwritten"
    );
    assert!(
        !row.is_overdue(today),
        "judged against the revised date now"
    );
    let page = app
        .get(&format!("/actions/{id}"), Some(&officer))
        .await
        .body;
    assert!(page.contains(&format!(
        "Revised date: {}.</strong> Why: The venue was not available until the spring.",
        dueregard_core::period::long_date(revised)
    )));
    // A later update without a new date keeps the revised one.
    let again = update(Vec::new()).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let rows = app.store.action_rows(org).await.unwrap();
    assert_eq!(
        rows.iter()
            .find(|a| a.id == id)
            .unwrap()
            .progress
            .revised_due,
        Some(revised)
    );
}

#[tokio::test]
async fn bad_input_is_refused_clearly_and_changes_nothing() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let token = app.token("lead@dudley.example").await;
    let count = || async { app.store.objectives(org).await.unwrap().len() };
    let before = count().await;

    let empty = app
        .api(
            "POST",
            "/api/v1/objectives",
            Some(&token),
            Some(r#"{"title": "  "}"#),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.json()["errors"][0]["field"], "title");
    assert_eq!(empty.json()["errors"][0]["message"], "Enter a title");

    let long = format!(r#"{{"title": "{}"}}"#, "x".repeat(301));
    let long = app
        .api("POST", "/api/v1/objectives", Some(&token), Some(&long))
        .await;
    assert_eq!(
        long.json()["errors"][0]["message"],
        "Title must be 300 characters or fewer (it has 301)"
    );

    let wrong_type = app
        .api(
            "POST",
            "/api/v1/objectives",
            Some(&token),
            Some(r#"{"title": 5}"#),
        )
        .await;
    assert_eq!(wrong_type.status, StatusCode::BAD_REQUEST);
    assert!(
        wrong_type.json()["detail"]
            .as_str()
            .unwrap()
            .contains("invalid type")
    );

    let malformed = app
        .api(
            "POST",
            "/api/v1/objectives",
            Some(&token),
            Some(r#"{"title": "#),
        )
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        malformed.headers.get("content-type").unwrap(),
        "application/problem+json"
    );

    let not_json = app
        .send(
            axum::http::Request::post("/api/v1/objectives")
                .header("authorization", format!("Bearer {token}"))
                .body(axum::body::Body::from("title=x"))
                .unwrap(),
        )
        .await;
    assert_eq!(not_json.status, StatusCode::BAD_REQUEST);

    let unknown = app
        .api("GET", "/api/v1/objectives/999999", Some(&token), None)
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let plan = app.store.plans(org).await.unwrap()[0].id;
    let orphan = app
        .api(
            "POST",
            &format!("/api/v1/plans/{plan}/actions"),
            Some(&token),
            Some(r#"{"objective_id": 999999, "text": "Orphan", "new_outcome": "Never stored"}"#),
        )
        .await;
    assert_eq!(orphan.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(orphan.json()["errors"][0]["field"], "objective_id");
    assert!(
        !app.store
            .plan_tree(org, plan)
            .await
            .unwrap()
            .outcomes
            .iter()
            .any(|o| o.fields.text == "Never stored"),
        "the new outcome was rolled back"
    );

    // Too large: 413, saying what the limit is.
    let huge = format!(r#"{{"title": "{}"}}"#, "x".repeat(300 * 1024));
    let reply = app
        .api("POST", "/api/v1/objectives", Some(&token), Some(&huge))
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.body.contains("at most 256 KB"), "{}", reply.body);

    // The same through a form: the GOV.UK error summary links to the field.
    let lead = app.sign_in("lead@dudley.example").await;
    let form = app
        .post(
            "/objectives/new",
            Some(&lead),
            &[
                ("title", ""),
                ("approved_on-day", "31"),
                ("approved_on-month", "2"),
                ("approved_on-year", "2013"),
            ],
        )
        .await;
    assert_eq!(form.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        form.body
            .contains("<title>Error: Add an equality objective")
    );
    assert!(form.body.contains("<a href=\"#title\">Enter a title</a>"));
    assert!(
        form.body
            .contains("<a href=\"#approved_on-day\">The approval date must be a real date</a>"),
        "{}",
        crate::between(&form.body, "govuk-error-summary__list\">", "</ul>").unwrap_or_default()
    );
    assert_eq!(count().await, before);
}

#[tokio::test]
async fn sign_in_is_throttled_and_sign_out_ends_the_session() {
    let app = demo_app().await;
    let wrong = app
        .try_sign_in("viewer@worcester.example", "not the password")
        .await
        .err()
        .unwrap();
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(
        wrong
            .body
            .contains("Enter a correct email address and password")
    );
    for _ in 0..4 {
        assert!(
            app.try_sign_in("viewer@worcester.example", "still wrong")
                .await
                .is_err()
        );
    }
    let locked = app
        .try_sign_in("viewer@worcester.example", dueregard::demo::DEMO_PASSWORD)
        .await
        .err()
        .unwrap();
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "locked even with the right password"
    );
    let other = app.sign_in("lead@worcester.example").await;
    assert_eq!(app.get("/", Some(&other)).await.status, StatusCode::OK);
    let out = app.post("/sign-out", Some(&other), &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let after = app.get("/", Some(&other)).await;
    assert_eq!(
        (after.status, after.location()),
        (StatusCode::SEE_OTHER, "/sign-in?next=%2F")
    );
}

#[tokio::test]
async fn pages_carry_security_headers_and_assets_are_embedded() {
    let app = demo_app().await;
    let page = app.get("/sign-in", None).await;
    assert!(
        page.headers
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
    assert_eq!(page.headers.get("x-frame-options").unwrap(), "DENY");
    assert!(page.body.contains(
        "<label class=\"govuk-label govuk-label--s\" for=\"email\">Email address</label>"
    ));
    assert!(
        page.body.contains(
            "<label class=\"govuk-label govuk-label--s\" for=\"password\">Password</label>"
        )
    );
    assert!(page.body.contains(">Sign in</button>"));
    let css = app.get("/assets/govuk/govuk-frontend.min.css", None).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(
        !css.body.contains("GDS Transport"),
        "the GOV.UK typeface is for GOV.UK only"
    );
    assert_eq!(
        app.get("/assets/../Cargo.toml", None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/no-such-page", None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_openapi_document_lists_every_api_route() {
    let app = demo_app().await;
    let doc = app.get("/api/openapi.json", None).await.json();
    assert_eq!(doc["openapi"], "3.1.0");
    for r in routes().iter().filter(|r| r.api.is_some()) {
        let op = &doc["paths"][r.path][r.method.to_lowercase()];
        assert!(
            op["summary"].is_string(),
            "{} {} is documented",
            r.method,
            r.path
        );
    }
    let documented: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|p| p.as_object().unwrap().len())
        .sum();
    assert_eq!(
        documented,
        routes().iter().filter(|r| r.api.is_some()).count()
    );
}

#[tokio::test]
async fn every_demo_target_date_reads_as_a_milestone() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let plan = app.store.plans(org).await.unwrap()[0].clone();
    let tree = app.store.plan_tree(org, plan.id).await.unwrap();
    let Some(path) = crate::seed_path("004_8d8d19867bf1a4c9.txt") else {
        return;
    };
    let seed = std::fs::read_to_string(path).unwrap();
    for a in &tree.actions {
        assert!(
            seed.contains(&a.fields.target_text),
            "target '{}' is quoted exactly from seed 004",
            a.fields.target_text
        );
        // Cells break across pages in the source, so compare the start of each action.
        let start: String = a.fields.text.chars().take(60).collect();
        assert!(
            seed.contains(&start),
            "action text '{start}' comes from seed 004"
        );
        let target = a.target(plan.fields.period);
        assert!(
            !target.milestones.is_empty(),
            "'{}' parses",
            a.fields.target_text
        );
    }
    assert_eq!(tree.actions.len(), 40);
    assert_eq!(tree.objectives.len(), 18);
    assert_eq!(tree.glossary.len(), 7);
}

#[tokio::test]
async fn priorities_objectives_committees_and_local_characteristics_have_forms() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let lead = app.sign_in("lead@dudley.example").await;
    let tree = app
        .store
        .plan_tree(org, app.store.plans(org).await.unwrap()[0].id)
        .await
        .unwrap();
    let ce1 = tree
        .objectives
        .iter()
        .find(|o| o.fields.code == "CE1")
        .unwrap();
    let path = format!("/plans/{}/objectives/{}/edit", tree.plan.id, ce1.id);
    let form = app.get(&path, Some(&lead)).await;
    assert!(form.body.contains("Edit objective CE1"));
    let version = crate::between(&form.body, "name=\"version\" value=\"", "\"").unwrap();
    let priority = ce1.fields.priority_id.to_string();
    let saved = app
        .post(
            &path,
            Some(&lead),
            &[
                ("version", &version),
                ("priority_id", &priority),
                ("code", "CE1"),
                ("title", "Update policies and guidance"),
                ("lead_ids", "not-a-number"),
            ],
        )
        .await;
    assert_eq!(
        saved.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a lead that is not an id is refused"
    );
    let saved = app
        .post(
            &path,
            Some(&lead),
            &[
                ("version", &version),
                ("priority_id", &priority),
                ("code", "CE1"),
                ("title", "Update policies and guidance"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store
            .plan_tree(org, tree.plan.id)
            .await
            .unwrap()
            .objective(ce1.id)
            .unwrap()
            .fields
            .title,
        "Update policies and guidance"
    );
    let p1 = &tree.priorities[0];
    let path = format!("/plans/{}/priorities/{}/edit", tree.plan.id, p1.id);
    let stale = app
        .post(
            &path,
            Some(&lead),
            &[("version", "99"), ("number", "1"), ("title", "Policy")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        app.post(
            "/committees/new",
            Some(&lead),
            &[("name", "Equality Forum"), ("kind", "equality_group")]
        )
        .await
        .status
            == StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.post(
            "/committees/new",
            Some(&lead),
            &[("name", ""), ("kind", "party")]
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert!(
        app.post(
            "/local-characteristics/new",
            Some(&lead),
            &[("name", "Care leavers")]
        )
        .await
        .status
            == StatusCode::SEE_OTHER
    );
    let people = app.get("/people", Some(&lead)).await.body;
    assert!(people.contains("Equality Forum (Equality group)") && people.contains("Care leavers"));
}

#[tokio::test]
async fn the_dashboard_shows_changes_from_anywhere() {
    let app = demo_app().await;
    let org = app.org("cumbria").await;
    let lead = app.sign_in("lead@cumbria.example").await;
    let count = |body: &str| crate::between(body, "Overdue actions (", ")").unwrap();
    let first = app.get("/", Some(&lead)).await.body;
    let before = count(&first);
    // A change through this instance shows at once.
    let plan = app.store.plans(org).await.unwrap()[0].clone();
    let tree = app.store.plan_tree(org, plan.id).await.unwrap();
    let mut fields = tree.actions[0].fields.clone();
    fields.target_text = "By June 2016".into();
    app.store
        .update_action(
            &dueregard_core::store::Actor::command_line(),
            org,
            tree.actions[0].id,
            tree.actions[0].version,
            fields,
            None,
        )
        .await
        .unwrap();
    let now = app.get("/", Some(&lead)).await.body;
    assert_ne!(count(&now), before, "this instance's change shows at once");
    // A change through another handle (another instance, or the command line) shows within a
    // second, and the dashboard never shows anything older than that.
    let other = app.other_instance().await;
    let mut fields = tree.actions[1].fields.clone();
    fields.target_text = "By June 2016".into();
    other
        .update_action(
            &dueregard_core::store::Actor::command_line(),
            org,
            tree.actions[1].id,
            tree.actions[1].version,
            fields,
            None,
        )
        .await
        .unwrap();
    tokio::time::sleep(dueregard::web::cache::TRUST_FOR + std::time::Duration::from_millis(100))
        .await;
    let later = app.get("/", Some(&lead)).await.body;
    assert_ne!(
        count(&later),
        count(&now),
        "another instance's change shows within a second"
    );
    // A session ended elsewhere stops working within the same second.
    let (user, _) = app
        .store
        .user_credentials("lead@cumbria.example")
        .await
        .unwrap()
        .unwrap();
    let hash =
        dueregard::web::auth::token_hash(lead.cookie.trim_start_matches("dueregard_session="));
    other.delete_session(&hash).await.unwrap();
    tokio::time::sleep(dueregard::web::cache::TRUST_FOR + std::time::Duration::from_millis(100))
        .await;
    let gone = app.get("/", Some(&lead)).await;
    assert_eq!(
        (gone.status, gone.location()),
        (StatusCode::SEE_OTHER, "/sign-in?next=%2F"),
        "user {} signed out elsewhere",
        user.id
    );
}

#[tokio::test]
async fn protocol_details_hsts_bearer_and_text_that_shows_nothing() {
    use axum::body::Body;
    use axum::http::{Request, header};
    let app = demo_app().await;
    // The test app sends secure cookies, so it is served over HTTPS: HSTS for a year.
    let page = app.get("/sign-in", None).await;
    assert_eq!(
        page.headers[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000; includeSubDomains"
    );
    // Served over plain HTTP, no HSTS.
    let plain = dueregard::web::router::app(dueregard::web::AppState::new(
        app.store.clone(),
        false,
        dueregard::app::keys::KeyFile::new(app.path.with_extension("plain.keys")),
    ));
    let reply =
        tower::ServiceExt::oneshot(plain, Request::get("/sign-in").body(Body::empty()).unwrap())
            .await
            .unwrap();
    assert!(
        reply
            .headers()
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none()
    );

    // The bearer scheme in any case; a 401 says how to authenticate.
    let token = app.token("lead@dudley.example").await;
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let reply = app
            .send(
                Request::get("/api/v1/me")
                    .header(header::AUTHORIZATION, format!("{scheme} {token}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{scheme}");
    }
    let reply = app
        .api("GET", "/api/v1/me", Some("not-a-token"), None)
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(
        reply.headers[header::WWW_AUTHENTICATE]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );

    // A title of zero-width characters shows nothing: refused, on the API and the web alike;
    // so are characters that reverse how a title reads.
    let blank = "\u{200B}\u{200D}\u{FEFF}";
    let reply = app
        .api(
            "POST",
            "/api/v1/committees",
            Some(&token),
            Some(&serde_json::json!({ "name": blank, "kind": "scrutiny" }).to_string()),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let reply = app
        .api(
            "POST",
            "/api/v1/committees",
            Some(&token),
            Some(
                &serde_json::json!({ "name": "Audit \u{202E}eettimmoC", "kind": "scrutiny" })
                    .to_string(),
            ),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let lead = app.sign_in("lead@dudley.example").await;
    let reply = app
        .post(
            "/committees/new",
            Some(&lead),
            &[("name", blank), ("kind", "scrutiny")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("There is a problem"), "{}", reply.body);
    assert!(
        reply.body.contains("Enter the committee&#39;s name"),
        "{}",
        reply.body
    );
}
