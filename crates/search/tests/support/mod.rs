//! What the index's tests share: a real SQLite store, documents uploaded.

use std::path::Path;
use std::sync::Arc;

use kyhop_store::conformance::Chamber;
use kyhop_store::prelude::*;
use kyhop_store::NewVersion;
use kyhop_store_sql::SqliteStore;

pub async fn sqlite(dir: &Path) -> Arc<dyn Store> {
    let url = format!("sqlite://{}", dir.join("kyhop.db").display());
    Arc::new(SqliteStore::open(&url).await.expect("a SQLite store"))
}

/// A report of the chamber's session with these pages.
pub async fn upload(chamber: &Chamber, title: &str, pages: &[&str]) -> kyhop_domain::Document {
    let new = serde_json::from_value(serde_json::json!({
        "title": title,
        "kind": "report",
    }))
    .expect("a new document");
    let version = NewVersion {
        sha256: format!("{:0>64}", title.len()),
        byte_size: 1_000,
        file_name: "bao-cao.pdf".into(),
        pages: pages
            .iter()
            .enumerate()
            .map(|(i, text)| kyhop_domain::PageText {
                page: i as u32 + 1,
                text: (*text).into(),
                scanned: false,
            })
            .collect(),
        recognition: None,
    };
    chamber
        .store
        .create_document(chamber.admin, chamber.session.id, new, version)
        .await
        .expect("uploaded")
}
