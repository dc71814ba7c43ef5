//! Signing in: Argon2id password hashes, sessions in the database (so every instance shares them
//! and signing out takes effect at once), CSRF tokens on every form, personal access tokens for
//! the API, and throttling of sign-in attempts by account and client address together.

use crate::web::AppState;
use crate::web::error::AppError;
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use dueregard_core::account::User;
use dueregard_core::org::Organisation;
use dueregard_core::plan::Action;
use dueregard_core::vocab::Role;

pub use crate::web::session::SignedIn;

pub use crate::app::secrets::{
    dummy_hash, hash_password, now_seconds, random_token, same_secret, token_hash, verify_password,
};

pub const SESSION_COOKIE: &str = "dueregard_session";
pub const SIGN_IN_COOKIE: &str = "dueregard_sign_in";
/// Sessions last a working day.
pub const SESSION_SECONDS: i64 = 10 * 60 * 60;

/// The address a request came from: the configured trusted proxy's header (its last entry, the
/// one that proxy added) or else the connection's peer. Sign-in throttling is keyed on it.
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let from_proxy = state
            .client_address_header
            .as_ref()
            .and_then(|h| parts.headers.get(h))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|a| !a.is_empty());
        let address = match from_proxy {
            Some(a) => a.chars().take(64).collect(),
            None => parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string()),
        };
        Ok(ClientAddress(address))
    }
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A cookie only our pages can read. `secure` limits it to HTTPS: always so when the service is
/// reachable from other machines; left off only when it listens on loopback alone.
pub fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly{secure}; SameSite=Lax; Max-Age={max_age}")
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = crate::web::error::PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // The route's access check found the session already.
        if let Some(known) = parts.extensions.get::<SignedIn>() {
            return Ok(known.clone());
        }
        let secret = cookie(&parts.headers, SESSION_COOKIE).ok_or(AppError::SignInNeeded)?;
        let hash = token_hash(&secret);
        if let Some(known) = state.sessions.get(state.store.as_ref(), &hash) {
            return Ok(known);
        }
        let check = crate::web::cache::SessionCache::begin_check(state.store.as_ref());
        let (user, org, csrf) = state
            .store
            .session(&hash, now_seconds())
            .await?
            .ok_or(AppError::SignInNeeded)?;
        let session = SignedIn { user, org, csrf };
        state.sessions.put(&hash, session.clone(), check);
        Ok(session)
    }
}

/// A caller of the JSON API, identified by a personal access token.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub user: User,
    pub org: Organisation,
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = crate::web::error::ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(known) = parts.extensions.get::<ApiCaller>() {
            return Ok(known.clone());
        }
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or(AppError::SignInNeeded)?;
        // The scheme is case-insensitive (RFC 9110, section 11.1).
        let secret = match header.trim().split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
            _ => return Err(AppError::SignInNeeded.into()),
        };
        let user = state
            .store
            .token_user(&token_hash(secret))
            .await?
            .ok_or(AppError::SignInNeeded)?;
        let org = state.store.organisation(user.org_id).await?;
        Ok(ApiCaller { user, org })
    }
}

/// Lead officers report progress on the actions they lead; editors on any action.
pub fn can_update(user: &User, action: &Action) -> bool {
    may_update_led_by(user, &action.fields.lead_ids)
}

/// The same rule for an action known only by its lead officers.
pub fn may_update_led_by(user: &User, leads: &[i64]) -> bool {
    user.role.can_edit_everything()
        || (user.role == Role::LeadOfficer && user.person_id.is_some_and(|p| leads.contains(&p)))
}

pub fn require_update(user: &User, action: &Action) -> Result<(), AppError> {
    if can_update(user, action) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "You can only report progress on actions you lead.".into(),
        ))
    }
}
