//! The indicators report for cabinet or scrutiny, in the one report model: each indicator's
//! latest value and colour in words, its trend as a figure with its table, its values by group
//! and the gaps between groups. Built only from series that have passed disclosure control.

use crate::indicator::Indicator;
use crate::indicator::values::{Series, Shown};
use crate::period::long_date;
use crate::report::{Block, Figure, Report, Section, Table};
use dueregard_stats::disclosure::SUPPRESSED;
use jiff::civil::Date;

/// One indicator as the report shows it: the record, its shown series, and the titles of the
/// objectives it evidences.
pub struct ReportedIndicator<'a> {
    pub indicator: &'a Indicator,
    pub series: &'a Series,
    pub objectives: Vec<String>,
}

fn text(unit: crate::indicator::Unit, v: Shown) -> String {
    match v {
        Shown::Missing => "–".into(),
        Shown::Withheld => SUPPRESSED.into(),
        Shown::Value(v) => unit.show(v),
    }
}

/// Each indicator's latest value and colour in words, as one section: the indicators report
/// opens with it, and the annual progress report ends with it.
pub fn summary_section(heading: &str, items: &[ReportedIndicator<'_>]) -> Section {
    let summary = Table {
        caption: "Each indicator's latest value".into(),
        header: vec![
            "Indicator".into(),
            "Latest value".into(),
            "Period ending".into(),
            "Target".into(),
            "Against target".into(),
        ],
        numeric: vec![false, true, false, true, false],
        rows: items
            .iter()
            .map(|r| {
                let f = &r.indicator.fields;
                match r.series.latest() {
                    Some((p, v, rag)) => vec![
                        f.title.clone(),
                        f.show(v),
                        long_date(p),
                        f.target_for(p).map_or("–".into(), |t| f.show(t)),
                        rag.map_or("No target".into(), |r| r.label().to_string()),
                    ],
                    None => vec![
                        f.title.clone(),
                        "No value yet".into(),
                        "–".into(),
                        "–".into(),
                        "–".into(),
                    ],
                }
            })
            .collect(),
    };
    Section {
        heading: heading.into(),
        blocks: vec![
            Block::Paragraph(format!(
                "{} indicators follow progress on the equality objectives. Each colour is worked out from the indicator's own thresholds, and is given in words.",
                items.len()
            )),
            Block::Table(summary),
            Block::Note(format!(
                "{SUPPRESSED}: not shown because it rests on fewer than 10 people, or would let such a figure be worked out."
            )),
        ],
    }
}

pub fn indicators_report(
    organisation: &str,
    items: &[ReportedIndicator<'_>],
    today: Date,
) -> Report {
    let mut sections = vec![summary_section("Summary", items)];
    for r in items {
        let f = &r.indicator.fields;
        let s = r.series;
        let periods: Vec<String> = s.periods.iter().map(|p| long_date(*p)).collect();
        let mut blocks = vec![Block::Paragraph(f.definition.clone())];
        if !r.objectives.is_empty() {
            blocks.push(Block::Paragraph(format!(
                "It evidences: {}.",
                r.objectives.join("; ")
            )));
        }
        if !periods.is_empty() {
            let mut series = vec![(
                "Everyone".to_string(),
                s.overall.iter().map(|v| v.value()).collect(),
            )];
            if s.targets.iter().any(Option::is_some) {
                series.push(("Target".to_string(), s.targets.clone()));
            }
            blocks.push(Block::Figure(Figure {
                caption: format!("{}: for everyone, by period", f.title),
                alt: match s.latest() {
                    Some((p, v, _)) => format!(
                        "The latest value, to {}, is {}. The table gives every value.",
                        long_date(p),
                        f.show(v)
                    ),
                    None => "No value can be shown yet.".into(),
                },
                unit: f.unit.suffix().trim().to_string(),
                categories: periods.clone(),
                series,
                table: Table {
                    caption: format!("{}: values for everyone", f.title),
                    header: vec![
                        "Period ending".into(),
                        "Value".into(),
                        "Target".into(),
                        "Against target".into(),
                    ],
                    numeric: vec![false, true, true, false],
                    rows: periods
                        .iter()
                        .enumerate()
                        .map(|(i, p)| {
                            vec![
                                p.clone(),
                                text(f.unit, s.overall[i]),
                                s.targets[i].map_or("–".into(), |t| f.show(t)),
                                s.rag[i].map_or("–".into(), |r| r.label().to_string()),
                            ]
                        })
                        .collect(),
                },
            }));
        }
        for ch in crate::indicator::values::Characteristic::ALL {
            let lines: Vec<_> = s
                .groups
                .iter()
                .filter(|g| g.group.characteristic == ch)
                .collect();
            if lines.is_empty() {
                continue;
            }
            let mut header = vec!["Group".to_string()];
            header.extend(periods.iter().cloned());
            let mut numeric = vec![false];
            numeric.extend(periods.iter().map(|_| true));
            blocks.push(Block::Table(Table {
                caption: format!("{} by {}", f.title, ch.label().to_lowercase()),
                header,
                numeric,
                rows: lines
                    .iter()
                    .map(|l| {
                        let mut row = vec![l.label.clone()];
                        row.extend(l.values.iter().map(|v| text(f.unit, *v)));
                        row
                    })
                    .collect(),
            }));
            for g in s.gaps.iter().filter(|g| g.characteristic == ch) {
                blocks.push(Block::Paragraph(format!(
                    "To {}, the gap by {} was {}, between {} (best) and {} (worst).",
                    long_date(g.period),
                    ch.label().to_lowercase(),
                    f.unit.gap(g.gap),
                    g.best,
                    g.worst
                )));
            }
        }
        sections.push(Section {
            heading: f.title.clone(),
            blocks,
        });
    }
    Report {
        title: "Equality indicators".into(),
        organisation: organisation.to_string(),
        covering: format!("To {}", long_date(today)),
        data_date: today,
        sections,
        sources: vec![
            "The organisation's own records and the figures it entered for each indicator".into(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::values::{Group, Observation, shown};
    use crate::indicator::{IndicatorFields, IndicatorForm};
    use dueregard_stats::classify::{Characteristic, DISABLED, NOT_DISABLED};
    use dueregard_stats::disclosure::Preset;

    #[test]
    fn the_report_carries_only_what_disclosure_control_lets_through() {
        let fields = IndicatorFields::validate(&IndicatorForm {
            title: "Staff treated fairly".into(),
            definition: "From the staff survey".into(),
            unit: "percent".into(),
            polarity: "higher_is_better".into(),
            frequency: "yearly".into(),
            targets: "2025-03-31: 70".into(),
            amber_within: "3".into(),
            ..Default::default()
        })
        .unwrap();
        let o = |group: Option<u8>, count: u64, base: u64| Observation {
            period: "2025-03-31".parse().unwrap(),
            group: group.map(|code| Group {
                characteristic: Characteristic::Disability,
                code,
            }),
            count,
            base: Some(base),
        };
        let values = vec![
            o(None, 140, 200),
            o(Some(DISABLED), 5, 20),
            o(Some(NOT_DISABLED), 135, 180),
        ];
        let series = shown(&fields, &values, &Preset::Threshold10.policy());
        let indicator = crate::record::Record {
            id: 1,
            version: 1,
            fields,
        };
        let report = indicators_report(
            "Dudley",
            &[ReportedIndicator {
                indicator: &indicator,
                series: &series,
                objectives: vec!["Fair treatment".into()],
            }],
            "2025-06-01".parse().unwrap(),
        );
        let all = format!("{report:?}");
        assert!(all.contains("Green: on target"));
        assert!(!all.contains("25%"), "5 of 20 is never shown");
        assert!(!all.contains("75%"), "nor what would give it away");
        let by_group = report
            .tables()
            .find(|t| t.caption.contains("by disability"))
            .unwrap();
        assert_eq!(
            by_group.rows[0],
            vec!["Disabled".to_string(), SUPPRESSED.to_string()]
        );
    }
}
