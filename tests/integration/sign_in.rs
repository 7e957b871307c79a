//! Accounts and sign-in: the first admin, passwords, pairing codes, tokens.

use crate::common;

use common::{Fixture, Server, ADMIN_PASSWORD};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn first_admin_must_change_the_generated_password() {
    let server = Server::start().await;
    let path = server.data_dir.join("initial-admin-password");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o600,
            "the password file is readable by its owner only"
        );
    }
    let first = server.initial_admin_password();
    assert!(first.len() >= 16);

    let mut api = server.api();
    let signed_in = api.login("admin", &first).await;
    assert_eq!(signed_in["account"]["must_change_password"], true);
    // Anything but changing the password is refused until it is changed.
    let (s, body) = api.get("/api/councils").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "password_change_required");
    let (s, me) = api.get("/api/auth/me").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["username"], "admin");

    // A wrong current password or a too-short new one changes nothing.
    let (s, body) = api
        .post(
            "/api/auth/password",
            json!({ "current_password": "sai", "new_password": ADMIN_PASSWORD }),
        )
        .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("wrong_password"))
    );
    let (s, body) = api
        .post(
            "/api/auth/password",
            json!({ "current_password": first, "new_password": "ngắn" }),
        )
        .await;
    assert_eq!(
        (s, body["code"].as_str(), body["field"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("validation_failed"),
            Some("new_password")
        )
    );

    let (s, _) = api
        .post(
            "/api/auth/password",
            json!({ "current_password": first, "new_password": ADMIN_PASSWORD }),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = api.get("/api/councils").await;
    assert_eq!(s, StatusCode::OK, "the same sign-in works after the change");

    // The old password no longer works; the new one does.
    let (s, body) = server
        .api()
        .post(
            "/api/auth/login",
            json!({ "username": "admin", "password": first }),
        )
        .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("wrong_credentials"))
    );
    server.api().login("admin", ADMIN_PASSWORD).await;
    // The password never appears in the server's own files other than the one it was written to.
    let files = server.database_files();
    assert!(!files.is_empty());
    for file in files {
        // On PostgreSQL these are the whole cluster's: another test's
        // database may drop a file of it meanwhile.
        let bytes = match std::fs::read(&file) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            read => read.unwrap(),
        };
        assert!(
            !bytes
                .windows(ADMIN_PASSWORD.len())
                .any(|w| w == ADMIN_PASSWORD.as_bytes()),
            "{}",
            file.display()
        );
    }
}

#[tokio::test]
async fn wrong_username_and_wrong_password_look_the_same() {
    let server = Server::start().await;
    let (s1, b1) = server
        .api()
        .post(
            "/api/auth/login",
            json!({ "username": "nobody", "password": "xxxxxxxxxxxx" }),
        )
        .await;
    let (s2, b2) = server
        .api()
        .post(
            "/api/auth/login",
            json!({ "username": "admin", "password": "xxxxxxxxxxxx" }),
        )
        .await;
    assert_eq!(s1, StatusCode::UNAUTHORIZED);
    assert_eq!(b1, b2);
    assert_eq!(s1, s2);
}

#[tokio::test]
async fn pairing_codes_are_single_use_and_replaceable() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let person = fx.delegates[2];
    let card = fx
        .admin
        .create(&format!("/api/people/{person}/pairing-code"), json!({}))
        .await;
    let code = card["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 9);
    assert_eq!(card["account"]["role"], "delegate");
    assert_eq!(card["account"]["person_id"], person);

    // Typed sloppily: lower case, spaces instead of the dash.
    let mut api = server.api();
    let signed_in = api.pair(&code.to_lowercase().replace('-', " ")).await;
    assert_eq!(signed_in["account"]["person_id"], person);
    let (s, me) = api.get("/api/auth/me").await;
    assert_eq!(
        (s, me["person_id"].as_i64()),
        (StatusCode::OK, Some(person))
    );

    // Used once: the second use is refused with its own code.
    let (s, body) = server
        .api()
        .post("/api/auth/pair", json!({ "code": code }))
        .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("pairing_code_used"))
    );

    // A new card replaces an unused older one; both sign in to the same account.
    let old = fx
        .admin
        .create(&format!("/api/people/{person}/pairing-code"), json!({}))
        .await;
    let new = fx
        .admin
        .create(&format!("/api/people/{person}/pairing-code"), json!({}))
        .await;
    assert_eq!(old["account"]["id"], new["account"]["id"]);
    let (s, body) = server
        .api()
        .post("/api/auth/pair", json!({ "code": old["code"] }))
        .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("pairing_code_replaced"))
    );
    server.api().pair(new["code"].as_str().unwrap()).await;

    // Codes that never existed, and strings that cannot be codes.
    for bad in ["AAAA-AAAA", "0000-0000", "", "ABCD-EFGH-JKMN"] {
        let (s, body) = server
            .api()
            .post("/api/auth/pair", json!({ "code": bad }))
            .await;
        assert_eq!(
            (s, body["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("pairing_code_unknown")),
            "{bad:?}"
        );
    }
}

#[tokio::test]
async fn expired_pairing_codes_and_tokens_are_refused() {
    let server = Server::start_with(&["--pairing-ttl-hours", "0", "--token-ttl-hours", "0"]).await;
    // With a zero lifetime every token is expired at once, so set up through
    // the store's first admin: its sign-in itself returns an expired token.
    let mut api = server.api();
    api.login("admin", &server.initial_admin_password()).await;
    let (s, body) = api.get("/api/auth/me").await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("token_expired"))
    );

    let other = Server::start_with(&["--pairing-ttl-hours", "0"]).await;
    let admin = other.admin().await;
    let council = common::make_council(&admin, "HĐND thử hết hạn", 5).await;
    let person = admin
        .create(
            &format!("/api/councils/{council}/people"),
            json!({ "kind": "delegate", "full_name": "Vũ Thị Hạnh" }),
        )
        .await;
    let card = admin
        .create(
            &format!("/api/people/{}/pairing-code", person["id"]),
            json!({}),
        )
        .await;
    let (s, body) = other
        .api()
        .post("/api/auth/pair", json!({ "code": card["code"] }))
        .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("pairing_code_expired"))
    );
}

#[tokio::test]
async fn logout_ends_only_that_sign_in() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let mut second = server.api();
    second.login("thuky", common::STAFF_PASSWORD).await;
    let (s, _) = fx.secretary.post("/api/auth/logout", json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, body) = fx.secretary.get("/api/auth/me").await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_token"))
    );
    let (s, _) = second.get("/api/auth/me").await;
    assert_eq!(s, StatusCode::OK);
    // Garbage in the header is an invalid token, not a crash.
    let (s, body) = server
        .api()
        .with_token("not-a-token")
        .get("/api/auth/me")
        .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_token"))
    );
    let resp = server
        .api()
        .request(reqwest::Method::GET, "/api/auth/me")
        .header("authorization", "Basic YWRtaW4=")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn password_reset_by_admin_ends_sign_ins_and_forces_a_change() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let (_, me) = fx.secretary.get("/api/auth/me").await;
    let id = me["id"].as_i64().unwrap();
    let reset = "mật-khẩu-đặt-lại";
    let (s, acc) = fx
        .admin
        .patch(&format!("/api/accounts/{id}"), json!({ "password": reset }))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(acc["must_change_password"], true);
    let (s, _) = fx.secretary.get("/api/auth/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "the old sign-in ended");
    let mut api = server.api();
    api.login("thuky", reset).await;
    let (s, body) = api.get(&format!("/api/councils/{}", fx.council)).await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("password_change_required"))
    );
    // The admin cannot delete itself.
    let (_, admin_me) = fx.admin.get("/api/auth/me").await;
    let (s, body) = fx
        .admin
        .delete(&format!("/api/accounts/{}", admin_me["id"]))
        .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("invalid_state"))
    );
}

/// The chair of a People's Council is a delegate: a delegate who already
/// holds an account (made by their pairing card) is made chair on that
/// same account — with a password, which ends the card's sign-ins — and
/// then checks in and votes as themselves and runs the floor.
#[tokio::test]
async fn a_delegate_paired_by_card_is_made_chair_on_the_same_account() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let person = fx.delegates[3];
    let card = fx
        .admin
        .create(&format!("/api/people/{person}/pairing-code"), json!({}))
        .await;
    let account = card["account"]["id"].as_i64().unwrap();
    let mut laptop = server.api();
    laptop.pair(card["code"].as_str().unwrap()).await;

    // A second account for the same person is refused (one person, one account).
    let (s, body) = fx
        .admin
        .post(
            "/api/accounts",
            json!({ "username": "chutoa2", "display_name": "Chủ tọa", "role": "chair",
                    "council_id": fx.council, "person_id": person,
                    "password": "mật-khẩu-chủ-tọa-2026" }),
        )
        .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("duplicate")),
        "{body}"
    );

    // Made chair without a password: refused by field, nothing changed,
    // and the card's laptop is still a delegate.
    let path = format!("/api/accounts/{account}");
    let (s, body) = fx.admin.patch(&path, json!({ "role": "chair" })).await;
    assert_eq!(
        (s, body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("password")),
        "{body}"
    );
    let (s, me) = laptop.get("/api/auth/me").await;
    assert_eq!((s, me["role"].as_str()), (StatusCode::OK, Some("delegate")));

    // With a password: the same account, now chair; the card's sign-in ends.
    let password = "mật-khẩu-chủ-tọa-2026";
    let (s, changed) = fx
        .admin
        .patch(&path, json!({ "role": "chair", "password": password }))
        .await;
    assert_eq!(s, StatusCode::OK, "{changed}");
    assert_eq!(
        (changed["role"].as_str(), changed["person_id"].as_i64()),
        (Some("chair"), Some(person))
    );
    let (s, _) = laptop.get("/api/auth/me").await;
    assert_eq!(
        s,
        StatusCode::UNAUTHORIZED,
        "the card's sign-in is not a chair's"
    );
    // A chair gets no pairing card.
    let (s, body) = fx
        .admin
        .post(&format!("/api/people/{person}/pairing-code"), json!({}))
        .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("not_pairable")),
        "{body}"
    );

    // The chair signs in, changes the reset password, checks in and votes.
    let mut chair = server.api();
    let username = changed["username"].as_str().unwrap().to_owned();
    chair.login(&username, password).await;
    let new_password = "mật-khẩu-mới-của-chủ-tọa";
    chair
        .ok(
            reqwest::Method::POST,
            "/api/auth/password",
            Some(json!({ "current_password": password, "new_password": new_password })),
        )
        .await;
    let s = fx.session;
    let item = fx
        .secretary
        .create(
            &format!("/api/sessions/{s}/agenda"),
            json!({ "title": "Chương trình kỳ họp" }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    // The first sitting begins within the hour: check-in is open.
    fx.secretary
        .create(
            &format!("/api/sessions/{s}/sittings"),
            json!({ "title": "Phiên khai mạc",
                    "starts_at": chrono::Utc::now() + chrono::Duration::minutes(30) }),
        )
        .await;
    fx.secretary
        .create(&format!("/api/sessions/{s}/convene"), json!({}))
        .await;
    let attendance = chair
        .create(
            &format!("/api/sessions/{s}/attendance/{person}"),
            json!({ "action": "check_in", "mode": "chamber" }),
        )
        .await;
    assert_eq!(attendance["status"], "present");
    chair
        .create(
            &format!("/api/sessions/{s}/start"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    chair
        .create(&format!("/api/agenda-items/{item}/open"), json!({}))
        .await;
    let poll = chair
        .create(
            &format!("/api/agenda-items/{item}/polls"),
            json!({ "kind": "named", "title": "Thông qua chương trình kỳ họp" }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    chair
        .create(
            &format!("/api/polls/{poll}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    let receipt = chair
        .create(
            &format!("/api/polls/{poll}/ballot"),
            json!({ "choice": "yes" }),
        )
        .await;
    assert_eq!(receipt["recorded"], true);
    let closed = chair
        .create(&format!("/api/polls/{poll}/close"), json!({}))
        .await;
    assert_eq!(closed["result"]["options"][0]["count"], 1, "{closed}");
    assert_eq!(
        closed["result"]["named"][0]["person_id"], person,
        "{closed}"
    );
}
