use dueregard_stats::disclosure::*;
use proptest::prelude::*;

/// An independent check that a suppressed cell cannot be worked out: its column in the sums,
/// over the suppressed cells only, must be a combination of the other columns (then some change
/// to it can be balanced by the others). Equivalently the rank does not drop without it.
fn determined_by_rank(set: &TableSet, suppressed: &[bool], cell: usize) -> bool {
    let unknowns: Vec<usize> = (0..suppressed.len()).filter(|&c| suppressed[c]).collect();
    let matrix = |skip: Option<usize>| -> Vec<Vec<f64>> {
        set.sums
            .iter()
            .map(|s| {
                unknowns
                    .iter()
                    .filter(|&&u| Some(u) != skip)
                    .map(|&u| {
                        let part = s.parts.iter().filter(|&&p| p == u).count() as f64;
                        part - if s.total == u { 1.0 } else { 0.0 }
                    })
                    .collect()
            })
            .collect()
    };
    rank(matrix(None)) > rank(matrix(Some(cell)))
}

fn rank(mut m: Vec<Vec<f64>>) -> usize {
    let columns = m.first().map_or(0, Vec::len);
    let mut r = 0;
    for c in 0..columns {
        let Some(p) = (r..m.len()).find(|&i| m[i][c].abs() > 1e-9) else {
            continue;
        };
        m.swap(r, p);
        for i in r + 1..m.len() {
            let f = m[i][c] / m[r][c];
            let pivot = m[r].clone();
            for (x, y) in m[i].iter_mut().zip(&pivot) {
                *x -= f * y;
            }
        }
        r += 1;
    }
    r
}

fn small_counts() -> impl Strategy<Value = Vec<Vec<u64>>> {
    // Mostly small counts so that suppression has work to do; some zeros.
    (1usize..5, 1usize..6).prop_flat_map(|(r, c)| {
        prop::collection::vec(
            prop::collection::vec(prop_oneof![Just(0u64), 1u64..12, 10u64..60], c),
            r,
        )
    })
}

fn check(set: &TableSet, policy: &DisclosurePolicy) -> Result<(), TestCaseError> {
    let p = protect(set, policy);
    for (cell, &v) in set.values.iter().enumerate() {
        if policy.is_small(v) {
            prop_assert!(p.suppressed[cell], "a small count is shown");
        }
        if p.suppressed[cell] {
            prop_assert!(
                !determined_by_rank(set, &p.suppressed, cell),
                "cell {} can be worked out",
                cell
            );
            prop_assert_eq!(p.published[cell], None);
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn no_suppressed_cell_can_be_recovered_from_totals(counts in small_counts()) {
        let mut set = TableSet::default();
        set.grid(&counts, None, None);
        check(&set, &Preset::Threshold10.policy())?;
        check(&set, &Preset::Nhs.policy())?;
    }

    #[test]
    fn nor_from_another_table_of_the_same_snapshot(counts in small_counts(), seed in any::<u64>()) {
        // The same rows (say, ethnic groups) broken down a second way (say, grade bands): the
        // row totals are shared, so the two tables are protected together.
        let rows = counts.len();
        let mut other = vec![vec![0u64; 3]; rows];
        for (r, row) in counts.iter().enumerate() {
            let total: u64 = row.iter().sum();
            let first = (seed.rotate_left(r as u32 * 7) % (total + 1)).min(total);
            let second = (total - first) / 2;
            other[r] = vec![first, second, total - first - second];
        }
        let mut set = TableSet::default();
        let a = set.grid(&counts, None, None);
        set.grid(&other, Some(&a), None);
        // And a second characteristic over the same directorates: the column totals are shared.
        let second: Vec<Vec<u64>> = counts.iter().rev().cloned().collect();
        set.grid(&second, None, Some(&a));
        check(&set, &Preset::Threshold10.policy())?;
    }
}

#[test]
fn a_lone_small_row_total_is_protected_in_both_tables() {
    let mut set = TableSet::default();
    let a = set.grid(&[vec![2, 3], vec![40, 50], vec![30, 30]], None, None);
    let b = set.grid(&[vec![5, 0], vec![60, 30], vec![20, 40]], Some(&a), None);
    let p = protect(&set, &Preset::Threshold10.policy());
    assert!(p.suppressed[a.row_totals[0]], "5 is small");
    assert!(
        p.suppressed[b.cells[0][0]],
        "the 5 in the second table is the same people"
    );
    assert!(recoverable(&set, &p.suppressed).is_empty());
}
