//! What SQLite spells its own way, for the shared loads and saves.

use chrono::{DateTime, Utc};
use std::sync::Arc;

use sqlx::Pool;
use tokio::sync::{Mutex, OwnedMappedMutexGuard, OwnedMutexGuard};

use kyhop_domain::events::{Event, Stream};
use kyhop_store::duty::{Duty, DutyLease};
use kyhop_store::{Result, StoreError};

pub type Db = sqlx::Sqlite;
pub type Conn = sqlx::SqliteConnection;
pub type DbRow = sqlx::sqlite::SqliteRow;

/// Times are kept as text in one fixed format (`format_time`), so that
/// they sort and compare as text.
pub type DbTime = String;

pub fn db_time(at: DateTime<Utc>) -> DbTime {
    kyhop_domain::events::format_time(at)
}

/// The one connection every write goes through, kept for good (None once
/// the store is closed). Not a pool: a pool connection handed back is
/// returned by a task of its own, which, behind the fan-out of an event to
/// thousands of live streams, kept the next write waiting 10–60 ms.
pub type Writer = Arc<Mutex<Option<Conn>>>;

/// The writer connection, held by one write at a time.
pub type HeldWriter = OwnedMappedMutexGuard<Option<Conn>, Conn>;

/// Waits for the writer connection.
pub async fn hold_writer(writer: &Writer) -> Result<HeldWriter> {
    OwnedMutexGuard::try_map(writer.clone().lock_owned().await, Option::as_mut)
        .map_err(|_| StoreError::Unavailable("the database is closed".into()))
}

/// The database file's size (the write-ahead log beside it aside).
pub const DATABASE_BYTES: &str =
    "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";

/// A write takes the file's write lock as it begins, waiting (the busy
/// timeout) while another process holds it: a transaction begun deferred
/// that reads first gets SQLITE_BUSY at its first write at once, with no
/// wait, whenever another connection writes (the `sqlite3` tool, a
/// maintenance script), and a ballot would fail instead of waiting.
pub const BEGIN_WRITE: Option<&str> = Some("BEGIN IMMEDIATE");

/// The one writer connection serialises every write: nothing to wait for
/// once the transaction has begun.
pub async fn write_turn(_conn: &mut Conn) -> Result<()> {
    Ok(())
}

/// Closes the writer connection (SQLite then folds the write-ahead log
/// into the file); writes after this fail.
pub async fn close_writer(writer: &Writer) {
    let conn = writer.lock().await.take();
    if let Some(conn) = conn {
        if let Err(e) = sqlx::Connection::close(conn).await {
            tracing::warn!(error = %e, "closing the writer connection");
        }
    }
}

/// One server serves an SQLite file: its duties are its own from the start.
pub async fn take_duty(_writer: &Writer, _duty: Duty) -> Result<DutyLease> {
    Ok(DutyLease::sole())
}

/// Commits are not announced: one server serves an SQLite file, and its
/// own hub hears every commit.
pub async fn announce(_conn: &mut Conn, _instance: u64, _events: &[(Stream, Event)]) -> Result<()> {
    Ok(())
}

/// Nor are sign-in changes: the one server's cache is emptied directly.
pub async fn announce_sign_ins(_writer: &Writer, _instance: u64) -> Result<()> {
    Ok(())
}

/// SQLite reports `ON DELETE RESTRICT` as a trigger failure
/// (SQLITE_CONSTRAINT_TRIGGER), which sqlx does not classify as a foreign
/// key violation: its message is the reliable sign.
pub fn restricted(e: sqlx::Error) -> StoreError {
    match e.as_database_error() {
        Some(db) if db.message().contains("FOREIGN KEY constraint failed") => {
            StoreError::InUse("other records still refer to it".into())
        }
        _ => e.into(),
    }
}

/// A page's text as the search index keeps it: FTS5's `remove_diacritics`
/// folds every letter but đ/Đ, so those are folded here.
pub fn index_text(text: &str) -> String {
    kyhop_domain::search::index_text(text)
}

/// The pages of `session_id` among the documents `among` on which every
/// term appears, best first (FTS5's rank), with their document's title and
/// version and the page's original text.
pub async fn search_pages(
    reader: &Pool<Db>,
    session_id: i64,
    terms: &[String],
    among: &[i64],
    limit: u32,
) -> Result<Vec<DbRow>> {
    let among = serde_json::to_string(among).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    // `ORDER BY rank` lets FTS5 sort inside the index, so the joins and
    // the page text are read only for the pages shown.
    Ok(sqlx::query(
        "SELECT s.document_id, d.title, v.version, s.page, p.text
         FROM page_search s
         JOIN documents d ON d.id = s.document_id
         JOIN document_versions v ON v.id = s.version_id
         JOIN document_pages p ON p.version_id = s.version_id AND p.page = s.page
         WHERE page_search MATCH $1 AND d.session_id = $2
           AND s.document_id IN (SELECT value FROM json_each($3))
         ORDER BY rank LIMIT $4",
    )
    .bind(match_expression(terms))
    .bind(session_id)
    .bind(&among)
    .bind(i64::from(limit))
    .fetch_all(reader)
    .await?)
}

/// Turns the folded terms of what a person typed into an FTS5 query: every
/// word must appear, and nothing typed is read as query syntax.
fn match_expression(terms: &[String]) -> String {
    let quoted: Vec<String> = terms.iter().map(|t| format!("\"{t}\"")).collect();
    quoted.join(" ")
}

#[cfg(test)]
mod tests {
    use super::match_expression;

    #[test]
    fn typed_text_never_becomes_query_syntax() {
        let expression = |q: &str| match_expression(&kyhop_domain::search::query_terms(q));
        assert_eq!(expression("ngân sách"), "\"ngan\" \"sach\"");
        assert_eq!(
            expression("\"Nghị quyết\" OR *"),
            "\"nghi\" \"quyet\" \"or\""
        );
        assert_eq!(expression(" -- "), "");
    }
}
