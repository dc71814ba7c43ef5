//! The demo's indicators for Dudley. Seed 002 says progress is measured through surveys, outcome
//! measures by group and evidence of equality analysis in decisions; the seeds give no figures,
//! so the values are illustrative (and say so), drawn to show a gap narrowing, a group too small
//! to show, and a decision measure Due Regard works out itself.

use dueregard_core::indicator::values::read_rows;
use dueregard_core::indicator::{IndicatorFields, IndicatorForm, Unit};
use dueregard_core::store::{Actor, Store};
use jiff::civil::Date;

const SURVEY: &str = "Staff who feel they are treated fairly at work (illustrative)";

fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split(',').map(|c| c.trim().to_string()).collect())
        .collect()
}

/// Adds the indicators once.
pub async fn load(store: &dyn Store, actor: &Actor, org: i64, today: Date) -> anyhow::Result<()> {
    if store
        .indicators(org)
        .await?
        .iter()
        .any(|i| i.fields.title == SURVEY)
    {
        return Ok(());
    }
    let objectives = store.objectives(org).await?;
    let first_objective: Vec<String> = objectives
        .first()
        .map(|o| vec![o.id.to_string()])
        .unwrap_or_default();
    let year = crate::app::indicators::year_end(today).year();
    let survey = IndicatorFields::validate(&IndicatorForm {
        title: SURVEY.into(),
        definition: "Staff survey: those who agree or strongly agree that they are treated fairly, out of all who answered the question. Groups are as staff describe themselves in the survey.".into(),
        unit: "percent".into(),
        polarity: "higher_is_better".into(),
        frequency: "yearly".into(),
        source: "entered".into(),
        baseline: format!("{}-03-31: 64", year - 4),
        targets: format!("{}-03-31: 70\n{}-03-31: 72\n{}-03-31: 75", year - 2, year - 1, year),
        green_within: "0".into(),
        amber_within: "3".into(),
        objective_ids: first_objective.clone(),
        public: true,
        ..Default::default()
    })
    .map_err(|e| anyhow::anyhow!("demo indicator: {e}"))?;
    let survey = store.create_indicator(actor, org, survey).await?;
    let y = |n: i16| year - n;
    let text = format!(
        "period,characteristic,group,count,base
{a}-03-31,,,1536,2400
{a}-03-31,Disability,Disabled,118,240
{a}-03-31,Disability,Not disabled,1340,2040
{b}-03-31,,,1680,2450
{b}-03-31,Disability,Disabled,140,250
{b}-03-31,Disability,Not disabled,1460,2080
{b}-03-31,Ethnic group,Pakistani,96,140
{b}-03-31,Ethnic group,Indian,104,150
{b}-03-31,Ethnic group,English/Welsh/Scottish/Northern Irish/British,1230,1760
{b}-03-31,Ethnic group,Gypsy or Irish Traveller,3,5
{c}-03-31,,,1755,2480
{c}-03-31,Disability,Disabled,162,260
{c}-03-31,Disability,Not disabled,1510,2100
{c}-03-31,Ethnic group,Pakistani,104,145
{c}-03-31,Ethnic group,Indian,112,155
{c}-03-31,Ethnic group,English/Welsh/Scottish/Northern Irish/British,1270,1780",
        a = y(3),
        b = y(2),
        c = y(1),
    );
    let values = read_rows(Unit::Percent, &rows(&text))
        .map_err(|e| anyhow::anyhow!("demo indicator values: {e}"))?;
    store
        .put_indicator_values(actor, org, survey.id, &values)
        .await?;

    let on_time = IndicatorFields::validate(&IndicatorForm {
        title: "Decisions whose impact assessment was approved before the decision".into(),
        definition: "Decisions recorded in Due Regard in each financial year, and of those, the ones with every impact assessment approved on or before the day of the decision.".into(),
        unit: "percent".into(),
        polarity: "higher_is_better".into(),
        frequency: "yearly".into(),
        source: "assessments_on_time".into(),
        targets: format!("{year}-03-31: 100"),
        green_within: "0".into(),
        amber_within: "10".into(),
        objective_ids: first_objective,
        ..Default::default()
    })
    .map_err(|e| anyhow::anyhow!("demo indicator: {e}"))?;
    store.create_indicator(actor, org, on_time).await?;

    // Hate crimes and incidents by quarter, as a community safety partnership reports them.
    let quarters: Vec<Date> = (1..=4)
        .rev()
        .filter_map(|q| {
            let end = today.checked_sub(jiff::Span::new().months(3 * q)).ok()?;
            end.last_of_month().into()
        })
        .collect();
    let mut text = String::new();
    for (i, q) in quarters.iter().enumerate() {
        let n = i as u32;
        for (kind, motivation, area, count) in [
            ("hate crime", "race", "Dudley and Netherton", 21 + n),
            ("hate crime", "race", "Brierley Hill", 14 + 2 * n),
            ("hate incident", "religion", "Dudley and Netherton", 6 + n),
            ("hate crime", "disability", "", 4 + n),
            ("hate crime", "sexual orientation", "", 5),
            ("hate incident", "transgender identity", "", 2 + n),
            ("tension", "race", "Halesowen", 1),
        ] {
            text.push_str(&format!("{q},{kind},{motivation},{area},{count}\n"));
        }
    }
    let counts = dueregard_core::incident::read_rows(&rows(&text))
        .map_err(|e| anyhow::anyhow!("demo incident counts: {e}"))?;
    store.put_incident_counts(actor, org, &counts).await?;
    let incidents = IndicatorFields::validate(&IndicatorForm {
        title: "Hate crimes and incidents recorded (illustrative)".into(),
        definition: "Hate crimes and hate incidents recorded by the community safety partnership in each quarter, all motivations. Reporting is encouraged: a rise can mean more people are confident to report.".into(),
        unit: "count".into(),
        polarity: "higher_is_better".into(),
        frequency: "quarterly".into(),
        source: "hate_incidents".into(),
        amber_within: "0".into(),
        ..Default::default()
    })
    .map_err(|e| anyhow::anyhow!("demo indicator: {e}"))?;
    store.create_indicator(actor, org, incidents).await?;
    Ok(())
}
