//! The recruitment funnel page: upload a recruitment extract (one row per application, or per
//! leaver) and see how each group fares at shortlisting, appointment and staying, with the
//! four-fifths rule and Fisher's exact test. Counts pass disclosure control before they are
//! shown, and nothing from the file is kept.

use crate::app::workforce::{self, with_commas};
use crate::web::auth::SignedIn;
use crate::web::error::PageResult;
use crate::web::render_form;
use crate::web::templates::{Chrome, FunnelRowView, FunnelView, RecruitmentPage, SnapshotChoice};
use crate::web::upload::read_upload;
use crate::web::{AppState, render};
use axum::extract::{Multipart, State};
use dueregard_core::period::long_date;
use dueregard_core::store::Actor;
use dueregard_core::workforce::WorkforceSnapshot;
use dueregard_formats::workforce::funnel::read_funnel;
use dueregard_stats::disclosure::{Preset, SUPPRESSED};
use dueregard_stats::funnel::{FunnelReport, PublishedStep, funnel};

/// The largest recruitment extract taken. It is read whole, so it has a lower limit than a
/// snapshot's extract.
pub const UPLOAD_LIMIT: usize = 100 * 1024 * 1024;

fn page(
    session: &SignedIn,
    snapshots: &[WorkforceSnapshot],
    staff: Option<i64>,
    nhs: bool,
    errors: Vec<(String, String)>,
    results: Vec<FunnelView>,
    file_name: String,
) -> RecruitmentPage {
    RecruitmentPage {
        chrome: Chrome::new(session, "workforce"),
        errors,
        snapshots: snapshots
            .iter()
            .map(|s| SnapshotChoice {
                id: s.id,
                label: format!(
                    "{} ({} employees{})",
                    long_date(s.fields.snapshot_date),
                    s.employees,
                    if s.fields.synthetic { ", made up" } else { "" }
                ),
                selected: staff == Some(s.id),
            })
            .collect(),
        nhs,
        results,
        file_name,
        max_mb: UPLOAD_LIMIT / (1024 * 1024),
    }
}

/// GET /workforce/recruitment
pub async fn form(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let snapshots = state.store.snapshots(session.org.id).await?;
    Ok(render(&page(
        &session,
        &snapshots,
        None,
        false,
        Vec::new(),
        Vec::new(),
        String::new(),
    )))
}

/// POST /workforce/recruitment (multipart): reads the extract and shows the funnel.
pub async fn analyse(
    State(state): State<AppState>,
    session: SignedIn,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> PageResult {
    let form = read_upload(
        &session,
        form,
        "Upload the recruitment extract with the form on its page.",
        UPLOAD_LIMIT,
        &state.upload_dir,
    )
    .await?;
    let nhs = form.text("disclosure") == "nhs";
    let org = session.org.id;
    let snapshots = state.store.snapshots(org).await?;
    let mut errors = Vec::new();
    let staff_id = match form.text("staff") {
        "" => None,
        id => {
            let known = id
                .parse::<i64>()
                .ok()
                .filter(|id| snapshots.iter().any(|s| s.id == *id));
            if known.is_none() {
                errors.push((
                    "#staff".to_string(),
                    "Choose one of your stored snapshots, or none".to_string(),
                ));
            }
            known
        }
    };
    let shown = |errors: Vec<(String, String)>, results, file_name| {
        let refused = !errors.is_empty();
        Ok(render_form(
            &page(
                &session, &snapshots, staff_id, nhs, errors, results, file_name,
            ),
            refused,
        ))
    };
    let Some(upload) = form.file else {
        errors.push((
            "#file".to_string(),
            "Choose the recruitment extract to upload".to_string(),
        ));
        return shown(errors, Vec::new(), String::new());
    };
    let file_name = upload.name.clone();
    if !errors.is_empty() {
        return shown(errors, Vec::new(), file_name);
    }
    // Staff in post come from a stored snapshot's people: an audited read.
    let staff = match staff_id {
        Some(id) => {
            let people = state
                .store
                .snapshot_people(&Actor::user(&session.user), org, id)
                .await?;
            Some(workforce::workforce(&people))
        }
        None => None,
    };
    let bytes = upload.bytes()?;
    let counts = match read_funnel(&bytes, &file_name, staff.as_ref()) {
        Ok(counts) => counts,
        Err(e) => {
            let errors = e
                .to_string()
                .lines()
                .map(|l| ("#file".to_string(), l.trim_start_matches("- ").to_string()))
                .collect();
            return shown(errors, Vec::new(), file_name);
        }
    };
    let policy = if nhs {
        Preset::Nhs.policy()
    } else {
        Preset::Threshold10.policy()
    };
    let results = counts
        .iter()
        .map(|(c, n)| view(&funnel(*c, n, &policy)))
        .filter(|v| !v.rows.is_empty())
        .collect();
    shown(Vec::new(), results, file_name)
}

fn view(report: &FunnelReport) -> FunnelView {
    FunnelView {
        title: report.characteristic.label().to_string(),
        has_staying: report.rows.iter().any(|r| r.retention.is_some()),
        rows: report
            .rows
            .iter()
            .map(|r| FunnelRowView {
                group: r.group.clone(),
                shortlisting: step(&r.shortlisting, "applicants"),
                appointment: step(&r.appointment, "shortlisted"),
                staying: r
                    .retention
                    .as_ref()
                    .map(|s| step(s, "staff"))
                    .unwrap_or_default(),
                adverse: [
                    Some(&r.shortlisting),
                    Some(&r.appointment),
                    r.retention.as_ref(),
                ]
                .into_iter()
                .flatten()
                .any(|s| s.rate.as_ref().is_some_and(|r| r.adverse)),
            })
            .collect(),
    }
}

/// One step for one group, in words: how many of how many, the rate, how it compares with the
/// best group's rate, and the test.
fn step(s: &PublishedStep, of_whom: &str) -> Vec<String> {
    let (Some(succeeded), Some(of)) = (s.succeeded, s.of) else {
        return vec![SUPPRESSED.to_string()];
    };
    let mut lines = vec![format!(
        "{} of {} {of_whom}",
        with_commas(succeeded),
        with_commas(of)
    )];
    match &s.rate {
        Some(r) => {
            if let Some(rate) = r.rate {
                lines.push(format!("{rate:.1}%"));
            }
            if let Some(ratio) = r.impact_ratio {
                lines.push(format!(
                    "{ratio:.2} of the best rate{}",
                    if r.adverse { ": below four-fifths" } else { "" }
                ));
            }
            if let Some(p) = r.p_value {
                lines.push(format!("Fisher's exact test p = {p:.3}"));
            }
        }
        None => lines.push("Too few to compare".into()),
    }
    lines
}
