//! Recognition a scanned page: poppler's `pdftoppm` draws it, Tesseract reads
//! the drawing with its Vietnamese model.
//!
//! Runs only in the bounded child ([`crate::child`]): both tools are
//! started from it and inherit its address-space and CPU-time limits, and
//! the parent kills the child's whole process group when the page takes
//! longer than its time. Tesseract runs on one thread (`OMP_THREAD_LIMIT`):
//! its OpenMP threads spin, and on this kind of machine one thread reads a
//! page in a third of the time two take; pages run side by side instead.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use kyhop_domain::{OcrLine, OcrPage};

/// The tools and how they are used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OcrTools {
    pub pdftoppm: PathBuf,
    pub tesseract: PathBuf,
    /// Tesseract's language model, `vie`.
    pub language: String,
    /// Resolution the page is drawn at: 300 dpi, as scanners write.
    pub dpi: u32,
}

impl Default for OcrTools {
    fn default() -> Self {
        Self {
            pdftoppm: "pdftoppm".into(),
            tesseract: "tesseract".into(),
            language: "vie".into(),
            dpi: 300,
        }
    }
}

/// Why a page was not read, with a stable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum OcrError {
    /// The tools are not installed, or Tesseract lacks the language.
    #[error("{0}")]
    Unavailable(String),
    /// A tool stopped without an answer (killed at its limit, or failed).
    #[error("{0}")]
    Failed(String),
}

impl OcrError {
    pub fn code(&self) -> &'static str {
        match self {
            OcrError::Unavailable(_) => "ocr_unavailable",
            OcrError::Failed(_) => "ocr_failed",
        }
    }
}

impl OcrTools {
    /// Whether the tools are there and Tesseract has the language; the
    /// reason, for the secretariat, when not.
    pub fn check(&self) -> Result<(), OcrError> {
        let tesseract = Command::new(&self.tesseract)
            .arg("--list-langs")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .map_err(|e| {
                OcrError::Unavailable(format!(
                    "Tesseract ({}) cannot be run: {e}; install tesseract-ocr and tesseract-ocr-vie",
                    self.tesseract.display()
                ))
            })?;
        let languages = String::from_utf8_lossy(&tesseract.stdout);
        if !languages.lines().any(|l| l.trim() == self.language) {
            return Err(OcrError::Unavailable(format!(
                "Tesseract has no '{}' language model; install tesseract-ocr-vie",
                self.language
            )));
        }
        Command::new(&self.pdftoppm)
            .arg("-v")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| {
                OcrError::Unavailable(format!(
                    "pdftoppm ({}) cannot be run: {e}; install poppler-utils",
                    self.pdftoppm.display()
                ))
            })?;
        Ok(())
    }

    /// Reads page `page` (from 1) of `file`.
    pub fn recognise_page(&self, file: &Path, page: u32) -> Result<OcrPage, OcrError> {
        let work = tempfile::tempdir().map_err(|e| OcrError::Failed(e.to_string()))?;
        let image = work.path().join("page");
        // Grey, uncompressed (PGM): nothing is lost and nothing spent on
        // compressing an image that is read once.
        run(Command::new(&self.pdftoppm)
            .arg("-r")
            .arg(self.dpi.to_string())
            .arg("-gray")
            .arg("-f")
            .arg(page.to_string())
            .arg("-l")
            .arg(page.to_string())
            .arg("-singlefile")
            .arg(file)
            .arg(&image))?;
        let out = work.path().join("words");
        run(Command::new(&self.tesseract)
            .arg(image.with_extension("pgm"))
            .arg(&out)
            .arg("-l")
            .arg(&self.language)
            .arg("tsv")
            .env("OMP_THREAD_LIMIT", "1"))?;
        let tsv = std::fs::read_to_string(out.with_extension("tsv"))
            .map_err(|e| OcrError::Failed(format!("Tesseract wrote no words: {e}")))?;
        Ok(parse_tsv(&tsv, page))
    }
}

fn run(command: &mut Command) -> Result<(), OcrError> {
    let program = command.get_program().to_string_lossy().into_owned();
    let status = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| OcrError::Unavailable(format!("{program} cannot be run: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(OcrError::Failed(format!("{program} stopped: {status}")))
    }
}

/// One row of Tesseract's TSV: level (1 page … 5 word), its place in the
/// page's blocks, paragraphs and lines, its box, confidence and text.
struct Row<'a> {
    level: u8,
    line: (u32, u32, u32),
    bbox: [f32; 4],
    confidence: f32,
    text: &'a str,
}

fn row(line: &str) -> Option<Row<'_>> {
    let cells: Vec<&str> = line.split('\t').collect();
    let [level, _page, block, par, line_num, _word, left, top, width, height, conf, text] =
        cells[..]
    else {
        return None;
    };
    let (left, top): (f32, f32) = (left.parse().ok()?, top.parse().ok()?);
    let (width, height): (f32, f32) = (width.parse().ok()?, height.parse().ok()?);
    Some(Row {
        level: level.parse().ok()?,
        line: (
            block.parse().ok()?,
            par.parse().ok()?,
            line_num.parse().ok()?,
        ),
        bbox: [left, top, left + width, top + height],
        confidence: conf.parse().ok()?,
        text,
    })
}

/// A line being gathered: its place (block, paragraph, line), its words
/// with their left and right, and the box around them.
type LineOfWords<'a> = ((u32, u32, u32), Vec<(&'a str, [f32; 2])>, [f32; 4]);

/// The page as Tesseract's TSV describes it: lines of NFC words, their
/// boxes as fractions of the page, and the mean confidence of its words.
pub fn parse_tsv(tsv: &str, page: u32) -> OcrPage {
    let rows: Vec<Row> = tsv.lines().skip(1).filter_map(row).collect();
    let (width, height) = rows
        .iter()
        .find(|r| r.level == 1)
        .map_or((1.0, 1.0), |r| (r.bbox[2].max(1.0), r.bbox[3].max(1.0)));
    let mut lines: Vec<LineOfWords> = Vec::new();
    let (mut sum, mut words) = (0.0f64, 0u32);
    for r in rows.iter().filter(|r| r.level == 5) {
        let word = r.text.trim();
        if word.is_empty() || r.confidence < 0.0 {
            continue;
        }
        sum += f64::from(r.confidence);
        words += 1;
        let across = [r.bbox[0], r.bbox[2]];
        match lines.last_mut() {
            Some((key, words, bbox)) if *key == r.line => {
                words.push((word, across));
                *bbox = [
                    bbox[0].min(r.bbox[0]),
                    bbox[1].min(r.bbox[1]),
                    bbox[2].max(r.bbox[2]),
                    bbox[3].max(r.bbox[3]),
                ];
            }
            _ => lines.push((r.line, vec![(word, across)], r.bbox)),
        }
    }
    let fraction = |b: [f32; 4]| {
        [
            (b[0] / width).clamp(0.0, 1.0),
            (b[1] / height).clamp(0.0, 1.0),
            (b[2] / width).clamp(0.0, 1.0),
            (b[3] / height).clamp(0.0, 1.0),
        ]
    };
    OcrPage {
        page,
        confidence: if words == 0 {
            0.0
        } else {
            (sum / f64::from(words)) as f32
        },
        lines: lines
            .into_iter()
            .map(|(_, words, bbox)| {
                let text: Vec<String> = words.iter().map(|(w, _)| w.nfc().collect()).collect();
                OcrLine {
                    text: text.join(" "),
                    bbox: fraction(bbox),
                    words: words
                        .iter()
                        .map(|(_, [l, r])| {
                            [(l / width).clamp(0.0, 1.0), (r / width).clamp(0.0, 1.0)]
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t2000\t4000\t-1\t
2\t1\t1\t0\t0\t0\t200\t200\t1600\t300\t-1\t
4\t1\t1\t1\t1\t0\t200\t200\t600\t50\t-1\t
5\t1\t1\t1\t1\t1\t200\t210\t100\t40\t90\tHo\u{0302}\u{0323}i
5\t1\t1\t1\t1\t2\t400\t200\t400\t50\t80\tđồng
5\t1\t1\t1\t1\t3\t900\t200\t10\t50\t-1\t
4\t1\t1\t2\t1\t0\t200\t400\t800\t50\t-1\t
5\t1\t1\t2\t1\t1\t200\t400\t800\t50\t70\tnhân
";

    #[test]
    fn reads_lines_boxes_and_confidence_from_tesseract_tsv() {
        let page = parse_tsv(TSV, 3);
        assert_eq!(page.page, 3);
        assert_eq!(page.lines.len(), 2);
        // NFC: the decomposed "ộ" is composed.
        assert_eq!(page.lines[0].text, "H\u{1ED9}i đồng");
        assert_eq!(page.lines[0].bbox, [0.1, 0.05, 0.4, 0.0625]);
        assert_eq!(page.lines[0].words, vec![[0.1, 0.15], [0.2, 0.4]]);
        assert_eq!(page.lines[1].text, "nhân");
        assert!((page.confidence - 80.0).abs() < 1e-4);
        assert_eq!(page.text(), "H\u{1ED9}i đồng\nnhân");
    }

    #[test]
    fn a_blank_page_or_garbage_gives_no_lines() {
        let blank = parse_tsv(
            "level\tpage_num\n1\t1\t0\t0\t0\t0\t0\t0\t2000\t4000\t-1\t\n",
            1,
        );
        assert!(blank.lines.is_empty());
        assert_eq!(blank.confidence, 0.0);
        assert!(parse_tsv("not a tsv\n5\tx\n", 1).lines.is_empty());
    }
}
