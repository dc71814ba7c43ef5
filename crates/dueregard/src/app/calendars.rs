//! What each calendar feed holds, built from the records: the organisation's statutory
//! deadlines, a person's update due dates, assessment review dates, meetings, and the cultural
//! and civic dates. The feeds are written by `dueregard_formats::ical`.

use dueregard_core::civic::{CivicDate, FeedKind};
use dueregard_core::monitoring;
use dueregard_core::org::Organisation;
use dueregard_core::period::long_date;
use dueregard_core::plan::PlanStatus;
use dueregard_core::progress::ProgressStatus;
use dueregard_core::store::{Store, StoreError};
use dueregard_formats::ical::Event;
use jiff::civil::Date;

/// The cultural and civic dates from last year to two years ahead.
pub fn civic_events(dates: &[CivicDate], org: &Organisation, today: Date) -> Vec<Event> {
    let mut out = Vec::new();
    for year in today.year() - 1..=today.year() + 2 {
        for d in dates {
            if let Some((first, last)) = d.fields.rule.in_year(year) {
                out.push(Event {
                    uid: format!("civic-{}-{}-{year}@{}.dueregard", d.id, d.version, org.slug),
                    first,
                    last,
                    summary: d.fields.name.clone(),
                    description: [
                        d.fields.kind.label(),
                        d.fields.notes.as_deref().unwrap_or(""),
                    ]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(". "),
                    url: None,
                });
            }
        }
    }
    out.sort_by_key(|e| (e.first, e.summary.clone()));
    out
}

/// The events of one feed, for `user` of `org`; links start with `base`.
pub async fn feed_events(
    store: &dyn Store,
    org: &Organisation,
    user_person: Option<i64>,
    kind: FeedKind,
    base: &str,
    today: Date,
) -> Result<Vec<Event>, StoreError> {
    let uid = |what: String| format!("{what}@{}.dueregard", org.slug);
    let mut out = Vec::new();
    match kind {
        FeedKind::Deadlines => {
            for s in crate::app::compliance::compliance(store, org, today).await? {
                if let Some(due) = s.due {
                    out.push(Event {
                        uid: uid(format!("duty-{}-{due}", s.duty.key)),
                        first: due,
                        last: due,
                        summary: format!("Deadline: {}", s.duty.title),
                        description: format!("{} {}", s.duty.what, s.why),
                        url: Some(format!("{base}/compliance")),
                    });
                }
            }
        }
        FeedKind::MyUpdates => {
            let Some(person) = user_person else {
                return Ok(out);
            };
            for plan in store.plans(org.id).await? {
                if plan.fields.status != PlanStatus::Approved {
                    continue;
                }
                let tree = store.plan_tree(org.id, plan.id).await?;
                let mine = tree
                    .actions
                    .iter()
                    .filter(|a| a.fields.lead_ids.contains(&person))
                    .filter(|a| a.status() != ProgressStatus::Complete)
                    .count();
                if mine == 0 {
                    continue;
                }
                let periods =
                    monitoring::periods(plan.fields.period, plan.fields.monitoring_months);
                for p in periods {
                    out.push(Event {
                        uid: uid(format!(
                            "updates-plan{}-{}-person{person}",
                            plan.id, p.period.start
                        )),
                        first: p.due(),
                        last: p.due(),
                        summary: format!("Progress updates due: {}", plan.fields.title),
                        description: format!(
                            "Updates on the {mine} open actions you lead, for {}.",
                            p.describe()
                        ),
                        url: Some(format!("{base}/my-actions")),
                    });
                }
            }
        }
        FeedKind::Reviews => {
            for a in store.assessments(org.id).await? {
                if a.superseded_by.is_some() {
                    continue;
                }
                if let Some(review) = a.fields.review_date {
                    out.push(Event {
                        uid: uid(format!("review-{}-{review}", a.series_id)),
                        first: review,
                        last: review,
                        summary: format!("Review the impact assessment: {}", a.fields.title),
                        description: format!("Edition {}.", a.edition),
                        url: Some(format!("{base}/assessments/{}", a.id)),
                    });
                }
            }
        }
        FeedKind::Meetings => {
            let committees = store.committees(org.id).await?;
            for m in store.meetings(org.id).await? {
                let committee = committees
                    .iter()
                    .find(|c| c.id == m.fields.committee_id)
                    .map_or("A committee", |c| c.fields.name.as_str());
                out.push(Event {
                    uid: uid(format!("meeting-{}", m.id)),
                    first: m.fields.date,
                    last: m.fields.date,
                    summary: committee.to_string(),
                    description: m.fields.notes.clone().unwrap_or_default(),
                    url: Some(format!("{base}/meetings")),
                });
            }
        }
        FeedKind::CivicDates => {
            out = civic_events(&store.civic_dates(org.id).await?, org, today);
        }
    }
    Ok(out)
}

/// The calendar's name, as a calendar program shows it.
pub fn feed_name(org: &Organisation, kind: FeedKind) -> String {
    format!("{}: {}", org.name, kind.label())
}

/// "Diwali, a major festival", for a day with major dates on it.
pub fn clashes(dates: &[CivicDate], day: Date) -> Option<String> {
    let major: Vec<String> = dueregard_core::civic::falling_on(dates, day)
        .into_iter()
        .filter(|d| d.fields.major)
        .map(|d| d.fields.name.clone())
        .collect();
    (!major.is_empty()).then(|| {
        format!(
            "{} falls on {}: people who mark it may not be able to take part",
            major.join(" and "),
            long_date(day)
        )
    })
}
