//! Who does the work: organisations, their directorates, people and committees.

use crate::validate::{self, SHORT_TEXT, ValidationErrors};
use crate::vocab::{CommitteeKind, Nation, PersonKind};
use serde::{Deserialize, Serialize};

/// A public body. One installation can host several; nothing of one is visible to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Organisation {
    pub id: i64,
    /// Short name used on the command line, e.g. `dudley`.
    pub slug: String,
    pub name: String,
    pub nation: Nation,
    /// Employees on the snapshot date; decides which duties apply (150+ workforce information,
    /// 250+ gender pay gap, in England).
    pub headcount: Option<i64>,
}

impl Organisation {
    /// England, SI 2017/353 reg 4(2): employee information is not required below 150 staff.
    pub fn must_publish_workforce_information(&self) -> bool {
        self.nation != Nation::England || self.headcount.is_some_and(|h| h >= 150)
    }

    /// Gender pay gap reporting applies at 250 or more employees (England), 20 or more (Scotland).
    pub fn must_report_gender_pay_gap(&self) -> bool {
        match self.nation {
            Nation::England => self.headcount.is_some_and(|h| h >= 250),
            Nation::Scotland => self.headcount.is_some_and(|h| h >= 20),
            Nation::Wales => true,
        }
    }
}

/// Checks a slug: lower-case letters, digits and hyphens, as used in URLs and on the command line.
pub fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 60
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
}

/// A directorate and the services within it, e.g. the Chief Executive's Directorate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DirectorateFields {
    pub name: String,
    #[serde(default)]
    pub services: Vec<String>,
}

impl DirectorateFields {
    pub fn validate(name: &str, services: &str) -> Result<Self, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = validate::required(&mut e, "name", "the directorate's name", name, SHORT_TEXT);
        let services: Vec<String> = services
            .lines()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if services.iter().any(|s| s.chars().count() > SHORT_TEXT) {
            e.add(
                "services",
                format!("Each service name must be {SHORT_TEXT} characters or fewer"),
            );
        }
        e.finish(DirectorateFields { name, services })
    }
}

pub type Directorate = crate::record::Record<DirectorateFields>;

/// An officer or elected member who leads, approves or scrutinises work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PersonFields {
    pub name: String,
    /// As used in action plans' lead officer columns, e.g. "SM".
    pub initials: Option<String>,
    pub job_title: Option<String>,
    pub directorate_id: Option<i64>,
    pub kind: PersonKind,
    /// An elected member's portfolio, e.g. "Customer Services and Communications".
    pub portfolio: Option<String>,
}

/// Raw values for a person, as typed into a form or sent to the API.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct PersonInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub initials: String,
    #[serde(default)]
    pub job_title: String,
    #[serde(default)]
    pub directorate_id: Option<i64>,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub portfolio: String,
}

impl PersonInput {
    pub fn validate(&self) -> Result<PersonFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = validate::required(&mut e, "name", "the person's name", &self.name, SHORT_TEXT);
        let initials = validate::optional(&mut e, "initials", "initials", &self.initials, 10);
        if initials.as_deref().is_some_and(|i| {
            !i.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        }) {
            e.add("initials", "Initials must be letters only, like SM");
        }
        let job_title = validate::optional(
            &mut e,
            "job_title",
            "a job title",
            &self.job_title,
            SHORT_TEXT,
        );
        let kind = match self.kind.trim() {
            "" => PersonKind::Officer,
            k => PersonKind::from_key(k).unwrap_or_else(|| {
                e.add("kind", "Select officer or elected member");
                PersonKind::Officer
            }),
        };
        let portfolio = validate::optional(
            &mut e,
            "portfolio",
            "a portfolio",
            &self.portfolio,
            SHORT_TEXT,
        );
        e.finish(PersonFields {
            name,
            initials: initials.map(|i| i.to_uppercase()),
            job_title,
            directorate_id: self.directorate_id,
            kind,
            portfolio,
        })
    }
}

pub type Person = crate::record::Record<PersonFields>;

/// "SM/JW": the way plans name their lead officers (a name where there are no initials).
pub fn lead_initials(people: &[Person], ids: &[i64]) -> String {
    ids.iter()
        .filter_map(|id| people.iter().find(|p| p.id == *id))
        .map(|p| {
            p.fields
                .initials
                .clone()
                .unwrap_or_else(|| p.fields.name.clone())
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A committee or group that approves, scrutinises or monitors equality work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CommitteeFields {
    pub name: String,
    pub kind: CommitteeKind,
}

impl CommitteeFields {
    /// Checks a committee's name and kind as typed.
    pub fn validate(name: &str, kind: &str) -> Result<CommitteeFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = validate::required(&mut e, "name", "the committee's name", name, SHORT_TEXT);
        let kind = CommitteeKind::from_key(kind);
        if kind.is_none() {
            e.add("kind", "Select what kind of committee or group it is");
        }
        match kind {
            Some(kind) if e.is_empty() => Ok(CommitteeFields { name, kind }),
            _ => Err(e),
        }
    }
}

pub type Committee = crate::record::Record<CommitteeFields>;

/// A characteristic the organisation adds to the nine, e.g. rurality or armed forces community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LocalCharacteristicFields {
    pub name: String,
    pub description: Option<String>,
}

impl LocalCharacteristicFields {
    /// Checks a local characteristic's name and why it is considered, as typed.
    pub fn validate(
        name: &str,
        description: &str,
    ) -> Result<LocalCharacteristicFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = validate::required(
            &mut e,
            "name",
            "the characteristic's name",
            name,
            SHORT_TEXT,
        );
        let description = validate::optional(
            &mut e,
            "description",
            "a description",
            description,
            validate::LONG_TEXT,
        );
        e.finish(LocalCharacteristicFields { name, description })
    }
}

pub type LocalCharacteristic = crate::record::Record<LocalCharacteristicFields>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_follow_the_regulations() {
        let mut o = Organisation {
            id: 1,
            slug: "x".into(),
            name: "X".into(),
            nation: Nation::England,
            headcount: Some(149),
        };
        assert!(!o.must_publish_workforce_information());
        o.headcount = Some(150);
        assert!(o.must_publish_workforce_information());
        assert!(!o.must_report_gender_pay_gap());
        o.headcount = Some(250);
        assert!(o.must_report_gender_pay_gap());
    }

    #[test]
    fn people_need_a_name_and_letter_initials() {
        let bad = PersonInput {
            initials: "S1".into(),
            kind: "robot".into(),
            ..Default::default()
        };
        let e = bad.validate().err().unwrap_or_default();
        assert_eq!(e.for_field("name"), Some("Enter the person's name"));
        assert!(e.for_field("initials").is_some());
        assert!(e.for_field("kind").is_some());
        let ok = PersonInput {
            name: "Simon Manson".into(),
            initials: "sm".into(),
            ..Default::default()
        };
        assert_eq!(
            ok.validate().ok().and_then(|p| p.initials),
            Some("SM".into())
        );
        assert!(valid_slug("dudley-mbc") && !valid_slug("Dudley") && !valid_slug(""));
    }
}
