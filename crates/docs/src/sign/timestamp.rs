//! RFC 3161 time-stamps. PAdES B-T puts a time-stamp token over the
//! signature value into the signature's unsigned attributes: whoever reads
//! the file later can tell the signature existed at that time, whatever
//! happened to the signer's certificate since.
//!
//! This crate does not talk to the network: a [`TsaTransport`] carries the
//! request to the authority (the server's is an HTTP POST, RFC 3161 §3.4).
//! Building the request and checking the reply — nonce, imprint, the
//! authority's signature and certificate — happen here.

use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use cmpv2::status::PkiStatus;
use der::asn1::{Int, ObjectIdentifier, OctetString};
use der::{Any, Decode, Encode, Sequence, Tag, Tagged};
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256, Sha384, Sha512};
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::ExtendedKeyUsage;
use x509_cert::ext::Extensions;
use x509_cert::Certificate;
use x509_tsp::{Accuracy, MessageImprint, TimeStampReq, TimeStampResp, TspVersion};

use crate::sign::cms::parse_cms;
use crate::sign::error::SignError;
use crate::sign::keys::{OID_SHA256, OID_SHA384, OID_SHA512};
use crate::sign::verify::{chain_to_roots, check_signer_info};

/// id-aa-signatureTimeStampToken (RFC 3161 appendix A): the unsigned
/// attribute that carries a signature's time-stamp.
pub(crate) const OID_SIGNATURE_TIME_STAMP: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
/// id-ct-TSTInfo: the content type a time-stamp token signs.
pub(crate) const OID_CT_TST_INFO: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
/// id-kp-timeStamping: the only purpose a TSA certificate may have.
const OID_KP_TIME_STAMPING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");

/// How far the authority's clock may be from ours before its time is not
/// believed: a TSA minutes off is misconfigured, or the reply is replayed.
pub const MAX_CLOCK_SKEW: chrono::Duration = chrono::Duration::minutes(5);

/// Carries a DER `TimeStampReq` to a time-stamping authority and returns
/// its DER `TimeStampResp`.
pub trait TsaTransport: Send + Sync {
    /// `Err` only when no reply came (`SignError::TsaUnreachable`).
    fn exchange(&self, request: &[u8]) -> Result<Vec<u8>, SignError>;
}

/// TSTInfo (RFC 3161 §2.4.2) as `x509_tsp::TstInfo`, with genTime kept as
/// it came: der 0.7 refuses the fractional seconds RFC 3161 allows, and
/// some authorities send them.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct TstInfo {
    pub version: TspVersion,
    pub policy: ObjectIdentifier,
    pub message_imprint: MessageImprint,
    pub serial_number: Int,
    pub gen_time: Any,
    #[asn1(optional = "true")]
    pub accuracy: Option<Accuracy>,
    #[asn1(default = "Default::default")]
    pub ordering: bool,
    #[asn1(optional = "true")]
    pub nonce: Option<Int>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub tsa: Option<GeneralName>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub extensions: Option<Extensions>,
}

/// A checked time-stamp token.
#[derive(Debug, Clone)]
pub struct TimeStampToken {
    /// DER of the token (`ContentInfo(SignedData(TSTInfo))`).
    pub der: Vec<u8>,
    /// The authority's time.
    pub time: DateTime<Utc>,
    /// RFC 4514 subject of the authority's certificate.
    pub authority: String,
}

/// A time-stamping authority the signer trusts: where requests go and the
/// roots its certificate must chain to.
#[derive(Clone)]
pub struct TimeStamper {
    transport: Arc<dyn TsaTransport>,
    trust: Vec<Certificate>,
}

impl std::fmt::Debug for TimeStamper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimeStamper")
            .field("trust", &self.trust.len())
            .finish_non_exhaustive()
    }
}

impl TimeStamper {
    pub fn new(transport: Arc<dyn TsaTransport>, trust: Vec<Certificate>) -> Self {
        Self { transport, trust }
    }

    /// The roots the authority's certificate must chain to.
    pub fn trust(&self) -> &[Certificate] {
        &self.trust
    }

    /// A token over `data` (its SHA-256), checked before it is used: the
    /// reply answers this request (nonce), is for this data (imprint), is
    /// signed by an authority that chains to the trusted roots, and its
    /// time is within [`MAX_CLOCK_SKEW`] of `now`.
    pub fn stamp(&self, data: &[u8], now: DateTime<Utc>) -> Result<TimeStampToken, SignError> {
        self.stamp_digest(&Sha256::digest(data).into(), now)
    }

    /// [`TimeStamper::stamp`] for data whose SHA-256 is `digest`.
    pub fn stamp_digest(
        &self,
        digest: &[u8; 32],
        now: DateTime<Utc>,
    ) -> Result<TimeStampToken, SignError> {
        let mut nonce = [0u8; 16];
        OsRng.fill_bytes(&mut nonce);
        nonce[0] = (nonce[0] & 0x7f) | 0x01; // positive, minimally encoded
        let nonce = Int::new(&nonce)?;
        let request = TimeStampReq {
            version: TspVersion::V1,
            message_imprint: MessageImprint {
                hash_algorithm: AlgorithmIdentifierOwned {
                    oid: OID_SHA256,
                    parameters: None,
                },
                hashed_message: OctetString::new(digest.to_vec())?,
            },
            req_policy: None,
            nonce: Some(nonce.clone()),
            // The authority's certificate goes into the token, so that the
            // signature can be checked without asking anyone.
            cert_req: true,
            extensions: None,
        }
        .to_der()?;
        let reply = self.transport.exchange(&request)?;
        let token = token_from_reply(&reply)?;
        let facts = read_token(&token).map_err(SignError::TimestampUntrusted)?;
        if facts.imprint_algorithm != OID_SHA256 || facts.imprint != digest.as_slice() {
            return Err(SignError::TimestampMismatch(
                "the time-stamp is for other data".into(),
            ));
        }
        if facts.nonce.as_ref() != Some(&nonce) {
            return Err(SignError::TimestampMismatch(
                "the time-stamp does not answer this request (nonce)".into(),
            ));
        }
        if (facts.time - now).abs() > MAX_CLOCK_SKEW {
            return Err(SignError::TimestampMismatch(format!(
                "the authority's time {} is too far from ours ({now})",
                facts.time
            )));
        }
        if !facts.intact {
            return Err(SignError::TimestampUntrusted(facts.problems.join("; ")));
        }
        authority_trusted(&facts, &self.trust).map_err(SignError::TimestampUntrusted)?;
        Ok(TimeStampToken {
            der: token,
            time: facts.time,
            authority: facts.authority,
        })
    }
}

/// The token of a granted reply, or why there is none.
fn token_from_reply(reply: &[u8]) -> Result<Vec<u8>, SignError> {
    let reply = TimeStampResp::from_der(reply)
        .map_err(|e| SignError::TsaRefused(format!("not a time-stamp reply: {e}")))?;
    match reply.status.status {
        PkiStatus::Accepted | PkiStatus::GrantedWithMods => {}
        other => {
            let text: Vec<String> = reply
                .status
                .status_string
                .iter()
                .flat_map(|texts| texts.iter().map(|t| t.as_str().to_owned()))
                .collect();
            return Err(SignError::TsaRefused(format!(
                "the authority answered {other:?} {}",
                text.join(" ")
            )));
        }
    }
    let token = reply
        .time_stamp_token
        .ok_or_else(|| SignError::TsaRefused("the reply holds no token".into()))?;
    Ok(token.to_der()?)
}

/// What a time-stamp token says, and whether its signature holds.
#[derive(Debug)]
pub(crate) struct TokenFacts {
    pub imprint_algorithm: ObjectIdentifier,
    pub imprint: Vec<u8>,
    pub time: DateTime<Utc>,
    pub nonce: Option<Int>,
    /// Subject of the authority's certificate ("" when not embedded).
    pub authority: String,
    pub cert: Option<Certificate>,
    pub certs: Vec<Certificate>,
    /// The token's signature verifies over its TSTInfo.
    pub intact: bool,
    pub problems: Vec<String>,
}

/// Reads a token: TSTInfo and the authority's signature over it. `Err`
/// when it is not a token at all.
pub(crate) fn read_token(token: &[u8]) -> Result<TokenFacts, String> {
    let parsed = parse_cms(token).map_err(|e| format!("not a time-stamp token: {e}"))?;
    let content = &parsed.signed_data.encap_content_info;
    if content.econtent_type != OID_CT_TST_INFO {
        return Err("the token does not sign a TSTInfo".into());
    }
    let tst_der = content
        .econtent
        .as_ref()
        .filter(|c| c.tag() == Tag::OctetString)
        .map(|c| c.value().to_vec())
        .ok_or("the token holds no TSTInfo")?;
    let tst = TstInfo::from_der(&tst_der).map_err(|e| format!("bad TSTInfo: {e}"))?;
    let time = generalized_time(&tst.gen_time)?;
    let check = check_signer_info(&parsed, &[&tst_der], OID_CT_TST_INFO);
    Ok(TokenFacts {
        imprint_algorithm: tst.message_imprint.hash_algorithm.oid,
        imprint: tst.message_imprint.hashed_message.as_bytes().to_vec(),
        time,
        nonce: tst.nonce,
        authority: check
            .cert
            .as_ref()
            .map(|c| c.tbs_certificate.subject.to_string())
            .unwrap_or_default(),
        cert: check.cert,
        certs: check.certs,
        intact: check.intact,
        problems: check.problems,
    })
}

impl TokenFacts {
    /// Whether the token's imprint is the hash of `data`.
    pub(crate) fn is_over(&self, data: &[u8]) -> bool {
        let hash = match self.imprint_algorithm {
            OID_SHA256 => Sha256::digest(data).to_vec(),
            OID_SHA384 => Sha384::digest(data).to_vec(),
            OID_SHA512 => Sha512::digest(data).to_vec(),
            _ => return false,
        };
        hash == self.imprint
    }
}

/// The authority's certificate is for time-stamping only and chains to
/// `roots` at the token's time.
pub(crate) fn authority_trusted(facts: &TokenFacts, roots: &[Certificate]) -> Result<(), String> {
    let cert = facts
        .cert
        .as_ref()
        .ok_or("the authority's certificate is not in the token")?;
    // RFC 3161 §2.3: the extended key usage is critical and says only
    // timeStamping.
    let eku = cert
        .tbs_certificate
        .get::<ExtendedKeyUsage>()
        .map_err(|e| format!("bad extended key usage: {e}"))?;
    match eku {
        Some((true, ExtendedKeyUsage(purposes))) if purposes == vec![OID_KP_TIME_STAMPING] => {}
        _ => return Err("the certificate is not a time-stamping authority's".into()),
    }
    chain_to_roots(cert, &facts.certs, roots, facts.time)
}

/// A GeneralizedTime in UTC, with or without fractional seconds.
fn generalized_time(value: &Any) -> Result<DateTime<Utc>, String> {
    let bad = || "genTime is not a UTC GeneralizedTime".to_string();
    if value.tag() != Tag::GeneralizedTime {
        return Err(bad());
    }
    let text = std::str::from_utf8(value.value()).map_err(|_| bad())?;
    let text = text.strip_suffix('Z').ok_or_else(bad)?;
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.len() != 14 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let naive = NaiveDateTime::parse_from_str(whole, "%Y%m%d%H%M%S").map_err(|_| bad())?;
    let nanos: u32 = format!("{fraction:0<9}")
        .get(..9)
        .and_then(|n| n.parse().ok())
        .ok_or_else(bad)?;
    Ok(Utc.from_utc_datetime(&naive) + chrono::Duration::nanoseconds(nanos.into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use der::DecodePem;

    fn time(text: &str) -> Result<DateTime<Utc>, String> {
        generalized_time(&Any::new(Tag::GeneralizedTime, text.as_bytes()).unwrap())
    }

    #[test]
    fn only_a_time_stamping_certificate_may_stamp() {
        let now = Utc::now();
        let pki = crate::sign::demo_pki(now).unwrap();
        let tsa = crate::sign::DemoTsa::generate(now).unwrap();
        let facts = |cert: &Certificate| TokenFacts {
            imprint_algorithm: OID_SHA256,
            imprint: vec![0; 32],
            time: now,
            nonce: None,
            authority: String::new(),
            cert: Some(cert.clone()),
            certs: Vec::new(),
            intact: true,
            problems: Vec::new(),
        };
        let root = std::slice::from_ref(&pki.root.cert);
        // The chair's certificate chains to the trusted root but is no TSA's.
        let err = authority_trusted(&facts(&pki.chair.cert), root).unwrap_err();
        assert!(err.contains("not a time-stamping authority"), "{err}");
        // Control: a TSA certificate under its trusted root passes.
        let tsa_cert = Certificate::from_pem(tsa.cert_pem().unwrap()).unwrap();
        authority_trusted(&facts(&tsa_cert), std::slice::from_ref(tsa.root())).unwrap();
    }

    #[test]
    fn reads_whole_and_fractional_seconds() {
        assert_eq!(
            time("20261204031500Z").unwrap().to_rfc3339(),
            "2026-12-04T03:15:00+00:00"
        );
        assert_eq!(
            time("20261204031500.25Z").unwrap().timestamp_millis() % 1000,
            250
        );
        assert!(time("20261204031500").is_err(), "no zone");
        assert!(time("20261204031500.x5Z").is_err());
        assert!(time("202612040315Z").is_err());
        // Below a nanosecond is dropped.
        assert_eq!(
            time("20261204031500.1234567891Z")
                .unwrap()
                .timestamp_subsec_nanos(),
            123_456_789
        );
    }
}
