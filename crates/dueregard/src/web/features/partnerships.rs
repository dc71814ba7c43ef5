//! Partnerships: share an equality objective with partner bodies in the installation, add your
//! own actions to a shared objective, and see everyone's progress on it. A member sees the shared
//! objective's words and the actions added to it, nothing else of another body; a published one
//! can be read by partners outside the installation on the owner's public site.

use super::public::{organisation, page};
use super::{FormSpec, ok_json, see_other};
use crate::web::auth::{ApiCaller, SignedIn};
use crate::web::edit::{self, AddPage, EditPage};
use crate::web::error::{ApiResult, AppError, PageResult};
use crate::web::form::{Choice, Field, FormData};
use crate::web::templates::{Chrome, HtmlPage, progress_tag};
use crate::web::{AppState, render};
use axum::extract::{Path, State};
use dueregard_core::partnership::{
    Partnership, PartnershipFields, PartnershipForm, SharedObjective,
};
use dueregard_core::store::{Actor, StoreError};
use dueregard_core::validate::ValidationErrors;
use dueregard_formats::export::xml;

/// What the form offers: the body's own objectives, and every body's short name.
pub struct Choices {
    objectives: Vec<(i64, String)>,
    slugs: Vec<(String, i64)>,
    org: i64,
}

impl Choices {
    async fn load(state: &AppState, org: i64) -> Result<Choices, AppError> {
        Ok(Choices {
            objectives: state
                .store
                .objectives(org)
                .await?
                .into_iter()
                .map(|o| (o.id, o.fields.title))
                .collect(),
            slugs: state
                .store
                .organisations()
                .await?
                .into_iter()
                .map(|o| (o.slug, o.id))
                .collect(),
            org,
        })
    }

    fn fields(&self, f: &PartnershipForm) -> Vec<Field> {
        vec![
            Field::select("objective_id", "The equality objective to share", self.objectives.iter().map(|(id, t)| Choice::new(id, t.clone(), f.objective_id == id.to_string())).collect()),
            Field::textarea("partners", "Partners", f.partners.clone())
                .hint("One a line: each partner's short name, as in its public address (for example example-police)"),
            Field::textarea("agreement", "What the partners have agreed (optional)", f.agreement.clone()),
            Field::radios("published", "Show it on your public site, for partners outside Due Regard?", vec![
                Choice::new("yes", "Yes, read-only", f.published),
                Choice::new("no", "No", !f.published),
            ]),
        ]
    }

    fn read(&self, form: &FormData) -> Result<PartnershipFields, StoreError> {
        form_of(form)
            .validate(&self.slugs, self.org)
            .map_err(StoreError::Invalid)
    }

    fn to_form(&self, p: &PartnershipFields) -> PartnershipForm {
        PartnershipForm {
            objective_id: p.objective_id.to_string(),
            partners: p
                .partner_ids
                .iter()
                .filter_map(|id| {
                    self.slugs
                        .iter()
                        .find(|(_, i)| i == id)
                        .map(|(s, _)| s.clone())
                })
                .collect::<Vec<_>>()
                .join("\n"),
            agreement: p.agreement.clone(),
            published: p.published,
        }
    }
}

fn form_of(form: &FormData) -> PartnershipForm {
    PartnershipForm {
        objective_id: form.text("objective_id"),
        partners: form.text("partners"),
        agreement: form.text("agreement"),
        published: form.text("published") == "yes",
    }
}

/// Sharing an objective.
pub struct PartnershipAdd(Choices);

impl AddPage for PartnershipAdd {
    const SECTION: &'static str = "objectives";
    async fn locate(state: &AppState, org: i64, _: &[i64]) -> Result<Self, AppError> {
        Ok(PartnershipAdd(Choices::load(state, org).await?))
    }
    fn spec(&self) -> FormSpec {
        FormSpec::new(
            "Share an equality objective with partners",
            "/partnerships/new".into(),
            "/partnerships",
            None,
        )
    }
    fn blank(&self) -> Vec<Field> {
        self.0.fields(&PartnershipForm::default())
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        self.0.fields(&form_of(form))
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let made = state
            .store
            .create_partnership(
                &Actor::user(&session.user),
                session.org.id,
                self.0.read(form)?,
            )
            .await?;
        Ok(format!("/partnerships/{}", made.id))
    }
}

/// Changing who a shared objective is shared with: the owner only.
pub struct PartnershipEdit {
    org: i64,
    id: i64,
    choices: Choices,
}

impl EditPage for PartnershipEdit {
    type Record = Partnership;
    const ENTITY: &'static str = "partnership";
    const SECTION: &'static str = "objectives";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, p: &Partnership) -> FormSpec {
        FormSpec::new(
            "Change a partnership",
            format!("/partnerships/{}/edit", p.id),
            &format!("/partnerships/{}", p.id),
            Some(p.version),
        )
    }
    fn fields_of(&self, p: &Partnership) -> Vec<Field> {
        self.choices.fields(&self.choices.to_form(&p.fields))
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        self.choices.fields(&form_of(form))
    }
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        Ok(PartnershipEdit {
            org,
            id: edit::record_id(ids)?,
            choices: Choices::load(state, org).await?,
        })
    }
    async fn load(&self, state: &AppState) -> Result<Partnership, StoreError> {
        state.store.partnership(self.org, self.id).await
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        state
            .store
            .update_partnership(
                &Actor::user(&session.user),
                self.org,
                self.id,
                version,
                self.choices.read(form)?,
            )
            .await?;
        Ok(format!("/partnerships/{}", self.id))
    }
}

/// The shared view: the objective, and each member's actions with their progress. Links go only
/// to the viewer's own actions.
fn shared(s: &SharedObjective, viewer: Option<i64>) -> String {
    let mut body = String::new();
    if let Some(d) = &s.description {
        body.push_str(&format!("<p class=\"govuk-body dr-pre\">{}</p>", xml(d)));
    }
    if !s.partnership.fields.agreement.is_empty() {
        body.push_str(&format!(
            "<p class=\"govuk-body dr-pre\">{}</p>",
            xml(&s.partnership.fields.agreement)
        ));
    }
    body.push_str(&format!(
        "<p class=\"govuk-body\"><strong>{}</strong>. Shared by {}.</p>",
        xml(&s.progress()),
        xml(&s.owner)
    ));
    for c in &s.contributions {
        body.push_str(&format!(
            "<h2 class=\"govuk-heading-m\">{}</h2>",
            xml(&c.organisation)
        ));
        if c.actions.is_empty() {
            body.push_str("<p class=\"govuk-body\">No actions added yet.</p>");
            continue;
        }
        body.push_str("<ul class=\"govuk-list govuk-list--spaced\">");
        for a in &c.actions {
            let tag = progress_tag(a.status());
            let text = if viewer == Some(c.org_id) {
                format!(
                    "<a class=\"govuk-link\" href=\"/actions/{}\">{}</a>",
                    a.id,
                    xml(&a.text)
                )
            } else {
                xml(&a.text)
            };
            body.push_str(&format!(
                "<li>{} {text}<br><span class=\"govuk-body-s\">Target: {}</span> <strong class=\"govuk-tag {}\">{}</strong></li>",
                xml(&a.reference),
                xml(&a.target_text),
                tag.class,
                xml(&tag.label)
            ));
        }
        body.push_str("</ul>");
    }
    body
}

/// GET /partnerships
pub async fn list(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let org = session.org.id;
    let mut items = String::new();
    for p in state.store.partnerships(org).await? {
        let s = state.store.shared_objective(org, p.id).await?;
        items.push_str(&format!(
            "<li><a class=\"govuk-link\" href=\"/partnerships/{}\">{}</a><br><span class=\"govuk-body-s\">Shared by {} with {} partners · {}</span></li>",
            p.id,
            xml(&s.title),
            xml(&s.owner),
            s.contributions.len() - 1,
            xml(&s.progress())
        ));
    }
    super::record_list(
        &session,
        "objectives",
        "Shared objectives",
        "Equality objectives shared with partner bodies. Each partner adds its own actions; everyone sees the progress on the shared objective, and nothing else of each other.",
        ("/partnerships/new", "Share an objective with partners"),
        &items,
    )
}

/// GET /partnerships/{id}
pub async fn show(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let org = session.org.id;
    let s = state.store.shared_objective(org, id).await?;
    let mut body = format!(
        "<span class=\"govuk-caption-l\">Shared objective</span><h1 class=\"govuk-heading-l\">{}</h1>",
        xml(&s.title)
    );
    body.push_str(&shared(&s, Some(org)));
    if session.user.role.can_edit_everything() {
        let mine: Vec<i64> = s
            .contributions
            .iter()
            .filter(|c| c.org_id == org)
            .flat_map(|c| c.actions.iter().map(|a| a.id))
            .collect();
        let boxes: String = state
            .store
            .action_rows(org)
            .await?
            .iter()
            .map(|a| format!(
                "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"action-{id}\" name=\"action_ids\" type=\"checkbox\" value=\"{id}\"{checked}><label class=\"govuk-label govuk-checkboxes__label\" for=\"action-{id}\">{} {}</label></div>",
                xml(&a.reference),
                xml(&a.text),
                id = a.id,
                checked = if mine.contains(&a.id) { " checked" } else { "" }
            ))
            .collect();
        body.push_str(&format!(
            "<h2 class=\"govuk-heading-m\">Your actions for it</h2><form method=\"post\" action=\"/partnerships/{id}/actions\" novalidate><input type=\"hidden\" name=\"csrf_token\" value=\"{}\"><div class=\"govuk-form-group\"><fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Which of your actions serve this shared objective?</legend><div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">{boxes}</div></fieldset></div><button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Save your actions</button></form>",
            xml(&session.csrf)
        ));
        if s.owner_id == org {
            body.push_str(&format!("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/partnerships/{id}/edit\">Change the partners</a></p>"));
        }
    }
    Ok(render(&HtmlPage {
        chrome: Chrome::new(&session, "objectives"),
        title: format!("Shared objective: {}", s.title),
        body,
    }))
}

/// POST /partnerships/{id}/actions: the actions the signed-in body adds.
pub async fn contribute(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let mut e = ValidationErrors::new();
    let ids = dueregard_core::validate::ids(&mut e, "action_ids", &form.all("action_ids"));
    if !e.is_empty() {
        return Err(AppError::Invalid(e).into());
    }
    state
        .store
        .contribute(&Actor::user(&session.user), session.org.id, id, &ids)
        .await?;
    see_other(format!("/partnerships/{id}"))
}

/// GET /public/{slug}/partnerships/{id}: a published shared objective, read-only.
pub async fn public(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
) -> PageResult {
    let org = organisation(&state, &slug).await?;
    let s = state.store.shared_objective(org.id, id).await?;
    if s.owner_id != org.id || !s.partnership.fields.published {
        return Err(AppError::NotFound.into());
    }
    let body = format!(
        "<span class=\"govuk-caption-l\">Shared objective</span><h1 class=\"govuk-heading-l\">{}</h1>{}",
        xml(&s.title),
        shared(&s, None)
    );
    page(&org, &format!("Shared objective: {}", s.title), body)
}

/// GET /api/v1/partnerships
pub async fn api_list(State(state): State<AppState>, caller: ApiCaller) -> ApiResult {
    let org = caller.org.id;
    let mut out = Vec::new();
    for p in state.store.partnerships(org).await? {
        out.push(state.store.shared_objective(org, p.id).await?);
    }
    Ok(ok_json(&out))
}

/// GET /api/v1/partnerships/{id}
pub async fn api_show(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult {
    Ok(ok_json(
        &state.store.shared_objective(caller.org.id, id).await?,
    ))
}
