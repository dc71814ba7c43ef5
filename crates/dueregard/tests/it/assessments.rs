//! Impact assessments over HTTP: the lifecycle by role, freezing, the public register, exports
//! and the due-regard check, on the demo's Dudley and Cumbria assessments.

use crate::demo_app;
use axum::http::{StatusCode, header};

#[tokio::test]
async fn the_lifecycle_by_role_and_the_public_register() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let approved = crate::demo_assessment(app.store.as_ref(), org)
        .await
        .clone();
    assert!(
        approved.fields.is_frozen(),
        "the demo's Dudley assessment is approved"
    );
    let lead = app.token("lead@dudley.example").await;
    let officer = app.token("officer@dudley.example").await;
    let viewer = app.token("councillor@dudley.example").await;

    // An approved assessment cannot be changed in place.
    let mut body = serde_json::to_value(&approved.fields).unwrap();
    body["version"] = approved.version.into();
    body["purpose"] = "Changed".into();
    let reply = app
        .api(
            "PUT",
            &format!("/api/v1/assessments/{}", approved.id),
            Some(&lead),
            Some(&body.to_string()),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert!(reply.body.contains("Start a new version"));

    // A new draft: the officer assesses it, and cannot then approve it.
    let mut fields = approved.fields.clone();
    fields.title = "Second tender (test)".into();
    let reply = app
        .api(
            "POST",
            "/api/v1/assessments",
            Some(&lead),
            Some(&serde_json::to_string(&fields).unwrap()),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let draft = reply.json();
    let id = draft["id"].as_i64().unwrap();
    let sign =
        |version: i64, step: &str| format!("{{\"version\": {version}, \"step\": \"{step}\"}}");
    let path = format!("/api/v1/assessments/{id}/sign");
    let reply = app
        .api("POST", &path, Some(&viewer), Some(&sign(1, "assessed")))
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = app
        .api("POST", &path, Some(&officer), Some(&sign(1, "assessed")))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = app
        .api("POST", &path, Some(&officer), Some(&sign(2, "reviewed")))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "only an equality lead reviews"
    );
    let reply = app
        .api("POST", &path, Some(&lead), Some(&sign(2, "reviewed")))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    // Not approved: not on the public register, and its public page is not found.
    let public = app.get("/public/dudley/assessments", None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(
        public
            .body
            .contains("Drug and alcohol services: recommissioning and tender")
    );
    assert!(!public.body.contains("Second tender (test)"));
    let page = app
        .get(&format!("/public/dudley/assessments/{id}"), None)
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let page = app
        .get(&format!("/public/dudley/assessments/{}", approved.id), None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Likely impact on each group"));

    // Exports.
    let browser = app.sign_in("councillor@dudley.example").await;
    for (ext, kind) in [
        ("odt", "application/vnd.oasis.opendocument.text"),
        ("docx", "wordprocessingml"),
    ] {
        let reply = app
            .get(
                &format!("/assessments/{}/assessment.{ext}", approved.id),
                Some(&browser),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(
            reply.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .contains(kind)
        );
    }
}

#[tokio::test]
async fn the_due_regard_check_passes_a_sound_record_and_flags_a_weak_one() {
    let app = demo_app().await;
    let dudley = app.org("dudley").await;
    let cumbria = app.org("cumbria").await;
    let d = crate::demo_decision(app.store.as_ref(), dudley)
        .await
        .clone();
    let token = app.token("councillor@dudley.example").await;
    let reply = app
        .api(
            "GET",
            &format!("/api/v1/decisions/{}", d.id),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let check = reply.json()["check"].clone();
    let findings: Vec<&str> = check
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["finding"].as_str().unwrap())
        .collect();
    assert_eq!(findings.len(), 6);
    assert!(findings.iter().all(|f| *f != "missing"), "{check}");
    let body = reply.json();
    assert!(
        body["equalities_implications"]
            .as_str()
            .unwrap_or("")
            .contains("informs this decision")
    );
    assert_eq!(
        body["other_implications"][0]["implication"],
        "Equal opportunities"
    );

    let weak = crate::demo_decision(app.store.as_ref(), cumbria)
        .await
        .clone();
    let token = app.token("lead@cumbria.example").await;
    let reply = app
        .api(
            "GET",
            &format!("/api/v1/decisions/{}", weak.id),
            Some(&token),
            None,
        )
        .await;
    let check = reply.json()["check"].clone();
    let missing: Vec<&str> = check
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["finding"] == "missing")
        .map(|l| l["principle"].as_str().unwrap())
        .collect();
    assert!(missing.contains(&"aware"), "not recorded as seen: {check}");
    assert!(
        missing.contains(&"before_and_at_the_time"),
        "not approved: {check}"
    );
    // Recording that the decision-maker read it turns that line to a pass.
    let mut fields = serde_json::to_value(&weak.fields).unwrap();
    fields["version"] = weak.version.into();
    fields["assessment_seen"] = true.into();
    let reply = app
        .api(
            "PUT",
            &format!("/api/v1/decisions/{}", weak.id),
            Some(&token),
            Some(&fields.to_string()),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let check = app
        .api(
            "GET",
            &format!("/api/v1/decisions/{}", weak.id),
            Some(&token),
            None,
        )
        .await
        .json()["check"]
        .clone();
    assert_eq!(check[0]["finding"], "pass", "{check}");
    let browser = app.sign_in("lead@cumbria.example").await;
    let page = app
        .get(&format!("/decisions/{}", weak.id), Some(&browser))
        .await;
    assert!(page.body.contains("Due-regard check"));
    assert!(page.body.contains("saw the assessment before deciding"));
}

#[tokio::test]
async fn mitigations_become_actions_in_the_plan_and_on_the_dashboard() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let approved = crate::demo_assessment(app.store.as_ref(), org)
        .await
        .clone();
    let plan = app.store.plans(org).await.unwrap()[0].clone();
    let tree = app.store.plan_tree(org, plan.id).await.unwrap();
    let objective = tree
        .objectives
        .iter()
        .find(|o| o.fields.code == "CE14")
        .unwrap()
        .id;
    let before = tree.actions.len();
    let token = app.token("lead@dudley.example").await;
    let total = |json: serde_json::Value| -> u64 {
        json["plans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["actions"].as_u64().unwrap())
            .sum()
    };
    let dashboard_before = total(
        app.api("GET", "/api/v1/dashboard", Some(&token), None)
            .await
            .json(),
    );

    let lead = app.sign_in("lead@dudley.example").await;
    let path = format!("/assessments/{}/mitigations", approved.id);
    let objective_text = objective.to_string();
    let reply = app
        .post(
            &path,
            Some(&lead),
            &[("objective_id", objective_text.as_str())],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let tree = app.store.plan_tree(org, plan.id).await.unwrap();
    let added: Vec<_> = tree
        .actions
        .iter()
        .filter(|a| {
            a.fields
                .text
                .contains("mitigation from the impact assessment")
        })
        .collect();
    assert_eq!(added.len(), 3, "the demo assessment has three mitigations");
    assert!(
        tree.actions
            .iter()
            .any(|a| a.fields.text.starts_with("Review the impact assessment"))
    );
    assert_eq!(
        tree.actions.len(),
        before + 4,
        "and one action to review it"
    );
    assert!(added.iter().all(|a| a.fields.objective_id == objective
        && a.fields.lead_ids == approved.fields.owner_id.into_iter().collect::<Vec<_>>()));
    // Again: nothing is added twice.
    app.post(
        &path,
        Some(&lead),
        &[("objective_id", objective_text.as_str())],
    )
    .await;
    assert_eq!(
        app.store
            .plan_tree(org, plan.id)
            .await
            .unwrap()
            .actions
            .len(),
        before + 4
    );
    let dashboard_after = total(
        app.api("GET", "/api/v1/dashboard", Some(&token), None)
            .await
            .json(),
    );
    assert_eq!(
        dashboard_after,
        dashboard_before + 4,
        "the dashboard counts them"
    );
    let page = app.get(&format!("/plans/{}", plan.id), Some(&lead)).await;
    assert!(page.body.contains("Keep a separate young people"));
}

#[tokio::test]
async fn the_form_refuses_bad_input_whole_and_saves_good_input() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let before = app.store.assessments(org).await.unwrap().len();
    let officer = app.sign_in("officer@dudley.example").await;
    // Nothing filled in, a date that is not a date, and evidence that does not exist.
    let reply = app
        .post(
            "/assessments/new",
            Some(&officer),
            &[
                ("title", ""),
                ("evidence_1", "Uptake figures"),
                ("evidence_1_kind", "community_data"),
                ("evidence_1_dated-day", "31"),
                ("evidence_1_dated-month", "2"),
                ("evidence_1_dated-year", "2024"),
                ("impact_1", "negative"),
                ("impact_1_evidence", "5"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Enter a real date"), "{}", reply.body);
    assert!(reply.body.contains("There is no evidence 5"));
    assert_eq!(
        app.store.assessments(org).await.unwrap().len(),
        before,
        "nothing saved"
    );

    let reply = app
        .post(
            "/assessments/new",
            Some(&officer),
            &[
                ("title", "Changes to the bulky waste service"),
                ("subject", "service_change"),
                ("screening", "yes"),
                ("screening_reason", "Charges fall on every household"),
                ("evidence_1", "Collections by ward"),
                ("evidence_1_kind", "community_data"),
                ("evidence_1_dated-day", "1"),
                ("evidence_1_dated-month", "4"),
                ("evidence_1_dated-year", "2026"),
                ("impact_1", "negative"),
                ("impact_1_evidence", "1"),
                ("impact_1_mitigation", "Free collection for people over 75"),
                (
                    "aim_advance_equality",
                    "Concessions keep the service open to all",
                ),
                ("screening_1", "advance_equality"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let saved = app.store.assessments(org).await.unwrap()[0].clone();
    assert_eq!(saved.fields.title, "Changes to the bulky waste service");
    assert_eq!(saved.fields.impacts.len(), 1);
    let relevant: Vec<_> = saved
        .fields
        .screening
        .answers
        .iter()
        .filter(|a| a.relevant)
        .collect();
    assert_eq!(relevant.len(), 1, "age is relevant to advancing equality");
    assert_eq!(relevant[0].aim, dueregard_core::vocab::Aim::AdvanceEquality);
    assert!(
        !saved
            .fields
            .screening
            .answers
            .iter()
            .any(|a| a.characteristic
                == dueregard_core::assessment::CharacteristicRef::Protected(
                    dueregard_core::vocab::ProtectedCharacteristic::MarriageCivilPartnership
                )
                && a.aim == dueregard_core::vocab::Aim::AdvanceEquality),
        "only the first aim applies to marriage and civil partnership"
    );
    assert_eq!(saved.fields.impacts[0].evidence, vec![0]);
    assert_eq!(
        saved.fields.evidence[0].dated,
        jiff::civil::date(2026, 4, 1)
    );
    // Signing it now names what is missing.
    let path = format!("/assessments/{}/sign", saved.id);
    let version = saved.version.to_string();
    let reply = app
        .post(
            &path,
            Some(&officer),
            &[("step", "assessed"), ("version", version.as_str())],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply
            .body
            .contains("Record the likely impact on disability"),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn a_decision_is_recorded_from_the_form_with_its_check() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let approved = crate::demo_assessment(app.store.as_ref(), org)
        .await
        .id
        .to_string();
    let lead = app.sign_in("lead@dudley.example").await;
    let reply = app
        .post(
            "/decisions/new",
            Some(&lead),
            &[
                ("title", ""),
                ("decided_on-day", "40"),
                ("decided_on-month", "1"),
                ("decided_on-year", "2027"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Enter the date of the decision"));
    assert!(reply.body.contains("Enter what was decided"));
    let reply = app
        .post(
            "/decisions/new",
            Some(&lead),
            &[
                ("title", "Close the Brierley Hill office"),
                ("decision_maker", "Cabinet member for resources"),
                ("decided_on-day", "1"),
                ("decided_on-month", "1"),
                ("decided_on-year", "2099"),
                ("assessment_ids", approved.as_str()),
                ("seen", "yes"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let page = app.get(reply.location(), Some(&lead)).await;
    assert!(page.body.contains("Equalities implications"));
    assert!(page.body.contains("Due-regard check"));
}
