//! Text encodings seen in exported council documents: UTF-8 (with or without a byte order
//! mark) and Windows-1252 (Word's "smart quotes" in ‘due regard’). Line endings are normalised.

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    /// NUL bytes or many control characters: a binary file, not text.
    Binary,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Empty => f.write_str("The file is empty"),
            DecodeError::Binary => f.write_str("The file is not text. Save it as text, Word (.docx), OpenDocument (.odt) or a spreadsheet, and try again"),
        }
    }
}

/// Windows-1252 characters 0x80–0x9F; the rest of the range is the same as Latin-1.
const CP1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Reads bytes as text: UTF-8 when they are valid UTF-8, Windows-1252 otherwise.
pub fn decode_text(bytes: &[u8]) -> Result<String, DecodeError> {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    let controls = bytes
        .iter()
        .filter(|b| **b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if bytes.contains(&0) || controls * 100 > bytes.len() {
        return Err(DecodeError::Binary);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes
            .iter()
            .map(|&b| {
                if (0x80..0xA0).contains(&b) {
                    CP1252[(b - 0x80) as usize]
                } else {
                    b as char
                }
            })
            .collect(),
    };
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_with_and_without_a_bom_and_windows_1252() {
        assert_eq!(
            decode_text("‘due regard’\r\nnext".as_bytes()),
            Ok("‘due regard’\nnext".to_string())
        );
        assert_eq!(decode_text(b"\xEF\xBB\xBFPlan"), Ok("Plan".to_string()));
        assert_eq!(
            decode_text(b"\x91due regard\x92 \x96 caf\xe9"),
            Ok("‘due regard’ – café".to_string())
        );
        assert_eq!(decode_text(b"  \n "), Err(DecodeError::Empty));
        assert_eq!(
            decode_text(b"PK\x03\x04\x00\x00binary"),
            Err(DecodeError::Binary)
        );
    }
}
