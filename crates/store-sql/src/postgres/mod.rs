//! The store on PostgreSQL, for several server instances on one database.
//!
//! Writes are serialised across every instance by one transaction-scoped
//! advisory lock, taken first in each write transaction: the shared loads
//! and saves then see what they see on SQLite's single writer (the next
//! event number of a stream, the one open poll of a session, the next
//! resolution number are read and written with no other writer between),
//! while reads never wait.

mod dialect;
// The shared loads and saves, compiled here with this backend's dialect
// (and once more in the other backend): on purpose, see `shared/mod.rs`.
#[allow(clippy::duplicate_mod)]
#[path = "../shared/mod.rs"]
mod shared;

use std::time::Duration;

use sqlx::postgres::PgPoolOptions;

use kyhop_store::{Result, StoreError};

pub use shared::SqlStore as PgStore;

/// Connections per instance: the writer's turn is one at a time anyway;
/// the rest serve reads (snapshots, documents, event streams).
const MAX_CONNECTIONS: u32 = 16;

/// How long a request waits for a connection before the database counts
/// as unavailable.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

impl PgStore {
    /// Connects to the database at `url` (`postgres://user@host/db`) and
    /// brings its schema up to date (instances starting together take
    /// turns: sqlx holds an advisory lock while it migrates).
    pub async fn open(url: &str) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect(url)
            .await?;
        sqlx::migrate!("./migrations/postgres")
            .run(&pool)
            .await
            .map_err(StoreError::backend)?;
        Self::over(pool.clone(), pool).await
    }

    /// Removes the dead row versions a destroyed poll key and its secret
    /// ballots left in the tables' pages, in the background; never delays
    /// the caller.
    fn forget_destroyed_soon(&self) {
        let pool = self.writer.clone();
        tokio::spawn(async move {
            if let Err(e) = sqlx::query("VACUUM poll_keys, secret_ballots, poll_voters")
                .execute(&pool)
                .await
            {
                tracing::warn!(error = %e, "could not vacuum after a secret poll");
            }
        });
    }
}
