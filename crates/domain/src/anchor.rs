//! Anchors of the event chain: a stream's head (sequence and hash) printed
//! in a document that leaves the server, the minutes or a ballot-count
//! report. Whoever holds the database can recompute every hash after a
//! rewritten event, and the chain still verifies; it cannot change what
//! was printed and signed. So the database must still hold, at each
//! anchored sequence, the anchored hash.

use super::events::{ChainBreak, EventRow};

/// The word that starts an anchor in a document's text, so that a reader
/// finds it whatever the words around it.
pub const ANCHOR_TAG: &str = "KYHOPANCHOR";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainAnchor {
    pub stream: String,
    pub seq: i64,
    pub hash: String,
}

impl ChainAnchor {
    /// The stream's head: its last row.
    pub fn head_of(rows: &[EventRow]) -> Option<ChainAnchor> {
        rows.last().map(|r| ChainAnchor {
            stream: r.stream.clone(),
            seq: r.seq,
            hash: r.hash.clone(),
        })
    }

    /// As printed: the tag, the stream, the sequence, and the hash in groups
    /// of 16 so that a line can wrap between them.
    pub fn text(&self) -> String {
        let groups: Vec<&str> = self
            .hash
            .as_bytes()
            .chunks(16)
            .filter_map(|c| std::str::from_utf8(c).ok())
            .collect();
        format!(
            "{ANCHOR_TAG} {} {} {}",
            self.stream,
            self.seq,
            groups.join(" ")
        )
    }

    /// Every anchor in a document's text (as a PDF reader gives it back:
    /// line breaks and extra spaces anywhere between the parts).
    pub fn find_all(text: &str) -> Vec<ChainAnchor> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut found = Vec::new();
        for (i, word) in words.iter().enumerate() {
            if !word.ends_with(ANCHOR_TAG) {
                continue;
            }
            let (Some(stream), Some(seq)) = (words.get(i + 1), words.get(i + 2)) else {
                continue;
            };
            let Ok(seq) = seq.parse::<i64>() else {
                continue;
            };
            let mut hash = String::new();
            for part in &words[(i + 3).min(words.len())..] {
                let part = part.trim_end_matches(['.', ',', ';', ')']);
                if hash.len() >= 64 || !part.chars().all(|c| c.is_ascii_hexdigit()) {
                    break;
                }
                hash.push_str(part);
            }
            if hash.len() == 64 && stream.contains(':') {
                found.push(ChainAnchor {
                    stream: (*stream).to_owned(),
                    seq,
                    hash: hash.to_ascii_lowercase(),
                });
            }
        }
        found
    }

    /// Whether `rows` (one stream, in order, already verified as a chain)
    /// still extend this anchor: the anchored event is there with the
    /// anchored hash.
    pub fn check(&self, rows: &[EventRow]) -> Result<(), ChainBreak> {
        let broken = |reason: String| ChainBreak {
            stream: self.stream.clone(),
            seq: self.seq,
            reason,
        };
        match rows.iter().find(|r| r.seq == self.seq) {
            None => Err(broken(format!(
                "the anchored event {} is gone (the stream has {} events)",
                self.seq,
                rows.len()
            ))),
            Some(r) if r.hash != self.hash => Err(broken(format!(
                "event {} differs from the anchored head: the stream was rewritten at or before it",
                self.seq
            ))),
            Some(_) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::events::{verify_chain, Stream};

    fn chain(payloads: &[i64]) -> Vec<EventRow> {
        let at = DateTime::parse_from_rfc3339("2026-12-02T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut rows: Vec<EventRow> = Vec::new();
        for n in payloads {
            let head = rows.last().map(|r| (r.seq, r.hash.clone()));
            rows.push(EventRow::next(
                Stream::Session(7),
                head,
                at,
                None,
                "test",
                &serde_json::json!({ "n": n }),
            ));
        }
        rows
    }

    #[test]
    fn an_anchor_survives_printing_and_wrapping() {
        let rows = chain(&[1, 2, 3]);
        let anchor = ChainAnchor::head_of(&rows).unwrap();
        let printed = format!(
            "Neo nhật ký: {}.\nTrang 3",
            anchor.text().replacen(' ', "\n", 4)
        );
        assert_eq!(ChainAnchor::find_all(&printed), vec![anchor.clone()]);
        assert!(ChainAnchor::find_all("KYHOPANCHOR session:7 3 abc").is_empty());
        assert!(anchor.check(&rows).is_ok());
    }

    #[test]
    fn a_rewrite_that_recomputes_every_hash_still_breaks_the_anchor() {
        let rows = chain(&[1, 2, 3, 4]);
        let anchor = ChainAnchor::head_of(&rows[..3]).unwrap();
        // An insider changes event 2 and recomputes every hash after it.
        let rewritten = chain(&[1, 99, 3, 4]);
        assert!(verify_chain(&rewritten).is_ok(), "the plain check passes");
        let broken = anchor.check(&rewritten).unwrap_err();
        assert_eq!((broken.stream.as_str(), broken.seq), ("session:7", 3));
        // A stream cut back before the anchor fails too.
        assert!(anchor
            .check(&rows[..2])
            .unwrap_err()
            .reason
            .contains("gone"));
        // Events after the anchor are not its business.
        assert!(anchor.check(&chain(&[1, 2, 3, 5])).is_ok());
    }
}
