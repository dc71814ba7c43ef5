//! Training courses and sessions, and framework self-assessments: what each refers to, for the
//! one record mechanism.

use crate::records::{Columns, Kind, Referrer, Refs, Table, Tx, Val};
use dueregard_core::framework::SelfAssessmentFields;
use dueregard_core::store::StoreResult;
use dueregard_core::training::{CourseFields, TrainingSessionFields};

pub(crate) const SELF_ASSESSMENTS: Table =
    Table::new("self_assessments", "framework self-assessment");

impl Kind for SelfAssessmentFields {
    const TABLE: Table = SELF_ASSESSMENTS;
    const ORDER: &'static str = "id DESC";
    fn label(&self) -> String {
        self.title.clone()
    }
}

pub(crate) const COURSES: Table = Table::new("training_courses", "training course");
pub(crate) const SESSIONS: Table = Table::new("training_sessions", "training session");

impl Kind for CourseFields {
    const TABLE: Table = COURSES;
    const REFERRERS: &'static [Referrer] = &[
        Referrer::column("training_sessions", "course_id", ("session", "sessions")),
        Referrer::field("indicators", "course_id", ("indicator", "indicators")),
    ];
    fn label(&self) -> String {
        self.title.clone()
    }
    async fn prepare(&self, tx: &mut Tx<'_>, org: i64, _: Option<i64>) -> StoreResult<Columns> {
        let mut refs = Refs::new(tx, org);
        let message = "Select directorates of this organisation";
        refs.check(
            "directorates",
            &self.directorate_ids,
            None,
            "directorate_ids",
            message,
        )
        .await?;
        refs.finish()?;
        Ok(Columns::default())
    }
}

impl Kind for TrainingSessionFields {
    const TABLE: Table = SESSIONS;
    const ORDER: &'static str = "held_on DESC, id DESC";
    fn label(&self) -> String {
        format!("Session on {}", self.date)
    }
    async fn prepare(&self, tx: &mut Tx<'_>, org: i64, _: Option<i64>) -> StoreResult<Columns> {
        let mut refs = Refs::new(tx, org);
        let message = "Select a course of this organisation";
        refs.check(
            "training_courses",
            &[self.course_id],
            None,
            "course_id",
            message,
        )
        .await?;
        let message = "Select people of this organisation";
        refs.check("people", &self.attendee_ids, None, "attendee_ids", message)
            .await?;
        refs.finish()?;
        Ok(Columns::with(vec![
            ("course_id", Val::int(self.course_id)),
            ("held_on", Val::text(self.date.to_string())),
        ]))
    }
}
