//! Untrusted PDFs are parsed only in a bounded child process.
//!
//! Any PDF parser can be made to spin, to allocate without end (a
//! compression bomb in an object stream) or, with `pdf-extract`, to panic.
//! So the server never parses a PDF that came from outside in its own
//! process: it runs its own executable as `inspect-pdf FILE` with a [`Job`]
//! on stdin. The child caps its address space and CPU time before it reads
//! a byte ([`run_child`]); the parent ([`PdfChildren`]) runs at most a few
//! children at once, waits a bounded time and reads a bounded answer.
//!
//! Jobs: reading what a PDF is and the text of its pages (uploads),
//! reading a scanned page with Tesseract ([`crate::ocr`]), verifying its
//! signatures (`/api/verify`, `kyhop verify`), and stamping a reader's
//! confidential copy (the original came from outside too).
//!
//! Each child leads its own process group: the tools a job starts (the OCR
//! job's `pdftoppm` and `tesseract`) inherit its limits, and are killed
//! with it when it runs out of time or is no longer wanted.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tokio::io::AsyncReadExt;
use tokio::sync::Semaphore;

use crate::images::measure_png;
use crate::ocr::{OcrError, OcrTools};
use crate::pdf::watermark::{stamp_copy, Stamp};
use crate::pdf::{inspect_bytes, PdfError, PdfInfo};
use crate::sign::{verify_pdf, Certificate, SignatureReport};
use kyhop_domain::ImageFacts;

/// What the child does with the file it is given.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "job", rename_all = "snake_case")]
pub enum Job {
    /// Page count and the text of every page ([`PdfInfo`]).
    Inspect,
    /// Every signature checked against these roots (DER), as
    /// [`SignatureReport`]s.
    Verify { roots_der: Vec<Vec<u8>> },
    /// A copy with `stamp` on every page, written to `out`.
    Stamp { stamp: Stamp, out: PathBuf },
    /// Page `page` read by OCR ([`kyhop_domain::OcrPage`]).
    Recognise { page: u32, tools: OcrTools },
    /// What an uploaded signature or seal image is
    /// ([`kyhop_domain::ImageFacts`]).
    MeasureImage,
}

/// A job that did not produce its answer, with a stable code for the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct JobFailure {
    pub code: String,
    pub message: String,
}

impl JobFailure {
    fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// Why the parent got no answer from a child.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChildError {
    #[error("too many PDFs are being read at once; try again shortly")]
    Busy,
    #[error("reading the PDF took too long")]
    TimedOut,
    #[error("the PDF reader stopped: {0}")]
    Stopped(String),
    #[error("the PDF reader answered more than {0} bytes")]
    AnswerTooLarge(usize),
}

impl ChildError {
    /// The stable code, e.g. `pdf_busy`.
    pub fn code(&self) -> &'static str {
        match self {
            ChildError::Busy => "pdf_busy",
            ChildError::TimedOut => "pdf_timed_out",
            ChildError::Stopped(_) => "pdf_unreadable",
            ChildError::AnswerTooLarge(_) => "pdf_unreadable",
        }
    }
}

/// Limits for one child.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Wall-clock time the parent waits, a free slot included; also the
    /// child's CPU-time limit.
    pub time: Duration,
    /// Address space the child may use, in bytes.
    pub memory_bytes: u64,
    /// The most the parent reads of the child's answer.
    pub answer_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            time: Duration::from_secs(120),
            memory_bytes: 2 << 30,
            // The text of a very long PDF, as JSON.
            answer_bytes: 64 << 20,
        }
    }
}

impl Limits {
    /// For checking signatures: a report per signature, a few seconds. The
    /// same address space as reading the pages: the parser is the same, and
    /// 1 GiB left a verification of a 140 kB resolution answering "out of
    /// memory" now and then.
    pub fn verify() -> Self {
        Self {
            time: Duration::from_secs(30),
            answer_bytes: 1 << 20,
            ..Self::default()
        }
    }
}

/// The parent's side: the executable to run and the slots for children.
#[derive(Debug, Clone)]
pub struct PdfChildren {
    exe: PathBuf,
    slots: Arc<Semaphore>,
    counts: Arc<JobCounters>,
}

/// How many jobs wait for a slot and run now, and how many ended, since
/// start (the server's metrics).
#[derive(Debug, Default)]
struct JobCounters {
    waiting: AtomicU64,
    running: AtomicU64,
    done: AtomicU64,
    failed: AtomicU64,
}

/// A reading of [`PdfChildren::counts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobCounts {
    pub waiting: u64,
    pub running: u64,
    pub done: u64,
    pub failed: u64,
}

/// Takes one off a counter when dropped (a job given up half way too).
struct Counted<'c>(&'c AtomicU64);

impl<'c> Counted<'c> {
    fn new(counter: &'c AtomicU64) -> Self {
        counter.fetch_add(1, Ordering::Relaxed);
        Self(counter)
    }
}

impl Drop for Counted<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl PdfChildren {
    /// `exe` is normally `std::env::current_exe()`; `max_children` bounds
    /// how many run at once (each may use `Limits::memory_bytes`).
    pub fn new(exe: PathBuf, max_children: usize) -> Self {
        Self {
            exe,
            slots: Arc::new(Semaphore::new(max_children.max(1))),
            counts: Arc::default(),
        }
    }

    /// The jobs waiting, running and ended so far.
    pub fn counts(&self) -> JobCounts {
        let c = &self.counts;
        JobCounts {
            waiting: c.waiting.load(Ordering::Relaxed),
            running: c.running.load(Ordering::Relaxed),
            done: c.done.load(Ordering::Relaxed),
            failed: c.failed.load(Ordering::Relaxed),
        }
    }

    /// One child per core, at least two.
    pub fn per_core(exe: PathBuf) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self::new(exe, cores.max(2))
    }

    /// What `file` is: pages and their text.
    pub async fn inspect(&self, file: &Path, limits: Limits) -> Result<PdfInfo, PdfError> {
        match self
            .run::<Result<PdfInfo, PdfError>>(&Job::Inspect, file, limits)
            .await
        {
            Ok(answer) => answer,
            Err(ChildError::TimedOut) => Err(PdfError::TimedOut),
            Err(e) => Err(PdfError::ReaderFailed(e.to_string())),
        }
    }

    /// Every signature of `file`, checked against `roots`.
    pub async fn verify(
        &self,
        file: &Path,
        roots: &[Certificate],
    ) -> Result<Vec<SignatureReport>, JobFailure> {
        let roots_der = roots
            .iter()
            .map(der::Encode::to_der)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| JobFailure::new("internal", e.to_string()))?;
        self.run::<Result<Vec<SignatureReport>, JobFailure>>(
            &Job::Verify { roots_der },
            file,
            Limits::verify(),
        )
        .await
        .map_err(|e| JobFailure::new(e.code(), e.to_string()))?
    }

    /// Writes a copy of `file` with `stamp` on every page to `out`.
    pub async fn stamp(&self, file: &Path, stamp: &Stamp, out: &Path) -> Result<(), JobFailure> {
        let job = Job::Stamp {
            stamp: stamp.clone(),
            out: out.to_owned(),
        };
        let limits = Limits {
            answer_bytes: 1 << 16,
            ..Limits::default()
        };
        self.run::<Result<(), JobFailure>>(&job, file, limits)
            .await
            .map_err(|e| JobFailure::new(e.code(), e.to_string()))?
    }

    /// Page `page` of `file` read with `tools`. A page that takes longer
    /// than `limits.time` is given up on (`ocr_timed_out`): its child and
    /// the tools it started are killed.
    pub async fn recognise_page(
        &self,
        file: &Path,
        page: u32,
        tools: &OcrTools,
        limits: Limits,
    ) -> Result<kyhop_domain::OcrPage, JobFailure> {
        let job = Job::Recognise {
            page,
            tools: tools.clone(),
        };
        self.run::<Result<kyhop_domain::OcrPage, OcrError>>(&job, file, limits)
            .await
            .map_err(|e| match e {
                ChildError::TimedOut => JobFailure::new("ocr_timed_out", e.to_string()),
                other => JobFailure::new("ocr_failed", other.to_string()),
            })?
            .map_err(|e| JobFailure::new(e.code(), e.to_string()))
    }

    /// What the signature or seal image `file` is: its size, background and
    /// ink (`image_not_png`, `image_too_large` when it cannot be measured).
    pub async fn measure_image(&self, file: &Path) -> Result<ImageFacts, JobFailure> {
        let limits = Limits {
            time: Duration::from_secs(20),
            answer_bytes: 1 << 12,
            ..Limits::default()
        };
        self.run::<Result<ImageFacts, JobFailure>>(&Job::MeasureImage, file, limits)
            .await
            .map_err(|e| JobFailure::new(e.code(), e.to_string()))?
    }

    /// Runs `job` on `file` in a child and reads its JSON answer.
    pub async fn run<T: DeserializeOwned>(
        &self,
        job: &Job,
        file: &Path,
        limits: Limits,
    ) -> Result<T, ChildError> {
        let outcome = self.run_counted(job, file, limits).await;
        let ended = match outcome {
            Ok(_) => &self.counts.done,
            Err(_) => &self.counts.failed,
        };
        ended.fetch_add(1, Ordering::Relaxed);
        outcome
    }

    async fn run_counted<T: DeserializeOwned>(
        &self,
        job: &Job,
        file: &Path,
        limits: Limits,
    ) -> Result<T, ChildError> {
        let deadline = Instant::now() + limits.time;
        let waiting = Counted::new(&self.counts.waiting);
        let _slot = tokio::time::timeout(limits.time, self.slots.acquire())
            .await
            .map_err(|_| ChildError::Busy)?
            .map_err(|_| ChildError::Busy)?;
        drop(waiting);
        let _running = Counted::new(&self.counts.running);
        let job = serde_json::to_vec(job).map_err(|e| ChildError::Stopped(e.to_string()))?;
        let mut child = tokio::process::Command::new(&self.exe)
            .arg("inspect-pdf")
            .arg("--memory-bytes")
            .arg(limits.memory_bytes.to_string())
            .arg("--cpu-seconds")
            .arg(limits.time.as_secs().max(1).to_string())
            .arg("--job-on-stdin")
            .arg(file)
            // The allocator reserves its memory 1 GiB at a time by default:
            // within the child's address-space cap, in small steps, so that
            // the cap bounds what the job uses, not what was set aside.
            .env("MIMALLOC_ARENA_RESERVE", "64MiB")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .process_group(0)
            .spawn()
            .map_err(|e| ChildError::Stopped(format!("cannot start the reader: {e}")))?;
        let mut group = GroupKill(child.id());
        let stdin = child.stdin.take();
        let stdout = child.stdout.take();
        let cap = limits.answer_bytes;
        let talk = async {
            if let Some(mut stdin) = stdin {
                // The child reads its job before anything else; a child that
                // died early shows in its status below.
                let _ = tokio::io::AsyncWriteExt::write_all(&mut stdin, &job).await;
            }
            let mut out = Vec::new();
            if let Some(s) = stdout {
                // One byte more than allowed tells an answer that is too long.
                let _ = s.take(cap as u64 + 1).read_to_end(&mut out).await;
            }
            let status = child.wait().await;
            (out, status)
        };
        let remaining = deadline.saturating_duration_since(Instant::now());
        // Dropping `talk` on a timeout kills the child (kill_on_drop).
        let (out, status) = tokio::time::timeout(remaining, talk)
            .await
            .map_err(|_| ChildError::TimedOut)?;
        // The child is gone and reaped: its id may be anyone's now.
        group.0 = None;
        if out.len() > cap {
            return Err(ChildError::AnswerTooLarge(cap));
        }
        serde_json::from_slice::<T>(&out).map_err(|_| {
            ChildError::Stopped(match status {
                Ok(s) => s.to_string(),
                Err(e) => e.to_string(),
            })
        })
    }
}

/// Kills a child's process group when dropped while the child may still
/// run (a timeout, or the caller no longer waiting): `kill_on_drop` only
/// reaches the child, not the tools it started.
struct GroupKill(Option<u32>);

impl Drop for GroupKill {
    fn drop(&mut self) {
        let group = self
            .0
            .and_then(|id| i32::try_from(id).ok())
            .and_then(rustix::process::Pid::from_raw);
        if let Some(group) = group {
            let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
        }
    }
}

/// The child's side (the hidden `inspect-pdf` command of every program
/// that serves): cap memory and CPU time, read the job (from stdin when
/// `job_on_stdin`, else [`Job::Inspect`]) and the file, print the answer as
/// JSON on stdout.
pub fn run_child(
    file: &Path,
    memory_bytes: u64,
    cpu_seconds: u64,
    job_on_stdin: bool,
) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use rlimit::Resource;
        Resource::AS.set(memory_bytes, memory_bytes)?;
        Resource::CPU.set(cpu_seconds, cpu_seconds)?;
        // No file it or a tool it starts writes may outgrow the address
        // space it has: a page drawn at 300 dpi from a huge page box must
        // not fill the disk.
        Resource::FSIZE.set(memory_bytes, memory_bytes)?;
    }
    let job = if job_on_stdin {
        let mut text = Vec::new();
        std::io::stdin().take(1 << 20).read_to_end(&mut text)?;
        serde_json::from_slice(&text).map_err(std::io::Error::other)?
    } else {
        Job::Inspect
    };
    let bytes = || std::fs::read(file);
    let json = match job {
        Job::Inspect => serde_json::to_string(&match bytes() {
            Ok(bytes) => inspect_bytes(&bytes),
            Err(e) => Err(PdfError::ReaderFailed(e.to_string())),
        }),
        Job::Verify { roots_der } => serde_json::to_string(&verify_in_child(bytes(), &roots_der)),
        Job::Stamp { stamp, out } => serde_json::to_string(&stamp_in_child(bytes(), &stamp, &out)),
        // The tools read the file themselves.
        Job::Recognise { page, tools } => serde_json::to_string(&tools.recognise_page(file, page)),
        Job::MeasureImage => serde_json::to_string(&measure_in_child(bytes())),
    }
    .map_err(std::io::Error::other)?;
    println!("{json}");
    Ok(())
}

fn measure_in_child(bytes: std::io::Result<Vec<u8>>) -> Result<ImageFacts, JobFailure> {
    let bytes = bytes.map_err(|e| JobFailure::new("image_not_png", e.to_string()))?;
    std::panic::catch_unwind(|| measure_png(&bytes))
        .map_err(|_| JobFailure::new("image_not_png", "the image could not be read"))?
        .map_err(|e| JobFailure::new(e.code, e.message))
}

fn verify_in_child(
    bytes: std::io::Result<Vec<u8>>,
    roots_der: &[Vec<u8>],
) -> Result<Vec<SignatureReport>, JobFailure> {
    let bytes = bytes.map_err(|e| JobFailure::new("pdf_unreadable", e.to_string()))?;
    let roots = roots_der
        .iter()
        .map(|der| <Certificate as der::Decode>::from_der(der))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| JobFailure::new("internal", e.to_string()))?;
    std::panic::catch_unwind(|| verify_pdf(&bytes, &roots))
        .map_err(|_| JobFailure::new("damaged_pdf", "the PDF could not be parsed"))?
        .map_err(|e| JobFailure::new(e.code(), e.to_string()))
}

fn stamp_in_child(
    bytes: std::io::Result<Vec<u8>>,
    stamp: &Stamp,
    out: &Path,
) -> Result<(), JobFailure> {
    let bytes = bytes.map_err(|e| JobFailure::new("pdf_unreadable", e.to_string()))?;
    let stamped = std::panic::catch_unwind(|| stamp_copy(&bytes, stamp))
        .map_err(|_| JobFailure::new("pdf_unreadable", "the stamp could not be applied"))?
        .map_err(|e| JobFailure::new("pdf_unreadable", e.to_string()))?;
    std::fs::write(out, stamped).map_err(|e| JobFailure::new("internal", e.to_string()))
}
