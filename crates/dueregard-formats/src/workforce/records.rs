//! CSV records (RFC 4180) read straight from the bytes, for large HR extracts: a field without
//! quotes is found with one vectorised search for the next delimiter or line end, which is most
//! of the work of a million-row file. Quoted fields, doubled quotes and line breaks inside quotes
//! are handled as the RFC says. The bytes can be one chunk of a larger file: then a record that
//! runs off the end of the chunk is left for the next one.

const NO_CLOSING_QUOTE: &str = "a quoted cell has no closing quote";

/// Where a field is: in the file, or (once its doubled quotes are undone) in the scratch buffer.
#[derive(Debug, Clone, Copy)]
enum Span {
    File(usize, usize),
    Scratch(usize, usize),
}

pub struct Records<'a> {
    bytes: &'a [u8],
    delimiter: u8,
    pos: usize,
    fields: Vec<Span>,
    scratch: Vec<u8>,
    /// Whether the bytes run to the end of the file, so that a record without a line end is
    /// the last one rather than cut short.
    last: bool,
}

impl<'a> Records<'a> {
    /// Records in one chunk of a file; `last` if no more of the file follows.
    pub fn chunk(bytes: &'a [u8], delimiter: u8, last: bool) -> Self {
        Records {
            bytes,
            delimiter,
            pos: 0,
            fields: Vec::with_capacity(32),
            scratch: Vec::new(),
            last,
        }
    }

    /// How far through the bytes reading has got: after a record, or at the start of one that
    /// the chunk cuts short.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Field `i` of the current record, or nothing past its end.
    pub fn get(&self, i: usize) -> &[u8] {
        match self.fields.get(i) {
            Some(Span::File(a, b)) => &self.bytes[*a..*b],
            Some(Span::Scratch(a, b)) => &self.scratch[*a..*b],
            None => b"",
        }
    }

    /// Reads the next record. `Ok(false)` at the end, or at a record the chunk cuts short; an
    /// error names what is wrong.
    pub fn next_record(&mut self) -> Result<bool, &'static str> {
        let start = self.pos;
        let read = self.record();
        if self.last {
            return read;
        }
        // A record that reaches the chunk's end without its line end may go on in the next
        // chunk (a carriage return may be followed by its line feed, a closing quote by another).
        let cut_short = match read {
            Ok(true) => self.pos >= self.bytes.len() && self.bytes.last() != Some(&b'\n'),
            Err(e) => e == NO_CLOSING_QUOTE,
            Ok(false) => false,
        };
        if cut_short {
            self.pos = start;
            self.fields.clear();
            return Ok(false);
        }
        read
    }

    fn record(&mut self) -> Result<bool, &'static str> {
        self.fields.clear();
        self.scratch.clear();
        let bytes = self.bytes;
        let len = bytes.len();
        if self.pos >= len {
            return Ok(false);
        }
        loop {
            let start = self.pos;
            let end_of_field;
            if bytes.get(start) == Some(&b'"') {
                let (span, after) = self.quoted(start + 1)?;
                self.fields.push(span);
                end_of_field = after;
                match bytes.get(after) {
                    None | Some(b'\n') => {}
                    Some(b'\r') if bytes.get(after + 1).is_none_or(|b| *b == b'\n') => {}
                    Some(&b) if b == self.delimiter => {}
                    Some(_) => return Err("a quoted cell has more after its closing quote"),
                }
            } else {
                let found = memchr::memchr2(self.delimiter, b'\n', &bytes[start..]);
                end_of_field = found.map_or(len, |i| start + i);
                let mut end = end_of_field;
                if end > start
                    && bytes[end - 1] == b'\r'
                    && bytes.get(end_of_field) != Some(&self.delimiter)
                {
                    end -= 1;
                }
                self.fields.push(Span::File(start, end));
            }
            match bytes.get(end_of_field) {
                Some(&b) if b == self.delimiter => self.pos = end_of_field + 1,
                Some(b'\r') => {
                    self.pos =
                        end_of_field + 1 + usize::from(bytes.get(end_of_field + 1) == Some(&b'\n'));
                    return Ok(true);
                }
                Some(_) => {
                    self.pos = end_of_field + 1;
                    return Ok(true);
                }
                None => {
                    self.pos = len;
                    return Ok(true);
                }
            }
        }
    }

    /// A quoted field whose text starts at `from`: its span and where its closing quote ends.
    fn quoted(&mut self, from: usize) -> Result<(Span, usize), &'static str> {
        let bytes = self.bytes;
        let mut at = from;
        let mut unescaped: Option<usize> = None;
        loop {
            let Some(q) = memchr::memchr(b'"', &bytes[at..]) else {
                return Err(NO_CLOSING_QUOTE);
            };
            let q = at + q;
            if bytes.get(q + 1) == Some(&b'"') {
                // A doubled quote stands for one: copy what came before it, and the quote.
                unescaped.get_or_insert(self.scratch.len());
                self.scratch.extend_from_slice(&bytes[at..=q]);
                at = q + 2;
                continue;
            }
            return Ok(match unescaped {
                None => (Span::File(from, q), q + 1),
                Some(begin) => {
                    self.scratch.extend_from_slice(&bytes[at..q]);
                    (Span::Scratch(begin, self.scratch.len()), q + 1)
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<Vec<String>> {
        let mut r = Records::chunk(text.as_bytes(), b',', true);
        let mut out = Vec::new();
        while r.next_record().unwrap_or(false) {
            out.push(
                (0..r.fields.len())
                    .map(|i| String::from_utf8_lossy(r.get(i)).into_owned())
                    .collect(),
            );
        }
        out
    }

    #[test]
    fn reads_what_the_csv_crate_reads() {
        let text = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,,\"two\nlines\"\n3,last";
        let expected: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| {
                r.map(|r| r.iter().map(str::to_string).collect())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(all(text), expected);
        assert_eq!(all(text)[1][2], "say \"hi\"");
    }

    /// Reads `text` as a file is read: `size` bytes at a time, the unread end of each chunk
    /// carried into the next, and the buffer grown when one record fills it.
    fn in_chunks(text: &[u8], size: usize) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        let (mut offset, mut buf) = (0, Vec::new());
        let mut want = size;
        loop {
            let end = (offset + want).min(text.len());
            buf.clear();
            buf.extend_from_slice(&text[offset..end]);
            let last = end == text.len();
            let mut r = Records::chunk(&buf, b',', last);
            while r.next_record().unwrap_or(false) {
                out.push(
                    (0..r.fields.len())
                        .map(|i| String::from_utf8_lossy(r.get(i)).into_owned())
                        .collect(),
                );
            }
            if last {
                return out;
            }
            let used = r.position();
            want = if used == 0 { want * 2 } else { size };
            offset += used;
        }
    }

    #[test]
    fn chunks_of_any_size_read_the_same_records() {
        let text = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,,\"two\nlines\"\n\"q\"\r\n3,last";
        let whole = all(text);
        for size in 1..=text.len() {
            assert_eq!(in_chunks(text.as_bytes(), size), whole, "chunks of {size}");
        }
    }

    #[test]
    fn refuses_broken_quotes() {
        let mut r = Records::chunk(b"\"open,no close\n", b',', true);
        assert!(r.next_record().is_err());
        let mut r = Records::chunk(b"\"closed\"x,y\n", b',', true);
        assert!(r.next_record().is_err());
    }
}
