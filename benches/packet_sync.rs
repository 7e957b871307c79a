//! Packet sync: how long a delegate's laptop takes to bring down a 200 MB
//! session packet from a host on loopback, against downloading the same
//! files straight from the host in the same run.
//!
//! `cargo bench --bench packet_sync [-- --files 10 --megabytes 20 --rounds 2]`
//!
//! The host is `kyhop serve --tls`. The documents are real PDFs (one page
//! each, a large image of random bytes, so nothing compresses), uploaded
//! and published through the API. The laptop is the desktop app's gateway
//! (`kyhop_gateway`) in this process: paired with the host's fingerprint,
//! signed in with a delegate's pairing card; the clock runs from the UI's
//! first snapshot request (which makes it follow the session) until its
//! status says every file is on disk, checked against its SHA-256. The
//! reference downloads the same files one after another over one pinned
//! TLS connection, as the gateway does, without keeping them. The last
//! line is JSON.

mod support;

use std::time::{Duration, Instant};

use anyhow::Context;
use futures_util::StreamExt;
use serde_json::{json, Value};
use support::{arg, council_and_session, median, random_image_pdf, ServerProcess};

/// The gateway as the desktop window talks to it.
struct Window {
    http: reqwest::Client,
    url: String,
    /// The gateway's own, which the app hands its window.
    gateway_token: String,
    token: Option<String>,
}

impl Window {
    async fn post(&self, path: &str, body: Value) -> anyhow::Result<Value> {
        let mut request = self
            .http
            .post(format!("{}{path}", self.url))
            .header(kyhop_gateway::GATEWAY_TOKEN_HEADER, &self.gateway_token)
            .json(&body);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await?;
        let status = response.status();
        let value: Value = response.json().await?;
        anyhow::ensure!(status.is_success(), "{path}: {status} {value}");
        Ok(value)
    }

    async fn get(&self, path: &str) -> anyhow::Result<Value> {
        let mut request = self.http.get(format!("{}{path}", self.url));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        Ok(request.send().await?.error_for_status()?.json().await?)
    }
}

/// One laptop syncing the packet from scratch; milliseconds.
async fn gateway_round(
    server: &ServerProcess,
    fingerprint: &str,
    admin: &kyhop::client::Client,
    person: i64,
    session: i64,
    files: u64,
) -> anyhow::Result<f64> {
    let app = tempfile::tempdir()?;
    let gateway = kyhop_gateway::Gateway::start(
        app.path(),
        "127.0.0.1:0".parse()?,
        kyhop_gateway::SecretPlace::File,
    )
    .await?;
    let mut window = Window {
        http: reqwest::Client::new(),
        url: gateway.url().trim_end_matches('/').to_owned(),
        gateway_token: gateway.gateway_token().to_owned(),
        token: None,
    };
    // The fingerprint as typed from the host's screen.
    window
        .post(
            "/desktop/pair",
            json!({ "url": server.url,
                    "confirmation": kyhop_server::tls::short_fingerprint(fingerprint) }),
        )
        .await?;
    let card = admin
        .post(&format!("/api/people/{person}/pairing-code"), json!({}))
        .await?;
    let signed_in = window
        .post("/api/auth/pair", json!({ "code": card["code"] }))
        .await?;
    window.token = Some(signed_in["token"].as_str().context("token")?.to_owned());
    let started = Instant::now();
    window
        .get(&format!("/api/sessions/{session}/snapshot"))
        .await?;
    loop {
        let status = window.get("/desktop/status").await?;
        let sync = &status["sync"];
        if sync["state"] == "done" && sync["files_done"] == files {
            break;
        }
        anyhow::ensure!(sync["state"] != "failed", "the sync failed: {status}");
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(600),
            "no sync after 10 minutes: {status}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    gateway.shut_down().await;
    Ok(elapsed)
}

/// The same files straight from the host, one after another; milliseconds.
async fn direct_round(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    packet: &[Value],
) -> anyhow::Result<f64> {
    let started = Instant::now();
    for entry in packet {
        let path = entry["url"].as_str().context("url")?;
        let response = http
            .get(format!("{url}{path}&prefetch=true"))
            .bearer_auth(token)
            .send()
            .await?
            .error_for_status()?;
        let mut body = response.bytes_stream();
        let mut received = 0u64;
        while let Some(chunk) = body.next().await {
            received += chunk?.len() as u64;
        }
        anyhow::ensure!(
            Some(received) == entry["byte_size"].as_u64(),
            "short download"
        );
    }
    Ok(started.elapsed().as_secs_f64() * 1000.0)
}

fn main() -> anyhow::Result<()> {
    let files = arg("--files", 10);
    let megabytes = arg("--megabytes", 20);
    let rounds = arg("--rounds", 2);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let server = ServerProcess::start_with(&["--tls", "--upload-limit", "1000000000"])?;
        let fingerprint = server.fingerprint.clone().context("a TLS host")?;
        let admin = server.admin().await?;
        let (council, session) = council_and_session(&admin).await?;
        let person = admin
            .post(
                &format!("/api/councils/{council}/people"),
                json!({ "kind": "delegate", "full_name": "Nguyễn Văn Đo" }),
            )
            .await?["id"]
            .as_i64()
            .context("person")?;
        let dir = tempfile::tempdir()?;
        let mut ids = Vec::new();
        for n in 0..files {
            let file = dir.path().join(format!("{n}.pdf"));
            std::fs::write(&file, random_image_pdf(megabytes, 0x9e37_79b9 + n as u64)?)?;
            let doc = admin
                .upload(
                    session,
                    json!({ "title": format!("Tài liệu {n}"), "kind": "report" }),
                    &file,
                )
                .await?;
            ids.push(doc["id"].clone());
        }
        admin
            .post(
                &format!("/api/sessions/{session}/documents/publish"),
                json!({ "document_ids": ids }),
            )
            .await?;

        // A delegate's own token for the reference downloads.
        let pinned = kyhop::client::new_http_pinned(&fingerprint)?;
        let card = admin
            .post(&format!("/api/people/{person}/pairing-code"), json!({}))
            .await?;
        let mut delegate = kyhop::client::Client {
            http: pinned.clone(),
            url: server.url.clone(),
            token: None,
        };
        delegate
            .sign_in("/api/auth/pair", json!({ "code": card["code"] }))
            .await?;
        let token = delegate.token.clone().context("token")?;
        let (_, packet) = delegate
            .call(
                reqwest::Method::GET,
                &format!("/api/sessions/{session}/packet"),
                None,
            )
            .await?;
        let packet = packet.as_array().context("packet")?.clone();
        let bytes: u64 = packet.iter().filter_map(|e| e["byte_size"].as_u64()).sum();

        let mut synced = Vec::new();
        let mut direct = Vec::new();
        for _ in 0..rounds {
            direct.push(direct_round(&pinned, &server.url, &token, &packet).await?);
            synced.push(
                gateway_round(
                    &server,
                    &fingerprint,
                    &admin,
                    person,
                    session,
                    packet.len() as u64,
                )
                .await?,
            );
        }
        let sync_ms = median(synced.clone());
        let direct_ms = median(direct.clone());
        let mb = bytes as f64 / 1e6;
        println!(
            "{}",
            json!({
                "files": packet.len(),
                "packet_mb": (mb * 10.0).round() / 10.0,
                "sync_ms_median": sync_ms.round(),
                "sync_ms_runs": synced.iter().map(|x| x.round()).collect::<Vec<_>>(),
                "sync_mb_per_s": (mb / (sync_ms / 1000.0) * 10.0).round() / 10.0,
                "direct_download_ms_median": direct_ms.round(),
                "sync_over_direct": (sync_ms / direct_ms * 100.0).round() / 100.0,
            })
        );
        anyhow::Ok(())
    })
}
