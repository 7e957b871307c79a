//! What the desktop app remembers between runs, in its app-data directory:
//! the mode and the host it is paired with (`desktop.json`), and the
//! sign-in token (in the desktop's keyring, else `secrets.json`, readable by
//! the owner only: see `vault`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::vault::{SecretPlace, Vault};
use super::GatewayError;

const SETTINGS_FILE: &str = "desktop.json";
const SECRETS_FILE: &str = "secrets.json";

/// The host this laptop talks to: its URL and the certificate it pinned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairedHost {
    /// `https://ADDR:PORT` (or `http://` for a host on this machine without TLS).
    pub url: String,
    /// SHA-256 of the host's certificate, lowercase hex; `None` for plain HTTP.
    pub fingerprint: Option<String>,
}

/// How this app runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Mode {
    /// First run: nothing chosen yet.
    #[default]
    Setup,
    /// A delegate's laptop, paired with a host.
    Delegate { host: PairedHost },
    /// This machine runs the chamber server, on `bind`.
    Host { bind: std::net::SocketAddr },
}

/// The sign-in held for the web UI. The UI itself only ever sees
/// `local_token`, which means something to this gateway alone: the real
/// token stays out of the web view's storage.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct Secrets {
    pub token: Option<String>,
    pub local_token: Option<String>,
}

impl Secrets {
    /// Signed out: neither token.
    pub fn is_empty(&self) -> bool {
        self.token.is_none() && self.local_token.is_none()
    }
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secrets")
            .field("token", &self.token.as_ref().map(|_| "<secret>"))
            .finish_non_exhaustive()
    }
}

/// The app-data directory and what is kept in it.
#[derive(Debug, Clone)]
pub struct AppDir {
    root: PathBuf,
    vault: Arc<Vault>,
}

impl AppDir {
    /// The app-data directory `root`, keeping the sign-in in the private
    /// file only.
    pub fn open(root: &Path) -> Result<Self, GatewayError> {
        Self::open_with(root, SecretPlace::File)
    }

    /// The app-data directory `root`; with `SecretPlace::Keyring` the
    /// sign-in goes to the desktop's keyring where there is one (this
    /// blocks on it: call it off the async workers).
    pub fn open_with(root: &Path, secrets: SecretPlace) -> Result<Self, GatewayError> {
        super::private_fs::create_dir(root).map_err(|e| GatewayError::disk(root, e))?;
        Ok(Self {
            root: root.to_owned(),
            vault: Vault::open(root, root.join(SECRETS_FILE), secrets),
        })
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The settings, or the first-run ones when none were saved (or the file
    /// cannot be read: a damaged settings file means setting up again, not
    /// an app that never starts).
    pub fn mode(&self) -> Mode {
        read_json(&self.root.join(SETTINGS_FILE)).unwrap_or_default()
    }

    pub fn save_mode(&self, mode: &Mode) -> Result<(), GatewayError> {
        write_json(&self.root.join(SETTINGS_FILE), mode)
    }

    pub fn secrets(&self) -> Secrets {
        self.vault.load()
    }

    pub fn save_secrets(&self, secrets: &Secrets) -> Result<SecretPlace, GatewayError> {
        self.vault.save(secrets)
    }

    /// `save_secrets` off the async workers: a keyring may take its time
    /// (a locked one asks the person to unlock it).
    pub async fn keep_secrets(&self, secrets: Secrets) -> Result<SecretPlace, GatewayError> {
        let app = self.clone();
        tokio::task::spawn_blocking(move || app.save_secrets(&secrets))
            .await
            .map_err(|e| GatewayError::Internal(e.into()))?
    }

    /// Where the sign-in is kept: the desktop's keyring or the private file.
    pub fn secret_place(&self) -> SecretPlace {
        self.vault.place()
    }
}

pub(super) fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Option<T> {
    let bytes = std::fs::read(path).ok()?;
    match serde_json::from_slice(&bytes) {
        Ok(value) => Some(value),
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "ignoring an unreadable settings file");
            None
        }
    }
}

/// Writes whole or not at all (temporary file, then rename), so a crash or
/// a full disk never leaves half a settings file; readable by the owner
/// only.
pub(super) fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), GatewayError> {
    let bytes = serde_json::to_vec_pretty(value).map_err(|e| GatewayError::Internal(e.into()))?;
    let partial = path.with_extension("json.part");
    super::private_fs::write_file_sync(&partial, &bytes)
        .map_err(|e| GatewayError::disk(&partial, e))?;
    std::fs::rename(&partial, path).map_err(|e| GatewayError::disk(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_damage_means_setup() {
        let dir = tempfile::tempdir().unwrap();
        let app = AppDir::open(dir.path()).unwrap();
        assert_eq!(app.mode(), Mode::Setup);
        let mode = Mode::Delegate {
            host: PairedHost {
                url: "https://10.0.0.5:8443".into(),
                fingerprint: Some("ab".repeat(32)),
            },
        };
        app.save_mode(&mode).unwrap();
        assert_eq!(app.mode(), mode);
        std::fs::write(dir.path().join(SETTINGS_FILE), b"{not json").unwrap();
        assert_eq!(app.mode(), Mode::Setup);
    }

    #[cfg(unix)]
    #[test]
    fn secrets_are_readable_by_the_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let app = AppDir::open(dir.path()).unwrap();
        app.save_secrets(&Secrets {
            token: Some("t".into()),
            local_token: Some("l".into()),
        })
        .unwrap();
        let mode = std::fs::metadata(dir.path().join(SECRETS_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(app.secrets().token.as_deref(), Some("t"));
        assert!(!format!("{:?}", app.secrets()).contains("\"t\""));
    }
}
