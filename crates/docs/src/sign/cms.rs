//! Detached CMS SignedData for PAdES baseline B-B (ETSI.CAdES.detached):
//! signed attributes content-type, message-digest and
//! signing-certificate-v2 — and deliberately no signing-time. With a
//! time-stamping authority, the signature's time-stamp token goes into the
//! unsigned attributes (B-T).

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedAttributes, SignedData, SignerIdentifier,
    SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::Certificate;

use crate::sign::error::SignError;
use crate::sign::keys::{Signer, OID_SHA256};
use crate::sign::timestamp::{TimeStamper, OID_SIGNATURE_TIME_STAMP};

pub(crate) const OID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
pub(crate) const OID_SIGNED_DATA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
pub(crate) const OID_CONTENT_TYPE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
pub(crate) const OID_MESSAGE_DIGEST: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
pub(crate) const OID_SIGNING_CERT_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// ESSCertIDv2 with hashAlgorithm omitted (DEFAULT id-sha256, RFC 5035)
/// and without issuerSerial (EN 319 122-1 recommends leaving it out).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

fn attr(oid: ObjectIdentifier, value: Any) -> Result<Attribute, SignError> {
    let mut values = SetOfVec::new();
    values.insert(value)?;
    Ok(Attribute { oid, values })
}

/// The signing-certificate-v2 attribute naming `cert` (by its SHA-256).
pub(crate) fn signing_certificate_v2(cert: &Certificate) -> Result<Attribute, SignError> {
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(cert.to_der()?).to_vec())?,
        }],
    };
    attr(OID_SIGNING_CERT_V2, Any::encode_from(&ess)?)
}

pub(crate) fn sha256_alg() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: OID_SHA256,
        parameters: None,
    }
}

/// Build the DER of a detached CMS `ContentInfo(SignedData)` over a content
/// whose SHA-256 is `message_digest`; with `timestamper`, the signature
/// value is time-stamped and the token kept in the unsigned attributes.
pub fn build_detached_cms(
    signer: &dyn Signer,
    message_digest: &[u8],
    timestamper: Option<&TimeStamper>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>, SignError> {
    let cert = signer.certificate();
    let signed_attrs: SignedAttributes = SetOfVec::try_from(vec![
        attr(OID_CONTENT_TYPE, Any::encode_from(&OID_DATA)?)?,
        attr(
            OID_MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(message_digest.to_vec())?)?,
        )?,
        signing_certificate_v2(cert)?,
    ])?;
    // What is signed is the DER of the attributes with a SET OF tag.
    let tbs = signed_attrs.to_der()?;
    let signature = signer.sign_digest_input(&tbs)?;
    // The time-stamp is over the signature value's octets (EN 319 122-1
    // 5.3) and sits outside what was signed.
    let unsigned_attrs = match timestamper {
        Some(tsa) => {
            let token = tsa.stamp(&signature, now)?;
            Some(SetOfVec::try_from(vec![attr(
                OID_SIGNATURE_TIME_STAMP,
                Any::from_der(&token.der)?,
            )?])?)
        }
        None => None,
    };

    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: cert.tbs_certificate.issuer.clone(),
            serial_number: cert.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: sha256_alg(),
        signed_attrs: Some(signed_attrs),
        signature_algorithm: signer.signature_algorithm(),
        signature: OctetString::new(signature)?,
        unsigned_attrs,
    };

    let mut certs = SetOfVec::new();
    certs.insert(CertificateChoices::Certificate(cert.clone()))?;
    for c in signer.chain() {
        if c != cert
            && !certs
                .iter()
                .any(|x| matches!(x, CertificateChoices::Certificate(y) if y == c))
        {
            certs.insert(CertificateChoices::Certificate(c.clone()))?;
        }
    }

    let mut digest_algorithms = SetOfVec::new();
    digest_algorithms.insert(sha256_alg())?;
    let mut signer_infos = SetOfVec::new();
    signer_infos.insert(signer_info)?;

    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: OID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(certs)),
        crls: None,
        signer_infos: SignerInfos(signer_infos),
    };
    let ci = ContentInfo {
        content_type: OID_SIGNED_DATA,
        content: Any::encode_from(&signed_data)?,
    };
    Ok(ci.to_der()?)
}

// ---------------------------------------------------------------------------
// Parsing (for verification)
// ---------------------------------------------------------------------------

/// What verification needs from a CMS blob.
pub(crate) struct ParsedCms {
    pub signed_data: SignedData,
    /// DER of the first SignerInfo's signed attributes exactly as encoded in
    /// the blob, with the [0] tag replaced by SET (0x31): the signed bytes.
    pub signed_attrs_der: Option<Vec<u8>>,
}

/// Parse a ContentInfo that may be followed by zero padding (as in /Contents).
pub(crate) fn parse_cms(blob: &[u8]) -> Result<ParsedCms, SignError> {
    let mut reader = der::SliceReader::new(blob)?;
    let ci = <ContentInfo as der::Decode>::decode(&mut reader)?;
    if ci.content_type != OID_SIGNED_DATA {
        return Err(SignError::Cms("not a SignedData".into()));
    }
    let sd_der = ci.content.to_der()?;
    let signed_data = SignedData::from_der(&sd_der)?;
    let signed_attrs_der = raw_signed_attrs(&sd_der).ok().flatten();
    Ok(ParsedCms {
        signed_data,
        signed_attrs_der,
    })
}

/// Minimal TLV walk: SignedData → signerInfos → first SignerInfo → [0].
fn raw_signed_attrs(sd_der: &[u8]) -> Result<Option<Vec<u8>>, SignError> {
    fn tlv(b: &[u8]) -> Result<(u8, usize, usize), SignError> {
        // returns (tag, header_len, content_len)
        let bad = || SignError::Cms("truncated DER".into());
        let tag = *b.first().ok_or_else(bad)?;
        let l0 = *b.get(1).ok_or_else(bad)?;
        if l0 < 0x80 {
            return Ok((tag, 2, l0 as usize));
        }
        let n = (l0 & 0x7f) as usize;
        if n == 0 || n > 4 || b.len() < 2 + n {
            return Err(bad());
        }
        let mut len = 0usize;
        for &x in &b[2..2 + n] {
            len = (len << 8) | x as usize;
        }
        Ok((tag, 2 + n, len))
    }
    let (_, h, _) = tlv(sd_der)?; // SignedData SEQUENCE
    let mut p = h;
    // version, digestAlgorithms, encapContentInfo, [0] certs?, [1] crls?, signerInfos
    loop {
        let (tag, hh, len) = tlv(&sd_der[p..])?;
        if tag == 0x31 && p > h {
            // could be digestAlgorithms (first SET) or signerInfos (last SET)
            let end = p + hh + len;
            if end >= sd_der.len() {
                // signerInfos: first SignerInfo
                let mut q = p + hh;
                let (_, sh, _) = tlv(&sd_der[q..])?;
                q += sh;
                for _ in 0..3 {
                    // version, sid, digestAlgorithm
                    let (_, eh, el) = tlv(&sd_der[q..])?;
                    q += eh + el;
                }
                let (t, eh, el) = tlv(&sd_der[q..])?;
                if t != 0xA0 {
                    return Ok(None);
                }
                let mut out = sd_der[q..q + eh + el].to_vec();
                out[0] = 0x31;
                return Ok(Some(out));
            }
        }
        p += hh + len;
        if p >= sd_der.len() {
            return Ok(None);
        }
    }
}

/// Value of a signed attribute, if present exactly once.
pub(crate) fn signed_attr(si: &SignerInfo, oid: ObjectIdentifier) -> Option<&Any> {
    let attrs = si.signed_attrs.as_ref()?;
    let a = attrs.iter().find(|a| a.oid == oid)?;
    if a.values.len() != 1 {
        return None;
    }
    a.values.get(0)
}

/// Find the certificate identified by the SignerInfo's sid.
pub(crate) fn find_signer_cert<'a>(
    si: &SignerInfo,
    certs: &'a [Certificate],
) -> Option<&'a Certificate> {
    match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => certs.iter().find(|c| {
            c.tbs_certificate.issuer == ias.issuer
                && c.tbs_certificate.serial_number == ias.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(ski) => certs.iter().find(|c| {
            use x509_cert::ext::pkix::SubjectKeyIdentifier;
            c.tbs_certificate
                .get::<SubjectKeyIdentifier>()
                .ok()
                .flatten()
                .map(|(_, s)| s == *ski)
                .unwrap_or(false)
        }),
    }
}
