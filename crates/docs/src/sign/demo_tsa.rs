//! The demo's own time-stamping authority (RFC 3161), under its own DEMO
//! root: `kyhop demo` serves it on loopback so that the demo's resolutions
//! are time-stamped without the Internet. A real council uses its licensed
//! CA's authority (`--tsa-url`). Never trust these keys for real.

use chrono::{DateTime, Utc};
use cmpv2::status::{PkiFailureInfoValues, PkiStatus, PkiStatusInfo};
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::asn1::{GeneralizedTime, Int, ObjectIdentifier};
use der::{Any, Decode, DecodePem, Encode, EncodePem, Tag};
use p256::ecdsa::{DerSignature, SigningKey};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rand::rngs::OsRng;
use x509_cert::Certificate;
use x509_tsp::{Accuracy, MessageImprint, TimeStampReq, TimeStampResp, TspVersion};

use crate::sign::cms::{sha256_alg, signing_certificate_v2};
use crate::sign::demo_pki::{
    issue_certificate, issue_certificate_for, random_serial, spki_of, CertKind,
};
use crate::sign::error::SignError;
use crate::sign::keys::{OID_SHA256, OID_SHA384, OID_SHA512};
use crate::sign::timestamp::{TstInfo, OID_CT_TST_INFO};

const ROOT_SUBJECT: &str = "CN=KyHop DEMO Time-Stamping Root,O=KyHop DEMO";
const TSA_SUBJECT: &str = "CN=KyHop DEMO Time-Stamping Authority,O=KyHop DEMO";
/// The demo's time-stamp policy: the example policy of OpenSSL's sample
/// TSA configuration, not a policy anyone audits.
const DEMO_POLICY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.3.4.1");
const OID_KP_TIME_STAMPING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");

/// A time-stamping authority: its key, its certificate and its root.
#[derive(Clone)]
pub struct DemoTsa {
    key: SigningKey,
    cert: Certificate,
    root: Certificate,
}

impl std::fmt::Debug for DemoTsa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DemoTsa({})", self.cert.tbs_certificate.subject)
    }
}

impl DemoTsa {
    /// A new authority under a new root, valid from `now - 1h` for 10 years
    /// (a time-stamp outlives the signer's certificate).
    pub fn generate(now: DateTime<Utc>) -> Result<Self, SignError> {
        let validity = (
            now - chrono::Duration::hours(1),
            now + chrono::Duration::days(10 * 365),
        );
        let root_key = SigningKey::random(&mut OsRng);
        let root = issue_certificate(
            CertKind::Root,
            ROOT_SUBJECT,
            spki_of(&root_key)?,
            &root_key,
            None,
            validity.0,
            validity.1,
        )?;
        let key = SigningKey::random(&mut OsRng);
        let cert = issue_certificate_for(
            CertKind::Leaf,
            TSA_SUBJECT,
            spki_of(&key)?,
            &root_key,
            Some(&root),
            validity,
            &[OID_KP_TIME_STAMPING],
        )?;
        Ok(Self { key, cert, root })
    }

    /// The authority with this key, certificate and root.
    pub fn from_parts(key: SigningKey, cert: Certificate, root: Certificate) -> Self {
        Self { key, cert, root }
    }

    /// The authority kept by [`DemoTsa::key_pem`], [`DemoTsa::cert_pem`]
    /// and [`DemoTsa::root_pem`].
    pub fn from_pem(key_pem: &str, cert_pem: &str, root_pem: &str) -> Result<Self, SignError> {
        let key = SigningKey::from_pkcs8_pem(key_pem)
            .map_err(|e| SignError::InvalidKey(e.to_string()))?;
        let cert = Certificate::from_pem(cert_pem)?;
        let root = Certificate::from_pem(root_pem)?;
        Ok(Self { key, cert, root })
    }

    pub fn key_pem(&self) -> Result<String, SignError> {
        Ok(self
            .key
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| SignError::InvalidKey(e.to_string()))?
            .to_string())
    }

    pub fn cert_pem(&self) -> Result<String, SignError> {
        Ok(self.cert.to_pem(LineEnding::LF)?)
    }

    pub fn root_pem(&self) -> Result<String, SignError> {
        Ok(self.root.to_pem(LineEnding::LF)?)
    }

    /// The root its certificate chains to: what a verifier trusts.
    pub fn root(&self) -> &Certificate {
        &self.root
    }

    /// Answers a DER `TimeStampReq` with a DER `TimeStampResp`: a token over
    /// the request's imprint at `now`, or a rejection saying why.
    pub fn respond(&self, request: &[u8], now: DateTime<Utc>) -> Result<Vec<u8>, SignError> {
        let rejection = |why: PkiFailureInfoValues| TimeStampResp {
            status: PkiStatusInfo {
                status: PkiStatus::Rejection,
                status_string: None,
                fail_info: Some(why.into()),
            },
            time_stamp_token: None,
        };
        let reply = match TimeStampReq::from_der(request) {
            Err(_) => rejection(PkiFailureInfoValues::BadDataFormat),
            Ok(req) if !imprint_is_plausible(&req.message_imprint) => {
                rejection(PkiFailureInfoValues::BadAlg)
            }
            Ok(req) => return granted(self.token(&req.message_imprint, req.nonce, now)?),
        };
        Ok(reply.to_der()?)
    }

    /// A token over `imprint`, answering `nonce`, at `now` (whole seconds).
    pub fn token(
        &self,
        imprint: &MessageImprint,
        nonce: Option<Int>,
        now: DateTime<Utc>,
    ) -> Result<cms::content_info::ContentInfo, SignError> {
        let seconds = u64::try_from(now.timestamp())
            .map_err(|_| SignError::Internal("a time before 1970".into()))?;
        let gen_time =
            GeneralizedTime::from_unix_duration(std::time::Duration::from_secs(seconds))?;
        let info = TstInfo {
            version: TspVersion::V1,
            policy: DEMO_POLICY,
            message_imprint: imprint.clone(),
            serial_number: Int::new(random_serial()?.as_bytes())?,
            gen_time: Any::encode_from(&gen_time)?,
            accuracy: Some(Accuracy {
                seconds: Some(1),
                millis: None,
                micros: None,
            }),
            ordering: false,
            nonce,
            tsa: None,
            extensions: None,
        };
        let content = EncapsulatedContentInfo {
            econtent_type: OID_CT_TST_INFO,
            econtent: Some(Any::new(Tag::OctetString, info.to_der()?)?),
        };
        let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: self.cert.tbs_certificate.issuer.clone(),
            serial_number: self.cert.tbs_certificate.serial_number.clone(),
        });
        // The builder adds content-type and message-digest itself.
        let mut signer = SignerInfoBuilder::new(&self.key, sid, sha256_alg(), &content, None)
            .map_err(cms_failed)?;
        signer
            .add_signed_attribute(signing_certificate_v2(&self.cert)?)
            .map_err(cms_failed)?;
        SignedDataBuilder::new(&content)
            .add_digest_algorithm(sha256_alg())
            .map_err(cms_failed)?
            .add_certificate(CertificateChoices::Certificate(self.cert.clone()))
            .map_err(cms_failed)?
            .add_signer_info::<SigningKey, DerSignature>(signer)
            .map_err(cms_failed)?
            .build()
            .map_err(cms_failed)
    }
}

/// A DER `TimeStampResp` granting `token`.
pub fn granted(token: cms::content_info::ContentInfo) -> Result<Vec<u8>, SignError> {
    let reply = TimeStampResp {
        status: PkiStatusInfo {
            status: PkiStatus::Accepted,
            status_string: None,
            fail_info: None,
        },
        time_stamp_token: Some(token),
    };
    Ok(reply.to_der()?)
}

fn cms_failed(e: impl std::fmt::Display) -> SignError {
    SignError::Cms(e.to_string())
}

/// A hash algorithm the authority knows, with a hash of its length.
fn imprint_is_plausible(imprint: &MessageImprint) -> bool {
    let length = match imprint.hash_algorithm.oid {
        OID_SHA256 => 32,
        OID_SHA384 => 48,
        OID_SHA512 => 64,
        _ => return false,
    };
    imprint.hashed_message.as_bytes().len() == length
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_what_is_not_a_request() {
        let tsa = DemoTsa::generate(Utc::now()).unwrap();
        let reply = tsa.respond(b"not DER", Utc::now()).unwrap();
        let reply = TimeStampResp::from_der(&reply).unwrap();
        assert_eq!(reply.status.status, PkiStatus::Rejection);
        assert!(reply.time_stamp_token.is_none());
    }

    #[test]
    fn keeps_its_keys_across_pem() {
        let tsa = DemoTsa::generate(Utc::now()).unwrap();
        let again = DemoTsa::from_pem(
            &tsa.key_pem().unwrap(),
            &tsa.cert_pem().unwrap(),
            &tsa.root_pem().unwrap(),
        )
        .unwrap();
        assert_eq!(again.cert, tsa.cert);
        assert_eq!(again.root, tsa.root);
        assert_eq!(again.key.verifying_key(), tsa.key.verifying_key());
    }
}
