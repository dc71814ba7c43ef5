//! The dashboard: everything at a glance. And each lead officer's own list.

use super::{action_row_view, ok_json};
use crate::web::auth::{ApiCaller, SignedIn};
use crate::web::error::{ApiResult, PageResult};
use crate::web::templates::{
    Chrome, CycleLine, DashboardBody, DashboardPage, MyActionsPage, PlanLine,
};
use crate::web::{AppState, render, today};
use askama::Template;
use axum::extract::State;
use axum::response::IntoResponse;
use dueregard_core::objective::RefreshState;
use dueregard_core::period::long_date;
use dueregard_core::progress::ProgressStatus;

/// Lists on the dashboard stop here; the counts above them are always whole.
const LIST_LIMIT: usize = 10;

pub async fn page(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let cached = state
        .dashboards
        .dashboard(state.store.as_ref(), &session.org, today())
        .await?;
    let (d, plans) = (&cached.dashboard, &cached.plans);
    let editor = session.user.role.can_edit_everything();
    let my_actions = match session.user.person_id {
        Some(person) if session.user.role == dueregard_core::vocab::Role::LeadOfficer => {
            let mine = state.store.actions_led_by(session.org.id, person).await?;
            let due = mine
                .iter()
                .filter(|r| action_row_view(r, plans, &session.user, Some(&[person])).update_due)
                .count();
            Some((mine.len(), due))
        }
        _ => None,
    };
    let view = |rows: &[dueregard_core::dashboard::ActionRow]| {
        rows.iter()
            .take(LIST_LIMIT)
            .map(|r| action_row_view(r, plans, &session.user, None))
            .map(|mut v| {
                // Only the role decides the link on a shared list.
                v.can_update = editor;
                v
            })
            .collect()
    };
    let body = cached.body(editor, || {
        let shared = DashboardBody {
            objectives_by_status: d
                .objectives_by_status
                .iter()
                .map(|(s, n)| (s.label(), *n))
                .collect(),
            refresh: d
                .objectives_due_for_refresh
                .iter()
                .map(|(id, title, state, deadline)| {
                    let words = if *state == RefreshState::Overdue {
                        "overdue for refresh"
                    } else {
                        "due for refresh soon"
                    };
                    (
                        *id,
                        title.clone(),
                        words.to_string(),
                        deadline.map(long_date).unwrap_or_default(),
                    )
                })
                .collect(),
            status_labels: ProgressStatus::ALL
                .iter()
                .map(|s| super::super::templates::progress_tag(*s).label)
                .collect(),
            plans: d
                .plans
                .iter()
                .map(|p| PlanLine {
                    id: p.plan.id,
                    title: p.plan.title.clone(),
                    period: p.plan.period.describe(),
                    status: p.plan.status.label().to_string(),
                    actions: p.actions,
                    counts: p.by_status.iter().map(|(_, n)| *n).collect(),
                    overdue: p.overdue,
                    updates_due: p.updates_due,
                })
                .collect(),
            overdue: view(&d.overdue),
            overdue_total: d.overdue.len(),
            updates_due: view(&d.updates_due),
            due_total: d.updates_due.len(),
        };
        // Rendered once per change; a failure shows as a plain notice rather than a panic.
        shared.render().unwrap_or_else(|e| {
            tracing::error!(error = %e, "the dashboard could not be rendered");
            "<p class=\"govuk-body\">Sorry, the dashboard could not be shown.</p>".to_string()
        })
    });
    // Where each running plan is in its monitoring cycle, and the meeting that receives it.
    let running = d.plans.iter().any(|p| {
        p.plan.status == dueregard_core::plan::PlanStatus::Approved
            && p.plan.period.contains(d.today)
    });
    // Only a running plan has a meeting to name: a dashboard without one reads nothing more.
    let (meetings, committees) = if running {
        (
            state.store.meetings(session.org.id).await?,
            state.store.committees(session.org.id).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let cycle = d
        .plans
        .iter()
        .filter(|p| p.plan.status == dueregard_core::plan::PlanStatus::Approved)
        .filter_map(|p| {
            let period = dueregard_core::monitoring::current(
                p.plan.period,
                p.plan.monitoring_months,
                d.today,
            )?;
            let complete = p
                .by_status
                .iter()
                .find(|(s, _)| *s == ProgressStatus::Complete)
                .map_or(0, |(_, n)| *n);
            let open = p.actions.saturating_sub(complete);
            let meeting = dueregard_core::meeting::next_for_plan(&meetings, p.plan.id, d.today)
                .map(|m| {
                    let name = committees
                        .iter()
                        .find(|c| c.id == m.fields.committee_id)
                        .map_or("A committee", |c| c.fields.name.as_str());
                    format!("{name} receives it on {}.", long_date(m.fields.date))
                })
                .unwrap_or_default();
            Some(CycleLine {
                plan: p.plan.id,
                title: p.plan.title.clone(),
                period: period.describe(),
                due: long_date(period.due()),
                updated: open.saturating_sub(p.updates_due),
                open,
                meeting,
            })
        })
        .collect();
    // Open consultations, with the groups not yet heard while there is time to reach them.
    let mut consultations = Vec::new();
    for c in state.store.consultations(session.org.id).await? {
        if c.fields.stage(d.today) != dueregard_core::consultation::Stage::Open {
            continue;
        }
        let under = if c.fields.ask_monitoring {
            crate::app::consultations::reach_tables(state.store.as_ref(), session.org.id, &c)
                .await
                .map_err(|e| crate::web::error::AppError::Internal(format!("{e:#}")))?
                .map(|(_, tables)| {
                    tables
                        .iter()
                        .flat_map(|t| {
                            let what = t.characteristic.label().to_lowercase();
                            t.under_heard()
                                .into_iter()
                                .map(move |g| format!("{g} ({what})"))
                        })
                        .collect()
                })
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        consultations.push((c.id, c.fields.title, long_date(c.fields.closes), under));
    }
    let page = DashboardPage {
        chrome: Chrome::new(&session, "dashboard"),
        today: long_date(d.today),
        my_actions,
        cycle,
        consultations,
        body: body.to_string(),
    };
    Ok(render(&page))
}

pub async fn my_actions(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let plans = state.store.plan_rows(session.org.id).await?;
    let rows = match session.user.person_id {
        Some(person) => state
            .store
            .actions_led_by(session.org.id, person)
            .await?
            .iter()
            .map(|r| action_row_view(r, &plans, &session.user, Some(&[person])))
            .collect(),
        None => Vec::new(),
    };
    Ok(render(&MyActionsPage {
        chrome: Chrome::new(&session, "mine"),
        rows,
    }))
}

/// GET /api/v1/dashboard
pub async fn api(State(state): State<AppState>, caller: ApiCaller) -> ApiResult {
    let cached = state
        .dashboards
        .dashboard(state.store.as_ref(), &caller.org, today())
        .await?;
    Ok(ok_json(&cached.dashboard))
}

/// GET /api/v1/me
pub async fn me(caller: ApiCaller) -> ApiResult {
    Ok(
        axum::Json(serde_json::json!({ "user": caller.user, "organisation": caller.org }))
            .into_response(),
    )
}
