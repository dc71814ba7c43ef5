//! Consultations over HTTP: set one up, publish it, respond as the public and as an officer
//! keying in paper, see who has been heard, and resist floods, robots and replays without
//! losing a genuine response.

use super::*;

/// The demo with the client's address read from X-Forwarded-For, as behind a proxy.
async fn app() -> TestApp {
    demo_app_with(|mut s| {
        s.client_address_header = Some(axum::http::HeaderName::from_static("x-forwarded-for"));
        s
    })
    .await
}

fn day(offset: i64) -> String {
    dueregard::app::today()
        .checked_add(jiff::Span::new().days(offset))
        .unwrap()
        .to_string()
}

/// Sets up a consultation open today with seed 000's questions and one of our own, published.
async fn open_consultation(app: &TestApp, lead: &Browser, monitoring: bool) -> (i64, String) {
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
async fn respond(app: &TestApp, path: &str, address: &str, fields: &[(&str, &str)]) -> Reply {
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

fn form_key(body: &str) -> String {
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

#[tokio::test]
async fn written_answers_are_coded_agreed_changed_and_summarised() {
    let app = app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let director = app.sign_in("director@dudley.example").await;
    let org = app.org("dudley").await;
    let all = app.store.consultations(org).await.unwrap();
    let closed = all
        .iter()
        .find(|c| c.fields.summary_approved.is_some())
        .unwrap()
        .id;
    let open = all
        .iter()
        .find(|c| c.fields.summary_approved.is_none())
        .unwrap()
        .id;

    // The demo's closed consultation: two coders, their agreement worked out by hand. The
    // director coded 12 of the 36 again: the same on transport and faith groups (kappa 1), and
    // never "supportive" where the lead did on 6 (agreement 50%, kappa 0); mean 0.67.
    let page = app
        .get(&format!("/consultations/{closed}/analysis"), Some(&lead))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(
            "How far Simon Manson and Demo Director agree, on the 12 responses both coded"
        ),
        "{}",
        page.body
    );
    assert!(page.body.contains("Mean kappa: 0.67"));
    assert!(page.body.contains(
        "36 responses with written answers; 36 coded by someone, 36 by you, 0 not yet coded"
    ));
    // Every code leads to its responses.
    let carers = app
        .store
        .codings(org, closed)
        .await
        .unwrap()
        .iter()
        .filter(|k| k.codes.contains(&"c2".to_string()))
        .map(|k| k.response_id)
        .collect::<std::collections::BTreeSet<_>>();
    assert_eq!(carers.len(), 12);
    for r in &carers {
        assert!(
            page.body
                .contains(&format!("/consultations/{closed}/responses/{r}/code"))
        );
    }

    // Its approved summary is public, with "you said, we did" and no small number.
    let public = app
        .get(
            &format!("/public/dudley/consultations/{closed}/summary"),
            None,
        )
        .await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("You said, we did"));
    assert!(
        public
            .body
            .contains("Unpaid carers were missing from the priorities.")
    );
    assert!(public.body.contains("Themes in the written answers"));
    let all_row = |body: &str| {
        let at = body.find("All responses").unwrap();
        body[at..at + 120].to_string()
    };
    assert!(
        all_row(&public.body).contains(">36<"),
        "{}",
        all_row(&public.body)
    );
    // The public sees the summary as approved: a late paper response keyed in afterwards is
    // counted inside, not in what was published.
    let keyed = app
        .get(
            &format!("/consultations/{closed}/responses/new"),
            Some(&lead),
        )
        .await;
    let key = form_key(&keyed.body);
    let r = app
        .post(
            &format!("/consultations/{closed}/responses/new"),
            Some(&lead),
            &[
                ("submission_key", &key),
                ("channel", "paper"),
                ("answer_q2", "Arrived late"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let again = app
        .get(
            &format!("/public/dudley/consultations/{closed}/summary"),
            None,
        )
        .await;
    assert_eq!(all_row(&again.body), all_row(&public.body));
    assert_eq!(app.store.responses(org, closed).await.unwrap().len(), 37);
    let docx = app
        .get(
            &format!("/public/dudley/consultations/{closed}/summary/docx"),
            None,
        )
        .await;
    assert_eq!(docx.status, StatusCode::OK);
    // The open one has no summary yet for the public, and cannot be approved while open.
    assert_eq!(
        app.get(
            &format!("/public/dudley/consultations/{open}/summary"),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let version = |body: &str| between(body, "name=\"version\" value=\"", "\"").unwrap();
    let summary = app
        .get(&format!("/consultations/{open}/summary"), Some(&director))
        .await;
    let r = app
        .post(
            &format!("/consultations/{open}/summary/approve"),
            Some(&director),
            &[("version", &version(&summary.body))],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // The equality lead cannot approve.
    let r = app
        .post(
            &format!("/consultations/{closed}/summary/approve"),
            Some(&lead),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // A new consultation: a code frame, coding from response to response, a change.
    let (id, path) = open_consultation(&app, &lead, false).await;
    for (n, text) in [
        "The buses stop after six",
        "Evening buses please",
        "Carers need a mention",
    ]
    .iter()
    .enumerate()
    {
        let r = respond(
            &app,
            &path,
            &format!("203.0.113.{n}"),
            &[("answer_q1", text), ("answer_q6", "Live")],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let page = app
        .get(&format!("/consultations/{id}/analysis"), Some(&lead))
        .await;
    assert!(
        page.body.contains("Words that stand out:</strong> bus (2)"),
        "{}",
        page.body
    );
    let r = app
        .post(
            &format!("/consultations/{id}/codes"),
            Some(&lead),
            &[
                ("version", &version(&page.body)),
                ("codes", "Transport: buses\nCarers"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let responses = app.store.responses(org, id).await.unwrap();
    let form = app
        .get(
            &format!("/consultations/{id}/responses/{}/code", responses[0].id),
            Some(&lead),
        )
        .await;
    assert!(
        form.body
            .contains("Transport (suggested: the answer uses its words)"),
        "{}",
        form.body
    );
    let r = app
        .post(
            &format!("/consultations/{id}/responses/{}/code", responses[0].id),
            Some(&lead),
            &[("codes", "c1")],
        )
        .await;
    assert_eq!(
        r.location(),
        format!("/consultations/{id}/responses/{}/code", responses[1].id)
    );
    let bad = app
        .post(
            &format!("/consultations/{id}/responses/{}/code", responses[1].id),
            Some(&lead),
            &[("codes", "c9")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post(
            &format!("/consultations/{id}/changes/new"),
            Some(&lead),
            &[
                ("you_said", "Buses stop too early"),
                ("we_did", "We asked the transport authority"),
                ("code_keys", "c1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let summary = app
        .get(&format!("/consultations/{id}/summary"), Some(&lead))
        .await;
    assert!(summary.body.contains("We asked the transport authority"));
    assert!(summary.body.contains("A director approves the summary"));

    // The demo decision the closed consultation informs shows its consultation check.
    let decision = app.store.decisions(org).await.unwrap()[0].id;
    let page = app
        .get(&format!("/decisions/{decision}"), Some(&lead))
        .await;
    assert!(
        page.body
            .contains("Consultation check: Equality priorities and action plan 2012 to 2016"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("It closed on 26 November 2012, before the decision")
    );
    assert!(page.body.contains(
        "The summary of what was heard was approved by Demo Director on 10 December 2012"
    ));
}

#[tokio::test]
async fn contact_details_are_deleted_by_the_keeping_job() {
    let app = app().await;
    let org = app.org("dudley").await;
    let closed = app
        .store
        .consultations(org)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.fields.summary_approved.is_some())
        .unwrap();
    // Without mail set up the keeping job still runs.
    let cycle = dueregard::app::cycle::Cycle::new(app.store.clone(), None, 60);
    cycle.tick(dueregard::app::today()).await.unwrap();
    let runs = app.store.job_runs("keeping", 5).await.unwrap();
    assert_eq!(runs.len(), 1);
    assert!(
        runs[0].summary.starts_with("Contact details deleted from"),
        "{runs:?}"
    );
    // Nothing is left to delete the second time.
    assert_eq!(
        app.store
            .forget_contact_details(dueregard::app::secrets::now_seconds())
            .await
            .unwrap(),
        0
    );
    let _ = closed;
}

#[tokio::test]
async fn responses_from_another_survey_tool_are_brought_in_whole_once() {
    let app = app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let org = app.org("dudley").await;
    let (id, _) = open_consultation(&app, &lead, true).await;
    let csv = "Respondent ID,Submitted,What do you think of the proposed equality priorities?,Q4,Do you live or work in the borough?,Email,Ethnic origin,Age,Gender\n\
               101,2027-01-05,\"Good, but buses stop early\",Agree,Live,a@example.org,Asian or Asian British: Indian,34,Female\n\
               102,2027-01-06,More for carers,strongly disagree,both,,White British,67,M\n\
               103,2027-01-07,,Neither agree nor disagree,Work,,Prefer not to say,,\n";
    let page = crate::workforce::upload_to(
        &app,
        &lead,
        &format!("/consultations/{id}/responses/import"),
        csv.as_bytes(),
        &[],
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let selected = |i: usize| {
        let at = page.body.find(&format!("name=\"map_{i}\"")).unwrap();
        let rest = &page.body[at..];
        let end = rest.find("</select>").unwrap();
        between(&rest[..end], "<option value=\"", "\" selected")
            .map(|v| v.rsplit('"').next().unwrap().to_string())
    };
    let guessed: Vec<String> = (0..9)
        .map(|i| selected(i).unwrap_or_else(|| "ignore".into()))
        .collect();
    assert_eq!(
        guessed,
        [
            "ignore",
            "ignore",
            "answer:q1",
            "answer:q4",
            "answer:q6",
            "email",
            "monitoring:ethnicity",
            "monitoring:age",
            "monitoring:sex"
        ]
    );
    let mut fields: Vec<(String, String)> = vec![("csv".into(), csv.into())];
    for (i, g) in guessed.iter().enumerate() {
        fields.push((format!("map_{i}"), g.clone()));
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let done = app
        .post(
            &format!("/consultations/{id}/responses/import/confirm"),
            Some(&lead),
            &pairs,
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        done.location(),
        format!("/consultations/{id}/responses?added=3")
    );
    let list = app.get(done.location(), Some(&lead)).await;
    assert!(list.body.contains("3 responses brought in"));
    assert!(list.body.contains("Imported from another survey tool"));
    let kept = app.store.responses(org, id).await.unwrap();
    assert_eq!(kept.len(), 3);
    assert_eq!(kept[1].answers["q4"], ["Strongly disagree"]);
    assert_eq!(kept[1].answers["q6"], ["Both"]);
    let counts = app.store.monitoring_counts(org, id).await.unwrap();
    assert!(
        counts
            .counts
            .contains(&(dueregard_stats::classify::Characteristic::Ethnicity, 2, 1))
    );
    assert!(
        counts
            .counts
            .contains(&(dueregard_stats::classify::Characteristic::Age, 4, 1))
    );
    // The same file again adds nothing.
    let again = app
        .post(
            &format!("/consultations/{id}/responses/import/confirm"),
            Some(&lead),
            &pairs,
        )
        .await;
    assert_eq!(
        again.location(),
        format!("/consultations/{id}/responses?added=0")
    );
    assert_eq!(app.store.responses(org, id).await.unwrap().len(), 3);
    // A row we cannot read refuses the whole file, naming the row and column.
    let bad = csv
        .replace("White British", "Martian")
        .replace("101,", "201,");
    let mut fields: Vec<(String, String)> = vec![("csv".into(), bad)];
    for (i, g) in guessed.iter().enumerate() {
        fields.push((format!("map_{i}"), g.clone()));
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let refused = app
        .post(
            &format!("/consultations/{id}/responses/import/confirm"),
            Some(&lead),
            &pairs,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Row 3, column &#39;Ethnic origin&#39;: &#39;Martian&#39; is not a category we recognise for ethnic group") || refused.body.contains("Row 3, column 'Ethnic origin'"), "{}", refused.body);
    assert_eq!(app.store.responses(org, id).await.unwrap().len(), 3);
    // A file that is not CSV text is refused at once.
    let binary = crate::workforce::upload_to(
        &app,
        &lead,
        &format!("/consultations/{id}/responses/import"),
        b"PK\x03\x04\x00\x00\x00",
        &[],
    )
    .await;
    assert_eq!(binary.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn events_planned_for_the_under_heard_show_beside_them() {
    let app = app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let org = app.org("dudley").await;
    let open = app
        .store
        .consultations(org)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.fields.summary_approved.is_none())
        .unwrap()
        .id;
    let page = app
        .get(&format!("/consultations/{open}"), Some(&lead))
        .await;
    assert!(page.body.contains("Planned to reach them"), "{}", page.body);
    assert!(
        page.body
            .contains("16 to 24: <a class=\"govuk-link\" href=\"/engagement/"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Male: nothing planned yet"));
    // Plan one for men, through the form for this consultation.
    let on = day(20);
    let (d, m, y) = {
        let p: Vec<&str> = on.split('-').collect();
        (p[2].to_string(), p[1].to_string(), p[0].to_string())
    };
    let r = app
        .post(
            &format!("/consultations/{open}/engagement/new"),
            Some(&lead),
            &[
                ("title", "Men's health and equality session"),
                ("kind", "workshop"),
                ("date-day", &d),
                ("date-month", &m),
                ("date-year", &y),
                ("audience", "Men in the borough"),
                ("consultation_id", &open.to_string()),
                ("aimed_at", "Male"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app
        .get(&format!("/consultations/{open}"), Some(&lead))
        .await;
    assert!(
        page.body.contains("Male: <a class=\"govuk-link\""),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Men&#39;s health and equality session")
            || page.body.contains("Men's health and equality session")
    );
    // The forum's page shows who came only where no small count gives itself away.
    let forum = app
        .store
        .engagement_events(org)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.fields.attendance == Some(23))
        .unwrap();
    let shown = app
        .get(&format!("/engagement/{}", forum.id), Some(&lead))
        .await;
    assert_eq!(shown.status, StatusCode::OK);
    let table = &shown.body[shown.body.find("Who came</caption>").unwrap()..];
    for small in 1..=9 {
        assert!(!table.contains(&format!("numeric\">{small}<")), "{table}");
    }
    assert!(table.contains("[c]"));
    // A bad profile is refused whole, naming the line.
    let r = app
        .post(
            "/engagement/new",
            Some(&lead),
            &[
                ("title", "x"),
                ("kind", "event"),
                ("date-day", "1"),
                ("date-month", "2"),
                ("date-year", "2027"),
                ("audience", "All"),
                ("profile", "Elves: 3"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Line 1: write a census group"));
}

#[tokio::test]
async fn a_respondent_saves_and_comes_back_to_send() {
    let app = app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let org = app.org("dudley").await;
    let (id, path) = open_consultation(&app, &lead, true).await;
    let form = app.get(&path, None).await;
    assert!(form.body.contains("Save and come back later"));
    let key = form_key(&form.body);
    let saved = respond(
        &app,
        &path,
        "203.0.113.40",
        &[
            ("submission_key", &key),
            ("answer_q1", "Half written: the buses"),
            ("answer_q6", "Work"),
            ("monitoring_sex", "0"),
            ("save", "later"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(saved.body.contains("Your answers are saved"));
    // Nothing is sent yet.
    assert!(app.store.responses(org, id).await.unwrap().is_empty());
    let link = between(&saved.body, "id=\"resume-link\" href=\"", "\"").unwrap();
    let token = link.rsplit('/').next().unwrap().to_string();
    let back = app.get(&link, None).await;
    assert_eq!(back.status, StatusCode::OK);
    assert!(back.body.contains("Half written: the buses"));
    assert!(back.body.contains("value=\"Work\" checked"));
    assert_eq!(
        form_key(&back.body),
        key,
        "the same form, so a replay is still one response"
    );
    // Another link shows nothing.
    assert_eq!(
        app.get(&link.replace(&token, &"A".repeat(32)), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let sent = respond(
        &app,
        &path,
        "203.0.113.40",
        &[
            ("submission_key", &key),
            ("resume", &token),
            ("answer_q1", "Finished: the buses stop at six"),
            ("answer_q6", "Work"),
        ],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let kept = app.store.responses(org, id).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].answers["q1"], ["Finished: the buses stop at six"]);
    // Sent, the saved answers are gone.
    assert_eq!(app.get(&link, None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn one_question_a_page_carries_the_answers_and_checks_them_before_sending() {
    let app = app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let org = app.org("dudley").await;
    let (id, path) = open_consultation(&app, &lead, true).await;
    let c = app.store.consultation(org, id).await.unwrap();
    let mut fields = c.fields.clone();
    fields.one_question_per_page = true;
    app.store
        .update_consultation(&Actor::command_line(), org, id, c.version, fields)
        .await
        .unwrap();
    // Posts a page as a browser would: every field it shows as it stands (hidden ones, ticked
    // choices, text as filled in), with `typed` in place of those it names.
    async fn next(app: &TestApp, path: &str, page: &Reply, typed: &[(&str, &str)]) -> Reply {
        let unescape = |v: &str| {
            v.replace("&#39;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        };
        let attr = |tag: &str, name: &str| between(tag, &format!(" {name}=\""), "\"");
        let mut pairs: Vec<(String, String)> = Vec::new();
        let form = &page.body[page.body.find("<form").unwrap()..];
        for tag in form.split("<input ").skip(1) {
            let tag = format!(" {}", &tag[..tag.find('>').unwrap()]);
            let tag = tag.as_str();
            let (Some(name), Some(kind)) = (attr(tag, "name"), attr(tag, "type")) else {
                continue;
            };
            let value = attr(tag, "value").unwrap_or_default();
            let shown = match kind.as_str() {
                "hidden" => name != "website",
                "radio" | "checkbox" => tag.contains(" checked"),
                _ => true,
            };
            if shown {
                pairs.push((name, unescape(&value)));
            }
        }
        for part in form.split("<textarea ").skip(1) {
            let name = attr(&format!(" {part}"), "name").unwrap();
            let text = &part[part.find('>').unwrap() + 1..part.find("</textarea>").unwrap()];
            pairs.push((name, unescape(text)));
        }
        for (k, _) in typed {
            pairs.retain(|(name, _)| name != k);
        }
        pairs.extend(typed.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let refs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        respond(app, path, "203.0.113.77", &refs).await
    }
    let first = app.get(&path, None).await;
    assert!(first.body.contains("Question 1 of 6"));
    assert!(first.body.contains("name=\"answer_q1\""));
    assert!(!first.body.contains("name=\"answer_q2\""));
    let mut page = next(&app, &path, &first, &[("answer_q1", "Good priorities")]).await;
    assert!(page.body.contains("Question 2 of 6"), "{}", page.body);
    for _ in 2..=5 {
        page = next(&app, &path, &page, &[]).await;
    }
    assert!(page.body.contains("Question 6 of 6"));
    // Question 6 must be answered: the same page again, saying so.
    let refused = next(&app, &path, &page, &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Select an answer to question 6"));
    let about = next(&app, &path, &refused, &[("answer_q6", "Both")]).await;
    assert!(about.body.contains("About you"));
    let check = next(&app, &path, &about, &[("monitoring_sex", "1")]).await;
    assert!(
        check
            .body
            .contains("Check your answers before sending them")
    );
    assert!(check.body.contains("Good priorities") && check.body.contains(">Both<"));
    // Change question 1 from the check, then send.
    let back = next(&app, &path, &check, &[("goto", "0")]).await;
    assert!(
        back.body.contains("Good priorities</textarea>"),
        "{}",
        back.body
    );
    let mut page = next(&app, &path, &back, &[("answer_q1", "Better priorities")]).await;
    for _ in 1..=6 {
        page = next(&app, &path, &page, &[]).await;
    }
    assert!(
        page.body.contains("Check your answers before sending them"),
        "{}",
        &page.body[page.body.find("<main").unwrap_or(0)..]
    );
    let sent = next(&app, &path, &page, &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let kept = app.store.responses(org, id).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].answers["q1"], ["Better priorities"]);
    assert_eq!(kept[0].answers["q6"], ["Both"]);
    let counts = app.store.monitoring_counts(org, id).await.unwrap();
    assert!(
        counts
            .counts
            .contains(&(dueregard_stats::classify::Characteristic::Sex, 1, 1))
    );
}
