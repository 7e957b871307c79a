//! Session documents (tờ trình, dự thảo nghị quyết, báo cáo, báo cáo thẩm tra).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::text::{self, ValidationError};
use super::text_enum;
use super::Refusal;

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

/// The description of a document: sent with its first file, and again,
/// whole, to change it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDocument {
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub title: String,
    /// Number and symbol (số, ký hiệu), e.g. "15/TTr-UBND"; may be empty.
    #[serde(default)]
    #[schema(max_length = 100)]
    pub number: String,
    pub kind: DocumentKind,
    pub agenda_item_id: Option<i64>,
    #[serde(default = "default_confidentiality")]
    pub confidentiality: Confidentiality,
    #[serde(default)]
    pub audience: Vec<AudienceEntry>,
}

pub(crate) fn default_confidentiality() -> Confidentiality {
    Confidentiality::Delegates
}

impl NewDocument {
    pub fn validated(mut self) -> Result<Self, ValidationError> {
        self.title = text::name("title", &self.title)?;
        self.number = text::line("number", &self.number, 100)?;
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

/// Why a published document is withdrawn (shown to its readers).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Withdrawal {
    #[schema(min_length = 1, max_length = 300)]
    pub reason: String,
}

impl Withdrawal {
    pub fn validated(self) -> Result<Self, ValidationError> {
        Ok(Self {
            reason: text::name("reason", &self.reason)?,
        })
    }
}

/// One uploaded file of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DocumentVersion {
    pub version: u32,
    pub sha256: String,
    pub byte_size: u64,
    pub page_count: u32,
    /// Pages without text (scans) and not (yet) read: not searchable.
    pub scanned_pages: Vec<u32>,
    /// The reading of its scanned pages; none when every page had text.
    #[schema(required = true)]
    pub recognition: Option<super::Recognition>,
    pub file_name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Document {
    pub id: i64,
    pub session_id: i64,
    #[schema(required = true)]
    pub agenda_item_id: Option<i64>,
    pub title: String,
    /// Number and symbol (số, ký hiệu); empty when it has none.
    pub number: String,
    pub kind: DocumentKind,
    pub confidentiality: Confidentiality,
    pub audience: Vec<AudienceEntry>,
    pub created_at: DateTime<Utc>,
    /// Withdrawn after publishing: still listed, marked, with the reason;
    /// its file is no longer served.
    #[schema(required = true)]
    pub withdrawn_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub withdrawal_reason: Option<String>,
    #[schema(required = true)]
    pub published_at: Option<DateTime<Utc>>,
    /// Whole days between publishing (Vietnam time) and the session's
    /// planned start; negative when published after it began.
    #[schema(required = true)]
    pub days_before_session: Option<i64>,
    /// Published later than the council's lead time (or not yet published
    /// with less than the lead time left).
    pub late: bool,
    /// Every version, oldest first; the last is current.
    pub versions: Vec<DocumentVersion>,
}

impl Document {
    pub fn current(&self) -> Option<&DocumentVersion> {
        self.versions.last()
    }

    /// A withdrawn document is kept as it was: not edited, not withdrawn twice.
    pub fn require_not_withdrawn(&self) -> Result<(), Refusal> {
        match &self.withdrawal_reason {
            Some(reason) => Err(Refusal::refused(
                "document_withdrawn",
                format!("the document was withdrawn: {reason}"),
            )),
            None => Ok(()),
        }
    }

    /// Only a published document is withdrawn (an unpublished one is
    /// deleted: no delegate has seen it).
    pub fn require_withdrawable(&self) -> Result<(), Refusal> {
        self.require_not_withdrawn()?;
        if self.published_at.is_none() {
            return Err(Refusal::refused(
                "document_not_published",
                "the document is not published; delete it instead",
            ));
        }
        Ok(())
    }

    /// Only an unpublished document is deleted: a published one has been
    /// read, and is withdrawn with a reason instead.
    pub fn require_deletable(&self) -> Result<(), Refusal> {
        if self.published_at.is_some() {
            return Err(Refusal::refused(
                "document_published",
                "the document is published; withdraw it with a reason instead",
            ));
        }
        Ok(())
    }
}

/// Who is asking to read: their role, and the delegate they are (with the
/// groups and committees that listed documents may name).
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    pub role: super::Role,
    pub person: Option<&'a super::Person>,
}

impl Reader<'_> {
    /// Whether this reader may see the document. The secretariat and the
    /// chair see everything of their council, published or not; everyone
    /// else sees published documents meant for them.
    pub fn may_read(&self, doc: &Document) -> bool {
        use super::Role::*;
        if matches!(self.role, Admin | Secretary | Chair) {
            return true;
        }
        if doc.published_at.is_none() {
            return false;
        }
        match doc.confidentiality {
            Confidentiality::Public => true,
            Confidentiality::Delegates => {
                self.role == Delegate
                    && self
                        .person
                        .is_some_and(|p| p.kind == super::PersonKind::Delegate)
            }
            Confidentiality::Listed => self.person.is_some_and(|p| {
                doc.audience.iter().any(|entry| match entry.kind {
                    AudienceKind::Person => entry.id == p.id,
                    AudienceKind::Group => p.delegate_group_id == Some(entry.id),
                    AudienceKind::Committee => p.committee_ids.contains(&entry.id),
                })
            }),
        }
    }
}

/// Publishing documents (one or a batch).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    pub document_ids: Vec<i64>,
}

/// A file a client should hold for the session (the session packet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PacketEntry {
    pub document_id: i64,
    pub title: String,
    pub version: u32,
    pub sha256: String,
    pub byte_size: u64,
    /// Where to fetch it (supports Range and ETag).
    pub url: String,
}

/// The watermarked copy of a confidential document made for one reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReaderCopy {
    pub document_id: i64,
    pub version: u32,
    pub account_id: i64,
    pub sha256: String,
    pub byte_size: u64,
    pub issued_at: DateTime<Utc>,
}

/// The published documents a delegate may read and has not opened yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UnreadLine {
    pub person_id: i64,
    pub full_name: String,
    pub unread: Vec<UnreadDocument>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UnreadDocument {
    pub document_id: i64,
    pub title: String,
}

/// Who has opened a document and who has not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReadReceipts {
    pub document_id: i64,
    pub opened: Vec<ReceiptLine>,
    pub not_opened: Vec<ReceiptLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReceiptLine {
    pub person_id: i64,
    pub full_name: String,
    /// First time they opened it.
    #[schema(required = true)]
    pub first_opened_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Person, PersonKind, Role};

    fn doc(
        confidentiality: Confidentiality,
        audience: Vec<AudienceEntry>,
        published: bool,
    ) -> Document {
        Document {
            id: 1,
            session_id: 1,
            agenda_item_id: None,
            title: "T".into(),
            number: String::new(),
            kind: DocumentKind::Report,
            confidentiality,
            audience,
            created_at: Utc::now(),
            withdrawn_at: None,
            withdrawal_reason: None,
            published_at: published.then(Utc::now),
            days_before_session: None,
            late: false,
            versions: Vec::new(),
        }
    }

    #[test]
    fn published_documents_are_withdrawn_unpublished_ones_deleted() {
        let code = |r: Result<(), Refusal>| match r {
            Ok(()) => "ok",
            Err(Refusal::Refused { code, .. }) => code,
            Err(other) => panic!("{other:?}"),
        };
        let draft = doc(Confidentiality::Delegates, Vec::new(), false);
        let published = doc(Confidentiality::Delegates, Vec::new(), true);
        let withdrawn = Document {
            withdrawn_at: Some(Utc::now()),
            withdrawal_reason: Some("Thay bằng bản sửa đổi".into()),
            ..published.clone()
        };
        assert_eq!(code(draft.require_deletable()), "ok");
        assert_eq!(code(draft.require_withdrawable()), "document_not_published");
        assert_eq!(code(published.require_deletable()), "document_published");
        assert_eq!(code(published.require_withdrawable()), "ok");
        assert_eq!(code(withdrawn.require_withdrawable()), "document_withdrawn");
        assert_eq!(
            code(withdrawn.require_not_withdrawn()),
            "document_withdrawn"
        );
        assert_eq!(code(withdrawn.require_deletable()), "document_published");
    }

    fn delegate(id: i64, group: Option<i64>, committees: Vec<i64>) -> Person {
        Person {
            id,
            council_id: 1,
            kind: PersonKind::Delegate,
            full_name: "A".into(),
            position_title: String::new(),
            organization: String::new(),
            delegate_group_id: group,
            committee_ids: committees,
        }
    }

    #[test]
    fn who_reads_what() {
        let d = delegate(5, Some(2), vec![7]);
        let as_delegate = Reader {
            role: Role::Delegate,
            person: Some(&d),
        };
        let guest = Reader {
            role: Role::Guest,
            person: None,
        };
        let display = Reader {
            role: Role::Display,
            person: None,
        };
        let secretary = Reader {
            role: Role::Secretary,
            person: None,
        };
        assert!(
            secretary.may_read(&doc(Confidentiality::Delegates, vec![], false)),
            "staff see drafts"
        );
        assert!(
            !as_delegate.may_read(&doc(Confidentiality::Public, vec![], false)),
            "not before publishing"
        );
        assert!(guest.may_read(&doc(Confidentiality::Public, vec![], true)));
        assert!(!guest.may_read(&doc(Confidentiality::Delegates, vec![], true)));
        assert!(!display.may_read(&doc(Confidentiality::Delegates, vec![], true)));
        assert!(as_delegate.may_read(&doc(Confidentiality::Delegates, vec![], true)));
        let listed = |kind, id| {
            doc(
                Confidentiality::Listed,
                vec![AudienceEntry { kind, id }],
                true,
            )
        };
        assert!(as_delegate.may_read(&listed(AudienceKind::Group, 2)));
        assert!(as_delegate.may_read(&listed(AudienceKind::Committee, 7)));
        assert!(as_delegate.may_read(&listed(AudienceKind::Person, 5)));
        assert!(!as_delegate.may_read(&listed(AudienceKind::Group, 3)));
        assert!(!as_delegate.may_read(&listed(AudienceKind::Person, 6)));
    }
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

text_enum! {
    /// What happened to a run of paragraphs between two versions.
    DiffOp {
        Equal => "equal",
        Delete => "delete",
        Insert => "insert",
    }
}

/// A run of paragraphs that is the same, gone, or new between two versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DiffChunk {
    pub op: DiffOp,
    pub paragraphs: Vec<String>,
}

/// The paragraphs of a version's text: its non-empty lines, whitespace
/// folded, across page breaks (a paragraph that moved to another page is
/// still the same paragraph).
pub fn paragraphs(pages: &[crate::PageText]) -> Vec<String> {
    pages
        .iter()
        .flat_map(|p| p.text.lines())
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect()
}

/// Paragraph-by-paragraph difference between two versions. Past
/// `deadline` the search for the smallest difference stops and the rest is
/// shown as removed and added: still a true difference, only coarser (two
/// long versions that share little could otherwise take quadratic time).
pub fn paragraph_diff(
    old: &[crate::PageText],
    new: &[crate::PageText],
    deadline: Option<std::time::Instant>,
) -> Vec<DiffChunk> {
    let (old, new) = (paragraphs(old), paragraphs(new));
    similar::capture_diff_slices_deadline(similar::Algorithm::Myers, &old, &new, deadline)
        .iter()
        .flat_map(|op| {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            let chunk = |op, text: &[String]| DiffChunk {
                op,
                paragraphs: text.to_vec(),
            };
            match tag {
                similar::DiffTag::Equal => vec![chunk(DiffOp::Equal, &old[old_range])],
                similar::DiffTag::Delete => vec![chunk(DiffOp::Delete, &old[old_range])],
                similar::DiffTag::Insert => vec![chunk(DiffOp::Insert, &new[new_range])],
                similar::DiffTag::Replace => {
                    vec![
                        chunk(DiffOp::Delete, &old[old_range]),
                        chunk(DiffOp::Insert, &new[new_range]),
                    ]
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod diff_tests {
    use super::*;
    use crate::PageText;

    fn page(page: u32, text: &str) -> PageText {
        PageText {
            page,
            text: text.into(),
            scanned: false,
        }
    }

    /// Applying the chunks to the old paragraphs must give the new ones.
    fn replay(diff: &[DiffChunk]) -> (Vec<String>, Vec<String>) {
        let (mut old, mut new) = (Vec::new(), Vec::new());
        for chunk in diff {
            match chunk.op {
                DiffOp::Equal => {
                    old.extend(chunk.paragraphs.clone());
                    new.extend(chunk.paragraphs.clone());
                }
                DiffOp::Delete => old.extend(chunk.paragraphs.clone()),
                DiffOp::Insert => new.extend(chunk.paragraphs.clone()),
            }
        }
        (old, new)
    }

    #[test]
    fn past_its_deadline_a_diff_is_coarser_but_still_true() {
        let text = |seed: u32| -> String {
            (0..3000)
                .map(|i| format!("Điều {} khoản {}\n", i, (i * seed) % 7))
                .collect()
        };
        let (old, new) = ([page(1, &text(3))], [page(1, &text(5))]);
        let passed = std::time::Instant::now();
        let coarse = paragraph_diff(&old, &new, Some(passed));
        let fine = paragraph_diff(&old, &new, None);
        assert_eq!(replay(&coarse), (paragraphs(&old), paragraphs(&new)));
        assert_eq!(replay(&fine), (paragraphs(&old), paragraphs(&new)));
        let changed = |d: &[DiffChunk]| {
            d.iter()
                .filter(|c| c.op != DiffOp::Equal)
                .map(|c| c.paragraphs.len())
                .sum::<usize>()
        };
        assert!(
            changed(&coarse) > changed(&fine),
            "the deadline cut the search short"
        );
    }

    #[test]
    fn a_changed_paragraph_shows_as_removed_and_added_across_pages() {
        let old = [page(1, "A\nB  b\n"), page(2, "C\nD\n")];
        let new = [page(1, "A\nB b\nC\nD mới\n")];
        let diff = paragraph_diff(&old, &new, None);
        assert_eq!(
            diff,
            vec![
                DiffChunk {
                    op: DiffOp::Equal,
                    paragraphs: vec!["A".into(), "B b".into(), "C".into()]
                },
                DiffChunk {
                    op: DiffOp::Delete,
                    paragraphs: vec!["D".into()]
                },
                DiffChunk {
                    op: DiffOp::Insert,
                    paragraphs: vec!["D mới".into()]
                },
            ]
        );
    }
}
