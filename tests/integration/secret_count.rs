//! The secret count through the API and the command line: every kind of
//! secret poll is counted from ciphertexts and publishes a verification
//! record that `kyhop poll verify` accepts and that fails when one ballot
//! is changed, removed or repeated, or a total is wrong; the ballot-count
//! report prints the record's SHA-256; a missing, unsafe or wrong counting
//! key file is refused at open and close and changes nothing.

use crate::common;
use crate::sign_support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::{new_poll, vote, Chamber, Server, BIN};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sign_support::{collapse, out_dir, pdftotext};

const SEATS: u32 = 7;

/// One of three words, by turns.
trait Pick {
    fn pick(&self, i: usize) -> &'static str;
}

impl Pick for (&'static str, &'static str, &'static str) {
    fn pick(&self, i: usize) -> &'static str {
        [self.0, self.1, self.2][i % 3]
    }
}

/// `kyhop poll verify FILE`: whether it passed, and what it printed.
fn poll_verify(file: &Path) -> (bool, Value) {
    let out = std::process::Command::new(BIN)
        .args(["poll", "verify"])
        .arg(file)
        .output()
        .expect("run kyhop poll verify");
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "kyhop poll verify printed no JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.success(), report)
}

async fn get_bytes(
    api: &common::Api,
    path: &str,
) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let r = api.request(Method::GET, path).send().await.unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    (status, headers, r.bytes().await.unwrap().to_vec())
}

fn key_file(server: &Server) -> PathBuf {
    server.data_dir.with_file_name("data.counting-key")
}

async fn expect_refused(api: &common::Api, path: &str, code: &str) {
    let (s, body) = api.post(path, json!({})).await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::CONFLICT, Some(code)),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_secret_poll_proves_its_count_and_a_tampered_record_fails() {
    let server = Server::start().await;
    let c = Chamber::new(&server, SEATS).await;
    let item = c.start_at_item(1).await;
    c.check_in(0..6).await;
    let dir = out_dir("secret-count");
    let candidates: Vec<i64> = c.delegates[4..7].iter().map(|(p, _)| *p).collect();
    let polls = [
        (json!({ "kind": "secret", "title": "Miễn nhiệm" }), (0..6).map(|i| json!({ "choice": ("yes", "no", "yes").pick(i) })).collect::<Vec<_>>()),
        (
            json!({ "kind": "election", "title": "Bầu Ủy viên", "candidates": candidates, "max_choices": 2 }),
            (0..6)
                .map(|i| {
                    // None, one or two of the three: up to the seats to fill.
                    let chosen = [candidates[i % 3], candidates[(i + 1) % 3]][..i % 3].to_vec();
                    json!({ "candidates": chosen })
                })
                .collect(),
        ),
        (
            json!({ "kind": "confidence", "title": "Lấy phiếu tín nhiệm", "officials": c.officials }),
            (0..6)
                .map(|i| json!({ "ratings": { c.officials[0].to_string(): ("high", "medium", "low").pick(i) } }))
                .collect(),
        ),
    ];
    let mut record_file = PathBuf::new();
    for (n, (body, ballots)) in polls.into_iter().enumerate() {
        let poll = new_poll(&c, item, body).await;
        let opened = c
            .chair
            .create(
                &format!("/api/polls/{poll}/open"),
                json!({ "below_quorum_confirmed": true }),
            )
            .await;
        assert!(opened["public_key"].is_string(), "{opened}");
        vote(&c, poll, &ballots).await;
        let (s, body) = c
            .chair
            .get(&format!("/api/polls/{poll}/verification"))
            .await;
        assert_eq!(
            s,
            StatusCode::NOT_FOUND,
            "no record before the close: {body}"
        );
        let closed = c
            .chair
            .create(&format!("/api/polls/{poll}/close"), json!({}))
            .await;
        let result = &closed["result"];
        let (s, headers, record) = get_bytes(
            &c.delegates[2].1,
            &format!("/api/polls/{poll}/verification"),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "a delegate reads the record");
        let sha = hex::encode(Sha256::digest(&record));
        assert_eq!(headers["x-record-sha256"].to_str().unwrap(), sha);
        assert_eq!(
            result["verification_sha256"], sha,
            "the result names its record"
        );
        record_file = dir.join(format!("poll-{n}.json"));
        std::fs::write(&record_file, &record).unwrap();
        let (valid, report) = poll_verify(&record_file);
        assert!(valid, "{report}");
        assert_eq!(report["ballots"], 6);
        assert_eq!(report["sha256"], sha);
        // The record's totals are the result's counts.
        let totals: u64 = report["totals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["total"].as_u64().unwrap())
            .sum();
        let counted: u64 = match closed["kind"].as_str().unwrap() {
            "confidence" => result["officials"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| {
                    ["high", "medium", "low", "invalid"]
                        .iter()
                        .map(|k| o[*k].as_u64().unwrap())
                        .sum::<u64>()
                })
                .sum(),
            _ => result["options"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["count"].as_u64().unwrap())
                .sum(),
        };
        assert_eq!(totals, counted, "{report} {result}");
    }

    // The ballot-count report of the last poll prints the record's SHA-256.
    let record: Value = serde_json::from_slice(&std::fs::read(&record_file).unwrap()).unwrap();
    let poll = record["poll_id"].as_i64().unwrap();
    let (_, _, pdf) = get_bytes(&c.chair, &format!("/api/polls/{poll}/count-report.pdf")).await;
    std::fs::write(dir.join("count.pdf"), &pdf).unwrap();
    let text = collapse(&pdftotext(&dir.join("count.pdf")));
    let sha = hex::encode(Sha256::digest(std::fs::read(&record_file).unwrap()));
    let grouped: Vec<&str> = (0..4).map(|i| &sha[i * 16..(i + 1) * 16]).collect();
    assert!(text.contains(&grouped.join(" ")), "{text}");
    let anchors = kyhop_domain::ChainAnchor::find_all(&text);
    assert!(
        anchors
            .iter()
            .any(|a| a.stream == format!("session:{}", c.session)),
        "the report anchors the session's event chain: {text}"
    );

    // Tampered records fail, each for its reason.
    let tamper = |name: &str, change: &dyn Fn(&mut Value)| {
        let mut bad = record.clone();
        change(&mut bad);
        let file = dir.join(format!("{name}.json"));
        std::fs::write(&file, serde_json::to_vec(&bad).unwrap()).unwrap();
        let (valid, report) = poll_verify(&file);
        assert!(!valid, "{name} passed: {report}");
        assert_eq!(report["valid"], false);
        report["error"].as_str().unwrap().to_owned()
    };
    let changed = tamper("changed", &|r| {
        let other = r["ballots"][1][0]["exactly_one"]["choices"][0].clone();
        r["ballots"][0][0]["exactly_one"]["choices"][0] = other;
    });
    assert!(
        changed.contains("ballot 1 is not a valid ballot"),
        "{changed}"
    );
    let removed = tamper("removed", &|r| {
        r["ballots"].as_array_mut().unwrap().pop();
    });
    assert!(removed.contains("does not match the ballots"), "{removed}");
    let repeated = tamper("repeated", &|r| {
        let first = r["ballots"][0].clone();
        r["ballots"].as_array_mut().unwrap().push(first);
    });
    assert!(repeated.contains("repeats a ciphertext"), "{repeated}");
    let wrong_total = tamper("wrong-total", &|r| {
        r["totals"][0] = json!(r["totals"][0].as_u64().unwrap() + 1);
    });
    assert!(wrong_total.contains("the record says"), "{wrong_total}");
    let malformed = tamper("malformed", &|r| {
        r["ballots"][2][0]["exactly_one"]["choices"][0] = json!("not a ciphertext");
    });
    assert!(
        malformed.contains("not a verification record"),
        "{malformed}"
    );
    let not_json = dir.join("not-json.json");
    std::fs::write(&not_json, b"%PDF-1.7").unwrap();
    assert!(!poll_verify(&not_json).0);

    // A named poll has no record: its list of votes is public.
    let named = new_poll(&c, item, json!({ "kind": "named", "title": "Thông qua" })).await;
    let opened = c
        .chair
        .create(
            &format!("/api/polls/{named}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    assert!(opened["public_key"].is_null());
    c.chair
        .create(&format!("/api/polls/{named}/close"), json!({}))
        .await;
    let (s, _) = c
        .chair
        .get(&format!("/api/polls/{named}/verification"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_unsafe_or_wrong_counting_key_changes_nothing() {
    let server = Server::start().await;
    let c = Chamber::new(&server, SEATS).await;
    let item = c.start_at_item(1).await;
    c.check_in(0..5).await;
    let key = key_file(&server);
    let good = std::fs::read(&key).unwrap();
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(
        !key.starts_with(&server.data_dir),
        "the key is outside the data directory"
    );

    // Without the key, a secret poll cannot even be prepared; a named one can.
    std::fs::remove_file(&key).unwrap();
    let (s, body) = c
        .chair
        .post(
            &format!("/api/agenda-items/{item}/polls"),
            json!({ "kind": "election", "title": "Bầu", "candidates": [c.delegates[1].0] }),
        )
        .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("counting_key_unavailable")),
        "{body}"
    );
    new_poll(&c, item, json!({ "kind": "named", "title": "Công khai" })).await;
    std::fs::write(&key, &good).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let poll = new_poll(&c, item, json!({ "kind": "secret", "title": "Bãi nhiệm" })).await;
    let open = format!("/api/polls/{poll}/open");
    let close = format!("/api/polls/{poll}/close");
    // Missing: refused, the poll stays a draft.
    std::fs::remove_file(&key).unwrap();
    expect_refused(&c.chair, &open, "counting_key_unavailable").await;
    // Readable by others: refused too.
    std::fs::write(&key, &good).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    expect_refused(&c.chair, &open, "counting_key_unavailable").await;
    let (_, draft) = c.chair.get(&format!("/api/polls/{poll}")).await;
    assert_eq!(draft["state"], "draft");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    c.chair.create(&open, json!({})).await;
    vote(
        &c,
        poll,
        &[
            json!({ "choice": "yes" }),
            json!({ "choice": "no" }),
            json!({ "choice": "yes" }),
        ],
    )
    .await;

    // At the close: gone, then another key: refused, the poll stays open with its ballots.
    std::fs::remove_file(&key).unwrap();
    expect_refused(&c.chair, &close, "counting_key_unavailable").await;
    let foreign = kyhop_store::secret_count::CountingKey::generate();
    std::fs::write(&key, foreign.file_text().as_bytes()).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (s, body) = c.chair.post(&close, json!({})).await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("counting_key_wrong")),
        "{body}"
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("restore the counting key"),
        "{body}"
    );
    let (_, still) = c.chair.get(&format!("/api/polls/{poll}")).await;
    assert_eq!(
        (still["state"].as_str(), still["ballots_cast"].as_u64()),
        (Some("open"), Some(3))
    );
    // A fourth ballot still goes in, and with the right key the count holds all four.
    let (s, _) = c.delegates[3]
        .1
        .post(
            &format!("/api/polls/{poll}/ballot"),
            json!({ "choice": "abstain" }),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    std::fs::write(&key, &good).unwrap();
    let closed = c.chair.create(&close, json!({})).await;
    let counts: Vec<u64> = closed["result"]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["count"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, vec![2, 1, 1]);
    // The server log says why, and never holds the key.
    let log = server.log();
    assert!(log.contains("permissions (644)"), "{log}");
    let hex_key = String::from_utf8(good).unwrap();
    assert!(!log.contains(hex_key.split_whitespace().nth(1).unwrap()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_counting_key_may_not_live_in_the_data_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let inside = data.join("keys").join("counting.key");
    std::fs::create_dir_all(inside.parent().unwrap()).unwrap();
    let out = std::process::Command::new(BIN)
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(&data)
        .arg("--counting-key")
        .arg(&inside)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("must not be inside the data directory"),
        "{stderr}"
    );
    assert!(!inside.exists(), "no key was made there");
}

/// A poll with the council's own options (phương án): a secret one is
/// counted from ciphertexts and proves its count like any other, a named
/// one lists each delegate's option; one option, the same option twice or
/// a yes/no ballot are refused by field and create nothing.
#[tokio::test]
async fn polls_with_options_of_their_own_are_counted_and_checked() {
    let server = Server::start().await;
    let c = Chamber::new(&server, SEATS).await;
    let item = c.start_at_item(1).await;
    c.check_in(0..6).await;
    let polls_of = |api: &common::Api| {
        let api = api.clone();
        let session = c.session;
        async move { api.get(&format!("/api/sessions/{session}")).await.1["polls"].clone() }
    };
    let before = polls_of(&c.chair).await;
    for (bad, why) in [
        (json!(["Phương án 1"]), "one option"),
        (
            json!(["Phương án 1", "phuong an 1"]),
            "the same option twice",
        ),
        (json!(["Phương án 1", "  "]), "an empty option"),
        (
            json!(["Phương án 1", "x".repeat(301)]),
            "an over-long option",
        ),
    ] {
        let (s, body) = c
            .chair
            .post(
                &format!("/api/agenda-items/{item}/polls"),
                json!({ "kind": "secret", "title": "Chọn phương án", "alternatives": bad }),
            )
            .await;
        assert_eq!(
            (s, body["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("alternatives")),
            "{why}: {body}"
        );
    }
    assert_eq!(polls_of(&c.chair).await, before, "nothing was created");

    let labels = [
        "Phương án 1: mở rộng",
        "Phương án 2: xây mới",
        "Phương án 3: giữ nguyên",
    ];
    let secret = c
        .chair
        .create(
            &format!("/api/agenda-items/{item}/polls"),
            json!({ "kind": "secret", "title": "Chọn phương án trường học", "alternatives": labels }),
        )
        .await;
    let options: Vec<i64> = secret["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            assert_eq!(o["kind"], "alternative");
            o["id"].as_i64().unwrap()
        })
        .collect();
    assert_eq!(
        secret["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["label"].as_str().unwrap())
            .collect::<Vec<_>>(),
        labels
    );
    let poll = secret["id"].as_i64().unwrap();
    c.chair
        .create(
            &format!("/api/polls/{poll}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    // A yes/no ballot and an option of no poll are refused; nothing is cast.
    for (bad, field) in [
        (json!({ "choice": "yes" }), "ballot"),
        (json!({ "option": 999_999 }), "option"),
    ] {
        let (s, body) = c.delegates[0]
            .1
            .post(&format!("/api/polls/{poll}/ballot"), bad)
            .await;
        assert_eq!(
            (s, body["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "{body}"
        );
    }
    // Four for option 2, one for option 1, one for option 3.
    let chosen = [1, 1, 0, 1, 2, 1];
    let ballots: Vec<Value> = chosen
        .iter()
        .map(|&i| json!({ "option": options[i] }))
        .collect();
    vote(&c, poll, &ballots).await;
    let closed = c
        .chair
        .create(&format!("/api/polls/{poll}/close"), json!({}))
        .await;
    let result = &closed["result"];
    let counts: Vec<u64> = result["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["count"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [1, 4, 1], "{result}");
    // Four of seven seats is more than half: option 2 is the choice.
    assert_eq!(result["passed"], true, "{result}");
    assert_eq!(result["options"][1]["outcome"], "elected", "{result}");
    assert!(
        result["summary"]
            .as_str()
            .unwrap()
            .ends_with("phương án được chọn: Phương án 2: xây mới"),
        "{result}"
    );
    let (s, _, record) = get_bytes(&c.chair, &format!("/api/polls/{poll}/verification")).await;
    assert_eq!(s, StatusCode::OK);
    let file = out_dir("secret-count").join("poll-alternatives.json");
    std::fs::write(&file, &record).unwrap();
    let (valid, report) = poll_verify(&file);
    assert!(valid, "{report}");
    assert_eq!(report["ballots"], 6);

    // A named poll with options of its own lists each delegate's option.
    let named = c
        .chair
        .create(
            &format!("/api/agenda-items/{item}/polls"),
            json!({ "kind": "named", "title": "Chọn ngày họp chuyên đề", "alternatives": ["Thứ Ba", "Thứ Năm"] }),
        )
        .await;
    let poll = named["id"].as_i64().unwrap();
    let thursday = named["options"][1]["id"].as_i64().unwrap();
    c.chair
        .create(
            &format!("/api/polls/{poll}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    vote(&c, poll, &[json!({ "option": thursday })]).await;
    let closed = c
        .chair
        .create(&format!("/api/polls/{poll}/close"), json!({}))
        .await;
    let named = &closed["result"]["named"];
    assert_eq!(named.as_array().unwrap().len(), 1, "{closed}");
    assert_eq!(named[0]["label"], "Thứ Năm");
    assert_eq!(named[0]["option"], "alternative");
    assert_eq!(named[0]["person_id"], c.delegates[0].0);
    // One of seven is not more than half: no option is chosen.
    assert_eq!(closed["result"]["passed"], false);
}
