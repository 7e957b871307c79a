//! Rings a running speech's alarms: one minute left, and time up.
//!
//! Each alarm is a sleeping task that, when it wakes, asks the store to ring
//! it — and the store rings it only if the same stretch of the same speech is
//! still running and the alarm has not rung. So a pause, an end, a new limit
//! or a restart needs no cancelling: stale alarms wake up and do nothing,
//! and a restarted server sets the alarms of running speeches again.

use std::sync::Arc;

use chrono::Utc;

use kyhop_domain::Speech;
use kyhop_store::{SpeechAlarm, Store};

/// Sets the alarms of `speech` if it is running.
pub fn watch(store: &Arc<dyn Store>, speech: &Speech) {
    let Some(since) = speech.running_since else {
        return;
    };
    for alarm in [SpeechAlarm::Warning, SpeechAlarm::TimeUp] {
        let rung = match alarm {
            SpeechAlarm::Warning => {
                speech.warned || speech.limit_seconds <= alarm.seconds_before_limit()
            }
            SpeechAlarm::TimeUp => speech.timed_out,
        };
        let Some(at) = speech
            .deadline(alarm.seconds_before_limit())
            .filter(|_| !rung)
        else {
            continue;
        };
        let wait = (at - Utc::now()).to_std().unwrap_or_default();
        let (store, id) = (store.clone(), speech.id);
        tokio::spawn(async move {
            tokio::time::sleep(wait).await;
            if let Err(e) = store.ring_speech_alarm(id, alarm, since).await {
                tracing::warn!(speech = id, error = %e, "could not ring a speech alarm");
            }
        });
    }
}

/// Sets the alarms of every running speech (after a start or restart).
pub async fn watch_running(store: &Arc<dyn Store>) -> kyhop_store::Result<()> {
    for speech in store.running_speeches().await? {
        watch(store, &speech);
    }
    Ok(())
}
