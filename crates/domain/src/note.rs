//! Private notes and highlights, anchored by quoted text.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::text::{self, ValidationError};
use super::text_enum;
use crate::PageText;

text_enum! {
    NoteKind {
        Note => "note",
        Highlight => "highlight",
    }
}

/// Where a note points: the quoted passage, a little text before and after
/// it, and the page it was on when made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TextQuote {
    #[schema(max_length = 2000, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub exact: String,
    #[serde(default)]
    #[schema(max_length = 200, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub prefix: String,
    #[serde(default)]
    #[schema(max_length = 200, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub suffix: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    pub kind: NoteKind,
    /// The version and page the passage was selected on.
    pub version: u32,
    pub page: u32,
    pub quote: TextQuote,
    #[serde(default)]
    #[schema(
        max_length = 5000,
        pattern = r"^[^\u0000-\u0008\u000b-\u001f\u007f-\u009f]*$"
    )]
    pub body: String,
}

impl NewNote {
    pub fn validated(mut self) -> Result<Self, ValidationError> {
        self.quote.exact = text::line("quote.exact", &self.quote.exact, 2_000)?;
        if self.quote.exact.is_empty() {
            return Err(ValidationError::new(
                "quote.exact",
                "quote the passage the note is about",
            ));
        }
        self.quote.prefix = text::line("quote.prefix", &self.quote.prefix, 200)?;
        self.quote.suffix = text::line("quote.suffix", &self.quote.suffix, 200)?;
        self.body = text::multiline("body", &self.body, text::MAX_TEXT)?;
        Ok(self)
    }
}

/// Editing a note's text.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotePatch {
    #[schema(
        max_length = 5000,
        pattern = r"^[^\u0000-\u0008\u000b-\u001f\u007f-\u009f]*$"
    )]
    pub body: String,
}

/// A note as its author sees it, placed in the document's current version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Note {
    pub id: i64,
    pub document_id: i64,
    pub kind: NoteKind,
    pub quote: TextQuote,
    pub body: String,
    /// Where it was made.
    pub made_on_version: u32,
    pub made_on_page: u32,
    /// Where its passage is in the current version; none when the passage is
    /// gone (the note is kept, marked orphaned).
    #[schema(required = true)]
    pub page: Option<u32>,
    pub version: u32,
    pub orphaned: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Characters two strings share at their ends (`a`'s end with `b`'s end).
fn common_tail(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_head(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Finds the page of `pages` that holds the quoted passage, whitespace
/// folded (line breaks move between versions). Among several occurrences the
/// one whose surroundings best match the prefix and suffix wins; none found:
/// the passage is gone.
pub fn anchor(pages: &[PageText], quote: &TextQuote) -> Option<u32> {
    let exact = fold(&quote.exact);
    let (prefix, suffix) = (fold(&quote.prefix), fold(&quote.suffix));
    let mut best: Option<(usize, u32)> = None;
    for page in pages {
        let text = fold(&page.text);
        for (at, _) in text.match_indices(&exact) {
            let before = &text[..at];
            let after = &text[at + exact.len()..];
            let score =
                common_tail(before.trim_end(), &prefix) + common_head(after.trim_start(), &suffix);
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, page.page));
            }
        }
    }
    best.map(|(_, page)| page)
}

/// A delegate's notes on one document as Markdown, for export.
pub fn to_markdown(title: &str, notes: &[Note]) -> String {
    let mut out = format!("## {title}\n\n");
    for n in notes {
        let place = match n.page {
            Some(p) => format!("trang {p}"),
            None => "đoạn trích không còn trong phiên bản mới".into(),
        };
        out += &format!(
            "> {}\n\n*{} — {}*\n\n",
            n.quote.exact,
            if n.kind == NoteKind::Highlight {
                "Đánh dấu"
            } else {
                "Ghi chú"
            },
            place
        );
        if !n.body.is_empty() {
            out += &format!("{}\n\n", n.body);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(page: u32, text: &str) -> PageText {
        PageText {
            page,
            text: text.into(),
            scanned: false,
        }
    }

    fn quote(prefix: &str, exact: &str, suffix: &str) -> TextQuote {
        TextQuote {
            exact: exact.into(),
            prefix: prefix.into(),
            suffix: suffix.into(),
        }
    }

    #[test]
    fn follows_its_passage_to_another_page_and_across_line_breaks() {
        let v2 = [
            page(1, "Mở đầu.\nChi đầu tư phát triển ưu\ntiên giáo dục."),
            page(2, "Phần khác."),
        ];
        assert_eq!(
            anchor(&v2, &quote("", "phát triển ưu tiên giáo dục", "")),
            Some(1)
        );
        assert_eq!(anchor(&v2, &quote("", "Căn cứ Luật", "")), None);
    }

    #[test]
    fn context_picks_the_right_occurrence() {
        let pages = [
            page(1, "ngân sách thành phố"),
            page(2, "dự toán ngân sách xã"),
        ];
        assert_eq!(
            anchor(&pages, &quote("dự toán ", "ngân sách", " xã")),
            Some(2)
        );
        assert_eq!(
            anchor(&pages, &quote("", "ngân sách", " thành phố")),
            Some(1)
        );
    }
}
