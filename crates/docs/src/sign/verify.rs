//! Verification of the PDF signatures we (and others) produce: integrity,
//! coverage, later modifications and a simple chain check to given roots.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use cms::cert::CertificateChoices;
use der::asn1::{ObjectIdentifier, OctetString};
use der::Encode;
use sha2::{Digest, Sha256, Sha384, Sha512};
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages};
use x509_cert::Certificate;

use cms::signed_data::SignerInfo;

use crate::sign::cms::{
    find_signer_cert, parse_cms, signed_attr, ParsedCms, OID_CONTENT_TYPE, OID_DATA,
    OID_MESSAGE_DIGEST, OID_SIGNING_CERT_V2,
};
use crate::sign::dss::{read_validation_data, ValidationData};
use crate::sign::error::SignError;
use crate::sign::keys::{PublicKey, OID_SHA256, OID_SHA384, OID_SHA512};
use crate::sign::pdf_sign::{byte_range, fields, load, only_whitespace_after};
use crate::sign::revisions::check_later_updates;
use crate::sign::revocation::status_on_file;
use crate::sign::timestamp::{authority_trusted, read_token, OID_SIGNATURE_TIME_STAMP};

/// Result for one signature field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct SignatureReport {
    pub field_name: String,
    /// RFC 4514 string of the signer certificate's subject ("" if unknown).
    pub signer_subject: String,
    /// From the signature dictionary's /M.
    pub signing_time: Option<DateTime<Utc>>,
    /// The message digest matches the byte ranges AND the CMS signature
    /// verifies with the signer certificate's public key.
    pub intact: bool,
    /// The ByteRange ends at the end of the file (trailing whitespace allowed).
    pub covers_whole_document: bool,
    /// Later incremental updates change the document after this signature:
    /// more than validation data (/DSS) and document time-stamps, which
    /// long-term signatures add.
    pub modified_after: bool,
    /// The signer certificate chains to one of the trust roots — at the
    /// time-stamp's time when a trusted one is there, else at /M.
    pub trusted: bool,
    /// The time of an intact time-stamp token over this signature (its
    /// unsigned signature-time-stamp attribute).
    #[schema(required = true)]
    pub timestamp: Option<DateTime<Utc>>,
    /// That time-stamp's authority chains to one of the trust roots.
    pub timestamp_trusted: bool,
    /// The PAdES baseline level the signature reaches (EN 319 142-1).
    pub level: PadesLevel,
    /// Human-readable reasons when something is false.
    pub problems: Vec<String>,
}

/// PAdES baseline levels (ETSI EN 319 142-1): B-B is a signature alone;
/// B-T adds a time-stamp that proves when it existed; B-LT adds, in the
/// file's DSS, the certificates and revocation status needed to validate
/// it without asking anyone; B-LTA adds a document time-stamp over all of
/// that, renewed before its authority's certificate expires.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
pub enum PadesLevel {
    #[serde(rename = "b_b")]
    BB,
    #[serde(rename = "b_t")]
    BT,
    #[serde(rename = "b_lt")]
    BLt,
    #[serde(rename = "b_lta")]
    BLta,
}

impl PadesLevel {
    /// The level's name in EN 319 142-1: "B-B", "B-T", "B-LT", "B-LTA".
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BB => "B-B",
            Self::BT => "B-T",
            Self::BLt => "B-LT",
            Self::BLta => "B-LTA",
        }
    }
}

/// Verify every signed signature field of `pdf`.
pub fn verify_pdf(
    pdf: &[u8],
    trust_roots: &[Certificate],
) -> Result<Vec<SignatureReport>, SignError> {
    let doc = load(pdf)?;
    let (_, fields) = fields(&doc);
    let (stamps, sigs): (Vec<_>, Vec<_>) = fields.into_iter().partition(is_document_timestamp);
    // Where each intact document time-stamp from a trusted authority ends.
    let stamped_to: Vec<usize> = stamps
        .iter()
        .filter_map(|f| trusted_document_timestamp(pdf, &f.sig, trust_roots))
        .collect();
    // A damaged DSS takes nothing from the signatures; it adds nothing.
    let on_file = read_validation_data(pdf).unwrap_or_default();
    let mut out = Vec::new();
    for f in sigs {
        let mut r = SignatureReport {
            field_name: f.name.clone(),
            signer_subject: String::new(),
            signing_time: f
                .sig
                .get(b"M")
                .ok()
                .and_then(|m| m.as_str().ok())
                .and_then(|m| parse_pdf_date(&String::from_utf8_lossy(m))),
            intact: false,
            covers_whole_document: false,
            modified_after: false,
            trusted: false,
            timestamp: None,
            timestamp_trusted: false,
            level: PadesLevel::BB,
            problems: Vec::new(),
        };
        check_one(pdf, &f.sig, trust_roots, &on_file, &mut r);
        // B-LTA: a document time-stamp over the signature and its
        // validation data.
        let end = byte_range(&f.sig).map(|b| b[2].saturating_add(b[3]));
        if r.level == PadesLevel::BLt && end.is_some_and(|e| stamped_to.iter().any(|&s| s > e)) {
            r.level = PadesLevel::BLta;
        }
        out.push(r);
    }
    Ok(out)
}

fn check_one(
    pdf: &[u8],
    sig: &lopdf::Dictionary,
    roots: &[Certificate],
    on_file: &ValidationData,
    r: &mut SignatureReport,
) {
    let Some(br) = byte_range(sig) else {
        r.problems.push("missing or malformed /ByteRange".into());
        return;
    };
    let end = br[2].saturating_add(br[3]);
    if br[0] != 0 || br[1] >= br[2] || end > pdf.len() {
        r.problems.push(format!(
            "ByteRange {br:?} is not valid for a file of {} bytes",
            pdf.len()
        ));
        return;
    }
    r.covers_whole_document = only_whitespace_after(pdf, end);
    // Validation data and document time-stamps may follow (PAdES B-LT,
    // B-LTA); anything else is a change to what was signed.
    r.modified_after = !r.covers_whole_document && check_later_updates(pdf, end).is_err();
    // The gap must be exactly the hex /Contents string.
    let gap = &pdf[br[1]..br[2]];
    let gap_ok = gap.len() >= 2
        && gap[0] == b'<'
        && gap[gap.len() - 1] == b'>'
        && gap[1..gap.len() - 1]
            .iter()
            .all(|b| b.is_ascii_hexdigit() || b.is_ascii_whitespace());
    if !gap_ok {
        r.problems
            .push("the ByteRange gap is not the /Contents hex string".into());
        return;
    }
    let Some(blob) = hex_decode(&gap[1..gap.len() - 1]) else {
        r.problems.push("bad hex in /Contents".into());
        return;
    };
    let parsed = match parse_cms(&blob) {
        Ok(p) => p,
        Err(e) => {
            r.problems.push(format!("cannot parse CMS: {e}"));
            return;
        }
    };
    let check = check_signer_info(&parsed, &[&pdf[..br[1]], &pdf[br[2]..end]], OID_DATA);
    r.intact = check.intact;
    r.problems.extend(check.problems);
    let Some(cert) = check.cert else {
        return;
    };
    r.signer_subject = cert.tbs_certificate.subject.to_string();

    // 3. time-stamp (B-T): when trusted, the time the chain is judged at
    let mut at = r.signing_time.unwrap_or_else(Utc::now);
    if let Some(si) = parsed.signed_data.signer_infos.0.get(0) {
        if let Some(time) = check_signature_time_stamp(si, roots, r) {
            at = time;
        }
    }
    if r.timestamp.is_some() {
        r.level = if status_on_file(on_file, &cert, &check.certs) {
            PadesLevel::BLt
        } else {
            PadesLevel::BT
        };
    }

    // 4. trust
    match chain_to_roots(&cert, &check.certs, roots, at) {
        Ok(()) => r.trusted = true,
        Err(m) => r.problems.push(format!("not trusted: {m}")),
    }
}

/// A field whose value is a document time-stamp (/Type /DocTimeStamp).
pub(crate) fn is_document_timestamp(field: &crate::sign::pdf_sign::SigField) -> bool {
    field
        .sig
        .get(b"Type")
        .and_then(lopdf::Object::as_name)
        .is_ok_and(|t| t == b"DocTimeStamp")
}

/// Where a document time-stamp's byte range ends, when its token is
/// intact, over exactly those bytes and from an authority chaining to
/// `roots`.
fn trusted_document_timestamp(
    pdf: &[u8],
    sig: &lopdf::Dictionary,
    roots: &[Certificate],
) -> Option<usize> {
    let br = byte_range(sig)?;
    let end = br[2].checked_add(br[3])?;
    if br[0] != 0 || br[1] >= br[2] || end > pdf.len() {
        return None;
    }
    let token = sig.get(b"Contents").ok()?.as_str().ok()?;
    let facts = read_token(token).ok()?;
    let covered = [&pdf[..br[1]], &pdf[br[2]..end]].concat();
    (facts.intact && facts.is_over(&covered) && authority_trusted(&facts, roots).is_ok())
        .then_some(end)
}

/// Reads the signature time-stamp of `si`, if there is one, into `r`;
/// returns its time when the token is intact, over this signature and
/// from a trusted authority.
fn check_signature_time_stamp(
    si: &SignerInfo,
    roots: &[Certificate],
    r: &mut SignatureReport,
) -> Option<DateTime<Utc>> {
    let attr = si
        .unsigned_attrs
        .as_ref()?
        .iter()
        .find(|a| a.oid == OID_SIGNATURE_TIME_STAMP)?;
    let token = match (attr.values.len(), attr.values.get(0)) {
        (1, Some(value)) => value.to_der().ok()?,
        _ => {
            r.problems
                .push("the signature time-stamp attribute holds more than one token".into());
            return None;
        }
    };
    let facts = match read_token(&token) {
        Ok(facts) => facts,
        Err(e) => {
            r.problems.push(format!("signature time-stamp: {e}"));
            return None;
        }
    };
    if !facts.is_over(si.signature.as_bytes()) {
        r.problems
            .push("the time-stamp is not over this signature".into());
        return None;
    }
    if !facts.intact {
        r.problems.extend(
            facts
                .problems
                .iter()
                .map(|p| format!("signature time-stamp: {p}")),
        );
        return None;
    }
    r.timestamp = Some(facts.time);
    match authority_trusted(&facts, roots) {
        Ok(()) => {
            r.timestamp_trusted = true;
            Some(facts.time)
        }
        Err(m) => {
            r.problems.push(format!("time-stamp not trusted: {m}"));
            None
        }
    }
}

/// The outcome of checking a CMS SignerInfo over its content.
pub(crate) struct SignerCheck {
    /// The signer's certificate, when the blob carries it.
    pub cert: Option<Certificate>,
    /// Every certificate the blob carries.
    pub certs: Vec<Certificate>,
    /// Message digest, content type, signing certificate and signature
    /// all hold.
    pub intact: bool,
    pub problems: Vec<String>,
}

/// Checks the first SignerInfo of `parsed` over `content` (the signed
/// bytes, in parts hashed in order): the message-digest attribute, the
/// content-type attribute (`content_type`), signing-certificate-v2 when
/// present, and the signature over the signed attributes.
pub(crate) fn check_signer_info(
    parsed: &ParsedCms,
    content: &[&[u8]],
    content_type: ObjectIdentifier,
) -> SignerCheck {
    let sd = &parsed.signed_data;
    let certs: Vec<Certificate> = sd
        .certificates
        .as_ref()
        .map(|cs| {
            cs.0.iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out = SignerCheck {
        cert: None,
        certs,
        intact: false,
        problems: Vec::new(),
    };
    let Some(si) = sd.signer_infos.0.get(0) else {
        out.problems.push("no SignerInfo".into());
        return out;
    };
    let Some(cert) = find_signer_cert(si, &out.certs).cloned() else {
        out.problems.push("signer certificate not embedded".into());
        return out;
    };
    let problems = &mut out.problems;

    // 1. content digest vs message-digest attribute
    let digest_oid = si.digest_alg.oid;
    let digest = match digest_oid {
        OID_SHA256 => hash_parts::<Sha256>(content),
        OID_SHA384 => hash_parts::<Sha384>(content),
        OID_SHA512 => hash_parts::<Sha512>(content),
        other => {
            problems.push(format!("unsupported digest algorithm {other}"));
            out.cert = Some(cert);
            return out;
        }
    };
    let md = signed_attr(si, OID_MESSAGE_DIGEST).and_then(|a| a.decode_as::<OctetString>().ok());
    let digest_ok = md
        .as_ref()
        .is_some_and(|m| m.as_bytes() == digest.as_slice());
    if !digest_ok {
        problems.push("message digest does not match the signed content".into());
    }
    let ct_ok = signed_attr(si, OID_CONTENT_TYPE)
        .and_then(|a| a.decode_as::<ObjectIdentifier>().ok())
        .is_some_and(|o| o == content_type);
    if !ct_ok {
        problems.push(format!(
            "content-type attribute missing or not {content_type}"
        ));
    }
    // signing-certificate-v2, if present, must name this certificate.
    let mut ess_ok = true;
    if let Some(a) = signed_attr(si, OID_SIGNING_CERT_V2) {
        let want = cert
            .to_der()
            .map(|d| Sha256::digest(d).to_vec())
            .unwrap_or_default();
        ess_ok = a.to_der().map(|d| contains(&d, &want)).unwrap_or(false);
        if !ess_ok {
            problems.push("signing-certificate-v2 does not match the signer certificate".into());
        }
    }

    // 2. signature over the signed attributes
    let sig_ok = match (&parsed.signed_attrs_der, PublicKey::from_cert(&cert)) {
        (Some(tbs), Ok(pk)) => pk.verify(
            &si.signature_algorithm.oid,
            Some(&digest_oid),
            tbs,
            si.signature.as_bytes(),
        ),
        (None, _) => {
            problems.push("SignerInfo has no signed attributes".into());
            false
        }
        (_, Err(e)) => {
            problems.push(format!("signer public key: {e}"));
            false
        }
    };
    if !sig_ok {
        problems.push("CMS signature does not verify".into());
    }
    out.intact = digest_ok && ct_ok && ess_ok && sig_ok;
    out.cert = Some(cert);
    out
}

fn hash_parts<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
    let mut h = D::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().to_vec()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

fn hex_decode(h: &[u8]) -> Option<Vec<u8>> {
    let digits: Vec<u8> = h
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let val = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(digits.len() / 2 + 1);
    for pair in digits.chunks(2) {
        let hi = val(pair[0])?;
        let lo = if pair.len() == 2 { val(pair[1])? } else { 0 };
        out.push(hi << 4 | lo);
    }
    Some(out)
}

pub(crate) fn to_utc(t: std::time::SystemTime) -> DateTime<Utc> {
    t.into()
}

fn valid_at(c: &Certificate, at: DateTime<Utc>) -> bool {
    let v = &c.tbs_certificate.validity;
    let nb: DateTime<Utc> = v.not_before.to_system_time().into();
    let na: DateTime<Utc> = v.not_after.to_system_time().into();
    nb <= at && at <= na
}

pub(crate) fn issued_by(child: &Certificate, issuer: &Certificate) -> bool {
    if child.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return false;
    }
    let Ok(tbs) = child.tbs_certificate.to_der() else {
        return false;
    };
    let Some(sig) = child.signature.as_bytes() else {
        return false;
    };
    PublicKey::from_cert(issuer)
        .map(|pk| pk.verify(&child.signature_algorithm.oid, None, &tbs, sig))
        .unwrap_or(false)
}

fn is_ca(c: &Certificate) -> bool {
    let bc = c
        .tbs_certificate
        .get::<BasicConstraints>()
        .ok()
        .flatten()
        .map(|(_, b)| b.ca)
        .unwrap_or(false);
    let ku_ok = c
        .tbs_certificate
        .get::<KeyUsage>()
        .ok()
        .flatten()
        .map(|(_, k)| k.0.contains(KeyUsages::KeyCertSign))
        .unwrap_or(true);
    bc && ku_ok
}

/// Walk from `leaf` through `pool` to a certificate issued by (or equal to)
/// one of `roots`, checking signatures and validity at `at`.
pub(crate) fn chain_to_roots(
    leaf: &Certificate,
    pool: &[Certificate],
    roots: &[Certificate],
    at: DateTime<Utc>,
) -> Result<(), String> {
    if let Ok(Some((_, ku))) = leaf.tbs_certificate.get::<KeyUsage>() {
        if !(ku.0.contains(KeyUsages::DigitalSignature) || ku.0.contains(KeyUsages::NonRepudiation))
        {
            return Err(
                "signer certificate key usage allows neither digitalSignature nor nonRepudiation"
                    .into(),
            );
        }
    }
    let mut cur = leaf.clone();
    for _ in 0..10 {
        if !valid_at(&cur, at) {
            return Err(format!(
                "{} is not valid at {at}",
                cur.tbs_certificate.subject
            ));
        }
        if roots.contains(&cur) {
            return Ok(());
        }
        if let Some(root) = roots.iter().find(|r| issued_by(&cur, r)) {
            return if valid_at(root, at) {
                Ok(())
            } else {
                Err("trust root not valid at signing time".into())
            };
        }
        match pool
            .iter()
            .find(|c| *c != &cur && is_ca(c) && issued_by(&cur, c))
        {
            Some(next) => cur = next.clone(),
            None => {
                return Err(format!(
                    "no issuer found for {}",
                    cur.tbs_certificate.subject
                ))
            }
        }
    }
    Err("chain too long".into())
}

/// Parse `D:YYYYMMDDHHmmSS` with optional `Z`, `+HH'mm'` or `-HH'mm'`.
pub fn parse_pdf_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() < 4 {
        return None;
    }
    let mut full = digits.clone();
    let defaults = "0101000000"; // MMDDHHmmSS
    if full.len() < 14 {
        full.push_str(&defaults[full.len() - 4..]);
    }
    let naive = NaiveDateTime::parse_from_str(&full[..14], "%Y%m%d%H%M%S").ok()?;
    let rest = &s[digits.len()..];
    let offset_secs = match rest.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let nums: Vec<i64> = rest[1..]
                .split(|c: char| !c.is_ascii_digit())
                .filter(|p| !p.is_empty())
                .map(|p| p.parse().unwrap_or(i64::MAX))
                .collect();
            // The file says what it likes: only real offsets are believed.
            let (hours, minutes) = (
                nums.first().copied().unwrap_or(0),
                nums.get(1).copied().unwrap_or(0),
            );
            if !(0..=23).contains(&hours) || !(0..=59).contains(&minutes) {
                return None;
            }
            let secs = hours * 3600 + minutes * 60;
            if sign == '-' {
                -secs
            } else {
                secs
            }
        }
        _ => 0,
    };
    Utc.from_utc_datetime(&naive)
        .checked_sub_signed(chrono::Duration::seconds(offset_secs))
}

/// Whether a signed PDF can be relied on: it has signatures, every one is
/// intact, nothing but validation data and document time-stamps follows
/// the last (nothing else was added unsigned), and,
/// when trust roots were given, every signer chains to one of them. Later
/// signatures after an earlier one are expected (chair, then seal).
pub fn document_valid(reports: &[SignatureReport], require_trust: bool) -> bool {
    !reports.is_empty()
        && reports
            .iter()
            .all(|r| r.intact && (r.trusted || !require_trust))
        && reports.iter().any(|r| !r.modified_after)
}

#[cfg(test)]
mod tests {
    #[test]
    fn crafted_dates_do_not_panic() {
        assert_eq!(
            super::parse_pdf_date("D:20250101000000+2000000000000'"),
            None
        );
        assert_eq!(super::parse_pdf_date("D:20250101000000+24'00'"), None);
        assert!(super::parse_pdf_date("D:20250105083000+07'00'").is_some());
    }

    use super::*;
    #[test]
    fn dates() {
        let t = parse_pdf_date("D:20250102030405+07'00'").unwrap();
        assert_eq!(t.to_rfc3339(), "2025-01-01T20:04:05+00:00");
        assert!(parse_pdf_date("D:2025").is_some());
    }
}
