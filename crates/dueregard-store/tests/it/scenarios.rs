use dueregard_core::account::{NewUser, SessionRecord};
use dueregard_core::objective::ObjectiveInput;
use dueregard_core::org::{DirectorateFields, PersonInput};
use dueregard_core::plan::*;
use dueregard_core::progress::{ProgressStatus, UpdateFields};
use dueregard_core::store::*;
use dueregard_core::vocab::{Nation, Role};
use jiff::civil::date;

pub(crate) fn cli() -> Actor {
    Actor::command_line()
}

pub(crate) async fn org(store: &dyn Store, slug: &str) -> i64 {
    store
        .create_organisation(
            &cli(),
            NewOrganisation {
                slug: slug.into(),
                name: format!("{slug} council"),
                nation: Nation::England,
                headcount: Some(5000),
            },
        )
        .await
        .expect("create organisation")
        .id
}

pub(crate) async fn objective(
    store: &dyn Store,
    org: i64,
    title: &str,
) -> dueregard_core::objective::EqualityObjective {
    let fields = ObjectiveInput {
        title: title.into(),
        ..Default::default()
    }
    .validate(None)
    .expect("valid");
    store
        .create_objective(&cli(), org, fields)
        .await
        .expect("create objective")
}

pub(crate) async fn person(store: &dyn Store, org: i64, name: &str, initials: &str) -> i64 {
    let f = PersonInput {
        name: name.into(),
        initials: initials.into(),
        ..Default::default()
    }
    .validate()
    .expect("valid");
    store
        .create_person(&cli(), org, f)
        .await
        .expect("create person")
        .id
}

fn plan_fields(title: &str) -> PlanFields {
    PlanInput {
        title: title.into(),
        period_start: "2013-04-01".into(),
        period_end: "2014-03-31".into(),
        status: "approved".into(),
        ..Default::default()
    }
    .validate()
    .expect("valid plan")
}

pub(crate) struct Built {
    pub(crate) org: i64,
    pub(crate) plan: i64,
    pub(crate) p1: i64,
    pub(crate) ce1: i64,
    pub(crate) lead: i64,
    pub(crate) eo: i64,
    pub(crate) a1: i64,
    pub(crate) a2: i64,
}

pub(crate) async fn build_plan(store: &dyn Store, slug: &str) -> Built {
    let org = org(store, slug).await;
    let eo = objective(store, org, "Improve the equality knowledge of employees")
        .await
        .id;
    let lead = person(store, org, "Simon Manson", "SM").await;
    let plan = store
        .create_plan(
            &cli(),
            org,
            plan_fields("Chief Executive's Directorate plan"),
        )
        .await
        .expect("plan")
        .id;
    let p1 = store
        .create_priority(
            &cli(),
            org,
            plan,
            PriorityFields {
                number: 1,
                title: "Policy".into(),
            },
        )
        .await
        .expect("priority")
        .id;
    let ce10 = PlanObjectiveFields {
        priority_id: p1,
        code: "CE10".into(),
        title: "Later".into(),
        lead_ids: vec![lead],
    };
    store
        .create_plan_objective(&cli(), org, plan, ce10)
        .await
        .expect("objective");
    let ce1 = PlanObjectiveFields {
        priority_id: p1,
        code: "CE1".into(),
        title: "Update policies".into(),
        lead_ids: vec![lead],
    };
    let ce1 = store
        .create_plan_objective(&cli(), org, plan, ce1)
        .await
        .expect("objective")
        .id;
    let action = |number: i64, text: &str, target: &str| ActionFields {
        objective_id: ce1,
        number: Some(number),
        text: text.into(),
        lead_ids: vec![lead],
        target_text: target.into(),
        outcome_id: None,
        equality_objective_ids: vec![eo],
        aims: vec![],
        characteristics: vec![],
        local_characteristics: vec![],
    };
    let a2 = store
        .create_action(&cli(), org, plan, action(2, "Second", "January 2014"), None)
        .await
        .expect("action 2");
    let a1 = store
        .create_action(
            &cli(),
            org,
            plan,
            action(1, "First", "By June 2013"),
            Some("Guidance in place".into()),
        )
        .await
        .expect("action 1");
    // One outcome covers both actions, as in seed 004.
    let mut f2 = a2.fields.clone();
    f2.outcome_id = a1.fields.outcome_id;
    let a2 = store
        .update_action(&cli(), org, a2.id, a2.version, f2, None)
        .await
        .expect("share outcome");
    Built {
        org,
        plan,
        p1,
        ce1,
        lead,
        eo,
        a1: a1.id,
        a2: a2.id,
    }
}

pub async fn organisations_are_isolated(store: &dyn Store) {
    let a = org(store, "alpha").await;
    let b = org(store, "beta").await;
    let o = objective(store, a, "Alpha's objective").await;
    assert!(matches!(
        store.objective(b, o.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store.objectives(b).await.expect("list").is_empty());
    assert!(store.search(b, "alpha").await.expect("search").is_empty());
    // Editing another organisation's record is refused as not found and changes nothing.
    let f = ObjectiveInput {
        title: "Taken over".into(),
        ..Default::default()
    }
    .validate(None)
    .expect("valid");
    assert!(matches!(
        store.update_objective(&cli(), b, o.id, 1, f).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        store
            .objective(a, o.id)
            .await
            .expect("still there")
            .fields
            .title,
        "Alpha's objective"
    );
    // A duplicate slug is refused.
    let dup = store
        .create_organisation(
            &cli(),
            NewOrganisation {
                slug: "alpha".into(),
                name: "Again".into(),
                nation: Nation::Wales,
                headcount: None,
            },
        )
        .await;
    assert!(matches!(dup, Err(StoreError::Invalid(_))));
    assert_eq!(store.organisations().await.expect("list").len(), 2);
    assert_eq!(
        store
            .organisation_by_slug("beta")
            .await
            .expect("find")
            .map(|o| o.id),
        Some(b)
    );
}

pub async fn stale_edits_are_refused_and_audited(store: &dyn Store) {
    let o = org(store, "gamma").await;
    let other = org(store, "delta").await;
    let before = store.change_marker(o).await.expect("marker");
    let other_before = store.change_marker(other).await.expect("marker");
    let obj = objective(store, o, "First title").await;
    let after = store.change_marker(o).await.expect("marker");
    assert!(after > before, "a change moves the organisation's marker");
    assert_eq!(
        store.change_marker(other).await.expect("marker"),
        other_before,
        "and no other's"
    );
    assert_eq!(obj.version, 1);
    let edit = |t: &str| {
        ObjectiveInput {
            title: t.into(),
            ..Default::default()
        }
        .validate(None)
        .expect("valid")
    };
    let v2 = store
        .update_objective(&cli(), o, obj.id, 1, edit("Second title"))
        .await
        .expect("edit on version 1");
    assert_eq!(v2.version, 2);
    match store
        .update_objective(&cli(), o, obj.id, 1, edit("Stale title"))
        .await
    {
        Err(StoreError::Conflict {
            yours: 1,
            current: 2,
            ..
        }) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        store.objective(o, obj.id).await.expect("read").fields.title,
        "Second title"
    );
    let log = store.audit_log(o, 50).await.expect("audit");
    let update = log
        .iter()
        .find(|e| e.change == "update" && e.entity == "equality objective")
        .expect("update audited");
    assert!(
        update
            .before
            .as_deref()
            .is_some_and(|b| b.contains("First title"))
    );
    assert!(
        update
            .after
            .as_deref()
            .is_some_and(|a| a.contains("Second title"))
    );
    assert_eq!(update.actor, "command line");
    assert!(
        log.iter()
            .any(|e| e.change == "create" && e.entity_id == obj.id)
    );
    assert!(
        !log.iter().any(|e| e
            .after
            .as_deref()
            .is_some_and(|a| a.contains("Stale title"))),
        "a refused edit leaves no trace"
    );
    let settled = store.change_marker(o).await.expect("marker");
    assert!(
        store
            .update_objective(&cli(), o, obj.id, 1, edit("Stale again"))
            .await
            .is_err()
    );
    assert_eq!(
        store.change_marker(o).await.expect("marker"),
        settled,
        "a refused edit does not move the marker"
    );
    // Directorates and people carry versions too.
    let d = store
        .create_directorate(
            &cli(),
            o,
            DirectorateFields {
                name: "Resources".into(),
                services: vec![],
            },
        )
        .await
        .expect("directorate");
    let d2 = store
        .update_directorate(
            &cli(),
            o,
            d.id,
            1,
            DirectorateFields {
                name: "Corporate Resources".into(),
                services: vec!["HR".into()],
            },
        )
        .await
        .expect("edit");
    assert_eq!(d2.version, 2);
    assert!(matches!(
        store
            .update_directorate(&cli(), o, d.id, 1, d.fields.clone())
            .await,
        Err(StoreError::Conflict { .. })
    ));
}

pub async fn plans_keep_their_shape_and_references(store: &dyn Store) {
    let b = build_plan(store, "dudley").await;
    let tree = store.plan_tree(b.org, b.plan).await.expect("tree");
    let ordered = tree.ordered();
    let codes: Vec<&str> = ordered[0]
        .1
        .iter()
        .map(|(o, _)| o.fields.code.as_str())
        .collect();
    assert_eq!(codes, ["CE1", "CE10"]);
    let refs: Vec<i64> = ordered[0].1[0]
        .1
        .iter()
        .map(|a| a.fields.number.unwrap_or(0))
        .collect();
    assert_eq!(refs, [1, 2]);
    assert_eq!(tree.outcomes.len(), 1);
    let shared = tree.outcomes[0].id;
    assert!(
        tree.actions
            .iter()
            .all(|a| a.fields.outcome_id == Some(shared))
    );
    let rows = store.action_rows(b.org).await.expect("rows");
    let a1 = rows.iter().find(|r| r.id == b.a1).expect("a1");
    assert_eq!(a1.reference, "CE1 (1)");
    assert_eq!(a1.due_by, Some(date(2013, 6, 30)));
    assert_eq!(
        store
            .actions_led_by(b.org, b.lead)
            .await
            .expect("led")
            .len(),
        2
    );
    assert_eq!(
        store
            .actions_for_objective(b.org, b.eo)
            .await
            .expect("serving")
            .len(),
        2
    );

    // References to another plan's objective or another organisation's people are refused.
    let other = build_plan(store, "other").await;
    let before = store.action(b.org, b.a1).await.expect("read");
    let mut f = before.fields.clone();
    f.lead_ids = vec![other.lead];
    match store
        .update_action(&cli(), b.org, b.a1, before.version, f, None)
        .await
    {
        Err(StoreError::Invalid(e)) => assert!(e.for_field("lead_ids").is_some()),
        other => panic!("expected refusal, got {other:?}"),
    }
    let mut f = before.fields.clone();
    f.objective_id = other.ce1;
    assert!(matches!(
        store
            .create_action(&cli(), b.org, b.plan, f, Some("orphan".into()))
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        store
            .plan_tree(b.org, b.plan)
            .await
            .expect("tree")
            .outcomes
            .len(),
        1,
        "the refused action's new outcome was rolled back"
    );
    assert_eq!(
        store.action(b.org, b.a1).await.expect("read"),
        before,
        "nothing changed"
    );
    let bad = PlanObjectiveFields {
        priority_id: other.p1,
        code: "CE3".into(),
        title: "x".into(),
        lead_ids: vec![],
    };
    assert!(matches!(
        store
            .create_plan_objective(&cli(), b.org, b.plan, bad)
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.plan_tree(b.org, other.plan).await,
        Err(StoreError::NotFound(_))
    ));

    // Renumbering an objective changes its actions' references.
    let ce1 = tree.objective(b.ce1).expect("ce1").clone();
    let mut f = ce1.fields.clone();
    f.code = "CE01".into();
    store
        .update_plan_objective(&cli(), b.org, b.ce1, ce1.version, f)
        .await
        .expect("recode");
    let rows = store.action_rows(b.org).await.expect("rows");
    assert!(
        rows.iter()
            .any(|r| r.reference == "CE01 (2)" && r.id == b.a2)
    );

    let g = store
        .create_glossary_entry(
            &cli(),
            b.org,
            b.plan,
            GlossaryFields {
                term: "PSED".into(),
                meaning: "public sector equality duty".into(),
            },
        )
        .await
        .expect("glossary");
    assert_eq!(
        store.plan_tree(b.org, b.plan).await.expect("tree").glossary,
        vec![g]
    );
}

pub async fn progress_updates_drive_the_latest_status(store: &dyn Store) {
    let b = build_plan(store, "worcester").await;
    let update = |on, status| UpdateFields {
        reported_on: on,
        status,
        narrative: "Reported".into(),
        evidence: vec!["https://example.org/report".into()],
        illustrative: false,
        why_late: None,
        revised_date: None,
    };
    let actor = Actor {
        user_id: None,
        name: "Simon Manson".into(),
    };
    store
        .add_update(
            &actor,
            b.org,
            b.a1,
            update(date(2013, 9, 30), ProgressStatus::AtRisk),
        )
        .await
        .expect("update");
    store
        .add_update(
            &actor,
            b.org,
            b.a1,
            update(date(2013, 5, 1), ProgressStatus::OnTrack),
        )
        .await
        .expect("back-dated update");
    let a = store.action(b.org, b.a1).await.expect("action");
    assert_eq!(
        a.progress.latest_status,
        Some(ProgressStatus::AtRisk),
        "a back-dated update does not replace the latest"
    );
    assert_eq!(a.progress.latest_update_on, Some(date(2013, 9, 30)));
    let history = store.updates(b.org, b.a1).await.expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].fields.reported_on, date(2013, 9, 30));
    assert_eq!(history[0].author, "Simon Manson");
    assert_eq!(
        a.version, 1,
        "reporting progress does not make edits to the action stale"
    );
    let other = org(store, "elsewhere").await;
    assert!(matches!(
        store
            .add_update(
                &actor,
                other,
                b.a1,
                update(date(2013, 9, 30), ProgressStatus::Complete)
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store.updates(other, b.a1).await.expect("none").is_empty());

    let plans = store.plan_rows(b.org).await.expect("plans");
    let rows = store.action_rows(b.org).await.expect("rows");
    let d = dueregard_core::dashboard::Dashboard::build(
        Nation::England,
        date(2013, 10, 1),
        &[],
        &plans,
        &rows,
    );
    assert_eq!(
        d.overdue.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![b.a1]
    );
    assert_eq!(
        d.plans[0]
            .by_status
            .iter()
            .find(|(s, _)| *s == ProgressStatus::AtRisk)
            .map(|x| x.1),
        Some(1)
    );
    // A revised date is kept on the action beside its target, and stands until revised again.
    let mut late = update(date(2013, 10, 1), ProgressStatus::OffTrack);
    late.why_late = Some("The venue fell through".into());
    late.revised_date = Some(date(2014, 1, 31));
    store
        .add_update(&actor, b.org, b.a1, late)
        .await
        .expect("late");
    store
        .add_update(
            &actor,
            b.org,
            b.a1,
            update(date(2013, 11, 1), ProgressStatus::AtRisk),
        )
        .await
        .expect("later");
    let a = store.action(b.org, b.a1).await.expect("action");
    assert_eq!(a.progress.revised_due, Some(date(2014, 1, 31)));
    let row = store
        .action_rows(b.org)
        .await
        .expect("rows")
        .into_iter()
        .find(|r| r.id == b.a1)
        .expect("row");
    assert_eq!(row.progress.revised_due, Some(date(2014, 1, 31)));
    assert_eq!(
        store.updates(b.org, b.a1).await.expect("history")[1]
            .fields
            .why_late
            .as_deref(),
        Some("The venue fell through")
    );
}

pub async fn accounts_sessions_and_tokens(store: &dyn Store) {
    let o = org(store, "leicester").await;
    let p = person(store, o, "Haseeb Ahmad", "HA").await;
    let new = |email: &str| NewUser {
        email: email.into(),
        name: "Haseeb Ahmad".into(),
        role: Role::LeadOfficer,
        person_id: Some(p),
        password_hash: "$argon2id$x".into(),
    };
    let u = store
        .create_user(&cli(), o, new("ha@example.gov.uk"))
        .await
        .expect("user");
    assert!(matches!(
        store.create_user(&cli(), o, new("ha@example.gov.uk")).await,
        Err(StoreError::Invalid(_))
    ));
    let (found, hash) = store
        .user_credentials("HA@example.gov.uk")
        .await
        .expect("lookup")
        .expect("found");
    assert_eq!((found.id, hash.as_str()), (u.id, "$argon2id$x"));
    assert!(
        store
            .user_credentials("nobody@example.gov.uk")
            .await
            .expect("lookup")
            .is_none()
    );
    assert!(
        !store
            .audit_log(o, 10)
            .await
            .expect("audit")
            .iter()
            .any(|e| e.after.as_deref().is_some_and(|a| a.contains("argon2"))),
        "hashes stay out of the audit"
    );

    store
        .create_session(SessionRecord {
            token_hash: "h1".into(),
            user_id: u.id,
            csrf_token: "c1".into(),
            expires_at: 1000,
        })
        .await
        .expect("session");
    assert_eq!(
        store
            .session("h1", 999)
            .await
            .expect("read")
            .map(|(u, org, c)| (u.id, org.id, c)),
        Some((u.id, o, "c1".to_string()))
    );
    assert!(
        store.session("h1", 1000).await.expect("read").is_none(),
        "expired"
    );
    store.delete_session("h1").await.expect("sign out");
    assert!(store.session("h1", 0).await.expect("read").is_none());

    // Sign-in attempts are counted when they begin; the sixth from one address at one
    // account waits, another address does not, and success clears the pair.
    let t = dueregard_core::account::SignInThrottle::STANDARD;
    for n in 0..5 {
        let attempt = format!("a{n}");
        assert_eq!(
            store
                .begin_sign_in("HA@example.gov.uk", "10.0.0.1", &attempt, 1000, &t)
                .await
                .expect("attempt"),
            None,
            "attempt {n}"
        );
    }
    assert_eq!(
        store
            .begin_sign_in("ha@example.gov.uk", "10.0.0.1", "a5", 1000, &t)
            .await
            .expect("attempt"),
        Some(30)
    );
    assert_eq!(
        store
            .begin_sign_in("ha@example.gov.uk", "10.0.0.2", "b0", 1000, &t)
            .await
            .expect("attempt"),
        None,
        "another address is not held back"
    );
    store
        .sign_in_succeeded("ha@example.gov.uk", "10.0.0.1", "a4")
        .await
        .expect("succeeded");
    assert_eq!(
        store
            .begin_sign_in("ha@example.gov.uk", "10.0.0.1", "a6", 1001, &t)
            .await
            .expect("attempt"),
        None,
        "the pair's failures no longer count"
    );
    assert_eq!(
        store
            .begin_sign_in("ha@example.gov.uk", "10.0.0.1", "a7", 1000 + 16 * 60, &t)
            .await
            .expect("attempt"),
        None,
        "old attempts fall out of the window"
    );

    let t = store
        .create_token(&cli(), u.id, "reporting script", "tokenhash")
        .await
        .expect("token");
    assert_eq!(
        store
            .token_user("tokenhash")
            .await
            .expect("lookup")
            .map(|u| u.id),
        Some(u.id)
    );
    store
        .revoke_token(&cli(), u.id, t.id)
        .await
        .expect("revoke");
    assert!(
        store
            .token_user("tokenhash")
            .await
            .expect("lookup")
            .is_none()
    );
    assert!(matches!(
        store.revoke_token(&cli(), u.id, t.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(
        store.tokens(u.id).await.expect("list")[0]
            .revoked_at
            .is_some()
    );
}

/// What an Argon2 password hash looks like (not of any real password).
pub const PASSWORD_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA";

pub use crate::backups::tampered_backups_are_refused_whole;
pub use crate::users::accounts_are_run_with_an_administrator_always_left;

pub async fn export_and_restore_round_trip(store: &dyn Store) {
    let b = build_plan(store, "cumbria").await;
    let actor = Actor {
        user_id: None,
        name: "Officer".into(),
    };
    let update = UpdateFields {
        reported_on: date(2013, 9, 1),
        status: ProgressStatus::OnTrack,
        narrative: "Quotes ‘curly’ and \"straight\", emoji ✓".into(),
        evidence: vec![],
        illustrative: true,
        why_late: None,
        revised_date: None,
    };
    store
        .add_update(&actor, b.org, b.a2, update)
        .await
        .expect("update");
    store
        .create_user(
            &cli(),
            b.org,
            NewUser {
                email: "lead@example.gov.uk".into(),
                name: "Lead".into(),
                role: Role::EqualityLead,
                person_id: None,
                password_hash: PASSWORD_HASH.into(),
            },
        )
        .await
        .expect("user");
    store
        .workforce_keys(b.org, "0123456789abcdef")
        .await
        .expect("key id");
    store
        .create_snapshot(&cli(), b.org, snapshot_fields(2024), &people(25))
        .await
        .expect("snapshot");
    let backup = store.export(&cli()).await.expect("export");
    assert!(
        backup
            .tables
            .iter()
            .any(|t| t.name == "actions" && t.rows.len() == 2)
    );
    assert!(
        backup
            .tables
            .iter()
            .any(|t| t.name == "workforce_records" && t.rows.len() == 25)
    );
    // A backup names the key its pseudonyms need, and never holds a key.
    let keys = backup.tables.iter().find(|t| t.name == "workforce_keys");
    assert_eq!(
        keys.map(|t| t.rows.len()),
        Some(1),
        "the backup names the organisation's key"
    );
    assert!(
        !backup.tables.iter().any(|t| t.name == "workforce_secrets"),
        "no table of secrets in a backup"
    );

    let target = crate::fresh_like(store).await;
    target
        .store
        .restore(&cli(), &backup)
        .await
        .expect("restore");
    let again = target.store.export(&cli()).await.expect("export again");
    assert_eq!(again, backup, "export → restore → export is exact");
    // The restored database keeps working: new ids do not collide with restored ones.
    let next = objective(&target.store, b.org, "After restore").await;
    assert!(next.id > b.eo);
    assert!(
        matches!(
            target.store.restore(&cli(), &backup).await,
            Err(StoreError::Invalid(_))
        ),
        "restore only into an empty database"
    );
    target.finish().await;

    let empty = crate::fresh_like(store).await;
    let mut wrong = backup.clone();
    wrong.format = "something else".into();
    assert!(matches!(
        empty.store.restore(&cli(), &wrong).await,
        Err(StoreError::Invalid(_))
    ));
    let mut broken = backup.clone();
    if let Some(t) = broken.tables.iter_mut().find(|t| t.name == "actions") {
        t.rows[1].pop();
    }
    assert!(matches!(
        empty.store.restore(&cli(), &broken).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(
        empty.store.organisations().await.expect("list").is_empty(),
        "a failed restore stores nothing"
    );
    empty.finish().await;
}

pub async fn search_finds_objectives_and_actions(store: &dyn Store) {
    let b = build_plan(store, "borough").await;
    let hits = store
        .search(b.org, "EQUALITY KNOWLEDGE")
        .await
        .expect("search");
    assert_eq!(
        hits.iter()
            .map(|h| (h.kind.as_str(), h.id))
            .collect::<Vec<_>>(),
        vec![("objective", b.eo)]
    );
    let hits = store.search(b.org, "second").await.expect("search");
    assert!(hits.iter().any(|h| h.kind == "action"
        && h.id == b.a2
        && h.context == "Chief Executive's Directorate plan"));
    assert!(
        store.search(b.org, "%").await.expect("search").is_empty(),
        "wildcards are taken literally"
    );
    assert!(
        store
            .search(b.org, "update policies")
            .await
            .expect("search")
            .iter()
            .any(|h| h.kind == "plan_objective" && h.id == b.plan)
    );
}

pub async fn changing_a_plan_period_moves_due_dates(store: &dyn Store) {
    let b = build_plan(store, "shift").await;
    let plan = store.plan_tree(b.org, b.plan).await.expect("tree").plan;
    let mut f = plan.fields.clone();
    f.period = dueregard_core::period::FinancialYear::parse("2014/15")
        .map(|y| y.period())
        .expect("year");
    let bad_version = store
        .update_plan(&cli(), b.org, b.plan, plan.version + 5, f.clone())
        .await;
    assert!(matches!(bad_version, Err(StoreError::Conflict { .. })));
    store
        .update_plan(&cli(), b.org, b.plan, plan.version, f)
        .await
        .expect("new period");
    // "By June 2013" names its year, so it stays; nothing else moves either.
    let rows = store.action_rows(b.org).await.expect("rows");
    assert_eq!(
        rows.iter().find(|r| r.id == b.a1).and_then(|r| r.due_by),
        Some(date(2013, 6, 30))
    );
    let _ = (b.p1, b.a2);
}

/// A seed document from `../shared/seeds`, or `None` when that folder is not beside the
/// project: the test then stops without comparing, and its name is added to the file named by
/// `DUEREGARD_SEEDS_NOT_RUN`, so the test command can say how many did not run.
fn seed_path(name: &str) -> Option<std::path::PathBuf> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds")
        .join(name);
    if path.exists() {
        return Some(path);
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    println!("not run: {test} compares with {name}, which is not in ../shared/seeds");
    if let Ok(list) = std::env::var("DUEREGARD_SEEDS_NOT_RUN") {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(list)
        {
            let _ = writeln!(f, "{test}");
        }
    }
    None
}

fn seed_004() -> Option<dueregard_formats::import::ImportedPlan> {
    let path = seed_path("004_8d8d19867bf1a4c9.txt")?;
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("seed 004: {e}"));
    let text = dueregard_formats::import::decode::decode_text(&bytes).expect("seed 004 is text");
    Some(dueregard_formats::import::text_plan::parse(&text))
}

fn seed_source(fingerprint: &str) -> dueregard_core::import::ImportSource {
    dueregard_core::import::ImportSource {
        file_name: "004_8d8d19867bf1a4c9.txt".into(),
        fingerprint: fingerprint.into(),
    }
}

fn choices(replaces: Option<i64>) -> dueregard_formats::import::to_store::PlanChoices {
    dueregard_formats::import::to_store::PlanChoices {
        title: "Annual Equality Action Plan 2013/14".into(),
        period: dueregard_core::period::FinancialYear::new(2013)
            .expect("a year")
            .period(),
        directorate_id: None,
        replaces_plan_id: replaces,
    }
}

/// What a stored plan holds, in the words of the document, to compare two imports.
async fn plan_outline(store: &dyn Store, org: i64, plan_id: i64) -> Vec<String> {
    let tree = store.plan_tree(org, plan_id).await.expect("tree");
    let people = store.people(org).await.expect("people");
    let name = |id: &i64| {
        people
            .iter()
            .find(|p| p.id == *id)
            .map(|p| p.fields.name.clone())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for p in &tree.priorities {
        out.push(format!("P{} {}", p.fields.number, p.fields.title));
        for o in tree
            .objectives
            .iter()
            .filter(|o| o.fields.priority_id == p.id)
        {
            let leads: Vec<String> = o.fields.lead_ids.iter().map(name).collect();
            out.push(format!("{} {} {:?}", o.fields.code, o.fields.title, leads));
            for a in tree
                .actions
                .iter()
                .filter(|a| a.fields.objective_id == o.id)
            {
                let outcome = a.fields.outcome_id.and_then(|id| {
                    tree.outcomes
                        .iter()
                        .find(|x| x.id == id)
                        .map(|x| x.fields.text.clone())
                });
                let leads: Vec<String> = a.fields.lead_ids.iter().map(name).collect();
                out.push(format!(
                    "({:?}) {} {:?} | {} | {:?}",
                    a.fields.number, a.fields.text, leads, a.fields.target_text, outcome
                ));
            }
        }
    }
    out
}

pub async fn imports_are_whole_and_not_repeated(store: &dyn Store) {
    use dueregard_formats::import::to_store::plan_import;
    let o = org(store, "dudley").await;
    // Someone the council already has is reused, matched by name from the key.
    let jw = person(store, o, "Jason Whyley", "JW").await;
    let Some(parsed) = seed_004() else {
        return;
    };
    let people = store.people(o).await.expect("people");
    let import =
        plan_import(&parsed, &people, choices(None), seed_source("abc123")).expect("valid");
    let receipt = store
        .import_plan(&cli(), o, import.clone())
        .await
        .expect("the seed imports");
    assert_eq!(receipt.actions, 40);
    assert_eq!(
        receipt.people_created, 14,
        "15 leads in the key, one already known"
    );
    let tree = store.plan_tree(o, receipt.plan.id).await.expect("tree");
    assert_eq!(tree.priorities.len(), 9);
    assert_eq!(tree.objectives.len(), 18);
    assert_eq!(tree.actions.len(), 40);
    assert!(!tree.glossary.is_empty());
    let ce6 = tree
        .objectives
        .iter()
        .find(|x| x.fields.code == "CE6")
        .expect("CE6");
    assert!(ce6.fields.lead_ids.iter().all(|id| *id != jw));
    let by_jw = store.actions_led_by(o, jw).await.expect("led by");
    assert!(
        !by_jw.is_empty(),
        "JW's actions point at the existing person"
    );
    // A merged outcome cell is one outcome shared by the actions under it.
    let shared = tree
        .actions
        .iter()
        .filter_map(|a| a.fields.outcome_id)
        .count();
    assert!(
        tree.outcomes.len() < shared,
        "some outcomes serve several actions"
    );
    // Every change is audited, the import itself included.
    let audit = store.audit_log(o, 1000).await.expect("audit");
    assert!(audit.iter().any(|a| a.entity == "import"));

    // The same document again is refused, and nothing is stored.
    let plans_before = store.plans(o).await.expect("plans").len();
    let people_before = store.people(o).await.expect("people").len();
    let again = store.import_plan(&cli(), o, import.clone()).await;
    match again {
        Err(StoreError::Invalid(e)) => {
            let m = e.for_field("file").expect("about the file");
            assert!(m.contains("imported before"), "{m}");
            assert!(m.contains("new version"), "{m}");
        }
        other => panic!("a repeated import must be refused: {other:?}"),
    }
    assert_eq!(store.plans(o).await.expect("plans").len(), plans_before);

    // Chosen as a new version of the plan, it is stored and linked to the one it replaces.
    let people = store.people(o).await.expect("people");
    let v2 = plan_import(
        &parsed,
        &people,
        choices(Some(receipt.plan.id)),
        seed_source("abc123"),
    )
    .expect("valid");
    assert!(v2.new_people.is_empty(), "everyone in the key is now known");
    let second = store.import_plan(&cli(), o, v2).await.expect("new version");
    assert_eq!(
        plan_outline(store, o, second.plan.id).await,
        plan_outline(store, o, receipt.plan.id).await
    );
    assert_eq!(store.people(o).await.expect("people").len(), people_before);
    let imports = store.imports(o).await.expect("imports");
    assert_eq!(imports.len(), 2);
    assert_eq!(imports[0].replaces_plan_id, Some(receipt.plan.id));
    assert_eq!(imports[0].plan_id, Some(second.plan.id));

    // A failure part-way (a lead that does not exist, on the last action) stores nothing at all.
    let mut broken = plan_import(&parsed, &[], choices(None), seed_source("other")).expect("ok");
    let last = broken
        .priorities
        .last_mut()
        .and_then(|p| p.objectives.last_mut())
        .and_then(|o| o.actions.last_mut())
        .expect("an action");
    last.leads = vec![dueregard_core::import::LeadRef::Existing(999_999)];
    let counts = |t: &[dueregard_core::dashboard::PlanRow]| t.len();
    let rows_before = counts(&store.plan_rows(o).await.expect("rows"));
    let people_before = store.people(o).await.expect("people").len();
    let audit_before = store.audit_log(o, 100_000).await.expect("audit").len();
    assert!(matches!(
        store.import_plan(&cli(), o, broken).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        counts(&store.plan_rows(o).await.expect("rows")),
        rows_before
    );
    assert_eq!(store.people(o).await.expect("people").len(), people_before);
    assert_eq!(
        store.audit_log(o, 100_000).await.expect("audit").len(),
        audit_before
    );
    assert_eq!(store.imports(o).await.expect("imports").len(), 2);

    // Objectives: all stored as drafts, once.
    let found = dueregard_formats::import::objectives_text::parse(
        "The proposed new Equality Objectives are:\n• Improve access to services;\n• Reduce inequalities in health; and\n• Foster good relations.\n",
    );
    let oi = dueregard_formats::import::to_store::objectives_import(
        &found,
        None,
        seed_source("objs"),
        false,
    )
    .expect("valid");
    let stored = store
        .import_objectives(&cli(), o, oi.clone())
        .await
        .expect("objectives");
    assert_eq!(stored.objectives.len(), 3);
    assert!(matches!(
        store.import_objectives(&cli(), o, oi).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.objectives(o).await.expect("objectives").len(), 3);
}

pub(crate) fn snapshot_fields(year: i16) -> dueregard_core::workforce::SnapshotFields {
    dueregard_core::workforce::SnapshotFields {
        snapshot_date: date(year, 3, 31),
        area_code: Some("E08000027".into()),
        sex_basis: dueregard_core::workforce::SexBasis::RecordedSex,
        disclosure: dueregard_core::workforce::Preset::Threshold10,
        synthetic: true,
        file_name: format!("hr-{year}.csv"),
        fingerprint: "f".repeat(64),
        headline: None,
        columns_not_read: Vec::new(),
    }
}

pub(crate) fn people(n: usize) -> Vec<dueregard_core::workforce::EmployeeRecord> {
    (0..n)
        .map(|i| dueregard_core::workforce::EmployeeRecord {
            pseudonym: format!("{i:032x}"),
            codes: [(i % 2) as u8, 12, 1, 1, 0, (i % 5) as u8],
            directorate: if i % 3 == 0 { "Resources" } else { "Place" }.into(),
            grade: format!("Grade {}", i % 4),
            rate: (i % 7 != 0).then_some((150_000 + i as i64 * 100, 100)),
            bonus_pence: if i % 5 == 0 { 25_000 } else { 0 },
        })
        .collect()
}

pub async fn workforce_snapshots_are_whole_private_and_audited(store: &dyn Store) {
    let o = org(store, "dudley").await;
    let other = org(store, "cumbria").await;
    assert_eq!(store.workforce_keys(o, "").await.expect("none yet"), "");
    let keys = store
        .workforce_keys(o, "aaaaaaaaaaaaaaaa")
        .await
        .expect("first key");
    assert_eq!(
        store
            .workforce_keys(o, "bbbbbbbbbbbbbbbb")
            .await
            .expect("again"),
        keys,
        "the first key stays, so pseudonyms link across years"
    );
    assert_eq!(store.workforce_keys(other, "").await.expect("other"), "");

    // 1,000 people: more than one batch of inserts.
    let everyone = people(1000);
    let snapshot = store
        .create_snapshot(&cli(), o, snapshot_fields(2025), &everyone)
        .await
        .expect("stored");
    assert_eq!(snapshot.employees, 1000);
    let marker = store.change_marker(o).await.expect("marker");
    let back = store
        .snapshot_people(&cli(), o, snapshot.id)
        .await
        .expect("read");
    assert_eq!(back, everyone, "every field comes back exactly");
    assert!(
        store.change_marker(o).await.expect("marker") > marker,
        "reading special category data is audited"
    );
    let log = store.audit_log(o, 5).await.expect("audit");
    assert!(
        log.iter()
            .any(|e| e.change == "viewed" && e.entity == "workforce snapshot")
    );

    // A report is kept with the snapshot, replaced when kept again, and read without an
    // audit record: it holds only published figures.
    assert_eq!(
        store
            .snapshot_report(o, snapshot.id)
            .await
            .expect("none yet"),
        None
    );
    store
        .keep_snapshot_report(o, snapshot.id, r#"{"first":1}"#)
        .await
        .expect("kept");
    store
        .keep_snapshot_report(o, snapshot.id, r#"{"second":2}"#)
        .await
        .expect("kept again");
    let marker = store.change_marker(o).await.expect("marker");
    assert_eq!(
        store.snapshot_report(o, snapshot.id).await.expect("read"),
        Some(r#"{"second":2}"#.to_string())
    );
    assert_eq!(store.change_marker(o).await.expect("marker"), marker);
    let listed = store.snapshots(o).await.expect("list");
    assert_eq!(
        listed,
        vec![snapshot.clone()],
        "the report is not part of a listing"
    );

    // Rotating the key: refused whole when the keys are not the ones named, else every
    // pseudonym changes in one transaction and the keys say so.
    let flip = |p: &str| Some(p.chars().rev().collect::<String>());
    assert!(matches!(
        store
            .rekey_workforce(&cli(), o, "not-these", "x y", &flip)
            .await,
        Err(StoreError::Invalid(_))
    ));
    let bad = |_: &str| None;
    assert!(
        store
            .rekey_workforce(&cli(), o, &keys, "x y", &bad)
            .await
            .is_err()
    );
    assert_eq!(
        store
            .snapshot_people(&cli(), o, snapshot.id)
            .await
            .expect("read"),
        everyone,
        "a failed rotation changes nothing"
    );
    let to = format!("{keys} cccccccccccccccc");
    let changed = store
        .rekey_workforce(&cli(), o, &keys, &to, &flip)
        .await
        .expect("rotated");
    assert_eq!(changed, 1000);
    assert_eq!(store.workforce_keys(o, "").await.expect("keys"), to);
    let rotated = store
        .snapshot_people(&cli(), o, snapshot.id)
        .await
        .expect("read");
    let mut expected: Vec<_> = everyone
        .iter()
        .map(|p| {
            let mut p = p.clone();
            p.pseudonym = p.pseudonym.chars().rev().collect();
            p
        })
        .collect();
    expected.sort_by(|a, b| a.pseudonym.cmp(&b.pseudonym));
    assert_eq!(
        rotated, expected,
        "each pseudonym rekeyed, nothing else changed"
    );
    store
        .rekey_workforce(&cli(), o, &to, &keys, &flip)
        .await
        .expect("back");

    // Other organisations see nothing of it.
    assert!(store.snapshots(other).await.expect("list").is_empty());
    assert!(matches!(
        store.snapshot_people(&cli(), other, snapshot.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.snapshot_report(other, snapshot.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.keep_snapshot_report(other, snapshot.id, "{}").await,
        Err(StoreError::NotFound(_))
    ));

    // A second snapshot for the same date is refused; a later one is kept beside it.
    assert!(matches!(
        store
            .create_snapshot(&cli(), o, snapshot_fields(2025), &people(3))
            .await,
        Err(StoreError::Invalid(_))
    ));
    // A bad person anywhere refuses the whole snapshot.
    let mut bad = people(500);
    bad[499].bonus_pence = -1;
    assert!(matches!(
        store
            .create_snapshot(&cli(), o, snapshot_fields(2026), &bad)
            .await,
        Err(StoreError::Invalid(_))
    ));
    let mut twice = people(10);
    twice[9].pseudonym = twice[0].pseudonym.clone();
    assert!(matches!(
        store
            .create_snapshot(&cli(), o, snapshot_fields(2026), &twice)
            .await,
        Err(StoreError::Invalid(_))
    ));
    // A disclosure rule or sex basis that does not exist cannot be written down now (they are
    // enums); a file name too long to keep is refused the same way.
    let mut fields = snapshot_fields(2026);
    fields.file_name = "x".repeat(1_000);
    assert!(matches!(
        store.create_snapshot(&cli(), o, fields, &people(3)).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        store.snapshots(o).await.expect("list").len(),
        1,
        "nothing half-stored"
    );
    let later = store
        .create_snapshot(&cli(), o, snapshot_fields(2026), &people(30))
        .await
        .expect("later year");
    let listed: Vec<i64> = store
        .snapshots(o)
        .await
        .expect("list")
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(listed, vec![later.id, snapshot.id], "newest date first");

    store
        .delete_snapshot(&cli(), o, snapshot.id)
        .await
        .expect("delete");
    assert!(matches!(
        store.snapshot(o, snapshot.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.snapshots(o).await.expect("list").len(), 1);
}

fn assessment_fields(owner: i64) -> dueregard_core::assessment::AssessmentFields {
    use dueregard_core::assessment::*;
    use dueregard_core::vocab::{Aim, ProtectedCharacteristic};
    AssessmentFields {
        title: "Drug and alcohol services tender".into(),
        subject: Subject::Procurement,
        owner_id: Some(owner),
        directorate_id: None,
        screening: Screening {
            answers: vec![],
            full_assessment_needed: Some(true),
            reason: "Used by people of every group".into(),
        },
        scope: "Adult and young people's services".into(),
        purpose: "Better recovery".into(),
        evidence: vec![Evidence {
            kind: EvidenceKind::CommunityData,
            title: "Treatment population".into(),
            source: "Public health".into(),
            dated: date(2013, 4, 1),
            summary: String::new(),
        }],
        information_gaps: String::new(),
        impacts: ProtectedCharacteristic::ALL
            .iter()
            .map(|p| ImpactEntry {
                characteristic: CharacteristicRef::Protected(*p),
                impact: Impact::Neutral,
                severity: None,
                who_is_affected: String::new(),
                evidence: vec![0],
                mitigation: String::new(),
            })
            .collect(),
        aims: Aim::ALL
            .iter()
            .map(|a| AimStatement {
                aim: *a,
                how: "Through the specification".into(),
            })
            .collect(),
        outcome: Some(Outcome::NoMajorChange),
        justification: String::new(),
        review_date: Some(date(2099, 4, 1)),
        public: true,
        assessed: None,
        reviewed: None,
        approved: None,
    }
}

pub async fn assessments_are_signed_in_order_frozen_and_versioned(store: &dyn Store) {
    use dueregard_core::assessment::*;
    use dueregard_core::vocab::Role;
    let o = org(store, "dudley").await;
    let other = org(store, "cumbria").await;
    let owner = person(store, o, "Kate Owner", "KO").await;
    let officer = Actor {
        user_id: Some(11),
        name: "Kate Owner".into(),
    };
    let lead = Actor {
        user_id: Some(12),
        name: "Equality Lead".into(),
    };
    let director = Actor {
        user_id: Some(13),
        name: "Director".into(),
    };

    // Bad references are refused whole.
    let mut stranger = assessment_fields(owner);
    stranger.owner_id = Some(person(store, other, "Someone Else", "SE").await);
    assert!(matches!(
        store.create_assessment(&officer, o, stranger).await,
        Err(StoreError::Invalid(_))
    ));
    let mut local = assessment_fields(owner);
    local.impacts[0].characteristic = CharacteristicRef::Local(424242);
    assert!(matches!(
        store.create_assessment(&officer, o, local).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(store.assessments(o).await.expect("list").is_empty());

    // Signatures cannot be saved, only signed.
    let mut forged = assessment_fields(owner);
    forged.approved = Some(Signature {
        user_id: 1,
        name: "x".into(),
        at: "2013-01-01T00:00:00Z".into(),
        on: date(2013, 1, 1),
    });
    let a = store
        .create_assessment(&officer, o, forged)
        .await
        .expect("created");
    assert_eq!(a.fields.status(), Status::Draft);
    assert_eq!((a.edition, a.series_id), (1, a.id));

    // In order, by role; the assessor cannot approve.
    let early = store
        .sign_assessment(
            &lead,
            o,
            a.id,
            a.version,
            Step::Reviewed,
            (12, Role::EqualityLead),
        )
        .await;
    assert!(matches!(early, Err(StoreError::Invalid(_))));
    let a = store
        .sign_assessment(
            &officer,
            o,
            a.id,
            a.version,
            Step::Assessed,
            (11, Role::LeadOfficer),
        )
        .await
        .expect("assessed");
    let stale = store
        .sign_assessment(
            &lead,
            o,
            a.id,
            a.version - 1,
            Step::Reviewed,
            (12, Role::EqualityLead),
        )
        .await;
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "a stale sign-off is refused"
    );
    let a = store
        .sign_assessment(
            &lead,
            o,
            a.id,
            a.version,
            Step::Reviewed,
            (12, Role::EqualityLead),
        )
        .await
        .expect("reviewed");
    let own = store
        .sign_assessment(
            &officer,
            o,
            a.id,
            a.version,
            Step::Approved,
            (11, Role::Administrator),
        )
        .await;
    assert!(
        matches!(own, Err(StoreError::Invalid(_))),
        "nobody approves their own assessment"
    );
    let a = store
        .sign_assessment(
            &director,
            o,
            a.id,
            a.version,
            Step::Approved,
            (13, Role::Administrator),
        )
        .await
        .expect("approved");
    assert_eq!(a.fields.status(), Status::Approved);
    assert_eq!(
        a.fields.approved.as_ref().map(|s| s.name.as_str()),
        Some("Director")
    );

    // Approved: frozen. A change makes a new edition and keeps the old one.
    let mut change = a.fields.clone();
    change.purpose = "Changed after approval".into();
    assert!(matches!(
        store
            .update_assessment(&officer, o, a.id, a.version, change.clone())
            .await,
        Err(StoreError::Invalid(_))
    ));
    let b = store
        .new_assessment_edition(&officer, o, a.id)
        .await
        .expect("new edition");
    assert_eq!((b.edition, b.series_id), (2, a.id));
    assert_eq!(b.fields.status(), Status::Draft);
    let b = store
        .update_assessment(&officer, o, b.id, b.version, change)
        .await
        .expect("draft edits");
    assert_eq!(b.fields.purpose, "Changed after approval");
    let old = store.assessment(o, a.id).await.expect("kept");
    assert_eq!(old.superseded_by, Some(b.id));
    assert_eq!(
        old.fields.purpose, "Better recovery",
        "the approved edition is unchanged"
    );
    assert!(matches!(
        store.new_assessment_edition(&officer, o, a.id).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.assessment(other, a.id).await,
        Err(StoreError::NotFound(_))
    ));

    // Decisions attach this organisation's assessments only.
    let fields = DecisionFields {
        title: "Award the contract".into(),
        decision_maker: "Cabinet".into(),
        decided_on: date(2099, 1, 1),
        key_decision: true,
        forward_plan: true,
        report: String::new(),
        assessment_ids: vec![a.id],
        assessment_seen: true,
    };
    let d = store
        .create_decision(&lead, o, fields.clone())
        .await
        .expect("decision");
    assert!(matches!(
        store.create_decision(&lead, other, fields.clone()).await,
        Err(StoreError::Invalid(_))
    ));
    let mut renamed = fields;
    renamed.title = "Award the drug and alcohol contract".into();
    let d2 = store
        .update_decision(&lead, o, d.id, d.version, renamed)
        .await
        .expect("edited");
    assert_eq!(d2.version, d.version + 1);
    assert_eq!(store.decisions(o).await.expect("list").len(), 1);
    assert!(store.decisions(other).await.expect("list").is_empty());
}

pub async fn archive_restore_and_delete_every_kind(store: &dyn Store) {
    use dueregard_core::record::RecordKind;
    let b = build_plan(store, "archive").await;
    let other = org(store, "archive-other").await;

    // Archiving an action takes it out of the plan, the dashboard rows and search, and keeps it
    // readable by id; restoring brings it back.
    let before = store.action(b.org, b.a2).await.unwrap();
    store
        .archive(&cli(), b.org, RecordKind::Action, b.a2, before.version)
        .await
        .unwrap();
    let tree = store.plan_tree(b.org, b.plan).await.unwrap();
    assert!(tree.actions.iter().all(|a| a.id != b.a2));
    assert!(
        store
            .action_rows(b.org)
            .await
            .unwrap()
            .iter()
            .all(|a| a.id != b.a2)
    );
    assert!(store.search(b.org, "second").await.unwrap().is_empty());
    let archived = store.action(b.org, b.a2).await.unwrap();
    assert_eq!(
        archived.version,
        before.version + 1,
        "archiving is a change"
    );
    assert_eq!(
        store.archived(b.org, RecordKind::Action).await.unwrap(),
        vec![ArchivedRecord {
            id: b.a2,
            version: archived.version,
            label: "Second".to_string()
        }]
    );
    // Archiving again from the old version is refused as stale.
    let again = store
        .archive(&cli(), b.org, RecordKind::Action, b.a2, before.version)
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict { .. })),
        "{again:?}"
    );
    // An edit from before the archive is stale.
    let stale = store
        .update_action(
            &cli(),
            b.org,
            b.a2,
            before.version,
            before.fields.clone(),
            None,
        )
        .await;
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "{stale:?}"
    );
    store
        .unarchive(&cli(), b.org, RecordKind::Action, b.a2, archived.version)
        .await
        .unwrap();
    assert!(
        store
            .action_rows(b.org)
            .await
            .unwrap()
            .iter()
            .any(|a| a.id == b.a2)
    );
    assert!(
        store
            .archived(b.org, RecordKind::Action)
            .await
            .unwrap()
            .is_empty()
    );

    // Archiving a plan takes its actions off the dashboard too.
    let plan = store.plan_tree(b.org, b.plan).await.unwrap().plan;
    store
        .archive(&cli(), b.org, RecordKind::Plan, b.plan, plan.version)
        .await
        .unwrap();
    assert!(store.plans(b.org).await.unwrap().is_empty());
    assert!(store.action_rows(b.org).await.unwrap().is_empty());
    store
        .unarchive(&cli(), b.org, RecordKind::Plan, b.plan, plan.version + 1)
        .await
        .unwrap();
    assert_eq!(store.action_rows(b.org).await.unwrap().len(), 2);

    // Nobody reaches another organisation's records.
    let theirs = store
        .archive(&cli(), other, RecordKind::Action, b.a1, 1)
        .await;
    assert!(matches!(theirs, Err(StoreError::NotFound(_))), "{theirs:?}");
    let theirs = store
        .delete(&cli(), other, RecordKind::Person, b.lead)
        .await;
    assert!(matches!(theirs, Err(StoreError::NotFound(_))), "{theirs:?}");

    // What is in use cannot be deleted, and the refusal says what uses it.
    let refused = store
        .delete(&cli(), b.org, RecordKind::Person, b.lead)
        .await;
    match refused {
        Err(StoreError::Invalid(e)) => {
            let m = e.to_string();
            assert!(
                m.contains("2 actions") && m.contains("2 plan objectives"),
                "{m}"
            );
        }
        other => panic!("deleting a lead officer: {other:?}"),
    }
    let refused = store
        .delete(&cli(), b.org, RecordKind::Objective, b.eo)
        .await;
    assert!(
        matches!(&refused, Err(StoreError::Invalid(e)) if e.to_string().contains("2 actions")),
        "{refused:?}"
    );
    let refused = store
        .delete(&cli(), b.org, RecordKind::Priority, b.p1)
        .await;
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "{refused:?}"
    );
    assert!(
        store.person(b.org, b.lead).await.is_ok(),
        "nothing was deleted"
    );

    // An action with no progress updates can go, with its links; then its objective's last
    // use goes with the other action, and the objective can be deleted.
    store
        .delete(&cli(), b.org, RecordKind::Action, b.a1)
        .await
        .unwrap();
    assert!(matches!(
        store.action(b.org, b.a1).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        store
            .actions_for_objective(b.org, b.eo)
            .await
            .unwrap()
            .len(),
        1
    );
    store
        .delete(&cli(), b.org, RecordKind::Action, b.a2)
        .await
        .unwrap();
    store
        .delete(&cli(), b.org, RecordKind::Objective, b.eo)
        .await
        .unwrap();
    let log = store.audit_log(b.org, 50).await.unwrap();
    for change in ["archive", "restore", "delete"] {
        assert!(
            log.iter().any(|e| e.change == change),
            "{change} is audited"
        );
    }
    let deleted = log
        .iter()
        .find(|e| e.change == "delete" && e.entity_id == b.eo)
        .unwrap();
    assert!(
        deleted
            .before
            .as_deref()
            .unwrap_or("")
            .contains("equality knowledge")
    );
}

pub async fn committees_glossary_and_local_characteristics_are_edited(store: &dyn Store) {
    use dueregard_core::org::{CommitteeFields, LocalCharacteristicFields};
    use dueregard_core::vocab::CommitteeKind;
    let b = build_plan(store, "edits").await;
    let c = store
        .create_committee(
            &cli(),
            b.org,
            CommitteeFields {
                name: "Cabinet".into(),
                kind: CommitteeKind::ALL[0],
            },
        )
        .await
        .unwrap();
    let mut f = c.fields.clone();
    f.name = "Cabinet (renamed)".into();
    let c2 = store
        .update_committee(&cli(), b.org, c.id, c.version, f.clone())
        .await
        .unwrap();
    assert_eq!(c2.version, c.version + 1);
    assert_eq!(store.committee(b.org, c.id).await.unwrap(), c2);
    let stale = store
        .update_committee(&cli(), b.org, c.id, c.version, f)
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict { .. })));

    let l = store
        .create_local_characteristic(
            &cli(),
            b.org,
            LocalCharacteristicFields {
                name: "Rurality".into(),
                description: None,
            },
        )
        .await
        .unwrap();
    let mut f = l.fields.clone();
    f.description = Some("Living more than 5 miles from a town".into());
    let l2 = store
        .update_local_characteristic(&cli(), b.org, l.id, l.version, f)
        .await
        .unwrap();
    assert_eq!(store.local_characteristic(b.org, l.id).await.unwrap(), l2);

    let g = store
        .create_glossary_entry(
            &cli(),
            b.org,
            b.plan,
            GlossaryFields {
                term: "EIA".into(),
                meaning: "Equality impact assessment".into(),
            },
        )
        .await
        .unwrap();
    let mut f = g.fields.clone();
    f.meaning = "Equality impact assessment (now equality analysis)".into();
    let g2 = store
        .update_glossary_entry(&cli(), b.org, g.id, g.version, f)
        .await
        .unwrap();
    assert_eq!(g2.plan_id, b.plan);
    assert_eq!(store.glossary_entry(b.org, g.id).await.unwrap(), g2);
}

pub async fn a_plan_rolls_forward_with_its_open_actions(store: &dyn Store) {
    let b = build_plan(store, "rollover").await;
    // Action 1 is complete; action 2 is still open.
    store
        .add_update(
            &cli(),
            b.org,
            b.a1,
            UpdateFields {
                reported_on: date(2014, 3, 1),
                status: ProgressStatus::Complete,
                narrative: "Done".into(),
                evidence: vec![],
                illustrative: false,
                why_late: None,
                revised_date: None,
            },
        )
        .await
        .unwrap();
    let mut next = plan_fields("Chief Executive's Directorate plan 2014/15");
    next.period = dueregard_core::period::Period {
        start: date(2014, 4, 1),
        end: date(2015, 3, 31),
    };
    next.status = PlanStatus::Draft;
    let new = store
        .roll_forward(&cli(), b.org, b.plan, next)
        .await
        .unwrap();
    let tree = store.plan_tree(b.org, new.id).await.unwrap();
    assert_eq!(
        tree.plan.fields.title,
        "Chief Executive's Directorate plan 2014/15"
    );
    assert_eq!(tree.priorities.len(), 1);
    assert_eq!(tree.objectives.len(), 2);
    assert_eq!(tree.outcomes.len(), 1);
    assert_eq!(
        tree.actions.len(),
        1,
        "only the open action is carried over"
    );
    let carried = &tree.actions[0];
    assert_eq!(carried.fields.text, "Second");
    assert_eq!(carried.continues, Some(b.a2));
    assert!(
        carried.progress.latest_status.is_none(),
        "it starts with no progress"
    );
    // It points at the new plan's objective and outcome, not last year's.
    assert!(
        tree.objectives
            .iter()
            .any(|o| o.id == carried.fields.objective_id)
    );
    assert_eq!(carried.fields.outcome_id, Some(tree.outcomes[0].id));
    assert_ne!(carried.fields.objective_id, b.ce1);
    // "January 2014" without a year in the plan's new period: due in the new plan's January.
    let rows = store.action_rows(b.org).await.unwrap();
    let row = rows.iter().find(|r| r.id == carried.id).unwrap();
    assert_eq!(row.reference, "CE1 (2)");
    // Last year's plan is as it was.
    assert_eq!(
        store.plan_tree(b.org, b.plan).await.unwrap().actions.len(),
        2
    );
}
pub use crate::consultations::consultation_responses_are_kept_once_and_counted_apart;
pub use crate::cycle::{
    jobs_are_leased_to_one_instance_at_a_time, mail_is_queued_once_and_claimed_by_one_instance,
    meetings_dates_and_feeds_are_kept_and_checked, people_choose_their_optional_mail,
};
pub use crate::measures::{
    budget_rounds_gather_only_the_bodys_own_decisions,
    incident_counts_are_replaced_by_period_and_kept_apart,
    indicators_keep_their_values_by_period_and_group,
    partners_see_the_shared_objective_and_only_their_own_actions_go_in,
    self_assessments_are_kept_per_body, training_keeps_courses_sessions_and_who_came,
};
