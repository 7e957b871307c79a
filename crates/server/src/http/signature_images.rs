//! The council's own seal and its signers' signature images: uploaded as
//! PNG (measured in the bounded child, checked against NĐ 30's rules),
//! kept in the blob store, shown in the signature block of the resolutions
//! issued after.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::documents::io_error;
use super::error::{ApiError, ErrorBody};
use super::extract::{policy, Caller, Json, Path};
use super::AppState;
use kyhop_docs::child::JobFailure;
use kyhop_domain::{check_signature_image, SignatureImage, SignatureImageKind};
use kyhop_store::NewSignatureImage;

/// A seal or signature scan is well under this.
const IMAGE_LIMIT: usize = 4 << 20;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(put_seal, get_seal, delete_seal))
        .routes(routes!(put_signature, get_signature, delete_signature))
        .layer(DefaultBodyLimit::max(IMAGE_LIMIT))
        .routes(routes!(list_images))
}

/// The council's seal and signature images (which ones it has; the PNGs
/// are at their own paths).
#[utoipa::path(get, path = "/api/councils/{id}/signature-images", tag = "resolutions",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<SignatureImage>), (status = 404, body = ErrorBody)))]
async fn list_images(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<SignatureImage>>, ApiError> {
    caller.may(id, "council", policy::COUNCIL_STAFF)?;
    Ok(Json(state.store.signature_images(id).await?))
}

/// Set the council's seal: a PNG with a transparent background, the red
/// seal at least 425 pixels across (36 mm at 300 dpi), square around it.
#[utoipa::path(put, path = "/api/councils/{id}/signature-images/seal", tag = "resolutions",
    params(("id" = i64, Path)),
    request_body(content = Vec<u8>, content_type = "image/png"),
    responses((status = 200, body = SignatureImage), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "image_not_png, image_too_large, image_too_small, image_no_transparency, image_empty, seal_not_round, seal_not_red")))]
async fn put_seal(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<SignatureImage>, ApiError> {
    caller.may(id, "council", policy::SIGNATURE_IMAGES)?;
    keep(&state, &caller, id, SignatureImageKind::Seal, None, &body).await
}

/// The council's seal (PNG).
#[utoipa::path(get, path = "/api/councils/{id}/signature-images/seal", tag = "resolutions",
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "image/png", body = Vec<u8>), (status = 404, body = ErrorBody)))]
async fn get_seal(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    caller.may(id, "council", policy::COUNCIL_STAFF)?;
    png(&state, id, SignatureImageKind::Seal, None).await
}

/// Remove the council's seal: resolutions then show the shipped sample.
#[utoipa::path(delete, path = "/api/councils/{id}/signature-images/seal", tag = "resolutions",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_seal(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    caller.may(id, "council", policy::SIGNATURE_IMAGES)?;
    state
        .store
        .remove_signature_image(caller.id(), id, SignatureImageKind::Seal, None)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Set a signer's signature: a PNG with a transparent background, blue
/// ink, at least 470 pixels across (40 mm at 300 dpi). It is used when a
/// resolution names this person as its signer.
#[utoipa::path(put, path = "/api/councils/{id}/people/{person_id}/signature-image", tag = "resolutions",
    params(("id" = i64, Path), ("person_id" = i64, Path)),
    request_body(content = Vec<u8>, content_type = "image/png"),
    responses((status = 200, body = SignatureImage), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "image_not_png, image_too_large, image_too_small, image_no_transparency, image_empty, signature_not_blue, invalid_reference")))]
async fn put_signature(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, person_id)): Path<(i64, i64)>,
    body: Bytes,
) -> Result<Json<SignatureImage>, ApiError> {
    caller.may(id, "council", policy::SIGNATURE_IMAGES)?;
    keep(
        &state,
        &caller,
        id,
        SignatureImageKind::Signature,
        Some(person_id),
        &body,
    )
    .await
}

/// A signer's signature (PNG).
#[utoipa::path(get, path = "/api/councils/{id}/people/{person_id}/signature-image", tag = "resolutions",
    params(("id" = i64, Path), ("person_id" = i64, Path)),
    responses((status = 200, content_type = "image/png", body = Vec<u8>), (status = 404, body = ErrorBody)))]
async fn get_signature(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, person_id)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    caller.may(id, "council", policy::COUNCIL_STAFF)?;
    png(&state, id, SignatureImageKind::Signature, Some(person_id)).await
}

/// Remove a signer's signature.
#[utoipa::path(delete, path = "/api/councils/{id}/people/{person_id}/signature-image", tag = "resolutions",
    params(("id" = i64, Path), ("person_id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_signature(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, person_id)): Path<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    caller.may(id, "council", policy::SIGNATURE_IMAGES)?;
    state
        .store
        .remove_signature_image(
            caller.id(),
            id,
            SignatureImageKind::Signature,
            Some(person_id),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Measures the PNG in the bounded child, checks it, keeps it and records
/// it; nothing is kept when it is refused.
async fn keep(
    state: &AppState,
    caller: &Caller,
    council: i64,
    kind: SignatureImageKind,
    person_id: Option<i64>,
    body: &[u8],
) -> Result<Json<SignatureImage>, ApiError> {
    let mut incoming = state.blobs.incoming().await.map_err(io_error)?;
    if let Err(e) = incoming.write(body).await {
        incoming.discard().await;
        return Err(io_error(e));
    }
    let received = incoming.finish().await.map_err(io_error)?;
    let checked = match state.pdf_children.measure_image(received.path()).await {
        Ok(facts) => check_signature_image(kind, &facts)
            .map(|()| facts)
            .map_err(|r| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, r.code, r.message)),
        Err(failure) => Err(measuring_failed(failure)),
    };
    let facts = match checked {
        Ok(facts) => facts,
        Err(e) => {
            received.discard().await;
            return Err(e);
        }
    };
    let sha256 = received.sha256.clone();
    let new_blob = state.blobs.keep(received).await.map_err(io_error)?;
    let image = NewSignatureImage {
        kind,
        person_id,
        sha256: sha256.clone(),
        width: facts.width,
        height: facts.height,
    };
    match state
        .store
        .set_signature_image(caller.id(), council, image)
        .await
    {
        Ok(kept) => Ok(Json(kept)),
        Err(e) => {
            if new_blob {
                let _ = state.blobs.forget(&sha256).await;
            }
            Err(e.into())
        }
    }
}

/// The API's answer when the child could not measure the image.
fn measuring_failed(failure: JobFailure) -> ApiError {
    let code = match failure.code.as_str() {
        "image_not_png" => "image_not_png",
        "image_too_large" => "image_too_large",
        "pdf_busy" => {
            return ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", failure.message)
        }
        _ => {
            tracing::error!(code = %failure.code, error = %failure.message, "measuring an image failed");
            return ApiError::internal();
        }
    };
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, failure.message)
}

async fn png(
    state: &AppState,
    council: i64,
    kind: SignatureImageKind,
    person_id: Option<i64>,
) -> Result<Response, ApiError> {
    let image = state
        .store
        .signature_images(council)
        .await?
        .into_iter()
        .find(|i| i.kind == kind && i.person_id == person_id)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such image"))?;
    let bytes = tokio::fs::read(state.blobs.path_of(&image.sha256))
        .await
        .map_err(io_error)?;
    Ok(([(header::CONTENT_TYPE, "image/png")], bytes).into_response())
}
