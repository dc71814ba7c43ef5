//! Rounding of published figures.

/// Rounds to one decimal place, halves away from zero, as the gender pay gap guidance's examples
/// do. The value is nudged by a billionth first: binary floating point cannot hold a decimal half
/// such as 12.35 exactly, and the rule must see it as the half it is.
pub fn one_decimal_place(x: f64) -> f64 {
    let scaled = x * 10.0;
    let nudged = scaled + scaled.signum() * 1e-9 * scaled.abs().max(1.0);
    nudged.round() / 10.0
}

/// A percentage of `part` in `whole`, or `None` when `whole` is zero (the figure does not apply).
pub fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_go_away_from_zero() {
        assert_eq!(one_decimal_place(12.35), 12.4);
        assert_eq!(one_decimal_place(-12.35), -12.4);
        assert_eq!(one_decimal_place(12.34999), 12.3);
        assert_eq!(one_decimal_place(94.545454), 94.5);
        assert_eq!(one_decimal_place(-1.666_666), -1.7);
        assert_eq!(one_decimal_place(0.0), 0.0);
    }

    #[test]
    fn percent_of_nothing_does_not_apply() {
        assert_eq!(percent(3, 0), None);
        assert_eq!(percent(2000, 3125), Some(64.0));
    }
}
