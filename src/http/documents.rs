//! Uploading session documents and searching them.
//!
//! An upload is streamed to disk while it is hashed (never held whole in
//! memory), read by the bounded PDF reader, and only then stored: a file
//! that is not a readable PDF leaves nothing behind.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{payload_too_large, ApiError, ErrorBody};
use super::extract::{policy, Caller, Json, Path, Query};
use super::sessions::visible_session;
use super::{ApiConfig, AppState};
use crate::blobs::{Incoming, Received};
use crate::domain::text::{self, ValidationError};
use crate::domain::{Document, NewDocument, SearchHit};
use crate::pdf::{self, PdfError};
use crate::store::NewVersion;

pub fn router(config: &ApiConfig) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_document))
        .layer(DefaultBodyLimit::max(config.upload_limit))
        .routes(routes!(list_documents))
        .routes(routes!(get_document))
        .routes(routes!(search))
}

/// The multipart form of an upload (for the API document).
#[allow(dead_code)]
#[derive(ToSchema)]
struct UploadForm {
    /// JSON: title, kind, agenda item, confidentiality, audience.
    document: NewDocument,
    /// The PDF.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

impl From<MultipartRejection> for ApiError {
    fn from(r: MultipartRejection) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_multipart", r.body_text())
    }
}

impl From<PdfError> for ApiError {
    fn from(e: PdfError) -> Self {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.code(), e.to_string()).with_field("file")
    }
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        payload_too_large()
    } else {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_multipart", e.body_text())
    }
}

fn io_error(e: std::io::Error) -> ApiError {
    tracing::error!(error = %e, "blob store failure");
    ApiError::internal()
}

/// Receives the `file` field into the blob store's incoming area.
async fn receive(
    state: &AppState,
    field: &mut axum::extract::multipart::Field<'_>,
) -> Result<Received, ApiError> {
    let mut incoming: Incoming = state.blobs.incoming().await.map_err(io_error)?;
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                if let Err(e) = incoming.write(&chunk).await {
                    incoming.discard().await;
                    return Err(io_error(e));
                }
            }
            Ok(None) => break,
            Err(e) => {
                incoming.discard().await;
                return Err(multipart_error(e));
            }
        }
    }
    incoming.finish().await.map_err(io_error)
}

/// Upload a new document (multipart: `document` JSON, then `file`, the PDF).
/// The file is refused with a reason if it is empty, not a PDF, cut off,
/// damaged or password-protected; pages without text are accepted and
/// marked as scans.
#[utoipa::path(post, path = "/api/sessions/{id}/documents", tag = "documents", params(("id" = i64, Path)),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = Document), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "not_a_pdf, pdf_empty, pdf_truncated, pdf_damaged, pdf_encrypted, …")))]
async fn upload_document(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<Document>), ApiError> {
    let session = visible_session(&state, &caller, id).await?;
    caller.may(session.council_id, "session", policy::DOCUMENTS)?;
    let mut multipart = multipart?;
    let mut meta: Option<NewDocument> = None;
    let mut file: Option<(Received, String)> = None;
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        match field.name() {
            Some("document") => {
                let text = field.text().await.map_err(multipart_error)?;
                let new: NewDocument = serde_json::from_str(&text).map_err(|e| {
                    ApiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "invalid_body",
                        e.to_string(),
                    )
                    .with_field("document")
                })?;
                meta = Some(new.validated()?);
            }
            Some("file") => {
                let name = text::line(
                    "file_name",
                    field.file_name().unwrap_or("document.pdf"),
                    text::MAX_NAME,
                )?;
                if let Some((old, _)) = file.take() {
                    old.discard().await;
                }
                file = Some((receive(&state, &mut field).await?, name));
            }
            _ => {}
        }
    }
    let Some((received, file_name)) = file else {
        return Err(ValidationError::new("file", "send the PDF in a field named \"file\"").into());
    };
    let Some(meta) = meta else {
        received.discard().await;
        return Err(ValidationError::new(
            "document",
            "send the description in a field named \"document\"",
        )
        .into());
    };
    let info =
        match pdf::inspect_file(&state.pdf_reader, received.path(), pdf::Limits::default()).await {
            Ok(info) => info,
            Err(e) => {
                received.discard().await;
                return Err(e.into());
            }
        };
    let sha256 = received.sha256.clone();
    let byte_size = received.size;
    let new_blob = state.blobs.keep(&received).await.map_err(io_error)?;
    let version = NewVersion {
        sha256: sha256.clone(),
        byte_size,
        file_name,
        pages: info.pages,
    };
    match state
        .store
        .create_document(caller.id(), id, meta, version)
        .await
    {
        Ok(document) => Ok((StatusCode::CREATED, Json(document))),
        Err(e) => {
            // Nothing half-written: a blob only this upload brought goes too.
            if new_blob {
                let _ = state.blobs.forget(&sha256).await;
            }
            Err(e.into())
        }
    }
}

/// The session's documents (secretariat and chair, until publishing comes).
#[utoipa::path(get, path = "/api/sessions/{id}/documents", tag = "documents", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Document>), (status = 404, body = ErrorBody)))]
async fn list_documents(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Document>>, ApiError> {
    visible_session(&state, &caller, id).await?;
    caller.require(policy::COUNCIL_STAFF)?;
    Ok(Json(state.store.documents(id).await?))
}

#[utoipa::path(get, path = "/api/documents/{id}", tag = "documents", params(("id" = i64, Path)),
    responses((status = 200, body = Document), (status = 404, body = ErrorBody)))]
async fn get_document(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Document>, ApiError> {
    let document = state.store.document(id).await?;
    visible_session(&state, &caller, document.session_id).await?;
    caller.require(policy::COUNCIL_STAFF)?;
    Ok(Json(document))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words to find; case and diacritics do not matter ("ngan sach" finds "ngân sách").
    pub q: String,
    /// Most hits (default 20, at most 100).
    pub limit: Option<u32>,
}

/// Search the text of the session's documents, best matches first.
#[utoipa::path(get, path = "/api/sessions/{id}/search", tag = "documents", params(("id" = i64, Path), SearchQuery),
    responses((status = 200, body = Vec<SearchHit>), (status = 404, body = ErrorBody)))]
async fn search(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(query): Query<SearchQuery>,
) -> Result<Json<Vec<SearchHit>>, ApiError> {
    visible_session(&state, &caller, id).await?;
    caller.require(policy::COUNCIL_STAFF)?;
    let q = text::line("q", &query.q, 500)?;
    let limit = query.limit.unwrap_or(20).clamp(1, 100);
    Ok(Json(state.store.search(id, &q, limit).await?))
}
