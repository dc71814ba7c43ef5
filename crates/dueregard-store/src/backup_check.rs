//! Whether a backup may be restored: it is whole and untouched (its manifest's counts and
//! SHA-256), every table this version keeps is there with exactly its columns, every value has
//! its column's type, and every row passes the checks the app makes when it writes one: JSON
//! data read as the core's field types, roles and nations from their vocabularies, password
//! hashes that are hashes, workforce codes within their categories, and references that stay
//! inside one organisation. A refusal names the table, row and field.

use dueregard_core::account::is_password_hash;
use dueregard_core::assessment::{AssessmentFields, DecisionFields};
use dueregard_core::backup::{Backup, BackupTable, BackupValue};
use dueregard_core::objective::ObjectiveFields;
use dueregard_core::org::{
    CommitteeFields, DirectorateFields, LocalCharacteristicFields, PersonFields,
};
use dueregard_core::plan::{
    ActionFields, GlossaryFields, OutcomeFields, PlanFields, PlanObjectiveFields, PriorityFields,
};
use dueregard_core::progress::UpdateFields;
use dueregard_core::publication::PublicationFields;
use dueregard_core::vocab::{Nation, Role};
use dueregard_core::workforce::{EmployeeRecord, SnapshotFields};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

/// A column's type as the database declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColumnType {
    Int,
    Text,
}

/// A column of the database this backup is restored into.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub name: String,
    pub kind: ColumnType,
    pub required: bool,
}

/// The SHA-256 of a backup's tables, as its manifest states it.
pub(crate) fn checksum(tables: &[BackupTable]) -> String {
    let bytes = serde_json::to_vec(tables).unwrap_or_default();
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One table's rows, read by column name.
struct Rows<'a> {
    table: &'a BackupTable,
    at: HashMap<&'a str, usize>,
}

impl<'a> Rows<'a> {
    fn new(table: &'a BackupTable) -> Self {
        let at = table
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        Rows { table, at }
    }
    fn int(&self, row: &[BackupValue], column: &str) -> Option<i64> {
        match self.at.get(column).and_then(|i| row.get(*i)) {
            Some(BackupValue::Int(v)) => Some(*v),
            _ => None,
        }
    }
    fn text(&self, row: &'a [BackupValue], column: &str) -> Option<&'a str> {
        match self.at.get(column).and_then(|i| row.get(*i)) {
            Some(BackupValue::Text(v)) => Some(v.as_str()),
            _ => None,
        }
    }
}

/// Problems found, each naming where.
struct Problems(Vec<String>);

impl Problems {
    fn at(&mut self, table: &str, row: usize, field: &str, message: impl std::fmt::Display) {
        // Enough to act on; a file with thousands of problems is refused all the same.
        if self.0.len() < 20 {
            self.0.push(format!(
                "Table {table}, row {}, {field}: {message}",
                row + 1
            ));
        }
    }
}

/// Reads JSON data as the kind's field type.
fn data_as<F: DeserializeOwned>(text: Option<&str>) -> Result<(), String> {
    let text = text.ok_or("there is no data")?;
    serde_json::from_str::<F>(text)
        .map(|_| ())
        .map_err(|e| format!("the data is not a valid record of this kind ({e})"))
}

type DataCheck = fn(Option<&str>) -> Result<(), String>;

/// Tables of editable records: their JSON data's type, and whether they sit in a plan.
const RECORDS: &[(&str, DataCheck, bool)] = &[
    ("directorates", data_as::<DirectorateFields>, false),
    ("people", data_as::<PersonFields>, false),
    ("committees", data_as::<CommitteeFields>, false),
    (
        "local_characteristics",
        data_as::<LocalCharacteristicFields>,
        false,
    ),
    ("objectives", data_as::<ObjectiveFields>, false),
    ("plans", data_as::<PlanFields>, false),
    ("priorities", data_as::<PriorityFields>, true),
    ("plan_objectives", data_as::<PlanObjectiveFields>, true),
    ("outcomes", data_as::<OutcomeFields>, true),
    ("glossary", data_as::<GlossaryFields>, true),
    ("actions", data_as::<ActionFields>, true),
    ("updates", data_as::<UpdateFields>, false),
    ("assessments", data_as::<AssessmentFields>, false),
    ("decisions", data_as::<DecisionFields>, false),
    ("workforce_snapshots", data_as::<SnapshotFields>, false),
    ("publications", data_as::<PublicationFields>, false),
    (
        "meetings",
        data_as::<dueregard_core::meeting::MeetingFields>,
        false,
    ),
    (
        "civic_dates",
        data_as::<dueregard_core::civic::CivicDateFields>,
        false,
    ),
    (
        "consultations",
        data_as::<dueregard_core::consultation::ConsultationFields>,
        false,
    ),
    (
        "engagement_events",
        data_as::<dueregard_core::consultation::engagement::EngagementFields>,
        false,
    ),
    (
        "indicators",
        data_as::<dueregard_core::indicator::IndicatorFields>,
        false,
    ),
    (
        "budget_rounds",
        data_as::<dueregard_core::budget::BudgetRoundFields>,
        false,
    ),
    (
        "training_courses",
        data_as::<dueregard_core::training::CourseFields>,
        false,
    ),
    (
        "training_sessions",
        data_as::<dueregard_core::training::TrainingSessionFields>,
        false,
    ),
    (
        "self_assessments",
        data_as::<dueregard_core::framework::SelfAssessmentFields>,
        false,
    ),
    (
        "partnerships",
        data_as::<dueregard_core::partnership::PartnershipFields>,
        false,
    ),
];

/// Checks `backup` against the tables `schema` (name, then columns) of this version. Answers
/// every problem found, or none.
pub(crate) fn check(backup: &Backup, schema: &[(&str, Vec<Column>)]) -> Vec<String> {
    let mut p = Problems(Vec::new());
    let shape = |p: &mut Problems, m: String| {
        if p.0.len() < 20 {
            p.0.push(m)
        }
    };
    if checksum(&backup.tables) != backup.manifest.sha256 {
        shape(&mut p, "The backup's content does not match its checksum: it has been changed or is incomplete".into());
        return p.0;
    }
    if Backup::counts(&backup.tables) != backup.manifest.counts {
        shape(
            &mut p,
            "The backup's tables do not hold the number of rows its manifest states".into(),
        );
        return p.0;
    }
    let mut tables: HashMap<&str, Rows> = HashMap::new();
    for t in &backup.tables {
        if tables.insert(t.name.as_str(), Rows::new(t)).is_some() {
            shape(&mut p, format!("The backup has table {} twice", t.name));
        }
    }
    for t in &backup.tables {
        if !schema.iter().any(|(name, _)| *name == t.name) {
            shape(
                &mut p,
                format!(
                    "The backup has a table this version does not know: {}",
                    t.name
                ),
            );
        }
    }
    for (name, columns) in schema {
        let Some(rows) = tables.get(name) else {
            shape(&mut p, format!("The backup has no {name} table"));
            continue;
        };
        let mut wanted: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        let mut given: Vec<&str> = rows.table.columns.iter().map(String::as_str).collect();
        wanted.sort_unstable();
        given.sort_unstable();
        // An empty table is exported without its columns.
        if given != wanted && !(given.is_empty() && rows.table.rows.is_empty()) {
            shape(
                &mut p,
                format!(
                    "Table {name} has the columns {} where this version has {}",
                    given.join(", "),
                    wanted.join(", ")
                ),
            );
            continue;
        }
        for (i, row) in rows.table.rows.iter().enumerate() {
            if row.len() != rows.table.columns.len() {
                p.at(
                    name,
                    i,
                    "its values",
                    format!(
                        "{} values for {} columns",
                        row.len(),
                        rows.table.columns.len()
                    ),
                );
                continue;
            }
            for c in columns {
                let v = rows.at.get(c.name.as_str()).and_then(|at| row.get(*at));
                match (v, c.kind) {
                    (Some(BackupValue::Null) | None, _) if c.required => {
                        p.at(name, i, &c.name, "is empty, and must have a value")
                    }
                    (Some(BackupValue::Text(_)), ColumnType::Int) => {
                        p.at(name, i, &c.name, "must be a whole number")
                    }
                    (Some(BackupValue::Int(_)), ColumnType::Text) => {
                        p.at(name, i, &c.name, "must be text")
                    }
                    _ => {}
                }
            }
        }
    }
    if !p.0.is_empty() {
        return p.0;
    }
    meaning(&tables, &mut p);
    p.0
}

/// Each row's own rules, and that what it refers to is in its organisation.
fn meaning(tables: &HashMap<&str, Rows>, p: &mut Problems) {
    let table = |name: &str| tables.get(name);
    // Which organisation each record of a table belongs to (and, in a plan, which plan).
    let owner = |name: &str| -> HashMap<i64, (i64, Option<i64>)> {
        table(name)
            .map(|t| {
                t.table
                    .rows
                    .iter()
                    .filter_map(|r| {
                        Some((t.int(r, "id")?, (t.int(r, "org_id")?, t.int(r, "plan_id"))))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut orgs = HashSet::new();
    if let Some(t) = table("organisations") {
        for (i, r) in t.table.rows.iter().enumerate() {
            orgs.insert(t.int(r, "id").unwrap_or_default());
            if t.text(r, "nation").and_then(Nation::from_key).is_none() {
                p.at("organisations", i, "nation", "is not one of the nations");
            }
            if !t.text(r, "slug").is_some_and(|s| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            }) {
                p.at(
                    "organisations",
                    i,
                    "slug",
                    "must be lower-case letters, digits and hyphens",
                );
            }
        }
    }
    let people = owner("people");
    let plans = owner("plans");
    let actions = owner("actions");
    let plan_objectives = owner("plan_objectives");
    let objectives = owner("objectives");
    let snapshots = owner("workforce_snapshots");
    let users: HashMap<i64, i64> = table("users")
        .map(|t| {
            t.table
                .rows
                .iter()
                .filter_map(|r| Some((t.int(r, "id")?, t.int(r, "org_id")?)))
                .collect()
        })
        .unwrap_or_default();

    for (name, data, in_plan) in RECORDS {
        let Some(t) = table(name) else { continue };
        for (i, r) in t.table.rows.iter().enumerate() {
            let org = t.int(r, "org_id").unwrap_or_default();
            if !orgs.contains(&org) {
                p.at(
                    name,
                    i,
                    "org_id",
                    format!("refers to organisation {org}, which is not in the backup"),
                );
            }
            if let Err(m) = data(t.text(r, "data")) {
                p.at(name, i, "data", m);
            }
            if *in_plan {
                let plan = t.int(r, "plan_id").unwrap_or_default();
                if plans.get(&plan).map(|o| o.0) != Some(org) {
                    p.at(
                        name,
                        i,
                        "plan_id",
                        format!("refers to plan {plan}, which is not this organisation's"),
                    );
                }
            }
            if t.at.contains_key("version") && t.int(r, "version").is_none_or(|v| v < 1) {
                p.at(name, i, "version", "must be 1 or more");
            }
        }
    }
    let same_org = |p: &mut Problems,
                    name: &str,
                    i: usize,
                    field: &str,
                    of: &HashMap<i64, (i64, Option<i64>)>,
                    id: Option<i64>,
                    org: Option<i64>| {
        if let Some(id) = id
            && (org.is_none() || of.get(&id).map(|o| o.0) != org)
        {
            p.at(
                name,
                i,
                field,
                format!("refers to {id}, which is not in the same organisation"),
            );
        }
    };
    if let Some(t) = table("actions") {
        for (i, r) in t.table.rows.iter().enumerate() {
            let org = t.int(r, "org_id");
            same_org(
                p,
                "actions",
                i,
                "objective_id",
                &plan_objectives,
                t.int(r, "objective_id"),
                org,
            );
            same_org(
                p,
                "actions",
                i,
                "continues_id",
                &actions,
                t.int(r, "continues_id"),
                org,
            );
        }
    }
    for (name, other, of) in [
        ("action_leads", "person_id", &people),
        ("action_objectives", "objective_id", &objectives),
    ] {
        let Some(t) = table(name) else { continue };
        for (i, r) in t.table.rows.iter().enumerate() {
            let action = t.int(r, "action_id").unwrap_or_default();
            let org = actions.get(&action).map(|o| o.0);
            if org.is_none() {
                p.at(
                    name,
                    i,
                    "action_id",
                    format!("refers to action {action}, which is not in the backup"),
                );
            }
            same_org(p, name, i, other, of, t.int(r, other), org);
        }
    }
    if let Some(t) = table("updates") {
        for (i, r) in t.table.rows.iter().enumerate() {
            same_org(
                p,
                "updates",
                i,
                "action_id",
                &actions,
                t.int(r, "action_id"),
                t.int(r, "org_id"),
            );
        }
    }
    if let Some(t) = table("users") {
        for (i, r) in t.table.rows.iter().enumerate() {
            let org = t.int(r, "org_id");
            if !org.is_some_and(|o| orgs.contains(&o)) {
                p.at(
                    "users",
                    i,
                    "org_id",
                    "refers to an organisation that is not in the backup",
                );
            }
            let role = t.text(r, "role").unwrap_or_default();
            if Role::from_key(role).is_none() {
                p.at("users", i, "role", format!("'{role}' is not a role"));
            }
            if !t.text(r, "password_hash").is_some_and(is_password_hash) {
                p.at("users", i, "password_hash", "is not a password hash");
            }
            if !t
                .text(r, "email")
                .is_some_and(|e| e.contains('@') && e == e.trim().to_lowercase())
            {
                p.at(
                    "users",
                    i,
                    "email",
                    "is not an email address as they are stored",
                );
            }
            same_org(
                p,
                "users",
                i,
                "person_id",
                &people,
                t.int(r, "person_id"),
                org,
            );
        }
    }
    if let Some(t) = table("api_tokens") {
        for (i, r) in t.table.rows.iter().enumerate() {
            let user = t.int(r, "user_id").unwrap_or_default();
            if !users.contains_key(&user) {
                p.at(
                    "api_tokens",
                    i,
                    "user_id",
                    format!("refers to user {user}, who is not in the backup"),
                );
            }
            if !t
                .text(r, "token_hash")
                .is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                p.at("api_tokens", i, "token_hash", "is not a token's hash");
            }
        }
    }
    for name in ["imports", "workforce_keys"] {
        let Some(t) = table(name) else { continue };
        for (i, r) in t.table.rows.iter().enumerate() {
            if !t.int(r, "org_id").is_some_and(|o| orgs.contains(&o)) {
                p.at(
                    name,
                    i,
                    "org_id",
                    "refers to an organisation that is not in the backup",
                );
            }
        }
    }
    if let Some(t) = table("workforce_records") {
        let mut by_snapshot: HashMap<i64, Vec<(usize, EmployeeRecord)>> = HashMap::new();
        for (i, r) in t.table.rows.iter().enumerate() {
            let snapshot = t.int(r, "snapshot_id").unwrap_or_default();
            if !snapshots.contains_key(&snapshot) {
                p.at(
                    "workforce_records",
                    i,
                    "snapshot_id",
                    format!("refers to snapshot {snapshot}, which is not in the backup"),
                );
            }
            let code = |c: &str| {
                t.int(r, c)
                    .and_then(|v| u8::try_from(v).ok())
                    .unwrap_or(u8::MAX)
            };
            let person = EmployeeRecord {
                pseudonym: t.text(r, "pseudonym").unwrap_or_default().to_string(),
                codes: [
                    "sex",
                    "ethnicity",
                    "disability",
                    "religion",
                    "sexual_orientation",
                    "age_band",
                ]
                .map(code),
                directorate: t.text(r, "directorate").unwrap_or_default().to_string(),
                grade: t.text(r, "grade").unwrap_or_default().to_string(),
                rate: t.int(r, "rate_num").zip(t.int(r, "rate_den")),
                bonus_pence: t.int(r, "bonus_pence").unwrap_or_default(),
            };
            by_snapshot.entry(snapshot).or_default().push((i, person));
        }
        for people in by_snapshot.values() {
            let only: Vec<EmployeeRecord> = people.iter().map(|(_, e)| e.clone()).collect();
            if let Err(dueregard_core::store::StoreError::Invalid(v)) =
                crate::workforce::check_people(&only)
            {
                for e in v.0 {
                    // "Person N: …" counts within the snapshot; name the row in the table.
                    let (n, message) = e
                        .message
                        .strip_prefix("Person ")
                        .and_then(|s| s.split_once(": "))
                        .and_then(|(n, m)| Some((n.parse::<usize>().ok()?, m.to_string())))
                        .unwrap_or((1, e.message.clone()));
                    let row = people.get(n.saturating_sub(1)).map_or(0, |(i, _)| *i);
                    p.at("workforce_records", row, "the person", message);
                }
            }
        }
    }
    if let Some(t) = table("audit") {
        for (i, r) in t.table.rows.iter().enumerate() {
            let org = t.int(r, "org_id");
            if org.is_some_and(|o| !orgs.contains(&o)) {
                p.at(
                    "audit",
                    i,
                    "org_id",
                    "refers to an organisation that is not in the backup",
                );
            }
            // Who made a change belongs to the organisation it was made in.
            if let (Some(user), Some(org)) = (t.int(r, "actor_user_id"), org)
                && users.get(&user).is_some_and(|u| *u != org)
            {
                p.at(
                    "audit",
                    i,
                    "actor_user_id",
                    format!("user {user} is not in the organisation the change was made in"),
                );
            }
        }
    }
}
