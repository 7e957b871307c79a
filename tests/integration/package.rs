//! The Debian package, installed as an IT officer would: built by
//! `scripts/package-deb.sh` (this build's binary), installed with `dpkg -i`
//! into a fresh Debian 12 system (made by mmdebstrap) booted under
//! systemd-nspawn, its units checked by `systemd-analyze verify`; the
//! service starts as the `kyhop` user behind its hardening, answers
//! `/healthz`, comes back after a crash, backs up on its timer, upgrades
//! (a backup first, then a restart) and is removed and purged with the
//! council's data left in place.
//!
//! Needs root, mmdebstrap, systemd-container and the Debian mirror
//! (scripts/setup.sh installs the tools); it fails, never skips, without
//! them.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::BIN;

fn run(command: &mut Command) -> Output {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        out.status.success(),
        "{command:?}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A Debian 12 root with systemd, made once per run of this test.
fn debian_root(dir: &Path) -> PathBuf {
    let root = dir.join("root");
    run(Command::new("mmdebstrap")
        .args([
            "--quiet",
            "--variant=minbase",
            "--include=systemd,systemd-sysv,dbus,adduser",
            "bookworm",
        ])
        .arg(&root)
        .arg("http://deb.debian.org/debian"));
    root
}

/// Built under an IT officer's strict umask (077): the package's files
/// must still have the modes it gives them, not the builder's.
fn package(out: &Path, version: &str) -> PathBuf {
    let made = run(Command::new("sh")
        .arg("-c")
        .arg(r#"umask 077; exec "$0" "$@""#)
        .arg(common::repo_file("scripts/package-deb.sh"))
        .args(["--binary", BIN, "--version", version, "--out"])
        .arg(out));
    PathBuf::from(text(&made).trim())
}

/// The container, booted; powered off when dropped.
struct Booted {
    nspawn: std::process::Child,
    init: u32,
}

impl Booted {
    fn boot(root: &Path) -> Booted {
        let nspawn = Command::new("systemd-nspawn")
            .args(["--quiet", "--register=no", "--keep-unit", "--boot", "-D"])
            .arg(root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("systemd-nspawn (Debian: systemd-container)");
        let started = Instant::now();
        let init = loop {
            let children = Command::new("pgrep")
                .args(["-P", &nspawn.id().to_string(), "-x", "systemd"])
                .output()
                .unwrap();
            if let Ok(pid) = text(&children).trim().parse() {
                break pid;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "no init in the container"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        let booted = Booted { nspawn, init };
        // Until the system is up (degraded or running).
        let started = Instant::now();
        loop {
            let state = booted.sh("systemctl is-system-running || true");
            if state.contains("running") || state.contains("degraded") {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(60), "boot: {state}");
            std::thread::sleep(Duration::from_millis(200));
        }
        booted
    }

    /// Runs a shell command inside; its standard output.
    fn sh(&self, script: &str) -> String {
        let out = Command::new("nsenter")
            .args(["-t", &self.init.to_string(), "-a", "sh", "-c", script])
            .output()
            .unwrap();
        text(&out)
    }

    /// Runs a shell command inside that must succeed.
    fn ok(&self, script: &str) -> String {
        text(&run(Command::new("nsenter").args([
            "-t",
            &self.init.to_string(),
            "-a",
            "sh",
            "-c",
            script,
        ])))
    }

    fn property(&self, unit: &str, name: &str) -> String {
        self.ok(&format!("systemctl show {unit} -p {name} --value"))
            .trim()
            .to_owned()
    }
}

impl Drop for Booted {
    fn drop(&mut self) {
        let _ = Command::new("nsenter")
            .args(["-t", &self.init.to_string(), "-a", "systemctl", "poweroff"])
            .output();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            if let Ok(Some(_)) = self.nspawn.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.nspawn.kill();
        let _ = self.nspawn.wait();
    }
}

/// Runs a command in the container's root without booting it.
fn in_root(root: &Path, args: &[&str]) -> Output {
    Command::new("systemd-nspawn")
        .args(["--quiet", "--register=no", "--keep-unit", "-D"])
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

/// Waits for the service to answer `/healthz` on the host's loopback (the
/// container shares the host's network).
fn healthy(port: u16) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        let out = Command::new("curl")
            .args(["-sf", &format!("http://127.0.0.1:{port}/healthz")])
            .output()
            .unwrap();
        if out.status.success() && text(&out).contains("ok") {
            return true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    false
}

#[test]
fn the_package_installs_a_hardened_service_that_upgrades_and_uninstalls_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let first = package(tmp.path(), "0.2.0~test-1");
    let second = package(tmp.path(), "0.2.0~test-2");

    // What the package holds, and how.
    let contents = text(&run(Command::new("dpkg-deb").arg("--contents").arg(&first)));
    for (mode, path) in [
        ("-rwxr-xr-x root/root", "./usr/bin/kyhop"),
        (
            "-rw-r--r-- root/root",
            "./usr/lib/systemd/system/kyhop.service",
        ),
        (
            "-rw-r--r-- root/root",
            "./usr/lib/systemd/system/kyhop-backup.timer",
        ),
        ("-rw-r--r-- root/root", "./etc/kyhop/kyhop.toml"),
        ("-rw-r--r-- root/root", "./usr/share/doc/kyhop/copyright"),
    ] {
        assert!(
            contents
                .lines()
                .any(|l| l.starts_with(mode) && l.ends_with(path)),
            "{path} as {mode}: {contents}"
        );
    }
    assert!(contents
        .lines()
        .next()
        .unwrap()
        .starts_with("drwxr-xr-x root/root"));
    let info = text(&run(Command::new("dpkg-deb").arg("--info").arg(&first)));
    assert!(info.contains("Depends: libc6 (>= "), "{info}");
    assert!(info.contains("/etc/kyhop/kyhop.toml"), "a conffile: {info}");

    let root = debian_root(tmp.path());
    std::fs::copy(&first, root.join("srv/kyhop-1.deb")).unwrap();
    std::fs::copy(&second, root.join("srv/kyhop-2.deb")).unwrap();
    let installed = in_root(&root, &["dpkg", "-i", "/srv/kyhop-1.deb"]);
    assert!(
        installed.status.success(),
        "{}",
        String::from_utf8_lossy(&installed.stderr)
    );

    // The units as systemd reads them: no warning at all.
    for unit in [
        "kyhop.service",
        "kyhop-backup.service",
        "kyhop-backup.timer",
    ] {
        let verified = in_root(
            &root,
            &[
                "systemd-analyze",
                "verify",
                &format!("/usr/lib/systemd/system/{unit}"),
            ],
        );
        let said = String::from_utf8_lossy(&verified.stderr).replace(
            // systemd-nspawn's own farewell, not the verifier's.
            "Attempted to remove disk file system under \"/run/systemd/nspawn/propagate/root\", and we can't allow that.",
            "",
        );
        assert!(
            verified.status.success() && said.trim().is_empty(),
            "{unit}: {said}"
        );
    }

    // The council's places, before the first start.
    let owner = |path: &str| {
        let out = in_root(&root, &["stat", "-c", "%U:%G %a", path]);
        text(&out).trim().to_owned()
    };
    assert_eq!(owner("/var/lib/kyhop"), "kyhop:kyhop 700");
    assert_eq!(owner("/var/lib/kyhop.counting-key"), "kyhop:kyhop 600");
    assert_eq!(owner("/var/backups/kyhop"), "kyhop:kyhop 700");
    assert_eq!(owner("/etc/kyhop/kyhop.toml"), "root:kyhop 640");
    // Enabled: the links (to paths inside the container) are there.
    for link in [
        "etc/systemd/system/multi-user.target.wants/kyhop.service",
        "etc/systemd/system/timers.target.wants/kyhop-backup.timer",
    ] {
        assert!(std::fs::symlink_metadata(root.join(link)).is_ok(), "{link}");
    }

    // Ports of this test, set the way an administrator overrides the file
    // (the environment wins over it).
    let (port, metrics) = (common::free_port(), common::free_port());
    let drop_in = root.join("etc/systemd/system/kyhop.service.d");
    std::fs::create_dir_all(&drop_in).unwrap();
    std::fs::write(
        drop_in.join("test.conf"),
        format!(
            "[Service]\nEnvironment=KYHOP_BIND=127.0.0.1:{port} KYHOP_METRICS_BIND=127.0.0.1:{metrics}\n"
        ),
    )
    .unwrap();

    let booted = Booted::boot(&root);
    assert_eq!(booted.property("kyhop.service", "ActiveState"), "active");
    assert!(
        healthy(port),
        "{}",
        booted.sh("journalctl -u kyhop --no-pager")
    );
    let ready = run(Command::new("curl").args(["-sf", &format!("http://127.0.0.1:{port}/readyz")]));
    assert!(text(&ready).contains("ready"));
    let scraped =
        run(Command::new("curl").args(["-sf", &format!("http://127.0.0.1:{metrics}/metrics")]));
    assert!(text(&scraped).contains("kyhop_build_info"));

    // Run as kyhop, behind its hardening: the process itself says so.
    assert_eq!(booted.property("kyhop.service", "User"), "kyhop");
    for (name, value) in [
        ("NoNewPrivileges", "yes"),
        ("ProtectSystem", "strict"),
        ("ProtectHome", "yes"),
        ("PrivateTmp", "yes"),
        ("ReadWritePaths", "/var/lib/kyhop"),
        ("Restart", "on-failure"),
    ] {
        assert_eq!(booted.property("kyhop.service", name), value, "{name}");
    }
    let server = text(&run(Command::new("pgrep").args([
        "-P",
        &booted.init.to_string(),
        "-x",
        "kyhop",
    ])))
    .trim()
    .to_owned();
    let status = std::fs::read_to_string(format!("/proc/{server}/status")).unwrap();
    assert!(status.contains("NoNewPrivs:\t1"), "{status}");
    let inside = |script: &str| {
        Command::new("nsenter")
            .args(["-t", &server, "-m", "sh", "-c", script])
            .output()
            .unwrap()
    };
    let refused = inside("touch /etc/kyhop/written");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Read-only file system"));
    assert!(
        inside("touch /var/lib/kyhop/written && rm /var/lib/kyhop/written")
            .status
            .success()
    );
    // The first admin's password, where the README says.
    assert_eq!(
        owner_in(&booted, "/var/lib/kyhop/initial-admin-password"),
        "kyhop:kyhop 600"
    );

    // A crash: systemd starts it again.
    booted.ok("systemctl kill --signal=KILL kyhop.service");
    let started = Instant::now();
    while booted.property("kyhop.service", "NRestarts") != "1" {
        assert!(started.elapsed() < Duration::from_secs(30), "not restarted");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(healthy(port));

    // The backup timer's service, run now.
    assert_eq!(
        booted.property("kyhop-backup.timer", "ActiveState"),
        "active"
    );
    booted.ok("systemctl start kyhop-backup.service");
    let backups = booted.ok("ls /var/backups/kyhop");
    assert!(
        backups.lines().any(|l| l.starts_with("kyhop-")),
        "{backups}"
    );
    let manifest = booted.ok("cat /var/backups/kyhop/kyhop-*/MANIFEST.json");
    assert!(manifest.contains("\"kind\": \"sqlite\""), "{manifest}");

    // An upgrade: a backup by the release replaced, then the new one runs.
    let before = booted.property("kyhop.service", "MainPID");
    let upgraded = booted.ok("dpkg -i /srv/kyhop-2.deb 2>&1");
    assert!(
        upgraded.contains("backing up to /var/backups/kyhop/before-upgrade-from-0.2.0~test-1"),
        "{upgraded}"
    );
    assert!(booted
        .ok("ls /var/backups/kyhop")
        .contains("before-upgrade-from-0.2.0~test-1"));
    assert!(healthy(port));
    assert_ne!(
        booted.property("kyhop.service", "MainPID"),
        before,
        "restarted"
    );
    assert_eq!(
        booted.ok("dpkg-query -W -f '${Version}' kyhop"),
        "0.2.0~test-2"
    );

    // Removed: stopped, the program gone, the council's data kept.
    booted.ok("dpkg -r kyhop");
    assert_eq!(booted.property("kyhop.service", "ActiveState"), "inactive");
    assert!(!booted
        .sh("test -e /usr/bin/kyhop && echo there")
        .contains("there"));
    assert!(booted.ok("ls /var/lib/kyhop").contains("kyhop.db"));
    assert!(
        booted.ok("ls /etc/kyhop").contains("kyhop.toml"),
        "a conffile stays until purge"
    );
    // Purged: the configuration goes; the data, its key and backups stay.
    booted.ok("dpkg --purge kyhop");
    assert!(!booted
        .sh("test -e /etc/kyhop/kyhop.toml && echo there")
        .contains("there"));
    assert!(booted.ok("ls /var/lib/kyhop").contains("kyhop.db"));
    booted.ok("test -e /var/lib/kyhop.counting-key && test -d /var/backups/kyhop");
    drop(booted);
}

fn owner_in(booted: &Booted, path: &str) -> String {
    booted
        .ok(&format!("stat -c '%U:%G %a' {path}"))
        .trim()
        .to_owned()
}
