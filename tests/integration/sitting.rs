//! A whole sitting scripted through the API against a real server: check-in,
//! agenda, speakers with time limits, a named poll, a secret poll, a
//! confidence vote, an election, an annulment and a revote, the close — with
//! results checked against hand-computed figures, and then a search of the
//! database, the event log and the server log for anything that links a
//! delegate to a secret choice.

use crate::common;

use std::collections::HashSet;
use std::time::Duration;

use common::{choices, new_poll, run_poll, vote, Api, Chamber, Server};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(20);

async fn expect_error(
    api: &Api,
    method: Method,
    path: &str,
    body: Value,
    status: StatusCode,
    code: &str,
) {
    let (s, reply) = api.send(method.clone(), path, Some(body)).await;
    assert_eq!(
        (s, reply["code"].as_str()),
        (status, Some(code)),
        "{method} {path}: {reply}"
    );
}

fn option<'a>(result: &'a Value, kind: &str) -> &'a Value {
    result["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == kind)
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_sitting() {
    let server = Server::start().await;
    let c = Chamber::new(&server, 50).await;
    let s = c.session;
    let chair = &c.chair;
    let mut live = c
        .display
        .events(&format!("/api/sessions/{s}/events"), None)
        .await;

    // --- Attendance: 48 check in, one is excused, one does not come.
    c.check_in(0..48).await;
    let (absent, _) = (c.delegates[48].0, c.delegates[49].0);
    let (st, rec) = c
        .secretary
        .post(
            &format!("/api/sessions/{s}/attendance/{absent}"),
            json!({ "action": "mark_absent", "reason": "Đi công tác" }),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{rec}");
    assert_eq!(rec["status"], "absent");
    // A delegate can check in only themselves, and cannot excuse themselves.
    let other = c.delegates[49].0;
    expect_error(
        &c.delegates[1].1,
        Method::POST,
        &format!("/api/sessions/{s}/attendance/{other}"),
        json!({ "action": "check_in", "mode": "chamber" }),
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let me = c.delegates[1].0;
    expect_error(
        &c.delegates[1].1,
        Method::POST,
        &format!("/api/sessions/{s}/attendance/{me}"),
        json!({ "action": "mark_absent", "reason": "x" }),
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let (_, sheet) = c
        .display
        .get(&format!("/api/sessions/{s}/attendance"))
        .await;
    assert_eq!(
        sheet["quorum"],
        json!({ "present": 48, "total_seats": 50, "required": 34, "reached": true })
    );
    assert_eq!(
        sheet["records"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["mode"] == "online")
            .count(),
        9
    );

    // --- Agenda: start, open items, reorder what remains, add an urgent item.
    chair
        .create(
            &format!("/api/sessions/{s}/start"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    let [opening, budget, questions] = [c.items[0], c.items[1], c.items[2]];
    let item = chair
        .create(&format!("/api/agenda-items/{opening}/open"), json!({}))
        .await;
    assert_eq!(item["state"], "current");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    chair
        .create(&format!("/api/agenda-items/{budget}/open"), json!({}))
        .await;
    let (_, snap) = c.display.get(&format!("/api/sessions/{s}/snapshot")).await;
    assert_eq!(snap["current_item_id"], budget);
    let first = snap["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == opening)
        .unwrap()
        .clone();
    assert_eq!(first["state"], "done");
    assert!(first["elapsed_seconds"].as_u64().unwrap() >= 1, "{first}");
    // Done and current items keep their places.
    expect_error(
        chair,
        Method::POST,
        &format!("/api/sessions/{s}/agenda/reorder"),
        json!({ "order": [budget, opening, questions] }),
        StatusCode::CONFLICT,
        "invalid_state",
    )
    .await;
    let urgent = chair
        .create(
            &format!("/api/sessions/{s}/agenda/urgent"),
            json!({ "title": "Nghị quyết về phòng, chống thiên tai", "planned_minutes": 20 }),
        )
        .await;
    assert_eq!(
        (urgent["urgent"].as_bool(), urgent["position"].as_u64()),
        (Some(true), Some(3))
    );
    let urgent = urgent["id"].as_i64().unwrap();
    let agenda = chair
        .ok(
            Method::POST,
            &format!("/api/sessions/{s}/agenda/reorder"),
            Some(json!({ "order": [opening, budget, questions, urgent] })),
        )
        .await;
    let order: Vec<i64> = agenda
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(order, [opening, budget, questions, urgent]);
    expect_error(
        &c.secretary,
        Method::POST,
        &format!("/api/agenda-items/{questions}/open"),
        json!({}),
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // --- Speakers.
    let ask = |i: usize, body: serde_json::Value| {
        let api = c.delegates[i].1.clone();
        async move {
            api.create(&format!("/api/agenda-items/{budget}/speakers"), body)
                .await
        }
    };
    // A question names the official it is addressed to.
    expect_error(
        &c.delegates[2].1,
        Method::POST,
        &format!("/api/agenda-items/{budget}/speakers"),
        json!({ "kind": "question" }),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_reference",
    )
    .await;
    let a = ask(1, json!({ "kind": "debate" })).await;
    let b = ask(
        2,
        json!({ "kind": "question", "addressed_to": c.officials[0] }),
    )
    .await;
    expect_error(
        &c.delegates[1].1,
        Method::POST,
        &format!("/api/agenda-items/{budget}/speakers"),
        json!({ "kind": "debate" }),
        StatusCode::CONFLICT,
        "already_queued",
    )
    .await;
    let (a, b) = (a["id"].as_i64().unwrap(), b["id"].as_i64().unwrap());
    chair
        .create(&format!("/api/speeches/{a}/start"), json!({}))
        .await;
    expect_error(
        chair,
        Method::POST,
        &format!("/api/speeches/{b}/start"),
        json!({}),
        StatusCode::CONFLICT,
        "speech_running",
    )
    .await;
    chair
        .create(&format!("/api/speeches/{a}/pause"), json!({}))
        .await;
    chair
        .create(&format!("/api/speeches/{a}/start"), json!({}))
        .await;
    let ended = chair
        .create(&format!("/api/speeches/{a}/end"), json!({}))
        .await;
    assert_eq!(ended["state"], "done");
    // Delegate 1 has now spoken; delegate 3, who has not, goes before them.
    let again = ask(1, json!({ "kind": "debate" })).await;
    let newcomer = ask(3, json!({ "kind": "debate" })).await;
    let (_, queue) = c
        .display
        .get(&format!("/api/agenda-items/{budget}/speakers"))
        .await;
    let queued: Vec<i64> = queue
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["state"] == "queued")
        .map(|q| q["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        queued,
        [
            b,
            newcomer["id"].as_i64().unwrap(),
            again["id"].as_i64().unwrap()
        ]
    );
    // An official answers the question, put in the queue by the chair.
    let reply = chair
        .create(
            &format!("/api/agenda-items/{budget}/speakers"),
            json!({ "kind": "reply", "person_id": c.officials[1] }),
        )
        .await;
    assert_eq!(reply["person_id"], c.officials[1]);
    let reordered = chair
        .ok(
            Method::POST,
            &format!("/api/agenda-items/{budget}/speakers/reorder"),
            Some(json!({ "order": [b, reply["id"], newcomer["id"], again["id"]] })),
        )
        .await;
    assert_eq!(
        reordered
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["state"] == "queued")
            .unwrap()["id"],
        b
    );
    // The withdrawing delegate leaves the queue; nobody else may withdraw them.
    expect_error(
        &c.delegates[2].1,
        Method::POST,
        &format!("/api/speeches/{}/withdraw", again["id"]),
        json!({}),
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    c.delegates[1]
        .1
        .create(
            &format!("/api/speeches/{}/withdraw", again["id"]),
            json!({}),
        )
        .await;
    // Time limits: a 61 s limit warns after one second; a 10 s limit runs out.
    let start_seq = c
        .display
        .get(&format!("/api/sessions/{s}/snapshot"))
        .await
        .1["seq"]
        .as_i64()
        .unwrap();
    chair
        .ok(
            Method::PATCH,
            &format!("/api/speeches/{b}"),
            Some(json!({ "limit_seconds": 61 })),
        )
        .await;
    chair
        .create(&format!("/api/speeches/{b}/start"), json!({}))
        .await;
    let mut watcher = c
        .display
        .events(&format!("/api/sessions/{s}/events"), Some(start_seq))
        .await;
    let warning = wait_for(&mut watcher, "speech.one_minute_left").await;
    assert_eq!(warning["payload"]["id"], b);
    chair
        .create(&format!("/api/speeches/{b}/end"), json!({}))
        .await;
    let r = reply["id"].as_i64().unwrap();
    chair
        .ok(
            Method::PATCH,
            &format!("/api/speeches/{r}"),
            Some(json!({ "limit_seconds": 10 })),
        )
        .await;
    let started = std::time::Instant::now();
    chair
        .create(&format!("/api/speeches/{r}/start"), json!({}))
        .await;
    let up = wait_for(&mut watcher, "speech.time_up").await;
    assert_eq!(up["payload"]["id"], r);
    assert!(
        started.elapsed() >= Duration::from_secs(9),
        "time up came after {:?}",
        started.elapsed()
    );
    chair
        .create(&format!("/api/speeches/{r}/end"), json!({}))
        .await;

    // --- Named poll: 25 of 50 is not more than half.
    let named = new_poll(
        &c,
        budget,
        json!({ "kind": "named", "title": "Biểu quyết thông qua Nghị quyết dự toán ngân sách" }),
    )
    .await;
    expect_error(
        &c.delegates[1].1,
        Method::POST,
        &format!("/api/polls/{named}/ballot"),
        json!({ "choice": "yes" }),
        StatusCode::CONFLICT,
        "poll_not_open",
    )
    .await;
    let result = run_poll(&c, named, &choices(25, 20, 3)).await;
    assert_eq!(result["passed"], false);
    assert_eq!(result["votes_needed"], 26);
    assert_eq!(option(&result, "yes")["percent_of_seats"], "50,00%");
    assert_eq!(
        result["summary"],
        "Có 48/50 đại biểu tham gia biểu quyết (96,00%); tán thành 25 (50,00%); \
        không tán thành 20 (40,00%); không biểu quyết 3 (6,00%)"
    );
    assert_eq!(
        (
            result["present"].as_u64(),
            result["invariants_hold"].as_bool()
        ),
        (Some(48), Some(true))
    );
    let named_list = result["named"].as_array().unwrap();
    assert_eq!(named_list.len(), 48);
    let chair_choice = named_list
        .iter()
        .find(|n| n["person_id"] == c.delegates[0].0)
        .unwrap();
    assert_eq!(
        chair_choice["option"], "yes",
        "the chair votes as an ordinary delegate"
    );

    // --- Annul and revote: the revote passes with 26.
    expect_error(
        chair,
        Method::POST,
        &format!("/api/polls/{named}/annul"),
        json!({ "reason": "  " }),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let annulled = chair
        .create(
            &format!("/api/polls/{named}/annul"),
            json!({ "reason": "Sự cố thiết bị tại hội trường" }),
        )
        .await;
    assert_eq!(
        (
            annulled["state"].as_str(),
            annulled["annul_reason"].as_str()
        ),
        (Some("annulled"), Some("Sự cố thiết bị tại hội trường"))
    );
    let revote = new_poll(
        &c,
        budget,
        json!({ "kind": "named", "title": "Biểu quyết lại", "revote_of": named }),
    )
    .await;
    let result = run_poll(&c, revote, &choices(26, 20, 2)).await;
    assert_eq!(result["passed"], true);

    // --- Secret poll, with every kind of bad ballot on the way.
    let secret = new_poll(
        &c,
        budget,
        json!({ "kind": "secret", "title": "Biểu quyết kín về nhân sự" }),
    )
    .await;
    chair
        .create(
            &format!("/api/polls/{secret}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    let second = new_poll(
        &c,
        budget,
        json!({ "kind": "named", "title": "Một cuộc biểu quyết khác" }),
    )
    .await;
    expect_error(
        chair,
        Method::POST,
        &format!("/api/polls/{second}/open"),
        json!({ "below_quorum_confirmed": true }),
        StatusCode::CONFLICT,
        "poll_open",
    )
    .await;
    let ballot = format!("/api/polls/{secret}/ballot");
    expect_error(
        &c.delegates[49].1,
        Method::POST,
        &ballot,
        json!({ "choice": "yes" }),
        StatusCode::CONFLICT,
        "not_checked_in",
    )
    .await;
    expect_error(
        &c.delegates[1].1,
        Method::POST,
        &ballot,
        json!({ "choice": "maybe" }),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
    )
    .await;
    expect_error(
        &c.delegates[1].1,
        Method::POST,
        &ballot,
        json!({ "choice": "yes", "person_id": c.delegates[2].0 }),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
    )
    .await;
    expect_error(
        &c.delegates[1].1,
        Method::POST,
        &ballot,
        json!({ "candidates": [1] }),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    expect_error(
        &c.secretary,
        Method::POST,
        &ballot,
        json!({ "choice": "yes" }),
        StatusCode::FORBIDDEN,
        "not_a_delegate",
    )
    .await;
    let secret_ballots = choices(26, 20, 2);
    vote(&c, secret, &secret_ballots).await;
    expect_error(
        &c.delegates[5].1,
        Method::POST,
        &ballot,
        json!({ "choice": "no" }),
        StatusCode::CONFLICT,
        "already_voted",
    )
    .await;
    // While open: participation only, never a partial result.
    let (_, open_poll) = c.delegates[7].1.get(&format!("/api/polls/{secret}")).await;
    assert_eq!(
        (
            open_poll["ballots_cast"].as_u64(),
            open_poll["result"].is_null()
        ),
        (Some(48), true)
    );
    // The chamber screen's count reaches 48 without another ballot: it is
    // announced a few times a second, the last count included.
    loop {
        let e = wait_for(&mut watcher, "poll.participation").await;
        if e["payload"]["poll_id"] == secret && e["payload"]["ballots_cast"] == 48 {
            break;
        }
    }
    let result = chair
        .create(&format!("/api/polls/{secret}/close"), json!({}))
        .await["result"]
        .clone();
    assert_eq!(
        result["summary"],
        "Có 48/50 đại biểu tham gia biểu quyết (96,00%); tán thành 26 (52,00%); \
        không tán thành 20 (40,00%); không biểu quyết 2 (4,00%)"
    );
    assert_eq!(result["passed"], true);
    assert!(
        result.get("named").is_none(),
        "a secret poll lists no names"
    );
    expect_error(
        &c.delegates[48].1,
        Method::POST,
        &ballot,
        json!({ "choice": "yes" }),
        StatusCode::CONFLICT,
        "poll_not_open",
    )
    .await;

    // --- Confidence vote on two officials.
    let (o1, o2) = (c.officials[0], c.officials[1]);
    let confidence = new_poll(
        &c,
        questions,
        json!({ "kind": "confidence", "title": "Lấy phiếu tín nhiệm", "officials": [o1, o2] }),
    )
    .await;
    chair
        .create(&format!("/api/agenda-items/{questions}/open"), json!({}))
        .await;
    let mut ballots = Vec::new();
    for i in 0..48 {
        let r1 = if i < 30 {
            "high"
        } else if i < 40 {
            "medium"
        } else {
            "low"
        };
        let mut ratings = serde_json::Map::new();
        ratings.insert(o1.to_string(), json!(r1));
        if i < 26 {
            ratings.insert(o2.to_string(), json!("low"));
        } else if i < 46 {
            ratings.insert(o2.to_string(), json!("medium"));
        } // the last two leave o2 unrated: invalid for o2
        ballots.push(json!({ "ratings": ratings }));
    }
    chair
        .create(
            &format!("/api/polls/{confidence}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    expect_error(
        &c.delegates[0].1,
        Method::POST,
        &format!("/api/polls/{confidence}/ballot"),
        json!({ "ratings": { c.delegates[3].0.to_string(): "low" } }),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    vote(&c, confidence, &ballots).await;
    let result = chair
        .create(&format!("/api/polls/{confidence}/close"), json!({}))
        .await["result"]
        .clone();
    let officials = result["officials"].as_array().unwrap();
    let first = officials.iter().find(|o| o["person_id"] == o1).unwrap();
    assert_eq!(
        (
            first["high"].as_u64(),
            first["medium"].as_u64(),
            first["low"].as_u64(),
            first["invalid"].as_u64()
        ),
        (Some(30), Some(10), Some(8), Some(0))
    );
    assert_eq!(first["high_percent"], "60,00%");
    assert_eq!(
        (
            first["low_over_half"].as_bool(),
            first["low_two_thirds"].as_bool()
        ),
        (Some(false), Some(false))
    );
    let second_o = officials.iter().find(|o| o["person_id"] == o2).unwrap();
    assert_eq!(
        (
            second_o["low"].as_u64(),
            second_o["medium"].as_u64(),
            second_o["invalid"].as_u64()
        ),
        (Some(26), Some(20), Some(2))
    );
    assert_eq!(second_o["low_percent"], "52,00%");
    assert_eq!(
        (
            second_o["low_over_half"].as_bool(),
            second_o["low_two_thirds"].as_bool()
        ),
        (Some(true), Some(false))
    );

    // --- Election of two among three: C2 and C3 tie for the second seat.
    let cands: Vec<i64> = (10..13).map(|i| c.delegates[i].0).collect();
    let election = new_poll(&c, questions, json!({ "kind": "election", "title": "Bầu Ủy viên Thường trực", "candidates": cands, "max_choices": 2 })).await;
    chair
        .create(
            &format!("/api/polls/{election}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    expect_error(
        &c.delegates[0].1,
        Method::POST,
        &format!("/api/polls/{election}/ballot"),
        json!({ "candidates": cands }),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let ballots: Vec<Value> = (0..48)
        .map(|i| match i {
            0..20 => json!({ "candidates": [cands[0], cands[1]] }),
            20..40 => json!({ "candidates": [cands[0], cands[2]] }),
            _ => json!({ "candidates": [cands[1], cands[2]] }),
        })
        .collect();
    vote(&c, election, &ballots).await;
    let result = chair
        .create(&format!("/api/polls/{election}/close"), json!({}))
        .await["result"]
        .clone();
    let outcome: Vec<(u64, &str)> = result["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["count"].as_u64().unwrap(), o["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(outcome, [(40, "elected"), (28, "tied"), (28, "tied")]);

    // --- Close the session.
    chair
        .create(&format!("/api/sessions/{s}/close"), json!({}))
        .await;
    let (_, snap) = c.display.get(&format!("/api/sessions/{s}/snapshot")).await;
    assert_eq!(snap["session"]["state"], "closed");
    assert!(snap["current_item_id"].is_null());
    expect_error(
        &c.delegates[1].1,
        Method::POST,
        &format!("/api/sessions/{s}/attendance/{me}"),
        json!({ "action": "check_in", "mode": "chamber" }),
        StatusCode::CONFLICT,
        "invalid_state",
    )
    .await;

    // The live stream carried every step, in order, ending with the close.
    let end = snap["seq"].as_i64().unwrap();
    let events = live.until(end, WAIT).await;
    let kinds: Vec<&str> = events
        .iter()
        .map(|(_, e)| e["kind"].as_str().unwrap())
        .collect();
    for kind in [
        "attendance.changed",
        "session.state_changed",
        "agenda_item.opened",
        "agenda_item.closed",
        "agenda_item.added_urgent",
        "agenda.reordered",
        "speech.requested",
        "speech.started",
        "speech.paused",
        "speech.resumed",
        "speech.ended",
        "speech.withdrawn",
        "speech.one_minute_left",
        "speech.time_up",
        "speakers.reordered",
        "poll.created",
        "poll.opened",
        "poll.participation",
        "poll.closed",
        "poll.annulled",
    ] {
        assert!(kinds.contains(&kind), "no {kind} event");
    }
    // Secret polls: the live stream never carried a partial result.
    let secret_polls: HashSet<i64> = [secret, confidence, election].into();
    for (_, e) in &events {
        if e["kind"] == "poll.participation" {
            let keys: Vec<&String> = e["payload"].as_object().unwrap().keys().collect();
            assert_eq!(keys, ["ballots_cast", "poll_id"]);
            assert!(
                e["actor"].is_null(),
                "participation events name no voter: {e}"
            );
        }
    }

    secrecy_audit(&server, &c, &secret_polls).await;
}

async fn wait_for(stream: &mut common::EventStream, kind: &str) -> Value {
    loop {
        let (_, e) = stream
            .next(Duration::from_secs(30))
            .await
            .unwrap_or_else(|| panic!("no {kind} event"));
        if e["kind"] == kind {
            return e;
        }
    }
}

/// Opens the database, the event log and the server log, and shows that no
/// record links a delegate to a secret choice.
async fn secrecy_audit(server: &Server, c: &Chamber, secret_polls: &HashSet<i64>) {
    let db = server.database().await;
    let person_ids: HashSet<i64> = c.delegates.iter().map(|(p, _)| *p).collect();
    for table in &db.tables().await {
        let columns = db.columns(table).await;
        let has = |name: &str| columns.iter().any(|c| c == name);
        if !has("poll_id") {
            continue;
        }
        // A ballot's content is which option (and rating) it chose. The options
        // table itself names candidates and officials, not voters.
        let choice_columns = ["option_id", "rating", "choice"];
        let identity_columns = ["person_id", "actor", "account_id"];
        let links = columns.iter().any(|c| choice_columns.contains(&c.as_str()))
            && columns
                .iter()
                .any(|c| identity_columns.contains(&c.as_str()));
        for poll in db.ints(&format!("SELECT poll_id FROM \"{table}\"")).await {
            if secret_polls.contains(&poll) {
                assert!(
                    !links,
                    "table {table} holds a voter and a choice of secret poll {poll}"
                );
            }
        }
    }
    // The voters table holds who voted and nothing else.
    assert_eq!(db.columns("poll_voters").await, ["poll_id", "person_id"]);
    // Every event that names a secret poll carries neither a voter nor a choice.
    for (kind, actor, payload) in &db.events().await {
        let v: Value = serde_json::from_str(payload).unwrap();
        let poll_id = v["poll_id"]
            .as_i64()
            .or(v["id"].as_i64().filter(|_| kind.starts_with("poll.")));
        if poll_id.is_some_and(|p| secret_polls.contains(&p)) {
            assert!(
                v.get("named").is_none() && v["result"].get("named").is_none(),
                "{payload}"
            );
            if kind == "poll.participation" {
                assert!(actor.is_none(), "{payload}");
                for id in &person_ids {
                    assert!(
                        !payload.contains(&format!("\"person_id\":{id}")),
                        "{payload}"
                    );
                }
            }
        }
    }
    db.close().await;
    // The server log names no choices at all.
    let log = server.log();
    assert!(!log.is_empty());
    for line in log.lines() {
        for word in [
            "choice",
            "rating",
            "candidates",
            "\"yes\"",
            "\"no\"",
            "ballot",
        ] {
            assert!(!line.contains(word), "log line mentions {word}: {line}");
        }
    }
}

/// A delegate whose connection drops while a poll runs comes back to the
/// same result as everyone else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnecting_during_a_poll_gives_the_same_result() {
    let server = Server::start().await;
    let c = Chamber::new(&server, 12).await;
    let s = c.session;
    c.check_in(0..12).await;
    c.chair
        .create(
            &format!("/api/sessions/{s}/start"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    let poll = new_poll(
        &c,
        c.items[1],
        json!({ "kind": "secret", "title": "Biểu quyết" }),
    )
    .await;
    let head = c
        .display
        .get(&format!("/api/sessions/{s}/snapshot"))
        .await
        .1["seq"]
        .as_i64()
        .unwrap();
    let mut reference = c
        .display
        .events(&format!("/api/sessions/{s}/events"), Some(head))
        .await;
    let mut laptop = c.delegates[3]
        .1
        .events(&format!("/api/sessions/{s}/events"), Some(head))
        .await;
    c.chair
        .create(
            &format!("/api/polls/{poll}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    let seen = laptop.until(head + 1, WAIT).await;
    drop(laptop);
    vote(&c, poll, &choices(7, 4, 1)).await;
    let closed = c
        .chair
        .create(&format!("/api/polls/{poll}/close"), json!({}))
        .await;
    let mut laptop = c.delegates[3]
        .1
        .events(
            &format!("/api/sessions/{s}/events"),
            Some(seen.last().unwrap().0),
        )
        .await;
    let end = c
        .display
        .get(&format!("/api/sessions/{s}/snapshot"))
        .await
        .1["seq"]
        .as_i64()
        .unwrap();
    let theirs = laptop.until(end, WAIT).await;
    let ours = reference.until(end, WAIT).await;
    let result_of = |events: &[(i64, Value)]| {
        events
            .iter()
            .find(|(_, e)| e["kind"] == "poll.closed")
            .map(|(_, e)| e["payload"]["result"].clone())
            .unwrap()
    };
    assert_eq!(result_of(&theirs), result_of(&ours));
    assert_eq!(result_of(&theirs), closed["result"]);
    assert_eq!(
        closed["result"]["passed"], true,
        "7 of 12 seats is more than half"
    );
}

/// The chair moves on while a delegate speaks: asked first (nothing
/// changes), then the speech ends or pauses; a paused speech cannot be
/// resumed under another item; a bad choice is a clear 422.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moving_on_during_a_speech_asks_the_chair_first() {
    let server = Server::start().await;
    let c = Chamber::new(&server, 6).await;
    c.check_in(0..4).await;
    let first = c.start_at_item(0).await;
    let second = c.items[1];
    let chair = &c.chair;
    let speech = c.ask_to_speak(1, first, json!({ "kind": "debate" })).await;
    chair
        .create(&format!("/api/speeches/{speech}/start"), json!({}))
        .await;
    let next = format!("/api/agenda-items/{second}/open");
    let (status, body) = chair.send(Method::POST, &next, None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("speech_under_way")),
        "{body}"
    );
    for bad in [
        json!({ "running_speech": "stop" }),
        json!({ "running_speech": "end", "also": 1 }),
    ] {
        let (status, body) = chair.post(&next, bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let speaking = chair
        .ok(
            Method::GET,
            &format!("/api/agenda-items/{first}/speakers"),
            None,
        )
        .await;
    assert_eq!(speaking[0]["state"], "speaking");

    chair
        .create(&next, json!({ "running_speech": "pause" }))
        .await;
    let queue = chair
        .ok(
            Method::GET,
            &format!("/api/agenda-items/{first}/speakers"),
            None,
        )
        .await;
    assert_eq!(queue[0]["state"], "paused");
    expect_error(
        chair,
        Method::POST,
        &format!("/api/speeches/{speech}/start"),
        json!({}),
        StatusCode::CONFLICT,
        "item_not_current",
    )
    .await;
    // Back to the first item: it resumes; closing the item ends it.
    chair
        .create(&format!("/api/agenda-items/{first}/open"), json!({}))
        .await;
    chair
        .create(&format!("/api/speeches/{speech}/start"), json!({}))
        .await;
    chair
        .create(
            &format!("/api/agenda-items/{first}/close"),
            json!({ "running_speech": "end" }),
        )
        .await;
    let queue = chair
        .ok(
            Method::GET,
            &format!("/api/agenda-items/{first}/speakers"),
            None,
        )
        .await;
    assert_eq!(queue[0]["state"], "done", "{queue}");
    assert!(queue[0]["ended_at"].is_string(), "{queue}");
}

/// Chất vấn: a delegate questions an official, named with the request; the
/// chair calls that official to reply; the minutes list the question with
/// whom it asked, and the reply after it, each with the time it ended.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_is_answered_and_minuted_with_its_reply() {
    let server = Server::start().await;
    let c = Chamber::new(&server, 5).await;
    let item = c.start_at_item(2).await;
    c.check_in(0..5).await;
    let official = c.officials[0];
    let question = c.delegates[1]
        .1
        .create(
            &format!("/api/agenda-items/{item}/speakers"),
            json!({ "kind": "question", "addressed_to": official }),
        )
        .await;
    assert_eq!(question["addressed_to"], official);
    // A delegate cannot put the official in the queue; the chair can.
    expect_error(
        &c.delegates[2].1,
        Method::POST,
        &format!("/api/agenda-items/{item}/speakers"),
        json!({ "kind": "reply", "person_id": official }),
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let reply = c
        .chair
        .create(
            &format!("/api/agenda-items/{item}/speakers"),
            json!({ "kind": "reply", "person_id": official }),
        )
        .await;
    assert_eq!(
        (reply["person_id"].as_i64(), reply["kind"].as_str()),
        (Some(official), Some("reply"))
    );
    for speech in [&question, &reply] {
        let id = speech["id"].as_i64().unwrap();
        c.chair
            .create(&format!("/api/speeches/{id}/start"), json!({}))
            .await;
        c.chair
            .create(&format!("/api/speeches/{id}/end"), json!({}))
            .await;
    }
    let (_, minutes) = c
        .secretary
        .get(&format!("/api/sessions/{}/minutes", c.session))
        .await;
    let speakers = minutes["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["agenda_item_id"] == item)
        .unwrap()["speakers"]
        .clone();
    assert_eq!(speakers[0]["kind"], "question", "{speakers}");
    assert_eq!(speakers[0]["addressed_to"], "Trịnh Văn Lộc, Chủ tịch UBND");
    assert_eq!(speakers[1]["kind"], "reply", "{speakers}");
    assert_eq!(speakers[1]["full_name"], "Trịnh Văn Lộc");
    assert!(speakers[1]["ended_at"].is_string(), "{speakers}");

    let pdf = c
        .secretary
        .request(
            Method::GET,
            &format!("/api/sessions/{}/minutes.pdf", c.session),
        )
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("minutes.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext must be installed (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("Đại biểu số 02 (chất vấn Trịnh Văn Lộc, Chủ tịch UBND)"),
        "{text}"
    );
    assert!(
        text.contains("Trịnh Văn Lộc (trả lời, giải trình)"),
        "{text}"
    );
    assert!(text.contains("kết thúc lúc"), "{text}");
}

/// The session's papers: the agenda (every item with its label, and the
/// sittings) and the convening notice for anyone of the council, the
/// invitations to officials and guests for its staff only.
#[tokio::test]
async fn the_session_papers_print_for_the_council() {
    let server = Server::start().await;
    let c = Chamber::new(&server, 3).await;
    c.secretary
        .create(
            &format!("/api/sessions/{}/sittings", c.session),
            json!({ "title": "Phiên khai mạc", "starts_at": "2026-12-08T01:30:00Z" }),
        )
        .await;
    let path = format!("/api/sessions/{}/agenda.pdf", c.session);
    let (status, text) = c.delegates[1].1.pdf_text(&path).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    for expected in [
        "CHƯƠNG TRÌNH",
        "Kỳ họp thứ 1 – Kỳ họp thứ nhất",
        "- Phiên khai mạc: bắt đầu lúc 08:30 ngày 08/12/2026",
        "1. Khai mạc",
        "2. Tờ trình về dự toán ngân sách năm 2027",
        "3. Chất vấn và trả lời chất vấn",
        "TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    let notice = format!("/api/sessions/{}/convening-notice.pdf", c.session);
    let (status, text) = c.delegates[1].1.pdf_text(&notice).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    for expected in [
        "THÔNG BÁO",
        "Triệu tập Kỳ họp thứ 1 – Kỳ họp thứ nhất",
        "Địa điểm: Hội trường.",
        "- Tờ trình về dự toán ngân sách năm 2027;",
        "Số: /TB-HĐND",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    // Invitations: one page for each official, for the staff only.
    let invitations = format!("/api/sessions/{}/invitations.pdf", c.session);
    let (status, _) = c.delegates[1].1.pdf_text(&invitations).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, text) = c.secretary.pdf_text(&invitations).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(text.matches("GIẤY MỜI").count(), 2, "{text}");
    for expected in [
        "Ông (Bà) Trịnh Văn Lộc Chủ tịch UBND.",
        "Ông (Bà) Đào Thị Mến Giám đốc Sở Tài chính.",
        "Số: /GM-HĐND",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    // Another council's secretary: no such session.
    let other = c
        .admin
        .create(
            "/api/councils",
            json!({ "name": "HĐND xã Khác", "place_name": "Khác", "total_seats": 5 }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let stranger = common::staff(&server, &c.admin, "thuky2", "secretary", other, None).await;
    let (s, _) = stranger.get(&path).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // A council that lists nobody to invite is told so.
    let (_, own) = common::make_term_and_session(&c.admin, other).await;
    let (s, body) = stranger
        .get(&format!("/api/sessions/{own}/invitations.pdf"))
        .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("no_invitees"))
    );
}

/// Each sitting keeps its own roll: check-in opens two hours before the
/// sitting (not days), the chair begins the afternoon and delegates check
/// in afresh, the morning's roll is kept and prints as its attendance
/// report against the quorum.
#[tokio::test]
async fn each_sitting_keeps_its_roll_and_prints_its_attendance_report() {
    let server = Server::start().await;
    let c = Chamber::new(&server, 5).await;
    let s = c.session;
    let (_, snapshot) = c
        .secretary
        .get(&format!("/api/sessions/{s}/snapshot"))
        .await;
    let morning = snapshot["current_sitting_id"].as_i64().unwrap();
    // The sitting moved eight days on: checking in now is too early.
    c.secretary
        .patch(
            &format!("/api/sittings/{morning}"),
            json!({ "starts_at": chrono::Utc::now() + chrono::Duration::days(8) }),
        )
        .await;
    let (person, delegate) = &c.delegates[1];
    let check_in = json!({ "action": "check_in", "mode": "chamber" });
    let attendance = format!("/api/sessions/{s}/attendance/{person}");
    let (status, body) = delegate.post(&attendance, check_in.clone()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("check_in_not_open")),
        "{body}"
    );
    let (_, snapshot) = delegate.get(&format!("/api/sessions/{s}/snapshot")).await;
    assert!(snapshot["check_in_opens_at"].is_string(), "{snapshot}");
    // Control: back to within the hour, the same check-in is kept.
    c.secretary
        .patch(
            &format!("/api/sittings/{morning}"),
            json!({ "starts_at": chrono::Utc::now() + chrono::Duration::minutes(30) }),
        )
        .await;
    c.check_in(0..3).await;
    c.check_in(4..5).await;
    c.secretary
        .create(
            &format!("/api/sessions/{s}/attendance/{}", c.delegates[3].0),
            json!({ "action": "mark_absent", "reason": "Đi công tác" }),
        )
        .await;
    let afternoon = c
        .secretary
        .create(
            &format!("/api/sessions/{s}/sittings"),
            json!({ "title": "Phiên chiều",
                    "starts_at": chrono::Utc::now() + chrono::Duration::hours(5) }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let begin = format!("/api/sittings/{afternoon}/begin");
    // Not before the session sits; never by the secretary.
    expect_error(
        &c.chair,
        Method::POST,
        &begin,
        json!({}),
        StatusCode::CONFLICT,
        "invalid_state",
    )
    .await;
    c.start_at_item(0).await;
    let (status, _) = c.secretary.post(&begin, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, begun) = c.chair.post(&begin, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{begun}");
    assert_eq!(begun["quorum"]["present"], 0);
    assert!(begun["sitting"]["begun_at"].is_string());
    let again = format!("/api/sittings/{morning}/begin");
    expect_error(
        &c.chair,
        Method::POST,
        &again,
        json!({}),
        StatusCode::CONFLICT,
        "sitting_passed",
    )
    .await;
    c.check_in(4..5).await;
    let (_, sheet) = c
        .secretary
        .get(&format!("/api/sessions/{s}/attendance"))
        .await;
    assert_eq!(sheet["quorum"]["present"], 1);

    let (status, text) = c
        .secretary
        .pdf_text(&format!("/api/sittings/{morning}/attendance.pdf"))
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    for expected in [
        "DANH SÁCH ĐIỂM DANH ĐẠI BIỂU",
        "Phiên họp thứ nhất – Kỳ họp thứ 1",
        "Tổng số đại biểu: 5; có mặt: 4 (tại hội trường: 3; trực tuyến: 1; rời phiên họp: 0); vắng mặt: 1 (có lý do: 1).",
        "Số đại biểu có mặt đủ số lượng cần thiết để tiến hành phiên họp (ít nhất 4 trên 5 đại biểu).",
        "1. Đại biểu số 01: tại hội trường",
        "4. Đại biểu số 05: trực tuyến",
        "1. Đại biểu số 04: có lý do (Đi công tác)",
        "THƯ KÝ KỲ HỌP",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    let (status, text) = c
        .chair
        .pdf_text(&format!("/api/sittings/{afternoon}/attendance.pdf"))
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(
        text.contains("có mặt: 1 (tại hội trường: 0; trực tuyến: 1;"),
        "{text}"
    );
    assert!(text.contains("Số đại biểu có mặt không đủ"), "{text}");
    assert!(
        text.contains("1. Đại biểu số 01: không điểm danh"),
        "{text}"
    );
    // A delegate does not print the roll; a sitting not begun has none.
    let (status, _) = delegate
        .pdf_text(&format!("/api/sittings/{morning}/attendance.pdf"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let later = c
        .secretary
        .create(
            &format!("/api/sessions/{s}/sittings"),
            json!({ "title": "Phiên ngày hai",
                    "starts_at": chrono::Utc::now() + chrono::Duration::days(1) }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let (status, body) = c
        .secretary
        .get(&format!("/api/sittings/{later}/attendance.pdf"))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("sitting_not_begun"))
    );
}
