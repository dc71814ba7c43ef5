//! The cycle's machinery on both databases: a job's lease goes to one instance at a time and
//! passes on when it runs out; a message is queued once however often it is worked out, is
//! claimed by one instance, and loses its body once done; unsubscribing turns one kind off.

use crate::scenarios::{PASSWORD_HASH, cli, org};
use dueregard_core::account::NewUser;
use dueregard_core::mail::{MailKind, MailState, OutgoingMail};
use dueregard_core::store::*;
use dueregard_core::vocab::Role;

fn mail(key: &str, user: Option<i64>, kind: MailKind) -> OutgoingMail {
    OutgoingMail {
        key: key.into(),
        org_id: None,
        user_id: user,
        to: "officer@council.example".into(),
        kind,
        subject: format!("About {key}"),
        text: "The words".into(),
        html: "<p>The words</p>".into(),
    }
}

pub async fn jobs_are_leased_to_one_instance_at_a_time(store: &dyn Store) {
    let now = 1_800_000_000;
    let run = store.claim_job("monitoring", "a", now, 60).await.unwrap();
    let run = run.expect("a new job is due at once");
    // Held: nobody else gets it, not even the same instance again.
    assert_eq!(
        store
            .claim_job("monitoring", "b", now + 1, 60)
            .await
            .unwrap(),
        None
    );
    assert!(store.renew_job("monitoring", "a", now + 90).await.unwrap());
    assert!(!store.renew_job("monitoring", "b", now + 90).await.unwrap());
    // Instance "a" dies: once its lease has run out, "b" takes the job over.
    assert_eq!(
        store
            .claim_job("monitoring", "b", now + 90, 60)
            .await
            .unwrap(),
        None
    );
    let taken = store
        .claim_job("monitoring", "b", now + 91, 60)
        .await
        .unwrap();
    let taken = taken.expect("an expired lease passes on");
    assert_ne!(taken, run);
    // "a" comes back and tries to finish: it no longer holds the lease, so the job stays with b.
    store
        .finish_job(
            run,
            "monitoring",
            "a",
            now + 92,
            Ok("late".into()),
            now + 5000,
        )
        .await
        .unwrap();
    let job = &store.jobs().await.unwrap()[0];
    assert_eq!(job.lease_owner.as_deref(), Some("b"));
    store
        .finish_job(
            taken,
            "monitoring",
            "b",
            now + 93,
            Err("no database".into()),
            now + 200,
        )
        .await
        .unwrap();
    let job = &store.jobs().await.unwrap()[0];
    assert_eq!(
        (job.lease_owner.clone(), job.due_at, job.attempts),
        (None, now + 200, 1)
    );
    // Not due yet, then due.
    assert_eq!(
        store
            .claim_job("monitoring", "a", now + 199, 60)
            .await
            .unwrap(),
        None
    );
    let again = store
        .claim_job("monitoring", "a", now + 200, 60)
        .await
        .unwrap()
        .unwrap();
    store
        .finish_job(
            again,
            "monitoring",
            "a",
            now + 201,
            Ok("3 queued".into()),
            now + 3800,
        )
        .await
        .unwrap();
    assert_eq!(store.jobs().await.unwrap()[0].attempts, 0);
    let runs = store.job_runs("monitoring", 10).await.unwrap();
    let outcomes: Vec<(&str, &str, &str)> = runs
        .iter()
        .map(|r| (r.instance.as_str(), r.outcome.as_str(), r.summary.as_str()))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("a", "done", "3 queued"),
            ("b", "failed", "no database"),
            (
                "a",
                "done",
                "Finished after another instance had taken the job over. late"
            ),
        ]
    );
}

pub async fn mail_is_queued_once_and_claimed_by_one_instance(store: &dyn Store) {
    let now = 1_800_000_000;
    let first = [
        mail("m1", None, MailKind::UpdateRequest),
        mail("m2", None, MailKind::Reminder),
    ];
    assert_eq!(store.queue_mail(&first, now).await.unwrap(), 2);
    // Worked out again (another day's run, another instance): nothing new.
    assert_eq!(store.queue_mail(&first, now + 10).await.unwrap(), 0);
    let a = store.claim_mail("a", now, 30).await.unwrap().unwrap();
    let b = store.claim_mail("b", now, 30).await.unwrap().unwrap();
    assert_ne!(a.id, b.id);
    assert_eq!(a.attempts, 1);
    assert_eq!(store.claim_mail("c", now, 30).await.unwrap(), None);
    // a is sent; b fails and is tried again later; b's instance no longer holds it after.
    store
        .mail_done(a.id, "a", now + 1, MailState::Sent, None, None)
        .await
        .unwrap();
    store
        .mail_done(
            b.id,
            "b",
            now + 1,
            MailState::Failed,
            Some("refused"),
            Some(now + 60),
        )
        .await
        .unwrap();
    assert_eq!(store.claim_mail("c", now + 59, 30).await.unwrap(), None);
    let again = store.claim_mail("c", now + 60, 30).await.unwrap().unwrap();
    assert_eq!((again.id, again.attempts), (b.id, 2));
    assert_eq!(
        again.text, "The words",
        "a message waiting to be sent keeps its body"
    );
    // A claimed message whose instance died passes on when its lease runs out, not before.
    assert_eq!(store.claim_mail("d", now + 90, 30).await.unwrap(), None);
    let taken = store.claim_mail("d", now + 91, 30).await.unwrap().unwrap();
    assert_eq!(taken.id, b.id);
    // The dead instance's late report changes nothing.
    store
        .mail_done(b.id, "c", now + 92, MailState::Sent, None, None)
        .await
        .unwrap();
    store
        .mail_done(b.id, "d", now + 93, MailState::Failed, Some("gone"), None)
        .await
        .unwrap();
    let outbox = store.outbox(None, 10).await.unwrap();
    let states: Vec<(&str, MailState, &str)> = outbox
        .iter()
        .map(|m| (m.key.as_str(), m.state, m.text.as_str()))
        .collect();
    // Done messages keep no body: it may have held a password link.
    assert_eq!(
        states,
        [("m2", MailState::Failed, ""), ("m1", MailState::Sent, "")]
    );
    assert_eq!(outbox[1].sent_at, Some(now + 1));
    assert_eq!(outbox[0].last_error.as_deref(), Some("gone"));
}

pub async fn people_choose_their_optional_mail(store: &dyn Store) {
    let o = org(store, "dudley").await;
    let user = store
        .create_user(
            &cli(),
            o,
            NewUser {
                email: "officer@dudley.example".into(),
                name: "Officer".into(),
                role: Role::LeadOfficer,
                person_id: None,
                password_hash: PASSWORD_HASH.into(),
            },
        )
        .await
        .unwrap();
    let settings = store.mail_settings(user.id, "token-one").await.unwrap();
    assert_eq!(settings.unsubscribe_token, "token-one");
    assert!(settings.turned_off.is_empty());
    // The token is made once and kept.
    let again = store.mail_settings(user.id, "token-two").await.unwrap();
    assert_eq!(again.unsubscribe_token, "token-one");
    assert_eq!(
        store
            .unsubscribe("wrong", MailKind::Reminder)
            .await
            .unwrap(),
        None
    );
    // Mail that is part of the job cannot be unsubscribed from.
    assert_eq!(
        store
            .unsubscribe("token-one", MailKind::UpdateRequest)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .unsubscribe("token-one", MailKind::Reminder)
            .await
            .unwrap(),
        Some(user.id)
    );
    let now = store.mail_settings(user.id, "x").await.unwrap();
    assert_eq!(now.turned_off, [MailKind::Reminder]);
    assert!(!now.wants(MailKind::Reminder));
    assert!(now.wants(MailKind::MeetingReminder));
    // Choosing again from the account page; a required kind in the list is ignored.
    store
        .set_mail_turned_off(
            &cli(),
            user.id,
            &[MailKind::MeetingReminder, MailKind::Escalation],
        )
        .await
        .unwrap();
    let now = store.mail_settings(user.id, "x").await.unwrap();
    assert_eq!(now.turned_off, [MailKind::MeetingReminder]);
    let audit = store.audit_log(o, 20).await.unwrap();
    assert!(
        audit
            .iter()
            .filter(|e| e.change == "mail choices changed")
            .count()
            >= 2,
        "each change of mail choices is audited"
    );
}

pub async fn meetings_dates_and_feeds_are_kept_and_checked(store: &dyn Store) {
    use dueregard_core::civic::{FeedKind, standard};
    use dueregard_core::meeting::MeetingFields;
    let o = org(store, "dudley").await;
    let other = org(store, "worcester").await;
    let theirs = store
        .create_committee(
            &cli(),
            other,
            dueregard_core::org::CommitteeFields::validate("Their cabinet", "cabinet").unwrap(),
        )
        .await
        .unwrap();
    // A meeting of another organisation's committee is refused by name.
    let wrong =
        MeetingFields::validate(&theirs.id.to_string(), "2027-01-14", "", &[], &[]).unwrap();
    match store.create_meeting(&cli(), o, wrong).await {
        Err(StoreError::Invalid(e)) => assert!(e.for_field("committee_id").is_some()),
        other => panic!("{other:?}"),
    }
    let ours = store
        .create_committee(
            &cli(),
            o,
            dueregard_core::org::CommitteeFields::validate("Cabinet", "cabinet").unwrap(),
        )
        .await
        .unwrap();
    for date in ["2027-03-01", "2026-12-10"] {
        let m = MeetingFields::validate(&ours.id.to_string(), date, "", &[], &[]).unwrap();
        store.create_meeting(&cli(), o, m).await.unwrap();
    }
    let dates: Vec<String> = store
        .meetings(o)
        .await
        .unwrap()
        .iter()
        .map(|m| m.fields.date.to_string())
        .collect();
    assert_eq!(dates, ["2026-12-10", "2027-03-01"], "in date order");
    assert!(store.meetings(other).await.unwrap().is_empty());
    // The cultural and civic dates round-trip whole, rules and all.
    for d in standard() {
        store.create_civic_date(&cli(), o, d).await.unwrap();
    }
    let kept: Vec<_> = store
        .civic_dates(o)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.fields)
        .collect();
    let mut wanted = standard();
    wanted.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(kept, wanted);
    // Feeds: found by their token's hash until revoked, or until the user is disabled.
    let user = store
        .create_user(
            &cli(),
            o,
            NewUser {
                email: "feeds@dudley.example".into(),
                name: "Feeds".into(),
                role: Role::LeadOfficer,
                person_id: None,
                password_hash: PASSWORD_HASH.into(),
            },
        )
        .await
        .unwrap();
    let made = store
        .create_feed(&cli(), o, user.id, FeedKind::Meetings, "hash-1", 100)
        .await
        .unwrap();
    // Not for a user of another organisation.
    assert!(
        store
            .create_feed(&cli(), other, user.id, FeedKind::Meetings, "hash-2", 100)
            .await
            .is_err()
    );
    assert_eq!(
        store.feed_by_token("hash-1").await.unwrap().map(|f| f.id),
        Some(made.id)
    );
    assert_eq!(store.feed_by_token("hash-2").await.unwrap(), None);
    store
        .revoke_feed(&cli(), user.id, made.id, 200)
        .await
        .unwrap();
    assert_eq!(store.feed_by_token("hash-1").await.unwrap(), None);
    assert!(
        store
            .revoke_feed(&cli(), user.id, made.id, 300)
            .await
            .is_err(),
        "once"
    );
    let again = store
        .create_feed(&cli(), o, user.id, FeedKind::CivicDates, "hash-3", 400)
        .await
        .unwrap();
    assert!(store.feed_by_token("hash-3").await.unwrap().is_some());
    store
        .set_user_disabled(&cli(), o, user.id, true)
        .await
        .unwrap();
    assert_eq!(
        store.feed_by_token("hash-3").await.unwrap(),
        None,
        "a disabled user's feeds stop"
    );
    let listed = store.feeds(user.id).await.unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|f| (f.id, f.revoked_at))
            .collect::<Vec<_>>(),
        [(again.id, None), (made.id, Some(200))]
    );
}
