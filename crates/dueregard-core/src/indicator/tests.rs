use super::values::{Group, Observation, Shown, read_rows, shown};
use super::*;
use dueregard_stats::classify::{Characteristic, DISABLED, NOT_DISABLED};
use dueregard_stats::disclosure::Preset;

fn form() -> IndicatorForm {
    IndicatorForm {
        title: "Managers trained to assess impact".into(),
        definition: "Managers who completed the module, out of all managers".into(),
        unit: "percent".into(),
        polarity: "higher_is_better".into(),
        frequency: "yearly".into(),
        targets: "2025-03-31: 60\n2026-03-31: 75".into(),
        green_within: "0".into(),
        amber_within: "5".into(),
        ..Default::default()
    }
}

fn fields(polarity: &str, green: &str, amber: &str) -> IndicatorFields {
    IndicatorFields::validate(&IndicatorForm {
        polarity: polarity.into(),
        green_within: green.into(),
        amber_within: amber.into(),
        ..form()
    })
    .unwrap()
}

#[test]
fn rag_follows_the_thresholds_at_their_boundaries_when_higher_is_better() {
    let f = fields("higher_is_better", "1", "5");
    // Target 60: green down to 59, amber down to 55, red below.
    assert_eq!(f.rag(70.0, 60.0), Rag::Green);
    assert_eq!(f.rag(60.0, 60.0), Rag::Green);
    assert_eq!(f.rag(59.0, 60.0), Rag::Green);
    assert_eq!(f.rag(58.99, 60.0), Rag::Amber);
    assert_eq!(f.rag(55.0, 60.0), Rag::Amber);
    assert_eq!(f.rag(54.99, 60.0), Rag::Red);
    assert_eq!(f.rag(0.0, 60.0), Rag::Red);
}

#[test]
fn rag_follows_the_thresholds_at_their_boundaries_when_lower_is_better() {
    let f = fields("lower_is_better", "0", "2.1");
    // Target 10 (say, a gap): green at or below 10, amber up to 12.1, red above.
    assert_eq!(f.rag(3.0, 10.0), Rag::Green);
    assert_eq!(f.rag(10.0, 10.0), Rag::Green);
    assert_eq!(f.rag(10.01, 10.0), Rag::Amber);
    assert_eq!(f.rag(12.1, 10.0), Rag::Amber);
    assert_eq!(f.rag(12.11, 10.0), Rag::Red);
    // Typed decimals do not fall off a boundary through rounding.
    let f = fields("higher_is_better", "0", "2.1");
    assert_eq!(f.rag(59.9, 62.0), Rag::Amber);
}

#[test]
fn the_form_refuses_each_bad_field_by_name() {
    let e = IndicatorFields::validate(&IndicatorForm {
        title: " ".into(),
        unit: "furlongs".into(),
        polarity: "".into(),
        targets: "2025-03-31: 60\nnext year: lots\n2025-03-31: 61".into(),
        green_within: "3".into(),
        amber_within: "1".into(),
        baseline: "last year".into(),
        ..form()
    })
    .unwrap_err();
    assert!(e.for_field("title").is_some());
    assert!(e.for_field("unit").is_some());
    assert!(e.for_field("polarity").is_some());
    assert!(e.for_field("baseline").is_some());
    assert!(e.for_field("amber_within").is_some());
    let t = e.for_field("targets").unwrap();
    assert!(t.contains("Line 2"), "{t}");
    let f = IndicatorFields::validate(&form()).unwrap();
    assert_eq!(f.targets.len(), 2);
    assert_eq!(IndicatorFields::validate(&f.to_form()).unwrap(), f);
}

fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split(',').map(|c| c.trim().to_string()).collect())
        .collect()
}

#[test]
fn values_are_read_in_any_column_order_and_under_other_names() {
    let a = read_rows(
        Unit::Percent,
        &rows("Period end,Characteristic,Group,Count,Base\n2025-03-31,,,120,200\n2025-03-31,Disability,Disabled,12,30"),
    )
    .unwrap();
    let b = read_rows(
        Unit::Percent,
        &rows("Denominator,Numerator,Category,Protected characteristic,Date\n200,120,All,All,31/03/2025\n30,12,Yes,disability,31/03/2025"),
    )
    .unwrap();
    let c = read_rows(
        Unit::Percent,
        &rows("2025-03-31,everyone,,120,200\n2025-03-31,Disability,disabled,12,30"),
    )
    .unwrap();
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert_eq!(
        a[1].group,
        Some(Group {
            characteristic: Characteristic::Disability,
            code: DISABLED
        })
    );
}

#[test]
fn bad_rows_are_refused_whole_and_each_is_named() {
    let e = read_rows(
        Unit::Percent,
        &rows("period,characteristic,group,count,base\n2025-03-31,,,120,200\nsoon,,,1,2\n2025-03-31,Eye colour,Blue,1,2\n2025-03-31,Disability,Disabled,40,30\n2025-03-31,Disability,Disabled,3,\n2025-03-31,,,5,9"),
    )
    .unwrap_err();
    let all = e.for_field("values").unwrap().to_string();
    let messages: Vec<String> = e.0.iter().map(|f| f.message.clone()).collect();
    assert!(messages.iter().any(|m| m.starts_with("Row 3")), "{all}");
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("Row 4") && m.contains("Eye colour"))
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("Row 5") && m.contains("more than"))
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("Row 6") && m.contains("base"))
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("Row 7") && m.contains("already"))
    );
    // Groups adding up to more than everyone.
    let e = read_rows(
        Unit::Percent,
        &rows("2025-03-31,,,20,100\n2025-03-31,Disability,Disabled,15,40\n2025-03-31,Disability,Not disabled,15,50"),
    )
    .unwrap_err();
    assert!(e.for_field("values").unwrap().contains("add up to more"));
    assert!(read_rows(Unit::Percent, &[]).is_err());
}

fn obs(period: &str, group: Option<u8>, count: u64, base: u64) -> Observation {
    Observation {
        period: period.parse().unwrap(),
        group: group.map(|code| Group {
            characteristic: Characteristic::Disability,
            code,
        }),
        count,
        base: Some(base),
    }
}

#[test]
fn a_value_resting_on_a_small_count_is_withheld_and_cannot_be_worked_out() {
    let f = IndicatorFields::validate(&form()).unwrap();
    let policy = Preset::Threshold10.policy();
    // Disabled: 4 of 30 met it. Shown with everyone's and the non-disabled group's counts,
    // the disabled count could be worked out by subtraction, so both groups are withheld.
    let values = vec![
        obs("2025-03-31", None, 120, 200),
        obs("2025-03-31", Some(DISABLED), 4, 30),
        obs("2025-03-31", Some(NOT_DISABLED), 116, 170),
    ];
    let s = shown(&f, &values, &policy);
    assert_eq!(s.overall, vec![Shown::Value(60.0)]);
    assert_eq!(s.groups[0].values, vec![Shown::Withheld]);
    assert_eq!(s.groups[1].values, vec![Shown::Withheld]);
    assert!(s.gaps.is_empty());
    assert_eq!(s.withheld, 2);
    // A complement that is small gives the count away as surely: 26 of 30 leaves 4 who did not.
    let values = vec![
        obs("2025-03-31", None, 142, 200),
        obs("2025-03-31", Some(DISABLED), 26, 30),
        obs("2025-03-31", Some(NOT_DISABLED), 116, 170),
    ];
    let s = shown(&f, &values, &policy);
    assert_eq!(s.groups[0].values, vec![Shown::Withheld]);
    // Large counts everywhere: every value shows, with the gap between the groups.
    let values = vec![
        obs("2025-03-31", None, 120, 200),
        obs("2025-03-31", Some(DISABLED), 12, 40),
        obs("2025-03-31", Some(NOT_DISABLED), 108, 160),
        obs("2026-03-31", None, 150, 200),
    ];
    let s = shown(&f, &values, &policy);
    assert_eq!(s.groups[0].values[0], Shown::Value(30.0));
    assert_eq!(s.groups[1].values[0], Shown::Value(67.5));
    assert_eq!(s.groups[0].values[1], Shown::Missing);
    assert_eq!(s.gaps.len(), 1);
    assert_eq!(s.gaps[0].worst, "Disabled");
    assert!((s.gaps[0].gap - 37.5).abs() < 1e-9);
    assert_eq!(s.rag, vec![Some(Rag::Green), Some(Rag::Green)]);
    assert_eq!(s.latest().map(|l| l.1), Some(75.0));
    // Everyone's own value is withheld when it rests on a small count too.
    let s = shown(&f, &[obs("2025-03-31", None, 3, 200)], &policy);
    assert_eq!(s.overall, vec![Shown::Withheld]);
    assert_eq!(s.rag, vec![None]);
}

#[test]
fn a_group_too_small_to_compare_is_withheld_even_with_no_small_cell() {
    let f = IndicatorFields::validate(&form()).unwrap();
    let s = shown(
        &f,
        &[obs("2025-03-31", Some(DISABLED), 0, 0)],
        &Preset::Threshold10.policy(),
    );
    assert_eq!(s.groups[0].values, vec![Shown::Withheld]);
}

#[test]
fn a_share_names_its_group_and_the_group_reads_back() {
    for g in Group::all() {
        assert_eq!(Group::from_key(&g.key()), Some(g));
    }
    assert!(
        Group::all()
            .iter()
            .all(|g| g.characteristic.is_disclosed(g.code))
    );
    assert_eq!(Group::from_key("disability:99"), None);
    assert_eq!(Group::from_key("height:1"), None);
    let e = IndicatorFields::validate(&IndicatorForm {
        source: "workforce_share".into(),
        ..form()
    })
    .unwrap_err();
    assert!(e.for_field("group").is_some());
    let f = IndicatorFields::validate(&IndicatorForm {
        source: "consultation_reach".into(),
        group: "sex:0".into(),
        ..form()
    })
    .unwrap();
    assert_eq!(f.group.map(|g| g.label()), Some("Female"));
    assert_eq!(IndicatorFields::validate(&f.to_form()).unwrap(), f);
    // A group given to an indicator that is not a share is not kept.
    let entered = IndicatorFields::validate(&IndicatorForm {
        group: "sex:0".into(),
        ..form()
    })
    .unwrap();
    assert_eq!(entered.group, None);
}

/// How long disclosure control takes for a large indicator: every category of the six
/// characteristics for `PERIODS` periods (default 10), some groups small. Run by
/// benches/indicators.sh; prints a line, asserts nothing about time.
#[test]
#[ignore = "a benchmark: run by benches/indicators.sh"]
fn shown_for_a_large_indicator() {
    let periods: i16 = std::env::var("PERIODS")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(10);
    let f = IndicatorFields::validate(&form()).unwrap();
    let mut values = Vec::new();
    let mut groups = 0;
    for y in 0..periods {
        let period: jiff::civil::Date = format!("{}-03-31", 2010 + y).parse().unwrap();
        values.push(Observation {
            period,
            group: None,
            count: 6_000,
            base: Some(10_000),
        });
        for c in Characteristic::ALL {
            let n = c.categories().len() as u64;
            for code in 0..c.categories().len() as u8 {
                // Every fifth group is small; the rest share what is left.
                let base = if u64::from(code) % 5 == 4 {
                    7
                } else {
                    9_000 / n
                };
                let count = base * 3 / 5;
                values.push(Observation {
                    period,
                    group: Some(Group {
                        characteristic: c,
                        code,
                    }),
                    count,
                    base: Some(base),
                });
                if y == 0 {
                    groups += 1;
                }
            }
        }
    }
    let policy = Preset::Threshold10.policy();
    let start = std::time::Instant::now();
    let runs = 20;
    let mut withheld = 0;
    for _ in 0..runs {
        withheld = shown(&f, &values, &policy).withheld;
    }
    let each = start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
    println!(
        "| {periods} | {groups} | {} | {withheld} | {each:.2} |",
        values.len()
    );
}
