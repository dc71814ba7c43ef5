//! A report (the core's one report model) as HTML in GOV.UK style, as an OpenDocument or Word
//! document, and its tables as spreadsheets. HTML is the canonical form; the others say the
//! same words in the same order.

use crate::export::{Block as DocBlock, Document, xml};
use crate::tabular::{self, Cell};
use dueregard_core::report::{Block, Report, Table};

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
    let mut out = format!(
        "<span class=\"govuk-caption-l\">{}</span><h1 class=\"govuk-heading-l\">{}</h1><p class=\"govuk-body-l\">{}</p>",
        xml(&report.organisation),
        xml(&report.title),
        xml(&report.covering)
    );
    for s in &report.sections {
        out.push_str(&format!(
            "<h2 class=\"govuk-heading-m\">{}</h2>",
            xml(&s.heading)
        ));
        for b in &s.blocks {
            match b {
                Block::Paragraph(p) => {
                    out.push_str(&format!("<p class=\"govuk-body\">{}</p>", xml(p)))
                }
                Block::Note(n) => {
                    out.push_str(&format!("<p class=\"govuk-body-s\">{}</p>", xml(n)))
                }
                Block::Table(t) => html_table(t, &mut out),
            }
        }
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
            }
        }
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
                let kind = if t.numeric.get(i) == Some(&true) {
                    "integer"
                } else {
                    "string"
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
                    .map(|(i, v)| match v.parse::<i64>() {
                        Ok(n) if t.numeric.get(i) == Some(&true) => Cell::whole(n),
                        _ => Cell::text(v.as_str()),
                    })
                    .collect()
            })
            .collect(),
    }
}
