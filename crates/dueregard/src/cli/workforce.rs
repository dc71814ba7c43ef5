//! `dueregard workforce …`: analyse an HR extract, store it as a snapshot, make a synthetic one,
//! and look up an employer's published gender pay gap figures.

use crate::app::workforce::{self, count_text, percent_text, share_text};
use crate::cli::{DbArgs, default_db_path, key_file, open, org_id, store_error};
use anyhow::{Context, bail};
use clap::Subcommand;
use dueregard_core::store::Actor;
use dueregard_core::workforce::SnapshotFields;
use dueregard_formats::import::document::fingerprint_file;
use dueregard_formats::workforce::reference::{self, RANKED_MEASURES};
use dueregard_formats::workforce::synth;
use dueregard_stats::disclosure::SUPPRESSED;
use dueregard_stats::paygap::BAND_NAMES;
use dueregard_stats::workforce::WorkforceReport;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum WorkforceCommand {
    /// Analyse an HR extract (CSV, XLSX or ODS): pay gaps, the workforce profile and how it
    /// compares with the local population. Every table shown has passed disclosure control.
    Analyse {
        file: PathBuf,
        /// The organisation: its secret pseudonymises references, and --save stores it there.
        #[arg(long)]
        org: Option<String>,
        /// The local authority area to compare with: its code (E08000027) or name (Dudley).
        #[arg(long)]
        area: Option<String>,
        /// The snapshot date, like 2026-03-31 (31 March is the public sector's).
        #[arg(long, default_value = "2026-03-31")]
        snapshot_date: String,
        /// threshold-10 (counts 1 to 9 hidden) or nhs (1 to 7 hidden, the rest rounded to 5).
        #[arg(long, default_value = "threshold-10")]
        disclosure: String,
        /// What "sex" means for the gender pay gap: recorded-sex or gender-identity.
        #[arg(long, default_value = "recorded-sex")]
        sex_basis: String,
        /// Which column holds what, like ethnicity=C or "reference=Staff No".
        #[arg(long = "column", value_name = "FIELD=COLUMN")]
        columns: Vec<String>,
        /// Store the snapshot in the organisation's records.
        #[arg(long, requires = "org")]
        save: bool,
        /// Label the stored snapshot as synthetic (made-up people).
        #[arg(long)]
        synthetic: bool,
        /// Print the whole report as JSON.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print every published table as CSV.
        #[arg(long)]
        csv: bool,
    },
    /// Write a synthetic HR extract: realistic, reproducible, and nobody in it is real.
    Synth {
        #[arg(long)]
        rows: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value = "2026-03-31")]
        snapshot_date: String,
    },
    /// The recruitment funnel and leavers by characteristic: a file with one row per
    /// application (or leaver), a "Stage reached" column (applied, shortlisted, appointed, left)
    /// and monitoring columns. Rates, the four-fifths rule and Fisher's exact test, after
    /// disclosure control.
    Funnel {
        file: PathBuf,
        /// The HR extract of staff in post, for leaving rates.
        #[arg(long)]
        staff: Option<PathBuf>,
        #[arg(long, default_value = "2026-03-31")]
        snapshot_date: String,
        #[arg(long, default_value = "threshold-10")]
        disclosure: String,
        #[arg(long)]
        json: bool,
    },
    /// List an organisation's stored snapshots.
    List {
        #[arg(long)]
        org: Option<String>,
    },
    /// Replace the organisation's pseudonymisation key: every stored pseudonym is hashed again
    /// with a new key, in one transaction. Do this if the key file may have been copied.
    RotateKey {
        #[arg(long)]
        org: Option<String>,
    },
    /// An employer's gender pay gap figures as published on the government's service, year by
    /// year, and where the latest sits among employers of its sector and size.
    Published {
        /// The employer's name as registered, like "Dudley Metropolitan Borough Council".
        employer: String,
    },
}

fn date(text: &str) -> anyhow::Result<jiff::civil::Date> {
    text.parse()
        .with_context(|| format!("'{text}' is not a date: write it like 2026-03-31"))
}

/// A progress bar on standard error, for files large enough to wait for.
fn progress_bar(total_bytes: u64) -> Option<dueregard_formats::workforce::extract::Progress> {
    (std::io::stderr().is_terminal() && total_bytes > 8 * 1024 * 1024).then(|| {
        std::sync::Arc::new(|done: u64, total: u64| {
            let share = done as f64 / total.max(1) as f64;
            let filled = (share * 30.0) as usize;
            eprint!(
                "\rReading [{}{}] {:>3}%",
                "#".repeat(filled),
                " ".repeat(30 - filled.min(30)),
                (share * 100.0) as u32
            );
        }) as dueregard_formats::workforce::extract::Progress
    })
}

pub(crate) async fn run(command: WorkforceCommand, db: &DbArgs) -> anyhow::Result<()> {
    match command {
        WorkforceCommand::Synth {
            rows,
            seed,
            out,
            snapshot_date,
        } => {
            let day = date(&snapshot_date)?;
            let file = std::fs::File::create(&out)
                .with_context(|| format!("could not write {}", out.display()))?;
            let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
            let tty = std::io::stderr().is_terminal();
            synth::write_extract(&mut writer, rows, seed, day, |n| {
                if tty {
                    eprint!("\rWritten {n} of {rows} rows");
                }
            })?;
            writer.flush()?;
            if tty {
                eprintln!();
            }
            eprintln!(
                "Wrote {rows} synthetic employees to {}. Nobody in it is real.",
                out.display()
            );
            Ok(())
        }
        WorkforceCommand::Analyse {
            file,
            org,
            area,
            snapshot_date,
            disclosure,
            sex_basis,
            columns,
            save,
            synthetic,
            json,
            csv,
        } => {
            let day = date(&snapshot_date)?;
            let (disclosure, sex_basis) = workforce::parse_settings(&disclosure, &sex_basis)
                .map_err(|e| anyhow::anyhow!(e))?;
            let settings = workforce::settings(disclosure, sex_basis);
            let area = area
                .as_deref()
                .map(reference::find_area)
                .transpose()
                .map_err(|e| anyhow::anyhow!(e))?;
            let size = std::fs::metadata(&file)
                .with_context(|| format!("could not read {}", file.display()))?
                .len();
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let store = match &org {
                Some(_) => Some(open(db, default_db_path()).await?),
                None => None,
            };
            let org = match (&store, org.as_deref()) {
                (Some(s), Some(slug)) => Some(org_id(s.as_ref(), Some(slug)).await?),
                _ => None,
            };
            let pseudonymiser = match (&store, org) {
                (Some(s), Some(o)) => {
                    key_file(db, &default_db_path())
                        .pseudonymiser(s.as_ref(), o)
                        .await?
                }
                _ => workforce::throwaway_secret()?,
            };
            let progress = progress_bar(size);
            let shown = progress.is_some();
            let extract = workforce::read(
                workforce::ExtractFrom::File(&file),
                day,
                &columns,
                pseudonymiser,
                progress,
            );
            if shown {
                eprintln!();
            }
            let extract = extract?;
            let population = area.as_ref().map(reference::population);
            let report = dueregard_stats::workforce::analyse(
                &extract.workforce,
                &settings,
                population.as_ref(),
            );
            if json {
                let out = serde_json::json!({
                    "file": name,
                    "snapshot_date": day.to_string(),
                    "columns": extract.columns.iter().map(|(f, h)| (f.key(), h)).collect::<std::collections::BTreeMap<_, _>>(),
                    "columns_not_read": extract.unused,
                    "notes": extract.notes,
                    "report": report,
                });
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else if csv {
                print!("{}", workforce::tables_csv(&report));
            } else {
                eprintln!("Columns read: {}", workforce::column_summary(&extract));
                if !extract.unused.is_empty() {
                    eprintln!("Columns not read: {}", extract.unused.join(", "));
                }
                for note in &extract.notes {
                    eprintln!("Note: {note}");
                }
                print!("{}", report_text(&report));
            }
            if save {
                let (Some(store), Some(org)) = (store, org) else {
                    bail!("say which organisation to store the snapshot in with --org");
                };
                let fields = SnapshotFields {
                    snapshot_date: day,
                    area_code: area.map(|a| a.code),
                    sex_basis,
                    disclosure,
                    synthetic,
                    file_name: name,
                    fingerprint: fingerprint_file(&file)
                        .with_context(|| format!("could not read {}", file.display()))?,
                    headline: None,
                    columns_not_read: Vec::new(),
                };
                let snapshot = workforce::store_snapshot(
                    store.as_ref(),
                    &Actor::command_line(),
                    org,
                    &extract,
                    fields,
                )
                .await
                .map_err(store_error)?;
                eprintln!(
                    "Stored snapshot {} for {} ({} employees).",
                    snapshot.id, snapshot.fields.snapshot_date, snapshot.employees
                );
            }
            Ok(())
        }
        WorkforceCommand::Funnel {
            file,
            staff,
            snapshot_date,
            disclosure,
            json,
        } => {
            let day = date(&snapshot_date)?;
            let (disclosure, sex_basis) = workforce::parse_settings(&disclosure, "recorded-sex")
                .map_err(|e| anyhow::anyhow!(e))?;
            let settings = workforce::settings(disclosure, sex_basis);
            let staff = match staff {
                Some(path) => {
                    let secret = workforce::throwaway_secret()?;
                    let from = workforce::ExtractFrom::File(&path);
                    Some(workforce::read(from, day, &[], secret, None)?.workforce)
                }
                None => None,
            };
            let bytes = std::fs::read(&file)
                .with_context(|| format!("could not read {}", file.display()))?;
            let counts = dueregard_formats::workforce::funnel::read_funnel(
                &bytes,
                &file.display().to_string(),
                staff.as_ref(),
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            let reports: Vec<_> = counts
                .iter()
                .map(|(c, n)| dueregard_stats::funnel::funnel(*c, n, &settings.policy))
                .collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&reports)?);
            } else {
                print!("{}", funnel_text(&reports));
            }
            Ok(())
        }
        WorkforceCommand::RotateKey { org } => {
            let store = open(db, default_db_path()).await?;
            let org = org_id(store.as_ref(), org.as_deref()).await?;
            let keys = key_file(db, &default_db_path());
            let actor = Actor::command_line();
            let (changed, id) = keys.rotate(store.as_ref(), &actor, org).await?;
            println!(
                "Made key {id} in {} and hashed {changed} stored pseudonyms again with it.",
                keys.path().display()
            );
            Ok(())
        }
        WorkforceCommand::List { org } => {
            let store = open(db, default_db_path()).await?;
            let org = org_id(store.as_ref(), org.as_deref()).await?;
            for s in store.snapshots(org).await? {
                println!(
                    "{:>4}  {}  {:>8} employees  {}{}",
                    s.id,
                    s.fields.snapshot_date,
                    s.employees,
                    s.fields.file_name,
                    if s.fields.synthetic {
                        "  (synthetic)"
                    } else {
                        ""
                    }
                );
            }
            Ok(())
        }
        WorkforceCommand::Published { employer } => {
            let history = reference::employer_history(&employer);
            let Some(latest) = history
                .iter()
                .rev()
                .find(|r| !r.partial_year)
                .or(history.last())
            else {
                bail!(
                    "no employer called '{employer}' is in the national data: use the name registered with the Gender Pay Gap Service"
                );
            };
            println!("{} — published gender pay gap figures (%)", latest.employer);
            println!("year      mean   median  mean bonus  median bonus  women in upper quartile");
            for r in &history {
                let f = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.1}"));
                println!(
                    "{}  {:>6}  {:>6}  {:>10}  {:>12}  {:>8}{}",
                    r.year,
                    f(r.measures.mean_hourly),
                    f(r.measures.median_hourly),
                    f(r.measures.mean_bonus),
                    f(r.measures.median_bonus),
                    f(r.measures.female_quartiles[3]),
                    if r.partial_year {
                        "  (incomplete year in our copy)"
                    } else {
                        ""
                    }
                );
            }
            let ranking = reference::rank_among_peers(latest, &latest.measures);
            println!(
                "\nAmong {} ({} employers):",
                ranking.description, ranking.peers
            );
            for (name, m) in RANKED_MEASURES.iter().zip(ranking.measures) {
                if let Some((value, percentile, median)) = m {
                    println!(
                        "  {name}: {value:.1}, higher than {percentile:.0}% of them (their median {median:.1})"
                    );
                }
            }
            println!("\n{}", reference::ATTRIBUTION);
            Ok(())
        }
    }
}

/// The report as plain text for the terminal.
pub fn report_text(r: &WorkforceReport) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{} employees. Sex means: {}. Disclosure control: counts below {} hidden{}.\n\n",
        r.employees,
        r.settings.sex_basis.label(),
        r.settings.policy.threshold,
        if r.settings.policy.rounding_base > 1 {
            format!(
                ", others rounded to the nearest {}",
                r.settings.policy.rounding_base
            )
        } else {
            String::new()
        }
    ));
    for g in &r.pay_gaps {
        out.push_str(&format!(
            "{} ({} against {})\n",
            g.title, g.group, g.comparator
        ));
        match (&g.measures, &g.withheld) {
            (Some(m), _) => {
                out.push_str(&format!(
                    "  Hourly pay gap: mean {}, median {}\n  Bonus gap: mean {}, median {}\n  Paid a bonus: {} {}, {} {}\n",
                    percent_text(m.mean_hourly),
                    percent_text(m.median_hourly),
                    percent_text(m.mean_bonus),
                    percent_text(m.median_bonus),
                    g.comparator,
                    percent_text(m.comparator_paid_bonus),
                    g.group,
                    percent_text(m.group_paid_bonus),
                ));
                for (band, (a, b)) in BAND_NAMES.iter().zip(&m.quartiles) {
                    out.push_str(&format!(
                        "  {band} quartile: {} {}, {} {}\n",
                        g.comparator,
                        percent_text(*a),
                        g.group,
                        percent_text(*b)
                    ));
                }
                for why in &m.withheld {
                    out.push_str(&format!("  {why}\n"));
                }
            }
            (None, Some(why)) => out.push_str(&format!("  {why}\n")),
            (None, None) => {}
        }
    }
    out.push_str("\nNot disclosed\n");
    for n in &r.non_disclosure {
        out.push_str(&format!(
            "  {}: prefer not to say {}, not known {}\n",
            n.characteristic.label(),
            n.prefer_not_to_say
                .as_ref()
                .map_or("-".to_string(), count_text),
            count_text(&n.not_known)
        ));
    }
    if let Some((code, name)) = &r.area {
        out.push_str(&format!(
            "\nCompared with the population of {name} ({code})\n"
        ));
        for s in &r.representation {
            out.push_str(&format!("  {} — {}\n", s.characteristic.label(), s.source));
            for row in &s.rows {
                out.push_str(&format!(
                    "    {}: staff {}, population {:.1}%: {}\n",
                    row.label,
                    share_text(row.workforce_share),
                    row.population_share,
                    row.reading.map_or("not shown", |r| r.text())
                ));
            }
        }
        out.push_str(&format!("\n{}\n", reference::ATTRIBUTION));
    }
    out.push_str(&format!(
        "\n{} profile tables (use --csv to see them). {SUPPRESSED} marks a count hidden to protect people.\n",
        r.tables.len()
    ));
    out
}

/// The funnel as plain text: each step's rate, impact ratio and test for each group.
fn funnel_text(reports: &[dueregard_stats::funnel::FunnelReport]) -> String {
    use dueregard_stats::funnel::PublishedStep;
    let step = |name: &str, s: &PublishedStep| -> String {
        match (&s.rate, s.succeeded, s.of) {
            (Some(r), Some(a), Some(b)) => format!(
                "{name} {a} of {b} ({:.1}%, {:.2} of the best rate{}, Fisher p = {})",
                r.rate.unwrap_or(0.0),
                r.impact_ratio.unwrap_or(0.0),
                if r.adverse { ": BELOW FOUR-FIFTHS" } else { "" },
                r.p_value.map_or("-".to_string(), |p| format!("{p:.3}"))
            ),
            (None, Some(a), Some(b)) => format!("{name} {a} of {b} (too few to compare)"),
            _ => format!("{name} {SUPPRESSED}"),
        }
    };
    let mut out = String::new();
    for r in reports {
        out.push_str(&format!("{}\n", r.characteristic.label()));
        for row in &r.rows {
            out.push_str(&format!(
                "  {}: {}; {}{}\n",
                row.group,
                step("shortlisted", &row.shortlisting),
                step("appointed", &row.appointment),
                row.retention
                    .as_ref()
                    .map_or(String::new(), |s| format!("; {}", step("stayed", s)))
            ));
        }
    }
    out
}
