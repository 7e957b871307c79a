//! What the gateway keeps on disk (the offline packet's confidential PDFs,
//! private notes in kept answers, the settings, a host's council database)
//! is for this account only: directories 0700 and files 0600 on Unix,
//! whatever the umask. Directories made by an older version are tightened
//! when they are opened again.

use std::io;
use std::path::Path;

pub use kyhop_server::private_file::{create_dir, write_file as write_file_sync};

/// `create_dir` off the async workers.
pub async fn create_dir_async(path: &Path) -> io::Result<()> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || create_dir(&path))
        .await
        .map_err(io::Error::other)?
}

/// Opens `path` for writing from the start, owner-only (a file left there
/// by an older version is made so too).
pub async fn create_file(path: &Path) -> io::Result<tokio::fs::File> {
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(0o600);
    let file = options.open(path).await?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .await?;
    }
    Ok(file)
}

/// Writes `bytes` to `path`, owner-only.
pub async fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let mut file = create_file(path).await?;
    file.write_all(bytes).await?;
    file.flush().await
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[tokio::test]
    async fn owner_only_whatever_was_there_before() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b");
        create_dir_async(&dir).await.unwrap();
        assert_eq!((mode(&tmp.path().join("a")), mode(&dir)), (0o700, 0o700));
        let file = dir.join("f");
        std::fs::write(&file, b"old").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_file(&file, b"new").await.unwrap();
        assert_eq!(mode(&file), 0o600);
        assert_eq!(std::fs::read(&file).unwrap(), b"new");
    }
}
