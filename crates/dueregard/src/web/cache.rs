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

/// The dashboard's inputs and its rendered shared part, worked out once per change.
pub struct CachedDashboard {
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

/// A rendered part of a page shared by every viewer of one kind, with what the wrapper needs.
pub struct CachedPage {
    pub title: String,
    pub version: i64,
    pub body: Arc<str>,
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

/// What one organisation's pages need, worked out once and kept while its change marker and
/// the date stay the same. The dashboard is kept by organisation; rendered page bodies by
/// organisation and which page for which kind of viewer.
pub struct Kept<K, V> {
    entries: Mutex<HashMap<K, Slot<V>>>,
}

/// A kept value and when it was last confirmed.
type Slot<V> = (Arc<Entry<V>>, Checked);

struct Entry<V> {
    marker: i64,
    today: Date,
    value: Arc<V>,
}

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Kept {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

/// Past this many kept entries, start again rather than grow without bound.
const MAX_KEPT: usize = 1_000;

impl<K: std::hash::Hash + Eq + Clone, V> Kept<K, V> {
    /// The kept value if it is still true; otherwise `make` works it out again and it is kept.
    pub async fn get<F>(
        &self,
        store: &dyn Store,
        org: i64,
        key: K,
        today: Date,
        make: F,
    ) -> Result<Arc<V>, AppError>
    where
        F: AsyncFnOnce() -> Result<V, AppError>,
    {
        let known = self.entries.lock().ok().and_then(|e| e.get(&key).cloned());
        if let Some((hit, checked)) = &known
            && hit.today == today
            && checked.still_true(store)
        {
            return Ok(hit.value.clone());
        }
        // Note the commit count and read the marker before working it out: a change landing
        // meanwhile makes the next request look again.
        let checked = Checked::now(store);
        let marker = store.change_marker(org).await?;
        let entry = match known {
            Some((hit, _)) if hit.marker == marker && hit.today == today => hit,
            _ => Arc::new(Entry {
                marker,
                today,
                value: Arc::new(make().await?),
            }),
        };
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_KEPT {
                entries.clear();
            }
            entries.insert(key, (entry.clone(), checked));
        }
        Ok(entry.value.clone())
    }
}

/// The dashboard, by organisation.
pub type DashboardCache = Kept<i64, CachedDashboard>;

/// Rendered page bodies, by organisation and which page for which kind of viewer.
pub type PageCache = Kept<(i64, String), CachedPage>;

impl DashboardCache {
    /// The organisation's dashboard as it is today.
    pub async fn dashboard(
        &self,
        store: &dyn Store,
        org: &Organisation,
        today: Date,
    ) -> Result<Arc<CachedDashboard>, AppError> {
        self.get(store, org.id, org.id, today, async || {
            let objectives = store.objectives(org.id).await?;
            let plans = store.plan_rows(org.id).await?;
            let actions = store.action_rows(org.id).await?;
            let dashboard = Dashboard::build(org.nation, today, &objectives, &plans, &actions);
            Ok(CachedDashboard {
                plans,
                dashboard,
                bodies: Default::default(),
            })
        })
        .await
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

/// Files made from published editions (PDFs above all, which take a while to typeset). An
/// edition never changes once published, so a file is kept until it is one of the oldest of
/// `MAX_FILES`: a crowd asking for the same report costs one typesetting, not one each.
#[derive(Default)]
pub struct PublishedFiles {
    kept: Mutex<std::collections::VecDeque<(String, Arc<Vec<u8>>)>>,
}

const MAX_FILES: usize = 24;

impl PublishedFiles {
    /// The file kept under `key`, or `make`'s, kept from now on.
    pub async fn get<F>(&self, key: String, make: F) -> Result<Arc<Vec<u8>>, AppError>
    where
        F: AsyncFnOnce() -> Result<Vec<u8>, AppError>,
    {
        let hit = self
            .kept
            .lock()
            .ok()
            .and_then(|k| k.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()));
        if let Some(bytes) = hit {
            return Ok(bytes);
        }
        let bytes = Arc::new(make().await?);
        if let Ok(mut kept) = self.kept.lock() {
            if kept.len() >= MAX_FILES {
                kept.pop_front();
            }
            kept.push_back((key, bytes.clone()));
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_published_file_is_made_once_and_the_oldest_goes_first() {
        let files = PublishedFiles::default();
        let made = std::sync::atomic::AtomicUsize::new(0);
        let make = |n: u8| {
            let made = &made;
            async move || {
                made.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                Ok(vec![n])
            }
        };
        for _ in 0..3 {
            assert_eq!(*files.get("a".into(), make(1)).await.unwrap(), vec![1]);
        }
        assert_eq!(made.load(std::sync::atomic::Ordering::SeqCst), 1);
        for n in 0..MAX_FILES {
            files.get(format!("other {n}"), make(2)).await.unwrap();
        }
        // "a" was the oldest, so it went; asking again makes it again.
        files.get("a".into(), make(1)).await.unwrap();
        assert_eq!(
            made.load(std::sync::atomic::Ordering::SeqCst),
            MAX_FILES + 2
        );
    }
}
