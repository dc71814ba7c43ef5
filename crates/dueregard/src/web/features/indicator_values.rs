//! Adding or replacing an indicator's values, through the one page for sending figures. Every
//! row is checked before any is kept; the periods named are replaced whole.

use super::rows_entry::{self, RowsForm};
use super::see_other;
use crate::web::AppState;
use crate::web::auth::SignedIn;
use crate::web::error::{AppError, PageResult};
use axum::extract::{Multipart, Path, State};
use dueregard_core::indicator::values::read_rows;
use dueregard_core::indicator::{Indicator, Source, Unit};
use dueregard_core::store::Actor;

fn form(i: &Indicator) -> RowsForm<'_> {
    RowsForm {
        section: "indicators",
        caption: &i.fields.title,
        heading: "Add or replace values",
        intro: if i.fields.unit == Unit::Count {
            "Give, for each period, the day it ended, the group (leave the characteristic and group empty for everyone) and the number. Values for a period you give replace all that period's values; other periods are kept."
        } else {
            "Give, for each period, the day it ended, the group (leave the characteristic and group empty for everyone), how many met it and how many it is out of (the base). Values for a period you give replace all that period's values; other periods are kept."
        },
        action: format!("/indicators/{}/values", i.id),
        cancel: format!("/indicators/{}", i.id),
        typed_hint: "Separate the columns with commas: period, characteristic, group, count, base. For example:<br>2025-03-31, , , 120, 200<br>2025-03-31, Disability, Disabled, 12, 40",
        file_hint: "period (or date), characteristic, group, count (or numerator), base (or denominator)",
        submit: "Keep the values",
    }
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
pub async fn show(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let i = state.store.indicator(session.org.id, id).await?;
    worked_out(&i)?;
    rows_entry::page(&session, &form(&i), "", Vec::new())
}

/// POST /indicators/{id}/values
pub async fn submit(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    sent: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> PageResult {
    let org = session.org.id;
    let i = state.store.indicator(org, id).await?;
    worked_out(&i)?;
    let (typed, rows) = rows_entry::read(&state, &session, sent).await?;
    let rows = match rows {
        Ok(rows) => rows,
        Err(m) => return rows_entry::page(&session, &form(&i), &typed, vec![("#file".into(), m)]),
    };
    let values = match read_rows(i.fields.unit, &rows) {
        Ok(v) => v,
        Err(e) => {
            let errors =
                e.0.into_iter()
                    .map(|f| ("#values".to_string(), f.message))
                    .collect();
            return rows_entry::page(&session, &form(&i), &typed, errors);
        }
    };
    state
        .store
        .put_indicator_values(&Actor::user(&session.user), org, id, &values)
        .await?;
    see_other(format!("/indicators/{id}"))
}
