//! Hate incidents, harassment and community tension, as aggregated counts only: how many of a
//! kind, by motivation and area, in a period. Never a person, never an incident's details.
//! Seeds 002 and 004 want hate incidents reported and cohesion monitored; the counts feed
//! indicators and their trends.

use crate::validate::{ValidationErrors, table_column, table_day};
use crate::vocab::vocabulary;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// What the incident was motivated by: the five strands police forces record (hostility
    /// based on race, religion, disability, sexual orientation or transgender identity), and the
    /// rest.
    Motivation {
        Race => ("race", "Race or ethnicity"),
        Religion => ("religion", "Religion or belief"),
        Disability => ("disability", "Disability"),
        SexualOrientation => ("sexual_orientation", "Sexual orientation"),
        TransgenderIdentity => ("transgender_identity", "Transgender identity"),
        Sex => ("sex", "Sex or gender"),
        Other => ("other", "Other or not recorded"),
    }
);

vocabulary!(
    /// What was reported.
    IncidentKind {
        HateCrime => ("hate_crime", "Hate crime"),
        HateIncident => ("hate_incident", "Hate incident (not a crime)"),
        Harassment => ("harassment", "Harassment"),
        Tension => ("tension", "Community tension"),
    }
);

/// How many incidents of one kind, with one motivation, in one area, in the period ending on
/// `period`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IncidentCount {
    pub period: Date,
    pub kind: IncidentKind,
    pub motivation: Motivation,
    /// A ward, neighbourhood or district; empty for the whole area.
    #[serde(default)]
    pub area: String,
    pub count: u32,
}

/// The most incidents one row may count.
const MOST: u32 = 1_000_000;

fn find<T: Copy>(
    all: &[T],
    raw: &str,
    key: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Option<T> {
    let r = raw.trim().to_lowercase();
    all.iter().copied().find(|v| {
        let l = label(*v).to_lowercase();
        r == key(*v) || r == l || r.replace(' ', "_") == key(*v)
    })
}

fn motivation(raw: &str) -> Option<Motivation> {
    let r = raw.trim().to_lowercase();
    match r.as_str() {
        "racial" | "racist" | "ethnicity" | "race" => Some(Motivation::Race),
        "faith" | "religious" | "religion" | "religion or belief" => Some(Motivation::Religion),
        "transgender" | "trans" | "gender identity" | "transphobic" => {
            Some(Motivation::TransgenderIdentity)
        }
        "homophobic" | "biphobic" | "sexual orientation" => Some(Motivation::SexualOrientation),
        "disablist" | "disability" | "disabled" => Some(Motivation::Disability),
        "" | "not recorded" | "unknown" => Some(Motivation::Other),
        _ => find(Motivation::ALL, &r, Motivation::key, Motivation::label),
    }
}

fn kind(raw: &str) -> Option<IncidentKind> {
    match raw.trim().to_lowercase().as_str() {
        "crime" | "hate crime" => Some(IncidentKind::HateCrime),
        "incident" | "non-crime" | "non crime" | "hate incident" => {
            Some(IncidentKind::HateIncident)
        }
        r => find(IncidentKind::ALL, r, IncidentKind::key, IncidentKind::label),
    }
}

/// Reads rows (a CSV or spreadsheet, or lines typed with commas) of incident counts. The first
/// row may name the columns in any order; without one they are period, kind, motivation, area
/// and count. Every problem names its row, and nothing is read unless every row is right.
pub fn read_rows(rows: &[Vec<String>]) -> Result<Vec<IncidentCount>, ValidationErrors> {
    let mut e = ValidationErrors::new();
    let rows: Vec<(usize, &Vec<String>)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    let Some(&(_, first)) = rows.first() else {
        return Err(ValidationErrors::single(
            "counts",
            "There are no counts: give at least one row",
        ));
    };
    let headed = table_day(first.first().map_or("", String::as_str)).is_none();
    let cols = if headed {
        let c = (
            table_column(
                first,
                &[
                    "period",
                    "period end",
                    "period_end",
                    "date",
                    "month",
                    "quarter end",
                ],
            ),
            table_column(first, &["kind", "type", "incident type", "category"]),
            table_column(
                first,
                &[
                    "motivation",
                    "strand",
                    "motivated by",
                    "hate type",
                    "characteristic",
                ],
            ),
            table_column(
                first,
                &["area", "ward", "neighbourhood", "district", "location"],
            ),
            table_column(first, &["count", "number", "incidents", "total", "n"]),
        );
        match c {
            (Some(p), Some(k), Some(m), a, Some(n)) => (p, k, m, a, n),
            _ => {
                return Err(ValidationErrors::single(
                    "counts",
                    "The first row must name the columns (period, kind, motivation, area and count) or be a count whose first cell is a date like 2025-03-31",
                ));
            }
        }
    } else {
        (0, 1, 2, Some(3), 4)
    };
    let body = if headed { &rows[1..] } else { &rows[..] };
    let mut out: Vec<IncidentCount> = Vec::new();
    for &(i, row) in body {
        let n = i + 1;
        let cell = |c: usize| row.get(c).map_or("", |s| s.trim());
        let Some(period) = table_day(cell(cols.0)) else {
            e.add("counts", format!("Row {n}: the period '{}' is not a date: write the day it ended, like 2025-03-31", cell(cols.0)));
            continue;
        };
        let Some(k) = kind(cell(cols.1)) else {
            e.add("counts", format!("Row {n}: '{}' is not a kind we record: hate crime, hate incident, harassment or community tension", cell(cols.1)));
            continue;
        };
        let Some(m) = motivation(cell(cols.2)) else {
            e.add("counts", format!("Row {n}: '{}' is not a motivation we record: race, religion, disability, sexual orientation, transgender identity, sex or other", cell(cols.2)));
            continue;
        };
        let area = cols.3.map_or("", cell).to_string();
        if area.chars().count() > 100 || area.chars().any(char::is_control) {
            e.add(
                "counts",
                format!("Row {n}: the area must be a name of 100 characters or fewer"),
            );
            continue;
        }
        let Some(count) = cell(cols.4)
            .replace(',', "")
            .parse::<u32>()
            .ok()
            .filter(|c| *c <= MOST)
        else {
            e.add(
                "counts",
                format!(
                    "Row {n}: the count '{}' is not a whole number",
                    cell(cols.4)
                ),
            );
            continue;
        };
        let c = IncidentCount {
            period,
            kind: k,
            motivation: m,
            area,
            count,
        };
        if out.iter().any(|x| {
            x.period == c.period
                && x.kind == c.kind
                && x.motivation == c.motivation
                && x.area.eq_ignore_ascii_case(&c.area)
        }) {
            e.add("counts", format!("Row {n}: there is already a count of {} for {} in {} for the period ending {period}", k.label().to_lowercase(), m.label().to_lowercase(), if c.area.is_empty() { "the whole area" } else { &c.area }));
            continue;
        }
        out.push(c);
    }
    e.finish(out)
}

/// Totals by period and motivation, periods in order: (periods, [(motivation, count per period)]).
pub fn by_motivation(
    counts: &[IncidentCount],
    kinds: &[IncidentKind],
) -> (Vec<Date>, Vec<(Motivation, Vec<u64>)>) {
    let mut periods: Vec<Date> = counts.iter().map(|c| c.period).collect();
    periods.sort();
    periods.dedup();
    let lines = Motivation::ALL
        .iter()
        .map(|m| {
            (
                *m,
                periods
                    .iter()
                    .map(|p| {
                        counts
                            .iter()
                            .filter(|c| {
                                c.period == *p && c.motivation == *m && kinds.contains(&c.kind)
                            })
                            .map(|c| u64::from(c.count))
                            .sum()
                    })
                    .collect::<Vec<u64>>(),
            )
        })
        .filter(|(_, v)| v.iter().any(|n| *n > 0))
        .collect();
    (periods, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn counts_are_read_in_any_column_order_and_the_words_forces_use() {
        let a = read_rows(&rows("Ward,Hate type,Number,Incident type,Quarter end\nCastle,Racist,12,Crime,31/03/2025\nCastle,Faith,3,Non-crime,31/03/2025\n,Transgender,2,Hate crime,31/03/2025")).unwrap();
        let b = read_rows(&rows("2025-03-31,hate_crime,race,Castle,12\n2025-03-31,Hate incident,religion,Castle,3\n2025-03-31,hate crime,Transgender identity,,2")).unwrap();
        assert_eq!(a, b);
        assert_eq!(a[1].kind, IncidentKind::HateIncident);
        assert_eq!(a[2].area, "");
        let (periods, lines) = by_motivation(&a, &[IncidentKind::HateCrime]);
        assert_eq!(periods.len(), 1);
        assert_eq!(
            lines,
            vec![
                (Motivation::Race, vec![12]),
                (Motivation::TransgenderIdentity, vec![2])
            ]
        );
    }

    #[test]
    fn bad_rows_are_refused_whole_each_named() {
        let e = read_rows(&rows("period,kind,motivation,area,count\n2025-03-31,hate crime,race,Castle,12\nlast spring,hate crime,race,Castle,1\n2025-03-31,burglary,race,Castle,1\n2025-03-31,hate crime,height,Castle,1\n2025-03-31,hate crime,race,Castle,-4\n2025-03-31,hate crime,race,castle,5")).unwrap_err();
        let m: Vec<String> = e.0.iter().map(|f| f.message.clone()).collect();
        assert!(m[0].starts_with("Row 3"), "{m:?}");
        assert!(m[1].starts_with("Row 4") && m[1].contains("burglary"));
        assert!(m[2].starts_with("Row 5") && m[2].contains("height"));
        assert!(m[3].starts_with("Row 6"));
        assert!(m[4].starts_with("Row 7") && m[4].contains("already"));
        assert!(read_rows(&rows("who,what\nme,that")).is_err());
    }
}
