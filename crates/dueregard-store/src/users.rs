//! Running accounts: roles, disabling, passwords and sessions. Each change and its audit entry
//! share a transaction, and none may leave an organisation without an enabled administrator.

use crate::accounts::user;
use crate::backend_error;
use crate::records::{self, Tx, check_ids, get, to_json};
use crate::sql_store::SqlStore;
use async_trait::async_trait;
use dueregard_core::account::{SessionSummary, User};
use dueregard_core::store::{Actor, StoreError, StoreResult, UserAdminStore};
use dueregard_core::validate::ValidationErrors;
use dueregard_core::vocab::Role;

/// How many characters of a session's hash name it.
const SESSION_ID: usize = 16;

fn refused(field: &str, message: &str) -> StoreError {
    StoreError::Invalid(ValidationErrors::single(field, message))
}

/// The user, in this organisation, read in the write's transaction.
async fn user_in(tx: &mut Tx<'_>, org: i64, id: i64) -> StoreResult<User> {
    let row = sqlx::query("SELECT * FROM users WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(org)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend_error)?
        .ok_or(StoreError::NotFound("user"))?;
    user(&row)
}

/// Refuses a change that would leave the organisation with no enabled administrator.
async fn keeps_an_administrator(tx: &mut Tx<'_>, org: i64, without: i64) -> StoreResult<()> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM users WHERE org_id = $1 AND role = $2 AND disabled_at IS NULL AND id <> $3",
    )
    .bind(org)
    .bind(Role::Administrator.key())
    .bind(without)
    .fetch_one(&mut **tx)
    .await
    .map_err(backend_error)?;
    if get::<i64>(&row, "n")? == 0 {
        return Err(refused(
            "role",
            "This is the organisation's last administrator. Make someone else an administrator first",
        ));
    }
    Ok(())
}

async fn end_sessions(tx: &mut Tx<'_>, user_id: i64, keep: Option<&str>) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep.unwrap_or("").to_string())
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
    Ok(())
}

/// Replaces an enabled user's password and ends their sessions (but `keep`), in the write's
/// transaction, with its audit entry. `actor` is `None` when the user does it themselves.
async fn replace_password(
    tx: &mut Tx<'_>,
    actor: Option<&Actor>,
    user_id: i64,
    password_hash: &str,
    keep: Option<&str>,
    change: &str,
) -> StoreResult<User> {
    let row = sqlx::query("SELECT * FROM users WHERE id = $1 AND disabled_at IS NULL")
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend_error)?
        .ok_or(StoreError::NotFound("user"))?;
    let who = user(&row)?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash.to_string())
        .bind(user_id)
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
    end_sessions(tx, user_id, keep).await?;
    let themselves = Actor {
        user_id: Some(user_id),
        name: who.name.clone(),
    };
    let actor = actor.unwrap_or(&themselves);
    records::audit(
        tx,
        Some(who.org_id),
        actor,
        "user",
        user_id,
        change,
        None,
        None,
    )
    .await?;
    Ok(who)
}

#[async_trait]
impl UserAdminStore for SqlStore {
    async fn change_user(
        &self,
        actor: &Actor,
        org: i64,
        user_id: i64,
        role: Role,
        person_id: Option<i64>,
    ) -> StoreResult<User> {
        let mut tx = self.begin().await?;
        let before = user_in(&mut tx, org, user_id).await?;
        if before.role == Role::Administrator && role != Role::Administrator && !before.disabled {
            keeps_an_administrator(&mut tx, org, user_id).await?;
        }
        let mut e = ValidationErrors::new();
        if let Some(p) = person_id {
            check_ids(
                &mut tx,
                &mut e,
                "people",
                org,
                &[p],
                None,
                "person_id",
                "Choose a person in this organisation",
            )
            .await?;
        }
        if role == Role::LeadOfficer && person_id.is_none() {
            e.add(
                "person_id",
                "Choose the person this lead officer is, so they see the actions they lead",
            );
        }
        e.finish(()).map_err(StoreError::Invalid)?;
        sqlx::query("UPDATE users SET role = $1, person_id = $2 WHERE id = $3")
            .bind(role.key())
            .bind(person_id)
            .bind(user_id)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        let after = User {
            role,
            person_id,
            ..before.clone()
        };
        records::audit(
            &mut tx,
            Some(org),
            actor,
            "user",
            user_id,
            "update",
            Some(&to_json(&before)?),
            Some(&to_json(&after)?),
        )
        .await?;
        self.commit(tx).await?;
        Ok(after)
    }

    async fn set_user_disabled(
        &self,
        actor: &Actor,
        org: i64,
        user_id: i64,
        disabled: bool,
    ) -> StoreResult<User> {
        let mut tx = self.begin().await?;
        let before = user_in(&mut tx, org, user_id).await?;
        if disabled && before.role == Role::Administrator {
            keeps_an_administrator(&mut tx, org, user_id).await?;
        }
        let when = disabled.then(records::now);
        sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2")
            .bind(when)
            .bind(user_id)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        if disabled {
            end_sessions(&mut tx, user_id, None).await?;
        }
        let after = User {
            disabled,
            ..before.clone()
        };
        let change = if disabled { "disabled" } else { "enabled" };
        records::audit(
            &mut tx,
            Some(org),
            actor,
            "user",
            user_id,
            change,
            Some(&to_json(&before)?),
            Some(&to_json(&after)?),
        )
        .await?;
        self.commit(tx).await?;
        Ok(after)
    }

    async fn set_password(
        &self,
        actor: &Actor,
        user_id: i64,
        password_hash: &str,
        keep: Option<&str>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let change = "password changed";
        replace_password(&mut tx, Some(actor), user_id, password_hash, keep, change).await?;
        self.commit(tx).await
    }

    async fn create_password_reset(
        &self,
        actor: &Actor,
        org: i64,
        user_id: i64,
        token_hash: &str,
        expires_at: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        user_in(&mut tx, org, user_id).await?;
        sqlx::query("DELETE FROM password_resets WHERE user_id = $1 AND used_at IS NULL")
            .bind(user_id)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        sqlx::query(
            "INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash.to_string())
        .bind(user_id)
        .bind(expires_at)
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
        records::audit(
            &mut tx,
            Some(org),
            actor,
            "user",
            user_id,
            "password link made",
            None,
            None,
        )
        .await?;
        self.commit(tx).await
    }

    async fn password_reset_user(&self, token_hash: &str, now: i64) -> StoreResult<Option<User>> {
        let row = sqlx::query(
            "SELECT u.* FROM password_resets r JOIN users u ON u.id = r.user_id \
             WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND u.disabled_at IS NULL",
        )
        .bind(token_hash.to_string())
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend_error)?;
        row.as_ref().map(user).transpose()
    }

    async fn use_password_reset(
        &self,
        token_hash: &str,
        now: i64,
        password_hash: &str,
    ) -> StoreResult<User> {
        let mut tx = self.begin().await?;
        // Spent in the same step as it is checked, so a link works once however it is raced.
        let spent = sqlx::query(
            "UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
        )
        .bind(now)
        .bind(token_hash.to_string())
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend_error)?
        .ok_or_else(|| {
            refused(
                "password",
                "This link has been used or has expired. Ask your administrator for a new one",
            )
        })?;
        let user_id: i64 = get(&spent, "user_id")?;
        let change = "password set with a link";
        let who = replace_password(&mut tx, None, user_id, password_hash, None, change).await?;
        self.commit(tx).await?;
        Ok(who)
    }

    async fn user_sessions(&self, user_id: i64, now: i64) -> StoreResult<Vec<SessionSummary>> {
        let rows = sqlx::query(
            "SELECT token_hash, started_at, expires_at FROM sessions WHERE user_id = $1 AND expires_at > $2 ORDER BY expires_at DESC",
        )
        .bind(user_id)
        .bind(now)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        rows.iter()
            .map(|r| {
                let hash: String = get(r, "token_hash")?;
                Ok(SessionSummary {
                    id: hash.chars().take(SESSION_ID).collect(),
                    started_at: get(r, "started_at")?,
                    expires_at: get(r, "expires_at")?,
                })
            })
            .collect()
    }

    async fn end_session(&self, actor: &Actor, user_id: i64, id: &str) -> StoreResult<()> {
        if id.len() != SESSION_ID || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::NotFound("session"));
        }
        let mut tx = self.begin().await?;
        let row = sqlx::query("SELECT org_id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut **tx)
            .await
            .map_err(backend_error)?
            .ok_or(StoreError::NotFound("user"))?;
        let org: i64 = get(&row, "org_id")?;
        let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash LIKE $2")
            .bind(user_id)
            .bind(format!("{id}%"))
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        if ended.rows_affected() == 0 {
            return Err(StoreError::NotFound("session"));
        }
        records::audit(
            &mut tx,
            Some(org),
            actor,
            "user",
            user_id,
            "signed out",
            None,
            None,
        )
        .await?;
        self.commit(tx).await
    }
}
