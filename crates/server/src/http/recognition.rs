//! Scanned pages read by OCR: what was read (for the viewer's text layer
//! over a scan), and stopping a recognition.

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::documents::{readable_document, staff_document};
use super::error::{ApiError, ErrorBody};
use super::extract::{Caller, Json, Path};
use super::AppState;
use kyhop_domain::{Document, OcrPage};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(recognised_pages))
        .routes(routes!(cancel_recognition))
}

/// The pages of a version read by OCR: each line's text and box (fractions
/// of the page from its top left corner) and the page's mean confidence,
/// for a selectable text layer over the scan. Pages with their own text
/// are not listed.
#[utoipa::path(get, path = "/api/documents/{id}/versions/{version}/recognised", tag = "documents",
    params(("id" = i64, Path), ("version" = u32, Path)),
    responses((status = 200, body = Vec<OcrPage>), (status = 404, body = ErrorBody)))]
async fn recognised_pages(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, version)): Path<(i64, u32)>,
) -> Result<Json<Vec<OcrPage>>, ApiError> {
    readable_document(&state, &caller, id).await?;
    Ok(Json(state.store.ocr_pages(id, version).await?))
}

/// Stop reading the scanned pages of a document's current version (a
/// 300-page scan started by mistake): pages read so far stay searchable,
/// the others stay "scanned"; a `document.recognition` event says so.
#[utoipa::path(post, path = "/api/documents/{id}/recognition/cancel", tag = "documents",
    params(("id" = i64, Path)),
    responses((status = 200, body = Document), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "recognition_closed: none is queued or running")))]
async fn cancel_recognition(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Document>, ApiError> {
    staff_document(&state, &caller, id).await?;
    let document = state.store.cancel_recognition(caller.id(), id).await?;
    state.recogniser.look_again();
    Ok(Json(document))
}
