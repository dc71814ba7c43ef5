//! The indicators a body chooses to publish, on its public site: each latest value and its
//! colour in words, and each trend for everyone and by group, through the same disclosure control
//! as every other page.

use super::indicators::{rag_tag, trend_section};
use super::public::{organisation, page};
use crate::app::indicators;
use crate::web::AppState;
use crate::web::error::{AppError, PageResult};
use axum::extract::{Path, State};
use dueregard_core::period::long_date;
use dueregard_formats::export::xml;

/// GET /public/{slug}/indicators
pub async fn list(State(state): State<AppState>, Path(slug): Path<String>) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let mut items = String::new();
    for i in state.store.indicators(org.id).await? {
        if !i.fields.public {
            continue;
        }
        let s = indicators::series(state.store.as_ref(), org.id, &i).await?;
        let latest = s
            .latest()
            .map_or("No value yet".to_string(), |(p, v, rag)| {
                format!(
                    "{} to {} {}",
                    xml(&i.fields.show(v)),
                    long_date(p),
                    rag_tag(rag)
                )
            });
        items.push_str(&format!(
            "<li><a class=\"govuk-link\" href=\"/public/{}/indicators/{}\">{}</a><br>{latest}</li>",
            xml(&org.slug),
            i.id,
            xml(&i.fields.title)
        ));
    }
    let body = format!(
        "<span class=\"govuk-caption-l\">{}</span><h1 class=\"govuk-heading-l\">How we measure progress</h1><p class=\"govuk-body\">The measures we use to follow our equality objectives, for everyone and by group. A figure that rests on fewer than 10 people is not shown.</p>{}",
        xml(&org.name),
        if items.is_empty() {
            "<p class=\"govuk-body\">None are published yet.</p>".to_string()
        } else {
            format!("<ul class=\"govuk-list govuk-list--spaced\">{items}</ul>")
        }
    );
    page(&org, "How we measure progress", body)
}

/// GET /public/{slug}/indicators/{id}: only an indicator the body publishes.
pub async fn show(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let i = state.store.indicator(org.id, id).await?;
    if !i.fields.public {
        return Err(AppError::NotFound.into());
    }
    let s = indicators::series(state.store.as_ref(), org.id, &i).await?;
    let body = format!(
        "<span class=\"govuk-caption-l\">{}</span><h1 class=\"govuk-heading-l\">{}</h1><p class=\"govuk-body dr-pre\">{}</p><p class=\"govuk-body\">{}.</p>{}",
        xml(&org.name),
        xml(&i.fields.title),
        xml(&i.fields.definition),
        i.fields.polarity.label(),
        trend_section(&i.fields, &s, "indicator")
    );
    page(&org, &i.fields.title, body)
}
