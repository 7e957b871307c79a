//! The desktop app's sign-in in a real desktop keyring: a private D-Bus
//! session bus with GNOME Keyring's Secret Service on it (unlocked with a
//! known password, as a desktop session does at login), a real host
//! (`kyhop serve --tls`) and the gateway in this process.
//!
//! What is checked from outside: `secret-tool` (libsecret) finds the item
//! the gateway wrote, and the token in it opens the host; `secrets.json` is
//! not on disk while the keyring holds the sign-in. Then the keyring goes
//! away: the sign-in falls back to the owner-only file, and moves back into
//! the keyring when it returns; a sign-out made while it is away sticks; an
//! unreadable item is ignored, and the next sign-in replaces it.
//!
//! One test in this binary: it points the process at its own session bus
//! (`DBUS_SESSION_BUS_ADDRESS`) before any thread starts.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{gateway_window, start_gateway, Api, Fixture, Server};
use kyhop_gateway::{AppDir, SecretPlace, Secrets, KEYRING_SERVICE};
use reqwest::StatusCode;
use serde_json::{json, Value};

const KEYRING_PASSWORD: &str = "mật khẩu phiên làm việc";

/// A session bus of our own, ended with the test.
struct SessionBus {
    daemon: Child,
    address: String,
}

/// A session bus that starts no services by itself: with the standard
/// configuration, asking for a stopped keyring would start one of the
/// machine's own (tests/desktop/with-keyring.sh uses the same file).
const BUS_CONFIG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/support/session-bus.conf"
);

impl SessionBus {
    fn start() -> SessionBus {
        let mut daemon = Command::new("dbus-daemon")
            .arg(format!("--config-file={BUS_CONFIG}"))
            .args(["--nofork", "--nopidfile", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (Debian package dbus-daemon; scripts/setup.sh installs it)");
        let mut line = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line.trim().to_owned();
        assert!(address.starts_with("unix:"), "bus address: {address:?}");
        SessionBus { daemon, address }
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// GNOME Keyring's Secret Service on that bus, its files in `home`.
struct Keyring {
    daemon: Child,
}

impl Keyring {
    fn start(bus: &SessionBus, home: &Path) -> Keyring {
        let runtime = home.join("run");
        std::fs::create_dir_all(&runtime).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        let mut daemon = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_RUNTIME_DIR", &runtime)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect(
                "gnome-keyring-daemon (Debian package gnome-keyring; scripts/setup.sh installs it)",
            );
        // The login keyring's password on standard input, as at a desktop login.
        let mut stdin = daemon.stdin.take().unwrap();
        stdin.write_all(KEYRING_PASSWORD.as_bytes()).unwrap();
        drop(stdin);
        let keyring = Keyring { daemon };
        for _ in 0..100 {
            if secret_tool(bus, &["search", "--all", "service", "no-such-service"]).is_some() {
                return keyring;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("GNOME Keyring did not come up on the test's session bus");
    }

    fn stop(mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// Runs libsecret's `secret-tool` on the test's bus; its output, if it succeeded.
fn secret_tool(bus: &SessionBus, args: &[&str]) -> Option<String> {
    let out = Command::new("secret-tool")
        .args(args)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .output()
        .expect("secret-tool (Debian package libsecret-tools; scripts/setup.sh installs it)");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// What the keyring holds for the app-data directory `app`, as libsecret reads it.
fn keyring_item(bus: &SessionBus, app: &Path) -> Option<Value> {
    let user = app.to_string_lossy();
    let secret = secret_tool(
        bus,
        &["lookup", "service", KEYRING_SERVICE, "username", &user],
    )?;
    Some(serde_json::from_str(&secret).expect("the keyring item is the sign-in as JSON"))
}

async fn status(window: &Api) -> Value {
    window.get("/desktop/status").await.1
}

#[test]
fn the_sign_in_lives_in_the_desktop_keyring_and_falls_back_to_a_private_file() {
    let keyring_home = tempfile::tempdir().unwrap();
    let bus = SessionBus::start();
    // Before any other thread exists (the runtime is built below).
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &bus.address);
    let keyring = Keyring::start(&bus, keyring_home.path());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let app = tempfile::tempdir().unwrap();
    let secrets_file = app.path().join("secrets.json");

    let real_token = runtime.block_on(async {
        let server = Server::start_with(&["--tls"]).await;
        let fingerprint = server.fingerprint.clone().expect("a TLS host");
        let fx = Fixture::new(&server).await;
        let gateway = start_gateway(app.path(), SecretPlace::Keyring).await;
        let window = gateway_window(&gateway);
        let paired = window
            .client
            .post(format!("{}/desktop/pair", window.url))
            .json(&json!({ "url": server.url,
                           "confirmation": kyhop_server::tls::short_fingerprint(&fingerprint) }))
            .send()
            .await
            .unwrap();
        assert_eq!(paired.status(), StatusCode::OK);
        let card = fx
            .admin
            .create(
                &format!("/api/people/{}/pairing-code", fx.delegates[2]),
                json!({}),
            )
            .await;
        let mut ui = window.clone();
        let signed_in = ui.pair(card["code"].as_str().unwrap()).await;
        let local_token = signed_in["token"].as_str().unwrap().to_owned();

        // In the keyring, not on disk; libsecret reads it; the token in it opens the host.
        let status_now = status(&window).await;
        assert_eq!(status_now["secret_place"], "keyring", "{status_now}");
        assert_eq!(status_now["signed_in"], true);
        assert!(!secrets_file.exists(), "no secrets.json beside a keyring");
        let item = keyring_item(&bus, app.path()).expect("the keyring holds the sign-in");
        assert_eq!(item["local_token"], local_token.as_str());
        let real = item["token"].as_str().unwrap().to_owned();
        assert_ne!(real, local_token);
        let (code, me) = Api::pinned(&server.url, &fingerprint)
            .with_token(&real)
            .get("/api/auth/me")
            .await;
        assert_eq!(code, StatusCode::OK, "{me}");
        assert_eq!(me["person_id"], fx.delegates[2]);

        // The app starts again: still signed in, from the keyring.
        gateway.shut_down().await;
        let gateway = start_gateway(app.path(), SecretPlace::Keyring).await;
        assert_eq!(gateway.window_token().await, Some(local_token.clone()));
        let ui = Api::new(gateway.url().trim_end_matches('/')).with_token(&local_token);
        let (code, me) = ui.get("/api/auth/me").await;
        assert_eq!(code, StatusCode::OK, "{me}");
        assert_eq!(me["person_id"], fx.delegates[2]);
        gateway.shut_down().await;
        server.stop().await;
        real
    });

    // The keyring goes away (locked out, another session): a new sign-in
    // is written to the owner-only file instead, and read back from it.
    keyring.stop();
    let without = AppDir::open_with(app.path(), SecretPlace::Keyring).unwrap();
    assert_eq!(without.secret_place(), SecretPlace::File);
    assert!(
        without.secrets().token.is_none(),
        "nothing can be read without the keyring or the file"
    );
    let secrets = Secrets {
        token: Some(real_token.clone()),
        local_token: Some("local".into()),
    };
    assert_eq!(without.save_secrets(&secrets).unwrap(), SecretPlace::File);
    assert_eq!(without.secret_place(), SecretPlace::File);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secrets_file)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(
        AppDir::open_with(app.path(), SecretPlace::Keyring)
            .unwrap()
            .secrets()
            .local_token
            .as_deref(),
        Some("local")
    );

    // The keyring is back (the same login keyring, still holding the older
    // sign-in): the file is the newer word; the next start moves it into
    // the keyring and deletes the file.
    let keyring = Keyring::start(&bus, keyring_home.path());
    let with = AppDir::open_with(app.path(), SecretPlace::Keyring).unwrap();
    assert_eq!(with.secrets().local_token.as_deref(), Some("local"));
    assert!(!secrets_file.exists(), "moved into the keyring");
    assert_eq!(with.secret_place(), SecretPlace::Keyring);
    assert_eq!(
        keyring_item(&bus, app.path()).unwrap()["local_token"],
        "local"
    );

    // A sign-out while the keyring is away sticks: the older sign-in in the
    // keyring does not come back when it returns.
    keyring.stop();
    let away = AppDir::open_with(app.path(), SecretPlace::Keyring).unwrap();
    assert_eq!(
        away.save_secrets(&Secrets::default()).unwrap(),
        SecretPlace::File
    );
    let keyring = Keyring::start(&bus, keyring_home.path());
    let back = AppDir::open_with(app.path(), SecretPlace::Keyring).unwrap();
    assert!(back.secrets().is_empty(), "signed out stays signed out");
    assert!(!secrets_file.exists());
    assert_eq!(kyhop_items(&bus), "", "the keyring item is gone");

    // An item that is not a sign-in (written by another program, damaged)
    // is no sign-in, and the next sign-in replaces it.
    let user = app.path().to_string_lossy().into_owned();
    let mut store = Command::new("secret-tool")
        .args([
            "store",
            "--label=damaged",
            "service",
            KEYRING_SERVICE,
            "username",
            &user,
        ])
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    store.stdin.take().unwrap().write_all(b"{not json").unwrap();
    assert!(store.wait().unwrap().success());
    let damaged = AppDir::open_with(app.path(), SecretPlace::Keyring).unwrap();
    assert!(
        damaged.secrets().is_empty(),
        "an unreadable item is no sign-in"
    );
    assert_eq!(
        damaged.save_secrets(&secrets).unwrap(),
        SecretPlace::Keyring
    );
    assert_eq!(
        keyring_item(&bus, app.path()).unwrap()["local_token"],
        "local"
    );
    damaged.save_secrets(&Secrets::default()).unwrap();
    assert_eq!(kyhop_items(&bus), "");

    // A file-only app-data directory (what tests and benchmarks use) never
    // touches the keyring, even with one on the bus.
    let other = tempfile::tempdir().unwrap();
    let file_only = AppDir::open(other.path()).unwrap();
    assert_eq!(file_only.save_secrets(&secrets).unwrap(), SecretPlace::File);
    assert!(other.path().join("secrets.json").exists());
    assert_eq!(kyhop_items(&bus), "");
    keyring.stop();
}

/// Every item KyHop has in the keyring, as `secret-tool search` lists them
/// (the search itself must work: an empty answer is a real "none").
fn kyhop_items(bus: &SessionBus) -> String {
    secret_tool(bus, &["search", "--all", "service", KEYRING_SERVICE])
        .expect("secret-tool search answers")
}
