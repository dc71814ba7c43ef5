//! Word, OpenDocument and Excel files are ZIP archives. These are read with hard limits, so a
//! file built to unpack to gigabytes (a "ZIP bomb") is refused rather than filling memory.

use super::ImportError;
use std::io::{Cursor, Read};

/// No part of a plan or report comes near this when unpacked.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// All parts together.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// Office files have tens of parts; thousands means something else.
pub const MAX_PARTS: usize = 5_000;
/// Text compresses well, but not by more than this in real documents.
const MAX_RATIO: u64 = 200;

/// What a part says of itself before it is unpacked: too large, or packed too tightly to be a
/// real document (small parts are let through whatever their ratio).
fn unpacks_too_far(declared: u64, packed: u64) -> bool {
    declared > MAX_PART_BYTES || declared > packed.saturating_mul(MAX_RATIO).max(1 << 20)
}

pub struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Archive<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Archive<'a>, ImportError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ImportError::Damaged)?;
        if zip.len() > MAX_PARTS {
            return Err(ImportError::ZipBomb);
        }
        Ok(Archive { zip })
    }

    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// One part, unpacked within the limits. `None` when the archive has no such part.
    pub fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let mut file = self.zip.by_index(index).map_err(|e| match e {
            zip::result::ZipError::UnsupportedArchive(m) if m.contains("assword") => {
                ImportError::Encrypted
            }
            _ => ImportError::Damaged,
        })?;
        if file.encrypted() {
            return Err(ImportError::Encrypted);
        }
        let declared = file.size();
        if unpacks_too_far(declared, file.compressed_size()) {
            return Err(ImportError::ZipBomb);
        }
        // The declared size can lie, so the reading itself is capped too.
        let mut out = Vec::with_capacity(usize::try_from(declared.min(1 << 20)).unwrap_or(0));
        (&mut file)
            .take(MAX_PART_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(|_| ImportError::Damaged)?;
        if out.len() as u64 > MAX_PART_BYTES {
            return Err(ImportError::ZipBomb);
        }
        Ok(Some(out))
    }

    /// Unpacks every part within the limits and throws the bytes away: a check made before a
    /// file is handed to a reader that unpacks without limits of its own.
    pub fn check_all(&mut self) -> Result<(), ImportError> {
        let mut total = 0u64;
        let mut sink = [0u8; 64 * 1024];
        for i in 0..self.zip.len() {
            let mut file = self.zip.by_index(i).map_err(|_| ImportError::Damaged)?;
            if file.encrypted() {
                return Err(ImportError::Encrypted);
            }
            if unpacks_too_far(file.size(), file.compressed_size()) {
                return Err(ImportError::ZipBomb);
            }
            let mut seen = 0u64;
            loop {
                let n = file.read(&mut sink).map_err(|_| ImportError::Damaged)?;
                if n == 0 {
                    break;
                }
                seen += n as u64;
                total += n as u64;
                if seen > MAX_PART_BYTES || total > MAX_TOTAL_BYTES {
                    return Err(ImportError::ZipBomb);
                }
            }
        }
        Ok(())
    }
}
