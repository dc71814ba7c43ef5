//! Turns what a parser understood into what the store keeps: lead initials become people (those
//! the organisation already has, matched by name, or new ones from the plan's key), merged
//! outcome cells become shared outcomes, and every field is checked with the place it came from.

use super::objectives_text::ImportedObjectives;
use super::{ImportedPlan, OutcomeCell};
use dueregard_core::import::{
    ImportSource, ImportedActionRecord, ImportedObjectiveTree, ImportedPriorityTree, LeadRef,
    ObjectivesImport, OutcomeRef, PlanImport,
};
use dueregard_core::objective::{ObjectiveFields, ObjectiveStatus};
use dueregard_core::org::{Person, PersonFields};
use dueregard_core::period::Period;
use dueregard_core::plan::{GlossaryFields, PlanFields, PlanStatus};
use dueregard_core::validate::{self, LONG_TEXT, SHORT_TEXT, ValidationErrors};
use dueregard_core::vocab::PersonKind;

/// What the person confirming the import decided.
#[derive(Debug, Clone)]
pub struct PlanChoices {
    pub title: String,
    pub period: Period,
    pub directorate_id: Option<i64>,
    pub replaces_plan_id: Option<i64>,
}

/// Builds the plan to store. Fails, naming each place, if any part would not be accepted.
pub fn plan_import(
    plan: &ImportedPlan,
    people: &[Person],
    choices: PlanChoices,
    source: ImportSource,
) -> Result<PlanImport, ValidationErrors> {
    let mut e = ValidationErrors::new();
    let title = validate::required(&mut e, "title", "a title", &choices.title, SHORT_TEXT);
    if plan.priorities.is_empty() {
        e.add(
            "file",
            "No priorities, objectives or actions were found, so there is nothing to import",
        );
    }
    let mut leads = Leads::new(plan, people);
    let mut priorities = Vec::with_capacity(plan.priorities.len());
    for p in &plan.priorities {
        let at = format!("line {}", p.line);
        let title = validate::required(&mut e, &at, "the priority's title", &p.title, SHORT_TEXT);
        let mut objectives = Vec::with_capacity(p.objectives.len());
        for o in &p.objectives {
            let at = format!("line {}", o.line);
            let title = validate::required(&mut e, &at, "the objective", &o.title, LONG_TEXT);
            let code = validate::required(&mut e, &at, "the objective's code", &o.code, 20);
            let objective_leads = leads.resolve(&o.leads);
            let mut actions = Vec::with_capacity(o.actions.len());
            for a in &o.actions {
                let at = format!("line {}", a.line);
                let text =
                    validate::required(&mut e, &at, "what the action is", &a.text, LONG_TEXT);
                if a.target.chars().count() > SHORT_TEXT {
                    e.add(
                        &at,
                        format!("The target date must be {SHORT_TEXT} characters or fewer"),
                    );
                }
                let outcome = match &a.outcome {
                    OutcomeCell::New(t) => Some(OutcomeRef::New(validate::required(
                        &mut e,
                        &at,
                        "the planned outcome",
                        t,
                        LONG_TEXT,
                    ))),
                    OutcomeCell::SameAsAbove => Some(OutcomeRef::SameAsPrevious),
                    OutcomeCell::None => None,
                };
                actions.push(ImportedActionRecord {
                    number: a.number,
                    text,
                    leads: leads.resolve(&a.leads),
                    target_text: a.target.trim().to_string(),
                    outcome,
                });
            }
            objectives.push(ImportedObjectiveTree {
                code,
                title,
                leads: objective_leads,
                actions,
            });
        }
        priorities.push(ImportedPriorityTree {
            number: p.number,
            title,
            objectives,
        });
    }
    let mut glossary = Vec::with_capacity(plan.glossary.len());
    for (term, meaning) in &plan.glossary {
        let term = validate::required(&mut e, "glossary", "the term", term, SHORT_TEXT);
        let meaning = validate::required(&mut e, "glossary", "what it means", meaning, SHORT_TEXT);
        glossary.push(GlossaryFields { term, meaning });
    }
    e.finish(PlanImport {
        source,
        plan: PlanFields {
            title,
            directorate_id: choices.directorate_id,
            period: choices.period,
            status: PlanStatus::Draft,
            approver: None,
            committee_id: None,
            monitoring_months: 6,
            introduction: None,
        },
        replaces_plan_id: choices.replaces_plan_id,
        new_people: leads.new_people,
        priorities,
        glossary,
    })
}

/// Builds draft equality objectives from a report's list; the actions listed under each become
/// its description.
pub fn objectives_import(
    found: &ImportedObjectives,
    period: Option<Period>,
    source: ImportSource,
    again: bool,
) -> Result<ObjectivesImport, ValidationErrors> {
    let mut e = ValidationErrors::new();
    if found.objectives.is_empty() {
        e.add(
            "file",
            "No equality objectives were found, so there is nothing to import",
        );
    }
    let objectives = found
        .objectives
        .iter()
        .map(|o| {
            let at = format!("line {}", o.line);
            let title = validate::required(&mut e, &at, "the objective", &o.title, LONG_TEXT);
            let description = (!o.actions.is_empty()).then(|| {
                let mut d = String::from("Action will include:");
                for a in &o.actions {
                    d.push_str("\n- ");
                    d.push_str(a);
                }
                d
            });
            ObjectiveFields {
                title,
                description,
                period,
                status: ObjectiveStatus::Draft,
                approved_by: None,
                approved_on: None,
                aims: Vec::new(),
                characteristics: Vec::new(),
                local_characteristics: Vec::new(),
            }
        })
        .collect();
    e.finish(ObjectivesImport {
        source,
        objectives,
        again,
    })
}

/// How a plan's lead initials will be stored, for showing before the import is confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadMatch {
    pub initials: String,
    /// From the plan's key or, for initials not in it, the person who has them.
    pub name: Option<String>,
    /// The organisation already has this person; otherwise the import adds them.
    pub existing: bool,
}

/// Every lead named in the plan, resolved by the same rules the import uses.
pub fn lead_matches(plan: &ImportedPlan, people: &[Person]) -> Vec<LeadMatch> {
    let mut leads = Leads::new(plan, people);
    let named = plan
        .priorities
        .iter()
        .flat_map(|p| &p.objectives)
        .flat_map(|o| {
            o.leads
                .iter()
                .chain(o.actions.iter().flat_map(|a| &a.leads))
        });
    for initials in named {
        leads.one(initials);
    }
    leads
        .resolved
        .iter()
        .map(|(initials, r)| {
            let key_name = plan
                .leads
                .iter()
                .find(|(i, _)| i == initials)
                .map(|(_, n)| n);
            let (name, existing) = match r {
                LeadRef::Existing(id) => (
                    key_name.cloned().or_else(|| {
                        people
                            .iter()
                            .find(|p| p.id == *id)
                            .map(|p| p.fields.name.clone())
                    }),
                    true,
                ),
                LeadRef::New(_) => (key_name.cloned(), false),
            };
            LeadMatch {
                initials: initials.clone(),
                name,
                existing,
            }
        })
        .collect()
}

/// Lead initials, resolved once each: to a person the organisation has, or to a new one.
struct Leads<'a> {
    key: &'a [(String, String)],
    people: &'a [Person],
    resolved: Vec<(String, LeadRef)>,
    new_people: Vec<PersonFields>,
}

impl<'a> Leads<'a> {
    fn new(plan: &'a ImportedPlan, people: &'a [Person]) -> Self {
        Leads {
            key: &plan.leads,
            people,
            resolved: Vec::new(),
            new_people: Vec::new(),
        }
    }

    fn resolve(&mut self, initials: &[String]) -> Vec<LeadRef> {
        initials.iter().map(|i| self.one(i)).collect()
    }

    fn one(&mut self, initials: &str) -> LeadRef {
        if let Some((_, r)) = self.resolved.iter().find(|(i, _)| i == initials) {
            return *r;
        }
        let name = self
            .key
            .iter()
            .find(|(i, _)| i == initials)
            .map(|(_, n)| n.as_str());
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        // A name in the key finds the person of that name; initials alone (not in the key) find
        // someone with those initials, or become a person to rename later.
        let existing = match name {
            Some(n) => self.people.iter().find(|p| same(&p.fields.name, n)),
            None => self.people.iter().find(|p| {
                p.fields
                    .initials
                    .as_deref()
                    .is_some_and(|pi| same(pi, initials))
            }),
        };
        let r = match existing {
            Some(p) => LeadRef::Existing(p.id),
            None => {
                self.new_people.push(PersonFields {
                    name: name.unwrap_or(initials).to_string(),
                    initials: Some(initials.to_string()),
                    job_title: None,
                    directorate_id: None,
                    kind: PersonKind::Officer,
                    portfolio: None,
                });
                LeadRef::New(self.new_people.len() - 1)
            }
        };
        self.resolved.push((initials.to_string(), r));
        r
    }
}
