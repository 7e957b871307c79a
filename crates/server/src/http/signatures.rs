//! Verifying any signed PDF: a resolution we issued, or one someone sends
//! us. Trust is the server's configured roots (`--trust`) and, in the demo,
//! the demo root.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{payload_too_large, ApiError, ErrorBody};
use super::extract::{Caller, Json};
use super::{ApiConfig, AppState};
use kyhop_docs::sign::{document_valid, verify_pdf, Certificate, SignatureReport};

pub fn router(config: &ApiConfig) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(verify))
        .layer(DefaultBodyLimit::max(config.upload_limit))
}

#[derive(Serialize, ToSchema)]
pub struct Verification {
    /// Signed, every signature intact and trusted, nothing added after the
    /// last signature.
    pub valid: bool,
    pub signatures: Vec<SignatureReport>,
}

/// The roots this server trusts.
fn trust_roots(state: &AppState) -> Result<Vec<Certificate>, ApiError> {
    let mut roots = state.config.signing.trust_roots.clone();
    if let Some(dir) = &state.config.signing.demo_keys {
        let pem = crate::demo_keys::root_pem(dir).map_err(|e| {
            tracing::error!(error = %e, "demo root unreadable");
            ApiError::internal()
        })?;
        roots.extend(
            kyhop_docs::sign::keys::certificates_from_pem(&pem).map_err(|e| {
                tracing::error!(error = %e, "demo root unreadable");
                ApiError::internal()
            })?,
        );
    }
    Ok(roots)
}

/// Check every signature of a PDF (the request body, `application/pdf`).
#[utoipa::path(post, path = "/api/verify", tag = "resolutions",
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 200, body = Verification), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "damaged_pdf, encrypted_pdf")))]
async fn verify(
    State(state): State<AppState>,
    _caller: Caller,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Verification>, ApiError> {
    let pdf = body.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            payload_too_large()
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, "bad_body", r.body_text())
        }
    })?;
    let roots = trust_roots(&state)?;
    let signatures = tokio::task::spawn_blocking(move || verify_pdf(&pdf, &roots))
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.code(), e.to_string()))?;
    Ok(Json(Verification {
        valid: document_valid(&signatures, true),
        signatures,
    }))
}
