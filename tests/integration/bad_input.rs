//! Bad requests get a 4xx JSON error with a stable code, and write nothing.

use crate::common;

use common::{Fixture, Server};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// Sends a request and checks the status and the error code.
async fn expect(
    api: &common::Api,
    method: Method,
    path: &str,
    body: Option<Value>,
    status: StatusCode,
    code: &str,
) -> Value {
    let (s, reply) = api.send(method.clone(), path, body).await;
    assert_eq!(s, status, "{method} {path}: {reply}\n{}", api.url);
    assert_eq!(reply["code"], code, "{method} {path}: {reply}");
    assert!(
        reply["message"].as_str().is_some_and(|m| !m.is_empty()),
        "a human message: {reply}"
    );
    reply
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_request_is_refused_and_writes_nothing() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let a = &fx.admin;
    let c = fx.council;
    let other = fx.other_council;
    // Records the bad requests below collide with or refer to.
    let other_committee = a
        .create(
            &format!("/api/councils/{other}/committees"),
            json!({ "name": "Ban Pháp chế" }),
        )
        .await;
    let other_person = a
        .create(
            &format!("/api/councils/{other}/people"),
            json!({ "kind": "delegate", "full_name": "Ngô Văn Hải" }),
        )
        .await;
    let other_term = a
        .create(
            &format!("/api/councils/{other}/terms"),
            json!({ "name": "2026-2031", "start_year": 2026, "end_year": 2031 }),
        )
        .await;
    let other_session = a
        .create(
            &format!("/api/councils/{other}/sessions"),
            json!({ "term_id": other_term["id"], "number": 1, "kind": "regular", "title": "Kỳ họp",
                    "place": "Hội trường", "planned_start": "2026-12-01", "planned_end": "2026-12-01" }),
        )
        .await;
    let other_item = a
        .create(
            &format!("/api/sessions/{}/agenda", other_session["id"]),
            json!({ "title": "Khai mạc" }),
        )
        .await;
    let item = a
        .create(
            &format!("/api/sessions/{}/agenda", fx.session),
            json!({ "title": "Khai mạc" }),
        )
        .await;
    let sub = a
        .create(
            &format!("/api/sessions/{}/agenda", fx.session),
            json!({ "title": "Báo cáo", "parent_id": item["id"] }),
        )
        .await;
    let running = a
        .create(
            &format!("/api/councils/{c}/sessions"),
            json!({ "term_id": fx.term, "number": 2, "kind": "thematic", "title": "Kỳ họp chuyên đề",
                    "place": "Hội trường", "planned_start": "2026-12-20", "planned_end": "2026-12-20" }),
        )
        .await;
    let running = running["id"].as_i64().unwrap();
    a.create(&format!("/api/sessions/{running}/convene"), json!({}))
        .await;
    fx.chair
        .create(
            &format!("/api/sessions/{running}/start"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;

    let before = common::table_counts(&server).await;
    let s = fx.session;
    use Method as M;
    use StatusCode as S;

    // Malformed and mistyped bodies.
    let raw = |body: &'static str, ctype: Option<&'static str>| {
        let mut rb = a.request(M::POST, "/api/councils").body(body);
        if let Some(ct) = ctype {
            rb = rb.header("content-type", ct);
        }
        rb
    };
    for (body, ctype, status, code) in [
        (
            "{\"name\": ",
            Some("application/json"),
            S::BAD_REQUEST,
            "malformed_json",
        ),
        (
            "not json at all",
            Some("application/json"),
            S::BAD_REQUEST,
            "malformed_json",
        ),
        (
            "{\"name\": 5, \"place_name\": \"x\", \"total_seats\": 5}",
            Some("application/json"),
            S::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            "{\"name\": \"A\", \"place_name\": \"x\", \"total_seats\": -5}",
            Some("application/json"),
            S::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            "{\"name\": \"A\", \"place_name\": \"x\", \"total_seats\": 5, \"extra\": 1}",
            Some("application/json"),
            S::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            "{\"name\": \"A\", \"place_name\": \"x\", \"total_seats\": 5}",
            None,
            S::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
    ] {
        let resp = raw(body, ctype).send().await.unwrap();
        assert_eq!(resp.status(), status, "{body}");
        let reply: Value = resp.json().await.unwrap();
        assert_eq!(reply["code"], code, "{body}");
    }

    // Validation: empty, over-long, out of range, inconsistent.
    let long = "Ạ".repeat(301);
    for (path, body, field) in [
        (
            "/api/councils".to_string(),
            json!({ "name": long, "place_name": "x", "total_seats": 5 }),
            "name",
        ),
        (
            "/api/councils".to_string(),
            json!({ "name": "  ", "place_name": "x", "total_seats": 5 }),
            "name",
        ),
        (
            "/api/councils".to_string(),
            json!({ "name": "HĐND mới", "place_name": "x", "total_seats": 0 }),
            "total_seats",
        ),
        (
            "/api/councils".to_string(),
            json!({ "name": "HĐND mới", "place_name": "x", "total_seats": 5,
            "majority": { "base": "total_seats", "fraction": { "numerator": 3, "denominator": 2 }, "strict": true } }),
            "majority.fraction",
        ),
        (
            format!("/api/councils/{c}/people"),
            json!({ "kind": "official", "full_name": "Ông A", "delegate_group_id": fx.group }),
            "delegate_group_id",
        ),
        (
            format!("/api/councils/{c}/terms"),
            json!({ "name": "Sai", "start_year": 2030, "end_year": 2026 }),
            "end_year",
        ),
        (
            format!("/api/councils/{c}/sessions"),
            json!({ "term_id": fx.term, "number": 9, "kind": "regular", "title": "T",
            "place": "P", "planned_start": "2026-12-10", "planned_end": "2026-12-08" }),
            "planned_end",
        ),
        (
            format!("/api/sessions/{s}/agenda"),
            json!({ "title": "Dài", "planned_minutes": 100000 }),
            "planned_minutes",
        ),
        (
            "/api/accounts".to_string(),
            json!({ "username": "có dấu", "display_name": "X", "role": "guest", "council_id": c }),
            "username",
        ),
        (
            "/api/accounts".to_string(),
            json!({ "username": "nocouncil", "display_name": "X", "role": "secretary" }),
            "council_id",
        ),
        (
            "/api/accounts".to_string(),
            json!({ "username": "shortpw", "display_name": "X", "role": "guest", "council_id": c, "password": "123" }),
            "password",
        ),
    ] {
        let reply = expect(
            a,
            M::POST,
            &path,
            Some(body),
            S::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(reply["field"], field, "{path}: {reply}");
    }
    expect(
        a,
        M::PATCH,
        &format!("/api/councils/{c}"),
        Some(json!({ "yes_label": "" })),
        S::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;

    // Duplicates.
    for (path, body) in [
        (
            "/api/councils".to_string(),
            json!({ "name": "Hội đồng nhân dân thành phố Thử Nghiệm", "place_name": "x", "total_seats": 5 }),
        ),
        (
            format!("/api/councils/{c}/delegate-groups"),
            json!({ "name": "Tổ đại biểu số 1" }),
        ),
        (
            format!("/api/councils/{c}/committees"),
            json!({ "name": "Ban Kinh tế - Ngân sách" }),
        ),
        (
            format!("/api/councils/{c}/terms"),
            json!({ "name": "2026-2031", "start_year": 2026, "end_year": 2031 }),
        ),
        (
            format!("/api/councils/{c}/sessions"),
            json!({ "term_id": fx.term, "number": 1, "kind": "regular", "title": "Trùng",
            "place": "P", "planned_start": "2026-12-08", "planned_end": "2026-12-08" }),
        ),
        (
            "/api/accounts".to_string(),
            json!({ "username": "THUKY", "display_name": "X", "role": "guest", "council_id": c }),
        ),
    ] {
        expect(a, M::POST, &path, Some(body), S::CONFLICT, "duplicate").await;
    }
    // The same name in decomposed Unicode is the same name.
    expect(
        a,
        M::POST,
        &format!("/api/councils/{c}/committees"),
        Some(json!({ "name": "Ban Kinh te\u{302}\u{301} - Nga\u{302}n sa\u{301}ch" })),
        S::CONFLICT,
        "duplicate",
    )
    .await;

    // Ids of another council, or of nothing, inside bodies.
    for (path, body, field) in [
        (
            format!("/api/councils/{c}/people"),
            json!({ "kind": "delegate", "full_name": "Bà B", "committee_ids": [fx.committee, other_committee["id"]] }),
            "committee_ids",
        ),
        (
            format!("/api/councils/{c}/people"),
            json!({ "kind": "delegate", "full_name": "Bà B", "delegate_group_id": 999999 }),
            "delegate_group_id",
        ),
        (
            format!("/api/councils/{c}/sessions"),
            json!({ "term_id": other_term["id"], "number": 7, "kind": "regular", "title": "T",
            "place": "P", "planned_start": "2026-12-08", "planned_end": "2026-12-08" }),
            "term_id",
        ),
        (
            format!("/api/sessions/{s}/agenda"),
            json!({ "title": "Con", "parent_id": other_item["id"] }),
            "parent_id",
        ),
        (
            format!("/api/sessions/{s}/agenda"),
            json!({ "title": "Cháu", "parent_id": sub["id"] }),
            "parent_id",
        ),
        (
            "/api/accounts".to_string(),
            json!({ "username": "x1", "display_name": "X", "role": "delegate", "council_id": c, "person_id": other_person["id"] }),
            "person_id",
        ),
        (
            "/api/accounts".to_string(),
            json!({ "username": "x2", "display_name": "X", "role": "delegate", "council_id": 999999 }),
            "council_id",
        ),
    ] {
        let reply = expect(
            a,
            M::POST,
            &path,
            Some(body),
            S::UNPROCESSABLE_ENTITY,
            "invalid_reference",
        )
        .await;
        assert_eq!(reply["field"], field);
    }
    expect(
        a,
        M::PATCH,
        &format!("/api/people/{}", fx.delegates[0]),
        Some(json!({ "committee_ids": [other_committee["id"]] })),
        S::UNPROCESSABLE_ENTITY,
        "invalid_reference",
    )
    .await;

    // Unknown ids in paths; ids that are not numbers.
    for path in [
        "/api/councils/999999",
        "/api/sessions/999999",
        "/api/people/999999",
        "/api/terms/999999",
        "/api/accounts/999999",
    ] {
        expect(a, M::GET, path, None, S::NOT_FOUND, "not_found").await;
    }
    expect(
        a,
        M::PATCH,
        "/api/agenda-items/999999",
        Some(json!({ "title": "X" })),
        S::NOT_FOUND,
        "not_found",
    )
    .await;
    expect(
        a,
        M::DELETE,
        "/api/sittings/999999",
        None,
        S::NOT_FOUND,
        "not_found",
    )
    .await;
    expect(
        a,
        M::GET,
        "/api/sessions/abc",
        None,
        S::BAD_REQUEST,
        "bad_path",
    )
    .await;
    expect(
        a,
        M::GET,
        "/api/councils/1/people?kind=mayor",
        None,
        S::BAD_REQUEST,
        "bad_query",
    )
    .await;

    // State changes the current state does not allow.
    expect(
        &fx.chair,
        M::POST,
        &format!("/api/sessions/{s}/start"),
        Some(json!({})),
        S::CONFLICT,
        "invalid_state",
    )
    .await;
    expect(
        &fx.chair,
        M::POST,
        &format!("/api/sessions/{s}/close"),
        Some(json!({})),
        S::CONFLICT,
        "invalid_state",
    )
    .await;
    expect(
        a,
        M::POST,
        &format!("/api/sessions/{running}/convene"),
        Some(json!({})),
        S::CONFLICT,
        "invalid_state",
    )
    .await;
    expect(
        a,
        M::DELETE,
        &format!("/api/sessions/{running}"),
        None,
        S::CONFLICT,
        "invalid_state",
    )
    .await;
    expect(
        a,
        M::PATCH,
        &format!("/api/sessions/{running}"),
        Some(json!({ "title": "Đổi" })),
        S::CONFLICT,
        "invalid_state",
    )
    .await;
    expect(
        a,
        M::POST,
        &format!("/api/sessions/{running}/agenda"),
        Some(json!({ "title": "Thêm" })),
        S::CONFLICT,
        "invalid_state",
    )
    .await;
    // Still referred to: a group with members, a council with everything.
    expect(
        a,
        M::DELETE,
        &format!("/api/delegate-groups/{}", fx.group),
        None,
        S::CONFLICT,
        "in_use",
    )
    .await;
    expect(
        a,
        M::DELETE,
        &format!("/api/councils/{c}"),
        None,
        S::CONFLICT,
        "in_use",
    )
    .await;
    expect(
        a,
        M::DELETE,
        &format!("/api/terms/{}", fx.term),
        None,
        S::CONFLICT,
        "in_use",
    )
    .await;

    // Routing and size.
    expect(a, M::GET, "/api/khong-co", None, S::NOT_FOUND, "no_route").await;
    expect(
        a,
        M::PUT,
        "/api/councils",
        Some(json!({})),
        S::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
    expect(
        a,
        M::DELETE,
        "/api/councils",
        None,
        S::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
    // The server answers 413 as soon as the declared length is over the
    // limit and closes the connection without reading the rest; a client
    // still writing then sees a broken pipe instead of the answer. The
    // refusal is the server's either way (the table counts below show that
    // nothing was written); ask until the answer itself gets through.
    let huge = json!({ "name": "x".repeat(2 * 1024 * 1024), "place_name": "x", "total_seats": 5 });
    let mut answer = None;
    for _ in 0..10 {
        match a.request(M::POST, "/api/councils").json(&huge).send().await {
            Ok(resp) => {
                let status = resp.status();
                answer = Some((status, resp.json::<Value>().await.unwrap_or_default()));
                break;
            }
            Err(e) if e.is_request() || e.is_body() => continue,
            Err(e) => panic!("oversized request: {e}"),
        }
    }
    let (status, reply) = answer.expect("the answer to an oversized body got through");
    assert_eq!(
        (status, reply["code"].as_str()),
        (S::PAYLOAD_TOO_LARGE, Some("payload_too_large"))
    );
    let resp = a
        .request(M::GET, &format!("/api/sessions/{s}/events"))
        .header("Last-Event-ID", "ba")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), S::BAD_REQUEST);

    let after = common::table_counts(&server).await;
    assert_eq!(before, after, "a refused request wrote something");
    // And the server is still fine.
    let (st, _) = a.get(&format!("/api/sessions/{s}/snapshot")).await;
    assert_eq!(st, S::OK);
}

#[tokio::test]
async fn body_limit_is_configurable() {
    let server = Server::start_with(&["--body-limit", "2000"]).await;
    let admin = server.admin().await;
    let (s, reply) = admin
        .post(
            "/api/councils",
            json!({ "name": "Ạ".repeat(1000), "place_name": "x", "total_seats": 5 }),
        )
        .await;
    assert_eq!(
        (s, reply["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large"))
    );
    let (s, _) = admin
        .post(
            "/api/councils",
            json!({ "name": "HĐND nhỏ", "place_name": "x", "total_seats": 5 }),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
}

/// serde reads a JSON array as a struct's fields in order; the API takes
/// objects only, so `["…", null]` renames nothing (the object form is the
/// control that does).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_json_array_is_not_a_body() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let a = &fx.admin;
    let (s, sitting) = a
        .post(
            &format!("/api/sessions/{}/sittings", fx.session),
            json!({ "title": "Phiên khai mạc", "starts_at": "2026-12-20T01:00:00Z" }),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{sitting}");
    let path = format!("/api/sittings/{}", sitting["id"]);
    for body in [
        json!(["Phiên bị đổi tên", null]),
        json!("Phiên bị đổi tên"),
        json!(42),
        json!(null),
    ] {
        expect(
            a,
            Method::PATCH,
            &path,
            Some(body),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        )
        .await;
    }
    let (_, sittings) = a
        .get(&format!("/api/sessions/{}/sittings", fx.session))
        .await;
    assert_eq!(sittings[0]["title"], "Phiên khai mạc", "nothing renamed");
    let (s, renamed) = a
        .send(
            Method::PATCH,
            &path,
            Some(json!({ "title": "Phiên thảo luận" })),
        )
        .await;
    assert_eq!(
        (s, renamed["title"].as_str()),
        (StatusCode::OK, Some("Phiên thảo luận"))
    );
}
