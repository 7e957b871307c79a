//! Recognising scanned pages (OCR): which pages need it, what a read page holds,
//! and how far the recognition of a document version has come.
//!
//! A page needs recognition when the PDF gives no text for it, or only noise (a
//! scan with a broken or garbage text layer). Pages are read in the
//! background after the upload is accepted; the version's [`Recognition`] says
//! where that stands, for the secretary's list and the live stream.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::text_enum;

text_enum! {
    /// Where the recognition of a version's scanned pages stands.
    RecognitionState {
        /// Waiting for a free reader.
        Queued => "queued",
        /// Pages are being read.
        Running => "running",
        /// Every page was tried (some may have failed: `pages_failed`).
        Done => "done",
        /// Stopped by the secretariat, or by a newer version of the document.
        Cancelled => "cancelled",
        /// The server cannot read scans (`reason` says why): the pages stay
        /// "scanned".
        Unavailable => "unavailable",
    }
}

impl RecognitionState {
    /// Queued or running: a reader will still pick it up.
    pub fn is_open(self) -> bool {
        matches!(self, RecognitionState::Queued | RecognitionState::Running)
    }
}

/// How far the recognition of one version has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Recognition {
    pub state: RecognitionState,
    /// Pages that needed recognition.
    pub pages_total: u32,
    /// Pages tried so far (read or failed).
    pub pages_done: u32,
    /// Pages the reader gave up on (timed out, or the reader failed): they
    /// stay "scanned".
    pub pages_failed: u32,
    /// Why it is unavailable (what is missing, as the server found it),
    /// or the code of the last page that failed (`ocr_timed_out`,
    /// `ocr_failed`).
    #[schema(required = true)]
    pub reason: Option<String>,
}

/// One line the reader found on a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OcrLine {
    /// NFC text of the line.
    pub text: String,
    /// Left, top, right, bottom as fractions of the page's width and height
    /// (from its top left corner), so that any zoom can place it.
    pub bbox: [f32; 4],
    /// Left and right of each of its words (the text split at spaces), as
    /// fractions of the page's width: a selection or a mark over a scan
    /// falls on the word, whatever font the reader's screen draws it in.
    #[serde(default)]
    #[schema(required = true)]
    pub words: Vec<[f32; 2]>,
}

/// A page as the reader read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OcrPage {
    /// From 1.
    pub page: u32,
    /// Mean word confidence, 0–100.
    pub confidence: f32,
    pub lines: Vec<OcrLine>,
}

impl OcrPage {
    /// The page's text as search and notes see it: one line per line.
    pub fn text(&self) -> String {
        let lines: Vec<&str> = self.lines.iter().map(|l| l.text.as_str()).collect();
        lines.join("\n")
    }
}

/// Share of a page's visible characters that must be letters, digits or
/// ordinary punctuation for its text layer to count as text.
const LEAST_ORDINARY_SHARE: f64 = 0.7;
/// Fewest letters a page's text must hold to count as text.
const LEAST_LETTERS: usize = 3;

/// Whether a page's extracted text is nothing a reader could use: empty, or
/// noise (control and private-use characters, replacement characters,
/// symbol soup), as a scan's broken text layer gives.
pub fn needs_recognition(text: &str) -> bool {
    let mut visible = 0usize;
    let mut ordinary = 0usize;
    let mut letters = 0usize;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        visible += 1;
        if c.is_alphabetic() {
            letters += 1;
        }
        if c.is_alphanumeric() || ".,;:!?()[]\"'/-–—%&+=*<>«»“”‘’…".contains(c) {
            ordinary += 1;
        }
    }
    if letters < LEAST_LETTERS {
        return true;
    }
    (ordinary as f64) < LEAST_ORDINARY_SHARE * visible as f64
}

/// The recognition a new version starts with: none when every page has text;
/// queued, or unavailable for `unavailable`'s reason when the server cannot
/// read scans.
pub fn recognition_for(pages_to_recognise: u32, unavailable: Option<&str>) -> Option<Recognition> {
    (pages_to_recognise > 0).then(|| Recognition {
        state: match unavailable {
            Some(_) => RecognitionState::Unavailable,
            None => RecognitionState::Queued,
        },
        pages_total: pages_to_recognise,
        pages_done: 0,
        pages_failed: 0,
        reason: unavailable.map(str::to_owned),
    })
}

/// Whether a page's progress from `before` to `after` of `total` pages is
/// worth announcing on the live stream: each tenth of the way, so that a
/// 300-page scan sends ten events and not three hundred.
pub fn announce_progress(before: u32, after: u32, total: u32) -> bool {
    if total == 0 || after <= before {
        return false;
    }
    let tenth = |done: u32| u64::from(done) * 10 / u64::from(total);
    tenth(after) > tenth(before) || after == total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_noisy_text_layers_need_recognition() {
        assert!(needs_recognition(""));
        assert!(needs_recognition("  \n\t "));
        assert!(needs_recognition("12 3"));
        assert!(needs_recognition(
            "\u{FFFD}\u{FFFD}\u{FFFD} \u{FFFD}\u{FFFD} ab"
        ));
        assert!(needs_recognition(
            "\u{E001}\u{E002}\u{E003}\u{E004} \u{E005}"
        ));
        assert!(needs_recognition("#$%@ ^~|` {}\\ #$%@ ^~|` ab"));
    }

    #[test]
    fn real_text_does_not() {
        assert!(!needs_recognition("HỘI ĐỒNG NHÂN DÂN TỈNH"));
        assert!(!needs_recognition(
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;"
        ));
        assert!(!needs_recognition("Điều 1. (tiếp theo) – 120 tỷ đồng…"));
        // Symbols around the edges of real text do not make it noise.
        assert!(!needs_recognition("§ 2. Chi thường xuyên: 45 % ±"));
    }

    #[test]
    fn a_new_version_reads_only_when_a_page_needs_it() {
        assert_eq!(recognition_for(0, None), None);
        assert_eq!(recognition_for(0, Some("ocr_unavailable")), None);
        let queued = recognition_for(3, None).expect("queued");
        assert_eq!(
            (queued.state, queued.pages_total),
            (RecognitionState::Queued, 3)
        );
        let unavailable = recognition_for(3, Some("ocr_unavailable")).expect("unavailable");
        assert_eq!(unavailable.state, RecognitionState::Unavailable);
        assert_eq!(unavailable.reason.as_deref(), Some("ocr_unavailable"));
        assert!(!unavailable.state.is_open());
    }

    #[test]
    fn progress_is_announced_each_tenth_and_at_the_end() {
        let announced: Vec<u32> = (1..=300)
            .filter(|&after| announce_progress(after - 1, after, 300))
            .collect();
        assert_eq!(
            announced,
            vec![30, 60, 90, 120, 150, 180, 210, 240, 270, 300]
        );
        // A short document: every page crosses a tenth.
        assert!((1..=4).all(|after| announce_progress(after - 1, after, 4)));
        assert!(!announce_progress(3, 3, 4));
        assert!(!announce_progress(0, 1, 0));
    }

    #[test]
    fn a_read_page_gives_its_lines_as_text() {
        let line = |text: &str| OcrLine {
            text: text.into(),
            bbox: [0.1, 0.1, 0.9, 0.12],
            words: Vec::new(),
        };
        let page = OcrPage {
            page: 1,
            confidence: 91.5,
            lines: vec![line("Tờ trình về việc"), line("phê duyệt kế hoạch")],
        };
        assert_eq!(page.text(), "Tờ trình về việc\nphê duyệt kế hoạch");
    }
}
