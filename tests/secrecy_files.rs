//! A secret ballot against whoever copies the database files (issue
//! "Secret ballots…", forensic linkage test).
//!
//! The review linked every voter of a secret poll to their choice by
//! diffing copies of the SQLite files: the commit that adds a voter's row is
//! the one that moves a counter. This test runs that attack on a real
//! server: copies of the main file, `-wal` and `-shm` taken after each
//! ballot, and the `-wal` left by a SIGKILL cut at each of its commits. A
//! named poll run the same way is the control: there the attack must link
//! every voter, or it proves nothing about the secret poll, where it must
//! link none. The same files are then searched for the counting key and the
//! poll's private key in the clear.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use common::{new_poll, Chamber, Server};
use kyhop_store::secret_count::{CountingKey, SealedPollKey};
use serde_json::json;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, Row};

const VOTERS: usize = 10;
const FILES: [&str; 3] = ["kyhop.db", "kyhop.db-wal", "kyhop.db-shm"];

/// What one state of the database says about one poll.
#[derive(Debug, Default, Clone)]
struct PollRows {
    voters: BTreeSet<i64>,
    counters: BTreeMap<(i64, String), i64>,
    ciphertexts: Vec<Vec<u8>>,
    /// The poll's key row as stored: (public key, sealed private key, counting key id).
    key: Option<(Vec<u8>, Option<Vec<u8>>, String)>,
}

/// Copies the database files that exist in `from` into a new directory.
fn copy_files(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for name in FILES {
        if from.join(name).exists() {
            std::fs::copy(from.join(name), to.join(name)).unwrap();
        }
    }
}

/// Opens a copy of the files in `dir` and reads the rows of each poll.
async fn read_polls(dir: &Path, polls: &[i64]) -> Vec<PollRows> {
    let url = format!("sqlite://{}", dir.join("kyhop.db").display());
    let mut conn = SqliteConnectOptions::from_str(&url)
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut all = Vec::new();
    for &poll in polls {
        let mut rows = PollRows::default();
        for r in sqlx::query("SELECT person_id FROM poll_voters WHERE poll_id = ?")
            .bind(poll)
            .fetch_all(&mut conn)
            .await
            .unwrap()
        {
            rows.voters.insert(r.get(0));
        }
        for r in sqlx::query("SELECT option_id, rating, count FROM poll_tallies WHERE poll_id = ?")
            .bind(poll)
            .fetch_all(&mut conn)
            .await
            .unwrap()
        {
            rows.counters.insert((r.get(0), r.get(1)), r.get(2));
        }
        rows.ciphertexts =
            sqlx::query_scalar("SELECT ciphertexts FROM secret_ballots WHERE poll_id = ?")
                .bind(poll)
                .fetch_all(&mut conn)
                .await
                .unwrap();
        rows.key = sqlx::query_as(
            "SELECT public_key, sealed_secret, counting_key_id FROM poll_keys WHERE poll_id = ?",
        )
        .bind(poll)
        .fetch_optional(&mut conn)
        .await
        .unwrap();
        all.push(rows);
    }
    // Closed here, not dropped: a close that runs later would check the
    // copy's log into its main file and delete it by name.
    conn.close().await.unwrap();
    all
}

/// The review's attack on a sequence of states of one poll: where exactly
/// one voter appeared and exactly one counter moved, that voter chose that
/// counter's option.
fn links(states: &[PollRows]) -> BTreeMap<i64, i64> {
    let mut found = BTreeMap::new();
    for pair in states.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        let new_voters: Vec<i64> = after.voters.difference(&before.voters).copied().collect();
        let moved: Vec<i64> = after
            .counters
            .iter()
            .filter(|(key, count)| before.counters.get(*key).copied().unwrap_or(0) < **count)
            .map(|((option, _), _)| *option)
            .collect();
        if let ([voter], [option]) = (new_voters.as_slice(), moved.as_slice()) {
            found.insert(*voter, *option);
        }
    }
    found
}

/// The byte lengths of the `-wal` prefixes that end at each commit: a copy
/// of the main file with the `-wal` cut there is the database as that
/// commit left it.
fn wal_commit_prefixes(wal: &[u8]) -> Vec<usize> {
    let be = |at: usize| u32::from_be_bytes(wal[at..at + 4].try_into().unwrap());
    assert!(wal.len() >= 32, "the -wal has no header");
    assert!(matches!(be(0), 0x377f_0682 | 0x377f_0683), "not a WAL file");
    let page = be(8) as usize;
    let (salt1, salt2) = (be(16), be(20));
    let mut prefixes = Vec::new();
    let mut at = 32;
    while at + 24 + page <= wal.len() {
        if be(at + 8) != salt1 || be(at + 12) != salt2 {
            break; // a frame of an earlier generation of the log
        }
        if be(at + 4) != 0 {
            prefixes.push(at + 24 + page);
        }
        at += 24 + page;
    }
    prefixes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every file the attacker holds: the copies and the files left by the kill.
fn every_file(dirs: &[PathBuf]) -> Vec<(PathBuf, Vec<u8>)> {
    dirs.iter()
        .flat_map(|d| FILES.iter().map(move |f| d.join(f)))
        .filter(|p| p.exists())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copies_of_the_database_files_link_no_voter_to_a_secret_choice() {
    let server = Server::start_on_sqlite().await;
    let chamber = Chamber::new(&server, VOTERS as u32).await;
    let item = chamber.start_at_item(1).await;
    chamber.check_in(0..VOTERS).await;
    let options = ["yes", "no", "abstain", "yes", "no"];
    let choice = |i: usize| options[i % options.len()];

    // The log starts empty before the polls, so that it holds every commit
    // of both (the attacker could as well have copied it more often).
    {
        let mut live = SqliteConnectOptions::from_str(&server.db_url())
            .unwrap()
            .connect()
            .await
            .unwrap();
        let busy: i64 = sqlx::query_scalar("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&mut live)
            .await
            .unwrap();
        assert_eq!(busy, 0, "the log was emptied");
    }

    let work = tempfile::tempdir().unwrap();
    let mut snapshot_dirs = Vec::new();
    let mut polls = Vec::new();
    // Per poll: the option id of each voter's true choice.
    let mut truth: Vec<BTreeMap<i64, i64>> = Vec::new();
    for kind in ["named", "secret"] {
        let poll = new_poll(
            &chamber,
            item,
            json!({ "kind": kind, "title": format!("Biểu quyết ({kind})") }),
        )
        .await;
        let opened = chamber
            .chair
            .create(
                &format!("/api/polls/{poll}/open"),
                json!({ "below_quorum_confirmed": true }),
            )
            .await;
        assert_eq!(
            opened["public_key"].is_string(),
            kind == "secret",
            "{opened}"
        );
        let option_of = |kind: &str| common::option_id(&opened, kind);
        let mut chosen = BTreeMap::new();
        let dir = work.path().join(format!("{kind}-open"));
        copy_files(&server.data_dir, &dir);
        snapshot_dirs.push(dir);
        // One ballot per commit, a copy of the files after each.
        for (i, (person, api)) in chamber.delegates.iter().enumerate() {
            let (s, receipt) = api
                .post(
                    &format!("/api/polls/{poll}/ballot"),
                    json!({ "choice": choice(i) }),
                )
                .await;
            assert!(s.is_success(), "{receipt}");
            chosen.insert(*person, option_of(choice(i)));
            let dir = work.path().join(format!("{kind}-{i:02}"));
            copy_files(&server.data_dir, &dir);
            snapshot_dirs.push(dir);
        }
        let closed = chamber
            .chair
            .create(&format!("/api/polls/{poll}/close"), json!({}))
            .await;
        assert_eq!(closed["result"]["ballots_cast"], VOTERS);
        polls.push(poll);
        truth.push(chosen);
    }
    let key_file = server.data_dir.with_file_name("data.counting-key");
    let counting =
        CountingKey::from_file_text(&std::fs::read_to_string(&key_file).unwrap()).unwrap();
    let data_dir = server.data_dir.clone();
    // Once the secret poll is counted and its key destroyed, the server
    // empties its log (the log keeps every page each commit changed).
    let wal = data_dir.join("kyhop.db-wal");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::fs::metadata(&wal).map_or(0, |m| m.len()) > 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the log was not truncated after the close"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _tmp = server.kill().await;
    let left = work.path().join("left-by-the-kill");
    copy_files(&data_dir, &left);
    let backup = work.path().join("backup");
    copy_files(&data_dir, &backup);

    // Attack 1: consecutive copies.
    let mut by_copy: Vec<Vec<PollRows>> = vec![Vec::new(), Vec::new()];
    for (n, dir) in snapshot_dirs.iter().enumerate() {
        // Read a copy of the copy: opening a database writes to its files.
        let scratch = work.path().join(format!("scratch-{n:02}"));
        copy_files(dir, &scratch);
        for (p, rows) in read_polls(&scratch, &polls).await.into_iter().enumerate() {
            by_copy[p].push(rows);
        }
    }
    // Attack 2: the -wal as copied after the last secret ballot (before the
    // close empties it), cut at each commit.
    let after_the_vote = snapshot_dirs.last().expect("copies were taken");
    let wal = std::fs::read(after_the_vote.join("kyhop.db-wal")).unwrap();
    let prefixes = wal_commit_prefixes(&wal);
    let mut by_commit: Vec<Vec<PollRows>> = vec![Vec::new(), Vec::new()];
    for (n, &len) in prefixes.iter().enumerate() {
        let cut = work.path().join(format!("commit-{n:03}"));
        std::fs::create_dir_all(&cut).unwrap();
        std::fs::copy(after_the_vote.join("kyhop.db"), cut.join("kyhop.db")).unwrap();
        std::fs::write(cut.join("kyhop.db-wal"), &wal[..len]).unwrap();
        for (p, rows) in read_polls(&cut, &polls).await.into_iter().enumerate() {
            by_commit[p].push(rows);
        }
        std::fs::remove_dir_all(&cut).unwrap();
    }
    let voters_seen = |states: &[PollRows]| {
        states
            .iter()
            .map(|s| s.voters.len())
            .collect::<BTreeSet<_>>()
    };
    for (p, states) in by_commit.iter().enumerate() {
        assert!(
            (0..=VOTERS).all(|n| voters_seen(states).contains(&n)),
            "the cut -wal shows poll {} after every ballot",
            polls[p]
        );
    }

    // The control: the attack links every voter of the named poll, correctly.
    for (attack, states) in [("copies", &by_copy[0]), ("-wal cuts", &by_commit[0])] {
        let voters: Vec<usize> = states.iter().map(|s| s.voters.len()).collect();
        assert_eq!(
            links(states),
            truth[0],
            "the attack on {attack} works on a named poll (voters per state: {voters:?})"
        );
    }
    // The secret poll: no link, and no counter moves before the close.
    for states in [&by_copy[1], &by_commit[1]] {
        assert_eq!(
            links(states),
            BTreeMap::new(),
            "a voter of the secret poll linked"
        );
        for s in states
            .iter()
            .filter(|s| s.voters.len() < VOTERS || s.key.as_ref().is_some_and(|k| k.1.is_some()))
        {
            assert!(
                s.counters.values().all(|&c| c == 0),
                "a counter moved while the secret poll was open"
            );
        }
    }
    // What the secret poll stores per ballot is opaque and of one size.
    let during = by_copy[1]
        .iter()
        .rfind(|s| s.voters.len() == VOTERS)
        .expect("a copy after the last secret ballot");
    assert_eq!(during.ciphertexts.len(), VOTERS);
    let sizes: BTreeSet<usize> = during.ciphertexts.iter().map(Vec::len).collect();
    assert_eq!(
        sizes.len(),
        1,
        "every choice encrypts to the same size: {sizes:?}"
    );

    // Neither the counting key nor the poll's private key is in any file.
    let (public_key, sealed, key_id) = during.key.clone().expect("the open poll's key row");
    let poll_key = SealedPollKey {
        public_key,
        sealed_secret: sealed.expect("sealed while open"),
        counting_key_id: key_id,
    }
    .open(&counting, polls[1])
    .expect("the insider with the counting key opens it");
    let secret = poll_key.secret_bytes();
    let key_text = std::fs::read_to_string(&key_file).unwrap();
    let key_hex = key_text.split_whitespace().nth(1).unwrap();
    let key_bytes = hex::decode(key_hex).unwrap();
    let mut dirs = snapshot_dirs.clone();
    dirs.extend([left.clone(), backup.clone()]);
    for (path, bytes) in every_file(&dirs) {
        for (what, needle) in [
            ("the counting key", key_bytes.as_slice()),
            ("the counting key (hex)", key_hex.as_bytes()),
            ("the poll's private key", secret.as_slice()),
        ] {
            assert!(!contains(&bytes, needle), "{what} is in {}", path.display());
        }
    }
    // After the close, not even the sealed key is left in any file: not in
    // the main file (secure_delete), not in the log (truncated). The control:
    // copies taken while the poll was open hold it.
    let sealed_secret = during.key.as_ref().and_then(|k| k.1.clone()).unwrap();
    assert!(
        every_file(&snapshot_dirs[VOTERS + 1..])
            .iter()
            .any(|(_, b)| contains(b, &sealed_secret)),
        "copies during the poll hold the sealed key"
    );
    for (path, bytes) in every_file(&[left.clone(), backup.clone()]) {
        assert!(
            !contains(&bytes, &sealed_secret),
            "the destroyed poll key is still in {}",
            path.display()
        );
    }
    // Once counted, the sealed key is gone from the database.
    let after = read_polls(&backup, &polls).await;
    assert!(
        after[1].key.as_ref().is_some_and(|k| k.1.is_none()),
        "the poll key is destroyed"
    );
    assert!(
        after[1].ciphertexts.is_empty(),
        "the ciphertexts live on only in the record"
    );
    let totals: Vec<i64> = after[1].counters.values().copied().collect();
    assert_eq!(totals.iter().sum::<i64>(), VOTERS as i64);
}
