//! Workforce snapshots over HTTP and on the command line: upload, refusals that store nothing,
//! the report page and API after disclosure control, audited reads.

use crate::{TestApp, demo_app};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

fn synthetic(rows: u64) -> Vec<u8> {
    let mut bytes = Vec::new();
    dueregard_formats::workforce::synth::write_extract(
        &mut bytes,
        rows,
        99,
        jiff::civil::date(2024, 3, 31),
        |_| {},
    )
    .unwrap();
    bytes
}

/// Posts a file and form fields to `path` as a browser's form would.
pub(crate) async fn upload_to(
    app: &TestApp,
    browser: &crate::Browser,
    path: &str,
    file: &[u8],
    fields: &[(&str, &str)],
) -> crate::Reply {
    let boundary = "dueregard-test-boundary";
    let mut body = Vec::new();
    let mut part = |name: &str, value: &[u8], file_name: Option<&str>| {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file_name {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    };
    part("csrf_token", browser.csrf.as_bytes(), None);
    for (k, v) in fields {
        part(k, v.as_bytes(), None);
    }
    // A browser sends an empty part with no file name when no file was chosen.
    let file_name = if file.is_empty() { "" } else { "extract.csv" };
    part("file", file, Some(file_name));
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let req = Request::post(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::COOKIE, &browser.cookie)
        .body(Body::from(body))
        .unwrap();
    app.send(req).await
}

async fn upload(
    app: &TestApp,
    browser: &crate::Browser,
    file: &[u8],
    fields: &[(&str, &str)],
) -> crate::Reply {
    upload_to(app, browser, "/workforce/new", file, fields).await
}

const MARCH_2024: [(&str, &str); 4] = [
    ("snapshot-day", "31"),
    ("snapshot-month", "3"),
    ("snapshot-year", "2024"),
    ("area", "Dudley"),
];

#[tokio::test]
async fn an_upload_is_stored_whole_or_refused_whole() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let lead = app.sign_in("lead@dudley.example").await;
    let before = app.store.snapshots(org).await.unwrap().len();

    // One bad cell refuses the file, names its row and column, and stores nothing.
    let mut bad = String::from_utf8(synthetic(200)).unwrap();
    bad = bad.replacen(",F,", ",Martian,", 1);
    let reply = upload(&app, &lead, bad.as_bytes(), &MARCH_2024).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("There is a problem"), "{}", reply.body);
    assert!(
        reply
            .body
            .contains("&#39;Martian&#39; is not a category we know")
            || reply.body.contains("'Martian' is not a category we know"),
        "{}",
        reply.body
    );
    assert_eq!(app.store.snapshots(org).await.unwrap().len(), before);
    // The uploaded file went to disk and is gone again.
    assert_eq!(app.uploads_left(), Vec::<std::path::PathBuf>::new());

    let reply = upload(
        &app,
        &lead,
        b"Dear colleague, the figures are attached.",
        &MARCH_2024,
    )
    .await;
    assert!(reply.body.contains("not an HR extract"), "{}", reply.body);
    let mut no_date = MARCH_2024;
    no_date[0] = ("snapshot-day", "32");
    let reply = upload(&app, &lead, &synthetic(50), &no_date).await;
    assert!(
        reply
            .body
            .contains("Enter the snapshot date as a real date")
    );
    assert_eq!(app.store.snapshots(org).await.unwrap().len(), before);

    // A good extract is stored and its report shown. At over a megabyte, it is read from disk
    // a part at a time on two threads, as a large employer's would be.
    let good = synthetic(8000);
    assert!(good.len() > 1 << 20);
    let reply = upload(&app, &lead, &good, &MARCH_2024).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(app.uploads_left(), Vec::<std::path::PathBuf>::new());
    let report_url = reply.location().to_string();
    let page = app.get(&report_url, Some(&lead)).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "31 March 2024",
        "8,000",
        "Gender pay gap",
        "Compared with the population of Dudley (E08000027)",
        "Women and men in each quartile pay band",
        "Compared with similar employers",
        "Open Government Licence",
        "None: every column was read",
    ] {
        assert!(page.body.contains(text), "missing {text}");
    }
    // The year-on-year view reads the headline figures stored with the snapshot.
    let stored = app.store.snapshots(org).await.unwrap();
    let new = stored
        .iter()
        .find(|s| s.fields.snapshot_date == jiff::civil::date(2024, 3, 31))
        .unwrap();
    let headline = new.fields.headline.clone().unwrap();
    assert!(headline.mean_hourly_gap.is_some() && headline.disabled.is_some());
    let list = app.get("/workforce", Some(&lead)).await;
    assert!(list.body.contains("Your snapshots, year on year"));
    assert!(
        list.body
            .contains(&format!("{:.1}%", headline.mean_hourly_gap.unwrap()))
    );
    assert_eq!(app.store.snapshots(org).await.unwrap().len(), before + 1);
    // A column the reader does not use is named on the snapshot's page, never dropped unsaid.
    let text = String::from_utf8(synthetic(100)).unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    let extra = format!("{header},Cost centre\n{}", body.replace('\n', ",CC1\n"));
    let september_2024 = [
        ("snapshot-day", "30"),
        ("snapshot-month", "9"),
        ("snapshot-year", "2024"),
        ("area", "Dudley"),
    ];
    let reply = upload(&app, &lead, extra.as_bytes(), &september_2024).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let other = app.get(reply.location(), Some(&lead)).await;
    assert!(other.body.contains("‘Cost centre’"), "{}", other.body);
    // The same date again is refused, with the reason on the form.
    let reply = upload(&app, &lead, &synthetic(100), &MARCH_2024).await;
    assert!(
        reply
            .body
            .contains("already a workforce snapshot for 2024-03-31"),
        "{}",
        reply.body
    );

    // The report was kept when the snapshot was stored, so showing it read nobody's record.
    let viewed = |log: &[dueregard_core::store::AuditEntry]| {
        log.iter()
            .filter(|e| e.change == "viewed" && e.actor.contains("lead@dudley.example"))
            .count()
    };
    assert_eq!(viewed(&app.store.audit_log(org, 50).await.unwrap()), 0);
    // A kept report this version cannot read is worked out again from the people, which is
    // audited with the reader's name, and kept again: the next view reads nobody.
    app.store
        .keep_snapshot_report(org, new.id, "{\"from\": \"an older version\"}")
        .await
        .unwrap();
    let again = app.get(&report_url, Some(&lead)).await;
    assert_eq!(again.body, page.body);
    assert_eq!(viewed(&app.store.audit_log(org, 50).await.unwrap()), 1);
    assert!(
        app.store
            .snapshot_report(org, new.id)
            .await
            .unwrap()
            .is_some_and(|r| r.contains("pay_gaps"))
    );
    let third = app.get(&report_url, Some(&lead)).await;
    assert_eq!(third.body, page.body);
    assert_eq!(viewed(&app.store.audit_log(org, 50).await.unwrap()), 1);
}

#[tokio::test]
async fn the_report_api_publishes_only_protected_counts() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let snapshot = app.store.snapshots(org).await.unwrap()[0].clone();
    let token = app.token("councillor@dudley.example").await;
    let reply = app
        .api(
            "GET",
            &format!("/api/v1/workforce/{}", snapshot.id),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let json = reply.json();
    let report = &json["report"];
    assert_eq!(report["employees"], snapshot.employees);
    assert_eq!(json["snapshot"]["fields"]["synthetic"], true);
    let mut shown = 0;
    for table in report["tables"].as_array().unwrap() {
        for row in table["cells"].as_array().unwrap() {
            for cell in row.as_array().unwrap() {
                if let Some(n) = cell["count"].as_u64() {
                    assert!(n == 0 || n >= 10, "{} shows {n}", table["title"]);
                    shown += 1;
                }
            }
        }
    }
    assert!(shown > 50);
    let gender = &report["pay_gaps"][0];
    assert_eq!(gender["title"], "Gender pay gap");
    assert!(gender["measures"]["mean_hourly"].is_number());
    // The same tables as a spreadsheet, for a signed-in reader.
    let viewer = app.sign_in("councillor@dudley.example").await;
    let csv = app
        .get(
            &format!("/workforce/{}/tables.csv", snapshot.id),
            Some(&viewer),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        csv.body
            .starts_with("table,row,column,count,percent of column")
    );
    assert!(csv.body.contains("Sex by directorate,Everyone,Total,"));
    for line in csv.body.lines().skip(1) {
        let count = line.rsplit(',').nth(1).unwrap_or("");
        if let Ok(n) = count.parse::<u64>() {
            assert!(n == 0 || n >= 10, "{line}");
        }
    }
    // Another organisation's snapshot is not found.
    let other = app.token("lead@cumbria.example").await;
    let reply = app
        .api(
            "GET",
            &format!("/api/v1/workforce/{}", snapshot.id),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[test]
fn the_command_line_analyses_saves_and_refuses() {
    let dir = std::env::temp_dir().join(format!("dueregard_workforce_cli_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("w.db").display().to_string();
    let extract = dir.join("extract.csv").display().to_string();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dueregard"))
            .args(args)
            .env_remove("DUEREGARD_DB")
            .env_remove("DUEREGARD_DATABASE_URL")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (ok, _, err) = run(&[
        "workforce",
        "synth",
        "--rows",
        "800",
        "--seed",
        "5",
        "--out",
        &extract,
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("Nobody in it is real"));
    let (ok, out, err) = run(&["workforce", "analyse", &extract, "--area", "E08000027"]);
    assert!(ok, "{err}");
    assert!(out.contains("Gender pay gap (Women against Men)"), "{out}");
    assert!(
        out.contains("Compared with the population of Dudley"),
        "{out}"
    );
    let (ok, out, _) = run(&["workforce", "analyse", &extract, "--json"]);
    assert!(ok);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["report"]["employees"], 800);
    let (ok, out, _) = run(&[
        "workforce",
        "analyse",
        &extract,
        "--csv",
        "--disclosure",
        "nhs",
    ]);
    assert!(ok);
    assert!(out.starts_with("table,row,column,count,percent of column"));
    for line in out.lines().skip(1) {
        let count = line.rsplit(',').nth(1).unwrap_or("");
        if let Ok(n) = count.parse::<u64>() {
            assert_eq!(n % 5, 0, "the NHS rule rounds to 5: {line}");
        }
    }

    let (ok, _, err) = run(&[
        "--db",
        &db,
        "org",
        "add",
        "--slug",
        "test",
        "--name",
        "Test Council",
        "--nation",
        "england",
    ]);
    assert!(ok, "{err}");
    let save = [
        "--db",
        &db,
        "workforce",
        "analyse",
        &extract,
        "--org",
        "test",
        "--save",
        "--synthetic",
    ];
    let (ok, _, err) = run(&save);
    assert!(ok, "{err}");
    assert!(err.contains("Stored snapshot"), "{err}");
    let (ok, _, err) = run(&save);
    assert!(!ok, "the same date twice is refused");
    assert!(err.contains("already a workforce snapshot"), "{err}");

    // A bad file: the row and column, and nothing stored.
    let text = std::fs::read_to_string(&extract).unwrap();
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, text.replacen(",No,", ",Maybe,", 1)).unwrap();
    let bad = bad.display().to_string();
    let (ok, _, err) = run(&[
        "--db",
        &db,
        "workforce",
        "analyse",
        &bad,
        "--org",
        "test",
        "--save",
        "--snapshot-date",
        "2027-03-31",
    ]);
    assert!(!ok);
    assert!(err.contains("Nothing was stored"), "{err}");
    let (_, out, _) = run(&["--db", &db, "workforce", "list", "--org", "test"]);
    assert_eq!(out.lines().count(), 1, "{out}");

    // The recruitment funnel, with leaving rates against the staff in post.
    let mut applications = String::from("Applicant,Sex,Stage reached\n");
    for (sex, shortlisted) in [("F", 50), ("M", 20)] {
        for i in 0..100 {
            let stage = if i < shortlisted {
                "Shortlisted"
            } else {
                "Applied"
            };
            applications.push_str(&format!("{sex}{i},{sex},{stage}\n"));
        }
    }
    let funnel = dir.join("applications.csv");
    std::fs::write(&funnel, applications).unwrap();
    let funnel = funnel.display().to_string();
    let (ok, out, err) = run(&["workforce", "funnel", &funnel, "--staff", &extract]);
    assert!(ok, "{err}");
    assert!(
        out.contains(
            "Male: shortlisted 20 of 100 (20.0%, 0.40 of the best rate: BELOW FOUR-FIFTHS"
        ),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn published_figures_come_from_the_national_data() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dueregard"))
        .args([
            "workforce",
            "published",
            "Dudley Metropolitan Borough Council",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains("2017-18"), "{text}");
    assert!(text.contains("Among Public sector employers"), "{text}");
}

/// Applications by sex: women shortlisted at 50%, men at 25% (below four-fifths of the women's
/// rate); appointed at 40% of those shortlisted either way; and six men who left.
fn applications() -> String {
    include_str!("../../../dueregard-formats/tests/fixtures/recruitment.csv").to_string()
}

#[tokio::test]
async fn a_recruitment_extract_shows_its_funnel_and_keeps_nothing() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let lead = app.sign_in("lead@dudley.example").await;
    let form = app.get("/workforce/recruitment", Some(&lead)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Recruitment and leavers"));
    let list = app.get("/workforce", Some(&lead)).await;
    assert!(list.body.contains("href=\"/workforce/recruitment\""));
    let audit_before = app.store.audit_log(org, 100_000).await.unwrap().len();

    let reply = upload_to(
        &app,
        &lead,
        "/workforce/recruitment",
        applications().as_bytes(),
        &[("staff", ""), ("disclosure", "threshold-10")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    for text in [
        "Results for extract.csv",
        "50 of 100 applicants",
        "50.0%",
        "25 of 100 applicants",
        "0.50 of the best rate: below four-fifths",
        "Below four-fifths",
        "Fisher&#39;s exact test p = ",
        "20 of 50 shortlisted",
    ] {
        assert!(reply.body.contains(text), "missing {text}");
    }
    // Without staff in post there is no leaving rate; nothing was stored or audited.
    assert!(!reply.body.contains(">Stayed<"));
    assert_eq!(
        app.store.audit_log(org, 100_000).await.unwrap().len(),
        audit_before
    );

    // With a stored snapshot for staff in post, leaving rates appear, and reading its people
    // is audited.
    let snapshot = app.store.snapshots(org).await.unwrap()[0].id;
    let staff = snapshot.to_string();
    let reply = upload_to(
        &app,
        &lead,
        "/workforce/recruitment",
        applications().as_bytes(),
        &[("staff", &staff)],
    )
    .await;
    assert!(reply.body.contains(">Stayed<"), "{}", reply.body);
    assert!(reply.body.contains(" staff"));
    let log = app.store.audit_log(org, 5).await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.change == "viewed" && e.entity == "workforce snapshot")
    );

    // Bad input: a stage we do not know names its row and column; no file; a snapshot that is
    // not this organisation's.
    let bad = applications().replacen("Appointed", "Promoted", 1);
    let reply = upload_to(&app, &lead, "/workforce/recruitment", bad.as_bytes(), &[]).await;
    assert!(reply.body.contains("There is a problem"));
    assert!(
        reply
            .body
            .contains("Row 2, column &#39;Stage reached&#39;: &#39;Promoted&#39; is not a stage"),
        "{}",
        reply.body
    );
    assert!(!reply.body.contains("Results for"));
    let reply = upload_to(&app, &lead, "/workforce/recruitment", b"", &[]).await;
    assert!(
        reply
            .body
            .contains("Choose the recruitment extract to upload")
    );
    let reply = upload_to(
        &app,
        &lead,
        "/workforce/recruitment",
        applications().as_bytes(),
        &[("staff", "999999")],
    )
    .await;
    assert!(
        reply
            .body
            .contains("Choose one of your stored snapshots, or none")
    );
    assert!(!reply.body.contains("Results for"));
    // No uploaded file outlives its request.
    assert_eq!(app.uploads_left(), Vec::<std::path::PathBuf>::new());
}

/// An extract whose free-text fields (directorates, grades) are formulas.
fn extract_with_formulas() -> String {
    String::from_utf8(synthetic(600))
        .unwrap()
        .replace(
            ",Resources,",
            ",\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",",
        )
        .replace(",Grade 5,", ",+Grade 5,")
        .replace(",Grade 7,", ",@Grade 7,")
        .replace(",Grade 6,", ",-Grade 6,")
}

/// No text cell of a CSV begins as a formula; numbers are numbers or `[c]`.
fn assert_no_formulas(csv: &str) {
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let mut neutralised = 0;
    for record in reader.records() {
        let record = record.unwrap();
        for cell in record.iter().take(3) {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a formula reached the export: {cell:?}"
            );
            neutralised += usize::from(cell.starts_with("'=") || cell.starts_with("'@"));
        }
        let count = &record[3];
        assert!(count == "[c]" || count.parse::<u64>().is_ok(), "{count:?}");
    }
    assert!(neutralised > 0, "the formulas never reached the export");
}

#[tokio::test]
async fn formulas_in_an_extract_come_out_of_every_csv_as_text() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let lead = app.sign_in("lead@dudley.example").await;
    let reply = upload(&app, &lead, extract_with_formulas().as_bytes(), &MARCH_2024).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let snapshot = app
        .store
        .snapshots(org)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.fields.snapshot_date == jiff::civil::date(2024, 3, 31))
        .unwrap();
    let viewer = app.sign_in("councillor@dudley.example").await;
    let csv = app
        .get(
            &format!("/workforce/{}/tables.csv", snapshot.id),
            Some(&viewer),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_no_formulas(&csv.body);
    // The same tables as XLSX and ODS: read back, they are the CSV, formulas neutralised alike.
    let from_csv = dueregard_formats::import::sheet::read_csv(csv.body.as_bytes()).unwrap();
    for (format, read) in [
        (
            "xlsx",
            dueregard_formats::import::sheet::read_xlsx as fn(&[u8]) -> _,
        ),
        ("ods", dueregard_formats::import::sheet::read_ods),
    ] {
        let req = axum::http::Request::get(format!("/workforce/{}/tables.{format}", snapshot.id))
            .header(header::COOKIE, &viewer.cookie)
            .body(Body::empty())
            .unwrap();
        let res = tower::ServiceExt::oneshot(app.router.clone(), req)
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{format}");
        let bytes = http_body_util::BodyExt::collect(res.into_body())
            .await
            .unwrap()
            .to_bytes();
        let sheets = read(&bytes).unwrap();
        // Numbers compare as numbers: a spreadsheet shows 9.0 as 9.
        let value = |c: &String| {
            c.parse::<f64>()
                .map_or_else(|_| c.clone(), |n| n.to_string())
        };
        let cells = |rows: &[(usize, Vec<String>)]| -> Vec<Vec<String>> {
            rows.iter()
                .map(|(_, r)| r.iter().map(value).collect())
                .collect()
        };
        let (got, want) = (cells(&sheets[0].rows), cells(&from_csv[0].rows));
        assert_eq!(got.len(), want.len(), "{format}: rows");
        let differ: Vec<_> = got
            .iter()
            .zip(&want)
            .filter(|(a, b)| a != b)
            .take(3)
            .collect();
        assert!(
            differ.is_empty(),
            "{format} differs from the CSV: {differ:?}"
        );
    }

    // The command line's --csv is the same writer.
    let dir = std::env::temp_dir().join(format!("dueregard_formulas_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("extract.csv");
    std::fs::write(&file, extract_with_formulas()).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dueregard"))
        .args(["workforce", "analyse", &file.display().to_string(), "--csv"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_no_formulas(&String::from_utf8_lossy(&out.stdout));
    let _ = std::fs::remove_dir_all(&dir);
}

/// 300 people in four directorates and three grades: 25 Indian, of whom one was paid a bonus;
/// 3 Caribbean; the rest White British, a third of whom were paid a bonus.
fn one_bonus_among_twenty_five() -> String {
    let mut csv = String::from(
        "Employee reference,Sex,Ethnic group,Disability,Religion or belief,Sexual orientation,Date of birth,Directorate,Grade,Contracted weekly hours,Ordinary pay in pay period,Pay period days,Bonus pay in 12 months,On leave with reduced pay,Start date\n",
    );
    for i in 0..300usize {
        let ethnicity = match i {
            0..25 => "Indian",
            25..28 => "Caribbean",
            _ => "\"White: English, Welsh, Scottish, Northern Irish or British\"",
        };
        let bonus = if i == 0 || (i >= 28 && i % 3 == 0) {
            "500.00"
        } else {
            "0.00"
        };
        let sex = if i % 2 == 0 { "F" } else { "M" };
        let directorate = ["Resources", "Place", "People", "Chief Executive's"][i % 4];
        csv.push_str(&format!(
            "E{i:05},{sex},{ethnicity},No,No religion,Straight or heterosexual,1980-01-01,{directorate},Grade {},37,{}.00,31,{bonus},No,2010-01-01\n",
            5 + i % 3,
            2500 + i
        ));
    }
    csv
}

/// No bonus figure for the 25 (or for all 28 ethnic minority staff) is published, and each says
/// why; the ethnic minority share is still shown though one group's total is hidden.
fn check_no_small_bonus_figures(report: &serde_json::Value) {
    for title in [
        "Ethnicity pay gap",
        "Ethnicity pay gap: Asian, Asian British or Asian Welsh",
    ] {
        let section = report["pay_gaps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["title"] == title)
            .unwrap_or_else(|| panic!("no {title}"));
        let m = &section["measures"];
        assert!(
            m["mean_hourly"].is_number(),
            "{title}: the hourly gap is safe"
        );
        for figure in ["mean_bonus", "median_bonus", "group_paid_bonus"] {
            assert!(m[figure].is_null(), "{title}: {figure} is {}", m[figure]);
        }
        assert!(!m["withheld"].as_array().unwrap().is_empty(), "{title}");
    }
}

#[tokio::test]
async fn one_bonus_among_twenty_five_is_never_published() {
    let extract = one_bonus_among_twenty_five();
    // The command line: as JSON and as text.
    let dir = std::env::temp_dir().join(format!("dueregard_small_bonus_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("extract.csv");
    std::fs::write(&file, &extract).unwrap();
    let run = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dueregard"))
            .args(["workforce", "analyse", &file.display().to_string()])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let json: serde_json::Value = serde_json::from_str(&run(&["--json"])).unwrap();
    check_no_small_bonus_figures(&json["report"]);
    let text = run(&[]);
    assert!(text.contains("is not shown"), "{text}");
    for leak in [
        "Asian or Asian Welsh 4.0%",
        "All ethnic minority groups 3.6%",
    ] {
        assert!(!text.contains(leak), "{leak} in {text}");
    }
    assert!(!run(&["--csv"]).to_lowercase().contains("bonus"));
    let _ = std::fs::remove_dir_all(&dir);

    // The web page, the API and the year-on-year headline.
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let lead = app.sign_in("lead@dudley.example").await;
    let reply = upload(&app, &lead, extract.as_bytes(), &MARCH_2024).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let page = app.get(reply.location(), Some(&lead)).await;
    assert!(page.body.contains("is not shown"), "the page says why");
    assert!(!page.body.contains("Asian or Asian Welsh 4.0%"));
    let snapshot = app
        .store
        .snapshots(org)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.fields.snapshot_date == jiff::civil::date(2024, 3, 31))
        .unwrap();
    let token = app.token("lead@dudley.example").await;
    let api = app
        .api(
            "GET",
            &format!("/api/v1/workforce/{}", snapshot.id),
            Some(&token),
            None,
        )
        .await;
    check_no_small_bonus_figures(&api.json()["report"]);
    let headline = snapshot.fields.headline.unwrap();
    assert_eq!(
        headline.ethnic_minority,
        Some(9.3),
        "28 of 300 answered as ethnic minority, though the 3 Caribbean staff are hidden"
    );
}
