//! Performance indicators: a measure with its definition, unit and polarity, its baseline and a
//! target for each period, and the thresholds that make a period red, amber or green. Values are
//! kept per period, for the whole body and by group, always with the counts behind each rate so
//! that disclosure control can judge them (values.rs).

pub mod values;

use crate::validate::{self, LONG_TEXT, SHORT_TEXT, ValidationErrors};
use crate::vocab::vocabulary;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// What a value is.
    Unit {
        Percent => ("percent", "Percentage"),
        PerThousand => ("per_thousand", "Rate per 1,000"),
        Count => ("count", "Number"),
    }
);

vocabulary!(
    /// Which way is better.
    Polarity {
        HigherIsBetter => ("higher_is_better", "Higher is better"),
        LowerIsBetter => ("lower_is_better", "Lower is better"),
    }
);

vocabulary!(
    /// How often a value is expected.
    Frequency {
        Monthly => ("monthly", "Monthly"),
        Quarterly => ("quarterly", "Quarterly"),
        SixMonthly => ("six_monthly", "Every six months"),
        Yearly => ("yearly", "Yearly"),
    }
);

vocabulary!(
    /// How a period's value stands against its target. The words are shown with the colour.
    Rag {
        Green => ("green", "Green: on target"),
        Amber => ("amber", "Amber: close to target"),
        Red => ("red", "Red: off target"),
    }
);

vocabulary!(
    /// Where the values come from.
    Source {
        Entered => ("entered", "Entered by hand or from a spreadsheet"),
        AssessmentsOnTime => ("assessments_on_time", "Worked out by Due Regard: decisions whose impact assessments were approved before the decision"),
        HateIncidents => ("hate_incidents", "Worked out by Due Regard: hate crimes and incidents recorded, all motivations"),
        TrainingCoverage => ("training_coverage", "Worked out by Due Regard: the share of the people a training course is for who hold it"),
        WorkforceShare => ("workforce_share", "Worked out by Due Regard: a group's share of the workforce, from each snapshot's published profile"),
        ConsultationReach => ("consultation_reach", "Worked out by Due Regard: a group's share of each consultation's respondents"),
    }
);

/// A value for a period, named by the day the period ends: a target or the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PeriodValue {
    pub period: Date,
    pub value: f64,
}

impl Eq for PeriodValue {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IndicatorFields {
    pub title: String,
    /// What is counted and how, so that two people would work it out the same way.
    pub definition: String,
    pub unit: Unit,
    pub polarity: Polarity,
    pub frequency: Frequency,
    #[serde(default = "entered")]
    pub source: Source,
    #[serde(default)]
    pub baseline: Option<PeriodValue>,
    #[serde(default)]
    pub targets: Vec<PeriodValue>,
    /// How far short of the target (in the indicator's unit) a value may fall and still be
    /// green. Zero: only on or better than target is green.
    #[serde(default)]
    pub green_within: f64,
    /// How far short of the target a value may fall and be amber rather than red.
    pub amber_within: f64,
    #[serde(default)]
    pub objective_ids: Vec<i64>,
    #[serde(default)]
    pub action_ids: Vec<i64>,
    #[serde(default)]
    pub outcome_ids: Vec<i64>,
    /// Shown on the public site, after disclosure control.
    #[serde(default)]
    pub public: bool,
    /// The course whose coverage it follows, for training coverage.
    #[serde(default)]
    pub course_id: Option<i64>,
    /// The group whose share it follows, for workforce shares and consultation reach.
    #[serde(default)]
    pub group: Option<values::Group>,
}

impl Eq for IndicatorFields {}

fn entered() -> Source {
    Source::Entered
}

pub type Indicator = crate::record::Record<IndicatorFields>;

/// The raw values of the form.
#[derive(Debug, Clone, Default)]
pub struct IndicatorForm {
    pub title: String,
    pub definition: String,
    pub unit: String,
    pub polarity: String,
    pub frequency: String,
    pub source: String,
    /// "2024-03-31: 61.5"
    pub baseline: String,
    /// One a line: "2025-03-31: 65".
    pub targets: String,
    pub green_within: String,
    pub amber_within: String,
    pub objective_ids: Vec<String>,
    pub action_ids: Vec<String>,
    pub outcome_ids: Vec<String>,
    pub public: bool,
    pub course_id: String,
    /// "disability:0": a characteristic's key and a category's code.
    pub group: String,
}

/// The largest number a value, target or threshold may be.
const LARGEST: f64 = 1_000_000_000.0;

fn number(raw: &str) -> Option<f64> {
    let v: f64 = raw.trim().trim_end_matches('%').trim().parse().ok()?;
    (v.is_finite() && v.abs() <= LARGEST).then_some(v)
}

/// Reads "2025-03-31: 65" (a colon or a comma between them).
fn period_value(line: &str) -> Option<PeriodValue> {
    let (d, v) = line
        .split_once(':')
        .or_else(|| line.split_once(','))
        .or_else(|| line.split_once('='))?;
    let period: Date = d.trim().parse().ok()?;
    Some(PeriodValue {
        period,
        value: number(v)?,
    })
}

impl IndicatorFields {
    pub fn validate(form: &IndicatorForm) -> Result<IndicatorFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let title = validate::required(&mut e, "title", "a title", &form.title, SHORT_TEXT);
        let definition = validate::required(
            &mut e,
            "definition",
            "how it is worked out",
            &form.definition,
            LONG_TEXT,
        );
        let unit = Unit::from_key(form.unit.trim());
        if unit.is_none() {
            e.add("unit", "Select what the value is");
        }
        let polarity = Polarity::from_key(form.polarity.trim());
        if polarity.is_none() {
            e.add("polarity", "Select whether higher or lower is better");
        }
        let frequency = Frequency::from_key(form.frequency.trim());
        if frequency.is_none() {
            e.add("frequency", "Select how often there is a value");
        }
        let source = match form.source.trim() {
            "" => Some(Source::Entered),
            k => Source::from_key(k),
        };
        if source.is_none() {
            e.add("source", "Select where the values come from");
        }
        let baseline = match form.baseline.trim() {
            "" => None,
            l => match period_value(l) {
                Some(b) => Some(b),
                None => {
                    e.add(
                        "baseline",
                        "Write the baseline as the day its period ended, a colon and the value, like 2024-03-31: 61.5",
                    );
                    None
                }
            },
        };
        let mut targets: Vec<PeriodValue> = Vec::new();
        for (n, l) in form
            .targets
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .enumerate()
        {
            match period_value(l) {
                Some(t) if targets.iter().any(|x| x.period == t.period) => e.add(
                    "targets",
                    format!("Line {}: there is already a target for {}", n + 1, t.period),
                ),
                Some(t) => targets.push(t),
                None => e.add(
                    "targets",
                    format!(
                        "Line {}: write the day the period ends, a colon and the target, like 2025-03-31: 65",
                        n + 1
                    ),
                ),
            }
        }
        targets.sort_by_key(|t| t.period);
        let margin = |e: &mut ValidationErrors, field: &str, raw: &str, what: &str| match raw.trim()
        {
            "" => Some(0.0),
            v => match number(v) {
                Some(m) if m >= 0.0 => Some(m),
                _ => {
                    e.add(
                        field,
                        format!("Enter {what} as a number of zero or more, like 2.5"),
                    );
                    None
                }
            },
        };
        let green_within = margin(
            &mut e,
            "green_within",
            &form.green_within,
            "how far short of target is still green",
        );
        let amber_within = margin(
            &mut e,
            "amber_within",
            &form.amber_within,
            "how far short of target is amber",
        );
        if let (Some(g), Some(a)) = (green_within, amber_within)
            && a < g
        {
            e.add(
                "amber_within",
                "The amber threshold must be at least as far from the target as the green one",
            );
        }
        match (source, unit) {
            (Some(Source::AssessmentsOnTime), Some(u)) if u != Unit::Percent => {
                e.add("unit", "Decisions with their assessment approved first are a percentage: select Percentage")
            }
            (Some(Source::HateIncidents), Some(u)) if u != Unit::Count => {
                e.add("unit", "Hate crimes and incidents are a number: select Number")
            }
            (
                Some(Source::TrainingCoverage | Source::WorkforceShare | Source::ConsultationReach),
                Some(u),
            ) if u != Unit::Percent => e.add("unit", "A share is a percentage: select Percentage"),
            _ => {}
        }
        let course_id = match form.course_id.trim() {
            "" => None,
            v => match v.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    e.add("course_id", "Choose a course from the list");
                    None
                }
            },
        };
        if source == Some(Source::TrainingCoverage) && course_id.is_none() {
            e.add("course_id", "Choose the course whose coverage it follows");
        }
        let group = match form.group.trim() {
            "" => None,
            raw => match values::Group::from_key(raw) {
                Some(g) => Some(g),
                None => {
                    e.add("group", "Choose a group from the list");
                    None
                }
            },
        };
        if matches!(
            source,
            Some(Source::WorkforceShare | Source::ConsultationReach)
        ) && group.is_none()
        {
            e.add("group", "Choose the group whose share it follows");
        }
        let objective_ids = validate::ids(&mut e, "objective_ids", &form.objective_ids);
        let action_ids = validate::ids(&mut e, "action_ids", &form.action_ids);
        let outcome_ids = validate::ids(&mut e, "outcome_ids", &form.outcome_ids);
        match (
            unit,
            polarity,
            frequency,
            source,
            green_within,
            amber_within,
        ) {
            (Some(unit), Some(polarity), Some(frequency), Some(source), Some(g), Some(a))
                if e.is_empty() =>
            {
                Ok(IndicatorFields {
                    title,
                    definition,
                    unit,
                    polarity,
                    frequency,
                    source,
                    baseline,
                    targets,
                    green_within: g,
                    amber_within: a,
                    objective_ids,
                    action_ids,
                    outcome_ids,
                    public: form.public,
                    course_id: course_id.filter(|_| source == Source::TrainingCoverage),
                    group: group.filter(|_| {
                        matches!(source, Source::WorkforceShare | Source::ConsultationReach)
                    }),
                })
            }
            _ => Err(e),
        }
    }

    pub fn to_form(&self) -> IndicatorForm {
        let line = |p: &PeriodValue| format!("{}: {}", p.period, p.value);
        let ids = |v: &[i64]| v.iter().map(i64::to_string).collect();
        IndicatorForm {
            title: self.title.clone(),
            definition: self.definition.clone(),
            unit: self.unit.key().into(),
            polarity: self.polarity.key().into(),
            frequency: self.frequency.key().into(),
            source: self.source.key().into(),
            baseline: self.baseline.as_ref().map(line).unwrap_or_default(),
            targets: self.targets.iter().map(line).collect::<Vec<_>>().join("\n"),
            green_within: self.green_within.to_string(),
            amber_within: self.amber_within.to_string(),
            objective_ids: ids(&self.objective_ids),
            action_ids: ids(&self.action_ids),
            outcome_ids: ids(&self.outcome_ids),
            public: self.public,
            course_id: self.course_id.map(|c| c.to_string()).unwrap_or_default(),
            group: self.group.map(|g| g.key()).unwrap_or_default(),
        }
    }

    /// The target for the period ending on `period`, if one is set.
    pub fn target_for(&self, period: Date) -> Option<f64> {
        self.targets
            .iter()
            .find(|t| t.period == period)
            .map(|t| t.value)
    }

    /// How `value` stands against `target`: green when it falls short by no more than
    /// `green_within`, amber by no more than `amber_within`, red otherwise. "Short" follows the
    /// polarity, and a value exactly on a threshold takes the better colour.
    pub fn rag(&self, value: f64, target: f64) -> Rag {
        let short = match self.polarity {
            Polarity::HigherIsBetter => target - value,
            Polarity::LowerIsBetter => value - target,
        };
        // Values and thresholds are typed to a few decimal places; compare at that precision so
        // that 59.9 against a target of 62 with 2.1 to spare is amber, not red by a rounding error.
        let short = (short * 1e6).round() / 1e6;
        if short <= self.green_within {
            Rag::Green
        } else if short <= self.amber_within {
            Rag::Amber
        } else {
            Rag::Red
        }
    }

    /// A value written in its unit: "61.5%", "3.2 per 1,000", "42".
    pub fn show(&self, value: f64) -> String {
        self.unit.show(value)
    }
}

impl Unit {
    pub fn show(self, value: f64) -> String {
        let v = trim(value);
        match self {
            Unit::Percent => format!("{v}%"),
            Unit::PerThousand => format!("{v} per 1,000"),
            Unit::Count => v,
        }
    }

    /// The unit after a number on a chart.
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::PerThousand => " per 1,000",
            Unit::Count => "",
        }
    }

    /// What a difference between two values is called: percentage points for percentages.
    pub fn gap(self, gap: f64) -> String {
        let v = trim(gap);
        match self {
            Unit::Percent => format!("{v} percentage points"),
            Unit::PerThousand => format!("{v} per 1,000"),
            Unit::Count => v,
        }
    }
}

/// One decimal place, without a trailing ".0".
fn trim(v: f64) -> String {
    let s = format!("{:.1}", (v * 10.0).round() / 10.0);
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests;
