//! Reports from the records: the annual progress report on equality objectives, as a page that
//! prints well and as ODT, DOCX, XLSX and ODS downloads.

use super::download;
use crate::app::reports::{Scope, progress_report};
use crate::web::auth::SignedIn;
use crate::web::error::{AppError, PageResult};
use crate::web::templates::{Chrome, ReportPage};
use crate::web::{AppState, render_form, today};
use axum::extract::{Query, State};
use dueregard_core::period::{FinancialYear, Period};
use dueregard_core::validate::ValidationErrors;
use dueregard_formats::report_render;
use serde::Deserialize;

/// What the report covers, as the address says.
#[derive(Deserialize, Default)]
pub struct Covering {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    plan: String,
}

impl Covering {
    /// The period (this financial year unless chosen) and plan, or what is wrong with them.
    fn read(&self) -> Result<(Period, Option<i64>), ValidationErrors> {
        let year = FinancialYear::containing(today()).period();
        let mut e = ValidationErrors::new();
        let date = |e: &mut ValidationErrors, field: &str, text: &str, default| {
            if text.trim().is_empty() {
                return default;
            }
            text.trim().parse().unwrap_or_else(|_| {
                e.add(
                    field,
                    "Enter a date as year-month-day, for example 2025-04-01",
                );
                default
            })
        };
        let from = date(&mut e, "from", &self.from, year.start);
        let to = date(&mut e, "to", &self.to, year.end);
        let period = Period::new(from, to);
        if period.is_none() {
            e.add("to", "The end must be on or after the start");
        }
        let plan = self.plan.parse().ok();
        e.finish(period.map(|p| (p, plan)).unwrap_or((year, plan)))
    }

    fn query(period: Period, plan: Option<i64>) -> String {
        let plan = plan.map_or_else(String::new, |p| p.to_string());
        format!("from={}&to={}&plan={plan}", period.start, period.end)
    }
}

/// GET /reports/progress
pub async fn progress(
    State(state): State<AppState>,
    session: SignedIn,
    Query(covering): Query<Covering>,
) -> PageResult {
    let org = session.org.id;
    let (period, plan, errors) = match covering.read() {
        Ok((p, plan)) => (p, plan, ValidationErrors::new()),
        Err(e) => (FinancialYear::containing(today()).period(), None, e),
    };
    let scope = plan.map_or(Scope::Organisation, Scope::Plan);
    let report = progress_report(state.store.as_ref(), org, period, scope, today()).await?;
    let plans = state
        .store
        .plan_rows(org)
        .await?
        .into_iter()
        .map(|p| (p.id, p.title, Some(p.id) == plan))
        .collect();
    let page = ReportPage {
        chrome: Chrome::new(&session, "reports"),
        report_title: report.title.clone(),
        body: report_render::html(&report),
        errors: errors
            .0
            .iter()
            .map(|e| (format!("#{}", e.field), e.message.clone()))
            .collect(),
        from: period.start.to_string(),
        to: period.end.to_string(),
        plans,
        query: Covering::query(period, plan),
    };
    Ok(render_form(&page, !errors.is_empty()))
}

async fn file(state: AppState, session: SignedIn, covering: Covering, format: &str) -> PageResult {
    let (period, plan) = covering.read().map_err(AppError::Invalid)?;
    let scope = plan.map_or(Scope::Organisation, Scope::Plan);
    let org = session.org.id;
    let report = progress_report(state.store.as_ref(), org, period, scope, today()).await?;
    let stem = report_render::file_stem(&report);
    let failed =
        |e: std::io::Error| AppError::Internal(format!("the report could not be written: {e}"));
    let doc = report_render::document(&report);
    let sheets = report_render::sheets(&report);
    let named: Vec<(&str, &dueregard_formats::tabular::Table)> =
        sheets.iter().map(|(n, t)| (n.as_str(), t)).collect();
    use dueregard_formats::{export, tabular};
    let (kind, bytes) = match format {
        "odt" => (
            "application/vnd.oasis.opendocument.text",
            export::odt(&doc).map_err(failed)?,
        ),
        "docx" => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            export::docx(&doc).map_err(failed)?,
        ),
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            tabular::xlsx(&named).map_err(failed)?,
        ),
        _ => (
            "application/vnd.oasis.opendocument.spreadsheet",
            tabular::ods(&named).map_err(failed)?,
        ),
    };
    Ok(download(kind, &format!("{stem}.{format}"), bytes))
}

/// GET /reports/progress.odt
pub async fn progress_odt(
    State(s): State<AppState>,
    session: SignedIn,
    Query(c): Query<Covering>,
) -> PageResult {
    file(s, session, c, "odt").await
}

/// GET /reports/progress.docx
pub async fn progress_docx(
    State(s): State<AppState>,
    session: SignedIn,
    Query(c): Query<Covering>,
) -> PageResult {
    file(s, session, c, "docx").await
}

/// GET /reports/progress.xlsx
pub async fn progress_xlsx(
    State(s): State<AppState>,
    session: SignedIn,
    Query(c): Query<Covering>,
) -> PageResult {
    file(s, session, c, "xlsx").await
}

/// GET /reports/progress.ods
pub async fn progress_ods(
    State(s): State<AppState>,
    session: SignedIn,
    Query(c): Query<Covering>,
) -> PageResult {
    file(s, session, c, "ods").await
}
