//! Consultation responses exported from another survey tool as CSV: a heading row, then one
//! response a row. Read as UTF-8 or Windows-1252, separated by commas, semicolons or tabs
//! (whichever the heading row uses most), quoted cells across lines allowed.

use crate::import::decode::decode_text;

/// The largest file read, in bytes.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// A file's headings and rows, every cell as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvResponses {
    pub headings: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Reads the file, or says plainly why it cannot.
pub fn read(bytes: &[u8]) -> Result<CsvResponses, String> {
    if bytes.len() > MAX_BYTES {
        return Err(format!(
            "The file is larger than {} MB",
            MAX_BYTES / (1024 * 1024)
        ));
    }
    let text = decode_text(bytes).map_err(|e| e.to_string())?;
    let first = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headings: Vec<String> = reader
        .headers()
        .map_err(|e| format!("The heading row could not be read: {e}"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if headings.iter().all(String::is_empty) {
        return Err("The file has no heading row: the first row must name each column".into());
    }
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("Row {} could not be read: {e}", n + 2))?;
        if record.len() > headings.len() {
            return Err(format!(
                "Row {} has {} cells but the heading row names {} columns",
                n + 2,
                record.len(),
                headings.len()
            ));
        }
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(CsvResponses { headings, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_semicolons_tabs_and_quoted_lines_are_read() {
        let comma = read(b"Q1,Q2\n\"Buses, please\nafter six\",Agree\n").unwrap();
        assert_eq!(comma.headings, ["Q1", "Q2"]);
        assert_eq!(comma.rows[0], ["Buses, please\nafter six", "Agree"]);
        let semi = read("Q1;Q2\r\nCaf\u{e9};Agree\r\n".as_bytes()).unwrap();
        assert_eq!(semi.rows[0][0], "Café");
        let tab = read(b"\xEF\xBB\xBFQ1\tQ2\nA\tB\n").unwrap();
        assert_eq!(tab.headings, ["Q1", "Q2"]);
        // Windows-1252 from an older export.
        let old = read(b"Q1\n\x93Good\x94\n").unwrap();
        assert_eq!(old.rows[0][0], "\u{201c}Good\u{201d}");
    }

    #[test]
    fn a_file_that_cannot_be_read_says_why() {
        assert_eq!(read(b"").unwrap_err(), "The file is empty");
        assert!(
            read(b"Q1,Q2\nA,B,C\n")
                .unwrap_err()
                .starts_with("Row 2 has 3 cells")
        );
        assert!(
            read(b",\nA,B\n")
                .unwrap_err()
                .starts_with("The file has no heading row")
        );
        assert!(read(b"PK\x03\x04\x00\x00binary").is_err());
    }
}
