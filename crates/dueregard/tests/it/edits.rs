//! Changing records: the web's three-way merge after a stale save, and the API's PUT and PATCH
//! for every editable kind.

use crate::{Browser, TestApp, between, demo_app};
use axum::http::StatusCode;

/// The value of a hidden input, as the browser would send it back.
fn hidden(body: &str, name: &str) -> String {
    let raw = between(body, &format!("name=\"{name}\" value=\""), "\"").unwrap_or_default();
    raw.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The fields of the action edit form, as the page filled them, plus any changes.
async fn action_form(app: &TestApp, who: &Browser, id: i64) -> (String, Vec<(String, String)>) {
    let page = app.get(&format!("/actions/{id}/edit"), Some(who)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let a = app.store.action(app.org("dudley").await, id).await.unwrap();
    let mut fields = vec![
        ("version".to_string(), hidden(&page.body, "version")),
        ("base".to_string(), hidden(&page.body, "base")),
        (
            "objective_id".to_string(),
            a.fields.objective_id.to_string(),
        ),
        ("text".to_string(), a.fields.text.clone()),
        ("target_text".to_string(), a.fields.target_text.clone()),
    ];
    if let Some(n) = a.fields.number {
        fields.push(("number".into(), n.to_string()));
    }
    if let Some(o) = a.fields.outcome_id {
        fields.push(("outcome_id".into(), o.to_string()));
    }
    for l in &a.fields.lead_ids {
        fields.push(("lead_ids".into(), l.to_string()));
    }
    for e in &a.fields.equality_objective_ids {
        fields.push(("equality_objective_ids".into(), e.to_string()));
    }
    for x in &a.fields.aims {
        fields.push(("aims".into(), x.key().to_string()));
    }
    for x in &a.fields.characteristics {
        fields.push(("characteristics".into(), x.key().to_string()));
    }
    (page.body, fields)
}

fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    for (k, v) in fields.iter_mut() {
        if k == name {
            *v = value.to_string();
        }
    }
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

#[tokio::test]
async fn a_stale_save_keeps_the_other_persons_change_and_saves_both() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let id = app.store.action_rows(org).await.unwrap()[0].id;
    let lead = app.sign_in("lead@dudley.example").await;
    let admin = app.sign_in("admin@dudley.example").await;
    let (_, mut mine) = action_form(&app, &lead, id).await;
    let (_, mut theirs) = action_form(&app, &admin, id).await;

    set(&mut theirs, "target_text", "By March 2027");
    let saved = app
        .post(
            &format!("/actions/{id}/edit"),
            Some(&admin),
            &pairs(&theirs),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    set(&mut mine, "text", "Run the staff survey every year");
    let refused = app
        .post(&format!("/actions/{id}/edit"), Some(&lead), &pairs(&mine))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused
            .body
            .contains("Someone else saved changes while you were editing")
    );
    assert!(
        refused.body.contains("was changed by Demo Administrator"),
        "says who changed the target date: {}",
        between(&refused.body, "merge-kept", "</ul>").unwrap_or_default()
    );
    assert!(
        !refused.body.contains("You both changed"),
        "nothing clashes"
    );
    // The form now holds their target date and my text, based on the version saved since.
    assert!(refused.body.contains("By March 2027"));
    let version = hidden(&refused.body, "version");
    assert_eq!(
        version,
        (app.store.action(org, id).await.unwrap().version).to_string()
    );
    set(&mut mine, "version", &version);
    set(&mut mine, "base", &hidden(&refused.body, "base"));
    set(&mut mine, "target_text", "By March 2027");
    let again = app
        .post(&format!("/actions/{id}/edit"), Some(&lead), &pairs(&mine))
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    let now = app.store.action(org, id).await.unwrap();
    assert_eq!(now.fields.text, "Run the staff survey every year");
    assert_eq!(now.fields.target_text, "By March 2027");
}

#[tokio::test]
async fn when_both_change_one_field_the_second_must_choose() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let id = app.store.action_rows(org).await.unwrap()[1].id;
    let path = format!("/actions/{id}/edit");
    let lead = app.sign_in("lead@dudley.example").await;
    let admin = app.sign_in("admin@dudley.example").await;
    let (_, mut mine) = action_form(&app, &lead, id).await;
    let (_, mut theirs) = action_form(&app, &admin, id).await;
    set(&mut theirs, "target_text", "By June 2027");
    assert_eq!(
        app.post(&path, Some(&admin), &pairs(&theirs)).await.status,
        StatusCode::SEE_OTHER
    );
    set(&mut mine, "target_text", "By December 2027");
    let refused = app.post(&path, Some(&lead), &pairs(&mine)).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused
            .body
            .contains("You both changed Target date or milestones"),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("Keep your version: <span class=\"dr-pre\">By December 2027")
    );
    assert!(refused.body.contains("By June 2027"));
    set(&mut mine, "version", &hidden(&refused.body, "version"));
    set(&mut mine, "base", &hidden(&refused.body, "base"));
    let mut resent = mine.clone();
    resent.push(("clash".into(), "target_text".into()));

    // Saving without choosing is refused, and nothing changes.
    let unchosen = app.post(&path, Some(&lead), &pairs(&resent)).await;
    assert_eq!(unchosen.status, StatusCode::CONFLICT);
    assert!(
        unchosen
            .body
            .contains("Choose which version of target date or milestones to keep")
    );
    assert_eq!(
        app.store.action(org, id).await.unwrap().fields.target_text,
        "By June 2027"
    );

    // Choosing the saved version keeps it, though the form still carried mine.
    resent.push(("keep-target_text".into(), "saved".into()));
    let chosen = app.post(&path, Some(&lead), &pairs(&resent)).await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{}", chosen.body);
    assert_eq!(
        app.store.action(org, id).await.unwrap().fields.target_text,
        "By June 2027"
    );
}

/// Every kind the API edits: where to GET it.
async fn editable_paths(app: &TestApp) -> Vec<String> {
    let org = app.org("dudley").await;
    let plan = app.store.plans(org).await.unwrap()[0].id;
    let tree = app.store.plan_tree(org, plan).await.unwrap();
    let approved = crate::demo_assessment(app.store.as_ref(), org)
        .await
        .clone();
    assert!(approved.fields.is_frozen());
    let draft = app
        .store
        .create_assessment(
            &dueregard_core::store::Actor::command_line(),
            org,
            approved.fields.clone(),
        )
        .await
        .unwrap();
    assert!(!draft.fields.is_frozen());
    let glossary = app
        .store
        .create_glossary_entry(
            &dueregard_core::store::Actor::command_line(),
            org,
            plan,
            dueregard_core::plan::GlossaryFields {
                term: "EqIA".into(),
                meaning: "Equality impact assessment".into(),
            },
        )
        .await
        .unwrap();
    let local = app
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
        .unwrap();
    vec![
        format!(
            "/api/v1/objectives/{}",
            app.store.objectives(org).await.unwrap()[0].id
        ),
        format!("/api/v1/plans/{plan}"),
        format!("/api/v1/priorities/{}", tree.priorities[0].id),
        format!("/api/v1/plan-objectives/{}", tree.objectives[0].id),
        format!("/api/v1/actions/{}", tree.actions[0].id),
        format!(
            "/api/v1/people/{}",
            app.store.people(org).await.unwrap()[0].id
        ),
        format!("/api/v1/assessments/{}", approved.id),
        format!("/api/v1/assessments/{}", draft.id),
        format!(
            "/api/v1/decisions/{}",
            crate::demo_decision(app.store.as_ref(), org).await.id
        ),
        format!(
            "/api/v1/committees/{}",
            app.store.committees(org).await.unwrap()[0].id
        ),
        format!("/api/v1/glossary/{}", glossary.id),
        format!("/api/v1/local-characteristics/{}", local.id),
    ]
}

#[tokio::test]
async fn get_then_put_of_the_same_body_succeeds_and_changes_nothing() {
    let app = demo_app().await;
    let token = app.token("lead@dudley.example").await;
    for path in editable_paths(&app).await {
        let before = app.api("GET", &path, Some(&token), None).await;
        assert_eq!(before.status, StatusCode::OK, "GET {path}");
        let put = app
            .api("PUT", &path, Some(&token), Some(&before.body))
            .await;
        assert_eq!(put.status, StatusCode::OK, "PUT {path}: {}", put.body);
        let after = app.api("GET", &path, Some(&token), None).await;
        assert_eq!(before.json(), after.json(), "PUT {path} changed something");
    }
}

#[tokio::test]
async fn patch_changes_only_what_it_names_and_unknown_fields_are_refused() {
    let app = demo_app().await;
    let token = app.token("lead@dudley.example").await;
    let org = app.org("dudley").await;
    let person = app.store.people(org).await.unwrap()[0].clone();
    let path = format!("/api/v1/people/{}", person.id);
    let body = format!(
        r#"{{"version": {}, "job_title": "Head of Equality"}}"#,
        person.version
    );
    let reply = app.api("PATCH", &path, Some(&token), Some(&body)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let now = app.store.person(org, person.id).await.unwrap();
    assert_eq!(now.fields.job_title.as_deref(), Some("Head of Equality"));
    assert_eq!(now.fields.name, person.fields.name);
    assert_eq!(now.fields.initials, person.fields.initials);
    assert_eq!(now.fields.directorate_id, person.fields.directorate_id);

    // A PUT that leaves fields out is refused, naming them, and wipes nothing.
    let body = format!(r#"{{"version": {}, "name": "Someone"}}"#, now.version);
    let reply = app.api("PUT", &path, Some(&token), Some(&body)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("job_title"), "{}", reply.body);
    assert_eq!(app.store.person(org, person.id).await.unwrap(), now);

    // An unknown field is refused by name, and so is a change to the id.
    let body = format!(
        r#"{{"version": {}, "jobtitle": "x", "id": 999}}"#,
        now.version
    );
    let reply = app.api("PATCH", &path, Some(&token), Some(&body)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains("'jobtitle' is not a field"),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains("'id' cannot be changed"),
        "{}",
        reply.body
    );
    assert_eq!(app.store.person(org, person.id).await.unwrap(), now);

    // A stale PATCH is a conflict with the record as it is.
    let body = format!(r#"{{"version": {}, "job_title": "Old"}}"#, person.version);
    let reply = app.api("PATCH", &path, Some(&token), Some(&body)).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.json()["current"]["job_title"], "Head of Equality");
}

/// The README's API examples, run as written against the demo.
#[tokio::test]
async fn the_readme_api_examples_work_as_written() {
    let app = demo_app().await;
    let token = app.token("lead@dudley.example").await;
    let readme = include_str!("../../../../README.md");
    let block = between(readme, "### The JSON API\n\n```sh\n", "```").unwrap();
    let mut ran = 0;
    for command in block.split("\ncurl").filter(|c| !c.trim().is_empty()) {
        let command = command.replace("\\\n", " ");
        let method = between(&command, "-X ", " ").unwrap_or_else(|| "GET".into());
        let url = command
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:8080"))
            .unwrap()
            .trim_start_matches("http://127.0.0.1:8080")
            .to_string();
        let body = between(&command, "-d '", "'");
        let reply = app.api(&method, &url, Some(&token), body.as_deref()).await;
        assert!(
            reply.status.is_success(),
            "{method} {url} answered {}: {}",
            reply.status,
            reply.body
        );
        ran += 1;
    }
    assert!(ran >= 2, "the README shows {ran} examples");
}

#[tokio::test]
async fn records_are_archived_restored_and_deleted_from_pages_and_the_api() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let lead = app.sign_in("lead@dudley.example").await;
    let objective = app.store.objectives(org).await.unwrap()[0].clone();
    let page = app
        .get(&format!("/objectives/{}", objective.id), Some(&lead))
        .await;
    assert!(
        page.body
            .contains(&format!("/records/objectives/{}/archive", objective.id))
    );

    // Archived from its page: off the list, on the archive page, and back again.
    let version = objective.version.to_string();
    let archived = app
        .post(
            &format!("/records/objectives/{}/archive", objective.id),
            Some(&lead),
            &[("version", &version), ("return_to", "https://example.org/")],
        )
        .await;
    assert_eq!(archived.status, StatusCode::SEE_OTHER, "{}", archived.body);
    assert_eq!(
        archived.location(),
        "/objectives",
        "never another site's address"
    );
    let list = app.get("/objectives", Some(&lead)).await;
    assert!(!list.body.contains(&objective.fields.title));
    let shelf = app.get("/archive", Some(&lead)).await;
    assert!(
        shelf.body.contains(&objective.fields.title),
        "{}",
        shelf.body
    );
    let stale = app
        .post(
            &format!("/records/objectives/{}/restore", objective.id),
            Some(&lead),
            &[("version", &version)],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let now = (objective.version + 1).to_string();
    let restored = app
        .post(
            &format!("/records/objectives/{}/restore", objective.id),
            Some(&lead),
            &[("version", &now)],
        )
        .await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER);
    let list = app.get("/objectives", Some(&lead)).await;
    assert!(list.body.contains(&objective.fields.title));

    // A plan objective that actions belong to cannot be deleted; the page says why.
    let plan = app.store.plans(org).await.unwrap()[0].id;
    let tree = app.store.plan_tree(org, plan).await.unwrap();
    let used = tree
        .objectives
        .iter()
        .find(|o| tree.actions.iter().any(|a| a.fields.objective_id == o.id))
        .unwrap();
    let ask = app
        .get(
            &format!("/records/plan-objectives/{}/delete", used.id),
            Some(&lead),
        )
        .await;
    assert_eq!(ask.status, StatusCode::OK);
    assert!(
        ask.body
            .contains("Are you sure you want to delete this plan objective?")
    );
    let refused = app
        .post(
            &format!("/records/plan-objectives/{}/delete", used.id),
            Some(&lead),
            &[],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("cannot be deleted because"),
        "{}",
        refused.body
    );
    assert!(app.store.plan_objective(org, used.id).await.is_ok());

    // Through the API: a stale archive is a conflict, a glossary entry nothing uses is deleted.
    let token = app.token("lead@dudley.example").await;
    let g = app
        .store
        .create_glossary_entry(
            &dueregard_core::store::Actor::command_line(),
            org,
            plan,
            dueregard_core::plan::GlossaryFields {
                term: "JSNA".into(),
                meaning: "Joint strategic needs assessment".into(),
            },
        )
        .await
        .unwrap();
    let path = format!("/api/v1/records/glossary/{}", g.id);
    let reply = app
        .api(
            "POST",
            &format!("{path}/archive"),
            Some(&token),
            Some(r#"{"version": 9}"#),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    let reply = app.api("DELETE", &path, Some(&token), None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
    let gone = app
        .api(
            "GET",
            &format!("/api/v1/glossary/{}", g.id),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    let unknown = app
        .api("DELETE", "/api/v1/records/users/1", Some(&token), None)
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    // The deletion is in the audit trail with what the entry said.
    let audit = app.store.audit_log(org, 5).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.change == "delete" && e.before.as_deref().unwrap_or("").contains("JSNA"))
    );
}

#[tokio::test]
async fn a_plan_rolls_forward_from_its_page() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let lead = app.sign_in("lead@dudley.example").await;
    let old = app.store.plans(org).await.unwrap()[0].clone();
    let tree = app.store.plan_tree(org, old.id).await.unwrap();
    let form = app
        .get(&format!("/plans/{}/roll-forward", old.id), Some(&lead))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let next_start = old
        .fields
        .period
        .start
        .checked_add(jiff::Span::new().years(1))
        .unwrap();
    assert!(
        form.body
            .contains(&format!("value=\"{}\"", next_start.year())),
        "next year's dates are filled in"
    );
    let (start, end) = (old.fields.period.start, old.fields.period.end);
    let (sy, ey) = ((start.year() + 1).to_string(), (end.year() + 1).to_string());
    let (sm, sd) = (start.month().to_string(), start.day().to_string());
    let (em, ed) = (end.month().to_string(), end.day().to_string());
    let saved = app
        .post(
            &format!("/plans/{}/roll-forward", old.id),
            Some(&lead),
            &[
                ("title", "Next year's plan"),
                ("status", "draft"),
                ("monitoring_months", "6"),
                ("period_start-day", &sd),
                ("period_start-month", &sm),
                ("period_start-year", &sy),
                ("period_end-day", &ed),
                ("period_end-month", &em),
                ("period_end-year", &ey),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let new_id: i64 = saved
        .location()
        .trim_start_matches("/plans/")
        .parse()
        .unwrap();
    let new = app.store.plan_tree(org, new_id).await.unwrap();
    assert_eq!(new.plan.fields.title, "Next year's plan");
    assert_eq!(new.priorities.len(), tree.priorities.len());
    let open = tree
        .actions
        .iter()
        .filter(|a| {
            a.progress.latest_status != Some(dueregard_core::progress::ProgressStatus::Complete)
        })
        .count();
    assert_eq!(new.actions.len(), open);
    assert!(new.actions.iter().all(|a| a.continues.is_some()));
}

#[tokio::test]
async fn committees_and_local_characteristics_are_changed_on_their_forms() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let lead = app.sign_in("lead@dudley.example").await;
    let c = app.store.committees(org).await.unwrap()[0].clone();
    let form = app
        .get(&format!("/committees/{}/edit", c.id), Some(&lead))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let version = hidden(&form.body, "version");
    let base = hidden(&form.body, "base");
    let saved = app
        .post(
            &format!("/committees/{}/edit", c.id),
            Some(&lead),
            &[
                ("version", &version),
                ("base", &base),
                ("name", "Cabinet Member for Equality"),
                ("kind", c.fields.kind.key()),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        app.store.committee(org, c.id).await.unwrap().fields.name,
        "Cabinet Member for Equality"
    );
    let people = app.get("/people", Some(&lead)).await;
    assert!(people.body.contains("Cabinet Member for Equality"));

    let token = app.token("lead@dudley.example").await;
    let created = app
        .post(
            "/local-characteristics/new",
            Some(&lead),
            &[("name", "Carers"), ("description", "")],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let l = app.store.local_characteristics(org).await.unwrap()[0].clone();
    let body = format!(
        r#"{{"version": {}, "description": "Unpaid carers of any age"}}"#,
        l.version
    );
    let reply = app
        .api(
            "PATCH",
            &format!("/api/v1/local-characteristics/{}", l.id),
            Some(&token),
            Some(&body),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let now = app.store.local_characteristic(org, l.id).await.unwrap();
    assert_eq!(now.fields.name, "Carers");
    assert_eq!(
        now.fields.description.as_deref(),
        Some("Unpaid carers of any age")
    );
}

#[tokio::test]
async fn the_kept_plan_page_shows_every_change_and_each_viewer_their_own_controls() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let plan = app.store.plans(org).await.unwrap()[0].id;
    let path = format!("/plans/{plan}");
    let lead = app.sign_in("lead@dudley.example").await;
    let viewer = app.sign_in("councillor@dudley.example").await;
    let first = app.get(&path, Some(&lead)).await;
    assert!(first.body.contains(&format!("/plans/{plan}/edit")));
    // A viewer after an editor is not shown the editor's controls, nor their form token.
    let theirs = app.get(&path, Some(&viewer)).await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(!theirs.body.contains(&format!("/plans/{plan}/edit")));
    assert!(!theirs.body.contains(&lead.csrf));

    // A change made here shows at once.
    let a = app.store.plan_tree(org, plan).await.unwrap().actions[0].clone();
    let mut f = a.fields.clone();
    f.text = "Changed in this process".into();
    app.store
        .update_action(
            &dueregard_core::store::Actor::command_line(),
            org,
            a.id,
            a.version,
            f,
            None,
        )
        .await
        .unwrap();
    assert!(
        app.get(&path, Some(&lead))
            .await
            .body
            .contains("Changed in this process")
    );

    // One made by another instance shows within a second.
    let other = app.other_instance().await;
    let a = other.action(org, a.id).await.unwrap();
    let mut f = a.fields.clone();
    f.text = "Changed by another instance".into();
    other
        .update_action(
            &dueregard_core::store::Actor::command_line(),
            org,
            a.id,
            a.version,
            f,
            None,
        )
        .await
        .unwrap();
    tokio::time::sleep(dueregard::web::cache::TRUST_FOR + std::time::Duration::from_millis(100))
        .await;
    assert!(
        app.get(&path, Some(&viewer))
            .await
            .body
            .contains("Changed by another instance")
    );
}
