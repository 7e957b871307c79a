//! Two server instances on one PostgreSQL database (issue "PostgreSQL and
//! several server instances", deliver 2): what one commits reaches the
//! live streams of the other, in order and once; a sign-out on one ends
//! the sign-in on the other at once.

mod common;

use std::time::{Duration, Instant};

use common::{Chamber, Server};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_live_events_and_sign_outs() {
    let url = kyhop_test_postgres::fresh_database();
    let tmp = tempfile::tempdir().unwrap();
    // One data directory for both, as a shared mount holds the documents.
    let dir = tmp.path().join("data");
    let a = Server::start_in(&dir, &["--db", &url]).await;
    let b = Server::start_in(&dir, &["--db", &url]).await;
    let c = Chamber::new(&a, 4).await;
    let stream = format!("/api/sessions/{}/events", c.session);
    let on_a = c.secretary.clone();
    let on_b = c.secretary.clone_with_url(&b.url);
    let mut seen_on_a = on_a.events(&stream, Some(0)).await;
    let mut seen_on_b = on_b.events(&stream, Some(0)).await;

    // Changes made through either instance, interleaved.
    c.chair
        .create(
            &format!("/api/sessions/{}/start", c.session),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    for (i, (person, api)) in c.delegates.iter().enumerate() {
        let api = if i % 2 == 0 {
            api.clone()
        } else {
            api.clone_with_url(&b.url)
        };
        api.create(
            &format!("/api/sessions/{}/attendance/{person}", c.session),
            json!({ "action": "check_in", "mode": "chamber" }),
        )
        .await;
    }
    // The last change goes through A: B's followers can have it only from
    // what A announced (not from catching up before a change of B's own).
    c.chair
        .create(&format!("/api/agenda-items/{}/open", c.items[0]), json!({}))
        .await;
    let (_, snapshot) = on_b
        .get(&format!("/api/sessions/{}/snapshot", c.session))
        .await;
    let head = snapshot["seq"].as_i64().expect("the snapshot's sequence");
    // Both instances' followers get every event, once, in order.
    let started = Instant::now();
    let a_events = seen_on_a.until(head, Duration::from_secs(5)).await;
    let b_events = seen_on_b.until(head, Duration::from_secs(5)).await;
    let ids = |events: &[(i64, serde_json::Value)]| events.iter().map(|e| e.0).collect::<Vec<_>>();
    let a_ids = ids(&a_events);
    assert!(a_ids.windows(2).all(|w| w[0] < w[1]), "{a_ids:?}");
    assert_eq!(a_ids.last(), Some(&head));
    assert_eq!(ids(&b_events), a_ids);
    assert_eq!(
        b_events.iter().map(|e| &e.1).collect::<Vec<_>>(),
        a_events.iter().map(|e| &e.1).collect::<Vec<_>>()
    );
    assert!(started.elapsed() < Duration::from_secs(5));

    // A sign-in answered by B (and remembered there) ends there when the
    // delegate signs out through A.
    let delegate_on_b = c.delegates[0].1.clone_with_url(&b.url);
    let (s, _) = delegate_on_b.get("/api/auth/me").await;
    assert_eq!(s, StatusCode::OK, "control: the sign-in works on B");
    let (s, _) = c.delegates[0].1.post("/api/auth/logout", json!({})).await;
    assert!(s.is_success(), "{s}");
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let (s, _) = delegate_on_b.get("/api/auth/me").await;
        if s == StatusCode::UNAUTHORIZED {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "B still accepts a sign-in ended on A: {s}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    a.stop().await;
    b.stop().await;
}
