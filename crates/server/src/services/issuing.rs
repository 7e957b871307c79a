//! Issuing a resolution: number it, render it, sign it, keep it.
//!
//! The order matters for the rule that a number is never reused: the keys
//! are opened first (a wrong password or PIN fails here, before anything is
//! numbered); with a time-stamping authority, it is asked for a token and
//! both signers' certificates are checked with their CA (an authority or
//! responder that is down or lies, or a revoked key, fails here too); then
//! the number is taken and committed, then the PDF is rendered and signed
//! — chair, then seal, each an incremental update — and, with an
//! authority, sealed for the long term (PAdES B-LTA), and stored. If
//! anything fails after the number was taken, the number is marked void
//! and stays used.

use std::sync::Arc;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use kyhop_docs::blobs::BlobStore;
use kyhop_docs::pdf::compose::Placement;
use kyhop_docs::pdf::resolution::{render, RenderedResolution, ResolutionSheet};
use kyhop_docs::sign::{
    add_document_timestamp_data, add_long_term_data, chain_from, check_trusted,
    seal_rect_over_signature, sign_pdf_timestamped, timestamp_document, validation_data_for,
    Appearance, BoxSigner, Certificate, KeySource, RevocationTransport, SignError, SignRequest,
    Signer, TimeStamper,
};
use kyhop_domain::vi::vietnam_date;
use kyhop_domain::{check_signer, date_line, issue_refusal, Resolution, SignatureImageKind};
use kyhop_store::{Store, StoreError};

/// The chair's signature image (blue) and the council's seal (red).
pub struct SignatureImages {
    pub signature_png: Vec<u8>,
    pub seal_png: Vec<u8>,
}

impl SignatureImages {
    /// The images shipped with the demo (assets/demo).
    pub fn demo() -> Self {
        Self {
            signature_png: include_bytes!("../../../../assets/demo/signature.png").to_vec(),
            seal_png: include_bytes!("../../../../assets/demo/seal.png").to_vec(),
        }
    }

    /// The council's own seal, and the signature of the person of the
    /// council the resolution names as its signer, where they were
    /// uploaded; the shipped samples where not.
    pub async fn of_council(
        store: &dyn Store,
        blobs: &BlobStore,
        council_id: i64,
        signer_name: &str,
    ) -> Result<Self, IssueError> {
        let mut images = Self::demo();
        let kept = store.signature_images(council_id).await?;
        let signer = kyhop_domain::search::query_terms(signer_name);
        let person = store
            .people(council_id, None)
            .await?
            .into_iter()
            .find(|p| kyhop_domain::search::query_terms(&p.full_name) == signer);
        for image in kept {
            let slot = match (image.kind, image.person_id) {
                (SignatureImageKind::Seal, _) => &mut images.seal_png,
                (SignatureImageKind::Signature, Some(id))
                    if person.as_ref().is_some_and(|p| p.id == id) =>
                {
                    &mut images.signature_png
                }
                _ => continue,
            };
            *slot = tokio::fs::read(blobs.path_of(&image.sha256)).await?;
        }
        Ok(images)
    }
}

/// The two keys of an issue: the chair's and the council seal's.
#[derive(Debug, Clone)]
pub struct IssueKeys {
    pub chair: KeySource,
    pub seal: KeySource,
}

/// How a resolution is signed: the two keys, the images shown, the
/// council's time-stamping authority when it has one (PAdES B-T), and
/// where revocation status is fetched for the validation data added after
/// the signatures (PAdES B-LT, with an authority).
pub struct IssueSigning {
    pub keys: IssueKeys,
    pub images: SignatureImages,
    pub timestamper: Option<TimeStamper>,
    pub revocation: Option<Arc<dyn RevocationTransport>>,
    /// The roots the signers' certificates must chain to before their CA
    /// is asked anything (the server's trusted roots).
    pub trust: Vec<Certificate>,
}

/// Who signs a rendered resolution: the chair, then the council's seal,
/// each signature time-stamped when there is an authority.
pub struct ResolutionSigners<'a> {
    pub chair: &'a dyn Signer,
    pub seal: &'a dyn Signer,
    pub timestamper: Option<&'a TimeStamper>,
}

/// Why issuing failed: the store refused (wrong state, poll not passed…),
/// a key or signature failed, or the signed file could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Sign(#[from] SignError),
    #[error("keeping the signed PDF failed: {0}")]
    Blob(#[from] std::io::Error),
}

impl IssueError {
    fn code(&self) -> &'static str {
        match self {
            Self::Store(_) => "store_failed",
            Self::Sign(e) => e.code(),
            Self::Blob(_) => "blob_failed",
        }
    }
}

/// The field of an issued resolution's first document time-stamp.
pub const DOCUMENT_TIMESTAMP_FIELD: &str = "DauThoiGian";

/// The seal's diameter on the page: 36 mm, the size of a council's seal.
const SEAL_DIAMETER: f32 = 36.0 * 72.0 / 25.4;

/// Signs a rendered resolution twice, each an incremental update: the
/// chair in the space between title and name, then the council's seal
/// over the left third of the chair's signature image.
pub fn sign_resolution(
    pdf: &[u8],
    at: &Placement,
    signers: &ResolutionSigners<'_>,
    images: &SignatureImages,
    signer_name: &str,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, SignError> {
    let [x0, y0, x1, y1] = at.rect;
    let page = u32::try_from(at.page).map_err(|_| SignError::InvalidPage(u32::MAX))?;
    let signature = Appearance::centered(images.signature_png.clone(), x1 - x0, y1 - y0)?;
    let image = signature.images[0].rect;
    let image_on_page = [x0 + image[0], y0 + image[1], x0 + image[2], y0 + image[3]];
    let signed = sign_pdf_timestamped(
        pdf,
        signers.chair,
        &SignRequest {
            field_name: "ChuKyChuToa".into(),
            page,
            rect: at.rect,
            appearance: Some(signature),
            signer_name: signer_name.into(),
            reason: Some("Ký ban hành nghị quyết".into()),
            location: None,
            signing_time: now,
        },
        signers.timestamper,
    )?;
    let seal_rect = seal_rect_over_signature(image_on_page, SEAL_DIAMETER);
    sign_pdf_timestamped(
        &signed,
        signers.seal,
        &SignRequest {
            field_name: "DauHoiDong".into(),
            page,
            rect: seal_rect,
            appearance: Some(Appearance::centered(
                images.seal_png.clone(),
                SEAL_DIAMETER,
                SEAL_DIAMETER,
            )?),
            signer_name: String::new(),
            reason: Some("Đóng dấu".into()),
            location: None,
            signing_time: now,
        },
        signers.timestamper,
    )
}

/// Issues a resolution: keys and the CA's services first, then the number
/// (committed), then the rendered and signed PDF, kept in the blob store. A failure after the number was taken voids that number; it is
/// never handed out again.
pub async fn issue(
    store: &dyn Store,
    blobs: &BlobStore,
    actor: i64,
    id: i64,
    signing: IssueSigning,
    now: DateTime<Utc>,
) -> Result<Resolution, IssueError> {
    let IssueSigning {
        keys,
        images,
        timestamper,
        revocation,
        trust,
    } = signing;
    // Validation data needs a time-stamp to be anchored to (B-LT is B-T
    // and more).
    let revocation = revocation.filter(|_| timestamper.is_some());
    let resolution = store.resolution(id).await?;
    if let Some((code, message)) = issue_refusal(&resolution) {
        return Err(StoreError::Refused {
            code,
            message: message.into(),
        }
        .into());
    }
    // A wrong password or PIN, an expired certificate or a key that is not
    // the certificate's stops here, before anything is numbered.
    let (chair, seal) = open_keys(keys, now).await?;
    // The chair's signature and the council's seal are two identities.
    if chair.certificate() == seal.certificate() {
        return Err(StoreError::Refused {
            code: "same_key_for_chair_and_seal",
            message: "the chair's key and the council seal's key must be different".into(),
        }
        .into());
    }
    // The name printed under the resolution is the certificate holder's.
    let holder = kyhop_docs::sign::holder_name(chair.certificate());
    check_signer(&resolution.content.signer_name, holder.as_deref()).map_err(StoreError::from)?;
    // The authority down or lying, a revoked key, a responder that is down:
    // the issue fails here, before a number is taken.
    let (chair, seal) = {
        let (stamper, transport) = (timestamper.clone(), revocation.clone());
        tokio::task::spawn_blocking(move || {
            let signers: [&dyn Signer; 2] = [chair.as_ref(), seal.as_ref()];
            let services = Services {
                timestamper: stamper.as_ref(),
                revocation: transport.as_deref(),
                trust: &trust,
            };
            check_services(&services, signers, now)?;
            Ok::<_, SignError>((chair, seal))
        })
        .await
        .map_err(|e| SignError::Internal(e.to_string()))??
    };
    let date = vietnam_date(now);
    let number = store.take_resolution_number(actor, id, date.year()).await?;
    let outcome = async {
        // Edits are refused from the moment the number is taken: render the
        // resolution as it stands now, which is what gets issued.
        let resolution = store.resolution(id).await?;
        let rendered = render_resolution(store, &resolution, &number.text, date).await?;
        let signer_name = resolution.content.signer_name.clone();
        let pdf = tokio::task::spawn_blocking(move || {
            let signers = ResolutionSigners {
                chair: chair.as_ref(),
                seal: seal.as_ref(),
                timestamper: timestamper.as_ref(),
            };
            let signed = sign_resolution(
                &rendered.pdf,
                &rendered.signature,
                &signers,
                &images,
                &signer_name,
                now,
            )?;
            match (&revocation, &timestamper) {
                (Some(transport), Some(stamper)) => {
                    seal_for_the_long_term(&signed, stamper, transport.as_ref(), now)
                }
                _ => Ok(signed),
            }
        })
        .await
        .map_err(|e| SignError::Internal(e.to_string()))??;
        // A key that does not make the signature its certificate promises
        // (a token may not tell) must not produce an issued resolution.
        let reports = kyhop_docs::sign::verify_pdf(&pdf, &[])?;
        if reports.len() != 2 || !reports.iter().all(|r| r.intact) {
            return Err(SignError::KeyCertificateMismatch.into());
        }
        let (sha256, _, new) = blobs.put(&pdf).await?;
        match store
            .complete_issue(actor, id, &number, date, &sha256)
            .await
        {
            Ok(issued) => Ok(issued),
            Err(e) => {
                // Not issued: the signed file must not stay behind.
                if new {
                    if let Err(forget) = blobs.forget(&sha256).await {
                        tracing::warn!(error = %forget, "could not remove an unissued PDF");
                    }
                }
                Err(IssueError::from(e))
            }
        }
    }
    .await;
    if let Err(e) = &outcome {
        if let Err(void_failed) = store
            .void_resolution_number(actor, id, &number, e.code())
            .await
        {
            tracing::error!(number = %number.text, error = %void_failed, "could not mark a number void");
        }
    }
    outcome
}

async fn open_keys(
    keys: IssueKeys,
    now: DateTime<Utc>,
) -> Result<(BoxSigner, BoxSigner), SignError> {
    tokio::task::spawn_blocking(move || Ok((keys.chair.open(now)?, keys.seal.open(now)?)))
        .await
        .map_err(|e| SignError::Internal(e.to_string()))?
}

/// The council's CA services an issue uses, and the roots its signers
/// must chain to before the CA is asked about them.
pub struct Services<'a> {
    pub timestamper: Option<&'a TimeStamper>,
    pub revocation: Option<&'a dyn RevocationTransport>,
    pub trust: &'a [Certificate],
}

/// What an issue asks the council's CA before a number is taken: a token
/// from the time-stamping authority over a fresh random value, checked
/// (one that is down, refuses, or answers with another request's token or
/// another document's fails here), and each signer's chain's revocation
/// status (a revoked key, or a responder that is down or not to be
/// believed, fails here). The responders asked are the ones the signers'
/// certificates name, so a certificate must first chain to a trusted root:
/// a key brought with the request cannot make the server call an address
/// of its choosing (`signer_untrusted`). Either can still fail between
/// this and the signatures; then the number is voided like any other
/// failure.
pub fn check_services(
    services: &Services<'_>,
    signers: [&dyn Signer; 2],
    now: DateTime<Utc>,
) -> Result<(), SignError> {
    if let Some(timestamper) = services.timestamper {
        let mut probe = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut probe);
        timestamper.stamp(&probe, now)?;
    }
    if let Some(transport) = services.revocation {
        for signer in signers {
            check_trusted(signer.certificate(), signer.chain(), services.trust, now)?;
            let chain = chain_from(signer.certificate(), signer.chain());
            validation_data_for(&chain, transport, now)?;
        }
    }
    Ok(())
}

/// PAdES B-LTA for a signed (and time-stamped) resolution: the validation
/// data of its signatures and their time-stamps, then a document
/// time-stamp over everything, then that time-stamp's own status, fetched
/// after it was made so that a verifier finds it fresh.
pub fn seal_for_the_long_term(
    signed: &[u8],
    stamper: &TimeStamper,
    transport: &dyn RevocationTransport,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, SignError> {
    let long_term = add_long_term_data(signed, stamper.trust(), transport, now)?;
    let sealed = timestamp_document(&long_term, stamper, DOCUMENT_TIMESTAMP_FIELD)?;
    add_document_timestamp_data(&sealed, stamper.trust(), transport, Utc::now())
}

/// "KHÓA XVI, KỲ HỌP THỨ 23" when the term is named "Khóa …", else "KỲ HỌP THỨ 23".
fn session_line(term_name: &str, session_number: u32) -> String {
    if term_name.to_lowercase().starts_with("khóa") {
        format!("{term_name}, Kỳ họp thứ {session_number}")
    } else {
        format!("Kỳ họp thứ {session_number}")
    }
}

/// Today in Vietnam.
pub fn vietnam_today() -> NaiveDate {
    vietnam_date(Utc::now())
}

/// The resolution as a PDF with `number` and `date` printed on it (an
/// unsigned preview when the number is a blank).
pub async fn render_resolution(
    store: &dyn Store,
    resolution: &Resolution,
    number: &str,
    date: NaiveDate,
) -> Result<RenderedResolution, StoreError> {
    let council = store.council(resolution.council_id).await?;
    let session = store.session(resolution.session_id).await?;
    let term = store.term(session.term_id).await?;
    let line = session_line(&term.name, session.number);
    let dated = date_line(&council.settings.place_name, date);
    let content = resolution.content.clone();
    let council_name = council.name.clone();
    let number = number.to_owned();
    // Typesetting is CPU work: off the async workers.
    tokio::task::spawn_blocking(move || {
        render(&ResolutionSheet {
            council_name: &council_name,
            session_line: &line,
            number: &number,
            date_line: &dated,
            content: &content,
        })
    })
    .await
    .map_err(|e| StoreError::Corrupt(format!("rendering failed: {e}")))
}

/// The number line of a draft preview: the number is given only at issue.
pub fn draft_number(resolution: &Resolution) -> String {
    let year = vietnam_today().year();
    if resolution.content.normative {
        format!("      /{year}/NQ-HĐND")
    } else {
        "      /NQ-HĐND".into()
    }
}

#[cfg(test)]
mod tests {
    use super::session_line;

    #[test]
    fn names_the_term_when_it_is_a_khoa() {
        assert_eq!(session_line("Khóa XVI", 23), "Khóa XVI, Kỳ họp thứ 23");
        assert_eq!(session_line("Nhiệm kỳ 2026-2031", 2), "Kỳ họp thứ 2");
    }
}
