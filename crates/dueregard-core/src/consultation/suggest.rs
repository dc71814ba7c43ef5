//! Help for the analyst, worked out here with no outside service: the words that stand out in
//! the free-text answers (TF-IDF), groups of answers that say much the same (cosine similarity
//! of their word weights), and, for each response, the codes whose words it uses. Suggestions
//! only: a person decides every code.

use super::analysis::Code;
use std::collections::{BTreeMap, BTreeSet};

/// Words too common to say anything about a response.
const STOP: &[&str] = &[
    "about", "after", "again", "all", "also", "and", "any", "are", "because", "been", "before",
    "being", "but", "can", "cannot", "could", "did", "does", "doing", "don", "for", "from", "get",
    "had", "has", "have", "how", "into", "its", "just", "more", "most", "much", "must", "need",
    "needs", "not", "now", "off", "one", "only", "other", "our", "out", "over", "own", "should",
    "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "too", "very", "was", "way", "were", "what", "when", "where", "which",
    "while", "who", "why", "will", "with", "would", "you", "your", "yes", "think", "thing",
    "things", "people", "council", "please", "like", "well", "really", "lot",
];

/// A response's words: lower case, letters only, three letters or more, without the common
/// ones, and with a plural ending taken off words of five letters or more, so "services" and
/// "service", or "buses" and "bus", meet.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !STOP.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

fn stem(w: &str) -> String {
    if w.len() <= 4 || !w.ends_with('s') || w.ends_with("ss") || w.ends_with("us") {
        return w.to_string();
    }
    // "buses", "boxes", "churches", "wishes" lose "es"; "services" and "carers" lose "s".
    let es = ["ses", "xes", "ches", "shes"]
        .iter()
        .any(|e| w.ends_with(e));
    w[..w.len() - if es { 2 } else { 1 }].to_string()
}

/// A text's word weights.
type Weights = BTreeMap<String, f64>;

/// Word weights for each text: term frequency times inverse document frequency, normalised.
fn weights(texts: &[(i64, String)]) -> (Vec<(i64, Weights)>, BTreeMap<String, usize>) {
    let bags: Vec<(i64, Vec<String>)> = texts.iter().map(|(id, t)| (*id, words(t))).collect();
    let mut df: BTreeMap<String, usize> = BTreeMap::new();
    for (_, bag) in &bags {
        for w in bag.iter().collect::<BTreeSet<_>>() {
            *df.entry(w.clone()).or_default() += 1;
        }
    }
    let n = bags.len().max(1) as f64;
    let vectors = bags
        .into_iter()
        .map(|(id, bag)| {
            let mut tf: BTreeMap<String, f64> = BTreeMap::new();
            for w in bag {
                *tf.entry(w).or_default() += 1.0;
            }
            for (w, v) in tf.iter_mut() {
                *v *= (n / df[w] as f64).ln() + 1.0;
            }
            let norm = tf.values().map(|v| v * v).sum::<f64>().sqrt();
            if norm > 0.0 {
                tf.values_mut().for_each(|v| *v /= norm);
            }
            (id, tf)
        })
        .collect();
    (vectors, df)
}

fn cosine(a: &BTreeMap<String, f64>, b: &BTreeMap<String, f64>) -> f64 {
    a.iter().filter_map(|(w, x)| b.get(w).map(|y| x * y)).sum()
}

/// A group of responses that say much the same, with the words they share most.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub words: Vec<String>,
    pub responses: Vec<i64>,
}

/// What the analyst is offered.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Suggestions {
    /// Words used in at least two responses, weightiest first.
    pub keywords: Vec<(String, usize)>,
    /// Groups of two or more responses, largest first: candidate codes.
    pub clusters: Vec<Cluster>,
}

/// How alike two responses must be (cosine of their word weights) to share a group.
const ALIKE: f64 = 0.3;

/// Suggestions for the free-text answers `texts` (response id, all its written answers).
pub fn suggest(texts: &[(i64, String)]) -> Suggestions {
    let (vectors, df) = weights(texts);
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    for (_, v) in &vectors {
        for (w, x) in v {
            *totals.entry(w.as_str()).or_default() += x;
        }
    }
    let mut keywords: Vec<(&str, f64)> = totals.into_iter().filter(|(w, _)| df[*w] >= 2).collect();
    keywords.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let keywords = keywords
        .into_iter()
        .take(20)
        .map(|(w, _)| (w.to_string(), df[w]))
        .collect();

    // Greedy grouping: each response joins the most alike group, if alike enough, else starts
    // one. Groups keep the sum of their members' weights as their centre.
    let mut groups: Vec<(BTreeMap<String, f64>, Vec<i64>)> = Vec::new();
    for (id, v) in &vectors {
        if v.is_empty() {
            continue;
        }
        let best = groups
            .iter()
            .enumerate()
            .map(|(i, (centre, _))| {
                let norm = centre.values().map(|x| x * x).sum::<f64>().sqrt();
                (
                    i,
                    if norm > 0.0 {
                        cosine(centre, v) / norm
                    } else {
                        0.0
                    },
                )
            })
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((i, alike)) if alike >= ALIKE => {
                let (centre, members) = &mut groups[i];
                for (w, x) in v {
                    *centre.entry(w.clone()).or_default() += x;
                }
                members.push(*id);
            }
            _ => groups.push((v.clone(), vec![*id])),
        }
    }
    let mut clusters: Vec<Cluster> = groups
        .into_iter()
        .filter(|(_, m)| m.len() >= 2)
        .map(|(centre, responses)| {
            let mut top: Vec<(String, f64)> = centre.into_iter().collect();
            top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            Cluster {
                words: top.into_iter().take(3).map(|(w, _)| w).collect(),
                responses,
            }
        })
        .collect();
    clusters.sort_by_key(|c| std::cmp::Reverse(c.responses.len()));
    Suggestions { keywords, clusters }
}

/// The codes whose label or description shares a word with the response.
pub fn codes_for(text: &str, frame: &[Code]) -> Vec<String> {
    let said: BTreeSet<String> = words(text).into_iter().collect();
    frame
        .iter()
        .filter(|c| {
            let mut of_code = words(&c.label);
            if let Some(d) = &c.description {
                of_code.extend(words(d));
            }
            of_code.iter().any(|w| said.contains(w))
        })
        .map(|c| c.key.clone())
        .collect()
}
