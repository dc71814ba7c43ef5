//! `dueregard import`: reads a plan or a list of objectives from a document and shows what it
//! understood, line by line, as words or as JSON (documented in the README).

use anyhow::{Context, bail};
use dueregard_formats::import::decode::decode_text;
use dueregard_formats::import::{ImportedPlan, OutcomeCell, objectives_text, text_plan};
use std::fmt::Write as _;
use std::path::Path;

/// Bigger than any plan or report we have seen by a factor of a thousand.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

fn read(file: &Path) -> anyhow::Result<String> {
    let size = std::fs::metadata(file)
        .with_context(|| format!("could not read {}", file.display()))?
        .len();
    if size > MAX_BYTES {
        bail!(
            "{} is {} MB: a plan or report is never more than {} MB. Check you chose the right file",
            file.display(),
            size / (1024 * 1024),
            MAX_BYTES / (1024 * 1024)
        );
    }
    let bytes =
        std::fs::read(file).with_context(|| format!("could not read {}", file.display()))?;
    decode_text(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))
}

/// Writes to standard output; a reader that stops early (`| head`) is not an error.
fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// `dueregard import plan FILE`.
pub fn plan(file: &Path, period: Option<&str>, json: bool) -> anyhow::Result<ImportedPlan> {
    let text = read(file)?;
    // A period given on the command line wins over one found in the document.
    let given = period
        .map(|p| {
            dueregard_core::period::FinancialYear::parse(p)
                .with_context(|| format!("'{p}' is not a financial year like 2013/14"))
        })
        .transpose()?;
    let plan = text_plan::parse_for_period(&text, given);
    emit(&if json {
        serde_json::to_string_pretty(&plan)? + "\n"
    } else {
        describe_plan(&plan)
    })?;
    Ok(plan)
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
    describe_warnings(
        &mut out,
        plan.warnings.iter().map(|w| (w.line, w.message.as_str())),
    );
    out
}

fn describe_warnings<'a>(out: &mut String, warnings: impl Iterator<Item = (usize, &'a str)>) {
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
            let _ = writeln!(out, "  line {line}: {message}");
        }
    }
}

/// `dueregard import objectives FILE`.
pub fn objectives(file: &Path, json: bool) -> anyhow::Result<objectives_text::ImportedObjectives> {
    let found = objectives_text::parse(&read(file)?);
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
        describe_warnings(
            &mut out,
            found.warnings.iter().map(|w| (w.line, w.message.as_str())),
        );
    }
    emit(&out)?;
    Ok(found)
}
