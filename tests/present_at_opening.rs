//! Results exactly as announced (issue "Secret ballots…", item 4): the
//! delegates present are counted when a poll opens and only they vote in
//! it, so the base the chair announces is the one the result counts; a
//! poll does not open while more delegates are checked in than the council
//! has seats.

mod common;

use common::{new_poll, vote, Chamber, Server};
use reqwest::StatusCode;
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
        .create(&format!("/api/polls/{poll}/open"), json!({}))
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

    // Attendance above the seats (four present, three seats): the poll does
    // not open, and says why.
    c.admin
        .patch(
            &format!("/api/councils/{}", c.council),
            json!({ "total_seats": 3 }),
        )
        .await;
    let over = new_poll(&c, item, json!({ "kind": "named", "title": "Biểu quyết" })).await;
    let (s, body) = c
        .chair
        .post(&format!("/api/polls/{over}/open"), json!({}))
        .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("seats_exceeded")),
        "{body}"
    );
    let (_, still) = c.chair.get(&format!("/api/polls/{over}")).await;
    assert_eq!(still["state"], "draft");
    assert!(still["present_at_open"].is_null());
}
