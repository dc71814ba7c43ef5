//! Word (DOCX), OpenDocument text (ODT) and OpenDocument spreadsheet (ODS) files, read into the
//! model every plan reader shares: each paragraph a line, each table row a line of tab-separated
//! cells. A cell merged with the one above it is `cells::MERGED`; a cell spanning columns is
//! followed by empty cells. Each line keeps where it came from ("table 1, row 5") for warnings.

use super::archive::Archive;
use super::cells::MERGED;
use super::{ImportError, Lines};
use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

/// No real plan has more; a file that claims more is refused rather than expanded.
const MAX_LINES: usize = 200_000;
/// OpenDocument can say "this cell repeats 1,000 times"; a table never needs more than this.
const MAX_REPEAT: usize = 64;

pub fn read_docx(bytes: &[u8]) -> Result<Lines, ImportError> {
    let mut archive = Archive::open(bytes)?;
    let xml = archive
        .part("word/document.xml")?
        .ok_or(ImportError::NotThisKind("Word"))?;
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut c = Collector::default();
    let mut in_text = false;
    // Set by <w:vMerge/> (continue) in the cell's properties.
    let mut merged = false;
    let mut span = 1usize;
    let mut numbered = false;
    loop {
        let event = reader.read_event().map_err(|_| ImportError::Damaged)?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().into_inner() {
                    "tbl" => c.start_table(),
                    "tr" => c.start_row(),
                    "tc" => {
                        merged = false;
                        span = 1;
                        c.start_cell();
                    }
                    "vMerge" => {
                        merged = attr(e, "val").is_none_or(|v| v != "restart");
                    }
                    "gridSpan" => {
                        span = attr(e, "val")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1usize)
                            .clamp(1, MAX_REPEAT);
                    }
                    "p" if !empty => {
                        numbered = false;
                        c.start_paragraph();
                    }
                    "numPr" => numbered = true,
                    "t" if !empty => in_text = true,
                    "ta" | "br" | "cr" => c.text(" "),
                    _ => {}
                }
            }
            Event::End(ref e) => match e.local_name().into_inner() {
                "t" => in_text = false,
                "p" => c.end_paragraph(numbered)?,
                "tc" => c.end_cell(span, merged, 1),
                "tr" => c.end_row(1)?,
                "tbl" => c.end_table(),
                _ => {}
            },
            Event::Text(t) if in_text => c.text(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => c.text(&entity(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(c.finish())
}

pub fn read_odt(bytes: &[u8]) -> Result<Lines, ImportError> {
    read_opendocument(bytes, "OpenDocument text", false)
}

/// An OpenDocument spreadsheet, read as tables so that covered (merged) cells are known.
pub fn read_ods(bytes: &[u8]) -> Result<Lines, ImportError> {
    read_opendocument(bytes, "OpenDocument spreadsheet", true)
}

fn read_opendocument(bytes: &[u8], kind: &'static str, sheets: bool) -> Result<Lines, ImportError> {
    let mut archive = Archive::open(bytes)?;
    let xml = archive
        .part("content.xml")?
        .ok_or(ImportError::NotThisKind(kind))?;
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut c = Collector::default();
    let mut paragraph_depth = 0usize;
    let mut list_depth = 0usize;
    // Each open cell's span and repeat, and each open row's repeat.
    let mut cells: Vec<(usize, bool, usize)> = Vec::new();
    let mut rows: Vec<usize> = Vec::new();
    // Covered cells still to come beside the last spanning cell.
    let mut beside = 0usize;
    loop {
        let event = reader.read_event().map_err(|_| ImportError::Damaged)?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let count = |name: &str| {
                    attr(e, name)
                        .and_then(|v| v.parse::<usize>().ok())
                        .unwrap_or(1)
                        .clamp(1, MAX_REPEAT)
                };
                match e.name().into_inner() {
                    "table:table" if !empty => {
                        c.start_table();
                        if sheets && let Some(name) = attr(e, "table:name") {
                            c.sheet = Some(name);
                        }
                    }
                    "table:table-row" => {
                        beside = 0;
                        c.start_row();
                        if empty {
                            c.end_row(1)?;
                        } else {
                            rows.push(count("table:number-rows-repeated"));
                        }
                    }
                    name @ ("table:table-cell" | "table:covered-table-cell") => {
                        let mut covered = name == "table:covered-table-cell";
                        let repeat = count("table:number-columns-repeated");
                        // The columns a cell spans are written as covered cells after it: those
                        // are empty, not merged with the row above. So each cell is one column.
                        if !covered {
                            beside = count("table:number-columns-spanned") - 1;
                        } else if beside > 0 {
                            beside = beside.saturating_sub(repeat);
                            covered = false;
                        }
                        let span = 1;
                        c.start_cell();
                        if empty {
                            c.end_cell(span, covered, repeat);
                        } else {
                            cells.push((span, covered, repeat));
                        }
                    }
                    "text:list" if !empty => list_depth += 1,
                    "text:p" | "text:h" => {
                        if paragraph_depth == 0 {
                            c.start_paragraph();
                        }
                        if empty {
                            if paragraph_depth == 0 {
                                c.end_paragraph(list_depth > 0)?;
                            }
                        } else {
                            paragraph_depth += 1;
                        }
                    }
                    "text:s" => {
                        let n = attr(e, "text:c")
                            .and_then(|v| v.parse::<usize>().ok())
                            .unwrap_or(1)
                            .clamp(1, MAX_REPEAT);
                        c.text(&" ".repeat(n));
                    }
                    "text:ta" | "text:line-break" => c.text(" "),
                    _ => {}
                }
            }
            Event::End(ref e) => match e.name().into_inner() {
                "text:p" | "text:h" => {
                    paragraph_depth = paragraph_depth.saturating_sub(1);
                    if paragraph_depth == 0 {
                        c.end_paragraph(list_depth > 0)?;
                    }
                }
                "text:list" => list_depth = list_depth.saturating_sub(1),
                "table:table-cell" | "table:covered-table-cell" => {
                    let (span, covered, repeat) = cells.pop().unwrap_or((1, false, 1));
                    c.end_cell(span, covered, repeat);
                }
                "table:table-row" => {
                    let repeat = rows.pop().unwrap_or(1);
                    c.end_row(repeat)?;
                }
                "table:table" => c.end_table(),
                _ => {}
            },
            Event::Text(t) if paragraph_depth > 0 => c.text(&t.xml10_content()),
            Event::GeneralRef(r) if paragraph_depth > 0 => c.text(&entity(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(c.finish())
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.into_inner() == name || a.key.local_name().into_inner() == name)
        .map(|a| a.value.trim().to_string())
}

fn entity(r: &BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    quick_xml::escape::resolve_predefined_entity(&r.borrow().into_inner())
        .unwrap_or("")
        .to_string()
}

/// Builds lines from paragraphs and table rows as the reader walks the document.
#[derive(Default)]
struct Collector {
    out: Lines,
    paragraph: String,
    paragraphs: usize,
    tables: usize,
    /// Open tables; a table inside a cell adds its words to that cell.
    depth: usize,
    row: Vec<String>,
    rows_in_table: usize,
    cell: String,
    /// For a spreadsheet, the sheet being read: places are "sheet NAME, row N".
    sheet: Option<String>,
}

impl Collector {
    fn start_paragraph(&mut self) {
        if self.depth == 0 {
            self.paragraph.clear();
        } else if !self.cell.is_empty() && !self.cell.ends_with(' ') {
            self.cell.push(' ');
        }
    }

    fn text(&mut self, t: &str) {
        let into = if self.depth == 0 {
            &mut self.paragraph
        } else {
            &mut self.cell
        };
        // Tabs and line ends inside a cell would break the row apart.
        into.extend(t.chars().map(|c| if c.is_control() { ' ' } else { c }));
    }

    fn end_paragraph(&mut self, bulleted: bool) -> Result<(), ImportError> {
        if self.depth > 0 {
            return Ok(());
        }
        self.paragraphs += 1;
        let text = self.paragraph.trim();
        if text.is_empty() {
            return Ok(());
        }
        let line = if bulleted {
            format!("• {text}")
        } else {
            text.to_string()
        };
        let place = format!("paragraph {}", self.paragraphs);
        self.push(line, place)?;
        self.out.tables.push(None);
        Ok(())
    }

    fn start_table(&mut self) {
        self.depth += 1;
        if self.depth == 1 {
            self.tables += 1;
            self.rows_in_table = 0;
        }
    }

    fn end_table(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn start_row(&mut self) {
        if self.depth == 1 {
            self.row.clear();
        }
    }

    fn start_cell(&mut self) {
        if self.depth == 1 {
            self.cell.clear();
        }
    }

    fn end_cell(&mut self, span: usize, merged: bool, repeat: usize) {
        if self.depth != 1 {
            return;
        }
        let text = if merged {
            MERGED.to_string()
        } else {
            self.cell.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        for _ in 0..repeat {
            if self.row.len() >= MAX_REPEAT {
                break;
            }
            self.row.push(text.clone());
            self.row
                .extend(std::iter::repeat_n(String::new(), span.saturating_sub(1)));
        }
        self.cell.clear();
    }

    fn end_row(&mut self, repeat: usize) -> Result<(), ImportError> {
        if self.depth != 1 {
            return Ok(());
        }
        // Trailing empty cells carry nothing; an empty row carries nothing at all.
        while self.row.last().is_some_and(String::is_empty) {
            self.row.pop();
        }
        if self.row.is_empty() {
            self.rows_in_table += repeat;
            return Ok(());
        }
        let line = self.row.join("\t");
        for _ in 0..repeat {
            self.rows_in_table += 1;
            let place = match &self.sheet {
                Some(name) => format!("sheet {name}, row {}", self.rows_in_table),
                None => format!("table {}, row {}", self.tables, self.rows_in_table),
            };
            self.push(line.clone(), place)?;
            self.out.tables.push(Some(self.tables));
        }
        self.row.clear();
        Ok(())
    }

    fn push(&mut self, line: String, place: String) -> Result<(), ImportError> {
        if self.out.lines.len() >= MAX_LINES {
            return Err(ImportError::TooLong);
        }
        self.out.lines.push(line);
        self.out.places.push(place);
        Ok(())
    }

    fn finish(self) -> Lines {
        self.out
    }
}
