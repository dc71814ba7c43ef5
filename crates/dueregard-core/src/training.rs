//! Equality training: courses (an induction session, a member briefing, a half-day impact
//! assessment module, as seed 000 proposes), their sessions and who attended, the coverage by
//! directorate and by officers and members, and who is due a refresher.

use crate::org::Person;
use crate::validate::{self, LONG_TEXT, SHORT_TEXT, ValidationErrors};
use crate::vocab::PersonKind;
use crate::vocab::vocabulary;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// What kind of course it is.
    CourseKind {
        Induction => ("induction", "Induction"),
        MemberBriefing => ("member_briefing", "Briefing for elected members"),
        ImpactAssessment => ("impact_assessment", "Impact assessment module"),
        Other => ("other", "Other equality training"),
    }
);

vocabulary!(
    /// Who a course is for.
    Audience {
        Officers => ("officers", "Officers"),
        Members => ("members", "Elected members"),
        Everyone => ("everyone", "Officers and members"),
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CourseFields {
    pub title: String,
    pub kind: CourseKind,
    pub audience: Audience,
    #[serde(default)]
    pub description: String,
    /// How long the training lasts before a refresher is due, in months; none: it does not lapse.
    #[serde(default)]
    pub refresher_months: Option<u32>,
    /// The directorates whose officers should take it; none: every directorate.
    #[serde(default)]
    pub directorate_ids: Vec<i64>,
}

pub type Course = crate::record::Record<CourseFields>;

#[derive(Debug, Clone, Default)]
pub struct CourseForm {
    pub title: String,
    pub kind: String,
    pub audience: String,
    pub description: String,
    pub refresher_months: String,
    pub directorate_ids: Vec<String>,
}

impl CourseFields {
    pub fn validate(form: &CourseForm) -> Result<CourseFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let title = validate::required(&mut e, "title", "a title", &form.title, SHORT_TEXT);
        let kind = CourseKind::from_key(form.kind.trim());
        if kind.is_none() {
            e.add("kind", "Select what kind of course it is");
        }
        let audience = Audience::from_key(form.audience.trim());
        if audience.is_none() {
            e.add("audience", "Select who the course is for");
        }
        let description = validate::optional(
            &mut e,
            "description",
            "the description",
            &form.description,
            LONG_TEXT,
        )
        .unwrap_or_default();
        let refresher_months = match form.refresher_months.trim() {
            "" => None,
            v => match v.parse::<u32>() {
                Ok(m) if (1..=120).contains(&m) => Some(m),
                _ => {
                    e.add("refresher_months", "Enter the months before a refresher is due as a whole number from 1 to 120, or leave it empty");
                    None
                }
            },
        };
        let directorate_ids = validate::ids(&mut e, "directorate_ids", &form.directorate_ids);
        match (kind, audience) {
            (Some(kind), Some(audience)) if e.is_empty() => Ok(CourseFields {
                title,
                kind,
                audience,
                description,
                refresher_months,
                directorate_ids,
            }),
            _ => Err(e),
        }
    }

    pub fn to_form(&self) -> CourseForm {
        CourseForm {
            title: self.title.clone(),
            kind: self.kind.key().into(),
            audience: self.audience.key().into(),
            description: self.description.clone(),
            refresher_months: self
                .refresher_months
                .map(|m| m.to_string())
                .unwrap_or_default(),
            directorate_ids: self.directorate_ids.iter().map(i64::to_string).collect(),
        }
    }

    /// Whether `person` is someone the course is for.
    pub fn is_for(&self, person: &Person) -> bool {
        let kind_fits = match self.audience {
            Audience::Officers => person.fields.kind == PersonKind::Officer,
            Audience::Members => person.fields.kind == PersonKind::Member,
            Audience::Everyone => true,
        };
        let directorate_fits = self.directorate_ids.is_empty()
            || person.fields.kind == PersonKind::Member
            || person
                .fields
                .directorate_id
                .is_some_and(|d| self.directorate_ids.contains(&d));
        kind_fits && directorate_fits
    }

    /// The day training taken on `taken` lapses, if it does.
    pub fn lapses(&self, taken: Date) -> Option<Date> {
        let months = i64::from(self.refresher_months?);
        taken.checked_add(months.months()).ok()
    }
}

/// One session of a course: when, and who came (people records).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TrainingSessionFields {
    pub course_id: i64,
    pub date: Date,
    #[serde(default)]
    pub trainer: String,
    #[serde(default)]
    pub attendee_ids: Vec<i64>,
}

pub type TrainingSession = crate::record::Record<TrainingSessionFields>;

#[derive(Debug, Clone, Default)]
pub struct TrainingSessionForm {
    pub course_id: String,
    pub date: String,
    pub trainer: String,
    pub attendee_ids: Vec<String>,
}

impl TrainingSessionFields {
    pub fn validate(form: &TrainingSessionForm) -> Result<TrainingSessionFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let course_id = form.course_id.trim().parse::<i64>().ok();
        if course_id.is_none() {
            e.add("course_id", "Choose the course from the list");
        }
        let date = validate::required_date(&mut e, "date", "the day of the session", &form.date);
        let trainer =
            validate::optional(&mut e, "trainer", "who ran it", &form.trainer, SHORT_TEXT)
                .unwrap_or_default();
        let attendee_ids = validate::ids(&mut e, "attendee_ids", &form.attendee_ids);
        match (course_id, date) {
            (Some(course_id), Some(date)) if e.is_empty() => Ok(TrainingSessionFields {
                course_id,
                date,
                trainer,
                attendee_ids,
            }),
            _ => Err(e),
        }
    }

    pub fn to_form(&self) -> TrainingSessionForm {
        TrainingSessionForm {
            course_id: self.course_id.to_string(),
            date: self.date.to_string(),
            trainer: self.trainer.clone(),
            attendee_ids: self.attendee_ids.iter().map(i64::to_string).collect(),
        }
    }
}

/// Each person's latest attendance of a course on or before `on`.
fn latest(course_id: i64, sessions: &[TrainingSession], person: i64, on: Date) -> Option<Date> {
    sessions
        .iter()
        .filter(|s| s.fields.course_id == course_id && s.fields.date <= on)
        .filter(|s| s.fields.attendee_ids.contains(&person))
        .map(|s| s.fields.date)
        .max()
}

/// Whether `person` holds the course's training on day `on`: attended, and not lapsed.
pub fn trained(course: &Course, sessions: &[TrainingSession], person: i64, on: Date) -> bool {
    latest(course.id, sessions, person, on)
        .is_some_and(|t| course.fields.lapses(t).is_none_or(|l| l > on))
}

/// How many of a group the course is for hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Coverage {
    pub group: String,
    pub trained: u32,
    pub of: u32,
}

impl Coverage {
    pub fn percent(&self) -> Option<f64> {
        (self.of > 0).then(|| f64::from(self.trained) * 100.0 / f64::from(self.of))
    }
}

/// The course's coverage on day `on`: everyone it is for, then officers by directorate
/// (`directorates` names them), then elected members.
pub fn coverage(
    course: &Course,
    sessions: &[TrainingSession],
    people: &[Person],
    directorates: &[(i64, String)],
    on: Date,
) -> Vec<Coverage> {
    let eligible: Vec<&Person> = people.iter().filter(|p| course.fields.is_for(p)).collect();
    let count = |group: String, who: Vec<&&Person>| Coverage {
        group,
        trained: who
            .iter()
            .filter(|p| trained(course, sessions, p.id, on))
            .count() as u32,
        of: who.len() as u32,
    };
    let mut out = vec![count(
        "Everyone it is for".into(),
        eligible.iter().collect(),
    )];
    for (id, name) in directorates {
        let who: Vec<&&Person> = eligible
            .iter()
            .filter(|p| {
                p.fields.kind == PersonKind::Officer && p.fields.directorate_id == Some(*id)
            })
            .collect();
        if !who.is_empty() {
            out.push(count(format!("Officers in {name}"), who));
        }
    }
    let members: Vec<&&Person> = eligible
        .iter()
        .filter(|p| p.fields.kind == PersonKind::Member)
        .collect();
    if !members.is_empty() {
        out.push(count("Elected members".into(), members));
    }
    out
}

/// Who is due a refresher within `within_days` of `on`, or overdue: (person, the day it lapses).
pub fn refreshers_due(
    course: &Course,
    sessions: &[TrainingSession],
    people: &[Person],
    on: Date,
    within_days: i64,
) -> Vec<(i64, Date)> {
    let Ok(horizon) = on.checked_add(within_days.days()) else {
        return Vec::new();
    };
    let mut out: Vec<(i64, Date)> = people
        .iter()
        .filter(|p| course.fields.is_for(p))
        .filter_map(|p| {
            let taken = latest(course.id, sessions, p.id, on)?;
            let lapses = course.fields.lapses(taken)?;
            (lapses <= horizon).then_some((p.id, lapses))
        })
        .collect();
    out.sort_by_key(|(_, d)| *d);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::PersonFields;
    use jiff::civil::date;

    fn person(id: i64, kind: PersonKind, directorate: Option<i64>) -> Person {
        Person {
            id,
            version: 1,
            fields: PersonFields {
                name: format!("Person {id}"),
                initials: None,
                job_title: None,
                directorate_id: directorate,
                kind,
                portfolio: None,
            },
        }
    }

    fn course(refresher: Option<u32>, audience: Audience) -> Course {
        Course {
            id: 1,
            version: 1,
            fields: CourseFields {
                title: "Impact assessment module".into(),
                kind: CourseKind::ImpactAssessment,
                audience,
                description: String::new(),
                refresher_months: refresher,
                directorate_ids: vec![],
            },
        }
    }

    fn session(d: Date, who: &[i64]) -> TrainingSession {
        TrainingSession {
            id: 1,
            version: 1,
            fields: TrainingSessionFields {
                course_id: 1,
                date: d,
                trainer: String::new(),
                attendee_ids: who.to_vec(),
            },
        }
    }

    #[test]
    fn coverage_counts_who_holds_the_training_by_directorate_and_members() {
        let people = vec![
            person(1, PersonKind::Officer, Some(10)),
            person(2, PersonKind::Officer, Some(10)),
            person(3, PersonKind::Officer, Some(20)),
            person(4, PersonKind::Member, None),
        ];
        let dirs = vec![
            (10, "Adult Social Care".to_string()),
            (20, "Resources".to_string()),
        ];
        let sessions = vec![
            session(date(2024, 5, 1), &[1, 3]),
            session(date(2025, 6, 1), &[4]),
        ];
        let c = course(Some(24), Audience::Everyone);
        let on = coverage(&c, &sessions, &people, &dirs, date(2025, 7, 1));
        assert_eq!(
            on.iter()
                .map(|c| (c.group.as_str(), c.trained, c.of))
                .collect::<Vec<_>>(),
            [
                ("Everyone it is for", 3, 4),
                ("Officers in Adult Social Care", 1, 2),
                ("Officers in Resources", 1, 1),
                ("Elected members", 1, 1)
            ]
        );
        assert_eq!(on[0].percent(), Some(75.0));
        // Two years on, the 2024 session has lapsed: only the member holds it.
        let later = coverage(&c, &sessions, &people, &dirs, date(2026, 5, 1));
        assert_eq!((later[0].trained, later[0].of), (1, 4));
        // On the very day it lapses, it has lapsed.
        assert!(!trained(&c, &sessions, 1, date(2026, 5, 1)));
        assert!(trained(&c, &sessions, 1, date(2026, 4, 30)));
        // A course for officers leaves members out.
        let officers = coverage(
            &course(None, Audience::Officers),
            &sessions,
            &people,
            &dirs,
            date(2030, 1, 1),
        );
        assert_eq!((officers[0].trained, officers[0].of), (2, 3));
        assert!(officers.iter().all(|c| c.group != "Elected members"));
    }

    #[test]
    fn refreshers_fall_due_as_training_lapses() {
        let people = vec![
            person(1, PersonKind::Officer, None),
            person(2, PersonKind::Officer, None),
        ];
        let sessions = vec![
            session(date(2024, 5, 1), &[1]),
            session(date(2025, 1, 10), &[2]),
        ];
        let c = course(Some(24), Audience::Officers);
        // On 1 April 2026, person 1's lapses within 30 days; person 2's not for months.
        assert_eq!(
            refreshers_due(&c, &sessions, &people, date(2026, 4, 1), 30),
            vec![(1, date(2026, 5, 1))]
        );
        // A course that never lapses has no refreshers.
        assert!(
            refreshers_due(
                &course(None, Audience::Officers),
                &sessions,
                &people,
                date(2040, 1, 1),
                30
            )
            .is_empty()
        );
    }

    #[test]
    fn the_forms_refuse_each_bad_field() {
        let e = CourseFields::validate(&CourseForm {
            refresher_months: "0".into(),
            ..Default::default()
        })
        .unwrap_err();
        for f in ["title", "kind", "audience", "refresher_months"] {
            assert!(e.for_field(f).is_some(), "{f}");
        }
        let e = TrainingSessionFields::validate(&TrainingSessionForm {
            date: "2025-02-30".into(),
            ..Default::default()
        })
        .unwrap_err();
        assert!(e.for_field("course_id").is_some() && e.for_field("date").is_some());
    }
}
