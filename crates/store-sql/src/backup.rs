//! Consistent copies of a council's database while it is served, for
//! `kyhop backup`, and the files a copy refers to.
//!
//! SQLite: the online backup API in one step, a single read transaction
//! over the file, so writers go on committing to the write-ahead log while
//! the pages are copied (a step-by-step copy restarts each time another
//! connection writes, and under a session's ballots never ends).
//! PostgreSQL: `pg_dump` inside a snapshot this module exports, in which
//! the referenced files are listed too, so list and dump are of one moment.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use kyhop_domain::ChainAnchor;
use sqlx::Connection;

/// Every column naming a file of the blob store, as one query both
/// databases read: document versions, readers' watermarked copies, issued
/// resolutions, the council's seal and signature images.
const REFERENCED_BLOBS: &str = "SELECT sha256 FROM document_versions \
     UNION SELECT sha256 FROM reader_copies \
     UNION SELECT pdf_sha256 FROM resolutions WHERE pdf_sha256 IS NOT NULL \
     UNION SELECT sha256 FROM signature_images \
     ORDER BY 1";

/// Each stream's last event, as both databases read it.
const HEADS: &str = "SELECT e.stream, e.seq, e.hash FROM events e \
     JOIN (SELECT stream, MAX(seq) AS seq FROM events GROUP BY stream) h \
       ON h.stream = e.stream AND h.seq = e.seq \
     ORDER BY e.stream";

/// How long the copy waits, in all, while another connection holds the
/// file locked (a checkpoint or a migration): then it gives up.
const LOCKED_FOR_AT_MOST: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("SQLite: {0}")]
    Sqlite(rusqlite::Error),
    /// SQLite's own word for ENOSPC: said as the operating system says it.
    #[error("No space left on device")]
    DiskFull,
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] sqlx::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("the database stayed locked for {} s", LOCKED_FOR_AT_MOST.as_secs())]
    Locked,
    #[error("{0}")]
    Tool(String),
}

impl From<rusqlite::Error> for BackupError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => BackupError::DiskFull,
            _ => BackupError::Sqlite(e),
        }
    }
}

/// What a copy of the database holds, read from the copy itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The schema migration it is at.
    pub schema: i64,
    /// SHA-256 of every file of the blob store it refers to, sorted.
    pub blobs: Vec<String>,
    /// Each event stream's last event, by stream.
    pub heads: Vec<ChainAnchor>,
}

/// The path of a `sqlite://` URL's file.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let path = rest.trim_start_matches("//").split('?').next()?;
    (!path.is_empty()).then(|| PathBuf::from(path))
}

/// Copies the SQLite database at `source` into the new file `target`
/// (created owner-only; it must not exist) as one consistent snapshot, and
/// makes the copy a file of its own (no write-ahead log beside it). The
/// copy is not synced to disk: the caller syncs it with everything else it
/// wrote. Blocking: run it on a blocking thread.
pub fn sqlite_copy(source: &Path, target: &Path) -> Result<Snapshot, BackupError> {
    use rusqlite::backup::{Backup, StepResult};
    use rusqlite::OpenFlags;

    // Never a new, empty database where the source was mistyped.
    let src = rusqlite::Connection::open_with_flags(
        source,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    src.busy_timeout(Duration::from_secs(10))?;
    {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(target)?;
    }
    let mut dst = rusqlite::Connection::open(target)?;
    // No journal and no sync while the copy is made: SQLite synced it
    // transaction by transaction (8 syncs for a 2 MB copy, each a wait for
    // the disk of up to 126 ms on a shared one). The copy goes to disk
    // once, whole, when the backup syncs everything it wrote before its
    // manifest; a copy cut short is thrown away with its staging directory.
    dst.pragma_update(None, "journal_mode", "OFF")?;
    dst.pragma_update(None, "synchronous", "OFF")?;
    {
        let backup = Backup::new(&src, &mut dst)?;
        let mut waited = Duration::ZERO;
        loop {
            // All pages in one step: one read transaction, never restarted.
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => {}
                StepResult::Busy | StepResult::Locked => {
                    if waited >= LOCKED_FOR_AT_MOST {
                        return Err(BackupError::Locked);
                    }
                    std::thread::sleep(Duration::from_millis(50));
                    waited += Duration::from_millis(50);
                }
                _ => {}
            }
        }
    }
    drop(src);
    // The copy carries the source's journal mode (WAL): make it one file.
    dst.pragma_update(None, "journal_mode", "DELETE")?;
    let snapshot = read_snapshot(&dst)?;
    dst.close().map_err(|(_, e)| e)?;
    Ok(snapshot)
}

/// What the SQLite copy at `path` holds, after checking that every page of
/// it is sound (a restore from a damaged copy is refused).
pub fn sqlite_check(path: &Path) -> Result<Snapshot, BackupError> {
    use rusqlite::OpenFlags;
    let db = rusqlite::Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let verdict: String = db.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
    if verdict != "ok" {
        return Err(BackupError::Tool(format!(
            "{} is damaged: {verdict}",
            path.display()
        )));
    }
    read_snapshot(&db)
}

fn read_snapshot(db: &rusqlite::Connection) -> Result<Snapshot, BackupError> {
    let schema = db.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations",
        [],
        |r| r.get(0),
    )?;
    let mut query = db.prepare(REFERENCED_BLOBS)?;
    let blobs = query
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut query = db.prepare(HEADS)?;
    let heads = query
        .query_map([], |r| {
            Ok(ChainAnchor {
                stream: r.get(0)?,
                seq: r.get(1)?,
                hash: r.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Snapshot {
        schema,
        blobs,
        heads,
    })
}

/// A PostgreSQL URL as `pg_dump` and `pg_restore` take it: the password
/// apart, for their environment (never their command line, which any
/// local user may read), and sqlx's own parameters left out.
struct PgTarget {
    dbname: String,
    password: Option<String>,
}

fn pg_target(url: &str) -> Result<PgTarget, BackupError> {
    let mut parsed =
        url::Url::parse(url).map_err(|e| BackupError::Tool(format!("the database URL: {e}")))?;
    let password = parsed.password().map(|p| {
        percent_encoding::percent_decode_str(p)
            .decode_utf8_lossy()
            .into_owned()
    });
    let _ = parsed.set_password(None);
    // libpq refuses parameters it does not know (sqlx's statement cache…).
    let kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, _)| matches!(k.as_ref(), "sslmode" | "sslrootcert" | "host" | "port"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    parsed.set_query(None);
    if !kept.is_empty() {
        parsed.query_pairs_mut().extend_pairs(kept);
    }
    Ok(PgTarget {
        dbname: parsed.to_string(),
        password,
    })
}

/// Dumps the PostgreSQL database at `url` into the new file `target`
/// (owner-only) with `pg_dump`'s custom format, inside a snapshot exported
/// here: the files referred to are listed in that same snapshot.
pub async fn postgres_dump(url: &str, target: &Path) -> Result<Snapshot, BackupError> {
    let mut conn = sqlx::PgConnection::connect(url).await?;
    sqlx::query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut conn)
        .await?;
    let snapshot_id: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
        .fetch_one(&mut conn)
        .await?;
    let schema: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await?;
    let blobs: Vec<String> = sqlx::query_scalar(REFERENCED_BLOBS)
        .fetch_all(&mut conn)
        .await?;
    let heads = sqlx::query_as::<_, (String, i64, String)>(HEADS)
        .fetch_all(&mut conn)
        .await?
        .into_iter()
        .map(|(stream, seq, hash)| ChainAnchor { stream, seq, hash })
        .collect();
    {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(target)?;
    }
    let pg = pg_target(url)?;
    let mut dump = tokio::process::Command::new("pg_dump");
    dump.arg("--format=custom")
        .arg("--no-password")
        .arg(format!("--snapshot={snapshot_id}"))
        .arg("--file")
        .arg(target)
        .arg("--dbname")
        .arg(&pg.dbname);
    let outcome = run_tool(dump, pg.password.as_deref(), "pg_dump").await;
    // The snapshot lives as long as the transaction that exported it.
    let _ = sqlx::query("COMMIT").execute(&mut conn).await;
    let _ = conn.close().await;
    outcome?;
    std::fs::File::open(target)?.sync_all()?;
    Ok(Snapshot {
        schema,
        blobs,
        heads,
    })
}

/// Restores a dump made by [`postgres_dump`] into the empty database at
/// `url`, in one transaction: all of it or nothing.
pub async fn postgres_restore(dump: &Path, url: &str) -> Result<(), BackupError> {
    let pg = pg_target(url)?;
    let mut restore = tokio::process::Command::new("pg_restore");
    restore
        .args([
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            "--no-password",
        ])
        .arg("--dbname")
        .arg(&pg.dbname)
        .arg(dump);
    run_tool(restore, pg.password.as_deref(), "pg_restore").await
}

/// What `pg_restore --list` reads in a dump: refuses one that is cut short
/// or not a dump at all.
pub async fn postgres_check(dump: &Path) -> Result<(), BackupError> {
    let mut list = tokio::process::Command::new("pg_restore");
    list.arg("--list").arg(dump);
    run_tool(list, None, "pg_restore --list").await
}

async fn run_tool(
    mut command: tokio::process::Command,
    password: Option<&str>,
    name: &str,
) -> Result<(), BackupError> {
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    let out = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|e| {
            BackupError::Tool(format!(
                "cannot run {name} ({e}): install PostgreSQL's client tools (Debian: postgresql-client)"
            ))
        })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(BackupError::Tool(format!(
            "{name} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_goes_apart_and_sqlx_parameters_are_dropped() {
        let pg = pg_target(
            "postgres://kyhop:p%40ss+w@db.example:5433/council?sslmode=require&statement-cache-capacity=0",
        )
        .unwrap();
        assert_eq!(pg.password.as_deref(), Some("p@ss+w"));
        assert_eq!(
            pg.dbname,
            "postgres://kyhop@db.example:5433/council?sslmode=require"
        );
        let pg = pg_target("postgres://kyhop@%2Frun%2Fpostgresql/council").unwrap();
        assert_eq!(pg.password, None);
    }

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(
            sqlite_path("sqlite:///var/lib/kyhop/kyhop.db?mode=rwc"),
            Some(PathBuf::from("/var/lib/kyhop/kyhop.db"))
        );
        assert_eq!(
            sqlite_path("sqlite://kyhop-data/kyhop.db"),
            Some(PathBuf::from("kyhop-data/kyhop.db"))
        );
        assert_eq!(sqlite_path("postgres://x/y"), None);
    }
}
