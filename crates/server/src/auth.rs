//! Secrets: password hashes, bearer tokens and pairing codes.
//!
//! Passwords are stored as argon2id hashes. Tokens are random (256 bits)
//! and stored only as SHA-256 hashes, so a copy of the database lets nobody
//! sign in. Pairing codes carry only ~40 bits, few enough to try every one
//! against a plain hash in minutes: they are stored as HMAC-SHA-256 under
//! the server's pairing key, a file beside the database and not in it
//! ([`PairingKey`]).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

/// Characters of a pairing code: no 0/O, 1/I/L, so a code read off a card by
/// an older delegate is typed right the first time.
pub const PAIRING_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a pairing code (shown as two groups of four).
pub const PAIRING_LEN: usize = 8;

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// A password as it is hashed: Unicode NFC, so that "mật khẩu" typed on a
/// Mac (decomposed) and on Windows (composed) is the same password.
fn composed(password: &str) -> Zeroizing<String> {
    Zeroizing::new(password.nfc().collect())
}

pub fn hash_password(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(composed(password).as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Whether `password` matches the stored hash. A malformed stored hash
/// matches nothing. Hashes made before passwords were composed took the
/// bytes as typed: when the composed form does not match and differs from
/// what was typed, what was typed is tried too.
pub fn verify_password(password: &str, stored: &str) -> bool {
    let Ok(hash) = PasswordHash::new(stored) else {
        return false;
    };
    let matches = |candidate: &str| {
        Argon2::default()
            .verify_password(candidate.as_bytes(), &hash)
            .is_ok()
    };
    let nfc = composed(password);
    matches(&nfc) || (nfc.as_str() != password && matches(password))
}

/// A hash to verify against when the account does not exist, so that a
/// wrong username takes as long as a wrong password.
pub fn dummy_password_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("no account has this password").unwrap_or_default())
}

/// A new opaque bearer token: 32 random bytes, base64url.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a token or pairing code.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// The server's key for pairing codes' hashes (`DATA_DIR/pairing-key`,
/// 0600, made on first start). Losing it only voids unused cards.
pub struct PairingKey(Zeroizing<[u8; 32]>);

/// The pairing key's file name in the data directory.
pub const PAIRING_KEY_FILE: &str = "pairing-key";

impl PairingKey {
    /// Reads the key in `data_dir`, or makes and keeps a new one.
    pub fn load_or_create(data_dir: &std::path::Path) -> anyhow::Result<Self> {
        use anyhow::Context;
        let path = data_dir.join(PAIRING_KEY_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let text = Zeroizing::new(text);
                let mut key = Zeroizing::new([0u8; 32]);
                hex::decode_to_slice(text.trim(), key.as_mut())
                    .with_context(|| format!("{} is not a pairing key", path.display()))?;
                Ok(Self(key))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = Zeroizing::new([0u8; 32]);
                OsRng.fill_bytes(key.as_mut());
                let text = Zeroizing::new(hex::encode(key.as_ref()));
                // Instances starting together on a shared data directory
                // must end up with one key: the first made is everyone's.
                if crate::private_file::create_once(&path, text.as_bytes())
                    .with_context(|| format!("writing {}", path.display()))?
                {
                    Ok(Self(key))
                } else {
                    Self::load_or_create(data_dir)
                }
            }
            Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
        }
    }

    /// The stored form of a pairing code.
    pub fn hash(&self, code: &str) -> String {
        use hmac::{Hmac, Mac};
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.0.as_ref())
            .expect("HMAC takes a key of any length");
        mac.update(code.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

/// A new pairing code, formatted "ABCD-EFGH".
pub fn new_pairing_code() -> String {
    let mut rng = OsRng;
    let chars: String = (0..PAIRING_LEN)
        .map(|_| PAIRING_ALPHABET[rng.gen_range(0..PAIRING_ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// Puts a typed pairing code into canonical form "ABCD-EFGH": upper case,
/// spaces and dashes ignored. Returns None when it cannot be a code.
pub fn normalize_pairing_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid = code.len() == PAIRING_LEN && code.bytes().all(|b| PAIRING_ALPHABET.contains(&b));
    valid.then(|| format!("{}-{}", &code[..4], &code[4..]))
}

/// A random password for generated accounts (initial admin, demo accounts).
pub fn new_password() -> String {
    let mut bytes = [0u8; 15];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_round_trip() {
        let h = hash_password("mật khẩu dài đủ").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("mật khẩu dài đủ", &h));
        assert!(!verify_password("mat khau dai du", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn a_password_typed_decomposed_matches_the_composed_one() {
        let composed = "Mật khẩu Hội đồng 2026";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(composed, decomposed, "the control: the bytes differ");
        let h = hash_password(composed).unwrap();
        assert!(verify_password(&decomposed, &h));
        let h = hash_password(&decomposed).unwrap();
        assert!(verify_password(composed, &h));
        // A hash made from the decomposed bytes before passwords were
        // composed still opens with what the person types.
        let salt = SaltString::generate(&mut OsRng);
        let old = Argon2::default()
            .hash_password(decomposed.as_bytes(), &salt)
            .unwrap()
            .to_string();
        assert!(verify_password(&decomposed, &old));
    }

    #[test]
    fn pairing_codes_are_unambiguous_and_normalise() {
        for _ in 0..100 {
            let code = new_pairing_code();
            assert_eq!(code.len(), PAIRING_LEN + 1);
            assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
            let typed = code.to_lowercase().replace('-', " ");
            assert_eq!(
                normalize_pairing_code(&typed).as_deref(),
                Some(code.as_str())
            );
        }
        assert_eq!(normalize_pairing_code("ABCD-EFG0"), None);
        assert_eq!(normalize_pairing_code("ABC"), None);
    }

    #[test]
    fn tokens_are_distinct_and_hash_stably() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(secret_hash(&a), secret_hash(&a));
        assert_ne!(secret_hash(&a), secret_hash(&b));
    }
}
