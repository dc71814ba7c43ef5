//! The whole workforce analysis, end to end, on a synthetic extract: read the file, pseudonymise
//! every reference, work out every pay gap, the profile and representation tables, and pass them
//! all through disclosure control. `benches/workforce.sh` makes the file, runs this and the
//! pandas peer in one go, and prints the ratio.
//!
//! Usage: cargo bench -p dueregard-formats --bench workforce -- FILE [RUNS]

#![allow(clippy::panic)] // A benchmark stops at the first failure.

use dueregard_formats::workforce::extract::{ExtractOptions, read_extract_file};
use dueregard_formats::workforce::pseudonym::Pseudonymiser;
use dueregard_formats::workforce::reference;
use dueregard_stats::disclosure::Preset;
use dueregard_stats::workforce::{ReportSettings, SexBasis, analyse, gender_pay_gap};
use std::time::{Duration, Instant};

fn peak_memory_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(path) = args.first() else {
        eprintln!("usage: workforce FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(3);
    let settings = ReportSettings {
        policy: Preset::Threshold10.policy(),
        sex_basis: SexBasis::RecordedSex,
    };
    let area = reference::find_area("Dudley").unwrap_or_else(|e| panic!("{e}"));
    let mut best: Option<(Duration, [Duration; 3], Duration)> = None;
    let mut summary = String::new();
    for _ in 0..runs {
        let start = Instant::now();
        let options = ExtractOptions {
            snapshot_date: jiff::civil::date(2026, 3, 31),
            columns: Vec::new(),
            pseudonymiser: Pseudonymiser::new(b"benchmark secret, not a real one"),
            progress: None,
        };
        let extract = read_extract_file(std::path::Path::new(path), &options)
            .unwrap_or_else(|e| panic!("{e}"));
        let parsed = start.elapsed();
        let population = reference::population(&area);
        let census = start.elapsed();
        let report = analyse(&extract.workforce, &settings, Some(&population));
        let total = start.elapsed();
        // The six statutory measures alone, on the workforce already read: the same work as the
        // pandas script does after its read_csv.
        let six = Instant::now();
        let gender = gender_pay_gap(&extract.workforce, &settings.policy);
        let six = six.elapsed();
        assert_eq!(Some(&gender), report.pay_gaps.first());
        let phases = [parsed, census - parsed, total - census];
        if best.is_none_or(|(b, _, _)| total < b) {
            best = Some((total, phases, six));
        }
        let gpg = report.pay_gaps.first().and_then(|g| g.measures.clone());
        summary = format!(
            "employees={} tables={} gaps={} mean_hourly={:?} median_hourly={:?}",
            report.employees,
            report.tables.len(),
            report.pay_gaps.len(),
            gpg.as_ref().and_then(|m| m.mean_hourly),
            gpg.as_ref().and_then(|m| m.median_hourly),
        );
    }
    if let Some((total, [read, census, analysis], six)) = best {
        println!("{summary}");
        println!(
            "dueregard best_of={runs} total_seconds={:.3} read_parse_pseudonymise_rank={:.3} census={:.3} analysis_and_disclosure={:.3} six_measures_seconds={:.4} peak_memory_mb={:.0}",
            total.as_secs_f64(),
            read.as_secs_f64(),
            census.as_secs_f64(),
            analysis.as_secs_f64(),
            six.as_secs_f64(),
            peak_memory_mb()
        );
    }
}
