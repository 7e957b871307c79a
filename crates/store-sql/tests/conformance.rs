//! The store conformance suite on a real SQLite file in a temporary
//! directory.

use std::sync::Arc;

use kyhop_store::conformance::Fresh;
use kyhop_store_sql::SqliteStore;

async fn fresh_store() -> Fresh {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}/kyhop.db", dir.path().display());
    let store = SqliteStore::open(&url).await.expect("a fresh SQLite store");
    (Arc::new(store), Box::new(dir))
}

kyhop_store::conformance_suite!(fresh_store());
