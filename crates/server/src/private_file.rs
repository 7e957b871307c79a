//! Files that hold secrets: passwords, keys, the host's TLS identity.

use std::path::Path;

use anyhow::Context;

/// From now on, every file and directory this process makes is readable by
/// its owner only (umask 077): the database and its log, the blobs
/// (confidential documents), the offline store, temporary files.
pub fn owner_only() {
    #[cfg(unix)]
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
}

/// Refuses a data directory (or its database) that belongs to another
/// user than the one running: the server would fail later on a file it
/// cannot write, or, run as root, leave files the service cannot read.
pub fn check_owner(dir: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let me = rustix::process::geteuid().as_raw();
        for path in [dir.to_path_buf(), dir.join("kyhop.db")] {
            let Ok(meta) = std::fs::metadata(&path) else {
                continue; // made by this process, as this user
            };
            if meta.uid() != me {
                anyhow::bail!(
                    "{} belongs to {} but KyHop runs as {}: run it as that user \
                     (the service runs as kyhop), or give the data to this one (chown -R)",
                    path.display(),
                    user_name(meta.uid()),
                    user_name(me)
                );
            }
        }
    }
    Ok(())
}

/// "kyhop (uid 101)", from /etc/passwd when it names the uid.
#[cfg(unix)]
fn user_name(uid: u32) -> String {
    let name = std::fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|text| {
            text.lines().find_map(|line| {
                let mut fields = line.split(':');
                let name = fields.next()?;
                (fields.nth(1)?.parse::<u32>().ok()? == uid).then(|| name.to_owned())
            })
        });
    match name {
        Some(name) => format!("{name} (uid {uid})"),
        None => format!("uid {uid}"),
    }
}

/// Makes `dir` (and its parents) if needed, and makes it the owner's only
/// (0700), whoever made it before.
pub fn private_dir(dir: &Path) -> anyhow::Result<()> {
    create_dir(dir).with_context(|| format!("creating {} for its owner only", dir.display()))
}

/// Writes a file that only its owner can read (mode 0600 on Unix).
pub fn write_private(path: &Path, contents: impl AsRef<[u8]>) -> anyhow::Result<()> {
    write_file(path, contents.as_ref()).with_context(|| format!("writing {}", path.display()))
}

/// Creates `path` and any missing parents, owner-only (0700 on Unix), and
/// makes `path` itself owner-only if it already was there (made by an older
/// version, or by hand).
pub fn create_dir(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(path)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    builder.create(path)
}

/// Writes `bytes` to `path` and syncs them, owner-only (0600 on Unix; a
/// file that was there is made so too).
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)?;
    file.sync_all()
}

/// Writes `bytes` to `path`, owner-only, unless a file is there already —
/// also one that another process (another instance on a shared data
/// directory) made at the same moment: the file appears whole, or not at
/// all (written aside, then linked in place, which never replaces).
/// Whether this call made it.
pub fn create_once(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    let aside = path.with_file_name(format!(
        ".{}.{:016x}.new",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        rand::random::<u64>()
    ));
    write_file(&aside, bytes)?;
    let linked = std::fs::hard_link(&aside, path);
    let _ = std::fs::remove_file(&aside);
    match linked {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn of_many_made_at_once_one_file_is_kept_whole() {
        let tmp = tempfile::tempdir().unwrap();
        for round in 0..20 {
            let path = tmp.path().join(format!("key-{round}"));
            let barrier = std::sync::Barrier::new(4);
            let made: Vec<bool> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..4u8)
                    .map(|i| {
                        let (path, barrier) = (&path, &barrier);
                        s.spawn(move || {
                            barrier.wait();
                            create_once(path, &[i; 4096]).unwrap()
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            assert_eq!(made.iter().filter(|m| **m).count(), 1, "{made:?}");
            let kept = std::fs::read(&path).unwrap();
            assert_eq!(kept.len(), 4096);
            assert!(kept.iter().all(|b| *b == kept[0]), "one writer's bytes");
            assert_eq!(mode(&path), 0o600);
        }
        let left = std::fs::read_dir(tmp.path()).unwrap().count();
        assert_eq!(left, 20, "nothing left aside");
    }

    #[test]
    fn owner_only_whatever_was_there_before() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b");
        private_dir(&dir).unwrap();
        assert_eq!((mode(&tmp.path().join("a")), mode(&dir)), (0o700, 0o700));
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);

        let file = dir.join("f");
        std::fs::write(&file, b"old").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&file, b"new").unwrap();
        assert_eq!(mode(&file), 0o600);
        assert_eq!(std::fs::read(&file).unwrap(), b"new");
    }
}
