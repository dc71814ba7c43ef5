//! The cumulative matrix of a fixture budget round against a count made by hand, and the line
//! each decision's check gets.

use super::*;
use crate::assessment::{
    AssessmentFields, DecisionFields, ImpactEntry, Screening, Signature, Subject,
};
use ProtectedCharacteristic as P;
use jiff::civil::date;

fn impact(
    c: CharacteristicRef,
    impact: Impact,
    severity: Option<Severity>,
    mitigation: &str,
) -> ImpactEntry {
    ImpactEntry {
        characteristic: c,
        impact,
        severity,
        who_is_affected: String::new(),
        evidence: vec![],
        mitigation: mitigation.into(),
    }
}

fn pc(p: P) -> CharacteristicRef {
    CharacteristicRef::Protected(p)
}

const CARERS: CharacteristicRef = CharacteristicRef::Local(7);

fn assessment(id: i64, subject: Subject, impacts: Vec<ImpactEntry>) -> ImpactAssessment {
    ImpactAssessment {
        id,
        org_id: 1,
        version: 1,
        series_id: id,
        edition: 1,
        superseded_by: None,
        fields: AssessmentFields {
            title: format!("Assessment {id}"),
            subject,
            owner_id: None,
            directorate_id: None,
            screening: Screening::default(),
            scope: String::new(),
            purpose: String::new(),
            evidence: vec![],
            information_gaps: String::new(),
            impacts,
            aims: vec![],
            outcome: None,
            justification: String::new(),
            review_date: None,
            public: false,
            assessed: None,
            reviewed: None,
            approved: Some(Signature {
                user_id: 1,
                name: "Director".into(),
                at: "2026-01-10T10:00:00Z".into(),
                on: date(2026, 1, 10),
            }),
        },
        created_at: String::new(),
        updated_at: String::new(),
    }
}

fn decision(id: i64, title: &str, assessments: Vec<i64>) -> Decision {
    Decision {
        id,
        org_id: 1,
        version: 1,
        fields: DecisionFields {
            title: title.into(),
            decision_maker: "Council".into(),
            decided_on: date(2026, 2, 25),
            key_decision: true,
            forward_plan: true,
            report: String::new(),
            assessment_ids: assessments,
            assessment_seen: true,
        },
    }
}

fn round() -> BudgetRoundFields {
    BudgetRoundFields {
        title: "Budget 2026/27".into(),
        meeting_id: None,
        decision_ids: vec![1, 2, 3, 4],
        several: 2,
        conclusion: String::new(),
        considered_on: None,
    }
}

/// Four proposals; the third has two assessments; the fourth none.
fn fixture() -> (Vec<Decision>, Vec<ImpactAssessment>) {
    use Impact::*;
    use Severity::*;
    let a = vec![
        assessment(
            11,
            Subject::BudgetProposal,
            vec![
                impact(
                    pc(P::Age),
                    Negative,
                    Some(High),
                    "Transport to the remaining centre",
                ),
                impact(
                    pc(P::Disability),
                    Negative,
                    Some(High),
                    "Personal budgets reviewed",
                ),
                impact(pc(P::Sex), Negative, Some(Low), "Carers' breaks kept"),
                impact(pc(P::Race), Neutral, None, ""),
                impact(CARERS, Negative, Some(Medium), "Carers' breaks kept"),
            ],
        ),
        assessment(
            12,
            Subject::BudgetProposal,
            vec![
                impact(pc(P::Age), Negative, Some(Medium), "Home library service"),
                impact(pc(P::Disability), Negative, Some(Low), ""),
                impact(pc(P::Race), Positive, None, ""),
                impact(pc(P::ReligionBelief), Neutral, None, ""),
                impact(CARERS, Negative, Some(Low), "Evening opening kept"),
            ],
        ),
        assessment(
            13,
            Subject::BudgetProposal,
            vec![
                impact(pc(P::Disability), Neutral, None, "Blue badges exempt"),
                impact(pc(P::Age), NotKnown, None, ""),
                impact(pc(P::Sex), Neutral, None, ""),
            ],
        ),
        assessment(
            14,
            Subject::BudgetProposal,
            vec![impact(
                pc(P::Disability),
                Negative,
                Some(Medium),
                "Free permits for carers of disabled people",
            )],
        ),
    ];
    let d = vec![
        decision(1, "Close two day centres", vec![11]),
        decision(2, "Reduce library hours", vec![12]),
        decision(3, "Raise parking charges", vec![13, 14]),
        decision(4, "Cut the youth service", vec![]),
    ];
    (d, a)
}

fn built() -> Matrix {
    let (d, a) = fixture();
    let proposals: Vec<Proposal> = d
        .iter()
        .map(|d| Proposal {
            decision: d,
            assessments: a
                .iter()
                .filter(|x| d.fields.assessment_ids.contains(&x.id))
                .collect(),
        })
        .collect();
    matrix(&round(), &proposals, &[(7, "Carers".into())])
}

fn row<'a>(m: &'a Matrix, label: &str) -> &'a MatrixRow {
    m.rows.iter().find(|r| r.label == label).unwrap()
}

#[test]
fn the_matrix_matches_a_count_by_hand() {
    let m = built();
    // The nine protected characteristics and the one local characteristic named.
    assert_eq!(m.rows.len(), 10);
    assert_eq!(m.rows[9].label, "Carers");
    assert_eq!(m.proposals.len(), 4);
    assert_eq!(m.unassessed, vec!["Cut the youth service".to_string()]);

    // Age: negative (high) in 1, negative (medium) in 2, not known in 3, nothing in 4.
    let age = row(&m, "Age");
    let words: Vec<String> = age
        .cells
        .iter()
        .map(|c| c.as_ref().map_or("-".into(), MatrixCell::words))
        .collect();
    assert_eq!(
        words,
        ["Negative (high)", "Negative (medium)", "Not known", "-"]
    );
    assert_eq!(
        (age.negative, age.high, age.not_known, age.flagged),
        (2, 1, 1, true)
    );

    // Disability: the third proposal's two assessments give neutral and negative (medium): the
    // worse counts, with its mitigation. Three negatives in all.
    let dis = row(&m, "Disability");
    assert_eq!(dis.cells[2].as_ref().unwrap().words(), "Negative (medium)");
    assert_eq!((dis.negative, dis.high, dis.flagged), (3, 1, true));
    assert_eq!(
        dis.mitigations,
        vec![
            (
                "Close two day centres".to_string(),
                "Personal budgets reviewed".to_string()
            ),
            (
                "Reduce library hours".to_string(),
                "None offered".to_string()
            ),
            (
                "Raise parking charges".to_string(),
                "Free permits for carers of disabled people".to_string()
            ),
        ]
    );

    // Sex: one negative only; race: none; carers: two.
    assert_eq!(
        (row(&m, "Sex").negative, row(&m, "Sex").flagged),
        (1, false)
    );
    assert_eq!(row(&m, "Race").negative, 0);
    assert_eq!(
        (row(&m, "Carers").negative, row(&m, "Carers").flagged),
        (2, true)
    );
    let flagged: Vec<&str> = m
        .rows
        .iter()
        .filter(|r| r.flagged)
        .map(|r| r.label.as_str())
        .collect();
    assert_eq!(flagged, ["Age", "Disability", "Carers"]);
    // Characteristics no assessment mentions have empty rows, never a guess.
    assert!(
        row(&m, "Gender reassignment")
            .cells
            .iter()
            .all(Option::is_none)
    );

    // Three proposals flag a group only when the round says three.
    let (d, a) = fixture();
    let proposals: Vec<Proposal> = d
        .iter()
        .map(|d| Proposal {
            decision: d,
            assessments: a
                .iter()
                .filter(|x| d.fields.assessment_ids.contains(&x.id))
                .collect(),
        })
        .collect();
    let three = matrix(
        &BudgetRoundFields {
            several: 3,
            ..round()
        },
        &proposals,
        &[],
    );
    let flagged: Vec<&str> = three
        .rows
        .iter()
        .filter(|r| r.flagged)
        .map(|r| r.label.as_str())
        .collect();
    assert_eq!(flagged, ["Disability"]);
}

#[test]
fn the_report_names_the_flagged_groups_and_their_mitigations() {
    let m = built();
    let r = report(
        &crate::record::Record {
            id: 1,
            version: 1,
            fields: round(),
        },
        &m,
        "Dudley",
        date(2026, 2, 1),
    );
    let text = format!("{r:?}");
    assert!(text.contains("3 groups are affected negatively by several proposals: Age (2 proposals), Disability (3 proposals), Carers (2 proposals)"));
    assert!(text.contains("no impact assessment"));
    assert!(text.contains("has not yet been considered"));
    let matrix = r.tables().next().unwrap();
    assert_eq!(matrix.header.len(), 1 + 4 + 1);
    assert_eq!(matrix.rows[1][0], "Disability (flagged)");
    assert_eq!(matrix.rows[1][5], "3");
}

#[test]
fn each_decision_is_told_whether_a_cumulative_assessment_covers_it() {
    let (d, a) = fixture();
    let on = |considered: Option<Date>| crate::record::Record {
        id: 1,
        version: 1,
        fields: BudgetRoundFields {
            conclusion: "Mitigations agreed for older and disabled people".into(),
            considered_on: considered,
            ..round()
        },
    };
    let refs: Vec<&ImpactAssessment> = a.iter().filter(|x| x.id == 11).collect();
    let line = |rounds: &[BudgetRound], id: i64| cumulative_line(id, &d[0].fields, &refs, rounds);
    // Considered the day before the decision: a pass.
    let l = line(&[on(Some(date(2026, 2, 24)))], 1).unwrap();
    assert_eq!(
        (l.principle, l.finding),
        (Principle::Cumulative, Finding::Pass)
    );
    // Considered after it, or not at all: missing, and the reason says which.
    let l = line(&[on(Some(date(2026, 3, 1)))], 1).unwrap();
    assert_eq!(l.finding, Finding::Missing);
    assert!(l.reasons[0].contains("after the decision"));
    let l = line(&[on(None)], 1).unwrap();
    assert!(l.reasons[0].contains("not been considered"));
    // A budget proposal no round holds is missing its cumulative assessment.
    let l = line(&[on(None)], 99).unwrap();
    assert_eq!(l.finding, Finding::Missing);
    assert!(l.reasons[0].contains("no cumulative assessment"));
    // A decision that is no budget proposal, in no round, gets no line.
    let policy: Vec<ImpactAssessment> = vec![assessment(20, Subject::Policy, vec![])];
    let refs: Vec<&ImpactAssessment> = policy.iter().collect();
    assert!(cumulative_line(99, &d[0].fields, &refs, &[on(None)]).is_none());
}

#[test]
fn the_form_refuses_a_consideration_without_a_conclusion() {
    let e = BudgetRoundFields::validate(&BudgetRoundForm {
        title: "Budget".into(),
        considered_on: "2026-02-01".into(),
        several: "1".into(),
        ..Default::default()
    })
    .unwrap_err();
    assert!(e.for_field("conclusion").is_some());
    assert!(e.for_field("several").is_some());
    let ok = BudgetRoundFields::validate(&round().to_form()).unwrap();
    assert_eq!(ok, round());
}
