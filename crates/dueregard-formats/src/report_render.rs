//! A report (the core's one report model) as HTML in GOV.UK style, as an OpenDocument or Word
//! document, and its tables as spreadsheets. HTML is the canonical form; the others say the
//! same words in the same order.

use crate::chart::{Series, bar_chart};
use crate::export::{Block as DocBlock, Document, xml};
use crate::tabular::{self, Cell};
use dueregard_core::report::{Block, Figure, Report, Table};

/// A figure's chart as SVG, with its words as the chart's title and description.
pub fn figure_svg(f: &Figure, id: &str) -> String {
    let series: Vec<Series> = f
        .series
        .iter()
        .map(|(name, values)| Series {
            name: name.clone(),
            values: values.clone(),
        })
        .collect();
    bar_chart(id, &f.caption, &f.alt, &f.categories, &series, &f.unit)
}

fn html_table(t: &Table, out: &mut String) {
    out.push_str("<div class=\"dr-table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"");
    out.push_str(&xml(&t.caption));
    out.push_str("\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">");
    out.push_str(&xml(&t.caption));
    out.push_str("</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
    for (i, h) in t.header.iter().enumerate() {
        let numeric = if t.numeric.get(i) == Some(&true) {
            " govuk-table__header--numeric"
        } else {
            ""
        };
        out.push_str(&format!(
            "<th scope=\"col\" class=\"govuk-table__header{numeric}\">{}</th>",
            xml(h)
        ));
    }
    out.push_str("</tr></thead><tbody class=\"govuk-table__body\">");
    for row in &t.rows {
        out.push_str("<tr class=\"govuk-table__row\">");
        for (i, cell) in row.iter().enumerate() {
            let numeric = if t.numeric.get(i) == Some(&true) {
                " govuk-table__cell--numeric"
            } else {
                ""
            };
            out.push_str(&format!(
                "<td class=\"govuk-table__cell{numeric}\">{}</td>",
                xml(cell)
            ));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

/// The report as the body of an HTML page: its title as the one `h1`, sections as `h2`.
pub fn html(report: &Report) -> String {
    html_at(report, 1)
}

/// The report inside a page that has its own `h1`: its title at heading `level`, its
/// sections one level below.
pub fn html_at(report: &Report, level: u8) -> String {
    let (h, s) = (level.clamp(1, 5), level.clamp(1, 5) + 1);
    let mut out = format!(
        "<span class=\"govuk-caption-l\">{}</span><h{h} class=\"govuk-heading-l\">{}</h{h}><p class=\"govuk-body-l\">{}</p>",
        xml(&report.organisation),
        xml(&report.title),
        xml(&report.covering)
    );
    let mut figures = 0;
    for section in &report.sections {
        out.push_str(&format!(
            "<h{s} class=\"govuk-heading-m\">{}</h{s}>",
            xml(&section.heading)
        ));
        for b in &section.blocks {
            match b {
                Block::Paragraph(p) => {
                    out.push_str(&format!("<p class=\"govuk-body\">{}</p>", xml(p)))
                }
                Block::Note(n) => {
                    out.push_str(&format!("<p class=\"govuk-body-s\">{}</p>", xml(n)))
                }
                Block::Table(t) => html_table(t, &mut out),
                Block::Figure(f) => {
                    figures += 1;
                    out.push_str(&format!(
                        "<figure class=\"dr-figure\"><figcaption class=\"govuk-heading-s\">{}</figcaption>{}",
                        xml(&f.caption),
                        figure_svg(f, &format!("figure-{figures}"))
                    ));
                    html_table(&f.table, &mut out);
                    out.push_str("</figure>");
                }
            }
        }
    }
    if !report.sources.is_empty() {
        out.push_str(&format!("<h{s} class=\"govuk-heading-m\">Sources</h{s}><ul class=\"govuk-list govuk-list--bullet\">"));
        for source in &report.sources {
            out.push_str(&format!("<li>{}</li>", xml(source)));
        }
        out.push_str("</ul>");
    }
    out
}

/// The report as a document for Word or LibreOffice: the same headings, paragraphs and tables.
pub fn document(report: &Report) -> Document {
    let mut blocks = vec![
        DocBlock::Heading(1, report.title.clone()),
        DocBlock::Paragraph(format!("{}: {}", report.organisation, report.covering)),
    ];
    for s in &report.sections {
        blocks.push(DocBlock::Heading(2, s.heading.clone()));
        for b in &s.blocks {
            match b {
                Block::Paragraph(p) | Block::Note(p) => blocks.push(DocBlock::Paragraph(p.clone())),
                Block::Table(t) => {
                    blocks.push(DocBlock::Paragraph(t.caption.clone()));
                    blocks.push(DocBlock::Table(t.header.clone(), t.rows.clone()));
                }
                // Documents carry the figure as its words and the table it is drawn from.
                Block::Figure(f) => {
                    blocks.push(DocBlock::Paragraph(format!("{}. {}", f.caption, f.alt)));
                    blocks.push(DocBlock::Table(
                        f.table.header.clone(),
                        f.table.rows.clone(),
                    ));
                }
            }
        }
    }
    if !report.sources.is_empty() {
        blocks.push(DocBlock::Heading(2, "Sources".into()));
        blocks.extend(report.sources.iter().cloned().map(DocBlock::Paragraph));
    }
    Document {
        title: format!("{}: {}", report.title, report.organisation),
        blocks,
    }
}

/// Every table of the report, for a spreadsheet: each named by its caption.
pub fn sheets(report: &Report) -> Vec<(String, tabular::Table)> {
    report
        .tables()
        .map(|t| (t.caption.clone(), sheets_of(t)))
        .collect()
}

/// The name a downloaded copy of the report goes by.
pub fn file_stem(report: &Report) -> String {
    format!("{}-{}", file_name(&report.title), report.data_date)
}

/// A name fit for a file, from words: lower case, hyphens between words.
fn file_name(words: &str) -> String {
    let lowered: String = words
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    lowered
        .split('-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The report's tables as open data: a Frictionless data package (`datapackage.json`, with a
/// Table Schema for each file) and a CSV file for each table, through the one tabular writer.
/// Answers the package's JSON and the files, by name.
pub fn data_package(report: &Report) -> (String, Vec<(String, Vec<u8>)>) {
    let mut files = Vec::new();
    let mut resources = Vec::new();
    for (n, t) in report.tables().enumerate() {
        let name = format!("{:02}-{}", n + 1, file_name(&t.caption));
        let path = format!("{name}.csv");
        let table = &sheets_of(t);
        files.push((path.clone(), tabular::csv(table)));
        let fields: Vec<serde_json::Value> = t
            .header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let whole = t
                    .rows
                    .iter()
                    .all(|r| r.get(i).is_none_or(|v| v.parse::<i64>().is_ok()));
                let kind = match t.numeric.get(i) {
                    Some(true) if whole => "integer",
                    Some(true) => "number",
                    _ => "string",
                };
                serde_json::json!({ "name": h, "type": kind })
            })
            .collect();
        resources.push(serde_json::json!({
            "name": name,
            "path": path,
            "title": t.caption,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": { "fields": fields },
        }));
    }
    let package = serde_json::json!({
        "name": file_name(&format!("{} {}", report.organisation, report.title)),
        "title": format!("{}: {}", report.organisation, report.title),
        "description": format!("The tables of the report, covering {}.", report.covering),
        "created": report.data_date.to_string(),
        "resources": resources,
    });
    (
        serde_json::to_string_pretty(&package).unwrap_or_default(),
        files,
    )
}

/// One report table for the tabular writer: numeric columns as numbers.
fn sheets_of(t: &Table) -> tabular::Table {
    tabular::Table {
        header: t.header.clone(),
        rows: t
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .enumerate()
                    .map(|(i, v)| {
                        if t.numeric.get(i) != Some(&true) {
                            return Cell::text(v.as_str());
                        }
                        match (v.parse::<i64>(), v.parse::<f64>()) {
                            (Ok(n), _) => Cell::whole(n),
                            (_, Ok(x)) if x.is_finite() => {
                                let places = v.split_once('.').map_or(0, |(_, d)| d.len());
                                Cell::decimal(x, places)
                            }
                            // A withheld figure ("[c]") stays as its words.
                            _ => Cell::text(v.as_str()),
                        }
                    })
                    .collect()
            })
            .collect(),
    }
}
