//! The HTTP layer's one error type: every failure becomes JSON
//! `{"code": "...", "message": "...", "field": "..."}` with a stable `code`.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use kyhop_domain::text::ValidationError;
use kyhop_store::{PairingError, StoreError};

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `not_found`, `invalid_state`.
    pub code: &'static str,
    /// Human-readable explanation (English; the UI translates by `code`).
    pub message: String,
    /// The request field at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
    /// Seconds to wait before trying again (`Retry-After`).
    pub retry_after: Option<u64>,
    /// The client must not send another request on this connection.
    pub close_connection: bool,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody {
                code,
                message: message.into(),
                field: None,
            },
            retry_after: None,
            close_connection: status == StatusCode::PAYLOAD_TOO_LARGE,
        }
    }

    /// Answered with `Connection: close`.
    pub fn closing_connection(mut self) -> Self {
        self.close_connection = true;
        self
    }

    /// Too many attempts: come back in `wait`.
    pub fn too_many(
        code: &'static str,
        message: impl Into<String>,
        wait: std::time::Duration,
    ) -> Self {
        let mut error = Self::new(StatusCode::TOO_MANY_REQUESTS, code, message);
        error.retry_after = Some(wait.as_secs_f64().ceil().max(1.0) as u64);
        error
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.body.field = Some(field.into());
        self
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} not found"),
        )
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn unauthenticated(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn invalid_state(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "invalid_state", message)
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error; see the server log",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status;
        let mut response = (status, axum::Json(self.body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        if self.close_connection {
            // E.g. the rest of a too large body was never read: the
            // connection cannot carry another request.
            response.headers_mut().insert(
                axum::http::header::CONNECTION,
                axum::http::HeaderValue::from_static("close"),
            );
        }
        response
    }
}

impl From<ValidationError> for ApiError {
    fn from(e: ValidationError) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            e.message,
        )
        .with_field(e.field)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => Self::not_found(what),
            StoreError::Duplicate(m) => {
                let field = duplicate_field(&m).map(str::to_owned);
                let e = Self::new(StatusCode::CONFLICT, "duplicate", m);
                match field {
                    Some(f) => e.with_field(f),
                    None => e,
                }
            }
            StoreError::InUse(m) => Self::new(StatusCode::CONFLICT, "in_use", m),
            StoreError::InvalidState(m) => Self::invalid_state(m),
            StoreError::Refused { code, message } => Self::new(StatusCode::CONFLICT, code, message),
            StoreError::InvalidReference { field, message } => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_reference",
                message,
            )
            .with_field(field),
            StoreError::Invalid(v) => v.into(),
            StoreError::Pairing(p) => {
                let code = match p {
                    PairingError::Unknown => "pairing_code_unknown",
                    PairingError::Expired => "pairing_code_expired",
                    PairingError::Used => "pairing_code_used",
                    PairingError::Replaced => "pairing_code_replaced",
                    PairingError::AccountDisabled => "account_disabled",
                    PairingError::AwaitsChair => {
                        return Self::new(
                            StatusCode::CONFLICT,
                            "pairing_awaits_chair",
                            p.to_string(),
                        )
                    }
                };
                Self::unauthenticated(code, p.to_string())
            }
            StoreError::Unavailable(reason) => {
                tracing::warn!(%reason, "the database is unavailable");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "database_unavailable",
                    "the database cannot be reached now; nothing was changed, try again shortly",
                )
            }
            other @ (StoreError::Corrupt(_)
            | StoreError::Backend(_)
            | StoreError::NewerSchema { .. }) => {
                tracing::error!(error = %other, "store failure");
                Self::internal()
            }
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::JsonDataError(e) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_body",
                e.body_text(),
            ),
            JsonRejection::JsonSyntaxError(e) => {
                Self::new(StatusCode::BAD_REQUEST, "malformed_json", e.body_text())
            }
            JsonRejection::MissingJsonContentType(_) => Self::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "expected a body with Content-Type: application/json",
            ),
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => payload_too_large(),
            other => Self::new(StatusCode::BAD_REQUEST, "bad_request", other.body_text()),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_path", r.body_text())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_query", r.body_text())
    }
}

/// The field a uniqueness refusal is about: the last column the database
/// names ("already exists: sittings.session_id, sittings.title" → "title").
fn duplicate_field(message: &str) -> Option<&str> {
    let columns = message.rsplit_once(": ")?.1;
    let last = columns.rsplit(", ").next()?;
    last.rsplit('.').next().filter(|f| !f.is_empty())
}

pub fn payload_too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        "the request body is larger than allowed",
    )
}
