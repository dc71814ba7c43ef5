use dueregard_stats::classify::{self, Characteristic};
use dueregard_stats::disclosure::Preset;
use dueregard_stats::paygap::HourlyRate;
use dueregard_stats::representation::Reading;
use dueregard_stats::workforce::*;

/// 200 people in two directorates; one disabled man in the small directorate, so he must not
/// be found in any published table.
fn workforce() -> Workforce {
    let mut w = Workforce {
        directorates: vec!["Adult Social Care".into(), "Legal Services".into()],
        grades: vec!["Grade 1".into(), "Grade 2".into()],
        ..Workforce::default()
    };
    for i in 0..200u32 {
        let legal = i >= 180;
        let woman = i % 3 != 0;
        let codes = [
            if woman {
                classify::FEMALE
            } else {
                classify::MALE
            },
            if i % 5 == 0 {
                2
            } else {
                classify::WHITE_BRITISH
            },
            if i == 183 {
                classify::DISABLED
            } else {
                classify::NOT_DISABLED
            },
            if i % 2 == 0 { 1 } else { 0 },
            0,
            classify::age_band(20 + (i % 40) as i32).unwrap_or(0),
        ];
        for (c, code) in codes.into_iter().enumerate() {
            w.characteristics[c].push(code);
        }
        w.directorate.push(u16::from(legal));
        w.grade.push(u16::from(i % 4 == 0));
        let pence = if woman { 1200 } else { 1300 } + i64::from(i);
        w.rate.push(HourlyRate::from_period_hours(pence, 100).ok());
        w.bonus_pence.push(0);
    }
    w
}

fn settings() -> ReportSettings {
    ReportSettings {
        policy: Preset::Threshold10.policy(),
        sex_basis: SexBasis::RecordedSex,
    }
}

#[test]
fn no_published_count_is_small_and_small_groups_get_no_pay_gap() {
    let report = analyse(&workforce(), &settings(), None);
    for table in &report.tables {
        let cells = table
            .cells
            .iter()
            .flatten()
            .chain(&table.row_totals)
            .chain(&table.column_totals);
        for cell in cells {
            if let Some(n) = cell.count {
                assert!(
                    n == 0 || n >= 10,
                    "{}: a count of {n} is shown",
                    table.title
                );
            }
        }
    }
    let disability = report
        .tables
        .iter()
        .find(|t| t.characteristic == Characteristic::Disability && t.by == "Directorate")
        .unwrap();
    assert_eq!(
        disability.cells[0][1].count, None,
        "the one disabled person is hidden"
    );
    assert_eq!(
        disability.cells[1][1].count, None,
        "and the cell that would give him away by subtraction"
    );
    let gap = report
        .pay_gaps
        .iter()
        .find(|g| g.title == "Disability pay gap")
        .unwrap();
    assert!(gap.measures.is_none() && gap.counts.is_none());
    assert!(
        gap.withheld
            .as_deref()
            .unwrap_or("")
            .contains("at least 10")
    );
    let gender = &report.pay_gaps[0];
    assert!(
        gender
            .measures
            .as_ref()
            .is_some_and(|m| m.mean_hourly.unwrap_or(0.0) > 0.0)
    );
    assert_eq!(
        report.settings.sex_basis,
        SexBasis::RecordedSex,
        "the basis is recorded"
    );
}

#[test]
fn non_disclosure_is_counted_not_dropped() {
    let mut w = workforce();
    for code in w.characteristics[Characteristic::Religion as usize]
        .iter_mut()
        .take(30)
    {
        *code = Characteristic::Religion.prefer_not_to_say().unwrap_or(0);
    }
    let report = analyse(&w, &settings(), None);
    let religion = report
        .non_disclosure
        .iter()
        .find(|n| n.characteristic == Characteristic::Religion)
        .unwrap();
    assert_eq!(
        religion.prefer_not_to_say.as_ref().and_then(|c| c.count),
        Some(30)
    );
    assert_eq!(
        religion.prefer_not_to_say.as_ref().and_then(|c| c.percent),
        Some(15.0)
    );
}

#[test]
fn representation_reads_against_the_population() {
    let population = Population {
        area_code: "E08000027".into(),
        area_name: "Dudley".into(),
        benchmarks: vec![PopulationBenchmark {
            characteristic: Characteristic::Sex,
            groups: vec![
                PopulationGroup {
                    label: "Female".into(),
                    codes: vec![classify::FEMALE],
                    count: 50.0,
                },
                PopulationGroup {
                    label: "Male".into(),
                    codes: vec![classify::MALE],
                    count: 50.0,
                },
            ],
            source: "test".into(),
        }],
    };
    let report = analyse(&workforce(), &settings(), Some(&population));
    let rows = &report.representation[0].rows;
    assert_eq!(
        rows[0].reading,
        Some(Reading::OverRepresented),
        "two thirds women against half"
    );
    assert_eq!(rows[1].reading, Some(Reading::UnderRepresented));
    assert_eq!(rows[0].workforce, Some(133));
    assert_eq!(report.area, Some(("E08000027".into(), "Dudley".into())));
}

proptest::proptest! {
    /// Ranking puts everyone in exact order of rate (those without one last), moves every
    /// column with its person, and says where each person came from. Two of the rates are
    /// different fractions with the same value as a float, so the exact order is tested too.
    #[test]
    fn ranking_orders_people_exactly_and_keeps_their_columns_together(
        picks in proptest::collection::vec(0usize..7, 0..400)
    ) {
        let pool = [
            None,
            HourlyRate::from_parts(1_500, 1),
            HourlyRate::from_parts(3_000, 2),
            HourlyRate::from_parts(1_000, 3),
            HourlyRate::from_parts(9_007_199_254_740_993, 1),
            HourlyRate::from_parts(9_007_199_254_740_992, 1),
            HourlyRate::from_parts(2_000, 1),
        ];
        let n = picks.len();
        let mut w = Workforce {
            characteristics: std::array::from_fn(|c| (0..n).map(|i| ((i + c) % 7) as u8).collect()),
            directorate: (0..n).map(|i| (i % 3) as u16).collect(),
            directorates: vec!["A".into(), "B".into(), "C".into()],
            grade: (0..n).map(|i| (i % 5) as u16).collect(),
            grades: (0..5).map(|g| format!("Grade {g}")).collect(),
            rate: picks.iter().map(|&p| pool[p]).collect(),
            bonus_pence: (0..n as i64).collect(),
        };
        let before = w.clone();
        let order = w.rank_by_pay();
        let mut seen = order.clone();
        seen.sort_unstable();
        proptest::prop_assert_eq!(seen, (0..n as u32).collect::<Vec<_>>());
        for (at, &from) in order.iter().enumerate() {
            let from = from as usize;
            proptest::prop_assert_eq!(w.bonus_pence[at], before.bonus_pence[from]);
            proptest::prop_assert_eq!(w.directorate[at], before.directorate[from]);
            proptest::prop_assert_eq!(w.grade[at], before.grade[from]);
            proptest::prop_assert_eq!(w.rate[at], before.rate[from]);
            for c in 0..6 {
                proptest::prop_assert_eq!(w.characteristics[c][at], before.characteristics[c][from]);
            }
        }
        for pair in w.rate.windows(2) {
            let in_order = match (pair[0], pair[1]) {
                (Some(a), Some(b)) => a <= b,
                (Some(_), None) | (None, None) => true,
                (None, Some(_)) => false,
            };
            proptest::prop_assert!(in_order, "{:?} before {:?}", pair[0], pair[1]);
        }
    }
}

/// The counts a gap between men and women rests on, worked out here from the people
/// themselves: full-pay relevant, paid a bonus, everyone, and each band's head count.
struct Rests {
    full_pay: [u64; 2],
    bonus: [u64; 2],
    everyone: [u64; 2],
    bands: [[u64; 2]; 4],
}

fn rests_on(w: &Workforce, of: impl Fn(usize) -> Option<usize>) -> Rests {
    let mut r = Rests {
        full_pay: [0; 2],
        bonus: [0; 2],
        everyone: [0; 2],
        bands: [[0; 2]; 4],
    };
    let mut records = Vec::new();
    for i in 0..w.bonus_pence.len() {
        let Some(g) = of(i) else { continue };
        r.everyone[g] += 1;
        r.full_pay[g] += u64::from(w.rate[i].is_some());
        r.bonus[g] += u64::from(w.bonus_pence[i] > 0);
        records.push(dueregard_stats::paygap::PayRecord {
            group: g as u16,
            rate: w.rate[i],
            bonus_pence: w.bonus_pence[i],
        });
    }
    let q = dueregard_stats::paygap::analyse(&records, 2).quartiles;
    for (band, counts) in q.counts.iter().enumerate() {
        r.bands[band] = [counts[0], counts[1]];
    }
    r
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// No pay gap figure is published that rests on a count the rule hides: not a gap between
    /// groups one of which is small, not a bonus gap where few were paid one, not the share
    /// paid a bonus where those paid (or not paid) are few, not a quartile share from a band
    /// holding few of a group.
    #[test]
    fn no_published_figure_rests_on_a_small_count(
        people in proptest::collection::vec(
            (0u8..2, 0u8..2, 0u8..2, proptest::option::weighted(0.9, 1_000i64..3_000), 0u8..100),
            20..300,
        ),
        bonus_rate in 0u8..100,
        nhs in proptest::bool::ANY,
    ) {
        let mut w = Workforce {
            directorates: vec!["Place".into(), "People".into()],
            grades: vec!["Grade 1".into()],
            ..Workforce::default()
        };
        for &(sex, disabled, minority, rate, luck) in &people {
            let codes = [
                if sex == 0 { classify::FEMALE } else { classify::MALE },
                if minority == 0 { classify::WHITE_BRITISH } else { 2 },
                if disabled == 0 { classify::NOT_DISABLED } else { classify::DISABLED },
                0,
                0,
                classify::age_band(40).unwrap_or(0),
            ];
            for (c, code) in codes.into_iter().enumerate() {
                w.characteristics[c].push(code);
            }
            w.directorate.push(u16::from(luck % 2));
            w.grade.push(0);
            w.rate.push(rate.and_then(|p| HourlyRate::from_period_hours(p, 100).ok()));
            w.bonus_pence.push(if luck < bonus_rate { 10_000 + i64::from(luck) } else { 0 });
        }
        w.rank_by_pay();
        let settings = ReportSettings {
            policy: if nhs { Preset::Nhs.policy() } else { Preset::Threshold10.policy() },
            sex_basis: SexBasis::RecordedSex,
        };
        let policy = settings.policy.clone();
        let report = analyse(&w, &settings, None);
        let sex = w.codes(Characteristic::Sex).to_vec();
        let disability = w.codes(Characteristic::Disability).to_vec();
        let checks: [(&str, Rests); 2] = [
            ("Gender pay gap", rests_on(&w, |i| match sex[i] {
                classify::MALE => Some(0),
                classify::FEMALE => Some(1),
                _ => None,
            })),
            ("Disability pay gap", rests_on(&w, |i| match disability[i] {
                classify::NOT_DISABLED => Some(0),
                classify::DISABLED => Some(1),
                _ => None,
            })),
        ];
        let ok = |n: u64| !policy.is_small(n);
        for (title, r) in &checks {
            let section = report.pay_gaps.iter().find(|g| g.title == *title).unwrap();
            let Some(m) = &section.measures else { continue };
            if m.mean_hourly.is_some() || m.median_hourly.is_some() {
                proptest::prop_assert!(r.full_pay.iter().all(|&n| n >= policy.min_group), "{title}: hourly from {:?}", r.full_pay);
            }
            if m.mean_bonus.is_some() || m.median_bonus.is_some() {
                proptest::prop_assert!(r.bonus.iter().all(|&n| n >= policy.min_group), "{title}: bonus from {:?}", r.bonus);
            }
            for (g, share) in [m.comparator_paid_bonus, m.group_paid_bonus].into_iter().enumerate() {
                if share.is_some() {
                    proptest::prop_assert!(ok(r.bonus[g]) && ok(r.everyone[g] - r.bonus[g]), "{title}: paid bonus {g} from {} of {}", r.bonus[g], r.everyone[g]);
                }
            }
            for (band, (a, b)) in m.quartiles.iter().enumerate() {
                if a.is_some() || b.is_some() {
                    proptest::prop_assert!(r.bands[band].iter().all(|&n| ok(n)), "{title}: band {band} from {:?}", r.bands[band]);
                }
            }
            // What is not shown says why.
            let hidden = m.mean_bonus.is_none() || m.group_paid_bonus.is_none()
                || m.quartiles.iter().any(|(a, b)| a.is_none() || b.is_none());
            let could = r.bonus.iter().all(|&n| n > 0) && r.full_pay.iter().all(|&n| n > 0);
            if hidden && could {
                proptest::prop_assert!(!m.withheld.is_empty() || m.quartiles.iter().all(|(a, b)| a.is_some() && b.is_some()));
            }
        }
    }
}
