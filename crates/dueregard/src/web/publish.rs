//! The public site as static files, for any web host: every public page of an organisation and
//! the assets they use, read through the app itself so the files are exactly what the server
//! would send. Serve the folder as the site's root; addresses are the same as the app's.

use crate::web::error::AppError;
use crate::web::{AppState, router};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

/// Every public page of `slug` and every asset they link to: (address, bytes).
pub async fn site(state: AppState, slug: &str) -> Result<Vec<(String, Vec<u8>)>, AppError> {
    let app = router::app(state);
    let home = format!("/public/{slug}");
    let mut queue = vec![home.clone()];
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    while let Some(path) = queue.pop() {
        if files.iter().any(|(p, _)| *p == path) {
            continue;
        }
        let request = Request::get(&path)
            .body(Body::empty())
            .map_err(|e| AppError::Internal(format!("{path}: {e}")))?;
        let response = app
            .clone()
            .oneshot(request)
            .await
            .map_err(|e| AppError::Internal(format!("{path}: {e}")))?;
        if response.status() != StatusCode::OK {
            return Err(AppError::Internal(format!(
                "{path} answered {} while the site was written",
                response.status()
            )));
        }
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .map_err(|e| AppError::Internal(format!("{path}: {e}")))?
            .to_vec();
        if !path.starts_with("/assets/") {
            let text = String::from_utf8_lossy(&bytes);
            for attribute in ["href=\"", "src=\""] {
                for link in text.split(attribute).skip(1) {
                    let link = link.split(['"', '#', '?']).next().unwrap_or("");
                    let ours = link == home
                        || link.starts_with(&format!("{home}/"))
                        || link.starts_with("/assets/");
                    if ours && !queue.iter().any(|q| q == link) {
                        queue.push(link.to_string());
                    }
                }
            }
        }
        files.push((path, bytes));
    }
    files.sort();
    Ok(files)
}

/// Where a page's file goes in the folder: pages as `index.html` in a folder of their address;
/// files (assets, open data) under their own name.
pub fn file_for(address: &str) -> String {
    let relative = address.trim_start_matches('/');
    let last = relative.rsplit('/').next().unwrap_or("");
    if address.starts_with("/assets/") || last.contains('.') {
        relative.to_string()
    } else {
        format!("{relative}/index.html")
    }
}
