//! The six statutory pay gap measures (SI 2017/353 Sch 1 para 2; SI 2017/172 reg 2).
//!
//! The engine compares groups of any classification, so the same code gives the gender pay gap
//! (men against women), the ethnicity pay gaps (White British against each other group) and the
//! disability pay gap. Hourly rates are held as exact fractions, so employees on the same rate tie
//! exactly however their pay and hours were written.

use serde::Serialize;
use std::cmp::Ordering;
use std::num::NonZeroI64;

/// An employee's hourly rate of pay, in pence, held exactly as a fraction.
#[derive(Debug, Clone, Copy)]
pub struct HourlyRate {
    num: i64,
    /// Never zero, which lets `Option<HourlyRate>` take no more room than the rate.
    den: NonZeroI64,
}

/// Why an hourly rate could not be worked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateError {
    /// Pay in the relevant pay period is zero or less.
    NoPay,
    /// Weekly hours, or hours in the period, are zero or less.
    NoHours,
    /// The pay period is not between 1 and 366 days.
    PeriodLength,
    /// Pay or hours are too large to be real.
    TooLarge,
}

/// Largest pay in one period we accept: £10 million, in pence.
const MAX_PAY_PENCE: i64 = 1_000_000_000;
/// Largest hours we accept, in hundredths of an hour: 10,000 hours.
const MAX_HOURS_CENTI: i64 = 1_000_000;

impl HourlyRate {
    /// Para 6: pay in the relevant pay period × 7 ÷ days in the period gives weekly pay, which is
    /// divided by the weekly working hours (para 7). Pay is in pence, hours in hundredths.
    pub fn from_weekly_hours(
        pay_pence: i64,
        period_days: u16,
        weekly_hours_centi: i64,
    ) -> Result<Self, RateError> {
        check_pay(pay_pence)?;
        check_hours(weekly_hours_centi)?;
        if !(1..=366).contains(&period_days) {
            return Err(RateError::PeriodLength);
        }
        let den = NonZeroI64::new(i64::from(period_days) * weekly_hours_centi)
            .ok_or(RateError::NoHours)?;
        Ok(Self {
            num: pay_pence * 7 * 100,
            den,
        })
    }

    /// For staff whose hours vary: pay in the period divided by the hours worked in it, which is
    /// the same as para 6 with weekly hours averaged over the period.
    pub fn from_period_hours(pay_pence: i64, period_hours_centi: i64) -> Result<Self, RateError> {
        check_pay(pay_pence)?;
        check_hours(period_hours_centi)?;
        let den = NonZeroI64::new(period_hours_centi).ok_or(RateError::NoHours)?;
        Ok(Self {
            num: pay_pence * 100,
            den,
        })
    }

    /// The exact fraction (numerator, denominator) in pence an hour, for storing.
    pub fn parts(self) -> (i64, i64) {
        (self.num, self.den.get())
    }

    /// A stored fraction back, if both parts are positive.
    pub fn from_parts(num: i64, den: i64) -> Option<Self> {
        let den = NonZeroI64::new(den).filter(|d| d.get() > 0)?;
        (num > 0).then_some(Self { num, den })
    }

    /// The rate in pence an hour.
    pub fn pence(&self) -> f64 {
        self.num as f64 / self.den.get() as f64
    }

    /// The rate in pounds an hour.
    pub fn pounds(&self) -> f64 {
        self.pence() / 100.0
    }
}

fn check_pay(pay: i64) -> Result<(), RateError> {
    match pay {
        p if p <= 0 => Err(RateError::NoPay),
        p if p > MAX_PAY_PENCE => Err(RateError::TooLarge),
        _ => Ok(()),
    }
}

fn check_hours(hours: i64) -> Result<(), RateError> {
    match hours {
        h if h <= 0 => Err(RateError::NoHours),
        h if h > MAX_HOURS_CENTI => Err(RateError::TooLarge),
        _ => Ok(()),
    }
}

impl Ord for HourlyRate {
    fn cmp(&self, other: &Self) -> Ordering {
        (i128::from(self.num) * i128::from(other.den.get()))
            .cmp(&(i128::from(other.num) * i128::from(self.den.get())))
    }
}
impl PartialOrd for HourlyRate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for HourlyRate {
    fn eq(&self, other: &Self) -> bool {
        // The same pay and hours give the same fraction: no multiplying needed.
        (self.num == other.num && self.den == other.den) || self.cmp(other) == Ordering::Equal
    }
}
impl Eq for HourlyRate {}

/// The group code of an employee outside the comparison (sex not recorded, ethnicity not
/// disclosed…). They are counted by the caller and left out of every measure.
pub const OUTSIDE: u16 = u16::MAX;

/// One relevant employee, as the pay engine needs them.
#[derive(Debug, Clone, Copy)]
pub struct PayRecord {
    /// Index of the employee's group, or [`OUTSIDE`].
    pub group: u16,
    /// The hourly rate, for full-pay relevant employees only (para 1: not on reduced or nil pay
    /// because of leave in the relevant pay period).
    pub rate: Option<HourlyRate>,
    /// Bonus pay in the 12 months ending with the snapshot date, in pence.
    pub bonus_pence: i64,
}

/// What the measures say about one group.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GroupPay {
    pub relevant: u64,
    pub full_pay_relevant: u64,
    /// Pounds an hour.
    pub mean_hourly: Option<f64>,
    pub median_hourly: Option<f64>,
    pub bonus_recipients: u64,
    /// Pounds, over those paid a bonus only (not over all relevant employees).
    pub mean_bonus: Option<f64>,
    pub median_bonus: Option<f64>,
}

/// The four quartile pay bands, lowest first, with each group's head count in each.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quartiles {
    pub sizes: [u64; 4],
    /// `counts[band][group]`.
    pub counts: [Vec<u64>; 4],
}

/// Names of the bands, lowest first, as the regulations give them.
pub const BAND_NAMES: [&str; 4] = ["Lower", "Lower middle", "Upper middle", "Upper"];

/// Every group's pay, and the quartile bands, for one classification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayAnalysis {
    pub groups: Vec<GroupPay>,
    pub quartiles: Quartiles,
}

/// Sizes of the four bands for `n` full-pay relevant employees, lowest first. The regulations
/// say "so far as possible" equal; the guidance places the extra employees: one extra goes to the
/// lower band, two to the lower and upper middle, three to all but the upper.
pub fn band_sizes(n: u64) -> [u64; 4] {
    let (q, r) = (n / 4, n % 4);
    [
        q + u64::from(r >= 1),
        q + u64::from(r >= 3),
        q + u64::from(r >= 2),
        q,
    ]
}

/// Works out every measure for `groups` groups. Records with a group outside `0..groups` are
/// ignored.
pub fn analyse(records: &[PayRecord], groups: usize) -> PayAnalysis {
    if records.iter().filter_map(|r| r.rate).is_sorted() {
        return analyse_ranked(records.iter().copied(), groups);
    }
    let mut sorted = records.to_vec();
    sorted.sort_by_key(|r| (r.rate.is_none(), r.rate));
    analyse_ranked(sorted.into_iter(), groups)
}

/// [`analyse`] for records already in order of hourly rate (those with no rate may be anywhere).
/// A workforce ranked once by pay is read this way by every comparison, with no copy.
pub fn analyse_ranked<I>(records: I, groups: usize) -> PayAnalysis
where
    I: Iterator<Item = PayRecord> + Clone,
{
    let mut summaries = vec![GroupPay::default(); groups];
    let mut bonuses: Vec<Vec<i64>> = vec![Vec::new(); groups];
    let mut hourly_sum = vec![0f64; groups];
    let mut ranked_count = 0;
    for r in records.clone() {
        let g = usize::from(r.group);
        let Some(summary) = summaries.get_mut(g) else {
            continue;
        };
        summary.relevant += 1;
        if let Some(rate) = r.rate {
            summary.full_pay_relevant += 1;
            hourly_sum[g] += rate.pence();
            ranked_count += 1;
        }
        if r.bonus_pence > 0 {
            bonuses[g].push(r.bonus_pence);
        }
    }
    for (g, s) in summaries.iter_mut().enumerate() {
        if s.full_pay_relevant > 0 {
            s.mean_hourly = Some(hourly_sum[g] / s.full_pay_relevant as f64 / 100.0);
        }
        let b = &mut bonuses[g];
        s.bonus_recipients = b.len() as u64;
        if !b.is_empty() {
            s.mean_bonus = Some(b.iter().map(|&x| x as f64).sum::<f64>() / b.len() as f64 / 100.0);
            s.median_bonus = Some(median_of(b) / 100.0);
        }
    }
    let ranked = records
        .filter(move |r| usize::from(r.group) < groups)
        .filter_map(|r| r.rate.map(|rate| (rate, r.group)));
    let mut medians = Medians::new(&summaries);
    let quartiles = quartiles(ranked, ranked_count, groups, &mut medians);
    for (summary, median) in summaries.iter_mut().zip(medians.found) {
        summary.median_hourly = median;
    }
    PayAnalysis {
        groups: summaries,
        quartiles,
    }
}

/// The median of whole numbers: the middle value, or the mean of the two middle values.
fn median_of(values: &mut [i64]) -> f64 {
    let n = values.len();
    let (_, upper, _) = values.select_nth_unstable(n / 2);
    let upper = *upper as f64;
    if n % 2 == 1 {
        return upper;
    }
    let lower = values[..n / 2]
        .iter()
        .copied()
        .max()
        .map_or(upper, |v| v as f64);
    (lower + upper) / 2.0
}

/// Each group's median hourly rate, read off the one ranking of everybody as the quartile
/// bands are filled.
struct Medians {
    /// Full-pay relevant employees in each group, seen so far, and all told.
    seen: Vec<u64>,
    counts: Vec<u64>,
    lower_middle: Vec<f64>,
    found: Vec<Option<f64>>,
}

impl Medians {
    fn new(summaries: &[GroupPay]) -> Self {
        let n = summaries.len();
        Medians {
            seen: vec![0; n],
            counts: summaries.iter().map(|s| s.full_pay_relevant).collect(),
            lower_middle: vec![0.0; n],
            found: vec![None; n],
        }
    }

    fn see(&mut self, rate: HourlyRate, g: usize) {
        let n = self.counts[g];
        self.seen[g] += 1;
        let seen = self.seen[g];
        // Positions are 1-based: an odd count takes (n+1)/2, an even one averages n/2 and n/2+1.
        if n.is_multiple_of(2) && seen == n / 2 {
            self.lower_middle[g] = rate.pence();
        }
        if seen == n / 2 + 1 {
            let median = if n % 2 == 1 {
                rate.pence()
            } else {
                (self.lower_middle[g] + rate.pence()) / 2.0
            };
            self.found[g] = Some(median / 100.0);
        }
    }
}

/// Splits the ranking into the four bands. Where employees on one rate straddle a boundary, each
/// band gets the same mix of groups as the tie as a whole, as near as whole people allow
/// (para 13(2)); see [`share_tie`].
fn quartiles(
    mut ranked: impl Iterator<Item = (HourlyRate, u16)>,
    n: usize,
    groups: usize,
    medians: &mut Medians,
) -> Quartiles {
    let sizes = band_sizes(n as u64);
    let mut ends = [0usize; 4];
    let mut total = 0usize;
    for (end, size) in ends.iter_mut().zip(sizes) {
        total += size as usize;
        *end = total;
    }
    let band_of = |pos: usize| ends.iter().position(|&e| pos < e).unwrap_or(3);
    let mut counts: [Vec<u64>; 4] = std::array::from_fn(|_| vec![0u64; groups]);

    let mut start = 0;
    let mut run: Vec<u16> = Vec::new();
    let mut next = ranked.next();
    while let Some((rate, first_group)) = next {
        run.clear();
        run.push(first_group);
        medians.see(rate, usize::from(first_group));
        next = ranked.next();
        while let Some((other, g)) = next
            && other == rate
        {
            run.push(g);
            medians.see(other, usize::from(g));
            next = ranked.next();
        }
        let end = start + run.len();
        let (first, last) = (band_of(start), band_of(end - 1));
        if first == last {
            for &g in &run {
                counts[first][usize::from(g)] += 1;
            }
        } else {
            let mut tie = vec![0u64; groups];
            for &g in &run {
                tie[usize::from(g)] += 1;
            }
            let band_start = |b: usize| if b == 0 { 0 } else { ends[b - 1] };
            let slots: Vec<u64> = (first..=last)
                .map(|b| (ends[b].min(end) - band_start(b).max(start)) as u64)
                .collect();
            for (offset, shares) in share_tie(&tie, &slots).into_iter().enumerate() {
                for (g, c) in shares.into_iter().enumerate() {
                    counts[first + offset][g] += c;
                }
            }
        }
        start = end;
    }
    Quartiles { sizes, counts }
}

/// Shares a tie of `tie[g]` people per group among bands with `slots` places, lowest band first.
/// Each band takes its proportional share of what is left (largest remainder; on equal remainders
/// the lower-numbered group first), and the last band takes the rest. So each band's mix matches
/// the tie's as nearly as whole people allow.
pub fn share_tie(tie: &[u64], slots: &[u64]) -> Vec<Vec<u64>> {
    let mut left = tie.to_vec();
    let mut out = Vec::with_capacity(slots.len());
    for (i, &places) in slots.iter().enumerate() {
        let remaining: u64 = left.iter().sum();
        if i + 1 == slots.len() || remaining == 0 {
            out.push(std::mem::replace(&mut left, vec![0; tie.len()]));
            continue;
        }
        let mut take: Vec<u64> = left.iter().map(|&l| l * places / remaining).collect();
        let mut spare = places - take.iter().sum::<u64>();
        let mut order: Vec<usize> = (0..left.len()).collect();
        order.sort_by_key(|&g| std::cmp::Reverse(left[g] * places % remaining));
        for g in order {
            if spare == 0 {
                break;
            }
            if !(left[g] * places).is_multiple_of(remaining) {
                take[g] += 1;
                spare -= 1;
            }
        }
        for (l, t) in left.iter_mut().zip(&take) {
            *l -= t;
        }
        out.push(take);
    }
    out
}

/// The six measures for group A (the comparator: men, White British, non-disabled) against
/// group B. Gaps are percentages of A's figure, unrounded: positive means B is paid less.
/// A figure is `None` where it does not apply (nobody in a group, or A's figure is zero).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayGap {
    pub mean_hourly: Option<f64>,
    pub median_hourly: Option<f64>,
    pub mean_bonus: Option<f64>,
    pub median_bonus: Option<f64>,
    /// Percentage of each group's relevant employees paid a bonus: (A, B).
    pub paid_bonus: (Option<f64>, Option<f64>),
    /// Percentage of each band that is in A and in B, lowest band first.
    pub quartiles: [(Option<f64>, Option<f64>); 4],
}

/// (A − B) ÷ A × 100.
pub fn gap(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if a != 0.0 => Some((a - b) / a * 100.0),
        _ => None,
    }
}

impl PayAnalysis {
    /// Group `a` against group `b`.
    pub fn compare(&self, a: usize, b: usize) -> PayGap {
        let (ga, gb) = (&self.groups[a], &self.groups[b]);
        let band = |i: usize| {
            let size = self.quartiles.sizes[i];
            let counts = &self.quartiles.counts[i];
            (
                crate::rounding::percent(counts[a], size),
                crate::rounding::percent(counts[b], size),
            )
        };
        PayGap {
            mean_hourly: gap(ga.mean_hourly, gb.mean_hourly),
            median_hourly: gap(ga.median_hourly, gb.median_hourly),
            mean_bonus: gap(ga.mean_bonus, gb.mean_bonus),
            median_bonus: gap(ga.median_bonus, gb.median_bonus),
            paid_bonus: (
                crate::rounding::percent(ga.bonus_recipients, ga.relevant),
                crate::rounding::percent(gb.bonus_recipients, gb.relevant),
            ),
            quartiles: std::array::from_fn(band),
        }
    }
}

/// Para 1: a relevant employee is full-pay relevant unless, in the relevant pay period, they are
/// paid at a reduced rate or nil *because they are on leave*. Reduced pay for other reasons
/// (a strike, short hours) does not take them out.
pub fn is_full_pay_relevant(on_leave: bool, paid_reduced_or_nil: bool) -> bool {
    !(on_leave && paid_reduced_or_nil)
}
