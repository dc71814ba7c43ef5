//! Committees' meetings and the cultural and civic dates, kept by the one record mechanism (a
//! meeting's date is a column, so the forward plan reads them in order); calendar feeds.

use crate::backend_error;
use crate::records::{self, Columns, Kind, Refs, Table, Tx, Val, get};
use crate::sql_store::SqlStore;
use async_trait::async_trait;
use dueregard_core::civic::{CalendarFeed, CivicDate, CivicDateFields, FeedKind};
use dueregard_core::meeting::{Meeting, MeetingFields};
use dueregard_core::store::StoreError;
use dueregard_core::store::{Actor, CalendarStore, StoreResult};
use sqlx::any::AnyRow;

pub(crate) const MEETINGS: Table = Table::new("meetings", "meeting");
pub(crate) const CIVIC_DATES: Table = Table::new("civic_dates", "cultural or civic date");

impl Kind for CivicDateFields {
    const TABLE: Table = CIVIC_DATES;
    const ORDER: &'static str = "label, id";
    fn label(&self) -> String {
        self.name.clone()
    }
}

fn feed(row: &AnyRow) -> StoreResult<CalendarFeed> {
    let kind: String = get(row, "kind")?;
    Ok(CalendarFeed {
        id: get(row, "id")?,
        org_id: get(row, "org_id")?,
        user_id: get(row, "user_id")?,
        kind: FeedKind::from_key(&kind)
            .ok_or_else(|| StoreError::Backend("a calendar feed of an unknown kind".into()))?,
        created_at: get(row, "created_at")?,
        revoked_at: get(row, "revoked_at")?,
    })
}

impl Kind for MeetingFields {
    const TABLE: Table = MEETINGS;
    const ORDER: &'static str = "meets_on, id";
    const REFERRERS: &'static [crate::records::Referrer] = &[crate::records::Referrer::field(
        "budget_rounds",
        "meeting_id",
        ("budget round", "budget rounds"),
    )];
    fn label(&self) -> String {
        format!("Meeting on {}", self.date)
    }
    async fn prepare(&self, tx: &mut Tx<'_>, org: i64, _: Option<i64>) -> StoreResult<Columns> {
        let mut refs = Refs::new(tx, org);
        let message = "Select a committee of this organisation";
        refs.check(
            "committees",
            &[self.committee_id],
            None,
            "committee_id",
            message,
        )
        .await?;
        let message = "Select action plans of this organisation";
        refs.check("plans", &self.plan_ids, None, "plan_ids", message)
            .await?;
        let message = "Select reports of this organisation";
        refs.check(
            "publications",
            &self.publication_ids,
            None,
            "publication_ids",
            message,
        )
        .await?;
        refs.finish()?;
        Ok(Columns::with(vec![(
            "meets_on",
            Val::text(self.date.to_string()),
        )]))
    }
}

#[async_trait]
impl CalendarStore for SqlStore {
    async fn meetings(&self, org: i64) -> StoreResult<Vec<Meeting>> {
        self.records::<MeetingFields>(org).await
    }

    async fn meeting(&self, org: i64, id: i64) -> StoreResult<Meeting> {
        self.record::<MeetingFields>(org, id).await
    }

    async fn create_meeting(
        &self,
        actor: &Actor,
        org: i64,
        fields: MeetingFields,
    ) -> StoreResult<Meeting> {
        self.add(actor, org, fields).await
    }

    async fn update_meeting(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: MeetingFields,
    ) -> StoreResult<Meeting> {
        self.put(actor, org, id, version, fields).await
    }

    async fn civic_dates(&self, org: i64) -> StoreResult<Vec<CivicDate>> {
        self.records::<CivicDateFields>(org).await
    }

    async fn civic_date(&self, org: i64, id: i64) -> StoreResult<CivicDate> {
        self.record::<CivicDateFields>(org, id).await
    }

    async fn create_civic_date(
        &self,
        actor: &Actor,
        org: i64,
        fields: CivicDateFields,
    ) -> StoreResult<CivicDate> {
        self.add(actor, org, fields).await
    }

    async fn update_civic_date(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: CivicDateFields,
    ) -> StoreResult<CivicDate> {
        self.put(actor, org, id, version, fields).await
    }

    async fn create_feed(
        &self,
        actor: &Actor,
        org: i64,
        user_id: i64,
        kind: FeedKind,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<CalendarFeed> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "INSERT INTO calendar_feeds (org_id, user_id, kind, token_hash, created_at) \
             SELECT $1, id, $3, $4, $5 FROM users WHERE id = $2 AND org_id = $1 RETURNING *",
        )
        .bind(org)
        .bind(user_id)
        .bind(kind.key())
        .bind(token_hash.to_string())
        .bind(now)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend_error)?
        .ok_or(StoreError::NotFound("user"))?;
        let made = feed(&row)?;
        records::audit(
            &mut tx,
            Some(org),
            actor,
            "calendar feed",
            made.id,
            "create",
            None,
            Some(kind.key()),
        )
        .await?;
        tx.commit().await.map_err(backend_error)?;
        Ok(made)
    }

    async fn feeds(&self, user_id: i64) -> StoreResult<Vec<CalendarFeed>> {
        let rows = sqlx::query("SELECT * FROM calendar_feeds WHERE user_id = $1 ORDER BY id DESC")
            .bind(user_id)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?;
        rows.iter().map(feed).collect()
    }

    async fn revoke_feed(&self, actor: &Actor, user_id: i64, id: i64, now: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "UPDATE calendar_feeds SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL RETURNING org_id",
        )
        .bind(now)
        .bind(id)
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend_error)?
        .ok_or(StoreError::NotFound("calendar feed"))?;
        let org: i64 = get(&row, "org_id")?;
        records::audit(
            &mut tx,
            Some(org),
            actor,
            "calendar feed",
            id,
            "revoke",
            None,
            None,
        )
        .await?;
        tx.commit().await.map_err(backend_error)
    }

    async fn feed_by_token(&self, token_hash: &str) -> StoreResult<Option<CalendarFeed>> {
        let row = sqlx::query(
            "SELECT f.* FROM calendar_feeds f JOIN users u ON u.id = f.user_id \
             WHERE f.token_hash = $1 AND f.revoked_at IS NULL AND u.disabled_at IS NULL",
        )
        .bind(token_hash.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(backend_error)?;
        row.as_ref().map(feed).transpose()
    }
}
