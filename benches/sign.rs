//! Render and sign a three-page resolution (chair, then council seal, both
//! visible), against pyHanko signing the same unsigned PDF twice.
//!
//! `cargo bench --bench sign [-- --runs 31 --reference-runs 11]`
//!
//! The resolution is the demo's budget resolution with its articles
//! repeated until it fills three A4 pages. Each of our runs typesets it
//! (Nghị định 30 layout, subset fonts) and signs it twice with the demo
//! PKI's P-256 keys held in memory. pyHanko (scripts/setup.sh installs it
//! in .venv) loads the same keys once, then each of its runs signs the
//! unsigned PDF twice, in process: no interpreter start-up is counted (its
//! fields are invisible: less work than ours). For scale, the same double
//! signing through `pyhanko sign addsig`, start-up included, is timed too.
//! Figures are medians; the last line is JSON.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};
use chrono::Utc;
use kyhop_docs::pdf::resolution::{render, ResolutionSheet};
use kyhop_docs::sign::{demo_pki, verify_pdf};
use kyhop_domain::ResolutionContent;
use kyhop_server::services::issuing::{sign_resolution, ResolutionSigners, SignatureImages};
use serde_json::json;
use support::{arg, median};

const PAGES: usize = 3;

fn three_page_content() -> anyhow::Result<ResolutionContent> {
    let demo: serde_json::Value =
        serde_json::from_str(include_str!("../assets/demo/resolutions.json"))?;
    let mut content: ResolutionContent = serde_json::from_value(demo[0]["content"].clone())?;
    let articles = content.articles.clone();
    while page_count(&sheet_pdf(&content)) < PAGES {
        content.articles.extend(articles.iter().cloned());
    }
    while page_count(&sheet_pdf(&content)) > PAGES {
        content.articles.pop();
    }
    Ok(content)
}

fn sheet_pdf(content: &ResolutionContent) -> Vec<u8> {
    render(&ResolutionSheet {
        council_name: "Hội đồng nhân dân thành phố Hải Phòng",
        session_line: "Kỳ họp thứ 4",
        number: "01/NQ-HĐND",
        date_line: "Hải Phòng, ngày 10 tháng 12 năm 2026",
        content,
    })
    .pdf
}

fn page_count(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf)
        .map(|d| d.get_pages().len())
        .unwrap_or(0)
}

fn main() -> anyhow::Result<()> {
    let runs = arg("--runs", 31);
    let reference_runs = arg("--reference-runs", 11);
    let content = three_page_content()?;
    let pki = demo_pki(Utc::now())?;
    let (chair, seal) = (pki.chair_signer(), pki.seal_signer());
    let images = SignatureImages::demo();

    let mut ours = Vec::new();
    let mut rendering = Vec::new();
    let mut signed = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let rendered = render(&ResolutionSheet {
            council_name: "Hội đồng nhân dân thành phố Hải Phòng",
            session_line: "Kỳ họp thứ 4",
            number: "01/NQ-HĐND",
            date_line: "Hải Phòng, ngày 10 tháng 12 năm 2026",
            content: &content,
        });
        rendering.push(start.elapsed().as_secs_f64() * 1000.0);
        signed = sign_resolution(
            &rendered.pdf,
            &rendered.signature,
            &ResolutionSigners {
                chair: &chair,
                seal: &seal,
                timestamper: None,
            },
            &images,
            &content.signer_name,
            Utc::now(),
        )?;
        ours.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let reports = verify_pdf(&signed, std::slice::from_ref(&pki.root.cert))?;
    if reports.len() != 2 || !reports.iter().all(|r| r.intact && r.trusted) {
        bail!("the benchmark's output does not verify: {reports:?}");
    }
    let pages = page_count(&signed);

    let dir = tempfile::tempdir()?;
    let file = |name: &str, bytes: &[u8]| -> anyhow::Result<String> {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes)?;
        Ok(path.to_string_lossy().into_owned())
    };
    let unsigned = file("unsigned.pdf", &sheet_pdf(&content))?;
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    let output = Command::new(&python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/pyhanko_sign_twice.py"))
        .args([
            unsigned,
            file("chair-key.pem", pki.chair.key_pkcs8_pem().as_bytes())?,
            file("chair.pem", pki.chair.cert_pem().as_bytes())?,
            file("seal-key.pem", pki.seal.key_pkcs8_pem().as_bytes())?,
            file("seal.pem", pki.seal.cert_pem().as_bytes())?,
            file("root.pem", pki.root_pem().as_bytes())?,
            reference_runs.to_string(),
        ])
        .output()
        .with_context(|| {
            format!(
                "running {} (scripts/setup.sh installs it)",
                python.display()
            )
        })?;
    if !output.status.success() {
        bail!(
            "pyHanko failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let reference: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let pyhanko_ms = reference["median_ms"]
        .as_f64()
        .context("pyHanko's median")?;

    // The same double signing as people run it: `pyhanko sign addsig`
    // twice, interpreter start-up included.
    let pyhanko = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/pyhanko");
    let mut cli = Vec::new();
    for _ in 0..arg("--cli-runs", 3) {
        let start = Instant::now();
        let mut input = dir.path().join("unsigned.pdf");
        for (field, who) in [("ChuKyChuToa", "chair"), ("DauHoiDong", "seal")] {
            let output = dir.path().join(format!("cli-{who}.pdf"));
            let status = Command::new(&pyhanko)
                .args(["sign", "addsig", "--field", field, "pemder", "--no-pass"])
                .arg("--key")
                .arg(dir.path().join(format!("{who}-key.pem")))
                .arg("--cert")
                .arg(dir.path().join(format!("{who}.pem")))
                .arg("--chain")
                .arg(dir.path().join("root.pem"))
                .arg(&input)
                .arg(&output)
                .status()?;
            if !status.success() {
                bail!("pyhanko sign addsig failed");
            }
            input = output;
        }
        cli.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let cli_ms = median(cli);

    let median_ms = median(ours);
    println!("rendered and signed a {pages}-page resolution {runs} times; pyHanko signed it twice {reference_runs} times");
    println!(
        "{}",
        json!({
            "pages": pages,
            "render_and_sign_median_ms": (median_ms * 100.0).round() / 100.0,
            "render_median_ms": (median(rendering) * 100.0).round() / 100.0,
            "pyhanko_sign_twice_median_ms": (pyhanko_ms * 100.0).round() / 100.0,
            "times_faster_than_pyhanko": (pyhanko_ms / median_ms * 10.0).round() / 10.0,
            "pyhanko_cli_sign_twice_median_ms": cli_ms.round(),
            "times_faster_than_pyhanko_cli": (cli_ms / median_ms).round(),
            "runs": runs,
            "reference_runs": reference_runs,
        })
    );
    Ok(())
}
