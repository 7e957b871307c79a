//! Crash test: ballots flow while the server is killed with SIGKILL at
//! random moments, again and again. After every restart the poll is still
//! open and its counts hold every acknowledged ballot, none twice. Most
//! rounds are secret polls, whose ballots are encrypted on receipt and
//! counted from their ciphertexts; the counting key is never in the data
//! directory.

use crate::common;

use std::time::Duration;

use common::{Api, Chamber, Server};
use rand::Rng;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Rounds, each ended by a SIGKILL; three of every four are secret polls.
const ROUNDS: usize = 28;
const VOTERS: usize = 30;

struct Round {
    poll: i64,
    named: bool,
    /// (delegate index, choice) whose ballots were acknowledged.
    acked: Vec<(usize, &'static str)>,
    /// Every ballot sent, acknowledged or not.
    sent: Vec<(usize, &'static str)>,
}

fn count(ballots: &[(usize, &'static str)], choice: &str) -> u64 {
    ballots.iter().filter(|(_, c)| *c == choice).count() as u64
}

/// After a restart: the poll of the round is still open, and every
/// acknowledged ballot is in its count exactly once.
async fn verify(chair: &Api, chamber: &Chamber, round: &Round) {
    let (s, poll) = chair.get(&format!("/api/polls/{}", round.poll)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(poll["state"], "open", "the poll survives the crash open");
    let cast = poll["ballots_cast"].as_u64().unwrap();
    assert!(
        round.acked.len() as u64 <= cast && cast <= round.sent.len() as u64,
        "{} acknowledged, {} sent, {cast} counted",
        round.acked.len(),
        round.sent.len()
    );
    let closed = chair
        .create(&format!("/api/polls/{}/close", round.poll), json!({}))
        .await;
    let result = &closed["result"];
    let mut total = 0;
    for choice in ["yes", "no", "abstain"] {
        let counted = result["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["kind"] == choice)
            .unwrap()["count"]
            .as_u64()
            .unwrap();
        assert!(
            count(&round.acked, choice) <= counted && counted <= count(&round.sent, choice),
            "{choice}: {} acknowledged, {counted} counted, {} sent",
            count(&round.acked, choice),
            count(&round.sent, choice)
        );
        total += counted;
    }
    assert_eq!(total, cast, "every counted ballot is counted once");
    assert_eq!(result["ballots_cast"].as_u64(), Some(cast));
    if round.named {
        // An empty list is left out of the result.
        let named: &[Value] = result["named"].as_array().map_or(&[], Vec::as_slice);
        assert_eq!(named.len() as u64, cast);
        for (i, choice) in &round.acked {
            let person = chamber.delegates[*i].0;
            let entry = named
                .iter()
                .find(|n| n["person_id"] == person)
                .expect("acknowledged voter listed");
            assert_eq!(entry["option"], *choice);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_ballots_loses_and_duplicates_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    // The data directory inside the temporary one: the counting key goes beside it.
    let data = tmp.path().join("data");
    let dir = data.as_path();
    let mut server = Server::start_in(dir, &[]).await;
    let chamber = Chamber::new(&server, VOTERS as u32).await;
    chamber.check_in(0..VOTERS).await;
    let s = chamber.session;
    chamber
        .chair
        .create(
            &format!("/api/sessions/{s}/start"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    let item = chamber.items[1];
    let mut previous: Option<Round> = None;
    let mut rng = rand::thread_rng();
    let mut total_acked = 0;

    for r in 0..ROUNDS {
        let chair = chamber.chair.clone_with_url(&server.url);
        if let Some(round) = previous.take() {
            verify(&chair, &chamber, &round).await;
        }
        let named = r % 4 == 0;
        let kind = if named { "named" } else { "secret" };
        let poll = chair
            .create(
                &format!("/api/agenda-items/{item}/polls"),
                json!({ "kind": kind, "title": format!("Vòng {r}") }),
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

        let mut sent = Vec::new();
        let mut voters = Vec::new();
        let (ack_tx, mut first_ack) = tokio::sync::mpsc::unbounded_channel::<()>();
        for i in 0..VOTERS {
            let choice = ["yes", "no", "abstain"][rng.gen_range(0..3)];
            sent.push((i, choice));
            let api = chamber.delegates[i].1.clone_with_url(&server.url);
            let ack_tx = ack_tx.clone();
            voters.push(tokio::spawn(async move {
                let resp = api
                    .request(reqwest::Method::POST, &format!("/api/polls/{poll}/ballot"))
                    .json(&json!({ "choice": choice }))
                    .send()
                    .await;
                let acked = matches!(resp, Ok(r) if r.status() == StatusCode::OK);
                if acked {
                    let _ = ack_tx.send(());
                }
                acked
            }));
        }
        // Half the rounds are killed at any moment of the burst, even before
        // the first answer; the other half just after some ballot is
        // answered, so that every backend, however fast it commits, is
        // killed with some ballots acknowledged and others in flight.
        if r % 2 == 1 {
            let _ = tokio::time::timeout(Duration::from_secs(10), first_ack.recv()).await;
            tokio::time::sleep(Duration::from_millis(rng.gen_range(0..10))).await;
        } else {
            tokio::time::sleep(Duration::from_millis(rng.gen_range(0..40))).await;
        }
        server.kill().await;
        let mut acked = Vec::new();
        for (voter, ballot) in voters.into_iter().zip(&sent) {
            if voter.await.unwrap() {
                acked.push(*ballot);
            }
        }
        total_acked += acked.len();
        previous = Some(Round {
            poll,
            named,
            acked,
            sent,
        });
        server = Server::start_in(dir, &[]).await;
    }
    let chair = chamber.chair.clone_with_url(&server.url);
    if let Some(round) = previous.take() {
        verify(&chair, &chamber, &round).await;
    }
    assert!(
        total_acked > 0,
        "some ballots were acknowledged before the kills"
    );
    let (ok, report) = common::audit(&server.db_url());
    assert!(ok, "{report}");
    // The counting key, in any form, is in no file of the data directory.
    let key_text = std::fs::read_to_string(tmp.path().join("data.counting-key")).unwrap();
    let key_hex = key_text.split_whitespace().nth(1).unwrap().to_owned();
    let key_bytes = hex::decode(&key_hex).unwrap();
    let mut files = vec![dir.to_path_buf()];
    let mut searched = 0;
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        for needle in [key_bytes.as_slice(), key_hex.as_bytes()] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "the counting key is in {}",
                path.display()
            );
        }
        searched += 1;
    }
    assert!(searched >= 3, "the database files were searched");
    println!("{ROUNDS} kills, {total_acked} acknowledged ballots, none lost");
}
