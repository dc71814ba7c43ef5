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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Backup {
    /// Always "due-regard-backup", so a wrong file is refused early.
    pub format: String,
    /// The last migration the data was written under.
    pub schema_version: i64,
    pub tables: Vec<BackupTable>,
}

pub const BACKUP_FORMAT: &str = "due-regard-backup";
