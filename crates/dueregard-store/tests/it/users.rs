//! Accounts run by administrators: roles, the last administrator, disabling, password links
//! that work once, and sessions that can be listed and ended.

use crate::scenarios::{PASSWORD_HASH, cli, org, person};
use dueregard_core::account::{NewUser, SessionRecord};
use dueregard_core::store::*;
use dueregard_core::vocab::Role;

async fn add(store: &dyn Store, org: i64, email: &str, role: Role, person_id: Option<i64>) -> i64 {
    store
        .create_user(
            &cli(),
            org,
            NewUser {
                email: email.into(),
                name: email.into(),
                role,
                person_id,
                password_hash: PASSWORD_HASH.into(),
            },
        )
        .await
        .expect("user")
        .id
}

async fn session(store: &dyn Store, user_id: i64, hash: &str) {
    store
        .create_session(SessionRecord {
            token_hash: hash.into(),
            user_id,
            csrf_token: "c".into(),
            expires_at: i64::MAX / 2,
        })
        .await
        .expect("session");
}

pub async fn accounts_are_run_with_an_administrator_always_left(store: &dyn Store) {
    let o = org(store, "dudley").await;
    let other = org(store, "cumbria").await;
    let jw = person(store, o, "Jason Whyley", "JW").await;
    let elsewhere = person(store, other, "Someone Else", "SE").await;
    let admin = add(store, o, "admin@example.gov.uk", Role::Administrator, None).await;
    let officer = add(store, o, "jw@example.gov.uk", Role::Viewer, None).await;

    // The last administrator stays one, and stays enabled.
    for refused in [
        store
            .change_user(&cli(), o, admin, Role::Viewer, None)
            .await,
        store.set_user_disabled(&cli(), o, admin, true).await,
    ] {
        assert!(
            matches!(refused, Err(StoreError::Invalid(_))),
            "{refused:?}"
        );
    }
    // A lead officer is someone in this organisation.
    assert!(matches!(
        store
            .change_user(&cli(), o, officer, Role::LeadOfficer, None)
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store
            .change_user(&cli(), o, officer, Role::LeadOfficer, Some(elsewhere))
            .await,
        Err(StoreError::Invalid(_))
    ));
    let changed = store
        .change_user(&cli(), o, officer, Role::LeadOfficer, Some(jw))
        .await
        .expect("changed");
    assert_eq!(
        (changed.role, changed.person_id),
        (Role::LeadOfficer, Some(jw))
    );
    // Another organisation's user is not found.
    assert!(matches!(
        store
            .change_user(&cli(), other, officer, Role::Viewer, None)
            .await,
        Err(StoreError::NotFound(_))
    ));

    // Sessions are listed without their secret, and end one at a time.
    session(store, officer, &"a1".repeat(32)).await;
    session(store, officer, &"b2".repeat(32)).await;
    let sessions = store.user_sessions(officer, 0).await.expect("sessions");
    assert_eq!(sessions.len(), 2);
    assert!(sessions.iter().all(|s| s.id.len() == 16));
    store
        .end_session(&cli(), officer, &"a1".repeat(8))
        .await
        .expect("ended");
    assert!(
        store
            .session(&"a1".repeat(32), 0)
            .await
            .expect("read")
            .is_none()
    );
    assert!(
        store
            .session(&"b2".repeat(32), 0)
            .await
            .expect("read")
            .is_some()
    );
    assert!(matches!(
        store.end_session(&cli(), officer, "not-a-session").await,
        Err(StoreError::NotFound(_))
    ));

    // Disabled: no session, no sign-in, no token; re-enabled, sign-in works again.
    store
        .create_token(&cli(), officer, "script", &"cd".repeat(32))
        .await
        .expect("token");
    let off = store
        .set_user_disabled(&cli(), o, officer, true)
        .await
        .expect("disabled");
    assert!(off.disabled);
    assert!(
        store
            .session(&"b2".repeat(32), 0)
            .await
            .expect("read")
            .is_none()
    );
    assert!(
        store
            .user_credentials("jw@example.gov.uk")
            .await
            .expect("read")
            .is_none()
    );
    assert!(
        store
            .token_user(&"cd".repeat(32))
            .await
            .expect("read")
            .is_none()
    );
    store
        .set_user_disabled(&cli(), o, officer, false)
        .await
        .expect("enabled");
    assert!(
        store
            .user_credentials("jw@example.gov.uk")
            .await
            .expect("read")
            .is_some()
    );

    // A password link works once, and not after it expires.
    store
        .create_password_reset(&cli(), o, officer, &"ef".repeat(32), 1_000)
        .await
        .expect("link");
    assert!(
        store
            .password_reset_user(&"ef".repeat(32), 999)
            .await
            .expect("read")
            .is_some()
    );
    assert!(
        store
            .password_reset_user(&"ef".repeat(32), 1_000)
            .await
            .expect("read")
            .is_none()
    );
    store
        .use_password_reset(&"ef".repeat(32), 500, "$argon2id$new")
        .await
        .expect("used");
    assert!(matches!(
        store
            .use_password_reset(&"ef".repeat(32), 501, "$argon2id$again")
            .await,
        Err(StoreError::Invalid(_))
    ));
    let (_, hash) = store
        .user_credentials("jw@example.gov.uk")
        .await
        .expect("read")
        .expect("there");
    assert_eq!(hash, "$argon2id$new");

    // Every change is in the audit trail.
    let log = store.audit_log(o, 50).await.expect("audit");
    for change in [
        "update",
        "disabled",
        "enabled",
        "password link made",
        "password set with a link",
        "signed out",
    ] {
        assert!(
            log.iter().any(|e| e.entity == "user" && e.change == change),
            "{change}"
        );
    }
}
