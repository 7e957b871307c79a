//! The counting key: 32 random bytes in a file outside the data directory,
//! under which every poll's private key is sealed.

use rand::RngCore;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::TallyError;

/// How the key file's one line starts.
const FILE_PREFIX: &str = "kyhop-counting-key-v1 ";

pub struct CountingKey {
    bytes: Zeroizing<[u8; 32]>,
}

impl CountingKey {
    pub fn generate() -> Self {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(bytes.as_mut());
        Self { bytes }
    }

    /// The key file's text: one line.
    pub fn file_text(&self) -> Zeroizing<String> {
        Zeroizing::new(format!(
            "{FILE_PREFIX}{}\n",
            hex::encode(self.bytes.as_ref())
        ))
    }

    /// Reads the key from its file's text.
    pub fn from_file_text(text: &str) -> Result<Self, TallyError> {
        let bad = |why: &str| TallyError::BadCountingKey(why.to_owned());
        let hex_part = text
            .trim_end_matches(['\n', '\r'])
            .strip_prefix(FILE_PREFIX)
            .ok_or_else(|| bad("the file does not start with \"kyhop-counting-key-v1 \""))?;
        let mut bytes = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(hex_part, bytes.as_mut())
            .map_err(|_| bad("the key is not 64 hexadecimal digits"))?;
        Ok(Self { bytes })
    }

    /// A short public name of the key, stored beside what it seals, so
    /// that a wrong key file is named as such. Says nothing of the key.
    pub fn id(&self) -> String {
        let digest = Sha256::new()
            .chain_update(b"kyhop counting key id\0")
            .chain_update(self.bytes.as_ref())
            .finalize();
        hex::encode(&digest[..8])
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.bytes
    }
}

impl std::fmt::Debug for CountingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CountingKey({})", self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_survives_its_file_and_a_bad_file_is_named() {
        let key = CountingKey::generate();
        let back = CountingKey::from_file_text(&key.file_text()).unwrap();
        assert_eq!(back.bytes(), key.bytes());
        assert_eq!(back.id(), key.id());
        assert_ne!(CountingKey::generate().id(), key.id());
        assert!(!format!("{key:?}").contains(&hex::encode(key.bytes())));
        for bad in [
            "",
            "kyhop-counting-key-v1 abc",
            "ssh-ed25519 AAAA",
            &"kyhop-counting-key-v1 zz".repeat(3),
        ] {
            assert!(matches!(
                CountingKey::from_file_text(bad),
                Err(TallyError::BadCountingKey(_))
            ));
        }
    }
}
