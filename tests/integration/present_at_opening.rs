//! Results exactly as announced (issue "Secret ballots…", item 4): the
//! delegates present are counted when a poll opens and only they vote in
//! it, so the base the chair announces is the one the result counts; the
//! council cannot list more delegates than it has seats, so attendance
//! never exceeds them.

use crate::common;

use common::{new_poll, vote, Chamber, Server};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_present_base_is_fixed_when_the_poll_opens() {
    let server = Server::start().await;
    let c = Chamber::new(&server, 6).await;
    let item = c.start_at_item(1).await;
    c.check_in(0..4).await;

    // More than half of those present when it opens: 4 present, 3 needed.
    let poll = new_poll(
        &c,
        item,
        json!({ "kind": "secret", "title": "Thông qua", "rule": {
            "base": "present", "fraction": { "numerator": 1, "denominator": 2 }, "strict": true } }),
    )
    .await;
    let opened = c
        .chair
        .create(
            &format!("/api/polls/{poll}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    assert_eq!(opened["present_at_open"], 4);
    assert_eq!(opened["threshold"]["rule_base"], 4);
    assert_eq!(opened["threshold"]["votes_needed"], 3);
    assert_eq!(
        opened["threshold"]["text"],
        "Cần quá nửa số đại biểu có mặt khi mở biểu quyết: từ 3/4 phiếu tán thành trở lên."
    );
    // A fifth delegate arrives while the poll runs: not counted, not voting.
    c.check_in(4..5).await;
    let (s, body) = c.delegates[4]
        .1
        .post(
            &format!("/api/polls/{poll}/ballot"),
            json!({ "choice": "yes" }),
        )
        .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("arrived_after_opening")),
        "{body}"
    );
    vote(
        &c,
        poll,
        &[
            json!({ "choice": "yes" }),
            json!({ "choice": "yes" }),
            json!({ "choice": "yes" }),
        ],
    )
    .await;
    // One who voted leaves before the close: the base does not move.
    c.delegates[1]
        .1
        .create(
            &format!(
                "/api/sessions/{}/attendance/{}",
                c.session, c.delegates[1].0
            ),
            json!({ "action": "check_out" }),
        )
        .await;
    let closed = c
        .chair
        .create(&format!("/api/polls/{poll}/close"), json!({}))
        .await;
    let result = &closed["result"];
    assert_eq!(result["present"], 4, "{result}");
    assert_eq!(result["rule_base"], 4);
    assert_eq!(result["votes_needed"], 3);
    assert_eq!(result["passed"], true);
    assert_eq!(result["invariants_hold"], true);
    // The same figures as announced at the opening.
    assert_eq!(closed["threshold"], opened["threshold"]);

    // Attendance cannot rise above the seats: the council cannot be given
    // fewer seats than it lists delegates (the poll's own `seats_exceeded`
    // guard, for data from before this rule, is tested in the domain).
    let (s, body) = c
        .admin
        .patch(
            &format!("/api/councils/{}", c.council),
            json!({ "total_seats": 3 }),
        )
        .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("more_delegates_than_seats")),
        "{body}"
    );
    let (_, council) = c.admin.get(&format!("/api/councils/{}", c.council)).await;
    assert_eq!(council["total_seats"], 6, "{council}");
}

/// Below the quorum the chair is warned (and goes on only by confirming)
/// or, as the council chooses, refused;
/// a refusal changes nothing; at the quorum neither.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn below_the_quorum_the_chair_is_warned_or_refused() {
    let server = Server::start().await;
    let c = Chamber::new(&server, 6).await;
    let s = c.session;
    c.check_in(0..1).await;
    let start = format!("/api/sessions/{s}/start");
    // A bare POST, as an older client sends it: warned, with the count.
    let (status, body) = c.chair.send(Method::POST, &start, None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("below_quorum")),
        "{body}"
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("1 of 6 seats present, 4 needed"),
        "{body}"
    );
    let session = c
        .chair
        .ok(Method::GET, &format!("/api/sessions/{s}"), None)
        .await;
    assert_eq!(session["state"], "convened");
    for bad in [
        json!({ "below_quorum_confirmed": "yes" }),
        json!({ "below_quorum_confirmed": true, "force": true }),
    ] {
        let (status, body) = c.chair.post(&start, bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let started = c
        .chair
        .create(&start, json!({ "below_quorum_confirmed": true }))
        .await;
    assert_eq!(started["state"], "in_progress");

    let item = c.items[0];
    c.chair
        .create(&format!("/api/agenda-items/{item}/open"), json!({}))
        .await;
    let poll = new_poll(&c, item, json!({ "kind": "named", "title": "Thông qua" })).await;
    let open = format!("/api/polls/{poll}/open");
    let (status, body) = c.chair.post(&open, json!({})).await;
    assert_eq!(body["code"], "below_quorum", "{status} {body}");
    // The council refuses instead: confirming does not help.
    let (status, body) = c
        .admin
        .patch(
            &format!("/api/councils/{}", c.council),
            json!({ "below_quorum": "refuse" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["below_quorum"], "refuse");
    let (status, body) = c
        .chair
        .post(&open, json!({ "below_quorum_confirmed": true }))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("quorum_not_reached")),
        "{body}"
    );
    let draft = c
        .chair
        .ok(Method::GET, &format!("/api/polls/{poll}"), None)
        .await;
    assert_eq!(draft["state"], "draft");
    // Four of six present: two thirds, and the poll opens unasked.
    c.check_in(1..4).await;
    let opened = c.chair.create(&open, json!({})).await;
    assert_eq!(opened["state"], "open");
}
