//! The one page for sending a table of figures (an indicator's values, incident counts): typed as
//! rows with commas, or a CSV, Excel or OpenDocument file whose columns may come in any order.
//! Each kind of figure reads the rows with its own checks; this page only gathers them and shows
//! every problem, with what was typed kept.

use super::error_summary;
use crate::web::auth::SignedIn;
use crate::web::error::{AppError, PageResult};
use crate::web::templates::{Chrome, HtmlPage};
use crate::web::upload::read_upload;
use crate::web::{AppState, render_form};
use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use dueregard_formats::export::xml;

/// The largest file of figures, in bytes.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// The upload's body: the file and the typed rows.
pub const UPLOAD_LIMIT: usize = 2 * MAX_BYTES + 64 * 1024;

/// What the page says and where it sends the rows.
pub struct RowsForm<'a> {
    pub section: &'static str,
    /// The record the figures belong to, shown above the heading.
    pub caption: &'a str,
    pub heading: &'a str,
    /// What to give, in a sentence or two (HTML, already escaped).
    pub intro: &'a str,
    pub action: String,
    pub cancel: String,
    /// The columns for typed rows, and an example (HTML, already escaped).
    pub typed_hint: &'a str,
    /// The columns a file's heading row may name.
    pub file_hint: &'a str,
    pub submit: &'a str,
}

/// The page, fresh or with the problems found and what was typed.
pub fn page(
    session: &SignedIn,
    f: &RowsForm<'_>,
    typed: &str,
    errors: Vec<(String, String)>,
) -> PageResult {
    let refused = !errors.is_empty();
    let messages: String = errors
        .iter()
        .map(|(_, m)| format!("<p class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {}</p>", xml(m)))
        .collect();
    let body = format!(
        "{summary}<span class=\"govuk-caption-l\">{caption}</span><h1 class=\"govuk-heading-l\">{heading}</h1>\
         <p class=\"govuk-body\">{intro} Nothing is kept unless every row can be read.</p>\
         <form method=\"post\" action=\"{action}\" enctype=\"multipart/form-data\" novalidate>\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{csrf}\">\
         <div class=\"govuk-form-group{group}\" id=\"values-group\"><label class=\"govuk-label govuk-label--s\" for=\"values\">Figures, one a row</label>\
         <div id=\"values-hint\" class=\"govuk-hint\">{typed_hint}</div>{messages}\
         <textarea class=\"govuk-textarea\" id=\"values\" name=\"values\" rows=\"8\" aria-describedby=\"values-hint\">{typed}</textarea></div>\
         <div class=\"govuk-form-group\"><label class=\"govuk-label govuk-label--s\" for=\"file\">Or a file (CSV, Excel or OpenDocument)</label>\
         <div id=\"file-hint\" class=\"govuk-hint\">With a heading row naming the columns, in any order: {file_hint}</div>\
         <input class=\"govuk-file-upload\" id=\"file\" name=\"file\" type=\"file\" aria-describedby=\"file-hint\" accept=\".csv,.xlsx,.ods,text/csv\"></div>\
         <div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">{submit}</button><a class=\"govuk-link\" href=\"{cancel}\">Cancel</a></div></form>",
        summary = error_summary(&errors),
        caption = xml(f.caption),
        heading = xml(f.heading),
        intro = f.intro,
        action = xml(&f.action),
        cancel = xml(&f.cancel),
        typed_hint = f.typed_hint,
        file_hint = xml(f.file_hint),
        submit = xml(f.submit),
        csrf = xml(&session.csrf),
        typed = xml(typed),
        group = if refused {
            " govuk-form-group--error"
        } else {
            ""
        },
    );
    Ok(render_form(
        &HtmlPage {
            chrome: Chrome::new(session, f.section),
            title: format!(
                "{}{}: {}",
                if refused { "Error: " } else { "" },
                f.heading,
                f.caption
            ),
            body,
        },
        refused,
    ))
}

/// What was sent: the typed text (kept for the page) and the rows, from the file if one was
/// chosen, or else from the typed text; or why the file could not be read.
pub async fn read(
    state: &AppState,
    session: &SignedIn,
    form: Result<Multipart, MultipartRejection>,
) -> Result<(String, Result<Vec<Vec<String>>, String>), AppError> {
    let form = read_upload(
        session,
        form,
        "Send the figures with the form on the page for adding them.",
        MAX_BYTES,
        &state.upload_dir,
    )
    .await?;
    let typed = form.text("values").to_string();
    let rows = match &form.file {
        Some(file) => dueregard_formats::import::sheet::table_rows(&file.bytes()?, &file.name)
            .map_err(|e| format!("The file could not be read: {e}")),
        None => Ok(typed
            .lines()
            .map(|l| l.split(',').map(|c| c.trim().to_string()).collect())
            .collect()),
    };
    Ok((typed, rows))
}
