//! Consultations over HTTP, after the responses are in: coding and agreement, "you said, we
//! did" and the approved summary, the keeping job, responses from another survey tool,
//! engagement events beside the under-heard, saving to come back, and one question a page.

use super::consultations::{app, day, form_key, open_consultation, respond};
use super::*;

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
    let action = app.store.action_rows(org).await.unwrap()[0].clone();
    // An action that is not the body's is refused.
    let wrong = app
        .post(
            &format!("/consultations/{id}/changes/new"),
            Some(&lead),
            &[("you_said", "x"), ("we_did", "y"), ("action_ids", "999999")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post(
            &format!("/consultations/{id}/changes/new"),
            Some(&lead),
            &[
                ("you_said", "Buses stop too early"),
                ("we_did", "We asked the transport authority"),
                ("code_keys", "c1"),
                ("action_ids", &action.id.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let summary = app
        .get(&format!("/consultations/{id}/summary"), Some(&lead))
        .await;
    assert!(summary.body.contains("We asked the transport authority"));
    assert!(
        summary
            .body
            .contains(&format!("Action {}", action.reference)),
        "{}",
        summary.body
    );
    assert!(summary.body.contains("A director approves the summary"));

    // The demo decision the closed consultation informs shows its consultation check.
    let decision = crate::demo_decision(app.store.as_ref(), org).await.id;
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
