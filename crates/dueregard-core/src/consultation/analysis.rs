//! Making sense of what was said: the code frame an analyst defines, each coder's codes for each
//! response, how far two coders agree (Cohen's kappa), and "you said, we did": each change made
//! because of the consultation, with the codes behind it and what it changed.

use crate::validate::{self, LONG_TEXT, SHORT_TEXT, ValidationErrors};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One code of the frame: a theme responses are sorted under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Code {
    /// Stable (`c1`, `c2`, …), so codings keep their meaning when a code is renamed.
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// A change made because of what was heard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Change {
    pub you_said: String,
    pub we_did: String,
    /// The codes (and so the responses) behind it.
    #[serde(default)]
    pub code_keys: Vec<String>,
    /// What it changed.
    #[serde(default)]
    pub objective_ids: Vec<i64>,
    #[serde(default)]
    pub action_ids: Vec<i64>,
    #[serde(default)]
    pub decision_ids: Vec<i64>,
}

/// Who approved the summary of what was heard, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SummaryApproval {
    pub on: Date,
    pub by: String,
    /// The summary as approved (the report model as JSON): the public sees exactly this, even
    /// when a late paper response is keyed in afterwards.
    #[serde(default)]
    pub report: Option<serde_json::Value>,
}

/// One coder's codes for one response. An empty list means none of the codes applies: the
/// response is still coded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coding {
    pub response_id: i64,
    pub coder_id: i64,
    pub coder: String,
    pub codes: Vec<String>,
    pub coded_at: i64,
}

/// One coder's codes for one response, as they are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewCoding<'a> {
    pub response_id: i64,
    pub coder_id: i64,
    pub codes: &'a [String],
    pub at: i64,
}

/// Reads a code frame typed one code a line, "Label: what it covers". A label already in the
/// frame keeps its key, so codings made under it stay; new labels get new keys.
pub fn code_frame(raw: &str, existing: &[Code]) -> Result<Vec<Code>, ValidationErrors> {
    let mut e = ValidationErrors::new();
    let mut out: Vec<Code> = Vec::new();
    let mut next = existing
        .iter()
        .filter_map(|c| c.key.strip_prefix('c')?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (label, description) = match line.split_once(':') {
            Some((l, d)) => (l.trim(), d.trim()),
            None => (line, ""),
        };
        let label = validate::required(&mut e, "codes", "each code's label", label, 80);
        let description = validate::optional(
            &mut e,
            "codes",
            "what a code covers",
            description,
            SHORT_TEXT,
        );
        if out.iter().any(|c| c.label.eq_ignore_ascii_case(&label)) {
            e.add("codes", format!("'{label}' is listed twice"));
            continue;
        }
        let key = match existing
            .iter()
            .find(|c| c.label.eq_ignore_ascii_case(&label))
        {
            Some(c) => c.key.clone(),
            None => {
                next += 1;
                format!("c{next}")
            }
        };
        out.push(Code {
            key,
            label,
            description,
        });
    }
    if out.len() > 200 {
        e.add("codes", "A code frame has 200 codes at most");
    }
    e.finish(out)
}

/// The frame as typed back into its form.
pub fn frame_text(codes: &[Code]) -> String {
    codes
        .iter()
        .map(|c| match &c.description {
            Some(d) => format!("{}: {d}", c.label),
            None => c.label.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Checks a coder's chosen codes against the frame.
pub fn chosen_codes(frame: &[Code], chosen: &[String]) -> Result<Vec<String>, ValidationErrors> {
    let mut out = Vec::new();
    for k in chosen.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        if !frame.iter().any(|c| c.key == k) {
            return Err(ValidationErrors::single(
                "codes",
                "Choose codes from the code frame",
            ));
        }
        if !out.iter().any(|o: &String| o == k) {
            out.push(k.to_string());
        }
    }
    Ok(out)
}

/// Reads a "you said, we did" change.
pub fn change(
    you_said: &str,
    we_did: &str,
    code_keys: &[String],
    frame: &[Code],
    objective_ids: &[String],
    action_ids: &[String],
    decision_ids: &[String],
) -> Result<Change, ValidationErrors> {
    let mut e = ValidationErrors::new();
    let you_said = validate::required(&mut e, "you_said", "what people said", you_said, LONG_TEXT);
    let we_did = validate::required(&mut e, "we_did", "what was done", we_did, LONG_TEXT);
    let code_keys = match chosen_codes(frame, code_keys) {
        Ok(k) => k,
        Err(mut more) => {
            e.0.append(&mut more.0);
            Vec::new()
        }
    };
    let objective_ids = validate::ids(&mut e, "objective_ids", objective_ids);
    let action_ids = validate::ids(&mut e, "action_ids", action_ids);
    let decision_ids = validate::ids(&mut e, "decision_ids", decision_ids);
    e.finish(Change {
        you_said,
        we_did,
        code_keys,
        objective_ids,
        action_ids,
        decision_ids,
    })
}

/// How far two coders agree on the responses both coded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    pub coders: (String, String),
    /// Responses both coded.
    pub responses: usize,
    /// (code label, share of those responses where both applied it or both did not, Cohen's
    /// kappa where it is defined).
    pub per_code: Vec<(String, f64, Option<f64>)>,
    /// The mean of the codes' kappas, where defined.
    pub mean_kappa: Option<f64>,
}

/// Cohen's kappa for one yes/no judgement by two coders over the same items.
pub fn cohens_kappa(pairs: &[(bool, bool)]) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    let n = pairs.len() as f64;
    let agree = pairs.iter().filter(|(a, b)| a == b).count() as f64 / n;
    let p1 = pairs.iter().filter(|(a, _)| *a).count() as f64 / n;
    let p2 = pairs.iter().filter(|(_, b)| *b).count() as f64 / n;
    let chance = p1 * p2 + (1.0 - p1) * (1.0 - p2);
    if (1.0 - chance).abs() < 1e-12 {
        return None;
    }
    Some((agree - chance) / (1.0 - chance))
}

/// The agreement between the two people who coded the most responses in common, if two have
/// coded any of the same responses.
pub fn agreement(codings: &[Coding], frame: &[Code]) -> Option<Agreement> {
    let mut by_coder: BTreeMap<i64, (String, BTreeMap<i64, BTreeSet<&str>>)> = BTreeMap::new();
    for c in codings {
        by_coder
            .entry(c.coder_id)
            .or_insert_with(|| (c.coder.clone(), BTreeMap::new()))
            .1
            .insert(c.response_id, c.codes.iter().map(String::as_str).collect());
    }
    let coders: Vec<&i64> = by_coder.keys().collect();
    let mut best: Option<(usize, i64, i64)> = None;
    for (i, a) in coders.iter().enumerate() {
        for b in &coders[i + 1..] {
            let shared = by_coder[a]
                .1
                .keys()
                .filter(|r| by_coder[b].1.contains_key(r))
                .count();
            if shared > 0 && best.is_none_or(|(n, _, _)| shared > n) {
                best = Some((shared, **a, **b));
            }
        }
    }
    let (responses, a, b) = best?;
    let (name_a, of_a) = &by_coder[&a];
    let (name_b, of_b) = &by_coder[&b];
    let shared: Vec<i64> = of_a
        .keys()
        .filter(|r| of_b.contains_key(r))
        .copied()
        .collect();
    let mut per_code = Vec::new();
    for code in frame {
        let pairs: Vec<(bool, bool)> = shared
            .iter()
            .map(|r| {
                (
                    of_a[r].contains(code.key.as_str()),
                    of_b[r].contains(code.key.as_str()),
                )
            })
            .collect();
        let same = pairs.iter().filter(|(x, y)| x == y).count() as f64 / pairs.len() as f64;
        per_code.push((code.label.clone(), same, cohens_kappa(&pairs)));
    }
    let kappas: Vec<f64> = per_code.iter().filter_map(|c| c.2).collect();
    let mean_kappa = (!kappas.is_empty()).then(|| kappas.iter().sum::<f64>() / kappas.len() as f64);
    Some(Agreement {
        coders: (name_a.clone(), name_b.clone()),
        responses,
        per_code,
        mean_kappa,
    })
}

/// Each code with the responses any coder gave it, in response order.
pub fn responses_by_code<'a>(codings: &[Coding], frame: &'a [Code]) -> Vec<(&'a Code, Vec<i64>)> {
    frame
        .iter()
        .map(|code| {
            let ids: BTreeSet<i64> = codings
                .iter()
                .filter(|c| c.codes.contains(&code.key))
                .map(|c| c.response_id)
                .collect();
            (code, ids.into_iter().collect())
        })
        .collect()
}

/// A closed question's answers by one characteristic's groups, as they may be shown: each
/// count, or `None` where disclosure control hides it (1 to 9, and enough others that none
/// hidden can be worked out from the totals).
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    pub groups: Vec<String>,
    /// One row a choice: (the choice, its count in each group).
    pub rows: Vec<(String, Vec<Option<u64>>)>,
}

/// Cross-tabulates `answers` (response id, the choices it gave) by `codes` (response id, census
/// code), grouping ethnic groups into the broad ones the census reports.
pub fn breakdown(
    choices: &[&str],
    answers: &[(i64, Vec<String>)],
    c: dueregard_stats::classify::Characteristic,
    codes: &[(i64, u8)],
) -> Breakdown {
    use dueregard_stats::classify::{self, Characteristic};
    use dueregard_stats::disclosure::{Preset, TableSet, protect};
    let group_of = |code: u8| -> Option<usize> {
        if !c.is_disclosed(code) {
            return None;
        }
        if c == Characteristic::Ethnicity {
            classify::broad_ethnic_group(code).map(usize::from)
        } else {
            Some(usize::from(code))
        }
    };
    let labels: Vec<String> = if c == Characteristic::Ethnicity {
        classify::BROAD_ETHNIC_GROUPS
            .iter()
            .map(|g| g.to_string())
            .collect()
    } else {
        c.categories()
            .iter()
            .enumerate()
            .filter(|(i, _)| c.is_disclosed(*i as u8))
            .map(|(_, l)| l.to_string())
            .collect()
    };
    let column = |code: u8| -> Option<usize> {
        let g = group_of(code)?;
        if c == Characteristic::Ethnicity {
            Some(g)
        } else {
            // Disclosed codes come first in every other characteristic's categories.
            (g < labels.len()).then_some(g)
        }
    };
    let mut counts = vec![vec![0u64; labels.len()]; choices.len()];
    for (id, given) in answers {
        let Some(col) = codes
            .iter()
            .find(|(r, _)| r == id)
            .and_then(|(_, k)| column(*k))
        else {
            continue;
        };
        for (row, choice) in choices.iter().enumerate() {
            if given.iter().any(|g| g == choice) {
                counts[row][col] += 1;
            }
        }
    }
    let mut set = TableSet::default();
    let grid = set.grid(&counts, None, None);
    let shown = protect(&set, &Preset::Threshold10.policy());
    Breakdown {
        groups: labels,
        rows: choices
            .iter()
            .zip(&grid.cells)
            .map(|(choice, cells)| {
                (
                    choice.to_string(),
                    cells.iter().map(|&k| shown.published[k]).collect(),
                )
            })
            .collect(),
    }
}
