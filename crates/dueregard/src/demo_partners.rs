//! The demo's partnership. Seed 003 shares its equality objectives with partner bodies (the
//! police and the health service); here Dudley shares one of its objectives with a fictional
//! police force in the same installation, each adding an action of its own. The force, its plan
//! and its action are made up (and say so).

use dueregard_core::account::NewUser;
use dueregard_core::partnership::PartnershipForm;
use dueregard_core::plan::{ActionFields, PlanInput, PlanObjectiveFields, PriorityFields};
use dueregard_core::store::{Actor, NewOrganisation, Store};
use dueregard_core::vocab::{Aim, Nation, ProtectedCharacteristic, Role};

pub const POLICE: (&str, &str, &str) = (
    "example-police",
    "Example Constabulary (fictional)",
    "lead@police.example",
);

/// Adds the force and the partnership once.
pub async fn load(store: &dyn Store, actor: &Actor, password_hash: &str) -> anyhow::Result<()> {
    let Some(dudley) = store.organisation_by_slug("dudley").await? else {
        return Ok(());
    };
    if store.organisation_by_slug(POLICE.0).await?.is_some() {
        return Ok(());
    }
    let police = store
        .create_organisation(
            actor,
            NewOrganisation {
                slug: POLICE.0.into(),
                name: POLICE.1.into(),
                nation: Nation::England,
                headcount: Some(2100),
            },
        )
        .await?;
    store
        .create_user(
            actor,
            police.id,
            NewUser {
                email: POLICE.2.into(),
                name: "Demo Equality Lead".into(),
                role: Role::EqualityLead,
                person_id: None,
                password_hash: password_hash.into(),
            },
        )
        .await?;
    let year = dueregard_core::period::FinancialYear::containing(crate::app::today());
    let plan = store
        .create_plan(
            actor,
            police.id,
            PlanInput {
                title: "Hate crime action plan (fictional)".into(),
                status: "approved".into(),
                period_start: year.period().start.to_string(),
                period_end: year.period().end.to_string(),
                ..Default::default()
            }
            .validate()
            .map_err(|e| anyhow::anyhow!("the demo plan was refused: {e:?}"))?,
        )
        .await?;
    let priority = store
        .create_priority(
            actor,
            police.id,
            plan.id,
            PriorityFields {
                number: 1,
                title: "Confidence to report".into(),
            },
        )
        .await?;
    let objective = store
        .create_plan_objective(
            actor,
            police.id,
            plan.id,
            PlanObjectiveFields {
                priority_id: priority.id,
                code: "HC1".into(),
                title: "More victims report hate crime".into(),
                lead_ids: vec![],
            },
        )
        .await?;
    let action = store
        .create_action(
            actor,
            police.id,
            plan.id,
            ActionFields {
                objective_id: objective.id,
                number: Some(1),
                text: "Open third-party reporting centres in libraries and community centres (fictional)".into(),
                lead_ids: vec![],
                target_text: "By March next year".into(),
                outcome_id: None,
                equality_objective_ids: vec![],
                aims: vec![Aim::EliminateDiscrimination, Aim::FosterGoodRelations],
                characteristics: vec![ProtectedCharacteristic::Race, ProtectedCharacteristic::ReligionBelief, ProtectedCharacteristic::Disability],
                local_characteristics: vec![],
            },
            None,
        )
        .await?;
    let Some(shared) = store.objectives(dudley.id).await?.into_iter().next() else {
        return Ok(());
    };
    let slugs = vec![(POLICE.0.to_string(), police.id)];
    let fields = PartnershipForm {
        objective_id: shared.id.to_string(),
        partners: POLICE.0.into(),
        agreement: "The council and the force report hate crime and community tension together, and each adds its own actions (illustrative).".into(),
        published: true,
    }
    .validate(&slugs, dudley.id)
    .map_err(|e| anyhow::anyhow!("the demo partnership was refused: {e}"))?;
    let p = store.create_partnership(actor, dudley.id, fields).await?;
    store
        .contribute(actor, police.id, p.id, &[action.id])
        .await?;
    if let Some(ours) = store.action_rows(dudley.id).await?.into_iter().next() {
        store.contribute(actor, dudley.id, p.id, &[ours.id]).await?;
    }
    Ok(())
}
