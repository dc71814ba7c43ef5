//! The pseudonymisation keys, kept in a file apart from the database.
//!
//! The database records only which keys (by id) made each organisation's pseudonyms; the file
//! holds the keys. With the database and its backups alone, nobody can turn a pseudonym back
//! into a staff number by trying them all. An operator backs up the key file separately.
//!
//! The file is owner-only (0600, its folder 0700) and only ever appended to, one key a line:
//! `<id> <secret>`. Keys the database does not name (one made by a request that lost a race, or
//! by a rotation that did not commit) are unused and harmless.

use crate::app::secrets::random_token;
use anyhow::{Context, bail};
use dueregard_core::store::{Actor, Store};
use dueregard_formats::workforce::pseudonym::{Pseudonymiser, pseudonym_text};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the keys are kept.
#[derive(Debug, Clone)]
pub struct KeyFile {
    path: PathBuf,
    /// The key other secrets are derived from (the first in the file), once read.
    service: std::sync::Arc<std::sync::OnceLock<String>>,
}

/// A key's id: a fingerprint that names it without giving it away.
pub fn key_id(secret: &str) -> String {
    let digest = Sha256::digest(format!("dueregard key id\n{secret}").as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends to a file only its owner can read, creating it (and its folder) so.
fn append_owner_only(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::app::files::create_private_dir(dir)?;
    }
    let mut file = crate::app::files::open_private(path, true)
        .with_context(|| format!("could not write the key file {}", path.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("could not write the key file {}", path.display()))
}

impl KeyFile {
    pub fn new(path: impl Into<PathBuf>) -> KeyFile {
        KeyFile {
            path: path.into(),
            service: Default::default(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The first key in the file (made if there is none), for keyed hashes that are not
    /// pseudonyms: consultation respondents' addresses. Read once.
    pub fn service_key(&self) -> anyhow::Result<String> {
        if let Some(k) = self.service.get() {
            return Ok(k.clone());
        }
        let first = |text: &str| {
            text.lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with('#'))
                .and_then(|l| l.split_once(' '))
                .map(|(_, secret)| secret.to_string())
        };
        let text = std::fs::read_to_string(&self.path).unwrap_or_default();
        let key = match first(&text) {
            Some(k) => k,
            None => {
                self.add_key()?;
                let text = std::fs::read_to_string(&self.path).with_context(|| {
                    format!("could not read the key file {}", self.path.display())
                })?;
                first(&text).context("the key file holds no key")?
            }
        };
        // Checked like every key: a changed file is refused.
        self.read()?;
        Ok(self.service.get_or_init(|| key).clone())
    }

    /// Every key in the file, by id. A missing file holds none.
    fn read(&self) -> anyhow::Result<HashMap<String, String>> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("could not read the key file {}", self.path.display())
                });
            }
        };
        let mut keys = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((id, secret)) = line.split_once(' ') else {
                bail!(
                    "the key file {}, line {}: expected a key id, a space and the key",
                    self.path.display(),
                    n + 1
                );
            };
            if key_id(secret) != id {
                bail!(
                    "the key file {}, line {}: the key does not match its id {id}: the file has been changed",
                    self.path.display(),
                    n + 1
                );
            }
            keys.insert(id.to_string(), secret.to_string());
        }
        Ok(keys)
    }

    /// Adds a new random key to the file and answers its id.
    fn add_key(&self) -> anyhow::Result<String> {
        let secret = random_token().map_err(|e| anyhow::anyhow!("{e}"))?;
        self.add(&secret)
    }

    fn add(&self, secret: &str) -> anyhow::Result<String> {
        let id = key_id(secret);
        let header = if self.path.exists() {
            String::new()
        } else {
            "# Due Regard pseudonymisation keys. Back this file up apart from the database: without\n\
             # it, new extracts cannot be linked to the people already stored.\n"
                .to_string()
        };
        append_owner_only(&self.path, &format!("{header}{id} {secret}\n"))?;
        Ok(id)
    }

    /// The keys named by `ids` (oldest first), as one pseudonymiser.
    fn chain(&self, ids: &str) -> anyhow::Result<Pseudonymiser> {
        let keys = self.read()?;
        let mut secrets = Vec::new();
        for id in ids.split_whitespace() {
            let Some(secret) = keys.get(id) else {
                bail!(
                    "the key file {} does not hold key {id}, which this organisation's pseudonyms were made with. Restore the key file from its backup, or name it with --key-file (DUEREGARD_KEY_FILE)",
                    self.path.display()
                );
            };
            secrets.push(secret.as_bytes());
        }
        Pseudonymiser::chain(secrets).context("the organisation has no pseudonymisation key")
    }

    /// The organisation's pseudonymiser, with a key made on first use.
    pub async fn pseudonymiser(
        &self,
        store: &dyn Store,
        org: i64,
    ) -> anyhow::Result<Pseudonymiser> {
        let mut ids = store.workforce_keys(org, "").await?;
        if ids.is_empty() {
            let candidate = self.add_key()?;
            ids = store.workforce_keys(org, &candidate).await?;
        }
        self.chain(&ids)
    }

    /// Replaces the organisation's key: every stored pseudonym is hashed again with a new key
    /// in one transaction, and later extracts are hashed with the old keys then the new. Answers
    /// how many pseudonyms changed and the new key's id.
    pub async fn rotate(
        &self,
        store: &dyn Store,
        actor: &Actor,
        org: i64,
    ) -> anyhow::Result<(u64, String)> {
        let from = store.workforce_keys(org, "").await?;
        if from.is_empty() {
            bail!("this organisation has no pseudonymisation key yet: nothing to rotate");
        }
        self.chain(&from)?;
        let new_id = self.add_key()?;
        let new = self.chain(&new_id)?;
        let rekey = move |old: &str| {
            u128::from_str_radix(old, 16)
                .ok()
                .map(|p| pseudonym_text(new.rekey(p)))
        };
        let to = format!("{from} {new_id}");
        let changed = store
            .rekey_workforce(actor, org, &from, &to, &rekey)
            .await?;
        Ok((changed, new_id))
    }

    /// Moves the secrets an earlier version kept in the database into this file, then deletes
    /// them from the database. Answers how many were moved.
    pub async fn take_from_database(&self, store: &dyn Store) -> anyhow::Result<usize> {
        let legacy = store.legacy_workforce_secrets().await?;
        for (org, secret) in &legacy {
            let id = key_id(secret);
            // A move that stopped after writing the file must not add the key twice.
            if !self.read()?.contains_key(&id) {
                self.add(secret)?;
            }
            store.forget_workforce_secret(*org, &id).await?;
            tracing::info!(org, key = %id, "moved a pseudonymisation key out of the database");
        }
        Ok(legacy.len())
    }
}
