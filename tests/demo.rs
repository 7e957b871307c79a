//! `kyhop demo`: the demo council is created once and reused, and what it
//! prints (accounts, pairing codes) works.

mod common;
mod sign_support;

use common::Server;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_creates_a_usable_council_and_reuses_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
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
        let pdf = std::fs::read(dir.join(name)).unwrap();
        sign_support::check_external_valid(&dir, name, &pdf, &root, 2);
        let r = sign_support::kyhop_verify(&dir.join(name), Some(&root));
        assert!(r.ok, "{}", r.text);
        assert!(r.text.contains("Mai Thu Yến (DEMO)"), "{}", r.text);
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
