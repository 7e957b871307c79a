//! The live channel: a client that is cut off and comes back gets exactly
//! the events it missed, in order, without duplicates, then live ones.

use crate::common;

use std::time::Duration;

use common::{Fixture, Server};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(20);

async fn add_items(api: &common::Api, session: i64, from: usize, to: usize) {
    for i in from..to {
        api.create(
            &format!("/api/sessions/{session}/agenda"),
            json!({ "title": format!("Nội dung số {i}") }),
        )
        .await;
    }
}

async fn head(api: &common::Api, session: i64) -> i64 {
    let (_, snap) = api.get(&format!("/api/sessions/{session}/snapshot")).await;
    snap["seq"].as_i64().unwrap()
}

fn seqs(events: &[(i64, Value)]) -> Vec<i64> {
    events.iter().map(|(id, _)| *id).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnect_delivers_exactly_the_missed_events() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let s = fx.session;
    let path = format!("/api/sessions/{s}/events");
    let start = head(&fx.admin, s).await;

    // A reference subscriber that stays connected throughout, and the
    // delegate's laptop that will lose its connection.
    let mut reference = fx.display.events(&path, Some(start)).await;
    let mut laptop = fx.delegate.events(&path, Some(start)).await;

    let (cut_tx, cut_rx) = tokio::sync::oneshot::channel::<()>();
    let writer = {
        let secretary = fx.secretary.clone();
        tokio::spawn(async move {
            add_items(&secretary, s, 0, 20).await;
            // Keep writing while the laptop is away.
            cut_rx.await.unwrap();
            add_items(&secretary, s, 20, 60).await;
        })
    };

    let mut seen = laptop.until(start + 10, WAIT).await;
    drop(laptop); // the network drops
    cut_tx.send(()).unwrap();
    // Still offline while more events commit.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let last_seen = seen.last().unwrap().0;
    let mut laptop = fx.delegate.events(&path, Some(last_seen)).await;
    writer.await.unwrap();
    let end = head(&fx.admin, s).await;
    assert_eq!(end, start + 60, "one event per agenda item");

    let resumed = laptop.until(end, WAIT).await;
    assert_eq!(
        seqs(&resumed),
        ((last_seen + 1)..=end).collect::<Vec<_>>(),
        "exactly the missed ones, in order"
    );
    seen.extend(resumed);
    let everything = reference.until(end, WAIT).await;
    assert_eq!(seen.len(), everything.len());
    if let Some(i) = (0..seen.len()).find(|&i| seen[i] != everything[i]) {
        panic!(
            "event {i} differs:\n reconnected: {}\n reference:   {}",
            seen[i].1, everything[i].1
        );
    }
    // Nothing more arrives: no duplicates trailing behind.
    assert!(laptop.next(Duration::from_millis(300)).await.is_none());

    // Live events continue on the resumed stream.
    add_items(&fx.secretary, s, 60, 61).await;
    let (id, event) = laptop.next(WAIT).await.expect("a live event");
    assert_eq!(id, end + 1);
    assert_eq!(event["kind"], "agenda_item.created");
    assert_eq!(event["payload"]["title"], "Nội dung số 60");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_then_subscribe_continues_from_its_sequence() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let s = fx.session;
    add_items(&fx.secretary, s, 0, 3).await;
    let (_, snap) = fx
        .delegate
        .get(&format!("/api/sessions/{s}/snapshot"))
        .await;
    let seq = snap["seq"].as_i64().unwrap();
    assert_eq!(snap["agenda"].as_array().unwrap().len(), 3);
    add_items(&fx.secretary, s, 3, 5).await;

    // From the snapshot's sequence: exactly the two later items.
    let mut events = fx
        .delegate
        .events(&format!("/api/sessions/{s}/events"), Some(seq))
        .await;
    let later = events.until(seq + 2, WAIT).await;
    let titles: Vec<&str> = later
        .iter()
        .map(|(_, e)| e["payload"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Nội dung số 3", "Nội dung số 4"]);

    // From the start (Last-Event-ID 0): the whole history, beginning with
    // the session's creation.
    let mut all = fx
        .delegate
        .events(&format!("/api/sessions/{s}/events"), Some(0))
        .await;
    let (first_id, first) = all.next(WAIT).await.unwrap();
    assert_eq!(
        (first_id, first["kind"].as_str()),
        (1, Some("session.created"))
    );
    // `?after=` works like Last-Event-ID for clients that cannot set headers.
    let resp = fx
        .delegate
        .request(
            reqwest::Method::GET,
            &format!("/api/sessions/{s}/events?after={seq}"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_catches_up_without_gaps() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let s = fx.session;
    let start = head(&fx.admin, s).await;
    // Subscribe, then read nothing while more events commit than the live
    // channel buffers (1024): the server must fall back to the store.
    let mut slow = fx
        .delegate
        .events(&format!("/api/sessions/{s}/events"), Some(start))
        .await;
    let n = 1100;
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let api = fx.secretary.clone();
            tokio::spawn(async move { add_items(&api, s, w * n / 4, (w + 1) * n / 4).await })
        })
        .collect();
    for w in writers {
        w.await.unwrap();
    }
    let end = head(&fx.admin, s).await;
    assert_eq!(end, start + n as i64);
    let got = slow.until(end, WAIT).await;
    assert_eq!(seqs(&got), ((start + 1)..=end).collect::<Vec<_>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_are_separate_per_session() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let other = fx
        .admin
        .create(
            &format!("/api/councils/{}/sessions", fx.council),
            json!({ "term_id": fx.term, "number": 2, "kind": "thematic", "title": "Kỳ họp chuyên đề",
                    "place": "Hội trường", "planned_start": "2027-01-05", "planned_end": "2027-01-05" }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let start = head(&fx.admin, fx.session).await;
    let mut events = fx
        .delegate
        .events(&format!("/api/sessions/{}/events", fx.session), Some(start))
        .await;
    add_items(&fx.secretary, other, 0, 3).await;
    add_items(&fx.secretary, fx.session, 0, 1).await;
    let (id, event) = events.next(WAIT).await.unwrap();
    assert_eq!(id, start + 1);
    assert_eq!(event["stream"], format!("session:{}", fx.session));
    assert!(events.next(Duration::from_millis(300)).await.is_none());
}
