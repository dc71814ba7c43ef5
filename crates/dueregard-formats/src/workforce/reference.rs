//! Reference data shipped in the binary (see `data/README.md` for sources and licences):
//! Census 2021 tables for every local authority in England and Wales, and the national gender pay
//! gap returns. Each is parsed once, on first use.

use dueregard_stats::classify::{self, Characteristic};
use dueregard_stats::workforce::{Population, PopulationBenchmark, PopulationGroup};
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::OnceLock;

const ETHNICITY: &[u8] = include_bytes!("../../data/census/demographr_ethnicity21_ltla21.csv");
const RELIGION: &[u8] = include_bytes!("../../data/census/derived_religion21_ltla_from_lsoa.csv");
const DISABILITY: &[u8] =
    include_bytes!("../../data/census/derived_disability21_ltla_from_lsoa.csv");
const AGE: &[u8] = include_bytes!("../../data/census/census2021-ts007-ltla.csv");
const SUMMARY: &[u8] = include_bytes!("../../data/census/ons_census_quiz_ltla_2021_v9.csv");
const UPPER_TIER: &[u8] = include_bytes!("../../data/lookups/geographr_lookup_ltla21_utla21.csv");

/// The attribution every page and export that uses this data shows.
pub const ATTRIBUTION: &str = "Includes public sector information licensed under the Open Government Licence v3.0: Census 2021 figures from the Office for National Statistics (© Crown copyright), and gender pay gap figures reported to the UK Government's Gender Pay Gap Service.";

/// A local authority area: a lower-tier district or unitary, or a county made of districts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub code: String,
    pub name: String,
    /// The lower-tier areas that make it up (itself, for a district or unitary).
    pub districts: Vec<String>,
}

fn rows(bytes: &[u8]) -> impl Iterator<Item = csv::StringRecord> + '_ {
    csv::ReaderBuilder::new()
        .from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .into_records()
        .filter_map(Result::ok)
}

/// (district code, district name, county code, county name) for every district.
fn districts() -> &'static [(String, String, String, String)] {
    static CELL: OnceLock<Vec<(String, String, String, String)>> = OnceLock::new();
    CELL.get_or_init(|| {
        rows(UPPER_TIER)
            .map(|r| {
                (
                    r[1].to_string(),
                    r[0].to_string(),
                    r[3].to_string(),
                    r[2].to_string(),
                )
            })
            .collect()
    })
}

/// Finds an area by its GSS code (E08000027) or its name ("Dudley"), district or county.
pub fn find_area(code_or_name: &str) -> Result<Area, String> {
    let wanted = code_or_name.trim();
    let same = |a: &str| a.eq_ignore_ascii_case(wanted);
    if let Some((code, name, _, _)) = districts().iter().find(|d| same(&d.0) || same(&d.1)) {
        return Ok(Area {
            code: code.clone(),
            name: name.clone(),
            districts: vec![code.clone()],
        });
    }
    let county: Vec<&(String, String, String, String)> = districts()
        .iter()
        .filter(|d| same(&d.2) || same(&d.3))
        .collect();
    match county.first() {
        Some(first) => Ok(Area {
            code: first.2.clone(),
            name: first.3.clone(),
            districts: county.iter().map(|d| d.0.clone()).collect(),
        }),
        None => Err(format!(
            "'{wanted}' is not a local authority in England or Wales. Give its code, like E08000027, or its name, like Dudley"
        )),
    }
}

/// The area's population by sex, age, ethnic group, religion and disability, from Census 2021.
/// Each area is worked out once per process: every report view asks again, and the answer
/// comes from data compiled into the program.
pub fn population(area: &Area) -> Population {
    static SEEN: OnceLock<std::sync::Mutex<BTreeMap<String, Population>>> = OnceLock::new();
    let seen = SEEN.get_or_init(Default::default);
    if let Some(p) = seen.lock().ok().and_then(|m| m.get(&area.code).cloned()) {
        return p;
    }
    let p = census_population(area);
    if let Ok(mut m) = seen.lock() {
        m.insert(area.code.clone(), p.clone());
    }
    p
}

fn census_population(area: &Area) -> Population {
    let inside = |code: &str| area.districts.iter().any(|d| d == code);
    let mut benchmarks = Vec::new();

    let district_totals: BTreeMap<String, f64> = rows(AGE)
        .filter(|r| inside(&r[2]))
        .filter_map(|r| Some((r[2].to_string(), r[3].parse::<f64>().ok()?)))
        .collect();
    let total_people: f64 = district_totals.values().sum();
    let mut summary = csv::Reader::from_reader(SUMMARY);
    let female_column = summary
        .headers()
        .ok()
        .and_then(|h| h.iter().position(|c| c == "sex_female_perc"));
    let female: f64 = summary
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            let share = r.get(female_column?)?.parse::<f64>().ok()?;
            Some(share / 100.0 * district_totals.get(&r[0])?)
        })
        .sum();
    if total_people > 0.0 {
        benchmarks.push(PopulationBenchmark {
            characteristic: Characteristic::Sex,
            groups: vec![
                group("Female", &[classify::FEMALE], female),
                group("Male", &[classify::MALE], total_people - female),
            ],
            source: "Census 2021, all usual residents (ONS published percentages, 1 decimal place)"
                .into(),
        });
    }

    let mut ages = [0f64; 4];
    let mut reader = csv::Reader::from_reader(AGE);
    let headers = reader.headers().cloned().unwrap_or_default();
    let single_years: Vec<(usize, i32)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let h = h.strip_prefix("Age: Aged ")?;
            let (years, rest) = h.split_once(' ')?;
            (rest.starts_with("year;") || rest.starts_with("years;"))
                .then(|| Some((i, years.parse().ok()?)))
                .flatten()
        })
        .collect();
    for r in reader
        .records()
        .filter_map(Result::ok)
        .filter(|r| inside(&r[2]))
    {
        for &(i, years) in &single_years {
            if let (Some(band @ 0..=3), Ok(n)) = (classify::age_band(years), r[i].parse::<f64>()) {
                ages[usize::from(band)] += n;
            }
        }
    }
    if ages.iter().sum::<f64>() > 0.0 {
        let labels = Characteristic::Age.categories();
        benchmarks.push(PopulationBenchmark {
            characteristic: Characteristic::Age,
            groups: (0..4u8)
                .map(|b| group(labels[usize::from(b)], &[b], ages[usize::from(b)]))
                .collect(),
            source: "Census 2021 TS007, usual residents aged 16 to 64 (staff aged 65 and over are not compared)".into(),
        });
    }

    let mut ethnic = [0f64; 19];
    for r in rows(ETHNICITY).filter(|r| inside(&r[0])) {
        let Some(label) = r[2].strip_suffix(" (number)") else {
            continue;
        };
        if let (Some(code @ 0..=18), Ok(n)) =
            (Characteristic::Ethnicity.parse(label), r[3].parse::<f64>())
        {
            ethnic[usize::from(code)] += n;
        }
    }
    if ethnic.iter().sum::<f64>() > 0.0 {
        let groups = classify::BROAD_ETHNIC_GROUPS
            .iter()
            .enumerate()
            .map(|(g, label)| {
                let codes: Vec<u8> = (0..19u8)
                    .filter(|&c| classify::broad_ethnic_group(c) == Some(g as u8))
                    .collect();
                let count = codes.iter().map(|&c| ethnic[usize::from(c)]).sum();
                group(label, &codes, count)
            })
            .collect();
        benchmarks.push(PopulationBenchmark {
            characteristic: Characteristic::Ethnicity,
            groups,
            source: "Census 2021 TS021, all usual residents of all ages".into(),
        });
    }

    for (characteristic, bytes, source) in [
        (
            Characteristic::Religion,
            RELIGION,
            "Census 2021 TS030, all usual residents; those who did not answer are left out",
        ),
        (
            Characteristic::Disability,
            DISABILITY,
            "Census 2021 TS038, all usual residents; disabled under the Equality Act 2010",
        ),
    ] {
        let mut counts: BTreeMap<u8, f64> = BTreeMap::new();
        for r in rows(bytes).filter(|r| inside(&r[0])) {
            if let (Some(code), Ok(n)) = (characteristic.parse(&r[2]), r[3].parse::<f64>())
                && characteristic.is_disclosed(code)
            {
                *counts.entry(code).or_default() += n;
            }
        }
        if !counts.is_empty() {
            let labels = characteristic.categories();
            benchmarks.push(PopulationBenchmark {
                characteristic,
                groups: counts
                    .iter()
                    .map(|(&code, &n)| group(labels[usize::from(code)], &[code], n))
                    .collect(),
                source: source.into(),
            });
        }
    }

    Population {
        area_code: area.code.clone(),
        area_name: area.name.clone(),
        benchmarks,
    }
}

fn group(label: &str, codes: &[u8], count: f64) -> PopulationGroup {
    PopulationGroup {
        label: label.to_string(),
        codes: codes.to_vec(),
        count,
    }
}

/// One employer's published gender pay gap return for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedReturn {
    /// "2022-23": the snapshot year.
    pub year: &'static str,
    /// Whether our copy of that year's file is incomplete (see data/README.md).
    pub partial_year: bool,
    pub employer: String,
    pub employer_id: String,
    pub size: String,
    pub public_sector: bool,
    pub measures: PublishedMeasures,
}

/// The figures as the employer published them, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PublishedMeasures {
    pub mean_hourly: Option<f64>,
    pub median_hourly: Option<f64>,
    pub mean_bonus: Option<f64>,
    pub median_bonus: Option<f64>,
    pub male_paid_bonus: Option<f64>,
    pub female_paid_bonus: Option<f64>,
    /// Women's share of each quartile band, lowest first.
    pub female_quartiles: [Option<f64>; 4],
}

/// The names of the six figures the benchmark ranks, in the order of [`PublishedMeasures::ranked`].
pub const RANKED_MEASURES: [&str; 6] = [
    "Mean hourly pay gap",
    "Median hourly pay gap",
    "Mean bonus gap",
    "Median bonus gap",
    "Women paid a bonus (%)",
    "Women in the upper quartile (%)",
];

impl PublishedMeasures {
    pub fn ranked(&self) -> [Option<f64>; 6] {
        [
            self.mean_hourly,
            self.median_hourly,
            self.mean_bonus,
            self.median_bonus,
            self.female_paid_bonus,
            self.female_quartiles[3],
        ]
    }
}

const YEARS: [(&str, bool, &[u8]); 8] = [
    (
        "2017-18",
        false,
        include_bytes!("../../data/gpg/gpg_2017-18.csv.gz"),
    ),
    (
        "2018-19",
        true,
        include_bytes!("../../data/gpg/gpg_2018-19_partial.csv.gz"),
    ),
    (
        "2019-20",
        false,
        include_bytes!("../../data/gpg/gpg_2019-20.csv.gz"),
    ),
    (
        "2020-21",
        true,
        include_bytes!("../../data/gpg/gpg_2020-21.csv.gz"),
    ),
    (
        "2021-22",
        false,
        include_bytes!("../../data/gpg/gpg_2021-22.csv.gz"),
    ),
    (
        "2022-23",
        false,
        include_bytes!("../../data/gpg/gpg_2022-23.csv.gz"),
    ),
    (
        "2023-24",
        true,
        include_bytes!("../../data/gpg/gpg_2023-24_partial.csv.gz"),
    ),
    (
        "2024-25",
        false,
        include_bytes!("../../data/gpg/gpg_2024-25.csv.gz"),
    ),
];

/// Every return in the shipped national data, oldest year first.
pub fn national_returns() -> &'static [PublishedReturn] {
    static CELL: OnceLock<Vec<PublishedReturn>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut out = Vec::new();
        for (year, partial, gz) in YEARS {
            let mut text = Vec::new();
            if flate2::read::GzDecoder::new(gz)
                .read_to_end(&mut text)
                .is_err()
            {
                continue;
            }
            let mut reader = csv::Reader::from_reader(text.as_slice());
            let headers = reader.headers().cloned().unwrap_or_default();
            let col = |name: &str| headers.iter().position(|h| h == name);
            let Some(name) = col("EmployerName") else {
                continue;
            };
            let id = col("EmployerId");
            let number = |r: &csv::StringRecord, name: &str| -> Option<f64> {
                r.get(col(name)?)?.trim().parse().ok()
            };
            for r in reader.records().filter_map(Result::ok) {
                let sic = col("SicCodes").and_then(|i| r.get(i)).unwrap_or("");
                out.push(PublishedReturn {
                    year,
                    partial_year: partial,
                    employer: r[name].trim().to_string(),
                    employer_id: id.and_then(|i| r.get(i)).unwrap_or("").to_string(),
                    size: col("EmployerSize")
                        .and_then(|i| r.get(i))
                        .unwrap_or("")
                        .to_string(),
                    // The service gives public authorities the code 1, "Public sector".
                    public_sector: sic.split([',', '\n', '\r']).any(|c| c.trim() == "1"),
                    measures: PublishedMeasures {
                        mean_hourly: number(&r, "DiffMeanHourlyPercent"),
                        median_hourly: number(&r, "DiffMedianHourlyPercent"),
                        mean_bonus: number(&r, "DiffMeanBonusPercent"),
                        median_bonus: number(&r, "DiffMedianBonusPercent"),
                        male_paid_bonus: number(&r, "MaleBonusPercent"),
                        female_paid_bonus: number(&r, "FemaleBonusPercent"),
                        female_quartiles: [
                            number(&r, "FemaleLowerQuartile"),
                            number(&r, "FemaleLowerMiddleQuartile"),
                            number(&r, "FemaleUpperMiddleQuartile"),
                            number(&r, "FemaleTopQuartile"),
                        ],
                    },
                });
            }
        }
        out
    })
}

/// An employer's returns, year by year, found by its name as registered with the service.
pub fn employer_history(employer: &str) -> Vec<&'static PublishedReturn> {
    let wanted = employer.trim();
    national_returns()
        .iter()
        .filter(|r| r.employer.eq_ignore_ascii_case(wanted))
        .collect()
}

/// Where one return sits among its peers: employers of the same sector (public or not) and size
/// band, in the same year.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerRanking {
    pub year: &'static str,
    pub peers: usize,
    pub description: String,
    /// For each of [`RANKED_MEASURES`]: (the employer's figure, its percentile rank, the peers' median).
    pub measures: [Option<(f64, f64, f64)>; 6],
}

/// Ranks `figures` among employers like `like` in `like`'s year.
pub fn rank_among_peers(like: &PublishedReturn, figures: &PublishedMeasures) -> PeerRanking {
    let peers: Vec<&PublishedReturn> = national_returns()
        .iter()
        .filter(|r| {
            r.year == like.year && r.public_sector == like.public_sector && r.size == like.size
        })
        .collect();
    let mine = figures.ranked();
    let measures = std::array::from_fn(|m| {
        let value = mine[m]?;
        let values: Vec<f64> = peers
            .iter()
            .filter_map(|p| p.measures.ranked()[m])
            .collect();
        Some((
            value,
            dueregard_stats::benchmark::percentile_rank(value, &values)?,
            dueregard_stats::benchmark::median(&values)?,
        ))
    });
    PeerRanking {
        year: like.year,
        peers: peers.len(),
        description: format!(
            "{} employers with {} employees, {}",
            if like.public_sector {
                "Public sector"
            } else {
                "Private and voluntary sector"
            },
            like.size,
            like.year
        ),
        measures,
    }
}

/// The service's size band for a head count.
pub fn size_band(employees: u64) -> &'static str {
    match employees {
        0..=249 => "Less than 250",
        250..=499 => "250 to 499",
        500..=999 => "500 to 999",
        1000..=4999 => "1000 to 4999",
        5000..=19_999 => "5000 to 19,999",
        _ => "20,000 or more",
    }
}

/// Ranks an organisation's own figures among public sector employers of its size, in the latest
/// complete year of the national data.
pub fn rank_public_body(employees: u64, figures: &PublishedMeasures) -> Option<PeerRanking> {
    let year = YEARS.iter().rev().find(|y| !y.1)?.0;
    let like = PublishedReturn {
        year,
        partial_year: false,
        employer: String::new(),
        employer_id: String::new(),
        size: size_band(employees).to_string(),
        public_sector: true,
        measures: *figures,
    };
    Some(rank_among_peers(&like, figures))
}
