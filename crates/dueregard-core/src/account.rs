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
