//! The chamber's network is hostile: each test plays an attacker from it
//! (or from a laptop next to the server), shows the attack fails, and that
//! the server still answers an honest request and lost nothing. Where it
//! can, a control shows the same attack working where it should.

use crate::common;

use std::io::Write as _;
use std::net::IpAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{client_from, fixture, upload, Api, Fixture, Server, BIN};
use futures_util::StreamExt as _;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A PDF of 4-5 MB whose object stream inflates to `inflated` bytes of
/// zeros when a parser loads it (lopdf reads object streams as it loads).
fn compression_bomb(inflated: usize) -> Vec<u8> {
    let mut deflate = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![0u8; 64 << 20];
    for _ in 0..inflated / zeros.len() {
        deflate.write_all(&zeros).unwrap();
    }
    let data = deflate.finish().unwrap();
    let mut pdf = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    let mut object = |pdf: &mut Vec<u8>, n: usize, body: &[u8]| {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    };
    object(&mut pdf, 1, b"<< /Type /Catalog /Pages 2 0 R >>");
    object(&mut pdf, 2, b"<< /Type /Pages /Kids [] /Count 0 >>");
    let mut stream = format!(
        "<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n",
        data.len()
    )
    .into_bytes();
    stream.extend_from_slice(&data);
    stream.extend_from_slice(b"\nendstream");
    object(&mut pdf, 3, &stream);
    let xref = pdf.len();
    pdf.extend_from_slice(b"xref\n0 4\n0000000000 65535 f \n");
    for o in &offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<< /Root 1 0 R /Size 4 >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    pdf
}

/// The most memory a process has held (`VmHWM`), in MiB.
fn peak_mib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM");
    kib / 1024
}

/// An honest request answers, and quickly.
async fn answers_promptly(api: &Api) {
    let started = Instant::now();
    let (status, body) = api.get("/api/health").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "health took {:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_compression_bomb_posted_to_verify_never_reaches_the_servers_memory() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let bomb = compression_bomb(1 << 30);
    assert!(bomb.len() < 20 << 20, "{} bytes", bomb.len());

    // Control: read without the child's memory cap, the same file takes
    // more than a gigabyte (what the server itself spent before).
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bomb.pdf");
    std::fs::write(&file, &bomb).unwrap();
    let measure = "import resource, subprocess, sys\n\
         p = subprocess.run([sys.argv[1], 'inspect-pdf', '--memory-bytes', str(16 << 30), '--job-on-stdin', sys.argv[2]],\n\
                            input=b'{\"job\":\"verify\",\"roots_der\":[]}', capture_output=True)\n\
         print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, p.stdout.decode().strip())";
    let out = std::process::Command::new("python3")
        .args(["-c", measure, BIN, file.to_str().unwrap()])
        .output()
        .expect("python3");
    let out = String::from_utf8_lossy(&out.stdout).to_string();
    let (peak, answer) = out.trim().split_once(' ').expect("peak and answer");
    assert!(
        peak.parse::<u64>().unwrap() > 1024,
        "uncapped peak {peak} MiB"
    );
    assert_eq!(answer, r#"{"Ok":[]}"#, "the bomb parses when memory allows");

    // The attack: the chamber screen's account posts it.
    let pid = server.child.id().unwrap();
    let before = peak_mib(pid);
    let started = Instant::now();
    let response = fx
        .display
        .request(Method::POST, "/api/verify")
        .header("content-type", "application/pdf")
        .body(bomb)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    // Within its cap the child either gives up on the stream (no
    // signatures: not valid) or is stopped (unreadable).
    match status {
        StatusCode::OK => assert_eq!(body["valid"], false, "{body}"),
        StatusCode::UNPROCESSABLE_ENTITY => assert_eq!(body["code"], "pdf_unreadable", "{body}"),
        other => panic!("{other}: {body}"),
    }
    assert!(started.elapsed() < Duration::from_secs(60));
    let after = peak_mib(pid);
    assert!(
        after < before + 200 && after < 600,
        "the server's own peak went from {before} to {after} MiB"
    );
    answers_promptly(&fx.display).await;
    // Nothing stays behind in the store's temporary area.
    let incoming = server.data_dir.join("blobs/incoming");
    assert_eq!(std::fs::read_dir(incoming).unwrap().count(), 0);

    // A body over 20 MB is not even read.
    let response = fx
        .display
        .request(Method::POST, "/api/verify")
        .header("content-type", "application/pdf")
        .body(vec![b'%'; 21 << 20])
        .send()
        .await;
    if let Ok(response) = response {
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    } // else: the server closed the connection while the client wrote
    answers_promptly(&fx.display).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_aborted_upload_leaves_no_partial_file() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let incoming = server.data_dir.join("blobs/incoming");
    let token = fx.secretary.token.clone().unwrap();
    let addr = server.url.trim_start_matches("http://").to_owned();
    let mut tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let boundary = "kyhopboundary";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"document\"\r\n\r\n{}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n",
        json!({ "title": "Tờ trình", "kind": "report" })
    );
    let request = format!(
        "POST /api/sessions/{}/documents HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\r\n{head}",
        fx.session,
        head.len() + (50 << 20)
    );
    tcp.write_all(request.as_bytes()).await.unwrap();
    tcp.write_all(&vec![b'x'; 2 << 20]).await.unwrap();
    // The part file exists while the upload runs…
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::fs::read_dir(&incoming).unwrap().count() == 0 {
        assert!(Instant::now() < deadline, "the upload never started");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // …and goes when the client walks away mid-file.
    drop(tcp);
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::fs::read_dir(&incoming).unwrap().count() != 0 {
        assert!(Instant::now() < deadline, "the .part file stayed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    answers_promptly(&fx.secretary).await;
    // A file left by a crash goes when the server starts; one written to
    // lately (another instance's upload, on a shared store) stays.
    let left = incoming.join("0123.part");
    std::fs::write(&left, b"half").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&left)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - Duration::from_secs(2 * 3600))
        .unwrap();
    let in_progress = incoming.join("4567.part");
    std::fs::write(&in_progress, b"being received").unwrap();
    let dir = server.data_dir.clone();
    let tmp = server.stop().await;
    let server = Server::start_in(&dir, &[]).await;
    answers_promptly(&server.api()).await;
    assert!(!left.exists());
    assert!(in_progress.exists());
    drop(server);
    drop(tmp);
}

/// Sends raw bytes and reads until the server closes the connection;
/// returns what it said and when it closed.
async fn until_closed(tcp: &mut tokio::net::TcpStream, limit: Duration) -> (String, Duration) {
    let started = Instant::now();
    let mut said = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(limit, tcp.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => said.extend_from_slice(&buf[..n]),
            Err(_) => panic!("the connection was still open after {limit:?}"),
        }
    }
    (
        String::from_utf8_lossy(&said).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_headers_and_silent_connections_are_closed() {
    let server = Server::start_with(&["--header-read-timeout-secs", "2"]).await;
    let addr = server.url.trim_start_matches("http://").to_owned();
    // Slowloris: headers started, never finished.
    let mut slow = tokio::net::TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    let (said, after) = until_closed(&mut slow, Duration::from_secs(10)).await;
    assert!(after < Duration::from_secs(5), "{after:?}");
    assert!(!said.contains("200 OK"), "{said}");
    // A kept-alive connection that has its answer and then stays silent.
    let mut idle = tokio::net::TcpStream::connect(&addr).await.unwrap();
    idle.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let (said, after) = until_closed(&mut idle, Duration::from_secs(10)).await;
    assert!(said.starts_with("HTTP/1.1 200 OK"), "{said}");
    assert!(
        after >= Duration::from_millis(1500) && after < Duration::from_secs(5),
        "{after:?}"
    );
    // Control: headers sent in time are answered.
    answers_promptly(&server.api()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_the_security_headers_and_confidential_copies_are_not_cached() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    for path in ["/", "/api/health", "/api/auth/me", "/no-such-page"] {
        let response = server
            .api()
            .request(Method::GET, path)
            .send()
            .await
            .unwrap();
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        let script = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        assert!(!script.contains("unsafe-inline"), "{path}: {script}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
    }
    // The page itself has no inline script for the policy to break.
    let page = server.api().request(Method::GET, "/").send().await.unwrap();
    let html = page.text().await.unwrap();
    assert!(
        !html.contains("<script>") && !html.contains("<script type=\"module\">"),
        "{html}"
    );

    let pdf = std::fs::read(fixture("to-trinh-libreoffice.pdf")).unwrap();
    let mut ids = Vec::new();
    for meta in [
        json!({ "title": "Báo cáo mật", "kind": "report", "confidentiality": "listed",
                "audience": [{ "kind": "committee", "id": fx.committee }] }),
        json!({ "title": "Tờ trình", "kind": "report" }),
    ] {
        let (status, doc) = upload(&fx.secretary, fx.session, meta, "a.pdf", pdf.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{doc}");
        ids.push(doc["id"].as_i64().unwrap());
    }
    let (status, _) = fx
        .secretary
        .post(
            &format!("/api/sessions/{}/documents/publish", fx.session),
            json!({ "document_ids": ids }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let cache = |id: i64| {
        let delegate = fx.delegate.clone();
        async move {
            let response = delegate
                .request(Method::GET, &format!("/api/documents/{id}/file"))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            (
                response.headers()["cache-control"]
                    .to_str()
                    .unwrap()
                    .to_owned(),
                response.headers()["vary"].to_str().unwrap().to_owned(),
            )
        }
    };
    assert_eq!(cache(ids[0]).await.0, "no-store");
    let (public, vary) = cache(ids[1]).await;
    assert!(public.contains("immutable"), "control: {public}");
    assert!(vary.contains("Authorization"), "{vary}");
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_data_directory_and_its_files_are_the_owners_only() {
    use std::os::unix::fs::PermissionsExt;
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let pdf = std::fs::read(fixture("to-trinh-libreoffice.pdf")).unwrap();
    let (status, doc) = upload(
        &fx.secretary,
        fx.session,
        json!({ "title": "Tờ trình", "kind": "report" }),
        "a.pdf",
        pdf,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = &server.data_dir;
    assert_eq!(mode(dir), 0o700, "{}", dir.display());
    let mut checked = 0;
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == "server.log") {
                continue; // the test harness's own file
            }
            if path.is_dir() {
                assert_eq!(mode(&path) & 0o077, 0, "{}", path.display());
                stack.push(path);
            } else {
                assert_eq!(mode(&path) & 0o077, 0, "{}", path.display());
                checked += 1;
            }
        }
    }
    // The pairing key, the uploaded file, and the database and its log
    // where they are in it (SQLite; PostgreSQL keeps its own directory).
    let database_in_dir = server
        .database_files()
        .iter()
        .filter(|f| f.starts_with(dir))
        .count();
    assert!(checked >= 2 + database_in_dir, "{checked} files");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_admin_password_leaves_the_disk_once_changed() {
    let server = Server::start().await;
    let file = server.data_dir.join("initial-admin-password");
    assert!(
        file.exists(),
        "control: the file is there before the change"
    );
    let admin = server.admin().await;
    assert!(!file.exists(), "removed at the change");
    // A file left by an earlier version goes at the next start.
    std::fs::write(&file, "old\n").unwrap();
    let dir = server.data_dir.clone();
    let tmp = server.stop().await;
    let server = Server::start_in(&dir, &[]).await;
    assert!(!file.exists(), "removed at start");
    answers_promptly(&admin.clone_with_url(&server.url)).await;
    drop(tmp);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vietnamese_password_opens_whether_typed_composed_or_decomposed() {
    use unicode_normalization::UnicodeNormalization;
    let server = Server::start().await;
    let admin = server.admin().await;
    let composed = "Mật khẩu Hội đồng 2026";
    let decomposed: String = composed.nfd().collect();
    assert_ne!(composed, decomposed);
    admin
        .create(
            "/api/accounts",
            json!({ "username": "quantri2", "display_name": "Quản trị", "role": "admin",
                    "password": composed }),
        )
        .await;
    let (status, body) = server
        .api()
        .post(
            "/api/auth/login",
            json!({ "username": "quantri2", "password": decomposed }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Control: a different password is still refused.
    let (status, _) = server
        .api()
        .post(
            "/api/auth/login",
            json!({ "username": "quantri2", "password": "Mat khau Hoi dong 2026" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn draft_resolutions_are_the_staffs_only() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let item = fx
        .secretary
        .create(
            &format!("/api/sessions/{}/agenda", fx.session),
            json!({ "title": "Tờ trình về dự toán ngân sách năm 2027" }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let draft = fx
        .secretary
        .create(
            &format!("/api/sessions/{}/resolutions", fx.session),
            json!({
                "agenda_item_id": item,
                "subject": "Về dự toán ngân sách địa phương năm 2027",
                "normative": false,
                "legal_bases": ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"],
                "articles": [{ "heading": "Dự toán thu ngân sách năm 2027",
                               "paragraphs": ["Tổng thu ngân sách nhà nước trên địa bàn là 98.500 tỷ đồng."] }],
                "recipients": ["Lưu: VT"],
                "authority": "TM. Hội đồng nhân dân",
                "signer_title": "Chủ tịch",
                "signer_name": "Nguyễn Văn An"
            }),
        )
        .await;
    let id = draft["id"].as_i64().unwrap();
    let list = format!("/api/sessions/{}/resolutions", fx.session);
    let one = format!("/api/resolutions/{id}");
    for (role, api) in [
        ("delegate", &fx.delegate),
        ("guest", &fx.guest),
        ("display", &fx.display),
    ] {
        let (status, body) = api.get(&list).await;
        assert_eq!(status, StatusCode::OK, "{role}: {body}");
        assert_eq!(body, json!([]), "{role} sees no draft");
        let (status, body) = api.get(&one).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{role}: {body}");
    }
    // Control: the staff read it, as they preview it.
    for api in [&fx.secretary, &fx.chair, &fx.admin] {
        let (status, body) = api.get(&one).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, body) = api.get(&list).await;
        assert_eq!(body.as_array().unwrap().len(), 1);
    }
}

#[test]
fn audit_verify_refuses_a_database_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("kyhop.db");
    let out = std::process::Command::new(BIN)
        .args(["audit", "verify", "--db"])
        .arg(format!("sqlite://{}", missing.display()))
        .output()
        .unwrap();
    assert!(!out.status.success(), "{out:?}");
    assert!(!missing.exists(), "no empty database was made");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("audit passed"),
        "{out:?}"
    );
}

/// Reads the council's live stream until a sign-in alarm that `matches`.
async fn alarm_seen(stream: &mut common::EventStream, matches: impl Fn(&Value) -> bool) -> Value {
    loop {
        let (_, event) = stream
            .next(Duration::from_secs(10))
            .await
            .expect("a sign-in alarm on the council's stream");
        if event["kind"] == "sign_in.alarm" && matches(&event["payload"]) {
            return event["payload"].clone();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_pairing_guesses_are_throttled_and_the_secretariat_is_told() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let mut alarms = fx
        .secretary
        .events(&format!("/api/councils/{}/events", fx.council), None)
        .await;
    let before = common::table_counts(&server).await;

    // One laptop guesses 10,000 codes, 500 at a time, giving up on each
    // after half a second.
    let attacker = Api {
        client: reqwest::Client::builder()
            .local_address("127.0.0.2".parse::<IpAddr>().unwrap())
            .timeout(Duration::from_millis(500))
            .build()
            .unwrap(),
        ..client_from(&server.url, "127.0.0.2")
    };
    let started = Instant::now();
    let statuses = futures_util::stream::iter(0..10_000u32)
        .map(|i| {
            let attacker = attacker.clone();
            async move {
                let code = format!("{:08}", i).replace('0', "A").replace('1', "B");
                attacker
                    .request(Method::POST, "/api/auth/pair")
                    .json(&json!({ "code": code }))
                    .send()
                    .await
                    .ok()
                    .map(|r| r.status())
            }
        })
        .buffer_unordered(500)
        .collect::<Vec<_>>()
        .await;
    let flood = started.elapsed();
    let count = |s: Option<StatusCode>| statuses.iter().filter(|x| **x == s).count();
    assert_eq!(count(Some(StatusCode::OK)), 0);
    let wrong = count(Some(StatusCode::UNAUTHORIZED));
    assert!(wrong <= 10 + 500, "{wrong}");
    // The rest refused: answered 429 at first, then, as the laptop kept
    // guessing while blocked, never read (held, then closed).
    let cut = count(None);
    assert!(
        count(Some(StatusCode::TOO_MANY_REQUESTS)) >= 10,
        "{statuses:?}"
    );
    // Answered at most: the wrong codes (above), the refusals counted
    // before the address is turned away (30), and one refusal on each of
    // the 500 connections under way then (it closes the connection): about
    // 1,040. Every other guess must never have been read.
    let refused = count(Some(StatusCode::TOO_MANY_REQUESTS));
    assert!(
        cut >= 10_000 - 1_100,
        "{cut} of 10,000 cut off ({wrong} wrong, {refused} refused)"
    );
    assert_eq!(
        wrong + cut + count(Some(StatusCode::TOO_MANY_REQUESTS)),
        10_000
    );

    // The secretariat sees it on the council's stream.
    let alarm = alarm_seen(&mut alarms, |a| a["address"] == "127.0.0.2").await;
    assert_eq!(alarm["attempt"], "pairing_code");
    assert_eq!(alarm["blocked_seconds"], 60);

    // Honest delegates elsewhere are not held up: a card used from another
    // laptop, a password sign-in, a request of a signed-in delegate.
    let card = fx
        .admin
        .create(
            &format!("/api/people/{}/pairing-code", fx.delegates[3]),
            json!({}),
        )
        .await;
    let mut honest = client_from(&server.url, "127.0.0.3");
    honest.pair(card["code"].as_str().unwrap()).await;
    let mut staff = server.api();
    staff.login("thuky", common::STAFF_PASSWORD).await;
    answers_promptly(&fx.delegate).await;
    // The guesses wrote nothing: the rows that changed are the alarm's
    // events, the honest card and its sign-ins.
    let after = common::table_counts(&server).await;
    for ((table, n), (_, m)) in before.iter().zip(&after) {
        match table.as_str() {
            "events" | "pairing_codes" | "tokens" | "accounts" => {}
            _ => assert_eq!(n, m, "{table}"),
        }
    }
    eprintln!("10,000 guesses answered in {flood:?}");
}

/// Sends one wrong card on a connection of its own (a new client) from
/// `local`: the status, `Retry-After` and `Connection` headers, or `None`
/// when the server closed the connection without an answer.
async fn guess_once(server: &Server, local: &str) -> Option<(StatusCode, String, String)> {
    let client = client_from(&server.url, local);
    let response = client
        .request(Method::POST, "/api/auth/pair")
        .json(&json!({ "code": "ABCD-EFGH" }))
        .send()
        .await
        .ok()?;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    Some((
        response.status(),
        header("retry-after"),
        header("connection"),
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_that_keeps_guessing_while_blocked_is_not_read_at_all() {
    let server = Server::start().await;
    let blocked = "127.0.0.4";
    for _ in 0..10 {
        let (status, ..) = guess_once(&server, blocked).await.unwrap();
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // Blocked: told how long to wait, 29 times, on a connection it may
    // keep (a delegate who mistyped reads the message and waits).
    for _ in 0..29 {
        let (status, retry_after, connection) = guess_once(&server, blocked).await.unwrap();
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = retry_after.parse().unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
        assert_ne!(connection, "close");
    }
    // The 30th refusal while blocked: the answer closes its connection...
    let (status, _, connection) = guess_once(&server, blocked).await.unwrap();
    assert_eq!(
        (status, connection.as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "close")
    );
    // ...and from now on its connections are never read, for any request:
    // held silent (a client told nothing waits instead of coming straight
    // back), then closed without a byte of an answer.
    let addr: std::net::SocketAddr = server.url.trim_start_matches("http://").parse().unwrap();
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket
        .bind(format!("{blocked}:0").parse().unwrap())
        .unwrap();
    let mut tcp = socket.connect(addr).await.unwrap();
    let _ = tcp
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await;
    let (said, after) = until_closed(&mut tcp, Duration::from_secs(15)).await;
    assert_eq!(said, "", "a turned-away address was answered");
    assert!(after >= Duration::from_secs(9), "closed after {after:?}");
    // Control: another laptop is served, and its first refusal while
    // blocked keeps its connection.
    answers_promptly(&client_from(&server.url, "127.0.0.5")).await;
    for _ in 0..10 {
        guess_once(&server, "127.0.0.5").await.unwrap();
    }
    let (status, _, connection) = guess_once(&server, "127.0.0.5").await.unwrap();
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_ne!(connection, "close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guesses_spread_over_many_addresses_meet_the_server_wide_ceiling() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let mut alarms = fx
        .secretary
        .events(&format!("/api/councils/{}/events", fx.council), None)
        .await;
    // Five wrong passwords from each of six machines: none is blocked on
    // its own account…
    let mut refused = 0;
    for machine in 1..=6 {
        let attacker = client_from(&server.url, &format!("127.0.1.{machine}"));
        for _ in 0..5 {
            let (status, _) = attacker
                .post(
                    "/api/auth/login",
                    json!({ "username": "admin", "password": "đoán-thử" }),
                )
                .await;
            if status == StatusCode::TOO_MANY_REQUESTS {
                refused += 1;
            }
        }
    }
    assert_eq!(refused, 0, "each machine stayed under its own limit");
    // …but together they reach the ceiling: everyone waits a minute.
    let fresh = client_from(&server.url, "127.0.2.1");
    let (status, body) = fresh
        .post(
            "/api/auth/login",
            json!({ "username": "admin", "password": common::ADMIN_PASSWORD }),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let alarm = alarm_seen(&mut alarms, |a| a["address"].is_null()).await;
    assert_eq!(alarm["attempt"], "password");
    assert_eq!(alarm["failures"], 30);
    // Signed-in work goes on.
    answers_promptly(&fx.secretary).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_password_attempts_hashes_a_few_at_a_time() {
    let server = Server::start().await;
    let _admin = server.admin().await;
    let pid = server.child.id().unwrap();
    let before = peak_mib(pid);
    // 200 machines, one wrong password each, all at once: each check is
    // 19 MiB of Argon2; all at once they would take 3.8 GB.
    let attempts = (0..200u32).map(|i| {
        let attacker = client_from(
            &server.url,
            &format!("127.0.{}.{}", 3 + i / 250, 1 + i % 250),
        );
        async move {
            attacker
                .post(
                    "/api/auth/login",
                    json!({ "username": "admin", "password": "sai-mật-khẩu" }),
                )
                .await
                .0
        }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    assert!(
        statuses.iter().all(|s| [
            StatusCode::UNAUTHORIZED,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::SERVICE_UNAVAILABLE
        ]
        .contains(s)),
        "{statuses:?}"
    );
    let after = peak_mib(pid);
    assert!(
        after < before + 400,
        "peak went from {before} to {after} MiB"
    );
    answers_promptly(&server.api()).await;
}

/// This machine's first address that is not loopback: a peer that comes
/// from it is "on the network" to a server on this machine.
fn network_address() -> String {
    let out = std::process::Command::new("hostname")
        .arg("-I")
        .output()
        .expect("hostname -I");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter_map(|a| a.parse::<IpAddr>().ok())
        .find(|a| a.is_ipv4() && !a.is_loopback())
        .expect("this test needs an IPv4 address besides loopback (hostname -I)")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_on_the_network_speaks_tls_unless_told_otherwise() {
    let here = network_address();
    // Any address but loopback: HTTPS, with the host's own certificate.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let dir_arg = dir.to_str().unwrap();
    let server = Server::spawn(
        &["serve", "--bind", "0.0.0.0:0", "--data-dir", dir_arg],
        &dir,
    )
    .await;
    assert!(server.url.starts_with("https://"), "{}", server.url);
    let port = server.url.rsplit(':').next().unwrap().to_owned();
    let fingerprint = server.fingerprint.clone().unwrap();
    let mut remote = Api::pinned(&format!("https://{here}:{port}"), &fingerprint);
    remote
        .login("admin", &server.initial_admin_password())
        .await;
    // Plain HTTP to that port gets no answer it could read.
    let plain = reqwest::get(format!("http://{here}:{port}/api/health")).await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());
    let dir2 = tmp.path().join("plain");
    drop(server);

    // --insecure-http: plain, loudly, and no secret is taken from the network.
    let dir_arg = dir2.to_str().unwrap();
    let server = Server::spawn(
        &[
            "serve",
            "--bind",
            "0.0.0.0:0",
            "--insecure-http",
            "--data-dir",
            dir_arg,
        ],
        &dir2,
    )
    .await;
    assert!(server.url.starts_with("http://"), "{}", server.url);
    assert!(
        server.log().contains("WARNING: serving plain HTTP"),
        "{}",
        server.log()
    );
    let port = server.url.rsplit(':').next().unwrap().to_owned();
    let remote = Api::new(&format!("http://{here}:{port}"));
    let first = server.initial_admin_password();
    for (path, body) in [
        (
            "/api/auth/login",
            json!({ "username": "admin", "password": first }),
        ),
        ("/api/auth/pair", json!({ "code": "ABCD-EFGH" })),
    ] {
        let (status, reply) = remote.post(path, body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {reply}");
        assert_eq!(reply["code"], "tls_required");
    }
    // Control: the same sign-in from loopback (a TLS proxy on this host)…
    let mut local = server.api();
    local.login("admin", &first).await;
    // …and a signed-in request from the network, which carries no secret
    // of its own kind, are served.
    let (status, _) = remote
        .with_token(local.token.as_deref().unwrap())
        .get("/api/auth/me")
        .await;
    assert_eq!(status, StatusCode::OK);
    drop(tmp);
}

/// Waits for the stream to end; how long it took (panics if it did not
/// within `limit`, or if an event with an audience shows a record).
async fn ended_within(stream: &mut common::EventStream, limit: Duration) -> Duration {
    let started = Instant::now();
    while started.elapsed() < limit {
        if stream.next(limit).await.is_none() {
            assert!(started.elapsed() < limit, "the stream stayed open");
            return started.elapsed();
        }
    }
    panic!("the stream stayed open for {limit:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_streams_end_with_their_sign_in_and_carry_ids_not_records() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let s = fx.session;
    let session_events = format!("/api/sessions/{s}/events");

    // A stream without Last-Event-ID starts now: the history is not replayed.
    let mut display = fx.display.events(&session_events, None).await;
    let pdf = std::fs::read(fixture("to-trinh-libreoffice.pdf")).unwrap();
    let (status, doc) = upload(
        &fx.secretary,
        s,
        json!({ "title": "Báo cáo mật về nhân sự", "kind": "report", "confidentiality": "listed",
                "audience": [{ "kind": "committee", "id": fx.committee }] }),
        "mat.pdf",
        pdf,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    let (seq, event) = display.next(Duration::from_secs(10)).await.unwrap();
    assert_eq!(event["kind"], "document.uploaded");
    assert_eq!(
        event["payload"],
        json!({ "id": doc["id"] }),
        "no title, no audience"
    );
    assert!(!event.to_string().contains("nhân sự"));
    // Control: replaying from the start is still possible, and shows the
    // same: the record is fetched by those who may read it.
    let mut replay = fx.display.events(&session_events, Some(0)).await;
    let events = replay.until(seq, Duration::from_secs(10)).await;
    assert!(!format!("{events:?}").contains("nhân sự"));
    assert_eq!(events.first().map(|e| e.0), Some(1));

    // Signing out ends the stream within seconds…
    let mut other = fx.delegate.events(&session_events, None).await;
    let mut mine = common::paired(&server, &fx.admin, fx.delegates[2]).await;
    let mut my_stream = mine.events(&session_events, None).await;
    let (status, _) = mine.post("/api/auth/logout", json!({})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let took = ended_within(&mut my_stream, Duration::from_secs(8)).await;
    assert!(took < Duration::from_secs(5), "{took:?}");
    // …and a role taken away ends the staff's council stream.
    let council_events = format!("/api/councils/{}/events", fx.council);
    let mut staff = fx.secretary.events(&council_events, None).await;
    let (_, me) = fx.secretary.get("/api/auth/me").await;
    let (status, body) = fx
        .admin
        .patch(
            &format!("/api/accounts/{}", me["id"]),
            json!({ "role": "display" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    ended_within(&mut staff, Duration::from_secs(8)).await;
    // Control: the other delegate's stream is still open and gets events.
    let (status, _) = fx
        .admin
        .post(
            &format!("/api/sessions/{s}/agenda"),
            json!({ "title": "Mục mới" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, event) = other
        .next(Duration::from_secs(10))
        .await
        .expect("still open");
    assert!(event["kind"].as_str().is_some());
    mine.token = None;
    drop(mine);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_account_holds_a_handful_of_streams() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let path = format!("/api/sessions/{}/events", fx.session);
    let mut streams = Vec::new();
    for _ in 0..4 {
        streams.push(fx.delegate.events(&path, None).await);
    }
    // A fifth ends the oldest (most likely a connection that died unseen).
    let mut fifth = fx.delegate.events(&path, None).await;
    ended_within(&mut streams[0], Duration::from_secs(5)).await;
    let (status, _) = fx
        .admin
        .post(
            &format!("/api/sessions/{}/agenda", fx.session),
            json!({ "title": "Mục mới" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    for stream in streams.iter_mut().skip(1).chain([&mut fifth]) {
        assert!(stream.next(Duration::from_secs(10)).await.is_some());
    }
    // Another account's streams are its own.
    let mut other = fx.chair.events(&path, None).await;
    let (status, _) = fx
        .admin
        .post(
            &format!("/api/sessions/{}/agenda", fx.session),
            json!({ "title": "Mục nữa" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(other.next(Duration::from_secs(10)).await.is_some());
}

/// A freshly printed card of a delegate of a new council on `server`.
async fn card(server: &Server) -> Value {
    let fx = Fixture::new(server).await;
    fx.admin
        .create(
            // Delegate 0 is the chair, who signs in with a password.
            &format!("/api/people/{}/pairing-code", fx.delegates[3]),
            json!({}),
        )
        .await
}

/// A card names the address the laptops reach the server at, not the one
/// the secretary's browser used: the given `--public-url`, else the
/// address served; with TLS, the fingerprint the laptop pins.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pairing_cards_carry_the_servers_public_address() {
    let plain = Server::start().await;
    let issued = card(&plain).await;
    assert_eq!(issued["server"]["url"], json!(plain.url));
    assert_eq!(issued["server"]["tls_fingerprint"], Value::Null);

    let proxied = Server::start_with(&["--public-url", "https://hdnd.example:8443/"]).await;
    let issued = card(&proxied).await;
    assert_eq!(issued["server"]["url"], "https://hdnd.example:8443");

    let out = std::process::Command::new(BIN)
        .args(["serve", "--public-url", "hdnd.example", "--help"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("must start with https:// or http://"),
        "{said}"
    );
}
