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

/// Makes `dir` (and its parents) if needed, and makes it the owner's only
/// (0700), whoever made it before.
pub fn private_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("making {} private", dir.display()))?;
    }
    Ok(())
}

/// Writes a file that only its owner can read (mode 0600 on Unix).
pub fn write_private(path: &Path, contents: impl AsRef<[u8]>) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    file.write_all(contents.as_ref())?;
    file.sync_all()?;
    Ok(())
}
