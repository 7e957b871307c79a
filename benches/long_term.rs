//! Issue time of a resolution for the long term (PAdES B-LTA) against
//! PAdES B-B, with a local time-stamping authority and OCSP responder.
//!
//! `cargo bench --bench long_term [-- --runs 11]`
//!
//! The demo CA's services (`kyhop demo`'s: a time-stamping authority and
//! the OCSP responder its certificates name) answer over HTTP on loopback,
//! in this process. Each round issues the demo's first resolution both
//! ways, in turn, with the same keys (the demo's PKCS#12 files, opened
//! once): B-B is typesetting and the two signatures; B-LTA adds what the
//! server adds — the authority asked and both signers' status checked
//! before the number, the signatures time-stamped, their validation data
//! in the DSS, a document time-stamp and its own status. The database's
//! part (taking and committing the number) is the same for both and left
//! out. Figures are medians of the rounds; the last line is JSON.

mod support;

use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context};
use chrono::Utc;
use kyhop_docs::pdf::resolution::{render, ResolutionSheet};
use kyhop_docs::sign::{verify_pdf, BoxSigner, PadesLevel, RevocationTransport, TimeStamper};
use kyhop_domain::ResolutionContent;
use kyhop_server::services::issuing::{
    check_services, seal_for_the_long_term, sign_resolution, ResolutionSigners, Services,
    SignatureImages,
};
use serde_json::json;
use support::{arg, median};

struct Issuer {
    content: ResolutionContent,
    roots: Vec<kyhop_docs::sign::Certificate>,
    chair: BoxSigner,
    seal: BoxSigner,
    images: SignatureImages,
}

impl Issuer {
    /// One issue, B-B without services, B-LTA with them; its milliseconds
    /// and the PDF.
    fn issue(
        &self,
        services: Option<(&TimeStamper, &dyn RevocationTransport)>,
    ) -> anyhow::Result<(f64, Vec<u8>)> {
        let start = Instant::now();
        let now = Utc::now();
        let (stamper, transport) = match services {
            Some((s, t)) => (Some(s), Some(t)),
            None => (None, None),
        };
        let ca = Services {
            timestamper: stamper,
            revocation: transport,
            trust: &self.roots,
        };
        check_services(&ca, [self.chair.as_ref(), self.seal.as_ref()], now)?;
        let rendered = render(&ResolutionSheet {
            council_name: "Hội đồng nhân dân thành phố Hải Phòng",
            session_line: "Kỳ họp thứ 4",
            number: "01/NQ-HĐND",
            date_line: "Hải Phòng, ngày 10 tháng 12 năm 2026",
            content: &self.content,
        });
        let signers = ResolutionSigners {
            chair: self.chair.as_ref(),
            seal: self.seal.as_ref(),
            timestamper: stamper,
        };
        let signed = sign_resolution(
            &rendered.pdf,
            &rendered.signature,
            &signers,
            &self.images,
            &self.content.signer_name,
            now,
        )?;
        let pdf = match services {
            Some((stamper, transport)) => seal_for_the_long_term(&signed, stamper, transport, now)?,
            None => signed,
        };
        Ok((start.elapsed().as_secs_f64() * 1000.0, pdf))
    }
}

fn main() -> anyhow::Result<()> {
    let runs = arg("--runs", 11);
    let runtime = tokio::runtime::Runtime::new()?;
    let dir = tempfile::tempdir()?;
    let demo: serde_json::Value =
        serde_json::from_str(include_str!("../assets/demo/resolutions.json"))?;
    let content: ResolutionContent = serde_json::from_value(demo[0]["content"].clone())?;
    let keys_dir = kyhop_server::demo_keys::ensure_keys(
        dir.path(),
        &content.signer_name,
        "Hội đồng nhân dân thành phố Hải Phòng",
    )?;
    let stamper = runtime.block_on(kyhop_server::demo_authorities::serve(&keys_dir))?;
    let transport: Arc<dyn RevocationTransport> =
        Arc::new(kyhop_server::services::pki_http::PkiHttp::new()?);
    let keys = kyhop_server::demo_keys::issue_keys(&keys_dir)?;
    let roots = kyhop_docs::sign::keys::certificates_from_pem(&kyhop_server::demo_keys::root_pem(
        &keys_dir,
    )?)?;
    let issuer = Issuer {
        chair: keys.chair.open(Utc::now())?,
        seal: keys.seal.open(Utc::now())?,
        content,
        roots: roots.clone(),
        images: SignatureImages::demo(),
    };

    // The services are reached from a blocking thread of the runtime, as
    // the server does; rounds alternate B-B and B-LTA.
    let (b_b, b_lta, last) = runtime.block_on(async {
        tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
            let mut b_b = Vec::new();
            let mut b_lta = Vec::new();
            let mut last = Vec::new();
            // One round first, not counted: fonts parsed, connections open.
            issuer.issue(Some((&stamper, transport.as_ref())))?;
            for _ in 0..runs {
                b_b.push(issuer.issue(None)?.0);
                let (ms, pdf) = issuer.issue(Some((&stamper, transport.as_ref())))?;
                b_lta.push(ms);
                last = pdf;
            }
            Ok((b_b, b_lta, last))
        })
        .await
        .context("the issuing thread")?
    })?;
    let reports = verify_pdf(&last, &roots)?;
    if reports.len() != 2
        || !reports
            .iter()
            .all(|r| r.level == PadesLevel::BLta && r.trusted)
    {
        bail!("the benchmark's output is not a trusted B-LTA: {reports:?}");
    }
    let (b_b, b_lta) = (median(b_b), median(b_lta));
    println!("issued the demo's first resolution {runs} times at B-B and at B-LTA, alternating");
    println!(
        "{}",
        json!({
            "b_b_issue_median_ms": (b_b * 100.0).round() / 100.0,
            "b_lta_issue_median_ms": (b_lta * 100.0).round() / 100.0,
            "b_lta_over_b_b": (b_lta / b_b * 100.0).round() / 100.0,
            "b_lta_pdf_bytes": last.len(),
            "runs": runs,
        })
    );
    Ok(())
}
