//! The PDF is checked by tools from Debian's packages, not by eye: poppler's `pdfinfo` (tagged,
//! title), `pdffonts` (every font embedded), `pdftotext` (every word present) and qpdf (the
//! structure tree walked as JSON: headings, tables with header cells, figures with alternative
//! text; the catalogue's language; the PDF/UA identification in the XMP metadata).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dueregard_core::report::{Block, Figure, Report, Section, Table};
use jiff::civil::date;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

fn sample() -> Report {
    let table = Table {
        caption: "Actions by their latest status".into(),
        header: vec!["Status".into(), "Actions".into()],
        numeric: vec![false, true],
        rows: vec![
            vec!["On track".into(), "12".into()],
            vec!["Complete".into(), "7".into()],
        ],
    };
    let wide = Table {
        caption: "Actions serving the objective".into(),
        header: [
            "Reference",
            "Action",
            "Target",
            "Latest status",
            "What was reported",
        ]
        .map(String::from)
        .to_vec(),
        numeric: vec![false; 5],
        rows: vec![vec![
            "CE1 (1)".into(),
            "Train #managers in *equality* analysis, costing $40 \"per head\" \\ more".into(),
            "By June 2026".into(),
            "On track".into(),
            "Forty managers trained (3 March 2026)".into(),
        ]],
    };
    let figure = Figure {
        caption: "Share of staff who are disabled".into(),
        alt: "A bar chart: 6.1% of staff and 17.3% of residents are disabled.".into(),
        unit: "%".into(),
        categories: vec!["Staff".into(), "Residents".into()],
        series: vec![("Disabled".into(), vec![Some(6.1), Some(17.3)])],
        table: Table {
            caption: "Share of staff who are disabled: the figures".into(),
            header: vec!["Group".into(), "Disabled (%)".into()],
            numeric: vec![false, true],
            rows: vec![
                vec!["Staff".into(), "6.1".into()],
                vec!["Residents".into(), "17.3".into()],
            ],
        },
    };
    Report {
        title: "Equality objectives: annual progress report".into(),
        organisation: "Testborough Council".into(),
        covering: "1 April 2025 to 31 March 2026".into(),
        data_date: date(2026, 4, 2),
        sections: vec![
            Section {
                heading: "Summary".into(),
                blocks: vec![
                    Block::Paragraph("Nineteen actions serve four objectives.".into()),
                    Block::Table(table),
                    Block::Figure(figure),
                ],
            },
            Section {
                heading: "Close the disability employment gap".into(),
                blocks: vec![
                    Block::Table(wide),
                    Block::Note("Made by Due Regard on 2 April 2026.".into()),
                ],
            },
        ],
        sources: vec!["Census 2021, Office for National Statistics".into()],
    }
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed for this test: apt install poppler-utils qpdf ({e})")
    });
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn write(dir: &Path, bytes: &[u8]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("report.pdf");
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The PDF's objects from `qpdf --json`, by reference ("12 0 R").
fn objects(path: &Path) -> (HashMap<String, Value>, Value) {
    let json: Value = serde_json::from_str(&tool(
        "qpdf",
        &["--json", "--json-key=qpdf", path.to_str().unwrap()],
    ))
    .unwrap();
    let parts = json["qpdf"].as_array().unwrap();
    let mut objects = HashMap::new();
    let mut trailer = Value::Null;
    for (key, v) in parts[1].as_object().unwrap() {
        if key == "trailer" {
            trailer = v["value"].clone();
        } else if let Some(r) = key.strip_prefix("obj:") {
            let value = v.get("value").or_else(|| v["stream"].get("dict")).cloned();
            objects.insert(r.to_string(), value.unwrap_or(Value::Null));
        }
    }
    (objects, trailer)
}

fn resolve<'a>(objects: &'a HashMap<String, Value>, v: &'a Value) -> &'a Value {
    match v.as_str() {
        Some(r) if r.ends_with(" R") => objects.get(r).unwrap_or(&Value::Null),
        _ => v,
    }
}

/// Every structure element's type, with how many there are, and the alternative text of each
/// figure.
fn walk(
    objects: &HashMap<String, Value>,
    node: &Value,
    kinds: &mut BTreeMap<String, usize>,
    alts: &mut Vec<String>,
) {
    let node = resolve(objects, node);
    if let Some(kids) = node.as_array() {
        for k in kids {
            walk(objects, k, kinds, alts);
        }
        return;
    }
    let Some(dict) = node.as_object() else { return };
    if let Some(kind) = dict.get("/S").and_then(Value::as_str) {
        *kinds
            .entry(kind.trim_start_matches('/').to_string())
            .or_default() += 1;
        if kind == "/Figure" {
            alts.push(
                dict.get("/Alt")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            );
        }
    }
    if let Some(k) = dict.get("/K") {
        walk(objects, k, kinds, alts);
    }
}

#[test]
fn the_report_is_a_tagged_pdf_ua_document_with_every_word() {
    let report = sample();
    let bytes = dueregard_pdf::pdf(&report).expect("the report typesets");
    let dir = std::env::temp_dir().join(format!("dueregard-pdf-{}", std::process::id()));
    let path = write(&dir, &bytes);
    let p = path.to_str().unwrap();

    let info = tool("pdfinfo", &[p]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(
        info.contains(
            "Title:           Equality objectives: annual progress report: Testborough Council"
        ),
        "{info}"
    );
    assert!(
        info.contains("Page size:       841.89 x 595.276 pts"),
        "a wide table turns the page: {info}"
    );

    let fonts = tool("pdffonts", &[p]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name, type…, encoding, emb, sub, uni, object, id: "emb" is the fifth from the end.
        assert_eq!(cols[cols.len() - 5], "yes", "every font is embedded: {row}");
        assert!(row.contains("DejaVuSans"), "{row}");
    }

    let text = tool("pdftotext", &["-layout", p, "-"]);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for words in [
        "Testborough Council",
        "1 April 2025 to 31 March 2026",
        "Nineteen actions serve four objectives.",
        "Actions by their latest status",
        "On track",
        "Share of staff who are disabled",
        "17.3",
        "Close the disability employment gap",
        "$40",
        "\"per head\"",
        "Made by Due Regard on 2 April 2026.",
        "Census 2021, Office for National Statistics",
        "Page 1 of",
    ] {
        assert!(
            flat.contains(words),
            "{words:?} is in the PDF's text:\n{text}"
        );
    }

    let (objects, trailer) = objects(&path);
    let catalog = resolve(&objects, &trailer["/Root"]);
    assert_eq!(catalog["/Lang"].as_str(), Some("u:en-GB"), "{catalog}");
    assert_eq!(catalog["/MarkInfo"]["/Marked"], Value::Bool(true));
    let mut kinds = BTreeMap::new();
    let mut alts = Vec::new();
    walk(&objects, &catalog["/StructTreeRoot"], &mut kinds, &mut alts);
    for kind in [
        "H1", "H2", "Table", "TH", "TD", "TR", "Caption", "Figure", "P",
    ] {
        assert!(kinds.contains_key(kind), "a {kind} element: {kinds:?}");
    }
    assert_eq!(
        kinds.get("H2"),
        Some(&3),
        "three sections, Sources among them: {kinds:?}"
    );
    // Three tables: the counts, the figure's twin and the wide one; every header cell a TH.
    assert_eq!(kinds.get("Table"), Some(&3), "{kinds:?}");
    assert_eq!(
        kinds.get("TH"),
        Some(&(2 + 2 + 5)),
        "every header cell: {kinds:?}"
    );
    assert_eq!(
        kinds.get("THead"),
        Some(&3),
        "header rows are marked: {kinds:?}"
    );
    assert_eq!(
        alts,
        ["u:A bar chart: 6.1% of staff and 17.3% of residents are disabled."],
        "the figure's alternative text"
    );

    // The XMP metadata says PDF/UA part 1.
    let plain = dir.join("plain.pdf");
    tool(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            p,
            plain.to_str().unwrap(),
        ],
    );
    let raw = String::from_utf8_lossy(&std::fs::read(&plain).unwrap()).into_owned();
    assert!(
        raw.contains("<pdfuaid:part>1</pdfuaid:part>") || raw.contains("pdfuaid:part=\"1\""),
        "PDF/UA-1 identification in the metadata"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_empty_report_still_typesets() {
    let mut report = sample();
    report.sections.clear();
    report.sources.clear();
    let bytes = dueregard_pdf::pdf(&report).expect("an empty report typesets");
    assert!(bytes.starts_with(b"%PDF-"));
}
