//! Adding or replacing an indicator's values: typed as rows, or a CSV or spreadsheet file in any
//! column order. Every row is checked before any is kept; the periods named are replaced whole.

use super::{error_summary, see_other};
use crate::web::auth::SignedIn;
use crate::web::error::{AppError, PageResult};
use crate::web::templates::{Chrome, HtmlPage};
use crate::web::upload::read_upload;
use crate::web::{AppState, render_form};
use axum::extract::{Multipart, Path, State};
use dueregard_core::indicator::values::read_rows;
use dueregard_core::indicator::{Indicator, Source};
use dueregard_core::store::Actor;
use dueregard_formats::export::xml;

/// The largest values file, in bytes.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// The upload's body: the file and the typed rows.
pub const UPLOAD_LIMIT: usize = 2 * MAX_BYTES + 64 * 1024;

fn page(
    session: &SignedIn,
    i: &Indicator,
    typed: &str,
    errors: Vec<(String, String)>,
) -> PageResult {
    let refused = !errors.is_empty();
    let messages: String = errors
        .iter()
        .map(|(_, m)| format!("<p class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {}</p>", xml(m)))
        .collect();
    let base_hint = if i.fields.unit == dueregard_core::indicator::Unit::Count {
        "the number"
    } else {
        "how many met it and how many it is out of (the base)"
    };
    let body = format!(
        "{summary}<span class=\"govuk-caption-l\">{title}</span><h1 class=\"govuk-heading-l\">Add or replace values</h1>\
         <p class=\"govuk-body\">Give, for each period, the day it ended, the group (leave the characteristic and group empty for everyone) and {base_hint}. Values for a period you give replace all that period's values; other periods are kept. Nothing is kept unless every row can be read.</p>\
         <form method=\"post\" action=\"/indicators/{id}/values\" enctype=\"multipart/form-data\" novalidate>\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{csrf}\">\
         <div class=\"govuk-form-group{group}\" id=\"values-group\"><label class=\"govuk-label govuk-label--s\" for=\"values\">Values, one a row</label>\
         <div id=\"values-hint\" class=\"govuk-hint\">Separate the columns with commas: period, characteristic, group, count, base. For example:<br>2025-03-31, , , 120, 200<br>2025-03-31, Disability, Disabled, 12, 40</div>{messages}\
         <textarea class=\"govuk-textarea\" id=\"values\" name=\"values\" rows=\"8\" aria-describedby=\"values-hint\">{typed}</textarea></div>\
         <div class=\"govuk-form-group\"><label class=\"govuk-label govuk-label--s\" for=\"file\">Or a file (CSV, Excel or OpenDocument)</label>\
         <div id=\"file-hint\" class=\"govuk-hint\">With a heading row naming the columns, in any order: period (or date), characteristic, group, count (or numerator), base (or denominator)</div>\
         <input class=\"govuk-file-upload\" id=\"file\" name=\"file\" type=\"file\" aria-describedby=\"file-hint\" accept=\".csv,.xlsx,.ods,text/csv\"></div>\
         <div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Keep the values</button><a class=\"govuk-link\" href=\"/indicators/{id}\">Cancel</a></div></form>",
        summary = error_summary(&errors),
        title = xml(&i.fields.title),
        id = i.id,
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
            chrome: Chrome::new(session, "indicators"),
            title: format!(
                "{}Add or replace values for {}",
                if refused { "Error: " } else { "" },
                i.fields.title
            ),
            body,
        },
        refused,
    ))
}

fn worked_out(i: &Indicator) -> Result<(), AppError> {
    if i.fields.source == Source::Entered {
        Ok(())
    } else {
        Err(AppError::BadRequest(
            "Due Regard works out this indicator's values from its own records: they cannot be entered".into(),
        ))
    }
}

/// GET /indicators/{id}/values
pub async fn form(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let i = state.store.indicator(session.org.id, id).await?;
    worked_out(&i)?;
    page(&session, &i, "", Vec::new())
}

/// POST /indicators/{id}/values
pub async fn submit(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> PageResult {
    let org = session.org.id;
    let i = state.store.indicator(org, id).await?;
    worked_out(&i)?;
    let form = read_upload(
        &session,
        form,
        "Send the values with the form on the page for adding values.",
        MAX_BYTES,
        &state.upload_dir,
    )
    .await?;
    let typed = form.text("values").to_string();
    let rows: Vec<Vec<String>> = match &form.file {
        Some(file) => {
            match dueregard_formats::import::sheet::table_rows(&file.bytes()?, &file.name) {
                Ok(rows) => rows,
                Err(e) => {
                    return page(
                        &session,
                        &i,
                        &typed,
                        vec![("#file".into(), format!("The file could not be read: {e}"))],
                    );
                }
            }
        }
        None => typed
            .lines()
            .map(|l| l.split(',').map(|c| c.trim().to_string()).collect())
            .collect(),
    };
    let values = match read_rows(i.fields.unit, &rows) {
        Ok(v) => v,
        Err(e) => {
            let errors =
                e.0.into_iter()
                    .map(|f| ("#values".to_string(), f.message))
                    .collect();
            return page(&session, &i, &typed, errors);
        }
    };
    state
        .store
        .put_indicator_values(&Actor::user(&session.user), org, id, &values)
        .await?;
    see_other(format!("/indicators/{id}"))
}
