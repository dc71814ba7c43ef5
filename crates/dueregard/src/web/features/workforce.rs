//! Workforce equality pages: stored snapshots, the published national figures for this
//! organisation, a snapshot's report, and uploading an HR extract. Every table shown comes from a
//! `WorkforceReport`, so it has passed disclosure control.

use crate::app::workforce::{self, count_shown, percent_text, share_text, with_commas};
use crate::web::auth::{ApiCaller, SignedIn};
use crate::web::error::{ApiResult, AppError, PageResult};
use crate::web::features::{download, ok_json};
use crate::web::render_form;
use crate::web::templates::{
    Chrome, GapRow, HistoryRow, PeerRow, RepresentationView, SnapshotRow, TableView, WorkforcePage,
    WorkforceSnapshotPage, WorkforceUploadPage,
};
use crate::web::upload::read_upload;
use crate::web::{AppState, render};
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect};
use dueregard_core::period::long_date;
use dueregard_core::store::{Actor, StoreError};
use dueregard_core::workforce::SnapshotFields;
use dueregard_formats::chart::{Series, bar_chart};
use dueregard_formats::import::document::fingerprint_file;
use dueregard_formats::workforce::extract::MAX_WHOLE_FILE;
use dueregard_formats::workforce::reference::{self, ATTRIBUTION, RANKED_MEASURES};
use dueregard_stats::disclosure::Preset;
use dueregard_stats::paygap::BAND_NAMES;
use dueregard_stats::workforce::SexBasis;
use dueregard_stats::workforce::{PublishedCell, WorkforceReport};

/// The largest HR extract the web form takes: more than the most rows the reader takes, as CSV.
/// The file goes to disk as it arrives and a CSV file is read from there a part at a time, so
/// the server's memory does not grow with it.
pub const UPLOAD_LIMIT: usize = 1000 * 1024 * 1024;

fn count_and_share(c: &PublishedCell) -> String {
    match (c.count, c.percent) {
        (Some(n), Some(p)) => format!("{} ({p:.1}%)", with_commas(n)),
        _ => count_shown(c),
    }
}

/// GET /workforce
pub async fn list(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let snapshots = state.store.snapshots(session.org.id).await?;
    let rows = snapshots
        .iter()
        .map(|s| {
            let h = s.fields.headline.clone().unwrap_or_default();
            SnapshotRow {
                id: s.id,
                date: long_date(s.fields.snapshot_date),
                employees: with_commas(u64::try_from(s.employees).unwrap_or(0)),
                file_name: s.fields.file_name.clone(),
                synthetic: s.fields.synthetic,
                mean_gap: percent_text(h.mean_hourly_gap),
                median_gap: percent_text(h.median_hourly_gap),
                women_upper: percent_text(h.women_in_upper_quartile),
                disabled: percent_text(h.disabled),
                ethnic_minority: percent_text(h.ethnic_minority),
            }
        })
        .collect();
    let history = reference::employer_history(&session.org.name);
    let history_rows: Vec<HistoryRow> = history
        .iter()
        .map(|r| HistoryRow {
            year: r.year.to_string(),
            partial: r.partial_year,
            mean: percent_text(r.measures.mean_hourly),
            median: percent_text(r.measures.median_hourly),
            mean_bonus: percent_text(r.measures.mean_bonus),
            median_bonus: percent_text(r.measures.median_bonus),
            women_upper: percent_text(r.measures.female_quartiles[3]),
        })
        .collect();
    let history_chart = (!history.is_empty()).then(|| {
        bar_chart(
            "history",
            &format!("{}: gender pay gap by year", session.org.name),
            "The mean and median hourly pay gaps the council reported each year. Positive means women were paid less. The table below gives the same figures.",
            &history.iter().map(|r| r.year.to_string()).collect::<Vec<_>>(),
            &[
                Series {
                    name: "Mean".into(),
                    values: history.iter().map(|r| r.measures.mean_hourly).collect(),
                },
                Series {
                    name: "Median".into(),
                    values: history.iter().map(|r| r.measures.median_hourly).collect(),
                },
            ],
            "%",
        )
    });
    let latest = history.iter().rev().find(|r| !r.partial_year);
    let (peer_description, peers) =
        peer_view(latest.map(|l| reference::rank_among_peers(l, &l.measures)));
    Ok(render(&WorkforcePage {
        chrome: Chrome::new(&session, "workforce"),
        snapshots: rows,
        employer: session.org.name.clone(),
        history: history_rows,
        history_chart: history_chart.unwrap_or_default(),
        peer_description,
        peers,
        attribution: ATTRIBUTION,
    }))
}

/// GET /workforce/{id}
pub async fn show(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let org = session.org.id;
    let snapshot = state.store.snapshot(org, id).await?;
    let report = workforce::stored_report(
        state.store.as_ref(),
        &Actor::user(&session.user),
        org,
        &snapshot,
    )
    .await?;
    let f = &snapshot.fields;
    let preset = f.disclosure;
    let (peer_description, peers) = peer_view(own_ranking(&report));
    Ok(render(&WorkforceSnapshotPage {
        chrome: Chrome::new(&session, "workforce"),
        id,
        date: long_date(f.snapshot_date),
        employees: with_commas(u64::try_from(snapshot.employees).unwrap_or(0)),
        synthetic: f.synthetic,
        file_name: f.file_name.clone(),
        columns_not_read: f.columns_not_read.clone(),
        sex_basis: report.settings.sex_basis.label().to_string(),
        disclosure: preset.label().to_string(),
        quartile_chart: quartile_chart(&report),
        quartile_rows: quartile_rows(&report),
        gaps: gap_rows(&report),
        non_disclosure: report
            .non_disclosure
            .iter()
            .map(|n| {
                (
                    n.characteristic.label().to_string(),
                    n.prefer_not_to_say
                        .as_ref()
                        .map_or("not asked".to_string(), count_and_share),
                    count_and_share(&n.not_known),
                )
            })
            .collect(),
        area: report
            .area
            .as_ref()
            .map(|(code, name)| format!("{name} ({code})")),
        representation: representation_views(&report),
        tables: report.tables.iter().map(table_view).collect(),
        peer_description,
        peers,
        attribution: ATTRIBUTION,
    }))
}

/// A ranking among similar employers as a description and table rows.
fn peer_view(ranking: Option<reference::PeerRanking>) -> (String, Vec<PeerRow>) {
    let Some(ranking) = ranking else {
        return (String::new(), Vec::new());
    };
    let rows = RANKED_MEASURES
        .iter()
        .zip(ranking.measures)
        .filter_map(|(name, m)| {
            let (value, rank, median) = m?;
            Some(PeerRow {
                measure: name.to_string(),
                value: format!("{value:.1}"),
                percentile: format!("{rank:.0}"),
                median: format!("{median:.1}"),
            })
        })
        .collect();
    (
        format!("{} ({} employers)", ranking.description, ranking.peers),
        rows,
    )
}

/// The report's own gender pay gap figures ranked among public sector employers of its size.
fn own_ranking(report: &WorkforceReport) -> Option<reference::PeerRanking> {
    let m = report.pay_gaps.first()?.measures.as_ref()?;
    let figures = reference::PublishedMeasures {
        mean_hourly: m.mean_hourly,
        median_hourly: m.median_hourly,
        mean_bonus: m.mean_bonus,
        median_bonus: m.median_bonus,
        male_paid_bonus: m.comparator_paid_bonus,
        female_paid_bonus: m.group_paid_bonus,
        female_quartiles: [
            m.quartiles.first().and_then(|q| q.1),
            m.quartiles.get(1).and_then(|q| q.1),
            m.quartiles.get(2).and_then(|q| q.1),
            m.quartiles.get(3).and_then(|q| q.1),
        ],
    };
    reference::rank_public_body(report.employees, &figures)
}

fn quartile_chart(report: &WorkforceReport) -> String {
    let Some(m) = report.pay_gaps.first().and_then(|g| g.measures.as_ref()) else {
        return String::new();
    };
    bar_chart(
        "quartiles",
        "Men and women in each quartile pay band",
        "The percentage of men and of women in each of the four pay bands, from the lowest paid quarter of staff to the highest. The table below gives the same figures.",
        &BAND_NAMES
            .iter()
            .map(|b| format!("{b} quartile"))
            .collect::<Vec<_>>(),
        &[
            Series {
                name: "Women".into(),
                values: m.quartiles.iter().map(|q| q.1).collect(),
            },
            Series {
                name: "Men".into(),
                values: m.quartiles.iter().map(|q| q.0).collect(),
            },
        ],
        "%",
    )
}

fn quartile_rows(report: &WorkforceReport) -> Vec<(String, String, String)> {
    report
        .pay_gaps
        .first()
        .and_then(|g| g.measures.as_ref())
        .map(|m| {
            BAND_NAMES
                .iter()
                .zip(&m.quartiles)
                .map(|(b, (men, women))| {
                    (
                        format!("{b} quartile"),
                        percent_text(*women),
                        percent_text(*men),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn gap_rows(report: &WorkforceReport) -> Vec<GapRow> {
    report
        .pay_gaps
        .iter()
        .map(|g| {
            let m = g.measures.as_ref();
            GapRow {
                title: g.title.clone(),
                comparison: format!("{} against {}", g.group, g.comparator),
                counts: g.counts.map_or_else(String::new, |(a, b)| {
                    format!("{} and {}", with_commas(b), with_commas(a))
                }),
                mean: percent_text(m.and_then(|m| m.mean_hourly)),
                median: percent_text(m.and_then(|m| m.median_hourly)),
                mean_bonus: percent_text(m.and_then(|m| m.mean_bonus)),
                median_bonus: percent_text(m.and_then(|m| m.median_bonus)),
                paid_bonus: m.map_or_else(String::new, |m| {
                    format!(
                        "{} {}, {} {}",
                        g.group,
                        percent_text(m.group_paid_bonus),
                        g.comparator,
                        percent_text(m.comparator_paid_bonus)
                    )
                }),
                withheld: g.withheld.clone(),
                notes: m.map(|m| m.withheld.clone()).unwrap_or_default(),
            }
        })
        .collect()
}

fn representation_views(report: &WorkforceReport) -> Vec<RepresentationView> {
    report
        .representation
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let labels: Vec<String> = s.rows.iter().map(|r| r.label.clone()).collect();
            RepresentationView {
                title: s.characteristic.label().to_string(),
                source: s.source.clone(),
                chart: bar_chart(
                    &format!("representation-{i}"),
                    &format!("{}: staff and local population", s.characteristic.label()),
                    "Each group's share of staff who answered, beside its share of the local population in the 2021 Census. A missing staff bar means the number is hidden to protect people. The table below gives the same figures.",
                    &labels,
                    &[
                        Series {
                            name: "Staff".into(),
                            values: s.rows.iter().map(|r| r.workforce_share).collect(),
                        },
                        Series {
                            name: "Population".into(),
                            values: s.rows.iter().map(|r| Some(r.population_share)).collect(),
                        },
                    ],
                    "%",
                ),
                rows: s
                    .rows
                    .iter()
                    .map(|r| {
                        (
                            r.label.clone(),
                            share_text(r.workforce_share),
                            r.interval.map_or_else(String::new, |(lo, hi)| {
                                format!("{lo:.1}% to {hi:.1}%")
                            }),
                            format!("{:.1}%", r.population_share),
                            r.reading.map_or("not shown", |r| r.text()).to_string(),
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

fn table_view(t: &dueregard_stats::workforce::PublishedTable) -> TableView {
    TableView {
        title: t.title.clone(),
        by: t.by.clone(),
        columns: t.columns.clone(),
        rows: t
            .rows
            .iter()
            .zip(t.cells.iter().zip(&t.row_totals))
            .map(|(label, (cells, total))| {
                (
                    label.clone(),
                    cells.iter().map(count_and_share).collect(),
                    count_shown(total),
                )
            })
            .collect(),
        totals: t.column_totals.iter().map(count_shown).collect(),
        grand: count_shown(&t.grand_total),
    }
}

/// GET /workforce/{id}/tables.csv: every published table of the snapshot, for spreadsheets.
pub async fn tables_csv(state: State<AppState>, session: SignedIn, id: Path<i64>) -> PageResult {
    tables_file(state, session, id, "csv").await
}

/// GET /workforce/{id}/tables.xlsx
pub async fn tables_xlsx(state: State<AppState>, session: SignedIn, id: Path<i64>) -> PageResult {
    tables_file(state, session, id, "xlsx").await
}

/// GET /workforce/{id}/tables.ods
pub async fn tables_ods(state: State<AppState>, session: SignedIn, id: Path<i64>) -> PageResult {
    tables_file(state, session, id, "ods").await
}

/// The snapshot's published tables as a file, through the one tabular writer.
async fn tables_file(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    format: &str,
) -> PageResult {
    use dueregard_formats::tabular;
    let org = session.org.id;
    let snapshot = state.store.snapshot(org, id).await?;
    let report = workforce::stored_report(
        state.store.as_ref(),
        &Actor::user(&session.user),
        org,
        &snapshot,
    )
    .await?;
    let name = format!(
        "workforce-tables-{}.{format}",
        snapshot.fields.snapshot_date
    );
    let table = workforce::tables(&report);
    let sheet = [("Published tables", &table)];
    let written = |r: std::io::Result<Vec<u8>>| {
        r.map_err(|e| AppError::Internal(format!("the spreadsheet could not be written: {e}")))
    };
    let (kind, bytes) = match format {
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            written(tabular::xlsx(&sheet))?,
        ),
        "ods" => (
            "application/vnd.oasis.opendocument.spreadsheet",
            written(tabular::ods(&sheet))?,
        ),
        _ => ("text/csv; charset=utf-8", tabular::csv(&table)),
    };
    Ok(download(kind, &name, bytes))
}

/// GET /workforce/new
pub async fn upload_form(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let area = state
        .store
        .snapshots(session.org.id)
        .await?
        .into_iter()
        .find_map(|s| s.fields.area_code)
        .unwrap_or_default();
    Ok(render(&upload_page(
        &session,
        Vec::new(),
        Default::default(),
        area,
    )))
}

#[derive(Default)]
struct UploadChoices {
    day: String,
    month: String,
    year: String,
    disclosure: String,
    sex_basis: String,
    synthetic: bool,
}

fn upload_page(
    session: &SignedIn,
    errors: Vec<(String, String)>,
    c: UploadChoices,
    area: String,
) -> WorkforceUploadPage {
    WorkforceUploadPage {
        chrome: Chrome::new(session, "workforce"),
        errors,
        day: if c.day.is_empty() { "31".into() } else { c.day },
        month: if c.month.is_empty() {
            "3".into()
        } else {
            c.month
        },
        year: c.year,
        area,
        nhs: c.disclosure == "nhs",
        gender_identity: c.sex_basis == "gender-identity",
        synthetic: c.synthetic,
        max_mb: UPLOAD_LIMIT / (1024 * 1024),
        sheet_mb: MAX_WHOLE_FILE >> 20,
    }
}

/// POST /workforce/new (multipart): reads, checks and stores the extract, all or nothing.
pub async fn upload(
    State(state): State<AppState>,
    session: SignedIn,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> PageResult {
    let form = read_upload(
        &session,
        form,
        "Upload the extract with the form on the workforce page.",
        UPLOAD_LIMIT,
        &state.upload_dir,
    )
    .await?;
    let c = UploadChoices {
        day: form.text("snapshot-day").to_string(),
        month: form.text("snapshot-month").to_string(),
        year: form.text("snapshot-year").to_string(),
        disclosure: form.text("disclosure").to_string(),
        sex_basis: form.text("sex_basis").to_string(),
        synthetic: form.text("synthetic") == "yes",
    };
    let area = form.text("area").to_string();
    let mut errors = Vec::new();
    let date = format!("{}-{:0>2}-{:0>2}", c.year, c.month, c.day)
        .parse::<jiff::civil::Date>()
        .ok();
    if date.is_none() {
        errors.push((
            "#snapshot-day".to_string(),
            "Enter the snapshot date as a real date, for example 31 3 2026".to_string(),
        ));
    }
    let found_area = if area.is_empty() {
        None
    } else {
        match reference::find_area(&area) {
            Ok(a) => Some(a),
            Err(e) => {
                errors.push(("#area".to_string(), e));
                None
            }
        }
    };
    let disclosure = Preset::parse(&c.disclosure).unwrap_or_default();
    let sex_basis = SexBasis::parse(&c.sex_basis).unwrap_or_default();
    let file = form.file;
    if file.is_none() {
        errors.push((
            "#file".to_string(),
            "Choose the HR extract to upload".to_string(),
        ));
    }
    let (Some(date), Some(upload), true) = (date, file, errors.is_empty()) else {
        return Ok(render_form(&upload_page(&session, errors, c, area), true));
    };
    let org = session.org.id;
    let secret = state
        .keys
        .pseudonymiser(state.store.as_ref(), org)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    // Reading a large extract keeps both cores busy for a second or more: off the async threads.
    // The uploaded file is deleted when this is done with it, read or refused.
    let file_name = upload.name.clone();
    let (read, fingerprint) = tokio::task::spawn_blocking(move || {
        let path = upload.file.path();
        let read = workforce::read(workforce::ExtractFrom::File(path), date, &[], secret, None);
        (read, fingerprint_file(path))
    })
    .await
    .map_err(|e| AppError::Internal(format!("reading the extract stopped: {e}")))?;
    let fingerprint = fingerprint
        .map_err(|e| AppError::Internal(format!("could not read back the upload: {e}")))?;
    let extract = match read {
        Ok(e) => e,
        Err(e) => {
            // Each problem, with its row and column, as its own error message.
            let errors = std::iter::once(e.summary())
                .chain(e.lines())
                .map(|line| ("#file".to_string(), line))
                .collect();
            return Ok(render_form(&upload_page(&session, errors, c, area), true));
        }
    };
    let fields = SnapshotFields {
        snapshot_date: date,
        area_code: found_area.map(|a| a.code),
        sex_basis,
        disclosure,
        synthetic: c.synthetic,
        file_name: file_name.clone(),
        fingerprint,
        headline: None,
        columns_not_read: Vec::new(),
    };
    match workforce::store_snapshot(
        state.store.as_ref(),
        &Actor::user(&session.user),
        org,
        &extract,
        fields,
    )
    .await
    {
        Ok(snapshot) => Ok(Redirect::to(&format!("/workforce/{}", snapshot.id)).into_response()),
        Err(StoreError::Invalid(v)) => {
            let errors =
                v.0.into_iter()
                    .map(|e| ("#file".to_string(), e.message))
                    .collect();
            Ok(render_form(&upload_page(&session, errors, c, area), true))
        }
        Err(e) => Err(e.into()),
    }
}

/// POST /workforce/{id}/delete
pub async fn delete(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> PageResult {
    crate::web::form::FormData::parse(&body).check_csrf(&session)?;
    state
        .store
        .delete_snapshot(&Actor::user(&session.user), session.org.id, id)
        .await?;
    Ok(Redirect::to("/workforce").into_response())
}

/// GET /api/v1/workforce
pub async fn api_list(State(state): State<AppState>, caller: ApiCaller) -> ApiResult {
    Ok(ok_json(&state.store.snapshots(caller.org.id).await?))
}

/// GET /api/v1/workforce/{id}: the report, every table after disclosure control.
pub async fn api_report(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult {
    let snapshot = state.store.snapshot(caller.org.id, id).await?;
    let report = workforce::stored_report(
        state.store.as_ref(),
        &Actor::user(&caller.user),
        caller.org.id,
        &snapshot,
    )
    .await?;
    Ok(ok_json(&serde_json::json!({
        "snapshot": snapshot,
        "report": report,
        "attribution": ATTRIBUTION,
    })))
}
