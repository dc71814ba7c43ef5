//! The whole database as plain data: a backup a person can read, and restore exactly.

use serde::{Deserialize, Serialize};

/// One stored value. Everything we store is an integer, text or nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum BackupValue {
    Null,
    Int(i64),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BackupTable {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<BackupValue>>,
}

/// What a backup says of itself, so a restore can tell it is whole and untouched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Manifest {
    /// Rows in each table.
    pub counts: std::collections::BTreeMap<String, u64>,
    /// SHA-256, in hexadecimal, of the tables as JSON (see `BackupTable`'s field order).
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Backup {
    /// Always "due-regard-backup", so a wrong file is refused early.
    pub format: String,
    /// The layout of this file: `BACKUP_FORMAT_VERSION`.
    pub format_version: u32,
    /// The last migration the data was written under.
    pub schema_version: i64,
    pub manifest: Manifest,
    pub tables: Vec<BackupTable>,
}

pub const BACKUP_FORMAT: &str = "due-regard-backup";
/// 2: with a manifest; pseudonymisation keys named, never held.
pub const BACKUP_FORMAT_VERSION: u32 = 2;

impl Backup {
    /// The counts the tables have now (the manifest's are what they had when written).
    pub fn counts(tables: &[BackupTable]) -> std::collections::BTreeMap<String, u64> {
        tables
            .iter()
            .map(|t| (t.name.clone(), t.rows.len() as u64))
            .collect()
    }
}
