//! Stopping and starting the server on the same database: state, sign-ins
//! and event sequences continue; a SIGKILL loses no acknowledged write.

use crate::common;

use common::{Server, ADMIN_PASSWORD};
use reqwest::StatusCode;
use serde_json::json;

async fn setup(server: &Server) -> (common::Api, i64) {
    let admin = server.admin().await;
    let council = common::make_council(&admin, "HĐND khởi động lại", 20).await;
    let (_, session) = common::make_term_and_session(&admin, council).await;
    for i in 0..5 {
        admin
            .create(
                &format!("/api/sessions/{session}/agenda"),
                json!({ "title": format!("Nội dung {i}") }),
            )
            .await;
    }
    (admin, session)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_and_sequence_continue_after_a_clean_restart() {
    let server = Server::start().await;
    let (admin, session) = setup(&server).await;
    let (_, mut before) = admin
        .get(&format!("/api/sessions/{session}/snapshot"))
        .await;
    let dir = server.data_dir.clone();
    let tmp = server.stop().await;

    let server = Server::start_in(&dir, &[]).await;
    // The admin's sign-in survives; no new admin password was generated.
    let admin = admin.clone_with_url(&server.url);
    let (_, mut after) = admin
        .get(&format!("/api/sessions/{session}/snapshot"))
        .await;
    // Everything but the server's clock reading is the same.
    before["server_time"].take();
    after["server_time"].take();
    assert_eq!(before, after, "the whole session state is the same");
    server.api().login("admin", ADMIN_PASSWORD).await;

    let start = after["seq"].as_i64().unwrap();
    let mut events = admin
        .events(&format!("/api/sessions/{session}/events"), Some(start))
        .await;
    admin
        .create(
            &format!("/api/sessions/{session}/agenda"),
            json!({ "title": "Sau khi khởi động lại" }),
        )
        .await;
    let (seq, event) = events
        .next(std::time::Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(seq, start + 1, "the sequence continues where it stopped");
    assert_eq!(event["payload"]["position"], 6);
    let (ok, report) = common::audit(&server.db_url());
    assert!(ok, "{report}");
    drop(tmp);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_loses_no_acknowledged_write() {
    let server = Server::start().await;
    let (admin, session) = setup(&server).await;
    let dir = server.data_dir.clone();
    // Acknowledged writes, then the power goes.
    let mut titles = Vec::new();
    for i in 0..20 {
        let title = format!("Ghi trước sự cố {i}");
        admin
            .create(
                &format!("/api/sessions/{session}/agenda"),
                json!({ "title": title }),
            )
            .await;
        titles.push(title);
    }
    let tmp = server.kill().await;

    let server = Server::start_in(&dir, &[]).await;
    let admin = admin.clone_with_url(&server.url);
    let (status, agenda) = admin.get(&format!("/api/sessions/{session}/agenda")).await;
    assert_eq!(status, StatusCode::OK);
    let stored: Vec<&str> = agenda
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    for t in &titles {
        assert!(
            stored.contains(&t.as_str()),
            "{t} was acknowledged but is gone"
        );
    }
    let (ok, report) = common::audit(&server.db_url());
    assert!(ok, "{report}");
    drop(tmp);
}
