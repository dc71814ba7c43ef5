//! Consultations (kept by the one record mechanism) and their responses. A response and its
//! monitoring answers are written in one transaction; the monitoring answers are read back
//! only as counts.

use crate::backend_error;
use crate::records::{self, Columns, Kind, Refs, Table, Tx, Val, get};
use crate::records::{from_json, to_json};
use crate::sql_store::SqlStore;
use async_trait::async_trait;
use dueregard_core::consultation::analysis::{Coding, NewCoding};
use dueregard_core::consultation::engagement::{EngagementEvent, EngagementFields};
use dueregard_core::consultation::response::{
    self, Channel, ConsultationResponse, MonitoringCounts, NewResponse, Received,
};
use dueregard_core::consultation::{Consultation, ConsultationFields};
use dueregard_core::store::{Actor, ConsultationStore, StoreError, StoreResult};
use sqlx::any::AnyRow;

pub(crate) const CONSULTATIONS: Table = Table::new("consultations", "consultation");
pub(crate) const ENGAGEMENT: Table = Table::new("engagement_events", "engagement event");

impl Kind for EngagementFields {
    const TABLE: Table = ENGAGEMENT;
    const ORDER: &'static str = "held_on DESC, id DESC";
    fn label(&self) -> String {
        self.title.clone()
    }
    async fn prepare(&self, tx: &mut Tx<'_>, org: i64, _: Option<i64>) -> StoreResult<Columns> {
        let mut refs = Refs::new(tx, org);
        let ids: Vec<i64> = self.consultation_id.into_iter().collect();
        let message = "Select a consultation of this organisation";
        refs.check("consultations", &ids, None, "consultation_id", message)
            .await?;
        refs.finish()?;
        Ok(Columns::with(vec![
            ("held_on", Val::text(self.date.to_string())),
            ("consultation_id", Val::Int(self.consultation_id)),
        ]))
    }
}
const RESPONSES: Table = Table::new("consultation_responses", "response");

impl Kind for ConsultationFields {
    const TABLE: Table = CONSULTATIONS;
    const ORDER: &'static str = "closes_on DESC, id DESC";
    const REFERRERS: &'static [records::Referrer] = &[
        records::Referrer::column(
            "consultation_responses",
            "consultation_id",
            ("response", "responses"),
        ),
        records::Referrer::column(
            "engagement_events",
            "consultation_id",
            ("engagement event", "engagement events"),
        ),
    ];
    fn label(&self) -> String {
        self.title.clone()
    }
    async fn prepare(&self, tx: &mut Tx<'_>, org: i64, _: Option<i64>) -> StoreResult<Columns> {
        let mut refs = Refs::new(tx, org);
        let message = "Select equality objectives of this organisation";
        refs.check(
            "objectives",
            &self.objective_ids,
            None,
            "objective_ids",
            message,
        )
        .await?;
        let message = "Select impact assessments of this organisation";
        refs.check(
            "assessments",
            &self.assessment_ids,
            None,
            "assessment_ids",
            message,
        )
        .await?;
        let message = "Select decisions of this organisation";
        refs.check(
            "decisions",
            &self.decision_ids,
            None,
            "decision_ids",
            message,
        )
        .await?;
        refs.finish()?;
        Ok(Columns::with(vec![
            ("opens_on", Val::text(self.opens.to_string())),
            ("closes_on", Val::text(self.closes.to_string())),
        ]))
    }
}

fn response_row(row: &AnyRow) -> StoreResult<ConsultationResponse> {
    let id: i64 = get(row, "id")?;
    let channel: String = get(row, "channel")?;
    Ok(ConsultationResponse {
        id,
        consultation_id: get(row, "consultation_id")?,
        reference: response::reference(id),
        channel: Channel::from_key(&channel)
            .ok_or_else(|| StoreError::Backend("a response of an unknown channel".into()))?,
        answers: from_json(&RESPONSES, &get::<String>(row, "answers")?)?,
        received_at: get(row, "received_at")?,
        keyed_by: get(row, "keyed_by_name")?,
        held: get(row, "held")?,
    })
}

/// A response's columns, with the name of whoever keyed it in.
macro_rules! select_responses {
    () => {
        "SELECT r.id, r.consultation_id, r.channel, r.answers, r.received_at, r.held, u.name AS keyed_by_name \
         FROM consultation_responses r LEFT JOIN users u ON u.id = r.keyed_by "
    };
}

async fn one_response(
    tx: &mut Tx<'_>,
    consultation_id: i64,
    key: &str,
) -> StoreResult<Option<ConsultationResponse>> {
    let row = sqlx::query(concat!(
        select_responses!(),
        "WHERE r.consultation_id = $1 AND r.submission_key = $2"
    ))
    .bind(consultation_id)
    .bind(key.to_string())
    .fetch_optional(&mut **tx)
    .await
    .map_err(backend_error)?;
    row.as_ref().map(response_row).transpose()
}

#[async_trait]
impl ConsultationStore for SqlStore {
    async fn consultations(&self, org: i64) -> StoreResult<Vec<Consultation>> {
        self.records::<ConsultationFields>(org).await
    }

    async fn consultation(&self, org: i64, id: i64) -> StoreResult<Consultation> {
        self.record::<ConsultationFields>(org, id).await
    }

    async fn create_consultation(
        &self,
        actor: &Actor,
        org: i64,
        fields: ConsultationFields,
    ) -> StoreResult<Consultation> {
        self.add(actor, org, fields).await
    }

    async fn update_consultation(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: ConsultationFields,
    ) -> StoreResult<Consultation> {
        self.put(actor, org, id, version, fields).await
    }

    async fn add_response(
        &self,
        actor: &Actor,
        org: i64,
        consultation_id: i64,
        new: &NewResponse,
    ) -> StoreResult<Received> {
        let mut tx = self.begin().await?;
        let exists = sqlx::query(
            "SELECT id FROM consultations WHERE id = $1 AND org_id = $2 AND archived_at IS NULL",
        )
        .bind(consultation_id)
        .bind(org)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend_error)?;
        if exists.is_none() {
            return Err(StoreError::NotFound("consultation"));
        }
        if let Some(done) = one_response(&mut tx, consultation_id, &new.submission_key).await? {
            return Ok(Received::Again(done));
        }
        let mut held = new
            .honeypot
            .then(|| "A field people cannot see was filled in, as robots do".to_string());
        if let Some(address) = &new.address_hash {
            let since = new.received_at - 3600;
            let recent = sqlx::query(
                "SELECT COUNT(*) AS n FROM consultation_responses \
                 WHERE consultation_id = $1 AND address_hash = $2 AND received_at > $3",
            )
            .bind(consultation_id)
            .bind(address.clone())
            .bind(since)
            .fetch_one(&mut **tx)
            .await
            .map_err(backend_error)?;
            if get::<i64>(&recent, "n")?.max(0) as u64 >= response::PER_ADDRESS_PER_HOUR {
                return Ok(Received::TooMany);
            }
            // The same answers from the same connection: kept, but held back from the counts.
            let row = sqlx::query(
                "SELECT COUNT(*) AS n FROM consultation_responses \
                 WHERE consultation_id = $1 AND content_hash = $2 AND held IS NULL AND address_hash = $3",
            )
            .bind(consultation_id)
            .bind(new.content_hash.clone())
            .bind(address.clone())
            .fetch_one(&mut **tx)
            .await
            .map_err(backend_error)?;
            if held.is_none() && get::<i64>(&row, "n")? > 0 {
                held = Some("The same answers were sent before from the same connection".into());
            }
        }
        let answers = to_json(&new.input.answers)?;
        let personal = if new.input.respondent.is_empty() {
            None
        } else {
            Some(to_json(&new.input.respondent)?)
        };
        let row = sqlx::query(
            "INSERT INTO consultation_responses (org_id, consultation_id, submission_key, channel, answers, personal, personal_until, address_hash, content_hash, held, keyed_by, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
             ON CONFLICT (consultation_id, submission_key) DO NOTHING RETURNING id",
        )
        .bind(org)
        .bind(consultation_id)
        .bind(new.submission_key.clone())
        .bind(new.channel.key())
        .bind(answers)
        .bind(personal)
        .bind(new.personal_until)
        .bind(new.address_hash.clone())
        .bind(new.content_hash.clone())
        .bind(held.clone())
        .bind(new.keyed_by_user)
        .bind(new.received_at)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend_error)?;
        let Some(row) = row else {
            // Another request with the same key was kept in the meantime (PostgreSQL).
            drop(tx);
            let mut read = self.begin_read().await?;
            return one_response(&mut read, consultation_id, &new.submission_key)
                .await?
                .map(Received::Again)
                .ok_or(StoreError::NotFound("response"));
        };
        let id: i64 = get(&row, "id")?;
        for (c, code) in &new.input.monitoring {
            sqlx::query(
                "INSERT INTO consultation_monitoring (response_id, consultation_id, characteristic, code) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(consultation_id)
            .bind(c.key())
            .bind(i64::from(*code))
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        }
        if new.keyed_by_user.is_some() {
            records::audit(
                &mut tx,
                Some(org),
                actor,
                "consultation response",
                id,
                "create",
                None,
                Some(new.channel.key()),
            )
            .await?;
        }
        let kept = one_response(&mut tx, consultation_id, &new.submission_key)
            .await?
            .ok_or(StoreError::NotFound("response"))?;
        self.commit(tx).await?;
        Ok(Received::Kept(kept))
    }

    async fn responses(
        &self,
        org: i64,
        consultation_id: i64,
    ) -> StoreResult<Vec<ConsultationResponse>> {
        let rows = sqlx::query(concat!(
            select_responses!(),
            "WHERE r.consultation_id = $1 AND r.org_id = $2 ORDER BY r.id"
        ))
        .bind(consultation_id)
        .bind(org)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        rows.iter().map(response_row).collect()
    }

    async fn response_by_key(
        &self,
        org: i64,
        consultation_id: i64,
        key: &str,
    ) -> StoreResult<Option<ConsultationResponse>> {
        let mut tx = self.begin_read().await?;
        let found = one_response(&mut tx, consultation_id, key).await?;
        // The consultation's organisation, so one body's page cannot show another's response.
        let own = sqlx::query("SELECT id FROM consultations WHERE id = $1 AND org_id = $2")
            .bind(consultation_id)
            .bind(org)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend_error)?;
        Ok(found.filter(|_| own.is_some()))
    }

    async fn response_counts(&self, org: i64) -> StoreResult<Vec<(i64, u64, u64)>> {
        let rows = sqlx::query(
            "SELECT consultation_id, \
             SUM(CASE WHEN held IS NULL THEN 1 ELSE 0 END) AS counted, \
             SUM(CASE WHEN held IS NULL THEN 0 ELSE 1 END) AS held \
             FROM consultation_responses WHERE org_id = $1 GROUP BY consultation_id",
        )
        .bind(org)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        rows.iter()
            .map(|r| {
                Ok((
                    get(r, "consultation_id")?,
                    get::<i64>(r, "counted")?.max(0) as u64,
                    get::<i64>(r, "held")?.max(0) as u64,
                ))
            })
            .collect()
    }

    async fn monitoring_counts(
        &self,
        org: i64,
        consultation_id: i64,
    ) -> StoreResult<MonitoringCounts> {
        let mut tx = self.begin_read().await?;
        let total = sqlx::query(
            "SELECT COUNT(*) AS n FROM consultation_responses WHERE consultation_id = $1 AND org_id = $2 AND held IS NULL",
        )
        .bind(consultation_id)
        .bind(org)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend_error)?;
        let rows = sqlx::query(
            "SELECT m.characteristic, m.code, COUNT(*) AS n FROM consultation_monitoring m \
             JOIN consultation_responses r ON r.id = m.response_id \
             WHERE m.consultation_id = $1 AND r.org_id = $2 AND r.held IS NULL \
             GROUP BY m.characteristic, m.code ORDER BY m.characteristic, m.code",
        )
        .bind(consultation_id)
        .bind(org)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend_error)?;
        let mut counts = Vec::new();
        for r in &rows {
            let key: String = get(r, "characteristic")?;
            let code: i64 = get(r, "code")?;
            let n: i64 = get(r, "n")?;
            if let (Some(c), Ok(code)) =
                (response::characteristic_from_key(&key), u8::try_from(code))
            {
                counts.push((c, code, n.max(0) as u64));
            }
        }
        Ok(MonitoringCounts {
            respondents: get::<i64>(&total, "n")?.max(0) as u64,
            counts,
        })
    }

    async fn code_response(
        &self,
        actor: &Actor,
        org: i64,
        consultation_id: i64,
        coding: NewCoding<'_>,
    ) -> StoreResult<()> {
        let NewCoding {
            response_id,
            coder_id,
            codes,
            at: now,
        } = coding;
        let mut tx = self.begin().await?;
        let found = sqlx::query(
            "SELECT r.id FROM consultation_responses r JOIN consultations c ON c.id = r.consultation_id \
             WHERE r.id = $1 AND r.consultation_id = $2 AND c.org_id = $3",
        )
        .bind(response_id)
        .bind(consultation_id)
        .bind(org)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend_error)?;
        if found.is_none() {
            return Err(StoreError::NotFound("response"));
        }
        let codes = to_json(&codes)?;
        sqlx::query("DELETE FROM response_codings WHERE response_id = $1 AND coder_id = $2")
            .bind(response_id)
            .bind(coder_id)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        sqlx::query(
            "INSERT INTO response_codings (response_id, consultation_id, coder_id, codes, coded_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(response_id)
        .bind(consultation_id)
        .bind(coder_id)
        .bind(codes.clone())
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
        records::audit(
            &mut tx,
            Some(org),
            actor,
            "consultation response",
            response_id,
            "code",
            None,
            Some(&codes),
        )
        .await?;
        self.commit(tx).await
    }

    async fn codings(&self, org: i64, consultation_id: i64) -> StoreResult<Vec<Coding>> {
        let rows = sqlx::query(
            "SELECT k.response_id, k.coder_id, k.codes, k.coded_at, u.name AS coder FROM response_codings k \
             JOIN consultations c ON c.id = k.consultation_id JOIN users u ON u.id = k.coder_id \
             WHERE k.consultation_id = $1 AND c.org_id = $2 ORDER BY k.response_id, k.coder_id",
        )
        .bind(consultation_id)
        .bind(org)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        rows.iter()
            .map(|r| {
                Ok(Coding {
                    response_id: get(r, "response_id")?,
                    coder_id: get(r, "coder_id")?,
                    coder: get(r, "coder")?,
                    codes: from_json(&RESPONSES, &get::<String>(r, "codes")?)?,
                    coded_at: get(r, "coded_at")?,
                })
            })
            .collect()
    }

    async fn engagement_events(&self, org: i64) -> StoreResult<Vec<EngagementEvent>> {
        self.records::<EngagementFields>(org).await
    }

    async fn engagement_event(&self, org: i64, id: i64) -> StoreResult<EngagementEvent> {
        self.record::<EngagementFields>(org, id).await
    }

    async fn create_engagement_event(
        &self,
        actor: &Actor,
        org: i64,
        fields: EngagementFields,
    ) -> StoreResult<EngagementEvent> {
        self.add(actor, org, fields).await
    }

    async fn update_engagement_event(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: EngagementFields,
    ) -> StoreResult<EngagementEvent> {
        self.put(actor, org, id, version, fields).await
    }

    async fn save_draft(
        &self,
        consultation_id: i64,
        token_hash: &str,
        fields: &[(String, String)],
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM response_drafts WHERE token_hash = $1")
            .bind(token_hash.to_string())
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        sqlx::query(
            "INSERT INTO response_drafts (consultation_id, token_hash, fields, saved_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(consultation_id)
        .bind(token_hash.to_string())
        .bind(to_json(&fields)?)
        .bind(now)
        .bind(expires_at)
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
        self.commit(tx).await
    }

    async fn draft(
        &self,
        consultation_id: i64,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<Vec<(String, String)>>> {
        let row = sqlx::query(
            "SELECT fields FROM response_drafts WHERE consultation_id = $1 AND token_hash = $2 AND expires_at > $3",
        )
        .bind(consultation_id)
        .bind(token_hash.to_string())
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend_error)?;
        row.map(|r| from_json(&RESPONSES, &get::<String>(&r, "fields")?))
            .transpose()
    }

    async fn delete_draft(&self, consultation_id: i64, token_hash: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM response_drafts WHERE consultation_id = $1 AND token_hash = $2")
            .bind(consultation_id)
            .bind(token_hash.to_string())
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        self.commit(tx).await
    }

    async fn monitoring_links(
        &self,
        org: i64,
        consultation_id: i64,
        characteristic: response::Characteristic,
    ) -> StoreResult<Vec<(i64, u8)>> {
        let rows = sqlx::query(
            "SELECT m.response_id, m.code FROM consultation_monitoring m \
             JOIN consultation_responses r ON r.id = m.response_id \
             WHERE m.consultation_id = $1 AND r.org_id = $2 AND r.held IS NULL AND m.characteristic = $3",
        )
        .bind(consultation_id)
        .bind(org)
        .bind(characteristic.key())
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        rows.iter()
            .filter_map(|r| {
                let code = u8::try_from(get::<i64>(r, "code").ok()?).ok()?;
                Some(get::<i64>(r, "response_id").map(|id| (id, code)))
            })
            .collect()
    }

    async fn forget_contact_details(&self, now: i64) -> StoreResult<u64> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM response_drafts WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        let done = sqlx::query(
            "UPDATE consultation_responses SET personal = NULL WHERE personal IS NOT NULL AND personal_until <= $1",
        )
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?
        .rows_affected();
        if done > 0 {
            records::audit(
                &mut tx,
                None,
                &Actor {
                    user_id: None,
                    name: "Keeping contact details".into(),
                },
                "consultation response",
                0,
                "forget contact details",
                None,
                Some(&done.to_string()),
            )
            .await?;
        }
        self.commit(tx).await?;
        Ok(done)
    }
}
