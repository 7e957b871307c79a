//! PDFs: what an untrusted one is and what text each page holds (read only
//! inside the bounded child, [`crate::child`]), and the layouts we draw.
//!
//! `pdf-extract` panics on malformed input by design: inside the child,
//! panics are caught and the lopdf extractor takes over from pdf-extract.

mod cid_widths;
pub mod compose;
pub mod fonts;
mod layout;
pub mod letterhead;
mod read;
pub mod resolution;
mod save;
mod to_unicode;
pub mod watermark;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use read::inspect_bytes;
pub(crate) use save::save;

pub use kyhop_domain::PageText;

/// What a PDF is, as far as the council needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PdfInfo {
    pub page_count: u32,
    pub pages: Vec<PageText>,
    /// Which extractor read the text: "pdf-extract", or "lopdf" after pdf-extract failed.
    pub extractor: String,
}

/// Why a file was not accepted, with a stable code for the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum PdfError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is not a PDF")]
    NotPdf,
    #[error("the PDF is cut off (incomplete upload or download)")]
    Truncated,
    #[error("the PDF is protected by a password; upload it without protection")]
    Encrypted,
    #[error("the PDF is damaged: {0}")]
    Damaged(String),
    #[error("reading the PDF took too long")]
    TimedOut,
    #[error("the PDF could not be read: {0}")]
    ReaderFailed(String),
}

impl PdfError {
    /// The stable code, e.g. `pdf_encrypted`.
    pub fn code(&self) -> &'static str {
        match self {
            PdfError::Empty => "pdf_empty",
            PdfError::NotPdf => "not_a_pdf",
            PdfError::Truncated => "pdf_truncated",
            PdfError::Encrypted => "pdf_encrypted",
            PdfError::Damaged(_) => "pdf_damaged",
            PdfError::TimedOut => "pdf_timed_out",
            PdfError::ReaderFailed(_) => "pdf_unreadable",
        }
    }
}
