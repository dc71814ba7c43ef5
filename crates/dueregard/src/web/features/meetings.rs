//! Committees' meetings and the forward plan: what goes to which meeting, and when.

use super::FormSpec;
use crate::web::auth::SignedIn;
use crate::web::edit::{self, EditPage};
use crate::web::error::{AppError, PageResult};
use crate::web::form::{Choice, Field, FormData};
use crate::web::templates::{Chrome, MeetingLine, MeetingsPage};
use crate::web::{AppState, render, today};
use axum::extract::State;
use dueregard_core::meeting::{Meeting, MeetingFields};
use dueregard_core::period::long_date;
use dueregard_core::store::{Actor, StoreError};

/// What a meeting's form offers: the committees, plans and reports there are.
pub struct Choices {
    committees: Vec<(i64, String)>,
    plans: Vec<(i64, String)>,
    publications: Vec<(i64, String)>,
}

impl Choices {
    async fn load(state: &AppState, org: i64) -> Result<Choices, AppError> {
        let store = state.store.as_ref();
        Ok(Choices {
            committees: store
                .committees(org)
                .await?
                .into_iter()
                .map(|c| (c.id, c.fields.name))
                .collect(),
            plans: store
                .plans(org)
                .await?
                .into_iter()
                .map(|p| (p.id, p.fields.title))
                .collect(),
            publications: store
                .publications(org)
                .await?
                .into_iter()
                .map(|p| {
                    let label = format!("{} (edition {})", p.fields.title, p.fields.edition);
                    (p.id, label)
                })
                .collect(),
        })
    }

    fn fields(
        &self,
        committee: &str,
        date: &str,
        notes: &str,
        plans: &[String],
        reports: &[String],
    ) -> Vec<Field> {
        let picked = |list: &[(i64, String)], chosen: &[String]| -> Vec<Choice> {
            list.iter()
                .map(|(id, name)| Choice::new(id, name.clone(), chosen.contains(&id.to_string())))
                .collect()
        };
        let mut committees = vec![Choice::new("", "Select a committee", committee.is_empty())];
        committees.extend(
            self.committees
                .iter()
                .map(|(id, name)| Choice::new(id, name.clone(), committee == id.to_string())),
        );
        vec![
            Field::select("committee_id", "Committee", committees),
            Field::date("date", "Date of the meeting", date),
            Field::textarea("notes", "Notes (optional)", notes)
                .hint("Where and when in the day, or anything else to say"),
            Field::checkboxes(
                "plan_ids",
                "Action plans it receives (optional)",
                picked(&self.plans, plans),
            )
            .hint("Its monitoring summary, or the plan before it is approved"),
            Field::checkboxes(
                "publication_ids",
                "Reports it receives (optional)",
                picked(&self.publications, reports),
            ),
        ]
    }

    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        self.fields(
            &form.text("committee_id"),
            &form.text("date"),
            &form.text("notes"),
            &form.all("plan_ids"),
            &form.all("publication_ids"),
        )
    }
}

fn read(form: &FormData) -> Result<MeetingFields, StoreError> {
    MeetingFields::validate(
        &form.text("committee_id"),
        &form.text("date"),
        &form.text("notes"),
        &form.all("plan_ids"),
        &form.all("publication_ids"),
    )
    .map_err(StoreError::Invalid)
}

/// Adding a meeting.
pub struct MeetingAdd(Choices);

impl edit::AddPage for MeetingAdd {
    const SECTION: &'static str = "meetings";
    async fn locate(state: &AppState, org: i64, _: &[i64]) -> Result<Self, AppError> {
        Ok(MeetingAdd(Choices::load(state, org).await?))
    }
    fn spec(&self) -> FormSpec {
        FormSpec::new("Add a meeting", "/meetings/new".into(), "/meetings", None)
    }
    fn blank(&self) -> Vec<Field> {
        self.0.fields("", "", "", &[], &[])
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        self.0.fields_from(form)
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let fields = read(form)?;
        state
            .store
            .create_meeting(&Actor::user(&session.user), session.org.id, fields)
            .await?;
        Ok("/meetings".into())
    }
}

/// Changing a meeting.
pub struct MeetingEdit {
    org: i64,
    id: i64,
    choices: Choices,
}

impl EditPage for MeetingEdit {
    type Record = Meeting;
    const ENTITY: &'static str = "meeting";
    const SECTION: &'static str = "meetings";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, m: &Meeting) -> FormSpec {
        FormSpec::new(
            "Change a meeting",
            format!("/meetings/{}/edit", m.id),
            "/meetings",
            Some(m.version),
        )
    }
    fn fields_of(&self, m: &Meeting) -> Vec<Field> {
        let f = &m.fields;
        let ids = |v: &[i64]| v.iter().map(|i| i.to_string()).collect::<Vec<_>>();
        self.choices.fields(
            &f.committee_id.to_string(),
            &f.date.to_string(),
            f.notes.as_deref().unwrap_or(""),
            &ids(&f.plan_ids),
            &ids(&f.publication_ids),
        )
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        self.choices.fields_from(form)
    }
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        Ok(MeetingEdit {
            org,
            id: edit::record_id(ids)?,
            choices: Choices::load(state, org).await?,
        })
    }
    async fn load(&self, state: &AppState) -> Result<Meeting, StoreError> {
        state.store.meeting(self.org, self.id).await
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        let fields = read(form)?;
        state
            .store
            .update_meeting(
                &Actor::user(&session.user),
                self.org,
                self.id,
                version,
                fields,
            )
            .await?;
        Ok("/meetings".into())
    }
}

/// GET /meetings: the forward plan (meetings to come, with what each receives) and the last
/// meetings held.
pub async fn list(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let org = session.org.id;
    let choices = Choices::load(&state, org).await?;
    let name = |list: &[(i64, String)], id: i64| {
        list.iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let today = today();
    let civic = state.store.civic_dates(org).await?;
    let mut coming = Vec::new();
    let mut held = Vec::new();
    for m in state.store.meetings(org).await? {
        let f = &m.fields;
        let line = MeetingLine {
            id: m.id,
            date: long_date(f.date),
            committee: name(&choices.committees, f.committee_id),
            notes: f.notes.clone().unwrap_or_default(),
            clash: crate::app::calendars::clashes(&civic, f.date),
            plans: f
                .plan_ids
                .iter()
                .map(|p| (format!("/plans/{p}/monitoring"), name(&choices.plans, *p)))
                .collect(),
            reports: f
                .publication_ids
                .iter()
                .map(|p| {
                    (
                        format!("/publications/{p}"),
                        name(&choices.publications, *p),
                    )
                })
                .collect(),
        };
        if f.date >= today {
            coming.push(line);
        } else {
            held.push(line);
        }
    }
    held.reverse();
    held.truncate(10);
    Ok(render(&MeetingsPage {
        chrome: Chrome::new(&session, "meetings"),
        coming,
        held,
    }))
}
