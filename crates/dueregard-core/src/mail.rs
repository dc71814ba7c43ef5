//! Mail the service sends, and background jobs. A message is queued in the outbox under a key
//! that names what it is about, so working it out again never queues it twice; it is sent by
//! whichever instance holds its lease, and marked sent as soon as the mail server accepts it.

use serde::{Deserialize, Serialize};

crate::vocab::vocabulary!(
    /// What a message is. Some are part of a person's job and always sent; the rest they may
    /// turn off, and each of those carries a one-click unsubscribe.
    MailKind {
        PasswordReset => ("password_reset", "Password reset links"),
        UpdateRequest => ("update_request", "Requests for progress updates"),
        Reminder => ("reminder", "Reminders before updates are due"),
        Escalation => ("escalation", "Missing updates in your directorate"),
        MeetingReminder => ("meeting_reminder", "Reminders of meetings that receive equality reports"),
    }
);

impl MailKind {
    /// Whether a person may turn it off.
    pub fn optional(self) -> bool {
        matches!(self, MailKind::Reminder | MailKind::MeetingReminder)
    }

    pub fn optional_kinds() -> Vec<MailKind> {
        MailKind::ALL
            .iter()
            .copied()
            .filter(|k| k.optional())
            .collect()
    }
}

/// A message to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// Names what the message is about; the outbox keeps one message a key.
    pub key: String,
    pub org_id: Option<i64>,
    pub user_id: Option<i64>,
    pub to: String,
    pub kind: MailKind,
    pub subject: String,
    pub text: String,
    pub html: String,
}

crate::vocab::vocabulary!(
    /// Where a queued message has got to. Failed: given up on after `MAX_ATTEMPTS`; skipped:
    /// not sent, because the person turned this kind of mail off after it was queued.
    MailState {
        Queued => ("queued", "Waiting to send"),
        Sent => ("sent", "Sent"),
        Failed => ("failed", "Could not be sent"),
        Skipped => ("skipped", "Not sent: turned off"),
    }
);

/// A message in the outbox. Its body is kept only until it is sent (it may hold a password
/// link), so a sent message shows its subject and recipient alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueuedMail {
    pub id: i64,
    pub key: String,
    pub org_id: Option<i64>,
    pub user_id: Option<i64>,
    pub to: String,
    pub kind: MailKind,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub state: MailState,
    pub attempts: i64,
    /// Seconds since 1970.
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub last_error: Option<String>,
}

/// A message is tried this many times before it is given up on.
pub const MAX_ATTEMPTS: i64 = 8;

/// How long to wait after the `attempts`-th failure: doubling from 30 seconds, at most an hour.
pub fn retry_after(attempts: i64) -> i64 {
    let doublings = attempts.clamp(1, 8) - 1;
    (30_i64 << doublings).min(3600)
}

/// A person's choices about optional mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettings {
    pub user_id: i64,
    /// In the unsubscribe links of their optional mail.
    pub unsubscribe_token: String,
    pub turned_off: Vec<MailKind>,
}

impl MailSettings {
    pub fn wants(&self, kind: MailKind) -> bool {
        !kind.optional() || !self.turned_off.contains(&kind)
    }
}

/// A background job as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobState {
    pub name: String,
    pub due_at: i64,
    pub lease_owner: Option<String>,
    pub lease_until: Option<i64>,
    /// Failures since it last succeeded.
    pub attempts: i64,
}

/// One run of a job: which instance ran it, when, and what it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobRun {
    pub id: i64,
    pub job: String,
    pub instance: String,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    /// "running", "done" or "failed".
    pub outcome: String,
    pub summary: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_doubling_to_an_hour() {
        let waits: Vec<i64> = (1..=9).map(retry_after).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(retry_after(0), 30);
    }

    #[test]
    fn only_optional_mail_can_be_turned_off() {
        let settings = MailSettings {
            user_id: 1,
            unsubscribe_token: "t".into(),
            turned_off: vec![MailKind::Reminder, MailKind::PasswordReset],
        };
        assert!(!settings.wants(MailKind::Reminder));
        assert!(settings.wants(MailKind::MeetingReminder));
        // A password link or a request for updates cannot be refused.
        assert!(settings.wants(MailKind::PasswordReset));
        assert!(settings.wants(MailKind::UpdateRequest));
    }
}
