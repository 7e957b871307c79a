//! Session documents (tờ trình, dự thảo nghị quyết, báo cáo, báo cáo thẩm tra).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::text::{self, ValidationError};
use super::text_enum;

text_enum! {
    DocumentKind {
        /// Tờ trình.
        Submission => "submission",
        /// Dự thảo nghị quyết.
        DraftResolution => "draft_resolution",
        /// Báo cáo.
        Report => "report",
        /// Báo cáo thẩm tra.
        ReviewReport => "review_report",
        Other => "other",
    }
}

text_enum! {
    /// Who may read a document once it is published.
    Confidentiality {
        /// Everyone, guests included.
        Public => "public",
        /// All delegates (and the secretariat and chair).
        Delegates => "delegates",
        /// Only the listed delegate groups, committees or people (tài liệu mật).
        Listed => "listed",
    }
}

text_enum! {
    AudienceKind {
        Group => "group",
        Committee => "committee",
        Person => "person",
    }
}

/// One entry of a listed document's audience.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
pub struct AudienceEntry {
    pub kind: AudienceKind,
    pub id: i64,
}

/// The description of a new document, sent with its first file.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDocument {
    pub title: String,
    pub kind: DocumentKind,
    pub agenda_item_id: Option<i64>,
    #[serde(default = "default_confidentiality")]
    pub confidentiality: Confidentiality,
    #[serde(default)]
    pub audience: Vec<AudienceEntry>,
}

fn default_confidentiality() -> Confidentiality {
    Confidentiality::Delegates
}

impl NewDocument {
    pub fn validated(mut self) -> Result<Self, ValidationError> {
        self.title = text::name("title", &self.title)?;
        self.audience.sort_unstable();
        self.audience.dedup();
        match (self.confidentiality, self.audience.is_empty()) {
            (Confidentiality::Listed, true) => Err(ValidationError::new(
                "audience",
                "a listed document names its readers",
            )),
            (Confidentiality::Public | Confidentiality::Delegates, false) => Err(
                ValidationError::new("audience", "only a listed document has an audience"),
            ),
            _ => Ok(self),
        }
    }
}

/// One uploaded file of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DocumentVersion {
    pub version: u32,
    pub sha256: String,
    pub byte_size: u64,
    pub page_count: u32,
    /// Pages without text (scans): not searchable.
    pub scanned_pages: Vec<u32>,
    pub file_name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Document {
    pub id: i64,
    pub session_id: i64,
    pub agenda_item_id: Option<i64>,
    pub title: String,
    pub kind: DocumentKind,
    pub confidentiality: Confidentiality,
    pub audience: Vec<AudienceEntry>,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    /// Every version, oldest first; the last is current.
    pub versions: Vec<DocumentVersion>,
}

/// A page that matches a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SearchHit {
    pub document_id: i64,
    pub title: String,
    pub version: u32,
    pub page: u32,
    /// The matching passage, matches between `<mark>` and `</mark>`.
    pub snippet: String,
}
