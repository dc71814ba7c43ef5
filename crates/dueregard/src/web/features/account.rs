//! Signing in and out, the GOV.UK sign-in pattern.

use crate::web::AppState;
use crate::web::auth::{self, SignedIn};
use crate::web::error::{AppError, PageResult};
use crate::web::form::FormData;
use crate::web::render;
use crate::web::templates::{Chrome, SignInPage};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Redirect};
use dueregard_core::validate::ValidationErrors;

/// The sign-in form carries a token that must match a cookie set with it: there is no session
/// yet, so this "double submit" stops other sites signing people in to an account of theirs.
fn sign_in_page(
    state: &AppState,
    status: StatusCode,
    token: String,
    email: String,
    next: String,
    errors: &ValidationErrors,
) -> PageResult {
    let summary = errors
        .0
        .iter()
        .map(|e| (format!("#{}", e.field), e.message.clone()))
        .collect();
    let page = SignInPage {
        chrome: Chrome::anonymous(),
        form_token: token.clone(),
        email,
        next,
        errors: summary,
        email_error: errors.for_field("email").map(str::to_string),
        password_error: errors.for_field("password").map(str::to_string),
    };
    let cookie = auth::set_cookie(auth::SIGN_IN_COOKIE, &token, 3600, state.secure_cookies);
    Ok((status, [(header::SET_COOKIE, cookie)], render(&page)).into_response())
}

/// Where to go after signing in: a page of this service, never another site.
fn safe_next(next: &str) -> String {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    if local {
        next.to_string()
    } else {
        String::new()
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Next {
    #[serde(default)]
    next: String,
}

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Query(next): axum::extract::Query<Next>,
) -> PageResult {
    let token = auth::cookie(&headers, auth::SIGN_IN_COOKIE)
        .filter(|t| t.len() == 64)
        .map_or_else(auth::random_token, Ok)?;
    sign_in_page(
        &state,
        StatusCode::OK,
        token,
        String::new(),
        safe_next(&next.next),
        &ValidationErrors::new(),
    )
}

pub async fn submit(
    State(state): State<AppState>,
    client: auth::ClientAddress,
    headers: HeaderMap,
    form: FormData,
) -> PageResult {
    let expected = auth::cookie(&headers, auth::SIGN_IN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !auth::same_secret(&form.text("csrf_token"), &expected) {
        return Err(AppError::Forbidden(
            "This sign-in form has expired. Go back, reload the page and try again.".into(),
        )
        .into());
    }
    let email = form.text("email").trim().to_lowercase();
    let next = safe_next(&form.text("next"));
    let password = form.text("password");
    let mut errors = ValidationErrors::new();
    if email.is_empty() {
        errors.add("email", "Enter your email address");
    }
    if password.is_empty() {
        errors.add("password", "Enter your password");
    }
    if !errors.is_empty() {
        return sign_in_page(
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            expected,
            email,
            next.clone(),
            &errors,
        );
    }
    let now = auth::now_seconds();
    // The attempt is counted before its password is checked, in one step with the decision.
    let attempt = auth::random_token()?;
    let throttle = dueregard_core::account::SignInThrottle::STANDARD;
    if let Some(wait) = state
        .store
        .begin_sign_in(&email, &client.0, &attempt, now, &throttle)
        .await?
    {
        let minutes = (wait + 59) / 60;
        let when = if minutes <= 1 {
            "a minute".to_string()
        } else {
            format!("{minutes} minutes")
        };
        errors.add(
            "email",
            format!("There have been too many attempts to sign in. Wait {when} and try again."),
        );
        let mut page = sign_in_page(
            &state,
            StatusCode::TOO_MANY_REQUESTS,
            expected,
            email,
            next.clone(),
            &errors,
        )?;
        page.headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from(wait));
        return Ok(page);
    }
    let found = state.store.user_credentials(&email).await?;
    let ok = match &found {
        Some((_, hash)) => auth::verify_password(&password, hash),
        None => {
            auth::verify_password(&password, auth::dummy_hash());
            false
        }
    };
    let user = match (ok, found) {
        (true, Some((user, _))) => user,
        _ => {
            errors.add("email", "Enter a correct email address and password");
            return sign_in_page(
                &state,
                StatusCode::UNAUTHORIZED,
                expected,
                email,
                next.clone(),
                &errors,
            );
        }
    };
    state
        .store
        .sign_in_succeeded(&email, &client.0, &attempt)
        .await?;
    let secret = auth::random_token()?;
    let csrf = auth::random_token()?;
    state
        .store
        .create_session(dueregard_core::account::SessionRecord {
            token_hash: auth::token_hash(&secret),
            user_id: user.id,
            csrf_token: csrf,
            expires_at: now + auth::SESSION_SECONDS,
        })
        .await?;
    let cookie = auth::set_cookie(
        auth::SESSION_COOKIE,
        &secret,
        auth::SESSION_SECONDS,
        state.secure_cookies,
    );
    let clear = auth::set_cookie(auth::SIGN_IN_COOKIE, "", 0, state.secure_cookies);
    Ok((
        StatusCode::SEE_OTHER,
        AppendHeaders([(header::SET_COOKIE, cookie), (header::SET_COOKIE, clear)]),
        Redirect::to(if next.is_empty() { "/" } else { &next }),
    )
        .into_response())
}

pub async fn sign_out(
    State(state): State<AppState>,
    session: SignedIn,
    headers: HeaderMap,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    if let Some(secret) = auth::cookie(&headers, auth::SESSION_COOKIE) {
        let hash = auth::token_hash(&secret);
        state.sessions.forget(&hash);
        state.store.delete_session(&hash).await?;
    }
    let clear = auth::set_cookie(auth::SESSION_COOKIE, "", 0, state.secure_cookies);
    Ok((
        StatusCode::SEE_OTHER,
        [(header::SET_COOKIE, clear)],
        Redirect::to("/sign-in"),
    )
        .into_response())
}
