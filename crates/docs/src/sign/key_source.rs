//! Where a signing key lives — a PKCS#12 file with its password, or a key
//! on a PKCS#11 token with its PIN — and opening it. The command line and
//! the API both describe keys this way; the secrets in here never print.

use std::fmt;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use zeroize::Zeroizing;

use super::{Pkcs11Signer, Pkcs12Signer, SignError, Signer};

/// An opened key, ready to sign from any thread.
pub type BoxSigner = Box<dyn Signer + Send + Sync>;

/// A key and what unlocks it.
#[derive(Clone)]
pub enum KeySource {
    /// The file holds the private key: it is wiped from memory with the
    /// password when the source is dropped.
    Pkcs12 {
        file: Zeroizing<Vec<u8>>,
        password: Zeroizing<String>,
    },
    Pkcs11 {
        module: PathBuf,
        token: String,
        key: String,
        pin: Zeroizing<String>,
    },
}

impl fmt::Debug for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Pkcs12 { file, .. } => f
                .debug_struct("Pkcs12")
                .field("file_bytes", &file.len())
                .field("password", &"<secret>")
                .finish(),
            Self::Pkcs11 {
                module, token, key, ..
            } => f
                .debug_struct("Pkcs11")
                .field("module", module)
                .field("token", token)
                .field("key", key)
                .field("pin", &"<secret>")
                .finish(),
        }
    }
}

impl KeySource {
    /// Unlocks the key and checks its certificate is valid at `now` and
    /// belongs to the key. One login attempt only: a wrong PIN is reported,
    /// never retried, so we never lock a token on our own.
    ///
    /// Blocking (a token may take a while): call from a blocking thread.
    pub fn open(&self, now: DateTime<Utc>) -> Result<BoxSigner, SignError> {
        Ok(match self {
            Self::Pkcs12 { file, password } => Box::new(Pkcs12Signer::open(file, password, now)?),
            Self::Pkcs11 {
                module,
                token,
                key,
                pin,
            } => Box::new(Pkcs11Signer::open(module, token, key, pin, now)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let p12 = KeySource::Pkcs12 {
            file: vec![1, 2, 3].into(),
            password: Zeroizing::new("hunter2-password".into()),
        };
        let token = KeySource::Pkcs11 {
            module: "/usr/lib/softhsm/libsofthsm2.so".into(),
            token: "hdnd".into(),
            key: "chair".into(),
            pin: Zeroizing::new("98765432".into()),
        };
        let printed = format!("{p12:?} {token:?} {p12:#?}");
        assert!(!printed.contains("hunter2-password"), "{printed}");
        assert!(!printed.contains("98765432"), "{printed}");
        assert!(printed.contains("softhsm2") && printed.contains("chair"));
    }
}
