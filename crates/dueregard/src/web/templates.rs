//! The data each page template shows. Values are formatted for people here, so templates only
//! lay them out.

use crate::web::fields::{Control, Field};
use crate::web::merge::Outcome;
use crate::web::session::SignedIn;
use askama::Template;
use dueregard_core::progress::ProgressStatus;
use dueregard_core::vocab::Role;

/// What every page needs: whose organisation, who is signed in, the form token, the menu.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub org_name: String,
    pub user_name: String,
    pub role: String,
    pub csrf: String,
    pub active: &'static str,
    pub signed_in: bool,
    pub is_editor: bool,
    pub is_lead_officer: bool,
    /// May write impact assessments: everyone but viewers.
    pub can_assess: bool,
    /// Runs accounts.
    pub is_admin: bool,
}

impl Chrome {
    pub fn new(s: &SignedIn, active: &'static str) -> Chrome {
        Chrome {
            org_name: s.org.name.clone(),
            user_name: s.user.name.clone(),
            role: s.user.role.label().to_string(),
            csrf: s.csrf.clone(),
            active,
            signed_in: true,
            is_editor: s.user.role.can_edit_everything(),
            is_lead_officer: s.user.role == Role::LeadOfficer,
            can_assess: s.user.role.can_assess(),
            is_admin: s.user.role.can_run_accounts(),
        }
    }

    pub fn anonymous() -> Chrome {
        Chrome {
            org_name: "Due Regard".into(),
            user_name: String::new(),
            role: String::new(),
            csrf: String::new(),
            active: "",
            signed_in: false,
            is_editor: false,
            is_lead_officer: false,
            can_assess: false,
            is_admin: false,
        }
    }

    /// The menu: (address, words, key).
    pub fn nav(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        let mut nav = vec![
            ("/", "Dashboard", "dashboard"),
            ("/objectives", "Equality objectives", "objectives"),
            ("/plans", "Action plans", "plans"),
            ("/workforce", "Workforce", "workforce"),
            ("/assessments", "Impact assessments", "assessments"),
        ];
        if self.is_lead_officer || self.is_editor {
            nav.push(("/my-actions", "Actions you lead", "mine"));
        }
        nav.push(("/indicators", "Indicators", "indicators"));
        nav.push(("/reports/progress", "Reports", "reports"));
        nav.push(("/compliance", "Duties", "compliance"));
        nav.push(("/consultations", "Consultations", "consultations"));
        nav.push(("/meetings", "Meetings", "meetings"));
        nav.push(("/people", "People", "people"));
        if self.is_editor {
            nav.push(("/audit", "Audit trail", "audit"));
        }
        if self.is_admin {
            nav.push(("/admin/users", "Accounts", "accounts"));
        }
        nav
    }
}

/// A status shown as a GOV.UK tag: always words, the colour only repeats them.
#[derive(Debug, Clone)]
pub struct Tag {
    pub label: String,
    pub class: &'static str,
}

pub fn progress_tag(s: ProgressStatus) -> Tag {
    let class = match s {
        ProgressStatus::NotStarted => "govuk-tag--grey",
        ProgressStatus::OnTrack => "govuk-tag--green",
        ProgressStatus::AtRisk => "govuk-tag--orange",
        ProgressStatus::OffTrack => "govuk-tag--red",
        ProgressStatus::Complete => "govuk-tag--blue",
    };
    Tag {
        label: format!("{} ({})", s.label(), s.rag().to_lowercase()),
        class,
    }
}

/// One action in a list.
#[derive(Debug, Clone)]
pub struct ActionRowView {
    pub id: i64,
    pub reference: String,
    pub text: String,
    pub plan: String,
    pub target: String,
    pub due: Option<String>,
    pub status: Tag,
    pub overdue: bool,
    pub update_due: bool,
    pub can_update: bool,
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub chrome: Chrome,
    pub title: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "sign_in.html")]
pub struct SignInPage {
    pub chrome: Chrome,
    pub form_token: String,
    pub email: String,
    /// The page to return to after signing in.
    pub next: String,
    pub errors: Vec<(String, String)>,
    pub email_error: Option<String>,
    pub password_error: Option<String>,
}

#[derive(Template)]
#[template(path = "form.html")]
pub struct FormPage {
    pub chrome: Chrome,
    pub title: String,
    pub caption: Option<String>,
    pub action: String,
    pub submit: String,
    pub cancel: String,
    pub hidden: Vec<(String, String)>,
    pub fields: Vec<Field>,
    pub errors: Vec<(String, String)>,
    pub merge: Option<crate::web::merge::MergeView>,
}

#[derive(Debug, Clone)]
pub struct PlanLine {
    pub id: i64,
    pub title: String,
    pub period: String,
    pub status: String,
    pub actions: usize,
    pub counts: Vec<usize>,
    pub overdue: usize,
    pub updates_due: usize,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
pub struct DashboardPage {
    pub chrome: Chrome,
    pub today: String,
    pub my_actions: Option<(usize, usize)>,
    /// Each running plan's place in its monitoring cycle.
    pub cycle: Vec<CycleLine>,
    /// Open consultations: (id, title, closing date, groups under-heard so far).
    pub consultations: Vec<(i64, String, String, Vec<String>)>,
    /// The shared part, rendered once per change (see `DashboardBody`).
    pub body: String,
}

/// A running plan's current monitoring period, on the dashboard.
pub struct CycleLine {
    pub plan: i64,
    pub title: String,
    pub period: String,
    pub due: String,
    pub updated: usize,
    pub open: usize,
    /// "Scrutiny Committee receives it on 14 April 2027.", or nothing.
    pub meeting: String,
}

/// The part of the dashboard every viewer of one kind sees alike.
#[derive(Template)]
#[template(path = "dashboard_body.html")]
pub struct DashboardBody {
    pub objectives_by_status: Vec<(&'static str, usize)>,
    pub refresh: Vec<(i64, String, String, String)>,
    pub status_labels: Vec<String>,
    pub plans: Vec<PlanLine>,
    pub overdue: Vec<ActionRowView>,
    pub overdue_total: usize,
    pub updates_due: Vec<ActionRowView>,
    pub due_total: usize,
}

#[derive(Template)]
#[template(path = "my_actions.html")]
pub struct MyActionsPage {
    pub chrome: Chrome,
    pub rows: Vec<ActionRowView>,
}

#[derive(Debug, Clone)]
pub struct ObjectiveLine {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub refresh: String,
}

#[derive(Template)]
#[template(path = "objectives.html")]
pub struct ObjectivesPage {
    pub chrome: Chrome,
    pub objectives: Vec<ObjectiveLine>,
}

#[derive(Template)]
#[template(path = "objective.html")]
pub struct ObjectivePage {
    pub chrome: Chrome,
    /// Archive and delete, for editors.
    pub record: RecordControls,
    pub id: i64,
    pub title: String,
    pub summary: Vec<(String, String)>,
    pub rows: Vec<ActionRowView>,
}

#[derive(Template)]
#[template(path = "plans.html")]
pub struct PlansPage {
    pub chrome: Chrome,
    pub plans: Vec<(i64, String, String, String)>,
}

#[derive(Debug, Clone)]
pub struct PlanActionView {
    pub id: i64,
    pub number: Option<i64>,
    pub text: String,
    pub leads: String,
    pub target: String,
    /// The dates read from the target's words, shown as a hint beside them.
    pub dates: Option<String>,
    pub outcome: String,
    /// Rows the outcome cell spans; `None` when the cell above already covers this action.
    pub outcome_rows: Option<usize>,
    pub status: Tag,
    pub overdue: bool,
}

#[derive(Debug, Clone)]
pub struct PlanObjectiveView {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub leads: String,
    pub actions: Vec<PlanActionView>,
}

#[derive(Debug, Clone)]
pub struct PriorityView {
    pub id: i64,
    pub number: i64,
    pub title: String,
    pub objectives: Vec<PlanObjectiveView>,
}

#[derive(Template)]
#[template(path = "plan.html")]
pub struct PlanPage {
    pub chrome: Chrome,
    /// Archive and delete, for editors.
    pub record: RecordControls,
    pub title: String,
    /// The rendered `PlanBody`, kept between requests.
    pub body: std::sync::Arc<str>,
}

/// The plan itself, the same for every viewer who may (or may not) edit it.
#[derive(Template)]
#[template(path = "plan_body.html")]
pub struct PlanBody {
    pub editor: bool,
    pub id: i64,
    pub title: String,
    pub period: String,
    pub summary: Vec<(String, String)>,
    pub introduction: Option<String>,
    pub priorities: Vec<PriorityView>,
    pub leads: Vec<(String, String)>,
    /// (id, term, meaning)
    pub glossary: Vec<(i64, String, String)>,
}

#[derive(Debug, Clone)]
pub struct UpdateView {
    pub date: String,
    pub status: Tag,
    pub narrative: String,
    pub evidence: Vec<String>,
    pub author: String,
    pub illustrative: bool,
    /// A revised date the update gave, and why the action is late.
    pub revised: Option<String>,
    pub why_late: Option<String>,
}

#[derive(Template)]
#[template(path = "action.html")]
pub struct ActionPage {
    pub chrome: Chrome,
    /// Archive and delete, for editors.
    pub record: RecordControls,
    pub id: i64,
    pub plan_id: i64,
    pub plan_title: String,
    pub reference: String,
    pub status: Tag,
    pub overdue: bool,
    pub can_update: bool,
    pub summary: Vec<(String, String)>,
    pub updates: Vec<UpdateView>,
}

#[derive(Debug, Clone)]
pub struct PersonLine {
    pub id: i64,
    pub name: String,
    pub initials: String,
    pub role: String,
    pub directorate: String,
}

#[derive(Template)]
#[template(path = "people.html")]
pub struct PeoplePage {
    pub chrome: Chrome,
    pub people: Vec<PersonLine>,
    pub directorates: Vec<(i64, String, String)>,
    /// (id, name, kind)
    pub committees: Vec<(i64, String, String)>,
    /// (id, name, why it is considered)
    pub local: Vec<(i64, String, String)>,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub chrome: Chrome,
    pub query: String,
    pub hits: Vec<(String, String, String, String)>,
}

#[derive(Template)]
#[template(path = "audit.html")]
pub struct AuditPage {
    pub chrome: Chrome,
    pub entries: Vec<dueregard_core::store::AuditEntry>,
}

#[derive(Template)]
#[template(path = "import_upload.html")]
pub struct ImportUploadPage {
    pub chrome: Chrome,
    pub errors: Vec<(String, String)>,
    pub plan_chosen: bool,
    pub max_mb: u64,
}

pub struct PreviewAction {
    pub number: String,
    pub text: String,
    pub leads: String,
    pub target: String,
    /// The target as the plan's dates: "by 30 June 2013 (firm)".
    pub read_as: String,
    pub outcome: String,
}

pub struct PreviewObjective {
    /// Its position in the plan as first read, from 1.
    pub position: usize,
    pub title: String,
    pub leads: String,
    pub actions: Vec<PreviewAction>,
}

pub struct PreviewPriority {
    pub title: String,
    pub objectives: Vec<PreviewObjective>,
}

#[derive(Template)]
#[template(path = "import_preview.html")]
pub struct ImportPreviewPage {
    pub chrome: Chrome,
    pub id: String,
    pub file_name: String,
    pub is_plan: bool,
    pub errors: Vec<(String, String)>,
    pub title: String,
    pub period: String,
    pub columns_text: String,
    /// Column letter, heading, what it was read as, and why.
    pub columns: Vec<(String, String, String, String)>,
    /// How the layout was read: where, what, and why.
    pub decisions: Vec<(String, String, String)>,
    /// Whether empty target and outcome cells were read as the same as the one above.
    pub empty_is_merged: bool,
    /// Objectives (by position as first read) the person joined to the one above.
    pub joined: Vec<usize>,
    pub summary: String,
    pub priorities: Vec<PreviewPriority>,
    /// Objectives and the actions listed under each.
    pub objectives: Vec<(String, Vec<String>)>,
    /// Where, and what.
    pub warnings: Vec<(String, String)>,
    /// When this document was imported before, and by whom.
    pub earlier: Option<(String, String)>,
    pub earlier_plan: Option<(i64, String)>,
    pub new_version: bool,
    pub again: bool,
}

pub struct SnapshotRow {
    pub id: i64,
    pub date: String,
    pub employees: String,
    pub file_name: String,
    pub synthetic: bool,
    pub mean_gap: String,
    pub median_gap: String,
    pub women_upper: String,
    pub disabled: String,
    pub ethnic_minority: String,
}

pub struct HistoryRow {
    pub year: String,
    pub partial: bool,
    pub mean: String,
    pub median: String,
    pub mean_bonus: String,
    pub median_bonus: String,
    pub women_upper: String,
}

pub struct PeerRow {
    pub measure: String,
    pub value: String,
    pub percentile: String,
    pub median: String,
}

#[derive(Template)]
#[template(path = "workforce.html")]
pub struct WorkforcePage {
    pub chrome: Chrome,
    pub snapshots: Vec<SnapshotRow>,
    pub employer: String,
    pub history: Vec<HistoryRow>,
    pub history_chart: String,
    pub peer_description: String,
    pub peers: Vec<PeerRow>,
    pub attribution: &'static str,
}

pub struct GapRow {
    pub title: String,
    pub comparison: String,
    pub counts: String,
    pub mean: String,
    pub median: String,
    pub mean_bonus: String,
    pub median_bonus: String,
    pub paid_bonus: String,
    pub withheld: Option<String>,
    /// Why some figures of the row are not shown.
    pub notes: Vec<String>,
}

pub struct RepresentationView {
    pub title: String,
    pub source: String,
    pub chart: String,
    /// (group, staff share, 95% interval, population share, reading).
    pub rows: Vec<(String, String, String, String, String)>,
}

pub struct TableView {
    pub title: String,
    pub by: String,
    pub columns: Vec<String>,
    /// (category, cells, row total).
    pub rows: Vec<(String, Vec<String>, String)>,
    pub totals: Vec<String>,
    pub grand: String,
}

#[derive(Template)]
#[template(path = "workforce_snapshot.html")]
pub struct WorkforceSnapshotPage {
    pub chrome: Chrome,
    pub id: i64,
    pub date: String,
    pub employees: String,
    pub synthetic: bool,
    pub file_name: String,
    /// Headings of the extract's columns that were not read.
    pub columns_not_read: Vec<String>,
    pub sex_basis: String,
    pub disclosure: String,
    pub quartile_chart: String,
    /// (band, women, men).
    pub quartile_rows: Vec<(String, String, String)>,
    pub gaps: Vec<GapRow>,
    /// (characteristic, prefer not to say, not known).
    pub non_disclosure: Vec<(String, String, String)>,
    pub area: Option<String>,
    pub representation: Vec<RepresentationView>,
    pub tables: Vec<TableView>,
    pub peer_description: String,
    pub peers: Vec<PeerRow>,
    pub attribution: &'static str,
}

#[derive(Template)]
#[template(path = "workforce_upload.html")]
pub struct WorkforceUploadPage {
    pub chrome: Chrome,
    pub errors: Vec<(String, String)>,
    pub day: String,
    pub month: String,
    pub year: String,
    pub area: String,
    pub nhs: bool,
    pub gender_identity: bool,
    pub synthetic: bool,
    pub max_mb: usize,
    pub sheet_mb: u64,
}

pub struct SnapshotChoice {
    pub id: i64,
    pub label: String,
    pub selected: bool,
}

/// One group's funnel: each step as lines of text.
pub struct FunnelRowView {
    pub group: String,
    pub shortlisting: Vec<String>,
    pub appointment: Vec<String>,
    pub staying: Vec<String>,
    /// Below four-fifths of the best rate at some step.
    pub adverse: bool,
}

pub struct FunnelView {
    pub title: String,
    pub has_staying: bool,
    pub rows: Vec<FunnelRowView>,
}

#[derive(Template)]
#[template(path = "workforce_recruitment.html")]
pub struct RecruitmentPage {
    pub chrome: Chrome,
    pub errors: Vec<(String, String)>,
    pub snapshots: Vec<SnapshotChoice>,
    pub nhs: bool,
    pub results: Vec<FunnelView>,
    pub file_name: String,
    pub max_mb: usize,
}

pub struct AssessmentRow {
    pub id: i64,
    pub title: String,
    pub subject: String,
    pub status: String,
    pub outcome: String,
    pub review: String,
    pub edition: i64,
    pub negative: usize,
}

#[derive(Template)]
#[template(path = "assessments.html")]
pub struct AssessmentsPage {
    pub chrome: Chrome,
    pub rows: Vec<AssessmentRow>,
    pub directorates: Vec<(i64, String, bool)>,
    pub characteristics: Vec<(&'static str, &'static str, bool)>,
    pub impacts: Vec<(&'static str, &'static str, bool)>,
    pub outcomes: Vec<(&'static str, &'static str, bool)>,
    pub statuses: Vec<(&'static str, &'static str, bool)>,
    pub review_due: bool,
}

#[derive(Template)]
#[template(path = "assessment.html")]
pub struct AssessmentPage {
    pub chrome: Chrome,
    pub id: i64,
    pub version: i64,
    pub title: String,
    pub status: String,
    pub frozen: bool,
    pub superseded_by: Option<i64>,
    pub document: Vec<dueregard_formats::export::Block>,
    /// (step key, button words) this person may sign now.
    pub signable: Vec<(&'static str, &'static str)>,
    /// (id, edition, status) of every edition in the series.
    pub editions: Vec<(i64, i64, String)>,
    /// (id, "Plan: CODE title") of every plan objective, for adding mitigations as actions.
    pub objectives: Vec<(i64, String)>,
}

pub struct CheckRow {
    pub principle: String,
    pub finding: String,
    pub colour: &'static str,
    pub reasons: Vec<String>,
}

#[derive(Template)]
#[template(path = "decisions.html")]
pub struct DecisionsPage {
    pub chrome: Chrome,
    /// (id, title, decision-maker, date).
    pub rows: Vec<(i64, String, String, String)>,
}

#[derive(Template)]
#[template(path = "decision.html")]
pub struct DecisionPage {
    pub chrome: Chrome,
    pub id: i64,
    /// The report's "equalities implications" section, and its "other implications" table.
    pub implications: String,
    pub other_implications: Vec<(String, String, String)>,
    pub title: String,
    pub decision_maker: String,
    pub date: String,
    pub key_decision: bool,
    pub forward_plan: bool,
    pub report: String,
    /// (id, title, status).
    pub attached: Vec<(i64, String, String)>,
    pub checks: Vec<CheckRow>,
    /// The consultation check of each consultation that informs it: (id, title, lines).
    pub consultations: Vec<(i64, String, Vec<CheckRow>)>,
}

#[derive(Template)]
#[template(path = "public_assessments.html")]
pub struct PublicAssessmentsPage {
    pub chrome: Chrome,
    pub organisation: String,
    pub slug: String,
    pub rows: Vec<AssessmentRow>,
}

/// The archive and delete controls under a record an editor is reading.
#[derive(Debug, Clone)]
pub struct RecordControls {
    /// The kind as written in addresses: `objectives`, `actions` …
    pub kind: &'static str,
    pub noun: &'static str,
    pub id: i64,
    pub version: i64,
    /// Where to go once it is archived.
    pub back: String,
}

#[derive(Template)]
#[template(path = "record_delete.html")]
pub struct DeletePage {
    pub chrome: Chrome,
    pub kind: &'static str,
    pub noun: &'static str,
    pub id: i64,
    pub version: i64,
    pub label: String,
    pub back: String,
    pub errors: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "archive.html")]
pub struct ArchivePage {
    pub chrome: Chrome,
    /// (heading, kind in addresses, records)
    pub groups: Vec<(
        String,
        &'static str,
        Vec<dueregard_core::store::ArchivedRecord>,
    )>,
}

/// A user as the accounts pages list them.
pub struct UserLine {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub person: String,
    pub disabled: bool,
}

/// A session as its owner or an administrator sees it.
pub struct SessionLine {
    pub id: String,
    pub started: String,
    pub expires: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
pub struct UsersPage {
    pub chrome: Chrome,
    pub users: Vec<UserLine>,
}

#[derive(Template)]
#[template(path = "user.html")]
pub struct UserPage {
    pub chrome: Chrome,
    pub user: UserLine,
    pub errors: Vec<(String, String)>,
    /// (key, label, chosen)
    pub roles: Vec<(&'static str, &'static str, bool)>,
    /// (id, name, chosen)
    pub people: Vec<(i64, String, bool)>,
    pub sessions: Vec<SessionLine>,
    /// Where a session's "Sign out" button posts, before the session's id.
    pub session_action: String,
    /// A link to set a password, shown once, and when it stops working.
    pub link: Option<(String, String)>,
    /// When a link sent by mail stops working, once it has just been sent.
    pub mailed: Option<String>,
    pub added: bool,
}

#[derive(Template)]
#[template(path = "account.html")]
pub struct AccountPage {
    pub chrome: Chrome,
    pub email: String,
    pub errors: Vec<(String, String)>,
    pub sessions: Vec<SessionLine>,
    pub session_action: String,
    pub changed: bool,
}

#[derive(Template)]
#[template(path = "set_password.html")]
pub struct SetPasswordPage {
    pub chrome: Chrome,
    pub name: String,
    pub action: String,
    pub errors: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "report.html")]
pub struct ReportPage {
    pub chrome: Chrome,
    /// The page's title: the report's, or how it differs from the page the report is of.
    pub report_title: String,
    /// The report as HTML, every word escaped by its renderer.
    pub body: String,
    pub errors: Vec<(String, String)>,
    /// (address, what it is)
    pub downloads: Vec<(String, String)>,
    /// What the progress report covers, for the form that changes it.
    pub choose: Option<ProgressChoice>,
    /// A plan's monitoring periods: (address, what it is, whether it is the one shown).
    pub periods: Vec<(String, String, bool)>,
}

pub struct ProgressChoice {
    pub from: String,
    pub to: String,
    /// (id, title, chosen)
    pub plans: Vec<(i64, String, bool)>,
}

/// A page of the public site: the organisation's published equality information.
#[derive(Template)]
#[template(path = "public.html")]
pub struct PublicPage {
    pub chrome: Chrome,
    pub organisation: String,
    pub slug: String,
    /// Its title: it names the page's `h1`.
    pub title: String,
    /// The page's content as HTML, every word escaped by whoever made it.
    pub body: String,
}

/// A publication in a list: (id, title, edition, status tag, what happened to it).
pub type PublicationRow = (i64, String, i64, Tag, String);

#[derive(Template)]
#[template(path = "publications.html")]
pub struct PublicationsPage {
    pub chrome: Chrome,
    pub rows: Vec<PublicationRow>,
    pub editor: bool,
}

#[derive(Template)]
#[template(path = "publication.html")]
pub struct PublicationPage {
    pub chrome: Chrome,
    pub id: i64,
    pub version: i64,
    pub title: String,
    pub status: Tag,
    /// (what, value)
    pub summary: Vec<(String, String)>,
    /// (address, step key, button words): what this user may do now.
    pub steps: Vec<(String, &'static str, &'static str)>,
    pub can_redraft: bool,
    pub can_correct: bool,
    pub public_address: Option<String>,
    /// The report, as HTML escaped by its renderer.
    pub body: String,
    pub errors: Vec<(String, String)>,
}

/// One duty as the compliance page shows it.
pub struct DutyRow {
    pub title: String,
    pub source: String,
    pub what: String,
    pub standing: Tag,
    pub when: String,
    pub evidence: String,
    pub why: String,
}

#[derive(Template)]
#[template(path = "compliance.html")]
pub struct CompliancePage {
    pub chrome: Chrome,
    pub nation: String,
    pub headcount: Option<i64>,
    pub rows: Vec<DutyRow>,
}

/// A moment, as people read it.
pub fn when(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.strftime("%-d %B %Y at %H:%M UTC").to_string())
        .unwrap_or_default()
}

pub struct JobLine {
    pub name: String,
    pub held: String,
    pub due: String,
    pub failures: i64,
    /// (started, instance, outcome, what it did)
    pub runs: Vec<(String, String, String, String)>,
}

#[derive(Template)]
#[template(path = "jobs.html")]
pub struct JobsPage {
    pub chrome: Chrome,
    pub mail_on: bool,
    pub jobs: Vec<JobLine>,
    /// (queued, to, subject, state, last error)
    pub outbox: Vec<(String, String, String, String, String)>,
}

pub struct MeetingLine {
    pub id: i64,
    pub date: String,
    pub committee: String,
    pub notes: String,
    /// A major cultural or civic date on the same day.
    pub clash: Option<String>,
    /// (address, title)
    pub plans: Vec<(String, String)>,
    pub reports: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "meetings.html")]
pub struct MeetingsPage {
    pub chrome: Chrome,
    pub coming: Vec<MeetingLine>,
    pub held: Vec<MeetingLine>,
}

impl MeetingsPage {
    /// (heading, meetings, what to say when there are none)
    pub fn sections(&self) -> [(&'static str, &[MeetingLine], &'static str); 2] {
        [
            ("The forward plan", &self.coming, "No meetings are planned."),
            (
                "Meetings held",
                &self.held,
                "No meetings have been held yet.",
            ),
        ]
    }
}

#[derive(Template)]
#[template(path = "calendars.html")]
pub struct CalendarsPage {
    pub chrome: Chrome,
    /// (key, what it holds)
    pub kinds: Vec<(&'static str, &'static str)>,
    /// (id, what it holds, made, revoked)
    pub feeds: Vec<(i64, String, String, Option<String>)>,
    /// A feed just made: its secret address, shown this once.
    pub new_url: Option<String>,
}

#[derive(Template)]
#[template(path = "civic_dates.html")]
pub struct CivicDatesPage {
    pub chrome: Chrome,
    pub slug: String,
    pub year: i16,
    /// (id, name, kind, major, this year, next year)
    pub rows: Vec<(i64, String, String, bool, String, String)>,
}

/// A signed-in page whose body is built as HTML by its feature, every word escaped there.
#[derive(Template)]
#[template(path = "page.html")]
pub struct HtmlPage {
    pub chrome: Chrome,
    pub title: String,
    pub body: String,
}

/// A form the public fills in without signing in: no session, so no CSRF token; the form
/// carries a one-time key instead.
#[derive(Template)]
#[template(path = "public_form.html")]
pub struct PublicFormPage {
    pub chrome: Chrome,
    pub organisation: String,
    pub slug: String,
    pub title: String,
    /// HTML above the form, every word escaped by its builder.
    pub intro: String,
    pub action: String,
    pub hidden: Vec<(String, String)>,
    pub fields: Vec<Field>,
    /// HTML below the fields (the privacy notice).
    pub after: String,
    pub submit: String,
    /// Offer "Save and come back later".
    pub save_later: bool,
    pub errors: Vec<(String, String)>,
}
