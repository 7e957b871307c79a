//! The store's loads and saves, written once in SQL that SQLite and
//! PostgreSQL both read. This directory is compiled twice, once inside each
//! backend module (`crate::sqlite`, `crate::postgres`), whose `dialect`
//! supplies the database types (`Db`, `Conn`, `DbRow`), the way a time is
//! bound (`db_time`), how a write transaction begins, and the few
//! statements the two databases spell differently (full-text search).

// A time is bound as `&now` for both databases: SQLite keeps it as a
// `String` (used again after the bind), PostgreSQL as a `Copy` timestamp,
// for which clippy would drop the `&`.
#![allow(clippy::needless_borrows_for_generic_args)]

mod accounts;
mod ballots;
mod councils;
mod documents;
mod events;
mod floor;
mod notes;
mod people;
mod polls;
mod recognition;
mod resolutions;
mod rows;
mod sessions;
mod signature_images;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use sqlx::{Database, Pool, TransactionManager};

use kyhop_domain::events::{Event, EventRow, Stream};
use kyhop_store::ballot_box::BallotBox;
use kyhop_store::duty::{Duty, DutyLease};
use kyhop_store::live::Hub;
use kyhop_store::token_cache::TokenCache;
use kyhop_store::{Result, Store, StoreError};

use super::dialect::{self, db_time, restricted, Conn, Db, DbRow, DbTime, HeldWriter, Writer};

/// The database's transaction manager, driven by hand in [`Begun`].
type Manager = <Db as Database>::TransactionManager;

/// The store on one database: writes on `writer`, reads on `reader` (the
/// same pool where the database has no single writer of its own).
pub struct SqlStore {
    pub(super) writer: Writer,
    pub(super) reader: Pool<Db>,
    pub(super) hub: Arc<Hub>,
    pub(super) ballots: BallotBox,
    pub(super) tokens: TokenCache,
    /// This server instance among those on the same database: what it
    /// announces of its commits is marked with it, so that it does not
    /// hear itself.
    pub(super) instance: u64,
}

impl SqlStore {
    /// The store over open pools; secret polls waiting to open or open
    /// when the server stopped get their ballots encrypted ahead again
    /// (that lived only in memory).
    pub(super) async fn over(writer: Writer, reader: Pool<Db>) -> Result<Self> {
        let hub = Arc::new(Hub::new());
        let instance = rand::random();
        let ballots = BallotBox::start(Arc::new(ballots::SqlBallots {
            writer: writer.clone(),
            reader: reader.clone(),
            hub: hub.clone(),
            instance,
        }))?;
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
            instance,
        })
    }

    /// Starts a write transaction on behalf of `actor`.
    async fn write(&self, actor: Option<i64>) -> Result<WriteTx<'_>> {
        begin_write(&self.writer, &self.hub, self.instance, actor).await
    }

    /// After a committed change to accounts or tokens (a sign-out, a new
    /// password, a role): no instance answers from what it remembered of
    /// the sign-ins before it.
    async fn sign_ins_changed(&self) {
        self.tokens.invalidate();
        if let Err(e) = dialect::announce_sign_ins(&self.writer, self.instance).await {
            tracing::warn!(error = %e, "could not tell the other instances of a sign-in change");
        }
    }

    /// Closes both pools, waiting for the writer to finish.
    pub async fn close(&self) {
        self.ballots.shut_down();
        self.reader.close().await;
        dialect::close_writer(&self.writer).await;
    }
}

/// Starts a write transaction on the writer connection.
async fn begin_write<'h>(
    writer: &Writer,
    hub: &'h Hub,
    instance: u64,
    actor: Option<i64>,
) -> Result<WriteTx<'h>> {
    Ok(WriteTx {
        instance,
        tx: Begun::on(writer).await?,
        actor,
        // Stored times keep microseconds; live events must carry the same value.
        now: Utc::now().trunc_subsecs(6),
        events: Vec::new(),
        hub,
    })
}

#[async_trait]
impl Store for SqlStore {
    fn hub(&self) -> &Hub {
        &self.hub
    }

    async fn take_duty(&self, duty: Duty) -> Result<DutyLease> {
        dialect::take_duty(&self.writer, duty).await
    }

    async fn stream_heads(&self) -> Result<Vec<(String, i64)>> {
        Ok(
            sqlx::query_as("SELECT stream, MAX(seq) FROM events GROUP BY stream ORDER BY stream")
                .fetch_all(&self.reader)
                .await?,
        )
    }

    async fn database_bytes(&self) -> Result<u64> {
        let bytes: i64 = sqlx::query_scalar(dialect::DATABASE_BYTES)
            .fetch_one(&self.reader)
            .await?;
        Ok(u64::try_from(bytes).unwrap_or(0))
    }

    async fn schema(&self) -> Result<kyhop_store::Schema> {
        let applied: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success",
        )
        .fetch_one(&self.reader)
        .await?;
        let known = super::MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
        Ok(kyhop_store::Schema { applied, known })
    }

    fn observe_ballot_batches(&self, observer: kyhop_store::ballot_box::BatchObserver) {
        self.ballots.observe_batches(observer);
    }
}

/// A transaction begun by hand on a writer connection (sqlx's own
/// `Transaction` would need the connection to go back to a pool): rolled
/// back unless committed, also when its future is dropped half way.
struct Begun {
    conn: HeldWriter,
    committed: bool,
}

impl Begun {
    async fn on(writer: &Writer) -> Result<Self> {
        let mut conn = dialect::hold_writer(writer).await?;
        // A begin cancelled half way left a transaction open.
        if Manager::get_transaction_depth(&conn) > 0 {
            Manager::rollback(&mut conn).await?;
        }
        Manager::begin(&mut conn, dialect::BEGIN_WRITE.map(Into::into)).await?;
        let mut begun = Self {
            conn,
            committed: false,
        };
        dialect::write_turn(&mut begun).await?;
        Ok(begun)
    }

    async fn commit(&mut self) -> Result<()> {
        Manager::commit(&mut self.conn).await?;
        self.committed = true;
        Ok(())
    }
}

impl std::ops::Deref for Begun {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.conn
    }
}

impl std::ops::DerefMut for Begun {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.conn
    }
}

impl Drop for Begun {
    fn drop(&mut self) {
        if !self.committed {
            // Queued on the connection, ahead of its next statement.
            Manager::start_rollback(&mut self.conn);
        }
    }
}

/// A write transaction that collects the events it appends and rings the
/// hub only once they are committed.
struct WriteTx<'s> {
    tx: Begun,
    instance: u64,
    actor: Option<i64>,
    now: DateTime<Utc>,
    events: Vec<(Stream, Event)>,
    hub: &'s Hub,
}

impl WriteTx<'_> {
    fn conn(&mut self) -> &mut Conn {
        &mut self.tx
    }

    /// Now, as the database keeps times.
    fn now_db(&self) -> DbTime {
        db_time(self.now)
    }

    /// Appends one event to `stream`, chained to the stream's last event.
    async fn emit(&mut self, stream: Stream, kind: &str, payload: &impl Serialize) -> Result<()> {
        let stream_name = stream.to_string();
        let head: Option<(i64, String)> = sqlx::query_as(
            "SELECT seq, hash FROM events WHERE stream = $1 ORDER BY seq DESC LIMIT 1",
        )
        .bind(&stream_name)
        .fetch_optional(&mut *self.tx)
        .await?;
        let value = serde_json::to_value(payload)
            .map_err(|e| StoreError::Corrupt(format!("event payload: {e}")))?;
        let row = EventRow::next(stream, head, self.now, self.actor, kind, &value);
        sqlx::query(
            "INSERT INTO events (stream, seq, at, actor, kind, payload, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
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
        let sql = format!("DELETE FROM {table} WHERE id = $1");
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

    async fn commit(mut self) -> Result<()> {
        // Told to the other instances on the same database with the commit
        // (PostgreSQL delivers a notification only if its transaction commits).
        dialect::announce(&mut self.tx, self.instance, &self.events).await?;
        self.tx.commit().await?;
        // The writer is free before the bell rings: the next write need not
        // wait for the events to reach every live stream.
        drop(self.tx);
        for (stream, event) in &self.events {
            self.hub.publish(*stream, event);
        }
        Ok(())
    }
}
