//! Where an extract's bytes come from: memory (an upload) or a file. A large CSV file is read a
//! chunk at a time, by each of two threads from its own half, so it is never held whole: copying
//! hundreds of megabytes into fresh memory costs more than reading them.

use std::borrow::Cow;

pub trait Source: Sync {
    fn len(&self) -> u64;

    /// Fills as much of `buf` as there is from `offset`; how much that was.
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize>;

    /// Every byte, for the readers that need a whole file (spreadsheets, other encodings).
    fn whole(&self) -> std::io::Result<Cow<'_, [u8]>>;
}

impl Source for [u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        let from = usize::try_from(offset).map_or(<[u8]>::len(self), |o| o.min(<[u8]>::len(self)));
        let n = buf.len().min(<[u8]>::len(self) - from);
        buf[..n].copy_from_slice(&self[from..from + n]);
        Ok(n)
    }

    fn whole(&self) -> std::io::Result<Cow<'_, [u8]>> {
        Ok(Cow::Borrowed(self))
    }
}

/// A file, read at offsets.
pub struct FileSource {
    file: std::fs::File,
    len: u64,
}

impl FileSource {
    pub fn open(path: &std::path::Path) -> std::io::Result<Self> {
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        Ok(FileSource { file, len })
    }
}

impl Source for FileSource {
    fn len(&self) -> u64 {
        self.len
    }

    /// Reads at an offset without moving a shared file position, so both threads can read the
    /// one file at once.
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        #[cfg(unix)]
        use std::os::unix::fs::FileExt;
        #[cfg(windows)]
        use std::os::windows::fs::FileExt;
        let mut filled = 0;
        while filled < buf.len() {
            let at = offset + filled as u64;
            #[cfg(unix)]
            let read = self.file.read_at(&mut buf[filled..], at);
            #[cfg(windows)]
            let read = self.file.seek_read(&mut buf[filled..], at);
            match read {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(filled)
    }

    fn whole(&self) -> std::io::Result<Cow<'_, [u8]>> {
        let len = usize::try_from(self.len)
            .map_err(|_| std::io::Error::other("the file is too large"))?;
        let mut bytes = vec![0u8; len];
        let n = self.read_at(0, &mut bytes)?;
        bytes.truncate(n);
        Ok(Cow::Owned(bytes))
    }
}
