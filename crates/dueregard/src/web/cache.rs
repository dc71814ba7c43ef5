//! What the dashboard works out, kept per organisation and reused while nothing has changed.
//! Before reuse, the store's change marker (the latest audit entry, written with every change)
//! is compared, so a cached dashboard is never stale, whichever instance or command wrote last.

use crate::web::error::AppError;
use dueregard_core::Date;
use dueregard_core::dashboard::{Dashboard, PlanRow};
use dueregard_core::org::Organisation;
use dueregard_core::store::Store;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct CachedDashboard {
    pub marker: i64,
    pub today: Date,
    pub plans: Vec<PlanRow>,
    pub dashboard: Dashboard,
}

#[derive(Default)]
pub struct DashboardCache {
    entries: Mutex<HashMap<i64, Arc<CachedDashboard>>>,
}

impl DashboardCache {
    pub async fn get(
        &self,
        store: &dyn Store,
        org: &Organisation,
        today: Date,
    ) -> Result<Arc<CachedDashboard>, AppError> {
        // Read the marker first: a change landing while we load makes the next request reload.
        let marker = store.change_marker(org.id).await?;
        if let Some(hit) = self
            .lookup(org.id)
            .filter(|c| c.marker == marker && c.today == today)
        {
            return Ok(hit);
        }
        let objectives = store.objectives(org.id).await?;
        let plans = store.plan_rows(org.id).await?;
        let actions = store.action_rows(org.id).await?;
        let dashboard = Dashboard::build(org.nation, today, &objectives, &plans, &actions);
        let fresh = Arc::new(CachedDashboard {
            marker,
            today,
            plans,
            dashboard,
        });
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(org.id, fresh.clone());
        }
        Ok(fresh)
    }

    fn lookup(&self, org: i64) -> Option<Arc<CachedDashboard>> {
        self.entries.lock().ok().and_then(|e| e.get(&org).cloned())
    }
}
