//! `kyhop serve --config FILE`: every option of the command line can be
//! set in the file (the packaged file documents each one), the command line
//! and environment win over it, and a wrong key or value stops the server
//! at start with the file's line.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{Server, BIN};

fn serve_with(config: &Path, extra: &[&str]) -> std::process::Output {
    std::process::Command::new(BIN)
        .arg("serve")
        .arg("--config")
        .arg(config)
        .args(extra)
        .env_remove("KYHOP_BIND")
        .env_remove("KYHOP_DATA_DIR")
        .output()
        .expect("run kyhop")
}

#[test]
fn a_wrong_key_or_value_is_refused_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let cases = [
        (
            "bnid = \"127.0.0.1:0\"\n",
            1,
            "`bnid` is not an option of `kyhop serve`",
        ),
        ("# port\n\nbind = 8080\n", 3, "`bind`: invalid value '8080'"),
        ("ocr_jobs = \"two\"\n", 1, "`ocr_jobs`: invalid value 'two'"),
        ("ocr_jobs = 0\n", 1, "`ocr_jobs`: invalid value '0'"),
        ("tls = \"yes\"\n", 1, "`tls` is a switch: true or false"),
        (
            "trust = [1.5, {}]\n",
            1,
            "`trust` takes a string or a number",
        ),
        (
            "upload_limit = -5\n",
            1,
            "`upload_limit`: invalid value '-5'",
        ),
        ("bind = \"127.0.0.1:0\n", 1, "invalid basic string"),
        ("[limits]\nbody_limit = 5\n", 1, "`limits` is not an option"),
    ];
    for (text, line, said) in cases {
        let file = tmp.path().join("kyhop.toml");
        std::fs::write(
            &file,
            format!("data_dir = {:?}\n{text}", data.display().to_string()),
        )
        .unwrap();
        let out = serve_with(&file, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{text}: started");
        assert!(
            stderr.contains(&format!("kyhop.toml, line {}", line + 1)) && stderr.contains(said),
            "{text}: {stderr}"
        );
        assert!(!data.exists(), "{text}: the server got as far as its data");
    }
    // What options require of one another is checked as on the command line.
    let file = tmp.path().join("kyhop.toml");
    std::fs::write(&file, "tsa_url = \"http://tsa.example\"\n").unwrap();
    let out = serve_with(&file, &[]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--tsa-trust"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A missing file is named.
    let out = serve_with(&tmp.path().join("missing.toml"), &[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.toml"));
}

/// The keys the server takes, as its own error lists them.
fn keys() -> BTreeSet<String> {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("kyhop.toml");
    std::fs::write(&file, "nonsense = 1\n").unwrap();
    let out = serve_with(&file, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let list = stderr.split("the keys are: ").nth(1).expect("the keys");
    list.trim().split(", ").map(str::to_owned).collect()
}

#[test]
fn the_packaged_file_documents_every_option() {
    let keys = keys();
    for must in [
        "bind",
        "data_dir",
        "db",
        "trust",
        "tls",
        "backup_every",
        "log_format",
    ] {
        assert!(keys.contains(must), "{must} in {keys:?}");
    }
    let text = std::fs::read_to_string(common::repo_file("packaging/deb/kyhop.toml")).unwrap();
    let documented: BTreeSet<String> = text
        .lines()
        .map(|l| l.trim_start_matches('#').trim())
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
        .filter(|k| {
            k.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .map(str::to_owned)
        .collect();
    assert_eq!(documented, keys, "the keys packaging/deb/kyhop.toml shows");
    // And the file as shipped is one the server takes (its data directory
    // and address aside: the command line wins).
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let config = tmp.path().join("kyhop.toml");
    std::fs::write(&config, &text).unwrap();
    let out = std::process::Command::new(BIN)
        .args(["backup", "--config"])
        .arg(&config)
        .arg("--data-dir")
        .arg(&data)
        .arg("--to")
        .arg(tmp.path().join("backup"))
        .output()
        .unwrap();
    // No database there yet: the backup says so, past the file's checks.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("SQLite"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_file_sets_options_and_the_command_line_wins() {
    let tmp = tempfile::tempdir().unwrap();
    let from_file = tmp.path().join("from-file");
    let config = tmp.path().join("kyhop.toml");
    std::fs::write(
        &config,
        format!(
            "bind = \"127.0.0.1:0\"\ndata_dir = {:?}\nlog_format = \"json\"\ntoken_ttl_hours = 1\n",
            from_file.display().to_string()
        ),
    )
    .unwrap();
    let config_arg = config.to_str().unwrap();
    let server = Server::spawn(&["serve", "--config", config_arg], &from_file).await;
    assert!(from_file.join("initial-admin-password").exists());
    // The log is JSON, one object a line.
    server.admin().await;
    let me = server.api().login("admin", common::ADMIN_PASSWORD).await;
    server.stop().await;
    let log = std::fs::read_to_string(from_file.join("server.log")).unwrap();
    let first = log.lines().next().expect("a log line");
    let line: serde_json::Value = serde_json::from_str(first).expect("a JSON log line");
    assert_eq!(line["level"], "INFO", "{line}");
    // The sign-in lasts the hour the file says.
    let expires = chrono::DateTime::parse_from_rfc3339(me["expires_at"].as_str().unwrap()).unwrap();
    let left = expires.with_timezone(&chrono::Utc) - chrono::Utc::now();
    assert!(
        left <= chrono::Duration::hours(1) && left > chrono::Duration::minutes(55),
        "{me}"
    );

    // The command line wins over the file.
    let from_line = tmp.path().join("from-command-line");
    let server = Server::spawn(
        &[
            "serve",
            "--config",
            config_arg,
            "--data-dir",
            from_line.to_str().unwrap(),
            "--log-format",
            "human",
        ],
        &from_line,
    )
    .await;
    assert!(from_line.join("initial-admin-password").exists());
    server.stop().await;
    let log = std::fs::read_to_string(from_line.join("server.log")).unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(log.lines().next().unwrap()).is_err());
}

/// A data directory (or database) of another user is refused at start,
/// naming both users: run as root on the service's data, the server would
/// leave files the service cannot read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_data_directory_of_another_user_is_refused() {
    use std::os::unix::fs::chown;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let nobody = 65534;
    chown(&data, Some(nobody), Some(nobody)).unwrap();
    let out = std::process::Command::new(BIN)
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("belongs to nobody (uid 65534) but KyHop runs as root (uid 0)"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(&data).unwrap().count(),
        0,
        "nothing written"
    );
    // The database alone belonging to another is refused too.
    chown(&data, Some(0), Some(0)).unwrap();
    std::fs::write(data.join("kyhop.db"), b"").unwrap();
    chown(data.join("kyhop.db"), Some(nobody), Some(nobody)).unwrap();
    let out = std::process::Command::new(BIN)
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("kyhop.db belongs to nobody"));
    // Control: the same directory, given back, serves.
    std::fs::remove_file(data.join("kyhop.db")).unwrap();
    let dir = data.to_str().unwrap();
    let server = Server::spawn(
        &["serve", "--bind", "127.0.0.1:0", "--data-dir", dir],
        &data,
    )
    .await;
    server.stop().await;
}
