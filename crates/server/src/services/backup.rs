//! Backups of a council while its session runs, and their restore.
//!
//! A backup is a directory: the database (SQLite's online copy, or a
//! `pg_dump` of one snapshot), every file of the blob store that copy
//! refers to, the pairing key (without it, the cards already handed out
//! would not sign in), and `MANIFEST.json`, written last, that lists each
//! file with its size and SHA-256 and each event stream's head. It is built
//! in a hidden directory beside its place and renamed into it once whole
//! and on disk: a backup stopped halfway (a full disk, a crash) is never
//! found where a good one would be. Everything in it is the owner's only.
//!
//! Never in a backup: the counting key (kept apart from the data by design:
//! a copy of the data alone must not open a secret poll), the host's TLS
//! key, signing keys, the initial admin password, the search index (rebuilt
//! from the database).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use kyhop_domain::ChainAnchor;
use kyhop_store_sql::backup::{self as db_backup, Snapshot};

use crate::auth::PAIRING_KEY_FILE;
use crate::private_file;

pub const MANIFEST: &str = "MANIFEST.json";
/// The layout of a backup directory this release writes and reads.
const FORMAT: u32 = 1;
const SQLITE_FILE: &str = "kyhop.db";
const POSTGRES_FILE: &str = "kyhop.pgdump";
const BLOBS: &str = "blobs";

/// What is backed up: the server's database and data directory.
#[derive(Debug, Clone)]
pub struct Source {
    pub db_url: String,
    pub data_dir: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatabaseKind {
    Sqlite,
    Postgres,
}

/// `MANIFEST.json`: what a whole backup holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// The release that made it.
    pub kyhop: String,
    pub made_at: DateTime<Utc>,
    pub database: DatabaseCopy,
    /// Each event stream's last event when the copy was taken.
    pub heads: Vec<Head>,
    /// Every other file, by its path in the backup.
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DatabaseCopy {
    pub kind: DatabaseKind,
    pub schema: i64,
    pub path: String,
    pub bytes: u64,
    /// The SHA-256 of each `chunk_bytes` piece of the file, in order: a
    /// database of gigabytes is hashed (and checked) on every core at once.
    pub chunk_bytes: u64,
    pub chunks: Vec<String>,
}

/// How the database copy is cut for hashing.
const CHUNK_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub stream: String,
    pub seq: i64,
    pub hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

impl From<ChainAnchor> for Head {
    fn from(a: ChainAnchor) -> Self {
        Head {
            stream: a.stream,
            seq: a.seq,
            hash: a.hash,
        }
    }
}

/// Makes a backup of `source` at `out`, a directory that must not exist
/// yet; what it holds.
pub async fn backup(source: &Source, out: &Path) -> anyhow::Result<Manifest> {
    backup_beside(source, out, None).await
}

/// A backup whose documents' files already in `previous` (an earlier
/// backup on the same disk) are linked, not copied again: a file is never
/// changed once stored, so a day of backups every 15 minutes takes the
/// documents' room once.
async fn backup_beside(
    source: &Source,
    out: &Path,
    previous: Option<PathBuf>,
) -> anyhow::Result<Manifest> {
    if out.exists() {
        bail!(
            "{} already exists: a backup never overwrites anything",
            out.display()
        );
    }
    let staging = staging_dir(out, "partial")?;
    let root = staging.path().to_path_buf();
    let (kind, file, snapshot) = match db_backup::sqlite_path(&source.db_url) {
        Some(db) => {
            let target = root.join(SQLITE_FILE);
            let snapshot =
                tokio::task::spawn_blocking(move || db_backup::sqlite_copy(&db, &target))
                    .await?
                    .context("copying the SQLite database")?;
            (DatabaseKind::Sqlite, SQLITE_FILE, snapshot)
        }
        None => {
            let snapshot = db_backup::postgres_dump(&source.db_url, &root.join(POSTGRES_FILE))
                .await
                .context("dumping the PostgreSQL database")?;
            (DatabaseKind::Postgres, POSTGRES_FILE, snapshot)
        }
    };
    let data_dir = source.data_dir.clone();
    let blobs = snapshot.blobs.clone();
    let (database, files) = tokio::task::spawn_blocking(move || {
        // The database's hash (CPU) on one core while the files are copied
        // (I/O) beside it.
        let (database, files) = std::thread::scope(|scope| {
            let hashing = scope.spawn(|| describe_database(&root, file));
            let files = (|| {
                let mut files =
                    copy_blobs(&data_dir.join(BLOBS), previous.as_deref(), &root, &blobs)?;
                let key = data_dir.join(PAIRING_KEY_FILE);
                if key.exists() {
                    files.push(copy_file(&key, &root, PAIRING_KEY_FILE)?);
                }
                anyhow::Ok(files)
            })();
            let database = hashing
                .join()
                .map_err(|_| anyhow::anyhow!("hashing the database copy failed"))?;
            anyhow::Ok((database?, files?))
        })?;
        // Everything written, on disk at once (one syncfs, not a sync per file).
        sync_filesystem(&root)?;
        anyhow::Ok((database, files))
    })
    .await??;
    let manifest = Manifest {
        format: FORMAT,
        kyhop: env!("CARGO_PKG_VERSION").to_owned(),
        made_at: Utc::now(),
        database: DatabaseCopy {
            kind,
            schema: snapshot.schema,
            path: file.to_owned(),
            bytes: database.0,
            chunk_bytes: CHUNK_BYTES,
            chunks: database.1,
        },
        heads: snapshot.heads.into_iter().map(Head::from).collect(),
        files,
    };
    write_synced(
        &staging.path().join(MANIFEST),
        &serde_json::to_vec_pretty(&manifest)?,
    )?;
    publish(staging, out)?;
    Ok(manifest)
}

/// What a restore brought back.
#[derive(Debug)]
pub struct Restored {
    pub manifest: Manifest,
    pub db_url: String,
    /// Events checked in the restored log.
    pub events: u64,
}

/// Restores the backup at `from` into the new (or empty) data directory
/// `data_dir`: the SQLite database as `data_dir/kyhop.db`, or a PostgreSQL
/// dump into the empty database `db`. Every file is checked against the
/// manifest first, so an incomplete or damaged backup is refused before
/// anything is written; the restored log must verify with the manifest's
/// heads.
pub async fn restore(from: &Path, data_dir: &Path, db: Option<&str>) -> anyhow::Result<Restored> {
    let manifest = read_manifest(from)?;
    let checked_from = from.to_path_buf();
    let checked = manifest.clone();
    tokio::task::spawn_blocking(move || check_files(&checked_from, &checked)).await??;
    if is_occupied(data_dir)? {
        bail!(
            "{} is not empty: restore into a new directory (the data there is left alone)",
            data_dir.display()
        );
    }
    let staging = staging_dir(data_dir, "restoring")?;
    let root = staging.path().to_path_buf();
    let db_url = match (manifest.database.kind, db) {
        (DatabaseKind::Sqlite, None) => {
            let (from, root) = (from.to_path_buf(), root.clone());
            let file = manifest.database.path.clone();
            let snapshot = tokio::task::spawn_blocking(move || {
                let target = root.join(SQLITE_FILE);
                copy_file(&from.join(&file), &root, SQLITE_FILE)?;
                db_backup::sqlite_check(&target).context("checking the copied database")
            })
            .await??;
            same_snapshot(&manifest, &snapshot)?;
            crate::startup::default_db_url(data_dir)
        }
        (DatabaseKind::Sqlite, Some(_)) => bail!(
            "this backup holds an SQLite database: restore it without --db (it becomes DATA_DIR/kyhop.db), \
             then `kyhop migrate` it to PostgreSQL"
        ),
        (DatabaseKind::Postgres, Some(url)) if db_backup::sqlite_path(url).is_none() => {
            let dump = from.join(&manifest.database.path);
            db_backup::postgres_check(&dump).await?;
            db_backup::postgres_restore(&dump, url)
                .await
                .context("restoring the PostgreSQL database (it must be empty)")?;
            url.to_owned()
        }
        (DatabaseKind::Postgres, _) => {
            bail!("this backup holds a PostgreSQL dump: give --db postgres://… of an empty database")
        }
    };
    let (from_dir, files) = (from.to_path_buf(), manifest.files.clone());
    let files_root = root.clone();
    tokio::task::spawn_blocking(move || {
        for file in &files {
            copy_file(&from_dir.join(&file.path), &files_root, &file.path)?;
        }
        sync_filesystem(&files_root)
    })
    .await??;
    publish(staging, data_dir)?;
    let events = verify_restored(&db_url, &manifest).await?;
    Ok(Restored {
        manifest,
        db_url,
        events,
    })
}

/// The restored log verifies, and each stream's head is the manifest's.
async fn verify_restored(db_url: &str, manifest: &Manifest) -> anyhow::Result<u64> {
    let database = kyhop_store_sql::Database::open_existing(db_url)
        .await
        .with_context(|| format!("opening {}", kyhop_store_sql::redacted_url(db_url)))?;
    let store = database.as_ref();
    let outcome = async {
        let report = kyhop_store::audit::verify(store).await?;
        if let Some(b) = report.breaks.first() {
            bail!(
                "the restored event log is broken: {} at event {}: {}",
                b.stream,
                b.seq,
                b.reason
            );
        }
        let streams: Vec<String> = report.streams.iter().map(|(s, _)| s.clone()).collect();
        let heads: Vec<Head> = kyhop_store::audit::heads(store, &streams)
            .await?
            .into_iter()
            .map(Head::from)
            .collect();
        if heads != manifest.heads {
            bail!("the restored event log's heads differ from the backup's manifest");
        }
        Ok(report.events())
    }
    .await;
    database.close().await;
    outcome
}

/// The backups kept in `dir` by the server's schedule, oldest first.
pub fn scheduled_backups(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(SCHEDULED_PREFIX))
                && p.join(MANIFEST).is_file()
        })
        .collect();
    found.sort();
    Ok(found)
}

const SCHEDULED_PREFIX: &str = "kyhop-";

/// The server's own backups (`kyhop serve --backup-dir`).
#[derive(Debug, Clone)]
pub struct Schedule {
    pub dir: PathBuf,
    pub every: Duration,
    pub keep: usize,
}

/// Backs up into `dir/kyhop-<UTC time>` every `every` (the first at once),
/// keeping the newest `keep`; runs until dropped. A failed backup is logged
/// and tried again at the next turn; the session is never held up by it.
pub async fn run_schedule(source: Source, schedule: Schedule) {
    let Schedule { dir, every, keep } = schedule;
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let started = std::time::Instant::now();
        match backup_into(&source, &dir, keep).await {
            Ok((out, m)) => tracing::info!(
                path = %out.display(),
                files = m.files.len(),
                seconds = started.elapsed().as_secs_f64(),
                "backup made"
            ),
            Err(e) => {
                tracing::error!(dir = %dir.display(), error = %format!("{e:#}"), "backup failed")
            }
        }
    }
}

/// Makes a backup in `dir` named by the time (`kyhop-<UTC time>`), then
/// removes the oldest there beyond `keep` (a failed backup removes none).
pub async fn backup_into(
    source: &Source,
    dir: &Path,
    keep: usize,
) -> anyhow::Result<(PathBuf, Manifest)> {
    let name = format!(
        "{SCHEDULED_PREFIX}{}",
        Utc::now().format("%Y%m%dT%H%M%S%.3fZ")
    );
    let out = dir.join(name);
    let previous = scheduled_backups(dir)
        .ok()
        .and_then(|all| all.last().cloned());
    let manifest = backup_beside(source, &out, previous).await?;
    let removed =
        prune(dir, keep).with_context(|| format!("removing old backups in {}", dir.display()))?;
    for old in removed {
        tracing::info!(path = %old.display(), "old backup removed");
    }
    Ok((out, manifest))
}

/// Removes the oldest scheduled backups beyond `keep`.
pub fn prune(dir: &Path, keep: usize) -> std::io::Result<Vec<PathBuf>> {
    let all = scheduled_backups(dir)?;
    let excess = all.len().saturating_sub(keep);
    let old: Vec<PathBuf> = all.into_iter().take(excess).collect();
    for path in &old {
        std::fs::remove_dir_all(path)?;
    }
    Ok(old)
}

/// A hidden directory beside `place`, removed unless published.
fn staging_dir(place: &Path, what: &str) -> anyhow::Result<tempfile::TempDir> {
    let name = place
        .file_name()
        .and_then(|n| n.to_str())
        .with_context(|| format!("{} names no directory", place.display()))?;
    let parent = match place.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    private_file::create_dir(&parent)
        .or_else(|e| if parent.is_dir() { Ok(()) } else { Err(e) })
        .with_context(|| format!("creating {}", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.{what}-"))
        .tempdir_in(&parent)
        .with_context(|| format!("cannot write in {}", parent.display()))?;
    private_file::create_dir(staging.path())?;
    Ok(staging)
}

/// Moves the whole staging directory (already on disk) into place,
/// durably.
fn publish(staging: tempfile::TempDir, place: &Path) -> anyhow::Result<()> {
    if place.is_dir() {
        // An empty directory made beforehand (checked by the caller).
        std::fs::remove_dir(place).with_context(|| format!("replacing {}", place.display()))?;
    }
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, place) {
        let _ = std::fs::remove_dir_all(&staged);
        return Err(e).with_context(|| format!("moving the copy to {}", place.display()));
    }
    if let Some(parent) = place.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::File::open(parent)?.sync_all()?;
    }
    Ok(())
}

/// Flushes the file system holding `dir` (its files, their directories)
/// to disk: one call for a backup's thousands of files.
fn sync_filesystem(dir: &Path) -> anyhow::Result<()> {
    let handle = std::fs::File::open(dir).with_context(|| format!("opening {}", dir.display()))?;
    rustix::fs::syncfs(&handle).with_context(|| format!("writing {} to disk", dir.display()))
}

fn is_occupied(dir: &Path) -> anyhow::Result<bool> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_some()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e).with_context(|| format!("reading {}", dir.display())),
    }
}

/// Copies the blobs named into `root/blobs/`, each checked against its
/// name, or links them from the `previous` backup that holds them.
fn copy_blobs(
    from: &Path,
    previous: Option<&Path>,
    root: &Path,
    blobs: &[String],
) -> anyhow::Result<Vec<FileEntry>> {
    let mut missing = Vec::new();
    let mut files = Vec::with_capacity(blobs.len());
    for sha in blobs {
        let relative = blob_path(sha)?;
        if let Some(linked) = previous.and_then(|p| link_from(p, root, &relative, sha)) {
            files.push(linked);
            continue;
        }
        let source = from.join(&relative[BLOBS.len() + 1..]);
        if !source.is_file() {
            missing.push(sha.as_str());
            continue;
        }
        let entry = copy_file(&source, root, &relative)?;
        if &entry.sha256 != sha {
            bail!(
                "{} is damaged: its content's SHA-256 is {}",
                source.display(),
                entry.sha256
            );
        }
        files.push(entry);
    }
    if !missing.is_empty() {
        bail!(
            "the database refers to {} file(s) missing from {}: {}",
            missing.len(),
            from.display(),
            missing.join(", ")
        );
    }
    Ok(files)
}

/// The file at `relative` of an earlier backup, linked into `root`.
fn link_from(previous: &Path, root: &Path, relative: &str, sha: &str) -> Option<FileEntry> {
    let source = previous.join(relative);
    let bytes = std::fs::metadata(&source).ok()?.len();
    let target = root.join(relative);
    private_file::create_dir(target.parent()?).ok()?;
    std::fs::hard_link(&source, &target).ok()?;
    Some(FileEntry {
        path: relative.to_owned(),
        bytes,
        sha256: sha.to_owned(),
    })
}

/// `blobs/ab/abcdef…`, for a well-formed SHA-256 only.
fn blob_path(sha: &str) -> anyhow::Result<String> {
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!("the database names a file by a malformed hash: {sha:?}");
    }
    Ok(format!("{BLOBS}/{}/{sha}", &sha[..2]))
}

/// Copies `source` to `root/relative` (owner-only, synced), hashing it.
fn copy_file(source: &Path, root: &Path, relative: &str) -> anyhow::Result<FileEntry> {
    let target = root.join(relative);
    if let Some(parent) = target.parent() {
        private_file::create_dir(parent)?;
    }
    let mut input =
        std::fs::File::open(source).with_context(|| format!("reading {}", source.display()))?;
    let mut output = create_private(&target)?;
    let mut hasher = Sha256::new();
    let mut bytes = 0u64;
    let mut buffer = vec![0u8; 256 * 1024];
    loop {
        let n = input
            .read(&mut buffer)
            .with_context(|| format!("reading {}", source.display()))?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        output
            .write_all(&buffer[..n])
            .with_context(|| format!("writing {}", target.display()))?;
        bytes += n as u64;
    }
    output
        .flush()
        .with_context(|| format!("writing {}", target.display()))?;
    Ok(FileEntry {
        path: relative.to_owned(),
        bytes,
        sha256: hex::encode(hasher.finalize()),
    })
}

/// Size and chunk hashes of the database copy in the backup.
fn describe_database(root: &Path, relative: &str) -> anyhow::Result<(u64, Vec<String>)> {
    hash_chunks(&root.join(relative), CHUNK_BYTES)
}

/// The file's size and the SHA-256 of each `chunk` bytes of it, the chunks
/// shared among the cores.
fn hash_chunks(path: &Path, chunk: u64) -> anyhow::Result<(u64, Vec<String>)> {
    use std::os::unix::fs::FileExt;
    let file = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let bytes = file.metadata()?.len();
    let count = bytes.div_ceil(chunk).max(1) as usize;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(count);
    let hash_one = |index: usize| -> std::io::Result<String> {
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 1024 * 1024];
        let (mut at, end) = (
            index as u64 * chunk,
            ((index as u64 + 1) * chunk).min(bytes),
        );
        while at < end {
            let want = ((end - at) as usize).min(buffer.len());
            let n = file.read_at(&mut buffer[..want], at)?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            hasher.update(&buffer[..n]);
            at += n as u64;
        }
        Ok(hex::encode(hasher.finalize()))
    };
    let mut chunks = vec![String::new(); count];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let hash_one = &hash_one;
                scope.spawn(move || {
                    (w..count)
                        .step_by(workers)
                        .map(|i| hash_one(i).map(|h| (i, h)))
                        .collect::<std::io::Result<Vec<_>>>()
                })
            })
            .collect();
        for handle in handles {
            let done = handle
                .join()
                .map_err(|_| anyhow::anyhow!("hashing {} failed", path.display()))?
                .with_context(|| format!("reading {}", path.display()))?;
            for (i, h) in done {
                chunks[i] = h;
            }
        }
        anyhow::Ok(())
    })?;
    Ok((bytes, chunks))
}

fn hash_file(path: &Path) -> anyhow::Result<(u64, String)> {
    let mut file =
        std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut hasher = Sha256::new();
    let bytes = std::io::copy(&mut file, &mut hasher)
        .with_context(|| format!("reading {}", path.display()))?;
    Ok((bytes, hex::encode(hasher.finalize())))
}

fn create_private(path: &Path) -> anyhow::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))
}

fn write_synced(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    let mut file = create_private(path)?;
    file.write_all(contents)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing {}", path.display()))
}

fn read_manifest(from: &Path) -> anyhow::Result<Manifest> {
    let path = from.join(MANIFEST);
    let text = match std::fs::read(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "{} is not a whole KyHop backup: {MANIFEST} is missing (it is written last; \
             a backup cut short has none)",
            from.display()
        ),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let manifest: Manifest =
        serde_json::from_slice(&text).with_context(|| format!("reading {}", path.display()))?;
    if manifest.format != FORMAT {
        bail!(
            "{} is a backup of format {} (KyHop {}); this release reads format {FORMAT}",
            from.display(),
            manifest.format,
            manifest.kyhop
        );
    }
    Ok(manifest)
}

/// Every file the manifest lists is there, whole: names what is not.
fn check_files(from: &Path, manifest: &Manifest) -> anyhow::Result<()> {
    let mut problems = Vec::new();
    let database = &manifest.database;
    let outside = |path: &str| path.split('/').any(|part| part == ".." || part.is_empty());
    if let Some(path) = std::iter::once(&database.path)
        .chain(manifest.files.iter().map(|f| &f.path))
        .find(|p| outside(p))
    {
        bail!("the manifest names a file outside the backup: {path}");
    }
    match hash_chunks(&from.join(&database.path), database.chunk_bytes.max(1)) {
        Err(_) => problems.push(format!("{} is missing", database.path)),
        Ok((bytes, _)) if bytes != database.bytes => problems.push(format!(
            "{} has {bytes} bytes instead of {}",
            database.path, database.bytes
        )),
        Ok((_, chunks)) if chunks != database.chunks => {
            problems.push(format!("{} is damaged (SHA-256 differs)", database.path))
        }
        Ok(_) => {}
    }
    for entry in &manifest.files {
        let path = from.join(&entry.path);
        match hash_file(&path) {
            Err(_) => problems.push(format!("{} is missing", entry.path)),
            Ok((bytes, _)) if bytes != entry.bytes => problems.push(format!(
                "{} has {bytes} bytes instead of {}",
                entry.path, entry.bytes
            )),
            Ok((_, sha)) if sha != entry.sha256 => {
                problems.push(format!("{} is damaged (SHA-256 differs)", entry.path))
            }
            Ok(_) => {}
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = problems.iter().take(10).map(String::as_str).collect();
    bail!(
        "{} is incomplete: {}{}; nothing was restored",
        from.display(),
        shown.join("; "),
        if problems.len() > shown.len() {
            format!(" (and {} more)", problems.len() - shown.len())
        } else {
            String::new()
        }
    )
}

/// The copied database is the one the manifest describes.
fn same_snapshot(manifest: &Manifest, snapshot: &Snapshot) -> anyhow::Result<()> {
    let heads: Vec<Head> = snapshot.heads.iter().cloned().map(Head::from).collect();
    let blobs: Vec<&str> = manifest
        .files
        .iter()
        .filter_map(|f| f.path.strip_prefix("blobs/"))
        .filter_map(|p| p.split('/').nth(1))
        .collect();
    if snapshot.schema != manifest.database.schema
        || heads != manifest.heads
        || snapshot.blobs.iter().map(String::as_str).ne(blobs)
    {
        bail!("the backup's database does not match its manifest");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_hashed_chunk_by_chunk_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let bytes: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let (size, chunks) = hash_chunks(&path, 4096).unwrap();
        assert_eq!(size, 10_000);
        let expected: Vec<String> = bytes
            .chunks(4096)
            .map(|c| hex::encode(Sha256::digest(c)))
            .collect();
        assert_eq!(chunks, expected, "three chunks, the last short");
        std::fs::write(&path, b"").unwrap();
        let (size, chunks) = hash_chunks(&path, 4096).unwrap();
        assert_eq!(
            (size, chunks.len()),
            (0, 1),
            "an empty file: one empty chunk"
        );
        assert_eq!(chunks[0], hex::encode(Sha256::digest(b"")));
    }

    #[test]
    fn only_well_formed_hashes_name_files() {
        let sha = "ab".repeat(32);
        assert_eq!(blob_path(&sha).unwrap(), format!("blobs/ab/{sha}"));
        assert!(blob_path("../../etc/passwd").is_err());
        assert!(blob_path(&"g".repeat(64)).is_err());
    }

    #[test]
    fn pruning_keeps_the_newest_whole_backups() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "kyhop-20261204T100000.000Z",
            "kyhop-20261204T101500.000Z",
            "kyhop-20261204T103000.000Z",
        ] {
            std::fs::create_dir(dir.path().join(name)).unwrap();
            std::fs::write(dir.path().join(name).join(MANIFEST), "{}").unwrap();
        }
        // Neither a backup cut short (no manifest) nor anything else.
        std::fs::create_dir(dir.path().join("kyhop-20261204T090000.000Z")).unwrap();
        std::fs::create_dir(dir.path().join("notes")).unwrap();
        let removed = prune(dir.path(), 2).unwrap();
        assert_eq!(
            removed,
            [dir.path().join("kyhop-20261204T100000.000Z")],
            "the oldest whole backup goes"
        );
        let left: Vec<_> = scheduled_backups(dir.path()).unwrap();
        assert_eq!(left.len(), 2);
        assert!(dir.path().join("kyhop-20261204T090000.000Z").exists());
        assert!(dir.path().join("notes").exists());
    }
}
