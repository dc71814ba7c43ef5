//! Each kind of editable record: its table, how it is named and searched, what it refers to
//! (checked in the write's transaction) and what may refer to it.

use crate::backend_error;
use crate::docs::{Table, Tx, Val, check_ids, dynamic, from_json, get, search_text};
use crate::records::{Columns, Kind, Referrer};
use dueregard_core::objective::ObjectiveFields;
use dueregard_core::org::{
    CommitteeFields, DirectorateFields, LocalCharacteristicFields, PersonFields,
};
use dueregard_core::plan::{
    ActionFields, GlossaryFields, OutcomeFields, PlanFields, PlanObjectiveFields, PriorityFields,
};
use dueregard_core::store::{StoreError, StoreResult};
use dueregard_core::target_date::TargetDate;
use dueregard_core::validate::ValidationErrors;

pub(crate) const DIRECTORATES: Table = Table::new("directorates", "directorate");
pub(crate) const PEOPLE: Table = Table::new("people", "person");
pub(crate) const COMMITTEES: Table = Table::new("committees", "committee");
pub(crate) const LOCAL: Table = Table::new("local_characteristics", "local characteristic");
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

/// Adds a field error unless every id is a record of `table` here (and, with `plan`, of it).
struct Refs<'t, 'c> {
    tx: &'t mut Tx<'c>,
    org: i64,
    errors: ValidationErrors,
}

impl<'t, 'c> Refs<'t, 'c> {
    fn new(tx: &'t mut Tx<'c>, org: i64) -> Self {
        Refs {
            tx,
            org,
            errors: ValidationErrors::new(),
        }
    }

    async fn check(
        &mut self,
        table: &str,
        ids: &[i64],
        plan: Option<i64>,
        field: &str,
        message: &str,
    ) -> StoreResult<()> {
        let scope = plan.map(|p| ("plan_id", p));
        check_ids(
            self.tx,
            &mut self.errors,
            table,
            self.org,
            ids,
            scope,
            field,
            message,
        )
        .await
    }

    fn finish(self) -> StoreResult<()> {
        self.errors.finish(()).map_err(StoreError::Invalid)
    }
}

const DIRECTORATE_MESSAGE: &str = "Select a directorate of this organisation";
const PEOPLE_MESSAGE: &str = "Select lead officers from this organisation's people";

impl Kind for DirectorateFields {
    const TABLE: Table = DIRECTORATES;
    const REFERRERS: &'static [Referrer] = &[
        Referrer::field("people", "directorate_id", ("person", "people")),
        Referrer::field("plans", "directorate_id", ("action plan", "action plans")),
    ];
    fn label(&self) -> String {
        self.name.clone()
    }
}

impl Kind for PersonFields {
    const TABLE: Table = PEOPLE;
    const REFERRERS: &'static [Referrer] = &[
        Referrer::column("action_leads", "person_id", ("action", "actions")),
        Referrer::column("users", "person_id", ("user account", "user accounts")),
        Referrer::field(
            "plan_objectives",
            "lead_ids",
            ("plan objective", "plan objectives"),
        ),
    ];
    fn label(&self) -> String {
        self.name.clone()
    }
    fn search(&self) -> String {
        search_text(&[
            &self.name,
            self.initials.as_deref().unwrap_or(""),
            self.job_title.as_deref().unwrap_or(""),
        ])
    }
    async fn prepare(&self, tx: &mut Tx<'_>, org: i64, _: Option<i64>) -> StoreResult<Columns> {
        let mut refs = Refs::new(tx, org);
        let ids = self.directorate_id.as_slice();
        refs.check(
            "directorates",
            ids,
            None,
            "directorate_id",
            DIRECTORATE_MESSAGE,
        )
        .await?;
        refs.finish()?;
        Ok(Columns::default())
    }
}

impl Kind for CommitteeFields {
    const TABLE: Table = COMMITTEES;
    const REFERRERS: &'static [Referrer] = &[Referrer::field(
        "plans",
        "committee_id",
        ("action plan", "action plans"),
    )];
    fn label(&self) -> String {
        self.name.clone()
    }
}

impl Kind for LocalCharacteristicFields {
    const TABLE: Table = LOCAL;
    fn label(&self) -> String {
        self.name.clone()
    }
}

impl Kind for ObjectiveFields {
    const TABLE: Table = OBJECTIVES;
    const ORDER: &'static str = "id";
    const REFERRERS: &'static [Referrer] = &[Referrer::column(
        "action_objectives",
        "objective_id",
        ("action", "actions"),
    )];
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
    const REFERRERS: &'static [Referrer] = &[Referrer::field(
        "actions",
        "outcome_id",
        ("action", "actions"),
    )];
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
