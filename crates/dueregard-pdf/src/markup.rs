//! The report as Typst markup. Every word from the records goes in as a Typst string literal,
//! never as markup, so text such as "#", "*" or "$" in an action reads as itself.

use dueregard_core::report::{Block, Figure, Report, Table};
use dueregard_formats::report_render::figure_svg;

/// A Typst string literal holding `text` exactly.
fn lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Column widths from what the columns hold: short columns as wide as their text, the rest
/// sharing what is left in proportion to their longest cell.
fn widths(t: &Table) -> String {
    let columns = t.header.len().max(1);
    let longest = |i: usize| {
        t.rows
            .iter()
            .filter_map(|r| r.get(i))
            .chain(t.header.get(i))
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0)
    };
    let parts: Vec<String> = (0..columns)
        .map(|i| match longest(i) {
            0..=18 => "auto".to_string(),
            n => format!("{}fr", (n.min(80) / 10).max(2)),
        })
        .collect();
    format!("({},)", parts.join(", "))
}

fn table(t: &Table, out: &mut String) {
    let align: Vec<&str> = (0..t.header.len())
        .map(|i| {
            if t.numeric.get(i) == Some(&true) {
                "right"
            } else {
                "left"
            }
        })
        .collect();
    out.push_str(&format!(
        "#figure(kind: table, caption: figure.caption(position: top, {}), table(columns: {}, align: ({},), table.header({}),\n",
        lit(&t.caption),
        widths(t),
        align.join(", "),
        t.header
            .iter()
            .map(|h| lit(h))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    for row in &t.rows {
        let cells: Vec<String> = (0..t.header.len())
            .map(|i| lit(row.get(i).map_or("", String::as_str)))
            .collect();
        out.push_str(&cells.join(", "));
        out.push_str(",\n");
    }
    out.push_str("))\n");
}

fn figure(f: &Figure, n: usize, out: &mut String) {
    out.push_str(&format!(
        "#figure(image(bytes({}), format: \"svg\", alt: {}, width: 100%), caption: {})\n",
        lit(&figure_svg(f, &format!("figure-{n}"))),
        lit(&f.alt),
        lit(&f.caption)
    ));
    table(&f.table, out);
}

/// The whole report as a Typst document: A4 (landscape when a table has five or more columns),
/// the title and language set for PDF/UA, page numbers in the footer.
pub fn markup(report: &Report) -> String {
    let wide = report.tables().any(|t| t.header.len() >= 5);
    let d = report.data_date;
    let mut out = format!(
        r#"#set document(title: {title}, author: {org}, date: datetime(year: {y}, month: {m}, day: {day}))
#set text(font: "DejaVu Sans", size: 9.5pt, lang: "en", region: "gb", hyphenate: false)
#set page(paper: "a4", flipped: {wide}, margin: (x: 16mm, y: 18mm), footer: context text(size: 8pt)[#{org} #h(1fr) Page #counter(page).display("1 of 1", both: true)])
#set par(justify: false, leading: 0.6em)
#set table(stroke: 0.5pt + luma(150), inset: 5pt, fill: (_, y) => if y == 0 {{ luma(235) }})
#show table.cell.where(y: 0): set text(weight: "bold")
#show figure: set block(breakable: true)
#show figure.where(kind: table): set figure.caption(position: top)
#show heading.where(level: 1): set text(size: 20pt)
#show heading.where(level: 2): set text(size: 14pt)
#show heading: set block(above: 1.4em, below: 0.8em)
#text(size: 11pt, fill: luma(80), {org})
#heading(level: 1, {heading})
#text(size: 12pt, {covering})
"#,
        title = lit(&format!("{}: {}", report.title, report.organisation)),
        org = lit(&report.organisation),
        heading = lit(&report.title),
        covering = lit(&report.covering),
        y = d.year(),
        m = d.month(),
        day = d.day(),
    );
    let mut figures = 0;
    for s in &report.sections {
        out.push_str(&format!("#heading(level: 2, {})\n", lit(&s.heading)));
        for b in &s.blocks {
            match b {
                Block::Paragraph(p) => out.push_str(&format!("#par({})\n", lit(p))),
                Block::Note(n) => out.push_str(&format!("#par(text(size: 8.5pt, {}))\n", lit(n))),
                Block::Table(t) => table(t, &mut out),
                Block::Figure(f) => {
                    figures += 1;
                    figure(f, figures, &mut out);
                }
            }
        }
    }
    if !report.sources.is_empty() {
        out.push_str("#heading(level: 2, \"Sources\")\n");
        for s in &report.sources {
            out.push_str(&format!("- #{}\n", lit(s)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_goes_in_as_itself() {
        assert_eq!(lit(r#"a "b" \ #c $d"#), r#""a \"b\" \\ #c $d""#);
        assert_eq!(lit("one\ntwo\r"), r#""one\ntwo""#);
    }
}
