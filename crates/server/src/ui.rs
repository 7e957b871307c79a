//! The web UI (`ui/dist`, built by build.rs): embedded in release binaries,
//! read from disk in debug builds. Every path outside `/api` that is not a
//! file of the UI gets its `index.html` (the UI routes by `#/…`).
//!
//! Only the gzip copies the UI build writes beside its files (`NAME.gz`)
//! are embedded: the binary carries the UI once, compressed, and a browser
//! that accepts gzip (every one) gets those bytes as they are; any other
//! client gets them inflated.
//!
//! `KYHOP_UI_DIR` names another built UI to serve instead, read from disk at
//! each request: a UI developer (or a second work tree) tries a new build
//! against an existing server binary without rebuilding it.

use std::borrow::Cow;
use std::io::Read;

use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use crate::http::error::ApiError;

#[derive(rust_embed::RustEmbed)]
#[folder = "../../ui/dist"]
#[include = "*.gz"]
struct Assets;

/// The embedded gzip copy of the UI's file `name`.
fn packed(name: &str) -> Option<Cow<'static, [u8]>> {
    Assets::get(&format!("{name}.gz")).map(|file| file.data)
}

fn no_route() -> Response {
    ApiError::new(StatusCode::NOT_FOUND, "no_route", "no such route").into_response()
}

/// Serves the UI, or the API's JSON 404 for unknown `/api` routes.
pub async fn fallback(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") || !matches!(method, Method::GET | Method::HEAD)
    {
        return no_route();
    }
    let name = path.trim_start_matches('/');
    if let Some(dir) = std::env::var_os("KYHOP_UI_DIR") {
        return from_dir(std::path::Path::new(&dir), name).await;
    }
    let gzip_ok = accepts_gzip(&headers);
    if let Some(data) = packed(name).filter(|_| !name.is_empty()) {
        return packed_response(data, gzip_ok, mime_of(name), cache_for(name));
    }
    match packed("index.html") {
        Some(index) => packed_response(index, gzip_ok, "text/html".to_owned(), "no-cache"),
        None => not_built(),
    }
}

fn mime_of(name: &str) -> String {
    mime_guess::from_path(name)
        .first_or_octet_stream()
        .to_string()
}

/// Whether the request's `Accept-Encoding` takes gzip: named (as `gzip` or
/// `x-gzip`) with a weight above 0, or not named and `*` above 0.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let mut named = None;
    let mut any = None;
    let codings = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','));
    for coding in codings {
        let mut parts = coding.split(';').map(str::trim);
        let name = parts.next().unwrap_or("");
        let weight = parts
            .find_map(|p| {
                let (key, value) = p.split_once('=')?;
                key.trim()
                    .eq_ignore_ascii_case("q")
                    .then(|| value.trim().parse::<f32>().ok())?
            })
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
            named = Some(weight > 0.0);
        } else if name == "*" {
            any = Some(weight > 0.0);
        }
    }
    named.or(any).unwrap_or(false)
}

fn packed_response(
    data: Cow<'static, [u8]>,
    gzip_ok: bool,
    mime: String,
    cache: &'static str,
) -> Response {
    let bytes = match data {
        Cow::Borrowed(bytes) => Bytes::from_static(bytes),
        Cow::Owned(bytes) => Bytes::from(bytes),
    };
    if gzip_ok {
        let mut response = file_response(bytes, mime, cache);
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        return response;
    }
    let mut plain = Vec::new();
    match flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut plain) {
        Ok(_) => {
            let mut response = file_response(plain.into(), mime, cache);
            response
                .headers_mut()
                .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "an embedded UI file does not inflate");
            ApiError::internal().into_response()
        }
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

fn file_response(data: Bytes, mime: String, cache: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, cache.to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        data,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepts(value: &str) -> bool {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        accepts_gzip(&headers)
    }

    #[test]
    fn gzip_is_sent_only_where_accepted() {
        assert!(accepts("gzip, deflate, br"));
        assert!(accepts("br;q=1.0, GZIP;q=0.5"));
        assert!(accepts("x-gzip"));
        assert!(accepts("*"));
        assert!(!accepts("gzip;q=0, identity"));
        assert!(!accepts("gzip; Q=0"));
        assert!(!accepts("gzip;q=0, *"), "a refusal by name beats *");
        assert!(!accepts("*;q=0"));
        assert!(!accepts("identity"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
