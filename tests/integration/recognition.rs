//! Scanned pages read by OCR (Tesseract, Vietnamese model) in the
//! background: searchable with and without diacritics, notes anchor to the
//! read text, confidence recorded, accuracy against the source text; a
//! server without Tesseract says why; a page that hangs the reader is
//! killed at its limit; a recognition can be cancelled, and one a restart
//! interrupted is taken up again.

use crate::common;
use crate::scans;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{upload, Api, Fixture, Server};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// The tờ trình of the scan, page 1.
const PAGE_ONE: &str = "HỘI ĐỒNG NHÂN DÂN TỈNH THỬ NGHIỆM
Tờ trình về việc phê duyệt kế hoạch đầu tư công trung hạn giai đoạn 2026-2030.
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh xem xét, quyết định việc bố trí vốn cho trường mầm non xã Đồng Xuân và tuyến đường liên huyện Thạch Thất.
Tổng mức đầu tư dự kiến là một trăm hai mươi tỷ đồng, trong đó ngân sách tỉnh bảo đảm sáu mươi phần trăm.";

/// Page 2: under a text layer of garbage (a broken scanner OCR).
const PAGE_TWO: &str = "Báo cáo thẩm tra của Ban Kinh tế - Ngân sách.
Ban thống nhất với đề nghị nâng cấp trạm bơm tiêu úng Phù Sa trước mùa mưa lũ.";

const GARBAGE: &str = "#$%^ ~|{} @@@ ^^^ ||| ~~~ %%% $$$ ### ((( ))) ab";

/// A scan of `pages`, made in `dir`; `hidden` is each page's text layer.
fn scan(dir: &Path, pages: &[&str], hidden: &[Option<&str>]) -> Vec<u8> {
    let images = scans::page_images(&pages.join("\u{c}"), dir);
    assert_eq!(images.len(), pages.len(), "one image per page");
    scans::image_pdf(&images, hidden)
}

/// The document, once its recognition is no longer queued or running.
async fn settled(api: &Api, id: i64, within: Duration) -> Value {
    let started = Instant::now();
    loop {
        let (status, doc) = api.get(&format!("/api/documents/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{doc}");
        let state = doc["versions"]
            .as_array()
            .and_then(|v| v.last())
            .map(|v| v["recognition"]["state"].clone())
            .unwrap_or(Value::Null);
        if state != "queued" && state != "running" {
            return doc;
        }
        assert!(
            started.elapsed() < within,
            "the recognition did not settle within {within:?}: {doc}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn search(api: &Api, session: i64, q: &str) -> Vec<(i64, u64)> {
    let response = api
        .request(Method::GET, &format!("/api/sessions/{session}/search"))
        .query(&[("q", q)])
        .send()
        .await
        .expect("search");
    assert_eq!(response.status(), StatusCode::OK);
    let hits: Value = response.json().await.expect("hits");
    hits.as_array()
        .expect("a list")
        .iter()
        .map(|h| {
            (
                h["document_id"].as_i64().unwrap(),
                h["page"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Publishes the document and has the delegate note a passage of page 1
/// of the scan: the note as kept (where it anchored, or orphaned).
async fn published_and_noted(fx: &Fixture, id: i64) -> Value {
    fx.secretary
        .ok(
            Method::POST,
            &format!("/api/sessions/{}/documents/publish", fx.session),
            Some(json!({ "document_ids": [id] })),
        )
        .await;
    let note = json!({ "kind": "note", "version": 1, "page": 1,
        "quote": { "exact": "trường mầm non xã Đồng Xuân", "prefix": "", "suffix": "" },
        "body": "Hỏi về vốn" });
    let (status, kept) = fx
        .delegate
        .post(&format!("/api/documents/{id}/notes"), note)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{kept}");
    kept
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scan_is_read_becomes_searchable_and_takes_notes() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let s = fx.session;
    let tmp = tempfile::tempdir().unwrap();
    let pdf = scan(tmp.path(), &[PAGE_ONE, PAGE_TWO], &[None, Some(GARBAGE)]);
    let mut events = fx
        .secretary
        .events(&format!("/api/sessions/{s}/events"), None)
        .await;
    let (status, doc) = upload(
        &fx.secretary,
        s,
        json!({ "title": "Tờ trình đầu tư công (bản quét)", "kind": "submission" }),
        "to-trinh-quet.pdf",
        pdf,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    let id = doc["id"].as_i64().unwrap();
    // Accepted at once: both pages are scans (one with a garbage layer).
    assert_eq!(doc["versions"][0]["scanned_pages"], json!([1, 2]));
    assert_eq!(doc["versions"][0]["recognition"]["pages_total"], 2);

    // Live events each tenth of the way (each page, here), then the end.
    let mut seen = Vec::new();
    while seen
        .last()
        .is_none_or(|(state, _): &(String, u64)| state != "done")
    {
        let (_, event) = events
            .next(Duration::from_secs(120))
            .await
            .expect("recognition events within 120 s");
        if event["kind"] == "document.recognition" {
            assert_eq!(event["payload"]["id"], id);
            seen.push((
                event["payload"]["state"].as_str().unwrap().to_owned(),
                event["payload"]["pages_done"].as_u64().unwrap(),
            ));
        }
    }
    assert_eq!(
        seen,
        vec![
            ("running".into(), 1),
            ("running".into(), 2),
            ("done".into(), 2)
        ]
    );
    let doc = settled(&fx.secretary, id, Duration::from_secs(5)).await;
    let version = &doc["versions"][0];
    assert_eq!(version["scanned_pages"], json!([]), "{doc}");
    assert_eq!(
        (
            &version["recognition"]["pages_done"],
            &version["recognition"]["pages_failed"]
        ),
        (&json!(2), &json!(0))
    );

    // What was read, line by line, with its confidence and boxes.
    let (status, read) = fx
        .secretary
        .get(&format!("/api/documents/{id}/versions/1/recognised"))
        .await;
    assert_eq!(status, StatusCode::OK, "{read}");
    let read = read.as_array().unwrap();
    assert_eq!(read.len(), 2);
    for page in read {
        let confidence = page["confidence"].as_f64().unwrap();
        assert!((80.0..=100.0).contains(&confidence), "{page}");
        for line in page["lines"].as_array().unwrap() {
            let b: Vec<f64> = serde_json::from_value(line["bbox"].clone()).unwrap();
            assert!(
                b[0] < b[2] && b[1] < b[3] && b.iter().all(|v| (0.0..=1.0).contains(v)),
                "{line}"
            );
        }
    }
    // The heading is near the top of the page, as LibreOffice set it.
    assert!(read[0]["lines"][0]["bbox"][1].as_f64().unwrap() < 0.15);
    let text = |page: &Value| {
        let lines: Vec<&str> = page["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["text"].as_str().unwrap())
            .collect();
        lines.join("\n")
    };
    let accuracy = scans::character_accuracy(PAGE_ONE, &text(&read[0]));
    println!(
        "character accuracy on a clean 300-dpi scan: {:.2} %",
        accuracy * 100.0
    );
    assert!(accuracy >= 0.95, "accuracy {accuracy}: {}", text(&read[0]));
    let accuracy = scans::character_accuracy(PAGE_TWO, &text(&read[1]));
    assert!(accuracy >= 0.95, "under a garbage layer: {accuracy}");

    // Search, with and without diacritics, finds the read pages.
    for (q, page) in [
        ("trường mầm non xã Đồng Xuân", 1),
        ("truong mam non xa dong xuan", 1),
        ("TRẠM BƠM tiêu úng", 2),
        ("tram bom tieu ung phu sa", 2),
    ] {
        let hits = search(&fx.secretary, s, q).await;
        assert!(hits.contains(&(id, page)), "{q:?}: {hits:?}");
    }
    // The garbage layer is gone from search.
    assert!(search(&fx.secretary, s, "ab").await.is_empty());

    // A delegate's note anchors to the read text.
    let anchored = published_and_noted(&fx, id).await;
    assert_eq!(
        (anchored["page"].as_u64(), anchored["orphaned"].as_bool()),
        (Some(1), Some(false)),
        "{anchored}"
    );
    // The text layer is theirs to read too; a stranger's is not.
    let (status, _) = fx
        .delegate
        .get(&format!("/api/documents/{id}/versions/1/recognised"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = fx
        .foreign_secretary
        .get(&format!("/api/documents/{id}/versions/1/recognised"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_tesseract_scans_stay_scanned_and_the_secretariat_is_told_why() {
    let server = Server::start_with(&["--tesseract", "/nonexistent/tesseract"]).await;
    let fx = Fixture::new(&server).await;
    let s = fx.session;
    let tmp = tempfile::tempdir().unwrap();
    let pdf = scan(tmp.path(), &[PAGE_ONE], &[None]);
    let (status, doc) = upload(
        &fx.secretary,
        s,
        json!({ "title": "Tờ trình (bản quét)", "kind": "submission" }),
        "quet.pdf",
        pdf,
    )
    .await;
    // The upload works all the same.
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    let id = doc["id"].as_i64().unwrap();
    let doc = settled(&fx.secretary, id, Duration::from_secs(30)).await;
    let version = &doc["versions"][0];
    assert_eq!(version["recognition"]["state"], "unavailable", "{doc}");
    let reason = version["recognition"]["reason"].as_str().unwrap();
    assert!(reason.contains("tesseract-ocr"), "{reason}");
    assert_eq!(version["scanned_pages"], json!([1]));
    assert!(search(&fx.secretary, s, "dong xuan").await.is_empty());
    // Control for the note test above: unread, the passage is not there.
    let orphan = published_and_noted(&fx, id).await;
    assert_eq!(orphan["orphaned"].as_bool(), Some(true), "{orphan}");
}

/// Processes whose command line holds `marker`.
fn processes_with(marker: &str) -> usize {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter(|e| {
            std::fs::read(e.path().join("cmdline"))
                .map(|c| String::from_utf8_lossy(&c).contains(marker))
                .unwrap_or(false)
        })
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hanging_page_is_killed_at_its_limit_and_a_recognition_can_be_cancelled() {
    let tools = tempfile::tempdir().unwrap();
    let marker = "3599.125";
    let tesseract = common::hanging_tesseract(tools.path(), marker);
    let server = Server::start_with(&["--tesseract", &tesseract, "--ocr-page-seconds", "2"]).await;
    let fx = Fixture::new(&server).await;
    let s = fx.session;
    let tmp = tempfile::tempdir().unwrap();
    let pdf = scan(tmp.path(), &[PAGE_ONE, PAGE_TWO], &[None, None]);
    let (_, doc) = upload(
        &fx.secretary,
        s,
        json!({ "title": "Bản quét làm treo", "kind": "report" }),
        "treo.pdf",
        pdf.clone(),
    )
    .await;
    let id = doc["id"].as_i64().unwrap();
    let doc = settled(&fx.secretary, id, Duration::from_secs(60)).await;
    let recognition = &doc["versions"][0]["recognition"];
    assert_eq!(
        (
            recognition["state"].as_str(),
            recognition["pages_failed"].as_u64(),
            recognition["reason"].as_str()
        ),
        (Some("done"), Some(2), Some("ocr_timed_out")),
        "{doc}"
    );
    assert_eq!(doc["versions"][0]["scanned_pages"], json!([1, 2]));
    // Killed with its child: nothing of the hung reader is left running.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        processes_with(marker),
        0,
        "a hung tesseract was left running"
    );

    // Cancelled by the secretariat, not by a delegate.
    let (_, other) = upload(
        &fx.secretary,
        s,
        json!({ "title": "Bản quét dừng giữa chừng", "kind": "report" }),
        "dung.pdf",
        pdf,
    )
    .await;
    let other = other["id"].as_i64().unwrap();
    let cancel = format!("/api/documents/{other}/recognition/cancel");
    let (status, _) = fx.delegate.post(&cancel, json!({})).await;
    assert!(
        status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
        "{status}"
    );
    let (status, cancelled) = fx.secretary.post(&cancel, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{cancelled}");
    assert_eq!(
        cancelled["versions"][0]["recognition"]["state"],
        "cancelled"
    );
    let (status, again) = fx.secretary.post(&cancel, json!({})).await;
    assert_eq!(
        (status, again["code"].as_str()),
        (StatusCode::CONFLICT, Some("recognition_closed"))
    );
    // Its running page is stopped at once, not at the page's limit.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(processes_with(marker), 0, "the cancelled page still runs");
    let doc = settled(&fx.secretary, other, Duration::from_secs(5)).await;
    assert_eq!(doc["versions"][0]["recognition"]["state"], "cancelled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recognition_cut_by_a_restart_is_taken_up_again() {
    let tools = tempfile::tempdir().unwrap();
    let marker = "3599.375";
    let tesseract = common::hanging_tesseract(tools.path(), marker);
    let server = Server::start_with(&["--tesseract", &tesseract]).await;
    let fx = Fixture::new(&server).await;
    let s = fx.session;
    let tmp = tempfile::tempdir().unwrap();
    let pdf = scan(tmp.path(), &[PAGE_ONE], &[None]);
    let (_, doc) = upload(
        &fx.secretary,
        s,
        json!({ "title": "Bản quét", "kind": "report" }),
        "quet.pdf",
        pdf,
    )
    .await;
    let id = doc["id"].as_i64().unwrap();
    // The page is being read (by the hanging reader) when the server stops.
    let started = Instant::now();
    while processes_with(marker) == 0 {
        assert!(started.elapsed() < Duration::from_secs(30), "never started");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let data = server.data_dir.clone();
    let kept = server.stop().await;
    let server = Server::start_in(&data, &[]).await;
    let mut secretary = server.api();
    secretary.login("thuky", common::STAFF_PASSWORD).await;
    let doc = settled(&secretary, id, Duration::from_secs(120)).await;
    assert_eq!(doc["versions"][0]["recognition"]["state"], "done", "{doc}");
    assert!(search(&secretary, s, "dong xuan").await.contains(&(id, 1)));
    drop(kept);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_too_large_to_draw_is_given_up_without_filling_the_disk() {
    use lopdf::dictionary;
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    // One page of 200 × 200 inches with a line on it and no text: drawn at
    // 300 dpi it would be 60,000 pixels a side (3.6 GB of grey).
    let mut doc = lopdf::Document::with_version("1.5");
    let pages = doc.new_object_id();
    let contents = doc.add_object(lopdf::Stream::new(
        dictionary! {},
        b"0 0 m 100 100 l S".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages, "Contents" => contents,
        "MediaBox" => vec![0.into(), 0.into(), 14_400.into(), 14_400.into()],
    });
    doc.objects.insert(
        pages,
        lopdf::Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let mut pdf = Vec::new();
    doc.save_to(&mut pdf).unwrap();
    let (status, uploaded) = upload(
        &fx.secretary,
        fx.session,
        json!({ "title": "Bản vẽ khổ lớn", "kind": "other" }),
        "ban-ve.pdf",
        pdf,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{uploaded}");
    let id = uploaded["id"].as_i64().unwrap();
    let doc = settled(&fx.secretary, id, Duration::from_secs(60)).await;
    let version = &doc["versions"][0];
    assert_eq!(version["recognition"]["state"], "done", "{doc}");
    assert_eq!(version["scanned_pages"], json!([1]), "{doc}");
    // Nothing of it is left in the temporary directory.
    let left: u64 = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .filter(|&len| len > 1 << 30)
        .sum();
    assert_eq!(
        left, 0,
        "a file over 1 GiB was left in the temporary directory"
    );
}
