//! The floor under the ballot burst (P1): how soon can a server on this
//! machine answer 2,000 requests that arrive at once, each on its own open
//! connection, with the load generator on the same two cores?
//!
//! `cargo bench --bench burst [-- --clients 2000 --rounds 5]` (nginx must
//! be installed: `benches/delivery.sh` installs it).
//!
//! 2,000 clients (reqwest, each its own connection pool, as each laptop is
//! its own browser) open a connection to each target and wait; then all are
//! released at once, each sends one request and times it from its send to
//! the answer, as `kyhop loadtest` times a ballot. The targets, in each
//! round one after the other, the order turned every round:
//!
//! - `nginx`: nginx (two workers) answering `204` from its config: no
//!   application at all, the transport alone;
//! - `healthz`: `kyhop serve`'s `GET /healthz`: hyper, axum and our
//!   middleware (request metrics, security headers), nothing else;
//! - `me`: `GET /api/auth/me` with a signed-in token: the same plus the
//!   session lookup every API request makes.
//!
//! A ballot costs more than any of them (its body, the poll's rules, the
//! ciphertext made ahead, the SQLite commit): what these answers take is
//! what a ballot cannot beat. Figures: each target's p50 and p99 over every
//! round's requests, and its CPU time per request (the server's, nginx's
//! workers included, and this load generator's), load-independent. The last
//! line is JSON.

mod support;

use std::time::Instant;

use anyhow::Context;
use futures_util::StreamExt;
use kyhop::commands::loadtest::{percentile, round2};
use serde_json::{json, Value};
use support::nginx::Nginx;
use support::{arg, cpu_seconds_of_tree, ServerProcess};
use tokio::sync::watch;

/// One target of the burst: where to send, with which token, whose CPU counts.
struct Target {
    name: &'static str,
    url: String,
    token: Option<String>,
    server_pid: u32,
}

/// What one target's bursts gave, over the rounds.
#[derive(Default)]
struct Figures {
    latencies_ms: Vec<f64>,
    server_cpu_s: f64,
    client_cpu_s: f64,
    requests: usize,
    failed: usize,
}

/// One burst: every client sends one request to `target` when released.
async fn burst(clients: &[reqwest::Client], target: &Target) -> anyhow::Result<(Vec<f64>, usize)> {
    let (release, released) = watch::channel(false);
    let mut tasks = Vec::with_capacity(clients.len());
    for client in clients {
        let request = client.get(&target.url);
        let request = match &target.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        };
        let mut released = released.clone();
        tasks.push(tokio::spawn(async move {
            released.wait_for(|go| *go).await?;
            let sent = Instant::now();
            let answer = request.send().await?;
            let ok = answer.status().is_success();
            answer.bytes().await?;
            Ok::<_, anyhow::Error>((sent.elapsed().as_secs_f64() * 1000.0, ok))
        }));
    }
    release.send(true)?;
    let mut latencies = Vec::with_capacity(clients.len());
    let mut failed = 0;
    for task in tasks {
        let (ms, ok) = task.await??;
        if ok {
            latencies.push(ms);
        } else {
            failed += 1;
        }
    }
    Ok((latencies, failed))
}

/// Opens each client's connection to `target` (a first request), so that
/// the burst pays for no handshake.
async fn warm(clients: &[reqwest::Client], target: &Target) -> anyhow::Result<()> {
    futures_util::stream::iter(clients)
        .map(|client| {
            let request = client.get(&target.url);
            let request = match &target.token {
                Some(token) => request.bearer_auth(token),
                None => request,
            };
            async move { request.send().await?.error_for_status().map(drop) }
        })
        .buffer_unordered(64)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .context("warming the connections")?;
    Ok(())
}

async fn run(clients: usize, rounds: usize) -> anyhow::Result<Value> {
    let work = tempfile::tempdir()?;
    let nginx = Nginx::start(
        &work.path().join("nginx"),
        "location / { return 204; }",
        None,
    )?;
    let kyhop = ServerProcess::start()?;
    let admin = kyhop.admin().await?;
    let token = admin.token.clone().context("the admin has no token")?;
    let targets = [
        Target {
            name: "nginx",
            url: format!("{}/", nginx.url),
            token: None,
            server_pid: nginx.pid(),
        },
        Target {
            name: "healthz",
            url: format!("{}/healthz", kyhop.url),
            token: None,
            server_pid: kyhop.pid(),
        },
        Target {
            name: "me",
            url: format!("{}/api/auth/me", kyhop.url),
            token: Some(token),
            server_pid: kyhop.pid(),
        },
    ];
    let laptops: Vec<reqwest::Client> = (0..clients)
        .map(|_| match &kyhop.fingerprint {
            Some(fingerprint) => kyhop::client::new_http_pinned(fingerprint),
            None => kyhop::client::new_http(),
        })
        .collect::<anyhow::Result<_>>()?;
    for target in &targets {
        warm(&laptops, target).await?;
    }
    eprintln!("burst: {clients} clients connected to each target; {rounds} rounds");
    let mut figures: Vec<Figures> = targets.iter().map(|_| Figures::default()).collect();
    for round in 0..rounds {
        for step in 0..targets.len() {
            // Each target first in turn: no target always follows another.
            let which = (round + step) % targets.len();
            let target = &targets[which];
            let server_before = cpu_seconds_of_tree(target.server_pid)?;
            let client_before = cpu_seconds_of_tree(std::process::id())?;
            let (latencies, failed) = burst(&laptops, target).await?;
            let f = &mut figures[which];
            f.server_cpu_s += cpu_seconds_of_tree(target.server_pid)? - server_before;
            f.client_cpu_s += cpu_seconds_of_tree(std::process::id())? - client_before;
            f.requests += latencies.len() + failed;
            f.failed += failed;
            f.latencies_ms.extend(latencies);
            // The machine settles between bursts.
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        }
        eprintln!("burst: round {} of {rounds} done", round + 1);
    }
    let mut out = json!({ "clients": clients, "rounds": rounds });
    for (target, f) in targets.iter().zip(&mut figures) {
        let per_request_us = |s: f64| round2(s * 1e6 / f.requests.max(1) as f64);
        let name = target.name;
        out[format!("{name}_p50_ms")] = json!(round2(percentile(&mut f.latencies_ms, 50.0)));
        out[format!("{name}_p99_ms")] = json!(round2(percentile(&mut f.latencies_ms, 99.0)));
        out[format!("{name}_server_cpu_us_per_request")] = json!(per_request_us(f.server_cpu_s));
        out[format!("{name}_client_cpu_us_per_request")] = json!(per_request_us(f.client_cpu_s));
        out[format!("{name}_failed")] = json!(f.failed);
    }
    Ok(out)
}

fn main() -> anyhow::Result<()> {
    let clients = arg("--clients", 2000);
    let rounds = arg("--rounds", 5);
    // Two connections per client and target, both ends on this machine.
    rlimit::increase_nofile_limit(u64::MAX)?;
    let figures = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(clients, rounds))?;
    println!("{figures}");
    Ok(())
}
