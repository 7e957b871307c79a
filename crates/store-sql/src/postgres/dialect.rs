//! What PostgreSQL spells its own way, for the shared loads and saves.

use chrono::{DateTime, Utc};
use sqlx::pool::PoolConnection;
use sqlx::{Pool, Transaction};

use kyhop_domain::events::{Event, Stream};
use kyhop_store::{Result, StoreError};

pub type Db = sqlx::Postgres;
pub type Conn = sqlx::PgConnection;
pub type DbRow = sqlx::postgres::PgRow;

/// Times are kept as `TIMESTAMPTZ` (microseconds, as the store keeps them).
pub type DbTime = DateTime<Utc>;

pub fn db_time(at: DateTime<Utc>) -> DbTime {
    at
}

/// The key of the advisory lock every write transaction holds: "KyHop"
/// in ASCII, so that it is recognisable in `pg_locks`.
const WRITE_LOCK: i64 = 0x4B_79_48_6F_70;

/// Writes go through the pool: a connection lost with the database is
/// replaced by a new one.
pub type Writer = Pool<Db>;

/// A pool connection, held by one write.
pub type HeldWriter = PoolConnection<Db>;

pub async fn hold_writer(writer: &Writer) -> Result<HeldWriter> {
    Ok(writer.acquire().await?)
}

/// The database's size on the cluster's disk.
pub const DATABASE_BYTES: &str = "SELECT pg_database_size(current_database())";

/// Write transactions begin as any other (the write turn is taken next).
pub const BEGIN_WRITE: Option<&str> = None;

/// Waits, inside a write transaction, for this database's write turn
/// (released at commit or rollback, also when the connection is lost).
pub async fn write_turn(conn: &mut Conn) -> Result<()> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(WRITE_LOCK)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn close_writer(writer: &Writer) {
    writer.close().await;
}

/// Begins a write transaction of its own on `pool` and waits for the
/// write turn (moving a database in: `transfer`).
pub async fn begin_write(pool: &Pool<Db>) -> Result<Transaction<'static, Db>> {
    let mut tx = pool.begin().await?;
    write_turn(&mut tx).await?;
    Ok(tx)
}

pub use super::duty::take_duty;

/// The channel that carries "`<instance> <stream> <seq>`" for every event
/// committed, to every instance on the database.
pub const EVENTS_CHANNEL: &str = "kyhop_events";

/// The channel that carries "`<instance>`" after a change to sign-ins.
pub const SIGN_INS_CHANNEL: &str = "kyhop_sign_ins";

/// Announces the transaction's events to every instance listening: the
/// notifications are sent if, and when, the transaction commits, in the
/// order of the commits.
pub async fn announce(conn: &mut Conn, instance: u64, events: &[(Stream, Event)]) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let payloads: Vec<String> = events
        .iter()
        .map(|(stream, event)| format!("{instance:x} {stream} {}", event.seq))
        .collect();
    sqlx::query("SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p")
        .bind(EVENTS_CHANNEL)
        .bind(&payloads)
        .execute(conn)
        .await?;
    Ok(())
}

/// Tells every instance that sign-ins changed (their caches empty).
pub async fn announce_sign_ins(writer: &Pool<Db>, instance: u64) -> Result<()> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(SIGN_INS_CHANNEL)
        .bind(format!("{instance:x}"))
        .execute(writer)
        .await?;
    Ok(())
}

/// PostgreSQL reports `ON DELETE RESTRICT` as a foreign key violation,
/// which the store's error mapping already reads as "in use".
pub fn restricted(e: sqlx::Error) -> StoreError {
    e.into()
}

/// A page's text as the search index keeps it: every word folded (lower
/// case, no diacritics, đ as d), as the typed query is.
pub fn index_text(text: &str) -> String {
    kyhop_domain::search::query_terms(text).join(" ")
}

/// The pages of `session_id` among the documents `among` on which every
/// term appears, best first, with their document's title and version and
/// the page's original text.
pub async fn search_pages(
    reader: &Pool<Db>,
    session_id: i64,
    terms: &[String],
    among: &[i64],
    limit: u32,
) -> Result<Vec<DbRow>> {
    // The terms are words of letters and digits only; `plainto_tsquery`
    // joins them with AND and reads no syntax in them either way.
    Ok(sqlx::query(
        "SELECT s.document_id, d.title, v.version, s.page, p.text
         FROM page_search s
         JOIN documents d ON d.id = s.document_id
         JOIN document_versions v ON v.id = s.version_id
         JOIN document_pages p ON p.version_id = s.version_id AND p.page = s.page
         WHERE s.words @@ plainto_tsquery('simple', $1) AND d.session_id = $2
           AND s.document_id = ANY($3)
         ORDER BY ts_rank(s.words, plainto_tsquery('simple', $1)) DESC, s.document_id, s.page
         LIMIT $4",
    )
    .bind(terms.join(" "))
    .bind(session_id)
    .bind(among)
    .bind(i64::from(limit))
    .fetch_all(reader)
    .await?)
}
