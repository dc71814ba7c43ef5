//! The cultural and civic dates calendar (seed 004, CE4): religious festivals, awareness days
//! and months, and civic days, so that consultations and events avoid them and services mark
//! them. Dates that move each year are worked out where a published rule exists (Easter by the
//! Gregorian and Julian computus; the Jewish festivals from the fixed arithmetic of the Hebrew
//! calendar); the rest are given for each year as published in advance.

use crate::validate::{self, LONG_TEXT, SHORT_TEXT, ValidationErrors};
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

crate::vocab::vocabulary!(
    /// What kind of date it is.
    CivicKind {
        Religious => ("religious", "Religious festival"),
        Awareness => ("awareness", "Awareness day, week or month"),
        Civic => ("civic", "Civic or national day"),
    }
);

crate::vocab::vocabulary!(
    /// Festivals whose date is worked out each year.
    Festival {
        Easter => ("easter", "Easter Sunday"),
        OrthodoxEaster => ("orthodox_easter", "Orthodox Easter Sunday"),
        Passover => ("passover", "the first day of Passover"),
        RoshHashanah => ("rosh_hashanah", "Rosh Hashanah"),
        YomKippur => ("yom_kippur", "Yom Kippur"),
        Hanukkah => ("hanukkah", "the first day of Hanukkah"),
    }
);

/// How a date falls each year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DateRule {
    /// The same day each year: 27 January.
    Fixed { month: i8, day: i8 },
    /// The same days each year, from one day to another (a month, or 16 November to 16 December).
    Span {
        from_month: i8,
        from_day: i8,
        to_month: i8,
        to_day: i8,
    },
    /// The nth weekday of a month (`nth` 1 to 4, or -1 for the last): Remembrance Sunday is the
    /// second Sunday of November.
    Weekday { month: i8, weekday: u8, nth: i8 },
    /// Worked out each year.
    Computed(Festival),
    /// Given for each year, as published in advance.
    Dates(Vec<Date>),
}

impl DateRule {
    /// When it falls in `year`: its first and last day, if it falls that year.
    pub fn in_year(&self, year: i16) -> Option<(Date, Date)> {
        let day = |m: i8, d: i8| Date::new(year, m, d).ok();
        match self {
            DateRule::Fixed { month, day: d } => day(*month, *d).map(|x| (x, x)),
            DateRule::Span {
                from_month,
                from_day,
                to_month,
                to_day,
            } => Some((day(*from_month, *from_day)?, day(*to_month, *to_day)?))
                .filter(|(a, b)| a <= b),
            DateRule::Weekday {
                month,
                weekday,
                nth,
            } => {
                let wd = Weekday::from_monday_one_offset(*weekday as i8).ok()?;
                let first = day(*month, 1)?;
                let found = if *nth < 0 {
                    first.last_of_month().nth_weekday_of_month(-1, wd).ok()?
                } else {
                    first.nth_weekday_of_month(*nth, wd).ok()?
                };
                Some((found, found))
            }
            DateRule::Computed(f) => f.in_year(year).map(|d| (d, d)),
            DateRule::Dates(dates) => dates.iter().find(|d| d.year() == year).map(|d| (*d, *d)),
        }
    }

    /// In words: "27 January each year", "worked out each year: Easter Sunday".
    pub fn describe(&self) -> String {
        let month = |m: i8| {
            Date::new(2001, m, 1)
                .map(|d| d.strftime("%B").to_string())
                .unwrap_or_default()
        };
        match self {
            DateRule::Fixed { month: m, day } => format!("{day} {} each year", month(*m)),
            DateRule::Span {
                from_month,
                from_day,
                to_month,
                to_day,
            } => format!(
                "{from_day} {} to {to_day} {} each year",
                month(*from_month),
                month(*to_month)
            ),
            DateRule::Weekday {
                month: m,
                weekday,
                nth,
            } => {
                let which = match nth {
                    1 => "first",
                    2 => "second",
                    3 => "third",
                    4 => "fourth",
                    _ => "last",
                };
                let day = Weekday::from_monday_one_offset(*weekday as i8)
                    .map(|w| format!("{w:?}"))
                    .unwrap_or_default();
                format!("The {which} {day} of {} each year", month(*m))
            }
            DateRule::Computed(f) => format!("Worked out each year: {}", f.label()),
            DateRule::Dates(dates) => format!(
                "On dates given for each year ({})",
                dates
                    .iter()
                    .map(|d| d.year().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

impl Festival {
    pub fn in_year(self, year: i16) -> Option<Date> {
        match self {
            Festival::Easter => gregorian_easter(year),
            Festival::OrthodoxEaster => orthodox_easter(year),
            Festival::RoshHashanah => rosh_hashanah(year),
            Festival::YomKippur => rosh_hashanah(year)?.checked_add(9.days()).ok(),
            // Nisan 15 to Tishri 1 is always 163 days: the months between have fixed lengths.
            Festival::Passover => rosh_hashanah(year)?.checked_sub(163.days()).ok(),
            Festival::Hanukkah => hanukkah(year),
        }
    }
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm).
pub fn gregorian_easter(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, month as i8, day as i8).ok()
}

/// Orthodox Easter: the Julian computus, moved to the Gregorian calendar (13 days, 1900–2099).
pub fn orthodox_easter(year: i16) -> Option<Date> {
    let y = i32::from(year);
    if !(1900..=2099).contains(&y) {
        return None;
    }
    let a = y % 4;
    let b = y % 7;
    let c = y % 19;
    let d = (19 * c + 15) % 30;
    let e = (2 * a + 4 * b - d + 34) % 7;
    let month = (d + e + 114) / 31;
    let day = (d + e + 114) % 31 + 1;
    Date::new(year, month as i8, day as i8)
        .ok()?
        .checked_add(13.days())
        .ok()
}

/// Days from the Hebrew epoch to Rosh Hashanah of Hebrew year `y`, with the postponement that
/// keeps it off Sunday, Wednesday and Friday (the molad arithmetic, in parts of an hour).
fn hebrew_elapsed_days(y: i64) -> i64 {
    let months = (235 * y - 234).div_euclid(19);
    let parts = 12084 + 13753 * months;
    let day = 29 * months + parts.div_euclid(25920);
    if (3 * (day + 1)).rem_euclid(7) < 3 {
        day + 1
    } else {
        day
    }
}

/// Further postponements that keep every year a permitted length.
fn hebrew_new_year_delay(y: i64) -> i64 {
    let (ny0, ny1, ny2) = (
        hebrew_elapsed_days(y - 1),
        hebrew_elapsed_days(y),
        hebrew_elapsed_days(y + 1),
    );
    if ny2 - ny1 == 356 {
        2
    } else if ny1 - ny0 == 382 {
        1
    } else {
        0
    }
}

/// Rosh Hashanah of Hebrew year `y`, as a day count from 1 January of year 1 (day 1).
fn hebrew_new_year(y: i64) -> i64 {
    // Tishri 1 of year 1 (7 October 3761 BCE, Julian) is day -1373427, counting 1 January of
    // year 1 (Gregorian) as day 1.
    -1_373_427 + hebrew_elapsed_days(y) + hebrew_new_year_delay(y)
}

fn from_day_count(n: i64) -> Option<Date> {
    Date::new(1, 1, 1).ok()?.checked_add((n - 1).days()).ok()
}

/// Rosh Hashanah falling in the Gregorian `year` (the Hebrew year `year + 3761`).
pub fn rosh_hashanah(year: i16) -> Option<Date> {
    from_day_count(hebrew_new_year(i64::from(year) + 3761))
}

/// The first day of Hanukkah, 25 Kislev, in the Gregorian `year`: Tishri has 30 days and
/// Cheshvan 29, or 30 in a "complete" year of 355 or 385 days.
pub fn hanukkah(year: i16) -> Option<Date> {
    let y = i64::from(year) + 3761;
    let length = hebrew_new_year(y + 1) - hebrew_new_year(y);
    let cheshvan = if length % 10 == 5 { 30 } else { 29 };
    from_day_count(hebrew_new_year(y) + 30 + cheshvan + 24)
}

crate::vocab::vocabulary!(
    /// What a calendar feed holds.
    FeedKind {
        Deadlines => ("deadlines", "The organisation's statutory deadlines"),
        MyUpdates => ("my_updates", "When your progress updates are due"),
        Reviews => ("reviews", "Impact assessment review dates"),
        Meetings => ("meetings", "Meetings of committees"),
        CivicDates => ("civic_dates", "Cultural and civic dates"),
    }
);

/// A calendar feed at a secret address; only the hash of its token is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarFeed {
    pub id: i64,
    pub org_id: i64,
    pub user_id: i64,
    pub kind: FeedKind,
    /// Seconds since 1970.
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// A date in the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CivicDateFields {
    pub name: String,
    pub kind: CivicKind,
    pub rule: DateRule,
    /// A major festival or day: a consultation or event planned on it gets a warning.
    pub major: bool,
    #[serde(default)]
    pub notes: Option<String>,
}

pub type CivicDate = crate::record::Record<CivicDateFields>;

impl CivicDateFields {
    /// Checks a date as typed. `rule` is "fixed" (`day`, `month`), "span" (`day`, `month`,
    /// `to_day`, `to_month`) or "dates" (one YYYY-MM-DD a line); `kept` is the rule a date worked
    /// out some other way keeps when it is edited.
    #[allow(clippy::too_many_arguments)]
    pub fn validate(
        name: &str,
        kind: &str,
        major: bool,
        notes: &str,
        rule: &str,
        numbers: [&str; 4],
        dates: &str,
        kept: Option<DateRule>,
    ) -> Result<CivicDateFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = validate::required(&mut e, "name", "the name of the date", name, SHORT_TEXT);
        let notes = validate::optional(&mut e, "notes", "notes", notes, LONG_TEXT);
        let kind = CivicKind::from_key(kind);
        if kind.is_none() {
            e.add("kind", "Select what kind of date it is");
        }
        let number = |e: &mut ValidationErrors, field: &str, text: &str, max: i8| -> i8 {
            match text.trim().parse::<i8>() {
                Ok(n) if (1..=max).contains(&n) => n,
                _ => {
                    e.add(field, format!("Enter a number from 1 to {max}"));
                    1
                }
            }
        };
        let rule = match (rule, kept) {
            ("fixed", _) => {
                let day = number(&mut e, "day", numbers[0], 31);
                let month = number(&mut e, "month", numbers[1], 12);
                Some(DateRule::Fixed { month, day })
            }
            ("span", _) => {
                let r = DateRule::Span {
                    from_day: number(&mut e, "day", numbers[0], 31),
                    from_month: number(&mut e, "month", numbers[1], 12),
                    to_day: number(&mut e, "to_day", numbers[2], 31),
                    to_month: number(&mut e, "to_month", numbers[3], 12),
                };
                if e.is_empty() && r.in_year(2027).is_none() {
                    e.add(
                        "to_day",
                        "The last day must be a real day on or after the first, in the same year",
                    );
                }
                Some(r)
            }
            ("dates", _) => {
                let mut list = Vec::new();
                for line in dates.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    match validate::optional_date(&mut e, "dates", "each date", line) {
                        Some(d) if !list.contains(&d) => list.push(d),
                        _ => {}
                    }
                }
                if list.is_empty() && e.for_field("dates").is_none() {
                    e.add("dates", "Enter at least one date, as year-month-day");
                }
                list.sort();
                Some(DateRule::Dates(list))
            }
            (_, Some(kept)) => Some(kept),
            _ => {
                e.add("rule", "Select how the date falls each year");
                None
            }
        };
        match (kind, rule) {
            (Some(kind), Some(rule)) if e.is_empty() => Ok(CivicDateFields {
                name,
                kind,
                rule,
                major,
                notes,
            }),
            _ => Err(e),
        }
    }
}

/// Each date that falls on `day`.
pub fn falling_on(dates: &[CivicDate], day: Date) -> Vec<&CivicDate> {
    dates
        .iter()
        .filter(|d| {
            d.fields
                .rule
                .in_year(day.year())
                .is_some_and(|(a, b)| a <= day && day <= b)
        })
        .collect()
}

fn dates(list: &[(i16, i8, i8)]) -> DateRule {
    DateRule::Dates(
        list.iter()
            .filter_map(|(y, m, d)| Date::new(*y, *m, *d).ok())
            .collect(),
    )
}

/// The standard calendar a body starts from, which its equality lead then edits. Dates that
/// follow the moon are as published in advance for 2025 to 2030; Islamic dates may move by a day
/// when the new moon is sighted.
pub fn standard() -> Vec<CivicDateFields> {
    use CivicKind::*;
    let f = |name: &str, kind, rule, major, notes: &str| CivicDateFields {
        name: name.into(),
        kind,
        rule,
        major,
        notes: (!notes.is_empty()).then(|| notes.to_string()),
    };
    let fixed = |month, day| DateRule::Fixed { month, day };
    let span = |from_month, from_day, to_month, to_day| DateRule::Span {
        from_month,
        from_day,
        to_month,
        to_day,
    };
    let moon = "The date depends on the sighting of the moon and may move by a day.";
    vec![
        f("Holocaust Memorial Day", Civic, fixed(1, 27), false, ""),
        f(
            "LGBT+ History Month",
            Awareness,
            span(2, 1, 2, 28),
            false,
            "Runs to the end of February.",
        ),
        f(
            "International Women's Day",
            Awareness,
            fixed(3, 8),
            false,
            "",
        ),
        f(
            "Easter Sunday",
            Religious,
            DateRule::Computed(Festival::Easter),
            true,
            "",
        ),
        f(
            "Orthodox Easter",
            Religious,
            DateRule::Computed(Festival::OrthodoxEaster),
            true,
            "",
        ),
        f(
            "Passover (first day)",
            Religious,
            DateRule::Computed(Festival::Passover),
            true,
            "Begins at sunset the evening before.",
        ),
        f("Vaisakhi", Religious, fixed(4, 14), true, ""),
        f("Pride Month", Awareness, span(6, 1, 6, 30), false, ""),
        f(
            "Gypsy, Roma and Traveller History Month",
            Awareness,
            span(6, 1, 6, 30),
            false,
            "",
        ),
        f("Windrush Day", Civic, fixed(6, 22), false, ""),
        f(
            "Armed Forces Day",
            Civic,
            DateRule::Weekday {
                month: 6,
                weekday: 6,
                nth: -1,
            },
            false,
            "",
        ),
        f(
            "South Asian Heritage Month",
            Awareness,
            span(7, 18, 8, 17),
            false,
            "",
        ),
        f(
            "Rosh Hashanah",
            Religious,
            DateRule::Computed(Festival::RoshHashanah),
            true,
            "Begins at sunset the evening before.",
        ),
        f(
            "Yom Kippur",
            Religious,
            DateRule::Computed(Festival::YomKippur),
            true,
            "Begins at sunset the evening before.",
        ),
        f(
            "Black History Month",
            Awareness,
            span(10, 1, 10, 31),
            false,
            "",
        ),
        f(
            "Remembrance Sunday",
            Civic,
            DateRule::Weekday {
                month: 11,
                weekday: 7,
                nth: 2,
            },
            false,
            "",
        ),
        f(
            "Transgender Day of Remembrance",
            Awareness,
            fixed(11, 20),
            false,
            "",
        ),
        f(
            "Disability History Month",
            Awareness,
            span(11, 16, 12, 16),
            false,
            "",
        ),
        f(
            "International Day of Persons with Disabilities",
            Awareness,
            fixed(12, 3),
            false,
            "",
        ),
        f(
            "Hanukkah (first day)",
            Religious,
            DateRule::Computed(Festival::Hanukkah),
            false,
            "Begins at sunset the evening before.",
        ),
        f("Christmas Day", Religious, fixed(12, 25), true, ""),
        f(
            "Lunar New Year",
            Religious,
            dates(&[
                (2025, 1, 29),
                (2026, 2, 17),
                (2027, 2, 6),
                (2028, 1, 26),
                (2029, 2, 13),
                (2030, 2, 3),
            ]),
            true,
            "",
        ),
        f(
            "Holi",
            Religious,
            dates(&[
                (2025, 3, 14),
                (2026, 3, 4),
                (2027, 3, 22),
                (2028, 3, 11),
                (2029, 3, 1),
                (2030, 3, 20),
            ]),
            false,
            "",
        ),
        f(
            "Ramadan begins",
            Religious,
            dates(&[
                (2025, 3, 1),
                (2026, 2, 18),
                (2027, 2, 8),
                (2028, 1, 28),
                (2029, 1, 16),
                (2030, 1, 6),
            ]),
            false,
            moon,
        ),
        f(
            "Eid al-Fitr",
            Religious,
            dates(&[
                (2025, 3, 30),
                (2026, 3, 20),
                (2027, 3, 10),
                (2028, 2, 27),
                (2029, 2, 15),
                (2030, 2, 5),
            ]),
            true,
            moon,
        ),
        f(
            "Eid al-Adha",
            Religious,
            dates(&[
                (2025, 6, 6),
                (2026, 5, 27),
                (2027, 5, 16),
                (2028, 5, 5),
                (2029, 4, 24),
                (2030, 4, 13),
            ]),
            true,
            moon,
        ),
        f(
            "Diwali",
            Religious,
            dates(&[
                (2025, 10, 20),
                (2026, 11, 8),
                (2027, 10, 29),
                (2028, 10, 17),
                (2029, 11, 5),
                (2030, 10, 26),
            ]),
            true,
            "",
        ),
    ]
}

#[cfg(test)]
mod tests;
