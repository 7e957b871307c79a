//! `kyhop demo`: the demo council is created once and reused, and what it
//! prints (accounts, pairing codes) works.

use crate::common;
use crate::sign_support;

use common::Server;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_creates_a_usable_council_and_reuses_it() {
    let tmp = tempfile::tempdir().unwrap();
    // The data directory inside the temporary one: the counting key goes beside it.
    let data = tmp.path().join("data");
    let dir = data.as_path();
    let args = [
        "demo",
        "--data-dir",
        dir.to_str().unwrap(),
        "--bind",
        "127.0.0.1:0",
    ];
    let demo = Server::spawn(&args, dir).await;

    let accounts: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("demo-accounts.json")).unwrap())
            .unwrap();
    let roles: Vec<&str> = accounts
        .iter()
        .map(|a| a["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["admin", "secretary", "chair", "display"]);
    let secretary = accounts.iter().find(|a| a["role"] == "secretary").unwrap();
    let mut api = demo.api();
    api.login(
        secretary["username"].as_str().unwrap(),
        secretary["password"].as_str().unwrap(),
    )
    .await;
    let (_, snap) = api.get("/api/sessions/1/snapshot").await;
    assert_eq!(snap["session"]["state"], "convened");
    assert_eq!(snap["council"]["total_seats"], 50);
    assert!(snap["agenda"].as_array().unwrap().len() >= 9);
    let (_, delegates) = api.get("/api/councils/1/people?kind=delegate").await;
    assert_eq!(delegates.as_array().unwrap().len(), 50);

    // Every delegate but the chair has a card; one of them signs in.
    let codes = std::fs::read_to_string(dir.join("demo-pairing-codes.tsv")).unwrap();
    let lines: Vec<&str> = codes.lines().collect();
    assert_eq!(lines.len(), 49);
    let code = lines[0].split('\t').nth(2).unwrap();
    let mut delegate = demo.api();
    let signed_in = delegate.pair(code).await;
    assert_eq!(signed_in["account"]["role"], "delegate");

    // The demo's own documents, filed by their first page and published
    // on their items: readable and searchable by a delegate.
    let (_, documents) = delegate.get("/api/sessions/1/documents").await;
    let documents = documents.as_array().unwrap();
    assert_eq!(documents.len(), 5, "{documents:?}");
    assert!(documents.iter().all(|d| d["published_at"].is_string()));
    let submission = documents
        .iter()
        .find(|d| d["number"] == "215/TTr-UBND")
        .expect("the budget submission");
    assert_eq!(
        submission["title"],
        "Tờ trình về dự toán thu, chi ngân sách địa phương năm 2027"
    );
    assert_eq!(submission["kind"], "submission");
    let draft = documents
        .iter()
        .find(|d| d["kind"] == "draft_resolution")
        .expect("the draft resolution");
    assert_eq!(draft["number"], "", "a draft has no number yet");
    let (_, hits) = delegate
        .get("/api/sessions/1/search?q=nguoi%20cao%20tuoi")
        .await;
    assert_eq!(
        hits[0]["title"],
        "Tờ trình về việc quy định mức hỗ trợ hằng tháng cho người cao tuổi trên địa bàn thành phố",
        "{hits}"
    );

    let issued = issue_with_demo_keys(&demo, &accounts, &api, &snap, &delegates).await;
    // While the demo's CA answers, the archive renews the resolution's
    // time-stamp.
    archive_refresh(dir, &issued);
    demo.stop().await;

    // The second start reuses the council and issues new cards; old unused ones stop working.
    let demo = Server::spawn(&args, dir).await;
    let mut api = demo.api();
    api.login(
        secretary["username"].as_str().unwrap(),
        secretary["password"].as_str().unwrap(),
    )
    .await;
    let (_, councils) = api.get("/api/councils").await;
    assert_eq!(councils.as_array().unwrap().len(), 1);
    let (_, documents) = api.get("/api/sessions/1/documents").await;
    assert_eq!(documents.as_array().unwrap().len(), 5, "filed once");
    let old_unused = lines[1].split('\t').nth(2).unwrap();
    let (s, body) = demo
        .api()
        .post("/api/auth/pair", serde_json::json!({ "code": old_unused }))
        .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("pairing_code_replaced"))
    );
    demo.stop().await;
}

/// `kyhop demo --export DIR`: the demo session's papers, each checked by
/// the tools a recipient would use.
#[test]
fn demo_export_writes_signed_resolutions_minutes_and_count_report() {
    let dir = sign_support::out_dir("demo-export");
    let out = std::process::Command::new(common::BIN)
        .args(["demo", "--export", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let year = chrono::Utc::now().format("%Y");
    assert_eq!(
        names,
        [
            "bien-ban-kiem-phieu.pdf".to_string(),
            "bien-ban-ky-hop.docx".into(),
            "bien-ban-ky-hop.pdf".into(),
            "nghi-quyet-01-NQ-HDND.pdf".into(),
            format!("nghi-quyet-02-{year}-NQ-HDND.pdf"),
            "root.pem".into(),
        ]
    );
    let root = dir.join("root.pem");
    for name in names.iter().filter(|n| n.starts_with("nghi-quyet")) {
        // PAdES B-LTA: time-stamped by the demo CA's authority, its OCSP
        // answers in the DSS, a document time-stamp over all of it.
        sign_support::check_long_term_valid(&dir.join(name), &root);
        let r = sign_support::kyhop_verify(&dir.join(name), Some(&root));
        assert!(r.ok, "{}", r.text);
        assert!(r.text.contains("Mai Thu Yến (DEMO)"), "{}", r.text);
        assert_eq!(r.text.matches("PAdES B-LTA").count(), 2, "{}", r.text);
        assert_eq!(
            r.text.matches("(trusted authority)").count(),
            2,
            "{}",
            r.text
        );
    }
    let minutes =
        sign_support::collapse(&sign_support::pdftotext(&dir.join("bien-ban-ky-hop.pdf")));
    let docx = std::fs::read(dir.join("bien-ban-ky-hop.docx")).unwrap();
    let docx_text = sign_support::collapse(&sign_support::docx_to_text(
        &sign_support::out_dir("demo-export-docx"),
        "bien-ban-ky-hop.docx",
        &docx,
    ));
    for text in [&minutes, &docx_text] {
        assert_eq!(
            text.matches(": có mặt tại hội trường").count(),
            45,
            "{text}"
        );
        assert!(text.contains("(lý do: Ốm, có đơn xin vắng mặt)"), "{text}");
        assert!(text.contains("01/NQ-HĐND"), "{text}");
    }
    let count = sign_support::collapse(&sign_support::pdftotext(
        &dir.join("bien-ban-kiem-phieu.pdf"),
    ));
    assert!(
        count.contains("Tổng số đại biểu Hội đồng nhân dân: 50."),
        "{count}"
    );
    assert!(count.contains("Số đại biểu có mặt: 47."), "{count}");
}

/// The chair issues a resolution with the demo's keys over the API, and the
/// API's verifier trusts the result (the demo root is trusted in the demo).
async fn issue_with_demo_keys(
    demo: &Server,
    accounts: &[Value],
    secretary: &common::Api,
    snap: &Value,
    delegates: &Value,
) -> Vec<u8> {
    let chair_account = accounts.iter().find(|a| a["role"] == "chair").unwrap();
    let mut chair = demo.api();
    chair
        .login(
            chair_account["username"].as_str().unwrap(),
            chair_account["password"].as_str().unwrap(),
        )
        .await;
    let item = common::demo_chair_at_third_item(&chair, secretary, snap, delegates).await;
    let (pdf, report, number) = common::issue_on(
        &chair,
        secretary,
        item,
        "Về việc thử ban hành nghị quyết bằng khóa DEMO",
    )
    .await;
    assert_eq!(number, "01/NQ-HĐND");
    assert_eq!(report["valid"], true, "{report}");
    assert!(report["signatures"][0]["signer_subject"]
        .as_str()
        .unwrap()
        .contains("Mai Thu Yến (DEMO)"));
    // `kyhop demo` time-stamps with its own authority on loopback.
    for signature in report["signatures"].as_array().unwrap() {
        assert_eq!(signature["level"], "b_lta", "{report}");
        assert_eq!(signature["timestamp_trusted"], true, "{report}");
    }
    // The level is the council's choice: without long-term signatures,
    // the same server signs at B-B (no time-stamp, no validation data).
    let admin_account = accounts.iter().find(|a| a["role"] == "admin").unwrap();
    let mut admin = demo.api();
    admin
        .login(
            admin_account["username"].as_str().unwrap(),
            admin_account["password"].as_str().unwrap(),
        )
        .await;
    let council = snap["council"]["id"].as_i64().unwrap();
    let (status, changed) = admin
        .patch(
            &format!("/api/councils/{council}"),
            json!({ "long_term_signatures": false }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["long_term_signatures"], false, "{changed}");
    let (_, short_term, number) =
        common::issue_on(&chair, secretary, item, "Về việc thử ký ở mức cơ bản").await;
    assert_eq!(number, "02/NQ-HĐND");
    assert_eq!(short_term["valid"], true, "{short_term}");
    for signature in short_term["signatures"].as_array().unwrap() {
        assert_eq!(signature["level"], "b_b", "{short_term}");
    }
    admin
        .patch(
            &format!("/api/councils/{council}"),
            json!({ "long_term_signatures": true }),
        )
        .await;
    pdf
}

/// `kyhop archive refresh` on a resolution the demo issued, its CA on
/// loopback: a second document time-stamp that pyHanko accepts, the
/// signatures still valid; a file changed since is refused.
fn archive_refresh(data_dir: &std::path::Path, issued: &[u8]) {
    let out = sign_support::out_dir("archive-refresh");
    let (file, root) = (out.join("nghi-quyet.pdf"), out.join("root.pem"));
    std::fs::write(&file, issued).unwrap();
    let pki = data_dir.join("demo-pki");
    std::fs::copy(pki.join("root.pem"), &root).unwrap();
    let port = std::fs::read_to_string(pki.join("ocsp-port")).unwrap();
    let tsa = format!("http://127.0.0.1:{}/tsa", port.trim());
    let refresh = |pdf: &std::path::Path| {
        std::process::Command::new(common::BIN)
            .args([
                "archive",
                "refresh",
                pdf.to_str().unwrap(),
                "--tsa-url",
                &tsa,
            ])
            .args(["--tsa-trust", root.to_str().unwrap()])
            .args(["--trust", root.to_str().unwrap()])
            .output()
            .unwrap()
    };
    // EN 319 102-1 validation by pyHanko, the demo's CA still answering.
    let ades = sign_support::pyhanko_adesverify(&file, &root);
    assert!(ades.ok, "{}", ades.text);
    assert_eq!(
        ades.text
            .matches("INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>")
            .count(),
        2,
        "{}",
        ades.text
    );
    let done = refresh(&file);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let renewed = std::fs::read(&file).unwrap();
    assert!(renewed.starts_with(issued), "an incremental update");
    assert!(renewed.len() > issued.len());
    let sig = sign_support::pdfsig(&file);
    assert!(sig.text.contains("DauThoiGian2"), "{}", sig.text);
    sign_support::check_long_term_valid(&file, &root);
    let ades = sign_support::pyhanko_adesverify(&file, &root);
    assert!(ades.ok, "{}", ades.text);
    let r = sign_support::kyhop_verify(&file, Some(&root));
    assert!(r.ok, "{}", r.text);
    assert_eq!(r.text.matches("PAdES B-LTA").count(), 2, "{}", r.text);

    // A file changed after its signatures is not sealed anew.
    let tampered = out.join("tampered.pdf");
    std::fs::write(&tampered, sign_support::append_update(&renewed)).unwrap();
    let refused = refresh(&tampered);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("does not verify"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(
        std::fs::read(&tampered).unwrap(),
        sign_support::append_update(&renewed),
        "left as it was"
    );
}
