use super::*;
use jiff::civil::date;

/// Published dates (Church of England and Orthodox calendars; Jewish calendars as printed for
/// each year), against which the worked-out dates are checked, 2025 to 2030 and some earlier
/// years the seeds span.
/// (year, month, day)
type Day = (i16, i8, i8);

const PUBLISHED: &[(Festival, [Day; 6])] = &[
    (
        Festival::Easter,
        [
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2028, 4, 16),
            (2029, 4, 1),
            (2030, 4, 21),
        ],
    ),
    (
        Festival::OrthodoxEaster,
        [
            (2025, 4, 20),
            (2026, 4, 12),
            (2027, 5, 2),
            (2028, 4, 16),
            (2029, 4, 8),
            (2030, 4, 28),
        ],
    ),
    (
        Festival::Passover,
        [
            (2025, 4, 13),
            (2026, 4, 2),
            (2027, 4, 22),
            (2028, 4, 11),
            (2029, 3, 31),
            (2030, 4, 18),
        ],
    ),
    (
        Festival::RoshHashanah,
        [
            (2025, 9, 23),
            (2026, 9, 12),
            (2027, 10, 2),
            (2028, 9, 21),
            (2029, 9, 10),
            (2030, 9, 28),
        ],
    ),
    (
        Festival::YomKippur,
        [
            (2025, 10, 2),
            (2026, 9, 21),
            (2027, 10, 11),
            (2028, 9, 30),
            (2029, 9, 19),
            (2030, 10, 7),
        ],
    ),
    (
        Festival::Hanukkah,
        [
            (2025, 12, 15),
            (2026, 12, 5),
            (2027, 12, 25),
            (2028, 12, 13),
            (2029, 12, 2),
            (2030, 12, 21),
        ],
    ),
];

#[test]
fn worked_out_festivals_match_the_published_dates_2025_to_2030() {
    for (festival, years) in PUBLISHED {
        for (y, m, d) in years {
            assert_eq!(
                festival.in_year(*y),
                Some(date(*y, *m, *d)),
                "{festival:?} {y}"
            );
        }
    }
}

#[test]
fn worked_out_festivals_match_earlier_published_years() {
    assert_eq!(gregorian_easter(2012), Some(date(2012, 4, 8)));
    assert_eq!(gregorian_easter(2016), Some(date(2016, 3, 27)));
    assert_eq!(gregorian_easter(2038), Some(date(2038, 4, 25)));
    assert_eq!(rosh_hashanah(2012), Some(date(2012, 9, 17)));
    assert_eq!(rosh_hashanah(2016), Some(date(2016, 10, 3)));
    assert_eq!(Festival::Passover.in_year(2016), Some(date(2016, 4, 23)));
    assert_eq!(hanukkah(2016), Some(date(2016, 12, 25)));
    assert_eq!(hanukkah(2013), Some(date(2013, 11, 28)));
    assert_eq!(orthodox_easter(2013), Some(date(2013, 5, 5)));
}

#[test]
fn rules_fall_on_the_right_days() {
    let remembrance = DateRule::Weekday {
        month: 11,
        weekday: 7,
        nth: 2,
    };
    assert_eq!(
        remembrance.in_year(2026),
        Some((date(2026, 11, 8), date(2026, 11, 8)))
    );
    assert_eq!(
        remembrance.in_year(2027),
        Some((date(2027, 11, 14), date(2027, 11, 14)))
    );
    let armed_forces = DateRule::Weekday {
        month: 6,
        weekday: 6,
        nth: -1,
    };
    assert_eq!(
        armed_forces.in_year(2026),
        Some((date(2026, 6, 27), date(2026, 6, 27)))
    );
    let dhm = DateRule::Span {
        from_month: 11,
        from_day: 16,
        to_month: 12,
        to_day: 16,
    };
    assert_eq!(
        dhm.in_year(2026),
        Some((date(2026, 11, 16), date(2026, 12, 16)))
    );
    // 29 February falls only in leap years.
    assert_eq!(DateRule::Fixed { month: 2, day: 29 }.in_year(2027), None);
    assert_eq!(
        remembrance.describe(),
        "The second Sunday of November each year"
    );
    assert_eq!(dhm.describe(), "16 November to 16 December each year");
}

#[test]
fn the_standard_calendar_covers_2025_to_2030_and_finds_clashes() {
    let all: Vec<CivicDate> = standard()
        .into_iter()
        .enumerate()
        .map(|(i, f)| CivicDate {
            id: i as i64,
            version: 1,
            fields: f,
        })
        .collect();
    for year in 2025..=2030 {
        for d in &all {
            assert!(
                d.fields.rule.in_year(year).is_some(),
                "{} has no date in {year}",
                d.fields.name
            );
        }
    }
    let on = |day| -> Vec<String> {
        falling_on(&all, day)
            .iter()
            .map(|d| d.fields.name.clone())
            .collect()
    };
    assert_eq!(on(date(2026, 11, 8)), ["Remembrance Sunday", "Diwali"]);
    assert!(
        on(date(2026, 12, 3))
            .contains(&"International Day of Persons with Disabilities".to_string())
    );
    assert!(on(date(2026, 12, 3)).contains(&"Disability History Month".to_string()));
}

#[test]
fn a_date_is_checked_as_typed() {
    let ok = CivicDateFields::validate(
        "Local Mela",
        "religious",
        true,
        "",
        "fixed",
        ["12", "8", "", ""],
        "",
        None,
    )
    .unwrap();
    assert_eq!(ok.rule, DateRule::Fixed { month: 8, day: 12 });
    let listed = CivicDateFields::validate(
        "Fair",
        "civic",
        false,
        "",
        "dates",
        ["", "", "", ""],
        "2027-05-01\n2026-05-02\n",
        None,
    )
    .unwrap();
    assert_eq!(
        listed.rule,
        DateRule::Dates(vec![date(2026, 5, 2), date(2027, 5, 1)])
    );
    let bad = CivicDateFields::validate(
        "",
        "nope",
        false,
        "",
        "span",
        ["40", "2", "1", "1"],
        "",
        None,
    )
    .unwrap_err();
    let fields: Vec<&str> = bad.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["name", "kind", "day"]);
    let backwards = CivicDateFields::validate(
        "Week",
        "awareness",
        false,
        "",
        "span",
        ["10", "5", "1", "5"],
        "",
        None,
    )
    .unwrap_err();
    assert!(backwards.for_field("to_day").is_some());
    // A worked-out date keeps its rule when its name or notes are changed.
    let kept = CivicDateFields::validate(
        "Easter Day",
        "religious",
        true,
        "",
        "",
        ["", "", "", ""],
        "",
        Some(DateRule::Computed(Festival::Easter)),
    )
    .unwrap();
    assert_eq!(kept.rule, DateRule::Computed(Festival::Easter));
}
