//! Committees' meetings and what goes to them (seed 004: the plan goes to a scrutiny committee
//! before the Leader approves it; seed 000: the annual progress report goes to Cabinet). The
//! meetings to come, with their items, are the forward plan.

use crate::validate::{self, LONG_TEXT, ValidationErrors};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MeetingFields {
    pub committee_id: i64,
    pub date: Date,
    /// Where and when in the day, or anything else to say.
    #[serde(default)]
    pub notes: Option<String>,
    /// Plans whose monitoring summary, or approval, this meeting receives.
    #[serde(default)]
    pub plan_ids: Vec<i64>,
    /// Reports (publications) it receives before they are approved or published.
    #[serde(default)]
    pub publication_ids: Vec<i64>,
}

pub type Meeting = crate::record::Record<MeetingFields>;

impl MeetingFields {
    pub fn validate(
        committee: &str,
        date: &str,
        notes: &str,
        plans: &[String],
        publications: &[String],
    ) -> Result<MeetingFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let committee_id = committee.trim().parse::<i64>().ok();
        if committee_id.is_none() {
            e.add("committee_id", "Select the committee that meets");
        }
        let date = validate::required_date(&mut e, "date", "the date of the meeting", date);
        let notes = validate::optional(&mut e, "notes", "notes", notes, LONG_TEXT);
        let plan_ids = validate::ids(&mut e, "plan_ids", plans);
        let publication_ids = validate::ids(&mut e, "publication_ids", publications);
        match (committee_id, date) {
            (Some(committee_id), Some(date)) if e.is_empty() => Ok(MeetingFields {
                committee_id,
                date,
                notes,
                plan_ids,
                publication_ids,
            }),
            _ => Err(e),
        }
    }
}

/// The next meeting on or after `day` that receives `plan`, if one is planned.
pub fn next_for_plan(meetings: &[Meeting], plan: i64, day: Date) -> Option<&Meeting> {
    meetings
        .iter()
        .filter(|m| m.fields.date >= day && m.fields.plan_ids.contains(&plan))
        .min_by_key(|m| (m.fields.date, m.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_meeting_is_checked_as_typed() {
        let ok = MeetingFields::validate(
            "3",
            "2027-01-14",
            " Room 2 ",
            &["5".into(), "5".into()],
            &[],
        )
        .unwrap();
        assert_eq!(
            (ok.committee_id, ok.date, ok.notes.as_deref()),
            (3, date(2027, 1, 14), Some("Room 2"))
        );
        assert_eq!(ok.plan_ids, [5]);
        let bad = MeetingFields::validate("", "2027-02-30", "", &["x".into()], &[]).unwrap_err();
        let fields: Vec<&str> = bad.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["committee_id", "date", "plan_ids"]);
    }

    #[test]
    fn the_next_meeting_for_a_plan_is_the_first_on_or_after_the_day() {
        let m = |id, d: Date, plans: Vec<i64>| Meeting {
            id,
            version: 1,
            fields: MeetingFields {
                committee_id: 1,
                date: d,
                notes: None,
                plan_ids: plans,
                publication_ids: vec![],
            },
        };
        let all = [
            m(1, date(2026, 11, 1), vec![7]),
            m(2, date(2027, 1, 14), vec![7]),
            m(3, date(2026, 12, 10), vec![8]),
            m(4, date(2027, 3, 1), vec![7]),
        ];
        assert_eq!(
            next_for_plan(&all, 7, date(2026, 12, 2)).map(|m| m.id),
            Some(2)
        );
        assert_eq!(
            next_for_plan(&all, 7, date(2027, 1, 14)).map(|m| m.id),
            Some(2)
        );
        assert_eq!(next_for_plan(&all, 9, date(2026, 1, 1)), None);
    }
}
