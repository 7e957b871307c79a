//! Rings a running speech's alarms: one minute left, and time up.
//!
//! One server instance at a time keeps the clock: the one that holds the
//! store's speech-clock duty. It looks at the running speeches when one
//! changes through this instance, and at least every second (a speech may
//! have started through another instance), sleeps until the next alarm is
//! due and asks the store to ring it. The store rings an alarm only if the
//! same stretch of the same speech is still running and the alarm has not
//! rung, so a pause, an end or a new limit needs no cancelling, and an
//! instance whose lease has just lapsed ringing once more does no harm.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::Notify;

use kyhop_store::duty::Duty;
use kyhop_store::{SpeechAlarm, Store};

/// How long the keeper goes without looking at the running speeches: a
/// speech started through another instance is seen within this long.
const LOOK_EVERY: Duration = Duration::from_secs(1);

/// How long an instance waits before asking again for the duty after the
/// database failed it.
const RETRY_AFTER: Duration = Duration::from_secs(1);

#[derive(Default)]
pub struct SpeechClock {
    changed: Notify,
}

impl SpeechClock {
    /// A speech changed through this instance: if it keeps the clock, it
    /// looks again at once (an alarm may now be due sooner).
    pub fn changed(&self) {
        self.changed.notify_one();
    }

    /// Keeps the clock whenever this instance holds the duty, for as long
    /// as the task runs.
    pub async fn keep(self: Arc<Self>, store: Arc<dyn Store>) {
        loop {
            let mut lease = match store.take_duty(Duty::SpeechClock).await {
                Ok(lease) => lease,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot take the speech clock; trying again");
                    tokio::time::sleep(RETRY_AFTER).await;
                    continue;
                }
            };
            tracing::debug!("this instance keeps the speech clock");
            loop {
                let wait = match ring_due(store.as_ref(), Utc::now()).await {
                    Ok(next) => next
                        .and_then(|at| (at - Utc::now()).to_std().ok())
                        .map_or(LOOK_EVERY, |until| until.min(LOOK_EVERY)),
                    Err(e) => {
                        tracing::warn!(error = %e, "could not look at the running speeches");
                        LOOK_EVERY
                    }
                };
                tokio::select! {
                    _ = lease.lost() => break,
                    _ = tokio::time::sleep(wait) => {}
                    _ = self.changed.notified() => {}
                }
            }
            tracing::warn!("this instance no longer keeps the speech clock");
        }
    }
}

/// Rings every alarm due at `now` and tells when the next one is due.
async fn ring_due(
    store: &dyn Store,
    now: DateTime<Utc>,
) -> kyhop_store::Result<Option<DateTime<Utc>>> {
    let mut next: Option<DateTime<Utc>> = None;
    for speech in store.running_speeches().await? {
        let Some(since) = speech.running_since else {
            continue;
        };
        for (alarm, due) in SpeechAlarm::pending(&speech) {
            if due <= now {
                store.ring_speech_alarm(speech.id, alarm, since).await?;
            } else {
                next = Some(next.map_or(due, |n| n.min(due)));
            }
        }
    }
    Ok(next)
}
