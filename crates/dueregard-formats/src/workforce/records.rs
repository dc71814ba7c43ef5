//! CSV records (RFC 4180) read straight from the bytes, for large HR extracts: a field without
//! quotes is found with one vectorised search for the next delimiter or line end, which is most
//! of the work of a million-row file. Quoted fields, doubled quotes and line breaks inside quotes
//! are handled as the RFC says.

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
}

impl<'a> Records<'a> {
    pub fn new(bytes: &'a [u8], delimiter: u8) -> Self {
        Records {
            bytes,
            delimiter,
            pos: 0,
            fields: Vec::with_capacity(32),
            scratch: Vec::new(),
        }
    }

    /// How far through the bytes reading has got.
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

    /// Reads the next record. `Ok(false)` at the end; an error names what is wrong.
    pub fn next_record(&mut self) -> Result<bool, &'static str> {
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
                return Err("a quoted cell has no closing quote");
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
        let mut r = Records::new(text.as_bytes(), b',');
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

    #[test]
    fn refuses_broken_quotes() {
        let mut r = Records::new(b"\"open,no close\n", b',');
        assert!(r.next_record().is_err());
        let mut r = Records::new(b"\"closed\"x,y\n", b',');
        assert!(r.next_record().is_err());
    }
}
