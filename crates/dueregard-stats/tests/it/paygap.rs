use dueregard_stats::paygap::*;
use dueregard_stats::rounding::one_decimal_place as dp1;
use proptest::prelude::*;

const MEN: u16 = 0;
const WOMEN: u16 = 1;

/// A full-pay relevant employee paid `pence` an hour, with a bonus.
fn paid(group: u16, pence: i64, bonus_pence: i64) -> PayRecord {
    PayRecord {
        group,
        rate: HourlyRate::from_period_hours(pence, 100).ok(),
        bonus_pence,
    }
}

fn many(group: u16, n: usize, pence: i64) -> Vec<PayRecord> {
    vec![paid(group, pence, 0); n]
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn a1_and_b1_band_sizes() {
    assert_eq!(band_sizes(4_445), [1112, 1111, 1111, 1111]);
    let expected = [
        [1, 0, 0, 0],
        [1, 0, 1, 0],
        [1, 1, 1, 0],
        [1, 1, 1, 1],
        [2, 1, 1, 1],
        [2, 1, 2, 1],
        [2, 2, 2, 1],
        [2, 2, 2, 2],
        [3, 2, 2, 2],
        [3, 2, 3, 2],
        [3, 3, 3, 2],
    ];
    for (n, sizes) in (1..=11).zip(expected) {
        assert_eq!(band_sizes(n), sizes, "N = {n}");
    }
}

#[test]
fn a2_quartile_composition() {
    // Distinct rates, laid out so each band holds the published mix.
    let mix = [(187, 925), (110, 1001), (298, 813), (750, 361)];
    let mut records = Vec::new();
    let mut pence = 1000;
    for (men, women) in mix {
        for g in std::iter::repeat_n(MEN, men).chain(std::iter::repeat_n(WOMEN, women)) {
            records.push(paid(g, pence, 0));
            pence += 1;
        }
    }
    let gap = analyse(&records, 2).compare(0, 1);
    let published: Vec<(f64, f64)> = gap
        .quartiles
        .iter()
        .map(|(m, w)| (dp1(m.unwrap_or(-1.0)), dp1(w.unwrap_or(-1.0))))
        .collect();
    assert_eq!(
        published,
        [(16.8, 83.2), (9.9, 90.1), (26.8, 73.2), (67.5, 32.5)]
    );
}

#[test]
fn a3_ties_across_a_boundary_keep_the_mix() {
    assert_eq!(
        share_tie(&[4, 36], &[10, 30]),
        vec![vec![1, 9], vec![3, 27]]
    );
    // The same through the engine: 160 employees, bands of 40; 30 below the tie, so 10 of the
    // 40 on one rate land in the lower band and 30 in the lower middle.
    let mut records = Vec::new();
    for i in 0..30 {
        records.push(paid(WOMEN, 500 + i, 0));
    }
    records.extend(many(WOMEN, 36, 1000));
    records.extend(many(MEN, 4, 1000));
    for i in 0..90 {
        records.push(paid(MEN, 2000 + i, 0));
    }
    let q = analyse(&records, 2).quartiles;
    assert_eq!(q.sizes, [40, 40, 40, 40]);
    assert_eq!(
        q.counts[0],
        vec![1, 39],
        "lower: 30 women below the tie, then 9 women, 1 man"
    );
    assert_eq!(
        q.counts[1],
        vec![3 + 10, 27],
        "lower middle: 27 women, 3 men, 10 men above"
    );
}

#[test]
fn a4_mean_hourly_gap() {
    // Men's rates sum to £23,550 over 1,345; women's to £46,900 over 3,100.
    let mut records = many(MEN, 1344, 1751);
    records.push(paid(MEN, 2_355_000 - 1344 * 1751, 0));
    records.extend(many(WOMEN, 3099, 1513));
    records.push(paid(WOMEN, 4_690_000 - 3099 * 1513, 0));
    let analysis = analyse(&records, 2);
    assert!(close(analysis.groups[0].mean_hourly, 23_550.0 / 1345.0));
    let gap = analysis.compare(0, 1).mean_hourly;
    assert!(
        gap.is_some_and(|g| (g - 13.594_274_364_8).abs() < 1e-8),
        "{gap:?}"
    );
    assert_eq!(gap.map(dp1), Some(13.6));
    // The guidance rounds the means to pence first and prints 13.59%: keep that variant too.
    let from_pence = gap_percent(17.51, 15.13);
    assert!((from_pence - 13.592_233_009_7).abs() < 1e-8);
    assert_eq!((from_pence * 100.0).round() / 100.0, 13.59);
}

fn gap_percent(a: f64, b: f64) -> f64 {
    gap(Some(a), Some(b)).unwrap_or(f64::NAN)
}

#[test]
fn a5_median_hourly_gap() {
    let mut records = many(MEN, 672, 1000);
    records.push(paid(MEN, 1500, 0));
    records.extend(many(MEN, 672, 2000));
    records.extend(many(WOMEN, 1549, 1000));
    records.push(paid(WOMEN, 1300, 0));
    records.push(paid(WOMEN, 1500, 0));
    records.extend(many(WOMEN, 1549, 2000));
    let analysis = analyse(&records, 2);
    assert_eq!(analysis.groups[0].median_hourly, Some(15.0));
    assert_eq!(analysis.groups[1].median_hourly, Some(14.0));
    let gap = analysis.compare(0, 1).median_hourly;
    assert!(gap.is_some_and(|g| (g - 6.666_666_666_7).abs() < 1e-8));
    assert_eq!(gap.map(dp1), Some(6.7));
}

#[test]
fn a6_bonus_proportions_count_every_relevant_employee() {
    let mut records = vec![paid(MEN, 1000, 100_00); 1300];
    records.extend(vec![paid(MEN, 1000, 0); 75]);
    records.extend(vec![paid(WOMEN, 1000, 100_00); 2000]);
    records.extend(vec![paid(WOMEN, 1000, 0); 1125]);
    let (men, women) = analyse(&records, 2).compare(0, 1).paid_bonus;
    assert_eq!(men.map(dp1), Some(94.5));
    assert_eq!(women.map(dp1), Some(64.0));
}

#[test]
fn a7_a8_bonus_gaps() {
    assert_eq!(dp1(gap_percent(1650.0, 1490.0)), 9.7);
    assert_eq!(dp1(gap_percent(2300.0, 2225.0)), 3.3);
}

/// The ten full-pay relevant employees of vector B2, with B3's bonuses.
fn b2_b3() -> Vec<PayRecord> {
    let people = [
        (WOMEN, 950, 0),
        (WOMEN, 1000, 0),
        (MEN, 1000, 500_00),
        (WOMEN, 1120, 500_00),
        (MEN, 1120, 0),
        (WOMEN, 1120, 0),
        (MEN, 1400, 1000_00),
        (WOMEN, 1650, 1200_00),
        (MEN, 1800, 1500_00),
        (MEN, 2500, 3000_00),
    ];
    let mut records: Vec<PayRecord> = people.iter().map(|&(g, p, b)| paid(g, p, b)).collect();
    // E11 (statutory maternity pay) and E12 (unpaid sick leave): relevant, not full-pay relevant.
    records.push(PayRecord {
        group: WOMEN,
        rate: None,
        bonus_pence: 800_00,
    });
    records.push(PayRecord {
        group: MEN,
        rate: None,
        bonus_pence: 0,
    });
    records
}

#[test]
fn b2_small_dataset_with_ties() {
    let analysis = analyse(&b2_b3(), 2);
    let (men, women) = (&analysis.groups[0], &analysis.groups[1]);
    assert!(close(men.mean_hourly, 15.64));
    assert!(close(women.mean_hourly, 11.68));
    assert_eq!(men.median_hourly, Some(14.0));
    assert_eq!(women.median_hourly, Some(11.2));
    let gap = analysis.compare(0, 1);
    assert_eq!(gap.mean_hourly.map(dp1), Some(25.3));
    assert!(close(gap.median_hourly, 20.0));
    assert_eq!(analysis.quartiles.sizes, [3, 2, 3, 2]);
    let bands: Vec<Vec<u64>> = analysis.quartiles.counts.to_vec();
    assert_eq!(bands, vec![vec![1, 2], vec![1, 1], vec![1, 2], vec![2, 0]]);
    assert_eq!(
        gap.quartiles.map(|(m, w)| (m.map(dp1), w.map(dp1))),
        [
            (Some(33.3), Some(66.7)),
            (Some(50.0), Some(50.0)),
            (Some(33.3), Some(66.7)),
            (Some(100.0), Some(0.0)),
        ]
    );
}

#[test]
fn b3_bonus_measures_include_relevant_employees_on_leave() {
    let analysis = analyse(&b2_b3(), 2);
    let (men, women) = (&analysis.groups[0], &analysis.groups[1]);
    assert_eq!((men.relevant, women.relevant), (6, 6));
    assert_eq!((men.full_pay_relevant, women.full_pay_relevant), (5, 5));
    assert_eq!(men.mean_bonus, Some(1500.0));
    assert!(close(women.mean_bonus, 2500.0 / 3.0));
    assert_eq!(men.median_bonus, Some(1250.0));
    assert_eq!(women.median_bonus, Some(800.0));
    let gap = analysis.compare(0, 1);
    assert_eq!(gap.paid_bonus.0.map(dp1), Some(66.7));
    assert_eq!(gap.paid_bonus.1.map(dp1), Some(50.0));
    assert_eq!(gap.mean_bonus.map(dp1), Some(44.4));
    assert!(close(gap.median_bonus, 36.0));
}

#[test]
fn b4_negative_median_gap() {
    let mut records: Vec<PayRecord> = [2000, 1500, 1250, 3000, 1000]
        .iter()
        .map(|&p| paid(MEN, p, 0))
        .collect();
    records.extend([1800, 1250, 1100, 2500].iter().map(|&p| paid(WOMEN, p, 0)));
    let gap = analyse(&records, 2).compare(0, 1);
    assert_eq!(gap.mean_hourly.map(dp1), Some(5.0));
    assert_eq!(gap.median_hourly.map(dp1), Some(-1.7));
}

#[test]
fn b5_hourly_rate_from_pay() {
    let rate = |pay, days, hours| {
        HourlyRate::from_weekly_hours(pay, days, hours)
            .map(|r| r.pounds())
            .unwrap_or(f64::NAN)
    };
    assert!(
        (rate(250_000, 30, 3750) - 15.555_555_6).abs() < 1e-6,
        "April, 30 days"
    );
    assert!(
        (rate(250_000, 31, 3750) - 15.053_763_4).abs() < 1e-6,
        "March, 31 days"
    );
    // An annual £3,650 bonus paid in March, pro-rated to the 31-day period: £310.
    assert!((rate(250_000 + 31_000, 31, 3750) - 16.920_430_1).abs() < 1e-6);
    assert_eq!(rate(60_000, 7, 4000), 15.0);
    assert_eq!(rate(180_000, 28, 3000), 15.0);
    // Equal rates written differently tie exactly.
    let a = HourlyRate::from_weekly_hours(250_000, 30, 3750);
    let b = HourlyRate::from_weekly_hours(200_000, 30, 3000);
    assert!(a.is_ok() && a == b);
    assert_eq!(
        HourlyRate::from_weekly_hours(0, 30, 3750),
        Err(RateError::NoPay)
    );
    assert_eq!(
        HourlyRate::from_weekly_hours(-5, 30, 3750),
        Err(RateError::NoPay)
    );
    assert_eq!(
        HourlyRate::from_weekly_hours(100, 30, 0),
        Err(RateError::NoHours)
    );
    assert_eq!(
        HourlyRate::from_weekly_hours(100, 0, 10),
        Err(RateError::PeriodLength)
    );
}

#[test]
fn b6_guard_cases() {
    let women_only = many(WOMEN, 5, 1000);
    let analysis = analyse(&women_only, 2);
    let gap = analysis.compare(0, 1);
    assert_eq!(gap.mean_hourly, None, "no men: not applicable");
    assert_eq!(gap.median_hourly, None);
    assert_eq!(
        gap.quartiles[0],
        (Some(0.0), Some(100.0)),
        "quartiles still computed"
    );
    assert_eq!(gap.paid_bonus.0, None, "no male relevant employees");
    let mut no_male_bonus = many(MEN, 3, 1000);
    no_male_bonus.push(paid(WOMEN, 1000, 50_00));
    let gap = analyse(&no_male_bonus, 2).compare(0, 1);
    assert_eq!(gap.mean_bonus, None);
    assert_eq!(gap.median_bonus, None);
    assert_eq!(gap.paid_bonus.0, Some(0.0));
    // N below 4 leaves empty bands "not applicable", not 0%.
    let two = analyse(&[paid(MEN, 1000, 0), paid(WOMEN, 900, 0)], 2).compare(0, 1);
    assert_eq!(two.quartiles[1], (None, None));
    assert_eq!(dp1(12.35), 12.4);
}

#[test]
fn c_full_pay_relevant_classification() {
    assert!(is_full_pay_relevant(false, false), "worked a full week");
    assert!(
        !is_full_pay_relevant(true, true),
        "a day's unpaid special leave"
    );
    assert!(is_full_pay_relevant(true, false), "fully paid annual leave");
    assert!(
        !is_full_pay_relevant(true, true),
        "shared parental leave on statutory pay"
    );
    assert!(
        is_full_pay_relevant(false, true),
        "strike: reduced pay, not leave"
    );
}

#[test]
fn sizes_not_divisible_by_four_with_ties_everywhere() {
    // 11 people, all on one rate: bands [3, 3, 3, 2]; 5 men and 6 women share out evenly.
    let mut records = many(MEN, 5, 1200);
    records.extend(many(WOMEN, 6, 1200));
    let q = analyse(&records, 2).quartiles;
    assert_eq!(q.sizes, [3, 3, 3, 2]);
    let men: Vec<u64> = q.counts.iter().map(|c| c[0]).collect();
    assert_eq!(men.iter().sum::<u64>(), 5);
    // Lower: men 5×3/11 = 1.36, women 1.64, so the spare place goes to a woman (1 man).
    // Lower middle: 4 and 4 left for 3 places, equal remainders, first group first (2 men).
    // Upper middle: 2 and 3 left, 1.2 and 1.8 (1 man). Upper: the rest (1 man).
    assert_eq!(men, vec![1, 2, 1, 1]);
}

#[test]
fn part_time_hours_give_the_same_rate_as_full_time() {
    let full = HourlyRate::from_weekly_hours(250_000, 31, 3700);
    let part = HourlyRate::from_weekly_hours(125_000, 31, 1850);
    assert!(full.is_ok() && full == part);
}

fn group_of(men: bool) -> u16 {
    if men { MEN } else { WOMEN }
}

proptest! {
    #[test]
    fn identical_distributions_give_no_gap(rates in prop::collection::vec((100i64..10_000, 0i64..5_000), 1..60)) {
        let mut records = Vec::new();
        for &(p, b) in &rates {
            records.push(paid(MEN, p, b));
            records.push(paid(WOMEN, p, b));
        }
        let gap = analyse(&records, 2).compare(0, 1);
        prop_assert!(gap.mean_hourly.is_some_and(|g| g.abs() < 1e-9));
        prop_assert_eq!(gap.median_hourly, Some(0.0));
        prop_assert_eq!(gap.paid_bonus.0, gap.paid_bonus.1);
        if let Some(g) = gap.mean_bonus { prop_assert!(g.abs() < 1e-9); }
        // Every rate is held by one man and one woman, so each band's mix can differ from
        // half and half by at most the one person a band's odd place forces.
        let q = analyse(&records, 2).quartiles;
        for band in &q.counts {
            prop_assert!(band[0].abs_diff(band[1]) <= 1, "{:?}", q.counts);
        }
    }

    #[test]
    fn bands_always_hold_everyone(people in prop::collection::vec((any::<bool>(), 100i64..120), 0..200)) {
        // A narrow pay range makes ties across boundaries common.
        let records: Vec<PayRecord> = people.iter().map(|&(m, p)| paid(group_of(m), p, 0)).collect();
        let q = analyse(&records, 2).quartiles;
        prop_assert_eq!(q.sizes, band_sizes(people.len() as u64));
        for (band, size) in q.counts.iter().zip(q.sizes) {
            prop_assert_eq!(band.iter().sum::<u64>(), size);
        }
        let men = people.iter().filter(|p| p.0).count() as u64;
        prop_assert_eq!(q.counts.iter().map(|c| c[0]).sum::<u64>(), men);
    }

    #[test]
    fn tie_shares_add_up(tie in prop::collection::vec(0u64..50, 1..6), cuts in prop::collection::vec(1u64..30, 1..4)) {
        let total: u64 = tie.iter().sum();
        prop_assume!(total > 0);
        // Split the tie into consecutive bands.
        let mut slots = Vec::new();
        let mut left = total;
        for c in cuts { if left == 0 { break; } let s = c.min(left); slots.push(s); left -= s; }
        if left > 0 { slots.push(left); }
        let shares = share_tie(&tie, &slots);
        for (band, &s) in shares.iter().zip(&slots) { prop_assert_eq!(band.iter().sum::<u64>(), s); }
        for g in 0..tie.len() { prop_assert_eq!(shares.iter().map(|b| b[g]).sum::<u64>(), tie[g]); }
    }

    #[test]
    fn scaling_everyone_leaves_gaps_alone(rates in prop::collection::vec((any::<bool>(), 100i64..10_000), 2..80), k in 2i64..5) {
        prop_assume!(rates.iter().any(|r| r.0) && rates.iter().any(|r| !r.0));
        let base: Vec<PayRecord> = rates.iter().map(|&(m, p)| paid(group_of(m), p, 0)).collect();
        let scaled: Vec<PayRecord> = rates.iter().map(|&(m, p)| paid(group_of(m), p * k, 0)).collect();
        let (a, b) = (analyse(&base, 2).compare(0, 1), analyse(&scaled, 2).compare(0, 1));
        prop_assert!((a.mean_hourly.unwrap_or(0.0) - b.mean_hourly.unwrap_or(0.0)).abs() < 1e-9);
        prop_assert!((a.median_hourly.unwrap_or(0.0) - b.median_hourly.unwrap_or(0.0)).abs() < 1e-9);
        prop_assert_eq!(a.quartiles, b.quartiles);
    }
}
