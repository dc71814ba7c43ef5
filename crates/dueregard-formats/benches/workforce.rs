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

/// The least any reader could do with the file on two threads: copy each half out of the page
/// cache a megabyte at a time and find every delimiter and line end in it. No cell is read.
fn floor_split(path: &str) -> Duration {
    use std::os::unix::fs::FileExt;
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let start = Instant::now();
    let scan = |from: u64, to: u64| {
        let mut buf = vec![0u8; 1 << 20];
        let (mut at, mut found) = (from, 0usize);
        while at < to {
            let want = buf.len().min((to - at) as usize);
            let n = file.read_at(&mut buf[..want], at).unwrap_or(0);
            if n == 0 {
                break;
            }
            found += memchr::memchr2_iter(b',', b'\n', &buf[..n]).count();
            at += n as u64;
        }
        found
    };
    let found = std::thread::scope(|s| {
        let second = s.spawn(|| scan(len / 2, len));
        scan(0, len / 2) + second.join().unwrap_or(0)
    });
    assert!(found > 0);
    start.elapsed()
}

/// Pseudonymising `people` references (HMAC-SHA-256) and nothing else, on two threads.
fn floor_pseudonymise(people: usize) -> Duration {
    let p = Pseudonymiser::new(b"benchmark secret, not a real one");
    let references: Vec<String> = (0..people)
        .map(|i| format!("E{:08}", 7_000_021 + i))
        .collect();
    let start = Instant::now();
    let hash = |refs: &[String]| {
        refs.iter()
            .fold(0u128, |a, r| a ^ p.pseudonym(r.as_bytes()))
    };
    let (first, second) = references.split_at(people / 2);
    let folded = std::thread::scope(|s| {
        let other = s.spawn(|| hash(second));
        hash(first) ^ other.join().unwrap_or(0)
    });
    std::hint::black_box(folded);
    start.elapsed()
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
    let employees: usize = summary
        .split_whitespace()
        .find_map(|w| w.strip_prefix("employees="))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let split = (0..runs)
        .map(|_| floor_split(path))
        .min()
        .unwrap_or_default();
    let hashing = (0..runs)
        .map(|_| floor_pseudonymise(employees))
        .min()
        .unwrap_or_default();
    println!(
        "floor split_file_seconds={:.3} pseudonymise_seconds={:.3}",
        split.as_secs_f64(),
        hashing.as_secs_f64()
    );
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
