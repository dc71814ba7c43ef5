//! Users, sign-in sessions, failed sign-ins and API tokens.

use crate::records::{self, check_ids, get, to_json};
use crate::sql_store::SqlStore;
use crate::{backend_error, organisations::nation};
use async_trait::async_trait;
use dueregard_core::account::{
    ApiToken, AttemptHistory, NewUser, SessionRecord, SignInThrottle, User,
};
use dueregard_core::org::Organisation;
use dueregard_core::store::{AccountStore, Actor, StoreError, StoreResult};
use dueregard_core::validate::ValidationErrors;
use dueregard_core::vocab::Role;
use sqlx::any::AnyRow;

#[async_trait]
impl AccountStore for SqlStore {
    async fn create_user(&self, actor: &Actor, org: i64, new: NewUser) -> StoreResult<User> {
        let mut tx = self.begin().await?;
        let mut e = ValidationErrors::new();
        check_ids(
            &mut tx,
            &mut e,
            "people",
            org,
            new.person_id.as_slice(),
            None,
            "person_id",
            "Select a person of this organisation",
        )
        .await?;
        let taken = sqlx::query("SELECT id FROM users WHERE email = $1")
            .bind(new.email.clone())
            .fetch_optional(&mut **tx)
            .await
            .map_err(backend_error)?;
        if taken.is_some() {
            e.add("email", "A user with this email address already exists");
        }
        if !e.is_empty() {
            return Err(StoreError::Invalid(e));
        }
        let row = sqlx::query("INSERT INTO users (org_id, email, name, role, person_id, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(org)
            .bind(new.email.clone())
            .bind(new.name.clone())
            .bind(new.role.key())
            .bind(new.person_id)
            .bind(new.password_hash.clone())
            .bind(records::now())
            .fetch_one(&mut **tx)
            .await
            .map_err(backend_error)?;
        let id: i64 = get(&row, "id")?;
        let created = User {
            id,
            org_id: org,
            email: new.email,
            name: new.name,
            role: new.role,
            person_id: new.person_id,
            disabled: false,
        };
        // The password hash stays out of the audit trail.
        records::audit(
            &mut tx,
            Some(org),
            actor,
            "user",
            id,
            "create",
            None,
            Some(&to_json(&created)?),
        )
        .await?;
        self.commit(tx).await?;
        Ok(created)
    }

    async fn users(&self, org: i64) -> StoreResult<Vec<User>> {
        let rows = sqlx::query("SELECT * FROM users WHERE org_id = $1 ORDER BY name")
            .bind(org)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?;
        rows.iter().map(user).collect()
    }

    async fn user(&self, id: i64) -> StoreResult<User> {
        let row = sqlx::query("SELECT * FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?;
        user(&row.ok_or(StoreError::NotFound("user"))?)
    }

    async fn user_credentials(&self, email: &str) -> StoreResult<Option<(User, String)>> {
        let row = sqlx::query("SELECT * FROM users WHERE email = $1 AND disabled_at IS NULL")
            .bind(email.to_lowercase())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?;
        match row {
            Some(r) => Ok(Some((user(&r)?, get(&r, "password_hash")?))),
            None => Ok(None),
        }
    }

    async fn create_session(&self, s: SessionRecord) -> StoreResult<()> {
        sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, started_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(s.token_hash)
            .bind(s.user_id)
            .bind(s.csrf_token)
            .bind(s.expires_at)
            .bind(jiff::Timestamp::now().as_second())
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        self.count_change();
        Ok(())
    }

    async fn session(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<(User, Organisation, String)>> {
        let row = sqlx::query(
            "SELECT u.*, s.csrf_token, o.slug AS org_slug, o.name AS org_name, o.nation AS org_nation, o.headcount AS org_headcount \
             FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.org_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL",
        )
            .bind(token_hash.to_string())
            .bind(now)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?;
        let Some(r) = row else { return Ok(None) };
        let user = user(&r)?;
        let org = Organisation {
            id: user.org_id,
            slug: get(&r, "org_slug")?,
            name: get(&r, "org_name")?,
            nation: nation(&get::<String>(&r, "org_nation")?)?,
            headcount: get(&r, "org_headcount")?,
        };
        Ok(Some((user, org, get(&r, "csrf_token")?)))
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash.to_string())
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        self.count_change();
        Ok(())
    }

    async fn begin_sign_in(
        &self,
        email: &str,
        address: &str,
        attempt: &str,
        now: i64,
        throttle: &SignInThrottle,
    ) -> StoreResult<Option<i64>> {
        let keys = attempt_keys(email, address);
        let since = now - throttle.window_seconds;
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM login_failures WHERE at < $1")
            .bind(since)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        let mut seen = [(0i64, None::<i64>); 3];
        for (slot, key) in seen.iter_mut().zip(&keys) {
            let row = sqlx::query(
                "SELECT COUNT(*) AS n, MAX(at) AS latest FROM login_failures WHERE login_key = $1",
            )
            .bind(key.clone())
            .fetch_one(&mut **tx)
            .await
            .map_err(backend_error)?;
            *slot = (get(&row, "n")?, get(&row, "latest")?);
        }
        let history = AttemptHistory {
            pair: seen[0].0,
            pair_latest: seen[0].1,
            address: seen[1].0,
            account: seen[2].0,
        };
        if let Some(wait) = throttle.wait(&history, now) {
            tx.commit().await.map_err(backend_error)?;
            return Ok(Some(wait));
        }
        for key in &keys {
            sqlx::query("INSERT INTO login_failures (login_key, at, attempt) VALUES ($1, $2, $3)")
                .bind(key.clone())
                .bind(now)
                .bind(attempt.to_string())
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        // Not a change anyone's cached pages depend on.
        tx.commit().await.map_err(backend_error)?;
        Ok(None)
    }

    async fn sign_in_succeeded(
        &self,
        email: &str,
        address: &str,
        attempt: &str,
    ) -> StoreResult<()> {
        let [pair, ..] = attempt_keys(email, address);
        sqlx::query("DELETE FROM login_failures WHERE attempt = $1 OR login_key = $2")
            .bind(attempt.to_string())
            .bind(pair)
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    async fn create_token(
        &self,
        actor: &Actor,
        user_id: i64,
        name: &str,
        token_hash: &str,
    ) -> StoreResult<ApiToken> {
        let owner = self.user(user_id).await?;
        let mut tx = self.begin().await?;
        let row = sqlx::query("INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(user_id)
            .bind(name.to_string())
            .bind(token_hash.to_string())
            .bind(records::now())
            .fetch_one(&mut **tx)
            .await
            .map_err(backend_error)?;
        let id: i64 = get(&row, "id")?;
        let created = token(
            &sqlx::query("SELECT * FROM api_tokens WHERE id = $1")
                .bind(id)
                .fetch_one(&mut **tx)
                .await
                .map_err(backend_error)?,
        )?;
        records::audit(
            &mut tx,
            Some(owner.org_id),
            actor,
            "api token",
            id,
            "create",
            None,
            Some(&to_json(&created)?),
        )
        .await?;
        self.commit(tx).await?;
        Ok(created)
    }

    async fn tokens(&self, user_id: i64) -> StoreResult<Vec<ApiToken>> {
        let rows = sqlx::query("SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY id")
            .bind(user_id)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?;
        rows.iter().map(token).collect()
    }

    async fn revoke_token(&self, actor: &Actor, user_id: i64, token_id: i64) -> StoreResult<()> {
        let owner = self.user(user_id).await?;
        let mut tx = self.begin().await?;
        let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
            .bind(records::now())
            .bind(token_id)
            .bind(user_id)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound("API token"));
        }
        records::audit(
            &mut tx,
            Some(owner.org_id),
            actor,
            "api token",
            token_id,
            "revoke",
            None,
            None,
        )
        .await?;
        self.commit(tx).await?;
        Ok(())
    }

    async fn token_user(&self, token_hash: &str) -> StoreResult<Option<User>> {
        let row = sqlx::query("SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL")
            .bind(token_hash.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?;
        row.as_ref().map(user).transpose()
    }
}

pub(crate) fn user(r: &AnyRow) -> StoreResult<User> {
    let role: String = get(r, "role")?;
    Ok(User {
        id: get(r, "id")?,
        org_id: get(r, "org_id")?,
        email: get(r, "email")?,
        name: get(r, "name")?,
        role: Role::from_key(&role)
            .ok_or_else(|| StoreError::Backend(format!("unknown role '{role}'")))?,
        person_id: get(r, "person_id")?,
        disabled: get::<Option<String>>(r, "disabled_at")?.is_some(),
    })
}

fn token(r: &AnyRow) -> StoreResult<ApiToken> {
    Ok(ApiToken {
        id: get(r, "id")?,
        user_id: get(r, "user_id")?,
        name: get(r, "name")?,
        created_at: get(r, "created_at")?,
        revoked_at: get(r, "revoked_at")?,
    })
}

/// What one attempt counts against: its account from its address, its address, its account.
fn attempt_keys(email: &str, address: &str) -> [String; 3] {
    let email = email.trim().to_lowercase();
    [
        format!("pair {email} {address}"),
        format!("address {address}"),
        format!("account {email}"),
    ]
}
