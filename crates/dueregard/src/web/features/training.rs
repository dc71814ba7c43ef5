//! Equality training: courses with their coverage today, by directorate and for members, who is
//! due a refresher, and the sessions held and who came, each added and changed through the one
//! edit flow.

use super::{FormSpec, ok_json};
use crate::web::auth::{ApiCaller, SignedIn};
use crate::web::edit::{self, AddPage, EditPage};
use crate::web::error::{ApiResult, AppError, PageResult};
use crate::web::form::{Choice, Field, FormData};
use crate::web::templates::{Chrome, HtmlPage};
use crate::web::{AppState, render, today};
use axum::extract::{Path, State};
use dueregard_core::org::Person;
use dueregard_core::period::long_date;
use dueregard_core::store::{Actor, StoreError};
use dueregard_core::training::{
    Audience, Course, CourseFields, CourseForm, CourseKind, Coverage, TrainingSession,
    TrainingSessionFields, TrainingSessionForm, coverage, refreshers_due,
};
use dueregard_formats::export::xml;

/// How far ahead a refresher counts as due.
const DUE_WITHIN_DAYS: i64 = 60;

/// The directorates a course may be for.
pub struct CourseChoices(Vec<(i64, String)>);

impl CourseChoices {
    async fn load(state: &AppState, org: i64) -> Result<Self, AppError> {
        Ok(CourseChoices(directorates(state, org).await?))
    }

    fn fields(&self, f: &CourseForm) -> Vec<Field> {
        vec![
            Field::text("title", "Title", f.title.clone()),
            Field::radios(
                "kind",
                "What kind of course is it?",
                CourseKind::ALL
                    .iter()
                    .map(|k| Choice::new(k.key(), k.label(), f.kind == k.key()))
                    .collect(),
            ),
            Field::radios(
                "audience",
                "Who is it for?",
                Audience::ALL
                    .iter()
                    .map(|k| Choice::new(k.key(), k.label(), f.audience == k.key()))
                    .collect(),
            ),
            Field::textarea(
                "description",
                "What it covers (optional)",
                f.description.clone(),
            ),
            Field::short(
                "refresher_months",
                "Months before a refresher is due (optional)",
                f.refresher_months.clone(),
            )
            .hint("Leave empty if the training does not lapse"),
            Field::checkboxes(
                "directorate_ids",
                "Directorates whose officers should take it (optional)",
                self.0
                    .iter()
                    .map(|(id, n)| {
                        Choice::new(id, n.clone(), f.directorate_ids.contains(&id.to_string()))
                    })
                    .collect(),
            )
            .hint("None chosen: officers in every directorate"),
        ]
    }
}

async fn directorates(state: &AppState, org: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(state
        .store
        .directorates(org)
        .await?
        .into_iter()
        .map(|d| (d.id, d.fields.name))
        .collect())
}

fn course_form(form: &FormData) -> CourseForm {
    CourseForm {
        title: form.text("title"),
        kind: form.text("kind"),
        audience: form.text("audience"),
        description: form.text("description"),
        refresher_months: form.text("refresher_months"),
        directorate_ids: form.all("directorate_ids"),
    }
}

fn read_course(form: &FormData) -> Result<CourseFields, StoreError> {
    CourseFields::validate(&course_form(form)).map_err(StoreError::Invalid)
}

/// Adding a course.
pub struct CourseAdd(CourseChoices);

impl AddPage for CourseAdd {
    const SECTION: &'static str = "indicators";
    async fn locate(state: &AppState, org: i64, _: &[i64]) -> Result<Self, AppError> {
        Ok(CourseAdd(CourseChoices::load(state, org).await?))
    }
    fn spec(&self) -> FormSpec {
        FormSpec::new(
            "Add a training course",
            "/training/courses/new".into(),
            "/training",
            None,
        )
    }
    fn blank(&self) -> Vec<Field> {
        self.0.fields(&CourseForm::default())
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        self.0.fields(&course_form(form))
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let made = state
            .store
            .create_course(
                &Actor::user(&session.user),
                session.org.id,
                read_course(form)?,
            )
            .await?;
        Ok(format!("/training/courses/{}", made.id))
    }
}

/// Changing a course.
pub struct CourseEdit {
    org: i64,
    id: i64,
    choices: CourseChoices,
}

impl EditPage for CourseEdit {
    type Record = Course;
    const ENTITY: &'static str = "training course";
    const SECTION: &'static str = "indicators";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, c: &Course) -> FormSpec {
        FormSpec::new(
            "Change a training course",
            format!("/training/courses/{}/edit", c.id),
            &format!("/training/courses/{}", c.id),
            Some(c.version),
        )
    }
    fn fields_of(&self, c: &Course) -> Vec<Field> {
        self.choices.fields(&c.fields.to_form())
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        self.choices.fields(&course_form(form))
    }
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        Ok(CourseEdit {
            org,
            id: edit::record_id(ids)?,
            choices: CourseChoices::load(state, org).await?,
        })
    }
    async fn load(&self, state: &AppState) -> Result<Course, StoreError> {
        state.store.course(self.org, self.id).await
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        state
            .store
            .update_course(
                &Actor::user(&session.user),
                self.org,
                self.id,
                version,
                read_course(form)?,
            )
            .await?;
        Ok(format!("/training/courses/{}", self.id))
    }
}

/// What a session's form offers: the courses and the people who may attend.
pub struct SessionChoices {
    courses: Vec<(i64, String)>,
    people: Vec<Person>,
    course: Option<i64>,
}

impl SessionChoices {
    async fn load(state: &AppState, org: i64, course: Option<i64>) -> Result<Self, AppError> {
        Ok(SessionChoices {
            courses: state
                .store
                .courses(org)
                .await?
                .into_iter()
                .map(|c| (c.id, c.fields.title))
                .collect(),
            people: state.store.people(org).await?,
            course,
        })
    }

    fn fields(&self, f: &TrainingSessionForm) -> Vec<Field> {
        let chosen = if f.course_id.is_empty() {
            self.course.map(|c| c.to_string()).unwrap_or_default()
        } else {
            f.course_id.clone()
        };
        vec![
            Field::select(
                "course_id",
                "Course",
                self.courses
                    .iter()
                    .map(|(id, t)| Choice::new(id, t.clone(), chosen == id.to_string()))
                    .collect(),
            ),
            Field::date("date", "Day of the session", &f.date),
            Field::text("trainer", "Who ran it (optional)", f.trainer.clone()),
            Field::checkboxes(
                "attendee_ids",
                "Who came",
                self.people
                    .iter()
                    .map(|p| {
                        Choice::new(
                            p.id,
                            p.fields.name.clone(),
                            f.attendee_ids.contains(&p.id.to_string()),
                        )
                    })
                    .collect(),
            ),
        ]
    }
}

fn session_form(form: &FormData) -> TrainingSessionForm {
    TrainingSessionForm {
        course_id: form.text("course_id"),
        date: form.date("date"),
        trainer: form.text("trainer"),
        attendee_ids: form.all("attendee_ids"),
    }
}

/// The session's fields; the course named by the address stands when the form names none.
fn read_session(form: &FormData, course: Option<i64>) -> Result<TrainingSessionFields, StoreError> {
    let mut f = session_form(form);
    if f.course_id.is_empty() {
        f.course_id = course.map(|c| c.to_string()).unwrap_or_default();
    }
    TrainingSessionFields::validate(&f).map_err(StoreError::Invalid)
}

/// Recording a session, for a course when the address names one.
pub struct SessionAdd(SessionChoices);

impl AddPage for SessionAdd {
    const SECTION: &'static str = "indicators";
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        Ok(SessionAdd(
            SessionChoices::load(state, org, ids.first().copied()).await?,
        ))
    }
    fn spec(&self) -> FormSpec {
        match self.0.course {
            Some(c) => FormSpec::new(
                "Record a training session",
                format!("/training/courses/{c}/sessions/new"),
                &format!("/training/courses/{c}"),
                None,
            ),
            None => FormSpec::new(
                "Record a training session",
                "/training/sessions/new".into(),
                "/training",
                None,
            ),
        }
    }
    fn blank(&self) -> Vec<Field> {
        self.0.fields(&TrainingSessionForm::default())
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        self.0.fields(&session_form(form))
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let made = state
            .store
            .create_training_session(
                &Actor::user(&session.user),
                session.org.id,
                read_session(form, self.0.course)?,
            )
            .await?;
        Ok(format!("/training/courses/{}", made.fields.course_id))
    }
}

/// Changing a session: its day, or who came.
pub struct SessionEdit {
    org: i64,
    id: i64,
    choices: SessionChoices,
}

impl EditPage for SessionEdit {
    type Record = TrainingSession;
    const ENTITY: &'static str = "training session";
    const SECTION: &'static str = "indicators";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, s: &TrainingSession) -> FormSpec {
        FormSpec::new(
            "Change a training session",
            format!("/training/sessions/{}/edit", s.id),
            &format!("/training/courses/{}", s.fields.course_id),
            Some(s.version),
        )
    }
    fn fields_of(&self, s: &TrainingSession) -> Vec<Field> {
        self.choices.fields(&s.fields.to_form())
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        self.choices.fields(&session_form(form))
    }
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        Ok(SessionEdit {
            org,
            id: edit::record_id(ids)?,
            choices: SessionChoices::load(state, org, None).await?,
        })
    }
    async fn load(&self, state: &AppState) -> Result<TrainingSession, StoreError> {
        state.store.training_session(self.org, self.id).await
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        let f = read_session(form, None)?;
        let course = f.course_id;
        state
            .store
            .update_training_session(&Actor::user(&session.user), self.org, self.id, version, f)
            .await?;
        Ok(format!("/training/courses/{course}"))
    }
}

fn coverage_table(caption: &str, rows: &[Coverage]) -> String {
    let body: String = rows
        .iter()
        .map(|c| {
            format!(
                "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td></tr>",
                xml(&c.group),
                c.trained,
                c.of,
                c.percent().map_or("–".into(), |p| format!("{p:.0}%"))
            )
        })
        .collect();
    format!(
        "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">{}</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Who</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Trained</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Of</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Share</th></tr></thead><tbody class=\"govuk-table__body\">{body}</tbody></table>",
        xml(caption)
    )
}

/// GET /training
pub async fn list(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let org = session.org.id;
    let courses = state.store.courses(org).await?;
    let sessions = state.store.training_sessions(org).await?;
    let people = state.store.people(org).await?;
    let dirs = directorates(&state, org).await?;
    let on = today();
    let mut rows = Vec::new();
    let mut items = String::new();
    for c in &courses {
        let mut cover = coverage(c, &sessions, &people, &dirs, on);
        let mut first = cover.remove(0);
        first.group = c.fields.title.clone();
        rows.push(first);
        let due = refreshers_due(c, &sessions, &people, on, DUE_WITHIN_DAYS).len();
        items.push_str(&format!(
            "<li><a class=\"govuk-link\" href=\"/training/courses/{}\">{}</a><br><span class=\"govuk-body-s\">{} · {} · {} due a refresher</span></li>",
            c.id,
            xml(&c.fields.title),
            c.fields.kind.label(),
            c.fields.audience.label(),
            due
        ));
    }
    let add = if session.user.role.can_edit_everything() {
        "<div class=\"govuk-button-group\"><a href=\"/training/courses/new\" role=\"button\" draggable=\"false\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Add a course</a><a href=\"/training/sessions/new\" role=\"button\" draggable=\"false\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Record a session</a></div>"
    } else {
        ""
    };
    let body = format!(
        "<h1 class=\"govuk-heading-l\">Equality training</h1><p class=\"govuk-body\">Courses, the sessions held and who came, and how many of the people each course is for hold it today.</p>{add}{}{}",
        if rows.is_empty() {
            String::new()
        } else {
            coverage_table("Coverage today", &rows)
        },
        if items.is_empty() {
            "<p class=\"govuk-body\">No courses yet.</p>".to_string()
        } else {
            format!(
                "<h2 class=\"govuk-heading-m\">Courses</h2><ul class=\"govuk-list govuk-list--spaced\">{items}</ul>"
            )
        }
    );
    Ok(render(&HtmlPage {
        chrome: Chrome::new(&session, "indicators"),
        title: "Equality training".into(),
        body,
    }))
}

/// GET /training/courses/{id}
pub async fn course(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let org = session.org.id;
    let c = state.store.course(org, id).await?;
    let sessions: Vec<TrainingSession> = state
        .store
        .training_sessions(org)
        .await?
        .into_iter()
        .filter(|s| s.fields.course_id == id)
        .collect();
    let people = state.store.people(org).await?;
    let dirs = directorates(&state, org).await?;
    let on = today();
    let name = |p: i64| {
        people
            .iter()
            .find(|x| x.id == p)
            .map_or("Someone no longer listed".to_string(), |x| {
                x.fields.name.clone()
            })
    };
    let mut body = format!(
        "<span class=\"govuk-caption-l\">Training course</span><h1 class=\"govuk-heading-l\">{}</h1><p class=\"govuk-body\">{} for {}. {}</p>",
        xml(&c.fields.title),
        c.fields.kind.label(),
        c.fields.audience.label().to_lowercase(),
        c.fields
            .refresher_months
            .map_or("It does not lapse.".to_string(), |m| format!(
                "A refresher is due {m} months after it is taken."
            ))
    );
    if !c.fields.description.is_empty() {
        body.push_str(&format!(
            "<p class=\"govuk-body dr-pre\">{}</p>",
            xml(&c.fields.description)
        ));
    }
    if session.user.role.can_edit_everything() {
        body.push_str(&format!("<div class=\"govuk-button-group\"><a href=\"/training/courses/{id}/sessions/new\" role=\"button\" draggable=\"false\" class=\"govuk-button\" data-module=\"govuk-button\">Record a session</a><a class=\"govuk-link\" href=\"/training/courses/{id}/edit\">Change the course</a></div>"));
    }
    body.push_str(&coverage_table(
        &format!("Coverage on {}", long_date(on)),
        &coverage(&c, &sessions, &people, &dirs, on),
    ));
    let due = refreshers_due(&c, &sessions, &people, on, DUE_WITHIN_DAYS);
    body.push_str("<h2 class=\"govuk-heading-m\">Due a refresher</h2>");
    if due.is_empty() {
        body.push_str(&format!("<p class=\"govuk-body\">Nobody is due a refresher in the next {DUE_WITHIN_DAYS} days.</p>"));
    } else {
        body.push_str("<ul class=\"govuk-list govuk-list--bullet\">");
        for (p, lapses) in due {
            let when = if lapses <= on {
                format!("lapsed on {}", long_date(lapses))
            } else {
                format!("lapses on {}", long_date(lapses))
            };
            body.push_str(&format!("<li>{}: {when}</li>", xml(&name(p))));
        }
        body.push_str("</ul>");
    }
    body.push_str("<h2 class=\"govuk-heading-m\">Sessions</h2>");
    if sessions.is_empty() {
        body.push_str("<p class=\"govuk-body\">No sessions yet.</p>");
    } else {
        body.push_str("<ul class=\"govuk-list govuk-list--spaced\">");
        for s in &sessions {
            let change = if session.user.role.can_edit_everything() {
                format!(
                    " <a class=\"govuk-link\" href=\"/training/sessions/{}/edit\">Change<span class=\"govuk-visually-hidden\"> the session on {}</span></a>",
                    s.id,
                    long_date(s.fields.date)
                )
            } else {
                String::new()
            };
            body.push_str(&format!(
                "<li><strong>{}</strong>: {} came{}{change}</li>",
                long_date(s.fields.date),
                s.fields.attendee_ids.len(),
                if s.fields.trainer.is_empty() {
                    String::new()
                } else {
                    format!(", run by {}", xml(&s.fields.trainer))
                }
            ));
        }
        body.push_str("</ul>");
    }
    Ok(render(&HtmlPage {
        chrome: Chrome::new(&session, "indicators"),
        title: c.fields.title.clone(),
        body,
    }))
}

/// GET /api/v1/training/courses
pub async fn api_courses(State(state): State<AppState>, caller: ApiCaller) -> ApiResult {
    Ok(ok_json(&state.store.courses(caller.org.id).await?))
}

/// GET /api/v1/training/courses/{id}/coverage
pub async fn api_coverage(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult {
    let org = caller.org.id;
    let c = state.store.course(org, id).await?;
    let sessions = state.store.training_sessions(org).await?;
    let people = state.store.people(org).await?;
    let dirs = directorates(&state, org).await?;
    Ok(ok_json(&coverage(&c, &sessions, &people, &dirs, today())))
}

/// GET /api/v1/training/sessions
pub async fn api_sessions(State(state): State<AppState>, caller: ApiCaller) -> ApiResult {
    Ok(ok_json(
        &state.store.training_sessions(caller.org.id).await?,
    ))
}
