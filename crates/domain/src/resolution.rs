//! Resolutions (nghị quyết): their content, their number, and the rules for
//! issuing them (Nghị định 30/2020/NĐ-CP).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::poll::PollResult;
use super::text::{self, ValidationError};
use super::text_enum;
use super::Refusal;

text_enum! {
    ResolutionState {
        /// Being written; can still change.
        Draft => "draft",
        /// Numbered, rendered and signed; never changes again.
        Issued => "issued",
    }
}

/// One article: "Điều 1. <heading>" then its paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// E.g. "Phê chuẩn dự toán ngân sách địa phương năm 2027"; may be empty.
    #[serde(default)]
    pub heading: String,
    pub paragraphs: Vec<String>,
}

/// What the secretariat writes; the system adds the number and the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolutionContent {
    /// Trích yếu, e.g. "Về dự toán ngân sách địa phương năm 2027".
    pub subject: String,
    /// A normative resolution (văn bản quy phạm pháp luật): its number carries the year.
    #[serde(default)]
    pub normative: bool,
    /// "Căn cứ …" and "Xét …" lines, without their final punctuation.
    pub legal_bases: Vec<String>,
    pub articles: Vec<Article>,
    /// Nơi nhận, e.g. "Thường trực Thành ủy", "Lưu: VT".
    pub recipients: Vec<String>,
    /// "TM. HỘI ĐỒNG NHÂN DÂN".
    pub authority: String,
    /// "CHỦ TỊCH".
    pub signer_title: String,
    pub signer_name: String,
}

/// A new resolution on an agenda item, adopted (later) by a poll.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewResolution {
    pub agenda_item_id: i64,
    pub poll_id: Option<i64>,
    #[serde(flatten)]
    pub content: ResolutionContent,
}

/// Changes to a draft.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolutionPatch {
    pub poll_id: Option<i64>,
    #[serde(flatten)]
    pub content: ResolutionContent,
}

/// "05/NQ-HĐND", or "05/2025/NQ-HĐND" for a normative resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ResolutionNumber {
    pub year: i32,
    /// From 1 each calendar year, per council.
    pub seq: u32,
    pub text: String,
}

impl ResolutionNumber {
    pub fn new(year: i32, seq: u32, normative: bool) -> Self {
        let text = if normative {
            format!("{seq:02}/{year}/NQ-HĐND")
        } else {
            format!("{seq:02}/NQ-HĐND")
        };
        Self { year, seq, text }
    }

    /// "nghi-quyet-05-NQ-HDND.pdf": the number, safe as an ASCII file name.
    pub fn file_name(&self) -> String {
        format!(
            "nghi-quyet-{}.pdf",
            self.text.replace('/', "-").replace('Đ', "D")
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Resolution {
    pub id: i64,
    pub council_id: i64,
    pub session_id: i64,
    pub agenda_item_id: i64,
    #[schema(required = true)]
    pub poll_id: Option<i64>,
    #[serde(flatten)]
    pub content: ResolutionContent,
    pub state: ResolutionState,
    #[schema(required = true)]
    pub number: Option<ResolutionNumber>,
    /// The date printed on it (Vietnam time).
    #[schema(required = true)]
    pub issued_on: Option<NaiveDate>,
    #[schema(required = true)]
    pub issued_at: Option<DateTime<Utc>>,
    /// The signed PDF in the blob store.
    #[schema(required = true)]
    pub pdf_sha256: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The adopting poll's result, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poll_result: Option<PollResult>,
}

impl ResolutionContent {
    pub fn validated(mut self) -> Result<Self, ValidationError> {
        self.subject = required(text::line("subject", &self.subject, 500)?, "subject")?;
        self.authority = text::line("authority", &self.authority, 200)?;
        self.signer_title = required(
            text::line("signer_title", &self.signer_title, 200)?,
            "signer_title",
        )?;
        self.signer_name = text::name("signer_name", &self.signer_name)?;
        self.legal_bases = self
            .legal_bases
            .iter()
            .map(|b| {
                let b = text::line("legal_bases", b.trim_end_matches([';', '.', ' ']), 2_000)?;
                required(b, "legal_bases")
            })
            .collect::<Result<_, _>>()?;
        if self.articles.is_empty() {
            return Err(ValidationError::new(
                "articles",
                "a resolution has at least one article",
            ));
        }
        for article in &mut self.articles {
            article.heading = text::line("articles", &article.heading, 500)?;
            article.paragraphs = article
                .paragraphs
                .iter()
                .map(|p| required(text::multiline("articles", p, 10_000)?, "articles"))
                .collect::<Result<_, _>>()?;
            if article.heading.is_empty() && article.paragraphs.is_empty() {
                return Err(ValidationError::new("articles", "an article is empty"));
            }
        }
        self.recipients = self
            .recipients
            .iter()
            .map(|r| {
                let r = text::line("recipients", r.trim_start_matches(['-', ' ']), 300)?;
                required(r, "recipients")
            })
            .collect::<Result<_, _>>()?;
        Ok(self)
    }
}

fn required(value: String, field: &'static str) -> Result<String, ValidationError> {
    if value.is_empty() {
        Err(ValidationError::new(field, "must not be empty"))
    } else {
        Ok(value)
    }
}

/// Why a resolution may not be issued.
/// Whether the signer named under a resolution is the holder of the chair's
/// certificate (its subject's common name, `holder`): a resolution must not
/// print one name and carry another's signature. The names compare as
/// search does (case and diacritics aside, since certification authorities
/// write "NGUYEN VAN AN" as often as "Nguyễn Văn An"), and what a CA adds
/// after the name — "(DEMO)", " - Chủ tịch HĐND", ", UBND" — is left out.
pub fn check_signer(signer_name: &str, holder: Option<&str>) -> Result<(), Refusal> {
    let folded = |text: &str| crate::search::query_terms(text);
    let name_of = |h: &str| {
        let end = [h.find('('), h.find(" - "), h.find(',')]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(h.len());
        folded(&h[..end])
    };
    let signer = folded(signer_name);
    if !signer.is_empty() && holder.is_some_and(|h| name_of(h) == signer) {
        return Ok(());
    }
    Err(Refusal::refused(
        "signer_not_certificate_holder",
        format!(
            "the resolution names {signer_name:?} as its signer, but the chair's certificate is {}",
            holder.map_or_else(|| "nobody's".to_owned(), |h| format!("{h:?}'s"))
        ),
    ))
}

pub fn issue_refusal(resolution: &Resolution) -> Option<(&'static str, &'static str)> {
    if resolution.state == ResolutionState::Issued {
        return Some(("already_issued", "the resolution is already issued"));
    }
    match &resolution.poll_result {
        None => Some((
            "poll_missing",
            "a resolution is issued only after the poll that adopts it has closed",
        )),
        Some(result) if result.passed != Some(true) => Some((
            "poll_not_passed",
            "the poll on this resolution did not pass; it cannot be issued",
        )),
        Some(_) => None,
    }
}

impl Resolution {
    /// An issued resolution never changes.
    pub fn require_draft(&self) -> Result<(), Refusal> {
        if self.state == ResolutionState::Draft {
            Ok(())
        } else {
            Err(Refusal::invalid_state("an issued resolution never changes"))
        }
    }

    /// A resolution is issued once.
    pub fn require_unissued(&self) -> Result<(), Refusal> {
        if self.state == ResolutionState::Draft {
            Ok(())
        } else {
            Err(Refusal::invalid_state("the resolution is already issued"))
        }
    }

    /// [`issue_refusal`] as a refusal.
    pub fn require_issuable(&self) -> Result<(), Refusal> {
        match issue_refusal(self) {
            Some((code, message)) => Err(Refusal::refused(code, message)),
            None => Ok(()),
        }
    }
}

/// While a number is taken for a resolution and its issue runs, the
/// resolution neither changes (what is signed must stay what was numbered)
/// nor takes a second number (a double click must not cost one).
pub fn refuse_while_issuing(issue_in_progress: bool) -> Result<(), Refusal> {
    if issue_in_progress {
        Err(Refusal::refused(
            "issue_in_progress",
            "this resolution is being issued; wait for that to finish",
        ))
    } else {
        Ok(())
    }
}

/// "Hải Phòng, ngày 05 tháng 01 năm 2025": leading zeros on days below 10
/// and on months 1 and 2 (Nghị định 30/2020, Phụ lục I).
pub fn date_line(place: &str, date: NaiveDate) -> String {
    let month = date.month();
    let month = if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!(
        "{place}, ngày {:02} tháng {month} năm {}",
        date.day(),
        date.year()
    )
}

#[cfg(test)]
mod signer_tests {
    use super::check_signer;

    #[test]
    fn the_signer_must_hold_the_chairs_certificate() {
        for holder in [
            "Nguyễn Văn An",
            "NGUYEN VAN AN",
            "Nguyễn Văn An (DEMO)",
            "Nguyễn Văn An - Chủ tịch HĐND",
        ] {
            assert_eq!(
                check_signer("Nguyễn Văn An", Some(holder)),
                Ok(()),
                "{holder}"
            );
        }
        for (signer, holder) in [
            ("Đại biểu số 01", Some("Nguyễn Văn An (DEMO)")),
            ("Nguyễn Văn", Some("Nguyễn Văn Bình")),
            ("Nguyễn Văn An", Some("Nguyễn Văn")),
            ("Nguyễn Văn An", None),
            ("", Some("Nguyễn Văn An")),
        ] {
            assert!(
                matches!(
                    check_signer(signer, holder),
                    Err(crate::Refusal::Refused {
                        code: "signer_not_certificate_holder",
                        ..
                    })
                ),
                "{signer} / {holder:?}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_decree() {
        assert_eq!(ResolutionNumber::new(2025, 5, false).text, "05/NQ-HĐND");
        assert_eq!(ResolutionNumber::new(2025, 5, true).text, "05/2025/NQ-HĐND");
        assert_eq!(ResolutionNumber::new(2025, 123, false).text, "123/NQ-HĐND");
        assert_eq!(
            ResolutionNumber::new(2025, 5, true).file_name(),
            "nghi-quyet-05-2025-NQ-HDND.pdf"
        );
    }

    #[test]
    fn date_lines_have_leading_zeros_where_the_decree_wants_them() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            date_line("Hải Phòng", d(2025, 1, 5)),
            "Hải Phòng, ngày 05 tháng 01 năm 2025"
        );
        assert_eq!(
            date_line("Hải Phòng", d(2025, 2, 28)),
            "Hải Phòng, ngày 28 tháng 02 năm 2025"
        );
        assert_eq!(
            date_line("Hà Nội", d(2025, 12, 9)),
            "Hà Nội, ngày 09 tháng 12 năm 2025"
        );
        assert_eq!(
            date_line("Hà Nội", d(2025, 3, 15)),
            "Hà Nội, ngày 15 tháng 3 năm 2025"
        );
    }
}
