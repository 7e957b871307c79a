//! `kyhop migrate` (issue "PostgreSQL and several server instances",
//! deliver 3): a council that met on SQLite moves to PostgreSQL whole —
//! every row, the documents' files, the pairing key — and is served there
//! as it was; a target that is not empty, not KyHop's or of another
//! release is refused, and a copy that fails leaves the target empty.

use crate::common;

use std::path::Path;
use std::process::Output;

use common::{choices, fixture, new_poll, run_poll, upload, Chamber, Database, Server, BIN};
use reqwest::StatusCode;
use serde_json::json;

fn migrate(from: &str, to: &str, to_data_dir: Option<&Path>) -> Output {
    let mut args = vec!["migrate", "--from", from, "--to", to];
    if let Some(dir) = to_data_dir {
        args.extend(["--to-data-dir", dir.to_str().unwrap()]);
    }
    std::process::Command::new(BIN)
        .args(&args)
        .env_remove("KYHOP_DB")
        .output()
        .expect("run kyhop migrate")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

async fn postgres(url: &str) -> Database {
    Database::Postgres(sqlx::PgPool::connect(url).await.expect("the database"))
}

/// Rows of every table but sqlx's bookkeeping.
async fn counts(db: &Database, tables: &[String]) -> Vec<(String, i64)> {
    let mut counts = Vec::new();
    for t in tables {
        counts.push((
            t.clone(),
            db.int(&format!("SELECT COUNT(*) FROM {t}")).await,
        ));
    }
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_council_moves_from_sqlite_to_postgres_whole() {
    // A council that met on SQLite: a document, a speech, a named and a
    // secret poll.
    let server = Server::start_on_sqlite().await;
    let c = Chamber::new(&server, 5).await;
    let item = c.start_at_item(1).await;
    c.check_in(0..5).await;
    let (s, doc) = upload(
        &c.secretary,
        c.session,
        json!({ "title": "Tờ trình dự toán ngân sách 2027", "kind": "submission" }),
        "to-trinh.pdf",
        std::fs::read(fixture("to-trinh-libreoffice.pdf")).unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{doc}");
    let doc = doc["id"].as_i64().unwrap();
    let speech = c.ask_to_speak(1, item, json!({ "kind": "debate" })).await;
    for action in ["start", "end"] {
        c.chair
            .create(&format!("/api/speeches/{speech}/{action}"), json!({}))
            .await;
    }
    for kind in ["named", "secret"] {
        let poll = new_poll(
            &c,
            item,
            json!({ "kind": kind, "title": format!("Biểu quyết ({kind})") }),
        )
        .await;
        run_poll(&c, poll, &choices(3, 1, 1)).await;
    }
    let snapshot_path = format!("/api/sessions/{}/snapshot", c.session);
    // The snapshot as served, but the server's clock.
    let snapshot_of = |api: common::Api| {
        let path = snapshot_path.clone();
        async move {
            let (_, mut snapshot) = api.get(&path).await;
            snapshot.as_object_mut().unwrap().remove("server_time");
            snapshot
        }
    };
    let snapshot = snapshot_of(c.secretary.clone()).await;
    let (_, found) = c
        .chair
        .get(&format!("/api/sessions/{}/search?q=ngan%20sach", c.session))
        .await;
    assert!(!found.as_array().unwrap().is_empty(), "control: {found}");
    let file_path = format!("/api/documents/{doc}/file");
    let file = c
        .secretary
        .request(reqwest::Method::GET, &file_path)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let from = server.db_url();
    let tmp = server.stop().await.expect("the server's directory");

    // Moved into a fresh database, with the files into a new directory.
    let to = kyhop_test_postgres::fresh_database();
    let to_dir = tmp.path().join("shared");
    let out = migrate(&from, &to, Some(&to_dir));
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("every head the same"), "{}", text(&out));

    let (source, target) = (
        Database::Sqlite(sqlx::SqlitePool::connect(&from).await.unwrap()),
        postgres(&to).await,
    );
    let tables = target.tables().await;
    assert!(tables.len() > 30, "{tables:?}");
    let moved = counts(&target, &tables).await;
    assert_eq!(moved, counts(&source, &tables).await);
    for table in [
        "events",
        "polls",
        "named_ballots",
        "poll_records",
        "document_pages",
        "page_search",
        "speeches",
    ] {
        assert!(
            moved.iter().any(|(t, n)| t == table && *n > 0),
            "{table} moved no row: {moved:?}"
        );
    }
    source.close().await;
    let (passed, report) = common::audit(&to);
    assert!(passed, "{report}");

    // Served on PostgreSQL, it is the same council: the same snapshot,
    // the same file, search works, and the sign-ins handed out still do.
    let pg = Server::start_in(&to_dir, &["--db", &to]).await;
    let on_pg = |api: &common::Api| api.clone_with_url(&pg.url);
    assert_eq!(snapshot_of(on_pg(&c.secretary)).await, snapshot);
    let moved_file = on_pg(&c.secretary)
        .request(reqwest::Method::GET, &file_path)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(moved_file, file);
    let (_, found_on_pg) = on_pg(&c.chair)
        .get(&format!("/api/sessions/{}/search?q=ngan%20sach", c.session))
        .await;
    assert_eq!(found_on_pg, found);
    let (s, me) = on_pg(&c.delegates[2].1).get("/api/auth/me").await;
    assert_eq!(s, StatusCode::OK, "{me}");
    // New rows take new numbers (the sequences were moved past the ids).
    let added = on_pg(&c.chair)
        .create(
            &format!("/api/agenda-items/{item}/polls"),
            json!({ "kind": "named", "title": "Biểu quyết sau khi chuyển" }),
        )
        .await;
    assert!(added["id"].as_i64().is_some(), "{added}");
    pg.stop().await;

    // A second move into the same database is refused, and changes nothing.
    let before = counts(&target, &tables).await;
    let out = migrate(&from, &to, None);
    assert!(!out.status.success());
    assert!(text(&out).contains("not empty"), "{}", text(&out));
    assert_eq!(counts(&target, &tables).await, before);
    target.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_not_empty_foreign_or_of_another_release_is_refused_and_a_failed_copy_leaves_nothing(
) {
    let server = Server::start_on_sqlite().await;
    let c = Chamber::new(&server, 3).await;
    c.start_at_item(0).await;
    let from = server.db_url();
    let _tmp = server.stop().await;

    // Tables that are not KyHop's.
    let foreign = kyhop_test_postgres::fresh_database();
    let db = postgres(&foreign).await;
    db.execute("CREATE TABLE luong (id INT)").await;
    let out = migrate(&from, &foreign, None);
    assert!(!out.status.success());
    assert!(text(&out).contains("not KyHop's: luong"), "{}", text(&out));
    db.close().await;

    // A schema of a newer release.
    let newer = kyhop_test_postgres::fresh_database();
    let db = postgres(&newer).await;
    let migrator =
        sqlx::migrate::Migrator::new(common::repo_file("crates/store-sql/migrations/postgres"))
            .await
            .unwrap();
    let Database::Postgres(pool) = &db else {
        unreachable!()
    };
    migrator.run(pool).await.unwrap();
    db.execute(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99990101000000, 'a newer release', TRUE, '\\x00', 0)",
    )
    .await;
    let out = migrate(&from, &newer, None);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("another schema version"),
        "{}",
        text(&out)
    );

    // A copy that fails halfway (a table of the target refuses its rows)
    // leaves every table empty, and the move can be made again.
    db.execute("DELETE FROM _sqlx_migrations WHERE version = 99990101000000")
        .await;
    db.execute(
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS \
         $$ BEGIN RAISE EXCEPTION 'the disk refused the row'; END $$",
    )
    .await;
    db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse()",
    )
    .await;
    let out = migrate(&from, &newer, None);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("the disk refused the row"),
        "{}",
        text(&out)
    );
    let tables = db.tables().await;
    let left: Vec<_> = counts(&db, &tables)
        .await
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .collect();
    assert!(left.is_empty(), "half-written: {left:?}");
    db.execute("DROP TRIGGER refuse ON events").await;
    let out = migrate(&from, &newer, None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(db.int("SELECT COUNT(*) FROM events").await > 0);
    db.close().await;
}
