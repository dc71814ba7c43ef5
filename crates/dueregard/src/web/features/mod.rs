//! One module per feature, each with its pages and its API handlers side by side.

pub mod account;
pub mod actions;
pub mod assessment_form;
pub mod assessments;
pub mod budget_rounds;
pub mod calendars;
pub mod catalogue;
pub mod committees;
pub mod compliance;
pub mod consultation_analysis;
pub mod consultation_import;
pub mod consultation_public;
pub mod consultation_responses;
pub mod consultations;
pub mod cycle;
pub mod dashboard;
pub mod engagement;
pub mod frameworks;
pub mod import;
pub mod incidents;
pub mod indicator_public;
pub mod indicator_values;
pub mod indicators;
pub mod indicators_api;
pub mod meetings;
pub mod objectives;
pub mod partnerships;
pub mod people;
pub mod plan_parts;
pub mod plans;
pub mod public;
pub mod publications;
pub mod records;
pub mod recruitment;
pub mod reports;
pub mod rows_entry;
pub mod search;
pub mod training;
pub mod users;
pub mod workforce;

use crate::web::auth::can_update;
use crate::web::form::Choice;
pub use crate::web::respond::*;
use crate::web::templates::{ActionRowView, progress_tag};
use dueregard_core::account::User;
use dueregard_core::dashboard::{ActionRow, PlanRow};
use dueregard_core::org::Person;
use dueregard_core::period::long_date;
use dueregard_core::progress;
use dueregard_formats::export::xml;

pub use dueregard_core::org::lead_initials;

pub fn lead_names(people: &[Person], ids: &[i64]) -> String {
    let names: Vec<String> = ids
        .iter()
        .filter_map(|id| people.iter().find(|p| p.id == *id))
        .map(|p| p.fields.name.clone())
        .collect();
    if names.is_empty() {
        "None named".into()
    } else {
        names.join(", ")
    }
}

pub fn people_choices(people: &[Person], selected: &[i64]) -> Vec<Choice> {
    people
        .iter()
        .map(|p| {
            let label = match &p.fields.initials {
                Some(i) => format!("{} ({i})", p.fields.name),
                None => p.fields.name.clone(),
            };
            Choice::new(p.id, label, selected.contains(&p.id))
        })
        .collect()
}

/// A list row for an action, with what the viewer may do with it.
pub fn action_row_view(
    row: &ActionRow,
    plans: &[PlanRow],
    user: &User,
    lead_ids: Option<&[i64]>,
) -> ActionRowView {
    let plan = plans.iter().find(|p| p.id == row.plan_id);
    let today = crate::web::today();
    let leads = lead_ids.unwrap_or(&[]);
    let may_update = crate::web::auth::may_update_led_by(user, leads);
    ActionRowView {
        id: row.id,
        reference: row.reference.clone(),
        text: row.text.clone(),
        plan: plan.map(|p| p.title.clone()).unwrap_or_default(),
        target: if row.target_text.is_empty() {
            "No target date".into()
        } else {
            row.target_text.clone()
        },
        due: row.due().map(long_date),
        status: progress_tag(row.status()),
        overdue: row.is_overdue(today),
        update_due: plan.is_some_and(|p| {
            p.status == dueregard_core::plan::PlanStatus::Approved
                && progress::update_due(p.period, p.monitoring_months, row.progress, today)
        }),
        can_update: may_update,
    }
}

/// Only checks whether the viewer may report on this action.
pub fn may_update(user: &User, action: &dueregard_core::plan::Action) -> bool {
    can_update(user, action)
}

/// The GOV.UK error summary for a page's problems: (the field's anchor, the message).
pub fn error_summary(errors: &[(String, String)]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let items: String = errors
        .iter()
        .map(|(href, m)| format!("<li><a href=\"{}\">{}</a></li>", xml(href), xml(m)))
        .collect();
    format!(
        "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\"><h2 class=\"govuk-error-summary__title\">There is a problem</h2><div class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">{items}</ul></div></div></div>"
    )
}

/// A page listing one kind of record: its heading, a sentence on what they are, the button that
/// adds one (for those who may), and the items (`<li>`s), or "None yet.".
pub fn record_list(
    session: &crate::web::auth::SignedIn,
    section: &'static str,
    title: &str,
    intro: &str,
    add: (&str, &str),
    items: &str,
) -> crate::web::error::PageResult {
    let add = if session.user.role.can_edit_everything() {
        format!(
            "<a href=\"{}\" role=\"button\" draggable=\"false\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">{}</a>",
            xml(add.0),
            xml(add.1)
        )
    } else {
        String::new()
    };
    let list = if items.is_empty() {
        "<p class=\"govuk-body\">None yet.</p>".to_string()
    } else {
        format!("<ul class=\"govuk-list govuk-list--spaced\">{items}</ul>")
    };
    Ok(crate::web::render(&crate::web::templates::HtmlPage {
        chrome: crate::web::templates::Chrome::new(session, section),
        title: title.to_string(),
        body: format!(
            "<h1 class=\"govuk-heading-l\">{}</h1><p class=\"govuk-body\">{intro}</p>{add}{list}",
            xml(title)
        ),
    }))
}
