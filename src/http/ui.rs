//! The web UI (`ui/dist`, built by build.rs): embedded in release binaries,
//! read from disk in debug builds. Every path outside `/api` that is not a
//! file of the UI gets its `index.html` (the UI routes by `#/…`).
//!
//! `KYHOP_UI_DIR` names another built UI to serve instead, read from disk at
//! each request: a UI developer (or a second work tree) tries a new build
//! against an existing server binary without rebuilding it.

use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

#[derive(rust_embed::RustEmbed)]
#[folder = "ui/dist"]
struct Assets;

fn no_route() -> Response {
    ApiError::new(StatusCode::NOT_FOUND, "no_route", "no such route").into_response()
}

/// Serves the UI, or the API's JSON 404 for unknown `/api` routes.
pub async fn fallback(method: Method, uri: Uri) -> Response {
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") || !matches!(method, Method::GET | Method::HEAD)
    {
        return no_route();
    }
    let name = path.trim_start_matches('/');
    if let Some(dir) = std::env::var_os("KYHOP_UI_DIR") {
        return from_dir(std::path::Path::new(&dir), name).await;
    }
    if let Some(file) = Assets::get(name).filter(|_| !name.is_empty()) {
        let mime = file.metadata.mimetype().to_owned();
        return file_response(file.data, mime, cache_for(name));
    }
    match Assets::get("index.html") {
        Some(index) => {
            let mime = index.metadata.mimetype().to_owned();
            file_response(index.data, mime, "no-cache")
        }
        None => not_built(),
    }
}

/// Vite names built assets by their content hash: they never change.
fn cache_for(name: &str) -> &'static str {
    if name.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

fn not_built() -> Response {
    ApiError::new(
            StatusCode::NOT_FOUND,
            "ui_not_built",
            "the web UI is not built: run `npm ci && npm run build` in ui/ (cargo build does it when npm is installed)",
    )
    .into_response()
}

/// Serves `name` from a UI build on disk (`KYHOP_UI_DIR`); only plain path
/// segments are looked up, so nothing outside `dir` can be named.
async fn from_dir(dir: &std::path::Path, name: &str) -> Response {
    let plain = name
        .split('/')
        .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'));
    if plain {
        if let Ok(data) = tokio::fs::read(dir.join(name)).await {
            let mime = mime_guess::from_path(name).first_or_octet_stream();
            return file_response(data.into(), mime.to_string(), cache_for(name));
        }
    }
    match tokio::fs::read(dir.join("index.html")).await {
        Ok(data) => file_response(data.into(), "text/html".to_owned(), "no-cache"),
        Err(_) => not_built(),
    }
}

fn file_response(
    data: std::borrow::Cow<'static, [u8]>,
    mime: String,
    cache: &'static str,
) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, cache.to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        data.into_owned(),
    )
        .into_response()
}
