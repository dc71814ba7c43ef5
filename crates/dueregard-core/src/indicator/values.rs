//! An indicator's values: what is stored (the counts behind each value, for the whole body and by
//! group), how rows typed by hand or read from a spreadsheet become values, and what may be shown
//! after disclosure control. Nothing here shows a value whose counts are small: every rate, gap
//! and chart point is worked out from what [`shown`] lets through.

use super::{IndicatorFields, Rag, Unit};
use crate::validate::{ValidationErrors, table_column, table_day};
pub use dueregard_stats::classify::Characteristic;
use dueregard_stats::disclosure::{DisclosurePolicy, TableSet, protect};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A group of people: one category of one characteristic, in the census's categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Group {
    pub characteristic: Characteristic,
    pub code: u8,
}

impl Group {
    /// How a form names it: "disability:0".
    pub fn key(&self) -> String {
        format!("{}:{}", self.characteristic.key(), self.code)
    }

    pub fn from_key(key: &str) -> Option<Group> {
        let (c, code) = key.split_once(':')?;
        let characteristic = Characteristic::ALL.into_iter().find(|x| x.key() == c)?;
        let code: u8 = code.parse().ok()?;
        (usize::from(code) < characteristic.categories().len()).then_some(Group {
            characteristic,
            code,
        })
    }

    /// Every group a form offers: each disclosed category of each characteristic.
    pub fn all() -> Vec<Group> {
        Characteristic::ALL
            .into_iter()
            .flat_map(|c| {
                (0..c.categories().len() as u8)
                    .filter(move |code| c.is_disclosed(*code))
                    .map(move |code| Group {
                        characteristic: c,
                        code,
                    })
            })
            .collect()
    }

    pub fn label(&self) -> &'static str {
        self.characteristic
            .categories()
            .get(usize::from(self.code))
            .copied()
            .unwrap_or("Unknown group")
    }
}

/// One value as stored: the period it is for (the day it ended), the group (none for the whole
/// body), how many it counts and, for a rate, out of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Observation {
    pub period: Date,
    #[serde(default)]
    pub group: Option<Group>,
    pub count: u64,
    #[serde(default)]
    pub base: Option<u64>,
}

impl Observation {
    /// The value it gives in `unit`.
    pub fn value(&self, unit: Unit) -> Option<f64> {
        match (unit, self.base) {
            (Unit::Count, _) => Some(self.count as f64),
            (_, Some(0) | None) => None,
            (Unit::Percent, Some(b)) => Some(self.count as f64 * 100.0 / b as f64),
            (Unit::PerThousand, Some(b)) => Some(self.count as f64 * 1000.0 / b as f64),
        }
    }
}

/// The largest count a value may rest on.
const MOST: u64 = 100_000_000;

/// Words that mean "everyone" in the characteristic or group column.
fn is_everyone(raw: &str) -> bool {
    matches!(
        raw.trim().to_ascii_lowercase().as_str(),
        "" | "all"
            | "everyone"
            | "total"
            | "overall"
            | "whole organisation"
            | "all staff"
            | "all people"
    )
}

fn characteristic(raw: &str) -> Option<Characteristic> {
    let r = raw.trim().to_ascii_lowercase();
    Characteristic::ALL.into_iter().find(|c| {
        let label = c.label().to_ascii_lowercase();
        r == label
            || r.replace(' ', "_") == format!("{c:?}").to_ascii_lowercase()
            || match c {
                Characteristic::Ethnicity => r == "ethnicity" || r == "race",
                Characteristic::Religion => r == "religion" || r == "belief",
                Characteristic::SexualOrientation => r == "sexual orientation",
                Characteristic::Sex => r == "gender",
                _ => false,
            }
    })
}

/// Which column of a spreadsheet holds what. Found from the header row, in any order, under the
/// names people give them.
struct Columns {
    period: usize,
    characteristic: Option<usize>,
    group: Option<usize>,
    count: usize,
    base: Option<usize>,
}

fn columns(header: &[String]) -> Option<Columns> {
    Some(Columns {
        period: table_column(
            header,
            &[
                "period",
                "period_end",
                "period end",
                "period ending",
                "date",
                "year end",
            ],
        )?,
        characteristic: table_column(header, &["characteristic", "protected characteristic"]),
        group: table_column(header, &["group", "category", "group name"]),
        count: table_column(
            header,
            &["count", "numerator", "number", "value", "people", "met"],
        )?,
        base: table_column(
            header,
            &[
                "base",
                "denominator",
                "out of",
                "total",
                "cohort",
                "eligible",
            ],
        ),
    })
}

/// The columns when there is no header: period, characteristic, group, count, base.
fn plain(width: usize) -> Columns {
    Columns {
        period: 0,
        characteristic: (width > 2).then_some(1),
        group: (width > 2).then_some(2),
        count: if width > 2 { 3 } else { 1 },
        base: if width > 4 {
            Some(4)
        } else if width == 3 {
            Some(2)
        } else {
            None
        },
    }
}

/// Reads rows (from a CSV or spreadsheet, or lines typed with commas) as values for an
/// indicator in `unit`. The first row may be a header naming the columns in any order; without
/// one the columns are period, characteristic, group, count and base. A period given twice for
/// the same group is refused, as is a count above its base; every problem names its row.
pub fn read_rows(unit: Unit, rows: &[Vec<String>]) -> Result<Vec<Observation>, ValidationErrors> {
    let mut e = ValidationErrors::new();
    let rows: Vec<(usize, &Vec<String>)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    let Some(&(_, first)) = rows.first() else {
        return Err(ValidationErrors::single(
            "values",
            "There are no values: give at least one row",
        ));
    };
    let (cols, body) = if table_day(first.first().map_or("", String::as_str)).is_some() {
        (plain(first.len()), &rows[..])
    } else {
        match columns(first) {
            Some(c) => (c, &rows[1..]),
            None => {
                return Err(ValidationErrors::single(
                    "values",
                    "The first row must name the columns (period, characteristic, group, count and base) or be a value whose first cell is a date like 2025-03-31",
                ));
            }
        }
    };
    let mut out: Vec<Observation> = Vec::new();
    for &(i, row) in body {
        let n = i + 1;
        let cell = |c: Option<usize>| c.and_then(|c| row.get(c)).map_or("", |s| s.trim());
        let Some(period) = table_day(cell(Some(cols.period))) else {
            e.add(
                "values",
                format!(
                    "Row {n}: the period '{}' is not a date: write the day it ended, like 2025-03-31",
                    cell(Some(cols.period))
                ),
            );
            continue;
        };
        let (c_raw, g_raw) = (cell(cols.characteristic), cell(cols.group));
        let group = if is_everyone(c_raw) && is_everyone(g_raw) {
            None
        } else {
            let Some(c) = characteristic(c_raw) else {
                e.add(
                    "values",
                    format!("Row {n}: '{c_raw}' is not a characteristic we count: use sex, ethnic group, disability, religion or belief, sexual orientation or age"),
                );
                continue;
            };
            let code = if c == Characteristic::Age {
                c.categories()
                    .iter()
                    .position(|l| l.eq_ignore_ascii_case(g_raw))
                    .map(|p| p as u8)
            } else {
                c.categories()
                    .iter()
                    .position(|l| l.eq_ignore_ascii_case(g_raw))
                    .map(|p| p as u8)
                    .or_else(|| c.parse(g_raw).filter(|_| !g_raw.is_empty()))
            };
            let Some(code) = code else {
                e.add(
                    "values",
                    format!(
                        "Row {n}: '{g_raw}' is not a group of {} we know",
                        c.label().to_lowercase()
                    ),
                );
                continue;
            };
            Some(Group {
                characteristic: c,
                code,
            })
        };
        let whole = |raw: &str| raw.replace(',', "").trim().parse::<u64>().ok();
        let Some(count) = whole(cell(Some(cols.count))).filter(|c| *c <= MOST) else {
            e.add(
                "values",
                format!(
                    "Row {n}: the count '{}' is not a whole number of people",
                    cell(Some(cols.count))
                ),
            );
            continue;
        };
        let base = match (unit, cell(cols.base)) {
            (Unit::Count, "") => None,
            (Unit::Count, raw) => match whole(raw) {
                Some(b) if b <= MOST => Some(b),
                _ => {
                    e.add(
                        "values",
                        format!("Row {n}: the base '{raw}' is not a whole number"),
                    );
                    continue;
                }
            },
            (_, raw) => match whole(raw) {
                Some(b) if b > 0 && b <= MOST => Some(b),
                _ => {
                    e.add(
                        "values",
                        format!(
                            "Row {n}: a rate needs how many people it is out of (the base), as a whole number above 0; '{raw}' is not"
                        ),
                    );
                    continue;
                }
            },
        };
        if unit == Unit::Percent
            && let Some(b) = base
            && count > b
        {
            e.add(
                "values",
                format!("Row {n}: {count} is more than the {b} it is out of"),
            );
            continue;
        }
        let o = Observation {
            period,
            group,
            count,
            base,
        };
        if out
            .iter()
            .any(|x| x.period == o.period && x.group == o.group)
        {
            e.add(
                "values",
                format!(
                    "Row {n}: there is already a value for {} for the period ending {period}",
                    o.group.map_or("everyone", |g| g.label())
                ),
            );
            continue;
        }
        out.push(o);
    }
    // A group's people are some of everyone's: more of them than in the whole is a mistake.
    // Each period's groups of one characteristic are summed once, against that period's total.
    let mut summed = std::collections::HashSet::new();
    for o in &out {
        let Some(g) = o.group else { continue };
        if !summed.insert((o.period, g.characteristic)) {
            continue;
        }
        let Some(t) = out
            .iter()
            .find(|t| t.period == o.period && t.group.is_none())
        else {
            continue;
        };
        let (count, base) = out
            .iter()
            .filter(|x| x.period == o.period)
            .filter(|x| {
                x.group
                    .is_some_and(|h| h.characteristic == g.characteristic)
            })
            .fold((0, 0), |(c, b), x| (c + x.count, b + x.base.unwrap_or(0)));
        if count > t.count || base > t.base.unwrap_or(0) {
            e.add(
                "values",
                format!(
                    "The {} groups for the period ending {} add up to more than everyone",
                    g.characteristic.label().to_lowercase(),
                    o.period
                ),
            );
        }
    }
    e.finish(out)
}

/// A value as it may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(tag = "state", content = "value", rename_all = "snake_case")]
pub enum Shown {
    /// Nothing was recorded.
    Missing,
    /// Recorded but resting on a small count, so not shown.
    Withheld,
    Value(f64),
}

impl Shown {
    pub fn value(self) -> Option<f64> {
        match self {
            Shown::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// One group's line over the periods.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct GroupLine {
    pub group: Group,
    pub label: String,
    pub values: Vec<Shown>,
}

/// The widest gap between shown groups of one characteristic in one period.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Gap {
    pub period: Date,
    pub characteristic: Characteristic,
    /// The group doing best and the group doing worst, by the indicator's polarity.
    pub best: String,
    pub worst: String,
    pub gap: f64,
}

/// An indicator's values as they may be shown: the periods in order, everyone's value and its
/// colour against the target, each group's values, and the gaps between groups.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Series {
    pub periods: Vec<Date>,
    pub overall: Vec<Shown>,
    pub targets: Vec<Option<f64>>,
    pub rag: Vec<Option<Rag>>,
    pub groups: Vec<GroupLine>,
    pub gaps: Vec<Gap>,
    /// How many values were withheld because they rest on small counts.
    pub withheld: usize,
}

impl Series {
    /// The latest period with a shown value for everyone, its value and colour.
    pub fn latest(&self) -> Option<(Date, f64, Option<Rag>)> {
        (0..self.periods.len())
            .rev()
            .find_map(|i| Some((self.periods[i], self.overall[i].value()?, self.rag[i])))
    }
}

/// What may be shown of `values` under `policy`. For each period, everyone's counts and every
/// group's are cells of one table set, each count beside its complement (those not counted, for a
/// rate), tied by the sums that hold between them (the groups of one characteristic add up to
/// everyone, with the unrecorded rest as a cell of its own). Small cells are hidden and then
/// enough others that none can be worked out; a value is shown only when every cell it rests on is,
/// and for a rate only when its base is large enough to compare.
pub fn shown(
    fields: &IndicatorFields,
    values: &[Observation],
    policy: &DisclosurePolicy,
) -> Series {
    let unit = fields.unit;
    let mut periods: Vec<Date> = values.iter().map(|o| o.period).collect();
    periods.sort();
    periods.dedup();
    let mut group_keys: Vec<Group> = values.iter().filter_map(|o| o.group).collect();
    group_keys.sort_by_key(|g| {
        (
            Characteristic::ALL
                .iter()
                .position(|c| *c == g.characteristic),
            g.code,
        )
    });
    group_keys.dedup();
    let mut overall = Vec::new();
    let mut lines: Vec<GroupLine> = group_keys
        .iter()
        .map(|g| GroupLine {
            group: *g,
            label: g.label().to_string(),
            values: Vec::new(),
        })
        .collect();
    let mut withheld = 0;
    for &period in &periods {
        let here: Vec<&Observation> = values.iter().filter(|o| o.period == period).collect();
        let show = protect_period(unit, &here, policy);
        let total = here.iter().find(|o| o.group.is_none());
        overall.push(match total {
            None => Shown::Missing,
            Some(o) => show_one(unit, o, &show, policy, &mut withheld),
        });
        for line in &mut lines {
            let o = here.iter().find(|o| o.group == Some(line.group));
            line.values.push(match o {
                None => Shown::Missing,
                Some(o) => show_one(unit, o, &show, policy, &mut withheld),
            });
        }
    }
    let targets: Vec<Option<f64>> = periods.iter().map(|p| fields.target_for(*p)).collect();
    let rag = overall
        .iter()
        .zip(&targets)
        .map(|(v, t)| Some(fields.rag(v.value()?, (*t)?)))
        .collect();
    let gaps = gaps(fields, &periods, &lines);
    Series {
        periods,
        overall,
        targets,
        rag,
        groups: lines,
        gaps,
        withheld,
    }
}

/// Which observations of one period may be shown, by identity (index in `here`).
struct PeriodShown {
    cells: Vec<(Observation, Vec<usize>)>,
    published: Vec<bool>,
}

fn protect_period(unit: Unit, here: &[&Observation], policy: &DisclosurePolicy) -> PeriodShown {
    let mut set = TableSet::default();
    let rate = unit != Unit::Count;
    // Each observation's cells: its count, and for a rate those not counted.
    let mut cells: Vec<(Observation, Vec<usize>)> = Vec::new();
    let add = |set: &mut TableSet, count: u64, base: Option<u64>| {
        let mut c = vec![set.cell(count)];
        if rate {
            c.push(set.cell(base.unwrap_or(count).saturating_sub(count)));
        }
        c
    };
    let total = here.iter().find(|o| o.group.is_none());
    let total_cells = total.map(|t| add(&mut set, t.count, t.base));
    if let (Some(t), Some(c)) = (total, &total_cells) {
        cells.push((**t, c.clone()));
    }
    for ch in Characteristic::ALL {
        let groups: Vec<&&Observation> = here
            .iter()
            .filter(|o| o.group.is_some_and(|g| g.characteristic == ch))
            .collect();
        if groups.is_empty() {
            continue;
        }
        let mut parts: Vec<Vec<usize>> = Vec::new();
        for g in &groups {
            let c = add(&mut set, g.count, g.base);
            parts.push(c.clone());
            cells.push((***g, c));
        }
        // The groups with the rest (people in none of them, or not recorded) add up to everyone.
        if let (Some(t), Some(tc)) = (total, &total_cells) {
            let count_rest = t.count.saturating_sub(groups.iter().map(|g| g.count).sum());
            let base_sum: u64 = groups.iter().map(|g| g.base.unwrap_or(g.count)).sum();
            let rest = add(
                &mut set,
                count_rest,
                Some(t.base.unwrap_or(t.count).saturating_sub(base_sum)),
            );
            for (k, &total_cell) in tc.iter().enumerate() {
                let mut sum: Vec<usize> = parts.iter().map(|p| p[k]).collect();
                sum.push(rest[k]);
                set.sum(total_cell, sum);
            }
        }
    }
    let p = protect(&set, policy);
    PeriodShown {
        cells,
        published: p.suppressed.iter().map(|s| !s).collect(),
    }
}

fn show_one(
    unit: Unit,
    o: &Observation,
    show: &PeriodShown,
    policy: &DisclosurePolicy,
    withheld: &mut usize,
) -> Shown {
    let ok = show
        .cells
        .iter()
        .find(|(x, _)| x == o)
        .is_some_and(|(_, cells)| cells.iter().all(|&c| show.published[c]));
    let big_enough = unit == Unit::Count || o.base.is_some_and(|b| b >= policy.min_group);
    match o.value(unit) {
        Some(v) if ok && big_enough => Shown::Value(v),
        _ => {
            *withheld += 1;
            Shown::Withheld
        }
    }
}

fn gaps(fields: &IndicatorFields, periods: &[Date], lines: &[GroupLine]) -> Vec<Gap> {
    let mut out = Vec::new();
    for (i, &period) in periods.iter().enumerate() {
        for ch in Characteristic::ALL {
            let shown: Vec<(&str, f64)> = lines
                .iter()
                .filter(|l| l.group.characteristic == ch && ch.is_disclosed(l.group.code))
                .filter_map(|l| Some((l.label.as_str(), l.values[i].value()?)))
                .collect();
            if shown.len() < 2 {
                continue;
            }
            let high = shown.iter().max_by(|a, b| a.1.total_cmp(&b.1));
            let low = shown.iter().min_by(|a, b| a.1.total_cmp(&b.1));
            let (Some(high), Some(low)) = (high, low) else {
                continue;
            };
            let (best, worst) = match fields.polarity {
                super::Polarity::HigherIsBetter => (high, low),
                super::Polarity::LowerIsBetter => (low, high),
            };
            out.push(Gap {
                period,
                characteristic: ch,
                best: best.0.to_string(),
                worst: worst.0.to_string(),
                gap: high.1 - low.1,
            });
        }
    }
    out
}
