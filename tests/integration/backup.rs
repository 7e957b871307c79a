//! `kyhop backup` and `kyhop restore` on a council in session: the copy is
//! consistent while ballots keep coming, holds no key it must not, restores
//! into a new directory that verifies and serves; a backup cut short or a
//! damaged one is refused by name, a target that is full or read-only
//! fails cleanly, and the server's own schedule keeps the newest copies.
//! On SQLite by default, on PostgreSQL with `KYHOP_TEST_DB=postgres`.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{choices, new_poll, Chamber, Server, BIN};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn kyhop(args: &[&str]) -> std::process::Output {
    std::process::Command::new(BIN)
        .args(args)
        .output()
        .expect("run kyhop")
}

fn backup(server: &Server, to: &Path) -> std::process::Output {
    kyhop(&[
        "backup",
        "--data-dir",
        server.data_dir.to_str().unwrap(),
        "--db",
        &server.db_url(),
        "--to",
        to.to_str().unwrap(),
    ])
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Every regular file under `dir`, relative to it, with its mode.
fn files(dir: &Path) -> Vec<(String, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
            if path.is_dir() {
                assert_eq!(mode, 0o700, "{}", path.display());
                todo.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap().to_str().unwrap().to_owned();
                found.push((relative, mode));
            }
        }
    }
    found.sort();
    found
}

/// Where a restore of `server`'s backup puts its database: a new SQLite
/// file in the data directory, or a new PostgreSQL database.
fn restore_target(server: &Server) -> Option<String> {
    server
        .db_url()
        .starts_with("postgres")
        .then(kyhop_test_postgres::fresh_database)
}

fn restore(from: &Path, data_dir: &Path, db: Option<&str>) -> std::process::Output {
    let mut args = vec![
        "restore",
        "--from",
        from.to_str().unwrap(),
        "--data-dir",
        data_dir.to_str().unwrap(),
    ];
    if let Some(db) = db {
        args.extend(["--db", db]);
    }
    kyhop(&args)
}

/// A chamber with documents and a secret poll already counted.
async fn council_in_session(server: &Server) -> Chamber {
    let c = Chamber::new(server, 12).await;
    for (i, name) in ["to-trinh-libreoffice.pdf", "bao-cao-kt-xh-chromium.pdf"]
        .iter()
        .enumerate()
    {
        common::upload_fixture(
            &c.secretary,
            c.session,
            &format!("Tài liệu {i}"),
            "report",
            name,
        )
        .await;
    }
    let item = c.start_at_item(1).await;
    c.check_in(0..12).await;
    let poll = new_poll(&c, item, json!({ "kind": "secret", "title": "Miễn nhiệm" })).await;
    common::run_poll(&c, poll, &choices(7, 3, 2)).await;
    c
}

/// Runs `rounds` polls, all twelve delegates voting at once in each (a
/// burst, as in the chamber); each ballot's acknowledgement time.
async fn ballots(c: &Chamber, item: i64, rounds: usize) -> Vec<Duration> {
    let mut times = Vec::new();
    for _ in 0..rounds {
        let poll = new_poll(c, item, json!({ "kind": "named", "title": "Biểu quyết" })).await;
        c.chair
            .create(
                &format!("/api/polls/{poll}/open"),
                json!({ "below_quorum_confirmed": true }),
            )
            .await;
        let burst = c.delegates.iter().map(|(_, delegate)| async move {
            let started = Instant::now();
            let (status, body) = delegate
                .post(
                    &format!("/api/polls/{poll}/ballot"),
                    json!({ "choice": "yes" }),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            started.elapsed()
        });
        times.extend(futures_util::future::join_all(burst).await);
        c.chair
            .create(&format!("/api/polls/{poll}/close"), json!({}))
            .await;
    }
    times
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_ballots_come_restores_verifies_and_serves() {
    let server = Server::start().await;
    let c = council_in_session(&server).await;
    let item = c.items[1];
    let out = tempfile::tempdir().unwrap();

    // Backups made one after another while the chamber votes (their
    // effect on the ballots' times is measured in backup_under_load.rs).
    // Polls of ten ballots go on until at least two backups have been
    // made while they ran (pg_dump takes longer than SQLite's copy).
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let made = std::sync::Arc::new(AtomicUsize::new(0));
    let (url, dir, root) = (
        server.db_url(),
        server.data_dir.clone(),
        out.path().to_path_buf(),
    );
    let (flag, count) = (stop.clone(), made.clone());
    let backups = tokio::task::spawn_blocking(move || {
        while !flag.load(Ordering::Relaxed) {
            let to = root.join(format!("during-{}", count.load(Ordering::Relaxed)));
            let out = kyhop(&[
                "backup",
                "--data-dir",
                dir.to_str().unwrap(),
                "--db",
                &url,
                "--to",
                to.to_str().unwrap(),
            ]);
            assert!(out.status.success(), "{}", text(&out));
            count.fetch_add(1, Ordering::Relaxed);
        }
    });
    let mut rounds = 0;
    while rounds < 10 || made.load(Ordering::Relaxed) < 2 {
        let cast = ballots(&c, item, 1).await;
        assert_eq!(cast.len(), 12);
        rounds += 1;
        assert!(rounds < 200, "no backup ended while the chamber voted");
    }
    stop.store(true, Ordering::Relaxed);
    backups.await.unwrap();

    // The last backup, taken now, holds what was acknowledged.
    let taken = out.path().join("now");
    let made = backup(&server, &taken);
    assert!(made.status.success(), "{}", text(&made));
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(taken.join("MANIFEST.json")).unwrap())
            .unwrap();
    // Owner-only, and only the database, the referenced files and the
    // pairing key: no counting key, TLS key, admin password or index.
    let listed = files(&taken);
    let database = manifest["database"]["path"].as_str().unwrap();
    for (file, mode) in &listed {
        assert_eq!(*mode, 0o600, "{file}");
        assert!(
            file == "MANIFEST.json"
                || file == database
                || file == "pairing-key"
                || file.starts_with("blobs/"),
            "{file} does not belong in a backup"
        );
    }
    let counting_key =
        std::fs::read(format!("{}.counting-key", server.data_dir.display())).unwrap();
    for (file, _) in &listed {
        let bytes = std::fs::read(taken.join(file)).unwrap();
        assert!(
            !bytes
                .windows(counting_key.len())
                .any(|w| w == counting_key.as_slice()),
            "{file} holds the counting key"
        );
    }
    assert_eq!(
        listed
            .iter()
            .filter(|(f, _)| f.starts_with("blobs/"))
            .count(),
        2,
        "the two documents' files"
    );
    for blob in server.blob_files() {
        let name = blob.file_name().unwrap().to_str().unwrap();
        if name.len() == 64 {
            let copy = taken.join(format!("blobs/{}/{name}", &name[..2]));
            assert_eq!(std::fs::read(copy).unwrap(), std::fs::read(&blob).unwrap());
        }
    }

    // Restored into a new directory: same heads, and it serves.
    let scratch = tempfile::tempdir().unwrap();
    let data = scratch.path().join("data");
    let target = restore_target(&server);
    let restored = restore(&taken, &data, target.as_deref());
    assert!(restored.status.success(), "{}", text(&restored));
    let db_url = target
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", data.join("kyhop.db").display()));
    let (passed, report) = common::audit(&db_url);
    assert!(passed, "{report}");
    for head in manifest["heads"].as_array().unwrap() {
        let line = format!(
            "head    {}: event {} {}",
            head["stream"].as_str().unwrap(),
            head["seq"],
            head["hash"].as_str().unwrap()
        );
        assert!(text(&restored).contains(&line), "{}", text(&restored));
    }
    // The counting key is restored apart, as the README says.
    std::fs::copy(
        format!("{}.counting-key", server.data_dir.display()),
        format!("{}.counting-key", data.display()),
    )
    .unwrap();
    let original_tables = common::table_counts(&server).await;
    let snapshot_before = c
        .secretary
        .get(&format!("/api/sessions/{}/snapshot", c.session))
        .await
        .1;
    server.stop().await;
    if let Some(url) = &target {
        // Where the harness looks for the server's database.
        std::fs::write(data.join("test-database-url"), url).unwrap();
    }
    let mut args = vec!["serve", "--bind", "127.0.0.1:0", "--data-dir"];
    args.push(data.to_str().unwrap());
    args.extend(["--db", &db_url]);
    let again = Server::spawn(&args, &data).await;
    assert_eq!(common::table_counts(&again).await, original_tables);
    let mut secretary = again.api();
    secretary.login("thuky", common::STAFF_PASSWORD).await;
    let (status, snapshot) = secretary
        .get(&format!("/api/sessions/{}/snapshot", c.session))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(snapshot["polls"], snapshot_before["polls"]);
    let (_, documents) = secretary
        .get(&format!("/api/sessions/{}/documents", c.session))
        .await;
    for document in documents.as_array().unwrap() {
        let id = document["id"].as_i64().unwrap();
        let (status, _) = secretary
            .pdf_text(&format!("/api/documents/{id}/file"))
            .await;
        assert_eq!(status, StatusCode::OK, "document {id}");
    }
    // And the session goes on in it: a secret poll counted with the key.
    let mut chair = again.api();
    chair.login("chutoa", common::STAFF_PASSWORD).await;
    let poll = common::open_poll(
        &chair,
        item,
        json!({ "kind": "secret", "title": "Sau khi khôi phục" }),
    )
    .await;
    chair
        .create(
            &format!("/api/polls/{poll}/ballot"),
            json!({ "choice": "yes" }),
        )
        .await;
    let closed = chair
        .create(&format!("/api/polls/{poll}/close"), json!({}))
        .await;
    assert_eq!(closed["result"]["options"][0]["count"], 1, "{closed}");
    again.stop().await;
}

/// A whole backup of a small council, for the refusal tests.
async fn one_backup() -> (Server, Chamber, tempfile::TempDir, PathBuf) {
    let server = Server::start().await;
    let c = Chamber::new(&server, 3).await;
    common::upload_fixture(
        &c.secretary,
        c.session,
        "Tờ trình",
        "submission",
        "to-trinh-libreoffice.pdf",
    )
    .await;
    let out = tempfile::tempdir().unwrap();
    let taken = out.path().join("backup");
    let made = backup(&server, &taken);
    assert!(made.status.success(), "{}", text(&made));
    (server, c, out, taken)
}

/// What a test does to a copy of a backup.
type Damage = Box<dyn Fn(&Path)>;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incomplete_or_damaged_backup_is_refused_by_name() {
    let (server, _c, out, taken) = one_backup().await;
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(taken.join("MANIFEST.json")).unwrap())
            .unwrap();
    let blob = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().starts_with("blobs/"))
        .unwrap()["path"]
        .as_str()
        .unwrap()
        .to_owned();
    let database = manifest["database"]["path"].as_str().unwrap().to_owned();
    let cases: Vec<(&str, Damage, String)> = vec![
        (
            "a file gone",
            Box::new({
                let blob = blob.clone();
                move |dir: &Path| std::fs::remove_file(dir.join(&blob)).unwrap()
            }),
            format!("{blob} is missing"),
        ),
        (
            "the database cut short",
            Box::new({
                let database = database.clone();
                move |dir: &Path| {
                    let path = dir.join(&database);
                    let bytes = std::fs::read(&path).unwrap();
                    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
                }
            }),
            format!("{database} has"),
        ),
        (
            "a file changed",
            Box::new({
                let blob = blob.clone();
                move |dir: &Path| {
                    let path = dir.join(&blob);
                    let mut bytes = std::fs::read(&path).unwrap();
                    bytes[100] ^= 1;
                    std::fs::write(&path, &bytes).unwrap();
                }
            }),
            format!("{blob} is damaged"),
        ),
        (
            "no manifest",
            Box::new(|dir: &Path| std::fs::remove_file(dir.join("MANIFEST.json")).unwrap()),
            "MANIFEST.json is missing".to_owned(),
        ),
    ];
    for (what, damage, said) in cases {
        let copy = out.path().join(what.replace(' ', "-"));
        copy_tree(&taken, &copy);
        damage(&copy);
        let data = out
            .path()
            .join(format!("restored-{}", what.replace(' ', "-")));
        let target = restore_target(&server);
        let refused = restore(&copy, &data, target.as_deref());
        assert!(!refused.status.success(), "{what}: restored");
        assert!(text(&refused).contains(&said), "{what}: {}", text(&refused));
        assert!(!data.exists(), "{what}: something was restored");
        if let Some(url) = target {
            // Nothing in the database either.
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            let tables: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'")
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            pool.close().await;
            assert_eq!(tables, 0, "{what}");
        }
    }
    // A directory that holds anything is never restored over.
    let occupied = out.path().join("occupied");
    std::fs::create_dir(&occupied).unwrap();
    std::fs::write(occupied.join("kyhop.db"), b"the council's data").unwrap();
    let refused = restore(&taken, &occupied, restore_target(&server).as_deref());
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("is not empty"),
        "{}",
        text(&refused)
    );
    assert_eq!(
        std::fs::read(occupied.join("kyhop.db")).unwrap(),
        b"the council's data"
    );
    // Control: the untouched backup restores.
    let data = out.path().join("restored");
    let fine = restore(&taken, &data, restore_target(&server).as_deref());
    assert!(fine.status.success(), "{}", text(&fine));
    // A backup is never written over an existing one.
    let again = backup(&server, &taken);
    assert!(!again.status.success());
    assert!(text(&again).contains("already exists"), "{}", text(&again));
    server.stop().await;
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `kyhop backup` into a small tmpfs of its own (a private mount
/// namespace: nothing outside sees it), `ro` or of `size`.
fn backup_onto_mount(server: &Server, options: &str) -> (std::process::Output, Vec<String>) {
    let script = format!(
        "m=$(mktemp -d) && mount -t tmpfs -o {options} tmpfs \"$m\" || exit 99; \
         '{bin}' backup --data-dir '{dir}' --db '{db}' --to \"$m/backup\" >&2; rc=$?; \
         ls -A \"$m\"; exit $rc",
        bin = BIN,
        dir = server.data_dir.display(),
        db = server.db_url(),
    );
    let out = std::process::Command::new("unshare")
        .args(["--mount", "--propagation", "private", "sh", "-c", &script])
        .output()
        .expect("unshare (util-linux) runs as root");
    assert_ne!(out.status.code(), Some(99), "mount: {}", text(&out));
    let left = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    (out, left)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_or_read_only_target_fails_cleanly_and_the_session_goes_on() {
    let (server, c, _out, taken) = one_backup().await;
    let needed: u64 = {
        let manifest: Value =
            serde_json::from_str(&std::fs::read_to_string(taken.join("MANIFEST.json")).unwrap())
                .unwrap();
        manifest["database"]["bytes"].as_u64().unwrap()
            + manifest["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["bytes"].as_u64().unwrap())
                .sum::<u64>()
    };
    // Room for half of it: the disk fills on the way.
    let (full, left) = backup_onto_mount(&server, &format!("size={}k", needed / 2 / 1024));
    assert!(!full.status.success(), "{}", text(&full));
    assert!(
        text(&full).contains("No space left on device")
            || text(&full).contains("database or disk is full"),
        "{}",
        text(&full)
    );
    assert!(
        left.is_empty(),
        "nothing left behind on the full disk: {left:?}"
    );
    let (read_only, left) = backup_onto_mount(&server, "ro");
    assert!(!read_only.status.success());
    assert!(
        text(&read_only).contains("Read-only file system"),
        "{}",
        text(&read_only)
    );
    assert!(left.is_empty(), "{left:?}");
    // Control: the same mount with room takes the whole backup.
    let (fits, left) = backup_onto_mount(&server, &format!("size={}k", needed * 4 / 1024 + 64));
    assert!(fits.status.success(), "{}", text(&fits));
    assert_eq!(left, ["backup"]);
    // The server went on: it answers and takes writes.
    let (status, body) = c
        .admin
        .post(
            "/api/councils",
            json!({ "name": "HĐND xã Sau Sự Cố", "place_name": "Thử Nghiệm", "total_seats": 5 }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_backs_itself_up_on_schedule_and_keeps_the_newest() {
    let tmp = tempfile::tempdir().unwrap();
    let backups = tmp.path().join("backups");
    let server = Server::start_with(&[
        "--backup-dir",
        backups.to_str().unwrap(),
        "--backup-every",
        "1s",
        "--backup-keep",
        "2",
    ])
    .await;
    let c = Chamber::new(&server, 3).await;
    common::upload_fixture(
        &c.secretary,
        c.session,
        "Tờ trình",
        "submission",
        "to-trinh-libreoffice.pdf",
    )
    .await;
    let started = Instant::now();
    // Backups keep being made while the council is written to.
    let mut councils = 0;
    loop {
        common::make_council(&c.admin, &format!("HĐND số {councils}"), 5).await;
        councils += 1;
        tokio::time::sleep(Duration::from_millis(700)).await;
        if server.log().matches("backup made").count() >= 4 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{}",
            server.log()
        );
    }
    let mut kept: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    kept.sort();
    assert_eq!(kept.len(), 2, "the newest two are kept: {kept:?}");
    assert!(server.log().contains("old backup removed"));
    // The document's file is stored once for both: linked, not copied.
    let blob = |dir: &str| {
        let manifest: Value = serde_json::from_str(
            &std::fs::read_to_string(backups.join(dir).join("MANIFEST.json")).unwrap(),
        )
        .unwrap();
        backups
            .join(dir)
            .join(manifest["files"][0]["path"].as_str().unwrap())
    };
    use std::os::unix::fs::MetadataExt;
    let (older, newer) = (
        std::fs::metadata(blob(&kept[0])).unwrap(),
        std::fs::metadata(blob(&kept[1])).unwrap(),
    );
    assert_eq!(older.ino(), newer.ino());
    // The newest restores and verifies.
    let newest = backups.join(&kept[1]);
    let data = tmp.path().join("restored");
    let restored = restore(&newest, &data, restore_target(&server).as_deref());
    assert!(restored.status.success(), "{}", text(&restored));
    server.stop().await;
}
