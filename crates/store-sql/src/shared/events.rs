use async_trait::async_trait;
use sqlx::Row;

use super::DbRow;
use super::SqlStore;
use kyhop_domain::events::{Event, EventRow, Stream};
use kyhop_store::{EventStore, Result, StoreError};

fn event_row(r: &DbRow) -> Result<EventRow> {
    Ok(EventRow {
        stream: r.try_get("stream")?,
        seq: r.try_get("seq")?,
        at: r.try_get("at")?,
        actor: r.try_get("actor")?,
        kind: r.try_get("kind")?,
        payload: r.try_get("payload")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

#[async_trait]
impl EventStore for SqlStore {
    async fn events_after(&self, stream: Stream, after: i64, limit: u32) -> Result<Vec<Event>> {
        let rows = sqlx::query(
            "SELECT * FROM events WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3",
        )
        .bind(stream.to_string())
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| event_row(r)?.to_event().map_err(StoreError::Corrupt))
            .collect()
    }

    async fn stream_head(&self, stream: Stream) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM events WHERE stream = $1")
                .bind(stream.to_string())
                .fetch_one(&self.reader)
                .await?,
        )
    }

    async fn streams(&self) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT DISTINCT stream FROM events ORDER BY stream")
                .fetch_all(&self.reader)
                .await?,
        )
    }

    async fn event_rows(&self, stream: &str) -> Result<Vec<EventRow>> {
        let rows = sqlx::query("SELECT * FROM events WHERE stream = $1 ORDER BY seq")
            .bind(stream)
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(event_row).collect()
    }
}
