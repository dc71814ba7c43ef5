//! HTTP tests: the real router on a real SQLite database loaded with the demo, driven request by
//! request; and the real binary for the command line.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod assessments;
mod budget_rounds;
mod calendars;
mod cli;
mod concurrency;
mod consultation_analysis;
mod consultations;
mod cycle;
mod edits;
mod files;
mod frameworks;
mod http;
mod indicators;
mod keys;
mod mail;
mod openapi;
mod partners;
mod public;
mod publications;
mod reports;
mod roles;
mod security;
mod sign_in;
mod training;
mod workforce;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use dueregard::web::{AppState, router};
use dueregard_core::store::{Actor, Store};
use http_body_util::BodyExt;
use std::sync::Arc;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub store: Arc<dyn Store>,
    path: std::path::PathBuf,
    /// Where this app keeps uploads while it reads them: empty between requests.
    pub uploads: std::path::PathBuf,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
        }
        let _ = std::fs::remove_dir_all(&self.uploads);
        let _ = std::fs::remove_file(self.path.with_extension("keys"));
    }
}

pub async fn demo_app() -> TestApp {
    demo_app_with(|s| s).await
}

/// The demo app, with its state changed first (mail set up, say).
pub async fn demo_app_with(change: impl FnOnce(AppState) -> AppState) -> TestApp {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let path = std::env::temp_dir().join(format!(
        "dueregard_http_{}_{}.db",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let store: Arc<dyn Store> = Arc::new(
        dueregard_store::connect(&dueregard_store::sqlite_url(&path))
            .await
            .unwrap(),
    );
    let keys = dueregard::app::keys::KeyFile::new(path.with_extension("keys"));
    dueregard::demo::load(store.as_ref(), &keys).await.unwrap();
    let uploads = path.with_extension("uploads");
    std::fs::create_dir_all(&uploads).unwrap();
    let router = router::app(change(
        AppState::new(store.clone(), true, keys).with_upload_dir(uploads.clone()),
    ));
    TestApp {
        router,
        store,
        path,
        uploads,
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// A browser session: its cookie and form token.
#[derive(Clone, Debug)]
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

impl TestApp {
    /// The files left in the upload folder: none once a request is done.
    pub fn uploads_left(&self) -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&self.uploads)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes())
            .to_string();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str, who: Option<&Browser>) -> Reply {
        let mut req = Request::get(path);
        if let Some(b) = who {
            req = req.header(header::COOKIE, &b.cookie);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// Posts a form, adding the session's CSRF token unless the fields already carry one.
    pub async fn post(&self, path: &str, who: Option<&Browser>, fields: &[(&str, &str)]) -> Reply {
        let mut pairs: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if let Some(b) = who
            && !fields.iter().any(|(k, _)| *k == "csrf_token")
        {
            pairs.push(("csrf_token".into(), b.csrf.clone()));
        }
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        let mut req =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(b) = who {
            req = req.header(header::COOKIE, &b.cookie);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    pub async fn api(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        };
        self.send(req.unwrap()).await
    }

    pub async fn sign_in(&self, email: &str) -> Browser {
        self.try_sign_in(email, dueregard::demo::DEMO_PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("sign in as {email}: {} {}", r.status, r.body))
    }

    pub async fn try_sign_in(&self, email: &str, password: &str) -> Result<Browser, Reply> {
        let page = self.get("/sign-in", None).await;
        let pre = cookie_value(&page, "dueregard_sign_in").unwrap();
        let token = between(&page.body, "name=\"csrf_token\" value=\"", "\"").unwrap();
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("csrf_token", token.as_str()),
                ("email", email),
                ("password", password),
            ])
            .finish();
        let req = Request::post("/sign-in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("dueregard_sign_in={pre}"))
            .body(Body::from(body))
            .unwrap();
        let reply = self.send(req).await;
        let Some(session) = cookie_value(&reply, "dueregard_session").filter(|s| !s.is_empty())
        else {
            return Err(reply);
        };
        let cookie = format!("dueregard_session={session}");
        let dash = self
            .get(
                "/",
                Some(&Browser {
                    cookie: cookie.clone(),
                    csrf: String::new(),
                }),
            )
            .await;
        let csrf = between(&dash.body, "name=\"csrf_token\" value=\"", "\"").unwrap();
        Ok(Browser { cookie, csrf })
    }

    /// A personal access token for the user with this email address.
    pub async fn token(&self, email: &str) -> String {
        let (user, _) = self.store.user_credentials(email).await.unwrap().unwrap();
        let secret = format!("dr_test_{email}");
        self.store
            .create_token(
                &Actor::command_line(),
                user.id,
                "tests",
                &dueregard::web::auth::token_hash(&secret),
            )
            .await
            .unwrap();
        secret
    }

    /// A second handle on the same database, as another instance or the command line would have.
    pub async fn other_instance(&self) -> Arc<dyn Store> {
        Arc::new(
            dueregard_store::connect(&dueregard_store::sqlite_url(&self.path))
                .await
                .unwrap(),
        )
    }

    pub async fn org(&self, slug: &str) -> i64 {
        self.store
            .organisation_by_slug(slug)
            .await
            .unwrap()
            .unwrap()
            .id
    }
}

/// The demo's own impact assessment (Dudley's tender, approved and public, in its first
/// edition), not one of the illustrative budget proposals' drafts.
pub async fn demo_assessment(
    store: &dyn Store,
    org: i64,
) -> dueregard_core::assessment::ImpactAssessment {
    store
        .assessments(org)
        .await
        .unwrap()
        .into_iter()
        .rfind(|a| a.fields.subject != dueregard_core::assessment::Subject::BudgetProposal)
        .unwrap()
}

/// The demo's own decision, not one of the proposals of its budget round.
pub async fn demo_decision(store: &dyn Store, org: i64) -> dueregard_core::assessment::Decision {
    let rounds = store.budget_rounds(org).await.unwrap();
    store
        .decisions(org)
        .await
        .unwrap()
        .into_iter()
        .find(|d| {
            rounds
                .iter()
                .all(|r| !r.fields.decision_ids.contains(&d.id))
        })
        .unwrap()
}

pub fn cookie_value(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.strip_prefix(&format!("{name}="))
                .map(|rest| rest.split(';').next().unwrap_or("").to_string())
        })
}

pub fn between(text: &str, start: &str, end: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(text[from..from + len].to_string())
}

/// A seed document from `../shared/seeds`, or `None` when that folder is not beside the
/// project: the test then stops without comparing, and its name is added to the file named by
/// `DUEREGARD_SEEDS_NOT_RUN`, so the test command can say how many did not run.
pub fn seed_path(name: &str) -> Option<std::path::PathBuf> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds")
        .join(name);
    if path.exists() {
        return Some(path);
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    println!("not run: {test} compares with {name}, which is not in ../shared/seeds");
    if let Ok(list) = std::env::var("DUEREGARD_SEEDS_NOT_RUN") {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(list)
        {
            let _ = writeln!(f, "{test}");
        }
    }
    None
}

/// Where someone signed out is sent: a page they asked for comes back after signing in.
pub fn signed_out_location(method: &str, path: &str) -> String {
    if method == "GET" {
        let next: String = form_urlencoded::byte_serialize(path.as_bytes()).collect();
        format!("/sign-in?next={next}")
    } else {
        "/sign-in".to_string()
    }
}
