//! The desktop app's local gateway against a real host: `kyhop serve --tls`
//! on loopback, the gateway in this process with its own app-data
//! directory. Pairing pins the host's certificate; the packet is kept and
//! checked; documents, notes and the agenda stay readable with the host
//! gone, writes say they need it; a damaged copy is never shown; a host
//! with another certificate is refused; reads made offline reach the host
//! when it is back. Other programs on the laptop (a web page, a program of
//! another user) cannot change the gateway: they lack its token; a host
//! cannot name files outside the offline store; what the store keeps is
//! the owner's only.

use crate::common;

use std::path::Path;
use std::time::Duration;

use common::{fixture, gateway_window, start_gateway, upload, Api, Fixture, Server};
use kyhop_gateway::{Gateway, SecretPlace};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// The UI's side of the gateway: a plain HTTP client on loopback.
struct Window {
    api: Api,
}

impl Window {
    /// The app's own window: it holds the gateway's token.
    fn new(gateway: &Gateway) -> Self {
        Window {
            api: gateway_window(gateway),
        }
    }

    async fn desktop(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let response = self
            .api
            .client
            .post(format!("{}{path}", self.api.url))
            .json(&body)
            .send()
            .await
            .expect("gateway answers");
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn status(&self) -> Value {
        self.api.get("/desktop/status").await.1
    }

    async fn file(&self, ui: &Api, document: i64) -> (StatusCode, Vec<u8>) {
        let response = ui
            .request(Method::GET, &format!("/api/documents/{document}/file"))
            .send()
            .await
            .expect("gateway answers");
        (
            response.status(),
            response.bytes().await.expect("body").to_vec(),
        )
    }

    /// Waits until the packet holds `files` files.
    async fn synced(&self, files: u64) -> Value {
        for _ in 0..200 {
            let status = self.status().await;
            if status["sync"]["state"] == "done" && status["sync"]["files_done"] == files {
                return status;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the packet did not sync: {}", self.status().await);
    }
}

async fn publish(fx: &Fixture, title: &str, bytes: Vec<u8>) -> i64 {
    let meta = json!({ "title": title, "kind": "report" });
    let (status, doc) = upload(&fx.secretary, fx.session, meta, "bao-cao.pdf", bytes).await;
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    let id = doc["id"].as_i64().unwrap();
    fx.secretary
        .ok(
            Method::POST,
            &format!("/api/sessions/{}/documents/publish", fx.session),
            Some(json!({ "document_ids": [id] })),
        )
        .await;
    id
}

/// Who of the audience has opened a document, by person id.
async fn opened(secretary: &Api, document: i64) -> Vec<i64> {
    let (status, receipts) = secretary
        .get(&format!("/api/documents/{document}/reads"))
        .await;
    assert_eq!(status, StatusCode::OK, "{receipts}");
    receipts["opened"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["person_id"].as_i64().unwrap())
        .collect()
}

async fn wait_opened(secretary: &Api, document: i64, person: i64) {
    for _ in 0..100 {
        if opened(secretary, document).await.contains(&person) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the host never heard that {person} opened {document}");
}

fn kept_copy(app_dir: &Path, bytes: &[u8]) -> std::path::PathBuf {
    app_dir
        .join("offline/files")
        .join(hex::encode(Sha256::digest(bytes)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delegate_laptop_pairs_keeps_the_packet_and_reads_offline() {
    let host_tmp = tempfile::tempdir().unwrap();
    // The data directory inside the temporary one: the counting key goes beside it.
    let host_dir = host_tmp.path().join("data");
    let server = Server::start_in(&host_dir, &["--tls"]).await;
    let fingerprint = server.fingerprint.clone().expect("a TLS host");
    let fx = Fixture::new(&server).await;
    let report = std::fs::read(fixture("bao-cao-ghostscript.pdf")).unwrap();
    let submission = std::fs::read(fixture("to-trinh-libreoffice.pdf")).unwrap();
    let first = publish(&fx, "Báo cáo kinh tế - xã hội", report.clone()).await;

    let app = tempfile::tempdir().unwrap();
    let gateway = start_gateway(app.path(), SecretPlace::File).await;
    let window = Window::new(&gateway);
    assert_eq!(window.status().await["mode"], "setup");
    // Before pairing, the API has nowhere to go.
    let (status, body) = window.api.get("/api/auth/me").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("not_paired"))
    );

    // Changes need the gateway's token and its own name (no other page, no rebinding).
    let address = server.url.trim_start_matches("https://").to_owned();
    let forged = Api::new(&window.api.url)
        .client
        .post(format!("{}/desktop/probe", window.api.url))
        .header("x-kyhop-desktop", "1")
        .json(&json!({ "address": address }))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let body: Value = forged.json().await.unwrap();
    assert_eq!(body["code"], "gateway_token_required");
    let rebound = window
        .api
        .client
        .get(format!("{}/desktop/status", window.api.url))
        .header(
            "host",
            format!("evil.example:{}", gateway.local_addr().port()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(rebound.status(), StatusCode::FORBIDDEN);

    // Typed by hand: the gateway reads the certificate for the person to compare.
    let (status, probed) = window
        .desktop("/desktop/probe", json!({ "address": address }))
        .await;
    assert_eq!(status, StatusCode::OK, "{probed}");
    assert_eq!(probed["fingerprint"], fingerprint.as_str());
    assert_eq!(probed["confirmed"], false);
    assert_eq!(
        probed["short_fingerprint"],
        kyhop_server::tls::short_fingerprint(&fingerprint)
    );
    // A pairing link whose fingerprint is not the host's is refused.
    let (status, body) = window
        .desktop(
            "/desktop/probe",
            json!({ "address": format!("{}/#/?fp={}", server.url, "ab".repeat(32)) }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(body["code"], "host_certificate_changed");
    // Nothing listens there.
    let (status, body) = window
        .desktop("/desktop/probe", json!({ "address": "127.0.0.1:9" }))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("host_unreachable"))
    );
    // Pairing with a fingerprint the host does not have fails, and changes nothing.
    let (status, body) = window
        .desktop(
            "/desktop/pair",
            json!({ "url": server.url, "confirmation": "CDCD CDCD CDCD CDCD" }),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("fingerprint_mismatch")
        )
    );
    assert_eq!(window.status().await["mode"], "setup");

    // The person types the fingerprint the host's screen shows.
    let (status, paired) = window
        .desktop(
            "/desktop/pair",
            json!({ "url": server.url,
                    "confirmation": kyhop_server::tls::short_fingerprint(&fingerprint) }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{paired}");
    assert_eq!(paired["mode"], "delegate");
    assert_eq!(paired["host"]["fingerprint"], fingerprint.as_str());

    // The delegate signs in with their card through the gateway: the UI
    // gets a token that is worth nothing anywhere else.
    let card = fx
        .admin
        .create(
            &format!("/api/people/{}/pairing-code", fx.delegates[2]),
            json!({}),
        )
        .await;
    let mut ui = window.api.clone();
    let signed_in = ui.pair(card["code"].as_str().unwrap()).await;
    let local_token = signed_in["token"].as_str().unwrap();
    let (status, _) = server
        .api()
        .with_token(local_token)
        .get("/api/auth/me")
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the local token must not open the host"
    );
    let (status, me) = ui.get("/api/auth/me").await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["person_id"], fx.delegates[2]);
    let secrets: Value =
        serde_json::from_slice(&std::fs::read(app.path().join("secrets.json")).unwrap()).unwrap();
    assert_eq!(secrets["local_token"], local_token);
    let real = secrets["token"].as_str().unwrap();
    assert_ne!(real, local_token);
    let (status, _) = server.api().with_token(real).get("/api/auth/me").await;
    assert_eq!(status, StatusCode::OK, "the gateway keeps the real token");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(app.path().join("secrets.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // This gateway keeps to the file (tests/keyring.rs has a keyring).
    assert_eq!(window.status().await["secret_place"], "file");

    // Opening the session starts keeping its packet; fetching ahead is no read.
    let snapshot_path = format!("/api/sessions/{}/snapshot", fx.session);
    let (status, snapshot) = ui.get(&snapshot_path).await;
    assert_eq!(status, StatusCode::OK, "{snapshot}");
    window.synced(1).await;
    assert!(kept_copy(app.path(), &report).exists());
    assert!(
        !opened(&fx.secretary, first)
            .await
            .contains(&fx.delegates[2]),
        "syncing the packet is not reading"
    );
    // A second document, published while the laptop is connected, follows.
    let second = publish(&fx, "Tờ trình dự toán ngân sách", submission.clone()).await;
    ui.get(&snapshot_path).await;
    window.synced(2).await;

    // Kept copies are for the signed-in reader's window only: without its
    // token, the request goes to the host, which refuses it.
    let (status, _) = window.file(&window.api, first).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Opening a document serves the kept copy, and the host hears of the read.
    let (status, bytes) = window.file(&ui, first).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, report);
    wait_opened(&fx.secretary, first, fx.delegates[2]).await;

    // A damaged copy is never shown: fetched again from the host.
    std::fs::write(kept_copy(app.path(), &report), b"%PDF-1.4 damaged").unwrap();
    let (status, bytes) = window.file(&ui, first).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, report);

    // A note, read before the host goes away.
    let (status, note) = ui
        .post(
            &format!("/api/documents/{first}/notes"),
            json!({ "kind": "note", "version": 1, "page": 1,
                    "quote": { "exact": "kinh tế", "prefix": "", "suffix": "" },
                    "body": "Hỏi thêm về số liệu quý IV" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    let notes_path = format!("/api/documents/{first}/notes");
    let (_, notes_online) = ui.get(&notes_path).await;

    // The host goes away.
    server.stop().await;
    let (status, offline_snapshot) = ui.get(&snapshot_path).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the last known agenda stays readable"
    );
    assert_eq!(offline_snapshot["session"], snapshot["session"]);
    let (status, notes_offline) = ui.get(&notes_path).await;
    assert_eq!((status, &notes_offline), (StatusCode::OK, &notes_online));
    let (status, bytes) = window.file(&ui, second).await;
    assert_eq!(status, StatusCode::OK, "documents open from the packet");
    assert_eq!(bytes, submission);
    let (status, body) = ui
        .post("/api/polls/1/ballot", json!({ "choice": "yes" }))
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["code"], "host_unreachable");
    let status = window.status().await;
    assert_eq!(status["online"], false);
    assert_eq!(status["problem"]["code"], "host_unreachable");
    // A copy damaged while offline cannot be fetched again: an error, not the bytes.
    std::fs::write(kept_copy(app.path(), &report), b"%PDF-1.4 damaged").unwrap();
    let (status, bytes) = window.file(&ui, first).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(body["code"], "cached_file_corrupt");

    // The host comes back on the same address and certificate: the read
    // made offline reaches it.
    let port = address.rsplit(':').next().unwrap().to_owned();
    let bind = format!("127.0.0.1:{port}");
    let server = Server::spawn(
        &[
            "serve",
            "--tls",
            "--bind",
            &bind,
            "--data-dir",
            host_dir.to_str().unwrap(),
        ],
        &host_dir,
    )
    .await;
    assert_eq!(server.fingerprint.as_deref(), Some(fingerprint.as_str()));
    let secretary = fx.secretary.clone_with_url(&server.url);
    let (status, _) = ui.get("/api/auth/me").await;
    assert_eq!(status, StatusCode::OK);
    wait_opened(&secretary, second, fx.delegates[2]).await;
    assert_eq!(window.status().await["online"], true);
    server.stop().await;

    // Another machine answers on the host's address with another certificate.
    let stranger_tmp = tempfile::tempdir().unwrap();
    let stranger_dir = stranger_tmp.path().join("data");
    let stranger = Server::spawn(
        &[
            "serve",
            "--tls",
            "--bind",
            &bind,
            "--data-dir",
            stranger_dir.to_str().unwrap(),
        ],
        &stranger_dir,
    )
    .await;
    assert_ne!(stranger.fingerprint.as_deref(), Some(fingerprint.as_str()));
    let (status, body) = ui
        .post("/api/polls/1/ballot", json!({ "choice": "yes" }))
        .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert_eq!(body["code"], "host_certificate_changed");
    assert_eq!(
        window.status().await["problem"]["code"],
        "host_certificate_changed"
    );
    // What was kept stays readable (the UI shows the warning from the status).
    let kept = ui
        .request(Method::GET, "/api/auth/me")
        .send()
        .await
        .unwrap();
    assert_eq!(kept.status(), StatusCode::OK);
    assert_eq!(kept.headers()["x-kyhop-offline"], "1");
    stranger.stop().await;
    gateway.shut_down().await;
}

/// A host laptop whose saved address is taken (or gone) still starts: on
/// the set-up screen, saying why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_whose_address_is_taken_starts_on_the_set_up_screen() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let bind = taken.local_addr().unwrap();
    let app = tempfile::tempdir().unwrap();
    kyhop_gateway::AppDir::open(app.path())
        .unwrap()
        .save_mode(&kyhop_gateway::Mode::Host { bind })
        .unwrap();
    let gateway = start_gateway(app.path(), SecretPlace::File).await;
    let window = Window::new(&gateway);
    let status = window.status().await;
    assert_eq!(status["mode"], "setup", "{status}");
    assert_eq!(status["problem"]["code"], "bind_failed", "{status}");
    // Hosting on a free address from there works.
    let (code, hosting) = window
        .desktop("/desktop/host", json!({ "bind": "127.0.0.1:0" }))
        .await;
    assert_eq!(code, StatusCode::OK, "{hosting}");
    assert_eq!(hosting["mode"], "host");
    // The council's database and keys are this account's only.
    #[cfg(unix)]
    assert_eq!(mode(&app.path().join("host")), 0o700);
    let info = &hosting["host_info"];
    assert_eq!(info["fingerprint"], hosting["host"]["fingerprint"]);
    assert!(info["pairing_link"]
        .as_str()
        .unwrap()
        .ends_with(info["fingerprint"].as_str().unwrap()));
    // The window reaches its own server like a delegate: the API answers.
    let (code, body) = window.api.get("/api/auth/me").await;
    assert_eq!(code, StatusCode::UNAUTHORIZED, "{body}");
    // The port the system chose is kept: after a restart (the app quit, the
    // laptop rebooted) the host is where its delegates paired with it.
    let port = info["port"].as_u64().unwrap();
    assert_ne!(port, 0);
    gateway.shut_down().await;
    let gateway = start_gateway(app.path(), SecretPlace::File).await;
    let again = Window::new(&gateway).status().await;
    assert_eq!(again["mode"], "host", "{again}");
    assert_eq!(again["host_info"]["port"], port, "{again}");
    assert_eq!(again["host_info"]["fingerprint"], info["fingerprint"]);
    gateway.shut_down().await;
    drop(taken);
}

/// A laptop paired with `server` (the fingerprint typed from its screen),
/// signed in as `person` with a card: the window and the UI's client.
async fn signed_in_laptop(
    server: &Server,
    fx: &Fixture,
    gateway: &Gateway,
    person: i64,
) -> (Window, Api) {
    let window = Window::new(gateway);
    let fingerprint = server.fingerprint.clone().expect("a TLS host");
    let (status, paired) = window
        .desktop(
            "/desktop/pair",
            json!({ "url": server.url,
                    "confirmation": kyhop_server::tls::short_fingerprint(&fingerprint) }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{paired}");
    let card = fx
        .admin
        .create(&format!("/api/people/{person}/pairing-code"), json!({}))
        .await;
    let mut ui = window.api.clone();
    ui.pair(card["code"].as_str().unwrap()).await;
    (window, ui)
}

/// A request as another program on the laptop sends it: to the gateway's
/// port, with whatever headers it likes, but without the gateway's token
/// (only the app's window is handed it).
async fn foreign(
    gateway: &Gateway,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new()
        .post(format!("{}{}", gateway.url().trim_end_matches('/'), path))
        .body(body.to_owned());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("the gateway answers");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Another program or a web page on the delegate's laptop reaches the
/// gateway's loopback port. Without the gateway's token it cannot re-pair
/// the laptop with a host of its own (to harvest the next sign-in), make it
/// a host, forget the host, sign it in to another account, or sign it out
/// (which would wipe the packet kept for reading offline). The app's own
/// window, which holds the token, still can.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_program_on_the_laptop_cannot_change_the_gateway() {
    let host_tmp = tempfile::tempdir().unwrap();
    let server = Server::start_in(&host_tmp.path().join("data"), &["--tls"]).await;
    let fingerprint = server.fingerprint.clone().expect("a TLS host");
    let fx = Fixture::new(&server).await;
    let report = std::fs::read(fixture("bao-cao-ghostscript.pdf")).unwrap();
    publish(&fx, "Báo cáo kinh tế - xã hội", report.clone()).await;
    // The attacker's own host, which it would like the laptop to trust.
    let rogue_tmp = tempfile::tempdir().unwrap();
    let rogue = Server::start_in(&rogue_tmp.path().join("data"), &["--tls"]).await;
    let rogue_fp = rogue.fingerprint.clone().expect("a TLS host");

    let app = tempfile::tempdir().unwrap();
    let gateway = start_gateway(app.path(), SecretPlace::File).await;
    // Before pairing: set-up requests without the token are refused.
    let pair_rogue = json!({ "url": rogue.url, "fingerprint": rogue_fp,
                             "confirmation": rogue_fp })
    .to_string();
    let json_type = ("content-type", "application/json");
    let wrong = "0".repeat(64);
    for headers in [
        vec![json_type, ("x-kyhop-desktop", "1")],
        vec![json_type, ("x-kyhop-gateway-token", wrong.as_str())],
        vec![json_type, ("x-kyhop-gateway-token", "")],
    ] {
        let (status, body) = foreign(&gateway, "/desktop/pair", &headers, &pair_rogue).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("gateway_token_required")),
            "{headers:?}: {body}"
        );
    }
    let window = Window::new(&gateway);
    assert_eq!(window.status().await["mode"], "setup");

    // The delegate pairs and signs in; the packet is kept.
    let (window, ui) = signed_in_laptop(&server, &fx, &gateway, fx.delegates[2]).await;
    assert_eq!(window.status().await["mode"], "delegate");
    ui.get(&format!("/api/sessions/{}/snapshot", fx.session))
        .await;
    window.synced(1).await;
    let kept = kept_copy(app.path(), &report);
    assert!(kept.exists());
    let secrets_before = std::fs::read(app.path().join("secrets.json")).unwrap();

    // Re-pairing with the rogue host, hosting, forgetting the host: refused.
    let forged = [json_type, ("x-kyhop-desktop", "1")];
    for (path, body) in [
        ("/desktop/pair", pair_rogue.clone()),
        (
            "/desktop/host",
            json!({ "bind": "127.0.0.1:0" }).to_string(),
        ),
        ("/desktop/reset", "{}".to_owned()),
        (
            "/desktop/probe",
            json!({ "address": rogue.url }).to_string(),
        ),
    ] {
        let (status, answer) = foreign(&gateway, path, &forged, &body).await;
        assert_eq!(
            (status, answer["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("gateway_token_required")),
            "{path}: {answer}"
        );
    }
    // A web page's no-cors form post to sign the laptop out: its browser
    // names the page it comes from.
    let (status, _) = foreign(
        &gateway,
        "/api/auth/logout",
        &[
            ("origin", "https://evil.example"),
            ("content-type", "text/plain"),
        ],
        "",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The same from a program, which sends no Origin (or a forged one).
    let own_origin = format!("http://127.0.0.1:{}", gateway.local_addr().port());
    for headers in [
        vec![("content-type", "text/plain")],
        vec![("origin", own_origin.as_str())],
    ] {
        let (status, body) = foreign(&gateway, "/api/auth/logout", &headers, "").await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("gateway_token_required")),
            "{headers:?}: {body}"
        );
    }
    // Signing the laptop in to another account (the attacker's): refused too.
    let (status, body) = foreign(
        &gateway,
        "/api/auth/login",
        &[json_type],
        &json!({ "username": "thuky", "password": "x" }).to_string(),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("gateway_token_required"))
    );
    // Even with the token, a page of another origin is refused.
    let (status, _) = foreign(
        &gateway,
        "/api/auth/logout",
        &[
            ("origin", "https://evil.example"),
            ("x-kyhop-gateway-token", gateway.gateway_token()),
        ],
        "",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Nothing changed: same host, still signed in, the packet still here.
    let status = window.status().await;
    assert_eq!(status["mode"], "delegate", "{status}");
    assert_eq!(status["host"]["fingerprint"], fingerprint.as_str());
    assert_eq!(status["signed_in"], true);
    assert!(kept.exists(), "the offline packet is still here");
    assert_eq!(
        std::fs::read(app.path().join("secrets.json")).unwrap(),
        secrets_before
    );
    let (code, me) = ui.get("/api/auth/me").await;
    assert_eq!(code, StatusCode::OK, "{me}");
    assert_eq!(me["person_id"], fx.delegates[2]);

    // The app's own window signs out: the sign-in and the packet go.
    let (code, body) = ui.post("/api/auth/logout", json!({})).await;
    assert!(code.is_success(), "{code} {body}");
    let status = window.status().await;
    assert_eq!(status["signed_in"], false, "{status}");
    assert!(!kept.exists(), "signing out forgets the packet");
    // And its set-up requests go through: forgetting the host.
    let (code, reset) = window.desktop("/desktop/reset", json!({})).await;
    assert_eq!(code, StatusCode::OK, "{reset}");
    assert_eq!(reset["mode"], "setup");
    gateway.shut_down().await;
    server.stop().await;
    rogue.stop().await;
}

/// A host that lies: plain HTTP on loopback (which the gateway accepts for
/// a host on this very machine), answering sign-in and the session's
/// snapshot, with the packet it is given; it serves `files` by document id
/// and notes the headers of every request it gets.
struct FakeHost {
    url: String,
    seen: std::sync::Arc<std::sync::Mutex<Vec<reqwest::header::HeaderMap>>>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeHost {
    async fn start(packet: Value, files: Vec<(i64, Vec<u8>)>) -> Self {
        use axum::extract::{Path as UrlPath, Request};
        use axum::routing::{get, post};
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let files = std::sync::Arc::new(files);
        let noted = seen.clone();
        let app = axum::Router::new()
            .route(
                "/api/auth/me",
                get(|headers: reqwest::header::HeaderMap| async move {
                    let signed_in = headers
                        .get("authorization")
                        .is_some_and(|v| v == "Bearer real-token");
                    if signed_in {
                        (StatusCode::OK, axum::Json(json!({ "person_id": 1 })))
                    } else {
                        (
                            StatusCode::UNAUTHORIZED,
                            axum::Json(json!({ "code": "unauthenticated", "message": "" })),
                        )
                    }
                }),
            )
            .route(
                "/api/auth/pair",
                post(|| async { axum::Json(json!({ "token": "real-token", "account": {} })) }),
            )
            .route(
                "/api/sessions/1/snapshot",
                get(|| async { axum::Json(json!({ "session": { "id": 1 }, "agenda": [] })) }),
            )
            .route(
                "/api/sessions/1/packet",
                get(move || async move { axum::Json(packet) }),
            )
            .route(
                "/api/documents/{id}/file",
                get(move |UrlPath(id): UrlPath<i64>| async move {
                    match files.iter().find(|(d, _)| *d == id) {
                        Some((_, bytes)) => (StatusCode::OK, bytes.clone()),
                        None => (StatusCode::NOT_FOUND, Vec::new()),
                    }
                }),
            )
            .layer(axum::middleware::from_fn(
                move |request: Request, next: axum::middleware::Next| {
                    let noted = noted.clone();
                    async move {
                        noted.lock().unwrap().push(request.headers().clone());
                        next.run(request).await
                    }
                },
            ));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeHost { url, seen, task }
    }
}

impl Drop for FakeHost {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A laptop paired with the fake host and signed in, following session 1.
async fn laptop_of(host: &FakeHost, gateway: &Gateway) -> (Window, Api) {
    let window = Window::new(gateway);
    let (status, paired) = window
        .desktop("/desktop/pair", json!({ "url": host.url }))
        .await;
    assert_eq!(status, StatusCode::OK, "{paired}");
    let mut ui = window.api.clone();
    ui.pair("ABCD-EFGH").await;
    let (status, snapshot) = ui.get("/api/sessions/1/snapshot").await;
    assert_eq!(status, StatusCode::OK, "{snapshot}");
    (window, ui)
}

/// Waits for the packet's first round to end (done or failed).
async fn round_over(window: &Window) -> Value {
    for _ in 0..200 {
        let status = window.status().await;
        let sync = &status["sync"];
        if sync["state"] == "done" || sync["state"] == "failed" {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the packet round did not end: {}", window.status().await);
}

/// A malicious host names files by their "SHA-256": `../../../victim`, or
/// an absolute path. The gateway would have deleted them as damaged copies
/// when the delegate opened the document. Now such entries are refused
/// (and said so in the status), the files outside the store are untouched,
/// and the honest entry beside them is kept as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_cannot_name_files_outside_the_offline_store() {
    let tmp = tempfile::tempdir().unwrap();
    let app = tmp.path().join("app");
    let victim = tmp.path().join("victim");
    let victim_bytes = b"the delegate's own file, outside the app's store".to_vec();
    std::fs::write(&victim, &victim_bytes).unwrap();
    let other = tmp.path().join("other-victim");
    std::fs::write(&other, &victim_bytes).unwrap();
    let honest = std::fs::read(fixture("bao-cao-ghostscript.pdf")).unwrap();
    let honest_sha = hex::encode(Sha256::digest(&honest));
    let size = victim_bytes.len();
    let host = FakeHost::start(
        json!([
            // app/offline/files/../../../victim is tmp/victim.
            { "document_id": 7, "version": 1, "sha256": "../../../victim",
              "byte_size": size, "url": "/api/documents/7/file?version=1" },
            { "document_id": 8, "version": 1, "sha256": other.to_str().unwrap(),
              "byte_size": size, "url": "/api/documents/8/file?version=1" },
            { "document_id": 9, "version": 1, "sha256": honest_sha.to_uppercase(),
              "byte_size": honest.len(), "url": "/api/documents/9/file?version=1" },
            { "document_id": 10, "version": 1, "sha256": honest_sha,
              "byte_size": honest.len(), "url": "/api/documents/10/file?version=1" },
        ]),
        vec![(9, honest.clone()), (10, honest.clone())],
    )
    .await;
    let gateway = start_gateway(&app, SecretPlace::File).await;
    let (window, ui) = laptop_of(&host, &gateway).await;
    let status = round_over(&window).await;

    // The delegate opens every document: the refused ones go to the host
    // (which has nothing for 7 and 8), the honest one opens from the packet.
    for document in [7, 8, 10] {
        window.file(&ui, document).await;
    }
    assert_eq!(
        std::fs::read(&victim).ok(),
        Some(victim_bytes.clone()),
        "tmp/victim survives"
    );
    assert_eq!(
        std::fs::read(&other).ok(),
        Some(victim_bytes),
        "the file at the absolute path survives"
    );
    // The entries were refused, and the status says so.
    assert_eq!(status["sync"]["state"], "failed", "{status}");
    assert_eq!(status["sync"]["problem"], "bad_packet_entry", "{status}");
    assert_eq!(status["sync"]["files_total"], 4, "{status}");
    assert_eq!(status["sync"]["files_done"], 1, "{status}");
    for document in [7, 8] {
        let (code, _) = window.file(&ui, document).await;
        assert_eq!(code, StatusCode::NOT_FOUND, "document {document}");
    }
    let (code, bytes) = window.file(&ui, 10).await;
    assert_eq!((code, bytes == honest), (StatusCode::OK, true));
    assert!(kept_copy(&app, &honest).exists());
    let index = std::fs::read_to_string(app.join("offline/index.json")).unwrap();
    assert!(!index.contains("victim"), "{index}");
    // No stray file beside the victims either.
    let mut names: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["app", "other-victim", "victim"]);
    // The gateway's token stayed on the laptop: the host never saw it.
    let seen = host.seen.lock().unwrap().clone();
    assert!(!seen.is_empty());
    assert!(seen
        .iter()
        .all(|headers| !headers.contains_key(kyhop_gateway::GATEWAY_TOKEN_HEADER)));
    gateway.shut_down().await;
}

/// The mode of a file or directory, permission bits only.
#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Another account on the laptop cannot read what the gateway keeps: the
/// packet's PDFs, the kept answers (private notes among them), the index,
/// the settings and the sign-in, whatever the umask. A directory an older
/// version left open is closed when the app starts again.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_laptop_keeps_is_its_owner_s_only() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let app = tmp.path().join("app");
    let honest = std::fs::read(fixture("bao-cao-ghostscript.pdf")).unwrap();
    let host = FakeHost::start(
        json!([{ "document_id": 10, "version": 1,
                 "sha256": hex::encode(Sha256::digest(&honest)),
                 "byte_size": honest.len(), "url": "/api/documents/10/file" }]),
        vec![(10, honest.clone())],
    )
    .await;
    let gateway = start_gateway(&app, SecretPlace::File).await;
    let (window, _ui) = laptop_of(&host, &gateway).await;
    window.synced(1).await;
    let offline = app.join("offline");
    for dir in [
        app.clone(),
        offline.clone(),
        offline.join("files"),
        offline.join("responses"),
    ] {
        assert_eq!(mode(&dir), 0o700, "{}", dir.display());
    }
    let responses: Vec<_> = std::fs::read_dir(offline.join("responses"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!responses.is_empty(), "the snapshot's answer is kept");
    let files = [
        kept_copy(&app, &honest),
        offline.join("index.json"),
        app.join("desktop.json"),
        app.join("secrets.json"),
    ];
    for file in files.iter().chain(&responses) {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    gateway.shut_down().await;

    // An older version's open directory is closed at the next start.
    std::fs::set_permissions(&offline, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&app, std::fs::Permissions::from_mode(0o755)).unwrap();
    let gateway = start_gateway(&app, SecretPlace::File).await;
    assert_eq!((mode(&app), mode(&offline)), (0o700, 0o700));
    gateway.shut_down().await;
}

/// The window's pages get a content security policy from the gateway
/// (which serves them: Tauri's own `csp` setting covers only pages Tauri
/// serves itself): no inline or foreign script, no plugins, no framing.
/// `tauri.conf.json` names the same policy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_s_pages_get_a_content_security_policy() {
    let app = tempfile::tempdir().unwrap();
    let gateway = start_gateway(app.path(), SecretPlace::File).await;
    let window = Window::new(&gateway);
    for path in ["/", "/desktop/status", "/api/auth/me"] {
        let response = window
            .api
            .client
            .get(format!("{}{path}", window.api.url))
            .send()
            .await
            .unwrap();
        let policy = response
            .headers()
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: no content security policy"))
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(policy, kyhop_gateway::CONTENT_SECURITY_POLICY, "{path}");
    }
    let directives: Vec<&str> = kyhop_gateway::CONTENT_SECURITY_POLICY
        .split(';')
        .map(str::trim)
        .collect();
    assert!(directives.contains(&"default-src 'self'"));
    assert!(directives.contains(&"script-src 'self' 'wasm-unsafe-eval'"));
    assert!(directives.contains(&"object-src 'none'"));
    assert!(directives.contains(&"frame-ancestors 'none'"));
    assert!(directives.contains(&"base-uri 'none'"));
    let conf: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/tauri.conf.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        conf["app"]["security"]["csp"],
        kyhop_gateway::CONTENT_SECURITY_POLICY
    );
    gateway.shut_down().await;
}
