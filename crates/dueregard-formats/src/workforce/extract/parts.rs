//! Reading a CSV extract from disk in parts, on two threads, never whole.

use super::*;

/// Reads an extract from a file. A large CSV file is read a chunk at a time, never whole.
pub fn read_extract_file(
    path: &std::path::Path,
    options: &ExtractOptions,
) -> Result<Extract, ExtractError> {
    let file = FileSource::open(path).map_err(ExtractError::from)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut head = vec![0u8; HEAD.min(usize::try_from(file.len()).unwrap_or(HEAD))];
    let n = file.read_at(0, &mut head)?;
    head.truncate(n);
    // Spreadsheets, small files and anything that is not text are read whole, as uploads are.
    // (A spreadsheet's head is a cut-short archive, which the sniffer refuses.)
    let text = document::table_kind(&head, &name).is_ok_and(|k| k == Kind::Csv);
    if !text && file.len() > MAX_WHOLE_FILE {
        return Err(ExtractError::one(format!(
            "The file is {} MB and is not a CSV file. A spreadsheet can be up to {} MB. Save a larger extract as CSV, which is read a part at a time",
            file.len().div_ceil(1 << 20),
            MAX_WHOLE_FILE >> 20
        )));
    }
    if !text || n as u64 >= file.len() {
        return read_extract(&file.whole()?, &name, options);
    }
    read_csv(&file, options, HEAD)
}

/// The largest file read whole: a spreadsheet, or anything that is not CSV text. Unpacked, a
/// workbook takes many times its size in memory.
pub const MAX_WHOLE_FILE: u64 = 100 << 20;

/// How much of a CSV file is read first, to find its header row and delimiter.
pub(super) const HEAD: usize = 1 << 20;
/// How much of a CSV file each thread reads at a time.
const CHUNK: usize = 1 << 20;

/// Why part of a CSV file could not be read.
enum PartError {
    Refused(ExtractError),
    /// Not UTF-8: the file is read again whole, and decoded.
    NotUtf8,
}

impl From<ExtractError> for PartError {
    fn from(e: ExtractError) -> Self {
        PartError::Refused(e)
    }
}

impl From<std::io::Error> for PartError {
    fn from(e: std::io::Error) -> Self {
        PartError::Refused(e.into())
    }
}

impl From<std::io::Error> for ExtractError {
    fn from(e: std::io::Error) -> Self {
        ExtractError::one(format!("The file could not be read: {e}"))
    }
}

/// Reads a CSV extract. Its first `head` bytes must hold the header row, or it is read whole.
pub(super) fn read_csv<S: Source + ?Sized>(
    src: &S,
    options: &ExtractOptions,
    head: usize,
) -> Result<Extract, ExtractError> {
    match read_csv_parts(src, options, head) {
        Ok(extract) => Ok(extract),
        Err(PartError::Refused(e)) => Err(e),
        Err(PartError::NotUtf8) => {
            let bytes = src.whole()?;
            check_one_encoding(&bytes)?;
            let decoded = decode::decode_text(&bytes).map_err(ImportError::from)?;
            match read_csv_parts(decoded.as_bytes(), options, usize::MAX) {
                Ok(extract) => Ok(extract),
                Err(PartError::Refused(e)) => Err(e),
                Err(PartError::NotUtf8) => {
                    Err(ExtractError::one("The file's text could not be read"))
                }
            }
        }
    }
}

fn read_csv_parts<S: Source + ?Sized>(
    src: &S,
    options: &ExtractOptions,
    head: usize,
) -> Result<Extract, PartError> {
    let len = src.len();
    let mut first = vec![0u8; head.min(usize::try_from(len).unwrap_or(head))];
    let n = src.read_at(0, &mut first)?;
    first.truncate(n);
    let whole = n as u64 >= len;
    if !utf8_so_far(&first, whole) {
        return Err(PartError::NotUtf8);
    }
    let bom = if first.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let text = &first[bom..];
    let first_line = text.split(|&b| b == b'\n').next().unwrap_or(b"");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.iter().filter(|b| *b == d).count())
        .unwrap_or(b',');

    // The header: the first of the first ten rows that names three known columns.
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text);
    let mut record = csv::ByteRecord::new();
    let mut skipped = Vec::new();
    let mut header_row = 0;
    let mut header = None;
    while header_row < 10 && header.is_none() {
        match csv.read_byte_record(&mut record) {
            Ok(true) => header_row += 1,
            Ok(false) => break,
            Err(e) => return Err(unreadable(header_row + 1, &e).into()),
        }
        let cells: Vec<String> = record
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        if names_columns(&cells) {
            header = Some(cells);
        } else if cells.iter().any(|c| !c.is_empty()) {
            skipped.push(cells.join(" | "));
        }
    }
    let body_start = bom + usize::try_from(csv.position().byte()).unwrap_or(usize::MAX);
    if !whole && (header.is_none() || body_start >= first.len()) {
        // The header row runs past what was read first: read it all.
        let bytes = src.whole()?;
        return read_csv_parts(&bytes[..], options, usize::MAX);
    }
    let Some(header) = header else {
        return Err(no_header(skipped.into_iter().next()).into());
    };
    // The rows read first tell how long a row is, to size the columns; a tenth less, as an
    // estimate too small means copying every column when it runs out.
    let sample = &first[body_start.min(first.len())..];
    let lines = memchr::memchr_iter(b'\n', sample).count().max(1);
    let row_bytes = (sample.len() / lines * 9 / 10).max(16) as u64;
    let body_start = body_start as u64;

    // A large body is read in two parts at once. The second starts after the first line end
    // past the middle; if that line end is inside a quoted cell, the first part reads on to
    // the end by itself and the second part's work is set aside.
    let split = if len - body_start > 4 * CHUNK as u64 {
        line_end_after(src, body_start + (len - body_start) / 2)?
    } else {
        None
    };
    let part = |from: u64, stop: Option<u64>, progress: bool| {
        read_part(
            src, &header, delimiter, from, stop, row_bytes, options, progress,
        )
    };
    let mut reader = match split {
        None => part(body_start, None, true)?.0,
        Some(at) => {
            let (first, second) = std::thread::scope(|s| {
                let second = s.spawn(|| part(at, None, false));
                (part(body_start, Some(at), true), second.join())
            });
            let (mut first, ended) = first?;
            if ended == at {
                let second = second
                    .map_err(|_| ExtractError::one("The file could not be read"))??
                    .0;
                first.absorb(second);
            }
            first
        }
    };
    reader.row_offset(header_row);
    Ok(reader.finish()?)
}

/// Whether bytes are UTF-8, but for a character that the end of the chunk may cut in two.
fn utf8_so_far(bytes: &[u8], last: bool) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => !last && e.error_len().is_none(),
    }
}

/// Just after the first line end at or after `from`, if there is one.
fn line_end_after<S: Source + ?Sized>(src: &S, from: u64) -> std::io::Result<Option<u64>> {
    let mut window = vec![0u8; 64 * 1024];
    let mut at = from;
    loop {
        let n = src.read_at(at, &mut window)?;
        if n == 0 {
            return Ok(None);
        }
        if let Some(i) = memchr::memchr(b'\n', &window[..n]) {
            return Ok(Some(at + i as u64 + 1));
        }
        at += n as u64;
    }
}

/// Reads records from `from` to the end of the file, or until a record ends exactly at
/// `stop`. Returns the reader and where reading ended.
#[allow(clippy::too_many_arguments)]
fn read_part<'o, S: Source + ?Sized>(
    src: &S,
    header: &[String],
    delimiter: u8,
    from: u64,
    stop: Option<u64>,
    row_bytes: u64,
    options: &'o ExtractOptions,
    progress: bool,
) -> Result<(Reader<'o>, u64), PartError> {
    let len = src.len();
    let mut reader = Reader::new(header, options)?;
    // The first part takes in the second's people when both are done: room for everyone then,
    // so its columns are not copied as they grow.
    let expected = len.saturating_sub(from) / row_bytes;
    reader.reserve(usize::try_from(expected).unwrap_or(0));
    let mut buf = vec![0u8; CHUNK];
    // The file offset of buf[0], how much of buf is read, and how much of that is checked
    // to be UTF-8.
    let (mut offset, mut filled, mut checked) = (from, 0usize, 0usize);
    let mut row_no = 0;
    loop {
        filled += src.read_at(offset + filled as u64, &mut buf[filled..])?;
        let last = offset + filled as u64 >= len;
        if !utf8_so_far(&buf[checked..filled], last) {
            return Err(PartError::NotUtf8);
        }
        checked = filled;
        let mut records =
            crate::workforce::records::Records::chunk(&buf[..filled], delimiter, last);
        loop {
            if stop == Some(offset + records.position() as u64) {
                reader.records_read = row_no;
                reader.sort_pseudonyms();
                return Ok((reader, offset + records.position() as u64));
            }
            match records.next_record() {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    return Err(ExtractError::one(format!(
                        "Row {} could not be read as CSV: {e}",
                        row_no + 1
                    ))
                    .into());
                }
            }
            row_no += 1;
            if progress
                && row_no % 65_536 == 0
                && let Some(progress) = &options.progress
            {
                let at = (offset + records.position() as u64).saturating_sub(from);
                progress((at * 2).min(len), len);
            }
            reader.row(row_no, |i| records.get(i));
            if row_no > MAX_ROWS {
                return Err(ExtractError::one(format!(
                    "The file has more than {MAX_ROWS} rows, more than any employer has staff. Check you chose the right file"
                ))
                .into());
            }
        }
        if last {
            break;
        }
        let used = records.position();
        if used == 0 && filled == buf.len() {
            // One record is longer than the buffer.
            buf.resize(buf.len() * 2, 0);
        } else {
            buf.copy_within(used..filled, 0);
            filled -= used;
            checked = checked.saturating_sub(used);
            offset += used as u64;
        }
    }
    reader.records_read = row_no;
    reader.sort_pseudonyms();
    Ok((reader, len))
}

fn unreadable(row: usize, e: &csv::Error) -> ExtractError {
    ExtractError::one(format!("Row {row} could not be read as CSV: {e}"))
}

/// A file that is partly UTF-8 and partly Windows-1252 cannot be read right either way: say
/// which rows are which, so the person can fix the export.
fn check_one_encoding(bytes: &[u8]) -> Result<(), ExtractError> {
    let mut utf8_row = None;
    let mut other_row = None;
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.is_ascii() {
            continue;
        }
        match std::str::from_utf8(line) {
            Ok(_) => utf8_row = utf8_row.or(Some(i + 1)),
            Err(_) => other_row = other_row.or(Some(i + 1)),
        }
        if let (Some(u), Some(o)) = (utf8_row, other_row) {
            return Err(ExtractError::one(format!(
                "The file mixes text encodings: row {u} is UTF-8 but row {o} is not. Export it again as UTF-8 (in Excel: CSV UTF-8)"
            )));
        }
    }
    Ok(())
}
