use super::*;
use crate::period::FinancialYear;
use crate::plan::ActionFields;
use crate::progress::ActionProgress;
use jiff::civil::date;

fn year() -> Period {
    FinancialYear::parse("2026/27").map(|f| f.period()).unwrap()
}

fn action(id: i64, leads: &[i64], status: Option<ProgressStatus>, on: Option<Date>) -> Action {
    Action {
        id,
        version: 1,
        plan_id: 1,
        fields: ActionFields {
            objective_id: 1,
            number: Some(id),
            text: format!("Action {id}"),
            lead_ids: leads.to_vec(),
            target_text: "March 2027".into(),
            outcome_id: None,
            equality_objective_ids: vec![],
            aims: vec![],
            characteristics: vec![],
            local_characteristics: vec![],
        },
        progress: ActionProgress {
            latest_status: status,
            latest_update_on: on,
            revised_due: None,
        },
        continues: None,
    }
}

#[test]
fn six_monthly_and_quarterly_periods_cover_the_year() {
    let six = periods(year(), 6);
    assert_eq!(six.len(), 2);
    assert_eq!(six[0].period.start, date(2026, 4, 1));
    assert_eq!(six[0].due(), date(2026, 9, 30));
    assert_eq!(six[1].period.start, date(2026, 10, 1));
    assert_eq!(six[1].due(), date(2027, 3, 31));
    let quarters = periods(year(), 3);
    let ends: Vec<Date> = quarters.iter().map(|p| p.due()).collect();
    assert_eq!(
        ends,
        [
            date(2026, 6, 30),
            date(2026, 9, 30),
            date(2026, 12, 31),
            date(2027, 3, 31)
        ]
    );
    // Five-monthly: the last period is cut short at the plan's end.
    let five = periods(year(), 5);
    assert_eq!(five.len(), 3);
    assert_eq!(five[2].period.start, date(2027, 2, 1));
    assert_eq!(five[2].due(), date(2027, 3, 31));
    assert_eq!(periods(year(), 0), []);
}

#[test]
fn a_request_at_the_start_lists_only_open_actions_not_yet_updated() {
    let actions = [
        action(1, &[10], None, None),
        action(
            2,
            &[10, 11],
            Some(ProgressStatus::OnTrack),
            Some(date(2026, 3, 1)),
        ),
        action(
            3,
            &[11],
            Some(ProgressStatus::Complete),
            Some(date(2026, 3, 1)),
        ),
        action(
            4,
            &[12],
            Some(ProgressStatus::OnTrack),
            Some(date(2026, 10, 2)),
        ),
    ];
    let got = notices(7, year(), 6, &actions, date(2026, 10, 5));
    let requests: Vec<(i64, Vec<i64>)> = got
        .iter()
        .filter(|n| n.kind == NoticeKind::Request)
        .map(|n| (n.officer, n.actions.clone()))
        .collect();
    // Officer 12 updated on 2 October, in this period; officer 11's other action is complete.
    assert_eq!(requests, [(10, vec![1, 2]), (11, vec![2])]);
    assert!(got.iter().all(|n| n.kind != NoticeKind::Reminder));
    assert_eq!(got[0].key(), "request:plan7:2026-10-01:person10");
}

#[test]
fn reminders_start_fourteen_days_before_the_due_date() {
    let actions = [action(1, &[10], None, None)];
    let kinds = |day| -> Vec<NoticeKind> {
        notices(1, year(), 6, &actions, day)
            .into_iter()
            .map(|n| n.kind)
            .collect()
    };
    assert_eq!(kinds(date(2026, 9, 15)), [NoticeKind::Request]);
    assert_eq!(
        kinds(date(2026, 9, 16)),
        [NoticeKind::Request, NoticeKind::Reminder]
    );
    assert_eq!(
        kinds(date(2026, 9, 30)),
        [NoticeKind::Request, NoticeKind::Reminder]
    );
    // Updated on 20 September: nothing more is owed for this period.
    let done = [action(
        1,
        &[10],
        Some(ProgressStatus::OnTrack),
        Some(date(2026, 9, 20)),
    )];
    assert_eq!(notices(1, year(), 6, &done, date(2026, 9, 25)), []);
}

#[test]
fn missing_updates_escalate_after_the_due_date_for_one_quarter() {
    let actions = [
        action(
            1,
            &[10],
            Some(ProgressStatus::OnTrack),
            Some(date(2026, 5, 1)),
        ),
        action(
            2,
            &[11],
            Some(ProgressStatus::OnTrack),
            Some(date(2026, 3, 31)),
        ),
    ];
    let escalations = |day| -> Vec<(i64, Date)> {
        notices(1, year(), 6, &actions, day)
            .into_iter()
            .filter(|n| n.kind == NoticeKind::Escalation)
            .map(|n| (n.officer, n.period.due()))
            .collect()
    };
    assert_eq!(escalations(date(2026, 9, 30)), []);
    // Officer 10 updated in May, within the first period; officer 11 did not.
    assert_eq!(escalations(date(2026, 10, 1)), [(11, date(2026, 9, 30))]);
    assert_eq!(escalations(date(2026, 12, 31)), [(11, date(2026, 9, 30))]);
    assert_eq!(escalations(date(2027, 1, 1)), []);
    // After the plan ends, its last period's missing updates still escalate.
    let after = notices(1, year(), 6, &actions, date(2027, 4, 2));
    assert_eq!(after.len(), 2);
    assert!(after.iter().all(|n| n.kind == NoticeKind::Escalation));
}
