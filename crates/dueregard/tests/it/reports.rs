//! The annual progress report: every approved objective with the actions serving it, for the
//! organisation or one plan, on the page and in every download.

use crate::demo_app;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

#[tokio::test]
async fn the_progress_report_covers_every_objective_on_the_page_and_in_every_file() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let viewer = app.sign_in("councillor@dudley.example").await;
    let range = "from=2010-01-01&to=2030-12-31";
    let page = app
        .get(&format!("/reports/progress?{range}"), Some(&viewer))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let approved: Vec<String> = app
        .store
        .objectives(org)
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.fields.status == dueregard_core::objective::ObjectiveStatus::Approved)
        .map(|o| o.fields.title)
        .collect();
    assert!(!approved.is_empty());
    let escaped = |t: &str| {
        t.replace('&', "&amp;")
            .replace('\'', "&#39;")
            .replace('"', "&quot;")
    };
    for title in &approved {
        assert!(page.body.contains(&escaped(title)), "missing {title}");
    }
    let actions = app.store.action_rows(org).await.unwrap();
    assert!(page.body.contains(&format!(
        "<td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td>",
        actions.len()
    )));

    // One plan: only its actions are counted.
    let plan = app.store.plans(org).await.unwrap()[0].id;
    let in_plan = actions.iter().filter(|a| a.plan_id == plan).count();
    let one = app
        .get(
            &format!("/reports/progress?{range}&plan={plan}"),
            Some(&viewer),
        )
        .await;
    assert!(
        one.body.contains(&format!("{in_plan} actions of the plan")),
        "{}",
        one.body
    );

    // A date that is not one is refused, saying so.
    let bad = app.get("/reports/progress?from=April", Some(&viewer)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Enter a date as year-month-day"));

    // The downloads say the same.
    let fetch = |format: &str| {
        let req = Request::get(format!("/reports/progress.{format}?{range}"))
            .header(header::COOKIE, &viewer.cookie)
            .body(Body::empty())
            .unwrap();
        let router = app.router.clone();
        async move {
            let res = tower::ServiceExt::oneshot(router, req).await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            http_body_util::BodyExt::collect(res.into_body())
                .await
                .unwrap()
                .to_bytes()
                .to_vec()
        }
    };
    use dueregard_formats::import::{sheet, word};
    for (format, text) in [
        ("odt", word::read_odt(&fetch("odt").await).unwrap().lines),
        ("docx", word::read_docx(&fetch("docx").await).unwrap().lines),
    ] {
        let all = text.join("\n");
        for title in &approved {
            assert!(all.contains(title.as_str()), "{format} lacks {title}");
        }
        assert!(all.contains("Actions that slipped"), "{format}");
    }
    for (format, sheets) in [
        ("xlsx", sheet::read_xlsx(&fetch("xlsx").await).unwrap()),
        ("ods", sheet::read_ods(&fetch("ods").await).unwrap()),
    ] {
        let counts = &sheets[0];
        assert_eq!(counts.rows[0].1, ["Status", "Actions"], "{format}");
        let all = counts.rows.last().unwrap();
        assert_eq!(all.1[0], "All actions");
        assert_eq!(
            all.1[1].parse::<f64>().unwrap() as usize,
            actions.len(),
            "{format}"
        );
        assert!(
            sheets.len() > approved.len(),
            "{format}: a sheet for each table"
        );
    }
}
