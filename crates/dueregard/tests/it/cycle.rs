//! The cycle's pages: a password link by mail that tells nobody who has an account, a link
//! followed while signed out that comes back after signing in, a plan's monitoring summary,
//! people's mail choices and the administrators' jobs page.

use crate::{between, demo_app, demo_app_with};
use axum::http::StatusCode;
use dueregard_core::mail::{MailKind, MailState};

const URL: &str = "https://equality.dudley.example";

#[tokio::test]
async fn a_forgotten_password_goes_by_mail_and_tells_no_one_who_has_an_account() {
    let app = demo_app_with(|s| s.with_public_url(Some(URL.into()))).await;
    let form = app.get("/forgot-password", None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("name=\"email\""));
    let nobody = app
        .post(
            "/forgot-password",
            None,
            &[("email", "nobody@dudley.example")],
        )
        .await;
    let somebody = app
        .post(
            "/forgot-password",
            None,
            &[("email", "Officer@Dudley.example ")],
        )
        .await;
    assert_eq!(nobody.status, StatusCode::OK);
    assert_eq!(
        nobody.body, somebody.body,
        "the answer says nothing of who has an account"
    );
    assert!(somebody.body.contains("Check your email"));
    let outbox = app.store.outbox(None, 10).await.unwrap();
    assert_eq!(outbox.len(), 1);
    let mail = &outbox[0];
    assert_eq!(
        (mail.to.as_str(), mail.kind, mail.state),
        (
            "officer@dudley.example",
            MailKind::PasswordReset,
            MailState::Queued
        )
    );
    let link = between(&mail.text, &format!("{URL}/set-password/"), "\n").unwrap();
    assert!(
        mail.html
            .contains(&format!("href=\"{URL}/set-password/{link}\""))
    );
    // The link works, once mail has it; only its hash is kept.
    let page = app.get(&format!("/set-password/{link}"), None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    // The mail job is woken to send it at once.
    let jobs = app.store.jobs().await.unwrap();
    assert!(
        jobs.iter()
            .any(|j| j.name == "mail" && j.due_at <= dueregard::app::secrets::now_seconds())
    );
    let wrong = app
        .post("/forgot-password", None, &[("email", "not an address")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .body
            .contains("Enter an email address in the correct format")
    );

    // Without mail, the page says who to ask, and nothing is queued.
    let plain = demo_app().await;
    let page = plain.get("/forgot-password", None).await;
    assert!(page.body.contains("Ask an administrator"));
    plain
        .post(
            "/forgot-password",
            None,
            &[("email", "officer@dudley.example")],
        )
        .await;
    assert!(plain.store.outbox(None, 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_link_followed_while_signed_out_comes_back_after_sign_in() {
    let app = demo_app().await;
    let away = app.get("/plans?x=1", None).await;
    assert_eq!(away.status, StatusCode::SEE_OTHER);
    assert_eq!(away.location(), "/sign-in?next=%2Fplans%3Fx%3D1");
    let page = app.get("/sign-in?next=%2Fplans%3Fx%3D1", None).await;
    assert!(page.body.contains("name=\"next\" value=\"/plans?x=1\""));
    // Another site is never a place to come back to.
    for evil in [
        "//evil.example/x",
        "https://evil.example",
        "/\\evil.example",
    ] {
        let q: String = form_urlencoded::byte_serialize(evil.as_bytes()).collect();
        let page = app.get(&format!("/sign-in?next={q}"), None).await;
        assert!(!page.body.contains("name=\"next\""), "{evil}");
    }
    let pre = crate::cookie_value(&page, "dueregard_sign_in").unwrap();
    let token = between(&page.body, "name=\"csrf_token\" value=\"", "\"").unwrap();
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("csrf_token", token.as_str()),
            ("email", "officer@dudley.example"),
            ("password", dueregard::demo::DEMO_PASSWORD),
            ("next", "/plans?x=1"),
        ])
        .finish();
    let reply = app
        .send(
            axum::http::Request::post("/sign-in")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", format!("dueregard_sign_in={pre}"))
                .body(axum::body::Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(
        (reply.status, reply.location()),
        (StatusCode::SEE_OTHER, "/plans?x=1")
    );
}

#[tokio::test]
async fn a_plans_monitoring_summary_shows_each_period() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let plan = app.store.plans(org).await.unwrap()[0].id;
    let lead = app.sign_in("lead@dudley.example").await;
    let page = app
        .get(&format!("/plans/{plan}/monitoring?period=1"), Some(&lead))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for words in [
        "Monitoring periods",
        "Period 1: April 2013 to September 2013, updates due 30 September 2013",
        &format!("href=\"/plans/{plan}/monitoring?period=2\""),
        "Who has updated",
        "Updates by lead officer",
        "Off track or at risk",
        "What has slipped",
    ] {
        assert!(page.body.contains(words), "missing {words}");
    }
    let file = app
        .get(
            &format!("/plans/{plan}/monitoring/xlsx?period=2"),
            Some(&lead),
        )
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(
        file.headers["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    let none = app
        .get(&format!("/plans/{plan}/monitoring?period=9"), Some(&lead))
        .await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn people_choose_their_optional_mail_and_administrators_see_the_jobs() {
    let app = demo_app().await;
    let officer = app.sign_in("officer@dudley.example").await;
    let page = app.get("/account/mail", Some(&officer)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("value=\"reminder\" checked"),
        "{}",
        page.body
    );
    let saved = app
        .post(
            "/account/mail",
            Some(&officer),
            &[("wanted", "meeting_reminder")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let (user, _) = app
        .store
        .user_credentials("officer@dudley.example")
        .await
        .unwrap()
        .unwrap();
    let settings = app.store.mail_settings(user.id, "unused").await.unwrap();
    assert_eq!(settings.turned_off, [MailKind::Reminder]);
    let forged = app
        .post("/account/mail", Some(&officer), &[("csrf_token", "forged")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    let admin = app.sign_in("admin@dudley.example").await;
    let jobs = app.get("/admin/jobs", Some(&admin)).await;
    assert_eq!(jobs.status, StatusCode::OK);
    assert!(jobs.body.contains("Mail is not set up"));
    assert_eq!(
        app.get("/admin/jobs", Some(&officer)).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn meetings_make_the_forward_plan_and_receive_the_monitoring_summary() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let plan = app.store.plans(org).await.unwrap()[0].id;
    let cabinet = app
        .store
        .committees(org)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.fields.name == "Cabinet")
        .unwrap()
        .id;
    let lead = app.sign_in("lead@dudley.example").await;
    let bad = app
        .post(
            "/meetings/new",
            Some(&lead),
            &[("committee_id", ""), ("date", "2013-02-30")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Select the committee that meets"));
    assert!(bad.body.contains("must be a real date"));
    let soon = dueregard::app::today()
        .checked_add(jiff::Span::new().days(30))
        .unwrap();
    for (date, notes) in [
        ("2013-10-10", "Council House, 6pm"),
        (&soon.to_string()[..], ""),
    ] {
        let made = app
            .post(
                "/meetings/new",
                Some(&lead),
                &[
                    ("committee_id", &cabinet.to_string()[..]),
                    ("date", date),
                    ("notes", notes),
                    ("plan_ids", &plan.to_string()[..]),
                ],
            )
            .await;
        assert_eq!(
            (made.status, made.location()),
            (StatusCode::SEE_OTHER, "/meetings")
        );
    }
    let page = app.get("/meetings", Some(&lead)).await;
    let coming = between(&page.body, "The forward plan", "Meetings held").unwrap();
    assert!(coming.contains(&dueregard_core::period::long_date(soon)));
    let held = page.body.split("Meetings held").last().unwrap();
    assert!(
        held.contains("10 October 2013") && held.contains("Council House, 6pm"),
        "{held}"
    );
    assert!(held.contains(&format!("href=\"/plans/{plan}/monitoring\"")));
    // Period 1's summary is for the first meeting after its updates were due.
    let summary = app
        .get(&format!("/plans/{plan}/monitoring?period=1"), Some(&lead))
        .await;
    assert!(
        summary.body.contains("For Cabinet, 10 October 2013."),
        "{}",
        summary.body
    );
    // A committee with meetings cannot be deleted from under them.
    let gone = app
        .post(
            &format!("/records/committees/{cabinet}/delete"),
            Some(&lead),
            &[],
        )
        .await;
    assert_ne!(gone.status, StatusCode::SEE_OTHER);
    let viewer = app.sign_in("councillor@dudley.example").await;
    assert_eq!(
        app.get("/meetings", Some(&viewer)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/meetings/new", Some(&viewer)).await.status,
        StatusCode::FORBIDDEN
    );
}
