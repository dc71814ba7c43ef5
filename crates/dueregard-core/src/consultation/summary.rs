//! The summary of a consultation in the one report model, in the shape of seed 000's feedback
//! appendix: what was asked and of whom, how many responded and how, what they said (counts of
//! the closed answers and of the codes given to the written ones), who responded (only figures
//! that pass disclosure control), and "you said, we did".

use super::ConsultationFields;
use super::analysis::Coding;
use super::response::{Channel, ConsultationResponse};
use crate::period::long_date;
use crate::report::{Block, Report, Section, Table};
use dueregard_stats::disclosure::SUPPRESSED;
use dueregard_stats::reach::ReachTable;
use jiff::civil::Date;

/// What the summary is made from. `reach` holds only what may be published.
pub struct SummaryInput<'a> {
    pub organisation: &'a str,
    pub consultation: &'a ConsultationFields,
    /// Counted responses (held ones left out).
    pub responses: &'a [ConsultationResponse],
    pub codings: &'a [Coding],
    pub reach: &'a [ReachTable],
    pub area: Option<&'a str>,
    /// The titles of what each change changed, by id: (objectives, actions, decisions).
    pub names: &'a dyn Fn(&str, i64) -> Option<String>,
    pub today: Date,
}

fn table(caption: &str, header: &[&str], numeric: &[bool], rows: Vec<Vec<String>>) -> Block {
    Block::Table(Table {
        caption: caption.into(),
        header: header.iter().map(|h| h.to_string()).collect(),
        numeric: numeric.to_vec(),
        rows,
    })
}

pub fn summary_report(input: &SummaryInput) -> Report {
    let c = input.consultation;
    let mut sections = Vec::new();

    let mut about = vec![
        Block::Paragraph(c.purpose.clone()),
        Block::Paragraph(format!(
            "The consultation ran from {} to {} ({} days).{}",
            long_date(c.opens),
            long_date(c.closes),
            c.days_open(),
            c.short_period_reason
                .as_deref()
                .map(|r| format!(" It was shorter than 12 weeks because: {r}"))
                .unwrap_or_default()
        )),
    ];
    if !c.consultees.is_empty() {
        about.push(Block::Paragraph(format!(
            "We asked: {}.",
            c.consultees.join("; ")
        )));
    }
    let mut channels = Vec::new();
    for ch in Channel::ALL {
        let n = input.responses.iter().filter(|r| r.channel == *ch).count();
        if n > 0 {
            channels.push(vec![ch.label().to_string(), n.to_string()]);
        }
    }
    channels.push(vec![
        "All responses".into(),
        input.responses.len().to_string(),
    ]);
    about.push(table(
        "Responses received, by how they reached us",
        &["How", "Responses"],
        &[false, true],
        channels,
    ));
    sections.push(Section {
        heading: "About the consultation".into(),
        blocks: about,
    });

    let mut said = Vec::new();
    for (n, q) in c.questions.iter().enumerate() {
        if q.kind.is_closed() {
            let counts: Vec<(&str, usize)> = q
                .choices()
                .into_iter()
                .map(|choice| {
                    let count = input
                        .responses
                        .iter()
                        .filter(|r| {
                            r.answers
                                .get(&q.key)
                                .is_some_and(|a| a.iter().any(|x| x == choice))
                        })
                        .count();
                    (choice, count)
                })
                .collect();
            let caption = format!("Question {}: {}", n + 1, q.text);
            let twin = Table {
                caption: caption.clone(),
                header: vec!["Answer".into(), "Responses".into()],
                numeric: vec![false, true],
                rows: counts
                    .iter()
                    .map(|(c, k)| vec![c.to_string(), k.to_string()])
                    .collect(),
            };
            // A chart of the answers, said in words for those who cannot see it.
            let alt = match counts.iter().max_by_key(|(_, k)| *k) {
                Some((choice, count)) if *count > 0 => format!(
                    "A bar chart of the answers to question {}. The answer given most was \u{201c}{choice}\u{201d}, by {count} of {} responses.",
                    n + 1,
                    input.responses.len()
                ),
                _ => format!(
                    "A bar chart of the answers to question {}; nobody has answered it.",
                    n + 1
                ),
            };
            said.push(Block::Figure(crate::report::Figure {
                caption,
                alt,
                unit: String::new(),
                categories: counts.iter().map(|(c, _)| c.to_string()).collect(),
                series: vec![(
                    "Responses".into(),
                    counts.iter().map(|(_, k)| Some(*k as f64)).collect(),
                )],
                table: twin,
            }));
        } else {
            let answered = input
                .responses
                .iter()
                .filter(|r| r.answers.contains_key(&q.key))
                .count();
            said.push(Block::Paragraph(format!(
                "Question {}: {} ({answered} written answers)",
                n + 1,
                q.text
            )));
        }
    }
    if !c.codes.is_empty() {
        let counted: std::collections::BTreeSet<i64> =
            input.responses.iter().map(|r| r.id).collect();
        let rows = super::analysis::responses_by_code(input.codings, &c.codes)
            .into_iter()
            .map(|(code, ids)| {
                let n = ids.iter().filter(|id| counted.contains(id)).count();
                vec![
                    code.label.clone(),
                    code.description.clone().unwrap_or_default(),
                    n.to_string(),
                ]
            })
            .collect();
        said.push(table(
            "Themes in the written answers",
            &["Theme", "What it covers", "Responses"],
            &[false, false, true],
            rows,
        ));
        said.push(Block::Note(
            "A response may raise more than one theme. Every written answer was read and coded by an officer.".into(),
        ));
    }
    sections.push(Section {
        heading: "What people said".into(),
        blocks: said,
    });

    if !input.reach.is_empty() {
        let mut blocks = vec![Block::Paragraph(format!(
            "Respondents who answered the optional equality monitoring questions, against {} in Census 2021.",
            input.area.unwrap_or("the area")
        ))];
        let show = |v: Option<u64>| v.map_or(SUPPRESSED.to_string(), |n| n.to_string());
        for t in input.reach {
            let rows = t
                .rows
                .iter()
                .map(|r| {
                    vec![
                        r.label.clone(),
                        show(r.respondents),
                        r.share
                            .map_or(SUPPRESSED.to_string(), |s| format!("{s:.1}")),
                        format!("{:.1}", r.population_share),
                    ]
                })
                .collect();
            blocks.push(table(
                &format!("Who responded: {}", t.characteristic.label().to_lowercase()),
                &[
                    "Group",
                    "Respondents",
                    "Share of respondents (%)",
                    "Share of population (%)",
                ],
                &[false, true, true, true],
                rows,
            ));
        }
        blocks.push(Block::Note(format!(
            "Counts of 1 to 9, and any figure from which one could be worked out, are shown as {SUPPRESSED}."
        )));
        sections.push(Section {
            heading: "Who responded".into(),
            blocks,
        });
    }

    let rows = c
        .changes
        .iter()
        .map(|ch| {
            let mut what = Vec::new();
            for (kind, ids) in [
                ("objective", &ch.objective_ids),
                ("action", &ch.action_ids),
                ("decision", &ch.decision_ids),
            ] {
                what.extend(ids.iter().filter_map(|id| (input.names)(kind, *id)));
            }
            vec![ch.you_said.clone(), ch.we_did.clone(), what.join("; ")]
        })
        .collect::<Vec<_>>();
    sections.push(Section {
        heading: "You said, we did".into(),
        blocks: if rows.is_empty() {
            vec![Block::Paragraph(
                "Nothing has been changed because of the consultation yet.".into(),
            )]
        } else {
            vec![table(
                "What we changed because of what you told us",
                &["You said", "We did", "What it changed"],
                &[false, false, false],
                rows,
            )]
        },
    });

    Report {
        title: format!("What we heard: {}", c.title),
        organisation: input.organisation.to_string(),
        covering: format!("{} to {}", long_date(c.opens), long_date(c.closes)),
        data_date: input.today,
        sections,
        sources: if input.reach.is_empty() {
            Vec::new()
        } else {
            vec!["Census 2021, Office for National Statistics".into()]
        },
    }
}
