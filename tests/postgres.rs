//! PostgreSQL as a fault: unreachable when the server starts, lost in the
//! middle of a sitting and back (issue "PostgreSQL and several server
//! instances", bad input and faults). These run on PostgreSQL whatever
//! `KYHOP_TEST_DB` says; the cluster is this test binary's own, stopped
//! and started again by the second test.

mod common;

use std::time::{Duration, Instant};

use common::{new_poll, Chamber, Server, BIN};
use reqwest::StatusCode;
use serde_json::json;

#[test]
fn an_unreachable_database_is_named_without_its_password() {
    let dir = tempfile::tempdir().unwrap();
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://kyhop:s3cret-pw@127.0.0.1:{port}/kyhop");
    let started = Instant::now();
    let out = std::process::Command::new(BIN)
        .args(["serve", "--bind", "127.0.0.1:0", "--db", &url, "--data-dir"])
        .arg(dir.path().join("data"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("postgres://kyhop:***@127.0.0.1:{port}/kyhop")),
        "the error names the database: {stderr}"
    );
    assert!(!stderr.contains("s3cret-pw"), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "gave up in {:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_database_answers_503_acknowledges_nothing_and_resumes() {
    let cluster = kyhop_test_postgres::cluster();
    let url = cluster.create_database();
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start_in(&tmp.path().join("data"), &["--db", &url]).await;
    let c = Chamber::new(&server, 4).await;
    let item = c.start_at_item(1).await;
    c.check_in(0..4).await;
    let poll = new_poll(&c, item, json!({ "kind": "named", "title": "Thông qua" })).await;
    c.chair
        .create(
            &format!("/api/polls/{poll}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    let ballot = |i: usize| {
        let api = c.delegates[i].1.clone();
        async move {
            api.post(
                &format!("/api/polls/{poll}/ballot"),
                json!({ "choice": "yes" }),
            )
            .await
        }
    };
    // Control: with the database there, a ballot is acknowledged.
    let (s, receipt) = ballot(0).await;
    assert_eq!(s, StatusCode::OK, "{receipt}");

    cluster.stop();
    // Nothing is acknowledged while the database is away: a clear 503.
    let (s, body) = ballot(1).await;
    assert_eq!(
        (s, body["code"].as_str()),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Some("database_unavailable")
        ),
        "{body}"
    );
    let (s, body) = c
        .secretary
        .get(&format!("/api/sessions/{}/snapshot", c.session))
        .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Some("database_unavailable")
        ),
        "{body}"
    );

    cluster.restart();
    // Everything resumes: the refused ballot can be cast now, once.
    let deadline = Instant::now() + Duration::from_secs(30);
    let (s, receipt) = loop {
        let answer = ballot(1).await;
        if answer.0 != StatusCode::SERVICE_UNAVAILABLE || Instant::now() > deadline {
            break answer;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(s, StatusCode::OK, "{receipt}");
    let (s, body) = ballot(1).await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_voted")),
        "{body}"
    );
    let closed = c
        .chair
        .create(&format!("/api/polls/{poll}/close"), json!({}))
        .await;
    // The count is exactly the acknowledged ballots.
    assert_eq!(closed["ballots_cast"], 2, "{closed}");
    server.stop().await;
}
