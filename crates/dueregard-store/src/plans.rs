//! Equality objectives, action plans and their parts, actions and progress updates, and the
//! rows the dashboard and lists read.

use crate::backend_error;
use crate::records::{
    self, Columns, DIRECTORATE_MESSAGE, Kind, PEOPLE_MESSAGE, Referrer, Refs, Table, Tx, Val,
    dynamic, from_json, get, get_date, plan_part, search_text, to_json,
};
use crate::sql_store::SqlStore;
use async_trait::async_trait;
use dueregard_core::dashboard::{ActionRow, PlanRow};
use dueregard_core::objective::{EqualityObjective, ObjectiveFields};
use dueregard_core::plan::*;
use dueregard_core::progress::{ActionProgress, ProgressStatus, ProgressUpdate, UpdateFields};
use dueregard_core::store::{Actor, PlanStore, StoreError, StoreResult};
use dueregard_core::target_date::TargetDate;
use sqlx::any::AnyRow;
use std::collections::HashMap;

#[async_trait]
impl PlanStore for SqlStore {
    async fn objectives(&self, org: i64) -> StoreResult<Vec<EqualityObjective>> {
        self.records::<ObjectiveFields>(org).await
    }

    async fn objective(&self, org: i64, id: i64) -> StoreResult<EqualityObjective> {
        self.record::<ObjectiveFields>(org, id).await
    }

    async fn create_objective(
        &self,
        actor: &Actor,
        org: i64,
        fields: ObjectiveFields,
    ) -> StoreResult<EqualityObjective> {
        self.add(actor, org, fields).await
    }

    async fn update_objective(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: ObjectiveFields,
    ) -> StoreResult<EqualityObjective> {
        self.put(actor, org, id, version, fields).await
    }

    async fn plans(&self, org: i64) -> StoreResult<Vec<ActionPlan>> {
        self.records::<PlanFields>(org).await
    }

    async fn plan_tree(&self, org: i64, id: i64) -> StoreResult<PlanTree> {
        let plan = self.record::<PlanFields>(org, id).await?;
        let under = Some(id);
        Ok(PlanTree {
            priorities: parts::<PriorityFields>(&self.list::<PriorityFields>(org, under).await?)?,
            objectives: parts(&self.list::<PlanObjectiveFields>(org, under).await?)?,
            actions: self
                .list::<ActionFields>(org, under)
                .await?
                .iter()
                .map(action)
                .collect::<StoreResult<_>>()?,
            outcomes: parts(&self.list::<OutcomeFields>(org, under).await?)?,
            glossary: parts(&self.list::<GlossaryFields>(org, under).await?)?,
            plan,
        })
    }

    async fn create_plan(
        &self,
        actor: &Actor,
        org: i64,
        fields: PlanFields,
    ) -> StoreResult<ActionPlan> {
        self.add(actor, org, fields).await
    }

    async fn update_plan(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: PlanFields,
    ) -> StoreResult<ActionPlan> {
        let mut tx = self.begin().await?;
        let (version, _) = records::change(&mut tx, actor, org, id, version, &fields).await?;
        // A new period moves every month written without a year, so due dates are worked out again.
        let rows = sqlx::query("SELECT id, target_text FROM actions WHERE plan_id = $1")
            .bind(id)
            .fetch_all(&mut **tx)
            .await
            .map_err(backend_error)?;
        for r in rows {
            let due = TargetDate::parse(&get::<String>(&r, "target_text")?, Some(fields.period))
                .due_by()
                .map(|d| d.to_string());
            sqlx::query("UPDATE actions SET due_by = $1 WHERE id = $2")
                .bind(due)
                .bind(get::<i64>(&r, "id")?)
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        self.commit(tx).await?;
        Ok(ActionPlan {
            id,
            version,
            fields,
        })
    }

    async fn priority(&self, org: i64, id: i64) -> StoreResult<Priority> {
        plan_part(&self.one::<PriorityFields>(org, id).await?)
    }

    async fn plan_objective(&self, org: i64, id: i64) -> StoreResult<PlanObjective> {
        plan_part(&self.one::<PlanObjectiveFields>(org, id).await?)
    }

    async fn create_priority(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: PriorityFields,
    ) -> StoreResult<Priority> {
        self.new_part(actor, org, plan_id, fields).await
    }

    async fn update_priority(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: PriorityFields,
    ) -> StoreResult<Priority> {
        self.change_part(actor, org, id, version, fields).await
    }

    async fn create_plan_objective(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: PlanObjectiveFields,
    ) -> StoreResult<PlanObjective> {
        self.new_part(actor, org, plan_id, fields).await
    }

    async fn update_plan_objective(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: PlanObjectiveFields,
    ) -> StoreResult<PlanObjective> {
        self.change_part(actor, org, id, version, fields).await
    }

    async fn create_outcome(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: OutcomeFields,
    ) -> StoreResult<Outcome> {
        self.new_part(actor, org, plan_id, fields).await
    }

    async fn create_glossary_entry(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: GlossaryFields,
    ) -> StoreResult<GlossaryEntry> {
        self.new_part(actor, org, plan_id, fields).await
    }

    async fn glossary_entry(&self, org: i64, id: i64) -> StoreResult<GlossaryEntry> {
        plan_part(&self.one::<GlossaryFields>(org, id).await?)
    }

    async fn update_glossary_entry(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: GlossaryFields,
    ) -> StoreResult<GlossaryEntry> {
        self.change_part(actor, org, id, version, fields).await
    }

    async fn roll_forward(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: PlanFields,
    ) -> StoreResult<ActionPlan> {
        let old = self.plan_tree(org, plan_id).await?;
        let mut tx = self.begin().await?;
        let id = records::insert(&mut tx, actor, org, None, &fields).await?;
        let plan = Some(id);
        let mut priorities = HashMap::new();
        for p in &old.priorities {
            let new = records::insert(&mut tx, actor, org, plan, &p.fields).await?;
            priorities.insert(p.id, new);
        }
        let mut objectives = HashMap::new();
        for o in &old.objectives {
            let mut f = o.fields.clone();
            f.priority_id = priorities
                .get(&f.priority_id)
                .copied()
                .unwrap_or(f.priority_id);
            objectives.insert(o.id, records::insert(&mut tx, actor, org, plan, &f).await?);
        }
        let mut outcomes = HashMap::new();
        for o in &old.outcomes {
            let new = records::insert(&mut tx, actor, org, plan, &o.fields).await?;
            outcomes.insert(o.id, new);
        }
        for g in &old.glossary {
            records::insert(&mut tx, actor, org, plan, &g.fields).await?;
        }
        let open = old
            .actions
            .iter()
            .filter(|a| a.progress.latest_status != Some(ProgressStatus::Complete));
        for a in open {
            let mut f = a.fields.clone();
            f.objective_id = objectives
                .get(&f.objective_id)
                .copied()
                .unwrap_or(f.objective_id);
            f.outcome_id = f.outcome_id.and_then(|o| outcomes.get(&o).copied());
            let new = records::insert(&mut tx, actor, org, plan, &f).await?;
            sqlx::query("UPDATE actions SET continues_id = $1 WHERE id = $2")
                .bind(a.id)
                .bind(new)
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        self.commit(tx).await?;
        Ok(ActionPlan {
            id,
            version: 1,
            fields,
        })
    }

    async fn action(&self, org: i64, id: i64) -> StoreResult<Action> {
        action(&self.one::<ActionFields>(org, id).await?)
    }

    async fn create_action(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        mut fields: ActionFields,
        new_outcome: Option<String>,
    ) -> StoreResult<Action> {
        let mut tx = self.begin().await?;
        let plan = Some(plan_id);
        if let Some(text) = new_outcome {
            let outcome = OutcomeFields { text };
            fields.outcome_id = Some(records::insert(&mut tx, actor, org, plan, &outcome).await?);
        }
        let id = records::insert(&mut tx, actor, org, plan, &fields).await?;
        self.commit(tx).await?;
        self.action(org, id).await
    }

    async fn update_action(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        mut fields: ActionFields,
        new_outcome: Option<String>,
    ) -> StoreResult<Action> {
        let mut tx = self.begin().await?;
        if let Some(text) = new_outcome {
            let row = dynamic("SELECT plan_id FROM actions WHERE id = $1 AND org_id = $2".into())
                .bind(id)
                .bind(org)
                .fetch_optional(&mut **tx)
                .await
                .map_err(backend_error)?
                .ok_or(StoreError::NotFound(ACTIONS.entity))?;
            let plan = Some(get::<i64>(&row, "plan_id")?);
            let outcome = OutcomeFields { text };
            fields.outcome_id = Some(records::insert(&mut tx, actor, org, plan, &outcome).await?);
        }
        records::change(&mut tx, actor, org, id, version, &fields).await?;
        self.commit(tx).await?;
        self.action(org, id).await
    }

    async fn add_update(
        &self,
        actor: &Actor,
        org: i64,
        action_id: i64,
        fields: UpdateFields,
    ) -> StoreResult<ProgressUpdate> {
        let mut tx = self.begin().await?;
        let existing = dynamic("SELECT * FROM actions WHERE id = $1 AND org_id = $2".into())
            .bind(action_id)
            .bind(org)
            .fetch_optional(&mut **tx)
            .await
            .map_err(backend_error)?
            .ok_or(StoreError::NotFound(ACTIONS.entity))?;
        let latest = get_date(&existing, "latest_update_on")?;
        let body = to_json(&fields)?;
        let row = sqlx::query("INSERT INTO updates (org_id, action_id, author, reported_on, data, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(org)
            .bind(action_id)
            .bind(actor.name.clone())
            .bind(fields.reported_on.to_string())
            .bind(body.clone())
            .bind(records::now())
            .fetch_one(&mut **tx)
            .await
            .map_err(backend_error)?;
        let id: i64 = get(&row, "id")?;
        // An update back-dated before the latest one goes into the history without changing
        // the action's current status.
        if latest.is_none_or(|l| fields.reported_on >= l) {
            // A revised date stands until a later update revises it again.
            sqlx::query(
                "UPDATE actions SET latest_status = $1, latest_update_on = $2, revised_due = COALESCE($3, revised_due) WHERE id = $4",
            )
            .bind(fields.status.key())
            .bind(fields.reported_on.to_string())
            .bind(fields.revised_date.map(|d| d.to_string()))
            .bind(action_id)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        }
        records::audit(
            &mut tx,
            Some(org),
            actor,
            "progress update",
            id,
            "create",
            None,
            Some(&body),
        )
        .await?;
        self.commit(tx).await?;
        Ok(ProgressUpdate {
            id,
            action_id,
            author: actor.name.clone(),
            fields,
        })
    }

    async fn updates(&self, org: i64, action_id: i64) -> StoreResult<Vec<ProgressUpdate>> {
        let rows = sqlx::query("SELECT * FROM updates WHERE org_id = $1 AND action_id = $2 ORDER BY reported_on DESC, id DESC")
            .bind(org)
            .bind(action_id)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?;
        let table = Table::new("updates", "progress update");
        rows.iter()
            .map(|r| {
                Ok(ProgressUpdate {
                    id: get(r, "id")?,
                    action_id: get(r, "action_id")?,
                    author: get(r, "author")?,
                    fields: from_json(&table, &get::<String>(r, "data")?)?,
                })
            })
            .collect()
    }

    async fn plan_rows(&self, org: i64) -> StoreResult<Vec<PlanRow>> {
        Ok(self
            .plans(org)
            .await?
            .into_iter()
            .map(|p| PlanRow {
                id: p.id,
                title: p.fields.title,
                period: p.fields.period,
                status: p.fields.status,
                monitoring_months: p.fields.monitoring_months,
            })
            .collect())
    }

    async fn action_rows(&self, org: i64) -> StoreResult<Vec<ActionRow>> {
        self.action_rows_where("$2 = $2", org, 0).await
    }

    async fn actions_led_by(&self, org: i64, person_id: i64) -> StoreResult<Vec<ActionRow>> {
        self.action_rows_where(
            "a.id IN (SELECT action_id FROM action_leads WHERE person_id = $2)",
            org,
            person_id,
        )
        .await
    }

    async fn actions_for_objective(
        &self,
        org: i64,
        objective_id: i64,
    ) -> StoreResult<Vec<ActionRow>> {
        self.action_rows_where(
            "a.id IN (SELECT action_id FROM action_objectives WHERE objective_id = $2)",
            org,
            objective_id,
        )
        .await
    }
}

impl SqlStore {
    async fn new_part<F: records::Kind + Clone>(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: F,
    ) -> StoreResult<dueregard_core::record::PlanPart<F>> {
        let id = self.create(actor, org, Some(plan_id), &fields).await?;
        Ok(dueregard_core::record::PlanPart {
            id,
            version: 1,
            plan_id,
            fields,
        })
    }

    async fn change_part<F: records::Kind>(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: F,
    ) -> StoreResult<dueregard_core::record::PlanPart<F>> {
        let (version, plan) = self.save_part(actor, org, id, version, &fields).await?;
        Ok(dueregard_core::record::PlanPart {
            id,
            version,
            plan_id: plan.unwrap_or_default(),
            fields,
        })
    }

    /// Rows for the dashboard and lists: actions not archived, in plans not archived.
    async fn action_rows_where(
        &self,
        sql_filter: &str,
        org: i64,
        arg: i64,
    ) -> StoreResult<Vec<ActionRow>> {
        let sql = format!(
            "SELECT a.id, a.plan_id, a.reference, a.label, a.target_text, a.due_by, a.latest_status, a.latest_update_on, a.revised_due \
             FROM actions a WHERE a.org_id = $1 AND a.archived_at IS NULL \
             AND a.plan_id IN (SELECT id FROM plans WHERE org_id = $1 AND archived_at IS NULL) \
             AND {sql_filter} ORDER BY a.plan_id, a.id"
        );
        let rows = dynamic(sql)
            .bind(org)
            .bind(arg)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?;
        rows.iter().map(action_row).collect()
    }
}

fn parts<F: records::Kind>(
    rows: &[AnyRow],
) -> StoreResult<Vec<dueregard_core::record::PlanPart<F>>> {
    rows.iter().map(plan_part).collect()
}

fn action(r: &AnyRow) -> StoreResult<Action> {
    let status: Option<String> = get(r, "latest_status")?;
    Ok(Action {
        id: get(r, "id")?,
        version: get(r, "version")?,
        plan_id: get(r, "plan_id")?,
        fields: from_json(&ACTIONS, &get::<String>(r, "data")?)?,
        progress: ActionProgress {
            latest_status: status.as_deref().and_then(ProgressStatus::from_key),
            latest_update_on: get_date(r, "latest_update_on")?,
            revised_due: get_date(r, "revised_due")?,
        },
        continues: get(r, "continues_id")?,
    })
}

fn action_row(r: &AnyRow) -> StoreResult<ActionRow> {
    let status: Option<String> = get(r, "latest_status")?;
    Ok(ActionRow {
        id: get(r, "id")?,
        plan_id: get(r, "plan_id")?,
        reference: get(r, "reference")?,
        text: get(r, "label")?,
        target_text: get(r, "target_text")?,
        due_by: get_date(r, "due_by")?,
        progress: ActionProgress {
            latest_status: status.as_deref().and_then(ProgressStatus::from_key),
            latest_update_on: get_date(r, "latest_update_on")?,
            revised_due: get_date(r, "revised_due")?,
        },
    })
}

// The kinds of record in a plan: their tables, and what they refer to.

pub(crate) const OBJECTIVES: Table = Table::new("objectives", "equality objective");
pub(crate) const PLANS: Table = Table::new("plans", "action plan");
pub(crate) const PRIORITIES: Table = Table::in_plan("priorities", "priority");
pub(crate) const PLAN_OBJECTIVES: Table = Table::in_plan("plan_objectives", "plan objective");
pub(crate) const OUTCOMES: Table = Table::in_plan("outcomes", "outcome");
pub(crate) const GLOSSARY: Table = Table::in_plan("glossary", "glossary entry");
pub(crate) const ACTIONS: Table = Table {
    owns: &[
        ("action_leads", "action_id"),
        ("action_objectives", "action_id"),
    ],
    ..Table::in_plan("actions", "action")
};

impl Kind for ObjectiveFields {
    const TABLE: Table = OBJECTIVES;
    const ORDER: &'static str = "id";
    const REFERRERS: &'static [Referrer] = &[
        Referrer::column("action_objectives", "objective_id", ("action", "actions")),
        Referrer::field(
            "consultations",
            "objective_ids",
            ("consultation", "consultations"),
        ),
        Referrer::field("indicators", "objective_ids", ("indicator", "indicators")),
    ];
    fn label(&self) -> String {
        self.title.clone()
    }
    fn search(&self) -> String {
        search_text(&[&self.title, self.description.as_deref().unwrap_or("")])
    }
    async fn prepare(&self, _: &mut Tx<'_>, _: i64, _: Option<i64>) -> StoreResult<Columns> {
        Ok(Columns::with(vec![(
            "status",
            Val::text(self.status.key()),
        )]))
    }
}

impl Kind for PlanFields {
    const TABLE: Table = PLANS;
    const ORDER: &'static str = "id";
    const REFERRERS: &'static [Referrer] = &[
        Referrer::column("priorities", "plan_id", ("priority", "priorities")),
        Referrer::column("plan_objectives", "plan_id", ("objective", "objectives")),
        Referrer::column("actions", "plan_id", ("action", "actions")),
        Referrer::column("outcomes", "plan_id", ("outcome", "outcomes")),
        Referrer::column(
            "glossary",
            "plan_id",
            ("glossary entry", "glossary entries"),
        ),
        Referrer::column("imports", "plan_id", ("import", "imports")),
        Referrer::column("imports", "replaces_plan_id", ("import", "imports")),
        Referrer::field("meetings", "plan_ids", ("meeting", "meetings")),
    ];
    fn label(&self) -> String {
        self.title.clone()
    }
    async fn prepare(&self, tx: &mut Tx<'_>, org: i64, _: Option<i64>) -> StoreResult<Columns> {
        let mut refs = Refs::new(tx, org);
        let d = self.directorate_id.as_slice();
        refs.check(
            "directorates",
            d,
            None,
            "directorate_id",
            DIRECTORATE_MESSAGE,
        )
        .await?;
        let c = self.committee_id.as_slice();
        let message = "Select a committee of this organisation";
        refs.check("committees", c, None, "committee_id", message)
            .await?;
        refs.finish()?;
        Ok(Columns::default())
    }
}

impl Kind for PriorityFields {
    const TABLE: Table = PRIORITIES;
    const ORDER: &'static str = "id";
    const REFERRERS: &'static [Referrer] = &[Referrer::field(
        "plan_objectives",
        "priority_id",
        ("objective", "objectives"),
    )];
    fn label(&self) -> String {
        format!("Priority {}. {}", self.number, self.title)
    }
}

impl Kind for PlanObjectiveFields {
    const TABLE: Table = PLAN_OBJECTIVES;
    const ORDER: &'static str = "id";
    const REFERRERS: &'static [Referrer] = &[Referrer::column(
        "actions",
        "objective_id",
        ("action", "actions"),
    )];
    fn label(&self) -> String {
        format!("{}. {}", self.code, self.title)
    }
    async fn prepare(&self, tx: &mut Tx<'_>, org: i64, plan: Option<i64>) -> StoreResult<Columns> {
        let mut refs = Refs::new(tx, org);
        let message = "Select a priority of this plan";
        refs.check(
            "priorities",
            &[self.priority_id],
            plan,
            "priority_id",
            message,
        )
        .await?;
        refs.check("people", &self.lead_ids, None, "lead_ids", PEOPLE_MESSAGE)
            .await?;
        refs.finish()?;
        Ok(Columns::default())
    }
    /// Actions show their objective's code in their reference ("CE2 (3)").
    async fn written(&self, tx: &mut Tx<'_>, id: i64) -> StoreResult<()> {
        let rows = sqlx::query("SELECT id, data FROM actions WHERE objective_id = $1")
            .bind(id)
            .fetch_all(&mut **tx)
            .await
            .map_err(backend_error)?;
        for r in rows {
            let a: ActionFields = from_json(&ACTIONS, &get::<String>(&r, "data")?)?;
            sqlx::query("UPDATE actions SET reference = $1 WHERE id = $2")
                .bind(reference(&self.code, a.number))
                .bind(get::<i64>(&r, "id")?)
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        Ok(())
    }
}

impl Kind for OutcomeFields {
    const TABLE: Table = OUTCOMES;
    const ORDER: &'static str = "id";
    const REFERRERS: &'static [Referrer] = &[
        Referrer::field("actions", "outcome_id", ("action", "actions")),
        Referrer::field("indicators", "outcome_ids", ("indicator", "indicators")),
    ];
    fn label(&self) -> String {
        self.text.clone()
    }
}

impl Kind for GlossaryFields {
    const TABLE: Table = GLOSSARY;
    fn label(&self) -> String {
        self.term.clone()
    }
    fn search(&self) -> String {
        search_text(&[&self.term, &self.meaning])
    }
}

/// "CE2 (3)": how officers refer to an action.
pub(crate) fn reference(code: &str, number: Option<i64>) -> String {
    match number {
        Some(n) => format!("{code} ({n})"),
        None => code.to_string(),
    }
}

impl Kind for ActionFields {
    const TABLE: Table = ACTIONS;
    const ORDER: &'static str = "id";
    const REFERRERS: &'static [Referrer] = &[
        Referrer::column(
            "updates",
            "action_id",
            ("progress update", "progress updates"),
        ),
        Referrer::column("actions", "continues_id", ("later action", "later actions")),
        Referrer::field("indicators", "action_ids", ("indicator", "indicators")),
    ];
    fn label(&self) -> String {
        self.text.clone()
    }
    /// Checks what the action refers to and works out its reference and due date, which the
    /// dashboard reads as plain columns.
    async fn prepare(&self, tx: &mut Tx<'_>, org: i64, plan: Option<i64>) -> StoreResult<Columns> {
        let plan = plan.ok_or(StoreError::NotFound("action plan"))?;
        let period: PlanFields = {
            let row = dynamic("SELECT data FROM plans WHERE id = $1 AND org_id = $2".into())
                .bind(plan)
                .bind(org)
                .fetch_optional(&mut **tx)
                .await
                .map_err(backend_error)?
                .ok_or(StoreError::NotFound("action plan"))?;
            from_json(&PLANS, &get::<String>(&row, "data")?)?
        };
        let mut refs = Refs::new(tx, org);
        let message = "Select an objective of this plan";
        refs.check(
            "plan_objectives",
            &[self.objective_id],
            Some(plan),
            "objective_id",
            message,
        )
        .await?;
        refs.check("people", &self.lead_ids, None, "lead_ids", PEOPLE_MESSAGE)
            .await?;
        let ids = &self.equality_objective_ids;
        let message = "Select equality objectives of this organisation";
        refs.check("objectives", ids, None, "equality_objective_ids", message)
            .await?;
        let message = "Select an outcome of this plan";
        refs.check(
            "outcomes",
            self.outcome_id.as_slice(),
            Some(plan),
            "outcome_id",
            message,
        )
        .await?;
        refs.finish()?;
        let row = dynamic("SELECT data FROM plan_objectives WHERE id = $1".into())
            .bind(self.objective_id)
            .fetch_one(&mut **tx)
            .await
            .map_err(backend_error)?;
        let objective: PlanObjectiveFields =
            from_json(&PLAN_OBJECTIVES, &get::<String>(&row, "data")?)?;
        let reference = reference(&objective.code, self.number);
        let due = TargetDate::parse(&self.target_text, Some(period.period))
            .due_by()
            .map(|d| d.to_string());
        Ok(Columns {
            search: Some(search_text(&[&reference, &self.text])),
            extra: vec![
                ("objective_id", Val::int(self.objective_id)),
                ("reference", Val::text(reference)),
                ("target_text", Val::text(self.target_text.clone())),
                ("due_by", Val::Text(due)),
            ],
        })
    }
    /// The join tables that answer "actions this person leads" and "actions serving this
    /// objective".
    async fn written(&self, tx: &mut Tx<'_>, id: i64) -> StoreResult<()> {
        for table in ["action_leads", "action_objectives"] {
            dynamic(format!("DELETE FROM {table} WHERE action_id = $1"))
                .bind(id)
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        for p in &self.lead_ids {
            sqlx::query("INSERT INTO action_leads (action_id, person_id) VALUES ($1, $2)")
                .bind(id)
                .bind(*p)
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        for o in &self.equality_objective_ids {
            sqlx::query("INSERT INTO action_objectives (action_id, objective_id) VALUES ($1, $2)")
                .bind(id)
                .bind(*o)
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        Ok(())
    }
}
