//! How the workforce compares with the population it serves.

use serde::{Deserialize, Serialize};

/// z for a two-sided 95% interval.
const Z95: f64 = 1.959_963_985;

/// The Wilson score interval for `k` of `n`, as proportions. It behaves well for small groups
/// and shares near 0 or 1, where the textbook interval does not.
pub fn wilson_interval(k: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// A plain reading of a group's share of the workforce against its share of the population.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    UnderRepresented,
    InLine,
    OverRepresented,
}

impl Reading {
    pub fn text(self) -> &'static str {
        match self {
            Reading::UnderRepresented => "under-represented",
            Reading::InLine => "in line",
            Reading::OverRepresented => "over-represented",
        }
    }
}

/// One group's comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Representation {
    pub workforce: u64,
    pub workforce_total: u64,
    /// Percentages.
    pub workforce_share: f64,
    pub interval: (f64, f64),
    pub population_share: f64,
    pub reading: Reading,
}

/// Compares `k` of `n` staff with a population share (a proportion from 0 to 1). The workforce is
/// in line when the population share lies inside the 95% interval around the staff share.
pub fn compare(k: u64, n: u64, population_share: f64) -> Option<Representation> {
    let (low, high) = wilson_interval(k, n)?;
    let reading = if population_share > high {
        Reading::UnderRepresented
    } else if population_share < low {
        Reading::OverRepresented
    } else {
        Reading::InLine
    };
    Some(Representation {
        workforce: k,
        workforce_total: n,
        workforce_share: k as f64 * 100.0 / n as f64,
        interval: (low * 100.0, high * 100.0),
        population_share: population_share * 100.0,
        reading,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_a_hand_worked_case() {
        // 10 of 100: the Wilson 95% interval is 5.52% to 17.44% (Newcombe 1998, table I method 3).
        let (lo, hi) = wilson_interval(10, 100).unwrap_or_default();
        assert!((lo - 0.0552).abs() < 1e-4, "{lo}");
        assert!((hi - 0.1744).abs() < 1e-4, "{hi}");
        let (lo, hi) = wilson_interval(0, 20).unwrap_or_default();
        assert_eq!(lo, 0.0);
        assert!((hi - 0.1611).abs() < 1e-4, "{hi}");
    }

    #[test]
    fn readings_follow_the_interval() {
        assert_eq!(
            compare(10, 100, 0.30).map(|r| r.reading),
            Some(Reading::UnderRepresented)
        );
        assert_eq!(
            compare(10, 100, 0.12).map(|r| r.reading),
            Some(Reading::InLine)
        );
        assert_eq!(
            compare(10, 100, 0.02).map(|r| r.reading),
            Some(Reading::OverRepresented)
        );
        assert_eq!(compare(0, 0, 0.5), None);
    }
}
