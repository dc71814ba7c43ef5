//! The demo's equality training for Worcester. Seed 000 proposes a 30-minute session in the
//! induction programme, a briefing for members, and a half-day module on equalities and impact
//! assessment for services. The seed names no dates or attendees, so the sessions, the
//! illustrative officers and members who came, and the coverage indicator are illustrative (and
//! say so).

use dueregard_core::indicator::{IndicatorFields, IndicatorForm};
use dueregard_core::org::{DirectorateFields, PersonInput};
use dueregard_core::store::{Actor, Store};
use dueregard_core::training::{CourseFields, CourseForm, TrainingSessionFields};
use jiff::ToSpan;
use jiff::civil::Date;

const MODULE: &str = "Equalities and impact assessment: half-day module";

/// Adds the courses once.
pub async fn load(store: &dyn Store, actor: &Actor, org: i64, today: Date) -> anyhow::Result<()> {
    if store
        .courses(org)
        .await?
        .iter()
        .any(|c| c.fields.title == MODULE)
    {
        return Ok(());
    }
    let mut directorates = Vec::new();
    for name in ["Place (illustrative)", "People (illustrative)"] {
        let d = store
            .create_directorate(
                actor,
                org,
                DirectorateFields {
                    name: name.into(),
                    services: Vec::new(),
                },
            )
            .await?;
        directorates.push(d.id);
    }
    // Twenty-eight illustrative service managers, fourteen in each directorate, and four members.
    let mut officers = Vec::new();
    for n in 1..=28 {
        let input = PersonInput {
            name: format!("Service manager {n} (illustrative)"),
            job_title: "Service manager".into(),
            directorate_id: Some(directorates[(n - 1) % 2]),
            kind: "officer".into(),
            ..Default::default()
        };
        let p = store
            .create_person(
                actor,
                org,
                input
                    .validate()
                    .map_err(|e| anyhow::anyhow!("demo person: {e}"))?,
            )
            .await?;
        officers.push(p.id);
    }
    let mut members = Vec::new();
    for n in 1..=4 {
        let input = PersonInput {
            name: format!("Councillor {n} (illustrative)"),
            kind: "member".into(),
            ..Default::default()
        };
        let p = store
            .create_person(
                actor,
                org,
                input
                    .validate()
                    .map_err(|e| anyhow::anyhow!("demo person: {e}"))?,
            )
            .await?;
        members.push(p.id);
    }
    let course = |title: &str, kind: &str, audience: &str, refresher: &str, description: &str| {
        CourseFields::validate(&CourseForm {
            title: title.into(),
            kind: kind.into(),
            audience: audience.into(),
            refresher_months: refresher.into(),
            description: description.into(),
            directorate_ids: Vec::new(),
        })
        .map_err(|e| anyhow::anyhow!("demo course: {e}"))
    };
    let induction = store
        .create_course(actor, org, course("Equality in the induction programme (30 minutes)", "induction", "officers", "", "Our equality duties and approach, in a local and practical way, and how they bear on day-to-day work.")?)
        .await?;
    let briefing = store
        .create_course(actor, org, course("Equalities briefing for members", "member_briefing", "members", "48", "The context, what equality and inclusion mean, our responsibilities and what the local picture tells us.")?)
        .await?;
    let module = store
        .create_course(actor, org, course(MODULE, "impact_assessment", "officers", "36", "Awareness of the Equality Act, then a facilitated session on completing an equality impact assessment and on the equalities implications of a report.")?)
        .await?;
    let ago = |months: i64| today.checked_sub(months.months());
    let sessions: [(i64, Date, Vec<i64>); 5] = [
        (module.id, ago(40)?, officers[0..4].to_vec()),
        (module.id, ago(14)?, officers[4..9].to_vec()),
        (module.id, ago(3)?, officers[9..14].to_vec()),
        (briefing.id, ago(6)?, members[0..3].to_vec()),
        (induction.id, ago(2)?, officers[14..18].to_vec()),
    ];
    for (course_id, date, attendee_ids) in sessions {
        store
            .create_training_session(
                actor,
                org,
                TrainingSessionFields {
                    course_id,
                    date,
                    trainer: "Policy and Performance (illustrative)".into(),
                    attendee_ids,
                },
            )
            .await?;
    }
    let year = crate::app::indicators::year_end(today).year();
    let indicator = IndicatorFields::validate(&IndicatorForm {
        title: "Service managers trained to assess equality impact (illustrative)".into(),
        definition: "Officers the half-day module is for who have taken it in the last three years, out of all of them, at the end of each financial year.".into(),
        unit: "percent".into(),
        polarity: "higher_is_better".into(),
        frequency: "yearly".into(),
        source: "training_coverage".into(),
        course_id: module.id.to_string(),
        targets: format!("{}-03-31: 50\n{year}-03-31: 75", year - 1),
        green_within: "0".into(),
        amber_within: "10".into(),
        ..Default::default()
    })
    .map_err(|e| anyhow::anyhow!("demo indicator: {e}"))?;
    store.create_indicator(actor, org, indicator).await?;
    Ok(())
}

/// The demo's framework self-assessments: Leicester works to the Equality Standard's levels (seed
/// 001, 2003), and Dudley rates itself against today's framework. Neither seed gives the ratings,
/// so they are illustrative (and say so).
pub async fn frameworks(
    store: &dyn Store,
    actor: &Actor,
    org: i64,
    framework: &str,
    today: Date,
) -> anyhow::Result<()> {
    use dueregard_core::framework::{SelfAssessmentFields, SelfAssessmentForm};
    if !store.self_assessments(org).await?.is_empty() {
        return Ok(());
    }
    let ratings: Vec<(String, String, String, String)> = match framework {
        "eslg" => vec![
            ("level-1".into(), "achieved".into(), "/objectives".into(), String::new()),
            ("level-2".into(), "working_towards".into(), "/assessments".into(), "Impact assessment and consultation are not yet done for every service (illustrative)".into()),
            ("level-3".into(), "not_started".into(), String::new(), String::new()),
        ],
        _ => vec![
            ("1.3".into(), "achieving".into(), "/consultations".into(), String::new()),
            ("2.3".into(), "developing".into(), "/decisions\n/budget-rounds".into(), "Budget proposals are assessed one at a time; their cumulative impact is not yet considered before the budget is set (illustrative)".into()),
            ("2.4".into(), "achieving".into(), "/indicators\n/reports/progress".into(), String::new()),
            ("4.3".into(), "achieving".into(), "/workforce".into(), String::new()),
        ],
    };
    let form = SelfAssessmentForm {
        framework: framework.into(),
        title: if framework == "eslg" {
            "Equality Standard audit (illustrative)".into()
        } else {
            "Self-assessment for a peer challenge (illustrative)".into()
        },
        assessed_on: today.checked_sub(30.days())?.to_string(),
        ratings,
        ..Default::default()
    };
    let fields = SelfAssessmentFields::validate(&form)
        .map_err(|e| anyhow::anyhow!("demo self-assessment: {e}"))?;
    store.create_self_assessment(actor, org, fields).await?;
    Ok(())
}
