//! The snapshot as the signed-in delegate sees it: which polls they have
//! already voted in (so that a reloaded page shows the receipt, not the
//! ballot again) and the speakers' names. For a secret poll the snapshot
//! says only that the delegate has voted: no choice, in any field, for
//! anyone.

use crate::common;

use common::{new_poll, Chamber, Server};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn snapshot(api: &common::Api, session: i64) -> Value {
    let (s, snap) = api.get(&format!("/api/sessions/{session}/snapshot")).await;
    assert_eq!(s, StatusCode::OK, "{snap}");
    snap
}

fn voted(snap: &Value) -> Vec<i64> {
    snap["voted_polls"]
        .as_array()
        .unwrap_or_else(|| panic!("voted_polls missing: {snap}"))
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect()
}

/// Every string and key of a JSON value, to look for a choice in it.
fn words(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| words(v, out)),
        Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                words(v, out);
            }
        }
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_snapshot_tells_a_delegate_that_they_have_voted_and_nothing_more() {
    let server = Server::start().await;
    let c = Chamber::new(&server, 5).await;
    let s = c.session;
    c.check_in(0..5).await;
    let item = c.start_at_item(1).await;

    // A secret poll, open: delegate 1 votes "no", delegate 2 does not vote.
    let secret = new_poll(
        &c,
        item,
        json!({ "kind": "secret", "title": "Bỏ phiếu kín thử" }),
    )
    .await;
    c.chair
        .create(
            &format!("/api/polls/{secret}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    let before = snapshot(&c.delegates[1].1, s).await;
    assert_eq!(voted(&before), Vec::<i64>::new());
    let (st, receipt) = c.delegates[1]
        .1
        .post(
            &format!("/api/polls/{secret}/ballot"),
            json!({ "choice": "no" }),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{receipt}");

    let mine = snapshot(&c.delegates[1].1, s).await;
    assert_eq!(voted(&mine), vec![secret]);
    assert_eq!(
        voted(&snapshot(&c.delegates[2].1, s).await),
        Vec::<i64>::new()
    );
    // Staff without a delegate's person see an empty list.
    assert_eq!(voted(&snapshot(&c.display, s).await), Vec::<i64>::new());

    // The voter's snapshot differs from a non-voter's only in `voted_polls`
    // (and the clock): nothing else carries the ballot.
    let strip = |mut v: Value| {
        let o = v.as_object_mut().unwrap();
        o.remove("voted_polls");
        o.remove("server_time");
        v
    };
    let other = snapshot(&c.delegates[2].1, s).await;
    assert_eq!(strip(mine.clone()), strip(other));
    // `voted_polls` holds poll ids and nothing else, and no choice or label
    // appears anywhere in the voter's snapshot but in the lists of what may
    // be chosen (the poll's options, the council's labels).
    assert!(mine["voted_polls"]
        .as_array()
        .unwrap()
        .iter()
        .all(Value::is_i64));
    let mut found = Vec::new();
    let mut without_polls = mine.clone();
    without_polls.as_object_mut().unwrap().remove("polls");
    without_polls.as_object_mut().unwrap().remove("council");
    words(&without_polls, &mut found);
    assert!(
        !found
            .iter()
            .any(|w| w == "no" || w == "Không tán thành" || w == "choice"),
        "a choice leaked into the snapshot: {found:?}"
    );
    let poll = mine["polls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == secret)
        .unwrap();
    assert_eq!(poll["ballots_cast"], 1);
    assert!(poll["result"].is_null(), "no result while open: {poll}");

    // After the close, it still says (only) that delegate 1 voted.
    c.chair
        .create(&format!("/api/polls/{secret}/close"), json!({}))
        .await;
    assert_eq!(voted(&snapshot(&c.delegates[1].1, s).await), vec![secret]);

    // A named poll: the list grows, in poll order.
    let named = new_poll(
        &c,
        item,
        json!({ "kind": "named", "title": "Biểu quyết công khai thử" }),
    )
    .await;
    c.chair
        .create(
            &format!("/api/polls/{named}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    c.delegates[1]
        .1
        .create(
            &format!("/api/polls/{named}/ballot"),
            json!({ "choice": "yes" }),
        )
        .await;
    assert_eq!(
        voted(&snapshot(&c.delegates[1].1, s).await),
        vec![secret, named]
    );
    // The chair is delegate 0: not voted yet.
    assert_eq!(voted(&snapshot(&c.chair, s).await), Vec::<i64>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn speeches_carry_the_speakers_name() {
    let server = Server::start().await;
    let c = Chamber::new(&server, 3).await;
    let s = c.session;
    c.check_in(0..3).await;
    let item = c.start_at_item(2).await;
    let speech = c.delegates[2]
        .1
        .create(
            &format!("/api/agenda-items/{item}/speakers"),
            json!({ "kind": "debate" }),
        )
        .await;
    assert_eq!(speech["speaker_name"], "Đại biểu số 03");
    // An official put in the queue by the chair to reply.
    let official = c.officials[1];
    c.chair
        .create(
            &format!("/api/agenda-items/{item}/speakers"),
            json!({ "kind": "reply", "person_id": official }),
        )
        .await;
    let snap = snapshot(&c.display, s).await;
    let names: Vec<&str> = snap["speeches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|sp| sp["speaker_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Đại biểu số 03", "Đào Thị Mến"]);
}
