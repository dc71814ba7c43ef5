//! The indicators' API: definitions read and changed like every other record, values sent as
//! rows checked by the same reader as a spreadsheet's, and each series read only after
//! disclosure control.

use super::{ApiJson, created, ok_json};
use crate::app::indicators;
use crate::web::AppState;
use crate::web::auth::ApiCaller;
use crate::web::error::{ApiResult, AppError};
use crate::web::json_edit;
use axum::extract::{Path, State};
use dueregard_core::indicator::values::{Observation, read_rows};
use dueregard_core::indicator::{Indicator, IndicatorFields, Source};
use dueregard_core::store::{Actor, StoreError};
use dueregard_core::validate::ValidationErrors;

/// Checks fields sent as JSON by the same rules as the form.
fn checked(fields: &IndicatorFields) -> Result<IndicatorFields, ValidationErrors> {
    IndicatorFields::validate(&fields.to_form())
}

/// GET /api/v1/indicators
pub async fn api_list(State(state): State<AppState>, caller: ApiCaller) -> ApiResult {
    Ok(ok_json(&state.store.indicators(caller.org.id).await?))
}

/// POST /api/v1/indicators
pub async fn api_create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(fields): ApiJson<IndicatorFields>,
) -> ApiResult {
    let fields = checked(&fields).map_err(AppError::Invalid)?;
    let actor = Actor::user(&caller.user);
    Ok(created(
        &state
            .store
            .create_indicator(&actor, caller.org.id, fields)
            .await?,
    ))
}

/// An indicator, as the API reads and changes it.
pub struct IndicatorApi;

impl json_edit::ApiRecord for IndicatorApi {
    type Shown = Indicator;
    type Fields = IndicatorFields;
    type Saved = Indicator;
    async fn load(state: &AppState, org: i64, id: i64) -> Result<Indicator, StoreError> {
        state.store.indicator(org, id).await
    }
    fn editable(r: &Indicator) -> (i64, &IndicatorFields) {
        (r.version, &r.fields)
    }
    async fn save(
        state: &AppState,
        actor: &Actor,
        org: i64,
        r: &Indicator,
        version: i64,
        fields: IndicatorFields,
    ) -> Result<Indicator, StoreError> {
        let f = checked(&fields).map_err(StoreError::Invalid)?;
        state
            .store
            .update_indicator(actor, org, r.id, version, f)
            .await
    }
}

/// GET /api/v1/indicators/{id}/series: the values as they may be shown.
pub async fn api_series(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult {
    let org = caller.org.id;
    let i = state.store.indicator(org, id).await?;
    Ok(ok_json(
        &indicators::series(state.store.as_ref(), org, &i).await?,
    ))
}

/// PUT /api/v1/indicators/{id}/values: replaces the values of every period named. Each value
/// is checked as a row of a spreadsheet would be, and all are refused if any is wrong.
pub async fn api_put_values(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(values): ApiJson<Vec<Observation>>,
) -> ApiResult {
    let org = caller.org.id;
    let i = state.store.indicator(org, id).await?;
    if i.fields.source != Source::Entered {
        return Err(AppError::Invalid(ValidationErrors::single(
            "values",
            "Due Regard works out this indicator's values from its own records: they cannot be sent",
        ))
        .into());
    }
    let rows: Vec<Vec<String>> = values
        .iter()
        .map(|o| {
            let (c, g) = o.group.map_or((String::new(), String::new()), |g| {
                (g.characteristic.label().to_string(), g.label().to_string())
            });
            vec![
                o.period.to_string(),
                c,
                g,
                o.count.to_string(),
                o.base.map(|b| b.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    let checked = read_rows(i.fields.unit, &rows).map_err(AppError::Invalid)?;
    let periods = state
        .store
        .put_indicator_values(&Actor::user(&caller.user), org, id, &checked)
        .await?;
    Ok(ok_json(&ValuesReplaced {
        periods_replaced: periods,
    }))
}

/// What replacing values did.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct ValuesReplaced {
    /// How many periods' values were replaced.
    pub periods_replaced: usize,
}
