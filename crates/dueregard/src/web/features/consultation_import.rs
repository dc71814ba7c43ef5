//! Bringing in responses exported from another survey tool: upload the CSV file, check which
//! column holds what (guessed from the headings), and bring in every row or none.

use super::{error_summary, see_other};
use crate::app::consultations::{self, Sender};
use crate::web::auth::SignedIn;
use crate::web::error::{AppError, PageResult};
use crate::web::form::FormData;
use crate::web::templates::{Chrome, HtmlPage};
use crate::web::upload::read_upload;
use crate::web::{AppState, render_form};
use axum::extract::{Multipart, Path, State};
use dueregard_core::consultation::Consultation;
use dueregard_core::consultation::import::{Target, guess, read_rows};
use dueregard_core::consultation::response::{Channel, Received};
use dueregard_core::store::Actor;
use dueregard_core::validate::ValidationErrors;
use dueregard_formats::export::xml;
use dueregard_formats::responses_csv::{self, CsvResponses};

/// The upload's body: the largest file plus the form's other fields.
pub const UPLOAD_LIMIT: usize = responses_csv::MAX_BYTES + 64 * 1024;
/// The mapping form carries the file back as text.
pub const CONFIRM_LIMIT: usize = 2 * responses_csv::MAX_BYTES;

fn upload_page(session: &SignedIn, c: &Consultation, errors: Vec<(String, String)>) -> PageResult {
    let refused = !errors.is_empty();
    let error = errors
        .first()
        .map(|(_, m)| format!("<p id=\"file-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {}</p>", xml(m)))
        .unwrap_or_default();
    let body = format!(
        "{summary}<span class=\"govuk-caption-l\">{title}</span><h1 class=\"govuk-heading-l\">Bring in responses from another survey tool</h1>\
         <p class=\"govuk-body\">Export the responses as a CSV file, with a heading row and one response a row. Next you check which column holds what; nothing is kept until you confirm, and a file with any row we cannot read is refused whole. Bringing in the same file again adds nothing.</p>\
         <form method=\"post\" action=\"/consultations/{id}/responses/import\" enctype=\"multipart/form-data\" novalidate>\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{csrf}\">\
         <div class=\"govuk-form-group{group}\"><label class=\"govuk-label govuk-label--s\" for=\"file\">The CSV file</label>{error}\
         <input class=\"govuk-file-upload\" id=\"file\" name=\"file\" type=\"file\" accept=\".csv,text/csv\"></div>\
         <button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Continue</button></form>",
        summary = error_summary(&errors),
        title = xml(&c.fields.title),
        id = c.id,
        csrf = xml(&session.csrf),
        group = if refused {
            " govuk-form-group--error"
        } else {
            ""
        },
    );
    Ok(render_form(
        &HtmlPage {
            chrome: Chrome::new(session, "consultations"),
            title: format!(
                "{}Bring in responses from another survey tool",
                if refused { "Error: " } else { "" }
            ),
            body,
        },
        refused,
    ))
}

/// GET /consultations/{id}/responses/import
pub async fn form(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let c = state.store.consultation(session.org.id, id).await?;
    upload_page(&session, &c, Vec::new())
}

fn mapping_page(
    session: &SignedIn,
    c: &Consultation,
    text: &str,
    table: &CsvResponses,
    mapping: &[Target],
    errors: Vec<(String, String)>,
) -> PageResult {
    let refused = !errors.is_empty();
    let choices = Target::choices(&c.fields);
    let mut rows = String::new();
    for (i, heading) in table.headings.iter().enumerate() {
        let chosen = mapping
            .get(i)
            .map(Target::key)
            .unwrap_or_else(|| "ignore".into());
        let options: String = choices
            .iter()
            .map(|(k, label)| {
                format!(
                    "<option value=\"{}\"{}>{}</option>",
                    xml(k),
                    if *k == chosen { " selected" } else { "" },
                    xml(label)
                )
            })
            .collect();
        let samples: Vec<String> = table
            .rows
            .iter()
            .filter_map(|r| r.get(i))
            .filter(|v| !v.trim().is_empty())
            .take(3)
            .map(|v| xml(&v.chars().take(60).collect::<String>()))
            .collect();
        rows.push_str(&format!(
            "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\"><label for=\"map_{i}\">{}</label></th><td class=\"govuk-table__cell\">{}</td><td class=\"govuk-table__cell\"><select class=\"govuk-select\" id=\"map_{i}\" name=\"map_{i}\">{options}</select></td></tr>",
            xml(if heading.is_empty() { "(no heading)" } else { heading }),
            samples.join("<br>"),
        ));
    }
    let body = format!(
        "{summary}<span class=\"govuk-caption-l\">{title}</span><h1 class=\"govuk-heading-l\">Check which column holds what</h1>\
         <p class=\"govuk-body\">{n} rows. We guessed from the headings; change any that are wrong. Monitoring answers are read with the same categories as HR extracts, and shown only as counts.</p>\
         <form method=\"post\" action=\"/consultations/{id}/responses/import/confirm\" novalidate>\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{csrf}\">\
         <textarea name=\"csv\" hidden>{text}</textarea>\
         <div class=\"dr-table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Columns in the file\"><table class=\"govuk-table\" id=\"mapping\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Columns in the file</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Heading</th><th scope=\"col\" class=\"govuk-table__header\">First answers</th><th scope=\"col\" class=\"govuk-table__header\">What it holds</th></tr></thead><tbody class=\"govuk-table__body\">{rows}</tbody></table></div>\
         <div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Bring in the responses</button><a class=\"govuk-link\" href=\"/consultations/{id}\">Cancel</a></div></form>",
        summary = error_summary(&errors),
        title = xml(&c.fields.title),
        n = table.rows.len(),
        id = c.id,
        csrf = xml(&session.csrf),
        text = xml(text),
    );
    Ok(render_form(
        &HtmlPage {
            chrome: Chrome::new(session, "consultations"),
            title: format!(
                "{}Check which column holds what",
                if refused { "Error: " } else { "" }
            ),
            body,
        },
        refused,
    ))
}

/// POST /consultations/{id}/responses/import: reads the file and shows the guessed mapping.
pub async fn upload(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> PageResult {
    let c = state.store.consultation(session.org.id, id).await?;
    let form = read_upload(
        &session,
        form,
        "Upload the file with the form on the page for bringing in responses.",
        responses_csv::MAX_BYTES,
        &state.upload_dir,
    )
    .await?;
    let Some(file) = form.file else {
        return upload_page(
            &session,
            &c,
            vec![("#file".into(), "Choose the CSV file".into())],
        );
    };
    let bytes = file.bytes()?;
    let text = match dueregard_formats::import::decode::decode_text(&bytes) {
        Ok(t) => t,
        Err(e) => return upload_page(&session, &c, vec![("#file".into(), e.to_string())]),
    };
    match responses_csv::read(text.as_bytes()) {
        Ok(table) => {
            let mapping = guess(&table.headings, &c.fields);
            mapping_page(&session, &c, &text, &table, &mapping, Vec::new())
        }
        Err(m) => upload_page(&session, &c, vec![("#file".into(), m)]),
    }
}

/// POST /consultations/{id}/responses/import/confirm: every row, or none.
pub async fn confirm(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let org = session.org.id;
    let c = state.store.consultation(org, id).await?;
    let text = form.text("csv");
    let table = match responses_csv::read(text.as_bytes()) {
        Ok(t) => t,
        Err(m) => return upload_page(&session, &c, vec![("#file".into(), m)]),
    };
    let mut errors = ValidationErrors::new();
    let mapping: Vec<Target> = (0..table.headings.len())
        .map(|i| {
            let key = form.text(&format!("map_{i}"));
            Target::from_key(&key, &c.fields).unwrap_or_else(|| {
                errors.add(
                    &format!("map_{i}"),
                    "Choose what the column holds from the list",
                );
                Target::Ignore
            })
        })
        .collect();
    let read = errors.and(read_rows(&table.headings, &table.rows, &mapping, &c.fields));
    let inputs = match read {
        Ok(i) => i,
        Err(e) => {
            let summary =
                e.0.iter()
                    .map(|p| ("#mapping".to_string(), p.message.clone()))
                    .collect();
            return mapping_page(&session, &c, &text, &table, &mapping, summary);
        }
    };
    // The same file again makes the same keys, so it adds nothing.
    let file = crate::app::secrets::token_hash(&text);
    let actor = Actor::user(&session.user);
    let mut added = 0;
    for (n, input) in inputs.into_iter().enumerate() {
        let sender = Sender {
            channel: Channel::Imported,
            address: None,
            keyed_by: Some((&actor, session.user.id)),
            submission_key: Some(format!("import-{}-{n}", &file[..24])),
            honeypot: false,
        };
        let received =
            consultations::receive(state.store.as_ref(), &state.keys, org, &c, input, sender)
                .await
                .map_err(|e| AppError::Internal(format!("{e:#}")))?;
        if matches!(received, Received::Kept(_)) {
            added += 1;
        }
    }
    see_other(format!("/consultations/{id}/responses?added={added}"))
}
