//! The store on PostgreSQL, for several server instances on one database.
//!
//! Writes are serialised across every instance by one transaction-scoped
//! advisory lock, taken first in each write transaction: the shared loads
//! and saves then see what they see on SQLite's single writer (the next
//! event number of a stream, the one open poll of a session, the next
//! resolution number are read and written with no other writer between),
//! while reads never wait.

mod dialect;
mod duty;
// The shared loads and saves, compiled here with this backend's dialect
// (and once more in the other backend): on purpose, see `shared/mod.rs`.
#[allow(clippy::duplicate_mod)]
#[path = "../shared/mod.rs"]
mod shared;

use std::sync::{Arc, Weak};
use std::time::Duration;

use sqlx::postgres::{PgListener, PgNotification, PgPoolOptions};
use sqlx::PgPool;

use kyhop_domain::events::Stream;
use kyhop_store::{EventStore, Result};

pub use shared::SqlStore as PgStore;

pub(crate) use dialect::{begin_write, index_text};

/// This release's schema on PostgreSQL.
pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Connections per instance: the writer's turn is one at a time anyway;
/// the rest serve reads (snapshots, documents, event streams).
const MAX_CONNECTIONS: u32 = 16;

/// How long a request waits for a connection before the database counts
/// as unavailable.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

impl PgStore {
    /// Connects to the database at `url` (`postgres://user@host/db`),
    /// brings its schema up to date (instances starting together take
    /// turns: sqlx holds an advisory lock while it migrates) and starts
    /// listening to what the other instances commit.
    pub async fn open(url: &str) -> Result<Arc<Self>> {
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect(url)
            .await?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| crate::migration_error(e, &MIGRATOR))?;
        let store = Arc::new(Self::over(pool.clone(), pool.clone()).await?);
        tokio::spawn(listen(Arc::downgrade(&store), pool));
        Ok(store)
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

/// Hears what the other instances on the database commit, for as long as
/// the store lives: their events go to this instance's hub (read from the
/// table: the notification only says which), a change to sign-ins empties
/// its cache. When the connection that listens is lost, what was said
/// meanwhile is unknown: the cache empties, and the head of every stream
/// someone follows here is rung again, so that a follower behind it reads
/// what it missed from the table.
async fn listen(store: Weak<PgStore>, pool: PgPool) {
    let mut listener: Option<PgListener> = None;
    loop {
        let Some(live) = listener.as_mut() else {
            match connect_listener(&pool).await {
                Ok(l) => {
                    listener = Some(l);
                    let Some(store) = store.upgrade() else { return };
                    store.missed_what_was_said().await;
                }
                Err(e) => {
                    if store.strong_count() == 0 || pool.is_closed() {
                        return;
                    }
                    tracing::warn!(error = %e, "cannot listen to the other instances; trying again");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
            continue;
        };
        match live.try_recv().await {
            Ok(Some(notification)) => {
                let Some(store) = store.upgrade() else { return };
                store.heard(&notification).await;
            }
            // The connection was lost; sqlx listens again on the next call.
            Ok(None) => {
                let Some(store) = store.upgrade() else { return };
                store.missed_what_was_said().await;
            }
            Err(e) => {
                if store.strong_count() == 0 || pool.is_closed() {
                    return;
                }
                tracing::warn!(error = %e, "listening to the other instances failed; reconnecting");
                listener = None;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

async fn connect_listener(pool: &PgPool) -> sqlx::Result<PgListener> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener
        .listen_all([dialect::EVENTS_CHANNEL, dialect::SIGN_INS_CHANNEL])
        .await?;
    Ok(listener)
}

impl PgStore {
    /// One notification of another instance (this instance's own are
    /// already in its hub).
    async fn heard(&self, notification: &PgNotification) {
        let mut words = notification.payload().split(' ');
        let from = words.next().and_then(|w| u64::from_str_radix(w, 16).ok());
        if from == Some(self.instance) {
            return;
        }
        if notification.channel() == dialect::SIGN_INS_CHANNEL {
            self.tokens.invalidate();
            return;
        }
        let stream = words.next().and_then(|w| w.parse::<Stream>().ok());
        let seq = words.next().and_then(|w| w.parse::<i64>().ok());
        let (Some(stream), Some(seq)) = (stream, seq) else {
            tracing::warn!(
                payload = notification.payload(),
                "an announcement this instance cannot read"
            );
            return;
        };
        self.ring(stream, seq).await;
    }

    /// Publishes event `seq` of `stream`, read from the table. A secret
    /// poll made or opened through another instance gets its ballots
    /// encrypted ahead here too: this instance receives half the chamber's
    /// ballots, and would otherwise encrypt each one as it arrives.
    async fn ring(&self, stream: Stream, seq: i64) {
        match self.events_after(stream, seq - 1, 1).await {
            Ok(events) => {
                for event in events.iter().filter(|e| e.seq == seq) {
                    self.hub.publish(stream, event);
                    if let Some(poll_id) = poll_taking_ballots(event) {
                        self.prepare_ballots(poll_id).await;
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, %stream, seq, "cannot read an announced event"),
        }
    }

    /// After a time not listening: sign-ins may have changed, and events
    /// may have been committed, on other instances.
    async fn missed_what_was_said(&self) {
        self.tokens.invalidate();
        for stream in self.hub.streams() {
            match self.stream_head(stream).await {
                Ok(head) if head > 0 => self.ring(stream, head).await,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, %stream, "cannot read a stream's head"),
            }
        }
    }
}

/// The poll an event makes or opens, which may take ballots soon (whether
/// it is secret, the ballot box finds out).
fn poll_taking_ballots(event: &kyhop_domain::events::Event) -> Option<i64> {
    match event.kind.as_str() {
        "poll.created" => event.payload["id"].as_i64(),
        "poll.opened" => event.payload["poll"]["id"].as_i64(),
        _ => None,
    }
}
