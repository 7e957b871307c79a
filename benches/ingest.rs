//! Ingest of a 300-page Vietnamese PDF, against `pdftotext` on the same file.
//!
//! `cargo bench --bench ingest [-- --pages 300 --runs 5]`
//!
//! Writes a PDF of `--pages` A4 pages of Vietnamese text (13 pt Liberation
//! Serif, about 40 lines a page, subset-embedded with a ToUnicode map, as
//! office suites write them), then, `--runs` times each and alternating:
//! uploads it to a real `kyhop serve` on loopback (multipart upload, SHA-256,
//! text of every page read in the bounded child process, pages indexed for
//! search, committed) and runs `pdftotext -enc UTF-8` on it. Figures are
//! medians; the ratio is KyHop's pages/s over pdftotext's. The last line is
//! JSON.

mod support;

use std::time::Instant;

use kyhop_docs::pdf::fonts::{Face, Style};
use printpdf::{Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem};
use serde_json::json;
use support::corpus::{text, vocabulary, zipf, Lcg};
use support::{arg, council_and_session, median, ServerProcess};

const SIZE: f32 = 13.0;
const LINE: f32 = 18.0;
const LEFT: f32 = 85.0; // 30 mm
const WIDTH: f32 = 453.0; // A4 less 30 mm and 20 mm margins
const TOP: f32 = 785.0;
const LINES: usize = 40;

/// Breaks `text` into lines no wider than the text block.
fn wrap(face: &Face, text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if face.width(&candidate, SIZE) > WIDTH && !line.is_empty() {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        } else {
            line = candidate;
        }
    }
    lines.push(line);
    lines
}

fn write_pdf(pages: usize) -> Vec<u8> {
    let face = Face::get(Style::Regular);
    let mut pdf = PdfDocument::new("Báo cáo tình hình kinh tế - xã hội");
    let font = pdf.add_font(&face.parsed);
    let vocabulary = vocabulary();
    let weights = zipf(vocabulary.len());
    let mut rng = Lcg(300);
    let pages = (0..pages)
        .map(|_| {
            let mut lines = Vec::new();
            while lines.len() < LINES {
                lines.extend(wrap(face, &text(&mut rng, &vocabulary, &weights, 60)));
            }
            let mut ops = vec![
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(font.clone()),
                    size: Pt(SIZE),
                },
                Op::SetLineHeight { lh: Pt(LINE) },
                Op::SetTextCursor {
                    pos: Point {
                        x: Pt(LEFT),
                        y: Pt(TOP),
                    },
                },
            ];
            for line in lines.into_iter().take(LINES) {
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(line)],
                });
                ops.push(Op::AddLineBreak);
            }
            ops.push(Op::EndTextSection);
            PdfPage::new(Mm(210.0), Mm(297.0), ops)
        })
        .collect();
    pdf.with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new())
}

fn main() -> anyhow::Result<()> {
    let pages = arg("--pages", 300);
    let runs = arg("--runs", 5);
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("bao-cao.pdf");
    std::fs::write(&file, write_pdf(pages))?;
    let bytes = std::fs::metadata(&file)?.len();
    eprintln!("ingest: {pages} pages, {bytes} bytes");

    let server = ServerProcess::start()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let (admin, session) = rt.block_on(async {
        let admin = server.admin().await?;
        let (_, session) = council_and_session(&admin).await?;
        anyhow::Ok((admin, session))
    })?;

    let mut kyhop_seconds = Vec::new();
    let mut pdftotext_seconds = Vec::new();
    for run in 0..runs {
        let started = Instant::now();
        let doc = rt.block_on(admin.upload(
            session,
            json!({ "title": format!("Báo cáo {run}"), "kind": "report" }),
            &file,
        ))?;
        kyhop_seconds.push(started.elapsed().as_secs_f64());
        anyhow::ensure!(
            doc["versions"][0]["page_count"] == pages,
            "unexpected upload result {doc}"
        );

        let started = Instant::now();
        let status = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&file)
            .arg(dir.path().join("out.txt"))
            .status()?;
        pdftotext_seconds.push(started.elapsed().as_secs_f64());
        anyhow::ensure!(status.success(), "pdftotext failed");
    }
    let kyhop = median(kyhop_seconds);
    let reference = median(pdftotext_seconds);
    let round = |x: f64| (x * 100.0).round() / 100.0;
    println!(
        "{}",
        json!({
            "pages": pages,
            "file_bytes": bytes,
            "kyhop_seconds": round(kyhop),
            "kyhop_pages_per_s": round(pages as f64 / kyhop),
            "pdftotext_seconds": round(reference),
            "pdftotext_pages_per_s": round(pages as f64 / reference),
            "ratio_to_pdftotext": round(reference / kyhop),
        })
    );
    Ok(())
}
