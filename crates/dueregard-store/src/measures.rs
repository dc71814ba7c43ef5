//! Indicators (kept by the one record mechanism) and their values, one row a period and group.

use crate::backend_error;
use crate::records::{self, Columns, Kind, Refs, Table, Tx, get, now};
use crate::sql_store::SqlStore;
use async_trait::async_trait;
use dueregard_core::budget::{BudgetRound, BudgetRoundFields};
use dueregard_core::framework::{SelfAssessment, SelfAssessmentFields};
use dueregard_core::incident::{IncidentCount, IncidentKind, Motivation};
use dueregard_core::indicator::values::Characteristic;
use dueregard_core::indicator::values::{Group, Observation};
use dueregard_core::indicator::{Indicator, IndicatorFields};
use dueregard_core::store::{Actor, MeasureStore, StoreError, StoreResult};
use dueregard_core::training::{Course, CourseFields, TrainingSession, TrainingSessionFields};

pub(crate) const BUDGET_ROUNDS: Table = Table::new("budget_rounds", "budget round");

impl Kind for BudgetRoundFields {
    const TABLE: Table = BUDGET_ROUNDS;
    const ORDER: &'static str = "id DESC";
    fn label(&self) -> String {
        self.title.clone()
    }
    async fn prepare(&self, tx: &mut Tx<'_>, org: i64, _: Option<i64>) -> StoreResult<Columns> {
        let mut refs = Refs::new(tx, org);
        let message = "Select decisions of this organisation";
        refs.check(
            "decisions",
            &self.decision_ids,
            None,
            "decision_ids",
            message,
        )
        .await?;
        let meetings: Vec<i64> = self.meeting_id.into_iter().collect();
        let message = "Select a meeting of this organisation";
        refs.check("meetings", &meetings, None, "meeting_id", message)
            .await?;
        refs.finish()?;
        Ok(Columns::default())
    }
}

pub(crate) const INDICATORS: Table = Table {
    owns: &[("indicator_values", "indicator_id")],
    ..Table::new("indicators", "indicator")
};

impl Kind for IndicatorFields {
    const TABLE: Table = INDICATORS;
    fn label(&self) -> String {
        self.title.clone()
    }
    async fn prepare(&self, tx: &mut Tx<'_>, org: i64, _: Option<i64>) -> StoreResult<Columns> {
        let mut refs = Refs::new(tx, org);
        let checks: [(&str, &[i64], &str, &str); 3] = [
            (
                "objectives",
                &self.objective_ids,
                "objective_ids",
                "Select equality objectives of this organisation",
            ),
            (
                "actions",
                &self.action_ids,
                "action_ids",
                "Select actions of this organisation's plans",
            ),
            (
                "outcomes",
                &self.outcome_ids,
                "outcome_ids",
                "Select planned outcomes of this organisation's plans",
            ),
        ];
        for (table, ids, field, message) in checks {
            refs.check(table, ids, None, field, message).await?;
        }
        let course: Vec<i64> = self.course_id.into_iter().collect();
        let message = "Select a training course of this organisation";
        refs.check("training_courses", &course, None, "course_id", message)
            .await?;
        refs.finish()?;
        Ok(Columns::default())
    }
}

/// A characteristic as the values table writes it ('' is everyone).
fn characteristic(key: &str) -> Option<Characteristic> {
    Characteristic::ALL.into_iter().find(|c| c.key() == key)
}

#[async_trait]
impl MeasureStore for SqlStore {
    async fn indicators(&self, org: i64) -> StoreResult<Vec<Indicator>> {
        self.records::<IndicatorFields>(org).await
    }

    async fn indicator(&self, org: i64, id: i64) -> StoreResult<Indicator> {
        self.record::<IndicatorFields>(org, id).await
    }

    async fn create_indicator(
        &self,
        actor: &Actor,
        org: i64,
        fields: IndicatorFields,
    ) -> StoreResult<Indicator> {
        self.add(actor, org, fields).await
    }

    async fn update_indicator(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: IndicatorFields,
    ) -> StoreResult<Indicator> {
        self.put(actor, org, id, version, fields).await
    }

    async fn put_indicator_values(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        values: &[Observation],
    ) -> StoreResult<usize> {
        let mut tx = self.begin().await?;
        let found = sqlx::query("SELECT id FROM indicators WHERE id = $1 AND org_id = $2")
            .bind(id)
            .bind(org)
            .fetch_optional(&mut **tx)
            .await
            .map_err(backend_error)?;
        if found.is_none() {
            return Err(StoreError::NotFound("indicator"));
        }
        let mut periods: Vec<_> = values.iter().map(|v| v.period).collect();
        periods.sort();
        periods.dedup();
        for p in &periods {
            sqlx::query("DELETE FROM indicator_values WHERE indicator_id = $1 AND period_end = $2")
                .bind(id)
                .bind(p.to_string())
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        let at = now();
        for v in values {
            let (c, code) = v.group.map_or((String::new(), 0), |g| {
                (g.characteristic.key().to_string(), i64::from(g.code))
            });
            sqlx::query(
                "INSERT INTO indicator_values (indicator_id, org_id, period_end, characteristic, code, count, base, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(org)
            .bind(v.period.to_string())
            .bind(c)
            .bind(code)
            .bind(i64::try_from(v.count).unwrap_or(i64::MAX))
            .bind(v.base.map(|b| i64::try_from(b).unwrap_or(i64::MAX)))
            .bind(at.clone())
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        }
        let said: Vec<String> = periods.iter().map(|p| p.to_string()).collect();
        records::audit(
            &mut tx,
            Some(org),
            actor,
            "indicator values",
            id,
            "update",
            None,
            Some(&format!(
                "{} values for the periods ending {}",
                values.len(),
                said.join(", ")
            )),
        )
        .await?;
        self.commit(tx).await?;
        Ok(periods.len())
    }

    async fn put_incident_counts(
        &self,
        actor: &Actor,
        org: i64,
        counts: &[IncidentCount],
    ) -> StoreResult<usize> {
        let mut tx = self.begin().await?;
        let mut periods: Vec<_> = counts.iter().map(|c| c.period).collect();
        periods.sort();
        periods.dedup();
        for p in &periods {
            sqlx::query("DELETE FROM incident_counts WHERE org_id = $1 AND period_end = $2")
                .bind(org)
                .bind(p.to_string())
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        let at = now();
        for c in counts {
            sqlx::query(
                "INSERT INTO incident_counts (org_id, period_end, kind, motivation, area, count, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(org)
            .bind(c.period.to_string())
            .bind(c.kind.key())
            .bind(c.motivation.key())
            .bind(c.area.clone())
            .bind(i64::from(c.count))
            .bind(at.clone())
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        }
        let said: Vec<String> = periods.iter().map(|p| p.to_string()).collect();
        records::audit(
            &mut tx,
            Some(org),
            actor,
            "incident counts",
            org,
            "update",
            None,
            Some(&format!(
                "{} counts for the periods ending {}",
                counts.len(),
                said.join(", ")
            )),
        )
        .await?;
        self.commit(tx).await?;
        Ok(periods.len())
    }

    async fn incident_counts(&self, org: i64) -> StoreResult<Vec<IncidentCount>> {
        let rows = sqlx::query(
            "SELECT period_end, kind, motivation, area, count FROM incident_counts WHERE org_id = $1 ORDER BY period_end, kind, motivation, area",
        )
        .bind(org)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        let bad = |what: &str| {
            StoreError::Backend(format!("an incident count's {what} is not one we know"))
        };
        rows.iter()
            .map(|r| {
                Ok(IncidentCount {
                    period: get::<String>(r, "period_end")?
                        .parse()
                        .map_err(|_| bad("period"))?,
                    kind: IncidentKind::from_key(&get::<String>(r, "kind")?)
                        .ok_or_else(|| bad("kind"))?,
                    motivation: Motivation::from_key(&get::<String>(r, "motivation")?)
                        .ok_or_else(|| bad("motivation"))?,
                    area: get(r, "area")?,
                    count: u32::try_from(get::<i64>(r, "count")?).map_err(|_| bad("count"))?,
                })
            })
            .collect()
    }

    async fn courses(&self, org: i64) -> StoreResult<Vec<Course>> {
        self.records::<CourseFields>(org).await
    }

    async fn course(&self, org: i64, id: i64) -> StoreResult<Course> {
        self.record::<CourseFields>(org, id).await
    }

    async fn create_course(
        &self,
        actor: &Actor,
        org: i64,
        fields: CourseFields,
    ) -> StoreResult<Course> {
        self.add(actor, org, fields).await
    }

    async fn update_course(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: CourseFields,
    ) -> StoreResult<Course> {
        self.put(actor, org, id, version, fields).await
    }

    async fn training_sessions(&self, org: i64) -> StoreResult<Vec<TrainingSession>> {
        self.records::<TrainingSessionFields>(org).await
    }

    async fn training_session(&self, org: i64, id: i64) -> StoreResult<TrainingSession> {
        self.record::<TrainingSessionFields>(org, id).await
    }

    async fn create_training_session(
        &self,
        actor: &Actor,
        org: i64,
        fields: TrainingSessionFields,
    ) -> StoreResult<TrainingSession> {
        self.add(actor, org, fields).await
    }

    async fn update_training_session(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: TrainingSessionFields,
    ) -> StoreResult<TrainingSession> {
        self.put(actor, org, id, version, fields).await
    }

    async fn self_assessments(&self, org: i64) -> StoreResult<Vec<SelfAssessment>> {
        self.records::<SelfAssessmentFields>(org).await
    }

    async fn self_assessment(&self, org: i64, id: i64) -> StoreResult<SelfAssessment> {
        self.record::<SelfAssessmentFields>(org, id).await
    }

    async fn create_self_assessment(
        &self,
        actor: &Actor,
        org: i64,
        fields: SelfAssessmentFields,
    ) -> StoreResult<SelfAssessment> {
        self.add(actor, org, fields).await
    }

    async fn update_self_assessment(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: SelfAssessmentFields,
    ) -> StoreResult<SelfAssessment> {
        self.put(actor, org, id, version, fields).await
    }

    async fn budget_rounds(&self, org: i64) -> StoreResult<Vec<BudgetRound>> {
        self.records::<BudgetRoundFields>(org).await
    }

    async fn budget_round(&self, org: i64, id: i64) -> StoreResult<BudgetRound> {
        self.record::<BudgetRoundFields>(org, id).await
    }

    async fn create_budget_round(
        &self,
        actor: &Actor,
        org: i64,
        fields: BudgetRoundFields,
    ) -> StoreResult<BudgetRound> {
        self.add(actor, org, fields).await
    }

    async fn update_budget_round(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: BudgetRoundFields,
    ) -> StoreResult<BudgetRound> {
        self.put(actor, org, id, version, fields).await
    }

    async fn indicator_values(&self, org: i64, id: i64) -> StoreResult<Vec<Observation>> {
        let rows = sqlx::query(
            "SELECT period_end, characteristic, code, count, base FROM indicator_values WHERE indicator_id = $1 AND org_id = $2 ORDER BY period_end, characteristic, code",
        )
        .bind(id)
        .bind(org)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        rows.iter()
            .map(|r| {
                let period: String = get(r, "period_end")?;
                let c: String = get(r, "characteristic")?;
                let code: i64 = get(r, "code")?;
                let group = match c.as_str() {
                    "" => None,
                    k => Some(Group {
                        characteristic: characteristic(k).ok_or_else(|| {
                            StoreError::Backend(format!(
                                "an indicator value of an unknown characteristic '{k}'"
                            ))
                        })?,
                        code: u8::try_from(code).map_err(|_| {
                            StoreError::Backend("an indicator value of an unknown group".into())
                        })?,
                    }),
                };
                Ok(Observation {
                    period: period.parse().map_err(|_| {
                        StoreError::Backend(format!(
                            "an indicator value's period '{period}' is not a date"
                        ))
                    })?,
                    group,
                    count: u64::try_from(get::<i64>(r, "count")?).unwrap_or(0),
                    base: get::<Option<i64>>(r, "base")?.map(|b| u64::try_from(b).unwrap_or(0)),
                })
            })
            .collect()
    }
}
