//! Consultations for officers: set one up, build its questions, publish it, key in paper and
//! email responses, and see while it is open who has been heard against the area's population.

use super::{FormSpec, form_version, see_other};
use crate::app::consultations;
use crate::web::auth::SignedIn;
use crate::web::edit::{self, AddPage, EditPage};
use crate::web::error::{AppError, PageResult};
use crate::web::form::{Choice, Field, FormData};
use crate::web::templates::{Chrome, HtmlPage};
use crate::web::{AppState, render, today};
use axum::extract::{Path, State};
use dueregard_core::consultation::response::Channel;
use dueregard_core::consultation::{
    Consultation, ConsultationFields, ConsultationForm, Question, QuestionKind, Stage,
    seed_questions,
};
use dueregard_core::period::long_date;
use dueregard_core::store::{Actor, StoreError};
use dueregard_formats::export::xml;
use dueregard_stats::disclosure::SUPPRESSED;

/// What a consultation's form offers: the objectives and assessments it may inform.
pub struct Choices {
    objectives: Vec<(i64, String)>,
    assessments: Vec<(i64, String)>,
    decisions: Vec<(i64, String)>,
    area: String,
}

impl Choices {
    async fn load(state: &AppState, org: i64) -> Result<Choices, AppError> {
        let store = state.store.as_ref();
        Ok(Choices {
            objectives: store
                .objectives(org)
                .await?
                .into_iter()
                .map(|o| (o.id, o.fields.title))
                .collect(),
            assessments: store
                .assessments(org)
                .await?
                .into_iter()
                .map(|a| (a.id, a.fields.title))
                .collect(),
            decisions: store
                .decisions(org)
                .await?
                .into_iter()
                .map(|d| (d.id, d.fields.title))
                .collect(),
            area: consultations::usual_area(store, org)
                .await
                .map_err(|e| AppError::Internal(format!("{e:#}")))?,
        })
    }

    fn fields(&self, f: &ConsultationForm) -> Vec<Field> {
        let picked = |list: &[(i64, String)], chosen: &[String]| -> Vec<Choice> {
            list.iter()
                .map(|(id, name)| Choice::new(id, name.clone(), chosen.contains(&id.to_string())))
                .collect()
        };
        vec![
            Field::text("title", "Title", f.title.clone()),
            Field::textarea("purpose", "What is proposed, and why", f.purpose.clone())
                .hint("Give the reasons people need to respond with understanding"),
            Field::textarea("documents", "The proposal's documents (optional)", f.documents.clone())
                .hint("One a line: the title, then |, then its web address. For example: Draft equality strategy | https://example.gov.uk/strategy.pdf"),
            Field::date("opens", "Opens on", &f.opens),
            Field::date("closes", "Closes on", &f.closes)
                .hint("12 weeks after it opens is usual"),
            Field::textarea(
                "short_period_reason",
                "Why it runs for less than 12 weeks (if it does)",
                f.short_period_reason.clone(),
            ),
            Field::textarea("consultees", "Who is asked (optional)", f.consultees.clone())
                .hint("One a line: organisations, staff networks, forums, the public"),
            Field::checkboxes(
                "objective_ids",
                "Equality objectives it informs (optional)",
                picked(&self.objectives, &f.objective_ids),
            ),
            Field::checkboxes(
                "assessment_ids",
                "Impact assessments it informs (optional)",
                picked(&self.assessments, &f.assessment_ids),
            ),
            Field::checkboxes(
                "decision_ids",
                "Decisions it informs (optional)",
                picked(&self.decisions, &f.decision_ids),
            )
            .hint("Decisions resting on an assessment it informs are included anyway"),
            Field::short("area_code", "Area compared with (optional)", f.area_code.clone())
                .hint("The local authority whose Census 2021 population respondents are compared with: its code, like E08000027, or its name"),
            Field::radios(
                "ask_monitoring",
                "Ask the equality monitoring questions?",
                vec![
                    Choice::new("yes", "Yes (optional for each respondent)", f.ask_monitoring),
                    Choice::new("no", "No", !f.ask_monitoring),
                ],
            ),
            Field::radios(
                "one_question_per_page",
                "How does the public form show the questions?",
                vec![
                    Choice::new("no", "All on one page", !f.one_question_per_page),
                    Choice::new(
                        "yes",
                        "One question a page, then a check of the answers",
                        f.one_question_per_page,
                    ),
                ],
            ),
            Field::number(
                "keep_personal_days",
                "Days to keep respondents' contact details after it closes",
                f.keep_personal_days.clone(),
            ),
        ]
    }
}

fn form_of(form: &FormData) -> ConsultationForm {
    ConsultationForm {
        title: form.text("title"),
        purpose: form.text("purpose"),
        documents: form.text("documents"),
        opens: form.date("opens"),
        closes: form.date("closes"),
        short_period_reason: form.text("short_period_reason"),
        consultees: form.text("consultees"),
        objective_ids: form.all("objective_ids"),
        assessment_ids: form.all("assessment_ids"),
        decision_ids: form.all("decision_ids"),
        area_code: form.text("area_code"),
        ask_monitoring: form.text("ask_monitoring") == "yes",
        one_question_per_page: form.text("one_question_per_page") == "yes",
        keep_personal_days: form.text("keep_personal_days"),
    }
}

/// Reads the form; an area given by name is stored by its code.
fn read(
    form: &FormData,
    keep: Option<&ConsultationFields>,
) -> Result<ConsultationFields, StoreError> {
    let mut raw = form_of(form);
    let area = raw.area_code.trim().to_string();
    if !area.is_empty() {
        match dueregard_formats::workforce::reference::find_area(&area) {
            Ok(a) => raw.area_code = a.code,
            Err(m) => {
                return Err(StoreError::Invalid(
                    dueregard_core::validate::ValidationErrors::single("area_code", m),
                ));
            }
        }
    }
    ConsultationFields::validate(&raw, keep).map_err(StoreError::Invalid)
}

/// Setting up a consultation.
pub struct ConsultationAdd(Choices);

impl AddPage for ConsultationAdd {
    const SECTION: &'static str = "consultations";
    async fn locate(state: &AppState, org: i64, _: &[i64]) -> Result<Self, AppError> {
        Ok(ConsultationAdd(Choices::load(state, org).await?))
    }
    fn spec(&self) -> FormSpec {
        FormSpec::new(
            "Set up a consultation",
            "/consultations/new".into(),
            "/consultations",
            None,
        )
    }
    fn blank(&self) -> Vec<Field> {
        let opens = today();
        let closes = ConsultationFields::usual_close(opens).unwrap_or(opens);
        self.0.fields(&ConsultationForm {
            opens: opens.to_string(),
            closes: closes.to_string(),
            area_code: self.0.area.clone(),
            ask_monitoring: true,
            keep_personal_days: "365".into(),
            ..Default::default()
        })
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
        let fields = read(form, None)?;
        let made = state
            .store
            .create_consultation(&Actor::user(&session.user), session.org.id, fields)
            .await?;
        Ok(format!("/consultations/{}", made.id))
    }
}

/// Changing a consultation's details (its questions have their own pages).
pub struct ConsultationEdit {
    org: i64,
    id: i64,
    choices: Choices,
}

impl EditPage for ConsultationEdit {
    type Record = Consultation;
    const ENTITY: &'static str = "consultation";
    const SECTION: &'static str = "consultations";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, c: &Consultation) -> FormSpec {
        FormSpec::new(
            "Change a consultation",
            format!("/consultations/{}/edit", c.id),
            &format!("/consultations/{}", c.id),
            Some(c.version),
        )
    }
    fn fields_of(&self, c: &Consultation) -> Vec<Field> {
        self.choices.fields(&c.fields.to_form())
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        self.choices.fields(&form_of(form))
    }
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        Ok(ConsultationEdit {
            org,
            id: edit::record_id(ids)?,
            choices: Choices::load(state, org).await?,
        })
    }
    async fn load(&self, state: &AppState) -> Result<Consultation, StoreError> {
        state.store.consultation(self.org, self.id).await
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        let kept = self.load(state).await?;
        let fields = read(form, Some(&kept.fields))?;
        state
            .store
            .update_consultation(
                &Actor::user(&session.user),
                self.org,
                self.id,
                version,
                fields,
            )
            .await?;
        Ok(format!("/consultations/{}", self.id))
    }
}

fn question_fields(
    kind: &str,
    text: &str,
    hint: &str,
    options: &str,
    required: bool,
) -> Vec<Field> {
    vec![
        Field::radios(
            "kind",
            "How is it answered?",
            QuestionKind::ALL
                .iter()
                .map(|k| Choice::new(k.key(), k.label(), kind == k.key()))
                .collect(),
        ),
        Field::text("text", "The question", text),
        Field::text("hint", "Hint (optional)", hint).hint("Anything that helps people answer"),
        Field::textarea("options", "Choices (for the first two kinds)", options).hint("One a line"),
        Field::radios(
            "required",
            "Must it be answered?",
            vec![
                Choice::new("no", "No, it is optional", !required),
                Choice::new("yes", "Yes", required),
            ],
        ),
    ]
}

fn question_from(form: &FormData) -> Vec<Field> {
    question_fields(
        &form.text("kind"),
        &form.text("text"),
        &form.text("hint"),
        &form.text("options"),
        form.text("required") == "yes",
    )
}

fn read_question(form: &FormData, key: String) -> Result<Question, StoreError> {
    Question::validate(
        key,
        &form.text("kind"),
        &form.text("text"),
        &form.text("hint"),
        &form.text("options"),
        form.text("required") == "yes",
    )
    .map_err(StoreError::Invalid)
}

/// Adding a question to a consultation.
pub struct QuestionAdd {
    org: i64,
    consultation: Consultation,
}

impl AddPage for QuestionAdd {
    const SECTION: &'static str = "consultations";
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        let id = edit::record_id(ids)?;
        Ok(QuestionAdd {
            org,
            consultation: state.store.consultation(org, id).await?,
        })
    }
    fn spec(&self) -> FormSpec {
        let id = self.consultation.id;
        FormSpec::new(
            "Add a question",
            format!("/consultations/{id}/questions/new"),
            &format!("/consultations/{id}"),
            None,
        )
    }
    fn blank(&self) -> Vec<Field> {
        question_fields("long_text", "", "", "", false)
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        question_from(form)
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let c = &self.consultation;
        let mut fields = c.fields.clone();
        if fields.questions.len() >= dueregard_core::consultation::MAX_QUESTIONS {
            return Err(StoreError::Invalid(
                dueregard_core::validate::ValidationErrors::single(
                    "text",
                    "A consultation asks 60 questions at most",
                ),
            ));
        }
        fields
            .questions
            .push(read_question(form, fields.next_question_key())?);
        state
            .store
            .update_consultation(
                &Actor::user(&session.user),
                self.org,
                c.id,
                c.version,
                fields,
            )
            .await?;
        Ok(format!("/consultations/{}#questions", c.id))
    }
}

/// Changing one question, through the one edit flow (so a colleague's change to another
/// question, or to this one, is never undone).
pub struct QuestionEdit {
    org: i64,
    id: i64,
    number: usize,
}

impl QuestionEdit {
    fn question<'a>(&self, c: &'a Consultation) -> Option<&'a Question> {
        c.fields.questions.get(self.number.checked_sub(1)?)
    }
}

impl EditPage for QuestionEdit {
    type Record = Consultation;
    const ENTITY: &'static str = "consultation";
    const SECTION: &'static str = "consultations";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, c: &Consultation) -> FormSpec {
        FormSpec::new(
            &format!("Change question {}", self.number),
            format!("/consultations/{}/questions/{}/edit", c.id, self.number),
            &format!("/consultations/{}", c.id),
            Some(c.version),
        )
    }
    fn fields_of(&self, c: &Consultation) -> Vec<Field> {
        match self.question(c) {
            Some(q) => question_fields(
                q.kind.key(),
                &q.text,
                q.hint.as_deref().unwrap_or(""),
                &q.options.join("\n"),
                q.required,
            ),
            None => Vec::new(),
        }
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        question_from(form)
    }
    async fn locate(_: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        match ids {
            [id, number] if *number >= 1 => Ok(QuestionEdit {
                org,
                id: *id,
                number: *number as usize,
            }),
            _ => Err(AppError::NotFound),
        }
    }
    async fn load(&self, state: &AppState) -> Result<Consultation, StoreError> {
        let c = state.store.consultation(self.org, self.id).await?;
        match self.question(&c) {
            Some(_) => Ok(c),
            None => Err(StoreError::NotFound("question")),
        }
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        let c = self.load(state).await?;
        let key = self.question(&c).map(|q| q.key.clone()).unwrap_or_default();
        let question = read_question(form, key)?;
        let mut fields = c.fields.clone();
        fields.questions[self.number - 1] = question;
        state
            .store
            .update_consultation(
                &Actor::user(&session.user),
                self.org,
                self.id,
                version,
                fields,
            )
            .await?;
        Ok(format!("/consultations/{}#questions", self.id))
    }
}

/// Saves a change a button makes to a consultation (not the edit flow's form), as an edit of
/// the version the page showed.
pub(super) async fn save_fields(
    state: &AppState,
    session: &SignedIn,
    id: i64,
    form: &FormData,
    fields: ConsultationFields,
) -> Result<(), AppError> {
    state
        .store
        .update_consultation(
            &Actor::user(&session.user),
            session.org.id,
            id,
            form_version(form)?,
            fields,
        )
        .await?;
    Ok(())
}

/// POST /consultations/{id}/questions/template: seed 000's five questions, for a
/// consultation with none yet.
pub async fn use_template(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let c = state.store.consultation(session.org.id, id).await?;
    if c.fields.questions.is_empty() {
        let mut fields = c.fields.clone();
        fields.questions = seed_questions();
        save_fields(&state, &session, id, &form, fields).await?;
    }
    see_other(format!("/consultations/{id}#questions"))
}

/// POST /consultations/{id}/questions/{n}/remove: only before anyone has answered it.
pub async fn remove_question(
    State(state): State<AppState>,
    session: SignedIn,
    Path((id, number)): Path<(i64, usize)>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let org = session.org.id;
    let c = state.store.consultation(org, id).await?;
    let Some(q) = number
        .checked_sub(1)
        .and_then(|i| c.fields.questions.get(i))
    else {
        return Err(AppError::NotFound.into());
    };
    let answered = state
        .store
        .responses(org, id)
        .await?
        .iter()
        .any(|r| r.answers.contains_key(&q.key));
    if answered {
        return Err(AppError::BadRequest(format!(
            "Question {number} has been answered, so it cannot be removed: the answers would lose their question."
        ))
        .into());
    }
    let mut fields = c.fields.clone();
    fields.questions.remove(number - 1);
    save_fields(&state, &session, id, &form, fields).await?;
    see_other(format!("/consultations/{id}#questions"))
}

/// POST /consultations/{id}/publish: shows it to the public (or withdraws it).
pub async fn publish(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let org = session.org.id;
    let c = state.store.consultation(org, id).await?;
    let mut fields = c.fields.clone();
    fields.published = form.text("publish") == "yes";
    if fields.published {
        fields.ready_to_publish().map_err(AppError::Invalid)?;
    }
    save_fields(&state, &session, id, &form, fields).await?;
    see_other(format!("/consultations/{id}"))
}

/// GET /consultations
pub async fn list(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let org = session.org.id;
    let counts = state.store.response_counts(org).await?;
    let today = today();
    let mut rows = String::new();
    for c in state.store.consultations(org).await? {
        let (counted, held) = counts
            .iter()
            .find(|(id, _, _)| *id == c.id)
            .map_or((0, 0), |(_, a, b)| (*a, *b));
        rows.push_str(&format!(
            "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/consultations/{id}\">{title}</a></td><td class=\"govuk-table__cell\">{stage}</td><td class=\"govuk-table__cell\">{opens} to {closes}</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">{counted}{held}</td></tr>",
            id = c.id,
            title = xml(&c.fields.title),
            stage = c.fields.stage(today).label(),
            opens = long_date(c.fields.opens),
            closes = long_date(c.fields.closes),
            held = if held > 0 { format!(" ({held} held)") } else { String::new() },
        ));
    }
    let add = if session.user.role.can_edit_everything() {
        "<a href=\"/consultations/new\" role=\"button\" draggable=\"false\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Set up a consultation</a>"
    } else {
        ""
    };
    let table = if rows.is_empty() {
        "<p class=\"govuk-body\">No consultations yet.</p>".to_string()
    } else {
        format!(
            "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">Consultations</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Consultation</th><th scope=\"col\" class=\"govuk-table__header\">Stage</th><th scope=\"col\" class=\"govuk-table__header\">Runs</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Responses</th></tr></thead><tbody class=\"govuk-table__body\">{rows}</tbody></table>"
        )
    };
    Ok(render(&HtmlPage {
        chrome: Chrome::new(&session, "consultations"),
        title: "Consultations".into(),
        body: format!(
            "<h1 class=\"govuk-heading-l\">Consultations</h1><p class=\"govuk-body\">Ask people before deciding, while proposals can still change, and see while a consultation is open whose voices are missing.</p>{add}{table}"
        ),
    }))
}

fn button(
    session: &SignedIn,
    action: &str,
    version: i64,
    extra: (&str, &str),
    label: &str,
    secondary: bool,
) -> String {
    format!(
        "<form method=\"post\" action=\"{action}\" class=\"dr-inline-form\"><input type=\"hidden\" name=\"csrf_token\" value=\"{csrf}\"><input type=\"hidden\" name=\"version\" value=\"{version}\"><input type=\"hidden\" name=\"{name}\" value=\"{value}\"><button type=\"submit\" class=\"govuk-button{class}\" data-module=\"govuk-button\">{label}</button></form>",
        csrf = xml(&session.csrf),
        name = extra.0,
        value = extra.1,
        class = if secondary {
            " govuk-button--secondary"
        } else {
            ""
        },
    )
}

/// GET /consultations/{id}: the details, the period check, the questions, the responses so
/// far and who has been heard.
pub async fn show(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let org = session.org.id;
    let c = state.store.consultation(org, id).await?;
    let f = &c.fields;
    let editor = session.user.role.can_edit_everything();
    let stage = f.stage(today());
    let mut body = format!(
        "<span class=\"govuk-caption-l\">Consultation · {stage}</span><h1 class=\"govuk-heading-l\">{title}</h1><p class=\"govuk-body dr-pre\">{purpose}</p>",
        stage = stage.label(),
        title = xml(&f.title),
        purpose = xml(&f.purpose),
    );
    let period = if f.is_short() {
        format!(
            "{} days, shorter than the usual 12 weeks. The reason: {}",
            f.days_open(),
            xml(f.short_period_reason.as_deref().unwrap_or("none given"))
        )
    } else {
        format!("{} days (12 weeks or more)", f.days_open())
    };
    let mut rows = vec![
        (
            "Runs".to_string(),
            format!("{} to {}", long_date(f.opens), long_date(f.closes)),
        ),
        ("Period".to_string(), period),
        (
            "Who is asked".to_string(),
            if f.consultees.is_empty() {
                "Not said".into()
            } else {
                f.consultees
                    .iter()
                    .map(|c| xml(c))
                    .collect::<Vec<_>>()
                    .join("<br>")
            },
        ),
        (
            "The proposal's documents".to_string(),
            if f.documents.is_empty() {
                "None given".into()
            } else {
                f.documents
                    .iter()
                    .map(|d| {
                        format!(
                            "<a class=\"govuk-link\" href=\"{}\">{}</a>",
                            xml(&d.address),
                            xml(&d.title)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("<br>")
            },
        ),
    ];
    if f.published {
        rows.push((
            "Public page".into(),
            format!("<a class=\"govuk-link\" href=\"/public/{slug}/consultations/{id}\">/public/{slug}/consultations/{id}</a>", slug = xml(&session.org.slug)),
        ));
    }
    let civic = state.store.civic_dates(org).await?;
    for (what, day) in [("opens", f.opens), ("closes", f.closes)] {
        if let Some(clash) = crate::app::calendars::clashes(&civic, day) {
            body.push_str(&format!(
                "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>It {what} on a major festival: {}.</strong></div>",
                xml(&clash)
            ));
        }
    }
    body.push_str("<dl class=\"govuk-summary-list\">");
    for (k, v) in rows {
        body.push_str(&format!("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">{k}</dt><dd class=\"govuk-summary-list__value\">{v}</dd></div>"));
    }
    body.push_str("</dl>");
    if editor {
        body.push_str(&format!("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/consultations/{id}/edit\">Change the details</a></p>"));
        body.push_str(&if f.published {
            button(
                &session,
                &format!("/consultations/{id}/publish"),
                c.version,
                ("publish", "no"),
                "Withdraw from the public site",
                true,
            )
        } else {
            button(
                &session,
                &format!("/consultations/{id}/publish"),
                c.version,
                ("publish", "yes"),
                "Publish for responses",
                false,
            )
        });
    }

    body.push_str("<h2 class=\"govuk-heading-m\" id=\"questions\">Questions</h2>");
    if f.questions.is_empty() {
        body.push_str("<p class=\"govuk-body\">No questions yet.</p>");
        if editor {
            body.push_str(&button(
                &session,
                &format!("/consultations/{id}/questions/template"),
                c.version,
                ("template", "seed"),
                "Start from the five questions on equality priorities",
                true,
            ));
        }
    } else {
        body.push_str("<ol class=\"govuk-list govuk-list--number\">");
        for (n, q) in f.questions.iter().enumerate() {
            let choices = if q.kind.is_closed() {
                format!(" ({})", xml(&q.choices().join(", ")))
            } else {
                String::new()
            };
            let change = if editor {
                format!(
                    " <a class=\"govuk-link\" href=\"/consultations/{id}/questions/{n}/edit\">Change<span class=\"govuk-visually-hidden\"> question {n}</span></a> {remove}",
                    n = n + 1,
                    remove = button(
                        &session,
                        &format!("/consultations/{id}/questions/{}/remove", n + 1),
                        c.version,
                        ("remove", "yes"),
                        &format!(
                            "Remove<span class=\"govuk-visually-hidden\"> question {}</span>",
                            n + 1
                        ),
                        true
                    )
                )
            } else {
                String::new()
            };
            body.push_str(&format!(
                "<li>{}{} <span class=\"govuk-body-s\">{}{}{}</span>{change}</li>",
                xml(&q.text),
                if q.required { "" } else { " (optional)" },
                q.kind.label(),
                choices,
                q.hint
                    .as_deref()
                    .map(|h| format!(". Hint: {}", xml(h)))
                    .unwrap_or_default(),
            ));
        }
        body.push_str("</ol>");
    }
    if editor {
        body.push_str(&format!("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/consultations/{id}/questions/new\">Add a question</a></p>"));
    }

    let responses = state.store.responses(org, id).await?;
    let counted = responses.iter().filter(|r| r.held.is_none()).count();
    let held = responses.len() - counted;
    body.push_str(&format!("<h2 class=\"govuk-heading-m\">Responses</h2><p class=\"govuk-body\">{counted} counted{}.</p>", if held > 0 { format!(", {held} held back (a likely robot, or the same answers sent again): they are kept, and listed with the responses") } else { String::new() }));
    let mut by_channel = String::new();
    for ch in Channel::ALL {
        let n = responses
            .iter()
            .filter(|r| r.held.is_none() && r.channel == *ch)
            .count();
        if n > 0 {
            by_channel.push_str(&format!("<li>{}: {n}</li>", ch.label()));
        }
    }
    if !by_channel.is_empty() {
        body.push_str(&format!(
            "<ul class=\"govuk-list govuk-list--bullet\">{by_channel}</ul>"
        ));
    }
    body.push_str(&format!("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/consultations/{id}/summary\">The summary of what was heard</a>{}</p>", if editor { format!(" · <a class=\"govuk-link\" href=\"/consultations/{id}/analysis\">Code the written answers and record what changed</a>") } else { String::new() }));
    if editor {
        body.push_str(&format!("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/consultations/{id}/responses\">Read the responses</a> · <a class=\"govuk-link\" href=\"/consultations/{id}/responses/new\">Key in a paper or email response</a> · <a class=\"govuk-link\" href=\"/consultations/{id}/responses/import\">Bring in responses from another survey tool</a></p>"));
    }
    for q in f.questions.iter().filter(|q| q.kind.is_closed()) {
        let mut items = String::new();
        for choice in q.choices() {
            let n = responses
                .iter()
                .filter(|r| {
                    r.held.is_none()
                        && r.answers
                            .get(&q.key)
                            .is_some_and(|a| a.iter().any(|x| x == choice))
                })
                .count();
            items.push_str(&format!("<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">{n}</td></tr>", xml(choice)));
        }
        body.push_str(&format!("<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">{}</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Answer</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Responses</th></tr></thead><tbody class=\"govuk-table__body\">{items}</tbody></table>", xml(&q.text)));
    }
    let events: String = state
        .store
        .engagement_events(org)
        .await?
        .iter()
        .filter(|e| e.fields.consultation_id == Some(id))
        .map(super::engagement::line)
        .collect();
    body.push_str(&format!(
        "<h2 class=\"govuk-heading-m\">Engagement events and forums</h2>{}",
        if events.is_empty() {
            "<p class=\"govuk-body\">None recorded for this consultation.</p>".to_string()
        } else {
            format!("<ul class=\"govuk-list govuk-list--spaced\">{events}</ul>")
        }
    ));
    body.push_str(
        &super::consultation_analysis::breakdown_section(&state, org, &c, &responses).await?,
    );
    body.push_str(&reach_section(&state, org, &c, stage).await?);
    Ok(render(&HtmlPage {
        chrome: Chrome::new(&session, "consultations"),
        title: f.title.clone(),
        body,
    }))
}

/// Who has been heard, against the area's population, with the groups under-heard first.
async fn reach_section(
    state: &AppState,
    org: i64,
    c: &Consultation,
    stage: Stage,
) -> Result<String, AppError> {
    let mut out =
        String::from("<h2 class=\"govuk-heading-m\" id=\"reach\">Who has been heard</h2>");
    if !c.fields.ask_monitoring {
        out.push_str("<p class=\"govuk-body\">This consultation does not ask the equality monitoring questions, so who has been heard cannot be compared with the area.</p>");
        return Ok(out);
    }
    let Some((area, tables)) = consultations::reach_tables(state.store.as_ref(), org, c)
        .await
        .map_err(|e| AppError::Internal(format!("{e:#}")))?
    else {
        out.push_str("<p class=\"govuk-body\">Name the area it serves (in its details) to compare respondents with the area's Census 2021 population.</p>");
        return Ok(out);
    };
    let under: Vec<String> = tables
        .iter()
        .flat_map(|t| {
            t.under_heard()
                .into_iter()
                .map(move |g| format!("{} ({})", g, t.characteristic.label().to_lowercase()))
        })
        .collect();
    if !under.is_empty() && stage != Stage::Closed {
        out.push_str(&format!(
            "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>Under-heard so far: {}. There is time until {} to reach them, through the networks and forums that work with them.</strong></div>",
            xml(&under.join("; ")),
            long_date(c.fields.closes)
        ));
        // The events planned to close the gap, by the groups they set out to hear.
        let today = today();
        let events = state.store.engagement_events(org).await?;
        let mut planned = String::new();
        for t in &tables {
            for group in t.under_heard() {
                let to_come: Vec<String> = events
                    .iter()
                    .filter(|e| {
                        e.fields.date >= today
                            && e.fields.date <= c.fields.closes
                            && e.fields.aims_at(group)
                    })
                    .map(|e| {
                        format!(
                            "<a class=\"govuk-link\" href=\"/engagement/{}\">{}</a> on {}",
                            e.id,
                            xml(&e.fields.title),
                            long_date(e.fields.date)
                        )
                    })
                    .collect();
                planned.push_str(&format!(
                    "<li>{}: {}</li>",
                    xml(group),
                    if to_come.is_empty() {
                        "nothing planned yet".to_string()
                    } else {
                        to_come.join("; ")
                    }
                ));
            }
        }
        out.push_str(&format!("<h3 class=\"govuk-heading-s\">Planned to reach them</h3><ul class=\"govuk-list govuk-list--bullet\">{planned}</ul><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/consultations/{}/engagement/new\">Plan an event or forum for this consultation</a></p>", c.id));
    }
    out.push_str(&format!("<p class=\"govuk-body\">Respondents who answered each monitoring question, against {} in Census 2021. A group is under-heard when its share of the population is above the 95% interval around its share of respondents. Counts of 1 to 9, and any figure that would give one away, show as {SUPPRESSED}.</p>", xml(&area)));
    let pct = |v: Option<f64>| v.map_or(SUPPRESSED.to_string(), |v| format!("{v:.1}%"));
    for t in &tables {
        let mut rows = String::new();
        for r in &t.rows {
            rows.push_str(&format!(
                "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">{:.1}%</td><td class=\"govuk-table__cell\">{}</td></tr>",
                xml(&r.label),
                r.respondents.map_or(SUPPRESSED.to_string(), |n| n.to_string()),
                pct(r.share),
                r.interval.map_or(SUPPRESSED.to_string(), |(l, h)| format!("{l:.1}% to {h:.1}%")),
                r.population_share,
                match r.heard {
                    Some(h @ dueregard_stats::reach::Heard::UnderHeard) => format!("<strong class=\"govuk-tag govuk-tag--red\">{}</strong>", h.text()),
                    Some(h) => h.text().to_string(),
                    None => "Too few answers to compare".into(),
                }
            ));
        }
        out.push_str(&format!(
            "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">{label}</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Group</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Respondents</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Share</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">95% interval</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Population</th><th scope=\"col\" class=\"govuk-table__header\">Heard</th></tr></thead><tbody class=\"govuk-table__body\">{rows}</tbody></table><p class=\"govuk-body-s\">Compared: {compared}. Did not say, or not compared: {other}. Source: {source}.</p>",
            label = t.characteristic.label(),
            compared = t.compared.map_or(SUPPRESSED.to_string(), |n| n.to_string()),
            other = t.not_compared.map_or(SUPPRESSED.to_string(), |n| n.to_string()),
            source = xml(&t.source),
        ));
    }
    Ok(out)
}
