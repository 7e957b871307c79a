//! Revocation data for long-term signatures (PAdES B-LT): for each
//! certificate of a signer's chain, an OCSP response (RFC 6960) from the
//! responder its certificate names, or the CRL (RFC 5280) it points to,
//! fetched at signing and checked before anything is signed with it — a
//! revoked key signs nothing. What is fetched goes into the file's DSS.
//!
//! This crate does not talk to the network: a [`RevocationTransport`]
//! carries requests (the server's is HTTP).

use chrono::{DateTime, Utc};
use der::asn1::ObjectIdentifier;
use der::{Decode, Encode};
use rand::rngs::OsRng;
use sha1::Sha1;
use x509_cert::crl::CertificateList;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{AuthorityInfoAccessSyntax, CrlDistributionPoints, ExtendedKeyUsage};
use x509_cert::Certificate;
use x509_ocsp::builder::OcspRequestBuilder;
use x509_ocsp::ext::Nonce;
use x509_ocsp::{
    BasicOcspResponse, CertStatus, OcspResponse, OcspResponseStatus, Request, Version,
};

use crate::sign::dss::ValidationData;
use crate::sign::error::SignError;
use crate::sign::keys::PublicKey;
use crate::sign::timestamp::MAX_CLOCK_SKEW;
use crate::sign::verify::{issued_by, to_utc};

/// id-ad-ocsp: an AIA entry naming an OCSP responder.
const OID_AD_OCSP: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1");
/// id-pkix-ocsp-basic: the only response type there is.
const OID_OCSP_BASIC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.1");
/// id-kp-OCSPSigning: a certificate the CA delegated its answers to.
pub(crate) const OID_KP_OCSP_SIGNING: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.9");

/// Carries revocation requests to a CA's services.
pub trait RevocationTransport: Send + Sync {
    /// POSTs a DER `OCSPRequest` to the responder at `url`
    /// (`application/ocsp-request`) and returns its DER `OCSPResponse`.
    /// `Err` only when no answer came (`RevocationUnavailable`).
    fn ocsp(&self, url: &str, request: &[u8]) -> Result<Vec<u8>, SignError>;
    /// GETs the DER CRL at `url`.
    fn crl(&self, url: &str) -> Result<Vec<u8>, SignError>;
}

/// The URLs (`http://…`) of `general_names` that are URIs.
fn uris<'a>(names: impl IntoIterator<Item = &'a GeneralName>) -> Vec<String> {
    names
        .into_iter()
        .filter_map(|n| match n {
            GeneralName::UniformResourceIdentifier(uri) => Some(uri.to_string()),
            _ => None,
        })
        .collect()
}

/// The OCSP responders `cert` names (its Authority Information Access).
pub fn ocsp_urls(cert: &Certificate) -> Vec<String> {
    let Ok(Some((_, aia))) = cert.tbs_certificate.get::<AuthorityInfoAccessSyntax>() else {
        return Vec::new();
    };
    uris(
        aia.0
            .iter()
            .filter(|a| a.access_method == OID_AD_OCSP)
            .map(|a| &a.access_location),
    )
}

/// Where `cert`'s CRLs are published (its CRL distribution points).
pub fn crl_urls(cert: &Certificate) -> Vec<String> {
    let Ok(Some((_, points))) = cert.tbs_certificate.get::<CrlDistributionPoints>() else {
        return Vec::new();
    };
    uris(points.0.iter().flat_map(|p| match &p.distribution_point {
        Some(DistributionPointName::FullName(names)) => names.iter().collect(),
        _ => Vec::new(),
    }))
}

fn subject(cert: &Certificate) -> String {
    cert.tbs_certificate.subject.to_string()
}

/// `cert` (leaf first) and the issuers found in `pool` up to a
/// self-issued certificate or the last one found.
pub fn chain_from(cert: &Certificate, pool: &[Certificate]) -> Vec<Certificate> {
    let mut chain = vec![cert.clone()];
    while chain.len() < 10 {
        let current = &chain[chain.len() - 1];
        if issued_by(current, current) {
            break;
        }
        match pool
            .iter()
            .find(|c| !chain.contains(c) && issued_by(current, c))
        {
            Some(issuer) => chain.push(issuer.clone()),
            None => break,
        }
    }
    chain
}

/// `cert` chains through `pool` to one of `roots` at `at`: checked before
/// anything is asked about it, so that the addresses a certificate names
/// are only ever those of a CA the server trusts.
pub fn check_trusted(
    cert: &Certificate,
    pool: &[Certificate],
    roots: &[Certificate],
    at: DateTime<Utc>,
) -> Result<(), SignError> {
    crate::sign::verify::chain_to_roots(cert, pool, roots, at)
        .map_err(|why| SignError::UntrustedSigner(format!("{}: {why}", subject(cert))))
}

/// The certificates of `chain` (leaf first, as [`chain_from`] makes it)
/// and revocation data for each one that names a responder or a CRL,
/// checked at `now`: a certificate revoked, or whose status cannot be had
/// or relied on, fails with its code.
pub fn validation_data_for(
    chain: &[Certificate],
    transport: &dyn RevocationTransport,
    now: DateTime<Utc>,
) -> Result<ValidationData, SignError> {
    let mut data = ValidationData::default();
    for cert in chain {
        data.certs.push(cert.to_der()?);
    }
    for pair in chain.windows(2) {
        let (cert, issuer) = (&pair[0], &pair[1]);
        if let Some(url) = ocsp_urls(cert).first() {
            let checked = ocsp_status(cert, issuer, url, transport, now)?;
            data.ocsps.push(checked.response);
            data.certs.extend(checked.responder);
        } else if let Some(url) = crl_urls(cert).first() {
            data.crls
                .push(crl_status(cert, issuer, url, transport, now)?);
        }
    }
    // The root, when it is not in the chain, is the verifier's to have.
    Ok(data)
}

/// An OCSP answer that says the certificate is good.
struct CheckedOcsp {
    /// The DER `OCSPResponse`, as received.
    response: Vec<u8>,
    /// The delegated responder's certificate (DER), when the CA did not
    /// sign the answer itself.
    responder: Option<Vec<u8>>,
}

fn ocsp_status(
    cert: &Certificate,
    issuer: &Certificate,
    url: &str,
    transport: &dyn RevocationTransport,
    now: DateTime<Utc>,
) -> Result<CheckedOcsp, SignError> {
    let invalid = |m: String| SignError::RevocationInvalid(format!("{}: {m}", subject(cert)));
    let request = Request::from_cert::<Sha1>(issuer, cert)
        .map_err(|e| SignError::Internal(format!("OCSP request: {e}")))?;
    let cert_id = request.req_cert.clone();
    let nonce = Nonce::generate(&mut OsRng, 32)?;
    let request = OcspRequestBuilder::new(Version::V1)
        .with_request(request)
        .with_extension(nonce.clone())
        .map_err(|e| SignError::Internal(format!("OCSP request: {e}")))?
        .build()
        .to_der()?;
    let der = transport.ocsp(url, &request)?;
    let response = OcspResponse::from_der(&der)
        .map_err(|e| invalid(format!("the responder's answer is not OCSP: {e}")))?;
    if response.response_status != OcspResponseStatus::Successful {
        return Err(SignError::RevocationUnavailable(format!(
            "{}: the OCSP responder answered {:?}",
            subject(cert),
            response.response_status
        )));
    }
    let bytes = response
        .response_bytes
        .filter(|b| b.response_type == OID_OCSP_BASIC)
        .ok_or_else(|| invalid("no basic OCSP response".into()))?;
    let basic = BasicOcspResponse::from_der(bytes.response.as_bytes())
        .map_err(|e| invalid(format!("the basic OCSP response: {e}")))?;
    let responder = answer_signer(&basic, issuer).ok_or_else(|| {
        invalid("the answer is signed neither by the CA nor by a responder it delegated to".into())
    })?;
    if let Some(echoed) = basic.nonce() {
        if echoed != nonce {
            return Err(invalid("the answer is for another request (nonce)".into()));
        }
    }
    let single = basic
        .tbs_response_data
        .responses
        .iter()
        .find(|r| r.cert_id == cert_id)
        .ok_or_else(|| invalid("the answer is about another certificate".into()))?;
    let this_update = to_utc(single.this_update.0.to_system_time());
    if this_update > now + MAX_CLOCK_SKEW {
        return Err(invalid(format!(
            "the answer is from the future ({this_update})"
        )));
    }
    if let Some(next) = &single.next_update {
        let next = to_utc(next.0.to_system_time());
        if next < now - MAX_CLOCK_SKEW {
            return Err(invalid(format!("the answer is stale (next update {next})")));
        }
    }
    match &single.cert_status {
        CertStatus::Good(_) => Ok(CheckedOcsp {
            response: der,
            responder: (responder != *issuer)
                .then(|| responder.to_der())
                .transpose()?,
        }),
        CertStatus::Revoked(info) => Err(SignError::CertificateRevoked(format!(
            "{}, since {}",
            subject(cert),
            to_utc(info.revocation_time.0.to_system_time())
        ))),
        CertStatus::Unknown(_) => Err(invalid("the responder does not know it".into())),
    }
}

/// Who signed an OCSP answer about a certificate `issuer` issued: the
/// issuer itself, or a certificate it issued for OCSP signing (RFC 6960
/// 4.2.2.2) carried in the answer.
pub(crate) fn answer_signer(
    basic: &BasicOcspResponse,
    issuer: &Certificate,
) -> Option<Certificate> {
    let tbs = basic.tbs_response_data.to_der().ok()?;
    let signature = basic.signature.as_bytes()?;
    let signs = |cert: &Certificate| {
        PublicKey::from_cert(cert)
            .is_ok_and(|key| key.verify(&basic.signature_algorithm.oid, None, &tbs, signature))
    };
    if signs(issuer) {
        return Some(issuer.clone());
    }
    basic
        .certs
        .iter()
        .flatten()
        .find(|c| {
            let delegated = c
                .tbs_certificate
                .get::<ExtendedKeyUsage>()
                .ok()
                .flatten()
                .is_some_and(|(_, eku)| eku.0.contains(&OID_KP_OCSP_SIGNING));
            delegated && issued_by(c, issuer) && signs(c)
        })
        .cloned()
}

fn crl_status(
    cert: &Certificate,
    issuer: &Certificate,
    url: &str,
    transport: &dyn RevocationTransport,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, SignError> {
    let invalid = |m: String| SignError::RevocationInvalid(format!("{}: {m}", subject(cert)));
    let der = transport.crl(url)?;
    let crl = CertificateList::from_der(&der).map_err(|e| invalid(format!("not a CRL: {e}")))?;
    let tbs = crl.tbs_cert_list.to_der()?;
    let signed = crl.signature.as_bytes().is_some_and(|signature| {
        PublicKey::from_cert(issuer)
            .is_ok_and(|key| key.verify(&crl.signature_algorithm.oid, None, &tbs, signature))
    });
    if crl.tbs_cert_list.issuer != issuer.tbs_certificate.subject || !signed {
        return Err(invalid(
            "the CRL is not signed by the certificate's issuer".into(),
        ));
    }
    if let Some(next) = &crl.tbs_cert_list.next_update {
        let next = to_utc(next.to_system_time());
        if next < now - MAX_CLOCK_SKEW {
            return Err(invalid(format!("the CRL is stale (next update {next})")));
        }
    }
    let serial = &cert.tbs_certificate.serial_number;
    if let Some(entry) = crl
        .tbs_cert_list
        .revoked_certificates
        .iter()
        .flatten()
        .find(|r| &r.serial_number == serial)
    {
        return Err(SignError::CertificateRevoked(format!(
            "{}, since {}",
            subject(cert),
            to_utc(entry.revocation_date.to_system_time())
        )));
    }
    Ok(der)
}

/// Whether `data` (a file's DSS) shows `cert` good: an OCSP answer about
/// it from its issuer (or a responder the issuer delegated to), or a CRL
/// of its issuer that does not list it; a certificate that names neither
/// a responder nor a CRL needs only to be there (in the DSS, not merely in
/// the signature). The issuer is looked for in `pool` and in `data`.
pub(crate) fn status_on_file(
    data: &ValidationData,
    cert: &Certificate,
    pool: &[Certificate],
) -> bool {
    let on_file: Vec<Certificate> = data
        .certs
        .iter()
        .filter_map(|d| Certificate::from_der(d).ok())
        .collect();
    if ocsp_urls(cert).is_empty() && crl_urls(cert).is_empty() {
        return on_file.contains(cert);
    }
    let mut certs: Vec<Certificate> = pool.to_vec();
    certs.extend(on_file);
    let Some(issuer) = chain_from(cert, &certs).get(1).cloned() else {
        return false;
    };
    let Ok(cert_id) = x509_ocsp::CertId::from_cert::<Sha1>(&issuer, cert) else {
        return false;
    };
    let ocsp_good = data.ocsps.iter().any(|der| {
        let Some(basic) = OcspResponse::from_der(der)
            .ok()
            .and_then(|r| r.response_bytes)
            .filter(|b| b.response_type == OID_OCSP_BASIC)
            .and_then(|b| BasicOcspResponse::from_der(b.response.as_bytes()).ok())
        else {
            return false;
        };
        answer_signer(&basic, &issuer).is_some()
            && basic
                .tbs_response_data
                .responses
                .iter()
                .any(|r| r.cert_id == cert_id && matches!(r.cert_status, CertStatus::Good(_)))
    });
    let crl_good = data.crls.iter().any(|der| {
        let Ok(crl) = CertificateList::from_der(der) else {
            return false;
        };
        let signed = crl
            .tbs_cert_list
            .to_der()
            .ok()
            .zip(crl.signature.as_bytes())
            .is_some_and(|(tbs, signature)| {
                PublicKey::from_cert(&issuer).is_ok_and(|key| {
                    key.verify(&crl.signature_algorithm.oid, None, &tbs, signature)
                })
            });
        signed
            && !crl
                .tbs_cert_list
                .revoked_certificates
                .iter()
                .flatten()
                .any(|r| r.serial_number == cert.tbs_certificate.serial_number)
    });
    ocsp_good || crl_good
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::demo_ocsp::DemoOcsp;
    use crate::sign::demo_pki::{demo_pki_answering_at, DemoPki};

    const URL: &str = "http://127.0.0.1:9/ocsp";

    /// Answers OCSP in process, as `responder` does, or not at all.
    struct InProcess(Option<DemoOcsp>);

    impl RevocationTransport for InProcess {
        fn ocsp(&self, url: &str, request: &[u8]) -> Result<Vec<u8>, SignError> {
            assert_eq!(url, URL, "asked where the certificate says");
            match &self.0 {
                Some(responder) => responder.respond(request, Utc::now()),
                None => Err(SignError::RevocationUnavailable(
                    "connection refused".into(),
                )),
            }
        }
        fn crl(&self, _: &str) -> Result<Vec<u8>, SignError> {
            unreachable!("the demo certificates name an OCSP responder")
        }
    }

    fn pki() -> DemoPki {
        demo_pki_answering_at(Utc::now(), "Mai Thu Yến", "HĐND", Some(URL)).unwrap()
    }

    fn chair_chain(pki: &DemoPki) -> Vec<Certificate> {
        chain_from(&pki.chair.cert, std::slice::from_ref(&pki.root.cert))
    }

    #[test]
    fn a_good_certificate_brings_its_answer_and_its_chain() {
        let pki = pki();
        assert_eq!(ocsp_urls(&pki.chair.cert), vec![URL.to_string()]);
        assert!(ocsp_urls(&pki.root.cert).is_empty() && crl_urls(&pki.chair.cert).is_empty());
        let chain = chair_chain(&pki);
        assert_eq!(chain, vec![pki.chair.cert.clone(), pki.root.cert.clone()]);
        let responder = InProcess(Some(DemoOcsp::new(pki.ocsp.clone(), pki.root.cert.clone())));
        let data = validation_data_for(&chain, &responder, Utc::now()).unwrap();
        assert_eq!(data.ocsps.len(), 1);
        assert!(
            data.certs.contains(&pki.ocsp.cert.to_der().unwrap()),
            "the delegated responder"
        );
        assert!(data.certs.contains(&pki.root.cert.to_der().unwrap()));
    }

    #[test]
    fn revoked_down_or_lying_responders_fail_with_their_code() {
        let pki = pki();
        let chain = chair_chain(&pki);
        let mut revoking = DemoOcsp::new(pki.ocsp.clone(), pki.root.cert.clone());
        revoking.revoke(&pki.chair.cert, Utc::now() - chrono::Duration::hours(1));
        // Another CA's responder answering for ours.
        let other = pki_other();
        let impostor = DemoOcsp::new(other.ocsp.clone(), pki.root.cert.clone());
        for (case, transport, code) in [
            ("revoked", InProcess(Some(revoking)), "certificate_revoked"),
            ("down", InProcess(None), "revocation_unavailable"),
            ("impostor", InProcess(Some(impostor)), "revocation_invalid"),
        ] {
            let e = validation_data_for(&chain, &transport, Utc::now()).unwrap_err();
            assert_eq!(e.code(), code, "{case}: {e}");
        }
        // The seal, not revoked, passes with the same responder.
        let mut revoking = DemoOcsp::new(pki.ocsp.clone(), pki.root.cert.clone());
        revoking.revoke(&pki.chair.cert, Utc::now());
        let seal = chain_from(&pki.seal.cert, std::slice::from_ref(&pki.root.cert));
        validation_data_for(&seal, &InProcess(Some(revoking)), Utc::now()).unwrap();
    }

    fn pki_other() -> DemoPki {
        demo_pki_answering_at(Utc::now(), "Người khác", "HĐND khác", Some(URL)).unwrap()
    }
}
