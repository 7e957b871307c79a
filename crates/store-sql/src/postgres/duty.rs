//! Duties held with a session-level advisory lock on a connection of their
//! own: PostgreSQL frees the lock when that session ends, so an instance
//! that dies (its socket closes) frees its duties at once, and one cut off
//! from the database frees them when the server ends its idle session.

use std::time::Duration;

use sqlx::postgres::PgConnection;
use sqlx::{Connection, Pool};

use kyhop_store::duty::{self, Duty, DutyLease, LeaseKeeper};
use kyhop_store::Result;

use super::dialect::Db;

/// How often an instance that waits for a duty asks for it again, and how
/// often the holder checks that its session still lives: a dead holder's
/// duty is taken over within about this long.
const TRY_EVERY: Duration = Duration::from_secs(1);

/// How long a holder's check may take before it counts the lease as lost.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// The server ends a holder's session that stays idle this long (the holder
/// checks every second, so only a holder cut off from the database is
/// idle), which frees its duties for another instance.
const IDLE_SESSION_TIMEOUT: &str = "5s";

pub async fn take_duty(pool: &Pool<Db>, duty: Duty) -> Result<DutyLease> {
    let options = pool.connect_options();
    let mut conn = PgConnection::connect_with(&options).await?;
    sqlx::query(&format!(
        "SET idle_session_timeout = '{IDLE_SESSION_TIMEOUT}'"
    ))
    .execute(&mut conn)
    .await?;
    loop {
        let held: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
            .bind(duty.key())
            .fetch_one(&mut conn)
            .await?;
        if held {
            break;
        }
        tokio::time::sleep(TRY_EVERY).await;
    }
    let (lease, keeper) = duty::lease();
    tokio::spawn(hold(conn, keeper, duty));
    Ok(lease)
}

/// Keeps the session that holds `duty` alive until the lease is given up
/// (then ends it, freeing the lock) or the session is lost (then drops the
/// keeper, which tells the lease).
async fn hold(mut conn: PgConnection, mut keeper: LeaseKeeper, duty: Duty) {
    loop {
        tokio::select! {
            _ = keeper.given_up() => {
                let _ = conn.close().await;
                return;
            }
            _ = tokio::time::sleep(TRY_EVERY) => {
                match tokio::time::timeout(CHECK_TIMEOUT, conn.ping()).await {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => {
                        tracing::warn!(duty = duty.name(), error = %e, "lost the session that holds a duty");
                        return;
                    }
                    Err(_) => {
                        tracing::warn!(duty = duty.name(), "the session that holds a duty stopped answering");
                        return;
                    }
                }
            }
        }
    }
}
