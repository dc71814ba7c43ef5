//! The yearly cycle's background work: jobs that run on whichever instance holds their lease,
//! the monitoring job that works out who is owed a request, reminder or escalation, and the
//! mail job that sends the outbox. Nothing here is lost when an instance stops: a job or a
//! message whose lease runs out is taken up by the next instance to look.

use crate::app::letters::Letter;
use crate::app::mailer::Mailer;
use crate::app::secrets::{now_seconds, random_token};
use dueregard_core::account::User;
use dueregard_core::mail::{MAX_ATTEMPTS, MailKind, MailState, OutgoingMail, retry_after};
use dueregard_core::monitoring::{self, Notice, NoticeKind};
use dueregard_core::period::long_date;
use dueregard_core::plan::PlanStatus;
use dueregard_core::store::{Store, StoreError};
use dueregard_core::vocab::Role;
use jiff::civil::Date;
use std::collections::HashMap;
use std::sync::Arc;

/// The jobs and how often each runs, in seconds.
pub const MONITORING: (&str, i64) = ("monitoring", 3600);
pub const MAIL: (&str, i64) = ("mail", 15);
/// Deletes consultation respondents' contact details once their keeping period is over.
pub const KEEPING: (&str, i64) = ("keeping", 3600);

/// Runs the jobs.
pub struct Cycle {
    pub store: Arc<dyn Store>,
    pub mailer: Option<Arc<Mailer>>,
    /// Names this instance in leases and the record of runs.
    pub instance: String,
    /// How long a lease lasts before another instance may take the work over.
    pub lease_seconds: i64,
}

impl Cycle {
    pub fn new(store: Arc<dyn Store>, mailer: Option<Arc<Mailer>>, lease_seconds: i64) -> Cycle {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "instance".into());
        let tag = random_token()
            .map(|t| t[..8].to_string())
            .unwrap_or_default();
        Cycle {
            store,
            mailer,
            instance: format!("{host}-{}-{tag}", std::process::id()),
            lease_seconds: lease_seconds.max(1),
        }
    }

    /// Runs each job that is due and free. `today` is the day monitoring is judged on. Without
    /// mail no monitoring is worked out: a message queued then would carry no address to link
    /// to. Personal data is deleted on time whether or not mail is set up.
    pub async fn tick(&self, today: Date) -> Result<(), StoreError> {
        self.run(KEEPING, |c| Box::pin(c.keeping())).await?;
        if self.mailer.is_none() {
            return Ok(());
        }
        self.run(MONITORING, |c| Box::pin(c.monitoring(today)))
            .await?;
        self.run(MAIL, |c| Box::pin(c.send_mail())).await
    }

    /// Runs jobs until stopped, looking every `every`; monitoring is judged on `as_of`, or
    /// each day as it comes.
    pub async fn forever(self, every: std::time::Duration, as_of: Option<Date>) {
        loop {
            if let Err(e) = self.tick(as_of.unwrap_or_else(crate::app::today)).await {
                tracing::warn!(error = %e, "background jobs could not run");
            }
            tokio::time::sleep(every).await;
        }
    }

    async fn run<'a>(
        &'a self,
        (name, every): (&str, i64),
        work: impl FnOnce(
            &'a Cycle,
        ) -> std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<String, String>> + Send + 'a>,
        >,
    ) -> Result<(), StoreError> {
        let now = now_seconds();
        let Some(run) = self
            .store
            .claim_job(name, &self.instance, now, self.lease_seconds)
            .await?
        else {
            return Ok(());
        };
        let outcome = work(self).await;
        let attempts = self
            .store
            .jobs()
            .await?
            .into_iter()
            .find(|j| j.name == name)
            .map_or(0, |j| j.attempts);
        let next = match &outcome {
            Ok(_) => now + every,
            Err(_) => now_seconds() + retry_after(attempts + 1),
        };
        if let Err(e) = &outcome {
            tracing::warn!(job = name, error = %e, "a background job failed");
        }
        self.store
            .finish_job(run, name, &self.instance, now_seconds(), outcome, next)
            .await
    }

    /// Deletes respondents' contact details kept past their time.
    async fn keeping(&self) -> Result<String, String> {
        let done = self
            .store
            .forget_contact_details(now_seconds())
            .await
            .map_err(|e| e.to_string())?;
        Ok(format!(
            "Contact details deleted from {done} consultation responses past their keeping period."
        ))
    }

    /// Queues what every running plan owes today. Queueing is idempotent, so running this
    /// again, or on two instances, queues nothing twice.
    async fn monitoring(&self, today: Date) -> Result<String, String> {
        let mail = monitoring_mail(self.store.as_ref(), &self.public_url(), today)
            .await
            .map_err(|e| e.to_string())?;
        let queued = self
            .store
            .queue_mail(&mail.messages, now_seconds())
            .await
            .map_err(|e| e.to_string())?;
        if queued > 0 {
            // New mail need not wait for the sender's next turn.
            self.store
                .make_job_due(MAIL.0, now_seconds())
                .await
                .map_err(|e| e.to_string())?;
        }
        let mut summary = format!(
            "{} messages owed on {}, {queued} of them new.",
            mail.messages.len(),
            long_date(today)
        );
        if !mail.unreachable.is_empty() {
            summary.push_str(&format!(
                " No account to mail for: {}.",
                mail.unreachable.join(", ")
            ));
        }
        Ok(summary)
    }

    fn public_url(&self) -> String {
        self.mailer
            .as_ref()
            .map_or_else(String::new, |m| m.public_url().to_string())
    }

    /// Sends what is waiting, one message at a time: each is claimed by its own lease and
    /// marked sent as soon as the mail server takes it.
    async fn send_mail(&self) -> Result<String, String> {
        let Some(mailer) = &self.mailer else {
            return Ok("Mail is not set up.".into());
        };
        let (mut sent, mut skipped, mut failed) = (0, 0, 0);
        let store = self.store.as_ref();
        let err = |e: StoreError| e.to_string();
        loop {
            let now = now_seconds();
            // The job's lease lasts as long as there is mail to send.
            store
                .renew_job(MAIL.0, &self.instance, now + self.lease_seconds)
                .await
                .map_err(err)?;
            let Some(mail) = store
                .claim_mail(&self.instance, now, self.lease_seconds)
                .await
                .map_err(err)?
            else {
                break;
            };
            let settings = match mail.user_id {
                Some(user) => Some(
                    store
                        .mail_settings(user, &random_token().map_err(|e| e.to_string())?)
                        .await
                        .map_err(err)?,
                ),
                None => None,
            };
            if settings.as_ref().is_some_and(|s| !s.wants(mail.kind)) {
                store
                    .mail_done(mail.id, &self.instance, now, MailState::Skipped, None, None)
                    .await
                    .map_err(err)?;
                skipped += 1;
                continue;
            }
            let unsubscribe = settings
                .filter(|_| mail.kind.optional())
                .map(|s| unsubscribe_link(mailer.public_url(), &s.unsubscribe_token, mail.kind));
            match mailer.send(&mail, unsubscribe.as_deref()).await {
                Ok(()) => {
                    store
                        .mail_done(
                            mail.id,
                            &self.instance,
                            now_seconds(),
                            MailState::Sent,
                            None,
                            None,
                        )
                        .await
                        .map_err(err)?;
                    sent += 1;
                }
                Err(e) => {
                    let retry = (mail.attempts < MAX_ATTEMPTS)
                        .then(|| now_seconds() + retry_after(mail.attempts));
                    store
                        .mail_done(
                            mail.id,
                            &self.instance,
                            now_seconds(),
                            MailState::Failed,
                            Some(&e),
                            retry,
                        )
                        .await
                        .map_err(err)?;
                    failed += 1;
                }
            }
        }
        let summary = format!("{sent} sent, {skipped} not sent as turned off, {failed} failed.");
        if failed > 0 && sent == 0 {
            Err(summary)
        } else {
            Ok(summary)
        }
    }
}

/// The one-click address that turns one kind of optional mail off.
pub fn unsubscribe_link(public_url: &str, token: &str, kind: MailKind) -> String {
    format!("{public_url}/mail/unsubscribe/{token}/{}", kind.key())
}

/// What the monitoring job owes, and the officers it cannot reach.
pub struct MonitoringMail {
    pub messages: Vec<OutgoingMail>,
    pub unreachable: Vec<String>,
}

/// Every message owed today across every organisation's approved plans.
pub async fn monitoring_mail(
    store: &dyn Store,
    public_url: &str,
    today: Date,
) -> Result<MonitoringMail, StoreError> {
    let mut out = MonitoringMail {
        messages: Vec::new(),
        unreachable: Vec::new(),
    };
    for org in store.organisations().await? {
        let users: Vec<User> = store
            .users(org.id)
            .await?
            .into_iter()
            .filter(|u| !u.disabled)
            .collect();
        let people = store.people(org.id).await?;
        let directorate_of: HashMap<i64, Option<i64>> = people
            .iter()
            .map(|p| (p.id, p.fields.directorate_id))
            .collect();
        let name_of: HashMap<i64, &str> = people
            .iter()
            .map(|p| (p.id, p.fields.name.as_str()))
            .collect();
        for plan in store.plans(org.id).await? {
            if plan.fields.status != PlanStatus::Approved {
                continue;
            }
            let tree = store.plan_tree(org.id, plan.id).await?;
            let notices = monitoring::notices(
                plan.id,
                plan.fields.period,
                plan.fields.monitoring_months,
                &tree.actions,
                today,
            );
            for notice in notices {
                let to: Vec<&User> = match notice.kind {
                    NoticeKind::Request | NoticeKind::Reminder => users
                        .iter()
                        .filter(|u| u.person_id == Some(notice.officer))
                        .collect(),
                    NoticeKind::Escalation => {
                        let directorate = directorate_of.get(&notice.officer).copied().flatten();
                        let directors: Vec<&User> = users
                            .iter()
                            .filter(|u| u.role == Role::Director)
                            .filter(|u| {
                                directorate.is_some()
                                    && u.person_id
                                        .and_then(|p| directorate_of.get(&p).copied().flatten())
                                        == directorate
                            })
                            .collect();
                        if directors.is_empty() {
                            users
                                .iter()
                                .filter(|u| u.role == Role::EqualityLead)
                                .collect()
                        } else {
                            directors
                        }
                    }
                };
                let officer = name_of
                    .get(&notice.officer)
                    .copied()
                    .unwrap_or("an officer");
                if to.is_empty() {
                    if notice.kind != NoticeKind::Escalation {
                        out.unreachable.push(format!("{officer} ({})", org.name));
                    }
                    continue;
                }
                for user in to {
                    let mut letter = letter(&notice, &tree, user, officer, public_url);
                    if notice.kind == NoticeKind::Reminder {
                        let token =
                            random_token().map_err(|e| StoreError::Backend(e.to_string()))?;
                        let settings = store.mail_settings(user.id, &token).await?;
                        letter.unsubscribe = Some((
                            "Stop getting reminders before updates are due".into(),
                            unsubscribe_link(
                                public_url,
                                &settings.unsubscribe_token,
                                MailKind::Reminder,
                            ),
                        ));
                    }
                    out.messages.push(OutgoingMail {
                        key: format!("{}:user{}", notice.key(), user.id),
                        org_id: Some(org.id),
                        user_id: Some(user.id),
                        to: user.email.clone(),
                        kind: match notice.kind {
                            NoticeKind::Request => MailKind::UpdateRequest,
                            NoticeKind::Reminder => MailKind::Reminder,
                            NoticeKind::Escalation => MailKind::Escalation,
                        },
                        subject: letter.subject.clone(),
                        text: letter.text(),
                        html: letter.html(),
                    });
                }
            }
        }
        meeting_reminders(store, &org, &users, public_url, today, &mut out.messages).await?;
    }
    out.unreachable.sort();
    out.unreachable.dedup();
    Ok(out)
}

/// A meeting within this many days is worth a reminder.
pub const MEETING_REMINDER_DAYS: i64 = 7;

/// A week before a meeting that receives equality work, the equality leads are reminded of
/// it and of what it receives, so the reports are ready.
async fn meeting_reminders(
    store: &dyn Store,
    org: &dueregard_core::org::Organisation,
    users: &[User],
    public_url: &str,
    today: Date,
    out: &mut Vec<OutgoingMail>,
) -> Result<(), StoreError> {
    let Ok(horizon) = today.checked_add(jiff::Span::new().days(MEETING_REMINDER_DAYS)) else {
        return Ok(());
    };
    let plans = store.plans(org.id).await?;
    let reports = store.publications(org.id).await?;
    for meeting in store.meetings(org.id).await? {
        let f = &meeting.fields;
        if f.date < today
            || f.date > horizon
            || (f.plan_ids.is_empty() && f.publication_ids.is_empty())
        {
            continue;
        }
        let committee = store.committee(org.id, f.committee_id).await?.fields.name;
        let when = long_date(f.date);
        let items: Vec<(String, String)> = f
            .plan_ids
            .iter()
            .filter_map(|id| plans.iter().find(|p| p.id == *id))
            .map(|p| {
                (
                    format!("Monitoring summary: {}", p.fields.title),
                    format!("{public_url}/plans/{}/monitoring", p.id),
                )
            })
            .chain(
                f.publication_ids
                    .iter()
                    .filter_map(|id| reports.iter().find(|r| r.id == *id))
                    .map(|r| {
                        (
                            format!("{} (edition {})", r.fields.title, r.fields.edition),
                            format!("{public_url}/publications/{}", r.id),
                        )
                    }),
            )
            .collect();
        for user in users.iter().filter(|u| u.role == Role::EqualityLead) {
            let token = random_token().map_err(|e| StoreError::Backend(e.to_string()))?;
            let settings = store.mail_settings(user.id, &token).await?;
            let letter = Letter {
                subject: format!("{committee} meets on {when}"),
                greeting: format!("Dear {}", user.name),
                paragraphs: vec![format!(
                    "{committee} meets on {when}. It is due to receive what is listed below: check it is ready."
                )],
                items: items.clone(),
                button: Some((
                    "See the forward plan".into(),
                    format!("{public_url}/meetings"),
                )),
                unsubscribe: Some((
                    "Stop getting reminders of meetings".into(),
                    unsubscribe_link(
                        public_url,
                        &settings.unsubscribe_token,
                        MailKind::MeetingReminder,
                    ),
                )),
            };
            out.push(OutgoingMail {
                key: format!("meeting:{}:{}:user{}", meeting.id, f.date, user.id),
                org_id: Some(org.id),
                user_id: Some(user.id),
                to: user.email.clone(),
                kind: MailKind::MeetingReminder,
                subject: letter.subject.clone(),
                text: letter.text(),
                html: letter.html(),
            });
        }
    }
    Ok(())
}

fn letter(
    notice: &Notice,
    tree: &dueregard_core::plan::PlanTree,
    to: &User,
    officer: &str,
    public_url: &str,
) -> Letter {
    let plan = &tree.plan.fields.title;
    let due = long_date(notice.period.due());
    let items = notice
        .actions
        .iter()
        .filter_map(|id| tree.actions.iter().find(|a| a.id == *id))
        .map(|a| {
            let link = match notice.kind {
                NoticeKind::Escalation => format!("{public_url}/actions/{}", a.id),
                _ => format!("{public_url}/actions/{}/updates/new", a.id),
            };
            (format!("{}: {}", tree.reference(a), a.fields.text), link)
        })
        .collect();
    let n = notice.actions.len();
    let actions = if n == 1 {
        "1 action".to_string()
    } else {
        format!("{n} actions")
    };
    let period = notice.period.period.describe();
    let (subject, paragraphs) = match notice.kind {
        NoticeKind::Request => (
            format!("Progress updates due by {due}: {plan}"),
            vec![
                format!("Please give a progress update on {actions} you lead in {plan}, for the monitoring period {period}."),
                format!("Updates are due by {due}. Say how each action is going; if one is late, say why and give a revised date."),
            ],
        ),
        NoticeKind::Reminder => (
            format!("Reminder: progress updates due by {due}: {plan}"),
            vec![format!("There is still no update for this period on {actions} you lead in {plan}. Updates are due by {due}.")],
        ),
        NoticeKind::Escalation => (
            format!("Missing progress updates: {officer}, {plan}"),
            vec![
                format!("{officer} has not updated {actions} in {plan}. The updates were due on {due}, for the monitoring period {period}."),
                "The monitoring summary for the meeting that receives this period will show them as missing.".into(),
            ],
        ),
    };
    Letter {
        subject,
        greeting: format!("Dear {}", to.name),
        paragraphs,
        items,
        button: Some((
            "See the monitoring summary".into(),
            format!("{public_url}/plans/{}/monitoring", tree.plan.id),
        )),
        unsubscribe: None,
    }
}

/// A message with a link to set a new password, for someone who asked for one.
pub fn password_mail(user: &User, public_url: &str, token: &str, minutes: i64) -> OutgoingMail {
    let link = format!("{public_url}/set-password/{token}");
    let letter = Letter {
        subject: "Set a new password for Due Regard".into(),
        greeting: format!("Dear {}", user.name),
        paragraphs: vec![
            format!(
                "Someone asked to set a new password for your account. The link works once, for {minutes} minutes."
            ),
            "If it was not you, you need do nothing: your password has not changed.".into(),
        ],
        items: Vec::new(),
        button: Some(("Set a new password".into(), link)),
        unsubscribe: None,
    };
    OutgoingMail {
        key: format!("password:{}", crate::app::secrets::token_hash(token)),
        org_id: Some(user.org_id),
        user_id: Some(user.id),
        to: user.email.clone(),
        kind: MailKind::PasswordReset,
        subject: letter.subject.clone(),
        text: letter.text(),
        html: letter.html(),
    }
}
