//! The gateway's one error type, answered as the API's JSON errors
//! (`{"code", "message"}`) so the UI shows them like any other.

use std::net::SocketAddr;
use std::path::Path;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error("the host does not answer: {0}")]
    Unreachable(String),
    #[error("the host's certificate has changed: {0}")]
    CertificateChanged(String),
    #[error("the address answers, but not as a KyHop host over TLS: {0}")]
    NotTls(String),
    #[error("the host answered {0}")]
    HostRefused(u16),
    #[error("this app is not paired with a host yet")]
    NotPaired,
    #[error("a downloaded file does not match its SHA-256 ({0})")]
    HashMismatch(String),
    #[error("the host sent a packet entry this laptop refuses: {0}")]
    BadPacketEntry(String),
    #[error("the kept copy of this document is damaged and the host cannot be reached to fetch it again")]
    CachedFileCorrupt,
    #[error("the disk is full ({0})")]
    DiskFull(String),
    #[error("{0}: {1}")]
    Disk(String, String),
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, String),
    #[error("{0}")]
    Invalid(String),
    #[error("pairing needs the fingerprint on the host's screen, typed, or the host's pairing link (its QR code): a host found on the network is not trusted by itself")]
    FingerprintUnconfirmed,
    #[error("the fingerprint does not match the host at this address ({0})")]
    FingerprintMismatch(String),
    #[error("this request did not come from the app's own window")]
    ForeignOrigin,
    #[error("this change needs the gateway's token, which only the app's own window holds")]
    GatewayTokenRequired,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl GatewayError {
    /// A file-system failure, told apart when the disk is full.
    pub fn disk(path: &Path, error: std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::StorageFull {
            GatewayError::DiskFull(path.display().to_string())
        } else {
            GatewayError::Disk(path.display().to_string(), error.to_string())
        }
    }

    /// The stable code the UI translates.
    pub fn code(&self) -> &'static str {
        match self {
            GatewayError::Unreachable(_) => "host_unreachable",
            GatewayError::CertificateChanged(_) => "host_certificate_changed",
            GatewayError::NotTls(_) => "host_not_tls",
            GatewayError::HostRefused(_) => "host_refused",
            GatewayError::NotPaired => "not_paired",
            GatewayError::HashMismatch(_) => "hash_mismatch",
            GatewayError::BadPacketEntry(_) => "bad_packet_entry",
            GatewayError::CachedFileCorrupt => "cached_file_corrupt",
            GatewayError::DiskFull(_) => "disk_full",
            GatewayError::Disk(..) => "disk_error",
            GatewayError::Bind(..) => "bind_failed",
            GatewayError::Invalid(_) => "validation_failed",
            GatewayError::FingerprintUnconfirmed => "fingerprint_confirmation_required",
            GatewayError::FingerprintMismatch(_) => "fingerprint_mismatch",
            GatewayError::ForeignOrigin => "forbidden",
            GatewayError::GatewayTokenRequired => "gateway_token_required",
            GatewayError::Internal(_) => "internal",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            GatewayError::Unreachable(_) | GatewayError::CachedFileCorrupt => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            GatewayError::CertificateChanged(_)
            | GatewayError::NotTls(_)
            | GatewayError::HostRefused(_)
            | GatewayError::HashMismatch(_)
            | GatewayError::BadPacketEntry(_) => StatusCode::BAD_GATEWAY,
            GatewayError::NotPaired | GatewayError::Bind(..) => StatusCode::CONFLICT,
            GatewayError::DiskFull(_) => StatusCode::INSUFFICIENT_STORAGE,
            GatewayError::Invalid(_)
            | GatewayError::FingerprintUnconfirmed
            | GatewayError::FingerprintMismatch(_) => StatusCode::UNPROCESSABLE_ENTITY,
            GatewayError::ForeignOrigin | GatewayError::GatewayTokenRequired => {
                StatusCode::FORBIDDEN
            }
            GatewayError::Disk(..) | GatewayError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A copy for the status endpoint (the error itself is not `Clone`).
    pub fn summary(&self) -> (String, String) {
        (self.code().to_owned(), self.to_string())
    }
}

impl IntoResponse for GatewayError {
    fn into_response(self) -> Response {
        if matches!(self, GatewayError::Internal(_) | GatewayError::Disk(..)) {
            tracing::error!(error = %self, "desktop gateway");
        }
        let body = json!({ "code": self.code(), "message": self.to_string() });
        (self.status(), Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_named_as_such() {
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        let error = GatewayError::disk(Path::new("/x"), full);
        assert_eq!(error.code(), "disk_full");
        assert_eq!(error.status(), StatusCode::INSUFFICIENT_STORAGE);
        let other = GatewayError::disk(Path::new("/x"), std::io::Error::other("boom"));
        assert_eq!(other.code(), "disk_error");
    }
}
