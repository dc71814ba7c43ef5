//! The living part of the demo. The source documents are all from 2013 to 2016, so beside them
//! Dudley gets this year's plan, marked illustrative, in the middle of a monitoring period: some
//! updates in, some due, one late with a reason and a revised date, and a scrutiny meeting to
//! come. A Welsh and a Scottish body, both fictional and saying so, show the other nations'
//! duties.

use anyhow::Context;
use dueregard_core::account::NewUser;
use dueregard_core::meeting::MeetingFields;
use dueregard_core::monitoring;
use dueregard_core::objective::ObjectiveInput;
use dueregard_core::period::{FinancialYear, long_date};
use dueregard_core::plan::{ActionFields, PlanInput, PlanObjectiveFields, PriorityFields};
use dueregard_core::progress::{ProgressStatus, UpdateFields};
use dueregard_core::store::{Actor, NewOrganisation, Store};
use dueregard_core::vocab::{Aim, Nation, ProtectedCharacteristic, Role};
use jiff::ToSpan;
use jiff::civil::Date;

/// Marks this year's plan: the demo loads it once.
const ILLUSTRATIVE: &str = "(illustrative)";

/// The fictional bodies of the other nations: slug, name, nation, employees, equality lead.
const OTHER_NATIONS: [(&str, &str, Nation, i64, &str); 2] = [
    (
        "example-wales",
        "Example County Council, Wales (fictional)",
        Nation::Wales,
        4200,
        "lead@wales.example",
    ),
    (
        "example-scotland",
        "Example Health Board, Scotland (fictional)",
        Nation::Scotland,
        9300,
        "lead@scotland.example",
    ),
];

/// The demo's sign-ins for the fictional bodies: (email, role, organisation).
pub fn logins() -> Vec<(String, String, String)> {
    let (_, police, email) = crate::demo_partners::POLICE;
    OTHER_NATIONS
        .iter()
        .map(|(_, name, _, _, email)| (email.to_string(), "equality lead".into(), name.to_string()))
        .chain([(
            email.to_string(),
            "equality lead".into(),
            police.to_string(),
        )])
        .collect()
}

pub async fn load(store: &dyn Store, password_hash: &str, today: Date) -> anyhow::Result<()> {
    let actor = Actor {
        user_id: None,
        name: "demo data (illustrative)".into(),
    };
    if let Some(dudley) = store.organisation_by_slug("dudley").await? {
        let plans = store.plans(dudley.id).await?;
        if !plans.iter().any(|p| p.fields.title.ends_with(ILLUSTRATIVE)) {
            this_years_plan(store, &actor, dudley.id, today).await?;
        }
        crate::demo_consultation::load(store, &actor, dudley.id, today).await?;
        crate::demo_measures::load(store, &actor, dudley.id, today).await?;
        crate::demo_budget::load(store, &actor, dudley.id, today).await?;
        crate::demo_training::frameworks(store, &actor, dudley.id, "eflg_2021", today).await?;
        if store.civic_dates(dudley.id).await?.is_empty() {
            for d in dueregard_core::civic::standard() {
                store.create_civic_date(&actor, dudley.id, d).await?;
            }
        }
    }
    crate::demo_partners::load(store, &actor, password_hash).await?;
    if let Some(leicester) = store.organisation_by_slug("leicester").await? {
        crate::demo_training::frameworks(store, &actor, leicester.id, "eslg", today).await?;
    }
    if let Some(worcester) = store.organisation_by_slug("worcester").await? {
        crate::demo_training::load(store, &actor, worcester.id, today).await?;
    }
    for (slug, name, nation, headcount, email) in OTHER_NATIONS {
        if store.organisation_by_slug(slug).await?.is_some() {
            continue;
        }
        let org = store
            .create_organisation(
                &actor,
                NewOrganisation {
                    slug: slug.into(),
                    name: name.into(),
                    nation,
                    headcount: Some(headcount),
                },
            )
            .await?;
        store
            .create_user(
                &actor,
                org.id,
                NewUser {
                    email: email.into(),
                    name: "Demo Equality Lead".into(),
                    role: Role::EqualityLead,
                    person_id: None,
                    password_hash: password_hash.into(),
                },
            )
            .await?;
        let objective = ObjectiveInput {
            title: "Close the gap in who applies for our jobs (illustrative)".into(),
            ..Default::default()
        }
        .validate(None)
        .map_err(|e| anyhow::anyhow!("the demo objective was refused: {e:?}"))?;
        store.create_objective(&actor, org.id, objective).await?;
    }
    Ok(())
}

async fn this_years_plan(
    store: &dyn Store,
    actor: &Actor,
    org: i64,
    today: Date,
) -> anyhow::Result<()> {
    let year = FinancialYear::containing(today);
    let people = store.people(org).await?;
    let who = |initials: &str| {
        people
            .iter()
            .find(|p| p.fields.initials.as_deref() == Some(initials))
            .map(|p| p.id)
            .with_context(|| format!("the demo has no one with initials {initials}"))
    };
    let (jw, sm, ab) = (who("JW")?, who("SM")?, who("AB")?);
    let scrutiny = store
        .committees(org)
        .await?
        .into_iter()
        .find(|c| c.fields.kind == dueregard_core::vocab::CommitteeKind::Scrutiny)
        .map(|c| c.id);
    let input = PlanInput {
        title: format!(
            "Chief Executive's Directorate – equality action plan for {} {ILLUSTRATIVE}",
            year.label()
        ),
        period_start: year.period().start.to_string(),
        period_end: year.period().end.to_string(),
        status: "approved".into(),
        approver: "Leader of the Council".into(),
        committee_id: scrutiny,
        introduction: "Illustrative: made up to show the monitoring cycle in the current year. It is not Dudley's plan.".into(),
        ..Default::default()
    };
    let plan = store
        .create_plan(
            actor,
            org,
            input
                .validate()
                .map_err(|e| anyhow::anyhow!("the demo plan was refused: {e:?}"))?,
        )
        .await?;
    let priority = store
        .create_priority(
            actor,
            org,
            plan.id,
            PriorityFields {
                number: 1,
                title: "Knowing and reaching our communities".into(),
            },
        )
        .await?;
    let objective = store
        .create_plan_objective(
            actor,
            org,
            plan.id,
            PlanObjectiveFields {
                priority_id: priority.id,
                code: "CE1".into(),
                title: "Understand who uses our services and who does not".into(),
                lead_ids: vec![sm],
            },
        )
        .await?;
    let end = year.period().end;
    let period =
        monitoring::current(year.period(), 6, today).context("today is in this year's plan")?;
    let month_ago = today.checked_sub(1.month())?;
    let since_start = |days: i64| -> anyhow::Result<Date> {
        Ok(period.period.start.checked_add(days.days())?.min(today))
    };
    // (lead, what, target, update: (status, on, why late, revised date))
    type Update = (ProgressStatus, Date, Option<&'static str>, Option<Date>);
    let actions: [(i64, &str, String, Option<Update>); 5] = [
        (
            jw,
            "Publish the annual equality information, with the workforce profile and pay gaps",
            format!("By {}", long_date(end)),
            Some((ProgressStatus::OnTrack, since_start(20)?, None, None)),
        ),
        (
            sm,
            "Review the consultation toolkit with the equality forum",
            format!("By {}", long_date(end)),
            Some((ProgressStatus::AtRisk, since_start(35)?, None, None)),
        ),
        (
            jw,
            "Refresh the equality impact assessment guidance and train report authors",
            format!("By {}", long_date(month_ago)),
            Some((
                ProgressStatus::OffTrack,
                since_start(10)?,
                Some("The guidance waits for the new report template, which was delayed."),
                Some(today.checked_add(2.months())?),
            )),
        ),
        (
            ab,
            "Add equality monitoring questions to the residents' survey",
            format!("By {}", long_date(end)),
            None,
        ),
        (
            jw,
            "Survey staff on the adjustments disabled staff need",
            format!("By {}", long_date(end)),
            None,
        ),
    ];
    for (n, (lead, text, target, update)) in actions.into_iter().enumerate() {
        let action = store
            .create_action(
                actor,
                org,
                plan.id,
                ActionFields {
                    objective_id: objective.id,
                    number: Some(n as i64 + 1),
                    text: text.into(),
                    lead_ids: vec![lead],
                    target_text: target,
                    outcome_id: None,
                    equality_objective_ids: vec![],
                    aims: vec![Aim::AdvanceEquality],
                    characteristics: vec![ProtectedCharacteristic::Disability],
                    local_characteristics: vec![],
                },
                None,
            )
            .await?;
        if let Some((status, on, why_late, revised_date)) = update {
            let narrative = match status {
                ProgressStatus::OnTrack => {
                    "Data gathered; the draft goes to the directors next month."
                }
                ProgressStatus::AtRisk => {
                    "The forum has met once; the second meeting has not yet been arranged."
                }
                _ => "Not started: see why it is late.",
            };
            store
                .add_update(
                    actor,
                    org,
                    action.id,
                    UpdateFields {
                        reported_on: on,
                        status,
                        narrative: narrative.into(),
                        evidence: vec![],
                        illustrative: true,
                        why_late: why_late.map(str::to_string),
                        revised_date,
                    },
                )
                .await?;
        }
    }
    // Scrutiny receives this period's monitoring a fortnight after the updates are due.
    if let Some(committee) = scrutiny {
        let date = period.due().checked_add(14.days())?;
        let meeting = MeetingFields::validate(
            &committee.to_string(),
            &date.to_string(),
            "Illustrative: Council House, 6pm",
            &[plan.id.to_string()],
            &[],
        )
        .map_err(|e| anyhow::anyhow!("the demo meeting was refused: {e:?}"))?;
        store.create_meeting(actor, org, meeting).await?;
    }
    Ok(())
}
