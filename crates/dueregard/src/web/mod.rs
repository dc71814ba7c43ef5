//! The web app: server-rendered GOV.UK pages and the JSON API, on one router.

pub mod access;
pub mod auth;
pub mod cache;
pub mod edit;
pub mod error;
pub mod features;
pub mod fields;
pub mod form;
pub mod json_edit;
pub mod merge;
pub mod openapi;
pub mod publish;
pub mod respond;
pub mod router;
pub mod session;
pub mod templates;
pub mod trace;
pub mod upload;

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use dueregard_core::store::Store;
use std::sync::Arc;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Mark cookies `Secure` (HTTPS only).
    pub secure_cookies: bool,
    pub dashboards: Arc<cache::DashboardCache>,
    pub sessions: Arc<cache::SessionCache>,
    /// Rendered page bodies shared by many viewers (the plan page).
    pub pages: Arc<cache::PageCache>,
    /// Uploaded documents waiting for their import to be confirmed.
    pub imports: Arc<cache::WaitingImports>,
    /// Files made from published editions, which never change.
    pub published_files: Arc<cache::PublishedFiles>,
    /// Where uploaded files are kept while a request reads them.
    pub upload_dir: std::path::PathBuf,
    /// The OpenAPI document, built from the route table with the router.
    pub openapi: Arc<str>,
    /// The pseudonymisation keys, apart from the database.
    pub keys: Arc<crate::app::keys::KeyFile>,
    /// The header a trusted reverse proxy puts the client's address in, if there is one.
    pub client_address_header: Option<axum::http::HeaderName>,
    /// Where people reach the service, when mail is set up: links in mail start with it, and
    /// password links go by mail rather than being shown.
    pub public_url: Option<String>,
}

impl AppState {
    pub fn new(
        store: Arc<dyn Store>,
        secure_cookies: bool,
        keys: crate::app::keys::KeyFile,
    ) -> AppState {
        AppState {
            keys: Arc::new(keys),
            client_address_header: None,
            public_url: None,
            store,
            secure_cookies,
            dashboards: Arc::default(),
            sessions: Arc::default(),
            pages: Arc::default(),
            imports: Arc::default(),
            published_files: Arc::default(),
            upload_dir: std::env::temp_dir(),
            openapi: Arc::from("{}"),
        }
    }

    /// Keeps uploaded files in `dir` rather than the system's temporary folder.
    pub fn with_client_address_header(mut self, header: axum::http::HeaderName) -> AppState {
        self.client_address_header = Some(header);
        self
    }

    /// Mail is set up, and links in it start with `url`.
    pub fn with_public_url(mut self, url: Option<String>) -> AppState {
        self.public_url = url;
        self
    }

    pub fn with_upload_dir(mut self, dir: std::path::PathBuf) -> AppState {
        self.upload_dir = dir;
        self
    }
}

/// Renders a form's page: 422 when it shows what was wrong (with the GOV.UK error summary),
/// else 200.
pub fn render_form<T: Template>(page: &T, refused: bool) -> Response {
    let mut response = render(page);
    if refused && response.status() == StatusCode::OK {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    response
}

/// Renders a page; a template that fails to render is an internal error, never a panic.
pub fn render<T: Template>(page: &T) -> Response {
    // Pages run to tens of kilobytes; starting big saves growing the buffer again and again.
    let mut html = String::with_capacity(64 * 1024);
    match page.render_into(&mut html) {
        Ok(()) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a page could not be rendered");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Sorry, there is a problem with the service.",
            )
                .into_response()
        }
    }
}

/// Today in the UK, which is what "overdue" and "due" mean to the people using the service.
pub fn today() -> jiff::civil::Date {
    crate::app::today()
}

/// Security headers on every response: a strict content security policy (no inline script, no
/// other origins), no framing, no sniffing.
pub async fn security_headers(response: Response) -> Response {
    let mut response = response;
    let h = response.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: &'static str, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(
        h,
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    );
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "referrer-policy", "same-origin");
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, "cache-control", "no-store");
    }
    response
}

/// With secure cookies the app is served over HTTPS: browsers are told to use nothing else
/// for a year, on subdomains too (HSTS, RFC 6797). Over plain HTTP (loopback) nothing is
/// added, as that would lock the host out of HTTP.
pub async fn transport_headers(https: bool, mut response: Response) -> Response {
    if https {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// Files served under /assets, embedded in the binary so nothing is fetched from elsewhere.
pub fn asset(name: &str) -> Option<(&'static [u8], &'static str)> {
    Some(match name {
        "govuk/govuk-frontend.min.css" => (
            include_bytes!("../../assets/govuk/govuk-frontend.min.css"),
            "text/css",
        ),
        "govuk/govuk-frontend.min.js" => (
            include_bytes!("../../assets/govuk/govuk-frontend.min.js"),
            "text/javascript",
        ),
        "govuk/LICENSE.txt" => (
            include_bytes!("../../assets/govuk/LICENSE.txt"),
            "text/plain; charset=utf-8",
        ),
        "app.css" => (include_bytes!("../../assets/app.css"), "text/css"),
        "js-enabled.js" => (
            include_bytes!("../../assets/js-enabled.js"),
            "text/javascript",
        ),
        "init.js" => (include_bytes!("../../assets/init.js"), "text/javascript"),
        _ => return None,
    })
}

pub async fn serve_asset(axum::extract::Path(path): axum::extract::Path<String>) -> Response {
    match asset(&path) {
        Some((body, kind)) => (
            [
                (header::CONTENT_TYPE, kind),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            body,
        )
            .into_response(),
        None => error::AppError::NotFound.into_page(),
    }
}

/// GET /healthz: the process answers.
pub async fn healthz() -> &'static str {
    "ok"
}

/// GET /readyz: the database answers and its schema is this version's.
pub async fn readyz(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    match state.store.ready().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::error!(error = %e, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "not ready").into_response()
        }
    }
}
