//! Every route the app serves, in one table. The table builds the axum router, feeds the
//! OpenAPI document, and drives the tests that check each route for each role.

use crate::web::auth::{ApiCaller, SignedIn};
use crate::web::error::AppError;
use crate::web::features::{
    account, actions, assessment_form, assessments, committees, dashboard, import, objectives,
    people, plan_parts, plans, records, recruitment, search, workforce,
};
use crate::web::{AppState, security_headers, serve_asset};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::{FromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, patch, post, put};
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
            _ => format!(
                "{}s can read this but not change it. Ask your equality lead.",
                role.label()
            ),
        })
    }
}

/// Applies a route's `Access` before its handler runs (and so before its body is read): the
/// caller must be signed in (a session for pages, a token for the API) and their role allowed.
async fn guard(
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

/// What the OpenAPI document says about an API route.
#[derive(Debug, Clone, Copy)]
pub struct ApiDoc {
    pub summary: &'static str,
    /// The request body's schema name, if it takes one.
    pub body: Option<&'static str>,
    pub tag: &'static str,
}

pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
    pub api: Option<ApiDoc>,
    handler: MethodRouter<AppState>,
}

fn page(
    method: &'static str,
    path: &'static str,
    access: Access,
    handler: MethodRouter<AppState>,
) -> Route {
    Route {
        method,
        path,
        access,
        api: None,
        handler,
    }
}

fn api(
    method: &'static str,
    path: &'static str,
    access: Access,
    doc: (&'static str, &'static str, Option<&'static str>),
    handler: MethodRouter<AppState>,
) -> Route {
    Route {
        method,
        path,
        access,
        api: Some(ApiDoc {
            tag: doc.0,
            summary: doc.1,
            body: doc.2,
        }),
        handler,
    }
}

pub fn routes() -> Vec<Route> {
    use Access::*;
    vec![
        page("GET", "/sign-in", Public, get(account::show)),
        page("POST", "/sign-in", Public, post(account::submit)),
        page("POST", "/sign-out", Read, post(account::sign_out)),
        page("GET", "/assets/{*path}", Public, get(serve_asset)),
        page("GET", "/", Read, get(dashboard::page)),
        page("GET", "/my-actions", Read, get(dashboard::my_actions)),
        page("GET", "/objectives", Read, get(objectives::list)),
        page("GET", "/objectives/new", Edit, get(objectives::new_form)),
        page("POST", "/objectives/new", Edit, post(objectives::create)),
        page("GET", "/objectives/{id}", Read, get(objectives::show)),
        page(
            "GET",
            "/objectives/{id}/edit",
            Edit,
            get(objectives::edit_form),
        ),
        page(
            "POST",
            "/objectives/{id}/edit",
            Edit,
            post(objectives::update),
        ),
        page("GET", "/import", Edit, get(import::upload_form)),
        page(
            "POST",
            "/import",
            Edit,
            post(import::upload).layer(DefaultBodyLimit::max(import::UPLOAD_LIMIT)),
        ),
        page("GET", "/import/{id}", Edit, get(import::preview)),
        page("POST", "/import/{id}", Edit, post(import::confirm)),
        page("GET", "/plans", Read, get(plans::list)),
        page("GET", "/plans/new", Edit, get(plans::new_form)),
        page("POST", "/plans/new", Edit, post(plans::create)),
        page("GET", "/plans/{id}", Read, get(plans::show)),
        page("GET", "/plans/{id}/edit", Edit, get(plans::edit_form)),
        page("POST", "/plans/{id}/edit", Edit, post(plans::update)),
        page(
            "GET",
            "/plans/{id}/priorities/new",
            Edit,
            get(plan_parts::new_priority_form),
        ),
        page(
            "POST",
            "/plans/{id}/priorities/new",
            Edit,
            post(plan_parts::create_priority),
        ),
        page(
            "GET",
            "/plans/{id}/priorities/{priority_id}/edit",
            Edit,
            get(plan_parts::edit_priority_form),
        ),
        page(
            "POST",
            "/plans/{id}/priorities/{priority_id}/edit",
            Edit,
            post(plan_parts::update_priority),
        ),
        page(
            "GET",
            "/plans/{id}/objectives/{objective_id}/edit",
            Edit,
            get(plan_parts::edit_objective_form),
        ),
        page(
            "POST",
            "/plans/{id}/objectives/{objective_id}/edit",
            Edit,
            post(plan_parts::update_objective),
        ),
        page(
            "GET",
            "/plans/{id}/objectives/new",
            Edit,
            get(plan_parts::new_objective_form),
        ),
        page(
            "POST",
            "/plans/{id}/objectives/new",
            Edit,
            post(plan_parts::create_objective),
        ),
        page(
            "GET",
            "/plans/{id}/actions/new",
            Edit,
            get(actions::new_form),
        ),
        page(
            "POST",
            "/plans/{id}/actions/new",
            Edit,
            post(actions::create),
        ),
        page(
            "GET",
            "/plans/{id}/glossary/new",
            Edit,
            get(plan_parts::new_glossary_form),
        ),
        page(
            "POST",
            "/plans/{id}/glossary/new",
            Edit,
            post(plan_parts::create_glossary),
        ),
        page(
            "GET",
            "/plans/{id}/glossary/{glossary_id}/edit",
            Edit,
            get(plan_parts::edit_glossary_form),
        ),
        page(
            "POST",
            "/plans/{id}/glossary/{glossary_id}/edit",
            Edit,
            post(plan_parts::update_glossary),
        ),
        page("GET", "/actions/{id}", Read, get(actions::show)),
        page("GET", "/actions/{id}/edit", Edit, get(actions::edit_form)),
        page("POST", "/actions/{id}/edit", Edit, post(actions::update)),
        page(
            "GET",
            "/actions/{id}/updates/new",
            Update,
            get(actions::new_update_form),
        ),
        page(
            "POST",
            "/actions/{id}/updates/new",
            Update,
            post(actions::create_update),
        ),
        page("GET", "/people", Read, get(people::page)),
        page("GET", "/people/new", Edit, get(people::new_person_form)),
        page("POST", "/people/new", Edit, post(people::create_person)),
        page(
            "GET",
            "/people/{id}/edit",
            Edit,
            get(people::edit_person_form),
        ),
        page(
            "POST",
            "/people/{id}/edit",
            Edit,
            post(people::update_person),
        ),
        page(
            "GET",
            "/directorates/new",
            Edit,
            get(people::new_directorate_form),
        ),
        page(
            "POST",
            "/directorates/new",
            Edit,
            post(people::create_directorate),
        ),
        page(
            "GET",
            "/directorates/{id}/edit",
            Edit,
            get(people::edit_directorate_form),
        ),
        page(
            "POST",
            "/directorates/{id}/edit",
            Edit,
            post(people::update_directorate),
        ),
        page(
            "GET",
            "/committees/new",
            Edit,
            get(committees::new_committee_form),
        ),
        page(
            "POST",
            "/committees/new",
            Edit,
            post(committees::create_committee),
        ),
        page(
            "GET",
            "/local-characteristics/new",
            Edit,
            get(committees::new_local_form),
        ),
        page(
            "POST",
            "/local-characteristics/new",
            Edit,
            post(committees::create_local),
        ),
        page(
            "GET",
            "/committees/{id}/edit",
            Edit,
            get(committees::edit_committee_form),
        ),
        page(
            "POST",
            "/committees/{id}/edit",
            Edit,
            post(committees::update_committee),
        ),
        page(
            "GET",
            "/local-characteristics/{id}/edit",
            Edit,
            get(committees::edit_local_form),
        ),
        page(
            "POST",
            "/local-characteristics/{id}/edit",
            Edit,
            post(committees::update_local),
        ),
        page("GET", "/healthz", Public, get(crate::web::healthz)),
        page("GET", "/readyz", Public, get(crate::web::readyz)),
        page("GET", "/archive", Edit, get(records::archived)),
        page(
            "GET",
            "/plans/{id}/roll-forward",
            Edit,
            get(plans::roll_forward_form),
        ),
        page(
            "POST",
            "/plans/{id}/roll-forward",
            Edit,
            post(plans::roll_forward),
        ),
        page(
            "POST",
            "/records/{kind}/{id}/archive",
            Edit,
            post(records::archive),
        ),
        page(
            "POST",
            "/records/{kind}/{id}/restore",
            Edit,
            post(records::restore),
        ),
        page(
            "GET",
            "/records/{kind}/{id}/delete",
            Edit,
            get(records::delete_form),
        ),
        page(
            "POST",
            "/records/{kind}/{id}/delete",
            Edit,
            post(records::delete),
        ),
        page("GET", "/assessments", Read, get(assessments::register)),
        page(
            "GET",
            "/assessments/new",
            Assess,
            get(assessment_form::new_form),
        ),
        page(
            "POST",
            "/assessments/new",
            Assess,
            post(assessment_form::create),
        ),
        page("GET", "/assessments/{id}", Read, get(assessments::show)),
        page(
            "GET",
            "/assessments/{id}/edit",
            Assess,
            get(assessment_form::edit_form),
        ),
        page(
            "POST",
            "/assessments/{id}/edit",
            Assess,
            post(assessment_form::update),
        ),
        page(
            "POST",
            "/assessments/{id}/sign",
            Assess,
            post(assessments::sign),
        ),
        page(
            "POST",
            "/assessments/{id}/mitigations",
            Edit,
            post(assessments::add_mitigations),
        ),
        page(
            "POST",
            "/assessments/{id}/new-version",
            Edit,
            post(assessments::new_version),
        ),
        page(
            "GET",
            "/assessments/{id}/assessment.odt",
            Read,
            get(assessments::export_odt),
        ),
        page(
            "GET",
            "/assessments/{id}/assessment.docx",
            Read,
            get(assessments::export_docx),
        ),
        page("GET", "/decisions", Read, get(assessments::decisions)),
        page(
            "GET",
            "/decisions/new",
            Edit,
            get(assessment_form::new_decision_form),
        ),
        page(
            "POST",
            "/decisions/new",
            Edit,
            post(assessment_form::create_decision),
        ),
        page("GET", "/decisions/{id}", Read, get(assessments::decision)),
        page(
            "GET",
            "/public/{slug}/assessments",
            Public,
            get(assessments::public_register),
        ),
        page(
            "GET",
            "/public/{slug}/assessments/{id}",
            Public,
            get(assessments::public_assessment),
        ),
        page("GET", "/workforce", Read, get(workforce::list)),
        page("GET", "/workforce/new", Edit, get(workforce::upload_form)),
        page(
            "POST",
            "/workforce/new",
            Edit,
            post(workforce::upload).layer(DefaultBodyLimit::max(workforce::UPLOAD_LIMIT)),
        ),
        page(
            "GET",
            "/workforce/recruitment",
            Edit,
            get(recruitment::form),
        ),
        page(
            "POST",
            "/workforce/recruitment",
            Edit,
            post(recruitment::analyse).layer(DefaultBodyLimit::max(recruitment::UPLOAD_LIMIT)),
        ),
        page("GET", "/workforce/{id}", Read, get(workforce::show)),
        page(
            "GET",
            "/workforce/{id}/tables.csv",
            Read,
            get(workforce::tables_csv),
        ),
        page(
            "POST",
            "/workforce/{id}/delete",
            Edit,
            post(workforce::delete),
        ),
        page("GET", "/search", Read, get(search::page)),
        page("GET", "/audit", Edit, get(search::audit)),
        page(
            "GET",
            "/api/openapi.json",
            Public,
            get(crate::web::openapi::document),
        ),
        api(
            "GET",
            "/api/v1/me",
            Read,
            ("Account", "Who the token belongs to", None),
            get(dashboard::me),
        ),
        api(
            "GET",
            "/api/v1/dashboard",
            Read,
            (
                "Dashboard",
                "Counts by status, overdue actions, updates due and objectives due for refresh",
                None,
            ),
            get(dashboard::api),
        ),
        api(
            "GET",
            "/api/v1/assessments",
            Read,
            (
                "Impact assessments",
                "List impact assessments, every version",
                None,
            ),
            get(assessments::api_list),
        ),
        api(
            "POST",
            "/api/v1/assessments",
            Assess,
            (
                "Impact assessments",
                "Start an impact assessment",
                Some("AssessmentFields"),
            ),
            post(assessments::api_create),
        ),
        api(
            "GET",
            "/api/v1/assessments/{id}",
            Read,
            ("Impact assessments", "One impact assessment", None),
            get(assessments::api_get),
        ),
        api(
            "PUT",
            "/api/v1/assessments/{id}",
            Assess,
            (
                "Impact assessments",
                "Change an assessment that is not approved",
                Some("AssessmentFields"),
            ),
            put(assessments::api_update),
        ),
        api(
            "PATCH",
            "/api/v1/assessments/{id}",
            Assess,
            (
                "Impact assessments",
                "Change some fields of an assessment that is not approved",
                Some("AssessmentFields"),
            ),
            patch(assessments::api_update),
        ),
        api(
            "POST",
            "/api/v1/assessments/{id}/sign",
            Assess,
            (
                "Impact assessments",
                "Sign a step: assessed, reviewed or approved",
                Some("SignOff"),
            ),
            post(assessments::api_sign),
        ),
        api(
            "POST",
            "/api/v1/decisions",
            Edit,
            ("Decisions", "Record a decision", Some("DecisionFields")),
            post(assessments::api_create_decision),
        ),
        api(
            "PUT",
            "/api/v1/decisions/{id}",
            Edit,
            (
                "Decisions",
                "Change a decision's record",
                Some("DecisionFields"),
            ),
            put(assessments::api_update_decision),
        ),
        api(
            "PATCH",
            "/api/v1/decisions/{id}",
            Edit,
            (
                "Decisions",
                "Change some fields of a decision's record",
                Some("DecisionFields"),
            ),
            patch(assessments::api_update_decision),
        ),
        api(
            "GET",
            "/api/v1/decisions/{id}",
            Read,
            ("Decisions", "A decision and its due-regard check", None),
            get(assessments::api_decision),
        ),
        api(
            "GET",
            "/api/v1/workforce",
            Read,
            ("Workforce", "List workforce snapshots", None),
            get(workforce::api_list),
        ),
        api(
            "GET",
            "/api/v1/workforce/{id}",
            Read,
            (
                "Workforce",
                "A snapshot's report: pay gaps, profile and representation, after disclosure control",
                None,
            ),
            get(workforce::api_report),
        ),
        api(
            "GET",
            "/api/v1/objectives",
            Read,
            ("Equality objectives", "List equality objectives", None),
            get(objectives::api_list),
        ),
        api(
            "POST",
            "/api/v1/objectives",
            Edit,
            (
                "Equality objectives",
                "Create an equality objective",
                Some("ObjectiveInput"),
            ),
            post(objectives::api_create),
        ),
        api(
            "GET",
            "/api/v1/objectives/{id}",
            Read,
            ("Equality objectives", "Get an equality objective", None),
            get(objectives::api_get),
        ),
        api(
            "PUT",
            "/api/v1/objectives/{id}",
            Edit,
            (
                "Equality objectives",
                "Edit an equality objective; send the version you edited",
                Some("ObjectiveInput"),
            ),
            put(objectives::api_update),
        ),
        api(
            "PATCH",
            "/api/v1/objectives/{id}",
            Edit,
            (
                "Equality objectives",
                "Change some fields of an equality objective; send the version you edited",
                Some("ObjectiveInput"),
            ),
            patch(objectives::api_update),
        ),
        api(
            "GET",
            "/api/v1/plans",
            Read,
            ("Action plans", "List action plans", None),
            get(plans::api_list),
        ),
        api(
            "POST",
            "/api/v1/plans",
            Edit,
            ("Action plans", "Create an action plan", Some("PlanInput")),
            post(plans::api_create),
        ),
        api(
            "GET",
            "/api/v1/plans/{id}",
            Read,
            (
                "Action plans",
                "Get a whole plan: priorities, objectives, actions, outcomes, glossary",
                None,
            ),
            get(plans::api_get),
        ),
        api(
            "PUT",
            "/api/v1/plans/{id}",
            Edit,
            (
                "Action plans",
                "Edit a plan's details; send the version you edited",
                Some("PlanInput"),
            ),
            put(plans::api_update),
        ),
        api(
            "PATCH",
            "/api/v1/plans/{id}",
            Edit,
            (
                "Action plans",
                "Change some fields of a plan's details; send the version you edited",
                Some("PlanInput"),
            ),
            patch(plans::api_update),
        ),
        api(
            "POST",
            "/api/v1/plans/{id}/priorities",
            Edit,
            (
                "Action plans",
                "Add a priority to a plan",
                Some("PriorityInput"),
            ),
            post(plan_parts::api_create_priority),
        ),
        api(
            "GET",
            "/api/v1/priorities/{id}",
            Read,
            ("Action plans", "Get a priority", None),
            get(plan_parts::api_get_priority),
        ),
        api(
            "PUT",
            "/api/v1/priorities/{id}",
            Edit,
            ("Action plans", "Edit a priority", Some("PriorityInput")),
            put(plan_parts::api_update_priority),
        ),
        api(
            "PATCH",
            "/api/v1/priorities/{id}",
            Edit,
            (
                "Action plans",
                "Change some fields of a priority",
                Some("PriorityInput"),
            ),
            patch(plan_parts::api_update_priority),
        ),
        api(
            "POST",
            "/api/v1/plans/{id}/objectives",
            Edit,
            (
                "Action plans",
                "Add an objective (CE1 …) to a plan",
                Some("PlanObjectiveInput"),
            ),
            post(plan_parts::api_create_objective),
        ),
        api(
            "GET",
            "/api/v1/plan-objectives/{id}",
            Read,
            ("Action plans", "Get a plan objective", None),
            get(plan_parts::api_get_objective),
        ),
        api(
            "PUT",
            "/api/v1/plan-objectives/{id}",
            Edit,
            (
                "Action plans",
                "Edit a plan objective",
                Some("PlanObjectiveInput"),
            ),
            put(plan_parts::api_update_objective),
        ),
        api(
            "PATCH",
            "/api/v1/plan-objectives/{id}",
            Edit,
            (
                "Action plans",
                "Change some fields of a plan objective",
                Some("PlanObjectiveInput"),
            ),
            patch(plan_parts::api_update_objective),
        ),
        api(
            "POST",
            "/api/v1/plans/{id}/glossary",
            Edit,
            (
                "Action plans",
                "Add an abbreviation to a plan's glossary",
                Some("GlossaryInput"),
            ),
            post(plan_parts::api_create_glossary),
        ),
        api(
            "GET",
            "/api/v1/glossary/{id}",
            Read,
            ("Action plans", "Get a glossary entry", None),
            get(plan_parts::api_get_glossary),
        ),
        api(
            "PUT",
            "/api/v1/glossary/{id}",
            Edit,
            (
                "Action plans",
                "Change a glossary entry",
                Some("GlossaryInput"),
            ),
            put(plan_parts::api_update_glossary),
        ),
        api(
            "PATCH",
            "/api/v1/glossary/{id}",
            Edit,
            (
                "Action plans",
                "Change some fields of a glossary entry",
                Some("GlossaryInput"),
            ),
            patch(plan_parts::api_update_glossary),
        ),
        api(
            "POST",
            "/api/v1/plans/{id}/actions",
            Edit,
            ("Actions", "Add an action to a plan", Some("ActionInput")),
            post(actions::api_create),
        ),
        api(
            "GET",
            "/api/v1/actions/{id}",
            Read,
            ("Actions", "Get an action", None),
            get(actions::api_get),
        ),
        api(
            "PUT",
            "/api/v1/actions/{id}",
            Edit,
            (
                "Actions",
                "Edit an action; send the version you edited",
                Some("ActionInput"),
            ),
            put(actions::api_update),
        ),
        api(
            "PATCH",
            "/api/v1/actions/{id}",
            Edit,
            (
                "Actions",
                "Change some fields of an action; send the version you edited",
                Some("ActionInput"),
            ),
            patch(actions::api_update),
        ),
        api(
            "GET",
            "/api/v1/actions/{id}/updates",
            Read,
            (
                "Actions",
                "List an action's progress updates, newest first",
                None,
            ),
            get(actions::api_updates),
        ),
        api(
            "POST",
            "/api/v1/actions/{id}/updates",
            Update,
            (
                "Actions",
                "Report progress on an action",
                Some("UpdateInput"),
            ),
            post(actions::api_create_update),
        ),
        api(
            "GET",
            "/api/v1/people",
            Read,
            ("People", "List people", None),
            get(people::api_list),
        ),
        api(
            "POST",
            "/api/v1/people",
            Edit,
            ("People", "Add a person", Some("PersonInput")),
            post(people::api_create),
        ),
        api(
            "GET",
            "/api/v1/people/{id}",
            Read,
            ("People", "Get a person", None),
            get(people::api_get),
        ),
        api(
            "PUT",
            "/api/v1/people/{id}",
            Edit,
            ("People", "Edit a person", Some("PersonInput")),
            put(people::api_update),
        ),
        api(
            "PATCH",
            "/api/v1/people/{id}",
            Edit,
            (
                "People",
                "Change some fields of a person",
                Some("PersonInput"),
            ),
            patch(people::api_update),
        ),
        api(
            "GET",
            "/api/v1/directorates",
            Read,
            ("People", "List directorates", None),
            get(people::api_directorates),
        ),
        api(
            "POST",
            "/api/v1/directorates",
            Edit,
            ("People", "Add a directorate", Some("DirectorateInput")),
            post(people::api_create_directorate),
        ),
        api(
            "GET",
            "/api/v1/committees",
            Read,
            ("People", "List committees and groups", None),
            get(committees::api_list),
        ),
        api(
            "POST",
            "/api/v1/committees",
            Edit,
            (
                "People",
                "Add a committee or group",
                Some("CommitteeFields"),
            ),
            post(committees::api_create),
        ),
        api(
            "GET",
            "/api/v1/committees/{id}",
            Read,
            ("People", "Get a committee or group", None),
            get(committees::api_get),
        ),
        api(
            "PUT",
            "/api/v1/committees/{id}",
            Edit,
            (
                "People",
                "Change a committee or group",
                Some("CommitteeFields"),
            ),
            put(committees::api_update),
        ),
        api(
            "PATCH",
            "/api/v1/committees/{id}",
            Edit,
            (
                "People",
                "Change some fields of a committee or group",
                Some("CommitteeFields"),
            ),
            patch(committees::api_update),
        ),
        api(
            "GET",
            "/api/v1/local-characteristics",
            Read,
            (
                "People",
                "List the organisation's local characteristics",
                None,
            ),
            get(committees::api_list_local),
        ),
        api(
            "GET",
            "/api/v1/local-characteristics/{id}",
            Read,
            ("People", "Get a local characteristic", None),
            get(committees::api_get_local),
        ),
        api(
            "PUT",
            "/api/v1/local-characteristics/{id}",
            Edit,
            (
                "People",
                "Change a local characteristic",
                Some("LocalCharacteristicFields"),
            ),
            put(committees::api_update_local),
        ),
        api(
            "PATCH",
            "/api/v1/local-characteristics/{id}",
            Edit,
            (
                "People",
                "Change some fields of a local characteristic",
                Some("LocalCharacteristicFields"),
            ),
            patch(committees::api_update_local),
        ),
        api(
            "POST",
            "/api/v1/records/{kind}/{id}/archive",
            Edit,
            (
                "Records",
                "Archive a record: objectives, plans, priorities, plan-objectives, outcomes, glossary, actions, people, directorates, committees or local-characteristics",
                None,
            ),
            post(records::api_archive),
        ),
        api(
            "POST",
            "/api/v1/records/{kind}/{id}/restore",
            Edit,
            ("Records", "Restore an archived record", None),
            post(records::api_restore),
        ),
        api(
            "DELETE",
            "/api/v1/records/{kind}/{id}",
            Edit,
            (
                "Records",
                "Delete a record nothing refers to; otherwise 422 naming what refers to it",
                None,
            ),
            axum::routing::delete(records::api_delete),
        ),
        api(
            "GET",
            "/api/v1/search",
            Read,
            ("Search", "Search objectives, plans and actions (?q=)", None),
            get(search::api),
        ),
    ]
}

/// Forms and JSON bodies above this size are refused whole.
pub const BODY_LIMIT: usize = 256 * 1024;

pub fn app(state: AppState) -> Router {
    let mut merged: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
    for r in routes() {
        let handler = if r.access == Access::Public {
            r.handler
        } else {
            let checks = (state.clone(), r.access, r.api.is_some());
            r.handler
                .route_layer(axum::middleware::from_fn_with_state(checks, guard))
        };
        match merged.iter_mut().find(|(p, _)| *p == r.path) {
            Some((_, m)) => *m = std::mem::take(m).merge(handler),
            None => merged.push((r.path, handler)),
        }
    }
    let mut router = Router::new();
    for (path, handler) in merged {
        router = router.route(path, handler);
    }
    crate::web::trace::layers(
        router
            .route_layer(axum::middleware::from_fn(crate::web::trace::record_route))
            .fallback(|| async { crate::web::error::AppError::NotFound.into_page() })
            .layer(DefaultBodyLimit::max(BODY_LIMIT))
            .layer(axum::middleware::map_response(security_headers))
            .with_state(state),
    )
}
