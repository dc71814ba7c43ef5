//! Consultations over HTTP: set one up, publish it, respond as the public and as an officer
//! keying in paper, see who has been heard, and resist floods, robots and replays without
//! losing a genuine response.

use super::*;

/// The demo with the client's address read from X-Forwarded-For, as behind a proxy.
pub(crate) async fn app() -> TestApp {
    demo_app_with(|mut s| {
        s.client_address_header = Some(axum::http::HeaderName::from_static("x-forwarded-for"));
        s
    })
    .await
}

pub(crate) fn day(offset: i64) -> String {
    dueregard::app::today()
        .checked_add(jiff::Span::new().days(offset))
        .unwrap()
        .to_string()
}

/// Sets up a consultation open today with seed 000's questions and one of our own, published.
pub(crate) async fn open_consultation(
    app: &TestApp,
    lead: &Browser,
    monitoring: bool,
) -> (i64, String) {
    let (opens, closes) = (day(0), day(84));
    let split = |d: &str| -> (String, String, String) {
        let p: Vec<&str> = d.split('-').collect();
        (p[2].into(), p[1].into(), p[0].into())
    };
    let (od, om, oy) = split(&opens);
    let (cd, cm, cy) = split(&closes);
    let made = app
        .post(
            "/consultations/new",
            Some(lead),
            &[
                ("title", "Equality priorities 2027 to 2031"),
                ("purpose", "We propose four equality priorities."),
                (
                    "documents",
                    "Draft strategy | https://example.gov.uk/strategy.pdf",
                ),
                ("opens-day", &od),
                ("opens-month", &om),
                ("opens-year", &oy),
                ("closes-day", &cd),
                ("closes-month", &cm),
                ("closes-year", &cy),
                ("consultees", "Community Engagement Network\nThe public"),
                ("area_code", "Dudley"),
                ("ask_monitoring", if monitoring { "yes" } else { "no" }),
                ("keep_personal_days", "30"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let page = made.location().to_string();
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let version = |body: &str| between(body, "name=\"version\" value=\"", "\"").unwrap();
    let shown = app.get(&page, Some(lead)).await;
    let r = app
        .post(
            &format!("/consultations/{id}/questions/template"),
            Some(lead),
            &[("version", &version(&shown.body)), ("template", "seed")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .post(
            &format!("/consultations/{id}/questions/new"),
            Some(lead),
            &[
                ("kind", "radios"),
                ("text", "Do you live or work in the borough?"),
                ("options", "Live\nWork\nBoth\nNeither"),
                ("required", "yes"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let shown = app.get(&page, Some(lead)).await;
    assert!(shown.body.contains("Do you live or work in the borough?"));
    let r = app
        .post(
            &format!("/consultations/{id}/publish"),
            Some(lead),
            &[("version", &version(&shown.body)), ("publish", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    (id, format!("/public/dudley/consultations/{id}"))
}

/// Posts the public form from an address.
pub(crate) async fn respond(
    app: &TestApp,
    path: &str,
    address: &str,
    fields: &[(&str, &str)],
) -> Reply {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-for", address)
        .body(Body::from(body))
        .unwrap();
    app.send(req).await
}

pub(crate) fn form_key(body: &str) -> String {
    between(body, "name=\"submission_key\" value=\"", "\"").unwrap()
}

#[tokio::test]
async fn a_consultation_is_set_up_answered_and_keyed_in() {
    let app = app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    // Less than 12 weeks without a reason is refused, naming the field.
    let short = app
        .post(
            "/consultations/new",
            Some(&lead),
            &[
                ("title", "Short"),
                ("purpose", "A short one"),
                ("opens-day", "4"),
                ("opens-month", "1"),
                ("opens-year", "2027"),
                ("closes-day", "1"),
                ("closes-month", "2"),
                ("closes-year", "2027"),
            ],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short
            .body
            .contains("Say why it runs for less than 12 weeks (it runs for 28 days)")
    );

    let (id, path) = open_consultation(&app, &lead, true).await;
    // Anyone reads it and answers without signing in.
    let form = app.get(&path, None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("How we use your information"));
    assert!(form.body.contains("What is your ethnic group? (optional)"));
    let key = form_key(&form.body);
    let answers = [
        ("submission_key", key.as_str()),
        ("answer_q1", "<script>alert('x')</script> Good priorities"),
        ("answer_q4", "Agree"),
        ("answer_q6", "Live"),
        ("email", "resident@example.org"),
        ("monitoring_disability", "0"),
    ];
    let sent = respond(&app, &path, "203.0.113.5", &answers).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let receipt = app.get(sent.location(), None).await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert!(receipt.body.contains("Your response has been sent"));
    assert!(
        receipt.body.contains("&lt;script&gt;"),
        "script is shown as words"
    );
    assert!(!receipt.body.contains("<script>alert"));
    // The same form sent again (a double click, a replay) is the same response.
    let again = respond(&app, &path, "203.0.113.5", &answers).await;
    assert_eq!(again.location(), sent.location());
    let org = app.org("dudley").await;
    assert_eq!(app.store.responses(org, id).await.unwrap().len(), 1);
    // A bad answer is refused whole, naming the question; nothing is kept.
    let bad = respond(
        &app,
        &path,
        "203.0.113.6",
        &[
            ("answer_q6", "Elsewhere"),
            ("answer_q1", &"x".repeat(10_001)),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body
            .contains("Select an answer to question 6 from the list")
    );
    assert!(bad.body.contains("must be 10000 characters or fewer"));
    assert_eq!(app.store.responses(org, id).await.unwrap().len(), 1);

    // An officer keys in a paper response; it is marked as such.
    let keyed = app
        .get(&format!("/consultations/{id}/responses/new"), Some(&lead))
        .await;
    let key = form_key(&keyed.body);
    let r = app
        .post(
            &format!("/consultations/{id}/responses/new"),
            Some(&lead),
            &[
                ("submission_key", &key),
                ("channel", "paper"),
                ("answer_q2", "Transport for disabled people"),
                ("answer_q6", "Both"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = app
        .get(&format!("/consultations/{id}/responses"), Some(&lead))
        .await;
    assert!(list.body.contains("Paper form, keyed in by an officer"));
    assert!(list.body.contains("keyed in by"));
    // Contact details are not on the officers' list.
    assert!(!list.body.contains("resident@example.org"));
    let page = app.get(&format!("/consultations/{id}"), Some(&lead)).await;
    assert!(page.body.contains("2 counted"), "{}", page.body);
    // A viewer reads the consultation but not the responses.
    let viewer = app.sign_in("councillor@dudley.example").await;
    assert_eq!(
        app.get(&format!("/consultations/{id}"), Some(&viewer))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("/consultations/{id}/responses"), Some(&viewer))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

/// The reach table for one characteristic, as the page shows it.
fn table<'a>(body: &'a str, caption: &str) -> &'a str {
    let start = body
        .find(&format!("govuk-table__caption--s\">{caption}</caption>"))
        .unwrap_or_else(|| panic!("no {caption} table"));
    let end = body[start..].find("</table>").unwrap() + start;
    &body[start..end]
}

#[tokio::test]
async fn reach_flags_the_under_heard_and_shows_no_small_number() {
    let app = app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let (id, path) = open_consultation(&app, &lead, true).await;
    // 40 respondents: 4 men and 36 women; 12 disabled and 28 not.
    for n in 0..40 {
        let form = app.get(&path, None).await;
        let key = form_key(&form.body);
        let sex = if n < 4 { "1" } else { "0" };
        let disabled = if n < 12 { "0" } else { "1" };
        let r = respond(
            &app,
            &path,
            &format!("198.51.100.{n}"),
            &[
                ("submission_key", &key),
                ("answer_q6", "Live"),
                ("answer_q1", &format!("Response {n}")),
                ("monitoring_sex", sex),
                ("monitoring_disability", disabled),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let page = app.get(&format!("/consultations/{id}"), Some(&lead)).await;
    let sex = table(&page.body, "Sex");
    // 4 is hidden, and so is 36, which would give it back from the 40 published.
    assert!(!sex.contains(">4<") && !sex.contains(">36<"), "{sex}");
    assert!(sex.contains("[c]"));
    // Men: under-heard, flagged without a figure.
    assert!(sex.contains("Under-heard"), "{sex}");
    let dis = table(&page.body, "Disability");
    // 12 of 40 is 30.0%; its Wilson interval is 18.1% to 45.4%.
    assert!(dis.contains(">12<") && dis.contains("30.0%"), "{dis}");
    assert!(dis.contains("18.1% to 45.4%"), "{dis}");
    // Under-heard groups are named while there is time.
    assert!(
        page.body.contains("Under-heard so far: Male (sex)"),
        "{}",
        page.body
    );
    // Answers by group: the 4 men who all said "Live" are hidden, and so is what gives them away.
    let by_group = &page.body
        [page.body.find("id=\"by-group\"").unwrap()..page.body.find("id=\"reach\"").unwrap()];
    assert!(by_group.contains("Do you live or work in the borough? by sex"));
    for small in 1..=9 {
        assert!(
            !by_group.contains(&format!("numeric\">{small}<")),
            "a count of {small} is shown"
        );
    }
    assert!(
        !by_group.contains("numeric\">36<"),
        "36 of 40 would give the 4 away"
    );
    // No count of 1 to 9 anywhere in the reach section.
    let reach = &page.body[page.body.find("id=\"reach\"").unwrap()..];
    for small in 1..=9 {
        assert!(
            !reach.contains(&format!("numeric\">{small}<")),
            "a count of {small} is shown"
        );
    }
}

#[tokio::test]
async fn floods_robots_and_repeats_are_held_back_and_no_genuine_response_is_lost() {
    let app = app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let (id, path) = open_consultation(&app, &lead, false).await;
    let org = app.org("dudley").await;
    // One address floods 30 different responses while 25 people respond from their own, all
    // at once.
    let mut all = tokio::task::JoinSet::new();
    for n in 0..55 {
        let router = app.router.clone();
        let path = path.clone();
        let (address, text) = if n % 2 == 0 {
            ("192.0.2.66".to_string(), format!("flood {n}"))
        } else {
            (format!("192.0.2.{}", n + 1), format!("genuine {n}"))
        };
        all.spawn(async move {
            let body = form_urlencoded::Serializer::new(String::new())
                .extend_pairs([("answer_q6", "Live"), ("answer_q1", text.as_str())])
                .finish();
            let req = Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header("x-forwarded-for", address)
                .body(Body::from(body))
                .unwrap();
            let res = router.oneshot(req).await.unwrap();
            let status = res.status();
            let headers = res.headers().clone();
            let body =
                String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes())
                    .to_string();
            (
                text,
                Reply {
                    status,
                    headers,
                    body,
                },
            )
        });
    }
    let mut flooded = Vec::new();
    let mut heard = Vec::new();
    while let Some(done) = all.join_next().await {
        let (text, reply) = done.unwrap();
        if text.starts_with("flood") {
            flooded.push(reply);
        } else {
            heard.push(reply);
        }
    }
    assert_eq!((flooded.len(), heard.len()), (28, 27));
    assert!(heard.iter().all(|r| r.status == StatusCode::SEE_OTHER));
    let refused: Vec<&Reply> = flooded
        .iter()
        .filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert_eq!(refused.len(), 8, "20 an hour from one connection");
    // The refused are shown their answers again, to send later.
    assert!(refused[0].body.contains("flood "));
    assert_eq!(refused[0].headers["retry-after"], "3600");
    let kept = app.store.responses(org, id).await.unwrap();
    assert_eq!(kept.len(), 47);
    let genuine_kept = kept
        .iter()
        .filter(|r| r.answers["q1"][0].starts_with("genuine"))
        .count();
    assert_eq!(genuine_kept, 27, "every genuine response is kept");

    // A robot fills the hidden field; the same answers again from one address: both kept,
    // held back from the counts.
    let robot = respond(
        &app,
        &path,
        "192.0.2.200",
        &[("answer_q6", "Live"), ("website", "http://spam.example")],
    )
    .await;
    assert_eq!(robot.status, StatusCode::SEE_OTHER);
    for _ in 0..2 {
        let r = respond(&app, &path, "192.0.2.201", &[("answer_q6", "Neither")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let kept = app.store.responses(org, id).await.unwrap();
    assert_eq!(kept.len(), 50);
    let held: Vec<&str> = kept.iter().filter_map(|r| r.held.as_deref()).collect();
    assert_eq!(held.len(), 2, "{held:?}");
    assert!(held.iter().any(|h| h.contains("robots")));
    assert!(held.iter().any(|h| h.contains("same answers")));
    let page = app.get(&format!("/consultations/{id}"), Some(&lead)).await;
    assert!(
        page.body.contains("48 counted, 2 held back"),
        "{}",
        page.body
    );
    // A draft or closed consultation takes nothing.
    let draft = app
        .store
        .create_consultation(
            &Actor::command_line(),
            org,
            app.store
                .consultation(org, id)
                .await
                .unwrap()
                .fields
                .clone()
                .tap_unpublished(),
        )
        .await
        .unwrap();
    let r = respond(
        &app,
        &format!("/public/dudley/consultations/{}", draft.id),
        "192.0.2.9",
        &[("answer_q6", "Live")],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

trait Unpublished {
    fn tap_unpublished(self) -> Self;
}

impl Unpublished for dueregard_core::consultation::ConsultationFields {
    fn tap_unpublished(mut self) -> Self {
        self.published = false;
        self
    }
}

/// The benchmark behind `benches/consultation.sh`: a burst of public responses from many
/// addresses, over real HTTP on loopback, on each backend; responses stored a second, and
/// whether any acknowledged one was lost. `BURST` sets how many (default 2,000).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run by benches/consultation.sh"]
async fn response_burst() {
    use crate::concurrency::{postgres, serve, sqlite};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let burst: usize = std::env::var("BURST")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000);
    let workers = 32;
    println!("| backend | responses | senders at once | stored/s | refused | lost |");
    println!("|---|---:|---:|---:|---:|---:|");
    for make in [0, 1] {
        let backend = if make == 0 {
            sqlite().await
        } else {
            postgres().await
        };
        let (addr, _) = serve(&backend).await;
        let store = backend.store.clone();
        let org = store
            .organisation_by_slug("dudley")
            .await
            .unwrap()
            .unwrap()
            .id;
        let mut fields = dueregard_core::consultation::ConsultationFields::validate(
            &dueregard_core::consultation::ConsultationForm {
                title: "Burst".into(),
                purpose: "A benchmark".into(),
                opens: day(-1),
                closes: day(90),
                ..Default::default()
            },
            None,
        )
        .unwrap();
        fields.questions = dueregard_core::consultation::seed_questions();
        fields.published = true;
        fields.ask_monitoring = true;
        let c = store
            .create_consultation(&Actor::command_line(), org, fields)
            .await
            .unwrap();
        let path = format!("/public/dudley/consultations/{}", c.id);
        let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let started = std::time::Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..workers {
            let next = next.clone();
            let path = path.clone();
            tasks.spawn(async move {
                let (mut ok, mut refused) = (0u64, 0u64);
                loop {
                    let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if n >= burst {
                        break;
                    }
                    let body = form_urlencoded::Serializer::new(String::new())
                        .extend_pairs([
                            ("answer_q1", format!("Response {n}: more buses after 6pm")),
                            ("answer_q4", "Agree".into()),
                            ("monitoring_sex", (n % 2).to_string()),
                            ("monitoring_disability", (n % 5 / 4).to_string()),
                        ])
                        .finish();
                    let head = format!(
                        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nX-Forwarded-For: 10.{}.{}.{}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        n / 65536 % 256,
                        n / 256 % 256,
                        n % 256,
                        body.len()
                    );
                    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
                    stream.write_all(head.as_bytes()).await.unwrap();
                    stream.write_all(body.as_bytes()).await.unwrap();
                    let mut reply = Vec::new();
                    stream.read_to_end(&mut reply).await.unwrap();
                    if reply.starts_with(b"HTTP/1.1 303") {
                        ok += 1;
                    } else {
                        refused += 1;
                    }
                }
                (ok, refused)
            });
        }
        let (mut ok, mut refused) = (0, 0);
        while let Some(done) = tasks.join_next().await {
            let (a, b) = done.unwrap();
            ok += a;
            refused += b;
        }
        let seconds = started.elapsed().as_secs_f64();
        let stored = store.responses(org, c.id).await.unwrap().len() as u64;
        println!(
            "| {} | {burst} | {workers} | {:.0} | {refused} | {} |",
            backend.name,
            stored as f64 / seconds,
            ok as i64 - stored as i64
        );
        assert_eq!(stored, ok, "every acknowledged response is stored");
    }
}
