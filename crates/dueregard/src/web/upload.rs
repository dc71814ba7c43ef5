//! Uploaded files. A file goes to disk as it arrives, a megabyte at a time, so a large HR extract
//! never sits whole in the server's memory: the extract reader then takes it in a part at a time.
//! The file is readable by this process's user alone, and is deleted when the request is done,
//! whether it succeeded or not.

use crate::web::auth::{SignedIn, random_token, same_secret};
use crate::web::error::AppError;
use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file of our own in a folder, deleted when dropped.
pub struct TempFile {
    path: PathBuf,
}

impl TempFile {
    /// Creates a new, empty file in `dir` that only this process's user can read. The name ends
    /// with `extension` (if it is a plain one), as the readers use it as a hint to the format.
    pub fn create(dir: &Path, extension: &str) -> Result<(TempFile, std::fs::File), AppError> {
        let token = random_token()?;
        let extension: String = if !extension.is_empty()
            && extension.len() <= 8
            && extension.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            format!(".{extension}")
        } else {
            String::new()
        };
        let path = dir.join(format!(
            "{}{}{extension}",
            crate::app::files::UPLOAD_PREFIX,
            &token[..24]
        ));
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path).map_err(|e| {
            AppError::Internal(format!(
                "could not make a file for the upload in {dir:?}: {e}"
            ))
        })?;
        Ok((TempFile { path }, file))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // Nothing more can be done if it is already gone.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// An uploaded file: the name it had on the user's computer, and where it now is.
pub struct Upload {
    pub name: String,
    pub file: TempFile,
}

impl Upload {
    /// The whole file, for the readers that take a document whole.
    pub fn bytes(&self) -> Result<Vec<u8>, AppError> {
        std::fs::read(self.file.path())
            .map_err(|e| AppError::Internal(format!("could not read back the upload: {e}")))
    }
}

/// A form with one file, as the upload pages send it (multipart): the file, if one was chosen,
/// and the other fields as text.
pub struct UploadForm {
    pub fields: HashMap<String, String>,
    pub file: Option<Upload>,
}

impl UploadForm {
    /// A text field, trimmed; empty if it was not sent.
    pub fn text(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", |v| v.trim())
    }
}

/// How much of an upload is gathered in memory before it is written out.
const WRITE_EVERY: usize = 1 << 20;

/// Reads an upload form and checks it came from this session's page. `wrong_form` says where
/// to upload from; `limit` is the largest file in bytes; the file is kept in `dir`.
pub async fn read_upload(
    session: &SignedIn,
    form: Result<Multipart, MultipartRejection>,
    wrong_form: &str,
    limit: usize,
    dir: &Path,
) -> Result<UploadForm, AppError> {
    let mut form = form.map_err(|_| AppError::BadRequest(wrong_form.to_string()))?;
    let mb = limit / (1024 * 1024);
    let too_large = || AppError::TooLarge(format!("The file is larger than {mb} MB."));
    let mut upload = UploadForm {
        fields: HashMap::new(),
        file: None,
    };
    while let Some(mut field) = form.next_field().await.map_err(|_| {
        AppError::BadRequest(format!(
            "The upload could not be read. Files can be up to {mb} MB."
        ))
    })? {
        let name = field.name().unwrap_or("").to_string();
        if name != "file" {
            let text = field.text().await.unwrap_or_default();
            upload.fields.insert(name, text);
            continue;
        }
        let file_name = field.file_name().unwrap_or("").to_string();
        let extension = Path::new(&file_name)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let (temp, mut out) = TempFile::create(dir, &extension)?;
        let write_failed =
            |e: std::io::Error| AppError::Internal(format!("could not write the upload: {e}"));
        let mut pending = Vec::with_capacity(WRITE_EVERY);
        let mut len = 0u64;
        // The body limit on the route also stops a larger file; this says why in the same words.
        while let Some(chunk) = field.chunk().await.map_err(|_| too_large())? {
            len += chunk.len() as u64;
            if len > limit as u64 {
                return Err(too_large());
            }
            pending.extend_from_slice(&chunk);
            if pending.len() >= WRITE_EVERY {
                // Into the page cache: well under a millisecond for a megabyte.
                out.write_all(&pending).map_err(write_failed)?;
                pending.clear();
            }
        }
        out.write_all(&pending).map_err(write_failed)?;
        // A browser sends an empty part with no name when no file was chosen.
        if !file_name.is_empty() || len > 0 {
            upload.file = Some(Upload {
                name: file_name,
                file: temp,
            });
        }
    }
    if !same_secret(upload.text("csrf_token"), &session.csrf) {
        return Err(AppError::Forbidden(
            "This form has expired or did not come from Due Regard. Go back, reload the page and try again.".into(),
        ));
    }
    Ok(upload)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_temporary_file_is_private_named_by_its_kind_and_deleted_when_dropped() {
        let dir = std::env::temp_dir();
        let (temp, mut file) = TempFile::create(&dir, "csv").unwrap();
        file.write_all(b"Employee reference\n").unwrap();
        let path = temp.path().to_path_buf();
        assert!(path.starts_with(&dir));
        assert!(path.to_string_lossy().ends_with(".csv"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        }
        drop(temp);
        assert!(!path.exists());
        // An extension that is not a plain one is left off, so a name cannot reach elsewhere.
        for odd in ["../../etc/passwd", "c sv", "averyverylongone", ""] {
            let (temp, _) = TempFile::create(&dir, odd).unwrap();
            let name = temp
                .path()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            assert!(!name.contains('.'), "{name}");
            assert_eq!(temp.path().parent(), Some(dir.as_path()));
        }
    }
}
