//! The one storage interface. The web app, CLI and importers hold an `Arc<dyn Store>`; the
//! store crate implements it on SQLite and PostgreSQL and both pass the same contract suite.
//!
//! Every method that changes data takes the `Actor` and writes its audit record in the same
//! transaction. Every org-scoped method takes the organisation id and never reaches outside it.

use crate::account::{ApiToken, NewUser, SessionRecord, User};
use crate::assessment::{AssessmentFields, Decision, DecisionFields, ImpactAssessment, Step};
use crate::backup::Backup;
use crate::dashboard::{ActionRow, PlanRow};
use crate::import::{
    ImportRecord, ObjectivesImport, ObjectivesImportReceipt, PlanImport, PlanImportReceipt,
};
use crate::objective::{EqualityObjective, ObjectiveFields};
use crate::org::{
    Committee, CommitteeFields, Directorate, DirectorateFields, LocalCharacteristic,
    LocalCharacteristicFields, Organisation, Person, PersonFields,
};
use crate::plan::{
    Action, ActionFields, ActionPlan, GlossaryEntry, GlossaryFields, Outcome, OutcomeFields,
    PlanFields, PlanObjective, PlanObjectiveFields, PlanTree, Priority, PriorityFields,
};
use crate::progress::{ProgressUpdate, UpdateFields};
use crate::record::RecordKind;
use crate::validate::ValidationErrors;
use crate::vocab::{Nation, Role};
use crate::workforce::{EmployeeRecord, SnapshotFields, WorkforceSnapshot};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// Who made a change, for the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub name: String,
}

impl Actor {
    pub fn user(user: &User) -> Actor {
        Actor {
            user_id: Some(user.id),
            name: format!("{} <{}>", user.name, user.email),
        }
    }

    /// Changes made from the command line by whoever runs it on the server.
    pub fn command_line() -> Actor {
        Actor {
            user_id: None,
            name: "command line".to_string(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("The {0} was not found")]
    NotFound(&'static str),
    /// The edit was based on an older version. Nothing was changed.
    #[error(
        "Someone else changed this {entity} after you opened it (you edited version {yours}, it is now version {current})"
    )]
    Conflict {
        entity: &'static str,
        id: i64,
        yours: i64,
        current: i64,
    },
    #[error("{0}")]
    Invalid(ValidationErrors),
    #[error("The database could not save this: {0}")]
    Backend(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, Clone)]
pub struct NewOrganisation {
    pub slug: String,
    pub name: String,
    pub nation: Nation,
    pub headcount: Option<i64>,
}

/// One entry in the audit trail: who changed what, when, and the record before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: i64,
    pub change: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A record that was archived, as the list of them shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ArchivedRecord {
    pub id: i64,
    pub version: i64,
    pub label: String,
}

/// Something the search box found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SearchHit {
    /// "objective", "plan", "plan_objective" or "action".
    pub kind: String,
    pub id: i64,
    pub title: String,
    /// Where it sits, e.g. the plan's title.
    pub context: String,
}

/// Organisations, their directorates, people, committees and local characteristics.
#[async_trait]
pub trait OrganisationStore: Send + Sync {
    // Organisations are created from the command line; users only see their own.
    async fn create_organisation(
        &self,
        actor: &Actor,
        new: NewOrganisation,
    ) -> StoreResult<Organisation>;
    async fn organisations(&self) -> StoreResult<Vec<Organisation>>;
    async fn organisation(&self, id: i64) -> StoreResult<Organisation>;
    async fn organisation_by_slug(&self, slug: &str) -> StoreResult<Option<Organisation>>;

    async fn directorates(&self, org: i64) -> StoreResult<Vec<Directorate>>;
    async fn create_directorate(
        &self,
        actor: &Actor,
        org: i64,
        fields: DirectorateFields,
    ) -> StoreResult<Directorate>;
    async fn update_directorate(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: DirectorateFields,
    ) -> StoreResult<Directorate>;

    async fn people(&self, org: i64) -> StoreResult<Vec<Person>>;
    async fn person(&self, org: i64, id: i64) -> StoreResult<Person>;
    async fn create_person(
        &self,
        actor: &Actor,
        org: i64,
        fields: PersonFields,
    ) -> StoreResult<Person>;
    async fn update_person(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: PersonFields,
    ) -> StoreResult<Person>;

    async fn committees(&self, org: i64) -> StoreResult<Vec<Committee>>;
    async fn create_committee(
        &self,
        actor: &Actor,
        org: i64,
        fields: CommitteeFields,
    ) -> StoreResult<Committee>;
    async fn committee(&self, org: i64, id: i64) -> StoreResult<Committee>;
    async fn update_committee(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: CommitteeFields,
    ) -> StoreResult<Committee>;
    async fn local_characteristics(&self, org: i64) -> StoreResult<Vec<LocalCharacteristic>>;
    async fn create_local_characteristic(
        &self,
        actor: &Actor,
        org: i64,
        fields: LocalCharacteristicFields,
    ) -> StoreResult<LocalCharacteristic>;
    async fn local_characteristic(&self, org: i64, id: i64) -> StoreResult<LocalCharacteristic>;
    async fn update_local_characteristic(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: LocalCharacteristicFields,
    ) -> StoreResult<LocalCharacteristic>;
}

/// Equality objectives, action plans and their parts, actions, progress updates, imports, and
/// the rows the dashboard and lists read.
#[async_trait]
pub trait PlanStore: Send + Sync {
    async fn objectives(&self, org: i64) -> StoreResult<Vec<EqualityObjective>>;
    async fn objective(&self, org: i64, id: i64) -> StoreResult<EqualityObjective>;
    async fn create_objective(
        &self,
        actor: &Actor,
        org: i64,
        fields: ObjectiveFields,
    ) -> StoreResult<EqualityObjective>;
    async fn update_objective(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: ObjectiveFields,
    ) -> StoreResult<EqualityObjective>;

    async fn plans(&self, org: i64) -> StoreResult<Vec<ActionPlan>>;
    async fn plan_tree(&self, org: i64, id: i64) -> StoreResult<PlanTree>;
    async fn create_plan(
        &self,
        actor: &Actor,
        org: i64,
        fields: PlanFields,
    ) -> StoreResult<ActionPlan>;
    async fn update_plan(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: PlanFields,
    ) -> StoreResult<ActionPlan>;
    async fn priority(&self, org: i64, id: i64) -> StoreResult<Priority>;
    async fn plan_objective(&self, org: i64, id: i64) -> StoreResult<PlanObjective>;
    async fn create_priority(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: PriorityFields,
    ) -> StoreResult<Priority>;
    async fn update_priority(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: PriorityFields,
    ) -> StoreResult<Priority>;
    async fn create_plan_objective(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: PlanObjectiveFields,
    ) -> StoreResult<PlanObjective>;
    async fn update_plan_objective(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: PlanObjectiveFields,
    ) -> StoreResult<PlanObjective>;
    async fn create_outcome(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: OutcomeFields,
    ) -> StoreResult<Outcome>;
    async fn create_glossary_entry(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: GlossaryFields,
    ) -> StoreResult<GlossaryEntry>;
    async fn glossary_entry(&self, org: i64, id: i64) -> StoreResult<GlossaryEntry>;
    async fn update_glossary_entry(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: GlossaryFields,
    ) -> StoreResult<GlossaryEntry>;
    /// Next year's plan from this one: its details as given, its priorities, objectives,
    /// outcomes and glossary copied, and every action not yet complete carried over, each
    /// saying which action it continues. The new plan is a draft.
    async fn roll_forward(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: PlanFields,
    ) -> StoreResult<ActionPlan>;

    async fn action(&self, org: i64, id: i64) -> StoreResult<Action>;
    /// Creates an action; `new_outcome`, when given, is created in the same transaction and linked.
    async fn create_action(
        &self,
        actor: &Actor,
        org: i64,
        plan_id: i64,
        fields: ActionFields,
        new_outcome: Option<String>,
    ) -> StoreResult<Action>;
    async fn update_action(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: ActionFields,
        new_outcome: Option<String>,
    ) -> StoreResult<Action>;

    async fn add_update(
        &self,
        actor: &Actor,
        org: i64,
        action_id: i64,
        fields: UpdateFields,
    ) -> StoreResult<ProgressUpdate>;
    async fn updates(&self, org: i64, action_id: i64) -> StoreResult<Vec<ProgressUpdate>>;

    async fn plan_rows(&self, org: i64) -> StoreResult<Vec<PlanRow>>;
    async fn action_rows(&self, org: i64) -> StoreResult<Vec<ActionRow>>;
    /// Actions the person leads, across every plan of the organisation.
    async fn actions_led_by(&self, org: i64, person_id: i64) -> StoreResult<Vec<ActionRow>>;
    /// Actions anywhere in the organisation that serve the equality objective.
    async fn actions_for_objective(
        &self,
        org: i64,
        objective_id: i64,
    ) -> StoreResult<Vec<ActionRow>>;
}

/// Plans and objectives read from documents, each import in one transaction with its record.
#[async_trait]
pub trait ImportStore: Send + Sync {
    /// Stores a whole imported plan (people named in its key, priorities, objectives, actions,
    /// outcomes, glossary) in one transaction: all of it or, on any error, none of it. A document
    /// imported before is refused unless the import says which plan it replaces.
    async fn import_plan(
        &self,
        actor: &Actor,
        org: i64,
        import: PlanImport,
    ) -> StoreResult<PlanImportReceipt>;

    /// Stores imported equality objectives as drafts, all or none.
    async fn import_objectives(
        &self,
        actor: &Actor,
        org: i64,
        import: ObjectivesImport,
    ) -> StoreResult<ObjectivesImportReceipt>;

    /// Documents imported before, newest first.
    async fn imports(&self, org: i64) -> StoreResult<Vec<ImportRecord>>;
}

/// Equality impact assessments, their editions and sign-offs, and the decisions they inform.
#[async_trait]
pub trait AssessmentStore: Send + Sync {
    async fn create_assessment(
        &self,
        actor: &Actor,
        org: i64,
        fields: AssessmentFields,
    ) -> StoreResult<ImpactAssessment>;
    /// Saves a change to an assessment that is not approved. An approved one is frozen: use
    /// `new_assessment_edition`.
    async fn update_assessment(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: AssessmentFields,
    ) -> StoreResult<ImpactAssessment>;
    /// Signs a step, if `signer` (with `role`) may sign it now; see `AssessmentFields::may_sign`.
    async fn sign_assessment(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        step: Step,
        signer: (i64, Role),
    ) -> StoreResult<ImpactAssessment>;
    /// Starts a new draft edition from an approved assessment, keeping the approved one.
    async fn new_assessment_edition(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
    ) -> StoreResult<ImpactAssessment>;
    async fn assessment(&self, org: i64, id: i64) -> StoreResult<ImpactAssessment>;
    /// Every edition of every assessment, newest first.
    async fn assessments(&self, org: i64) -> StoreResult<Vec<ImpactAssessment>>;
    async fn create_decision(
        &self,
        actor: &Actor,
        org: i64,
        fields: DecisionFields,
    ) -> StoreResult<Decision>;
    async fn update_decision(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: DecisionFields,
    ) -> StoreResult<Decision>;
    async fn decision(&self, org: i64, id: i64) -> StoreResult<Decision>;
    async fn decisions(&self, org: i64) -> StoreResult<Vec<Decision>>;
}

/// Workforce snapshots: pseudonymised people, their kept reports, and which keys made the
/// pseudonyms. The keys themselves are never in the database (nor in its backups).
#[async_trait]
pub trait WorkforceStore: Send + Sync {
    /// The ids of the keys the organisation's pseudonyms were made with, oldest first, separated
    /// by spaces. The first call with a `candidate` records it; later calls return what was
    /// recorded. With an empty candidate it only reads: empty when no key was made yet.
    async fn workforce_keys(&self, org: i64, candidate: &str) -> StoreResult<String>;
    /// Hashes every stored pseudonym of the organisation again with a new key, in one
    /// transaction, and records the keys as `to`; refused as a conflict unless they are `from`.
    /// Answers how many pseudonyms changed.
    async fn rekey_workforce(
        &self,
        actor: &Actor,
        org: i64,
        from: &str,
        to: &str,
        rekey: &(dyn for<'a> Fn(&'a str) -> Option<String> + Send + Sync),
    ) -> StoreResult<u64>;
    /// Pseudonymisation secrets an earlier version kept in the database, by organisation. The
    /// app moves them to the key file and then calls `forget_workforce_secret`.
    async fn legacy_workforce_secrets(&self) -> StoreResult<Vec<(i64, String)>>;
    /// Records `key_id` as the organisation's key and deletes the secret from the database.
    async fn forget_workforce_secret(&self, org: i64, key_id: &str) -> StoreResult<()>;
    /// Stores a workforce snapshot and its people in one transaction. One snapshot per date: a
    /// second for the same date is refused.
    async fn create_snapshot(
        &self,
        actor: &Actor,
        org: i64,
        fields: SnapshotFields,
        people: &[EmployeeRecord],
    ) -> StoreResult<WorkforceSnapshot>;
    /// Snapshots, newest date first.
    async fn snapshots(&self, org: i64) -> StoreResult<Vec<WorkforceSnapshot>>;
    async fn snapshot(&self, org: i64, id: i64) -> StoreResult<WorkforceSnapshot>;
    /// The people of a snapshot. Special category data: every read is audited with who read it.
    async fn snapshot_people(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
    ) -> StoreResult<Vec<EmployeeRecord>>;
    async fn delete_snapshot(&self, actor: &Actor, org: i64, id: i64) -> StoreResult<()>;
    /// A snapshot's report as JSON, if one was kept. It holds only figures that passed
    /// disclosure control, so reading it reads no person's record.
    async fn snapshot_report(&self, org: i64, id: i64) -> StoreResult<Option<String>>;
    /// Keeps a snapshot's report, replacing any kept before.
    async fn keep_snapshot_report(&self, org: i64, id: i64, report: &str) -> StoreResult<()>;
}

/// Users, sign-in sessions, failed sign-ins and API tokens.
#[async_trait]
pub trait AccountStore: Send + Sync {
    async fn create_user(&self, actor: &Actor, org: i64, new: NewUser) -> StoreResult<User>;
    async fn users(&self, org: i64) -> StoreResult<Vec<User>>;
    async fn user(&self, id: i64) -> StoreResult<User>;
    /// The user and their password hash, for signing in.
    async fn user_credentials(&self, email: &str) -> StoreResult<Option<(User, String)>>;

    async fn create_session(&self, session: SessionRecord) -> StoreResult<()>;
    /// The signed-in user, their organisation and the session's form token, if the session exists
    /// and has not expired.
    async fn session(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<(User, Organisation, String)>>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Counts a failed sign-in for `key` (the e-mail address) and returns how many there have
    /// been since `since` (seconds since the epoch), this one included.
    /// Records a sign-in attempt (`attempt` names it) by `email` from `address`, and decides on
    /// it in the same transaction, so parallel attempts all count: `None` when it may go ahead,
    /// otherwise the seconds to wait (and nothing is recorded).
    async fn begin_sign_in(
        &self,
        email: &str,
        address: &str,
        attempt: &str,
        now: i64,
        throttle: &crate::account::SignInThrottle,
    ) -> StoreResult<Option<i64>>;
    /// The attempt succeeded: it, and the earlier failures from that address at that account,
    /// no longer count.
    async fn sign_in_succeeded(&self, email: &str, address: &str, attempt: &str)
    -> StoreResult<()>;

    async fn create_token(
        &self,
        actor: &Actor,
        user_id: i64,
        name: &str,
        token_hash: &str,
    ) -> StoreResult<ApiToken>;
    async fn tokens(&self, user_id: i64) -> StoreResult<Vec<ApiToken>>;
    async fn revoke_token(&self, actor: &Actor, user_id: i64, token_id: i64) -> StoreResult<()>;
    async fn token_user(&self, token_hash: &str) -> StoreResult<Option<User>>;
}

/// What every kind of record shares: the audit trail, archiving and deleting, search, and
/// whole-database backups.
#[async_trait]
pub trait RecordStore: Send + Sync {
    /// Takes a record out of lists and the dashboard; it stays in the audit trail and backups.
    /// Archiving is a change: it names the version it was asked on, and makes a new one.
    async fn archive(
        &self,
        actor: &Actor,
        org: i64,
        kind: RecordKind,
        id: i64,
        version: i64,
    ) -> StoreResult<()>;
    /// Brings an archived record back, as a new version.
    async fn unarchive(
        &self,
        actor: &Actor,
        org: i64,
        kind: RecordKind,
        id: i64,
        version: i64,
    ) -> StoreResult<()>;
    /// Deletes a record nothing refers to; otherwise refuses, naming what refers to it.
    async fn delete(&self, actor: &Actor, org: i64, kind: RecordKind, id: i64) -> StoreResult<()>;
    /// How a record of any kind is named in lists, archived or not, and its version.
    async fn record_label(&self, org: i64, kind: RecordKind, id: i64)
    -> StoreResult<(String, i64)>;
    /// Archived records of a kind, most recently archived first.
    async fn archived(&self, org: i64, kind: RecordKind) -> StoreResult<Vec<ArchivedRecord>>;

    /// "sqlite" or "postgres".
    fn backend(&self) -> &'static str;

    /// Whether the database answers and has every migration this version needs.
    async fn ready(&self) -> StoreResult<()>;

    /// How many changes this store handle has committed. It moves after each commit, so readers
    /// in the same process can tell at once that their cached view is out of date.
    fn local_changes(&self) -> u64;
    async fn search(&self, org: i64, query: &str) -> StoreResult<Vec<SearchHit>>;
    /// A number that grows with every change to the organisation's records (the latest audit
    /// entry, written in the same transaction as each change). Equal numbers mean nothing has
    /// changed, whichever instance or command made the change, so readers can reuse what they
    /// worked out before.
    async fn change_marker(&self, org: i64) -> StoreResult<i64>;
    async fn audit_log(&self, org: i64, limit: i64) -> StoreResult<Vec<AuditEntry>>;
    /// Entries about the whole installation rather than one organisation (backups exported and
    /// restored), newest first.
    async fn installation_audit_log(&self, limit: i64) -> StoreResult<Vec<AuditEntry>>;
    /// The changes to one record that made versions after `version`, oldest first.
    async fn changes_since(
        &self,
        org: i64,
        entity: &str,
        id: i64,
        version: i64,
    ) -> StoreResult<Vec<AuditEntry>>;

    /// Every table, every row, with a manifest (counts and checksum). The export is audited
    /// (who, when, how many rows); entries about backups are not themselves in backups, so a
    /// restored backup exports exactly as it was.
    async fn export(&self, actor: &Actor) -> StoreResult<Backup>;
    /// Loads a backup into an empty database, all or nothing, after checking its manifest and
    /// every row as the app would; a refusal names table, row and field. Audited.
    async fn restore(&self, actor: &Actor, backup: &Backup) -> StoreResult<()>;
}

/// Publications and their editions, newest first. A published edition, and an approved
/// report, are never changed: the store refuses.
#[async_trait]
pub trait PublicationStore: Send + Sync {
    async fn publications(&self, org: i64) -> StoreResult<Vec<crate::publication::Publication>>;
    async fn publication(&self, org: i64, id: i64) -> StoreResult<crate::publication::Publication>;
    async fn create_publication(
        &self,
        actor: &Actor,
        org: i64,
        fields: crate::publication::PublicationFields,
    ) -> StoreResult<crate::publication::Publication>;
    async fn update_publication(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: crate::publication::PublicationFields,
    ) -> StoreResult<crate::publication::Publication>;
}

/// The yearly cycle's machinery: background jobs held by leases, the mail outbox, people's mail
/// choices and calendar feeds. Times are seconds since 1970. Every claim is one conditional
/// write, so two instances on one database never both win it.
#[async_trait]
pub trait CycleStore: Send + Sync {
    /// Takes a job's lease when the job is due and no live lease holds it, recording a run.
    /// A job seen for the first time is due at once. Returns the run's id, or `None`.
    async fn claim_job(
        &self,
        name: &str,
        instance: &str,
        now: i64,
        lease_seconds: i64,
    ) -> StoreResult<Option<i64>>;
    /// Makes a job due now, whenever it was next due (for running it at once by hand).
    async fn make_job_due(&self, name: &str, now: i64) -> StoreResult<()>;
    /// Keeps a lease alive while a long run goes on; false when the lease was lost.
    async fn renew_job(&self, name: &str, instance: &str, until: i64) -> StoreResult<bool>;
    /// Ends a run: records what it did and when the job is next due, and lets the lease go.
    /// A failure counts towards the job's attempts; a success resets them.
    async fn finish_job(
        &self,
        run: i64,
        name: &str,
        instance: &str,
        now: i64,
        outcome: Result<String, String>,
        next_due: i64,
    ) -> StoreResult<()>;
    async fn jobs(&self) -> StoreResult<Vec<crate::mail::JobState>>;
    /// A job's latest runs, newest first.
    async fn job_runs(&self, name: &str, limit: i64) -> StoreResult<Vec<crate::mail::JobRun>>;

    /// Queues messages; one whose key is already in the outbox is left alone. Returns how many
    /// were new.
    async fn queue_mail(&self, mail: &[crate::mail::OutgoingMail], now: i64) -> StoreResult<usize>;
    /// Takes the lease of the next message due to be tried, if any.
    async fn claim_mail(
        &self,
        instance: &str,
        now: i64,
        lease_seconds: i64,
    ) -> StoreResult<Option<crate::mail::QueuedMail>>;
    /// Records what became of a claimed message: sent, skipped, or failed (to be tried again
    /// at `retry_at`, or given up on when there is none). Its body is dropped once it is done.
    async fn mail_done(
        &self,
        id: i64,
        instance: &str,
        now: i64,
        state: crate::mail::MailState,
        error: Option<&str>,
        retry_at: Option<i64>,
    ) -> StoreResult<()>;
    /// The outbox, newest first; for one organisation, or all with `None`.
    async fn outbox(
        &self,
        org: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<crate::mail::QueuedMail>>;

    /// A person's mail choices, made (with `new_token` for their links) on first use.
    async fn mail_settings(
        &self,
        user_id: i64,
        new_token: &str,
    ) -> StoreResult<crate::mail::MailSettings>;
    async fn set_mail_turned_off(
        &self,
        actor: &Actor,
        user_id: i64,
        turned_off: &[crate::mail::MailKind],
    ) -> StoreResult<()>;
    /// One-click unsubscribe: turns one kind off for whoever holds the token. Returns the user.
    async fn unsubscribe(
        &self,
        token: &str,
        kind: crate::mail::MailKind,
    ) -> StoreResult<Option<i64>>;
}

/// Committees' meetings (the forward plan), the cultural and civic dates, and calendar feeds.
#[async_trait]
pub trait CalendarStore: Send + Sync {
    /// In date order.
    async fn meetings(&self, org: i64) -> StoreResult<Vec<crate::meeting::Meeting>>;
    async fn meeting(&self, org: i64, id: i64) -> StoreResult<crate::meeting::Meeting>;
    async fn create_meeting(
        &self,
        actor: &Actor,
        org: i64,
        fields: crate::meeting::MeetingFields,
    ) -> StoreResult<crate::meeting::Meeting>;
    async fn update_meeting(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: crate::meeting::MeetingFields,
    ) -> StoreResult<crate::meeting::Meeting>;

    /// The cultural and civic dates calendar.
    async fn civic_dates(&self, org: i64) -> StoreResult<Vec<crate::civic::CivicDate>>;
    async fn civic_date(&self, org: i64, id: i64) -> StoreResult<crate::civic::CivicDate>;
    async fn create_civic_date(
        &self,
        actor: &Actor,
        org: i64,
        fields: crate::civic::CivicDateFields,
    ) -> StoreResult<crate::civic::CivicDate>;
    async fn update_civic_date(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: crate::civic::CivicDateFields,
    ) -> StoreResult<crate::civic::CivicDate>;

    /// Makes a calendar feed for a user, under the hash of its secret token.
    async fn create_feed(
        &self,
        actor: &Actor,
        org: i64,
        user_id: i64,
        kind: crate::civic::FeedKind,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<crate::civic::CalendarFeed>;
    /// A user's feeds, revoked ones too, newest first.
    async fn feeds(&self, user_id: i64) -> StoreResult<Vec<crate::civic::CalendarFeed>>;
    /// Stops a feed working, for good.
    async fn revoke_feed(&self, actor: &Actor, user_id: i64, id: i64, now: i64) -> StoreResult<()>;
    /// The feed a token opens, unless it was revoked or its user disabled.
    async fn feed_by_token(
        &self,
        token_hash: &str,
    ) -> StoreResult<Option<crate::civic::CalendarFeed>>;
}

/// Consultations and their responses. Responses are kept in one transaction with their
/// monitoring answers, which are only ever read back as counts.
#[async_trait]
pub trait ConsultationStore: Send + Sync {
    /// Latest closing first.
    async fn consultations(&self, org: i64) -> StoreResult<Vec<crate::consultation::Consultation>>;
    async fn consultation(
        &self,
        org: i64,
        id: i64,
    ) -> StoreResult<crate::consultation::Consultation>;
    async fn create_consultation(
        &self,
        actor: &Actor,
        org: i64,
        fields: crate::consultation::ConsultationFields,
    ) -> StoreResult<crate::consultation::Consultation>;
    async fn update_consultation(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: crate::consultation::ConsultationFields,
    ) -> StoreResult<crate::consultation::Consultation>;
    /// Keeps a response: refused past the hourly limit for its address; held (kept, not
    /// counted) when the hidden field was filled or the same answers came from the same
    /// address before; the same submission key again answers the response it made.
    async fn add_response(
        &self,
        actor: &Actor,
        org: i64,
        consultation_id: i64,
        response: &crate::consultation::response::NewResponse,
    ) -> StoreResult<crate::consultation::response::Received>;
    /// Every response, oldest first, without contact details or monitoring answers.
    async fn responses(
        &self,
        org: i64,
        consultation_id: i64,
    ) -> StoreResult<Vec<crate::consultation::response::ConsultationResponse>>;
    /// The response a form's one-time key made, for its receipt.
    async fn response_by_key(
        &self,
        org: i64,
        consultation_id: i64,
        key: &str,
    ) -> StoreResult<Option<crate::consultation::response::ConsultationResponse>>;
    /// (counted, held) for each consultation of the organisation that has responses.
    async fn response_counts(&self, org: i64) -> StoreResult<Vec<(i64, u64, u64)>>;
    async fn monitoring_counts(
        &self,
        org: i64,
        consultation_id: i64,
    ) -> StoreResult<crate::consultation::response::MonitoringCounts>;
    /// Each counted response's code for one characteristic, for cross-tables that are then
    /// protected by disclosure control; never shown response by response.
    async fn monitoring_links(
        &self,
        org: i64,
        consultation_id: i64,
        characteristic: dueregard_stats::classify::Characteristic,
    ) -> StoreResult<Vec<(i64, u8)>>;
    /// Keeps one coder's codes for a response, replacing what they gave it before (audited).
    async fn code_response(
        &self,
        actor: &Actor,
        org: i64,
        consultation_id: i64,
        coding: crate::consultation::analysis::NewCoding<'_>,
    ) -> StoreResult<()>;
    /// Every coder's codes for the consultation's responses.
    async fn codings(
        &self,
        org: i64,
        consultation_id: i64,
    ) -> StoreResult<Vec<crate::consultation::analysis::Coding>>;
    /// Engagement events and forums, latest first.
    async fn engagement_events(
        &self,
        org: i64,
    ) -> StoreResult<Vec<crate::consultation::engagement::EngagementEvent>>;
    async fn engagement_event(
        &self,
        org: i64,
        id: i64,
    ) -> StoreResult<crate::consultation::engagement::EngagementEvent>;
    async fn create_engagement_event(
        &self,
        actor: &Actor,
        org: i64,
        fields: crate::consultation::engagement::EngagementFields,
    ) -> StoreResult<crate::consultation::engagement::EngagementEvent>;
    async fn update_engagement_event(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: crate::consultation::engagement::EngagementFields,
    ) -> StoreResult<crate::consultation::engagement::EngagementEvent>;
    /// Keeps (or replaces) a response saved to come back to, under its link's hash.
    async fn save_draft(
        &self,
        consultation_id: i64,
        token_hash: &str,
        fields: &[(String, String)],
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()>;
    /// A saved response's fields, if its link is good and it has not expired.
    async fn draft(
        &self,
        consultation_id: i64,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<Vec<(String, String)>>>;
    async fn delete_draft(&self, consultation_id: i64, token_hash: &str) -> StoreResult<()>;
    /// Deletes respondents' contact details kept past their time, and saved responses past
    /// theirs; answers how many responses lost their contact details.
    async fn forget_contact_details(&self, now: i64) -> StoreResult<u64>;
}

/// What the body measures: indicators and their values, incident counts, training, and its
/// budget rounds. Values are replaced a period at a time
/// (every group of each period named), in one transaction, and read back only for disclosure
/// control to judge.
#[async_trait]
pub trait MeasureStore: Send + Sync {
    async fn indicators(&self, org: i64) -> StoreResult<Vec<crate::indicator::Indicator>>;
    async fn indicator(&self, org: i64, id: i64) -> StoreResult<crate::indicator::Indicator>;
    async fn create_indicator(
        &self,
        actor: &Actor,
        org: i64,
        fields: crate::indicator::IndicatorFields,
    ) -> StoreResult<crate::indicator::Indicator>;
    async fn update_indicator(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: crate::indicator::IndicatorFields,
    ) -> StoreResult<crate::indicator::Indicator>;
    /// Replaces the values of every period `values` names; answers how many periods changed.
    async fn put_indicator_values(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        values: &[crate::indicator::values::Observation],
    ) -> StoreResult<usize>;
    /// Every value, oldest period first.
    async fn indicator_values(
        &self,
        org: i64,
        id: i64,
    ) -> StoreResult<Vec<crate::indicator::values::Observation>>;
    /// Replaces the counts of every period `counts` names; answers how many periods changed.
    async fn put_incident_counts(
        &self,
        actor: &Actor,
        org: i64,
        counts: &[crate::incident::IncidentCount],
    ) -> StoreResult<usize>;
    /// Every count, oldest period first.
    async fn incident_counts(&self, org: i64) -> StoreResult<Vec<crate::incident::IncidentCount>>;
    async fn courses(&self, org: i64) -> StoreResult<Vec<crate::training::Course>>;
    async fn course(&self, org: i64, id: i64) -> StoreResult<crate::training::Course>;
    async fn create_course(
        &self,
        actor: &Actor,
        org: i64,
        fields: crate::training::CourseFields,
    ) -> StoreResult<crate::training::Course>;
    async fn update_course(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: crate::training::CourseFields,
    ) -> StoreResult<crate::training::Course>;
    /// Every session, latest first.
    async fn training_sessions(
        &self,
        org: i64,
    ) -> StoreResult<Vec<crate::training::TrainingSession>>;
    async fn training_session(
        &self,
        org: i64,
        id: i64,
    ) -> StoreResult<crate::training::TrainingSession>;
    async fn create_training_session(
        &self,
        actor: &Actor,
        org: i64,
        fields: crate::training::TrainingSessionFields,
    ) -> StoreResult<crate::training::TrainingSession>;
    async fn update_training_session(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: crate::training::TrainingSessionFields,
    ) -> StoreResult<crate::training::TrainingSession>;
    async fn self_assessments(
        &self,
        org: i64,
    ) -> StoreResult<Vec<crate::framework::SelfAssessment>>;
    async fn self_assessment(
        &self,
        org: i64,
        id: i64,
    ) -> StoreResult<crate::framework::SelfAssessment>;
    async fn create_self_assessment(
        &self,
        actor: &Actor,
        org: i64,
        fields: crate::framework::SelfAssessmentFields,
    ) -> StoreResult<crate::framework::SelfAssessment>;
    async fn update_self_assessment(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: crate::framework::SelfAssessmentFields,
    ) -> StoreResult<crate::framework::SelfAssessment>;
    async fn budget_rounds(&self, org: i64) -> StoreResult<Vec<crate::budget::BudgetRound>>;
    async fn budget_round(&self, org: i64, id: i64) -> StoreResult<crate::budget::BudgetRound>;
    async fn create_budget_round(
        &self,
        actor: &Actor,
        org: i64,
        fields: crate::budget::BudgetRoundFields,
    ) -> StoreResult<crate::budget::BudgetRound>;
    async fn update_budget_round(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: crate::budget::BudgetRoundFields,
    ) -> StoreResult<crate::budget::BudgetRound>;
}

/// Partnerships: objectives shared between bodies in the installation. Reads check that the body
/// asking is the owner or a member; a member gets only the shared objective's words and the
/// actions each member added.
#[async_trait]
pub trait PartnershipStore: Send + Sync {
    /// Those the body owns or is a partner in, newest first.
    async fn partnerships(&self, org: i64) -> StoreResult<Vec<crate::partnership::Partnership>>;
    /// One the body owns (for changing it).
    async fn partnership(&self, org: i64, id: i64) -> StoreResult<crate::partnership::Partnership>;
    async fn create_partnership(
        &self,
        actor: &Actor,
        org: i64,
        fields: crate::partnership::PartnershipFields,
    ) -> StoreResult<crate::partnership::Partnership>;
    async fn update_partnership(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        version: i64,
        fields: crate::partnership::PartnershipFields,
    ) -> StoreResult<crate::partnership::Partnership>;
    /// The shared view, for the owner or a member; not found for anyone else.
    async fn shared_objective(
        &self,
        org: i64,
        id: i64,
    ) -> StoreResult<crate::partnership::SharedObjective>;
    /// Replaces the actions `org` adds to the partnership (its own actions only).
    async fn contribute(
        &self,
        actor: &Actor,
        org: i64,
        id: i64,
        action_ids: &[i64],
    ) -> StoreResult<()>;
}

/// The one storage interface, in its areas. The web app, the command line and the importers
/// hold an `Arc<dyn Store>`; the store crate implements every area on SQLite and PostgreSQL.
pub trait Store:
    OrganisationStore
    + PlanStore
    + ImportStore
    + AssessmentStore
    + WorkforceStore
    + AccountStore
    + UserAdminStore
    + PublicationStore
    + CycleStore
    + CalendarStore
    + ConsultationStore
    + MeasureStore
    + PartnershipStore
    + RecordStore
{
}

/// Running accounts: what administrators do to users, and what users do to their own
/// password and sessions. Every change is audited; an organisation always keeps an enabled
/// administrator.
#[async_trait]
pub trait UserAdminStore: Send + Sync {
    /// Changes a user's role and the person they are (for lead officers).
    async fn change_user(
        &self,
        actor: &Actor,
        org: i64,
        user_id: i64,
        role: crate::vocab::Role,
        person_id: Option<i64>,
    ) -> StoreResult<crate::account::User>;
    /// Disables (ending their sessions) or re-enables a user.
    async fn set_user_disabled(
        &self,
        actor: &Actor,
        org: i64,
        user_id: i64,
        disabled: bool,
    ) -> StoreResult<crate::account::User>;
    /// Sets a user's password hash and ends their sessions, except `keep` (a token hash).
    async fn set_password(
        &self,
        actor: &Actor,
        user_id: i64,
        password_hash: &str,
        keep: Option<&str>,
    ) -> StoreResult<()>;
    /// Records a single-use link to set a password; earlier unused links for the user lapse.
    async fn create_password_reset(
        &self,
        actor: &Actor,
        org: i64,
        user_id: i64,
        token_hash: &str,
        expires_at: i64,
    ) -> StoreResult<()>;
    /// The user a reset link is for, while it is unused and unexpired.
    async fn password_reset_user(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<crate::account::User>>;
    /// Uses a reset link: sets the password, ends every session, and the link is spent.
    async fn use_password_reset(
        &self,
        token_hash: &str,
        now: i64,
        password_hash: &str,
    ) -> StoreResult<crate::account::User>;
    /// A user's sessions that have not expired, newest first.
    async fn user_sessions(
        &self,
        user_id: i64,
        now: i64,
    ) -> StoreResult<Vec<crate::account::SessionSummary>>;
    /// Ends one of a user's sessions, named by its summary's id.
    async fn end_session(&self, actor: &Actor, user_id: i64, id: &str) -> StoreResult<()>;
}

impl<T> Store for T where
    T: OrganisationStore
        + PlanStore
        + ImportStore
        + AssessmentStore
        + WorkforceStore
        + AccountStore
        + UserAdminStore
        + PublicationStore
        + CycleStore
        + CalendarStore
        + ConsultationStore
        + MeasureStore
        + PartnershipStore
        + RecordStore
{
}
