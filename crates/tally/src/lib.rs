//! The secret count of KyHop's secret, confidence and election polls.
//!
//! A secret ballot is encrypted the moment the server receives it, as one
//! exponential-ElGamal ciphertext per counter of the poll (1 where the
//! ballot adds one, 0 elsewhere), with zero-knowledge proofs that every
//! ciphertext holds 0 or 1 and each one-mark group exactly one 1. Only
//! ciphertexts are stored; at the close they are added together and only
//! the totals are decrypted, each with a proof of correct decryption. The
//! poll's private key exists in the database only sealed under the counting
//! key, a file kept outside the data directory, and is destroyed once the
//! result is published.
//!
//! The cryptography is the `elastic-elgamal` crate's (Ristretto group) and
//! the sealing is XChaCha20-Poly1305's; nothing here is new cryptography,
//! only how KyHop lays its ballots out and what it writes down.
#![forbid(unsafe_code)]

mod ballot;
mod counting_key;
mod poll_key;
mod record;

pub use ballot::{BallotSealer, EncryptedSum, Sealed};
pub use counting_key::CountingKey;
pub use poll_key::{PollKey, SealedPollKey};
pub use record::{
    count, totals_table, Counted, RecordCounter, VerificationRecord, Verified, RECORD_FORMAT,
};

/// The group every poll key lives in.
pub(crate) type Group = elastic_elgamal::group::Ristretto;

/// What went wrong with a key, a ballot or a record.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TallyError {
    /// The counting key does not open this poll's key: another key file.
    #[error("the counting key does not open this poll's key (it was sealed under key {expected}, the server has {actual})")]
    WrongCountingKey { expected: String, actual: String },
    /// A counting key file that is not one.
    #[error("not a counting key: {0}")]
    BadCountingKey(String),
    /// Stored data that cannot be what KyHop wrote.
    #[error("{0}")]
    Corrupt(String),
    /// A verification record that does not check out.
    #[error("{0}")]
    Rejected(String),
}

/// A poll's public key as the API and the record show it.
pub fn public_key_text(public_key: &[u8]) -> String {
    b64(public_key)
}

/// Base64 (URL alphabet, no padding), as elastic-elgamal writes its values.
pub(crate) fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub(crate) fn unb64(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .ok()
}
