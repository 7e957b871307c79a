//! Filing an upload: the description the secretary left blank is proposed
//! from the document itself, as an official Vietnamese document prints it
//! on its first page — the number line ("Số: 15/TTr-UBND"), the heading
//! ("TỜ TRÌNH") and the summary under it ("Về dự toán ngân sách…").

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;
use utoipa::ToSchema;

use super::document::{default_confidentiality, AudienceEntry, Confidentiality, DocumentKind};
use super::text::{self, ValidationError, MAX_NAME};
use super::NewDocument;

/// Longest number and symbol (số, ký hiệu), in characters.
pub const MAX_NUMBER: usize = 100;

/// The description sent with a new document's first file. Title, number
/// and kind may be left out: they are then read from the file's first
/// page (and the file's name when the page says nothing).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadDescription {
    #[schema(max_length = 300)]
    pub title: Option<String>,
    #[schema(max_length = 100)]
    pub number: Option<String>,
    pub kind: Option<DocumentKind>,
    pub agenda_item_id: Option<i64>,
    #[serde(default = "default_confidentiality")]
    pub confidentiality: Confidentiality,
    #[serde(default)]
    pub audience: Vec<AudienceEntry>,
}

impl Default for UploadDescription {
    fn default() -> Self {
        Self {
            title: None,
            number: None,
            kind: None,
            agenda_item_id: None,
            confidentiality: default_confidentiality(),
            audience: Vec::new(),
        }
    }
}

impl UploadDescription {
    /// Checks what was given, as the whole description would be checked
    /// (an empty title counts as none).
    pub fn validated(mut self) -> Result<Self, ValidationError> {
        let probe = self.completed(&Proposal::placeholder()).validated()?;
        self.title = self
            .title
            .filter(|t| !t.trim().is_empty())
            .map(|_| probe.title);
        self.number = self.number.map(|_| probe.number);
        self.audience = probe.audience;
        Ok(self)
    }

    /// The whole description: what was given, the proposal for the rest.
    pub fn completed(&self, proposal: &Proposal) -> NewDocument {
        NewDocument {
            title: self
                .title
                .clone()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| proposal.title.clone()),
            number: self
                .number
                .clone()
                .unwrap_or_else(|| proposal.number.clone()),
            kind: self.kind.unwrap_or(proposal.kind),
            agenda_item_id: self.agenda_item_id,
            confidentiality: self.confidentiality,
            audience: self.audience.clone(),
        }
    }
}

/// What a file's first page proposes: always a valid title (never empty,
/// at most 300 characters), a number (may be empty) and a kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub title: String,
    pub number: String,
    pub kind: DocumentKind,
}

impl Proposal {
    fn placeholder() -> Self {
        Self {
            title: "-".into(),
            number: String::new(),
            kind: DocumentKind::Other,
        }
    }
}

/// The headings of official documents and the kind each is filed as.
/// Checked as whole lines, so the order does not matter.
const HEADINGS: &[(&str, DocumentKind)] = &[
    ("DỰ THẢO NGHỊ QUYẾT", DocumentKind::DraftResolution),
    ("NGHỊ QUYẾT", DocumentKind::DraftResolution),
    ("BÁO CÁO THẨM TRA", DocumentKind::ReviewReport),
    ("TỜ TRÌNH", DocumentKind::Submission),
    ("BÁO CÁO", DocumentKind::Report),
    ("KẾ HOẠCH", DocumentKind::Other),
    ("ĐỀ ÁN", DocumentKind::Other),
    ("QUYẾT ĐỊNH", DocumentKind::Other),
    ("THÔNG BÁO", DocumentKind::Other),
    ("CHƯƠNG TRÌNH", DocumentKind::Other),
];

/// How the body starts after the summary; a summary line never starts so.
const BODY_STARTS: &[&str] = &[
    "kính gửi",
    "căn cứ",
    "thực hiện",
    "xét",
    "quyết nghị",
    "hội đồng nhân dân",
    "ủy ban nhân dân",
    "uỷ ban nhân dân",
    "điều 1",
    "i.",
    "1.",
];

fn tidy(line: &str) -> String {
    line.nfc()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn has_capitals_only(line: &str) -> bool {
    line.chars().any(char::is_uppercase) && !line.chars().any(char::is_lowercase)
}

fn heading(line: &str) -> Option<(&'static str, DocumentKind)> {
    if !has_capitals_only(line) {
        return None;
    }
    let words = line.trim_end_matches(['.', ':']).trim();
    HEADINGS
        .iter()
        .find(|(h, _)| *h == words)
        .map(|&(h, k)| (h, k))
}

/// "Số: 15/TTr-UBND" → "15/TTr-UBND"; a draft's blank "Số:   /NQ-HĐND" → "".
/// A number has no spaces: what follows on the line is the place and date,
/// which many producers put on the same baseline ("Số: 15/TTr-UBND
/// Hải Phòng, ngày …").
fn number_of(line: &str) -> Option<String> {
    let rest = line
        .strip_prefix("Số")
        .or_else(|| line.strip_prefix("SỐ"))?
        .trim_start()
        .strip_prefix(':')?;
    match rest.split_whitespace().next() {
        None => Some(String::new()),
        Some(value) if value.starts_with('/') => Some(String::new()),
        Some(value) => Some(value.chars().take(MAX_NUMBER).collect()),
    }
}

fn sentence_case(heading: &str) -> String {
    let lower = heading.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The first letter in lower case, unless the word is an abbreviation ("HĐND").
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => {
            first.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_string(),
    }
}

/// At most `max` characters, cut at a word when one ends in the second half.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(space) if cut[..space].chars().count() > max / 2 => cut[..space].trim().to_string(),
        _ => cut.trim().to_string(),
    }
}

/// A title from a file name: no extension, separators as spaces.
fn title_from_file_name(name: &str) -> String {
    let stem = name
        .rsplit_once('.')
        .filter(|(_, ext)| ext.eq_ignore_ascii_case("pdf"))
        .map_or(name, |(stem, _)| stem);
    let spaced: String = stem
        .chars()
        .map(|c| if c == '_' || c == '-' { ' ' } else { c })
        .collect();
    tidy(&spaced)
}

/// The description proposed by a first page's text (lines as a reader sees
/// them) and the file's name: the heading and the summary under it make the
/// title ("Tờ trình về dự toán ngân sách…"); without a heading the file's
/// name is the title.
pub fn propose(first_page: &str, file_name: &str) -> Proposal {
    let lines: Vec<String> = first_page
        .lines()
        .map(tidy)
        .filter(|l| !l.is_empty())
        .collect();
    let number = lines.iter().find_map(|l| number_of(l)).unwrap_or_default();
    let mut kind = DocumentKind::Other;
    let mut title = None;
    if let Some(at) = lines.iter().position(|l| heading(l).is_some()) {
        let (name, k) = heading(&lines[at]).unwrap_or(("", DocumentKind::Other));
        kind = k;
        let mut summary: Vec<&str> = Vec::new();
        for line in lines.iter().skip(at + 1).take(3) {
            let lower = line.to_lowercase();
            let ends_body = BODY_STARTS.iter().any(|b| lower.starts_with(b));
            let rule = line.chars().all(|c| "-_–—. ".contains(c));
            if ends_body || rule || (has_capitals_only(line) && !summary.is_empty()) {
                break;
            }
            summary.push(line);
            if line.ends_with('.') {
                break; // the summary is one sentence
            }
        }
        let about = summary.join(" ");
        let about = about.trim_end_matches('.');
        // A draft resolution's own heading is just "NGHỊ QUYẾT": name it as filed.
        let label = if k == DocumentKind::DraftResolution {
            "Dự thảo nghị quyết"
        } else {
            name
        };
        title = Some(if about.is_empty() {
            sentence_case(label)
        } else {
            format!("{} {}", sentence_case(label), lower_first(about))
        });
    }
    let title = title
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| title_from_file_name(file_name));
    let title = clip(&title, MAX_NAME);
    let title = match text::name("title", &title) {
        Ok(t) => t,
        Err(_) => "Tài liệu".to_string(),
    };
    Proposal {
        title,
        number,
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Page 1 of tests/fixtures/bao-cao-kt-xh.html as the server reads it.
    const REPORT: &str = "ỦY BAN NHÂN DÂN XÃ THUẬN THÀNH\n\
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
        Độc lập - Tự do - Hạnh phúc\n\
        Số: 142/BC-UBND\n\
        Thuận Thành, ngày 20 tháng 11 năm 2026\n\
        BÁO CÁO\n\
        Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2026 và phương\n\
        hướng, nhiệm vụ năm 2027\n\
        Kính gửi: Hội đồng nhân dân xã khóa XIII, kỳ họp thứ mười hai.\n";

    #[test]
    fn the_date_on_the_numbers_line_is_not_part_of_the_number() {
        let page = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG\n\
            Số: 215/TTr-UBND Hải Phòng, ngày 03 tháng 12 năm 2026\nTỜ TRÌNH\n\
            Về dự toán thu, chi ngân sách địa phương năm 2027\n";
        assert_eq!(propose(page, "x.pdf").number, "215/TTr-UBND");
        let draft = "Số:      /NQ-HĐND Hải Phòng, ngày 03 tháng 12 năm 2026\nNGHỊ QUYẾT\nVề x\n";
        assert_eq!(propose(draft, "x.pdf").number, "");
    }

    #[test]
    fn a_report_gives_its_heading_summary_and_number() {
        assert_eq!(
            propose(REPORT, "bc.pdf"),
            Proposal {
                title: "Báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2026 \
                        và phương hướng, nhiệm vụ năm 2027"
                    .into(),
                number: "142/BC-UBND".into(),
                kind: DocumentKind::Report,
            }
        );
    }

    #[test]
    fn submissions_review_reports_and_drafts_are_filed_by_their_headings() {
        let submission = propose(
            "Số: 15/TTr-UBND\n  TỜ TRÌNH \nVề dự toán ngân sách xã năm 2027\nKính gửi: HĐND xã",
            "x.pdf",
        );
        assert_eq!(
            submission.title,
            "Tờ trình về dự toán ngân sách xã năm 2027"
        );
        assert_eq!(submission.number, "15/TTr-UBND");
        assert_eq!(submission.kind, DocumentKind::Submission);

        let review = propose(
            "BÁO CÁO THẨM TRA\n\
             Ban Kinh tế - Ngân sách thẩm tra dự thảo nghị quyết về kế hoạch đầu tư công năm\n\
             2027.\n\
             Ban thống nhất với sự cần thiết ban hành nghị quyết.",
            "x.pdf",
        );
        assert_eq!(review.kind, DocumentKind::ReviewReport);
        assert_eq!(
            review.title,
            "Báo cáo thẩm tra ban Kinh tế - Ngân sách thẩm tra dự thảo nghị quyết về kế hoạch \
             đầu tư công năm 2027"
        );

        let draft = propose(
            "HỘI ĐỒNG NHÂN DÂN XÃ THUẬN THÀNH\nSố:      /NQ-HĐND\nNGHỊ QUYẾT\n\
             Về kế hoạch đầu tư công năm 2027\nHỘI ĐỒNG NHÂN DÂN XÃ THUẬN THÀNH\nCăn cứ Luật",
            "nq.pdf",
        );
        assert_eq!(
            draft.title,
            "Dự thảo nghị quyết về kế hoạch đầu tư công năm 2027"
        );
        assert_eq!(draft.number, "");
        assert_eq!(draft.kind, DocumentKind::DraftResolution);
    }

    #[test]
    fn decomposed_marks_are_composed() {
        let p = propose(
            "TO\u{31b}\u{300} TRI\u{300}NH\nVê\u{300} đâ\u{300}u tư",
            "x.pdf",
        );
        assert_eq!(p.title, "Tờ trình về đầu tư");
        assert_eq!(p.kind, DocumentKind::Submission);
    }

    #[test]
    fn without_a_heading_the_file_name_is_the_title() {
        let p = propose(
            "Một trang không có tiêu đề.\nSố liệu: 12",
            "to_trinh-ngan-sach.pdf",
        );
        assert_eq!(p.title, "to trinh ngan sach");
        assert_eq!(p.number, "");
        assert_eq!(p.kind, DocumentKind::Other);
        assert_eq!(propose("", "Báo cáo quý IV.PDF").title, "Báo cáo quý IV");
        // Nothing usable at all still gives a valid title.
        assert_eq!(propose("", ".pdf").title, "Tài liệu");
        assert_eq!(propose("", "\u{7}.pdf").title, "Tài liệu");
    }

    #[test]
    fn abbreviations_keep_their_capitals_and_long_titles_are_cut_at_a_word() {
        assert_eq!(
            propose("TỜ TRÌNH\nHĐND xã khóa XIII", "x.pdf").title,
            "Tờ trình HĐND xã khóa XIII"
        );
        let long = format!(
            "TỜ TRÌNH\nvề {}\nvà {}",
            "ngân sách ".repeat(30),
            "đầu tư ".repeat(30)
        );
        let title = propose(&long, "x.pdf").title;
        assert!(
            title.chars().count() <= MAX_NAME,
            "{}",
            title.chars().count()
        );
        assert!(!title.ends_with(' '));
        let number = propose(&format!("Số: {}", "9".repeat(500)), "x.pdf").number;
        assert_eq!(number.chars().count(), MAX_NUMBER);
    }

    #[test]
    fn an_upload_keeps_what_was_given_and_takes_the_rest_from_the_proposal() {
        let proposal = propose(REPORT, "bc.pdf");
        let given = UploadDescription {
            title: Some("  Báo cáo  KT-XH ".into()),
            agenda_item_id: Some(4),
            ..Default::default()
        }
        .validated()
        .unwrap();
        let whole = given.completed(&proposal).validated().unwrap();
        assert_eq!(whole.title, "Báo cáo  KT-XH");
        assert_eq!(whole.number, "142/BC-UBND");
        assert_eq!(whole.kind, DocumentKind::Report);
        assert_eq!(whole.agenda_item_id, Some(4));
        assert_eq!(whole.confidentiality, Confidentiality::Delegates);

        let blank = UploadDescription {
            title: Some(" ".into()),
            number: Some(String::new()),
            kind: Some(DocumentKind::Other),
            ..Default::default()
        }
        .validated()
        .unwrap();
        let whole = blank.completed(&proposal);
        assert_eq!(whole.title, proposal.title, "an empty title counts as none");
        assert_eq!(whole.number, "", "an empty number is a choice: no number");
        assert_eq!(whole.kind, DocumentKind::Other);
    }

    #[test]
    fn an_upload_is_refused_for_what_the_whole_description_would_be() {
        let long_title = UploadDescription {
            title: Some("x".repeat(301)),
            ..Default::default()
        };
        assert_eq!(long_title.validated().unwrap_err().field, "title");
        let long_number = UploadDescription {
            number: Some("x".repeat(101)),
            ..Default::default()
        };
        assert_eq!(long_number.validated().unwrap_err().field, "number");
        let listed = UploadDescription {
            confidentiality: Confidentiality::Listed,
            ..Default::default()
        };
        assert_eq!(listed.validated().unwrap_err().field, "audience");
    }
}
