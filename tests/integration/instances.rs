//! Two server instances on one PostgreSQL database (issue "PostgreSQL and
//! several server instances", deliver 2): what one commits reaches the
//! live streams of the other, in order and once; a sign-out on one ends
//! the sign-in on the other at once; the speech clock passes to the other
//! when the instance that keeps it dies.

use crate::common;

use std::time::{Duration, Instant};

use common::{Chamber, Database, Server};
use kyhop_store::duty::Duty;
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

    // A secret poll made through A gets its ballots encrypted ahead on B
    // too, which receives half the chamber's ballots behind a proxy.
    let poll = common::new_poll(
        &c,
        c.items[0],
        json!({ "kind": "secret", "title": "Biểu quyết kín" }),
    )
    .await;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, on_b) = c
            .chair
            .clone_with_url(&b.url)
            .get(&format!("/api/polls/{poll}"))
            .await;
        if on_b["ballots_prepared"] == true {
            break;
        }
        assert!(Instant::now() < deadline, "B did not encrypt ahead: {on_b}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

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

/// The sessions that hold this database's speech clock duty (its advisory
/// lock, whose 64-bit key `pg_locks` shows in two halves; other databases
/// of the cluster have their own).
async fn clock_keepers(db: &Database) -> Vec<i64> {
    let key = Duty::SpeechClock.key();
    db.ints(&format!(
        "SELECT CAST(pid AS BIGINT) FROM pg_locks WHERE locktype = 'advisory' AND granted \
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
         AND CAST(CAST(classid AS TEXT) AS BIGINT) = {} AND CAST(CAST(objid AS TEXT) AS BIGINT) = {}",
        key >> 32,
        key & 0xFFFF_FFFF
    ))
    .await
}

/// Waits until exactly one session keeps the clock; its process id.
async fn the_clock_keeper(db: &Database, not: Option<i64>) -> i64 {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let keepers = clock_keepers(db).await;
        match keepers[..] {
            [one] if Some(one) != not => return one,
            _ => assert!(
                Instant::now() < deadline,
                "no new keeper of the speech clock: {keepers:?}"
            ),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_speech_clock_passes_to_another_instance_when_its_keeper_dies() {
    let url = kyhop_test_postgres::fresh_database();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let a = Server::start_in(&dir, &["--db", &url]).await;
    let db = Database::Postgres(sqlx::PgPool::connect(&url).await.expect("the database"));
    // A keeps the clock (it was alone); B waits for it.
    let on_a = the_clock_keeper(&db, None).await;
    let b = Server::start_in(&dir, &["--db", &url]).await;
    let c = Chamber::new(&a, 4).await;
    let item = c.start_at_item(0).await;
    let speech = c.ask_to_speak(1, item, json!({ "kind": "debate" })).await;
    c.chair
        .ok(
            reqwest::Method::PATCH,
            &format!("/api/speeches/{speech}"),
            Some(json!({ "limit_seconds": 10 })),
        )
        .await;
    assert_eq!(
        clock_keepers(&db).await,
        vec![on_a],
        "control: one keeper while both run"
    );
    let on_b = c.display.clone_with_url(&b.url);
    let stream = format!("/api/sessions/{}/events", c.session);
    let (_, snapshot) = on_b
        .get(&format!("/api/sessions/{}/snapshot", c.session))
        .await;
    let mut watcher = on_b.events(&stream, snapshot["seq"].as_i64()).await;

    // The speech starts through A, whose clock would ring its time; A dies.
    let started = Instant::now();
    c.chair
        .create(&format!("/api/speeches/{speech}/start"), json!({}))
        .await;
    a.kill().await;
    let on_b_keeper = the_clock_keeper(&db, Some(on_a)).await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "taken over late"
    );

    // B rings time up, on time, once.
    let up = loop {
        let (_, e) = watcher
            .next(Duration::from_secs(20))
            .await
            .expect("time up rung by the instance that took the clock over");
        if e["kind"] == "speech.time_up" {
            break e;
        }
    };
    let rang_after = started.elapsed();
    assert_eq!(up["payload"]["id"], speech);
    assert!(
        rang_after >= Duration::from_secs(9) && rang_after < Duration::from_secs(13),
        "time up after {rang_after:?}"
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        db.int("SELECT COUNT(*) FROM events WHERE kind = 'speech.time_up'")
            .await,
        1
    );
    assert_eq!(clock_keepers(&db).await, vec![on_b_keeper]);
    db.close().await;
    b.stop().await;
}
