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

/// Text with its whitespace made single spaces.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Converts `file` with LibreOffice (headless) to plain text, or a PDF with pdftotext.
fn text_of(dir: &std::path::Path, name: &str, bytes: &[u8]) -> String {
    use std::process::Command;
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    if name.ends_with(".pdf") {
        let out = Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap_or_else(|e| panic!("pdftotext is needed: apt install poppler-utils ({e})"));
        assert!(out.status.success());
        return String::from_utf8_lossy(&out.stdout).into_owned();
    }
    let out = Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "txt:Text",
            "--outdir",
        ])
        .arg(dir)
        .arg(&path)
        .env("HOME", dir)
        .output()
        .unwrap_or_else(|e| {
            panic!("LibreOffice (soffice) is needed: apt install libreoffice-writer-nogui ({e})")
        });
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(path.with_extension("txt")).unwrap()
}

/// Every heading and paragraph whole, and every word of every table cell, in `text`.
fn says_everything(report: &dueregard_core::report::Report, format: &str, text: &str) {
    use dueregard_core::report::Block;
    let text = flat(text);
    let mut whole = vec![report.title.clone()];
    let mut cells = Vec::new();
    for s in &report.sections {
        whole.push(s.heading.clone());
        for b in &s.blocks {
            match b {
                Block::Paragraph(p) | Block::Note(p) => whole.push(p.clone()),
                Block::Table(t) => {
                    whole.push(t.caption.clone());
                    cells.extend(t.header.iter().chain(t.rows.iter().flatten()).cloned());
                }
                Block::Figure(f) => cells.extend(f.table.rows.iter().flatten().cloned()),
            }
        }
    }
    for w in &whole {
        assert!(text.contains(&flat(w)), "{format}: {w:?} is not there");
    }
    let words: std::collections::HashSet<&str> = text.split(' ').collect();
    // A word may break across lines at a slash or hyphen: then it is whole once the spaces go.
    let joined: String = text.split(' ').collect();
    for c in &cells {
        let missing: Vec<&str> = c
            .split_whitespace()
            .filter(|w| !words.contains(w) && !joined.contains(w))
            .collect();
        assert!(
            missing.is_empty(),
            "{format}: the cell {c:?} lacks {missing:?}"
        );
    }
}

#[tokio::test]
async fn the_progress_report_and_the_plan_read_the_same_in_every_format() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let lead = app.sign_in("lead@dudley.example").await;
    let plan = app.store.plans(org).await.unwrap()[0].id;
    let range = "from=2013-04-01&to=2014-03-31";
    let today = dueregard::web::today();
    let store = app.store.as_ref();
    let progress = dueregard::app::reports::progress_report(
        store,
        org,
        dueregard_core::period::Period::new(
            jiff::civil::date(2013, 4, 1),
            jiff::civil::date(2014, 3, 31),
        )
        .unwrap(),
        dueregard::app::reports::Scope::Organisation,
        today,
    )
    .await
    .unwrap();
    let plan_report = dueregard::app::reports::plan_report(store, org, plan, today)
        .await
        .unwrap();
    // The plan's page links to it, and it has the plan's table shape with progress.
    let shown = app.get(&format!("/plans/{plan}/report"), Some(&lead)).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(
        shown
            .body
            .contains("Planned outcome/ performance indicator")
    );
    assert!(shown.body.contains(">Progress</th>"));
    assert!(shown.body.contains(&format!("/plans/{plan}/report/pdf")));
    assert_eq!(shown.body.matches("<h1").count(), 1);

    let fetch = |path: String| {
        let req = Request::get(path)
            .header(header::COOKIE, &lead.cookie)
            .body(Body::empty())
            .unwrap();
        let router = app.router.clone();
        async move {
            let res = tower::ServiceExt::oneshot(router, req).await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            let kind = res.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .to_string();
            let body = http_body_util::BodyExt::collect(res.into_body())
                .await
                .unwrap()
                .to_bytes()
                .to_vec();
            (kind, body)
        }
    };
    let dir = std::env::temp_dir().join(format!("dueregard-reports-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, report, address) in [
        (
            "progress",
            &progress,
            Box::new(|f: &str| format!("/reports/progress.{f}?{range}"))
                as Box<dyn Fn(&str) -> String>,
        ),
        (
            "plan",
            &plan_report,
            Box::new(move |f: &str| format!("/plans/{plan}/report/{f}")),
        ),
    ] {
        for format in ["pdf", "odt", "docx"] {
            let (kind, bytes) = fetch(address(format)).await;
            if format == "pdf" {
                assert_eq!(kind, "application/pdf");
                assert!(bytes.starts_with(b"%PDF-"));
            }
            let text = text_of(&dir, &format!("{name}.{format}"), &bytes);
            says_everything(report, &format!("{name}.{format}"), &text);
        }
        // Each spreadsheet holds every table, equal to the table's CSV in the open data.
        let (_, csvs) = dueregard_formats::report_render::data_package(report);
        use dueregard_formats::import::sheet;
        for format in ["xlsx", "ods"] {
            let (_, bytes) = fetch(address(format)).await;
            let sheets = if format == "xlsx" {
                sheet::read_xlsx(&bytes).unwrap()
            } else {
                sheet::read_ods(&bytes).unwrap()
            };
            assert_eq!(
                sheets.len(),
                csvs.len(),
                "{name}.{format}: a sheet per table"
            );
            for (sheet, (csv_name, csv)) in sheets.iter().zip(&csvs) {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(csv.as_slice());
                let csv_rows: Vec<Vec<String>> = reader
                    .records()
                    .map(|r| r.unwrap().iter().map(String::from).collect())
                    .collect();
                let sheet_rows: Vec<Vec<String>> =
                    sheet.rows.iter().map(|(_, cells)| cells.clone()).collect();
                assert_eq!(
                    sheet_rows.len(),
                    csv_rows.len(),
                    "{name}.{format} {csv_name}: {sheet_rows:?} against {csv_rows:?}"
                );
                for (a, b) in sheet_rows.iter().zip(&csv_rows) {
                    let same = a.len() == b.len()
                        && a.iter().zip(b).all(|(x, y)| {
                            x == y
                                || matches!((x.parse::<f64>(), y.parse::<f64>()), (Ok(p), Ok(q)) if p == q)
                        });
                    assert!(same, "{name}.{format} {csv_name}: {a:?} is not {b:?}");
                }
            }
        }
    }
    // A format we do not make is not found.
    let req = app
        .get(&format!("/plans/{plan}/report/exe"), Some(&lead))
        .await;
    assert_eq!(req.status, StatusCode::NOT_FOUND);
    std::fs::remove_dir_all(&dir).ok();
}
