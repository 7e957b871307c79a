//! Two instances on one PostgreSQL database behind nginx, a chamber of 200
//! delegates spread over both, and one instance killed in the middle of a
//! vote (issue "PostgreSQL and several server instances": tests). Every
//! delegate follows the session's live stream through nginx as the web UI
//! does (reconnecting with the last event id it saw); every ballot is sent
//! again after a 502 until it is acknowledged or answered "already voted".
//!
//! Shown: the one-open-poll rule holds when two instances are asked at
//! once; each delegate's stream, over the whole session, is exactly the
//! database's log — no gap, no duplicate — whichever instance served it and
//! after the kill; those cut off by the kill are served again within 2 s;
//! and each count is the ballots acknowledged, none lost.

use crate::common;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::nginx::Nginx;
use common::{new_poll, Api, Chamber, Database, Server};
use futures_util::StreamExt;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const DELEGATES: usize = 200;

/// What one delegate's live stream delivered, and when it was lost and
/// served again.
#[derive(Default)]
struct Followed {
    seen: Vec<i64>,
    lost_at: Vec<Instant>,
    served_again_at: Vec<Instant>,
}

/// Follows `path` after event `after` until event `until` (once known,
/// non-zero) has arrived, reconnecting whenever the stream ends or fails.
async fn follow(api: Api, path: String, after: i64, until: Arc<AtomicI64>) -> Followed {
    let mut followed = Followed::default();
    let mut last = after;
    let give_up = Instant::now() + Duration::from_secs(300);
    let reached = |last: i64| {
        let until = until.load(Ordering::SeqCst);
        until > 0 && last >= until
    };
    while !reached(last) {
        assert!(
            Instant::now() < give_up,
            "a stream stalled at {last}: {:?}",
            until.load(Ordering::SeqCst)
        );
        let answer = api
            .request(Method::GET, &path)
            .header("Last-Event-ID", last.to_string())
            .send()
            .await;
        let response = match answer {
            Ok(r) if r.status() == StatusCode::OK => r,
            _ => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        if followed.lost_at.len() > followed.served_again_at.len() {
            followed.served_again_at.push(Instant::now());
        }
        let mut events = eventsource_stream::EventStream::new(response.bytes_stream());
        loop {
            match tokio::time::timeout(Duration::from_millis(500), events.next()).await {
                Ok(Some(Ok(event))) if !event.data.is_empty() => {
                    let id: i64 = event.id.parse().expect("an event id");
                    followed.seen.push(id);
                    last = id;
                }
                Ok(Some(Ok(_))) => {}
                Ok(Some(Err(_)) | None) => {
                    followed.lost_at.push(Instant::now());
                    break;
                }
                Err(_) if reached(last) => return followed,
                Err(_) => {}
            }
            if reached(last) {
                return followed;
            }
        }
    }
    followed
}

/// How a ballot ended.
#[derive(Debug, PartialEq)]
enum Cast {
    /// Acknowledged (200).
    Recorded,
    /// Sent again after a failure, and already counted: the first attempt
    /// was committed before its answer was lost.
    AlreadyCounted,
}

/// Casts a ballot through nginx, sending it again while no instance
/// answers it (502, 503, 504).
async fn cast(api: &Api, poll: i64, ballot: Value) -> Cast {
    let mut tries = 0;
    loop {
        let (s, body) = api
            .post(&format!("/api/polls/{poll}/ballot"), ballot.clone())
            .await;
        match s {
            StatusCode::OK => return Cast::Recorded,
            StatusCode::CONFLICT if body["code"] == "already_voted" && tries > 0 => {
                return Cast::AlreadyCounted
            }
            StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT => {
                tries += 1;
                assert!(tries < 100, "the ballot found no instance: {body}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            _ => panic!("ballot answered {s}: {body}"),
        }
    }
}

/// Every delegate votes (`ballot(i)`), spread over about a second; when
/// `kill` is given, it is called half way. Returns who was acknowledged.
async fn vote_all(
    delegates: &[(i64, Api)],
    poll: i64,
    ballot: impl Fn(usize) -> Value,
    kill: Option<Box<dyn FnOnce() -> tokio::task::JoinHandle<Instant> + Send>>,
) -> (Vec<(i64, Cast)>, Option<Instant>) {
    let votes = delegates.iter().enumerate().map(|(i, (person, api))| {
        let (api, body, person) = (api.clone(), ballot(i), *person);
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(5 * i as u64)).await;
            (person, cast(&api, poll, body).await)
        })
    });
    let votes: Vec<_> = votes.collect();
    let killed = match kill {
        Some(kill) => {
            tokio::time::sleep(Duration::from_millis(5 * DELEGATES as u64 / 2)).await;
            Some(kill().await.expect("the kill"))
        }
        None => None,
    };
    let mut cast = Vec::new();
    for v in votes {
        cast.push(v.await.expect("a ballot"));
    }
    (cast, killed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_behind_nginx_lose_nothing_when_one_is_killed_mid_poll() {
    let url = kyhop_test_postgres::fresh_database();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let trust = ["--db", &url, "--trusted-proxy", "127.0.0.1"];
    let a = Server::start_in(&dir, &trust).await;
    let b = Server::start_in(&dir, &trust).await;
    let nginx = Nginx::start(&[&a.url, &b.url]);
    let c = Chamber::new(&a, DELEGATES as u32).await;
    let item = c.start_at_item(1).await;
    c.check_in(0..DELEGATES).await;
    let via_nginx = |api: &Api| api.clone_with_url(&nginx.url);
    let delegates: Vec<(i64, Api)> = c
        .delegates
        .iter()
        .map(|(person, api)| (*person, via_nginx(api)))
        .collect();
    let chair = via_nginx(&c.chair);

    // Every delegate follows the session through nginx from here on.
    let stream = format!("/api/sessions/{}/events", c.session);
    let (_, snapshot) = chair
        .get(&format!("/api/sessions/{}/snapshot", c.session))
        .await;
    let start = snapshot["seq"].as_i64().unwrap();
    let until = Arc::new(AtomicI64::new(0));
    let followers: Vec<_> = delegates
        .iter()
        .map(|(_, api)| tokio::spawn(follow(api.clone(), stream.clone(), start, until.clone())))
        .collect();

    // Two polls opened at once, one through each instance: one opens.
    let secret = new_poll(
        &c,
        item,
        json!({ "kind": "secret", "title": "Biểu quyết kín" }),
    )
    .await;
    let named = new_poll(
        &c,
        item,
        json!({ "kind": "named", "title": "Biểu quyết công khai" }),
    )
    .await;
    let open = |api: Api, poll: i64| async move {
        api.post(
            &format!("/api/polls/{poll}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await
    };
    let (on_a, on_b) = tokio::join!(
        open(c.chair.clone(), secret),
        open(c.chair.clone_with_url(&b.url), named)
    );
    let opened: Vec<bool> = [&on_a, &on_b].iter().map(|(s, _)| s.is_success()).collect();
    assert_eq!(
        opened.iter().filter(|o| **o).count(),
        1,
        "exactly one poll opens: {on_a:?} {on_b:?}"
    );
    let refused = if opened[0] { &on_b } else { &on_a };
    assert_eq!(refused.0, StatusCode::CONFLICT, "{refused:?}");
    let (first, second) = if opened[0] {
        (secret, named)
    } else {
        (named, secret)
    };

    let choices = ["yes", "no", "abstain", "yes"];
    let ballot = |i: usize| json!({ "choice": choices[i % choices.len()] });
    let close = |poll: i64| {
        let chair = chair.clone();
        async move {
            chair
                .create(&format!("/api/polls/{poll}/close"), json!({}))
                .await
        }
    };

    // The first poll with both instances.
    let (cast, _) = vote_all(&delegates, first, ballot, None).await;
    assert!(cast.iter().all(|(_, c)| *c == Cast::Recorded));
    let closed = close(first).await;
    assert_eq!(closed["result"]["ballots_cast"], DELEGATES, "{closed}");

    // The second, with instance A killed half way through the ballots.
    chair
        .create(
            &format!("/api/polls/{second}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    let kill: Box<dyn FnOnce() -> tokio::task::JoinHandle<Instant> + Send> = Box::new(move || {
        tokio::spawn(async move {
            let at = Instant::now();
            a.kill().await;
            at
        })
    });
    let (cast, killed) = vote_all(&delegates, second, ballot, Some(kill)).await;
    let killed = killed.expect("A was killed");
    let resent = cast
        .iter()
        .filter(|(_, c)| *c == Cast::AlreadyCounted)
        .count();
    let closed = close(second).await;
    assert_eq!(
        closed["result"]["ballots_cast"], DELEGATES,
        "every ballot acknowledged is counted once ({resent} answered 'already voted' when sent again): {closed}"
    );
    if second == named {
        let counted: BTreeSet<i64> = closed["result"]["named"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["person_id"].as_i64().unwrap())
            .collect();
        let acknowledged: BTreeSet<i64> = cast.iter().map(|(p, _)| *p).collect();
        assert_eq!(counted, acknowledged);
    }

    // Each stream is the database's log, once, in order.
    let (_, snapshot) = chair
        .get(&format!("/api/sessions/{}/snapshot", c.session))
        .await;
    let head = snapshot["seq"].as_i64().unwrap();
    until.store(head, Ordering::SeqCst);
    let db = Database::Postgres(sqlx::PgPool::connect(&url).await.unwrap());
    let logged = db
        .ints(&format!(
            "SELECT seq FROM events WHERE stream = 'session:{}' AND seq > {start} ORDER BY seq",
            c.session
        ))
        .await;
    assert_eq!(logged.last(), Some(&head));
    let mut cut_off = 0;
    let mut slowest = Duration::ZERO;
    for (n, follower) in followers.into_iter().enumerate() {
        let followed = follower.await.expect("a follower");
        assert_eq!(followed.seen, logged, "delegate {n}'s stream");
        for (lost, again) in followed.lost_at.iter().zip(&followed.served_again_at) {
            if *lost >= killed {
                cut_off += 1;
                slowest = slowest.max(*again - killed);
                assert!(
                    *again - killed < Duration::from_secs(2),
                    "delegate {n} was served again {:?} after the kill",
                    *again - killed
                );
            }
        }
    }
    assert!(
        cut_off > DELEGATES / 4,
        "control: the kill cut off the streams A served ({cut_off})"
    );
    eprintln!(
        "{DELEGATES} delegates, {} events each; kill cut off {cut_off} streams, all served again within {slowest:?}; {resent} ballots answered 'already voted' when sent again",
        logged.len()
    );
    db.close().await;
    assert!(!nginx.log().contains("[emerg]"), "{}", nginx.log());
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_one_laptops_guesses_block_that_laptop_only() {
    for trusted in [false, true] {
        let args: &[&str] = if trusted {
            &["--trusted-proxy", "127.0.0.1"]
        } else {
            &[]
        };
        let server = Server::start_with(args).await;
        let fx = common::Fixture::new(&server).await;
        let nginx = Nginx::start(&[&server.url]);
        // One laptop guesses card codes through the proxy until refused.
        let guesser = common::client_from(&nginx.url, "127.0.0.2");
        let mut refused = None;
        for _ in 0..12 {
            let (s, body) = guesser
                .post("/api/auth/pair", json!({ "code": "ABCD-EFGH" }))
                .await;
            if s == StatusCode::TOO_MANY_REQUESTS {
                refused = Some(body);
                break;
            }
            assert_eq!(s, StatusCode::UNAUTHORIZED, "{body}");
        }
        assert!(refused.is_some(), "the guesser is blocked");
        // Another laptop pairs with its real card through the same proxy.
        let card = fx
            .admin
            .create(
                &format!("/api/people/{}/pairing-code", fx.delegates[3]),
                json!({}),
            )
            .await;
        let (s, body) = common::client_from(&nginx.url, "127.0.0.3")
            .post("/api/auth/pair", json!({ "code": card["code"] }))
            .await;
        if trusted {
            assert_eq!(s, StatusCode::OK, "the honest laptop pairs: {body}");
        } else {
            // The control: without it, every laptop is the proxy, and one
            // guesser locks the chamber out.
            assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{body}");
        }
        drop(nginx);
        server.stop().await;
    }
}
