//! The yearly cycle's pages: a plan's monitoring periods and their summary, asking for a
//! password link by mail, choosing which mail to get, unsubscribing in one click, and the
//! administrators' view of background jobs and the outbox.

use super::reports::{downloads, report_file};
use crate::app::cycle::password_mail;
use crate::app::reports::monitoring_summary;
use crate::app::secrets::{now_seconds, random_token, token_hash};
use crate::web::auth::SignedIn;
use crate::web::error::{AppError, PageResult};
use crate::web::fields::{Choice, Field};
use crate::web::form::FormData;
use crate::web::respond::see_other;
use crate::web::templates::{Chrome, FormPage, JobsPage, ReportPage};
use crate::web::{AppState, render, render_form, today};
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use dueregard_core::account::normalise_email;
use dueregard_core::mail::MailKind;
use dueregard_core::store::Actor;
use dueregard_formats::report_render;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct PeriodChoice {
    #[serde(default)]
    period: Option<usize>,
}

/// GET /plans/{id}/monitoring: the plan's periods and one period's summary.
pub async fn monitoring(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    Query(choice): Query<PeriodChoice>,
) -> PageResult {
    let (all, chosen, report) = monitoring_summary(
        state.store.as_ref(),
        session.org.id,
        id,
        choice.period,
        today(),
    )
    .await?;
    let n = chosen.number;
    let page = ReportPage {
        chrome: Chrome::new(&session, "plans"),
        report_title: format!("{} ({})", report.title, chosen.describe()),
        body: report_render::html(&report),
        errors: Vec::new(),
        downloads: downloads(|ext| format!("/plans/{id}/monitoring/{ext}?period={n}")),
        choose: None,
        periods: all
            .iter()
            .map(|p| {
                (
                    format!("/plans/{id}/monitoring?period={}", p.number),
                    format!(
                        "{}, updates due {}",
                        p.describe(),
                        dueregard_core::period::long_date(p.due())
                    ),
                    p.number == n,
                )
            })
            .collect(),
    };
    Ok(render_form(&page, false))
}

/// GET /plans/{id}/monitoring/{format}
pub async fn monitoring_file(
    State(state): State<AppState>,
    session: SignedIn,
    Path((id, format)): Path<(i64, String)>,
    Query(choice): Query<PeriodChoice>,
) -> PageResult {
    let (_, _, report) = monitoring_summary(
        state.store.as_ref(),
        session.org.id,
        id,
        choice.period,
        today(),
    )
    .await?;
    report_file(report, &format).await
}

fn plain_form(title: &str, action: &str, submit: &str, fields: Vec<Field>) -> FormPage {
    FormPage {
        chrome: Chrome::anonymous(),
        title: title.into(),
        caption: None,
        action: action.into(),
        submit: submit.into(),
        cancel: "/sign-in".into(),
        hidden: Vec::new(),
        fields,
        errors: Vec::new(),
        merge: None,
    }
}

fn message(title: &str, detail: &str) -> axum::response::Response {
    render(&crate::web::templates::ErrorPage {
        chrome: Chrome::anonymous(),
        title: title.into(),
        detail: detail.into(),
    })
}

/// A password link by mail lasts this long.
const LINK_MINUTES: i64 = 60;

/// GET /forgot-password
pub async fn forgot_form(State(state): State<AppState>) -> PageResult {
    if state.public_url.is_none() {
        return Ok(message(
            "Forgotten your password",
            "Ask an administrator of your organisation for a link to set a new password.",
        ));
    }
    let email = Field::text("email", "Email address", "")
        .hint("We will send a link to set a new password to this address, if it has an account.");
    Ok(render(&plain_form(
        "Forgotten your password",
        "/forgot-password",
        "Send me a link",
        vec![email],
    )))
}

/// POST /forgot-password: the same answer whether or not the address has an account, so the
/// page does not tell anyone who has one.
pub async fn forgot(State(state): State<AppState>, form: FormData) -> PageResult {
    let mut errors = dueregard_core::validate::ValidationErrors::new();
    let email = normalise_email(&mut errors, "email", form.text("email").trim());
    if !errors.is_empty() {
        let mut field = Field::text("email", "Email address", form.text("email"));
        let summary = crate::web::fields::attach_errors(std::slice::from_mut(&mut field), &errors);
        let mut page = plain_form(
            "Forgotten your password",
            "/forgot-password",
            "Send me a link",
            vec![field],
        );
        page.errors = summary;
        return Ok(render_form(&page, true));
    }
    let Some(public_url) = &state.public_url else {
        return forgot_form(State(state.clone())).await;
    };
    if let Some((user, _)) = state.store.user_credentials(&email).await? {
        let token = random_token()?;
        let until = now_seconds() + LINK_MINUTES * 60;
        let actor = Actor {
            user_id: Some(user.id),
            name: "Forgotten password".into(),
        };
        state
            .store
            .create_password_reset(&actor, user.org_id, user.id, &token_hash(&token), until)
            .await?;
        let mail = password_mail(&user, public_url, &token, LINK_MINUTES);
        state.store.queue_mail(&[mail], now_seconds()).await?;
        state
            .store
            .make_job_due(crate::app::cycle::MAIL.0, now_seconds())
            .await?;
    }
    Ok(message(
        "Check your email",
        "If that address has an account, we have sent it a link to set a new password. The link works once, for an hour.",
    ))
}

fn kind_of(key: &str) -> Result<MailKind, AppError> {
    MailKind::from_key(key)
        .filter(|k| k.optional())
        .ok_or(AppError::NotFound)
}

/// GET /mail/unsubscribe/{token}/{kind}: asks before doing it, since mail scanners follow links.
pub async fn unsubscribe_form(Path((token, kind)): Path<(String, String)>) -> PageResult {
    let kind = kind_of(&kind)?;
    let page = plain_form(
        &format!("Stop getting {}", kind.label().to_lowercase()),
        &format!("/mail/unsubscribe/{token}/{}", kind.key()),
        "Stop these emails",
        Vec::new(),
    );
    Ok(render(&page))
}

/// POST /mail/unsubscribe/{token}/{kind}: the one-click unsubscribe (RFC 8058) and the form.
pub async fn unsubscribe(
    State(state): State<AppState>,
    Path((token, kind)): Path<(String, String)>,
) -> PageResult {
    let kind = kind_of(&kind)?;
    match state.store.unsubscribe(&token, kind).await? {
        Some(_) => Ok(message(
            "You have unsubscribed",
            &format!(
                "You will not get {} any more. You can turn them back on from your account page.",
                kind.label().to_lowercase()
            ),
        )),
        None => Err(AppError::NotFound.into()),
    }
}

/// GET /account/mail: which optional mail the signed-in person gets.
pub async fn mail_choices(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let settings = state
        .store
        .mail_settings(session.user.id, &random_token()?)
        .await?;
    let choices = MailKind::optional_kinds()
        .into_iter()
        .map(|k| Choice::new(k.key(), k.label(), settings.wants(k)))
        .collect();
    let field = Field::checkboxes("wanted", "Which of these emails do you want?", choices)
        .hint("Requests for updates, escalations and password links are always sent.");
    let page = FormPage {
        chrome: Chrome::new(&session, "account"),
        title: "Emails you get".into(),
        caption: None,
        action: "/account/mail".into(),
        submit: "Save".into(),
        cancel: "/account".into(),
        hidden: Vec::new(),
        fields: vec![field],
        errors: Vec::new(),
        merge: None,
    };
    Ok(render(&page))
}

/// POST /account/mail
pub async fn save_mail_choices(
    State(state): State<AppState>,
    session: SignedIn,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let wanted = form.all("wanted");
    let off: Vec<MailKind> = MailKind::optional_kinds()
        .into_iter()
        .filter(|k| !wanted.iter().any(|w| w == k.key()))
        .collect();
    state
        .store
        .mail_settings(session.user.id, &random_token()?)
        .await?;
    state
        .store
        .set_mail_turned_off(&Actor::user(&session.user), session.user.id, &off)
        .await?;
    see_other("/account".into())
}

/// GET /admin/jobs: each background job, its last runs, and the organisation's recent mail.
pub async fn jobs(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let mut jobs = Vec::new();
    for job in state.store.jobs().await? {
        let runs = state.store.job_runs(&job.name, 5).await?;
        jobs.push((job, runs));
    }
    let outbox = state.store.outbox(Some(session.org.id), 50).await?;
    let page = JobsPage {
        chrome: Chrome::new(&session, "accounts"),
        mail_on: state.public_url.is_some(),
        jobs: jobs
            .into_iter()
            .map(|(job, runs)| crate::web::templates::JobLine {
                held: job
                    .lease_owner
                    .filter(|_| job.lease_until.is_some_and(|u| u >= now_seconds()))
                    .map(|o| format!("Running on {o}"))
                    .unwrap_or_else(|| "Waiting".into()),
                due: crate::web::templates::when(job.due_at),
                failures: job.attempts,
                runs: runs
                    .into_iter()
                    .map(|r| {
                        (
                            crate::web::templates::when(r.started_at),
                            r.instance,
                            r.outcome,
                            r.summary,
                        )
                    })
                    .collect(),
                name: job.name,
            })
            .collect(),
        outbox: outbox
            .into_iter()
            .map(|m| {
                (
                    crate::web::templates::when(m.created_at),
                    m.to,
                    m.subject,
                    m.state.label().to_string(),
                    m.last_error.unwrap_or_default(),
                )
            })
            .collect(),
    };
    Ok(render(&page).into_response())
}
