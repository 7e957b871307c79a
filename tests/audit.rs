//! `kyhop audit verify` on a real demo database, before and after someone
//! edits an event row behind the server's back with the `sqlite3` tool.

mod common;

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
