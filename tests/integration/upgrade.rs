//! Upgrades without fear: a database made by release v0.1.0 (kept in
//! `tests/fixtures/v0.1.0/`, made by `make_v0_1_0_fixture` below with that
//! release's binary) is opened by this build, migrated forward, passes the
//! audit with the heads it had, and its session goes on being served. A
//! database from a newer release is refused with a clear message.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Api, Server, BIN};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// The fixture's folder: `data/` (database, files, pairing key, demo CA),
/// `data.counting-key` beside it, and `expected.json`, what the database
/// held when it was made.
fn fixture_dir() -> PathBuf {
    common::fixture("v0.1.0")
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A copy of the fixture in a scratch directory: (scratch, its data dir).
fn copy_fixture() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture_dir(), tmp.path());
    let data = tmp.path().join("data");
    // Git keeps no modes but the execute bit: the server wants its data
    // and key owner-only.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::set_permissions(
        tmp.path().join("data.counting-key"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    (tmp, data)
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture_dir().join("expected.json")).unwrap())
        .unwrap()
}

async fn sign_in(server: &Server, accounts: &Value, role: &str) -> Api {
    let account = accounts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["role"] == role)
        .unwrap();
    let mut api = server.api();
    api.login(
        account["username"].as_str().unwrap(),
        account["password"].as_str().unwrap(),
    )
    .await;
    api
}

/// Each stream's last event: (stream, seq, hash), read from the file.
async fn heads(db: &Path) -> Vec<(String, i64, String)> {
    use sqlx::Row;
    let url = format!("sqlite://{}?mode=ro", db.display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let rows = sqlx::query(
        "SELECT e.stream, e.seq, e.hash FROM events e \
         JOIN (SELECT stream, MAX(seq) AS seq FROM events GROUP BY stream) h \
           ON h.stream = e.stream AND h.seq = e.seq ORDER BY e.stream",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    rows.iter()
        .map(|r| (r.get("stream"), r.get("seq"), r.get("hash")))
        .collect()
}

async fn event_hash(db: &Path, stream: &str, seq: i64) -> Option<String> {
    let url = format!("sqlite://{}?mode=ro", db.display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let hash = sqlx::query_scalar("SELECT hash FROM events WHERE stream = ? AND seq = ?")
        .bind(stream)
        .bind(seq)
        .fetch_optional(&pool)
        .await
        .unwrap();
    pool.close().await;
    hash
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_v0_1_0_database_is_migrated_audited_and_served() {
    let (_tmp, data) = copy_fixture();
    let expected = expected();
    let db = data.join("kyhop.db");
    let db_url = format!("sqlite://{}", db.display());

    // As it was made: the old release's audit heads hold before anything.
    let (passed, report) = common::audit(&db_url);
    assert!(passed, "{report}");

    let dir = data.to_str().unwrap();
    let server = Server::spawn(
        &[
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--data-dir",
            dir,
            "--db",
            &db_url,
        ],
        &data,
    )
    .await;
    let accounts: Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("demo-accounts.json")).unwrap())
            .unwrap();
    let secretary = sign_in(&server, &accounts, "secretary").await;
    let chair = sign_in(&server, &accounts, "chair").await;
    let admin = sign_in(&server, &accounts, "admin").await;

    // The session where it was: started, its polls and their results.
    let session = expected["session"].as_i64().unwrap();
    let (status, snap) = secretary
        .get(&format!("/api/sessions/{session}/snapshot"))
        .await;
    assert_eq!(status, StatusCode::OK, "{snap}");
    assert_eq!(snap["session"]["state"], "in_progress", "{snap}");
    for poll in expected["polls"].as_array().unwrap() {
        let id = poll["id"].as_i64().unwrap();
        let (status, got) = secretary.get(&format!("/api/polls/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{got}");
        assert_eq!(got["state"], "closed", "{got}");
        assert_eq!(got["result"], poll["result"], "poll {id}");
    }
    // The issued resolution: the same signed file, still verifying.
    let resolution = expected["resolution"]["id"].as_i64().unwrap();
    let pdf = chair
        .bytes(&format!("/api/resolutions/{resolution}/pdf"))
        .await;
    assert_eq!(sha256_hex(&pdf), expected["resolution"]["pdf_sha256"]);
    // Every document file the old release filed, by its hash.
    for file in server.blob_files() {
        let name = file.file_name().unwrap().to_str().unwrap().to_owned();
        if name.len() == 64 {
            assert_eq!(sha256_hex(&std::fs::read(&file).unwrap()), name);
        }
    }
    let (status, documents) = secretary
        .get(&format!("/api/sessions/{session}/documents"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        documents.as_array().unwrap().len() as u64,
        expected["documents"].as_u64().unwrap()
    );
    let (status, hits) = secretary
        .get(&format!(
            "/api/sessions/{session}/search?q=nguoi%20cao%20tuoi"
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{hits}");
    assert_eq!(
        hits[0]["title"],
        "Tờ trình về việc quy định mức hỗ trợ hằng tháng cho người cao tuổi trên địa bàn thành phố",
        "{hits}"
    );

    // The session goes on: a secret poll counted with the counting key the
    // old release made, cast by delegates paired after the upgrade.
    let item = expected["open_item"].as_i64().unwrap();
    let delegates: Vec<i64> = expected["checked_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_i64().unwrap())
        .collect();
    let poll = common::open_poll(
        &chair,
        item,
        json!({ "kind": "secret", "title": "Bỏ phiếu kín sau khi nâng cấp" }),
    )
    .await;
    for (i, person) in delegates.iter().enumerate() {
        // Cards printed during a session work once the chair confirms them.
        let card = admin
            .create(&format!("/api/people/{person}/pairing-code"), json!({}))
            .await;
        chair
            .create(
                &format!("/api/people/{person}/pairing-code/confirm"),
                json!({ "issued_at": card["issued_at"] }),
            )
            .await;
        let mut delegate = server.api();
        delegate.pair(card["code"].as_str().unwrap()).await;
        let choice = if i % 3 == 2 { "no" } else { "yes" };
        let (status, receipt) = delegate
            .post(
                &format!("/api/polls/{poll}/ballot"),
                json!({ "choice": choice }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{receipt}");
    }
    let closed = chair
        .create(&format!("/api/polls/{poll}/close"), json!({}))
        .await;
    let no = delegates.len() / 3;
    let counts: Vec<(&str, u64)> = closed["result"]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["kind"].as_str().unwrap(), o["count"].as_u64().unwrap()))
        .collect();
    let (yes, no) = ((delegates.len() - no) as u64, no as u64);
    assert_eq!(
        counts,
        [("yes", yes), ("no", no), ("abstain", 0)],
        "{closed}"
    );
    server.stop().await;

    // The old chains go on where they were: each head of v0.1.0 is still
    // there, the same, and the whole log verifies.
    for head in expected["heads"].as_array().unwrap() {
        let stream = head["stream"].as_str().unwrap();
        let seq = head["seq"].as_i64().unwrap();
        assert_eq!(
            event_hash(&db, stream, seq).await.as_deref(),
            head["hash"].as_str(),
            "{stream} at {seq}"
        );
    }
    let (passed, report) = common::audit(&db_url);
    assert!(passed, "{report}");
}

/// A database a later release has migrated further is not touched: the
/// server says which schema it found and exits.
#[tokio::test]
async fn a_database_from_a_newer_release_is_refused() {
    let (_tmp, data) = copy_fixture();
    let db = data.join("kyhop.db");
    let url = format!("sqlite://{}", db.display());
    {
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (9001, 'from the future', 1, x'00', 0)",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }
    let before = migrations(&url).await;
    let out = tokio::time::timeout(
        Duration::from_secs(60),
        tokio::process::Command::new(BIN)
            .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
            .arg(&data)
            .args(["--db", &url])
            .output(),
    )
    .await
    .expect("the server exits")
    .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("made by a newer KyHop") && stderr.contains("9001"),
        "{stderr}"
    );
    // Nothing was migrated.
    assert_eq!(migrations(&url).await, before);
    assert_eq!(before.last(), Some(&9001));
}

async fn migrations(url: &str) -> Vec<i64> {
    let pool = sqlx::SqlitePool::connect(url).await.unwrap();
    let versions = sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    versions
}

/// Makes `tests/fixtures/v0.1.0/` with the binary of release v0.1.0 (check
/// out the tag, then `cargo test --test integration -- --ignored
/// make_v0_1_0_fixture`): the demo council, a started session with
/// delegates checked in, a named poll and the resolution it adopted,
/// issued with the demo keys at B-LTA, a secret poll counted, a speech.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "makes the fixture; run by hand with release v0.1.0's binary"]
async fn make_v0_1_0_fixture() {
    let version = std::process::Command::new(BIN)
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        "kyhop 0.1.0",
        "the fixture is made by release v0.1.0"
    );
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let dir = data.to_str().unwrap();
    let demo = Server::spawn(&["demo", "--data-dir", dir, "--bind", "127.0.0.1:0"], &data).await;
    let accounts: Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("demo-accounts.json")).unwrap())
            .unwrap();
    let secretary = sign_in(&demo, &accounts, "secretary").await;
    let chair = sign_in(&demo, &accounts, "chair").await;
    let (_, snap) = secretary.get("/api/sessions/1/snapshot").await;
    let session = snap["session"]["id"].as_i64().unwrap();
    chair
        .create(
            &format!("/api/sessions/{session}/start"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    // Six delegates pair their laptops and check in; the chair is checked
    // in by the secretary.
    let codes = std::fs::read_to_string(data.join("demo-pairing-codes.tsv")).unwrap();
    let mut delegates = Vec::new();
    let mut checked_in = Vec::new();
    for line in codes.lines().take(6) {
        let code = line.split('\t').nth(2).unwrap();
        let mut api = demo.api();
        let me = api.pair(code).await;
        let person = me["account"]["person_id"].as_i64().unwrap();
        api.create(
            &format!("/api/sessions/{session}/attendance/{person}"),
            json!({ "action": "check_in", "mode": "chamber" }),
        )
        .await;
        checked_in.push(person);
        delegates.push(api);
    }
    let item = snap["agenda"][2]["id"].as_i64().unwrap();
    chair
        .create(&format!("/api/agenda-items/{item}/open"), json!({}))
        .await;
    delegates[0]
        .create(
            &format!("/api/agenda-items/{item}/speakers"),
            json!({ "kind": "debate" }),
        )
        .await;

    let mut polls = Vec::new();
    // A named poll, every delegate for, and the resolution it adopts.
    let named = chair
        .create(
            &format!("/api/agenda-items/{item}/polls"),
            json!({ "kind": "named", "title": "Biểu quyết thông qua nghị quyết",
                    "rule": { "base": "ballots_cast", "fraction": { "numerator": 1, "denominator": 2 }, "strict": true } }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    polls.push(named);
    chair
        .create(
            &format!("/api/polls/{named}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    for d in &delegates {
        d.create(
            &format!("/api/polls/{named}/ballot"),
            json!({ "choice": "yes" }),
        )
        .await;
    }
    chair
        .create(&format!("/api/polls/{named}/close"), json!({}))
        .await;
    let resolution = secretary
        .create(
            &format!("/api/sessions/{session}/resolutions"),
            json!({
                "agenda_item_id": item, "poll_id": named,
                "subject": "Về việc thông qua kế hoạch thử nâng cấp",
                "legal_bases": ["Căn cứ Luật Tổ chức chính quyền địa phương"],
                "articles": [{ "heading": "Thông qua", "paragraphs": ["Nghị quyết được thông qua."] }],
                "recipients": ["Lưu: VT"],
                "authority": "TM. Hội đồng nhân dân", "signer_title": "Chủ tịch", "signer_name": "Mai Thu Yến"
            }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let (status, issued) = chair
        .post(
            &format!("/api/resolutions/{resolution}/issue"),
            json!({ "chair": "demo", "seal": "demo" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    let pdf = chair
        .bytes(&format!("/api/resolutions/{resolution}/pdf"))
        .await;
    // A secret poll, counted with the counting key.
    let secret = chair
        .create(
            &format!("/api/agenda-items/{item}/polls"),
            json!({ "kind": "secret", "title": "Bỏ phiếu kín trước khi nâng cấp" }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    polls.push(secret);
    chair
        .create(
            &format!("/api/polls/{secret}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    for (i, d) in delegates.iter().enumerate() {
        let choice = ["yes", "no", "abstain"][i % 3];
        d.create(
            &format!("/api/polls/{secret}/ballot"),
            json!({ "choice": choice }),
        )
        .await;
    }
    chair
        .create(&format!("/api/polls/{secret}/close"), json!({}))
        .await;
    let mut poll_results = Vec::new();
    for id in polls {
        let (_, poll) = secretary.get(&format!("/api/polls/{id}")).await;
        poll_results.push(json!({ "id": id, "result": poll["result"] }));
    }
    let (_, documents) = secretary
        .get(&format!("/api/sessions/{session}/documents"))
        .await;
    demo.stop().await;

    // One file, no write-ahead log beside it.
    let db = data.join("kyhop.db");
    let status = std::process::Command::new("sqlite3")
        .arg(&db)
        .arg("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE; VACUUM;")
        .status()
        .unwrap();
    assert!(status.success());
    let heads: Vec<Value> = heads(&db)
        .await
        .into_iter()
        .map(|(stream, seq, hash)| json!({ "stream": stream, "seq": seq, "hash": hash }))
        .collect();
    let out = fixture_dir();
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(out.join("data")).unwrap();
    for keep in ["kyhop.db", "pairing-key", "demo-accounts.json"] {
        std::fs::copy(data.join(keep), out.join("data").join(keep)).unwrap();
    }
    copy_tree(&data.join("blobs"), &out.join("data/blobs"));
    copy_tree(&data.join("demo-pki"), &out.join("data/demo-pki"));
    std::fs::copy(
        tmp.path().join("data.counting-key"),
        out.join("data.counting-key"),
    )
    .unwrap();
    let expected = json!({
        "made_by": "kyhop 0.1.0",
        "session": session,
        "open_item": item,
        "checked_in": checked_in,
        "polls": poll_results,
        "resolution": { "id": resolution, "number": issued["number"]["text"], "pdf_sha256": sha256_hex(&pdf) },
        "documents": documents.as_array().unwrap().len(),
        "heads": heads,
    });
    std::fs::write(
        out.join("expected.json"),
        serde_json::to_string_pretty(&expected).unwrap() + "\n",
    )
    .unwrap();
}
