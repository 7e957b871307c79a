//! The index over real stores: it finds what the store holds, follows
//! every change, survives a restart and rebuilds what it cannot trust.

use kyhop_domain::events::Stream;
use kyhop_search::PageIndex;
use kyhop_store::conformance::{search_follows_the_documents, Chamber};
use kyhop_store::prelude::*;
use kyhop_store_sql::PgStore;

mod support;
use support::{sqlite, upload};

#[tokio::test]
async fn follows_the_documents_of_a_sqlite_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite(dir.path()).await;
    let index = PageIndex::open(&dir.path().join("index"), store.clone()).unwrap();
    search_follows_the_documents(store, index).await;
}

#[tokio::test]
async fn follows_the_documents_of_a_postgres_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = PgStore::open(&kyhop_test_postgres::fresh_database())
        .await
        .expect("a PostgreSQL store");
    let index = PageIndex::open(&dir.path().join("index"), store.clone()).unwrap();
    search_follows_the_documents(store, index).await;
}

#[tokio::test]
async fn a_restart_keeps_the_index_and_takes_in_what_happened_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite(dir.path()).await;
    let chamber = Chamber::new(store.clone()).await;
    let session = chamber.session.id;
    let first = upload(
        &chamber,
        "Báo cáo kinh tế",
        &["Tăng trưởng kinh tế đạt 8 phần trăm"],
    )
    .await;
    let index_dir = dir.path().join("index");
    let index = PageIndex::open(&index_dir, store.clone()).unwrap();
    index.follow_all().await.unwrap();
    let head = store.stream_head(Stream::Session(session)).await.unwrap();
    assert_eq!(index.followed_seq(session), Some(head));
    drop(index);

    // While the server is down, another instance uploads.
    let second = upload(
        &chamber,
        "Báo cáo xã hội",
        &["Giải quyết việc làm cho lao động"],
    )
    .await;
    let index = PageIndex::open(&index_dir, store.clone()).unwrap();
    assert_eq!(
        index.followed_seq(session),
        Some(head),
        "what was committed before the restart is kept, not rebuilt"
    );
    let among = [first.id, second.id];
    let ids = |hits: Vec<kyhop_domain::SearchHit>| -> Vec<i64> {
        hits.iter().map(|h| h.document_id).collect()
    };
    let hits = index.search(session, "viec lam", &among, 10).await.unwrap();
    assert_eq!(ids(hits), [second.id]);
    let hits = index.search(session, "kinh te", &among, 10).await.unwrap();
    assert_eq!(ids(hits), [first.id]);
}

#[tokio::test]
async fn a_damaged_or_removed_index_is_rebuilt_from_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite(dir.path()).await;
    let chamber = Chamber::new(store.clone()).await;
    let session = chamber.session.id;
    let doc = upload(&chamber, "Tờ trình", &["Đầu tư công trung hạn"]).await;
    let index_dir = dir.path().join("index");
    let index = PageIndex::open(&index_dir, store.clone()).unwrap();
    index.follow_all().await.unwrap();
    drop(index);
    std::fs::write(index_dir.join("meta.json"), b"{ not json").unwrap();
    let index = PageIndex::open(&index_dir, store.clone()).unwrap();
    assert_eq!(index.followed_seq(session), None, "started over");
    let hits = index.search(session, "dau tu cong", &[doc.id], 10).await;
    assert_eq!(hits.unwrap().len(), 1);

    // The directory removed by hand: rebuilt as well.
    drop(index);
    std::fs::remove_dir_all(&index_dir).unwrap();
    let index = PageIndex::open(&index_dir, store.clone()).unwrap();
    let hits = index.search(session, "trung han", &[doc.id], 10).await;
    assert_eq!(hits.unwrap().len(), 1);
}

#[tokio::test]
async fn a_store_restored_from_an_older_backup_is_indexed_anew() {
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("index");
    // The index follows a store that went further…
    let later = tempfile::tempdir().unwrap();
    let store = sqlite(later.path()).await;
    let chamber = Chamber::new(store.clone()).await;
    upload(
        &chamber,
        "Bản nháp",
        &["Phương án sắp xếp đơn vị hành chính"],
    )
    .await;
    upload(&chamber, "Bản nháp 2", &["Phương án sắp xếp lần hai"]).await;
    let index = PageIndex::open(&index_dir, store.clone()).unwrap();
    index.follow_all().await.unwrap();
    drop(index);
    // …then the database is restored from a backup taken before those
    // uploads: the same session, a shorter stream.
    let restored_dir = tempfile::tempdir().unwrap();
    let restored = sqlite(restored_dir.path()).await;
    let again = Chamber::new(restored.clone()).await;
    assert_eq!(again.session.id, chamber.session.id);
    let kept = upload(&again, "Tờ trình", &["Phương án phát triển du lịch"]).await;
    let index = PageIndex::open(&index_dir, restored.clone()).unwrap();
    let hits = index
        .search(again.session.id, "phuong an", &[1, 2, 3], 10)
        .await
        .unwrap();
    let found: Vec<(i64, &str)> = hits
        .iter()
        .map(|h| (h.document_id, h.title.as_str()))
        .collect();
    assert_eq!(
        found,
        [(kept.id, "Tờ trình")],
        "nothing of the abandoned history is found"
    );
}

#[tokio::test]
async fn a_closed_index_lets_a_new_one_open_and_searches_fall_back_to_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite(dir.path()).await;
    let chamber = Chamber::new(store.clone()).await;
    let session = chamber.session.id;
    let doc = upload(&chamber, "Tờ trình", &["Chính sách hỗ trợ giáo viên"]).await;
    let index_dir = dir.path().join("index");
    let index = PageIndex::open(&index_dir, store.clone()).unwrap();
    assert!(
        PageIndex::open(&index_dir, store.clone()).is_err(),
        "control: one writer per directory"
    );
    index.close().await;
    // The server started again in this process opens the directory…
    let again = PageIndex::open(&index_dir, store.clone()).unwrap();
    assert_eq!(
        again
            .search(session, "giao vien", &[doc.id], 10)
            .await
            .unwrap()
            .len(),
        1
    );
    // …and the closed one still answers, from the store's own index.
    let hits = index
        .search(session, "giao vien", &[doc.id], 10)
        .await
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].snippet.contains("<mark>giáo</mark>"), "{hits:?}");
    assert_eq!(
        index.followed_seq(session),
        None,
        "nothing was indexed by it"
    );
}
