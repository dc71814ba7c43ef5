//! Is a step of recruitment, or leaving, fair between groups? The four-fifths rule flags a group
//! whose success rate is under 80% of the best group's; Fisher's exact test says how likely a
//! difference that large is by chance, which matters for the small numbers councils have.

use serde::Serialize;

/// A group's rate at one step, and how it compares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepRate {
    pub succeeded: u64,
    pub of: u64,
    /// Percentage.
    pub rate: Option<f64>,
    /// This group's rate divided by the highest group's rate.
    pub impact_ratio: Option<f64>,
    /// True when the impact ratio is under four-fifths.
    pub adverse: bool,
    /// Fisher's exact test, two-sided: this group against everyone else at the step.
    pub p_value: Option<f64>,
}

/// Rates for each group given `(succeeded, of)` pairs.
pub fn step_rates(groups: &[(u64, u64)]) -> Vec<StepRate> {
    let rate = |(s, n): (u64, u64)| (n > 0).then(|| s as f64 / n as f64);
    let best = groups
        .iter()
        .filter_map(|&g| rate(g))
        .fold(0.0f64, f64::max);
    let (all_s, all_n) = groups.iter().fold((0, 0), |(a, b), &(s, n)| (a + s, b + n));
    groups
        .iter()
        .map(|&(s, n)| {
            let r = rate((s, n));
            let impact_ratio = r.and_then(|r| (best > 0.0).then(|| r / best));
            let (rest_s, rest_n) = (all_s - s, all_n - n);
            StepRate {
                succeeded: s,
                of: n,
                rate: r.map(|r| r * 100.0),
                impact_ratio,
                adverse: impact_ratio.is_some_and(|i| i < 0.8),
                p_value: (n > 0 && rest_n > 0)
                    .then(|| fisher_exact(s, n - s, rest_s, rest_n - rest_s)),
            }
        })
        .collect()
}

/// Two-sided Fisher's exact test for the 2×2 table [[a, b], [c, d]]: the probability, with the
/// margins fixed, of a table at least as unlikely as this one.
pub fn fisher_exact(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let n = a + b + c + d;
    let ln_fact = ln_factorials(n as usize);
    let f = |k: u64| ln_fact[k as usize];
    let (row1, col1) = (a + b, a + c);
    let (row2, col2) = (c + d, b + d);
    let ln_p = |x: u64| {
        f(row1) + f(row2) + f(col1) + f(col2)
            - f(n)
            - f(x)
            - f(row1 - x)
            - f(col1 - x)
            - f(row2 + x - col1)
    };
    let low = col1.saturating_sub(row2);
    let high = row1.min(col1);
    let observed = ln_p(a);
    let p: f64 = (low..=high)
        .map(ln_p)
        .filter(|&l| l <= observed + 1e-7)
        .map(f64::exp)
        .sum();
    p.min(1.0)
}

fn ln_factorials(n: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(n + 1);
    let mut acc = 0.0;
    out.push(0.0);
    for k in 1..=n {
        acc += (k as f64).ln();
        out.push(acc);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fisher_matches_known_values() {
        // The tea-tasting table [[3, 1], [1, 3]]: two-sided p = 34/70 = 0.4857.
        assert!((fisher_exact(3, 1, 1, 3) - 0.485_714).abs() < 1e-5);
        // [[1, 9], [11, 3]]: two-sided p = 0.002759 (R's fisher.test).
        assert!((fisher_exact(1, 9, 11, 3) - 0.002_759).abs() < 1e-5);
        assert!((fisher_exact(5, 5, 5, 5) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn four_fifths_flags_the_low_group() {
        let rates = step_rates(&[(50, 100), (30, 100), (45, 100)]);
        assert!(!rates[0].adverse);
        assert!(rates[1].adverse, "30% is 60% of 50%");
        assert!(!rates[2].adverse, "45% is 90% of 50%");
        assert!(rates[1].p_value.is_some_and(|p| p < 0.05));
    }
}
