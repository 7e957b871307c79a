//! `kyhop demo`: the demo council is created once and reused, and what it
//! prints (accounts, pairing codes) works.

mod common;

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
