//! The compliance page: each specific duty of the organisation's nation, where it stands, the
//! evidence, the next date and why it applies.

use crate::app::compliance::compliance;
use crate::web::auth::SignedIn;
use crate::web::error::PageResult;
use crate::web::templates::{Chrome, CompliancePage, DutyRow, Tag};
use crate::web::{AppState, render, today};
use axum::extract::State;
use dueregard_core::duties::Standing;
use dueregard_core::period::long_date;

fn standing_tag(s: Standing) -> Tag {
    let class = match s {
        Standing::Met => "govuk-tag--green",
        Standing::DueSoon => "govuk-tag--yellow",
        Standing::Overdue => "govuk-tag--red",
        Standing::NotApplicable => "govuk-tag--grey",
    };
    Tag {
        label: s.label().to_string(),
        class,
    }
}

/// GET /compliance
pub async fn page(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let org = &session.org;
    let rows = compliance(state.store.as_ref(), org, today())
        .await?
        .into_iter()
        .map(|s| DutyRow {
            title: s.duty.title.to_string(),
            source: s.duty.source.to_string(),
            what: s.duty.what.to_string(),
            standing: standing_tag(s.standing),
            when: s.describe(),
            evidence: match s.evidence {
                Some(d) => format!("{}, {}", capitalise(s.duty.evidence.label()), long_date(d)),
                None => format!("None recorded ({})", s.duty.evidence.label()),
            },
            why: s.why,
        })
        .collect();
    Ok(render(&CompliancePage {
        chrome: Chrome::new(&session, "compliance"),
        nation: org.nation.label().to_string(),
        headcount: org.headcount,
        rows,
    }))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
