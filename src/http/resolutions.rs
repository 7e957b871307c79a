//! Resolutions over HTTP: the secretariat drafts them, the chair issues
//! them (numbered, rendered, signed), everyone in the council reads them.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ErrorBody};
use super::extract::{policy, Caller, Json, Path};
use super::sessions::visible_session;
use super::AppState;
use crate::domain::{NewResolution, Resolution, ResolutionPatch};
use crate::issuing::{draft_number, render_resolution, vietnam_today};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_resolutions, create_resolution))
        .routes(routes!(get_resolution, update_resolution))
        .routes(routes!(preview))
        .routes(routes!(resolution_pdf))
}

pub(super) async fn visible_resolution(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<Resolution, ApiError> {
    let resolution = state.store.resolution(id).await?;
    caller.in_council(resolution.council_id, "resolution")?;
    Ok(resolution)
}

fn pdf_response(bytes: impl Into<Body>, file_name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{file_name}\""),
            ),
        ],
        bytes.into(),
    )
        .into_response()
}

/// The session's resolutions, drafts and issued.
#[utoipa::path(get, path = "/api/sessions/{id}/resolutions", tag = "resolutions", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Resolution>), (status = 404, body = ErrorBody)))]
async fn list_resolutions(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Resolution>>, ApiError> {
    visible_session(&state, &caller, id).await?;
    Ok(Json(state.store.resolutions(id).await?))
}

/// Draft a resolution on an agenda item of the session.
#[utoipa::path(post, path = "/api/sessions/{id}/resolutions", tag = "resolutions", params(("id" = i64, Path)),
    request_body = NewResolution,
    responses((status = 201, body = Resolution), (status = 422, body = ErrorBody)))]
async fn create_resolution(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(new): Json<NewResolution>,
) -> Result<(StatusCode, Json<Resolution>), ApiError> {
    let session = visible_session(&state, &caller, id).await?;
    caller.may(session.council_id, "session", policy::DOCUMENTS)?;
    let resolution = state.store.create_resolution(caller.id(), id, new).await?;
    Ok((StatusCode::CREATED, Json(resolution)))
}

#[utoipa::path(get, path = "/api/resolutions/{id}", tag = "resolutions", params(("id" = i64, Path)),
    responses((status = 200, body = Resolution), (status = 404, body = ErrorBody)))]
async fn get_resolution(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Resolution>, ApiError> {
    Ok(Json(visible_resolution(&state, &caller, id).await?))
}

/// Change a draft (the whole content). Issued resolutions never change (409).
#[utoipa::path(put, path = "/api/resolutions/{id}", tag = "resolutions", params(("id" = i64, Path)),
    request_body = ResolutionPatch,
    responses((status = 200, body = Resolution), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_resolution(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(patch): Json<ResolutionPatch>,
) -> Result<Json<Resolution>, ApiError> {
    let resolution = visible_resolution(&state, &caller, id).await?;
    caller.may(resolution.council_id, "resolution", policy::DOCUMENTS)?;
    Ok(Json(
        state
            .store
            .update_resolution(caller.id(), id, patch)
            .await?,
    ))
}

/// The draft as it will print, unsigned and without its number.
#[utoipa::path(get, path = "/api/resolutions/{id}/preview.pdf", tag = "resolutions", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = ErrorBody)))]
async fn preview(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let resolution = visible_resolution(&state, &caller, id).await?;
    caller.require(policy::COUNCIL_STAFF)?;
    let rendered = render_resolution(
        state.store.as_ref(),
        &resolution,
        &draft_number(&resolution),
        vietnam_today(),
    )
    .await?;
    Ok(pdf_response(rendered.pdf, "du-thao-nghi-quyet.pdf"))
}

/// The issued, signed resolution.
#[utoipa::path(get, path = "/api/resolutions/{id}/pdf", tag = "resolutions", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = ErrorBody)))]
async fn resolution_pdf(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let resolution = visible_resolution(&state, &caller, id).await?;
    let sha = resolution
        .pdf_sha256
        .as_deref()
        .ok_or_else(|| ApiError::not_found("issued resolution"))?;
    let bytes = tokio::fs::read(state.blobs.path_of(sha))
        .await
        .map_err(super::documents::io_error)?;
    let name = resolution
        .number
        .as_ref()
        .map(|n| n.text.replace('/', "-").replace('Đ', "D"))
        .unwrap_or_default();
    Ok(pdf_response(bytes, &format!("nghi-quyet-{name}.pdf")))
}
