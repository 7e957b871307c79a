//! What the laptop keeps to work without the host: the last answer to each
//! read-only API request (the agenda, the documents list, notes…), the
//! session packet's files by SHA-256, and reads made offline that the host
//! has yet to hear of.
//!
//! Files are checked against their SHA-256 each time they are served: a
//! damaged copy is deleted and fetched again, never shown. Their names are
//! their SHA-256 and nothing else (`FileHash`): the host says which hash a
//! file has, and a host that says `../../somewhere` names no file here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::sync::Mutex;

use super::GatewayError;

/// A SHA-256 as exactly 64 lowercase hex digits: the only thing the store
/// makes a file name of.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct FileHash(String);

impl FileHash {
    /// `text` if it is 64 lowercase hex digits; anything else (upper case
    /// included: no guessing at what a host meant) is refused.
    pub fn parse(text: &str) -> Option<Self> {
        let ok = text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        ok.then(|| Self(text.to_owned()))
    }

    /// The SHA-256 of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self(hex::encode(Sha256::digest(bytes)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for FileHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for FileHash {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text)
            .ok_or_else(|| serde::de::Error::custom("a SHA-256 is 64 lowercase hex digits"))
    }
}

/// One document's file as the packet lists it for this reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PacketFile {
    pub document_id: i64,
    pub version: u32,
    pub sha256: FileHash,
    pub byte_size: u64,
}

/// A kept API answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeptResponse {
    pub content_type: String,
    pub body: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    /// Current file of each document, by document id.
    files: BTreeMap<i64, PacketFile>,
    /// Document-file paths opened while offline, to report as reads.
    pending_reads: Vec<String>,
}

pub struct OfflineStore {
    dir: PathBuf,
    index: Mutex<Index>,
}

impl OfflineStore {
    pub fn open(dir: &Path) -> Result<Self, GatewayError> {
        for path in [dir.to_owned(), dir.join("responses"), dir.join("files")] {
            super::private_fs::create_dir(&path).map_err(|e| GatewayError::disk(&path, e))?;
        }
        let index = std::fs::read(dir.join("index.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Ok(Self {
            dir: dir.to_owned(),
            index: Mutex::new(index),
        })
    }

    fn response_path(&self, key: &str) -> PathBuf {
        let name = hex::encode(Sha256::digest(key.as_bytes()));
        self.dir.join("responses").join(format!("{name}.json"))
    }

    pub fn file_path(&self, sha256: &FileHash) -> PathBuf {
        self.dir.join("files").join(sha256.as_str())
    }

    /// Keeps an answer for `key` (method-less: only GETs are kept).
    pub async fn keep_response(&self, key: &str, kept: &KeptResponse) -> Result<(), GatewayError> {
        let path = self.response_path(key);
        let bytes = serde_json::to_vec(kept).map_err(|e| GatewayError::Internal(e.into()))?;
        write_whole(&path, &bytes).await
    }

    pub async fn kept_response(&self, key: &str) -> Option<KeptResponse> {
        let bytes = tokio::fs::read(self.response_path(key)).await.ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// The file the packet lists as current for a document.
    pub async fn packet_file(&self, document_id: i64) -> Option<PacketFile> {
        self.index.lock().await.files.get(&document_id).cloned()
    }

    pub async fn set_packet_file(&self, file: PacketFile) -> Result<(), GatewayError> {
        let mut index = self.index.lock().await;
        index.files.insert(file.document_id, file);
        self.save_index(&index).await
    }

    /// Whether the file is on disk whole (by size; the hash is checked when
    /// it is served).
    pub async fn has_file(&self, file: &PacketFile) -> bool {
        tokio::fs::metadata(self.file_path(&file.sha256))
            .await
            .is_ok_and(|m| m.len() == file.byte_size)
    }

    /// The file's bytes if they are on disk and match their SHA-256. A copy
    /// that does not match is deleted (and `Ok(None)` returned), so that it
    /// is fetched again.
    pub async fn verified_file(&self, sha256: &FileHash) -> Result<Option<Bytes>, GatewayError> {
        let path = self.file_path(sha256);
        let bytes = match tokio::fs::read(&path).await {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(GatewayError::disk(&path, e)),
        };
        if FileHash::of(&bytes) == *sha256 {
            return Ok(Some(Bytes::from(bytes)));
        }
        tracing::warn!(
            %sha256,
            "a kept document file was damaged; deleted to fetch again"
        );
        tokio::fs::remove_file(&path)
            .await
            .map_err(|e| GatewayError::disk(&path, e))?;
        Ok(None)
    }

    /// Where a download for `sha256` is written before it is checked.
    pub fn partial_path(&self, sha256: &FileHash) -> PathBuf {
        self.file_path(sha256).with_extension("part")
    }

    /// Puts a checked download (at `partial_path`) in its place.
    pub async fn commit_partial(&self, sha256: &FileHash) -> Result<(), GatewayError> {
        let path = self.file_path(sha256);
        tokio::fs::rename(self.partial_path(sha256), &path)
            .await
            .map_err(|e| GatewayError::disk(&path, e))
    }

    pub async fn add_pending_read(&self, path: &str) -> Result<(), GatewayError> {
        let mut index = self.index.lock().await;
        if !index.pending_reads.iter().any(|p| p == path) {
            index.pending_reads.push(path.to_owned());
            self.save_index(&index).await?;
        }
        Ok(())
    }

    pub async fn pending_reads(&self) -> Vec<String> {
        self.index.lock().await.pending_reads.clone()
    }

    pub async fn remove_pending_read(&self, path: &str) -> Result<(), GatewayError> {
        let mut index = self.index.lock().await;
        index.pending_reads.retain(|p| p != path);
        self.save_index(&index).await
    }

    /// Forgets everything kept for the signed-in reader (sign-out, another
    /// host): the next reader must not see the last one's documents.
    pub async fn clear(&self) -> Result<(), GatewayError> {
        let mut index = self.index.lock().await;
        *index = Index::default();
        for sub in ["responses", "files"] {
            let path = self.dir.join(sub);
            if path.exists() {
                tokio::fs::remove_dir_all(&path)
                    .await
                    .map_err(|e| GatewayError::disk(&path, e))?;
            }
            super::private_fs::create_dir_async(&path)
                .await
                .map_err(|e| GatewayError::disk(&path, e))?;
        }
        self.save_index(&index).await
    }

    async fn save_index(&self, index: &Index) -> Result<(), GatewayError> {
        let bytes = serde_json::to_vec(index).map_err(|e| GatewayError::Internal(e.into()))?;
        write_whole(&self.dir.join("index.json"), &bytes).await
    }
}

/// Writes a file whole or not at all (temporary file, then rename).
async fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), GatewayError> {
    let partial = path.with_extension("part");
    if let Err(e) = super::private_fs::write_file(&partial, bytes).await {
        let _ = tokio::fs::remove_file(&partial).await;
        return Err(GatewayError::disk(&partial, e));
    }
    tokio::fs::rename(&partial, path)
        .await
        .map_err(|e| GatewayError::disk(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_damaged_file_is_deleted_never_served() {
        let dir = tempfile::tempdir().unwrap();
        let store = OfflineStore::open(dir.path()).unwrap();
        let bytes = b"%PDF-1.7 a document";
        let sha = FileHash::of(bytes);
        std::fs::write(store.partial_path(&sha), bytes).unwrap();
        store.commit_partial(&sha).await.unwrap();
        assert_eq!(
            store.verified_file(&sha).await.unwrap().as_deref(),
            Some(&bytes[..])
        );
        std::fs::write(store.file_path(&sha), b"%PDF-1.7 a documenT").unwrap();
        assert_eq!(store.verified_file(&sha).await.unwrap(), None);
        assert!(!store.file_path(&sha).exists());
    }

    #[tokio::test]
    async fn the_index_and_pending_reads_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let file = PacketFile {
            document_id: 7,
            version: 2,
            sha256: FileHash::parse(&"a".repeat(64)).unwrap(),
            byte_size: 10,
        };
        {
            let store = OfflineStore::open(dir.path()).unwrap();
            store.set_packet_file(file.clone()).await.unwrap();
            store
                .add_pending_read("/api/documents/7/file")
                .await
                .unwrap();
            store
                .add_pending_read("/api/documents/7/file")
                .await
                .unwrap();
        }
        let store = OfflineStore::open(dir.path()).unwrap();
        assert_eq!(store.packet_file(7).await, Some(file));
        assert_eq!(store.pending_reads().await, vec!["/api/documents/7/file"]);
        store.clear().await.unwrap();
        assert_eq!(store.packet_file(7).await, None);
        assert!(store.pending_reads().await.is_empty());
    }

    #[test]
    fn only_64_lowercase_hex_digits_name_a_file() {
        let good = "0123456789abcdef".repeat(4);
        assert_eq!(FileHash::parse(&good).unwrap().as_str(), good);
        for bad in [
            "../../victim".to_owned(),
            format!("../{}", &good[3..]),
            good.to_uppercase(),
            good[..63].to_owned(),
            format!("{good}0"),
            format!("{}/", &good[..63]),
            format!("{}\0", &good[..62]),
            String::new(),
        ] {
            assert!(FileHash::parse(&bad).is_none(), "{bad:?}");
        }
        // Nor from a kept index that was tampered with.
        let index = r#"{"document_id":1,"version":1,"sha256":"../../x","byte_size":1}"#;
        assert!(serde_json::from_str::<PacketFile>(index).is_err());
    }
}
