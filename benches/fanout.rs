//! Event fan-out: N live clients on loopback, the server commits events,
//! and every client records the delay from commit to receipt.
//!
//! `cargo bench --bench fanout [-- --clients 100,500,2000 --events 40 --instances 1]`
//!
//! Each N runs against its own fresh `kyhop serve` (release build) with N
//! delegates (`--instances 2`: two instances on one PostgreSQL database of
//! a throwaway cluster, the clients alternating between them, the events
//! committed through the first: half the receipts cross from one instance
//! to the other through the database's notifications), each signed in with their own pairing code and holding their
//! own SSE connection. The secretary then commits agenda-item events one at
//! a time, 25 ms apart. The delay of one receipt is the client's clock at
//! receipt minus the event's `at`, which the server stamps when the writing
//! transaction begins (so the figure includes the commit itself). Server RSS
//! is read from /proc while all clients are connected. The last line of
//! output is JSON.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Duration;

use chrono::{DateTime, Utc};
use common::Server;
use futures_util::StreamExt;
use serde_json::{json, Value};

struct Options {
    clients: Vec<usize>,
    events: usize,
    instances: usize,
}

fn options() -> Options {
    let mut o = Options {
        clients: vec![100, 500, 2000],
        events: 40,
        instances: 1,
    };
    let args: Vec<String> = std::env::args().collect();
    for pair in args.windows(2) {
        match pair[0].as_str() {
            "--clients" => o.clients = pair[1].split(',').filter_map(|n| n.parse().ok()).collect(),
            "--events" => o.events = pair[1].parse().unwrap_or(o.events),
            "--instances" => o.instances = pair[1].parse().unwrap_or(o.instances).clamp(1, 2),
            _ => {}
        }
    }
    o
}

fn rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let idx = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[idx]
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

async fn run(n: usize, events: usize, instances: usize) -> Value {
    let tmp = tempfile::tempdir().unwrap();
    let servers = if instances == 1 {
        vec![Server::start().await]
    } else {
        let url = kyhop_test_postgres::fresh_database();
        let dir = tmp.path().join("data");
        vec![
            Server::start_in(&dir, &["--db", &url]).await,
            Server::start_in(&dir, &["--db", &url]).await,
        ]
    };
    let server = &servers[0];
    let pid = server.child.id().expect("pid");
    let admin = server.admin().await;
    let council = common::make_council(&admin, "HĐND đo tải", n as u32).await;
    let (_, session) = common::make_term_and_session(&admin, council).await;
    let item = admin
        .create(
            &format!("/api/sessions/{session}/agenda"),
            json!({ "title": "Nội dung" }),
        )
        .await["id"]
        .as_i64()
        .unwrap();

    // N delegates, each paired with their own card.
    let mut tokens = Vec::with_capacity(n);
    for i in 0..n {
        let p = admin
            .create(
                &format!("/api/councils/{council}/people"),
                json!({ "kind": "delegate", "full_name": format!("Đại biểu {i}") }),
            )
            .await;
        let card = admin
            .create(&format!("/api/people/{}/pairing-code", p["id"]), json!({}))
            .await;
        let mut api = server.api();
        api.pair(card["code"].as_str().unwrap()).await;
        tokens.push(api.token.unwrap());
    }
    let (_, snap) = admin
        .get(&format!("/api/sessions/{session}/snapshot"))
        .await;
    let head = snap["seq"].as_i64().unwrap();
    let last = head + events as i64;

    // Connect every client; each collects its delays until the last event.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let mut tasks = Vec::with_capacity(n);
    for (i, token) in tokens.iter().enumerate() {
        let on_index = i % servers.len();
        let on = &servers[on_index];
        let resp = client
            .get(format!("{}/api/sessions/{session}/events", on.url))
            .bearer_auth(token)
            .header("Last-Event-ID", head.to_string())
            .send()
            .await
            .expect("subscribe");
        assert!(resp.status().is_success());
        tasks.push(tokio::spawn(async move {
            let mut stream = eventsource_stream::EventStream::new(resp.bytes_stream());
            let mut delays = Vec::with_capacity(events);
            while let Ok(Some(Ok(ev))) =
                tokio::time::timeout(Duration::from_secs(30), stream.next()).await
            {
                let received = Utc::now();
                if ev.data.is_empty() {
                    continue;
                }
                let v: Value = serde_json::from_str(&ev.data).expect("event json");
                let at: DateTime<Utc> = v["at"].as_str().unwrap().parse().unwrap();
                delays.push((received - at).num_microseconds().unwrap_or(i64::MAX) as f64 / 1000.0);
                if v["seq"].as_i64() == Some(last) {
                    break;
                }
            }
            (on_index, delays)
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    let secretary = admin.clone();
    for i in 0..events {
        secretary
            .ok(
                reqwest::Method::PATCH,
                &format!("/api/agenda-items/{item}"),
                Some(json!({ "planned_minutes": i + 1 })),
            )
            .await;
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let rss = rss_mb(pid);
    let mut delays = Vec::with_capacity(n * events);
    // The receipts of the clients of the instance that did not commit.
    let mut crossed = Vec::new();
    let mut complete = 0;
    for t in tasks {
        let (on, d) = t.await.unwrap();
        if d.len() == events {
            complete += 1;
        }
        if on > 0 {
            crossed.extend(d.iter().copied());
        }
        delays.extend(d);
    }
    delays.sort_by(f64::total_cmp);
    crossed.sort_by(f64::total_cmp);
    for server in servers {
        server.stop().await;
    }
    json!({
        "clients": n,
        "instances": instances,
        "fanout_other_instance_p99_ms": (!crossed.is_empty()).then(|| round2(percentile(&crossed, 99.0))),
        "events": events,
        "receipts": delays.len(),
        "clients_with_every_event": complete,
        "fanout_p50_ms": round2(percentile(&delays, 50.0)),
        "fanout_p99_ms": round2(percentile(&delays, 99.0)),
        "fanout_max_ms": round2(delays.last().copied().unwrap_or(f64::NAN)),
        "server_rss_mb": round2(rss),
    })
}

fn main() {
    let o = options();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    // One JSON line per N, smallest first: the last line is the largest N.
    for &n in &o.clients {
        println!("{}", rt.block_on(run(n, o.events, o.instances)));
    }
}
