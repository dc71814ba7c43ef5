//! Impact assessments and decisions. Every change is one transaction with its audit record; an
//! approved edition is never changed again.

use crate::backend_error;
use crate::records::{self, Table, Tx, Val, check_ids, dynamic, from_json, get, to_json};
use crate::sql_store::SqlStore;
use async_trait::async_trait;
use dueregard_core::assessment::{
    AssessmentFields, Decision, DecisionFields, ImpactAssessment, Signature, Step,
};
use dueregard_core::store::{Actor, AssessmentStore, StoreError, StoreResult};
use dueregard_core::validate::ValidationErrors;
use dueregard_core::vocab::Role;
use sqlx::Row;
use sqlx::any::AnyRow;

pub(crate) const ASSESSMENTS: Table = Table::new("assessments", "impact assessment");
pub(crate) const DECISIONS: Table = Table::new("decisions", "decision");

fn invalid(field: &str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid(ValidationErrors::single(field, message))
}

fn assessment_from(r: &AnyRow) -> StoreResult<ImpactAssessment> {
    let id: i64 = get(r, "id")?;
    let series: Option<i64> = get(r, "series_id")?;
    Ok(ImpactAssessment {
        id,
        org_id: get(r, "org_id")?,
        version: get(r, "version")?,
        series_id: series.unwrap_or(id),
        edition: get(r, "edition")?,
        superseded_by: get(r, "superseded_by")?,
        fields: from_json(&ASSESSMENTS, &get::<String>(r, "data")?)?,
        created_at: get(r, "created_at")?,
        updated_at: get(r, "updated_at")?,
    })
}

fn decision_from(r: &AnyRow) -> StoreResult<Decision> {
    Ok(Decision {
        id: get(r, "id")?,
        org_id: get(r, "org_id")?,
        version: get(r, "version")?,
        fields: from_json(&DECISIONS, &get::<String>(r, "data")?)?,
    })
}

/// The columns queries need, beside the JSON.
fn assessment_columns(f: &AssessmentFields) -> Vec<(&'static str, Val)> {
    vec![
        ("status", Val::text(f.status().key())),
        ("public", Val::int(i64::from(f.public))),
        (
            "review_date",
            Val::Text(f.review_date.map(|d| d.to_string())),
        ),
    ]
}

fn decision_search(f: &DecisionFields) -> String {
    records::search_text(&[&f.title, &f.decision_maker])
}

fn decision_columns(f: &DecisionFields) -> [(&'static str, Val); 1] {
    [("decided_on", Val::text(f.decided_on.to_string()))]
}

fn search(f: &AssessmentFields) -> String {
    records::search_text(&[&f.title, &f.scope, &f.purpose])
}

#[async_trait]
impl AssessmentStore for SqlStore {
    async fn create_assessment(
        &self,
        actor: &Actor,
        org: i64,
        mut fields: AssessmentFields,
    ) -> StoreResult<ImpactAssessment> {
        // Signatures are made by signing, never by saving.
        fields.assessed = None;
        fields.reviewed = None;
        fields.approved = None;
        let mut tx = self.begin().await?;
        Self::check_assessment(&mut tx, org, &fields).await?;
        let id = Self::insert_assessment(&mut tx, actor, org, &fields, None, 1).await?;
        let saved = Self::assessment_tx(&mut tx, org, id).await?;
        self.commit(tx).await?;
        Ok(saved)
    }

    async fn update_assessment(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        mut fields: AssessmentFields,
    ) -> StoreResult<ImpactAssessment> {
        let mut tx = self.begin().await?;
        let current = Self::assessment_tx(&mut tx, org, id).await?;
        // Saving what is saved is no change, even on an approved assessment: it keeps its
        // sign-offs and its version.
        if current.version == version && current.fields == fields {
            return Ok(current);
        }
        if current.fields.is_frozen() || current.superseded_by.is_some() {
            return Err(invalid(
                "assessment",
                "This assessment is approved, so it cannot be changed. Start a new version to change it; the approved one is kept",
            ));
        }
        // A change after signing needs signing again.
        fields.assessed = None;
        fields.reviewed = None;
        fields.approved = None;
        Self::check_assessment(&mut tx, org, &fields).await?;
        let saved = Self::save_assessment(&mut tx, actor, org, id, version, &fields).await?;
        self.commit(tx).await?;
        Ok(saved)
    }

    async fn sign_assessment(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        step: Step,
        (signer, role): (i64, Role),
    ) -> StoreResult<ImpactAssessment> {
        let mut tx = self.begin().await?;
        let current = Self::assessment_tx(&mut tx, org, id).await?;
        if current.superseded_by.is_some() {
            return Err(invalid(
                "assessment",
                "A newer version of this assessment exists",
            ));
        }
        let mut fields = current.fields;
        fields
            .may_sign(step, role, signer)
            .map_err(|e| invalid("sign_off", e.to_string()))?;
        let now = jiff::Timestamp::now();
        let signature = Signature {
            user_id: signer,
            name: actor.name.clone(),
            at: now.to_string(),
            on: now.to_zoned(jiff::tz::TimeZone::UTC).date(),
        };
        match step {
            Step::Assessed => fields.assessed = Some(signature),
            Step::Reviewed => fields.reviewed = Some(signature),
            Step::Approved => fields.approved = Some(signature),
        }
        let saved = Self::save_assessment(&mut tx, actor, org, id, version, &fields).await?;
        self.commit(tx).await?;
        Ok(saved)
    }

    async fn new_assessment_edition(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
    ) -> StoreResult<ImpactAssessment> {
        let mut tx = self.begin().await?;
        let current = Self::assessment_tx(&mut tx, org, id).await?;
        if !current.fields.is_frozen() {
            return Err(invalid(
                "assessment",
                "Only an approved assessment needs a new version: change this one directly",
            ));
        }
        if current.superseded_by.is_some() {
            return Err(invalid(
                "assessment",
                "A newer version of this assessment exists",
            ));
        }
        let mut fields = current.fields.clone();
        fields.assessed = None;
        fields.reviewed = None;
        fields.approved = None;
        let new_id = Self::insert_assessment(
            &mut tx,
            actor,
            org,
            &fields,
            Some(current.series_id),
            current.edition + 1,
        )
        .await?;
        sqlx::query("UPDATE assessments SET superseded_by = $1 WHERE id = $2 AND org_id = $3")
            .bind(new_id)
            .bind(id)
            .bind(org)
            .execute(&mut **tx)
            .await
            .map_err(backend_error)?;
        records::audit(
            &mut tx,
            Some(org),
            actor,
            ASSESSMENTS.entity,
            id,
            "superseded",
            None,
            Some(&format!("{{\"superseded_by\":{new_id}}}")),
        )
        .await?;
        let saved = Self::assessment_tx(&mut tx, org, new_id).await?;
        self.commit(tx).await?;
        Ok(saved)
    }

    async fn assessment(&self, org: i64, id: i64) -> StoreResult<ImpactAssessment> {
        let mut tx = self.begin_read().await?;
        let found = Self::assessment_tx(&mut tx, org, id).await;
        tx.commit().await.map_err(backend_error)?;
        found
    }

    async fn assessments(&self, org: i64) -> StoreResult<Vec<ImpactAssessment>> {
        sqlx::query("SELECT * FROM assessments WHERE org_id = $1 ORDER BY id DESC")
            .bind(org)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?
            .iter()
            .map(assessment_from)
            .collect()
    }

    async fn create_decision(
        &self,
        actor: &Actor,
        org: i64,
        fields: DecisionFields,
    ) -> StoreResult<Decision> {
        let mut tx = self.begin().await?;
        Self::check_decision(&mut tx, org, &fields).await?;
        let id = records::insert_row(
            &mut tx,
            actor,
            DECISIONS,
            org,
            &fields.title,
            &decision_search(&fields),
            &to_json(&fields)?,
            &decision_columns(&fields),
        )
        .await?;
        let saved = Self::decision_tx(&mut tx, org, id).await?;
        self.commit(tx).await?;
        Ok(saved)
    }

    async fn update_decision(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: DecisionFields,
    ) -> StoreResult<Decision> {
        let mut tx = self.begin().await?;
        Self::check_decision(&mut tx, org, &fields).await?;
        records::update_row(
            &mut tx,
            actor,
            DECISIONS,
            org,
            id,
            version,
            &fields.title,
            &decision_search(&fields),
            &to_json(&fields)?,
            &decision_columns(&fields),
        )
        .await?;
        let saved = Self::decision_tx(&mut tx, org, id).await?;
        self.commit(tx).await?;
        Ok(saved)
    }

    async fn decision(&self, org: i64, id: i64) -> StoreResult<Decision> {
        let mut tx = self.begin_read().await?;
        let found = Self::decision_tx(&mut tx, org, id).await;
        tx.commit().await.map_err(backend_error)?;
        found
    }

    async fn decisions(&self, org: i64) -> StoreResult<Vec<Decision>> {
        sqlx::query("SELECT * FROM decisions WHERE org_id = $1 ORDER BY decided_on DESC, id DESC")
            .bind(org)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?
            .iter()
            .map(decision_from)
            .collect()
    }
}

impl SqlStore {
    /// Checks what only the database knows: the owner, directorate and local characteristics
    /// belong to this organisation.
    async fn check_assessment(tx: &mut Tx<'_>, org: i64, f: &AssessmentFields) -> StoreResult<()> {
        let local: Vec<i64> = sqlx::query("SELECT id FROM local_characteristics WHERE org_id = $1")
            .bind(org)
            .fetch_all(&mut **tx)
            .await
            .map_err(backend_error)?
            .iter()
            .map(|r| r.try_get::<i64, _>(0))
            .collect::<Result<_, _>>()
            .map_err(backend_error)?;
        let mut errors = match f.validate(&local) {
            Ok(()) => ValidationErrors::new(),
            Err(e) => e,
        };
        let owner: Vec<i64> = f.owner_id.into_iter().collect();
        check_ids(
            tx,
            &mut errors,
            "people",
            org,
            &owner,
            None,
            "owner_id",
            "The owner is not one of this organisation's people",
        )
        .await?;
        let directorate: Vec<i64> = f.directorate_id.into_iter().collect();
        check_ids(
            tx,
            &mut errors,
            "directorates",
            org,
            &directorate,
            None,
            "directorate_id",
            "The directorate is not one of this organisation's",
        )
        .await?;
        errors.finish(()).map_err(StoreError::Invalid)
    }

    async fn assessment_tx(tx: &mut Tx<'_>, org: i64, id: i64) -> StoreResult<ImpactAssessment> {
        let row = sqlx::query("SELECT * FROM assessments WHERE org_id = $1 AND id = $2")
            .bind(org)
            .bind(id)
            .fetch_optional(&mut **tx)
            .await
            .map_err(backend_error)?
            .ok_or(StoreError::NotFound(ASSESSMENTS.entity))?;
        assessment_from(&row)
    }

    /// Writes an edited or signed assessment over `version`, with its audit record.
    async fn save_assessment(
        tx: &mut Tx<'_>,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: &AssessmentFields,
    ) -> StoreResult<ImpactAssessment> {
        records::update_row(
            tx,
            actor,
            ASSESSMENTS,
            org,
            id,
            version,
            &fields.title,
            &search(fields),
            &to_json(fields)?,
            &assessment_columns(fields),
        )
        .await?;
        Self::assessment_tx(tx, org, id).await
    }

    async fn insert_assessment(
        tx: &mut Tx<'_>,
        actor: &Actor,
        org: i64,
        fields: &AssessmentFields,
        series: Option<i64>,
        edition: i64,
    ) -> StoreResult<i64> {
        let mut extra = assessment_columns(fields);
        extra.push(("edition", Val::int(edition)));
        extra.push(("series_id", Val::Int(series)));
        let id = records::insert_row(
            tx,
            actor,
            ASSESSMENTS,
            org,
            &fields.title,
            &search(fields),
            &to_json(fields)?,
            &extra,
        )
        .await?;
        if series.is_none() {
            sqlx::query("UPDATE assessments SET series_id = id WHERE id = $1")
                .bind(id)
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
        }
        Ok(id)
    }

    async fn check_decision(tx: &mut Tx<'_>, org: i64, f: &DecisionFields) -> StoreResult<()> {
        let mut errors = match f.validate() {
            Ok(()) => ValidationErrors::new(),
            Err(e) => e,
        };
        check_ids(
            tx,
            &mut errors,
            "assessments",
            org,
            &f.assessment_ids,
            None,
            "assessment_ids",
            "An attached assessment is not one of this organisation's",
        )
        .await?;
        errors.finish(()).map_err(StoreError::Invalid)
    }

    async fn decision_tx(tx: &mut Tx<'_>, org: i64, id: i64) -> StoreResult<Decision> {
        let row = dynamic(format!(
            "SELECT * FROM {} WHERE org_id = $1 AND id = $2",
            DECISIONS.name
        ))
        .bind(org)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(backend_error)?
        .ok_or(StoreError::NotFound(DECISIONS.entity))?;
        decision_from(&row)
    }
}
