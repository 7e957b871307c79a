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
use crate::services::filing::{store_version, FilingError};
use kyhop_docs::blobs::{BlobStore, Incoming, Received};
use kyhop_docs::pdf::PdfError;
use kyhop_domain::text::{self, ValidationError};
use kyhop_domain::{
    paragraph_diff, propose, DiffChunk, Document, NewDocument, PersonKind, Publication,
    ReadReceipts, Reader, Role, SearchHit, UnreadDocument, UnreadLine, UploadDescription,
    Withdrawal,
};

pub fn router(config: &ApiConfig) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_document))
        .routes(routes!(upload_version))
        .layer(DefaultBodyLimit::max(config.upload_limit))
        .routes(routes!(list_documents))
        .routes(routes!(get_document, update_document, delete_document))
        .routes(routes!(withdraw_document))
        .routes(routes!(search))
        .routes(routes!(publish))
        .routes(routes!(read_receipts))
        .routes(routes!(unread))
        .routes(routes!(diff))
}

/// The multipart form of an upload (for the API document).
#[allow(dead_code)]
#[derive(ToSchema)]
struct UploadForm {
    /// JSON: title, number, kind (each proposed from the file when left
    /// out), agenda item, confidentiality, audience. May be left out.
    document: Option<UploadDescription>,
    /// The PDF.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

impl From<MultipartRejection> for ApiError {
    fn from(r: MultipartRejection) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_multipart", r.body_text())
    }
}

impl From<FilingError> for ApiError {
    fn from(e: FilingError) -> Self {
        match e {
            FilingError::Pdf(e) => e.into(),
            FilingError::Io(e) => io_error(e),
            FilingError::Store(e) => e.into(),
        }
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

pub(super) fn io_error(e: std::io::Error) -> ApiError {
    tracing::error!(error = %e, "blob store failure");
    ApiError::internal()
}

/// Receives the `file` field into the blob store's incoming area.
async fn receive(
    blobs: &BlobStore,
    field: &mut axum::extract::multipart::Field<'_>,
) -> Result<Received, ApiError> {
    let mut incoming: Incoming = blobs.incoming().await.map_err(io_error)?;
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
/// Title, number and kind left out of `document` (or `document` left out)
/// are proposed from the file's first page: the heading and summary of an
/// official document ("Tờ trình về …"), its "Số: …" line, else the file's
/// name; the secretary corrects them with PUT. The file is refused with a
/// reason if it is empty, not a PDF, cut off, damaged or
/// password-protected; pages without text (or with only noise) are accepted,
/// marked as scans and read by OCR in the background (`recognition`, with
/// `document.recognition` events as it goes).
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
    let upload = read_upload(&state.blobs, multipart?).await?;
    let description = upload.meta.unwrap_or_default();
    let file_name = upload.file_name.clone();
    let document = store_version(
        &state.blobs,
        &state.pdf_children,
        upload.received,
        upload.file_name,
        |version| {
            let first_page = version.pages.first().map_or("", |p| p.text.as_str());
            let meta = description.completed(&propose(first_page, &file_name));
            state.store.create_document(caller.id(), id, meta, version)
        },
    )
    .await?;
    state.recogniser.queue(&document);
    Ok((StatusCode::CREATED, Json(document)))
}

/// What a multipart upload carried.
struct Upload {
    meta: Option<UploadDescription>,
    received: Received,
    file_name: String,
}

/// The upload reader over a raw body, as the fuzzer (`fuzz/`) feeds it: the
/// outcome's error code, or the received file's size.
#[doc(hidden)]
pub async fn read_upload_body(
    blobs: &BlobStore,
    content_type: &str,
    body: Vec<u8>,
) -> Result<u64, &'static str> {
    use axum::extract::FromRequest;
    let request = axum::http::Request::builder()
        .header(axum::http::header::CONTENT_TYPE, content_type)
        .body(axum::body::Body::from(body))
        .map_err(|_| "bad_request")?;
    let multipart = Multipart::from_request(request, &())
        .await
        .map_err(|r| ApiError::from(r).body.code)?;
    let upload = read_upload(blobs, multipart)
        .await
        .map_err(|e| e.body.code)?;
    let size = upload.received.size;
    upload.received.discard().await;
    Ok(size)
}

/// Reads the `document` (JSON) and `file` fields, the file straight to disk.
async fn read_upload(blobs: &BlobStore, mut multipart: Multipart) -> Result<Upload, ApiError> {
    let mut meta: Option<UploadDescription> = None;
    let mut file: Option<(Received, String)> = None;
    let outcome: Result<(), ApiError> = async {
        while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
            match field.name() {
                Some("document") => {
                    let text = field.text().await.map_err(multipart_error)?;
                    let new: UploadDescription = serde_json::from_str(&text).map_err(|e| {
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
                    file = Some((receive(blobs, &mut field).await?, name));
                }
                _ => {}
            }
        }
        Ok(())
    }
    .await;
    match (outcome, file) {
        (Ok(()), Some((received, file_name))) => Ok(Upload {
            meta,
            received,
            file_name,
        }),
        (Ok(()), None) => {
            Err(ValidationError::new("file", "send the PDF in a field named \"file\"").into())
        }
        (Err(e), file) => {
            if let Some((received, _)) = file {
                received.discard().await;
            }
            Err(e)
        }
    }
}

/// Upload a new version of a document (multipart: `file`). Earlier versions
/// stay; search follows the new one; clients see a `document.updated` event.
#[utoipa::path(post, path = "/api/documents/{id}/versions", tag = "documents", params(("id" = i64, Path)),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = Document), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload_version(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<Document>), ApiError> {
    // A document the caller may not read does not exist for them (404); one
    // they read but may not change is 403.
    readable_document(&state, &caller, id).await?;
    caller.require(policy::DOCUMENTS)?;
    let upload = read_upload(&state.blobs, multipart?).await?;
    let document = store_version(
        &state.blobs,
        &state.pdf_children,
        upload.received,
        upload.file_name,
        |version| state.store.add_version(caller.id(), id, version),
    )
    .await?;
    state.recogniser.queue(&document);
    Ok((StatusCode::CREATED, Json(document)))
}

/// How long a diff looks for the smallest difference.
const DIFF_DEADLINE: std::time::Duration = std::time::Duration::from_millis(500);

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiffQuery {
    pub from: u32,
    pub to: u32,
}

/// What changed between two versions, paragraph by paragraph.
#[utoipa::path(get, path = "/api/documents/{id}/diff", tag = "documents", params(("id" = i64, Path), DiffQuery),
    responses((status = 200, body = Vec<DiffChunk>), (status = 404, body = ErrorBody)))]
async fn diff(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(query): Query<DiffQuery>,
) -> Result<Json<Vec<DiffChunk>>, ApiError> {
    readable_document(&state, &caller, id).await?;
    let old = state.store.version_pages(id, query.from).await?;
    let new = state.store.version_pages(id, query.to).await?;
    // CPU work that grows with the texts: off the async workers, and cut
    // short (coarser, still true) past its deadline.
    let deadline = std::time::Instant::now() + DIFF_DEADLINE;
    let diff = tokio::task::spawn_blocking(move || paragraph_diff(&old, &new, Some(deadline)))
        .await
        .map_err(|_| ApiError::internal())?;
    Ok(Json(diff))
}

/// The delegate (or other person) the caller is, for the reading rules.
pub(super) async fn caller_person(
    state: &AppState,
    caller: &Caller,
) -> Result<Option<kyhop_domain::Person>, ApiError> {
    match caller.person_id() {
        Some(id) => Ok(Some(state.store.person(id).await?)),
        None => Ok(None),
    }
}

/// The documents of a session that the caller may read.
pub(super) async fn readable_documents(
    state: &AppState,
    caller: &Caller,
    session_id: i64,
) -> Result<Vec<Document>, ApiError> {
    visible_session(state, caller, session_id).await?;
    let person = caller_person(state, caller).await?;
    let reader = Reader {
        role: caller.account.role,
        person: person.as_ref(),
    };
    let mut docs = state.store.documents(session_id).await?;
    docs.retain(|d| reader.may_read(d));
    Ok(docs)
}

/// One document, if the caller may read it; else 404, so that a document
/// not meant for someone does not even show that it exists.
pub(super) async fn readable_document(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<Document, ApiError> {
    let document = state.store.document(id).await?;
    let session = state.store.session(document.session_id).await?;
    caller.in_council(session.council_id, "document")?;
    let person = caller_person(state, caller).await?;
    let reader = Reader {
        role: caller.account.role,
        person: person.as_ref(),
    };
    if reader.may_read(&document) {
        Ok(document)
    } else {
        Err(ApiError::not_found("document"))
    }
}

/// The session's documents the caller may read, with how many days before
/// the session each went out and whether that was later than the council's
/// lead time.
#[utoipa::path(get, path = "/api/sessions/{id}/documents", tag = "documents", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Document>), (status = 404, body = ErrorBody)))]
async fn list_documents(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Document>>, ApiError> {
    Ok(Json(readable_documents(&state, &caller, id).await?))
}

#[utoipa::path(get, path = "/api/documents/{id}", tag = "documents", params(("id" = i64, Path)),
    responses((status = 200, body = Document), (status = 404, body = ErrorBody)))]
async fn get_document(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Document>, ApiError> {
    Ok(Json(readable_document(&state, &caller, id).await?))
}

/// The secretariat's document, for changing it: 404 outside the caller's
/// council, 403 for anyone but the secretariat.
pub(super) async fn staff_document(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<Document, ApiError> {
    let document = state.store.document(id).await?;
    let session = state.store.session(document.session_id).await?;
    caller.may(session.council_id, "document", policy::DOCUMENTS)?;
    Ok(document)
}

/// Change a document's description (title, number and symbol, kind,
/// agenda item, who may read it), sent whole. Not once withdrawn.
#[utoipa::path(put, path = "/api/documents/{id}", tag = "documents", params(("id" = i64, Path)),
    request_body = NewDocument,
    responses((status = 200, body = Document), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "document_withdrawn"),
        (status = 422, body = ErrorBody)))]
async fn update_document(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(new): Json<NewDocument>,
) -> Result<Json<Document>, ApiError> {
    staff_document(&state, &caller, id).await?;
    let new = new.validated()?;
    Ok(Json(
        state.store.update_document(caller.id(), id, new).await?,
    ))
}

/// Delete a document that was never published (a published one is
/// withdrawn instead: `document_published`).
#[utoipa::path(delete, path = "/api/documents/{id}", tag = "documents", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "document_published")))]
async fn delete_document(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    staff_document(&state, &caller, id).await?;
    state.store.delete_document(caller.id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraw a published document with a reason its readers see: it stays
/// listed and marked, their notes stay, its file answers 410 to them and
/// it leaves search and the offline packet.
#[utoipa::path(post, path = "/api/documents/{id}/withdraw", tag = "documents", params(("id" = i64, Path)),
    request_body = Withdrawal,
    responses((status = 200, body = Document), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "document_not_published, document_withdrawn"),
        (status = 422, body = ErrorBody)))]
async fn withdraw_document(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(withdrawal): Json<Withdrawal>,
) -> Result<Json<Document>, ApiError> {
    staff_document(&state, &caller, id).await?;
    let Withdrawal { reason } = withdrawal.validated()?;
    Ok(Json(
        state
            .store
            .withdraw_document(caller.id(), id, reason)
            .await?,
    ))
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
    let among: Vec<i64> = readable_documents(&state, &caller, id)
        .await?
        .iter()
        .map(|d| d.id)
        .collect();
    let q = text::line("q", &query.q, 500)?;
    let limit = query.limit.unwrap_or(20).clamp(1, 100);
    Ok(Json(state.search.search(id, &q, &among, limit).await?))
}

/// Publish documents, one or a batch: each goes to its readers, who are told
/// by a live event.
#[utoipa::path(post, path = "/api/sessions/{id}/documents/publish", tag = "documents", params(("id" = i64, Path)),
    request_body = Publication,
    responses((status = 200, body = Vec<Document>), (status = 422, body = ErrorBody)))]
async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(publication): Json<Publication>,
) -> Result<Json<Vec<Document>>, ApiError> {
    let session = visible_session(&state, &caller, id).await?;
    caller.may(session.council_id, "session", policy::DOCUMENTS)?;
    if publication.document_ids.is_empty() {
        return Err(ValidationError::new("document_ids", "name at least one document").into());
    }
    Ok(Json(
        state
            .store
            .publish(caller.id(), id, &publication.document_ids)
            .await?,
    ))
}

/// Who among the delegates has opened a document, and who has not.
#[utoipa::path(get, path = "/api/documents/{id}/reads", tag = "documents", params(("id" = i64, Path)),
    responses((status = 200, body = ReadReceipts), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn read_receipts(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<ReadReceipts>, ApiError> {
    let document = readable_document(&state, &caller, id).await?;
    caller.require(policy::COUNCIL_STAFF)?;
    let mut receipts = state.store.read_receipts(id).await?;
    // Only the delegates the document is meant for are missing it.
    let audience = delegates_reading(&state, &document).await?;
    receipts
        .not_opened
        .retain(|line| audience.contains(&line.person_id));
    Ok(Json(receipts))
}

/// The council's delegates who may read `document` once it is published.
async fn delegates_reading(
    state: &AppState,
    document: &Document,
) -> Result<std::collections::HashSet<i64>, ApiError> {
    let session = state.store.session(document.session_id).await?;
    let delegates = state
        .store
        .people(session.council_id, Some(PersonKind::Delegate))
        .await?;
    let mut published = document.clone();
    published.published_at = published.published_at.or(Some(chrono::Utc::now()));
    Ok(delegates
        .iter()
        .filter(|p| {
            Reader {
                role: Role::Delegate,
                person: Some(p),
            }
            .may_read(&published)
        })
        .map(|p| p.id)
        .collect())
}

/// Per delegate, the published documents of the session meant for them
/// that they have not opened yet.
#[utoipa::path(get, path = "/api/sessions/{id}/unread", tag = "documents", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<UnreadLine>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn unread(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<UnreadLine>>, ApiError> {
    let session = visible_session(&state, &caller, id).await?;
    caller.require(policy::COUNCIL_STAFF)?;
    let documents: Vec<Document> = state
        .store
        .documents(id)
        .await?
        .into_iter()
        .filter(|d| d.published_at.is_some())
        .collect();
    let opened: std::collections::HashSet<(i64, i64)> =
        state.store.session_reads(id).await?.into_iter().collect();
    let delegates = state
        .store
        .people(session.council_id, Some(PersonKind::Delegate))
        .await?;
    Ok(Json(
        delegates
            .iter()
            .map(|person| {
                let reader = Reader {
                    role: Role::Delegate,
                    person: Some(person),
                };
                UnreadLine {
                    person_id: person.id,
                    full_name: person.full_name.clone(),
                    unread: documents
                        .iter()
                        .filter(|d| reader.may_read(d) && !opened.contains(&(d.id, person.id)))
                        .map(|d| UnreadDocument {
                            document_id: d.id,
                            title: d.title.clone(),
                        })
                        .collect(),
                }
            })
            .collect(),
    ))
}
