//! The demo: the five source documents as structured data, one organisation each. Loaded
//! through the same validation and store calls as anything a user enters. Progress updates the
//! documents do not contain are marked illustrative.

use crate::app::secrets as auth;
use anyhow::{Context, bail};
use dueregard_core::account::NewUser;
use dueregard_core::objective::ObjectiveInput;
use dueregard_core::org::{
    CommitteeFields, DirectorateFields, LocalCharacteristicFields, PersonInput,
};
use dueregard_core::plan::{
    ActionFields, GlossaryFields, OutcomeFields, PlanInput, PlanObjectiveFields, PriorityFields,
};
use dueregard_core::progress::{ProgressStatus, UpdateFields};
use dueregard_core::store::{Actor, NewOrganisation, Store};
use dueregard_core::vocab::{Aim, CommitteeKind, Nation, ProtectedCharacteristic, Role};
use serde::Deserialize;

/// Every demo account has this password. It is for trying the product, nothing else.
pub const DEMO_PASSWORD: &str = "demo-password-2026";

pub const SOURCES: [&str; 5] = [
    include_str!("../demo/dudley.json"),
    include_str!("../demo/worcester.json"),
    include_str!("../demo/cumbria.json"),
    include_str!("../demo/borough.json"),
    include_str!("../demo/leicester.json"),
];

pub struct Login {
    pub email: String,
    pub role: String,
    pub organisation: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoOrganisation {
    pub slug: String,
    pub name: String,
    pub nation: String,
    pub headcount: Option<i64>,
    /// Which source document this comes from.
    pub source: String,
    #[serde(default)]
    pub directorates: Vec<DemoDirectorate>,
    #[serde(default)]
    pub people: Vec<DemoPerson>,
    #[serde(default)]
    pub committees: Vec<(String, String)>,
    #[serde(default)]
    pub local_characteristics: Vec<(String, String)>,
    #[serde(default)]
    pub objectives: Vec<DemoObjective>,
    #[serde(default)]
    pub plans: Vec<DemoPlan>,
    #[serde(default)]
    pub users: Vec<DemoUser>,
    /// Synthetic workforce snapshots: made-up people, labelled as such wherever they show.
    #[serde(default)]
    pub workforce: Option<DemoWorkforce>,
    /// Impact assessments drawn from the seeds, marked illustrative where the seeds give no
    /// detail, each with the decision it informs.
    #[serde(default)]
    pub assessments: Vec<DemoAssessment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoAssessment {
    pub title: String,
    pub subject: String,
    /// The owner's initials.
    pub owner: String,
    pub screening_reason: String,
    pub scope: String,
    pub purpose: String,
    pub evidence: Vec<DemoEvidence>,
    #[serde(default)]
    pub information_gaps: String,
    /// By characteristic key (or "local:Name"): impact, severity, who, evidence numbers, mitigation.
    pub impacts: std::collections::BTreeMap<String, DemoImpact>,
    pub aims: std::collections::BTreeMap<String, String>,
    pub outcome: String,
    #[serde(default)]
    pub justification: String,
    pub review_date_months: i64,
    pub public: bool,
    /// The steps to sign, in order, as the demo's users.
    pub sign: Vec<String>,
    pub decision: DemoDecision,
}

/// Impact, severity, who is affected, evidence numbers (from 0), mitigation.
pub type DemoImpact = (String, Option<String>, String, Vec<usize>, String);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoEvidence {
    pub kind: String,
    pub title: String,
    pub source: String,
    pub dated: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoDecision {
    pub title: String,
    pub decision_maker: String,
    pub key_decision: bool,
    pub forward_plan: bool,
    pub report: String,
    pub assessment_seen: bool,
    pub days_after_today: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoWorkforce {
    /// The local authority area the workforce is compared with.
    #[serde(default)]
    pub area: Option<String>,
    pub snapshots: Vec<DemoSnapshot>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoSnapshot {
    pub date: String,
    pub rows: u64,
    pub seed: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoDirectorate {
    pub name: String,
    #[serde(default)]
    pub services: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoPerson {
    pub name: String,
    #[serde(default)]
    pub initials: String,
    #[serde(default)]
    pub job_title: String,
    #[serde(default)]
    pub directorate: String,
    #[serde(default)]
    pub member: bool,
    #[serde(default)]
    pub portfolio: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoObjective {
    /// A short key actions use to say they serve this objective.
    pub key: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub status: String,
    #[serde(default)]
    pub approved_by: String,
    #[serde(default)]
    pub approved_on: String,
    #[serde(default)]
    pub period: (String, String),
    #[serde(default)]
    pub aims: Vec<String>,
    #[serde(default)]
    pub characteristics: Vec<String>,
    #[serde(default)]
    pub local_characteristics: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoPlan {
    pub title: String,
    #[serde(default)]
    pub directorate: String,
    pub period: (String, String),
    pub status: String,
    #[serde(default)]
    pub approver: String,
    #[serde(default)]
    pub committee: String,
    #[serde(default)]
    pub monitoring_months: Option<i64>,
    #[serde(default)]
    pub introduction: String,
    pub priorities: Vec<DemoPriority>,
    /// Outcomes or measures not tied to any one action.
    #[serde(default)]
    pub measures: Vec<String>,
    #[serde(default)]
    pub glossary: Vec<(String, String)>,
    #[serde(default)]
    pub updates: Vec<DemoUpdate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoPriority {
    pub number: i64,
    pub title: String,
    pub objectives: Vec<DemoPlanObjective>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoPlanObjective {
    pub code: String,
    pub title: String,
    #[serde(default)]
    pub leads: Vec<String>,
    pub actions: Vec<DemoAction>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoAction {
    #[serde(default)]
    pub number: Option<i64>,
    pub text: String,
    /// Initials; empty means the objective's leads, as in seed 004.
    #[serde(default)]
    pub leads: Vec<String>,
    #[serde(default)]
    pub target: String,
    /// A new outcome; "same" continues the previous action's outcome (a merged cell).
    #[serde(default)]
    pub outcome: Option<String>,
    #[serde(default)]
    pub serves: Vec<String>,
    #[serde(default)]
    pub aims: Vec<String>,
    #[serde(default)]
    pub characteristics: Vec<String>,
    #[serde(default)]
    pub local_characteristics: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoUpdate {
    /// "CE2 (3)".
    pub action: String,
    pub reported_on: String,
    pub status: String,
    pub narrative: String,
    #[serde(default)]
    pub author: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoUser {
    pub email: String,
    pub name: String,
    pub role: String,
    #[serde(default)]
    pub person: String,
}

pub fn parse_all() -> anyhow::Result<Vec<DemoOrganisation>> {
    SOURCES
        .iter()
        .enumerate()
        .map(|(i, s)| {
            serde_json::from_str(s).with_context(|| format!("demo file {} is not valid", i + 1))
        })
        .collect()
}

fn refused(what: &str, e: dueregard_core::validate::ValidationErrors) -> anyhow::Error {
    anyhow::anyhow!("demo {what}: {e}")
}

/// Loads every demo organisation not already present. Returns the sign-ins.
pub async fn load(
    store: &dyn Store,
    keys: &crate::app::keys::KeyFile,
) -> anyhow::Result<Vec<Login>> {
    let hash = auth::hash_password(DEMO_PASSWORD)?;
    let mut logins = Vec::new();
    for demo in parse_all()? {
        if store.organisation_by_slug(&demo.slug).await?.is_none() {
            load_one(store, keys, &demo, &hash)
                .await
                .with_context(|| format!("loading the demo for {}", demo.name))?;
        }
        for u in &demo.users {
            logins.push(Login {
                email: u.email.clone(),
                role: u.role.replace('_', " "),
                organisation: demo.name.clone(),
            });
        }
    }
    crate::demo_live::load(store, &hash, crate::app::today()).await?;
    for (email, role, organisation) in crate::demo_live::logins() {
        logins.push(Login {
            email,
            role,
            organisation,
        });
    }
    Ok(logins)
}

async fn load_one(
    store: &dyn Store,
    keys: &crate::app::keys::KeyFile,
    demo: &DemoOrganisation,
    password_hash: &str,
) -> anyhow::Result<()> {
    let actor = Actor {
        user_id: None,
        name: format!("demo data ({})", demo.source),
    };
    let nation = Nation::from_key(&demo.nation).context("unknown nation")?;
    let org = store
        .create_organisation(
            &actor,
            NewOrganisation {
                slug: demo.slug.clone(),
                name: demo.name.clone(),
                nation,
                headcount: demo.headcount,
            },
        )
        .await?;
    let mut directorates = Vec::new();
    for d in &demo.directorates {
        let f = DirectorateFields {
            name: d.name.clone(),
            services: d.services.clone(),
        };
        directorates.push(store.create_directorate(&actor, org.id, f).await?);
    }
    let directorate_id = |name: &str| {
        directorates
            .iter()
            .find(|d| d.fields.name == name)
            .map(|d| d.id)
    };
    let mut people = Vec::new();
    for p in &demo.people {
        let input = PersonInput {
            name: p.name.clone(),
            initials: p.initials.clone(),
            job_title: p.job_title.clone(),
            directorate_id: directorate_id(&p.directorate),
            kind: if p.member {
                "member".into()
            } else {
                "officer".into()
            },
            portfolio: p.portfolio.clone(),
        };
        people.push(
            store
                .create_person(
                    &actor,
                    org.id,
                    input.validate().map_err(|e| refused("person", e))?,
                )
                .await?,
        );
    }
    let person_ids = |initials: &[String]| -> anyhow::Result<Vec<i64>> {
        initials
            .iter()
            .map(|i| {
                people
                    .iter()
                    .find(|p| p.fields.initials.as_deref() == Some(i.as_str()))
                    .map(|p| p.id)
                    .with_context(|| format!("no person with initials {i}"))
            })
            .collect()
    };
    let mut committees = Vec::new();
    for (name, kind) in &demo.committees {
        let kind = CommitteeKind::from_key(kind)
            .with_context(|| format!("unknown committee kind {kind}"))?;
        committees.push(
            store
                .create_committee(
                    &actor,
                    org.id,
                    CommitteeFields {
                        name: name.clone(),
                        kind,
                    },
                )
                .await?,
        );
    }
    for (name, description) in &demo.local_characteristics {
        let f = LocalCharacteristicFields {
            name: name.clone(),
            description: Some(description.clone()).filter(|d| !d.is_empty()),
        };
        store.create_local_characteristic(&actor, org.id, f).await?;
    }
    let mut objectives = Vec::new();
    for o in &demo.objectives {
        let input = ObjectiveInput {
            title: o.title.clone(),
            description: o.description.clone(),
            period_start: o.period.0.clone(),
            period_end: o.period.1.clone(),
            status: o.status.clone(),
            approved_by: o.approved_by.clone(),
            approved_on: o.approved_on.clone(),
            aims: o.aims.clone(),
            characteristics: o.characteristics.clone(),
            local_characteristics: o.local_characteristics.clone(),
        };
        let created = store
            .create_objective(
                &actor,
                org.id,
                input.validate(None).map_err(|e| refused("objective", e))?,
            )
            .await?;
        objectives.push((o.key.clone(), created.id));
    }
    for p in &demo.plans {
        let input = PlanInput {
            title: p.title.clone(),
            directorate_id: directorate_id(&p.directorate),
            period_start: p.period.0.clone(),
            period_end: p.period.1.clone(),
            status: p.status.clone(),
            approver: p.approver.clone(),
            committee_id: committees
                .iter()
                .find(|c| c.fields.name == p.committee)
                .map(|c| c.id),
            monitoring_months: p.monitoring_months,
            introduction: p.introduction.clone(),
        };
        let plan = store
            .create_plan(
                &actor,
                org.id,
                input.validate().map_err(|e| refused("plan", e))?,
            )
            .await?;
        let mut references: Vec<(String, i64)> = Vec::new();
        for pr in &p.priorities {
            let priority = store
                .create_priority(
                    &actor,
                    org.id,
                    plan.id,
                    PriorityFields {
                        number: pr.number,
                        title: pr.title.clone(),
                    },
                )
                .await?;
            for o in &pr.objectives {
                let leads = person_ids(&o.leads)?;
                let f = PlanObjectiveFields {
                    priority_id: priority.id,
                    code: o.code.clone(),
                    title: o.title.clone(),
                    lead_ids: leads.clone(),
                };
                let objective = store
                    .create_plan_objective(&actor, org.id, plan.id, f)
                    .await?;
                let mut previous_outcome = None;
                for a in &o.actions {
                    let own = person_ids(&a.leads)?;
                    let outcome_id = match a.outcome.as_deref() {
                        Some("same") => previous_outcome,
                        Some(text) => Some(
                            store
                                .create_outcome(
                                    &actor,
                                    org.id,
                                    plan.id,
                                    OutcomeFields {
                                        text: text.to_string(),
                                    },
                                )
                                .await?
                                .id,
                        ),
                        None => None,
                    };
                    previous_outcome = outcome_id;
                    let serves = a
                        .serves
                        .iter()
                        .map(|k| {
                            objectives
                                .iter()
                                .find(|(key, _)| key == k)
                                .map(|(_, id)| *id)
                                .with_context(|| format!("no objective with key {k}"))
                        })
                        .collect::<anyhow::Result<Vec<i64>>>()?;
                    let fields = ActionFields {
                        objective_id: objective.id,
                        number: a.number,
                        text: a.text.clone(),
                        lead_ids: if own.is_empty() { leads.clone() } else { own },
                        target_text: a.target.clone(),
                        outcome_id,
                        equality_objective_ids: serves,
                        aims: a
                            .aims
                            .iter()
                            .map(|k| Aim::from_key(k).with_context(|| format!("unknown aim {k}")))
                            .collect::<anyhow::Result<_>>()?,
                        characteristics: a
                            .characteristics
                            .iter()
                            .map(|k| {
                                ProtectedCharacteristic::from_key(k)
                                    .with_context(|| format!("unknown characteristic {k}"))
                            })
                            .collect::<anyhow::Result<_>>()?,
                        local_characteristics: a.local_characteristics.clone(),
                    };
                    let action = store
                        .create_action(&actor, org.id, plan.id, fields, None)
                        .await?;
                    references.push((action.reference(&o.code), action.id));
                }
            }
        }
        for m in &p.measures {
            store
                .create_outcome(&actor, org.id, plan.id, OutcomeFields { text: m.clone() })
                .await?;
        }
        for (term, meaning) in &p.glossary {
            store
                .create_glossary_entry(
                    &actor,
                    org.id,
                    plan.id,
                    GlossaryFields::validate(term, meaning).map_err(|e| refused("glossary", e))?,
                )
                .await?;
        }
        for u in &p.updates {
            let Some((_, action_id)) = references.iter().find(|(r, _)| *r == u.action) else {
                bail!("no action {} for an update", u.action)
            };
            let fields = UpdateFields {
                reported_on: u
                    .reported_on
                    .parse()
                    .with_context(|| format!("bad date {}", u.reported_on))?,
                status: ProgressStatus::from_key(&u.status)
                    .with_context(|| format!("unknown status {}", u.status))?,
                narrative: u.narrative.clone(),
                evidence: Vec::new(),
                illustrative: true,
                why_late: None,
                revised_date: None,
            };
            let author = Actor {
                user_id: None,
                name: if u.author.is_empty() {
                    "Illustrative update".into()
                } else {
                    format!("{} (illustrative)", u.author)
                },
            };
            store
                .add_update(&author, org.id, *action_id, fields)
                .await?;
        }
    }
    for u in &demo.users {
        let role = Role::from_key(&u.role).with_context(|| format!("unknown role {}", u.role))?;
        let person_id = if u.person.is_empty() {
            None
        } else {
            person_ids(std::slice::from_ref(&u.person))?
                .first()
                .copied()
        };
        let new = NewUser {
            email: u.email.clone(),
            name: u.name.clone(),
            role,
            person_id,
            password_hash: password_hash.to_string(),
        };
        store.create_user(&actor, org.id, new).await?;
    }
    if let Some(w) = &demo.workforce {
        load_workforce(store, keys, &actor, org.id, w).await?;
    }
    for a in &demo.assessments {
        load_assessment(store, &actor, org.id, a)
            .await
            .with_context(|| format!("demo assessment {}", a.title))?;
    }
    publish_reports(store, demo, org.id)
        .await
        .context("the demo's published reports")?;
    Ok(())
}

/// The demo's publications, taken through the workflow by its own equality lead and director,
/// so the public site has editions to show: the progress report on the first published plan's
/// year, and the equality information and gender pay gap report for the year of the latest
/// workforce snapshot.
async fn publish_reports(
    store: &dyn Store,
    demo: &DemoOrganisation,
    org: i64,
) -> anyhow::Result<()> {
    use crate::app::publications::take_step;
    use dueregard_core::period::{FinancialYear, Period};
    use dueregard_core::publication::{PublicationFields, PublicationStep as Step};
    let user = |role: Role| async move {
        let Some(u) = demo
            .users
            .iter()
            .find(|u| Role::from_key(&u.role) == Some(role))
        else {
            return Ok(None);
        };
        Ok::<_, anyhow::Error>(store.user_credentials(&u.email).await?.map(|(u, _)| u))
    };
    let (Some(lead), Some(director)) =
        (user(Role::EqualityLead).await?, user(Role::Director).await?)
    else {
        return Ok(());
    };
    let mut wanted: Vec<(&str, String, Period, &str)> = Vec::new();
    let plans = crate::app::reports::published_plans(store, org).await?;
    if let Some(period) = plans.iter().map(|p| p.period).min_by_key(|p| p.start) {
        wanted.push((
            "progress_report",
            format!("Equality objectives: progress report for {}", period.describe()),
            period,
            "This report sets out the progress made on our equality objectives over the year, action by action, as the lead officers reported it.",
        ));
    }
    let latest = store
        .snapshots(org)
        .await?
        .into_iter()
        .map(|s| s.fields.snapshot_date)
        .max();
    if let Some(day) = latest {
        let year = FinancialYear::containing(day).period();
        wanted.push((
            "equality_information",
            format!("Equality information {}", year.describe()),
            year,
            "We publish this information every year to show how we meet the public sector equality duty.",
        ));
        wanted.push((
            "gender_pay_gap",
            format!("Gender pay gap report, snapshot {}", dueregard_core::period::long_date(day)),
            year,
            "Our gender pay gap is the difference between the average hourly pay of men and women across the whole workforce. It is not the same as equal pay.",
        ));
    }
    let today = crate::web::today();
    for (kind, title, period, introduction) in wanted {
        let draft = PublicationFields::draft(
            kind,
            &title,
            &period.start.to_string(),
            &period.end.to_string(),
            "",
            introduction,
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let mut p = store
            .create_publication(&Actor::user(&lead), org, draft)
            .await?;
        for (who, step) in [
            (&lead, Step::SubmitForReview),
            (&director, Step::Approve),
            (&lead, Step::Publish),
        ] {
            p = take_step(store, who, p.id, p.version, step, today).await?;
        }
    }
    Ok(())
}

/// An assessment, signed step by step as the demo's own users, and the decision it informs.
async fn load_assessment(
    store: &dyn Store,
    actor: &Actor,
    org: i64,
    a: &DemoAssessment,
) -> anyhow::Result<()> {
    use dueregard_core::assessment::*;
    let people = store.people(org).await?;
    let owner = people
        .iter()
        .find(|p| p.fields.initials.as_deref() == Some(a.owner.as_str()))
        .map(|p| p.id);
    let locals = store.local_characteristics(org).await?;
    let today = jiff::Zoned::now().date();
    let mut impacts = Vec::new();
    for p in ProtectedCharacteristic::ALL {
        let given = a.impacts.get(p.key());
        impacts.push((CharacteristicRef::Protected(*p), given));
    }
    for (key, given) in &a.impacts {
        if let Some(name) = key.strip_prefix("local:") {
            let id = locals
                .iter()
                .find(|l| l.fields.name == name)
                .map(|l| l.id)
                .with_context(|| format!("no local characteristic {name}"))?;
            impacts.push((CharacteristicRef::Local(id), Some(given)));
        }
    }
    let impacts = impacts
        .into_iter()
        .map(|(characteristic, given)| -> anyhow::Result<ImpactEntry> {
            Ok(match given {
                None => ImpactEntry {
                    characteristic,
                    impact: Impact::Neutral,
                    severity: None,
                    who_is_affected: String::new(),
                    evidence: vec![0],
                    mitigation: String::new(),
                },
                Some((impact, severity, who, evidence, mitigation)) => ImpactEntry {
                    characteristic,
                    impact: Impact::from_key(impact).context("impact")?,
                    severity: severity.as_deref().and_then(Severity::from_key),
                    who_is_affected: who.clone(),
                    evidence: evidence.clone(),
                    mitigation: mitigation.clone(),
                },
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let fields = AssessmentFields {
        title: a.title.clone(),
        subject: Subject::from_key(&a.subject).context("subject")?,
        owner_id: owner,
        directorate_id: None,
        screening: Screening {
            answers: Vec::new(),
            full_assessment_needed: Some(true),
            reason: a.screening_reason.clone(),
        },
        scope: a.scope.clone(),
        purpose: a.purpose.clone(),
        evidence: a
            .evidence
            .iter()
            .map(|e| -> anyhow::Result<Evidence> {
                Ok(Evidence {
                    kind: EvidenceKind::from_key(&e.kind).context("evidence kind")?,
                    title: e.title.clone(),
                    source: e.source.clone(),
                    dated: e.dated.parse()?,
                    summary: String::new(),
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?,
        information_gaps: a.information_gaps.clone(),
        impacts,
        aims: a
            .aims
            .iter()
            .map(|(k, how)| -> anyhow::Result<AimStatement> {
                Ok(AimStatement {
                    aim: Aim::from_key(k).context("aim")?,
                    how: how.clone(),
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?,
        outcome: Outcome::from_key(&a.outcome),
        justification: a.justification.clone(),
        review_date: today
            .checked_add(jiff::Span::new().months(a.review_date_months))
            .ok(),
        public: a.public,
        assessed: None,
        reviewed: None,
        approved: None,
    };
    let mut saved = store
        .create_assessment(actor, org, fields)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let users = store.users(org).await?;
    for step in &a.sign {
        let (step, role) = match step.as_str() {
            "assessed" => (Step::Assessed, Role::LeadOfficer),
            "reviewed" => (Step::Reviewed, Role::EqualityLead),
            _ => (Step::Approved, Role::Director),
        };
        let user = users
            .iter()
            .find(|u| u.role == role)
            .or_else(|| users.iter().find(|u| u.role == Role::EqualityLead))
            .context("a demo user to sign")?;
        saved = store
            .sign_assessment(
                &Actor::user(user),
                org,
                saved.id,
                saved.version,
                step,
                (user.id, user.role),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let d = &a.decision;
    store
        .create_decision(
            actor,
            org,
            DecisionFields {
                title: d.title.clone(),
                decision_maker: d.decision_maker.clone(),
                decided_on: today
                    .checked_add(jiff::Span::new().days(d.days_after_today))
                    .unwrap_or(today),
                key_decision: d.key_decision,
                forward_plan: d.forward_plan,
                report: d.report.clone(),
                assessment_ids: vec![saved.id],
                assessment_seen: d.assessment_seen,
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}

/// Synthetic HR extracts, read and stored the way a real upload is.
async fn load_workforce(
    store: &dyn Store,
    keys: &crate::app::keys::KeyFile,
    actor: &Actor,
    org: i64,
    w: &DemoWorkforce,
) -> anyhow::Result<()> {
    for s in &w.snapshots {
        let date: jiff::civil::Date = s.date.parse().context("demo snapshot date")?;
        let mut bytes = Vec::new();
        dueregard_formats::workforce::synth::write_extract(
            &mut bytes,
            s.rows,
            s.seed,
            date,
            |_| {},
        )?;
        let name = format!("synthetic-extract-{date}.csv");
        let secret = keys.pseudonymiser(store, org).await?;
        let extract = crate::app::workforce::read(
            crate::app::workforce::ExtractFrom::Upload {
                bytes: &bytes,
                file_name: &name,
            },
            date,
            &[],
            secret,
            None,
        )?;
        let fields = dueregard_core::workforce::SnapshotFields {
            snapshot_date: date,
            area_code: w.area.clone(),
            sex_basis: dueregard_core::workforce::SexBasis::RecordedSex,
            disclosure: dueregard_core::workforce::Preset::Threshold10,
            synthetic: true,
            file_name: name,
            fingerprint: dueregard_formats::import::document::fingerprint(&bytes),
            headline: None,
            columns_not_read: Vec::new(),
        };
        crate::app::workforce::store_snapshot(store, actor, org, &extract, fields)
            .await
            .map_err(|e| anyhow::anyhow!("demo workforce snapshot: {e}"))?;
    }
    Ok(())
}
