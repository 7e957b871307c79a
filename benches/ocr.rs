//! OCR of a 20-page 300-dpi scan, against running `tesseract` by hand on
//! the same page images in the same run.
//!
//! `cargo bench --bench ocr [-- --pages 20 --runs 3]`
//!
//! Makes the scan as tests/integration/recognition.rs does (Vietnamese text typeset by
//! LibreOffice, drawn by `pdftoppm -r 300 -gray`, the images put in an
//! image-only PDF), then, `--runs` times and alternating: uploads it to a
//! real `kyhop serve` on loopback (default settings: one page at a time)
//! and times the upload to the end of its recognition (each page drawn by
//! pdftoppm and read by Tesseract in a bounded child, its text committed
//! and indexed); runs `tesseract PAGE out -l vie tsv` on each page image
//! one after another, as a person would type it (Tesseract's own thread
//! settings); and the same with `OMP_THREAD_LIMIT=1`, the setting KyHop
//! uses. Figures are medians; ratios are KyHop's pages/s over the hand
//! runs'. Also the character accuracy of what KyHop read against the text
//! the scan was made from. The last line is JSON.

mod support;

#[path = "../tests/scans/mod.rs"]
mod scans;

use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::Context;
use serde_json::{json, Value};
use support::corpus::{text, vocabulary, zipf, Lcg};
use support::{arg, council_and_session, median, ServerProcess};

/// Words on a page: about 35 lines of 12-pt text, a dense A4 page.
const WORDS_PER_PAGE: usize = 260;

/// Runs `tesseract` on every image, one after another; seconds.
fn by_hand(
    images: &[scans::PageImage],
    out: &std::path::Path,
    one_thread: bool,
) -> anyhow::Result<f64> {
    let started = Instant::now();
    for image in images {
        let mut command = Command::new("tesseract");
        command.arg(&image.path).arg(out).args(["-l", "vie", "tsv"]);
        if one_thread {
            command.env("OMP_THREAD_LIMIT", "1");
        }
        let output = command.output()?;
        anyhow::ensure!(
            output.status.success(),
            "tesseract failed on {:?}",
            image.path
        );
    }
    Ok(started.elapsed().as_secs_f64())
}

fn main() -> anyhow::Result<()> {
    let pages = arg("--pages", 20);
    let runs = arg("--runs", 3);
    let dir = tempfile::tempdir()?;
    let vocabulary = vocabulary();
    let weights = zipf(vocabulary.len());
    let mut rng = Lcg(2026);
    let sources: Vec<String> = (0..pages)
        .map(|_| {
            (0..WORDS_PER_PAGE / 65)
                .map(|_| text(&mut rng, &vocabulary, &weights, 65))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    let images = scans::page_images(&sources.join("\u{c}"), &dir.path().join("scan"));
    anyhow::ensure!(
        images.len() == pages,
        "{} page images for {pages} pages",
        images.len()
    );
    let file = dir.path().join("ban-quet.pdf");
    std::fs::write(&file, scans::image_pdf(&images, &[]))?;
    let bytes = std::fs::metadata(&file)?.len();
    eprintln!("ocr: {pages} pages at 300 dpi, {bytes} bytes");

    let server = ServerProcess::start()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let (admin, session) = rt.block_on(async {
        let admin = server.admin().await?;
        let (_, session) = council_and_session(&admin).await?;
        anyhow::Ok((admin, session))
    })?;

    let (mut kyhop, mut hand, mut hand_one_thread) = (Vec::new(), Vec::new(), Vec::new());
    let mut accuracy = Vec::new();
    for run in 0..runs {
        let started = Instant::now();
        let read: Value = rt.block_on(async {
            let doc = admin
                .upload(
                    session,
                    json!({ "title": format!("Bản quét {run}"), "kind": "report" }),
                    &file,
                )
                .await?;
            let id = doc["id"].as_i64().context("no id")?;
            loop {
                let (_, doc) = admin
                    .call(reqwest::Method::GET, &format!("/api/documents/{id}"), None)
                    .await?;
                let recognition = &doc["versions"][0]["recognition"];
                match recognition["state"].as_str() {
                    Some("queued" | "running") => {
                        tokio::time::sleep(Duration::from_millis(50)).await
                    }
                    Some("done") if recognition["pages_failed"] == 0 => break,
                    _ => anyhow::bail!("recognition ended as {recognition}"),
                }
            }
            let (_, read) = admin
                .call(
                    reqwest::Method::GET,
                    &format!("/api/documents/{id}/versions/1/recognised"),
                    None,
                )
                .await?;
            anyhow::Ok(read)
        })?;
        kyhop.push(started.elapsed().as_secs_f64());
        let read = read.as_array().context("no pages")?;
        anyhow::ensure!(read.len() == pages, "{} pages read", read.len());
        let (mut errors, mut characters) = (0usize, 0usize);
        for (page, source) in read.iter().zip(&sources) {
            let lines: Vec<&str> = page["lines"]
                .as_array()
                .context("no lines")?
                .iter()
                .filter_map(|l| l["text"].as_str())
                .collect();
            let (source, read) = (scans::words(source), scans::words(&lines.join(" ")));
            errors += scans::edit_distance(&source, &read);
            characters += source.chars().count();
        }
        accuracy.push(1.0 - errors as f64 / characters as f64);

        let out = dir.path().join("by-hand");
        hand.push(by_hand(&images, &out, false)?);
        hand_one_thread.push(by_hand(&images, &out, true)?);
        eprintln!(
            "run {run}: kyhop {:.1} s, by hand {:.1} s, by hand on one thread {:.1} s",
            kyhop[run], hand[run], hand_one_thread[run]
        );
    }
    let (kyhop, hand, one) = (median(kyhop), median(hand), median(hand_one_thread));
    let round = |x: f64| (x * 100.0).round() / 100.0;
    println!(
        "{}",
        json!({
            "pages": pages,
            "runs": runs,
            "file_bytes": bytes,
            "kyhop_seconds": round(kyhop),
            "kyhop_pages_per_s": round(pages as f64 / kyhop),
            "tesseract_by_hand_seconds": round(hand),
            "tesseract_by_hand_pages_per_s": round(pages as f64 / hand),
            "ratio_to_tesseract_by_hand": round(hand / kyhop),
            "tesseract_one_thread_seconds": round(one),
            "ratio_to_tesseract_one_thread": round(one / kyhop),
            "character_accuracy_percent": round(median(accuracy) * 100.0),
        })
    );
    Ok(())
}
