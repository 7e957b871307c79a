//! PKCS#11 token signer (cryptoki). One module context per process and
//! module path; each `Pkcs11Signer` owns one logged-in session.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use chrono::{DateTime, Utc};
use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::types::AuthPin;
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;

use crate::sign::error::SignError;
use crate::sign::keys::{certificate_from_der, check_validity, KeyKind, PublicKey, Signer};

/// DER of the OID 1.2.840.10045.3.1.7 (prime256v1), as found in CKA_EC_PARAMS.
const P256_EC_PARAMS: &[u8] = &[0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

static CONTEXTS: OnceLock<Mutex<HashMap<PathBuf, Pkcs11>>> = OnceLock::new();

/// The process-wide context for `module` (loaded and C_Initialize'd once).
fn context(module: &Path) -> Result<Pkcs11, SignError> {
    let map = CONTEXTS.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = map
        .lock()
        .map_err(|_| SignError::Internal("PKCS#11 registry poisoned".into()))?;
    if let Some(ctx) = map.get(module) {
        return Ok(ctx.clone());
    }
    let ctx = Pkcs11::new(module).map_err(|e| SignError::ModuleLoadFailed(e.to_string()))?;
    match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
        Err(e) => return Err(SignError::ModuleLoadFailed(e.to_string())),
    }
    map.insert(module.to_path_buf(), ctx.clone());
    Ok(ctx)
}

fn tok(e: CkError) -> SignError {
    SignError::TokenError(e.to_string())
}

/// A private key on a PKCS#11 token.
pub struct Pkcs11Signer {
    session: Mutex<Session>,
    /// Found again when a later login on the same token (another signer
    /// checking its PIN) has made the handle stale.
    key: Mutex<ObjectHandle>,
    key_label: String,
    kind: KeyKind,
    cert: Certificate,
    chain: Vec<Certificate>,
    _ctx: Pkcs11,
}

impl std::fmt::Debug for Pkcs11Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkcs11Signer")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

impl Pkcs11Signer {
    /// Open `token_label` in `module_path`, log in ONCE with `pin` (never
    /// retried here: a wrong PIN is `wrong_pin`, a locked one `pin_locked`),
    /// then find the private key labelled `key_label` and its certificate
    /// (same CKA_LABEL, else same CKA_ID).
    pub fn open(
        module_path: impl AsRef<Path>,
        token_label: &str,
        key_label: &str,
        pin: &str,
        now: DateTime<Utc>,
    ) -> Result<Self, SignError> {
        let ctx = context(module_path.as_ref())?;
        let slot = ctx
            .get_slots_with_token()
            .map_err(tok)?
            .into_iter()
            .find(|s| {
                ctx.get_token_info(*s)
                    .map(|i| i.label().trim_end() == token_label)
                    .unwrap_or(false)
            })
            .ok_or_else(|| SignError::TokenNotFound(token_label.to_string()))?;
        let info = ctx.get_token_info(slot).map_err(tok)?;
        if info.user_pin_locked() {
            return Err(SignError::PinLocked);
        }

        let session = ctx.open_ro_session(slot).map_err(tok)?;
        let mut login = session.login(UserType::User, Some(&AuthPin::from(pin)));
        if let Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) = login {
            // Login state is per process and token: another signer of this
            // process logged in, and the token would not check this PIN.
            // Log out and in again so that it does (one attempt, still).
            session.logout().map_err(tok)?;
            login = session.login(UserType::User, Some(&AuthPin::from(pin)));
        }
        match login {
            Ok(()) => {}
            Err(CkError::Pkcs11(
                RvError::PinIncorrect | RvError::PinInvalid | RvError::PinLenRange,
                _,
            )) => return Err(SignError::WrongPin),
            Err(CkError::Pkcs11(RvError::PinLocked, _)) => return Err(SignError::PinLocked),
            Err(e) => return Err(tok(e)),
        }

        let key = find_private_key(&session, key_label)?;

        let attrs = session
            .get_attributes(key, &[AttributeType::KeyType, AttributeType::Id])
            .map_err(tok)?;
        let mut key_type = None;
        let mut key_id = None;
        for a in attrs {
            match a {
                Attribute::KeyType(t) => key_type = Some(t),
                Attribute::Id(id) => key_id = Some(id),
                _ => {}
            }
        }
        let kind = match key_type {
            Some(KeyType::RSA) => KeyKind::Rsa,
            Some(KeyType::EC) => {
                let params = session
                    .get_attributes(key, &[AttributeType::EcParams])
                    .map_err(tok)?;
                let ok = params
                    .iter()
                    .any(|a| matches!(a, Attribute::EcParams(p) if p == P256_EC_PARAMS));
                if !ok {
                    return Err(SignError::UnsupportedKey(
                        "EC key on a curve other than P-256".into(),
                    ));
                }
                KeyKind::EcP256
            }
            other => {
                return Err(SignError::UnsupportedKey(format!(
                    "PKCS#11 key type {other:?}"
                )))
            }
        };

        // Certificate: same label, else same CKA_ID.
        let mut cert_obj = session
            .find_objects(&[
                Attribute::Class(ObjectClass::CERTIFICATE),
                Attribute::Label(key_label.as_bytes().to_vec()),
            ])
            .map_err(tok)?
            .into_iter()
            .next();
        if cert_obj.is_none() {
            if let Some(id) = key_id.as_ref().filter(|id| !id.is_empty()) {
                cert_obj = session
                    .find_objects(&[
                        Attribute::Class(ObjectClass::CERTIFICATE),
                        Attribute::Id(id.clone()),
                    ])
                    .map_err(tok)?
                    .into_iter()
                    .next();
            }
        }
        let cert_obj =
            cert_obj.ok_or_else(|| SignError::CertificateNotFound(key_label.to_string()))?;
        let cert = cert_value(&session, cert_obj)?;

        // The certificate's key must be of the same kind; for RSA compare the modulus.
        let cert_pk = PublicKey::from_cert(&cert)?;
        if cert_pk.kind() != kind {
            return Err(SignError::KeyCertificateMismatch);
        }
        if let PublicKey::Rsa(pk) = &cert_pk {
            use rsa::traits::PublicKeyParts;
            let m = session
                .get_attributes(key, &[AttributeType::Modulus])
                .map_err(tok)?;
            for a in m {
                if let Attribute::Modulus(n) = a {
                    if rsa::BigUint::from_bytes_be(&n) != *pk.n() {
                        return Err(SignError::KeyCertificateMismatch);
                    }
                }
            }
        }
        check_validity(&cert, now)?;

        // Other certificates on the token that form the issuer chain.
        let mut pool = Vec::new();
        for h in session
            .find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)])
            .map_err(tok)?
        {
            if h != cert_obj {
                if let Ok(c) = cert_value(&session, h) {
                    pool.push(c);
                }
            }
        }
        let chain = issuer_chain(&cert, &pool);

        Ok(Self {
            session: Mutex::new(session),
            key: Mutex::new(key),
            key_label: key_label.to_owned(),
            kind,
            cert,
            chain,
            _ctx: ctx,
        })
    }
}

fn cert_value(session: &Session, h: ObjectHandle) -> Result<Certificate, SignError> {
    for a in session
        .get_attributes(h, &[AttributeType::Value])
        .map_err(tok)?
    {
        if let Attribute::Value(v) = a {
            return certificate_from_der(&v);
        }
    }
    Err(SignError::InvalidCertificate(
        "certificate object without CKA_VALUE".into(),
    ))
}

/// Follow issuer names through `pool` (no signature checks: this only picks
/// which certificates to embed).
pub(crate) fn issuer_chain(leaf: &Certificate, pool: &[Certificate]) -> Vec<Certificate> {
    let mut out: Vec<Certificate> = Vec::new();
    let mut cur = leaf.clone();
    for _ in 0..8 {
        let tbs = &cur.tbs_certificate;
        if tbs.issuer == tbs.subject {
            break;
        }
        match pool
            .iter()
            .find(|c| c.tbs_certificate.subject == tbs.issuer && !out.contains(c))
        {
            Some(c) => {
                out.push(c.clone());
                cur = c.clone();
            }
            None => break,
        }
    }
    out
}

impl Signer for Pkcs11Signer {
    fn certificate(&self) -> &Certificate {
        &self.cert
    }
    fn chain(&self) -> &[Certificate] {
        &self.chain
    }
    fn sign_digest_input(&self, tbs: &[u8]) -> Result<Vec<u8>, SignError> {
        let session = self
            .session
            .lock()
            .map_err(|_| SignError::Internal("session poisoned".into()))?;
        let mut key = self
            .key
            .lock()
            .map_err(|_| SignError::Internal("key handle poisoned".into()))?;
        let (mechanism, input) = match self.kind {
            KeyKind::Rsa => (Mechanism::Sha256RsaPkcs, tbs.to_vec()),
            KeyKind::EcP256 => (Mechanism::Ecdsa, Sha256::digest(tbs).to_vec()),
        };
        let raw = match session.sign(&mechanism, *key, &input) {
            Err(CkError::Pkcs11(RvError::KeyHandleInvalid | RvError::ObjectHandleInvalid, _)) => {
                *key = find_private_key(&session, &self.key_label)?;
                session.sign(&mechanism, *key, &input)
            }
            other => other,
        }
        .map_err(|e| SignError::SigningFailed(e.to_string()))?;
        match self.kind {
            KeyKind::Rsa => Ok(raw),
            KeyKind::EcP256 => {
                let sig = p256::ecdsa::Signature::from_slice(&raw).map_err(|e| {
                    SignError::SigningFailed(format!("token returned a bad ECDSA signature: {e}"))
                })?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
        }
    }
    fn signature_algorithm(&self) -> AlgorithmIdentifierOwned {
        self.kind.signature_algorithm()
    }
}

/// The private key labelled `label` on the token.
fn find_private_key(session: &Session, label: &str) -> Result<ObjectHandle, SignError> {
    session
        .find_objects(&[
            Attribute::Class(ObjectClass::PRIVATE_KEY),
            Attribute::Label(label.as_bytes().to_vec()),
        ])
        .map_err(tok)?
        .into_iter()
        .next()
        .ok_or_else(|| SignError::KeyNotFound(label.to_string()))
}
