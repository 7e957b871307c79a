//! The counting key file: 32 random bytes, owner-only, outside the data
//! directory, that seals every secret poll's private key. A copy of the
//! data directory (or a backup of it) without this file cannot open any
//! ballot; the file alone holds no ballot.
//!
//! The file is read each time a secret poll opens or closes, so that a
//! missing, unreadable or wrong file is reported to the chair as
//! `counting_key_unavailable` / `counting_key_wrong` and changes nothing,
//! and a restored file works again without a restart.

use std::path::{Path, PathBuf};

use anyhow::Context;
use kyhop_store::secret_count::CountingKey;
use kyhop_store::Store;

use crate::private_file::create_once;

/// Where the key lives when not named: beside the data directory, never in
/// it (`/var/lib/kyhop` → `/var/lib/kyhop.counting-key`).
pub fn default_path(data_dir: &Path) -> PathBuf {
    let mut name = data_dir
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "kyhop-data".into());
    name.push(".counting-key");
    data_dir.with_file_name(name)
}

/// Reads the key, or says in the log why it cannot (never the key itself).
pub fn load(path: Option<&Path>) -> Option<CountingKey> {
    let Some(path) = path else {
        tracing::error!("no counting key is configured (--counting-key)");
        return None;
    };
    match read(path) {
        Ok(key) => Some(key),
        Err(e) => {
            tracing::error!(path = %path.display(), error = %format!("{e:#}"), "the counting key cannot be used");
            None
        }
    }
}

fn read(path: &Path) -> anyhow::Result<CountingKey> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .with_context(|| format!("reading {}", path.display()))?
            .permissions()
            .mode();
        anyhow::ensure!(
            mode & 0o077 == 0,
            "its permissions ({:o}) let others read it; chmod 600 it",
            mode & 0o777
        );
    }
    let text = zeroize::Zeroizing::new(
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?,
    );
    Ok(CountingKey::from_file_text(&text)?)
}

/// Makes a new key at `path` unless one is there; whether it made it.
/// Instances starting together with the key on a shared mount: the first
/// made is everyone's.
pub fn make(path: &Path) -> anyhow::Result<bool> {
    let key = CountingKey::generate();
    let made = create_once(path, key.file_text().as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    if made {
        tracing::info!(path = %path.display(), key_id = %key.id(), "made a new counting key");
    }
    Ok(made)
}

/// At start: refuses a key inside the data directory, and makes a new key
/// when there is none and no secret poll waits for an earlier one. A
/// missing key that open polls were sealed under is not replaced (that
/// would make them uncountable): the chair is told at their close.
pub async fn prepare(path: &Path, data_dir: &Path, store: &dyn Store) -> anyhow::Result<()> {
    let data_dir = data_dir
        .canonicalize()
        .with_context(|| format!("finding {}", data_dir.display()))?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let parent = parent
        .canonicalize()
        .with_context(|| format!("the counting key's directory {}", parent.display()))?;
    anyhow::ensure!(
        !parent.starts_with(&data_dir),
        "the counting key {} must not be inside the data directory {}: a copy of the data directory would then open every secret ballot",
        path.display(),
        data_dir.display()
    );
    if path.exists() {
        return Ok(());
    }
    let pending = store.pending_counting_keys().await?;
    if !pending.is_empty() {
        tracing::error!(
            path = %path.display(),
            polls_sealed_under = %pending.join(", "),
            "the counting key file is missing while secret polls wait to be counted; restore it from its backup"
        );
        return Ok(());
    }
    if !make(path)? {
        return Ok(());
    }
    println!(
        "KyHop counting key: {} (made now; back it up apart from the data directory)",
        path.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::private_file::write_private;

    #[test]
    fn the_default_key_sits_beside_the_data_directory() {
        assert_eq!(
            default_path(Path::new("/var/lib/kyhop")),
            PathBuf::from("/var/lib/kyhop.counting-key")
        );
        assert_eq!(
            default_path(Path::new("kyhop-data")),
            PathBuf::from("kyhop-data.counting-key")
        );
    }

    #[test]
    fn a_key_others_can_read_or_that_is_not_a_key_is_not_used() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("counting.key");
        assert!(load(Some(&path)).is_none(), "missing");
        write_private(&path, CountingKey::generate().file_text().as_bytes()).unwrap();
        assert!(load(Some(&path)).is_some());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(load(Some(&path)).is_none(), "readable by others");
        write_private(&path, "not a key\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(load(Some(&path)).is_none(), "not a key");
        assert!(load(None).is_none());
    }
}
