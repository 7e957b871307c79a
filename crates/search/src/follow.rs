//! Bringing a session's pages in the index up to its stream's head.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::{IndexWriter, TantivyDocument};

use kyhop_domain::events::Stream;
use kyhop_store::StoreError;

use crate::pages::Page;
use crate::{Followed, PageIndex, Payload, SearchError, FORMAT};

/// The events after which a document's pages in the index may be wrong.
/// Every other event leaves them as they are (publishing changes who may
/// read, which each search is told; opening a document changes nothing).
/// The reading of scans is announced each tenth of the way: pages read
/// since come into the index with the next announcement.
const CHANGES_PAGES: &[&str] = &[
    "document.uploaded",
    "document.updated",
    "document.recognition",
    "document.withdrawn",
    "document.deleted",
];

/// Events read from the log at a time.
const EVENTS_PER_READ: u32 = 1_000;

impl PageIndex {
    /// Brings the session's pages up to its stream's head, unless they are.
    pub async fn follow(&self, session: i64) -> Result<(), SearchError> {
        let stream = Stream::Session(session);
        let head = self.store.stream_head(stream).await?;
        if self.followed_seq(session) == Some(head) {
            return Ok(());
        }
        let held = self.writer.lock().await;
        let writer = held.as_ref().ok_or(SearchError::Closed)?;
        // Someone else may have brought it up while we waited.
        let known = self.read_followed().get(&session).cloned();
        if known.as_ref().map(|k| k.seq) == Some(head) {
            return Ok(());
        }
        let mut now = known.clone().unwrap_or_default();
        let result = self.take_in(writer, session, known, head, &mut now).await;
        let result = match result {
            Ok(()) => self.commit(writer, session, now).await,
            Err(e) => Err(e),
        };
        if result.is_err() {
            // What was added stays out; the next search tries again.
            let w = Arc::clone(writer);
            let _ = tokio::task::spawn_blocking(move || lock(&w).rollback()).await;
        }
        result
    }

    /// Writes (uncommitted) what changed in the session since `known`.
    async fn take_in(
        &self,
        writer: &Arc<Mutex<IndexWriter>>,
        session: i64,
        known: Option<Followed>,
        head: i64,
        now: &mut Followed,
    ) -> Result<(), SearchError> {
        let changed: BTreeSet<i64> = match known {
            Some(k) if k.seq < head => {
                let (changed, last) = self.changed_since(session, k.seq).await?;
                now.seq = last.max(head);
                changed
            }
            // Never seen, or the log went back: the whole session anew.
            _ => {
                lock(writer).delete_term(self.fields.session_term(session));
                now.documents.clear();
                now.seq = head;
                self.store
                    .documents(session)
                    .await?
                    .iter()
                    .map(|d| d.id)
                    .collect()
            }
        };
        for document in changed {
            lock(writer).delete_term(self.fields.document_term(document));
            now.documents.remove(&document);
            if self.index_document(writer, session, document).await? {
                now.documents.insert(document);
            }
        }
        Ok(())
    }

    /// The documents named by page-changing events after `after`, and the
    /// last event read.
    async fn changed_since(
        &self,
        session: i64,
        mut after: i64,
    ) -> Result<(BTreeSet<i64>, i64), SearchError> {
        let mut changed = BTreeSet::new();
        loop {
            let events = self
                .store
                .events_after(Stream::Session(session), after, EVENTS_PER_READ)
                .await?;
            for event in &events {
                after = event.seq;
                if CHANGES_PAGES.contains(&event.kind.as_str()) {
                    if let Some(id) = event.payload.get("id").and_then(|v| v.as_i64()) {
                        changed.insert(id);
                    }
                }
            }
            if events.len() < EVENTS_PER_READ as usize {
                return Ok((changed, after));
            }
        }
    }

    /// Adds the pages of the document's current version, if it is still in
    /// the session and not withdrawn. Whether it did.
    async fn index_document(
        &self,
        writer: &Arc<Mutex<IndexWriter>>,
        session: i64,
        id: i64,
    ) -> Result<bool, SearchError> {
        let document = match self.store.document(id).await {
            Ok(d) => d,
            Err(StoreError::NotFound(_)) => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        let Some(current) = document.current() else {
            return Ok(false);
        };
        if document.session_id != session || document.withdrawn_at.is_some() {
            return Ok(false);
        }
        let pages = match self.store.version_pages(id, current.version).await {
            Ok(pages) => pages,
            Err(StoreError::NotFound(_)) => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        let version = current.version;
        let fields = self.fields;
        let writer = Arc::clone(writer);
        // Adding may wait for the indexing thread: not on the runtime.
        tokio::task::spawn_blocking(move || -> Result<(), SearchError> {
            let docs: Vec<TantivyDocument> = pages
                .iter()
                .filter(|p| !p.scanned)
                .map(|p| {
                    fields.page(&Page {
                        session,
                        document: id,
                        version,
                        page: p.page,
                        title: &document.title,
                        text: &p.text,
                    })
                })
                .collect();
            let w = lock(&writer);
            for doc in docs {
                w.add_document(doc)?;
            }
            Ok(())
        })
        .await??;
        Ok(true)
    }

    /// Commits the writes with what the index now follows, and shows them
    /// to searches.
    async fn commit(
        &self,
        writer: &Arc<Mutex<IndexWriter>>,
        session: i64,
        now: Followed,
    ) -> Result<(), SearchError> {
        let mut sessions = self.read_followed().clone();
        sessions.insert(session, now);
        let payload = Payload {
            format: FORMAT,
            sessions: sessions.clone(),
        }
        .encode()?;
        let writer = Arc::clone(writer);
        let reader = self.reader.clone();
        tokio::task::spawn_blocking(move || -> Result<(), SearchError> {
            let mut w = lock(&writer);
            let mut prepared = w.prepare_commit()?;
            prepared.set_payload(&payload);
            prepared.commit()?;
            reader.reload()?;
            Ok(())
        })
        .await??;
        *self
            .followed
            .write()
            .unwrap_or_else(PoisonError::into_inner) = sessions;
        Ok(())
    }
}

fn lock(writer: &Mutex<IndexWriter>) -> std::sync::MutexGuard<'_, IndexWriter> {
    writer.lock().unwrap_or_else(PoisonError::into_inner)
}
