//! A poll's key pair: the public half encrypts ballots, the private half is
//! kept only sealed under the counting key and opened once, at the close.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use elastic_elgamal::group::ScalarOps;
use elastic_elgamal::{Keypair, SecretKey};
use rand::RngCore;
use zeroize::Zeroizing;

use crate::{CountingKey, Group, TallyError};

const NONCE: usize = 24;

/// A poll's key as stored: the public key in the clear, the private key
/// sealed, and which counting key sealed it.
#[derive(Clone, PartialEq, Eq)]
pub struct SealedPollKey {
    pub public_key: Vec<u8>,
    pub sealed_secret: Vec<u8>,
    pub counting_key_id: String,
}

impl std::fmt::Debug for SealedPollKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SealedPollKey(counting key {})", self.counting_key_id)
    }
}

/// An opened poll key: only inside the closing transaction.
pub struct PollKey(pub(crate) Keypair<Group>);

impl PollKey {
    /// The private key's bytes, for audits that search stored files for
    /// it (it must never be found in the clear). Zeroised when dropped.
    pub fn secret_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut secret = Zeroizing::new(vec![0u8; Group::SCALAR_SIZE]);
        Group::serialize_scalar(self.0.secret().expose_scalar(), &mut secret);
        secret
    }
}

/// What the seal is bound to: this poll and this public key, so that a
/// sealed key copied onto another poll does not open.
fn associated_data(poll_id: i64, public_key: &[u8]) -> Vec<u8> {
    let mut aad = b"kyhop poll key\0".to_vec();
    aad.extend_from_slice(&poll_id.to_be_bytes());
    aad.extend_from_slice(public_key);
    aad
}

impl SealedPollKey {
    /// A new key pair for `poll_id`, its private half sealed at once.
    pub fn generate(counting: &CountingKey, poll_id: i64) -> Self {
        let keys = Keypair::<Group>::generate(&mut rand::rngs::OsRng);
        let public_key = keys.public().as_bytes().to_vec();
        let mut secret = Zeroizing::new(vec![0u8; Group::SCALAR_SIZE]);
        Group::serialize_scalar(keys.secret().expose_scalar(), &mut secret);
        let mut nonce = [0u8; NONCE];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let cipher = XChaCha20Poly1305::new(counting.bytes().into());
        let aad = associated_data(poll_id, &public_key);
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &secret,
                    aad: &aad,
                },
            )
            .expect("XChaCha20-Poly1305 seals any 32 bytes");
        let mut sealed_secret = nonce.to_vec();
        sealed_secret.extend_from_slice(&sealed);
        Self {
            public_key,
            sealed_secret,
            counting_key_id: counting.id(),
        }
    }

    /// Opens the private key with the counting key.
    pub fn open(&self, counting: &CountingKey, poll_id: i64) -> Result<PollKey, TallyError> {
        let wrong = || TallyError::WrongCountingKey {
            expected: self.counting_key_id.clone(),
            actual: counting.id(),
        };
        if counting.id() != self.counting_key_id || self.sealed_secret.len() <= NONCE {
            return Err(wrong());
        }
        let (nonce, sealed) = self.sealed_secret.split_at(NONCE);
        let cipher = XChaCha20Poly1305::new(counting.bytes().into());
        let aad = associated_data(poll_id, &self.public_key);
        let secret = Zeroizing::new(
            cipher
                .decrypt(
                    XNonce::from_slice(nonce),
                    Payload {
                        msg: sealed,
                        aad: &aad,
                    },
                )
                .map_err(|_| wrong())?,
        );
        let secret = SecretKey::<Group>::from_bytes(&secret)
            .ok_or_else(|| TallyError::Corrupt("the sealed poll key is not a key".into()))?;
        let keys = Keypair::from(secret);
        if keys.public().as_bytes() != self.public_key.as_slice() {
            return Err(TallyError::Corrupt(
                "the sealed poll key does not match the poll's public key".into(),
            ));
        }
        Ok(PollKey(keys))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seal_opens_only_with_its_counting_key_and_for_its_poll() {
        let counting = CountingKey::generate();
        let sealed = SealedPollKey::generate(&counting, 7);
        let opened = sealed.open(&counting, 7).unwrap();
        assert_eq!(opened.0.public().as_bytes(), sealed.public_key.as_slice());

        // The private key is nowhere in what is stored.
        let secret = opened.secret_bytes();
        for stored in [&sealed.sealed_secret, &sealed.public_key] {
            assert!(!stored.windows(secret.len()).any(|w| w == secret.as_slice()));
        }

        let other = CountingKey::generate();
        assert!(matches!(
            sealed.open(&other, 7),
            Err(TallyError::WrongCountingKey { .. })
        ));
        // Another poll's seal, or a forged key id, does not open either.
        assert!(sealed.open(&counting, 8).is_err());
        let mut forged = SealedPollKey::generate(&other, 7);
        forged.counting_key_id = counting.id();
        assert!(matches!(
            forged.open(&counting, 7),
            Err(TallyError::WrongCountingKey { .. })
        ));
    }
}
