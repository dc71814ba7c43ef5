//! Error policy. Handlers return `AppError`; pages show it as a GOV.UK error page (or send the
//! browser to sign in), the API as `application/problem+json` with field-level detail. Internal
//! errors are logged in full and shown to people only in general terms.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dueregard_core::store::StoreError;
use dueregard_core::validate::ValidationErrors;

#[derive(Debug)]
pub enum AppError {
    NotFound,
    /// Not signed in: pages go to the sign-in page, the API answers 401.
    SignInNeeded,
    Forbidden(String),
    BadRequest(String),
    Invalid(ValidationErrors),
    Conflict {
        message: String,
        current: Option<serde_json::Value>,
    },
    TooManyRequests(String),
    /// The body is over the limit (which the message states).
    TooLarge(String),
    Internal(String),
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::Internal(m) => write!(f, "{}: {m}", self.title()),
            _ => write!(f, "{}: {}", self.title(), self.detail()),
        }
    }
}

impl std::error::Error for AppError {}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(_) => AppError::NotFound,
            StoreError::Invalid(v) => AppError::Invalid(v),
            e @ StoreError::Conflict { .. } => AppError::Conflict {
                message: e.to_string(),
                current: None,
            },
            StoreError::Backend(m) => AppError::Internal(m),
        }
    }
}

impl From<crate::app::secrets::SecretError> for AppError {
    fn from(e: crate::app::secrets::SecretError) -> Self {
        AppError::Internal(e.0)
    }
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::SignInNeeded => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn title(&self) -> &'static str {
        match self {
            AppError::NotFound => "Page not found",
            AppError::SignInNeeded => "You need to sign in",
            AppError::Forbidden(_) => "You cannot do this",
            AppError::BadRequest(_) => "There is a problem with the request",
            AppError::Invalid(_) => "There is a problem with what you sent",
            AppError::Conflict { .. } => "Someone else changed this",
            AppError::TooManyRequests(_) => "Too many attempts",
            AppError::TooLarge(_) => "What you sent is too large",
            AppError::Internal(_) => "Sorry, there is a problem with the service",
        }
    }

    fn detail(&self) -> String {
        match self {
            AppError::NotFound => "Check the address is right. It may have been typed wrongly, or what it points to is not in your organisation.".into(),
            AppError::SignInNeeded => "Sign in, or send a valid personal access token as 'Authorization: Bearer …'.".into(),
            AppError::Forbidden(m)
            | AppError::BadRequest(m)
            | AppError::TooManyRequests(m)
            | AppError::TooLarge(m) => m.clone(),
            AppError::Invalid(v) => v.to_string(),
            AppError::Conflict { message, .. } => message.clone(),
            AppError::Internal(_) => "Try again later. Nothing you sent has been saved in part: it was saved whole or not at all.".into(),
        }
    }

    fn log(&self) {
        if let AppError::Internal(m) = self {
            tracing::error!(error = %m, "internal error");
        }
    }

    /// As a JSON API response.
    pub fn into_problem(self) -> Response {
        self.log();
        let status = self.status();
        let mut body = serde_json::json!({
            "type": "about:blank",
            "title": self.title(),
            "status": status.as_u16(),
            "detail": self.detail(),
        });
        if let AppError::Invalid(v) = &self {
            body["errors"] = serde_json::to_value(&v.0).unwrap_or_default();
        }
        if let AppError::Conflict {
            current: Some(c), ..
        } = &self
        {
            body["current"] = c.clone();
        }
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body.to_string(),
        )
            .into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"Due Regard\""),
            );
        }
        response
    }

    /// A body that could not be read: over the limit (413, naming it), or otherwise unreadable.
    pub fn unreadable_body(
        rejection: &axum::extract::rejection::BytesRejection,
        limit: usize,
        otherwise: &str,
    ) -> AppError {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge(format!(
                "Send at most {} KB: this is the limit for what can be sent here.",
                limit / 1024
            ))
        } else {
            AppError::BadRequest(otherwise.to_string())
        }
    }

    /// As a page.
    pub fn into_page(self) -> Response {
        self.log();
        if let AppError::SignInNeeded = self {
            return Redirect::to("/sign-in").into_response();
        }
        let status = self.status();
        let page = crate::web::templates::ErrorPage {
            chrome: crate::web::templates::Chrome::anonymous(),
            title: self.title().to_string(),
            detail: self.detail(),
        };
        (status, crate::web::render(&page)).into_response()
    }
}

/// What page handlers return.
pub struct PageError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0.into_page()
    }
}

/// What API handlers return.
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.into_problem()
    }
}

pub type PageResult = Result<Response, PageError>;
pub type ApiResult = Result<Response, ApiError>;
