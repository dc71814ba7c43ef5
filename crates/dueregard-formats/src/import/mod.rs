//! What an importer understood from a document, before anything is stored.

pub mod archive;
pub mod cells;
pub mod columns;
pub mod decode;
pub mod document;
pub mod layout;
pub mod leads;
pub mod objectives_text;
pub mod prose_plan;
pub mod sheet;
pub mod text_plan;
pub mod to_store;
pub mod word;

use serde::Serialize;

/// The model every reader makes of a document: its paragraphs and table rows in order, each
/// row as tab-separated cells (a cell merged into the one above is `cells::MERGED`), and where
/// in the document each came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lines {
    pub lines: Vec<String>,
    /// "paragraph 3", "table 1, row 5", "sheet Plan, row 7"; one for each line.
    pub places: Vec<String>,
    /// Which table each line is a row of (`None` for a paragraph). Empty for plain text, where
    /// a line with a tab in it is a row.
    pub tables: Vec<Option<usize>>,
    /// What the reader itself noticed, such as two lead officers with the same initials.
    pub notes: Vec<Warning>,
    /// For a spreadsheet, which column was read as what.
    pub columns: Vec<ColumnUse>,
}

/// A spreadsheet column and what it was read as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnUse {
    /// "C".
    pub column: String,
    pub heading: String,
    /// "objective", "action", "lead", "target", "outcome" …
    pub holds: String,
    /// Why: "the heading 'Lead officer' says 'officer'", "9 of 10 cells are dates".
    pub evidence: String,
}

/// Something the reader decided about a document's layout, where, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub at: String,
    pub what: String,
    pub why: String,
}

/// Why a document could not be read at all. Nothing is stored when this happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    Empty,
    TooLarge {
        bytes: u64,
    },
    Binary,
    /// Not a complete Word, OpenDocument or Excel file: cut short, or damaged.
    Damaged,
    Encrypted,
    /// Unpacks to far more than any real document.
    ZipBomb,
    /// More lines or rows than any plan.
    TooLong,
    /// A ZIP file of another kind than its contents say, e.g. "Word".
    NotThisKind(&'static str),
    /// A kind of file we do not read, and what to do instead.
    Unsupported(String),
    /// A spreadsheet in which no row names the columns.
    NoHeader {
        found: String,
    },
    /// A column choice that could not be used.
    BadColumn(String),
    /// Another choice about the layout that could not be used, and why.
    BadChoice(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Empty => f.write_str("The file is empty"),
            ImportError::TooLarge { bytes } => write!(
                f,
                "The file is {} MB. A plan or report is never more than {} MB, so check you chose the right file",
                bytes / (1024 * 1024),
                MAX_DOCUMENT_BYTES / (1024 * 1024)
            ),
            ImportError::Binary => f.write_str(
                "The file is not text. Save it as text, Word (.docx), OpenDocument (.odt) or a spreadsheet, and try again",
            ),
            ImportError::Damaged => f.write_str(
                "The file could not be opened. It may be damaged or only partly copied. Open it in Word, LibreOffice or Excel, save it again and try again",
            ),
            ImportError::Encrypted => f.write_str(
                "The file is protected with a password. Open it, remove the password, save it and try again",
            ),
            ImportError::ZipBomb => f.write_str(
                "The file unpacks to far more than any plan or report, so it was not opened. Check you chose the right file",
            ),
            ImportError::TooLong => f.write_str(
                "The file has more than 200,000 lines or rows. No plan is that long, so check you chose the right file",
            ),
            ImportError::NotThisKind(kind) => write!(
                f,
                "The file is called a {kind} file but its contents are not. Save it again from the program that made it"
            ),
            ImportError::Unsupported(what) => f.write_str(what),
            ImportError::NoHeader { found } => write!(
                f,
                "No row in the spreadsheet names its columns. Add a header row with headings such as Objective, Action, Lead officer, Target date and Outcome, or say which column holds what. The first row with anything in it reads: {found}"
            ),
            ImportError::BadColumn(why) | ImportError::BadChoice(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for ImportError {}

impl From<decode::DecodeError> for ImportError {
    fn from(e: decode::DecodeError) -> ImportError {
        match e {
            decode::DecodeError::Empty => ImportError::Empty,
            decode::DecodeError::Binary => ImportError::Binary,
        }
    }
}

/// Bigger than any plan or report we have seen by a factor of a thousand.
pub const MAX_DOCUMENT_BYTES: u64 = 20 * 1024 * 1024;

/// Something the importer could not place or read, and where it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// 1-based line number in the document's text (for Word, OpenDocument and spreadsheet
    /// files, in the text the reader made of it).
    pub line: usize,
    /// Where to look in the original: "line 12", "table 1, row 5" or "sheet Plan, row 7".
    pub at: String,
    pub message: String,
}

impl Warning {
    pub fn new(line: usize, message: impl Into<String>) -> Warning {
        Warning {
            line,
            at: format!("line {line}"),
            message: message.into(),
        }
    }
}

/// An action plan as read from a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedPlan {
    pub title: Option<String>,
    /// The financial year named in the document, like "2013/14".
    pub period: Option<String>,
    pub priorities: Vec<ImportedPriority>,
    /// Initials and the names they stand for, from the plan's key.
    pub leads: Vec<(String, String)>,
    pub glossary: Vec<(String, String)>,
    pub warnings: Vec<Warning>,
    /// For a plan read from a table, which column was read as what.
    pub columns: Vec<ColumnUse>,
    /// How the layout was read: which rows belong to which objective and why, where the key
    /// came from, what was assumed.
    pub decisions: Vec<Decision>,
    /// Whether empty target and outcome cells were read as the same as the one above.
    pub empty_is_merged: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedPriority {
    pub number: i64,
    pub title: String,
    pub line: usize,
    pub objectives: Vec<ImportedObjective>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedObjective {
    pub code: String,
    pub title: String,
    /// Initials of its lead officers.
    pub leads: Vec<String>,
    pub line: usize,
    pub actions: Vec<ImportedAction>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedAction {
    pub number: Option<i64>,
    pub text: String,
    /// Initials named on the action itself; empty means the objective's leads.
    pub leads: Vec<String>,
    /// The target date cell as written (a merged cell repeats the one above).
    pub target: String,
    pub outcome: OutcomeCell,
    /// The target read against the plan's period.
    pub milestones: Vec<dueregard_core::target_date::Milestone>,
    pub line: usize,
}

/// The planned outcome cell of an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "text")]
pub enum OutcomeCell {
    /// An outcome written in this row.
    New(String),
    /// A merged cell: the same outcome as the action above.
    SameAsAbove,
    None,
}
