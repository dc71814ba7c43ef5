//! The security check: the app served on a real socket, spoken to over HTTP as a browser, a
//! script and an attacker would. Headers, cookie flags, CSRF refusals on every form in the route
//! table, role refusals on every route, sign-in throttling and CSV export neutralisation, so none
//! of them can quietly regress.

use crate::demo_app;
use crate::roles::{concrete, ids};
use dueregard::web::router::{Access, routes};
use std::collections::HashMap;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn cookies(&self) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// One request on its own connection.
async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).await.unwrap();
    let text = String::from_utf8_lossy(&reply).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: body.to_string(),
    }
}

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

/// Signs in over HTTP; answers the session cookie and the session's form token.
async fn sign_in(addr: SocketAddr, email: &str) -> (String, String) {
    let token = "d".repeat(64);
    let cookie = format!("dueregard_sign_in={token}");
    let body = format!(
        "csrf_token={token}&email={}&password={}",
        email.replace('@', "%40"),
        dueregard::demo::DEMO_PASSWORD
    );
    let a = http(
        addr,
        "POST",
        "/sign-in",
        &[FORM, ("Cookie", &cookie)],
        body.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 303, "sign in as {email}: {}", a.body);
    let session = a
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("dueregard_session="))
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_string();
    let page = http(addr, "GET", "/", &[("Cookie", &session)], b"").await;
    let csrf = page
        .body
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    (session, csrf)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_served_app_holds_its_security_properties() {
    let app = demo_app().await;
    let ids = ids(&app).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app.router.clone();
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let _ = axum::serve(listener, service).await;
    });

    // Headers on a page, an API answer and an error.
    let (admin, admin_csrf) = sign_in(addr, "admin@dudley.example").await;
    let token = app.token("admin@dudley.example").await;
    let bearer = format!("Bearer {token}");
    for (what, a) in [
        (
            "page",
            http(addr, "GET", "/", &[("Cookie", &admin)], b"").await,
        ),
        (
            "API",
            http(
                addr,
                "GET",
                "/api/v1/objectives",
                &[("Authorization", &bearer)],
                b"",
            )
            .await,
        ),
        (
            "not found",
            http(addr, "GET", "/nothing-here", &[], b"").await,
        ),
    ] {
        for (name, wanted) in [
            ("content-security-policy", "default-src 'self'"),
            ("x-content-type-options", "nosniff"),
            ("x-frame-options", "DENY"),
            ("referrer-policy", "same-origin"),
            ("cache-control", "no-store"),
            (
                "strict-transport-security",
                "max-age=31536000; includeSubDomains",
            ),
        ] {
            assert!(
                a.header(name).is_some_and(|v| v.contains(wanted)),
                "{what}: {name} is {:?}",
                a.header(name)
            );
        }
    }

    // Cookie flags: every cookie the app sets is HttpOnly, Secure and SameSite.
    let page = http(addr, "GET", "/sign-in", &[], b"").await;
    let (_, _) = sign_in(addr, "lead@dudley.example").await;
    for c in page.cookies() {
        for flag in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
            assert!(c.contains(flag), "{c} lacks {flag}");
        }
    }

    // CSRF: every form in the route table refuses a post without this session's token.
    let mut refused = 0;
    let mut wrong = Vec::new();
    for r in routes() {
        if r.api.is_some() || r.method != "POST" || r.access == Access::Public {
            continue;
        }
        let path = concrete(r.path, &ids);
        let multipart = r.path == "/import"
            || r.path.starts_with("/workforce/new")
            || r.path.ends_with("/recruitment")
            || r.path.ends_with("/responses/import")
            || r.path.ends_with("/indicators/{id}/values")
            || r.path == "/incidents/counts";
        let a = if multipart {
            let body = "--b\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nforged\r\n--b--\r\n";
            http(
                addr,
                "POST",
                &path,
                &[
                    ("Content-Type", "multipart/form-data; boundary=b"),
                    ("Cookie", &admin),
                ],
                body.as_bytes(),
            )
            .await
        } else {
            http(
                addr,
                "POST",
                &path,
                &[FORM, ("Cookie", &admin)],
                b"csrf_token=forged&version=1",
            )
            .await
        };
        if a.status == 403 || (multipart && a.status == 400) {
            refused += 1;
        } else {
            wrong.push(format!("{} {path}: {}", r.method, a.status));
        }
    }
    assert!(
        wrong.is_empty(),
        "forms that took a forged post:\n{}",
        wrong.join("\n")
    );
    assert!(refused > 30, "only {refused} forms checked");
    // The sign-in form too, without its cookie's token.
    let a = http(
        addr,
        "POST",
        "/sign-in",
        &[FORM],
        b"csrf_token=x&email=a%40b.c&password=p",
    )
    .await;
    assert_eq!(a.status, 403);

    // Roles: every route refuses the anonymous and, where it needs more, a viewer.
    let (viewer, _) = sign_in(addr, "councillor@dudley.example").await;
    let viewer_token = app.token("councillor@dudley.example").await;
    let viewer_bearer = format!("Bearer {viewer_token}");
    let mut checked = 0;
    let mut let_in = Vec::new();
    for r in routes() {
        if r.access == Access::Public {
            continue;
        }
        let path = concrete(r.path, &ids);
        let (body, kind): (&[u8], (&str, &str)) = if r.api.is_some() {
            (b"{}", ("Content-Type", "application/json"))
        } else {
            (b"", FORM)
        };
        let anonymous = http(addr, r.method, &path, &[kind], body).await;
        let expected = if r.api.is_some() { 401 } else { 303 };
        if anonymous.status != expected
            || (expected == 303
                && anonymous.header("location")
                    != Some(crate::signed_out_location(r.method, &path).as_str()))
        {
            let_in.push(format!(
                "{} {path} as nobody: {}",
                r.method, anonymous.status
            ));
        }
        if !matches!(r.access, Access::Read) {
            let who = if r.api.is_some() {
                ("Authorization", viewer_bearer.as_str())
            } else {
                ("Cookie", viewer.as_str())
            };
            let a = http(addr, r.method, &path, &[kind, who], body).await;
            if a.status != 403 {
                let_in.push(format!("{} {path} as a viewer: {}", r.method, a.status));
            }
        }
        checked += 1;
    }
    assert!(let_in.is_empty(), "{}", let_in.join("\n"));
    assert!(checked > 100, "only {checked} routes checked");

    // Throttling: wrong passwords from one address are slowed, and say for how long.
    let mut statuses = HashMap::new();
    for _ in 0..8 {
        let t = "e".repeat(64);
        let body = format!("csrf_token={t}&email=lead%40dudley.example&password=wrong");
        let a = http(
            addr,
            "POST",
            "/sign-in",
            &[FORM, ("Cookie", &format!("dueregard_sign_in={t}"))],
            body.as_bytes(),
        )
        .await;
        if a.status == 429 {
            assert!(a.header("retry-after").is_some());
        }
        *statuses.entry(a.status).or_insert(0) += 1;
    }
    assert_eq!(statuses.get(&401), Some(&5), "{statuses:?}");
    assert_eq!(statuses.get(&429), Some(&3), "{statuses:?}");

    // Exports: a formula put in an HR extract comes out of the CSV as text.
    let extract = String::from_utf8({
        let mut b = Vec::new();
        dueregard_formats::workforce::synth::write_extract(
            &mut b,
            300,
            3,
            jiff::civil::date(2023, 3, 31),
            |_| {},
        )
        .unwrap();
        b
    })
    .unwrap()
    .replace(",Resources,", ",=HYPERLINK(\"\"x\"\"),")
    .replace(",Grade 5,", ",@SUM(1),");
    let boundary = "s3cb";
    let mut body = String::new();
    for (k, v) in [
        ("csrf_token", admin_csrf.as_str()),
        ("snapshot-day", "31"),
        ("snapshot-month", "3"),
        ("snapshot-year", "2023"),
    ] {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\nContent-Type: text/csv\r\n\r\n{extract}\r\n--{boundary}--\r\n"));
    let a = http(
        addr,
        "POST",
        "/workforce/new",
        &[
            (
                "Content-Type",
                &format!("multipart/form-data; boundary={boundary}"),
            ),
            ("Cookie", &admin),
        ],
        body.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 303, "{}", a.body);
    let report = a.header("location").unwrap().to_string();
    let csv = http(
        addr,
        "GET",
        &format!("{report}/tables.csv"),
        &[("Cookie", &admin)],
        b"",
    )
    .await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.body.contains("'@SUM(1)"),
        "the formula reached the export, neutralised"
    );
    for line in csv.body.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '@']), "{line}");
        }
    }
}
