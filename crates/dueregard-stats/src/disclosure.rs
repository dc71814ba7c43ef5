//! Disclosure control: the one step every table passes through before it leaves the system.
//!
//! Small counts can identify people ("the one disabled man in Legal Services"). Cells below the
//! policy's threshold are suppressed (shown as [`SUPPRESSED`]). That alone is not enough: a
//! suppressed cell can be worked out from the totals, or from another table of the same snapshot
//! that shares those totals. So every table of a snapshot is registered in one [`TableSet`] with
//! the sums that tie its cells together, and secondary suppression hides further cells until no
//! suppressed cell is determined by the published ones.

use serde::{Deserialize, Serialize};

/// What a suppressed cell shows: the ONS and GOV.UK symbol for "confidential".
pub const SUPPRESSED: &str = "[c]";

/// How published tables are protected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosurePolicy {
    /// Counts from 1 up to (not including) this are suppressed. Zero is shown.
    pub threshold: u64,
    /// Counts that are shown are rounded to the nearest multiple of this (1: not rounded).
    pub rounding_base: u64,
    /// Whether to suppress further cells so that suppressed ones cannot be worked out.
    pub secondary: bool,
    /// A pay gap or rate comparison is shown only where each group has at least this many people.
    pub min_group: u64,
}

/// The policies people can choose by name.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// Suppress 1 to 9; the ONS "threshold 10" and the proposed pay gap rule.
    #[default]
    #[serde(rename = "threshold-10")]
    Threshold10,
    /// NHS England's rule: suppress 1 to 7, round the rest to the nearest 5.
    Nhs,
}

impl Preset {
    pub fn policy(self) -> DisclosurePolicy {
        match self {
            Preset::Threshold10 => DisclosurePolicy {
                threshold: 10,
                rounding_base: 1,
                secondary: true,
                min_group: 10,
            },
            Preset::Nhs => DisclosurePolicy {
                threshold: 8,
                rounding_base: 5,
                secondary: true,
                min_group: 10,
            },
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Preset::Threshold10 => "Threshold 10: counts of 1 to 9 are hidden",
            Preset::Nhs => "NHS: counts of 1 to 7 are hidden, others rounded to the nearest 5",
        }
    }

    /// Its name as people type it and as it is stored: `threshold-10` or `nhs`.
    pub fn key(self) -> &'static str {
        match self {
            Preset::Threshold10 => "threshold-10",
            Preset::Nhs => "nhs",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "threshold-10" | "threshold10" | "10" => Some(Preset::Threshold10),
            "nhs" => Some(Preset::Nhs),
            _ => None,
        }
    }
}

impl DisclosurePolicy {
    /// Whether a count must be hidden for its own sake.
    pub fn is_small(&self, count: u64) -> bool {
        count > 0 && count < self.threshold
    }

    /// A count as published: rounded to the base, half up.
    pub fn round(&self, count: u64) -> u64 {
        let base = self.rounding_base.max(1);
        (count + base / 2) / base * base
    }

    /// Whether a comparison between groups of these sizes may be shown.
    pub fn allows_comparison(&self, a: u64, b: u64) -> bool {
        a >= self.min_group && b >= self.min_group
    }
}

/// A sum that holds between cells: `total` = the sum of `parts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sum {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// Every cell of a snapshot's published tables, and the sums between them.
#[derive(Debug, Clone, Default)]
pub struct TableSet {
    pub values: Vec<u64>,
    pub sums: Vec<Sum>,
    /// The two-way tables added with [`TableSet::grid`], for the rectangle step of [`protect`].
    pub grids: Vec<Vec<Vec<usize>>>,
    /// Cells published anyway (the head count), which are never hidden.
    pub public: Vec<usize>,
}

/// A table's cells in a [`TableSet`]: `cells[row][column]`, with its totals.
#[derive(Debug, Clone)]
pub struct Grid {
    pub cells: Vec<Vec<usize>>,
    pub row_totals: Vec<usize>,
    pub column_totals: Vec<usize>,
    pub grand_total: usize,
}

impl TableSet {
    /// Adds a cell holding `value`.
    pub fn cell(&mut self, value: u64) -> usize {
        self.values.push(value);
        self.values.len() - 1
    }

    /// Records that `total` is the sum of `parts`.
    pub fn sum(&mut self, total: usize, parts: Vec<usize>) {
        self.sums.push(Sum { total, parts });
    }

    /// Adds a table of `counts[row][column]` with row, column and grand totals. The same people
    /// counted by another breakdown share totals: pass `rows_from` to reuse another table's row
    /// totals (the same groups by another breakdown) and `columns_from` to reuse its column
    /// totals (the same directorates for another characteristic). Shared totals are one cell, so
    /// suppression protects the tables together.
    pub fn grid(
        &mut self,
        counts: &[Vec<u64>],
        rows_from: Option<&Grid>,
        columns_from: Option<&Grid>,
    ) -> Grid {
        let cells: Vec<Vec<usize>> = counts
            .iter()
            .map(|row| row.iter().map(|&v| self.cell(v)).collect())
            .collect();
        let columns = counts.first().map_or(0, Vec::len);
        let row_totals = match rows_from {
            Some(g) => g.row_totals.clone(),
            None => counts
                .iter()
                .map(|row| self.cell(row.iter().sum()))
                .collect(),
        };
        let column_totals: Vec<usize> = match columns_from {
            Some(g) => g.column_totals.clone(),
            None => (0..columns)
                .map(|c| self.cell(counts.iter().map(|row| row[c]).sum()))
                .collect(),
        };
        let grand_total = match rows_from.or(columns_from) {
            Some(g) => g.grand_total,
            None => self.cell(counts.iter().flatten().sum()),
        };
        for (row, &total) in cells.iter().zip(&row_totals) {
            self.sum(total, row.clone());
        }
        for (c, &total) in column_totals.iter().enumerate() {
            self.sum(total, cells.iter().map(|row| row[c]).collect());
        }
        self.sum(grand_total, row_totals.clone());
        self.sum(grand_total, column_totals.clone());
        self.grids.push(cells.clone());
        Grid {
            cells,
            row_totals,
            column_totals,
            grand_total,
        }
    }
}

/// What may be published of each cell: `None` where it is suppressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protected {
    pub published: Vec<Option<u64>>,
    pub suppressed: Vec<bool>,
    /// Cells hidden only to protect others.
    pub secondary: usize,
}

impl Protected {
    /// A cell's published text: the count, or [`SUPPRESSED`].
    pub fn text(&self, cell: usize) -> String {
        self.published[cell].map_or_else(|| SUPPRESSED.to_string(), |v| v.to_string())
    }
}

/// Applies `policy` to every cell of `set`.
///
/// Secondary suppression works in two steps. First, in each two-way table, every hidden cell is
/// put on a rectangle of hidden cells (its row and column each get a second one), choosing the
/// rectangle that hides the fewest people: a value on a rectangle can move up and down with the
/// other corners, so the totals no longer pin it down. Then an exact check finds any hidden cell
/// still worked out from the sums of all the tables together; for each, the cheapest cell
/// sharing a sum with it that stops that (or, failing one, the cheapest) is hidden too, until
/// none can be worked out.
pub fn protect(set: &TableSet, policy: &DisclosurePolicy) -> Protected {
    let mut suppressed: Vec<bool> = set.values.iter().map(|&v| policy.is_small(v)).collect();
    for &c in &set.public {
        suppressed[c] = false;
    }
    let primary = suppressed.iter().filter(|&&s| s).count();
    if policy.secondary {
        for grid in &set.grids {
            rectangles(set, grid, &mut suppressed);
        }
        let sums_of = sums_by_cell(set);
        'fix: loop {
            for e in recoverable(set, &suppressed) {
                let options = candidates(set, &sums_of, &suppressed, e);
                let mut resolves = |c: usize| {
                    suppressed[c] = true;
                    let still = is_determined(set, &sums_of, &suppressed, e);
                    suppressed[c] = false;
                    !still
                };
                let chosen = options
                    .iter()
                    .map(|k| k.3)
                    .find(|&c| resolves(c))
                    .or(options.first().map(|k| k.3));
                if let Some(c) = chosen {
                    suppressed[c] = true;
                    continue 'fix;
                }
            }
            // Nothing exposed, or nothing left to hide beside what is exposed.
            break;
        }
    }
    let secondary = suppressed.iter().filter(|&&s| s).count() - primary;
    let published = set
        .values
        .iter()
        .zip(&suppressed)
        .map(|(&v, &s)| (!s).then(|| policy.round(v)))
        .collect();
    Protected {
        published,
        suppressed,
        secondary,
    }
}

/// Cells sharing a sum with `cell` that are still shown, cheapest first: non-zero before zero,
/// parts before totals, then the smallest count.
fn candidates(
    set: &TableSet,
    sums_of: &[Vec<usize>],
    suppressed: &[bool],
    cell: usize,
) -> Vec<(bool, bool, u64, usize)> {
    let mut out: Vec<(bool, bool, u64, usize)> = Vec::new();
    for &k in &sums_of[cell] {
        let sum = &set.sums[k];
        let members = sum.parts.iter().map(|&p| (p, false));
        for (c, is_total) in members.chain(std::iter::once((sum.total, true))) {
            if c != cell && !suppressed[c] && !set.public.contains(&c) {
                out.push((set.values[c] == 0, is_total, set.values[c], c));
            }
        }
    }
    out.sort_unstable();
    out.dedup_by_key(|k| k.3);
    out
}

/// Puts each hidden cell of a two-way table on a rectangle of hidden cells.
fn rectangles(set: &TableSet, grid: &[Vec<usize>], suppressed: &mut [bool]) {
    let rows = grid.len();
    let columns = grid.first().map_or(0, Vec::len);
    if rows < 2 || columns < 2 {
        return;
    }
    // The cost of hiding a cell: nothing if hidden already, its count otherwise, and far more
    // for a zero (hiding a zero protects nothing a reader could not guess).
    let cost = |c: usize, suppressed: &[bool]| -> u64 {
        match (suppressed[c], set.values[c]) {
            (true, _) => 0,
            _ if set.public.contains(&c) => 1 << 50,
            (false, 0) => 1 << 40,
            (false, v) => v,
        }
    };
    for r in 0..rows {
        for c in 0..columns {
            if !suppressed[grid[r][c]] {
                continue;
            }
            let in_row = (0..columns).filter(|&j| suppressed[grid[r][j]]).count();
            let in_column = (0..rows).filter(|&i| suppressed[grid[i][c]]).count();
            if in_row >= 2 && in_column >= 2 {
                continue;
            }
            let mut best: Option<(u64, usize, usize)> = None;
            for i in (0..rows).filter(|&i| i != r) {
                for j in (0..columns).filter(|&j| j != c) {
                    let total = cost(grid[r][j], suppressed)
                        + cost(grid[i][c], suppressed)
                        + cost(grid[i][j], suppressed);
                    if best.is_none_or(|b| total < b.0) {
                        best = Some((total, i, j));
                    }
                }
            }
            // Never a rectangle through a cell that must stay shown.
            if let Some((_, i, j)) = best.filter(|b| b.0 < 1 << 50) {
                for cell in [grid[r][j], grid[i][c], grid[i][j]] {
                    suppressed[cell] = true;
                }
            }
        }
    }
}

/// For each cell, the sums it takes part in.
fn sums_by_cell(set: &TableSet) -> Vec<Vec<usize>> {
    let mut by_cell = vec![Vec::new(); set.values.len()];
    for (k, sum) in set.sums.iter().enumerate() {
        for &c in sum.parts.iter().chain(std::iter::once(&sum.total)) {
            if by_cell[c].last() != Some(&k) {
                by_cell[c].push(k);
            }
        }
    }
    by_cell
}

/// Whether suppressed `cell` can be worked out, looking only at the suppressed cells linked to
/// it through sums (the rest of the snapshot cannot help).
fn is_determined(set: &TableSet, sums_of: &[Vec<usize>], suppressed: &[bool], cell: usize) -> bool {
    let mut cells = vec![cell];
    let mut sums: Vec<usize> = Vec::new();
    let mut seen_cell = std::collections::HashSet::from([cell]);
    let mut seen_sum = std::collections::HashSet::new();
    let mut next = 0;
    while next < cells.len() {
        let c = cells[next];
        next += 1;
        for &k in &sums_of[c] {
            if !seen_sum.insert(k) {
                continue;
            }
            sums.push(k);
            let sum = &set.sums[k];
            for &m in sum.parts.iter().chain(std::iter::once(&sum.total)) {
                if suppressed[m] && seen_cell.insert(m) {
                    cells.push(m);
                }
            }
        }
    }
    let sub = TableSet {
        values: Vec::new(),
        sums: sums.iter().map(|&k| set.sums[k].clone()).collect(),
        grids: Vec::new(),
        public: Vec::new(),
    };
    let mut mask = vec![false; set.values.len()];
    for &c in &cells {
        mask[c] = true;
    }
    recoverable(&sub, &mask).contains(&cell)
}

/// The suppressed cells whose value follows from the published cells and the sums. A cell is
/// determined exactly when its unit vector lies in the row space of the sums restricted to the
/// suppressed cells; in reduced row echelon form, that is a pivot row with no other entry.
pub fn recoverable(set: &TableSet, suppressed: &[bool]) -> Vec<usize> {
    let unknowns: Vec<usize> = (0..suppressed.len()).filter(|&c| suppressed[c]).collect();
    if unknowns.is_empty() {
        return Vec::new();
    }
    let column_of = |cell: usize| unknowns.binary_search(&cell).ok();
    let mut rows: Vec<Vec<f64>> = Vec::new();
    for sum in &set.sums {
        let mut row = vec![0.0; unknowns.len()];
        let mut any = false;
        for (cell, coefficient) in sum
            .parts
            .iter()
            .map(|&p| (p, 1.0))
            .chain(std::iter::once((sum.total, -1.0)))
        {
            if let Some(c) = column_of(cell) {
                row[c] += coefficient;
                any = true;
            }
        }
        if any {
            rows.push(row);
        }
    }
    // Sums that share no suppressed cell are independent: solve each connected part alone, so
    // a snapshot's many small systems never become one large one.
    let mut parent: Vec<usize> = (0..unknowns.len()).collect();
    for row in &rows {
        let mut members = row.iter().enumerate().filter(|(_, x)| x.abs() > EPSILON);
        if let Some((first, _)) = members.next() {
            for (other, _) in members {
                let (a, b) = (root(&mut parent, first), root(&mut parent, other));
                parent[a] = b;
            }
        }
    }
    let mut parts: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (row, values) in rows.iter().enumerate() {
        if let Some(first) = values.iter().position(|x| x.abs() > EPSILON) {
            parts.entry(root(&mut parent, first)).or_default().push(row);
        }
    }
    let mut determined = Vec::new();
    for (_, members) in parts {
        let columns: Vec<usize> = (0..unknowns.len())
            .filter(|&c| members.iter().any(|&r| rows[r][c].abs() > EPSILON))
            .collect();
        let mut system: Vec<Vec<f64>> = members
            .iter()
            .map(|&r| columns.iter().map(|&c| rows[r][c]).collect())
            .collect();
        for (r, c) in reduce(&mut system, columns.len()) {
            if system[r]
                .iter()
                .enumerate()
                .all(|(j, &x)| j == c || x.abs() < EPSILON)
            {
                determined.push(unknowns[columns[c]]);
            }
        }
    }
    determined.sort_unstable();
    determined
}

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

const EPSILON: f64 = 1e-9;

/// Gauss–Jordan elimination in place; returns the (row, column) of each pivot.
fn reduce(rows: &mut [Vec<f64>], columns: usize) -> Vec<(usize, usize)> {
    let mut pivots = Vec::new();
    let mut r = 0;
    for c in 0..columns {
        if r == rows.len() {
            break;
        }
        let Some(best) =
            (r..rows.len()).max_by(|&a, &b| rows[a][c].abs().total_cmp(&rows[b][c].abs()))
        else {
            break;
        };
        if rows[best][c].abs() < EPSILON {
            continue;
        }
        rows.swap(r, best);
        let scale = rows[r][c];
        for x in rows[r].iter_mut() {
            *x /= scale;
        }
        let pivot_row = rows[r].clone();
        for (i, row) in rows.iter_mut().enumerate() {
            if i != r && row[c].abs() > EPSILON {
                let factor = row[c];
                for (x, p) in row.iter_mut().zip(&pivot_row) {
                    *x -= factor * p;
                }
            }
        }
        pivots.push((r, c));
        r += 1;
    }
    pivots
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_small_cell_in_a_row_takes_a_partner() {
        let mut set = TableSet::default();
        let grid = set.grid(&[vec![3, 20, 30], vec![40, 50, 60]], None, None);
        let p = protect(&set, &Preset::Threshold10.policy());
        assert!(p.suppressed[grid.cells[0][0]]);
        assert!(
            p.secondary >= 3,
            "a 2 by 3 table needs a rectangle of four cells hidden"
        );
        assert!(recoverable(&set, &p.suppressed).is_empty());
    }

    #[test]
    fn nhs_rounds_to_five() {
        let policy = Preset::Nhs.policy();
        assert_eq!(policy.round(12), 10);
        assert_eq!(policy.round(13), 15);
        assert!(policy.is_small(7));
        assert!(!policy.is_small(8));
        assert!(!policy.is_small(0));
    }
}
