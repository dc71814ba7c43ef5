//! Calendar feeds at secret addresses, read by an independent parser (Python's icalendar);
//! revoking a feed stops it; the cultural and civic dates calendar, public and edited; a
//! meeting on a major festival is flagged.

use crate::{between, demo_app};
use axum::http::StatusCode;
use serde_json::Value;
use std::path::Path;

/// Parses each calendar with Python's icalendar and returns what it read.
fn parse(calendars: &[(&str, &str)]) -> Value {
    // A folder of its own for each call: the tests run side by side, and one removing a shared
    // folder would take another's files.
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("dueregard_ical_{}_{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for (name, body) in calendars {
        let path = dir.join(format!("{name}.ics"));
        std::fs::write(&path, body).unwrap();
        files.push(path);
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/read_ical.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .args(&files)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "icalendar refused a feed (pip install icalendar): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut by_name = serde_json::Map::new();
    for ((name, _), path) in calendars.iter().zip(&files) {
        by_name.insert(name.to_string(), read[path.to_str().unwrap()].clone());
    }
    let _ = std::fs::remove_dir_all(&dir);
    Value::Object(by_name)
}

fn has(feed: &Value, summary: &str, start: &str) -> bool {
    feed["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["summary"].as_str().unwrap().contains(summary) && e["start"] == start)
}

#[tokio::test]
async fn every_feed_parses_in_an_independent_parser_and_can_be_revoked() {
    let app = demo_app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let org = app.org("dudley").await;
    let mut feeds = Vec::new();
    let mut addresses = Vec::new();
    for kind in [
        "deadlines",
        "my_updates",
        "reviews",
        "meetings",
        "civic_dates",
    ] {
        let page = app
            .post("/account/calendars", Some(&lead), &[("kind", kind)])
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let url = between(
            &page.body,
            "<code class=\"dr-link\" id=\"feed-url\">",
            "</code>",
        )
        .unwrap();
        assert!(
            url.starts_with("https://") && url.contains("/calendars/") && url.ends_with(".ics"),
            "{url}"
        );
        let path = format!("/calendars/{}", url.split("/calendars/").nth(1).unwrap());
        // Anyone with the address reads it, without signing in.
        let feed = app.get(&path, None).await;
        assert_eq!(feed.status, StatusCode::OK, "{kind}");
        assert!(
            feed.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/calendar")
        );
        feeds.push((kind, feed.body));
        addresses.push(path);
    }
    let named: Vec<(&str, &str)> = feeds.iter().map(|(k, b)| (*k, b.as_str())).collect();
    let read = parse(&named);
    for (kind, _) in &named {
        assert_eq!(read[kind]["version"], "2.0");
        assert!(
            read[kind]["name"]
                .as_str()
                .unwrap()
                .starts_with("Dudley Metropolitan Borough Council: ")
        );
    }
    // Deadlines: the English specific duties, each on its next date.
    let deadlines = read["deadlines"]["events"].as_array().unwrap();
    assert!(
        deadlines
            .iter()
            .all(|e| e["summary"].as_str().unwrap().starts_with("Deadline: "))
    );
    assert!(deadlines.len() >= 2, "{deadlines:?}");
    // The equality lead leads an action in this year's plan: its period's due date is there.
    let year = dueregard_core::period::FinancialYear::containing(dueregard::app::today()).period();
    let periods = dueregard_core::monitoring::periods(year, 6);
    for p in &periods {
        assert!(
            has(
                &read["my_updates"],
                "Progress updates due: Chief Executive's Directorate",
                &p.due().to_string()
            ),
            "{:?}",
            read["my_updates"]
        );
    }
    assert!(!read["reviews"]["events"].as_array().unwrap().is_empty());
    // The demo's scrutiny meeting, a fortnight after this period's updates are due.
    let period = dueregard_core::monitoring::current(year, 6, dueregard::app::today()).unwrap();
    let meeting = period
        .due()
        .checked_add(jiff::Span::new().days(14))
        .unwrap();
    assert!(has(
        &read["meetings"],
        "Scrutiny Committee",
        &meeting.to_string()
    ));
    // Festivals in the civic calendar, against the published dates for 2026 and 2027.
    let this_year = dueregard::app::today().year();
    for (what, day) in [
        ("Diwali", "2026-11-08"),
        ("Diwali", "2027-10-29"),
        ("Easter Sunday", "2027-03-28"),
        ("Rosh Hashanah", "2027-10-02"),
        ("Hanukkah (first day)", "2026-12-05"),
        ("Remembrance Sunday", "2027-11-14"),
    ] {
        let y: i16 = day[..4].parse().unwrap();
        if (this_year - 1..=this_year + 2).contains(&y) {
            assert!(has(&read["civic_dates"], what, day), "{what} {day}");
        }
    }
    // A month-long date runs to its last day (DTEND is the day after).
    let black_history = read["civic_dates"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["summary"] == "Black History Month")
        .unwrap()
        .clone();
    assert!(black_history["start"].as_str().unwrap().ends_with("-10-01"));
    assert!(black_history["end"].as_str().unwrap().ends_with("-11-01"));

    // Revoked: the address stops working; the other feeds go on.
    let page = app.get("/account/calendars", Some(&lead)).await;
    let id = between(&page.body, "action=\"/account/calendars/", "/revoke\"").unwrap();
    let revoked = app
        .post(&format!("/account/calendars/{id}/revoke"), Some(&lead), &[])
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    let mut not_found = 0;
    for a in &addresses {
        if app.get(a, None).await.status == StatusCode::NOT_FOUND {
            not_found += 1;
        }
    }
    assert_eq!(not_found, 1);
    assert_eq!(
        app.get("/calendars/not-a-token.ics", None).await.status,
        StatusCode::NOT_FOUND
    );
    // Another person cannot revoke it.
    let officer = app.sign_in("officer@dudley.example").await;
    let other = app
        .post(
            &format!(
                "/account/calendars/{}/revoke",
                id.parse::<i64>().unwrap() - 1
            ),
            Some(&officer),
            &[],
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let audit = app.store.audit_log(org, 50).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.entity == "calendar feed" && e.change == "revoke")
    );
}

#[tokio::test]
async fn the_civic_calendar_is_public_edited_and_warns_of_clashes() {
    let app = demo_app().await;
    let page = app.get("/public/dudley/dates", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Cultural and civic dates"));
    assert!(page.body.contains("Christmas Day"));
    let feed = app.get("/public/dudley/dates.ics", None).await;
    let read = parse(&[("public", feed.body.as_str())]);
    assert!(read["public"]["events"].as_array().unwrap().len() > 40);

    let lead = app.sign_in("lead@dudley.example").await;
    let bad = app
        .post(
            "/civic-dates/new",
            Some(&lead),
            &[
                ("name", ""),
                ("kind", "religious"),
                ("rule", "fixed"),
                ("day", "32"),
                ("month", "1"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Enter the name of the date"));
    assert!(bad.body.contains("Enter a number from 1 to 31"));
    let made = app
        .post(
            "/civic-dates/new",
            Some(&lead),
            &[
                ("name", "Dudley Mela"),
                ("kind", "civic"),
                ("major", "yes"),
                ("rule", "dates"),
                ("dates", "2027-07-10\n2026-07-11"),
            ],
        )
        .await;
    assert_eq!(
        (made.status, made.location()),
        (StatusCode::SEE_OTHER, "/civic-dates")
    );
    let list = app.get("/civic-dates", Some(&lead)).await;
    assert!(list.body.contains("Dudley Mela"));
    // A date worked out each year keeps its rule when its name is changed.
    let org = app.org("dudley").await;
    let easter = app
        .store
        .civic_dates(org)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.fields.name == "Easter Sunday")
        .unwrap();
    let form = app
        .get(&format!("/civic-dates/{}/edit", easter.id), Some(&lead))
        .await;
    assert!(
        form.body
            .contains("Worked out each year: Easter Sunday. This cannot be changed here.")
    );
    assert!(!form.body.contains("name=\"rule\""));
    let saved = app
        .post(
            &format!("/civic-dates/{}/edit", easter.id),
            Some(&lead),
            &[
                ("version", "1"),
                ("name", "Easter Day"),
                ("kind", "religious"),
                ("major", "yes"),
                ("rule", "fixed"),
                ("day", "1"),
                ("month", "1"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let now = app.store.civic_date(org, easter.id).await.unwrap();
    assert_eq!(now.fields.name, "Easter Day");
    assert_eq!(
        now.fields.rule,
        dueregard_core::civic::DateRule::Computed(dueregard_core::civic::Festival::Easter)
    );

    // A meeting on Diwali 2027 is flagged on the forward plan.
    let cabinet = app
        .store
        .committees(org)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.fields.name == "Cabinet")
        .unwrap()
        .id;
    app.post(
        "/meetings/new",
        Some(&lead),
        &[
            ("committee_id", &cabinet.to_string()[..]),
            ("date", "2027-10-29"),
        ],
    )
    .await;
    let plan = app.get("/meetings", Some(&lead)).await;
    assert!(
        plan.body.contains("Diwali falls on 29 October 2027"),
        "{}",
        plan.body
    );
}
