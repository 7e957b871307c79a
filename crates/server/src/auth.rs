//! Secrets: password hashes, bearer tokens and pairing codes.
//!
//! Passwords are stored as argon2id hashes. Tokens and pairing codes are
//! random and stored only as SHA-256 hashes, so a copy of the database lets
//! nobody sign in; a plain hash is enough for them because they carry 256 and
//! ~40 bits of randomness, unlike passwords chosen by people.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

/// Characters of a pairing code: no 0/O, 1/I/L, so a code read off a card by
/// an older delegate is typed right the first time.
pub const PAIRING_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a pairing code (shown as two groups of four).
pub const PAIRING_LEN: usize = 8;

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

pub fn hash_password(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Whether `password` matches the stored hash. A malformed stored hash
/// matches nothing.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
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
