//! The demo CA's OCSP responder (RFC 6960): answers for the certificates
//! its root issued, signed by the responder certificate the root
//! delegated to. `kyhop demo` serves it on loopback so that the demo's
//! resolutions carry revocation data (PAdES B-LT) without the Internet;
//! the tests use it to revoke a signer. Never trust these keys for real.

use chrono::{DateTime, Utc};
use der::{Decode, Encode};
use sha1::Sha1;
use x509_cert::serial_number::SerialNumber;
use x509_cert::Certificate;
use x509_ocsp::builder::OcspResponseBuilder;
use x509_ocsp::{
    CertId, CertStatus, OcspGeneralizedTime, OcspRequest, OcspResponse, ResponderId, RevokedInfo,
    SingleResponse,
};

use crate::sign::demo_pki::DemoIdentity;
use crate::sign::error::SignError;

/// How long an answer may be relied on.
const ANSWER_LIFETIME: chrono::Duration = chrono::Duration::days(1);

/// A responder for one CA.
#[derive(Debug, Clone)]
pub struct DemoOcsp {
    responder: DemoIdentity,
    issuer: Certificate,
    revoked: Vec<(SerialNumber, DateTime<Utc>)>,
}

fn generalized(t: DateTime<Utc>) -> Result<OcspGeneralizedTime, SignError> {
    let seconds = u64::try_from(t.timestamp())
        .map_err(|_| SignError::Internal("a time before 1970".into()))?;
    Ok(OcspGeneralizedTime(
        der::asn1::GeneralizedTime::from_unix_duration(std::time::Duration::from_secs(seconds))?,
    ))
}

impl DemoOcsp {
    /// Answers for what `issuer` issued, signed by `responder` (a
    /// certificate `issuer` issued for OCSP signing).
    pub fn new(responder: DemoIdentity, issuer: Certificate) -> Self {
        Self {
            responder,
            issuer,
            revoked: Vec::new(),
        }
    }

    /// From now on, `cert` is answered as revoked since `at`.
    pub fn revoke(&mut self, cert: &Certificate, at: DateTime<Utc>) {
        self.revoked
            .push((cert.tbs_certificate.serial_number.clone(), at));
    }

    /// Answers a DER `OCSPRequest` with a DER `OCSPResponse`: good,
    /// revoked, or unknown (another CA's certificate, or a certificate ID
    /// not made with SHA-1) for each certificate asked about, the nonce
    /// echoed; a request that does not parse gets `malformedRequest`.
    pub fn respond(&self, request: &[u8], now: DateTime<Utc>) -> Result<Vec<u8>, SignError> {
        let Ok(request) = OcspRequest::from_der(request) else {
            return Ok(OcspResponse::malformed_request().to_der()?);
        };
        let internal = |e: x509_ocsp::builder::Error| SignError::Internal(e.to_string());
        let mut builder = OcspResponseBuilder::new(ResponderId::ByName(
            self.responder.cert.tbs_certificate.subject.clone(),
        ));
        for asked in &request.tbs_request.request_list {
            let id = &asked.req_cert;
            let ours = CertId::from_issuer::<Sha1>(&self.issuer, id.serial_number.clone())
                .map_err(internal)?;
            let status = if ours != *id {
                CertStatus::unknown()
            } else {
                match self.revoked.iter().find(|(s, _)| *s == id.serial_number) {
                    Some((_, at)) => CertStatus::revoked(RevokedInfo {
                        revocation_time: generalized(*at)?,
                        revocation_reason: None,
                    }),
                    None => CertStatus::good(),
                }
            };
            builder = builder.with_single_response(
                SingleResponse::new(id.clone(), status, generalized(now)?)
                    .with_next_update(generalized(now + ANSWER_LIFETIME)?),
            );
        }
        if let Some(nonce) = request.nonce() {
            builder = builder.with_extension(nonce).map_err(internal)?;
        }
        let mut key = self.responder.key.clone();
        let response = builder
            .sign::<_, p256::ecdsa::DerSignature>(
                &mut key,
                Some(vec![self.responder.cert.clone()]),
                generalized(now)?,
            )
            .map_err(internal)?;
        Ok(response.to_der()?)
    }
}
