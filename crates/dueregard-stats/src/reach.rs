//! Who a consultation has heard from, against the area's population: for each group, the
//! respondents' share with its 95% interval beside the group's share of the population, and
//! the groups under-heard while there is still time to reach them.
//!
//! Every count passes disclosure control first, and a share or interval is shown only where
//! the count it rests on and the number it is a share of are both shown, since a share and its
//! denominator give back the count.

use crate::classify::Characteristic;
use crate::disclosure::{DisclosurePolicy, TableSet, protect};
use crate::representation::wilson_interval;
use crate::workforce::PopulationBenchmark;
use serde::{Deserialize, Serialize};

/// How well a group has been heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Heard {
    /// Its share of the population is above the interval around its share of respondents.
    UnderHeard,
    InLine,
    /// Its share of the population is below that interval.
    OverHeard,
}

impl Heard {
    pub fn text(self) -> &'static str {
        match self {
            Heard::UnderHeard => "Under-heard",
            Heard::InLine => "In line",
            Heard::OverHeard => "Heard more than its share",
        }
    }
}

/// One group of the population.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReachRow {
    pub label: String,
    /// `None` where disclosure control hides it.
    pub respondents: Option<u64>,
    /// Percentages.
    pub share: Option<f64>,
    pub interval: Option<(f64, f64)>,
    pub population_share: f64,
    /// `None` until enough people have answered to compare.
    pub heard: Option<Heard>,
}

/// One characteristic's comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReachTable {
    pub characteristic: Characteristic,
    pub rows: Vec<ReachRow>,
    /// Respondents in the compared groups: the number each share is of.
    pub compared: Option<u64>,
    /// Respondents who did not answer this question, preferred not to say, or are in a group
    /// the census figures leave out.
    pub not_compared: Option<u64>,
    pub source: String,
}

impl ReachTable {
    /// The groups under-heard, by name.
    pub fn under_heard(&self) -> Vec<&str> {
        self.rows
            .iter()
            .filter(|r| r.heard == Some(Heard::UnderHeard))
            .map(|r| r.label.as_str())
            .collect()
    }
}

/// Compares respondents' answers for one characteristic (`codes`: each respondent's census
/// code, `None` for no answer) out of `respondents` in all, with the population. The total of
/// respondents is published anyway, so it is never hidden; everything else may be.
pub fn reach(
    codes: &[Option<u8>],
    respondents: u64,
    population: &PopulationBenchmark,
    policy: &DisclosurePolicy,
) -> ReachTable {
    let counts: Vec<u64> = population
        .groups
        .iter()
        .map(|g| {
            codes
                .iter()
                .filter(|c| c.is_some_and(|c| g.codes.contains(&c)))
                .count() as u64
        })
        .collect();
    let compared: u64 = counts.iter().sum();
    let not_compared = respondents.saturating_sub(compared);

    let mut set = TableSet::default();
    let cells: Vec<usize> = counts.iter().map(|&k| set.cell(k)).collect();
    let compared_cell = set.cell(compared);
    let other_cell = set.cell(not_compared);
    let total_cell = set.cell(respondents);
    set.sum(compared_cell, cells.clone());
    set.sum(total_cell, vec![compared_cell, other_cell]);
    set.public.push(total_cell);
    let shown = protect(&set, policy);

    let people: f64 = population.groups.iter().map(|g| g.count).sum();
    let n_shown = shown.published[compared_cell].is_some();
    let enough = compared >= policy.min_group;
    let rows = population
        .groups
        .iter()
        .zip(&cells)
        .zip(&counts)
        .map(|((g, &cell), &k)| {
            let population_share = if people > 0.0 { g.count / people } else { 0.0 };
            let interval = wilson_interval(k, compared);
            let heard = interval.filter(|_| enough).map(|(low, high)| {
                if population_share > high {
                    Heard::UnderHeard
                } else if population_share < low {
                    Heard::OverHeard
                } else {
                    Heard::InLine
                }
            });
            let count = shown.published[cell];
            let figures = count.is_some() && n_shown && compared > 0;
            ReachRow {
                label: g.label.clone(),
                respondents: count,
                share: figures.then(|| k as f64 * 100.0 / compared as f64),
                interval: interval
                    .filter(|_| figures)
                    .map(|(l, h)| (l * 100.0, h * 100.0)),
                population_share: population_share * 100.0,
                heard,
            }
        })
        .collect();
    ReachTable {
        characteristic: population.characteristic,
        rows,
        compared: shown.published[compared_cell],
        not_compared: shown.published[other_cell],
        source: population.source.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disclosure::Preset;
    use crate::workforce::PopulationGroup;

    fn population() -> PopulationBenchmark {
        let g = |label: &str, codes: &[u8], count: f64| PopulationGroup {
            label: label.into(),
            codes: codes.to_vec(),
            count,
        };
        PopulationBenchmark {
            characteristic: Characteristic::Disability,
            groups: vec![
                g("Disabled", &[0], 2_000.0),
                g("Not disabled", &[1], 8_000.0),
            ],
            source: "test".into(),
        }
    }

    #[test]
    fn a_group_heard_less_than_its_share_is_flagged_with_hand_worked_figures() {
        // 12 disabled of 120 who answered, 20 more did not say: 10% heard against 20% of the
        // population. Wilson 95% for 12 of 120: 5.81% to 16.67%, so 20% is above it.
        let mut codes = vec![Some(0); 12];
        codes.extend(vec![Some(1); 108]);
        codes.extend(vec![Some(2); 20]);
        let t = reach(&codes, 140, &population(), &Preset::Threshold10.policy());
        assert_eq!(t.compared, Some(120));
        assert_eq!(t.not_compared, Some(20));
        let d = &t.rows[0];
        assert_eq!(d.respondents, Some(12));
        assert!((d.share.unwrap() - 10.0).abs() < 1e-9);
        let (low, high) = d.interval.unwrap();
        assert!(
            (low - 5.81).abs() < 0.01 && (high - 16.67).abs() < 0.01,
            "{low} {high}"
        );
        assert!((d.population_share - 20.0).abs() < 1e-9);
        assert_eq!(d.heard, Some(Heard::UnderHeard));
        assert_eq!(t.rows[1].heard, Some(Heard::OverHeard));
        assert_eq!(t.under_heard(), ["Disabled"]);
    }

    #[test]
    fn no_figure_rests_on_a_small_count() {
        // 4 disabled of 60: the 4 is hidden, and so is enough else that it cannot be worked
        // out from the total of 70 respondents, which is published.
        let mut codes = vec![Some(0); 4];
        codes.extend(vec![Some(1); 56]);
        codes.extend(vec![None; 10]);
        let t = reach(&codes, 70, &population(), &Preset::Threshold10.policy());
        let d = &t.rows[0];
        assert_eq!((d.respondents, d.share, d.interval), (None, None, None));
        // Still flagged, without a figure: that is what an officer needs while it is open.
        assert_eq!(d.heard, Some(Heard::UnderHeard));
        // 4 = 60 - 56, and 60 = 70 - 10: so 56 or 60 is hidden, and if 60 is, so is 10.
        assert!(
            t.rows[1].respondents.is_none() || t.compared.is_none(),
            "{t:?}"
        );
        assert!(t.compared.is_some() || t.not_compared.is_none(), "{t:?}");
    }

    #[test]
    fn too_few_answers_are_not_compared() {
        let codes = vec![Some(1); 5];
        let t = reach(&codes, 5, &population(), &Preset::Threshold10.policy());
        assert!(
            t.rows
                .iter()
                .all(|r| r.heard.is_none() && r.share.is_none())
        );
    }
}
