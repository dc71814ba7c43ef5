//! Hate incidents and community cohesion: counts only, never a person. The page shows the trend
//! by motivation as a chart with its table, and the latest period by kind and by area; counts are
//! sent through the one page for sending figures, or the API.

use super::rows_entry::{self, RowsForm};
use super::{ApiJson, ok_json, see_other};
use crate::web::auth::{ApiCaller, SignedIn};
use crate::web::error::{ApiResult, AppError, PageResult};
use crate::web::templates::{Chrome, HtmlPage};
use crate::web::{AppState, render};
use axum::extract::{Multipart, State};
use dueregard_core::incident::{IncidentCount, IncidentKind, by_motivation, read_rows};
use dueregard_core::period::long_date;
use dueregard_core::store::Actor;
use dueregard_formats::chart;
use dueregard_formats::export::xml;

const HATE: [IncidentKind; 2] = [IncidentKind::HateCrime, IncidentKind::HateIncident];

fn form() -> RowsForm<'static> {
    RowsForm {
        section: "indicators",
        caption: "Hate incidents and community cohesion",
        heading: "Add or replace counts",
        intro: "Give counts only, never anything about a person: for each period, the day it ended, the kind, the motivation, the area (or leave it empty for the whole area) and how many. Counts for a period you give replace all that period's counts; other periods are kept.",
        action: "/incidents/counts".into(),
        cancel: "/incidents".into(),
        typed_hint: "Separate the columns with commas: period, kind, motivation, area, count. For example:<br>2025-03-31, hate crime, race, Castle and Priory, 12<br>2025-03-31, hate incident, religion, , 3",
        file_hint: "period (or date), kind (or type), motivation (or strand), area (or ward), count (or number)",
        submit: "Keep the counts",
    }
}

fn table(caption: &str, head: &[String], rows: Vec<(String, Vec<String>)>) -> String {
    let head: String = head
        .iter()
        .map(|h| format!("<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">{}</th>", xml(h)))
        .collect();
    let body: String = rows
        .into_iter()
        .map(|(label, cells)| {
            let cells: String = cells
                .iter()
                .map(|c| format!("<td class=\"govuk-table__cell govuk-table__cell--numeric\">{c}</td>"))
                .collect();
            format!("<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th>{cells}</tr>", xml(&label))
        })
        .collect();
    format!(
        "<div class=\"dr-table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{c}\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">{c}</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\"></th>{head}</tr></thead><tbody class=\"govuk-table__body\">{body}</tbody></table></div>",
        c = xml(caption)
    )
}

/// GET /incidents
pub async fn show(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let counts = state.store.incident_counts(session.org.id).await?;
    let mut body = String::from(
        "<h1 class=\"govuk-heading-l\">Hate incidents and community cohesion</h1><p class=\"govuk-body\">Counts of hate crimes, hate incidents, harassment and community tension reported to the body and its partners. Only counts are kept: nothing about any person or incident.</p>",
    );
    if session.user.role.can_edit_everything() {
        body.push_str("<a href=\"/incidents/counts\" role=\"button\" draggable=\"false\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Add or replace counts</a>");
    }
    if counts.is_empty() {
        body.push_str("<p class=\"govuk-body\">No counts yet.</p>");
    } else {
        let (periods, lines) = by_motivation(&counts, &HATE);
        let names: Vec<String> = periods.iter().map(|p| long_date(*p)).collect();
        let series: Vec<chart::Series> = lines
            .iter()
            .map(|(m, v)| chart::Series {
                name: m.label().to_string(),
                values: v.iter().map(|n| Some(*n as f64)).collect(),
            })
            .collect();
        let totals: Vec<u64> = (0..periods.len())
            .map(|i| lines.iter().map(|(_, v)| v[i]).sum())
            .collect();
        body.push_str("<h2 class=\"govuk-heading-m\">Hate crimes and incidents by motivation</h2>");
        body.push_str(&chart::line_chart(
            "incidents-trend",
            "Hate crimes and incidents by motivation",
            &format!(
                "One line a motivation, period by period. In the latest period, to {}, {} were recorded. The table below gives every count.",
                names.last().cloned().unwrap_or_default(),
                totals.last().copied().unwrap_or(0)
            ),
            &names,
            &series,
            "",
        ));
        let mut rows: Vec<(String, Vec<String>)> = lines
            .iter()
            .map(|(m, v)| {
                (
                    m.label().to_string(),
                    v.iter().map(u64::to_string).collect(),
                )
            })
            .collect();
        rows.push((
            "All motivations".into(),
            totals.iter().map(u64::to_string).collect(),
        ));
        body.push_str(&table(
            "Hate crimes and incidents by motivation and period",
            &names,
            rows,
        ));
        let latest = periods.last().copied();
        if let Some(latest) = latest {
            let here: Vec<&IncidentCount> = counts.iter().filter(|c| c.period == latest).collect();
            let kinds = IncidentKind::ALL
                .iter()
                .map(|k| {
                    let n: u64 = here
                        .iter()
                        .filter(|c| c.kind == *k)
                        .map(|c| u64::from(c.count))
                        .sum();
                    (k.label().to_string(), vec![n.to_string()])
                })
                .collect();
            body.push_str(&table(
                &format!("By kind, to {}", long_date(latest)),
                &["Count".to_string()],
                kinds,
            ));
            let mut areas: Vec<String> = here.iter().map(|c| c.area.clone()).collect();
            areas.sort();
            areas.dedup();
            let areas = areas
                .into_iter()
                .map(|a| {
                    let n: u64 = here
                        .iter()
                        .filter(|c| c.area == a)
                        .map(|c| u64::from(c.count))
                        .sum();
                    (
                        if a.is_empty() {
                            "Area not given".to_string()
                        } else {
                            a
                        },
                        vec![n.to_string()],
                    )
                })
                .collect();
            body.push_str(&table(
                &format!("By area, to {}", long_date(latest)),
                &["Count".to_string()],
                areas,
            ));
        }
        body.push_str("<p class=\"govuk-body-s\">An indicator can follow these counts: choose ‘hate crimes and incidents’ as where its values come from.</p>");
    }
    Ok(render(&HtmlPage {
        chrome: Chrome::new(&session, "indicators"),
        title: "Hate incidents and community cohesion".into(),
        body,
    }))
}

/// GET /incidents/counts
pub async fn counts_form(session: SignedIn) -> PageResult {
    rows_entry::page(&session, &form(), "", Vec::new())
}

/// POST /incidents/counts
pub async fn counts_submit(
    State(state): State<AppState>,
    session: SignedIn,
    sent: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> PageResult {
    let (typed, rows) = rows_entry::read(&state, &session, sent).await?;
    let rows = match rows {
        Ok(rows) => rows,
        Err(m) => return rows_entry::page(&session, &form(), &typed, vec![("#file".into(), m)]),
    };
    let counts = match read_rows(&rows) {
        Ok(c) => c,
        Err(e) => {
            let errors =
                e.0.into_iter()
                    .map(|f| ("#values".to_string(), f.message))
                    .collect();
            return rows_entry::page(&session, &form(), &typed, errors);
        }
    };
    state
        .store
        .put_incident_counts(&Actor::user(&session.user), session.org.id, &counts)
        .await?;
    see_other("/incidents".into())
}

/// GET /api/v1/incidents
pub async fn api_list(State(state): State<AppState>, caller: ApiCaller) -> ApiResult {
    Ok(ok_json(&state.store.incident_counts(caller.org.id).await?))
}

/// PUT /api/v1/incidents: replaces the counts of every period named, each row checked as a
/// spreadsheet's would be, all refused if any is wrong.
pub async fn api_put(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(counts): ApiJson<Vec<IncidentCount>>,
) -> ApiResult {
    let rows: Vec<Vec<String>> = counts
        .iter()
        .map(|c| {
            vec![
                c.period.to_string(),
                c.kind.key().to_string(),
                c.motivation.key().to_string(),
                c.area.clone(),
                c.count.to_string(),
            ]
        })
        .collect();
    let checked = read_rows(&rows).map_err(AppError::Invalid)?;
    let periods = state
        .store
        .put_incident_counts(&Actor::user(&caller.user), caller.org.id, &checked)
        .await?;
    Ok(ok_json(&super::indicators_api::ValuesReplaced {
        periods_replaced: periods,
    }))
}
