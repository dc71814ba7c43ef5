//! Plans kept in spreadsheets (XLSX, ODS, CSV). A header row names the columns; they are
//! recognised by their headings ("Objective", "Lead officer", "Target date" …) and the person
//! importing can say which column holds what where the headings are unusual. Rows become the
//! same lines as a plan's text, so one set of rules reads every format.

use super::archive::Archive;
use super::decode::decode_text;
use super::{ImportError, Lines, Warning};
use calamine::{Data, Reader};
use std::io::Cursor;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Priority,
    Code,
    Objective,
    Number,
    Action,
    Lead,
    Target,
    Outcome,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Priority,
        Field::Code,
        Field::Objective,
        Field::Number,
        Field::Action,
        Field::Lead,
        Field::Target,
        Field::Outcome,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Field::Priority => "priority",
            Field::Code => "code",
            Field::Objective => "objective",
            Field::Number => "number",
            Field::Action => "action",
            Field::Lead => "lead",
            Field::Target => "target",
            Field::Outcome => "outcome",
        }
    }

    /// Words in a heading that mark the column, checked in this order of fields so that
    /// "Detailed action/target (and lead officer)" is the action and "Target date" the target.
    fn words(self) -> &'static [&'static str] {
        match self {
            Field::Outcome => &["outcome", "indicator", "measure", "success"],
            Field::Target => &["date", "milestone", "deadline", "timescale", "when", "due"],
            Field::Action => &["action", "activity", "task", "what we will do"],
            Field::Objective => &["objective"],
            Field::Code => &["code", "ref"],
            Field::Number => &["no.", "number", "#"],
            Field::Lead => &["lead", "responsible", "owner", "officer"],
            Field::Priority => &["priority", "theme"],
        }
    }
}

const RECOGNISE_ORDER: [Field; 8] = [
    Field::Outcome,
    Field::Target,
    Field::Action,
    Field::Objective,
    Field::Code,
    Field::Number,
    Field::Lead,
    Field::Priority,
];

/// Where the person importing says a field is: a column letter ("C") or its heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnRef {
    Index(usize),
    Heading(String),
}

/// "lead=C" or "target=When it will be done".
pub fn parse_column_choice(text: &str) -> Result<(Field, ColumnRef), ImportError> {
    let (field, column) = text.split_once('=').ok_or_else(|| {
        ImportError::BadColumn(format!(
            "'{text}' should say which column holds what, like lead=C or \"target=Target date\""
        ))
    })?;
    let field = field.trim().to_lowercase();
    let field = Field::ALL
        .into_iter()
        .find(|f| f.key() == field)
        .ok_or_else(|| {
            let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
            ImportError::BadColumn(format!(
                "'{field}' is not something a plan column holds. Use one of: {}",
                keys.join(", ")
            ))
        })?;
    let column = column.trim();
    if column.is_empty() {
        return Err(ImportError::BadColumn(format!(
            "Say which column holds the {}",
            field.key()
        )));
    }
    let letters = column.len() <= 2 && column.chars().all(|c| c.is_ascii_alphabetic());
    Ok((
        field,
        if letters {
            ColumnRef::Index(column_index(column))
        } else {
            ColumnRef::Heading(column.to_string())
        },
    ))
}

/// "A" → 0, "AB" → 27.
pub fn column_index(letters: &str) -> usize {
    letters
        .chars()
        .fold(0usize, |n, c| {
            n * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1)
        })
        .saturating_sub(1)
}

pub fn column_letter(i: usize) -> String {
    let mut n = i + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push((b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

/// One sheet: its name and its rows (numbered from 1 as the spreadsheet shows them).
pub struct Sheet {
    pub name: String,
    pub rows: Vec<(usize, Vec<String>)>,
}

const MAX_ROWS: usize = 200_000;
const MAX_COLUMNS: usize = 64;

pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, ImportError> {
    Archive::open(bytes)?.check_all()?;
    let book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|_| ImportError::Damaged)?;
    read_book(book)
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
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
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

/// Which column holds each field, found from the header row and the person's choices.
#[derive(Debug, Default)]
struct Columns {
    at: Vec<(Field, usize)>,
}

impl Columns {
    fn get(&self, f: Field) -> Option<usize> {
        self.at.iter().find(|(g, _)| *g == f).map(|(_, i)| *i)
    }

    fn set(&mut self, f: Field, i: usize) {
        self.at.retain(|(g, j)| *g != f && *j != i);
        self.at.push((f, i));
    }
}

fn recognise(header: &[String], choices: &[(Field, ColumnRef)]) -> Result<Columns, ImportError> {
    let mut columns = Columns::default();
    for field in RECOGNISE_ORDER {
        let found = header.iter().enumerate().find(|(i, h)| {
            let h = h.to_lowercase();
            !columns.at.iter().any(|(_, j)| j == i) && field.words().iter().any(|w| h.contains(w))
        });
        if let Some((i, _)) = found {
            columns.at.push((field, i));
        }
    }
    for (field, column) in choices {
        let i = match column {
            ColumnRef::Index(i) => *i,
            ColumnRef::Heading(h) => header
                .iter()
                .position(|c| c.trim().eq_ignore_ascii_case(h.trim()))
                .ok_or_else(|| {
                    ImportError::BadColumn(format!(
                        "There is no column headed '{h}'. The headings are: {}",
                        header
                            .iter()
                            .filter(|h| !h.is_empty())
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?,
        };
        columns.set(*field, i);
    }
    Ok(columns)
}

/// The header row: the first of the first 30 rows that names an action column and at least one
/// other recognised column.
fn find_header(sheet: &Sheet, choices: &[(Field, ColumnRef)]) -> Option<(usize, Columns)> {
    sheet
        .rows
        .iter()
        .take(30)
        .enumerate()
        .find_map(|(i, (_, cells))| {
            let columns = recognise(cells, choices).ok()?;
            (columns.get(Field::Action).is_some() && columns.at.len() >= 2).then_some((i, columns))
        })
}

fn is_key_sheet(name: &str) -> bool {
    let n = name.to_lowercase();
    n.contains("lead") || n.contains("key") || n.contains("officer")
}

/// Turns the sheets into a plan's lines: rows above the header give the title, each table row
/// becomes "objective, action (leads), target, outcome", other sheets give the key and glossary.
pub fn plan_lines(sheets: &[Sheet], choices: &[(Field, ColumnRef)]) -> Result<Lines, ImportError> {
    // A choice by heading that matches nothing is an error worth showing, not a silent miss.
    let found = sheets
        .iter()
        .find_map(|s| find_header(s, choices).map(|h| (s, h)));
    let Some((sheet, (header_at, columns))) = found else {
        if let Some(err) = sheets
            .iter()
            .filter_map(|s| s.rows.first())
            .find_map(|(_, cells)| recognise(cells, choices).err())
        {
            return Err(err);
        }
        let first = sheets
            .iter()
            .find_map(|s| s.rows.first())
            .map(|(_, c)| filled(c).join(" | "))
            .unwrap_or_else(|| "(the spreadsheet is empty)".to_string());
        return Err(ImportError::NoHeader { found: first });
    };
    let mut out = Lines::default();
    let header = &sheet.rows[header_at].1;
    let mut used = columns.at.clone();
    used.sort_by_key(|(_, i)| *i);
    out.columns = used
        .iter()
        .map(|(f, i)| super::ColumnUse {
            column: column_letter(*i),
            heading: header.get(*i).cloned().unwrap_or_default(),
            holds: f.key().to_string(),
        })
        .collect();
    let place = |row: usize| format!("sheet {}, row {row}", sheet.name);
    let push = |out: &mut Lines, line: String, at: String| {
        out.lines.push(line);
        out.places.push(at);
    };
    for (row, cells) in &sheet.rows[..header_at] {
        push(&mut out, filled(cells).join(" "), place(*row));
    }
    let lead_column = columns.get(Field::Lead).is_some();
    push(
        &mut out,
        format!(
            "Objective\tDetailed action\tTarget date\tPlanned outcome{}",
            if lead_column { "\tLead officer" } else { "" }
        ),
        place(sheet.rows[header_at].0),
    );
    let mut key = Key::default();
    let cell = |cells: &[String], f: Field| -> String {
        columns
            .get(f)
            .and_then(|i| cells.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let mut priority_count = 0;
    let mut last_priority = String::new();
    let mut trailing: Vec<(usize, Vec<String>)> = Vec::new();
    for (row, cells) in &sheet.rows[header_at + 1..] {
        let filled = filled(cells);
        let first = filled.first().copied().unwrap_or("");
        let lower = first.to_lowercase();
        if !trailing.is_empty() || lower.starts_with("lead officers") || lower == "glossary" {
            trailing.push((*row, cells.clone()));
            continue;
        }
        // A priority written across the row, as in the printed plans.
        if filled.len() == 1 && lower.starts_with("priority ") {
            push(&mut out, first.to_string(), place(*row));
            continue;
        }
        let priority = cell(cells, Field::Priority);
        if !priority.is_empty() && priority != last_priority {
            priority_count += 1;
            last_priority = priority.clone();
            push(
                &mut out,
                priority_line(&priority, priority_count),
                place(*row),
            );
        }
        let code = cell(cells, Field::Code);
        let mut objective = cell(cells, Field::Objective);
        if !code.is_empty() {
            let code = code.trim_end_matches('.');
            objective = if objective.is_empty() {
                format!("{code}.")
            } else {
                format!("{code}. {objective}")
            };
        }
        let mut action = cell(cells, Field::Action);
        let number = cell(cells, Field::Number);
        let number = number.trim_matches(|c| c == '(' || c == ')' || c == '.');
        if !number.is_empty() && !action.is_empty() && number.chars().all(|c| c.is_ascii_digit()) {
            action = format!("({number}) {action}");
        }
        let mut parts = vec![
            objective,
            action,
            cell(cells, Field::Target),
            cell(cells, Field::Outcome),
        ];
        if lead_column {
            let lead = cell(cells, Field::Lead);
            parts.push(
                key.initials_for(&lead, *row, &sheet.name, &mut out.notes)
                    .join("/"),
            );
        }
        let line = parts.join("\t");
        if line.trim().is_empty() {
            continue;
        }
        push(&mut out, line, place(*row));
    }
    // The key and glossary: from rows under the table, and from sheets of their own.
    let mut in_glossary = false;
    let mut key_lines = Vec::new();
    let mut glossary_lines = Vec::new();
    for (row, cells) in &trailing {
        let filled = filled(cells);
        let lower = filled.first().map(|c| c.to_lowercase()).unwrap_or_default();
        if lower.starts_with("lead officers") {
            in_glossary = false;
            if filled.len() > 1 {
                key_lines.push((filled[1..].join(" – "), place(*row)));
            }
            continue;
        }
        if lower == "glossary" {
            in_glossary = true;
            continue;
        }
        let line = (filled.join(" – "), place(*row));
        if in_glossary {
            glossary_lines.push(line);
        } else {
            key_lines.push(line);
        }
    }
    for other in sheets.iter().filter(|s| !std::ptr::eq(*s, sheet)) {
        let lines: Vec<(String, String)> = other
            .rows
            .iter()
            .map(|(row, cells)| {
                (
                    filled(cells).join(" – "),
                    format!("sheet {}, row {row}", other.name),
                )
            })
            .collect();
        if other.name.to_lowercase().contains("glossary") {
            glossary_lines.extend(lines);
        } else if is_key_sheet(&other.name) {
            key_lines.extend(lines);
        }
    }
    for (initials, name) in &key.derived {
        key_lines.push((
            format!("{initials} – {name}"),
            "the lead column".to_string(),
        ));
    }
    if !key_lines.is_empty() {
        push(
            &mut out,
            "Lead officers for actions".to_string(),
            "lead officers".to_string(),
        );
        for (l, at) in key_lines {
            push(&mut out, l, at);
        }
    }
    if !glossary_lines.is_empty() {
        push(&mut out, "Glossary".to_string(), "glossary".to_string());
        for (l, at) in glossary_lines {
            push(&mut out, l, at);
        }
    }
    Ok(out)
}

/// The cells of a row that hold something.
fn filled(cells: &[String]) -> Vec<&str> {
    cells
        .iter()
        .map(String::as_str)
        .filter(|c| !c.is_empty())
        .collect()
}

/// "3. Communicating and promoting equality", "Priority 3: …" or just a title.
fn priority_line(cell: &str, count: i64) -> String {
    let rest = cell
        .strip_prefix("Priority ")
        .or_else(|| cell.strip_prefix("priority "))
        .unwrap_or(cell);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        format!("Priority {count}. {cell}")
    } else {
        let title = rest[digits.len()..].trim_start_matches(['.', ':', ' ']);
        format!("Priority {digits}. {title}")
    }
}

/// Lead officers named in a lead column: initials as they are, full names given initials so
/// the plan's key can name them.
#[derive(Default)]
struct Key {
    derived: Vec<(String, String)>,
}

impl Key {
    fn initials_for(
        &mut self,
        cell: &str,
        row: usize,
        sheet: &str,
        notes: &mut Vec<Warning>,
    ) -> Vec<String> {
        cell.split(['/', ',', ';', '&'])
            .flat_map(|p| p.split(" and "))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .filter_map(|part| {
                if (1..=4).contains(&part.len()) && part.chars().all(|c| c.is_ascii_uppercase()) {
                    return Some(part.to_string());
                }
                if let Some((i, _)) = self.derived.iter().find(|(_, n)| n == part) {
                    return Some(i.clone());
                }
                let words: Vec<&str> = part.split_whitespace().collect();
                let base: String = words
                    .iter()
                    .filter_map(|w| w.chars().find(char::is_ascii_alphabetic))
                    .map(|c| c.to_ascii_uppercase())
                    .take(4)
                    .collect();
                let surname: Vec<char> = words
                    .last()
                    .map(|w| w.chars().filter(char::is_ascii_alphabetic).skip(1).collect())
                    .unwrap_or_default();
                let free = |i: &str| !self.derived.iter().any(|(d, _)| d == i);
                let mut candidate = base.clone();
                let mut extra = surname.iter();
                while !candidate.is_empty() && !free(&candidate) && candidate.len() < 4 {
                    match extra.next() {
                        Some(c) => candidate.push(c.to_ascii_uppercase()),
                        None => break,
                    }
                }
                if candidate.is_empty() || !free(&candidate) {
                    notes.push(Warning {
                        line: 0,
                        at: format!("sheet {sheet}, row {row}"),
                        message: format!(
                            "The lead officer '{part}' could not be told apart from another with the same initials; check the leads of this row"
                        ),
                    });
                    return None;
                }
                self.derived.push((candidate.clone(), part.to_string()));
                Some(candidate)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Vec<Sheet> {
        vec![Sheet {
            name: "Plan".into(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| (i + 1, r.iter().map(|c| c.to_string()).collect()))
                .collect(),
        }]
    }

    #[test]
    fn columns_by_letter_and_heading() {
        assert_eq!(column_index("A"), 0);
        assert_eq!(column_index("ab"), 27);
        assert_eq!(column_letter(27), "AB");
        assert_eq!(
            parse_column_choice("lead=C").ok(),
            Some((Field::Lead, ColumnRef::Index(2)))
        );
        assert_eq!(
            parse_column_choice("target = When by").ok(),
            Some((Field::Target, ColumnRef::Heading("When by".into())))
        );
        assert!(matches!(
            parse_column_choice("colour=B"),
            Err(ImportError::BadColumn(m)) if m.contains("outcome")
        ));
    }

    #[test]
    fn rows_become_plan_lines_with_names_given_initials() {
        let sheets = sheet(&[
            &["Equality plan 2014/15", "", ""],
            &[
                "Theme",
                "Ref",
                "Objective",
                "Action",
                "Responsible officer",
                "When by",
                "Success measure",
            ],
            &[
                "Fair access",
                "CE1",
                "Keep guidance current",
                "Review guidance",
                "Simon Manson",
                "April 2014",
                "Guidance reviewed",
            ],
            &["", "", "", "Train staff", "Sue Mann / JW", "", ""],
        ]);
        let lines = plan_lines(&sheets, &[]).expect("a header");
        assert_eq!(lines.lines[0], "Equality plan 2014/15");
        assert_eq!(lines.lines[2], "Priority 1. Fair access");
        assert_eq!(
            lines.lines[3],
            "CE1. Keep guidance current\tReview guidance\tApril 2014\tGuidance reviewed\tSM"
        );
        assert_eq!(
            lines.lines[4], "\tTrain staff\t\t\tSMA/JW",
            "a clash of initials is resolved"
        );
        assert!(lines.lines.contains(&"SM – Simon Manson".to_string()));
        assert!(lines.lines.contains(&"SMA – Sue Mann".to_string()));
        assert_eq!(lines.places[3], "sheet Plan, row 3");
    }

    #[test]
    fn no_header_is_a_clear_error_and_a_choice_can_name_the_columns() {
        let sheets = sheet(&[&["Colour", "Size"], &["Red", "Large"]]);
        match plan_lines(&sheets, &[]) {
            Err(ImportError::NoHeader { found }) => assert_eq!(found, "Colour | Size"),
            other => panic!("{other:?}"),
        }
        let chosen = [
            (Field::Action, ColumnRef::Index(0)),
            (Field::Outcome, ColumnRef::Heading("size".into())),
        ];
        let lines = plan_lines(&sheets, &chosen).expect("columns chosen");
        assert_eq!(
            lines.lines.last().map(String::as_str),
            Some("\tRed\t\tLarge")
        );
        let bad = [(Field::Action, ColumnRef::Heading("Task".into()))];
        assert!(matches!(
            plan_lines(&sheets, &bad),
            Err(ImportError::BadColumn(m)) if m.contains("Colour, Size")
        ));
    }
}
