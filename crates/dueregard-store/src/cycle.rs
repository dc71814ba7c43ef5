//! Background jobs held by leases, the mail outbox and people's mail choices. Every claim is a
//! single conditional UPDATE: whichever instance's write lands first holds the lease, and the
//! other sees no row changed. None of this changes records, so it is not counted as a change
//! for the page caches.

use crate::backend_error;
use crate::records::{self, Tx, get};
use crate::sql_store::SqlStore;
use async_trait::async_trait;
use dueregard_core::mail::{
    JobRun, JobState, MailKind, MailSettings, MailState, OutgoingMail, QueuedMail,
};
use dueregard_core::store::{Actor, CycleStore, StoreError, StoreResult};
use sqlx::any::AnyRow;

/// Makes the job's row, due now, if it has none yet.
async fn job_row(tx: &mut Tx<'_>, name: &str, now: i64) -> StoreResult<()> {
    sqlx::query("INSERT INTO jobs (name, due_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name.to_string())
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
    Ok(())
}

fn job_run(row: &AnyRow) -> StoreResult<JobRun> {
    Ok(JobRun {
        id: get(row, "id")?,
        job: get(row, "job")?,
        instance: get(row, "instance")?,
        started_at: get(row, "started_at")?,
        finished_at: get(row, "finished_at")?,
        outcome: get(row, "outcome")?,
        summary: get(row, "summary")?,
    })
}

fn queued(row: &AnyRow) -> StoreResult<QueuedMail> {
    let kind: String = get(row, "kind")?;
    let state: String = get(row, "state")?;
    let bad = |what: &str| StoreError::Backend(format!("the outbox holds an unknown {what}"));
    Ok(QueuedMail {
        id: get(row, "id")?,
        key: get(row, "message_key")?,
        org_id: get(row, "org_id")?,
        user_id: get(row, "user_id")?,
        to: get(row, "recipient")?,
        kind: MailKind::from_key(&kind).ok_or_else(|| bad("kind of mail"))?,
        subject: get(row, "subject")?,
        text: get(row, "text_body")?,
        html: get(row, "html_body")?,
        state: MailState::from_key(&state).ok_or_else(|| bad("state"))?,
        attempts: get(row, "attempts")?,
        created_at: get(row, "created_at")?,
        sent_at: get(row, "sent_at")?,
        last_error: get(row, "last_error")?,
    })
}

fn kinds_text(kinds: &[MailKind]) -> String {
    kinds.iter().map(|k| k.key()).collect::<Vec<_>>().join(",")
}

fn kinds_of(text: &str) -> Vec<MailKind> {
    text.split(',').filter_map(MailKind::from_key).collect()
}

#[async_trait]
impl CycleStore for SqlStore {
    async fn claim_job(
        &self,
        name: &str,
        instance: &str,
        now: i64,
        lease_seconds: i64,
    ) -> StoreResult<Option<i64>> {
        let mut tx = self.begin().await?;
        job_row(&mut tx, name, now).await?;
        let taken = sqlx::query(
            "UPDATE jobs SET lease_owner = $1, lease_until = $2 WHERE name = $3 AND due_at <= $4 \
             AND (lease_until IS NULL OR lease_until < $4)",
        )
        .bind(instance.to_string())
        .bind(now + lease_seconds)
        .bind(name.to_string())
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
        if taken.rows_affected() != 1 {
            tx.commit().await.map_err(backend_error)?;
            return Ok(None);
        }
        // A run whose instance died never finished: say so, so the page does not show it running.
        sqlx::query(
            "UPDATE job_runs SET outcome = 'failed', summary = 'The instance running it stopped before it finished.' \
             WHERE job = $1 AND outcome = 'running'",
        )
        .bind(name.to_string())
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
        let row = sqlx::query(
            "INSERT INTO job_runs (job, instance, started_at, outcome, summary) \
             VALUES ($1, $2, $3, 'running', '') RETURNING id",
        )
        .bind(name.to_string())
        .bind(instance.to_string())
        .bind(now)
        .fetch_one(&mut **tx)
        .await
        .map_err(backend_error)?;
        let run: i64 = get(&row, "id")?;
        tx.commit().await.map_err(backend_error)?;
        Ok(Some(run))
    }

    async fn make_job_due(&self, name: &str, now: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        job_row(&mut tx, name, now).await?;
        sqlx::query("UPDATE jobs SET due_at = $1 WHERE name = $2 AND due_at > $1")
            .bind(now)
            .bind(name.to_string())
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        tx.commit().await.map_err(backend_error)
    }

    async fn renew_job(&self, name: &str, instance: &str, until: i64) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let renewed =
            sqlx::query("UPDATE jobs SET lease_until = $1 WHERE name = $2 AND lease_owner = $3")
                .bind(until)
                .bind(name.to_string())
                .bind(instance.to_string())
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        tx.commit().await.map_err(backend_error)?;
        Ok(renewed.rows_affected() == 1)
    }

    async fn finish_job(
        &self,
        run: i64,
        name: &str,
        instance: &str,
        now: i64,
        outcome: Result<String, String>,
        next_due: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let (word, summary, attempts) = match outcome {
            Ok(s) => ("done", s, "0"),
            Err(e) => ("failed", e, "attempts + 1"),
        };
        let held = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE jobs SET due_at = $1, lease_owner = NULL, lease_until = NULL, attempts = {attempts} \
             WHERE name = $2 AND lease_owner = $3"
        )))
        .bind(next_due)
        .bind(name.to_string())
        .bind(instance.to_string())
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
        // A run that outlived its lease still did what it did; the job is left to its new holder.
        let summary = if held.rows_affected() == 1 {
            summary
        } else {
            format!("Finished after another instance had taken the job over. {summary}")
        };
        sqlx::query(
            "UPDATE job_runs SET finished_at = $1, outcome = $2, summary = $3 WHERE id = $4",
        )
        .bind(now)
        .bind(word)
        .bind(summary)
        .bind(run)
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
        tx.commit().await.map_err(backend_error)
    }

    async fn jobs(&self) -> StoreResult<Vec<JobState>> {
        let rows = sqlx::query("SELECT * FROM jobs ORDER BY name")
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?;
        rows.iter()
            .map(|r| {
                Ok(JobState {
                    name: get(r, "name")?,
                    due_at: get(r, "due_at")?,
                    lease_owner: get(r, "lease_owner")?,
                    lease_until: get(r, "lease_until")?,
                    attempts: get(r, "attempts")?,
                })
            })
            .collect()
    }

    async fn job_runs(&self, name: &str, limit: i64) -> StoreResult<Vec<JobRun>> {
        let rows = sqlx::query("SELECT * FROM job_runs WHERE job = $1 ORDER BY id DESC LIMIT $2")
            .bind(name.to_string())
            .bind(limit)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?;
        rows.iter().map(job_run).collect()
    }

    async fn queue_mail(&self, mail: &[OutgoingMail], now: i64) -> StoreResult<usize> {
        let mut tx = self.begin().await?;
        let mut added = 0;
        for m in mail {
            let done = sqlx::query(
                "INSERT INTO outbox (message_key, org_id, user_id, recipient, kind, subject, text_body, html_body, state, next_try, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued', $9, $9) ON CONFLICT (message_key) DO NOTHING",
            )
            .bind(m.key.clone())
            .bind(m.org_id)
            .bind(m.user_id)
            .bind(m.to.clone())
            .bind(m.kind.key())
            .bind(m.subject.clone())
            .bind(m.text.clone())
            .bind(m.html.clone())
            .bind(now)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
            added += done.rows_affected() as usize;
        }
        tx.commit().await.map_err(backend_error)?;
        Ok(added)
    }

    async fn claim_mail(
        &self,
        instance: &str,
        now: i64,
        lease_seconds: i64,
    ) -> StoreResult<Option<QueuedMail>> {
        let mut tx = self.begin().await?;
        let next = sqlx::query(
            "SELECT id FROM outbox WHERE state = 'queued' AND next_try <= $1 \
             AND (lease_until IS NULL OR lease_until < $1) ORDER BY next_try, id LIMIT 1",
        )
        .bind(now)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend_error)?;
        let Some(next) = next else {
            tx.commit().await.map_err(backend_error)?;
            return Ok(None);
        };
        let id: i64 = get(&next, "id")?;
        // The same condition again: another instance may have taken it since the SELECT.
        let row = sqlx::query(
            "UPDATE outbox SET lease_owner = $1, lease_until = $2, attempts = attempts + 1 \
             WHERE id = $3 AND state = 'queued' AND (lease_until IS NULL OR lease_until < $4) RETURNING *",
        )
        .bind(instance.to_string())
        .bind(now + lease_seconds)
        .bind(id)
        .bind(now)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend_error)?;
        tx.commit().await.map_err(backend_error)?;
        row.as_ref().map(queued).transpose()
    }

    async fn mail_done(
        &self,
        id: i64,
        instance: &str,
        now: i64,
        state: MailState,
        error: Option<&str>,
        retry_at: Option<i64>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let (state, next_try) = match (state, retry_at) {
            (MailState::Failed, Some(at)) => (MailState::Queued, at),
            (s, _) => (s, now),
        };
        let keep_body = state == MailState::Queued;
        sqlx::query(
            "UPDATE outbox SET state = $1, next_try = $2, lease_owner = NULL, lease_until = NULL, \
             sent_at = CASE WHEN $1 = 'sent' THEN $3 ELSE sent_at END, last_error = $4, \
             text_body = CASE WHEN $5 = 1 THEN text_body ELSE '' END, \
             html_body = CASE WHEN $5 = 1 THEN html_body ELSE '' END \
             WHERE id = $6 AND lease_owner = $7",
        )
        .bind(state.key())
        .bind(next_try)
        .bind(now)
        .bind(error.map(str::to_string))
        .bind(i64::from(keep_body))
        .bind(id)
        .bind(instance.to_string())
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
        tx.commit().await.map_err(backend_error)
    }

    async fn outbox(&self, org: Option<i64>, limit: i64) -> StoreResult<Vec<QueuedMail>> {
        let rows = match org {
            Some(org) => {
                sqlx::query("SELECT * FROM outbox WHERE org_id = $1 ORDER BY id DESC LIMIT $2")
                    .bind(org)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await
            }
            None => {
                sqlx::query("SELECT * FROM outbox ORDER BY id DESC LIMIT $1")
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await
            }
        }
        .map_err(backend_error)?;
        rows.iter().map(queued).collect()
    }

    async fn mail_settings(&self, user_id: i64, new_token: &str) -> StoreResult<MailSettings> {
        let read = |row: &AnyRow| -> StoreResult<MailSettings> {
            Ok(MailSettings {
                user_id,
                unsubscribe_token: get(row, "unsubscribe_token")?,
                turned_off: kinds_of(&get::<String>(row, "turned_off")?),
            })
        };
        let select = "SELECT * FROM mail_settings WHERE user_id = $1";
        let found = sqlx::query(select)
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?;
        if let Some(row) = found {
            return read(&row);
        }
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO mail_settings (user_id, unsubscribe_token, turned_off) VALUES ($1, $2, '') \
             ON CONFLICT (user_id) DO NOTHING",
        )
        .bind(user_id)
        .bind(new_token.to_string())
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
        let row = sqlx::query(select)
            .bind(user_id)
            .fetch_one(&mut **tx)
            .await
            .map_err(backend_error)?;
        tx.commit().await.map_err(backend_error)?;
        read(&row)
    }

    async fn set_mail_turned_off(
        &self,
        actor: &Actor,
        user_id: i64,
        turned_off: &[MailKind],
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let kept: Vec<MailKind> = turned_off
            .iter()
            .copied()
            .filter(|k| k.optional())
            .collect();
        let done = sqlx::query("UPDATE mail_settings SET turned_off = $1 WHERE user_id = $2")
            .bind(kinds_text(&kept))
            .bind(user_id)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound("mail settings"));
        }
        let org: Option<i64> = sqlx::query("SELECT org_id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut **tx)
            .await
            .map_err(backend_error)?
            .map(|r| get(&r, "org_id"))
            .transpose()?;
        records::audit(
            &mut tx,
            org,
            actor,
            "user",
            user_id,
            "mail choices changed",
            None,
            None,
        )
        .await?;
        tx.commit().await.map_err(backend_error)
    }

    async fn unsubscribe(&self, token: &str, kind: MailKind) -> StoreResult<Option<i64>> {
        if !kind.optional() {
            return Ok(None);
        }
        let found = sqlx::query("SELECT * FROM mail_settings WHERE unsubscribe_token = $1")
            .bind(token.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?;
        let Some(row) = found else {
            return Ok(None);
        };
        let user_id: i64 = get(&row, "user_id")?;
        let mut off = kinds_of(&get::<String>(&row, "turned_off")?);
        if !off.contains(&kind) {
            off.push(kind);
        }
        let actor = Actor {
            user_id: Some(user_id),
            name: "Unsubscribe link".into(),
        };
        self.set_mail_turned_off(&actor, user_id, &off).await?;
        Ok(Some(user_id))
    }
}
