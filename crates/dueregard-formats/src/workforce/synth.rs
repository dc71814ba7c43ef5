//! A synthetic HR extract, for demonstrations, tests and benchmarks. Nobody in it is real.
//!
//! The same `rows` and `seed` always give the same file. The distributions, chosen to look like
//! a large English council, are:
//!
//! - **Directorate**: Adult Social Care 22%, Children's Services 20%, Place and Environment 18%,
//!   Resources 12%, Housing 10%, Culture and Leisure 8%, Public Health 6%, Chief Executive's 4%.
//! - **Grade** 1 to 10: 8, 14, 16, 15, 13, 11, 9, 7, 5 and 2%. Full-time salary: £21,000 plus
//!   £4,500 a grade, plus up to £4,000 more; women 2% lower within the grade (so the file has a
//!   pay gap to find).
//! - **Sex**: women are 78% of grade 1, falling evenly to 52% of grade 10.
//! - **Ethnic group**: White British 72%, Other White 5%, Irish 1%, Gypsy or Irish Traveller and
//!   Roma 0.2% each, Asian groups 9%, Black groups 4%, Mixed groups 3%, Arab 0.5%, any other 1%,
//!   prefer not to say 3%, not known 3%.
//! - **Disability**: disabled 9%, not disabled 78%, prefer not to say 5%, not known 8%.
//! - **Religion**: Christian 42%, no religion 33%, Muslim 6%, Hindu 2%, Sikh 1%, other 1%,
//!   Buddhist and Jewish 0.5% each, prefer not to say 8%, not known 6%.
//! - **Sexual orientation**: straight 86%, gay or lesbian 2%, bisexual 1.5%, other 0.5%, prefer
//!   not to say 6%, not known 4%.
//! - **Age**: 17 plus a triangular spread over 52 years (most common around 43).
//! - **Hours**: full time is 37 a week; 38% of women and 15% of men work part time, 10 to 32 hours.
//! - **Pay period**: monthly (31 days in March) for 95%, four-weekly for 5%.
//! - **Bonus**: 6% received one in the year, £200 to £2,000. **Leave**: 3% on reduced-pay leave.

use jiff::civil::Date;
use std::io::Write;

/// A small, fast, reproducible generator (SplitMix64).
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, weighted: &[(&'a str, f64)]) -> &'a str {
        let total: f64 = weighted.iter().map(|w| w.1).sum();
        let mut x = self.unit() * total;
        for (label, w) in weighted {
            if x < *w {
                return label;
            }
            x -= w;
        }
        weighted.last().map_or("", |w| w.0)
    }
}

const DIRECTORATES: [(&str, f64); 8] = [
    ("Adult Social Care", 22.0),
    ("Children's Services", 20.0),
    ("Place and Environment", 18.0),
    ("Resources", 12.0),
    ("Housing", 10.0),
    ("Culture and Leisure", 8.0),
    ("Public Health", 6.0),
    ("Chief Executive's", 4.0),
];
const GRADE_WEIGHTS: [f64; 10] = [8.0, 14.0, 16.0, 15.0, 13.0, 11.0, 9.0, 7.0, 5.0, 2.0];
const ETHNIC_GROUPS: [(&str, f64); 21] = [
    (
        "White: English, Welsh, Scottish, Northern Irish or British",
        72.0,
    ),
    ("White: Irish", 1.0),
    ("White: Gypsy or Irish Traveller", 0.2),
    ("White: Roma", 0.2),
    ("White: Other White", 5.0),
    ("Indian", 3.5),
    ("Pakistani", 3.0),
    ("Bangladeshi", 1.0),
    ("Chinese", 0.5),
    ("Other Asian", 1.0),
    ("African", 2.0),
    ("Caribbean", 1.5),
    ("Other Black", 0.5),
    ("White and Black Caribbean", 1.2),
    ("White and Black African", 0.5),
    ("White and Asian", 0.8),
    ("Other Mixed or Multiple ethnic groups", 0.5),
    ("Arab", 0.5),
    ("Any other ethnic group", 1.0),
    ("Prefer not to say", 3.0),
    ("", 3.0),
];
const DISABILITY: [(&str, f64); 4] = [
    ("Yes", 9.0),
    ("No", 78.0),
    ("Prefer not to say", 5.0),
    ("", 8.0),
];
const RELIGION: [(&str, f64); 10] = [
    ("Christian", 42.0),
    ("No religion", 33.0),
    ("Muslim", 6.0),
    ("Hindu", 2.0),
    ("Sikh", 1.0),
    ("Other religion", 1.0),
    ("Buddhist", 0.5),
    ("Jewish", 0.5),
    ("Prefer not to say", 8.0),
    ("", 6.0),
];
const ORIENTATION: [(&str, f64); 6] = [
    ("Straight or heterosexual", 86.0),
    ("Gay or lesbian", 2.0),
    ("Bisexual", 1.5),
    ("All other sexual orientations", 0.5),
    ("Prefer not to say", 6.0),
    ("", 4.0),
];

/// The header row, in the headings the importer knows.
pub const HEADER: &str = "Employee reference,Sex,Ethnic group,Disability,Religion or belief,Sexual orientation,Date of birth,Directorate,Grade,Contracted weekly hours,Ordinary pay in pay period,Pay period days,Bonus pay in 12 months,On leave with reduced pay,Start date\n";

/// Writes `rows` synthetic employees as of `snapshot` to `out`, calling `progress` with the rows
/// written so far every 100,000 rows.
pub fn write_extract(
    out: &mut impl Write,
    rows: u64,
    seed: u64,
    snapshot: Date,
    mut progress: impl FnMut(u64),
) -> std::io::Result<()> {
    let mut rng = Random(seed);
    out.write_all(HEADER.as_bytes())?;
    let grades: Vec<(String, f64)> = GRADE_WEIGHTS
        .iter()
        .enumerate()
        .map(|(i, w)| (format!("Grade {}", i + 1), *w))
        .collect();
    let grade_refs: Vec<(&str, f64)> = grades.iter().map(|(g, w)| (g.as_str(), *w)).collect();
    let month_days = snapshot.days_in_month() as i64;
    let mut line = String::with_capacity(256);
    for i in 0..rows {
        line.clear();
        let grade_label = rng.pick(&grade_refs);
        let grade = grade_refs
            .iter()
            .position(|g| g.0 == grade_label)
            .unwrap_or(0);
        let female_share = 0.78 - 0.26 * grade as f64 / 9.0;
        let female = rng.unit() < female_share;
        let age = 17 + ((rng.unit() + rng.unit()) * 26.0) as i64;
        let born = snapshot
            .checked_sub(jiff::Span::new().days(age * 365 + rng.below(365) as i64))
            .unwrap_or(snapshot);
        let service_years = rng.below((age - 16).clamp(1, 35) as u64) as i64;
        let started = snapshot
            .checked_sub(jiff::Span::new().days(service_years * 365 + rng.below(365) as i64))
            .unwrap_or(snapshot);
        let part_time = rng.unit() < if female { 0.38 } else { 0.15 };
        let hours_half = if part_time { 20 + rng.below(45) } else { 74 };
        let hours = hours_half as f64 / 2.0;
        let mut salary = 21_000.0 + 4_500.0 * grade as f64 + rng.unit() * 4_000.0;
        if female {
            salary *= 0.98;
        }
        let four_weekly = rng.unit() < 0.05;
        let days = if four_weekly { 28 } else { month_days };
        let period_pay = if four_weekly {
            salary * hours / 37.0 * 28.0 / 365.0
        } else {
            salary * hours / 37.0 / 12.0
        };
        let bonus = if rng.unit() < 0.06 {
            200.0 + rng.unit() * 1_800.0
        } else {
            0.0
        };
        let on_leave = rng.unit() < 0.03;
        use std::fmt::Write as _;
        let _ = writeln!(
            line,
            "E{:08},{},{},{},{},{},{},{},{},{},{:.2},{},{:.2},{},{}",
            seed.wrapping_mul(1_000_003).wrapping_add(i) % 100_000_000,
            if female { "F" } else { "M" },
            quoted(rng.pick(&ETHNIC_GROUPS)),
            rng.pick(&DISABILITY),
            rng.pick(&RELIGION),
            rng.pick(&ORIENTATION),
            born,
            rng.pick(&DIRECTORATES),
            grade_label,
            hours,
            period_pay,
            days,
            bonus,
            if on_leave { "Yes" } else { "No" },
            started,
        );
        out.write_all(line.as_bytes())?;
        if (i + 1) % 100_000 == 0 {
            progress(i + 1);
        }
    }
    progress(rows);
    Ok(())
}

fn quoted(s: &str) -> String {
    if s.contains(',') {
        format!("\"{s}\"")
    } else {
        s.to_string()
    }
}
