//! The categories we count people in: the 2021 Census (England and Wales) categories, plus
//! "Prefer not to say" and "Not known", which are kept and counted, never dropped.
//!
//! HR systems write the same group many ways ("WBRI", "A", "White - British", the census label).
//! [`Characteristic::parse`] maps each onto one census category, or says it cannot.

use serde::{Deserialize, Serialize};

/// A characteristic we hold monitoring data for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Characteristic {
    Sex,
    Ethnicity,
    Disability,
    Religion,
    SexualOrientation,
    Age,
}

/// The label used for people who chose not to answer.
pub const PREFER_NOT_TO_SAY: &str = "Prefer not to say";
/// The label used where nothing is recorded.
pub const NOT_KNOWN: &str = "Not known";

const SEX: &[&str] = &[
    "Female",
    "Male",
    "Another way (not used in the gender pay gap)",
    PREFER_NOT_TO_SAY,
    NOT_KNOWN,
];
/// Census 2021 TS021 detailed categories, in the census's order, then the two of our own.
const ETHNICITY: &[&str] = &[
    "Bangladeshi",
    "Chinese",
    "Indian",
    "Pakistani",
    "Other Asian",
    "African",
    "Caribbean",
    "Other Black",
    "White and Asian",
    "White and Black African",
    "White and Black Caribbean",
    "Other Mixed or Multiple ethnic groups",
    "White: English, Welsh, Scottish, Northern Irish or British",
    "White: Irish",
    "White: Gypsy or Irish Traveller",
    "White: Roma",
    "White: Other White",
    "Arab",
    "Any other ethnic group",
    PREFER_NOT_TO_SAY,
    NOT_KNOWN,
];
const DISABILITY: &[&str] = &["Disabled", "Not disabled", PREFER_NOT_TO_SAY, NOT_KNOWN];
const RELIGION: &[&str] = &[
    "No religion",
    "Christian",
    "Buddhist",
    "Hindu",
    "Jewish",
    "Muslim",
    "Sikh",
    "Other religion",
    PREFER_NOT_TO_SAY,
    NOT_KNOWN,
];
const SEXUAL_ORIENTATION: &[&str] = &[
    "Straight or heterosexual",
    "Gay or lesbian",
    "Bisexual",
    "All other sexual orientations",
    PREFER_NOT_TO_SAY,
    NOT_KNOWN,
];
/// Bands that match the census's working-age breakdowns.
const AGE: &[&str] = &[
    "16 to 24",
    "25 to 34",
    "35 to 49",
    "50 to 64",
    "65 and over",
    NOT_KNOWN,
];

/// Ethnicity code of White British, the comparator for ethnicity pay gaps (ONS practice, and the
/// 2026 government response).
pub const WHITE_BRITISH: u8 = 12;
/// Disability codes.
pub const DISABLED: u8 = 0;
pub const NOT_DISABLED: u8 = 1;
/// Sex codes.
pub const FEMALE: u8 = 0;
pub const MALE: u8 = 1;

/// The broader ethnic groups used for pay gaps, where the detailed groups are too small.
pub const BROAD_ETHNIC_GROUPS: &[&str] = &[
    "Asian, Asian British or Asian Welsh",
    "Black, Black British, Black Welsh, Caribbean or African",
    "Mixed or Multiple ethnic groups",
    "White British",
    "White other (Irish, Gypsy or Irish Traveller, Roma, Other White)",
    "Other ethnic group",
];

/// The broader group of a detailed ethnicity code, or `None` for "Prefer not to say" and
/// "Not known".
pub fn broad_ethnic_group(code: u8) -> Option<u8> {
    Some(match code {
        0..=4 => 0,
        5..=7 => 1,
        8..=11 => 2,
        WHITE_BRITISH => 3,
        13..=16 => 4,
        17 | 18 => 5,
        _ => return None,
    })
}

/// The census's five high-level groups, for comparing with the population.
pub fn census_high_level_group(code: u8) -> Option<u8> {
    Some(match code {
        0..=4 => 0,
        5..=7 => 1,
        8..=11 => 2,
        12..=16 => 3,
        17 | 18 => 4,
        _ => return None,
    })
}

/// Names of [`census_high_level_group`]'s groups.
pub const CENSUS_HIGH_LEVEL_GROUPS: &[&str] = &[
    "Asian, Asian British or Asian Welsh",
    "Black, Black British, Black Welsh, Caribbean or African",
    "Mixed or Multiple ethnic groups",
    "White",
    "Other ethnic group",
];

/// The age band of someone aged `years`, or `None` under 16.
pub fn age_band(years: i32) -> Option<u8> {
    Some(match years {
        i32::MIN..=15 => return None,
        16..=24 => 0,
        25..=34 => 1,
        35..=49 => 2,
        50..=64 => 3,
        _ => 4,
    })
}

impl Characteristic {
    pub const ALL: [Characteristic; 6] = [
        Characteristic::Sex,
        Characteristic::Ethnicity,
        Characteristic::Disability,
        Characteristic::Religion,
        Characteristic::SexualOrientation,
        Characteristic::Age,
    ];

    /// Its stable name in the API, forms and storage: `sexual_orientation`.
    pub fn key(self) -> &'static str {
        match self {
            Characteristic::Sex => "sex",
            Characteristic::Ethnicity => "ethnicity",
            Characteristic::Disability => "disability",
            Characteristic::Religion => "religion",
            Characteristic::SexualOrientation => "sexual_orientation",
            Characteristic::Age => "age",
        }
    }

    /// The name people use for it.
    pub fn label(self) -> &'static str {
        match self {
            Characteristic::Sex => "Sex",
            Characteristic::Ethnicity => "Ethnic group",
            Characteristic::Disability => "Disability",
            Characteristic::Religion => "Religion or belief",
            Characteristic::SexualOrientation => "Sexual orientation",
            Characteristic::Age => "Age",
        }
    }

    /// Every category, by code. The last is always "Not known".
    pub fn categories(self) -> &'static [&'static str] {
        match self {
            Characteristic::Sex => SEX,
            Characteristic::Ethnicity => ETHNICITY,
            Characteristic::Disability => DISABILITY,
            Characteristic::Religion => RELIGION,
            Characteristic::SexualOrientation => SEXUAL_ORIENTATION,
            Characteristic::Age => AGE,
        }
    }

    /// The code of "Not known": what an empty cell means.
    pub fn not_known(self) -> u8 {
        (self.categories().len() - 1) as u8
    }

    /// The code of "Prefer not to say", where the characteristic has one (age does not: it comes
    /// from a date).
    pub fn prefer_not_to_say(self) -> Option<u8> {
        self.categories()
            .iter()
            .position(|c| *c == PREFER_NOT_TO_SAY)
            .map(|p| p as u8)
    }

    /// Whether a code is one of the answers people gave, rather than no answer.
    pub fn is_disclosed(self, code: u8) -> bool {
        code != self.not_known() && Some(code) != self.prefer_not_to_say()
    }

    /// Maps a value from an HR system onto a category. Empty means "Not known". `None` means the
    /// value is not one we recognise, and the caller must say so.
    pub fn parse(self, raw: &str) -> Option<u8> {
        let words = normalise(raw);
        if words.is_empty() {
            return Some(self.not_known());
        }
        if let Some(code) = self.prefer_not_to_say()
            && is_refusal(&words)
        {
            return Some(code);
        }
        if is_unknown(&words) {
            return Some(self.not_known());
        }
        match self {
            Characteristic::Sex => sex(&words),
            Characteristic::Ethnicity => ethnicity(raw, &words),
            Characteristic::Disability => disability(&words),
            Characteristic::Religion => religion(&words),
            Characteristic::SexualOrientation => sexual_orientation(&words),
            Characteristic::Age => None,
        }
    }
}

/// Lower case, letters and digits only, single spaces, padded with a space each side so that
/// `has(" word ")` finds whole words.
fn normalise(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 2);
    out.push(' ');
    for ch in raw.chars() {
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    if out.trim().is_empty() {
        return String::new();
    }
    out
}

fn is_refusal(w: &str) -> bool {
    [
        " prefer not ",
        " not stated ",
        " not answered ",
        " refused ",
        " declined ",
        " do not wish ",
        " not disclosed ",
        " not declared ",
        " rather not ",
        " pnts ",
        " refu ",
        " z ",
    ]
    .iter()
    .any(|p| w.contains(p))
        || w.contains(" prefer not")
}

fn is_unknown(w: &str) -> bool {
    [
        " not known ",
        " unknown ",
        " not recorded ",
        " unspecified ",
        " nobt ",
        " 99 ",
        " blank ",
        " n a ",
    ]
    .iter()
    .any(|p| w.contains(p))
}

fn sex(w: &str) -> Option<u8> {
    if w.starts_with(" another way ") {
        return Some(2);
    }
    match w.trim() {
        "f" | "female" | "woman" | "women" | "girl" => Some(FEMALE),
        "m" | "male" | "man" | "men" => Some(MALE),
        "x" | "other" | "non binary" | "nonbinary" | "intersex" | "another way" => Some(2),
        _ => None,
    }
}

/// Single-letter NHS data dictionary codes and four-letter DfE/ONS extended codes.
fn ethnicity_code(code: &str) -> Option<u8> {
    Some(match code {
        "a" | "wbri" | "wbr" | "wbrt" => 12,
        "b" | "wiri" => 13,
        "c" | "woth" | "wotw" => 16,
        "wirt" | "wgyp" | "wtrv" => 14,
        "wrom" => 15,
        "d" | "mwbc" => 10,
        "e" | "mwba" => 9,
        "f" | "mwas" => 8,
        "g" | "moth" => 11,
        "h" | "aind" => 2,
        "j" | "apkn" => 3,
        "k" | "aban" => 0,
        "l" | "aoth" => 4,
        "m" | "bcrb" => 6,
        "n" | "bafr" => 5,
        "p" | "both" => 7,
        "r" | "chne" | "achn" => 1,
        "s" | "ooth" => 18,
        "oarb" | "arab" => 17,
        _ => return None,
    })
}

fn ethnicity(raw: &str, full: &str) -> Option<u8> {
    let trimmed = full.trim();
    if !trimmed.contains(' ')
        && let Some(code) = ethnicity_code(trimmed)
    {
        return Some(code);
    }
    // Census labels put the high-level group before a colon: the part after it is the category.
    let w = match raw.split_once(':') {
        Some((_, detail)) if !normalise(detail).is_empty() => normalise(detail),
        _ => full.to_string(),
    };
    let has = |p: &str| w.contains(p);
    if has(" gypsy ") || has(" traveller ") || has(" irish traveller ") {
        return Some(14);
    }
    if has(" roma ") {
        return Some(15);
    }
    if has(" mixed ") || has(" multiple ") || has(" white and ") {
        return Some(if has(" asian ") {
            8
        } else if has(" african ") {
            9
        } else if has(" caribbean ") {
            10
        } else {
            11
        });
    }
    let specific = [
        (" bangladeshi ", 0),
        (" chinese ", 1),
        (" indian ", 2),
        (" pakistani ", 3),
        (" arab ", 17),
        (" african ", 5),
        (" caribbean ", 6),
    ];
    if let Some((_, code)) = specific.iter().find(|(p, _)| has(p)) {
        return Some(*code);
    }
    if has(" black ") {
        return Some(7);
    }
    if has(" asian ") {
        return Some(4);
    }
    let british = [
        " british ",
        " english ",
        " welsh ",
        " scottish ",
        " northern irish ",
    ];
    if british.iter().any(|p| has(p)) {
        return Some(WHITE_BRITISH);
    }
    if has(" irish ") {
        return Some(13);
    }
    if has(" white ") {
        return Some(16);
    }
    if has(" other ") {
        return Some(18);
    }
    None
}

fn disability(w: &str) -> Option<u8> {
    let has = |p: &str| w.contains(p);
    if has(" not disabled ") || has(" no disability ") || has(" not ") {
        return Some(NOT_DISABLED);
    }
    match w.trim() {
        "no" | "n" | "false" | "0" | "none" => Some(NOT_DISABLED),
        "yes" | "y" | "true" | "1" | "disabled" => Some(DISABLED),
        _ if has(" disabled ") || has(" disability ") || has(" limited ") => Some(DISABLED),
        _ => None,
    }
}

fn religion(w: &str) -> Option<u8> {
    let has = |p: &str| w.contains(p);
    let table: [(&[&str], u8); 8] = [
        (
            &[
                " no religion ",
                " none ",
                " atheist ",
                " agnostic ",
                " humanist ",
            ],
            0,
        ),
        (
            &[
                " christian ",
                " church ",
                " catholic ",
                " anglican ",
                " methodist ",
                " baptist ",
                " orthodox ",
                " c of e ",
            ],
            1,
        ),
        (&[" buddhist ", " buddhism "], 2),
        (&[" hindu ", " hinduism "], 3),
        (&[" jewish ", " judaism ", " jew "], 4),
        (&[" muslim ", " islam ", " islamic "], 5),
        (&[" sikh ", " sikhism "], 6),
        (
            &[" other ", " pagan ", " jain ", " spiritual ", " bahai "],
            7,
        ),
    ];
    table
        .iter()
        .find(|(words, _)| words.iter().any(|p| has(p)))
        .map(|(_, code)| *code)
}

fn sexual_orientation(w: &str) -> Option<u8> {
    let has = |p: &str| w.contains(p);
    if has(" straight ") || has(" heterosexual ") {
        Some(0)
    } else if has(" gay ") || has(" lesbian ") || has(" homosexual ") {
        Some(1)
    } else if has(" bisexual ") {
        Some(2)
    } else if has(" pansexual ") || has(" asexual ") || has(" queer ") || has(" other ") {
        Some(3)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Characteristic::*;

    #[test]
    fn census_labels_map_to_themselves() {
        for (code, label) in ETHNICITY.iter().enumerate() {
            assert_eq!(Ethnicity.parse(label), Some(code as u8), "{label}");
        }
        for c in Characteristic::ALL {
            if c == Age {
                continue;
            }
            for (code, label) in c.categories().iter().enumerate() {
                assert_eq!(c.parse(label), Some(code as u8), "{c:?} {label}");
            }
        }
    }

    #[test]
    fn other_schemes_map_to_census_categories() {
        let cases = [
            ("A", 12),
            ("WBRI", 12),
            ("White - British", 12),
            (
                "White: English, Welsh, Scottish, Northern Irish or British",
                12,
            ),
            ("White Irish", 13),
            ("Asian or Asian British - Indian", 2),
            ("Black or Black British - Caribbean", 6),
            (
                "Black, Black British, Black Welsh, Caribbean or African: Other Black",
                7,
            ),
            ("Mixed - White and Black Caribbean", 10),
            (
                "Mixed or Multiple ethnic groups: White and Black African ",
                9,
            ),
            ("Irish Traveller", 14),
            ("Any other ethnic group", 18),
            ("Other ethnic group: Arab", 17),
            ("Z", 19),
            ("Not stated", 19),
            ("Not Declared", 19),
            ("Unspecified", 20),
            ("", 20),
            ("Unknown", 20),
        ];
        for (raw, code) in cases {
            assert_eq!(Ethnicity.parse(raw), Some(code), "{raw}");
        }
        assert_eq!(Ethnicity.parse("Martian"), None);
        assert_eq!(Sex.parse("F"), Some(FEMALE));
        assert_eq!(Sex.parse("Prefer not to say"), Some(3));
        assert_eq!(Disability.parse("Y"), Some(DISABLED));
        assert_eq!(Disability.parse("No"), Some(NOT_DISABLED));
        assert_eq!(
            Disability.parse("Not disabled under the Equality Act"),
            Some(NOT_DISABLED)
        );
        assert_eq!(
            Disability.parse("Disabled under the Equality Act"),
            Some(DISABLED)
        );
        assert_eq!(Religion.parse("Church of England"), Some(1));
        assert_eq!(Religion.parse("Not answered"), Some(8));
        assert_eq!(SexualOrientation.parse("Heterosexual"), Some(0));
        assert_eq!(SexualOrientation.parse("Gay or Lesbian"), Some(1));
    }

    #[test]
    fn groupings_cover_every_disclosed_code() {
        for code in 0..19u8 {
            assert!(broad_ethnic_group(code).is_some());
            assert!(census_high_level_group(code).is_some());
        }
        assert_eq!(broad_ethnic_group(19), None);
        assert_eq!(age_band(15), None);
        assert_eq!(age_band(16), Some(0));
        assert_eq!(age_band(65), Some(4));
    }
}
