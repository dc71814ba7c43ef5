//! Calendar feeds at secret addresses each person makes and revokes, and the cultural and
//! civic dates calendar the equality lead keeps.

use super::FormSpec;
use crate::app::calendars::{feed_events, feed_name};
use crate::app::secrets::{now_seconds, random_token, token_hash};
use crate::web::auth::SignedIn;
use crate::web::edit::{self, EditPage};
use crate::web::error::{AppError, PageResult};
use crate::web::form::{Choice, Field, FormData};
use crate::web::respond::see_other;
use crate::web::templates::{CalendarsPage, Chrome, CivicDatesPage, when};
use crate::web::{AppState, render, today};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use dueregard_core::civic::{CivicDate, CivicDateFields, CivicKind, DateRule, FeedKind};
use dueregard_core::period::long_date;
use dueregard_core::store::{Actor, StoreError};

async fn calendars_page(
    state: &AppState,
    session: &SignedIn,
    new_url: Option<String>,
) -> PageResult {
    let feeds = state.store.feeds(session.user.id).await?;
    Ok(render(&CalendarsPage {
        chrome: Chrome::new(session, "account"),
        kinds: FeedKind::ALL.iter().map(|k| (k.key(), k.label())).collect(),
        feeds: feeds
            .into_iter()
            .map(|f| {
                (
                    f.id,
                    f.kind.label().to_string(),
                    when(f.created_at),
                    f.revoked_at.map(when),
                )
            })
            .collect(),
        new_url,
    }))
}

/// GET /account/calendars
pub async fn list(State(state): State<AppState>, session: SignedIn) -> PageResult {
    calendars_page(&state, &session, None).await
}

/// POST /account/calendars: makes a feed and shows its secret address, once.
pub async fn create(
    State(state): State<AppState>,
    session: SignedIn,
    headers: HeaderMap,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let kind = FeedKind::from_key(&form.text("kind"))
        .ok_or_else(|| AppError::BadRequest("Choose which calendar you want.".into()))?;
    let token = random_token()?;
    state
        .store
        .create_feed(
            &Actor::user(&session.user),
            session.org.id,
            session.user.id,
            kind,
            &token_hash(&token),
            now_seconds(),
        )
        .await?;
    let url = format!(
        "{}/calendars/{token}.ics",
        crate::web::respond::site_address(&state, &headers)
    );
    calendars_page(&state, &session, Some(url)).await
}

/// POST /account/calendars/{id}/revoke
pub async fn revoke(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    state
        .store
        .revoke_feed(
            &Actor::user(&session.user),
            session.user.id,
            id,
            now_seconds(),
        )
        .await?;
    see_other("/account/calendars".into())
}

/// A feed as text/calendar, never cached by the way it goes.
pub fn ics(body: String) -> axum::response::Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// The UTC moment a feed is made, as iCalendar writes it.
pub fn stamp() -> String {
    jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// GET /calendars/{token}.ics: a feed, to whoever holds its secret address.
pub async fn feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> PageResult {
    let token = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    let feed = state
        .store
        .feed_by_token(&token_hash(token))
        .await?
        .ok_or(AppError::NotFound)?;
    let org = state.store.organisation(feed.org_id).await?;
    let user = state.store.user(feed.user_id).await?;
    let base = crate::web::respond::site_address(&state, &headers);
    let events = feed_events(
        state.store.as_ref(),
        &org,
        user.person_id,
        feed.kind,
        &base,
        today(),
    )
    .await?;
    let name = feed_name(&org, feed.kind);
    Ok(ics(dueregard_formats::ical::calendar(
        &name,
        &events,
        &stamp(),
    )))
}

#[allow(clippy::too_many_arguments)] // one for each field of the form
fn date_fields(
    name: &str,
    kind: &str,
    major: bool,
    notes: &str,
    rule: &str,
    numbers: [&str; 4],
    dates: &str,
    kept: Option<&DateRule>,
) -> Vec<Field> {
    let kind = if kind.is_empty() { "religious" } else { kind };
    let mut name = Field::text("name", "Name", name);
    if let Some(rule) = kept {
        name = name.hint(&format!(
            "{}. This cannot be changed here.",
            rule.describe()
        ));
    }
    let mut fields = vec![
        name,
        Field::radios(
            "kind",
            "Kind",
            CivicKind::ALL
                .iter()
                .map(|k| Choice::new(k.key(), k.label(), k.key() == kind))
                .collect(),
        ),
        Field::checkboxes(
            "major",
            "Major",
            vec![Choice::new(
                "yes",
                "A major festival or day: warn about meetings and events planned on it",
                major,
            )],
        ),
    ];
    match kept {
        Some(_) => {}
        None => {
            let rule = if rule.is_empty() { "fixed" } else { rule };
            fields.push(Field::radios(
                "rule",
                "How it falls each year",
                vec![
                    Choice::new("fixed", "On the same day each year", rule == "fixed"),
                    Choice::new(
                        "span",
                        "On the same days each year, from one day to another",
                        rule == "span",
                    ),
                    Choice::new("dates", "On dates I give for each year", rule == "dates"),
                ],
            ));
            fields.push(Field::number("day", "Day (or first day)", numbers[0]));
            fields.push(Field::number(
                "month",
                "Month, as a number (or first month)",
                numbers[1],
            ));
            fields.push(Field::number(
                "to_day",
                "Last day, for days from one to another",
                numbers[2],
            ));
            fields.push(Field::number(
                "to_month",
                "Last month, as a number",
                numbers[3],
            ));
            fields.push(
                Field::textarea("dates", "Dates, for dates given each year", dates)
                    .hint("One a line, as year-month-day, for example 2027-10-29"),
            );
        }
    }
    fields.push(Field::textarea("notes", "Notes (optional)", notes));
    fields
}

fn rule_values(rule: &DateRule) -> (&'static str, [String; 4], String) {
    match rule {
        DateRule::Fixed { month, day } => (
            "fixed",
            [
                day.to_string(),
                month.to_string(),
                String::new(),
                String::new(),
            ],
            String::new(),
        ),
        DateRule::Span {
            from_month,
            from_day,
            to_month,
            to_day,
        } => (
            "span",
            [
                from_day.to_string(),
                from_month.to_string(),
                to_day.to_string(),
                to_month.to_string(),
            ],
            String::new(),
        ),
        DateRule::Dates(list) => (
            "dates",
            Default::default(),
            list.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        _ => ("", Default::default(), String::new()),
    }
}

/// Whether the person may change how a date falls (not for dates worked out each year).
fn editable(rule: &DateRule) -> bool {
    matches!(
        rule,
        DateRule::Fixed { .. } | DateRule::Span { .. } | DateRule::Dates(_)
    )
}

fn fields_from_form(form: &FormData, kept: Option<&DateRule>) -> Vec<Field> {
    date_fields(
        &form.text("name"),
        &form.text("kind"),
        form.text("major") == "yes",
        &form.text("notes"),
        &form.text("rule"),
        [
            &form.text("day"),
            &form.text("month"),
            &form.text("to_day"),
            &form.text("to_month"),
        ],
        &form.text("dates"),
        kept,
    )
}

fn read(form: &FormData, kept: Option<DateRule>) -> Result<CivicDateFields, StoreError> {
    let rule = if kept.is_some() {
        String::new()
    } else {
        form.text("rule")
    };
    CivicDateFields::validate(
        &form.text("name"),
        &form.text("kind"),
        form.text("major") == "yes",
        &form.text("notes"),
        &rule,
        [
            &form.text("day"),
            &form.text("month"),
            &form.text("to_day"),
            &form.text("to_month"),
        ],
        &form.text("dates"),
        kept,
    )
    .map_err(StoreError::Invalid)
}

/// Adding a date.
pub struct CivicDateAdd;

impl edit::AddPage for CivicDateAdd {
    const SECTION: &'static str = "meetings";
    async fn locate(_: &AppState, _: i64, _: &[i64]) -> Result<Self, AppError> {
        Ok(CivicDateAdd)
    }
    fn spec(&self) -> FormSpec {
        FormSpec::new(
            "Add a cultural or civic date",
            "/civic-dates/new".into(),
            "/civic-dates",
            None,
        )
    }
    fn blank(&self) -> Vec<Field> {
        date_fields("", "", false, "", "", ["", "", "", ""], "", None)
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        fields_from_form(form, None)
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let fields = read(form, None)?;
        state
            .store
            .create_civic_date(&Actor::user(&session.user), session.org.id, fields)
            .await?;
        Ok("/civic-dates".into())
    }
}

/// Changing a date.
pub struct CivicDateEdit {
    org: i64,
    id: i64,
    /// How a date worked out each year falls, which the form cannot change.
    kept: Option<DateRule>,
}

impl EditPage for CivicDateEdit {
    type Record = CivicDate;
    const ENTITY: &'static str = "cultural or civic date";
    const SECTION: &'static str = "meetings";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, d: &CivicDate) -> FormSpec {
        FormSpec::new(
            "Change a cultural or civic date",
            format!("/civic-dates/{}/edit", d.id),
            "/civic-dates",
            Some(d.version),
        )
    }
    fn fields_of(&self, d: &CivicDate) -> Vec<Field> {
        let f = &d.fields;
        let kept = self.kept.as_ref();
        let (rule, numbers, dates) = rule_values(&f.rule);
        date_fields(
            &f.name,
            f.kind.key(),
            f.major,
            f.notes.as_deref().unwrap_or(""),
            rule,
            [&numbers[0], &numbers[1], &numbers[2], &numbers[3]],
            &dates,
            kept,
        )
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        fields_from_form(form, self.kept.as_ref())
    }
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        let id = edit::record_id(ids)?;
        let rule = state.store.civic_date(org, id).await?.fields.rule;
        Ok(CivicDateEdit {
            org,
            id,
            kept: (!editable(&rule)).then_some(rule),
        })
    }
    async fn load(&self, state: &AppState) -> Result<CivicDate, StoreError> {
        state.store.civic_date(self.org, self.id).await
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        let fields = read(form, self.kept.clone())?;
        state
            .store
            .update_civic_date(
                &Actor::user(&session.user),
                self.org,
                self.id,
                version,
                fields,
            )
            .await?;
        Ok("/civic-dates".into())
    }
}

/// GET /civic-dates: the calendar, with when each date falls this year and next.
pub async fn dates(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let year = today().year();
    let rows = state
        .store
        .civic_dates(session.org.id)
        .await?
        .into_iter()
        .map(|d| {
            let falls = |y: i16| match d.fields.rule.in_year(y) {
                Some((a, b)) if a == b => long_date(a),
                Some((a, b)) => format!("{} to {}", long_date(a), long_date(b)),
                None => "Not known".into(),
            };
            (
                d.id,
                d.fields.name.clone(),
                d.fields.kind.label().to_string(),
                d.fields.major,
                falls(year),
                falls(year + 1),
            )
        })
        .collect();
    Ok(render(&CivicDatesPage {
        chrome: Chrome::new(&session, "meetings"),
        slug: session.org.slug.clone(),
        year,
        rows,
    }))
}

/// POST /civic-dates/standard: starts the calendar from the standard dates.
pub async fn add_standard(
    State(state): State<AppState>,
    session: SignedIn,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let org = session.org.id;
    let have: Vec<String> = state
        .store
        .civic_dates(org)
        .await?
        .into_iter()
        .map(|d| d.fields.name)
        .collect();
    let actor = Actor::user(&session.user);
    for d in dueregard_core::civic::standard() {
        if !have.contains(&d.name) {
            state.store.create_civic_date(&actor, org, d).await?;
        }
    }
    see_other("/civic-dates".into())
}
