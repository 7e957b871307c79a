//! The web UI (`ui/dist`, built by build.rs): embedded in release binaries,
//! read from disk in debug builds. Every path outside `/api` that is not a
//! file of the UI gets its `index.html` (the UI routes by `#/…`).

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
    if let Some(file) = Assets::get(name).filter(|_| !name.is_empty()) {
        // Vite names built assets by their content hash: they never change.
        let cache = if name.starts_with("assets/") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        return file_response(file, cache);
    }
    match Assets::get("index.html") {
        Some(index) => file_response(index, "no-cache"),
        None => ApiError::new(
            StatusCode::NOT_FOUND,
            "ui_not_built",
            "the web UI is not built: run `npm ci && npm run build` in ui/ (cargo build does it when npm is installed)",
        )
        .into_response(),
    }
}

fn file_response(file: rust_embed::EmbeddedFile, cache: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, file.metadata.mimetype().to_owned()),
            (header::CACHE_CONTROL, cache.to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        file.data,
    )
        .into_response()
}
