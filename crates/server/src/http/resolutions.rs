//! Resolutions over HTTP: the secretariat drafts them, the chair issues
//! them (numbered, rendered, signed), everyone in the council reads them.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ErrorBody};
use super::extract::{policy, Caller, Json, Path};
use super::sessions::visible_session;
use super::AppState;
use crate::services::issuing::{
    draft_number, issue, render_resolution, vietnam_today, IssueError, IssueKeys, IssueSigning,
    SignatureImages,
};
use kyhop_docs::sign::{KeySource, RevocationTransport, SignError};
use kyhop_domain::{NewResolution, Resolution, ResolutionPatch, ResolutionState};
use zeroize::Zeroizing;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_resolutions, create_resolution))
        .routes(routes!(get_resolution, update_resolution))
        .routes(routes!(preview))
        .routes(routes!(resolution_pdf))
        .routes(routes!(issue_resolution))
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

/// Drafts are read by the council's staff (who write, preview and sign
/// them); everyone else in the council sees a resolution once it is issued.
fn may_read_drafts(caller: &Caller) -> bool {
    policy::COUNCIL_STAFF.contains(&caller.account.role)
}

pub(super) fn pdf_response(bytes: impl Into<Body>, file_name: &str) -> Response {
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

/// The session's resolutions: issued ones, and drafts for the council's
/// staff.
#[utoipa::path(get, path = "/api/sessions/{id}/resolutions", tag = "resolutions", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Resolution>), (status = 404, body = ErrorBody)))]
async fn list_resolutions(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Resolution>>, ApiError> {
    visible_session(&state, &caller, id).await?;
    let mut resolutions = state.store.resolutions(id).await?;
    if !may_read_drafts(&caller) {
        resolutions.retain(|r| r.state == ResolutionState::Issued);
    }
    Ok(Json(resolutions))
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
    let resolution = visible_resolution(&state, &caller, id).await?;
    if !may_read_drafts(&caller) && resolution.state == ResolutionState::Draft {
        // As for its preview: a draft is the staff's work in progress.
        return Err(ApiError::not_found("resolution"));
    }
    Ok(Json(resolution))
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
        .map(|n| n.file_name())
        .unwrap_or_else(|| "nghi-quyet.pdf".into());
    Ok(pdf_response(bytes, &name))
}

/// Where one of the two keys of an issue is. Secrets stay out of logs: this
/// type has no `Debug`.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum KeySpec {
    /// A PKCS#12 (.p12/.pfx) file, base64, and its password.
    Pkcs12 {
        #[schema(value_type = String)]
        file_base64: Zeroizing<String>,
        #[schema(value_type = String)]
        password: Zeroizing<String>,
    },
    /// A key on a token reached through the server's PKCS#11 module
    /// (`kyhop serve --pkcs11-module`): token label, key label, PIN.
    Pkcs11 {
        token: String,
        key: String,
        #[schema(value_type = String)]
        pin: Zeroizing<String>,
    },
    /// The demo's keys (only when serving `kyhop demo`).
    Demo,
}

/// The chair's key and the council seal's key.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueRequest {
    pub chair: KeySpec,
    pub seal: KeySpec,
}

fn key_source(
    state: &AppState,
    spec: KeySpec,
    demo_key: impl FnOnce(IssueKeys) -> KeySource,
) -> Result<KeySource, ApiError> {
    let unavailable = |code, message: &str| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message.to_owned())
    };
    match spec {
        KeySpec::Pkcs12 {
            file_base64,
            password,
        } => {
            use base64::Engine as _;
            let file = base64::engine::general_purpose::STANDARD
                .decode(file_base64.trim())
                .map_err(|_| {
                    unavailable("invalid_body", "file_base64 is not base64")
                        .with_field("file_base64")
                })?;
            Ok(KeySource::Pkcs12 {
                file: file.into(),
                password,
            })
        }
        KeySpec::Pkcs11 { token, key, pin } => {
            let module = state.config.signing.pkcs11_module.clone().ok_or_else(|| {
                unavailable(
                    "pkcs11_unavailable",
                    "this server has no PKCS#11 module configured (kyhop serve --pkcs11-module)",
                )
            })?;
            Ok(KeySource::Pkcs11 {
                module,
                token,
                key,
                pin,
            })
        }
        KeySpec::Demo => {
            let dir = state.config.signing.demo_keys.as_deref().ok_or_else(|| {
                unavailable(
                    "demo_keys_unavailable",
                    "demo keys exist only when serving kyhop demo",
                )
            })?;
            let keys = crate::demo_keys::issue_keys(dir).map_err(|e| {
                tracing::error!(error = %e, "demo keys unreadable");
                ApiError::internal()
            })?;
            Ok(demo_key(keys))
        }
    }
}

/// What a failed issue tells the caller. Key problems are the caller's to
/// fix (422 with the signer's stable code); the rest is ours.
impl From<IssueError> for ApiError {
    fn from(e: IssueError) -> Self {
        match e {
            IssueError::Store(e) => e.into(),
            // The caller's keys: theirs to fix.
            IssueError::Sign(
                e @ (SignError::WrongPassword
                | SignError::WrongPin
                | SignError::PinLocked
                | SignError::InvalidPkcs12(_)
                | SignError::NoPrivateKey
                | SignError::KeyCertificateMismatch
                | SignError::CertificateExpired(_)
                | SignError::CertificateNotYetValid(_)
                | SignError::UnsupportedKey(_)
                | SignError::InvalidKey(_)
                | SignError::InvalidCertificate(_)
                | SignError::CertificateRevoked(_)
                | SignError::UntrustedSigner(_)
                | SignError::TokenNotFound(_)
                | SignError::KeyNotFound(_)
                | SignError::CertificateNotFound(_)),
            ) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.code(), e.to_string()),
            // The token or its library: the server's side, maybe passing.
            IssueError::Sign(e @ (SignError::TokenError(_) | SignError::ModuleLoadFailed(_))) => {
                tracing::error!(error = %e, "signing device failed");
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, e.code(), e.to_string())
            }
            // The time-stamping authority or the CA's revocation services:
            // down, refusing or not to be believed. Nothing was numbered;
            // the IT officer is told why.
            IssueError::Sign(
                e @ (SignError::TsaUnreachable(_)
                | SignError::TsaRefused(_)
                | SignError::TimestampMismatch(_)
                | SignError::TimestampUntrusted(_)
                | SignError::RevocationUnavailable(_)
                | SignError::RevocationInvalid(_)),
            ) => {
                tracing::error!(error = %e, "time-stamping authority failed");
                ApiError::new(StatusCode::BAD_GATEWAY, e.code(), e.to_string())
            }
            // Anything else is about a PDF we made ourselves: our fault.
            IssueError::Sign(e) => {
                tracing::error!(error = %e, "signing failed");
                ApiError::internal()
            }
            IssueError::Blob(e) => super::documents::io_error(e),
        }
    }
}

/// Issue the resolution: number it, render it and sign it with the
/// chair's key, then the council seal's. Keys are checked before a number
/// is taken; a number taken is never reused, even if signing then fails.
#[utoipa::path(post, path = "/api/resolutions/{id}/issue", tag = "resolutions", params(("id" = i64, Path)),
    request_body = IssueRequest,
    responses((status = 200, body = Resolution),
        (status = 409, body = ErrorBody, description = "poll_not_passed, poll_missing, signer_not_certificate_holder, same_key_for_chair_and_seal"),
        (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody, description = "the time-stamping authority is down (tsa_unreachable), refused (tsa_refused) or answered with a token not for this request (timestamp_mismatch) or not from a trusted authority (timestamp_untrusted); the revocation status of a signer's certificate could not be had (revocation_unavailable) or relied on (revocation_invalid); nothing was numbered")))]
async fn issue_resolution(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(request): Json<IssueRequest>,
) -> Result<Json<Resolution>, ApiError> {
    let resolution = visible_resolution(&state, &caller, id).await?;
    caller.may(resolution.council_id, "resolution", policy::SIGNING)?;
    let council = state.store.council(resolution.council_id).await?;
    let signing = IssueSigning {
        keys: IssueKeys {
            chair: key_source(&state, request.chair, |demo| demo.chair)?,
            seal: key_source(&state, request.seal, |demo| demo.seal)?,
        },
        images: SignatureImages::of_council(
            state.store.as_ref(),
            &state.blobs,
            resolution.council_id,
            &resolution.content.signer_name,
        )
        .await
        .map_err(ApiError::from)?,
        // The council chooses the level: B-LTA with the server's authority,
        // or B-B.
        timestamper: state
            .config
            .signing
            .timestamper
            .clone()
            .filter(|_| council.settings.long_term_signatures),
        revocation: state
            .config
            .signing
            .revocation
            .clone()
            .map(|http| Arc::new(http) as Arc<dyn RevocationTransport>),
        trust: super::signatures::trust_roots(&state)?,
    };
    // Once started, an issue runs to its end even if the client goes away:
    // a dropped request must not leave its number taken.
    let actor = caller.id();
    let task = tokio::spawn(async move {
        issue(
            state.store.as_ref(),
            &state.blobs,
            actor,
            id,
            signing,
            chrono::Utc::now(),
        )
        .await
    });
    let issued = task.await.map_err(|e| {
        tracing::error!(error = %e, "issue task failed");
        ApiError::internal()
    })??;
    Ok(Json(issued))
}
