//! Engagement events and forums: the list, each one's page (who came only as counts that pass
//! disclosure control), and the one edit flow to add and change them.

use super::FormSpec;
use crate::web::auth::SignedIn;
use crate::web::edit::{self, AddPage, EditPage};
use crate::web::error::{AppError, PageResult};
use crate::web::form::{Choice, Field, FormData};
use crate::web::templates::{Chrome, HtmlPage};
use crate::web::{AppState, render};
use axum::extract::{Path, State};
use dueregard_core::consultation::engagement::{
    EngagementEvent, EngagementFields, EngagementForm, EngagementKind, shown_profile,
};
use dueregard_core::period::long_date;
use dueregard_core::store::{Actor, StoreError};
use dueregard_formats::export::xml;
use dueregard_stats::disclosure::SUPPRESSED;

/// The consultations an event may feed.
pub struct Choices(Vec<(i64, String)>);

impl Choices {
    async fn load(state: &AppState, org: i64) -> Result<Choices, AppError> {
        Ok(Choices(
            state
                .store
                .consultations(org)
                .await?
                .into_iter()
                .map(|c| (c.id, c.fields.title))
                .collect(),
        ))
    }

    fn fields(&self, f: &EngagementForm) -> Vec<Field> {
        let mut consultations = vec![Choice::new("", "None", f.consultation_id.is_empty())];
        consultations.extend(
            self.0
                .iter()
                .map(|(id, t)| Choice::new(id, t.clone(), f.consultation_id == id.to_string())),
        );
        vec![
            Field::text("title", "Title", f.title.clone()),
            Field::radios(
                "kind",
                "What kind of engagement is it?",
                EngagementKind::ALL
                    .iter()
                    .map(|k| Choice::new(k.key(), k.label(), f.kind == k.key()))
                    .collect(),
            ),
            Field::date("date", "Date", &f.date),
            Field::text("audience", "Who it is for", f.audience.clone())
                .hint("For example: disabled people and carers, or Black and minority ethnic communities"),
            Field::select("consultation_id", "The consultation it feeds (optional)", consultations),
            Field::textarea("aimed_at", "Groups it sets out to hear (optional)", f.aimed_at.clone())
                .hint("One a line, as the census names them: Disabled, Pakistani, 16 to 24, Muslim"),
            Field::number("attendance", "How many came (optional)", f.attendance.clone()),
            Field::textarea("profile", "Who came, by group (optional)", f.profile.clone())
                .hint("One a line: a census group, a colon and how many. Counts of 1 to 9 are never shown"),
            Field::textarea("what_was_said", "What was said (optional)", f.what_was_said.clone()),
            Field::textarea("follow_up", "Follow-up actions (optional)", f.follow_up.clone())
                .hint("One a line"),
        ]
    }
}

fn form_of(form: &FormData) -> EngagementForm {
    EngagementForm {
        title: form.text("title"),
        kind: form.text("kind"),
        date: form.date("date"),
        audience: form.text("audience"),
        consultation_id: form.text("consultation_id"),
        aimed_at: form.text("aimed_at"),
        attendance: form.text("attendance"),
        profile: form.text("profile"),
        what_was_said: form.text("what_was_said"),
        follow_up: form.text("follow_up"),
    }
}

fn read(form: &FormData) -> Result<EngagementFields, StoreError> {
    EngagementFields::validate(&form_of(form)).map_err(StoreError::Invalid)
}

/// Adding an event or forum, for a consultation when the address names one.
pub struct EngagementAdd {
    choices: Choices,
    consultation: Option<i64>,
}

impl AddPage for EngagementAdd {
    const SECTION: &'static str = "consultations";
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        Ok(EngagementAdd {
            choices: Choices::load(state, org).await?,
            consultation: ids.first().copied(),
        })
    }
    fn spec(&self) -> FormSpec {
        let (action, cancel) = match self.consultation {
            Some(c) => (
                format!("/consultations/{c}/engagement/new"),
                format!("/consultations/{c}"),
            ),
            None => ("/engagement/new".to_string(), "/engagement".to_string()),
        };
        FormSpec::new("Add an engagement event or forum", action, &cancel, None)
    }
    fn blank(&self) -> Vec<Field> {
        self.choices.fields(&EngagementForm {
            kind: "event".into(),
            consultation_id: self.consultation.map(|c| c.to_string()).unwrap_or_default(),
            ..Default::default()
        })
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        self.choices.fields(&form_of(form))
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let made = state
            .store
            .create_engagement_event(&Actor::user(&session.user), session.org.id, read(form)?)
            .await?;
        Ok(format!("/engagement/{}", made.id))
    }
}

/// Changing an event or forum.
pub struct EngagementEdit {
    org: i64,
    id: i64,
    choices: Choices,
}

impl EditPage for EngagementEdit {
    type Record = EngagementEvent;
    const ENTITY: &'static str = "engagement event";
    const SECTION: &'static str = "consultations";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, e: &EngagementEvent) -> FormSpec {
        FormSpec::new(
            "Change an engagement event or forum",
            format!("/engagement/{}/edit", e.id),
            &format!("/engagement/{}", e.id),
            Some(e.version),
        )
    }
    fn fields_of(&self, e: &EngagementEvent) -> Vec<Field> {
        self.choices.fields(&e.fields.to_form())
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        self.choices.fields(&form_of(form))
    }
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        Ok(EngagementEdit {
            org,
            id: edit::record_id(ids)?,
            choices: Choices::load(state, org).await?,
        })
    }
    async fn load(&self, state: &AppState) -> Result<EngagementEvent, StoreError> {
        state.store.engagement_event(self.org, self.id).await
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
            .update_engagement_event(
                &Actor::user(&session.user),
                self.org,
                self.id,
                version,
                read(form)?,
            )
            .await?;
        Ok(format!("/engagement/{}", self.id))
    }
}

/// One line of a list of events.
pub fn line(e: &EngagementEvent) -> String {
    format!(
        "<li><a class=\"govuk-link\" href=\"/engagement/{}\">{}</a><br><span class=\"govuk-body-s\">{} · {} · for {}{}</span></li>",
        e.id,
        xml(&e.fields.title),
        e.fields.kind.label(),
        long_date(e.fields.date),
        xml(&e.fields.audience),
        e.fields
            .attendance
            .map(|a| format!(" · {a} came"))
            .unwrap_or_default()
    )
}

/// GET /engagement
pub async fn list(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let events = state.store.engagement_events(session.org.id).await?;
    let items: String = events.iter().map(line).collect();
    super::record_list(
        &session,
        "consultations",
        "Engagement events and forums",
        "Community events, forums and workshops: who they are for, who came, what was said and what follows.",
        ("/engagement/new", "Add an event or forum"),
        &items,
    )
}

/// GET /engagement/{id}
pub async fn show(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let org = session.org.id;
    let e = state.store.engagement_event(org, id).await?;
    let f = &e.fields;
    let mut rows = vec![
        ("Kind", f.kind.label().to_string()),
        ("Date", long_date(f.date)),
        ("Who it is for", xml(&f.audience)),
        (
            "How many came",
            f.attendance
                .map_or("Not recorded".into(), |a| a.to_string()),
        ),
    ];
    if let Some(c) = f.consultation_id {
        let title = state.store.consultation(org, c).await?.fields.title;
        rows.push((
            "The consultation it feeds",
            format!(
                "<a class=\"govuk-link\" href=\"/consultations/{c}\">{}</a>",
                xml(&title)
            ),
        ));
    }
    if !f.aimed_at.is_empty() {
        rows.push(("Groups it sets out to hear", xml(&f.aimed_at.join(", "))));
    }
    let mut body = format!(
        "<span class=\"govuk-caption-l\">Engagement</span><h1 class=\"govuk-heading-l\">{}</h1><dl class=\"govuk-summary-list\">",
        xml(&f.title)
    );
    for (k, v) in rows {
        body.push_str(&format!("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">{k}</dt><dd class=\"govuk-summary-list__value\">{v}</dd></div>"));
    }
    body.push_str("</dl>");
    let profile = shown_profile(f);
    if !profile.is_empty() {
        let rows: String = profile
            .iter()
            .map(|(c, label, n)| {
                format!(
                    "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">{}</td><th scope=\"row\" class=\"govuk-table__header\">{}</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td></tr>",
                    c.label(),
                    xml(label),
                    n.map_or(SUPPRESSED.to_string(), |n| n.to_string())
                )
            })
            .collect();
        body.push_str(&format!("<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Who came</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Characteristic</th><th scope=\"col\" class=\"govuk-table__header\">Group</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">People</th></tr></thead><tbody class=\"govuk-table__body\">{rows}</tbody></table><p class=\"govuk-body-s\">Counts of 1 to 9, and any that would give one away, show as {SUPPRESSED}.</p>"));
    }
    if let Some(said) = &f.what_was_said {
        body.push_str(&format!(
            "<h2 class=\"govuk-heading-m\">What was said</h2><p class=\"govuk-body dr-pre\">{}</p>",
            xml(said)
        ));
    }
    if !f.follow_up.is_empty() {
        body.push_str("<h2 class=\"govuk-heading-m\">What follows</h2><ul class=\"govuk-list govuk-list--bullet\">");
        for a in &f.follow_up {
            body.push_str(&format!("<li>{}</li>", xml(a)));
        }
        body.push_str("</ul>");
    }
    if session.user.role.can_edit_everything() {
        body.push_str(&format!("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/engagement/{id}/edit\">Change it</a></p>"));
    }
    Ok(render(&HtmlPage {
        chrome: Chrome::new(&session, "consultations"),
        title: f.title.clone(),
        body,
    }))
}
