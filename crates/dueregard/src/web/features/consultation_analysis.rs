//! Analysing a consultation: the code frame, coding each response (with suggestions worked out
//! here), two coders' agreement, every code traced to its responses, "you said, we did", and
//! the summary report that is approved and then published.

use super::{FormSpec, form_version, see_other};
use crate::app::consultations;
use crate::web::auth::SignedIn;
use crate::web::edit::{self, AddPage};
use crate::web::error::{AppError, PageResult};
use crate::web::form::{Choice, Field, FormData, attach_errors};
use crate::web::templates::{Chrome, FormPage, HtmlPage};
use crate::web::{AppState, render, render_form, today};
use axum::extract::{Path, State};
use dueregard_core::consultation::analysis::{
    self, agreement, code_frame, frame_text, responses_by_code,
};
use dueregard_core::consultation::response::receipt_lines;
use dueregard_core::consultation::suggest::{codes_for, suggest};
use dueregard_core::consultation::{Consultation, QuestionKind};
use dueregard_core::period::long_date;
use dueregard_core::store::{Actor, StoreError};
use dueregard_formats::export::xml;
use dueregard_stats::disclosure::SUPPRESSED;

/// Each counted response's written answers, as one text.
fn written(
    c: &Consultation,
    r: &dueregard_core::consultation::response::ConsultationResponse,
) -> String {
    c.fields
        .questions
        .iter()
        .filter(|q| matches!(q.kind, QuestionKind::Text | QuestionKind::LongText))
        .filter_map(|q| r.answers.get(&q.key).map(|a| a.join(" ")))
        .collect::<Vec<_>>()
        .join("\n")
}

fn csrf_form(session: &SignedIn, action: &str, version: i64, inner: &str, label: &str) -> String {
    format!(
        "<form method=\"post\" action=\"{action}\" novalidate><input type=\"hidden\" name=\"csrf_token\" value=\"{}\"><input type=\"hidden\" name=\"version\" value=\"{version}\">{inner}<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">{label}</button></form>",
        xml(&session.csrf)
    )
}

/// GET /consultations/{id}/analysis
pub async fn page(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let org = session.org.id;
    let c = state.store.consultation(org, id).await?;
    let responses: Vec<_> = state
        .store
        .responses(org, id)
        .await?
        .into_iter()
        .filter(|r| r.held.is_none())
        .collect();
    let codings = state.store.codings(org, id).await?;
    let mine: std::collections::BTreeSet<i64> = codings
        .iter()
        .filter(|k| k.coder_id == session.user.id)
        .map(|k| k.response_id)
        .collect();
    let coded: std::collections::BTreeSet<i64> = codings.iter().map(|k| k.response_id).collect();
    let with_text: Vec<_> = responses
        .iter()
        .filter(|r| !written(&c, r).trim().is_empty())
        .collect();
    let uncoded = with_text.iter().filter(|r| !coded.contains(&r.id)).count();
    let mut body = format!(
        "<span class=\"govuk-caption-l\">{}</span><h1 class=\"govuk-heading-l\">What people said</h1>",
        xml(&c.fields.title)
    );
    body.push_str(&format!(
        "<p class=\"govuk-body\">{} responses with written answers; {} coded by someone, {} by you, {uncoded} not yet coded.</p>",
        with_text.len(),
        with_text.len() - uncoded,
        with_text.iter().filter(|r| mine.contains(&r.id)).count(),
    ));
    if let Some(next) = with_text.iter().find(|r| !mine.contains(&r.id)) {
        body.push_str(&format!(
            "<a href=\"/consultations/{id}/responses/{}/code\" role=\"button\" draggable=\"false\" class=\"govuk-button\" data-module=\"govuk-button\">Code the next response</a>",
            next.id
        ));
    }

    body.push_str("<h2 class=\"govuk-heading-m\" id=\"frame\">Code frame</h2><p class=\"govuk-body\">The themes written answers are sorted under. One a line: the theme, then a colon and what it covers. A theme keeps its codings when the frame is retyped.</p>");
    let frame = frame_text(&c.fields.codes);
    body.push_str(&csrf_form(
        &session,
        &format!("/consultations/{id}/codes"),
        c.version,
        &format!(
            "<div class=\"govuk-form-group\"><label class=\"govuk-label govuk-label--s\" for=\"codes\">Themes</label><textarea class=\"govuk-textarea\" id=\"codes\" name=\"codes\" rows=\"6\">{}</textarea></div>",
            xml(&frame)
        ),
        "Save the code frame",
    ));

    let texts: Vec<(i64, String)> = with_text.iter().map(|r| (r.id, written(&c, r))).collect();
    let s = suggest(&texts);
    let reference = |rid: i64| {
        responses
            .iter()
            .find(|r| r.id == rid)
            .map(|r| r.reference.clone())
            .unwrap_or_default()
    };
    body.push_str("<h2 class=\"govuk-heading-m\">Suggestions</h2><p class=\"govuk-body\">Worked out on this server from the words of the answers: a start for the code frame, never a code on its own.</p>");
    if s.keywords.is_empty() {
        body.push_str("<p class=\"govuk-body\">Not enough written answers yet.</p>");
    } else {
        body.push_str(&format!(
            "<p class=\"govuk-body\"><strong>Words that stand out:</strong> {}</p>",
            s.keywords
                .iter()
                .map(|(w, n)| format!("{} ({n})", xml(w)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        body.push_str("<ul class=\"govuk-list govuk-list--bullet\">");
        for cl in s.clusters.iter().take(10) {
            body.push_str(&format!(
                "<li>{} responses about <strong>{}</strong>: {}</li>",
                cl.responses.len(),
                xml(&cl.words.join(", ")),
                cl.responses.iter().map(|r| format!("<a class=\"govuk-link\" href=\"/consultations/{id}/responses/{r}/code\">{}</a>", xml(&reference(*r)))).collect::<Vec<_>>().join(", ")
            ));
        }
        body.push_str("</ul>");
    }

    if !c.fields.codes.is_empty() {
        let mut rows = String::new();
        for (code, ids) in responses_by_code(&codings, &c.fields.codes) {
            rows.push_str(&format!(
                "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td><td class=\"govuk-table__cell\">{}</td></tr>",
                xml(&code.label),
                ids.len(),
                ids.iter().map(|r| format!("<a class=\"govuk-link\" href=\"/consultations/{id}/responses/{r}/code\">{}</a>", xml(&reference(*r)))).collect::<Vec<_>>().join(", ")
            ));
        }
        body.push_str(&format!("<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Themes and the responses behind them</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Theme</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Responses</th><th scope=\"col\" class=\"govuk-table__header\">Which</th></tr></thead><tbody class=\"govuk-table__body\">{rows}</tbody></table>"));
    }
    if let Some(a) = agreement(&codings, &c.fields.codes) {
        let mut rows = String::new();
        for (label, same, kappa) in &a.per_code {
            rows.push_str(&format!(
                "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">{:.0}%</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td></tr>",
                xml(label),
                same * 100.0,
                kappa.map_or("Not defined".to_string(), |k| format!("{k:.2}"))
            ));
        }
        body.push_str(&format!(
            "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">How far {} and {} agree, on the {} responses both coded</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Theme</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Same decision</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Cohen's kappa</th></tr></thead><tbody class=\"govuk-table__body\">{rows}</tbody></table><p class=\"govuk-body-s\">Mean kappa: {}. Kappa is agreement beyond chance: 1 is complete, 0 no better than chance; 0.6 or more is usually taken as good. It is not defined where both coders made the same decision on every response.</p>",
            xml(&a.coders.0),
            xml(&a.coders.1),
            a.responses,
            a.mean_kappa.map_or("not defined".to_string(), |k| format!("{k:.2}"))
        ));
    }

    body.push_str("<h2 class=\"govuk-heading-m\" id=\"changes\">You said, we did</h2>");
    if c.fields.changes.is_empty() {
        body.push_str("<p class=\"govuk-body\">No changes recorded yet.</p>");
    } else {
        body.push_str("<dl class=\"govuk-summary-list\">");
        for (n, ch) in c.fields.changes.iter().enumerate() {
            let codes: Vec<String> = ch
                .code_keys
                .iter()
                .filter_map(|k| c.fields.codes.iter().find(|c| &c.key == k))
                .map(|c| xml(&c.label))
                .collect();
            body.push_str(&format!(
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">{}</dt><dd class=\"govuk-summary-list__value\">{}{}</dd><dd class=\"govuk-summary-list__actions\">{}</dd></div>",
                xml(&ch.you_said),
                xml(&ch.we_did),
                if codes.is_empty() { String::new() } else { format!("<br><span class=\"govuk-body-s\">Themes: {}</span>", codes.join(", ")) },
                csrf_form(&session, &format!("/consultations/{id}/changes/{}/remove", n + 1), c.version, "", &format!("Remove<span class=\"govuk-visually-hidden\"> change {}</span>", n + 1)),
            ));
        }
        body.push_str("</dl>");
    }
    body.push_str(&format!(
        "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/consultations/{id}/changes/new\">Record a change made because of what was heard</a></p><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/consultations/{id}/summary\">The summary of what was heard</a></p>"
    ));
    Ok(render(&HtmlPage {
        chrome: Chrome::new(&session, "consultations"),
        title: format!("What people said: {}", c.fields.title),
        body,
    }))
}

/// POST /consultations/{id}/codes: the code frame, retyped.
pub async fn save_codes(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let org = session.org.id;
    let c = state.store.consultation(org, id).await?;
    let mut fields = c.fields.clone();
    fields.codes = code_frame(&form.text("codes"), &c.fields.codes).map_err(AppError::Invalid)?;
    super::consultations::save_fields(&state, &session, id, &form, fields).await?;
    see_other(format!("/consultations/{id}/analysis#frame"))
}

fn coding_page(
    session: &SignedIn,
    c: &Consultation,
    r: &dueregard_core::consultation::response::ConsultationResponse,
    chosen: &[String],
    errors: Vec<(String, String)>,
) -> FormPage {
    let suggested = codes_for(&written(c, r), &c.fields.codes);
    let choices = c
        .fields
        .codes
        .iter()
        .map(|code| {
            let label = format!(
                "{}{}",
                code.label,
                if suggested.contains(&code.key) {
                    " (suggested: the answer uses its words)"
                } else {
                    ""
                }
            );
            Choice::new(&code.key, label, chosen.contains(&code.key))
        })
        .collect();
    let said = receipt_lines(&c.fields, &r.answers)
        .into_iter()
        .map(|(q, a)| format!("{q}\n{a}"))
        .collect::<Vec<_>>()
        .join("\n\n");
    FormPage {
        chrome: Chrome::new(session, "consultations"),
        title: format!("Code response {}", r.reference),
        caption: Some(c.fields.title.clone()),
        action: format!("/consultations/{}/responses/{}/code", c.id, r.id),
        submit: "Save and code the next".into(),
        cancel: format!("/consultations/{}/analysis", c.id),
        hidden: Vec::new(),
        fields: vec![
            Field::textarea("said", "What they said", said)
                .hint("As sent; shown here to code, not changed"),
            Field::checkboxes("codes", "Themes it raises", choices)
                .hint("Leave all unticked if none applies: it still counts as coded"),
        ],
        errors,
        merge: None,
    }
}

async fn response_of(
    state: &AppState,
    org: i64,
    id: i64,
    rid: i64,
) -> Result<
    (
        Consultation,
        dueregard_core::consultation::response::ConsultationResponse,
    ),
    AppError,
> {
    let c = state.store.consultation(org, id).await?;
    let r = state
        .store
        .responses(org, id)
        .await?
        .into_iter()
        .find(|r| r.id == rid)
        .ok_or(AppError::NotFound)?;
    Ok((c, r))
}

/// GET /consultations/{id}/responses/{response}/code
pub async fn code_form(
    State(state): State<AppState>,
    session: SignedIn,
    Path((id, rid)): Path<(i64, i64)>,
) -> PageResult {
    let org = session.org.id;
    let (c, r) = response_of(&state, org, id, rid).await?;
    let mine = state
        .store
        .codings(org, id)
        .await?
        .into_iter()
        .find(|k| k.response_id == rid && k.coder_id == session.user.id)
        .map(|k| k.codes)
        .unwrap_or_default();
    Ok(render(&coding_page(&session, &c, &r, &mine, Vec::new())))
}

/// POST /consultations/{id}/responses/{response}/code: keeps this person's codes, then goes
/// to the next response they have not coded.
pub async fn code(
    State(state): State<AppState>,
    session: SignedIn,
    Path((id, rid)): Path<(i64, i64)>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let org = session.org.id;
    let (c, r) = response_of(&state, org, id, rid).await?;
    let codes = match analysis::chosen_codes(&c.fields.codes, &form.all("codes")) {
        Ok(k) => k,
        Err(e) => {
            let mut page = coding_page(&session, &c, &r, &form.all("codes"), Vec::new());
            page.errors = attach_errors(&mut page.fields, &e);
            return Ok(render_form(&page, true));
        }
    };
    state
        .store
        .code_response(
            &Actor::user(&session.user),
            org,
            id,
            analysis::NewCoding {
                response_id: rid,
                coder_id: session.user.id,
                codes: &codes,
                at: crate::app::secrets::now_seconds(),
            },
        )
        .await?;
    let mine: std::collections::BTreeSet<i64> = state
        .store
        .codings(org, id)
        .await?
        .into_iter()
        .filter(|k| k.coder_id == session.user.id)
        .map(|k| k.response_id)
        .collect();
    let next =
        state.store.responses(org, id).await?.into_iter().find(|x| {
            x.held.is_none() && !mine.contains(&x.id) && !written(&c, x).trim().is_empty()
        });
    see_other(match next {
        Some(n) => format!("/consultations/{id}/responses/{}/code", n.id),
        None => format!("/consultations/{id}/analysis"),
    })
}

/// Recording a change made because of what was heard.
pub struct ChangeAdd {
    org: i64,
    consultation: Consultation,
    objectives: Vec<(i64, String)>,
    actions: Vec<(i64, String)>,
    decisions: Vec<(i64, String)>,
}

impl ChangeAdd {
    fn fields(
        &self,
        you_said: &str,
        we_did: &str,
        codes: &[String],
        objectives: &[String],
        actions: &[String],
        decisions: &[String],
    ) -> Vec<Field> {
        let picked = |list: &[(i64, String)], chosen: &[String]| -> Vec<Choice> {
            list.iter()
                .map(|(id, name)| Choice::new(id, name.clone(), chosen.contains(&id.to_string())))
                .collect()
        };
        vec![
            Field::textarea("you_said", "You said", you_said)
                .hint("What people told us, in their words or a fair summary"),
            Field::textarea("we_did", "We did", we_did).hint("What changed because of it"),
            Field::checkboxes(
                "code_keys",
                "The themes behind it (optional)",
                self.consultation
                    .fields
                    .codes
                    .iter()
                    .map(|c| Choice::new(&c.key, c.label.clone(), codes.contains(&c.key)))
                    .collect(),
            ),
            Field::checkboxes(
                "objective_ids",
                "Equality objectives it changed (optional)",
                picked(&self.objectives, objectives),
            ),
            Field::checkboxes(
                "action_ids",
                "Actions it changed or added (optional)",
                picked(&self.actions, actions),
            ),
            Field::checkboxes(
                "decision_ids",
                "Decisions it changed (optional)",
                picked(&self.decisions, decisions),
            ),
        ]
    }
}

impl AddPage for ChangeAdd {
    const SECTION: &'static str = "consultations";
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        let id = edit::record_id(ids)?;
        Ok(ChangeAdd {
            org,
            consultation: state.store.consultation(org, id).await?,
            objectives: state
                .store
                .objectives(org)
                .await?
                .into_iter()
                .map(|o| (o.id, o.fields.title))
                .collect(),
            actions: state
                .store
                .action_rows(org)
                .await?
                .into_iter()
                .map(|a| {
                    let text: String = a.text.chars().take(100).collect();
                    (a.id, format!("{} {text}", a.reference))
                })
                .collect(),
            decisions: state
                .store
                .decisions(org)
                .await?
                .into_iter()
                .map(|d| (d.id, d.fields.title))
                .collect(),
        })
    }
    fn spec(&self) -> FormSpec {
        let id = self.consultation.id;
        FormSpec::new(
            "Record a change",
            format!("/consultations/{id}/changes/new"),
            &format!("/consultations/{id}/analysis"),
            None,
        )
    }
    fn blank(&self) -> Vec<Field> {
        self.fields("", "", &[], &[], &[], &[])
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        self.fields(
            &form.text("you_said"),
            &form.text("we_did"),
            &form.all("code_keys"),
            &form.all("objective_ids"),
            &form.all("action_ids"),
            &form.all("decision_ids"),
        )
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let c = &self.consultation;
        let change = analysis::change(
            &form.text("you_said"),
            &form.text("we_did"),
            &form.all("code_keys"),
            &c.fields.codes,
            &form.all("objective_ids"),
            &form.all("action_ids"),
            &form.all("decision_ids"),
        )
        .map_err(StoreError::Invalid)?;
        let known = |list: &[(i64, String)], ids: &[i64]| {
            ids.iter().all(|i| list.iter().any(|(k, _)| k == i))
        };
        if !known(&self.objectives, &change.objective_ids)
            || !known(&self.actions, &change.action_ids)
            || !known(&self.decisions, &change.decision_ids)
        {
            return Err(StoreError::Invalid(
                dueregard_core::validate::ValidationErrors::single(
                    "objective_ids",
                    "Choose from the list",
                ),
            ));
        }
        let mut fields = c.fields.clone();
        fields.changes.push(change);
        state
            .store
            .update_consultation(
                &Actor::user(&session.user),
                self.org,
                c.id,
                c.version,
                fields,
            )
            .await?;
        Ok(format!("/consultations/{}/analysis#changes", c.id))
    }
}

/// POST /consultations/{id}/changes/{n}/remove
pub async fn remove_change(
    State(state): State<AppState>,
    session: SignedIn,
    Path((id, n)): Path<(i64, usize)>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    // A form without its version is refused before anything else is looked at.
    form_version(&form)?;
    let c = state.store.consultation(session.org.id, id).await?;
    if n == 0 || n > c.fields.changes.len() {
        return Err(AppError::NotFound.into());
    }
    let mut fields = c.fields.clone();
    fields.changes.remove(n - 1);
    super::consultations::save_fields(&state, &session, id, &form, fields).await?;
    see_other(format!("/consultations/{id}/analysis#changes"))
}

/// The summary as approved, or as it stands before approval.
async fn summary_of(
    state: &AppState,
    session: &SignedIn,
    c: &Consultation,
) -> Result<dueregard_core::report::Report, AppError> {
    let store = state.store.as_ref();
    let found = match consultations::approved_summary(store, &session.org, c, today()).await {
        Ok(Some(r)) => Ok(r),
        Ok(None) => consultations::summary(store, &session.org, c, today()).await,
        Err(e) => Err(e),
    };
    found.map_err(|e| AppError::Internal(format!("{e:#}")))
}

/// GET /consultations/{id}/summary: the summary report, with its approval.
pub async fn summary(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let org = session.org.id;
    let c = state.store.consultation(org, id).await?;
    let report = summary_of(&state, &session, &c).await?;
    let mut body = dueregard_formats::report_render::html(&report);
    body.push_str("<div class=\"dr-no-print\"><h2 class=\"govuk-heading-m\">Download this summary</h2><ul class=\"govuk-list\">");
    for (ext, label) in [
        ("pdf", "PDF"),
        ("odt", "OpenDocument (ODT)"),
        ("docx", "Word (DOCX)"),
    ] {
        body.push_str(&format!("<li><a class=\"govuk-link\" href=\"/consultations/{id}/summary/{ext}\" download>{label}</a></li>"));
    }
    body.push_str("</ul>");
    match &c.fields.summary_approved {
        Some(a) => body.push_str(&format!(
            "<p class=\"govuk-body\">Approved by {} on {}. It is on the public site.</p>",
            xml(&a.by),
            long_date(a.on)
        )),
        None if session.user.role.can_approve() => body.push_str(&csrf_form(
            &session,
            &format!("/consultations/{id}/summary/approve"),
            c.version,
            "<p class=\"govuk-body\">Approving it publishes it on the public site, with the figures as shown here.</p>",
            "Approve and publish the summary",
        )),
        None => body.push_str("<p class=\"govuk-body\">A director approves the summary before it is published.</p>"),
    }
    body.push_str("</div>");
    Ok(render(&HtmlPage {
        chrome: Chrome::new(&session, "consultations"),
        title: report.title.clone(),
        body,
    }))
}

/// GET /consultations/{id}/summary/{format}
pub async fn summary_file(
    State(state): State<AppState>,
    session: SignedIn,
    Path((id, format)): Path<(i64, String)>,
) -> PageResult {
    let c = state.store.consultation(session.org.id, id).await?;
    let report = summary_of(&state, &session, &c).await?;
    super::reports::report_file(report, &format).await
}

/// POST /consultations/{id}/summary/approve: a director or administrator approves it.
pub async fn approve(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let org = session.org.id;
    let c = state.store.consultation(org, id).await?;
    if c.fields.stage(today()) != dueregard_core::consultation::Stage::Closed {
        return Err(AppError::BadRequest(
            "A summary is approved once the consultation has closed.".into(),
        )
        .into());
    }
    let version = form_version(&form)?;
    match consultations::approve_summary(
        state.store.as_ref(),
        &Actor::user(&session.user),
        &session.org,
        &c,
        version,
        &session.user.name,
        today(),
    )
    .await
    {
        Ok(()) => {}
        Err(e) => match e.downcast::<StoreError>() {
            Ok(store) => return Err(AppError::from(store).into()),
            Err(e) => return Err(AppError::Internal(format!("{e:#}")).into()),
        },
    }
    see_other(format!("/consultations/{id}/summary"))
}

/// Each closed question's answers by group, for each monitored characteristic, as disclosure
/// control lets them be shown; folded away, as there are many tables.
pub(super) async fn breakdown_section(
    state: &AppState,
    org: i64,
    c: &Consultation,
    responses: &[dueregard_core::consultation::response::ConsultationResponse],
) -> Result<String, AppError> {
    use dueregard_core::consultation::response::MONITORED;
    let closed: Vec<_> = c
        .fields
        .questions
        .iter()
        .filter(|q| q.kind.is_closed())
        .collect();
    if !c.fields.ask_monitoring || closed.is_empty() {
        return Ok(String::new());
    }
    let mut out = String::new();
    for ch in MONITORED {
        let codes = state.store.monitoring_links(org, c.id, ch).await?;
        for q in &closed {
            let answers: Vec<(i64, Vec<String>)> = responses
                .iter()
                .filter(|r| r.held.is_none())
                .filter_map(|r| Some((r.id, r.answers.get(&q.key)?.clone())))
                .collect();
            let b = analysis::breakdown(&q.choices(), &answers, ch, &codes);
            let head: String = b
                .groups
                .iter()
                .map(|g| format!("<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">{}</th>", xml(g)))
                .collect();
            let rows: String = b
                .rows
                .iter()
                .map(|(choice, cells)| {
                    let cells: String = cells
                        .iter()
                        .map(|n| format!("<td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td>", n.map_or(SUPPRESSED.to_string(), |n| n.to_string())))
                        .collect();
                    format!("<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th>{cells}</tr>", xml(choice))
                })
                .collect();
            out.push_str(&format!(
                "<div class=\"dr-table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{caption}\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">{caption}</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Answer</th>{head}</tr></thead><tbody class=\"govuk-table__body\">{rows}</tbody></table></div>",
                caption = xml(&format!("{} by {}", q.text, ch.label().to_lowercase())),
            ));
        }
    }
    Ok(format!(
        "<details class=\"govuk-details\" id=\"by-group\"><summary class=\"govuk-details__summary\"><span class=\"govuk-details__summary-text\">Answers by respondents' group</span></summary><div class=\"govuk-details__text\"><p class=\"govuk-body\">From the respondents who answered the monitoring questions. Counts of 1 to 9, and any that would give one away, show as {SUPPRESSED}.</p>{out}</div></details>"
    ))
}
