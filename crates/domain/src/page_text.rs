//! The text of a document's pages, as the PDF reader found it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The text of one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PageText {
    /// From 1.
    pub page: u32,
    /// NFC text, whitespace as the extractor gave it.
    pub text: String,
    /// No text on the page: a scan or a drawing, not searchable.
    pub scanned: bool,
}
