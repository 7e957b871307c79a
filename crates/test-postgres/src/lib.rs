//! A throwaway PostgreSQL cluster for the tests: `initdb` in a temporary
//! directory, the server on a free loopback port, one fresh database per
//! test. Nothing is assumed of the machine but PostgreSQL's programs
//! (`scripts/setup.sh` installs them), and nothing outlives the test
//! process: a watchdog stops the server and removes its directory when the
//! process that started it is gone, however it ended.
//!
//! PostgreSQL refuses to run as root; as root (CI), the cluster runs as
//! `nobody`.

#![forbid(unsafe_code)]

use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The role the tests connect as (trusted on loopback, in this cluster only).
const USER: &str = "kyhop";

pub struct Cluster {
    port: u16,
    bin: PathBuf,
    /// Kept for the life of the process; the watchdog removes it.
    dir: PathBuf,
    as_root: bool,
    next_database: AtomicU32,
}

/// The cluster of this test process, started on first use.
pub fn cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(|| {
        Cluster::start().unwrap_or_else(|e| panic!("PostgreSQL for the tests: {e}"))
    })
}

/// The URL of a new, empty database in this process's cluster.
pub fn fresh_database() -> String {
    cluster().create_database()
}

impl Cluster {
    fn start() -> Result<Self, String> {
        let bin = bin_dir()?;
        let tmp = tempfile::Builder::new()
            .prefix("kyhop-pg-")
            .tempdir()
            .map_err(|e| format!("a temporary directory: {e}"))?;
        let dir = tmp.keep();
        let data = dir.join("data");
        let as_root = std::fs::metadata("/proc/self")
            .map(|m| m.uid() == 0)
            .unwrap_or(false);
        if as_root {
            std::os::unix::fs::chown(&dir, Some(NOBODY), Some(NOGROUP))
                .map_err(|e| format!("chown {}: {e}", dir.display()))?;
        }
        run(
            demoted(&bin.join("initdb"), as_root)
                .arg("-D")
                .arg(&data)
                .args([
                    "-U",
                    USER,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync",
                ]),
            "initdb",
        )?;
        let port = free_port()?;
        watch(&dir)?;
        let cluster = Cluster {
            port,
            bin,
            dir,
            as_root,
            next_database: AtomicU32::new(1),
        };
        cluster.launch()?;
        Ok(cluster)
    }

    /// Starts the server on the cluster's directory and port, and waits
    /// until it accepts connections.
    fn launch(&self) -> Result<(), String> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("server.log"))
            .map_err(|e| format!("the server's log: {e}"))?;
        if self.as_root {
            std::os::unix::fs::chown(self.dir.join("server.log"), Some(NOBODY), Some(NOGROUP))
                .map_err(|e| format!("chown the log: {e}"))?;
        }
        demoted(&self.bin.join("postgres"), self.as_root)
            .arg("-D")
            .arg(self.data_dir())
            .args(["-p", &self.port.to_string()])
            .args(["-c", "listen_addresses=127.0.0.1"])
            .arg("-c")
            .arg(format!("unix_socket_directories={}", self.dir.display()))
            // Tests only: a crash of this throwaway cluster loses nothing.
            .args(["-c", "fsync=off", "-c", "full_page_writes=off"])
            .args(["-c", "max_connections=300"])
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("postgres: {e}"))?;
        self.wait_ready()
    }

    /// Stops the server (fast shutdown: open connections are cut, as when
    /// the database machine goes away) and waits until it is gone.
    pub fn stop(&self) {
        let pid = self.postmaster().expect("the server is running");
        let _ = Command::new("kill")
            .args(["-INT", &pid.to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::path::Path::new(&format!("/proc/{pid}")).exists() && is_running(pid) {
            assert!(
                Instant::now() < deadline,
                "the server did not stop within 30 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Starts the server again after [`Cluster::stop`], on the same port.
    pub fn restart(&self) {
        self.launch()
            .unwrap_or_else(|e| panic!("restarting PostgreSQL: {e}"));
    }

    /// The server's process, from its pid file.
    fn postmaster(&self) -> Option<u32> {
        std::fs::read_to_string(self.data_dir().join("postmaster.pid"))
            .ok()?
            .lines()
            .next()?
            .trim()
            .parse()
            .ok()
    }

    /// The cluster's data directory: every table, index and write-ahead
    /// log segment of its databases (what a copy of the disk holds).
    pub fn data_dir(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// One of PostgreSQL's programs of the cluster's version (`pg_waldump`).
    pub fn program(&self, name: &str) -> PathBuf {
        self.bin.join(name)
    }

    /// The port the server listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The URL of database `name` in this cluster.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://{USER}@127.0.0.1:{}/{name}", self.port)
    }

    /// Creates a new, empty database and returns its URL.
    pub fn create_database(&self) -> String {
        let n = self.next_database.fetch_add(1, Ordering::Relaxed);
        let name = format!("kyhop_{}_{n}", std::process::id());
        run(
            Command::new(self.bin.join("createdb"))
                .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", USER])
                .arg(&name),
            "createdb",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        self.url(&name)
    }

    fn wait_ready(&self) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let ready = Command::new(self.bin.join("pg_isready"))
                .args([
                    "-h",
                    "127.0.0.1",
                    "-p",
                    &self.port.to_string(),
                    "-U",
                    USER,
                    "-q",
                ])
                .status()
                .map_err(|e| format!("pg_isready: {e}"))?;
            if ready.success() {
                return Ok(());
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
                return Err(format!("the server did not start within a minute:\n{log}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

const NOBODY: u32 = 65534;
const NOGROUP: u32 = 65534;

/// `program`, run as `nobody` when the tests run as root.
fn demoted(program: &Path, as_root: bool) -> Command {
    if as_root {
        let mut c = Command::new("setpriv");
        c.args([
            &format!("--reuid={NOBODY}"),
            &format!("--regid={NOGROUP}"),
            "--clear-groups",
            "--",
        ])
        .arg(program);
        c
    } else {
        Command::new(program)
    }
}

/// The programs the cluster needs.
const PROGRAMS: [&str; 4] = ["initdb", "postgres", "createdb", "pg_isready"];

/// PostgreSQL's programs: Debian's `/usr/lib/postgresql/<version>/bin`
/// (the newest), else a directory on the PATH that has them all.
fn bin_dir() -> Result<PathBuf, String> {
    let has_all = |dir: &Path| PROGRAMS.iter().all(|p| dir.join(p).is_file());
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            Some((version, e.path().join("bin")))
        })
        .filter(|(_, bin)| has_all(bin))
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Ok(bin);
    }
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).find(|p| has_all(p)))
        .ok_or_else(|| {
            format!(
                "PostgreSQL's {} were not found (scripts/setup.sh installs postgresql-15)",
                PROGRAMS.join(", ")
            )
        })
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("a free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("a free port: {e}"))
}

fn run(command: &mut Command, what: &str) -> Result<(), String> {
    let out = command.output().map_err(|e| format!("{what}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Starts the watchdog: a shell that waits for this process to end, then
/// stops the server (fast shutdown; the pid from its pid file, so that a
/// restarted server is stopped too), waits for it and removes `dir`.
fn watch(dir: &Path) -> Result<(), String> {
    let script = format!(
        "while kill -0 {me} 2>/dev/null; do sleep 0.5; done; \
         pid=$(head -n 1 '{dir}/data/postmaster.pid' 2>/dev/null); \
         if [ -n \"$pid\" ]; then kill -INT \"$pid\" 2>/dev/null; \
           for _ in $(seq 1 100); do kill -0 \"$pid\" 2>/dev/null || break; sleep 0.1; done; \
           kill -KILL \"$pid\" 2>/dev/null; fi; \
         rm -rf '{dir}'",
        me = std::process::id(),
        dir = dir.display(),
    );
    Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(|_| ())
        .map_err(|e| format!("the cluster's watchdog: {e}"))
}

/// Whether process `pid` is alive (a zombie — exited, not yet reaped by
/// this process, its parent — is not).
fn is_running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            stat.rsplit(')')
                .next()
                .map(|rest| !rest.trim_start().starts_with('Z'))
        })
        .unwrap_or(false)
}
