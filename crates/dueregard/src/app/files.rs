//! Files that hold personal data (the database, backups, keys, uploads) are created so that only
//! the account running Due Regard can read them: files 0600, folders this creates 0700.

use anyhow::Context;
use std::fs::{File, OpenOptions};
use std::path::Path;

/// Creates `dir` and any missing parents, owner-only. A folder that is already there is left as
/// it is: it may be shared, such as the system's temporary folder.
pub fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .with_context(|| format!("could not create the folder {}", dir.display()))
}

/// Opens `path` for writing (appending, or from empty), creating it owner-only; an existing
/// file is made owner-only too.
pub fn open_private(path: &Path, append: bool) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true);
    if append {
        options.append(true);
    } else {
        options.write(true).truncate(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    restrict(path)?;
    Ok(file)
}

/// Writes `bytes` to `path`, owner-only.
pub fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut file =
        open_private(path, false).with_context(|| format!("could not write {}", path.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("could not write {}", path.display()))
}

/// What an upload's file is called while a request reads it (see `web::upload`).
pub const UPLOAD_PREFIX: &str = "dueregard-upload-";

/// Makes the upload folder (owner-only if this creates it) and deletes what uploads left in it:
/// a server that stopped mid-upload (a crash, a kill) leaves a raw HR extract behind. Answers
/// how many files were deleted.
pub fn clear_stale_uploads(dir: &Path) -> anyhow::Result<usize> {
    create_private_dir(dir)?;
    let mut removed = 0;
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("could not read {}", dir.display()))?;
    for entry in entries.flatten() {
        let stale = entry
            .file_name()
            .to_string_lossy()
            .starts_with(UPLOAD_PREFIX)
            && entry.file_type().is_ok_and(|t| t.is_file());
        if stale {
            std::fs::remove_file(entry.path()).with_context(|| {
                format!(
                    "could not delete the stale upload {}",
                    entry.path().display()
                )
            })?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Makes an existing file owner-only (a database made by an earlier version, its WAL).
pub fn restrict(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::metadata(path) {
            Ok(m) if m.permissions().mode() & 0o077 != 0 => {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            }
            Ok(_) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}
