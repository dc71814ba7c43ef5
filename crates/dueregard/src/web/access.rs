//! Who may use a route, checked before its handler runs, and what a route is: the types the
//! route table (`router.rs`) is made of and the OpenAPI document (`openapi.rs`) is read from.

use crate::web::AppState;
use crate::web::auth::{ApiCaller, SignedIn};
use crate::web::error::AppError;
use axum::extract::{FromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use dueregard_core::vocab::Role;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user of the organisation.
    Read,
    /// Administrators and equality leads.
    Edit,
    /// Editors, and lead officers for the actions they lead.
    Update,
    /// Everyone but viewers: writing impact assessments and signing the steps their role allows.
    Assess,
    /// Administrators alone: running accounts.
    Admin,
    /// Directors and administrators: approving what is published.
    Approve,
}

impl Access {
    /// Whether someone in `role` may use a route with this access. Rules about one record (a
    /// lead officer reports only on the actions they lead) are the handler's to add.
    pub fn permits(self, role: Role) -> bool {
        match self {
            Access::Public | Access::Read => true,
            Access::Edit => role.can_edit_everything(),
            Access::Update => role.can_edit_everything() || role == Role::LeadOfficer,
            Access::Assess => role.can_assess(),
            Access::Admin => role.can_run_accounts(),
            Access::Approve => role.can_approve(),
        }
    }

    fn refusal(self, role: Role) -> AppError {
        AppError::Forbidden(match self {
            Access::Update => format!(
                "{}s cannot report progress. Lead officers report on the actions they lead.",
                role.label()
            ),
            Access::Assess => format!(
                "{}s can read impact assessments but not write or sign them.",
                role.label()
            ),
            Access::Admin => "Only administrators run accounts. Ask your administrator.".into(),
            Access::Approve => {
                "Only directors and administrators approve what is published.".into()
            }
            _ => format!(
                "{}s can read this but not change it. Ask your equality lead.",
                role.label()
            ),
        })
    }
}

/// Applies a route's `Access` before its handler runs (and so before its body is read): the
/// caller must be signed in (a session for pages, a token for the API) and their role allowed.
pub async fn guard(
    State((state, access, api)): State<(AppState, Access, bool)>,
    req: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = req.into_parts();
    let role = if api {
        match ApiCaller::from_request_parts(&mut parts, &state).await {
            Ok(c) => {
                let role = c.user.role;
                crate::web::trace::record_user(c.user.id);
                parts.extensions.insert(c);
                role
            }
            Err(e) => return e.into_response(),
        }
    } else {
        match SignedIn::from_request_parts(&mut parts, &state).await {
            Ok(s) => {
                let role = s.user.role;
                crate::web::trace::record_user(s.user.id);
                parts.extensions.insert(s);
                role
            }
            // Someone following a link while signed out comes back to it after signing in.
            Err(crate::web::error::PageError(crate::web::error::AppError::SignInNeeded))
                if parts.method == axum::http::Method::GET =>
            {
                let path = parts
                    .uri
                    .path_and_query()
                    .map_or("/", |p| p.as_str())
                    .to_string();
                let next: String = form_urlencoded::byte_serialize(path.as_bytes()).collect();
                return axum::response::Redirect::to(&format!("/sign-in?next={next}"))
                    .into_response();
            }
            Err(e) => return e.into_response(),
        }
    };
    if !access.permits(role) {
        let refused = access.refusal(role);
        return if api {
            refused.into_problem()
        } else {
            refused.into_page()
        };
    }
    next.run(Request::from_parts(parts, body)).await
}

/// Makes the schema of one Rust type (adding what it refers to the generator's definitions).
pub type SchemaOf = fn(&mut schemars::SchemaGenerator) -> schemars::Schema;

/// What the OpenAPI document says about an API route.
#[derive(Debug, Clone, Copy)]
pub struct ApiDoc {
    pub summary: &'static str,
    /// The request body's schema name, if it takes one.
    pub body: Option<&'static str>,
    pub tag: &'static str,
    /// The status of a successful answer and the schema of its body, from the Rust type the
    /// handler returns.
    pub returns: Option<(u16, SchemaOf)>,
}

pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
    pub api: Option<ApiDoc>,
    pub(crate) handler: MethodRouter<AppState>,
}
