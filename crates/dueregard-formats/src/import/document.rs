//! Any document a person gives the importer: what kind it is (from its bytes, not only its
//! name), its lines, and what a plan or objectives reader makes of them.

use super::archive::Archive;
use super::decode::decode_text;
use super::layout::{self, Source};
use super::objectives_text::{self, ImportedObjectives};
use super::sheet::{self, ColumnRef, Field};
use super::{
    Decision, ImportError, ImportedPlan, Lines, MAX_DOCUMENT_BYTES, Warning, cells, text_plan, word,
};
use dueregard_core::period::FinancialYear;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Csv,
    Docx,
    Odt,
    Xlsx,
    Ods,
}

impl Kind {
    fn is_spreadsheet(self) -> bool {
        matches!(self, Kind::Csv | Kind::Xlsx | Kind::Ods)
    }
}

/// How to read a plan: the person's choices where the document is silent or unusual.
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    pub period: Option<FinancialYear>,
    /// Which spreadsheet column holds what, over the headings' own meaning.
    pub columns: Vec<(Field, ColumnRef)>,
    /// Whether an empty target or outcome cell is the same as the one above. Unset, only text
    /// from a PDF is read so, as it cannot say which cells were merged.
    pub empty_is_merged: Option<bool>,
    /// Objectives (by their position in the plan as read, from 1) whose actions belong to the
    /// objective above them: a person's correction where the reader split one objective in two.
    pub join_to_above: Vec<usize>,
}

/// SHA-256 of the bytes: the same file imported twice has the same fingerprint.
pub fn fingerprint(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The fingerprint of a file, read a piece at a time.
pub fn fingerprint_file(path: &std::path::Path) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    std::io::copy(&mut std::fs::File::open(path)?, &mut hasher)?;
    Ok(hex(&hasher.finalize()))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn extension(file_name: &str) -> String {
    file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// What kind of document the bytes are. The name only tells text from CSV.
pub fn kind(bytes: &[u8], file_name: &str) -> Result<Kind, ImportError> {
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(ImportError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    sniff(bytes, file_name)
}

/// What kind of table of records the bytes are: CSV, XLSX or ODS. HR extracts run to hundreds of
/// megabytes, so there is no size limit here; whoever received the file limits it.
pub fn table_kind(bytes: &[u8], file_name: &str) -> Result<Kind, ImportError> {
    match sniff(bytes, file_name)? {
        Kind::Docx | Kind::Odt => Err(ImportError::Unsupported(
            "This is a Word or OpenDocument text file, not a table. Choose a spreadsheet: CSV, Excel (.xlsx) or OpenDocument (.ods)".into(),
        )),
        Kind::Text => Ok(Kind::Csv),
        kind => Ok(kind),
    }
}

fn sniff(bytes: &[u8], file_name: &str) -> Result<Kind, ImportError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty);
    }
    let ext = extension(file_name);
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let mut archive = Archive::open(bytes)?;
        if archive.has("word/document.xml") {
            return Ok(Kind::Docx);
        }
        if archive.has("xl/workbook.xml") {
            return Ok(Kind::Xlsx);
        }
        let mimetype = archive.part("mimetype")?.unwrap_or_default();
        return match mimetype.as_slice() {
            b"application/vnd.oasis.opendocument.text" => Ok(Kind::Odt),
            b"application/vnd.oasis.opendocument.spreadsheet" => Ok(Kind::Ods),
            _ => Err(ImportError::Unsupported(
                "This ZIP file is not a Word, OpenDocument or Excel file. Choose the plan itself"
                    .into(),
            )),
        };
    }
    // Office's own container: old .doc and .xls files, and any password-protected Office file.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        let utf16: Vec<u8> = "EncryptedPackage".bytes().flat_map(|b| [b, 0]).collect();
        if bytes.windows(utf16.len()).any(|w| w == utf16.as_slice()) {
            return Err(ImportError::Encrypted);
        }
        return Err(ImportError::Unsupported(
            "This is an older Word or Excel file (.doc or .xls). Open it and save it as .docx or .xlsx, then try again".into(),
        ));
    }
    if bytes.starts_with(b"%PDF") {
        return Err(ImportError::Unsupported(
            "This is a PDF. Open it in Word and save it as .docx, or copy its text into a text file, then try again".into(),
        ));
    }
    if matches!(ext.as_str(), "docx" | "odt" | "xlsx" | "ods") {
        // Named as an office file but not a ZIP archive: cut short or damaged.
        return Err(ImportError::Damaged);
    }
    Ok(if matches!(ext.as_str(), "csv" | "tsv") {
        Kind::Csv
    } else {
        Kind::Text
    })
}

/// The lines of a text, Word or OpenDocument text file.
pub fn text_lines(bytes: &[u8], kind: Kind) -> Result<Lines, ImportError> {
    match kind {
        Kind::Docx => word::read_docx(bytes),
        Kind::Odt => word::read_odt(bytes),
        _ => {
            let text = decode_text(bytes)?;
            let lines: Vec<String> = text.lines().map(str::to_string).collect();
            let places = (1..=lines.len()).map(|n| format!("line {n}")).collect();
            Ok(Lines {
                lines,
                places,
                ..Lines::default()
            })
        }
    }
}

/// Reads an action plan from any document we accept: the document's own reader makes the
/// shared model, `layout` finds the plan in it whatever its layout, and the plan rules read that.
pub fn read_plan(
    bytes: &[u8],
    file_name: &str,
    options: &PlanOptions,
) -> Result<ImportedPlan, ImportError> {
    let kind = kind(bytes, file_name)?;
    let lines = match kind {
        Kind::Xlsx => sheet::to_lines(&sheet::read_xlsx(bytes)?),
        Kind::Ods => word::read_ods(bytes)?,
        Kind::Csv => sheet::to_lines(&sheet::read_csv(bytes)?),
        Kind::Docx | Kind::Odt | Kind::Text => text_lines(bytes, kind)?,
    };
    let source = if kind == Kind::Text {
        Source::Text
    } else {
        Source::Document
    };
    let normal = layout::normalise(&lines, source, &options.columns)?;
    if kind.is_spreadsheet() && normal.lines.columns.is_empty() {
        let first = lines
            .lines
            .iter()
            .find(|l| !l.trim().is_empty())
            .map(|l| {
                l.split('\t')
                    .map(str::trim)
                    .filter(|c| !c.is_empty() && *c != cells::MERGED)
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .unwrap_or_else(|| "(the spreadsheet is empty)".to_string());
        return Err(ImportError::NoHeader { found: first });
    }
    let refs: Vec<&str> = normal.lines.lines.iter().map(String::as_str).collect();
    let empty_is_merged = options.empty_is_merged.unwrap_or(source == Source::Text);
    let mut plan = text_plan::parse_normal_form(&refs, options.period, empty_is_merged);
    plan.empty_is_merged = empty_is_merged;
    locate(&mut plan.warnings, &normal.lines);
    plan.warnings
        .splice(0..0, normal.lines.notes.iter().cloned());
    plan.columns = normal.lines.columns.clone();
    plan.decisions = normal.decisions.clone();
    if empty_is_merged && options.empty_is_merged.is_none() {
        plan.decisions.push(Decision {
            at: normal.lines.places.first().cloned().unwrap_or_default(),
            what: "An empty target or outcome cell was read as the same as the one above".into(),
            why: "text from a PDF does not say which cells were merged; choose 'empty' if they are really empty".into(),
        });
    }
    for o in plan.priorities.iter().flat_map(|p| &p.objectives) {
        let Some((_, why)) = normal
            .objective_reasons
            .iter()
            .find(|(i, _)| i + 1 == o.line)
        else {
            continue;
        };
        let at = |line: usize| {
            normal
                .lines
                .places
                .get(line.saturating_sub(1))
                .cloned()
                .unwrap_or_default()
        };
        let last = o.actions.last().map_or(o.line, |a| a.line);
        plan.decisions.push(Decision {
            at: at(o.line),
            what: format!(
                "Objective {} has {} action{}, from {} to {}",
                o.code,
                o.actions.len(),
                if o.actions.len() == 1 { "" } else { "s" },
                at(o.line),
                at(last)
            ),
            why: why.clone(),
        });
    }
    join_to_above(&mut plan, &options.join_to_above)?;
    Ok(plan)
}

/// Moves the actions of each chosen objective to the objective above it, and drops it.
fn join_to_above(plan: &mut ImportedPlan, positions: &[usize]) -> Result<(), ImportError> {
    let count: usize = plan.priorities.iter().map(|p| p.objectives.len()).sum();
    let mut positions = positions.to_vec();
    positions.sort_unstable();
    positions.dedup();
    if let Some(bad) = positions.iter().find(|p| **p < 2 || **p > count) {
        return Err(ImportError::BadChoice(format!(
            "There is no objective {bad} with an objective above it to join. The plan has {count} objectives"
        )));
    }
    // From the last, so the positions of those still to do stay as they were read.
    for &position in positions.iter().rev() {
        let at: Vec<(usize, usize)> = plan
            .priorities
            .iter()
            .enumerate()
            .flat_map(|(p, pr)| (0..pr.objectives.len()).map(move |o| (p, o)))
            .collect();
        let ((p, o), (above_p, above_o)) = (at[position - 1], at[position - 2]);
        let joined = plan.priorities[p].objectives.remove(o);
        let above = &mut plan.priorities[above_p].objectives[above_o];
        plan.decisions.push(Decision {
            at: format!("objective {position}"),
            what: format!(
                "Objective {}'s {} actions were joined to objective {}, and its title '{}' left out",
                joined.code,
                joined.actions.len(),
                above.code,
                joined.title
            ),
            why: "you said they belong to the objective above".into(),
        });
        above.actions.extend(joined.actions);
    }
    Ok(())
}

/// Reads a list of equality objectives from report text, Word or OpenDocument text.
pub fn read_objectives(bytes: &[u8], file_name: &str) -> Result<ImportedObjectives, ImportError> {
    let kind = kind(bytes, file_name)?;
    if kind.is_spreadsheet() {
        return Err(ImportError::Unsupported(format!(
            "Objectives are read from reports: text, Word or OpenDocument files. This is {} file",
            match kind {
                Kind::Xlsx => "an Excel",
                Kind::Ods => "an OpenDocument spreadsheet",
                _ => "a CSV",
            }
        )));
    }
    let mut lines = text_lines(bytes, kind)?;
    for l in &mut lines.lines {
        *l = l.replace(cells::MERGED, "");
    }
    let refs: Vec<&str> = lines.lines.iter().map(String::as_str).collect();
    let mut found = objectives_text::parse_lines(&refs);
    locate(&mut found.warnings, &lines);
    locate(found.found_by.as_mut_slice(), &lines);
    Ok(found)
}

/// Points each warning at the place in the original document.
fn locate(warnings: &mut [Warning], lines: &Lines) {
    for w in warnings {
        if let Some(place) = w.line.checked_sub(1).and_then(|i| lines.places.get(i)) {
            w.at = place.clone();
        }
    }
}
