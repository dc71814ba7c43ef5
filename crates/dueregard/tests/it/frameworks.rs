//! Framework self-assessments over HTTP: rate criteria through the one edit flow, refuse bad
//! levels and evidence by criterion, and start a plan action from a gap.

use super::*;

#[tokio::test]
async fn a_self_assessment_is_rated_and_its_gaps_start_actions() {
    let app = demo_app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let org = app.org("dudley").await;

    // Start an EDS 2022 one, as an NHS body would.
    let r = app
        .post(
            "/frameworks/new",
            Some(&lead),
            &[
                ("framework", "eds_2022"),
                ("title", "EDS 2022 review"),
                ("assessed_on-day", "1"),
                ("assessed_on-month", "10"),
                ("assessed_on-year", "2026"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = r.location().to_string();
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let shown = app.get(&page, Some(&lead)).await;
    assert!(
        shown
            .body
            .contains("0 out of 33 (Underdeveloped), with 0 of 11 outcomes scored"),
        "{}",
        shown.body
    );

    // Rate every outcome 2 but one at 1: 21, developing; a bad level and evidence are refused.
    let edit = format!("/frameworks/{id}/edit");
    let form = app.get(&edit, Some(&lead)).await;
    let version = between(&form.body, "name=\"version\" value=\"", "\"").unwrap();
    let keys = [
        "1A", "1B", "1C", "1D", "2A", "2B", "2C", "2D", "3A", "3B", "3C",
    ];
    let names: Vec<String> = keys.iter().map(|k| format!("level_{k}")).collect();
    let mut fields: Vec<(&str, &str)> = vec![
        ("version", &version),
        ("title", "EDS 2022 review"),
        ("assessed_on-day", "1"),
        ("assessed_on-month", "10"),
        ("assessed_on-year", "2026"),
        ("evidence_2B", "javascript:alert(1)"),
    ];
    for (i, n) in names.iter().enumerate() {
        fields.push((n, if i == 0 { "9" } else { "2" }));
    }
    let r = app.post(&edit, Some(&lead), &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Select a level for 1A"));
    assert!(r.body.contains("2B: give each piece of evidence"));
    fields[5] = (
        "evidence_2B",
        "/workforce\nhttps://example.nhs.uk/staff-survey",
    );
    fields[6].1 = "1";
    fields.push(("gap_3B", "Board papers do not yet set out equality impacts"));
    let r = app.post(&edit, Some(&lead), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let shown = app.get(&page, Some(&lead)).await;
    assert!(
        shown.body.contains("21 out of 33 (Developing)"),
        "{}",
        shown.body
    );
    assert!(
        shown
            .body
            .contains("href=\"https://example.nhs.uk/staff-survey\"")
    );
    let token = app.token("lead@dudley.example").await;
    let api = app
        .api(
            "GET",
            &format!("/api/v1/frameworks/{id}"),
            Some(&token),
            None,
        )
        .await
        .json();
    assert!(api["overall"].as_str().unwrap().starts_with("21 out of 33"));
    assert_eq!(api["gaps"][0][0], "3B");

    // The gap starts an action in a plan, with its words.
    let start = between(&shown.body, "href=\"/plans/", "\"")
        .unwrap()
        .replace("&amp;", "&");
    let action = app.get(&format!("/plans/{start}"), Some(&lead)).await;
    assert_eq!(action.status, StatusCode::OK);
    assert!(
        action
            .body
            .contains("Board papers do not yet set out equality impacts")
    );

    // Another body sees none of it.
    let other = app.sign_in("lead@worcester.example").await;
    assert_eq!(
        app.get(&page, Some(&other)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.store.self_assessments(org).await.unwrap().len(), 2);
}
