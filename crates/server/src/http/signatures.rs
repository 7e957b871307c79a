//! Verifying any signed PDF: a resolution we issued, or one someone sends
//! us. Trust is the server's configured roots (`--trust`) and, in the demo,
//! the demo root. The posted PDF comes from anyone signed in: it is parsed
//! only in the bounded child ([`kyhop_docs::child`]).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::documents::io_error;
use super::error::{payload_too_large, ApiError, ErrorBody};
use super::extract::{Caller, Json};
use super::AppState;
use kyhop_docs::child::JobFailure;
use kyhop_docs::sign::{document_valid, Certificate, SignatureReport};

/// The largest PDF `/api/verify` takes: a signed resolution is well under
/// a megabyte; a long signed report with scans, a few.
pub const VERIFY_LIMIT: usize = 20 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(verify))
        .layer(DefaultBodyLimit::max(VERIFY_LIMIT))
}

#[derive(Serialize, ToSchema)]
pub struct Verification {
    /// Signed, every signature intact and trusted, nothing added after the
    /// last signature.
    pub valid: bool,
    pub signatures: Vec<SignatureReport>,
}

/// The roots this server trusts.
pub(super) fn trust_roots(state: &AppState) -> Result<Vec<Certificate>, ApiError> {
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

/// The API's answer when the child gave no report.
fn refusal(failure: JobFailure) -> ApiError {
    let (status, code) = match failure.code.as_str() {
        "pdf_busy" => (StatusCode::SERVICE_UNAVAILABLE, "pdf_busy"),
        "damaged_pdf" => (StatusCode::UNPROCESSABLE_ENTITY, "damaged_pdf"),
        "encrypted_pdf" => (StatusCode::UNPROCESSABLE_ENTITY, "encrypted_pdf"),
        "pdf_timed_out" => (StatusCode::UNPROCESSABLE_ENTITY, "pdf_timed_out"),
        "pdf_unreadable" => (StatusCode::UNPROCESSABLE_ENTITY, "pdf_unreadable"),
        _ => {
            tracing::error!(code = %failure.code, error = %failure.message, "verifying a PDF failed");
            return ApiError::internal();
        }
    };
    ApiError::new(status, code, failure.message)
}

/// Check every signature of a PDF (the request body, `application/pdf`).
#[utoipa::path(post, path = "/api/verify", tag = "resolutions",
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 200, body = Verification), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "damaged_pdf, encrypted_pdf, pdf_timed_out, pdf_unreadable"),
        (status = 503, body = ErrorBody, description = "pdf_busy: too many PDFs being read at once")))]
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
    let mut incoming = state.blobs.incoming().await.map_err(io_error)?;
    incoming.write(&pdf).await.map_err(io_error)?;
    let received = incoming.finish().await.map_err(io_error)?;
    let signatures = state
        .pdf_children
        .verify(received.path(), &roots)
        .await
        .map_err(refusal)?;
    Ok(Json(Verification {
        valid: document_valid(&signatures, true),
        signatures,
    }))
}
