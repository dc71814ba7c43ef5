//! Reports from the records: the annual progress report on equality objectives and each action
//! plan, as pages that print well and as PDF, ODT, DOCX, XLSX and ODS downloads.

use super::download;
use crate::app::reports::{Scope, plan_report, progress_report};
use crate::web::auth::SignedIn;
use crate::web::error::{AppError, PageResult};
use crate::web::templates::{Chrome, ProgressChoice, ReportPage};
use crate::web::{AppState, render_form, today};
use axum::extract::{Path, Query, State};
use dueregard_core::period::{FinancialYear, Period};
use dueregard_core::report::Report;
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
        downloads: downloads(|ext| {
            format!("/reports/progress.{ext}?{}", Covering::query(period, plan))
        }),
        choose: Some(ProgressChoice {
            from: period.start.to_string(),
            to: period.end.to_string(),
            plans,
        }),
        periods: Vec::new(),
    };
    Ok(render_form(&page, !errors.is_empty()))
}

/// The formats a report downloads as, with their media types.
const FORMATS: [(&str, &str, &str); 5] = [
    ("pdf", "application/pdf", "PDF (tagged, for screen readers)"),
    (
        "odt",
        "application/vnd.oasis.opendocument.text",
        "OpenDocument text (ODT)",
    ),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word (DOCX)",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Its tables as Excel (XLSX)",
    ),
    (
        "ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        "Its tables as OpenDocument (ODS)",
    ),
];

/// The download links for a report, each address made from its format's extension.
pub(crate) fn downloads(address: impl Fn(&str) -> String) -> Vec<(String, String)> {
    FORMATS
        .iter()
        .map(|(ext, _, label)| (address(ext), label.to_string()))
        .collect()
}

/// Any report as a file in one of `FORMATS`; an unknown format is not found.
pub async fn report_file(report: Report, format: &str) -> PageResult {
    let (kind, name) = file_kind(&report, format)?;
    let bytes = report_bytes(report, format).await?;
    Ok(download(kind, &name, bytes))
}

/// The media type and file name of a report in `format`, if it is one of `FORMATS`.
pub fn file_kind(report: &Report, format: &str) -> Result<(&'static str, String), AppError> {
    let (ext, kind, _) = FORMATS
        .iter()
        .find(|(ext, ..)| *ext == format)
        .ok_or(AppError::NotFound)?;
    Ok((kind, format!("{}.{ext}", report_render::file_stem(report))))
}

/// The report written in `format`.
pub async fn report_bytes(report: Report, format: &str) -> Result<Vec<u8>, AppError> {
    let failed =
        |e: std::io::Error| AppError::Internal(format!("the report could not be written: {e}"));
    use dueregard_formats::{export, tabular};
    Ok(match format {
        // Typesetting takes a while: off the threads that answer requests.
        "pdf" => tokio::task::spawn_blocking(move || dueregard_pdf::pdf(&report))
            .await
            .map_err(|e| AppError::Internal(format!("the PDF was not made: {e}")))?
            .map_err(|e| AppError::Internal(e.to_string()))?,
        "odt" => export::odt(&report_render::document(&report)).map_err(failed)?,
        "docx" => export::docx(&report_render::document(&report)).map_err(failed)?,
        "xlsx" | "ods" => {
            let sheets = report_render::sheets(&report);
            let named: Vec<(&str, &tabular::Table)> =
                sheets.iter().map(|(n, t)| (n.as_str(), t)).collect();
            let written = if format == "xlsx" {
                tabular::xlsx(&named)
            } else {
                tabular::ods(&named)
            };
            written.map_err(failed)?
        }
        _ => return Err(AppError::NotFound),
    })
}

async fn file(state: AppState, session: SignedIn, covering: Covering, format: &str) -> PageResult {
    let (period, plan) = covering.read().map_err(AppError::Invalid)?;
    let scope = plan.map_or(Scope::Organisation, Scope::Plan);
    let report =
        progress_report(state.store.as_ref(), session.org.id, period, scope, today()).await?;
    report_file(report, format).await
}

/// GET /reports/progress.pdf
pub async fn progress_pdf(
    State(s): State<AppState>,
    session: SignedIn,
    Query(c): Query<Covering>,
) -> PageResult {
    file(s, session, c, "pdf").await
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

/// A report on its own page, titled `title`, with its downloads at `{address}/{format}`.
pub(crate) fn report_page(
    session: &SignedIn,
    section: &'static str,
    title: String,
    report: &Report,
    address: &str,
) -> PageResult {
    let page = ReportPage {
        chrome: Chrome::new(session, section),
        report_title: title,
        body: report_render::html(report),
        errors: Vec::new(),
        downloads: downloads(|ext| format!("{address}/{ext}")),
        choose: None,
        periods: Vec::new(),
    };
    Ok(render_form(&page, false))
}

/// GET /plans/{id}/report: the plan in its published table shape, with progress.
pub async fn plan(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let report = plan_report(state.store.as_ref(), session.org.id, id, today()).await?;
    let title = format!("{}: report with progress", report.title);
    report_page(
        &session,
        "plans",
        title,
        &report,
        &format!("/plans/{id}/report"),
    )
}

/// GET /plans/{id}/report/{format}: the plan as PDF, ODT, DOCX, XLSX or ODS.
pub async fn plan_file(
    State(state): State<AppState>,
    session: SignedIn,
    Path((id, format)): Path<(i64, String)>,
) -> PageResult {
    let report = plan_report(state.store.as_ref(), session.org.id, id, today()).await?;
    report_file(report, &format).await
}
