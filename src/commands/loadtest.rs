//! `kyhop loadtest`: a full chamber against a running server.
//!
//! It signs in as the server's admin, creates a throwaway council with N
//! delegates (each paired with their own card, holding their own live
//! connection, checked in; the chair prepares R secret polls before the
//! delegates arrive), then runs R rounds of: the chair opens a secret
//! poll → every delegate's client sees it on its live stream and votes a
//! random choice → once every ballot is answered the chair closes the poll →
//! every client receives the result. It measures ballot acknowledgement
//! latency, ballot throughput, the delay from the close request to the
//! result on every client, the server's memory, and compares acknowledged
//! ballots with the final counts.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use futures_util::{stream, StreamExt};
use rand::Rng;
use serde_json::{json, Value};
use tokio::sync::Notify;

use crate::client::Client;

/// Answers in a row that say a poll's ballots are encrypted ahead before
/// it opens (several instances behind a proxy answer in turn).
const READY_ANSWERS: usize = 4;

#[derive(Debug, Clone)]
pub struct LoadtestOptions {
    pub url: String,
    pub admin_password_file: PathBuf,
    pub delegates: usize,
    pub rounds: usize,
    /// The server processes (several instances behind a proxy), for their
    /// memory and CPU time; the one found by name when none is given.
    pub server_pids: Vec<u32>,
    /// The database server's main process (PostgreSQL's postmaster), whose
    /// CPU time, with its children's, counts as the database's.
    pub database_pid: Option<u32>,
    /// A reverse proxy in front of the servers (nginx), whose CPU time is
    /// given apart.
    pub proxy_pid: Option<u32>,
    /// Requests in flight while setting up.
    pub setup_concurrency: usize,
    /// Wrong pairing codes per second from another address while the polls
    /// run (0: none).
    pub guess_flood: u32,
    /// Run as `sh -c "CMD start"` before the polls and `"CMD stop"` after.
    pub around_polls: Option<String>,
}

/// Runs the `--around-polls` hook with `phase`, waiting for it.
async fn around_polls(hook: Option<&str>, phase: &str) -> anyhow::Result<()> {
    let Some(hook) = hook else { return Ok(()) };
    let status = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{hook} {phase}"))
        .status()
        .await
        .with_context(|| format!("running the hook {hook:?}"))?;
    anyhow::ensure!(
        status.success(),
        "the hook `{hook} {phase}` failed: {status}"
    );
    Ok(())
}

/// What a guessing laptop got while the polls ran.
#[derive(Default)]
struct Flood {
    sent: AtomicUsize,
    throttled: AtomicUsize,
    refused: AtomicUsize,
    /// Never answered (held, then closed): the address was turned away
    /// at accept.
    unanswered: AtomicUsize,
    other: AtomicUsize,
}

/// Sends `per_second` wrong pairing codes per second to `url` until
/// `stop`, from 127.0.0.9 when the server is on loopback (another laptop).
async fn guess_flood(url: String, per_second: u32, flood: Arc<Flood>, stop: Arc<Notify>) {
    let mut builder = reqwest::Client::builder().timeout(Duration::from_secs(10));
    if url.contains("127.0.0.1") || url.contains("localhost") {
        builder = builder.local_address(std::net::IpAddr::from([127, 0, 0, 9]));
    }
    let Ok(http) = builder.build() else { return };
    let in_flight = Arc::new(tokio::sync::Semaphore::new(512));
    let per_tick = per_second.div_ceil(1000).max(1);
    let mut tick = tokio::time::interval(Duration::from_micros(
        1_000_000 * u64::from(per_tick) / u64::from(per_second.max(1)),
    ));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let stopped = stop.notified();
    tokio::pin!(stopped);
    loop {
        tokio::select! {
            () = &mut stopped => return,
            _ = tick.tick() => {}
        }
        for _ in 0..per_tick {
            let Ok(permit) = in_flight.clone().try_acquire_owned() else {
                continue;
            };
            let (http, url, flood) = (http.clone(), url.clone(), flood.clone());
            tokio::spawn(async move {
                let code: String = (0..8)
                    .map(|_| {
                        char::from(
                            b"ABCDEFGHJKMNPQRSTUVWXYZ23456789"[rand::thread_rng().gen_range(0..31)],
                        )
                    })
                    .collect();
                flood.sent.fetch_add(1, Ordering::Relaxed);
                let answer = http
                    .post(format!("{url}/api/auth/pair"))
                    .json(&json!({ "code": code }))
                    .send()
                    .await;
                let counter = match answer.map(|r| r.status().as_u16()) {
                    Ok(429) => &flood.throttled,
                    Ok(401) => &flood.refused,
                    Ok(_) => &flood.other,
                    Err(_) => &flood.unanswered,
                };
                counter.fetch_add(1, Ordering::Relaxed);
                drop(permit);
            });
        }
    }
}

fn id(v: &Value) -> anyhow::Result<i64> {
    v["id"].as_i64().with_context(|| format!("no id in {v}"))
}

/// The `p`th percentile of `values` (sorted in place), nearest rank.
pub fn percentile(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    values[((p / 100.0) * (values.len() - 1) as f64).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// What every delegate's client shares with the conductor.
#[derive(Default)]
struct Shared {
    ack_ms: Mutex<Vec<f64>>,
    result_ms: Mutex<Vec<f64>>,
    answered: AtomicUsize,
    acked: AtomicUsize,
    failed: AtomicUsize,
    all_answered: Notify,
    /// When the chair sent the close request of the current round.
    close_sent: Mutex<Option<Instant>>,
}

/// Runs the load test and returns the figures as JSON.
pub async fn run(opts: LoadtestOptions) -> anyhow::Result<Value> {
    let n = opts.delegates;
    let admin = Client::admin(&opts.url, &opts.admin_password_file).await?;

    eprintln!("loadtest: setting up a council of {n} delegates");
    let tag = chrono::Utc::now().format("%Y%m%d-%H%M%S%.3f");
    let council = id(&admin
        .post("/api/councils", json!({ "name": format!("Loadtest {tag}"), "place_name": "Loadtest", "total_seats": n }))
        .await?)?;
    let term = id(&admin
        .post(
            &format!("/api/councils/{council}/terms"),
            json!({ "name": "Loadtest", "start_year": 2026, "end_year": 2031 }),
        )
        .await?)?;
    let today = chrono::Utc::now().date_naive();
    let session = id(&admin
        .post(
            &format!("/api/councils/{council}/sessions"),
            json!({ "term_id": term, "number": 1, "kind": "regular", "title": "Loadtest", "place": "Loadtest",
                    "planned_start": today, "planned_end": today }),
        )
        .await?)?;
    let item = id(&admin
        .post(
            &format!("/api/sessions/{session}/agenda"),
            json!({ "title": "Biểu quyết" }),
        )
        .await?)?;
    // Delegates, each paired on their own card, in parallel.
    let people: Vec<i64> = stream::iter(0..n)
        .map(|i| {
            let admin = admin.clone();
            async move {
                id(&admin
                    .post(
                        &format!("/api/councils/{council}/people"),
                        json!({ "kind": "delegate", "full_name": format!("Đại biểu {i:04}") }),
                    )
                    .await?)
            }
        })
        .buffered(opts.setup_concurrency)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<anyhow::Result<_>>()?;
    let chair_password = kyhop_server::auth::new_password();
    admin
        .post(
            "/api/accounts",
            json!({ "username": format!("chair-{council}"), "display_name": "Chủ tọa", "role": "chair",
                    "council_id": council, "person_id": people[0], "password": chair_password }),
        )
        .await?;
    let mut chair = Client {
        token: None,
        ..admin.clone()
    };
    chair
        .sign_in(
            "/api/auth/login",
            json!({ "username": format!("chair-{council}"), "password": chair_password }),
        )
        .await?;
    let chair_final = kyhop_server::auth::new_password();
    chair
        .post(
            "/api/auth/password",
            json!({ "current_password": chair_password, "new_password": chair_final }),
        )
        .await?;
    // Cards are handed out before the session is convened (after, each
    // would wait for the chair's confirmation).
    let delegates: Vec<(i64, Client)> = stream::iter(people.iter().copied().enumerate())
        .map(|(i, person)| {
            let (admin, chair) = (admin.clone(), chair.clone());
            async move {
                let client = if i == 0 {
                    chair
                } else {
                    let card = admin
                        .post(&format!("/api/people/{person}/pairing-code"), json!({}))
                        .await?;
                    // Each laptop has its own connections, as a browser would.
                    let mut c = Client {
                        http: crate::client::new_http()?,
                        token: None,
                        ..admin.clone()
                    };
                    c.sign_in("/api/auth/pair", json!({ "code": card["code"] }))
                        .await?;
                    c
                };
                Ok::<_, anyhow::Error>((person, client))
            }
        })
        .buffered(opts.setup_concurrency)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<anyhow::Result<_>>()?;
    admin
        .post(&format!("/api/sessions/{session}/convene"), json!({}))
        .await?;
    // The chair prepares the rounds' polls before the chamber fills, as
    // before a sitting: the server encrypts their ballots ahead meanwhile.
    let mut polls = Vec::with_capacity(opts.rounds);
    for round in 0..opts.rounds {
        polls.push(id(&chair
            .post(
                &format!("/api/agenda-items/{item}/polls"),
                json!({ "kind": "secret", "title": format!("Vòng {round}") }),
            )
            .await?)?);
    }
    stream::iter(&delegates)
        .map(|(person, client)| c_check_in(client, session, *person))
        .buffered(opts.setup_concurrency)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<anyhow::Result<Vec<_>>>()?;

    // Every delegate's live connection, from the current head.
    let head = chair
        .call(
            reqwest::Method::GET,
            &format!("/api/sessions/{session}/snapshot"),
            None,
        )
        .await?
        .1["seq"]
        .as_i64()
        .context("no seq")?;
    let shared = Arc::new(Shared::default());
    let mut tasks = Vec::with_capacity(n);
    for (person, client) in &delegates {
        let resp = client
            .http
            .get(format!("{}/api/sessions/{session}/events", client.url))
            .bearer_auth(client.token.as_deref().unwrap_or_default())
            .header("Last-Event-ID", head.to_string())
            .send()
            .await?;
        if !resp.status().is_success() {
            bail!("subscribing: {}", resp.status());
        }
        tasks.push(tokio::spawn(delegate_client(
            resp,
            client.clone(),
            *person,
            opts.rounds,
            n,
            shared.clone(),
        )));
    }
    // Beside its live stream, a browser keeps a connection open for requests:
    // warm one up per laptop so that ballots do not pay for a TCP handshake.
    stream::iter(&delegates)
        .map(|(_, client)| client.call(reqwest::Method::GET, "/api/auth/me", None))
        .buffer_unordered(opts.setup_concurrency)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<anyhow::Result<Vec<_>>>()?;
    eprintln!(
        "loadtest: {n} delegates connected and checked in; running {} rounds",
        opts.rounds
    );
    chair
        .post(&format!("/api/sessions/{session}/start"), json!({}))
        .await?;
    chair
        .post(&format!("/api/agenda-items/{item}/open"), json!({}))
        .await?;

    // The polls were prepared while the chamber filled; if their ballots
    // are not all encrypted ahead yet, the chair waits (and we say how long).
    let waiting = Instant::now();
    for &poll in &polls {
        // Each instance encrypts ahead on its own: behind a round-robin
        // proxy, several answers in a row come from every one of them.
        let mut ready_in_a_row = 0;
        while ready_in_a_row < READY_ANSWERS && waiting.elapsed() < Duration::from_secs(300) {
            let (_, state) = chair
                .call(reqwest::Method::GET, &format!("/api/polls/{poll}"), None)
                .await?;
            if state["ballots_prepared"] == true {
                ready_in_a_row += 1;
            } else {
                ready_in_a_row = 0;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
    let prepare_wait = waiting.elapsed();
    let servers = if opts.server_pids.is_empty() {
        find_server_pid().into_iter().collect()
    } else {
        opts.server_pids.clone()
    };
    around_polls(opts.around_polls.as_deref(), "start").await?;
    let cpu_before_polls = total(&servers, cpu_seconds);
    let client_cpu_before = cpu_seconds(std::process::id());
    let database_cpu_before = opts.database_pid.and_then(tree_cpu_seconds);
    let proxy_cpu_before = opts.proxy_pid.and_then(tree_cpu_seconds);
    let flood = Arc::new(Flood::default());
    let stop_flood = Arc::new(Notify::new());
    let flooding = (opts.guess_flood > 0).then(|| {
        tokio::spawn(guess_flood(
            opts.url.clone(),
            opts.guess_flood,
            flood.clone(),
            stop_flood.clone(),
        ))
    });
    if flooding.is_some() {
        // The flood is at full rate, and its laptop blocked, before the
        // first poll opens.
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    let mut voting_time = Duration::ZERO;
    let mut counted_total = 0u64;
    for poll in polls {
        shared.answered.store(0, Ordering::SeqCst);
        let answered = shared.all_answered.notified();
        let opened = Instant::now();
        chair
            .post(&format!("/api/polls/{poll}/open"), json!({}))
            .await?;
        tokio::time::timeout(Duration::from_secs(300), answered)
            .await
            .context("ballots did not finish in 5 min")?;
        voting_time += opened.elapsed();
        *shared
            .close_sent
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(Instant::now());
        let closed = chair
            .post(&format!("/api/polls/{poll}/close"), json!({}))
            .await?;
        // What the count holds, not what the server says it received: the
        // sum of every counter of the result.
        counted_total += closed["result"]["options"].as_array().map_or(0, |options| {
            options
                .iter()
                .filter_map(|o| o["count"].as_u64())
                .sum::<u64>()
        });
    }
    stop_flood.notify_one();
    let polls_cpu = total(&servers, cpu_seconds)
        .zip(cpu_before_polls)
        .map(|(after, before)| after - before);
    let client_cpu = cpu_seconds(std::process::id())
        .zip(client_cpu_before)
        .map(|(after, before)| after - before);
    around_polls(opts.around_polls.as_deref(), "stop").await?;
    let database_cpu = opts
        .database_pid
        .and_then(tree_cpu_seconds)
        .zip(database_cpu_before)
        .map(|(after, before)| after - before);
    let proxy_cpu = opts
        .proxy_pid
        .and_then(tree_cpu_seconds)
        .zip(proxy_cpu_before)
        .map(|(after, before)| after - before);
    if let Some(flooding) = flooding {
        flooding.await?;
    }
    for t in tasks {
        t.await??;
    }
    let acked = shared.acked.load(Ordering::SeqCst) as u64;
    let failed = shared.failed.load(Ordering::SeqCst);
    let mut ack = shared
        .ack_ms
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let mut result = shared
        .result_ms
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let rss = total(&servers, |pid| memory_mb(pid, "VmRSS:"));
    // The peak over the server's life, not what is left after the run.
    let peak = total(&servers, |pid| memory_mb(pid, "VmHWM:"));
    // Ballots per CPU-second of everything that serves them (the servers
    // and, where it is a process of its own, the database): comparable
    // across machines and loads, unlike the latencies.
    let serving_cpu = polls_cpu.map(|s| s + database_cpu.unwrap_or(0.0));
    let per_cpu_s = serving_cpu.filter(|s| *s > 0.0).map(|s| acked as f64 / s);
    let lost =
        i64::try_from(acked).unwrap_or(i64::MAX) - i64::try_from(counted_total).unwrap_or(i64::MAX);
    Ok(json!({
        "delegates": n,
        "rounds": opts.rounds,
        "ballot_ack_p50_ms": round2(percentile(&mut ack, 50.0)),
        "ballot_ack_p99_ms": round2(percentile(&mut ack, 99.0)),
        "ballot_ack_max_ms": round2(percentile(&mut ack, 100.0)),
        "ballots_per_s": round2(acked as f64 / voting_time.as_secs_f64()),
        "close_to_result_all_p99_ms": round2(percentile(&mut result, 99.0)),
        // How long the chair waited, after the chamber had checked in, for
        // the secret polls' ballots to be encrypted ahead.
        "prepare_wait_s": round2(prepare_wait.as_secs_f64()),
        // The server's CPU time from the first poll's opening to the last
        // one's result (with the flood, its guesses too): load-independent.
        "server_cpu_polls_s": polls_cpu.map(round2),
        // The database's (PostgreSQL's processes) over the same span.
        "database_cpu_polls_s": database_cpu.map(round2),
        "proxy_cpu_polls_s": proxy_cpu.map(round2),
        // This load generator's, sharing the machine with the server.
        "client_cpu_polls_s": client_cpu.map(round2),
        "ballots_per_cpu_s": per_cpu_s.map(round2),
        // The servers' CPU time per acknowledged ballot, the open and
        // close included.
        "server_cpu_us_per_ballot": polls_cpu
            .filter(|_| acked > 0)
            .map(|s| round2(s * 1e6 / acked as f64)),
        "servers": servers.len(),
        "server_rss_mb": rss.map(round2),
        "server_peak_rss_mb": peak.map(round2),
        "failed_ballots": failed,
        // Acknowledged ballots missing from the counters (negative: counted
        // more than acknowledged, which double_counted names).
        "lost_ballots": lost,
        "double_counted": (-lost).max(0),
        "guess_flood": {
            "per_s": opts.guess_flood,
            "sent": flood.sent.load(Ordering::Relaxed),
            "throttled": flood.throttled.load(Ordering::Relaxed),
            "refused": flood.refused.load(Ordering::Relaxed),
            "unanswered": flood.unanswered.load(Ordering::Relaxed),
            "other": flood.other.load(Ordering::Relaxed),
        },
    }))
}

async fn c_check_in(client: &Client, session: i64, person: i64) -> anyhow::Result<()> {
    client
        .post(
            &format!("/api/sessions/{session}/attendance/{person}"),
            json!({ "action": "check_in", "mode": "chamber" }),
        )
        .await
        .map(drop)
}

/// One delegate's laptop: votes when a poll opens, notes when results come.
async fn delegate_client(
    resp: reqwest::Response,
    client: Client,
    person: i64,
    rounds: usize,
    n: usize,
    shared: Arc<Shared>,
) -> anyhow::Result<()> {
    let _ = person;
    let mut events = eventsource_stream::EventStream::new(resp.bytes_stream());
    let mut results = 0;
    while results < rounds {
        let event = match tokio::time::timeout(Duration::from_secs(300), events.next()).await {
            Ok(Some(Ok(e))) => e,
            other => bail!("live stream ended: {other:?}"),
        };
        if event.data.is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&event.data)?;
        match v["kind"].as_str() {
            Some("poll.opened") => {
                let poll = v["payload"]["poll"]["id"].as_i64().context("poll id")?;
                let choice = ["yes", "no", "abstain"][rand::thread_rng().gen_range(0..3)];
                let (client, shared) = (client.clone(), shared.clone());
                tokio::spawn(async move {
                    let sent = Instant::now();
                    let ok = matches!(
                        client
                            .call(
                                reqwest::Method::POST,
                                &format!("/api/polls/{poll}/ballot"),
                                Some(json!({ "choice": choice }))
                            )
                            .await,
                        Ok((200, _))
                    );
                    let took = ms(sent.elapsed());
                    if ok {
                        shared
                            .ack_ms
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .push(took);
                        shared.acked.fetch_add(1, Ordering::SeqCst);
                    } else {
                        shared.failed.fetch_add(1, Ordering::SeqCst);
                    }
                    if shared.answered.fetch_add(1, Ordering::SeqCst) + 1 == n {
                        shared.all_answered.notify_one();
                    }
                });
            }
            Some("poll.closed") => {
                let sent = *shared
                    .close_sent
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                if let Some(sent) = sent {
                    shared
                        .result_ms
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(ms(sent.elapsed()));
                }
                results += 1;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The one `kyhop serve` (or `kyhop demo`) process on this machine, if there is exactly one.
fn find_server_pid() -> Option<u32> {
    let me = std::process::id();
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if pid == me {
            continue;
        }
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
        let is_kyhop = args.first().is_some_and(|a| a.ends_with(b"kyhop"));
        if is_kyhop && args.get(1).is_some_and(|a| *a == b"serve" || *a == b"demo") {
            found.push(pid);
        }
    }
    (found.len() == 1).then(|| found[0])
}

/// CPU time (user + system) the process has used so far, in seconds
/// (`/proc/PID/stat`, in clock ticks of 1/100 s on Linux).
fn cpu_seconds(pid: u32) -> Option<f64> {
    stat_ticks(pid).map(|(own, _)| own / 100.0)
}

/// The sum of `figure` over `pids`, if every one has it.
fn total(pids: &[u32], figure: impl Fn(u32) -> Option<f64>) -> Option<f64> {
    if pids.is_empty() {
        return None;
    }
    pids.iter().map(|pid| figure(*pid)).sum()
}

/// CPU time of a process and of its children, live (each's own) and
/// ended (what the parent collected): PostgreSQL's postmaster and its
/// backends.
fn tree_cpu_seconds(parent: u32) -> Option<f64> {
    let (own, ended) = stat_ticks(parent)?;
    let mut ticks = own + ended;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if parent_of(pid) == Some(parent) {
            ticks += stat_ticks(pid).map_or(0.0, |(own, _)| own);
        }
    }
    Some(ticks / 100.0)
}

/// The fields of `/proc/PID/stat` after the command name (which is in
/// parentheses and may hold spaces).
fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    Some(
        stat.rsplit_once(')')?
            .1
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    )
}

/// (user + system, children's user + system) clock ticks of a process.
fn stat_ticks(pid: u32) -> Option<(f64, f64)> {
    let fields = stat_fields(pid)?;
    let tick = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    Some((tick(11)? + tick(12)?, tick(13)? + tick(14)?))
}

fn parent_of(pid: u32) -> Option<u32> {
    stat_fields(pid)?.get(1)?.parse().ok()
}

/// A memory figure of `/proc/PID/status` (`VmRSS:`, `VmHWM:`), in MB.
fn memory_mb(pid: u32, field: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix(field))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}
