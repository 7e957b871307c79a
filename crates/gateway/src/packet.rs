//! Keeps the session packet on the laptop: every file the reader may read,
//! fetched in the background, checked against its SHA-256, kept for reading
//! offline. The sessions to keep are the ones the UI has opened.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use tokio::sync::{Mutex, Notify};

use super::offline::{FileHash, OfflineStore, PacketFile};
use super::upstream::{failure, Upstream};
use super::GatewayError;

/// How often the packet is checked for new documents and versions while
/// nothing else asks: one small JSON request.
const RECHECK: Duration = Duration::from_secs(20);
/// Attempts at a file whose bytes keep arriving damaged.
const ATTEMPTS: usize = 3;

/// Where the packet stands, for the UI's progress bar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SyncProgress {
    /// `idle` (nothing to keep yet), `syncing`, `done`, or `failed`.
    pub state: SyncState,
    pub files_total: usize,
    pub files_done: usize,
    pub bytes_total: u64,
    pub bytes_done: u64,
    /// Stable code of the last problem (`hash_mismatch`, `disk_full`,
    /// `host_unreachable`…), if the last round had one.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    #[default]
    Idle,
    Syncing,
    Done,
    Failed,
}

/// One entry of `GET /api/sessions/{id}/packet`, as the host sent it:
/// nothing in it is trusted until `checked` (the file's address is the
/// gateway's own, from the document id and version; the host's `url` is
/// not read).
#[derive(Debug, Deserialize)]
struct Entry {
    document_id: i64,
    version: u32,
    sha256: String,
    byte_size: u64,
}

impl Entry {
    /// The entry as the store keeps it, if its hash can name a file.
    fn checked(&self) -> Result<PacketFile, GatewayError> {
        let sha256 = FileHash::parse(&self.sha256).ok_or_else(|| {
            GatewayError::BadPacketEntry(format!(
                "document {}: sha256 {:?} is not 64 lowercase hex digits",
                self.document_id,
                self.sha256.chars().take(80).collect::<String>()
            ))
        })?;
        Ok(PacketFile {
            document_id: self.document_id,
            version: self.version,
            sha256,
            byte_size: self.byte_size,
        })
    }
}

pub struct PacketSync {
    sessions: Mutex<BTreeSet<i64>>,
    progress: Mutex<SyncProgress>,
    wake: Notify,
}

impl PacketSync {
    pub fn new() -> Self {
        Self {
            sessions: Mutex::new(BTreeSet::new()),
            progress: Mutex::new(SyncProgress::default()),
            wake: Notify::new(),
        }
    }

    pub async fn progress(&self) -> SyncProgress {
        self.progress.lock().await.clone()
    }

    /// Keeps this session's packet from now on (and checks it at once).
    pub async fn follow(&self, session_id: i64) {
        let new = self.sessions.lock().await.insert(session_id);
        if new {
            self.wake.notify_one();
        }
    }

    /// Checks the packet now (after a reconnect, a published document…).
    pub fn nudge(&self) {
        self.wake.notify_one();
    }

    pub async fn forget(&self) {
        self.sessions.lock().await.clear();
        *self.progress.lock().await = SyncProgress::default();
    }

    /// One round: fetch each followed session's packet, download what is
    /// missing. Returns the progress it ended with.
    pub async fn round(
        &self,
        upstream: &Upstream,
        token: Option<&str>,
        offline: &OfflineStore,
    ) -> SyncProgress {
        let sessions: Vec<i64> = self.sessions.lock().await.iter().copied().collect();
        if sessions.is_empty() {
            return self.progress().await;
        }
        let mut entries = Vec::new();
        let mut problem = None;
        for session in sessions {
            match fetch_packet(upstream, token, session).await {
                Ok(mut list) => entries.append(&mut list),
                Err(e) => problem = Some(e.code().to_owned()),
            }
        }
        {
            let mut progress = self.progress.lock().await;
            *progress = SyncProgress {
                state: SyncState::Syncing,
                files_total: entries.len(),
                files_done: 0,
                bytes_total: entries.iter().map(|e| e.byte_size).sum(),
                bytes_done: 0,
                problem: problem.clone(),
            };
        }
        for entry in &entries {
            let file = match entry.checked() {
                Ok(file) => file,
                Err(e) => {
                    // Refused, and never a path: the rest of the packet goes on.
                    tracing::warn!(document = entry.document_id, error = %e, "refusing a packet entry from the host");
                    problem = Some(e.code().to_owned());
                    continue;
                }
            };
            let result = if offline.has_file(&file).await {
                Ok(())
            } else {
                self.download(upstream, token, offline, &file).await
            };
            match result.and(offline.set_packet_file(file).await) {
                Ok(()) => {
                    let mut progress = self.progress.lock().await;
                    progress.files_done += 1;
                    progress.bytes_done += entry.byte_size;
                }
                Err(e) => {
                    tracing::warn!(document = entry.document_id, error = %e, "keeping a packet file");
                    problem = Some(e.code().to_owned());
                }
            }
        }
        let mut progress = self.progress.lock().await;
        progress.problem = problem;
        progress.state = if progress.problem.is_some() {
            SyncState::Failed
        } else {
            SyncState::Done
        };
        progress.clone()
    }

    /// Downloads one file, checks its SHA-256 and keeps it; bytes that do
    /// not match are fetched again, up to `ATTEMPTS` times.
    async fn download(
        &self,
        upstream: &Upstream,
        token: Option<&str>,
        offline: &OfflineStore,
        file: &PacketFile,
    ) -> Result<(), GatewayError> {
        // `prefetch`: fetching for later is not reading (no read receipt).
        let url = upstream.url(&format!(
            "/api/documents/{}/file?version={}&prefetch=true",
            file.document_id, file.version
        ));
        let mut last = GatewayError::HashMismatch(file.sha256.to_string());
        for _ in 0..ATTEMPTS {
            let mut request = upstream.client.get(&url);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.map_err(|e| failure(&e))?;
            if !response.status().is_success() {
                return Err(GatewayError::HostRefused(response.status().as_u16()));
            }
            // Streamed to disk while hashed: a 200 MB packet never sits in memory.
            let partial = offline.partial_path(&file.sha256);
            let disk = |e| GatewayError::disk(&partial, e);
            let mut out = super::private_fs::create_file(&partial)
                .await
                .map_err(disk)?;
            let mut hasher = Sha256::new();
            let mut received = 0u64;
            let mut stream = response.bytes_stream();
            while let Some(chunk) = stream.next().await {
                let chunk = match chunk {
                    Ok(chunk) => chunk,
                    Err(e) => {
                        let _ = tokio::fs::remove_file(&partial).await;
                        return Err(failure(&e));
                    }
                };
                hasher.update(&chunk);
                if let Err(e) = out.write_all(&chunk).await {
                    let _ = tokio::fs::remove_file(&partial).await;
                    return Err(disk(e));
                }
                received += chunk.len() as u64;
                self.progress.lock().await.bytes_done += chunk.len() as u64;
            }
            self.progress.lock().await.bytes_done -= received;
            if let Err(e) = out.flush().await {
                let _ = tokio::fs::remove_file(&partial).await;
                return Err(disk(e));
            }
            drop(out);
            if hex::encode(hasher.finalize()) != file.sha256.as_str() {
                let _ = tokio::fs::remove_file(&partial).await;
                last = GatewayError::HashMismatch(file.sha256.to_string());
                continue;
            }
            return offline.commit_partial(&file.sha256).await;
        }
        Err(last)
    }

    /// Waits for the next reason to check the packet.
    pub async fn wait(&self) {
        let _ = tokio::time::timeout(RECHECK, self.wake.notified()).await;
    }
}

impl Default for PacketSync {
    fn default() -> Self {
        Self::new()
    }
}

async fn fetch_packet(
    upstream: &Upstream,
    token: Option<&str>,
    session: i64,
) -> Result<Vec<Entry>, GatewayError> {
    let mut request = upstream
        .client
        .get(upstream.url(&format!("/api/sessions/{session}/packet")))
        .timeout(Duration::from_secs(30));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.map_err(|e| failure(&e))?;
    if !response.status().is_success() {
        return Err(GatewayError::HostRefused(response.status().as_u16()));
    }
    response
        .json::<Vec<Entry>>()
        .await
        .map_err(|e| GatewayError::Unreachable(e.to_string()))
}

/// Runs rounds for as long as the gateway lives.
pub async fn run(gateway: Arc<super::Inner>) {
    loop {
        gateway.sync.wait().await;
        if let Some(upstream) = gateway.upstream().await {
            let token = gateway.secrets.lock().await.token.clone();
            if token.is_some() {
                gateway
                    .report_pending_reads(&upstream, token.as_deref())
                    .await;
                gateway
                    .sync
                    .round(&upstream, token.as_deref(), &gateway.offline)
                    .await;
            }
        }
    }
}
