//! The corpus: plans in other bodies' layouts (district, county and unitary councils, an NHS
//! trust, a police force, a university, a Welsh and a Scottish body) in every format we read,
//! each with what it contains written down beside it (tests/corpus/expected.json). Every
//! document is read and reported, then any difference fails the test.

use dueregard_core::target_date::Certainty;
use dueregard_formats::import::ImportedPlan;
use dueregard_formats::import::document::{PlanOptions, read_plan};
use serde_json::Value;
use std::collections::BTreeSet;

fn corpus_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// What was found, in the shape of an expectation.
struct Found {
    priorities: usize,
    objectives: Vec<(String, usize)>,
    leads: BTreeSet<String>,
    unresolved: BTreeSet<String>,
    dated: usize,
    undated: usize,
}

fn found(plan: &ImportedPlan) -> Found {
    let mut f = Found {
        priorities: plan.priorities.len(),
        objectives: Vec::new(),
        leads: BTreeSet::new(),
        unresolved: BTreeSet::new(),
        dated: 0,
        undated: 0,
    };
    for o in plan.priorities.iter().flat_map(|p| &p.objectives) {
        f.objectives.push((o.code.clone(), o.actions.len()));
        for a in &o.actions {
            let leads = if a.leads.is_empty() {
                &o.leads
            } else {
                &a.leads
            };
            for i in leads {
                match plan.leads.iter().find(|(k, _)| k == i) {
                    Some((_, name)) => f.leads.insert(name.clone()),
                    None => f.unresolved.insert(i.clone()),
                };
            }
            if !a.target.is_empty() {
                // Dated: a date the plan commits to, not ongoing work or a wait on an event.
                let dated = a.milestones.iter().any(|m| {
                    m.end.is_some()
                        && matches!(m.certainty, Certainty::Firm | Certainty::ToBeConfirmed)
                });
                if dated {
                    f.dated += 1;
                } else {
                    f.undated += 1;
                }
            }
        }
    }
    f
}

#[test]
fn every_document_in_the_corpus_reads_as_written() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(corpus_dir().join("expected.json")).unwrap())
            .unwrap();
    let mut failures = Vec::new();
    let mut documents = 0;
    for layout in expected["layouts"].as_array().unwrap() {
        let want_objectives: Vec<(String, usize)> = layout["objectives"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    o[0].as_str().unwrap().to_string(),
                    o[1].as_u64().unwrap() as usize,
                )
            })
            .collect();
        let want_leads: BTreeSet<String> = layout["leads"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap().to_string())
            .collect();
        for file in layout["files"].as_array().unwrap() {
            let file = file.as_str().unwrap();
            documents += 1;
            let bytes = std::fs::read(corpus_dir().join(file)).unwrap();
            let plan = match read_plan(&bytes, file, &PlanOptions::default()) {
                Ok(plan) => plan,
                Err(e) => {
                    println!("{file}: refused: {e}");
                    failures.push(format!("{file}: refused: {e}"));
                    continue;
                }
            };
            let got = found(&plan);
            let actions = |o: &[(String, usize)]| o.iter().map(|(_, n)| n).sum::<usize>();
            println!(
                "{file}: objectives {}/{}, actions {}/{}, leads {}/{}, dated targets {}/{}, undated {}/{}",
                got.objectives.len(),
                want_objectives.len(),
                actions(&got.objectives),
                actions(&want_objectives),
                got.leads.intersection(&want_leads).count(),
                want_leads.len(),
                got.dated,
                layout["dated"],
                got.undated,
                layout["undated"],
            );
            let mut wrong = Vec::new();
            if got.priorities != layout["priorities"].as_u64().unwrap() as usize {
                wrong.push(format!("{} priorities", got.priorities));
            }
            if got.objectives != want_objectives {
                wrong.push(format!("objectives {:?}", got.objectives));
            }
            if got.leads != want_leads || !got.unresolved.is_empty() {
                wrong.push(format!(
                    "leads {:?}, unresolved {:?}",
                    got.leads, got.unresolved
                ));
            }
            if got.dated as u64 != layout["dated"].as_u64().unwrap()
                || got.undated as u64 != layout["undated"].as_u64().unwrap()
            {
                wrong.push(format!(
                    "targets dated {} undated {}",
                    got.dated, got.undated
                ));
            }
            if let Some(texts) = layout["texts"].as_object() {
                for (code, want) in texts {
                    let got: Vec<&str> = plan
                        .priorities
                        .iter()
                        .flat_map(|p| &p.objectives)
                        .filter(|o| o.code == *code)
                        .flat_map(|o| o.actions.iter().map(|a| a.text.as_str()))
                        .collect();
                    let want: Vec<&str> = want
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|t| t.as_str().unwrap())
                        .collect();
                    if got != want {
                        wrong.push(format!("{code} actions {got:?}"));
                    }
                }
            }
            if !wrong.is_empty() {
                failures.push(format!("{file}: {}", wrong.join("; ")));
            }
        }
    }
    assert!(documents >= 20, "the corpus has {documents} documents");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// An empty outcome cell in text is read as merged with the one above unless the person says
/// it is empty; in a Word file it is empty unless Word says it is merged.
#[test]
fn empty_cells_are_merged_only_where_the_document_cannot_say_or_the_person_says_so() {
    use dueregard_formats::import::OutcomeCell;
    let outcome_of_hc1_c =
        |plan: &ImportedPlan| plan.priorities[0].objectives[0].actions[2].outcome.clone();
    let text = std::fs::read(corpus_dir().join("broadwater-district.tsv.txt")).unwrap();
    let assumed = read_plan(&text, "plan.txt", &PlanOptions::default()).unwrap();
    assert!(assumed.empty_is_merged);
    assert_eq!(outcome_of_hc1_c(&assumed), OutcomeCell::SameAsAbove);
    assert!(
        assumed
            .decisions
            .iter()
            .any(|d| d.what.contains("empty target or outcome"))
    );
    let told = PlanOptions {
        empty_is_merged: Some(false),
        ..PlanOptions::default()
    };
    let empty = read_plan(&text, "plan.txt", &told).unwrap();
    assert_eq!(outcome_of_hc1_c(&empty), OutcomeCell::None);
    // Kingsmead's second action has an empty measure cell that Word does not merge.
    let docx = std::fs::read(corpus_dir().join("kingsmead-unitary.docx")).unwrap();
    let plan = read_plan(&docx, "plan.docx", &PlanOptions::default()).unwrap();
    assert!(!plan.empty_is_merged);
    assert_eq!(
        plan.priorities[0].objectives[0].actions[1].outcome,
        OutcomeCell::None
    );
    // Its second objective's measure is merged over both actions.
    assert_eq!(
        plan.priorities[0].objectives[1].actions[1].outcome,
        OutcomeCell::SameAsAbove
    );
}

/// A person can say an objective's actions belong to the objective above; a position with no
/// objective above it is refused, naming it.
#[test]
fn a_person_can_join_an_objective_to_the_one_above() {
    let text = std::fs::read(corpus_dir().join("ashby-borough-pdf.txt")).unwrap();
    let options = |join: Vec<usize>| PlanOptions {
        join_to_above: join,
        ..PlanOptions::default()
    };
    let plan = read_plan(&text, "plan.txt", &options(vec![2])).unwrap();
    let got = found(&plan);
    assert_eq!(
        got.objectives,
        [("EO1".to_string(), 5), ("EO3".to_string(), 2)]
    );
    assert!(plan.decisions.iter().any(|d| {
        d.what
            .starts_with("Objective EO2's 2 actions were joined to objective EO1")
    }));
    let both = read_plan(&text, "plan.txt", &options(vec![3, 2])).unwrap();
    assert_eq!(found(&both).objectives, [("EO1".to_string(), 7)]);
    for bad in [1, 4] {
        let e = read_plan(&text, "plan.txt", &options(vec![bad])).unwrap_err();
        assert!(
            e.to_string().contains(&format!("no objective {bad}")),
            "{e}"
        );
    }
}
