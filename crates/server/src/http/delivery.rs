//! Delivering document files: `ETag` = SHA-256, `Range` to resume,
//! immutable caching, access checked on every request, and the session
//! packet a client syncs for reading offline.
//!
//! A confidential document (audience "listed") is never sent as stored:
//! each reader gets their own copy with their name, id and the time stamped
//! on every page ([`kyhop_docs::pdf::watermark`]). The copy is made on first use
//! and kept, so that a resumed download and the packet's SHA-256 see the
//! same bytes; the stored original stays untouched under its hash.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio_util::io::ReaderStream;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::documents::{caller_person, io_error, readable_document, readable_documents};
use super::error::{ApiError, ErrorBody};
use super::extract::{policy, Caller, Json, Path, Query};
use super::AppState;
use kyhop_docs::pdf::watermark::Stamp;
use kyhop_domain::{Confidentiality, Document, DocumentVersion, PacketEntry, ReaderCopy};

/// Bytes read from disk per body chunk: large enough that a 50 MB file is
/// not 12,000 small writes, small enough for 200 downloads at once.
const CHUNK: usize = 256 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(download))
        .routes(routes!(packet))
}

/// The file a reader gets for a version, as (SHA-256, size): the stored
/// file, or for a confidential document the reader's own stamped copy.
async fn file_for_reader(
    state: &AppState,
    caller: &Caller,
    document: &Document,
    version: &DocumentVersion,
) -> Result<(String, u64), ApiError> {
    if document.confidentiality != Confidentiality::Listed {
        return Ok((version.sha256.clone(), version.byte_size));
    }
    let copy = match state
        .store
        .reader_copy(document.id, version.version, caller.id())
        .await?
    {
        Some(copy) => copy,
        None => make_reader_copy(state, caller, document, version).await?,
    };
    Ok((copy.sha256, copy.byte_size))
}

async fn make_reader_copy(
    state: &AppState,
    caller: &Caller,
    document: &Document,
    version: &DocumentVersion,
) -> Result<ReaderCopy, ApiError> {
    let issued_at = Utc::now();
    let stamp = match caller_person(state, caller).await? {
        Some(person) => Stamp::for_reader(
            &person.full_name,
            &format!("mã đại biểu {}", person.id),
            issued_at,
        ),
        None => Stamp::for_reader(
            &caller.account.display_name,
            &format!("tài khoản {}", caller.account.username),
            issued_at,
        ),
    };
    // The original came from outside: it is parsed again, to stamp it, only
    // in the bounded child, which writes the copy into the blob store's
    // temporary area.
    let incoming = state.blobs.incoming().await.map_err(io_error)?;
    let out = incoming.path().to_owned();
    state
        .pdf_children
        .stamp(&state.blobs.path_of(&version.sha256), &stamp, &out)
        .await
        .map_err(|e| {
            tracing::error!(document = document.id, error = %e, "stamping a confidential copy failed");
            ApiError::internal()
        })?;
    let received = incoming.take_written().await.map_err(io_error)?;
    let sha256 = received.sha256.clone();
    let byte_size = received.size;
    let created = state.blobs.keep(received).await.map_err(io_error)?;
    let kept = state
        .store
        .keep_reader_copy(ReaderCopy {
            document_id: document.id,
            version: version.version,
            account_id: caller.id(),
            sha256: sha256.clone(),
            byte_size,
            issued_at,
        })
        .await?;
    if created && kept.sha256 != sha256 {
        // Another request made this reader's copy first; ours is not needed.
        let _ = state.blobs.forget(&sha256).await;
    }
    Ok(kept)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionQuery {
    /// Default: the current version.
    pub version: Option<u32>,
    /// `true` when a laptop fetches the file ahead, to read it offline
    /// later: that is not a read (the laptop reports the read when the
    /// document is opened).
    #[serde(default)]
    pub prefetch: bool,
}

/// A file never changes under its URL, so the browser may keep it; but a
/// confidential reader's copy must not stay on a laptop that others use
/// (the desktop app keeps its own offline copy, in its protected store).
fn cache_control(document: &Document) -> &'static str {
    match document.confidentiality {
        Confidentiality::Listed => "no-store",
        _ => "private, max-age=31536000, immutable",
    }
}

/// A single byte range `start..=end` of a file of `size` bytes, from a
/// `Range` header; `Err` when it cannot be satisfied.
fn byte_range(header: Option<&str>, size: u64) -> Result<Option<(u64, u64)>, ()> {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None); // several ranges: send the whole file, as RFC 9110 allows
    }
    let (a, b) = spec.split_once('-').ok_or(())?;
    let (start, end) = match (a.trim(), b.trim()) {
        ("", suffix) => {
            let n: u64 = suffix.parse().map_err(|_| ())?;
            if n == 0 {
                return Err(());
            }
            (size.saturating_sub(n), size.saturating_sub(1))
        }
        (from, "") => (from.parse().map_err(|_| ())?, size.saturating_sub(1)),
        (from, to) => (
            from.parse().map_err(|_| ())?,
            to.parse::<u64>()
                .map_err(|_| ())?
                .min(size.saturating_sub(1)),
        ),
    };
    if start >= size || start > end {
        return Err(());
    }
    Ok(Some((start, end)))
}

/// Download a document's file: `ETag` is its SHA-256, `Range` resumes a cut
/// download, and the file never changes under its URL. Each download is a
/// read receipt.
#[utoipa::path(get, path = "/api/documents/{id}/file", tag = "documents", params(("id" = i64, Path), VersionQuery),
    responses((status = 200, content_type = "application/pdf"), (status = 206), (status = 304),
        (status = 404, body = ErrorBody), (status = 416)))]
async fn download(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(query): Query<VersionQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let document = readable_document(&state, &caller, id).await?;
    if let Some(reason) = &document.withdrawal_reason {
        // The secretariat keeps the file for the record.
        if caller.require(policy::DOCUMENTS).is_err() {
            return Err(ApiError::new(
                StatusCode::GONE,
                "document_withdrawn",
                format!("the document was withdrawn: {reason}"),
            ));
        }
    }
    let version = match query.version {
        Some(n) => document.versions.iter().find(|v| v.version == n),
        None => document.current(),
    }
    .ok_or_else(|| ApiError::not_found("version"))?;
    let (sha256, size) = file_for_reader(&state, &caller, &document, version).await?;
    let etag = format!("\"{sha256}\"");
    let common = [
        (header::ETAG, etag.clone()),
        (header::CACHE_CONTROL, cache_control(&document).to_owned()),
        (header::VARY, "Authorization".to_owned()),
        (header::ACCEPT_RANGES, "bytes".to_owned()),
    ];
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return Ok((StatusCode::NOT_MODIFIED, common).into_response());
    }
    let range = match byte_range(
        headers.get(header::RANGE).and_then(|v| v.to_str().ok()),
        size,
    ) {
        Ok(range) => range,
        Err(()) => {
            let mut response = ApiError::new(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "range_not_satisfiable",
                "the range lies outside the file",
            )
            .into_response();
            response.headers_mut().insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&format!("bytes */{size}"))
                    .map_err(|_| ApiError::internal())?,
            );
            return Ok(response);
        }
    };
    // A download that starts at the beginning is a read; resuming it is not
    // another, and neither is fetching ahead for the offline packet.
    if !query.prefetch && range.is_none_or(|(start, _)| start == 0) {
        state
            .store
            .record_read(id, version.version, caller.id(), caller.person_id())
            .await?;
    }
    let (start, end) = range.unwrap_or((0, size.saturating_sub(1)));
    let length = end + 1 - start;
    let path = state.blobs.path_of(&sha256);
    let body = match state
        .blobs
        .cache
        .get(&sha256, size, &path)
        .await
        .map_err(io_error)?
    {
        // Bounds checked against `size` above, which is the blob's length.
        Some(bytes) if bytes.len() as u64 == size => {
            Body::from(bytes.slice(start as usize..=end as usize))
        }
        _ => {
            let mut file = tokio::fs::File::open(&path).await.map_err(io_error)?;
            file.seek(std::io::SeekFrom::Start(start))
                .await
                .map_err(io_error)?;
            Body::from_stream(ReaderStream::with_capacity(file.take(length), CHUNK))
        }
    };
    let mut response = (common, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    if range.is_some() {
        *response.status_mut() = StatusCode::PARTIAL_CONTENT;
        let value = HeaderValue::from_str(&format!("bytes {start}-{end}/{size}"))
            .map_err(|_| ApiError::internal())?;
        response.headers_mut().insert(header::CONTENT_RANGE, value);
    }
    Ok(response)
}

/// Every file the caller should hold for the session, to sync and verify
/// (SHA-256) for reading offline.
#[utoipa::path(get, path = "/api/sessions/{id}/packet", tag = "documents", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<PacketEntry>), (status = 404, body = ErrorBody)))]
async fn packet(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<PacketEntry>>, ApiError> {
    let docs = readable_documents(&state, &caller, id).await?;
    let mut entries = Vec::with_capacity(docs.len());
    for document in &docs {
        // A withdrawn document leaves the offline packet.
        let Some(version) = document
            .current()
            .filter(|_| document.withdrawn_at.is_none())
        else {
            continue;
        };
        let (sha256, byte_size) = file_for_reader(&state, &caller, document, version).await?;
        entries.push(PacketEntry {
            document_id: document.id,
            title: document.title.clone(),
            version: version.version,
            sha256,
            byte_size,
            url: format!(
                "/api/documents/{}/file?version={}",
                document.id, version.version
            ),
        });
    }
    Ok(Json(entries))
}
