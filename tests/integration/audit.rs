//! `kyhop audit verify` on a real demo database, before and after someone
//! edits an event row behind the server's back with the `sqlite3` tool.

use crate::common;

use std::process::Command;

use common::Server;

fn sqlite3(db: &std::path::Path, sql: &str) {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(sql)
        .output()
        .expect("the sqlite3 command-line tool is installed (Debian package sqlite3)");
    assert!(
        out.status.success(),
        "sqlite3: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_passes_on_the_demo_and_names_an_edited_event() {
    let tmp = tempfile::tempdir().unwrap();
    // The data directory inside the temporary one: the counting key goes beside it.
    let data = tmp.path().join("data");
    let dir = data.as_path();
    let demo = Server::spawn(
        &[
            "demo",
            "--data-dir",
            dir.to_str().unwrap(),
            "--bind",
            "127.0.0.1:0",
        ],
        dir,
    )
    .await;
    demo.stop().await;
    let db = dir.join("kyhop.db");
    let url = format!("sqlite://{}", db.display());

    let (ok, report) = common::audit(&url);
    assert!(ok, "fresh demo database: {report}");
    assert!(report.contains("audit passed"), "{report}");
    assert!(report.contains("session:1"), "{report}");

    // Someone changes the title of an agenda item in the log.
    sqlite3(&db, "UPDATE events SET payload = replace(payload, 'Khai mạc', 'Khai mac') WHERE stream = 'session:1' AND seq = 6");
    let (ok, report) = common::audit(&url);
    assert!(!ok, "the audit must fail: {report}");
    assert!(report.contains("BROKEN  session:1: event 6:"), "{report}");
    // Other streams are still reported intact.
    assert!(report.contains("ok      council:1"), "{report}");

    // Deleting a row is caught too, at the event after the gap.
    sqlite3(
        &db,
        "DELETE FROM events WHERE stream = 'council:1' AND seq = 3",
    );
    let (ok, report) = common::audit(&url);
    assert!(!ok);
    assert!(report.contains("BROKEN  council:1: event 4:"), "{report}");
}

/// An insider who rewrites an event and recomputes every later hash passes
/// the plain check; the minutes printed before the rewrite anchor the
/// chain, and the check against them names the stream.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recomputed_chain_fails_against_the_printed_anchor() {
    use kyhop_domain::events::chain_hash;

    let server = Server::start().await;
    let c = common::Chamber::new(&server, 4).await;
    let s = c.session;
    c.chair
        .create(
            &format!("/api/sessions/{s}/start"),
            serde_json::json!({ "below_quorum_confirmed": true }),
        )
        .await;
    c.check_in(0..4).await;
    let response = c
        .secretary
        .request(
            reqwest::Method::GET,
            &format!("/api/sessions/{s}/minutes.pdf"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    let minutes = server.data_dir.with_file_name("minutes.pdf");
    std::fs::write(&minutes, response.bytes().await.unwrap()).unwrap();
    let url = server.db_url();
    let db = server.database().await;
    let _keep = server.stop().await;

    let verify = |anchor: bool| {
        let mut cmd = Command::new(common::BIN);
        cmd.args(["audit", "verify", "--db", &url]);
        if anchor {
            cmd.arg("--anchor").arg(&minutes);
        }
        let out = cmd.output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (ok, report) = verify(true);
    assert!(ok, "{report}");
    assert!(
        report.contains(&format!("anchor  session:{s}: event")),
        "{report}"
    );
    assert!(report.contains("anchor  council:"), "{report}");

    // Rewrite an early event of the session and recompute every hash after it.
    let stream = format!("session:{s}");
    db.execute(&format!(
        "UPDATE events SET payload = replace(payload, 'Khai mạc', 'Khai mac') WHERE stream = '{stream}' AND seq = 2"
    ))
    .await;
    let mut prev = kyhop_domain::events::GENESIS_HASH.to_owned();
    for (seq, at, actor, kind, payload) in db.event_rows(&stream).await {
        let hash = chain_hash(&prev, &stream, seq, &at, actor, &kind, &payload);
        db.set_hashes(&stream, seq, &prev, &hash).await;
        prev = hash;
    }
    db.close().await;
    let (ok, report) = verify(false);
    assert!(ok, "the recomputed chain passes the plain check: {report}");
    let (ok, report) = verify(true);
    assert!(!ok, "{report}");
    assert!(
        report.contains(&format!("BROKEN  {stream}: anchored in")),
        "the check names the rewritten stream: {report}"
    );
    assert!(
        report.contains("anchor  council:"),
        "the council's anchor still holds: {report}"
    );
    // A document with no anchor is no evidence.
    let blank = minutes.with_file_name("blank.pdf");
    std::fs::copy(common::fixture("bao-cao-ghostscript.pdf"), &blank).unwrap();
    let out = Command::new(common::BIN)
        .args(["audit", "verify", "--db", &url, "--anchor"])
        .arg(&blank)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("NO ANCHOR"));
}
