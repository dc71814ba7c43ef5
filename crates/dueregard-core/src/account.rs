//! Users, their roles, sessions and API tokens. Password hashing is done at the edge (argon2);
//! only the hash reaches the store.

use crate::validate::{self, SHORT_TEXT, ValidationErrors};
use crate::vocab::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct User {
    pub id: i64,
    pub org_id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// The person record this user is, so lead officers see the actions they lead.
    pub person_id: Option<i64>,
    /// A disabled account cannot sign in or use its tokens; it keeps its history.
    #[serde(default)]
    pub disabled: bool,
}

/// A user to create. `password_hash` is an Argon2id PHC string.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub person_id: Option<i64>,
    pub password_hash: String,
}

/// Lower-cases and checks an e-mail address. We only check its shape: the address is a login
/// name, and sign-in proves it works.
pub fn normalise_email(errors: &mut ValidationErrors, field: &str, email: &str) -> String {
    let e = validate::required(errors, field, "an email address", email, SHORT_TEXT).to_lowercase();
    if !e.is_empty() {
        let ok = match e.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !e.contains(char::is_whitespace)
            }
            None => false,
        };
        if !ok {
            errors.add(
                field,
                "Enter an email address in the correct format, like name@example.gov.uk",
            );
        }
    }
    e
}

/// A personal access token for the JSON API. The secret is shown once; only its hash is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// A session as its owner and administrators see it: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionSummary {
    /// A name for the session: the start of its hash, which gives nothing away.
    pub id: String,
    /// Seconds since the Unix epoch (`None` for sessions begun before this was kept).
    pub started_at: Option<i64>,
    pub expires_at: i64,
}

/// Passwords, as ASVS 4.0 (2.1) and the NCSC advise: long enough, with no rules about which
/// characters, and any characters allowed.
pub const MIN_PASSWORD: usize = 12;
pub const MAX_PASSWORD: usize = 128;

/// Checks a new password and its confirmation.
pub fn check_new_password(password: &str, again: &str) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        e.add(
            "password",
            format!("Your password must be {MIN_PASSWORD} characters or more"),
        );
    } else if n > MAX_PASSWORD {
        e.add(
            "password",
            format!("Your password must be {MAX_PASSWORD} characters or fewer"),
        );
    } else if password != again {
        e.add("password_again", "Enter the same password twice");
    }
    e.finish(())
}

/// A signed-in browser session. The cookie holds a random secret; the store keeps its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub token_hash: String,
    pub user_id: i64,
    /// The form token every state-changing request from this session must carry.
    pub csrf_token: String,
    /// Seconds since the Unix epoch.
    pub expires_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_lower_cased_and_shape_checked() {
        let mut e = ValidationErrors::new();
        assert_eq!(
            normalise_email(&mut e, "email", " Lead@Dudley.GOV.uk "),
            "lead@dudley.gov.uk"
        );
        assert!(e.is_empty());
        for bad in ["nobody", "a@b", "@x.uk", "a b@x.uk", "a@.uk"] {
            let mut e = ValidationErrors::new();
            normalise_email(&mut e, "email", bad);
            assert!(!e.is_empty(), "{bad}");
        }
    }
}

/// Whether text is a password hash as we store them: Argon2 in the PHC string format
/// (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`, salt and hash in unpadded base64).
pub fn is_password_hash(s: &str) -> bool {
    let b64 = |p: &str, min: usize| {
        p.len() >= min
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
    };
    let parts: Vec<&str> = s.split('$').collect();
    match parts.as_slice() {
        ["", algorithm, version, params, salt, hash] => {
            matches!(*algorithm, "argon2id" | "argon2i" | "argon2d")
                && version
                    .strip_prefix("v=")
                    .is_some_and(|v| v.parse::<u32>().is_ok())
                && params.split(',').count() == 3
                && params.split(',').all(|kv| {
                    kv.split_once('=').is_some_and(|(k, v)| {
                        matches!(k, "m" | "t" | "p") && v.parse::<u32>().is_ok()
                    })
                })
                && b64(salt, 11)
                && b64(hash, 16)
        }
        _ => false,
    }
}

/// What is known of earlier sign-in attempts within the throttle's window: those from this
/// address at this account (the pair), from this address at any account, and at this account
/// from anywhere. Every attempt counts until it succeeds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttemptHistory {
    pub pair: i64,
    /// When the pair's latest attempt was, in seconds.
    pub pair_latest: Option<i64>,
    pub address: i64,
    pub account: i64,
}

/// How sign-in attempts are slowed (OWASP ASVS 4.0 section 2.2, NCSC password guidance):
/// - each account-and-address pair has a few free attempts, then waits twice as long after
///   each further one, up to the window;
/// - one address has a ceiling across all accounts, which stops an attacker trying one password
///   on many accounts;
/// - past a ceiling of attempts at one account from anywhere, each address that has already
///   failed there waits a minute between attempts. That slows an attack from many addresses
///   but never locks the account: its owner, signing in from an address that has not failed,
///   is not held back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInThrottle {
    pub window_seconds: i64,
    pub free_attempts: i64,
    pub first_wait_seconds: i64,
    pub address_ceiling: i64,
    pub account_ceiling: i64,
    pub account_wait_seconds: i64,
}

impl SignInThrottle {
    pub const STANDARD: SignInThrottle = SignInThrottle {
        window_seconds: 15 * 60,
        free_attempts: 5,
        first_wait_seconds: 30,
        address_ceiling: 100,
        account_ceiling: 20,
        account_wait_seconds: 60,
    };

    /// `None` when an attempt may be made now; otherwise how many seconds to wait.
    pub fn wait(&self, h: &AttemptHistory, now: i64) -> Option<i64> {
        let until = |from: Option<i64>, seconds: i64| {
            let end = from.unwrap_or(now) + seconds;
            (end > now).then_some(end - now)
        };
        if h.address >= self.address_ceiling {
            return Some(self.window_seconds);
        }
        if h.pair >= self.free_attempts {
            let doublings = u32::try_from(h.pair - self.free_attempts)
                .unwrap_or(u32::MAX)
                .min(20);
            let wait = self
                .first_wait_seconds
                .saturating_mul(1 << doublings)
                .min(self.window_seconds);
            if let Some(w) = until(h.pair_latest, wait) {
                return Some(w);
            }
        }
        if h.account >= self.account_ceiling && h.pair > 0 {
            return until(h.pair_latest, self.account_wait_seconds);
        }
        None
    }
}

#[cfg(test)]
mod throttle_tests {
    use super::*;

    const T: SignInThrottle = SignInThrottle::STANDARD;

    #[test]
    fn a_pair_has_five_free_attempts_then_waits_doubling() {
        let mut h = AttemptHistory::default();
        for n in 0..5 {
            h.pair = n;
            h.pair_latest = Some(1000);
            assert_eq!(T.wait(&h, 1000), None, "attempt {n}");
        }
        h.pair = 5;
        assert_eq!(T.wait(&h, 1000), Some(30));
        assert_eq!(T.wait(&h, 1030), None);
        h.pair = 6;
        assert_eq!(T.wait(&h, 1030), Some(60 - 30));
        h.pair = 30;
        assert_eq!(
            T.wait(&h, 1000),
            Some(15 * 60),
            "never longer than the window"
        );
    }

    #[test]
    fn an_address_has_a_ceiling_and_an_account_is_slowed_but_never_locked() {
        let address = AttemptHistory {
            address: 100,
            ..Default::default()
        };
        assert!(T.wait(&address, 0).is_some());
        // An attack from elsewhere: the account has many failures, this address none.
        let owner = AttemptHistory {
            account: 10_000,
            ..Default::default()
        };
        assert_eq!(T.wait(&owner, 0), None, "the owner is not held back");
        let attacker = AttemptHistory {
            account: 10_000,
            pair: 1,
            pair_latest: Some(0),
            ..Default::default()
        };
        assert_eq!(T.wait(&attacker, 10), Some(50));
        assert_eq!(T.wait(&attacker, 60), None, "delayed, not locked");
    }
}
