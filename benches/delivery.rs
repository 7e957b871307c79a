//! Delivery: 200 clients downloading a 50 MB document at once over
//! loopback, from `kyhop serve` and from nginx serving the same file.
//!
//! `benches/delivery.sh` (installs nginx when it is missing), or
//! `cargo bench --bench delivery [-- --clients 200 --megabytes 50 --rounds 2]`
//!
//! The document is a real PDF (one page with a 50 MB image of random bytes,
//! like a large scan: nothing compresses), uploaded and published through
//! the API; the clients download it as a delegate, so every request is
//! signed in and access-checked. nginx (Debian package) runs with a config
//! written here, two workers, `sendfile on`. Both servers get the same
//! client (reqwest, one connection per client) in the same run, alternating;
//! figures are the best round of each. The last line is JSON.

mod support;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use futures_util::StreamExt;
use serde_json::json;
use support::{arg, council_and_session, random_image_pdf, ServerProcess};

/// nginx serving `root` on a free loopback port, killed on drop.
struct Nginx {
    child: Child,
    url: String,
}

impl Nginx {
    fn start(dir: &std::path::Path, root: &std::path::Path) -> anyhow::Result<Nginx> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let d = dir.display();
        std::fs::create_dir_all(dir.join("tmp"))?;
        let config = format!(
            "worker_processes 2;\nuser root;\ndaemon off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
             events {{ worker_connections 4096; }}\n\
             http {{\n  access_log off;\n  sendfile on;\n  tcp_nopush on;\n  keepalive_timeout 65;\n\
               client_body_temp_path {d}/tmp; proxy_temp_path {d}/tmp; fastcgi_temp_path {d}/tmp;\n\
               uwsgi_temp_path {d}/tmp; scgi_temp_path {d}/tmp;\n\
               types {{ application/pdf pdf; }}\n\
               server {{ listen 127.0.0.1:{port}; root {}; }}\n}}\n",
            root.display()
        );
        let conf = dir.join("nginx.conf");
        std::fs::write(&conf, config)?;
        let nginx = ["/usr/sbin/nginx", "nginx"]
            .into_iter()
            .find(|p| {
                Command::new(p)
                    .arg("-v")
                    .stderr(Stdio::null())
                    .status()
                    .is_ok()
            })
            .context("nginx is not installed: run benches/delivery.sh, which installs it")?;
        let child = Command::new(nginx)
            .arg("-c")
            .arg(&conf)
            .arg("-p")
            .arg(dir)
            .arg("-e")
            .arg(dir.join("error.log"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(Nginx { child, url });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        anyhow::bail!("nginx did not start; see {d}/error.log")
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM, so that the master stops its workers too (SIGKILL would orphan them).
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

/// `clients` concurrent downloads of `url`; aggregate MB/s.
async fn round(url: &str, token: Option<&str>, clients: usize, size: u64) -> anyhow::Result<f64> {
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let url = url.to_owned();
            let token = token.map(str::to_owned);
            tokio::spawn(async move {
                // One connection per client, as 200 laptops would have.
                let http = reqwest::Client::builder()
                    .pool_max_idle_per_host(0)
                    .build()?;
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

fn main() -> anyhow::Result<()> {
    let clients = arg("--clients", 200);
    let megabytes = arg("--megabytes", 50);
    let rounds = arg("--rounds", 2);
    let dir = tempfile::tempdir()?;
    let www = dir.path().join("www");
    std::fs::create_dir_all(&www)?;
    let file = www.join("tai-lieu.pdf");
    std::fs::write(&file, random_image_pdf(megabytes, 0x2545_f491_4f6c_dd1d)?)?;
    let size = std::fs::metadata(&file)?.len();
    eprintln!("delivery: {clients} clients, {size} bytes each");

    let server = ServerProcess::start()?;
    let nginx = Nginx::start(&dir.path().join("nginx"), &www)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let admin = server.admin().await?;
        let (council, session) = council_and_session(&admin).await?;
        let doc = admin
            .upload(
                session,
                json!({ "title": "Phụ lục bản đồ quy hoạch", "kind": "report" }),
                &file,
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
        let token = delegate.token.clone();
        let kyhop_url = format!("{}/api/documents/{id}/file", server.url);
        let nginx_url = format!("{}/tai-lieu.pdf", nginx.url);
        let (mut kyhop, mut reference) = (0f64, 0f64);
        for r in 0..rounds {
            let k = round(&kyhop_url, token.as_deref(), clients, size).await?;
            let n = round(&nginx_url, None, clients, size).await?;
            eprintln!("round {r}: kyhop {k:.0} MB/s, nginx {n:.0} MB/s");
            kyhop = kyhop.max(k);
            reference = reference.max(n);
        }
        let round2 = |x: f64| (x * 100.0).round() / 100.0;
        println!(
            "{}",
            json!({
                "clients": clients,
                "file_megabytes": round2(size as f64 / 1e6),
                "kyhop_mb_per_s": round2(kyhop),
                "nginx_mb_per_s": round2(reference),
                "ratio_to_nginx": round2(kyhop / reference),
            })
        );
        anyhow::Ok(())
    })
}
