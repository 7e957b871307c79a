//! Signers: the `Signer` trait, in-memory keys (PEM/DER, PKCS#12) and
//! public-key helpers shared with verification. PKCS#11 lives in `pkcs11.rs`.

use chrono::{DateTime, Utc};
use der::{asn1::ObjectIdentifier, Decode, Encode, Tagged};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePublicKey};
use sha2::{Digest, Sha256, Sha384, Sha512};
use signature::{SignatureEncoding, Signer as _, Verifier as _};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::Certificate;

use crate::sign::error::SignError;

pub(crate) const OID_RSA_ENCRYPTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub(crate) const OID_SHA256_WITH_RSA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
pub(crate) const OID_SHA384_WITH_RSA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
pub(crate) const OID_SHA512_WITH_RSA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
pub(crate) const OID_EC_PUBLIC_KEY: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
pub(crate) const OID_SECP256R1: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
pub(crate) const OID_ECDSA_SHA256: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
pub(crate) const OID_ECDSA_SHA384: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
pub(crate) const OID_ECDSA_SHA512: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.4");
pub(crate) const OID_SHA256: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
pub(crate) const OID_SHA384: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
pub(crate) const OID_SHA512: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");

/// Something that can produce a CMS signature with SHA-256.
///
/// Object safe: the PDF code only ever sees `&dyn Signer`.
pub trait Signer {
    /// The signer's own certificate.
    fn certificate(&self) -> &Certificate;
    /// Intermediate / root certificates to embed (may be empty).
    fn chain(&self) -> &[Certificate];
    /// Sign `tbs` (the DER of the CMS signed attributes): hash it with
    /// SHA-256 and sign. RSA: PKCS#1 v1.5 signature bytes; ECDSA P-256:
    /// DER-encoded `ECDSA-Sig-Value`.
    fn sign_digest_input(&self, tbs: &[u8]) -> Result<Vec<u8>, SignError>;
    /// `sha256WithRSAEncryption` or `ecdsa-with-SHA256`.
    fn signature_algorithm(&self) -> AlgorithmIdentifierOwned;
}

/// The two key types we support.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Rsa,
    EcP256,
}

impl KeyKind {
    pub fn signature_algorithm(self) -> AlgorithmIdentifierOwned {
        match self {
            KeyKind::Rsa => AlgorithmIdentifierOwned {
                oid: OID_SHA256_WITH_RSA,
                parameters: Some(der::asn1::Null.into()),
            },
            KeyKind::EcP256 => AlgorithmIdentifierOwned {
                oid: OID_ECDSA_SHA256,
                parameters: None,
            },
        }
    }
}

// ---------------------------------------------------------------------------
// Public keys (used for key/cert matching and for verification)
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PublicKey {
    Rsa(rsa::RsaPublicKey),
    P256(p256::PublicKey),
}

impl PublicKey {
    pub(crate) fn from_spki(spki: &SubjectPublicKeyInfoOwned) -> Result<Self, SignError> {
        let der = spki.to_der()?;
        if spki.algorithm.oid == OID_RSA_ENCRYPTION {
            rsa::RsaPublicKey::from_public_key_der(&der)
                .map(PublicKey::Rsa)
                .map_err(|e| SignError::InvalidCertificate(format!("RSA public key: {e}")))
        } else if spki.algorithm.oid == OID_EC_PUBLIC_KEY {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
            if curve != Some(OID_SECP256R1) {
                return Err(SignError::UnsupportedKey(format!("EC curve {curve:?}")));
            }
            p256::PublicKey::from_public_key_der(&der)
                .map(PublicKey::P256)
                .map_err(|e| SignError::InvalidCertificate(format!("EC public key: {e}")))
        } else {
            Err(SignError::UnsupportedKey(format!(
                "algorithm {}",
                spki.algorithm.oid
            )))
        }
    }

    pub(crate) fn from_cert(cert: &Certificate) -> Result<Self, SignError> {
        Self::from_spki(&cert.tbs_certificate.subject_public_key_info)
    }

    pub(crate) fn kind(&self) -> KeyKind {
        match self {
            PublicKey::Rsa(_) => KeyKind::Rsa,
            PublicKey::P256(_) => KeyKind::EcP256,
        }
    }

    /// Verify `sig` over `msg`. `sig_alg` is the signature algorithm OID;
    /// `digest_alg` is only consulted when `sig_alg` is a bare key OID
    /// (rsaEncryption / id-ecPublicKey), as CMS allows.
    pub(crate) fn verify(
        &self,
        sig_alg: &ObjectIdentifier,
        digest_alg: Option<&ObjectIdentifier>,
        msg: &[u8],
        sig: &[u8],
    ) -> bool {
        let hash = match (*sig_alg, digest_alg) {
            (OID_SHA256_WITH_RSA, _) | (OID_ECDSA_SHA256, _) => OID_SHA256,
            (OID_SHA384_WITH_RSA, _) | (OID_ECDSA_SHA384, _) => OID_SHA384,
            (OID_SHA512_WITH_RSA, _) | (OID_ECDSA_SHA512, _) => OID_SHA512,
            (OID_RSA_ENCRYPTION, Some(d)) | (OID_EC_PUBLIC_KEY, Some(d)) => *d,
            _ => return false,
        };
        let rsa_alg = matches!(
            *sig_alg,
            OID_SHA256_WITH_RSA | OID_SHA384_WITH_RSA | OID_SHA512_WITH_RSA | OID_RSA_ENCRYPTION
        );
        match self {
            PublicKey::Rsa(pk) if rsa_alg => {
                let Ok(s) = rsa::pkcs1v15::Signature::try_from(sig) else {
                    return false;
                };
                match hash {
                    OID_SHA256 => rsa::pkcs1v15::VerifyingKey::<Sha256>::new(pk.clone())
                        .verify(msg, &s)
                        .is_ok(),
                    OID_SHA384 => rsa::pkcs1v15::VerifyingKey::<Sha384>::new(pk.clone())
                        .verify(msg, &s)
                        .is_ok(),
                    OID_SHA512 => rsa::pkcs1v15::VerifyingKey::<Sha512>::new(pk.clone())
                        .verify(msg, &s)
                        .is_ok(),
                    _ => false,
                }
            }
            PublicKey::P256(pk) if !rsa_alg => {
                use p256::ecdsa::signature::hazmat::PrehashVerifier;
                let Ok(s) = p256::ecdsa::Signature::from_der(sig) else {
                    return false;
                };
                let prehash = match hash {
                    OID_SHA256 => Sha256::digest(msg).to_vec(),
                    OID_SHA384 => Sha384::digest(msg).to_vec(),
                    OID_SHA512 => Sha512::digest(msg).to_vec(),
                    _ => return false,
                };
                p256::ecdsa::VerifyingKey::from(pk)
                    .verify_prehash(&prehash, &s)
                    .is_ok()
            }
            _ => false,
        }
    }
}

// ---------------------------------------------------------------------------
// Local (software) private keys
// ---------------------------------------------------------------------------

/// A software private key: RSA or ECDSA P-256.
#[derive(Clone)]
#[allow(clippy::large_enum_variant)]
pub enum LocalKey {
    Rsa(rsa::RsaPrivateKey),
    P256(p256::ecdsa::SigningKey),
}

impl std::fmt::Debug for LocalKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LocalKey::Rsa(_) => "LocalKey::Rsa(<secret>)",
            LocalKey::P256(_) => "LocalKey::P256(<secret>)",
        })
    }
}

impl LocalKey {
    /// Parse a PKCS#8 `PrivateKeyInfo` (DER).
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, SignError> {
        let info = pkcs8::PrivateKeyInfo::try_from(der)
            .map_err(|e| SignError::InvalidKey(format!("PKCS#8: {e}")))?;
        let oid = info.algorithm.oid;
        if oid == OID_RSA_ENCRYPTION {
            rsa::RsaPrivateKey::from_pkcs8_der(der)
                .map(LocalKey::Rsa)
                .map_err(|e| SignError::InvalidKey(format!("RSA: {e}")))
        } else if oid == OID_EC_PUBLIC_KEY {
            let curve = info
                .algorithm
                .parameters
                .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
            match curve {
                Some(OID_SECP256R1) => p256::ecdsa::SigningKey::from_pkcs8_der(der)
                    .map(LocalKey::P256)
                    .map_err(|e| SignError::InvalidKey(format!("P-256: {e}"))),
                Some(c) => Err(SignError::UnsupportedKey(format!("EC curve {c}"))),
                None => Err(SignError::UnsupportedKey(
                    "EC key without named curve".into(),
                )),
            }
        } else {
            Err(SignError::UnsupportedKey(format!("key algorithm {oid}")))
        }
    }

    /// Parse a PEM private key: `PRIVATE KEY` (PKCS#8), `RSA PRIVATE KEY`
    /// (PKCS#1) or `EC PRIVATE KEY` (SEC1, P-256 only).
    pub fn from_pem(pem: &str) -> Result<Self, SignError> {
        let (label, der) = der::pem::decode_vec(pem.trim().as_bytes())
            .map_err(|e| SignError::InvalidKey(format!("PEM: {e}")))?;
        match label {
            "PRIVATE KEY" => Self::from_pkcs8_der(&der),
            "RSA PRIVATE KEY" => rsa::RsaPrivateKey::from_pkcs1_der(&der)
                .map(LocalKey::Rsa)
                .map_err(|e| SignError::InvalidKey(format!("PKCS#1: {e}"))),
            "EC PRIVATE KEY" => p256::SecretKey::from_sec1_der(&der)
                .map(|k| LocalKey::P256(k.into()))
                .map_err(|e| SignError::UnsupportedKey(format!("SEC1 (only P-256): {e}"))),
            "ENCRYPTED PRIVATE KEY" => Err(SignError::InvalidKey(
                "encrypted PEM keys are not supported; use a .p12".into(),
            )),
            other => Err(SignError::InvalidKey(format!(
                "unexpected PEM label {other}"
            ))),
        }
    }

    pub fn kind(&self) -> KeyKind {
        match self {
            LocalKey::Rsa(_) => KeyKind::Rsa,
            LocalKey::P256(_) => KeyKind::EcP256,
        }
    }

    pub(crate) fn public_key(&self) -> PublicKey {
        match self {
            LocalKey::Rsa(k) => PublicKey::Rsa(k.to_public_key()),
            LocalKey::P256(k) => PublicKey::P256(p256::PublicKey::from(k.verifying_key())),
        }
    }

    /// SubjectPublicKeyInfo of the matching public key.
    pub fn public_key_spki(&self) -> Result<SubjectPublicKeyInfoOwned, SignError> {
        let der = match self {
            LocalKey::Rsa(k) => k.to_public_key().to_public_key_der(),
            LocalKey::P256(k) => k.verifying_key().to_public_key_der(),
        }
        .map_err(|e| SignError::InvalidKey(e.to_string()))?;
        SubjectPublicKeyInfoOwned::from_der(der.as_bytes()).map_err(Into::into)
    }

    /// SHA-256 + sign.
    pub fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, SignError> {
        match self {
            LocalKey::Rsa(k) => {
                let sk = rsa::pkcs1v15::SigningKey::<Sha256>::new(k.clone());
                let sig = sk
                    .try_sign(msg)
                    .map_err(|e| SignError::SigningFailed(e.to_string()))?;
                Ok(sig.to_vec())
            }
            LocalKey::P256(k) => {
                let sig: p256::ecdsa::Signature = k
                    .try_sign(msg)
                    .map_err(|e| SignError::SigningFailed(e.to_string()))?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Certificate helpers
// ---------------------------------------------------------------------------

/// Fail with `certificate_expired` / `certificate_not_yet_valid` unless
/// `now` is inside the certificate's validity period.
pub fn check_validity(cert: &Certificate, now: DateTime<Utc>) -> Result<(), SignError> {
    let v = &cert.tbs_certificate.validity;
    let nb: DateTime<Utc> = v.not_before.to_system_time().into();
    let na: DateTime<Utc> = v.not_after.to_system_time().into();
    if now < nb {
        return Err(SignError::CertificateNotYetValid(nb.to_rfc3339()));
    }
    if now > na {
        return Err(SignError::CertificateExpired(na.to_rfc3339()));
    }
    Ok(())
}

/// Parse one or more PEM certificates.
pub fn certificates_from_pem(pem: &[u8]) -> Result<Vec<Certificate>, SignError> {
    Certificate::load_pem_chain(pem).map_err(|e| SignError::InvalidCertificate(e.to_string()))
}

/// Parse a DER certificate.
pub fn certificate_from_der(der: &[u8]) -> Result<Certificate, SignError> {
    Certificate::from_der(der).map_err(|e| SignError::InvalidCertificate(e.to_string()))
}

/// The common name (CN) of a certificate's subject: how its holder is named.
pub fn holder_name(cert: &Certificate) -> Option<String> {
    const COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
    let value = cert
        .tbs_certificate
        .subject
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == COMMON_NAME)
        .map(|atv| &atv.value)?;
    match value.tag() {
        der::Tag::Utf8String | der::Tag::PrintableString | der::Tag::Ia5String => {
            std::str::from_utf8(value.value()).ok().map(str::to_owned)
        }
        der::Tag::BmpString => {
            let units: Vec<u16> = value
                .value()
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect();
            String::from_utf16(&units).ok()
        }
        _ => None,
    }
}

fn ensure_key_matches(key: &LocalKey, cert: &Certificate) -> Result<(), SignError> {
    let cert_pk = match PublicKey::from_cert(cert) {
        Ok(pk) => pk,
        Err(SignError::UnsupportedKey(m)) => return Err(SignError::UnsupportedKey(m)),
        Err(e) => return Err(e),
    };
    if cert_pk.kind() != key.kind() || cert_pk != key.public_key() {
        return Err(SignError::KeyCertificateMismatch);
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// InMemorySigner
// ---------------------------------------------------------------------------

/// A software key and its certificate(s). Used for the demo and as the
/// engine behind `Pkcs12Signer`.
#[derive(Debug, Clone)]
pub struct InMemorySigner {
    key: LocalKey,
    cert: Certificate,
    chain: Vec<Certificate>,
}

impl InMemorySigner {
    /// Checks that the key matches the certificate (not the validity period:
    /// use `check_validity` or `Pkcs12Signer` for that).
    pub fn new(
        key: LocalKey,
        cert: Certificate,
        chain: Vec<Certificate>,
    ) -> Result<Self, SignError> {
        ensure_key_matches(&key, &cert)?;
        Ok(Self { key, cert, chain })
    }

    /// `key_pem`: PKCS#8/PKCS#1/SEC1 PEM; `certs_pem`: the signer certificate
    /// first, then any chain certificates.
    pub fn from_pem(key_pem: &str, certs_pem: &str) -> Result<Self, SignError> {
        let key = LocalKey::from_pem(key_pem)?;
        let mut certs = certificates_from_pem(certs_pem.as_bytes())?;
        if certs.is_empty() {
            return Err(SignError::InvalidCertificate(
                "no certificate in PEM".into(),
            ));
        }
        let cert = certs.remove(0);
        Self::new(key, cert, certs)
    }

    /// PKCS#8 DER key + DER certificate(s).
    pub fn from_der(
        key_pkcs8_der: &[u8],
        cert_der: &[u8],
        chain_der: &[&[u8]],
    ) -> Result<Self, SignError> {
        let key = LocalKey::from_pkcs8_der(key_pkcs8_der)?;
        let cert = certificate_from_der(cert_der)?;
        let chain = chain_der
            .iter()
            .map(|d| certificate_from_der(d))
            .collect::<Result<_, _>>()?;
        Self::new(key, cert, chain)
    }

    pub fn key(&self) -> &LocalKey {
        &self.key
    }
}

impl Signer for InMemorySigner {
    fn certificate(&self) -> &Certificate {
        &self.cert
    }
    fn chain(&self) -> &[Certificate] {
        &self.chain
    }
    fn sign_digest_input(&self, tbs: &[u8]) -> Result<Vec<u8>, SignError> {
        self.key.sign(tbs)
    }
    fn signature_algorithm(&self) -> AlgorithmIdentifierOwned {
        self.key.kind().signature_algorithm()
    }
}

// ---------------------------------------------------------------------------
// Pkcs12Signer
// ---------------------------------------------------------------------------

/// A signer loaded from a .p12/.pfx file (OpenSSL 3 AES/PBES2 or legacy
/// RC2/3DES).
#[derive(Debug, Clone)]
pub struct Pkcs12Signer {
    inner: InMemorySigner,
}

impl Pkcs12Signer {
    pub fn open(bytes: &[u8], password: &str, now: DateTime<Utc>) -> Result<Self, SignError> {
        use p12_keystore::error::Error as E;
        let ks = p12_keystore::KeyStore::from_pkcs12(bytes, password).map_err(|e| match e {
            // MAC check failed, or (no MAC) decryption produced garbage.
            E::MacError(_) | E::UnpadError | E::Pkcs5Error(_) => SignError::WrongPassword,
            other => SignError::InvalidPkcs12(other.to_string()),
        })?;
        let (_alias, chain) = ks.private_key_chain().ok_or(SignError::NoPrivateKey)?;
        let key = LocalKey::from_pkcs8_der(chain.key())?;
        let mut certs = chain
            .chain()
            .iter()
            .map(|c| certificate_from_der(c.as_der()))
            .collect::<Result<Vec<_>, _>>()?;
        if certs.is_empty() {
            return Err(SignError::InvalidPkcs12(
                "no certificate for the key".into(),
            ));
        }
        let cert = certs.remove(0);
        let inner = InMemorySigner::new(key, cert, certs)?;
        check_validity(&inner.cert, now)?;
        Ok(Self { inner })
    }

    pub fn into_inner(self) -> InMemorySigner {
        self.inner
    }
}

impl Signer for Pkcs12Signer {
    fn certificate(&self) -> &Certificate {
        self.inner.certificate()
    }
    fn chain(&self) -> &[Certificate] {
        self.inner.chain()
    }
    fn sign_digest_input(&self, tbs: &[u8]) -> Result<Vec<u8>, SignError> {
        self.inner.sign_digest_input(tbs)
    }
    fn signature_algorithm(&self) -> AlgorithmIdentifierOwned {
        self.inner.signature_algorithm()
    }
}
