//! The one writer for tables Due Regard gives out as files. Text that a spreadsheet would take
//! as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return) is written with
//! a leading apostrophe, as OWASP advises against CSV injection: a directorate named
//! `=HYPERLINK(…)` in an HR extract must not become a live link on a reader's computer.
//! Numbers are written as numbers: a cell is text or a number by its type, not by its look.
//! The same tables go out as CSV, XLSX and ODS, each cell neutralised the same way.

use std::borrow::Cow;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A number, already formatted (digits, one leading minus, one point).
    Number(String),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    pub fn whole(n: impl Into<i64>) -> Cell {
        Cell::Number(n.into().to_string())
    }
    /// A number with `places` decimal places.
    pub fn decimal(n: f64, places: usize) -> Cell {
        if n.is_finite() {
            Cell::Number(format!("{n:.places$}"))
        } else {
            Cell::Empty
        }
    }
}

/// A table: its header and rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Text as it can safely go into a spreadsheet cell.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

impl Cell {
    fn written(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(t) => neutralise(t),
            Cell::Number(n) => Cow::Borrowed(n),
            Cell::Empty => Cow::Borrowed(""),
        }
    }
}

/// The table as CSV: quoted where needed.
pub fn csv(table: &Table) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail; a record that could not be written is left out whole.
    let _ = w.write_record(table.header.iter().map(|h| neutralise(h).into_owned()));
    for row in &table.rows {
        let _ = w.write_record(row.iter().map(|c| c.written().into_owned()));
    }
    w.into_inner().unwrap_or_default()
}

/// The sheets' names as both spreadsheet formats allow them: at most 31 characters, none of
/// `[]:*?/\`, and each unlike the others (two captions alike in their first 31 characters
/// would make a workbook Excel refuses to open), so " (2)" ends a repeated one.
fn sheet_names(sheets: &[(&str, &Table)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(sheets.len());
    for (n, (name, _)) in sheets.iter().enumerate() {
        let clean: String = name.chars().filter(|c| !"[]:*?/\\".contains(*c)).collect();
        let clean = if clean.trim().is_empty() {
            format!("Sheet {}", n + 1)
        } else {
            clean
        };
        let mut candidate: String = clean.chars().take(31).collect();
        let mut k = 2;
        while out
            .iter()
            .any(|o| o.to_lowercase() == candidate.to_lowercase())
        {
            let suffix = format!(" ({k})");
            candidate = clean.chars().take(31 - suffix.len()).collect::<String>() + &suffix;
            k += 1;
        }
        out.push(candidate);
    }
    out
}

/// Every row of a table, its header first, as cells.
fn all_rows(table: &Table) -> impl Iterator<Item = Vec<Cell>> + '_ {
    std::iter::once(
        table
            .header
            .iter()
            .map(|h| Cell::text(h.as_str()))
            .collect(),
    )
    .chain(table.rows.iter().cloned())
}

/// The tables as an XLSX workbook (Office Open XML), one sheet each, named.
pub fn xlsx(sheets: &[(&str, &Table)]) -> std::io::Result<Vec<u8>> {
    use crate::export::xml;
    let mut parts: Vec<(String, String)> = Vec::new();
    let mut overrides = String::new();
    let mut entries = String::new();
    let mut rels = String::new();
    let names = sheet_names(sheets);
    for (n, (_, table)) in sheets.iter().enumerate() {
        let mut rows = String::new();
        for (r, row) in all_rows(table).enumerate() {
            rows.push_str(&format!("<row r=\"{}\">", r + 1));
            for (c, cell) in row.iter().enumerate() {
                let at = format!("{}{}", crate::import::sheet::column_letter(c), r + 1);
                match cell {
                    Cell::Number(v) => rows.push_str(&format!("<c r=\"{at}\"><v>{}</v></c>", xml(v))),
                    Cell::Text(t) => rows.push_str(&format!(
                        "<c r=\"{at}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                        xml(&neutralise(t))
                    )),
                    Cell::Empty => {}
                }
            }
            rows.push_str("</row>");
        }
        parts.push((
            format!("xl/worksheets/sheet{}.xml", n + 1),
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{rows}</sheetData></worksheet>"),
        ));
        overrides.push_str(&format!("<Override PartName=\"/xl/worksheets/sheet{}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>", n + 1));
        entries.push_str(&format!(
            "<sheet name=\"{}\" sheetId=\"{}\" r:id=\"rId{}\"/>",
            xml(&names[n]),
            n + 1,
            n + 1
        ));
        rels.push_str(&format!("<Relationship Id=\"rId{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{}.xml\"/>", n + 1, n + 1));
    }
    let mut all = vec![
        ("[Content_Types].xml".to_string(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>{overrides}</Types>")),
        ("_rels/.rels".to_string(), "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".to_string()),
        ("xl/workbook.xml".to_string(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>{entries}</sheets></workbook>")),
        ("xl/_rels/workbook.xml.rels".to_string(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}</Relationships>")),
    ];
    all.extend(parts);
    let borrowed: Vec<(&str, String)> = all.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    crate::export::zip(&borrowed)
}

/// The tables as an OpenDocument spreadsheet (ODS), one sheet each, named.
pub fn ods(sheets: &[(&str, &Table)]) -> std::io::Result<Vec<u8>> {
    use crate::export::xml;
    let mut body = String::new();
    let names = sheet_names(sheets);
    for (n, (_, table)) in sheets.iter().enumerate() {
        body.push_str(&format!("<table:table table:name=\"{}\">", xml(&names[n])));
        for row in all_rows(table) {
            body.push_str("<table:table-row>");
            for cell in &row {
                match cell {
                    Cell::Number(v) => body.push_str(&format!(
                        "<table:table-cell office:value-type=\"float\" office:value=\"{0}\"><text:p>{0}</text:p></table:table-cell>",
                        xml(v)
                    )),
                    Cell::Text(t) => body.push_str(&format!(
                        "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                        xml(&neutralise(t))
                    )),
                    Cell::Empty => body.push_str("<table:table-cell/>"),
                }
            }
            body.push_str("</table:table-row>");
        }
        body.push_str("</table:table>");
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.3\"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    crate::export::zip(&[
        (
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet".to_string(),
        ),
        ("META-INF/manifest.xml", manifest.to_string()),
        ("content.xml", content),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes)
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn sheet_names_are_allowed_and_never_repeat() {
        let t = Table::default();
        let long = "Actions serving: Improve awareness of domestic abuse";
        let names = sheet_names(&[(long, &t), (long, &t), ("a/b", &t), ("", &t), ("A/B", &t)]);
        assert_eq!(names[0], "Actions serving Improve awarene");
        assert_eq!(names[1], "Actions serving Improve awa (2)");
        assert_eq!(names[2], "ab");
        assert_eq!(names[3], "Sheet 4");
        assert_eq!(
            names[4], "AB (2)",
            "names differing only in case are the same to Excel"
        );
        assert!(names.iter().all(|n| n.chars().count() <= 31));
    }

    #[test]
    fn formulas_in_text_are_neutralised_and_numbers_stay_numbers() {
        let dangerous = [
            "=HYPERLINK(\"http://example.com\",\"x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1:A2)",
            "\tcmd",
            "\rcmd",
        ];
        let table = Table {
            header: vec!["=name".into(), "count".into()],
            rows: dangerous
                .iter()
                .map(|d| vec![Cell::text(*d), Cell::decimal(-33.4, 1)])
                .chain([vec![Cell::text("Resources"), Cell::whole(-5)]])
                .collect(),
        };
        let back = read(&csv(&table));
        assert_eq!(back[0], ["'=name", "count"]);
        for (row, d) in back[1..].iter().zip(dangerous) {
            assert_eq!(row[0], format!("'{d}"));
            assert_eq!(row[1], "-33.4", "a negative number is a number");
        }
        assert_eq!(back.last().unwrap(), &["Resources", "-5"]);
        for row in &back {
            for cell in &row[..1] {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{cell:?}"
                );
            }
        }
    }

    #[test]
    fn quotes_commas_and_line_breaks_survive() {
        let table = Table {
            header: vec!["a".into()],
            rows: vec![vec![Cell::text("one, \"two\"\nthree")], vec![Cell::Empty]],
        };
        assert_eq!(read(&csv(&table))[1][0], "one, \"two\"\nthree");
        assert_eq!(Cell::decimal(f64::NAN, 1), Cell::Empty);
    }

    #[test]
    fn xlsx_and_ods_read_back_as_the_csv_does() {
        let table = Table {
            header: vec!["Directorate".into(), "Count".into(), "Share".into()],
            rows: vec![
                vec![
                    Cell::text("=HYPERLINK(\"x\")"),
                    Cell::whole(12),
                    Cell::decimal(33.3, 1),
                ],
                vec![
                    Cell::text("Place & <Environment>"),
                    Cell::text("[c]"),
                    Cell::Empty,
                ],
                vec![Cell::text("-1+2"), Cell::whole(-3), Cell::decimal(-0.5, 1)],
            ],
        };
        let from_csv = read(&csv(&table));
        use calamine::Reader;
        let sheets: [(&str, Vec<u8>); 2] = [
            (
                "xlsx",
                xlsx(&[("Sex: by directorate [2026]", &table)]).unwrap(),
            ),
            (
                "ods",
                ods(&[("Sex: by directorate [2026]", &table)]).unwrap(),
            ),
        ];
        for (what, bytes) in sheets {
            let mut book =
                calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
            assert_eq!(
                book.sheet_names(),
                vec!["Sex by directorate 2026".to_string()],
                "{what}"
            );
            let range = book.worksheet_range_at(0).unwrap().unwrap();
            let back: Vec<Vec<String>> = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            assert_eq!(back, from_csv, "{what}");
        }
    }
}
