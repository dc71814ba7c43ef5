//! Equality frameworks as data, and a body's self-assessment against one. The Equality Framework
//! for Local Government (EFLG 2021: four modules, each criterion Developing, Achieving or
//! Excellent), its predecessor the Equality Standard for Local Government (five levels, which seed
//! 001 works to), and the NHS Equality Delivery System (EDS 2022: three domains, eleven outcomes,
//! each scored 0 to 3). A self-assessment records a level for each criterion with evidence
//! (links to Due Regard's own records or elsewhere) and the gap, a peer review if there was one,
//! and the gaps become plan actions.

use crate::validate::{self, LONG_TEXT, SHORT_TEXT, ValidationErrors};
use crate::vocab::vocabulary;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// Which framework.
    Framework {
        Eflg2021 => ("eflg_2021", "Equality Framework for Local Government (2021)"),
        Eslg => ("eslg", "Equality Standard for Local Government (five levels)"),
        Eds2022 => ("eds_2022", "NHS Equality Delivery System (EDS 2022)"),
    }
);

/// One criterion (or outcome, or level): its key, the module or domain it sits in, and its name.
pub struct Criterion {
    pub key: &'static str,
    pub module: &'static str,
    pub name: &'static str,
}

const fn c(key: &'static str, module: &'static str, name: &'static str) -> Criterion {
    Criterion { key, module, name }
}

const EFLG_1: &str = "Understanding and working with your communities";
const EFLG_2: &str = "Leadership, partnership and organisational commitment";
const EFLG_3: &str = "Responsive services and customer care";
const EFLG_4: &str = "Diverse and engaged workforce";

const EFLG: &[Criterion] = &[
    c("1.1", EFLG_1, "Collecting and sharing information"),
    c("1.2", EFLG_1, "Analysing and using data and information"),
    c("1.3", EFLG_1, "Effective community engagement"),
    c("1.4", EFLG_1, "Fostering good community relations"),
    c("1.5", EFLG_1, "Participation in public life"),
    c("2.1", EFLG_2, "Political and officer leadership"),
    c("2.2", EFLG_2, "Priorities and working in partnership"),
    c("2.3", EFLG_2, "Using equality impact analysis"),
    c("2.4", EFLG_2, "Performance monitoring and scrutiny"),
    c("3.1", EFLG_3, "Commissioning and procuring services"),
    c(
        "3.2",
        EFLG_3,
        "Integrating equality objectives into planning and service delivery",
    ),
    c("3.3", EFLG_3, "Service design and delivery"),
    c("4.1", EFLG_4, "Workforce diversity and inclusion"),
    c("4.2", EFLG_4, "Inclusive strategies and policies"),
    c(
        "4.3",
        EFLG_4,
        "Collecting, analysing and publishing workforce data",
    ),
    c("4.4", EFLG_4, "Learning, development and progression"),
    c("4.5", EFLG_4, "Health and wellbeing"),
];

const ESLG_LEVELS: &str = "The five levels";

const ESLG: &[Criterion] = &[
    c(
        "level-1",
        ESLG_LEVELS,
        "Level 1: commitment to a comprehensive equality policy",
    ),
    c(
        "level-2",
        ESLG_LEVELS,
        "Level 2: assessment and consultation",
    ),
    c(
        "level-3",
        ESLG_LEVELS,
        "Level 3: equality objectives and targets set",
    ),
    c(
        "level-4",
        ESLG_LEVELS,
        "Level 4: information systems and monitoring against targets",
    ),
    c(
        "level-5",
        ESLG_LEVELS,
        "Level 5: outcomes achieved and reviewed",
    ),
];

const EDS_1: &str = "Domain 1: Commissioned or provided services";
const EDS_2: &str = "Domain 2: Workforce health and well-being";
const EDS_3: &str = "Domain 3: Inclusive leadership";

const EDS: &[Criterion] = &[
    c(
        "1A",
        EDS_1,
        "Patients (service users) have the access to the service they need",
    ),
    c("1B", EDS_1, "Individual patients' health needs are met"),
    c(
        "1C",
        EDS_1,
        "Patients are free from harm when they use the service",
    ),
    c(
        "1D",
        EDS_1,
        "Patients report positive experiences of the service",
    ),
    c(
        "2A",
        EDS_2,
        "Staff are supported at work to manage long-term conditions and mental health",
    ),
    c(
        "2B",
        EDS_2,
        "Staff are free from abuse, harassment, bullying and violence at work",
    ),
    c(
        "2C",
        EDS_2,
        "Staff have independent support and advice when they suffer stress, abuse, bullying, harassment or violence",
    ),
    c(
        "2D",
        EDS_2,
        "Staff recommend the organisation as a place to work and to be treated",
    ),
    c(
        "3A",
        EDS_3,
        "Leaders show they understand and are committed to equality and health inequalities",
    ),
    c(
        "3B",
        EDS_3,
        "Board and committee papers set out equality and health inequality impacts and risks, and how they are managed",
    ),
    c(
        "3C",
        EDS_3,
        "Leaders make sure there are levers to manage performance and monitor progress with staff and patients",
    ),
];

impl Framework {
    pub fn criteria(self) -> &'static [Criterion] {
        match self {
            Framework::Eflg2021 => EFLG,
            Framework::Eslg => ESLG,
            Framework::Eds2022 => EDS,
        }
    }

    /// The levels a criterion can be at: (key, words), lowest first.
    pub fn levels(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Framework::Eflg2021 => &[
                ("developing", "Developing"),
                ("achieving", "Achieving"),
                ("excellent", "Excellent"),
            ],
            Framework::Eslg => &[
                ("not_started", "Not started"),
                ("working_towards", "Working towards"),
                ("achieved", "Achieved"),
            ],
            Framework::Eds2022 => &[
                ("0", "0: Underdeveloped activity"),
                ("1", "1: Developing activity"),
                ("2", "2: Achieving activity"),
                ("3", "3: Excelling activity"),
            ],
        }
    }

    pub fn level_label(self, key: &str) -> Option<&'static str> {
        self.levels()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, l)| *l)
    }
}

/// One criterion as the body rates itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CriterionRating {
    pub criterion: String,
    /// A level key of the framework; empty until rated.
    #[serde(default)]
    pub level: String,
    /// Links: a Due Regard address (/assessments/3) or a web address.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// What is missing to reach the next level.
    #[serde(default)]
    pub gap: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PeerReview {
    pub on: Date,
    pub reviewers: String,
    /// The level the reviewers gave overall, in their words.
    pub outcome: String,
    #[serde(default)]
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SelfAssessmentFields {
    pub framework: Framework,
    pub title: String,
    pub assessed_on: Date,
    #[serde(default)]
    pub ratings: Vec<CriterionRating>,
    #[serde(default)]
    pub peer_review: Option<PeerReview>,
}

pub type SelfAssessment = crate::record::Record<SelfAssessmentFields>;

/// The raw form: its fixed fields, and per criterion (by key) the level, evidence and gap.
#[derive(Debug, Clone, Default)]
pub struct SelfAssessmentForm {
    pub framework: String,
    pub title: String,
    pub assessed_on: String,
    /// (criterion key, level, evidence one a line, gap)
    pub ratings: Vec<(String, String, String, String)>,
    pub peer_on: String,
    pub peer_reviewers: String,
    pub peer_outcome: String,
    pub peer_summary: String,
}

/// The form field names for a criterion, which has dots in some frameworks' keys.
pub fn field(prefix: &str, criterion: &str) -> String {
    format!("{prefix}_{}", criterion.replace('.', "_"))
}

impl SelfAssessmentFields {
    pub fn validate(form: &SelfAssessmentForm) -> Result<SelfAssessmentFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let framework = Framework::from_key(form.framework.trim());
        if framework.is_none() {
            e.add("framework", "Select the framework");
        }
        let title = validate::required(&mut e, "title", "a title", &form.title, SHORT_TEXT);
        let assessed_on = validate::required_date(
            &mut e,
            "assessed_on",
            "the day of the self-assessment",
            &form.assessed_on,
        );
        let mut ratings = Vec::new();
        if let Some(fw) = framework {
            for cr in fw.criteria() {
                let Some((_, level, evidence, gap)) = form.ratings.iter().find(|r| r.0 == cr.key)
                else {
                    ratings.push(CriterionRating {
                        criterion: cr.key.into(),
                        level: String::new(),
                        evidence: Vec::new(),
                        gap: String::new(),
                    });
                    continue;
                };
                let level = level.trim().to_string();
                if !level.is_empty() && fw.level_label(&level).is_none() {
                    e.add(
                        &field("level", cr.key),
                        format!("Select a level for {} {}", cr.key, cr.name),
                    );
                }
                let mut links = Vec::new();
                for l in evidence.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    let ours = l.starts_with('/')
                        && !l.starts_with("//")
                        && !l.contains(['\\', '<', '>', '"']);
                    let web = (l.starts_with("https://") || l.starts_with("http://"))
                        && !l.contains(['<', '>', '"', ' ']);
                    if (ours || web) && l.len() <= 500 {
                        links.push(l.to_string());
                    } else {
                        e.add(&field("evidence", cr.key), format!("{}: give each piece of evidence as a Due Regard address like /assessments/3, or a web address starting https://", cr.key));
                    }
                }
                let gap =
                    validate::optional(&mut e, &field("gap", cr.key), "the gap", gap, LONG_TEXT)
                        .unwrap_or_default();
                ratings.push(CriterionRating {
                    criterion: cr.key.into(),
                    level,
                    evidence: links,
                    gap,
                });
            }
        }
        let peer_review = match (
            form.peer_on.trim(),
            form.peer_reviewers.trim(),
            form.peer_outcome.trim(),
        ) {
            ("", "", "") => None,
            _ => {
                let on = validate::required_date(
                    &mut e,
                    "peer_on",
                    "the day of the peer review",
                    &form.peer_on,
                );
                let reviewers = validate::required(
                    &mut e,
                    "peer_reviewers",
                    "who carried out the peer review",
                    &form.peer_reviewers,
                    SHORT_TEXT,
                );
                let outcome = validate::required(
                    &mut e,
                    "peer_outcome",
                    "the level the peer review gave",
                    &form.peer_outcome,
                    SHORT_TEXT,
                );
                let summary = validate::optional(
                    &mut e,
                    "peer_summary",
                    "the peer review's summary",
                    &form.peer_summary,
                    LONG_TEXT,
                )
                .unwrap_or_default();
                on.map(|on| PeerReview {
                    on,
                    reviewers,
                    outcome,
                    summary,
                })
            }
        };
        match (framework, assessed_on) {
            (Some(framework), Some(assessed_on)) if e.is_empty() => Ok(SelfAssessmentFields {
                framework,
                title,
                assessed_on,
                ratings,
                peer_review,
            }),
            _ => Err(e),
        }
    }

    pub fn to_form(&self) -> SelfAssessmentForm {
        SelfAssessmentForm {
            framework: self.framework.key().into(),
            title: self.title.clone(),
            assessed_on: self.assessed_on.to_string(),
            ratings: self
                .ratings
                .iter()
                .map(|r| {
                    (
                        r.criterion.clone(),
                        r.level.clone(),
                        r.evidence.join("\n"),
                        r.gap.clone(),
                    )
                })
                .collect(),
            peer_on: self
                .peer_review
                .as_ref()
                .map(|p| p.on.to_string())
                .unwrap_or_default(),
            peer_reviewers: self
                .peer_review
                .as_ref()
                .map(|p| p.reviewers.clone())
                .unwrap_or_default(),
            peer_outcome: self
                .peer_review
                .as_ref()
                .map(|p| p.outcome.clone())
                .unwrap_or_default(),
            peer_summary: self
                .peer_review
                .as_ref()
                .map(|p| p.summary.clone())
                .unwrap_or_default(),
        }
    }

    /// Where the body stands overall, in words: for EDS 2022, the total of the outcome scores
    /// and its rating (under 8 underdeveloped, 8 to 21 developing, 22 to 32 achieving, 33
    /// excelling); otherwise how many criteria are at each level.
    pub fn overall(&self) -> String {
        let rated = self.ratings.iter().filter(|r| !r.level.is_empty()).count();
        let total = self.framework.criteria().len();
        if self.framework == Framework::Eds2022 {
            let score: u32 = self
                .ratings
                .iter()
                .filter_map(|r| r.level.parse::<u32>().ok())
                .sum();
            let rating = match score {
                0..=7 => "Underdeveloped",
                8..=21 => "Developing",
                22..=32 => "Achieving",
                _ => "Excelling",
            };
            return format!(
                "{score} out of 33 ({rating}), with {rated} of {total} outcomes scored"
            );
        }
        let counts: Vec<String> = self
            .framework
            .levels()
            .iter()
            .map(|(k, l)| {
                format!(
                    "{} {}",
                    self.ratings.iter().filter(|r| r.level == *k).count(),
                    l.to_lowercase()
                )
            })
            .collect();
        format!("{} of {total} criteria rated: {}", rated, counts.join(", "))
    }

    /// The criteria with a gap written down: (criterion, gap).
    pub fn gaps(&self) -> Vec<(&'static Criterion, &str)> {
        self.framework
            .criteria()
            .iter()
            .filter_map(|c| {
                let r = self.ratings.iter().find(|r| r.criterion == c.key)?;
                (!r.gap.is_empty()).then_some((c, r.gap.as_str()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(framework: &str, ratings: &[(&str, &str, &str, &str)]) -> SelfAssessmentForm {
        SelfAssessmentForm {
            framework: framework.into(),
            title: "Self-assessment".into(),
            assessed_on: "2026-10-01".into(),
            ratings: ratings
                .iter()
                .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn the_frameworks_are_whole() {
        assert_eq!(Framework::Eflg2021.criteria().len(), 17);
        assert_eq!(Framework::Eslg.criteria().len(), 5);
        assert_eq!(Framework::Eds2022.criteria().len(), 11);
        for fw in Framework::ALL {
            let mut keys: Vec<&str> = fw.criteria().iter().map(|c| c.key).collect();
            keys.dedup();
            assert_eq!(keys.len(), fw.criteria().len());
        }
    }

    #[test]
    fn eds_scores_add_up_to_the_rating_at_its_boundaries() {
        let rate = |scores: &[&str]| {
            let keys: Vec<&str> = Framework::Eds2022
                .criteria()
                .iter()
                .map(|c| c.key)
                .collect();
            let r: Vec<(&str, &str, &str, &str)> = keys
                .iter()
                .zip(scores)
                .map(|(k, s)| (*k, *s, "", ""))
                .collect();
            SelfAssessmentFields::validate(&form("eds_2022", &r))
                .unwrap()
                .overall()
        };
        assert!(
            rate(&["1", "1", "1", "1", "1", "1", "1"]).starts_with("7 out of 33 (Underdeveloped)")
        );
        assert!(
            rate(&["1", "1", "1", "1", "1", "1", "1", "1"]).starts_with("8 out of 33 (Developing)")
        );
        assert!(
            rate(&["2", "2", "2", "2", "2", "2", "2", "2", "2", "2", "1"])
                .starts_with("21 out of 33 (Developing)")
        );
        assert!(
            rate(&["2", "2", "2", "2", "2", "2", "2", "2", "2", "2", "2"])
                .starts_with("22 out of 33 (Achieving)")
        );
        assert!(rate(&["3"; 11]).starts_with("33 out of 33 (Excelling)"));
    }

    #[test]
    fn bad_levels_and_evidence_are_refused_by_criterion_and_gaps_are_listed() {
        let e = SelfAssessmentFields::validate(&form(
            "eflg_2021",
            &[
                ("1.1", "brilliant", "javascript:alert(1)", ""),
                (
                    "2.3",
                    "achieving",
                    "/assessments/3\nhttps://example.gov.uk/eia",
                    "",
                ),
            ],
        ))
        .unwrap_err();
        assert!(e.for_field("level_1_1").is_some());
        assert!(e.for_field("evidence_1_1").is_some());
        assert!(e.for_field("evidence_2_3").is_none());
        let ok = SelfAssessmentFields::validate(&form(
            "eflg_2021",
            &[(
                "2.3",
                "achieving",
                "/assessments/3",
                "Assessments are not yet done before budget decisions",
            )],
        ))
        .unwrap();
        assert_eq!(ok.gaps().len(), 1);
        assert_eq!(ok.gaps()[0].0.key, "2.3");
        assert!(
            ok.overall()
                .starts_with("1 of 17 criteria rated: 0 developing, 1 achieving")
        );
        assert_eq!(SelfAssessmentFields::validate(&ok.to_form()).unwrap(), ok);
        assert!(
            SelfAssessmentFields::validate(&SelfAssessmentForm {
                peer_on: "2026-11-01".into(),
                ..form("eslg", &[])
            })
            .unwrap_err()
            .for_field("peer_reviewers")
            .is_some()
        );
    }
}
