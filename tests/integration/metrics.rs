//! `--metrics-bind`: `/metrics` on the admin address, read by the official
//! Prometheus client's parser, counts what the test did (requests, ballots
//! and their batches, live streams, the event log's heads, PDF jobs, the
//! blob store); no label names a person; `/healthz` and `/readyz` answer,
//! and `/readyz` turns unready when another release migrates the database.

use crate::common;

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

use common::{choices, new_poll, run_poll, Chamber, Server};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A sample's name and its labels, sorted.
type Key = (String, Vec<(String, String)>);
type Samples = HashMap<Key, f64>;

/// Every sample: (name, labels) → value, as Python's
/// `prometheus_client.parser` reads the text (it raises on a malformed line).
fn parse(text: &str) -> Samples {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    assert!(python.exists(), "the venv is missing: run scripts/setup.sh");
    let mut child = std::process::Command::new(python)
        .arg("-c")
        .arg(
            "import json, sys\n\
             from prometheus_client.parser import text_string_to_metric_families\n\
             out = []\n\
             for family in text_string_to_metric_families(sys.stdin.read()):\n\
             \x20   for s in family.samples:\n\
             \x20       out.append([s.name, sorted(s.labels.items()), s.value])\n\
             print(json.dumps(out))\n",
        )
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the parser refused the text: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    #[allow(clippy::type_complexity)]
    let samples: Vec<(String, Vec<(String, String)>, f64)> =
        serde_json::from_slice(&out.stdout).unwrap();
    samples
        .into_iter()
        .map(|(name, labels, value)| ((name, labels), value))
        .collect()
}

fn sample(samples: &Samples, name: &str, labels: &[(&str, &str)]) -> f64 {
    let mut labels: Vec<(String, String)> = labels
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    labels.sort();
    *samples
        .get(&(name.to_owned(), labels.clone()))
        .unwrap_or_else(|| panic!("no sample {name} {labels:?}"))
}

async fn scrape(admin: &str) -> (String, Samples) {
    let response = reqwest::get(format!("{admin}/metrics")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let text = response.text().await.unwrap();
    let samples = parse(&text);
    (text, samples)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_what_the_server_did_and_name_no_one() {
    let port = common::free_port();
    let bind = format!("127.0.0.1:{port}");
    let server = Server::start_with(&["--metrics-bind", &bind]).await;
    let admin = format!("http://{bind}");
    let c = Chamber::new(&server, 6).await;
    common::upload_fixture(
        &c.secretary,
        c.session,
        "Tờ trình",
        "submission",
        "to-trinh-libreoffice.pdf",
    )
    .await;
    let mut live = c
        .display
        .events(&format!("/api/sessions/{}/events", c.session), None)
        .await;
    let item = c.start_at_item(1).await;
    c.check_in(0..6).await;
    let named = new_poll(&c, item, json!({ "kind": "named", "title": "Thông qua" })).await;
    run_poll(&c, named, &choices(4, 1, 1)).await;
    let secret = new_poll(&c, item, json!({ "kind": "secret", "title": "Miễn nhiệm" })).await;
    run_poll(&c, secret, &choices(3, 3, 0)).await;
    // One refused: a second ballot in a closed poll.
    let (status, _) = c.delegates[1]
        .1
        .post(
            &format!("/api/polls/{named}/ballot"),
            json!({ "choice": "yes" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let _ = live.next(Duration::from_secs(5)).await;

    let (text, samples) = scrape(&admin).await;
    let ballot_route = [
        ("method", "POST"),
        ("route", "/api/polls/{id}/ballot"),
        ("status", "200"),
    ];
    assert_eq!(
        sample(&samples, "kyhop_http_requests_total", &ballot_route),
        12.0
    );
    assert_eq!(sample(&samples, "kyhop_ballots_total", &[]), 12.0);
    assert_eq!(sample(&samples, "kyhop_ballots_refused_total", &[]), 1.0);
    assert_eq!(
        sample(&samples, "kyhop_ballot_commit_seconds_count", &[]),
        12.0
    );
    // Every ballot that reached the box went through one batch or another.
    assert_eq!(sample(&samples, "kyhop_ballot_batch_size_sum", &[]), 13.0);
    assert!(sample(&samples, "kyhop_ballot_batch_size_count", &[]) >= 1.0);
    assert_eq!(
        sample(
            &samples,
            "kyhop_http_request_duration_seconds_count",
            &[("method", "POST"), ("route", "/api/polls/{id}/ballot")]
        ),
        13.0
    );
    assert!(sample(&samples, "kyhop_live_streams", &[]) >= 1.0, "{text}");
    // The session stream's head is the log's.
    let db = server.database().await;
    let head = db
        .int(&format!(
            "SELECT MAX(seq) FROM events WHERE stream = 'session:{}'",
            c.session
        ))
        .await;
    let stream = format!("session:{}", c.session);
    let reported = sample(&samples, "kyhop_event_log_head", &[("stream", &stream)]);
    assert!(
        reported as i64 <= head && reported as i64 >= head - 2,
        "{reported} against {head}"
    );
    assert!(sample(&samples, "kyhop_pdf_jobs_total", &[("outcome", "done")]) >= 1.0);
    assert_eq!(sample(&samples, "kyhop_pdf_jobs_running", &[]), 0.0);
    let stored = server
        .blob_files()
        .iter()
        .filter(|p| !p.to_string_lossy().contains("incoming"))
        .count();
    assert_eq!(
        sample(&samples, "kyhop_blob_store_files", &[]),
        stored as f64
    );
    assert!(sample(&samples, "kyhop_database_bytes", &[]) > 0.0);
    assert!(sample(&samples, "kyhop_process_resident_memory_bytes", &[]) > 1e7);
    assert!(sample(&samples, "kyhop_process_cpu_seconds", &[]) > 0.0);
    assert!(sample(&samples, "kyhop_process_open_fds", &[]) > 3.0);
    assert_eq!(
        sample(
            &samples,
            "kyhop_build_info",
            &[("version", env!("CARGO_PKG_VERSION"))]
        ),
        1.0
    );
    // Every series the Grafana dashboard draws is one the server writes.
    let dashboard = std::fs::read_to_string(common::repo_file("docs/grafana-kyhop.json")).unwrap();
    let mut drawn = 0;
    for (i, _) in dashboard.match_indices("kyhop_") {
        let name: String = dashboard[i..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if name == "kyhop_build_info" || name.starts_with("kyhop_") && name.len() > 6 {
            assert!(
                samples.keys().any(|(n, _)| n == &name),
                "the dashboard draws {name}, which /metrics does not have"
            );
            drawn += 1;
        }
    }
    assert!(drawn >= 12, "{drawn}");
    // Nobody is named, and no path with an id is a label.
    for (_, labels) in samples.keys() {
        for (key, value) in labels {
            assert!(!value.contains("Đại biểu"), "{key}={value}");
            if key == "route" {
                assert!(
                    !value.chars().any(|ch| ch.is_ascii_digit()) || value == "(other)",
                    "a path, not a pattern: {value}"
                );
            }
        }
    }
    // The API's address does not serve them (the web UI answers there).
    let page = c
        .admin
        .request(reqwest::Method::GET, "/metrics")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("kyhop_ballots_total"));

    // Health and readiness, on both addresses.
    for base in [admin.as_str(), server.url.as_str()] {
        let healthz = reqwest::get(format!("{base}/healthz")).await.unwrap();
        assert_eq!(healthz.status(), StatusCode::OK);
        let readyz = reqwest::get(format!("{base}/readyz")).await.unwrap();
        assert_eq!(readyz.status(), StatusCode::OK);
        let body: Value = readyz.json().await.unwrap();
        assert_eq!(body["status"], "ready", "{body}");
    }
    // A later release migrates the database under this one: unready.
    let checksum = if server.db_url().starts_with("postgres") {
        "'\\x00'::bytea"
    } else {
        "x'00'"
    };
    db.execute(&format!(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9001, 'a later release', TRUE, {checksum}, 0)"
    ))
    .await;
    db.close().await;
    let readyz = reqwest::get(format!("{admin}/readyz")).await.unwrap();
    assert_eq!(readyz.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = readyz.json().await.unwrap();
    assert_eq!(body["status"], "schema_differs", "{body}");
    assert_eq!(body["schema"], 9001);
    // Still alive.
    let healthz = reqwest::get(format!("{admin}/healthz")).await.unwrap();
    assert_eq!(healthz.status(), StatusCode::OK);
    server.stop().await;
}
