//! The administrator's work over HTTP: accounts disabled, renamed, relinked
//! and signed out everywhere; a delegate list imported whole or not at all;
//! seats that the delegates never outnumber; names that clash however they
//! are typed.

use crate::common;

use common::{make_council, paired, staff, table_counts, Api, Server, STAFF_PASSWORD};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn expect(
    api: &Api,
    method: Method,
    path: &str,
    body: Value,
    status: StatusCode,
    code: &str,
) -> Value {
    let (s, reply) = api.send(method, path, Some(body)).await;
    assert_eq!(
        (s, reply["code"].as_str()),
        (status, Some(code)),
        "{path}: {reply}"
    );
    reply
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_are_disabled_renamed_relinked_and_signed_out() {
    let server = Server::start().await;
    let admin = server.admin().await;
    let council = make_council(&admin, "HĐND xã Quản Trị", 5).await;
    let delegate_person = admin
        .create(
            &format!("/api/councils/{council}/people"),
            json!({ "kind": "delegate", "full_name": "Lò Thị Mai" }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let official = admin
        .create(
            &format!("/api/councils/{council}/people"),
            json!({ "kind": "official", "full_name": "Hà Văn Nam" }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let secretary = staff(&server, &admin, "thuky", "secretary", council, None).await;
    let delegate = paired(&server, &admin, delegate_person).await;
    let (_, me) = secretary.get("/api/auth/me").await;
    let secretary_id = me["id"].as_i64().unwrap();
    let (_, me) = delegate.get("/api/auth/me").await;
    let delegate_account = me["id"].as_i64().unwrap();
    let (_, me) = admin.get("/api/auth/me").await;
    let admin_id = me["id"].as_i64().unwrap();

    // Disabled: the secretary's sign-in ends, the password no longer signs
    // in (said only to whoever knows it), and no one disables themselves.
    let (s, disabled) = admin
        .patch(
            &format!("/api/accounts/{secretary_id}"),
            json!({ "disabled": true }),
        )
        .await;
    assert_eq!(
        (s, disabled["disabled"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    let (s, _) = secretary.get("/api/auth/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let login = |password: &str| json!({ "username": "thuky", "password": password });
    let (s, reply) = server
        .api()
        .post("/api/auth/login", login(STAFF_PASSWORD))
        .await;
    assert_eq!(
        (s, reply["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("account_disabled"))
    );
    let (s, reply) = server
        .api()
        .post("/api/auth/login", login("không phải mật khẩu"))
        .await;
    assert_eq!(
        (s, reply["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("wrong_credentials"))
    );
    let reply = expect(
        &admin,
        Method::PATCH,
        &format!("/api/accounts/{admin_id}"),
        json!({ "disabled": true }),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(reply["field"], "disabled");
    // Enabled again, under a new username: the old one is gone.
    let (s, renamed) = admin
        .patch(
            &format!("/api/accounts/{secretary_id}"),
            json!({ "disabled": false, "username": "thuky.xa" }),
        )
        .await;
    assert_eq!(
        (s, renamed["username"].as_str()),
        (StatusCode::OK, Some("thuky.xa"))
    );
    let mut again = server.api();
    again.login("thuky.xa", STAFF_PASSWORD).await;
    let (s, _) = server
        .api()
        .post("/api/auth/login", login(STAFF_PASSWORD))
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    // A username taken says which field.
    let reply = expect(
        &admin,
        Method::POST,
        "/api/accounts",
        json!({ "username": "thuky.xa", "display_name": "Trùng", "role": "display",
                "council_id": council, "password": "mật-khẩu-màn-hình" }),
        StatusCode::CONFLICT,
        "duplicate",
    )
    .await;
    assert_eq!(reply["field"], "username");
    // A delegate's account stands for a delegate, not an official.
    let reply = expect(
        &admin,
        Method::PATCH,
        &format!("/api/accounts/{delegate_account}"),
        json!({ "person_id": official }),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(reply["field"], "person_id");

    // Signed out everywhere: the delegate's laptop loses its sign-in, the
    // secretary's goes on (control).
    let (s, ended) = admin
        .post(
            &format!("/api/accounts/{delegate_account}/sign-out"),
            json!({}),
        )
        .await;
    assert_eq!((s, ended["sign_ins"].as_u64()), (StatusCode::OK, Some(1)));
    // Not the administrator's own: that would lock out the one who can
    // set things right.
    let (_, me) = admin.get("/api/auth/me").await;
    let (s, refused) = admin
        .post(&format!("/api/accounts/{}/sign-out", me["id"]), json!({}))
        .await;
    assert_eq!(
        (s, refused["code"].as_str()),
        (StatusCode::CONFLICT, Some("invalid_state")),
        "{refused}"
    );
    let (s, _) = admin.get("/api/auth/me").await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = delegate.get("/api/auth/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = again.get("/api/auth/me").await;
    assert_eq!(s, StatusCode::OK);
    // A disabled delegate's new card does not sign in.
    admin
        .patch(
            &format!("/api/accounts/{delegate_account}"),
            json!({ "disabled": true }),
        )
        .await;
    let card = admin
        .create(
            &format!("/api/people/{delegate_person}/pairing-code"),
            json!({}),
        )
        .await;
    let (s, reply) = server
        .api()
        .post("/api/auth/pair", json!({ "code": card["code"] }))
        .await;
    assert_eq!(
        (s, reply["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("account_disabled"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delegate_list_is_imported_whole_or_not_at_all() {
    let server = Server::start().await;
    let admin = server.admin().await;
    let council = make_council(&admin, "HĐND xã Nhập Danh Sách", 4).await;
    admin
        .create(
            &format!("/api/councils/{council}/delegate-groups"),
            json!({ "name": "Tổ đại biểu số 1" }),
        )
        .await;
    let import = format!("/api/councils/{council}/people/import");
    let before = table_counts(&server).await;
    // A bad row names itself; nothing of the list is kept (not the new
    // committee of the good row before it).
    let reply = expect(
        &admin,
        Method::POST,
        &import,
        json!({ "people": [
            { "kind": "delegate", "full_name": "Lò Văn Một", "committees": ["Ban Kinh tế"] },
            { "kind": "delegate", "full_name": "   " },
        ] }),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(reply["field"], "people[1].full_name");
    // More delegates than the council's four seats.
    let five: Vec<Value> = (1..=5)
        .map(|n| {
            json!({ "kind": "delegate", "full_name": format!("Đại biểu {n}"),
                         "delegate_group": "Tổ mới" })
        })
        .collect();
    expect(
        &admin,
        Method::POST,
        &import,
        json!({ "people": five }),
        StatusCode::CONFLICT,
        "more_delegates_than_seats",
    )
    .await;
    assert_eq!(table_counts(&server).await, before, "nothing half-saved");

    // Control: the same list of four goes in whole, "tổ đại biểu  SỐ 1" is
    // the council's group, "Ban Kinh tế" is made once.
    let (s, outcome) = admin
        .post(
            &import,
            json!({ "people": [
                { "kind": "delegate", "full_name": "Lò Văn Một", "delegate_group": "tổ đại biểu  SỐ 1",
                  "committees": ["Ban Kinh tế"] },
                { "kind": "delegate", "full_name": "Lò Văn Hai", "committees": ["ban kinh tế"] },
                { "kind": "delegate", "full_name": "Lò Văn Ba", "delegate_group": "Tổ đại biểu số 2" },
                { "kind": "delegate", "full_name": "Lò Văn Bốn" },
                { "kind": "official", "full_name": "Hà Thị Năm", "position_title": "Chủ tịch UBND xã" },
            ] }),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{outcome}");
    assert_eq!(outcome["people"].as_array().unwrap().len(), 5);
    assert_eq!(outcome["committees_created"].as_array().unwrap().len(), 1);
    let groups: Vec<&str> = outcome["groups_created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["Tổ đại biểu số 2"]);
    // The seats are full now: one more delegate, or fewer seats, is refused.
    expect(
        &admin,
        Method::POST,
        &format!("/api/councils/{council}/people"),
        json!({ "kind": "delegate", "full_name": "Đại biểu thứ năm" }),
        StatusCode::CONFLICT,
        "more_delegates_than_seats",
    )
    .await;
    expect(
        &admin,
        Method::PATCH,
        &format!("/api/councils/{council}"),
        json!({ "total_seats": 3 }),
        StatusCode::CONFLICT,
        "more_delegates_than_seats",
    )
    .await;
    // A group named again in another case is the same group.
    let reply = expect(
        &admin,
        Method::POST,
        &format!("/api/councils/{council}/delegate-groups"),
        json!({ "name": "TỔ ĐẠI BIỂU SỐ 2" }),
        StatusCode::CONFLICT,
        "duplicate",
    )
    .await;
    assert_eq!(reply["field"], "name");
}
