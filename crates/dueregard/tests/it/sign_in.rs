//! Sign-in throttling: every attempt counts, even thirty at once, and an attack from other
//! addresses cannot lock the owner of an account out.

use crate::demo_app;
use axum::body::Body;
use axum::http::{HeaderName, Request, StatusCode, header};
use dueregard::web::{AppState, router};
use tower::ServiceExt;

/// The app as it runs behind a proxy that puts the client's address in X-Forwarded-For.
fn behind_proxy(app: &crate::TestApp) -> axum::Router {
    router::app(
        AppState::new(
            app.store.clone(),
            true,
            dueregard::app::keys::KeyFile::new(app.path.with_extension("proxy.keys")),
        )
        .with_client_address_header(HeaderName::from_static("x-forwarded-for")),
    )
}

async fn attempt(router: &axum::Router, email: &str, password: &str, from: &str) -> StatusCode {
    let token = "b".repeat(64);
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("csrf_token", token.as_str()),
            ("email", email),
            ("password", password),
        ])
        .finish();
    let req = Request::post("/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("dueregard_sign_in={token}"))
        .header("x-forwarded-for", format!("203.0.113.250, {from}"))
        .body(Body::from(body))
        .unwrap();
    router.clone().oneshot(req).await.unwrap().status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_wrong_passwords_at_once_are_not_all_checked() {
    let app = demo_app().await;
    let router = behind_proxy(&app);
    let email = "lead@dudley.example";
    let mut tasks = Vec::new();
    for n in 0..31 {
        let router = router.clone();
        // One of them is the right password, inside the burst.
        let password = if n == 15 {
            dueregard::demo::DEMO_PASSWORD.to_string()
        } else {
            format!("wrong-{n}")
        };
        tasks.push(tokio::spawn(async move {
            attempt(&router, email, &password, "198.51.100.7").await
        }));
    }
    let mut checked = 0;
    let mut refused = 0;
    let mut owner_in = false;
    for t in tasks {
        match t.await.unwrap() {
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::SEE_OTHER => {
                checked += 1;
                owner_in = true;
            }
            other => panic!("unexpected {other}"),
        }
    }
    // Five free attempts; the right password, if it got one of them, clears
    // the count for that address and account (the owner has proved who they
    // are), so at most five more wrong ones are checked after it.
    let ceiling = if owner_in { 11 } else { 5 };
    assert!(
        checked <= ceiling,
        "{checked} passwords were checked (owner signed in: {owner_in})"
    );
    eprintln!("31 attempts at once: {checked} passwords checked, {refused} refused unchecked");
    assert_eq!(checked + refused, 31);
    // The next attempt from there waits, and says how long, unless the owner got in.
    let router2 = router.clone();
    let token = "b".repeat(64);
    let body = format!("csrf_token={token}&email=lead%40dudley.example&password=x");
    let reply = router2
        .oneshot(
            Request::post("/sign-in")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, format!("dueregard_sign_in={token}"))
                .header("x-forwarded-for", "198.51.100.7")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
        .unwrap();
    if owner_in {
        // The owner's sign-in cleared the count, so the next attempt may be checked.
        assert!(
            [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(&reply.status())
        );
    } else {
        assert_eq!(reply.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(reply.headers().contains_key(header::RETRY_AFTER));
    }
}

#[tokio::test]
async fn an_attack_from_elsewhere_does_not_lock_the_owner_out() {
    let app = demo_app().await;
    let router = behind_proxy(&app);
    let email = "lead@dudley.example";
    // Forty addresses try six wrong passwords each: 240 failures at one account.
    for a in 0..40 {
        let from = format!("192.0.2.{a}");
        for n in 0..6 {
            attempt(&router, email, &format!("guess-{n}"), &from).await;
        }
    }
    assert_eq!(
        attempt(&router, email, "guess-again", "192.0.2.3").await,
        StatusCode::TOO_MANY_REQUESTS,
        "the attackers are held back"
    );
    // The owner, from their own address, signs in at once.
    assert_eq!(
        attempt(
            &router,
            email,
            dueregard::demo::DEMO_PASSWORD,
            "203.0.113.9"
        )
        .await,
        StatusCode::SEE_OTHER
    );
    // One address trying many accounts meets its ceiling.
    let mut last = StatusCode::OK;
    for n in 0..120 {
        last = attempt(
            &router,
            &format!("nobody{n}@example.gov.uk"),
            "x",
            "198.51.100.99",
        )
        .await;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}
