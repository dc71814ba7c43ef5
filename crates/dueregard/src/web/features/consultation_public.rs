//! The public side of a consultation: the list of those open, the response form (no account,
//! no JavaScript needed, all questions on one page) and the receipt. The same form serves
//! officers keying in paper and email responses.

use super::public::{organisation, page as public_page};
use crate::app::consultations::{self, Sender};
use crate::web::auth::ClientAddress;
use crate::web::error::{AppError, PageResult};
use crate::web::form::{Choice, Field, FormData, attach_errors};
use crate::web::templates::{Chrome, PublicFormPage};
use crate::web::{AppState, render, render_form, today};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use dueregard_core::consultation::response::{
    self, Channel, MONITORED, Received, answer_field, monitoring_choices, monitoring_field,
    monitoring_question,
};
use dueregard_core::consultation::{Consultation, QuestionKind, Stage};
use dueregard_core::org::Organisation;
use dueregard_core::period::long_date;
use dueregard_core::validate::ValidationErrors;
use dueregard_formats::export::xml;

/// The form's fields for a consultation, filled from `form` (empty when first shown).
pub fn response_fields(c: &Consultation, form: &FormData, officer: bool) -> Vec<Field> {
    let mut fields = Vec::new();
    for (n, q) in c.fields.questions.iter().enumerate() {
        let name = answer_field(&q.key);
        let label = format!(
            "{}. {}{}",
            n + 1,
            q.text,
            if q.required { "" } else { " (optional)" }
        );
        let chosen = form.all(&name);
        let field = match q.kind {
            QuestionKind::Radios | QuestionKind::Likert => Field::radios(
                &name,
                &label,
                q.choices()
                    .iter()
                    .map(|o| Choice::new(o, *o, chosen.iter().any(|c| c == o)))
                    .collect(),
            ),
            QuestionKind::Checkboxes => Field::checkboxes(
                &name,
                &label,
                q.choices()
                    .iter()
                    .map(|o| Choice::new(o, *o, chosen.iter().any(|c| c == o)))
                    .collect(),
            ),
            QuestionKind::Text => Field::text(&name, &label, form.text(&name)),
            QuestionKind::LongText => Field::textarea(&name, &label, form.text(&name)),
        };
        fields.push(match &q.hint {
            Some(h) => field.hint(h),
            None => field,
        });
    }
    let about = if officer { "The respondent's" } else { "Your" };
    fields.push(
        Field::text(
            "name",
            &format!("{about} name (optional)"),
            form.text("name"),
        )
        .hint("Only if they want a reply or to be named as a consultee"),
    );
    fields.push(Field::text(
        "email",
        &format!("{about} email address (optional)"),
        form.text("email"),
    ));
    fields.push(
        Field::text(
            "organisation",
            "Responding for an organisation? Its name (optional)",
            form.text("organisation"),
        )
        .hint("For example a charity, a staff network or a community forum"),
    );
    if c.fields.ask_monitoring {
        for ch in MONITORED {
            let name = monitoring_field(ch);
            let picked = form.text(&name);
            let choices = monitoring_choices(ch)
                .into_iter()
                .map(|(code, label)| Choice::new(code, label, picked == code.to_string()))
                .collect();
            fields.push(
                Field::radios(
                    &name,
                    &format!("{} (optional)", monitoring_question(ch)),
                    choices,
                )
                .hint("Equality monitoring: kept apart from the answers and only ever counted"),
            );
        }
    }
    fields
}

/// Reads a submitted response form.
pub fn read_response(
    c: &Consultation,
    form: &FormData,
) -> Result<response::ResponseInput, ValidationErrors> {
    response::read(&c.fields, &|k| form.text(k), &|k| form.all(k))
}

/// A published consultation of the organisation (drafts are no page to the public).
async fn published(
    state: &AppState,
    org: &Organisation,
    id: i64,
) -> Result<Consultation, AppError> {
    let c = state.store.consultation(org.id, id).await?;
    if !c.fields.published {
        return Err(AppError::NotFound);
    }
    Ok(c)
}

/// GET /public/{slug}/consultations
pub async fn list(State(state): State<AppState>, Path(slug): Path<String>) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let today = today();
    let mut open = String::new();
    let mut closed = String::new();
    for c in state.store.consultations(org.id).await? {
        let f = &c.fields;
        let line = format!(
            "<li><a class=\"govuk-link\" href=\"/public/{}/consultations/{}\">{}</a><br><span class=\"govuk-body-s\">{} to {}</span></li>",
            xml(&org.slug),
            c.id,
            xml(&f.title),
            long_date(f.opens),
            long_date(f.closes)
        );
        match f.stage(today) {
            Stage::Open | Stage::Upcoming => open.push_str(&line),
            Stage::Closed if f.summary_approved.is_some() => closed.push_str(&line.replace(
                "</span></li>",
                &format!(
                    "</span><br><a class=\"govuk-link\" href=\"/public/{}/consultations/{}/summary\">What we heard, and what we changed</a></li>",
                    xml(&org.slug),
                    c.id
                ),
            )),
            Stage::Closed => closed.push_str(&line),
            Stage::Draft => {}
        }
    }
    let none = |s: &str, what: &str| {
        if s.is_empty() {
            format!("<p class=\"govuk-body\">{what}</p>")
        } else {
            format!("<ul class=\"govuk-list govuk-list--spaced\">{s}</ul>")
        }
    };
    let title = "Consultations";
    let body = format!(
        "<span class=\"govuk-caption-l\">{name}</span><h1 class=\"govuk-heading-l\">{title}</h1>\
         <p class=\"govuk-body\">Tell {name} what you think before it decides. Anyone can respond; you do not need an account.</p>\
         <h2 class=\"govuk-heading-m\">Open now or opening soon</h2>{open}\
         <h2 class=\"govuk-heading-m\">Closed</h2>{closed}",
        name = xml(&org.name),
        open = none(&open, "There are no open consultations."),
        closed = none(&closed, "None yet."),
    );
    public_page(&org, title, body)
}

fn intro(c: &Consultation, stage: Stage) -> String {
    let f = &c.fields;
    let mut out = format!(
        "<p class=\"govuk-body dr-pre\">{}</p><p class=\"govuk-body\">This consultation runs from {} to {}.</p>",
        xml(&f.purpose),
        long_date(f.opens),
        long_date(f.closes)
    );
    if !f.documents.is_empty() {
        out.push_str(
            "<h2 class=\"govuk-heading-m\">What is proposed</h2><ul class=\"govuk-list\">",
        );
        for d in &f.documents {
            out.push_str(&format!(
                "<li><a class=\"govuk-link\" href=\"{}\">{}</a></li>",
                xml(&d.address),
                xml(&d.title)
            ));
        }
        out.push_str("</ul>");
    }
    match stage {
        Stage::Open => out.push_str(
            "<h2 class=\"govuk-heading-m\">Your response</h2><p class=\"govuk-body\">Answer as many questions as you like. You will see your answers again, with a reference, when you send them.</p>",
        ),
        Stage::Upcoming => out.push_str(&format!(
            "<div class=\"govuk-inset-text\">This consultation opens on {}. You can respond from then.</div>",
            long_date(f.opens)
        )),
        _ => out.push_str(
            "<div class=\"govuk-inset-text\">This consultation has closed. Thank you to everyone who responded.</div>",
        ),
    }
    out
}

fn privacy(org: &Organisation, c: &Consultation) -> String {
    format!(
        "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span class=\"govuk-details__summary-text\">How we use your information</span></summary>\
         <div class=\"govuk-details__text\"><p class=\"govuk-body\">{name} uses your answers to inform the decision this consultation is about, under its public task. Your name and contact details are optional; if you give them, they are deleted {days} days after the consultation closes. Equality monitoring answers are optional, kept apart from your answers, and only ever reported as counts of many people. We keep a scrambled form of your internet address for an hour's limit on responses, never the address itself.</p></div></details>",
        name = xml(&org.name),
        days = c.fields.keep_personal_days
    )
}

fn form_page(
    org: &Organisation,
    c: &Consultation,
    key: String,
    errors: Vec<(String, String)>,
    fields: Vec<Field>,
) -> PublicFormPage {
    let stage = c.fields.stage(today());
    PublicFormPage {
        chrome: Chrome::anonymous(),
        organisation: org.name.clone(),
        slug: org.slug.clone(),
        title: c.fields.title.clone(),
        intro: intro(c, stage),
        action: format!("/public/{}/consultations/{}", org.slug, c.id),
        hidden: vec![("submission_key".into(), key)],
        fields,
        after: privacy(org, c),
        submit: "Send my response".into(),
        save_later: true,
        errors,
    }
}

/// GET /public/{slug}/consultations/{id}
pub async fn show(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let c = published(&state, &org, id).await?;
    let key = consultations::new_submission_key()?;
    let form = FormData::default();
    let fields = response_fields(&c, &form, false);
    let page = form_page(&org, &c, key.clone(), Vec::new(), fields);
    if c.fields.one_question_per_page && c.fields.stage(today()) == Stage::Open {
        return Ok(render(&step_page(&org, &c, &form, key, 0, Vec::new())));
    }
    if c.fields.stage(today()) != Stage::Open {
        // No form to fill in: the page says when it opens, or that it has closed.
        return public_page(&org, &c.fields.title.clone(), {
            let mut body = format!(
                "<span class=\"govuk-caption-l\">{}</span><h1 class=\"govuk-heading-l\">{}</h1>",
                xml(&org.name),
                xml(&c.fields.title)
            );
            body.push_str(&page.intro);
            body
        });
    }
    Ok(render(&page))
}

/// POST /public/{slug}/consultations/{id}: keeps the response, or shows the form again with
/// every answer as typed and what to put right.
pub async fn submit(
    State(state): State<AppState>,
    address: ClientAddress,
    Path((slug, id)): Path<(String, i64)>,
    form: FormData,
) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let c = published(&state, &org, id).await?;
    if c.fields.stage(today()) != Stage::Open {
        return Err(
            AppError::BadRequest("This consultation is not open for responses.".into()).into(),
        );
    }
    // A form without a key of ours (an old page, or a hand-made request) gets a new one, so
    // the response is still kept and its receipt can be found.
    let key = match form.text("submission_key") {
        k if consultations::valid_key(&k) => k,
        _ => consultations::new_submission_key()?,
    };
    let resume = form.text("resume");
    let again = |errors: &ValidationErrors, key: String| {
        let mut fields = response_fields(&c, &form, false);
        let summary = attach_errors(&mut fields, errors);
        let mut page = form_page(&org, &c, key, summary, fields);
        if consultations::valid_key(&resume) {
            page.hidden.push(("resume".into(), resume.clone()));
        }
        page
    };
    if form.text("save") == "later" {
        return save_for_later(&state, &org, &c, &form, &key, &resume).await;
    }
    if c.fields.one_question_per_page
        && let Some(page) = next_step(&org, &c, &form, &key, &resume)
    {
        let refused = !page.errors.is_empty();
        return Ok(render_form(&page, refused));
    }
    let input = match read_response(&c, &form) {
        Ok(i) => i,
        Err(errors) if c.fields.one_question_per_page => {
            // Back to the page of the first problem.
            let questions = &c.fields.questions;
            let step = errors
                .0
                .first()
                .and_then(|p| {
                    questions
                        .iter()
                        .position(|q| answer_field(&q.key) == p.field)
                })
                .unwrap_or(0);
            let mut page = step_page(&org, &c, &form, key, step, Vec::new());
            page.errors = attach_errors(&mut page.fields, &errors);
            if consultations::valid_key(&resume) {
                page.hidden.push(("resume".into(), resume.clone()));
            }
            return Ok(render_form(&page, true));
        }
        Err(errors) => return Ok(render_form(&again(&errors, key), true)),
    };
    let sender = Sender {
        channel: Channel::Online,
        address: Some(&address.0),
        keyed_by: None,
        submission_key: Some(key.clone()),
        honeypot: !form.text("website").trim().is_empty(),
    };
    let received =
        consultations::receive(state.store.as_ref(), &state.keys, org.id, &c, input, sender)
            .await
            .map_err(|e| AppError::Internal(format!("{e:#}")))?;
    if consultations::valid_key(&resume) {
        state
            .store
            .delete_draft(c.id, &crate::app::secrets::token_hash(&resume))
            .await?;
    }
    match received {
        Received::Kept(_) | Received::Again(_) => super::see_other(format!(
            "/public/{}/consultations/{}/receipt/{key}",
            org.slug, c.id
        )),
        Received::TooMany => {
            let errors = ValidationErrors::single(
                "submission_key",
                "We have had a lot of responses from your connection in the last hour. Your answers are still here: send them again later",
            );
            let mut response = render(&again(&errors, key)).into_response();
            *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            response
                .headers_mut()
                .insert("retry-after", axum::http::HeaderValue::from_static("3600"));
            Ok(response)
        }
    }
}

/// GET /public/{slug}/consultations/{id}/receipt/{key}: the answers as kept, with the
/// reference. The key is the form's own secret, so only the person who sent it has the link.
pub async fn receipt(
    State(state): State<AppState>,
    Path((slug, id, key)): Path<(String, i64, String)>,
) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let c = published(&state, &org, id).await?;
    if !consultations::valid_key(&key) {
        return Err(AppError::NotFound.into());
    }
    let r = state
        .store
        .response_by_key(org.id, c.id, &key)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut rows = String::new();
    for (q, a) in response::receipt_lines(&c.fields, &r.answers) {
        rows.push_str(&format!(
            "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">{}</dt><dd class=\"govuk-summary-list__value dr-pre\">{}</dd></div>",
            xml(&q),
            xml(&a)
        ));
    }
    let title = "Your response has been sent";
    let body = format!(
        "<div class=\"govuk-panel govuk-panel--confirmation\"><h1 class=\"govuk-panel__title\">{title}</h1>\
         <div class=\"govuk-panel__body\">Your reference<br><strong>{reference}</strong></div></div>\
         <p class=\"govuk-body\">Thank you for responding to {consultation}. {name} will publish what it heard, and what it changed because of it, after the consultation closes on {closes}.</p>\
         <h2 class=\"govuk-heading-m\">Your answers</h2><dl class=\"govuk-summary-list\">{rows}</dl>\
         <p class=\"govuk-body\">Keep this page's address, or print it, as your receipt.</p>",
        reference = xml(&r.reference),
        consultation = xml(&c.fields.title),
        name = xml(&org.name),
        closes = long_date(c.fields.closes),
    );
    public_page(&org, title, body)
}

/// The consultation's summary as approved, or no page before it is.
async fn approved_summary(
    state: &AppState,
    slug: &str,
    id: i64,
) -> Result<dueregard_core::report::Report, AppError> {
    let org = organisation(state, slug).await?;
    let c = published(state, &org, id).await?;
    consultations::approved_summary(state.store.as_ref(), &org, &c, today())
        .await
        .map_err(|e| AppError::Internal(format!("{e:#}")))?
        .ok_or(AppError::NotFound)
}

/// GET /public/{slug}/consultations/{id}/summary: what was heard and what changed, once a
/// director has approved it.
pub async fn summary(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
) -> PageResult {
    let report = approved_summary(&state, &slug, id).await?;
    let org = organisation(&state, &slug).await?;
    let mut body = dueregard_formats::report_render::html(&report);
    body.push_str("<h2 class=\"govuk-heading-m dr-no-print\">Download this summary</h2><ul class=\"govuk-list dr-no-print\">");
    for (ext, label) in [
        ("pdf", "PDF"),
        ("odt", "OpenDocument (ODT)"),
        ("docx", "Word (DOCX)"),
    ] {
        body.push_str(&format!(
            "<li><a class=\"govuk-link\" href=\"/public/{}/consultations/{id}/summary/{ext}\" download>{label}</a></li>",
            xml(&org.slug)
        ));
    }
    body.push_str("</ul>");
    public_page(&org, &report.title, body)
}

/// GET /public/{slug}/consultations/{id}/summary/{format}
pub async fn summary_file(
    State(state): State<AppState>,
    Path((slug, id, format)): Path<(String, i64, String)>,
) -> PageResult {
    let report = approved_summary(&state, &slug, id).await?;
    super::reports::report_file(report, &format).await
}

/// The fields a saved response keeps: the answers and details as typed, and the form's key.
fn kept_fields(form: &FormData) -> Vec<(String, String)> {
    form.pairs()
        .iter()
        .filter(|(k, _)| {
            k.starts_with("answer_")
                || k.starts_with("monitoring_")
                || matches!(
                    k.as_str(),
                    "name" | "email" | "organisation" | "submission_key"
                )
        })
        .map(|(k, v)| {
            (
                k.clone(),
                v.chars().take(response::LONG_ANSWER + 10).collect(),
            )
        })
        .take(500)
        .collect()
}

/// Keeps the answers so far under a secret link, until the consultation closes, and gives the
/// link. Saving again from that link keeps them under the same one.
async fn save_for_later(
    state: &AppState,
    org: &Organisation,
    c: &Consultation,
    form: &FormData,
    key: &str,
    resume: &str,
) -> PageResult {
    let token = if consultations::valid_key(resume) {
        resume.to_string()
    } else {
        consultations::new_submission_key()?
    };
    let mut fields = kept_fields(form);
    fields.retain(|(k, _)| k != "submission_key");
    fields.push(("submission_key".into(), key.to_string()));
    let now = crate::app::secrets::now_seconds();
    let closes = consultations::closes_at(c).unwrap_or(now);
    state
        .store
        .save_draft(
            c.id,
            &crate::app::secrets::token_hash(&token),
            &fields,
            now,
            closes + 86_400,
        )
        .await?;
    let link = format!("/public/{}/consultations/{}/resume/{token}", org.slug, c.id);
    let title = "Your answers are saved";
    let body = format!(
        "<span class=\"govuk-caption-l\">{name}</span><h1 class=\"govuk-heading-l\">{title}</h1>\
         <p class=\"govuk-body\">Use this link to come back to your answers and send them. It works until the consultation closes on {closes}.</p>\
         <p class=\"govuk-body\"><a class=\"govuk-link\" id=\"resume-link\" href=\"{link}\">{link}</a></p>\
         <div class=\"govuk-inset-text\">Keep the link to yourself: anyone with it can see and send your answers. Your answers have not been sent yet.</div>",
        name = xml(&org.name),
        closes = long_date(c.fields.closes),
        link = xml(&link),
    );
    public_page(org, title, body)
}

/// GET /public/{slug}/consultations/{id}/resume/{token}: the form with the saved answers.
pub async fn resume(
    State(state): State<AppState>,
    Path((slug, id, token)): Path<(String, i64, String)>,
) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let c = published(&state, &org, id).await?;
    if !consultations::valid_key(&token) || c.fields.stage(today()) != Stage::Open {
        return Err(AppError::NotFound.into());
    }
    let saved = state
        .store
        .draft(
            c.id,
            &crate::app::secrets::token_hash(&token),
            crate::app::secrets::now_seconds(),
        )
        .await?
        .ok_or(AppError::NotFound)?;
    let form = FormData::from_pairs(saved);
    let key = match form.text("submission_key") {
        k if consultations::valid_key(&k) => k,
        _ => consultations::new_submission_key()?,
    };
    let mut page = if c.fields.one_question_per_page {
        step_page(&org, &c, &form, key, 0, Vec::new())
    } else {
        let fields = response_fields(&c, &form, false);
        form_page(&org, &c, key, Vec::new(), fields)
    };
    page.hidden.push(("resume".into(), token));
    Ok(render(&page))
}

/// The names of the fields on a step of a form with one question a page: the question, or
/// "about you" (contact details and monitoring) after the last one; none on the check.
fn step_fields(c: &Consultation, form: &FormData, step: usize) -> Vec<Field> {
    let all = response_fields(c, form, false);
    let questions = c.fields.questions.len();
    match step {
        s if s < questions => all.get(s).cloned().into_iter().collect(),
        s if s == questions => all.into_iter().skip(questions).collect(),
        _ => Vec::new(),
    }
}

/// One page of a form with one question a page; what was answered on the others travels with
/// it, so it works without JavaScript and without anything kept on the server.
fn step_page(
    org: &Organisation,
    c: &Consultation,
    form: &FormData,
    key: String,
    step: usize,
    errors: Vec<(String, String)>,
) -> PublicFormPage {
    let questions = c.fields.questions.len();
    let step = step.min(questions + 1);
    let fields = step_fields(c, form, step);
    let here: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    let mut hidden: Vec<(String, String)> = kept_fields(form)
        .into_iter()
        .filter(|(k, _)| k != "submission_key" && !here.contains(&k.as_str()))
        .collect();
    hidden.push(("submission_key".into(), key.clone()));
    hidden.push(("step".into(), step.to_string()));
    let mut page = form_page(org, c, key, errors, fields);
    page.hidden = hidden;
    let back = |to: usize| {
        format!(
            "<button type=\"submit\" name=\"goto\" value=\"{to}\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Back</button>"
        )
    };
    if step == 0 {
        page.intro.push_str(&format!(
            "<p class=\"govuk-body\">Question 1 of {questions}.</p>"
        ));
        page.submit = "Continue".into();
    } else if step < questions {
        page.intro = format!(
            "<p class=\"govuk-body\">Question {} of {questions}.</p>",
            step + 1
        );
        page.submit = "Continue".into();
        page.after = back(step - 1);
    } else if step == questions {
        page.intro =
            "<h2 class=\"govuk-heading-m\">About you</h2><p class=\"govuk-body\">All optional.</p>"
                .into();
        page.submit = "Continue".into();
        page.after = back(step - 1);
    } else {
        let read = |k: &str| form.text(k);
        let mut rows = String::new();
        for (n, q) in c.fields.questions.iter().enumerate() {
            let answer = form.all(&answer_field(&q.key)).join("; ");
            let answer = if answer.trim().is_empty() {
                "Not answered".to_string()
            } else {
                answer
            };
            rows.push_str(&format!(
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">{}</dt><dd class=\"govuk-summary-list__value dr-pre\">{}</dd><dd class=\"govuk-summary-list__actions\"><button type=\"submit\" name=\"goto\" value=\"{n}\" class=\"govuk-button govuk-button--secondary dr-small-button\" data-module=\"govuk-button\">Change<span class=\"govuk-visually-hidden\"> your answer to question {}</span></button></dd></div>",
                xml(&q.text),
                xml(&answer),
                n + 1
            ));
        }
        let about: Vec<String> = ["name", "email", "organisation"]
            .iter()
            .map(|k| read(k))
            .filter(|v| !v.trim().is_empty())
            .collect();
        rows.push_str(&format!(
            "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">About you</dt><dd class=\"govuk-summary-list__value\">{}</dd><dd class=\"govuk-summary-list__actions\"><button type=\"submit\" name=\"goto\" value=\"{questions}\" class=\"govuk-button govuk-button--secondary dr-small-button\" data-module=\"govuk-button\">Change<span class=\"govuk-visually-hidden\"> about you</span></button></dd></div>",
            if about.is_empty() { "Nothing given".to_string() } else { xml(&about.join(", ")) }
        ));
        page.intro =
            "<h2 class=\"govuk-heading-m\">Check your answers before sending them</h2>".into();
        page.after = format!(
            "<dl class=\"govuk-summary-list\">{rows}</dl>{}",
            privacy(org, c)
        );
    }
    page
}

/// Where a form with one question a page goes next: the page asked for ("Back", "Change"),
/// the same page again with what to put right, or the next page. `None` on the check page,
/// where "Send my response" sends.
fn next_step(
    org: &Organisation,
    c: &Consultation,
    form: &FormData,
    key: &str,
    resume: &str,
) -> Option<PublicFormPage> {
    let questions = c.fields.questions.len();
    let with_resume = |mut page: PublicFormPage| {
        if consultations::valid_key(resume) {
            page.hidden.push(("resume".into(), resume.to_string()));
        }
        page
    };
    if let Ok(to) = form.text("goto").parse::<usize>() {
        return Some(with_resume(step_page(
            org,
            c,
            form,
            key.into(),
            to,
            Vec::new(),
        )));
    }
    let step = form.text("step").parse::<usize>().ok()?;
    let problems = if step < questions {
        response::check_question(&c.fields, step, &|k| form.text(k), &|k| form.all(k)).err()
    } else if step == questions {
        // Only the "about you" fields are checked here; the answers were checked page by page.
        read_response(c, form).err().and_then(|e| {
            let about: Vec<_> =
                e.0.into_iter()
                    .filter(|p| !p.field.starts_with("answer_"))
                    .collect();
            (!about.is_empty()).then_some(ValidationErrors(about))
        })
    } else {
        return None;
    };
    Some(with_resume(match problems {
        Some(errors) => {
            let mut page = step_page(org, c, form, key.into(), step, Vec::new());
            page.errors = attach_errors(&mut page.fields, &errors);
            page
        }
        None => step_page(org, c, form, key.into(), step + 1, Vec::new()),
    }))
}
