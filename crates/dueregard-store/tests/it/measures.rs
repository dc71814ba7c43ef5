//! Indicators on both databases: linked only to the body's own records, values replaced a
//! period at a time and never reached from another body, the links keeping an objective from
//! being deleted, and a backup carrying the values.

use crate::fresh_like;
use crate::scenarios::{cli, objective, org};
use dueregard_core::indicator::values::{Characteristic, Group, Observation, read_rows};
use dueregard_core::indicator::{IndicatorFields, IndicatorForm, Unit};
use dueregard_core::record::RecordKind;
use dueregard_core::store::*;

fn fields(objectives: &[i64]) -> IndicatorFields {
    IndicatorFields::validate(&IndicatorForm {
        title: "Managers trained to assess impact".into(),
        definition: "Managers who completed the module, out of all managers".into(),
        unit: "percent".into(),
        polarity: "higher_is_better".into(),
        frequency: "yearly".into(),
        targets: "2025-03-31: 60".into(),
        amber_within: "5".into(),
        objective_ids: objectives.iter().map(i64::to_string).collect(),
        ..Default::default()
    })
    .unwrap()
}

fn values(text: &str) -> Vec<Observation> {
    let rows: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    read_rows(Unit::Percent, &rows).unwrap()
}

pub async fn indicators_keep_their_values_by_period_and_group(store: &dyn Store) {
    let a = org(store, "alpha").await;
    let b = org(store, "beta").await;
    let theirs = objective(store, b, "Beta's objective").await;
    let ours = objective(store, a, "Alpha's objective").await;

    // Linking another body's objective is refused and nothing is kept.
    let refused = store
        .create_indicator(&cli(), a, fields(&[theirs.id]))
        .await;
    match refused {
        Err(StoreError::Invalid(e)) => assert!(e.for_field("objective_ids").is_some()),
        other => panic!("another body's objective: {other:?}"),
    }
    assert!(store.indicators(a).await.unwrap().is_empty());

    let i = store
        .create_indicator(&cli(), a, fields(&[ours.id]))
        .await
        .unwrap();
    assert!(matches!(
        store.indicator(b, i.id).await,
        Err(StoreError::NotFound(_))
    ));

    let first =
        values("2024-03-31,,,100,200\n2025-03-31,,,120,200\n2025-03-31,Disability,Disabled,12,40");
    assert_eq!(
        store
            .put_indicator_values(&cli(), a, i.id, &first)
            .await
            .unwrap(),
        2
    );
    assert_eq!(store.indicator_values(a, i.id).await.unwrap(), first);
    // Another body can neither write nor read them.
    assert!(matches!(
        store.put_indicator_values(&cli(), b, i.id, &first).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store.indicator_values(b, i.id).await.unwrap().is_empty());

    // Replacing 2025 replaces all of 2025 (the disabled group's value goes) and leaves 2024.
    let again = values("2025-03-31,,,130,200");
    store
        .put_indicator_values(&cli(), a, i.id, &again)
        .await
        .unwrap();
    let now = store.indicator_values(a, i.id).await.unwrap();
    assert_eq!(now, vec![first[0], again[0]]);

    // Every characteristic's groups are kept and read back as they went in.
    let groups: Vec<Observation> = Characteristic::ALL
        .into_iter()
        .map(|c| Observation {
            period: "2026-03-31".parse().unwrap(),
            group: Some(Group {
                characteristic: c,
                code: 1,
            }),
            count: 10,
            base: Some(20),
        })
        .collect();
    store
        .put_indicator_values(&cli(), a, i.id, &groups)
        .await
        .unwrap();
    let mut back = store.indicator_values(a, i.id).await.unwrap()[2..].to_vec();
    back.sort_by_key(|o| o.group.map(|g| format!("{:?}", g.characteristic)));
    let mut sent = groups.clone();
    sent.sort_by_key(|o| o.group.map(|g| format!("{:?}", g.characteristic)));
    assert_eq!(back, sent);

    // The objective it evidences cannot be deleted while it does.
    match store
        .delete(&cli(), a, RecordKind::Objective, ours.id)
        .await
    {
        Err(StoreError::Invalid(e)) => assert!(e.to_string().contains("1 indicator"), "{e}"),
        other => panic!("deleting a linked objective: {other:?}"),
    }

    // A backup carries the values.
    let backup = store.export(&cli()).await.unwrap();
    let other = fresh_like(store).await;
    other.store.restore(&cli(), &backup).await.unwrap();
    assert_eq!(
        other.store.indicator_values(a, i.id).await.unwrap().len(),
        2 + groups.len()
    );
    other.finish().await;

    // Deleting the indicator takes its values with it, and frees the objective.
    store
        .delete(&cli(), a, RecordKind::Indicator, i.id)
        .await
        .unwrap();
    assert!(store.indicator_values(a, i.id).await.unwrap().is_empty());
    store
        .delete(&cli(), a, RecordKind::Objective, ours.id)
        .await
        .unwrap();
}

pub async fn budget_rounds_gather_only_the_bodys_own_decisions(store: &dyn Store) {
    use dueregard_core::assessment::DecisionFields;
    use dueregard_core::budget::{BudgetRoundFields, BudgetRoundForm};
    use dueregard_core::meeting::MeetingFields;
    use dueregard_core::org::CommitteeFields;
    let a = org(store, "alpha").await;
    let b = org(store, "beta").await;
    let decision = |title: &str| DecisionFields {
        title: title.into(),
        decision_maker: "Council".into(),
        decided_on: "2026-02-25".parse().unwrap(),
        key_decision: true,
        forward_plan: true,
        report: String::new(),
        assessment_ids: vec![],
        assessment_seen: false,
    };
    let ours = store
        .create_decision(&cli(), a, decision("Close two day centres"))
        .await
        .unwrap();
    let theirs = store
        .create_decision(&cli(), b, decision("Their proposal"))
        .await
        .unwrap();
    let council = store
        .create_committee(
            &cli(),
            a,
            CommitteeFields::validate("Council", "council").unwrap(),
        )
        .await
        .unwrap();
    let meeting = store
        .create_meeting(
            &cli(),
            a,
            MeetingFields::validate(&council.id.to_string(), "2026-02-25", "", &[], &[]).unwrap(),
        )
        .await
        .unwrap();
    let form = |ids: &[i64]| BudgetRoundForm {
        title: "Budget 2026/27".into(),
        meeting_id: meeting.id.to_string(),
        decision_ids: ids.iter().map(i64::to_string).collect(),
        ..Default::default()
    };
    // Another body's decision is refused by name, and nothing is kept.
    let wrong = BudgetRoundFields::validate(&form(&[ours.id, theirs.id])).unwrap();
    match store.create_budget_round(&cli(), a, wrong).await {
        Err(StoreError::Invalid(e)) => assert!(e.for_field("decision_ids").is_some()),
        other => panic!("another body's decision: {other:?}"),
    }
    assert!(store.budget_rounds(a).await.unwrap().is_empty());
    let r = store
        .create_budget_round(
            &cli(),
            a,
            BudgetRoundFields::validate(&form(&[ours.id])).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(store.budget_round(a, r.id).await.unwrap(), r);
    assert!(matches!(
        store.budget_round(b, r.id).await,
        Err(StoreError::NotFound(_))
    ));
    // A stale change is refused; a current one kept.
    let mut changed = r.fields.clone();
    changed.conclusion = "Mitigations agreed".into();
    changed.considered_on = Some("2026-02-20".parse().unwrap());
    store
        .update_budget_round(&cli(), a, r.id, r.version, changed.clone())
        .await
        .unwrap();
    assert!(matches!(
        store
            .update_budget_round(&cli(), a, r.id, r.version, changed)
            .await,
        Err(StoreError::Conflict { .. })
    ));
    // The budget meeting cannot be deleted while the round names it.
    match store
        .delete(&cli(), a, RecordKind::Meeting, meeting.id)
        .await
    {
        Err(StoreError::Invalid(e)) => assert!(e.to_string().contains("1 budget round"), "{e}"),
        other => panic!("deleting the budget meeting: {other:?}"),
    }
}

pub async fn incident_counts_are_replaced_by_period_and_kept_apart(store: &dyn Store) {
    use dueregard_core::incident::read_rows as counts;
    let a = org(store, "alpha").await;
    let b = org(store, "beta").await;
    let rows = |t: &str| -> Vec<Vec<String>> {
        t.lines()
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    };
    let first = counts(&rows(
        "2025-03-31,hate crime,race,Castle,12\n2025-03-31,hate incident,religion,,3\n2025-06-30,hate crime,disability,Castle,4",
    ))
    .unwrap();
    assert_eq!(
        store.put_incident_counts(&cli(), a, &first).await.unwrap(),
        2
    );
    assert_eq!(store.incident_counts(a).await.unwrap(), first);
    assert!(store.incident_counts(b).await.unwrap().is_empty());
    // A period sent again is replaced whole; the others stay.
    let again = counts(&rows("2025-03-31,harassment,sex,Castle,7")).unwrap();
    store.put_incident_counts(&cli(), a, &again).await.unwrap();
    let now = store.incident_counts(a).await.unwrap();
    assert_eq!(now.len(), 2);
    assert!(now.contains(&again[0]) && now.contains(&first[2]));
    // Another body's counts for the same period leave ours alone.
    store.put_incident_counts(&cli(), b, &first).await.unwrap();
    assert_eq!(store.incident_counts(a).await.unwrap(), now);
    // A backup carries them.
    let backup = store.export(&cli()).await.unwrap();
    let other = fresh_like(store).await;
    other.store.restore(&cli(), &backup).await.unwrap();
    assert_eq!(other.store.incident_counts(a).await.unwrap(), now);
    other.finish().await;
}

pub async fn training_keeps_courses_sessions_and_who_came(store: &dyn Store) {
    use dueregard_core::org::PersonInput;
    use dueregard_core::training::{CourseFields, CourseForm, TrainingSessionFields};
    let a = org(store, "alpha").await;
    let b = org(store, "beta").await;
    let person = |name: &str| {
        PersonInput {
            name: name.into(),
            kind: "officer".into(),
            ..Default::default()
        }
        .validate()
        .unwrap()
    };
    let ours = store.create_person(&cli(), a, person("Ada")).await.unwrap();
    let theirs = store.create_person(&cli(), b, person("Bea")).await.unwrap();
    let course = store
        .create_course(
            &cli(),
            a,
            CourseFields::validate(&CourseForm {
                title: "Impact assessment module".into(),
                kind: "impact_assessment".into(),
                audience: "officers".into(),
                refresher_months: "36".into(),
                ..Default::default()
            })
            .unwrap(),
        )
        .await
        .unwrap();
    let session = |who: Vec<i64>| TrainingSessionFields {
        course_id: course.id,
        date: "2026-01-05".parse().unwrap(),
        trainer: String::new(),
        attendee_ids: who,
    };
    // Someone of another body cannot attend; another body cannot use our course.
    match store
        .create_training_session(&cli(), a, session(vec![theirs.id]))
        .await
    {
        Err(StoreError::Invalid(e)) => assert!(e.for_field("attendee_ids").is_some()),
        other => panic!("{other:?}"),
    }
    match store
        .create_training_session(&cli(), b, session(vec![theirs.id]))
        .await
    {
        Err(StoreError::Invalid(e)) => assert!(e.for_field("course_id").is_some()),
        other => panic!("{other:?}"),
    }
    let s = store
        .create_training_session(&cli(), a, session(vec![ours.id]))
        .await
        .unwrap();
    assert_eq!(store.training_sessions(a).await.unwrap(), vec![s.clone()]);
    assert!(store.training_sessions(b).await.unwrap().is_empty());
    assert!(matches!(
        store.course(b, course.id).await,
        Err(StoreError::NotFound(_))
    ));
    // Who came, and the course, cannot be deleted while the session names them.
    match store.delete(&cli(), a, RecordKind::Person, ours.id).await {
        Err(StoreError::Invalid(e)) => assert!(e.to_string().contains("1 training session"), "{e}"),
        other => panic!("{other:?}"),
    }
    match store.delete(&cli(), a, RecordKind::Course, course.id).await {
        Err(StoreError::Invalid(e)) => assert!(e.to_string().contains("1 session"), "{e}"),
        other => panic!("{other:?}"),
    }
    store
        .delete(&cli(), a, RecordKind::TrainingSession, s.id)
        .await
        .unwrap();
    store
        .delete(&cli(), a, RecordKind::Course, course.id)
        .await
        .unwrap();
}

pub async fn self_assessments_are_kept_per_body(store: &dyn Store) {
    use dueregard_core::framework::{SelfAssessmentFields, SelfAssessmentForm};
    let a = org(store, "alpha").await;
    let b = org(store, "beta").await;
    let fields = SelfAssessmentFields::validate(&SelfAssessmentForm {
        framework: "eflg_2021".into(),
        title: "Peer challenge".into(),
        assessed_on: "2026-10-01".into(),
        ratings: vec![(
            "2.3".into(),
            "developing".into(),
            "/decisions".into(),
            "Cumulative impact".into(),
        )],
        ..Default::default()
    })
    .unwrap();
    let s = store
        .create_self_assessment(&cli(), a, fields.clone())
        .await
        .unwrap();
    assert_eq!(store.self_assessment(a, s.id).await.unwrap().fields, fields);
    assert!(matches!(
        store.self_assessment(b, s.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store.self_assessments(b).await.unwrap().is_empty());
    let mut better = fields.clone();
    better.ratings[6].level = "achieving".into();
    store
        .update_self_assessment(&cli(), a, s.id, s.version, better.clone())
        .await
        .unwrap();
    assert!(matches!(
        store
            .update_self_assessment(&cli(), a, s.id, s.version, better)
            .await,
        Err(StoreError::Conflict { .. })
    ));
}

pub async fn partners_see_the_shared_objective_and_only_their_own_actions_go_in(store: &dyn Store) {
    use crate::scenarios::build_plan;
    use dueregard_core::partnership::PartnershipFields;
    let owner = build_plan(store, "owner").await;
    let partner = build_plan(store, "partner").await;
    let outsider = build_plan(store, "outsider").await;
    let fields = PartnershipFields {
        objective_id: owner.eo,
        partner_ids: vec![partner.org],
        agreement: String::new(),
        published: false,
    };
    // Sharing another body's objective, or with oneself, is refused.
    let wrong = PartnershipFields {
        objective_id: partner.eo,
        ..fields.clone()
    };
    assert!(matches!(
        store.create_partnership(&cli(), owner.org, wrong).await,
        Err(StoreError::Invalid(_))
    ));
    let own = PartnershipFields {
        partner_ids: vec![owner.org],
        ..fields.clone()
    };
    assert!(matches!(
        store.create_partnership(&cli(), owner.org, own).await,
        Err(StoreError::Invalid(_))
    ));
    let p = store
        .create_partnership(&cli(), owner.org, fields.clone())
        .await
        .unwrap();

    // Owner and partner find it; the outsider does not.
    assert_eq!(store.partnerships(partner.org).await.unwrap().len(), 1);
    assert!(store.partnerships(outsider.org).await.unwrap().is_empty());
    assert!(matches!(
        store.shared_objective(outsider.org, p.id).await,
        Err(StoreError::NotFound(_))
    ));
    // Only the owner may change it.
    assert!(matches!(
        store.partnership(partner.org, p.id).await,
        Err(StoreError::NotFound(_))
    ));

    // Each adds its own actions, and cannot add another's.
    store
        .contribute(&cli(), partner.org, p.id, &[partner.a1])
        .await
        .unwrap();
    store
        .contribute(&cli(), owner.org, p.id, &[owner.a1, owner.a2])
        .await
        .unwrap();
    assert!(matches!(
        store
            .contribute(&cli(), partner.org, p.id, &[owner.a2])
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store
            .contribute(&cli(), outsider.org, p.id, &[outsider.a1])
            .await,
        Err(StoreError::NotFound(_))
    ));
    let seen = store.shared_objective(partner.org, p.id).await.unwrap();
    assert_eq!(seen.owner_id, owner.org);
    assert_eq!(seen.title, "Improve the equality knowledge of employees");
    let ids = |i: usize| {
        seen.contributions[i]
            .actions
            .iter()
            .map(|a| a.id)
            .collect::<Vec<_>>()
    };
    assert_eq!((ids(0).len(), ids(1)), (2, vec![partner.a1]));

    // Taking the partner out takes its contributions with it.
    let none = PartnershipFields {
        partner_ids: vec![outsider.org],
        ..fields
    };
    store
        .update_partnership(&cli(), owner.org, p.id, p.version, none)
        .await
        .unwrap();
    assert!(store.partnerships(partner.org).await.unwrap().is_empty());
    let seen = store.shared_objective(owner.org, p.id).await.unwrap();
    assert!(seen.contributions.iter().all(|c| c.org_id != partner.org));
}
