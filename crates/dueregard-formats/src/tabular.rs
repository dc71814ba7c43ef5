//! The one writer for tables Due Regard gives out as files. Text that a spreadsheet would take
//! as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return) is written with
//! a leading apostrophe, as OWASP advises against CSV injection: a directorate named
//! `=HYPERLINK(…)` in an HR extract must not become a live link on a reader's computer.
//! Numbers are written as numbers: a cell is text or a number by its type, not by its look.

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
}
