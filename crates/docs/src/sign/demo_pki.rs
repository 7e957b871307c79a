//! A throw-away demo PKI (ECDSA P-256): root CA, the chair and the council
//! seal, plus PKCS#12 / PEM export. Never use these keys for real.

use std::str::FromStr;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use der::{Decode, Encode, EncodePem};
use p256::ecdsa::{DerSignature, SigningKey};
use p256::pkcs8::{EncodePrivateKey, LineEnding};
use rand::rngs::OsRng;
use rand::RngCore;
use spki::{EncodePublicKey, SubjectPublicKeyInfoOwned};
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::ext::pkix::ExtendedKeyUsage;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

use crate::sign::error::SignError;
use crate::sign::keys::{InMemorySigner, LocalKey};

pub const ROOT_SUBJECT: &str = "CN=KyHop DEMO Root CA,O=KyHop DEMO";
const SAMPLE_CHAIR: &str = "Nguyễn Văn An";
const SAMPLE_COUNCIL: &str = "Hội đồng nhân dân thành phố Hải Phòng";

/// A key and its certificate.
#[derive(Clone)]
pub struct DemoIdentity {
    pub key: SigningKey,
    pub cert: Certificate,
}

impl std::fmt::Debug for DemoIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DemoIdentity({})", self.cert.tbs_certificate.subject)
    }
}

impl DemoIdentity {
    pub fn key_pkcs8_der(&self) -> Vec<u8> {
        self.key
            .to_pkcs8_der()
            .expect("P-256 key encodes")
            .as_bytes()
            .to_vec()
    }
    pub fn key_pkcs8_pem(&self) -> String {
        self.key
            .to_pkcs8_pem(LineEnding::LF)
            .expect("P-256 key encodes")
            .to_string()
    }
    pub fn cert_der(&self) -> Vec<u8> {
        self.cert.to_der().expect("certificate encodes")
    }
    pub fn cert_pem(&self) -> String {
        self.cert
            .to_pem(LineEnding::LF)
            .expect("certificate encodes")
    }
    /// An in-memory signer embedding `chain`.
    pub fn signer(&self, chain: Vec<Certificate>) -> InMemorySigner {
        InMemorySigner::new(LocalKey::P256(self.key.clone()), self.cert.clone(), chain)
            .expect("demo key matches its certificate")
    }
}

/// Root CA, chair and council seal.
#[derive(Debug, Clone)]
pub struct DemoPki {
    pub root: DemoIdentity,
    pub chair: DemoIdentity,
    pub seal: DemoIdentity,
}

impl DemoPki {
    pub fn root_pem(&self) -> String {
        self.root.cert_pem()
    }
    pub fn chair_signer(&self) -> InMemorySigner {
        self.chair.signer(vec![self.root.cert.clone()])
    }
    pub fn seal_signer(&self) -> InMemorySigner {
        self.seal.signer(vec![self.root.cert.clone()])
    }
    pub fn chair_p12(&self, password: &str) -> Result<Vec<u8>, SignError> {
        export_p12(
            &self.chair.key_pkcs8_der(),
            &self.chair.cert,
            std::slice::from_ref(&self.root.cert),
            password,
        )
    }
    pub fn seal_p12(&self, password: &str) -> Result<Vec<u8>, SignError> {
        export_p12(
            &self.seal.key_pkcs8_der(),
            &self.seal.cert,
            std::slice::from_ref(&self.root.cert),
            password,
        )
    }
}

pub(crate) fn random_serial() -> Result<SerialNumber, SignError> {
    let mut b = [0u8; 16];
    OsRng.fill_bytes(&mut b);
    b[0] = (b[0] & 0x7f) | 0x01; // positive, no leading zero
    SerialNumber::new(&b).map_err(Into::into)
}

fn time(t: DateTime<Utc>) -> Result<Time, SignError> {
    let st: SystemTime = t.into();
    Time::try_from(st).map_err(Into::into)
}

/// Which kind of certificate to issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertKind {
    Root,
    Leaf,
}

/// Issue a certificate for `subject_spki`, signed by `issuer` (self-signed
/// root if `kind == Root`, then `issuer` is the subject's own identity key).
pub fn issue_certificate(
    kind: CertKind,
    subject: &str,
    subject_spki: SubjectPublicKeyInfoOwned,
    issuer_key: &SigningKey,
    issuer_cert: Option<&Certificate>,
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
) -> Result<Certificate, SignError> {
    issue_certificate_for(
        kind,
        subject,
        subject_spki,
        issuer_key,
        issuer_cert,
        (not_before, not_after),
        &[],
    )
}

/// [`issue_certificate`], limited to `purposes` (an extended key usage,
/// critical) when there are any.
pub fn issue_certificate_for(
    kind: CertKind,
    subject: &str,
    subject_spki: SubjectPublicKeyInfoOwned,
    issuer_key: &SigningKey,
    issuer_cert: Option<&Certificate>,
    (not_before, not_after): (DateTime<Utc>, DateTime<Utc>),
    purposes: &[der::asn1::ObjectIdentifier],
) -> Result<Certificate, SignError> {
    let bad = |e: &dyn std::fmt::Display| SignError::InvalidCertificate(e.to_string());
    let subject = Name::from_str(subject).map_err(|e| bad(&e))?;
    let profile = match kind {
        CertKind::Root => Profile::Root,
        CertKind::Leaf => Profile::Leaf {
            issuer: issuer_cert
                .map(|c| c.tbs_certificate.subject.clone())
                .ok_or_else(|| {
                    SignError::InvalidRequest("a leaf needs an issuer certificate".into())
                })?,
            enable_key_agreement: false,
            enable_key_encipherment: false,
        },
    };
    let validity = Validity {
        not_before: time(not_before)?,
        not_after: time(not_after)?,
    };
    let mut builder = CertificateBuilder::new(
        profile,
        random_serial()?,
        validity,
        subject,
        subject_spki,
        issuer_key,
    )
    .map_err(|e| bad(&e))?;
    if !purposes.is_empty() {
        builder
            .add_extension(&ExtendedKeyUsage(purposes.to_vec()))
            .map_err(|e| bad(&e))?;
    }
    builder.build::<DerSignature>().map_err(|e| bad(&e))
}

pub(crate) fn spki_of(key: &SigningKey) -> Result<SubjectPublicKeyInfoOwned, SignError> {
    let der = key
        .verifying_key()
        .to_public_key_der()
        .map_err(|e| SignError::InvalidKey(e.to_string()))?;
    SubjectPublicKeyInfoOwned::from_der(der.as_bytes()).map_err(Into::into)
}

/// A demo PKI for a sample chair and council.
pub fn demo_pki(now: DateTime<Utc>) -> Result<DemoPki, SignError> {
    demo_pki_for(now, SAMPLE_CHAIR, SAMPLE_COUNCIL)
}

/// Generate the demo PKI for a chair and a council, every name marked
/// DEMO; everything is valid from `now - 1h` for 5 years.
pub fn demo_pki_for(
    now: DateTime<Utc>,
    chair_name: &str,
    council_name: &str,
) -> Result<DemoPki, SignError> {
    // RFC 4514 strings: names with these characters would need escaping.
    let plain = |n: &str| n.replace([',', '+', '=', '"', '\\', '<', '>', ';'], " ");
    let chair_subject = format!("CN={} (DEMO),O=KyHop DEMO", plain(chair_name));
    let seal_subject = format!(
        "CN={} (DEMO),O={}",
        plain(council_name),
        plain(council_name)
    );
    let nb = now - chrono::Duration::hours(1);
    let na = now + chrono::Duration::days(5 * 365);
    let root_key = SigningKey::random(&mut OsRng);
    let root_cert = issue_certificate(
        CertKind::Root,
        ROOT_SUBJECT,
        spki_of(&root_key)?,
        &root_key,
        None,
        nb,
        na,
    )?;
    let leaf = |subject: &str| -> Result<DemoIdentity, SignError> {
        let key = SigningKey::random(&mut OsRng);
        let cert = issue_certificate(
            CertKind::Leaf,
            subject,
            spki_of(&key)?,
            &root_key,
            Some(&root_cert),
            nb,
            na,
        )?;
        Ok(DemoIdentity { key, cert })
    };
    let chair = leaf(&chair_subject)?;
    let seal = leaf(&seal_subject)?;
    Ok(DemoPki {
        root: DemoIdentity {
            key: root_key,
            cert: root_cert,
        },
        chair,
        seal,
    })
}

/// Password-protected PKCS#12 (PBES2/AES-256, HMAC-SHA256) with the key,
/// its certificate and `chain`.
pub fn export_p12(
    key_pkcs8_der: &[u8],
    cert: &Certificate,
    chain: &[Certificate],
    password: &str,
) -> Result<Vec<u8>, SignError> {
    let p12 = |e: &dyn std::fmt::Display| SignError::InvalidPkcs12(e.to_string());
    let mut certs = Vec::new();
    for c in std::iter::once(cert).chain(chain.iter()) {
        certs.push(p12_keystore::Certificate::from_der(&c.to_der()?).map_err(|e| p12(&e))?);
    }
    let mut local_key_id = [0u8; 20];
    OsRng.fill_bytes(&mut local_key_id);
    let kc = p12_keystore::PrivateKeyChain::new(key_pkcs8_der, local_key_id, certs);
    let mut ks = p12_keystore::KeyStore::new();
    ks.add_entry("signer", p12_keystore::KeyStoreEntry::PrivateKeyChain(kc));
    ks.writer(password).write().map_err(|e| p12(&e))
}
