//! `kyhop backup` against `sqlite3 .backup` on the same database.
//!
//! `cargo bench --bench backup [-- --pages 50000 --delegates 200 --rounds 20 --runs 5]`
//!
//! The database: a full session's events (`kyhop loadtest`: a council of
//! `--delegates`, `--rounds` polls, every ballot) and `--pages` pages of
//! Vietnamese text in 200 documents (the search benchmark's corpus), each
//! document's file in the blob store. Then, `--runs` times in turn, the
//! server idle and the files in the page cache for both: `kyhop backup`
//! (the database by SQLite's online backup, the documents' files, the
//! manifest with every file's SHA-256, everything synced) and the `sqlite3`
//! shell's `.backup` of the same file. Medians; `ratio` is sqlite3's time
//! over KyHop's (≥ 0.8 is the target: no slower than 1/0.8 of the shell's
//! plain page copy). The last line is JSON.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::Context;
use kyhop_domain::PageText;
use kyhop_domain::{DocumentKind, NewDocument};
use kyhop_store::prelude::*;
use kyhop_store::NewVersion;
use kyhop_store_sql::SqliteStore;
use serde_json::json;
use sha2::{Digest, Sha256};

mod support;
use support::arg;
use support::corpus::{vocabulary, zipf, Lcg};

const DOCUMENTS: usize = 200;

fn main() -> anyhow::Result<()> {
    let pages_total = arg("--pages", 50_000);
    let delegates = arg("--delegates", 200);
    let rounds = arg("--rounds", 20);
    let runs = arg("--runs", 5).max(1);
    let kyhop = env!("CARGO_BIN_EXE_kyhop");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;

    // A full session's events, through the server (left running, idle, as
    // a backup finds it).
    let server = support::ServerProcess::start()?;
    let data = server.dir.path().join("data");
    let loadtest = Command::new(kyhop)
        .args(["loadtest", "--url", &server.url, "--admin-password-file"])
        .arg(data.join("initial-admin-password"))
        .args(["--delegates", &delegates.to_string()])
        .args(["--rounds", &rounds.to_string()])
        .output()?;
    anyhow::ensure!(
        loadtest.status.success(),
        "the load test failed: {}",
        String::from_utf8_lossy(&loadtest.stderr)
    );
    let scratch = tempfile::tempdir()?;
    let tmp = scratch.path().to_path_buf();

    // The documents, written straight through the store.
    let db = data.join("kyhop.db");
    let events = rt.block_on(add_documents(&data, &db, pages_total))?;
    sqlite3(&db, "PRAGMA wal_checkpoint(TRUNCATE);")?;
    let db_bytes = std::fs::metadata(&db)?.len();

    let mut ours = Vec::with_capacity(runs);
    let mut shell = Vec::with_capacity(runs);
    let mut blob_bytes = 0;
    for run in 0..runs {
        let to = tmp.join(format!("kyhop-{run}"));
        let started = Instant::now();
        let made = Command::new(kyhop)
            .args(["backup", "--data-dir"])
            .arg(&data)
            .arg("--to")
            .arg(&to)
            .output()?;
        ours.push(started.elapsed().as_secs_f64());
        anyhow::ensure!(
            made.status.success(),
            "kyhop backup: {}",
            String::from_utf8_lossy(&made.stderr)
        );
        blob_bytes = dir_bytes(&to.join("blobs"));
        std::fs::remove_dir_all(&to)?;

        let to = tmp.join(format!("sqlite-{run}.db"));
        let started = Instant::now();
        sqlite3(&db, &format!(".backup '{}'", to.display()))?;
        // `.backup` leaves the file to the page cache: synced as ours is.
        std::fs::File::open(&to)?.sync_all()?;
        shell.push(started.elapsed().as_secs_f64());
        std::fs::remove_file(&to)?;
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (ours_s, shell_s) = (median(&mut ours), median(&mut shell));
    let mb = db_bytes as f64 / 1e6;
    let r2 = |x: f64| (x * 100.0).round() / 100.0;
    println!(
        "{}",
        json!({
            "pages": pages_total,
            "events": events,
            "database_mb": r2(mb),
            "blob_mb": r2(blob_bytes as f64 / 1e6),
            "runs": runs,
            "kyhop_backup_s": r2(ours_s),
            "sqlite3_backup_s": r2(shell_s),
            "kyhop_mb_per_s": r2(mb / ours_s),
            "sqlite3_mb_per_s": r2(mb / shell_s),
            "ratio": r2(shell_s / ours_s),
        })
    );
    Ok(())
}

async fn add_documents(data: &Path, db: &Path, pages_total: usize) -> anyhow::Result<i64> {
    let store = SqliteStore::open(&format!("sqlite://{}", db.display())).await?;
    let admin = store
        .account_by_username("admin")
        .await?
        .context("the admin")?
        .0
        .id;
    let session: i64 = query(db, "SELECT MAX(id) FROM sessions")?
        .parse()
        .context("the load test's session")?;
    let vocabulary = vocabulary();
    let weights = zipf(vocabulary.len());
    let mut rng = Lcg(2026);
    let per_doc = pages_total.div_ceil(DOCUMENTS);
    for d in 0..DOCUMENTS {
        let pages: Vec<PageText> = (1..=per_doc as u32)
            .map(|page| PageText {
                page,
                text: support::corpus::text(&mut rng, &vocabulary, &weights, 250),
                scanned: false,
            })
            .collect();
        // Each document's file: 200 KB, in the blob store by its hash.
        let bytes: Vec<u8> = (0..200_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8 ^ d as u8)
            .collect();
        let sha = hex::encode(Sha256::digest(&bytes));
        let path = data.join("blobs").join(&sha[..2]).join(&sha);
        std::fs::create_dir_all(path.parent().context("blob dir")?)?;
        std::fs::write(&path, &bytes)?;
        store
            .create_document(
                admin,
                session,
                NewDocument {
                    title: format!("Tài liệu {d}"),
                    number: String::new(),
                    kind: DocumentKind::Report,
                    agenda_item_id: None,
                    confidentiality: kyhop_domain::Confidentiality::Delegates,
                    audience: Vec::new(),
                },
                NewVersion {
                    sha256: sha,
                    byte_size: bytes.len() as u64,
                    file_name: format!("tai-lieu-{d}.pdf"),
                    pages,
                    recognition: None,
                },
            )
            .await?;
    }
    let events: i64 = store.stream_heads().await?.iter().map(|(_, seq)| seq).sum();
    store.close().await;
    Ok(events)
}

/// One value, as the `sqlite3` shell prints it.
fn query(db: &Path, sql: &str) -> anyhow::Result<String> {
    let out = Command::new("sqlite3").arg(db).arg(sql).output()?;
    anyhow::ensure!(out.status.success(), "sqlite3 {sql}");
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn sqlite3(db: &Path, command: &str) -> anyhow::Result<()> {
    let out = Command::new("sqlite3").arg(db).arg(command).output()?;
    anyhow::ensure!(
        out.status.success(),
        "sqlite3 {command}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(())
}

fn dir_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let meta = entry.metadata().ok();
        match meta {
            Some(m) if m.is_dir() => total += dir_bytes(&entry.path()),
            Some(m) => total += m.len(),
            None => {}
        }
    }
    total
}
