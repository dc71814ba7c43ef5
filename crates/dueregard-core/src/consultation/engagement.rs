//! Engagement events and forums (seed 004: the BME community engagement event each autumn,
//! disabled people's forums): when, for whom, who came (as counts by group), what was said and
//! what is to follow. An event planned for a group a consultation has not heard shows beside it.

use super::response::MONITORED;
use crate::validate::{self, LONG_TEXT, SHORT_TEXT, ValidationErrors};
use crate::vocab::vocabulary;
use dueregard_stats::classify::Characteristic;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// What kind of engagement it is.
    EngagementKind {
        Event => ("event", "Event or drop-in"),
        Forum => ("forum", "Forum or network meeting"),
        Workshop => ("workshop", "Workshop or focus group"),
    }
);

/// How many came from one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupCount {
    pub characteristic: Characteristic,
    pub code: u8,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EngagementFields {
    pub title: String,
    pub kind: EngagementKind,
    pub date: Date,
    /// Who it is for, in words.
    pub audience: String,
    /// The consultation it feeds, if any.
    #[serde(default)]
    pub consultation_id: Option<i64>,
    /// The groups it sets out to hear (census category labels, as the reach tables name them).
    #[serde(default)]
    pub aimed_at: Vec<String>,
    #[serde(default)]
    pub attendance: Option<u32>,
    /// Who came, as counts by group: only ever shown through disclosure control.
    #[serde(default)]
    pub profile: Vec<GroupCount>,
    #[serde(default)]
    pub what_was_said: Option<String>,
    #[serde(default)]
    pub follow_up: Vec<String>,
}

pub type EngagementEvent = crate::record::Record<EngagementFields>;

/// The raw values of the form.
#[derive(Debug, Clone, Default)]
pub struct EngagementForm {
    pub title: String,
    pub kind: String,
    pub date: String,
    pub audience: String,
    pub consultation_id: String,
    pub aimed_at: String,
    pub attendance: String,
    /// One group a line: "Disabled: 12".
    pub profile: String,
    pub what_was_said: String,
    pub follow_up: String,
}

/// Every group label a profile line or an aim may name, with its characteristic and code.
fn group_labels() -> Vec<(Characteristic, u8, &'static str)> {
    let mut out = Vec::new();
    for c in MONITORED {
        for (code, label) in c.categories().iter().enumerate() {
            if c.is_disclosed(code as u8) {
                out.push((c, code as u8, *label));
            }
        }
    }
    out
}

fn lines(raw: &str) -> impl Iterator<Item = &str> {
    raw.lines().map(str::trim).filter(|l| !l.is_empty())
}

impl EngagementFields {
    pub fn validate(form: &EngagementForm) -> Result<EngagementFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let title = validate::required(&mut e, "title", "a title", &form.title, SHORT_TEXT);
        let kind = EngagementKind::from_key(form.kind.trim());
        if kind.is_none() {
            e.add("kind", "Select what kind of engagement it is");
        }
        let date = validate::required_date(&mut e, "date", "the date", &form.date);
        let audience = validate::required(
            &mut e,
            "audience",
            "who it is for",
            &form.audience,
            SHORT_TEXT,
        );
        let consultation_id = match form.consultation_id.trim() {
            "" => None,
            v => match v.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    e.add("consultation_id", "Choose a consultation from the list");
                    None
                }
            },
        };
        let labels = group_labels();
        let mut aimed_at = Vec::new();
        let broad = dueregard_stats::classify::BROAD_ETHNIC_GROUPS;
        for l in lines(&form.aimed_at) {
            let known = labels
                .iter()
                .map(|(_, _, g)| *g)
                .chain(broad.iter().copied())
                .find(|g| g.eq_ignore_ascii_case(l));
            match known {
                Some(g) if !aimed_at.iter().any(|a: &String| a == g) => aimed_at.push(g.to_string()),
                Some(_) => {}
                None => e.add(
                    "aimed_at",
                    format!("'{l}' is not a census group: use the names the reach tables use, like Disabled or Pakistani"),
                ),
            }
        }
        let attendance = match form.attendance.trim() {
            "" => None,
            v => match v.parse::<u32>() {
                Ok(n) if n <= 1_000_000 => Some(n),
                _ => {
                    e.add(
                        "attendance",
                        "Enter how many came as a whole number, like 45",
                    );
                    None
                }
            },
        };
        let mut profile: Vec<GroupCount> = Vec::new();
        for (n, l) in lines(&form.profile).enumerate() {
            let parsed = l.rsplit_once(':').and_then(|(g, c)| {
                let (characteristic, code, _) = labels
                    .iter()
                    .find(|(_, _, label)| label.eq_ignore_ascii_case(g.trim()))?;
                Some(GroupCount {
                    characteristic: *characteristic,
                    code: *code,
                    count: c.trim().parse().ok()?,
                })
            });
            match parsed {
                Some(p) if !profile.iter().any(|x| x.characteristic == p.characteristic && x.code == p.code) => profile.push(p),
                Some(_) => e.add("profile", format!("Line {}: that group is given twice", n + 1)),
                None => e.add(
                    "profile",
                    format!("Line {}: write a census group, a colon and how many came, like Disabled: 12", n + 1),
                ),
            }
        }
        if let Some(total) = attendance {
            for c in MONITORED {
                let sum: u32 = profile
                    .iter()
                    .filter(|p| p.characteristic == c)
                    .map(|p| p.count)
                    .sum();
                if sum > total {
                    e.add(
                        "profile",
                        format!(
                            "The {} counts add up to {sum}, more than the {total} who came",
                            c.label().to_lowercase()
                        ),
                    );
                }
            }
        }
        let what_was_said = validate::optional(
            &mut e,
            "what_was_said",
            "what was said",
            &form.what_was_said,
            LONG_TEXT,
        );
        let follow_up = lines(&form.follow_up)
            .map(|l| {
                validate::required(&mut e, "follow_up", "each follow-up action", l, SHORT_TEXT)
            })
            .collect();
        match (kind, date) {
            (Some(kind), Some(date)) if e.is_empty() => Ok(EngagementFields {
                title,
                kind,
                date,
                audience,
                consultation_id,
                aimed_at,
                attendance,
                profile,
                what_was_said,
                follow_up,
            }),
            _ => Err(e),
        }
    }

    pub fn to_form(&self) -> EngagementForm {
        let labels = group_labels();
        EngagementForm {
            title: self.title.clone(),
            kind: self.kind.key().into(),
            date: self.date.to_string(),
            audience: self.audience.clone(),
            consultation_id: self
                .consultation_id
                .map(|i| i.to_string())
                .unwrap_or_default(),
            aimed_at: self.aimed_at.join("\n"),
            attendance: self.attendance.map(|a| a.to_string()).unwrap_or_default(),
            profile: self
                .profile
                .iter()
                .filter_map(|p| {
                    let (_, _, label) = labels
                        .iter()
                        .find(|(c, k, _)| *c == p.characteristic && *k == p.code)?;
                    Some(format!("{label}: {}", p.count))
                })
                .collect::<Vec<_>>()
                .join("\n"),
            what_was_said: self.what_was_said.clone().unwrap_or_default(),
            follow_up: self.follow_up.join("\n"),
        }
    }

    /// The census group labels counted in the reach tables that this event sets out to hear:
    /// a broad ethnic group is named by its own label there.
    pub fn aims_at(&self, group: &str) -> bool {
        self.aimed_at.iter().any(|a| a.eq_ignore_ascii_case(group))
            || self.aimed_at.iter().any(|a| {
                dueregard_stats::classify::Characteristic::Ethnicity
                    .parse(a)
                    .and_then(dueregard_stats::classify::broad_ethnic_group)
                    .and_then(|g| {
                        dueregard_stats::classify::BROAD_ETHNIC_GROUPS.get(usize::from(g))
                    })
                    .is_some_and(|broad| broad.eq_ignore_ascii_case(group))
            })
    }
}

/// An event's profile as shown: each count, or `None` where disclosure control hides it (1 to
/// 9, and enough others within a characteristic that none hidden can be worked out from the
/// attendance).
pub fn shown_profile(e: &EngagementFields) -> Vec<(Characteristic, String, Option<u32>)> {
    use dueregard_stats::disclosure::{Preset, TableSet, protect};
    let labels = group_labels();
    let mut out = Vec::new();
    for c in MONITORED {
        let counts: Vec<&GroupCount> = e.profile.iter().filter(|p| p.characteristic == c).collect();
        if counts.is_empty() {
            continue;
        }
        let mut set = TableSet::default();
        let cells: Vec<usize> = counts
            .iter()
            .map(|p| set.cell(u64::from(p.count)))
            .collect();
        let known: u32 = counts.iter().map(|p| p.count).sum();
        let rest = set.cell(u64::from(
            e.attendance.unwrap_or(known).saturating_sub(known),
        ));
        let total = set.cell(u64::from(e.attendance.unwrap_or(known)));
        let mut parts = cells.clone();
        parts.push(rest);
        set.sum(total, parts);
        set.public.push(total);
        let shown = protect(&set, &Preset::Threshold10.policy());
        for (p, cell) in counts.iter().zip(cells) {
            let label = labels
                .iter()
                .find(|(k, code, _)| *k == p.characteristic && *code == p.code)
                .map_or(String::new(), |(_, _, l)| l.to_string());
            out.push((c, label, shown.published[cell].map(|v| v as u32)));
        }
    }
    out
}
