//! A consultation's responses for officers: every response with how it came, whether it is
//! held back and the themes coders gave it; and keying in paper and email responses through
//! the public form's fields.

use super::consultation_public::{read_response, response_fields};
use super::see_other;
use crate::app::consultations::{self, Sender};
use crate::web::auth::SignedIn;
use crate::web::error::{AppError, PageResult};
use crate::web::form::{Choice, Field, FormData, attach_errors};
use crate::web::templates::{Chrome, FormPage, HtmlPage};
use crate::web::{AppState, render, render_form};
use axum::extract::{Path, State};
use dueregard_core::consultation::Consultation;
use dueregard_core::consultation::response::{Channel, Received};
use dueregard_core::store::Actor;
use dueregard_formats::export::xml;

/// GET /consultations/{id}/responses: every response's answers (no contact details), with
/// how it came and whether it is held back.
pub async fn responses(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> PageResult {
    let org = session.org.id;
    let c = state.store.consultation(org, id).await?;
    let mut body = format!(
        "<span class=\"govuk-caption-l\">{}</span><h1 class=\"govuk-heading-l\">Responses</h1>",
        xml(&c.fields.title)
    );
    if let Some(added) = query.get("added").and_then(|a| a.parse::<usize>().ok()) {
        body.push_str(&format!(
            "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\" aria-labelledby=\"added-title\" data-module=\"govuk-notification-banner\"><div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" id=\"added-title\">Success</h2></div><div class=\"govuk-notification-banner__content\"><p class=\"govuk-notification-banner__heading\">{added} responses brought in</p></div></div>"
        ));
    }
    let list = state.store.responses(org, id).await?;
    if list.is_empty() {
        body.push_str("<p class=\"govuk-body\">No responses yet.</p>");
    }
    let codings = state.store.codings(org, id).await?;
    for r in &list {
        // The themes any coder gave it, each leading back to the analysis.
        let themes: Vec<String> = c
            .fields
            .codes
            .iter()
            .filter(|code| {
                codings
                    .iter()
                    .any(|k| k.response_id == r.id && k.codes.contains(&code.key))
            })
            .map(|code| xml(&code.label))
            .collect();
        let when = jiff::Timestamp::from_second(r.received_at)
            .map(|t| t.to_string())
            .unwrap_or_default();
        body.push_str(&format!(
            "<h2 class=\"govuk-heading-s\">{} <span class=\"govuk-body-s\">{} · {}{}{}</span></h2><dl class=\"govuk-summary-list\">",
            xml(&r.reference),
            r.channel.label(),
            xml(&when),
            r.keyed_by.as_deref().map(|k| format!(" · keyed in by {}", xml(k))).unwrap_or_default(),
            r.held.as_deref().map(|h| format!(" · <strong class=\"govuk-tag govuk-tag--grey\">Held back</strong> {}", xml(h))).unwrap_or_default(),
        ));
        for (q, a) in dueregard_core::consultation::response::receipt_lines(&c.fields, &r.answers) {
            body.push_str(&format!("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">{}</dt><dd class=\"govuk-summary-list__value dr-pre\">{}</dd></div>", xml(&q), xml(&a)));
        }
        if !themes.is_empty() {
            body.push_str(&format!(
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Themes</dt><dd class=\"govuk-summary-list__value\">{}</dd></div>",
                themes.join(", ")
            ));
        }
        body.push_str("</dl>");
    }
    Ok(render(&HtmlPage {
        chrome: Chrome::new(&session, "consultations"),
        title: format!("Responses: {}", c.fields.title),
        body,
    }))
}

fn keyed_page(
    session: &SignedIn,
    c: &Consultation,
    form: &FormData,
    fields: Vec<Field>,
    errors: Vec<(String, String)>,
) -> FormPage {
    let mut all = vec![Field::radios(
        "channel",
        "How did it reach you?",
        [Channel::Paper, Channel::Email]
            .iter()
            .map(|ch| Choice::new(ch.key(), ch.label(), form.text("channel") == ch.key()))
            .collect(),
    )];
    all.extend(fields);
    FormPage {
        chrome: Chrome::new(session, "consultations"),
        title: "Key in a response".into(),
        caption: Some(c.fields.title.clone()),
        action: format!("/consultations/{}/responses/new", c.id),
        submit: "Save the response".into(),
        cancel: format!("/consultations/{}", c.id),
        hidden: vec![("submission_key".into(), form.text("submission_key"))],
        fields: all,
        errors,
        merge: None,
    }
}

/// GET /consultations/{id}/responses/new
pub async fn keyed_form(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let c = state.store.consultation(session.org.id, id).await?;
    let mut form = FormData::parse(b"");
    let key = consultations::new_submission_key()?;
    form.replace(
        &["submission_key".into()],
        vec![("submission_key".into(), key)],
    );
    let fields = response_fields(&c, &form, true);
    Ok(render(&keyed_page(&session, &c, &form, fields, Vec::new())))
}

/// POST /consultations/{id}/responses/new: a paper or email response, marked as keyed in by
/// this officer. It may be keyed in after the closing date, since it arrived in time.
pub async fn keyed(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let org = session.org.id;
    let c = state.store.consultation(org, id).await?;
    let channel = Channel::from_key(&form.text("channel"))
        .filter(|ch| matches!(ch, Channel::Paper | Channel::Email));
    let mut errors = dueregard_core::validate::ValidationErrors::new();
    if channel.is_none() {
        errors.add("channel", "Select how the response reached you");
    }
    let (input, channel) = match (read_response(&c, &form), channel) {
        (Ok(i), Some(ch)) => (i, ch),
        (read, _) => {
            if let Err(mut more) = read {
                errors.0.append(&mut more.0);
            }
            let mut fields = response_fields(&c, &form, true);
            let summary = attach_errors(&mut fields, &errors);
            return Ok(render_form(
                &keyed_page(&session, &c, &form, fields, summary),
                true,
            ));
        }
    };
    let actor = Actor::user(&session.user);
    let sender = Sender {
        channel,
        address: None,
        keyed_by: Some((&actor, session.user.id)),
        submission_key: Some(form.text("submission_key")),
        honeypot: false,
    };
    match consultations::receive(state.store.as_ref(), &state.keys, org, &c, input, sender)
        .await
        .map_err(|e| AppError::Internal(format!("{e:#}")))?
    {
        Received::TooMany => {
            Err(AppError::TooManyRequests("Too many responses at once".into()).into())
        }
        Received::Kept(_) | Received::Again(_) => {
            see_other(format!("/consultations/{id}/responses"))
        }
    }
}
