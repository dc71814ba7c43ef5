//! The public site: what an organisation publishes about its equality duty, readable without
//! signing in. Only approved objectives, approved or closed plans and approved, public impact
//! assessments appear; drafts and archived records never do.

use crate::app::publications::{self, corrected_by};
use crate::app::reports::{Scope, progress_report, published_plans};
use crate::web::error::{AppError, PageResult};
use crate::web::templates::{Chrome, PublicPage};
use crate::web::{AppState, render, today};
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use dueregard_core::org::Organisation;
use dueregard_core::period::FinancialYear;
use dueregard_core::report::Report;
use dueregard_formats::export::xml;
use dueregard_formats::report_render;

/// The organisation a public address names, or no page.
pub(super) async fn organisation(state: &AppState, slug: &str) -> Result<Organisation, AppError> {
    state
        .store
        .organisation_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// A page of the public site, its body built (and escaped) by the caller.
pub(super) fn page(org: &Organisation, title: &str, body: String) -> PageResult {
    Ok(render(&PublicPage {
        chrome: Chrome::anonymous(),
        organisation: org.name.clone(),
        slug: org.slug.clone(),
        title: title.to_string(),
        body,
    }))
}

/// GET /public/{slug}
pub async fn home(State(state): State<AppState>, Path(slug): Path<String>) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let title = "Equality information";
    let body = format!(
        "<span class=\"govuk-caption-l\">{name}</span><h1 class=\"govuk-heading-l\">{title}</h1>\
         <p class=\"govuk-body\">How {name} meets the public sector equality duty (Equality Act 2010, section 149): its equality objectives and the progress made on them, the action plans that deliver them, and its equality impact assessments.</p>\
         <ul class=\"govuk-list govuk-list--bullet\">\
         <li><a class=\"govuk-link\" href=\"/public/{slug}/publications\">Published reports, with past editions</a></li>\
         <li><a class=\"govuk-link\" href=\"/public/{slug}/objectives\">Equality objectives and progress</a></li>\
         <li><a class=\"govuk-link\" href=\"/public/{slug}/plans\">Action plans</a></li>\
         <li><a class=\"govuk-link\" href=\"/public/{slug}/indicators\">How we measure progress</a></li>\
         <li><a class=\"govuk-link\" href=\"/public/{slug}/assessments\">Equality impact assessments</a></li>\
         <li><a class=\"govuk-link\" href=\"/public/{slug}/dates\">Cultural and civic dates</a></li>\
         <li><a class=\"govuk-link\" href=\"/public/{slug}/accessibility\">Accessibility statement</a></li></ul>",
        name = xml(&org.name),
        slug = xml(&org.slug),
    );
    page(&org, title, body)
}

/// The published progress report: this financial year, from published plans only.
async fn published_report(
    state: &AppState,
    org: &Organisation,
) -> Result<dueregard_core::report::Report, AppError> {
    let period = FinancialYear::containing(today()).period();
    Ok(progress_report(
        state.store.as_ref(),
        org.id,
        period,
        Scope::Published,
        today(),
    )
    .await?)
}

/// GET /public/{slug}/objectives
pub async fn objectives(State(state): State<AppState>, Path(slug): Path<String>) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let report = published_report(&state, &org).await?;
    let (_, files) = report_render::data_package(&report);
    let slug = xml(&org.slug);
    let mut body = report_render::html(&report);
    body.push_str(&format!(
        "<h2 class=\"govuk-heading-m\">Open data</h2><p class=\"govuk-body\">The tables of this page as CSV files, described by a <a class=\"govuk-link\" href=\"/public/{slug}/data/datapackage.json\">data package</a> (Frictionless Data, with a Table Schema for each file).</p><ul class=\"govuk-list\">"
    ));
    for (name, _) in &files {
        let name = xml(name);
        body.push_str(&format!(
            "<li><a class=\"govuk-link\" href=\"/public/{slug}/data/{name}\">{name}</a></li>"
        ));
    }
    body.push_str("</ul>");
    page(&org, &report.title, body)
}

/// GET /public/{slug}/data/{file}: the published report's data package and its CSV files.
pub async fn data(
    State(state): State<AppState>,
    Path((slug, file)): Path<(String, String)>,
) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let report = published_report(&state, &org).await?;
    open_data(&report, &file)
}

/// A report's data package (`datapackage.json`) or one of its CSV files, by name.
fn open_data(report: &Report, file: &str) -> PageResult {
    let (package, files) = report_render::data_package(report);
    let (kind, bytes) = if file == "datapackage.json" {
        ("application/json", package.into_bytes())
    } else {
        let (_, bytes) = files
            .into_iter()
            .find(|(name, _)| name == file)
            .ok_or(AppError::NotFound)?;
        ("text/csv; charset=utf-8", bytes)
    };
    Ok(([(axum::http::header::CONTENT_TYPE, kind)], bytes).into_response())
}

/// GET /public/{slug}/plans
pub async fn plans(State(state): State<AppState>, Path(slug): Path<String>) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let plans = published_plans(state.store.as_ref(), org.id).await?;
    let title = "Action plans";
    let mut body = format!(
        "<span class=\"govuk-caption-l\">{}</span><h1 class=\"govuk-heading-l\">{title}</h1>",
        xml(&org.name)
    );
    if plans.is_empty() {
        body.push_str("<p class=\"govuk-body\">No action plans are published yet.</p>");
    } else {
        body.push_str("<ul class=\"govuk-list\">");
        for p in &plans {
            body.push_str(&format!(
                "<li><a class=\"govuk-link\" href=\"/public/{}/plans/{}\">{}</a> ({})</li>",
                xml(&org.slug),
                p.id,
                xml(&p.title),
                p.status.label()
            ));
        }
        body.push_str("</ul>");
    }
    page(&org, title, body)
}

/// GET /public/{slug}/plans/{id}: a published plan's progress over its own period.
pub async fn plan(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let plan = published_plans(state.store.as_ref(), org.id)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AppError::NotFound)?;
    let mut report = progress_report(
        state.store.as_ref(),
        org.id,
        plan.period,
        Scope::Plan(id),
        today(),
    )
    .await?;
    // One plan's report is named for it.
    report.title = format!("{}: {}", report.title, plan.title);
    page(&org, &report.title, report_render::html(&report))
}

/// GET /public/{slug}/accessibility
pub async fn accessibility(State(state): State<AppState>, Path(slug): Path<String>) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let title = "Accessibility statement";
    let body = format!(
        "<h1 class=\"govuk-heading-l\">{title}</h1>\
         <p class=\"govuk-body\">{name} wants as many people as possible to be able to use these pages. They are built to meet the Web Content Accessibility Guidelines version 2.2 at level AA, as the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 require.</p>\
         <p class=\"govuk-body\">You should be able to read every page at 400% zoom without scrolling sideways, move through it with a keyboard alone, and use it with a screen reader. Every table has a caption and headers. The pages work without JavaScript.</p>\
         <h2 class=\"govuk-heading-m\">How we test these pages</h2>\
         <p class=\"govuk-body\">Each page is checked automatically with axe-core against WCAG 2.2 A and AA, and for reflow at 320 pixels wide, every time the software changes.</p>\
         <h2 class=\"govuk-heading-m\">If you cannot use something</h2>\
         <p class=\"govuk-body\">Ask {name} for the information in another format, such as large print, easy read or audio. If you are not happy with the reply, contact the Equality Advisory and Support Service (EASS).</p>",
        name = xml(&org.name),
    );
    page(&org, title, body)
}

/// A published edition of `slug`'s, or not found: drafts, editions in review and approved
/// editions not yet published are not there for the public.
async fn published_edition(
    state: &AppState,
    org: &Organisation,
    id: i64,
) -> Result<(dueregard_core::publication::Publication, Report), AppError> {
    let all = publications::published(state.store.as_ref(), org.id).await?;
    let p = all
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AppError::NotFound)?;
    let report = p.fields.report.clone().ok_or(AppError::NotFound)?;
    Ok((p, report))
}

/// GET /public/{slug}/publications: every published edition, newest first.
pub async fn publications(State(state): State<AppState>, Path(slug): Path<String>) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let all = publications::published(state.store.as_ref(), org.id).await?;
    let title = "Published reports";
    let mut body = format!(
        "<span class=\"govuk-caption-l\">{}</span><h1 class=\"govuk-heading-l\">{title}</h1>",
        xml(&org.name)
    );
    if all.is_empty() {
        body.push_str("<p class=\"govuk-body\">Nothing has been published yet.</p>");
    } else {
        body.push_str("<p class=\"govuk-body\">Every edition stays here as it was published. Where one was corrected, the correction is a later edition and says what changed.</p><ul class=\"govuk-list govuk-list--spaced\">");
        for p in &all {
            let f = &p.fields;
            let corrected = corrected_by(&all, p.id)
                .map(|c| format!(" Corrected by edition {}.", c.fields.edition))
                .unwrap_or_default();
            body.push_str(&format!(
                "<li><a class=\"govuk-link\" href=\"/public/{}/publications/{}\">{}</a>, edition {}<br><span class=\"govuk-body-s\">{}.{}</span></li>",
                xml(&org.slug),
                p.id,
                xml(&f.title),
                f.edition,
                xml(&f.describe()),
                xml(&corrected)
            ));
        }
        body.push_str("</ul>");
    }
    page(&org, title, body)
}

/// GET /public/{slug}/publications/{id}: an edition as it was approved, with its downloads.
pub async fn publication(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let (p, report) = published_edition(&state, &org, id).await?;
    let base = format!("/public/{}/publications/{id}", xml(&org.slug));
    let mut body = format!(
        "<p class=\"govuk-body-s\">Edition {}. {}.</p>",
        p.fields.edition,
        xml(&p.fields.describe())
    );
    body.push_str(&report_render::html(&report));
    body.push_str(&format!(
        "<h2 class=\"govuk-heading-m\">Download this report</h2><ul class=\"govuk-list\">\
         <li><a class=\"govuk-link\" href=\"{base}/report.pdf\">PDF (tagged, for screen readers)</a></li>\
         <li><a class=\"govuk-link\" href=\"{base}/report.odt\">OpenDocument text (ODT)</a></li>\
         <li><a class=\"govuk-link\" href=\"{base}/report.docx\">Word (DOCX)</a></li></ul>\
         <h2 class=\"govuk-heading-m\">Open data</h2><p class=\"govuk-body\">The tables of this report as CSV files, described by a <a class=\"govuk-link\" href=\"{base}/datapackage.json\">data package</a> (Frictionless Data, with a Table Schema for each file).</p><ul class=\"govuk-list\">"
    ));
    let (_, files) = report_render::data_package(&report);
    for (name, _) in &files {
        let name = xml(name);
        body.push_str(&format!(
            "<li><a class=\"govuk-link\" href=\"{base}/{name}\">{name}</a></li>"
        ));
    }
    body.push_str("</ul>");
    page(&org, &report.title, body)
}

/// GET /public/{slug}/publications/{id}/{file}: the edition as PDF, ODT or DOCX, or its open
/// data.
pub async fn publication_file(
    State(state): State<AppState>,
    Path((slug, id, file)): Path<(String, i64, String)>,
) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let (p, report) = published_edition(&state, &org, id).await?;
    match file.strip_prefix("report.") {
        Some(format) if ["pdf", "odt", "docx"].contains(&format) => {
            use super::reports::{file_kind, report_bytes};
            let (kind, name) = file_kind(&report, format)?;
            // An edition never changes once published, so its file is made once.
            let key = format!("{}/{id}/{}/{format}", org.id, p.version);
            let bytes = state
                .published_files
                .get(key, async || report_bytes(report, format).await)
                .await?;
            Ok(crate::web::respond::download(kind, &name, bytes.to_vec()))
        }
        _ => open_data(&report, &file),
    }
}

/// GET /public/{slug}/dates: the cultural and civic dates calendar, this year and next.
pub async fn dates(State(state): State<AppState>, Path(slug): Path<String>) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let today = crate::web::today();
    let events =
        crate::app::calendars::civic_events(&state.store.civic_dates(org.id).await?, &org, today);
    let mut rows = String::new();
    for e in events
        .iter()
        .filter(|e| e.last >= today && e.first.year() <= today.year() + 1)
    {
        let when = if e.first == e.last {
            dueregard_core::period::long_date(e.first)
        } else {
            format!(
                "{} to {}",
                dueregard_core::period::long_date(e.first),
                dueregard_core::period::long_date(e.last)
            )
        };
        rows.push_str(&format!(
            "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">{}</td><th scope=\"row\" class=\"govuk-table__header\">{}</th><td class=\"govuk-table__cell\">{}</td></tr>",
            xml(&when),
            xml(&e.summary),
            xml(&e.description)
        ));
    }
    let title = "Cultural and civic dates";
    let body = format!(
        "<h1 class=\"govuk-heading-l\">{title}</h1>\
         <p class=\"govuk-body\">The religious festivals, awareness days and months, and civic days {name} marks, and avoids when it plans consultations and events. Dates that follow the moon may move by a day.</p>\
         <p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/public/{slug}/dates.ics\">Follow these dates in your calendar program (iCalendar)</a></p>\
         <table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Dates to come</caption>\
         <thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">When</th><th scope=\"col\" class=\"govuk-table__header\">What</th><th scope=\"col\" class=\"govuk-table__header\">About it</th></tr></thead>\
         <tbody class=\"govuk-table__body\">{rows}</tbody></table>",
        name = xml(&org.name),
        slug = xml(&org.slug),
    );
    page(&org, title, body)
}

/// GET /public/{slug}/dates.ics
pub async fn dates_feed(State(state): State<AppState>, Path(slug): Path<String>) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let events = crate::app::calendars::civic_events(
        &state.store.civic_dates(org.id).await?,
        &org,
        crate::web::today(),
    );
    let name = crate::app::calendars::feed_name(&org, dueregard_core::civic::FeedKind::CivicDates);
    Ok(super::calendars::ics(dueregard_formats::ical::calendar(
        &name,
        &events,
        &super::calendars::stamp(),
    )))
}
