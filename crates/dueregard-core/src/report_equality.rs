//! The equality information a body publishes each year, and its gender pay gap report, as
//! reports in the one report model. Every workforce figure comes from a workforce report as it
//! may be published (after disclosure control): a hidden count stays hidden here as `[c]`, and
//! nothing is worked out again from the people.

use crate::period::{Period, long_date};
use crate::report::{Block, Figure, Report, Section, Table};
use dueregard_stats::disclosure::SUPPRESSED;
use dueregard_stats::workforce::{PayGapSection, PublishedCell, WorkforceReport};
use jiff::civil::Date;

/// One workforce snapshot's published figures.
pub struct WorkforceFigures<'a> {
    pub snapshot_date: Date,
    /// A made-up extract for demonstration: every report that uses it says so.
    pub synthetic: bool,
    pub report: &'a WorkforceReport,
}

/// An impact assessment approved in the period and on the public register.
pub struct AssessmentLine {
    pub title: String,
    pub subject: String,
    pub outcome: String,
    pub approved_on: Date,
}

/// What the annual equality information is made from.
pub struct EqualityInformationInput<'a> {
    pub organisation: &'a str,
    pub period: Period,
    pub today: Date,
    pub workforce: Option<WorkforceFigures<'a>>,
    pub assessments: &'a [AssessmentLine],
    /// Actions by their latest status, as the annual progress report counts them.
    pub progress: Option<Table>,
    /// The attribution the reference data's licence asks for.
    pub attribution: &'a str,
}

fn count(c: &PublishedCell) -> String {
    c.count
        .map_or_else(|| SUPPRESSED.to_string(), |n| n.to_string())
}

fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| SUPPRESSED.to_string(), |v| format!("{v:.1}"))
}

/// A gap or share that may be withheld or may not apply: its figure, or why not.
fn measure(v: Option<f64>, withheld: bool) -> String {
    match v {
        Some(v) => format!("{v:.1}"),
        None if withheld => SUPPRESSED.to_string(),
        None => "Not applicable".to_string(),
    }
}

fn synthetic_note(w: &WorkforceFigures) -> Option<Block> {
    w.synthetic.then(|| {
        Block::Note(
            "These workforce figures are from a made-up extract, for demonstration only. They describe no real person."
                .into(),
        )
    })
}

fn suppression_note() -> Block {
    Block::Note(format!(
        "{SUPPRESSED} marks a figure withheld because it rests on so few people that someone could be identified. Percentages are of the whole workforce, rounded to one decimal place."
    ))
}

/// The workforce by each characteristic: a table of the whole workforce's numbers.
fn workforce_section(w: &WorkforceFigures) -> Section {
    let r = w.report;
    let mut blocks = vec![Block::Paragraph(format!(
        "On {} the organisation employed {} people. The tables show how many are in each group, as far as that can be published safely.",
        long_date(w.snapshot_date),
        r.employees
    ))];
    blocks.extend(synthetic_note(w));
    // Each characteristic is tabulated by directorate and by grade; the whole workforce's
    // numbers (the row totals) are the same in both, so each is given once.
    let mut given = Vec::new();
    for t in &r.tables {
        if given.contains(&t.characteristic) {
            continue;
        }
        given.push(t.characteristic);
        let mut rows: Vec<Vec<String>> = t
            .rows
            .iter()
            .zip(&t.row_totals)
            .map(|(label, c)| vec![label.clone(), count(c), percent(c.percent)])
            .collect();
        rows.push(vec![
            "Everyone".into(),
            count(&t.grand_total),
            percent(t.grand_total.percent),
        ]);
        blocks.push(Block::Table(Table {
            caption: format!("Staff by {}", t.characteristic.label().to_lowercase()),
            header: vec![
                t.characteristic.label().to_string(),
                "Staff".into(),
                "Share of staff (%)".into(),
            ],
            numeric: vec![false, true, true],
            rows,
        }));
    }
    if !r.non_disclosure.is_empty() {
        blocks.push(Block::Table(Table {
            caption: "Staff who preferred not to say, or whose answer is not recorded".into(),
            header: vec![
                "Characteristic".into(),
                "Preferred not to say".into(),
                "Not recorded".into(),
            ],
            numeric: vec![false, true, true],
            rows: r
                .non_disclosure
                .iter()
                .map(|n| {
                    vec![
                        n.characteristic.label().to_string(),
                        n.prefer_not_to_say
                            .as_ref()
                            .map_or_else(|| "Not asked".to_string(), count),
                        count(&n.not_known),
                    ]
                })
                .collect(),
        }));
    }
    blocks.push(suppression_note());
    Section {
        heading: "Our workforce".into(),
        blocks,
    }
}

/// The six measures of one comparison, and its quartile bands, or why they are withheld.
fn pay_gap_blocks(g: &PayGapSection) -> Vec<Block> {
    let Some(m) = &g.measures else {
        return vec![Block::Paragraph(format!(
            "{}. {}",
            g.title,
            g.withheld
                .clone()
                .unwrap_or_else(|| "not published".to_string())
        ))];
    };
    let held = |name: &str| m.withheld.iter().any(|w| w.to_lowercase().contains(name));
    let mut blocks = Vec::new();
    if let Some((a, b)) = g.counts {
        blocks.push(Block::Paragraph(format!(
            "{}. Staff counted: {} {a}; {} {b}. A positive gap means the second group is paid less on average.",
            g.title, g.comparator, g.group
        )));
    }
    blocks.push(Block::Table(Table {
        caption: format!("{}: the six measures", g.title),
        header: vec!["Measure".into(), "Figure (%)".into()],
        numeric: vec![false, true],
        rows: vec![
            vec![
                "Mean hourly pay gap".into(),
                measure(m.mean_hourly, held("hourly")),
            ],
            vec![
                "Median hourly pay gap".into(),
                measure(m.median_hourly, held("hourly")),
            ],
            vec![
                "Mean bonus pay gap".into(),
                measure(m.mean_bonus, held("bonus")),
            ],
            vec![
                "Median bonus pay gap".into(),
                measure(m.median_bonus, held("bonus")),
            ],
            vec![
                format!("{} paid a bonus", g.comparator),
                measure(m.comparator_paid_bonus, held("bonus")),
            ],
            vec![
                format!("{} paid a bonus", g.group),
                measure(m.group_paid_bonus, held("bonus")),
            ],
        ],
    }));
    if !m.quartiles.is_empty() {
        let bands = ["Lower", "Lower middle", "Upper middle", "Upper"];
        let table = Table {
            caption: format!("{}: pay quartiles, the share of each band", g.title),
            header: vec![
                "Pay quartile".into(),
                format!("{} (%)", g.comparator),
                format!("{} (%)", g.group),
            ],
            numeric: vec![false, true, true],
            rows: m
                .quartiles
                .iter()
                .zip(bands)
                .map(|((a, b), band)| vec![band.to_string(), percent(*a), percent(*b)])
                .collect(),
        };
        let upper = m.quartiles.last().and_then(|q| q.1);
        let lower = m.quartiles.first().and_then(|q| q.1);
        let alt = match (lower, upper) {
            (Some(l), Some(u)) => format!(
                "A bar chart of the four pay quartiles. {} are {l:.1}% of the lowest paid quarter and {u:.1}% of the highest paid.",
                g.group
            ),
            _ => format!(
                "A bar chart of the share of {} and {} in each pay quartile; some figures are withheld.",
                g.comparator.to_lowercase(),
                g.group.to_lowercase()
            ),
        };
        blocks.push(Block::Figure(Figure {
            caption: format!("{}: who is in each pay quartile", g.title),
            alt,
            unit: "%".into(),
            categories: bands.iter().map(|b| b.to_string()).collect(),
            series: vec![
                (
                    g.comparator.clone(),
                    m.quartiles.iter().map(|q| q.0).collect(),
                ),
                (g.group.clone(), m.quartiles.iter().map(|q| q.1).collect()),
            ],
            table,
        }));
    }
    if !m.withheld.is_empty() {
        blocks.push(Block::Note(m.withheld.join(" ")));
    }
    blocks
}

/// The area's population from Census 2021 beside the workforce, group by group.
fn community_section(w: &WorkforceFigures, area: &str) -> Section {
    let mut blocks = vec![Block::Paragraph(format!(
        "The people of {area}, from Census 2021, and the share of our staff in each group. A workforce that reflects the community it serves is one measure of equality of opportunity."
    ))];
    for r in &w.report.representation {
        let what = r.characteristic.label().to_lowercase();
        let table = Table {
            caption: format!("{area} and our workforce by {what}"),
            header: vec![
                r.characteristic.label().to_string(),
                "Population (%)".into(),
                "Workforce (%)".into(),
            ],
            numeric: vec![false, true, true],
            rows: r
                .rows
                .iter()
                .map(|row| {
                    vec![
                        row.label.clone(),
                        format!("{:.1}", row.population_share),
                        percent(row.workforce_share),
                    ]
                })
                .collect(),
        };
        let biggest = r
            .rows
            .iter()
            .max_by(|a, b| a.population_share.total_cmp(&b.population_share));
        let alt = match biggest {
            Some(b) => format!(
                "A bar chart of each {what} group's share of the population of {area} and of our workforce. The largest group, {}, is {:.1}% of the population and {} of the workforce.",
                b.label,
                b.population_share,
                b.workforce_share
                    .map_or_else(|| "a withheld share".to_string(), |s| format!("{s:.1}%"))
            ),
            None => format!("A bar chart of {what} groups; there are no figures."),
        };
        blocks.push(Block::Figure(Figure {
            caption: format!("Population and workforce by {what}"),
            alt,
            unit: "%".into(),
            categories: r.rows.iter().map(|row| row.label.clone()).collect(),
            series: vec![
                (
                    "Population".into(),
                    r.rows
                        .iter()
                        .map(|row| Some(row.population_share))
                        .collect(),
                ),
                (
                    "Workforce".into(),
                    r.rows.iter().map(|row| row.workforce_share).collect(),
                ),
            ],
            table,
        }));
    }
    Section {
        heading: "The community we serve".into(),
        blocks,
    }
}

/// The annual publication of equality information (the specific duties' yearly duty).
pub fn equality_information(input: &EqualityInformationInput) -> Report {
    let period = input.period;
    let covering = format!("{} to {}", long_date(period.start), long_date(period.end));
    let mut sections = vec![Section {
        heading: "About this information".into(),
        blocks: vec![Block::Paragraph(format!(
            "The Equality Act 2010 asks public bodies to publish information each year showing how they meet the public sector equality duty. This is {}'s information for {covering}: its workforce, its gaps in pay, the community it serves, the equality impact assessments it completed and the progress made on its equality objectives.",
            input.organisation
        ))],
    }];
    let mut sources = Vec::new();
    match &input.workforce {
        Some(w) => {
            sections.push(workforce_section(w));
            let mut blocks: Vec<Block> = synthetic_note(w).into_iter().collect();
            for g in &w.report.pay_gaps {
                blocks.extend(pay_gap_blocks(g));
            }
            sections.push(Section {
                heading: "Pay gaps".into(),
                blocks,
            });
            if let Some((_, area)) = &w.report.area
                && !w.report.representation.is_empty()
            {
                sections.push(community_section(w, area));
                sources.push(input.attribution.to_string());
            }
        }
        None => sections.push(Section {
            heading: "Our workforce".into(),
            blocks: vec![Block::Paragraph(
                "No workforce information has been recorded for this period.".into(),
            )],
        }),
    }
    sections.push(Section {
        heading: "Equality impact assessments completed".into(),
        blocks: if input.assessments.is_empty() {
            vec![Block::Paragraph(
                "No equality impact assessments were approved for publication in the period."
                    .into(),
            )]
        } else {
            vec![Block::Table(Table {
                caption: "Equality impact assessments approved in the period".into(),
                header: ["Assessment", "Of", "Outcome", "Approved on"]
                    .map(String::from)
                    .to_vec(),
                numeric: vec![false; 4],
                rows: input
                    .assessments
                    .iter()
                    .map(|a| {
                        vec![
                            a.title.clone(),
                            a.subject.clone(),
                            a.outcome.clone(),
                            long_date(a.approved_on),
                        ]
                    })
                    .collect(),
            })]
        },
    });
    if let Some(progress) = &input.progress {
        sections.push(Section {
            heading: "Progress on our equality objectives".into(),
            blocks: vec![
                Block::Paragraph(
                    "Actions serving the equality objectives, by their latest status. The annual progress report gives each action.".into(),
                ),
                Block::Table(progress.clone()),
            ],
        });
    }
    sections.push(about(input.organisation, input.today));
    Report {
        title: "Equality information".into(),
        organisation: input.organisation.to_string(),
        covering,
        data_date: input.today,
        sections,
        sources,
    }
}

fn about(organisation: &str, today: Date) -> Section {
    Section {
        heading: "About this report".into(),
        blocks: vec![Block::Note(format!(
            "Made by Due Regard from the records of {organisation} on {}.",
            long_date(today)
        ))],
    }
}

/// The gender pay gap report: the six measures on the snapshot date, with the actions the
/// organisation is taking (rows of reference, action, target, status). The narrative and the
/// supporting statement are added by the publication that gives it.
pub fn gender_pay_gap(
    organisation: &str,
    workforce: Option<&WorkforceFigures>,
    actions: Vec<Vec<String>>,
    today: Date,
) -> Report {
    let mut sections = Vec::new();
    let covering = match workforce {
        Some(w) => {
            let mut blocks = vec![Block::Paragraph(format!(
                "Our gender pay gap on the snapshot date, {}, measured as the Equality Act 2010 (Specific Duties and Public Authorities) Regulations 2017 set out.",
                long_date(w.snapshot_date)
            ))];
            blocks.extend(synthetic_note(w));
            match w.report.pay_gaps.first() {
                Some(g) => blocks.extend(pay_gap_blocks(g)),
                None => blocks.push(Block::Paragraph(
                    "The gender pay gap could not be worked out from this snapshot.".into(),
                )),
            }
            sections.push(Section {
                heading: "Our gender pay gap".into(),
                blocks,
            });
            format!("Snapshot date {}", long_date(w.snapshot_date))
        }
        None => {
            sections.push(Section {
                heading: "Our gender pay gap".into(),
                blocks: vec![Block::Paragraph(
                    "No workforce snapshot has been recorded, so there is no gender pay gap to report yet.".into(),
                )],
            });
            "No snapshot recorded".to_string()
        }
    };
    sections.push(Section {
        heading: "What we are doing to close the gap".into(),
        blocks: if actions.is_empty() {
            vec![Block::Paragraph(
                "No actions in the published plans serve an equality objective about sex yet."
                    .into(),
            )]
        } else {
            vec![Block::Table(Table {
                caption: "Actions serving equality objectives about sex".into(),
                header: ["Reference", "Action", "Target", "Latest status"]
                    .map(String::from)
                    .to_vec(),
                numeric: vec![false; 4],
                rows: actions,
            })]
        },
    });
    sections.push(about(organisation, today));
    Report {
        title: "Gender pay gap report".into(),
        organisation: organisation.to_string(),
        covering,
        data_date: today,
        sections,
        sources: Vec::new(),
    }
}
