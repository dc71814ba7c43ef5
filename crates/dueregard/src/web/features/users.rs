//! Accounts run from the web: administrators list, add and manage users (role, the person a
//! lead officer is, disabling, a single-use link to set a password, sessions); everyone changes
//! their own password and signs out of their other sessions.

use super::{FormSpec, see_other};
use crate::web::auth::{self, SignedIn};
use crate::web::edit::AddPage;
use crate::web::error::{AppError, PageResult};
use crate::web::form::{Choice, Field, FormData};
use crate::web::templates::{
    AccountPage, Chrome, SessionLine, SetPasswordPage, UserLine, UserPage, UsersPage,
};
use crate::web::{AppState, render, render_form};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use dueregard_core::account::{NewUser, SessionSummary, User, check_new_password, normalise_email};
use dueregard_core::org::Person;
use dueregard_core::store::{Actor, StoreError};
use dueregard_core::validate::{self, SHORT_TEXT, ValidationErrors};
use dueregard_core::vocab::Role;
use serde::Deserialize;

/// How long a link to set a password works.
const LINK_SECONDS: i64 = 24 * 60 * 60;

use crate::web::templates::when;

fn line(u: &User, people: &[Person]) -> UserLine {
    UserLine {
        id: u.id,
        name: u.name.clone(),
        email: u.email.clone(),
        role: u.role.label().to_string(),
        person: u
            .person_id
            .and_then(|p| people.iter().find(|x| x.id == p))
            .map(|p| p.fields.name.clone())
            .unwrap_or_default(),
        disabled: u.disabled,
    }
}

fn session_lines(sessions: &[SessionSummary], current: Option<&str>) -> Vec<SessionLine> {
    sessions
        .iter()
        .map(|s| SessionLine {
            id: s.id.clone(),
            started: s.started_at.map_or_else(|| "Earlier".to_string(), when),
            expires: when(s.expires_at),
            current: current.is_some_and(|c| c.starts_with(&s.id)),
        })
        .collect()
}

fn summary(errors: &ValidationErrors) -> Vec<(String, String)> {
    errors
        .0
        .iter()
        .map(|e| (format!("#{}", e.field), e.message.clone()))
        .collect()
}

/// The user, if they are in the administrator's organisation.
async fn user_here(state: &AppState, session: &SignedIn, id: i64) -> Result<User, AppError> {
    let user = state.store.user(id).await?;
    if user.org_id == session.org.id {
        Ok(user)
    } else {
        Err(AppError::NotFound)
    }
}

/// GET /admin/users
pub async fn list(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let people = state.store.people(session.org.id).await?;
    let users = state.store.users(session.org.id).await?;
    Ok(render(&UsersPage {
        chrome: Chrome::new(&session, "accounts"),
        users: users.iter().map(|u| line(u, &people)).collect(),
    }))
}

#[derive(Deserialize, Default)]
pub struct Shown {
    #[serde(default)]
    added: Option<String>,
}

/// One user's page; `link` is a password link just made, shown this once.
async fn user_page(
    state: &AppState,
    session: &SignedIn,
    user: &User,
    errors: &ValidationErrors,
    link: Option<(String, String)>,
    mailed: Option<String>,
    added: bool,
) -> PageResult {
    let people = state.store.people(session.org.id).await?;
    let sessions = state
        .store
        .user_sessions(user.id, auth::now_seconds())
        .await?;
    let page = UserPage {
        chrome: Chrome::new(session, "accounts"),
        user: line(user, &people),
        errors: summary(errors),
        roles: Role::ALL
            .iter()
            .map(|r| (r.key(), r.label(), *r == user.role))
            .collect(),
        people: people
            .iter()
            .map(|p| (p.id, p.fields.name.clone(), Some(p.id) == user.person_id))
            .collect(),
        sessions: session_lines(&sessions, None),
        session_action: format!("/admin/users/{}/sessions", user.id),
        mailed,
        link,
        added,
    };
    Ok(render_form(&page, !errors.is_empty()))
}

/// GET /admin/users/{id}
pub async fn show(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    Query(shown): Query<Shown>,
) -> PageResult {
    let user = user_here(&state, &session, id).await?;
    let added = shown.added.is_some();
    user_page(
        &state,
        &session,
        &user,
        &ValidationErrors::new(),
        None,
        None,
        added,
    )
    .await
}

/// POST /admin/users/{id}: one of the user page's forms, named by `change`: `role`, `disable`,
/// `enable` or `password-link` (a single-use link, shown to the administrator once).
pub async fn change(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    headers: HeaderMap,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let user = user_here(&state, &session, id).await?;
    let (org, actor) = (session.org.id, Actor::user(&session.user));
    let result = match form.text("change").as_str() {
        "role" => match Role::from_key(&form.text("role")) {
            None => Err(StoreError::Invalid(ValidationErrors::single(
                "role",
                "Choose a role",
            ))),
            Some(role) => {
                let person = form.text("person_id").parse::<i64>().ok();
                state.store.change_user(&actor, org, id, role, person).await
            }
        },
        "disable" => state.store.set_user_disabled(&actor, org, id, true).await,
        "enable" => state.store.set_user_disabled(&actor, org, id, false).await,
        "password-link" => return password_link(&state, &session, &user, &headers).await,
        _ => return Err(AppError::BadRequest("Use the forms on the user's page.".into()).into()),
    };
    match result {
        Ok(_) => see_other(format!("/admin/users/{id}")),
        Err(StoreError::Invalid(e)) => {
            let user = user_here(&state, &session, id).await?;
            user_page(&state, &session, &user, &e, None, None, false).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Makes a single-use link to set a password and shows it to the administrator, once.
async fn password_link(
    state: &AppState,
    session: &SignedIn,
    user: &User,
    headers: &HeaderMap,
) -> PageResult {
    let token = auth::random_token()?;
    let until = auth::now_seconds() + LINK_SECONDS;
    let actor = Actor::user(&session.user);
    state
        .store
        .create_password_reset(
            &actor,
            session.org.id,
            user.id,
            &auth::token_hash(&token),
            until,
        )
        .await?;
    // With mail set up, the link goes to the user alone.
    if let Some(public_url) = &state.public_url {
        let mail = crate::app::cycle::password_mail(user, public_url, &token, LINK_SECONDS / 60);
        let now = auth::now_seconds();
        state.store.queue_mail(&[mail], now).await?;
        state
            .store
            .make_job_due(crate::app::cycle::MAIL.0, now)
            .await?;
        let mailed = Some(when(until));
        return user_page(
            state,
            session,
            user,
            &ValidationErrors::new(),
            None,
            mailed,
            false,
        )
        .await;
    }
    // The address the administrator is using, so the link works where they are.
    let url = format!(
        "{}/set-password/{token}",
        crate::web::respond::site_address(state, headers)
    );
    let link = Some((url, when(until)));
    user_page(
        state,
        session,
        user,
        &ValidationErrors::new(),
        link,
        None,
        false,
    )
    .await
}

/// POST /admin/users/{id}/sessions/{session}/end
pub async fn end_user_session(
    State(state): State<AppState>,
    session: SignedIn,
    Path((id, sid)): Path<(i64, String)>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    user_here(&state, &session, id).await?;
    state
        .store
        .end_session(&Actor::user(&session.user), id, &sid)
        .await?;
    see_other(format!("/admin/users/{id}"))
}

/// Adding a user: they set their password through a link the administrator then makes.
pub struct UserAdd {
    people: Vec<Person>,
}

fn user_fields(name: &str, email: &str, role: &str, person: &str, people: &[Person]) -> Vec<Field> {
    let mut choices = vec![Choice::new("", "None", person.is_empty())];
    choices.extend(people.iter().map(|p| {
        let id = p.id.to_string();
        Choice::new(&id, &p.fields.name, id == person)
    }));
    vec![
        Field::text("name", "Name", name),
        Field::text("email", "Email address", email).hint("They sign in with this"),
        Field::radios(
            "role",
            "Role",
            Role::ALL
                .iter()
                .map(|r| Choice::new(r.key(), r.label(), r.key() == role))
                .collect(),
        ),
        Field::select("person_id", "Which person are they?", choices)
            .hint("Needed for lead officers, so they see the actions they lead"),
    ]
}

impl AddPage for UserAdd {
    const SECTION: &'static str = "accounts";
    async fn locate(state: &AppState, org: i64, _: &[i64]) -> Result<Self, AppError> {
        Ok(UserAdd {
            people: state.store.people(org).await?,
        })
    }
    fn spec(&self) -> FormSpec {
        FormSpec {
            title: "Add a user".into(),
            caption: None,
            action: "/admin/users/new".into(),
            submit: "Add user",
            cancel: "/admin/users".into(),
            version: None,
        }
    }
    fn blank(&self) -> Vec<Field> {
        user_fields("", "", "viewer", "", &self.people)
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        let (name, email, role) = (form.text("name"), form.text("email"), form.text("role"));
        user_fields(&name, &email, &role, &form.text("person_id"), &self.people)
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let mut e = ValidationErrors::new();
        let name = validate::required(&mut e, "name", "their name", &form.text("name"), SHORT_TEXT);
        let email = normalise_email(&mut e, "email", &form.text("email"));
        let role = Role::from_key(&form.text("role"));
        if role.is_none() {
            e.add("role", "Choose a role");
        }
        let person_id = form.text("person_id").parse::<i64>().ok();
        if role == Some(Role::LeadOfficer) && person_id.is_none() {
            e.add("person_id", "Choose the person this lead officer is");
        }
        let role = e.finish(role).map_err(StoreError::Invalid)?;
        // Nobody knows this password: they set their own through a link.
        let secret = auth::random_token().map_err(|e| StoreError::Backend(e.0))?;
        let password_hash = auth::hash_password(&secret).map_err(|e| StoreError::Backend(e.0))?;
        let new = NewUser {
            email,
            name,
            role: role.unwrap_or(Role::Viewer),
            person_id,
            password_hash,
        };
        let actor = Actor::user(&session.user);
        let user = state.store.create_user(&actor, session.org.id, new).await?;
        Ok(format!("/admin/users/{}?added=1", user.id))
    }
}

/// The current session's hash, from its cookie.
fn current_session(headers: &HeaderMap) -> Option<String> {
    auth::cookie(headers, auth::SESSION_COOKIE).map(|s| auth::token_hash(&s))
}

async fn account_page(
    state: &AppState,
    session: &SignedIn,
    headers: &HeaderMap,
    errors: &ValidationErrors,
    changed: bool,
) -> PageResult {
    let sessions = state
        .store
        .user_sessions(session.user.id, auth::now_seconds())
        .await?;
    let page = AccountPage {
        chrome: Chrome::new(session, ""),
        email: session.user.email.clone(),
        errors: summary(errors),
        sessions: session_lines(&sessions, current_session(headers).as_deref()),
        session_action: "/account/sessions".into(),
        changed,
    };
    Ok(render_form(&page, !errors.is_empty()))
}

#[derive(Deserialize, Default)]
pub struct Changed {
    #[serde(default)]
    changed: Option<String>,
}

/// GET /account
pub async fn account(
    State(state): State<AppState>,
    session: SignedIn,
    headers: HeaderMap,
    Query(c): Query<Changed>,
) -> PageResult {
    account_page(
        &state,
        &session,
        &headers,
        &ValidationErrors::new(),
        c.changed.is_some(),
    )
    .await
}

/// POST /account/password: the current password is needed; other sessions end.
pub async fn change_password(
    State(state): State<AppState>,
    session: SignedIn,
    headers: HeaderMap,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let stored = state.store.user_credentials(&session.user.email).await?;
    let current_ok = stored
        .as_ref()
        .is_some_and(|(_, hash)| auth::verify_password(&form.text("current"), hash));
    let mut errors = ValidationErrors::new();
    if !current_ok {
        errors.add("current", "Enter your current password correctly");
    }
    if let Err(e) = check_new_password(&form.text("password"), &form.text("password_again")) {
        errors.0.extend(e.0);
    }
    if !errors.is_empty() {
        return account_page(&state, &session, &headers, &errors, false).await;
    }
    let hash = auth::hash_password(&form.text("password"))?;
    let keep = current_session(&headers);
    state
        .store
        .set_password(
            &Actor::user(&session.user),
            session.user.id,
            &hash,
            keep.as_deref(),
        )
        .await?;
    see_other("/account?changed=1".into())
}

/// POST /account/sessions/{session}/end
pub async fn end_own_session(
    State(state): State<AppState>,
    session: SignedIn,
    Path(sid): Path<String>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let actor = Actor::user(&session.user);
    state
        .store
        .end_session(&actor, session.user.id, &sid)
        .await?;
    see_other("/account".into())
}

fn link_used() -> AppError {
    AppError::NotFound
}

/// GET /set-password/{token}. The token in the address is the secret that allows this, so
/// the form needs no other.
pub async fn set_password_form(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> PageResult {
    let user = state
        .store
        .password_reset_user(&auth::token_hash(&token), auth::now_seconds())
        .await?
        .ok_or_else(link_used)?;
    Ok(render(&SetPasswordPage {
        chrome: Chrome::anonymous(),
        name: user.name,
        action: format!("/set-password/{token}"),
        errors: Vec::new(),
    }))
}

/// POST /set-password/{token}
pub async fn set_password(
    State(state): State<AppState>,
    Path(token): Path<String>,
    form: FormData,
) -> PageResult {
    let hash = auth::token_hash(&token);
    let user = state
        .store
        .password_reset_user(&hash, auth::now_seconds())
        .await?
        .ok_or_else(link_used)?;
    if let Err(e) = check_new_password(&form.text("password"), &form.text("password_again")) {
        let page = SetPasswordPage {
            chrome: Chrome::anonymous(),
            name: user.name,
            action: format!("/set-password/{token}"),
            errors: summary(&e),
        };
        return Ok(render_form(&page, true));
    }
    let password = auth::hash_password(&form.text("password"))?;
    state
        .store
        .use_password_reset(&hash, auth::now_seconds(), &password)
        .await?;
    see_other("/sign-in".into())
}
