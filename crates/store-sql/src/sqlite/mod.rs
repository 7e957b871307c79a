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
    /// Retried while readers hold the log; never delays the caller.
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
                let busy: std::result::Result<i64, _> =
                    sqlx::query_scalar("PRAGMA wal_checkpoint(TRUNCATE)")
                        .fetch_one(&mut *conn)
                        .await;
                if matches!(busy, Ok(0)) {
                    return;
                }
            }
            tracing::warn!("the write-ahead log could not be truncated after a secret poll; it will be overwritten in time");
        });
    }
}
