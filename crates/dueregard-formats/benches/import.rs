//! How fast the text importers read real documents: seed 004 once (target under 5 ms), and a
//! batch of 1,000 documents (the five seeds, round and round) for throughput, and the same plan
//! as saved by LibreOffice in Word, OpenDocument and Excel files.
//! Run with `cargo bench -p dueregard-formats --bench import` or `benches/import.sh`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use dueregard_formats::import::document::{PlanOptions, read_plan};
use dueregard_formats::import::{decode::decode_text, objectives_text, text_plan};
use std::hint::black_box;
use std::time::Instant;

fn seed(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../../shared/seeds/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("the seeds are in ../shared/seeds")
}

fn main() {
    let plan = seed("004_8d8d19867bf1a4c9.txt");
    let others = [
        "000_443340b82cd69c13.txt",
        "001_30ab93c594e8361a.txt",
        "002_d0c265ff52f37d54.txt",
        "003_eee4fbb448a922d7.txt",
    ]
    .map(seed);

    // Seed 004 alone, as an upload is read: kind, decoding, the layout reader and the plan
    // rules, many times, reporting the median.
    let mut times = Vec::new();
    for _ in 0..501 {
        let start = Instant::now();
        let parsed = read_plan(black_box(&plan), "plan.txt", &PlanOptions::default()).unwrap();
        times.push(start.elapsed());
        black_box(parsed);
    }
    times.sort();
    println!(
        "seed 004 ({} bytes): median {:?}, slowest {:?} (target: under 5 ms)",
        plan.len(),
        times[times.len() / 2],
        times[times.len() - 1]
    );

    // A batch of 1,000 documents.
    let batch: Vec<&Vec<u8>> = std::iter::once(&plan)
        .chain(others.iter())
        .cycle()
        .take(1000)
        .collect();
    let bytes: usize = batch.iter().map(|d| d.len()).sum();
    let start = Instant::now();
    for (i, doc) in batch.iter().enumerate() {
        let text = decode_text(doc).unwrap();
        if i % 5 == 0 {
            black_box(text_plan::parse(&text));
        } else {
            black_box(objectives_text::parse(&text));
        }
    }
    let took = start.elapsed();
    println!(
        "batch of 1,000 documents ({:.1} MB): {:?}, {:.0} documents a second, {:.1} MB/s",
        bytes as f64 / 1e6,
        took,
        1000.0 / took.as_secs_f64(),
        bytes as f64 / 1e6 / took.as_secs_f64()
    );

    // The same plan in office files: unpacking, XML and the plan rules together.
    for name in [
        "dudley-plan-lo.docx",
        "dudley-plan.odt",
        "dudley-plan-lo.xlsx",
        "dudley-plan.ods",
    ] {
        let bytes = std::fs::read(format!(
            "{}/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let mut times = Vec::new();
        for _ in 0..101 {
            let start = Instant::now();
            black_box(read_plan(black_box(&bytes), name, &PlanOptions::default()).unwrap());
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "{name} ({} bytes): median {:?}",
            bytes.len(),
            times[times.len() / 2]
        );
    }

    // The corpus of other bodies' plans: each document's median, then the median and slowest
    // of those.
    let dir = format!("{}/tests/corpus", env!("CARGO_MANIFEST_DIR"));
    let mut medians = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_file() || path.extension().is_some_and(|e| e == "json") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let mut times = Vec::new();
        for _ in 0..101 {
            let start = Instant::now();
            black_box(read_plan(black_box(&bytes), &name, &PlanOptions::default()).unwrap());
            times.push(start.elapsed());
        }
        times.sort();
        medians.push((times[times.len() / 2], name));
    }
    medians.sort();
    if let (Some(mid), Some(slowest)) = (medians.get(medians.len() / 2), medians.last()) {
        println!(
            "corpus of {} documents: median document {:?} ({}), slowest {:?} ({})",
            medians.len(),
            mid.0,
            mid.1,
            slowest.0,
            slowest.1
        );
    }
}
