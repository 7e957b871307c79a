//! What the benchmarks share: a real `kyhop serve` on loopback, the text
//! corpus, command-line options.
#![allow(dead_code)] // each benchmark uses its own part

pub mod corpus;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use anyhow::Context;
use serde_json::json;

/// `--name value` from the command line, or `default`.
pub fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.windows(2)
        .find(|w| w[0] == name)
        .and_then(|w| w[1].parse().ok())
        .unwrap_or(default)
}

/// A `kyhop serve` child process with its own data directory, killed on drop.
pub struct ServerProcess {
    child: Child,
    pub url: String,
    pub dir: tempfile::TempDir,
}

impl ServerProcess {
    /// Starts the release binary Cargo built for this benchmark.
    pub fn start() -> anyhow::Result<ServerProcess> {
        let dir = tempfile::tempdir()?;
        let mut child = Command::new(env!("CARGO_BIN_EXE_kyhop"))
            .arg("serve")
            .arg("--data-dir")
            .arg(dir.path())
            .arg("--bind")
            .arg("127.0.0.1:0")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().context("no stdout")?;
        let mut url = None;
        for line in BufReader::new(stdout).lines() {
            if let Some(u) = line?.strip_prefix("KyHop listening on ") {
                url = Some(u.trim().to_owned());
                break;
            }
        }
        Ok(ServerProcess {
            url: url.context("the server did not say where it listens")?,
            child,
            dir,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The admin, signed in.
    pub async fn admin(&self) -> anyhow::Result<kyhop::client::Client> {
        kyhop::client::Client::admin(&self.url, &self.dir.path().join("initial-admin-password"))
            .await
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A council with one session; returns (council, session).
pub async fn council_and_session(admin: &kyhop::client::Client) -> anyhow::Result<(i64, i64)> {
    let id = |v: serde_json::Value| v["id"].as_i64().context("no id");
    let council = id(admin
        .post(
            "/api/councils",
            json!({ "name": "HĐND đo hiệu năng", "place_name": "Hà Nội", "total_seats": 50 }),
        )
        .await?)?;
    let term = id(admin
        .post(
            &format!("/api/councils/{council}/terms"),
            json!({ "name": "2026–2031", "start_year": 2026, "end_year": 2031 }),
        )
        .await?)?;
    let day = chrono::Utc::now().date_naive() + chrono::Duration::days(14);
    let session = id(admin
        .post(
            &format!("/api/councils/{council}/sessions"),
            json!({ "term_id": term, "number": 1, "kind": "regular", "title": "Kỳ họp thường lệ", "place": "Hội trường",
                    "planned_start": day, "planned_end": day }),
        )
        .await?)?;
    Ok((council, session))
}

/// The median of some measurements.
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}
