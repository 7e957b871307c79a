//! The blob store: files on disk named by their SHA-256, written once.
//!
//! An upload is streamed into a temporary file in the store's own
//! directory while it is hashed, then renamed to its name — so a file is
//! either whole under its hash or absent, and the same content is stored once.
//! A temporary file that is not kept is removed when it is dropped (an
//! aborted upload, a refused file), and any left by a crash when the store
//! opens (once it has not been written to for an hour: several instances
//! may share the store, and another's upload may be under way).

mod cache;

use std::path::{Path, PathBuf};

pub use cache::BlobCache;

use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

#[derive(Debug)]
pub struct BlobStore {
    root: PathBuf,
    /// Files being delivered to many readers at once.
    pub cache: BlobCache,
}

/// A part not written to for this long is left over from a stopped server
/// (an upload in progress writes to its part all the time).
const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Memory for files being delivered (see [`BlobCache`]).
pub const DEFAULT_CACHE_BYTES: u64 = 512 * 1024 * 1024;

/// A temporary file in `incoming/`, removed when dropped unless kept.
#[derive(Debug)]
struct PartFile {
    path: PathBuf,
    kept: bool,
}

impl Drop for PartFile {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// A file being received: hashed and counted as it is written.
pub struct Incoming {
    part: PartFile,
    file: tokio::fs::File,
    hasher: Sha256,
    size: u64,
}

/// A received file, not yet in the store (removed if dropped so).
#[derive(Debug)]
pub struct Received {
    part: PartFile,
    pub sha256: String,
    pub size: u64,
}

impl BlobStore {
    pub async fn open(root: impl Into<PathBuf>) -> std::io::Result<Self> {
        let root = root.into();
        let incoming = root.join("incoming");
        tokio::fs::create_dir_all(&incoming).await?;
        // A part not written to for a while was being received when a
        // server stopped. One written to lately may be another instance's
        // upload in progress (the store on a mount several instances share).
        let mut left = tokio::fs::read_dir(&incoming).await?;
        while let Some(entry) = left.next_entry().await? {
            let stale = entry
                .metadata()
                .await
                .and_then(|m| m.modified())
                .is_ok_and(|at| at.elapsed().is_ok_and(|age| age > ABANDONED_AFTER));
            if stale {
                let _ = tokio::fs::remove_file(entry.path()).await;
            }
        }
        Ok(Self {
            root,
            cache: BlobCache::new(DEFAULT_CACHE_BYTES),
        })
    }

    /// Where the blob with this hash lives (it may not exist).
    /// The store's directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path_of(&self, sha256: &str) -> PathBuf {
        let prefix = sha256.get(..2).unwrap_or("00");
        self.root.join(prefix).join(sha256)
    }

    /// Starts receiving a file.
    pub async fn incoming(&self) -> std::io::Result<Incoming> {
        // A random name: several uploads may arrive at once.
        let name = format!("{}.part", hex::encode(rand::random::<[u8; 16]>()));
        let path = self.root.join("incoming").join(name);
        let file = tokio::fs::File::create(&path).await?;
        Ok(Incoming {
            part: PartFile { path, kept: false },
            file,
            hasher: Sha256::new(),
            size: 0,
        })
    }

    /// Moves a received file under its hash. Returns whether it is new
    /// (false: the same content was already stored, and the copy is dropped).
    pub async fn keep(&self, mut received: Received) -> std::io::Result<bool> {
        let target = self.path_of(&received.sha256);
        if tokio::fs::try_exists(&target).await? {
            return Ok(false); // the temporary file goes with `received`
        }
        if let Some(dir) = target.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        tokio::fs::rename(&received.part.path, &target).await?;
        received.part.kept = true;
        Ok(true)
    }

    /// Stores bytes made in memory (a reader's stamped copy). Returns the
    /// stored file and whether it is new.
    pub async fn put(&self, bytes: &[u8]) -> std::io::Result<(String, u64, bool)> {
        let mut incoming = self.incoming().await?;
        incoming.write(bytes).await?;
        let received = incoming.finish().await?;
        let (sha256, size) = (received.sha256.clone(), received.size);
        let created = self.keep(received).await?;
        Ok((sha256, size, created))
    }

    /// Removes a blob (after the database refused what referred to it).
    pub async fn forget(&self, sha256: &str) -> std::io::Result<()> {
        tokio::fs::remove_file(self.path_of(sha256)).await
    }
}

impl Incoming {
    pub async fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
        self.file.write_all(chunk).await
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// Flushes to disk and names the content.
    pub async fn finish(mut self) -> std::io::Result<Received> {
        self.file.flush().await?;
        self.file.sync_all().await?;
        Ok(Received {
            part: self.part,
            sha256: hex::encode(self.hasher.finalize()),
            size: self.size,
        })
    }

    /// Drops a partial file.
    pub async fn discard(self) {
        drop(self);
    }

    /// Where the file is being written: another process (the bounded PDF
    /// child) may write it instead, then [`Incoming::take_written`].
    pub fn path(&self) -> &Path {
        &self.part.path
    }

    /// Names what another process wrote at [`Incoming::path`].
    pub async fn take_written(self) -> std::io::Result<Received> {
        use tokio::io::AsyncReadExt;
        let mut file = tokio::fs::File::open(&self.part.path).await?;
        let (mut hasher, mut size) = (Sha256::new(), 0u64);
        let mut chunk = vec![0; 256 * 1024];
        loop {
            let n = file.read(&mut chunk).await?;
            if n == 0 {
                break;
            }
            hasher.update(&chunk[..n]);
            size += n as u64;
        }
        file.sync_all().await?;
        Ok(Received {
            part: self.part,
            sha256: hex::encode(hasher.finalize()),
            size,
        })
    }
}

impl Received {
    pub async fn discard(self) {
        drop(self);
    }

    pub fn path(&self) -> &Path {
        &self.part.path
    }
}
