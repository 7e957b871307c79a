//! Files that hold secrets: passwords, keys, the host's TLS identity.

use std::path::Path;

use anyhow::Context;

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
