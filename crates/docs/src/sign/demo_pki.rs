//! A throw-away demo PKI (ECDSA P-256): root CA, the chair and the council
//! seal, plus PKCS#12 / PEM export. Never use these keys for real.

use std::str::FromStr;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use der::asn1::{Ia5String, ObjectIdentifier};
use der::{Decode, Encode, EncodePem};
use p256::ecdsa::{DerSignature, SigningKey};
use p256::pkcs8::{EncodePrivateKey, LineEnding};
use rand::rngs::OsRng;
use rand::RngCore;
use spki::{EncodePublicKey, SubjectPublicKeyInfoOwned};
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{AccessDescription, AuthorityInfoAccessSyntax, ExtendedKeyUsage};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

use crate::sign::error::SignError;
use crate::sign::keys::{InMemorySigner, LocalKey};

pub const ROOT_SUBJECT: &str = "CN=KyHop DEMO Root CA,O=KyHop DEMO";
const OCSP_SUBJECT: &str = "CN=KyHop DEMO OCSP Responder,O=KyHop DEMO";
const TSA_SUBJECT: &str = "CN=KyHop DEMO Time-Stamping Authority,O=KyHop DEMO";
/// id-kp-timeStamping: the only purpose a TSA certificate may have.
const OID_KP_TIME_STAMPING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");
/// id-ad-ocsp: where a certificate's status is asked.
const OID_AD_OCSP: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1");
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
    /// The identity kept by [`DemoIdentity::key_pkcs8_pem`] and
    /// [`DemoIdentity::cert_pem`].
    pub fn from_pem(key_pem: &str, cert_pem: &str) -> Result<Self, SignError> {
        use der::DecodePem;
        use p256::pkcs8::DecodePrivateKey;
        Ok(Self {
            key: SigningKey::from_pkcs8_pem(key_pem)
                .map_err(|e| SignError::InvalidKey(e.to_string()))?,
            cert: Certificate::from_pem(cert_pem)?,
        })
    }

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

/// Root CA, chair and council seal, and the root's OCSP responder.
#[derive(Debug, Clone)]
pub struct DemoPki {
    pub root: DemoIdentity,
    pub chair: DemoIdentity,
    pub seal: DemoIdentity,
    /// The responder the root delegated its OCSP answers to.
    pub ocsp: DemoIdentity,
    /// The root's time-stamping authority.
    pub tsa: DemoIdentity,
}

impl DemoPki {
    /// The root's time-stamping authority, ready to answer.
    pub fn time_stamping_authority(&self) -> crate::sign::DemoTsa {
        crate::sign::DemoTsa::from_parts(
            self.tsa.key.clone(),
            self.tsa.cert.clone(),
            self.root.cert.clone(),
        )
    }
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

/// id-pkix-ocsp-nocheck (RFC 6960 4.2.2.2.1), a NULL.
struct OcspNoCheck;

impl der::oid::AssociatedOid for OcspNoCheck {
    const OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.5");
}

impl der::Encode for OcspNoCheck {
    fn encoded_len(&self) -> der::Result<der::Length> {
        der::asn1::Null.encoded_len()
    }
    fn encode(&self, writer: &mut impl der::Writer) -> der::Result<()> {
        der::asn1::Null.encode(writer)
    }
}

impl x509_cert::ext::AsExtension for OcspNoCheck {
    fn critical(&self, _: &Name, _: &[x509_cert::ext::Extension]) -> bool {
        false
    }
}

/// What a certificate carries beyond the basics.
#[derive(Debug, Clone, Copy, Default)]
pub struct CertExtras<'a> {
    /// Extended key usage (critical) when not empty.
    pub purposes: &'a [der::asn1::ObjectIdentifier],
    /// The OCSP responder that answers for it (Authority Information Access).
    pub ocsp_url: Option<&'a str>,
    /// id-pkix-ocsp-nocheck: an OCSP responder's own certificate, whose
    /// status is not asked (RFC 6960 4.2.2.2.1).
    pub ocsp_no_check: bool,
}

/// [`issue_certificate`], limited to `purposes` (an extended key usage,
/// critical) when there are any.
pub fn issue_certificate_for(
    kind: CertKind,
    subject: &str,
    subject_spki: SubjectPublicKeyInfoOwned,
    issuer_key: &SigningKey,
    issuer_cert: Option<&Certificate>,
    validity: (DateTime<Utc>, DateTime<Utc>),
    purposes: &[der::asn1::ObjectIdentifier],
) -> Result<Certificate, SignError> {
    let extras = CertExtras {
        purposes,
        ..CertExtras::default()
    };
    issue_certificate_with(
        kind,
        subject,
        subject_spki,
        issuer_key,
        issuer_cert,
        validity,
        &extras,
    )
}

/// [`issue_certificate`] with `extras`.
pub fn issue_certificate_with(
    kind: CertKind,
    subject: &str,
    subject_spki: SubjectPublicKeyInfoOwned,
    issuer_key: &SigningKey,
    issuer_cert: Option<&Certificate>,
    (not_before, not_after): (DateTime<Utc>, DateTime<Utc>),
    extras: &CertExtras<'_>,
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
    if !extras.purposes.is_empty() {
        builder
            .add_extension(&ExtendedKeyUsage(extras.purposes.to_vec()))
            .map_err(|e| bad(&e))?;
    }
    if let Some(url) = extras.ocsp_url {
        let access = AccessDescription {
            access_method: OID_AD_OCSP,
            access_location: GeneralName::UniformResourceIdentifier(
                Ia5String::new(url).map_err(|e| bad(&e))?,
            ),
        };
        builder
            .add_extension(&AuthorityInfoAccessSyntax(vec![access]))
            .map_err(|e| bad(&e))?;
    }
    if extras.ocsp_no_check {
        builder.add_extension(&OcspNoCheck).map_err(|e| bad(&e))?;
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
    demo_pki_answering_at(now, chair_name, council_name, None)
}

/// [`demo_pki_for`], the chair's and the seal's certificates naming
/// `ocsp_url` as where their status is asked (answered by
/// [`DemoPki::ocsp`], see `demo_ocsp`).
pub fn demo_pki_answering_at(
    now: DateTime<Utc>,
    chair_name: &str,
    council_name: &str,
    ocsp_url: Option<&str>,
) -> Result<DemoPki, SignError> {
    // RFC 4514 strings: names with these characters would need escaping.
    let plain = |n: &str| n.replace([',', '+', '=', '"', '\\', '<', '>', ';'], " ");
    let chair_subject = format!("CN={} (DEMO),O=KyHop DEMO", plain(chair_name));
    let seal_subject = format!(
        "CN={} (DEMO),O={}",
        plain(council_name),
        plain(council_name)
    );
    let validity = (
        now - chrono::Duration::hours(1),
        now + chrono::Duration::days(5 * 365),
    );
    let root_key = SigningKey::random(&mut OsRng);
    let root_cert = issue_certificate(
        CertKind::Root,
        ROOT_SUBJECT,
        spki_of(&root_key)?,
        &root_key,
        None,
        validity.0,
        validity.1,
    )?;
    let leaf = |subject: &str, extras: &CertExtras<'_>| -> Result<DemoIdentity, SignError> {
        let key = SigningKey::random(&mut OsRng);
        let cert = issue_certificate_with(
            CertKind::Leaf,
            subject,
            spki_of(&key)?,
            &root_key,
            Some(&root_cert),
            validity,
            extras,
        )?;
        Ok(DemoIdentity { key, cert })
    };
    let signer = CertExtras {
        ocsp_url,
        ..CertExtras::default()
    };
    let chair = leaf(&chair_subject, &signer)?;
    let seal = leaf(&seal_subject, &signer)?;
    let ocsp = leaf(
        OCSP_SUBJECT,
        &CertExtras {
            purposes: &[crate::sign::revocation::OID_KP_OCSP_SIGNING],
            ocsp_url: None,
            ocsp_no_check: true,
        },
    )?;
    // A time-stamp outlives the signer's certificate.
    let tsa_validity = (validity.0, now + chrono::Duration::days(10 * 365));
    let tsa_key = SigningKey::random(&mut OsRng);
    let tsa = DemoIdentity {
        cert: issue_certificate_with(
            CertKind::Leaf,
            TSA_SUBJECT,
            spki_of(&tsa_key)?,
            &root_key,
            Some(&root_cert),
            tsa_validity,
            &CertExtras {
                purposes: &[OID_KP_TIME_STAMPING],
                ocsp_url,
                ocsp_no_check: false,
            },
        )?,
        key: tsa_key,
    };
    Ok(DemoPki {
        root: DemoIdentity {
            key: root_key,
            cert: root_cert,
        },
        chair,
        seal,
        ocsp,
        tsa,
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
