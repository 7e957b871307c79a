//! One error type for the whole crate. Every variant has a stable `code()`
//! string that the product can map to a localised message.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum SignError {
    // --- PDF input ---
    #[error("the PDF is damaged or cannot be parsed: {0}")]
    DamagedPdf(String),
    #[error("encrypted PDFs are not supported")]
    EncryptedPdf,
    #[error("the PDF was modified after its last signature")]
    ModifiedAfterSignature,
    #[error("page {0} does not exist")]
    InvalidPage(u32),
    #[error("invalid signing request: {0}")]
    InvalidRequest(String),
    #[error("a signature field named {0:?} already exists")]
    FieldExists(String),
    #[error("the signature ({0} bytes) does not fit in the reserved /Contents space")]
    SignatureTooLarge(usize),
    #[error("invalid PNG image: {0}")]
    InvalidImage(String),

    // --- keys and certificates ---
    #[error("wrong password for the PKCS#12 file")]
    WrongPassword,
    #[error("the PKCS#12 file is not valid: {0}")]
    InvalidPkcs12(String),
    #[error("the PKCS#12 file contains no private key")]
    NoPrivateKey,
    #[error("the private key does not match the certificate's public key")]
    KeyCertificateMismatch,
    #[error("the certificate expired on {0}")]
    CertificateExpired(String),
    #[error("the certificate is not valid before {0}")]
    CertificateNotYetValid(String),
    #[error("unsupported key type (only RSA and ECDSA P-256 are supported): {0}")]
    UnsupportedKey(String),
    #[error("invalid key: {0}")]
    InvalidKey(String),
    #[error("invalid certificate: {0}")]
    InvalidCertificate(String),

    // --- PKCS#11 ---
    #[error("cannot load the PKCS#11 module: {0}")]
    ModuleLoadFailed(String),
    #[error("no token with label {0:?}")]
    TokenNotFound(String),
    #[error("wrong PIN")]
    WrongPin,
    #[error("the PIN is locked")]
    PinLocked,
    #[error("no private key with label {0:?} on the token")]
    KeyNotFound(String),
    #[error("no certificate for key {0:?} on the token")]
    CertificateNotFound(String),
    #[error("PKCS#11 token error: {0}")]
    TokenError(String),

    // --- time-stamping authority ---
    #[error("the time-stamping authority cannot be reached: {0}")]
    TsaUnreachable(String),
    #[error("the time-stamping authority refused: {0}")]
    TsaRefused(String),
    #[error("the time-stamp does not match the request: {0}")]
    TimestampMismatch(String),
    #[error("the time-stamp cannot be trusted: {0}")]
    TimestampUntrusted(String),

    // --- revocation (OCSP, CRLs) ---
    #[error("the certificate is revoked: {0}")]
    CertificateRevoked(String),
    #[error("the signer's certificate does not chain to a root this server trusts: {0}")]
    UntrustedSigner(String),
    #[error("the certificate's revocation status cannot be had: {0}")]
    RevocationUnavailable(String),
    #[error("the revocation status received cannot be relied on: {0}")]
    RevocationInvalid(String),

    // --- everything else ---
    #[error("signing failed: {0}")]
    SigningFailed(String),
    #[error("CMS encoding/decoding error: {0}")]
    Cms(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl SignError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        use SignError::*;
        match self {
            DamagedPdf(_) => "damaged_pdf",
            EncryptedPdf => "encrypted_pdf",
            ModifiedAfterSignature => "modified_after_signature",
            InvalidPage(_) => "invalid_page",
            InvalidRequest(_) => "invalid_request",
            FieldExists(_) => "field_exists",
            SignatureTooLarge(_) => "signature_too_large",
            InvalidImage(_) => "invalid_image",
            WrongPassword => "wrong_password",
            InvalidPkcs12(_) => "invalid_pkcs12",
            NoPrivateKey => "no_private_key",
            KeyCertificateMismatch => "key_certificate_mismatch",
            CertificateExpired(_) => "certificate_expired",
            CertificateNotYetValid(_) => "certificate_not_yet_valid",
            UnsupportedKey(_) => "unsupported_key",
            InvalidKey(_) => "invalid_key",
            InvalidCertificate(_) => "invalid_certificate",
            ModuleLoadFailed(_) => "module_load_failed",
            TokenNotFound(_) => "token_not_found",
            WrongPin => "wrong_pin",
            PinLocked => "pin_locked",
            KeyNotFound(_) => "key_not_found",
            CertificateNotFound(_) => "certificate_not_found",
            TokenError(_) => "token_error",
            TsaUnreachable(_) => "tsa_unreachable",
            TsaRefused(_) => "tsa_refused",
            TimestampMismatch(_) => "timestamp_mismatch",
            TimestampUntrusted(_) => "timestamp_untrusted",
            CertificateRevoked(_) => "certificate_revoked",
            UntrustedSigner(_) => "signer_untrusted",
            RevocationUnavailable(_) => "revocation_unavailable",
            RevocationInvalid(_) => "revocation_invalid",
            SigningFailed(_) => "signing_failed",
            Cms(_) => "cms_error",
            Internal(_) => "internal",
        }
    }
}

impl From<der::Error> for SignError {
    fn from(e: der::Error) -> Self {
        SignError::Cms(e.to_string())
    }
}
