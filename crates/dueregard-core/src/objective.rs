//! Equality objectives (seed 000 calls them "priorities"): what the organisation commits to,
//! published and refreshed at least every four years (SI 2017/353 reg 5).

use crate::period::Period;
use crate::validate::{self, LONG_TEXT, SHORT_TEXT, ValidationErrors};
use crate::vocab::{Aim, Nation, ProtectedCharacteristic};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Where an objective is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObjectiveStatus {
    Draft,
    Consulting,
    Approved,
    Retired,
}

impl ObjectiveStatus {
    pub const ALL: [ObjectiveStatus; 4] = [
        ObjectiveStatus::Draft,
        ObjectiveStatus::Consulting,
        ObjectiveStatus::Approved,
        ObjectiveStatus::Retired,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ObjectiveStatus::Draft => "draft",
            ObjectiveStatus::Consulting => "consulting",
            ObjectiveStatus::Approved => "approved",
            ObjectiveStatus::Retired => "retired",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ObjectiveStatus::Draft => "Draft",
            ObjectiveStatus::Consulting => "Out to consultation",
            ObjectiveStatus::Approved => "Approved",
            ObjectiveStatus::Retired => "Retired",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Objectives move forward through draft, consultation and approval, and are retired at the
    /// end. Going back to draft from consultation is allowed (consultation may change them).
    pub fn can_move_to(self, next: ObjectiveStatus) -> bool {
        use ObjectiveStatus::*;
        self == next
            || matches!(
                (self, next),
                (Draft, Consulting)
                    | (Draft, Approved)
                    | (Consulting, Approved)
                    | (Consulting, Draft)
                    | (Approved, Retired)
            )
    }
}

/// What an equality objective says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ObjectiveFields {
    pub title: String,
    pub description: Option<String>,
    pub period: Option<Period>,
    pub status: ObjectiveStatus,
    /// The decision that approved it, e.g. "Cabinet, 12 February 2013".
    pub approved_by: Option<String>,
    pub approved_on: Option<Date>,
    pub aims: Vec<Aim>,
    pub characteristics: Vec<ProtectedCharacteristic>,
    /// Names of the organisation's own characteristics (rurality, carers …) it serves.
    #[serde(default)]
    pub local_characteristics: Vec<String>,
}

/// Raw values for an objective, from a form or the API.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct ObjectiveInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub period_start: String,
    #[serde(default)]
    pub period_end: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub approved_by: String,
    #[serde(default)]
    pub approved_on: String,
    #[serde(default)]
    pub aims: Vec<String>,
    #[serde(default)]
    pub characteristics: Vec<String>,
    #[serde(default)]
    pub local_characteristics: Vec<String>,
}

impl ObjectiveInput {
    /// Checks every field; `previous` is the status before this edit, when editing.
    pub fn validate(
        &self,
        previous: Option<ObjectiveStatus>,
    ) -> Result<ObjectiveFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let title = validate::required(&mut e, "title", "a title", &self.title, SHORT_TEXT);
        let description = validate::optional(
            &mut e,
            "description",
            "a description",
            &self.description,
            LONG_TEXT,
        );
        let start =
            validate::optional_date(&mut e, "period_start", "the start date", &self.period_start);
        let end = validate::optional_date(&mut e, "period_end", "the end date", &self.period_end);
        let period = match (start, end) {
            (Some(s), Some(en)) => Period::new(s, en).or_else(|| {
                e.add(
                    "period_end",
                    "The end date must be the same as or after the start date",
                );
                None
            }),
            (Some(_), None) => {
                e.add(
                    "period_end",
                    "Enter the end date, or leave both dates empty",
                );
                None
            }
            (None, Some(_)) => {
                e.add(
                    "period_start",
                    "Enter the start date, or leave both dates empty",
                );
                None
            }
            (None, None) => None,
        };
        let status = match self.status.trim() {
            "" => ObjectiveStatus::Draft,
            s => ObjectiveStatus::from_key(s).unwrap_or_else(|| {
                e.add("status", "Select a status");
                ObjectiveStatus::Draft
            }),
        };
        if let Some(prev) = previous
            && !prev.can_move_to(status)
        {
            e.add(
                "status",
                format!(
                    "An objective that is {} cannot become {}",
                    prev.label().to_lowercase(),
                    status.label().to_lowercase()
                ),
            );
        }
        let approved_by = validate::optional(
            &mut e,
            "approved_by",
            "the approving decision",
            &self.approved_by,
            SHORT_TEXT,
        );
        let approved_on = validate::optional_date(
            &mut e,
            "approved_on",
            "the approval date",
            &self.approved_on,
        );
        if status == ObjectiveStatus::Approved
            && approved_on.is_none()
            && e.for_field("approved_on").is_none()
        {
            e.add("approved_on", "Enter the date the objective was approved");
        }
        let aims = validate::keys(&mut e, "aims", &self.aims, Aim::from_key);
        let characteristics = validate::keys(
            &mut e,
            "characteristics",
            &self.characteristics,
            ProtectedCharacteristic::from_key,
        );
        let mut local_characteristics = Vec::new();
        for l in self
            .local_characteristics
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
        {
            if l.chars().count() > SHORT_TEXT {
                e.add(
                    "local_characteristics",
                    "Each local characteristic must be 300 characters or fewer",
                );
            } else if !local_characteristics.iter().any(|x: &String| x == l) {
                local_characteristics.push(l.to_string());
            }
        }
        e.finish(ObjectiveFields {
            title,
            description,
            period,
            status,
            approved_by,
            approved_on,
            aims,
            characteristics,
            local_characteristics,
        })
    }
}

pub type EqualityObjective = crate::record::Record<ObjectiveFields>;

/// Whether objectives need refreshing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefreshState {
    NotDue,
    /// Within six months of the deadline: time to start the refresh and consult.
    DueSoon,
    Overdue,
}

/// Objectives must be published again within four years of the last publication in England
/// (reg 5: "intervals of not greater than four years") and reviewed every four years in Wales;
/// Scotland sets outcomes on a fixed four-year cycle. The duties table holds each rule.
pub fn refresh_deadline(approved_on: Date, nation: Nation) -> Option<Date> {
    crate::duties::objectives_refresh(nation, approved_on)
}

impl EqualityObjective {
    pub fn refresh_deadline(&self, nation: Nation) -> Option<Date> {
        if self.fields.status != ObjectiveStatus::Approved {
            return None;
        }
        refresh_deadline(self.fields.approved_on?, nation)
    }

    pub fn refresh_state(&self, nation: Nation, today: Date) -> RefreshState {
        let Some(deadline) = self.refresh_deadline(nation) else {
            return RefreshState::NotDue;
        };
        if today > deadline {
            RefreshState::Overdue
        } else if deadline
            .checked_sub(6.months())
            .is_ok_and(|warn| today >= warn)
        {
            RefreshState::DueSoon
        } else {
            RefreshState::NotDue
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn approved(on: Date) -> EqualityObjective {
        let input = ObjectiveInput {
            title: "Fair pay".into(),
            status: "approved".into(),
            approved_on: on.to_string(),
            ..Default::default()
        };
        let Ok(fields) = input.validate(None) else {
            panic!("valid")
        };
        EqualityObjective {
            id: 1,
            version: 1,
            fields,
        }
    }

    #[test]
    fn refresh_is_due_four_years_less_a_day_after_approval() {
        // Cumbria: objectives agreed April 2012, "due to be refreshed by April 2016".
        let o = approved(date(2012, 4, 17));
        assert_eq!(o.refresh_deadline(Nation::England), Some(date(2016, 4, 16)));
        assert_eq!(
            o.refresh_state(Nation::England, date(2015, 10, 15)),
            RefreshState::NotDue
        );
        assert_eq!(
            o.refresh_state(Nation::England, date(2015, 10, 16)),
            RefreshState::DueSoon
        );
        assert_eq!(
            o.refresh_state(Nation::England, date(2016, 4, 16)),
            RefreshState::DueSoon
        );
        assert_eq!(
            o.refresh_state(Nation::England, date(2016, 4, 17)),
            RefreshState::Overdue
        );
        // Leap day: four years on is another leap day.
        assert_eq!(
            refresh_deadline(date(2012, 2, 29), Nation::England),
            Some(date(2016, 2, 28))
        );
    }

    #[test]
    fn bad_objectives_are_refused_field_by_field() {
        let input = ObjectiveInput {
            title: " ".into(),
            period_start: "2016-04-01".into(),
            period_end: "2015-01-01".into(),
            status: "approved".into(),
            aims: vec!["world_peace".into()],
            ..Default::default()
        };
        let e = input.validate(None).err().unwrap_or_default();
        assert_eq!(e.for_field("title"), Some("Enter a title"));
        assert!(e.for_field("period_end").is_some());
        assert_eq!(
            e.for_field("approved_on"),
            Some("Enter the date the objective was approved")
        );
        assert_eq!(
            e.for_field("aims"),
            Some("'world_peace' is not one of the choices")
        );
    }

    #[test]
    fn status_moves_forward_only() {
        let input = ObjectiveInput {
            title: "T".into(),
            status: "draft".into(),
            ..Default::default()
        };
        assert!(input.validate(Some(ObjectiveStatus::Retired)).is_err());
        assert!(input.validate(Some(ObjectiveStatus::Consulting)).is_ok());
    }
}
