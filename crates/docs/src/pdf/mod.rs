//! Reading untrusted PDFs: what they are and what text each page holds.
//!
//! `pdf-extract` panics on malformed input by design, and any PDF parser can
//! be made to spin or to allocate without end. So the server never parses an
//! uploaded PDF itself: it runs `kyhop inspect-pdf FILE` as a child process
//! with a time limit, and that child caps its own memory and CPU time
//! before it reads a byte ([`inspect_file`], [`run_child`]). Inside the
//! child, panics are caught and the lopdf extractor takes over from
//! pdf-extract.

pub mod compose;
pub mod fonts;
mod layout;
pub mod letterhead;
mod read;
pub mod resolution;
pub mod watermark;

use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use read::inspect_bytes;

pub use kyhop_domain::PageText;

/// What a PDF is, as far as the council needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PdfInfo {
    pub page_count: u32,
    pub pages: Vec<PageText>,
    /// Which extractor read the text: "pdf-extract", or "lopdf" after pdf-extract failed.
    pub extractor: String,
}

/// Why a file was not accepted, with a stable code for the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum PdfError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is not a PDF")]
    NotPdf,
    #[error("the PDF is cut off (incomplete upload or download)")]
    Truncated,
    #[error("the PDF is protected by a password; upload it without protection")]
    Encrypted,
    #[error("the PDF is damaged: {0}")]
    Damaged(String),
    #[error("reading the PDF took too long")]
    TimedOut,
    #[error("the PDF could not be read: {0}")]
    ReaderFailed(String),
}

impl PdfError {
    /// The stable code, e.g. `pdf_encrypted`.
    pub fn code(&self) -> &'static str {
        match self {
            PdfError::Empty => "pdf_empty",
            PdfError::NotPdf => "not_a_pdf",
            PdfError::Truncated => "pdf_truncated",
            PdfError::Encrypted => "pdf_encrypted",
            PdfError::Damaged(_) => "pdf_damaged",
            PdfError::TimedOut => "pdf_timed_out",
            PdfError::ReaderFailed(_) => "pdf_unreadable",
        }
    }
}

/// Limits for reading one PDF.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Wall-clock time the parent waits.
    pub time: Duration,
    /// Address space the child may use, in bytes.
    pub memory_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            time: Duration::from_secs(120),
            memory_bytes: 2 << 30,
        }
    }
}

/// Reads `file` in a child process (`exe inspect-pdf FILE`), bounded by
/// `limits`. `exe` is normally `std::env::current_exe()`.
pub async fn inspect_file(exe: &Path, file: &Path, limits: Limits) -> Result<PdfInfo, PdfError> {
    let mut child = tokio::process::Command::new(exe)
        .arg("inspect-pdf")
        .arg("--memory-bytes")
        .arg(limits.memory_bytes.to_string())
        .arg("--cpu-seconds")
        .arg(limits.time.as_secs().max(1).to_string())
        .arg(file)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| PdfError::ReaderFailed(format!("cannot start the reader: {e}")))?;
    let stdout = child.stdout.take();
    let read = async {
        let mut out = Vec::new();
        if let Some(mut s) = stdout {
            tokio::io::AsyncReadExt::read_to_end(&mut s, &mut out)
                .await
                .ok();
        }
        let status = child.wait().await;
        (out, status)
    };
    let (out, status) = match tokio::time::timeout(limits.time, read).await {
        Ok(done) => done,
        // Dropping the future kills the child (kill_on_drop).
        Err(_) => return Err(PdfError::TimedOut),
    };
    match serde_json::from_slice::<Result<PdfInfo, PdfError>>(&out) {
        Ok(answer) => answer,
        Err(_) => Err(PdfError::ReaderFailed(match status {
            Ok(s) => format!("the reader stopped ({s})"),
            Err(e) => e.to_string(),
        })),
    }
}

/// The child's side (the hidden `inspect-pdf` command of every program
/// that serves): cap memory and CPU time, read the file, print the answer
/// as JSON on stdout.
pub fn run_child(file: &Path, memory_bytes: u64, cpu_seconds: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use rlimit::Resource;
        Resource::AS.set(memory_bytes, memory_bytes)?;
        Resource::CPU.set(cpu_seconds, cpu_seconds)?;
    }
    let answer = match std::fs::read(file) {
        Ok(bytes) => inspect_bytes(&bytes),
        Err(e) => Err(PdfError::ReaderFailed(e.to_string())),
    };
    let json = serde_json::to_string(&answer).map_err(std::io::Error::other)?;
    println!("{json}");
    Ok(())
}
