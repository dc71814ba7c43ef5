//! Importing the real documents gives exactly what the demo data says they contain.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod corpus;
mod documents;
mod export;
mod refusals;
mod workforce;

use dueregard_formats::import::document::{PlanOptions, read_plan};
use dueregard_formats::import::{ImportedPlan, OutcomeCell, decode::decode_text, text_plan};
use serde_json::Value;

/// A seed document from `../shared/seeds`, or `None` when that folder is not beside the
/// project: the test then stops without comparing, and its name is added to the file named by
/// `DUEREGARD_SEEDS_NOT_RUN`, so the test command can say how many did not run.
fn seed_path(name: &str) -> Option<std::path::PathBuf> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds")
        .join(name);
    if path.exists() {
        return Some(path);
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    println!("not run: {test} compares with {name}, which is not in ../shared/seeds");
    if let Ok(list) = std::env::var("DUEREGARD_SEEDS_NOT_RUN") {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(list)
        {
            let _ = writeln!(f, "{test}");
        }
    }
    None
}

fn seed(name: &str) -> Option<Vec<u8>> {
    seed_path(name).map(|p| std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
}

fn demo(name: &str) -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/../dueregard/demo/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn seed_004_imports_as_the_demo_plan() {
    let Some(bytes) = seed("004_8d8d19867bf1a4c9.txt") else {
        return;
    };
    let text = decode_text(&bytes).unwrap();
    let plan = text_plan::parse(&text);
    assert_is_the_dudley_plan(&plan);
    // The only warning is the one target with no date in it.
    let warnings: Vec<&str> = plan.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(warnings, [UNDATED]);
    assert_eq!(plan.warnings[0].line, 85);
    assert_eq!(plan.warnings[0].at, "line 85");
}

const UNDATED: &str = "The target 'New guidance to be in place in line with implementation date of any new legislation' has no date; it was read as linked to an event";

/// The plan is exactly the demo's Dudley plan: priorities, CE1–CE18, every action with its
/// leads, target and outcome, the key and the glossary.
pub fn assert_is_the_dudley_plan(plan: &ImportedPlan) {
    let want = demo("dudley.json");
    let want_plan = &want["plans"][0];
    assert_eq!(plan.title.as_deref(), want_plan["title"].as_str());
    assert_eq!(plan.period.as_deref(), Some("2013/14"));

    let want_priorities = want_plan["priorities"].as_array().unwrap();
    assert_eq!(plan.priorities.len(), 9);
    let mut actions = 0;
    for (got, want) in plan.priorities.iter().zip(want_priorities) {
        assert_eq!(got.number, want["number"].as_i64().unwrap());
        assert_eq!(got.title, want["title"].as_str().unwrap());
        let want_objectives = want["objectives"].as_array().unwrap();
        assert_eq!(
            got.objectives.len(),
            want_objectives.len(),
            "objectives under priority {}",
            got.number
        );
        for (o, wo) in got.objectives.iter().zip(want_objectives) {
            assert_eq!(o.code, wo["code"].as_str().unwrap());
            assert_eq!(o.title, wo["title"].as_str().unwrap(), "{}", o.code);
            assert_eq!(o.leads, strings(&wo["leads"]), "{} leads", o.code);
            let wa = wo["actions"].as_array().unwrap();
            assert_eq!(o.actions.len(), wa.len(), "{} actions", o.code);
            for (a, w) in o.actions.iter().zip(wa) {
                let at = format!("{} ({:?})", o.code, a.number);
                assert_eq!(a.number, w["number"].as_i64(), "{at}");
                assert_eq!(a.text, w["text"].as_str().unwrap(), "{at}");
                assert_eq!(a.leads, strings(&w["leads"]), "{at} leads");
                assert_eq!(a.target, w["target"].as_str().unwrap_or(""), "{at} target");
                let outcome = match w["outcome"].as_str() {
                    Some("same") => OutcomeCell::SameAsAbove,
                    Some(text) => OutcomeCell::New(text.to_string()),
                    None => OutcomeCell::None,
                };
                assert_eq!(a.outcome, outcome, "{at} outcome");
                actions += 1;
            }
        }
    }
    assert_eq!(actions, 40);
    let codes: Vec<&str> = plan
        .priorities
        .iter()
        .flat_map(|p| p.objectives.iter().map(|o| o.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        (1..=18).map(|n| format!("CE{n}")).collect::<Vec<_>>()
    );

    // Every lead resolves through the key, to the people in the demo.
    let people: Vec<(String, String)> = want["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| {
            p["initials"]
                .as_str()
                .map(|i| (i.to_string(), p["name"].as_str().unwrap().to_string()))
        })
        .collect();
    assert_eq!(plan.leads, people);
    let glossary: Vec<(String, String)> = want_plan["glossary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g[0].as_str().unwrap().into(), g[1].as_str().unwrap().into()))
        .collect();
    assert_eq!(plan.glossary, glossary);
}

#[test]
fn the_plan_as_a_word_file_reads_the_same() {
    let docx = documents::docx(&demo("dudley.json"));
    let plan = read_plan(&docx, "plan.docx", &PlanOptions::default()).unwrap();
    assert_is_the_dudley_plan(&plan);
    assert_eq!(plan.warnings.len(), 1, "{:?}", plan.warnings);
    assert_eq!(plan.warnings[0].message, UNDATED);
    assert!(
        plan.warnings[0].at.starts_with("table 1, row "),
        "{}",
        plan.warnings[0].at
    );
}

#[test]
fn the_plan_as_an_excel_file_reads_the_same() {
    let xlsx = documents::xlsx(&demo("dudley.json"));
    let plan = read_plan(&xlsx, "plan.xlsx", &PlanOptions::default()).unwrap();
    assert_is_the_dudley_plan(&plan);
    assert_eq!(plan.warnings.len(), 1, "{:?}", plan.warnings);
    assert!(plan.warnings[0].at.starts_with("sheet Action plan, row "));
    let holds: Vec<&str> = plan.columns.iter().map(|c| c.holds.as_str()).collect();
    assert_eq!(holds, ["objective", "action", "lead", "target", "outcome"]);
}

/// Files saved by LibreOffice itself from the Word and Excel versions (see
/// scripts/make-import-fixtures.sh): real office-suite tables and merged cells.
#[test]
fn files_saved_by_libreoffice_read_the_same() {
    for name in [
        "dudley-plan.odt",
        "dudley-plan.ods",
        "dudley-plan-lo.docx",
        "dudley-plan-lo.xlsx",
    ] {
        let bytes = std::fs::read(format!(
            "{}/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let plan = read_plan(&bytes, name, &PlanOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_is_the_dudley_plan(&plan);
        assert_eq!(plan.warnings.len(), 1, "{name}: {:?}", plan.warnings);
    }
}

#[test]
fn the_plan_as_a_csv_with_names_and_separate_columns_reads_the_same_people() {
    let want = demo("dudley.json");
    let csv = documents::csv(&want);
    let plan = read_plan(csv.as_bytes(), "plan.csv", &PlanOptions::default()).unwrap();
    let name = |i: &String| {
        plan.leads
            .iter()
            .find(|(k, _)| k == i)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| panic!("{i} is in the key"))
    };
    let got: Vec<(String, Vec<String>, String)> = plan
        .priorities
        .iter()
        .flat_map(|p| &p.objectives)
        .flat_map(|o| o.actions.iter().map(move |a| (o, a)))
        .map(|(o, a)| {
            (
                o.code.clone(),
                a.leads.iter().map(name).collect(),
                a.text.clone(),
            )
        })
        .collect();
    let person = |i: &str| {
        want["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["initials"].as_str() == Some(i))
            .unwrap()["name"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let expected: Vec<(String, Vec<String>, String)> = want["plans"][0]["priorities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["objectives"].as_array().unwrap())
        .flat_map(|o| {
            o["actions"].as_array().unwrap().iter().map(move |a| {
                (
                    o["code"].as_str().unwrap().to_string(),
                    strings(&a["leads"]).iter().map(|i| person(i)).collect(),
                    a["text"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect();
    assert_eq!(got, expected);
    assert_eq!(plan.priorities.len(), 9);
    assert_eq!(
        plan.priorities[2].title,
        "Communicating and promoting equality"
    );
}

#[test]
fn the_same_text_in_windows_1252_with_crlf_reads_the_same() {
    let Some(bytes) = seed("004_8d8d19867bf1a4c9.txt") else {
        return;
    };
    let utf8 = decode_text(&bytes).unwrap();
    let cp1252: Vec<u8> = utf8
        .replace('\n', "\r\n")
        .chars()
        .map(|c| match c {
            '‘' => 0x91,
            '’' => 0x92,
            '–' => 0x96,
            c if (c as u32) < 0x100 => c as u8,
            _ => b'?',
        })
        .collect();
    let again = decode_text(&cp1252).unwrap();
    assert_eq!(text_plan::parse(&again), text_plan::parse(&utf8));
}

fn objectives_of(
    seed_file: &str,
) -> Option<dueregard_formats::import::objectives_text::ImportedObjectives> {
    let bytes = seed(seed_file)?;
    Some(dueregard_formats::import::objectives_text::parse(
        &decode_text(&bytes).unwrap(),
    ))
}

#[test]
fn seed_000_gives_worcesters_six_priorities() {
    let Some(got) = objectives_of("000_443340b82cd69c13.txt") else {
        return;
    };
    let want: Vec<String> = demo("worcester.json")["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        got.objectives
            .iter()
            .map(|o| o.title.clone())
            .collect::<Vec<_>>(),
        want
    );
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
}

#[test]
fn seed_003_gives_cumbrias_three_objectives_with_their_actions() {
    let Some(got) = objectives_of("003_eee4fbb448a922d7.txt") else {
        return;
    };
    let want = demo("cumbria.json");
    let titles: Vec<String> = want["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        got.objectives
            .iter()
            .map(|o| o.title.clone())
            .collect::<Vec<_>>(),
        titles
    );
    for (o, p) in got
        .objectives
        .iter()
        .zip(want["plans"][0]["priorities"].as_array().unwrap())
    {
        assert_eq!(
            o.heading.as_deref(),
            p["title"].as_str(),
            "the heading over the actions"
        );
        let actions: Vec<String> = p["objectives"][0]["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["text"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(o.actions, actions);
    }
    assert_eq!(
        got.objectives
            .iter()
            .map(|o| o.actions.len())
            .collect::<Vec<_>>(),
        [3, 6, 5]
    );
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
}

#[test]
fn seed_002_gives_the_boroughs_seven_commitments() {
    let Some(got) = objectives_of("002_d0c265ff52f37d54.txt") else {
        return;
    };
    let titles: Vec<&str> = got.objectives.iter().map(|o| o.title.as_str()).collect();
    assert_eq!(titles.len(), 7, "{titles:?}");
    assert!(titles[0].starts_with("Eliminating discrimination, harassment and victimisation"));
    assert_eq!(
        titles[6],
        "Fostering good relations and respect between all sections of our communities and workforce"
    );
    // "To achieve this, we will:" serves all seven, so it is said, not placed under the first.
    assert!(got.objectives.iter().all(|o| o.actions.is_empty()));
    assert_eq!(got.warnings.len(), 1, "{:?}", got.warnings);
}

/// Writes the Word and Excel versions for scripts/make-import-fixtures.sh, which has LibreOffice
/// save them again. Not part of the suite.
#[test]
#[ignore = "run by scripts/make-import-fixtures.sh"]
fn write_fixture_sources() {
    let dir = std::env::var("FIXTURE_SOURCES").unwrap();
    let dudley = demo("dudley.json");
    std::fs::write(format!("{dir}/dudley-plan.docx"), documents::docx(&dudley)).unwrap();
    std::fs::write(format!("{dir}/dudley-plan.xlsx"), documents::xlsx(&dudley)).unwrap();
}
