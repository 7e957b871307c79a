//! No one votes for another (issue "Secret ballots…", item 3), played by
//! the insiders who could: the secretary who prints pairing cards. A card
//! is never made for an account with a password (the chair is a delegate
//! with one); during a session a new card works only once the chair has
//! confirmed it, and then the person's old sign-in ends; cards, confirmed
//! cards, forced sign-outs and check-ins made by someone else are in the
//! minutes with their time and who did them. The control: outside a
//! session a new card ends the old sign-in at once.

use crate::common;

use common::{Chamber, Server};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_cannot_be_used_to_vote_for_someone_else() {
    let server = Server::start().await;
    let c = Chamber::new(&server, 6).await;
    let s = c.session;
    let (chair_person, _) = c.delegates[0];
    let (absent, absent_laptop) = c.delegates[3].clone();

    // The chair's person signs in with a password: no card for them.
    let (status, body) = c
        .secretary
        .post(
            &format!("/api/people/{chair_person}/pairing-code"),
            json!({}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("not_pairable")),
        "{body}"
    );

    // During the sitting, the secretary prints a card for an absent delegate.
    c.chair
        .create(
            &format!("/api/sessions/{s}/start"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    let card = c
        .secretary
        .create(&format!("/api/people/{absent}/pairing-code"), json!({}))
        .await;
    assert_eq!(card["awaits_chair"], true, "{card}");
    let mut thief = server.api();
    let (status, body) = thief
        .post("/api/auth/pair", json!({ "code": card["code"] }))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("pairing_awaits_chair")),
        "the card does not work before the chair confirms it: {body}"
    );
    let (status, _) = absent_laptop.get("/api/auth/me").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the delegate's own sign-in still works"
    );

    // The chair sees it waiting, and only the chair may confirm it.
    let (status, pending) = c
        .chair
        .get(&format!(
            "/api/councils/{}/pairing-codes/pending",
            c.council
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(pending.as_array().unwrap().len(), 1, "{pending}");
    assert_eq!(pending[0]["person_id"], absent);
    assert_eq!(pending[0]["issued_by_name"], "thuky");
    let (status, _) = c
        .secretary
        .post(
            &format!("/api/people/{absent}/pairing-code/confirm"),
            json!({ "issued_at": pending[0]["issued_at"] }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the secretary cannot confirm their own card"
    );
    let mut events = c
        .chair
        .events(&format!("/api/sessions/{s}/events"), None)
        .await;
    c.chair
        .create(
            &format!("/api/people/{absent}/pairing-code/confirm"),
            json!({ "issued_at": pending[0]["issued_at"] }),
        )
        .await;
    let (status, _) = absent_laptop.get("/api/auth/me").await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the old sign-in ended with the confirmation"
    );
    // The old device is told on the session's stream.
    let mut told = false;
    while let Some((_, e)) = events.next(std::time::Duration::from_secs(5)).await {
        if e["kind"] == "account.signed_out" && e["payload"]["person_id"] == absent {
            assert_eq!(e["payload"]["reason"], "new_card");
            told = true;
            break;
        }
    }
    assert!(told, "account.signed_out reaches the session's stream");
    thief.pair(card["code"].as_str().unwrap()).await;
    // The secretary checks the delegate in for them: recorded as such.
    c.secretary
        .create(
            &format!("/api/sessions/{s}/attendance/{absent}"),
            json!({ "action": "check_in", "mode": "chamber" }),
        )
        .await;

    let (_, minutes) = c.secretary.get(&format!("/api/sessions/{s}/minutes")).await;
    let lines: Vec<&str> = minutes["sign_in_events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    let name = "Đại biểu số 04";
    for expected in [
        format!("thuky cấp thẻ ghép nối mới cho {name}, chờ chủ tọa xác nhận."),
        format!("chutoa xác nhận thẻ ghép nối mới của {name}."),
        format!("chutoa kết thúc 1 phiên đăng nhập của {name} do có thẻ ghép nối mới."),
        format!("thuky ghi nhận có mặt cho {name} (điểm danh thay)."),
    ] {
        assert!(
            lines.iter().any(|l| l.ends_with(&expected)),
            "the minutes list {expected:?}: {lines:#?}"
        );
    }
    // Each line starts with its time, "08:05 ngày 03/12/2026: ".
    assert!(
        lines
            .iter()
            .all(|l| l.contains(" ngày ") && l.contains(": ")),
        "{lines:#?}"
    );
    // Delegates checking themselves in are not listed.
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("điểm danh thay"))
            .count(),
        1,
        "{lines:#?}"
    );

    // The control: once the session is over, a new card ends the old sign-in at once.
    c.chair
        .create(&format!("/api/sessions/{s}/close"), json!({}))
        .await;
    let (other, other_laptop) = c.delegates[2].clone();
    let card = c
        .secretary
        .create(&format!("/api/people/{other}/pairing-code"), json!({}))
        .await;
    assert_eq!(card["awaits_chair"], false);
    let (status, _) = other_laptop.get("/api/auth/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // A card printed between sessions and used during the next one waits
    // for the chair all the same.
    let (_, terms) = c
        .admin
        .get(&format!("/api/councils/{}/terms", c.council))
        .await;
    let start = chrono::Utc::now().date_naive() + chrono::Duration::days(30);
    let next = c
        .admin
        .create(
            &format!("/api/councils/{}/sessions", c.council),
            json!({ "term_id": terms[0]["id"], "number": 2, "kind": "thematic", "title": "Kỳ họp thứ hai",
                    "place": "Hội trường", "planned_start": start, "planned_end": start }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    c.admin
        .create(&format!("/api/sessions/{next}/convene"), json!({}))
        .await;
    let mut holder = server.api();
    let (status, body) = holder
        .post("/api/auth/pair", json!({ "code": card["code"] }))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("pairing_awaits_chair")),
        "printed before, used during a session: {body}"
    );
    let (_, pending) = c
        .chair
        .get(&format!(
            "/api/councils/{}/pairing-codes/pending",
            c.council
        ))
        .await;
    assert_eq!(pending[0]["person_id"], other, "{pending}");
    c.chair
        .create(
            &format!("/api/people/{other}/pairing-code/confirm"),
            json!({ "issued_at": pending[0]["issued_at"] }),
        )
        .await;
    holder.pair(card["code"].as_str().unwrap()).await;
    let (_, minutes) = c
        .secretary
        .get(&format!("/api/sessions/{next}/minutes"))
        .await;
    assert!(
        minutes["sign_in_events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l.as_str().unwrap().contains("đăng nhập bằng thẻ ghép nối")),
        "the sign-in by card during the session is in its minutes: {minutes}"
    );
}
