//! In-process fan-out of committed events to live subscribers.
//!
//! The hub is only a doorbell: it carries each event once, serialised once,
//! to every subscriber of its stream. Subscribers that miss a ring (lag, a
//! gap in `seq`, a reconnect) read what they missed from the store, which is
//! the source of truth. So a slow client never holds up the others and never
//! skips an event.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use tokio::sync::{broadcast, watch};

use kyhop_domain::events::{Event, Stream};

/// Events a subscriber may fall behind by before it re-reads from the store.
const CHANNEL_CAPACITY: usize = 1024;

/// An event ready to send, encoded once as a Server-Sent Events message
/// (`id: <seq>` and `data: <event JSON>`) and shared by every subscriber.
#[derive(Debug)]
pub struct Frame {
    pub seq: i64,
    pub sse: Bytes,
}

impl Frame {
    /// The frame of `event` as live streams show it
    /// ([`Event::for_live_stream`]: records with an audience by id only).
    pub fn new(event: &Event) -> Self {
        let shown = event.clone().for_live_stream();
        // Compact JSON has no line breaks, so it fits one `data:` line.
        let json = serde_json::to_string(&shown).unwrap_or_else(|_| String::from("{}"));
        let sse = Bytes::from(format!("id: {}\ndata: {json}\n\n", event.seq));
        Self {
            seq: event.seq,
            sse,
        }
    }
}

#[derive(Debug)]
pub struct Hub {
    channels: Mutex<HashMap<Stream, broadcast::Sender<Arc<Frame>>>>,
    shutdown: watch::Sender<bool>,
}

impl Default for Hub {
    fn default() -> Self {
        Self {
            channels: Mutex::default(),
            shutdown: watch::Sender::new(false),
        }
    }
}

impl Hub {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts receiving the events of `stream` published from now on.
    pub fn subscribe(&self, stream: Stream) -> broadcast::Receiver<Arc<Frame>> {
        let mut channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        channels
            .entry(stream)
            .or_insert_with(|| broadcast::channel(CHANNEL_CAPACITY).0)
            .subscribe()
    }

    /// Rings the bell for a committed event. Call only after the commit.
    pub fn publish(&self, stream: Stream, event: &Event) {
        let mut channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(tx) = channels.get(&stream) {
            if tx.receiver_count() == 0 {
                channels.remove(&stream);
            } else {
                // Cannot fail: there is at least one receiver and we hold the lock.
                let _ = tx.send(Arc::new(Frame::new(event)));
            }
        }
    }

    /// The streams someone is subscribed to now.
    pub fn streams(&self) -> Vec<Stream> {
        let channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        channels
            .iter()
            .filter(|(_, tx)| tx.receiver_count() > 0)
            .map(|(stream, _)| *stream)
            .collect()
    }

    /// Number of live subscribers of a stream (for tests and metrics).
    pub fn subscribers(&self, stream: Stream) -> usize {
        let channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        channels
            .get(&stream)
            .map_or(0, broadcast::Sender::receiver_count)
    }

    /// A signal that turns true when the server shuts down, so that
    /// long-lived streams end and the shutdown is not held up by them.
    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }

    pub fn shut_down(&self) {
        self.shutdown.send_replace(true);
    }
}
