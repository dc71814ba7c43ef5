//! The recruitment funnel (applied, shortlisted, appointed) and leavers, by characteristic:
//! each step's success rate per group, the four-fifths rule and Fisher's exact test, after
//! disclosure control.

use crate::classify::Characteristic;
use crate::disclosure::{DisclosurePolicy, TableSet, protect};
use crate::fairness::{StepRate, step_rates};
use serde::Serialize;

/// How far each applicant got, and who left, counted by category code of one characteristic.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FunnelCounts {
    /// Per category: [applied, shortlisted, appointed]. Someone shortlisted also applied.
    pub stages: Vec<[u64; 3]>,
    /// Per category: staff who left in the year, and staff in post at the snapshot date.
    pub leavers: Vec<(u64, u64)>,
}

/// One step for one group, as published.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublishedStep {
    /// Those who got through, and those who tried; `None` where hidden.
    pub succeeded: Option<u64>,
    pub of: Option<u64>,
    /// The rate, impact ratio and test: only where both counts are shown and the group is big
    /// enough to compare.
    pub rate: Option<StepRate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelRow {
    pub group: String,
    pub shortlisting: PublishedStep,
    pub appointment: PublishedStep,
    /// Staying rather than leaving, where staff numbers were given.
    pub retention: Option<PublishedStep>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelReport {
    pub characteristic: Characteristic,
    pub rows: Vec<FunnelRow>,
}

/// The funnel for one characteristic. Groups with nobody at any step are left out.
pub fn funnel(
    characteristic: Characteristic,
    counts: &FunnelCounts,
    policy: &DisclosurePolicy,
) -> FunnelReport {
    let categories = characteristic.categories();
    let groups: Vec<usize> = (0..categories.len())
        .filter(|&g| {
            counts.stages.get(g).is_some_and(|s| s[0] > 0)
                || counts.leavers.get(g).is_some_and(|l| l.0 + l.1 > 0)
        })
        .collect();
    let stage = |g: usize, i: usize| counts.stages.get(g).map_or(0, |s| s[i]);
    let leavers = |g: usize| counts.leavers.get(g).copied().unwrap_or((0, 0));
    let left = |g: usize| leavers(g).0;
    let staff = |g: usize| leavers(g).1;
    let has_staff = counts.leavers.iter().any(|l| l.1 > 0);

    // Each column of counts, with its total, in one set so that hidden counts stay hidden.
    let mut set = TableSet::default();
    let mut column = |values: Vec<u64>| -> Vec<usize> {
        let cells: Vec<usize> = values.iter().map(|&v| set.cell(v)).collect();
        let total = set.cell(values.iter().sum());
        set.sum(total, cells.clone());
        cells
    };
    let applied = column(groups.iter().map(|&g| stage(g, 0)).collect());
    let shortlisted = column(groups.iter().map(|&g| stage(g, 1)).collect());
    let appointed = column(groups.iter().map(|&g| stage(g, 2)).collect());
    let stayed = column(groups.iter().map(|&g| staff(g)).collect());
    let employed = column(groups.iter().map(|&g| staff(g) + left(g)).collect());
    let protected = protect(&set, policy);
    let shown = |c: usize| protected.published[c];

    let step = |succeeded: &[usize], of: &[usize], rates: &[StepRate], i: usize| {
        let (s, o) = (succeeded[i], of[i]);
        let comparable = set.values[o] >= policy.min_group;
        PublishedStep {
            succeeded: shown(s),
            of: shown(o),
            rate: (shown(s).is_some() && shown(o).is_some() && comparable)
                .then(|| rates[i].clone()),
        }
    };
    let rates_for = |succeeded: &[usize], of: &[usize]| {
        step_rates(
            &succeeded
                .iter()
                .zip(of)
                .map(|(&s, &o)| (set.values[s], set.values[o]))
                .collect::<Vec<_>>(),
        )
    };
    let shortlisting = rates_for(&shortlisted, &applied);
    let appointment = rates_for(&appointed, &shortlisted);
    let retention = rates_for(&stayed, &employed);
    let rows = groups
        .iter()
        .enumerate()
        .map(|(i, &g)| FunnelRow {
            group: categories[g].to_string(),
            shortlisting: step(&shortlisted, &applied, &shortlisting, i),
            appointment: step(&appointed, &shortlisted, &appointment, i),
            retention: has_staff.then(|| step(&stayed, &employed, &retention, i)),
        })
        .collect();
    FunnelReport {
        characteristic,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disclosure::Preset;

    #[test]
    fn a_low_shortlisting_rate_is_flagged_and_small_groups_are_hidden() {
        let mut counts = FunnelCounts {
            stages: vec![[0; 3]; 5],
            leavers: vec![(0, 0); 5],
        };
        counts.stages[0] = [200, 100, 30]; // women: half shortlisted
        counts.stages[1] = [200, 60, 20]; // men: under a third shortlisted
        counts.stages[3] = [4, 2, 1]; // prefer not to say: too few to show
        counts.stages[4] = [30, 12, 5]; // not known: hidden too, so the 4 cannot be worked out
        counts.leavers[0] = (20, 400);
        counts.leavers[1] = (60, 140);
        let report = funnel(Characteristic::Sex, &counts, &Preset::Threshold10.policy());
        let women = &report.rows[0];
        let men = &report.rows[1];
        assert_eq!(report.rows.len(), 4);
        assert!(women.shortlisting.rate.as_ref().is_some_and(|r| !r.adverse));
        let men_rate = men.shortlisting.rate.as_ref().expect("shown");
        assert!(men_rate.adverse, "30% is 60% of 50%");
        assert!(men_rate.p_value.is_some_and(|p| p < 0.001));
        let pnts = &report.rows[2];
        assert_eq!(pnts.shortlisting.of, None);
        assert!(pnts.shortlisting.rate.is_none());
        let retention = men
            .retention
            .as_ref()
            .and_then(|r| r.rate.as_ref())
            .expect("shown");
        assert!(retention.adverse, "70% of men stayed against 95% of women");
        assert_eq!(
            report.rows[3].shortlisting.of, None,
            "hidden to protect the 4"
        );
    }
}
