//! What the benchmarks share: a real `kyhop serve` on loopback, the text
//! corpus, command-line options.
#![allow(dead_code)] // each benchmark uses its own part

pub mod corpus;
pub mod nginx;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use anyhow::Context;
use lopdf::{dictionary, Document, Object, Stream};
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
    /// With `--tls`: the SHA-256 of the server's certificate.
    pub fingerprint: Option<String>,
    pub dir: tempfile::TempDir,
}

impl ServerProcess {
    /// Starts the release binary Cargo built for this benchmark.
    pub fn start() -> anyhow::Result<ServerProcess> {
        Self::start_with(&[])
    }

    /// The same, with more `serve` arguments (e.g. `--tls`).
    pub fn start_with(extra: &[&str]) -> anyhow::Result<ServerProcess> {
        let dir = tempfile::tempdir()?;
        let mut child = Command::new(env!("CARGO_BIN_EXE_kyhop"))
            .arg("serve")
            .arg("--data-dir")
            // Inside the temporary directory: the counting key goes beside it.
            .arg(dir.path().join("data"))
            .arg("--bind")
            .arg("127.0.0.1:0")
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().context("no stdout")?;
        let mut url = None;
        let mut fingerprint = None;
        let mut lines = BufReader::new(stdout).lines();
        for line in lines.by_ref() {
            let line = line?;
            if let Some(u) = line.strip_prefix("KyHop listening on ") {
                url = Some(u.trim().to_owned());
                if !u.starts_with("https://") {
                    break;
                }
            } else if let Some(f) = line.strip_prefix("KyHop TLS fingerprint: ") {
                fingerprint = Some(f.trim().to_owned());
                break;
            }
        }
        // The server goes on writing (the counting key's line): read it
        // all, or its next line would fail on a closed pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Ok(ServerProcess {
            url: url.context("the server did not say where it listens")?,
            fingerprint,
            child,
            dir,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The admin, signed in (over TLS pinned to the server's certificate
    /// when it serves TLS).
    pub async fn admin(&self) -> anyhow::Result<kyhop::client::Client> {
        let http = match &self.fingerprint {
            Some(fingerprint) => kyhop::client::new_http_pinned(fingerprint)?,
            None => kyhop::client::new_http()?,
        };
        kyhop::client::Client::admin_over(
            http,
            &self.url,
            &self.dir.path().join("data").join("initial-admin-password"),
        )
        .await
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// CPU time so far of a process's threads and of its children's (nginx's
/// workers), in seconds, to the nanosecond (`/proc/PID/task/TID/schedstat`:
/// `/proc/PID/stat` counts in ticks of 10 ms, too coarse for a burst).
pub fn cpu_seconds_of_tree(pid: u32) -> anyhow::Result<f64> {
    fn threads_ns(pid: u32) -> anyhow::Result<u64> {
        let mut ns = 0;
        for task in std::fs::read_dir(format!("/proc/{pid}/task"))? {
            // A thread that ended meanwhile counts no more.
            let Ok(stat) = std::fs::read_to_string(task?.path().join("schedstat")) else {
                continue;
            };
            ns += stat
                .split_whitespace()
                .next()
                .and_then(|on_cpu| on_cpu.parse::<u64>().ok())
                .context("schedstat")?;
        }
        Ok(ns)
    }
    let mut ns = threads_ns(pid)?;
    for entry in std::fs::read_dir("/proc")?.flatten() {
        let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let parent = std::fs::read_to_string(entry.path().join("stat"))
            .ok()
            .and_then(|stat| {
                stat.rsplit_once(')')?
                    .1
                    .split_whitespace()
                    .nth(1)?
                    .parse::<u32>()
                    .ok()
            });
        if parent == Some(pid) {
            ns += threads_ns(child).unwrap_or(0);
        }
    }
    Ok(ns as f64 / 1e9)
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

/// A valid one-page PDF carrying an uncompressible image of about
/// `megabytes` (like a large scan); `seed` makes each file's bytes its own.
pub fn random_image_pdf(megabytes: usize, seed: u64) -> anyhow::Result<Vec<u8>> {
    let side = ((megabytes * 1_000_000 / 3) as f64).sqrt() as i64;
    let mut pixels = vec![0u8; (side * side * 3) as usize];
    let mut state = seed | 1;
    for chunk in pixels.chunks_mut(8) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        chunk.copy_from_slice(&state.to_le_bytes()[..chunk.len()]);
    }
    let mut doc = Document::with_version("1.7");
    let image = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => side, "Height" => side,
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8,
        },
        pixels,
    ));
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"q 595 0 0 842 0 0 cm /Im1 Do Q".to_vec(),
    ));
    let pages = doc.new_object_id();
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image } },
    });
    doc.objects.insert(
        pages,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}
