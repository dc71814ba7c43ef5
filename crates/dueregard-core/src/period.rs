//! Periods of time the duty runs on: financial years (April to March) and reporting periods.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// An inclusive span of days, such as a plan's financial year or a six-monthly monitoring period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

impl Period {
    /// A period from `start` to `end` inclusive; `None` when `end` is before `start`.
    pub fn new(start: Date, end: Date) -> Option<Period> {
        (start <= end).then_some(Period { start, end })
    }

    pub fn contains(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }

    /// "April 2013 to March 2014", the way plans and reports name their periods.
    pub fn describe(&self) -> String {
        format!("{} to {}", month_year(self.start), month_year(self.end))
    }

    /// The reporting period of `months` months, counted from this period's start, that holds
    /// `day`. Plans are monitored six-monthly by default (seed 000 §2.13), so a 2013/14 plan has
    /// April–September and October–March periods.
    pub fn reporting_period(&self, day: Date, months: i8) -> Option<Period> {
        if !self.contains(day) || months <= 0 {
            return None;
        }
        let mut start = self.start;
        loop {
            let next = start.checked_add((months as i32).months()).ok()?;
            let end = next.checked_sub(1.day()).ok()?.min(self.end);
            if day <= end {
                return Some(Period { start, end });
            }
            start = next;
        }
    }
}

/// A UK public sector financial year, 1 April to 31 March, named like "2013/14".
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(try_from = "String", into = "String")]
pub struct FinancialYear {
    start_year: i16,
}

impl FinancialYear {
    pub fn new(start_year: i16) -> Option<FinancialYear> {
        (1900..=2200)
            .contains(&start_year)
            .then_some(FinancialYear { start_year })
    }

    pub fn start_year(self) -> i16 {
        self.start_year
    }

    /// Reads "2013/14", "2013-14" or "2013/2014". The second year must follow the first.
    pub fn parse(text: &str) -> Option<FinancialYear> {
        let text = text.trim();
        let (first, second) = text.split_once(['/', '-', '–'])?;
        let start: i16 = first.trim().parse().ok()?;
        let second = second.trim();
        let follows = match second.len() {
            2 => second.parse::<i16>().ok()? == (start + 1) % 100,
            4 => second.parse::<i16>().ok()? == start + 1,
            _ => false,
        };
        if follows {
            FinancialYear::new(start)
        } else {
            None
        }
    }

    /// The financial year that holds `day`.
    pub fn containing(day: Date) -> FinancialYear {
        let year = if day.month() >= 4 {
            day.year()
        } else {
            day.year() - 1
        };
        FinancialYear { start_year: year }
    }

    pub fn period(self) -> Period {
        // Both dates are valid for every year `new` accepts, so the fallbacks never run.
        let start = Date::new(self.start_year, 4, 1).unwrap_or(Date::MIN);
        let end = Date::new(self.start_year + 1, 3, 31).unwrap_or(Date::MAX);
        Period { start, end }
    }

    pub fn label(self) -> String {
        format!("{}/{:02}", self.start_year, (self.start_year + 1) % 100)
    }
}

impl std::fmt::Display for FinancialYear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label())
    }
}

impl TryFrom<String> for FinancialYear {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        FinancialYear::parse(&value)
            .ok_or_else(|| format!("'{value}' is not a financial year like 2013/14"))
    }
}

impl From<FinancialYear> for String {
    fn from(value: FinancialYear) -> String {
        value.label()
    }
}

pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "June 2013".
pub fn month_year(day: Date) -> String {
    format!("{} {}", MONTH_NAMES[(day.month() - 1) as usize], day.year())
}

/// "30 June 2013", the GOV.UK date style.
pub fn long_date(day: Date) -> String {
    format!("{} {}", day.day(), month_year(day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn financial_years_parse_in_every_common_spelling() {
        for text in ["2013/14", "2013-14", "2013/2014", " 2013 / 14 "] {
            assert_eq!(
                FinancialYear::parse(text).map(|f| f.start_year()),
                Some(2013),
                "{text}"
            );
        }
        assert_eq!(FinancialYear::parse("2013/15"), None);
        assert_eq!(
            FinancialYear::parse("1999/00").map(|f| f.label()),
            Some("1999/00".into())
        );
        let p = FinancialYear::parse("2013/14").map(|f| f.period());
        assert_eq!(
            p,
            Some(Period {
                start: date(2013, 4, 1),
                end: date(2014, 3, 31)
            })
        );
        assert_eq!(
            FinancialYear::containing(date(2014, 3, 31)).label(),
            "2013/14"
        );
        assert_eq!(
            FinancialYear::containing(date(2014, 4, 1)).label(),
            "2014/15"
        );
    }

    #[test]
    fn six_monthly_periods_split_the_year_at_september() {
        let fy = FinancialYear::parse("2013/14").map(|f| f.period());
        let Some(fy) = fy else { panic!("parses") };
        let h1 = fy.reporting_period(date(2013, 9, 30), 6);
        assert_eq!(
            h1,
            Some(Period {
                start: date(2013, 4, 1),
                end: date(2013, 9, 30)
            })
        );
        let h2 = fy.reporting_period(date(2013, 10, 1), 6);
        assert_eq!(
            h2,
            Some(Period {
                start: date(2013, 10, 1),
                end: date(2014, 3, 31)
            })
        );
        assert_eq!(fy.reporting_period(date(2014, 4, 1), 6), None);
        assert_eq!(
            h2.map(|p| p.describe()),
            Some("October 2013 to March 2014".into())
        );
    }
}
