//! PAdES B-LT for a signed PDF: the validation data of every signature in
//! it and of every time-stamp on them — each signer's and each
//! authority's certificate chain and, for each certificate that names a
//! responder or a CRL, its revocation status — fetched now and added to
//! the file's DSS.

use chrono::{DateTime, Utc};
use cms::cert::CertificateChoices;
use der::Encode;
use x509_cert::Certificate;

use crate::sign::cms::{find_signer_cert, parse_cms};
use crate::sign::dss::{add_validation_data, ValidationData};
use crate::sign::error::SignError;
use crate::sign::pdf_sign::{fields, load, timestamp_document};
use crate::sign::revocation::{chain_from, validation_data_for, RevocationTransport};
use crate::sign::timestamp::TimeStamper;
use crate::sign::timestamp::OID_SIGNATURE_TIME_STAMP;
use crate::sign::verify::is_document_timestamp;

/// Who signed `blob` (a CMS signature, or a time-stamp token) and the
/// certificates it carries; then the same for the time-stamp token on its
/// signature, if there is one.
pub(crate) fn signers_in(blob: &[u8]) -> Vec<(Certificate, Vec<Certificate>)> {
    let Ok(parsed) = parse_cms(blob) else {
        return Vec::new();
    };
    let sd = &parsed.signed_data;
    let certs: Vec<Certificate> = sd
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    let mut found = Vec::new();
    for si in sd.signer_infos.0.iter() {
        if let Some(cert) = find_signer_cert(si, &certs) {
            found.push((cert.clone(), certs.clone()));
        }
        let tokens = si
            .unsigned_attrs
            .iter()
            .flat_map(|attrs| attrs.iter())
            .filter(|a| a.oid == OID_SIGNATURE_TIME_STAMP)
            .flat_map(|a| a.values.iter());
        for token in tokens {
            if let Ok(der) = token.to_der() {
                found.extend(signers_in(&der));
            }
        }
    }
    found
}

/// The validation data of every signature of `pdf` and every time-stamp
/// on them, fetched and checked at `now`; chains are completed from the
/// certificates each carries and from `extra` (the roots of the
/// time-stamping authority, say). A revoked certificate, or one whose
/// status cannot be had or relied on, fails with its code.
pub fn validation_data_of(
    pdf: &[u8],
    extra: &[Certificate],
    transport: &dyn RevocationTransport,
    now: DateTime<Utc>,
) -> Result<ValidationData, SignError> {
    collect(pdf, Of::Signatures, extra, transport, now)
}

/// Whose validation data is collected.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Of {
    /// The signatures and the time-stamps on them (at issue).
    Signatures,
    /// The document time-stamps (at each archive refresh: what the
    /// signatures needed is in the DSS already, sealed by the first).
    DocumentTimeStamps,
}

fn collect(
    pdf: &[u8],
    of: Of,
    extra: &[Certificate],
    transport: &dyn RevocationTransport,
    now: DateTime<Utc>,
) -> Result<ValidationData, SignError> {
    let doc = load(pdf)?;
    let mut data = ValidationData::default();
    // One authority time-stamps many signatures: its status is asked once.
    let mut asked = Vec::new();
    for field in fields(&doc).1 {
        let stamp = is_document_timestamp(&field);
        if stamp != (of == Of::DocumentTimeStamps) {
            continue;
        }
        let Ok(blob) = field.sig.get(b"Contents").and_then(|c| c.as_str()) else {
            continue;
        };
        for (cert, mut pool) in signers_in(blob) {
            if asked.contains(&cert) {
                continue;
            }
            asked.push(cert.clone());
            pool.extend_from_slice(extra);
            let chain = chain_from(&cert, &pool);
            data.merge(validation_data_for(&chain, transport, now)?);
        }
    }
    Ok(data)
}

/// `pdf` with the validation data of its document time-stamps — their
/// authorities' chains and status, fetched after the time-stamps were made
/// so that a verifier finds them fresh — added to its DSS. The last step
/// of B-LTA, at issue and at each archive refresh.
pub fn add_document_timestamp_data(
    pdf: &[u8],
    extra: &[Certificate],
    transport: &dyn RevocationTransport,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, SignError> {
    let data = collect(pdf, Of::DocumentTimeStamps, extra, transport, now)?;
    add_validation_data(pdf, &data)
}

/// `pdf` at PAdES B-LT: its signatures' and time-stamps' validation data
/// (see [`validation_data_of`]) added to its DSS as an incremental update.
pub fn add_long_term_data(
    pdf: &[u8],
    extra: &[Certificate],
    transport: &dyn RevocationTransport,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, SignError> {
    let data = validation_data_of(pdf, extra, transport, now)?;
    add_validation_data(pdf, &data)
}

/// How many document time-stamps `pdf` has.
pub fn document_timestamp_count(pdf: &[u8]) -> Result<usize, SignError> {
    Ok(fields(&load(pdf)?)
        .1
        .iter()
        .filter(|f| is_document_timestamp(f))
        .count())
}

/// Renews a long-term PDF's archive time-stamp (PAdES B-LTA, EN 319 142-1
/// 5.5): the validation data of its document time-stamps so far — their
/// authorities' chains and revocation status now, while they can still be
/// had — added to its DSS, then a new document time-stamp over all of it
/// in field `field_name`, then that one's validation data. Done before the
/// last time-stamp's authority certificate expires, it keeps the file
/// verifiable for another term.
pub fn refresh_archive_timestamp(
    pdf: &[u8],
    timestamper: &TimeStamper,
    transport: &dyn RevocationTransport,
    field_name: &str,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, SignError> {
    let extra = timestamper.trust();
    let with_data = add_document_timestamp_data(pdf, extra, transport, now)?;
    let stamped = timestamp_document(&with_data, timestamper, field_name)?;
    add_document_timestamp_data(&stamped, extra, transport, now)
}
