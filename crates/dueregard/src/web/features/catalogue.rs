//! The action catalogue: evidence-based actions by theme, each with its source and the strength
//! of its evidence, and for editors a link that starts an action in one of the body's plans with
//! the catalogue's words, aims and characteristics filled in (nothing is saved until they save).

use super::ok_json;
use crate::web::auth::{ApiCaller, SignedIn};
use crate::web::error::{ApiResult, PageResult};
use crate::web::templates::{Chrome, HtmlPage};
use crate::web::{AppState, render};
use axum::extract::State;
use dueregard_core::catalogue::{CATALOGUE, CatalogueAction, Strength, Theme};
use dueregard_formats::export::xml;

/// The address that starts an action from `a` in plan `plan`.
fn start(plan: i64, a: &CatalogueAction) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("text", &format!("{}. {}", a.title, a.what));
    for aim in a.aims {
        q.append_pair("aims", aim.key());
    }
    for c in a.characteristics {
        q.append_pair("characteristics", c.key());
    }
    format!("/plans/{plan}/actions/new?{}", q.finish())
}

fn tag(s: Strength) -> String {
    let class = match s {
        Strength::Effective => "govuk-tag--green",
        Strength::Promising => "govuk-tag--blue",
        Strength::Mixed => "govuk-tag--yellow",
        Strength::NotEvaluated => "govuk-tag--grey",
    };
    format!("<strong class=\"govuk-tag {class}\">{}</strong>", s.label())
}

/// GET /catalogue
pub async fn list(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let plans = if session.user.role.can_edit_everything() {
        state.store.plans(session.org.id).await?
    } else {
        Vec::new()
    };
    let mut body = String::from(
        "<h1 class=\"govuk-heading-l\">Actions that work</h1><p class=\"govuk-body\">Actions with evidence behind them, each with where the evidence comes from and how strong it is. Start an action in one of your plans from any of them: the words, aims and characteristics are filled in for you to change before you save.</p>",
    );
    for theme in Theme::ALL {
        let entries: Vec<&CatalogueAction> =
            CATALOGUE.iter().filter(|a| a.theme == *theme).collect();
        if entries.is_empty() {
            continue;
        }
        body.push_str(&format!(
            "<h2 class=\"govuk-heading-m\">{}</h2>",
            theme.label()
        ));
        for a in entries {
            let starts: String = plans
                .iter()
                .map(|p| {
                    format!(
                        "<li><a class=\"govuk-link\" href=\"{}\">Start this action in {}<span class=\"govuk-visually-hidden\">: {}</span></a></li>",
                        xml(&start(p.id, a)),
                        xml(&p.fields.title),
                        xml(a.title)
                    )
                })
                .collect();
            body.push_str(&format!(
                "<div class=\"govuk-summary-card\" id=\"{key}\"><div class=\"govuk-summary-card__title-wrapper\"><h3 class=\"govuk-summary-card__title\">{title}</h3></div><div class=\"govuk-summary-card__content\"><p class=\"govuk-body\">{what}</p><p class=\"govuk-body\">{tag}</p><p class=\"govuk-body-s\">Source: {source}</p><p class=\"govuk-body-s\">Aims: {aims}. Characteristics: {chars}.</p>{starts}</div></div>",
                key = a.key,
                title = xml(a.title),
                what = xml(a.what),
                tag = tag(a.strength),
                source = xml(a.source),
                aims = a.aims.iter().map(|x| x.label()).collect::<Vec<_>>().join("; "),
                chars = a.characteristics.iter().map(|x| x.label()).collect::<Vec<_>>().join(", "),
                starts = if starts.is_empty() { String::new() } else { format!("<ul class=\"govuk-list\">{starts}</ul>") },
            ));
        }
    }
    Ok(render(&HtmlPage {
        chrome: Chrome::new(&session, "plans"),
        title: "Actions that work".into(),
        body,
    }))
}

/// GET /api/v1/catalogue
pub async fn api_list(_caller: ApiCaller) -> ApiResult {
    Ok(ok_json(&CATALOGUE))
}
