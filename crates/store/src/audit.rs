//! `kyhop audit verify`: recompute every stream's hash chain.

use crate::Store;
use kyhop_domain::events::{verify_chain, ChainBreak};

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
