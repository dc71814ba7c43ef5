//! Budget rounds: gather a budget's proposals (each a decision with its assessments), see every
//! group's impacts across them in one matrix with the groups several proposals hit flagged, record
//! the consideration of the whole, and give the meeting its report.

use super::FormSpec;
use super::reports::report_file;
use crate::app::budget;
use crate::web::auth::SignedIn;
use crate::web::edit::{self, AddPage, EditPage};
use crate::web::error::{AppError, PageResult};
use crate::web::form::{Choice, Field, FormData};
use crate::web::templates::{Chrome, HtmlPage};
use crate::web::{AppState, render, today};
use axum::extract::{Path, State};
use dueregard_core::assessment::Impact;
use dueregard_core::budget::{BudgetRound, BudgetRoundFields, BudgetRoundForm, Matrix};
use dueregard_core::period::long_date;
use dueregard_core::store::{Actor, StoreError};
use dueregard_formats::export::xml;

/// What a round may gather: the body's decisions, and the meetings that may set the budget.
pub struct Choices {
    decisions: Vec<(i64, String)>,
    meetings: Vec<(i64, String)>,
}

impl Choices {
    async fn load(state: &AppState, org: i64) -> Result<Choices, AppError> {
        let store = state.store.as_ref();
        let committees = store.committees(org).await?;
        Ok(Choices {
            decisions: store
                .decisions(org)
                .await?
                .into_iter()
                .map(|d| {
                    (
                        d.id,
                        format!("{} ({})", d.fields.title, long_date(d.fields.decided_on)),
                    )
                })
                .collect(),
            meetings: store
                .meetings(org)
                .await?
                .into_iter()
                .map(|m| {
                    let committee = committees
                        .iter()
                        .find(|c| c.id == m.fields.committee_id)
                        .map_or("Meeting", |c| c.fields.name.as_str());
                    (m.id, format!("{committee}, {}", long_date(m.fields.date)))
                })
                .collect(),
        })
    }

    fn fields(&self, f: &BudgetRoundForm) -> Vec<Field> {
        let mut meetings = vec![Choice::new("", "None chosen", f.meeting_id.is_empty())];
        meetings.extend(
            self.meetings
                .iter()
                .map(|(id, name)| Choice::new(id, name.clone(), f.meeting_id == id.to_string())),
        );
        vec![
            Field::text("title", "Title", f.title.clone())
                .hint("For example: Budget 2026 to 2027"),
            Field::select("meeting_id", "The meeting that sets the budget (optional)", meetings),
            Field::checkboxes(
                "decision_ids",
                "The proposals in this round",
                self.decisions
                    .iter()
                    .map(|(id, name)| {
                        Choice::new(id, name.clone(), f.decision_ids.contains(&id.to_string()))
                    })
                    .collect(),
            )
            .hint("Each proposal is a decision with its impact assessments attached"),
            Field::short("several", "How many proposals with a negative impact flag a group", f.several.clone())
                .hint("2 unless you have a reason to choose more"),
            Field::textarea("conclusion", "What was concluded about the cumulative impact (optional until it is considered)", f.conclusion.clone())
                .hint("The groups affected by several proposals, what is done to lessen it, and why the budget goes ahead as it does"),
            Field::date("considered_on", "The day the cumulative impact was considered (optional)", &f.considered_on),
        ]
    }
}

fn form_of(form: &FormData) -> BudgetRoundForm {
    BudgetRoundForm {
        title: form.text("title"),
        meeting_id: form.text("meeting_id"),
        decision_ids: form.all("decision_ids"),
        several: form.text("several"),
        conclusion: form.text("conclusion"),
        considered_on: form.date("considered_on"),
    }
}

fn read(form: &FormData) -> Result<BudgetRoundFields, StoreError> {
    BudgetRoundFields::validate(&form_of(form)).map_err(StoreError::Invalid)
}

/// Starting a budget round.
pub struct BudgetRoundAdd(Choices);

impl AddPage for BudgetRoundAdd {
    const SECTION: &'static str = "assessments";
    async fn locate(state: &AppState, org: i64, _: &[i64]) -> Result<Self, AppError> {
        Ok(BudgetRoundAdd(Choices::load(state, org).await?))
    }
    fn spec(&self) -> FormSpec {
        FormSpec::new(
            "Start a budget round",
            "/budget-rounds/new".into(),
            "/budget-rounds",
            None,
        )
    }
    fn blank(&self) -> Vec<Field> {
        self.0.fields(&BudgetRoundForm {
            several: "2".into(),
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
        let made = state
            .store
            .create_budget_round(&Actor::user(&session.user), session.org.id, read(form)?)
            .await?;
        Ok(format!("/budget-rounds/{}", made.id))
    }
}

/// Changing a budget round: its proposals, and recording its consideration.
pub struct BudgetRoundEdit {
    org: i64,
    id: i64,
    choices: Choices,
}

impl EditPage for BudgetRoundEdit {
    type Record = BudgetRound;
    const ENTITY: &'static str = "budget round";
    const SECTION: &'static str = "assessments";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, r: &BudgetRound) -> FormSpec {
        FormSpec::new(
            "Change a budget round",
            format!("/budget-rounds/{}/edit", r.id),
            &format!("/budget-rounds/{}", r.id),
            Some(r.version),
        )
    }
    fn fields_of(&self, r: &BudgetRound) -> Vec<Field> {
        self.choices.fields(&r.fields.to_form())
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        self.choices.fields(&form_of(form))
    }
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        Ok(BudgetRoundEdit {
            org,
            id: edit::record_id(ids)?,
            choices: Choices::load(state, org).await?,
        })
    }
    async fn load(&self, state: &AppState) -> Result<BudgetRound, StoreError> {
        state.store.budget_round(self.org, self.id).await
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
            .update_budget_round(
                &Actor::user(&session.user),
                self.org,
                self.id,
                version,
                read(form)?,
            )
            .await?;
        Ok(format!("/budget-rounds/{}", self.id))
    }
}

/// GET /budget-rounds
pub async fn list(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let rounds = state.store.budget_rounds(session.org.id).await?;
    let items: String = rounds
        .iter()
        .map(|r| {
            format!(
                "<li><a class=\"govuk-link\" href=\"/budget-rounds/{}\">{}</a><br><span class=\"govuk-body-s\">{} proposals · {}</span></li>",
                r.id,
                xml(&r.fields.title),
                r.fields.decision_ids.len(),
                r.fields.considered_on.map_or("cumulative impact not yet considered".to_string(), |d| format!("considered on {}", long_date(d)))
            )
        })
        .collect();
    super::record_list(
        &session,
        "assessments",
        "Budget rounds",
        "A budget's proposals each have their own impact assessment. Gathered here, you can see where the same group is affected by several of them: the cumulative impact the budget-setting meeting must consider.",
        ("/budget-rounds/new", "Start a budget round"),
        &items,
    )
}

/// The matrix as a table: one row a group, one column a proposal, each cell in words.
fn matrix_table(m: &Matrix) -> String {
    let head: String = m
        .proposals
        .iter()
        .map(|(id, t)| {
            format!(
                "<th scope=\"col\" class=\"govuk-table__header\"><a class=\"govuk-link\" href=\"/decisions/{id}\">{}</a></th>",
                xml(t)
            )
        })
        .collect();
    let rows: String = m
        .rows
        .iter()
        .map(|r| {
            let cells: String = r
                .cells
                .iter()
                .map(|c| match c {
                    None => "<td class=\"govuk-table__cell\">Not assessed</td>".to_string(),
                    Some(c) => format!(
                        "<td class=\"govuk-table__cell\"><strong class=\"govuk-tag {}\">{}</strong></td>",
                        match c.impact {
                            Impact::Negative => "govuk-tag--red",
                            Impact::NotKnown => "govuk-tag--yellow",
                            Impact::Neutral => "govuk-tag--grey",
                            Impact::Positive => "govuk-tag--green",
                        },
                        c.words()
                    ),
                })
                .collect();
            format!(
                "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}{}</th>{cells}<td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td></tr>",
                xml(&r.label),
                if r.flagged { " <strong class=\"govuk-tag govuk-tag--red\">Several proposals</strong>" } else { "" },
                r.negative
            )
        })
        .collect();
    format!(
        "<div class=\"dr-table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Impacts by characteristic and proposal\"><table class=\"govuk-table\" id=\"matrix\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Each proposal's impact on each group</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Characteristic</th>{head}<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Negative impacts</th></tr></thead><tbody class=\"govuk-table__body\">{rows}</tbody></table></div>"
    )
}

/// GET /budget-rounds/{id}
pub async fn show(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let org = session.org.id;
    let r = state.store.budget_round(org, id).await?;
    let m = budget::matrix(state.store.as_ref(), org, &r).await?;
    let f = &r.fields;
    let mut body = format!(
        "<span class=\"govuk-caption-l\">Budget round</span><h1 class=\"govuk-heading-l\">{}</h1>",
        xml(&f.title)
    );
    body.push_str(&format!(
        "<div class=\"govuk-button-group\"><a href=\"/budget-rounds/{id}/report\" role=\"button\" draggable=\"false\" class=\"govuk-button\" data-module=\"govuk-button\">The report for the budget meeting</a>{}</div>",
        if session.user.role.can_edit_everything() {
            format!("<a class=\"govuk-link\" href=\"/budget-rounds/{id}/edit\">Change the round or record its consideration</a>")
        } else {
            String::new()
        }
    ));
    let flagged: Vec<_> = m.rows.iter().filter(|r| r.flagged).collect();
    if flagged.is_empty() {
        body.push_str(
            "<p class=\"govuk-body\">No group is affected negatively by several proposals.</p>",
        );
    } else {
        body.push_str(&format!("<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>{} affected negatively by {} or more proposals.</strong></div>",
            if flagged.len() == 1 { "1 group is".to_string() } else { format!("{} groups are", flagged.len()) },
            f.several));
    }
    if !m.unassessed.is_empty() {
        body.push_str(&format!(
            "<p class=\"govuk-body\">No impact assessment is attached to: {}.</p>",
            xml(&m.unassessed.join("; "))
        ));
    }
    body.push_str(&matrix_table(&m));
    for row in &flagged {
        let items: String = row
            .mitigations
            .iter()
            .map(|(p, mitigation)| {
                format!("<li><strong>{}</strong>: {}</li>", xml(p), xml(mitigation))
            })
            .collect();
        body.push_str(&format!(
            "<h2 class=\"govuk-heading-m\">{}: {} proposals with a negative impact</h2><p class=\"govuk-body\">The mitigations offered:</p><ul class=\"govuk-list govuk-list--bullet\">{items}</ul>",
            xml(&row.label),
            row.negative
        ));
    }
    body.push_str("<h2 class=\"govuk-heading-m\">The consideration of the whole</h2>");
    match f.considered_on {
        Some(on) => body.push_str(&format!(
            "<p class=\"govuk-body dr-pre\">{}</p><p class=\"govuk-body-s\">Considered on {}.</p>",
            xml(&f.conclusion),
            long_date(on)
        )),
        None => body.push_str("<p class=\"govuk-body\">The cumulative impact has not been considered yet. Each proposal's decision shows this in its due-regard check until it is.</p>"),
    }
    Ok(render(&HtmlPage {
        chrome: Chrome::new(&session, "assessments"),
        title: f.title.clone(),
        body,
    }))
}

/// GET /budget-rounds/{id}/report
pub async fn report(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let report = budget::report(state.store.as_ref(), session.org.id, id, today()).await?;
    let address = format!("/budget-rounds/{id}/report");
    super::reports::report_page(
        &session,
        "assessments",
        report.title.clone(),
        &report,
        &address,
    )
}

/// GET /budget-rounds/{id}/report/{format}
pub async fn report_download(
    State(state): State<AppState>,
    session: SignedIn,
    Path((id, format)): Path<(i64, String)>,
) -> PageResult {
    let report = budget::report(state.store.as_ref(), session.org.id, id, today()).await?;
    report_file(report, &format).await
}

/// A budget round as the API gives it: the record and its matrix.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct BudgetRoundView {
    #[serde(flatten)]
    pub record: BudgetRound,
    pub matrix: Matrix,
}

/// GET /api/v1/budget-rounds
pub async fn api_list(
    State(state): State<AppState>,
    caller: crate::web::auth::ApiCaller,
) -> crate::web::error::ApiResult {
    Ok(super::ok_json(
        &state.store.budget_rounds(caller.org.id).await?,
    ))
}

/// GET /api/v1/budget-rounds/{id}
pub async fn api_show(
    State(state): State<AppState>,
    caller: crate::web::auth::ApiCaller,
    Path(id): Path<i64>,
) -> crate::web::error::ApiResult {
    let org = caller.org.id;
    let record = state.store.budget_round(org, id).await?;
    let matrix = budget::matrix(state.store.as_ref(), org, &record).await?;
    Ok(super::ok_json(&BudgetRoundView { record, matrix }))
}
