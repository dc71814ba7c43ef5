//! Consultations on both databases: a response is kept once whatever replays it; a flood from
//! one address stops at the hourly limit while others get through; robots and repeats are kept
//! but held back; monitoring answers come back only as counts, never from another body; contact
//! details go when their time is up; a consultation with responses cannot be deleted, and a
//! backup carries all of it.

use crate::fresh_like;
use crate::scenarios::{cli, org};
use dueregard_core::consultation::response::*;
use dueregard_core::consultation::{ConsultationFields, ConsultationForm, seed_questions};
use dueregard_core::record::RecordKind;
use dueregard_core::store::*;
use dueregard_stats::classify::Characteristic;

fn fields() -> ConsultationFields {
    let form = ConsultationForm {
        title: "Equality priorities".into(),
        purpose: "Four priorities".into(),
        opens: "2027-01-04".into(),
        closes: "2027-03-29".into(),
        ..Default::default()
    };
    let mut f = ConsultationFields::validate(&form, None).unwrap();
    f.questions = seed_questions();
    f.published = true;
    f
}

fn response(key: &str, address: Option<&str>, text: &str, at: i64) -> NewResponse {
    let mut answers = Answers::new();
    answers.insert("q1".into(), vec![text.into()]);
    NewResponse {
        input: ResponseInput {
            answers,
            respondent: Respondent {
                email: Some("someone@example.org".into()),
                ..Default::default()
            },
            monitoring: vec![(Characteristic::Disability, 0), (Characteristic::Sex, 1)],
        },
        channel: Channel::Online,
        submission_key: key.into(),
        address_hash: address.map(str::to_string),
        content_hash: format!("hash of {text}"),
        honeypot: false,
        keyed_by_user: None,
        received_at: at,
        personal_until: at + 100,
    }
}

fn kept(r: Received) -> ConsultationResponse {
    match r {
        Received::Kept(r) => r,
        other => panic!("not kept: {other:?}"),
    }
}

pub async fn consultation_responses_are_kept_once_and_counted_apart(store: &dyn Store) {
    let a = org(store, "alpha").await;
    let b = org(store, "beta").await;
    let c = store
        .create_consultation(&cli(), a, fields())
        .await
        .unwrap();
    let t = 1_800_000_000;
    let first = kept(
        store
            .add_response(
                &cli(),
                a,
                c.id,
                &response("key-one-0123456789abc", Some("addr1"), "Yes", t),
            )
            .await
            .unwrap(),
    );
    assert!(first.reference.starts_with('R'));
    // Replayed: the same response, nothing new.
    match store
        .add_response(
            &cli(),
            a,
            c.id,
            &response("key-one-0123456789abc", Some("addr1"), "Other", t),
        )
        .await
        .unwrap()
    {
        Received::Again(r) => assert_eq!(r, first),
        other => panic!("{other:?}"),
    }
    // Another body's consultation is not there to answer.
    assert!(matches!(
        store
            .add_response(
                &cli(),
                b,
                c.id,
                &response("key-two-0123456789abc", None, "x", t)
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
    // One address: 20 an hour, then refused; another address still gets through.
    for n in 1..PER_ADDRESS_PER_HOUR {
        kept(
            store
                .add_response(
                    &cli(),
                    a,
                    c.id,
                    &response(
                        &format!("flood-{n:020}"),
                        Some("addr1"),
                        &format!("t{n}"),
                        t + n as i64,
                    ),
                )
                .await
                .unwrap(),
        );
    }
    assert_eq!(
        store
            .add_response(
                &cli(),
                a,
                c.id,
                &response("flood-over-000000000", Some("addr1"), "over", t + 30)
            )
            .await
            .unwrap(),
        Received::TooMany
    );
    kept(
        store
            .add_response(
                &cli(),
                a,
                c.id,
                &response("other-address-000000", Some("addr2"), "Yes", t + 31),
            )
            .await
            .unwrap(),
    );
    // An hour on, the first address may send again.
    kept(
        store
            .add_response(
                &cli(),
                a,
                c.id,
                &response("later-000000000000000", Some("addr1"), "later", t + 3700),
            )
            .await
            .unwrap(),
    );
    // The same answers again from one address, and a robot: kept, held back.
    let same = kept(
        store
            .add_response(
                &cli(),
                a,
                c.id,
                &response("same-again-0000000000", Some("addr2"), "Yes", t + 3701),
            )
            .await
            .unwrap(),
    );
    assert!(same.held.as_deref().unwrap().contains("same answers"));
    let mut robot = response("robot-00000000000000", Some("addr3"), "Buy now", t + 3702);
    robot.honeypot = true;
    let robot = kept(store.add_response(&cli(), a, c.id, &robot).await.unwrap());
    assert!(robot.held.is_some());

    let all = store.responses(a, c.id).await.unwrap();
    assert_eq!(all.len(), 24);
    assert!(store.responses(b, c.id).await.unwrap().is_empty());
    assert_eq!(store.response_counts(a).await.unwrap(), [(c.id, 22, 2)]);
    // Monitoring answers as counts of the counted responses only.
    let counts = store.monitoring_counts(a, c.id).await.unwrap();
    assert_eq!(counts.respondents, 22);
    assert!(counts.counts.contains(&(Characteristic::Disability, 0, 22)));
    assert_eq!(counts.codes(Characteristic::Age), vec![None; 22]);
    assert_eq!(
        store.monitoring_counts(b, c.id).await.unwrap().respondents,
        0
    );
    // For cross-tables: each counted response's code, for this body only.
    let links = store
        .monitoring_links(a, c.id, Characteristic::Disability)
        .await
        .unwrap();
    assert_eq!(links.len(), 22);
    assert!(links.iter().all(|(_, code)| *code == 0));
    assert!(!links.iter().any(|(r, _)| *r == robot.id || *r == same.id));
    assert!(
        store
            .monitoring_links(b, c.id, Characteristic::Disability)
            .await
            .unwrap()
            .is_empty()
    );

    // A consultation with responses cannot be deleted; it can be archived.
    assert!(
        store
            .delete(&cli(), a, RecordKind::Consultation, c.id)
            .await
            .is_err()
    );

    // A backup carries the consultation, its responses and the monitoring answers.
    let backup = store.export(&cli()).await.unwrap();
    for (table, rows) in [
        ("consultations", 1),
        ("consultation_responses", 24),
        ("consultation_monitoring", 48),
    ] {
        let t = backup.tables.iter().find(|t| t.name == table).unwrap();
        assert_eq!(t.rows.len(), rows, "{table}");
    }
    let other = fresh_like(store).await;
    other.store.restore(&cli(), &backup).await.unwrap();
    assert_eq!(other.store.responses(a, c.id).await.unwrap(), all);
    other.finish().await;

    // Contact details go once their time is up, and only theirs.
    assert_eq!(store.forget_contact_details(t + 99).await.unwrap(), 0);
    assert_eq!(store.forget_contact_details(t + 100).await.unwrap(), 1);
    assert_eq!(store.forget_contact_details(t + 100).await.unwrap(), 0);
    assert_eq!(store.forget_contact_details(t + 10_000).await.unwrap(), 23);
}
