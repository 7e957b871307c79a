//! The event log's shape and its hash chain.
//!
//! Every state change is one event in a stream: the system stream (accounts
//! outside councils), a council's stream (its people, terms, settings) or a
//! session's stream (everything that happens in the session). Within a
//! stream, `seq` counts from 1 without gaps, and each event's hash covers the
//! previous event's hash, so a changed, removed or reordered row shows.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

/// Hash that the first event of every stream chains to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Which stream an event belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stream {
    System,
    Council(i64),
    Session(i64),
}

impl fmt::Display for Stream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stream::System => f.write_str("system"),
            Stream::Council(id) => write!(f, "council:{id}"),
            Stream::Session(id) => write!(f, "session:{id}"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("not a stream name: {0:?}")]
pub struct BadStream(String);

impl FromStr for Stream {
    type Err = BadStream;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadStream(s.to_owned());
        match s.split_once(':') {
            None if s == "system" => Ok(Stream::System),
            Some(("council", id)) => id.parse().map(Stream::Council).map_err(|_| bad()),
            Some(("session", id)) => id.parse().map(Stream::Session).map_err(|_| bad()),
            _ => Err(bad()),
        }
    }
}

/// One committed event, as stored and as sent to clients.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Event {
    /// "system", "council:<id>" or "session:<id>".
    pub stream: String,
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// Account that caused the event; none for the system itself.
    #[schema(required = true)]
    pub actor: Option<i64>,
    /// What happened, e.g. "agenda_item.created".
    pub kind: String,
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    pub hash: String,
}

impl Event {
    /// The event as a live stream may show it. Documents and resolutions
    /// have an audience (a confidential document's readers, a draft's
    /// staff) while everyone in the council follows the session's stream:
    /// their events name them by id, and clients fetch what they may read.
    /// Events stored before that rule carried the whole record; they are
    /// cut down here when replayed.
    pub fn for_live_stream(mut self) -> Event {
        let keep: &[&str] = match self.kind.as_str() {
            "document.uploaded" | "document.updated" => &["id", "version"],
            "documents.published" => &["ids"],
            "resolution.created" | "resolution.updated" | "resolution.issued" => &["id", "state"],
            _ => return self,
        };
        let payload = std::mem::take(&mut self.payload);
        let mut named = serde_json::Map::new();
        match payload {
            // `documents.published` used to carry the documents themselves.
            serde_json::Value::Array(records) => {
                let ids = records.iter().map(|r| r["id"].clone()).collect();
                named.insert("ids".into(), serde_json::Value::Array(ids));
            }
            serde_json::Value::Object(fields) => {
                for (key, value) in fields {
                    if keep.contains(&key.as_str()) {
                        named.insert(key, value);
                    }
                }
            }
            _ => {}
        }
        self.payload = serde_json::Value::Object(named);
        self
    }
}

/// The stored text of one event row, exactly as hashed.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub stream: String,
    pub seq: i64,
    pub at: String,
    pub actor: Option<i64>,
    pub kind: String,
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Formats event times so that they sort as text and keep microseconds.
pub fn format_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The hash of an event: SHA-256 over the previous hash and every field,
/// each field length-prefixed so that no two rows share an encoding.
pub fn chain_hash(
    prev_hash: &str,
    stream: &str,
    seq: i64,
    at: &str,
    actor: Option<i64>,
    kind: &str,
    payload: &str,
) -> String {
    let mut h = Sha256::new();
    let actor = actor.map(|a| a.to_string()).unwrap_or_default();
    for field in [
        prev_hash,
        stream,
        &seq.to_string(),
        at,
        &actor,
        kind,
        payload,
    ] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

impl EventRow {
    /// The next event of `stream`, whose last event is `head` (its seq and
    /// hash; none for an empty stream): numbered from 1 without gaps and
    /// chained to the previous hash. Every backend appends exactly this row.
    pub fn next(
        stream: Stream,
        head: Option<(i64, String)>,
        at: DateTime<Utc>,
        actor: Option<i64>,
        kind: &str,
        payload: &serde_json::Value,
    ) -> EventRow {
        let (seq, prev_hash) = head.map_or((1, GENESIS_HASH.to_owned()), |(s, h)| (s + 1, h));
        let mut row = EventRow {
            stream: stream.to_string(),
            seq,
            at: format_time(at),
            actor,
            kind: kind.to_owned(),
            payload: payload.to_string(),
            prev_hash,
            hash: String::new(),
        };
        row.hash = row.computed_hash();
        row
    }

    pub fn computed_hash(&self) -> String {
        chain_hash(
            &self.prev_hash,
            &self.stream,
            self.seq,
            &self.at,
            self.actor,
            &self.kind,
            &self.payload,
        )
    }

    /// Parses the stored row for clients. A row that does not parse is
    /// damaged; the audit names it.
    pub fn to_event(&self) -> Result<Event, String> {
        let at = DateTime::parse_from_rfc3339(&self.at)
            .map_err(|e| format!("bad time {:?}: {e}", self.at))?
            .with_timezone(&Utc);
        let payload =
            serde_json::from_str(&self.payload).map_err(|e| format!("bad payload: {e}"))?;
        Ok(Event {
            stream: self.stream.clone(),
            seq: self.seq,
            at,
            actor: self.actor,
            kind: self.kind.clone(),
            payload,
            hash: self.hash.clone(),
        })
    }
}

/// Where a stream's chain first breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub stream: String,
    pub seq: i64,
    pub reason: String,
}

/// Checks one stream's rows, given in `seq` order, against the chain.
pub fn verify_chain<'a>(rows: impl IntoIterator<Item = &'a EventRow>) -> Result<u64, ChainBreak> {
    let mut prev = GENESIS_HASH.to_owned();
    let mut count = 0;
    for (expected_seq, row) in (1..).zip(rows) {
        let broken = |reason: String| ChainBreak {
            stream: row.stream.clone(),
            seq: row.seq,
            reason,
        };
        if row.seq != expected_seq {
            return Err(broken(format!(
                "sequence jumps from {} to {}",
                expected_seq - 1,
                row.seq
            )));
        }
        if row.prev_hash != prev {
            return Err(broken(
                "previous-hash link does not match the event before".into(),
            ));
        }
        if row.computed_hash() != row.hash {
            return Err(broken("contents do not match the stored hash".into()));
        }
        prev.clone_from(&row.hash);
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_live_stream_names_documents_and_resolutions_by_id_only() {
        let event = |kind: &str, payload: serde_json::Value| super::Event {
            stream: "session:1".into(),
            seq: 1,
            at: chrono::Utc::now(),
            actor: None,
            kind: kind.into(),
            payload,
            hash: String::new(),
        };
        let old = event(
            "document.uploaded",
            serde_json::json!({ "id": 7, "title": "Báo cáo mật", "audience": [{ "kind": "committee", "id": 2 }] }),
        );
        assert_eq!(
            old.for_live_stream().payload,
            serde_json::json!({ "id": 7 })
        );
        let old = event(
            "documents.published",
            serde_json::json!([{ "id": 7, "title": "Báo cáo mật" }, { "id": 8, "title": "Tờ trình" }]),
        );
        assert_eq!(
            old.for_live_stream().payload,
            serde_json::json!({ "ids": [7, 8] })
        );
        let draft = event(
            "resolution.updated",
            serde_json::json!({ "id": 3, "state": "draft", "subject": "Về dự toán" }),
        );
        assert_eq!(
            draft.for_live_stream().payload,
            serde_json::json!({ "id": 3, "state": "draft" })
        );
        // Control: an event without an audience is shown whole.
        let speech = serde_json::json!({ "id": 1, "person_id": 4, "state": "speaking" });
        assert_eq!(
            event("speech.started", speech.clone())
                .for_live_stream()
                .payload,
            speech
        );
    }

    use super::*;

    /// `n` events appended the way every backend appends them.
    fn chain(n: i64) -> Vec<EventRow> {
        let at = DateTime::parse_from_rfc3339("2026-11-22T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut rows: Vec<EventRow> = Vec::new();
        for seq in 1..=n {
            let head = rows.last().map(|r| (r.seq, r.hash.clone()));
            let payload = serde_json::json!({ "n": seq });
            rows.push(EventRow::next(
                Stream::Session(1),
                head,
                at,
                Some(1),
                "test",
                &payload,
            ));
        }
        rows
    }

    #[test]
    fn the_next_event_is_numbered_and_chained() {
        let rows = chain(2);
        assert_eq!((rows[0].seq, rows[0].prev_hash.as_str()), (1, GENESIS_HASH));
        assert_eq!(rows[1].seq, 2);
        assert_eq!(rows[1].prev_hash, rows[0].hash);
        assert_eq!(rows[0].at, "2026-11-22T08:00:00.000000Z");
        assert_eq!(rows[0].payload, "{\"n\":1}");
        // Pinned: a change to what the hash covers, or how, would break
        // every chain already stored.
        assert_eq!(
            rows[0].hash,
            "b41f8fc891334a30440162382574bfa468d2b4a3d5a2eaafbf6a03e92548dbf7"
        );
    }

    #[test]
    fn intact_chain_verifies() {
        assert_eq!(verify_chain(&chain(5)), Ok(5));
    }

    #[test]
    fn edited_payload_is_named() {
        let mut rows = chain(5);
        rows[2].payload = "{\"n\":99}".into();
        assert_eq!(verify_chain(&rows).unwrap_err().seq, 3);
    }

    #[test]
    fn removed_row_is_named() {
        let mut rows = chain(5);
        rows.remove(1);
        assert_eq!(verify_chain(&rows).unwrap_err().seq, 3);
    }

    #[test]
    fn stream_names_round_trip() {
        for s in [Stream::System, Stream::Council(3), Stream::Session(12)] {
            assert_eq!(s.to_string().parse::<Stream>().unwrap(), s);
        }
        assert!("session:x".parse::<Stream>().is_err());
    }
}
