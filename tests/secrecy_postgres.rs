//! A secret ballot against whoever copies PostgreSQL's files (issue
//! "PostgreSQL and several server instances", deliver 4).
//!
//! PostgreSQL keeps more history than SQLite: an update writes a new
//! version of the row and leaves the old one in the page (a dead tuple)
//! until a vacuum, every version carries the number of the transaction
//! that wrote it (`xmin`), and the write-ahead log holds every change of
//! every transaction. The attack that linked voters on SQLite (the change
//! that adds a voter is the one that moves a counter) is run here on those:
//! on the heap pages of the copied data files (every row version, live or
//! dead, grouped by `xmin`) and on the write-ahead log's records (grouped by
//! transaction, read with `pg_waldump`). A named poll run the same way is
//! the control: there each attack must link every voter, or it proves
//! nothing about the secret poll, where it must link none. The whole data
//! directory is then searched for the counting key and the poll's private
//! key in the clear.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{new_poll, Chamber, Server};
use kyhop_store::secret_count::{CountingKey, SealedPollKey};
use serde_json::json;
use sqlx::PgPool;

const VOTERS: usize = 10;
const PAGE: usize = 8192;

/// A version of a row as a heap page holds it: the transaction that wrote
/// it and its columns' bytes.
struct RowVersion {
    xmin: i64,
    columns: Vec<Option<Vec<u8>>>,
}

impl RowVersion {
    /// Column `i` (from 0) as a BIGINT.
    fn int(&self, i: usize) -> i64 {
        let bytes = self.columns[i].as_ref().expect("a value");
        i64::from_le_bytes(bytes[..8].try_into().unwrap())
    }
}

/// Every row version in `table`'s data file as it is on disk in
/// `data_dir`: the pages are read from the file and decoded by
/// `pageinspect` (the attacker's copy, PostgreSQL's own page format).
async fn row_versions(db: &PgPool, data_dir: &Path, table: &str) -> Vec<RowVersion> {
    let file: String = sqlx::query_scalar("SELECT pg_relation_filepath(CAST($1 AS regclass))")
        .bind(table)
        .fetch_one(db)
        .await
        .unwrap();
    let bytes = std::fs::read(data_dir.join(&file)).unwrap();
    let mut versions = Vec::new();
    for page in bytes.chunks(PAGE) {
        let rows: Vec<(i64, Vec<Option<Vec<u8>>>)> = sqlx::query_as(
            "SELECT CAST(CAST(t_xmin AS TEXT) AS BIGINT), t_attrs \
             FROM heap_page_item_attrs($1, CAST($2 AS regclass)) WHERE lp_flags = 1",
        )
        .bind(page)
        .bind(table)
        .fetch_all(db)
        .await
        .unwrap();
        versions.extend(
            rows.into_iter()
                .map(|(xmin, columns)| RowVersion { xmin, columns }),
        );
    }
    versions
}

/// The attack on row versions: where one transaction added exactly one
/// voter of `poll` and moved exactly one of its counters, that voter chose
/// that counter's option.
fn links_by_xmin(voters: &[RowVersion], tallies: &[RowVersion], poll: i64) -> BTreeMap<i64, i64> {
    let mut added: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for v in voters.iter().filter(|v| v.int(0) == poll) {
        added.entry(v.xmin).or_default().push(v.int(1));
    }
    let mut moved: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    // poll_tallies: poll_id, option_id, rating, count.
    for t in tallies.iter().filter(|t| t.int(0) == poll && t.int(3) > 0) {
        moved.entry(t.xmin).or_default().push(t.int(1));
    }
    added
        .iter()
        .filter_map(
            |(xmin, voters)| match (voters.as_slice(), moved.get(xmin)) {
                ([voter], Some(options)) if options.len() == 1 => Some((*voter, options[0])),
                _ => None,
            },
        )
        .collect()
}

/// What the write-ahead log says each transaction between `from` and `to`
/// touched: the data files (relfilenodes) of its heap records.
fn wal_transactions(data_dir: &Path, from: &str, to: &str) -> BTreeMap<i64, BTreeSet<u32>> {
    let out = std::process::Command::new(kyhop_test_postgres::cluster().program("pg_waldump"))
        .arg("-p")
        .arg(data_dir.join("pg_wal"))
        .args(["-s", from, "-e", to])
        .output()
        .expect("run pg_waldump");
    assert!(
        out.status.success(),
        "pg_waldump: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut touched: BTreeMap<i64, BTreeSet<u32>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        if !(line.starts_with("rmgr: Heap ") || line.starts_with("rmgr: Heap2 ")) {
            continue;
        }
        let tx = line
            .split("tx:")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .and_then(|n| n.trim().parse::<i64>().ok())
            .expect("a record's transaction");
        for rel in line.split("rel ").skip(1) {
            let node = rel
                .split_whitespace()
                .next()
                .and_then(|r| r.rsplit('/').next())
                .and_then(|n| n.parse::<u32>().ok())
                .expect("a block reference's relation");
            touched.entry(tx).or_default().insert(node);
        }
    }
    touched
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every file of the cluster: tables, indexes, the write-ahead log.
fn every_file(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                files.push((path, bytes));
            }
        }
    }
    files
}

async fn lsn(db: &PgPool) -> String {
    sqlx::query_scalar("SELECT CAST(pg_current_wal_lsn() AS TEXT)")
        .fetch_one(db)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_files_and_log_link_no_voter_to_a_secret_choice() {
    let url = kyhop_test_postgres::fresh_database();
    let server = Server::start_with(&["--db", &url]).await;
    let data_dir = kyhop_test_postgres::cluster().data_dir();
    let db = PgPool::connect(&url).await.unwrap();
    sqlx::query("CREATE EXTENSION IF NOT EXISTS pageinspect")
        .execute(&db)
        .await
        .unwrap();
    let chamber = Chamber::new(&server, VOTERS as u32).await;
    let item = chamber.start_at_item(1).await;
    chamber.check_in(0..VOTERS).await;
    let options = ["yes", "no", "abstain", "yes", "no"];
    let choice = |i: usize| options[i % options.len()];

    let mut polls = Vec::new();
    // Per poll: the option id of each voter's true choice.
    let mut truth: Vec<BTreeMap<i64, i64>> = Vec::new();
    // Per poll: the log from its opening to its close.
    let mut windows = Vec::new();
    let mut sealed_while_open = None;
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
        let option_of = |kind: &str| common::option_id(&opened, kind);
        let from = lsn(&db).await;
        let mut chosen = BTreeMap::new();
        // One ballot per transaction.
        for (i, (person, api)) in chamber.delegates.iter().enumerate() {
            let (s, receipt) = api
                .post(
                    &format!("/api/polls/{poll}/ballot"),
                    json!({ "choice": choice(i) }),
                )
                .await;
            assert!(s.is_success(), "{receipt}");
            chosen.insert(*person, option_of(choice(i)));
        }
        if kind == "secret" {
            let key: (Vec<u8>, Option<Vec<u8>>, String) = sqlx::query_as(
                "SELECT public_key, sealed_secret, counting_key_id FROM poll_keys WHERE poll_id = $1",
            )
            .bind(poll)
            .fetch_one(&db)
            .await
            .unwrap();
            sealed_while_open = Some(key);
        }
        let closed = chamber
            .chair
            .create(&format!("/api/polls/{poll}/close"), json!({}))
            .await;
        assert_eq!(closed["result"]["ballots_cast"], VOTERS);
        windows.push((from, lsn(&db).await));
        polls.push(poll);
        truth.push(chosen);
    }

    // Attack 1: the write-ahead log, transaction by transaction (read
    // before a checkpoint recycles its segments).
    let node = |table: &'static str| {
        let db = db.clone();
        async move {
            let n: i64 = sqlx::query_scalar(
                "SELECT CAST(CAST(pg_relation_filenode(CAST($1 AS regclass)) AS TEXT) AS BIGINT)",
            )
            .bind(table)
            .fetch_one(&db)
            .await
            .unwrap();
            u32::try_from(n).unwrap()
        }
    };
    let (voters_file, tallies_file) = (node("poll_voters").await, node("poll_tallies").await);
    let both = |(from, to): &(String, String)| {
        let txs = wal_transactions(&data_dir, from, to);
        let adding = txs.values().filter(|t| t.contains(&voters_file)).count();
        let linking = txs
            .values()
            .filter(|t| t.contains(&voters_file) && t.contains(&tallies_file))
            .count();
        (adding, linking)
    };
    assert_eq!(
        both(&windows[0]),
        (VOTERS, VOTERS),
        "control: in the log, each named ballot adds its voter and moves a counter together"
    );
    assert_eq!(
        both(&windows[1]),
        (VOTERS, 0),
        "no transaction of the secret poll adds a voter and moves a counter"
    );

    // Attack 2: the data files as on disk once everything is written to
    // them: every row version, the dead ones too, by the transaction that
    // wrote it.
    sqlx::query("CHECKPOINT").execute(&db).await.unwrap();
    let voters = row_versions(&db, &data_dir, "poll_voters").await;
    let tallies = row_versions(&db, &data_dir, "poll_tallies").await;
    assert!(
        tallies.len() >= 6 + VOTERS,
        "control: the named poll's old counter versions are still in the pages"
    );
    assert_eq!(
        links_by_xmin(&voters, &tallies, polls[0]),
        truth[0],
        "the attack on row versions works on a named poll"
    );
    assert_eq!(
        links_by_xmin(&voters, &tallies, polls[1]),
        BTreeMap::new(),
        "a voter of the secret poll linked"
    );
    // The secret poll's counters moved once, all together, at the close:
    // in a transaction that added no voter.
    let counted: BTreeSet<i64> = tallies
        .iter()
        .filter(|t| t.int(0) == polls[1] && t.int(3) > 0)
        .map(|t| t.xmin)
        .collect();
    assert_eq!(counted.len(), 1, "{counted:?}");
    assert!(voters
        .iter()
        .filter(|v| v.int(0) == polls[1])
        .all(|v| !counted.contains(&v.xmin)));

    // Neither the counting key nor the poll's private key is in any file
    // of the cluster.
    let key_file = server.data_dir.with_file_name("data.counting-key");
    let key_text = std::fs::read_to_string(&key_file).unwrap();
    let counting = CountingKey::from_file_text(&key_text).unwrap();
    let (public_key, sealed, counting_key_id) = sealed_while_open.expect("read while open");
    let sealed_bytes = sealed.clone().unwrap();
    let poll_key = SealedPollKey {
        public_key,
        sealed_secret: sealed.expect("sealed while open"),
        counting_key_id,
    }
    .open(&counting, polls[1])
    .expect("the insider with the counting key opens it");
    let secret = poll_key.secret_bytes();
    let key_hex = key_text.split_whitespace().nth(1).unwrap();
    let key_bytes = hex::decode(key_hex).unwrap();
    let files = every_file(&data_dir);
    assert!(files.len() > 100, "the whole cluster: {}", files.len());
    for (path, bytes) in &files {
        for (what, needle) in [
            ("the counting key", key_bytes.as_slice()),
            ("the counting key (hex)", key_hex.as_bytes()),
            ("the poll's private key", secret.as_slice()),
        ] {
            assert!(!contains(bytes, needle), "{what} is in {}", path.display());
        }
    }
    // After the close, the sealed key is in no table's file: the row was
    // cleared and the dead version vacuumed away. The write-ahead log keeps
    // it (the control: it was written) until its segment is recycled —
    // sealed under the counting key, which never reaches the database.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while sqlx::query_scalar::<_, i64>(
        "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'poll_keys'",
    )
    .fetch_one(&db)
    .await
    .unwrap()
        == 0
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the destroyed poll key was not vacuumed away"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    sqlx::query("CHECKPOINT").execute(&db).await.unwrap();
    let files = every_file(&data_dir);
    let in_log = |needle: &[u8]| {
        files
            .iter()
            .any(|(p, b)| p.starts_with(data_dir.join("pg_wal")) && contains(b, needle))
    };
    assert!(in_log(&sealed_bytes), "control: the sealed key was written");
    for (path, bytes) in files
        .iter()
        .filter(|(p, _)| p.starts_with(data_dir.join("base")))
    {
        assert!(
            !contains(bytes, &sealed_bytes),
            "the destroyed poll key is still in {}",
            path.display()
        );
    }
    db.close().await;
    server.stop().await;
}
