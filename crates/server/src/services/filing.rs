//! Filing a received PDF as a document version: read by the bounded PDF
//! reader (its text per page, for search), kept in the blob store, then
//! recorded. The same path for an upload over HTTP and for the demo's own
//! documents; a file that is not a readable PDF leaves nothing behind.

use std::future::Future;

use kyhop_docs::blobs::{BlobStore, Received};
use kyhop_docs::child::{Limits, PdfChildren};
use kyhop_docs::pdf::PdfError;
use kyhop_domain::{recognition_for, Document};
use kyhop_store::{NewVersion, StoreError};

/// Why a file was not filed.
#[derive(Debug, thiserror::Error)]
pub enum FilingError {
    /// Not a readable PDF (the reader's reason).
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// The blob store failed.
    #[error("blob store: {0}")]
    Io(#[from] std::io::Error),
    /// The store refused or failed the record.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reads `received`, keeps it, and records it with `record`; on any failure
/// the received file or a newly kept blob is removed again.
pub async fn store_version<F, Fut>(
    blobs: &BlobStore,
    children: &PdfChildren,
    received: Received,
    file_name: String,
    record: F,
) -> Result<Document, FilingError>
where
    F: FnOnce(NewVersion) -> Fut,
    Fut: Future<Output = kyhop_store::Result<Document>>,
{
    let info = match children.inspect(received.path(), Limits::default()).await {
        Ok(info) => info,
        Err(e) => {
            received.discard().await;
            return Err(e.into());
        }
    };
    let sha256 = received.sha256.clone();
    let size = received.size;
    let new_blob = blobs.keep(received).await?;
    // Scans are queued for reading; the recogniser says so if it cannot.
    let scans = info.pages.iter().filter(|p| p.scanned).count();
    let version = NewVersion {
        sha256: sha256.clone(),
        byte_size: size,
        file_name,
        recognition: recognition_for(u32::try_from(scans).unwrap_or(u32::MAX), None),
        pages: info.pages,
    };
    match record(version).await {
        Ok(document) => Ok(document),
        Err(e) => {
            if new_blob {
                let _ = blobs.forget(&sha256).await;
            }
            Err(e.into())
        }
    }
}
