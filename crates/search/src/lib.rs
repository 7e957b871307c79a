#![forbid(unsafe_code)]
//! Search over the pages of session documents in a Tantivy index, kept in
//! step with the store by the store's event log.
//!
//! Why an index beside the store: FTS5 (and PostgreSQL's GIN) score every
//! page that matches before ranking, and a council's common syllables are
//! on nearly every page. Tantivy ranks with BM25 and skips, with block-max
//! WAND, the pages that cannot reach the top. It also indexes pairs of
//! syllables, so the words a reader means rank first
//! ([`kyhop_domain::search::index_terms`]).
//!
//! How it stays in step: for each session stream, the index remembers the
//! last event it has taken in, committed with the index itself (the commit
//! payload). Before a search it compares that with the stream's head; when
//! the log has moved on, it reads the new events and re-indexes the
//! documents they name, from the store, which is the truth. A stream it
//! has never seen, or one that went back (a restored backup), is indexed
//! whole. So it follows writes made by any instance, catches up after a
//! crash between the store's commit and its own, and its directory may be
//! deleted at any time: it is rebuilt. The store keeps its own full-text
//! index too, which answers while this one cannot.

mod follow;
mod pages;
mod query;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tantivy::directory::{Directory, MmapDirectory, INDEX_WRITER_LOCK};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy};

use kyhop_domain::search::{index_terms, snippet};
use kyhop_domain::SearchHit;
use kyhop_store::{PageSearch, Store, StoreError};

use pages::Fields;

/// Bumped whenever what the index holds changes shape: an index of
/// another format is deleted and rebuilt.
const FORMAT: u32 = 1;

/// Memory for the writer's in-progress segment; a bigger budget makes
/// fewer, larger segments when a whole session is indexed.
const WRITER_MEMORY: usize = 48_000_000;

/// Words of the snippet shown with a hit.
const SNIPPET_WORDS: usize = 16;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index directory: {0}")]
    Directory(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("search index task: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("search index closed")]
    Closed,
}

/// What the index has taken in of one session's stream.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
struct Followed {
    /// The last event of the stream reflected in the index.
    seq: i64,
    /// The documents with pages in the index.
    documents: BTreeSet<i64>,
}

/// Committed with each commit of the index.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    format: u32,
    sessions: BTreeMap<i64, Followed>,
}

impl Default for Payload {
    fn default() -> Self {
        Self {
            format: FORMAT,
            sessions: BTreeMap::new(),
        }
    }
}

impl Payload {
    fn encode(&self) -> Result<String, SearchError> {
        serde_json::to_string(self).map_err(|e| SearchError::Directory(e.to_string()))
    }
}

/// The pages of every session's current document versions, searchable.
pub struct PageIndex {
    store: Arc<dyn Store>,
    fields: Fields,
    reader: IndexReader,
    /// Taken by whoever brings a session up to date, one at a time; none
    /// once closed.
    writer: tokio::sync::Mutex<Option<Arc<Mutex<IndexWriter>>>>,
    /// As of the last commit.
    followed: RwLock<BTreeMap<i64, Followed>>,
}

impl PageIndex {
    /// Opens the index in `dir` (made if missing; emptied and made anew if
    /// it cannot be read or is of another format). Fails if another
    /// server writes to it.
    pub fn open(dir: &Path, store: Arc<dyn Store>) -> Result<Arc<Self>, SearchError> {
        let (schema, fields) = Fields::schema();
        std::fs::create_dir_all(dir).map_err(|e| directory_error(dir, e))?;
        let directory =
            MmapDirectory::open(dir).map_err(|e| SearchError::Directory(e.to_string()))?;
        // Held while the directory may be emptied, so that an index in use
        // is never touched; the writer takes it over below.
        let lock = directory
            .acquire_lock(&INDEX_WRITER_LOCK)
            .map_err(|e| SearchError::Directory(format!("{}: {e}", dir.display())))?;
        let (index, payload) = match open_existing(&directory) {
            Ok(Some(found)) => found,
            Ok(None) => (create(dir, directory, &schema)?, None),
            Err(reason) => {
                tracing::warn!(dir = %dir.display(), %reason, "search index unreadable: rebuilding it");
                (create(dir, directory, &schema)?, None)
            }
        };
        drop(lock);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        let sessions = match payload {
            Some(payload) => payload.sessions,
            None => {
                // A new index says what it is from the start.
                let mut prepared = writer.prepare_commit()?;
                prepared.set_payload(&Payload::default().encode()?);
                prepared.commit()?;
                BTreeMap::new()
            }
        };
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Arc::new(Self {
            store,
            fields,
            reader,
            writer: tokio::sync::Mutex::new(Some(Arc::new(Mutex::new(writer)))),
            followed: RwLock::new(sessions),
        }))
    }

    /// Brings every session up to date, as when the server starts, so that
    /// the first searches need not wait.
    pub async fn follow_all(&self) -> Result<(), SearchError> {
        for stream in self.store.streams().await? {
            if let Some(id) = stream.strip_prefix("session:").and_then(|s| s.parse().ok()) {
                self.follow(id).await?;
            }
        }
        Ok(())
    }

    /// Lets go of the index directory (its writer's lock, merges under
    /// way), so that a server started again in this process can open it.
    /// Searches after this answer from the store.
    pub async fn close(&self) {
        let taken = self.writer.lock().await.take();
        if let Some(writer) = taken.and_then(|w| Arc::try_unwrap(w).ok()) {
            let writer = writer.into_inner().unwrap_or_else(PoisonError::into_inner);
            let waited = tokio::task::spawn_blocking(move || writer.wait_merging_threads()).await;
            if let Ok(Err(e)) = waited {
                tracing::warn!(error = %e, "search index merge left unfinished");
            }
        }
    }

    /// The last event of the session's stream the index reflects.
    pub fn followed_seq(&self, session: i64) -> Option<i64> {
        self.read_followed().get(&session).map(|f| f.seq)
    }

    fn read_followed(&self) -> std::sync::RwLockReadGuard<'_, BTreeMap<i64, Followed>> {
        self.followed.read().unwrap_or_else(PoisonError::into_inner)
    }

    async fn search_index(
        &self,
        session_id: i64,
        query: &str,
        among: &[i64],
        limit: u32,
    ) -> Result<Vec<SearchHit>, SearchError> {
        let terms = index_terms(query);
        if terms.syllables.is_empty() {
            return Ok(Vec::new());
        }
        self.follow(session_id).await?;
        let allowed: HashSet<u64> = among.iter().map(|&d| pages::id(d)).collect();
        let indexed_all_allowed = self
            .read_followed()
            .get(&session_id)
            .is_some_and(|f| f.documents.iter().all(|&d| allowed.contains(&pages::id(d))));
        let among = if indexed_all_allowed {
            query::Among::All
        } else {
            query::Among::Only(Arc::new(allowed))
        };
        let searcher = self.reader.searcher();
        let fields = self.fields;
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let pages = tokio::task::spawn_blocking(move || {
            query::best_pages(&searcher, &fields, session_id, &terms, &among, limit)
                .map(|pages| (pages, terms))
        })
        .await??;
        let (pages, terms) = pages;
        Ok(pages
            .into_iter()
            .map(|p| SearchHit {
                document_id: p.document,
                title: p.title,
                version: p.version,
                page: p.page,
                snippet: snippet(&p.text, &terms.syllables, SNIPPET_WORDS),
            })
            .collect())
    }
}

#[async_trait]
impl PageSearch for PageIndex {
    /// From the index; from the store's own index while this one fails
    /// (a full disk, a damaged file), so that readers still find pages.
    async fn search(
        &self,
        session_id: i64,
        query: &str,
        among: &[i64],
        limit: u32,
    ) -> kyhop_store::Result<Vec<SearchHit>> {
        match self.search_index(session_id, query, among, limit).await {
            Ok(hits) => Ok(hits),
            Err(SearchError::Store(e)) => Err(e),
            Err(e) => {
                tracing::warn!(error = %e, "search index failed: answering from the store");
                self.store.search(session_id, query, among, limit).await
            }
        }
    }
}

/// The index in the directory and what it follows, if it has one of this
/// program's format.
fn open_existing(directory: &MmapDirectory) -> Result<Option<(Index, Option<Payload>)>, String> {
    let exists = Index::exists(directory).map_err(|e| e.to_string())?;
    if !exists {
        return Ok(None);
    }
    let index = Index::open(directory.clone()).map_err(|e| e.to_string())?;
    let payload = index
        .load_metas()
        .map_err(|e| e.to_string())?
        .payload
        .and_then(|p| serde_json::from_str::<Payload>(&p).ok());
    match payload {
        Some(p) if p.format == FORMAT && index.schema() == Fields::schema().0 => {
            Ok(Some((index, Some(p))))
        }
        other => Err(format!(
            "format {:?}, this program writes {FORMAT}",
            other.map(|p| p.format)
        )),
    }
}

/// A new, empty index in `dir`, whatever was there before but the locks.
fn create(
    dir: &Path,
    directory: MmapDirectory,
    schema: &tantivy::schema::Schema,
) -> Result<Index, SearchError> {
    for entry in std::fs::read_dir(dir).map_err(|e| directory_error(dir, e))? {
        let path = entry.map_err(|e| directory_error(dir, e))?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with(".tantivy-") && name.ends_with(".lock") {
            continue;
        }
        let removed = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        removed.map_err(|e| directory_error(&path, e))?;
    }
    Ok(Index::create(
        directory,
        schema.clone(),
        tantivy::IndexSettings::default(),
    )?)
}

fn directory_error(path: &Path, e: std::io::Error) -> SearchError {
    SearchError::Directory(format!("{}: {e}", path.display()))
}
