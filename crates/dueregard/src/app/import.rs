//! `dueregard import`: reads a plan or a list of objectives from a document and shows what it
//! understood, line by line, as words or as JSON (documented in the README).

use anyhow::Context;
use dueregard_core::import::{ImportSource, ObjectivesImportReceipt, PlanImportReceipt};
use dueregard_core::period::FinancialYear;
use dueregard_core::store::{Actor, Store, StoreError};
use dueregard_core::validate::ValidationErrors;
use dueregard_formats::import::document::{self, PlanOptions};
use dueregard_formats::import::sheet::parse_column_choice;
use dueregard_formats::import::to_store::{PlanChoices, objectives_import, plan_import};
use dueregard_formats::import::{
    ImportError, ImportedPlan, MAX_DOCUMENT_BYTES, OutcomeCell, objectives_text,
};
use std::fmt::Write as _;
use std::path::Path;

/// The file's bytes and name. A file larger than any plan is refused before it is read.
pub fn read(file: &Path) -> anyhow::Result<(Vec<u8>, String)> {
    let size = std::fs::metadata(file)
        .with_context(|| format!("could not read {}", file.display()))?
        .len();
    if size > MAX_DOCUMENT_BYTES {
        anyhow::bail!(
            "{}: {}",
            file.display(),
            ImportError::TooLarge { bytes: size }
        );
    }
    let bytes =
        std::fs::read(file).with_context(|| format!("could not read {}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((bytes, name))
}

/// Writes to standard output; a reader that stops early (`| head`) is not an error.
fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// How to read a plan, from what the person gave on the command line or the form.
pub fn plan_options(
    period: Option<&str>,
    columns: &[String],
    empty_cells: Option<&str>,
    join_to_above: &[String],
) -> Result<PlanOptions, String> {
    let join_to_above = join_to_above
        .iter()
        .filter(|j| !j.trim().is_empty())
        .map(|j| {
            j.trim()
                .parse()
                .map_err(|_| format!("'{j}' is not an objective's number, like 3"))
        })
        .collect::<Result<_, _>>()?;
    let period = period
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            FinancialYear::parse(p)
                .ok_or_else(|| format!("'{p}' is not a financial year like 2013/14"))
        })
        .transpose()?;
    let columns = columns
        .iter()
        .filter(|c| !c.trim().is_empty())
        .map(|c| parse_column_choice(c).map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
    let empty_is_merged = match empty_cells.map(str::trim) {
        None | Some("") => None,
        Some("same") => Some(true),
        Some("empty") => Some(false),
        Some(other) => {
            return Err(format!(
                "'{other}' is not a choice for empty cells: say 'same' (the same as the cell above) or 'empty'"
            ));
        }
    };
    Ok(PlanOptions {
        period,
        columns,
        empty_is_merged,
        join_to_above,
    })
}

/// `dueregard import plan FILE`: reads the plan and shows what was understood.
pub fn plan(
    bytes: &[u8],
    name: &str,
    period: Option<&str>,
    columns: &[String],
    empty_cells: Option<&str>,
    join_to_above: &[String],
    json: bool,
) -> anyhow::Result<ImportedPlan> {
    let options = plan_options(period, columns, empty_cells, join_to_above)
        .map_err(|e| anyhow::anyhow!(e))?;
    let plan =
        document::read_plan(bytes, name, &options).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    emit(&if json {
        serde_json::to_string_pretty(&plan)? + "\n"
    } else {
        describe_plan(&plan)
    })?;
    if plan.priorities.is_empty() {
        anyhow::bail!("no action plan was found in {name}");
    }
    Ok(plan)
}

/// Which file an import came from: its name and fingerprint.
pub fn source(bytes: &[u8], file_name: &str) -> ImportSource {
    ImportSource {
        file_name: file_name.to_string(),
        fingerprint: document::fingerprint(bytes),
    }
}

/// What the person confirmed about an import.
pub struct Confirmed {
    pub source: ImportSource,
    /// Over the document's own title and year, where given.
    pub title: Option<String>,
    pub period: Option<String>,
    pub directorate_id: Option<i64>,
    pub new_version_of: Option<i64>,
}

/// Stores a plan that was read and confirmed, all or nothing.
pub async fn store_plan(
    store: &dyn Store,
    actor: &Actor,
    org: i64,
    plan: &ImportedPlan,
    confirmed: Confirmed,
) -> Result<PlanImportReceipt, StoreError> {
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let period = given(&confirmed.period)
        .or_else(|| plan.period.clone())
        .and_then(|p| FinancialYear::parse(&p))
        .ok_or_else(|| {
            StoreError::Invalid(ValidationErrors::single(
                "period",
                "Enter the financial year the plan covers, like 2013/14",
            ))
        })?;
    let title = given(&confirmed.title)
        .or_else(|| plan.title.clone())
        .unwrap_or_default();
    let people = store.people(org).await?;
    let import = plan_import(
        plan,
        &people,
        PlanChoices {
            title,
            period: period.period(),
            directorate_id: confirmed.directorate_id,
            replaces_plan_id: confirmed.new_version_of,
        },
        confirmed.source,
    )
    .map_err(StoreError::Invalid)?;
    store.import_plan(actor, org, import).await
}

/// Stores objectives that were read and confirmed, as drafts, all or nothing.
pub async fn store_objectives(
    store: &dyn Store,
    actor: &Actor,
    org: i64,
    found: &objectives_text::ImportedObjectives,
    source: ImportSource,
    again: bool,
) -> Result<ObjectivesImportReceipt, StoreError> {
    let import = objectives_import(found, None, source, again).map_err(StoreError::Invalid)?;
    store.import_objectives(actor, org, import).await
}

fn describe_plan(plan: &ImportedPlan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({})",
        plan.title.as_deref().unwrap_or("Untitled plan"),
        plan.period.as_deref().unwrap_or("no period found")
    );
    let name = |i: &str| {
        plan.leads
            .iter()
            .find(|(k, _)| k == i)
            .map(|(_, n)| format!("{i} ({n})"))
            .unwrap_or_else(|| i.to_string())
    };
    let (mut objectives, mut actions) = (0, 0);
    for p in &plan.priorities {
        let _ = writeln!(out, "\nPriority {}. {}", p.number, p.title);
        for o in &p.objectives {
            objectives += 1;
            let leads: Vec<String> = o.leads.iter().map(|i| name(i)).collect();
            let _ = writeln!(
                out,
                "  {}. {}{}",
                o.code,
                o.title,
                if leads.is_empty() {
                    String::new()
                } else {
                    format!("  [lead: {}]", leads.join(", "))
                }
            );
            for a in &o.actions {
                actions += 1;
                let n = a.number.map(|n| format!("({n}) ")).unwrap_or_default();
                let leads: Vec<String> = a.leads.iter().map(|i| name(i)).collect();
                let _ = writeln!(
                    out,
                    "    {n}{}{}",
                    a.text,
                    if leads.is_empty() {
                        String::new()
                    } else {
                        format!("  [lead: {}]", leads.join(", "))
                    }
                );
                if !a.target.is_empty() {
                    let read: Vec<String> = a.milestones.iter().map(|m| m.describe()).collect();
                    let _ = writeln!(out, "        target: {}  →  {}", a.target, read.join("; "));
                }
                match &a.outcome {
                    OutcomeCell::New(text) => {
                        let _ = writeln!(out, "        outcome: {text}");
                    }
                    OutcomeCell::SameAsAbove => {
                        let _ = writeln!(out, "        outcome: the same as the action above");
                    }
                    OutcomeCell::None => {}
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "\n{} priorities, {objectives} objectives, {actions} actions, {} lead officers in the key, {} glossary entries.",
        plan.priorities.len(),
        plan.leads.len(),
        plan.glossary.len()
    );
    if !plan.columns.is_empty() {
        let _ = writeln!(out, "\nColumns:");
        for c in &plan.columns {
            let _ = writeln!(
                out,
                "  {} '{}': {} ({})",
                c.column, c.heading, c.holds, c.evidence
            );
        }
    }
    if !plan.decisions.is_empty() {
        let _ = writeln!(out, "\nHow the layout was read:");
        for d in &plan.decisions {
            let _ = writeln!(out, "  {} ({}): {}", d.what, d.at, d.why);
        }
    }
    describe_warnings(
        &mut out,
        plan.warnings
            .iter()
            .map(|w| (w.at.as_str(), w.message.as_str())),
    );
    out
}

fn describe_warnings<'a>(out: &mut String, warnings: impl Iterator<Item = (&'a str, &'a str)>) {
    let warnings: Vec<_> = warnings.collect();
    if warnings.is_empty() {
        let _ = writeln!(out, "No warnings.");
    } else {
        let _ = writeln!(
            out,
            "{} warning{}:",
            warnings.len(),
            if warnings.len() == 1 { "" } else { "s" }
        );
        for (line, message) in warnings {
            let _ = writeln!(out, "  {line}: {message}");
        }
    }
}

/// `dueregard import objectives FILE`.
pub fn objectives(
    bytes: &[u8],
    name: &str,
    json: bool,
) -> anyhow::Result<objectives_text::ImportedObjectives> {
    let found =
        document::read_objectives(bytes, name).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    let mut out = String::new();
    if json {
        out = serde_json::to_string_pretty(&found)? + "\n";
    } else {
        for (i, o) in found.objectives.iter().enumerate() {
            let _ = writeln!(out, "{}. {}  (line {})", i + 1, o.title, o.line);
            for a in &o.actions {
                let _ = writeln!(out, "     - {a}");
            }
        }
        let _ = writeln!(out, "\n{} objectives.", found.objectives.len());
        if let Some(how) = &found.found_by {
            let _ = writeln!(out, "How they were found ({}): {}.", how.at, how.message);
        }
        describe_warnings(
            &mut out,
            found
                .warnings
                .iter()
                .map(|w| (w.at.as_str(), w.message.as_str())),
        );
    }
    emit(&out)?;
    if found.objectives.is_empty() {
        anyhow::bail!("no objectives were found in {name}");
    }
    Ok(found)
}
