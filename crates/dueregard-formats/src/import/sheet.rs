//! Spreadsheets (XLSX, ODS, CSV) read into sheets of rows, with a merged range's covered cells
//! marked; `to_lines` turns them into the model every plan reader shares.

use super::archive::Archive;
use super::cells::MERGED;
use super::decode::decode_text;
use super::{ImportError, Lines};
use calamine::{Data, Reader};
use std::io::Cursor;

pub use super::columns::{ColumnRef, Field, column_index, column_letter, parse_column_choice};

/// One sheet: its name and its rows (numbered from 1 as the spreadsheet shows them).
pub struct Sheet {
    pub name: String,
    pub rows: Vec<(usize, Vec<String>)>,
}

const MAX_ROWS: usize = 200_000;
const MAX_COLUMNS: usize = 64;

pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, ImportError> {
    Archive::open(bytes)?.check_all()?;
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|_| ImportError::Damaged)?;
    // Merged ranges, by sheet: (first row, first column, last row, last column), from 0.
    let mut merges = Vec::new();
    for name in book.sheet_names() {
        let ranges = book
            .merge_cells_by_sheet_name(&name)
            .map_err(|_| ImportError::Damaged)?
            .iter()
            .map(|d| {
                (
                    d.start.0 as usize,
                    d.start.1 as usize,
                    d.end.0 as usize,
                    d.end.1 as usize,
                )
            })
            .collect::<Vec<_>>();
        merges.push(ranges);
    }
    let mut sheets = read_book(book)?;
    for (sheet, ranges) in sheets.iter_mut().zip(&merges) {
        mark_merged(sheet, ranges);
    }
    Ok(sheets)
}

/// Marks each cell a merged range covers below its first row, as Word's merged cells are.
fn mark_merged(sheet: &mut Sheet, ranges: &[(usize, usize, usize, usize)]) {
    for (row, cells) in &mut sheet.rows {
        let r = *row - 1;
        for &(top, left, bottom, _) in ranges {
            if r <= top || r > bottom || left >= MAX_COLUMNS {
                continue;
            }
            if cells.len() <= left {
                cells.resize(left + 1, String::new());
            }
            if cells[left].is_empty() {
                cells[left] = MERGED.to_string();
            }
        }
    }
}

pub fn read_ods(bytes: &[u8]) -> Result<Vec<Sheet>, ImportError> {
    Archive::open(bytes)?.check_all()?;
    let book = calamine::Ods::new(Cursor::new(bytes)).map_err(|_| ImportError::Damaged)?;
    read_book(book)
}

fn read_book<RS, R>(mut book: R) -> Result<Vec<Sheet>, ImportError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
{
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|_| ImportError::Damaged)?;
        let first_row = range.start().map_or(0, |(r, _)| r as usize);
        let first_col = range.start().map_or(0, |(_, c)| c as usize);
        let mut rows = Vec::new();
        for (i, row) in range.rows().enumerate() {
            if i >= MAX_ROWS {
                return Err(ImportError::TooLong);
            }
            let mut cells = vec![String::new(); first_col.min(MAX_COLUMNS)];
            cells.extend(
                row.iter()
                    .take(MAX_COLUMNS.saturating_sub(first_col))
                    .map(cell_text),
            );
            if cells.iter().any(|c| !c.is_empty()) {
                rows.push((first_row + i + 1, cells));
            }
        }
        sheets.push(Sheet { name, rows });
    }
    Ok(sheets)
}

fn cell_text(d: &Data) -> String {
    let text = match d {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "Yes" } else { "No" }.to_string(),
        // A date cell: written out as people write target dates.
        Data::DateTime(d) => excel_date(d.as_f64()).unwrap_or_default(),
        Data::Error(_) | Data::Empty => String::new(),
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Days since 30 December 1899, as spreadsheets count them.
fn excel_date(serial: f64) -> Option<String> {
    if !(1.0..200_000.0).contains(&serial) {
        return None;
    }
    let day = jiff::civil::date(1899, 12, 30)
        .checked_add(jiff::Span::new().days(serial.floor() as i64))
        .ok()?;
    Some(dueregard_core::period::long_date(day))
}

/// A CSV file: comma, semicolon or tab separated, in UTF-8 or Windows-1252.
pub fn read_csv(bytes: &[u8]) -> Result<Vec<Sheet>, ImportError> {
    let text = decode_text(bytes)?;
    // The separator the first lines use most; a title line above the table may use none.
    let head: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(10)
        .collect();
    let delimiter = [b'\t', b';', b',']
        .into_iter()
        .max_by_key(|d| {
            head.iter()
                .map(|l| l.bytes().filter(|b| b == d).count())
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        if i >= MAX_ROWS {
            return Err(ImportError::TooLong);
        }
        let record = record.map_err(|e| {
            ImportError::Unsupported(format!(
                "Row {} of the CSV file could not be read: {e}",
                i + 1
            ))
        })?;
        let cells: Vec<String> = record
            .iter()
            .take(MAX_COLUMNS)
            .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        if cells.iter().any(|c| !c.is_empty()) {
            let line = record.position().map_or(i + 1, |p| p.line() as usize);
            rows.push((line, cells));
        }
    }
    Ok(vec![Sheet {
        name: "CSV".to_string(),
        rows,
    }])
}

/// The sheets as the model every reader makes: each row a line of tab-separated cells, each
/// sheet a table, with its place ("sheet Plan, row 7").
pub fn to_lines(sheets: &[Sheet]) -> Lines {
    let mut out = Lines::default();
    for (t, sheet) in sheets.iter().enumerate() {
        for (row, cells) in &sheet.rows {
            let cells: Vec<String> = cells.iter().map(|c| c.replace('\t', " ")).collect();
            out.lines.push(cells.join("\t"));
            out.places.push(format!("sheet {}, row {row}", sheet.name));
            out.tables.push(Some(t + 1));
        }
    }
    out
}

/// The rows of a small table sent as CSV, XLSX or ODS (indicator values, incident counts): the
/// first sheet that has any, every cell as text. Says plainly why a file cannot be read.
pub fn table_rows(bytes: &[u8], file_name: &str) -> Result<Vec<Vec<String>>, ImportError> {
    use super::document::{Kind, table_kind};
    let sheets = match table_kind(bytes, file_name)? {
        Kind::Xlsx => read_xlsx(bytes)?,
        Kind::Ods => read_ods(bytes)?,
        _ => read_csv(bytes)?,
    };
    Ok(sheets
        .into_iter()
        .find(|s| !s.rows.is_empty())
        .map(|s| s.rows.into_iter().map(|(_, r)| r).collect())
        .unwrap_or_default())
}
