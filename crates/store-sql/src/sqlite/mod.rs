//! The embedded SQLite store: one file, WAL mode, one writer connection and a
//! pool of readers.
//!
//! All writes go through a single connection, so SQLite never answers
//! "database is locked" under load and the event sequence of each stream is
//! assigned without races; readers never wait for the writer in WAL mode.
//! `synchronous = FULL` makes every acknowledged commit survive a power cut,
//! not only a crash of the process.

mod dialect;
// The shared loads and saves, compiled here with this backend's dialect
// (and once more in the other backend): on purpose, see `shared/mod.rs`.
#[allow(clippy::duplicate_mod)]
#[path = "../shared/mod.rs"]
mod shared;

use std::str::FromStr;
use std::time::Duration;

use std::sync::Arc;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::Connection;
use tokio::sync::Mutex;

use kyhop_store::{Result, StoreError};

pub use shared::SqlStore as SqliteStore;

/// How long a connection waits for a lock held by another process (the
/// `sqlite3` tool, a backup) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

impl SqliteStore {
    /// Opens (creating if needed) the database at `url`, e.g.
    /// `sqlite:///var/lib/kyhop/kyhop.db`, and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Self> {
        Self::open_with(url, true).await
    }

    /// Opens a database that must already exist (`kyhop audit verify`: a
    /// mistyped path must not become an empty database that "passes").
    pub async fn open_existing(url: &str) -> Result<Self> {
        Self::open_with(url, false).await
    }

    async fn open_with(url: &str, create: bool) -> Result<Self> {
        let base = SqliteConnectOptions::from_str(url)
            .map_err(StoreError::backend)?
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let write_opts = base
            .clone()
            .create_if_missing(create)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            // What is deleted is overwritten, not left in free pages: a
            // destroyed poll key must not outlive its row in the file.
            .pragma("secure_delete", "on");
        let mut writer = SqliteConnection::connect_with(&write_opts).await?;
        MIGRATOR
            .run_direct(&mut writer)
            .await
            .map_err(|e| crate::migration_error(e, &MIGRATOR))?;
        let reader = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(base.read_only(true))
            .await?;
        Self::over(Arc::new(Mutex::new(Some(writer))), reader).await
    }

    /// Empties the write-ahead log into the main file and truncates it, in
    /// the background, after a secret poll's key was destroyed: the log
    /// keeps every page a commit changed, the sealed key and each commit's
    /// ciphertext beside its voter among them, until it is overwritten.
    /// Retried while readers hold the log; never delays the caller, nor the
    /// writes after it: the checkpoint runs on the writer connection, and
    /// waiting there for a reader to finish (a backup's read of the whole
    /// file, 0.1–0.2 s) held the next poll's ballots up for as long. So it
    /// does not wait: with no busy timeout a reader makes it copy what it
    /// can and answer busy at once, and it is tried again later.
    fn forget_destroyed_soon(&self) {
        // On the writer connection: a checkpoint from another connection
        // would invalidate the writer's snapshot mid-transaction.
        let writer = self.writer.clone();
        tokio::spawn(async move {
            for attempt in 0..30 {
                if attempt > 0 {
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
                let Ok(mut conn) = dialect::hold_writer(&writer).await else {
                    return;
                };
                let busy = truncate_log_without_waiting(&mut conn).await;
                if matches!(busy, Ok(0)) {
                    return;
                }
            }
            tracing::warn!("the write-ahead log could not be truncated after a secret poll; it will be overwritten in time");
        });
    }
}

/// `PRAGMA wal_checkpoint(TRUNCATE)` with the busy timeout off for its
/// length: 0 when the log was emptied and truncated, 1 when a reader or
/// another process's writer kept it from that. The timeout is set back
/// whatever the outcome.
async fn truncate_log_without_waiting(conn: &mut SqliteConnection) -> Result<i64> {
    sqlx::query("PRAGMA busy_timeout = 0")
        .execute(&mut *conn)
        .await?;
    let busy = sqlx::query_scalar("PRAGMA wal_checkpoint(TRUNCATE)")
        .fetch_one(&mut *conn)
        .await;
    sqlx::query(&format!(
        "PRAGMA busy_timeout = {}",
        BUSY_TIMEOUT.as_millis()
    ))
    .execute(&mut *conn)
    .await?;
    Ok(busy?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// A WAL database with a few committed pages in its log, and a second
    /// connection reading it in an open transaction (a backup under way).
    async fn log_with_a_reader(dir: &std::path::Path) -> (SqliteConnection, SqliteConnection) {
        let url = format!("sqlite://{}", dir.join("t.db").display());
        let opts = SqliteConnectOptions::from_str(&url)
            .unwrap()
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(BUSY_TIMEOUT);
        let mut writer = SqliteConnection::connect_with(&opts).await.unwrap();
        sqlx::query("CREATE TABLE t (x BLOB)")
            .execute(&mut writer)
            .await
            .unwrap();
        let mut reader = SqliteConnection::connect_with(&opts).await.unwrap();
        sqlx::query("BEGIN").execute(&mut reader).await.unwrap();
        sqlx::query("SELECT count(*) FROM t")
            .fetch_one(&mut reader)
            .await
            .unwrap();
        // Committed after the reader's snapshot: the log cannot be emptied
        // while it reads.
        sqlx::query("INSERT INTO t VALUES (zeroblob(100000))")
            .execute(&mut writer)
            .await
            .unwrap();
        (writer, reader)
    }

    #[tokio::test]
    async fn truncating_the_log_does_not_wait_for_a_reader() {
        let dir = tempfile::tempdir().unwrap();
        let (mut writer, mut reader) = log_with_a_reader(dir.path()).await;

        let started = Instant::now();
        let busy = truncate_log_without_waiting(&mut writer).await.unwrap();
        assert_eq!(busy, 1, "the reader keeps the log");
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "waited {:?} for the reader",
            started.elapsed()
        );
        // The writer's busy timeout is back for everything else.
        let timeout: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
            .fetch_one(&mut writer)
            .await
            .unwrap();
        assert_eq!(timeout, BUSY_TIMEOUT.as_millis() as i64);

        // Once the reader is done, the log is emptied and truncated.
        sqlx::query("COMMIT").execute(&mut reader).await.unwrap();
        assert_eq!(truncate_log_without_waiting(&mut writer).await.unwrap(), 0);
        let log = std::fs::metadata(dir.path().join("t.db-wal"))
            .unwrap()
            .len();
        assert_eq!(log, 0);
    }

    /// Control: the plain checkpoint on a connection with a busy timeout
    /// waits out the timeout for the same reader (holding the writer all
    /// that time, which is what held ballots up).
    #[tokio::test]
    async fn control_the_plain_truncating_checkpoint_waits_for_the_reader() {
        let dir = tempfile::tempdir().unwrap();
        let (mut writer, _reader) = log_with_a_reader(dir.path()).await;
        sqlx::query("PRAGMA busy_timeout = 1000")
            .execute(&mut writer)
            .await
            .unwrap();
        let started = Instant::now();
        let busy: i64 = sqlx::query_scalar("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&mut writer)
            .await
            .unwrap();
        assert_eq!(busy, 1);
        assert!(
            started.elapsed() >= Duration::from_millis(900),
            "returned after {:?}",
            started.elapsed()
        );
    }
}
