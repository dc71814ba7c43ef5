//! The specific duties of the public sector equality duty, as data: for England (SI 2011/2260,
//! re-made as SI 2017/353), Wales (SI 2011/1064) and Scotland (SSI 2012/162, as amended), what
//! must be published, how often, from when, for which bodies, and what shows it was done.
//!
//! Two kinds of deadline. English duties are rolling: the next publication is due within the
//! interval beginning with the date of the last one, so publishing late (or early) moves every
//! later date. The gender pay gap, the Welsh annual report and the Scottish reports keep a fixed
//! cycle: each deadline is met by a publication in the cycle that ends on it.

use crate::period::long_date;
use crate::vocab::Nation;
use jiff::ToSpan;
use jiff::civil::{Date, date};
use serde::Serialize;

/// What shows that a duty was met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Evidence {
    /// A published edition of the equality information.
    EqualityInformation,
    /// A published gender pay gap report.
    GenderPayGap,
    /// Equality objectives approved (the date of the latest approval).
    Objectives,
    /// A published progress report on the objectives (outcomes).
    ProgressReport,
}

impl Evidence {
    pub fn label(self) -> &'static str {
        match self {
            Evidence::EqualityInformation => "a published edition of the equality information",
            Evidence::GenderPayGap => "a published gender pay gap report",
            Evidence::Objectives => "equality objectives approved",
            Evidence::ProgressReport => "a published progress report",
        }
    }
}

/// How a duty's deadlines fall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Cycle {
    /// Due within `years` beginning with the last publication; the first by `first`.
    Rolling { first: Date, years: i16 },
    /// Due on `first` and every `years` after it; met by a publication in the cycle ending then.
    Fixed { first: Date, years: i16 },
}

/// One specific duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duty {
    pub key: &'static str,
    pub nation: Nation,
    pub title: &'static str,
    /// The regulation that sets it.
    pub source: &'static str,
    /// What must be published, in a sentence.
    pub what: &'static str,
    pub cycle: Cycle,
    /// The fewest employees a body must have for the duty to apply to it.
    pub min_employees: Option<i64>,
    pub evidence: Evidence,
}

const fn rolling(first: Date, years: i16) -> Cycle {
    Cycle::Rolling { first, years }
}

const fn fixed(first: Date, years: i16) -> Cycle {
    Cycle::Fixed { first, years }
}

/// Every duty Due Regard follows, for the three nations.
pub fn all() -> Vec<Duty> {
    use Evidence::*;
    use Nation::*;
    vec![
        Duty {
            key: "england-information",
            nation: England,
            title: "Publish equality information",
            source: "SI 2017/353, regulation 4 (first under SI 2011/2260)",
            what: "Information showing compliance with the general duty, about people affected by the body's policies and, for bodies with 150 or more employees, about its employees.",
            cycle: rolling(date(2012, 1, 31), 1),
            min_employees: None,
            evidence: EqualityInformation,
        },
        Duty {
            key: "england-objectives",
            nation: England,
            title: "Publish equality objectives",
            source: "SI 2017/353, regulation 5 (first under SI 2011/2260)",
            what: "One or more specific and measurable equality objectives.",
            cycle: rolling(date(2012, 4, 6), 4),
            min_employees: None,
            evidence: Objectives,
        },
        Duty {
            key: "england-gender-pay-gap",
            nation: England,
            title: "Publish gender pay gap information",
            source: "SI 2017/353, regulation 3 and schedule 1",
            what: "The six gender pay gap measures on the snapshot date of 31 March, within 12 months (by 30 March).",
            cycle: fixed(date(2018, 3, 30), 1),
            min_employees: Some(250),
            evidence: GenderPayGap,
        },
        Duty {
            key: "wales-annual-report",
            nation: Wales,
            title: "Publish the annual equality report",
            source: "SI 2011/1064, regulation 16",
            what: "A report on compliance for the year 1 April to 31 March, with the employment information, by the 31 March after it.",
            cycle: fixed(date(2013, 3, 31), 1),
            min_employees: None,
            evidence: EqualityInformation,
        },
        Duty {
            key: "wales-employment-information",
            nation: Wales,
            title: "Publish the employment information",
            source: "SI 2011/1064, regulations 9 and 16",
            what: "Each year, the staff by each protected characteristic (and men and women by job, grade, pay, contract and working pattern), with who applied, trained, raised grievances, faced discipline and left; in the annual report or on its own, by the 31 March after the year.",
            cycle: fixed(date(2013, 3, 31), 1),
            min_employees: None,
            evidence: EqualityInformation,
        },
        Duty {
            key: "wales-objectives",
            nation: Wales,
            title: "Publish and review equality objectives in a strategic equality plan",
            source: "SI 2011/1064, regulations 3, 4 and 14",
            what: "Equality objectives (with reasons where a protected characteristic has none), reviewed at least every four years.",
            cycle: rolling(date(2012, 4, 2), 4),
            min_employees: None,
            evidence: Objectives,
        },
        Duty {
            key: "scotland-mainstreaming",
            nation: Scotland,
            title: "Publish a mainstreaming report",
            source: "SSI 2012/162, regulations 3 and 6",
            what: "Progress in making the equality duty part of the body's functions, with the employee information.",
            cycle: fixed(date(2013, 4, 30), 2),
            min_employees: None,
            evidence: EqualityInformation,
        },
        Duty {
            key: "scotland-outcomes",
            nation: Scotland,
            title: "Publish equality outcomes",
            source: "SSI 2012/162, regulation 4",
            what: "A set of equality outcomes, set at least every four years.",
            cycle: fixed(date(2013, 4, 30), 4),
            min_employees: None,
            evidence: Objectives,
        },
        Duty {
            key: "scotland-outcomes-progress",
            nation: Scotland,
            title: "Report progress on the equality outcomes",
            source: "SSI 2012/162, regulation 4(4)",
            what: "A report on progress towards the equality outcomes every two years.",
            cycle: fixed(date(2015, 4, 30), 2),
            min_employees: None,
            evidence: ProgressReport,
        },
        Duty {
            key: "scotland-gender-pay-gap",
            nation: Scotland,
            title: "Publish the gender pay gap",
            source: "SSI 2012/162, regulation 7 (20 employees since SSI 2016/159)",
            what: "The percentage difference between men's and women's average hourly pay, excluding overtime, every two years.",
            cycle: fixed(date(2013, 4, 30), 2),
            min_employees: Some(20),
            evidence: GenderPayGap,
        },
        Duty {
            key: "scotland-equal-pay-statement",
            nation: Scotland,
            title: "Publish an equal pay statement",
            source: "SSI 2012/162, regulation 8 (20 employees since SSI 2016/159)",
            what: "The policy on equal pay between women and men (and, from the second statement, disabled and non-disabled people and people from minority ethnic groups and not) and the occupational segregation among staff, every four years. It goes with the published pay gap report.",
            cycle: fixed(date(2013, 4, 30), 4),
            min_employees: Some(20),
            evidence: GenderPayGap,
        },
    ]
}

/// The last day to publish objectives again after approving them on `approved_on`, by the
/// nation's rule: four years less a day in England and Wales (a rolling interval); in Scotland,
/// the next deadline of the fixed four-year cycle after the one the approval met.
pub fn objectives_refresh(nation: Nation, approved_on: Date) -> Option<Date> {
    let duty = all()
        .into_iter()
        .find(|d| d.nation == nation && d.evidence == Evidence::Objectives)?;
    match duty.cycle {
        Cycle::Rolling { years, .. } => Some(interval_end(approved_on, years)),
        Cycle::Fixed { first, years } => {
            let mut due = first;
            while due < approved_on {
                due = due.checked_add(years.years()).ok()?;
            }
            due.checked_add(years.years()).ok()
        }
    }
}

/// Where a duty stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Standing {
    Met,
    DueSoon,
    Overdue,
    NotApplicable,
}

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Standing::Met => "Met",
            Standing::DueSoon => "Due soon",
            Standing::Overdue => "Overdue",
            Standing::NotApplicable => "Not applicable",
        }
    }
}

/// How soon before a deadline a duty counts as due.
pub const DUE_SOON_DAYS: i32 = 90;

/// A duty as it applies to one body on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DutyStatus {
    pub duty: Duty,
    pub standing: Standing,
    /// The deadline now in view: the next one, or the one missed.
    pub due: Option<Date>,
    /// The publication that counts towards it, if any.
    pub evidence: Option<Date>,
    /// Why the duty applies, or why not, in words.
    pub why: String,
}

/// `day` plus `years`, a day earlier (the last day of an interval of `years` beginning then).
fn interval_end(day: Date, years: i16) -> Date {
    day.checked_add(years.years())
        .and_then(|d| d.checked_sub(1.day()))
        .unwrap_or(Date::MAX)
}

/// A duty's deadlines up to `until`, each with the publication that met it (which may be
/// after the deadline, if it was late): for a rolling duty, the first deadline and then one
/// interval on from each publication; for a fixed cycle, every deadline of the cycle, each met
/// by the first publication after the deadline before it not already counted.
pub fn deadlines(cycle: Cycle, dates: &[Date], until: Date) -> Vec<(Date, Option<Date>)> {
    let mut dates = dates.to_vec();
    dates.sort();
    let mut out = Vec::new();
    match cycle {
        Cycle::Rolling { first, years } => {
            let mut due = first;
            let mut last: Option<Date> = None;
            while due <= until {
                let met = dates.iter().copied().find(|d| last.is_none_or(|l| *d > l));
                out.push((due, met));
                let Some(d) = met else { break };
                last = Some(d);
                due = interval_end(d, years);
            }
        }
        Cycle::Fixed { first, years } => {
            let mut used = 0;
            let mut previous = Date::MIN;
            let mut due = first;
            while due <= until {
                // Earlier publications than the cycle's start do not count towards it.
                while used < dates.len() && dates[used] <= previous {
                    used += 1;
                }
                let met = dates.get(used).copied();
                if met.is_some() {
                    used += 1;
                }
                out.push((due, met));
                previous = due;
                match due.checked_add(years.years()) {
                    Ok(next) => due = next,
                    Err(_) => break,
                }
            }
        }
    }
    out
}

/// The deadline in view for a duty on `today`, with the publication that meets it: the last
/// deadline gone by, if it was missed and nothing has been published since (overdue), or else
/// the next deadline. Earlier cycles are history: the page says where the body stands now.
fn standing_for(cycle: Cycle, dates: &[Date], today: Date) -> (Standing, Date, Option<Date>) {
    let known: Vec<Date> = dates.iter().copied().filter(|d| *d <= today).collect();
    let horizon = today.checked_add(10.years()).unwrap_or(Date::MAX);
    let all = deadlines(cycle, &known, horizon);
    if let Some((due, None)) = all.iter().rev().find(|(due, _)| *due < today) {
        return (Standing::Overdue, *due, None);
    }
    let Some((due, met)) = all.iter().find(|(due, _)| *due >= today).copied() else {
        return (Standing::Met, today, known.last().copied());
    };
    let soon = today >= due.checked_sub(DUE_SOON_DAYS.days()).unwrap_or(Date::MIN);
    let standing = match met {
        Some(_) => Standing::Met,
        None if soon => Standing::DueSoon,
        None => Standing::Met,
    };
    // Where nothing has yet been published for the coming deadline, the evidence in view is
    // the last publication.
    (standing, due, met.or_else(|| known.last().copied()))
}

/// Every duty of `nation` as it stands for a body with `employees` on `today`, given the dates
/// each kind of evidence was published.
pub fn compliance(
    nation: Nation,
    employees: Option<i64>,
    evidence: &dyn Fn(Evidence) -> Vec<Date>,
    today: Date,
) -> Vec<DutyStatus> {
    all()
        .into_iter()
        .filter(|d| d.nation == nation)
        .map(|duty| {
            if let Some(min) = duty.min_employees {
                match employees {
                    Some(n) if n < min => {
                        return DutyStatus {
                            why: format!(
                                "It applies to bodies with {min} or more employees; this one has {n}."
                            ),
                            duty,
                            standing: Standing::NotApplicable,
                            due: None,
                            evidence: None,
                        };
                    }
                    None => {
                        let why = format!(
                            "It applies to bodies with {min} or more employees. Record the number of employees to be sure; until then it is treated as applying."
                        );
                        return status(duty, &evidence, today, why);
                    }
                    Some(n) => {
                        let why = format!(
                            "It applies to bodies with {min} or more employees, and this one has {n}."
                        );
                        return status(duty, &evidence, today, why);
                    }
                }
            }
            let why = format!(
                "It applies to every listed public body in {}.",
                nation.label()
            );
            status(duty, &evidence, today, why)
        })
        .collect()
}

fn status(
    duty: Duty,
    evidence: &dyn Fn(Evidence) -> Vec<Date>,
    today: Date,
    why: String,
) -> DutyStatus {
    let dates = evidence(duty.evidence);
    let (standing, due, met) = standing_for(duty.cycle, &dates, today);
    DutyStatus {
        duty,
        standing,
        due: Some(due),
        evidence: met,
        why,
    }
}

impl DutyStatus {
    /// "Next due by 30 March 2027", "Was due by 30 March 2026", or why it does not apply.
    pub fn describe(&self) -> String {
        match (self.standing, self.due) {
            (Standing::Overdue, Some(d)) => format!("Was due by {}", long_date(d)),
            (Standing::NotApplicable, _) | (_, None) => "Not applicable".to_string(),
            (_, Some(d)) => format!("Next due by {}", long_date(d)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cycle(key: &str) -> Cycle {
        all().into_iter().find(|d| d.key == key).unwrap().cycle
    }

    fn dues(list: &[(Date, Option<Date>)]) -> Vec<Date> {
        list.iter().map(|(d, _)| *d).collect()
    }

    #[test]
    fn english_objectives_roll_from_each_publication_as_seed_003_says() {
        // Seed 003: objectives agreed in April 2012 had to be refreshed by April 2016. Here
        // they are refreshed in March 2016, then late in June 2020, which moves every date on.
        let published = [date(2012, 4, 2), date(2016, 3, 15), date(2020, 6, 30)];
        let got = deadlines(cycle("england-objectives"), &published, date(2030, 12, 31));
        assert_eq!(
            got,
            [
                (date(2012, 4, 6), Some(date(2012, 4, 2))),
                (date(2016, 4, 1), Some(date(2016, 3, 15))),
                (date(2020, 3, 14), Some(date(2020, 6, 30))),
                (date(2024, 6, 29), None),
            ]
        );
    }

    #[test]
    fn english_information_is_due_a_year_less_a_day_after_the_last() {
        let published = [date(2012, 1, 20), date(2013, 1, 15), date(2014, 3, 1)];
        let got = deadlines(cycle("england-information"), &published, date(2030, 12, 31));
        assert_eq!(
            dues(&got),
            [
                date(2012, 1, 31),
                date(2013, 1, 19),
                date(2014, 1, 14),
                date(2015, 2, 28)
            ]
        );
        assert_eq!(got[2].1, Some(date(2014, 3, 1)), "met late");
    }

    #[test]
    fn fixed_cycles_fall_on_their_dates_from_2012_to_2030() {
        let years = |c: &str| -> Vec<i16> {
            deadlines(cycle(c), &[], date(2030, 12, 31))
                .iter()
                .map(|(d, _)| d.year())
                .collect()
        };
        assert_eq!(
            years("england-gender-pay-gap"),
            (2018..=2030).collect::<Vec<_>>()
        );
        assert_eq!(
            years("wales-annual-report"),
            (2013..=2030).collect::<Vec<_>>()
        );
        assert_eq!(
            years("scotland-mainstreaming"),
            [2013, 2015, 2017, 2019, 2021, 2023, 2025, 2027, 2029]
        );
        assert_eq!(years("scotland-outcomes"), [2013, 2017, 2021, 2025, 2029]);
        assert_eq!(
            years("scotland-outcomes-progress"),
            [2015, 2017, 2019, 2021, 2023, 2025, 2027, 2029]
        );
        assert_eq!(
            years("scotland-gender-pay-gap"),
            [2013, 2015, 2017, 2019, 2021, 2023, 2025, 2027, 2029]
        );
        let all = deadlines(cycle("england-gender-pay-gap"), &[], date(2030, 12, 31));
        assert!(
            all.iter().all(|(d, _)| (d.month(), d.day()) == (3, 30)),
            "30 March each year"
        );
        // A late report counts for the year it was late for, not the next.
        let late = deadlines(
            cycle("wales-annual-report"),
            &[date(2013, 3, 20), date(2014, 4, 10)],
            date(2015, 12, 31),
        );
        assert_eq!(
            late,
            [
                (date(2013, 3, 31), Some(date(2013, 3, 20))),
                (date(2014, 3, 31), Some(date(2014, 4, 10))),
                (date(2015, 3, 31), None),
            ]
        );
    }

    #[test]
    fn objectives_are_refreshed_by_each_nation_s_rule() {
        let approved = date(2021, 4, 20);
        assert_eq!(
            objectives_refresh(Nation::England, approved),
            Some(date(2025, 4, 19))
        );
        assert_eq!(
            objectives_refresh(Nation::Wales, approved),
            Some(date(2025, 4, 19))
        );
        // Scotland: the approval met the April 2021 outcomes; the next are due in April 2025.
        assert_eq!(
            objectives_refresh(Nation::Scotland, approved),
            Some(date(2025, 4, 30))
        );
        assert_eq!(
            objectives_refresh(Nation::Scotland, date(2021, 5, 3)),
            Some(date(2029, 4, 30)),
            "approved after the 2021 deadline, it counts towards 2025"
        );
    }

    #[test]
    fn a_body_sees_each_duty_met_due_soon_overdue_or_not_applicable() {
        let today = date(2026, 12, 2);
        let evidence = |e: Evidence| match e {
            Evidence::EqualityInformation => vec![date(2026, 1, 10)],
            Evidence::Objectives => vec![date(2021, 3, 1), date(2025, 2, 1)],
            Evidence::GenderPayGap => vec![date(2025, 3, 1)],
            Evidence::ProgressReport => vec![],
        };
        let big = compliance(Nation::England, Some(300), &evidence, today);
        let by =
            |k: &str, list: &[DutyStatus]| list.iter().find(|s| s.duty.key == k).unwrap().clone();
        let info = by("england-information", &big);
        assert_eq!(
            (info.standing, info.due),
            (Standing::DueSoon, Some(date(2027, 1, 9)))
        );
        assert_eq!(info.describe(), "Next due by 9 January 2027");
        let objectives = by("england-objectives", &big);
        assert_eq!(
            (objectives.standing, objectives.due),
            (Standing::Met, Some(date(2029, 1, 31)))
        );
        // The 2025 report met the March 2025 deadline; nothing came for March 2026.
        let gap = by("england-gender-pay-gap", &big);
        assert_eq!(
            (gap.standing, gap.due),
            (Standing::Overdue, Some(date(2026, 3, 30)))
        );
        assert_eq!(gap.describe(), "Was due by 30 March 2026");
        let small = compliance(Nation::England, Some(120), &evidence, today);
        let gap = by("england-gender-pay-gap", &small);
        assert_eq!(gap.standing, Standing::NotApplicable);
        assert!(gap.why.contains("250 or more employees; this one has 120"));
        // Welsh and Scottish bodies are held to their own nation's duties.
        let welsh = compliance(Nation::Wales, Some(300), &evidence, today);
        assert!(welsh.iter().all(|s| s.duty.nation == Nation::Wales));
        assert_eq!(welsh.len(), 3);
        assert!(
            welsh
                .iter()
                .any(|s| s.duty.key == "wales-employment-information")
        );
        let scottish = compliance(Nation::Scotland, Some(25), &evidence, today);
        assert_eq!(
            by("scotland-gender-pay-gap", &scottish).standing,
            Standing::Overdue
        );
        // A body's only pay gap report (2025) counts, late, towards its first equal pay
        // statement (April 2013); the 2017, 2021 and 2025 statements are missing, so the April
        // 2025 deadline of the four-year cycle shows as missed.
        let statement = by("scotland-equal-pay-statement", &scottish);
        assert_eq!(
            (statement.standing, statement.due),
            (Standing::Overdue, Some(date(2025, 4, 30)))
        );
        let tiny = compliance(Nation::Scotland, Some(12), &evidence, today);
        assert_eq!(
            by("scotland-gender-pay-gap", &tiny).standing,
            Standing::NotApplicable
        );
        assert_eq!(
            by("scotland-equal-pay-statement", &tiny).standing,
            Standing::NotApplicable
        );
    }
}
