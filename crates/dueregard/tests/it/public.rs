//! The public site shows what is published and nothing else: a draft objective, a draft plan's
//! action serving a published objective, an archived plan, an unapproved assessment and a group
//! of four staff, each marked, never appear on any public page.

use crate::demo_app;
use axum::http::StatusCode;
use dueregard_core::objective::ObjectiveStatus;
use dueregard_core::plan::PlanStatus;
use dueregard_core::record::RecordKind;
use dueregard_core::store::Actor;

const MARK: &str = "LEAKMARK";

#[tokio::test]
async fn nothing_unpublished_reaches_the_public_site() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let store = app.store.as_ref();
    let cli = Actor::command_line();

    // A draft objective.
    let mut objective = store.objectives(org).await.unwrap()[0].fields.clone();
    let approved = store
        .objectives(org)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.fields.status == ObjectiveStatus::Approved)
        .unwrap();
    objective.title = format!("{MARK} draft objective");
    objective.status = ObjectiveStatus::Draft;
    store.create_objective(&cli, org, objective).await.unwrap();

    // A draft plan, with an action serving a published objective.
    let source = store.plans(org).await.unwrap()[0].clone();
    let tree = store.plan_tree(org, source.id).await.unwrap();
    let mut plan = source.fields.clone();
    plan.title = format!("{MARK} draft plan");
    plan.status = PlanStatus::Draft;
    let draft = store.create_plan(&cli, org, plan.clone()).await.unwrap();
    let priority = store
        .create_priority(&cli, org, draft.id, tree.priorities[0].fields.clone())
        .await
        .unwrap();
    let mut po = tree.objectives[0].fields.clone();
    po.priority_id = priority.id;
    let po = store
        .create_plan_objective(&cli, org, draft.id, po)
        .await
        .unwrap();
    let mut action = tree.actions[0].fields.clone();
    action.objective_id = po.id;
    action.outcome_id = None;
    action.text = format!("{MARK} action in a draft plan");
    action.equality_objective_ids = vec![approved.id];
    store
        .create_action(&cli, org, draft.id, action, None)
        .await
        .unwrap();

    // An approved plan, archived.
    plan.title = format!("{MARK} archived plan");
    plan.status = PlanStatus::Approved;
    let archived = store.create_plan(&cli, org, plan).await.unwrap();
    store
        .archive(&cli, org, RecordKind::Plan, archived.id, archived.version)
        .await
        .unwrap();

    // An assessment that is not approved.
    let mut assessment = crate::demo_assessment(store, org).await.fields.clone();
    assessment.title = format!("{MARK} unapproved assessment");
    store
        .create_assessment(&cli, org, assessment)
        .await
        .unwrap();

    // Four staff in a directorate of their own.
    let people: Vec<_> = (0..4)
        .map(|i| dueregard_core::workforce::EmployeeRecord {
            pseudonym: format!("{i:032x}"),
            codes: [0, 12, 1, 0, 0, 2],
            directorate: format!("{MARK} directorate"),
            grade: "Grade 1".into(),
            rate: Some((2_000, 1)),
            bonus_pence: 0,
        })
        .collect();
    let mut fields = store.snapshots(org).await.unwrap()[0].fields.clone();
    fields.snapshot_date = jiff::civil::date(2001, 3, 31);
    store
        .create_snapshot(&cli, org, fields, &people)
        .await
        .unwrap();

    // Publications not yet published: a draft, one in review and one approved, each marked.
    let (lead, _) = store
        .user_credentials("lead@dudley.example")
        .await
        .unwrap()
        .unwrap();
    let (director, _) = store
        .user_credentials("director@dudley.example")
        .await
        .unwrap()
        .unwrap();
    let today = dueregard::web::today();
    let mut hidden = Vec::new();
    for steps in [0, 1, 2] {
        let fields = dueregard_core::publication::PublicationFields::draft(
            "progress_report",
            &format!("{MARK} publication {steps}"),
            "2013-04-01",
            "2014-03-31",
            "",
            &format!("{MARK} introduction"),
        )
        .unwrap();
        let mut p = store.create_publication(&cli, org, fields).await.unwrap();
        use dueregard_core::publication::PublicationStep as Step;
        for (who, step) in [(&lead, Step::SubmitForReview), (&director, Step::Approve)]
            .into_iter()
            .take(steps)
        {
            p = dueregard::app::publications::take_step(store, who, p.id, p.version, step, today)
                .await
                .unwrap();
        }
        hidden.push(p.id);
    }

    // Every public page, and every page they link to within the site.
    let mut pages = vec![
        "/public/dudley".to_string(),
        "/public/dudley/objectives".to_string(),
        "/public/dudley/plans".to_string(),
        "/public/dudley/assessments".to_string(),
        "/public/dudley/accessibility".to_string(),
        "/public/dudley/publications".to_string(),
    ];
    let mut seen = std::collections::HashSet::new();
    let mut bodies = String::new();
    while let Some(path) = pages.pop() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let page = app.get(&path, None).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            !page.body.contains(MARK),
            "{path} shows something unpublished"
        );
        for link in page.body.split("href=\"").skip(1) {
            let link = link.split('"').next().unwrap_or("");
            if link.starts_with("/public/dudley") && !seen.contains(link) {
                pages.push(link.to_string());
            }
        }
        bodies.push_str(&page.body);
    }
    assert!(seen.len() >= 7, "only {} public pages read", seen.len());
    // What is published is there: the test would see a leak.
    let escaped = approved
        .fields
        .title
        .replace('&', "&amp;")
        .replace('\'', "&#39;");
    assert!(
        bodies.contains(&escaped),
        "the published objective is shown"
    );
    assert!(bodies.contains(&source.fields.title.replace('&', "&amp;")));
    // The open data: a data package whose every file is there, with the columns it says.
    let package = app
        .get("/public/dudley/data/datapackage.json", None)
        .await
        .json();
    let resources = package["resources"].as_array().unwrap();
    assert!(resources.len() >= 3, "{package}");
    for r in resources {
        let path = r["path"].as_str().unwrap();
        assert!(
            seen.contains(&format!("/public/dudley/data/{path}")),
            "{path} is linked"
        );
        let csv = app.get(&format!("/public/dudley/data/{path}"), None).await;
        assert_eq!(csv.status, StatusCode::OK);
        let header: Vec<String> = csv
            .body
            .lines()
            .next()
            .unwrap()
            .split(',')
            .map(str::to_string)
            .collect();
        let fields: Vec<String> = r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(header, fields, "{path}");
    }
    assert_eq!(
        dueregard::web::publish::file_for("/public/dudley/data/datapackage.json"),
        "public/dudley/data/datapackage.json"
    );

    // The static site `dueregard publish` writes is the same pages, and as clean.
    let state = dueregard::web::AppState::new(
        app.store.clone(),
        false,
        dueregard::app::keys::KeyFile::new(std::env::temp_dir().join("dueregard-publish.keys")),
    );
    let files = dueregard::web::publish::site(state, "dudley")
        .await
        .unwrap();
    let addresses: Vec<&str> = files.iter().map(|(a, _)| a.as_str()).collect();
    for page in &seen {
        assert!(
            addresses.contains(&page.as_str()),
            "{page} is not in the static site"
        );
    }
    assert!(
        addresses.iter().any(|a| a.starts_with("/assets/")),
        "its styles go with it"
    );
    let mut pdfs = 0;
    for (address, bytes) in &files {
        // A PDF's text is compressed: read it as a reader would.
        let text = if address.ends_with(".pdf") {
            pdfs += 1;
            let path =
                std::env::temp_dir().join(format!("dueregard-leak-{}.pdf", std::process::id()));
            std::fs::write(&path, bytes).unwrap();
            let out = std::process::Command::new("pdftotext")
                .arg(&path)
                .arg("-")
                .output()
                .expect("pdftotext (poppler-utils) reads the published PDFs");
            std::fs::remove_file(&path).ok();
            String::from_utf8_lossy(&out.stdout).into_owned()
        } else {
            String::from_utf8_lossy(bytes).into_owned()
        };
        assert!(
            !text.contains(MARK),
            "{address} in the static site shows something unpublished"
        );
    }
    assert!(
        pdfs >= 1,
        "the published edition's PDF is in the static site"
    );
    for id in hidden {
        let page = app
            .get(&format!("/public/dudley/publications/{id}"), None)
            .await;
        assert_eq!(
            page.status,
            StatusCode::NOT_FOUND,
            "an unpublished edition by address"
        );
    }
    assert_eq!(
        dueregard::web::publish::file_for("/public/dudley/plans"),
        "public/dudley/plans/index.html"
    );

    // The draft plan is not found by address either.
    let direct = app
        .get(&format!("/public/dudley/plans/{}", draft.id), None)
        .await;
    assert_eq!(direct.status, StatusCode::NOT_FOUND);
}
