//! `kyhop audit verify`: recompute every stream's hash chain.

use crate::Store;
use kyhop_domain::events::{verify_chain, ChainBreak};
use kyhop_domain::ChainAnchor;

/// What the audit found: events checked in each intact stream, and the
/// first broken event of each broken stream.
#[derive(Debug)]
pub struct AuditReport {
    pub streams: Vec<(String, u64)>,
    pub breaks: Vec<ChainBreak>,
}

impl AuditReport {
    pub fn events(&self) -> u64 {
        self.streams.iter().map(|(_, n)| n).sum()
    }
}

/// Checks every stream.
pub async fn verify(store: &dyn Store) -> crate::Result<AuditReport> {
    let mut report = AuditReport {
        streams: Vec::new(),
        breaks: Vec::new(),
    };
    for stream in store.streams().await? {
        let rows = store.event_rows(&stream).await?;
        match verify_chain(&rows) {
            Ok(n) => report.streams.push((stream, n)),
            Err(b) => report.breaks.push(b),
        }
    }
    Ok(report)
}

/// Checks anchors printed in documents against the stored chains: each
/// anchored event must still be there with its anchored hash. (The chains
/// themselves are checked by [`verify`].)
pub async fn verify_anchors(
    store: &dyn Store,
    anchors: &[ChainAnchor],
) -> crate::Result<Vec<Result<ChainAnchor, ChainBreak>>> {
    let mut results = Vec::with_capacity(anchors.len());
    for anchor in anchors {
        let rows = store.event_rows(&anchor.stream).await?;
        results.push(anchor.check(&rows).map(|()| anchor.clone()));
    }
    Ok(results)
}

/// The heads of `streams` now, to print as anchors.
pub async fn heads(store: &dyn Store, streams: &[String]) -> crate::Result<Vec<ChainAnchor>> {
    let mut heads = Vec::new();
    for stream in streams {
        if let Some(head) = ChainAnchor::head_of(&store.event_rows(stream).await?) {
            heads.push(head);
        }
    }
    Ok(heads)
}
