//! Recognising scanned pages in the background (OCR), after the upload that
//! brought them was accepted: the document is usable at once and becomes
//! searchable as its pages are read.
//!
//! One version at a time, its pages on at most `jobs` bounded children at
//! once (each page a child of its own, so that a page that hangs Tesseract
//! is killed at its limit and the others go on). Every page's outcome is
//! committed as it comes, so a restart takes up where the recognition stopped.
//! A cancelled recognition stops within a moment: its children are killed.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::{mpsc, watch};

use kyhop_docs::blobs::BlobStore;
use kyhop_docs::child::{Limits, PdfChildren};
use kyhop_docs::ocr::OcrTools;
use kyhop_domain::{Document, RecognitionState};
use kyhop_store::{PageRecognition, Store, StoreError};

/// How scans are read.
#[derive(Debug, Clone)]
pub struct RecognitionConfig {
    pub tools: OcrTools,
    /// The most one page may take (CPU and wall clock).
    pub page_time: Duration,
    /// Pages read at once. One by default: Tesseract takes a core for
    /// seconds per page, and a session's ballots need the other.
    pub jobs: usize,
}

impl Default for RecognitionConfig {
    fn default() -> Self {
        Self {
            tools: OcrTools::default(),
            page_time: Duration::from_secs(60),
            jobs: 1,
        }
    }
}

/// The recogniser: a queue of versions to read and the task that reads them.
pub struct Recogniser {
    queue: mpsc::UnboundedSender<(i64, u32)>,
    /// Bumped on every cancellation: a running recognition looks again at its
    /// state.
    cancelled: watch::Sender<u64>,
}

/// What the recognition task works with.
struct Work {
    store: Arc<dyn Store>,
    blobs: Arc<BlobStore>,
    children: PdfChildren,
    config: RecognitionConfig,
    /// Why scans cannot be read here, when they cannot.
    unavailable: Option<String>,
}

impl Recogniser {
    /// Checks the tools, takes up the recognitions a previous run left open,
    /// and reads what is queued until the returned task is aborted.
    pub async fn start(
        store: Arc<dyn Store>,
        blobs: Arc<BlobStore>,
        exe: std::path::PathBuf,
        config: RecognitionConfig,
    ) -> (Arc<Recogniser>, tokio::task::JoinHandle<()>) {
        let tools = config.tools.clone();
        let unavailable = match tokio::task::spawn_blocking(move || tools.check()).await {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e.to_string()),
            Err(e) => Some(e.to_string()),
        };
        if let Some(reason) = &unavailable {
            tracing::warn!(%reason, "scanned pages cannot be read here: they stay unsearchable");
        }
        let (queue, mut queued) = mpsc::unbounded_channel();
        let (cancelled, watching) = watch::channel(0);
        let work = Work {
            store: store.clone(),
            blobs,
            children: PdfChildren::new(exe, config.jobs.max(1)),
            config,
            unavailable,
        };
        let recogniser = Arc::new(Recogniser { queue, cancelled });
        let task = tokio::spawn(async move {
            match work.store.open_recognitions().await {
                Ok(open) => {
                    for (document, version) in open {
                        work.read_version(document, version, watching.clone()).await;
                    }
                }
                Err(e) => tracing::warn!(error = %e, "the open recognitions cannot be listed"),
            }
            while let Some((document, version)) = queued.recv().await {
                work.read_version(document, version, watching.clone()).await;
            }
        });
        (recogniser, task)
    }

    /// Queues the current version of `document` if its recognition is open.
    pub fn queue(&self, document: &Document) {
        if let Some(current) = document.current() {
            if current
                .recognition
                .as_ref()
                .is_some_and(|r| r.state.is_open())
            {
                let _ = self.queue.send((document.id, current.version));
            }
        }
    }

    /// Tells a running recognition to look at its state again (it was
    /// cancelled).
    pub fn look_again(&self) {
        self.cancelled.send_modify(|n| *n += 1);
    }
}

impl Work {
    async fn read_version(&self, document: i64, version: u32, mut cancelled: watch::Receiver<u64>) {
        cancelled.mark_unchanged();
        let outcome = tokio::select! {
            outcome = self.read_pages(document, version) => outcome,
            () = self.until_closed(document, version, &mut cancelled) => Ok(Closed),
        };
        if let Err(e) = outcome {
            tracing::warn!(document, version, error = %e, "recognising scanned pages stopped");
        }
    }

    /// Resolves once the version's recognition is no longer open.
    async fn until_closed(
        &self,
        document: i64,
        version: u32,
        cancelled: &mut watch::Receiver<u64>,
    ) {
        while cancelled.changed().await.is_ok() {
            match self.store.document(document).await {
                Ok(d) => {
                    let open = d
                        .versions
                        .iter()
                        .find(|v| v.version == version)
                        .and_then(|v| v.recognition.as_ref())
                        .is_some_and(|r| r.state.is_open());
                    if !open {
                        return;
                    }
                }
                Err(_) => return,
            }
        }
        std::future::pending::<()>().await;
    }

    async fn read_pages(&self, document: i64, version: u32) -> Result<Closed, StoreError> {
        if let Some(reason) = &self.unavailable {
            return self
                .finish(
                    document,
                    version,
                    RecognitionState::Unavailable,
                    Some(reason.clone()),
                )
                .await;
        }
        let doc = match self.store.document(document).await {
            Ok(doc) => doc,
            Err(StoreError::NotFound(_)) => return Ok(Closed),
            Err(e) => return Err(e),
        };
        // Cancelled (or replaced) while it waited: nothing to read.
        let Some(file) = doc
            .versions
            .iter()
            .find(|v| v.version == version)
            .filter(|v| v.recognition.as_ref().is_some_and(|r| r.state.is_open()))
        else {
            return Ok(Closed);
        };
        let file = self.blobs.path_of(&file.sha256);
        let pages = self.store.pages_to_recognise(document, version).await?;
        let limits = Limits {
            time: self.config.page_time,
            answer_bytes: 4 << 20,
            ..Limits::default()
        };
        let mut reads = futures_util::stream::iter(pages)
            .map(|page| {
                let file = &file;
                async move {
                    let read = self
                        .children
                        .recognise_page(file, page, &self.config.tools, limits)
                        .await;
                    (page, read)
                }
            })
            .buffer_unordered(self.config.jobs.max(1));
        while let Some((page, read)) = reads.next().await {
            let outcome = match read {
                Ok(read) => PageRecognition::Recognised(read),
                Err(failure) => {
                    tracing::warn!(document, version, page, code = %failure.code, "a scanned page was not read");
                    PageRecognition::Failed(failure.code)
                }
            };
            match self
                .store
                .record_recognised_page(document, version, page, outcome)
                .await
            {
                Ok(_) => {}
                // Cancelled, or a newer version took its place.
                Err(StoreError::Refused { .. } | StoreError::NotFound(_)) => return Ok(Closed),
                Err(e) => return Err(e),
            }
        }
        self.finish(document, version, RecognitionState::Done, None)
            .await
    }

    async fn finish(
        &self,
        document: i64,
        version: u32,
        state: RecognitionState,
        reason: Option<String>,
    ) -> Result<Closed, StoreError> {
        match self
            .store
            .finish_recognition(document, version, state, reason)
            .await
        {
            Ok(_) | Err(StoreError::Refused { .. } | StoreError::NotFound(_)) => Ok(Closed),
            Err(e) => Err(e),
        }
    }
}

/// The recognition of a version is over for this reader.
struct Closed;
