//! What the server is doing, for Prometheus (`--metrics-bind`): requests
//! and their latency per route, ballots and how long each took to be
//! committed, the ballot box's batch sizes, live streams, each event
//! stream's head, the PDF reader's jobs, the blob store's and database's
//! size, and the process's own memory, CPU time and open files.
//!
//! Labels never carry a person, a choice or a poll's content: routes are
//! their patterns (`/api/polls/{id}/ballot`), ballots are counted by poll
//! kind only.

use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use kyhop_store::Store;

/// How long a measurement of the blob store's size is reused: walking a
/// large store at every scrape would be most of the scrape.
const BLOB_SIZE_REUSED_FOR: Duration = Duration::from_secs(60);

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteOnly {
    method: String,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StreamLabel {
    stream: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabel {
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct VersionLabel {
    version: String,
}

/// The server's metrics; one per server, no global registry.
pub struct Metrics {
    registry: Registry,
    requests: Family<RouteLabels, Counter>,
    request_seconds: Family<RouteOnly, Histogram>,
    ballots: Counter,
    ballots_refused: Counter,
    ballot_seconds: Histogram,
    ballot_batch: Arc<Histogram>,
    live_streams: Gauge,
    stream_head: Family<StreamLabel, Gauge>,
    pdf_waiting: Gauge,
    pdf_running: Gauge,
    pdf_jobs: Family<OutcomeLabel, Counter<u64, AtomicU64>>,
    pdf_jobs_seen: Mutex<(u64, u64)>,
    blob_bytes: Gauge,
    blob_files: Gauge,
    blob_measured: Mutex<Option<Instant>>,
    database_bytes: Gauge,
    resident_bytes: Gauge,
    cpu_seconds: Gauge<f64, std::sync::atomic::AtomicU64>,
    open_files: Gauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

fn latency_buckets() -> impl Iterator<Item = f64> {
    // 1 ms to ~16 s.
    exponential_buckets(0.001, 2.0, 15)
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("kyhop");
        let requests = Family::<RouteLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route pattern and status",
            requests.clone(),
        );
        let request_seconds = Family::<RouteOnly, Histogram>::new_with_constructor(
            (|| Histogram::new(latency_buckets())) as fn() -> Histogram,
        );
        let request_seconds_family: Family<RouteOnly, Histogram> = request_seconds.clone();
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request (to its headers; a live stream's life is not counted)",
            request_seconds_family,
        );
        let ballots = Counter::default();
        registry.register(
            "ballots",
            "Ballots committed and acknowledged",
            ballots.clone(),
        );
        let ballots_refused = Counter::default();
        registry.register(
            "ballots_refused",
            "Ballots refused (poll not open, already voted, not checked in…)",
            ballots_refused.clone(),
        );
        let ballot_seconds = Histogram::new(latency_buckets());
        registry.register(
            "ballot_commit_seconds",
            "From a ballot's arrival to its acknowledgement, after the commit that holds it",
            ballot_seconds.clone(),
        );
        let ballot_batch = Arc::new(Histogram::new(exponential_buckets(1.0, 2.0, 12)));
        registry.register(
            "ballot_batch_size",
            "Ballots committed together by the ballot box (group commit)",
            ballot_batch.as_ref().clone(),
        );
        let live_streams = Gauge::default();
        registry.register(
            "live_streams",
            "Live event streams open (screens and laptops connected)",
            live_streams.clone(),
        );
        let stream_head = Family::<StreamLabel, Gauge>::default();
        registry.register(
            "event_log_head",
            "Sequence number of each event stream's last event",
            stream_head.clone(),
        );
        let pdf_waiting = Gauge::default();
        registry.register(
            "pdf_jobs_waiting",
            "Jobs of the bounded PDF reader waiting for a slot",
            pdf_waiting.clone(),
        );
        let pdf_running = Gauge::default();
        registry.register(
            "pdf_jobs_running",
            "Jobs of the bounded PDF reader running now",
            pdf_running.clone(),
        );
        let pdf_jobs = Family::<OutcomeLabel, Counter<u64, AtomicU64>>::default();
        registry.register(
            "pdf_jobs",
            "Jobs of the bounded PDF reader ended, by outcome (failed: timed out, crashed, over its limits)",
            pdf_jobs.clone(),
        );
        let blob_bytes = Gauge::default();
        registry.register(
            "blob_store_bytes",
            "Size of the documents' files",
            blob_bytes.clone(),
        );
        let blob_files = Gauge::default();
        registry.register(
            "blob_store_files",
            "Documents' files stored",
            blob_files.clone(),
        );
        let database_bytes = Gauge::default();
        registry.register(
            "database_bytes",
            "Size of the database",
            database_bytes.clone(),
        );
        let resident_bytes = Gauge::default();
        registry.register(
            "process_resident_memory_bytes",
            "Resident memory of the server process",
            resident_bytes.clone(),
        );
        let cpu_seconds = Gauge::<f64, std::sync::atomic::AtomicU64>::default();
        registry.register(
            "process_cpu_seconds",
            "CPU time of the server process, user and system",
            cpu_seconds.clone(),
        );
        let open_files = Gauge::default();
        registry.register(
            "process_open_fds",
            "Open file descriptors of the server process",
            open_files.clone(),
        );
        let build = Family::<VersionLabel, Gauge>::default();
        build
            .get_or_create(&VersionLabel {
                version: env!("CARGO_PKG_VERSION").to_owned(),
            })
            .set(1);
        registry.register("build_info", "This server's release", build);
        Self {
            registry,
            requests,
            request_seconds,
            ballots,
            ballots_refused,
            ballot_seconds,
            ballot_batch,
            live_streams,
            stream_head,
            pdf_waiting,
            pdf_running,
            pdf_jobs,
            pdf_jobs_seen: Mutex::new((0, 0)),
            blob_bytes,
            blob_files,
            blob_measured: Mutex::new(None),
            database_bytes,
            resident_bytes,
            cpu_seconds,
            open_files,
        }
    }

    /// One answered request.
    pub fn request(&self, method: &str, route: &str, status: u16, took: Duration) {
        self.requests
            .get_or_create(&RouteLabels {
                method: method.to_owned(),
                route: route.to_owned(),
                status,
            })
            .inc();
        self.request_seconds
            .get_or_create(&RouteOnly {
                method: method.to_owned(),
                route: route.to_owned(),
            })
            .observe(took.as_secs_f64());
    }

    /// One ballot answered: committed, or refused.
    pub fn ballot(&self, committed: bool, took: Duration) {
        if committed {
            self.ballots.inc();
            self.ballot_seconds.observe(took.as_secs_f64());
        } else {
            self.ballots_refused.inc();
        }
    }

    /// Has the store's ballot box report each batch's size here.
    pub fn watch_ballot_batches(&self, store: &dyn Store) {
        let histogram = self.ballot_batch.clone();
        store.observe_ballot_batches(Arc::new(move |n| histogram.observe(n as f64)));
    }

    /// Reads what is read at scrape time, then writes every metric in the
    /// Prometheus text format (0.0.4).
    pub async fn render(&self, now: Scrape<'_>) -> String {
        self.live_streams.set(now.live_streams as i64);
        match now.store.stream_heads().await {
            Ok(heads) => {
                for (stream, seq) in heads {
                    self.stream_head
                        .get_or_create(&StreamLabel { stream })
                        .set(seq);
                }
            }
            Err(e) => tracing::warn!(error = %e, "metrics: reading the event log's heads"),
        }
        match now.store.database_bytes().await {
            Ok(bytes) => {
                self.database_bytes
                    .set(i64::try_from(bytes).unwrap_or(i64::MAX));
            }
            Err(e) => tracing::warn!(error = %e, "metrics: reading the database's size"),
        }
        self.pdf_waiting.set(now.pdf_jobs.waiting as i64);
        self.pdf_running.set(now.pdf_jobs.running as i64);
        {
            let mut seen = self.pdf_jobs_seen.lock().unwrap_or_else(|p| p.into_inner());
            let outcome = |o: &str| OutcomeLabel {
                outcome: o.to_owned(),
            };
            self.pdf_jobs
                .get_or_create(&outcome("done"))
                .inc_by(now.pdf_jobs.done.saturating_sub(seen.0));
            self.pdf_jobs
                .get_or_create(&outcome("failed"))
                .inc_by(now.pdf_jobs.failed.saturating_sub(seen.1));
            *seen = (now.pdf_jobs.done, now.pdf_jobs.failed);
        }
        self.measure_blobs(now.blobs).await;
        self.measure_process();
        let mut text = String::new();
        if let Err(e) =
            prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry)
        {
            tracing::warn!(error = %e, "metrics: encoding");
        }
        text
    }

    async fn measure_blobs(&self, root: &Path) {
        {
            let mut measured = self.blob_measured.lock().unwrap_or_else(|p| p.into_inner());
            if measured.is_some_and(|at| at.elapsed() < BLOB_SIZE_REUSED_FOR) {
                return;
            }
            *measured = Some(Instant::now());
        }
        let root = root.to_path_buf();
        if let Ok((files, bytes)) = tokio::task::spawn_blocking(move || size_of_tree(&root)).await {
            self.blob_files.set(files as i64);
            self.blob_bytes.set(bytes as i64);
        }
    }

    fn measure_process(&self) {
        let page = 4096;
        if let Some(pages) = std::fs::read_to_string("/proc/self/statm")
            .ok()
            .and_then(|s| s.split_whitespace().nth(1)?.parse::<i64>().ok())
        {
            self.resident_bytes.set(pages * page);
        }
        if let Some(ticks) = std::fs::read_to_string("/proc/self/stat")
            .ok()
            .and_then(|s| cpu_ticks(&s))
        {
            // Linux reports in USER_HZ, 100 a second on every architecture.
            self.cpu_seconds.set(ticks as f64 / 100.0);
        }
        if let Ok(fds) = std::fs::read_dir("/proc/self/fd") {
            self.open_files.set(fds.count() as i64);
        }
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// What a scrape reads from the running server.
pub struct Scrape<'a> {
    pub store: &'a dyn Store,
    pub live_streams: usize,
    pub pdf_jobs: kyhop_docs::child::JobCounts,
    pub blobs: &'a Path,
}

/// utime + stime from `/proc/self/stat` (fields 14 and 15, after the
/// command name in parentheses, which may hold spaces).
fn cpu_ticks(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3 (state).
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// Files and bytes under `root`.
fn size_of_tree(root: &Path) -> (u64, u64) {
    let (mut files, mut bytes) = (0, 0);
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            match entry.metadata() {
                Ok(m) if m.is_dir() => todo.push(entry.path()),
                Ok(m) => {
                    files += 1;
                    bytes += m.len();
                }
                Err(_) => {}
            }
        }
    }
    (files, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_is_read_after_a_command_name_with_spaces() {
        let stat = "1234 (kyhop (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 8 0";
        assert_eq!(cpu_ticks(stat), Some(300));
        assert_eq!(cpu_ticks("garbage"), None);
    }
}
