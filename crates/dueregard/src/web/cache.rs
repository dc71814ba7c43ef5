//! What hot pages need, kept in memory and reused while it is still true.
//!
//! The rule for both caches: an entry checked against the database less than `TRUST_FOR` ago is
//! used without asking again, unless this process has committed a change since (the store counts
//! its commits). Past that, the database is asked: the change marker for a dashboard, the
//! session row for a sign-in. So this instance's own changes and sign-outs show at once, and
//! another instance's or the command line's within `TRUST_FOR`.

use crate::app::secrets::random_token;
use crate::web::error::AppError;
use crate::web::session::SignedIn;
use dueregard_core::Date;
use dueregard_core::dashboard::{Dashboard, PlanRow};
use dueregard_core::org::Organisation;
use dueregard_core::store::Store;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const TRUST_FOR: Duration = Duration::from_secs(1);
/// Past this many sessions in memory, start again rather than grow without bound.
const MAX_SESSIONS: usize = 10_000;

pub struct CachedDashboard {
    pub marker: i64,
    pub today: Date,
    pub plans: Vec<PlanRow>,
    pub dashboard: Dashboard,
    /// The rendered shared part of the page: for viewers who may not edit, and for those who may.
    bodies: [std::sync::OnceLock<String>; 2],
}

impl CachedDashboard {
    /// The shared part of the page, rendered the first time it is asked for.
    pub fn body(&self, editor: bool, render: impl FnOnce() -> String) -> &str {
        self.bodies[usize::from(editor)].get_or_init(render)
    }
}

/// When an entry was last confirmed, and the store's commit count then.
#[derive(Clone, Copy)]
struct Checked {
    at: Instant,
    local: u64,
}

impl Checked {
    fn now(store: &dyn Store) -> Checked {
        Checked {
            at: Instant::now(),
            local: store.local_changes(),
        }
    }

    fn still_true(&self, store: &dyn Store) -> bool {
        self.local == store.local_changes() && self.at.elapsed() < TRUST_FOR
    }
}

#[derive(Default)]
pub struct DashboardCache {
    entries: Mutex<HashMap<i64, (Arc<CachedDashboard>, Checked)>>,
}

impl DashboardCache {
    pub async fn get(
        &self,
        store: &dyn Store,
        org: &Organisation,
        today: Date,
    ) -> Result<Arc<CachedDashboard>, AppError> {
        let known = self
            .entries
            .lock()
            .ok()
            .and_then(|e| e.get(&org.id).cloned());
        if let Some((hit, checked)) = &known
            && hit.today == today
            && checked.still_true(store)
        {
            return Ok(hit.clone());
        }
        // Note the commit count and read the marker before loading: a change landing while we
        // load makes the next request look again.
        let checked = Checked::now(store);
        let marker = store.change_marker(org.id).await?;
        let entry = match known {
            Some((hit, _)) if hit.marker == marker && hit.today == today => hit,
            _ => {
                let objectives = store.objectives(org.id).await?;
                let plans = store.plan_rows(org.id).await?;
                let actions = store.action_rows(org.id).await?;
                let dashboard = Dashboard::build(org.nation, today, &objectives, &plans, &actions);
                Arc::new(CachedDashboard {
                    marker,
                    today,
                    plans,
                    dashboard,
                    bodies: Default::default(),
                })
            }
        };
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(org.id, (entry.clone(), checked));
        }
        Ok(entry)
    }
}

/// Signed-in sessions by the hash of their cookie.
#[derive(Default)]
pub struct SessionCache {
    entries: Mutex<HashMap<String, (SignedIn, Checked)>>,
}

/// Taken just before a session is read from the database, and stored with it.
pub struct SessionCheck(Checked);

impl SessionCache {
    /// The session, if it was confirmed recently enough to trust.
    pub fn get(&self, store: &dyn Store, token_hash: &str) -> Option<SignedIn> {
        let entries = self.entries.lock().ok()?;
        let (session, checked) = entries.get(token_hash)?;
        checked.still_true(store).then(|| session.clone())
    }

    pub fn begin_check(store: &dyn Store) -> SessionCheck {
        SessionCheck(Checked::now(store))
    }

    pub fn put(&self, token_hash: &str, session: SignedIn, check: SessionCheck) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_SESSIONS {
                entries.clear();
            }
            entries.insert(token_hash.to_string(), (session, check.0));
        }
    }

    pub fn forget(&self, token_hash: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(token_hash);
        }
    }
}

/// A rendered part of a page shared by every viewer of one kind, with what the wrapper needs.
pub struct CachedPage {
    pub marker: i64,
    pub today: Date,
    pub title: String,
    pub version: i64,
    pub body: Arc<str>,
}

/// Rendered page bodies by organisation and key (which page, for which kind of viewer), kept
/// while the organisation's change marker and the date stay the same.
#[derive(Default)]
pub struct PageCache {
    entries: Mutex<HashMap<PageKey, (Arc<CachedPage>, Checked)>>,
}

/// An organisation and which page of it, for which kind of viewer.
type PageKey = (i64, String);

/// Past this many kept pages, start again rather than grow without bound.
const MAX_PAGES: usize = 1_000;

impl PageCache {
    /// The kept page if it is still true; otherwise `render` makes it again (title, version,
    /// body) and it is kept.
    pub async fn get<F>(
        &self,
        store: &dyn Store,
        org: i64,
        key: String,
        today: Date,
        render: F,
    ) -> Result<Arc<CachedPage>, AppError>
    where
        F: AsyncFnOnce() -> Result<(String, i64, String), AppError>,
    {
        let slot = (org, key);
        let known = self.entries.lock().ok().and_then(|e| e.get(&slot).cloned());
        if let Some((hit, checked)) = &known
            && hit.today == today
            && checked.still_true(store)
        {
            return Ok(hit.clone());
        }
        let checked = Checked::now(store);
        let marker = store.change_marker(org).await?;
        let entry = match known {
            Some((hit, _)) if hit.marker == marker && hit.today == today => hit,
            _ => {
                let (title, version, body) = render().await?;
                Arc::new(CachedPage {
                    marker,
                    today,
                    title,
                    version,
                    body: body.into(),
                })
            }
        };
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_PAGES {
                entries.clear();
            }
            entries.insert(slot, (entry.clone(), checked));
        }
        Ok(entry)
    }
}

/// How long an uploaded document waits for its import to be confirmed, and how many may wait.
const KEEP_FOR: Duration = Duration::from_secs(60 * 60);
const MAX_WAITING: usize = 100;

/// Which kind of import a waiting document is for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Plan,
    Objectives,
}

pub struct Waiting {
    pub user_id: i64,
    pub org_id: i64,
    pub kind: ImportKind,
    pub file_name: String,
    pub bytes: Arc<Vec<u8>>,
    pub at: Instant,
}

/// Uploaded files waiting for their preview to be confirmed.
#[derive(Default)]
pub struct WaitingImports {
    files: Mutex<HashMap<String, Waiting>>,
}

impl WaitingImports {
    pub fn put(&self, w: Waiting) -> Result<String, AppError> {
        let id = random_token()?;
        let mut files = self
            .files
            .lock()
            .map_err(|_| AppError::Internal("import list".into()))?;
        files.retain(|_, w| w.at.elapsed() < KEEP_FOR);
        let oldest = files
            .iter()
            .min_by_key(|(_, w)| w.at)
            .map(|(k, _)| k.clone());
        if let Some(oldest) = oldest.filter(|_| files.len() >= MAX_WAITING) {
            files.remove(&oldest);
        }
        files.insert(id.clone(), w);
        Ok(id)
    }

    /// The file, if it is this person's and has not expired.
    pub fn get(
        &self,
        id: &str,
        session: &SignedIn,
    ) -> Result<(ImportKind, String, Arc<Vec<u8>>), AppError> {
        let files = self
            .files
            .lock()
            .map_err(|_| AppError::Internal("import list".into()))?;
        files
            .get(id)
            .filter(|w| {
                w.user_id == session.user.id
                    && w.org_id == session.org.id
                    && w.at.elapsed() < KEEP_FOR
            })
            .map(|w| (w.kind, w.file_name.clone(), w.bytes.clone()))
            .ok_or(AppError::NotFound)
    }

    pub fn remove(&self, id: &str) {
        if let Ok(mut files) = self.files.lock() {
            files.remove(id);
        }
    }
}
