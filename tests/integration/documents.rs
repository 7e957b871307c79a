//! Uploading documents: stored once by SHA-256, read in a bounded child
//! process, searchable without diacritics; bad files refused with a reason
//! and nothing left behind.

use crate::common;

use common::{fixture, pdftotext, upload, Fixture, Server};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

fn meta(title: &str) -> Value {
    json!({ "title": title, "kind": "submission" })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_store_once_and_search_without_diacritics() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let s = fx.session;
    let to_trinh = std::fs::read(fixture("to-trinh-libreoffice.pdf")).unwrap();
    let (status, doc) = upload(
        &fx.secretary,
        s,
        meta("Tờ trình dự toán ngân sách 2027"),
        "to-trinh.pdf",
        to_trinh.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    let version = &doc["versions"][0];
    let sha = hex::encode(Sha256::digest(&to_trinh));
    assert_eq!(version["sha256"], sha);
    assert_eq!(
        (
            version["page_count"].as_u64(),
            version["byte_size"].as_u64()
        ),
        (Some(2), Some(to_trinh.len() as u64))
    );
    assert_eq!(version["file_name"], "to-trinh.pdf");
    let stored = server.data_dir.join("blobs").join(&sha[..2]).join(&sha);
    assert_eq!(
        std::fs::read(&stored).unwrap(),
        to_trinh,
        "the blob is the file, under its hash"
    );

    let (status, report) = upload(
        &fx.secretary,
        s,
        json!({ "title": "Báo cáo thẩm tra", "kind": "review_report" }),
        "bao-cao.pdf",
        std::fs::read(fixture("bao-cao-ghostscript.pdf")).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{report}");
    let (status, scan) = upload(
        &fx.secretary,
        s,
        meta("Bản chụp"),
        "scan.pdf",
        std::fs::read(fixture("scanned-ghostscript.pdf")).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{scan}");
    assert_eq!(
        scan["versions"][0]["scanned_pages"],
        json!([1]),
        "a page without text is marked, the upload succeeds"
    );

    // The same file again, as another document: stored once.
    let before = server.blob_files();
    let (status, _) = upload(&fx.admin, s, meta("Bản sao"), "copy.pdf", to_trinh.clone()).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(server.blob_files(), before);

    let search = |q: &str| {
        let api = fx.chair.clone();
        let q = q.to_owned();
        async move {
            let (status, hits) = api
                .get(&format!("/api/sessions/{s}/search?q={}", urlencode(&q)))
                .await;
            assert_eq!(status, StatusCode::OK, "{hits}");
            hits.as_array().unwrap().clone()
        }
    };
    for q in ["ngân sách", "ngan sach", "NGAN SACH"] {
        let hits = search(q).await;
        assert!(
            hits.iter()
                .any(|h| h["document_id"] == doc["id"] && h["page"] == 1),
            "{q}: {hits:?}"
        );
        assert!(
            hits.iter()
                .any(|h| h["document_id"] == doc["id"] && h["page"] == 2),
            "{q}: {hits:?}"
        );
        assert!(
            hits.iter()
                .all(|h| h["snippet"].as_str().unwrap().contains("<mark>")),
            "{q}"
        );
    }
    let hits = search("Nghi quyet").await;
    assert!(
        hits.iter().any(|h| h["document_id"] == report["id"]),
        "{hits:?}"
    );
    // "đ" has no decomposition, so SQLite alone would not fold it.
    for q in ["dia phuong", "DAU TU", "địa phương"] {
        let hits = search(q).await;
        assert!(
            hits.iter().any(|h| h["document_id"] == doc["id"]),
            "{q}: {hits:?}"
        );
    }
    let hits = search("dia phuong").await;
    assert!(
        hits[0]["snippet"]
            .as_str()
            .unwrap()
            .contains("<mark>địa</mark> <mark>phương</mark>"),
        "the snippet keeps the original letters: {hits:?}"
    );
    let hits = search("thẩm tra").await;
    assert!(
        hits[0]["snippet"]
            .as_str()
            .unwrap()
            .contains("<mark>thẩm</mark> <mark>tra</mark>"),
        "{hits:?}"
    );
    // A report printed from a browser (Chromium draws with Skia, whose
    // font widths pdf-extract misread): its words are whole.
    let (status, printed) = upload(
        &fx.secretary,
        s,
        meta("Báo cáo kinh tế - xã hội"),
        "bao-cao-kt-xh.pdf",
        std::fs::read(fixture("bao-cao-kt-xh-chromium.pdf")).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{printed}");
    for q in ["triệu đồng", "nong thon moi", "THUAN THANH"] {
        let hits = search(q).await;
        assert!(
            hits.iter().any(|h| h["document_id"] == printed["id"]),
            "{q}: {hits:?}"
        );
    }
    assert!(search("không có từ này").await.is_empty());
    assert!(
        search("\"OR *").await.is_empty(),
        "query syntax typed by a person is just words"
    );

    let (status, list) = fx
        .secretary
        .get(&format!("/api/sessions/{s}/documents"))
        .await;
    assert_eq!(
        (status, list.as_array().unwrap().len()),
        (StatusCode::OK, 5)
    );
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_files_are_refused_with_a_reason_and_leave_nothing() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let s = fx.session;
    let before_rows = common::table_counts(&server).await;
    let before_blobs = server.blob_files();
    let good = std::fs::read(fixture("to-trinh-libreoffice.pdf")).unwrap();
    let mut damaged = b"%PDF-1.7\n".to_vec();
    damaged.extend((0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    damaged.extend(b"\n%%EOF\n");
    for (name, bytes, code) in [
        (
            "encrypted.pdf",
            std::fs::read(fixture("encrypted-qpdf.pdf")).unwrap(),
            "pdf_encrypted",
        ),
        (
            "truncated.pdf",
            std::fs::read(fixture("truncated.pdf")).unwrap(),
            "pdf_truncated",
        ),
        (
            "to-trinh.pdf",
            std::fs::read(fixture("to-trinh.html")).unwrap(),
            "not_a_pdf",
        ),
        ("empty.pdf", Vec::new(), "pdf_empty"),
        ("damaged.pdf", damaged, "pdf_damaged"),
    ] {
        let (status, reply) = upload(&fx.secretary, s, meta("Tài liệu hỏng"), name, bytes).await;
        assert_eq!(
            (status, reply["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
            "{name}: {reply}"
        );
        assert_eq!(reply["field"], "file");
        // The server keeps serving.
        let (status, _) = fx
            .secretary
            .get(&format!("/api/sessions/{s}/snapshot"))
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    // A good file with a bad description: refused after the file was read,
    // and the file does not stay.
    let (status, reply) = upload(
        &fx.secretary,
        s,
        json!({ "title": "X", "kind": "submission", "agenda_item_id": 999_999 }),
        "a.pdf",
        good.clone(),
    )
    .await;
    assert_eq!(
        (status, reply["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_reference"))
    );
    let (status, reply) = upload(
        &fx.secretary,
        s,
        json!({ "title": "X", "kind": "memo" }),
        "a.pdf",
        good.clone(),
    )
    .await;
    assert_eq!(
        (status, reply["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_body"))
    );
    let (status, reply) = upload(
        &fx.secretary,
        s,
        json!({ "title": "X", "kind": "report", "confidentiality": "listed" }),
        "a.pdf",
        good.clone(),
    )
    .await;
    assert_eq!(
        (status, reply["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("audience"))
    );
    // Who may upload.
    let (status, _) = upload(&fx.delegate, s, meta("X"), "a.pdf", good.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = upload(&fx.foreign_secretary, s, meta("X"), "a.pdf", good.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Nothing refused was stored, so a delegate's search finds nothing.
    let (status, hits) = fx
        .delegate
        .get(&format!("/api/sessions/{s}/search?q=ngan"))
        .await;
    assert_eq!((status, hits), (StatusCode::OK, json!([])));

    assert_eq!(
        common::table_counts(&server).await,
        before_rows,
        "no row was written"
    );
    assert_eq!(server.blob_files(), before_blobs, "no file was kept");
}

#[tokio::test]
async fn uploads_over_the_limit_are_refused() {
    let server = Server::start_with(&["--upload-limit", "10000"]).await;
    let fx = Fixture::new(&server).await;
    let (status, reply) = upload(
        &fx.secretary,
        fx.session,
        meta("Quá lớn"),
        "big.pdf",
        std::fs::read(fixture("to-trinh-libreoffice.pdf")).unwrap(),
    )
    .await;
    assert_eq!(
        (status, reply["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large")),
        "{reply}"
    );
    assert!(
        server
            .blob_files()
            .iter()
            .all(|p| !p.starts_with(server.data_dir.join("blobs/incoming"))),
        "{:?}",
        server.blob_files()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishing_decides_who_reads_and_downloads_resume() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let s = fx.session;
    let bytes = std::fs::read(fixture("to-trinh-libreoffice.pdf")).unwrap();
    let sha = hex::encode(Sha256::digest(&bytes));
    let up = |title: &'static str, extra: Value| {
        let api = fx.secretary.clone();
        let bytes = bytes.clone();
        async move {
            let mut m = json!({ "title": title, "kind": "report" });
            m.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            let (status, doc) = upload(&api, s, m, "f.pdf", bytes).await;
            assert_eq!(status, StatusCode::CREATED, "{doc}");
            doc["id"].as_i64().unwrap()
        }
    };
    let public = up("Công khai", json!({ "confidentiality": "public" })).await;
    let delegates = up("Gửi đại biểu", json!({})).await;
    // The fixture's delegates are all in the first committee; the group is listed for a second document.
    let committee_only = up("Mật - Ban", json!({ "confidentiality": "listed", "audience": [{ "kind": "committee", "id": fx.committee }] })).await;
    let other = fx
        .admin
        .create(
            &format!("/api/councils/{}/delegate-groups", fx.council),
            json!({ "name": "Tổ khác" }),
        )
        .await;
    let other_group = up("Mật - Tổ khác", json!({ "confidentiality": "listed", "audience": [{ "kind": "group", "id": other["id"] }] })).await;
    let unpublished = up("Chưa phát hành", json!({})).await;

    // Before publishing, a delegate sees nothing, and not even that it exists.
    let (status, _) = fx
        .delegate
        .get(&format!("/api/documents/{delegates}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let head = fx
        .display
        .get(&format!("/api/sessions/{s}/snapshot"))
        .await
        .1["seq"]
        .as_i64()
        .unwrap();
    let mut live = fx
        .delegate
        .events(&format!("/api/sessions/{s}/events"), Some(head))
        .await;
    let (status, published) = fx
        .secretary
        .post(
            &format!("/api/sessions/{s}/documents/publish"),
            json!({ "document_ids": [public, delegates, committee_only, other_group] }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{published}");
    let (_, event) = live.next(std::time::Duration::from_secs(10)).await.unwrap();
    assert_eq!(event["kind"], "documents.published");
    // Published today for a session three weeks ahead: within the 7-day lead time.
    let days = published[0]["days_before_session"].as_i64().unwrap();
    assert!((20..=21).contains(&days), "{days}");
    assert_eq!(published[0]["late"], false);
    let (status, reply) = fx
        .delegate
        .post(
            &format!("/api/sessions/{s}/documents/publish"),
            json!({ "document_ids": [unpublished] }),
        )
        .await;
    assert_eq!(
        (status, reply["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );

    let ids = |api: &common::Api| {
        let api = api.clone();
        async move {
            let (_, list) = api.get(&format!("/api/sessions/{s}/documents")).await;
            let mut v: Vec<i64> = list
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["id"].as_i64().unwrap())
                .collect();
            v.sort_unstable();
            v
        }
    };
    assert_eq!(ids(&fx.delegate).await, [public, delegates, committee_only]);
    assert_eq!(ids(&fx.guest).await, [public]);
    assert_eq!(ids(&fx.display).await, [public]);
    assert_eq!(
        ids(&fx.secretary).await,
        [public, delegates, committee_only, other_group, unpublished]
    );
    let (_, packet) = fx.delegate.get(&format!("/api/sessions/{s}/packet")).await;
    assert_eq!(packet.as_array().unwrap().len(), 3);
    for entry in packet.as_array().unwrap() {
        // The confidential one is this reader's own stamped copy.
        let confidential = entry["document_id"] == committee_only;
        assert_eq!(entry["sha256"] != sha, confidential, "{entry}");
    }
    // Search covers only what the reader may read.
    let (_, hits) = fx
        .guest
        .get(&format!("/api/sessions/{s}/search?q=ngan%20sach"))
        .await;
    assert!(
        hits.as_array()
            .unwrap()
            .iter()
            .all(|h| h["document_id"] == public),
        "{hits}"
    );
    for (api, doc) in [
        (&fx.guest, delegates),
        (&fx.delegate, other_group),
        (&fx.delegate, unpublished),
    ] {
        let resp = api
            .request(reqwest::Method::GET, &format!("/api/documents/{doc}/file"))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::NOT_FOUND, "document {doc}");
    }

    // Delivery: ETag, a cut download resumed with Range, 304, 416.
    let url = format!("/api/documents/{delegates}/file");
    let resp = fx
        .delegate
        .request(reqwest::Method::GET, &url)
        .header("Range", "bytes=0-9999")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(resp.headers()["etag"], format!("\"{sha}\""));
    assert_eq!(
        resp.headers()["content-range"],
        format!("bytes 0-9999/{}", bytes.len())
    );
    assert!(resp.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    let mut got = resp.bytes().await.unwrap().to_vec();
    let resp = fx
        .delegate
        .request(reqwest::Method::GET, &url)
        .header("Range", format!("bytes={}-", got.len()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PARTIAL_CONTENT);
    got.extend(resp.bytes().await.unwrap());
    assert_eq!(
        hex::encode(Sha256::digest(&got)),
        sha,
        "the resumed download is the file"
    );
    let resp = fx
        .delegate
        .request(reqwest::Method::GET, &url)
        .header("If-None-Match", format!("\"{sha}\""))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_MODIFIED);
    let resp = fx
        .delegate
        .request(reqwest::Method::GET, &url)
        .header("Range", format!("bytes={}-", bytes.len() + 10))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        resp.headers()["content-range"],
        format!("bytes */{}", bytes.len())
    );
    let whole = fx
        .delegate
        .request(reqwest::Method::GET, &url)
        .send()
        .await
        .unwrap();
    assert_eq!(whole.headers()["content-type"], "application/pdf");
    assert_eq!(whole.bytes().await.unwrap().to_vec(), bytes);

    // Read receipts: the delegate opened it; the others have not.
    let (status, receipts) = fx
        .secretary
        .get(&format!("/api/documents/{delegates}/reads"))
        .await;
    assert_eq!(status, StatusCode::OK, "{receipts}");
    let (_, me) = fx.delegate.get("/api/auth/me").await;
    let opened: Vec<&Value> = receipts["opened"].as_array().unwrap().iter().collect();
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0]["person_id"], me["person_id"]);
    assert_eq!(
        receipts["not_opened"].as_array().unwrap().len(),
        fx.delegates.len() - 1
    );
    let (status, _) = fx
        .delegate
        .get(&format!("/api/documents/{delegates}/reads"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A document for a group without members is missing from nobody.
    let (_, receipts) = fx
        .secretary
        .get(&format!("/api/documents/{other_group}/reads"))
        .await;
    assert_eq!(receipts["not_opened"], json!([]), "{receipts}");

    // Per delegate: what they have not opened, among what is meant for them.
    let (status, unread) = fx.secretary.get(&format!("/api/sessions/{s}/unread")).await;
    assert_eq!(status, StatusCode::OK, "{unread}");
    let unread_of = |person: i64| -> Vec<i64> {
        let line = unread
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["person_id"] == person)
            .unwrap();
        let mut ids: Vec<i64> = line["unread"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["document_id"].as_i64().unwrap())
            .collect();
        ids.sort_unstable();
        ids
    };
    assert_eq!(
        unread_of(me["person_id"].as_i64().unwrap()),
        [public, committee_only]
    );
    assert_eq!(
        unread_of(fx.delegates[3]),
        [public, delegates, committee_only]
    );
    let (status, _) = fx.delegate.get(&format!("/api/sessions/{s}/unread")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn download(
    api: &common::Api,
    url: &str,
    range: Option<String>,
) -> (StatusCode, String, Vec<u8>) {
    let mut request = api.request(reqwest::Method::GET, url);
    if let Some(range) = range {
        request = request.header("Range", range);
    }
    let resp = request.send().await.unwrap();
    let etag = resp
        .headers()
        .get("etag")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (resp.status(), etag, resp.bytes().await.unwrap().to_vec())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confidential_copies_name_their_reader_and_leave_the_original_intact() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let s = fx.session;
    let original = std::fs::read(fixture("to-trinh-libreoffice.pdf")).unwrap();
    let sha = hex::encode(Sha256::digest(&original));
    let (status, doc) = upload(
        &fx.secretary,
        s,
        json!({ "title": "Báo cáo mật", "kind": "report", "confidentiality": "listed",
                "audience": [{ "kind": "committee", "id": fx.committee }] }),
        "mat.pdf",
        original.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    let id = doc["id"].as_i64().unwrap();
    let (status, _) = fx
        .secretary
        .post(
            &format!("/api/sessions/{s}/documents/publish"),
            json!({ "document_ids": [id] }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let url = format!("/api/documents/{id}/file");
    let original_text = pdftotext(&original);

    // Two delegates of the committee: each gets a copy naming them.
    let other = common::paired(&server, &fx.admin, fx.delegates[2]).await;
    let (_, me) = fx.delegate.get("/api/auth/me").await;
    let my_id = me["person_id"].as_i64().unwrap();
    let (status, etag, mine) = download(&fx.delegate, &url, None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, other_etag, theirs) = download(&other, &url, None).await;
    assert_ne!(mine, original);
    assert_ne!(mine, theirs);
    assert_eq!(etag, format!("\"{}\"", hex::encode(Sha256::digest(&mine))));
    assert_ne!(etag, other_etag);
    let text = pdftotext(&mine);
    assert!(text.contains("Trần Thị Bình"), "{text}");
    assert!(text.contains(&format!("mã đại biểu {my_id}")), "{text}");
    assert!(!text.contains("Lê Văn Cường"));
    assert!(pdftotext(&theirs).contains("Lê Văn Cường"));
    // Every page is stamped, and the document's own text is all still there.
    let pages = original_text.matches('\u{c}').count();
    assert!(pages >= 2, "the fixture has several pages");
    assert_eq!(text.matches('\u{c}').count(), pages);
    for page in text.split('\u{c}').filter(|p| !p.trim().is_empty()) {
        assert!(page.contains("bản cấp riêng cho Trần Thị Bình"), "{page}");
    }
    for line in original_text.lines().filter(|l| l.trim().len() > 3) {
        assert!(text.contains(line.trim()), "lost: {line}");
    }

    // The same copy every time: a cut download resumes, the packet agrees.
    let (status, again_etag, again) = download(&fx.delegate, &url, None).await;
    assert_eq!((status, &again_etag), (StatusCode::OK, &etag));
    assert_eq!(again, mine);
    let half = mine.len() / 2;
    let (status, _, tail) = download(&fx.delegate, &url, Some(format!("bytes={half}-"))).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(tail, mine[half..]);
    let (_, packet) = fx.delegate.get(&format!("/api/sessions/{s}/packet")).await;
    assert_eq!(packet[0]["sha256"], etag.trim_matches('"'));
    assert_eq!(packet[0]["byte_size"], mine.len());

    // The stored original is untouched under its hash.
    let stored = std::fs::read(server.data_dir.join("blobs").join(&sha[..2]).join(&sha)).unwrap();
    assert_eq!(stored, original);
    // Someone outside the audience still learns nothing.
    let (status, _, _) = download(&fx.guest, &url, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn upload_version(
    api: &common::Api,
    document: i64,
    name: &str,
    bytes: Vec<u8>,
) -> (StatusCode, Value) {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()));
    let resp = api
        .request(
            reqwest::Method::POST,
            &format!("/api/documents/{document}/versions"),
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_version_keeps_the_old_one_and_shows_what_changed() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let s = fx.session;
    let v1 = std::fs::read(fixture("to-trinh-libreoffice.pdf")).unwrap();
    let (_, doc) = upload(
        &fx.secretary,
        s,
        meta("Tờ trình ngân sách"),
        "v1.pdf",
        v1.clone(),
    )
    .await;
    let id = doc["id"].as_i64().unwrap();
    let head = fx
        .display
        .get(&format!("/api/sessions/{s}/snapshot"))
        .await
        .1["seq"]
        .as_i64()
        .unwrap();
    let mut live = fx
        .chair
        .events(&format!("/api/sessions/{s}/events"), Some(head))
        .await;

    let v2 = std::fs::read(fixture("to-trinh-v2-libreoffice.pdf")).unwrap();
    let (status, updated) = upload_version(&fx.secretary, id, "v2.pdf", v2.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{updated}");
    let versions = updated["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(
        (
            versions[0]["version"].as_u64(),
            versions[1]["version"].as_u64()
        ),
        (Some(1), Some(2))
    );
    assert_eq!(versions[1]["page_count"], 1);
    let (_, event) = live.next(std::time::Duration::from_secs(10)).await.unwrap();
    assert_eq!(event["kind"], "document.updated");

    // Both files are still there, by version.
    for (n, bytes) in [(1, &v1), (2, &v2)] {
        let resp = fx
            .secretary
            .request(
                reqwest::Method::GET,
                &format!("/api/documents/{id}/file?version={n}"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(resp.bytes().await.unwrap().to_vec(), *bytes, "version {n}");
    }
    // Search follows the current version.
    let (_, hits) = fx
        .secretary
        .get(&format!("/api/sessions/{s}/search?q=tang%208"))
        .await;
    assert_eq!(hits[0]["version"], 2, "{hits}");
    let (_, hits) = fx
        .secretary
        .get(&format!("/api/sessions/{s}/search?q=can%20cu%20luat"))
        .await;
    assert_eq!(
        hits,
        json!([]),
        "the paragraph dropped from version 2 is no longer found"
    );

    let (status, diff) = fx
        .secretary
        .get(&format!("/api/documents/{id}/diff?from=1&to=2"))
        .await;
    assert_eq!(status, StatusCode::OK, "{diff}");
    let removed: Vec<&str> = diff
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["op"] == "delete")
        .flat_map(|c| {
            c["paragraphs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
        })
        .collect();
    let added: Vec<&str> = diff
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["op"] == "insert")
        .flat_map(|c| {
            c["paragraphs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
        })
        .collect();
    assert!(
        removed
            .iter()
            .any(|p| p.starts_with("Căn cứ Luật Ngân sách nhà nước")),
        "{diff}"
    );
    assert!(
        added
            .contains(&"Tổng thu ngân sách nhà nước trên địa bàn dự kiến tăng 8% so với năm 2026."),
        "{diff}"
    );
    assert!(
        !added.contains(&"Đề nghị Hội đồng nhân dân xem xét, quyết nghị."),
        "unchanged paragraphs are not new: {diff}"
    );
    let (status, _) = fx
        .secretary
        .get(&format!("/api/documents/{id}/diff?from=1&to=9"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A bad new version changes nothing.
    let (status, reply) = upload_version(&fx.secretary, id, "x.pdf", b"not a pdf".to_vec()).await;
    assert_eq!(
        (status, reply["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("not_a_pdf"))
    );
    let (_, again) = fx.secretary.get(&format!("/api/documents/{id}")).await;
    assert_eq!(again["versions"].as_array().unwrap().len(), 2);
    let (status, _) = upload_version(&fx.delegate, id, "v3.pdf", v2).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a delegate cannot even see the unpublished document"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notes_are_private_and_follow_their_passage_into_a_new_version() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let s = fx.session;
    let (_, doc) = upload(
        &fx.secretary,
        s,
        meta("Tờ trình ngân sách"),
        "v1.pdf",
        std::fs::read(fixture("to-trinh-libreoffice.pdf")).unwrap(),
    )
    .await;
    let id = doc["id"].as_i64().unwrap();
    fx.secretary
        .post(
            &format!("/api/sessions/{s}/documents/publish"),
            json!({ "document_ids": [id] }),
        )
        .await;

    let note = |exact: &str, prefix: &str, page: u32, body: &str| {
        json!({ "kind": "note", "version": 1, "page": page,
                "quote": { "exact": exact, "prefix": prefix, "suffix": "" }, "body": body })
    };
    // On page 2 of version 1; version 2 moves this paragraph to page 1.
    let (status, moved) = fx
        .delegate
        .post(
            &format!("/api/documents/{id}/notes"),
            note(
                "ưu tiên giáo dục, y tế",
                "Chi đầu tư phát triển ",
                2,
                "Hỏi thêm về y tế",
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{moved}");
    assert_eq!(
        (moved["page"].as_u64(), moved["orphaned"].as_bool()),
        (Some(2), Some(false))
    );
    // A passage version 2 drops.
    let (_, gone) = fx
        .delegate
        .post(
            &format!("/api/documents/{id}/notes"),
            note(
                "Căn cứ Luật Ngân sách nhà nước",
                "",
                1,
                "Dẫn chiếu luật nào?",
            ),
        )
        .await;
    // Bad notes.
    let (status, reply) = fx
        .delegate
        .post(&format!("/api/documents/{id}/notes"), note("x", "", 9, ""))
        .await;
    assert_eq!(
        (status, reply["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("page"))
    );
    let (status, reply) = fx
        .delegate
        .post(&format!("/api/documents/{id}/notes"), note("  ", "", 1, ""))
        .await;
    assert_eq!(
        (status, reply["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("quote.exact"))
    );

    let (status, _) = upload_version(
        &fx.secretary,
        id,
        "v2.pdf",
        std::fs::read(fixture("to-trinh-v2-libreoffice.pdf")).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, notes) = fx.delegate.get(&format!("/api/documents/{id}/notes")).await;
    let notes = notes.as_array().unwrap();
    assert_eq!(notes.len(), 2, "no note is ever dropped");
    let find = |nid: &Value| notes.iter().find(|n| n["id"] == *nid).unwrap().clone();
    let moved_now = find(&moved["id"]);
    assert_eq!(
        (
            moved_now["version"].as_u64(),
            moved_now["page"].as_u64(),
            moved_now["orphaned"].as_bool()
        ),
        (Some(2), Some(1), Some(false))
    );
    let gone_now = find(&gone["id"]);
    assert_eq!(
        (gone_now["page"].clone(), gone_now["orphaned"].as_bool()),
        (Value::Null, Some(true))
    );
    assert_eq!(gone_now["body"], "Dẫn chiếu luật nào?");

    // Private: another reader sees none of them and cannot touch them.
    let other = common::paired(&server, &fx.admin, fx.delegates[3]).await;
    let (_, theirs) = other.get(&format!("/api/documents/{id}/notes")).await;
    assert_eq!(theirs, json!([]));
    let (status, _) = other
        .patch(
            &format!("/api/notes/{}", moved["id"]),
            json!({ "body": "sửa trộm" }),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = other.delete(&format!("/api/notes/{}", moved["id"])).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, secretary_view) = fx
        .secretary
        .get(&format!("/api/documents/{id}/notes"))
        .await;
    assert_eq!(
        secretary_view,
        json!([]),
        "not even the secretariat reads a delegate's notes"
    );
    // Nor does the shared event log carry them.
    let db = server.database().await;
    let leaked = db
        .int("SELECT COUNT(*) FROM events WHERE payload LIKE '%Hỏi thêm về y tế%'")
        .await;
    db.close().await;
    assert_eq!(leaked, 0);

    let (status, edited) = fx
        .delegate
        .patch(
            &format!("/api/notes/{}", moved["id"]),
            json!({ "body": "Hỏi thêm về y tế cơ sở" }),
        )
        .await;
    assert_eq!(
        (status, edited["body"].as_str()),
        (StatusCode::OK, Some("Hỏi thêm về y tế cơ sở"))
    );
    let resp = fx
        .delegate
        .request(reqwest::Method::GET, &format!("/api/sessions/{s}/notes.md"))
        .send()
        .await
        .unwrap();
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/markdown"));
    let markdown = resp.text().await.unwrap();
    assert!(markdown.contains("## Tờ trình ngân sách"), "{markdown}");
    assert!(markdown.contains("> ưu tiên giáo dục, y tế"), "{markdown}");
    assert!(markdown.contains("Hỏi thêm về y tế cơ sở"), "{markdown}");
    assert!(
        markdown.contains("không còn trong phiên bản mới"),
        "the orphaned note is exported and marked: {markdown}"
    );
    let (status, _) = fx
        .delegate
        .delete(&format!("/api/notes/{}", gone["id"]))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

/// A document's description is the secretary's to set and change: the
/// title as typed (accents, hyphens), its number and symbol, kind, agenda
/// item and readers; an unpublished one is deleted, a published one
/// withdrawn with a reason its readers see (410 on its file, out of search
/// and the offline packet), never both, and nothing changes on a refusal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_are_filed_changed_withdrawn_and_deleted() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let s = fx.session;
    let item = fx
        .secretary
        .create(
            &format!("/api/sessions/{s}/agenda"),
            json!({ "title": "Dự toán ngân sách năm 2027" }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let pdf = || std::fs::read(fixture("bao-cao-kt-xh-chromium.pdf")).unwrap();
    let (status, doc) = upload(
        &fx.secretary,
        s,
        json!({ "title": "Tờ trình số 15-TTr-UBND về dự toán", "number": "15/TTr-UBND",
                "kind": "submission" }),
        "to-trinh.pdf",
        pdf(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    assert_eq!(doc["title"], "Tờ trình số 15-TTr-UBND về dự toán");
    assert_eq!(doc["number"], "15/TTr-UBND");
    let id = doc["id"].as_i64().unwrap();
    let path = format!("/api/documents/{id}");

    // Filed under the item, for one delegate who is not fx.delegate.
    let filed = json!({ "title": "Tờ trình số 15/TTr-UBND", "number": "15/TTr-UBND",
        "kind": "submission", "agenda_item_id": item, "confidentiality": "listed",
        "audience": [{ "kind": "person", "id": fx.delegates[2] }] });
    let (status, changed) = fx
        .secretary
        .send(Method::PUT, &path, Some(filed.clone()))
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(
        (&changed["agenda_item_id"], &changed["confidentiality"]),
        (&json!(item), &json!("listed"))
    );
    // Bad descriptions: refused by field, nothing changed.
    for (bad, field) in [
        (json!({ "title": "", "kind": "report" }), "title"),
        (
            json!({ "title": "T", "number": "x".repeat(101), "kind": "report" }),
            "number",
        ),
        (
            json!({ "title": "T", "kind": "report", "agenda_item_id": 999_999 }),
            "agenda_item_id",
        ),
        (json!({ "title": "T", "kind": "memo" }), ""),
    ] {
        let (status, body) = fx.secretary.send(Method::PUT, &path, Some(bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        if !field.is_empty() {
            assert_eq!(body["field"], field, "{body}");
        }
    }
    let (_, unchanged) = fx.secretary.get(&path).await;
    assert_eq!(unchanged["title"], "Tờ trình số 15/TTr-UBND");
    // Only the secretariat changes documents.
    let (status, _) = fx.delegate.send(Method::PUT, &path, Some(filed)).await;
    assert!(
        matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
        "{status}"
    );

    // Published: fx.delegate does not see it; readable once named.
    fx.secretary
        .create(
            &format!("/api/sessions/{s}/documents/publish"),
            json!({ "document_ids": [id] }),
        )
        .await;
    assert_eq!(fx.delegate.get(&path).await.0, StatusCode::NOT_FOUND);
    let named = json!({ "title": "Tờ trình số 15/TTr-UBND", "number": "15/TTr-UBND",
        "kind": "submission", "agenda_item_id": item, "confidentiality": "listed",
        "audience": [{ "kind": "person", "id": fx.delegates[1] }] });
    let (status, _) = fx.secretary.send(Method::PUT, &path, Some(named)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fx.delegate.get(&path).await.0, StatusCode::OK);
    let search = format!("/api/sessions/{s}/search?q=nong%20thon");
    let (_, hits) = fx.delegate.get(&search).await;
    assert!(
        hits.as_array()
            .unwrap()
            .iter()
            .any(|h| h["document_id"] == id),
        "found before it is withdrawn: {hits}"
    );

    // A published document is not deleted...
    let (status, body) = fx.secretary.delete(&path).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("document_published"))
    );
    // ...it is withdrawn, with a reason.
    let withdraw = format!("{path}/withdraw");
    let (status, body) = fx.secretary.post(&withdraw, json!({ "reason": " " })).await;
    assert_eq!(
        (status, &body["field"]),
        (StatusCode::UNPROCESSABLE_ENTITY, &json!("reason"))
    );
    let (status, body) = fx
        .delegate
        .post(&withdraw, json!({ "reason": "Sai số liệu" }))
        .await;
    assert!(
        matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
        "{body}"
    );
    let withdrawn = fx
        .secretary
        .create(&withdraw, json!({ "reason": "Thay bằng bản sửa đổi" }))
        .await;
    assert!(withdrawn["withdrawn_at"].is_string());
    let (status, seen) = fx.delegate.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seen["withdrawal_reason"], "Thay bằng bản sửa đổi");
    let (status, body) = fx.delegate.get(&format!("{path}/file")).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::GONE, Some("document_withdrawn"))
    );
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("Thay bằng bản sửa đổi"));
    let file = fx
        .secretary
        .request(Method::GET, &format!("{path}/file"))
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), StatusCode::OK, "the secretariat keeps it");
    let (_, hits) = fx
        .delegate
        .get(&format!("/api/sessions/{s}/search?q=nong%20thon"))
        .await;
    assert!(
        hits.as_array()
            .unwrap()
            .iter()
            .all(|h| h["document_id"] != id),
        "{hits}"
    );
    let (_, packet) = fx.delegate.get(&format!("/api/sessions/{s}/packet")).await;
    assert!(
        packet
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["document_id"] != id),
        "{packet}"
    );
    for (method, url, body) in [
        (
            Method::POST,
            withdraw.clone(),
            Some(json!({ "reason": "Lần nữa" })),
        ),
        (
            Method::PUT,
            path.clone(),
            Some(json!({ "title": "Mới", "kind": "report" })),
        ),
    ] {
        let (status, body) = fx.secretary.send(method, &url, body).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::CONFLICT, Some("document_withdrawn")),
            "{body}"
        );
    }

    // An unpublished document is deleted, and is found no more.
    let (_, draft) = upload(&fx.secretary, s, meta("Bản nháp"), "nhap.pdf", pdf()).await;
    let draft_path = format!("/api/documents/{}", draft["id"]);
    let (status, body) = fx
        .secretary
        .post(&format!("{draft_path}/withdraw"), json!({ "reason": "x" }))
        .await;
    assert_eq!(body["code"], "document_not_published", "{status} {body}");
    let (_, hits) = fx.secretary.get(&search).await;
    assert!(
        hits.as_array()
            .unwrap()
            .iter()
            .any(|h| h["document_id"] == draft["id"]),
        "found before it is deleted: {hits}"
    );
    let (status, _) = fx.secretary.delete(&draft_path).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(fx.secretary.get(&draft_path).await.0, StatusCode::NOT_FOUND);
    let (_, hits) = fx
        .secretary
        .get(&format!("/api/sessions/{s}/search?q=nong%20thon"))
        .await;
    assert!(hits.as_array().unwrap().is_empty(), "{hits}");
}

/// An upload without a title, number or kind is filed by what its first
/// page says, for each producer's file: the secretary then corrects it.
#[tokio::test]
async fn an_upload_without_a_description_is_filed_by_its_first_page() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let report = "Báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2026 \
                  và phương hướng, nhiệm vụ năm 2027";
    for file in [
        "bao-cao-kt-xh-chromium.pdf",
        "bao-cao-kt-xh-docx-libreoffice.pdf",
        "bao-cao-kt-xh-ghostscript.pdf",
    ] {
        let (status, doc) = upload(
            &fx.secretary,
            fx.session,
            json!({}),
            file,
            std::fs::read(fixture(file)).unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{file}: {doc}");
        assert_eq!(
            (&doc["title"], &doc["number"], &doc["kind"]),
            (&json!(report), &json!("142/BC-UBND"), &json!("report")),
            "{file}"
        );
        assert_eq!(doc["confidentiality"], "delegates");
    }
    let (status, doc) = upload(
        &fx.secretary,
        fx.session,
        json!({}),
        "to-trinh.pdf",
        std::fs::read(fixture("to-trinh-libreoffice.pdf")).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    assert_eq!(
        doc["title"],
        "Tờ trình về dự toán thu, chi ngân sách địa phương năm 2027"
    );
    assert_eq!(doc["kind"], "submission");

    // What is given stays; the rest is proposed. An empty number is a choice.
    let (status, doc) = upload(
        &fx.secretary,
        fx.session,
        json!({ "title": "Báo cáo KT-XH 2026", "number": "" }),
        "bc.pdf",
        std::fs::read(fixture("bao-cao-kt-xh-chromium.pdf")).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    assert_eq!(
        (&doc["title"], &doc["number"], &doc["kind"]),
        (&json!("Báo cáo KT-XH 2026"), &json!(""), &json!("report"))
    );

    // No `document` field at all: the same as an empty one. A scan's first
    // page says nothing, so its file name is the title.
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(std::fs::read(fixture("scanned-ghostscript.pdf")).unwrap())
            .file_name("bien_ban-tiep-xuc.pdf"),
    );
    let resp = fx
        .secretary
        .request(
            Method::POST,
            &format!("/api/sessions/{}/documents", fx.session),
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let doc: Value = resp.json().await.unwrap();
    assert_eq!(
        (&doc["title"], &doc["kind"]),
        (&json!("bien ban tiep xuc"), &json!("other"))
    );

    // A bad given part is refused by its field before the file is read,
    // and nothing is kept.
    let before = fx
        .secretary
        .get(&format!("/api/sessions/{}/documents", fx.session))
        .await;
    for (bad, field) in [
        (json!({ "number": "x".repeat(101) }), "number"),
        (json!({ "confidentiality": "listed" }), "audience"),
        (json!({ "title": "T", "colour": "red" }), "document"),
    ] {
        let (status, body) = upload(
            &fx.secretary,
            fx.session,
            bad.clone(),
            "x.pdf",
            std::fs::read(fixture("bao-cao-kt-xh-chromium.pdf")).unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert_eq!(body["field"], field, "{bad}: {body}");
    }
    assert_eq!(
        fx.secretary
            .get(&format!("/api/sessions/{}/documents", fx.session))
            .await,
        before
    );
}
