//! Delivery: 200 clients downloading a 50 MB document at once over
//! loopback, from `kyhop serve` and from nginx serving the same file, over
//! plain HTTP and over TLS.
//!
//! `benches/delivery.sh` (installs nginx when it is missing), or
//! `cargo bench --bench delivery [-- --clients 200 --megabytes 50 --rounds 5]`
//!
//! The document is a real PDF (one page with a 50 MB image of random bytes,
//! like a large scan: nothing compresses), uploaded and published through
//! the API; the clients download it as a delegate, so every request is
//! signed in and access-checked. nginx (Debian package) runs with a config
//! written here, two workers, `sendfile on`; over TLS both servers present
//! the same certificate (P-256, made here), which the clients pin. Both
//! servers get the same client (reqwest, one connection per client) in the
//! same round, one right after the other, the order swapped every round:
//! the figure is each round's ratio, and its median over the rounds (the
//! machine's load moves both servers of a round alike). The last line is
//! JSON.

mod support;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use futures_util::StreamExt;
use serde_json::json;
use support::nginx::Nginx;
use support::{arg, council_and_session, median, random_image_pdf, ServerProcess};

/// A certificate and its key, as PEM files both servers are given.
struct Identity {
    cert: PathBuf,
    key: PathBuf,
}

impl Identity {
    fn new(dir: &Path) -> anyhow::Result<Identity> {
        let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()])?;
        let identity = Identity {
            cert: dir.join("cert.pem"),
            key: dir.join("key.pem"),
        };
        std::fs::write(&identity.cert, made.cert.pem())?;
        std::fs::write(&identity.key, made.signing_key.serialize_pem())?;
        Ok(identity)
    }
}

/// `clients` concurrent downloads of `url` (over TLS pinned to
/// `fingerprint` when there is one); aggregate MB/s.
async fn round(
    url: &str,
    token: Option<&str>,
    fingerprint: Option<&str>,
    clients: usize,
    size: u64,
) -> anyhow::Result<f64> {
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let url = url.to_owned();
            let token = token.map(str::to_owned);
            let fingerprint = fingerprint.map(str::to_owned);
            tokio::spawn(async move {
                // One connection per client, as 200 laptops would have.
                let mut http = reqwest::Client::builder().pool_max_idle_per_host(0);
                if let Some(fingerprint) = fingerprint {
                    http = http.use_preconfigured_tls(kyhop_server::tls::pinned_client_config(
                        &fingerprint,
                    )?);
                }
                let http = http.build()?;
                let mut request = http.get(&url);
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                let response = request.send().await?.error_for_status()?;
                let mut body = response.bytes_stream();
                let mut received = 0u64;
                while let Some(chunk) = body.next().await {
                    received += chunk?.len() as u64;
                }
                anyhow::Ok(received)
            })
        })
        .collect();
    let mut total = 0;
    for task in tasks {
        let received = task.await??;
        anyhow::ensure!(
            received == size,
            "a download came short: {received} of {size}"
        );
        total += received;
    }
    Ok(total as f64 / 1e6 / started.elapsed().as_secs_f64())
}

/// One transport's figures: medians over the rounds, and each round's ratio.
struct Figures {
    kyhop: Vec<f64>,
    nginx: Vec<f64>,
    ratios: Vec<f64>,
}

impl Figures {
    fn json(&self) -> serde_json::Value {
        json!({
            "kyhop_mb_per_s": round2(median(self.kyhop.clone())),
            "nginx_mb_per_s": round2(median(self.nginx.clone())),
            "ratio_to_nginx": round2(median(self.ratios.clone())),
            "ratios_by_round": self.ratios.iter().copied().map(round2).collect::<Vec<_>>(),
        })
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Both servers on one transport (`tls`: HTTPS with that identity), the
/// document uploaded and published on a fresh KyHop, `rounds` paired rounds.
async fn measure(
    work: &Path,
    www: &Path,
    file: &Path,
    tls: Option<&Identity>,
    clients: usize,
    rounds: usize,
) -> anyhow::Result<Figures> {
    let size = std::fs::metadata(file)?.len();
    let server = match tls {
        Some(identity) => ServerProcess::start_with(&[
            "--cert",
            &identity.cert.to_string_lossy(),
            "--key",
            &identity.key.to_string_lossy(),
        ])?,
        None => ServerProcess::start()?,
    };
    let nginx = Nginx::start(
        work,
        &format!("root {};", www.display()),
        tls.map(|identity| (identity.cert.as_path(), identity.key.as_path())),
    )?;
    let admin = server.admin().await?;
    let (council, session) = council_and_session(&admin).await?;
    let doc = admin
        .upload(
            session,
            json!({ "title": "Phụ lục bản đồ quy hoạch", "kind": "report" }),
            file,
        )
        .await?;
    let id = doc["id"].as_i64().context("no document id")?;
    admin
        .post(
            &format!("/api/sessions/{session}/documents/publish"),
            json!({ "document_ids": [id] }),
        )
        .await?;
    let person = admin
        .post(
            &format!("/api/councils/{council}/people"),
            json!({ "kind": "delegate", "full_name": "Nguyễn Văn Đo" }),
        )
        .await?;
    let card = admin
        .post(
            &format!("/api/people/{}/pairing-code", person["id"]),
            json!({}),
        )
        .await?;
    let mut delegate = kyhop::client::Client {
        token: None,
        ..admin.clone()
    };
    delegate
        .sign_in("/api/auth/pair", json!({ "code": card["code"] }))
        .await?;
    let token = delegate.token.as_deref();
    let fingerprint = server.fingerprint.as_deref();
    let kyhop_url = format!("{}/api/documents/{id}/file", server.url);
    let nginx_url = format!("{}/tai-lieu.pdf", nginx.url);
    let mut figures = Figures {
        kyhop: Vec::new(),
        nginx: Vec::new(),
        ratios: Vec::new(),
    };
    for r in 0..rounds {
        let (k, n) = if r % 2 == 0 {
            let k = round(&kyhop_url, token, fingerprint, clients, size).await?;
            (
                k,
                round(&nginx_url, None, fingerprint, clients, size).await?,
            )
        } else {
            let n = round(&nginx_url, None, fingerprint, clients, size).await?;
            (
                round(&kyhop_url, token, fingerprint, clients, size).await?,
                n,
            )
        };
        let scheme = if tls.is_some() { "https" } else { "http" };
        eprintln!(
            "{scheme} round {r}: kyhop {k:.0} MB/s, nginx {n:.0} MB/s, ratio {:.2}",
            k / n
        );
        figures.kyhop.push(k);
        figures.nginx.push(n);
        figures.ratios.push(k / n);
    }
    Ok(figures)
}

fn main() -> anyhow::Result<()> {
    let clients = arg("--clients", 200);
    let megabytes = arg("--megabytes", 50);
    let rounds = arg("--rounds", 5);
    let dir = tempfile::tempdir()?;
    let www = dir.path().join("www");
    std::fs::create_dir_all(&www)?;
    let file = www.join("tai-lieu.pdf");
    std::fs::write(&file, random_image_pdf(megabytes, 0x2545_f491_4f6c_dd1d)?)?;
    let size = std::fs::metadata(&file)?.len();
    eprintln!("delivery: {clients} clients, {size} bytes each, {rounds} rounds per transport");
    let identity = Identity::new(dir.path())?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let http = rt.block_on(measure(
        &dir.path().join("nginx-http"),
        &www,
        &file,
        None,
        clients,
        rounds,
    ))?;
    let https = rt.block_on(measure(
        &dir.path().join("nginx-https"),
        &www,
        &file,
        Some(&identity),
        clients,
        rounds,
    ))?;
    println!(
        "{}",
        json!({
            "clients": clients,
            "file_megabytes": round2(size as f64 / 1e6),
            "rounds": rounds,
            "http": http.json(),
            "https": https.json(),
            "ratio_to_nginx": round2(median(http.ratios.clone())),
            "tls_ratio_to_nginx": round2(median(https.ratios.clone())),
        })
    );
    Ok(())
}
