//! The assessment rules, the sign-off order and the due-regard check, as a court would test them.

use super::*;
use jiff::civil::date;

fn signed(user_id: i64, name: &str, on: Date) -> Signature {
    Signature {
        user_id,
        name: name.into(),
        at: format!("{on}T10:00:00Z"),
        on,
    }
}

/// A complete, approved assessment of Dudley's drug and alcohol services tender.
fn complete() -> AssessmentFields {
    let evidence = vec![Evidence {
        kind: EvidenceKind::CommunityData,
        title: "Treatment population by age and sex".into(),
        source: "Public health intelligence, 2013".into(),
        dated: date(2013, 4, 1),
        summary: String::new(),
    }];
    let impacts = ProtectedCharacteristic::ALL
        .iter()
        .map(|p| ImpactEntry {
            characteristic: CharacteristicRef::Protected(*p),
            impact: if *p == ProtectedCharacteristic::Age {
                Impact::Negative
            } else {
                Impact::Neutral
            },
            severity: None,
            who_is_affected: String::new(),
            evidence: vec![0],
            mitigation: if *p == ProtectedCharacteristic::Age {
                "Keep a young people's service in the specification".into()
            } else {
                String::new()
            },
        })
        .collect();
    AssessmentFields {
        title: "Drug and alcohol services tender".into(),
        subject: Subject::Procurement,
        owner_id: Some(1),
        directorate_id: None,
        screening: Screening {
            answers: vec![],
            full_assessment_needed: Some(true),
            reason: "A service used by people of every protected group".into(),
        },
        scope: "Recommissioning of adult and young people's services".into(),
        purpose: "Better recovery outcomes".into(),
        evidence,
        information_gaps: String::new(),
        impacts,
        aims: Aim::ALL
            .iter()
            .map(|a| AimStatement {
                aim: *a,
                how: "Through the service specification".into(),
            })
            .collect(),
        outcome: Some(Outcome::AdjustProposal),
        justification: String::new(),
        review_date: Some(date(2015, 4, 1)),
        public: true,
        assessed: Some(signed(1, "Officer", date(2013, 9, 1))),
        reviewed: Some(signed(2, "Equality lead", date(2013, 9, 5))),
        approved: Some(signed(3, "Director", date(2013, 9, 10))),
    }
}

fn decision() -> DecisionFields {
    DecisionFields {
        title: "Award the drug and alcohol services contract".into(),
        decision_maker: "Cabinet".into(),
        decided_on: date(2013, 10, 1),
        key_decision: true,
        forward_plan: true,
        report: "Cabinet report, 1 October 2013".into(),
        assessment_ids: vec![1],
        assessment_seen: true,
    }
}

fn check(d: &DecisionFields, a: &AssessmentFields) -> Vec<CheckLine> {
    due_regard_check(
        d,
        &[Assessed {
            title: "Tender",
            fields: a,
        }],
        date(2014, 1, 1),
        36,
    )
}

fn finding(lines: &[CheckLine], p: Principle) -> Finding {
    lines
        .iter()
        .find(|l| l.principle == p)
        .map_or(Finding::Missing, |l| l.finding)
}

#[test]
fn a_sound_record_passes_every_principle() {
    let lines = check(&decision(), &complete());
    assert_eq!(lines.len(), 6, "one line per Brown principle");
    for l in &lines {
        assert_eq!(
            l.finding,
            Finding::Pass,
            "{:?}: {:?}",
            l.principle,
            l.reasons
        );
    }
}

#[test]
fn each_check_fires_on_its_own_failing() {
    // Not seen by the decision-maker.
    let mut d = decision();
    d.assessment_seen = false;
    assert_eq!(
        finding(&check(&d, &complete()), Principle::Aware),
        Finding::Missing
    );

    // Approved after the decision date.
    let mut a = complete();
    a.approved = Some(signed(3, "Director", date(2013, 10, 2)));
    let lines = check(&decision(), &a);
    assert_eq!(
        finding(&lines, Principle::BeforeAndAtTheTime),
        Finding::Missing
    );
    assert!(lines[1].reasons[0].contains("after the decision"));

    // A negative impact with no evidence: a warning.
    let mut a = complete();
    a.impacts[0].evidence.clear();
    assert_eq!(
        finding(&check(&decision(), &a), Principle::Rigour),
        Finding::Warning
    );

    // A negative impact with no mitigation and no justification: missing.
    let mut a = complete();
    a.impacts[0].mitigation.clear();
    assert_eq!(
        finding(&check(&decision(), &a), Principle::Rigour),
        Finding::Missing
    );
    // ...but a justification for continuing answers it.
    a.justification = "No alternative provider exists for young people".into();
    assert_eq!(
        finding(&check(&decision(), &a), Principle::Rigour),
        Finding::Pass
    );

    // Evidence older than the configured age.
    let mut a = complete();
    a.evidence[0].dated = date(2009, 1, 1);
    let lines = check(&decision(), &a);
    assert_eq!(finding(&lines, Principle::Rigour), Finding::Warning);
    assert!(lines[2].reasons.iter().any(|r| r.contains("2009-01-01")));

    // Unknown impacts with no plan to find out: the duty of inquiry.
    let mut a = complete();
    a.impacts[3].impact = Impact::NotKnown;
    assert_eq!(
        finding(&check(&decision(), &a), Principle::Rigour),
        Finding::Warning
    );
    a.information_gaps = "Ask the recovery forum in the consultation".into();
    assert_eq!(
        finding(&check(&decision(), &a), Principle::Rigour),
        Finding::Pass
    );

    // Nobody approved it, and no decision-maker is named.
    let mut a = complete();
    a.approved = None;
    assert_eq!(
        finding(&check(&decision(), &a), Principle::NonDelegable),
        Finding::Missing
    );
    let mut d = decision();
    d.decision_maker = " ".into();
    assert_eq!(
        finding(&check(&d, &complete()), Principle::NonDelegable),
        Finding::Missing
    );

    // No review date; a review date passed.
    let mut a = complete();
    a.review_date = None;
    assert_eq!(
        finding(&check(&decision(), &a), Principle::Continuing),
        Finding::Missing
    );
    let lines = due_regard_check(
        &decision(),
        &[Assessed {
            title: "Tender",
            fields: &complete(),
        }],
        date(2016, 1, 1),
        36,
    );
    assert_eq!(finding(&lines, Principle::Continuing), Finding::Warning);

    // Incomplete or unsigned record.
    let mut a = complete();
    a.purpose.clear();
    assert_eq!(
        finding(&check(&decision(), &a), Principle::Record),
        Finding::Missing
    );
    let mut a = complete();
    a.assessed = None;
    assert_eq!(
        finding(&check(&decision(), &a), Principle::Record),
        Finding::Warning
    );
}

#[test]
fn no_assessment_and_no_screening_is_missing_everywhere() {
    let lines = due_regard_check(&decision(), &[], date(2014, 1, 1), 36);
    assert!(lines.iter().all(|l| l.finding == Finding::Missing));
    // A screening that found no full assessment needed is enough for rigour and record.
    let mut a = complete();
    a.screening.full_assessment_needed = Some(false);
    a.evidence.clear();
    a.impacts.clear();
    a.aims.clear();
    a.outcome = None;
    let lines = check(&decision(), &a);
    assert_eq!(finding(&lines, Principle::Rigour), Finding::Pass);
    assert_eq!(finding(&lines, Principle::Record), Finding::Pass);
}

#[test]
fn sign_off_goes_in_order_by_role_and_not_to_the_assessor() {
    let mut a = complete();
    a.assessed = None;
    a.reviewed = None;
    a.approved = None;
    assert_eq!(
        a.may_sign(Step::Reviewed, Role::EqualityLead, 2),
        Err(SignRefusal::OutOfOrder(
            "It must be signed as assessed first"
        ))
    );
    assert!(matches!(
        a.may_sign(Step::Assessed, Role::Viewer, 9),
        Err(SignRefusal::WrongRole(_))
    ));
    assert!(a.may_sign(Step::Assessed, Role::LeadOfficer, 1).is_ok());
    a.assessed = Some(signed(1, "Officer", date(2013, 9, 1)));
    assert!(matches!(
        a.may_sign(Step::Reviewed, Role::LeadOfficer, 1),
        Err(SignRefusal::WrongRole(_))
    ));
    assert!(a.may_sign(Step::Reviewed, Role::EqualityLead, 2).is_ok());
    a.reviewed = Some(signed(2, "Lead", date(2013, 9, 5)));
    assert!(matches!(
        a.may_sign(Step::Approved, Role::LeadOfficer, 1),
        Err(SignRefusal::WrongRole(_))
    ));
    assert_eq!(
        a.may_sign(Step::Approved, Role::Administrator, 1),
        Err(SignRefusal::OwnWork)
    );
    assert_eq!(
        a.may_sign(Step::Approved, Role::Director, 2),
        Err(SignRefusal::OwnWork),
        "nor the reviewer"
    );
    assert!(
        matches!(
            a.may_sign(Step::Approved, Role::EqualityLead, 4),
            Err(SignRefusal::WrongRole(_))
        ),
        "the equality lead reviews; a director approves"
    );
    assert!(a.may_sign(Step::Approved, Role::Director, 3).is_ok());
    assert!(a.may_sign(Step::Approved, Role::Administrator, 3).is_ok());
    a.approved = Some(signed(3, "Director", date(2013, 9, 10)));
    assert!(a.is_frozen());
    assert_eq!(
        a.may_sign(Step::Approved, Role::Administrator, 3),
        Err(SignRefusal::AlreadySigned)
    );
}

#[test]
fn missing_sections_are_named_at_sign_off() {
    let mut a = complete();
    a.assessed = None;
    a.impacts.retain(|i| {
        i.characteristic != CharacteristicRef::Protected(ProtectedCharacteristic::Race)
    });
    a.outcome = Some(Outcome::ContinueDespiteAdverse);
    a.review_date = None;
    let Err(SignRefusal::Incomplete(e)) = a.may_sign(Step::Assessed, Role::LeadOfficer, 1) else {
        panic!("an incomplete assessment cannot be signed");
    };
    assert!(e.for_field("impacts").is_some_and(|m| m.contains("race")));
    assert!(e.for_field("justification").is_some());
    assert!(e.for_field("review_date").is_some());
}

#[test]
fn mitigations_become_actions_led_by_the_owner() {
    let a = complete();
    let actions = mitigation_actions(&a, 5, 3, &Default::default());
    assert_eq!(
        actions.len(),
        2,
        "one impact has a mitigation, then the review"
    );
    assert!(actions[1].text.starts_with("Review the impact assessment"));
    assert_eq!(actions[1].number, Some(4));
    let x = &actions[0];
    assert_eq!((x.objective_id, x.number), (5, Some(3)));
    assert_eq!(x.lead_ids, vec![1]);
    assert_eq!(x.target_text, "By April 2015");
    assert_eq!(x.characteristics, vec![ProtectedCharacteristic::Age]);
    assert!(x.text.starts_with("Keep a young people's service"));
    assert!(
        crate::target_date::TargetDate::parse(&x.target_text, None)
            .due_by()
            .is_some()
    );
}

#[test]
fn report_implications_come_from_the_assessment() {
    let a = complete();
    let (text, table) = report_implications(&[Assessed {
        title: "Tender",
        fields: &a,
    }]);
    assert!(text.contains("a likely negative impact on age"), "{text}");
    assert!(text.contains("1 of 1 have a mitigation"), "{text}");
    assert!(text.contains("adjust the proposal"), "{text}");
    let row = |name: &str| table.iter().find(|r| r.0 == name).map(|r| r.1.clone());
    assert_eq!(row("Equal opportunities").as_deref(), Some("Yes"));
    assert_eq!(row("Policy").as_deref(), Some("No"), "a procurement");
    assert_eq!(row("Elderly people on low income").as_deref(), Some("Yes"));
    assert_eq!(row("Human rights").as_deref(), Some("Not assessed here"));
    let (none, _) = report_implications(&[]);
    assert!(none.contains("No equality impact assessment"));
}

#[test]
fn bad_input_is_refused_with_its_field() {
    let mut a = complete();
    a.impacts.push(ImpactEntry {
        characteristic: CharacteristicRef::Local(99),
        impact: Impact::Negative,
        severity: Some(Severity::High),
        who_is_affected: "Rural residents".into(),
        evidence: vec![5],
        mitigation: "Outreach".into(),
    });
    a.review_date = Some(date(2013, 8, 1));
    a.evidence.push(Evidence {
        kind: EvidenceKind::Document,
        title: "Big".into(),
        source: String::new(),
        dated: date(2013, 1, 1),
        summary: "x".repeat(LONG_TEXT + 1),
    });
    let e = a.validate(&[7]).expect_err("refused");
    assert!(
        e.for_field("impact_10")
            .is_some_and(|m| m.contains("does not have"))
    );
    assert!(
        e.for_field("review_date").is_some(),
        "review before it was assessed"
    );
    assert!(e.for_field("evidence_2").is_some(), "oversized evidence");
    assert!(complete().validate(&[]).is_ok());
    let mut out_of_order = complete();
    out_of_order.approved = Some(signed(3, "Director", date(2013, 8, 1)));
    assert!(
        out_of_order
            .validate(&[])
            .expect_err("refused")
            .for_field("approved")
            .is_some()
    );
}
