//! Recently delivered blobs kept in memory.
//!
//! At the start of a sitting every laptop fetches the same files at once.
//! Served from disk, each download reads its own copy of the file through
//! a small buffer; served from here, the file is read once and every
//! response body is a reference-counted view of the same bytes. The cache
//! holds at most `budget` bytes, dropping the least recently used files;
//! a file larger than a quarter of the budget is always streamed from disk.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use tokio::sync::OnceCell;

#[derive(Debug)]
pub struct BlobCache {
    budget: u64,
    entries: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    by_hash: HashMap<String, Entry>,
    clock: u64,
}

#[derive(Debug)]
struct Entry {
    /// Filled once; concurrent first requests wait for the one read.
    bytes: Arc<OnceCell<Bytes>>,
    size: u64,
    last_used: u64,
}

impl BlobCache {
    pub fn new(budget: u64) -> Self {
        Self {
            budget,
            entries: Mutex::new(Entries::default()),
        }
    }

    /// The whole file at `path` (named `sha256`, `size` bytes), from memory
    /// when it is there or fits; `None` when it should be streamed instead.
    pub async fn get(
        &self,
        sha256: &str,
        size: u64,
        path: &Path,
    ) -> std::io::Result<Option<Bytes>> {
        if size > self.budget / 4 {
            return Ok(None);
        }
        let cell = {
            let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
            entries.clock += 1;
            let now = entries.clock;
            let cell = entries
                .by_hash
                .entry(sha256.to_owned())
                .or_insert_with(|| Entry {
                    bytes: Arc::new(OnceCell::new()),
                    size,
                    last_used: now,
                });
            cell.last_used = now;
            let cell = cell.bytes.clone();
            entries.evict_beyond(self.budget, sha256);
            cell
        };
        let bytes = cell
            .get_or_try_init(|| async { tokio::fs::read(path).await.map(Bytes::from) })
            .await?;
        Ok(Some(bytes.clone()))
    }
}

impl Entries {
    /// Drops least recently used files until the rest fit, never `keep`.
    fn evict_beyond(&mut self, budget: u64, keep: &str) {
        let mut total: u64 = self.by_hash.values().map(|e| e.size).sum();
        while total > budget {
            let Some(oldest) = self
                .by_hash
                .iter()
                .filter(|(hash, _)| hash.as_str() != keep)
                .min_by_key(|(_, e)| e.last_used)
                .map(|(hash, _)| hash.clone())
            else {
                break;
            };
            if let Some(entry) = self.by_hash.remove(&oldest) {
                total -= entry.size;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::BlobCache;

    #[tokio::test]
    async fn keeps_recent_files_within_the_budget() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, len: usize| {
            let path = dir.path().join(name);
            std::fs::write(&path, vec![name.as_bytes()[0]; len]).unwrap();
            path
        };
        let (a, b, c) = (write("a", 100), write("b", 100), write("c", 100));
        let cache = BlobCache::new(1000);
        assert_eq!(cache.get("a", 100, &a).await.unwrap().unwrap()[0], b'a');
        // Served from memory: the file can go away.
        std::fs::remove_file(&a).unwrap();
        assert_eq!(cache.get("a", 100, &a).await.unwrap().unwrap().len(), 100);
        // Too large for a quarter of the budget: streamed, not cached.
        assert!(cache.get("big", 300, &b).await.unwrap().is_none());
        let small = BlobCache::new(400);
        small.get("b", 100, &b).await.unwrap();
        small.get("c", 100, &c).await.unwrap();
        small.get("a2", 100, &write("a2", 100)).await.unwrap();
        small.get("b", 100, &b).await.unwrap();
        small.get("d", 100, &write("d", 100)).await.unwrap();
        small.get("e", 100, &write("e", 100)).await.unwrap();
        // "c" was the least recently used: gone, so a missing file now fails.
        std::fs::remove_file(&c).unwrap();
        assert!(small.get("c", 100, &c).await.is_err());
        std::fs::remove_file(&b).unwrap();
        assert!(
            small.get("b", 100, &b).await.unwrap().is_some(),
            "b was used recently"
        );
    }
}
