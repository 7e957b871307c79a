//! `kyhop migrate`: moves a council from its SQLite file to PostgreSQL,
//! for several server instances — the documents' files and the pairing key
//! with it, then shows that the event log arrived whole (every stream's
//! chain intact, its head the same hash as in the source).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use kyhop_docs::blobs::BlobStore;
use kyhop_server::auth::PAIRING_KEY_FILE;
use kyhop_server::private_file::{owner_only, private_dir, write_private};
use kyhop_store_sql::transfer::{self, TransferReport};
use kyhop_store_sql::{redacted_url, Database};

pub struct MigrateOptions {
    /// `sqlite://…/kyhop.db`
    pub from: String,
    /// `postgres://…`, an empty database.
    pub to: String,
    /// The source's data directory (its documents' files and pairing key);
    /// by default the directory of the SQLite file.
    pub data_dir: Option<PathBuf>,
    /// The data directory the instances on PostgreSQL share; without it
    /// the files stay where they are (the instances use `data_dir`).
    pub to_data_dir: Option<PathBuf>,
}

/// What was moved, for the operator.
pub struct Moved {
    pub report: TransferReport,
    pub blobs: usize,
    pub streams: usize,
    pub events: u64,
}

pub async fn run(opts: &MigrateOptions) -> anyhow::Result<Moved> {
    if !opts.from.starts_with("sqlite:") {
        bail!("--from takes the SQLite database to move: sqlite://…/kyhop.db");
    }
    if !opts.to.starts_with("postgres:") && !opts.to.starts_with("postgresql:") {
        bail!("--to takes the PostgreSQL database to move into: postgres://…");
    }
    let from_dir = match &opts.data_dir {
        Some(dir) => dir.clone(),
        None => sqlite_dir(&opts.from)?,
    };
    // The files first: they are content-addressed, so a copy that is
    // stopped halfway is simply made again; the database moves last, in
    // one transaction, and a moved database refuses a second move.
    let blobs = match &opts.to_data_dir {
        Some(to_dir) if to_dir != &from_dir => {
            // The documents are confidential until published: owner-only.
            owner_only();
            private_dir(to_dir)?;
            let blobs = copy_blobs(&from_dir.join("blobs"), &to_dir.join("blobs")).await?;
            copy_pairing_key(&from_dir, to_dir)?;
            blobs
        }
        _ => 0,
    };
    let report = transfer::sqlite_to_postgres(&opts.from, &opts.to)
        .await
        .with_context(|| {
            format!(
                "moving {} to {}",
                redacted_url(&opts.from),
                redacted_url(&opts.to)
            )
        })?;
    let (streams, events) = compare_logs(&opts.from, &opts.to).await?;
    Ok(Moved {
        report,
        blobs,
        streams,
        events,
    })
}

/// The directory of the file a `sqlite://` URL names.
fn sqlite_dir(url: &str) -> anyhow::Result<PathBuf> {
    let path = url
        .trim_start_matches("sqlite:")
        .trim_start_matches("//")
        .split('?')
        .next()
        .unwrap_or_default();
    Path::new(path)
        .parent()
        .map(Path::to_path_buf)
        .filter(|p| !p.as_os_str().is_empty())
        .or_else(|| Some(PathBuf::from(".")))
        .context("the SQLite URL names no file")
}

/// Copies every stored file, each checked against its name (its SHA-256)
/// as it is stored again; how many.
async fn copy_blobs(from: &Path, to: &Path) -> anyhow::Result<usize> {
    let target = BlobStore::open(to)
        .await
        .with_context(|| format!("opening {}", to.display()))?;
    let mut copied = 0;
    let Ok(mut prefixes) = tokio::fs::read_dir(from).await else {
        return Ok(0); // a council without documents
    };
    while let Some(prefix) = prefixes.next_entry().await? {
        if !prefix.file_type().await?.is_dir() || prefix.file_name() == "incoming" {
            continue;
        }
        let mut files = tokio::fs::read_dir(prefix.path()).await?;
        while let Some(file) = files.next_entry().await? {
            let name = file.file_name().to_string_lossy().into_owned();
            let bytes = tokio::fs::read(file.path())
                .await
                .with_context(|| format!("reading {}", file.path().display()))?;
            let (sha256, _, _) = target.put(&bytes).await?;
            if sha256 != name {
                let _ = target.forget(&sha256).await;
                bail!(
                    "{} is damaged: its content's SHA-256 is {sha256}",
                    file.path().display()
                );
            }
            copied += 1;
        }
    }
    Ok(copied)
}

/// The key pairing codes are stored under: without it, the cards already
/// handed out would not sign in on the new instances.
fn copy_pairing_key(from: &Path, to: &Path) -> anyhow::Result<()> {
    let (source, target) = (from.join(PAIRING_KEY_FILE), to.join(PAIRING_KEY_FILE));
    let Ok(key) = std::fs::read(&source) else {
        return Ok(()); // never served: made on first start
    };
    match std::fs::read(&target) {
        Ok(existing) if existing == key => Ok(()),
        Ok(_) => bail!(
            "{} holds another pairing key: the cards of the council moved would not sign in",
            target.display()
        ),
        Err(_) => {
            write_private(&target, &key)?;
            Ok(())
        }
    }
}

/// Audits the event log on both sides: every chain intact on the target,
/// with the same streams and the same head hashes as the source. The
/// number of streams and events.
async fn compare_logs(from: &str, to: &str) -> anyhow::Result<(usize, u64)> {
    let source = Database::open_existing(from).await?;
    let target = Database::open_existing(to).await?;
    let (was, is) = (
        kyhop_store::audit::verify(source.as_ref()).await?,
        kyhop_store::audit::verify(target.as_ref()).await?,
    );
    let streams: Vec<String> = was.streams.iter().map(|(s, _)| s.clone()).collect();
    let heads = (
        kyhop_store::audit::heads(source.as_ref(), &streams).await?,
        kyhop_store::audit::heads(target.as_ref(), &streams).await?,
    );
    source.close().await;
    target.close().await;
    if !is.breaks.is_empty() {
        let b = &is.breaks[0];
        bail!(
            "the moved event log fails its audit: {} at event {}: {}",
            b.stream,
            b.seq,
            b.reason
        );
    }
    if was.streams != is.streams || heads.0 != heads.1 {
        bail!("the moved event log differs from the source's (streams or head hashes)");
    }
    Ok((was.streams.len(), was.events()))
}
