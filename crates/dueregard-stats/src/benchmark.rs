//! Where one employer's figure sits among its peers' published figures.

/// The percentile rank of `value` among `peers`: the percentage of peers below it, counting
/// those equal to it as half below (the mid-rank rule, so ties do not flatter or harm).
pub fn percentile_rank(value: f64, peers: &[f64]) -> Option<f64> {
    if peers.is_empty() {
        return None;
    }
    let below = peers.iter().filter(|&&p| p < value).count() as f64;
    let equal = peers.iter().filter(|&&p| p == value).count() as f64;
    Some((below + equal / 2.0) * 100.0 / peers.len() as f64)
}

/// The median of some figures.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mid_rank() {
        assert_eq!(percentile_rank(5.0, &[1.0, 5.0, 9.0, 10.0]), Some(37.5));
        assert_eq!(percentile_rank(0.0, &[1.0, 2.0]), Some(0.0));
        assert_eq!(percentile_rank(3.0, &[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0, 10.0]), Some(2.5));
    }
}
