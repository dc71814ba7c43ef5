//! What an indicator shows: its values (stored, or worked out from Due Regard's own records),
//! passed through disclosure control. Every page, the API and the public site read an
//! indicator's values through [`series`], so none shows a value resting on a small count.

use dueregard_core::incident::{IncidentKind, by_motivation};
use dueregard_core::indicator::values::{self, Observation, Series};
use dueregard_core::indicator::{Indicator, Source};
use dueregard_core::store::{Store, StoreResult};
use dueregard_core::training::{self, TrainingSession};
use dueregard_stats::disclosure::{DisclosurePolicy, Preset};
use jiff::civil::Date;

/// The day the financial year holding `day` ends: 31 March.
pub fn year_end(day: Date) -> Date {
    dueregard_core::period::FinancialYear::containing(day)
        .period()
        .end
}

/// The values an indicator rests on: as entered, or worked out afresh from the body's records.
pub async fn observations(
    store: &dyn Store,
    org: i64,
    indicator: &Indicator,
) -> StoreResult<Vec<Observation>> {
    match indicator.fields.source {
        Source::Entered => store.indicator_values(org, indicator.id).await,
        Source::AssessmentsOnTime => assessments_on_time(store, org).await,
        Source::TrainingCoverage => training_coverage(store, org, indicator).await,
        Source::WorkforceShare => workforce_share(store, org, indicator).await,
        Source::ConsultationReach => consultation_reach(store, org, indicator).await,
        Source::HateIncidents => {
            let counts = store.incident_counts(org).await?;
            let kinds = [IncidentKind::HateCrime, IncidentKind::HateIncident];
            let (periods, lines) = by_motivation(&counts, &kinds);
            Ok(periods
                .iter()
                .enumerate()
                .map(|(i, period)| Observation {
                    period: *period,
                    group: None,
                    count: lines.iter().map(|(_, v)| v[i]).sum(),
                    base: None,
                })
                .collect())
        }
    }
}

/// For each financial year, the decisions taken in it (the base) and those whose every impact
/// assessment was approved on or before the day of the decision (the count). A decision with no
/// assessment counts in the base only.
async fn assessments_on_time(store: &dyn Store, org: i64) -> StoreResult<Vec<Observation>> {
    let assessments = store.assessments(org).await?;
    let mut years: std::collections::BTreeMap<Date, (u64, u64)> = Default::default();
    for d in store.decisions(org).await? {
        let f = &d.fields;
        let on_time = !f.assessment_ids.is_empty()
            && f.assessment_ids.iter().all(|id| {
                assessments
                    .iter()
                    .find(|a| a.id == *id)
                    .and_then(|a| a.fields.approved.as_ref())
                    .is_some_and(|s| s.on <= f.decided_on)
            });
        let year = years.entry(year_end(f.decided_on)).or_default();
        year.0 += u64::from(on_time);
        year.1 += 1;
    }
    Ok(years
        .into_iter()
        .map(|(period, (count, base))| Observation {
            period,
            group: None,
            count,
            base: Some(base),
        })
        .collect())
}

/// For each financial year from the course's first session to this one, how many of the people
/// it is for held it at the year's end (or today, for this year), out of all it is for. People are
/// as they are recorded now: Due Regard keeps no history of who worked where.
async fn training_coverage(
    store: &dyn Store,
    org: i64,
    indicator: &Indicator,
) -> StoreResult<Vec<Observation>> {
    let Some(course_id) = indicator.fields.course_id else {
        return Ok(Vec::new());
    };
    let course = store.course(org, course_id).await?;
    let sessions: Vec<TrainingSession> = store
        .training_sessions(org)
        .await?
        .into_iter()
        .filter(|s| s.fields.course_id == course_id)
        .collect();
    let people = store.people(org).await?;
    let today = super::today();
    let Some(first) = sessions.iter().map(|s| s.fields.date).min() else {
        return Ok(Vec::new());
    };
    let eligible: Vec<_> = people.iter().filter(|p| course.fields.is_for(p)).collect();
    let mut out = Vec::new();
    let mut year = year_end(first);
    while year <= year_end(today) {
        let on = year.min(today);
        out.push(Observation {
            period: year,
            group: None,
            count: eligible
                .iter()
                .filter(|p| training::trained(&course, &sessions, p.id, on))
                .count() as u64,
            base: Some(eligible.len() as u64),
        });
        year = year_end(year.tomorrow().unwrap_or(Date::MAX));
    }
    Ok(out)
}

/// For each workforce snapshot whose report is kept, the group's count and everyone's, from the
/// report's published profile: figures that have passed disclosure control already, so no
/// person's record is read. A snapshot whose figures for the group are withheld gives no value.
async fn workforce_share(
    store: &dyn Store,
    org: i64,
    indicator: &Indicator,
) -> StoreResult<Vec<Observation>> {
    let Some(group) = indicator.fields.group else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for s in store.snapshots(org).await?.into_iter().rev() {
        let Some(json) = store.snapshot_report(org, s.id).await? else {
            continue;
        };
        let Ok(report) = serde_json::from_str::<dueregard_stats::workforce::WorkforceReport>(&json)
        else {
            continue;
        };
        let Some(table) = report
            .tables
            .iter()
            .find(|t| t.characteristic == group.characteristic)
        else {
            continue;
        };
        let count = table
            .rows
            .iter()
            .position(|r| r == group.label())
            .and_then(|i| table.row_totals.get(i))
            .and_then(|c| c.count);
        if let (Some(count), Some(base)) = (count, table.grand_total.count) {
            out.push(Observation {
                period: s.fields.snapshot_date,
                group: None,
                count,
                base: Some(base),
            });
        }
    }
    Ok(out)
}

/// For each consultation with respondents, on the day it closes: how many of them are in the
/// group, out of all who responded.
async fn consultation_reach(
    store: &dyn Store,
    org: i64,
    indicator: &Indicator,
) -> StoreResult<Vec<Observation>> {
    let Some(group) = indicator.fields.group else {
        return Ok(Vec::new());
    };
    let mut out: Vec<Observation> = Vec::new();
    for c in store.consultations(org).await? {
        let counts = store.monitoring_counts(org, c.id).await?;
        if counts.respondents == 0 {
            continue;
        }
        let count = counts
            .counts
            .iter()
            .filter(|(k, code, _)| *k == group.characteristic && *code == group.code)
            .map(|(_, _, n)| *n)
            .sum();
        // Two consultations closing on one day count together.
        match out.iter_mut().find(|o| o.period == c.fields.closes) {
            Some(o) => {
                o.count += count;
                o.base = o.base.map(|b| b + counts.respondents);
            }
            None => out.push(Observation {
                period: c.fields.closes,
                group: None,
                count,
                base: Some(counts.respondents),
            }),
        }
    }
    out.sort_by_key(|o| o.period);
    Ok(out)
}

/// The indicator's values as they may be shown. Values entered by hand are taken to count
/// people, and pass disclosure control; decisions are not people, and a body-wide count of
/// incidents names nobody, so measures of them do not.
pub async fn series(store: &dyn Store, org: i64, indicator: &Indicator) -> StoreResult<Series> {
    let observed = observations(store, org, indicator).await?;
    let policy = match indicator.fields.source {
        Source::Entered
        | Source::TrainingCoverage
        | Source::WorkforceShare
        | Source::ConsultationReach => Preset::Threshold10.policy(),
        Source::AssessmentsOnTime | Source::HateIncidents => DisclosurePolicy {
            threshold: 1,
            rounding_base: 1,
            secondary: false,
            min_group: 1,
        },
    };
    Ok(values::shown(&indicator.fields, &observed, &policy))
}

/// The indicators (all, or only those the body publishes), each with its shown series and the
/// titles of the objectives it evidences: what both reports are made from.
async fn reported(
    store: &dyn Store,
    org: i64,
    only_public: bool,
) -> StoreResult<Vec<(Indicator, Series, Vec<String>)>> {
    let objectives = store.objectives(org).await?;
    let mut out = Vec::new();
    for i in store.indicators(org).await? {
        if only_public && !i.fields.public {
            continue;
        }
        let s = series(store, org, &i).await?;
        let titles = objectives
            .iter()
            .filter(|o| i.fields.objective_ids.contains(&o.id))
            .map(|o| o.fields.title.clone())
            .collect();
        out.push((i, s, titles));
    }
    Ok(out)
}

fn items(
    reported: &[(Indicator, Series, Vec<String>)],
) -> Vec<dueregard_core::report_indicators::ReportedIndicator<'_>> {
    reported
        .iter()
        .map(|(indicator, series, objectives)| {
            dueregard_core::report_indicators::ReportedIndicator {
                indicator,
                series,
                objectives: objectives.clone(),
            }
        })
        .collect()
}

/// The indicators' summary for the annual progress report: every indicator, or only those the
/// body publishes; `None` when there are none.
pub async fn summary_section(
    store: &dyn Store,
    org: i64,
    only_public: bool,
) -> StoreResult<Option<dueregard_core::report::Section>> {
    let reported = reported(store, org, only_public).await?;
    Ok((!reported.is_empty()).then(|| {
        dueregard_core::report_indicators::summary_section(
            "How we measure progress",
            &items(&reported),
        )
    }))
}

/// The indicators report: every indicator, each through disclosure control, with the titles of
/// the objectives it evidences.
pub async fn report(
    store: &dyn Store,
    org: i64,
    today: Date,
) -> StoreResult<dueregard_core::report::Report> {
    let reported = reported(store, org, false).await?;
    let name = store.organisation(org).await?.name;
    Ok(dueregard_core::report_indicators::indicators_report(
        &name,
        &items(&reported),
        today,
    ))
}
