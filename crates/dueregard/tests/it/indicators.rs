//! Indicators over HTTP: set one up, give it values typed, from CSV and from a spreadsheet in
//! other column orders, refuse bad rows whole, show the trend with its colour in words, and
//! never show a value resting on a small count: not on the page, the list or through the API.

use super::workforce::upload_to;
use super::*;
use dueregard_formats::tabular::{self, Cell, Table};

async fn new_indicator(app: &TestApp, lead: &Browser) -> i64 {
    let made = app
        .post(
            "/indicators/new",
            Some(lead),
            &[
                ("title", "Managers trained to assess impact"),
                (
                    "definition",
                    "Managers who completed the module, out of all managers",
                ),
                ("unit", "percent"),
                ("polarity", "higher_is_better"),
                ("frequency", "yearly"),
                ("source", "entered"),
                ("targets", "2025-03-31: 60\n2026-03-31: 75"),
                ("green_within", "0"),
                ("amber_within", "5"),
                ("public", "no"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    made.location().rsplit('/').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn values_by_group_are_shown_only_where_no_small_count_lies_behind_them() {
    let app = demo_app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let id = new_indicator(&app, &lead).await;
    let org = app.org("dudley").await;

    // Typed rows: 2025 with a disabled group of 4 who met it, out of 30.
    let typed = "2025-03-31, , , 120, 200\n2025-03-31, Disability, Disabled, 4, 30\n2025-03-31, Disability, Not disabled, 116, 170";
    let r = upload_to(
        &app,
        &lead,
        &format!("/indicators/{id}/values"),
        b"",
        &[("values", typed)],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // 2026 from a spreadsheet whose columns are in another order and under other names.
    let table = Table {
        header: vec![
            "Denominator".into(),
            "Numerator".into(),
            "Category".into(),
            "Protected characteristic".into(),
            "Date".into(),
        ],
        rows: vec![
            vec![
                Cell::whole(200),
                Cell::whole(140),
                Cell::text("All"),
                Cell::text("All"),
                Cell::text("31/03/2026"),
            ],
            vec![
                Cell::whole(40),
                Cell::whole(12),
                Cell::text("Yes"),
                Cell::text("disability"),
                Cell::text("31/03/2026"),
            ],
            vec![
                Cell::whole(160),
                Cell::whole(128),
                Cell::text("No"),
                Cell::text("disability"),
                Cell::text("31/03/2026"),
            ],
        ],
    };
    let xlsx = tabular::xlsx(&[("Values", &table)]).unwrap();
    let r = upload_to(&app, &lead, &format!("/indicators/{id}/values"), &xlsx, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.store.indicator_values(org, id).await.unwrap().len(), 6);

    let page = app.get(&format!("/indicators/{id}"), Some(&lead)).await;
    assert_eq!(page.status, StatusCode::OK);
    // Everyone: 60% in 2025 (target 60, green), 70% in 2026 (target 75, 5 short: amber).
    assert!(page.body.contains("70% to 31 March 2026"), "{}", page.body);
    assert!(page.body.contains("Amber: close to target"));
    assert!(page.body.contains("Green: on target"));
    // 2025's disabled value (4 of 30, 13.3%) and the non-disabled one that would give it away
    // are withheld; 2026's (30% and 80%) are shown, with the gap between them.
    assert!(!page.body.contains("13.3%"));
    assert!(!page.body.contains("68.2%"));
    assert!(page.body.contains("[c]"));
    assert!(page.body.contains("30%") && page.body.contains("80%"));
    assert!(
        page.body
            .contains("50 percentage points between Not disabled (best) and Disabled (worst)")
    );
    assert!(page.body.contains("role=\"img\""), "the trend is drawn");

    // The API gives the same, withheld values as withheld.
    let token = app.token("lead@dudley.example").await;
    let s = app
        .api(
            "GET",
            &format!("/api/v1/indicators/{id}/series"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.body);
    let json = s.json();
    let disabled = &json["groups"][0]["values"];
    assert_eq!(disabled[0]["state"], "withheld");
    assert_eq!(disabled[1]["value"], 30.0);
    assert!(!s.body.contains("13.33"), "{}", s.body);
    assert_eq!(json["rag"][1], "amber");

    // The list shows the latest value and its colour in words.
    let list = app.get("/indicators", Some(&lead)).await;
    assert!(list.body.contains("Managers trained to assess impact"));
    assert!(list.body.contains("Amber: close to target"));
}

#[tokio::test]
async fn bad_values_are_refused_whole_with_each_row_named() {
    let app = demo_app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let id = new_indicator(&app, &lead).await;
    let org = app.org("dudley").await;
    let typed = "2025-03-31, , , 120, 200\n2025-03-31, , , 120, 200";
    upload_to(
        &app,
        &lead,
        &format!("/indicators/{id}/values"),
        b"",
        &[("values", typed)],
    )
    .await;
    let before = app.store.indicator_values(org, id).await.unwrap();

    let csv = "period,characteristic,group,count,base\n2025-03-31,,,150,200\n31 March,,,1,2\n2025-03-31,Star sign,Leo,1,2\n2025-03-31,Disability,Disabled,50,40\n";
    let r = upload_to(
        &app,
        &lead,
        &format!("/indicators/{id}/values"),
        csv.as_bytes(),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Row 3"), "{}", r.body);
    assert!(r.body.contains("Row 4") && r.body.contains("Star sign"));
    assert!(r.body.contains("Row 5") && r.body.contains("more than the 40"));
    assert!(r.body.contains("<title>Error: "));
    // Nothing changed: 2025 is still 120 of 200.
    assert_eq!(app.store.indicator_values(org, id).await.unwrap(), before);

    // A Word document is not a table.
    let r = upload_to(
        &app,
        &lead,
        &format!("/indicators/{id}/values"),
        b"PK\x03\x04 not really",
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("could not be read"));

    // The form refuses a bad definition field by field.
    let r = app
        .post(
            "/indicators/new",
            Some(&lead),
            &[
                ("title", ""),
                ("unit", "percent"),
                ("polarity", "higher_is_better"),
                ("frequency", "yearly"),
                ("amber_within", "-2"),
                ("targets", "soon: 5"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Enter a title"));
    assert!(r.body.contains("Line 1: write the day the period ends"));

    // The API refuses bad values whole too, naming the row.
    let token = app.token("lead@dudley.example").await;
    let body = r#"[{"period":"2027-03-31","count":5,"base":10},{"period":"2027-03-31","group":{"characteristic":"disability","code":0},"count":9,"base":3}]"#;
    let r = app
        .api(
            "PUT",
            &format!("/api/v1/indicators/{id}/values"),
            Some(&token),
            Some(body),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Row 2"), "{}", r.body);
    assert_eq!(app.store.indicator_values(org, id).await.unwrap(), before);
}

#[tokio::test]
async fn the_api_keeps_indicators_like_any_record() {
    let app = demo_app().await;
    let token = app.token("lead@dudley.example").await;
    let body = serde_json::json!({
        "title": "Hate incidents reported",
        "definition": "Incidents reported to the council and its partners",
        "unit": "count",
        "polarity": "lower_is_better",
        "frequency": "quarterly",
        "amber_within": 10.0,
        "targets": [{"period": "2026-03-31", "value": 40.0}]
    });
    let r = app
        .api(
            "POST",
            "/api/v1/indicators",
            Some(&token),
            Some(&body.to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    let r = app
        .api(
            "PUT",
            &format!("/api/v1/indicators/{id}/values"),
            Some(&token),
            Some(r#"[{"period":"2026-03-31","count":45}]"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let s = app
        .api(
            "GET",
            &format!("/api/v1/indicators/{id}/series"),
            Some(&token),
            None,
        )
        .await
        .json();
    // 45 against a target of 40, lower being better: 5 over, within the amber 10.
    assert_eq!(s["rag"][0], "amber");
    // A stale edit is refused with the record as it is now.
    let r = app
        .api(
            "PATCH",
            &format!("/api/v1/indicators/{id}"),
            Some(&token),
            Some(r#"{"version":1,"amber_within":2.0}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .api(
            "PATCH",
            &format!("/api/v1/indicators/{id}"),
            Some(&token),
            Some(r#"{"version":1,"amber_within":3.0}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    // Amber narrower than green is refused by field.
    let r = app
        .api(
            "PATCH",
            &format!("/api/v1/indicators/{id}"),
            Some(&token),
            Some(r#"{"version":2,"green_within":5.0}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("amber_within"));
    // Another body's indicator is not found.
    let other = app.token("lead@wales.example").await;
    let r = app
        .api(
            "GET",
            &format!("/api/v1/indicators/{id}/series"),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_demo_shows_a_measure_worked_out_from_decisions() {
    let app = demo_app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let org = app.org("dudley").await;
    let worked_out = app
        .store
        .indicators(org)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.fields.source == dueregard_core::indicator::Source::AssessmentsOnTime)
        .unwrap();
    // Its values are the decisions' own: count them by hand from the store.
    let decisions = app.store.decisions(org).await.unwrap();
    let assessments = app.store.assessments(org).await.unwrap();
    let on_time = decisions
        .iter()
        .filter(|d| {
            !d.fields.assessment_ids.is_empty()
                && d.fields.assessment_ids.iter().all(|a| {
                    assessments.iter().any(|x| {
                        x.id == *a
                            && x.fields
                                .approved
                                .as_ref()
                                .is_some_and(|s| s.on <= d.fields.decided_on)
                    })
                })
        })
        .count();
    let values = dueregard::app::indicators::observations(app.store.as_ref(), org, &worked_out)
        .await
        .unwrap();
    assert_eq!(
        values.iter().map(|v| v.base.unwrap()).sum::<u64>() as usize,
        decisions.len()
    );
    assert_eq!(
        values.iter().map(|v| v.count).sum::<u64>() as usize,
        on_time
    );
    // It cannot be typed over.
    let r = app
        .get(
            &format!("/indicators/{}/values", worked_out.id),
            Some(&lead),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let page = app
        .get(&format!("/indicators/{}", worked_out.id), Some(&lead))
        .await;
    assert_eq!(page.status, StatusCode::OK);
}

#[tokio::test]
async fn incident_counts_are_kept_as_counts_and_feed_an_indicator() {
    let app = demo_app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let org = app.org("dudley").await;
    let before = app.store.incident_counts(org).await.unwrap();
    assert!(!before.is_empty(), "the demo has counts");

    // A file in another column order, under the words a police force uses.
    let csv = "Ward,Hate type,Number,Incident type,Quarter end\nCastle,Racist,12,Crime,31/03/2020\nCastle,Faith,3,Non-crime,31/03/2020\n,Transphobic,2,Hate crime,31/03/2020\n";
    let r = upload_to(&app, &lead, "/incidents/counts", csv.as_bytes(), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.store.incident_counts(org).await.unwrap().len(),
        before.len() + 3
    );
    let page = app.get("/incidents", Some(&lead)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Transgender identity"));
    assert!(page.body.contains("role=\"img\""));

    // A bad row refuses the whole file, naming the row; nothing changes.
    let bad = "period,kind,motivation,area,count\n2020-06-30,hate crime,race,Castle,4\n2020-06-30,burglary,race,Castle,1\n";
    let r = upload_to(&app, &lead, "/incidents/counts", bad.as_bytes(), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Row 3") && r.body.contains("burglary"));
    assert_eq!(
        app.store.incident_counts(org).await.unwrap().len(),
        before.len() + 3
    );

    // The API takes counts the same way and refuses the same mistakes.
    let token = app.token("lead@dudley.example").await;
    let r = app
        .api("PUT", "/api/v1/incidents", Some(&token), Some(r#"[{"period":"2020-06-30","kind":"harassment","motivation":"sex","area":"","count":4}]"#))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .api("PUT", "/api/v1/incidents", Some(&token), Some(r#"[{"period":"2020-06-30","kind":"harassment","motivation":"sex","area":"","count":4},{"period":"2020-06-30","kind":"harassment","motivation":"sex","area":"","count":5}]"#))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Row 2"));

    // The demo's indicator follows the hate crimes and incidents, all motivations: the 2020
    // quarter's 17 (12 + 3 + 2; harassment is not counted).
    let indicator = app
        .store
        .indicators(org)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.fields.source == dueregard_core::indicator::Source::HateIncidents)
        .unwrap();
    let s = app
        .api(
            "GET",
            &format!("/api/v1/indicators/{}/series", indicator.id),
            Some(&token),
            None,
        )
        .await
        .json();
    assert_eq!(s["periods"][0], "2020-03-31");
    assert_eq!(s["overall"][0]["value"], 17.0);
    // A viewer reads the counts but cannot send them.
    let viewer = app.sign_in("councillor@dudley.example").await;
    assert_eq!(
        app.get("/incidents", Some(&viewer)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/incidents/counts", Some(&viewer)).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn published_indicators_reach_the_public_site_and_the_report_withheld_as_inside() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let all = app.store.indicators(org).await.unwrap();
    let survey = all.iter().find(|i| i.fields.public).unwrap();
    let private = all.iter().find(|i| !i.fields.public).unwrap();

    let list = app.get("/public/dudley/indicators", None).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&survey.fields.title));
    assert!(!list.body.contains(&private.fields.title));
    let r = app
        .get(&format!("/public/dudley/indicators/{}", private.id), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Another body's address does not reach it either.
    let r = app
        .get(&format!("/public/worcester/indicators/{}", survey.id), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The demo's Gypsy or Irish Traveller group (3 of 5) is withheld, and with it whichever
    // other group would give it away; the page shows no rate worked from it.
    let page = app
        .get(&format!("/public/dudley/indicators/{}", survey.id), None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("[c]"));
    assert!(!page.body.contains(">60%<"), "3 of 5 is never shown");
    // Whatever the public page shows of a group, the signed-in page shows the same.
    let lead = app.sign_in("lead@dudley.example").await;
    let inside = app
        .get(&format!("/indicators/{}", survey.id), Some(&lead))
        .await;
    let cells = |body: &str| -> Vec<String> {
        body.split("govuk-table__cell--numeric\">")
            .skip(1)
            .map(|c| c.split('<').next().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(cells(&page.body), cells(&inside.body));

    // The progress report ends with the indicators: all of them inside, only the published ones
    // in what the public reads.
    let progress = app.get("/reports/progress", Some(&lead)).await;
    assert!(progress.body.contains("How we measure progress"));
    assert!(progress.body.contains(&private.fields.title));
    let public = app.get("/public/dudley/objectives", None).await;
    assert!(
        public.body.contains("How we measure progress"),
        "{}",
        public.body
    );
    assert!(public.body.contains(&survey.fields.title));
    assert!(!public.body.contains(&private.fields.title));

    // The report, on the page and as a tagged PDF and a spreadsheet.
    let report = app.get("/indicators/report", Some(&lead)).await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(report.body.contains(&survey.fields.title));
    assert!(report.body.contains("[c]"));
    let pdf = app.get("/indicators/report/pdf", Some(&lead)).await;
    assert!(pdf.body.starts_with("%PDF"));
    let xlsx = app.get("/indicators/report/xlsx", Some(&lead)).await;
    assert!(xlsx.body.starts_with("PK"));
}

#[tokio::test]
async fn an_action_starts_from_the_catalogue_with_its_words_filled_in_and_nothing_saved() {
    let app = demo_app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let org = app.org("dudley").await;
    let page = app.get("/catalogue", Some(&lead)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Use structured interviews"));
    assert!(page.body.contains("Effective: strong evidence it works"));
    assert!(page.body.contains("Mixed results"));
    let start = between(&page.body, "href=\"/plans/", "\"")
        .unwrap()
        .replace("&amp;", "&");
    let before = app.store.action_rows(org).await.unwrap().len();
    let form = app.get(&format!("/plans/{start}"), Some(&lead)).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(
        form.body
            .contains("Put more than one woman on every shortlist."),
        "{}",
        form.body
    );
    assert!(
        form.body.contains("value=\"sex\" checked"),
        "the characteristics are ticked"
    );
    assert_eq!(
        app.store.action_rows(org).await.unwrap().len(),
        before,
        "nothing is saved by starting"
    );
    // A viewer reads the catalogue but is offered no plan to start in.
    let viewer = app.sign_in("councillor@dudley.example").await;
    let page = app.get("/catalogue", Some(&viewer)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Start this action"));
    let token = app.token("lead@dudley.example").await;
    let api = app
        .api("GET", "/api/v1/catalogue", Some(&token), None)
        .await
        .json();
    assert!(
        api.as_array()
            .unwrap()
            .iter()
            .any(|a| a["strength"] == "promising")
    );
}

#[tokio::test]
async fn shares_are_worked_out_from_published_workforce_figures_and_consultation_respondents() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let token = app.token("lead@dudley.example").await;
    let make = |source: &str, group: &str| {
        serde_json::json!({
            "title": format!("Share ({source})"),
            "definition": "A group's share",
            "unit": "percent",
            "polarity": "higher_is_better",
            "frequency": "yearly",
            "source": source,
            "group": group,
            "amber_within": 5.0
        })
        .to_string()
    };
    // A share needs its group.
    let r = app
        .api(
            "POST",
            "/api/v1/indicators",
            Some(&token),
            Some(&make("workforce_share", "").replace(",\"group\":\"\"", "")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    let disabled = r#"{"characteristic":"disability","code":0}"#;
    let body = make("workforce_share", "X").replace("\"X\"", disabled);
    let r = app
        .api("POST", "/api/v1/indicators", Some(&token), Some(&body))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    // Work the expected shares out by hand from each kept report's published profile.
    let mut expected = Vec::new();
    for s in app.store.snapshots(org).await.unwrap().into_iter().rev() {
        // Reading the report page keeps the report, as the workforce pages do.
        let lead = app.sign_in("lead@dudley.example").await;
        app.get(&format!("/workforce/{}", s.id), Some(&lead)).await;
        let json = app.store.snapshot_report(org, s.id).await.unwrap().unwrap();
        let report: serde_json::Value = serde_json::from_str(&json).unwrap();
        let table = report["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["characteristic"] == "disability")
            .unwrap()
            .clone();
        let i = table["rows"]
            .as_array()
            .unwrap()
            .iter()
            .position(|r| r == "Disabled")
            .unwrap();
        let count = table["row_totals"][i]["count"].as_f64().unwrap();
        let base = table["grand_total"]["count"].as_f64().unwrap();
        expected.push(count * 100.0 / base);
    }
    assert!(!expected.is_empty(), "the demo has workforce snapshots");
    let s = app
        .api(
            "GET",
            &format!("/api/v1/indicators/{id}/series"),
            Some(&token),
            None,
        )
        .await
        .json();
    let got: Vec<f64> = s["overall"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_f64().unwrap())
        .collect();
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(&expected) {
        assert!((g - e).abs() < 1e-9, "{got:?} against {expected:?}");
    }

    // Consultation reach: women's share of each consultation's respondents, withheld where small.
    let women = r#"{"characteristic":"sex","code":0}"#;
    let body = make("consultation_reach", "X").replace("\"X\"", women);
    let r = app
        .api("POST", "/api/v1/indicators", Some(&token), Some(&body))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    let s = app
        .api(
            "GET",
            &format!("/api/v1/indicators/{id}/series"),
            Some(&token),
            None,
        )
        .await
        .json();
    let mut checked = 0;
    for c in app.store.consultations(org).await.unwrap() {
        let counts = app.store.monitoring_counts(org, c.id).await.unwrap();
        if counts.respondents == 0 {
            continue;
        }
        let n: u64 = counts
            .counts
            .iter()
            .filter(|(k, code, _)| {
                *k == dueregard_stats::classify::Characteristic::Sex && *code == 0
            })
            .map(|x| x.2)
            .sum();
        let i = s["periods"]
            .as_array()
            .unwrap()
            .iter()
            .position(|p| p == &serde_json::json!(c.fields.closes.to_string()))
            .unwrap();
        let shown = &s["overall"][i];
        if n < 10 || counts.respondents - n < 10 {
            assert_eq!(shown["state"], "withheld", "{n} of {}", counts.respondents);
        } else {
            assert!(
                (shown["value"].as_f64().unwrap() - n as f64 * 100.0 / counts.respondents as f64)
                    .abs()
                    < 1e-9
            );
        }
        checked += 1;
    }
    assert!(checked > 0, "the demo's consultations have respondents");
}
