//! The hidden `inspect-pdf` command, shared by every program that serves
//! (the `kyhop` binary and the desktop app, which runs the server in host
//! mode): the server reads an untrusted PDF by running its own executable
//! with it, as a bounded child process (`kyhop_docs::child::PdfChildren`).

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    pub file: PathBuf,
    #[arg(long, default_value_t = 2 << 30)]
    pub memory_bytes: u64,
    #[arg(long, default_value_t = 120)]
    pub cpu_seconds: u64,
    /// Read the job (`kyhop_docs::child::Job`, JSON) from stdin instead of
    /// reading the file's pages.
    #[arg(long)]
    pub job_on_stdin: bool,
}

impl InspectArgs {
    pub fn run(&self) -> std::io::Result<()> {
        kyhop_docs::child::run_child(
            &self.file,
            self.memory_bytes,
            self.cpu_seconds,
            self.job_on_stdin,
        )
    }
}
