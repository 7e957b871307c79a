//! The embedded SQLite store: one file, WAL mode, one writer connection and a
//! pool of readers.
//!
//! All writes go through a single connection, so SQLite never answers
//! "database is locked" under load and the event sequence of each stream is
//! assigned without races; readers never wait for the writer in WAL mode.
//! `synchronous = FULL` makes every acknowledged commit survive a power cut,
//! not only a crash of the process.

mod accounts;
mod ballots;
mod councils;
mod documents;
mod events;
mod floor;
mod notes;
mod people;
mod polls;
mod resolutions;
mod rows;
mod sessions;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Sqlite, SqliteConnection, Transaction};

use kyhop_domain::events::{format_time, Event, EventRow, Stream};
use kyhop_store::ballot_box::BallotBox;
use kyhop_store::live::Hub;
use kyhop_store::token_cache::TokenCache;
use kyhop_store::{Result, Store, StoreError};

/// How long a connection waits for a lock held by another process (the
/// `sqlite3` tool, a backup) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
    hub: Arc<Hub>,
    ballots: BallotBox,
    tokens: TokenCache,
}

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
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(write_opts)
            .await?;
        sqlx::migrate!("./migrations")
            .run(&writer)
            .await
            .map_err(StoreError::backend)?;
        let reader = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(base.read_only(true))
            .await?;
        let hub = Arc::new(Hub::new());
        let ballots = BallotBox::start(Arc::new(ballots::SqliteBallots {
            writer: writer.clone(),
            reader: reader.clone(),
            hub: hub.clone(),
        }));
        // Secret polls waiting to open or open when the server stopped get
        // their ballots encrypted ahead again (that lived only in memory).
        let waiting: Vec<i64> = sqlx::query_scalar(
            "SELECT k.poll_id FROM poll_keys k JOIN polls p ON p.id = k.poll_id
             WHERE p.state IN ('draft', 'open') AND k.sealed_secret IS NOT NULL",
        )
        .fetch_all(&reader)
        .await?;
        for poll_id in waiting {
            if let Err(e) = ballots.prepare(poll_id).await {
                tracing::warn!(poll_id, error = %e, "could not start encrypting ballots ahead");
            }
        }
        Ok(Self {
            writer,
            reader,
            hub,
            ballots,
            tokens: TokenCache::default(),
        })
    }

    /// Empties the write-ahead log into the main file and truncates it, in
    /// the background, after a secret poll's key was destroyed: the log
    /// keeps every page a commit changed, the sealed key and each commit's
    /// ciphertext beside its voter among them, until it is overwritten.
    /// Retried while readers hold the log; never delays the caller.
    fn truncate_log_soon(&self) {
        // On the writer connection: a checkpoint from another connection
        // would invalidate the writer's snapshot mid-transaction.
        let writer = self.writer.clone();
        tokio::spawn(async move {
            for attempt in 0..30 {
                if attempt > 0 {
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
                let busy: std::result::Result<i64, _> =
                    sqlx::query_scalar("PRAGMA wal_checkpoint(TRUNCATE)")
                        .fetch_one(&writer)
                        .await;
                if matches!(busy, Ok(0)) {
                    return;
                }
            }
            tracing::warn!("the write-ahead log could not be truncated after a secret poll; it will be overwritten in time");
        });
    }

    /// Starts a write transaction on behalf of `actor`.
    async fn write(&self, actor: Option<i64>) -> Result<WriteTx<'_>> {
        begin_write(&self.writer, &self.hub, actor).await
    }

    /// Closes both pools, waiting for the writer to finish.
    pub async fn close(&self) {
        self.ballots.shut_down();
        self.reader.close().await;
        self.writer.close().await;
    }
}

/// Starts a write transaction on the writer connection.
async fn begin_write<'h>(
    writer: &SqlitePool,
    hub: &'h Hub,
    actor: Option<i64>,
) -> Result<WriteTx<'h>> {
    Ok(WriteTx {
        tx: writer.begin().await?,
        actor,
        // Stored times keep microseconds; live events must carry the same value.
        now: Utc::now().trunc_subsecs(6),
        events: Vec::new(),
        hub,
    })
}

impl Store for SqliteStore {
    fn hub(&self) -> &Hub {
        &self.hub
    }
}

/// A write transaction that collects the events it appends and rings the
/// hub only once they are committed.
struct WriteTx<'s> {
    tx: Transaction<'static, Sqlite>,
    actor: Option<i64>,
    now: DateTime<Utc>,
    events: Vec<(Stream, Event)>,
    hub: &'s Hub,
}

impl WriteTx<'_> {
    fn conn(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }

    fn now_text(&self) -> String {
        format_time(self.now)
    }

    /// Appends one event to `stream`, chained to the stream's last event.
    async fn emit(&mut self, stream: Stream, kind: &str, payload: &impl Serialize) -> Result<()> {
        let stream_name = stream.to_string();
        let head: Option<(i64, String)> = sqlx::query_as(
            "SELECT seq, hash FROM events WHERE stream = ? ORDER BY seq DESC LIMIT 1",
        )
        .bind(&stream_name)
        .fetch_optional(&mut *self.tx)
        .await?;
        let value = serde_json::to_value(payload)
            .map_err(|e| StoreError::Corrupt(format!("event payload: {e}")))?;
        let row = EventRow::next(stream, head, self.now, self.actor, kind, &value);
        sqlx::query(
            "INSERT INTO events (stream, seq, at, actor, kind, payload, prev_hash, hash)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&row.stream)
        .bind(row.seq)
        .bind(&row.at)
        .bind(row.actor)
        .bind(&row.kind)
        .bind(&row.payload)
        .bind(&row.prev_hash)
        .bind(&row.hash)
        .execute(&mut *self.tx)
        .await?;
        self.events.push((
            stream,
            Event {
                stream: row.stream,
                seq: row.seq,
                at: self.now,
                actor: row.actor,
                kind: row.kind,
                payload: value,
                hash: row.hash,
            },
        ));
        Ok(())
    }

    /// Deletes the row `id` of `table` and records "<noun>.deleted". Every
    /// deletion goes through here, so that a row other rows still refer to
    /// (`ON DELETE RESTRICT`) answers `in_use` (see [`restricted`]).
    async fn delete(
        &mut self,
        table: &str,
        id: i64,
        stream: Stream,
        noun: &'static str,
    ) -> Result<()> {
        let sql = format!("DELETE FROM {table} WHERE id = ?");
        let done = sqlx::query(&sql)
            .bind(id)
            .execute(&mut *self.tx)
            .await
            .map_err(restricted)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(noun));
        }
        let kind = format!("{noun}.deleted");
        self.emit(stream, &kind, &serde_json::json!({ "id": id }))
            .await
    }

    async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        for (stream, event) in &self.events {
            self.hub.publish(*stream, event);
        }
        Ok(())
    }
}

/// SQLite reports `ON DELETE RESTRICT` as a trigger failure
/// (SQLITE_CONSTRAINT_TRIGGER), which sqlx does not classify as a foreign
/// key violation: its message is the reliable sign.
fn restricted(e: sqlx::Error) -> StoreError {
    match e.as_database_error() {
        Some(db) if db.message().contains("FOREIGN KEY constraint failed") => {
            StoreError::InUse("other records still refer to it".into())
        }
        _ => e.into(),
    }
}
