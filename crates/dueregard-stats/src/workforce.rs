//! A workforce snapshot and everything published from it: pay gaps, the workforce profile,
//! non-disclosure rates and representation against the local population.
//!
//! [`analyse`] is the only way to a [`WorkforceReport`], and every count in a report has passed
//! through [`crate::disclosure::protect`]; pay gap comparisons are withheld where a group is
//! smaller than the policy allows. So nothing built from a report can leak a small number.

use crate::classify::{self, Characteristic};
use crate::disclosure::{DisclosurePolicy, Grid, Protected, TableSet, protect};
use crate::paygap::{self, HourlyRate, OUTSIDE, PayAnalysis, PayRecord};
use crate::representation::{self, Reading};
use crate::rounding::one_decimal_place;
use serde::{Deserialize, Serialize};

/// The people in a snapshot, one column per field (1.5 million rows fit in tens of megabytes).
#[derive(Debug, Clone, Default)]
pub struct Workforce {
    /// Codes by characteristic, in the order of [`Characteristic::ALL`].
    pub characteristics: [Vec<u8>; 6],
    pub directorate: Vec<u16>,
    pub directorates: Vec<String>,
    pub grade: Vec<u16>,
    pub grades: Vec<String>,
    /// The hourly rate of each full-pay relevant employee.
    pub rate: Vec<Option<HourlyRate>>,
    /// Bonus pay in the 12 months to the snapshot date, in pence.
    pub bonus_pence: Vec<i64>,
}

impl Workforce {
    pub fn len(&self) -> usize {
        self.rate.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rate.is_empty()
    }

    pub fn codes(&self, c: Characteristic) -> &[u8] {
        &self.characteristics[c as usize]
    }

    /// Puts everyone in order of hourly rate, lowest first, with those who have no rate last,
    /// and returns where each now-placed person was before. Every pay analysis then reads one
    /// ranking instead of sorting again.
    pub fn rank_by_pay(&mut self) -> Vec<u32> {
        // Sort on the bits of the rate as a float (for positive floats their order is the
        // numbers' order): each half on its own thread, then each thread merges half of the
        // result. Floats can only tie where the exact fractions are equal or differ in the last
        // place, so each run of equal floats is then put in exact order.
        let n = self.len();
        let key = |r: &Option<HourlyRate>| r.map_or(u64::MAX, |r| r.pence().to_bits());
        let rates = &self.rate;
        let sort = |range: std::ops::Range<usize>| {
            let mut keyed: Vec<(u64, u32)> = range.map(|i| (key(&rates[i]), i as u32)).collect();
            keyed.sort_unstable();
            keyed
        };
        let (a, b) = std::thread::scope(|s| {
            let second = s.spawn(|| sort(n / 2..n));
            let first = sort(0..n / 2);
            (first, second.join().unwrap_or_else(|_| sort(n / 2..n)))
        });
        let mut order = vec![0u32; n];
        let half = n / 2;
        let from_a = split_of_merge(&a, &b, half);
        let (low, high) = order.split_at_mut(half);
        std::thread::scope(|s| {
            s.spawn(|| merge_into(&a[from_a..], &b[half - from_a..], high));
            merge_into(&a[..from_a], &b[..half - from_a], low);
        });
        drop((a, b));

        fn permute<T: Copy + Send>(v: &mut Vec<T>, order: &[u32]) {
            *v = order.iter().map(|&i| v[i as usize]).collect();
        }
        // Ten columns to reorder: half on each thread.
        let (codes, rest) = (&mut self.characteristics, &mut self.rate);
        let (directorate, grade, bonus) = (
            &mut self.directorate,
            &mut self.grade,
            &mut self.bonus_pence,
        );
        std::thread::scope(|s| {
            s.spawn(|| {
                for c in codes.iter_mut() {
                    permute(c, &order);
                }
            });
            permute(rest, &order);
            permute(directorate, &order);
            permute(grade, &order);
            permute(bonus, &order);
        });
        self.order_exact_ties(&mut order);
        order
    }

    /// Puts each run of people whose rates are equal as floats in the order of their exact
    /// rates. Almost every such run is people on the same fraction, which need no moving.
    fn order_exact_ties(&mut self, order: &mut [u32]) {
        let mut start = 0;
        while start < self.len() {
            let Some(first) = self.rate[start] else {
                break;
            };
            let mut end = start + 1;
            let mut exact = true;
            while let Some(Some(r)) = self.rate.get(end)
                && r.pence() == first.pence()
            {
                exact &= *r == first;
                end += 1;
            }
            if !exact {
                let mut within: Vec<usize> = (start..end).collect();
                within.sort_by(|&x, &y| self.rate[x].cmp(&self.rate[y]));
                fn reorder<T: Copy>(v: &mut [T], within: &[usize], start: usize) {
                    let moved: Vec<T> = within.iter().map(|&i| v[i]).collect();
                    v[start..start + moved.len()].copy_from_slice(&moved);
                }
                for c in &mut self.characteristics {
                    reorder(c, &within, start);
                }
                reorder(&mut self.directorate, &within, start);
                reorder(&mut self.grade, &within, start);
                reorder(&mut self.rate, &within, start);
                reorder(&mut self.bonus_pence, &within, start);
                reorder(order, &within, start);
            }
            start = end;
        }
    }

    /// Everyone's pay, in rank order, with each person's group from `group_of`.
    fn pay_records(
        &self,
        group_of: impl Fn(usize) -> u16 + Clone,
    ) -> impl Iterator<Item = PayRecord> + Clone {
        (0..self.len()).map(move |i| PayRecord {
            group: group_of(i),
            rate: self.rate[i],
            bonus_pence: self.bonus_pence[i],
        })
    }
}

/// How many of the `k` smallest of two sorted runs (of distinct items) come from the first.
fn split_of_merge<T: Ord>(a: &[T], b: &[T], k: usize) -> usize {
    let (mut lo, mut hi) = (k.saturating_sub(b.len()), k.min(a.len()));
    while lo < hi {
        let i = lo + (hi - lo) / 2;
        if a[i] < b[k - i - 1] {
            lo = i + 1;
        } else {
            hi = i;
        }
    }
    lo
}

/// Merges two sorted runs of (key, person) into `out`, which holds exactly both.
fn merge_into(a: &[(u64, u32)], b: &[(u64, u32)], out: &mut [u32]) {
    let (mut i, mut j) = (0, 0);
    for slot in out.iter_mut() {
        let take_a = j >= b.len() || (i < a.len() && a[i] < b[j]);
        *slot = if take_a {
            i += 1;
            a[i - 1].1
        } else {
            j += 1;
            b[j - 1].1
        };
    }
}

/// What "sex" means in this report's gender pay gap (domain reference §3.1): a recorded setting.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum SexBasis {
    /// Sex as held in payroll records: the Equality Act meaning after For Women Scotland (2025).
    #[default]
    RecordedSex,
    /// How employees identify, as earlier guidance allowed; those who identify as neither are
    /// left out of the gender pay gap and counted.
    GenderIdentity,
}

impl SexBasis {
    /// Its name as people type it and as it is stored: `recorded-sex` or `gender-identity`.
    pub fn key(self) -> &'static str {
        match self {
            SexBasis::RecordedSex => "recorded-sex",
            SexBasis::GenderIdentity => "gender-identity",
        }
    }

    pub fn parse(name: &str) -> Option<SexBasis> {
        match name.trim() {
            "recorded-sex" => Some(SexBasis::RecordedSex),
            "gender-identity" => Some(SexBasis::GenderIdentity),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SexBasis::RecordedSex => "Sex as recorded in payroll (the Equality Act 2010 meaning)",
            SexBasis::GenderIdentity => "Gender as employees identify",
        }
    }
}

/// A group of the population, defined by the category codes it covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PopulationGroup {
    pub label: String,
    pub codes: Vec<u8>,
    pub count: f64,
}

/// The population of an area by one characteristic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PopulationBenchmark {
    pub characteristic: Characteristic,
    pub groups: Vec<PopulationGroup>,
    /// Which census table, and anything a reader must know (all ages, say).
    pub source: String,
}

/// The local population the workforce is compared with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Population {
    pub area_code: String,
    pub area_name: String,
    pub benchmarks: Vec<PopulationBenchmark>,
}

/// One cell of a published table: `None` where it is suppressed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedCell {
    pub count: Option<u64>,
    /// Percentage of the column (or of everyone, for totals).
    pub percent: Option<f64>,
}

/// A table as it may be published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedTable {
    pub title: String,
    pub characteristic: Characteristic,
    /// What the columns are: "Directorate" or "Grade".
    pub by: String,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub cells: Vec<Vec<PublishedCell>>,
    pub row_totals: Vec<PublishedCell>,
    pub column_totals: Vec<PublishedCell>,
    pub grand_total: PublishedCell,
}

/// The six measures, rounded to one decimal place as published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measures {
    pub mean_hourly: Option<f64>,
    pub median_hourly: Option<f64>,
    pub mean_bonus: Option<f64>,
    pub median_bonus: Option<f64>,
    pub comparator_paid_bonus: Option<f64>,
    pub group_paid_bonus: Option<f64>,
    /// Percentage of each band, lowest first: (comparator, group).
    pub quartiles: Vec<(Option<f64>, Option<f64>)>,
    /// Why a figure above is not shown: each rests on a count the disclosure rule hides.
    #[serde(default)]
    pub withheld: Vec<String>,
}

/// One pay gap comparison, or why it is not shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayGapSection {
    pub title: String,
    pub comparator: String,
    pub group: String,
    /// Relevant employees in each group; shown only when the comparison is.
    pub counts: Option<(u64, u64)>,
    pub measures: Option<Measures>,
    pub withheld: Option<String>,
}

/// How many people did not say, or have nothing recorded, for one characteristic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NonDisclosure {
    pub characteristic: Characteristic,
    pub prefer_not_to_say: Option<PublishedCell>,
    pub not_known: PublishedCell,
}

/// One group's share of the workforce against its share of the population.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepresentationRow {
    pub label: String,
    pub workforce: Option<u64>,
    pub workforce_share: Option<f64>,
    pub interval: Option<(f64, f64)>,
    pub population_share: f64,
    pub reading: Option<Reading>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepresentationSection {
    pub characteristic: Characteristic,
    pub source: String,
    /// Staff who gave an answer counted here.
    pub workforce_total: Option<u64>,
    pub rows: Vec<RepresentationRow>,
}

/// Settings recorded with each report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSettings {
    pub policy: DisclosurePolicy,
    pub sex_basis: SexBasis,
}

/// Everything published from one snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkforceReport {
    pub employees: u64,
    pub settings: ReportSettings,
    pub pay_gaps: Vec<PayGapSection>,
    pub non_disclosure: Vec<NonDisclosure>,
    pub tables: Vec<PublishedTable>,
    pub representation: Vec<RepresentationSection>,
    pub area: Option<(String, String)>,
}

/// Analyses a snapshot. `workforce` should be ranked by pay ([`Workforce::rank_by_pay`]);
/// if it is not, each pay analysis sorts for itself and the answer is the same.
pub fn analyse(
    workforce: &Workforce,
    settings: &ReportSettings,
    population: Option<&Population>,
) -> WorkforceReport {
    let policy = &settings.policy;
    let ranked_copy;
    // Ranked already (as every reader leaves it) unless someone changed it since.
    let workforce = if workforce.rate.iter().flatten().is_sorted() {
        workforce
    } else {
        let mut copy = workforce.clone();
        copy.rank_by_pay();
        ranked_copy = copy;
        &ranked_copy
    };
    // Pay gaps on one thread, the tables and their protection on another.
    let (pay_gaps, tables) = std::thread::scope(|s| {
        let other = s.spawn(|| {
            (
                build_tables(workforce, population, policy),
                directorate_gender_gaps(workforce, policy),
            )
        });
        let pay_gaps = pay_gap_sections(workforce, policy);
        (pay_gaps, other.join())
    });
    let ((set, layout, protected), by_directorate) = tables.unwrap_or_else(|_| {
        (
            build_tables(workforce, population, policy),
            directorate_gender_gaps(workforce, policy),
        )
    });
    let mut pay_gaps = pay_gaps;
    pay_gaps.extend(by_directorate);
    let publish = |cell: usize, whole: Option<usize>| published_cell(&protected, cell, whole);

    let mut tables = Vec::new();
    let mut non_disclosure = Vec::new();
    for (c, grids) in Characteristic::ALL.iter().zip(&layout.grids) {
        let rows: Vec<String> = c.categories().iter().map(|s| s.to_string()).collect();
        for (grid, by, columns) in [
            (&grids.0, "Directorate", &workforce.directorates),
            (&grids.1, "Grade", &workforce.grades),
        ] {
            tables.push(PublishedTable {
                title: format!("{} by {}", c.label(), by.to_lowercase()),
                characteristic: *c,
                by: by.to_string(),
                rows: rows.clone(),
                columns: columns.clone(),
                cells: grid
                    .cells
                    .iter()
                    .map(|row| {
                        row.iter()
                            .zip(&grid.column_totals)
                            .map(|(&cell, &total)| publish(cell, Some(total)))
                            .collect()
                    })
                    .collect(),
                row_totals: grid
                    .row_totals
                    .iter()
                    .map(|&t| publish(t, Some(grid.grand_total)))
                    .collect(),
                column_totals: grid
                    .column_totals
                    .iter()
                    .map(|&t| publish(t, Some(grid.grand_total)))
                    .collect(),
                grand_total: publish(grid.grand_total, None),
            });
        }
        let totals = &grids.0.row_totals;
        non_disclosure.push(NonDisclosure {
            characteristic: *c,
            prefer_not_to_say: c
                .prefer_not_to_say()
                .map(|code| publish(totals[usize::from(code)], Some(grids.0.grand_total))),
            not_known: publish(
                totals[usize::from(c.not_known())],
                Some(grids.0.grand_total),
            ),
        });
    }

    let representation = population
        .map(|p| {
            p.benchmarks
                .iter()
                .zip(&layout.benchmarks)
                .map(|(b, cells)| representation_section(b, cells, &set, &protected))
                .collect()
        })
        .unwrap_or_default();

    WorkforceReport {
        employees: workforce.len() as u64,
        settings: settings.clone(),
        pay_gaps,
        non_disclosure,
        tables,
        representation,
        area: population.map(|p| (p.area_code.clone(), p.area_name.clone())),
    }
}

/// Every count of the snapshot in one [`TableSet`], and what may be published of each.
fn build_tables(
    workforce: &Workforce,
    population: Option<&Population>,
    policy: &DisclosurePolicy,
) -> (TableSet, Layout, Protected) {
    let mut set = TableSet::default();
    let mut layout = Layout::build(workforce, &mut set);
    for b in population.map_or(&[][..], |p| &p.benchmarks) {
        layout.benchmark(b, &mut set);
    }
    let protected = protect(&set, policy);
    (set, layout, protected)
}

fn published_cell(p: &Protected, cell: usize, whole: Option<usize>) -> PublishedCell {
    let count = p.published[cell];
    let percent = match whole {
        Some(w) => match (count, p.published[w]) {
            (Some(c), Some(w)) if w > 0 => Some(one_decimal_place(c as f64 * 100.0 / w as f64)),
            _ => None,
        },
        None => count.map(|_| 100.0),
    };
    PublishedCell { count, percent }
}

/// Where each published count lives in the snapshot's [`TableSet`].
struct Layout {
    /// Per characteristic: (by directorate, by grade).
    grids: Vec<(Grid, Grid)>,
    /// Per population benchmark: each group's cell, then the cell of everyone who answered.
    benchmarks: Vec<(Vec<usize>, usize)>,
}

impl Layout {
    fn build(w: &Workforce, set: &mut TableSet) -> Self {
        let mut grids: Vec<(Grid, Grid)> = Vec::new();
        for c in Characteristic::ALL {
            let categories = c.categories().len();
            let mut by_dir = vec![vec![0u64; w.directorates.len()]; categories];
            let mut by_grade = vec![vec![0u64; w.grades.len()]; categories];
            for ((&code, &d), &g) in w.codes(c).iter().zip(&w.directorate).zip(&w.grade) {
                by_dir[usize::from(code)][usize::from(d)] += 1;
                by_grade[usize::from(code)][usize::from(g)] += 1;
            }
            let previous = grids.last();
            let dir = set.grid(&by_dir, None, previous.map(|p| &p.0));
            // The head count is published as it is, so no table may hide it.
            if previous.is_none() {
                set.public.push(dir.grand_total);
            }
            let grade = set.grid(&by_grade, Some(&dir), previous.map(|p| &p.1));
            grids.push((dir, grade));
        }
        Layout {
            grids,
            benchmarks: Vec::new(),
        }
    }

    /// Registers a population benchmark's workforce counts: each group is the sum of its
    /// categories' totals, so it is protected with everything else.
    fn benchmark(&mut self, b: &PopulationBenchmark, set: &mut TableSet) {
        let totals = self.grids[b.characteristic as usize].0.row_totals.clone();
        let mut group_cells = Vec::new();
        for g in &b.groups {
            let parts: Vec<usize> = g.codes.iter().map(|&c| totals[usize::from(c)]).collect();
            let cell = match parts.as_slice() {
                [one] => *one,
                _ => {
                    let value = parts.iter().map(|&p| set.values[p]).sum();
                    let cell = set.cell(value);
                    set.sum(cell, parts);
                    cell
                }
            };
            group_cells.push(cell);
        }
        let value = group_cells.iter().map(|&c| set.values[c]).sum();
        let answered = set.cell(value);
        set.sum(answered, group_cells.clone());
        self.benchmarks.push((group_cells, answered));
    }
}

fn representation_section(
    b: &PopulationBenchmark,
    (cells, answered): &(Vec<usize>, usize),
    set: &TableSet,
    p: &Protected,
) -> RepresentationSection {
    let population_total: f64 = b.groups.iter().map(|g| g.count).sum();
    // Shares use true counts, but only where the count itself may be shown.
    let n = set.values[*answered];
    let rows = b
        .groups
        .iter()
        .zip(cells)
        .map(|(g, &cell)| {
            let share = if population_total > 0.0 {
                g.count / population_total
            } else {
                0.0
            };
            let shown = p.published[cell].is_some() && p.published[*answered].is_some();
            let compared = shown
                .then(|| representation::compare(set.values[cell], n, share))
                .flatten();
            RepresentationRow {
                label: g.label.clone(),
                workforce: p.published[cell],
                workforce_share: compared
                    .as_ref()
                    .map(|r| one_decimal_place(r.workforce_share)),
                interval: compared.as_ref().map(|r| {
                    (
                        one_decimal_place(r.interval.0),
                        one_decimal_place(r.interval.1),
                    )
                }),
                population_share: one_decimal_place(share * 100.0),
                reading: compared.map(|r| r.reading),
            }
        })
        .collect();
    RepresentationSection {
        characteristic: b.characteristic,
        source: b.source.clone(),
        workforce_total: p.published[*answered],
        rows,
    }
}

/// The statutory gender pay gap alone: the six measures, men against women. `w` must be ranked
/// by pay ([`Workforce::rank_by_pay`]).
pub fn gender_pay_gap(w: &Workforce, policy: &DisclosurePolicy) -> PayGapSection {
    let sex = w.codes(Characteristic::Sex);
    let by_sex = paygap::analyse_ranked(
        w.pay_records(|i| match sex[i] {
            classify::MALE => 0,
            classify::FEMALE => 1,
            _ => OUTSIDE,
        }),
        2,
    );
    section("Gender pay gap", "Men", "Women", &by_sex, 0, 1, policy)
}

/// Gender (men against women), ethnicity (White British against all ethnic minority groups, and
/// against each broader group) and disability (non-disabled against disabled).
fn pay_gap_sections(w: &Workforce, policy: &DisclosurePolicy) -> Vec<PayGapSection> {
    let ethnicity = w.codes(Characteristic::Ethnicity);
    let disability = w.codes(Characteristic::Disability);
    let mut out = vec![gender_pay_gap(w, policy)];

    let binary = paygap::analyse_ranked(
        w.pay_records(|i| match ethnicity[i] {
            classify::WHITE_BRITISH => 0,
            c if Characteristic::Ethnicity.is_disclosed(c) => 1,
            _ => OUTSIDE,
        }),
        2,
    );
    out.push(section(
        "Ethnicity pay gap",
        "White British",
        "All ethnic minority groups",
        &binary,
        0,
        1,
        policy,
    ));

    let broad = paygap::analyse_ranked(
        w.pay_records(|i| classify::broad_ethnic_group(ethnicity[i]).map_or(OUTSIDE, u16::from)),
        classify::BROAD_ETHNIC_GROUPS.len(),
    );
    let white_british = 3;
    for (g, name) in classify::BROAD_ETHNIC_GROUPS.iter().enumerate() {
        if g != white_british {
            out.push(section(
                &format!("Ethnicity pay gap: {name}"),
                "White British",
                name,
                &broad,
                white_british,
                g,
                policy,
            ));
        }
    }

    let by_disability = paygap::analyse_ranked(
        w.pay_records(|i| match disability[i] {
            classify::NOT_DISABLED => 0,
            classify::DISABLED => 1,
            _ => OUTSIDE,
        }),
        2,
    );
    out.push(section(
        "Disability pay gap",
        "Non-disabled staff",
        "Disabled staff",
        &by_disability,
        0,
        1,
        policy,
    ));
    out
}

/// The gender pay gap within each directorate: the same engine, a different population. Each
/// directorate's people are listed once, in rank order, so each analysis reads only them.
fn directorate_gender_gaps(w: &Workforce, policy: &DisclosurePolicy) -> Vec<PayGapSection> {
    let sex = w.codes(Characteristic::Sex);
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); w.directorates.len()];
    for (i, &d) in w.directorate.iter().enumerate() {
        members[usize::from(d)].push(i as u32);
    }
    members
        .iter()
        .enumerate()
        .map(|(d, people)| {
            let records = people.iter().map(|&i| {
                let i = i as usize;
                PayRecord {
                    group: match sex[i] {
                        classify::MALE => 0,
                        classify::FEMALE => 1,
                        _ => OUTSIDE,
                    },
                    rate: w.rate[i],
                    bonus_pence: w.bonus_pence[i],
                }
            });
            let analysis = paygap::analyse_ranked(records, 2);
            section(
                &format!("Gender pay gap: {}", w.directorates[d]),
                "Men",
                "Women",
                &analysis,
                0,
                1,
                policy,
            )
        })
        .collect()
}

fn section(
    title: &str,
    comparator: &str,
    group: &str,
    analysis: &PayAnalysis,
    a: usize,
    b: usize,
    policy: &DisclosurePolicy,
) -> PayGapSection {
    let (na, nb) = (analysis.groups[a].relevant, analysis.groups[b].relevant);
    let base = PayGapSection {
        title: title.to_string(),
        comparator: comparator.to_string(),
        group: group.to_string(),
        counts: None,
        measures: None,
        withheld: None,
    };
    if !policy.allows_comparison(na, nb) {
        return PayGapSection {
            withheld: Some(format!(
                "Not shown: each group needs at least {} employees, and at least one has fewer.",
                policy.min_group
            )),
            ..base
        };
    }
    let gap = analysis.compare(a, b);
    let dp = |x: Option<f64>| x.map(one_decimal_place);
    // Every figure is shown only if each count it rests on passes the rule.
    let (ga, gb) = (&analysis.groups[a], &analysis.groups[b]);
    let passes = |n: u64| !policy.is_small(n);
    let mut withheld = Vec::new();
    let mut when = |ok: bool, x: Option<f64>, why: String| {
        if ok {
            dp(x)
        } else {
            if x.is_some() && !withheld.contains(&why) {
                withheld.push(why);
            }
            None
        }
    };
    let hourly = policy.allows_comparison(ga.full_pay_relevant, gb.full_pay_relevant);
    let hourly_why = format!(
        "Hourly pay gaps are not shown: fewer than {} full-pay relevant employees in a group.",
        policy.min_group
    );
    let bonus = policy.allows_comparison(ga.bonus_recipients, gb.bonus_recipients);
    let bonus_why = format!(
        "Bonus pay gaps are not shown: fewer than {} people in a group were paid a bonus.",
        policy.min_group
    );
    let paid = |g: &paygap::GroupPay| {
        passes(g.bonus_recipients) && passes(g.relevant.saturating_sub(g.bonus_recipients))
    };
    let paid_why = |who: &str| {
        format!(
            "The share of {who} paid a bonus is not shown: it rests on a number the disclosure rule hides."
        )
    };
    let measures = Measures {
        mean_hourly: when(hourly, gap.mean_hourly, hourly_why.clone()),
        median_hourly: when(hourly, gap.median_hourly, hourly_why),
        mean_bonus: when(bonus, gap.mean_bonus, bonus_why.clone()),
        median_bonus: when(bonus, gap.median_bonus, bonus_why),
        comparator_paid_bonus: when(paid(ga), gap.paid_bonus.0, paid_why(comparator)),
        group_paid_bonus: when(paid(gb), gap.paid_bonus.1, paid_why(group)),
        quartiles: gap
            .quartiles
            .iter()
            .enumerate()
            .map(|(q, &(x, y))| {
                let counts = &analysis.quartiles.counts[q];
                let ok = passes(counts[a]) && passes(counts[b]);
                let why = format!(
                    "The {} quartile's shares are not shown: they rest on a number the disclosure rule hides.",
                    paygap::BAND_NAMES[q].to_lowercase()
                );
                (when(ok, x, why.clone()), when(ok, y, why))
            })
            .collect(),
        withheld: Vec::new(),
    };
    PayGapSection {
        counts: Some((na, nb)),
        measures: Some(Measures {
            withheld,
            ..measures
        }),
        ..base
    }
}
