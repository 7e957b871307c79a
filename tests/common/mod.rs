//! Test harness: the real `kyhop` binary on loopback with a real SQLite file
//! in a temporary directory, and a small JSON client for its API.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use futures_util::StreamExt;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub mod nginx;

pub const BIN: &str = env!("CARGO_BIN_EXE_kyhop");

/// The backend the servers of these tests run on, from `KYHOP_TEST_DB`:
/// `sqlite` (the default: the file in the data directory) or `postgres`
/// (a database of a throwaway cluster, `kyhop_test_postgres`). The URL is
/// kept in the data directory, so that a restarted server finds its data.
pub fn test_database(dir: &Path) -> Option<String> {
    match std::env::var("KYHOP_TEST_DB").as_deref() {
        Err(_) | Ok("sqlite") => None,
        Ok("postgres") => {
            let kept = dir.join("test-database-url");
            if let Ok(url) = std::fs::read_to_string(&kept) {
                return Some(url);
            }
            std::fs::create_dir_all(dir).expect("data dir");
            let url = kyhop_test_postgres::fresh_database();
            // The owner's only, as every file of a data directory.
            use std::io::Write;
            use std::os::unix::fs::OpenOptionsExt;
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&kept)
                .and_then(|mut f| f.write_all(url.as_bytes()))
                .expect("keep the test database's URL");
            Some(url)
        }
        Ok(other) => panic!("KYHOP_TEST_DB={other}: expected sqlite or postgres"),
    }
}
pub const ADMIN_PASSWORD: &str = "mật-khẩu-quản-trị-2026";

/// A file of `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A file of the repository, by its path from the root.
pub fn repo_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Uploads a PDF as a new document of `session` (multipart, as the UI does).
pub async fn upload(
    api: &Api,
    session: i64,
    meta: Value,
    name: &str,
    bytes: Vec<u8>,
) -> (StatusCode, Value) {
    let form = reqwest::multipart::Form::new()
        .text("document", meta.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(name.to_owned())
                .mime_str("application/pdf")
                .expect("mime type"),
        );
    let resp = api
        .request(Method::POST, &format!("/api/sessions/{session}/documents"))
        .multipart(form)
        .send()
        .await
        .expect("upload request");
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// A running `kyhop serve` (or `kyhop demo`) process.
pub struct Server {
    pub child: Child,
    pub url: String,
    /// With `--tls`: the SHA-256 of the server's certificate.
    pub fingerprint: Option<String>,
    pub data_dir: PathBuf,
    _tmp: Option<tempfile::TempDir>,
}

impl Server {
    /// A server on a fresh database.
    pub async fn start() -> Server {
        Self::start_with(&[]).await
    }

    /// A server on a fresh database, with extra `serve` arguments.
    pub async fn start_with(extra: &[&str]) -> Server {
        let tmp = tempfile::tempdir().expect("temp dir");
        // The data directory inside the temporary one: the counting key
        // (DATA_DIR.counting-key) goes beside it, and away with it.
        let dir = tmp.path().join("data");
        let mut server = Self::start_in(&dir, extra).await;
        server._tmp = Some(tmp);
        server
    }

    /// A server on the SQLite file of a fresh data directory, whatever
    /// `KYHOP_TEST_DB` says: for the tests about SQLite's own files.
    pub async fn start_on_sqlite() -> Server {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("data");
        let db = format!("sqlite://{}", dir.join("kyhop.db").display());
        let mut server = Self::start_in(&dir, &["--db", &db]).await;
        server._tmp = Some(tmp);
        server
    }

    /// A server on the database of `dir` (created if needed): the SQLite
    /// file in it, or with `KYHOP_TEST_DB=postgres` a database of the
    /// tests' PostgreSQL cluster, the same one each time `dir` is served.
    pub async fn start_in(dir: &Path, extra: &[&str]) -> Server {
        let dir_arg = dir.to_str().expect("utf-8 path");
        let mut args = vec!["serve", "--bind", "127.0.0.1:0", "--data-dir", dir_arg];
        args.extend_from_slice(extra);
        Self::spawn(&args, dir).await
    }

    /// Spawns `kyhop ARGS` and waits for its "listening on" line. A
    /// `serve` given no `--db` serves the test database of `dir`.
    pub async fn spawn(args: &[&str], dir: &Path) -> Server {
        Self::spawn_with_env(args, dir, &[]).await
    }

    /// `spawn` with these environment variables set for the server.
    pub async fn spawn_with_env(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Server {
        std::fs::create_dir_all(dir).expect("data dir");
        let db = (args.first() == Some(&"serve") && !args.contains(&"--db"))
            .then(|| test_database(dir))
            .flatten();
        let mut args = args.to_vec();
        if let Some(url) = &db {
            args.extend(["--db", url.as_str()]);
        }
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("server.log"))
            .expect("log file");
        let mut child = Command::new(BIN)
            .args(&args)
            .env("KYHOP_LOG", "info")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .kill_on_drop(true)
            .spawn()
            .expect("spawn kyhop");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let (url, fingerprint) = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await.expect("read stdout") {
                if let Some(rest) = line.strip_prefix("KyHop listening on ") {
                    let url = rest.trim().to_owned();
                    if !url.starts_with("https://") {
                        return (url, None);
                    }
                    let next = lines.next_line().await.expect("read stdout");
                    let fingerprint = next
                        .as_deref()
                        .and_then(|l| l.strip_prefix("KyHop TLS fingerprint: "))
                        .expect("a TLS server prints its fingerprint")
                        .trim()
                        .to_owned();
                    return (url, Some(fingerprint));
                }
            }
            panic!("kyhop exited before listening");
        })
        .await
        .expect("kyhop did not start listening within 60 s");
        // Keep draining stdout so that the server never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Server {
            child,
            url,
            fingerprint,
            data_dir: dir.to_path_buf(),
            _tmp: None,
        }
    }

    /// Files in the blob store, the incoming area included.
    pub fn blob_files(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push(path);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.data_dir.join("blobs"), &mut out);
        out.sort();
        out
    }

    /// What the server wrote to stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.data_dir.join("server.log")).unwrap_or_default()
    }

    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join("kyhop.db")
    }

    /// The server's database: the SQLite file in its data directory, or
    /// the PostgreSQL database `test_database` gave it.
    pub fn db_url(&self) -> String {
        std::fs::read_to_string(self.data_dir.join("test-database-url"))
            .unwrap_or_else(|_| format!("sqlite://{}", self.db_path().display()))
    }

    /// Every file the server's database keeps its data in: the SQLite file
    /// and its log, or the whole data directory of the PostgreSQL cluster
    /// (tables, write-ahead log, everything a copy of the disk would hold).
    pub fn database_files(&self) -> Vec<PathBuf> {
        if self.db_url().starts_with("postgres") {
            files_under(&kyhop_test_postgres::cluster().data_dir())
        } else {
            ["kyhop.db", "kyhop.db-wal", "kyhop.db-shm"]
                .iter()
                .map(|f| self.data_dir.join(f))
                .filter(|p| p.exists())
                .collect()
        }
    }

    /// Opens the server's database beside it.
    pub async fn database(&self) -> Database {
        let url = self.db_url();
        if url.starts_with("postgres") {
            Database::Postgres(
                sqlx::PgPool::connect(&url)
                    .await
                    .expect("open the database"),
            )
        } else {
            Database::Sqlite(
                sqlx::SqlitePool::connect(&url)
                    .await
                    .expect("open the database"),
            )
        }
    }

    pub fn initial_admin_password(&self) -> String {
        std::fs::read_to_string(self.data_dir.join("initial-admin-password"))
            .expect("initial admin password file")
            .trim()
            .to_owned()
    }

    pub fn api(&self) -> Api {
        match &self.fingerprint {
            Some(fingerprint) => Api::pinned(&self.url, fingerprint),
            None => Api::new(&self.url),
        }
    }

    /// Signs in as the initial admin and sets the test's known password.
    pub async fn admin(&self) -> Api {
        let mut api = self.api();
        let first = self.initial_admin_password();
        api.login("admin", &first).await;
        let (s, body) = api
            .post(
                "/api/auth/password",
                json!({ "current_password": first, "new_password": ADMIN_PASSWORD }),
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT, "{body}");
        api
    }

    /// Stops the server as an operator would (SIGTERM) and waits for it.
    pub async fn stop(mut self) -> Option<tempfile::TempDir> {
        let pid = self.child.id().expect("pid").to_string();
        let status = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
        assert!(status.success());
        let exit = tokio::time::timeout(Duration::from_secs(30), self.child.wait())
            .await
            .expect("server did not stop within 30 s after SIGTERM")
            .expect("wait");
        assert!(exit.success(), "server exited with {exit}");
        self._tmp.take()
    }

    /// Kills the server without warning (SIGKILL), as a power cut would.
    pub async fn kill(mut self) -> Option<tempfile::TempDir> {
        self.child.kill().await.expect("kill");
        self._tmp.take()
    }
}

/// A JSON client, signed in or not.
#[derive(Clone)]
pub struct Api {
    pub client: reqwest::Client,
    pub url: String,
    pub token: Option<String>,
}

impl Api {
    pub fn new(url: &str) -> Api {
        Api {
            client: reqwest::Client::new(),
            url: url.to_owned(),
            token: None,
        }
    }

    /// A client of a TLS server that trusts exactly its certificate.
    pub fn pinned(url: &str, fingerprint: &str) -> Api {
        let config = kyhop_server::tls::pinned_client_config(fingerprint).expect("fingerprint");
        Api {
            client: reqwest::Client::builder()
                .use_preconfigured_tls(config)
                .build()
                .expect("client"),
            url: url.to_owned(),
            token: None,
        }
    }

    pub fn with_token(&self, token: &str) -> Api {
        Api {
            token: Some(token.to_owned()),
            ..self.clone()
        }
    }

    pub async fn login(&mut self, username: &str, password: &str) -> Value {
        let (s, body) = self
            .post(
                "/api/auth/login",
                json!({ "username": username, "password": password }),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "login {username}: {body}");
        self.token = Some(body["token"].as_str().expect("token").to_owned());
        body
    }

    pub async fn pair(&mut self, code: &str) -> Value {
        let (s, body) = self.post("/api/auth/pair", json!({ "code": code })).await;
        assert_eq!(s, StatusCode::OK, "pair {code}: {body}");
        self.token = Some(body["token"].as_str().expect("token").to_owned());
        body
    }

    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let mut rb = self.client.request(method, format!("{}{path}", self.url));
        if let Some(t) = &self.token {
            rb = rb.bearer_auth(t);
        }
        rb
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut rb = self.request(method, path);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let resp = rb.send().await.expect("request");
        let status = resp.status();
        let text = resp.text().await.expect("body");
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, value)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::DELETE, path, None).await
    }

    /// Asserts success and returns the body.
    pub async fn ok(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let (s, v) = self.send(method.clone(), path, body).await;
        assert!(s.is_success(), "{method} {path}: {s} {v}");
        v
    }

    pub async fn create(&self, path: &str, body: Value) -> Value {
        self.ok(Method::POST, path, Some(body)).await
    }

    /// Opens the SSE stream of `path`, after `last_event_id` if given.
    pub async fn events(&self, path: &str, last_event_id: Option<i64>) -> EventStream {
        let mut rb = self.request(Method::GET, path);
        if let Some(id) = last_event_id {
            rb = rb.header("Last-Event-ID", id.to_string());
        }
        let resp = rb.send().await.expect("subscribe");
        assert_eq!(resp.status(), StatusCode::OK, "subscribe {path}");
        let stream = eventsource_stream::EventStream::new(resp.bytes_stream());
        EventStream {
            inner: Box::pin(stream),
        }
    }
}

type Inner = std::pin::Pin<
    Box<
        dyn futures_util::Stream<
                Item = Result<
                    eventsource_stream::Event,
                    eventsource_stream::EventStreamError<reqwest::Error>,
                >,
            > + Send,
    >,
>;

/// A live SSE subscription.
pub struct EventStream {
    inner: Inner,
}

impl EventStream {
    /// The next event (`id` parsed, `data` as JSON), or None on timeout or end.
    pub async fn next(&mut self, timeout: Duration) -> Option<(i64, Value)> {
        loop {
            let item = tokio::time::timeout(timeout, self.inner.next())
                .await
                .ok()??;
            let event = item.ok()?;
            if event.data.is_empty() {
                continue;
            }
            let id = event.id.parse().expect("numeric event id");
            let data: Value = serde_json::from_str(&event.data).expect("event JSON");
            assert_eq!(data["seq"].as_i64(), Some(id), "SSE id and event seq agree");
            return Some((id, data));
        }
    }

    /// Reads events until one with seq == `until` arrives; returns them all.
    pub async fn until(&mut self, until: i64, timeout: Duration) -> Vec<(i64, Value)> {
        let mut out = Vec::new();
        while out.last().is_none_or(|(id, _)| *id < until) {
            match self.next(timeout).await {
                Some(e) => out.push(e),
                None => panic!(
                    "stream ended or stalled after {:?}, waiting for {until}",
                    out.last().map(|e| e.0)
                ),
            }
        }
        out
    }
}

/// A small council with one of every role, plus a second council for
/// foreign-id checks.
pub struct Fixture {
    pub admin: Api,
    pub council: i64,
    pub other_council: i64,
    pub term: i64,
    pub group: i64,
    pub committee: i64,
    pub delegates: Vec<i64>,
    pub official: i64,
    pub session: i64,
    pub secretary: Api,
    pub chair: Api,
    pub delegate: Api,
    pub guest: Api,
    pub display: Api,
    /// A secretary of the other council.
    pub foreign_secretary: Api,
}

pub const STAFF_PASSWORD: &str = "mật-khẩu-nhân-viên";

impl Fixture {
    pub async fn new(server: &Server) -> Fixture {
        let admin = server.admin().await;
        let council = make_council(&admin, "Hội đồng nhân dân thành phố Thử Nghiệm", 50).await;
        let other_council = make_council(&admin, "Hội đồng nhân dân huyện Khác", 30).await;
        let (term, session) = make_term_and_session(&admin, council).await;
        let group = admin
            .create(
                &format!("/api/councils/{council}/delegate-groups"),
                json!({ "name": "Tổ đại biểu số 1" }),
            )
            .await["id"]
            .as_i64()
            .unwrap();
        let committee = admin
            .create(
                &format!("/api/councils/{council}/committees"),
                json!({ "name": "Ban Kinh tế - Ngân sách" }),
            )
            .await["id"]
            .as_i64()
            .unwrap();
        let mut delegates = Vec::new();
        for name in [
            "Nguyễn Văn An",
            "Trần Thị Bình",
            "Lê Văn Cường",
            "Phạm Thị Dung",
            "Hoàng Văn Em",
        ] {
            let p = admin
                .create(
                    &format!("/api/councils/{council}/people"),
                    json!({ "kind": "delegate", "full_name": name, "delegate_group_id": group, "committee_ids": [committee] }),
                )
                .await;
            delegates.push(p["id"].as_i64().unwrap());
        }
        let official = admin
            .create(
                &format!("/api/councils/{council}/people"),
                json!({ "kind": "official", "full_name": "Đỗ Văn Giang", "position_title": "Giám đốc Sở Tài chính" }),
            )
            .await["id"]
            .as_i64()
            .unwrap();
        let secretary = staff(server, &admin, "thuky", "secretary", council, None).await;
        let chair = staff(
            server,
            &admin,
            "chutoa",
            "chair",
            council,
            Some(delegates[0]),
        )
        .await;
        let display = staff(server, &admin, "manhinh", "display", council, None).await;
        let foreign_secretary = staff(
            server,
            &admin,
            "thuky-khac",
            "secretary",
            other_council,
            None,
        )
        .await;
        let delegate = paired(server, &admin, delegates[1]).await;
        let guest = paired(server, &admin, official).await;
        Fixture {
            admin,
            council,
            other_council,
            term,
            group,
            committee,
            delegates,
            official,
            session,
            secretary,
            chair,
            delegate,
            guest,
            display,
            foreign_secretary,
        }
    }

    /// Every role's client, named.
    pub fn roles(&self) -> Vec<(&'static str, &Api)> {
        vec![
            ("admin", &self.admin),
            ("secretary", &self.secretary),
            ("chair", &self.chair),
            ("delegate", &self.delegate),
            ("guest", &self.guest),
            ("display", &self.display),
        ]
    }
}

pub async fn make_council(admin: &Api, name: &str, seats: u32) -> i64 {
    admin
        .create(
            "/api/councils",
            json!({ "name": name, "place_name": "Thử Nghiệm", "total_seats": seats }),
        )
        .await["id"]
        .as_i64()
        .unwrap()
}

/// Creates a staff account with a password, signs it in and changes the
/// password as the first sign-in requires.
pub async fn staff(
    server: &Server,
    admin: &Api,
    username: &str,
    role: &str,
    council: i64,
    person: Option<i64>,
) -> Api {
    let first = "mật-khẩu-tạm-thời";
    admin
        .create(
            "/api/accounts",
            json!({ "username": username, "display_name": username, "role": role, "council_id": council,
                    "person_id": person, "password": first }),
        )
        .await;
    let mut api = server.api();
    api.login(username, first).await;
    let (s, b) = api
        .post(
            "/api/auth/password",
            json!({ "current_password": first, "new_password": STAFF_PASSWORD }),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{b}");
    api
}

/// Issues a pairing card for a person and signs in with it.
pub async fn paired(server: &Server, admin: &Api, person: i64) -> Api {
    let card = admin
        .create(&format!("/api/people/{person}/pairing-code"), json!({}))
        .await;
    let mut api = server.api();
    api.pair(card["code"].as_str().unwrap()).await;
    api
}

/// The regular files under `dir`, at any depth.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).expect("read a directory").flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => todo.push(path),
                Ok(t) if t.is_file() => files.push(path),
                _ => {}
            }
        }
    }
    files
}

/// The server's database, opened behind its back (what an intruder who
/// copies it, or a tool beside the server, reads).
pub enum Database {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Database {
    /// The tables, by name (sqlx's own bookkeeping aside).
    pub async fn tables(&self) -> Vec<String> {
        let sql = match self {
            Database::Sqlite(_) => {
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' ORDER BY name"
            }
            Database::Postgres(_) => {
                "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
                WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%' ORDER BY table_name"
            }
        };
        self.strings(sql, None).await
    }

    /// The columns of `table`, in order.
    pub async fn columns(&self, table: &str) -> Vec<String> {
        let sql = match self {
            Database::Sqlite(_) => "SELECT name FROM pragma_table_info($1) ORDER BY cid",
            Database::Postgres(_) => {
                "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
                WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position"
            }
        };
        self.strings(sql, Some(table)).await
    }

    /// The one integer a query answers (`SELECT COUNT(*) …`).
    pub async fn int(&self, sql: &str) -> i64 {
        match self {
            Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
            Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The integers a query answers, one per row (`SELECT poll_id FROM …`).
    pub async fn ints(&self, sql: &str) -> Vec<i64> {
        match self {
            Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
            Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Every event: kind, actor and payload.
    pub async fn events(&self) -> Vec<(String, Option<i64>, String)> {
        let sql = "SELECT kind, actor, payload FROM events ORDER BY stream, seq";
        match self {
            Database::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await,
            Database::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await,
        }
        .expect("the events")
    }

    /// Runs a statement with no result (an insider's edit).
    pub async fn execute(&self, sql: &str) {
        match self {
            Database::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
            Database::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The events of `stream` as stored: seq, at, actor, kind, payload.
    pub async fn event_rows(
        &self,
        stream: &str,
    ) -> Vec<(i64, String, Option<i64>, String, String)> {
        let sql = "SELECT seq, at, actor, kind, payload FROM events WHERE stream = $1 ORDER BY seq";
        match self {
            Database::Sqlite(pool) => sqlx::query_as(sql).bind(stream).fetch_all(pool).await,
            Database::Postgres(pool) => sqlx::query_as(sql).bind(stream).fetch_all(pool).await,
        }
        .expect("the stream's events")
    }

    /// Rewrites the chain hashes of one event (an insider covering an edit).
    pub async fn set_hashes(&self, stream: &str, seq: i64, prev_hash: &str, hash: &str) {
        let sql = "UPDATE events SET prev_hash = $1, hash = $2 WHERE stream = $3 AND seq = $4";
        match self {
            Database::Sqlite(pool) => {
                let q = sqlx::query(sql)
                    .bind(prev_hash)
                    .bind(hash)
                    .bind(stream)
                    .bind(seq);
                q.execute(pool).await.map(|_| ())
            }
            Database::Postgres(pool) => {
                let q = sqlx::query(sql)
                    .bind(prev_hash)
                    .bind(hash)
                    .bind(stream)
                    .bind(seq);
                q.execute(pool).await.map(|_| ())
            }
        }
        .expect("rewrite the hashes")
    }

    async fn strings(&self, sql: &str, arg: Option<&str>) -> Vec<String> {
        match self {
            Database::Sqlite(pool) => {
                let q = sqlx::query_scalar(sql);
                let q = if let Some(a) = arg { q.bind(a) } else { q };
                q.fetch_all(pool).await
            }
            Database::Postgres(pool) => {
                let q = sqlx::query_scalar(sql);
                let q = if let Some(a) = arg { q.bind(a) } else { q };
                q.fetch_all(pool).await
            }
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    pub async fn close(self) {
        match self {
            Database::Sqlite(pool) => pool.close().await,
            Database::Postgres(pool) => pool.close().await,
        }
    }
}

/// Counts the rows of every table of the server's database.
pub async fn table_counts(server: &Server) -> Vec<(String, i64)> {
    let db = server.database().await;
    let mut out = Vec::new();
    for t in db.tables().await {
        let n = db.int(&format!("SELECT COUNT(*) FROM \"{t}\"")).await;
        out.push((t, n));
    }
    db.close().await;
    out
}

/// A client whose connections leave from `local` (any 127.x.y.z is this
/// machine: several laptops, or attackers, on one host).
pub fn client_from(url: &str, local: &str) -> Api {
    Api {
        client: reqwest::Client::builder()
            .local_address(local.parse::<std::net::IpAddr>().unwrap())
            .build()
            .unwrap(),
        url: url.to_owned(),
        token: None,
    }
}

/// The id of the option of `kind` ("yes", "no", "abstain") of a poll as
/// its opening answered it.
pub fn option_id(opened: &Value, kind: &str) -> i64 {
    opened["options"]
        .as_array()
        .expect("the poll's options")
        .iter()
        .find(|o| o["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} option: {opened}"))["id"]
        .as_i64()
        .unwrap()
}

impl Api {
    /// The same sign-in against another server address (after a restart).
    pub fn clone_with_url(&self, url: &str) -> Api {
        Api {
            url: url.to_owned(),
            ..self.clone()
        }
    }
}

/// Creates a term and a first regular session in a council: (term, session).
/// The session opens three weeks from today, so documents published now are
/// within any usual lead time, whatever the day the tests run.
pub async fn make_term_and_session(admin: &Api, council: i64) -> (i64, i64) {
    let start = chrono::Utc::now().date_naive() + chrono::Duration::days(21);
    let end = start + chrono::Duration::days(1);
    let term = admin
        .create(
            &format!("/api/councils/{council}/terms"),
            json!({ "name": "2026-2031", "start_year": 2026, "end_year": 2031 }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let session = admin
        .create(
            &format!("/api/councils/{council}/sessions"),
            json!({ "term_id": term, "number": 1, "kind": "regular", "title": "Kỳ họp thứ nhất",
                    "place": "Hội trường", "planned_start": start, "planned_end": end }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    (term, session)
}

/// The text `pdftotext` reads from a PDF's bytes.
pub fn pdftotext(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is installed (Debian poppler-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

impl Api {
    /// GET a PDF: the status, and the text `pdftotext` reads from it (words
    /// joined by single spaces) when it is one.
    pub async fn pdf_text(&self, path: &str) -> (StatusCode, String) {
        let resp = self.request(Method::GET, path).send().await.unwrap();
        let status = resp.status();
        let pdf = resp
            .headers()
            .get("content-type")
            .is_some_and(|t| t == "application/pdf");
        let bytes = resp.bytes().await.unwrap();
        let text = if pdf {
            pdftotext(&bytes)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            String::from_utf8_lossy(&bytes).into_owned()
        };
        (status, text)
    }

    /// GET a file's bytes (a PDF, a resolution), whatever the status.
    pub async fn bytes(&self, path: &str) -> Vec<u8> {
        let resp = self.request(Method::GET, path).send().await.unwrap();
        resp.bytes().await.unwrap().to_vec()
    }
}

/// The chair makes a poll on `item` and opens it; its id.
pub async fn open_poll(chair: &Api, item: i64, body: Value) -> i64 {
    let poll = chair
        .create(&format!("/api/agenda-items/{item}/polls"), body)
        .await["id"]
        .as_i64()
        .unwrap();
    chair
        .create(
            &format!("/api/polls/{poll}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    poll
}

/// Uploads `tests/fixtures/NAME` as a new document of `session`; the
/// document.
pub async fn upload_fixture(api: &Api, session: i64, title: &str, kind: &str, name: &str) -> Value {
    let (status, body) = upload(
        api,
        session,
        json!({ "title": title, "kind": kind }),
        name,
        std::fs::read(fixture(name)).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

/// In the demo's session: the chair starts it, the secretary checks the
/// chair (Mai Thu Yến) in, the chair opens the third agenda item; its id.
pub async fn demo_chair_at_third_item(
    chair: &Api,
    secretary: &Api,
    snap: &Value,
    delegates: &Value,
) -> i64 {
    let me = delegates
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["full_name"] == "Mai Thu Yến")
        .unwrap()["id"]
        .clone();
    chair
        .create(
            "/api/sessions/1/start",
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    secretary
        .create(
            &format!("/api/sessions/1/attendance/{me}"),
            json!({ "action": "check_in", "mode": "chamber" }),
        )
        .await;
    let item = snap["agenda"][2]["id"].as_i64().unwrap();
    chair
        .create(&format!("/api/agenda-items/{item}/open"), json!({}))
        .await;
    item
}

/// A loopback port free now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs `kyhop audit verify`: (passed, what it printed).
pub fn audit(db_url: &str) -> (bool, String) {
    let out = std::process::Command::new(BIN)
        .args(["audit", "verify", "--db", db_url])
        .output()
        .expect("run kyhop audit");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// A council of `seats` seats with every delegate signed in on their own
/// laptop, a chair who is delegate 0, a secretary, two officials, and a
/// convened session with three agenda items.
pub struct Chamber {
    pub admin: Api,
    pub council: i64,
    pub session: i64,
    pub items: Vec<i64>,
    pub chair: Api,
    pub secretary: Api,
    pub display: Api,
    /// (person id, signed-in client) per delegate; delegate 0 is the chair.
    pub delegates: Vec<(i64, Api)>,
    pub officials: Vec<i64>,
}

impl Chamber {
    pub async fn new(server: &Server, seats: u32) -> Chamber {
        let admin = server.admin().await;
        let council = make_council(&admin, "HĐND thành phố Biểu Quyết", seats).await;
        let (_, session) = make_term_and_session(&admin, council).await;
        let mut people = Vec::new();
        for i in 0..seats {
            let p = admin
                .create(
                    &format!("/api/councils/{council}/people"),
                    json!({ "kind": "delegate", "full_name": format!("Đại biểu số {:02}", i + 1) }),
                )
                .await;
            people.push(p["id"].as_i64().unwrap());
        }
        let mut officials = Vec::new();
        for (name, title) in [
            ("Trịnh Văn Lộc", "Chủ tịch UBND"),
            ("Đào Thị Mến", "Giám đốc Sở Tài chính"),
        ] {
            let p = admin
                .create(
                    &format!("/api/councils/{council}/people"),
                    json!({ "kind": "official", "full_name": name, "position_title": title }),
                )
                .await;
            officials.push(p["id"].as_i64().unwrap());
        }
        let mut items = Vec::new();
        for title in [
            "Khai mạc",
            "Tờ trình về dự toán ngân sách năm 2027",
            "Chất vấn và trả lời chất vấn",
        ] {
            let item = admin
                .create(
                    &format!("/api/sessions/{session}/agenda"),
                    json!({ "title": title }),
                )
                .await;
            items.push(item["id"].as_i64().unwrap());
        }
        // The first sitting begins within the hour: delegates may check in
        // (`kyhop_domain::check_in_opens_at`).
        admin
            .create(
                &format!("/api/sessions/{session}/sittings"),
                json!({ "title": "Phiên họp thứ nhất",
                        "starts_at": chrono::Utc::now() + chrono::Duration::minutes(30) }),
            )
            .await;
        let chair = staff(server, &admin, "chutoa", "chair", council, Some(people[0])).await;
        let secretary = staff(server, &admin, "thuky", "secretary", council, None).await;
        let display = staff(server, &admin, "manhinh", "display", council, None).await;
        // Cards are handed out before the session is convened (after, each
        // would wait for the chair's confirmation).
        let mut delegates = vec![(people[0], chair.clone())];
        for &p in &people[1..] {
            delegates.push((p, paired(server, &admin, p).await));
        }
        admin
            .create(&format!("/api/sessions/{session}/convene"), json!({}))
            .await;
        Chamber {
            admin,
            council,
            session,
            items,
            chair,
            secretary,
            display,
            delegates,
            officials,
        }
    }

    /// The chair starts the session and opens agenda item `index`; its id.
    pub async fn start_at_item(&self, index: usize) -> i64 {
        let s = self.session;
        self.chair
            .create(
                &format!("/api/sessions/{s}/start"),
                json!({ "below_quorum_confirmed": true }),
            )
            .await;
        let item = self.items[index];
        self.chair
            .create(&format!("/api/agenda-items/{item}/open"), json!({}))
            .await;
        item
    }

    /// Delegate `delegate` asks to speak on `item` (`{"kind": "debate"}`…);
    /// the speech's id.
    pub async fn ask_to_speak(&self, delegate: usize, item: i64, body: Value) -> i64 {
        self.delegates[delegate]
            .1
            .create(&format!("/api/agenda-items/{item}/speakers"), body)
            .await["id"]
            .as_i64()
            .expect("the speech's id")
    }

    /// Checks delegates `range` in (each on their own account).
    pub async fn check_in(&self, range: std::ops::Range<usize>) {
        for i in range {
            let (person, api) = &self.delegates[i];
            let mode = if i % 5 == 4 { "online" } else { "chamber" };
            api.create(
                &format!("/api/sessions/{}/attendance/{person}", self.session),
                json!({ "action": "check_in", "mode": mode }),
            )
            .await;
        }
    }
}

/// Casts ballots: `ballots[i]` for delegate `i`.
pub async fn vote(chamber: &Chamber, poll: i64, ballots: &[Value]) {
    for (i, ballot) in ballots.iter().enumerate() {
        let (s, receipt) = chamber.delegates[i]
            .1
            .post(&format!("/api/polls/{poll}/ballot"), ballot.clone())
            .await;
        assert_eq!(s, StatusCode::OK, "delegate {i}: {receipt}");
        assert_eq!(receipt["recorded"], true);
    }
}

pub fn choices(yes: usize, no: usize, abstain: usize) -> Vec<Value> {
    let mut v = vec![json!({ "choice": "yes" }); yes];
    v.extend(vec![json!({ "choice": "no" }); no]);
    v.extend(vec![json!({ "choice": "abstain" }); abstain]);
    v
}

pub async fn new_poll(chamber: &Chamber, item: i64, body: Value) -> i64 {
    let poll = chamber
        .chair
        .create(&format!("/api/agenda-items/{item}/polls"), body)
        .await;
    assert_eq!(poll["state"], "draft");
    poll["id"].as_i64().unwrap()
}

pub async fn run_poll(chamber: &Chamber, poll: i64, ballots: &[Value]) -> Value {
    chamber
        .chair
        .create(
            &format!("/api/polls/{poll}/open"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    vote(chamber, poll, ballots).await;
    let closed = chamber
        .chair
        .create(&format!("/api/polls/{poll}/close"), json!({}))
        .await;
    assert_eq!(closed["state"], "closed");
    closed["result"].clone()
}

/// The desktop app's gateway for the app-data directory `dir`, on a free
/// loopback port, keeping the sign-in where `secrets` says.
pub async fn start_gateway(
    dir: &Path,
    secrets: kyhop_gateway::SecretPlace,
) -> kyhop_gateway::Gateway {
    kyhop_gateway::Gateway::start(dir, "127.0.0.1:0".parse().unwrap(), secrets)
        .await
        .expect("the gateway starts")
}

/// The app's own window as the gateway sees it: every request carries the
/// gateway's token, as the UI inside the app sends it.
pub fn gateway_window(gateway: &kyhop_gateway::Gateway) -> Api {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        kyhop_gateway::GATEWAY_TOKEN_HEADER,
        gateway.gateway_token().parse().expect("a header value"),
    );
    Api {
        client: reqwest::Client::builder()
            .default_headers(headers)
            .build()
            .expect("a client"),
        url: gateway.url().trim_end_matches('/').to_owned(),
        token: None,
    }
}

/// A `tesseract` that knows Vietnamese and then never answers, as a page
/// image that makes the real one spin: it sleeps `marker` seconds (a
/// duration odd enough to find its processes by).
pub fn hanging_tesseract(dir: &Path, marker: &str) -> String {
    let path = dir.join("tesseract");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\nif [ \"$1\" = --list-langs ]; then echo vie; exit 0; fi\nexec sleep {marker}\n"
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_str().unwrap().to_owned()
}

/// A poll on `item` that one vote passes, a resolution it adopts, issued
/// with the demo's keys: the PDF, the API verifier's report of it, and
/// its number.
pub async fn issue_on(
    chair: &Api,
    secretary: &Api,
    item: i64,
    subject: &str,
) -> (Vec<u8>, Value, String) {
    // A poll counted on the ballots cast, so that one vote decides it.
    let poll = open_poll(
        chair,
        item,
        json!({ "kind": "named", "title": subject,
                "rule": { "base": "ballots_cast", "fraction": { "numerator": 1, "denominator": 2 }, "strict": true } }),
    )
    .await;
    chair
        .create(
            &format!("/api/polls/{poll}/ballot"),
            json!({ "choice": "yes" }),
        )
        .await;
    chair
        .create(&format!("/api/polls/{poll}/close"), json!({}))
        .await;
    let resolution = secretary
        .create(
            "/api/sessions/1/resolutions",
            json!({
                "agenda_item_id": item, "poll_id": poll,
                "subject": subject,
                "legal_bases": ["Căn cứ Luật Tổ chức chính quyền địa phương"],
                "articles": [{ "heading": "Thử nghiệm", "paragraphs": ["Nghị quyết thử."] }],
                "recipients": ["Lưu: VT"],
                "authority": "TM. Hội đồng nhân dân", "signer_title": "Chủ tịch", "signer_name": "Mai Thu Yến"
            }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let (status, issued) = chair
        .post(
            &format!("/api/resolutions/{resolution}/issue"),
            json!({ "chair": "demo", "seal": "demo" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    let pdf = chair
        .bytes(&format!("/api/resolutions/{resolution}/pdf"))
        .await;
    let report: Value = chair
        .request(reqwest::Method::POST, "/api/verify")
        .header("content-type", "application/pdf")
        .body(pdf.clone())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let number = issued["number"]["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (pdf, report, number)
}
