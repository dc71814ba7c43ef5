//! The publication workflow over HTTP: drafted, reviewed, approved only by a director or an
//! administrator, published, and corrected as a new edition, with each published edition kept
//! exactly as it was approved, whatever changes afterwards.

use crate::demo_app;
use axum::http::StatusCode;
use dueregard_core::publication::PublicationStatus;
use dueregard_core::store::Actor;

#[tokio::test]
async fn a_report_is_drafted_reviewed_approved_published_and_corrected() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    let lead = app.sign_in("lead@dudley.example").await;
    let director = app.sign_in("director@dudley.example").await;
    let officer = app.sign_in("officer@dudley.example").await;

    // A draft that says what is wrong with it is refused whole.
    let bad = app
        .post(
            "/publications/new",
            Some(&lead),
            &[("kind", "progress_report"), ("title", "")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Enter a title"), "{}", bad.body);
    let before = app.store.publications(org).await.unwrap().len();

    let made = app
        .post(
            "/publications/new",
            Some(&lead),
            &[
                ("kind", "progress_report"),
                ("title", "Equality progress 2013 to 2014"),
                ("period_start-day", "1"),
                ("period_start-month", "4"),
                ("period_start-year", "2013"),
                ("period_end-day", "31"),
                ("period_end-month", "3"),
                ("period_end-year", "2014"),
                ("introduction", "A word from the Leader of the Council."),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let at = made.location().to_string();
    let id: i64 = at.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(app.store.publications(org).await.unwrap().len(), before + 1);
    let draft = app.get(&at, Some(&lead)).await;
    assert!(
        draft
            .body
            .contains("A word from the Leader of the Council.")
    );
    assert!(draft.body.contains("As it would be if approved today"));
    // Not on the public site while it is a draft.
    let public = format!("/public/dudley/publications/{id}");
    assert_eq!(app.get(&public, None).await.status, StatusCode::NOT_FOUND);

    let step = |who, path: String, step: &'static str, version: i64| {
        let app = &app;
        async move {
            app.post(
                &path,
                Some(who),
                &[("step", step), ("version", &version.to_string())],
            )
            .await
        }
    };
    // A lead officer cannot send it for review; the equality lead can.
    let no = step(&officer, format!("{at}/step"), "submit", 1).await;
    assert_eq!(no.status, StatusCode::FORBIDDEN);
    let sent = step(&lead, format!("{at}/step"), "submit", 1).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    // The equality lead cannot approve; a director can. A stale version is a conflict.
    let no = step(&lead, format!("{at}/approve"), "approve", 2).await;
    assert_eq!(no.status, StatusCode::FORBIDDEN);
    let stale = step(&director, format!("{at}/approve"), "approve", 1).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    // Publishing before approval is refused, saying why.
    let early = step(&lead, format!("{at}/step"), "publish", 2).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        early
            .body
            .contains("You cannot publish a publication that is in review")
    );
    let approved = step(&director, format!("{at}/approve"), "approve", 2).await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);

    // What was approved is kept: renaming an objective afterwards does not change it.
    let objective = app
        .store
        .objectives(org)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.fields.status == dueregard_core::objective::ObjectiveStatus::Approved)
        .unwrap();
    let old_title = objective.fields.title.clone();
    let mut renamed = objective.fields.clone();
    renamed.title = "A title given after approval".into();
    app.store
        .update_objective(
            &Actor::command_line(),
            org,
            objective.id,
            objective.version,
            renamed,
        )
        .await
        .unwrap();
    let published = step(&lead, format!("{at}/step"), "publish", 3).await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let kept = app.store.publication(org, id).await.unwrap();
    assert_eq!(kept.fields.status, PublicationStatus::Published);
    let report = kept.fields.report.clone().unwrap();
    let said = serde_json::to_string(&report).unwrap();
    assert!(said.contains(&old_title) && !said.contains("A title given after approval"));
    let approver = kept.fields.approved.as_ref().unwrap();
    assert_eq!(approver.by, "Demo Director");

    let page = app.get(&public, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("A word from the Leader of the Council."));
    assert!(page.body.contains("approved by Demo Director"));
    assert!(!page.body.contains("A title given after approval"));
    let list = app.get("/public/dudley/publications", None).await;
    assert!(list.body.contains(&public));
    let pdf = app.get(&format!("{public}/report.pdf"), None).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    let package = app
        .get(&format!("{public}/datapackage.json"), None)
        .await
        .json();
    assert!(!package["resources"].as_array().unwrap().is_empty());

    // A published edition cannot be changed, by the form or by the store itself.
    let edit = app
        .post(
            &format!("{at}/edit"),
            Some(&lead),
            &[("title", "Changed"), ("version", "4")],
        )
        .await;
    assert_eq!(
        edit.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        edit.body
    );
    let mut tampered = kept.fields.clone();
    tampered.title = "Changed behind the form".into();
    let refused = app
        .store
        .update_publication(&Actor::command_line(), org, id, kept.version, tampered)
        .await;
    assert!(matches!(
        refused,
        Err(dueregard_core::store::StoreError::Invalid(_))
    ));
    assert_eq!(app.store.publication(org, id).await.unwrap(), kept);

    // A correction says what changed and is a new edition; the first stays as it was.
    let empty = app
        .post(&format!("{at}/correct"), Some(&lead), &[("note", " ")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fix = app
        .post(
            &format!("{at}/correct"),
            Some(&lead),
            &[("note", "The objective's new title")],
        )
        .await;
    assert_eq!(fix.status, StatusCode::SEE_OTHER, "{}", fix.body);
    let second: i64 = fix.location().rsplit('/').next().unwrap().parse().unwrap();
    let next = app.store.publication(org, second).await.unwrap();
    assert_eq!(
        (
            next.fields.edition,
            next.fields.corrects,
            next.fields.status
        ),
        (2, Some(id), PublicationStatus::Draft)
    );
    assert_eq!(
        app.get(&format!("/public/dudley/publications/{second}"), None)
            .await
            .status,
        StatusCode::NOT_FOUND,
        "a correction is not public until it is published"
    );
    for (who, path, s, v) in [
        (&lead, "step", "submit", 1),
        (&director, "approve", "approve", 2),
        (&lead, "step", "publish", 3),
    ] {
        let r = step(who, format!("/publications/{second}/{path}"), s, v).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let corrected = app
        .get(&format!("/public/dudley/publications/{second}"), None)
        .await;
    assert!(corrected.body.contains("A title given after approval"));
    assert!(
        corrected
            .body
            .contains("corrects the edition before it: The objective's new title"),
        "{}",
        corrected.body
    );
    let list = app.get("/public/dudley/publications", None).await;
    assert!(
        list.body.contains("Corrected by edition 2."),
        "{}",
        list.body
    );
    assert_eq!(app.store.publication(org, id).await.unwrap(), kept);
}

#[tokio::test]
async fn equality_information_and_the_pay_gap_report_show_only_what_may_be_published() {
    let app = demo_app().await;
    let org = app.org("dudley").await;
    // The demo publishes both for the year of its latest snapshot.
    let all = app.store.publications(org).await.unwrap();
    let find = |kind| {
        all.iter()
            .find(|p| p.fields.kind == kind && p.fields.published.is_some())
            .unwrap_or_else(|| panic!("the demo publishes {kind:?}"))
    };
    use dueregard_core::publication::PublicationKind;
    let info = find(PublicationKind::EqualityInformation);
    let page = app
        .get(&format!("/public/dudley/publications/{}", info.id), None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for words in [
        "Our workforce",
        "Staff by ethnic group",
        "Pay gaps",
        "the six measures",
        "The community we serve",
        "Population and workforce by",
        "Office for National Statistics",
        "Equality impact assessments completed",
        "Progress on our equality objectives",
        "made-up extract",
    ] {
        assert!(
            page.body.contains(words),
            "the equality information says {words:?}"
        );
    }
    // Each chart has its words and, beside it, the table it is drawn from.
    assert!(page.body.contains("<svg") && page.body.contains("role=\"img\""));
    assert_eq!(
        page.body.matches("<figure").count(),
        page.body.matches("<figcaption").count()
    );
    let gap = find(PublicationKind::GenderPayGap);
    let page = app
        .get(&format!("/public/dudley/publications/{}", gap.id), None)
        .await;
    for words in [
        "Mean hourly pay gap",
        "Median bonus pay gap",
        "who is in each pay quartile",
        "What we are doing to close the gap",
        "Supporting statement",
        "I confirm that the information in this report is accurate. Demo Director",
    ] {
        assert!(
            page.body.contains(words),
            "the pay gap report says {words:?}"
        );
    }

    // A small workforce: every count shown passes the disclosure rule, and the pay gaps that
    // rest on groups too small are withheld rather than shown.
    let cli = Actor::command_line();
    let people: Vec<_> = (0..14)
        .map(|i| dueregard_core::workforce::EmployeeRecord {
            pseudonym: format!("{i:032x}"),
            codes: [u8::from(i % 5 == 0), (i % 3) as u8, 1, 0, 0, 2],
            directorate: "Small directorate".into(),
            grade: "Grade 1".into(),
            rate: Some((1_500 + i64::from(i) * 10, 1)),
            bonus_pence: 0,
        })
        .collect();
    let mut fields = app.store.snapshots(org).await.unwrap()[0].fields.clone();
    fields.snapshot_date = jiff::civil::date(2027, 3, 31);
    fields.headline = None;
    // Stored without a kept report: the report is worked out from the people (an audited read).
    app.store
        .create_snapshot(&cli, org, fields, &people)
        .await
        .unwrap();
    let year = dueregard_core::period::Period::new(
        jiff::civil::date(2026, 4, 1),
        jiff::civil::date(2027, 3, 31),
    )
    .unwrap();
    let report = dueregard::app::publications::equality_information_report(
        app.store.as_ref(),
        &cli,
        org,
        year,
        jiff::civil::date(2027, 4, 2),
    )
    .await
    .unwrap();
    let workforce = report
        .sections
        .iter()
        .find(|s| s.heading == "Our workforce")
        .unwrap();
    let mut shown = 0;
    for b in &workforce.blocks {
        if let dueregard_core::report::Block::Table(t) = b {
            for row in &t.rows {
                if let Ok(n) = row[1].parse::<u64>() {
                    shown += 1;
                    assert!(
                        n == 0 || n >= 10,
                        "{}: {row:?} rests on a small count",
                        t.caption
                    );
                }
            }
        }
    }
    assert!(shown >= 1, "the whole workforce's total is shown");
    let pay = serde_json::to_string(&report.sections).unwrap();
    assert!(
        pay.contains("Gender pay gap. Not shown: each group needs at least 10"),
        "small pay gap groups are withheld: {pay}"
    );
}

#[tokio::test]
async fn the_duties_page_reads_the_publication_record() {
    let app = demo_app().await;
    let lead = app.sign_in("lead@dudley.example").await;
    let today = dueregard::web::today();
    let page = app.get("/compliance", Some(&lead)).await;
    assert_eq!(page.status, StatusCode::OK);
    // The demo published its equality information today: met, and due again in a year less a
    // day.
    let next = today
        .checked_add(jiff::ToSpan::years(1))
        .unwrap()
        .checked_sub(jiff::ToSpan::days(1))
        .unwrap();
    let info = page
        .body
        .split("Publish equality information")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap()
        .to_string();
    assert!(info.contains(">Met</strong>"), "{info}");
    assert!(
        info.contains(&format!(
            "Next due by {}",
            dueregard_core::period::long_date(next)
        )),
        "{info}"
    );
    // Dudley's objectives were approved in 2012 and 2013: long overdue for refresh.
    let objectives = page
        .body
        .split("Publish equality objectives")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap()
        .to_string();
    assert!(objectives.contains(">Overdue</strong>"), "{objectives}");
    assert!(
        page.body
            .contains("The number of employees is not recorded")
    );
    // Only England's duties for an English body.
    assert!(!page.body.contains("mainstreaming report"));

    // A Welsh body with no publications sees the Welsh duties, overdue.
    let cli = Actor::command_line();
    let wales = app
        .store
        .create_organisation(
            &cli,
            dueregard_core::store::NewOrganisation {
                slug: "cymru-test".into(),
                name: "Cyngor Prawf (a test council)".into(),
                nation: dueregard_core::vocab::Nation::Wales,
                headcount: Some(400),
            },
        )
        .await
        .unwrap();
    let list = dueregard::app::compliance::compliance(app.store.as_ref(), &wales, today)
        .await
        .unwrap();
    let keys: Vec<&str> = list.iter().map(|s| s.duty.key).collect();
    assert_eq!(
        keys,
        [
            "wales-annual-report",
            "wales-employment-information",
            "wales-objectives"
        ]
    );
    assert!(
        list.iter()
            .all(|s| s.standing == dueregard_core::duties::Standing::Overdue)
    );
}
