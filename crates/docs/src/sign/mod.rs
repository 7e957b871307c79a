//! PAdES (baseline B-B and B-T) PDF signing for KyHop: software keys, PKCS#12 and
//! PKCS#11 tokens, visible PNG appearances, incremental updates that keep
//! earlier signatures valid, and a verifier.

pub mod appearance;
pub mod cms;
pub mod demo_ocsp;
pub mod demo_pki;
pub mod demo_tsa;
pub mod dss;
pub mod error;
pub mod key_source;
pub mod keys;
pub mod long_term;
pub mod pdf_sign;
pub mod pkcs11;
mod revisions;
pub mod revocation;
pub mod timestamp;
pub mod verify;

pub use appearance::{fit_centered, seal_rect_over_signature, Appearance, AppearanceImage};
pub use demo_ocsp::DemoOcsp;
pub use demo_pki::{demo_pki, demo_pki_for, export_p12, DemoIdentity, DemoPki};
pub use demo_tsa::DemoTsa;
pub use dss::{add_validation_data, read_validation_data, ValidationData};
pub use error::SignError;
pub use key_source::{BoxSigner, KeySource};
pub use keys::{
    check_validity, holder_name, InMemorySigner, KeyKind, LocalKey, Pkcs12Signer, Signer,
};
pub use long_term::{
    add_document_timestamp_data, add_long_term_data, document_timestamp_count,
    refresh_archive_timestamp, validation_data_of,
};
pub use pdf_sign::{
    sign_pdf, sign_pdf_timestamped, timestamp_document, SignRequest, CONTENTS_RESERVED_BYTES,
};
pub use pkcs11::Pkcs11Signer;
pub use revocation::{chain_from, check_trusted, validation_data_for, RevocationTransport};
pub use timestamp::{TimeStampToken, TimeStamper, TsaTransport};
pub use verify::{document_valid, verify_pdf, PadesLevel, SignatureReport};
pub use x509_cert::Certificate;

#[cfg(test)]
mod send_sync {
    fn assert_send_sync<T: Send + Sync>() {}
    #[test]
    fn signers_are_send_and_sync() {
        assert_send_sync::<crate::sign::InMemorySigner>();
        assert_send_sync::<crate::sign::Pkcs12Signer>();
        assert_send_sync::<crate::sign::Pkcs11Signer>();
        assert_send_sync::<crate::sign::SignError>();
    }
}
